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
//! Regexes compile on first use, so start-up pays for none of them.

use super::{rule, Candidate, RuleMeta};
use crate::finding::Severity;
use crate::redact::redact;
use crate::value::{
    encodes_made_up_text, entropy, is_fake_token_body, is_inert_jwt, is_published_example,
    split_token_prefix,
};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;
use serde::Deserialize;
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

rule! {
    /// ## What it does
    /// Finds credentials by their provider's published token format: cloud
    /// keys (AWS, GCP, Azure), source-hosting tokens (GitHub, GitLab),
    /// payment, messaging and AI provider keys (Stripe, Slack, Twilio,
    /// OpenAI, Anthropic, …), JWTs and private keys, wherever they appear:
    /// code, comments, configuration, documentation. A token written
    /// base64-encoded is found too: a string (or a string written over
    /// several literals, `"…"` `"…"`) that decodes to text holding a token,
    /// such as JSON of a project's fallback bot credentials or a Kubernetes
    /// Secret's `data`, is reported over its encoded span, once, for the
    /// first token in it that the file does not also hold in clear.
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
}

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
    patterns: OnceLock<Patterns>,
}

/// A rule's compiled patterns: the regex, its gate and its allow-patterns.
#[derive(Clone, Debug)]
struct Patterns {
    regex: Regex,
    gate: Option<Regex>,
    allow: Vec<Regex>,
}

impl Patterns {
    /// Errors name the key, never the pattern (it may hold a pasted secret).
    fn compile(def: &TokenRuleDef) -> Result<Patterns, String> {
        let regex = Regex::new(&def.regex).map_err(|e| format!("regex: {e}"))?;
        let gate =
            (def.gate.as_deref().map(Regex::new).transpose()).map_err(|e| format!("gate: {e}"))?;
        let allow = (def.allow.iter().map(|a| Regex::new(a)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("allow pattern: {e}"))?;
        Ok(Patterns { regex, gate, allow })
    }
}

impl TokenRule {
    /// A rule whose patterns compile on first use or, with `eager`, now
    /// (configuration rules are checked at load time so errors name the file).
    pub fn new(def: TokenRuleDef, eager: bool) -> Result<TokenRule, String> {
        let rule = TokenRule {
            rule_id: format!("secret/{}", def.id),
            def,
            patterns: OnceLock::new(),
        };
        if def_is_invalid(&rule.def) {
            return Err("`keywords` must be non-empty lowercase strings".to_owned());
        }
        if eager {
            let patterns = Patterns::compile(&rule.def)?;
            if rule.def.secret_group >= patterns.regex.captures_len() {
                return Err(format!(
                    "secret_group {} does not exist in the regex",
                    rule.def.secret_group
                ));
            }
            let _ = rule.patterns.set(patterns);
        }
        Ok(rule)
    }

    fn patterns(&self) -> &Patterns {
        self.patterns.get_or_init(|| {
            Patterns::compile(&self.def).unwrap_or_else(|e| panic!("{}: invalid {e}", self.rule_id))
        })
    }

    /// Whether the text may hold a match: no gate, or the gate matches.
    fn passes_gate(&self, text: &str) -> bool {
        (self.patterns().gate.as_ref()).is_none_or(|gate| gate.is_match(text))
    }

    pub fn regex(&self) -> &Regex {
        &self.patterns().regex
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
        doc.push_str(&RuleMeta::from(&FAMILY).doc);
        RuleMeta {
            id: self.rule_id.clone(),
            name: self.name().to_owned(),
            severity: self.severity(),
            summary: FAMILY.summary.to_owned(),
            policy: FAMILY.policy.to_owned(),
            doc,
        }
    }

    /// Whether a regex match's secret passes the entropy floor and allow-patterns.
    fn accepts(&self, secret: &str) -> bool {
        self.def
            .entropy
            .is_none_or(|floor| entropy(secret) >= floor)
            && !self.patterns().allow.iter().any(|a| a.is_match(secret))
            && !obviously_fake(secret)
    }

    /// The secret spans of every accepted match in `text` that `wanted`
    /// keeps (the value checks cost more than the match).
    pub fn matches<'t>(
        &'t self,
        text: &'t str,
        wanted: &'t impl Fn(&Range<usize>) -> bool,
    ) -> impl Iterator<Item = Range<usize>> + 't {
        // Searching no text finds nothing.
        let text = if self.passes_gate(text) { text } else { "" };
        self.regex().captures_iter(text).filter_map(move |caps| {
            let secret = caps.get(self.def.secret_group).or_else(|| caps.get(0))?;
            (wanted(&secret.range()) && self.accepts(secret.as_str())).then(|| secret.range())
        })
    }
}

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

fn is_base64_byte(b: u8) -> bool {
    BASE64_BYTES[usize::from(b)]
}

/// [`is_base64_byte`]'s answer for each byte.
static BASE64_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'_' | b'-');
        b += 1;
    }
    table
};

/// The runs of base64 characters in `text` of [`PIECE_MIN_LEN`] or more,
/// with their padding. Such a run covers the last byte of every window of
/// [`PIECE_MIN_LEN`] bytes it starts in, so only that byte is looked at
/// until one is base64 (most of code is short words): a fraction of the
/// bytes, read once each at most.
fn base64_runs(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    // No run reaches back past `from`: it is 0 or follows a byte that is not base64.
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
        if at - start >= PIECE_MIN_LEN {
            let mut end = at;
            while end < bytes.len() && end - at < 2 && bytes[end] == b'=' {
                end += 1;
            }
            runs.push(start..end);
        }
        // `bytes[at]`, if any, is not base64.
        from = at + 1;
    }
    runs
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
    let mut blobs: Vec<Vec<Range<usize>>> = Vec::new();
    for run in base64_runs(text) {
        match blobs.last_mut() {
            Some(pieces)
                if pieces
                    .last()
                    .is_some_and(|last| joins_pieces(&text[last.end..run.start])) =>
            {
                pieces.push(run);
            }
            _ => blobs.push(vec![run]),
        }
    }
    blobs
        .into_iter()
        .filter_map(|pieces| {
            let len: usize = pieces.iter().map(|p| p.len()).sum();
            if !(ENCODED_MIN_LEN..=ENCODED_MAX_LEN).contains(&len) {
                return None;
            }
            let blob: String = pieces.iter().map(|p| &text[p.clone()]).collect();
            // Encoded text mixes both cases; identifiers and hex do not.
            if !blob.bytes().any(|b| b.is_ascii_uppercase())
                || !blob.bytes().any(|b| b.is_ascii_lowercase())
            {
                return None;
            }
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
/// placeholder or a person-made pattern (`sk-ant-abc123abc123…`), and an
/// encoding of made-up text (a TOTP secret of `1234…` in base32).
fn obviously_fake(secret: &str) -> bool {
    let lower = secret.to_ascii_lowercase();
    secret.contains("EXAMPLE")
        || lower.contains("xxxxxxxx")
        || lower.contains("00000000000")
        || is_published_example(secret)
        || is_inert_jwt(secret)
        || is_fake_token_body(split_token_prefix(secret).map_or(secret, |(_, body)| body))
        || encodes_made_up_text(secret)
}

/// The built-in provider table, parsed once.
pub fn builtin_rules() -> &'static [TokenRule] {
    static RULES: LazyLock<Vec<TokenRule>> = LazyLock::new(|| {
        let table: Table =
            toml::from_str(include_str!("providers.toml")).expect("providers.toml parses");
        table
            .rule
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
    keywords: AhoCorasick,
    /// For each keyword, the rules it enables.
    keyword_rules: Vec<Vec<usize>>,
}

impl TokenScanner {
    pub fn new(rules: Vec<TokenRule>) -> TokenScanner {
        let mut keywords: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            for keyword in &rule.def.keywords {
                match keywords.iter().position(|k| k == keyword) {
                    Some(k) => keyword_rules[k].push(index),
                    None => {
                        keywords.push(keyword.clone());
                        keyword_rules.push(vec![index]);
                    }
                }
            }
        }
        let keywords = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .build(&keywords)
            .expect("keywords build an automaton");
        TokenScanner {
            rules,
            keywords,
            keyword_rules,
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
        self.enabled(text)
            .iter()
            .zip(&self.rules)
            .any(|(&enabled, rule)| enabled && rule.regex().is_match(text))
    }

    /// Which rules have a keyword in `text`.
    fn enabled(&self, text: &str) -> Vec<bool> {
        let mut enabled = vec![false; self.rules.len()];
        for hit in self.keywords.find_overlapping_iter(text) {
            for &rule in &self.keyword_rules[hit.pattern().as_usize()] {
                enabled[rule] = true;
            }
        }
        enabled
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
        let enabled = self.enabled(text);
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
mod tests {
    use super::*;

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

    /// The runs found by looking at every [`PIECE_MIN_LEN`]th byte are
    /// the ones a byte-by-byte scan finds, padding included, on texts of
    /// runs of every length around the minimum, next to each other, to
    /// padding and to the ends.
    #[test]
    fn base64_runs_are_those_of_a_byte_by_byte_scan() {
        fn every_byte(text: &str) -> Vec<Range<usize>> {
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
                let mut end = at;
                while end < bytes.len() && end - at < 2 && bytes[end] == b'=' {
                    end += 1;
                }
                if at - start >= PIECE_MIN_LEN {
                    runs.push(start..end);
                }
                at = end.max(at);
            }
            runs
        }
        let pieces = [
            "a", "Z9", "+/_-", " ", "=", "==", "===", "\n", "\"", ".", "é",
        ];
        let mut next = crate::testing::generator(7);
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..next(12) {
                if next(2) == 0 {
                    text.push_str(&"x".repeat(next(2 * PIECE_MIN_LEN + 2)));
                } else {
                    text.push_str(pieces[next(pieces.len())]);
                }
            }
            assert_eq!(base64_runs(&text), every_byte(&text), "{text:?}");
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
}
