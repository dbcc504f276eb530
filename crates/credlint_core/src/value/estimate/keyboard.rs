//! Keyboard walks: runs of keys each next to the one before, on a QWERTY
//! or Dvorak keyboard or a keypad.

use super::tables::{Keyboard, DVORAK, KEYPAD, MAC_KEYPAD, QWERTY};
use super::{n_choose_k, variations, Match, Pattern};

/// The characters zxcvbn counts as typed with shift when they start a
/// walk (its list, `[` and `]` included).
const SHIFTED: &str = "[~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:\"ZXCVBNM<>?]";

/// Every walk of three keys or more on each keyboard.
pub(super) fn matches(chars: &[char]) -> Vec<Match> {
    [&QWERTY, &DVORAK, &KEYPAD, &MAC_KEYPAD]
        .into_iter()
        .flat_map(|keyboard| walks(chars, keyboard))
        .collect()
}

/// Where the key `next` sits around `key`: its direction, and whether it is
/// the neighbour's shifted character.
fn step(keyboard: &Keyboard, key: char, next: char) -> Option<(usize, bool)> {
    let around = keyboard.neighbours.get(key as usize).copied().flatten()?;
    let next = u8::try_from(next).ok().filter(|&b| b != 0)?;
    around.iter().enumerate().find_map(|(direction, pair)| {
        pair.iter()
            .position(|&b| b == next)
            .map(|at| (direction, at == 1))
    })
}

/// The walks of `chars` on `keyboard`, each as long as it goes, the next
/// starting where one stops.
fn walks(chars: &[char], keyboard: &Keyboard) -> Vec<Match> {
    let mut found = Vec::new();
    let n = chars.len();
    if n <= 2 {
        return found;
    }
    let typed = keyboard.name == "qwerty" || keyboard.name == "dvorak";
    let mut i = 0;
    while i < n - 1 {
        let mut j = i + 1;
        let mut last_direction = None;
        let mut turns = 0;
        let mut shifted = usize::from(typed && SHIFTED.contains(chars[i]));
        while let Some((direction, shift)) = chars
            .get(j)
            .and_then(|&next| step(keyboard, chars[j - 1], next))
        {
            shifted += usize::from(shift);
            if last_direction != Some(direction) {
                turns += 1;
                last_direction = Some(direction);
            }
            j += 1;
        }
        if j - i > 2 {
            found.push(Match {
                i,
                j: j - 1,
                pattern: Pattern::Keyboard,
                guesses: guesses(keyboard, j - i, turns, shifted),
            });
        }
        i = j;
    }
    found
}

/// The walks of `len` keys or fewer with `turns` turns or fewer from any
/// key, each turn in any of the keyboard's average number of directions;
/// times the ways of shifting `shifted` of the keys.
fn guesses(keyboard: &Keyboard, len: usize, turns: usize, shifted: usize) -> u64 {
    // The keypads are measured by the numeric keypad, the keyboards by QWERTY.
    let measure = if keyboard.name == "qwerty" || keyboard.name == "dvorak" {
        &QWERTY
    } else {
        &KEYPAD
    };
    let mut guesses = 0u64;
    for i in 2..=len {
        for j in 1..=turns.min(i - 1) {
            guesses = guesses.saturating_add(
                n_choose_k(i - 1, j - 1)
                    .saturating_mul(measure.keys)
                    .saturating_mul(measure.average_degree.wrapping_pow(j as u32)),
            );
        }
    }
    match len - shifted {
        _ if shifted == 0 => guesses,
        0 => guesses.saturating_mul(2),
        unshifted => guesses.saturating_mul(variations(shifted, unshifted)),
    }
}
