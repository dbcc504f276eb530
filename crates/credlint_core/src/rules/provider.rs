//! `secret/<provider>`: provider token formats, as data.
//!
//! The table lives in `providers.toml`, embedded in the binary. Each entry is
//! a regex with the keywords it cannot match without, an optional entropy
//! floor, allow-patterns for documented example values, and examples that
//! must and must not match; the test suite runs every example. Rules from a
//! project's configuration (`[[rules]]`) use the same shape.
//!
//! Scanning is two-staged: one Aho-Corasick automaton finds every keyword in
//! the text at once, and only the rules whose keywords occur run their regex.
//! A rule whose keywords are short (`fb`, `cf`: in nearly every file) runs
//! it only where the text also holds, in its exact case, a literal the
//! regex (or its gate) cannot match without (`EAA` of a Facebook token),
//! when the regex has one longer than the keywords: the same automaton
//! finds those literals. Regexes compile on first use, so start-up pays
//! for none of them.

use super::prefilter::PREFILTER;
use super::{rule, Candidate, RuleMeta};
use crate::finding::Severity;
use crate::redact::redact;
use crate::value::{
    encodes_made_up_text, entropy, is_fake_token_body, is_inert_jwt, is_published_example,
    is_rsa_key_stub, split_token_prefix,
};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use few_bytes::FirstBytes;
use regex::Regex;
use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};
use required::{required_literals, REQUIRED_MIN_LEN};
use serde::Deserialize;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, OnceLock};

mod checksum;
mod escapes;
mod few_bytes;
mod required;
pub use checksum::{base58check_seal, crc16_xmodem, Checksum};

rule! {
    /// ## What it does
    /// Finds credentials by their provider's published token format: cloud
    /// keys (AWS, GCP, Azure), source-hosting tokens (GitHub, GitLab),
    /// payment, messaging and AI provider keys (Stripe, Slack, Twilio,
    /// OpenAI, Anthropic, …), JWTs and private keys, wherever they appear:
    /// code, comments, configuration, documentation; also right after an
    /// escape sequence or a URL-encoded byte (`"\nghp_…"`, `\u0022ghp_…`,
    /// `%2Fghp_…`), whose last letter is the escape's, not the token's. A
    /// token glued to a letter (`myghp_…`, `ghp_…xyz`) is not reported, unless its
    /// format carries a checksum that holds (GitHub's `ghp_`, `gho_`,
    /// `ghu_`, `ghs_`, `ghr_` and npm's `npm_` tokens end with the CRC32 of
    /// their random part): that is evidence enough. A NATS NKey seed is
    /// reported only when its CRC-16 holds: base32 data that merely starts
    /// like a seed is not one. A token written
    /// base64-encoded is found too: a string (or a string written over
    /// several literals, `"…"` `"…"`) that decodes to text holding a token,
    /// such as JSON of a project's fallback bot credentials or a Kubernetes
    /// Secret's `data`, is reported over its encoded span, once, for the
    /// first token in it that the file does not also hold in clear. So is a
    /// token written over several string literals that the language joins
    /// into one (`("ghp_…"` then `"…")` in Python, `"sk-" + "…"`, Rust's
    /// `concat!("…", "…")`, `"…" + "…"` in the C family and JavaScript):
    /// it is reported over the literals it spans.
    ///
    /// ## Why is this bad?
    /// A token with a recognisable format is what automated credential
    /// harvesters look for first. Once committed it must be treated as
    /// leaked: it stays in the history of every clone.
    ///
    /// ## Example
    /// ```yaml
    /// github_token: ghp_<36 letters and digits>
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// github_token: ${GITHUB_TOKEN}
    /// ```
    ///
    /// ## How to fix
    /// Revoke and rotate the token with the provider first. Then supply it
    /// through the environment (`.env` locally, repository secrets in CI),
    /// list the variable with a placeholder in `mcp_env.example`, and read it
    /// through the settings module.
    pub static FAMILY = (
        "secret/<provider>",
        Error,
        "provider tokens belong in the environment or a secrets manager, never in the repository",
        "Never Hardcode: secrets are never committed to version control",
        fix: "rotate it, move it to the environment{as_variable} (listed in `{template}`) and read it through the settings module ({settings}); if it is not a secret, add {allow}",
    );
}

/// [`FAMILY`]'s documentation, which closes every provider rule's: unindented
/// once per process rather than once per rule (141 times for the built-in
/// table, 2.3 M instructions of a one-file check).
fn family_doc() -> &'static str {
    static DOC: LazyLock<String> = LazyLock::new(|| RuleMeta::from(&FAMILY).doc);
    &DOC
}

/// One entry of `providers.toml`, or of `[[rules]]` in a project's configuration.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRuleDef {
    /// Kebab-case; the rule id is `secret/<id>`.
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub regex: String,
    #[serde(default, alias = "secret-group")]
    pub secret_group: usize,
    pub keywords: Vec<String>,
    /// A pattern every match holds that is much cheaper to search for than
    /// the regex: where the text has none, the regex does not run. For a
    /// token without a distinctive keyword whose regex opens with a boundary
    /// class (Discord's bot token: `(?:^|[^A-Za-z0-9_.+/-])` then a base64
    /// id), which no literal search can start from. Its two-letter keywords
    /// occur in nearly every file; the head of its id (without the class)
    /// is searched for eight times faster than the whole regex.
    #[serde(default)]
    pub gate: Option<String>,
    #[serde(default)]
    pub entropy: Option<f64>,
    #[serde(default)]
    pub allow: Vec<String>,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default, alias = "negative-examples")]
    pub negative_examples: Vec<String>,
    /// A checksum the format carries ([`Checksum`]): a token whose checksum
    /// holds is found where the kind allows beyond the regex (glued to the
    /// text before or after it, [`Checksum::glued_body`]).
    #[serde(default)]
    pub checksum: Option<Checksum>,
    /// Whether a match whose checksum fails is dropped, as no token of the
    /// format (an NKey seed's); otherwise it is reported all the same (a
    /// GitHub token's: its prefix and length are evidence enough).
    #[serde(default, alias = "checksum-required")]
    pub checksum_required: bool,
}

/// The provider table as TOML reads it (build.rs reads it at build time).
#[cfg(test)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    rule: Vec<TokenRuleDef>,
}

/// A token rule ready to scan with. Its patterns compile on first use.
#[derive(Clone, Debug)]
pub struct TokenRule {
    pub def: TokenRuleDef,
    pub rule_id: String,
    /// Shared by the rule's clones (every configuration's scanner holds
    /// the built-in table), so each pattern compiles once per process.
    compiled: Arc<Compiled>,
}

/// A rule's patterns, each compiled on first use in the form the text it
/// runs on needs (see [`Pattern`]).
#[derive(Debug, Default)]
struct Compiled {
    regex: Pattern,
    allow: Vec<Pattern>,
    /// The gate, asked first: where it does not match (nearly every file,
    /// for Discord's), the regex is never compiled.
    gate: Option<Pattern>,
    /// The regex as it is searched, with the group holding the secret
    /// there: read so that a `_` may glue a token to a word
    /// ([`underscore_edges`]), else as written.
    detect: OnceLock<(Pattern, usize)>,
    /// The fewest bytes a match of [`Compiled::detect`] spans and the run
    /// of characters every match holds ([`Run`]), read when a text first
    /// holds the rule's keyword: a text shorter than that, or without such
    /// a run (a file naming `pat` or `ac` but holding no 64 or 32 hex
    /// digits in a row), needs neither the gate nor the regex compiled.
    detect_gates: OnceLock<(usize, Option<Run>)>,
    /// The regex and gate as they read a name ([`glued`]), compiled only
    /// when a name is searched, with the fewest bytes a match of the regex
    /// spans: a path or a message shorter than that (a `secrets.py` holds
    /// AWS's keyword, not its 40-character key) needs neither compiled;
    /// nor does one without the run of characters every match holds
    /// ([`Run`]).
    glued: OnceLock<(Pattern, Option<Pattern>, usize, Option<Run>)>,
    /// The rule's literals read with Unicode mode ([`TokenRule::required_literals`]),
    /// in exact bytes, for text that is not ASCII; `None` when the rule
    /// needs none. Made when such a text first holds the rule's keyword.
    unicode_literals: OnceLock<Option<AhoCorasick>>,
    /// [`TokenRule::needs_name`], read from the regex parsed in Unicode
    /// mode when a generated file first holds the rule's keyword: parsing
    /// the whole table costs ten times a one-file check.
    needs_name: OnceLock<bool>,
}

/// One pattern, compiled on first use: over ASCII text (nearly every
/// file) without Unicode, otherwise as written.
///
/// On ASCII text the two match exactly alike: what Unicode mode adds only
/// ever matches non-ASCII characters (`\w`, `\d`, `\s`, `\b` and `.`
/// over the whole of Unicode, case folding's `K` for `k` and `ſ` for `s`,
/// negated classes over every character), which such text does not hold,
/// and its offsets are byte offsets either way. The Unicode forms of the
/// table's `[\w.-]{0,20}` and `(?i)` patterns cost ten to a hundred times
/// more to compile (their UTF-8 automata, repeated), which was most of a
/// one-file check. A pattern that needs Unicode mode (`\p{L}`) is only
/// compiled as written.
///
/// Other text is first searched by the pattern [`widened`], which compiles
/// about as cheaply as the ASCII form: only where it matches does the
/// pattern as written compile and run. Most text with a non-ASCII character
/// somewhere (an accent in a comment, a `©`) holds a rule's keyword but no
/// token, and never pays for the Unicode form.
#[derive(Debug, Default)]
struct Pattern {
    source: String,
    /// How the pattern is read, in each of its forms.
    reading: Reading,
    unicode: OnceLock<Regex>,
    ascii: OnceLock<Option<regex::bytes::Regex>>,
    wide: OnceLock<Option<regex::bytes::Regex>>,
}

/// How a [`Pattern`] reads its source: as written, or rewritten
/// ([`underscore_edges`] with the group holding the secret, [`glued`]).
#[derive(Clone, Copy, Debug, Default)]
enum Reading {
    #[default]
    AsWritten,
    Underscore(usize),
    Glued,
}

impl Pattern {
    fn new(source: &str) -> Pattern {
        Pattern {
            source: source.to_owned(),
            ..Pattern::default()
        }
    }

    /// The pattern `source`, whose secret is group `group`, read with `_`
    /// at that group's edges ([`underscore_edges`]), with the group
    /// holding the secret then; `None` when that changes nothing.
    fn underscored(source: &str, group: usize) -> Option<(Pattern, usize)> {
        let (_, read) = underscore_edges(&regex_syntax::parse(source).ok()?, group)?;
        let pattern = Pattern {
            reading: Reading::Underscore(group),
            ..Pattern::new(source)
        };
        Some((pattern, read))
    }

    /// The pattern `source` as it reads a name ([`glued`]).
    fn glued(source: &str) -> Pattern {
        Pattern {
            reading: Reading::Glued,
            ..Pattern::new(source)
        }
    }

    /// The pattern parsed with Unicode mode or without it (then over
    /// bytes, as [`Pattern::ascii`] compiles it), and read as
    /// [`Pattern::reading`] says.
    fn parsed(&self, unicode: bool) -> Option<Hir> {
        let mut parser = regex_syntax::ParserBuilder::new();
        let hir = (parser.unicode(unicode).utf8(unicode).build())
            .parse(&self.source)
            .ok()?;
        Some(match self.reading {
            Reading::AsWritten => hir,
            Reading::Underscore(group) => {
                underscore_edges(&hir, group).map_or(hir, |(read, _)| read)
            }
            Reading::Glued => glued(&hir),
        })
    }

    /// The pattern as written. Errors name the key, never the pattern (it
    /// may hold a pasted secret); the table's are valid (a test compiles
    /// them all), a configuration's are compiled when it is loaded.
    /// Its word boundaries are ASCII's ([`ascii_boundaries`]), as they are
    /// for ASCII text.
    fn unicode(&self, rule: &str, key: &str) -> &Regex {
        self.unicode.get_or_init(|| {
            let source = self.parsed(true).map_or_else(
                || self.source.clone(),
                |hir| ascii_boundaries(&hir).to_string(),
            );
            Regex::new(&source).unwrap_or_else(|e| panic!("{rule}: invalid {key}: {e}"))
        })
    }

    /// The pattern without Unicode mode, for ASCII text; `None` when it
    /// needs Unicode mode.
    fn ascii(&self) -> Option<&regex::bytes::Regex> {
        self.ascii
            .get_or_init(|| {
                let source = match self.reading {
                    Reading::AsWritten => self.source.clone(),
                    _ => self.parsed(false)?.to_string(),
                };
                regex::bytes::RegexBuilder::new(&source)
                    .unicode(false)
                    .build()
                    .ok()
            })
            .as_ref()
    }

    /// [`widened`]'s form of the pattern, over bytes; `None` when it
    /// does not build (then the pattern as written always runs).
    fn wide(&self) -> Option<&regex::bytes::Regex> {
        self.wide
            .get_or_init(|| {
                let wide = widened(&self.parsed(true)?);
                regex::bytes::RegexBuilder::new(&wide.to_string())
                    .unicode(false)
                    .build()
                    .ok()
            })
            .as_ref()
    }

    /// Whether the pattern as written may match in `text` from byte `at`:
    /// `false` only where it cannot.
    fn may_match_at(&self, text: &str, at: usize) -> bool {
        self.wide()
            .is_none_or(|wide| wide.is_match_at(text.as_bytes(), at))
    }

    fn is_match(&self, text: &str, rule: &str, key: &str) -> bool {
        match self.ascii().filter(|_| text.is_ascii()) {
            Some(ascii) => ascii.is_match(text.as_bytes()),
            None => self.may_match_at(text, 0) && self.unicode(rule, key).is_match(text),
        }
    }

    /// The whole match and the span of group `group` (the whole match when
    /// that group took no part) of the first match in `text` from byte
    /// `at`, read by the pattern without Unicode mode when `ascii` (the
    /// text is).
    fn captures_at(
        &self,
        text: &str,
        at: usize,
        ascii: bool,
        group: usize,
        rule: &str,
    ) -> Option<(Range<usize>, Range<usize>)> {
        let (whole, part) = match self.ascii().filter(|_| ascii) {
            Some(regex) => {
                let caps = regex.captures_at(text.as_bytes(), at)?;
                (caps.get(0)?.range(), caps.get(group).map(|m| m.range()))
            }
            None => {
                if !self.may_match_at(text, at) {
                    return None;
                }
                let caps = self.unicode(rule, "regex").captures_at(text, at)?;
                (caps.get(0)?.range(), caps.get(group).map(|m| m.range()))
            }
        };
        Some((whole.clone(), part.unwrap_or(whole)))
    }

    /// The span of group `group` (of the whole match when that group took
    /// no part) of every match in `text`, `ascii` when the text is: the
    /// matches `captures_iter` gives, each searched for from the end of
    /// the one before (or from a `_` ending it past the secret), an empty
    /// match there skipped for the next byte.
    fn spans<'t>(
        &'t self,
        text: &'t str,
        ascii: bool,
        group: usize,
        rule: &'t str,
    ) -> impl Iterator<Item = Range<usize>> + 't {
        let (mut at, mut last_end) = (0, None);
        std::iter::from_fn(move || loop {
            if at > text.len() {
                return None;
            }
            let (whole, part) = self.captures_at(text, at, ascii, group, rule)?;
            if whole.is_empty() && last_end == Some(whole.end) {
                at += 1;
                continue;
            }
            // A `_` ending a match past its secret may begin the next
            // token (`ghp_…_ghp_…`, read by [`underscore_edges`]'s
            // pattern): the next search starts from it.
            let next = match whole.end > part.end
                && whole.end - 1 > whole.start
                && text.as_bytes()[whole.end - 1] == b'_'
            {
                true => whole.end - 1,
                false => whole.end,
            };
            (at, last_end) = (next, Some(whole.end));
            return Some(part);
        })
    }
}

/// `hir`, a pattern read with Unicode mode, widened to one over bytes that
/// needs no Unicode mode and matches wherever it does, in UTF-8: each
/// character class keeps its ASCII characters and, when it holds any other,
/// takes any non-ASCII character (a byte from `\x80` on, then continuation
/// bytes) in their place; every assertion (`\b`, `^`, `$`) is dropped, as it
/// holds anywhere. A repetition counts characters as before, so it allows
/// as many. A literal's non-ASCII bytes widen to any such byte.
fn widened(hir: &Hir) -> Hir {
    use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Hir::empty(),
        HirKind::Class(Class::Bytes(_)) => hir.clone(),
        // A pattern without Unicode mode takes no non-ASCII character: its
        // bytes widen to any non-ASCII byte.
        HirKind::Literal(literal) if !literal.0.is_ascii() => Hir::concat(
            (literal.0.iter())
                .map(|&b| match b.is_ascii() {
                    true => Hir::literal([b]),
                    false => Hir::class(Class::Bytes(ClassBytes::new([ClassBytesRange::new(
                        0x80, 0xff,
                    )]))),
                })
                .collect(),
        ),
        HirKind::Literal(_) => hir.clone(),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            let ascii = (ranges.iter().filter(|r| r.start().is_ascii()))
                .map(|r| ClassBytesRange::new(r.start() as u8, r.end().min('\x7f') as u8));
            if ranges.last().is_none_or(|r| r.end().is_ascii()) {
                return Hir::class(Class::Bytes(ClassBytes::new(ascii)));
            }
            let lead = ascii.chain([ClassBytesRange::new(0x80, 0xff)]);
            let continuation = ClassBytes::new([ClassBytesRange::new(0x80, 0xbf)]);
            Hir::concat(vec![
                Hir::class(Class::Bytes(ClassBytes::new(lead))),
                Hir::repetition(Repetition {
                    min: 0,
                    max: None,
                    greedy: true,
                    sub: Box::new(Hir::class(Class::Bytes(continuation))),
                }),
            ])
        }
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(widened(&repetition.sub)),
            ..repetition.clone()
        }),
        HirKind::Capture(capture) => widened(&capture.sub),
        HirKind::Concat(pieces) => Hir::concat(pieces.iter().map(widened).collect()),
        HirKind::Alternation(pieces) => Hir::alternation(pieces.iter().map(widened).collect()),
    }
}

/// The patterns of `def`, compiled, to check them. Errors name the key,
/// never the pattern (it may hold a pasted secret).
fn compile(def: &TokenRuleDef) -> Result<(Regex, Vec<Regex>, Option<Regex>), String> {
    let regex = Regex::new(&def.regex).map_err(|e| format!("regex: {e}"))?;
    let gate =
        (def.gate.as_deref().map(Regex::new).transpose()).map_err(|e| format!("gate: {e}"))?;
    let allow = (def.allow.iter().map(|a| Regex::new(a)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("allow pattern: {e}"))?;
    Ok((regex, allow, gate))
}

/// `hir` with `f` applied to each expression it is made of (a
/// repetition's, a group's, a concatenation's or an alternation's), or
/// as it is when it holds none: the walk the rewrites below share.
fn rebuilt(hir: &Hir, f: impl Fn(&Hir) -> Hir) -> Hir {
    match hir.kind() {
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(f(&repetition.sub)),
            ..repetition.clone()
        }),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(f(&capture.sub)),
            ..capture.clone()
        }),
        HirKind::Concat(pieces) => Hir::concat(pieces.iter().map(f).collect()),
        HirKind::Alternation(pieces) => Hir::alternation(pieces.iter().map(f).collect()),
        _ => hir.clone(),
    }
}

/// `hir` with every word boundary (`\\b`, `\\B`, `\\<`, `\\>`) of ASCII's
/// words, whose letters and digits are ASCII only (a13 #6). In Unicode
/// mode a CJK or Hangul letter is a word character, so a token written
/// against Japanese, Chinese or Korean text with no space (`トークンはghp_…です`,
/// `令牌ghp_…。`, `토큰xoxb-…`) met no boundary and was not found; the same
/// pattern without Unicode mode, which ASCII text is searched with, finds it.
fn ascii_boundaries(hir: &Hir) -> Hir {
    use regex_syntax::hir::Look;
    match hir.kind() {
        HirKind::Look(look) => Hir::look(match look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => *other,
        }),
        _ => rebuilt(hir, ascii_boundaries),
    }
}

/// A stretch of characters of one class that every match of a pattern
/// holds: the 40 base64 characters of an AWS secret key, the 27 or more of
/// a Discord token's signature. Names, messages and paths are redacted
/// with every provider whose keyword they hold (`secret` is in most
/// messages), and a text without such a stretch cannot hold the token, so
/// its regexes need not be compiled: they were a tenth of a one-file
/// check's instructions.
#[derive(Debug)]
struct Run {
    /// The class's ASCII characters, one bit each.
    ascii: u128,
    /// Whether characters outside ASCII may be in the class: always for a
    /// class of the pattern parsed without Unicode mode, which says nothing
    /// of them (its Unicode form may take `ſ` for an `s`).
    other: bool,
    len: usize,
}

impl Run {
    /// The longest run a match of `hir` must hold: a class repeated at
    /// least that many times, in every alternative. Read from the pattern
    /// parsed without Unicode mode, whose classes hold the same ASCII
    /// characters as in Unicode mode, it holds for both forms.
    fn required(hir: &Hir) -> Option<Run> {
        use regex_syntax::hir::Class;
        match hir.kind() {
            HirKind::Repetition(repetition) if repetition.min > 0 => {
                let len = repetition.min as usize;
                let ascii = |ranges: &mut dyn Iterator<Item = (u32, u32)>| {
                    ranges
                        .filter(|&(start, _)| start < 128)
                        .fold(0u128, |bits, (start, end)| {
                            (start..=end.min(127)).fold(bits, |bits, c| bits | 1 << c)
                        })
                };
                match repetition.sub.kind() {
                    HirKind::Class(Class::Unicode(class)) => Some(Run {
                        ascii: ascii(&mut class.iter().map(|r| (r.start().into(), r.end().into()))),
                        other: class.ranges().last().is_some_and(|r| !r.end().is_ascii()),
                        len,
                    }),
                    HirKind::Class(Class::Bytes(class)) => Some(Run {
                        ascii: ascii(&mut class.iter().map(|r| (r.start().into(), r.end().into()))),
                        other: true,
                        len,
                    }),
                    _ => Run::required(&repetition.sub),
                }
            }
            HirKind::Capture(capture) => Run::required(&capture.sub),
            HirKind::Concat(items) => items.iter().filter_map(Run::required).max_by_key(|r| r.len),
            HirKind::Alternation(branches) => {
                let runs = branches
                    .iter()
                    .map(Run::required)
                    .collect::<Option<Vec<_>>>()?;
                Some(Run {
                    ascii: runs.iter().fold(0, |bits, run| bits | run.ascii),
                    other: runs.iter().any(|run| run.other),
                    len: runs.iter().map(|r| r.len).min()?,
                })
            }
            _ => None,
        }
    }

    /// Whether `text` holds [`Run::len`] characters of the class in a row.
    /// Read byte by byte: a character outside ASCII, where the class may
    /// hold one, counts once per byte of its UTF-8, so the answer may be
    /// `true` where the run is not, never `false` where it is. Each window
    /// of [`Run::len`] bytes is read from its end back: a byte outside the
    /// class there moves the next window past it, so most bytes of a text
    /// without the run are never read, and none is read twice.
    fn is_in(&self, text: &str) -> bool {
        let within = |byte: u8| match byte.is_ascii() {
            true => self.ascii & 1 << byte != 0,
            false => self.other,
        };
        let (bytes, len) = (text.as_bytes(), self.len);
        // `bytes[start..start + good]` are known to be in the class.
        let (mut start, mut good) = (0, 0);
        while start + len <= bytes.len() {
            let mut at = start + len;
            while at > start + good && within(bytes[at - 1]) {
                at -= 1;
            }
            if at == start + good {
                return true;
            }
            good = start + len - at;
            start = at;
        }
        false
    }

    /// The shortest match of `pattern` and the run every match holds,
    /// read from the pattern parsed without Unicode mode when it parses so
    /// (a tenth of the cost of parsing it with Unicode's classes and case
    /// folding): its shortest match is no longer than in Unicode mode, and
    /// its run holds as [`Run::required`] says.
    fn gates(pattern: &Pattern) -> (usize, Option<Run>) {
        let Some(hir) = pattern.parsed(false).or_else(|| pattern.parsed(true)) else {
            return (0, None);
        };
        let shortest = hir.properties().minimum_len().unwrap_or(0);
        (shortest, Run::required(&hir))
    }
}

/// `hir`, a rule's pattern, as it reads a token glued into a name, used
/// to hide tokens (reporting one only where a `_` glues it is
/// [`underscore_edges`]'s work): its boundaries hold anywhere. A name
/// glues a token to the words around it with `_` (`backup_ghp_…`,
/// `github_pat_…_password`), a digit, a letter, a non-ASCII letter (a11
/// #2: `v2ghp_…`, `ghp_…2`, `myghp_…Password`, `éghp_…`), where a rule's
/// boundaries find no token. So every word boundary (`\b`, `\b{start}`…)
/// is dropped, and so is an alternation holding no group that spells one
/// out with a text or line edge (`(?:^|[^A-Za-z0-9_-])`,
/// `(?:[^A-Za-z0-9_-]|\z)`); another class that refuses `_` but takes
/// every non-ASCII character (a negated one, `[^A-Za-z0-9_-]`) lets `_`
/// in. The search stays the rule's, keyword-gated and linear; a body that
/// takes more characters than the token holds may hide a few of the
/// name's too, which a name can spare.
fn glued(hir: &Hir) -> Hir {
    use regex_syntax::hir::{Class, ClassBytesRange, ClassUnicodeRange};
    match hir.kind() {
        HirKind::Look(_) if is_word_boundary(hir) => Hir::empty(),
        HirKind::Alternation(pieces)
            if hir.properties().explicit_captures_len() == 0 && pieces.iter().any(is_edge) =>
        {
            Hir::empty()
        }
        HirKind::Class(Class::Unicode(class))
            if (class.ranges().last()).is_some_and(|r| !r.end().is_ascii()) =>
        {
            let mut class = class.clone();
            class.push(ClassUnicodeRange::new('_', '_'));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(class))
            if (class.ranges().last()).is_some_and(|r| !r.end().is_ascii()) =>
        {
            let mut class = class.clone();
            class.push(ClassBytesRange::new(b'_', b'_'));
            Hir::class(Class::Bytes(class))
        }
        _ => rebuilt(hir, glued),
    }
}

/// `hir`, a rule's pattern, read so that a `_` may glue its token to a
/// word (`ghp_…_token = None`, `"backup_xoxb-…"`, `f"{user}_sk_live_…"`),
/// and the group holding the secret there (as the result prints): each
/// word boundary (`\b`, `\b{start}`…) beside the secret's group also takes
/// a `_`, as does an alternation before it that spells a boundary out with
/// a text or line edge (`(?:^|[^A-Za-z0-9_-])`); before it, both also take
/// an escape ([`UNDERSCORE_OR_ESCAPE`]: `"\nghp_…"`). A name or a key spelled
/// with a token in it still puts the token in the repository, and one
/// search finds the token as written and glued. A token glued by a letter
/// or a digit (`myghp_…`) is not found: those letters may be the body's
/// own ([`glued`] hides it all the same). An alternation after the secret
/// (`(?:[^A-Za-z0-9_-]|\z)`) is left as it is: when it refuses `_`, the
/// rule's token takes `_` in its body, and a body that runs on past a `_`
/// is longer than the token, not glued to a word (nor cut at the `_`:
/// `glpat-…_x`); when it takes `_`, it needs none added. Only the edges
/// change, so the secret's group keeps its number, and a boundary
/// elsewhere (`\bcf` of `cf_api_token = …`) keeps its meaning. A pattern
/// whose secret is its whole match (`group` 0) is read with a group, the
/// first, around what its edge boundaries enclose. `None` when nothing
/// changes: then the pattern is read as written.
///
/// Rewritten on the parsed pattern, as [`ascii_boundaries`] is, so groups,
/// classes, escapes and flags are `regex_syntax`'s reading, not a scan of
/// the text's.
fn underscore_edges(hir: &Hir, group: usize) -> Option<(Hir, usize)> {
    let (hir, index, group) = match group {
        0 => {
            let HirKind::Concat(pieces) = hir.kind() else {
                return None;
            };
            let start = usize::from(pieces.first().is_some_and(is_word_boundary));
            let end = pieces.len()
                - usize::from(pieces.len() > start && pieces.last().is_some_and(is_word_boundary));
            // A capture index of its own; printed, it is the first group.
            let index = u32::try_from(hir.properties().explicit_captures_len() + 1).ok()?;
            let whole = Hir::capture(Capture {
                index,
                name: None,
                sub: Box::new(Hir::concat(pieces[start..end].to_vec())),
            });
            let pieces = [&pieces[..start], &[whole], &pieces[end..]].concat();
            (Hir::concat(pieces), index, 1)
        }
        _ => (hir.clone(), u32::try_from(group).ok()?, group),
    };
    let read = widen_edges(&hir, index);
    (read != hir).then_some((read, group))
}

/// `hir` with the word boundaries beside the group numbered `index`, and
/// an edge alternation before it, taking a `_` ([`underscore_edges`]).
fn widen_edges(hir: &Hir, index: u32) -> Hir {
    let HirKind::Concat(pieces) = hir.kind() else {
        return rebuilt(hir, |sub| widen_edges(sub, index));
    };
    let mut pieces: Vec<Hir> = pieces.iter().map(|sub| widen_edges(sub, index)).collect();
    let secret = (pieces.iter())
        .position(|piece| matches!(piece.kind(), HirKind::Capture(c) if c.index == index));
    if let Some(at) = secret {
        for (beside, before) in [(at.checked_sub(1), true), (Some(at + 1), false)] {
            let Some(piece) = beside.and_then(|b| pieces.get_mut(b)) else {
                continue;
            };
            if let Some(widened) = with_underscore(piece, before) {
                *piece = widened;
            }
        }
    }
    Hir::concat(pieces)
}

/// `piece`, beside a secret's group (`before` it or after it), taking a
/// `_` as well: a word boundary, or before the secret an alternation
/// holding no group one of whose alternatives is a text or line edge.
fn with_underscore(piece: &Hir, before: bool) -> Option<Hir> {
    let glue = || {
        let underscore = Hir::literal(*b"_");
        let escape = regex_syntax::parse(&UNDERSCORE_OR_ESCAPE[3..]).expect("valid escapes");
        std::iter::once(underscore).chain(before.then_some(escape))
    };
    match piece.kind() {
        HirKind::Look(_) if is_word_boundary(piece) => Some(Hir::alternation(
            std::iter::once(piece.clone()).chain(glue()).collect(),
        )),
        HirKind::Alternation(alternatives)
            if before
                && piece.properties().explicit_captures_len() == 0
                && alternatives.iter().any(is_edge) =>
        {
            let alternatives = alternatives.iter().cloned().chain(glue());
            Some(Hir::alternation(alternatives.collect()))
        }
        _ => None,
    }
}

/// What a secret's edge before it takes besides a word boundary, as the
/// text of alternatives (the first is `_`, see [`underscore_edges`]): an
/// escape sequence or a URL-encoded byte that ends right where the token
/// starts (issue 8). A token in a JSON or C-family string after a newline
/// or a quote written as an escape (`"\nghp_…"`, `\u0022ghp_…`,
/// `\x22ghp_…`), or in a query string after an encoded `/` or `=`
/// (`%2Fghp_…`, `%3Dghp_…`), has a letter or a digit before it in the
/// text, the escape's own, and no word boundary: the escape is one. Only a
/// `\` or a `%` opens one, which neither a word nor base64 holds, so no
/// match opens inside either; a token glued to a letter (`myghp_…`) stays
/// unmatched.
pub(super) const UNDERSCORE_OR_ESCAPE: &str = r"|_|\\(?:[nrtfvb0'\x22/]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|u\{[0-9A-Fa-f]{1,6}\})|%[0-9A-Fa-f]{2}";

/// Whether `hir` is a word boundary (`\b`, `\b{start}`, `\b{end-half}`…,
/// Unicode's or ASCII's), not its negation.
fn is_word_boundary(hir: &Hir) -> bool {
    use regex_syntax::hir::Look::*;
    matches!(
        hir.kind(),
        HirKind::Look(
            WordAscii
                | WordUnicode
                | WordStartAscii
                | WordStartUnicode
                | WordEndAscii
                | WordEndUnicode
                | WordStartHalfAscii
                | WordStartHalfUnicode
                | WordEndHalfAscii
                | WordEndHalfUnicode
        )
    )
}

/// Whether `hir` is a text or line edge (`^`, `$`, `\A`, `\z`, with or
/// without multi-line mode).
fn is_edge(hir: &Hir) -> bool {
    use regex_syntax::hir::Look::*;
    matches!(
        hir.kind(),
        HirKind::Look(Start | End | StartLF | EndLF | StartCRLF | EndCRLF)
    )
}

/// Whether every match of `hir` holds an ASCII letter or digit outside
/// the capture group numbered `group` (see [`TokenRule::needs_name`]).
fn holds_word(hir: &Hir, group: usize) -> bool {
    use regex_syntax::hir::Class;
    let word = |c: char| c.is_ascii_alphanumeric();
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(literal) => literal.0.iter().any(|b| word(char::from(*b))),
        // A class matches a word character only when all it holds are:
        // (?i)'s `[Kk\u{212A}]` is a letter whichever it matches.
        HirKind::Class(Class::Unicode(class)) => class.ranges().iter().all(|range| {
            (range.start()..=range.end()).all(|c| word(c) || (!c.is_ascii() && c.is_alphabetic()))
        }),
        HirKind::Class(Class::Bytes(class)) => (class.ranges().iter())
            .all(|range| (range.start()..=range.end()).all(|b| word(char::from(b)))),
        HirKind::Repetition(repetition) => repetition.min > 0 && holds_word(&repetition.sub, group),
        HirKind::Capture(capture) => {
            capture.index as usize != group && holds_word(&capture.sub, group)
        }
        HirKind::Concat(pieces) => pieces.iter().any(|piece| holds_word(piece, group)),
        HirKind::Alternation(branches) => branches.iter().all(|branch| holds_word(branch, group)),
    }
}

impl TokenRule {
    /// A rule whose patterns compile on first use or, with `eager`, now
    /// (configuration rules are checked at load time so errors name the file).
    pub fn new(def: TokenRuleDef, eager: bool) -> Result<TokenRule, String> {
        let compiled = Compiled {
            regex: Pattern::new(&def.regex),
            allow: def.allow.iter().map(|a| Pattern::new(a)).collect(),
            gate: def.gate.as_deref().map(Pattern::new),
            detect: OnceLock::new(),
            detect_gates: OnceLock::new(),
            glued: OnceLock::new(),
            unicode_literals: OnceLock::new(),
            needs_name: OnceLock::new(),
        };
        let rule = TokenRule {
            rule_id: format!("secret/{}", def.id),
            def,
            compiled: Arc::new(compiled),
        };
        if def_is_invalid(&rule.def) {
            return Err("`keywords` must be non-empty lowercase strings".to_owned());
        }
        if rule.def.checksum_required && rule.def.checksum.is_none() {
            return Err("`checksum_required` needs a `checksum` to check".to_owned());
        }
        if eager {
            let (regex, allow, gate) = compile(&rule.def)?;
            if rule.def.secret_group >= regex.captures_len() {
                return Err(format!(
                    "secret_group {} does not exist in the regex",
                    rule.def.secret_group
                ));
            }
            let compiled = &rule.compiled;
            let _ = compiled.regex.unicode.set(regex);
            for (pattern, regex) in compiled.allow.iter().zip(allow) {
                let _ = pattern.unicode.set(regex);
            }
            if let (Some(pattern), Some(regex)) = (&compiled.gate, gate) {
                let _ = pattern.unicode.set(regex);
            }
        }
        Ok(rule)
    }

    /// Whether the rule needs a name beside its token: every match of its
    /// regex holds a letter or a digit outside the secret's group (a
    /// provider word or key name before the value, `(?i)aws…secret…key`,
    /// `twilio…`, `"private_key":`, `AccountKey=`). A rule that does not
    /// (`\b(AIza…)`, `\b(ghp_…)\b`, a PEM block, only boundaries around
    /// the secret) finds a token by its own format, wherever it is written.
    pub fn needs_name(&self) -> bool {
        *self.compiled.needs_name.get_or_init(|| {
            let group = self.def.secret_group;
            group != 0
                && regex_syntax::parse(&self.def.regex).is_ok_and(|hir| holds_word(&hir, group))
        })
    }

    /// Whether the text may hold a match: no gate, or the gate matches.
    fn passes_gate(&self, text: &str) -> bool {
        (self.compiled.gate.as_ref()).is_none_or(|gate| gate.is_match(text, &self.rule_id, "gate"))
    }

    /// The regex as written (the one the table's tests check).
    pub fn regex(&self) -> &Regex {
        self.compiled.regex.unicode(&self.rule_id, "regex")
    }

    /// The regex as it is searched ([`Compiled::detect`]), and the group
    /// holding the secret there.
    fn detect(&self) -> (&Pattern, usize) {
        let (pattern, group) = self.compiled.detect.get_or_init(|| {
            Pattern::underscored(&self.def.regex, self.def.secret_group)
                .unwrap_or_else(|| (Pattern::new(&self.def.regex), self.def.secret_group))
        });
        (pattern, *group)
    }

    /// Whether the regex as searched matches in `text`, its gate and value
    /// checks aside.
    fn is_match(&self, text: &str) -> bool {
        self.detect().0.is_match(text, &self.rule_id, "regex")
    }

    pub fn severity(&self) -> Severity {
        self.def.severity.unwrap_or(Severity::Error)
    }

    fn name(&self) -> &str {
        self.def.name.as_deref().unwrap_or(&self.def.id)
    }

    pub fn meta(&self) -> RuleMeta {
        let description = self.def.description.as_deref().unwrap_or("");
        let mut doc = format!(
            "# {}\n\n{description}\n\nPattern: `{}`\n",
            self.name(),
            self.def.regex
        );
        for reference in &self.def.references {
            doc.push_str(&format!("\nSee: {reference}"));
        }
        doc.push_str("\n\n");
        doc.push_str(family_doc());
        RuleMeta {
            id: self.rule_id.clone(),
            name: self.name().to_owned(),
            severity: self.severity(),
            summary: FAMILY.summary.to_owned(),
            policy: FAMILY.policy.to_owned(),
            doc,
        }
    }

    /// The literals, in exact bytes, one of which every match holds (see
    /// [`required_literals`], of the gate when there is one): for a rule
    /// whose shortest keyword is [`REQUIRED_MIN_LEN`] bytes or shorter,
    /// and only when every literal is longer than that keyword.
    ///
    /// Without `unicode`, for ASCII text: the pattern read without Unicode
    /// mode, which matches there exactly as written (see [`Pattern`]) and
    /// reads ten times faster (its `(?i)` and `\w` need no Unicode tables);
    /// spellings holding the Kelvin sign or a long s are left out, which
    /// ASCII text does not hold.
    fn required_literals(&self, unicode: bool) -> Option<Vec<Vec<u8>>> {
        let shortest = self.def.keywords.iter().map(String::len).min()?;
        if shortest > REQUIRED_MIN_LEN {
            return None;
        }
        let pattern = self.def.gate.as_deref().unwrap_or(&self.def.regex);
        let literals = match BUILTIN_LITERALS.binary_search_by_key(&pattern, |(p, ..)| p) {
            Ok(at) => {
                let (_, ascii, unicode_literals) = BUILTIN_LITERALS[at];
                let literals = if unicode { unicode_literals } else { ascii }?;
                literals.iter().map(|l| l.to_vec()).collect()
            }
            Err(_) => required_literals(pattern, unicode)?,
        };
        literals
            .iter()
            .all(|l| l.len() > shortest)
            .then_some(literals)
    }

    /// Whether `text`, which is not ASCII, holds one of the literals the
    /// rule needs there (read with Unicode mode, which spells the Kelvin
    /// sign and the long s among `k`'s and `s`'s cases), or the rule needs
    /// none. Asked only of rules whose keyword the text holds, so a rule's
    /// pattern is read with Unicode mode once such a text holds it, not
    /// every rule's as soon as any such text is searched.
    fn has_unicode_literal(&self, text: &str) -> bool {
        let automaton = self.compiled.unicode_literals.get_or_init(|| {
            let spellings = self.required_literals(true)?;
            Some(AhoCorasick::new(spellings).expect("literals build an automaton"))
        });
        automaton.as_ref().is_none_or(|a| a.is_match(text))
    }

    /// Whether a regex match's secret passes the entropy floor, the
    /// allow-patterns and, where the rule requires it, its checksum.
    fn accepts(&self, secret: &str) -> bool {
        self.def
            .entropy
            .is_none_or(|floor| entropy(secret) >= floor)
            && (!self.def.checksum_required
                || (self.def.checksum).is_some_and(|checksum| checksum.holds(secret)))
            && !(self.compiled.allow.iter())
                .any(|a| a.is_match(secret, &self.rule_id, "allow pattern"))
            && !obviously_fake(secret)
    }

    /// The secret spans of every accepted match in `text` that `wanted`
    /// keeps (the value checks cost more than the match), and of every
    /// token whose checksum holds glued to a letter or digit before or
    /// after it, where the rule's checksum allows it
    /// ([`TokenRule::glued_checksummed`]).
    pub fn matches<'t>(
        &'t self,
        text: &'t str,
        wanted: &'t impl Fn(&Range<usize>) -> bool,
    ) -> impl Iterator<Item = Range<usize>> + 't {
        // Where the gate does not match, the regex is not even compiled;
        // nor is either where the text cannot hold a match.
        let spans = (self.may_hold_match(text) && self.passes_gate(text)).then(|| {
            let (pattern, group) = self.detect();
            (pattern.spans(text, text.is_ascii(), group, &self.rule_id)).collect::<Vec<_>>()
        });
        spans
            .into_iter()
            .flatten()
            .chain(self.glued_checksummed(text))
            .filter(move |span| wanted(span) && self.accepts(&text[span.clone()]))
    }

    /// Whether `text` is long enough for a match of the regex as searched
    /// and holds the run of characters every match holds: `false` only
    /// where the regex cannot match ([`Compiled::detect_gates`]).
    fn may_hold_match(&self, text: &str) -> bool {
        // Read as [`TokenRule::detect`] reads the regex, from the pattern
        // parsed without Unicode mode only: `detect` parses it with Unicode
        // mode to know whether its edges change, which costs as much as
        // compiling it; where they do not, this reading is the one as written.
        let (shortest, run) = self.compiled.detect_gates.get_or_init(|| {
            Run::gates(&Pattern {
                reading: Reading::Underscore(self.def.secret_group),
                ..Pattern::new(&self.def.regex)
            })
        });
        text.len() >= *shortest && run.as_ref().is_none_or(|run| run.is_in(text))
    }

    /// The tokens of this rule's format in `text` glued to an ASCII letter
    /// or digit before or after them (`xghp_…`, `tokennpm_…`, `ghp_…xyz`),
    /// which the regex's word boundaries reject, when the rule's checksum
    /// is one that stands in for a boundary ([`Checksum::glued_body`]) and
    /// holds: such a token is reported wherever it sits. Its keyword is its
    /// prefix and its length the format's; the token must match the rule's
    /// own regex alone. A token standing apart is the regex's to find.
    fn glued_checksummed(&self, text: &str) -> Vec<Range<usize>> {
        let Some((checksum, body)) =
            (self.def.checksum).and_then(|checksum| Some((checksum, checksum.glued_body()?)))
        else {
            return Vec::new();
        };
        let mut spans = Vec::new();
        let bytes = text.as_bytes();
        for prefix in &self.def.keywords {
            for (at, _) in text.match_indices(prefix.as_str()) {
                let end = at + prefix.len() + body;
                let glued = at > 0 && bytes[at - 1].is_ascii_alphanumeric()
                    || bytes.get(end).is_some_and(u8::is_ascii_alphanumeric);
                let Some(token) = text.get(at..end).filter(|_| glued) else {
                    continue;
                };
                if !checksum.holds(token) || !self.is_match(token) {
                    continue;
                }
                spans.push(at..end);
            }
        }
        spans
    }

    /// [`TokenRule::matches`] with the rule reading `text` as a name, where
    /// a `_` may glue a token to the words around it ([`glued`]).
    pub fn glued_matches(&self, text: &str) -> Vec<Range<usize>> {
        let (regex, gate, shortest, run) = self.compiled.glued.get_or_init(|| {
            let regex = Pattern::glued(&self.def.regex);
            let (shortest, run) = Run::gates(&regex);
            let gate = self.def.gate.as_deref().map(Pattern::glued);
            (regex, gate, shortest, run)
        });
        let (rule, group) = (self.rule_id.as_str(), self.def.secret_group);
        if text.len() < *shortest
            || run.as_ref().is_some_and(|run| !run.is_in(text))
            || (gate.as_ref()).is_some_and(|gate| !gate.is_match(text, rule, "gate"))
        {
            return Vec::new();
        }
        // The whole match and the secret's span of the first match from `at`.
        let ascii = text.is_ascii();
        let find = |at: usize| regex.captures_at(text, at, ascii, group, rule);
        let mut spans = Vec::new();
        let mut at = 0;
        while let Some((whole, secret)) = find(at) {
            if self.accepts(&text[secret.clone()]) {
                spans.push(secret);
            }
            // A `_` that ended this match may begin the next token
            // (`ghp_…_ghp_…`): search again from it.
            let next = match text[whole.clone()].ends_with('_') {
                true => whole.end - 1,
                false => whole.end,
            };
            at = match next > whole.start {
                true => next,
                false => whole.end + text[whole.end..].chars().next().map_or(1, char::len_utf8),
            };
            if at > text.len() {
                break;
            }
        }
        spans
    }
}

/// [`required_literals`] of the built-in table's patterns (each rule's gate,
/// else its regex, for the rules whose shortest keyword is
/// [`REQUIRED_MIN_LEN`] bytes or shorter), read by `build.rs`: without
/// Unicode mode, then with it. Sorted by pattern; a project's own rule is
/// read as it is built.
type BuiltinLiterals = (
    &'static str,
    Option<&'static [&'static [u8]]>,
    Option<&'static [&'static [u8]]>,
);
static BUILTIN_LITERALS: &[BuiltinLiterals] =
    include!(concat!(env!("OUT_DIR"), "/required_literals.rs"));

/// Shortest run of base64 that is decoded to look for a token inside: the
/// shortest token the table knows, encoded, is longer.
const ENCODED_MIN_LEN: usize = 40;

/// Longest text decoded to look for a token inside: a blob of a megabyte
/// (an embedded image, a data file) is data, not a token hidden from view.
const ENCODED_MAX_LEN: usize = 1 << 20;

/// How many tokens of one decoded blob are looked at for one hidden from
/// view.
const ENCODED_TOKENS: usize = 16;

/// Shortest run of base64 characters taken for a piece of a blob: shorter
/// runs are words of prose and code.
const PIECE_MIN_LEN: usize = 16;

/// Longest stretch between two pieces of one blob.
const PIECE_GAP_MAX_LEN: usize = 64;

/// Which bytes are base64 characters (either alphabet), by value.
const BASE64_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/' | b'_' | b'-');
        b += 1;
    }
    table
};

fn is_base64_byte(b: u8) -> bool {
    BASE64_BYTES[b as usize]
}

/// The runs of base64 characters in `text` of [`PIECE_MIN_LEN`] or more,
/// with their padding. Every such run holds one of the bytes probed
/// [`PIECE_MIN_LEN`] apart, so only the runs around those bytes are walked.
fn base64_runs(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    // Every byte before `from` is in no run still to be found.
    let mut from = 0;
    while from + PIECE_MIN_LEN <= bytes.len() {
        let probe = from + PIECE_MIN_LEN - 1;
        if !is_base64_byte(bytes[probe]) {
            from = probe + 1;
            continue;
        }
        let mut start = probe;
        while start > from && is_base64_byte(bytes[start - 1]) {
            start -= 1;
        }
        let mut at = probe + 1;
        while at < bytes.len() && is_base64_byte(bytes[at]) {
            at += 1;
        }
        let end = padded(bytes, at);
        if at - start >= PIECE_MIN_LEN {
            runs.push(start..end);
        }
        from = end;
    }
    runs
}

/// The end of a run of base64 ending at `at` with its padding: up to two `=`.
fn padded(bytes: &[u8], at: usize) -> usize {
    let mut end = at;
    while end < bytes.len() && end - at < 2 && bytes[end] == b'=' {
        end += 1;
    }
    end
}

/// Whether `gap` may stand between two pieces of one string written over
/// several literals: `"…"` then `"…"` on the next line (Python's implicit
/// concatenation), `"…" +`, `concat!("…", "…")`, or a line break alone
/// (base64 wrapped in a text file).
fn joins_pieces(gap: &str) -> bool {
    let bytes = gap.as_bytes();
    if bytes.is_empty()
        || bytes.len() > PIECE_GAP_MAX_LEN
        || !bytes.iter().all(|b| {
            matches!(
                b,
                b'"' | b'\'' | b' ' | b'\t' | b'\r' | b'\n' | b'+' | b',' | b'\\'
            )
        })
    {
        return false;
    }
    let quoted = |b: &u8| matches!(b, b'"' | b'\'');
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if quoted(first) && quoted(last) => bytes.len() >= 2,
        _ => {
            bytes
                .iter()
                .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                && bytes.contains(&b'\n')
        }
    }
}

/// The base64 blobs of `text`, each with its span and the text it decodes
/// to: the runs of base64 characters, joined across the literals one string
/// is written over (see [`joins_pieces`]), that decode, as a whole, to
/// printable text.
fn encoded_texts(text: &str) -> Vec<(Range<usize>, String)> {
    // Each blob is a run of consecutive `runs`, kept as the index of its
    // first: most runs are a long identifier or a path alone, too short to
    // decode, and neither a vector nor a copy is made for them.
    let runs = base64_runs(text);
    let mut firsts: Vec<usize> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let joined = i > 0 && joins_pieces(&text[runs[i - 1].end..run.start]);
        if !joined {
            firsts.push(i);
        }
    }
    let ends = firsts.iter().skip(1).copied().chain([runs.len()]);
    firsts
        .iter()
        .zip(ends)
        .filter_map(|(&first, end)| {
            let pieces = &runs[first..end];
            let len: usize = pieces.iter().map(|p| p.len()).sum();
            if !(ENCODED_MIN_LEN..=ENCODED_MAX_LEN).contains(&len) {
                return None;
            }
            // Encoded text mixes both cases; identifiers and hex do not.
            let bytes = || pieces.iter().flat_map(|p| text[p.clone()].bytes());
            if !bytes().any(|b| b.is_ascii_uppercase()) || !bytes().any(|b| b.is_ascii_lowercase())
            {
                return None;
            }
            let blob: String = pieces.iter().map(|p| &text[p.clone()]).collect();
            let span = pieces[0].start..pieces[pieces.len() - 1].end;
            decoded_text(&blob).map(|decoded| (span, decoded))
        })
        .collect()
}

/// `blob` decoded from base64 (standard or URL-safe, padded or not), when it
/// decodes to printable text: what random bytes or an image never do.
fn decoded_text(blob: &str) -> Option<String> {
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use base64::engine::DecodePaddingMode;
    use base64::Engine as _;
    let indifferent =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let alphabet = if blob.contains(['-', '_']) {
        &base64::alphabet::URL_SAFE
    } else {
        &base64::alphabet::STANDARD
    };
    let bytes = GeneralPurpose::new(alphabet, indifferent)
        .decode(blob)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.chars()
        .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        .then_some(text)
}

impl TokenScanner {
    /// Finds the tokens written base64-encoded in `text`: a string that
    /// decodes to JSON or settings holding a provider's token (a project's
    /// "public" fallback bot tokens encoded to keep them out of sight, a
    /// Kubernetes Secret's `data`, a `.dockerconfigjson`) holds the token,
    /// as readable to whoever decodes it as to a scanner that does. Each
    /// blob whose span `wanted` keeps is reported once, spanning the whole
    /// encoded text, for the first token found in it that the document
    /// does not also hold in clear (that one is reported where it stands),
    /// unless a finding already in `out` covers part of the blob
    /// (`secret/base64-private-key`, a PEM key written in base64).
    pub fn check_encoded(
        &self,
        text: &str,
        wanted: &impl Fn(&Range<usize>) -> bool,
        out: &mut Vec<Candidate>,
    ) {
        let direct = out.len();
        for (span, decoded) in encoded_texts(text) {
            // A blob a rule already reports as it stands (a base64 PEM key
            // in a Kubernetes Secret) is that finding.
            if !wanted(&span)
                || out[..direct]
                    .iter()
                    .any(|c| c.span.start < span.end && span.start < c.span.end)
            {
                continue;
            }
            let mut found = Vec::new();
            self.check(&decoded, &|_| true, ENCODED_TOKENS, &mut found);
            // A token the document also holds in clear (an S3 upload
            // policy's credential beside its `X-Amz-Credential` field) is
            // reported where it stands in clear.
            let hidden = found.into_iter().find(|token| {
                token
                    .secret
                    .as_deref()
                    .is_some_and(|secret| !text.contains(secret))
            });
            if let Some(token) = hidden {
                let name = self
                    .rules
                    .iter()
                    .find(|rule| rule.rule_id == token.rule)
                    .map_or("A token", TokenRule::name);
                let redacted = token.redacted.unwrap_or_default();
                out.push(Candidate {
                    message: format!("{name} `{redacted}` is hardcoded, encoded in base64"),
                    redacted: Some(redacted),
                    span,
                    ..token
                });
            }
        }
    }

    /// Finds the keys a listing writes behind a gutter on every line
    /// (`  2 | +MIIB…`: a review tool's or a test snapshot's numbered lines,
    /// with a diff's marker after them), which no PEM rule reads as written:
    /// the same rules run over a view of `text` with the gutters blanked
    /// ([`without_gutters`]), and each finding spanning several lines is
    /// kept, over the listing's own bytes. The engine drops those a direct
    /// finding overlaps.
    pub fn behind_gutters(&self, text: &str) -> Vec<Candidate> {
        let Some(view) = without_gutters(text) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        self.check(&view, &|_| true, usize::MAX, &mut found);
        found.retain(|token| memchr::memchr(b'\n', &text.as_bytes()[token.span.clone()]).is_some());
        found
    }

    /// Finds the tokens written in escapes in `text` (`%67%68%70_…`,
    /// `\u0067hp_…`, `&#103;hp_…`: see [`escapes`]), each reported over
    /// the escaped text that writes it. A token the text holds as written
    /// is the direct scan's. The decoded runs are joined, one a line, and
    /// searched once.
    pub fn check_escaped(&self, text: &str, out: &mut Vec<Candidate>) {
        let runs = escapes::escaped_texts(text);
        if runs.is_empty() {
            return;
        }
        let mut joined = String::new();
        let mut starts = Vec::with_capacity(runs.len());
        for run in &runs {
            starts.push(joined.len());
            joined.push_str(&run.decoded);
            joined.push('\n');
        }
        let mut found = Vec::new();
        self.check(&joined, &|_| true, usize::MAX, &mut found);
        for token in found {
            let at = starts.partition_point(|&s| s <= token.span.start) - 1;
            let local = token.span.start - starts[at]..token.span.end - starts[at];
            let Some((span, true)) = runs[at].source(&local) else {
                continue;
            };
            out.push(Candidate {
                message: format!("{}, written in escapes", token.message),
                span,
                ..token
            });
        }
    }
}

/// The length of a line's gutter: indentation, a comment's leader or none
/// (`#`, `//`, `///`, `;`, `*`: a listing pasted into a comment), a line number or
/// none, `|` and one space, then a diff's `+` marker, or its `-` unless the
/// line goes on with PEM armour (`-----END …`); `None` when the line has
/// none.
fn gutter_len(line: &[u8]) -> Option<usize> {
    let blanks = |mut i: usize| {
        while i < line.len() && matches!(line[i], b' ' | b'\t') {
            i += 1;
        }
        i
    };
    let mut i = blanks(0);
    if let Some(leader) = [&b"#"[..], b"///", b"//!", b"//", b";", b"*"]
        .into_iter()
        .find(|leader| line[i..].starts_with(leader))
    {
        i = blanks(i + leader.len());
    }
    while i < line.len() && line[i].is_ascii_digit() {
        i += 1;
    }
    i = blanks(i);
    if line.get(i) != Some(&b'|') {
        return None;
    }
    i += 1;
    if line.get(i) == Some(&b' ') {
        i += 1;
    }
    match line.get(i) {
        Some(b'+') => i += 1,
        Some(b'-') if !line[i..].starts_with(b"-----") => i += 1,
        _ => {}
    }
    Some(i)
}

/// `text` with the gutter of every line that has one blanked (see
/// [`gutter_len`]), the same length, so spans are the text's; `None` unless
/// a line with a gutter holds PEM armour, the only token a gutter can cut
/// (every other is one line, found as written).
fn without_gutters(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    memchr::memmem::find(bytes, b"-----BEGIN ")?;
    let mut view = bytes.to_vec();
    let mut armoured = false;
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = &bytes[start..end];
        if let Some(len) = gutter_len(line) {
            armoured |= memchr::memmem::find(line, b"-----BEGIN ").is_some();
            view[start..start + len].fill(b' ');
        }
        start = end + 1;
    }
    // Only ASCII bytes were blanked.
    armoured.then(|| String::from_utf8(view).ok()).flatten()
}

fn def_is_invalid(def: &TokenRuleDef) -> bool {
    def.keywords.is_empty()
        || def
            .keywords
            .iter()
            .any(|k| k.is_empty() || k.to_lowercase() != *k)
}

/// Vendors' documented examples (`AKIAIOSFODNN7EXAMPLE`, jwt.io's token),
/// JWTs that cannot be signed (`….not-a-real-signature`),
/// padding (`ghp_xxxx…`, `…00000000000…`), a real prefix followed by a
/// placeholder or a person-made pattern (`sk-ant-abc123abc123…`), an
/// encoding of made-up text (a TOTP secret of `1234…` in base32), and PEM
/// an RSA key cut off before its private part (a stub of its public prefix).
fn obviously_fake(secret: &str) -> bool {
    let lower = secret.to_ascii_lowercase();
    secret.contains("EXAMPLE")
        || lower.contains("xxxxxxxx")
        || lower.contains("00000000000")
        || is_published_example(secret)
        || is_inert_jwt(secret)
        || is_fake_token_body(split_token_prefix(secret).map_or(secret, |(_, body)| body))
        || encodes_made_up_text(secret)
        || is_rsa_key_stub(secret)
}

/// The built-in provider table's entries, in its order: `providers.toml`
/// as build.rs wrote it in Rust (parsing the TOML at start-up was a tenth
/// of a one-file check; `builtin_table_is_the_toml` holds the two equal).
fn builtin_defs() -> Vec<TokenRuleDef> {
    include!(concat!(env!("OUT_DIR"), "/providers.rs"))
}

/// The built-in provider table, built once.
pub fn builtin_rules() -> &'static [TokenRule] {
    static RULES: LazyLock<Vec<TokenRule>> = LazyLock::new(|| {
        builtin_defs()
            .into_iter()
            .map(|def| TokenRule::new(def, false).expect("providers.toml entries are valid"))
            .collect()
    });
    &RULES
}

/// Scans text with a set of token rules behind one keyword prefilter.
#[derive(Clone, Debug)]
pub struct TokenScanner {
    rules: Vec<TokenRule>,
    /// The keywords' spellings ([`keyword_spellings`]), each once.
    keywords: Vec<String>,
    /// For each of them, the rules it enables.
    keyword_rules: Vec<Vec<usize>>,
    /// The rules a keyword of which has too many spellings to search for:
    /// they run on every text.
    unfiltered: Vec<bool>,
    /// The literals some rules need in ASCII text (see
    /// [`TokenRule::required_literals`]); other text asks each rule whose
    /// keyword it holds ([`TokenRule::has_unicode_literal`]).
    literals: Literals,
    /// The keywords, the literals and the prefilter's words searched at
    /// once (see [`TokenScanner::search`]), in three ways as more text is
    /// searched, each built on first use: by first byte ([`FirstBytes`],
    /// nothing to build) for the first [`NFA_AFTER_BYTES`], then as a
    /// contiguous NFA, which builds in a fifth of a DFA's time, then, once
    /// [`DFA_AFTER_BYTES`] were searched, as a DFA, which searches fastest.
    first_bytes: OnceLock<FirstBytes>,
    joint: OnceLock<AhoCorasick>,
    joint_dfa: OnceLock<AhoCorasick>,
    /// Bytes searched so far, to know when the DFA pays.
    searched: Arc<AtomicUsize>,
}

/// Bytes searched by first bytes before a scanner's contiguous NFA is
/// built. Building it costs about 4.5 million instructions; searching by
/// first bytes costs about 60 more a byte than searching with it
/// (callgrind, the built-in table, Python source): a one-file check, a
/// pre-commit run over a small commit or a language server's first
/// keystrokes never build it, and a tree pays for it once.
const NFA_AFTER_BYTES: usize = 64 << 10;

/// Bytes searched with a scanner's contiguous NFA before its DFA is built.
/// The DFA costs 15 million instructions to build and saves about 35 a
/// byte searched (callgrind, the built-in table): searching this many bytes
/// more slowly costs about half of that, so a one-file check or a small
/// commit never builds it, and a tree never pays more than half again.
const DFA_AFTER_BYTES: usize = 256 << 10;

/// The literals some rules need, each once, in lower case, with its exact
/// spellings and its rules, and which rules run only where one of their
/// literals is.
#[derive(Clone, Debug)]
struct Literals {
    literals: Vec<(Vec<u8>, Required)>,
    needs_literal: Vec<bool>,
}

impl Literals {
    fn new(rules: &[TokenRule]) -> Literals {
        let mut literals: Vec<(Vec<u8>, Required)> = Vec::new();
        let mut needs_literal = vec![false; rules.len()];
        for (index, rule) in rules.iter().enumerate() {
            let Some(spellings) = rule.required_literals(false) else {
                continue;
            };
            needs_literal[index] = true;
            for spelling in spellings {
                let lower = spelling.to_ascii_lowercase();
                let at = match literals.iter().position(|(l, _)| *l == lower) {
                    Some(at) => at,
                    None => {
                        literals.push((lower, Required::default()));
                        literals.len() - 1
                    }
                };
                let required = &mut literals[at].1;
                if !required.spellings.contains(&spelling) {
                    required.spellings.push(spelling);
                }
                if !required.rules.contains(&index) {
                    required.rules.push(index);
                }
            }
        }
        Literals {
            literals,
            needs_literal,
        }
    }

    /// Marks the rules whose literal `found`, a hit of literal `index`,
    /// spells exactly.
    fn mark(&self, index: usize, found: &[u8], has_literal: &mut [bool]) {
        let required = &self.literals[index].1;
        if required.spellings.iter().any(|s| s.as_slice() == found) {
            for &rule in &required.rules {
                has_literal[rule] = true;
            }
        }
    }
}

/// One literal of [`Literals`]: how the rules needing it
/// spell it, and which rules they are.
#[derive(Clone, Debug, Default)]
struct Required {
    spellings: Vec<Vec<u8>>,
    rules: Vec<usize>,
}

/// How [`TokenScanner::search`] looks for its words this time.
enum Joint<'a> {
    FirstBytes(&'a FirstBytes),
    Automaton(&'a AhoCorasick),
}

#[cfg(test)]
thread_local! {
    /// The text whose searches [`watch_searches`] counts on this thread
    /// (its address and length), and how many times it was searched.
    static WATCHED: std::cell::Cell<((usize, usize), usize)> =
        const { std::cell::Cell::new(((0, 0), 0)) };
}

/// Counts, from now on and on this thread, the [`TokenScanner::search`]es
/// of `text` itself (not of a copy): what the test that the engine
/// searches a document once reads with [`watched_searches`].
#[cfg(test)]
pub fn watch_searches(text: &str) {
    WATCHED.with(|watched| watched.set(((text.as_ptr() as usize, text.len()), 0)));
}

/// How many times the text [`watch_searches`] watches was searched.
#[cfg(test)]
pub fn watched_searches() -> usize {
    WATCHED.with(|watched| watched.get().1)
}

/// What one pass of [`TokenScanner::search`] found.
pub struct KeywordHits {
    /// Which rules have a keyword in the text.
    pub enabled: Vec<bool>,
    /// Every occurrence of the other words, overlapping ones included: the
    /// word's index and its span, in the order of their ends.
    pub others: Vec<(usize, Range<usize>)>,
}

/// The case-insensitive automaton of `kind` that finds every occurrence of `words`.
fn keyword_automaton<W: AsRef<[u8]>>(words: &[W], kind: AhoCorasickKind) -> AhoCorasick {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(kind))
        .match_kind(MatchKind::Standard)
        .build(words)
        .expect("keywords build an automaton")
}

/// The most spellings [`keyword_spellings`] gives a keyword.
const MAX_SPELLINGS: usize = 64;

/// Every spelling of `keyword` a case-insensitive regex matches, for the
/// keyword automaton, which folds only ASCII letters: an ASCII keyword is
/// itself, and one holding another character is each of its characters'
/// simple case foldings (the regex crate's `(?i)`) in turn, `ω_` being
/// `ω_`, `Ω_` and `Ω_` (the Ohm sign), its ASCII letters spelled in lower
/// case. `None` past [`MAX_SPELLINGS`]: the keyword then filters nothing.
fn keyword_spellings(keyword: &str) -> Option<Vec<String>> {
    use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
    if keyword.is_ascii() {
        return Some(vec![keyword.to_owned()]);
    }
    let mut spellings = vec![String::new()];
    for c in keyword.chars() {
        let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
        class.case_fold_simple();
        let cases: Vec<char> = (class.iter())
            .flat_map(|range| range.start()..=range.end())
            .filter(|case| !case.is_ascii_uppercase())
            .collect();
        if spellings.len() * cases.len() > MAX_SPELLINGS {
            return None;
        }
        spellings = (spellings.iter())
            .flat_map(|s| cases.iter().map(move |case| format!("{s}{case}")))
            .collect();
    }
    Some(spellings)
}

impl TokenScanner {
    pub fn new(rules: Vec<TokenRule>) -> TokenScanner {
        let mut keywords: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        let mut unfiltered = vec![false; rules.len()];
        for (index, rule) in rules.iter().enumerate() {
            for keyword in &rule.def.keywords {
                let Some(spellings) = keyword_spellings(keyword) else {
                    unfiltered[index] = true;
                    continue;
                };
                for spelling in spellings {
                    match keywords.iter().position(|k| *k == spelling) {
                        Some(k) => keyword_rules[k].push(index),
                        None => {
                            keywords.push(spelling);
                            keyword_rules.push(vec![index]);
                        }
                    }
                }
            }
        }
        let literals = Literals::new(&rules);
        TokenScanner {
            rules,
            keywords,
            keyword_rules,
            unfiltered,
            literals,
            first_bytes: OnceLock::new(),
            joint: OnceLock::new(),
            joint_dfa: OnceLock::new(),
            searched: Arc::default(),
        }
    }

    /// The scanner over the built-in table only.
    pub fn builtin() -> &'static TokenScanner {
        static SCANNER: LazyLock<TokenScanner> =
            LazyLock::new(|| TokenScanner::new(builtin_rules().to_vec()));
        &SCANNER
    }

    pub fn rules(&self) -> &[TokenRule] {
        &self.rules
    }

    /// Whether a rule's pattern matches in `text`, its value checks aside:
    /// what [`TokenScanner::check`] would look at.
    pub fn may_match(&self, text: &str) -> bool {
        self.search(text)
            .enabled
            .iter()
            .zip(&self.rules)
            .any(|(&enabled, rule)| enabled && rule.is_match(text))
    }

    /// Which rules have a keyword in `text` (and, for those that need one,
    /// a literal of their regex), and every occurrence of the prefilter's
    /// words ([`super::prefilter`], ASCII case-insensitively), from one pass
    /// over the text: the engine's prefilter words ride along with the
    /// keywords.
    pub fn search(&self, text: &str) -> KeywordHits {
        #[cfg(test)]
        WATCHED.with(|watched| {
            let (text_at, count) = watched.get();
            if text_at == (text.as_ptr() as usize, text.len()) {
                watched.set((text_at, count + 1));
            }
        });
        let others = &PREFILTER.patterns;
        let keywords = self.keywords.len();
        let literals = keywords + self.literals.literals.len();
        let mut hits = KeywordHits {
            enabled: self.unfiltered.clone(),
            others: Vec::new(),
        };
        let mut has_literal = vec![false; self.rules.len()];
        let ascii = text.is_ascii();
        let mut hit = |pattern: usize, range: Range<usize>| {
            if pattern < keywords {
                for &rule in &self.keyword_rules[pattern] {
                    hits.enabled[rule] = true;
                }
            } else if pattern < literals {
                if ascii {
                    let found = &text.as_bytes()[range];
                    (self.literals).mark(pattern - keywords, found, &mut has_literal);
                }
            } else {
                hits.others.push((pattern - literals, range));
            }
        };
        match self.joint(text.len()) {
            Joint::FirstBytes(search) => search.find_overlapping(text.as_bytes(), hit),
            Joint::Automaton(automaton) => {
                debug_assert_eq!(automaton.patterns_len(), literals + others.len());
                for found in automaton.find_overlapping_iter(text) {
                    hit(found.pattern().as_usize(), found.range());
                }
            }
        }
        if ascii {
            for (enabled, (needs, has)) in
                (hits.enabled.iter_mut()).zip(self.literals.needs_literal.iter().zip(&has_literal))
            {
                *enabled &= !needs || *has;
            }
        } else {
            for (enabled, rule) in hits.enabled.iter_mut().zip(&self.rules) {
                *enabled = *enabled && rule.has_unicode_literal(text);
            }
        }
        hits
    }

    /// The joint search for `len` more bytes (see
    /// [`TokenScanner::first_bytes`]'s field).
    fn joint(&self, len: usize) -> Joint<'_> {
        if let Some(dfa) = self.joint_dfa.get() {
            return Joint::Automaton(dfa);
        }
        let words = || {
            (self.keywords.iter().map(String::as_bytes))
                .chain((self.literals.literals.iter()).map(|(lower, _)| lower.as_slice()))
                .chain(PREFILTER.patterns.iter().map(String::as_bytes))
        };
        let build = |kind| keyword_automaton(&words().collect::<Vec<_>>(), kind);
        let searched = self.searched.fetch_add(len, Ordering::Relaxed) + len;
        if searched > DFA_AFTER_BYTES {
            Joint::Automaton(self.joint_dfa.get_or_init(|| build(AhoCorasickKind::DFA)))
        } else if searched > NFA_AFTER_BYTES {
            Joint::Automaton(
                self.joint
                    .get_or_init(|| build(AhoCorasickKind::ContiguousNFA)),
            )
        } else {
            Joint::FirstBytes(self.first_bytes.get_or_init(|| FirstBytes::new(words())))
        }
    }

    /// The spans of every token in `text`, as written and glued into a name
    /// with `_` ([`TokenRule::glued_matches`]): what a name, a message or a
    /// path must not show. One search per rule with a keyword in `text`.
    pub fn glued_spans(&self, text: &str) -> Vec<Range<usize>> {
        self.glued_spans_of(text, &self.search(text).enabled)
    }

    /// [`TokenScanner::glued_spans`] given which rules have a keyword in
    /// `text` (the `enabled` of its [`TokenScanner::search`]), for a caller
    /// that searched it already.
    pub fn glued_spans_of(&self, text: &str, enabled: &[bool]) -> Vec<Range<usize>> {
        (self.rules.iter().zip(enabled))
            .filter(|(_, &enabled)| enabled)
            .flat_map(|(rule, _)| rule.glued_matches(text))
            .collect()
    }

    /// Finds the tokens in `text` whose span `wanted` keeps, at most
    /// `limit` of them; `true` when it stopped there, with more text to
    /// search. Rules earlier in the table get a lower priority number, so
    /// they win overlaps.
    pub fn check(
        &self,
        text: &str,
        wanted: &impl Fn(&Range<usize>) -> bool,
        limit: usize,
        out: &mut Vec<Candidate>,
    ) -> bool {
        let hits = self.search(text);
        self.check_enabled(text, &hits.enabled, wanted, limit, out)
    }

    /// Keeps, of the rules `enabled` says have a keyword in a text, those
    /// whose token identifies itself ([`TokenRule::needs_name`] is false):
    /// the rules a minified bundle, a source map or a generated module is
    /// checked with, where the names and `key = value` shapes the other
    /// rules read are a minifier's or a generator's, not a person's. Only
    /// the enabled rules' regexes are parsed to know.
    pub fn keep_self_identifying(&self, enabled: &mut [bool]) {
        for (enabled, rule) in enabled.iter_mut().zip(&self.rules) {
            *enabled = *enabled && !rule.needs_name();
        }
    }

    /// [`TokenScanner::check`] for the rules `enabled` says have a keyword
    /// in `text` ([`TokenScanner::search`]).
    pub fn check_enabled(
        &self,
        text: &str,
        enabled: &[bool],
        wanted: &impl Fn(&Range<usize>) -> bool,
        limit: usize,
        out: &mut Vec<Candidate>,
    ) -> bool {
        let mut left = limit;
        for (priority, rule) in self.rules.iter().enumerate().filter(|(i, _)| enabled[*i]) {
            if left == 0 {
                return true;
            }
            for span in rule.matches(text, wanted) {
                if left == 0 {
                    return true;
                }
                left -= 1;
                let secret = &text[span.clone()];
                let redacted = redact(secret);
                out.push(Candidate {
                    rule: rule.rule_id.clone(),
                    severity: rule.severity(),
                    message: format!("{} `{redacted}` is hardcoded", rule.name()),
                    secret: Some(secret.to_owned()),
                    redacted: Some(redacted),
                    variable: None,
                    span,
                    priority,
                });
            }
        }
        false
    }
}

#[cfg(test)]
mod oracle;

#[cfg(test)]
mod tests {
    use super::*;

    /// What build.rs wrote is what deserialising `providers.toml` gives,
    /// every field of every entry in order.
    /// The rules that need a name beside their token are the table's
    /// context-bound ones and the `key=value` formats (connection strings,
    /// URIs with a `secret=` parameter): what a minified bundle or a
    /// generated module is not checked for by default.
    #[test]
    fn rules_that_need_a_name_are_the_context_bound_ones() {
        let named: Vec<&str> = (builtin_rules().iter())
            .filter(|rule| rule.needs_name())
            .map(|rule| rule.def.id.as_str())
            .collect();
        let expected = [
            "aws-secret-access-key",
            "gcp-service-account-private-key",
            "azure-storage-connection-string",
            "azure-storage-account-key",
            "azure-ad-client-secret",
            "azure-service-bus-connection-string",
            "twilio-api-key",
            "twilio-auth-token",
            "mailgun-api-key",
            "notion-legacy-integration-secret",
            "gocardless-live-token",
            "heroku-api-key",
            "cloudflare-api-token",
            "cloudflare-global-api-key",
            "okta-api-token",
            "bitcoin-wif-private-key",
            "datadog-api-key",
            "datadog-app-key",
            "dropbox-shared-link-key",
            "facebook-access-token",
            "dropbox-access-token",
            "otpauth-uri-secret",
            "restic-master-key",
        ];
        assert_eq!(named, expected);
        // A PEM block's pattern is all secret; AWS's key id, Google's key,
        // Telegram's bot token (a `bot` before it is one boundary of
        // three) only have boundaries around theirs. Vault's legacy token
        // is context-bound, but by its keyword (the file names `vault`)
        // and a quote before it when no `vault` precedes it on its line:
        // a minified bundle naming Vault is checked for it too.
        let rule = |id: &str| builtin_rules().iter().find(|r| r.def.id == id).unwrap();
        for id in [
            "rsa-private-key",
            "aws-access-key-id",
            "google-api-key",
            "telegram-bot-token",
            "hashicorp-vault-legacy-token",
        ] {
            assert!(!rule(id).needs_name(), "{id}");
        }
    }

    #[test]
    fn builtin_table_is_the_toml() {
        let table: Table = toml::from_str(include_str!("providers.toml")).unwrap();
        let built = builtin_defs();
        assert_eq!(built.len(), table.rule.len());
        for (built, parsed) in built.iter().zip(&table.rule) {
            assert_eq!(format!("{built:?}"), format!("{parsed:?}"));
        }
    }

    /// The literals build.rs read are what reading each pattern now gives,
    /// and every built-in rule that needs literals finds its pattern there.
    #[test]
    fn builtin_literals_are_the_patterns_read_now() {
        assert!(BUILTIN_LITERALS.windows(2).all(|w| w[0].0 < w[1].0));
        let owned = |l: Option<&[&[u8]]>| l.map(|l| l.iter().map(|l| l.to_vec()).collect());
        for &(pattern, ascii, unicode) in BUILTIN_LITERALS {
            assert_eq!(owned(ascii), required_literals(pattern, false), "{pattern}");
            assert_eq!(
                owned(unicode),
                required_literals(pattern, true),
                "{pattern}"
            );
        }
        let mut needing = 0;
        for rule in builtin_rules() {
            let pattern = rule.def.gate.as_deref().unwrap_or(&rule.def.regex);
            let short = rule.def.keywords.iter().map(String::len).min() <= Some(REQUIRED_MIN_LEN);
            let listed = BUILTIN_LITERALS.iter().any(|(p, ..)| *p == pattern);
            assert_eq!(short, listed, "{}", rule.rule_id);
            needing += usize::from(rule.required_literals(false).is_some());
        }
        assert!(needing > 0);
    }

    /// A scanner of one project rule, written as in a configuration file.
    fn scanner_of(rule: &str) -> TokenScanner {
        let def: TokenRuleDef = toml::from_str(rule).unwrap();
        TokenScanner::new(vec![TokenRule::new(def, true).unwrap()])
    }

    #[test]
    fn a_rule_with_short_keywords_needs_a_literal_of_its_regex() {
        let facebook =
            r"(?i)(?:facebook|\bfb|\bmeta)[^\r\n]{0,80}?\b(?-i:(EAA[A-Za-z0-9]{90,400}))\b";
        for unicode in [true, false] {
            assert_eq!(
                required_literals(facebook, unicode),
                Some(vec![b"EAA".to_vec()])
            );
        }
        // Two bytes are no better than the keyword.
        assert_eq!(required_literals(r"\b(AC[a-f0-9]{32})\b", true), None);
        // Case-insensitive letters are spelled out, Unicode's too (the
        // Kelvin sign is a `k`).
        let key = required_literals(r"(?i)cf[\w.-]{0,20}key", true).unwrap();
        assert!(key.contains(&b"kEy".to_vec()) && key.contains(&"\u{212A}ey".as_bytes().to_vec()));
        // A project's rule gets it as the table's do: `fb` is in the text,
        // but no `EAA`, so the regex does not run; with it, it matches.
        let scanner = scanner_of(
            r#"
            id = "test-fb"
            regex = '(?i)\bfb[^\n]{0,20}?(?-i:(EAA[A-Za-z0-9]{20}))'
            secret-group = 1
            keywords = ["fb"]
            "#,
        );
        let token = "EAAq8Zr2LmK4xW9tYv1Ns7P";
        let lower = format!("fb_token = \"{}\"", token.to_lowercase());
        let upper = format!("fb_token = \"{token}\"");
        assert_eq!(scanner.search(&lower).enabled, [false]);
        assert_eq!(scanner.search(&upper).enabled, [true]);
        let mut found = Vec::new();
        scanner.check(&upper, &|_| true, usize::MAX, &mut found);
        assert_eq!(found.len(), 1);
    }

    /// a18 #8: the keyword automaton folds ASCII letters only, so a
    /// project's rule keyed by `ω_` missed `Ω_…` (the Ohm sign, which
    /// its `(?i)` regex matches): a keyword is searched in every spelling
    /// the regex's case folding gives it, and one with too many filters
    /// nothing.
    #[test]
    fn keywords_fold_as_case_insensitive_regexes_do() {
        assert_eq!(keyword_spellings("acme_").unwrap(), ["acme_"]);
        let omega = keyword_spellings("ω_").unwrap();
        assert_eq!(omega.len(), 3);
        assert!(["ω_", "Ω_", "\u{2126}_"]
            .iter()
            .all(|s| omega.contains(&s.to_string())));
        assert_eq!(keyword_spellings("sé").unwrap(), ["sÉ", "sé", "ſÉ", "ſé"]);
        assert_eq!(keyword_spellings(&"ω".repeat(10)), None);
        let body = "q8zr2lmk4xw9tyv1ns7pj3hd6fgc0ba5";
        let scanner = scanner_of(
            r#"
            id = "omega"
            regex = '(?i)ω_[a-z0-9]{32}'
            keywords = ["ω_"]
            "#,
        );
        for text in [format!("Ω_{body}"), format!("\u{2126}_{body}")] {
            assert_eq!(scanner.search(&text).enabled, [true], "{text}");
            let mut found = Vec::new();
            scanner.check(&text, &|_| true, usize::MAX, &mut found);
            assert_eq!(found.len(), 1, "{text}");
        }
        assert_eq!(scanner.search(body).enabled, [false]);
        let many = scanner_of(&format!(
            "id = 'many'\nregex = '(?i){0}_[a-z0-9]{{32}}'\nkeywords = ['{0}']\n",
            "ω".repeat(10)
        ));
        assert_eq!(many.search(body).enabled, [true]);
    }

    /// `check`, which redacting a name or a message runs before any
    /// document may have been analysed, searches with the scanner's one
    /// joint search, the one the engine's passes search with (it built a
    /// keyword-only automaton of its own, a second one per process), and
    /// builds no automaton for a short name.
    #[test]
    fn check_searches_with_the_joint_search_the_engine_uses() {
        let scanner = TokenScanner::new(builtin_rules().to_vec());
        let mut found = Vec::new();
        scanner.check("a_name", &|_| true, usize::MAX, &mut found);
        assert!(scanner.first_bytes.get().is_some());
        assert!(scanner.joint.get().is_none() && scanner.joint_dfa.get().is_none());
        assert!(found.is_empty());
    }

    #[test]
    fn pieces_of_one_string_are_joined() {
        for gap in [
            "\"\n    \"",
            "\" + \"",
            "\",\n        \"",
            "'\n'",
            "\n  ",
            "\" \\\n \"",
        ] {
            assert!(joins_pieces(gap), "{gap:?}");
        }
        for gap in [
            "",
            " ",
            "\"  # a comment\n    \"",
            "\"\nx = \"",
            "\" . \"",
            "\n\"",
            "\"",
        ] {
            assert!(!joins_pieces(gap), "{gap:?}");
        }
    }

    /// The runs, found by walking every byte.
    fn base64_runs_bytewise(text: &str) -> Vec<Range<usize>> {
        let bytes = text.as_bytes();
        let mut runs = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            if !is_base64_byte(bytes[at]) {
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && is_base64_byte(bytes[at]) {
                at += 1;
            }
            let end = padded(bytes, at);
            if at - start >= PIECE_MIN_LEN {
                runs.push(start..end);
            }
            at = end.max(at);
        }
        runs
    }

    #[test]
    fn probing_finds_the_runs_a_bytewise_walk_does() {
        // Runs of every length around the probe distance, with and without
        // padding, at every offset, from a fixed pseudo-random sequence.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..next(12) {
                let len = next(40) as usize;
                text.extend((0..len).map(|i| (b'a' + (i % 26) as u8) as char));
                text.push_str(["=", "==", "===", " ", "\n", "\"", ""][next(7) as usize]);
            }
            assert_eq!(base64_runs(&text), base64_runs_bytewise(&text), "{text:?}");
        }
    }

    #[test]
    fn encoded_text_is_decoded_across_literals() {
        // `{"token": "…"}` in base64, split over two literals.
        let text = "X = (\n    \"eyJ0b2tlbiI6ICJ3b3Jk\"\n    \"cyBvbmx5IGhlcmUifQ==\"\n)\n";
        let blobs = encoded_texts(text);
        assert_eq!(blobs.len(), 1);
        let (span, decoded) = &blobs[0];
        assert_eq!(decoded, "{\"token\": \"words only here\"}");
        assert!(text[span.clone()].starts_with("eyJ0") && text[span.clone()].ends_with("=="));
        // Random bytes, hex and identifiers decode to no text.
        for other in [
            "K = \"q8Zr2LmK4xW9tYv1Ns7Pq8Zr2LmK4xW9tYv1Ns7Pq8Zr2LmK\"",
            "K = \"9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928\"",
            "fn a_very_long_function_name_that_goes_on_and_on() {}",
        ] {
            assert!(encoded_texts(other).is_empty(), "{other}");
        }
    }

    #[test]
    fn boundaries_hold_anywhere_when_a_pattern_reads_a_name() {
        assert_eq!(oracle::glued(r"\b(ab)\b"), r"(ab)");
        assert_eq!(oracle::glued(r"\b{start}x"), r"x");
        // Escapes and classes are left alone; a negated class lets `_` in.
        assert_eq!(oracle::glued(r"\\b[\b]"), r"\\b[\b]");
        assert_eq!(oracle::glued(r"[^]_][_]"), r"[^]][_]");
        assert_eq!(oracle::glued(r"x[^A-Za-z0-9_-]y"), r"x[^A-Za-z0-9-]y");
        // Groups spelling a boundary out go whole.
        assert_eq!(oracle::glued(r"x(?:[^A-Za-z0-9_-]|\z)"), r"x");
        assert_eq!(oracle::glued(r"x(?:[^\]A-Z_]|$)y"), r"xy");
        assert_eq!(
            oracle::glued(r"(?m)(?:^|[^0-9A-Za-z_:-]|(?-u:\b)bot)([0-9]{8}:AA)"),
            r"(?m)([0-9]{8}:AA)"
        );
        // Other groups stay: a capture inside, or no edge.
        assert_eq!(oracle::glued(r"(?:^|(x))y"), r"(?:^|(x))y");
        assert_eq!(oracle::glued(r"(?:a|[^_b])y"), r"(?:a|[^b])y");
    }

    /// The spans of the tokens `scanner` finds in `text`, as written.
    fn spans_found(scanner: &TokenScanner, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        scanner.check(text, &|_| true, usize::MAX, &mut out);
        out.into_iter().map(|c| c.span).collect()
    }

    #[test]
    fn a_token_glued_into_a_name_is_read_as_a_word_of_its_own() {
        let scanner = scanner_of(
            r#"
            id = "test-acme"
            regex = '\b(acme_[a-z0-9_]{20})\b'
            secret-group = 1
            keywords = ["acme_"]
            "#,
        );
        let as_written = |text: &str| spans_found(&scanner, text);
        // Glued before, after, both, with a `_` inside the token, and two
        // tokens sharing the `_` between them: hidden, and reported by the
        // rule, since the `_` is a name's separator.
        let plain = "acme_q8zr2lmk4xw9tyv1s7pa";
        let inner = "acme_q8zr2lmk4xw9tyv1_s7p";
        for (name, tokens) in [
            (format!("backup_{plain} = 1"), vec![plain]),
            (format!("{plain}_old = 1"), vec![plain]),
            (format!("backup_{inner}_old = 1"), vec![inner]),
            (format!("x_{plain}_{inner}_y"), vec![plain, inner]),
            // A non-ASCII letter is no token's (a13 #6: `トークンはghp_…です`).
            (format!("é{plain}é"), vec![plain]),
        ] {
            let reported: Vec<&str> = (as_written(&name).into_iter())
                .map(|span| &name[span])
                .collect();
            assert_eq!(reported, tokens, "{name}");
            let found: Vec<&str> = (scanner.glued_spans(&name).into_iter())
                .map(|span| &name[span])
                .collect();
            assert_eq!(found, tokens, "{name}");
        }
        // Not glued: the same as written.
        let text = format!("key = {plain}");
        assert_eq!(scanner.glued_spans(&text), as_written(&text), "{text}");
        // Glued by an ASCII letter or a digit (a11 #2): the token is
        // hidden, not reported (the letters may be its body's).
        for (name, token) in [
            (format!("v2{plain}_x"), plain.to_owned()),
            (format!("my{plain}Password"), plain.to_owned()),
            (format!("{plain}2"), plain.to_owned()),
        ] {
            assert!(as_written(&name).is_empty(), "{name}");
            let found: Vec<&str> = (scanner.glued_spans(&name).into_iter())
                .map(|span| &name[span])
                .collect();
            assert_eq!(found, [token.as_str()], "{name}");
        }
    }

    /// A pattern and its secret's group, as written and as the text
    /// rewrite ([`oracle::underscore_tolerant`]) read them.
    type Read<'a> = Option<(&'a str, usize)>;

    /// Patterns of each shape the rewrites read, with what the text
    /// rewrite made of them.
    const SHAPES: &[(&str, usize, Read)] = &[
        (r"\b(ab)\b", 1, Some((r"(?:\b|_)(ab)(?:\b|_)", 1))),
        (
            r"\b{start}(ab)\b{end}x",
            1,
            Some((r"(?:\b{start}|_)(ab)(?:\b{end}|_)x", 1)),
        ),
        // A group spelling a boundary out takes `_` as one more
        // alternative, unless it comes after a token whose body takes
        // `_`: such a body runs on past one.
        (
            r"\b(a(?:b|c))(?:[^A-Za-z0-9+/=]|\z)",
            1,
            Some((r"(?:\b|_)(a(?:b|c))(?:[^A-Za-z0-9+/=]|\z|_)", 1)),
        ),
        (
            r"\b(a[a-z_-]{9})(?:[^A-Za-z0-9_-]|\z)",
            1,
            Some((r"(?:\b|_)(a[a-z_-]{9})(?:[^A-Za-z0-9_-]|\z)", 1)),
        ),
        (
            r"(?m)(?:^|[^0-9_:-]|(?-u:\b)bot)([0-9]{8})",
            1,
            Some((r"(?m)(?:^|[^0-9_:-]|(?-u:\b)bot|_)([0-9]{8})", 1)),
        ),
        // Out through groups that only set flags; a boundary away from
        // the secret (`\bcf`) stays.
        (
            r"(?i)\bcf[^\n]{0,9}?(?-u:\b)(?-i:(SK[a-f]{4}))\b",
            1,
            Some((
                r"(?i)\bcf[^\n]{0,9}?(?:(?-u:\b)|_)(?-i:(SK[a-f]{4}))(?:\b|_)",
                1,
            )),
        ),
        (r"(?:\b(a)|b)c", 1, Some((r"(?:(?:\b|_)(a)|b)c", 1))),
        (r"key=(ab)", 1, None),
        // An escaped `\` is no boundary.
        (r"\\b(ab)", 1, None),
        // A secret that is the whole match gets a group of its own.
        (
            r"(?i)\bacme_[a-z]{4}\b",
            0,
            Some((r"(?i)(?:\b|_)(acme_[a-z]{4})(?:\b|_)", 1)),
        ),
        (r"\ba\b|\bb\b", 0, None),
        // The text rewrite did not move a boundary across a flag
        // directive; parsed, the directive is each piece's flags.
        (r"\bab(?-u)\b", 0, None),
        (r"-----BEGIN KEY-----", 0, None),
    ];

    /// Patterns whose whole match is the secret that the text rewrite
    /// left as written and the parsed one reads with `_` at its edges.
    const NEWLY_READ: [&str; 2] = [r"\ba\b|\bb\b", r"\bab(?-u)\b"];

    /// The parsed rewrite changes the patterns the text rewrite did, and
    /// the group holding the secret is the same; it also reads those of
    /// [`NEWLY_READ`], which the text rewrite left.
    #[test]
    fn boundaries_at_a_secrets_edges_take_a_underscore() {
        for &(pattern, group, read) in SHAPES {
            // Before the secret, the boundary takes an escape as well.
            let text_read = read.map(|(pattern, group)| {
                let before = format!("{UNDERSCORE_OR_ESCAPE})(");
                (pattern.replace("|_)(", &before), group)
            });
            assert_eq!(oracle::underscore_tolerant(pattern, group), text_read);
            let expected = match NEWLY_READ.contains(&pattern) {
                true => Some(1),
                false => read.map(|(_, group)| group),
            };
            let parsed = Pattern::underscored(pattern, group).map(|(_, group)| group);
            assert_eq!(parsed, expected, "{pattern}");
        }
        for (source, text, expected) in [
            (NEWLY_READ[0], "x_a b_", &["a"][..]),
            (NEWLY_READ[1], "x_ab_y ab", &["ab", "ab"]),
        ] {
            let (pattern, group) = Pattern::underscored(source, 0).unwrap();
            let found: Vec<&str> = (pattern.spans(text, true, group, "t"))
                .map(|span| &text[span])
                .collect();
            assert_eq!(found, expected, "{source}");
        }
    }

    /// The parsed rewrite ([`underscore_edges`]) finds what the text
    /// rewrite it replaced ([`oracle::underscore_tolerant`]) found, in
    /// both compiled forms (ASCII text is also searched by the Unicode
    /// form), for every rule of the table and every shape of [`SHAPES`]
    /// but those [`NEWLY_READ`]:
    /// over each example and negative example, and each token the rule
    /// finds there (or the pattern's shortest match) set as written, glued
    /// by `_`, by a letter or a digit, by a non-ASCII letter, by
    /// punctuation and at the text's edges.
    #[test]
    fn underscore_edges_match_as_the_text_rewrite_did() {
        let rules = builtin_rules().iter().map(|rule| {
            let texts = rule.def.examples.iter().chain(&rule.def.negative_examples);
            (
                rule.def.regex.as_str(),
                rule.def.secret_group,
                texts.cloned().collect(),
            )
        });
        let shapes = (SHAPES.iter())
            .filter(|(pattern, ..)| !NEWLY_READ.contains(pattern))
            .map(|&(pattern, group, _)| {
                let token = regex_syntax::parse(pattern).unwrap();
                (pattern, group, vec![shortest_match(&token)])
            });
        let mut compared = 0;
        for (source, group, examples) in rules.chain(shapes).collect::<Vec<(_, _, Vec<String>)>>() {
            // The text rewrite read `(?m:^)` as a group, not an edge, and
            // left the alternation before a private key's base64 as it was;
            // its `[^A-Za-z0-9+/]` took `_` already, but not an escape
            // ending in a letter or a digit (`\u0022MII…`), which the
            // parsed rewrite now takes there too.
            let old = match oracle::underscore_tolerant(&source.replace("(?m:^)", "^"), group) {
                Some((read, group)) => (Pattern::new(&read), group),
                None => (Pattern::new(source), group),
            };
            let new = Pattern::underscored(source, group)
                .unwrap_or_else(|| (Pattern::new(source), group));
            compared += assert_same_spans(source, &old, &new, &examples);
        }
        assert!(compared > 100_000, "{compared}");
    }

    /// [`glued`] finds what the text rewrite it replaced
    /// ([`oracle::glued`]) found, as
    /// [`underscore_edges_match_as_the_text_rewrite_did`] checks, for the
    /// regex and gate of every rule of the table. One alternation with a
    /// line edge (`(?:(?m:^)|[^A-Za-z0-9+/]|…)` before a private key's
    /// base64) was kept by the text rewrite, which read `(?m:^)` as a
    /// group, not an edge; it now goes like the others (a key glued by a
    /// letter is hidden too), so the oracle reads it as `^`.
    #[test]
    fn glued_patterns_match_as_the_text_rewrite_did() {
        let mut compared = 0;
        for rule in builtin_rules() {
            let examples: Vec<String> = (rule.def.examples.iter())
                .chain(&rule.def.negative_examples)
                .cloned()
                .collect();
            let patterns = [(&rule.def.regex, rule.def.secret_group)]
                .into_iter()
                .chain(rule.def.gate.iter().map(|gate| (gate, 0)));
            for (source, group) in patterns {
                // The text rewrite read `(?m:^)` as a group, not an edge.
                let text_read = oracle::glued(&source.replace("(?m:^)", "^"));
                let old = match regex_syntax::parse(&text_read) {
                    Ok(_) => Pattern::new(&text_read),
                    Err(_) => Pattern::new(source),
                };
                let new = Pattern::glued(source);
                compared += assert_same_spans(source, &(old, group), &(new, group), &examples);
            }
        }
        assert!(compared > 100_000, "{compared}");
    }

    /// Asserts that `new` finds the spans `old` finds, each a pattern of
    /// `source` with the group holding the secret there, in both compiled
    /// forms (ASCII text is also searched by the Unicode form): over each
    /// of `examples`, and each token `old` finds there set as written,
    /// glued by `_`, by a letter or a digit, by a non-ASCII letter, by
    /// punctuation and at the text's edges. Gives how many searches it
    /// compared.
    fn assert_same_spans(
        source: &str,
        (old, old_group): &(Pattern, usize),
        (new, new_group): &(Pattern, usize),
        examples: &[String],
    ) -> usize {
        let glue = [
            "", "_", "__", "x_", "_x", "a", "Z", "9", "é", "ト", " ", "-", ".", "=", "/", "\n",
            "\\n", "\\u0022", "\\x22", "%2F", "\\\\t", "%G1",
        ];
        let mut compared = 0;
        for example in examples {
            let mut texts = vec![example.clone()];
            let tokens: Vec<Range<usize>> =
                (old.spans(example, example.is_ascii(), *old_group, "t")).collect();
            for span in tokens {
                let token = &example[span.clone()];
                let (head, tail) = (&example[..span.start], &example[span.end..]);
                for before in glue {
                    for after in glue {
                        texts.push(format!("{head}{before}{token}{after}{tail}"));
                        texts.push(format!("{before}{token}{after}"));
                    }
                }
            }
            for text in texts {
                for ascii in [true, false].into_iter().filter(|&a| !a || text.is_ascii()) {
                    let old: Vec<_> = old.spans(&text, ascii, *old_group, "t").collect();
                    let new: Vec<_> = new.spans(&text, ascii, *new_group, "t").collect();
                    assert_eq!(new, old, "{source}: {text:?}");
                    compared += 1;
                }
            }
        }
        compared
    }

    /// A shortest text `hir` matches, for the patterns of [`SHAPES`]: each
    /// repetition at its least, each alternation's first alternative, a
    /// class's first character, an assertion nothing.
    fn shortest_match(hir: &Hir) -> String {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => String::new(),
            HirKind::Literal(literal) => String::from_utf8_lossy(&literal.0).into_owned(),
            HirKind::Class(regex_syntax::hir::Class::Unicode(class)) => {
                class.ranges()[0].start().to_string()
            }
            HirKind::Class(regex_syntax::hir::Class::Bytes(class)) => {
                char::from(class.ranges()[0].start()).to_string()
            }
            HirKind::Repetition(repetition) => {
                shortest_match(&repetition.sub).repeat(repetition.min as usize)
            }
            HirKind::Capture(capture) => shortest_match(&capture.sub),
            HirKind::Concat(pieces) => pieces.iter().map(shortest_match).collect(),
            HirKind::Alternation(pieces) => shortest_match(&pieces[0]),
        }
    }

    /// What `rule` found before its pattern read a `_` at its edges: the
    /// matches of the pattern as written, and those of [`glued`]'s form
    /// that a `_` glues (each side a `_`, an edge or no letter or digit,
    /// one side a `_`) and no match of the first search overlaps.
    fn found_by_two_searches(rule: &TokenRule, text: &str) -> Vec<Range<usize>> {
        if !rule.passes_gate(text) {
            return Vec::new();
        }
        let group = rule.def.secret_group;
        let mut spans: Vec<Range<usize>> = (rule.regex().captures_iter(text))
            .map(|caps| caps.get(group).or(caps.get(0)).unwrap().range())
            .collect();
        let mut added = Vec::new();
        for span in rule.glued_matches(text) {
            let before = text[..span.start].chars().next_back();
            let after = text[span.end..].chars().next();
            let side = |c: Option<char>| c.is_none_or(|c| c == '_' || !c.is_alphanumeric());
            let glued = before == Some('_') || after == Some('_');
            let first_after = spans.partition_point(|s| s.end <= span.start);
            let overlaps = spans.get(first_after).is_some_and(|s| s.start < span.end);
            if glued && side(before) && side(after) && !overlaps {
                added.push(span);
            }
        }
        spans.extend(added);
        spans.sort_by_key(|s| (s.start, s.end));
        spans.retain(|span| rule.accepts(&text[span.clone()]));
        spans
    }

    /// One search of the pattern read with `_` at its edges finds what
    /// the two searches found, over every example and negative example of
    /// the table, as written and with each token glued into a name or a key
    /// by `_` (`backup_…`, `…_old`, `x_…_y`, `"…_"`). Where the second
    /// search's looser pattern and the rule's own edges disagree beyond
    /// that (a `_` on one side and, on the other, a character the rule's
    /// edge refuses but the looser one took, `x_glpat-…-`, or one it takes
    /// that is a letter, `x_IQoJ…é`; a `_` after a token whose body takes
    /// `_`, `glpat-…_`, see [`widen_edge`]), the rule's edges now decide.
    /// One search also finds a glued token the second search cut short.
    /// Every text a provider's glued pattern matches holds the run of
    /// characters [`Run`] asks for, so skipping the texts without one
    /// changes no redaction: each rule's examples, glued into names, and
    /// put beside a character outside ASCII (as a message's `…` is), where
    /// the pattern compiled in Unicode mode runs.
    ///
    /// Likewise every text the regex as searched matches is as long as
    /// [`Compiled::detect_gates`] asks and holds its run, so a rule whose
    /// keyword a text holds but not the run (a file naming `pat` without 64
    /// hex digits in a row) finds nothing without compiling its regex.
    #[test]
    fn a_glued_or_detected_match_holds_its_run() {
        let mut with_run = [0, 0];
        for rule in builtin_rules() {
            let glued = Pattern::glued(&rule.def.regex);
            for (reading, pattern) in [&glued, rule.detect().0].into_iter().enumerate() {
                let (shortest, run) = Run::gates(pattern);
                with_run[reading] += usize::from(run.is_some());
                let examples = rule.def.examples.iter().chain(&rule.def.negative_examples);
                for example in examples {
                    for text in [
                        example.clone(),
                        format!("backup_{example}_password"),
                        format!("key = \"{example}\" # password"),
                        format!("`{example}` … ſ"),
                    ] {
                        let regex = pattern.unicode(&rule.rule_id, "regex");
                        let holds = text.len() >= shortest
                            && run.as_ref().is_none_or(|run| run.is_in(&text));
                        assert!(!regex.is_match(&text) || holds, "{}: {text}", rule.rule_id);
                    }
                }
            }
            for example in &rule.def.examples {
                if rule.is_match(example) {
                    assert!(rule.may_hold_match(example), "{}", rule.rule_id);
                }
            }
        }
        assert!(with_run.iter().all(|&n| n > 60), "{with_run:?}");
    }

    /// A run is the longest class repeated in a concatenation, the
    /// shortest of an alternation's over the union of their classes.
    #[test]
    fn runs_are_read_from_the_pattern() {
        let run = |source: &str| {
            let hir = regex_syntax::parse(source).unwrap();
            Run::required(&hir).map(|run| (run.len, run.ascii.count_ones(), run.other))
        };
        assert_eq!(run(r"ab[0-9]{4}x[a-f]{6}"), Some((6, 6, false)));
        assert_eq!(run(r"(?:[0-9]{8}|[a-z]{5})"), Some((5, 36, false)));
        assert_eq!(run(r"(?:[0-9]{8}|abc)"), None);
        assert_eq!(run(r"(?:x[0-9]{3}){2,}"), Some((3, 10, false)));
        assert_eq!(run(r"(?i)k{3}"), Some((3, 2, true)));
        assert_eq!(run(r"(?-u)[0-9]{3}"), Some((3, 10, true)));
        let hir = regex_syntax::parse(r"k[0-9a-f]{4}").unwrap();
        let run = Run::required(&hir).unwrap();
        assert!(run.is_in("k-12ab"));
        assert!(!run.is_in("k-12-ab3"));
        assert!(!run.is_in("ééé12x"));
    }

    /// The skipping search answers as reading every byte in order does.
    #[test]
    fn a_run_is_found_as_a_byte_by_byte_read_finds_it() {
        let texts = [
            "",
            "ab",
            "abc",
            "xabcx",
            "ab-abc",
            "a-b-c-d",
            "abab-ababab",
            "é-abc",
            "abcé",
            "ééé",
            "--abc--ab",
            "aaaa-aaa-aaaa",
        ];
        for source in [r"[a-c]{3}", r"(?-u)[a-c]{3}", r"[a-c]{2}", r"[a-c]{4}"] {
            let run = Run::required(&regex_syntax::parse(source).unwrap()).unwrap();
            for text in texts {
                let mut row = 0;
                let read = text.bytes().any(|b| {
                    let within = if b.is_ascii() {
                        run.ascii & 1 << b != 0
                    } else {
                        run.other
                    };
                    row = if within { row + 1 } else { 0 };
                    row >= run.len
                });
                assert_eq!(run.is_in(text), read, "{source} {text:?}");
            }
        }
    }

    #[test]
    fn one_search_finds_what_two_did() {
        let glue = [
            ("", ""),
            ("_", ""),
            ("", "_"),
            ("x_", ""),
            ("", "_x"),
            ("x_", "_x"),
            ("_", "_"),
        ];
        let mut compared = 0;
        for rule in builtin_rules() {
            let examples = rule.def.examples.iter().chain(&rule.def.negative_examples);
            for example in examples {
                let mut texts = vec![example.clone()];
                for span in found_by_two_searches(rule, example) {
                    let token = &example[span.clone()];
                    let (head, tail) = (&example[..span.start], &example[span.end..]);
                    for (before, after) in glue {
                        // The rule's body takes `_`: see above.
                        let text_read =
                            oracle::underscore_tolerant(&rule.def.regex, rule.def.secret_group);
                        if after.starts_with('_')
                            && !text_read.is_some_and(|(read, _)| read.ends_with("|_)"))
                        {
                            continue;
                        }
                        texts.push(format!("{head}{before}{token}{after}{tail}"));
                        texts.push(format!("{before}{token}{after}"));
                    }
                }
                for text in texts {
                    let one: Vec<Range<usize>> = rule.matches(&text, &|_| true).collect();
                    let two = found_by_two_searches(rule, &text);
                    // A search could stop inside a longer token glued by `_`:
                    // the glued form's first alternative (`glpat-` and 20
                    // characters of one with a `.…` tail), which its sides
                    // then refused, or the pattern's `\b` backing off to a
                    // `-` (`xoxa-…-…_`), which reported a part of it. One
                    // search finds the whole token. Nothing else is new.
                    let glued = |s: &Range<usize>| {
                        text[..s.start].ends_with('_') || text[s.end..].starts_with('_')
                    };
                    assert!(
                        (two.iter())
                            .all(|s| one.iter().any(|o| o.start <= s.start && s.end <= o.end))
                            && one.iter().all(|s| two.contains(s) || glued(s)),
                        "{}: {text}: {one:?} {two:?}",
                        rule.rule_id
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 4_000, "{compared}");
    }

    /// A rule of `regex` (its secret the first group) and `keyword`, made
    /// as the table's are: compiled on first use.
    fn lazy_rule(regex: &str, keyword: &str) -> TokenRule {
        let def = TokenRuleDef {
            id: format!("test-{keyword}"),
            regex: regex.to_owned(),
            secret_group: 1,
            keywords: vec![keyword.to_owned()],
            ..toml::from_str("id = ''\nregex = ''\nkeywords = []").unwrap()
        };
        TokenRule::new(def, false).unwrap()
    }

    /// Where Unicode mode and its absence differ on text that is not ASCII
    /// (`é` is a word character, `K` is the Kelvin sign's case, a repetition
    /// counts characters, not bytes), the widened pattern matches wherever
    /// the pattern as written does, and the answer is the latter's.
    #[test]
    fn widened_patterns_match_wherever_the_unicode_ones_do() {
        for (pattern, text) in [
            (
                r"(?i)\bkey[^\r\n]{0,5}?\b([a-z]{4})\b",
                "\u{212A}ey=éé abcd",
            ),
            (r"(?i)\bkey[^\r\n]{0,5}?\b([a-z]{4})\b", "key=ééé abcd"),
            (r"\b(ab12)\b", "éab12"),
            (r"\b(ab12)\b", "ab12é"),
            (r"\b(ab12)\b", "é ab12 é"),
            (r"x\w{3}y", "xéééy"),
            (r"x.{2}y", "x😀éy"),
            (r"x\D{2}y", "x٣٣y"),
            (r"(?i)ſ[^a]+$", "ſkö"),
            (r"(?m)^é(\p{L}+)$", "x\néçà\n"),
        ] {
            // As the pattern reads non-ASCII text: with ASCII's boundaries.
            let read = ascii_boundaries(&regex_syntax::parse(pattern).unwrap());
            let expected = Regex::new(&read.to_string()).unwrap().is_match(text);
            let widened = Pattern::new(pattern);
            let wide = widened.wide().expect("widens");
            assert!(
                !expected || wide.is_match(text.as_bytes()),
                "{pattern} {text}"
            );
            assert_eq!(
                widened.is_match(text, "r", "regex"),
                expected,
                "{pattern} {text}"
            );
        }
    }

    /// Text that is not ASCII and holds a rule's keyword but no token is
    /// answered by the widened pattern: the pattern as written, ten times
    /// dearer to compile with Unicode mode, is compiled for a text where
    /// it may match, and finds the token there.
    #[test]
    fn unicode_patterns_compile_only_where_a_token_may_be() {
        let rule = lazy_rule(
            r#"(?i)\bacme[\w.-]{0,20}[\s=:"]{1,4}\b(acme_[a-z0-9]{20})\b"#,
            "acme",
        );
        let scanner = TokenScanner::new(vec![rule.clone()]);
        let found = |text: &str| spans_found(&scanner, text);
        assert!(found("# café: acme settings are read below\n").is_empty());
        assert!(rule.detect().0.unicode.get().is_none());
        let text = "# café\nacme_clé = \"acme_q8zr2lmk4xw9tyv1s7pa\"\n";
        let spans = found(text);
        assert_eq!(spans.len(), 1);
        assert_eq!(&text[spans[0].clone()], "acme_q8zr2lmk4xw9tyv1s7pa");
        assert!(rule.detect().0.unicode.get().is_some());
    }

    /// a13 #6: a token written against CJK or Hangul text with no space is
    /// found, its boundaries being ASCII's as in ASCII text; one glued to
    /// an ASCII letter is not.
    #[test]
    fn tokens_against_cjk_text_are_found() {
        let rule = lazy_rule(r"\b(acme_[a-z0-9]{20})\b", "acme");
        let token = "acme_q8zr2lmk4xw9tyv1s7pa";
        for text in [
            format!("# トークンは{token}です"),
            format!("令牌{token}。"),
            format!("토큰{token} 입니다"),
        ] {
            let spans: Vec<_> = rule.matches(&text, &|_| true).collect();
            assert_eq!(spans.len(), 1, "{text}");
            assert_eq!(&text[spans[0].clone()], token);
        }
        assert_eq!(rule.matches(&format!("é: x{token}y"), &|_| true).count(), 0);
    }

    /// A GitHub or npm token glued to a letter or digit before or after it
    /// (a17 #9) is found when its checksum holds; with one character of
    /// the checksum changed, it is not.
    #[test]
    fn checksummed_tokens_are_found_glued_to_the_text_around_them() {
        let scanner = TokenScanner::builtin();
        for (prefix, rule) in [
            ("ghp_", "secret/github-pat"),
            ("gho_", "secret/github-oauth-token"),
            ("ghs_", "secret/github-server-to-server-token"),
            ("npm_", "secret/npm-access-token"),
        ] {
            for seed in 0..20 {
                let token = checksum::tests::checksummed(prefix, seed);
                assert!(Checksum::Crc32Base62.holds(&token), "{token}");
                for text in [
                    format!("x = \"tok{token}\"\n"),
                    format!("x = \"{token}xyz\"\n"),
                    format!("x = tok{token}z\n"),
                ] {
                    let mut found = Vec::new();
                    scanner.check(&text, &|_| true, usize::MAX, &mut found);
                    assert_eq!(found.len(), 1, "{text}");
                    assert_eq!(found[0].rule, rule);
                    assert_eq!(&text[found[0].span.clone()], token);
                }
                let mut wrong = token.clone();
                let last = if wrong.ends_with('a') { "b" } else { "a" };
                wrong.replace_range(wrong.len() - 1.., last);
                for text in [format!("x = tok{wrong}\n"), format!("x = {wrong}z\n")] {
                    let mut found = Vec::new();
                    scanner.check(&text, &|_| true, usize::MAX, &mut found);
                    assert!(found.is_empty(), "{text}");
                }
            }
        }
    }

    /// The rules `text` gives candidates of, by id.
    fn rules_found(scanner: &TokenScanner, text: &str) -> Vec<String> {
        let mut found = Vec::new();
        scanner.check(text, &|_| true, usize::MAX, &mut found);
        found.into_iter().map(|c| c.rule.to_string()).collect()
    }

    /// An NKey seed is reported when its CRC-16 holds, and not with one
    /// character changed: that is base32 data which only starts like a
    /// seed. Glued to a letter before it, a seed whose checksum holds is
    /// not reported either: 16 bits do not stand in for a word boundary.
    #[test]
    fn nkey_seeds_are_reported_only_when_their_checksum_holds() {
        let scanner = TokenScanner::builtin();
        for kind in [b'U', b'A', b'O', b'N', b'C', b'X'] {
            for n in 0..10 {
                let seed = checksum::tests::nkey_seed(kind, n);
                let found = rules_found(scanner, &format!("seed = \"{seed}\"\n"));
                assert_eq!(found, ["secret/nats-nkey-seed"], "{seed}");
                let broken = checksum::tests::one_changed(&seed, 30);
                let found = rules_found(scanner, &format!("seed = \"{broken}\"\n"));
                assert!(found.is_empty(), "{broken}");
                assert!(rules_found(scanner, &format!("seed = x{seed}\n")).is_empty());
            }
        }
    }

    /// A project's rule declares a checksum as the table's rules do; an
    /// unknown kind is an error, and so is requiring a checksum without
    /// naming one.
    #[test]
    fn a_project_rule_declares_its_checksum() {
        let scanner = scanner_of(
            r#"
            id = "test-seed"
            regex = '\b(S[UA]A[A-Z2-7]{55})\b'
            secret-group = 1
            keywords = ["sua", "saa"]
            checksum = "crc16-xmodem-base32"
            checksum-required = true
            "#,
        );
        let seed = checksum::tests::nkey_seed(b'U', 7);
        let broken = checksum::tests::one_changed(&seed, 30);
        assert_eq!(rules_found(&scanner, &seed), ["secret/test-seed"]);
        assert!(rules_found(&scanner, &broken).is_empty(), "{broken}");
        let rule = "id = 'x'\nregex = 'x_[a-z]{9}'\nkeywords = ['x_']\n";
        assert!(toml::from_str::<TokenRuleDef>(&format!("{rule}checksum = 'crc8'")).is_err());
        let def = toml::from_str(&format!("{rule}checksum-required = true")).unwrap();
        assert!(TokenRule::new(def, true).is_err());
    }

    /// Text that is not ASCII asks the literals read with Unicode mode of
    /// the rules whose keyword it holds, and of no other rule.
    #[test]
    fn unicode_literals_are_read_for_the_rules_a_text_holds_keywords_of() {
        let rule = |keyword: &str| {
            let regex = format!(r"(?i)\b{keyword}[^\n]{{0,20}}?(?-i:(EAA[A-Za-z0-9]{{20}}))");
            lazy_rule(&regex, keyword)
        };
        let (fb, mt) = (rule("fb"), rule("mt"));
        let scanner = TokenScanner::new(vec![fb.clone(), mt.clone()]);
        let token = "EAAq8Zr2LmK4xW9tYv1Ns7P";
        assert_eq!(scanner.search("fb_tokén = 1").enabled, [false, false]);
        let text = format!("fb_tokén = \"{token}\"");
        assert_eq!(scanner.search(&text).enabled, [true, false]);
        assert!(fb.compiled.unicode_literals.get().is_some());
        assert!(mt.compiled.unicode_literals.get().is_none());
    }

    /// A name shorter than any match of a rule is not searched: a path
    /// holding AWS's keyword (`secrets.py`) compiles no pattern to show;
    /// nor is a message without the token's run of characters ([`Run`]).
    #[test]
    fn a_name_shorter_than_a_token_compiles_nothing() {
        let rule = lazy_rule(r"\b(acme_[a-z0-9_]{20})\b", "acme");
        assert!(rule.glued_matches("acme.py").is_empty());
        let (regex, _, shortest, _) = rule.compiled.glued.get().unwrap();
        assert_eq!(*shortest, 25);
        assert!(regex.ascii.get().is_none() && regex.unicode.get().is_none());
        // Long enough, but without 20 of the token's characters in a row.
        let message = "`acme` is set to a hardcoded secret `q…a (20 chars)`";
        assert!(rule.glued_matches(message).is_empty());
        assert!(regex.ascii.get().is_none() && regex.unicode.get().is_none());
        let name = "backup_acme_q8zr2lmk4xw9tyv1s7pa.txt";
        let found: Vec<&str> = (rule.glued_matches(name).into_iter())
            .map(|span| &name[span])
            .collect();
        assert_eq!(found, ["acme_q8zr2lmk4xw9tyv1s7pa"]);
    }

    /// The joint search goes by first byte until [`NFA_AFTER_BYTES`] were
    /// searched, then by a contiguous NFA until [`DFA_AFTER_BYTES`], then
    /// by a DFA, and all three find the same in every fixture.
    #[test]
    fn the_joint_search_finds_the_same_in_each_of_its_forms() {
        let texts: Vec<String> = (crate::testing::fixture_texts().into_iter())
            .filter(|text| text.len() < NFA_AFTER_BYTES)
            .collect();
        assert!(texts.len() > 100, "{} fixtures", texts.len());
        let scanner = TokenScanner::new(builtin_rules().to_vec());
        // Each text searched as if `before` bytes had been searched already.
        let hits = |before: usize| -> Vec<_> {
            (texts.iter())
                .map(|text| {
                    scanner.searched.store(before, Ordering::Relaxed);
                    let mut h = scanner.search(text);
                    h.others.sort_by_key(|(p, r)| (r.start, r.end, *p));
                    (h.enabled, h.others)
                })
                .collect()
        };
        let by_first_bytes = hits(0);
        assert!(scanner.joint.get().is_none() && scanner.first_bytes.get().is_some());
        let by_nfa = hits(NFA_AFTER_BYTES);
        assert!(scanner.joint.get().is_some() && scanner.joint_dfa.get().is_none());
        let by_dfa = hits(DFA_AFTER_BYTES);
        assert!(scanner.joint_dfa.get().is_some());
        for ((text, first), (nfa, dfa)) in texts
            .iter()
            .zip(&by_first_bytes)
            .zip(by_nfa.iter().zip(&by_dfa))
        {
            assert_eq!(first, nfa, "{text}");
            assert_eq!(nfa, dfa, "{text}");
        }
    }
}
