// Empty: this package exists only so that `cargo vendor` unpacks a pinned set
// of crates for benches/compare.sh to scan (see the manifest beside it).
