//! The one place that converts between LSP positions and byte offsets.
//!
//! LSP counts columns in UTF-16 code units (the only encoding every client
//! supports); the engine and tree-sitter count bytes. Positions past the end
//! of a line or of the document are clamped, never trusted.

use ropey::Rope;
use tower_lsp_server::lsp_types::{Position, Range};

/// The char index of an LSP position, clamped into the document.
pub fn to_char(rope: &Rope, position: Position) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let line_start = rope.line_to_char(line);
    let line_len = line_content_chars(rope, line);
    let line_start_cu = rope.char_to_utf16_cu(line_start);
    let target = line_start_cu + position.character as usize;
    let line_end_cu = rope.char_to_utf16_cu(line_start + line_len);
    rope.utf16_cu_to_char(target.min(line_end_cu))
}

/// The byte offset of an LSP position, clamped into the document.
pub fn to_byte(rope: &Rope, position: Position) -> usize {
    rope.char_to_byte(to_char(rope, position))
}

/// The LSP position of a byte offset (clamped, and moved back to a char boundary).
pub fn from_byte(rope: &Rope, byte: usize) -> Position {
    let byte = byte.min(rope.len_bytes());
    let char = rope.byte_to_char(byte);
    let line = rope.char_to_line(char);
    let line_start = rope.line_to_char(line);
    let character = rope.char_to_utf16_cu(char) - rope.char_to_utf16_cu(line_start);
    Position {
        line: line as u32,
        character: character as u32,
    }
}

pub fn range_from_bytes(rope: &Rope, bytes: std::ops::Range<usize>) -> Range {
    Range {
        start: from_byte(rope, bytes.start),
        end: from_byte(rope, bytes.end),
    }
}

/// Chars on `line` without its line break.
fn line_content_chars(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let mut len = slice.len_chars();
    while len > 0 && matches!(slice.char(len - 1), '\n' | '\r') {
        len -= 1;
    }
    len
}

/// A tree-sitter point (row, byte column) for a byte offset.
pub fn point(rope: &Rope, byte: usize) -> tree_sitter::Point {
    let byte = byte.min(rope.len_bytes());
    let line = rope.byte_to_line(byte);
    tree_sitter::Point {
        row: line,
        column: byte - rope.line_to_byte(line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_round_trip_through_bytes() {
        // `é` is 2 bytes and 1 UTF-16 unit; `😀` is 4 bytes and 2 units.
        let rope = Rope::from_str("aé😀b\nsecond\n");
        let b = Position {
            line: 0,
            character: 4,
        };
        assert_eq!(to_byte(&rope, b), 1 + 2 + 4);
        assert_eq!(from_byte(&rope, 7), b);
        assert_eq!(
            from_byte(&rope, 9),
            Position {
                line: 1,
                character: 0
            }
        );
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let rope = Rope::from_str("ab\ncd");
        assert_eq!(
            to_byte(
                &rope,
                Position {
                    line: 0,
                    character: 99
                }
            ),
            2
        );
        assert_eq!(
            to_byte(
                &rope,
                Position {
                    line: 9,
                    character: 0
                }
            ),
            5
        );
        assert_eq!(
            from_byte(&rope, 99),
            Position {
                line: 1,
                character: 2
            }
        );
    }
}
