//! Byte offsets to lines and columns.

use crate::finding::Position;

/// The start offset of every line of a text, for offset-to-position lookups.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// Zero-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// One-based lines and columns (in characters) of byte offsets, in one
    /// sweep: each column is counted on from the previous offset on its line,
    /// so many findings on one long line cost the line's length once, not
    /// once per finding.
    pub fn positions(&self, offsets: &[usize]) -> Vec<Position> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut out = vec![Position { line: 0, column: 0 }; offsets.len()];
        // The last position computed: its line, its (floored) offset and column.
        let mut last: Option<(usize, usize, usize)> = None;
        for i in order {
            let line = self.line_of(offsets[i]);
            let offset = floor_char_boundary(self.text, offsets[i]);
            let (from, column) = match last {
                Some((l, from, column)) if l == line => (from, column),
                _ => (self.starts[line], 1),
            };
            let column = column + self.text[from..offset].chars().count();
            last = Some((line, offset, column));
            out[i] = Position {
                line: line + 1,
                column,
            };
        }
        out
    }

    /// The text of zero-based `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&e| e - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// Byte offset where zero-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
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
        // Out of order, and `=` follows two two-byte characters and a space.
        assert_eq!(
            index.positions(&[8, 0, 3]),
            [
                Position { line: 2, column: 4 },
                Position { line: 1, column: 1 },
                Position { line: 2, column: 1 },
            ]
        );
        assert_eq!(index.line_text(1), "éé = 1");
        assert_eq!(index.line_text(2), "last");
    }
}
