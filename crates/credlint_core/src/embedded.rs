//! Documents and doctests inside string literals of Python and Rust code.
//!
//! Tests mock HTTP responses and configuration with multi-line literals:
//! `resp = """{"access_token": "…"}"""`, `r#"{"client_secret": "…"}"#`,
//! `"""[db]\npassword = …"""`. The syntax stage judges a literal by the name
//! it is bound to (`resp`), never by what it holds, so a credential inside
//! such a document is invisible to it. Likewise a Python doctest
//! (`>>> token = '…'`) is code a reader copies, but to tree-sitter it is
//! docstring text.
//!
//! A small lexer finds the literals (it knows comments, string prefixes,
//! escapes, Rust's raw strings, char literals and lifetimes), so that only
//! literals are read as documents, never code. [`documents`] says which
//! literals hold a structured document and how its values are written;
//! [`python_doctests`] rewrites a file, as `rust_doc_examples` does for
//! Rust, into a text of the same length holding only the doctest code.

use crate::document::Language;
use crate::document::Quoting;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// One string literal the lexer found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringLiteral {
    /// The bytes between the quotes.
    pub content: Range<usize>,
    /// A Python docstring or bare string statement: documentation, not data.
    pub docstring: bool,
    /// Whether backslashes escape (not a raw string).
    pub escapes: bool,
}

/// The string literals of `text` that can hold a document: Python's
/// triple-quoted strings, Rust's raw strings and multi-line normal strings,
/// and one-line literals with a double quote and a colon in them.
pub fn string_literals(text: &str, language: Language) -> Vec<StringLiteral> {
    match language {
        Language::Python => python_strings(text),
        Language::Rust => rust_strings(text),
        Language::Notebook | Language::Text => Vec::new(),
    }
}

/// The literals of a file that hold a structured document.
pub struct Documents {
    /// A text of the same length as the file's, blank outside the
    /// documents, so that a line's neighbour is never code.
    pub view: String,
    /// Each document's content and how its values are written.
    pub found: Vec<(Range<usize>, Quoting)>,
}

/// The documents of `text`'s string literals; `None` when there are none.
///
/// A docstring is documentation, not data, except for the code blocks it
/// fences in Markdown (```` ```json ````, a sample response): each is read
/// as a document of its own, as a Markdown file's would be. A docstring
/// with no fence may still show a sample response as a bare object
/// (`response = {` … `}`): each such object is read as JSON.
pub fn documents(text: &str, language: Language) -> Option<Documents> {
    let found: Vec<(StringLiteral, Quoting)> = string_literals(text, language)
        .into_iter()
        .flat_map(|literal| {
            if literal.docstring {
                let mut blocks = fenced_blocks(text, &literal);
                if blocks.is_empty() {
                    blocks = object_blocks(text, &literal);
                }
                blocks
            } else {
                vec![literal]
            }
        })
        .filter_map(|literal| {
            let quoting = document_quoting(&text[literal.content.clone()])?;
            Some((literal, quoting))
        })
        .collect();
    if found.is_empty() {
        return None;
    }
    let mut view = blank(text);
    for (literal, _) in &found {
        copy_content(text, literal, &mut view);
    }
    Some(Documents {
        view,
        found: found
            .into_iter()
            .map(|(literal, quoting)| (literal.content, quoting))
            .collect(),
    })
}

/// The Markdown code blocks of a docstring (between lines that open with
/// three backticks), each as a literal of its own.
fn fenced_blocks(text: &str, literal: &StringLiteral) -> Vec<StringLiteral> {
    let content = &text[literal.content.clone()];
    if !content.contains("```") {
        return Vec::new();
    }
    let mut blocks = Vec::new();
    let mut offset = literal.content.start;
    let mut open: Option<usize> = None;
    for line in content.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if !line.trim_start().starts_with("```") {
            continue;
        }
        match open.take() {
            Some(from) => blocks.push(StringLiteral {
                content: from..start,
                docstring: false,
                escapes: literal.escapes,
            }),
            None => open = Some(offset),
        }
    }
    blocks
}

/// The objects a docstring shows without a fence: a sample response or
/// payload written as a dict or JSON object, opened by a line that ends
/// with `{` (`response = {`, `{` alone) and closed by a `}` at the same
/// indentation. Each is read from its `{` as a JSON document, so only its
/// quoted values are judged and the prose around it never is; an object
/// left open is not one. Fenced docstrings keep their fences only, so a
/// fenced object is read once.
fn object_blocks(text: &str, literal: &StringLiteral) -> Vec<StringLiteral> {
    let mut blocks = Vec::new();
    let mut offset = literal.content.start;
    let mut open: Option<(usize, usize)> = None;
    for line in text[literal.content.clone()].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        let indent = line.len() - line.trim_start().len();
        match open {
            Some((from, depth)) if indent == depth && trimmed.starts_with('}') => {
                blocks.push(StringLiteral {
                    content: from..start + indent + 1,
                    docstring: false,
                    escapes: literal.escapes,
                });
                open = None;
            }
            None if trimmed.ends_with('{') => {
                open = Some((start + line.trim_end().len() - 1, indent));
            }
            _ => {}
        }
    }
    blocks
}

/// How a literal's content writes its values when it is a document: JSON
/// (`{`, or `[` opening an array) quotes them; `key: value` and `key=value`
/// lines (YAML, INI, `.env`, OpenID's key-value form, HTTP headers) may not.
/// On one line a literal is a document when it is JSON, or when it holds
/// `key: "value"` pairs (a `Debug` dump, a struct literal in a test's
/// expected output); there only quoted values count, so prose with a colon
/// in it is never read as a pair.
fn document_quoting(content: &str) -> Option<Quoting> {
    let start = content.trim_start();
    let multi_line = content.contains('\n');
    let json = start.starts_with('{')
        || start.strip_prefix('[').is_some_and(|rest| {
            rest.trim_start().starts_with(|c: char| {
                matches!(c, '{' | '[' | '"' | ']' | '-' | '\\') || c.is_ascii_digit()
            })
        });
    if json {
        return Some(Quoting::QuotedOnly);
    }
    if !multi_line {
        return QUOTED_PAIR.is_match(content).then_some(Quoting::QuotedOnly);
    }
    // A unified diff (a test's patch, `@@ -0,0 +1,2 @@` then `+name = …`
    // lines): each line's marker is no part of it, and hunk headers are
    // neutral, so a patch of a configuration file is read as that file.
    let diff = content.contains("@@ -") && content.lines().any(|line| HUNK_HEADER.is_match(line));
    let mut lines = 0;
    let mut pairs = 0;
    for line in content.lines() {
        let line = match diff {
            true if HUNK_HEADER.is_match(line) => "",
            true => line.strip_prefix(['+', '-', ' ']).unwrap_or(line),
            false => line,
        };
        let line = line.trim();
        let neutral = line.is_empty()
            || line.starts_with(['#', ';'])
            || line.starts_with("//")
            || line.starts_with('[') && line.ends_with(']');
        if !neutral {
            lines += 1;
            pairs += usize::from(KEY_VALUE_LINE.is_match(line));
        }
    }
    (lines > 0 && 2 * pairs >= lines).then_some(Quoting::Any)
}

/// `key: "value"` or `"key": "value"` on one line, the quotes possibly
/// escaped (`\"key\": \"value\"` in a normal string).
static QUOTED_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:^|[\s,{(])\\?"?[A-Za-z_][A-Za-z0-9_.\-]*\\?"?[ \t]*:[ \t]*\\?""#)
        .expect("valid regex")
});

/// A unified diff's hunk header: `@@ -1,3 +1,4 @@`, `@@ -0,0 +2 @@`.
static HUNK_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^@@ -[0-9]+(?:,[0-9]+)? \+[0-9]+(?:,[0-9]+)? @@").expect("valid regex")
});

/// A `key: value` or `key=value` line, as configuration writes it.
static KEY_VALUE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:-[ \t]+)?(?:export[ \t]+)?["']?[A-Za-z_][A-Za-z0-9_.\-]*["']?[ \t]*[:=]"#)
        .expect("valid regex")
});

/// The doctest code of a Python file's string literals at its own byte
/// offsets, everything else blank: the `>>> ` and `... ` prompts become
/// spaces, expected output and prose disappear. The syntax stage parses
/// Python statement by statement from each one's first byte, so the
/// indentation left in front of the code does not matter. `None` when no
/// literal holds a doctest.
pub fn python_doctests(text: &str) -> Option<String> {
    memchr::memmem::find(text.as_bytes(), b">>>")?;
    let mut out = blank(text);
    let mut found = false;
    for literal in python_strings(text) {
        let content = &text[literal.content.clone()];
        if !content.contains(">>>") {
            continue;
        }
        let mut offset = literal.content.start;
        let mut in_example = false;
        for line in content.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let body = line.trim_end_matches(['\n', '\r']);
            let prompt = body.trim_start();
            let code = match prompt.get(..3) {
                Some(">>>") => {
                    in_example = true;
                    &prompt[3..]
                }
                Some("...") if in_example => &prompt[3..],
                _ => {
                    in_example = false;
                    continue;
                }
            };
            let code = code.strip_prefix(' ').unwrap_or(code);
            if !code.trim().is_empty() {
                let at = start + (body.len() - code.len());
                out.replace_range(at..at + code.len(), code);
                found = true;
            }
        }
    }
    found.then_some(out)
}

/// `text` with every byte but newlines replaced by a space.
fn blank(text: &str) -> String {
    text.bytes()
        .map(|b| if b == b'\n' { '\n' } else { ' ' })
        .collect()
}

/// Copies a literal's content into `view` at its offsets, with the escapes
/// that end or break lines (`\n`, `\r`, `\t`, a backslash before a line
/// break) as spaces: `"token: …\n\` is the value `…`.
fn copy_content(text: &str, literal: &StringLiteral, view: &mut String) {
    let content = &text[literal.content.clone()];
    let mut copy = content.as_bytes().to_vec();
    if literal.escapes {
        // Escaped quotes open and close strings in turn: `\"key\"` becomes
        // ` "key" `, the space always outside the quotes, so the document's
        // keys and values keep their offsets and their exact text.
        let mut opening = true;
        let mut i = 0;
        while i + 1 < copy.len() {
            if copy[i] == b'\\' {
                if matches!(copy[i + 1], b'n' | b'r' | b't') {
                    copy[i] = b' ';
                    copy[i + 1] = b' ';
                } else if matches!(copy[i + 1], b'\n' | b'\r') {
                    copy[i] = b' ';
                } else if copy[i + 1] == b'"' {
                    if opening {
                        copy[i] = b' ';
                    } else {
                        copy[i] = b'"';
                        copy[i + 1] = b' ';
                    }
                    opening = !opening;
                }
                i += 2;
            } else {
                i += 1;
            }
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    let copy = String::from_utf8(copy).expect("still UTF-8");
    view.replace_range(literal.content.clone(), &copy);
}

/// The end of the string body starting at `i` (just past the opening
/// quotes): the offset of the closing quotes, or the text's end.
fn string_end(b: &[u8], mut i: usize, quote: u8, triple: bool) -> usize {
    while i < b.len() {
        match b[i] {
            // Even in a raw Python string a backslash keeps the quote after it.
            b'\\' => i += 2,
            c if c == quote => {
                if !triple || b.get(i + 1) == Some(&quote) && b.get(i + 2) == Some(&quote) {
                    return i;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    b.len()
}

/// Whether a one-line literal is worth reading as a document: only one
/// holding a double quote and a colon can hold a quoted pair, and only one
/// holding a `\n` escape can hold lines of its own (`"USER=app\nDB_PASSWORD=…"`).
fn may_hold_pairs(content: &[u8]) -> bool {
    memchr::memchr(b'"', content).is_some() && memchr::memchr(b':', content).is_some()
        || memchr::memmem::find(content, b"\\n").is_some()
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Python's string literals that are triple-quoted or may hold pairs, with
/// whether each is a docstring: a string starting its own line at the top level of brackets
/// after a line ending in `:` or as the first statement of the module.
fn python_strings(text: &str) -> Vec<StringLiteral> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    // The last byte of code before here; 0 at the start of the module.
    let mut last_code = 0u8;
    let mut line_start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'#' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |j| i + j);
                continue;
            }
            b'\n' => line_start = i + 1,
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'\'' | b'"' => {
                i = python_string(b, i, i, depth, last_code, line_start, &mut out);
                last_code = c;
                continue;
            }
            c if is_word_byte(c) => {
                let start = i;
                while i < b.len() && is_word_byte(b[i]) {
                    i += 1;
                }
                let word = &b[start..i];
                let prefix = word.len() <= 2
                    && word
                        .iter()
                        .all(|c| matches!(c.to_ascii_lowercase(), b'r' | b'b' | b'f' | b'u'));
                if prefix && matches!(b.get(i), Some(b'\'' | b'"')) {
                    i = python_string(b, start, i, depth, last_code, line_start, &mut out);
                    last_code = b'"';
                } else {
                    last_code = b[i - 1];
                }
                continue;
            }
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            last_code = c;
        }
        i += 1;
    }
    out
}

/// Reads the Python string whose prefix starts at `start` and quotes at
/// `quote_at`; records it when triple-quoted or when it may hold pairs.
/// Returns the offset past it.
fn python_string(
    b: &[u8],
    start: usize,
    quote_at: usize,
    depth: usize,
    last_code: u8,
    line_start: usize,
    out: &mut Vec<StringLiteral>,
) -> usize {
    let quote = b[quote_at];
    let triple = b.get(quote_at + 1) == Some(&quote) && b.get(quote_at + 2) == Some(&quote);
    let open = quote_at + if triple { 3 } else { 1 };
    let raw = b[start..quote_at]
        .iter()
        .any(|c| c.eq_ignore_ascii_case(&b'r'));
    let end = if triple {
        string_end(b, open, quote, true)
    } else {
        // An unterminated one-quote string ends with its line, which is
        // left for the caller to see.
        let mut j = open;
        while j < b.len() && b[j] != quote && b[j] != b'\n' {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        if b.get(j) != Some(&quote) {
            return j.min(b.len());
        }
        j
    };
    if triple {
        let starts_line = b[line_start..start].iter().all(|c| c.is_ascii_whitespace());
        out.push(StringLiteral {
            content: open..end,
            docstring: depth == 0 && starts_line && matches!(last_code, 0 | b':'),
            escapes: !raw,
        });
    } else if may_hold_pairs(&b[open..end]) {
        out.push(StringLiteral {
            content: open..end,
            docstring: false,
            escapes: !raw,
        });
    }
    let close = if triple { 3 } else { 1 };
    (end + close).min(b.len())
}

/// Rust's raw strings (`r"…"`, `r#"…"#`, `br"…"`) and the normal strings
/// that span lines.
fn rust_strings(text: &str) -> Vec<StringLiteral> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |j| i + j);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = crate::comments::block_comment_end(b, i);
            }
            b'\'' => i = crate::comments::rust_char_or_lifetime(b, i),
            b'"' => i = rust_normal_string(b, i + 1, &mut out),
            c if is_word_byte(c) => {
                let start = i;
                while i < b.len() && is_word_byte(b[i]) {
                    i += 1;
                }
                match &b[start..i] {
                    b"r" | b"br" | b"cr" => {
                        let hashes = b[i..].iter().take_while(|&&c| c == b'#').count();
                        if b.get(i + hashes) == Some(&b'"') {
                            i = rust_raw_string(b, i + hashes + 1, hashes, &mut out);
                        }
                    }
                    b"b" | b"c" if b.get(i) == Some(&b'"') => {
                        i = rust_normal_string(b, i + 1, &mut out);
                    }
                    _ => {}
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// Reads a normal string whose content starts at `open`; records it when it
/// spans lines or may hold `\"key\": \"value\"` pairs.
fn rust_normal_string(b: &[u8], open: usize, out: &mut Vec<StringLiteral>) -> usize {
    let end = string_end(b, open, b'"', false);
    if b[open..end].contains(&b'\n') || may_hold_pairs(&b[open..end]) {
        out.push(StringLiteral {
            content: open..end,
            docstring: false,
            escapes: true,
        });
    }
    (end + 1).min(b.len())
}

/// Reads a raw string whose content starts at `open`, closed by `"` and `hashes` `#`s.
fn rust_raw_string(b: &[u8], open: usize, hashes: usize, out: &mut Vec<StringLiteral>) -> usize {
    let mut j = open;
    let end = loop {
        match memchr::memchr(b'"', &b[j..]) {
            Some(k) => {
                let quote = j + k;
                let closing = b[quote + 1..].iter().take(hashes).filter(|&&c| c == b'#');
                if closing.count() == hashes {
                    break quote;
                }
                j = quote + 1;
            }
            None => break b.len(),
        }
    };
    out.push(StringLiteral {
        content: open..end,
        docstring: false,
        escapes: false,
    });
    (end + 1 + hashes).min(b.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn contents(text: &str, language: Language) -> Vec<(&str, bool)> {
        string_literals(text, language)
            .into_iter()
            .map(|l| (&text[l.content], l.docstring))
            .collect()
    }

    #[test]
    fn python_docstrings_are_told_from_data() {
        let text = "\"\"\"Module.\"\"\"\nimport x\n\ndef f():\n    '''Doc.'''\n    body = b'''\n{}\n'''\n    call(\n        \"\"\"arg\"\"\"\n    )\n    d = {'k':\n         \"\"\"v\"\"\"}\n";
        assert_eq!(
            contents(text, Language::Python),
            [
                ("Module.", true),
                ("Doc.", true),
                ("\n{}\n", false),
                ("arg", false),
                ("v", false)
            ]
        );
    }

    #[test]
    fn python_quotes_in_comments_escapes_and_prefixes() {
        let text =
            "# it's \"\"\" not a string\nx = 'it\\'s'  # '''\ny = rb'''a\\'''b'''\nz = f\"{a}\"\n";
        assert_eq!(contents(text, Language::Python), [("a\\'''b", false)]);
    }

    #[test]
    fn rust_raw_multi_line_strings_chars_and_lifetimes() {
        let text = "// \"\nfn f<'a>(c: char) -> &'a str {\n    let q = '\"';\n    let e = '\\'';\n    /* \" /* nested */ \" */\n    let one = \"x\";\n    let two = \"a\n b\";\n    let raw = r#\"{\"k\": \"v\"}\"#;\n    let bytes = br\"x\";\n    r#fn\n}\n";
        assert_eq!(
            contents(text, Language::Rust),
            [("a\n b", false), ("{\"k\": \"v\"}", false), ("x", false)]
        );
    }

    #[test]
    fn documents_are_json_or_mostly_key_value_lines() {
        for json in [
            "\n{\"a\": 1}\n",
            "[{\"a\": 1}]",
            "{\"a\": 1}",
            "{\\\"a\\\": 1}",
        ] {
            assert_eq!(document_quoting(json), Some(Quoting::QuotedOnly), "{json}");
        }
        assert_eq!(
            document_quoting("\n[db]\nuser = a\npassword = b\n"),
            Some(Quoting::Any)
        );
        assert_eq!(
            document_quoting("\nSELECT *\nFROM t\nWHERE token = 1\n"),
            None
        );
        // One line: quoted pairs only, never prose with a colon.
        assert_eq!(document_quoting("token: x"), None);
        assert_eq!(document_quoting("note: the \"token\" field"), None);
        for pairs in [
            "password: \"x\", api_key: \"y\",",
            "Config { token: \"y\" }",
            "\\\"token\\\": \\\"y\\\"",
        ] {
            assert_eq!(
                document_quoting(pairs),
                Some(Quoting::QuotedOnly),
                "{pairs}"
            );
        }
    }

    #[test]
    fn documents_view_is_blank_outside_and_unescaped() {
        let text = "x = 1\nbody = \"\"\"\ntoken: ab\\n\n\"\"\"\n";
        let Documents { view, found } = documents(text, Language::Python).expect("one document");
        assert_eq!(view.len(), text.len());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, Quoting::Any);
        assert_eq!(view, "     \n          \ntoken: ab  \n   \n");
    }

    #[test]
    fn doctests_keep_code_at_its_offsets() {
        let text = "def f():\n    \"\"\"Doc.\n\n    >>> token = 'x'\n    >>> d = {\n    ...     'k': 1}\n    'x'\n    ... not code\n    \"\"\"\n";
        let out = python_doctests(text).expect("a doctest");
        assert_eq!(out.len(), text.len());
        let at = text.find("token").unwrap();
        assert_eq!(&out[at..at + 13], "token = 'x'\n ");
        assert!(out.contains("d = {"));
        assert!(out.contains("'k': 1}"));
        assert!(!out.contains("not code"));
        assert!(!out.contains("Doc."));
        assert_eq!(python_doctests("x = 1  # >>> y\n"), None);
    }
}
