//! Configuration: `credlint.toml`, `.credlint.toml` or `[tool.credlint]` in
//! `pyproject.toml`, found by walking up from the scanned path.
//!
//! [`Options`] is the file's shape, checked strictly (an unknown key is an
//! error naming the file and key). [`Config`] is what the engine uses: the
//! same options with globs and regexes compiled, so that per-document
//! decisions are cheap lookups.

use crate::finding::{BaselineKeys, Severity};
use crate::redact::Fingerprinting;
use crate::rules::provider::{TokenRule, TokenRuleDef, TokenScanner};
use crate::rules::{self, selects, RuleMeta};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// Where the settings module lives unless the configuration says otherwise:
/// the policy's own name first (messages quote it), then what projects call
/// theirs — `settings`/`config`/`conf`/`configuration` modules and packages
/// (Django's split `settings/base.py`, `settings/production.py`), private or
/// prefixed ones (`_config.py`, `app_settings.py`), modules named for the
/// environment itself (`env.py`, `_env.py`, `environment.py`: an SDK's
/// credential discovery reads the environment by design), and in Rust the
/// same modules plus `build.rs`, whose reads are Cargo's build-script interface;
/// and modules of defaults in both (`defaults.py`, `defaults.rs`: a library's
/// settings under another name).
pub const DEFAULT_SETTINGS_MODULES: &[&str] = &[
    "mcp_app_settings.py",
    "settings.py",
    "config.py",
    "conf.py",
    "configuration.py",
    "*_settings.py",
    "*_config.py",
    "settings/",
    "config/",
    "conf/",
    "settings.rs",
    "config.rs",
    "configuration.rs",
    "env.py",
    "*_env.py",
    "environment.py",
    "env.rs",
    "environment.rs",
    "build.rs",
    "defaults.py",
    "*_defaults.py",
    "defaults.rs",
];

/// Code that is not the application, unless the configuration says
/// otherwise (`test-paths`): pytest's and unittest's file names, Django's
/// per-app `tests.py`, test folders of both languages, and the standalone
/// programs beside an application (example programs and samples,
/// benchmarks, fuzzers, repository scripts, documentation builds, packaging
/// scripts such as `setup.py` and `noxfile.py`), which read their own
/// configuration because they have no settings module to read it through,
/// and test support code by its conventional names (`test_helpers`,
/// `test_utils`, `runtests.py`, a `pytest.py` plugin, celery's `t/`). Rust's
/// `#[cfg(test)]` code, test modules and `#![cfg(test)]` files are exempt
/// with them.
pub const DEFAULT_TEST_PATHS: &[&str] = &[
    "tests/",
    "test/",
    "testing/",
    "examples/",
    "example/",
    "benches/",
    "scripts/",
    "docs/",
    "test_*.py",
    "*_test.py",
    "*_tests.py",
    "tests.py",
    "tests.rs",
    "test.rs",
    "test_*.rs",
    "conftest.py",
    "*_test.rs",
    "*_tests.rs",
    "runtests.py",
    "pytest.py",
    "t/",
    "samples/",
    "sample/",
    "fuzz/",
    "_testbase/",
    "*test_helpers*",
    "*test_utils*",
    "*test_support*",
    "doctest_*",
    "setup.py",
    "_setup.py",
    "noxfile.py",
    "hatch_build.py",
];

/// The rules about code reading or writing the environment, which do not
/// apply to tests: a test sets up and inspects the environment it runs in,
/// and is not application code the policy governs.
pub const TEST_EXEMPT_RULES: &[&str] = &["env/direct-access", "env/direct-write"];

/// The rules about code printing secrets, which do not apply to test code
/// (test paths other than [`STANDALONE_PROGRAM_PATHS`], and Rust's
/// `#[cfg(test)]` code): a test prints and models the fixture values it made
/// up. A real secret in a test is still a `secret/` finding.
pub const TEST_CODE_EXEMPT_RULES: &[&str] = &["log/secret-in-repr", "log/secret-logged"];

/// The default test paths that hold standalone programs rather than tests:
/// examples, benchmarks, repository scripts, documentation and packaging
/// builds. They are exempt from the environment rules (no settings module to
/// read through), but what they print is what their user runs and sees (a
/// packaging script prints to the build log), so the log rules still apply.
pub const STANDALONE_PROGRAM_PATHS: &[&str] = &[
    "examples/",
    "example/",
    "samples/",
    "sample/",
    "benches/",
    "scripts/",
    "docs/",
    "setup.py",
    "_setup.py",
    "noxfile.py",
    "hatch_build.py",
];

/// Rules that are off unless a configuration selects them
/// (`extend-select = ["env"]`) or the project's own files show it follows
/// the policy (see [`POLICY_FILE_RULES`]): the ones that judge the whole
/// project's layout (its env template, its git setup), and
/// `env/direct-write`, which enforces more than the policy asks (see its
/// doc).
pub const OPT_IN_RULES: &[&str] = &[
    "env/direct-write",
    "env/template-real-value",
    "env/undocumented-variable",
    "env/unused-template-variable",
    "env/dotenv-not-ignored",
];

/// The opt-in rules a project turns on by holding the policy's own files:
/// an env template (`mcp_env.example`, `.env.example`…) turns on the
/// template rules, a dotenv file (`.env`, `.env.local`) the check that git
/// ignores it. A project with neither stays quiet; `ignore` still wins.
pub const POLICY_FILE_RULES: &[(PolicyFile, &[&str])] = &[
    (
        PolicyFile::Template,
        &[
            "env/template-real-value",
            "env/undocumented-variable",
            "env/unused-template-variable",
        ],
    ),
    (PolicyFile::Dotenv, &["env/dotenv-not-ignored"]),
];

/// A file of the policy's convention found at a project's root.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyFile {
    /// An env template listing the required variables.
    Template,
    /// A dotenv file holding local values.
    Dotenv,
}

/// Files larger than this are skipped with a note (1 MiB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The files a configuration can live in, in the order a folder is searched.
pub const CONFIG_FILES: &[&str] = &["credlint.toml", ".credlint.toml", "pyproject.toml"];

/// A configuration file as the workspace layer read it: its path (for
/// messages, and to know a `pyproject.toml`) and its text.
#[derive(Clone, Debug)]
pub struct ConfigSource {
    pub path: PathBuf,
    pub text: String,
}

impl ConfigSource {
    fn is_pyproject(&self) -> bool {
        self.path.file_name().is_some_and(|n| n == "pyproject.toml")
    }

    /// The options the file holds (`[tool.credlint]` for `pyproject.toml`);
    /// `Ok(None)` for a `pyproject.toml` without that table.
    pub fn options(&self) -> Result<Option<Options>, ConfigError> {
        /// `pyproject.toml`, read whole so that errors keep their positions.
        #[derive(Deserialize)]
        struct Pyproject {
            #[serde(default)]
            tool: Tools,
        }
        #[derive(Default, Deserialize)]
        struct Tools {
            credlint: Option<Options>,
        }
        let parse_error = |e: toml::de::Error| ConfigError::toml(&self.path, &self.text, &e);
        if self.is_pyproject() {
            let file: Pyproject = toml::from_str(&self.text).map_err(parse_error)?;
            return Ok(file.tool.credlint);
        }
        toml::from_str(&self.text).map(Some).map_err(parse_error)
    }
}

/// The options of a configuration file, as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Globs of the settings module(s), replacing the defaults.
    pub settings_modules: Option<Vec<String>>,
    /// Globs added to the default settings modules.
    #[serde(default)]
    pub extend_settings_modules: Vec<String>,
    /// Globs of test code, replacing the defaults; `[]` turns the tests'
    /// exemption from the environment rules off.
    pub test_paths: Option<Vec<String>>,
    /// Globs added to the default test paths.
    #[serde(default)]
    pub extend_test_paths: Vec<String>,
    /// When non-empty, only matching files are scanned.
    #[serde(default)]
    pub include: Vec<String>,
    /// Files and folders never scanned.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Rules to run, by id or prefix (default: all but the opt-in ones).
    pub select: Option<Vec<String>>,
    /// Rules to run in addition to `select`: how opt-in rules are turned on.
    #[serde(default)]
    pub extend_select: Vec<String>,
    /// Rules not to run, by id or prefix.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Glob → rules not to run on matching files.
    #[serde(default)]
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    /// Rule id or prefix → severity.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// Files over this many bytes are skipped.
    pub max_file_size: Option<u64>,
    /// Scan minified bundles, source maps and generated modules too.
    pub scan_generated: Option<bool>,
    /// Require a reason (`credlint: allow(rule) -- why`) on every
    /// suppression: one without is a `credlint/suppression-without-reason`
    /// finding.
    pub require_reason: Option<bool>,
    /// Honour other scanners' markers (`gitleaks:allow`, `# nosec`…) for
    /// secret findings (default: true).
    pub peer_markers: Option<bool>,
    #[serde(default)]
    pub allowlist: AllowlistOptions,
    /// Project-specific token rules, in the shape of the provider table.
    #[serde(default)]
    pub rules: Vec<TokenRuleDef>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AllowlistOptions {
    /// Globs of files whose secrets are not reported.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Regexes: a secret matching one is not reported.
    #[serde(default)]
    pub values: Vec<String>,
    /// Words: a secret containing one (case-insensitively) is not reported.
    #[serde(default)]
    pub stopwords: Vec<String>,
}

/// A configuration problem: the file, where in it (line and column, when
/// known) and what is wrong. It never quotes a value from the file: a secret
/// pasted into the wrong key, or into an allowlist regex, must not reach a
/// terminal or a CI log through an error message.
#[derive(Debug)]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    /// One-based line and column (in characters).
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{}", path.display())?,
            None => f.write_str("configuration")?,
        }
        match self.position {
            Some(_) => write!(f, ":{}", self.located_message()),
            None => write!(f, ": {}", self.message),
        }
    }
}

impl ConfigError {
    /// The message after its position in the file (`2:10: ignore: …`), for
    /// fronts that show the file's name their own way.
    pub fn located_message(&self) -> String {
        match self.position {
            Some((line, column)) => format!("{line}:{column}: {}", self.message),
            None => self.message.clone(),
        }
    }
}

impl std::error::Error for ConfigError {}

/// One step of the way to a value in the file: a table key or an array index.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl ConfigError {
    fn new(path: Option<&Path>, message: impl Into<String>) -> Self {
        ConfigError {
            path: path.map(Path::to_path_buf),
            position: None,
            message: message.into(),
        }
    }

    /// An error about the value at `steps` in the configuration file
    /// `source`, located there (the text is parsed again: this is the error
    /// path only).
    fn at(source: Option<&ConfigSource>, steps: &[Step], message: impl Into<String>) -> Self {
        ConfigError {
            position: source.and_then(|s| locate(s, steps)),
            ..ConfigError::new(source.map(|s| s.path.as_path()), message)
        }
    }

    /// A parse or type error from `toml`, with its message made value-free.
    fn toml(path: &Path, text: &str, error: &toml::de::Error) -> Self {
        let key = error
            .span()
            .and_then(|span| key_at(text, span.start))
            .map(|key| format!("{key}: "))
            .unwrap_or_default();
        ConfigError {
            path: Some(path.to_path_buf()),
            position: error.span().map(|span| line_column(text, span.start)),
            message: format!("{key}{}", value_free(error.message())),
        }
    }
}

/// Where the value at `steps` starts in the configuration file `source`.
fn locate(source: &ConfigSource, steps: &[Step]) -> Option<(usize, usize)> {
    let text = source.text.as_str();
    let document = toml_edit::ImDocument::parse(text).ok()?;
    let mut item = document.as_item();
    if source.is_pyproject() {
        item = item.get("tool")?.get("credlint")?;
    }
    for step in steps {
        item = match step {
            Step::Key(key) => item.get(*key)?,
            Step::Index(index) => item.get(*index)?,
        };
    }
    Some(line_column(text, item.span()?.start))
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// The dotted key whose value holds `offset`: the nearest `key =` at or above
/// its line, under the nearest `[table]` header above that.
fn key_at(text: &str, offset: usize) -> Option<String> {
    static KEY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"^\s*([A-Za-z0-9_.\-]+|"[^"]*")\s*="#).expect("valid"));
    static TABLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*\[\[?\s*([^\]]+?)\s*\]").expect("valid"));
    let before = text.get(..offset).unwrap_or(text);
    let line_end = text[before.len()..]
        .find('\n')
        .map_or(text.len(), |i| before.len() + i);
    let mut key = None;
    for line in text[..line_end].lines().rev() {
        if let Some(table) = TABLE.captures(line) {
            let table = &table[1];
            return Some(match key {
                Some(key) => format!("{table}.{key}"),
                None => table.to_owned(),
            });
        }
        if key.is_none() {
            key = KEY.captures(line).map(|k| k[1].to_owned());
        }
    }
    key
}

/// serde's and toml's messages quote the offending value (`invalid type:
/// string "…", expected …`, `unknown variant `…``); keep what was wrong and
/// drop the value itself.
fn value_free(message: &str) -> String {
    static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"(string|character|integer|floating point|boolean|unsigned integer|byte array|variant|value) (`[^`]*`|"(?:[^"\\]|\\.)*")"#,
        )
        .expect("valid")
    });
    let one_line = message.trim_end().replace('\n', "; ");
    QUOTED.replace_all(&one_line, "$1").into_owned()
}

/// Compiles a configured regex. Errors say what is wrong and where in the
/// pattern, never the pattern; a regex that can match the empty string is
/// refused, since it would match (and so allowlist, or flag) everything.
fn compile_regex(pattern: &str) -> Result<Regex, String> {
    let hir = regex_syntax::Parser::new()
        .parse(pattern)
        .map_err(|e| match e {
            regex_syntax::Error::Parse(e) => {
                format!(
                    "invalid regex: {} (at pattern character {})",
                    e.kind(),
                    e.span().start.column
                )
            }
            regex_syntax::Error::Translate(e) => {
                format!(
                    "invalid regex: {} (at pattern character {})",
                    e.kind(),
                    e.span().start.column
                )
            }
            _ => "invalid regex".to_owned(),
        })?;
    if hir.properties().minimum_len() == Some(0) {
        return Err("the regex matches the empty string, so it would match everywhere".to_owned());
    }
    Regex::new(pattern).map_err(|e| match e {
        regex::Error::CompiledTooBig(limit) => {
            format!("the regex is too big once compiled (over {limit} bytes)")
        }
        _ => "invalid regex".to_owned(),
    })
}

/// Resolved configuration: compiled globs, regexes and rules.
#[derive(Debug)]
pub struct Config {
    /// The folder holding the configuration file; globs are relative to it.
    root: Option<PathBuf>,
    settings_patterns: Vec<String>,
    settings_modules: GlobSet,
    test_paths: GlobSet,
    /// `test_paths` without [`STANDALONE_PROGRAM_PATHS`]: tests proper.
    test_code_paths: GlobSet,
    /// Whether any test path is configured: without one, Rust's
    /// `#[cfg(test)]` code is not exempt either.
    exempts_tests: bool,
    include: Option<GlobSet>,
    exclude: GlobSet,
    select: Vec<String>,
    ignore: Vec<String>,
    per_file_ignores: Vec<(GlobSet, Vec<String>)>,
    severity: Vec<(String, Severity)>,
    pub max_file_size: u64,
    /// Whether minified and generated files are scanned (see [`crate::skip`]).
    pub scan_generated: bool,
    /// Whether a suppression without a reason is a finding of its own.
    pub require_reason: bool,
    /// Whether other scanners' suppression markers count.
    pub peer_markers: bool,
    allow_paths: GlobSet,
    allow_values: Vec<Regex>,
    stopwords: Vec<String>,
    /// `None` when the project adds no token rules: the shared built-in scanner is used.
    tokens: Option<TokenScanner>,
    /// Project facts gathered by the front, for the project rules.
    project: Option<std::sync::Arc<crate::project::Project>>,
    /// What baseline matching needs, when the front uses a baseline.
    fingerprinting: Option<std::sync::Arc<Fingerprinting>>,
    /// The policy's files the project holds, which turn on their rules.
    policy_files: Vec<PolicyFile>,
}

impl Default for Config {
    fn default() -> Self {
        Config::from_options(Options::default(), None, None).expect("defaults are valid")
    }
}

impl Config {
    /// Resolves `options`; `root` anchors relative globs, `source` (the file
    /// the options came from) names and locates errors.
    pub fn from_options(
        options: Options,
        root: Option<PathBuf>,
        source: Option<&ConfigSource>,
    ) -> Result<Config, ConfigError> {
        let src = source;
        let src_path = source.map(|s| s.path.as_path());
        let mut settings_patterns = options.settings_modules.unwrap_or_else(|| {
            DEFAULT_SETTINGS_MODULES
                .iter()
                .map(|s| s.to_string())
                .collect()
        });
        settings_patterns.extend(options.extend_settings_modules);
        let mut test_paths = options
            .test_paths
            .unwrap_or_else(|| DEFAULT_TEST_PATHS.iter().map(|s| s.to_string()).collect());
        test_paths.extend(options.extend_test_paths);

        let custom = options
            .rules
            .into_iter()
            .enumerate()
            .map(|(i, def)| {
                let at = |steps: &[Step], message: String| {
                    let path = [&[Step::Key("rules"), Step::Index(i)], steps].concat();
                    ConfigError::at(src, &path, message)
                };
                compile_regex(&def.regex)
                    .map_err(|e| at(&[Step::Key("regex")], format!("rules[{i}].regex: {e}")))?;
                for (j, allow) in def.allow.iter().enumerate() {
                    compile_regex(allow).map_err(|e| {
                        at(
                            &[Step::Key("allow"), Step::Index(j)],
                            format!("rules[{i}].allow[{j}]: {e}"),
                        )
                    })?;
                }
                TokenRule::new(def, true).map_err(|e| at(&[], format!("rules[{i}]: {e}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let custom_ids: Vec<String> = custom.iter().map(|r| r.rule_id.clone()).collect();
        let tokens = (!custom.is_empty()).then(|| {
            let mut all = rules::provider::builtin_rules().to_vec();
            all.extend(custom);
            TokenScanner::new(all)
        });

        // An unknown selector is named by its key and position only: it may
        // be anything pasted there.
        let known = |selector: &str, steps: &[Step], shown: String| -> Result<(), ConfigError> {
            let matches_any = rules::builtin()
                .iter()
                .map(|r| r.id.as_str())
                .chain(custom_ids.iter().map(String::as_str))
                .any(|id| selects(selector, id));
            if matches_any {
                Ok(())
            } else {
                Err(ConfigError::at(
                    src,
                    steps,
                    format!("{shown}: selects no rule (see `credlint rules`)"),
                ))
            }
        };
        let listed = |key: &'static str, selectors: &[String]| -> Result<(), ConfigError> {
            for (i, s) in selectors.iter().enumerate() {
                known(s, &[Step::Key(key), Step::Index(i)], format!("{key}[{i}]"))?;
            }
            Ok(())
        };
        if let Some(select) = &options.select {
            listed("select", select)?;
        }
        listed("extend-select", &options.extend_select)?;
        listed("ignore", &options.ignore)?;
        let mut select = options.select.unwrap_or_else(|| vec!["ALL".to_owned()]);
        select.extend(options.extend_select);
        let mut per_file_ignores = Vec::new();
        for (glob, selectors) in options.per_file_ignores {
            for (i, s) in selectors.iter().enumerate() {
                known(
                    s,
                    &[
                        Step::Key("per-file-ignores"),
                        Step::Key(&glob),
                        Step::Index(i),
                    ],
                    format!("per-file-ignores: selector {}", i + 1),
                )?;
            }
            per_file_ignores.push((
                glob_set(std::slice::from_ref(&glob), src_path, "per-file-ignores")?,
                selectors,
            ));
        }
        let mut severity = Vec::new();
        for (selector, level) in options.severity {
            known(
                &selector,
                &[Step::Key("severity"), Step::Key(&selector)],
                "severity: a key".to_owned(),
            )?;
            severity.push((selector, level));
        }
        // The most specific selector wins.
        severity.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));

        let allow_values = options
            .allowlist
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                compile_regex(v).map_err(|e| {
                    ConfigError::at(
                        src,
                        &[Step::Key("allowlist"), Step::Key("values"), Step::Index(i)],
                        format!("allowlist.values[{i}]: {e}"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;

        Ok(Config {
            settings_modules: glob_set(&settings_patterns, src_path, "settings-modules")?,
            settings_patterns,
            test_paths: glob_set(&test_paths, src_path, "test-paths")?,
            test_code_paths: glob_set(
                &test_paths
                    .iter()
                    .filter(|p| !STANDALONE_PROGRAM_PATHS.contains(&p.as_str()))
                    .cloned()
                    .collect::<Vec<_>>(),
                src_path,
                "test-paths",
            )?,
            exempts_tests: !test_paths.is_empty(),
            include: if options.include.is_empty() {
                None
            } else {
                Some(glob_set(&options.include, src_path, "include")?)
            },
            exclude: glob_set(&options.exclude, src_path, "exclude")?,
            select,
            ignore: options.ignore,
            per_file_ignores,
            severity,
            max_file_size: options.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            scan_generated: options.scan_generated.unwrap_or(false),
            require_reason: options.require_reason.unwrap_or(false),
            peer_markers: options.peer_markers.unwrap_or(true),
            allow_paths: glob_set(&options.allowlist.paths, src_path, "allowlist.paths")?,
            allow_values,
            stopwords: options
                .allowlist
                .stopwords
                .iter()
                .map(|s| s.to_lowercase())
                .collect(),
            tokens,
            project: None,
            fingerprinting: None,
            policy_files: Vec::new(),
            root,
        })
    }

    /// Attaches the facts the project rules need (gathered by a front).
    pub fn set_project(&mut self, project: crate::project::Project) {
        self.project = Some(std::sync::Arc::new(project));
    }

    /// Records the policy's files found at the project's root (by the
    /// workspace layer), which turn on their rules ([`POLICY_FILE_RULES`]).
    pub fn set_policy_files(&mut self, files: Vec<PolicyFile>) {
        self.policy_files = files;
    }

    /// Asks the engine for the keys a baseline matches findings on.
    pub fn set_fingerprinting(&mut self, fingerprinting: Fingerprinting) {
        self.fingerprinting = Some(std::sync::Arc::new(fingerprinting));
    }

    /// Uses `other`'s baseline fingerprinting (one run, one baseline, many
    /// configurations).
    pub fn share_fingerprinting(&mut self, other: &Config) {
        self.fingerprinting = other.fingerprinting.clone();
    }

    /// The baseline keys of a finding of `rule` in `path`: for a secret, its
    /// salted digest, only where the front wants it since each costs an
    /// Argon2id run; for other findings (an environment read, a log call) the
    /// value-free `fingerprint`, which no literal in the flagged code (a
    /// `getenv` default) can be guessed back from. `basis` (the secret, or
    /// the flagged code) feeds the version 1 fingerprint.
    pub fn baseline_keys(
        &self,
        path: &Path,
        rule: &str,
        basis: &str,
        secret: Option<&str>,
        fingerprint: &str,
    ) -> BaselineKeys {
        let wanted = self
            .fingerprinting
            .as_deref()
            .filter(|f| f.wants(path, rule));
        BaselineKeys {
            digest: wanted.map(|f| match secret {
                Some(secret) => f.hasher.digest(rule, secret),
                None => fingerprint.to_owned(),
            }),
            legacy: wanted
                .filter(|f| f.legacy)
                .map(|_| crate::redact::legacy_fingerprint(rule, basis)),
            sha1: secret.map(crate::redact::sha1_hex),
        }
    }

    pub fn project(&self) -> Option<&crate::project::Project> {
        self.project.as_deref()
    }

    /// The folder the configuration applies to (its file's folder), if any.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// Whether any project rule would run on `path`.
    pub fn wants_project(&self, path: &Path) -> bool {
        [
            "env/undocumented-variable",
            "env/unused-template-variable",
            "env/dotenv-not-ignored",
        ]
        .iter()
        .any(|rule| self.is_enabled(rule, path))
    }

    fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        let path = self
            .root
            .as_deref()
            .and_then(|root| path.strip_prefix(root).ok())
            .unwrap_or(path);
        path.strip_prefix("./").unwrap_or(path)
    }

    /// Whether `path` is (part of) the settings module, where environment reads belong.
    pub fn is_settings_module(&self, path: &Path) -> bool {
        self.settings_modules.is_match(self.relative(path))
    }

    /// The settings-module patterns, as configured.
    pub fn settings_patterns(&self) -> &[String] {
        &self.settings_patterns
    }

    /// Whether `path` is test code, where the environment rules do not apply.
    pub fn is_test_path(&self, path: &Path) -> bool {
        self.test_paths.is_match(self.relative(path))
    }

    /// Whether `path` is test code proper (a test path that is not one of the
    /// [`STANDALONE_PROGRAM_PATHS`]), where the log rules do not apply.
    pub fn is_test_code_path(&self, path: &Path) -> bool {
        self.test_code_paths.is_match(self.relative(path))
    }

    /// Whether test code is exempt from the environment rules at all
    /// (`test-paths = []` turns the exemption off).
    pub fn exempts_tests(&self) -> bool {
        self.exempts_tests
    }

    /// How messages name the settings module: the first configured pattern.
    pub fn settings_module_hint(&self) -> &str {
        self.settings_patterns
            .first()
            .map_or("the settings module", String::as_str)
    }

    /// Whether the walker should skip `path`.
    pub fn is_excluded(&self, path: &Path, is_dir: bool) -> bool {
        let relative = self.relative(path);
        if self.exclude.is_match(relative) {
            return true;
        }
        !is_dir
            && self
                .include
                .as_ref()
                .is_some_and(|include| !include.is_match(relative))
    }

    /// Whether `rule` runs on `path`.
    pub fn is_enabled(&self, rule: &str, path: &Path) -> bool {
        let relative = self.relative(path);
        // `ALL` leaves out the opt-in rules; naming them or their family selects them.
        let selected = if OPT_IN_RULES.contains(&rule) && !self.turned_on_by_policy_files(rule) {
            self.select.iter().any(|s| s != "ALL" && selects(s, rule))
        } else {
            self.select.iter().any(|s| selects(s, rule))
        };
        // Tests are not application code for the environment rules, nor
        // (standalone programs aside) for the log rules.
        let exempt_test = TEST_EXEMPT_RULES.contains(&rule) && self.is_test_path(path)
            || TEST_CODE_EXEMPT_RULES.contains(&rule) && self.is_test_code_path(path);
        selected
            && !exempt_test
            && !self.ignore.iter().any(|s| selects(s, rule))
            && !self.per_file_ignores.iter().any(|(globs, selectors)| {
                globs.is_match(relative) && selectors.iter().any(|s| selects(s, rule))
            })
    }

    fn turned_on_by_policy_files(&self, rule: &str) -> bool {
        POLICY_FILE_RULES
            .iter()
            .any(|(file, rules)| self.policy_files.contains(file) && rules.contains(&rule))
    }

    /// Narrows the rule selection (command-line `--select` / `--ignore`).
    pub fn override_selection(
        &mut self,
        select: Option<Vec<String>>,
        ignore: Vec<String>,
    ) -> Result<(), ConfigError> {
        let all: Vec<String> = self.rules().into_iter().map(|r| r.id).collect();
        for selector in select.iter().flatten().chain(&ignore) {
            if !all.iter().any(|id| selects(selector, id)) {
                return Err(ConfigError::new(
                    None,
                    format!("`{selector}` selects no rule (see `credlint rules`)"),
                ));
            }
        }
        if let Some(select) = select {
            self.select = select;
        }
        self.ignore.extend(ignore);
        Ok(())
    }

    pub fn severity(&self, rule: &str, default: Severity) -> Severity {
        self.severity
            .iter()
            .find(|(s, _)| selects(s, rule))
            .map_or(default, |(_, level)| *level)
    }

    /// Whether secrets in `path` are allowlisted.
    pub fn is_allowed_path(&self, path: &Path) -> bool {
        self.allow_paths.is_match(self.relative(path))
    }

    /// Whether a secret is allowlisted by value or stopword.
    pub fn is_allowed_value(&self, secret: &str) -> bool {
        let lower = secret.to_lowercase();
        self.allow_values.iter().any(|r| r.is_match(secret))
            || self.stopwords.iter().any(|w| lower.contains(w))
    }

    pub fn tokens(&self) -> &TokenScanner {
        self.tokens
            .as_ref()
            .unwrap_or_else(|| TokenScanner::builtin())
    }

    /// Every rule: built-in ones, then the project's own token rules.
    pub fn rules(&self) -> Vec<RuleMeta> {
        let mut all = rules::builtin().to_vec();
        if let Some(tokens) = &self.tokens {
            let builtin = rules::provider::builtin_rules().len();
            all.extend(tokens.rules()[builtin..].iter().map(TokenRule::meta));
        }
        all
    }
}

/// Compiles globs gitignore-style: a pattern without a slash matches at any
/// depth, and a trailing slash means everything in that folder.
fn glob_set(patterns: &[String], source: Option<&Path>, key: &str) -> Result<GlobSet, ConfigError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let trimmed = pattern.trim_start_matches("./");
        let mut glob = if trimmed.trim_end_matches('/').contains('/') || trimmed.starts_with("**") {
            trimmed.to_owned()
        } else {
            format!("**/{trimmed}")
        };
        if glob.ends_with('/') {
            glob.push_str("**");
        }
        let compiled = GlobBuilder::new(&glob)
            .literal_separator(true)
            .build()
            .map_err(|e| ConfigError::new(source, format!("{key}: a glob: {}", e.kind())))?;
        builder.add(compiled);
        // `dir/**` should also match `dir` itself, so the walker can prune it.
        if let Some(dir) = glob.strip_suffix("/**") {
            if let Ok(dir) = GlobBuilder::new(dir).literal_separator(true).build() {
                builder.add(dir);
            }
        }
    }
    builder
        .build()
        .map_err(|e| ConfigError::new(source, format!("{key}: {}", e.kind())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(toml: &str) -> Result<Config, ConfigError> {
        let options: Options =
            toml::from_str(toml).map_err(|e| ConfigError::new(None, e.to_string()))?;
        Config::from_options(options, Some(PathBuf::from("/repo")), None)
    }

    #[test]
    fn default_settings_modules() {
        let config = Config::default();
        for path in [
            "mcp_app_settings.py",
            "app/settings.py",
            "pkg/config/db.py",
            "src/config.rs",
            "build.rs",
            "httpx/_config.py",
            "app/app_settings.py",
            "docs/conf.py",
            "django/conf/__init__.py",
            "pkg/configuration.py",
            "mysite/settings/production.py",
            "src/config/mod.rs",
            "src/configuration.rs",
            "rq/defaults.py",
            "src/defaults.rs",
        ] {
            assert!(config.is_settings_module(Path::new(path)), "{path}");
        }
        for path in [
            "app/views.py",
            "my_settings_helper.py",
            "src/main.rs",
            "app/configure.py",
            "manage.py",
        ] {
            assert!(!config.is_settings_module(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn log_rules_are_off_in_tests_but_not_in_standalone_programs() {
        let defaults = Config::default();
        for path in ["tests/test_login.py", "src/client_test.rs", "conftest.py"] {
            assert!(
                !defaults.is_enabled("log/secret-logged", Path::new(path)),
                "{path}"
            );
            assert!(
                !defaults.is_enabled("log/secret-in-repr", Path::new(path)),
                "{path}"
            );
        }
        for path in [
            "examples/server.rs",
            "scripts/release.py",
            "docs/conf.py",
            "src/lib.rs",
        ] {
            assert!(
                defaults.is_enabled("log/secret-logged", Path::new(path)),
                "{path}"
            );
            assert!(
                defaults.is_enabled("log/secret-in-repr", Path::new(path)),
                "{path}"
            );
        }
    }

    #[test]
    fn env_code_rules_are_off_under_test_paths() {
        let defaults = Config::default();
        for path in [
            "tests/test_api.py",
            "pkg/test_api.py",
            "pkg/api_test.py",
            "conftest.py",
            "app/tests.py",
            "t/testing/helpers.py",
            "crate/tests/it.rs",
            "examples/mtls_client.py",
            "crate/examples/demo.rs",
            "scripts/release.py",
            "docs/conf.py",
        ] {
            assert!(defaults.is_test_path(Path::new(path)), "{path}");
            assert!(
                !defaults.is_enabled("env/direct-access", Path::new(path)),
                "{path}"
            );
            assert!(
                defaults.is_enabled("secret/github-pat", Path::new(path)),
                "{path}"
            );
        }
        for path in [
            "app/views.py",
            "contest.py",
            "src/testament.rs",
            "latest/x.py",
            "app/script.py",
            "src/example.rs",
        ] {
            assert!(!defaults.is_test_path(Path::new(path)), "{path}");
            assert!(
                defaults.is_enabled("env/direct-access", Path::new(path)),
                "{path}"
            );
        }
        assert!(defaults.exempts_tests());

        let off = config("test-paths = []").unwrap();
        assert!(!off.exempts_tests());
        assert!(off.is_enabled("env/direct-access", Path::new("/repo/tests/t.py")));
        let own = config("test-paths = ['spec/']\nextend-test-paths = ['qa/']").unwrap();
        assert!(own.is_test_path(Path::new("/repo/spec/a.py")));
        assert!(own.is_test_path(Path::new("/repo/qa/a.py")));
        assert!(!own.is_test_path(Path::new("/repo/tests/a.py")));
    }

    #[test]
    fn globs_are_relative_to_the_config_root() {
        let config = config("settings-modules = ['app/conf.py']\nexclude = ['vendor/']").unwrap();
        assert!(config.is_settings_module(Path::new("/repo/app/conf.py")));
        assert!(!config.is_settings_module(Path::new("/repo/settings.py")));
        assert!(config.is_excluded(Path::new("/repo/vendor"), true));
        assert!(config.is_excluded(Path::new("/repo/a/vendor/x.py"), false));
    }

    #[test]
    fn selection_and_per_file_ignores() {
        let config = config(
            "ignore = ['secret/connection-string']\n[per-file-ignores]\n'tests/**' = ['env']",
        )
        .unwrap();
        assert!(!config.is_enabled("secret/connection-string", Path::new("/repo/a.py")));
        assert!(config.is_enabled("env/direct-access", Path::new("/repo/a.py")));
        assert!(!config.is_enabled("env/direct-access", Path::new("/repo/tests/t.py")));
    }

    #[test]
    fn errors_name_the_key() {
        let err = config("unknown-key = 1").unwrap_err().to_string();
        assert!(err.contains("unknown field `unknown-key`"), "{err}");
        let err = config("ignore = ['secret/nope']").unwrap_err().to_string();
        assert!(err.contains("ignore[0]: selects no rule"), "{err}");
        let err = config("[allowlist]\nvalues = ['(']")
            .unwrap_err()
            .to_string();
        assert!(err.contains("allowlist.values[0]: invalid regex"), "{err}");
        let err = config("[[rules]]\nid = 'acme'\nregex = '('\nkeywords = ['acme']")
            .unwrap_err()
            .to_string();
        assert!(err.contains("rules[0].regex: invalid regex"), "{err}");
    }

    /// A value from the file that must never appear in an error.
    const PASTED: &str = "hunter2-Xk9q";

    /// The error loading `text` as `name`, which must not quote [`PASTED`].
    fn load_error(name: &str, text: &str) -> String {
        let path = Path::new("/project").join(name);
        let source = ConfigSource {
            path: path.clone(),
            text: text.to_owned(),
        };
        let err = source
            .options()
            .and_then(|options| {
                Config::from_options(options.expect("a configuration"), None, Some(&source))
            })
            .unwrap_err()
            .to_string();
        assert!(!err.contains(PASTED), "{err}");
        assert!(!err.contains("Xk9q"), "{err}");
        assert!(err.starts_with(&path.display().to_string()), "{err}");
        err.strip_prefix(&path.display().to_string())
            .unwrap()
            .to_owned()
    }

    #[test]
    fn a_bad_allowlist_regex_is_located_not_quoted() {
        let err = load_error(
            "credlint.toml",
            &format!("[allowlist]\nvalues = ['^ok$', '({PASTED}']\n"),
        );
        assert_eq!(
            err,
            ":2:19: allowlist.values[1]: invalid regex: unclosed group (at pattern character 1)"
        );
    }

    #[test]
    fn a_bad_custom_rule_regex_is_located_not_quoted() {
        let err = load_error(
            "credlint.toml",
            &format!("[[rules]]\nid = 'acme'\nkeywords = ['acme']\nregex = '[{PASTED}'\n"),
        );
        assert!(
            err.starts_with(":4:9: rules[0].regex: invalid regex: unclosed character class"),
            "{err}"
        );
        let err = load_error(
            "credlint.toml",
            &format!("[[rules]]\nid = 'acme'\nkeywords = ['acme']\nregex = 'acme_[a-z]+'\nallow = ['({PASTED}']\n"),
        );
        assert!(
            err.starts_with(":5:10: rules[0].allow[0]: invalid regex"),
            "{err}"
        );
    }

    #[test]
    fn toml_syntax_errors_do_not_show_the_source_line() {
        // toml's own message quotes the line, comments included.
        let err = load_error(
            "credlint.toml",
            &format!("exclude = ['a']\nselect = ['env'  # was {PASTED}\n"),
        );
        assert_eq!(err, ":3:1: select: invalid array; expected `]`");
    }

    #[test]
    fn wrong_types_name_the_key_not_the_value() {
        let err = load_error("credlint.toml", &format!("max-file-size = '{PASTED}'\n"));
        assert_eq!(
            err,
            ":1:17: max-file-size: invalid type: string, expected u64"
        );
        let err = load_error("credlint.toml", &format!("[severity]\nenv = '{PASTED}'\n"));
        assert!(
            err.starts_with(":2:7: severity.env: unknown variant, expected one of"),
            "{err}"
        );
        let err = load_error(
            "pyproject.toml",
            &format!("[project]\nname = 'x'\n\n[tool.credlint]\nexclude = '{PASTED}'\n"),
        );
        assert!(
            err.starts_with(
                ":5:11: tool.credlint.exclude: invalid type: string, expected a sequence"
            ),
            "{err}"
        );
    }

    #[test]
    fn unknown_selectors_are_located_not_quoted() {
        let err = load_error("credlint.toml", &format!("select = ['env', '{PASTED}']\n"));
        assert_eq!(
            err,
            ":1:18: select[1]: selects no rule (see `credlint rules`)"
        );
        let err = load_error(
            "credlint.toml",
            &format!("[per-file-ignores]\n'tests/**' = ['{PASTED}']\n"),
        );
        assert!(
            err.starts_with(":2:15: per-file-ignores: selector 1: selects no rule"),
            "{err}"
        );
        let err = load_error(
            "credlint.toml",
            &format!("[severity]\n'{PASTED}' = 'error'\n"),
        );
        assert!(err.starts_with(":2:"), "{err}");
    }

    #[test]
    fn regexes_that_match_the_empty_string_are_errors() {
        for toml in [
            "[allowlist]\nvalues = ['x|']",
            "[allowlist]\nvalues = ['a*']",
            "[[rules]]\nid = 'acme'\nregex = '(acme_[a-z]+)?'\nkeywords = ['acme']",
            "[[rules]]\nid = 'acme'\nregex = 'acme_[a-z]+'\nallow = ['^']\nkeywords = ['acme']",
        ] {
            let err = config(toml).unwrap_err().to_string();
            assert!(err.contains("matches the empty string"), "{toml}: {err}");
        }
        assert!(config("[allowlist]\nvalues = ['^sk_test_']").is_ok());
    }

    #[test]
    fn custom_rules_join_the_scanner() {
        let config = config(
            "[[rules]]\nid = 'acme-token'\nregex = 'acme_[a-z0-9]{16}'\nkeywords = ['acme_']",
        )
        .unwrap();
        assert!(config.rules().iter().any(|r| r.id == "secret/acme-token"));
        assert!(config.is_enabled("secret/acme-token", Path::new("/repo/x")));
    }
}
