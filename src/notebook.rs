//! Jupyter notebooks: the code cells of an `.ipynb` as one Python text, and
//! the way back from that text to the notebook's JSON.
//!
//! A notebook is JSON; its code is in the `source` strings of the cells
//! whose `cell_type` is `code`, one JSON string per line, with JSON escapes.
//! The engine analyses the decoded code as Python and moves every span back
//! through [`CodeCells::to_source`], so a finding points at the notebook's
//! own line and column, the same for the command line and the language
//! server. Outputs and metadata are not code: the engine gives them the
//! provider-token scan only.
//!
//! The reader is a small, bounded JSON scanner that keeps byte positions
//! (which `serde_json` does not give). A notebook it cannot read, or whose
//! kernel is not Python, yields no code cells.

use std::ops::Range;

/// The code cells of a notebook as one Python text, with the way back.
#[derive(Debug)]
pub struct CodeCells {
    /// The decoded source of every code cell, each ending with a newline.
    /// IPython magics and shell escapes (`%pip`, `!ls`) are commented out,
    /// byte for byte, so that the text parses as Python.
    pub text: String,
    /// For each byte of `text`, the bytes of the notebook it was decoded
    /// from (one escape such as `\n` or `\u00e9` gives one or more bytes).
    origin: Vec<(usize, usize)>,
}

impl CodeCells {
    /// Reads the code cells of notebook JSON; `None` when the text is not a
    /// notebook this reader understands or its kernel is not Python.
    pub fn read(json: &str) -> Option<CodeCells> {
        let mut scanner = Scanner {
            bytes: json.as_bytes(),
            at: 0,
        };
        let notebook = scanner.notebook()?;
        if notebook
            .language
            .as_ref()
            .is_some_and(|l| !json[l.clone()].eq_ignore_ascii_case("python"))
        {
            return None;
        }
        let mut cells = CodeCells {
            text: String::new(),
            origin: Vec::new(),
        };
        for lines in &notebook.code {
            let cell_start = cells.text.len();
            for line in lines {
                cells.decode(json, line.clone());
            }
            let end = lines.last().map_or(0, |l| l.end);
            if !cells.text.ends_with('\n') {
                cells.text.push('\n');
                cells.origin.push((end, end));
            }
            cells.comment_out_magics(cell_start);
        }
        Some(cells)
    }

    /// The notebook bytes a span of [`CodeCells::text`] came from.
    pub fn to_source(&self, span: &Range<usize>) -> Range<usize> {
        let Some(&(last_start, last_end)) = self.origin.last() else {
            return 0..0;
        };
        let start = self
            .origin
            .get(span.start)
            .map_or(last_start, |&(start, _)| start);
        let end = match span.end.checked_sub(1) {
            Some(i) if span.end > span.start => self.origin.get(i).map_or(last_end, |&(_, e)| e),
            _ => start,
        };
        start..end.max(start)
    }

    /// Appends the decoded content of the JSON string at `raw` (between its quotes).
    fn decode(&mut self, json: &str, raw: Range<usize>) {
        let bytes = json.as_bytes();
        let mut i = raw.start;
        while i < raw.end {
            let (decoded, consumed) = if bytes[i] == b'\\' {
                escape(&json[i..raw.end])
            } else {
                let len = utf8_len(bytes[i]);
                (json.get(i..i + len).unwrap_or("\u{fffd}").to_owned(), len)
            };
            let consumed = consumed.max(1);
            for _ in 0..decoded.len() {
                self.origin.push((i, i + consumed));
            }
            self.text.push_str(&decoded);
            i += consumed;
        }
    }

    /// `%magic` and `!shell` lines become comments of the same length.
    fn comment_out_magics(&mut self, from: usize) {
        let mut line_start = from;
        let mut starts = Vec::new();
        for (i, c) in self.text[from..].char_indices() {
            if i + from == line_start {
                let rest = self.text[line_start..].trim_start_matches([' ', '\t']);
                if rest.starts_with(['%', '!']) {
                    starts.push(self.text.len() - rest.len());
                }
            }
            if c == '\n' {
                line_start = from + i + 1;
            }
        }
        for at in starts {
            // One ASCII byte for another: the text stays valid UTF-8.
            self.text.replace_range(at..at + 1, "#");
        }
    }
}

/// The byte length of a UTF-8 sequence from its first byte.
fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Decodes one JSON escape at the start of `s`: the text it stands for and
/// how many bytes of `s` it takes. A malformed escape stands for U+FFFD.
fn escape(s: &str) -> (String, usize) {
    let bytes = s.as_bytes();
    let simple = match bytes.get(1) {
        Some(b'"') => Some('"'),
        Some(b'\\') => Some('\\'),
        Some(b'/') => Some('/'),
        Some(b'b') => Some('\u{8}'),
        Some(b'f') => Some('\u{c}'),
        Some(b'n') => Some('\n'),
        Some(b'r') => Some('\r'),
        Some(b't') => Some('\t'),
        Some(b'u') => None,
        _ => return ("\u{fffd}".to_owned(), bytes.len().min(2)),
    };
    if let Some(c) = simple {
        return (c.to_string(), 2);
    }
    let unit = |at: usize| {
        s.get(at..at + 4)
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
    };
    let Some(high) = unit(2) else {
        return ("\u{fffd}".to_owned(), bytes.len().min(2));
    };
    if (0xD800..0xDC00).contains(&high) && s.get(6..8) == Some("\\u") {
        if let Some(low) = unit(8).filter(|low| (0xDC00..0xE000).contains(low)) {
            let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
            let c = char::from_u32(code).unwrap_or('\u{fffd}');
            return (c.to_string(), 12);
        }
    }
    (char::from_u32(high).unwrap_or('\u{fffd}').to_string(), 6)
}

/// What the scanner finds in a notebook.
#[derive(Default)]
struct Notebook {
    /// Per code cell, the raw ranges of its `source` strings.
    code: Vec<Vec<Range<usize>>>,
    /// The raw range of `metadata.kernelspec.language` or
    /// `metadata.language_info.name`, when present.
    language: Option<Range<usize>>,
}

/// Nesting deeper than this is not a notebook (and would cost stack).
const MAX_DEPTH: usize = 64;

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn notebook(&mut self) -> Option<Notebook> {
        let mut notebook = Notebook::default();
        self.object(0, |s, key| match key {
            b"cells" => s.array(1, |s| {
                let mut kind = None;
                let mut source = Vec::new();
                s.object(2, |s, key| match key {
                    b"cell_type" => {
                        kind = Some(s.string()?);
                        Some(())
                    }
                    b"source" => {
                        source = s.strings(3)?;
                        Some(())
                    }
                    _ => s.value(3),
                })?;
                if kind.is_some_and(|k| &s.bytes[k] == b"code") {
                    notebook.code.push(source);
                }
                Some(())
            }),
            b"metadata" => s.object(1, |s, key| match key {
                b"kernelspec" | b"language_info" => {
                    let field: &[u8] = if key == b"kernelspec" {
                        b"language"
                    } else {
                        b"name"
                    };
                    s.object(2, |s, key| {
                        if key == field {
                            let name = s.string()?;
                            notebook.language.get_or_insert(name);
                            Some(())
                        } else {
                            s.value(3)
                        }
                    })
                }
                _ => s.value(2),
            }),
            _ => s.value(1),
        })?;
        self.space();
        (self.at == self.bytes.len()).then_some(notebook)
    }

    fn space(&mut self) {
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| b" \t\r\n".contains(b))
        {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        self.space();
        (self.bytes.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    fn peek(&mut self) -> Option<u8> {
        self.space();
        self.bytes.get(self.at).copied()
    }

    /// A string; its raw content's range (between the quotes).
    fn string(&mut self) -> Option<Range<usize>> {
        self.eat(b'"')?;
        let start = self.at;
        loop {
            match *self.bytes.get(self.at)? {
                b'"' => break,
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
        let end = self.at;
        self.at += 1;
        Some(start..end)
    }

    /// A string or an array of strings (a cell's `source`).
    fn strings(&mut self, depth: usize) -> Option<Vec<Range<usize>>> {
        if self.peek()? == b'"' {
            return Some(vec![self.string()?]);
        }
        let mut out = Vec::new();
        self.array(depth, |s| {
            out.push(s.string()?);
            Some(())
        })?;
        Some(out)
    }

    /// An object, handing each key to `member`, which must read the value.
    fn object(
        &mut self,
        depth: usize,
        mut member: impl FnMut(&mut Self, &[u8]) -> Option<()>,
    ) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        loop {
            let key = self.string()?;
            self.eat(b':')?;
            let bytes = self.bytes;
            member(self, &bytes[key])?;
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// An array, calling `element` for each element, which must read it.
    fn array(
        &mut self,
        depth: usize,
        mut element: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.eat(b'[')?;
        if self.peek()? == b']' {
            self.at += 1;
            return Some(());
        }
        loop {
            element(self)?;
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Any value, skipped.
    fn value(&mut self, depth: usize) -> Option<()> {
        match self.peek()? {
            b'{' => self.object(depth + 1, |s, _| s.value(depth + 1)),
            b'[' => self.array(depth + 1, |s| s.value(depth + 1)),
            b'"' => self.string().map(drop),
            _ => {
                let start = self.at;
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b"+-.".contains(b))
                {
                    self.at += 1;
                }
                (self.at > start).then_some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTEBOOK: &str = r##"{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# token = \"not code\"\n"]},
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {"tags": []},
   "outputs": [{"name": "stdout", "output_type": "stream", "text": ["x = 1\n"]}],
   "source": [
    "%pip install requests\n",
    "key = \"caf\u00e9\\\"s\"\n",
    "import os"
   ]
  },
  {"cell_type": "code", "metadata": {}, "outputs": [], "source": "x = 2\n"}
 ],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
 "nbformat": 4,
 "nbformat_minor": 5
}"##;

    #[test]
    fn reads_code_cells_and_maps_back() {
        let cells = CodeCells::read(NOTEBOOK).unwrap();
        assert_eq!(
            cells.text,
            "#pip install requests\nkey = \"caf\u{e9}\\\"s\"\nimport os\nx = 2\n"
        );
        // `café\"s`'s content maps back to the escaped JSON.
        let start = cells.text.find("caf").unwrap();
        let end = cells.text.find("s\"\n").unwrap() + 1;
        let raw = cells.to_source(&(start..end));
        assert_eq!(&NOTEBOOK[raw], "caf\\u00e9\\\\\\\"s");
        let x = cells.text.find("x = 2").unwrap();
        assert_eq!(&NOTEBOOK[cells.to_source(&(x..x + 5))], "x = 2");
    }

    #[test]
    fn other_kernels_and_broken_json_give_nothing() {
        let r = NOTEBOOK.replace("\"language\": \"python\"", "\"language\": \"R\"");
        assert!(CodeCells::read(&r).is_none());
        assert!(CodeCells::read(&NOTEBOOK[..NOTEBOOK.len() - 2]).is_none());
        assert!(CodeCells::read("[1, 2]").is_none());
        assert!(CodeCells::read(&"[".repeat(100_000)).is_none());
        let deep = format!("{{\"cells\": {}", "[".repeat(100_000));
        assert!(CodeCells::read(&deep).is_none());
    }
}
