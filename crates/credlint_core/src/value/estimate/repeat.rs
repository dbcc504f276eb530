//! Repeats: a piece written twice or more in a row (`abcabc`, `aaaa`),
//! guessed as the piece's own guesses times the count.

use super::{Match, Pattern};

/// The repeats of `chars`, left to right, each searched after the last,
/// as zxcvbn finds them with the expressions `(.+)\1+` and `(.+?)\1+`
/// (no newline inside the piece): at the first place any piece repeats,
/// the longer of the two runs, its piece the shortest that makes it.
pub(super) fn matches(chars: &[char], reference_year: i32) -> Vec<Match> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = (from..chars.len())
        .find(|&s| repeats_at_lengths(chars, s).any(|len| repeats(chars, s, len)))
    {
        let greedy = repeats_at_lengths(chars, start)
            .rev()
            .find(|&len| repeats(chars, start, len));
        let lazy = repeats_at_lengths(chars, start).find(|&len| repeats(chars, start, len));
        let (Some(greedy), Some(lazy)) = (greedy, lazy) else {
            break;
        };
        let greedy_run = run(chars, start, greedy);
        let lazy_run = run(chars, start, lazy);
        let (end, piece) = if greedy_run > lazy_run {
            let whole = &chars[start..start + greedy_run];
            let piece = (1..=whole.len() / 2)
                .find(|&len| {
                    whole.len() % len == 0 && whole.chunks(len).all(|c| c == &whole[..len])
                })
                .unwrap_or(whole.len());
            (start + greedy_run, piece)
        } else {
            (start + lazy_run, lazy)
        };
        let (piece_guesses, _) = super::guess(&chars[start..start + piece], reference_year);
        found.push(Match {
            i: start,
            j: end - 1,
            pattern: Pattern::Repeat,
            guesses: piece_guesses.saturating_mul(((end - start) / piece) as u64),
        });
        from = end;
    }
    found
}

/// The piece lengths `.+` may take at `start`: up to a newline, and short
/// enough to fit twice.
fn repeats_at_lengths(chars: &[char], start: usize) -> std::ops::RangeInclusive<usize> {
    let line = chars[start..].iter().take_while(|&&c| c != '\n').count();
    1..=line.min((chars.len() - start) / 2)
}

/// Whether the piece of `len` at `start` comes again right after itself.
fn repeats(chars: &[char], start: usize, len: usize) -> bool {
    chars[start..start + len] == chars[start + len..start + 2 * len]
}

/// How far the piece of `len` at `start` runs, repeated as often as it is.
fn run(chars: &[char], start: usize, len: usize) -> usize {
    let piece = &chars[start..start + len];
    let copies = chars[start..]
        .chunks_exact(len)
        .take_while(|c| *c == piece)
        .count();
    copies * len
}
