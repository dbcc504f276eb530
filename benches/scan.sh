#!/usr/bin/env bash
# Scan throughput: credlint against ruff's S105/S106/S107 on the same trees.
#
#   bash benches/scan.sh [RUNS]
#
# Trees: the CPython standard library of the python3 on PATH (without
# site-packages and compiled extensions), and the Rust crates unpacked under
# ~/.cargo/registry/src. Prints wall time (median of RUNS), peak memory,
# MB/s and files/s for each tool, and credlint's time as a ratio of ruff's.
# ruff is installed into a throwaway virtualenv when it is not on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
# Both trees are copied to a RAM-backed folder: this machine's page cache is
# reclaimed eagerly, and reading from disk would measure the disk.
work=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
credlint=$PWD/target/release/credlint

if command -v ruff >/dev/null; then
  ruff=$(command -v ruff)
else
  python3 -m venv "$work/venv" >/dev/null
  "$work/venv/bin/pip" install --quiet ruff
  ruff=$work/venv/bin/ruff
fi

stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
mkdir -p "$work/stdlib"
(cd "$stdlib" && tar cf - --exclude=site-packages --exclude=__pycache__ --exclude='config-*' --exclude=lib-dynload .) | (cd "$work/stdlib" && tar xf -)
crates="$work/crates"
mkdir -p "$crates"
cp -r "$HOME"/.cargo/registry/src/*/. "$crates"/ 2>/dev/null || true

# median wall seconds and max peak KiB of `runs` runs of a command, in $dir
measure() {
  local dir=$1; shift
  for _ in $(seq "$runs"); do
    (cd "$dir" && /usr/bin/time -f '%e %M' "$@" >/dev/null 2>>"$work/times") 2>/dev/null || true
  done
  grep -E '^[0-9.]+ [0-9]+$' "$work/times" | sort -n | awk -v n="$runs" '
    { t[NR] = $1; if ($2 > m) m = $2 } END { printf "%s %d\n", t[int((NR + 1) / 2)], m }'
  rm -f "$work/times"
}

report() { # name tree seconds peak_kib files bytes
  awk -v name="$1" -v tree="$2" -v s="$3" -v kib="$4" -v files="$5" -v bytes="$6" 'BEGIN {
    printf "%-9s %-8s %7.3f s %7.1f MB/s %9.0f files/s %6.1f MiB peak\n",
      name, tree, s, bytes / 1e6 / s, files / s, kib / 1024 }'
}

count() { find "$1" -type f -name "$2" | wc -l; }
bytes() { find "$1" -type f -name "$2" -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }

py_files=$(count "$work/stdlib" '*.py'); py_bytes=$(bytes "$work/stdlib" '*.py')
all_files=$(find "$work/stdlib" -type f | wc -l); all_bytes=$(bytes "$work/stdlib" '*')
echo "stdlib: $py_files Python files ($((py_bytes / 1000000)) MB), $all_files files in all ($((all_bytes / 1000000)) MB)"
read -r c_s c_m < <(measure "$work/stdlib" "$credlint" check --isolated .)
read -r r_s r_m < <(measure "$work/stdlib" "$ruff" check --no-cache --isolated --exit-zero --select S105,S106,S107 .)
report credlint stdlib "$c_s" "$c_m" "$all_files" "$all_bytes"
report ruff stdlib "$r_s" "$r_m" "$py_files" "$py_bytes"
awk -v c="$c_s" -v r="$r_s" 'BEGIN { printf "credlint/ruff wall time on the stdlib: %.2f (credlint scans every file, ruff only *.py)\n", c / r }'

if [ -n "$(ls -A "$crates")" ]; then
  rs_files=$(count "$crates" '*.rs'); rs_bytes=$(bytes "$crates" '*.rs')
  all_files=$(find "$crates" -type f | wc -l); all_bytes=$(bytes "$crates" '*')
  echo "crates: $rs_files Rust files ($((rs_bytes / 1000000)) MB), $all_files files in all ($((all_bytes / 1000000)) MB)"
  read -r c_s c_m < <(measure "$crates" "$credlint" check --isolated .)
  report credlint crates "$c_s" "$c_m" "$all_files" "$all_bytes"
fi
