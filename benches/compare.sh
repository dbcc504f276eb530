#!/usr/bin/env bash
# Check speed side by side: credlint against ruff (S105/S106/S107), kingfisher,
# Betterleaks and detect-secrets, on the same two trees, in the same run.
#
#   bash benches/compare.sh [RUNS] [TOOLS]
#
# TOOLS is a comma-separated subset of credlint,ruff,kingfisher,betterleaks,
# detect-secrets (default: all; detect-secrets takes minutes a run).
#
# Trees, both copied to a RAM-backed folder so that no tool measures the disk:
# - stdlib: the CPython standard library of the python3 on PATH, without
#   site-packages, caches and compiled extensions;
# - crates: the crates pinned by benches/corpus/Cargo.lock (tokio, reqwest,
#   axum, sqlx, clap, regex, serde_json, tonic, diesel and their dependencies),
#   unpacked once with `cargo vendor` into the cache folder.
# The peers are installed once, at pinned versions, into a virtualenv in the
# cache folder ($CREDLINT_BENCH_CACHE, default ~/.cache/credlint-bench): the
# only step that uses the network, with the crates' download.
#
# Each round runs every tool once, in turn, so a slower machine moment costs
# every tool alike; RUNS rounds (default 3) on 2 cores, then one on a single
# core (`taskset -c 0`). Per tool and tree it prints the median wall and CPU
# seconds, the highest peak memory, MB/s over the files the tool reads, its
# findings (one more run, with a JSON report), and credlint's wall time as a
# ratio of the tool's. No tool validates a finding against a provider.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
runs=${1:-3}
tools=${2:-credlint,ruff,kingfisher,betterleaks,detect-secrets}
cache=${CREDLINT_BENCH_CACHE:-$HOME/.cache/credlint-bench}
work=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$cache"

cargo build --release --quiet
credlint=$PWD/target/release/credlint

peers=$cache/peers
ensure_peers "$peers" ruff betterleaks kingfisher detect-secrets

if [ ! -d "$cache/crates" ]; then
  cargo vendor --locked --manifest-path benches/corpus/Cargo.toml "$cache/crates.partial" >/dev/null
  mv "$cache/crates.partial" "$cache/crates"
fi

stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
mkdir -p "$work/stdlib" "$work/crates"
(cd "$stdlib" && tar cf - --exclude=site-packages --exclude=__pycache__ --exclude='config-*' \
  --exclude=lib-dynload .) | (cd "$work/stdlib" && tar xf -)
cp -r "$cache/crates/." "$work/crates/"

# Sets `cmd` to the command line of TOOL, scanning the current folder; with
# REPORT=yes its JSON report goes to $work/out.json (detect-secrets: stdout).
set_command() {
  local tool=$1 report=$2
  case $tool in
    credlint) cmd=("$credlint" check --isolated --exit-zero)
      if [ "$report" = yes ]; then cmd+=(--format json --output "$work/out.json"); fi ;;
    ruff) cmd=("$peers/bin/ruff" check --no-cache --isolated --exit-zero --select S105,S106,S107)
      if [ "$report" = yes ]; then cmd+=(--output-format json --output-file "$work/out.json"); fi ;;
    kingfisher) cmd=("$peers/bin/kingfisher" scan . --no-validate --no-update-check --quiet
      --git-history none --format json --output "$work/out.json") ;;
    betterleaks) cmd=("$peers/bin/betterleaks" fs . --no-banner --no-color --log-level error
      --redact --exit-code 0 --output "$work/out.json") ;;
    detect-secrets) cmd=("$peers/bin/detect-secrets" scan --all-files -n .) ;;
  esac
}

# Appends "tool tree cores wall cpu peak_kib" for one run.
run_once() {
  local tool=$1 tree=$2 cores=$3 pin=()
  [ "$cores" = 1 ] && pin=(taskset -c 0)
  set_command "$tool" no
  ( cd "$work/$tree" && /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
      "${pin[@]}" "${cmd[@]}" >/dev/null 2>&1 ) || true
  # A tool that exits non-zero gets a line saying so before the figures.
  tail -1 "$work/time" | awk -v t="$tool" -v r="$tree" -v c="$cores" \
    '{ printf "%s %s %s %s %.2f %s\n", t, r, c, $1, $2 + $3, $4 }' >>"$work/runs"
}

# "wall cpu peak_kib": the median run's times and the highest peak.
median() {
  awk -v t="$1" -v r="$2" -v c="$3" '$1 == t && $2 == r && $3 == c' "$work/runs" | sort -k4 -n |
    awk '{ w[NR] = $4; u[NR] = $5; if ($6 > m) m = $6 } END { i = int((NR + 1) / 2); print w[i], u[i], m }'
}

: >"$work/runs"
IFS=, read -r -a list <<<"$tools"
for tree in stdlib crates; do
  for _ in $(seq "$runs"); do
    for tool in "${list[@]}"; do run_once "$tool" "$tree" 2; done
  done
  for tool in "${list[@]}"; do run_once "$tool" "$tree" 1; done
  for tool in "${list[@]}"; do
    rm -f "$work/out.json"
    set_command "$tool" yes
    if [ "$tool" = detect-secrets ]; then
      (cd "$work/$tree" && "${cmd[@]}" >"$work/out.json" 2>/dev/null) || true
    else
      (cd "$work/$tree" && "${cmd[@]}" >/dev/null 2>&1) || true
    fi
    echo "$tool $tree $(count_findings "$work/out.json")" >>"$work/findings"
  done
done

# Bytes and files each tool reads: ruff only Python files; the rest every file.
size() {
  local pattern='*'
  [ "$2" = ruff ] && pattern='*.py'
  find "$work/$1" -type f -name "$pattern" -printf '%s\n' | awk '{ s += $1; n++ } END { print s + 0, n + 0 }'
}

printf '%-15s %-7s %5s %9s %9s %9s %9s %9s %9s\n' tool tree cores "wall s" "cpu s" "peak MiB" "MB/s" findings ratio
for tree in stdlib crates; do
  read -r all_bytes all_files < <(size "$tree" all)
  read -r py_bytes py_files < <(size "$tree" ruff)
  echo "# $tree: $all_files files, $((all_bytes / 1000000)) MB ($py_files Python files, $((py_bytes / 1000000)) MB)"
  for cores in 2 1; do
    read -r base _ < <(median credlint "$tree" "$cores")
    for tool in "${list[@]}"; do
      read -r wall cpu peak < <(median "$tool" "$tree" "$cores")
      bytes=$all_bytes; [ "$tool" = ruff ] && bytes=$py_bytes
      found=$(awk -v t="$tool" -v r="$tree" '$1 == t && $2 == r { print $3 }' "$work/findings")
      awk -v t="$tool" -v r="$tree" -v c="$cores" -v w="$wall" -v u="$cpu" -v m="$peak" -v b="$bytes" \
        -v f="$found" -v base="$base" 'BEGIN {
          ratio = (base != "" && w > 0) ? sprintf("%.2f", base / w) : "-"
          printf "%-15s %-7s %5s %9.2f %9.2f %9.1f %9.1f %9s %9s\n", t, r, c, w, u, m / 1024, b / 1e6 / w, f, ratio }'
    done
  done
done
echo "ratio: credlint's median wall time / the tool's (below 1: credlint is faster)"
