//! The rewrites that read a rule's pattern with `_` at its secret's edges
//! and as it reads a name before [`super::underscore_edges`] and
//! [`super::glued`], on the pattern's text byte by byte: kept as the
//! oracles their replacements' matches are checked against
//! (`underscore_edges_match_as_the_text_rewrite_did`,
//! `glued_patterns_match_as_the_text_rewrite_did`).

use super::UNDERSCORE_OR_ESCAPE;
use std::ops::Range;

/// `pattern` as it reads a token glued into a name, used to hide tokens
/// (reporting one only where a `_` glues it is [`underscore_tolerant`]'s
/// work): its boundaries hold anywhere. A name glues a token
/// to the words around it with `_` (`backup_ghp_…`, `github_pat_…_password`),
/// a digit, a letter, a non-ASCII letter (a11 #2: `v2ghp_…`, `ghp_…2`,
/// `myghp_…Password`, `éghp_…`), where a rule's boundaries find no token.
/// So every word boundary (`\b`, `\b{start}`…) is dropped, and so is a
/// group that spells one out, an alternation holding a text or line edge
/// (`(?:^|[^A-Za-z0-9_-])`, `(?:[^A-Za-z0-9_-]|\z)`); another negated class
/// lets `_` in. The search stays the rule's, keyword-gated and linear; a
/// body that takes more characters than the token holds may hide a few of
/// the name's too, which a name can spare.
pub(super) fn glued(pattern: &str) -> String {
    let pattern = without_edge_groups(pattern);
    let mut chars = pattern.chars().peekable();
    let mut out = String::with_capacity(pattern.len());
    // Inside a class: whether it is negated, and whether its first
    // character is still to come (`[]…]`, `[^]…]`).
    let mut class: Option<bool> = None;
    let mut depth = 0;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push(c);
                    break;
                };
                if next == 'b' && class.is_none() {
                    // A boundary holds anywhere: it goes, with its `{…}`.
                    if chars.peek() == Some(&'{') {
                        for c in chars.by_ref() {
                            if c == '}' {
                                break;
                            }
                        }
                    }
                } else {
                    out.push(c);
                    out.push(next);
                }
            }
            '[' if class.is_none() => {
                out.push(c);
                let negated = chars.peek() == Some(&'^');
                if negated {
                    out.push(chars.next().expect("peeked"));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().expect("peeked"));
                }
                class = Some(negated);
                depth = 1;
            }
            '[' => {
                out.push(c);
                depth += 1;
            }
            ']' if class.is_some() => {
                out.push(c);
                depth -= 1;
                if depth == 0 {
                    class = None;
                }
            }
            // A `_` a negated class leaves out is let in.
            '_' if class == Some(true) && depth == 1 => {}
            _ => out.push(c),
        }
    }
    out
}

/// `pattern` without its groups that spell a boundary out: a non-capturing
/// group, holding no group, one of whose alternatives is a text or line
/// edge (`^`, `$`, `\A`, `\z`), as `(?:^|[^A-Za-z0-9_-])` before a token
/// and `(?:[^A-Za-z0-9_-]|\z)` after one (what the token's other side may
/// be; a name has anything there).
fn without_edge_groups(pattern: &str) -> String {
    let b = pattern.as_bytes();
    let mut out = String::with_capacity(pattern.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            // A class is skipped whole: no group opens in one.
            b'[' => i = class_end(b, i),
            b'(' if b[i..].starts_with(b"(?:") => {
                if let Some(end) = edge_group_end(b, i) {
                    out.push_str(&pattern[copied..i]);
                    copied = end;
                    i = end;
                    continue;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.push_str(&pattern[copied.min(pattern.len())..]);
    out
}

/// The offset past the `]` closing the class opening at `b[i]` (`[]…]`,
/// `[^]…]`, escapes and nested classes read), or the pattern's end.
fn class_end(b: &[u8], mut i: usize) -> usize {
    i += 1;
    if b.get(i) == Some(&b'^') {
        i += 1;
    }
    if b.get(i) == Some(&b']') {
        i += 1;
    }
    let mut depth = 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// When the group `(?:…)` opening at `b[i]` holds no group of its own and
/// an alternative that is a text or line edge, the offset past its `)`.
fn edge_group_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 3;
    let mut start = j;
    let mut edge = false;
    // Groups inside it: only ones that set flags (`(?-u:\b)`) are read.
    let mut depth = 0;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 1,
            b'[' => {
                j = class_end(b, j);
                continue;
            }
            b'(' if b[j..].starts_with(b"(?-") || b[j..].starts_with(b"(?i") => depth += 1,
            b'(' => return None,
            b')' if depth > 0 => depth -= 1,
            b'|' | b')' if depth == 0 => {
                edge |= matches!(&b[start..j], b"^" | b"$" | b"\\A" | b"\\z");
                if b[j] == b')' {
                    return edge.then_some(j + 1);
                }
                start = j + 1;
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// The rule's pattern read so that a `_` may glue its token to a word
/// (`ghp_…_token = None`, `"backup_xoxb-…"`, `f"{user}_sk_live_…"`), and
/// the group holding the secret there: each boundary at the edges of the
/// secret's group (`\b`, `\b{start}`, a flag group holding one, or a group
/// spelling one out, `(?:[^A-Za-z0-9_-]|\z)`) also takes a `_`, and the
/// one before it an escape ([`super::UNDERSCORE_OR_ESCAPE`]). A name or
/// a key spelled with a token in it still puts the token in the
/// repository, and one search finds the token as written and glued. A
/// token glued by a letter or a digit (`myghp_…`) is not found: those
/// letters may be the body's own ([`glued`] hides it all the same). Only
/// the edges change, so the secret's group keeps its number, and a
/// boundary elsewhere (`\bcf` of `cf_api_token = …`) keeps its meaning. A
/// pattern whose secret is its whole match (`secret_group = 0`) is read
/// with a group around what its edge boundaries enclose
/// ([`group_whole_match`]). `None` when nothing changes or the result
/// does not parse: then the pattern is read as written.
pub(super) fn underscore_tolerant(pattern: &str, group: usize) -> Option<(String, usize)> {
    let (pattern, group) = match group {
        0 => (group_whole_match(pattern)?, 1),
        _ => (pattern.to_owned(), group),
    };
    let shape = Shape::of(&pattern);
    let groups = &shape.groups;
    let secret = groups.iter().position(|g| g.capture == Some(group))?;
    // Out through the groups the secret's opens or closes, when they only
    // set flags or gather (`(?-i:(SK…))`): what is beside them is beside it.
    let outward = |mut at: usize, left: bool| {
        while let Some(parent) = groups[at].parent {
            let p = &groups[parent];
            let beside = match left {
                true => p.head == groups[at].open,
                false => p.close == groups[at].close + 1,
            };
            if !(beside && p.capture.is_none() && !p.alternation) {
                break;
            }
            at = parent;
        }
        &groups[at]
    };
    let b = pattern.as_bytes();
    let mut inserts: Vec<(usize, &str)> = Vec::new();
    let left = outward(secret, true).open;
    if let Some(edge) = groups.iter().find(|g| g.close + 1 == left) {
        widen_edge(b, edge, false, &mut inserts);
    } else if let Some(word) = BOUNDARIES
        .iter()
        .find(|w| b[..left].ends_with(w.as_bytes()) && !escaped(b, left - w.len()))
    {
        inserts.extend([
            (left - word.len(), "(?:"),
            // Inserted last at the same place, so first in the text.
            (left, ")"),
            (left, UNDERSCORE_OR_ESCAPE),
        ]);
    }
    let right = outward(secret, false).close + 1;
    if let Some(edge) = groups.iter().find(|g| g.open == right) {
        widen_edge(b, edge, true, &mut inserts);
    } else if let Some(word) =
        (BOUNDARIES.iter()).find(|w| b.get(right..).is_some_and(|b| b.starts_with(w.as_bytes())))
    {
        inserts.extend([(right, "(?:"), (right + word.len(), "|_)")]);
    }
    if inserts.is_empty() {
        return None;
    }
    inserts.sort_by_key(|&(at, _)| std::cmp::Reverse(at));
    let mut out = pattern;
    for (at, text) in inserts {
        out.insert_str(at, text);
    }
    regex_syntax::parse(&out).is_ok().then_some((out, group))
}

/// The word boundaries [`underscore_tolerant`] widens, the longest first.
const BOUNDARIES: [&str; 5] = [
    r"\b{start-half}",
    r"\b{end-half}",
    r"\b{start}",
    r"\b{end}",
    r"\b",
];

/// Whether the byte at `at` is escaped (follows an odd run of `\`).
fn escaped(b: &[u8], at: usize) -> bool {
    b[..at].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1
}

/// Adds to `inserts` what lets `group`, beside a secret's group (`after`
/// it or before it), take a `_`: a group spelling a boundary out (an edge
/// among its alternatives, see [`edge_group_end`]) gets `|_` as one more;
/// a group holding only a word boundary (`(?-u:\b)`) is wrapped as
/// `(?:(?-u:\b)|_)`. Not a group after a secret that names `_` among the
/// characters it refuses (`(?:[^A-Za-z0-9_-]|\z)`): the rule's token takes
/// `_` in its body, and a body that runs on past a `_` is longer than the
/// token, not glued to a word (nor cut at the `_`: `glpat-…_x`).
fn widen_edge(b: &[u8], group: &Group, after: bool, inserts: &mut Vec<(usize, &str)>) {
    let inner = &b[group.head..group.close];
    if group.capture.is_some() || after && inner.contains(&b'_') {
        return;
    }
    let glue = if after { "|_" } else { UNDERSCORE_OR_ESCAPE };
    if b[group.open..].starts_with(b"(?:") && edge_group_end(b, group.open) == Some(group.close + 1)
    {
        inserts.push((group.close, glue));
    } else if BOUNDARIES.iter().any(|w| inner == w.as_bytes()) {
        inserts.extend([
            (group.open, "(?:"),
            (group.close + 1, ")"),
            (group.close + 1, glue),
        ]);
    }
}

/// `pattern`, whose secret is its whole match, with a capturing group
/// around what its leading and trailing word boundaries enclose (after its
/// leading flag directives): `(?i)\bacme_…\b` reads `(?i)\b(acme_…)\b`,
/// which matches alike. `None` for a pattern with alternatives at its top
/// level (its edges are each alternative's) or a flag directive past its
/// head (a boundary moved across it could change its meaning).
fn group_whole_match(pattern: &str) -> Option<String> {
    let shape = Shape::of(pattern);
    if shape.alternation {
        return None;
    }
    let mut head = 0;
    for directive in &shape.directives {
        if directive.start != head {
            return None;
        }
        head = directive.end;
    }
    let b = pattern.as_bytes();
    let start = (BOUNDARIES.iter())
        .find(|w| b[head..].starts_with(w.as_bytes()))
        .map_or(head, |w| head + w.len());
    let end = (BOUNDARIES.iter())
        .find(|w| {
            b.len() >= start + w.len()
                && b.ends_with(w.as_bytes())
                && !escaped(b, b.len() - w.len())
        })
        .map_or(b.len(), |w| b.len() - w.len());
    Some(format!(
        "{}({}){}",
        &pattern[..start],
        &pattern[start..end],
        &pattern[end..]
    ))
}

/// One group of a pattern.
#[derive(Debug)]
struct Group {
    /// Where its `(` and its `)` are.
    open: usize,
    close: usize,
    /// Where what it holds starts (past `(`, `(?:`, `(?-i:`, `(?P<name>`).
    head: usize,
    /// Its number, when it captures.
    capture: Option<usize>,
    /// Whether it holds alternatives (a `|` of its own).
    alternation: bool,
    /// The group it is in.
    parent: Option<usize>,
}

/// How a pattern is put together, as far as its edges are concerned: its
/// groups in the order they open, its flag directives (`(?i)`), and
/// whether its top level holds alternatives.
struct Shape {
    groups: Vec<Group>,
    directives: Vec<Range<usize>>,
    alternation: bool,
}

impl Shape {
    fn of(pattern: &str) -> Shape {
        let b = pattern.as_bytes();
        let mut shape = Shape {
            groups: Vec::new(),
            directives: Vec::new(),
            alternation: false,
        };
        let mut open: Vec<usize> = Vec::new();
        let mut captures = 0;
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\\' => i += 1,
                b'[' => {
                    i = class_end(b, i);
                    continue;
                }
                b'(' => {
                    let rest = &b[i + 1..];
                    let named = rest.starts_with(b"?P<") || rest.starts_with(b"?<");
                    let (head, capture) = if named {
                        captures += 1;
                        let name_end = memchr::memchr(b'>', rest).map_or(b.len(), |j| i + j + 2);
                        (name_end, Some(captures))
                    } else if rest.starts_with(b"?") {
                        let flags = (rest[1..].iter())
                            .take_while(|c| c.is_ascii_alphabetic() || **c == b'-')
                            .count();
                        let end = (i + 3 + flags).min(b.len());
                        if rest.get(1 + flags) == Some(&b')') {
                            shape.directives.push(i..end);
                            i = end;
                            continue;
                        }
                        (end, None)
                    } else {
                        captures += 1;
                        (i + 1, Some(captures))
                    };
                    shape.groups.push(Group {
                        open: i,
                        close: b.len(),
                        head,
                        capture,
                        alternation: false,
                        parent: open.last().copied(),
                    });
                    open.push(shape.groups.len() - 1);
                    i = head;
                    continue;
                }
                b')' => {
                    if let Some(group) = open.pop() {
                        shape.groups[group].close = i;
                    }
                }
                b'|' => match open.last() {
                    Some(&group) => shape.groups[group].alternation = true,
                    None => shape.alternation = true,
                },
                _ => {}
            }
            i += 1;
        }
        shape
    }
}
