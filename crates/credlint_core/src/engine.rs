//! The analysis: one document and a configuration in, findings out.
//!
//! Architecture invariant: nothing here performs I/O or knows which front is
//! calling. The command line and the language server both call [`check`].
//!
//! A document flows through three stages:
//! 1. Cheap byte-level passes over the whole text: the provider token
//!    scanner (keyword prefilter, then regexes), connection strings, and one
//!    Aho-Corasick pass for credential words and environment triggers.
//! 2. The rules' checks, from the registry ([`CODE_RULES`]): on other text,
//!    `key = value` lines and file formats; on Python and Rust, the syntax
//!    stage's tree-sitter facts, gathered only when a check that runs needs
//!    them and the prefilter saw their trigger.
//! 3. Resolution: overlapping secret findings collapse to the most specific
//!    one, then configuration and suppression comments filter, and the
//!    survivors become [`Finding`]s with positions and fingerprints.

use crate::config::{Config, PathRules};
use crate::doc_examples::rust_doc_examples;
use crate::document::{Dialect, Document, Language, Literals, Quoting};
use crate::embedded::python_doctests;
use crate::finding::{Finding, Suppressed};
use crate::lines::touches;
use crate::lines::{around, floor_char_boundary, LineIndex, LinesFound};
use crate::notebook::CodeCells;
use crate::provenance;
use crate::redact::{fingerprint, redact};

use crate::rules::prefilter::PREFILTER;
use crate::rules::{
    code_rule, connection_string, credential_files, env_template_real_value, hardcoded_credential,
    provider, selects, shell_words, split_tokens, suppression_without_reason, unused_suppression,
    Candidate, Check, CodeRule, Fact, Input, Place, Target, CODE_RULES,
};
use crate::suppress::{Kind, Suppressions};
use crate::syntax::{self, Facts, Hints, Wanted};
use crate::value::{
    could_be_assigned_credential, could_be_password, could_be_short_password,
    could_be_unquoted_password, credential_kind, expands_one_variable, is_dictionary_word,
    looks_like_secret, NameKind,
};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

/// Analyses one document.
pub fn check(doc: &Document, config: &Config) -> Vec<Finding> {
    analyse(doc, config).findings
}

/// What the engine made of one document.
pub struct Analysis {
    pub findings: Vec<Finding>,
    /// Why part of the document was not analysed, when it was not: syntax
    /// nested too deep or too costly to parse within the budget. The fronts
    /// show it next to their skipped-file notes.
    pub partial: Option<String>,
    /// What suppression markers silenced, with their reasons.
    pub suppressed: Vec<Suppressed>,
    /// The document was over `max-file-size` and searched for provider
    /// tokens only (see [`analyse_tokens_only`]): the text around a finding
    /// was not searched for other secrets, so a front that shows source
    /// shows such a finding bare.
    pub tokens_only: bool,
    /// What the engine's line index found of the document's text, for a
    /// front's index of the same text ([`LineIndex::with_found`]: the
    /// report's excerpts), so the line starts are found once.
    pub lines: LinesFound,
    /// What the analysis found of the document's secret-looking spans, for
    /// [`Analysis::secret_spans`] to reuse rather than find again.
    pub secrets: SecretScan,
}

impl Analysis {
    /// [`secret_spans`] of the analysed `doc` around its findings, reusing
    /// what the analysis already found: the provider tokens written over
    /// several literals, and the spans hidden whatever is reported when a
    /// suppression's reason needed them.
    pub fn secret_spans(&self, doc: &Document, config: &Config) -> Vec<Range<usize>> {
        spans_around(doc, config, &self.findings, &self.secrets)
    }
}

/// What a document's analysis and the fronts showing its text both need of
/// it, each found once, on first need: the provider tokens it writes over
/// several literals (reported, hidden in excerpts, and looked for in the
/// names messages quote; finding them lexes the whole document), and the
/// spans [`secret_spans`] hides whatever is reported (a suppression's
/// reason and every excerpt hide them).
#[derive(Default)]
pub struct SecretScan {
    /// The configuration's token scanner's one pass over the document
    /// ([`provider::TokenScanner::search`]: which token rules have a
    /// keyword in it, and every prefilter word): the analysis's, kept for
    /// the token windows and the hidden spans, which would search the
    /// whole text again.
    pub(crate) hits: std::cell::OnceCell<provider::KeywordHits>,
    split: std::cell::OnceCell<Vec<split_tokens::Joined>>,
    escaped: std::cell::OnceCell<Vec<Candidate>>,
    guttered: std::cell::OnceCell<Vec<Candidate>>,
    hidden: std::cell::OnceCell<Vec<Range<usize>>>,
}

impl SecretScan {
    fn hits(&self, config: &Config, doc: &Document) -> &provider::KeywordHits {
        self.hits.get_or_init(|| config.tokens().search(&doc.text))
    }

    fn split(&self, config: &Config, doc: &Document) -> &[split_tokens::Joined] {
        self.split.get_or_init(|| {
            let syntax = crate::comments::Syntax::of(doc.language, &doc.path);
            split_tokens::find(config.tokens(), &doc.text, syntax, &doc.path)
        })
    }

    /// The pieces of the tokens `doc` writes over several string literals
    /// (`("ghp_…"` then `"…")`): each hidden as a token is.
    fn token_pieces(
        &self,
        config: &Config,
        doc: &Document,
    ) -> impl Iterator<Item = Range<usize>> + '_ {
        split_tokens::piece_spans(self.split(config, doc))
    }

    /// The tokens `doc` writes in escapes, whatever a front wants: found
    /// once for the findings and for the excerpts' hiding.
    fn escaped(&self, config: &Config, doc: &Document) -> &[Candidate] {
        self.escaped.get_or_init(|| {
            let mut escaped = Vec::new();
            config.tokens().check_escaped(&doc.text, &mut escaped);
            escaped
        })
    }

    /// The keys `doc` writes behind a listing's gutters: found once for the
    /// findings and for the excerpts' hiding.
    fn guttered(&self, config: &Config, doc: &Document) -> &[Candidate] {
        self.guttered
            .get_or_init(|| config.tokens().behind_gutters(&doc.text))
    }

    fn hidden(&self, config: &Config, doc: &Document) -> &[Range<usize>] {
        self.hidden.get_or_init(|| hidden_spans(doc, config, self))
    }
}

/// Analyses one document and says whether all of it was analysed. A
/// document over `max-file-size` gets the provider-token check only (see
/// [`analyse_tokens_only`]).
pub fn analyse(doc: &Document, config: &Config) -> Analysis {
    if let Some(why) = crate::skip::generated(&doc.path, doc.text.as_bytes(), config) {
        return analyse_tokens_only(doc, config, Only::SelfIdentifying(why));
    }
    if doc.text.len() as u64 > config.max_file_size {
        return analyse_tokens_only(doc, config, Only::Oversized);
    }
    let _budget = crate::value::Budget::open();
    let secrets = SecretScan::default();
    let rules = config.rules_for(&doc.path);
    let (mut candidates, unparsed) = candidates(doc, config, &rules, &secrets);
    if config.project().is_some() {
        let names = || config.project_names(doc.language);
        let input = Input {
            doc,
            bytes: None,
            project: config.project(),
            exempt_tests: config.exempts_tests(),
            names: &names,
            credential_lines: &[],
            command_lines: &[],
            facts: &Facts::default(),
        };
        for check in checks(config, &rules, |on| on == Target::Project) {
            (check.run)(&input, &mut candidates);
        }
    }
    // A suppression in a part left out may have silenced something.
    let complete = unparsed.is_empty() && doc.changed().is_none();
    let (mut findings, suppressed, lines) =
        resolve(doc, config, &rules, candidates, complete, &secrets);
    if let Some(changed) = doc.changed() {
        // What lies wholly in unchanged parts was the earlier version's.
        findings.retain(|f| touches(changed, f.span.start, f.span.end));
    }
    Analysis {
        findings,
        partial: (!unparsed.is_empty()).then(|| partial_note(&doc.text, &unparsed)),
        suppressed,
        tokens_only: false,
        lines,
        secrets,
    }
}

/// Why a document gets the provider-token check only.
enum Only {
    /// Over `max-file-size`: every provider rule runs.
    Oversized,
    /// A minified bundle, a source map or a generated module (what gave it
    /// away, [`crate::skip::generated`]): only the rules whose token
    /// identifies itself run ([`provider::TokenRule::needs_name`]).
    SelfIdentifying(&'static str),
}

/// A document over `max-file-size` (a recorded HTTP cassette, a data dump)
/// or generated. Provider tokens are what such files leak (an AWS session
/// in a recorded response, a vendor's API key in a bundle), and their check
/// is one linear pass that needs no syntax; the rest (the syntax stage,
/// `key = value` lines, connection strings) costs more per byte and, in a
/// generated file, reads names a minifier or a generator wrote; it is left
/// out, which the note says. The search stops at [`OVERSIZED_FINDINGS`],
/// so that a hostile file of tokens costs a bounded memory. Its findings
/// are shown bare (`tokens_only`): a one-line bundle's line is the file.
fn analyse_tokens_only(doc: &Document, config: &Config, only: Only) -> Analysis {
    let _budget = crate::value::Budget::open();
    let mut candidates = Vec::new();
    let changed = doc.changed();
    let wanted = |span: &Range<usize>| changed.is_none_or(|c| touches(c, span.start, span.end));
    let tokens = config.tokens();
    let (more, mut note) = match only {
        Only::Oversized => (
            tokens.check(&doc.text, &wanted, OVERSIZED_FINDINGS, &mut candidates),
            format!(
                "{} bytes is over the {} byte limit (`max-file-size`): checked for provider tokens only",
                doc.text.len(),
                config.max_file_size
            ),
        ),
        Only::SelfIdentifying(why) => {
            let mut enabled = tokens.search(&doc.text).enabled;
            tokens.keep_self_identifying(&mut enabled);
            let limit = OVERSIZED_FINDINGS;
            (
                tokens.check_enabled(&doc.text, &enabled, &wanted, limit, &mut candidates),
                crate::skip::generated_note(why),
            )
        }
    };
    // Suppressions of the rules left out would look unused: not complete.
    let secrets = SecretScan::default();
    let rules = config.rules_for(&doc.path);
    let (findings, suppressed, lines) = resolve(doc, config, &rules, candidates, false, &secrets);
    if more {
        note.push_str(&format!(
            " (the first {OVERSIZED_FINDINGS} found; the rest of the file was not searched)"
        ));
    }
    Analysis {
        findings,
        partial: Some(note),
        suppressed,
        tokens_only: true,
        lines,
        secrets,
    }
}

/// One finding, as the tests comparing two readings of a file compare it:
/// rule, span and message.
#[doc(hidden)]
pub type FindingKey = (String, usize, usize, String);

/// The findings of a Rust file read in parts, as the command line reads it
/// (no tree: the items around the prefilter's hits), and parsed whole, as the language
/// server holds it; each sorted. The tests that pin that the two readings
/// agree (on tricky files here, on every Rust fixture in
/// `tests/it/regressions.rs`) compare them. `None` when the whole file
/// does not parse within the budget.
#[doc(hidden)]
pub fn rust_findings_in_parts_and_whole(
    name: &str,
    text: &str,
    config: &Config,
) -> Option<[Vec<FindingKey>; 2]> {
    let findings = |doc: &Document| {
        let mut out: Vec<FindingKey> = analyse(doc, config)
            .findings
            .into_iter()
            .map(|f| (f.rule, f.span.start, f.span.end, f.message))
            .collect();
        out.sort();
        out
    };
    let tree = syntax::parse(Language::Rust, text, None)?;
    let whole = Document::with_language(name, Language::Rust, text).with_tree(tree);
    let parts = Document::with_language(name, Language::Rust, text);
    Some([findings(&parts), findings(&whole)])
}

/// The most provider-token findings an oversized document reports.
pub const OVERSIZED_FINDINGS: usize = 1000;

/// Builds, ahead of the first document of `language`, what analysing one
/// builds on first use: the default configuration's matchers, the
/// prefilter's and the provider rules' automata, and the password-strength
/// model's dictionaries, by analysing a small sample. The language server
/// calls it at start-up, on a thread of its own: a 10,000-line Python module
/// opened first took 63 ms to its diagnostics, and 43 ms once another had
/// been analysed.
pub fn warm(language: Language) {
    let sample = match language {
        Language::Python | Language::Notebook => WARM_PYTHON,
        Language::Rust => WARM_RUST,
        _ => return,
    };
    let doc = Document::with_language("warm", language, sample);
    analyse(&doc, &Config::default());
}

/// A sample reaching each fact of its language: an environment read, a log
/// call, a repr, and a credential-named literal the value model estimates.
const WARM_PYTHON: &str = "import os\nimport logging\nfrom dataclasses import dataclass\n\nTOKEN = os.environ[\"TOKEN\"]\nlogging.info(\"%s\", TOKEN)\n\n@dataclass\nclass C:\n    token: str\n\ndef f(secret=\"Correct-Horse\"):\n    return secret\n";
const WARM_RUST: &str = "#[derive(Debug)]\nstruct C {\n    token: String,\n}\n\nfn f() {\n    let token = std::env::var(\"TOKEN\");\n    println!(\"{token:?}\");\n    let secret = \"Correct-Horse\";\n}\n";

/// Analyses a binary file (one [`crate::skip::skip`] calls
/// [`crate::skip::Skip::Binary`]): only the checks reading bytes run
/// ([`Target::Binary`]: keystores holding a private key). Findings are
/// whole-file, at line 1 column 1, with the configuration applied as to any
/// other file; no suppression comment can be in such a file. Every front
/// calls this for the binary files it would otherwise skip.
pub fn analyse_bytes(path: &std::path::Path, bytes: &[u8], config: &Config) -> Analysis {
    let doc = Document::with_language(path, Language::Text, "");
    let rules = config.rules_for(path);
    let mut candidates = Vec::new();
    if !config.is_allowed_path(path) {
        let names = || config.project_names(doc.language);
        let input = Input {
            doc: &doc,
            bytes: Some(bytes),
            project: config.project(),
            exempt_tests: config.exempts_tests(),
            names: &names,
            credential_lines: &[],
            command_lines: &[],
            facts: &Facts::default(),
        };
        for check in checks(config, &rules, |on| on == Target::Binary) {
            (check.run)(&input, &mut candidates);
        }
    }
    let secrets = SecretScan::default();
    let (findings, suppressed, lines) = resolve(&doc, config, &rules, candidates, true, &secrets);
    Analysis {
        findings,
        partial: None,
        suppressed,
        tokens_only: false,
        lines,
        secrets,
    }
}

/// The checks of the registry's rules that run on `doc`: those on a target
/// `on` accepts, whose project facts the configuration holds. Byte-level and
/// text checks run whatever the selection (see [`Target`]), and so do the
/// secret rules' code checks, whose values a path named after one must hide
/// whatever is reported ([`path_spans`]); other code checks and project
/// checks only for the rules selected for the file.
fn checks<'a>(
    config: &'a Config,
    rules: &'a PathRules<'a>,
    on: impl Fn(Target) -> bool + 'a,
) -> impl Iterator<Item = &'static Check> + 'a {
    CODE_RULES
        .iter()
        .flat_map(|rule| rule.checks.iter().map(move |check| (rule.id, check)))
        .filter(move |(_, check)| on(check.on))
        .filter(move |(_, check)| {
            check.needs.iter().all(|need| match need {
                Fact::Template => config.project().is_some_and(|p| p.template.is_some()),
                Fact::Bindings | Fact::Environment | Fact::Logged | Fact::Reprs => true,
            })
        })
        .filter(move |(id, check)| match check.on {
            Target::Any | Target::Text => true,
            Target::Code(_) if crate::rules::is_secret(id) => true,
            _ => rules.is_enabled(id),
        })
        .map(|(_, check)| check)
}

/// Stages 1 and 2 for one document: what every rule proposes, and what the
/// syntax stage could not read.
fn candidates(
    doc: &Document,
    config: &Config,
    rules: &PathRules,
    secrets: &SecretScan,
) -> (Vec<Candidate>, Vec<Range<usize>>) {
    let text = doc.text.as_str();
    let mut unparsed = Vec::new();
    let mut candidates = Vec::new();
    // Only tokens that can be new are judged; the search itself is one pass.
    let changed = doc.changed();
    let wanted = |span: &Range<usize>| changed.is_none_or(|c| touches(c, span.start, span.end));
    // One pass finds the provider keywords and the prefilter's words.
    let hits = secrets.hits(config, doc);
    config
        .tokens()
        .check_enabled(text, &hits.enabled, &wanted, usize::MAX, &mut candidates);
    config
        .tokens()
        .check_encoded(text, &wanted, &mut candidates);
    for token in secrets.guttered(config, doc) {
        let overlaps =
            |c: &Candidate| c.span.start < token.span.end && token.span.start < c.span.end;
        if wanted(&token.span) && !candidates.iter().any(overlaps) {
            candidates.push(token.clone());
        }
    }
    candidates.extend(
        (secrets.escaped(config, doc).iter())
            .filter(|token| wanted(&token.span))
            .cloned(),
    );
    let syntax = || crate::comments::Syntax::of(doc.language, &doc.path);
    if hits.enabled.contains(&true)
        || split_tokens::keyword_across_seam(config.tokens(), text, syntax(), &doc.path)
    {
        split_tokens::check(secrets.split(config, doc), &wanted, &mut candidates);
    }
    let mut triggers = Triggers::from_overlapping(text, doc.language, hits.others.clone());
    if let Some(changed) = doc.changed() {
        triggers.keep_within(changed);
    }
    let language = doc.language;
    let no_facts = Facts::default();
    let names = || config.project_names(language);
    let mut input = Input {
        doc,
        bytes: None,
        project: config.project(),
        exempt_tests: config.exempts_tests(),
        names: &names,
        credential_lines: &triggers.credential_lines,
        command_lines: &triggers.command_lines,
        facts: &no_facts,
    };
    let byte_level = |on| on == Target::Any || on == Target::Text && language == Language::Text;
    for check in checks(config, rules, byte_level) {
        (check.run)(&input, &mut candidates);
    }
    match language {
        // The code cells are Python; everything is moved back to the
        // notebook's bytes. Outputs and metadata got the byte-level checks.
        Language::Notebook => {
            if let Some(cells) = CodeCells::read(text) {
                let code = Document::with_language(&doc.path, Language::Python, &cells.text);
                let (found, missed) =
                    self::candidates(&code, config, rules, &SecretScan::default());
                candidates.extend(found.into_iter().map(|mut candidate| {
                    candidate.span = cells.to_source(&candidate.span);
                    candidate
                }));
                unparsed.extend(missed.iter().map(|span| cells.to_source(span)));
            }
        }
        Language::Text => {}
        Language::Python | Language::Rust => {
            let in_settings = config.is_settings_module(&doc.path)
                || language == Language::Rust && crate::config::is_build_script_code(text)
                || crate::config::is_env_expander(doc.whole_text());
            let place = |on| match on {
                Target::Code(Place::Anywhere) => true,
                Target::Code(Place::SettingsModule) => in_settings,
                Target::Code(Place::OutsideSettingsModule) => !in_settings,
                Target::Any | Target::Text | Target::Project | Target::Binary => false,
            };
            let code_checks: Vec<&Check> = checks(config, rules, place).collect();
            let needed = |fact| code_checks.iter().any(|c| c.needs.contains(&fact));
            let wanted = Wanted {
                bindings: needed(Fact::Bindings) && !triggers.credential_hits.is_empty(),
                env: needed(Fact::Environment) && !triggers.env_hits.is_empty(),
                // Output calls print their arguments from a line with a string
                // (a format string, a message), so the quote-filtered hits do.
                logging: needed(Fact::Logged)
                    && !triggers.credential_hits.is_empty()
                    && may_output(text, language),
                reprs: needed(Fact::Reprs) && may_print_credential_field(text, language, &triggers),
            };
            let facts = if wanted.bindings || wanted.env || wanted.logging || wanted.reprs {
                let hints = Hints {
                    credential_hits: &triggers.credential_hits,
                    credential_lines: &triggers.credential_lines,
                    env_hits: &triggers.env_hits,
                };
                syntax::facts(doc, wanted, &hints)
            } else {
                Facts::default()
            };
            unparsed.extend(facts.unparsed.iter().cloned());
            input.facts = &facts;
            for check in code_checks {
                (check.run)(&input, &mut candidates);
            }
            // Doctests are code a reader copies: their secrets are secrets.
            // They are examples, not the application, so only the secret
            // rules apply; the rewritten text keeps every byte offset.
            if wanted.bindings {
                let examples = match language {
                    Language::Rust => rust_doc_examples(text),
                    _ => python_doctests(text),
                };
                if let Some(examples) = examples {
                    let mut code = Document::with_language(&doc.path, language, &examples);
                    if let Some(changed) = doc.changed() {
                        code = code.with_changed(changed.to_vec());
                    }
                    let (found, _) = self::candidates(&code, config, rules, &SecretScan::default());
                    candidates.extend(found.into_iter().filter(|c| c.secret.is_some()));
                }
            }
        }
    }
    (candidates, unparsed)
}

/// Whether the code may call an output macro: in Rust only the
/// [`crate::syntax::OUTPUT_MACROS`] print, and a file without one (the thousands of
/// constants of a generated bindings crate) needs no whole-file parse for
/// them. Python prints through calls any module may name, so it always may.
fn may_output(text: &str, language: Language) -> bool {
    language != Language::Rust || RUST_OUTPUT_MACRO.is_match(text)
}

/// An invocation of an output macro (`info!(`, `log::warn! {`,
/// `panic ! [`); `!=` is no invocation.
static RUST_OUTPUT_MACRO: LazyLock<regex::Regex> = LazyLock::new(|| {
    let names = crate::syntax::OUTPUT_MACROS.join("|");
    regex::Regex::new(&format!(r"\b(?:{names})\s*!\s*[(\[{{]")).expect("valid regex")
});

/// Whether a type with a generated representation (`#[derive(Debug)]`, a
/// dataclass, a pydantic model) may declare a string-typed credential
/// field: only such a field can be printed by its repr.
fn may_print_credential_field(text: &str, language: Language, triggers: &Triggers) -> bool {
    let derives = match language {
        Language::Rust => text.contains("Debug"),
        _ => ["dataclass", "BaseModel", "BaseSettings"]
            .iter()
            .any(|m| text.contains(m)),
    };
    derives
        && triggers
            .credential_lines
            .iter()
            .any(|line| STRING_FIELD.is_match(&text[line.clone()]))
}

/// The note for a document whose syntax was analysed only in part.
fn partial_note(text: &str, unparsed: &[Range<usize>]) -> String {
    let index = LineIndex::new(text);
    let first = unparsed.iter().map(|u| u.start).min().unwrap_or(0);
    let line = index.line_of(first) + 1;
    format!(
        "analysed in part: the syntax from line {line} on is nested too deep or too costly to parse ({} region(s)); provider tokens and `key = value` lines were still checked",
        unparsed.len()
    )
}

/// The environment variables a document reads by name, wherever it is (the
/// project facts use it on the settings modules).
pub fn environment_reads(doc: &Document) -> Vec<String> {
    let triggers = Triggers::find(&doc.text, doc.language);
    let mut reads = syntax::python_settings_class_fields(doc);
    if !triggers.env_hits.is_empty() {
        let wanted = Wanted {
            bindings: false,
            env: true,
            logging: false,
            reprs: false,
        };
        let hints = Hints {
            credential_hits: &[],
            credential_lines: &[],
            env_hits: &triggers.env_hits,
        };
        reads.extend(syntax::facts(doc, wanted, &hints).env);
    }
    reads
        .into_iter()
        .filter(|access| access.kind == syntax::EnvKind::Read)
        .filter_map(|access| access.variable)
        .collect()
}

/// Every secret-looking span of a document, sorted and merged, whatever the
/// rule selection, allowlists and suppression comments say: a value nobody
/// reports is still a secret. Fronts that quote source text (the text
/// report's excerpt, a quick fix's replacement) hide all of them.
///
/// It is deliberately wider than what the rules report: besides provider
/// tokens, connection-string passwords, credential `key = value` pairs and
/// template values, it holds every one-line string literal that would pass
/// for a password, so a password passed positionally or a
/// `getenv("X", "…")` default is covered without knowing its name. The
/// secrets of `reported` findings are added, so that whatever a rule found
/// through syntax (a concatenated literal) is hidden too.
///
/// A front holding the document's [`Analysis`] asks
/// [`Analysis::secret_spans`], which finds again nothing the analysis found.
pub fn secret_spans(doc: &Document, config: &Config, reported: &[Finding]) -> Vec<Range<usize>> {
    spans_around(doc, config, reported, &SecretScan::default())
}

/// [`secret_spans`], with what `scan` already found of `doc`.
fn spans_around(
    doc: &Document,
    config: &Config,
    reported: &[Finding],
    scan: &SecretScan,
) -> Vec<Range<usize>> {
    let _budget = crate::value::Budget::open();
    let text = doc.text.as_str();
    let mut spans = scan.hidden(config, doc).to_vec();
    spans.extend(
        reported
            .iter()
            .filter(|f| f.redacted.is_some())
            .map(|f| f.span.clone()),
    );
    spans.extend(glued_tails(text, &spans));
    let mut regions = shown_regions(text, reported);
    regions.sort_by_key(|region| region.start);
    let shown = words_like_secrets(text, regions.clone(), &spans);
    spans.extend(shown);
    if shell_words::joins_words(crate::comments::Syntax::of(doc.language, &doc.path)) {
        spans.extend(shell_words::credential_values(text, &regions));
        spans.sort_by_key(|span| span.start);
        spans.extend(shell_words::words_around(text, &spans));
    }
    spans.extend(repeats(text, &spans));
    let pieces = pieces_of_secrets(text, &regions, &spans);
    spans.extend(pieces);
    crate::rules::merge(spans)
}

/// The text glued after a hidden literal's closing quote: a shell word is
/// one value however it is quoted, so `TOKEN="abc"tail` sets `abctail`
/// (dotenv files, shell scripts and Dockerfiles read it so) and its tail is
/// as secret as its quoted part (a17 #4). The tail starts with a letter,
/// digit or a base64 sign and ends at a space, a quote or a bracket or
/// separator, so the code after a literal (`"…".encode()`, `"…",`) stays
/// shown.
fn glued_tails(text: &str, spans: &[Range<usize>]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let is_quote = |b: u8| b == b'"' || b == b'\'';
    spans
        .iter()
        .filter_map(|span| {
            // The span stops before its closing quote, or takes it in.
            let start = match bytes.get(span.end) {
                Some(&b) if is_quote(b) => span.end + 1,
                _ if span.len() >= 2
                    && is_quote(bytes[span.end - 1])
                    && bytes[span.start] == bytes[span.end - 1] =>
                {
                    span.end
                }
                _ => return None,
            };
            let first = *bytes.get(start)?;
            if !(first.is_ascii_alphanumeric() || b"_+/=-".contains(&first)) {
                return None;
            }
            let len = bytes[start..]
                .iter()
                .take_while(|&&b| !b.is_ascii_whitespace() && !b"\"'`,;#()[]{}<>".contains(&b))
                .count();
            Some(start..start + len)
        })
        .collect()
}

/// The spans of `doc` that [`secret_spans`] hides whatever is reported,
/// unmerged, in the order it hides them (`scan` holds what analysis found
/// of `doc`).
fn hidden_spans(doc: &Document, config: &Config, scan: &SecretScan) -> Vec<Range<usize>> {
    let text = doc.text.as_str();
    let mut candidates = Vec::new();
    connection_string::check(text, &mut candidates);
    // The prefilter's words are every scanner's: the analysis's pass found them.
    let hits = scan.hits(config, doc);
    let triggers = Triggers::from_overlapping(text, Language::Text, hits.others.clone());
    // Redaction errs on the side of hiding: unquoted values count everywhere.
    hardcoded_credential::check_text(
        text,
        &triggers.credential_lines,
        Quoting::Any,
        Literals::of(&doc.path),
        Dialect::of(&doc.path),
        &mut candidates,
    );
    // Each credential line asked once for a command's password, a
    // credential flag's value and a credential's value in prose or a
    // comment, however weak; the spans keep the order of one kind after
    // the other.
    let prose = is_prose(&doc.path);
    let (mut flagged, mut in_prose) = (Vec::new(), Vec::new());
    for line in &triggers.credential_lines {
        crate::rules::command_lines::hidden(text, line.clone(), &mut candidates);
        hardcoded_credential::flag_values(text, line.clone(), &mut flagged);
        hardcoded_credential::prose_values(text, line.clone(), prose, &mut in_prose);
    }
    credential_files::check(&doc.path, text, &mut candidates);
    if env_template_real_value::is_template(&doc.path) {
        env_template_real_value::check(&doc.path, text, &mut candidates);
    }
    // Tokens as written and glued into names (`backup_acme_…`), the
    // project's own rules included.
    let mut spans: Vec<Range<usize>> = config.tokens().glued_spans_of(text, &hits.enabled);
    spans.append(&mut flagged);
    spans.append(&mut in_prose);
    // Tokens written in escapes, over the escapes; keys behind a gutter.
    spans.extend(scan.escaped(config, doc).iter().map(|c| c.span.clone()));
    spans.extend(scan.guttered(config, doc).iter().map(|c| c.span.clone()));
    spans.extend(scan.token_pieces(config, doc));
    spans.extend(
        candidates
            .into_iter()
            .filter(|c| c.secret.is_some())
            .map(|c| c.span),
    );
    if is_env_file(&doc.path) {
        spans.extend(env_file_values(text));
    }
    // A literal too short to pass for a password anywhere still is one on
    // a line that names a credential (`token = "abc12"`).
    let lines = &triggers.credential_lines;
    let on_credential_line = |at: usize| {
        let i = lines.partition_point(|line| line.end < at);
        lines.get(i).is_some_and(|line| line.start <= at)
    };
    spans.extend(
        STRING_LITERAL
            .captures_iter(text)
            .filter_map(|caps| caps.get(1).or(caps.get(2)).or(caps.get(3)))
            .filter(|m| {
                could_be_password(m.as_str())
                    || on_credential_line(m.start()) && could_be_short_password(m.as_str())
                    || assigned_to_credential(text, &triggers.credential_hits, m.start())
                        && could_be_assigned_credential(m.as_str())
            })
            .map(|m| m.range()),
    );
    // A notebook's code is JSON-escaped: a literal in a cell is `\"…\"`
    // inside the cell's own JSON string, which the literals above do not
    // see. The decoded cells get the same net, moved back to the JSON.
    if doc.language == Language::Notebook {
        if let Some(cells) = CodeCells::read(text) {
            let code = Document::with_language(&doc.path, Language::Python, &cells.text);
            spans.extend(
                secret_spans(&code, config, &[])
                    .iter()
                    .map(|span| cells.to_source(span)),
            );
        }
    }
    spans
}

/// Farthest a literal stands after the credential word it is assigned
/// to: a name, a type (`Readonly<Record<string, string>>`) and a call
/// around the value (`ptr("…")`) fit; a line of minified code costs each
/// literal no more than this.
const ASSIGNED_REACH: usize = 96;

/// Whether the literal opening at `at` is assigned to a credential name on
/// its line (`password?: string = "…"`, `$config['password'] = '…'`,
/// `val token: String = "…"`, `var apiKey *string = ptr("…")`): the
/// nearest credential word before it (`hits`, sorted) is on its line,
/// within [`ASSIGNED_REACH`], with an `=` or `:` between them and no `,`
/// or `;` (which would end that assignment: `password: "…", user: "…"`).
fn assigned_to_credential(text: &str, hits: &[usize], at: usize) -> bool {
    let i = hits.partition_point(|&hit| hit < at);
    let Some(&hit) = i.checked_sub(1).and_then(|i| hits.get(i)) else {
        return false;
    };
    let between = &text.as_bytes()[hit..at];
    between.len() <= ASSIGNED_REACH
        && !between
            .iter()
            .any(|b| matches!(b, b'\n' | b'\r' | b',' | b';'))
        && between.iter().any(|b| matches!(b, b'=' | b':'))
}

/// The runs of ASCII letters and digits in sight of an excerpt (`regions`,
/// each run read whole) that share 8 of them in a row with a secret at
/// `secrets`: a piece of a secret written elsewhere as part of a name
/// (`secret_<piece> = …`, `token<piece>`), which the value model takes for
/// an identifier, not a secret, and which [`repeats`] does not see because
/// it is not the whole secret. Four lines quoting four such pieces show a
/// 32-character password whole; split at every character that is not a
/// letter or digit, a piece is caught however the name around it was cut,
/// as [`TokenWindows`] catches them in messages.
fn pieces_of_secrets(
    text: &str,
    regions: &[Range<usize>],
    secrets: &[Range<usize>],
) -> Vec<Range<usize>> {
    let windows = TokenWindows::of_spans(text, secrets.iter().cloned());
    let mut regions = regions.to_vec();
    regions.sort_by_key(|r| r.start);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut done = 0;
    for region in regions {
        // Out to the whole runs the region's ends cut (no run is longer
        // than `LONGEST_WORD` in either direction); ASCII letters and digits
        // are never inside a multi-byte character.
        let floor = region.start.saturating_sub(LONGEST_WORD).max(done);
        let mut start = region.start.max(done);
        while start > floor && bytes[start - 1].is_ascii_alphanumeric() {
            start -= 1;
        }
        let ceiling = (region.end + LONGEST_WORD).min(bytes.len());
        let mut end = region.end.max(start);
        while end < ceiling && bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        let mut at = start;
        for run in bytes[start..end].split(|b| !b.is_ascii_alphanumeric()) {
            if run.len() >= 8 && windows.touch_bytes(run) {
                out.push(at..at + run.len());
            }
            at += run.len() + 1;
        }
        done = done.max(end);
    }
    out
}

/// `text` with every provider token and connection-string password in it
/// redacted: for what the fronts show that is not a document's source but
/// may hold a secret all the same, a file or folder named after a token
/// (`ghp_….txt`, `backup_ghp_…/`), a message from git or the file system
/// that quotes such a name. Only what is a secret wherever it stands is
/// hidden (names of files are random often enough: content hashes, build
/// ids), and the built-in provider table, since what shows names has no
/// configuration at hand. Deterministic, so that a name redacted in a
/// baseline matches the same name redacted in a later run. A path takes
/// [`redact_path`], which judges the pieces of its names too.
pub fn redact_tokens(text: &str) -> std::borrow::Cow<'_, str> {
    redact_spans(text, crate::rules::token_spans(text))
}

/// `text`, a name or what shows names, with every provider token in it
/// ([`redact_tokens`]) and every part of it that the value model takes for
/// a secret on its own redacted: for a name no analysis of a document
/// vouched for, a git branch (`fix-<password>`) or a path `credlint config`
/// is asked about (`backup_<password>.env`), whose file it does not read.
/// A part is what lies between blanks, `/`, `\`, `.`, `-` and `_`, judged as
/// an unquoted word in sight of an excerpt is ([`secret_word`]).
pub fn redact_names(text: &str) -> std::borrow::Cow<'_, str> {
    let mut spans = crate::rules::token_spans(text);
    let mut at = 0;
    for part in text.split(|c: char| c.is_whitespace() || "/\\.-_\"'".contains(c)) {
        spans.extend(
            secret_word(part)
                .into_iter()
                .map(|span| at + span.start..at + span.end),
        );
        at += part.len()
            + text[at + part.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
    }
    redact_spans(text, crate::rules::merge(spans))
}

/// `text`, a path or what quotes paths (a note, an error), as every front
/// shows it (`workspace::walk::display`, the report's paths once the run is
/// complete, baseline keys, standard error, the language server's
/// messages): with what [`path_spans`] finds redacted.
pub fn redact_path(text: &str) -> std::borrow::Cow<'_, str> {
    redact_spans(text, path_spans(text))
}

/// Where `text`, a path or what quotes paths, holds a secret, sorted and
/// disjoint.
///
/// Threat model: a file or folder may be named after a secret, often the
/// very one a file inside holds (`deploy/<password>/settings.py`), and
/// every output shows paths. Two things hide it, neither depending on the
/// rule selection, allowlists or suppression comments. What the session
/// saw: provider tokens and connection-string passwords wherever they
/// stand, and every secret any rule proposed in a file whose path holds it
/// ([`crate::rules::token_spans`], registered by [`resolve`] before the
/// selection judges anything). And, for a value no analysed file holds (a
/// `--staged` or one-file run, standard input, the editor's buffer), each
/// piece of a name the value model takes for a secret standing alone
/// ([`crate::value::is_secret_in_name`]); a piece is what lies between
/// blanks, quotes, `/`, `\`, `.`, `-` and `_`. That judgement runs here,
/// as a path is shown, never per analysed file, and only on pieces the
/// cheap test [`crate::value::may_be_secret_in_name`] lets through (8
/// characters, three character classes), each judged once per process
/// ([`judged_piece`]). Its limit: a password of two character classes, or
/// one cut by those separators into pieces under 8 characters, is shown
/// in a name unless the run saw it in a file.
///
/// Temporary folders are no secrets: `tempfile`'s `.tmp` followed by 6
/// random letters and digits and `mktemp`'s `tmp.` followed by 10 are
/// names a program made up for the run ([`is_temporary_name`]).
///
/// What is already a redaction (`xA…Rv (20 chars)#5a1d4319`, a baseline's
/// key read back) is left as it is, so that redacting twice changes
/// nothing.
pub fn path_spans(text: &str) -> Vec<Range<usize>> {
    static REDACTION_TAIL: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"\(\d+ chars\)(?:#[0-9a-f]{8})?").expect("valid regex")
    });
    let mut spans = crate::rules::token_spans(text);
    let mut redactions: Option<Vec<Range<usize>>> = None;
    let mut at = 0;
    // The piece before and the separator after it.
    let mut previous: (&str, Option<char>) = ("", None);
    for piece in text.split(|c: char| c.is_whitespace() || "/\\.-_\"'".contains(c)) {
        let range = at..at + piece.len();
        let separator = text[range.end..].chars().next();
        // A piece glued to revision or address syntax (`<rev>^{commit}:`
        // in a git error, `<name>@host`) is judged without it too (a17
        // #12); the whole piece still is, for a password holding `^` or `@`.
        let whole = std::iter::once(range.clone()).filter(|_| !is_temporary_name(previous, piece));
        let glued = piece
            .contains(GLUE)
            .then(|| sub_pieces(piece).map(|sub| at + sub.start..at + sub.end))
            .into_iter()
            .flatten();
        for candidate in whole.chain(glued) {
            let candidate_text = &text[candidate.clone()];
            if !crate::value::may_be_secret_in_name(candidate_text) {
                continue;
            }
            let redactions = redactions.get_or_insert_with(|| {
                (REDACTION_TAIL.find_iter(text))
                    .map(|m| m.range())
                    .collect()
            });
            let redacted = candidate_text.contains('…')
                || redactions.iter().any(|r| r.contains(&candidate.start));
            if !redacted && judged_piece(candidate_text) {
                spans.push(candidate);
            }
        }
        previous = (piece, separator);
        at = range.end + separator.map_or(0, char::len_utf8);
    }
    crate::rules::merge(spans)
}

/// The characters of revision and address syntax that [`path_spans`]
/// also cuts a piece at.
const GLUE: &[char] = &['^', '{', '}', ':', '~', '@'];

/// The parts of `piece` between [`GLUE`] characters, as ranges in it.
fn sub_pieces(piece: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    piece.split(GLUE).map(move |sub| {
        let range = at..at + sub.len();
        at = range.end + 1;
        range
    })
}

/// Whether `piece`, after `previous` (the piece before it and the
/// separator after that), is a temporary file's or folder's made-up name:
/// `tempfile`'s `.tmp` and 6 letters and digits (`.tmpXk9mQ2`), `mktemp`'s
/// `tmp.` and 10 (`tmp.Xk9mQ2vTr7`). Random, but made up by a program for
/// one run, not a value anyone keeps.
fn is_temporary_name(previous: (&str, Option<char>), piece: &str) -> bool {
    let random = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_alphanumeric());
    let after_dot = previous.1 == Some('.');
    after_dot
        && (piece
            .strip_prefix("tmp")
            .is_some_and(|rest| random(rest, 6))
            || previous.0 == "tmp" && random(piece, 10))
}

/// [`crate::value::is_secret_in_name`] of `piece`, judged once per process:
/// a folder's name comes again in the path of every file inside, and the
/// language server shows the same names for as long as it runs. The memo
/// holds only pieces that passed [`crate::value::may_be_secret_in_name`], a
/// few in a large tree, and starts over past [`JUDGED_PIECES`].
fn judged_piece(piece: &str) -> bool {
    static JUDGED: LazyLock<std::sync::Mutex<HashMap<Box<str>, bool>>> =
        LazyLock::new(Default::default);
    if let Some(&secret) = JUDGED.lock().unwrap_or_else(|e| e.into_inner()).get(piece) {
        return secret;
    }
    let secret = crate::value::is_secret_in_name(piece);
    let mut judged = JUDGED.lock().unwrap_or_else(|e| e.into_inner());
    if judged.len() >= JUDGED_PIECES {
        judged.clear();
    }
    judged.insert(piece.into(), secret);
    secret
}

/// The most pieces [`judged_piece`] remembers.
const JUDGED_PIECES: usize = 4096;

/// `text` with `spans` (sorted, disjoint) redacted.
fn redact_spans(text: &str, spans: Vec<Range<usize>>) -> std::borrow::Cow<'_, str> {
    if spans.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for span in spans {
        out.push_str(&text[cursor..span.start]);
        out.push_str(&redact(&text[span.clone()]));
        cursor = span.end;
    }
    out.push_str(&text[cursor..]);
    std::borrow::Cow::Owned(out)
}

/// Whether `path` is a dotenv file or an env template (`.env`,
/// `.env.local`, `.env.example`, `mcp_env.example`): files of `KEY=value`
/// lines whose values are settings, real ones or meant to be placeholders.
fn is_env_file(path: &std::path::Path) -> bool {
    env_template_real_value::is_template(path)
        || path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n == ".env" || n.starts_with(".env."))
}

/// The values of an env file's `KEY=value` lines that could be passwords,
/// whatever their key is called: an `API=<random>` line no rule reports
/// (its key is no credential word) still holds a value a report must not
/// quote when it shows a line repeating it.
///
/// Every value gets the short-password threshold
/// ([`could_be_short_password`], three characters mixing letters and
/// digits), not only those under a credential name, on purpose: a dotenv
/// file holds nothing but settings, the very place a deployment's
/// passwords sit under names no word list knows (`DB=`, `API=`), so each of
/// its values is as likely a password as a literal on a credential line is.
/// What this hides is only hidden, never reported, so a hidden version
/// number or port costs an excerpt a few characters, while a shown password
/// costs the password.
fn env_file_values(text: &str) -> Vec<Range<usize>> {
    static ASSIGNMENT: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r#"(?m)^[ \t]*(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_.]*[ \t]*=[ \t]*["']?([^"'\s#]+)"#,
        )
        .expect("valid regex")
    });
    ASSIGNMENT
        .captures_iter(text)
        .filter_map(|caps| caps.get(1))
        .filter(|m| could_be_password(m.as_str()) || could_be_short_password(m.as_str()))
        .map(|m| m.range())
        .collect()
}

/// Bytes of a finding's first line that an excerpt can show: before the
/// flagged text, after its start and after its end. An excerpt shows at most
/// 40 characters before the flagged text, 160 of it and 40 after it
/// (`report/excerpt.rs` in the `credlint` crate), each at most 4 bytes.
const SHOWN_BEFORE: usize = 256;
const SHOWN_FROM_START: usize = 1024;
const SHOWN_AFTER_END: usize = 256;
/// The longest run of non-delimiters judged as one word. A longer run in
/// sight of an excerpt is hidden whole when it mixes letters and digits: no
/// word of prose or name in code is that long, and a blob of base64 might
/// be a key.
const LONGEST_WORD: usize = 1024;

/// The bytes of each reported finding's first line that an excerpt can
/// show. Only these are read for what an excerpt must hide beyond the
/// secrets found, so many findings on one long line stay linear: unquoted
/// words that look like a secret on their own, prose or a comment that
/// holds a password with no credential key before it (`-- rotated, the old
/// one Xk9#mQ2v… is dead`; see [`words_like_secrets`]), and pieces of a
/// found secret written into a name ([`pieces_of_secrets`]).
fn shown_regions(text: &str, reported: &[Finding]) -> Vec<Range<usize>> {
    let mut regions: Vec<Range<usize>> = Vec::new();
    for finding in reported {
        let start = floor_char_boundary(text, finding.span.start);
        let (from, before) = around(text, &(start..start), SHOWN_BEFORE);
        let line_start = before[..start - from]
            .rfind(LINE_BREAK)
            .map_or(from, |i| from + i + 1);
        let ahead = &text[start..floor_char_boundary(text, start + SHOWN_FROM_START)];
        let first_end = ahead
            .find(LINE_BREAK)
            .map_or(start + ahead.len(), |i| start + i);
        regions.push(line_start..first_end);
        let end = floor_char_boundary(text, finding.span.end.max(start));
        if !text[start..end].contains(LINE_BREAK) {
            let ahead = &text[end..floor_char_boundary(text, end + SHOWN_AFTER_END)];
            regions.push(
                end..ahead
                    .find(LINE_BREAK)
                    .map_or(end + ahead.len(), |i| end + i),
            );
        }
    }
    regions
}

/// The parts of the words in `regions` of `text` that look like a secret on
/// their own (see [`secret_word`]); a word is read whole even where it
/// reaches out of its region.
///
/// A word that is exactly one of the `hidden` spans, with nothing in it
/// that [`secret_word`] cuts it at, is skipped: judging it could only hide
/// the same bytes again, and the value model's strength estimate is the
/// dearest step of a document's analysis. A file of nothing but tokens
/// shows every token beside a finding (each is one), and judging them all
/// again was nine tenths of its check.
fn words_like_secrets(
    text: &str,
    mut regions: Vec<Range<usize>>,
    hidden: &[Range<usize>],
) -> Vec<Range<usize>> {
    let hidden: std::collections::HashSet<&Range<usize>> = hidden.iter().collect();
    regions.sort_by_key(|r| r.start);
    let mut out = Vec::new();
    let mut done = 0;
    for region in regions {
        let mut at = region.start.max(done);
        while at < region.end {
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            if delimits(text, at, c) {
                at += c.len_utf8();
                continue;
            }
            // The whole run of non-delimiters through `at`, looked for no
            // further than `LONGEST_WORD` bytes each way.
            let floor = floor_char_boundary(text, at.saturating_sub(LONGEST_WORD));
            let word_start = (text[floor..at].char_indices().rev())
                .find(|&(i, c)| delimits(text, floor + i, c))
                .map_or(floor, |(i, c)| floor + i + c.len_utf8());
            let ceiling = floor_char_boundary(text, at + LONGEST_WORD);
            let word_end = (text[at..ceiling].char_indices())
                .find(|&(i, c)| delimits(text, at + i, c))
                .map_or(ceiling, |(i, _)| at + i);
            let clipped =
                word_start == floor && floor > 0 || word_end == ceiling && ceiling < text.len();
            let word = &text[word_start..macro_name_end(text, word_start, word_end)];
            if clipped {
                if word.bytes().any(|b| b.is_ascii_digit()) && word.chars().any(char::is_alphabetic)
                {
                    out.push(word_start..word_end);
                }
            } else if !(hidden.contains(&(word_start..word_start + word.len())) && is_uncut(word)) {
                out.extend(
                    secret_word(word)
                        .into_iter()
                        .map(|part| word_start + part.start..word_start + part.end),
                );
            }
            at = word_end;
        }
        done = done.max(at);
    }
    out
}

const LINE_BREAK: [char; 2] = ['\n', '\r'];

/// Where the word `start..end` of `text` ends once the `!` of a macro
/// invocation is left out (`option_env!(`, `vec![`, `quote!{`): the bang
/// is syntax, and with it a macro's name mixes in a symbol and passes for
/// a password. A password-looking word before `!(` is still one without it.
fn macro_name_end(text: &str, start: usize, end: usize) -> usize {
    let bang = end > start && text.as_bytes()[end - 1] == b'!';
    match text.as_bytes().get(end) {
        Some(b'(' | b'[' | b'{') if bang => end - 1,
        _ => end,
    }
}

/// Whether [`secret_word`] can only judge `word` whole: no `=`, `:`, `/`
/// or `@` to cut it at, and no command-line option to strip.
fn is_uncut(word: &str) -> bool {
    !word.contains(WORD_CUTS) && !word.starts_with('-')
}

/// Whether `c`, at `at` in `text`, ends an unquoted word: a
/// [word delimiter](is_word_delimiter) that is not a brace of a Unicode
/// escape (`\u{23}`), which a password written with its symbols escaped
/// (`PAXK7jfdw\u{23}659\u{21}…`) holds as one word.
fn delimits(text: &str, at: usize, c: char) -> bool {
    // An escape's body: one to six hex digits. Only that many bytes are
    // looked at either way, so a line of braces costs each brace as much.
    let hex_run = |bytes: &mut dyn Iterator<Item = &u8>| {
        bytes.take(7).take_while(|b| b.is_ascii_hexdigit()).count()
    };
    let b = text.as_bytes();
    is_word_delimiter(c)
        && !match c {
            '{' => {
                let digits = hex_run(&mut b[at + 1..].iter());
                b[..at].ends_with(b"\\u")
                    && (1..=6).contains(&digits)
                    && b.get(at + 1 + digits) == Some(&b'}')
            }
            '}' => {
                let digits = hex_run(&mut b[..at].iter().rev());
                (1..=6).contains(&digits) && b[..at - digits].ends_with(b"\\u{")
            }
            _ => false,
        }
}

/// Where [`secret_word`] cuts a word into parts judged apart.
const WORD_CUTS: [char; 4] = ['=', ':', '/', '@'];

/// What ends an unquoted word: space, quotes, brackets and list punctuation.
/// A no-break space does not: typed inside a password (`…7\u{a0}!jh…`), it
/// would leave the piece after it too short to judge; prose's no-break
/// spaces (`mot :`) only join words that are then judged together.
fn is_word_delimiter(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}')
        || matches!(
            c,
            '"' | '\'' | '`' | ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>'
        )
}

/// The parts of an unquoted word that look like a secret: those between
/// `=`, `:`, `/` and `@` that do (`key=<password>` shows its key), else the
/// whole word if it does (a password with a `/` in it).
fn secret_word(word: &str) -> Vec<Range<usize>> {
    /// A shorter word holds no 8-character piece of a secret.
    const SHORTEST: usize = 8;
    /// A run of lowercase letters this long that no dictionary holds is
    /// hidden: as a quoted literal, [`could_be_password`] takes it (twelve
    /// characters of one class), so a comment after a value
    /// (`t = ghp_… ; <twenty random letters>`) shows no more than the
    /// literal would.
    const LONG_LOWERCASE: usize = 12;
    // A word of lowercase letters, perhaps capitalised and ending a clause
    // (`credlint:`, `Note,`, `Überprüfung`), is a word of prose when it is
    // short or a dictionary's word; the value model would take a
    // capitalised one for a password (two classes of characters).
    let judged = |w: &str| {
        let letters = w.trim_end_matches([':', ',', ';', '.']);
        let mut rest = letters.chars();
        let prose = rest.next().is_some_and(char::is_alphabetic) && rest.all(char::is_lowercase);
        w.chars().count() >= SHORTEST
            && match prose {
                true => {
                    letters.chars().count() >= LONG_LOWERCASE
                        && !is_dictionary_word(&letters.to_lowercase())
                }
                false => {
                    looks_like_secret(NameKind::Password, "", w) || could_be_unquoted_password(w)
                }
            }
    };
    let mut parts = Vec::new();
    let mut from = 0;
    for part in word.split(WORD_CUTS) {
        if part.len() < word.len() && judged(part) {
            parts.push(from..from + part.len());
        }
        from += part.len() + 1;
    }
    // The value after the key, whole: a password may hold `@` or `/`
    // (`PGPASSWORD=Lv6@nB4w`), which the split above cut in parts too short
    // to judge.
    if let Some(at) = word.find('=') {
        if judged(&word[at + 1..]) || sets_credential(&word[..at], &word[at + 1..]) {
            parts.push(at + 1..word.len());
        }
    }
    // A password glued to its command-line option (`mysql -pTr5qWm2z`).
    let mut option = word.chars();
    if option.next() == Some('-')
        && option.next().is_some_and(|c| c.is_ascii_alphabetic())
        && judged(option.as_str())
    {
        parts.push(2..word.len());
    }
    // `NAME=$OTHER` passes a variable on: its value was judged above, and
    // whole it only looks random.
    let passes_variable = word
        .split_once('=')
        .is_some_and(|(_, value)| expands_one_variable(value));
    if parts.is_empty() && !passes_variable && judged(word) {
        parts.push(0..word.len());
    }
    parts
}

/// Whether an unquoted `key=value` sets a credential to what could be its
/// value (`--password=KUW33scu--`, `DB_PASS=ab+cd` in prose or a comment):
/// the key names a credential and the value is no variable, identifier or
/// dotted path (`password=pw`, `token=self.token` in code pass a name),
/// nor what [`could_be_assigned_credential`] turns away. The value model need not take it
/// for a password: it is one by where it stands.
fn sets_credential(key: &str, value: &str) -> bool {
    let name = key.rsplit(['.', '[', '?', '&', '$']).next().unwrap_or(key);
    value
        .bytes()
        .any(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'.'))
        && credential_kind(name.trim_start_matches('-')).is_some()
        && could_be_assigned_credential(value)
}

/// Every other occurrence in `text` of a secret found at `spans`: a value
/// repeated where nothing marks it as one (`"…")  # was … before rotation`,
/// a comment or prose quoting it unquoted) is the same secret.
fn repeats(text: &str, spans: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut secrets: Vec<&str> = spans
        .iter()
        .filter_map(|span| text.get(span.clone()))
        .filter(|secret| secret.chars().count() >= MIN_REPEATED_SECRET)
        .collect();
    secrets.sort_unstable();
    secrets.dedup();
    if secrets.is_empty() {
        return Vec::new();
    }
    // Built for one search of one document: the plain automaton, whose
    // construction is a fraction of a DFA's (a sixth of a file's analysis
    // with one secret in it went to building a DFA).
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::NoncontiguousNFA))
        .build(&secrets)
    else {
        return Vec::new();
    };
    automaton.find_iter(text).map(|m| m.range()).collect()
}

/// The shortest secret whose repeats are hidden too: shorter strings (a
/// `key=abc` value) are too common as parts of other words to hide wherever
/// they occur.
const MIN_REPEATED_SECRET: usize = 6;

/// A string literal on one line, in any of the quotes the languages use;
/// the content is the first group that matched.
static STRING_LITERAL: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#""((?:[^"\\\r\n]|\\.)*)"|'((?:[^'\\\r\n]|\\.)*)'|`((?:[^`\\\r\n]|\\.)*)`"#)
        .expect("valid regex")
});

/// A field declared with a string type: `api_key: String`, `token: str`.
static STRING_FIELD: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"\b\w+\s*:\s*(?:&|String\b|str\b|bytes\b|Option<|Optional\[|Box<str>|Cow<)")
        .expect("valid regex")
});

/// The seam of two implicitly concatenated Python strings on one line:
/// a closing quote, blanks, and the next string's prefix and opening quote.
static STRING_SEAM: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r#"["'][ \t]+[rRbBuU]{0,2}["']"#).expect("valid regex"));

/// What the prefilter pass saw.
struct Triggers {
    /// Lines holding a credential word, in order, without duplicates.
    credential_lines: Vec<Range<usize>>,
    /// Where the credential words are.
    credential_hits: Vec<usize>,
    /// Where the environment triggers are.
    env_hits: Vec<usize>,
    /// Code's lines holding a command whose flags take a password without
    /// naming it (`mysql -p…`, `sshpass -p`: the text triggers), in order,
    /// without duplicates: a string that runs one (`os.system("…")`,
    /// `Command::new("mysql")`), read by [`rules::command_lines`].
    command_lines: Vec<Range<usize>>,
}

/// Whether a line holds what the prefilter starts the syntax and
/// `key = value` stages from, in a document of any language: a credential
/// word, a word of a credential position (code), a credential trigger of
/// text files. A line without one gives the secret rules nothing to judge
/// by name ([`crate::versions`] asks).
pub fn has_trigger(line: &str) -> bool {
    [Language::Text, Language::Python]
        .into_iter()
        .any(|language| {
            let triggers = Triggers::find(line, language);
            !triggers.credential_lines.is_empty() || !triggers.credential_hits.is_empty()
        })
}

/// Where the credential words of a Python `text` are, from its provider
/// scanner's pass (`others`): what the syntax stage reads statements for.
pub(crate) fn python_credential_hits(text: &str, others: &[(usize, Range<usize>)]) -> Vec<usize> {
    Triggers::from_overlapping(text, Language::Python, others.to_vec()).credential_hits
}

impl Triggers {
    /// The triggers of `text`, from the pass of the built-in provider
    /// scanner that searches the prefilter's words too.
    fn find(text: &str, language: Language) -> Triggers {
        let hits = provider::TokenScanner::builtin().search(text);
        Triggers::from_overlapping(text, language, hits.others)
    }

    /// The triggers from every occurrence of the prefilter's words
    /// (overlapping ones included, in any order), as one pass with the
    /// provider keywords finds them: the hits taken are the leftmost-longest
    /// ones, as a leftmost-longest automaton of the words alone reports
    /// them. At each place the longest word wins, and of two as long, the
    /// first added.
    fn from_overlapping(
        text: &str,
        language: Language,
        mut hits: Vec<(usize, Range<usize>)>,
    ) -> Triggers {
        hits.sort_unstable_by_key(|(pattern, span)| {
            (span.start, std::cmp::Reverse(span.end), *pattern)
        });
        let mut end = 0;
        let leftmost = hits.into_iter().filter(move |(_, span)| {
            let keep = span.start >= end;
            if keep {
                end = span.end;
            }
            keep
        });
        let mut triggers = Triggers::from_hits(text, language, leftmost);
        if language == Language::Python {
            triggers.add_split_names(text);
        }
        triggers
    }

    /// Adds the seams of implicitly concatenated strings that split a
    /// credential name the word pass could not see whole (`{"api_" "key":
    /// "…"}`, `os.environ["SECRET_" "KEY"] = …`): the name pieces on either
    /// side of the seam join into a credential name that neither is alone.
    fn add_split_names(&mut self, text: &str) {
        let bytes = text.as_bytes();
        // Every seam opens with a quote and a blank: a text without one
        // (most small files) needs the regex neither run nor compiled.
        let openings: [&[u8]; 4] = [b"\" ", b"\"\t", b"' ", b"'\t"];
        if !(openings.iter()).any(|o| memchr::memmem::find(bytes, o).is_some()) {
            return;
        }
        let is_name = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
        let mut added = false;
        for seam in STRING_SEAM.find_iter(text) {
            let before = bytes[..seam.start()]
                .iter()
                .rev()
                .take_while(|b| is_name(b));
            let start = seam.start() - before.count();
            let after = bytes[seam.end()..]
                .iter()
                .take_while(|b| is_name(b))
                .count();
            let (before, after) = (&text[start..seam.start()], &text[seam.end()..][..after]);
            if before.is_empty() || after.is_empty() {
                continue;
            }
            let kind = crate::value::credential_kind;
            if kind(&format!("{before}{after}")).is_some()
                && kind(before).is_none()
                && kind(after).is_none()
            {
                self.credential_hits.push(seam.start());
                self.credential_lines.push(line_around(bytes, seam.start()));
                added = true;
            }
        }
        if added {
            self.credential_hits.sort_unstable();
            self.credential_hits.dedup();
            self.credential_lines.sort_by_key(|line| line.start);
            self.credential_lines.dedup_by_key(|line| line.start);
        }
    }

    /// The triggers of the prefilter's hits: each word's index and span,
    /// leftmost-longest, not overlapping.
    fn from_hits(
        text: &str,
        language: Language,
        hits: impl Iterator<Item = (usize, Range<usize>)>,
    ) -> Triggers {
        let prefilter = &*PREFILTER;
        let bytes = text.as_bytes();
        let env_patterns = match language {
            Language::Python => prefilter.python_env.clone(),
            Language::Rust => prefilter.rust_env.clone(),
            Language::Notebook | Language::Text => 0..0,
        };
        let mut triggers = Triggers {
            credential_lines: Vec::new(),
            credential_hits: Vec::new(),
            env_hits: Vec::new(),
            command_lines: Vec::new(),
        };
        // Non-overlapping is enough: any word at a position makes it a candidate.
        for (pattern, hit) in hits {
            if env_patterns.contains(&pattern) {
                triggers.env_hits.push(hit.start);
            } else if prefilter.position_words.contains(&pattern) {
                if language != Language::Text {
                    triggers.credential_hits.push(hit.start);
                }
            } else if prefilter.text_only.contains(&pattern) {
                if language == Language::Text {
                    triggers.add_line(bytes, hit.start);
                } else if !(triggers.command_lines.last()).is_some_and(|l| l.contains(&hit.start)) {
                    triggers.command_lines.push(line_around(bytes, hit.start));
                }
            } else if pattern < prefilter.credential_patterns {
                if !crate::value::joined_word(bytes, hit.start, hit.end) {
                    continue;
                }
                // `auth` in `author` / `authority` is not a credential word;
                // in `Authorization` it is.
                let rest = &bytes[hit.end..];
                if bytes[hit.start..hit.end].eq_ignore_ascii_case(b"auth")
                    && rest.len() >= 2
                    && rest[..2].eq_ignore_ascii_case(b"or")
                    && !rest
                        .get(..4)
                        .is_some_and(|r| r.eq_ignore_ascii_case(b"oriz"))
                {
                    continue;
                }
                triggers.add_line(bytes, hit.start);
                if language != Language::Rust
                    || quote_near(bytes, triggers.credential_lines.last().unwrap())
                    || renames_a_position_type(bytes, hit.clone())
                {
                    triggers.credential_hits.push(hit.start);
                }
            }
        }
        triggers
    }

    /// Keeps only the hits and lines inside or overlapping `ranges` (sorted).
    fn keep_within(&mut self, ranges: &[Range<usize>]) {
        self.credential_lines
            .retain(|line| touches(ranges, line.start, line.end));
        self.credential_hits
            .retain(|&hit| touches(ranges, hit, hit));
        self.env_hits.retain(|&hit| touches(ranges, hit, hit));
        self.command_lines
            .retain(|line| touches(ranges, line.start, line.end));
    }

    /// Adds the line around `at` to the credential lines, once.
    fn add_line(&mut self, bytes: &[u8], at: usize) {
        let same_line = self
            .credential_lines
            .last()
            .is_some_and(|l| l.start <= at && at <= l.end);
        if !same_line {
            self.credential_lines.push(line_around(bytes, at));
        }
    }
}

/// Whether the credential word at `hit` is part of a credential position's
/// type that a Rust `use` or type alias renames (`use secrecy::SecretString
/// as S;`, `use secrecy::{Secret as Sealed};`, `type S = SecretString;`,
/// `pub type B = secrecy::SecretBox<str>;`): the calls through the new name
/// (`S::new("…")`) hold no credential word, and the `use` no literal, so
/// the hit is kept whatever quotes are near, as a position's own word is
/// (`use jsonwebtoken::EncodingKey as E;`). The name is read no further
/// than [`LONGEST_TYPE_NAME`] bytes each way.
fn renames_a_position_type(bytes: &[u8], hit: Range<usize>) -> bool {
    static TYPE_ALIAS: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"^\s*(?:pub(?:\s*\([^)]*\))?\s+)?type\s+\w+\s*(?:<[^=]*>\s*)?=\s*(?:\w+::)*$",
        )
        .expect("valid regex")
    });
    let in_name = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let floor = hit.start.saturating_sub(LONGEST_TYPE_NAME);
    let start = bytes[floor..hit.start]
        .iter()
        .rposition(|b| !in_name(b))
        .map_or(floor, |i| floor + i + 1);
    let ceiling = bytes.len().min(hit.end + LONGEST_TYPE_NAME);
    let end = bytes[hit.end..ceiling]
        .iter()
        .position(|b| !in_name(b))
        .map_or(ceiling, |i| hit.end + i);
    let rest = &bytes[end..];
    let spaces = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let line_start = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |i| i + 1);
    let aliased = std::str::from_utf8(&bytes[line_start..start])
        .is_ok_and(|before| TYPE_ALIAS.is_match(before));
    let renamed = spaces > 0
        && rest[spaces..].starts_with(b"as")
        && rest.get(spaces + 2).is_some_and(u8::is_ascii_whitespace);
    (renamed || aliased)
        && std::str::from_utf8(&bytes[start..end])
            .is_ok_and(|name| syntax::positions::heads_an_api(Language::Rust, name))
}

/// The longest type name [`renames_a_position_type`] reads.
const LONGEST_TYPE_NAME: usize = 64;

/// Whether a string literal can start on `line` or the next one. In Rust,
/// where `token` and `key` fill every parser and map, this keeps the
/// tree-sitter pass to files that bind a literal near a credential word.
fn quote_near(bytes: &[u8], line: &Range<usize>) -> bool {
    let next_end = memchr::memchr(b'\n', bytes.get(line.end + 1..).unwrap_or_default())
        .map_or(bytes.len(), |i| line.end + 1 + i);
    memchr::memchr(b'"', &bytes[line.start..next_end.max(line.end)]).is_some()
}

/// Turns candidates into findings: overlaps, configuration, suppressions,
/// positions; and the suppressed ones, for `--show-suppressed`. `complete`
/// says the whole document was analysed, so that a suppression that
/// silenced nothing can be called unused.
fn resolve(
    doc: &Document,
    config: &Config,
    rules: &PathRules,
    mut candidates: Vec<Candidate>,
    complete: bool,
    scan: &SecretScan,
) -> (Vec<Finding>, Vec<Suppressed>, LinesFound) {
    let path = doc.path.as_path();
    let allowed_path = config.is_allowed_path(path);
    // The test-path glob match is only needed to judge a secret's provenance.
    // A Rust module declared under `#[cfg(test)]` in its parent is test
    // code as a whole, as a test path is.
    let in_test_path = candidates.iter().any(|c| c.secret.is_some())
        && (doc.is_declared_for_tests() || rules.is_test_path());
    let index = LineIndex::new(&doc.text);
    let syntax = crate::suppress::Syntax::of(doc.language, &doc.path);
    let mut suppressions = Suppressions::new(&doc.text, &index, syntax, config.peer_markers);
    // Every secret seen, to redact a suppression's reason that quotes one;
    // gathered only when some marker gives a reason.
    let any_reason = suppressions.markers().any(|(m, _)| m.reason.is_some());
    let secrets = if any_reason {
        reason_redactions(doc, config, &candidates, &suppressions, scan)
    } else {
        Vec::new()
    };
    // A file named after a secret it holds shows that secret wherever its
    // path is shown or keyed, from here on: every rule's candidates count,
    // before the selection, allowlists and suppressions judge them, since
    // they say what is reported, not what a path may show ([`path_spans`]).
    crate::rules::hide_in_path(path, candidates.iter().filter_map(|c| c.secret.as_deref()));
    candidates.retain(|c| {
        rules.is_enabled(&c.rule)
            && match &c.secret {
                Some(secret) => {
                    !allowed_path
                        && !config.is_allowed_value(secret)
                        && !provenance::is_published_vector(doc, c.span.start, in_test_path)
                        && !provenance::beside_example_credential(&doc.text, &c.span)
                }
                None => true,
            }
    });
    // Most specific first, so an overlapping generic finding is the one dropped.
    candidates.sort_by_key(|c| (c.priority, c.span.start));

    // Both duplicate tests are lookups, so that a file with tens of
    // thousands of findings costs O(n log n): kept secret spans never
    // overlap one another, so sorted by start their ends are sorted too and
    // the one starting last before a candidate ends is the only one that can
    // overlap it.
    let overlaps = |spans: &BTreeMap<usize, usize>, span: &Range<usize>| {
        spans
            .range(..span.end)
            .next_back()
            .is_some_and(|(_, &end)| span.start < end)
    };
    let mut secret_spans: BTreeMap<usize, usize> = BTreeMap::new();
    let mut suppressed_spans: BTreeMap<usize, usize> = BTreeMap::new();
    let mut rule_lines: HashSet<(String, usize)> = HashSet::new();
    let mut kept: Vec<Candidate> = Vec::new();
    let mut suppressed: Vec<(Candidate, usize)> = Vec::new();
    for candidate in candidates {
        let line = index.line_of(candidate.span.start);
        // A secret silenced under its most specific rule stays silent under
        // the generic ones that also find it (a provider token in a
        // document inside a string literal is a credential `key = value` too).
        let duplicate = if candidate.secret.is_some() {
            overlaps(&secret_spans, &candidate.span) || overlaps(&suppressed_spans, &candidate.span)
        } else {
            rule_lines.contains(&(candidate.rule.clone(), line))
        };
        if duplicate {
            continue;
        }
        if let Some(marker) = suppressions.suppress(line, &candidate.rule) {
            // A secret silenced once is listed once, by its most specific
            // rule: the overlapping ones were dropped above.
            if candidate.secret.is_some() {
                suppressed_spans.insert(candidate.span.start, candidate.span.end);
            }
            suppressed.push((candidate, marker));
            continue;
        }
        if candidate.secret.is_some() {
            secret_spans.insert(candidate.span.start, candidate.span.end);
        }
        rule_lines.insert((candidate.rule.clone(), line));
        kept.push(candidate);
    }
    kept.extend(marker_candidates(
        doc,
        config,
        rules,
        &suppressions,
        complete,
    ));
    // By position, then rule: an order no check's place in the registry decides.
    kept.sort_by(|a, b| (a.span.start, &a.rule).cmp(&(b.span.start, &b.rule)));
    // An oversized document's findings are provider tokens, whose messages
    // quote no name of the document: it is not scanned again for them.
    let windows = std::cell::OnceCell::new();
    if doc.text.len() as u64 > config.max_file_size {
        let _ = windows.set(TokenWindows(Vec::new()));
    }
    let findings = to_findings(doc, config, &index, &windows, scan, kept, true);
    suppressed.sort_by_key(|(c, _)| c.span.start);
    let markers: Vec<usize> = suppressed.iter().map(|(_, m)| *m).collect();
    let silenced = to_findings(
        doc,
        config,
        &index,
        &windows,
        scan,
        suppressed.into_iter().map(|(c, _)| c).collect(),
        false,
    );
    let silenced = silenced
        .into_iter()
        .zip(markers)
        .map(|(finding, at)| {
            let marker = suppressions.marker(at);
            Suppressed {
                finding,
                suppressed_by: marker.label(),
                reason: marker
                    .reason
                    .clone()
                    .map(|reason| redacted(&doc.text, reason, &secrets)),
            }
        })
        .collect();
    drop(suppressions);
    (findings, silenced, index.into_found())
}

/// What a suppression's reason must hide, with what stands for it: the
/// secrets the rules found, and every span [`secret_spans`] hides in an
/// excerpt. A reason is free prose in a comment (`-- the old password: …`),
/// where the syntax-based rules see no value, so it gets the same wide net as
/// the source lines a report shows.
fn reason_redactions(
    doc: &Document,
    config: &Config,
    candidates: &[Candidate],
    suppressions: &Suppressions,
    scan: &SecretScan,
) -> Vec<(Range<usize>, String)> {
    let mut secrets: Vec<(Range<usize>, String)> = candidates
        .iter()
        .filter_map(|c| Some((c.span.clone(), c.redacted.clone()?)))
        .collect();
    // A reason may quote a secret in prose, unquoted and with no key
    // (`-- the real one is <password>`), as a comment may.
    let reasons = suppressions.markers().filter_map(|(m, _)| m.reason.clone());
    let words = words_like_secrets(&doc.text, reasons.collect(), &[]);
    secrets.extend(
        crate::rules::merge([spans_around(doc, config, &[], scan), words].concat())
            .into_iter()
            .map(|span| (span.clone(), redact(&doc.text[span]))),
    );
    secrets
}

/// `text[range]` with every secret in it replaced by its redacted form.
fn redacted(text: &str, range: Range<usize>, secrets: &[(Range<usize>, String)]) -> String {
    let mut inside: Vec<&(Range<usize>, String)> = secrets
        .iter()
        .filter(|(s, _)| s.start < range.end && range.start < s.end)
        .collect();
    inside.sort_by_key(|(s, _)| s.start);
    let mut out = String::new();
    let mut at = range.start;
    for (span, shown) in inside {
        if span.start >= at {
            out.push_str(&text[at..span.start]);
            out.push_str(shown);
        } else if span.end > at && out.is_empty() {
            out.push_str(shown); // a secret straddling the reason's start
        }
        at = at.max(span.end.min(range.end));
    }
    out.push_str(&text[at..range.end]);
    out
}

/// Findings about the suppression markers themselves: `credlint:` markers
/// that silenced nothing although every rule they name ran on the whole
/// document, and, with `require-reason`, markers without a reason. Other
/// scanners' markers are theirs to judge.
/// Whether `path` is prose: documentation or plain text, whose `name:
/// value` pairs are sentences, not code.
fn is_prose(path: &std::path::Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["md", "markdown", "mdx", "rst", "adoc", "txt", "text"]
            .contains(&e.to_ascii_lowercase().as_str())
    })
}

fn marker_candidates(
    doc: &Document,
    config: &Config,
    rules: &PathRules,
    suppressions: &Suppressions,
    complete: bool,
) -> Vec<Candidate> {
    // A notebook's markers sit inside JSON strings: not a comment to
    // remove; documentation's are examples of markers.
    let documentation = doc
        .path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            ["md", "markdown", "rst", "adoc"].contains(&e.to_ascii_lowercase().as_str())
        });
    let unused_on = complete
        && doc.language != Language::Notebook
        && !documentation
        && rules.is_enabled(unused_suppression::RULE.id);
    let reason_on = config.require_reason && rules.is_enabled(suppression_without_reason::RULE.id);
    let mut out = Vec::new();
    if !unused_on && !reason_on {
        return out;
    }
    let candidate = |rule: &str, span: Range<usize>, message: String| Candidate {
        rule: rule.to_owned(),
        severity: crate::finding::Severity::Warning,
        span,
        secret: None,
        message,
        redacted: None,
        variable: None,
        priority: usize::MAX,
    };
    // Each rule with whether it ran on this document; built at the first
    // unused marker only.
    let mut ran: Option<Vec<(String, bool)>> = None;
    for (marker, used) in suppressions.markers() {
        let Kind::Credlint { selectors, .. } = &marker.kind else {
            continue;
        };
        if reason_on && marker.reason.is_none() {
            out.push(candidate(
                suppression_without_reason::RULE.id,
                marker.span.clone(),
                format!("`{}` gives no reason; add one after `--`", marker.label()),
            ));
        }
        // A marker naming these rules is deliberate about them.
        let names_own_rules = selectors
            .iter()
            .any(|s| s != "ALL" && selects(s, unused_suppression::RULE.id));
        if !unused_on || used || !marker.in_comment || names_own_rules {
            continue;
        }
        let ran = ran.get_or_insert_with(|| {
            config
                .rules()
                .into_iter()
                .filter(|r| !r.id.starts_with("credlint/"))
                .map(|r| {
                    let on = rules.is_enabled(&r.id);
                    (r.id, on)
                })
                .collect()
        });
        let all = ["ALL".to_owned()];
        let listed = if selectors.is_empty() {
            &all[..]
        } else {
            &selectors[..]
        };
        // A selector is judged when a rule it names ran and none of the
        // default ones it names was turned off (by `--select`, `ignore`,
        // a test path): a suppression for a rule that did not run is not
        // unused. One naming no rule at all is a typo, and reported.
        let mut unknown = false;
        let judged = listed.iter().all(|s| {
            let named: Vec<&(String, bool)> = ran.iter().filter(|(id, _)| selects(s, id)).collect();
            unknown |= named.is_empty();
            named.is_empty()
                || named.iter().any(|(_, on)| *on)
                    && named
                        .iter()
                        .all(|(id, on)| *on || code_rule(id).is_some_and(CodeRule::is_opt_in))
        });
        if !judged {
            continue;
        }
        let known: Vec<&str> = listed
            .iter()
            .filter(|s| ran.iter().any(|(id, _)| selects(s, id)))
            .map(String::as_str)
            .collect();
        let shown = match (selectors.is_empty(), known.is_empty()) {
            (true, _) => marker.label().to_owned(),
            (false, true) => format!("{}(…)", marker.label()),
            (false, false) => format!("{}({})", marker.label(), known.join(", ")),
        };
        let message = if unknown {
            format!("`{shown}` names a rule that does not exist; remove or correct it")
        } else {
            format!("`{shown}` suppresses no finding; remove it")
        };
        out.push(candidate(
            unused_suppression::RULE.id,
            marker.span.clone(),
            message,
        ));
    }
    out
}

/// Positions, fingerprints and baseline keys for candidates sorted by
/// start. Baseline keys (an Argon2id run per secret) only when `baseline`.
/// The line of `bytes` holding `at`, without its line end.
fn line_around(bytes: &[u8], at: usize) -> Range<usize> {
    let at = at.min(bytes.len());
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
    start..end
}

/// Every run of 8 letters and digits inside a token of a document, as
/// sorted 8-byte windows: what a name cut out of a token would show. Python
/// reads `backup_xoxb-…-…-<piece>_token: str = Field(` as a subtraction
/// whose target is the token's last piece, and the statement's value, where
/// the finding is, can be lines below that name; the messages also quote
/// names declared anywhere else in the document. So the windows come from
/// the whole document, scanned once for all of its findings (a per-finding
/// look at the line, or a word-by-piece comparison, made a line of 24,000
/// tokens quadratic), and a word is looked up by its own windows.
struct TokenWindows(Vec<u64>);

impl TokenWindows {
    fn of(config: &Config, doc: &Document, scan: &SecretScan) -> Self {
        let text = doc.text.as_str();
        let tokens = config.tokens();
        let glued = tokens.glued_spans_of(text, &scan.hits(config, doc).enabled);
        let spans = crate::rules::token_spans_glued(text, glued);
        Self::of_spans(
            text,
            spans.into_iter().chain(scan.token_pieces(config, doc)),
        )
    }

    /// The windows of the secrets at `spans` of `text`.
    fn of_spans(text: &str, spans: impl IntoIterator<Item = Range<usize>>) -> Self {
        let mut windows: Vec<u64> = spans
            .into_iter()
            .filter_map(|span| text.get(span))
            .flat_map(|secret| secret.split(|c: char| !c.is_ascii_alphanumeric()))
            .flat_map(|piece| piece.as_bytes().windows(8).map(window))
            .collect();
        windows.sort_unstable();
        windows.dedup();
        TokenWindows(windows)
    }

    /// Whether `word` shares 8 letters and digits in a row with a token:
    /// an 8-character piece of a token shown is a leak however the word
    /// around it was cut.
    fn touch(&self, word: &str) -> bool {
        self.touch_bytes(word.as_bytes())
    }

    fn touch_bytes(&self, word: &[u8]) -> bool {
        !self.0.is_empty()
            && word.windows(8).any(|w| {
                #[cfg(test)]
                WINDOW_LOOKUPS.with(|n| n.set(n.get() + 1));
                self.0.binary_search(&window(w)).is_ok()
            })
    }
}

#[cfg(test)]
thread_local! {
    /// The windows [`TokenWindows::touch`] looked up on this thread: the
    /// step count the test of its cost bounds.
    static WINDOW_LOOKUPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn window(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().expect("an 8-byte window"))
}

/// Hides, in a candidate's message and variable, each word of 8 letters
/// and digits or more that shares 8 of them with a token of the document
/// (see [`TokenWindows`]).
fn hide_token_pieces(c: &mut Candidate, tokens: &TokenWindows) {
    let message = c.message.clone();
    let mut words: Vec<&str> = message
        .split(|ch: char| !ch.is_ascii_alphanumeric())
        .filter(|word| word.len() >= 8 && tokens.touch(word))
        .collect();
    words.sort_unstable();
    words.dedup();
    for word in words {
        c.message = c.message.replace(word, &redact(word));
        if let Some(variable) = &mut c.variable {
            let spelled = crate::rules::env_var_name(word);
            if let Some(at) = variable.find(&spelled) {
                variable.replace_range(at..at + spelled.len(), "");
                let rest: Vec<&str> = variable.split('_').filter(|w| !w.is_empty()).collect();
                *variable = match rest.join("_") {
                    empty if empty.is_empty() => "SECRET".to_owned(),
                    rest => rest,
                };
            }
        }
    }
}

fn to_findings(
    doc: &Document,
    config: &Config,
    index: &LineIndex,
    windows: &std::cell::OnceCell<TokenWindows>,
    scan: &SecretScan,
    candidates: Vec<Candidate>,
    baseline: bool,
) -> Vec<Finding> {
    let path = doc.path.as_path();
    if candidates.is_empty() {
        return Vec::new();
    }
    // The names a fix quotes, worked out once per document with findings.
    let project = config.project_names(doc.language);
    let mut ordinals: std::collections::HashMap<(String, Option<String>), usize> =
        std::collections::HashMap::new();
    let mut shown_names: std::collections::HashMap<String, Option<String>> =
        std::collections::HashMap::new();
    candidates
        .into_iter()
        .map(|mut c| {
            // A name that is itself a secret (a token pasted where the
            // variable's name goes: `os.getenv("ghp_…")`) is quoted by the
            // message, the fix and the fingerprint's basis: each gets its
            // redacted form instead.
            if let Some(name) = c.variable.clone() {
                let hidden = shown_names
                    .entry(name.clone())
                    .or_insert_with(|| (!crate::rules::may_show("", &name)).then(|| redact(&name)))
                    .clone();
                if let Some(hidden) = hidden {
                    c.message = c.message.replace(&name, &hidden);
                    c.variable = Some(hidden);
                }
            }
            // A name holding a token (`ghp_…_password = "…"`, a key named
            // after the token it once held) is quoted by the message too; the
            // project's own token rules count. (The variable a fix suggests
            // already leaves such a token out: see `rules::env_var_name`.)
            let tokens = crate::rules::token_spans_with(config.tokens(), &c.message);
            if let std::borrow::Cow::Owned(message) = redact_spans(&c.message, tokens) {
                c.message = message;
            }
            // A piece of a token quoted apart from the rest of it.
            hide_token_pieces(
                &mut c,
                windows.get_or_init(|| TokenWindows::of(config, doc, scan)),
            );
            let basis = match &c.secret {
                Some(secret) => secret.clone(),
                None => doc.text[c.span.clone()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            let ordinal = ordinals
                .entry((c.rule.clone(), c.variable.clone()))
                .or_default();
            *ordinal += 1;
            let variable = c.variable.as_deref().unwrap_or_default();
            let fingerprint = fingerprint(&c.rule, &format!("{variable}\0{ordinal}"));
            // Provider and custom token rules share their family's fix.
            let help = code_rule(&c.rule).unwrap_or(&provider::FAMILY).help(
                &c.rule,
                c.variable.as_deref(),
                doc.language,
                &project,
            );
            Finding {
                help,
                baseline: if baseline {
                    let (at, secret) = (c.span.start, c.secret.as_deref());
                    config.baseline_keys(path, at, &c.rule, &basis, secret, &fingerprint)
                } else {
                    Default::default()
                },
                fingerprint,
                severity: config.severity(&c.rule, c.severity),
                start: index.position(c.span.start),
                end: index.position(c.span.end),
                rule: c.rule,
                span: c.span,
                message: c.message,
                redacted: c.redacted,
                variable: c.variable,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic stream of random letters and digits (xorshift from
    /// `seed`): `draw(n)` gives the next `n`.
    fn random_alnum(seed: u64) -> impl FnMut(usize) -> String {
        const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let mut state = seed;
        move |n| {
            (0..n)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    ALNUM[(state % ALNUM.len() as u64) as usize] as char
                })
                .collect()
        }
    }

    /// A megabyte of `line`s, each drawn from [`random_alnum`].
    fn megabyte_of(line: impl Fn(&mut dyn FnMut(usize) -> String) -> String) -> String {
        let mut draw = random_alnum(0x9E37_79B9_7F4A_7C15);
        let mut text = String::new();
        while text.len() < 1 << 20 {
            text.push_str(&line(&mut draw));
        }
        text
    }

    /// zxcvbn's runs (the value model's dearest step) for the analysis of
    /// `doc` and the redaction of what a report shows of it, and its findings.
    fn zxcvbn_runs_to_check(doc: &Document) -> (usize, usize) {
        let config = Config::default();
        let before = crate::value::zxcvbn_runs();
        let analysis = analyse(doc, &config);
        secret_spans(doc, &config, &analysis.findings);
        (
            crate::value::zxcvbn_runs() - before,
            analysis.findings.len(),
        )
    }

    /// Issue 9's bar, no hang on an input under a megabyte, held as work:
    /// a file of nothing but provider tokens runs zxcvbn on none of them
    /// (the rule's format is the evidence; the redaction of the lines a
    /// report shows does not judge again a word that is a finding).
    #[test]
    fn a_megabyte_of_tokens_runs_zxcvbn_on_none() {
        let tokens = megabyte_of(|draw| format!("ghp_{}\n", draw(36)));
        let (runs, found) = zxcvbn_runs_to_check(&Document::new("tokens.txt", tokens));
        assert!(found >= 1_000, "{found} tokens found");
        assert_eq!(runs, 0);
    }

    /// a12 #7: each finding's message was compared word by word with every
    /// token piece of its line, so 24,000 tokens on one line cost 13.65 s
    /// (findings × tokens). The words are now looked up by their 8-byte
    /// windows: the steps grow with the findings' messages, not with the
    /// tokens beside them.
    #[test]
    fn hiding_token_pieces_costs_steps_by_message_not_by_tokens_on_the_line() {
        let mut draw = random_alnum(0x2545_f491_4f6c_dd1d);
        let line: Vec<String> = (0..400).map(|_| format!("ghp_{}", draw(36))).collect();
        let doc = Document::with_language("tokens.txt", Language::Text, line.join(" "));
        WINDOW_LOOKUPS.with(|n| n.set(0));
        let findings = analyse(&doc, &Config::default()).findings;
        assert_eq!(findings.len(), 400);
        let steps = WINDOW_LOOKUPS.with(std::cell::Cell::get);
        let per_message = findings
            .iter()
            .map(|f| f.message.len())
            .max()
            .unwrap_or_default();
        assert!(steps <= findings.len() * per_message, "{steps}");
        assert!(findings
            .iter()
            .all(|f| line.iter().all(|t| !f.message.contains(&t[4..12]))));
    }

    /// A token written over two literals is reported whole, once; a name
    /// elsewhere that quotes one of its pieces shows it in no message, and
    /// the excerpt's redaction covers every piece.
    #[test]
    fn a_token_split_over_literals_is_found_whole_and_its_pieces_hidden() {
        let mut draw = random_alnum(0x5851_f42d_4c95_7f2d);
        let (head, tail) = (format!("ghp_{}", draw(18)), draw(18));
        let text = format!(
            "GH = (\"{head}\"\n      \"{tail}\")\nbackup_{tail}_password = \"Qe7v!mR2xLp9sWd4K\"\n"
        );
        let doc = Document::new("split.py", text.as_str());
        let config = Config::default();
        let findings = analyse(&doc, &config).findings;
        let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["secret/github-pat", "secret/hardcoded-credential"]);
        for finding in &findings {
            assert!(!finding.message.contains(&tail[..8]), "{}", finding.message);
            assert!(
                !finding.message.contains(&head[4..12]),
                "{}",
                finding.message
            );
        }
        let hidden = secret_spans(&doc, &config, &[]);
        for piece in [&head, &tail] {
            let at = text.find(piece.as_str()).unwrap();
            assert!(hidden
                .iter()
                .any(|s| s.start <= at && at + piece.len() <= s.end));
        }
    }

    /// Issue 12: the spans a document hides whatever is reported searched
    /// its whole text for the keywords and the prefilter's words twice
    /// more after the analysis had (once for the credential lines, once for
    /// the tokens glued into names). They now come from the analysis's
    /// pass, and hide what a fresh search hides.
    #[test]
    fn a_document_is_searched_for_keywords_once() {
        let mut draw = random_alnum(0x5eed_0c0f_1a2b_3c4d);
        let (token, password) = (format!("ghp_{}", draw(36)), draw(20));
        let text = format!(
            "import os\nKEY = os.environ[\"KEY\"]\nbackup_{token}_x = 1\n\
             db_password = \"{password}\"\nprint(db_password)\n"
        );
        let doc = Document::new("app.py", text.as_str());
        let config = Config::default();
        crate::rules::provider::watch_searches(&doc.text);
        let analysis = analyse(&doc, &config);
        let spans = analysis.secret_spans(&doc, &config);
        assert_eq!(crate::rules::provider::watched_searches(), 1);
        assert!(!analysis.findings.is_empty());
        assert_eq!(spans, secret_spans(&doc, &config, &analysis.findings));
        for piece in [&token, &password] {
            let at = text.find(piece.as_str()).unwrap();
            assert!(spans.iter().any(|s| s.start <= at && at + 8 <= s.end));
        }
    }

    /// Issue 12: a document's tokens written over several literals were
    /// searched for (the whole document lexed) once for its findings, once
    /// for the names its messages quote, once for what a suppression's
    /// reason hides and once for the excerpts: four times. The analysis now
    /// finds them once and hands them, with the spans hidden whatever is
    /// reported, to [`Analysis::secret_spans`], which hides what
    /// [`secret_spans`] hides.
    #[test]
    fn a_document_is_searched_for_split_tokens_once() {
        let mut draw = random_alnum(0x1405_7b7c_5b5f_0c13);
        let (head, tail) = (format!("ghp_{}", draw(18)), draw(18));
        let (password, old) = (draw(20), draw(20));
        let text = format!(
            "GH = (\"{head}\"\n      \"{tail}\")\nbackup_{tail}_token = \"{password}\"\n\
             # credlint: allow-next-line(secret) -- rotated, was {old}\n\
             db_password = \"{old}\"\n"
        );
        let doc = Document::new("split.py", text.as_str());
        let config = Config::default();
        let before = split_tokens::finds();
        let analysis = analyse(&doc, &config);
        let spans = analysis.secret_spans(&doc, &config);
        assert_eq!(split_tokens::finds() - before, 1);
        assert_eq!(analysis.findings.len(), 2, "{:#?}", analysis.findings);
        assert_eq!(analysis.suppressed.len(), 1, "{:#?}", analysis.suppressed);
        let reason = analysis.suppressed[0].reason.as_deref().unwrap_or_default();
        assert!(!reason.contains(&old[..8]), "{reason}");
        assert_eq!(spans, secret_spans(&doc, &config, &analysis.findings));
        for piece in [&head, &tail, &password] {
            let at = text.find(piece.as_str()).unwrap();
            assert!(spans.iter().any(|s| s.start <= at && at + 8 <= s.end));
        }
    }

    #[test]
    fn one_pass_with_the_provider_keywords_finds_the_prefilters_triggers() {
        // Texts crowded with overlapping words of the prefilter and of the
        // provider table, in mixed case, glued and apart, from a fixed
        // pseudo-random sequence; and two fixtures.
        let mut words: Vec<String> = PREFILTER.patterns.clone();
        let scanner = provider::TokenScanner::builtin();
        words.extend(scanner.rules().iter().flat_map(|r| r.def.keywords.clone()));
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut texts = vec![
            include_str!("../../../fixtures/secret/hardcoded-credential/positions.py").to_owned(),
            include_str!("../../../fixtures/secret/hardcoded-credential/positions.rs").to_owned(),
        ];
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..next(40) {
                let word = &words[next(words.len())];
                let cut = next(word.len() + 1);
                let piece = if next(3) == 0 {
                    &word[cut..]
                } else {
                    word.as_str()
                };
                for (i, c) in piece.chars().enumerate() {
                    text.push(if (next(5) == 0) ^ (i == 0 && next(2) == 0) {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    });
                }
                text.push_str(["", "", "_", " ", "\n", " = \"", ".", "X"][next(8)]);
            }
            texts.push(text);
        }
        let leftmost_longest = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostLongest)
            .build(&PREFILTER.patterns)
            .expect("prefilter builds");
        for text in &texts {
            for language in [Language::Python, Language::Rust, Language::Text] {
                let hits = leftmost_longest.find_iter(text.as_str());
                let hits = hits.map(|hit| (hit.pattern().as_usize(), hit.range()));
                let alone = Triggers::from_hits(text, language, hits);
                let joint = Triggers::find(text, language);
                assert_eq!(alone.credential_lines, joint.credential_lines, "{text:?}");
                assert_eq!(alone.credential_hits, joint.credential_hits, "{text:?}");
                assert_eq!(alone.env_hits, joint.env_hits, "{text:?}");
            }
        }
    }

    /// The samples `warm` analyses reach every fact of their language that
    /// builds something on first use: an environment read, a log call and
    /// a repr, each a finding.
    #[test]
    fn the_warm_up_samples_reach_every_fact() {
        for (language, sample) in [(Language::Python, WARM_PYTHON), (Language::Rust, WARM_RUST)] {
            let doc = Document::with_language("warm", language, sample);
            let mut rules: Vec<String> = analyse(&doc, &Config::default())
                .findings
                .into_iter()
                .map(|f| f.rule)
                .collect();
            rules.sort();
            assert_eq!(
                rules,
                [
                    "env/direct-access",
                    "log/secret-in-repr",
                    "log/secret-logged"
                ],
                "{language:?}"
            );
        }
    }

    /// Rust code is read for output only where an output macro is called.
    #[test]
    fn rust_output_needs_an_output_macro() {
        for text in [
            "info!(\"{token}\");",
            "log::warn! { \"{}\", password }",
            "panic ! [\"{secret}\"]",
            "tracing::event!(Level::INFO, ?token);",
        ] {
            assert!(may_output(text, Language::Rust), "{text}");
        }
        for text in [
            "if error != token { return; }",
            "pub const CRED_TYPE_GENERIC: u32 = 1;",
            "let info = token;",
        ] {
            assert!(!may_output(text, Language::Rust), "{text}");
        }
        assert!(may_output("x = 1", Language::Python));
    }

    /// The gate knows every output macro, by its bare name and by a path:
    /// one it missed would go unread in files that call no other.
    #[test]
    fn the_output_gate_knows_every_output_macro() {
        let names = crate::syntax::OUTPUT_MACROS;
        assert!(names.len() > 5, "{names:?}");
        for name in names
            .iter()
            .flat_map(|n| [n.to_string(), format!("a::{n}")])
        {
            let call = format!("{name}!(\"{{token}}\")");
            assert!(may_output(&call, Language::Rust), "{call}");
        }
    }

    #[test]
    fn embedded_documents_are_found_once_and_redacted() {
        let value = "Hq3vXb8NwZ2kRt6YpL0sJc4M";
        let text = format!(
            "body = '''\n{{\"access_token\": \"{value}\"}}\n'''\nSECRET = '''\ntoken: {value}\n'''\n"
        );
        let doc = Document::new("t.py", text.as_str());
        let config = Config::default();
        let findings = check(&doc, &config);
        let lines: Vec<usize> = findings.iter().map(|f| f.start.line).collect();
        assert_eq!(lines, [2, 5], "{findings:#?}");
        let spans = secret_spans(&doc, &config, &findings);
        for finding in &findings {
            assert!(
                spans
                    .iter()
                    .any(|s| s.start <= finding.span.start && finding.span.end <= s.end),
                "{finding:?} not redacted"
            );
        }
    }

    /// What an excerpt of `doc` hides with nothing reported, in order.
    fn hidden_in(doc: &Document) -> Vec<&str> {
        secret_spans(doc, &Config::default(), &[])
            .into_iter()
            .map(|span| &doc.text[span])
            .collect()
    }

    /// A literal too short to pass for a password anywhere is hidden on a
    /// line that names a credential, and only there; an environment
    /// variable's name is shown.
    #[test]
    fn short_literals_are_hidden_on_credential_lines() {
        let text = "token = \"abc12\"; name = os.environ[\"TOKEN\"]\nlabel = \"abc12\"\n";
        let doc = Document::new("app.py", text);
        let hidden = hidden_in(&doc);
        assert_eq!(hidden, ["abc12"]);
        let env = Document::new(".env", "DB_PASSWORD=x9k2\nPORT=5432\n");
        let hidden = hidden_in(&env);
        assert_eq!(hidden, ["x9k2"]);
    }

    /// A literal assigned to a credential name is hidden whatever the value
    /// model says of it, blanks and brackets included (a19 #5); a literal
    /// after the assignment ends, an environment variable's name and a
    /// literal on a line with no credential word are shown.
    #[test]
    fn literals_assigned_to_credential_names_are_hidden() {
        let cases = [
            ("a.ts", "password?: string = \"NRXM6 DKAY7(EJHJ4b)\";"),
            ("b.kt", "val password: String = \"NRXM6 DKAY7(EJHJ4b)\""),
            ("c.go", "var apiKey *string = ptr(\"NRXM6 DKAY7(EJHJ4b)\")"),
            ("d.php", "$config['password'] = 'NRXM6 DKAY7(EJHJ4b)';"),
            ("e.ps1", "$script:token = \"NRXM6 DKAY7(EJHJ4b)\""),
        ];
        for (path, line) in cases {
            let doc = Document::new(path, line);
            let hidden = hidden_in(&doc);
            assert!(
                hidden.contains(&"NRXM6 DKAY7(EJHJ4b)"),
                "{line}: {hidden:?}"
            );
        }
        let text = "api_key = os.environ[\"API_KEY\"]\n\
                    login(password: \"two words\", user: \"Ann Lee\")\n\
                    title = \"Ann Lee and more\"\n";
        let doc = Document::new("app.py", text);
        let hidden = hidden_in(&doc);
        assert_eq!(hidden, ["two words"]);
    }

    /// Pieces of a found secret written into names in sight of an excerpt
    /// are hidden however the name is cut (`secret_<piece>` and
    /// `token<piece>`, where the value model sees an identifier), as after
    /// `k_`; a name that shares no 8 letters and digits with a secret is
    /// shown.
    #[test]
    fn pieces_of_a_secret_in_names_are_hidden() {
        let mut draw = random_alnum(7);
        let password = draw(32);
        let (a, b, c) = (&password[0..8], &password[8..18], &password[24..32]);
        let text = format!(
            "import os\npassword = \"{password}\"\n\
             secret_{a} = os.environ[\"A\"]\ntoken{b} = os.environ[\"B\"]\n\
             k_{c} = os.environ[\"C\"]\nsecret_settings = os.environ[\"D\"]\n"
        );
        let doc = Document::new("a.py", text.as_str());
        let config = Config::default();
        let findings = check(&doc, &config);
        assert!(
            findings.iter().filter(|f| f.start.line > 2).count() >= 4,
            "{findings:#?}"
        );
        let spans = secret_spans(&doc, &config, &findings);
        let hidden = |at: usize| spans.iter().any(|s| s.start <= at && at < s.end);
        for name in [format!("secret_{a}"), format!("token{b}"), format!("k_{c}")] {
            let at = text.find(&format!("\n{name} ")).unwrap() + 1;
            assert!(hidden(at + name.len() - 1), "{name}: {spans:?}");
        }
        assert!(!hidden(text.find("secret_settings").unwrap()), "{spans:?}");
    }

    /// A macro's name is code, not a value: an excerpt of an environment
    /// read shows `option_env!` (its `!` before the bracket made the word
    /// pass for a password), while a password-looking word before `!(`
    /// is still hidden.
    #[test]
    fn a_macro_name_is_shown_in_an_excerpt() {
        let text = "fn f() {\n    let token = option_env!(\"BUILD_MODE\");\n    \
                    let u = core::option_env!(\"BUILD_MODE\").unwrap_or_default();\n    \
                    g(Xk9mQ2vTr7pLw3sN!(1));\n}\n";
        let doc = Document::new("src/main.rs", text);
        let config = Config::default();
        let findings = check(&doc, &config);
        assert_eq!(findings.len(), 2, "{findings:#?}");
        let spans = secret_spans(&doc, &config, &findings);
        let region = text.find("g(").unwrap()..text.len();
        let hidden: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        assert!(hidden.is_empty(), "{hidden:?}");
        let shown = words_like_secrets(text, vec![region], &[]);
        let shown: Vec<&str> = shown.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(shown, ["Xk9mQ2vTr7pLw3sN"]);
    }

    /// A password whose symbols are written as Unicode escapes is one word
    /// to an excerpt, not pieces cut at the escapes' braces (a21 #6); a
    /// format string's braces still cut.
    #[test]
    fn a_unicode_escape_does_not_cut_a_word() {
        let text = "# old: PAXK7jfdw\\u{23}659\\u{21}kqz, see {name}/{home_dir}\n";
        let whole = 0..text.len();
        let shown = words_like_secrets(text, vec![whole], &[]);
        let shown: Vec<&str> = shown.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(shown, ["PAXK7jfdw\\u{23}659\\u{21}kqz"]);
    }

    /// A branch or a path named after a password shows it redacted; words
    /// and ordinary names are shown.
    #[test]
    fn names_hide_the_parts_that_look_like_secrets() {
        let password = random_alnum(11)(32);
        for name in [
            format!("fix-{password}"),
            format!("dir/backup_{password}.env"),
        ] {
            let shown = redact_names(&name);
            assert!(!shown.contains(&password[..8]), "{shown}");
            assert!(shown.contains(&redact(&password)), "{shown}");
        }
        for name in [
            "feature/add-authentication-flow",
            "dependabot/pip/requests-2.31.0",
            "main",
        ] {
            assert_eq!(redact_names(name), name);
        }
    }

    /// A path shows a piece of a name that the value model takes for a
    /// password standing alone redacted, once: a redaction read back (a
    /// baseline's key) stays as it is. Ordinary names and the made-up names
    /// of temporary folders are shown.
    #[test]
    fn paths_hide_passwords_not_names_nor_temporary_folders() {
        let mut random = random_alnum(17);
        let password = format!("{}#{}", random(10), random(8));
        for path in [
            format!("deploy/{password}/settings.py"),
            format!("error: {password}/a.py: permission denied"),
            // Glued to revision syntax in a git error (a17 #12).
            format!("git rev-parse --end-of-options {password}^{{commit}}: failed"),
            format!("ssh://{password}@example.com/repo"),
        ] {
            let shown = redact_path(&path);
            assert!(!shown.contains(&password[..8]), "{shown}");
            assert!(shown.contains(&redact(&password)), "{shown}");
            assert_eq!(redact_path(&shown), shown);
            let keyed = format!("{shown}#5a1d4319");
            assert_eq!(redact_path(&keyed), keyed);
        }
        let temporary = format!("/tmp/.tmp{}/a.py", "Xk9mQ2");
        let made_up = format!("/tmp/tmp.{}/a.py", "Xk9mQ2vTr7");
        for path in [
            "django/contrib/admin/templatetags/admin_list.py",
            "lib/psycopg2/extensions.py",
            "tests/TableMetadataV2Valid.json",
            "static/app.3f9a8b7c1d2e4f60.js",
            temporary.as_str(),
            made_up.as_str(),
        ] {
            assert_eq!(redact_path(path), path);
        }
        // A password of that shape elsewhere in a name is hidden.
        let glued = format!("/tmp/x{}/a.py", "tmpXk9mQ2");
        assert_ne!(redact_path(&glued), glued);
    }

    /// The prefilter and the name model share one word list: a name the
    /// model flags always passes the prefilter, in the spellings code uses.
    #[test]
    fn every_credential_name_of_the_model_passes_the_prefilter() {
        let mut checked = 0;
        for word in crate::value::model_words() {
            let upper = word.to_uppercase();
            let camel: String = word
                .split('_')
                .enumerate()
                .map(|(i, w)| match i {
                    0 => w.to_owned(),
                    _ => w[..1].to_uppercase() + &w[1..],
                })
                .collect();
            for name in [
                word.clone(),
                format!("db_{word}"),
                format!("DB_{upper}"),
                format!("{word}_2"),
                format!("app{}", camel[..1].to_uppercase() + &camel[1..]),
            ] {
                if crate::value::credential_kind(&name).is_none() {
                    continue;
                }
                checked += 1;
                for language in [Language::Python, Language::Rust, Language::Text] {
                    let line = format!("{name} = \"x\"\n");
                    let triggers = Triggers::find(&line, language);
                    assert!(
                        !triggers.credential_lines.is_empty(),
                        "{name} ({language:?}) does not pass the prefilter"
                    );
                }
            }
        }
        assert!(checked > 100, "only {checked} names checked");
    }
}
