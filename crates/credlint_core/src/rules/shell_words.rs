//! Shell words glued from quoted and unquoted pieces, for
//! `secret/hardcoded-credential`: `TOKEN=word"…"`, `API_KEY=$'…'tail`. A
//! shell, a dotenv loader and Docker read the pieces of one word as one
//! value, with the quotes taken out; the `key = value` scan stops an
//! unquoted value at its first quote, and judged `word` alone (a18 #6). A
//! value opening with its quote (`TOKEN="…"tail`) is the scan's: its
//! quoted part is judged as written, and the excerpt hides its tail.
//!
//! A word that expands anything (`$VAR`, `${…}`, `$(…)`, a backquote) or
//! escapes anything (`\`) is no literal, and is left alone.

use super::hardcoded_credential::report_span;
use super::Candidate;
use crate::comments::Syntax;
use crate::value::{credential_kind, looks_like_secret};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Whether a document of `syntax` reads `NAME=a"b"c` as one word, `abc`.
pub fn joins_words(syntax: Syntax) -> bool {
    matches!(syntax, Syntax::Shell | Syntax::Dotenv | Syntax::Dockerfile)
}

/// An assignment whose value opens with an unquoted piece glued to a quote
/// (`TOKEN=word"`, `export PASSWORD=ab'`), or with ANSI-C quoting
/// (`API_KEY=$'`): group 1 the name, group 2 the word's start.
static GLUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:^|[\s;])(?:(?:export|ENV|ARG|local|readonly|declare(?:[ \t]+-[a-zA-Z]+)*)[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=((?:[^\s"'$\\`;|&<>()]+|\$)["'])"#,
    )
    .expect("valid regex")
});

/// Judges the glued words of `lines` of `text` assigned to a credential's
/// name, joined as the shell joins them.
pub fn check(text: &str, lines: &[Range<usize>], out: &mut Vec<Candidate>) {
    for line in lines {
        let line_text = &text[line.clone()];
        if !line_text.contains(['"', '\'']) {
            continue;
        }
        for caps in GLUED.captures_iter(line_text) {
            let (Some(name), Some(word)) = (caps.get(1), caps.get(2)) else {
                continue;
            };
            let Some(kind) = credential_kind(name.as_str()) else {
                continue;
            };
            let Some((value, end)) = shell_word(&line_text[word.start()..]) else {
                continue;
            };
            if looks_like_secret(kind, name.as_str(), &value) {
                let start = line.start + word.start();
                report_span(name.as_str(), &value, start..start + end, out);
            }
        }
    }
}

/// The value of the shell word `text` opens with, quotes taken out, and
/// its length in `text`: `None` when a piece expands or escapes anything,
/// or a quote is not closed on the line.
fn shell_word(text: &str) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut value = String::new();
    let mut at = 0;
    while at < b.len() {
        match b[at] {
            b' ' | b'\t' | b'\r' | b'\n' | b';' => break,
            b'\\' | b'`' => return None,
            b'$' if matches!(b.get(at + 1), Some(b'\'' | b'"')) => at += 1,
            b'$' => return None,
            quote @ (b'"' | b'\'') => {
                let close = at + 1 + memchr::memchr(quote, &b[at + 1..])?;
                let body = &text[at + 1..close];
                if body.contains(['\\', '\n']) || quote == b'"' && body.contains(['$', '`']) {
                    return None;
                }
                value.push_str(body);
                at = close + 1;
            }
            _ => {
                let run = b[at..]
                    .iter()
                    .take_while(|&&c| !b" \t\r\n;\\`$\"'".contains(&c))
                    .count();
                value.push_str(&text[at..at + run]);
                at += run;
            }
        }
    }
    Some((value, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_join_as_the_shell_reads_them() {
        let word = |text: &str| shell_word(text).map(|(value, _)| value);
        assert_eq!(word(r#"ab"cd"'ef'g rest"#).as_deref(), Some("abcdefg"));
        assert_eq!(word(r#"$'ab'cd;"#).as_deref(), Some("abcd"));
        assert_eq!(shell_word(r#"ab"cd" x"#).map(|(_, end)| end), Some(6));
        for expands in [
            r#"ab"$X""#,
            r#"ab"${X}""#,
            r#"$X"ab""#,
            r#"ab\"cd"#,
            r#"ab"cd"#,
        ] {
            assert_eq!(word(expands), None, "{expands}");
        }
        // Single quotes keep a `$` as written.
        assert_eq!(word(r#"ab'c$d'"#).as_deref(), Some("abc$d"));
    }
}
