//! Text written in escapes: `%67%68%70…` (URL encoding), `\u0067\u0068…`
//! (JSON and JavaScript strings), `\x67…`, the other forms languages
//! decode (see [`escape_at`]), and HTML character references
//! (`&#103;hp_…`, `&#x67;`, `&lowbar;`). A token written so is whole to
//! whoever decodes the text (a browser, a JSON parser, an HTTP server) and
//! to no scan of the text as written. Each run of token characters and
//! escapes holding an escape is decoded, when it decodes to text, with
//! where each decoded byte came from, so a token found in the decoded text
//! is reported over the escapes that write it. A run is cut where it
//! decodes to no text (a byte of no character, a control character), so a
//! token beside `%0A` or `\u0000` is still read whole.

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
/// or octal byte alone, which may be part of a UTF-8 character; a
/// character's UTF-8 otherwise) and its length in the source. The forms
/// are those a language or format decodes: `%67` (URLs), `%u0067`
/// (JavaScript's `unescape`), `\u0067`, `\u{67}` (JavaScript, Rust, Swift,
/// PHP, Ruby), `\U00000067` (Python, C), `\x67`, `\147` (up to three octal
/// digits, as C, Python and shells write a byte: `\60` is `0`), and HTML's character
/// references, numeric ones with or without their `;` and with any count
/// of leading zeros (as a browser reads them). A backslash form written
/// with its backslash escaped (`\\u0067`: JSON inside a string literal)
/// is decoded as the escape the inner text holds. What no one reader
/// decodes is left: `%2567` is `%67` to the reader of the URL, and a
/// token encoded twice over is deliberate, not a form text takes.
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
        (b'%', Some(b'u')) => Some((char_bytes(hex(i + 2, 4)?)?, 6)),
        (b'%', _) => Some((vec![u8::try_from(hex(i + 1, 2)?).ok()?], 3)),
        (b'\\', Some(b'\\')) => {
            // Only a backslash form: `\\%…` and `\\&…` are no escapes.
            let (bytes, len) = backslash_escape(b, i + 1, &hex, &char_bytes)?;
            Some((bytes, len + 1))
        }
        (b'\\', _) => backslash_escape(b, i, &hex, &char_bytes),
        (b'&', Some(b'#')) => {
            let (from, radix) = match b.get(i + 2) {
                Some(b'x' | b'X') => (i + 3, 16),
                _ => (i + 2, 10),
            };
            // Every digit is the number's (a browser reads them all); past
            // the largest character the reference is no character.
            let len = b[from..]
                .iter()
                .take_while(|&&c| char::from(c).is_digit(radix))
                .count();
            if len == 0 {
                return None;
            }
            let c = b[from..from + len].iter().try_fold(0u32, |n, &d| {
                let n = n * radix + char::from(d).to_digit(radix)?;
                (n <= 0x10_FFFF).then_some(n)
            })?;
            let end = from + len + usize::from(b.get(from + len) == Some(&b';'));
            Some((char_bytes(c)?, end - i))
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

/// The escape a backslash at `i` of `b` opens: `\u0067`, `\u{67}`,
/// `\U00000067`, `\x67`, `\147`.
fn backslash_escape(
    b: &[u8],
    i: usize,
    hex: &dyn Fn(usize, usize) -> Option<u32>,
    char_bytes: &dyn Fn(u32) -> Option<Vec<u8>>,
) -> Option<(Vec<u8>, usize)> {
    match b.get(i + 1)? {
        b'u' if b.get(i + 2) == Some(&b'{') => {
            let len = (b[i + 3..].iter())
                .take(7)
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            if !(1..=6).contains(&len) || b.get(i + 3 + len) != Some(&b'}') {
                return None;
            }
            Some((char_bytes(hex(i + 3, len)?)?, len + 4))
        }
        b'u' => Some((char_bytes(hex(i + 2, 4)?)?, 6)),
        b'U' => Some((char_bytes(hex(i + 2, 8)?)?, 10)),
        b'x' => Some((char_bytes(hex(i + 2, 2)?)?, 4)),
        b'0'..=b'7' => {
            // As C and Python read it: up to three digits, as many as
            // follow (`\60` is `0`); three past 255 are no byte (C
            // refuses them, Python reads a character past Latin-1).
            let run = (b[i + 1..].iter().take(3))
                .take_while(|d| (b'0'..=b'7').contains(d))
                .count();
            if run == 3 && b[i + 1] > b'3' {
                return None;
            }
            let digits = &b[i + 1..i + 1 + run];
            let byte = digits.iter().fold(0u8, |n, d| n * 8 + (d - b'0'));
            Some((vec![byte], 1 + run))
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
        push_texts(&decoded, &sources, &mut out);
    }
    out
}

/// The pieces of a decoded run that are text, [`DECODED_MIN_LEN`] bytes or
/// more with an escape in them: the run cut at the bytes that are no UTF-8
/// and at control characters. A token written in escapes is whole to its
/// reader whatever the run holds after it (`…%0A`, `…%FF`, `\u0000…`), and
/// dropping the whole run for one such escape lost it (a19 #3).
fn push_texts(decoded: &[u8], sources: &[Range<usize>], out: &mut Vec<Escaped>) {
    let mut push = |piece: Range<usize>| {
        let written = &sources[piece.clone()];
        if piece.len() >= DECODED_MIN_LEN && written.iter().any(|s| s.len() > 1) {
            if let Ok(text) = std::str::from_utf8(&decoded[piece]) {
                out.push(Escaped {
                    decoded: text.to_owned(),
                    sources: written.to_vec(),
                });
            }
        }
    };
    let mut at = 0;
    for chunk in decoded.utf8_chunks() {
        let valid = chunk.valid();
        let mut start = 0;
        for (i, c) in valid.char_indices().filter(|(_, c)| c.is_control()) {
            push(at + start..at + i);
            start = i + c.len_utf8();
        }
        push(at + start..at + valid.len());
        at += valid.len() + chunk.invalid().len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run that also holds bytes that are no text is cut there, and the
    /// text on either side is kept with where it came from (a19 #3).
    #[test]
    fn a_run_is_cut_at_what_decodes_to_no_text() {
        let plain = "abcdefgh_ijklmnop";
        let percent: String = plain.bytes().map(|b| format!("%{b:02X}")).collect();
        for (before, after) in [("", "%0A"), ("", "%FF"), ("%C3", ""), ("\\u0000", "%0D%0A")] {
            let text = format!("t: {before}{percent}{after} ");
            let found = escaped_texts(&text);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].decoded, plain, "{text}");
            let start = 3 + before.len();
            assert_eq!(
                found[0].source(&(0..plain.len())),
                Some((start..start + percent.len(), true)),
                "{text}"
            );
        }
        // A C1 control character (two bytes of UTF-8) cuts as well.
        let found = escaped_texts(&format!("{percent}%C2%85{percent}"));
        assert_eq!(found.len(), 2);
    }

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

    /// The other forms languages and formats decode (a19 #4), each over
    /// its whole source; forms no one reader decodes are left as written.
    #[test]
    fn every_form_a_reader_decodes_is_decoded() {
        let plain = "abcdefgh_ijklmnop";
        let each = |f: &dyn Fn(u8) -> String| plain.bytes().map(f).collect::<String>();
        let forms = [
            each(&|b| format!("\\u{{{b:x}}}")),
            each(&|b| format!("\\U{:08x}", u32::from(b))),
            each(&|b| format!("\\{b:03o}")),
            each(&|b| format!("&#{b}")),
            each(&|b| format!("&#00000000{b};")),
            each(&|b| format!("%u{:04X}", u32::from(b))),
            each(&|b| format!("\\\\u{:04x}", u32::from(b))),
        ];
        for text in &forms {
            let found = escaped_texts(&format!("x = \"{text}\";"));
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].decoded, plain, "{text}");
            assert_eq!(
                found[0].source(&(0..plain.len())),
                Some((5..5 + text.len(), true)),
                "{text}"
            );
        }
        // Octal in as few digits as the value needs, as C and Python read
        // it (a21 #7): `\60` is `0`, and a fourth digit is text.
        let digits = "0123456789_abcdefgh";
        let short: String = digits.bytes().map(|b| format!("\\{b:o}")).collect();
        assert!(short.starts_with("\\60\\61"), "{short}");
        assert_eq!(decoded(&short), [digits]);
        assert_eq!(decoded(&format!("\\1411{short}")), [format!("a1{digits}")]);
        // Encoded twice, the text decodes once; past the last character,
        // over a byte, or with no digits, there is no escape.
        let twice = each(&|b| format!("%25{b:02X}"));
        assert_eq!(decoded(&twice), [each(&|b| format!("%{b:02X}"))]);
        let percent = each(&|b| format!("%{b:02X}"));
        for (escape, kept) in [
            ("\\u{110000}", ""),
            ("\\400", "400"),
            ("&#1114112;", ""),
            ("&#x;", ""),
        ] {
            let text = format!("{escape}{percent}");
            assert_eq!(decoded(&text), [format!("{kept}{plain}")], "{text}");
        }
    }

    #[test]
    fn what_decodes_to_no_text_or_too_little_is_left() {
        // Bytes that are no UTF-8 or a control character, with no escape
        // in the text beside them, a short run, and a percent sign before
        // no hex digits.
        assert!(decoded("%E9%FFabcdefghijklmnopq").is_empty());
        assert!(decoded("\\u0000abcdefghijklmnopq").is_empty());
        assert!(decoded("a%20b").is_empty());
        assert!(decoded("100%zz of abcdefghijklmnopq").is_empty());
        assert_eq!(decoded("x=\"abcdefgh%2Bijklmnop\""), ["abcdefgh+ijklmnop"]);
    }
}
