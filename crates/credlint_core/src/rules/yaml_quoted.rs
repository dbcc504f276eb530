//! YAML quoted scalars wrapped over several lines, for
//! `secret/hardcoded-credential`: `password: "…` on one line and the rest,
//! indented, up to the closing quote on the next ones. A YAML writer folds a
//! long value so (PyYAML and ruamel wrap at 80 columns, escaping the break
//! with `\` in a double-quoted scalar), and so does a person keeping a
//! token inside the margin; the `key = value` scan reads one line and finds
//! no closing quote there.
//!
//! The pieces are judged joined, as the one value they were cut from: a
//! sentence wrapped over lines still holds its spaces, which no secret
//! does, so prose under a credential key (`password: "Enter the password`
//! then `for the database"`) stays quiet.

use super::hardcoded_credential::report_span;
use super::Candidate;
use crate::value::{credential_kind, looks_like_secret};
use regex::Regex;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

/// How many lines a wrapped value may run over: a key or a token folded at
/// 80 columns takes a few; a longer quoted text is a document, not a value.
const MAX_LINES: usize = 16;

/// Whether `path` is a YAML file, the one format whose quoted scalars run
/// over lines.
pub fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Judges the quoted values that open on one of `lines` of `text` under a
/// credential key and close on a later line.
pub fn check(text: &str, lines: &[Range<usize>], out: &mut Vec<Candidate>) {
    for line in lines {
        let Some(caps) = OPENING.captures(&text[line.clone()]) else {
            continue;
        };
        let name = caps.get(1).or(caps.get(2)).or(caps.get(3)).expect("a name");
        let Some(kind) = credential_kind(name.as_str()) else {
            continue;
        };
        let quote = caps[4].as_bytes()[0];
        let first = caps.get(5).expect("the first piece");
        if closing(first.as_str(), quote).is_some() {
            continue;
        }
        let Some((value, span)) = wrapped(text, line.start + first.start(), line.end, quote) else {
            continue;
        };
        if looks_like_secret(kind, name.as_str(), &value) {
            report_span(name.as_str(), &value, span, out);
        }
    }
}

/// A key whose value opens a quote: `password: "…`, `- 'api_key': '…`,
/// after an anchor (`&name`) if any. The rest of the line is the first
/// piece.
static OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^[ \t]*(?:-[ \t]+)?(?:"([^"\r\n]+)"|'([^'\r\n]+)'|([A-Za-z_][A-Za-z0-9_.\-]*))[ \t]*:[ \t]+(?:&[A-Za-z0-9_-]+[ \t]+)?(["'])([^\r\n]*)"#,
    )
    .expect("valid regex")
});

/// Where the closing `quote` is in `piece`: a `\"` does not close a
/// double-quoted scalar, and `''` is a quote inside a single-quoted one.
fn closing(piece: &str, quote: u8) -> Option<usize> {
    let bytes = piece.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            b if b == quote => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The pieces of a quoted scalar opening at `start` (its first piece runs to
/// `line_end`) joined, and the span from its first character to its last,
/// when a line within [`MAX_LINES`] closes it and nothing but a comment
/// follows the closing quote. Each piece is trimmed of the indentation and
/// blanks around it, and of the `\` that escapes a line break.
fn wrapped(text: &str, start: usize, line_end: usize, quote: u8) -> Option<(String, Range<usize>)> {
    let piece = |from: usize, to: usize| {
        let s = text[from..to].trim_end();
        let s = if quote == b'"' {
            s.strip_suffix('\\').unwrap_or(s)
        } else {
            s
        };
        let lead = s.len() - s.trim_start().len();
        (from + lead, s.trim())
    };
    let (first, head) = piece(start, line_end);
    let mut value = head.to_owned();
    // The span runs from the first character of the first piece that has
    // one (`token: "` may leave the opening line empty) to the last.
    let mut span = (!head.is_empty()).then_some(first..first + head.len());
    let mut at = line_end;
    for _ in 0..MAX_LINES {
        let from = at + 1;
        if from > text.len() {
            return None;
        }
        let to = memchr::memchr(b'\n', &text.as_bytes()[from..]).map_or(text.len(), |i| from + i);
        let line = &text[from..to];
        let close = closing(line, quote);
        let (piece_start, piece) = piece(from, close.map_or(to, |c| from + c));
        value.push_str(piece);
        if !piece.is_empty() {
            let end = piece_start + piece.len();
            span = Some(span.map_or(piece_start, |s| s.start)..end);
        }
        if let Some(close) = close {
            let after = line[close + 1..].trim();
            let closed = after.is_empty() || after.starts_with('#');
            return span.filter(|_| closed).map(|span| (value, span));
        }
        at = to;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(text: &str) -> Option<String> {
        let line_end = text.find('\n').unwrap();
        let caps = OPENING.captures(&text[..line_end]).unwrap();
        let first = caps.get(5).unwrap();
        wrapped(text, first.start(), line_end, caps[4].as_bytes()[0]).map(|(v, span)| {
            assert!(text[span].starts_with(&v[..2]));
            v
        })
    }

    #[test]
    fn wrapped_pieces_are_joined() {
        assert_eq!(joined("a: \"ab\\\n   cd\"\n").as_deref(), Some("abcd"));
        assert_eq!(joined("a: 'ab\n   cd'  # c\n").as_deref(), Some("abcd"));
        assert_eq!(joined("a: 'it''s\n  x'\n").as_deref(), Some("it''sx"));
        assert_eq!(joined("a: \"ab\n  cd\" trailing\n"), None);
        assert_eq!(joined("a: \"ab\n  cd\n"), None);
    }

    #[test]
    fn closing_quotes_skip_escapes() {
        assert_eq!(closing(r#"a\"b"c"#, b'"'), Some(4));
        assert_eq!(closing("a''b'c", b'\''), Some(4));
        assert_eq!(closing("abc", b'"'), None);
    }
}
