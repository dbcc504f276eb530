//! The search for the sequence of matches that explains a value in the
//! fewest guesses: zxcvbn's dynamic program over the value's prefixes.
//!
//! A sequence of `l` matches costs `l!` times the product of their guesses
//! (the attacker does not know their order), plus `10^4` to the power of
//! `l - 1` (each pattern more is a guess that the value is built of that
//! many). Spans no match explains are brute-forced, ten guesses a
//! character. For every prefix and every length `l`, the best sequence of
//! `l` matches is kept unless a sequence of no more matches is as good.

use super::{Match, Pattern};

/// A span no match explains is guessed from this many symbols a character.
const BRUTEFORCE_CARDINALITY: u64 = 10;
/// What each pattern more in a sequence costs.
const MIN_GUESSES_BEFORE_GROWING_SEQUENCE: u64 = 10_000;
/// The fewest guesses a match of one character of a longer value takes.
const MIN_SUBMATCH_GUESSES_SINGLE_CHAR: u64 = 10;
/// The fewest guesses a longer match of part of a value takes.
const MIN_SUBMATCH_GUESSES_MULTI_CHAR: u64 = 50;

/// The best sequence of `l` matches over a prefix: its last match, the
/// product of its matches' guesses, and its whole cost.
#[derive(Clone, Copy)]
struct Best {
    last: Match,
    product: u64,
    cost: u64,
}

/// The fewest guesses that explain a value of `n` characters (not zero)
/// with `matches` (sorted by start, then end), and the sequence that does.
pub(super) fn fewest_guesses(n: usize, matches: &[Match]) -> (u64, Vec<Match>) {
    // best[k][l]: the best sequence of l matches over the first k + 1 characters.
    let mut best: Vec<Vec<Option<Best>>> = vec![vec![None; n + 1]; n];
    for k in 0..n {
        for m in matches.iter().filter(|m| m.j == k) {
            let m = floored(*m, n);
            if m.i == 0 {
                consider(&mut best, m, 1);
            } else {
                for l in lengths(&best[m.i - 1]).collect::<Vec<_>>() {
                    consider(&mut best, m, l + 1);
                }
            }
        }
        consider(&mut best, brute_force(0, k, n), 1);
        for i in 1..=k {
            let m = brute_force(i, k, n);
            // Two brute-forced spans in a row are never better than one.
            let after_a_match: Vec<usize> = lengths(&best[i - 1])
                .filter(|&l| best[i - 1][l].is_some_and(|b| b.last.pattern != Pattern::BruteForce))
                .collect();
            for l in after_a_match {
                consider(&mut best, m, l + 1);
            }
        }
    }
    let last = &best[n - 1];
    let (mut l, cost) = lengths(last)
        .filter_map(|l| last[l].map(|b| (l, b.cost)))
        .fold(None, |kept: Option<(usize, u64)>, (l, cost)| match kept {
            Some((_, kept_cost)) if kept_cost <= cost => kept,
            _ => Some((l, cost)),
        })
        .unwrap_or((1, u64::MAX));
    let mut sequence = Vec::new();
    let mut k = n - 1;
    while let Some(b) = best[k][l] {
        sequence.push(b.last);
        if b.last.i == 0 {
            break;
        }
        k = b.last.i - 1;
        l -= 1;
    }
    sequence.reverse();
    (cost, sequence)
}

/// The lengths of the sequences kept for a prefix, shortest first.
fn lengths(kept: &[Option<Best>]) -> impl Iterator<Item = usize> + '_ {
    (1..kept.len()).filter(|&l| kept[l].is_some())
}

/// Keeps `m` as the end of a sequence of `l` matches if no sequence of
/// `l` or fewer over the same prefix is as good.
fn consider(best: &mut [Vec<Option<Best>>], m: Match, l: usize) {
    let k = m.j;
    let mut product = m.guesses;
    if l > 1 {
        let before = best[m.i - 1][l - 1].map_or(0, |b| b.product);
        product = product.saturating_mul(before);
    }
    let additive = if l == 1 {
        1
    } else {
        (2..l).fold(MIN_GUESSES_BEFORE_GROWING_SEQUENCE, |acc, _| {
            acc.saturating_mul(MIN_GUESSES_BEFORE_GROWING_SEQUENCE)
        })
    };
    // l! as zxcvbn computes it, wrapping in a release build.
    let factorial = (1..=l as u64).fold(1u64, u64::wrapping_mul);
    let cost = factorial.saturating_mul(product).saturating_add(additive);
    if best[k][..=l].iter().flatten().any(|b| b.cost <= cost) {
        return;
    }
    best[k][l] = Some(Best {
        last: m,
        product,
        cost,
    });
}

/// `m` with its guesses raised to the least a part of the value may take.
fn floored(mut m: Match, n: usize) -> Match {
    let len = m.j - m.i + 1;
    let least = match len {
        _ if len == n => 1,
        1 => MIN_SUBMATCH_GUESSES_SINGLE_CHAR,
        _ => MIN_SUBMATCH_GUESSES_MULTI_CHAR,
    };
    m.guesses = m.guesses.max(least);
    m
}

/// Characters `i..=j` of a value of `n` brute-forced: ten guesses a
/// character, and one more than any other match of the span would take.
fn brute_force(i: usize, j: usize, n: usize) -> Match {
    let len = j - i + 1;
    let guesses = (1..len).fold(BRUTEFORCE_CARDINALITY, |acc, _| {
        acc.saturating_mul(BRUTEFORCE_CARDINALITY)
    });
    let least = if len == 1 {
        MIN_SUBMATCH_GUESSES_SINGLE_CHAR + 1
    } else {
        MIN_SUBMATCH_GUESSES_MULTI_CHAR + 1
    };
    floored(
        Match {
            i,
            j,
            pattern: Pattern::BruteForce,
            guesses: guesses.max(least),
        },
        n,
    )
}
