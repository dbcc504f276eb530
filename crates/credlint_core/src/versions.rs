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
    text.split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
}

/// Whether `new`, a later version at `path` of a file whose lines were
/// `previous`, can hold a secret `previous` did not: see the module's
/// documentation. Binary content and files judged by their name are always
/// analysed.
pub fn may_add_secret(path: &Path, previous: &Lines, new: &[u8], config: &Config) -> bool {
    if crate::skip::looks_binary(new) || credential_files::judged_by_name(path) {
        return true;
    }
    let lines: Vec<&[u8]> = split(new).collect();
    // Each line's signal, once, and only for lines near an added one.
    let mut signals: Vec<Option<bool>> = vec![None; lines.len()];
    let mut signal = |i: usize| {
        *signals[i].get_or_insert_with(|| has_signal(&String::from_utf8_lossy(lines[i]), config))
    };
    (0..lines.len())
        .filter(|&i| !previous.contains(lines[i]))
        .any(|i| (i.saturating_sub(2)..=i).any(&mut signal))
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
        let config = Config::default();
        may_add_secret(
            Path::new("app.py"),
            &Lines::of(before.as_bytes()),
            after.as_bytes(),
            &config,
        )
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
