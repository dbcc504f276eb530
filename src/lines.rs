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

    /// One-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = self.text[start..floor_char_boundary(self.text, offset)]
            .chars()
            .count()
            + 1;
        Position {
            line: line + 1,
            column,
        }
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
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
        assert_eq!(index.position(3), Position { line: 2, column: 1 });
        // `=` follows two two-byte characters and a space.
        assert_eq!(index.position(8), Position { line: 2, column: 4 });
        assert_eq!(index.line_text(1), "éé = 1");
        assert_eq!(index.line_text(2), "last");
    }
}
