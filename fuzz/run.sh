#!/usr/bin/env bash
# Runs one fuzz target: ./run.sh TARGET [SECONDS] [extra libFuzzer flags…]
#
# cargo-fuzz needs nightly-only compiler flags; RUSTC_BOOTSTRAP=1 lets the
# stable toolchain accept them, so no nightly toolchain is needed. No
# sanitizer: credlint forbids unsafe code, so AddressSanitizer would mostly
# cost speed (the C parsers underneath are fuzzed upstream). One job, a
# memory cap and a per-input time limit, to share a small machine; a slow
# input (over 10 s) is reported as a crash, since a hang is a bug too.
set -eu
cd "$(dirname "$0")"
target=${1:?usage: ./run.sh TARGET [SECONDS] [libFuzzer flags]}
seconds=${2:-600}
shift $(($# < 2 ? $# : 2))
[ -d "corpus/$target" ] || ./seed.sh
mkdir -p "artifacts/$target"
exec env RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -jobs=1 -rss_limit_mb=4096 -timeout=10 \
    -artifact_prefix="artifacts/$target/" -print_final_stats=1 "$@"
