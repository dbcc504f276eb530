//! The rules: one module each, plus the registry that lists them.
//!
//! A rule's doc comment is its user documentation (What it does / Why is this
//! bad? / Example / How to fix); the [`rule!`] macro keeps that text so
//! `credlint explain` prints exactly what the source says. Provider token rules
//! are data (`providers.toml`), documented by their table entry.

pub mod ci_secret_echoed;
pub mod command_lines;
pub mod connection_string;
pub mod credential_files;
pub mod declarations;
pub mod env_direct_access;
pub mod env_direct_write;
pub mod env_dotenv_not_ignored;
pub mod env_template_real_value;
pub mod env_undocumented_variable;
pub mod env_unused_template_variable;
pub mod hardcoded_credential;
pub mod keystore_private_key;
pub mod log_secret_in_repr;
pub mod log_secret_logged;
pub(crate) mod prefilter;
pub mod provider;
pub mod shell_words;
pub mod split_tokens;
pub mod suppression_without_reason;
pub mod unused_suppression;
pub mod yaml_quoted;

use crate::document::{Document, Language};
use crate::finding::Severity;
use crate::project::Project;
use crate::syntax::Facts;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A rule defined in code. Built by [`rule!`] from the rule's doc comment;
/// everything the configuration needs to know of a rule is declared here,
/// in the rule's own file, so no list elsewhere names rules by id.
pub struct CodeRule {
    pub id: &'static str,
    pub severity: Severity,
    /// One line: why a finding matters. Printed under each finding.
    pub summary: &'static str,
    /// The line of the policy the rule enforces.
    pub policy: &'static str,
    /// The doc comment, as Markdown.
    pub doc: &'static str,
    /// Whether the rule runs with the defaults.
    pub activation: Activation,
    /// Which code the rule leaves alone as not being application code.
    pub exemption: Exemption,
    /// How to fix a finding, in one line, with placeholders the engine fills
    /// from the document and its configuration (see [`CodeRule::help`]).
    pub fix: &'static str,
    /// What the engine runs for the rule, and on what. None: the rule judges
    /// the suppression markers, which the engine reads while resolving
    /// every other rule's findings.
    pub checks: &'static [Check],
}

impl CodeRule {
    /// Whether the rule is off unless named or turned on by a policy file.
    pub fn is_opt_in(&self) -> bool {
        matches!(self.activation, Activation::OptIn(_))
    }

    /// What a rule is unless its declaration says otherwise: on by default,
    /// everywhere.
    pub const DEFAULTS: CodeRule = CodeRule {
        id: "",
        severity: Severity::Error,
        summary: "",
        policy: "",
        doc: "",
        activation: Activation::Default,
        exemption: Exemption::None,
        fix: "",
        checks: &[],
    };

    /// The rule's fix for a finding of rule `id` (a provider rule's own id
    /// for the provider family) about `variable`, in a document of
    /// `language`, with the project's names: `{settings}` (the settings
    /// module), `{template}` (the env template), `{import}` (`import` or
    /// `use`), `{variable}` and `{as_variable}`, and `{allow}` (the
    /// suppression comment in the file's own comment syntax).
    pub fn help(
        &self,
        id: &str,
        variable: Option<&str>,
        language: Language,
        project: &ProjectNames,
    ) -> String {
        let mut out = String::with_capacity(self.fix.len() + 64);
        let mut rest = self.fix;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            match &rest[open + 1..close] {
                "settings" => out.push_str(&project.settings),
                "template" => out.push_str(&project.template),
                "import" => out.push_str(match language {
                    Language::Rust => "use",
                    _ => "import",
                }),
                "variable" => match variable {
                    Some(v) => out.push_str(&format!("`{v}`")),
                    None => out.push_str("the value"),
                },
                "as_variable" => {
                    if let Some(v) = variable {
                        out.push_str(&format!(" as `{v}`"));
                    }
                }
                "allow" => out.push_str(&format!(
                    "`{} credlint: allow({id})`",
                    language.comment_prefix()
                )),
                other => {
                    out.push('{');
                    out.push_str(other);
                    out.push('}');
                }
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// One of a rule's checks: the documents it reads, the facts it needs, and
/// the function. The engine loops over [`CODE_RULES`] and runs every check
/// that applies; it names no rule.
#[derive(Clone, Copy)]
pub struct Check {
    pub on: Target,
    /// What the check reads beyond the text. A syntax fact is gathered only
    /// when a check that runs needs it and the prefilter saw its trigger;
    /// a check needing a project fact the project lacks does not run.
    pub needs: &'static [Fact],
    pub run: fn(&Input, &mut Vec<Candidate>),
}

/// Which documents a check reads.
///
/// Byte-level and text checks run whatever the rule selection (they are
/// cheap, and a later check may build on what an earlier one found: a
/// template's real values are the secrets the secret rules found in it, so
/// checks run in registry order); resolution drops the findings of rules not
/// selected. Code checks run only for selected rules, since their facts cost
/// a parse, except the secret rules': a file or folder named after a secret
/// a file inside holds hides it in every path shown, whatever the selection
/// (`engine::path_spans`), so `--select env` costs a default run's parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Every document, in the byte-level stage: a scan with its own prefilter.
    Any,
    /// Files that are neither Python, Rust nor a notebook, with the lines
    /// the prefilter marked.
    Text,
    /// Python and Rust code, on the syntax stage's facts, in that part of
    /// the project.
    Code(Place),
    /// A document against the facts of its whole project, once the other
    /// stages are done; never code extracted from a document (a notebook's
    /// cells, doctests).
    Project,
    /// Binary content, which no other check reads: the file's bytes, in
    /// [`Input::bytes`] (see [`crate::engine::analyse_bytes`]).
    Binary,
}

/// Which code a code check reads, by its relation to the settings module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Anywhere,
    /// The settings module (or build-script code, which is Cargo's).
    SettingsModule,
    OutsideSettingsModule,
}

/// What a check reads beyond the document's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    /// Names, attributes and credential positions bound to literals
    /// (triggered by a credential word).
    Bindings,
    /// Environment reads and writes (triggered by an environment API).
    Environment,
    /// Secrets reaching output calls (triggered by a credential word).
    Logged,
    /// String-typed credential fields of types with a generated repr.
    Reprs,
    /// The project's env template: without one the check does not run.
    Template,
}

/// What a check is given: the document, what the configuration says of
/// it, the prefilter's credential lines and the syntax stage's facts (empty
/// when no check needed them). Not the configuration itself: the rules are
/// what the configuration selects from.
pub struct Input<'a> {
    pub doc: &'a Document,
    /// A binary file's bytes, for the [`Target::Binary`] checks; the
    /// document's text is empty then.
    pub bytes: Option<&'a [u8]>,
    /// The project's facts, when gathered.
    pub project: Option<&'a Project>,
    /// Whether the rules exempting test code exempt it (`test-paths` is set).
    pub exempt_tests: bool,
    /// The project's names (settings module, template), worked out when a
    /// check needs them for a message.
    pub names: &'a dyn Fn() -> ProjectNames,
    pub credential_lines: &'a [Range<usize>],
    /// Code's lines holding a command whose flags take a password without
    /// naming it ([`command_lines`]); text files have them among
    /// `credential_lines`.
    pub command_lines: &'a [Range<usize>],
    pub facts: &'a Facts,
}

/// The project's own names a fix quotes.
#[derive(Clone, Debug)]
pub struct ProjectNames {
    /// The settings module for the document's language.
    pub settings: String,
    /// The env template's file name.
    pub template: String,
}

/// Whether a rule runs when nothing names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activation {
    /// With the defaults (and under `ALL`).
    Default,
    /// Only when a selector names it or its family (`ALL` does not count),
    /// or when the project holds the given policy file: the rules that
    /// judge a whole project's layout, and those stricter than the policy.
    OptIn(Option<PolicyFile>),
}

/// A file of the policy's convention found at a project's root; holding
/// one shows the project follows the policy, and turns on the opt-in rules
/// that check it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyFile {
    /// An env template listing the required variables.
    Template,
    /// A dotenv file holding local values.
    Dotenv,
}

/// The code a rule does not judge, because it is not application code the
/// policy governs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exemption {
    /// Judges every file.
    None,
    /// Skips every test path: a test sets up and inspects the environment
    /// it runs in (the environment rules).
    TestPaths,
    /// Skips test code, but not the standalone programs kept under test
    /// paths (examples, scripts, packaging): a test prints and models the
    /// fixture values it made up, while what a script prints its user sees
    /// (the log rules).
    TestCode,
}

/// Declares a [`CodeRule`] whose documentation is its own doc comment,
/// with its activation and exemption when they are not the defaults.
macro_rules! rule {
    (
        $(#[doc = $doc:literal])*
        pub static $ident:ident = (
            $id:literal, $severity:ident, $summary:literal, $policy:literal
            $(, $field:ident: $value:expr)* $(,)?
        );
    ) => {
        $(#[doc = $doc])*
        // A rule declaring both activation and exemption leaves nothing to
        // the defaults; the update stays so every rule reads the same.
        #[allow(clippy::needless_update)]
        pub static $ident: $crate::rules::CodeRule = $crate::rules::CodeRule {
            id: $id,
            severity: $crate::finding::Severity::$severity,
            summary: $summary,
            policy: $policy,
            doc: concat!($($doc, "\n"),*),
            $($field: $value,)*
            ..$crate::rules::CodeRule::DEFAULTS
        };
    };
}
pub(crate) use rule;

/// What every front needs to know of a rule, code-defined or data-defined.
#[derive(Clone, Debug)]
pub struct RuleMeta {
    pub id: String,
    pub name: String,
    pub severity: Severity,
    pub summary: String,
    /// The policy line the rule enforces.
    pub policy: String,
    /// Markdown documentation, shown by `credlint explain` and in hovers.
    pub doc: String,
}

impl From<&CodeRule> for RuleMeta {
    fn from(rule: &CodeRule) -> Self {
        RuleMeta {
            id: rule.id.to_owned(),
            name: rule
                .id
                .rsplit('/')
                .next()
                .unwrap_or(rule.id)
                .replace('-', " "),
            severity: rule.severity,
            summary: rule.summary.to_owned(),
            policy: rule.policy.to_owned(),
            doc: unindent(rule.doc),
        }
    }
}

/// Doc comments arrive with one leading space per line.
fn unindent(doc: &str) -> String {
    doc.lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The rules defined in code, in the order `credlint rules` lists them.
pub const CODE_RULES: &[&CodeRule] = &[
    &hardcoded_credential::RULE,
    &connection_string::RULE,
    &keystore_private_key::RULE,
    &env_direct_access::RULE,
    &env_direct_write::RULE,
    &env_template_real_value::RULE,
    &env_undocumented_variable::RULE,
    &env_unused_template_variable::RULE,
    &env_dotenv_not_ignored::RULE,
    &log_secret_logged::RULE,
    &log_secret_in_repr::RULE,
    &ci_secret_echoed::RULE,
    &unused_suppression::RULE,
    &suppression_without_reason::RULE,
];

/// The code rule with this id.
pub fn code_rule(id: &str) -> Option<&'static CodeRule> {
    CODE_RULES.iter().copied().find(|rule| rule.id == id)
}

/// Every built-in rule: code rules, then the provider table.
pub fn builtin() -> &'static [RuleMeta] {
    static ALL: LazyLock<Vec<RuleMeta>> = LazyLock::new(|| {
        CODE_RULES
            .iter()
            .map(|r| RuleMeta::from(*r))
            .chain(provider::builtin_rules().iter().map(|r| r.meta()))
            .collect()
    });
    &ALL
}

/// A finding before overlap resolution, suppression and configuration.
/// Unlike a [`crate::Finding`], it still holds the secret, and never leaves
/// the engine; its `Debug` shows the redacted form only.
#[derive(Clone)]
pub struct Candidate {
    pub rule: String,
    pub severity: Severity,
    pub span: Range<usize>,
    /// The secret, for allowlists and the fingerprint.
    pub secret: Option<String>,
    pub message: String,
    pub redacted: Option<String>,
    pub variable: Option<String>,
    /// Lower wins when two secret findings overlap: provider rules in table
    /// order, then connection strings, then hardcoded credentials.
    pub priority: usize,
}

impl std::fmt::Debug for Candidate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Candidate")
            .field("rule", &self.rule)
            .field("span", &self.span)
            .field("redacted", &self.redacted)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

/// An unquoted value (a `key=value` pair's, a URL query parameter's) cut
/// before a backslash escape of a quote or of markup: HTML escaped inside
/// JSON (a recorded API response's `selftext_html`,
/// `…token=9C…\\u003C/a\\u003E`, `href=\\\"https://…?api_key=…\\\"`)
/// closes the value where the escape begins, so prose before it (`login
/// using oAuth:\\u003C/p\\u003E`) leaves nothing to judge. Backslashes that
/// end the value right before a quote (`after`, the text following it)
/// escape that quote. No secret written unquoted holds an escaped quote,
/// `<`, `>` or `&`.
pub(crate) fn before_escaped_markup<'a>(value: &'a str, after: &str) -> &'a str {
    static ESCAPED_MARKUP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\\+(?:["'<>]|u00(?:22|26|27|3[cCeE]))"#).expect("valid regex")
    });
    match ESCAPED_MARKUP.find(value) {
        Some(escape) => &value[..escape.start()],
        None if after.starts_with(['"', '\'']) => value.trim_end_matches('\\'),
        None => value,
    }
}

/// The conventional environment-variable name for a target: `apiKey` →
/// `API_KEY`. Digits stay with the letters they are written against
/// (`S3_SECRET_KEY`, `oauth2ClientSecret` → `OAUTH2_CLIENT_SECRET`), as
/// people spell those names; only separators and a change of case split
/// words. A provider token in the name (a key named after the token it
/// held, `ghp_…_password`) is left out rather than spelled out in capitals,
/// where no redaction would recognise it.
pub fn env_var_name(name: &str) -> String {
    let mut shown = name.to_owned();
    for span in token_spans(name).into_iter().rev() {
        shown.replace_range(span, " ");
    }
    let mut words: Vec<String> = Vec::new();
    for part in shown.split(|c: char| !c.is_alphanumeric()) {
        // The name model splits at digits too (`s3` is `s`, `3`): join a
        // run of digits to the word it is written against.
        let mut joined: Vec<String> = Vec::new();
        let mut digits_first = String::new();
        for word in crate::value::words(part) {
            let is_number = word.chars().all(|c| c.is_ascii_digit());
            match joined.last_mut() {
                Some(last) if is_number => last.push_str(&word),
                None if is_number => digits_first.push_str(&word),
                _ => joined.push(std::mem::take(&mut digits_first) + &word),
            }
        }
        if !digits_first.is_empty() {
            joined.push(digits_first);
        }
        words.extend(joined);
    }
    match words.join("_").to_uppercase() {
        empty if empty.is_empty() => "SECRET".to_owned(),
        variable => variable,
    }
}

/// The project token rules of every configuration built in this process:
/// what shows names (paths, git's messages) has no configuration at hand,
/// and a file named after a project's token must be hidden as one named
/// after a built-in token is. Hiding more than one project's rules would
/// ask is the safe side.
static PROJECT_TOKENS: std::sync::RwLock<Option<provider::TokenScanner>> =
    std::sync::RwLock::new(None);

/// Adds a configuration's own token rules to those [`token_spans`] hides
/// (each rule once, by id and pattern).
pub(crate) fn hide_in_names(rules: &[provider::TokenRule]) {
    let mut known = PROJECT_TOKENS.write().unwrap_or_else(|e| e.into_inner());
    let mut all: Vec<provider::TokenRule> = known
        .as_ref()
        .map(|s| s.rules().to_vec())
        .unwrap_or_default();
    let before = all.len();
    for rule in rules {
        let same =
            |r: &provider::TokenRule| r.rule_id == rule.rule_id && r.def.regex == rule.def.regex;
        if !all.iter().any(same) {
            all.push(rule.clone());
        }
    }
    if all.len() > before {
        *known = Some(provider::TokenScanner::new(all));
    }
}

/// The secrets that their own file's path holds (a file named after the
/// password it keeps: `backup_<password>.env`), which no token rule tells
/// from an ordinary name, found in one analysis session: every rule's
/// candidates, whatever the selection, allowlists and suppressions report
/// of them (`engine::resolve`).
/// Every path shown or keyed after that file's analysis in the session
/// hides them ([`token_spans`]): the fronts show paths without the
/// findings' secrets at hand. Only values found in a path are kept, so
/// the list stays as short as such names are rare; and it lives as long
/// as its session, not the process: a command-line run is one session,
/// the language server begins one when it starts and again at each
/// reload, which analyses every open document again (so their paths'
/// secrets are found again).
#[derive(Clone, Debug, Default)]
pub struct PathSecrets(std::sync::Arc<std::sync::RwLock<Vec<String>>>);

/// The session whose path secrets are kept and hidden now.
static SESSION: LazyLock<std::sync::RwLock<PathSecrets>> = LazyLock::new(Default::default);

/// The shortest secret [`PathSecrets::hide`] looks for: a shorter one is
/// an ordinary word of a name too often (and shows no more than a
/// redaction's own head and tail).
const PATH_SECRET_MIN: usize = 8;

impl PathSecrets {
    /// Begins a new session, which [`hide_in_path`] and [`token_spans`]
    /// use from now on; the secrets the one before found are forgotten.
    pub fn begin() -> PathSecrets {
        let session = PathSecrets::default();
        *SESSION.write().unwrap_or_else(|e| e.into_inner()) = session.clone();
        session
    }

    /// The session in use.
    fn current() -> PathSecrets {
        SESSION.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Adds each of `secrets` that `path` holds, once.
    fn hide<'a>(&self, path: &std::path::Path, secrets: impl Iterator<Item = &'a str>) {
        let path = path.to_string_lossy();
        let held: Vec<&str> = secrets
            .filter(|s| s.len() >= PATH_SECRET_MIN && path.contains(*s))
            .collect();
        if held.is_empty() {
            return;
        }
        let mut known = self.0.write().unwrap_or_else(|e| e.into_inner());
        for secret in held {
            if !known.iter().any(|k| k == secret) {
                known.push(secret.to_owned());
            }
        }
    }

    /// Where `text` holds one of the session's secrets.
    fn spans(&self, text: &str) -> Vec<Range<usize>> {
        let known = self.0.read().unwrap_or_else(|e| e.into_inner());
        (known.iter())
            .flat_map(|secret| text.match_indices(secret.as_str()))
            .map(|(at, s)| at..at + s.len())
            .collect()
    }
}

/// Adds each of `secrets` that `path` holds to those [`token_spans`] hides
/// in the current session ([`PathSecrets`]), once.
pub(crate) fn hide_in_path<'a>(path: &std::path::Path, secrets: impl Iterator<Item = &'a str>) {
    PathSecrets::current().hide(path, secrets);
}

/// Where `text` holds a provider token or a connection string's password,
/// sorted and disjoint: what is a secret wherever it stands, even in a name
/// (see [`crate::engine::redact_tokens`]). The built-in provider table
/// counts, and the project rules of every configuration built so far
/// ([`hide_in_names`]), since what shows names (paths, git's messages) has
/// no configuration at hand; so do the secrets found in their own file's
/// path so far in the session ([`hide_in_path`]). Findings' messages use
/// [`token_spans_with`] and their own configuration's rules.
pub fn token_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = token_spans_with(provider::TokenScanner::builtin(), text);
    let known = PROJECT_TOKENS.read().unwrap_or_else(|e| e.into_inner());
    if let Some(project) = known.as_ref() {
        spans.extend(project.glued_spans(text));
    }
    spans.extend(PathSecrets::current().spans(text));
    merge(spans)
}

/// [`token_spans`] with the rules of `scanner`. A token glued into a name
/// with `_` (`backup_ghp_…`, `github_pat_…_password`) counts
/// ([`provider::TokenScanner::glued_spans`]).
pub fn token_spans_with(scanner: &provider::TokenScanner, text: &str) -> Vec<Range<usize>> {
    token_spans_glued(text, scanner.glued_spans(text))
}

/// [`token_spans_with`] given its scanner's
/// [`provider::TokenScanner::glued_spans`] of `text`, `glued`.
pub(crate) fn token_spans_glued(text: &str, glued: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut spans = glued;
    let mut candidates = Vec::new();
    connection_string::check(text, &mut candidates);
    spans.extend(
        candidates
            .iter()
            .filter(|c| c.secret.is_some())
            .map(|c| c.span.clone()),
    );
    merge(spans)
}

/// Whether `line` holds one of `words` (ASCII) in any ASCII case, or may
/// to a case-insensitive regex: Unicode's simple case folding makes the
/// long s (`ſ`) an `s` and the Kelvin sign (`K`) a `k`, and no other
/// character outside ASCII an ASCII letter, so a line holding either
/// always may. A regex that needs one of `words` in every match is
/// compiled and run only where this holds: most never are on a small
/// file, and compiling them was most of a one-file check's cost.
pub(crate) fn mentions(line: &str, words: &[&str]) -> bool {
    let folds =
        !line.is_ascii() && (connection_string::FOLDED_TO_ASCII.iter()).any(|c| line.contains(c));
    folds
        || words.iter().any(|word| {
            (line.as_bytes().windows(word.len())).any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
        })
}

/// `spans` sorted, the empty ones dropped and overlapping ones joined.
pub fn merge(mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    spans.sort_by_key(|s| s.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans.into_iter().filter(|s| !s.is_empty()) {
        match merged.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// Whether a front may copy `value`, bound to `name`, into what it shows or
/// writes (a quick fix keeping an environment read's default): not when the
/// value model would take it for a secret under that name, or under any
/// credential name, since a default is where secrets hide behind neutral
/// names (`os.getenv("MODE", "Vb3$kTn8Yc2xRq6u")`), nor when it holds a
/// provider token.
pub fn may_show(name: &str, value: &str) -> bool {
    use crate::value::{looks_like_secret, NameKind};
    let mut tokens = Vec::new();
    provider::TokenScanner::builtin().check(value, &|_| true, usize::MAX, &mut tokens);
    tokens.is_empty()
        && [NameKind::Secret, NameKind::Password]
            .into_iter()
            .all(|kind| !looks_like_secret(kind, name, value))
}

/// Whether `rule` is of the `secret/` family: the rules that judge a value
/// rather than code. They alone make sense on history (env and policy rules
/// judge today's code), other scanners' markers and baselines speak only of
/// them, and their findings hold a value no edit or report may quote.
pub fn is_secret(rule: &str) -> bool {
    selects("secret", rule)
}

/// Whether a selector (`secret/github-pat`, `secret`, `secret/`, `ALL`) picks `rule`.
pub fn selects(selector: &str, rule: &str) -> bool {
    let selector = selector.trim().trim_end_matches('/');
    selector == "ALL"
        || selector == rule
        || rule
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words are found in any ASCII case; a line outside ASCII always may
    /// hold them, to a regex that folds `ſ` to `s` and `K` to `k`.
    #[test]
    fn mentions_reads_case_and_folding() {
        assert!(mentions("HOST=db user=app", &["dbname", "host"]));
        assert!(!mentions("password = 'x'", &["dbname", "host", "user"]));
        assert!(mentions("uſer=app", &["user"]));
        assert!(mentions("\u{212A}…", &["user"]));
        assert!(!mentions(
            "`password` is a secret `X…z (14 chars)`; …",
            &["user", "host"]
        ));
        assert!(mentions("…Host=db", &["host"]));
        assert!(!mentions("", &["user"]));
    }

    #[test]
    fn defaults_that_look_secret_may_not_be_shown() {
        assert!(may_show("ZONE", "eu-west-1"));
        assert!(may_show("PORT", "8080"));
        assert!(!may_show("APP_MODE", "Vb3$kTn8Yc2xRq6u"));
        assert!(!may_show("MODE", "Tr0ub4dor&3xK"));
        let token = format!(
            "rubygems_{}",
            "651af628710ad39f47f7e0f73d2c18759bd2919ccd01c563"
        );
        assert!(!may_show("D52", &token));
    }

    /// A token in a name is found on either side of an underscore, and left
    /// out of the variable a fix suggests; underscores inside a token's
    /// own format stay part of it.
    #[test]
    fn tokens_in_names_are_found_and_left_out_of_variables() {
        let token = format!("ghp_{}", "u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d");
        for name in [
            format!("{token}_password"),
            format!("backup_{token}"),
            format!("{token}-password"),
        ] {
            let spans = token_spans(&name);
            assert_eq!(spans.len(), 1, "{name}");
            assert_eq!(&name[spans[0].clone()], token, "{name}");
        }
        assert_eq!(env_var_name(&format!("{token}_password")), "PASSWORD");
        assert_eq!(env_var_name(&token), "SECRET");
        assert_eq!(env_var_name("apiKey"), "API_KEY");
        for (name, variable) in [
            ("S3_SECRET_KEY", "S3_SECRET_KEY"),
            ("oauth2ClientSecret", "OAUTH2_CLIENT_SECRET"),
            ("api_key_2", "API_KEY_2"),
            ("TOKEN2", "TOKEN2"),
            ("p256PrivateKey", "P256_PRIVATE_KEY"),
            ("2fa_secret", "2FA_SECRET"),
            ("db.password", "DB_PASSWORD"),
        ] {
            assert_eq!(env_var_name(name), variable, "{name}");
        }
        let stripe = format!("sk_live_{}", "9xKq2LmP7vRt4WcZ8nBy3HdJ");
        assert_eq!(token_spans(&stripe), vec![0..stripe.len()]);
    }

    /// A token after many `_` is found without searching the whole rest
    /// from each of them (a 100 KB name of `a_` took 39 s: quadratic), a
    /// JWT of 12 KB glued into a name is found whole (a 4 KiB window cut
    /// it), and so are tokens whose own format holds a `_`, glued on both
    /// sides.
    #[test]
    fn tokens_after_many_underscores_long_or_with_their_own_underscores_are_found_whole() {
        use base64::Engine as _;
        let mut next = crate::testing::generator(7);
        let alnum = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let mut draw = |alphabet: &[u8], n: usize| -> String {
            (0..n)
                .map(|_| char::from(alphabet[next(alphabet.len())]))
                .collect()
        };
        let hex = b"0123456789abcdef";
        let token = format!("ghp_{}", draw(alnum, 36));
        let name = format!("{}{token}", "a_".repeat(20_000));
        assert_eq!(
            token_spans(&name),
            vec![name.len() - token.len()..name.len()]
        );

        let b64 = |json: String| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
        let jwt = format!(
            "{}.{}.{}",
            b64(r#"{"alg":"HS256","typ":"JWT"}"#.to_owned()),
            b64(format!(
                r#"{{"sub":"{}","iat":1718000000}}"#,
                draw(alnum, 1_500)
            )),
            draw(alnum, 12_288),
        );
        let name = format!("session_{jwt} = 1");
        let start = "session_".len();
        assert_eq!(token_spans(&name), vec![start..start + jwt.len()]);

        for token in [
            format!("github_pat_{}_{}", draw(alnum, 22), draw(alnum, 59)),
            format!("glsa_{}_{}", draw(alnum, 32), draw(hex, 8)),
            format!("sgp_{}_{}", draw(hex, 16), draw(hex, 40)),
            format!("lsv2_pt_{}_{}", draw(hex, 32), draw(hex, 10)),
            // A boundary spelled as a class, `(?:[^A-Za-z0-9_-]|\z)`.
            format!("GR1348941{}", draw(alnum, 20)),
        ] {
            let name = format!("backup_{token}_password");
            let start = "backup_".len();
            assert_eq!(
                token_spans(&name),
                vec![start..start + token.len()],
                "{name}"
            );
        }
    }

    #[test]
    fn escaped_quotes_and_markup_end_an_unquoted_value() {
        assert_eq!(before_escaped_markup(r"9Cab\\u003C/a\\u003E", ""), "9Cab");
        assert_eq!(before_escaped_markup(r"\\u003C/p\\u003E\\n", " x"), "");
        assert_eq!(before_escaped_markup(r"Zr8q\\\", "\""), "Zr8q");
        // A backslash not before a quote or markup is the value's own.
        assert_eq!(before_escaped_markup(r"a8\k2\", " "), r"a8\k2\");
        assert_eq!(before_escaped_markup(r"a8\nk2", ""), r"a8\nk2");
    }

    #[test]
    fn selectors_match_ids_and_prefixes() {
        assert!(selects("secret", "secret/github-pat"));
        assert!(selects("secret/", "secret/github-pat"));
        assert!(selects("secret/github-pat", "secret/github-pat"));
        assert!(selects("ALL", "env/direct-access"));
        assert!(!selects("secret/github", "secret/github-pat"));
        assert!(!selects("env", "secret/env-file"));
    }

    #[test]
    fn every_code_rule_says_how_to_fix_it() {
        let project = ProjectNames {
            settings: "config/settings.rs".to_owned(),
            template: ".env.example".to_owned(),
        };
        for rule in CODE_RULES.iter().copied().chain([&provider::FAMILY]) {
            assert!(!rule.fix.is_empty(), "{} has no fix", rule.id);
            let help = rule.help(rule.id, Some("API_KEY"), Language::Rust, &project);
            assert!(!help.contains('{'), "{}: {help}", rule.id);
        }
        let help = env_direct_access::RULE.help(
            "env/direct-access",
            Some("API_KEY"),
            Language::Rust,
            &project,
        );
        assert_eq!(
            help,
            "use `API_KEY` from the settings module (config/settings.rs) instead; if this file is part of it, add it to `settings-modules`, or add `// credlint: allow(env/direct-access)`"
        );
        let help = hardcoded_credential::RULE.help(
            "secret/hardcoded-credential",
            None,
            Language::Python,
            &project,
        );
        assert_eq!(
            help,
            "rotate it, move it to the environment (listed in `.env.example`) and read it through the settings module (config/settings.rs); if it is not a secret, add `# credlint: allow(secret/hardcoded-credential)`"
        );
    }

    #[test]
    fn checks_need_only_facts_their_documents_have() {
        for rule in CODE_RULES {
            for check in rule.checks {
                for need in check.needs {
                    let syntax = !matches!(need, Fact::Template);
                    assert!(
                        !syntax || matches!(check.on, Target::Code(_)),
                        "{}: a syntax fact is gathered for code only, not {:?}",
                        rule.id,
                        check.on
                    );
                }
            }
        }
        // Only the rules about suppression markers, judged while resolving
        // the others' findings, declare no check.
        let unchecked: Vec<&str> = CODE_RULES
            .iter()
            .filter(|r| r.checks.is_empty())
            .map(|r| r.id)
            .collect();
        assert_eq!(
            unchecked,
            [
                unused_suppression::RULE.id,
                suppression_without_reason::RULE.id
            ]
        );
    }

    #[test]
    fn every_code_rule_has_a_ruff_shaped_doc() {
        for rule in CODE_RULES.iter().copied().chain([&provider::FAMILY]) {
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## How to fix",
            ] {
                assert!(rule.doc.contains(heading), "{} lacks {heading}", rule.id);
            }
        }
    }

    /// A secret found in its file's path is hidden from then on in the
    /// session that found it, and in no later one.
    #[test]
    fn secrets_in_paths_are_kept_per_session() {
        let secret = "Vb3kTn8Yc2xRq6uW";
        let name = format!("backup_{secret}.env");
        let path = std::path::Path::new(&name);
        let at = 7..7 + secret.len();
        let first = PathSecrets::default();
        assert!(first.spans(&name).is_empty());
        // A secret the path does not hold, or too short to tell from a
        // word, is not kept.
        first.hide(path, ["backup", "Zq8mW2xKt5Lp9Rv3", secret].into_iter());
        assert_eq!(first.spans(&name), std::slice::from_ref(&at));
        assert_eq!(first.clone().spans(&format!("{name} {name}")).len(), 2);
        assert!(PathSecrets::default().spans(&name).is_empty());
        // The current session is the one `hide_in_path` adds to and
        // `token_spans` reads; a new one forgets it.
        let session = PathSecrets::begin();
        hide_in_path(path, std::iter::once(secret));
        assert_eq!(session.spans(&name), std::slice::from_ref(&at));
        assert_eq!(token_spans(&name), [at]);
        PathSecrets::begin();
        assert!(token_spans(&name).is_empty());
        assert_eq!(session.spans(&name).len(), 1);
    }
}
