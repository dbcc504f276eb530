//! The readers of git's diff output: a unified diff (`--diff`) and a
//! `--raw -z` listing (`--staged`), on arbitrary bytes. Neither may panic,
//! and every added-line range must be non-empty. (A hunk starting at line 0
//! with lines in it, which git never writes, may give a range from 0: it
//! names no line the engine reports on, so it is harmless.)
#![no_main]

use credlint::internals::{parse_added_lines, parse_raw_diff, Side};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    for ranges in parse_added_lines(data, Path::new("/repo")).values() {
        for range in ranges {
            assert!(range.start() <= range.end(), "{range:?}");
        }
    }
    for side in [Side::Old, Side::New] {
        for entry in parse_raw_diff(data, side) {
            assert!(!entry.oid.is_empty() && !entry.oid.bytes().all(|b| b == b'0'));
        }
    }
});
