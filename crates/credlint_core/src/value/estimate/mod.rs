//! A password-strength estimator: zxcvbn's algorithm (Wheeler, "zxcvbn:
//! Low-Budget Password Strength Estimation", USENIX Security 2016) with
//! its data compiled in, in place of the zxcvbn crate.
//!
//! The crate built its ranked dictionaries from comma-separated lists at
//! the first estimate of every process (80 M instructions, two thirds of a
//! one-file check), and offers no way to hand it tables built beforehand.
//! Here `build.rs` turns the same lists (`data/zxcvbn/`) into sorted static
//! tables, so an estimate costs only its own matching. The estimates are
//! the crate's, arithmetic quirks included (the value model's thresholds
//! were tuned on them); a test compares the two over a hundred thousand
//! values. One difference is deliberate: the crate measures dates and years
//! from the current year, which would move verdicts every New Year; here
//! the reference year is [`REFERENCE_YEAR`], a constant.
//!
//! An estimate has two halves: the matchers ([`dictionary`], [`keyboard`],
//! [`repeat`], [`sequence`], [`date`]) find every span of the value that a
//! pattern explains, each with its guess count, and [`scoring`] finds the
//! sequence of spans (brute force between them) that takes the fewest
//! guesses.

mod date;
mod dictionary;
mod keyboard;
mod repeat;
mod scoring;
mod sequence;
mod tables;

/// The year dates and years are measured from: a guesser tries years near
/// the present first. Fixed so that a value's verdict does not change with
/// the clock.
pub(super) const REFERENCE_YEAR: i32 = 2026;

/// What explains one span of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pattern {
    /// A dictionary word, maybe reversed or in leetspeak.
    Word { reversed: bool, l33t: bool },
    /// A walk on a keyboard or keypad.
    Keyboard,
    /// A piece written several times over.
    Repeat,
    /// Characters a constant step apart (`abcd`, `9753`).
    Sequence,
    /// A year from 1900 to 2099.
    Year,
    /// A day, month and year.
    Date,
    /// Nothing: every character guessed.
    BruteForce,
}

/// A span of the value (characters `i..=j`) and what its pattern alone
/// would take to guess.
#[derive(Clone, Copy, Debug)]
pub(super) struct Match {
    pub i: usize,
    pub j: usize,
    pub pattern: Pattern,
    pub guesses: u64,
}

/// How a value is best explained: the guesses that takes, and the pattern
/// of each span in order.
pub(super) struct Analysis {
    pub guesses_log10: f64,
    pub patterns: Vec<Pattern>,
}

impl Analysis {
    /// Whether the whole value is one dictionary word as written, in any
    /// case (neither reversed nor in leetspeak).
    pub fn one_word(&self) -> bool {
        matches!(
            self.patterns.as_slice(),
            [Pattern::Word {
                reversed: false,
                l33t: false
            }]
        )
    }

    /// Whether the value is one or two dictionary words in any spelling.
    pub fn few_words(&self) -> bool {
        (1..=2).contains(&self.patterns.len())
            && self
                .patterns
                .iter()
                .all(|p| matches!(p, Pattern::Word { .. }))
    }
}

/// The estimate of `value` (its first 100 characters, as zxcvbn reads),
/// with dates and years measured from `reference_year`.
pub(super) fn analyse(value: &str, reference_year: i32) -> Analysis {
    let chars: Vec<char> = value.chars().take(100).collect();
    if chars.is_empty() {
        return Analysis {
            guesses_log10: f64::NEG_INFINITY,
            patterns: Vec::new(),
        };
    }
    let (guesses, sequence) = guess(&chars, reference_year);
    Analysis {
        guesses_log10: (guesses as f64).log10(),
        patterns: sequence.iter().map(|m| m.pattern).collect(),
    }
}

/// The fewest guesses that explain `chars` (not empty), and the matches
/// that do. The repeat matcher asks it of the piece repeated.
fn guess(chars: &[char], reference_year: i32) -> (u64, Vec<Match>) {
    let matches = find_all(chars, reference_year);
    scoring::fewest_guesses(chars.len(), &matches)
}

/// Every match of every matcher, sorted by start, then end, in zxcvbn's
/// matcher order within one span (dictionary as written, reversed and in
/// leetspeak, keyboard, repeat, sequence, year, date): of the matches of
/// one span that take as many guesses, the search keeps the first, as
/// zxcvbn's does. So `bimini123456` is two words (`123456` is a common
/// password as much as a sequence), as zxcvbn read it on every one of 65
/// calls. zxcvbn's sort of its matches is unstable and its dictionaries'
/// order random, so now and then it keeps the other pattern
/// (`rana123456789`); the stable order here is its usual outcome.
fn find_all(chars: &[char], reference_year: i32) -> Vec<Match> {
    let mut matches = dictionary::matches(chars);
    matches.extend(keyboard::matches(chars));
    matches.extend(repeat::matches(chars, reference_year));
    matches.extend(sequence::matches(chars));
    matches.extend(date::years(chars, reference_year));
    matches.extend(date::dates(chars, reference_year));
    matches.sort_by_key(|m| (m.i, m.j));
    matches
}

/// `n` choose `k` computed as zxcvbn does: a product saturating before each
/// division (exact for every count a password reaches).
fn n_choose_k(n: usize, k: usize) -> u64 {
    if k > n {
        return 0;
    }
    let (mut r, mut n) = (1usize, n);
    for d in 1..=k {
        r = r.saturating_mul(n) / d;
        n -= 1;
    }
    r as u64
}

/// The ways of writing `special` of `special + plain` characters specially
/// (capitals in a word, substitutions, shifted keys) with at most as many
/// special characters as plain: the sum of `special + plain` choose `i`
/// for `i` from 1 to the smaller of the two (0 when one is 0).
fn variations(special: usize, plain: usize) -> u64 {
    (1..=special.min(plain))
        .map(|i| n_choose_k(special + plain, i))
        .fold(0u64, u64::wrapping_add)
}

#[cfg(test)]
mod tests;
