//! Text written in escapes: `%67%68%70…` (URL encoding), `\u0067\u0068…`
//! (JSON and JavaScript strings), `\x67…`, and HTML character references
//! (`&#103;hp_…`, `&#x67;`, `&lowbar;`). A token written so is whole to
//! whoever decodes the text (a browser, a JSON parser, an HTTP server) and
//! to no scan of the text as written. Each run of token characters and
//! escapes holding an escape is decoded, when it decodes to text, with
//! where each decoded byte came from, so a token found in the decoded text
//! is reported over the escapes that write it.

use std::ops::Range;

/// Shortest decoded run searched for a token: shorter than any token the
/// provider table knows.
const DECODED_MIN_LEN: usize = 16;

/// The named character references a token's characters may be written
/// in (HTML5's names for the ASCII signs tokens hold, and those every page
/// escapes).
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("lowbar", '_'),
    ("UnderBar", '_'),
    ("hyphen", '-'),
    ("dash", '-'),
    ("period", '.'),
    ("sol", '/'),
    ("plus", '+'),
    ("equals", '='),
    ("colon", ':'),
];

/// A run of `text` written partly in escapes: its decoded text and, for
/// each decoded byte, the span of the source that wrote it.
pub(super) struct Escaped {
    pub decoded: String,
    pub sources: Vec<Range<usize>>,
}

impl Escaped {
    /// The span of the source that writes `decoded[span]`, and whether an
    /// escape writes part of it (otherwise the text holds it as written).
    pub fn source(&self, span: &Range<usize>) -> Option<(Range<usize>, bool)> {
        let first = self.sources.get(span.start)?;
        let last = self.sources.get(span.end.checked_sub(1)?)?;
        let source = first.start..last.end;
        Some((source.clone(), source.len() != span.len()))
    }
}

/// The characters a token is written in, and the separators of the text
/// around it a decoded run keeps (a quote, a space, as `%22`, `%20`).
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/' | b'+' | b'=' | b'~')
}

/// The escape at `i` of `b`: the bytes it decodes to (a percent-encoded
/// byte alone, which may be part of a UTF-8 character; a character's
/// UTF-8 otherwise) and its length in the source.
fn escape_at(b: &[u8], i: usize) -> Option<(Vec<u8>, usize)> {
    let hex = |from: usize, len: usize| -> Option<u32> {
        let digits = b.get(from..from + len)?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    let char_bytes = |c: u32| -> Option<Vec<u8>> {
        let c = char::from_u32(c)?;
        Some(c.to_string().into_bytes())
    };
    match (b[i], b.get(i + 1)) {
        (b'%', _) => Some((vec![u8::try_from(hex(i + 1, 2)?).ok()?], 3)),
        (b'\\', Some(b'u')) => Some((char_bytes(hex(i + 2, 4)?)?, 6)),
        (b'\\', Some(b'x')) => Some((char_bytes(hex(i + 2, 2)?)?, 4)),
        (b'&', Some(b'#')) => {
            let (from, radix) = match b.get(i + 2) {
                Some(b'x' | b'X') => (i + 3, 16),
                _ => (i + 2, 10),
            };
            let len = b[from..]
                .iter()
                .take(8)
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            if len == 0 || b.get(from + len) != Some(&b';') {
                return None;
            }
            let digits = std::str::from_utf8(&b[from..from + len]).ok()?;
            let c = u32::from_str_radix(digits, radix).ok()?;
            Some((char_bytes(c)?, from + len + 1 - i))
        }
        (b'&', _) => {
            let rest = &b[i + 1..];
            NAMED.iter().find_map(|(name, c)| {
                (rest.starts_with(name.as_bytes()) && rest.get(name.len()) == Some(&b';'))
                    .then(|| (c.to_string().into_bytes(), name.len() + 2))
            })
        }
        _ => None,
    }
}

/// The runs of `text` of token characters and escapes that hold an escape
/// and decode to text ([`DECODED_MIN_LEN`] bytes or more, no control
/// character). Linear: each byte is read once or twice.
pub(super) fn escaped_texts(text: &str) -> Vec<Escaped> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // Every byte before `done` belongs to a run already read.
    let mut done = 0;
    let mut at = 0;
    while let Some(k) = memchr::memchr3(b'%', b'\\', b'&', &b[at..]) {
        let i = at + k;
        if escape_at(b, i).is_none() {
            at = i + 1;
            continue;
        }
        let mut start = i;
        while start > done && is_token_byte(b[start - 1]) {
            start -= 1;
        }
        let mut decoded = Vec::new();
        let mut sources = Vec::new();
        let mut j = start;
        while j < b.len() {
            if let Some((bytes, len)) = escape_at(b, j) {
                sources.extend(std::iter::repeat_n(j..j + len, bytes.len()));
                decoded.extend(bytes);
                j += len;
            } else if is_token_byte(b[j]) {
                decoded.push(b[j]);
                sources.push(j..j + 1);
                j += 1;
            } else {
                break;
            }
        }
        done = j;
        at = j.max(i + 1);
        if decoded.len() < DECODED_MIN_LEN {
            continue;
        }
        let Ok(decoded) = String::from_utf8(decoded) else {
            continue;
        };
        if decoded.chars().any(char::is_control) {
            continue;
        }
        out.push(Escaped { decoded, sources });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(text: &str) -> Vec<String> {
        escaped_texts(text).into_iter().map(|e| e.decoded).collect()
    }

    #[test]
    fn each_escape_is_decoded_with_where_it_came_from() {
        let plain = "abcdefgh_ijklmnop";
        let percent: String = plain.bytes().map(|b| format!("%{b:02X}")).collect();
        let unicode: String = plain.bytes().map(|b| format!("\\u{b:04x}")).collect();
        let html = format!("&#97;&#x62;c{}", &plain[3..]).replace('_', "&lowbar;");
        for text in [&percent, &unicode, &html] {
            let found = escaped_texts(&format!("x = \"{text}\";"));
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].decoded, plain);
            let (span, escaped) = found[0].source(&(0..plain.len())).unwrap();
            assert_eq!(span, 5..5 + text.len());
            assert!(escaped);
        }
        // A span decoded from no escape is as written.
        let tail = format!("%61{}", &plain[1..]);
        let found = escaped_texts(&tail);
        assert_eq!(
            found[0].source(&(1..plain.len())),
            Some((3..tail.len(), false))
        );
    }

    #[test]
    fn what_decodes_to_no_text_or_too_little_is_left() {
        // Bytes that are no UTF-8, a control character, a short run, and a
        // percent sign before no hex digits.
        assert!(decoded("%E9%FFabcdefghijklmnopq").is_empty());
        assert!(decoded("\\u0000abcdefghijklmnopq").is_empty());
        assert!(decoded("a%20b").is_empty());
        assert!(decoded("100%zz of abcdefghijklmnopq").is_empty());
        assert_eq!(decoded("x=\"abcdefgh%2Bijklmnop\""), ["abcdefgh+ijklmnop"]);
    }
}
