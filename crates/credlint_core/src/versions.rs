//! Successive versions of one file, as `credlint history` meets them: which
//! edits can have brought a secret in.
//!
//! A history holds each file many times over, and most versions differ from
//! the one before by a few lines that hold no secret. The secrets of the
//! unchanged lines were found in the earlier version, so a version need not be
//! analysed again unless a line it adds (or a line just before one, or the
//! start of the statement it continues, for a value continued from the line
//! naming it) holds something a secret rule
//! starts from: a credential word, a provider keyword, a connection-string
//! word, a credential file's marker, PEM armour, or a run of base64 or hex
//! long enough to be key material (a private key's body changes with no
//! header line).
//!
//! A credential position's API imported under another name is read through
//! its import: a line calling `B` after `from requests.auth import
//! HTTPBasicAuth as B` (or `S` after `use secrecy::SecretString as S;`)
//! holds no word of the API, so the names a version's imports rename are
//! signals too, and each part using one is analysed with the import that
//! says what it is, as `check` reads the call.
//!
//! What this cannot see is a verdict that changes with nothing added: a
//! version that only deletes the comment or the suppression marker that
//! kept a secret quiet, or only moves a line (a closing `"""` moved above
//! a password that was a docstring's example): versions are compared as
//! sets of lines, which is what makes them cheap. Such a secret is reported
//! where it was introduced only if that version's analysis found it;
//! `--every-version` analyses every version whole.

use crate::document::Language;
use crate::engine;
use crate::rules::{connection_string, credential_files};
use crate::syntax::renames::{self, Renaming};
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
    let renamings = renamings_of(path, new);
    // Each line's signal, once, and only for lines near an added one.
    let mut signals: Vec<Option<bool>> = vec![None; lines.len()];
    let mut signal = |i: usize| {
        *signals[i].get_or_insert_with(|| {
            has_signal(&String::from_utf8_lossy(text(i)), config)
                || renamings.iter().any(|r| mentions(text(i), &r.name))
        })
    };
    let mut parts: Vec<Range<usize>> = Vec::new();
    let mut open = false;
    let mut depths: Option<Vec<usize>> = None;
    for i in (0..lines.len()).filter(|&i| !previous.contains(text(i))) {
        let mut first = i.saturating_sub(2);
        let mut found = (first..=i).any(&mut signal);
        if !found {
            // A value continued further below its name (`password = (` and
            // three lines of concatenated literals): the statement's start.
            let depths = depths.get_or_insert_with(|| bracket_depths(new, &lines));
            let start = statement_start(depths, new, &lines, i);
            if start < first {
                found = (start..first).any(&mut signal);
                if found {
                    first = start;
                }
            }
        }
        open |= found;
        let part = lines[first].start..lines[i].end;
        match parts.last_mut() {
            Some(last) if last.end + 1 >= part.start => last.end = part.end,
            _ => parts.push(part),
        }
    }
    // An import renaming a credential API that this version brings makes
    // the lines already using the name credential positions (`B("svc",
    // "…")` committed before `from requests.auth import HTTPBasicAuth as
    // B`): each statement using it is a part of this version too.
    for renaming in &renamings {
        let statement = &renaming.statement;
        let brought = (lines.iter().enumerate()).any(|(i, l)| {
            l.start <= statement.end && statement.start <= l.end && !previous.contains(text(i))
        });
        if !brought {
            continue;
        }
        let depths = depths.get_or_insert_with(|| bracket_depths(new, &lines));
        for i in (0..lines.len()).filter(|&i| mentions(text(i), &renaming.name)) {
            let start = statement_start(depths, new, &lines, i);
            let end = statement_end(depths, i);
            parts.push(lines[start].start..lines[end].end);
            open = true;
        }
    }
    if open {
        with_imports(&mut parts, new, &renamings);
    }
    open.then_some(parts)
}

/// The renamings of the imports of `new`, the text of a version at `path`
/// (see [`renames::renamings`]): none outside Python and Rust.
fn renamings_of(path: &Path, new: &[u8]) -> Vec<Renaming> {
    let Ok(text) = std::str::from_utf8(new) else {
        return Vec::new();
    };
    let first_line = text.split('\n').next().unwrap_or_default();
    match Language::detect(path, first_line) {
        language @ (Language::Python | Language::Rust) => renames::renamings(language, text),
        Language::Notebook | Language::Text => Vec::new(),
    }
}

/// Adds to `parts` (sorted, disjoint ranges of `text`) the import statement
/// of each renamed name a part uses, so that the call is read as the
/// import says; keeps them sorted and disjoint.
fn with_imports(parts: &mut Vec<Range<usize>>, text: &[u8], renamings: &[Renaming]) {
    let used: Vec<Range<usize>> = renamings
        .iter()
        .filter(|r| {
            parts
                .iter()
                .any(|part| mentions(&text[part.clone()], &r.name))
        })
        .map(|r| r.statement.clone())
        .collect();
    parts.extend(used);
    parts.sort_by_key(|part| part.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(parts.len());
    for part in parts.drain(..) {
        match merged.last_mut() {
            Some(last) if last.end + 1 >= part.start => last.end = last.end.max(part.end),
            _ => merged.push(part),
        }
    }
    *parts = merged;
}

/// Whether `text` holds `name` as a whole identifier.
fn mentions(text: &[u8], name: &str) -> bool {
    let in_name = |b: Option<&u8>| {
        b.is_some_and(|&b| b == b'_' || b.is_ascii_alphanumeric() || !b.is_ascii())
    };
    memchr::memmem::find_iter(text, name.as_bytes()).any(|at| {
        !in_name(at.checked_sub(1).and_then(|i| text.get(i))) && !in_name(text.get(at + name.len()))
    })
}

/// The most lines a statement is followed back over to find its start.
const LONGEST_STATEMENT: usize = 200;

/// How many brackets are open at the start of each line of `text` (whose
/// lines are `lines`): `(`, `[` and `{` outside quotes on their line. Rough
/// on purpose, since it only widens what is analysed.
fn bracket_depths(text: &[u8], lines: &[Range<usize>]) -> Vec<usize> {
    let mut depth = 0usize;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        out.push(depth);
        let mut quote = None;
        for &b in &text[line.clone()] {
            match (quote, b) {
                (Some(q), b) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(b),
                (None, b'#') => break,
                (None, b'(' | b'[' | b'{') => depth += 1,
                (None, b')' | b']' | b'}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    out
}

/// The first line of the statement line `i` belongs to: back over lines
/// inside open brackets or after a `\` continuation, at most
/// [`LONGEST_STATEMENT`] of them.
fn statement_start(depths: &[usize], text: &[u8], lines: &[Range<usize>], i: usize) -> usize {
    let continued = |j: usize| trim_cr(&text[lines[j].clone()]).ends_with(b"\\");
    let mut start = i;
    while start > 0 && i - start < LONGEST_STATEMENT && (depths[start] > 0 || continued(start - 1))
    {
        start -= 1;
    }
    start
}

/// The last line of the statement line `i` starts: on over the lines the
/// brackets it opens keep open, at most [`LONGEST_STATEMENT`] of them.
fn statement_end(depths: &[usize], i: usize) -> usize {
    let mut end = i;
    while end + 1 < depths.len() && end - i < LONGEST_STATEMENT && depths[end + 1] > depths[i] {
        end += 1;
    }
    end
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

    /// The import that makes a call a credential position can come after
    /// the call: the version bringing it is where the secret comes in.
    #[test]
    fn an_import_renaming_a_credential_api_brings_the_calls_already_there() {
        let call = "a = B(\n    'svc',\n    'Kq7mZ2xRp9Lw4Tn8',\n)\nx = 1\n";
        let before = format!("import os\n\n{call}");
        let after = format!("from requests.auth import HTTPBasicAuth as B\n{before}");
        let parts = parts(&before, &after).unwrap();
        let shown: Vec<&str> = parts.iter().map(|r| &after[r.clone()]).collect();
        assert_eq!(
            shown,
            [
                "from requests.auth import HTTPBasicAuth as B",
                "a = B(\n    'svc',\n    'Kq7mZ2xRp9Lw4Tn8',\n)"
            ]
        );
        // An import that does not rename a credential API brings nothing.
        let after = format!("from collections import OrderedDict as B\n{before}");
        assert!(!gate(&before, &after));
    }

    #[test]
    fn a_value_changed_on_the_line_after_its_name_is_analysed() {
        let before = "PASSWORD = (\n    'first'\n)\n";
        assert!(gate(before, "PASSWORD = (\n    'second'\n)\n"));
        // Further below its name: the statement's start is looked for.
        let before = "password = (\n    'a'\n    'b'\n    'c'\n)\n";
        let after = "password = (\n    'a'\n    'b'\n    'Kq7mZ2xRp9Lw'\n)\n";
        let parts = parts(before, after).unwrap();
        assert!(parts[0].start == 0, "{parts:?}");
        let continued = "X = 1\npassword = 'a' \\\n    'b' \\\n    'c' \\\n    'd'\n";
        assert!(gate(
            "X = 1\npassword = 'a' \\\n    'b' \\\n    'c' \\\n    'e'\n",
            continued
        ));
        // A closed statement above is not this one.
        let before = "password = get()\nx = [\n    1,\n    2,\n    3,\n]\n";
        assert!(!gate(before, &before.replace("3,", "4,")));
    }

    /// The parts of `after` (at `path`) that history analyses, as text.
    fn shown(path: &str, before: &str, after: &str) -> Option<Vec<String>> {
        let parts = changed_parts(
            Path::new(path),
            &Lines::of(before.as_bytes()),
            after.as_bytes(),
            &Config::default(),
        )?;
        Some(parts.iter().map(|r| after[r.clone()].to_owned()).collect())
    }

    #[test]
    fn a_call_through_an_imported_alias_is_analysed_with_its_import() {
        // (path, import, call added after `x = 1` in `f`, what is analysed)
        let cases = [
            (
                "app.py",
                "from requests.auth import HTTPBasicAuth as B",
                "auth = B(\"svc\", \"Kq7mZ2xRp9Lw\")",
                Some(["from requests.auth import HTTPBasicAuth as B", "def f():"]),
            ),
            (
                "src/keys.rs",
                "use secrecy::SecretString as S;",
                "let k = S::new(\"Kq7mZ2xRp9Lw\".into());",
                Some(["use secrecy::SecretString as S;", "fn f() {"]),
            ),
            // The same name in a text file, or bound to no API, is no signal.
            (
                "notes.txt",
                "use secrecy::SecretString as S;",
                "let k = S::new(\"Kq7mZ2xRp9Lw\".into());",
                None,
            ),
            (
                "src/keys.rs",
                "use std::borrow::Cow as S;",
                "let k = S::from(\"Kq7mZ2xRp9Lw\");",
                None,
            ),
        ];
        for (path, import, call, expected) in cases {
            let header = if path.ends_with(".py") {
                "def f():"
            } else {
                "fn f() {"
            };
            let before = format!("{import}\n\n\n{header}\n    x = 1\n");
            let after = before.replace("    x = 1", &format!("    x = 1\n    {call}"));
            let expected = expected.map(|[import, header]| {
                vec![
                    import.to_owned(),
                    format!("{header}\n    x = 1\n    {call}"),
                ]
            });
            assert_eq!(shown(path, &before, &after), expected, "{path}: {import}");
        }
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
