//! Successive versions of one file, as `credlint history` meets them: which
//! edits can have brought a secret in.
//!
//! A history holds each file many times over, and most versions differ from
//! the one before by a few lines that hold no secret. The secrets of the
//! unchanged lines were found in the earlier version, so a version need not be
//! analysed again unless a line it adds (or a line just before one, for a
//! value continued from the line naming it) holds something a secret rule
//! starts from: a credential word, a provider keyword, a connection-string
//! word, a credential file's marker, PEM armour, or a run of base64 or hex
//! long enough to be key material (a private key's body changes with no
//! header line).
//!
//! What this cannot see is a verdict that changes with nothing added: a
//! version that only deletes the comment or the suppression marker that
//! kept a secret quiet. Such a secret is reported where it was introduced
//! only if that version's analysis found it.

use crate::engine;
use crate::rules::{connection_string, credential_files};
use crate::Config;
use std::hash::BuildHasher;
use std::ops::Range;
use std::path::Path;

/// The lines of one version, as hashes: enough to tell which lines a later
/// version adds, in 8 bytes a line whatever their length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lines(Vec<u64>);

/// One fixed hasher, so that two versions' hashes compare.
const HASHER: foldhash::fast::FixedState = foldhash::fast::FixedState::with_seed(0x6372_6564);

impl Lines {
    pub fn of(text: &[u8]) -> Lines {
        let mut hashes: Vec<u64> = split(text).map(|line| HASHER.hash_one(line)).collect();
        hashes.sort_unstable();
        hashes.dedup();
        Lines(hashes)
    }

    /// How many distinct lines: what holding them costs, in 8-byte units.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn contains(&self, line: &[u8]) -> bool {
        self.0.binary_search(&HASHER.hash_one(line)).is_ok()
    }
}

/// The lines of `text` without their line breaks (`\r\n` counts as `\n`).
fn split(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|&b| b == b'\n').map(trim_cr)
}

/// What `new`, a later version at `path` of a file whose lines were
/// `previous`, changed that can hold a secret `previous` did not (see the
/// module's documentation): `None` when nothing can, else the byte ranges
/// to analyse, each added line with the two lines before it, for
/// [`crate::Document::with_changed`]. Binary content, text in another
/// encoding than UTF-8 and files judged by their name are analysed whole.
pub fn changed_parts(
    path: &Path,
    previous: &Lines,
    new: &[u8],
    config: &Config,
) -> Option<Vec<Range<usize>>> {
    let whole = crate::skip::looks_binary(new)
        || crate::encoding::Encoding::of(new).is_some()
        || credential_files::judged_by_name(path);
    if whole {
        return Some(std::iter::once(0..new.len()).collect());
    }
    let lines: Vec<Range<usize>> = line_ranges(new).collect();
    let text = |i: usize| trim_cr(&new[lines[i].clone()]);
    // Each line's signal, once, and only for lines near an added one.
    let mut signals: Vec<Option<bool>> = vec![None; lines.len()];
    let mut signal = |i: usize| {
        *signals[i].get_or_insert_with(|| has_signal(&String::from_utf8_lossy(text(i)), config))
    };
    let mut parts: Vec<Range<usize>> = Vec::new();
    let mut open = false;
    for i in (0..lines.len()).filter(|&i| !previous.contains(text(i))) {
        let first = i.saturating_sub(2);
        open |= (first..=i).any(&mut signal);
        let part = lines[first].start..lines[i].end;
        match parts.last_mut() {
            Some(last) if last.end + 1 >= part.start => last.end = part.end,
            _ => parts.push(part),
        }
    }
    open.then_some(parts)
}

/// The byte range of each line of `text`, without its line break.
fn line_ranges(text: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split(|&b| b == b'\n').map(move |line| {
        let range = start..start + line.len();
        start += line.len() + 1;
        range
    })
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Whether a line holds what a secret rule starts from.
fn has_signal(line: &str, config: &Config) -> bool {
    engine::has_trigger(line)
        || config.tokens().may_match(line)
        || connection_string::has_trigger(line.as_bytes())
        || credential_files::has_marker(line.as_bytes())
        || has_key_material(line.as_bytes())
        || line.contains("-----BEGIN ")
}

/// A run of at least this many base64 (or hex) characters is key material
/// or a credential's value, whatever names it.
const KEY_MATERIAL: usize = 32;

fn has_key_material(line: &[u8]) -> bool {
    let mut run = 0;
    for &b in line {
        if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_') {
            run += 1;
            if run >= KEY_MATERIAL {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(before: &str, after: &str) -> bool {
        parts(before, after).is_some()
    }

    fn parts(before: &str, after: &str) -> Option<Vec<Range<usize>>> {
        let config = Config::default();
        changed_parts(
            Path::new("app.py"),
            &Lines::of(before.as_bytes()),
            after.as_bytes(),
            &config,
        )
    }

    #[test]
    fn the_parts_are_the_added_lines_with_the_two_before_each_merged() {
        let before = "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\ng = 7\n";
        let after = "a = 1\nb = 2\nc = 3\nTOKEN = x\ne = 5\nf = 6\ng = 7\nh = 8\n";
        let parts = parts(before, after).unwrap();
        let shown: Vec<&str> = parts.iter().map(|r| &after[r.clone()]).collect();
        assert_eq!(shown, ["b = 2\nc = 3\nTOKEN = x", "f = 6\ng = 7\nh = 8"]);
        // The empty last "line" after the final line break is in the file.
        assert!(parts.iter().all(|r| r.end <= after.len()));
    }

    #[test]
    fn an_edit_of_lines_without_any_signal_adds_no_secret() {
        let before = "def f(x):\n    return x + 1\n\nTIMEOUT = 3\n";
        assert!(!gate(
            before,
            "def f(x):\n    return x + 2\n\nTIMEOUT = 3\n"
        ));
        // Deleting lines and moving them add nothing either.
        assert!(!gate(before, "TIMEOUT = 3\ndef f(x):\n    return x + 1\n"));
        // A line ending changed to CRLF is the same line.
        assert!(!gate(before, &before.replace('\n', "\r\n")));
    }

    #[test]
    fn an_edit_bringing_a_credential_word_or_token_is_analysed() {
        let before = "TIMEOUT = 3\n";
        assert!(gate(before, "TIMEOUT = 3\nDB_PASSWORD = 'x'\n"));
        assert!(gate(before, "TIMEOUT = 3\nURL = 'postgres://u:p@h/db'\n"));
        let token = format!("ghp_{}", "aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5");
        assert!(gate(before, &format!("TIMEOUT = 3\nX = '{token}'\n")));
    }

    #[test]
    fn a_value_changed_on_the_line_after_its_name_is_analysed() {
        let before = "PASSWORD = (\n    'first'\n)\n";
        assert!(gate(before, "PASSWORD = (\n    'second'\n)\n"));
    }

    #[test]
    fn a_rotated_key_body_under_an_unchanged_header_is_analysed() {
        let body = |c: char| c.to_string().repeat(64);
        let before = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\nAB==\n-----END PRIVATE KEY-----\n",
            body('a')
        );
        let after = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\nAB==\n-----END PRIVATE KEY-----\n",
            body('b')
        );
        assert!(gate(&before, &after));
    }
}
