//! Inline suppression comments.
//!
//! `credlint: allow` silences every rule on its line, and on the next one
//! when it is a comment line of its own; `credlint: allow(secret/jwt, env)`
//! silences the listed rules or families; `credlint: allow-next-line(…)`
//! silences the next line only. Either takes a reason after `--`
//! (`credlint: allow(secret/jwt) -- a published test vector`), which
//! `--show-suppressed` prints and `require-reason = true` demands.
//!
//! A covered line that opens a multi-line literal covers the whole literal:
//! a Python triple-quoted string, a Rust string, a YAML block scalar, or a
//! PEM block (`-----BEGIN …` to the next `-----END …`, with no other
//! `-----BEGIN` between); where a lexer reads the format, only a closed
//! literal, and a PEM block only inside one.
//!
//! Only a comment holds a `credlint:` marker: the format's lexer
//! ([`crate::comments`]) says where comments and strings are, once per
//! document, and text that looks like a marker inside a string or a value
//! (a docstring, a quoted `.env` value, a TOML `"""` string, a YAML block
//! scalar, a here-document) is data, silencing nothing and never removed.
//! Where no lexer can tell (a format without one: JSON, INI, properties,
//! JavaScript…), a marker still silences its line but is neither judged
//! nor removed: neither reported unused nor touched by `--fix` or the
//! editor's quick fix, which both remove only what
//! `credlint/unused-suppression` reports.
//! Other scanners' markers (below) follow the same rule: in a string they
//! silence nothing.
//!
//! Other scanners' markers are honoured for secret findings, so teams can
//! migrate without touching their annotations (`peer-markers = false` turns
//! them off): detect-secrets' `pragma: allowlist secret` and
//! `pragma: allowlist nextline secret`, `gitleaks:allow`,
//! `betterleaks:allow`, `kingfisher:allow`, `trufflehog:ignore`, and the
//! hardcoded-password checks of ruff and bandit (`# noqa: S105`, `S106`,
//! `S107`; `# nosec`, bare or naming `B105`, `B106` or `B107`).
//!
//! The engine records which markers silenced something, so that a
//! `credlint:` marker that silences nothing can be reported
//! (`credlint/unused-suppression`) and removed ([`removal`]).

pub use crate::comments::Syntax;
use crate::comments::{Place, Regions};
use crate::lines::LineIndex;
use crate::rules::selects;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// What marks a line as carrying a suppression; only such lines are parsed.
pub(crate) const MARKERS: [&str; 9] = [
    "credlint:",
    "pragma: allowlist",
    "gitleaks:allow",
    "betterleaks:allow",
    "kingfisher:allow",
    "trufflehog:ignore",
    "noqa",
    "NOQA",
    "nosec",
];

/// Other scanners' markers honoured on their line (and on the next one when
/// they are a comment line of their own), with the name shown for them.
const PEERS: [&str; 5] = [
    "pragma: allowlist secret",
    "gitleaks:allow",
    "betterleaks:allow",
    "kingfisher:allow",
    "trufflehog:ignore",
];

/// detect-secrets' marker for the line below.
const NEXTLINE_PRAGMA: &str = "pragma: allowlist nextline secret";

/// How a comment line of its own starts.
const COMMENT_OPENERS: [&str; 7] = ["#", "//", "/*", "*", "--", ";", "<!--"];

/// ruff's hardcoded-password codes (flake8-bandit S105–S107).
static NOQA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)#\s*noqa\s*:\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)").expect("valid regex")
});
/// bandit's marker, bare or with test ids.
static NOSEC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"#\s*nosec\b[\s:]*((?:B[0-9]{3}(?:[\s,]+|$))*)").expect("valid regex")
});

/// What a marker is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `credlint: allow…`; no selectors means every rule.
    Credlint {
        next_line: bool,
        selectors: Vec<String>,
    },
    /// Another scanner's marker: secret rules only.
    Peer(&'static str),
}

/// One suppression marker in a document.
#[derive(Clone, Debug)]
pub struct Marker {
    pub kind: Kind,
    /// The directive's bytes, from `credlint:` to the end of its reason.
    pub span: Range<usize>,
    /// The reason's bytes, when one is given after `--`.
    pub reason: Option<Range<usize>>,
    /// Whether it sits in a comment, as the format's lexer reads it
    /// ([`crate::comments`]): only such markers are reported as unused,
    /// since only they can be removed without touching code or data.
    pub in_comment: bool,
}

impl Marker {
    /// How the marker is named in messages: never its selectors or reason,
    /// which are free text from the file.
    pub fn label(&self) -> &'static str {
        match &self.kind {
            Kind::Credlint {
                next_line: true, ..
            } => "credlint: allow-next-line",
            Kind::Credlint { .. } => "credlint: allow",
            Kind::Peer(name) => name,
        }
    }

    pub fn allows(&self, rule: &str) -> bool {
        match &self.kind {
            Kind::Credlint { selectors, .. } => {
                selectors.is_empty() || selectors.iter().any(|s| selects(s, rule))
            }
            Kind::Peer(_) => crate::rules::is_secret(rule),
        }
    }
}

/// The suppression markers of one document, parsed once: a minified line
/// with thousands of findings is read once, not once per finding.
pub struct Suppressions {
    markers: Vec<Marker>,
    /// (zero-based line, marker index), sorted: the lines each marker
    /// covers itself (its own, or the next).
    covers: Vec<(usize, usize)>,
    /// The multi-line literals opened on covered lines, as (opening line,
    /// last line), sorted: PEM blocks, then the strings the lexer sees run
    /// past their line. Each list's literals share no line but an opening
    /// one, so a line lies inside at most one literal of each: a marker
    /// covering a literal's opening line covers it, without a line-by-line
    /// list of what it covers (issue 9: 8,000 marked `-----BEGIN` lines
    /// above one `-----END` took 12 s and 1 GB).
    literals: [Vec<(usize, usize)>; 2],
    used: Vec<bool>,
}

impl Suppressions {
    /// Parses `text`'s markers; `syntax` says how its comments and strings
    /// are written, `peers` whether other scanners' markers count. A
    /// `credlint:` marker inside a string or another value is data, not a
    /// marker: it silences nothing and is never removed.
    pub fn new(text: &str, index: &LineIndex, syntax: Syntax, peers: bool) -> Suppressions {
        let mut marked: Vec<usize> = MARKERS
            .iter()
            .flat_map(|m| memchr::memmem::find_iter(text.as_bytes(), m.as_bytes()))
            .map(|at| index.line_of(at))
            .collect();
        marked.sort_unstable();
        marked.dedup();
        let regions = (!marked.is_empty()).then(|| Regions::new(text, syntax));
        let mut markers = Vec::new();
        let mut covers = Vec::new();
        // Each covered line's literals, measured once however many markers
        // cover it.
        let mut measured = std::collections::HashMap::new();
        let mut pem = None;
        for line in marked {
            let content = index.line_text(line);
            let start = index.line_start(line);
            let regions = regions.as_ref().expect("lexed when a line is marked");
            let own_line = comment_line(content, start, syntax, regions);
            let place = |at: usize| regions.place(start + at);
            for (marker, lines) in parse_line(
                content,
                start,
                own_line,
                syntax == Syntax::Rust,
                &place,
                peers,
            ) {
                let at = markers.len();
                for covered in lines.iter().map(|l| line + l) {
                    if covered >= index.line_count() {
                        continue;
                    }
                    covers.push((covered, at));
                    measured.entry(covered).or_insert_with(|| {
                        let pem = pem.get_or_insert_with(|| Pem::new(text));
                        [
                            pem_end(index, pem, covered, regions, syntax),
                            string_end(index, regions, covered),
                        ]
                    });
                }
                markers.push(marker);
            }
        }
        covers.sort_unstable();
        covers.dedup();
        let mut literals = [Vec::new(), Vec::new()];
        for (line, lasts) in measured {
            for (list, last) in literals.iter_mut().zip(lasts) {
                list.extend(last.filter(|&last| last > line).map(|last| (line, last)));
            }
        }
        for list in &mut literals {
            list.sort_unstable();
        }
        Suppressions {
            used: vec![false; markers.len()],
            markers,
            covers,
            literals,
        }
    }

    /// Whether a finding of `rule` starting on zero-based `line` is
    /// suppressed, and by which marker (the first that allows it; every
    /// marker that does is recorded as used).
    pub fn suppress(&mut self, line: usize, rule: &str) -> Option<usize> {
        // The line, and the opening lines of the literals it lies inside.
        let openers = self.literals.iter().filter_map(|list| {
            let i = list.partition_point(|(opener, _)| *opener < line);
            let (opener, last) = *list.get(i.checked_sub(1)?)?;
            (line <= last).then_some(opener)
        });
        let mut first: Option<usize> = None;
        for covered in std::iter::once(line).chain(openers) {
            let from = self.covers.partition_point(|(l, _)| *l < covered);
            for &(_, at) in self.covers[from..]
                .iter()
                .take_while(|(l, _)| *l == covered)
            {
                if self.markers[at].allows(rule) {
                    self.used[at] = true;
                    first = Some(first.map_or(at, |f| f.min(at)));
                }
            }
        }
        first
    }

    pub fn marker(&self, at: usize) -> &Marker {
        &self.markers[at]
    }

    /// Every marker with whether it suppressed anything.
    pub fn markers(&self) -> impl Iterator<Item = (&Marker, bool)> {
        self.markers.iter().zip(self.used.iter().copied())
    }
}

/// Whether the line `content` (starting at offset `start`) is a comment
/// line of its own: in a format with a lexer, when every non-blank byte of
/// it is in a comment (a10 #11: a code line starting with `*`, `--` or `;`,
/// `*p = …;  // credlint: allow`, `*head, tail = f()  # credlint: allow`,
/// a shell `*)` arm, was taken for one, and its marker covered the next
/// line too); elsewhere when it starts with a comment opener, a `*` only
/// when a blank, `/` or the line's end follows it (` * text` in a block
/// comment, not `*p = …`).
fn comment_line(content: &str, start: usize, syntax: Syntax, regions: &Regions) -> bool {
    let trimmed = content.trim_start();
    if syntax == Syntax::Other {
        return COMMENT_OPENERS.iter().any(|c| {
            trimmed.starts_with(c)
                && (*c != "*"
                    || trimmed[1..].is_empty()
                    || trimmed[1..].starts_with([' ', '\t', '/']))
        });
    }
    !trimmed.is_empty()
        && content
            .char_indices()
            .all(|(at, c)| c.is_whitespace() || regions.place(start + at) == Place::Comment)
}

/// The markers on one line, each with the lines it covers relative to it.
fn parse_line(
    content: &str,
    start: usize,
    own_line: bool,
    block_comments: bool,
    place: &dyn Fn(usize) -> Place,
    peers: bool,
) -> Vec<(Marker, Vec<usize>)> {
    let same_or_next = if own_line { vec![0, 1] } else { vec![0] };
    let mut out = Vec::new();
    let in_comment = |at: usize| place(at) == Place::Comment;
    // The backquotes before `ticked`, counted as the markers go along (a10
    // #8: counted from the line's start for every marker, a line of 52,000
    // markers took 61 s).
    let (mut ticks, mut ticked) = (0usize, 0usize);
    let mut from = 0;
    while let Some(found) = content[from..].find("credlint:") {
        let at = from + found;
        from = at + "credlint:".len();
        let rest = content[from..].trim_start();
        let (next_line, after) = if let Some(after) = rest.strip_prefix("allow-next-line") {
            (true, after)
        } else if let Some(after) = rest.strip_prefix("allow") {
            (false, after)
        } else {
            continue;
        };
        if after.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-') {
            continue; // `credlint: allowed`, not a marker
        }
        let mut end = content.len() - after.len();
        let mut selectors = Vec::new();
        if let Some(list) = after.trim_start().strip_prefix('(') {
            let list_start = content.len() - list.len();
            let close = list.find(')').map_or(content.len(), |i| list_start + i);
            selectors = content[list_start..close]
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            end = (close + 1).min(content.len());
        }
        let mut reason = None;
        if let Some(text) = content[end..].trim_start().strip_prefix("--") {
            let text_start = content.len() - text.len();
            // Another tool's pragma after the reason is not the reason's;
            // nor, where block comments are, what follows the comment's
            // end or a comment nested in it.
            let text = &text[..reason_end(text, block_comments)];
            let trimmed = text
                .trim_end()
                .trim_end_matches("-->")
                .trim_end_matches("*/")
                .trim();
            if !trimmed.is_empty() {
                let reason_start = text_start + (text.len() - text.trim_start().len());
                reason = Some(start + reason_start..start + reason_start + trimmed.len());
                end = reason_start + trimmed.len();
            }
        }
        if place(at) == Place::Data {
            // In a string: text that looks like a marker, not one.
            from = from.max(end);
            continue;
        }
        let lines = if next_line {
            vec![1]
        } else {
            same_or_next.clone()
        };
        ticks += content[ticked..at].matches('`').count();
        ticked = at;
        out.push((
            Marker {
                kind: Kind::Credlint {
                    next_line,
                    selectors,
                },
                span: start + at..start + end,
                reason,
                // Quoted (in backticks in documentation, a string in a
                // test) it is text about a marker: it still silences its
                // line, but is not judged or removed.
                in_comment: in_comment(at)
                    && !content[..at].ends_with(['`', '"', '\''])
                    && ticks % 2 == 0,
            },
            lines,
        ));
        from = from.max(end);
    }
    if !peers {
        return out;
    }
    let credlint = out.len();
    let peer = |name: &'static str, at: usize, len: usize, lines: Vec<usize>| {
        (
            Marker {
                kind: Kind::Peer(name),
                span: start + at..start + at + len,
                reason: None,
                in_comment: in_comment(at),
            },
            lines,
        )
    };
    for name in PEERS {
        if let Some(at) = content.find(name) {
            out.push(peer(name, at, name.len(), same_or_next.clone()));
        }
    }
    if let Some(at) = content.find(NEXTLINE_PRAGMA) {
        out.push(peer(NEXTLINE_PRAGMA, at, NEXTLINE_PRAGMA.len(), vec![0, 1]));
    }
    // ruff and bandit mark the line they are on only.
    if let Some(caps) = NOQA.captures(content) {
        let codes = &caps[1];
        if codes
            .split(|c: char| c == ',' || c.is_whitespace())
            .any(|c| ["S105", "S106", "S107"].contains(&c.to_ascii_uppercase().as_str()))
        {
            let whole = caps.get(0).expect("match");
            out.push(peer("noqa", whole.start(), whole.len(), vec![0]));
        }
    }
    if let Some(caps) = NOSEC.captures(content) {
        let ids = caps[1].trim();
        if ids.is_empty() || ["B105", "B106", "B107"].iter().any(|b| ids.contains(b)) {
            let whole = caps.get(0).expect("match");
            out.push(peer("nosec", whole.start(), whole.len(), vec![0]));
        }
    }
    // Another scanner's marker in a string is data too, as a `credlint:` one.
    let mut at = 0;
    out.retain(|(marker, _)| {
        at += 1;
        at <= credlint || place(marker.span.start - start) != Place::Data
    });
    out
}

/// Where a marker's reason `text` ends: at another tool's pragma comment
/// (see [`pragma_at`]) or, where block comments are, at the first `*/` or
/// `/*`, whichever comes first, found in one pass that stops there. (Each
/// cut was looked for over the rest of the line, for every marker: a line
/// of 40,000 `credlint: allow -- /* `, each reason cut empty so that the
/// next marker is read too, took 48 s in a Rust file; a10 #8.)
fn reason_end(text: &str, block_comments: bool) -> usize {
    let b = text.as_bytes();
    (0..b.len())
        .find(|&at| match b[at] {
            b'#' => pragma_at(text, at),
            b'*' => block_comments && b.get(at + 1) == Some(&b'/'),
            b'/' => block_comments && b.get(at + 1) == Some(&b'*'),
            _ => false,
        })
        .unwrap_or(b.len())
}

/// Whether another tool's pragma comment starts at the `#` at `at` in a
/// marker's reason `text`: after a blank, `#`, optional blanks, then
/// `noqa`, `nosec`, or an identifier followed by `:`, `=`, `[` or the
/// text's end (`# noqa: F401`, `# type: ignore[x]`, `# pylint: disable=y`,
/// `# pragma: no cover`). An issue number (`#123`) is no pragma.
fn pragma_at(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    if at == 0 || !matches!(b[at - 1], b' ' | b'\t') {
        return false;
    }
    let after = text[at + 1..].trim_start_matches([' ', '\t']);
    if !after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return false;
    }
    let len = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(after.len());
    let word = &after[..len];
    word.eq_ignore_ascii_case("noqa")
        || word == "nosec"
        || after[len..].is_empty()
        || after[len..].starts_with([':', '=', '['])
}

/// Where a text's PEM armour lines are: the offsets of every
/// `-----BEGIN ` and every `-----END `, found once.
struct Pem {
    begins: Vec<usize>,
    ends: Vec<usize>,
}

impl Pem {
    fn new(text: &str) -> Pem {
        let find = |needle: &str| memchr::memmem::find_iter(text.as_bytes(), needle).collect();
        Pem {
            begins: find("-----BEGIN "),
            ends: find("-----END "),
        }
    }
}

/// The last line of the PEM block opened on zero-based `line` (by its last
/// `-----BEGIN `): the line of the first `-----END ` after it, unless
/// another `-----BEGIN ` comes first (a block left unclosed opens none).
/// In a format with a lexer, only a block that one closed string or value
/// holds whole (a10 #18: `HEADER = "-----BEGIN …"` … `FOOTER = "-----END
/// …"`, constants on lines of their own, covered every line between).
fn pem_end(
    index: &LineIndex,
    pem: &Pem,
    line: usize,
    regions: &Regions,
    syntax: Syntax,
) -> Option<usize> {
    let start = index.line_start(line);
    let begin = start + index.line_text(line).rfind("-----BEGIN ")?;
    let after = |offsets: &[usize]| {
        let i = offsets.partition_point(|&o| o <= begin);
        offsets.get(i).copied()
    };
    let end = after(&pem.ends)?;
    if after(&pem.begins).is_some_and(|next| next < end) {
        return None;
    }
    if syntax != Syntax::Other && regions.literal(begin).is_none_or(|r| r.end <= end) {
        return None;
    }
    Some(index.line_of(end))
}

/// The last line of a string the format's lexer ([`Regions`]) sees run past
/// zero-based `line` (a triple-quoted string in Python, a string in Rust or
/// TOML, a YAML block scalar…), when it is closed: one the text's end cuts
/// (a typo's quote in a dotenv file) extends no marker over the rest of the
/// text (a10 #18).
fn string_end(index: &LineIndex, regions: &Regions, line: usize) -> Option<usize> {
    let start = index.line_start(line);
    let end = regions.string_past(start..start + index.line_text(line).len())?;
    Some(index.line_of(end - 1))
}

/// The bytes to delete to remove the marker whose directive is `span`: the
/// whole line when the line holds nothing else, the comment when it holds
/// only the directive, else the directive alone (and the comment opener
/// when another comment follows it). Code is never part of it, and no
/// comment is left open or closed by it: a block comment (`/* … */`,
/// `<!-- … -->`) goes whole only when it closes right after the directive
/// on the same line; one that goes on, maybe onto the lines below, keeps
/// its opener and loses only the directive (a10 #22: the line opening a
/// multi-line `/*` was deleted whole, and the comment's tail became code).
/// `None` when the directive itself holds a comment delimiter (a selector
/// `secret/*`), whose removal could open or close a comment, and when the
/// code before the comment would be left ending in a backslash.
pub fn removal(text: &str, span: Range<usize>) -> Option<Range<usize>> {
    const DELIMITERS: [&str; 4] = ["/*", "*/", "<!--", "-->"];
    if DELIMITERS.iter().any(|d| text[span.clone()].contains(d)) {
        return None;
    }
    let line_start = text[..span.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| span.end + i);
    let before = text[line_start..span.start].trim_end();
    let after = &text[span.end..line_end];
    let opener = ["<!--", "/*", "//", "#", "--", ";"]
        .into_iter()
        .find(|o| before.ends_with(o));
    let Some(opener) = opener else {
        // `# noqa: F401 credlint: allow(env)`: the directive and the blanks before it.
        return Some(line_start + before.len()..span.end);
    };
    let opener_at = line_start + before.len() - opener.len();
    let code = text[line_start..opener_at].trim_end();
    let blanks_after = after.len() - after.trim_start().len();
    let closer = match opener {
        "/*" => Some("*/"),
        "<!--" => Some("-->"),
        _ => None,
    };
    // Where the marker's comment ends on its line.
    let comment_end = match closer {
        Some(closer) if after.trim_start().starts_with(closer) => {
            span.end + blanks_after + closer.len()
        }
        // The block comment goes on after the directive: only the
        // directive goes, with the blanks between it and the opener.
        Some(_) => return Some(opener_at + opener.len()..span.end),
        None if after.trim().is_empty() => line_end,
        // `# credlint: allow(env)  # type: ignore`: the next comment stays.
        None if after.trim_start().starts_with(opener) => {
            return Some(opener_at..span.end + blanks_after);
        }
        None => return Some(span),
    };
    let tail = &text[comment_end..line_end];
    if !tail.trim().is_empty() {
        // Code after a closed block comment: the comment goes with the
        // blanks on one side, so that the tokens around it stay apart.
        let tail_blanks = tail.len() - tail.trim_start().len();
        let blank_before =
            code.is_empty() || matches!(text.as_bytes()[opener_at - 1], b' ' | b'\t');
        return Some(if blank_before {
            opener_at..comment_end + tail_blanks
        } else if tail_blanks > 0 {
            opener_at..comment_end
        } else {
            span
        });
    }
    if !code.is_empty() {
        if (code.len() - code.trim_end_matches('\\').len()) % 2 == 1 {
            // The code would end in a backslash, escaping the line break
            // where it escaped a blank (a11 #6: `echo foo\ # …` left
            // `echo foo\`, joined to the next command): the marker stays.
            return None;
        }
        return Some(line_start + code.len()..line_end);
    }
    let above = &text[..line_start];
    let above = above
        .strip_suffix("\r\n")
        .or_else(|| above.strip_suffix(['\n', '\r']))
        .unwrap_or(above);
    if (above.len() - above.trim_end_matches('\\').len()) % 2 == 1 {
        // The line above runs on into this one (`echo a \`): removing
        // the line would join that to the next; the comment's opener
        // (and closer) stay, an empty comment.
        return Some(if closer.is_none() {
            opener_at + opener.len()..line_end
        } else {
            span
        });
    }
    // The line is the comment: remove it with its line break.
    let next = match text.as_bytes()[line_end..] {
        [b'\r', b'\n', ..] => line_end + 2,
        [b'\n' | b'\r', ..] => line_end + 1,
        _ => line_end,
    };
    if next == line_end && line_start > 0 {
        // The last line: take the line break before it instead.
        let eol = if text[..line_start].ends_with("\r\n") {
            2
        } else {
            1
        };
        return Some(line_start - eol..line_end);
    }
    Some(line_start..next)
}

/// `text` without the markers that `findings` report unused, and how many
/// were removed; `None` when there are none. Only the markers' comments go
/// (see [`removal`]): every other byte is kept.
pub fn remove_unused(text: &str, findings: &[crate::Finding]) -> Option<(String, usize)> {
    let mut ranges: Vec<Range<usize>> = findings
        .iter()
        .filter(|f| f.rule == crate::rules::unused_suppression::RULE.id)
        .filter_map(|f| removal(text, f.span.clone()))
        .collect();
    if ranges.is_empty() {
        return None;
    }
    ranges.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut count = 0;
    for range in ranges {
        if range.start < at {
            continue; // overlaps one removed already
        }
        out.push_str(&text[at..range.start]);
        at = range.end;
        count += 1;
    }
    out.push_str(&text[at..]);
    Some((out, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suppressions(text: &str, syntax: Syntax) -> Suppressions {
        Suppressions::new(text, &LineIndex::new(text), syntax, true)
    }

    fn suppressed(text: &str, line: usize, rule: &str) -> bool {
        suppressions(text, Syntax::Python)
            .suppress(line, rule)
            .is_some()
    }

    #[test]
    fn bare_allow_covers_its_line_or_the_line_below_a_comment() {
        let text = "x = 1  # credlint: allow\n# credlint: allow\ny = 2\nz = 3";
        assert!(suppressed(text, 0, "env/direct-access"));
        assert!(suppressed(text, 2, "secret/jwt"));
        assert!(!suppressed(text, 3, "secret/jwt"));
        let trailing = "x = 1  # credlint: allow\ny = 2";
        assert!(!suppressed(trailing, 1, "secret/jwt"));
    }

    #[test]
    fn every_line_ending_ends_the_allowed_line() {
        for eol in ["\n", "\r\n", "\r"] {
            let text = [
                "a = 1",
                "b = 2  # credlint: allow",
                "c = 3",
                "# credlint: allow",
                "d = 4",
                "e = 5",
            ]
            .join(eol);
            let allowed: Vec<bool> = (0..6).map(|l| suppressed(&text, l, "secret/jwt")).collect();
            assert_eq!(allowed, [false, true, false, true, true, false], "{eol:?}");
        }
    }

    /// a10 #11: a trailing marker on a code line starting with `*`
    /// (Rust's `*p = …`, Python's star unpacking, a shell `*)` arm) or
    /// `--` covered the next line too; only a comment line of its own does.
    #[test]
    fn a_code_line_starting_like_a_comment_covers_itself_only() {
        for (text, syntax) in [
            (
                "    *p = String::new(); // credlint: allow -- reset\n    let t = 1;\n",
                Syntax::Rust,
            ),
            (
                "*head, tail = load()  # credlint: allow -- unpacking\nt = 1\n",
                Syntax::Python,
            ),
            (
                "case $x in\n  *) echo hi ;;  # credlint: allow\nesac\n",
                Syntax::Shell,
            ),
            (
                "  --flag \\\n  --token x  # credlint: allow\nt=1\n",
                Syntax::Shell,
            ),
            (
                "/* a */ let x = 1; // credlint: allow\nlet t = 1;\n",
                Syntax::Rust,
            ),
            ("*p = 1; // credlint: allow\nt = 1;\n", Syntax::Other),
        ] {
            let line = text
                .lines()
                .position(|l| l.contains("credlint:"))
                .expect("a marker");
            let mut s = suppressions(text, syntax);
            assert!(s.suppress(line, "secret/jwt").is_some(), "{text:?}");
            assert!(s.suppress(line + 1, "secret/jwt").is_none(), "{text:?}");
        }
        // Comment lines of their own still cover the next line.
        for (text, syntax) in [
            ("// credlint: allow\nlet t = 1;\n", Syntax::Rust),
            ("/*\n * credlint: allow\n */\n", Syntax::Rust),
            ("  /* credlint: allow */\nlet t = 1;\n", Syntax::Rust),
            ("# credlint: allow\nt = 1\n", Syntax::Python),
            ("  # credlint: allow\nt: 1\n", Syntax::Yaml),
            (
                "case $x in\n  # credlint: allow\n  *) echo ;;\nesac\n",
                Syntax::Shell,
            ),
            (" * credlint: allow\nt = 1;\n", Syntax::Other),
            ("-- credlint: allow\nselect 1;\n", Syntax::Other),
        ] {
            let line = text
                .lines()
                .position(|l| l.contains("credlint:"))
                .expect("a marker");
            let mut s = suppressions(text, syntax);
            assert!(s.suppress(line + 1, "secret/jwt").is_some(), "{text:?}");
        }
    }

    #[test]
    fn listed_rules_and_families() {
        let text = "t = 'x'  // credlint: allow(secret/jwt, env)";
        assert!(suppressed(text, 0, "secret/jwt"));
        assert!(suppressed(text, 0, "env/direct-access"));
        assert!(!suppressed(text, 0, "secret/github-pat"));
    }

    #[test]
    fn allow_next_line_covers_the_next_line_only() {
        let text = "a = 1  # credlint: allow-next-line(secret) -- fixture\nb = 2\nc = 3";
        assert!(!suppressed(text, 0, "secret/jwt"));
        assert!(suppressed(text, 1, "secret/jwt"));
        assert!(!suppressed(text, 1, "env/direct-access"));
        assert!(!suppressed(text, 2, "secret/jwt"));
    }

    #[test]
    fn reasons_are_the_text_after_two_dashes() {
        let text = [
            "k = 1  # credlint: allow(secret/jwt) -- a published test vector",
            "/* credlint: allow -- generated */",
            "x  # credlint: allow(env)",
        ]
        .join("\n");
        let text = text.as_str();
        let s = suppressions(text, Syntax::Python);
        let reasons: Vec<Option<&str>> = s
            .markers()
            .map(|(m, _)| m.reason.clone().map(|r| &text[r]))
            .collect();
        assert_eq!(
            reasons,
            [Some("a published test vector"), Some("generated"), None]
        );
        let spans: Vec<&str> = s.markers().map(|(m, _)| &text[m.span.clone()]).collect();
        assert_eq!(
            spans,
            [
                "credlint: allow(secret/jwt) -- a published test vector",
                "credlint: allow -- generated",
                "credlint: allow(env)"
            ]
        );
    }

    #[test]
    fn other_scanners_markers_cover_secrets_only() {
        for marker in [
            "# pragma: allowlist secret",
            "# gitleaks:allow",
            "# betterleaks:allow",
            "# kingfisher:allow",
            "# trufflehog:ignore",
            "# noqa: S105",
            "# noqa: E501, S106",
            "# NOQA:S107",
            "# nosec",
            "# nosec B105",
            "# nosec: B106, B602",
        ] {
            let text = format!("k = 'v'  {marker}\nj = 'v'");
            assert!(
                suppressed(&text, 0, "secret/hardcoded-credential"),
                "{marker}"
            );
            assert!(!suppressed(&text, 0, "env/direct-access"), "{marker}");
            assert!(!suppressed(&text, 1, "secret/jwt"), "{marker}");
        }
        for marker in ["# noqa", "# noqa: E501", "# nosec B602", "# noqa: S1055"] {
            let text = format!("k = 'v'  {marker}");
            assert!(
                !suppressed(&text, 0, "secret/hardcoded-credential"),
                "{marker}"
            );
        }
        let nextline = "# pragma: allowlist nextline secret\nk = 'v'\nj = 'v'";
        assert!(suppressed(nextline, 1, "secret/jwt"));
        assert!(!suppressed(nextline, 2, "secret/jwt"));
    }

    /// Like a `credlint:` marker, another scanner's marker inside a string
    /// is data: it silences nothing. In a comment, or where no lexer can
    /// tell, it silences its line.
    #[test]
    fn other_scanners_markers_in_strings_are_data() {
        for marker in ["# gitleaks:allow", "# nosec", "# noqa: S105"] {
            for (text, syntax) in [
                (format!("k = 'v  {marker}'\n"), Syntax::Python),
                (format!("k = f\"{{'v  {marker}'}}\"\n"), Syntax::Python),
                (format!("A=\"v  {marker}\"\n"), Syntax::Dotenv),
                (format!("run: |\n  v  {marker}\n"), Syntax::Yaml),
            ] {
                let last = text.lines().count() - 1;
                let mut s = suppressions(&text, syntax);
                assert!(s.suppress(last, "secret/jwt").is_none(), "{text:?}");
            }
            for (text, syntax) in [
                (format!("k = 'v'  {marker}\n"), Syntax::Python),
                (format!("A=\"v\"  {marker}\n"), Syntax::Dotenv),
                (format!("{{\"k\": \"v  {marker}\"}}\n"), Syntax::Other),
            ] {
                let mut s = suppressions(&text, syntax);
                assert!(s.suppress(0, "secret/jwt").is_some(), "{text:?}");
            }
        }
    }

    #[test]
    fn peer_markers_can_be_turned_off() {
        let text = "k = 'v'  # gitleaks:allow  # credlint: allow(env)";
        let mut s = Suppressions::new(text, &LineIndex::new(text), Syntax::Python, false);
        assert!(s.suppress(0, "secret/jwt").is_none());
        assert!(s.suppress(0, "env/direct-access").is_some());
    }

    #[test]
    fn a_suppressed_first_line_covers_the_whole_literal() {
        let s = |text: &str, syntax, line| {
            suppressions(text, syntax)
                .suppress(line, "secret/private-key")
                .is_some()
        };
        // Each text's marker covers lines 1 to `last` (a PEM marker on its
        // own line, 0 to `last`), and not the line after.
        for (text, syntax, last) in [
            ("# credlint: allow(secret) -- test key\nKEY = \"\"\"-----BEGIN X-----\nabc\n-----END X-----\"\"\"\nafter = 1\n", Syntax::Python, 3),
            ("// credlint: allow-next-line(secret)\nconst K: &str = r#\"line\nline \"quoted\"\nend\"#;\nconst L: &str = \"x\";\n", Syntax::Rust, 3),
            ("# credlint: allow\ntls_key: |\n  -----BEGIN X-----\n  abc\n  -----END X-----\nnext: 1\n", Syntax::Yaml, 4),
            ("# credlint: allow\nkey = \"\"\"\nabc\n\"\"\"\nnext = 1\n", Syntax::Toml, 3),
            ("# credlint: allow\nKEY=\"-----BEGIN X-----\nabc\n\"\nNEXT=1\n", Syntax::Dotenv, 3),
            ("-----BEGIN X----- credlint: allow\nabc\n-----END X-----\nafter\n", Syntax::Other, 2),
        ] {
            let first = usize::from(!text.starts_with("-----"));
            assert!((first..=last).all(|l| s(text, syntax, l)), "{text:?}");
            assert!(!s(text, syntax, last + 1), "{text:?}");
        }
        // A character escape cut by the line's end is not a string.
        let cut = "// credlint: allow\nlet c = '\\\nlet j = 1;\n";
        assert!(!s(cut, Syntax::Rust, 2));
        // A string closed on its line covers nothing more.
        let closed = "// credlint: allow\nlet k = \"a\"; let c = '\"';\nlet j = \"b\";\n";
        assert!(!s(closed, Syntax::Rust, 2));
    }

    /// 20,000 marked `-----BEGIN` lines above one `-----END` (issue 9:
    /// each marker listed every line down to the `-----END`, and each line
    /// searched the rest of the text for it; 8,000 lines took 12 s and 1 GB,
    /// 20,000 were killed at 5 GB): what the markers cover is kept in a
    /// size linear in the markers, and a `-----BEGIN` followed by another
    /// before any `-----END` opens no block.
    #[test]
    fn overlapping_pem_blocks_are_covered_in_linear_space() {
        let lines = 20_000;
        let text = format!(
            "{}-----END A-----\nafter\n",
            "-----BEGIN A----- # credlint: allow(secret)\n".repeat(lines)
        );
        let mut s = suppressions(&text, Syntax::Other);
        assert_eq!(s.markers.len(), lines);
        // Each marker covers its line and the next (`-----` opens a comment
        // line of its own, as SQL's `--`), and no more.
        assert!(s.covers.len() <= 2 * lines, "{}", s.covers.len());
        assert_eq!(
            s.literals[0],
            [(lines - 1, lines)],
            "only the last block closes"
        );
        for line in [0, 1, lines / 2, lines - 1, lines] {
            assert!(s.suppress(line, "secret/private-key").is_some(), "{line}");
        }
        assert!(s.suppress(lines + 1, "secret/private-key").is_none());
        // The `-----END` line: the marker above the last block's line
        // covers that line, so the whole block, and comes first.
        assert_eq!(s.suppress(lines, "secret/private-key"), Some(lines - 2));
    }

    /// A PEM block runs to the first `-----END` after its `-----BEGIN`,
    /// unless another `-----BEGIN` comes first: then it is left unclosed and
    /// its marker covers its own line.
    #[test]
    fn a_pem_block_ends_at_its_own_end_line() {
        let text =
            "k -----BEGIN A----- credlint: allow\nabc\n-----BEGIN B-----\ndef\n-----END B-----\n";
        let mut s = suppressions(text, Syntax::Other);
        assert!(s.suppress(0, "secret/private-key").is_some());
        for line in 1..5 {
            assert!(s.suppress(line, "secret/private-key").is_none(), "{line}");
        }
        let text = "x\n# credlint: allow\n-----BEGIN B-----\ndef\n-----END B-----\n-----BEGIN C-----\nghi\n-----END C-----\n";
        let mut s = suppressions(text, Syntax::Other);
        let covered: Vec<bool> = (0..8)
            .map(|l| s.suppress(l, "secret/private-key").is_some())
            .collect();
        assert_eq!(
            covered,
            [false, true, true, true, true, false, false, false]
        );
    }

    /// a10 #8: one comment line of 100,000 markers between backquotes
    /// (1.8 MB): each marker counted the line's backquotes from its start
    /// (52,000 took 61 s; this size the old reading would not finish in
    /// minutes). Counted once as the markers go, and each is still judged.
    #[test]
    fn a_line_of_markers_between_backquotes_is_read_once() {
        let text = format!("x = 1  # {}\n", "credlint:allow `` ".repeat(100_000));
        let s = suppressions(&text, Syntax::Python);
        assert_eq!(s.markers.len(), 100_000);
        assert!(s.markers.iter().all(|m| m.in_comment));
        // An odd backquote before a marker still makes it quoted text.
        let text = "x = 1  # see `credlint: allow` and credlint: allow `\n";
        let s = suppressions(text, Syntax::Python);
        let judged: Vec<bool> = s.markers.iter().map(|m| m.in_comment).collect();
        assert_eq!(judged, [false, true]);
    }

    /// a10 #18: a quote the text's end cuts made a marker above it cover the
    /// rest of the file, and armour lines in one-line constants covered
    /// every line between them. Only closed literals extend a marker, and,
    /// where a lexer reads the format, a PEM block only inside one literal.
    #[test]
    fn only_closed_literals_holding_whole_blocks_extend_a_marker() {
        let covered = |text: &str, syntax| -> Vec<bool> {
            let mut s = suppressions(text, syntax);
            (0..text.lines().count())
                .map(|l| s.suppress(l, "secret/jwt").is_some())
                .collect()
        };
        for (text, syntax) in [
            (
                "# credlint: allow\nGREETING=\"hello\nGITHUB_TOKEN=x\nB=1\n",
                Syntax::Dotenv,
            ),
            (
                "# credlint: allow\nx = \"\"\"abc\ny = 1\nz = 2\n",
                Syntax::Python,
            ),
            (
                "# credlint: allow\nx = \"\"\"abc\ny = 1\nz = 2\\\"\"\"",
                Syntax::Python,
            ),
            (
                "// credlint: allow\nlet s = \"abc\nlet t = 1;\nlet u = 2;\n",
                Syntax::Rust,
            ),
            (
                "// credlint: allow\nlet s = r#\"abc\nlet t = 1;\nlet u = 2;\n",
                Syntax::Rust,
            ),
            ("# credlint: allow\nk: 'abc\nt: 1\nu: 2\n", Syntax::Yaml),
            ("# credlint: allow\necho \"abc\nt=1\nu=2\n", Syntax::Shell),
            ("# credlint: allow\ncat <<EOF\nabc\nt=1\n", Syntax::Shell),
            (
                "# credlint: allow\nk = '''abc\nt = 1\nu = 2\n",
                Syntax::Toml,
            ),
            (
                "# credlint: allow\nRUN <<EOF\nabc\nt=1\n",
                Syntax::Dockerfile,
            ),
        ] {
            assert_eq!(
                covered(text, syntax),
                [true, true, false, false],
                "{text:?}"
            );
        }
        // Closed at the text's very end, they still do.
        for (text, syntax) in [
            ("# credlint: allow\nK = \"\"\"a\nb\"\"\"", Syntax::Python),
            ("# credlint: allow\nK=\"a\nb\"", Syntax::Dotenv),
            ("# credlint: allow\nk: |\n  a\n  b", Syntax::Yaml),
        ] {
            assert!(covered(text, syntax).iter().all(|c| *c), "{text:?}");
        }
        let constants = "HEADER = \"-----BEGIN CERTIFICATE-----\"  # credlint: allow -- armour\nTOKEN = \"x\"\nFOOTER = \"-----END CERTIFICATE-----\"\nafter = 1\n";
        assert_eq!(
            covered(constants, Syntax::Python),
            [true, false, false, false]
        );
        let rust = "const H: &str = \"-----BEGIN X-----\"; // credlint: allow\nconst T: &str = \"x\";\nconst F: &str = \"-----END X-----\";\n";
        assert_eq!(covered(rust, Syntax::Rust), [true, false, false]);
        // Armour in one-line triple-quoted constants opens no block either.
        let key = "KEY = \"\"\"-----BEGIN X-----\"\"\"  # credlint: allow\nabc\n\"\"\"-----END X-----\"\"\"\n";
        assert_eq!(covered(key, Syntax::Python), [true, false, false]);
    }

    /// a11 #1: a marker on (or above) `- run: |` covers the script, not
    /// the step's `env:` or `with:` after it.
    #[test]
    fn a_block_scalar_in_a_sequence_entry_covers_its_body_only() {
        // (text, the lines its marker covers, the step's later lines)
        for (text, covered, not) in [
            (
                "steps:\n  - run: |  # credlint: allow -- r\n      ./deploy.sh\n    env:\n      T: x\n",
                1..=2,
                3..=4,
            ),
            (
                "steps:\n  # credlint: allow -- r\n  - run: >\n      echo sample\n    with:\n      T: x\n",
                2..=3,
                4..=5,
            ),
        ] {
            let mut s = suppressions(text, Syntax::Yaml);
            for line in covered {
                assert!(s.suppress(line, "secret/github-pat").is_some(), "{line} {text:?}");
            }
            for line in not {
                assert!(s.suppress(line, "secret/github-pat").is_none(), "{line} {text:?}");
            }
        }
    }

    #[test]
    fn markers_record_their_use() {
        let text = "a = 1  # credlint: allow(env)\nb = 2  # credlint: allow(secret)\n";
        let mut s = suppressions(text, Syntax::Python);
        assert!(s.suppress(0, "env/direct-access").is_some());
        let used: Vec<bool> = s.markers().map(|(_, used)| used).collect();
        assert_eq!(used, [true, false]);
    }

    /// Each marker's zero-based line and whether it is in a comment.
    fn markers_of(text: &str, syntax: Syntax) -> Vec<(usize, bool)> {
        let index = LineIndex::new(text);
        Suppressions::new(text, &index, syntax, true)
            .markers()
            .map(|(m, _)| (index.line_of(m.span.start), m.in_comment))
            .collect()
    }

    #[test]
    fn markers_in_strings_are_data() {
        let text = "s = \"# credlint: allow\"\nt = 1  # credlint: allow\n";
        assert_eq!(markers_of(text, Syntax::Python), [(1, true)]);
        assert!(!suppressed(text, 0, "secret/jwt"));
        let rust = "let s = \"// credlint: allow\"; // credlint: allow\n";
        assert_eq!(markers_of(rust, Syntax::Rust), [(0, true)]);
        let raw = "let s = r#\"\n// credlint: allow\n\"#; // credlint: allow\n";
        assert_eq!(markers_of(raw, Syntax::Rust), [(2, true)]);
    }

    /// Text that only looks like a marker, inside a string or a value,
    /// with a real marker after it: only the real one is a marker.
    #[test]
    fn markers_inside_multi_line_strings_and_values_are_data() {
        let real = "# credlint: allow(env) -- real\n";
        for (text, syntax) in [
            ("A=\"v # credlint: allow(secret)\"\n", Syntax::Dotenv),
            ("A='v # credlint: allow(secret)'\n", Syntax::Dotenv),
            (
                "DOC = \"\"\"\nline # credlint: allow(env) -- r\n\"\"\"\n",
                Syntax::Python,
            ),
            (
                "x = \"\"\"\n# credlint: allow(secret) -- r\n\"\"\"\n",
                Syntax::Python,
            ),
            (
                "x = '''\n# credlint: allow(secret) -- r\n'''\n",
                Syntax::Python,
            ),
            (
                "[x]\nk = \"\"\"\n# credlint: allow(secret)\n\"\"\"\n",
                Syntax::Toml,
            ),
            (
                "[x]\nk = '''\n# credlint: allow(secret)\n'''\n",
                Syntax::Toml,
            ),
            (
                "a: |\n  text # credlint: allow(secret) -- r\n",
                Syntax::Yaml,
            ),
            ("a: >\n  # credlint: allow(secret) -- r\n", Syntax::Yaml),
            ("k: \"a\n  # credlint: allow(secret)\n  b\"\n", Syntax::Yaml),
            ("echo \"a\n# credlint: allow(secret)\n\"\n", Syntax::Shell),
            ("cat <<EOF\n# credlint: allow(secret)\nEOF\n", Syntax::Shell),
            // Backslash-quoted delimiters (a10 #1).
            (
                "cat > .env <<\\EOF\n# credlint: allow(secret)\nEOF\n",
                Syntax::Shell,
            ),
            (
                "cat <<-\\EOF\n\t# credlint: allow(secret)\n\tEOF\n",
                Syntax::Shell,
            ),
        ] {
            let whole = format!("{text}{real}");
            let last = whole.lines().count() - 1;
            assert_eq!(markers_of(&whole, syntax), [(last, true)], "{whole:?}");
            let mut s = Suppressions::new(&whole, &LineIndex::new(&whole), syntax, true);
            assert!(
                (0..last).all(|l| s.suppress(l, "secret/jwt").is_none()),
                "{whole:?}"
            );
        }
    }

    /// The same markers in comments are markers, and judged.
    #[test]
    fn markers_in_comments_of_every_format_are_judged() {
        for (text, syntax) in [
            ("A=\"v\"  # credlint: allow(secret)\n", Syntax::Dotenv),
            ("A=v # credlint: allow(secret)\n", Syntax::Dotenv),
            (
                "DOC = \"\"\"\nline\n\"\"\"  # credlint: allow(env) -- r\n",
                Syntax::Python,
            ),
            (
                "[x]\nk = \"\"\"\nv\n\"\"\"  # credlint: allow(secret)\n",
                Syntax::Toml,
            ),
            (
                "a: |\n  text\n# credlint: allow(secret) -- r\nb: 1\n",
                Syntax::Yaml,
            ),
            ("k: \"a\n  b\"  # credlint: allow(secret)\n", Syntax::Yaml),
            (
                "cat <<EOF\nx\nEOF\n# credlint: allow(secret)\n",
                Syntax::Shell,
            ),
        ] {
            let line = text.lines().position(|l| l.contains("credlint:"));
            let line = line.expect("a marker");
            assert_eq!(markers_of(text, syntax), [(line, true)], "{text:?}");
        }
        // Without a lexer, a marker is kept but not judged, so never
        // removed: an INI value's `# c` is the value's (issue 9).
        for text in [
            "{\"k\": \"v # credlint: allow(secret)\"}\n",
            "x = 1  # credlint: allow(secret)\n",
            "key = abc # credlint: allow(env) -- r\n",
            "// credlint: allow(env)\n",
        ] {
            assert_eq!(markers_of(text, Syntax::Other), [(0, false)], "{text:?}");
        }
    }

    fn removed(text: &str) -> String {
        let s = suppressions(text, Syntax::Python);
        let (marker, _) = s.markers().next().expect("a marker");
        let range = removal(text, marker.span.clone()).expect("removable");
        format!("{}{}", &text[..range.start], &text[range.end..])
    }

    #[test]
    fn removal_keeps_code_and_other_comments() {
        assert_eq!(
            removed("x = 1  # credlint: allow(env) -- why\ny\n"),
            "x = 1\ny\n"
        );
        assert_eq!(removed("a\n# credlint: allow\nb\n"), "a\nb\n");
        assert_eq!(removed("a\r\n  # credlint: allow\r\nb"), "a\r\nb");
        assert_eq!(removed("a\n# credlint: allow"), "a");
        assert_eq!(removed("x = 1  /* credlint: allow */\n"), "x = 1\n");
        assert_eq!(
            removed("x = 1  # credlint: allow(env)  # type: ignore\n"),
            "x = 1  # type: ignore\n"
        );
        assert_eq!(
            removed("x = 1  # noqa: F401 credlint: allow(env)\n"),
            "x = 1  # noqa: F401\n"
        );
    }

    /// The code of `text` as the format's lexer reads it: each comment
    /// taken for a blank, then the words.
    fn code_of(text: &str, syntax: Syntax) -> Vec<String> {
        let regions = Regions::new(text, syntax);
        let mut code = String::new();
        for (at, c) in text.char_indices() {
            code.push(if regions.place(at) == Place::Comment {
                ' '
            } else {
                c
            });
        }
        code.split_whitespace().map(str::to_owned).collect()
    }

    /// a10 #22: the unused marker opening a multi-line block comment lost
    /// its whole line, `/*` included, and the comment's tail became code.
    /// A block comment goes whole only when it closes on the directive's
    /// line; else only the directive goes. Every removal keeps the code.
    #[test]
    fn removal_never_leaves_a_block_comments_tail_as_code() {
        for (text, want) in [
            (
                "fn f() {\n    /* credlint: allow -- this block explains\n       why z is three */ let z = 3;\n}\n",
                "fn f() {\n    /*\n       why z is three */ let z = 3;\n}\n",
            ),
            ("/* credlint: allow\n */\nlet z = 3;\n", "/*\n */\nlet z = 3;\n"),
            ("let x = 1; /* credlint: allow */ let y = 2;\n", "let x = 1; let y = 2;\n"),
            ("let x = 1;/* credlint: allow */let y = 2;\n", "let x = 1;/*  */let y = 2;\n"),
            ("let x = 1;/* credlint: allow */ let y = 2;\n", "let x = 1; let y = 2;\n"),
            // The reason ends with its comment: the code after stays.
            ("/* credlint: allow -- r */ let x = 1;\n", "let x = 1;\n"),
            ("  /* credlint: allow -- r */\nlet x = 1;\n", "let x = 1;\n"),
            // A marker inside a block comment: its closer stays.
            ("/* a\n// credlint: allow -- why */\nlet z = 3;\n", "/* a\n//  */\nlet z = 3;\n"),
            ("/* a\n# credlint: allow */\nlet z = 3;\n", "/* a\n#  */\nlet z = 3;\n"),
            (
                "/* outer\n/* credlint: allow */ still outer */ let z = 3;\n",
                "/* outer\nstill outer */ let z = 3;\n",
            ),
            (
                "/* credlint: allow /* nested\n */ still */ let z = 3;\n",
                "/* /* nested\n */ still */ let z = 3;\n",
            ),
            ("/* a /* credlint: allow */ b\n */ let z = 3;\n", "/* a b\n */ let z = 3;\n"),
        ] {
            let s = suppressions(text, Syntax::Rust);
            let (marker, _) = s.markers().next().expect("a marker");
            assert!(marker.in_comment, "{text:?}");
            let range = removal(text, marker.span.clone()).expect("removable");
            let fixed = format!("{}{}", &text[..range.start], &text[range.end..]);
            assert_eq!(fixed, want, "{text:?}");
            assert_eq!(code_of(&fixed, Syntax::Rust), code_of(text, Syntax::Rust), "{text:?}");
        }
        // HTML's comments alike, wherever a lexer makes them removable.
        for (text, want) in [
            (
                "<!-- credlint: allow\n  why -->\n<p>x</p>\n",
                "<!--\n  why -->\n<p>x</p>\n",
            ),
            (
                "<p>x</p> <!-- credlint: allow --> <p>y</p>\n",
                "<p>x</p> <p>y</p>\n",
            ),
        ] {
            let at = text.find("credlint:").expect("a marker");
            let range = removal(text, at..at + "credlint: allow".len()).expect("removable");
            let fixed = format!("{}{}", &text[..range.start], &text[range.end..]);
            assert_eq!(fixed, want, "{text:?}");
        }
        // A directive holding a comment delimiter is not removed.
        let text = "/* credlint: allow(secret/*) */ */\nlet z = 3;\n";
        let s = suppressions(text, Syntax::Rust);
        let (marker, _) = s.markers().next().expect("a marker");
        assert_eq!(removal(text, marker.span.clone()), None);
    }

    /// A comment line that a line ending in a backslash runs on into keeps
    /// its opener, so that the line above does not join the one below.
    #[test]
    fn removal_keeps_a_continued_lines_comment_opener() {
        assert_eq!(
            removed("echo a \\\n  # credlint: allow(env)\necho b\n"),
            "echo a \\\n  #\necho b\n"
        );
        assert_eq!(
            removed("echo a \\\\\n# credlint: allow(env)\necho b\n"),
            "echo a \\\\\necho b\n"
        );
        assert_eq!(
            removed("a = [ \\\n  /* credlint: allow(env) */\nb\n"),
            "a = [ \\\n  /*  */\nb\n"
        );
        assert_eq!(
            removed("a \\\n\n# credlint: allow(env)\nb\n"),
            "a \\\n\nb\n"
        );
    }

    /// a11 #6: `#` after a backslash-escaped blank is part of a word, in
    /// bash as in the lexer: no comment but words bash runs, so no marker
    /// there silences, is judged or removed; and a removal that would leave
    /// its code ending in a backslash (the line break escaped instead,
    /// joining the next command) is not made.
    #[test]
    fn an_escaped_blank_before_a_hash_keeps_the_word() {
        for text in [
            "echo foo\\ # credlint: allow -- part of the word\necho second\n",
            "echo foo\\\t# credlint: allow\necho second\n",
            "echo deploying\\ # credlint: allow; export GITHUB_TOKEN=x\n",
        ] {
            let mut s = suppressions(text, Syntax::Shell);
            assert!(s.markers().next().is_none(), "{text:?}");
            assert!(s.suppress(0, "secret/github-pat").is_none(), "{text:?}");
        }
        // Still a comment after an escaped backslash and a blank.
        let text = "echo foo\\\\ # credlint: allow\n";
        let s = suppressions(text, Syntax::Shell);
        assert!(s.markers().next().expect("a marker").0.in_comment);
        let text = "echo foo\\ # credlint: allow\necho second\n";
        let at = text.find("credlint:").expect("a marker");
        assert_eq!(removal(text, at..at + "credlint: allow".len()), None);
        let text = "echo foo\\\\ # credlint: allow\necho second\n";
        let at = text.find("credlint:").expect("a marker");
        assert_eq!(
            removal(text, at..at + "credlint: allow".len()),
            Some(10..text.find('\n').unwrap())
        );
    }

    /// Another tool's pragma after a marker's reason is not the reason's,
    /// and stays; an issue number in a reason is the reason's.
    /// a10 #8, the rest: each marker's reason was cut at a block comment's
    /// delimiter after looking for one, and for a pragma, over the rest of
    /// the line; when the cut left the reason empty the next marker was
    /// read, and the line scanned again (40,000 such markers, 880 KB of
    /// Rust, took 48 s; these 200,000 would take the old reading an hour).
    #[test]
    fn a_line_of_markers_with_reasons_cut_empty_is_read_once() {
        let text = format!(
            "fn f() {{}} // {}\n",
            "credlint: allow -- /* ".repeat(200_000)
        );
        let s = suppressions(&text, Syntax::Rust);
        assert_eq!(s.markers.len(), 200_000);
        assert!(s.markers.iter().all(|m| m.reason.is_none()));
        let text = format!(
            "x = 1  # {}\n",
            "credlint: allow --  # noqa: x ".repeat(200_000)
        );
        let s = suppressions(&text, Syntax::Python);
        assert_eq!(
            s.markers()
                .filter(|(m, _)| m.label() == "credlint: allow")
                .count(),
            200_000
        );
        // A cut after the reason's text, as before: the earliest one.
        let text = "fn f() {} /* credlint: allow -- why */ x(); // y # noqa: z\n";
        let s = suppressions(text, Syntax::Rust);
        let (marker, _) = s.markers().next().expect("a marker");
        assert_eq!(marker.reason.clone().map(|r| &text[r]), Some("why"));
    }

    #[test]
    fn a_reason_ends_before_another_tools_pragma() {
        for pragma in [
            "# noqa: F401",
            "# noqa",
            "#noqa:E501",
            "# type: ignore[assignment]",
            "# type: ignore",
            "# pylint: disable=foo",
            "# nosec",
            "# nosec B602",
            "# pragma: no cover",
            "# fmt: skip",
        ] {
            let text = format!("import os  # credlint: allow(secret/jwt) -- legacy  {pragma}\n");
            assert_eq!(removed(&text), format!("import os  {pragma}\n"), "{text:?}");
            let s = suppressions(&text, Syntax::Python);
            let (marker, _) = s.markers().next().expect("a marker");
            assert_eq!(marker.reason.clone().map(|r| &text[r]), Some("legacy"));
        }
        for reason in [
            "see #123",
            "see #123: the fixture",
            "a # b c",
            "ticket #12 # c d",
            "x#noqa",
        ] {
            let text = format!("k = 1  # credlint: allow(env) -- {reason}\n");
            let s = suppressions(&text, Syntax::Python);
            let (marker, _) = s.markers().next().expect("a marker");
            assert_eq!(marker.reason.clone().map(|r| &text[r]), Some(reason));
            assert_eq!(removed(&text), "k = 1\n", "{text:?}");
        }
    }
}
