//! The estimator's data as `build.rs` compiled it from `data/zxcvbn/`:
//! the dictionary words, sorted, with their ranks, and the keyboards.

include!(concat!(env!("OUT_DIR"), "/estimate_tables.rs"));

/// A keyboard's keys (indexed by their ASCII code), each with its
/// neighbours clockwise from the left: a neighbour is the key's character
/// unshifted then shifted (`[b'2', b'@']`), one character on a keypad,
/// zeros where there is no key.
pub(super) struct Keyboard {
    pub name: &'static str,
    /// How many keys it has.
    pub keys: u64,
    /// How many neighbours a key has, on average, rounded down.
    pub average_degree: u64,
    pub neighbours: [Option<[[u8; 2]; 8]>; 128],
}
