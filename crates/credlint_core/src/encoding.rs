//! Text in the other Unicode encodings: UTF-16 and UTF-32 told by their
//! byte-order mark, as Windows tools write them (PowerShell's `Out-File`,
//! `.reg` exports, Visual Studio's resource files). Their bytes are dense
//! with NULs, so a binary sniff alone would skip them, and a token written
//! to one would never be seen. Like ripgrep, only a byte-order mark makes
//! such a file text: without one, UTF-16 cannot be told from binary records
//! reliably.

use std::borrow::Cow;

/// A Unicode encoding other than UTF-8, named by its byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Encoding {
    /// The encoding whose byte-order mark `bytes` start with, if any. The
    /// UTF-32 little-endian mark starts with UTF-16's, so it is asked first.
    pub fn of(bytes: &[u8]) -> Option<Encoding> {
        match bytes {
            [0xff, 0xfe, 0, 0, ..] => Some(Encoding::Utf32Le),
            [0, 0, 0xfe, 0xff, ..] => Some(Encoding::Utf32Be),
            [0xff, 0xfe, ..] => Some(Encoding::Utf16Le),
            [0xfe, 0xff, ..] => Some(Encoding::Utf16Be),
            _ => None,
        }
    }

    fn unit(self) -> usize {
        match self {
            Encoding::Utf16Le | Encoding::Utf16Be => 2,
            Encoding::Utf32Le | Encoding::Utf32Be => 4,
        }
    }

    /// `bytes` (mark included) as UTF-8 text without the mark. What does not
    /// decode (a lone surrogate, a code point out of range, a cut-off last
    /// unit) becomes U+FFFD, as a lossy UTF-8 read does.
    pub fn decode(self, bytes: &[u8]) -> String {
        let size = self.unit();
        let body = bytes.get(size..).unwrap_or_default();
        let units = body.chunks_exact(size);
        let cut_off = !units.remainder().is_empty();
        let mut text: String = match self {
            Encoding::Utf16Le | Encoding::Utf16Be => {
                let words = units.map(|unit| {
                    let unit = [unit[0], unit[1]];
                    match self {
                        Encoding::Utf16Le => u16::from_le_bytes(unit),
                        _ => u16::from_be_bytes(unit),
                    }
                });
                char::decode_utf16(words)
                    .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                    .collect()
            }
            Encoding::Utf32Le | Encoding::Utf32Be => units
                .map(|unit| {
                    let unit = [unit[0], unit[1], unit[2], unit[3]];
                    let word = match self {
                        Encoding::Utf32Le => u32::from_le_bytes(unit),
                        _ => u32::from_be_bytes(unit),
                    };
                    char::from_u32(word).unwrap_or(char::REPLACEMENT_CHARACTER)
                })
                .collect(),
        };
        if cut_off {
            text.push(char::REPLACEMENT_CHARACTER);
        }
        text
    }
}

/// `bytes` as the engine reads them: UTF-16 or UTF-32 with a byte-order mark
/// decoded to UTF-8 (`true` when so), anything else as it is.
pub fn to_utf8(bytes: Cow<'_, [u8]>) -> (Cow<'_, [u8]>, bool) {
    match Encoding::of(&bytes) {
        Some(encoding) => (Cow::Owned(encoding.decode(&bytes).into_bytes()), true),
        None => (bytes, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big: bool) -> Vec<u8> {
        let mut out = if big {
            vec![0xfe, 0xff]
        } else {
            vec![0xff, 0xfe]
        };
        for unit in text.encode_utf16() {
            out.extend(match big {
                true => unit.to_be_bytes(),
                false => unit.to_le_bytes(),
            });
        }
        out
    }

    fn utf32(text: &str, big: bool) -> Vec<u8> {
        let mark = if big {
            [0, 0, 0xfe, 0xff]
        } else {
            [0xff, 0xfe, 0, 0]
        };
        let mut out = mark.to_vec();
        for c in text.chars() {
            out.extend(match big {
                true => (c as u32).to_be_bytes(),
                false => (c as u32).to_le_bytes(),
            });
        }
        out
    }

    #[test]
    fn decodes_each_marked_encoding() {
        let text = "TOKEN=é𝄞\r\nx";
        for (bytes, encoding) in [
            (utf16(text, false), Encoding::Utf16Le),
            (utf16(text, true), Encoding::Utf16Be),
            (utf32(text, false), Encoding::Utf32Le),
            (utf32(text, true), Encoding::Utf32Be),
        ] {
            assert_eq!(Encoding::of(&bytes), Some(encoding));
            assert_eq!(encoding.decode(&bytes), text, "{encoding:?}");
        }
    }

    #[test]
    fn unmarked_bytes_are_left_alone() {
        let (bytes, decoded) = to_utf8(Cow::Borrowed(b"a=1\n\xef\xbb\xbf"));
        assert!(!decoded);
        assert_eq!(&*bytes, b"a=1\n\xef\xbb\xbf");
        assert_eq!(Encoding::of(b"\xef\xbb\xbfa"), None); // UTF-8's own mark
        assert_eq!(Encoding::of(b""), None);
    }

    #[test]
    fn broken_units_become_replacement_characters() {
        // A lone high surrogate, then an odd last byte.
        let bytes = [0xff, 0xfe, 0x00, 0xd8, b'a', 0, b'b'];
        assert_eq!(Encoding::Utf16Le.decode(&bytes), "\u{fffd}a\u{fffd}");
        let bytes = [0, 0, 0xfe, 0xff, 0, 0x11, 0, 0, 0, 0, 0, b'a', 1];
        assert_eq!(Encoding::Utf32Be.decode(&bytes), "\u{fffd}a\u{fffd}");
    }
}
