//! Dictionary words: as written in any case, reversed, and in leetspeak.

use super::{variations, Match, Pattern};

use super::tables;

/// Word `index` of the sorted table.
pub(super) fn word(index: usize) -> &'static str {
    let start = index.checked_sub(1).map_or(0, |i| tables::ENDS[i] as usize);
    &tables::WORDS[start..tables::ENDS[index] as usize]
}

/// `text`'s rank if it is a word, and whether any longer word starts with
/// it (when none does, no longer piece of the value can be a word).
fn look_up(text: &str) -> (Option<u32>, bool) {
    let first = partition_point(|w| w < text);
    let exact = first < tables::ENDS.len() && word(first) == text;
    let next = first + usize::from(exact);
    let extends = next < tables::ENDS.len() && word(next).starts_with(text);
    (exact.then(|| tables::RANKS[first]), extends)
}

/// The first index of the sorted table whose word fails `before`.
fn partition_point(before: impl Fn(&str) -> bool) -> usize {
    let (mut low, mut high) = (0, tables::ENDS.len());
    while low < high {
        let middle = (low + high) / 2;
        if before(word(middle)) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

/// Leetspeak: the characters that stand for each letter.
const L33T: [(char, &[char]); 12] = [
    ('a', &['4', '@']),
    ('b', &['8']),
    ('c', &['(', '{', '[', '<']),
    ('e', &['3']),
    ('g', &['6', '9']),
    ('i', &['1', '!', '|']),
    ('l', &['1', '|', '7']),
    ('o', &['0']),
    ('s', &['$', '5']),
    ('t', &['+', '7']),
    ('x', &['%']),
    ('z', &['2']),
];

/// Every dictionary match of `chars`: words as written, then reversed,
/// then in leetspeak.
pub(super) fn matches(chars: &[char]) -> Vec<Match> {
    let n = chars.len();
    let mut found = Vec::new();
    for (i, j, rank) in words(&lowercase(chars), n) {
        found.push(word_match(i, j, rank, &chars[i..=j], false, None));
    }
    let reversed: Vec<char> = chars.iter().rev().copied().collect();
    for (i, j, rank) in words(&lowercase(&reversed), n) {
        let (i, j) = (n - 1 - j, n - 1 - i);
        found.push(word_match(i, j, rank, &chars[i..=j], true, None));
    }
    for sub in substitutions(chars) {
        let subbed: Vec<char> = chars
            .iter()
            .map(|c| sub.iter().find(|(l33t, _)| l33t == c).map_or(*c, |s| s.1))
            .collect();
        let subbed = lowercase(&subbed);
        for (i, j, rank) in words(&subbed, n) {
            let token = &chars[i..=j];
            let lower = token.iter().collect::<String>().to_lowercase();
            // A piece spelled with none of the substitutions is no leetspeak.
            if lower.chars().eq(subbed[i..=j].iter().copied()) {
                continue;
            }
            let used: Vec<(char, char)> = sub
                .iter()
                .filter(|(l33t, _)| token.contains(l33t))
                .copied()
                .collect();
            let ways = l33t_variations(&used, &lower);
            found.push(word_match(i, j, rank, token, false, Some(ways)));
        }
    }
    found
}

/// A word match and its guesses: the word's rank, times the ways of
/// capitalising it, of writing it in leetspeak (`l33t`, when it is), and
/// two if reversed. Products wrap as zxcvbn's do in a release build.
fn word_match(
    i: usize,
    j: usize,
    rank: u32,
    token: &[char],
    reversed: bool,
    l33t: Option<u64>,
) -> Match {
    let guesses = u64::from(rank)
        .wrapping_mul(capitalisations(token))
        .wrapping_mul(l33t.unwrap_or(1))
        .wrapping_mul(if reversed { 2 } else { 1 });
    Match {
        i,
        j,
        pattern: Pattern::Word {
            reversed,
            l33t: l33t.is_some(),
        },
        guesses,
    }
}

/// `chars` lowercased. That may lengthen them (`İ` is two characters
/// lowercased); the matchers then read the same character positions of the
/// longer text, as zxcvbn does.
fn lowercase(chars: &[char]) -> Vec<char> {
    chars
        .iter()
        .collect::<String>()
        .to_lowercase()
        .chars()
        .collect()
}

/// The pieces of the value that are words, as `(i, j, rank)`: each piece
/// `i..=j` of `lower`, the value lowercased, ending before the value's
/// length `n`.
fn words(lower: &[char], n: usize) -> Vec<(usize, usize, u32)> {
    let mut found = Vec::new();
    let mut piece = String::new();
    for i in 0..n {
        piece.clear();
        for (j, &c) in lower.iter().enumerate().take(n).skip(i) {
            piece.push(c);
            let (rank, extends) = look_up(&piece);
            if let Some(rank) = rank {
                found.push((i, j, rank));
            }
            if !extends {
                break;
            }
        }
    }
    found
}

/// How many ways there are to capitalise a word as `token` is: none for
/// lowercase, two for a first or last capital alone or all capitals,
/// otherwise [`variations`] of its capitals among its letters.
fn capitalisations(token: &[char]) -> u64 {
    let text: String = token.iter().collect();
    if token.iter().all(|c| c.is_lowercase()) || text.to_lowercase() == text {
        return 1;
    }
    let upper = token.iter().filter(|c| c.is_uppercase()).count();
    let edge = token.first().is_some_and(|c| c.is_uppercase())
        || token.last().is_some_and(|c| c.is_uppercase());
    if edge && upper == 1 || token.iter().all(|c| c.is_uppercase()) {
        return 2;
    }
    let lower = token.iter().filter(|c| c.is_lowercase()).count();
    variations(upper, lower)
}

/// How many ways there are to write a word in leetspeak as `token` (the
/// lowercased match) is, for the substitutions it `used`: twice for a
/// letter always or never substituted, else [`variations`] of the two.
fn l33t_variations(used: &[(char, char)], token: &str) -> u64 {
    used.iter().fold(1u64, |product, &(l33t, letter)| {
        let subbed = token.chars().filter(|&c| c == l33t).count();
        let plain = token.chars().filter(|&c| c == letter).count();
        let ways = if subbed == 0 || plain == 0 {
            2
        } else {
            variations(subbed, plain)
        };
        product.wrapping_mul(ways)
    })
}

/// The substitution tables to try on `chars` (each a list of `(character,
/// letter)`), zxcvbn's enumeration: for each letter whose leetspeak
/// characters the value holds, each of those characters, where two
/// letters claim one character both ways kept.
fn substitutions(chars: &[char]) -> Vec<Vec<(char, char)>> {
    let mut subs: Vec<Vec<(char, char)>> = vec![Vec::new()];
    for (letter, l33ts) in L33T {
        let present: Vec<char> = l33ts
            .iter()
            .filter(|c| chars.contains(c))
            .copied()
            .collect();
        if present.is_empty() {
            continue;
        }
        let mut next = Vec::new();
        for &l33t in &present {
            for sub in &subs {
                match sub.iter().position(|&(c, _)| c == l33t) {
                    Some(taken) => {
                        let mut other = sub.clone();
                        other.remove(taken);
                        other.push((l33t, letter));
                        next.push(sub.clone());
                        next.push(other);
                    }
                    None => {
                        let mut longer = sub.clone();
                        longer.push((l33t, letter));
                        next.push(longer);
                    }
                }
            }
        }
        subs = next;
    }
    subs.retain(|sub| !sub.is_empty());
    subs
}
