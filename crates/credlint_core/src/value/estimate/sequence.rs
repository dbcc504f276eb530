//! Sequences: characters a constant step apart (`abcd`, `9753`, `zyx`).

use super::{Match, Pattern};

/// The largest step between characters a sequence may take.
const MAX_STEP: i32 = 5;

/// The runs of `chars` whose neighbours differ by one constant step, each
/// run sharing its first character with the last one's end, as zxcvbn
/// splits them: steps of 1 from two characters on, others from three.
pub(super) fn matches(chars: &[char]) -> Vec<Match> {
    let mut found = Vec::new();
    if chars.len() <= 1 {
        return found;
    }
    let (mut i, mut last) = (0, 0);
    for k in 1..chars.len() {
        let step = chars[k] as i32 - chars[k - 1] as i32;
        if last == 0 {
            last = step;
        }
        if last == step {
            continue;
        }
        push(&mut found, chars, i, k - 1, last);
        i = k - 1;
        last = step;
    }
    push(&mut found, chars, i, chars.len() - 1, last);
    found
}

/// Adds the run `i..=j` of `step` if it is a sequence.
fn push(found: &mut Vec<Match>, chars: &[char], i: usize, j: usize, step: i32) {
    let size = step.abs();
    if (j - i > 1 || size == 1) && (1..=MAX_STEP).contains(&size) {
        // Obvious starting points are guessed first.
        let first = chars[i];
        let start = if "aAzZ019".contains(first) {
            4
        } else if first.is_ascii_digit() {
            10
        } else {
            26
        };
        let direction = if step > 0 { 1 } else { 2 };
        found.push(Match {
            i,
            j,
            pattern: Pattern::Sequence,
            guesses: start * direction * (j - i + 1) as u64,
        });
    }
}
