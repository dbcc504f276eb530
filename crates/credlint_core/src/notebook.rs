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
//! `serde_json` reads the notebook; the `source` strings are kept as raw
//! values borrowed from the text, whose addresses give their byte positions,
//! and their escapes are decoded here so that every decoded byte knows where
//! it came from. A notebook that is not valid JSON, or whose kernel is not
//! Python, yields no code cells.

use serde::Deserialize;
use serde_json::value::RawValue;
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
        let notebook: Notebook = serde_json::from_str(json).ok()?;
        if notebook
            .language()
            .is_some_and(|l| !l.eq_ignore_ascii_case("python"))
        {
            return None;
        }
        let code: Vec<Vec<Range<usize>>> = notebook
            .cells
            .iter()
            .filter(|cell| cell.cell_type == "code")
            .map(|cell| {
                cell.source
                    .map_or(Some(Vec::new()), |s| source_lines(json, s))
            })
            .collect::<Option<_>>()?;
        let mut cells = CodeCells {
            text: String::new(),
            origin: Vec::new(),
        };
        for lines in &code {
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

/// The parts of a notebook the reader needs. Code cells keep their `source`
/// raw, borrowed from the notebook's text, so that its position is known.
#[derive(Deserialize)]
struct Notebook<'a> {
    #[serde(borrow, default)]
    cells: Vec<Cell<'a>>,
    #[serde(default)]
    metadata: Metadata,
}

#[derive(Deserialize)]
struct Cell<'a> {
    #[serde(default)]
    cell_type: String,
    #[serde(borrow)]
    source: Option<&'a RawValue>,
}

#[derive(Deserialize, Default)]
struct Metadata {
    kernelspec: Option<Kernelspec>,
    language_info: Option<LanguageInfo>,
}

#[derive(Deserialize)]
struct Kernelspec {
    language: Option<String>,
}

#[derive(Deserialize)]
struct LanguageInfo {
    name: Option<String>,
}

impl Notebook<'_> {
    /// `metadata.kernelspec.language`, or `metadata.language_info.name`.
    fn language(&self) -> Option<&str> {
        let kernel = self.metadata.kernelspec.as_ref();
        kernel
            .and_then(|k| k.language.as_deref())
            .or_else(|| self.metadata.language_info.as_ref()?.name.as_deref())
    }
}

/// The ranges of `json` between the quotes of a `source`: one JSON string,
/// or an array of them (one per line). `None` when it is anything else.
fn source_lines(json: &str, source: &RawValue) -> Option<Vec<Range<usize>>> {
    // Borrowed raw values are slices of `json`: their address gives their offset.
    let range = |raw: &RawValue| -> Option<Range<usize>> {
        let text = raw.get();
        let start = text.as_ptr() as usize - json.as_ptr() as usize;
        (text.len() >= 2 && text.starts_with('"')).then(|| start + 1..start + text.len() - 1)
    };
    if source.get().starts_with('[') {
        let lines: Vec<&RawValue> = serde_json::from_str(source.get()).ok()?;
        lines.into_iter().map(range).collect()
    } else {
        Some(vec![range(source)?])
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
