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
//! offset. Both fronts read Python this way; the tests check that a
//! statement read alone gives what a parse of the whole file gives.

use super::budget::{MAX_PYTHON_NESTING, MAX_PYTHON_STATEMENT};
use std::ops::Range;

/// One Python statement's bytes, from its first non-blank byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogicalLine {
    pub range: Range<usize>,
    /// Whether the last code byte is `:`, so the statement needs a body.
    pub opens_block: bool,
    /// Whether its brackets nest deeper than Python allows, or it is longer
    /// than [`MAX_PYTHON_STATEMENT`] once its string literals' plain text is
    /// left out: such a line is not parsed (see [`super::budget`]).
    pub too_deep: bool,
}

/// Splits Python source into logical lines, each ending at its last code
/// byte (a trailing comment is left out). Blank and comment-only lines are
/// dropped; unbalanced brackets extend a line to the end of the text, unless
/// they nest deeper than Python allows: then the line ends at the next line
/// break, marked too deep, and splitting starts afresh. One pass, so linear
/// in the text whatever its brackets.
pub fn python_logical_lines(text: &str) -> Vec<LogicalLine> {
    logical_lines(text, true)
}

/// [`python_logical_lines`], reading the runs of bytes that only move the
/// end of the code at once when `skip_runs`, else byte by byte (what the
/// tests compare it with).
fn logical_lines(text: &str, skip_runs: bool) -> Vec<LogicalLine> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut too_deep = false;
    let mut last_code = 0u8;
    // One past the last byte of code (not comment, not blank) in the line.
    let mut code_end = 0;
    // The bytes of the line's string literals that are no node of a parse
    // (see [`plain_string_bytes`]).
    let mut plain = 0;
    let mut i = 0;
    let push = |start: usize,
                code_end: usize,
                last_code: u8,
                (too_deep, plain): (bool, usize),
                out: &mut Vec<LogicalLine>| {
        let first = (start..code_end)
            .find(|&j| !b[j].is_ascii_whitespace())
            .unwrap_or(code_end);
        if first < code_end {
            out.push(LogicalLine {
                range: first..code_end,
                opens_block: last_code == b':',
                too_deep: too_deep || code_end - first - plain > MAX_PYTHON_STATEMENT,
            });
        }
    };
    while i < b.len() {
        let c = b[i];
        if skip_runs && !SPLITS_LINES[usize::from(c)] {
            // A run of bytes that can only move the end of the code: its
            // last one that is not whitespace is what the bytes one by one
            // would leave.
            let run_end = b[i..]
                .iter()
                .position(|&c| SPLITS_LINES[usize::from(c)])
                .map_or(b.len(), |j| i + j);
            if let Some(j) = b[i..run_end].iter().rposition(|c| !c.is_ascii_whitespace()) {
                last_code = b[i + j];
                code_end = i + j + 1;
            }
            i = run_end;
            continue;
        }
        match c {
            b'#' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |j| i + j);
                continue;
            }
            b'\'' | b'"' => {
                let end = skip_string(b, i);
                plain += plain_string_bytes(&b[i..end]);
                i = end;
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
                push(start, code_end, last_code, (too_deep, plain), &mut out);
                start = i + 1;
                code_end = start;
                last_code = 0;
                depth = 0;
                too_deep = false;
                plain = 0;
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
    push(start, code_end, last_code, (too_deep, plain), &mut out);
    out
}

/// The bytes of a string literal (`literal`, quotes included) that are no
/// node of a parse: all but its quotes, escapes and f-string braces. A
/// statement that is mostly such text (a 100 KB docstring or prose
/// fixture) parses in linear time, so they do not count towards
/// [`MAX_PYTHON_STATEMENT`]; what is costly is error recovery over many
/// tokens, and an escape or a brace may be one.
fn plain_string_bytes(literal: &[u8]) -> usize {
    let quotes = match literal.len() >= 6 && literal[..3].iter().all(|&c| c == literal[0]) {
        true => 6,
        false => 2,
    };
    let marked = memchr::memchr3_iter(b'\\', b'{', b'}', literal).count();
    literal.len().saturating_sub(quotes + 2 * marked)
}

/// The bytes [`python_logical_lines`] looks at one by one: comments,
/// strings, line continuations, brackets and line breaks. Any other byte
/// only moves the end of the code, when it is not whitespace.
static SPLITS_LINES: [bool; 256] = byte_set(b"#'\"\\([{)]}\n");

/// A table answering, for each byte, whether it is one of `bytes`.
const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut k = 0;
    while k < bytes.len() {
        table[bytes[k] as usize] = true;
        k += 1;
    }
    table
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

/// Rust items worth parsing alone: the items holding `wanted` (sorted byte
/// ranges), found by a byte-level scan that knows comments, strings, raw
/// strings and character literals. Items end at a `;` or a closing `}` at
/// their container's depth (with a `;` right after it); each starts where
/// the previous one ended, so its attributes and doc comments come with it.
/// A large `mod`, `impl`, `trait` or `extern` block is split into its own
/// items, recursively, when every wanted range falls inside one of them
/// (not on the block's header or after its last item). `None` when the
/// scan does not end balanced, outside strings and comments: then the
/// file is parsed whole.
pub fn rust_items(text: &str, wanted: &[Range<usize>]) -> Option<Vec<Range<usize>>> {
    let mut out = Split::default();
    split_rust_items(text.as_bytes(), 0..text.len(), wanted, &mut out)?;
    Some(out.items)
}

/// The parts of a Rust file that read in place what its `wanted` ranges
/// mean, for a parse of those parts only (tree-sitter's included ranges):
/// the items holding them (see [`rust_items`]); the headers and closing
/// braces of the blocks those were split from, so a test inside
/// `#[cfg(test)] mod tests {` or a method of `impl Settings {` keeps its
/// ancestors; every `use` declaration beside them, so a call's path
/// resolves (`use std::env::var;`); and the file's inner attributes
/// (`#![cfg(test)]`). Sorted and merged; `None` as for [`rust_items`].
///
/// With `functions`, a large function holding wanted ranges is kept in
/// part too (see [`function_parts`]): its header, the statements of its
/// body holding them (and those that must be read in place) and its
/// closing brace. Its body's braces (`{` to `}` inclusive) come back beside
/// the regions, for the parse to be checked against (see
/// [`FunctionParts`]).
pub fn rust_regions(text: &str, wanted: &[Range<usize>], functions: bool) -> Option<RustRegions> {
    let b = text.as_bytes();
    let mut out = Split {
        split_functions: functions,
        ..Split::default()
    };
    split_rust_items(b, 0..b.len(), wanted, &mut out)?;
    let inner_attributes = item_head(b, 0..b.len(), true)?;
    let mut regions = out.items;
    regions.append(&mut out.context);
    regions.push(0..inner_attributes);
    regions.retain(|r| !r.is_empty());
    regions.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(regions.len());
    for region in regions {
        match merged.last_mut() {
            Some(last) if region.start <= last.end => last.end = last.end.max(region.end),
            _ => merged.push(region),
        }
    }
    Some(RustRegions {
        regions: merged,
        bodies: out.bodies,
    })
}

/// What [`rust_regions`] finds: the regions to parse, and the bodies of
/// the functions kept in part among them.
pub struct RustRegions {
    pub regions: Vec<Range<usize>>,
    pub bodies: Vec<Range<usize>>,
}

/// A block at least this large is split into its items rather than parsed whole.
const SPLIT_BLOCK: usize = 2048;

fn split_rust_items(
    b: &[u8],
    within: Range<usize>,
    wanted: &[Range<usize>],
    out: &mut Split,
) -> Option<()> {
    let items = rust_item_ranges(b, within.clone())?;
    let overlaps = |r: &Range<usize>| wanted.iter().any(|w| w.start < r.end && r.start < w.end);
    // What follows the last item (blank space and comments) holds no binding.
    for item in items {
        if !overlaps(&item) {
            if is_use_item(b, item.clone()) {
                out.context.push(item);
            }
            continue;
        }
        if item.len() >= SPLIT_BLOCK {
            if let Some(body) = block_body(b, item.clone()) {
                let inner = rust_item_ranges(b, body.clone())?;
                let covered = |w: &Range<usize>| {
                    let (start, end) = (w.start.max(item.start), w.end.min(item.end));
                    start >= end || inner.iter().any(|i| i.start <= start && end <= i.end)
                };
                if wanted.iter().all(covered) {
                    out.context.push(item.start..body.start);
                    out.context.push(body.end..item.end);
                    split_rust_items(b, body, wanted, out)?;
                    continue;
                }
            }
        }
        if out.split_functions && item.len() >= SPLIT_FUNCTION {
            if let Some(parts) = function_parts(b, item.clone(), wanted) {
                out.context.push(parts.header);
                out.items.extend(parts.statements);
                out.context.push(parts.close);
                out.bodies.push(parts.body);
                continue;
            }
        }
        out.items.push(item);
    }
    Some(())
}

/// What [`split_rust_items`] gathers: the items holding the wanted ranges,
/// and what gives them their meaning in place (see [`rust_regions`]).
#[derive(Default)]
struct Split {
    items: Vec<Range<usize>>,
    context: Vec<Range<usize>>,
    /// Whether large functions are kept in part (see [`function_parts`]).
    split_functions: bool,
    /// The bodies of the functions kept in part, braces included.
    bodies: Vec<Range<usize>>,
}

/// A function at least this large holding a wanted range is kept in part
/// (see [`function_parts`]). Measured on crates files (callgrind): 1 KB
/// costs 3.3% fewer instructions than 2 KB, and 512 bytes 1.1% fewer than
/// 1 KB, with the same findings on both samples and the evaluation set.
const SPLIT_FUNCTION: usize = 512;

/// What of a function is kept for a parse in part: its header (attributes,
/// signature and the body's `{`), the statements kept (sorted), and its
/// closing brace; `body` is the body's range, braces included.
#[derive(Debug, PartialEq)]
pub(super) struct FunctionParts {
    header: Range<usize>,
    statements: Vec<Range<usize>>,
    close: Range<usize>,
    body: Range<usize>,
}

/// The parts of the function `item` to parse for the `wanted` ranges: the
/// statements of its body holding one, and every statement that must be
/// read in place whatever it holds: one naming `use` or `type` anywhere
/// (the walks resolve calls through every `use` and type alias of the
/// tree, function bodies included) and one holding an inner attribute
/// (`#![…]`). A statement here ends at a `;` at the body's depth (see
/// [`rust_statement_ranges`]): after one the parser is at the start of a
/// statement whatever came before, so a kept statement parses as it does
/// in place, its ancestors (the function, an `impl`, a `mod`) kept by the
/// header. `None` (the function is kept whole) when `item` is no function
/// with a body, its body cannot be split, every statement is kept, or the
/// body calls `from_components` (the `rsa` bindings read every `let` of
/// the function, see `rust::rsa_component_bindings`).
pub(super) fn function_parts(
    b: &[u8],
    item: Range<usize>,
    wanted: &[Range<usize>],
) -> Option<FunctionParts> {
    let (open, close) = function_body(b, item.clone())?;
    let body = &b[open + 1..close];
    if memchr::memmem::find(body, b"from_components").is_some() {
        return None;
    }
    let statements = rust_statement_ranges(b, open + 1..close)?;
    let total = statements.len();
    let overlaps = |r: &Range<usize>| wanted.iter().any(|w| w.start < r.end && r.start < w.end);
    let statements: Vec<Range<usize>> = statements
        .into_iter()
        .filter(|s| overlaps(s) || read_in_place(&b[s.clone()]))
        .collect();
    if statements.len() == total {
        return None;
    }
    Some(FunctionParts {
        header: item.start..open + 1,
        statements,
        close: close..item.end,
        body: open..close + 1,
    })
}

/// Whether a statement must be parsed whatever it holds (see
/// [`function_parts`]): it has the word `use` or `type`, or `#!`, anywhere
/// (in a string or comment too: keeping one more statement changes nothing).
fn read_in_place(statement: &[u8]) -> bool {
    let word = |w: &[u8]| {
        memchr::memmem::find_iter(statement, w).any(|at| {
            let ident = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
            (at == 0 || !ident(&statement[at - 1]))
                && !statement.get(at + w.len()).is_some_and(ident)
        })
    };
    word(b"use") || word(b"type") || memchr::memmem::find(statement, b"#!").is_some()
}

/// The braces of the body of the function `item` (after its attributes,
/// comments, visibility and qualifiers: `pub(crate) const async unsafe
/// extern "C" fn`): the offsets of its `{` and of its final `}`. The `{` is
/// the first outside parentheses and brackets after `fn`; `None` when the
/// item is no function or has no body.
fn function_body(b: &[u8], item: Range<usize>) -> Option<(usize, usize)> {
    let mut i = item_head(b, item.clone(), false)?;
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    loop {
        while i < item.end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= item.end {
            return None;
        }
        if b[i..item.end].starts_with(b"//") || b[i..item.end].starts_with(b"/*") {
            i = skip_rust_comment(b, i);
            continue;
        }
        let len = b[i..item.end].iter().take_while(|&&c| ident(c)).count();
        let word = &b[i..i + len];
        i += len;
        match word {
            b"fn" => break,
            b"const" | b"async" | b"unsafe" | b"default" | b"safe" => {}
            b"pub" | b"extern" => {
                while i < item.end && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                match b.get(i) {
                    Some(b'(') if word == b"pub" => {
                        i += memchr::memchr(b')', &b[i..item.end])? + 1;
                    }
                    Some(b'"') if word == b"extern" => i = skip_rust_string(b, i)?,
                    _ => {}
                }
            }
            _ => return None,
        }
    }
    let mut depth = 0usize;
    while i < item.end {
        if let Some(past) = skip_rust_token(b, i) {
            i = past?;
            continue;
        }
        match b[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.checked_sub(1)?,
            b'{' if depth == 0 => break,
            b';' | b'}' if depth == 0 => return None,
            _ => {}
        }
        i += 1;
    }
    let close = item.start + memchr::memrchr(b'}', &b[item.start..item.end])?;
    (i < close).then_some((i, close))
}

/// Splits the body `within` (between a function's braces) into
/// statements, each ending at a `;` outside brackets (its own, or the
/// last of a run of statements ending in a block: `if a { … } f();` is one
/// here), and what follows the last `;` (the tail expression, if any).
/// Each starts where the previous ended, so its comments and attributes
/// come with it. `None` when the scan does not end balanced, outside
/// strings and comments.
pub(super) fn rust_statement_ranges(b: &[u8], within: Range<usize>) -> Option<Vec<Range<usize>>> {
    let mut out = Vec::new();
    let mut start = within.start;
    let end = within.end;
    scan_brackets(b, within, |i, byte, depth| {
        if byte == b';' && depth == 0 {
            out.push(start..i + 1);
            start = i + 1;
        }
        i + 1
    })?;
    if start < end {
        out.push(start..end);
    }
    Some(out)
}

/// The body of an item that is a `mod`, `impl`, `trait` or `extern` block
/// (after its attributes, comments and visibility): the bytes between its
/// first `{` and its final `}`.
fn block_body(b: &[u8], item: Range<usize>) -> Option<Range<usize>> {
    let i = item_head(b, item.clone(), false)?;
    if i >= item.end {
        return None;
    }
    let header_end = i + memchr::memchr(b'{', &b[i..item.end])?;
    let words = std::str::from_utf8(&b[i..header_end]).ok()?;
    let first = words
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .find(|w| {
            !matches!(
                *w,
                "" | "pub" | "crate" | "super" | "self" | "in" | "unsafe"
            )
        })?;
    if !matches!(first, "mod" | "impl" | "trait" | "extern") {
        return None;
    }
    // Nothing in the header may open a bracket a string or comment hides.
    if words.contains(['"', '\'', '/', '(', '[']) && first != "impl" {
        return None;
    }
    let last = item.start + memchr::memrchr(b'}', &b[item.start..item.end])?;
    (header_end < last).then_some(header_end + 1..last)
}

/// Where the item at `item` has its first word: past the blank space,
/// comments and attributes before it; with `inner_only`, past inner
/// attributes (`#![…]`) only, so that an item's own `#[derive(…)]` is not
/// passed over. `item.end` when nothing else is there.
fn item_head(b: &[u8], item: Range<usize>, inner_only: bool) -> Option<usize> {
    let mut i = item.start;
    loop {
        while i < item.end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= item.end {
            return Some(item.end);
        }
        let rest = &b[i..item.end];
        if rest.starts_with(b"//") || rest.starts_with(b"/*") {
            i = skip_rust_comment(b, i);
        } else if rest.starts_with(b"#!") || !inner_only && rest.starts_with(b"#") {
            i = skip_rust_brackets(b, i + 1)?;
        } else {
            return Some(i);
        }
    }
}

/// Whether the item at `item` is a `use` declaration (`use a::b;`,
/// `pub(crate) use c::*;`).
fn is_use_item(b: &[u8], item: Range<usize>) -> bool {
    let Some(mut i) = item_head(b, item.clone(), false) else {
        return false;
    };
    let word = |i: usize, w: &[u8]| {
        b[i..item.end].starts_with(w)
            && b.get(i + w.len())
                .is_some_and(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
    };
    if word(i, b"pub") {
        i += 3;
        while i < item.end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) == Some(&b'(') {
            match memchr::memchr(b')', &b[i..item.end]) {
                Some(close) => i += close + 1,
                None => return false,
            }
        }
        while i < item.end && b[i].is_ascii_whitespace() {
            i += 1;
        }
    }
    word(i, b"use")
}

/// Splits `within` into items at depth 0 (see [`rust_items`]).
pub(super) fn rust_item_ranges(b: &[u8], within: Range<usize>) -> Option<Vec<Range<usize>>> {
    let mut items = Vec::new();
    let mut start = within.start;
    let end = within.end;
    scan_brackets(b, within, |i, byte, depth| match byte {
        b'}' if depth == 0 => {
            let mut j = i + 1;
            while j < end && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let close = if j < end && b[j] == b';' {
                j + 1
            } else {
                i + 1
            };
            items.push(start..close);
            start = close;
            close
        }
        b';' if depth == 0 => {
            items.push(start..i + 1);
            start = i + 1;
            i + 1
        }
        _ => i + 1,
    })?;
    // Code after the last item (an item without its `;`) is not split off.
    let rest = &b[start..end];
    if !only_blank_and_comments(rest) {
        return None;
    }
    Some(items)
}

/// Scans `within` past comments, strings, raw strings and character
/// literals, handing `at` each bracket and `;` outside them, with the
/// bracket depth after it; `at` says where the scan goes on. `None` when
/// the scan does not end balanced where `within` does.
fn scan_brackets(
    b: &[u8],
    within: Range<usize>,
    mut at: impl FnMut(usize, u8, usize) -> usize,
) -> Option<()> {
    // The bytes that open a token or a bracket, or end an item; the rest
    // are passed over a byte at a time.
    const INTERESTING: [bool; 256] = byte_set(b"/\"'()[]{};");
    let (mut depth, mut i) = (0usize, within.start);
    while i < within.end {
        if !INTERESTING[b[i] as usize] {
            i += 1;
            continue;
        }
        if let Some(past) = skip_rust_token(b, i) {
            i = past?;
            continue;
        }
        match b[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.checked_sub(1)?,
            _ => {}
        }
        i = at(i, b[i], depth);
    }
    (depth == 0 && i == within.end).then_some(())
}

fn only_blank_and_comments(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
        } else if b[i..].starts_with(b"//") || b[i..].starts_with(b"/*") {
            i = skip_rust_comment(b, i);
        } else {
            return false;
        }
    }
    true
}

/// When a comment, string, raw string or character literal (or a
/// lifetime's quote) starts at `i`: where it ends, `None` inside when it
/// does not.
fn skip_rust_token(b: &[u8], i: usize) -> Option<Option<usize>> {
    match b[i] {
        b'/' if matches!(b.get(i + 1), Some(b'/' | b'*')) => Some(Some(skip_rust_comment(b, i))),
        b'"' => Some(match raw_string_start(b, i) {
            Some(start) => skip_rust_raw_string(b, start),
            None => skip_rust_string(b, i),
        }),
        b'\'' => Some(Some(skip_rust_char(b, i))),
        _ => None,
    }
}

/// Past a `//` or (nested) `/* */` comment starting at `i`.
pub(super) fn skip_rust_comment(b: &[u8], i: usize) -> usize {
    if b[i + 1] == b'/' {
        return memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |j| i + j);
    }
    let mut depth = 0usize;
    let mut j = i;
    while j + 1 < b.len() {
        if b[j] == b'/' && b[j + 1] == b'*' {
            depth += 1;
            j += 2;
        } else if b[j] == b'*' && b[j + 1] == b'/' {
            depth -= 1;
            j += 2;
            if depth == 0 {
                return j;
            }
        } else {
            j += 1;
        }
    }
    b.len() + 1 // unterminated: the scan does not end where the text does
}

/// Past the brackets opening at `i` (`[…]` of an attribute), strings and
/// comments inside skipped; `None` when they do not close.
pub(super) fn skip_rust_brackets(b: &[u8], mut i: usize) -> Option<usize> {
    while i < b.len() && b[i].is_ascii_whitespace() || b.get(i) == Some(&b'!') {
        i += 1;
    }
    let mut depth = 0usize;
    while i < b.len() {
        if let Some(past) = skip_rust_token(b, i) {
            i = past?;
            continue;
        }
        match b[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Past a `"…"` string starting at `i` (escapes skipped).
fn skip_rust_string(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// Where the raw string whose opening quote is at `quote` starts (its `r`,
/// `br` or `cr`), when it is one: the `#`s and prefix before the quote read
/// as [`starts_raw_string`] reads them forward, so the scan need not stop at
/// every `r`, `b` and `c` in the text.
fn raw_string_start(b: &[u8], quote: usize) -> Option<usize> {
    let mut j = quote;
    while j > 0 && b[j - 1] == b'#' {
        j -= 1;
    }
    let r = j.checked_sub(1).filter(|&r| b[r] == b'r')?;
    let prefixed = r.checked_sub(1).filter(|&p| matches!(b[p], b'b' | b'c'));
    prefixed
        .filter(|&p| starts_raw_string(b, p))
        .or_else(|| starts_raw_string(b, r).then_some(r))
}

/// Whether a raw string (`r"…"`, `r#"…"#`, `br"…"`, `cr#"…"#`) starts at
/// `i`: not inside an identifier, then the prefix, `#`s and a quote.
fn starts_raw_string(b: &[u8], i: usize) -> bool {
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
        return false;
    }
    let mut j = i;
    if matches!(b[j], b'b' | b'c') {
        j += 1;
    }
    if b.get(j) != Some(&b'r') {
        return false;
    }
    j += 1;
    while b.get(j) == Some(&b'#') {
        j += 1;
    }
    b.get(j) == Some(&b'"')
}

/// Past the raw string starting at `i` (see [`starts_raw_string`]).
fn skip_rust_raw_string(b: &[u8], i: usize) -> Option<usize> {
    let quote = i + memchr::memchr(b'"', &b[i..])?;
    let hashes = quote - (i + memchr::memchr(b'r', &b[i..quote])? + 1);
    let mut j = quote + 1;
    loop {
        let close = j + memchr::memchr(b'"', &b[j..])?;
        if b[close + 1..]
            .iter()
            .take(hashes)
            .filter(|&&h| h == b'#')
            .count()
            == hashes
        {
            return Some(close + 1 + hashes);
        }
        j = close + 1;
    }
}

/// Past a character literal starting at `i` (`'x'`, `'\n'`, `'\u{…}'`), or
/// past the quote of a lifetime or label.
fn skip_rust_char(b: &[u8], i: usize) -> usize {
    if b.get(i + 1) == Some(&b'\\') {
        // An escape: up to the closing quote, a few bytes on.
        return b
            .get(i + 3..)
            .unwrap_or_default()
            .iter()
            .take(12)
            .position(|&c| c == b'\'')
            .map_or(i + 1, |j| i + 3 + j + 1);
    }
    // One character (of up to four bytes) then a quote.
    let width = match b.get(i + 1) {
        Some(&c) if c < 0x80 => 1,
        Some(&c) if c >= 0xF0 => 4,
        Some(&c) if c >= 0xE0 => 3,
        Some(_) => 2,
        None => return i + 1,
    };
    if b.get(i + 1 + width) == Some(&b'\'') {
        i + 2 + width
    } else {
        i + 1
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

    /// Reading the runs of ordinary bytes at once splits generated texts
    /// of every byte the splitter looks at, and others, as reading them one
    /// by one does.
    #[test]
    fn runs_read_at_once_split_as_bytes_read_one_by_one() {
        let pieces = [
            "x", "ab_1", " ", "  ", "\t", "\n", "\r\n", "\r", "#", "'", "\"", "'''", "\\", "\\\n",
            "(", ")", "[", "]", "{", "}", ":", "=", "é", "\u{a0}",
        ];
        let mut next = crate::testing::generator(11);
        for _ in 0..20_000 {
            let text: String = (0..next(40)).map(|_| pieces[next(pieces.len())]).collect();
            assert_eq!(
                logical_lines(&text, true),
                logical_lines(&text, false),
                "{text:?}"
            );
        }
        let module = "import os\n\nclass A:\n    def f(self, x=(1, [2])):  # c\n        return x \\\n            + 1\n";
        assert_eq!(logical_lines(module, true), logical_lines(module, false));
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

    #[test]
    fn splits_rust_into_items() {
        let text = "use a::b;\n/// doc }\n#[cfg(test)]\nconst X: &str = \"}\";\nstatic Y: S = S { a: '}' };\nfn f<'a>(x: &'a str) { let s = r#\"\"}\"#; }\n";
        let items = rust_items(text, std::slice::from_ref(&(0..text.len()))).unwrap();
        let shown: Vec<&str> = items.iter().map(|r| text[r.clone()].trim()).collect();
        assert_eq!(shown.len(), 4, "{shown:?}");
        assert!(shown[1].starts_with("/// doc }") && shown[1].ends_with("\"}\";"));
        assert!(shown[2].ends_with("};"));
        assert!(rust_items("fn f() {", std::slice::from_ref(&(0..1))).is_none());
        // Raw strings with prefixes and hashes, and a quote after an identifier's `r`.
        let text = "const A: &[u8] = br#\"}\"#;\nconst B: &str = r\"{\";\nfn f() { g(bar\"}\") }\n";
        let items = rust_items(text, std::slice::from_ref(&(0..text.len()))).unwrap();
        assert_eq!(items.len(), 3, "{items:?}");
        // A large impl is split into its functions.
        let body: String = (0..100)
            .map(|i| format!("    fn f{i}(&self) {{ let a = \"{i}\"; }}\n"))
            .collect();
        let text = format!("impl S {{\n{body}}}\n");
        let at = text.find("f50").unwrap();
        let items = rust_items(&text, std::slice::from_ref(&(at..at + 3))).unwrap();
        assert_eq!(items.len(), 1);
        assert!(text[items[0].clone()].trim().starts_with("fn f50"));
    }

    /// A function body's statements end at its `;`s outside brackets,
    /// whatever strings, raw strings, characters, lifetimes, comments,
    /// closures and macros hold; a scan that does not end balanced gives
    /// `None`.
    #[test]
    fn splits_a_function_body_into_statements() {
        let body = "\n    let a = r#\"{ ; \"# ; let b = '{';\n    let c = b'}'; 'l: loop { break 'l; }\n    \
                    let f = |x: &'static str| { g(x); x }; /* } ; /* ; */ */ m! { a; b; }\n    \
                    let d = \"\\\"; }\"; // ; }\n    let e: [u8; 2] = [1; 2];\n    tail(e)\n";
        let text = format!("fn f() {{{body}}}");
        let shown: Vec<&str> = rust_statement_ranges(text.as_bytes(), 8..text.len() - 1)
            .unwrap()
            .into_iter()
            .map(|r| text[r].trim())
            .collect();
        assert_eq!(
            shown,
            [
                "let a = r#\"{ ; \"# ;",
                "let b = '{';",
                "let c = b'}';",
                "'l: loop { break 'l; }\n    let f = |x: &'static str| { g(x); x };",
                "/* } ; /* ; */ */ m! { a; b; }\n    let d = \"\\\"; }\";",
                "// ; }\n    let e: [u8; 2] = [1; 2];",
                "tail(e)",
            ]
        );
        for hostile in [
            "let a = \"{;",
            "let a = r#\"{;\"",
            "/* ; ",
            "f(;",
            "};",
            "\"\\",
        ] {
            let b = hostile.as_bytes();
            assert!(rust_statement_ranges(b, 0..b.len()).is_none(), "{hostile}");
        }
        // A lone quote is a lifetime's: the scan goes on.
        for odd in ["let a = '", "let a = b'\\", "r#", "'"] {
            let b = odd.as_bytes();
            assert!(rust_statement_ranges(b, 0..b.len()).is_some(), "{odd}");
        }
    }

    /// A large function is kept in part: its header, the statements
    /// holding a wanted range and those read in place (`use`, `type`,
    /// inner attributes), and its closing brace; a function calling
    /// `from_components`, one without a body and other items are kept
    /// whole.
    #[test]
    fn keeps_the_statements_of_a_function_that_matter() {
        let filler = "    let x = compute(1, 2); // usage, types\n".repeat(80);
        let text = format!(
            "/// Doc {{\n#[inline]\npub(crate) const async unsafe extern \"C\" fn f<'a, T: Fn() -> u8>(x: &'a [u8; 2]) -> Result<(), E>\n\
             where\n    T: Copy,\n{{\n    #![allow(unused)]\n{filler}    let token = x;\n{filler}    use std::env;\n    type A = u8;\n{filler}    Ok(())\n}}\n"
        );
        let b = text.as_bytes();
        let at = text.find("token").unwrap();
        let parts = function_parts(b, 0..b.len(), std::slice::from_ref(&(at..at + 5))).unwrap();
        assert_eq!(
            &text[parts.header.clone()],
            &text[..text.find("{\n    #!").unwrap() + 1]
        );
        let kept: Vec<&str> = (parts.statements.iter())
            .map(|r| text[r.clone()].trim())
            .collect();
        assert_eq!(
            kept,
            [
                "#![allow(unused)]\n    let x = compute(1, 2);",
                "// usage, types\n    let token = x;",
                "// usage, types\n    use std::env;",
                "type A = u8;"
            ]
        );
        assert_eq!(text[parts.close.clone()].trim(), "}");
        let body = parts.header.end - 1..parts.close.start + 1;
        assert_eq!(parts.body, body);
        let whole = |text: &str| {
            let b = text.as_bytes();
            let at = text.find("token").unwrap_or(0);
            function_parts(b, 0..b.len(), std::slice::from_ref(&(at..at + 1)))
        };
        let rsa = text.replace("Ok(())", "RsaPrivateKey::from_components(n, e, d, p)");
        for kept_whole in [
            rsa.as_str(),
            "fn f(token: u8);",
            "struct S { token: u8 }",
            "impl S { fn f() { let token = 1; } }",
            "fn f() { let token = 1 }",
            "fn",
            "pub(crate",
            "extern \"C",
            "fn f() /* token",
            "fn f() -> Foo<{ N }> { token; }",
        ] {
            let found = whole(kept_whole);
            assert!(found.is_none(), "{kept_whole}: {found:?}");
        }
    }

    /// Random texts of the bytes the scans look at: nothing panics, and
    /// the parts found lie in order inside the function.
    #[test]
    fn function_parts_survive_random_texts() {
        let pieces: Vec<&str> = "fn f() {|pub |(|)|[|]|{|}|;|'|'a|'{'|b'|\"|r#\"|\"#|/*|*/|//|\n|\\|use |type |#!|let x = 1|é| "
            .split('|')
            .collect();
        let mut next = crate::testing::generator(32);
        for _ in 0..20_000 {
            let text: String = (0..next(30)).map(|_| pieces[next(pieces.len())]).collect();
            let b = text.as_bytes();
            let at = next(b.len() + 1);
            let _ = rust_statement_ranges(b, 0..b.len());
            if let Some(parts) = function_parts(b, 0..b.len(), std::slice::from_ref(&(at..at + 1)))
            {
                let mut end = parts.header.end;
                for statement in &parts.statements {
                    assert!(
                        end <= statement.start && statement.start < statement.end,
                        "{text:?}"
                    );
                    end = statement.end;
                }
                assert!(
                    end <= parts.close.start && parts.close.end <= b.len(),
                    "{text:?}"
                );
            }
            let _ = rust_regions(&text, std::slice::from_ref(&(at..at + 1)), true);
        }
    }

    /// The regions of a wanted item split out of a block: the file's inner
    /// attributes, every `use` beside it at each level, the block's header
    /// and closing brace, and the item; nothing else.
    #[test]
    fn rust_regions_keep_what_reads_an_item_in_place() {
        let body: String = (0..100)
            .map(|i| format!("    fn f{i}() {{ let a = \"{i}\"; }}\n"))
            .collect();
        let text = format!(
            "#![cfg(test)]\n#[derive(Debug)]\nstruct S;\npub(crate) use std::env;\n\
             #[cfg(test)]\nmod tests {{\n    use super::*;\n{body}}}\nfn g() {{}}\n"
        );
        let at = text.find("f50").unwrap();
        let shown: Vec<&str> = rust_regions(&text, std::slice::from_ref(&(at..at + 3)), true)
            .unwrap()
            .regions
            .into_iter()
            .map(|r| text[r].trim())
            .collect();
        assert_eq!(
            shown,
            [
                "#![cfg(test)]",
                "pub(crate) use std::env;\n#[cfg(test)]\nmod tests {\n    use super::*;",
                "fn f50() { let a = \"50\"; }",
                "}",
            ]
        );
    }
}
