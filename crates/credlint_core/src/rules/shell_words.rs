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

/// The value part of each shell word of `text` that holds one of `spans`,
/// for excerpts: a shell word is one value however it is quoted, so the
/// unquoted head before a hidden quoted part (`PASSWORD=head'…'`), what is
/// glued after it (`'…'tail`, `…,\ tail`) and what an empty pair of quotes
/// joins (`…""tail`) are as secret as the part the rules reported. A word
/// runs to a blank, `;`, `|` or `&` outside quotes and not escaped; its
/// value starts after the `=` of `NAME=`. Quotes left open run to the end of
/// the line. Nothing is judged: a word that holds a hidden span and is
/// glued from pieces (a quote or an escape in it) is hidden whole,
/// expansions and all; a plain word (a URL with a password in it) keeps
/// what the rules hid of it.
pub fn words_around(text: &str, spans: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // The line in hand, its words and how many of them were looked at:
    // spans come in order, so each line is split once and each word judged
    // once, and a long line of many spans stays linear.
    let mut line = 0..0;
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut seen = 0;
    for span in spans {
        if span.start < line.start || span.start > line.end || line.is_empty() {
            let from = if span.start >= line.end { line.end } else { 0 };
            let start = text[from..span.start]
                .rfind('\n')
                .map_or(from, |i| from + i + 1);
            let end = text[span.start..]
                .find('\n')
                .map_or(text.len(), |i| span.start + i);
            line = start..end;
            words = line_words(text, line.clone());
            seen = 0;
        }
        let mut at = seen.max(words.partition_point(|word| word.end <= span.start));
        while let Some(word) = words.get(at).filter(|word| word.start < span.end) {
            if text[word.clone()].contains(['"', '\'', '\\']) {
                let value = assignment_value(&text[word.clone()]);
                out.push(word.start + value..word.end);
            }
            at += 1;
        }
        seen = at;
    }
    out
}

/// The shell words of the line `line` of `text`, as byte ranges.
fn line_words(text: &str, line: Range<usize>) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut words = Vec::new();
    let mut word_start = None;
    let mut quote = None;
    let mut at = line.start;
    while at < line.end {
        let c = b[at];
        match quote {
            Some(q) if c == q => quote = None,
            Some(b'"') if c == b'\\' => at += 1,
            Some(_) => {}
            None if c == b'\\' => {
                word_start.get_or_insert(at);
                at += 1;
            }
            None if c.is_ascii_whitespace() || b";|&".contains(&c) => {
                if let Some(start) = word_start.take() {
                    words.push(start..at);
                }
            }
            None => {
                word_start.get_or_insert(at);
                if c == b'"' || c == b'\'' || c == b'`' {
                    quote = Some(c);
                }
            }
        }
        at += 1;
    }
    if let Some(start) = word_start {
        words.push(start..line.end.min(text.len()));
    }
    words
}

/// Where the value of the shell word `word` starts: after the `=` of a
/// leading `NAME=`, else at its start.
fn assignment_value(word: &str) -> usize {
    let name = word
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    match word.as_bytes().get(name) {
        Some(b'=') if name > 0 => name + 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_span_hides_its_whole_shell_word() {
        let around = |text: &str, hidden: &str| {
            let at = text.find(hidden).unwrap();
            let span = at..at + hidden.len();
            words_around(text, std::slice::from_ref(&span))
                .into_iter()
                .map(|r| text[r].to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            around("export A=1 DB_PASSWORD=head_='secret'tail B=2\n", "secret"),
            ["head_='secret'tail"]
        );
        assert_eq!(
            around("P=ab,\\ cd\"$(x)\" next", "ab"),
            ["ab,\\ cd\"$(x)\""]
        );
        assert_eq!(around("P=\"a;b\"; echo", "a;b"), ["\"a;b\""]);
        assert_eq!(around("x\nENV P=''pw\"open", "pw"), ["''pw\"open"]);
        assert!(around("U=postgres://u:pw@host/db", "pw").is_empty());
    }

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
