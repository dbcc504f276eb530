//! Text in the other Unicode encodings: UTF-16 and UTF-32 told by their
//! byte-order mark, as Windows tools write them (PowerShell's `Out-File`,
//! `.reg` exports, Visual Studio's resource files), and UTF-16 without one
//! when it is mostly ASCII text (git writes a file with the
//! `working-tree-encoding=UTF-16LE` attribute so, as does .NET's
//! `UnicodeEncoding(false, false)`). Their bytes are dense with NULs, so a
//! binary sniff alone would skip them, and a token written to one would
//! never be seen. Unmarked UTF-16 of other scripts than Latin, and
//! unmarked UTF-32, cannot be told from binary records reliably and stay
//! binary.

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
    /// Without a mark, UTF-16 whose first 8 KiB are mostly ASCII text (see
    /// [`unmarked_utf16`]), in either byte order, whatever its first
    /// character.
    pub fn of(bytes: &[u8]) -> Option<Encoding> {
        match bytes {
            [0xff, 0xfe, 0, 0, ..] => Some(Encoding::Utf32Le),
            [0, 0, 0xfe, 0xff, ..] => Some(Encoding::Utf32Be),
            [0xff, 0xfe, ..] => Some(Encoding::Utf16Le),
            [0xfe, 0xff, ..] => Some(Encoding::Utf16Be),
            // Whatever the first character: `“`, `→`, `€`, `設` hold no NUL
            // (a11 #4); the units after it tell.
            _ if bytes[..bytes.len().min(SNIFF)].contains(&0) => {
                unmarked_utf16(bytes, Encoding::Utf16Le)
                    .or_else(|| unmarked_utf16(bytes, Encoding::Utf16Be))
            }
            _ => None,
        }
    }

    /// The byte-order mark.
    fn mark(self) -> &'static [u8] {
        match self {
            Encoding::Utf16Le => &[0xff, 0xfe],
            Encoding::Utf16Be => &[0xfe, 0xff],
            Encoding::Utf32Le => &[0xff, 0xfe, 0, 0],
            Encoding::Utf32Be => &[0, 0, 0xfe, 0xff],
        }
    }

    fn unit(self) -> usize {
        match self {
            Encoding::Utf16Le | Encoding::Utf16Be => 2,
            Encoding::Utf32Le | Encoding::Utf32Be => 4,
        }
    }

    /// `bytes` (with or without the mark) as UTF-8 text without the mark.
    /// What does not decode (a lone surrogate, a code point out of range, a
    /// cut-off last unit) becomes U+FFFD, as a lossy UTF-8 read does; a
    /// lone last line break or space byte (see [`stray_end`]) is kept as
    /// that character; padding at the end (see [`is_padding`]) is dropped.
    pub fn decode(self, bytes: &[u8]) -> String {
        let size = self.unit();
        let body = bytes.strip_prefix(self.mark()).unwrap_or(bytes);
        let units = body.chunks_exact(size);
        let cut_off = match units.remainder() {
            [] => None,
            &[byte] if stray_end(byte) => Some(char::from(byte)),
            &[byte] if is_padding(byte) => None,
            _ => Some(char::REPLACEMENT_CHARACTER),
        };
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
        text.extend(cut_off);
        let kept = text.trim_end_matches(['\0', '\u{1a}']).len();
        text.truncate(kept);
        text
    }
}

/// Bytes sniffed for unmarked UTF-16, as for binary content.
const SNIFF: usize = 8192;

/// A single byte after the last whole unit that a byte-oriented tool
/// appended to a file of units: `echo >> a.env` adds a one-byte `\n`,
/// an editor in the wrong encoding a `\r` or a space (a12 #8). Read as
/// that character rather than as a sign of binary content.
fn stray_end(byte: u8) -> bool {
    matches!(byte, b'\n' | b'\r' | b' ')
}

/// What tools leave after the text of a file rather than in it, a byte or
/// whole units of it: NULs (a buffer written whole, a NUL-terminated
/// string) and DOS's end-of-file mark, Ctrl-Z (a13 #8). The text ends
/// before them; a file of units with one such odd byte is no binary record.
fn is_padding(byte: u8) -> bool {
    matches!(byte, 0 | 0x1a)
}

/// `encoding` (UTF-16, little- or big-endian) when `bytes` hold no mark
/// but read as it: an even length (a whole file of units, give or take a
/// [`stray_end`] or [`is_padding`] byte), and nine units
/// in ten of the first 8 KiB an ASCII character other than a control
/// (tab and line breaks aside), the rest decoding (no lone surrogate).
/// Binary records rarely keep a NUL in every other byte with printable
/// ASCII between for kilobytes; text in UTF-8 or a legacy encoding never
/// does.
fn unmarked_utf16(bytes: &[u8], encoding: Encoding) -> Option<Encoding> {
    if bytes.len() <= SNIFF
        && bytes.len() % 2 == 1
        && !bytes.last().is_some_and(|&b| stray_end(b) || is_padding(b))
    {
        return None;
    }
    let sniff = &bytes[..bytes.len().min(SNIFF)];
    let units: Vec<u16> = sniff
        .chunks_exact(2)
        .map(|pair| match encoding {
            Encoding::Utf16Be => u16::from_be_bytes([pair[0], pair[1]]),
            _ => u16::from_le_bytes([pair[0], pair[1]]),
        })
        .collect();
    let ascii = units
        .iter()
        .filter(|&&u| matches!(u, 0x20..=0x7e | 0x09 | 0x0a | 0x0d))
        .count();
    if units.len() < 2 || ascii * 10 < units.len() * 9 {
        return None;
    }
    // A surrogate pair the sniff cut in two is no error.
    let whole = &units[..units.len() - 1];
    char::decode_utf16(whole.iter().copied())
        .all(|c| c.is_ok())
        .then_some(encoding)
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

    /// Git's `working-tree-encoding=UTF-16LE` writes no mark: mostly ASCII
    /// text with a NUL in every other byte is UTF-16 all the same.
    #[test]
    fn unmarked_utf16_text_is_told_from_binary() {
        let text = "line\r\nGITHUB_TOKEN=abc é\r\n";
        for big in [false, true] {
            let bytes = utf16(text, big)[2..].to_vec();
            let encoding = Encoding::of(&bytes).unwrap();
            assert_eq!(encoding.decode(&bytes), text, "{encoding:?}");
        }
        // Binary records, odd lengths and mostly non-ASCII units are not.
        assert_eq!(Encoding::of(b"x\0=\0 \0 1\0"), None);
        assert_eq!(Encoding::of(b"a\0b\0c"), None);
        assert_eq!(Encoding::of(b"\x01\0\x02\0\x03\0\x04\0"), None);
        assert_eq!(Encoding::of(b"a\0\0\xd8b\0c\0"), None); // a lone surrogate
        assert_eq!(Encoding::of(b"\0\0\0\0"), None);
    }

    /// a11 #4: the sniff ran only when the first character was U+0000 to
    /// U+00FF, so mostly-ASCII UTF-16 opening with `“`, `→`, `€` or a CJK
    /// word (no NUL in its first unit) was taken for binary.
    #[test]
    fn unmarked_utf16_is_told_whatever_its_first_character() {
        for first in ["“", "→", "€", "設定", "𝄞", "é"] {
            let text = format!("{first} deploy settings\r\nGITHUB_TOKEN=abc\r\n");
            for big in [false, true] {
                let bytes = utf16(&text, big)[2..].to_vec();
                let encoding = Encoding::of(&bytes);
                let want = if big {
                    Encoding::Utf16Be
                } else {
                    Encoding::Utf16Le
                };
                assert_eq!(encoding, Some(want), "{first} {big}");
                assert_eq!(want.decode(&bytes), text, "{first} {big}");
            }
        }
        // Binary stays binary: records with NULs and little text between,
        // whatever their first bytes, and a lone surrogate.
        let mut record = Vec::new();
        for i in 0..512u32 {
            record.extend((i.wrapping_mul(2_654_435_761)).to_le_bytes());
            record.extend([0, 0, b'k', 0]);
        }
        assert_eq!(Encoding::of(&record), None);
        assert_eq!(Encoding::of(b"\x92\x21\x01\0\x02\0\x03\0"), None);
        assert_eq!(Encoding::of(b"\x92\x21a\0\0\xd8b\0c\0"), None);
        assert_eq!(Encoding::of(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"), None);
    }

    /// a12 #8: `echo >> a.env` appends a one-byte `\n` to unmarked UTF-16,
    /// and the odd length made the file binary. The stray line end (or
    /// space) is read as one; any other odd last byte still is binary.
    #[test]
    fn unmarked_utf16_with_a_stray_last_byte_is_text() {
        let text = "PASSWORD=abc\n";
        for big in [false, true] {
            for end in [b'\n', b'\r', b' '] {
                let mut bytes = utf16(text, big)[2..].to_vec();
                bytes.push(end);
                let encoding = Encoding::of(&bytes);
                assert!(encoding.is_some(), "{big} {end}");
                let want = format!("{text}{}", char::from(end));
                assert_eq!(encoding.unwrap().decode(&bytes), want, "{big} {end}");
            }
            let mut bytes = utf16(text, big)[2..].to_vec();
            bytes.push(b'x');
            assert_eq!(Encoding::of(&bytes), None, "{big}");
        }
        let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec();
        elf.push(b'\n');
        assert_eq!(Encoding::of(&elf), None);
        assert_eq!(Encoding::of(b"\x01\0\x02\0\x03\0\n"), None);
        assert_eq!(Encoding::of(b"a\0\0\xd8b\0c\0\n"), None); // a lone surrogate
    }

    /// a13 #8: one stray NUL, a Ctrl-Z or three NULs after unmarked UTF-16
    /// are padding: the file is text, which ends before them.
    #[test]
    fn unmarked_utf16_with_padding_at_the_end_is_text() {
        let text = "PASSWORD=abc\n";
        for big in [false, true] {
            for end in [&b"\0"[..], b"\x1a", b"\0\0\0"] {
                let mut bytes = utf16(text, big)[2..].to_vec();
                bytes.extend(end);
                let encoding = Encoding::of(&bytes);
                assert!(encoding.is_some(), "{big} {end:?}");
                assert_eq!(encoding.unwrap().decode(&bytes), text, "{big} {end:?}");
            }
        }
        assert_eq!(Encoding::of(b"\x01\0\x02\0\x03\0\0"), None);
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
