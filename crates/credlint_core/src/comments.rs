//! Where a document's comments and string literals are, so that a
//! suppression marker is judged a comment or data once, for every format.
//!
//! A small lexer per format finds comments and strings over the whole text:
//! Python (`#`, quotes with prefixes, triple quotes, f-strings' replacement
//! fields with strings nested in them), Rust (`//`, nested `/* */`,
//! strings, raw strings, character literals), TOML (`#`, basic and literal
//! strings, `"""`/`'''`), YAML (`#` after a blank, quoted scalars that may
//! span lines, block scalars' bodies), dotenv files (`#`, a quoted value
//! that may span lines), shell scripts (`#` starting a word, quotes with
//! `$(…)`, `${…}` and backquotes nested in double quotes, here-documents),
//! Dockerfiles (`#` lines only, here-documents) and Makefiles (recipe lines
//! are shell; elsewhere `#` unless escaped, `define` bodies). Other text
//! (JSON, INI, properties, JavaScript…) has no lexer: nothing in it is told
//! a comment or data, so a marker there silences its line but is never
//! judged, that is reported unused or removed (a `#` or `;` line is a
//! comment in INI but `key = v # c` is a value; `// c` is a comment in
//! JavaScript but text in a template literal).

use crate::document::Language;
use std::ops::Range;
use std::path::Path;

/// What a byte of a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Inside a comment: text a reader can remove without changing the
    /// program or the data.
    Comment,
    /// Inside a string literal or another value: data.
    Data,
    /// Neither could be told (code, or a format without a lexer).
    Unknown,
    /// Inside a string or value left unclosed, which the text's end cuts:
    /// data, whose extent is unknown. Only the lexers give it;
    /// [`Regions::place`] reports it as [`Place::Data`], and a marker's
    /// coverage never runs through it (a10 #18).
    Unclosed,
}

/// A literal from `start` to `end`, or to the text's end (`len`), left
/// unclosed, when `end` is `None`.
fn literal(start: usize, end: Option<usize>, len: usize) -> (Range<usize>, Place) {
    match end {
        Some(end) => (start..end, Place::Data),
        None => (start..len, Place::Unclosed),
    }
}

/// A quoted string opened at `start` and read to `end`: unclosed when the
/// text ends before its closing quote (tripled when it opened tripled),
/// which a backslash does not escape when `escapes`.
fn quoted_literal(b: &[u8], start: usize, end: usize, escapes: bool) -> (Range<usize>, Place) {
    let q = b[start];
    let n = if b[start..end].starts_with(&[q, q, q]) {
        3
    } else {
        1
    };
    let closed = end < b.len()
        || end >= start + 2 * n
            && b[end - n..end].iter().all(|&c| c == q)
            && !(escapes
                && b[start + n..end - n]
                    .iter()
                    .rev()
                    .take_while(|&&c| c == b'\\')
                    .count()
                    % 2
                    == 1);
    literal(start, closed.then_some(end), b.len())
}

/// A format whose comments and strings a lexer knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Python,
    Rust,
    Toml,
    Yaml,
    Dotenv,
    Shell,
    Dockerfile,
    Makefile,
    /// Any other text.
    Other,
}

impl Syntax {
    /// The syntax of a document of `language` at `path`.
    pub fn of(language: Language, path: &Path) -> Syntax {
        match language {
            Language::Python => return Syntax::Python,
            Language::Rust => return Syntax::Rust,
            Language::Notebook | Language::Text => {}
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if name == ".env" || name.starts_with(".env.") || extension == "env" {
            return Syntax::Dotenv;
        }
        if ["dockerfile", "containerfile"]
            .iter()
            .any(|n| name == *n || name.starts_with(&format!("{n}.")))
            || extension == "dockerfile"
        {
            return Syntax::Dockerfile;
        }
        if ["makefile", "gnumakefile"].contains(&name.as_str()) || extension == "mk" {
            return Syntax::Makefile;
        }
        match extension.as_str() {
            "toml" => Syntax::Toml,
            "yaml" | "yml" => Syntax::Yaml,
            "sh" | "bash" | "zsh" | "ksh" => Syntax::Shell,
            _ => Syntax::Other,
        }
    }
}

/// The comments and strings of one document, sorted and disjoint.
pub struct Regions {
    regions: Vec<(Range<usize>, Place)>,
    syntax: Syntax,
}

impl Regions {
    pub fn new(text: &str, syntax: Syntax) -> Regions {
        let b = text.as_bytes();
        let regions = match syntax {
            Syntax::Python => quoted(b, false),
            Syntax::Toml => quoted(b, true),
            Syntax::Rust => rust(b),
            Syntax::Yaml => yaml(text),
            Syntax::Dotenv => dotenv(b),
            Syntax::Shell => shell(text),
            Syntax::Dockerfile => dockerfile(text),
            Syntax::Makefile => makefile(text),
            Syntax::Other => Vec::new(),
        };
        Regions { regions, syntax }
    }

    /// Where the last string opened on the line `line` (its bytes, line
    /// break excluded) ends, when one runs past the line: a triple-quoted
    /// or raw string, a quoted scalar or value spanning lines, a YAML block
    /// scalar's body, a here-document.
    pub fn string_past(&self, line: Range<usize>) -> Option<usize> {
        let first = self.regions.partition_point(|(r, _)| r.start < line.start);
        self.regions[first..]
            .iter()
            .take_while(|(r, _)| r.start <= line.end)
            .filter(|(r, place)| *place == Place::Data && r.end > line.end)
            .map(|(r, _)| r.end)
            .max()
    }

    /// Every comment and string, in order.
    pub fn all(&self) -> &[(Range<usize>, Place)] {
        &self.regions
    }

    /// The closed string or value holding byte `at`, if any.
    pub fn literal(&self, at: usize) -> Option<Range<usize>> {
        let i = self.regions.partition_point(|(r, _)| r.start <= at);
        let (range, place) = &self.regions[i.checked_sub(1)?];
        (*place == Place::Data && at < range.end).then(|| range.clone())
    }

    /// What byte `at` of the text is: [`Place::Unknown`] in a format
    /// without a lexer.
    pub fn place(&self, at: usize) -> Place {
        if self.syntax == Syntax::Other {
            return Place::Unknown;
        }
        let i = self.regions.partition_point(|(r, _)| r.start <= at);
        match i.checked_sub(1).map(|i| &self.regions[i]) {
            Some((_, Place::Unclosed)) if at < self.regions[i - 1].0.end => Place::Data,
            Some((range, place)) if at < range.end => *place,
            // Whatever YAML holds outside its comments is a node's: a key,
            // a plain scalar (a10 #6: `k: v credlint:allow`), an indicator.
            _ if self.syntax == Syntax::Yaml => Place::Data,
            _ => Place::Unknown,
        }
    }
}

/// The end of the line holding `i` (the offset of its `\n` or `\r`).
fn line_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .map_or(b.len(), |j| i + j)
}

/// The offset just past the closing `quote` (tripled when `triple`) of a
/// string whose body starts at `i`, or the text's end. `escapes` says
/// whether a backslash keeps the byte after it; a one-quote string ends
/// with its line when unclosed.
fn string_end(b: &[u8], mut i: usize, quote: u8, triple: bool, escapes: bool) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' if escapes => i += 2,
            b'\n' | b'\r' if !triple => return i,
            c if c == quote => {
                if !triple || b.get(i + 1) == Some(&quote) && b.get(i + 2) == Some(&quote) {
                    return i + if triple { 3 } else { 1 };
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    b.len()
}

/// Python (`toml == false`) or TOML: `#` comments, one-quote and
/// triple-quoted strings. In TOML a single-quoted string has no escapes.
fn quoted(b: &[u8], toml: bool) -> Vec<(Range<usize>, Place)> {
    quoted_with(b, toml, &mut PythonStrings::new(b))
}

fn quoted_with(b: &[u8], toml: bool, python: &mut PythonStrings) -> Vec<(Range<usize>, Place)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => {
                let end = line_end(b, i);
                out.push((i..end, Place::Comment));
                i = end;
            }
            b'"' | b'\'' if !toml => {
                let end = python.end(i);
                out.push(quoted_literal(b, i, end, true));
                i = end.max(i + 1);
            }
            q @ (b'"' | b'\'') => {
                let triple = b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q);
                let escapes = q != b'\'';
                let end = string_end(b, i + if triple { 3 } else { 1 }, q, triple, escapes);
                out.push(quoted_literal(b, i, end, escapes));
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    out
}

/// How deep f-strings nested in replacement fields (and format specs'
/// fields in fields) are followed: one nested deeper fails the strings
/// around it as an unclosed field does, and the outermost is read without
/// its fields.
const PYTHON_DEPTH: usize = 16;

/// Python strings, read with their f-strings' (and t-strings') replacement
/// fields `{…}`: code, holding strings of their own (of any quotes since
/// Python 3.12, triple-quoted ones spanning lines, which a one-quote
/// f-string may then span too); `{{` is a brace.
///
/// An f-string whose field is left unclosed, or one holding such a string,
/// is read without its fields when it is outermost: a field's failure fails
/// every string around it at once, and how a string opened at an offset
/// reads does not depend on what holds it, so each f-string is read once
/// (`ends`). A file of lines opening fields that never close is read in
/// linear time, not re-entered one level deeper from each line (issue 9:
/// 28 lines took 18 s). `budget` bounds the bytes read inside f-strings
/// whatever the text: past it, f-strings are read without their fields.
struct PythonStrings<'a> {
    b: &'a [u8],
    /// Where the f-string opened at an offset ends, read with its fields;
    /// `None` when one is left unclosed.
    ends: std::collections::HashMap<usize, Option<usize>>,
    /// Bytes read inside f-strings so far.
    steps: usize,
    budget: usize,
}

impl<'a> PythonStrings<'a> {
    fn new(b: &'a [u8]) -> PythonStrings<'a> {
        PythonStrings {
            b,
            ends: std::collections::HashMap::new(),
            steps: 0,
            budget: 8 * b.len() + 4096,
        }
    }

    /// The offset past the outermost string whose opening quote is at `q_at`.
    fn end(&mut self, q_at: usize) -> usize {
        let (q, triple, body) = self.opening(q_at);
        self.string(q_at, 0)
            .unwrap_or_else(|| string_end(self.b, body, q, triple, true))
    }

    /// The quote at `q_at`, whether it is tripled, and where the body starts.
    fn opening(&self, q_at: usize) -> (u8, bool, usize) {
        let b = self.b;
        let q = b[q_at];
        let triple = b.get(q_at + 1) == Some(&q) && b.get(q_at + 2) == Some(&q);
        (q, triple, q_at + if triple { 3 } else { 1 })
    }

    /// The offset past the string opened at `q_at`, `depth` strings deep;
    /// `None` when it is an f-string with a field left unclosed.
    fn string(&mut self, q_at: usize, depth: usize) -> Option<usize> {
        let (q, triple, body) = self.opening(q_at);
        if !python_formatted(self.b, q_at) || self.steps > self.budget {
            return Some(string_end(self.b, body, q, triple, true));
        }
        if depth >= PYTHON_DEPTH {
            return None;
        }
        if let Some(&end) = self.ends.get(&q_at) {
            return end;
        }
        let end = self.fstring(body, q, triple, depth);
        self.ends.insert(q_at, end);
        end
    }

    /// The offset past the closing quote of an f-string whose body starts
    /// at `i`; `None` when a replacement field is left unclosed.
    fn fstring(&mut self, mut i: usize, q: u8, triple: bool, depth: usize) -> Option<usize> {
        let b = self.b;
        while i < b.len() {
            self.steps += 1;
            match b[i] {
                b'\\' => i += 2,
                b'\n' | b'\r' if !triple => return Some(i),
                c if c == q => {
                    if !triple || b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q) {
                        return Some(i + if triple { 3 } else { 1 });
                    }
                    i += 1;
                }
                b'{' if b.get(i + 1) == Some(&b'{') => i += 2,
                b'{' => i = self.field(i + 1, depth)?,
                _ => i += 1,
            }
        }
        Some(b.len())
    }

    /// The offset past the `}` closing a replacement field whose body
    /// starts at `i`: code with brackets, strings and comments, then a
    /// format spec after a top-level `:`, which is text with fields of its
    /// own. `None` when unclosed, or nested too deep.
    fn field(&mut self, mut i: usize, depth: usize) -> Option<usize> {
        if depth >= PYTHON_DEPTH {
            return None;
        }
        let b = self.b;
        let mut open = 0usize;
        while i < b.len() {
            self.steps += 1;
            match b[i] {
                b'(' | b'[' | b'{' => open += 1,
                b')' | b']' => open = open.saturating_sub(1),
                b'}' if open == 0 => return Some(i + 1),
                b'}' => open -= 1,
                b'#' => {
                    i = line_end(b, i);
                    continue;
                }
                b'"' | b'\'' => {
                    i = self.string(i, depth + 1)?;
                    continue;
                }
                b':' if open == 0 => {
                    // The format spec: text, with nested fields.
                    i += 1;
                    while i < b.len() {
                        self.steps += 1;
                        match b[i] {
                            b'{' => i = self.field(i + 1, depth + 1)?,
                            b'}' => return Some(i + 1),
                            _ => i += 1,
                        }
                    }
                    return None;
                }
                _ => {}
            }
            i += 1;
        }
        None
    }
}

/// Whether the quote at `q_at` opens an f-string or a t-string: its prefix
/// (`f`, `rf`, `Fr`, `t`…) is the whole word before it.
fn python_formatted(b: &[u8], q_at: usize) -> bool {
    let mut start = q_at;
    while start > 0 && is_word(b[start - 1]) {
        start -= 1;
    }
    let prefix = &b[start..q_at];
    prefix.len() <= 2
        && prefix.iter().all(|c| b"rRbBfFuUtT".contains(c))
        && prefix.iter().any(|c| b"fFtT".contains(c))
}

/// Rust: line and nested block comments, strings (raw ones too) and
/// character literals, told from lifetimes.
fn rust(b: &[u8]) -> Vec<(Range<usize>, Place)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = line_end(b, i);
                out.push((i..end, Place::Comment));
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let j = block_comment_end(b, i);
                out.push((i..j, Place::Comment));
                i = j;
            }
            b'"' => {
                // A Rust string may span lines.
                let end = one_quote_end(b, i + 1, b'"', true);
                out.push(literal(i, end, b.len()));
                i = end.unwrap_or(b.len());
            }
            b'\'' => {
                // A character literal (`'"'`, `'\''`, `'é'`), or a lifetime.
                let end = rust_char_or_lifetime(b, i).min(b.len());
                if end > i + 1 {
                    out.push((i..end, Place::Data));
                }
                i = end;
            }
            c if is_word(c) => {
                let start = i;
                while i < b.len() && is_word(b[i]) {
                    i += 1;
                }
                let raw = matches!(&b[start..i], b"r" | b"br" | b"cr");
                let hashes = b[i..].iter().take_while(|&&c| c == b'#').count();
                if raw && b.get(i + hashes) == Some(&b'"') {
                    let body = i + hashes + 1;
                    let mut closing = vec![b'"'];
                    closing.extend(std::iter::repeat_n(b'#', hashes));
                    let end = memchr::memmem::find(&b[body..], &closing)
                        .map(|p| body + p + closing.len());
                    out.push(literal(start, end, b.len()));
                    i = end.unwrap_or(b.len());
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// The offset past the Rust block comment opening at `i` (they nest), or
/// the text's end.
pub(crate) fn block_comment_end(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        if b[i..].starts_with(b"/*") {
            depth += 1;
            i += 2;
        } else if b[i..].starts_with(b"*/") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                break;
            }
        } else {
            i += 1;
        }
    }
    i
}

/// Past a char literal (`'"'`, `'\''`, `'é'`) or a lifetime's quote.
pub(crate) fn rust_char_or_lifetime(b: &[u8], i: usize) -> usize {
    if b.get(i + 1) == Some(&b'\\') {
        // An escape cut by the line's end ends with it.
        if matches!(b.get(i + 2), None | Some(b'\n' | b'\r')) {
            return i + 2;
        }
        let mut j = i + 3;
        while j < b.len() && b[j] != b'\'' && b[j] != b'\n' {
            j += 1;
        }
        return j + 1;
    }
    let width = match b.get(i + 1) {
        Some(&c) if c >= 0xF0 => 4,
        Some(&c) if c >= 0xE0 => 3,
        Some(&c) if c >= 0xC0 => 2,
        _ => 1,
    };
    if b.get(i + 1 + width) == Some(&b'\'') {
        i + 2 + width
    } else {
        i + 1
    }
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// A `#` starting a comment in formats where it must follow a blank or
/// start the line (YAML, dotenv values, shell words).
fn after_blank(b: &[u8], i: usize) -> bool {
    i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r')
}

/// YAML: comments, quoted scalars (which may span lines) and the bodies of
/// block scalars, whose lines are data whatever they hold.
fn yaml(text: &str) -> Vec<(Range<usize>, Place)> {
    let b = text.as_bytes();
    let mut out: Vec<(Range<usize>, Place)> = Vec::new();
    let mut i = 0;
    // The least indentation of an open block scalar's body lines.
    let mut block: Option<usize> = None;
    // The indentation of the last line holding more than a comment: the
    // parent of a block scalar whose indicator stands alone on its line.
    let mut parent: Option<usize> = None;
    // How deep the flow collections (`[…]`, `{…}`) open here are.
    let mut flow = 0usize;
    while i < b.len() {
        let end = line_end(b, i);
        let line = &text[i..end];
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(least) = block {
            if line.trim().is_empty() || indent >= least {
                // The body's lines join the region its indicator opened.
                if let Some((body, _)) = out.last_mut() {
                    body.end = end;
                }
                i = next_line(b, end);
                continue;
            }
            block = None;
        }
        // Scan the line: comments after a blank, quoted scalars opening a
        // value.
        let mut j = i;
        // The last byte of code and its offset, and whether a blank came
        // after it.
        let mut last_code: Option<(u8, usize)> = None;
        let mut blank = true;
        // Where the line's leading `-`, `?` and blanks end.
        let lead = b[i..end]
            .iter()
            .position(|c| !matches!(c, b' ' | b'\t' | b'-' | b'?'))
            .map_or(end, |k| i + k);
        // Whether a node starts here, so that a quote opens a quoted scalar
        // (a10 #4: `x, 'y` and `a-'b` are plain text): at the line's start,
        // after `[` or `{`, after `,` in a flow collection, after `: `
        // (`:` alone in a flow collection), `- ` or `? ` indicators.
        let opens = |last: Option<(u8, usize)>, blank: bool, flow: usize| match last {
            None | Some((b'[' | b'{', _)) => true,
            Some((b',', _)) => flow > 0,
            Some((b':', _)) => blank || flow > 0,
            // `- ` and `? ` only before any other code on the line.
            Some((b'-' | b'?', at)) => blank && at < lead,
            Some(_) => false,
        };
        while j < end {
            match b[j] {
                b'#' if after_blank(b, j) => {
                    out.push((j..end, Place::Comment));
                    break;
                }
                // An anchor or a tag before a value: the value may still be quoted.
                b'&' | b'!' if opens(last_code, blank, flow) => {
                    while j < end && !matches!(b[j], b' ' | b'\t') {
                        j += 1;
                    }
                    continue;
                }
                b'[' | b'{' if opens(last_code, blank, flow) => {
                    flow += 1;
                    last_code = Some((b[j], j));
                    blank = false;
                }
                c @ (b']' | b'}') if flow > 0 => {
                    flow -= 1;
                    last_code = Some((c, j));
                    blank = false;
                }
                q @ (b'"' | b'\'') if opens(last_code, blank, flow) => {
                    let closed = yaml_quote_end(b, j + 1, q);
                    out.push(literal(j, closed, b.len()));
                    let close = closed.unwrap_or(b.len());
                    if close > end {
                        // The scalar went on past its line: go on from its end.
                        j = close;
                        break;
                    }
                    j = close;
                    last_code = Some((q, j));
                    blank = false;
                    continue;
                }
                b' ' | b'\t' => blank = true,
                c => {
                    last_code = Some((c, j));
                    blank = false;
                }
            }
            j += 1;
        }
        if j > end {
            i = j;
            continue;
        }
        // A block scalar's indicator ends the line's content.
        let content = match out.last() {
            Some((r, Place::Comment)) if r.start >= i && r.end == end => &text[i..r.start],
            _ => line,
        };
        let head = content
            .trim_end()
            .trim_end_matches(|c: char| c == '-' || c == '+' || c.is_ascii_digit());
        if head.ends_with(['|', '>']) {
            let mut before = head[..head.len() - 1].trim_end();
            // Node properties between the key (or `-`, `?`) and the
            // indicator: an anchor, a tag (`key: &a !!str |`).
            loop {
                let word = before.rfind([' ', '\t']).map_or(0, |at| at + 1);
                if !before[word..].starts_with(['&', '!']) {
                    break;
                }
                before = before[..word].trim_end();
            }
            if before.is_empty() || before.ends_with([':', '-', '?']) {
                // The body is one region, from the indicator line's end, so
                // that it counts as a string opened on that line. Its lines
                // are indented deeper than the node holding the scalar
                // (YAML's rule; an indentation indicator, `|2`, only asks
                // for more): a key's column, past the `- ` and `? ` before
                // it (a11 #1: `- run: |` / `  env:` ends the body at
                // `env:`), a `- ` or `? ` indicator's own, or when the
                // indicator stands alone on its line, the line above's
                // (a10 #13: `key:` / `  |` / `  # credlint: allow` is all
                // data).
                let holder = if before.is_empty() {
                    parent
                } else if before.ends_with(':') {
                    Some(yaml_node_column(before))
                } else if before.len() == 1 || before[..before.len() - 1].ends_with([' ', '\t']) {
                    // A `- ` or `? ` indicator: the entry's column.
                    Some(before.len() - 1)
                } else {
                    // `--- |`, a document's top-level scalar.
                    Some(indent)
                };
                block = Some(holder.map_or(0, |h| h + 1));
                out.push((end..end, Place::Data));
            }
        }
        if !content.trim().is_empty() {
            parent = Some(yaml_node_column(content.trim_end()));
        }
        i = next_line(b, end);
    }
    out
}

/// The column where the innermost node of a YAML line's content starts:
/// past its leading blanks and its `- ` and `? ` block indicators (the
/// column of a compact mapping's key, `- - key:`), or for a line of
/// indicators only, the last indicator's.
fn yaml_node_column(content: &str) -> usize {
    let b = content.as_bytes();
    let mut k = 0;
    let mut last = None;
    loop {
        while k < b.len() && matches!(b[k], b' ' | b'\t') {
            k += 1;
        }
        if k < b.len()
            && matches!(b[k], b'-' | b'?')
            && matches!(b.get(k + 1), None | Some(b' ' | b'\t'))
        {
            last = Some(k);
            k += 1;
            continue;
        }
        break;
    }
    match last {
        Some(at) if k == b.len() => at,
        _ => k,
    }
}

/// The offset past the closing quote of a YAML quoted scalar whose body
/// starts at `i`: `\` escapes in a double-quoted one, `''` in a single-quoted
/// one; `None` when unclosed.
fn yaml_quote_end(b: &[u8], mut i: usize, quote: u8) -> Option<usize> {
    while i < b.len() {
        match b[i] {
            b'\\' if quote == b'"' => i += 2,
            c if c == quote => {
                if quote == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                return Some(i + 1);
            }
            _ => i += 1,
        }
    }
    None
}

fn next_line(b: &[u8], end: usize) -> usize {
    match b[end..] {
        [b'\r', b'\n', ..] => end + 2,
        [_, ..] => end + 1,
        [] => end,
    }
}

/// dotenv: `#` lines, `#` after a blank outside quotes, and a value quoted
/// from its start, which may span lines.
fn dotenv(b: &[u8]) -> Vec<(Range<usize>, Place)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let end = line_end(b, i);
        let mut j = i;
        while j < end && matches!(b[j], b' ' | b'\t') {
            j += 1;
        }
        let mut value_start = None;
        while j < end {
            match b[j] {
                b'#' if after_blank(b, j) => {
                    out.push((j..end, Place::Comment));
                    j = end;
                    break;
                }
                b'=' if value_start.is_none() => {
                    j += 1;
                    while j < end && matches!(b[j], b' ' | b'\t') {
                        j += 1;
                    }
                    value_start = Some(j);
                    if let Some(&q @ (b'"' | b'\'' | b'`')) = b.get(j) {
                        let closed = one_quote_end(b, j + 1, q, q != b'\'');
                        let close = match closed {
                            // A shell ends a single-quoted value at its
                            // first quote, python-dotenv reads `\'` as an
                            // escaped one (a10 #5): the value is data as
                            // far as either reads it, of an extent unknown.
                            Some(close) if q == b'\'' && b[close - 2] == b'\\' && close - 2 > j => {
                                let far = dotenv_single_quoted_end(b, j + 1);
                                out.push((j..far, Place::Unclosed));
                                far
                            }
                            _ => {
                                out.push(literal(j, closed, b.len()));
                                closed.unwrap_or(b.len())
                            }
                        };
                        j = close;
                        if close > end {
                            break;
                        }
                        continue;
                    }
                    // An unquoted value, up to a comment.
                    let mut k = j;
                    while k < end && !(b[k] == b'#' && after_blank(b, k)) {
                        k += 1;
                    }
                    out.push((j..k, Place::Data));
                    j = k;
                    continue;
                }
                _ => j += 1,
            }
        }
        i = if j > end { j } else { next_line(b, end) };
        if j > end {
            // Past a multi-line value: the rest of its last line.
            let rest_end = line_end(b, j.min(b.len()));
            let mut k = j;
            while k < rest_end && !(b[k] == b'#' && after_blank(b, k)) {
                k += 1;
            }
            if k < rest_end {
                out.push((k..rest_end, Place::Comment));
            }
            i = next_line(b, rest_end);
        }
    }
    out
}

/// Where python-dotenv ends a single-quoted value whose body starts at `i`:
/// its pattern `'((?:\\'|[^'])*)'` takes the longest match, so the value
/// runs to the first quote no backslash precedes, or else to the text's last
/// quote.
fn dotenv_single_quoted_end(b: &[u8], i: usize) -> usize {
    let mut last = None;
    for k in i..b.len() {
        if b[k] == b'\'' {
            if b[k - 1] != b'\\' {
                return k + 1;
            }
            last = Some(k + 1);
        }
    }
    last.unwrap_or(b.len())
}

/// The offset past the closing `quote` of a string whose body starts at
/// `i` (a backslash escapes when `escapes`); `None` when unclosed.
fn one_quote_end(b: &[u8], mut i: usize, quote: u8, escapes: bool) -> Option<usize> {
    while i < b.len() {
        match b[i] {
            b'\\' if escapes => i += 2,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Shell: `#` starting a word, quotes (which may span lines) and
/// here-documents, whose bodies are data.
fn shell(text: &str) -> Vec<(Range<usize>, Place)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // Here-documents opened on the current line: (delimiter, tabs stripped).
    let mut pending: Vec<(Vec<u8>, bool)> = Vec::new();
    // Where the last backslash-escaped line break ended, and the byte
    // before that backslash (or before the lines it joined in turn).
    let mut joined: Option<(usize, Option<u8>)> = None;
    // Where the last backslash-escaped byte ended: that byte is part of a
    // word, whatever it is (a11 #6: `foo\ #x` is the word `foo #x`).
    let mut escaped = None;
    let mut i = 0;
    while i < b.len() {
        // The byte before this one: lines a backslash joins are one, and an
        // escaped byte is a word's.
        let before = match joined {
            Some((at, before)) if at == i => before,
            _ if escaped == Some(i) => Some(b'\\'),
            _ => i.checked_sub(1).map(|j| b[j]),
        };
        match b[i] {
            b'\n' | b'\r' => {
                i = next_line(b, i);
                for (word, strip) in std::mem::take(&mut pending) {
                    let end = here_document_body_end(b, i, &word, strip);
                    out.push(literal(i, end, b.len()));
                    i = end.unwrap_or(b.len());
                }
            }
            b'#' => {
                // A `#` starting a word opens a comment: after a blank, a
                // line break or an operator (`a\⏎#b` is the word `a#b`).
                if before.is_some_and(|c| {
                    !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b';' | b'|' | b'&' | b'(')
                }) {
                    if escaped == Some(i) && matches!(b[i - 1], b' ' | b'\t') {
                        // `foo\ # note`: what reads as a comment is words
                        // bash runs (a11 #6), no marker's place: data, up
                        // to where a quote, an expansion or an escape
                        // needs reading.
                        let end = b[i..line_end(b, i)]
                            .iter()
                            .position(|c| matches!(c, b'"' | b'\'' | b'`' | b'$' | b'\\' | b'<'))
                            .map_or_else(|| line_end(b, i), |k| i + k);
                        out.push((i..end, Place::Data));
                        i = end;
                        continue;
                    }
                    i += 1;
                    continue;
                }
                let end = line_end(b, i);
                out.push((i..end, Place::Comment));
                i = end;
            }
            b'\\' if matches!(b.get(i + 1), Some(b'\n' | b'\r')) => {
                i = next_line(b, i + 1);
                joined = Some((i, before));
            }
            b'\\' => {
                i += 2;
                escaped = Some(i);
            }
            b'$' if b.get(i + 1) == Some(&b'{') => {
                // A parameter expansion is one word, where `#` opens
                // nothing (`${x:-a # b}`), unclosed to the text's end.
                let end = shell_parameter_end(b, i + 2, true, 1);
                out.push(literal(i, end, b.len()));
                i = end.unwrap_or(b.len());
            }
            q @ (b'"' | b'\'' | b'`') => {
                // No escapes between single quotes, but in `$'…'`.
                let escapes = q != b'\'' || i > 0 && b[i - 1] == b'$';
                // Between double quotes `$(…)`, `${…}` and backquotes open
                // contexts of their own, where quotes nest. A string left
                // unclosed, or one of its contexts, runs to the text's end,
                // as the shell reads it: nothing after it is read again
                // (a10 #7: each later `"` re-read the contexts to the end,
                // a 160 KB script of `"$("` took 28 s), and a marker after
                // it is data, silencing nothing.
                let end = if q == b'"' {
                    shell_double_quoted_end(b, i + 1, 0)
                } else {
                    one_quote_end(b, i + 1, q, escapes)
                };
                out.push(literal(i, end, b.len()));
                i = end.unwrap_or(b.len());
            }
            b'<' if b[i..].starts_with(b"<<") && !b[i..].starts_with(b"<<<") => {
                let (delimiter, past) = here_document_opener(b, i);
                pending.extend(delimiter);
                i = past;
            }
            _ => i += 1,
        }
    }
    out
}

/// Whether the line `b[start..end]` ends with an odd run of backslashes:
/// continued on the next line.
fn continued(b: &[u8], start: usize, end: usize) -> bool {
    b[start..end]
        .iter()
        .rev()
        .take_while(|&&c| c == b'\\')
        .count()
        % 2
        == 1
}

/// The end of the logical line starting at `i`: its physical lines joined
/// by backslashes before their line breaks.
fn logical_line_end(b: &[u8], i: usize) -> usize {
    let mut end = line_end(b, i);
    while end < b.len() && continued(b, i, end) {
        end = line_end(b, next_line(b, end));
    }
    end
}

/// Dockerfile: only a line whose first non-blank is `#` is a comment; a `#`
/// anywhere else is an argument of its instruction (the shell of a `RUN`
/// may still read it as a comment, so it is unknown, not data).
/// Here-documents' bodies (`RUN <<EOF`, `COPY <<EOF /f`) are data, read as
/// BuildKit reads them: only a `RUN`, `COPY` or `ADD` (also after
/// `ONBUILD`) opens one, by a word of its logical line (its physical lines
/// joined by a backslash at their ends, comment and blank lines between
/// them skipped) that is `<<` after optional digits, an optional `-`, and
/// a delimiter with no `<` in it, whose quotes and backslashes are removed
/// (`<<EOF`, `<<-"EOF"`, `<<\EOF`, `<<E"O"F`, `<<END.TXT`); the bodies
/// follow the logical line, one after another. A `<<` in another
/// instruction, inside a quoted word or glued after other text (`cat<<EOF`)
/// opens nothing: BuildKit reads the next line as an instruction.
fn dockerfile(text: &str) -> Vec<(Range<usize>, Place)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let comment = |i: usize, end: usize| {
        let blanks = b[i..end]
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
        (i + blanks < end && b[i + blanks] == b'#').then_some(i + blanks..end)
    };
    let mut i = 0;
    while i < b.len() {
        let end = line_end(b, i);
        if let Some(range) = comment(i, end) {
            out.push((range, Place::Comment));
            i = next_line(b, end);
            continue;
        }
        // The instruction's logical line.
        let mut logical = Vec::new();
        let (mut start, mut end) = (i, end);
        loop {
            let (piece, more) = dockerfile_continued(&b[start..end]);
            logical.extend_from_slice(piece);
            i = next_line(b, end);
            if !more {
                break;
            }
            let mut next = None;
            while i < b.len() {
                let e = line_end(b, i);
                if let Some(range) = comment(i, e) {
                    out.push((range, Place::Comment));
                } else if !b[i..e].iter().all(u8::is_ascii_whitespace) {
                    next = Some((i, e));
                    break;
                }
                i = next_line(b, e);
            }
            match next {
                Some((s, e)) => (start, end) = (s, e),
                None => break,
            }
        }
        for (word, strip) in dockerfile_here_documents(&logical) {
            let end = here_document_body_end(b, i, &word, strip);
            out.push(literal(i, end, b.len()));
            i = end.unwrap_or(b.len());
        }
    }
    out
}

/// A Dockerfile line without its continuation (a backslash at its end,
/// blanks after it allowed, not itself escaped by one before it), and
/// whether it is continued.
fn dockerfile_continued(line: &[u8]) -> (&[u8], bool) {
    let kept = line.len()
        - line
            .iter()
            .rev()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
    let continued = kept > 0 && line[kept - 1] == b'\\' && (kept == 1 || line[kept - 2] != b'\\');
    match continued {
        true => (&line[..kept - 1], true),
        false => (line, false),
    }
}

/// The here-documents a Dockerfile instruction's logical line opens: each
/// delimiter, and whether its body's leading tabs are stripped (`<<-`).
fn dockerfile_here_documents(line: &[u8]) -> Vec<(Vec<u8>, bool)> {
    let Some(words) = dockerfile_words(line) else {
        return Vec::new(); // a quote left open: BuildKit reads no word
    };
    let mut instruction = words.iter().map(|w| w.to_ascii_uppercase());
    let mut first = instruction.next();
    if first.as_deref() == Some(b"ONBUILD".as_slice()) {
        first = instruction.next();
    }
    if !matches!(first.as_deref(), Some(b"RUN" | b"COPY" | b"ADD")) {
        return Vec::new();
    }
    words
        .iter()
        .filter_map(|word| {
            let digits = word.iter().take_while(|c| c.is_ascii_digit()).count();
            let rest = word[digits..].strip_prefix(b"<<")?;
            let (rest, strip) = match rest.strip_prefix(b"-") {
                Some(rest) => (rest, true),
                None => (rest, false),
            };
            if rest.is_empty() || rest.contains(&b'<') {
                return None;
            }
            let name = unquoted(rest);
            (!name.is_empty()).then_some((name, strip))
        })
        .collect()
}

/// A line split into words at blanks outside quotes, each word as written
/// (quotes and backslashes kept); `None` when a quote is left open.
fn dockerfile_words(line: &[u8]) -> Option<Vec<&[u8]>> {
    let mut words = Vec::new();
    let mut start = None;
    let mut i = 0;
    while i < line.len() {
        let c = line[i];
        if c.is_ascii_whitespace() {
            if let Some(s) = start.take() {
                words.push(&line[s..i]);
            }
            i += 1;
            continue;
        }
        start.get_or_insert(i);
        i += match c {
            b'\\' => 2,
            b'\'' => 2 + line[i + 1..].iter().position(|&c| c == b'\'')?,
            b'"' => 2 + double_quoted_len(&line[i + 1..])?,
            _ => 1,
        };
    }
    if let Some(s) = start {
        words.push(&line[s..line.len().min(i)]);
    }
    Some(words)
}

/// The length of a double-quoted body up to its closing quote (`\` escapes
/// the next byte); `None` when it is not closed.
fn double_quoted_len(body: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'"' => return Some(i),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    None
}

/// A word with its quotes and backslashes removed, as a shell reads it.
fn unquoted(word: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < word.len() {
        match word[i] {
            b'\\' => {
                out.extend(word.get(i + 1));
                i += 2;
            }
            b'\'' => {
                let close = word[i + 1..]
                    .iter()
                    .position(|&c| c == b'\'')
                    .map_or(word.len(), |k| i + 1 + k);
                out.extend_from_slice(&word[i + 1..close]);
                i = close + 1;
            }
            b'"' => {
                i += 1;
                while i < word.len() && word[i] != b'"' {
                    if word[i] == b'\\' && i + 1 < word.len() {
                        i += 1;
                    }
                    out.push(word[i]);
                    i += 1;
                }
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Makefile: a recipe line (starting with a tab) is shell, read by the
/// shell's lexer up to its logical line's end; elsewhere `#` starts a
/// comment unless escaped (`\#`) or inside a variable reference or a
/// function call (`$(…)`), quotes are text, and a `define` block's
/// body is data. A comment continued on the next line by a backslash is
/// left unknown (removing it would join that line to the code), and so is
/// one after blanks that end a variable's value.
fn makefile(text: &str) -> Vec<(Range<usize>, Place)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut defines = 0usize;
    let mut i = 0;
    while i < b.len() {
        let end = logical_line_end(b, i);
        let line = &text[i..end];
        let words: Vec<&str> = line.split_whitespace().take(3).collect();
        let opens_define = words
            .iter()
            .take(3)
            .position(|w| *w == "define")
            .is_some_and(|at| {
                words[..at]
                    .iter()
                    .all(|w| matches!(*w, "override" | "export" | "private"))
            });
        if defines > 0 {
            if words.first() == Some(&"endef") {
                defines -= 1;
            } else {
                defines += usize::from(opens_define);
                out.push((i..end, Place::Data));
            }
        } else if b[i] == b'\t' {
            out.extend(
                shell(line)
                    .into_iter()
                    .map(|(r, place)| (i + r.start..i + r.end, place)),
            );
        } else if let Some(semi) = inline_recipe(b, i, end, &words) {
            // A rule's recipe after its prerequisites' `;` is shell, as a
            // recipe line (`all: ; @echo "a # b"`).
            out.extend(
                shell(&text[semi + 1..end])
                    .into_iter()
                    .map(|(r, place)| (semi + 1 + r.start..semi + 1 + r.end, place)),
            );
        } else {
            defines += usize::from(opens_define);
            let mut j = i;
            // `#` is text inside a variable reference or a function call.
            let mut references = 0usize;
            while j < end {
                match b[j] {
                    b'\\' => j += 2,
                    b'$' if matches!(b.get(j + 1), Some(b'(' | b'{')) => {
                        references += 1;
                        j += 2;
                    }
                    b'(' | b'{' if references > 0 => {
                        references += 1;
                        j += 1;
                    }
                    b')' | b'}' if references > 0 => {
                        references -= 1;
                        j += 1;
                    }
                    b'#' if references > 0 => j += 1,
                    b'#' => {
                        // A variable's value keeps the blanks before its
                        // comment (`X = a  # c` is `a  `): removing that
                        // comment with them would change the value.
                        let code = &text[i..j];
                        let value_blanks = code.contains('=') && code.ends_with([' ', '\t']);
                        if line_end(b, j) == end && !value_blanks {
                            out.push((j..end, Place::Comment));
                        }
                        break;
                    }
                    _ => j += 1,
                }
            }
        }
        i = next_line(b, end);
    }
    out
}

/// The `;` after a rule's prerequisites on the Makefile line `b[i..end]`
/// (`targets: prerequisites ; recipe`), when the line is a rule with a
/// recipe: a `:` outside variable references that neither follows an `=`
/// nor makes one (`:=`, `::=`), then a `;` before any `#` or `=` (a
/// target-specific variable's value may hold one). A directive's line is
/// no rule.
fn inline_recipe(b: &[u8], i: usize, end: usize, words: &[&str]) -> Option<usize> {
    const DIRECTIVES: [&str; 17] = [
        "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif", "include", "-include", "sinclude",
        "export", "unexport", "override", "private", "vpath", "define", "endef", "undefine",
    ];
    if words.first().is_none_or(|w| DIRECTIVES.contains(w)) {
        return None;
    }
    let mut references = 0usize;
    let mut rule = false;
    let mut j = i;
    while j < end {
        match b[j] {
            b'\\' => j += 1,
            b'$' if matches!(b.get(j + 1), Some(b'(' | b'{')) => {
                references += 1;
                j += 1;
            }
            b'(' | b'{' if references > 0 => references += 1,
            b')' | b'}' if references > 0 => references -= 1,
            _ if references > 0 => {}
            b'#' => return None,
            b'=' => return None,
            b':' if !rule => {
                let colons = b[j..end].iter().take_while(|&&c| c == b':').count();
                if b.get(j + colons) == Some(&b'=') {
                    return None;
                }
                rule = true;
                j += colons - 1;
            }
            b';' if rule => return Some(j),
            _ => {}
        }
        j += 1;
    }
    None
}

/// The delimiter of the shell here-document whose `<<` is at `i` (the
/// word with its quoting removed, and whether the body's leading tabs are
/// stripped: `<<-`), when one follows, and the offset past it. The word
/// runs to a blank or an operator; any part of it may be quoted
/// (`<<'EOF'`, `<<"EOF"`, `<<\EOF`, `<<E"O"F`), as the shell reads it. A
/// word starting with an unquoted digit is no delimiter (`$((1 << 2))`),
/// nor is one whose quote is left open on its line (the offset returned is
/// then that quote's, so that no byte is read twice).
fn here_document_opener(b: &[u8], i: usize) -> (Option<(Vec<u8>, bool)>, usize) {
    let mut j = i + 2;
    let strip = b.get(j) == Some(&b'-');
    if strip {
        j += 1;
    }
    while j < b.len() && matches!(b[j], b' ' | b'\t') {
        j += 1;
    }
    let start = j;
    let mut word = Vec::new();
    while j < b.len() {
        match b[j] {
            b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')' => break,
            b'\\' => {
                match b.get(j + 1) {
                    None | Some(b'\n' | b'\r') => return (None, j),
                    Some(&c) => word.push(c),
                }
                j += 2;
            }
            q @ (b'\'' | b'"') => {
                let Some(close) = b[j + 1..]
                    .iter()
                    .position(|&c| c == q || c == b'\n' || c == b'\r')
                    .filter(|&k| b[j + 1 + k] == q)
                else {
                    // Left to the caller, who reads the quote as a string.
                    return (None, j);
                };
                word.extend_from_slice(&b[j + 1..j + 1 + close]);
                j += close + 2;
            }
            c => {
                word.push(c);
                j += 1;
            }
        }
    }
    // A delimiter is a word (not `1 << 2`).
    let delimiter =
        (j > start && !b[start].is_ascii_digit() && !word.is_empty()).then_some((word, strip));
    (delimiter, j)
}

/// The offset past the line closing a here-document whose body starts at
/// `i` (the line `word`, after tabs when `strip`); `None` when the text
/// ends first.
fn here_document_body_end(b: &[u8], mut i: usize, word: &[u8], strip: bool) -> Option<usize> {
    while i < b.len() {
        let end = line_end(b, i);
        let mut line = &b[i..end];
        while strip && line.first() == Some(&b'\t') {
            line = &line[1..];
        }
        i = next_line(b, end);
        if line == word {
            return Some(i);
        }
    }
    None
}

/// How deep shell contexts (`"$(… "${…}" …)"`) are followed before a
/// string is read without them.
const SHELL_DEPTH: usize = 16;

/// The offset past the closing `"` of a shell string whose body starts at
/// `i`, where `$(…)`, `${…}` and backquotes open contexts with quotes of
/// their own (`"$(echo "a # b")"` is one string); `None` when unclosed.
fn shell_double_quoted_end(b: &[u8], mut i: usize, depth: usize) -> Option<usize> {
    if depth > SHELL_DEPTH {
        return None;
    }
    while i < b.len() {
        match (b[i], b.get(i + 1)) {
            (b'\\', _) => i += 2,
            (b'"', _) => return Some(i + 1),
            (b'$', Some(b'(')) => i = shell_substitution_end(b, i + 2, depth + 1)?,
            // Single quotes inside `"${…}"` are text.
            (b'$', Some(b'{')) => i = shell_parameter_end(b, i + 2, false, depth + 1)?,
            (b'`', _) => i = one_quote_end(b, i + 1, b'`', true)?,
            _ => i += 1,
        }
    }
    None
}

/// The offset past the `)` closing a command substitution (or `$((…))`)
/// whose body starts at `i`: shell code, with quotes, comments and
/// parentheses of its own; `None` when unclosed.
fn shell_substitution_end(b: &[u8], mut i: usize, depth: usize) -> Option<usize> {
    if depth > SHELL_DEPTH {
        return None;
    }
    let mut open = 0usize;
    // Here-documents opened on the current line, whose bodies are text.
    let mut pending: Vec<(Vec<u8>, bool)> = Vec::new();
    while i < b.len() {
        match (b[i], b.get(i + 1)) {
            (b'\\', _) => {
                i += 2;
                continue;
            }
            (b'\n' | b'\r', _) if !pending.is_empty() => {
                i = next_line(b, i);
                for (word, strip) in std::mem::take(&mut pending) {
                    i = here_document_body_end(b, i, &word, strip).unwrap_or(b.len());
                }
                continue;
            }
            (b'<', Some(b'<')) if b.get(i + 2) != Some(&b'<') => {
                let (delimiter, past) = here_document_opener(b, i);
                pending.extend(delimiter);
                i = past;
                continue;
            }
            (b'(', _) => open += 1,
            (b')', _) if open == 0 => return Some(i + 1),
            (b')', _) => open -= 1,
            (b'#', _)
                if matches!(
                    b[i - 1],
                    b' ' | b'\t' | b'\n' | b'\r' | b';' | b'|' | b'&' | b'('
                ) =>
            {
                i = line_end(b, i);
                continue;
            }
            (b'\'', _) => {
                i = one_quote_end(b, i + 1, b'\'', false)?;
                continue;
            }
            (b'"', _) => {
                i = shell_double_quoted_end(b, i + 1, depth + 1)?;
                continue;
            }
            (b'`', _) => {
                i = one_quote_end(b, i + 1, b'`', true)?;
                continue;
            }
            (b'$', Some(b'{')) => {
                i = shell_parameter_end(b, i + 2, true, depth + 1)?;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset past the `}` closing a parameter expansion whose body starts
/// at `i` (`${x:-"a}"}`); single quotes are quotes in it only outside
/// double quotes (`quotes`). `None` when unclosed.
fn shell_parameter_end(b: &[u8], mut i: usize, quotes: bool, depth: usize) -> Option<usize> {
    if depth > SHELL_DEPTH {
        return None;
    }
    let mut open = 0usize;
    while i < b.len() {
        match (b[i], b.get(i + 1)) {
            (b'\\', _) => {
                i += 2;
                continue;
            }
            (b'{', _) => open += 1,
            (b'}', _) if open == 0 => return Some(i + 1),
            (b'}', _) => open -= 1,
            (b'\'', _) if quotes => {
                i = one_quote_end(b, i + 1, b'\'', false)?;
                continue;
            }
            (b'"', _) => {
                i = shell_double_quoted_end(b, i + 1, depth + 1)?;
                continue;
            }
            (b'`', _) => {
                i = one_quote_end(b, i + 1, b'`', true)?;
                continue;
            }
            (b'$', Some(b'(')) => {
                i = shell_substitution_end(b, i + 2, depth + 1)?;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The place of the first `credlint:` in `text`.
    fn place(text: &str, syntax: Syntax) -> Place {
        let at = text.find("credlint:").expect("a marker");
        Regions::new(text, syntax).place(at)
    }

    #[test]
    fn python_and_toml() {
        use Place::*;
        for (text, syntax, want) in [
            ("x = 1  # credlint: allow\n", Syntax::Python, Comment),
            ("s = '# credlint: allow'\n", Syntax::Python, Data),
            ("s = \"it's\"  # credlint: allow\n", Syntax::Python, Comment),
            (
                "DOC = \"\"\"\nline # credlint: allow(env) -- r\n\"\"\"\n",
                Syntax::Python,
                Data,
            ),
            (
                "x = \"\"\"\n# credlint: allow(secret) -- r\n\"\"\"\n",
                Syntax::Python,
                Data,
            ),
            (
                "x = '''a\n'''  # credlint: allow\n",
                Syntax::Python,
                Comment,
            ),
            (
                "[x]\nk = \"\"\"\n# credlint: allow(secret)\n\"\"\"\n",
                Syntax::Toml,
                Data,
            ),
            (
                "[x]\nk = '''\n# credlint: allow(secret)\n'''\n",
                Syntax::Toml,
                Data,
            ),
            ("k = 'a\\'  # credlint: allow\n", Syntax::Toml, Comment),
            ("k = \"v # credlint: allow\"\n", Syntax::Toml, Data),
            ("# credlint: allow\nk = 1\n", Syntax::Toml, Comment),
            (
                "g = f\"{'''\n# credlint: allow(secret/jwt)\n'''}\"\n",
                Syntax::Python,
                Data,
            ),
            ("g = f\"{x['# credlint: allow']}\"\n", Syntax::Python, Data),
            (
                "g = rf'{f\"{\"a\"}\" + \"# credlint: allow\"}'\n",
                Syntax::Python,
                Data,
            ),
            (
                "g = f'{\n  x  # c\n}# credlint: allow'\n",
                Syntax::Python,
                Data,
            ),
            ("g = f\"{{'\"  # credlint: allow\n", Syntax::Python, Comment),
            (
                "g = f\"{x:'>10}\"  # credlint: allow\n",
                Syntax::Python,
                Comment,
            ),
            (
                "g = f\"{x:{w}.{p}}\" + f'{d[\"k\"]!r}'  # credlint: allow\n",
                Syntax::Python,
                Comment,
            ),
            ("g = f\"{x\n# credlint: allow\n", Syntax::Python, Comment),
            ("elif'{'  # credlint: allow\n", Syntax::Python, Comment),
        ] {
            assert_eq!(place(text, syntax), want, "{text:?}");
        }
    }

    /// Lines each opening an f-string's field that never closes (issue 9:
    /// each line's string was re-read one level deeper from every line
    /// above, ×1.8 a line, 28 lines took 18 s) are read in a number of
    /// steps linear in the text: here 2,000 lines, which the old reading
    /// would not have finished. Each line's string is then read without
    /// its fields, up to its line's end, and the marker above stays a
    /// comment.
    #[test]
    fn unclosed_fstring_fields_are_read_in_linear_steps() {
        let lines = 2_000;
        for line in [
            "x = f\"{\n",
            "x = f'{a:{\n",
            "x = f\"{(\n",
            "x = f\"{f'{\n",
            "x = f\"\"\"{\n",
            "x = rf'{\"\n",
        ] {
            let text = format!("# credlint: allow\n{}", line.repeat(lines));
            let b = text.as_bytes();
            let mut python = PythonStrings::new(b);
            let regions = quoted_with(b, false, &mut python);
            assert!(
                python.steps <= 4 * b.len(),
                "{line:?}: {} steps",
                python.steps
            );
            assert_eq!(regions[0], (0..17, Place::Comment), "{line:?}");
            assert!(
                regions[1..].iter().all(|(_, p)| *p == Place::Data),
                "{line:?}"
            );
        }
        let text = format!("# credlint: allow\n{}", "x = f\"{\n".repeat(lines));
        let regions = quoted(text.as_bytes(), false);
        assert_eq!(regions.len(), 1 + lines, "one string a line");
        for (range, _) in &regions[1..] {
            assert_eq!(&text[range.clone()], "\"{", "ends at its line's end");
        }
    }

    /// Format specs' fields nested in fields (`f"{x:{x:{x:…`) are followed
    /// only so deep: 100,000 levels neither overflow the stack nor hang;
    /// the string is read without its fields.
    #[test]
    fn deeply_nested_format_specs_are_read_without_their_fields() {
        let text = format!(
            "g = f\"{{x:{}\"  # credlint: allow\n",
            "{x:".repeat(100_000)
        );
        assert_eq!(place(&text, Syntax::Python), Place::Comment);
    }

    #[test]
    fn rust() {
        use Place::*;
        for (text, want) in [
            ("let a = 1; // credlint: allow\n", Comment),
            ("let s = \"// credlint: allow\";\n", Data),
            ("let s = \"a\n// credlint: allow\nb\";\n", Data),
            ("let s = r#\"a \"q\"\n// credlint: allow\n\"#;\n", Data),
            ("let c = '\"'; // credlint: allow\n", Comment),
            ("fn f<'a>(x: &'a str) {} // credlint: allow\n", Comment),
            ("/* a /* b */\n credlint: allow */\n", Comment),
            ("let c = 'é'; let s = \"x\"; // credlint: allow\n", Comment),
        ] {
            assert_eq!(place(text, Syntax::Rust), want, "{text:?}");
        }
    }

    #[test]
    fn yaml_dotenv_shell() {
        use Place::*;
        for (text, syntax, want) in [
            (
                "a: |\n  text # credlint: allow(secret) -- r\n",
                Syntax::Yaml,
                Data,
            ),
            (
                "a: >-\n  x\n\n  # credlint: allow\nb: 1\n",
                Syntax::Yaml,
                Data,
            ),
            (
                "a: |\n  x\n# credlint: allow\nb: 1\n",
                Syntax::Yaml,
                Comment,
            ),
            (
                "k: \"a\n  # credlint: allow(secret)\n  b\"\n",
                Syntax::Yaml,
                Data,
            ),
            ("k: 'it''s\n  # credlint: allow\n  b'\n", Syntax::Yaml, Data),
            ("k: it's  # credlint: allow\n", Syntax::Yaml, Comment),
            ("k: \"v\"  # credlint: allow\n", Syntax::Yaml, Comment),
            ("k: a#credlint: allow\n", Syntax::Yaml, Data),
            // A plain scalar is data (a10 #6).
            ("token: abc credlint:allow\n", Syntax::Yaml, Data),
            ("k: v  # credlint:allow\n", Syntax::Yaml, Comment),
            // A block scalar's indicator alone on its line (a10 #13).
            ("script:\n  |\n  # credlint: allow\n", Syntax::Yaml, Data),
            ("note: &x\n  >-\n  # credlint: allow\n", Syntax::Yaml, Data),
            (
                "- k:\n    !!str |\n    # credlint: allow\n",
                Syntax::Yaml,
                Data,
            ),
            (
                "script:\n  |\n  x\n# credlint: allow\n",
                Syntax::Yaml,
                Comment,
            ),
            (
                "a:\n  b:\n    |\n    x\n  # credlint: allow\n",
                Syntax::Yaml,
                Comment,
            ),
            // A quote inside a plain scalar opens nothing (a10 #4).
            (
                "note: apples, 'twas\n# credlint: allow\nx: it's\n",
                Syntax::Yaml,
                Comment,
            ),
            (
                "note: a-'b\n# credlint: allow\nx: it's\n",
                Syntax::Yaml,
                Comment,
            ),
            (
                "note: a:'b\n# credlint: allow\nx: it's\n",
                Syntax::Yaml,
                Comment,
            ),
            ("note: a - 'b # credlint: allow'\n", Syntax::Yaml, Comment),
            // Quotes that do open a scalar.
            ("k: ['a', 'b # credlint: allow']\n", Syntax::Yaml, Data),
            (
                "k: {a: 'x',\n  b: 'y # credlint: allow'}\n",
                Syntax::Yaml,
                Data,
            ),
            (
                "k: [\n  'a',\n  'b # credlint: allow']\n",
                Syntax::Yaml,
                Data,
            ),
            ("- 'v # credlint: allow'\n", Syntax::Yaml, Data),
            ("? 'v # credlint: allow'\n: x\n", Syntax::Yaml, Data),
            ("'k # credlint: allow': v\n", Syntax::Yaml, Data),
            ("k: &a \"v # credlint: allow\"\n", Syntax::Yaml, Data),
            ("k: !!str 'v # credlint: allow'\n", Syntax::Yaml, Data),
            // Node properties before a block scalar's indicator (issue 9).
            (
                "jobs:\n  - run: &build |\n      # credlint: allow(env) -- r\n",
                Syntax::Yaml,
                Data,
            ),
            ("k: !!str >\n  # credlint: allow\n", Syntax::Yaml, Data),
            ("? !!str |\n  # credlint: allow\n: v\n", Syntax::Yaml, Data),
            ("k: &a |2\n  # credlint: allow\n", Syntax::Yaml, Data),
            ("k: !t &a >-\n  # credlint: allow\n", Syntax::Yaml, Data),
            ("k: a |\n  # credlint: allow\n", Syntax::Yaml, Comment),
            ("k: !t a |\n  # credlint: allow\n", Syntax::Yaml, Comment),
            // An unquoted parameter expansion is one word (issue 9).
            (
                "echo ${GREETING:-hello # credlint: allow(env) -- r}\n",
                Syntax::Shell,
                Data,
            ),
            ("echo ${X:-a} # credlint: allow\n", Syntax::Shell, Comment),
            ("echo ${X#a}  # credlint: allow\n", Syntax::Shell, Comment),
            // A backslash joins the lines: `a#credlint:` is one word.
            ("echo a\\\n#credlint: allow\n", Syntax::Shell, Unknown),
            ("echo a \\\n#credlint: allow\n", Syntax::Shell, Comment),
            ("echo a\\\\\n#credlint: allow\n", Syntax::Shell, Comment),
            // An escaped blank is a word's: `foo\ #x` is one word (a11 #6).
            ("echo foo\\ # credlint: allow\n", Syntax::Shell, Data),
            ("echo foo\\\t# credlint: allow\n", Syntax::Shell, Data),
            ("echo a\\ #'x\n# credlint: allow'\n", Syntax::Shell, Data),
            ("echo a\\ #$x # credlint: allow\n", Syntax::Shell, Comment),
            ("echo a\\ \\\n#credlint: allow\n", Syntax::Shell, Unknown),
            ("echo foo\\\\ # credlint: allow\n", Syntax::Shell, Comment),
            ("echo foo\\  # credlint: allow\n", Syntax::Shell, Comment),
            ("echo foo\\;# credlint: allow\n", Syntax::Shell, Unknown),
            ("echo $'it\\'s # credlint: allow'\n", Syntax::Shell, Data),
            (
                "echo $((1 << 2))\n# credlint: allow\n",
                Syntax::Shell,
                Comment,
            ),
            ("A=\"v # credlint: allow(secret)\"\n", Syntax::Dotenv, Data),
            ("A='v # credlint: allow'\n", Syntax::Dotenv, Data),
            // python-dotenv reads `\'` as an escaped quote (a10 #5).
            ("A='it\\' # credlint: allow'\n", Syntax::Dotenv, Data),
            ("A='v\\\\' # credlint: allow'\n", Syntax::Dotenv, Data),
            ("A='a\\'\nB=2  # credlint: allow\n", Syntax::Dotenv, Comment),
            ("A='it\\'s' # credlint: allow\n", Syntax::Dotenv, Comment),
            ("A='v' # credlint: allow\n", Syntax::Dotenv, Comment),
            ("A=\"a\n# credlint: allow\nb\"\n", Syntax::Dotenv, Data),
            ("A=\"v\"  # credlint: allow\n", Syntax::Dotenv, Comment),
            ("A=v  # credlint: allow\n", Syntax::Dotenv, Comment),
            ("# credlint: allow\nA=v\n", Syntax::Dotenv, Comment),
            ("A=\"a\nb\"  # credlint: allow\n", Syntax::Dotenv, Comment),
            ("echo \"# credlint: allow\"\n", Syntax::Shell, Data),
            ("echo hi  # credlint: allow\n", Syntax::Shell, Comment),
            ("cat <<EOF\n# credlint: allow\nEOF\n", Syntax::Shell, Data),
            (
                "cat <<'EOF'\nx\nEOF\n# credlint: allow\n",
                Syntax::Shell,
                Comment,
            ),
            ("echo 'a\n# credlint: allow\n'\n", Syntax::Shell, Data),
            (
                "echo \"$(echo \"k # credlint: allow(secret/jwt)\")\"\n",
                Syntax::Shell,
                Data,
            ),
            (
                "echo \"`echo \"k # credlint: allow\"`\"\n",
                Syntax::Shell,
                Data,
            ),
            (
                "echo \"${x:-\"k # credlint: allow\"}\"\n",
                Syntax::Shell,
                Data,
            ),
            (
                "echo \"$(f \"$(g \"a # credlint: allow\")\")\"\n",
                Syntax::Shell,
                Data,
            ),
            (
                "echo \"${x:-it's}\"  # credlint: allow\n",
                Syntax::Shell,
                Comment,
            ),
            (
                "echo \"$(echo \"a)\")\" # credlint: allow\n",
                Syntax::Shell,
                Comment,
            ),
            (
                "echo \"$((1 + (2)))\" # credlint: allow\n",
                Syntax::Shell,
                Comment,
            ),
            (
                "x=\"$(cat <<EOF\na\"b\n# credlint: allow\nEOF\n)\"\n",
                Syntax::Shell,
                Data,
            ),
            (
                "x=\"$(cat <<-'E'\n\tit's\n\tE\n)\"\n# credlint: allow\n",
                Syntax::Shell,
                Comment,
            ),
        ] {
            assert_eq!(place(text, syntax), want, "{text:?}");
        }
    }

    /// Every quoting of a here-document's delimiter (a10 #1: `<<\EOF` was
    /// read as no here-document, its body as code): the body is data, and
    /// the line after the closing delimiter is code again.
    /// Here-document openers in the quotings the shell and BuildKit both
    /// read, with their closing lines.
    const DELIMITER_QUOTINGS: [(&str, &str); 9] = [
        ("<<EOF", "EOF"),
        ("<<\\EOF", "EOF"),
        ("<<'EOF'", "EOF"),
        ("<<\"EOF\"", "EOF"),
        ("<<-EOF", "\tEOF"),
        ("<<-\\EOF", "\tEOF"),
        ("<<E\"O\"F", "EOF"),
        ("<<'E'\\OF", "EOF"),
        ("<<END.TXT", "END.TXT"),
    ];

    #[test]
    fn here_document_delimiters_in_every_quoting() {
        let more = [
            ("<<- 'EOF'", "\tEOF"),
            ("<< \\EOF", "EOF"),
            ("<<EOF;", "EOF"),
        ];
        for (opener, close) in DELIMITER_QUOTINGS.into_iter().chain(more) {
            for shape in [
                "cat > .env {o}\n# credlint: allow\nx\n{c}\n",
                "x=\"$(cat {o}\n# credlint: allow\n{c}\n)\"\n",
            ] {
                let text = shape.replace("{o}", opener).replace("{c}", close);
                assert_eq!(place(&text, Syntax::Shell), Place::Data, "{text:?}");
                let after = format!("{text}# credlint: allow\n");
                let at = after.rfind("credlint:").expect("a marker");
                assert_eq!(
                    Regions::new(&after, Syntax::Shell).place(at),
                    Place::Comment,
                    "{after:?}"
                );
            }
        }
        // The body ends only at the unquoted word: `EOF'` is no delimiter.
        let text = "cat <<'EOF'\nEOF'\n# credlint: allow\nEOF\n";
        assert_eq!(place(text, Syntax::Shell), Place::Data);
        // A quote left open on its line opens no here-document: it is
        // read as the string it starts.
        let text = "cat <<'EOF\n# credlint: allow\n";
        assert_eq!(place(text, Syntax::Shell), Place::Data);
    }

    /// Dockerfile here-documents are read as BuildKit reads them: every
    /// quoting of the delimiter opens one (`<<\EOF` and `<<E"O"F` opened
    /// none, or one ending at `E`, so a marker in the body was a comment),
    /// only `RUN`, `COPY` and `ADD` open one, the delimiter is the whole
    /// word (`END.TXT`, not `END`), and the body follows the logical line.
    #[test]
    fn dockerfile_here_documents_as_buildkit_reads_them() {
        use Place::*;
        let more = [("<<-'EOF'", "\tEOF"), ("3<<EOF", "EOF"), ("<<3EOF", "3EOF")];
        for (opener, close) in DELIMITER_QUOTINGS.into_iter().chain(more) {
            for shape in [
                "RUN {o}\n# credlint: allow\nx\n{c}\n",
                "run {o} bash -ex\n# credlint: allow\n{c}\n",
                "COPY --chmod=755 {o} /f\n# credlint: allow\n{c}\n",
                "ONBUILD ADD {o} /f\n# credlint: allow\n{c}\n",
                "RUN \\\n  # a comment\n\n  cat {o} \\\n  > /f\n# credlint: allow\n{c}\n",
                "RUN <<A {o}\nA\n# credlint: allow\n{c}\n",
            ] {
                let text = shape.replace("{o}", opener).replace("{c}", close);
                assert_eq!(place(&text, Syntax::Dockerfile), Data, "{text:?}");
                let after = format!("{text}# credlint: allow\n");
                let at = after.rfind("credlint:").expect("a marker");
                assert_eq!(
                    Regions::new(&after, Syntax::Dockerfile).place(at),
                    Comment,
                    "{after:?}"
                );
            }
        }
        // The body ends at the whole delimiter only.
        let text = "RUN <<END.TXT\nEND\n# credlint: allow\nEND.TXT\n";
        assert_eq!(place(text, Syntax::Dockerfile), Data);
        // No here-document: another instruction's `<<` (which would end a
        // body early and make the next one's marker a comment), a quoted
        // or glued one, `<< EOF`, an empty or open quote.
        for (text, want) in [
            (
                "ENV A=<<EOF\nRUN <<EOT\nEOF\n# credlint: allow\nEOT\n",
                Data,
            ),
            (
                "LABEL a=\"<<EOF\"\nRUN <<EOT\nEOF\n# credlint: allow\nEOT\n",
                Data,
            ),
            (
                "RUN echo \"<<EOF\"\nRUN <<EOT\nEOF\n# credlint: allow\nEOT\n",
                Data,
            ),
            (
                "RUN cat<<EOF\nRUN <<EOT\nEOF\n# credlint: allow\nEOT\n",
                Data,
            ),
            ("RUN cat << EOF\n# credlint: allow\n", Comment),
            ("RUN cat <<\"\"\n# credlint: allow\n", Comment),
            ("RUN cat <<'EOF\n# credlint: allow\n", Comment),
            ("HEALTHCHECK CMD x <<EOF\n# credlint: allow\n", Comment),
        ] {
            assert_eq!(place(text, Syntax::Dockerfile), want, "{text:?}");
        }
    }

    /// a10 #7: a string whose `$(`, `${` or backquote context is left
    /// unclosed was read to the text's end again from every later `"` (a
    /// 160 KB script took 28 s; this megabyte, which the old reading would
    /// not finish in minutes, is read once): it runs to the text's end,
    /// and a marker after it is data. In a Makefile, to its recipe line's.
    #[test]
    fn unclosed_shell_contexts_are_read_once() {
        for unit in ["\"$(\"", "\"${\"", "\"$(`\"", "\"`"] {
            let text = format!(
                "# credlint: allow\n{}'\n# credlint: allow\n",
                unit.repeat(1_000_000 / unit.len())
            );
            let regions = Regions::new(&text, Syntax::Shell);
            assert_eq!(regions.place(2), Place::Comment, "{unit}");
            let last = text.rfind("credlint:").expect("a marker");
            assert_eq!(regions.place(last), Place::Data, "{unit}");
            let recipe = format!(
                "all:\n\t@echo {}'\n# credlint: allow\n",
                unit.repeat(250_000)
            );
            let last = recipe.rfind("credlint:").expect("a marker");
            assert_eq!(
                Regions::new(&recipe, Syntax::Makefile).place(last),
                Place::Comment,
                "{unit}"
            );
        }
    }

    /// a11 #1: a block scalar's body is indented deeper than the node
    /// holding it, the key's column after `- ` or `? ` (the GitHub Actions
    /// step `- run: |` / `  env:`), not the `-`'s: the entry's later keys
    /// are code, their comments comments.
    #[test]
    fn yaml_block_scalars_in_sequence_entries_end_at_the_keys_column() {
        use Place::*;
        for (text, want) in [
            ("- run: |\n    x\n  env:\n    # credlint: allow\n", Comment),
            ("- run: |\n    x\n  env:  # credlint: allow\n", Comment),
            ("- run: |\n    x\n  # credlint: allow\n", Comment),
            ("- run: |\n   # credlint: allow\n  env: 1\n", Data),
            (
                "steps:\n  - run: |  # a\n      ./deploy.sh\n    env:\n      T: 1 # credlint: allow\n",
                Comment,
            ),
            ("- - key: |\n      x\n    k2: 1\n    # credlint: allow\n", Comment),
            ("- - key: |\n     # credlint: allow\n", Data),
            ("-   key: >-\n      x\n    with: 1 # credlint: allow\n", Comment),
            ("-   key: >-\n     # credlint: allow\n", Data),
            ("- run: |2\n    x\n  env: 1 # credlint: allow\n", Comment),
            ("- run: |2\n    # credlint: allow\n", Data),
            ("- run: &a !!str |-\n    x\n  env: 1 # credlint: allow\n", Comment),
            ("? key: |\n    x\n  k2: 1 # credlint: allow\n", Comment),
            ("- - |\n    x\n  # credlint: allow\n", Comment),
            ("- - |\n   # credlint: allow\n", Data),
            ("- |\n  x\n# credlint: allow\n", Comment),
            ("- |\n # credlint: allow\n", Data),
            ("-foo: |\n x\n # credlint: allow\n", Data),
            // The indicator alone on its line: the key above's column.
            ("- run:\n    |\n    x\n  env: 1 # credlint: allow\n", Comment),
            ("- run:\n    |\n   # credlint: allow\n", Data),
        ] {
            assert_eq!(place(text, Syntax::Yaml), want, "{text:?}");
        }
    }

    /// A line of 250,000 `- ` then 100,000 `'' - `: whether a `- ` opens a
    /// node is asked of the line's leading indicators once, not by reading
    /// them again before each quote (which would not finish in minutes).
    #[test]
    fn yaml_sequence_indicators_are_read_once_a_line() {
        let text = format!(
            "{}{}x # credlint: allow\n",
            "- ".repeat(250_000),
            "'' - ".repeat(100_000)
        );
        assert_eq!(place(&text, Syntax::Yaml), Place::Comment);
    }

    #[test]
    fn dockerfile_and_makefile() {
        use Place::*;
        for (text, syntax, want) in [
            ("# credlint: allow\nFROM x\n", Syntax::Dockerfile, Comment),
            ("  # credlint: allow\nFROM x\n", Syntax::Dockerfile, Comment),
            (
                "RUN a \\\n  # credlint: allow\n  b\n",
                Syntax::Dockerfile,
                Comment,
            ),
            (
                "RUN echo b#credlint: allow(secret/jwt)\n",
                Syntax::Dockerfile,
                Unknown,
            ),
            (
                "RUN echo b # credlint: allow\n",
                Syntax::Dockerfile,
                Unknown,
            ),
            (
                "ENV A=\"v\" # credlint: allow\n",
                Syntax::Dockerfile,
                Unknown,
            ),
            (
                "RUN <<EOF\n# credlint: allow\nEOF\n",
                Syntax::Dockerfile,
                Data,
            ),
            (
                "COPY <<-\"END\" /f\n\t# credlint: allow\n\tEND\n",
                Syntax::Dockerfile,
                Data,
            ),
            (
                "RUN <<EOF\nx\nEOF\n# credlint: allow\n",
                Syntax::Dockerfile,
                Comment,
            ),
            ("a:\n\t@echo a#credlint: allow\n", Syntax::Makefile, Unknown),
            (
                "a:\n\t@echo a # credlint: allow\n",
                Syntax::Makefile,
                Comment,
            ),
            (
                "a:\n\t@echo \"a # credlint: allow\"\n",
                Syntax::Makefile,
                Data,
            ),
            (
                "a:\n\t@echo \"a \\\n# credlint: allow\"\n",
                Syntax::Makefile,
                Data,
            ),
            ("A = b # credlint: allow\n", Syntax::Makefile, Unknown),
            ("a: b # credlint: allow\n", Syntax::Makefile, Comment),
            ("A = b#credlint: allow\n", Syntax::Makefile, Comment),
            ("a: \"b # credlint: allow\"\n", Syntax::Makefile, Comment),
            ("A = b \\# credlint: allow\n", Syntax::Makefile, Unknown),
            (
                "X := $(shell echo a # credlint: allow)\n",
                Syntax::Makefile,
                Unknown,
            ),
            (
                "X := $(f (a))# credlint: allow\n",
                Syntax::Makefile,
                Comment,
            ),
            (
                "A = b # c \\\n credlint: allow\n",
                Syntax::Makefile,
                Unknown,
            ),
            ("a: b \\\n # credlint: allow\n", Syntax::Makefile, Comment),
            (
                "define T\n# credlint: allow\nendef\n",
                Syntax::Makefile,
                Data,
            ),
            (
                "define T\nx\nendef\n# credlint: allow\n",
                Syntax::Makefile,
                Comment,
            ),
            ("# credlint: allow\nall:\n", Syntax::Makefile, Comment),
            // A rule's recipe after `;` is shell (issue 9).
            (
                "all: ; @echo \"keep # credlint: allow(env) -- r\"\n",
                Syntax::Makefile,
                Data,
            ),
            (
                "a.o:: %.o: %.c ;@echo '# credlint: allow'\n",
                Syntax::Makefile,
                Data,
            ),
            (
                "all: ; @echo keep # credlint: allow\n",
                Syntax::Makefile,
                Comment,
            ),
            ("all: b # credlint: allow ; c\n", Syntax::Makefile, Comment),
            ("A := a;b # credlint: allow\n", Syntax::Makefile, Unknown),
            ("t: X = a;b # credlint: allow\n", Syntax::Makefile, Unknown),
        ] {
            assert_eq!(place(text, syntax), want, "{text:?}");
        }
        for (name, syntax) in [
            ("Dockerfile", Syntax::Dockerfile),
            ("Dockerfile.dev", Syntax::Dockerfile),
            ("app.dockerfile", Syntax::Dockerfile),
            ("Containerfile", Syntax::Dockerfile),
            ("Makefile", Syntax::Makefile),
            ("makefile", Syntax::Makefile),
            ("GNUmakefile", Syntax::Makefile),
            ("rules.mk", Syntax::Makefile),
            ("Makefile.am", Syntax::Other),
        ] {
            assert_eq!(
                Syntax::of(Language::Text, Path::new(name)),
                syntax,
                "{name}"
            );
        }
    }

    /// Without a lexer nothing is told a comment: a `#` after a value is
    /// the value's in INI and properties files, `//` is text in a
    /// JavaScript template literal.
    #[test]
    fn other_text_is_unknown() {
        for text in [
            "x = 1  # credlint: allow\n",
            "// credlint: allow\n",
            "\"k\": \"v # credlint: allow\"\n",
            "<!-- credlint: allow -->\n",
            "key = abc # credlint: allow(env) -- r\n",
            "key = abc ; credlint: allow(env) -- r\n",
            "const s = `a\n// credlint: allow(env)\n`;\n",
        ] {
            assert_eq!(place(text, Syntax::Other), Place::Unknown, "{text:?}");
        }
    }

    /// Any text, however broken, lexes without a panic into sorted,
    /// disjoint regions within it, in every syntax.
    #[test]
    fn any_text_lexes_into_disjoint_regions() {
        let alphabet: Vec<char> = "ab #/*\\\"'`<-:|>\n\r\t=r$&!{[,é}()f".chars().collect();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            for syntax in [
                Syntax::Python,
                Syntax::Rust,
                Syntax::Toml,
                Syntax::Yaml,
                Syntax::Dotenv,
                Syntax::Shell,
                Syntax::Dockerfile,
                Syntax::Makefile,
            ] {
                let regions = Regions::new(&text, syntax);
                let mut last = 0;
                for (range, _) in &regions.regions {
                    assert!(
                        last <= range.start && range.start <= range.end,
                        "{text:?} {syntax:?}"
                    );
                    assert!(range.end <= text.len(), "{text:?} {syntax:?}");
                    last = range.end;
                }
            }
        }
    }
}
