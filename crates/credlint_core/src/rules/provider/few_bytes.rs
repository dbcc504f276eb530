//! The joint keyword search for the first bytes a scanner searches, with no
//! automaton to build.
//!
//! Building the joint automaton, even as a contiguous NFA, costs about five
//! million instructions (callgrind): close to half of what a whole one-file
//! check costs ruff. A pre-commit run over a small commit or a language
//! server's first keystroke searches a few kilobytes, and comparing each
//! byte with the few words that start with it costs far less than building
//! anything for them. [`FirstBytes`] finds exactly what the automaton finds
//! (every occurrence, overlapping ones included, ASCII letters folded,
//! other bytes compared as they are), so which one searched is invisible.

use std::ops::Range;

/// The words, indexed by their first two bytes folded to ASCII lower case.
#[derive(Clone, Debug)]
pub(super) struct FirstBytes {
    /// The words in ASCII lower case, by index.
    words: Vec<Box<[u8]>>,
    /// The indexes of the words of two bytes or more, by their first two
    /// bytes: those starting with key `k` are `by_prefix[starts[k]..starts[k + 1]]`,
    /// so a position costs two loads when no word starts there.
    by_prefix: Vec<u32>,
    starts: Vec<u32>,
    /// The one-byte words as (byte, index).
    single: Vec<(u8, u32)>,
}

impl FirstBytes {
    /// The search for `words`: none may be empty (an automaton would match
    /// an empty word everywhere, which no keyword wants).
    pub(super) fn new<'a>(words: impl IntoIterator<Item = &'a [u8]>) -> FirstBytes {
        let words: Vec<Box<[u8]>> = (words.into_iter())
            .map(|word| word.to_ascii_lowercase().into_boxed_slice())
            .collect();
        let mut keyed = Vec::with_capacity(words.len());
        let mut single = Vec::new();
        for (index, word) in words.iter().enumerate() {
            let index = u32::try_from(index).expect("fewer than 2^32 keywords");
            match **word {
                [] => panic!("keywords are not empty"),
                [only] => single.push((only, index)),
                [first, second, ..] => {
                    keyed.push((usize::from(first) << 8 | usize::from(second), index))
                }
            }
        }
        keyed.sort_unstable();
        let mut starts = vec![0; (1 << 16) + 1];
        for &(key, _) in &keyed {
            starts[key + 1] += 1;
        }
        for key in 0..1 << 16 {
            starts[key + 1] += starts[key];
        }
        FirstBytes {
            words,
            by_prefix: keyed.into_iter().map(|(_, index)| index).collect(),
            starts,
            single,
        }
    }

    /// Every occurrence of every word in `text`, overlapping ones included,
    /// as (word index, span). The order is by start, where an automaton's
    /// is by end: callers sort or only mark.
    pub(super) fn find_overlapping(&self, text: &[u8], mut hit: impl FnMut(usize, Range<usize>)) {
        let Some((&last, _)) = text.split_last() else {
            return;
        };
        let mut first = text[0].to_ascii_lowercase();
        for (start, &next) in text[1..].iter().enumerate() {
            self.singles(first, start, &mut hit);
            let second = next.to_ascii_lowercase();
            let key = usize::from(first) << 8 | usize::from(second);
            first = second;
            let candidates = self.starts[key] as usize..self.starts[key + 1] as usize;
            for &index in &self.by_prefix[candidates] {
                let word = &self.words[index as usize];
                let end = start + word.len();
                if (text.get(start..end)).is_some_and(|found| found.eq_ignore_ascii_case(word)) {
                    hit(index as usize, start..end);
                }
            }
        }
        self.singles(last.to_ascii_lowercase(), text.len() - 1, &mut hit);
    }

    /// The one-byte words that `lower`, the byte at `at` in lower case, is.
    fn singles(&self, lower: u8, at: usize, hit: &mut impl FnMut(usize, Range<usize>)) {
        for &(only, index) in &self.single {
            if lower == only {
                hit(index as usize, at..at + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    /// Every occurrence the automaton reports, sorted.
    fn by_automaton(words: &[&str], text: &str) -> Vec<(usize, Range<usize>)> {
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(words)
            .unwrap();
        let mut hits: Vec<_> = (automaton.find_overlapping_iter(text))
            .map(|m| (m.pattern().as_usize(), m.range()))
            .collect();
        hits.sort_by_key(|(p, r)| (r.start, r.end, *p));
        hits
    }

    fn by_first_bytes(words: &[&str], text: &str) -> Vec<(usize, Range<usize>)> {
        let search = FirstBytes::new(words.iter().map(|w| w.as_bytes()));
        let mut hits = Vec::new();
        search.find_overlapping(text.as_bytes(), |p, r| hits.push((p, r)));
        hits.sort_by_key(|(p, r)| (r.start, r.end, *p));
        hits
    }

    #[test]
    fn finds_what_the_automaton_finds() {
        let words = [
            "key", "KEY", "api_key", "apikey", "k", "ey", "sk-", "ghp_", " login", "env::", "ω_",
            "Ω_", "é", "pass", "password", "word", "ss",
        ];
        let texts = [
            "",
            "k",
            "API_KEY = 'x'; apiKey; aPiKeY",
            "password passwordpassword PASS pasS",
            "Ω_ ω_ ω_x É é",
            "sk-ghp_ env:: env: x login sshpass",
            "kkkkkk eyeyey sss",
            "\u{212a}ey",
            "k ",
            " k",
        ];
        for text in texts {
            assert_eq!(
                by_first_bytes(&words, text),
                by_automaton(&words, text),
                "{text:?}"
            );
        }
    }
}
