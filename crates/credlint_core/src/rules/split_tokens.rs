//! Provider tokens written over several string literals that the language
//! joins into one string: Python's implicit concatenation (`("ghp_…"` then
//! `"…")` on the next line, as black wraps a long line), `"sk-" + "…"`,
//! Rust's `concat!("ghp_…", "…")`, and `"…" + "…"` or `"…" "…"` in the
//! C-family and JavaScript. The program holds the joined token, so the
//! repository does: each piece alone matches no provider's format, and a
//! scan of the text as written finds none of them.
//!
//! The literals are found by the lexer suppressions use
//! ([`crate::comments`]; a small one-line lexer for the C family and
//! JavaScript, which it does not know); the literals of a chain are joined,
//! every chain into one text, which the provider table scans once. A token
//! that spans two pieces or more is a finding over the literals it spans,
//! whose secret is the joined token; its pieces are hidden wherever the
//! document's text or a name is shown ([`piece_spans`]).

use super::hardcoded_credential::code_literal;
use super::provider::TokenScanner;
use super::Candidate;
use crate::comments::{Place, Regions, Syntax};
use crate::document::Literals;
use std::ops::Range;
use std::path::Path;

/// Longest stretch of code between two literals of one chain (a comment
/// after the first one included).
const GAP_MAX_LEN: usize = 256;

/// How a format joins adjacent literals, if it does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Joining {
    /// Python: blanks and line breaks (in brackets, or after a `\`), at
    /// most one `+`, comments; the next literal may carry a prefix (`b`, `r`,
    /// `u`), not an f-string's.
    Python,
    /// Rust: the arguments of `concat!`, one comma apart.
    RustConcat,
    /// The C family and JavaScript: blanks and line breaks, at most one `+`.
    CFamily,
}

/// The chains of literals of `text` (a document of `syntax` at `path`),
/// each the bodies of two literals or more, in order.
fn chains(text: &str, syntax: Syntax, path: &Path) -> Vec<Vec<Range<usize>>> {
    let (joining, literals) = match syntax {
        Syntax::Python => (Joining::Python, lexed(text, syntax)),
        // A Rust chain opens only at `concat!(`: a file without one (nearly
        // every file) has none, and lexing it whole cost 6% of a crates scan.
        Syntax::Rust if memchr::memmem::find(text.as_bytes(), b"concat!").is_none() => {
            return Vec::new()
        }
        Syntax::Rust => (Joining::RustConcat, lexed(text, syntax)),
        Syntax::Other if is_c_family(path) => (
            Joining::CFamily,
            c_family_literals(text, quotes_strings_singly(path), Literals::of(path)),
        ),
        _ => return Vec::new(),
    };
    let b = text.as_bytes();
    let mut chains: Vec<Vec<Range<usize>>> = Vec::new();
    let mut current: Vec<Range<usize>> = Vec::new();
    let mut previous_end = 0;
    for (literal, comments) in literals {
        let body = body(b, &literal, joining == Joining::RustConcat);
        let joined = !current.is_empty()
            && joins(
                &text[previous_end..literal.start],
                &comments,
                previous_end,
                joining,
            );
        if !joined {
            if current.len() >= 2 {
                chains.push(std::mem::take(&mut current));
            }
            current.clear();
            let opens = joining != Joining::RustConcat
                || text[..literal.start]
                    .trim_end()
                    .strip_suffix('(')
                    .is_some_and(|before| before.trim_end().ends_with("concat!"));
            if !opens || body.is_none() {
                previous_end = literal.end;
                continue;
            }
        }
        match body {
            Some(body) => current.push(body),
            None => current.clear(),
        }
        previous_end = literal.end;
    }
    if current.len() >= 2 {
        chains.push(current);
    }
    chains
}

/// The closed string literals of a document the comments lexer reads, each
/// with the comments between it and the literal before.
fn lexed(text: &str, syntax: Syntax) -> Vec<(Range<usize>, Vec<Range<usize>>)> {
    let mut out = Vec::new();
    let mut comments = Vec::new();
    for (range, place) in Regions::new(text, syntax).all() {
        match place {
            Place::Comment => comments.push(range.clone()),
            Place::Data => out.push((range.clone(), std::mem::take(&mut comments))),
            Place::Unclosed | Place::Unknown => comments.clear(),
        }
    }
    out
}

/// The body of a one-line or raw string literal (`"…"`, `r#"…"#`, a
/// JavaScript template or a Go raw string, `` `…` ``; Python's quotes
/// tripled aside), or `None` for what a token cannot be written in:
/// a Rust character literal (`rust`), a triple-quoted string.
fn body(b: &[u8], literal: &Range<usize>, rust: bool) -> Option<Range<usize>> {
    let open = literal.start
        + b[literal.clone()]
            .iter()
            .position(|&c| c == b'"' || c == b'\'' || c == b'`')?;
    let quote = b[open];
    let hashes = b[literal.start..open]
        .iter()
        .filter(|&&c| c == b'#')
        .count();
    let close = literal.end.checked_sub(1 + hashes)?;
    let tripled = b[open..literal.end].starts_with(&[quote; 3]) && literal.end - open >= 6;
    let char_literal = rust && quote == b'\'';
    (close > open && b[close] == quote && !tripled && !char_literal).then(|| open + 1..close)
}

/// Whether `gap`, the text between two literals (starting at `at`, with
/// `comments` inside it), joins them into one string.
fn joins(gap: &str, comments: &[Range<usize>], at: usize, joining: Joining) -> bool {
    if gap.len() > GAP_MAX_LEN {
        return false;
    }
    // The gap with its comments left out.
    let mut code = String::new();
    let mut from = at;
    for comment in comments {
        code.push_str(&gap[from - at..comment.start - at]);
        code.push(' ');
        from = comment.end;
    }
    code.push_str(&gap[from - at..]);
    let code = match joining {
        // A literal's prefix (`b"…"`, `r"…"`); an f-string's is no literal.
        Joining::Python => {
            let bare = code.trim_end_matches(['r', 'R', 'b', 'B', 'u', 'U']);
            if code.len() - bare.len() > 2 {
                return false;
            }
            bare
        }
        Joining::RustConcat | Joining::CFamily => &code,
    };
    let blank = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n' | '\\');
    let (plus, comma) = (code.matches('+').count(), code.matches(',').count());
    code.chars().all(|c| blank(c) || c == '+' || c == ',')
        && match joining {
            Joining::Python | Joining::CFamily => plus <= 1 && comma == 0,
            Joining::RustConcat => plus == 0 && comma == 1,
        }
}

/// Files of the C family and JavaScript, which join literals with `+` (and
/// C and C++ by writing them side by side).
fn is_c_family(path: &Path) -> bool {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    [
        "js", "jsx", "mjs", "cjs", "ts", "tsx", "java", "kt", "kts", "scala", "groovy", "go", "c",
        "h", "cc", "cpp", "cxx", "hpp", "cs", "swift", "dart",
    ]
    .contains(&extension.to_ascii_lowercase().as_str())
}

/// Languages of the C family whose `'…'` is a string, as `"…"` is
/// (JavaScript's and TypeScript's most common style, Dart's, Groovy's),
/// not a character literal.
fn quotes_strings_singly(path: &Path) -> bool {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    ["js", "jsx", "mjs", "cjs", "ts", "tsx", "dart", "groovy"]
        .contains(&extension.to_ascii_lowercase().as_str())
}

/// The double-quoted one-line literals of a C-family or JavaScript file
/// (`"…"`, backslash escapes), the single-quoted ones where `single`
/// (see [`quotes_strings_singly`]), and the backquoted ones of JavaScript
/// and Go (`literals`: a template without `${…}`, which is code, and a raw
/// string, which has no escapes); `//` comments and, elsewhere, character
/// literals (`'"'`) skipped. Enough to find literals joined by `+`; a quote
/// inside another construct (a block comment, a template literal) may pair
/// quotes wrongly, and a token is then only reported if the text between
/// two such quotes, joined, still spells one out.
fn c_family_literals(
    text: &str,
    single: bool,
    literals: Literals,
) -> Vec<(Range<usize>, Vec<Range<usize>>)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut comments = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                comments.push(i..end);
                i = end;
            }
            b'\'' if !single => i = crate::comments::rust_char_or_lifetime(b, i).max(i + 1),
            b'`' if matches!(literals, Literals::Template | Literals::GoRaw) => {
                match code_literal(text, i, literals) {
                    Some((body, after)) => {
                        if body.is_some() {
                            out.push((i..after, std::mem::take(&mut comments)));
                        }
                        i = after;
                    }
                    None => i += 1,
                }
            }
            quote @ (b'"' | b'\'') => {
                let mut j = i + 1;
                while j < b.len() && b[j] != quote && b[j] != b'\n' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                if b.get(j) == Some(&quote) {
                    out.push((i..j + 1, std::mem::take(&mut comments)));
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Bytes of code either side of a seam that [`keyword_across_seam`] joins
/// and searches: more than the longest provider keyword (27 bytes) and
/// the literal a short keyword needs beside it.
const SEAM_REACH: usize = 64;

/// Whether `text` (a document of `syntax` at `path`) may write a provider
/// keyword over two literals (`"gh" + "p_…"`, `"xo" "xb-…"`): the search of
/// the text as written, which gates the search of the joined literals,
/// finds no keyword cut by a quote. Each seam (a closing quote, what joins
/// two literals in the language, an opening quote) is cut out of the
/// stretch of line around it, and the stretch searched for keywords. Errs
/// on the side of searching: a seam may be misread (an empty literal, a
/// quote in a comment), which costs [`find`] a search, never a finding.
pub fn keyword_across_seam(
    scanner: &TokenScanner,
    text: &str,
    syntax: Syntax,
    path: &Path,
) -> bool {
    let joins = match syntax {
        Syntax::Python | Syntax::Rust => true,
        Syntax::Other => is_c_family(path),
        _ => false,
    };
    if !joins {
        return false;
    }
    let b = text.as_bytes();
    let mut window = String::new();
    seams(b).any(|seam| {
        let mut from = seam.start.saturating_sub(SEAM_REACH);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let from = memchr::memrchr(b'\n', &b[from..seam.start]).map_or(from, |i| from + i + 1);
        let mut to = (seam.end + SEAM_REACH).min(text.len());
        while !text.is_char_boundary(to) {
            to -= 1;
        }
        let to = memchr::memchr(b'\n', &b[seam.end..to]).map_or(to, |i| seam.end + i);
        window.clear();
        window.push_str(&text[from..seam.start]);
        window.push_str(&text[seam.end..to]);
        scanner.search(&window).enabled.contains(&true)
    })
}

/// The seams of `b`, left to right, none overlapping: an ASCII quote, at
/// most [`MAX_SEAM_JOINERS`] joiners (a blank, `\`, `+`, `,`, or a `#` or
/// `//` comment up to its line's end), a literal's prefix (two of `rRbBuU`
/// at most, then three `#` at most), and a quote; the fewest joiners first.
/// Written out rather than as the regex it was
/// (`["'`](?:[ \t\r\n\\+,]|#[^\n]*\n|//[^\n]*\n){0,32}?[rRbBuU]{0,2}#{0,3}["'`]`),
/// whose 32 bounded repeats took 1.7 M instructions to compile, a tenth of
/// a one-file check; a test holds the two to the same seams.
fn seams(b: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(i) = memchr::memchr3(b'"', b'\'', b'`', &b[at..]).map(|i| at + i) {
            if let Some(end) = seam_from(b, i) {
                at = end;
                return Some(i..end);
            }
            at = i + 1;
        }
        at = b.len();
        None
    })
}

/// The most joiners a seam holds between its quotes (see [`seams`]).
const MAX_SEAM_JOINERS: usize = 32;

/// The end of the seam opened by the quote at `open`, if one is.
fn seam_from(b: &[u8], open: usize) -> Option<usize> {
    let is_quote = |c: u8| matches!(c, b'"' | b'\'' | b'`');
    let mut at = open + 1;
    for joiners in 0..=MAX_SEAM_JOINERS {
        // The closing: a prefix then a quote. Taking as many prefix
        // characters as there are loses no seam: a letter or `#` left
        // untaken would have to be the quote.
        let mut close = at;
        let letters = b[close..]
            .iter()
            .take(2)
            .take_while(|c| b"rRbBuU".contains(c))
            .count();
        close += letters;
        close += b[close..]
            .iter()
            .take(3)
            .take_while(|&&c| c == b'#')
            .count();
        if b.get(close).copied().is_some_and(is_quote) {
            return Some(close + 1);
        }
        if joiners == MAX_SEAM_JOINERS {
            return None;
        }
        at = match b.get(at..)? {
            [b' ' | b'\t' | b'\r' | b'\n' | b'\\' | b'+' | b',', ..] => at + 1,
            [b'#', ..] | [b'/', b'/', ..] => at + memchr::memchr(b'\n', &b[at..])? + 1,
            _ => return None,
        };
    }
    None
}

/// One chain of literals in the joined text: each piece's body in the
/// document with its offset in the joined text.
struct Chain {
    pieces: Vec<(Range<usize>, usize)>,
}

/// The joined text of `chains` (each chain on a line of its own) and where
/// each piece went.
fn joined(text: &str, chains: Vec<Vec<Range<usize>>>) -> (String, Vec<Chain>) {
    let mut buffer = String::new();
    let mut placed = Vec::with_capacity(chains.len());
    for pieces in chains {
        let mut chain = Chain { pieces: Vec::new() };
        for piece in pieces {
            chain.pieces.push((piece.clone(), buffer.len()));
            buffer.push_str(&text[piece]);
        }
        buffer.push('\n');
        placed.push(chain);
    }
    (buffer, placed)
}

/// The parts of the document's pieces that `span` of the joined text
/// covers, when it spans two pieces or more of one chain.
fn in_document(chains: &[Chain], span: &Range<usize>) -> Option<Vec<Range<usize>>> {
    let at = chains.partition_point(|c| c.pieces[0].1 <= span.start);
    let chain = &chains[at.checked_sub(1)?];
    let parts: Vec<Range<usize>> = (chain.pieces.iter())
        .filter_map(|(piece, at)| {
            let (start, end) = (span.start.max(*at), span.end.min(at + piece.len()));
            (start < end).then(|| piece.start + start - at..piece.start + end - at)
        })
        .collect();
    let covered: usize = parts.iter().map(|p| p.len()).sum();
    (parts.len() >= 2 && covered == span.len()).then_some(parts)
}

/// A provider token written over several literals: the parts of the
/// literals it spans, and the token as its rule's candidate.
pub struct Joined {
    parts: Vec<Range<usize>>,
    token: Candidate,
}

/// The provider tokens of `text` (a document of `syntax` at `path`) written
/// over several literals. Finding them lexes the whole document, so the
/// engine does it once per document and hands the result to [`check`],
/// which reports them, and to [`piece_spans`], which hides their pieces.
pub fn find(scanner: &TokenScanner, text: &str, syntax: Syntax, path: &Path) -> Vec<Joined> {
    #[cfg(test)]
    FINDS.with(|n| n.set(n.get() + 1));
    let chains = chains(text, syntax, path);
    if chains.is_empty() {
        return Vec::new();
    }
    let (buffer, chains) = joined(text, chains);
    let mut found = Vec::new();
    scanner.check(&buffer, &|_| true, usize::MAX, &mut found);
    found
        .into_iter()
        .filter_map(|token| {
            Some(Joined {
                parts: in_document(&chains, &token.span)?,
                token,
            })
        })
        .collect()
}

#[cfg(test)]
thread_local! {
    /// The documents [`find`] searched on this thread: what the test that
    /// the engine searches each document once counts.
    static FINDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many times [`find`] has searched a document on this thread.
#[cfg(test)]
pub fn finds() -> usize {
    FINDS.with(std::cell::Cell::get)
}

/// The `found` tokens (see [`find`]), as candidates of their rules spanning
/// the literals, for those whose span `wanted` keeps. A candidate already
/// in `out` that overlaps one is kept instead, unless it is the same rule's
/// match of a piece long enough to match on its own (`"sk_live_…"` then
/// `"…"`), which the whole token replaces.
pub fn check(found: &[Joined], wanted: &impl Fn(&Range<usize>) -> bool, out: &mut Vec<Candidate>) {
    let mut joined = Vec::new();
    for Joined { parts, token } in found {
        let span = parts[0].start..parts[parts.len() - 1].end;
        if !wanted(&span) {
            continue;
        }
        let overlaps = |c: &Candidate| c.span.start < span.end && span.start < c.span.end;
        let piece = |c: &Candidate| {
            c.rule == token.rule && span.start <= c.span.start && c.span.end <= span.end
        };
        if out.iter().any(|c| overlaps(c) && !piece(c)) {
            continue;
        }
        out.retain(|c| !overlaps(c));
        joined.push(Candidate {
            rule: token.rule.clone(),
            severity: token.severity,
            span,
            secret: token.secret.clone(),
            message: format!("{}, split over string literals", token.message),
            redacted: token.redacted.clone(),
            variable: token.variable.clone(),
            priority: token.priority,
        });
    }
    out.extend(joined);
}

/// The pieces, as written in the document, of the `found` tokens (see
/// [`find`]): what a shown line or name must not quote, whatever rules are
/// selected.
pub fn piece_spans(found: &[Joined]) -> impl Iterator<Item = Range<usize>> + '_ {
    found.iter().flat_map(|joined| joined.parts.iter().cloned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    /// A `ghp_` token of random letters and digits drawn from `seed`.
    fn token(seed: u64) -> String {
        const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let mut next = crate::testing::generator(seed);
        let body: String = (0..36).map(|_| ALNUM[next(ALNUM.len())] as char).collect();
        format!("ghp_{body}")
    }

    /// The secrets of the joined tokens `check` finds in `text` at `path`,
    /// and the parts of the text [`piece_spans`] hides.
    fn joined_tokens(path: &str, text: &str) -> (Vec<String>, Vec<String>) {
        let doc = Document::new(path, text);
        let syntax = Syntax::of(doc.language, &doc.path);
        let scanner = TokenScanner::builtin();
        let found = find(scanner, text, syntax, &doc.path);
        let mut out = Vec::new();
        check(&found, &|_| true, &mut out);
        let pieces: Vec<Range<usize>> = piece_spans(&found).collect();
        (
            out.into_iter().filter_map(|c| c.secret).collect(),
            pieces.into_iter().map(|p| text[p].to_owned()).collect(),
        )
    }

    #[test]
    fn seams_are_the_regex_they_replace() {
        let regex = regex::bytes::Regex::new(
            r#"(?-u)["'`](?:[ \t\r\n\\+,]|#[^\n]*\n|//[^\n]*\n){0,32}?[rRbBuU]{0,2}#{0,3}["'`]"#,
        )
        .unwrap();
        let by_regex = |b: &[u8]| regex.find_iter(b).map(|m| m.range()).collect::<Vec<_>>();
        let by_hand = |b: &[u8]| seams(b).collect::<Vec<_>>();
        for text in crate::testing::fixture_texts() {
            assert_eq!(by_hand(text.as_bytes()), by_regex(text.as_bytes()));
        }
        // Random strings over the bytes a seam is made of, and a few more.
        const ALPHABET: &[u8] = b"\"'` \t\r\n\\+,#/rRbBuUx#\"";
        let mut next = crate::testing::generator(26);
        for _ in 0..20_000 {
            let len = next(48);
            let b: Vec<u8> = (0..len).map(|_| ALPHABET[next(ALPHABET.len())]).collect();
            assert_eq!(
                by_hand(&b),
                by_regex(&b),
                "{:?}",
                String::from_utf8_lossy(&b)
            );
        }
        let long = format!("\"{}\"", " +".repeat(16));
        assert_eq!(by_hand(long.as_bytes()), vec![0..long.len()]);
        let too_long = format!("\"{} \"", " +".repeat(16));
        assert_eq!(by_hand(too_long.as_bytes()), by_regex(too_long.as_bytes()));
    }

    #[test]
    fn literals_join_where_their_language_joins_them() {
        let t = token(7);
        let (head, tail) = t.split_at(17);
        let joined = [
            (
                "a.py",
                format!("T = (\"{head}\"  # first\n     \"{tail}\")\n"),
            ),
            ("a.py", format!("T = \"{head}\" + r'{tail}'\n")),
            ("a.py", format!("T = \"{head}\" \\\n    \"{tail}\"\n")),
            (
                "a.rs",
                format!("const T: &str = concat!(\"{head}\", r#\"{tail}\"#);\n"),
            ),
            (
                "a.go",
                format!("t := \"{head}\" + // first\n\t\"{tail}\"\n"),
            ),
            ("a.c", format!("char *t = \"{head}\" \"{tail}\";\n")),
        ];
        for (path, text) in &joined {
            let (secrets, pieces) = joined_tokens(path, text);
            assert_eq!(secrets, [t.as_str()], "{text}");
            assert_eq!(pieces, [head, tail], "{text}");
        }
        let apart = [
            ("a.py", format!("T = [\"{head}\", \"{tail}\"]\n")),
            ("a.py", format!("T = {{\"{head}\": \"{tail}\"}}\n")),
            ("a.py", format!("T = \"{head}\" + \"\" + x + \"{tail}\"\n")),
            ("a.py", format!("T = \"{head}\" f\"{tail}\"\n")),
            ("a.py", format!("T = \"{head}\" ++ \"{tail}\"\n")),
            (
                "a.rs",
                format!("const T: [&str; 2] = [\"{head}\", \"{tail}\"];\n"),
            ),
            (
                "a.rs",
                format!("let t = format!(\"{head}\", \"{tail}\");\n"),
            ),
            ("a.txt", format!("\"{head}\" \"{tail}\"\n")),
            ("a.yaml", format!("t: \"{head}\" \"{tail}\"\n")),
        ];
        for (path, text) in &apart {
            assert_eq!(joined_tokens(path, text), (vec![], vec![]), "{text}");
        }
    }

    /// A keyword cut by a seam (`"gh" + "p_…"`) is seen where the
    /// language joins literals; text with no keyword cut so, or in a format
    /// that joins none, is not searched.
    #[test]
    fn a_keyword_cut_by_a_seam_is_seen() {
        let t = token(11);
        let tail = &t[2..];
        let scanner = TokenScanner::builtin();
        let across = |path: &str, text: &str| {
            let doc = Document::new(path, text);
            let syntax = Syntax::of(doc.language, &doc.path);
            keyword_across_seam(scanner, text, syntax, &doc.path)
        };
        for (path, text) in [
            ("a.py", format!("T = \"gh\" + \"{tail}\"\n")),
            ("a.py", format!("T = (\"g\"  # cut\n     \"h{tail}\")\n")),
            (
                "a.rs",
                format!("const T: &str = concat!(\"gh\", r#\"{tail}\"#);\n"),
            ),
            ("a.js", format!("const t = 'gh' +\n  '{tail}';\n")),
        ] {
            assert!(across(path, &text), "{text}");
            assert_eq!(joined_tokens(path, &text).0, [t.as_str()], "{text}");
        }
        for (path, text) in [
            ("a.py", format!("T = \"ab\" + \"{tail}\"\n")),
            ("a.py", format!("T = \"gh\"\nU = \"{tail}\"\n")),
            ("a.yaml", format!("t: \"gh\" \"{tail}\"\n")),
        ] {
            assert!(!across(path, &text), "{text}");
        }
    }
}
