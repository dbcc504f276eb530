//! Parsing only the statements that matter.
//!
//! tree-sitter-python parses about 9 MB/s per core, while the text a
//! scanner must understand is a few statements per file: the ones holding a
//! credential word or an environment trigger, and the `os` imports. This
//! module splits Python source into *logical lines* (statements as Python's
//! tokenizer sees them: bracketed and backslash continuations and
//! triple-quoted strings included) with a byte-level scan, so that each
//! candidate statement can be parsed on its own.
//!
//! A statement parsed alone must parse as it would in place. Compound
//! headers get a `pass` body, `elif`/`else` and `except`/`finally` clauses
//! get the `if`/`try` they continue, and decorators get a function; the
//! added text sits outside the original bytes, so spans map back by an
//! offset. The language server, which keeps whole-file trees, takes the
//! full-tree path instead; the tests check both paths agree.

use super::budget::MAX_PYTHON_NESTING;
use std::ops::Range;

/// One Python statement's bytes, from its first non-blank byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogicalLine {
    pub range: Range<usize>,
    /// Whether the last code byte is `:`, so the statement needs a body.
    pub opens_block: bool,
    /// Whether its brackets nest deeper than Python allows: such a line is
    /// not parsed (see [`super::budget`]).
    pub too_deep: bool,
}

/// Splits Python source into logical lines, each ending at its last code
/// byte (a trailing comment is left out). Blank and comment-only lines are
/// dropped; unbalanced brackets extend a line to the end of the text, unless
/// they nest deeper than Python allows: then the line ends at the next line
/// break, marked too deep, and splitting starts afresh. One pass, so linear
/// in the text whatever its brackets.
pub fn python_logical_lines(text: &str) -> Vec<LogicalLine> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut too_deep = false;
    let mut last_code = 0u8;
    // One past the last byte of code (not comment, not blank) in the line.
    let mut code_end = 0;
    let mut i = 0;
    let push = |start: usize,
                code_end: usize,
                last_code: u8,
                too_deep: bool,
                out: &mut Vec<LogicalLine>| {
        let first = (start..code_end)
            .find(|&j| !b[j].is_ascii_whitespace())
            .unwrap_or(code_end);
        if first < code_end {
            out.push(LogicalLine {
                range: first..code_end,
                opens_block: last_code == b':',
                too_deep,
            });
        }
    };
    while i < b.len() {
        let c = b[i];
        match c {
            b'#' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |j| i + j);
                continue;
            }
            b'\'' | b'"' => {
                i = skip_string(b, i);
                last_code = c;
                code_end = i;
                continue;
            }
            b'\\' if b.get(i + 1) == Some(&b'\n') => {
                i += 2;
                continue;
            }
            b'\\' if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') => {
                i += 3;
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                too_deep |= depth > MAX_PYTHON_NESTING;
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' if depth == 0 || too_deep => {
                push(start, code_end, last_code, too_deep, &mut out);
                start = i + 1;
                code_end = start;
                last_code = 0;
                depth = 0;
                too_deep = false;
                i += 1;
                continue;
            }
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            last_code = c;
            code_end = i + 1;
        }
        i += 1;
    }
    push(start, code_end, last_code, too_deep, &mut out);
    out
}

/// The offset just past the string literal opening at `i`.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    let quote = b[i];
    let triple = b.get(i + 1) == Some(&quote) && b.get(i + 2) == Some(&quote);
    i += if triple { 3 } else { 1 };
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            c if c == quote => {
                if !triple {
                    return i + 1;
                }
                if b.get(i + 1) == Some(&quote) && b.get(i + 2) == Some(&quote) {
                    return i + 3;
                }
                i += 1;
            }
            // An unterminated single-quoted string ends at the line's end.
            b'\n' if !triple => return i,
            _ => i += 1,
        }
    }
    b.len()
}

/// The index of the logical line holding `offset`, if any.
pub fn line_at(lines: &[LogicalLine], offset: usize) -> Option<usize> {
    let index = lines.partition_point(|l| l.range.end < offset);
    lines
        .get(index)
        .filter(|l| l.range.start <= offset && offset <= l.range.end)
        .map(|_| index)
}

/// A statement made parseable on its own: `prefix + original + suffix`.
pub struct Snippet {
    pub text: String,
    /// Where the original bytes start in `text`.
    pub offset: usize,
}

impl Snippet {
    pub fn new(source: &str, line: &LogicalLine) -> Snippet {
        let original = &source[line.range.clone()];
        let first_word = original
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .next()
            .unwrap_or("");
        let prefix = match first_word {
            "elif" | "else" => "if 1: pass\n",
            "except" | "finally" => "try: pass\n",
            _ => "",
        };
        let suffix = if original.starts_with('@') {
            "\ndef _(): pass"
        } else if line.opens_block {
            " pass"
        } else {
            ""
        };
        Snippet {
            text: format!("{prefix}{original}{suffix}"),
            offset: prefix.len(),
        }
    }

    /// Maps a range in `text` back to the source, given the line's start.
    pub fn to_source(&self, range: &Range<usize>, line_start: usize) -> Range<usize> {
        range.start - self.offset + line_start..range.end - self.offset + line_start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        python_logical_lines(text)
            .iter()
            .map(|l| &text[l.range.clone()])
            .collect()
    }

    #[test]
    fn splits_statements_across_brackets_strings_and_continuations() {
        let text = "import os\n\nx = f(\n    a=1,  # )\n    b=')',\n)\n  # comment\ny = '''\nline ( \n'''\nz = 1 + \\\n    2\nif a:\n    pass\n";
        assert_eq!(
            lines(text),
            [
                "import os",
                "x = f(\n    a=1,  # )\n    b=')',\n)",
                "y = '''\nline ( \n'''",
                "z = 1 + \\\n    2",
                "if a:",
                "pass",
            ]
        );
        let logical = python_logical_lines(text);
        assert!(logical[4].opens_block && !logical[3].opens_block);
        assert_eq!(line_at(&logical, text.find("b=").unwrap()), Some(1));
    }

    #[test]
    fn snippets_complete_clauses() {
        let text = "    elif password == 'x':  # note\n";
        let line = &python_logical_lines(text)[0];
        let snippet = Snippet::new(text, line);
        assert_eq!(snippet.text, "if 1: pass\nelif password == 'x': pass");
        assert_eq!(
            snippet.to_source(&(snippet.offset..snippet.offset + 4), line.range.start),
            4..8
        );
    }
}
