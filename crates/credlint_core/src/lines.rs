//! Byte offsets to lines and columns.
//!
//! A line ends at `\n`, `\r\n` or a lone `\r`, as the language server
//! protocol counts lines, so the command line and the editor agree on every
//! position (and a file saved with old Mac line endings is not one long
//! line). A UTF-8 byte order mark is not text: it takes no column.

use crate::finding::Position;
use std::ops::Range;

const BOM: char = '\u{feff}';

/// Whether `start..=end` meets one of `ranges` (sorted, disjoint).
pub(crate) fn touches(ranges: &[Range<usize>], start: usize, end: usize) -> bool {
    let i = ranges.partition_point(|r| r.end < start);
    ranges.get(i).is_some_and(|r| r.start <= end)
}

/// Bytes per block of the character counts kept for long lines.
const BLOCK: usize = 1024;

/// The start offset of every line of a text, for offset-to-position lookups.
/// The offsets are found on the first lookup: most files have no finding
/// and no suppression marker, and never pay for a pass over their bytes.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: std::cell::OnceCell<Vec<usize>>,
    /// Characters before each `BLOCK`-byte boundary of the text, built on the
    /// first column asked for far into a line: thousands of findings on one
    /// minified line then cost O(BLOCK) each, not O(line).
    blocks: std::cell::OnceCell<Vec<usize>>,
}

/// What a [`LineIndex`] found of its text, kept apart from the text
/// ([`LineIndex::into_found`]): a later index of the same text (the
/// report's excerpts, after the engine's positions) starts from it
/// ([`LineIndex::with_found`]) rather than finding it again.
#[derive(Debug, Default)]
pub struct LinesFound {
    starts: std::cell::OnceCell<Vec<usize>>,
    blocks: std::cell::OnceCell<Vec<usize>>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex::with_found(text, LinesFound::default())
    }

    /// An index of `text` starting from what an index of the same text
    /// found (of another text, its positions would be wrong).
    pub fn with_found(text: &'a str, found: LinesFound) -> Self {
        LineIndex {
            text,
            starts: found.starts,
            blocks: found.blocks,
        }
    }

    /// What the index found of its text, for [`LineIndex::with_found`].
    pub fn into_found(self) -> LinesFound {
        LinesFound {
            starts: self.starts,
            blocks: self.blocks,
        }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut starts = vec![0];
            starts.extend(
                memchr::memchr2_iter(b'\n', b'\r', bytes)
                    // The `\r` of `\r\n` is not a line end of its own.
                    .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
                    .map(|i| i + 1),
            );
            starts
        })
    }

    /// Zero-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts().partition_point(|&s| s <= offset) - 1
    }

    /// One-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let line = self.line_of(offset);
        let mut start = self.starts()[line];
        if start == 0 && self.text.starts_with(BOM) && offset >= BOM.len_utf8() {
            start = BOM.len_utf8();
        }
        let end = floor_char_boundary(self.text, offset).max(start);
        let chars = if end - start <= BLOCK {
            self.text[start..end].chars().count()
        } else {
            self.chars_before(end) - self.chars_before(start)
        };
        let column = chars + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// How many lines the text has (an empty text, or one ending in a line
    /// break, has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts().len()
    }

    /// The text of zero-based `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let starts = self.starts();
        let start = starts[line];
        let end = starts.get(line + 1).map_or(self.text.len(), |&e| e);
        let text = &self.text[start..end];
        let text = text.strip_suffix('\n').unwrap_or(text);
        text.strip_suffix('\r').unwrap_or(text)
    }

    /// Characters in the text before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let blocks = self.blocks.get_or_init(|| {
            let mut counts = vec![0];
            let mut total = 0;
            for block in bytes.chunks(BLOCK) {
                total += count_chars(block);
                counts.push(total);
            }
            counts
        });
        let block = offset / BLOCK;
        blocks[block] + count_chars(&bytes[block * BLOCK..offset])
    }

    /// Byte offset where zero-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts()[line]
    }
}

/// Characters starting in `bytes`: every byte but UTF-8 continuation bytes.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// The part of `text` within `reach` bytes of `span`, cut at character
/// boundaries, and where it starts: the neighbourhood a check that looks
/// around a value reads, so that on a megabyte-long line (a minified file,
/// lone-CR line endings) each value costs its neighbourhood, not the line.
pub(crate) fn around<'t>(text: &'t str, span: &Range<usize>, reach: usize) -> (usize, &'t str) {
    let start = floor_char_boundary(text, span.start.saturating_sub(reach));
    let mut end = span.end.saturating_add(reach).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    (start, &text[start..end])
}

/// `offset`, moved back to the nearest character boundary of `text`.
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "ab\néé = 1\r\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
        assert_eq!(index.position(3), Position { line: 2, column: 1 });
        // `=` follows two two-byte characters and a space.
        assert_eq!(index.position(8), Position { line: 2, column: 4 });
        assert_eq!(index.line_text(1), "éé = 1");
        assert_eq!(index.line_text(2), "last");
    }

    /// An index starting from what another index of the text found (the
    /// engine's, handed to the report) holds it already and answers as a
    /// new one does, far into a long line too.
    #[test]
    fn an_index_starts_from_what_another_found() {
        let text = format!("a\r\nb = {}é\nlast", "x".repeat(3 * BLOCK));
        let first = LineIndex::new(&text);
        let offsets = [0, 4, 2 * BLOCK, text.len() - 1];
        let positions: Vec<_> = offsets.iter().map(|&o| first.position(o)).collect();
        let found = first.into_found();
        assert!(found.starts.get().is_some() && found.blocks.get().is_some());
        let second = LineIndex::with_found(&text, found);
        let again: Vec<_> = offsets.iter().map(|&o| second.position(o)).collect();
        assert_eq!(again, positions);
        assert_eq!(second.line_text(1), &text[3..text.len() - 5]);
    }

    #[test]
    fn every_line_ending_ends_a_line() {
        let text = "a\rb\nc\r\nd\r\re";
        let index = LineIndex::new(text);
        let lines: Vec<_> = (0..6).map(|l| index.line_text(l)).collect();
        assert_eq!(lines, ["a", "b", "c", "d", "", "e"]);
        assert_eq!(index.position(2), Position { line: 2, column: 1 });
        assert_eq!(
            index.position(text.len() - 1),
            Position { line: 6, column: 1 }
        );
        // The `\n` of `\r\n` sits on the line the pair ends.
        assert_eq!(index.line_of(6), 2);
    }

    #[test]
    fn columns_far_into_long_lines_count_characters() {
        let text = format!("x\n{}{}", "é".repeat(3000), "a".repeat(3000));
        let index = LineIndex::new(&text);
        for (offset, column) in [
            (2 + 6000, 3001),
            (2 + 6000 + 1500, 4501),
            (2 + 2 * 1001, 1002),
        ] {
            assert_eq!(index.position(offset), Position { line: 2, column });
        }
    }

    #[test]
    fn a_byte_order_mark_takes_no_column() {
        let index = LineIndex::new("\u{feff}key = 1\nx");
        assert_eq!(index.position(3), Position { line: 1, column: 1 });
        assert_eq!(index.position(7), Position { line: 1, column: 5 });
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
        assert_eq!(index.position(11), Position { line: 2, column: 1 });
    }
}
