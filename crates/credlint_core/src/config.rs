//! Configuration: `credlint.toml`, `.credlint.toml` or `[tool.credlint]` in
//! `pyproject.toml`, found by walking up from the scanned path.
//!
//! [`Options`] is the file's shape, checked strictly (an unknown key is an
//! error naming the file and key). [`Config`] is what the engine uses: the
//! same options with globs and regexes compiled, so that per-document
//! decisions are cheap lookups.

use crate::document::Language;
use crate::finding::{BaselineKeys, Severity};
use crate::redact::{Fingerprinting, Keyed};
use crate::rules::provider::{TokenRule, TokenRuleDef, TokenScanner};
use crate::rules::{self, selects, Activation, Exemption, RuleMeta};
mod glob_group;

use glob_group::GlobGroup;
use globset::{Glob, GlobBuilder};
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, OnceLock, Weak};

/// Where the settings module lives unless the configuration says otherwise:
/// the policy's own name first (messages quote it), then what projects call
/// theirs — `settings`/`config`/`conf`/`configuration` modules and packages
/// (Django's split `settings/base.py`, `settings/production.py`), private or
/// prefixed ones (`_config.py`, `app_settings.py`), modules named for the
/// environment itself (`env.py`, `_env.py`, `environment.py`: an SDK's
/// credential discovery reads the environment by design), and in Rust the
/// same modules plus `build.rs`, whose reads are Cargo's build-script interface;
/// and modules of defaults in both (`defaults.py`, `defaults.rs`: a library's
/// settings under another name), and Python modules that manage or load the
/// configuration (`config_manager.py`, `settings_loader.py`: a connector's
/// settings under another name). Only these two nouns: `config_utils.py` or
/// `settings_update.py` (an API resource) say nothing about where settings live.
/// Django's split settings written flat beside one another, one module per
/// stage (`settings_base.py`, `settings_global.py`, `settings_production.py`),
/// are the settings module as the `settings/` package is; only the stage
/// words, for the reason above.
/// Python modules that define the environment variables a library reads
/// (`environment_variables.py`, `env_vars.py`: typed variable objects whose
/// `get` reads `os.environ`) are modules named for the environment too, and
/// so are modules that load the environment's variables into settings
/// (`env_loader.py`, `*_env_loader.py`, `proxy_env_variable_loader.py`: a
/// settings library's environment loader, an SDK's loader of its proxy
/// variables), as `config_loader.py` loads a configuration. (A
/// module of constants is one only at its top level, see
/// [`crate::syntax::is_constants_module`].)
pub const DEFAULT_SETTINGS_MODULES: &[&str] = &[
    "mcp_app_settings.py",
    "settings.py",
    "config.py",
    "conf.py",
    "configuration.py",
    "*_settings.py",
    "*_config.py",
    "settings_{base,common,global,default,defaults,local,dev,development,staging,prod,production,docker}.py",
    "settings/",
    "config/",
    "conf/",
    "settings.rs",
    "config.rs",
    "conf.rs",
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
    "config_manager.py",
    "config_loader.py",
    "settings_manager.py",
    "settings_loader.py",
    "environment_variables.py",
    "env_vars.py",
    "env_loader.py",
    "*_env_loader.py",
    "*_env_*_loader.py",
];

/// Code that is not the application, unless the configuration says
/// otherwise (`test-paths`): pytest's and unittest's file names, Django's
/// per-app `tests.py`, test folders of both languages, and the standalone
/// programs beside an application (example programs and samples,
/// benchmarks, fuzzers, repository scripts, documentation builds, packaging
/// scripts such as `setup.py` and `noxfile.py`), which read their own
/// configuration because they have no settings module to read it through,
/// (`Tests/` and `Demo/` too, capitalised as projects with C sources name
/// them at their top: python-ldap's test modules and demonstration scripts;
/// a lowercase `demo/` is as often a package of the library, as MLflow's
/// `mlflow/demo/` is),
/// and test support code by its conventional names, as files or folders
/// (`test_helpers`, `test_utils`, `test_support`: lancedb's `src/test_utils/`), a
/// test suite's folder named after its package (`mycli_test/`, `*_tests/`), `testing.py` (click's and Flask's test clients), `runtests.py`, a `pytest.py` plugin, celery's `t/`), and
/// Rust's `xtask/` (the cargo-xtask convention: a workspace crate of repository
/// automation, never shipped) and `.github/` (the CI's own actions and
/// scripts, which get their secrets from the environment as the policy says), and
/// `devscripts/` (`dev_scripts/`, `dev-scripts/`: scripts for the project's
/// developers, yt-dlp's release and CI helpers, as `scripts/` are). Broader tooling names are not defaults: a
/// `tools/`, `devtools/` (python-devtools' own package), `codegen/` or `*_generator/` folder is as often the application's
/// own package (an MCP server's tools, a compiler's code generator, an OAuth
/// URL generator). Rust's
/// `#[cfg(test)]` code, test modules and `#![cfg(test)]` files are exempt
/// with them.
pub const DEFAULT_TEST_PATHS: &[&str] = &[
    "tests/",
    "Tests/",
    "test/",
    "testing/",
    "examples/",
    "example/",
    "benches/",
    "scripts/",
    "devscripts/",
    "dev_scripts/",
    "dev-scripts/",
    "docs/",
    "test_*.py",
    "*_test.py",
    "*_tests.py",
    "tests.py",
    "test.py",
    "testing.py",
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
    "Demo/",
    "fuzz/",
    "_testbase/",
    "*test_helpers*",
    "*test_utils*",
    "*test_support*",
    "*test_helpers*/",
    "*test_utils*/",
    "*test_support*/",
    "*_test/",
    "*_tests/",
    "doctest_*",
    "setup.py",
    "_setup.py",
    "noxfile.py",
    "hatch_build.py",
    "xtask/",
    ".github/",
];

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
    "Demo/",
    "benches/",
    "scripts/",
    "devscripts/",
    "dev_scripts/",
    "dev-scripts/",
    "docs/",
    "setup.py",
    "_setup.py",
    "noxfile.py",
    "hatch_build.py",
    "xtask/",
    ".github/",
];

pub use crate::rules::PolicyFile;

/// The policy's files found at a project's root (one folder read, by the
/// workspace layer).
#[derive(Clone, Debug, Default)]
pub struct PolicyFiles {
    pub found: Vec<PolicyFile>,
    /// The env template's file name, when there is one.
    pub template: Option<String>,
}

/// Files larger than this get only the provider-token check, with a note
/// (1 MiB; see [`crate::engine::analyse`]).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

/// Files larger than this (or than `max-file-size`, if larger) are not
/// read at all, with a note: the provider-token check of an oversized file
/// holds it in memory whole (64 MiB).
pub const TOKEN_CHECK_LIMIT: u64 = 64 * 1024 * 1024;

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
    pub include: Option<Vec<String>>,
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
    /// Whether this file extends the configuration file above its folder
    /// (default: true). Read by the workspace layer, which finds the chain.
    pub extend: Option<bool>,
    /// Keys applied to the files matching each entry's `files`, in order,
    /// on top of the file's own keys.
    #[serde(default)]
    pub overrides: Vec<OverrideOptions>,
}

/// One `[[overrides]]` entry: globs of files (relative to the folder of the
/// configuration file holding it) and the keys that mean something for one
/// file. The keys that shape a whole run (`include`, `exclude`,
/// `max-file-size`, `[[rules]]`…) are not allowed: an unknown key is an error.
/// It repeats those keys of [`Options`] rather than flattening a shared
/// struct because serde cannot combine `flatten` with `deny_unknown_fields`,
/// and that error, with its position, is what tells a user a run-wide key
/// does not belong in an override.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OverrideOptions {
    pub files: Vec<String>,
    pub settings_modules: Option<Vec<String>>,
    #[serde(default)]
    pub extend_settings_modules: Vec<String>,
    pub test_paths: Option<Vec<String>>,
    #[serde(default)]
    pub extend_test_paths: Vec<String>,
    pub select: Option<Vec<String>>,
    #[serde(default)]
    pub extend_select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    pub require_reason: Option<bool>,
    pub peer_markers: Option<bool>,
    #[serde(default)]
    pub allowlist: AllowlistOptions,
}

impl OverrideOptions {
    /// The entry's keys as options of their own, to lay over a file's.
    fn options(&self) -> Options {
        Options {
            settings_modules: self.settings_modules.clone(),
            extend_settings_modules: self.extend_settings_modules.clone(),
            test_paths: self.test_paths.clone(),
            extend_test_paths: self.extend_test_paths.clone(),
            select: self.select.clone(),
            extend_select: self.extend_select.clone(),
            ignore: self.ignore.clone(),
            per_file_ignores: self.per_file_ignores.clone(),
            severity: self.severity.clone(),
            require_reason: self.require_reason,
            peer_markers: self.peer_markers,
            allowlist: self.allowlist.clone(),
            ..Options::default()
        }
    }
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
            .map(|key| format!("{}: ", shown_key(&key)))
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
/// drop the value itself. An unknown key is named as [`shown_part`] shows it.
fn value_free(message: &str) -> String {
    static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"(string|character|integer|floating point|boolean|unsigned integer|byte array|variant|value) (`[^`]*`|"(?:[^"\\]|\\.)*")"#,
        )
        .expect("valid")
    });
    static UNKNOWN_FIELD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"unknown field `([^`]*)`").expect("valid"));
    let one_line = message.trim_end().replace('\n', "; ");
    let one_line = QUOTED.replace_all(&one_line, "$1");
    UNKNOWN_FIELD
        .replace_all(&one_line, |caps: &regex::Captures| {
            format!("unknown field `{}`", shown_part(&caps[1]))
        })
        .into_owned()
}

/// A dotted key from the file as an error message may name it, part by
/// part (a quoted part is one part, dots and all): see [`shown_part`].
fn shown_key(key: &str) -> String {
    static PART: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#""[^"]*"?|'[^']*'?|[^.]+"#).expect("valid"));
    PART.find_iter(key)
        .map(|part| shown_part(part.as_str()))
        .collect::<Vec<_>>()
        .join(".")
}

/// One key as an error message may name it. A key naming a setting, a table
/// or a glob is words (`max-file-size`, or `maxFileSize` mistyped); anything
/// else in key position (a token pasted on a line of its own, `ghp_… = 1`,
/// or `[<password>]`) may be a secret, and shows only its redacted form. So
/// does a run of small letters that reads as no words to the value model
/// (a random lowercase password pasted as a key).
fn shown_part(part: &str) -> String {
    static WORDS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[a-z*/_-]*(?:[A-Z][a-z]{2,}[a-z*/_-]*)*$").expect("valid"));
    let bare = part.trim_matches(['"', '\'']);
    let random = || crate::value::looks_like_secret(crate::value::NameKind::Password, "", bare);
    if !bare.is_empty() && WORDS.is_match(bare) && !random() {
        part.to_owned()
    } else {
        crate::redact::redact(bare)
    }
}

/// Compiles a configured regex. Errors say what is wrong and where in the
/// pattern, never the pattern; a regex that can match the empty string is
/// refused, since it would match (and so allowlist, or flag) everything.
/// `credlint import gitleaks` asks it too, so that what it writes loads.
pub fn compile_regex(pattern: &str) -> Result<Regex, String> {
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

/// Where an effective value was set (`credlint config` shows it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The built-in default.
    Default,
    /// A configuration file's own keys.
    File(PathBuf),
    /// The `[[overrides]]` entry at this index (zero-based) of a file.
    Override(usize, PathBuf),
    /// Options from no file: a front's settings (the editor's
    /// `settingsModules`).
    Front,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Override(index, path) => {
                write!(f, "override #{} in {}", index + 1, path.display())
            }
            Origin::Front => f.write_str("front settings"),
        }
    }
}

/// One step of the way to a value in a file, owned (see [`Step`]).
#[derive(Clone, Debug, PartialEq)]
enum Loc {
    Key(String),
    Index(usize),
}

impl Loc {
    fn key(key: &str) -> Loc {
        Loc::Key(key.to_owned())
    }

    fn step(&self) -> Step<'_> {
        match self {
            Loc::Key(key) => Step::Key(key),
            Loc::Index(index) => Step::Index(*index),
        }
    }
}

/// `select[2]`, `allowlist.values[0]`: how messages name a value's place.
fn render(at: &[Loc]) -> String {
    let mut out = String::new();
    for loc in at {
        match loc {
            Loc::Key(key) if out.is_empty() => out.push_str(key),
            Loc::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Loc::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

/// Who wrote a set of values: the file (or the defaults, or a front), the
/// folder its globs are relative to, and where its keys sit in the file.
#[derive(Debug)]
struct Written {
    origin: Origin,
    /// The folder the file's globs are relative to; `None`: the project
    /// root (the nearest configuration's folder). Shared by every
    /// configuration compiled below it ([`Globs::groups`]).
    base: Option<Arc<Path>>,
    /// The file, shared by its layer and every one of its `[[overrides]]`
    /// entries: a copy per entry cost memory quadratic in their number
    /// (4,000 entries in a 200 KB file: 914 MB).
    source: Option<Arc<ConfigSource>>,
    /// `overrides[n]` for an override entry's keys.
    prefix: Vec<Loc>,
}

impl Written {
    fn defaults() -> Arc<Written> {
        Arc::new(Written {
            origin: Origin::Default,
            base: None,
            source: None,
            prefix: Vec::new(),
        })
    }

    /// An error about the value at `at` (below [`Written::prefix`]),
    /// located in the file and named by its place, never its value.
    fn error(&self, at: &[Loc], message: impl std::fmt::Display) -> ConfigError {
        let steps: Vec<Step> = self.prefix.iter().chain(at).map(Loc::step).collect();
        let label = match self.prefix.is_empty() {
            true => String::new(),
            false => format!("{}.", render(&self.prefix)),
        };
        ConfigError::at(self.source.as_deref(), &steps, format!("{label}{message}"))
    }
}

/// A value as written, with who wrote it and where: shared, so that a
/// folder's merged options point at its parent's items rather than copy
/// them (each of 1,200 nested folders held a copy of every `exclude`
/// above it, its value and its place: memory quadratic in the depth).
#[derive(Debug)]
struct Item<T>(Arc<Entry<T>>);

/// What an [`Item`] holds.
#[derive(Debug)]
struct Entry<T> {
    value: T,
    from: Arc<Written>,
    at: Vec<Loc>,
}

impl<T> Clone for Item<T> {
    fn clone(&self) -> Item<T> {
        Item(Arc::clone(&self.0))
    }
}

impl<T> std::ops::Deref for Item<T> {
    type Target = Entry<T>;

    fn deref(&self) -> &Entry<T> {
        &self.0
    }
}

impl<T> Item<T> {
    fn new(from: &Arc<Written>, at: Vec<Loc>, value: T) -> Item<T> {
        Item(Arc::new(Entry {
            value,
            from: Arc::clone(from),
            at,
        }))
    }
}

/// The options of a chain of configuration files (and of the overrides that
/// match a file), merged: each value keeps who wrote it, so that globs stay
/// relative to their own file's folder and `credlint config` can say where
/// a value came from. See [`Merged::apply`] for the merge.
#[derive(Clone, Debug)]
struct Merged {
    settings_modules: Vec<Item<String>>,
    test_paths: Vec<Item<String>>,
    include: Option<Vec<Item<String>>>,
    exclude: Vec<Item<String>>,
    select: Vec<Item<String>>,
    ignore: Vec<Item<String>>,
    per_file_ignores: Vec<Item<(String, Vec<String>)>>,
    severity: Vec<Item<(String, Severity)>>,
    max_file_size: Item<u64>,
    scan_generated: Item<bool>,
    require_reason: Item<bool>,
    peer_markers: Item<bool>,
    allow_paths: Vec<Item<String>>,
    allow_values: Vec<Item<String>>,
    stopwords: Vec<Item<String>>,
    rules: Vec<Item<TokenRuleDef>>,
}

impl Merged {
    fn defaults() -> Merged {
        let from = Written::defaults();
        let list = |key: &str, values: &[&str]| -> Vec<Item<String>> {
            (values.iter())
                .map(|v| Item::new(&from, vec![Loc::key(key)], v.to_string()))
                .collect()
        };
        Merged {
            settings_modules: list("settings-modules", DEFAULT_SETTINGS_MODULES),
            test_paths: list("test-paths", DEFAULT_TEST_PATHS),
            include: None,
            exclude: Vec::new(),
            select: list("select", &["ALL"]),
            ignore: Vec::new(),
            per_file_ignores: Vec::new(),
            severity: Vec::new(),
            max_file_size: Item::new(
                &from,
                vec![Loc::key("max-file-size")],
                DEFAULT_MAX_FILE_SIZE,
            ),
            scan_generated: Item::new(&from, vec![Loc::key("scan-generated")], false),
            require_reason: Item::new(&from, vec![Loc::key("require-reason")], false),
            peer_markers: Item::new(&from, vec![Loc::key("peer-markers")], true),
            allow_paths: Vec::new(),
            allow_values: Vec::new(),
            stopwords: Vec::new(),
            rules: Vec::new(),
        }
    }

    /// Lays `options` over what is merged so far. A key that holds one
    /// value, or a whole list (`select`, `settings-modules`, `test-paths`,
    /// `include`), replaces what came before, including the earlier
    /// `extend-*` additions to that list; the `extend-*` lists, `exclude`,
    /// `ignore`, `per-file-ignores`, the allowlist and `[[rules]]` add to
    /// it (a rule of the same id, or a `severity` entry of the same
    /// selector, replaces the earlier one).
    fn apply(&mut self, options: &Options, from: &Arc<Written>) {
        #[cfg(test)]
        tests::MERGED.with(|n| n.set(n.get() + 1));
        let item = |at, value| Item::new(from, at, value);
        let items = |path: &[&str], values: &[String]| -> Vec<Item<String>> {
            values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let mut at: Vec<Loc> = path.iter().map(|k| Loc::key(k)).collect();
                    at.push(Loc::Index(i));
                    item(at, v.clone())
                })
                .collect()
        };
        if let Some(modules) = &options.settings_modules {
            self.settings_modules = items(&["settings-modules"], modules);
        }
        self.settings_modules.extend(items(
            &["extend-settings-modules"],
            &options.extend_settings_modules,
        ));
        if let Some(paths) = &options.test_paths {
            self.test_paths = items(&["test-paths"], paths);
        }
        self.test_paths
            .extend(items(&["extend-test-paths"], &options.extend_test_paths));
        if let Some(include) = &options.include {
            self.include = Some(items(&["include"], include));
        }
        self.exclude.extend(items(&["exclude"], &options.exclude));
        if let Some(select) = &options.select {
            self.select = items(&["select"], select);
        }
        self.select
            .extend(items(&["extend-select"], &options.extend_select));
        self.ignore.extend(items(&["ignore"], &options.ignore));
        for (glob, selectors) in &options.per_file_ignores {
            self.per_file_ignores.push(Item::new(
                from,
                vec![Loc::key("per-file-ignores"), Loc::key(glob)],
                (glob.clone(), selectors.clone()),
            ));
        }
        for (selector, level) in &options.severity {
            self.severity.retain(|s| s.value.0 != *selector);
            self.severity.push(Item::new(
                from,
                vec![Loc::key("severity"), Loc::key(selector)],
                (selector.clone(), *level),
            ));
        }
        if let Some(size) = options.max_file_size {
            self.max_file_size = Item::new(from, vec![Loc::key("max-file-size")], size);
        }
        for (slot, key, value) in [
            (
                &mut self.scan_generated,
                "scan-generated",
                options.scan_generated,
            ),
            (
                &mut self.require_reason,
                "require-reason",
                options.require_reason,
            ),
            (&mut self.peer_markers, "peer-markers", options.peer_markers),
        ] {
            if let Some(value) = value {
                *slot = Item::new(from, vec![Loc::key(key)], value);
            }
        }
        let allowlist = &options.allowlist;
        self.allow_paths
            .extend(items(&["allowlist", "paths"], &allowlist.paths));
        self.allow_values
            .extend(items(&["allowlist", "values"], &allowlist.values));
        self.stopwords
            .extend(items(&["allowlist", "stopwords"], &allowlist.stopwords));
        for (i, def) in options.rules.iter().enumerate() {
            self.rules.retain(|r| r.value.id != def.id);
            self.rules.push(Item::new(
                from,
                vec![Loc::key("rules"), Loc::Index(i)],
                def.clone(),
            ));
        }
    }

    /// Every effective value with where it came from, key by key.
    fn effective(&self) -> Vec<Effective> {
        fn one<T: ToString>(key: &str, items: &[Item<T>]) -> Effective {
            Effective {
                key: key.to_owned(),
                values: items
                    .iter()
                    .map(|i| (i.value.to_string(), i.from.origin.clone()))
                    .collect(),
            }
        }
        // Allowlisted values and stopwords may be a real secret's own
        // characters: shown by their place in the file, never themselves.
        let withheld = |key: &str, items: &[Item<String>]| Effective {
            key: key.to_owned(),
            values: items
                .iter()
                .map(|i| {
                    let mut at = i.from.prefix.clone();
                    at.extend(i.at.iter().cloned());
                    (format!("({} withheld)", render(&at)), i.from.origin.clone())
                })
                .collect(),
        };
        vec![
            one("settings-modules", &self.settings_modules),
            one("test-paths", &self.test_paths),
            one("include", self.include.as_deref().unwrap_or_default()),
            one("exclude", &self.exclude),
            one("select", &self.select),
            one("ignore", &self.ignore),
            Effective {
                key: "per-file-ignores".to_owned(),
                values: self
                    .per_file_ignores
                    .iter()
                    .map(|i| {
                        let (glob, selectors) = &i.value;
                        (
                            format!("{glob} = [{}]", selectors.join(", ")),
                            i.from.origin.clone(),
                        )
                    })
                    .collect(),
            },
            Effective {
                key: "severity".to_owned(),
                values: self
                    .severity
                    .iter()
                    .map(|i| {
                        (
                            format!("{} = {}", i.value.0, i.value.1),
                            i.from.origin.clone(),
                        )
                    })
                    .collect(),
            },
            one("max-file-size", std::slice::from_ref(&self.max_file_size)),
            one("scan-generated", std::slice::from_ref(&self.scan_generated)),
            one("require-reason", std::slice::from_ref(&self.require_reason)),
            one("peer-markers", std::slice::from_ref(&self.peer_markers)),
            one("allowlist.paths", &self.allow_paths),
            withheld("allowlist.values", &self.allow_values),
            withheld("allowlist.stopwords", &self.stopwords),
            Effective {
                key: "rules".to_owned(),
                values: self
                    .rules
                    .iter()
                    .map(|i| (format!("secret/{}", i.value.id), i.from.origin.clone()))
                    .collect(),
            },
        ]
    }
}

/// One key's effective values, each with where it was set.
#[derive(Clone, Debug)]
pub struct Effective {
    pub key: String,
    pub values: Vec<(String, Origin)>,
}

/// A configuration file of a chain: its options, the file (for messages and
/// origins; `None` for options from no file) and the folder its globs are
/// relative to.
///
/// Loaded once per file and shared (a clone copies pointers): every
/// folder below a configuration file has the file in its chain, and each
/// [`Hierarchy`] holding its own copy of the chain's paths, texts and
/// options cost nested folders memory cubic in their depth (400 nested
/// configurations: 510 MB). A hierarchy, and every [`Item`] its
/// configurations hold, points at the layer's [`Written`].
#[derive(Clone, Debug)]
pub struct Layer {
    options: Arc<Options>,
    from: Arc<Written>,
    /// Who wrote each `[[overrides]]` entry, in order.
    overrides: Arc<[Arc<Written>]>,
    /// The file's path, for the fronts' cache keys.
    path: Option<Arc<Path>>,
}

impl Layer {
    /// A configuration file's layer: its globs are relative to its folder.
    pub fn file(source: ConfigSource, options: Options) -> Layer {
        let base = source.path.parent().map(Arc::from);
        let path = Some(Arc::from(source.path.as_path()));
        Layer::new(options, Some(source), base, path)
    }

    /// Options from no file (a front's settings), their globs relative to
    /// `base`.
    pub fn front(options: Options, base: Option<Arc<Path>>) -> Layer {
        Layer::new(options, None, base, None)
    }

    fn new(
        options: Options,
        source: Option<ConfigSource>,
        base: Option<Arc<Path>>,
        path: Option<Arc<Path>>,
    ) -> Layer {
        let origin = match &source {
            Some(source) => Origin::File(source.path.clone()),
            None => Origin::Front,
        };
        let source = source.map(Arc::new);
        let overrides = (0..options.overrides.len())
            .map(|n| {
                Arc::new(Written {
                    origin: match &origin {
                        Origin::File(path) => Origin::Override(n, path.clone()),
                        other => other.clone(),
                    },
                    base: base.clone(),
                    source: source.clone(),
                    prefix: vec![Loc::key("overrides"), Loc::Index(n)],
                })
            })
            .collect();
        Layer {
            options: Arc::new(options),
            from: Arc::new(Written {
                origin,
                base,
                source,
                prefix: Vec::new(),
            }),
            overrides,
            path,
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The configuration file's path (`None` for a front's options), shared
    /// by every chain holding the file.
    pub fn path(&self) -> Option<&Arc<Path>> {
        self.path.as_ref()
    }

    /// The folder the layer's globs are relative to.
    pub fn base(&self) -> Option<&Arc<Path>> {
        self.from.base.as_ref()
    }
}

/// An `[[overrides]]` entry, ready to match files.
#[derive(Debug)]
struct Override {
    /// Which layer holds it: it applies right after that layer's own keys.
    layer: usize,
    from: Arc<Written>,
    files: Globs,
    options: Options,
}

/// The configuration of a chain of files (the root-most first, the nearest
/// last), checked, from which each file's [`Config`] is built: the chain's
/// keys merged in order, each layer's matching overrides right after its
/// own keys. Every key of every layer and override is checked when the
/// chain is loaded, so an override's mistake is reported whatever file is
/// being checked. The project root, which anchors the defaults, is the
/// nearest layer's folder.
#[derive(Debug)]
pub struct Hierarchy {
    layers: Vec<Layer>,
    /// Whether the last layer is a front's, laid over the files (see
    /// [`Hierarchy::chain`]).
    top: bool,
    /// Shared with the chains extending this one.
    overrides: Vec<Arc<Override>>,
    root: Option<Arc<Path>>,
    /// The configuration of files no override matches, built when the
    /// chain is checked: most files' own, handed out as a copy rather
    /// than compiled again (its globs cost milliseconds, which an editor
    /// opening a file waits for).
    plain: Config,
    /// The files' layers alone merged and compiled (no front's layer, no
    /// override): what a chain one file longer starts from
    /// ([`Hierarchy::extend`]).
    files: Arc<Compiled>,
}

/// Options merged and compiled.
#[derive(Debug)]
struct Compiled {
    merged: Merged,
    config: Config,
}

impl Compiled {
    /// The defaults, compiled once per process.
    fn defaults() -> Arc<Compiled> {
        static DEFAULTS: LazyLock<Arc<Compiled>> = LazyLock::new(|| {
            let merged = Merged::defaults();
            let config = build(&merged, None).expect("the defaults are valid");
            Arc::new(Compiled { merged, config })
        });
        Arc::clone(&DEFAULTS)
    }

    /// These options with `options` (written by `from`) laid over them,
    /// their globs relative to the project root relative to `root`: only
    /// the new layer's values are compiled and checked.
    fn then(
        &self,
        options: &Options,
        from: &Arc<Written>,
        root: Option<Arc<Path>>,
    ) -> Result<Compiled, ConfigError> {
        let mut merged = self.merged.clone();
        merged.apply(options, from);
        let before = Before {
            new: from,
            merged: &self.merged,
            config: &self.config,
        };
        let config = build_after(Some(before), &merged, root)?;
        Ok(Compiled { merged, config })
    }
}

impl Override {
    /// The `[[overrides]]` entries of `layer`, the chain's `index`th, their
    /// `files` compiled.
    fn of(layer: &Layer, index: usize) -> Result<Vec<Arc<Override>>, ConfigError> {
        let entries = layer.options.overrides.iter().zip(layer.overrides.iter());
        entries
            .map(|(entry, from)| {
                let files: Vec<Item<String>> = (entry.files.iter().enumerate())
                    .map(|(i, glob)| {
                        let at = vec![Loc::key("files"), Loc::Index(i)];
                        Item::new(from, at, glob.clone())
                    })
                    .collect();
                Ok(Arc::new(Override {
                    layer: index,
                    files: globs(&files, "files", None)?,
                    options: entry.options(),
                    from: Arc::clone(from),
                }))
            })
            .collect()
    }
}

impl Hierarchy {
    pub fn new(layers: Vec<Layer>) -> Result<Hierarchy, ConfigError> {
        Hierarchy::chain(layers, None)
    }

    /// The chain of configuration files `files` (the root-most first) with
    /// a front's options `top` laid over them all.
    pub fn chain(mut files: Vec<Layer>, top: Option<Layer>) -> Result<Hierarchy, ConfigError> {
        let mut compiled = Compiled::defaults();
        let mut failed = None;
        for layer in &files {
            match compiled.then(&layer.options, &layer.from, layer.base().cloned()) {
                Ok(next) => compiled = Arc::new(next),
                Err(error) => {
                    failed = Some(error);
                    break;
                }
            }
        }
        let is_top = top.is_some();
        files.extend(top);
        let layers = files;
        let root = layers.last().and_then(|l| l.base().cloned());
        let mut overrides = Vec::new();
        for (index, layer) in layers.iter().enumerate() {
            overrides.extend(Override::of(layer, index)?);
        }
        if let Some(error) = failed {
            // The error a merge of the whole chain meets first, key by key.
            build(&merge(&layers, &overrides, &[]), root)?;
            return Err(error);
        }
        // No configuration file and no front's layer: the defaults, which
        // are compiled once per process (the language server compiles them
        // for an opened document before its own configuration is resolved).
        let plain = match layers.last() {
            None => Config::default(),
            Some(top) if is_top => (compiled.then(&top.options, &top.from, root.clone())?).config,
            Some(_) => compiled.config.clone(),
        };
        let hierarchy = Hierarchy {
            layers,
            top: is_top,
            overrides,
            root,
            plain,
            files: compiled,
        };
        for index in 0..hierarchy.overrides.len() {
            hierarchy.config(&[index])?;
        }
        Ok(hierarchy)
    }

    /// This chain with the file `layer` nearer than its own (a folder's
    /// chain from its parent folder's) and a front's options `top` over
    /// them: what [`Hierarchy::chain`] gives, from this chain's compiled
    /// files plus one layer, so that a folder deep in nested configurations
    /// compiles and checks its own file only (its overrides too: the
    /// parent's were checked with its chain, and the values a deeper file
    /// adds make none of them wrong). `top` is given again: a front's
    /// layer is relative to the nearest file.
    pub fn extend(&self, layer: Layer, top: Option<Layer>) -> Result<Hierarchy, ConfigError> {
        let mut files = self.layers.clone();
        files.truncate(self.layers.len() - usize::from(self.top));
        files.push(layer);
        // On an error, the whole chain's merge finds the one it reports.
        self.extended(&files, top.as_ref())
            .or_else(|_| Hierarchy::chain(files, top))
    }

    /// [`Hierarchy::extend`], its new layer the last of `files`.
    fn extended(&self, files: &[Layer], top: Option<&Layer>) -> Result<Hierarchy, ConfigError> {
        let layer = files.last().expect("the new layer");
        let root = layer.base().cloned();
        let compiled = Arc::new(self.files.then(&layer.options, &layer.from, root.clone())?);
        let index = files.len() - 1;
        let own = Override::of(layer, index)?;
        let with_top = |compiled: &Compiled| match top {
            Some(top) => Ok(compiled.then(&top.options, &top.from, root.clone())?.config),
            None => Ok::<_, ConfigError>(compiled.config.clone()),
        };
        for entry in &own {
            with_top(&compiled.then(&entry.options, &entry.from, root.clone())?)?;
        }
        let plain = with_top(&compiled)?;
        let mut overrides: Vec<Arc<Override>> = (self.overrides.iter())
            .filter(|o| o.layer < index)
            .cloned()
            .collect();
        overrides.extend(own);
        if let Some(top) = top {
            overrides.extend(Override::of(top, index + 1)?);
        }
        let mut layers = files.to_vec();
        layers.extend(top.cloned());
        Ok(Hierarchy {
            layers,
            top: top.is_some(),
            overrides,
            root,
            plain,
            files: compiled,
        })
    }

    /// The overrides that apply to `path`, by index: with the chain, the
    /// key of `path`'s configuration.
    pub fn matching(&self, path: &Path) -> Vec<usize> {
        (self.overrides.iter().enumerate())
            .filter(|(_, o)| o.files.is_match(path))
            .map(|(i, _)| i)
            .collect()
    }

    fn merged(&self, matching: &[usize]) -> Merged {
        merge(&self.layers, &self.overrides, matching)
    }

    /// The configuration of the files `matching` (see
    /// [`Hierarchy::matching`]) names the overrides of.
    pub fn config(&self, matching: &[usize]) -> Result<Config, ConfigError> {
        if matching.is_empty() {
            return Ok(self.plain.clone());
        }
        build(&self.merged(matching), self.root.clone())
    }

    /// Every effective value for the files `matching` names the overrides
    /// of, with where each was set.
    pub fn effective(&self, matching: &[usize]) -> Vec<Effective> {
        self.merged(matching).effective()
    }

    /// Where the overrides `matching` names were written.
    pub fn override_origins(&self, matching: &[usize]) -> Vec<Origin> {
        matching
            .iter()
            .filter_map(|&i| self.overrides.get(i))
            .map(|o| o.from.origin.clone())
            .collect()
    }
}

/// A chain's keys merged in order, each layer's overrides among `matching`
/// right after its own keys.
fn merge(layers: &[Layer], overrides: &[Arc<Override>], matching: &[usize]) -> Merged {
    let mut merged = Merged::defaults();
    for (index, layer) in layers.iter().enumerate() {
        merged.apply(&layer.options, &layer.from);
        for (n, entry) in overrides.iter().enumerate() {
            if entry.layer == index && matching.contains(&n) {
                merged.apply(&entry.options, &entry.from);
            }
        }
    }
    merged
}

/// Globs compiled in groups, one per writer (a file, one of its
/// `[[overrides]]`, the defaults), each relative to its writer's folder:
/// each group matches a path relative to its own folder, so a parent
/// configuration's glob matches under a package what it matched for the
/// parent. A group per writer rather than per folder (the defaults and the
/// nearest file share the root) matches the same paths, and lets a nested
/// folder's configuration keep its parent's groups as they are
/// ([`Globs::after`]): shared, not copied, as is each block of the index.
///
/// Many groups (nested folders' `exclude`, one group per folder) are not
/// each tried on every path: a path deep in 1,200 nested configurations
/// was matched against 1,200 groups, each on a path as long as the depth
/// (cubic in the depth: 9.3 s for `check .`, a21 #3). Each glob has
/// literal pieces every path it matches holds ([`glob_group::literal_runs`]);
/// the groups are indexed by them in blocks, and a path is matched only
/// against the groups whose piece it holds (and those with none).
#[derive(Clone, Debug, Default)]
struct Globs {
    /// Shared by the copies of a configuration (each file's, the cached
    /// ones), and with its parent's when no group moved with the root.
    groups: Arc<[Arc<Group>]>,
    /// The index in blocks laid out as a Fenwick tree's: `blocks[i]` holds
    /// the groups from `i + 1 - lowbit(i + 1)` to `i`, so any first groups
    /// are a few blocks (one per bit of their count), and a configuration
    /// extending its parent's keeps every block of the parent's groups.
    blocks: Arc<[Arc<Block>]>,
    /// How many items were compiled.
    len: usize,
}

/// One writer's globs.
#[derive(Debug)]
struct Group {
    base: Option<Arc<Path>>,
    set: Arc<GlobGroup>,
    /// The item (of those compiled) each glob of `set` came from: an item
    /// may compile to two globs (`dir/**` and `dir`).
    items: Vec<usize>,
    /// Whether its writer has no folder of its own, so that it is relative
    /// to the project root, which a nested chain moves.
    rooted: bool,
    /// A piece of each glob that every path it matches holds; `None`
    /// (tried on every path) when a glob has none, or when the globs fold
    /// case: `regex`'s folding is Unicode's (`k` matches the Kelvin sign),
    /// which an ASCII-folding search of a piece would miss.
    pieces: Option<Vec<String>>,
}

/// Groups with fewer than this many groups are each tried on every path:
/// the index would cost more than it saves.
const INDEXED: usize = 16;

/// A block of [`Globs::blocks`], indexed the first time a path is matched
/// against it.
#[derive(Default)]
struct Block {
    index: OnceLock<Option<BlockIndex>>,
}

/// Shown without its index, which is built or not depending on which
/// paths were matched: two configurations alike show alike.
impl std::fmt::Debug for Block {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Block")
    }
}

/// The groups of a block (numbered from its first) a path can match.
struct BlockIndex {
    pieces: glob_group::Pieces,
    /// The groups without pieces, tried on every path.
    always: Vec<usize>,
}

impl BlockIndex {
    fn new(groups: &[Arc<Group>]) -> Option<BlockIndex> {
        let mut named = Vec::new();
        let mut always = Vec::new();
        for (member, group) in groups.iter().enumerate() {
            match &group.pieces {
                Some(pieces) => named.extend(pieces.iter().map(|p| (p.as_str(), member))),
                None => always.push(member),
            }
        }
        Some(BlockIndex {
            pieces: glob_group::Pieces::new(named)?,
            always,
        })
    }
}

/// The lowest set bit of `n`: the count of groups `blocks[n - 1]` holds.
fn lowbit(n: usize) -> usize {
    n & n.wrapping_neg()
}

impl Globs {
    /// These globs, those relative to the project root relative to `root`.
    fn rebased(&self, root: Option<&Arc<Path>>) -> Globs {
        let mut out = self.clone();
        if self.groups.iter().any(|g| g.rooted) {
            let moved = self.groups.iter().map(|group| match group.rooted {
                true => Arc::new(Group {
                    base: root.cloned(),
                    set: Arc::clone(&group.set),
                    items: group.items.clone(),
                    rooted: true,
                    pieces: group.pieces.clone(),
                }),
                false => Arc::clone(group),
            });
            out.groups = moved.collect();
        }
        out
    }

    /// These globs, followed by those of `items` past the ones compiled
    /// here (a chain's list that the next layer extends), and relative to
    /// `root` where they were relative to the root: what [`globs_folding`]
    /// gives for all of `items`, without compiling the first ones again.
    fn after(
        &self,
        items: &[Item<String>],
        key: &str,
        root: Option<&Arc<Path>>,
        fold_case: bool,
    ) -> Result<Globs, ConfigError> {
        let out = self.rebased(root);
        let (mut groups_out, mut blocks) = (out.groups.to_vec(), out.blocks.to_vec());
        let more = &items[self.len..];
        #[cfg(test)]
        tests::GLOBS_COMPILED.with(|n| n.set(n.get() + more.len()));
        let mut groups: Vec<(&Arc<Written>, Vec<Glob>, Vec<usize>)> = Vec::new();
        for (index, item) in (self.len..).zip(more) {
            if groups
                .last()
                .is_none_or(|(w, ..)| !Arc::ptr_eq(w, &item.from))
            {
                groups.push((&item.from, Vec::new(), Vec::new()));
            }
            let (_, group, origin) = groups.last_mut().expect("pushed");
            if names_no_path(&item.value) {
                return Err(item.from.error(
                    &item.at,
                    format!(
                        "{key}: an empty glob (or only `/` and `./`) names no path; \
                         it would match every file (write `**` to mean that)"
                    ),
                ));
            }
            for glob in compile_glob(&item.value, fold_case)
                .map_err(|kind| item.from.error(&item.at, format!("{key}: a glob: {kind}")))?
            {
                group.push(glob);
                origin.push(index);
            }
        }
        for (writer, group, origin) in groups {
            let pieces = (group.iter())
                .map(|glob| {
                    let runs = glob_group::literal_runs(glob.glob());
                    let longest = runs.into_iter().max_by_key(|run| run.len());
                    longest.filter(|_| !fold_case).map(str::to_owned)
                })
                .collect();
            let set = glob_set(group).map_err(|e| {
                ConfigError::new(
                    (more.first())
                        .and_then(|i| i.from.source.as_ref())
                        .map(|s| s.path.as_path()),
                    format!("{key}: {}", e.kind()),
                )
            })?;
            groups_out.push(Arc::new(Group {
                base: writer.base.as_ref().or(root).cloned(),
                set,
                items: origin,
                rooted: writer.base.is_none(),
                pieces,
            }));
            blocks.push(Arc::default());
        }
        Ok(Globs {
            groups: groups_out.into(),
            blocks: blocks.into(),
            len: items.len(),
        })
    }

    /// Whether a group's glob matches `path`, `test` telling for the
    /// group and `path` relative to its folder. Many groups are tried
    /// only when `path` holds a piece of theirs.
    fn any_group(&self, path: &Path, test: impl Fn(&Group, &Path) -> bool) -> bool {
        let tried = |group: &Group| {
            #[cfg(test)]
            tests::GROUPS_TRIED.with(|n| n.set(n.get() + 1));
            test(group, relative_to(group.base.as_deref(), path))
        };
        if self.groups.len() < INDEXED {
            return self.groups.iter().any(|g| tried(g));
        }
        let mut end = self.groups.len();
        while end > 0 {
            let start = end - lowbit(end);
            let groups = &self.groups[start..end];
            let index = self.blocks[end - 1]
                .index
                .get_or_init(|| BlockIndex::new(groups));
            let found = match index {
                Some(index) => (index.always.iter().copied())
                    .chain(index.pieces.holders(path))
                    .any(|member| tried(&groups[member])),
                None => groups.iter().any(|g| tried(g)),
            };
            if found {
                return true;
            }
            end = start;
        }
        false
    }

    fn is_match(&self, path: &Path) -> bool {
        self.any_group(path, |group, path| group.set.is_match(path))
    }

    /// Whether a glob of an item that `keep` takes (by its index among the
    /// items compiled) matches `path`: a subset's match without a set of
    /// its own.
    fn is_match_of(&self, path: &Path, keep: impl Fn(usize) -> bool) -> bool {
        self.any_group(path, |group, path| {
            (group.set.matches(path).into_iter()).any(|glob| keep(group.items[glob]))
        })
    }

    /// [`Globs::is_match`] and [`Globs::is_match_of`] from one match.
    fn is_match_and_of(&self, path: &Path, keep: impl Fn(usize) -> bool) -> (bool, bool) {
        let any = std::cell::Cell::new(false);
        let kept = self.any_group(path, |group, path| {
            let matched = group.set.matches(path);
            any.set(any.get() || !matched.is_empty());
            matched.into_iter().any(|glob| keep(group.items[glob]))
        });
        (any.get() || kept, kept)
    }
}

/// `path` relative to `base` (as is when it is not below it).
fn relative_to<'p>(base: Option<&Path>, path: &'p Path) -> &'p Path {
    let path = base
        .and_then(|base| plainly_below(base, path).or_else(|| path.strip_prefix(base).ok()))
        .unwrap_or(path);
    path.strip_prefix("./").unwrap_or(path)
}

/// What `Path::strip_prefix` gives for a `path` written as `base`, `/`
/// and a plain rest (every path the walk gives below a configuration's
/// folder), cut there without comparing components; `None` for anything
/// else, which `strip_prefix` judges. A file deep in nested
/// configurations is matched against each ancestor's globs, and comparing
/// its long path component by component for each was a quarter of such a
/// run's time.
fn plainly_below<'p>(base: &Path, path: &'p Path) -> Option<&'p Path> {
    let base = base.as_os_str().as_encoded_bytes();
    let bytes = path.as_os_str().as_encoded_bytes();
    let rest = bytes.strip_prefix(base)?.strip_prefix(b"/")?;
    let plain = |bytes: &[u8]| {
        !bytes.is_empty()
            && !bytes.ends_with(b"/")
            && !bytes.starts_with(b"./")
            && !bytes.ends_with(b"/.")
            && bytes != b"."
    };
    if !plain(base) || !plain(rest) || rest.starts_with(b"/") {
        return None;
    }
    // The rest is the end of `path`, from a byte after an ASCII `/`: a
    // boundary of its encoding.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(Path::new(std::ffi::OsStr::from_bytes(rest)))
    }
    #[cfg(not(unix))]
    {
        let at = bytes.len() - rest.len();
        Some(Path::new(path.as_os_str().to_str()?.get(at..)?))
    }
}

/// Compiles `items`, each relative to its writer's folder (the defaults'
/// to `root`); a bad glob is an error located in its file.
fn globs(
    items: &[Item<String>],
    key: &str,
    root: Option<&Arc<Path>>,
) -> Result<Globs, ConfigError> {
    globs_folding(items, key, root, false)
}

/// [`globs`], matching case-insensitively when `fold_case`: a settings module
/// is named by its word whatever its capitals (s3cmd's `S3/Config.py` is its
/// `config.py`, in the style of older Python packages whose modules are named
/// like their classes), which is not so for paths a user lists to exclude.
fn globs_folding(
    items: &[Item<String>],
    key: &str,
    root: Option<&Arc<Path>>,
    fold_case: bool,
) -> Result<Globs, ConfigError> {
    Globs::default().after(items, key, root, fold_case)
}

/// The set of a group of globs, compiled once however many configurations
/// hold it: nested folders' configurations repeat their parents' groups
/// (each folder's own globs are relative to it), and compiling the whole
/// chain again for each folder cost quadratic time and memory (200 nested
/// folders with a `credlint.toml` each: 2.6 s and 500 MB). A set is kept
/// only while a configuration holds it, so a language server reloading
/// its configurations does not grow the table: entries whose sets were
/// all dropped are swept when it has doubled since the last sweep.
fn glob_set(group: Vec<Glob>) -> Result<Arc<GlobGroup>, globset::Error> {
    struct Sets {
        sets: std::collections::HashMap<Vec<Glob>, Weak<GlobGroup>>,
        sweep_at: usize,
    }
    static SETS: LazyLock<Mutex<Sets>> = LazyLock::new(|| {
        Mutex::new(Sets {
            sets: std::collections::HashMap::new(),
            sweep_at: 64,
        })
    });
    let lock = || SETS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(set) = lock().sets.get(&group).and_then(Weak::upgrade) {
        return Ok(set);
    }
    let set = Arc::new(GlobGroup::new(&group)?);
    let mut table = lock();
    if table.sets.len() >= table.sweep_at {
        table.sets.retain(|_, set| set.strong_count() > 0);
        table.sweep_at = (2 * table.sets.len()).max(64);
    }
    table.sets.insert(group, Arc::downgrade(&set));
    Ok(set)
}

/// Resolved configuration: compiled globs, regexes and rules.
#[derive(Clone, Debug)]
pub struct Config {
    /// The folder holding the nearest configuration file: the project root.
    root: Option<Arc<Path>>,
    settings_patterns: Vec<String>,
    settings_modules: Globs,
    test_paths: Globs,
    /// Per item of `test_paths`, whether it is a test path proper (not one
    /// of [`STANDALONE_PROGRAM_PATHS`]): `test_paths`' set answers for
    /// both, built once (each build was a tenth of a one-file check).
    test_code_items: Vec<bool>,
    /// Whether any test path is configured: without one, Rust's
    /// `#[cfg(test)]` code is not exempt either.
    exempts_tests: bool,
    include: Option<Globs>,
    exclude: Globs,
    select: Vec<String>,
    ignore: Vec<String>,
    per_file_ignores: Vec<(Globs, Vec<String>)>,
    severity: Vec<(String, Severity)>,
    pub max_file_size: u64,
    /// Whether minified and generated files are scanned (see [`crate::skip`]).
    pub scan_generated: bool,
    /// Whether a suppression without a reason is a finding of its own.
    pub require_reason: bool,
    /// Whether other scanners' suppression markers count.
    pub peer_markers: bool,
    allow_paths: Globs,
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
    /// The env template's file name at the project's root, when it has one.
    template_name: Option<String>,
}

impl Default for Config {
    /// The defaults, compiled once per process and copied: fronts reach
    /// for them on every unconfigured file and broken configuration.
    fn default() -> Self {
        static DEFAULTS: std::sync::LazyLock<Config> = std::sync::LazyLock::new(|| {
            Config::from_options(Options::default(), None, None).expect("defaults are valid")
        });
        DEFAULTS.clone()
    }
}

/// Compiles merged options; `root` anchors the defaults' globs.
fn build(merged: &Merged, root: Option<Arc<Path>>) -> Result<Config, ConfigError> {
    build_after(None, merged, root)
}

/// What a chain's options were compiled to before its next layer: that
/// layer's writer, the options merged without it, and their configuration.
struct Before<'b> {
    new: &'b Arc<Written>,
    merged: &'b Merged,
    config: &'b Config,
}

/// Whether the list `now` holds `before` as its beginning: a layer either
/// replaces a list (every item then its own) or adds to its end, so its
/// first and last items of before tell.
fn extends<T>(before: &[Item<T>], now: &[Item<T>]) -> bool {
    let same = |a: &Item<T>, at: usize| {
        now.get(at)
            .is_some_and(|b| Arc::ptr_eq(&a.from, &b.from) && a.at == b.at)
    };
    before.first().is_none_or(|first| same(first, 0))
        && before
            .last()
            .is_none_or(|last| same(last, before.len() - 1))
}

/// [`build`], or, given what the options were compiled to before their
/// last layer (`before`), only that layer's values compiled and checked:
/// the rest is its parent's configuration's, its globs relative to the
/// project root moved to `root`. A folder's configuration from its
/// parent's plus one layer, so nested folders' configurations cost time
/// linear in their depth, not its square (800 nested folders: 0.68 s).
fn build_after(
    before: Option<Before>,
    merged: &Merged,
    root: Option<Arc<Path>>,
) -> Result<Config, ConfigError> {
    // Whether a value is the new layer's, so not checked yet: every other
    // one was, when the configuration before it was built (what makes a
    // value wrong, an unknown selector, a bad glob or regex, does not
    // depend on the layers after it, as selectors only ever become known).
    let unchecked = |from: &Arc<Written>| before.as_ref().is_none_or(|b| Arc::ptr_eq(from, b.new));
    let root_dir = root.as_ref();
    // A key's globs: the parent's extended when the layer kept them.
    let compiled = |now: &[Item<String>],
                    old: Option<(&[Item<String>], &Globs)>,
                    key: &str,
                    fold_case: bool| match old {
        Some((items, globs)) if extends(items, now) => globs.after(now, key, root_dir, fold_case),
        _ => globs_folding(now, key, root_dir, fold_case),
    };
    let new_rules = merged.rules.iter().any(|item| unchecked(&item.from));
    let tokens = match &before {
        Some(before) if !new_rules => before.config.tokens.clone(),
        _ => custom_tokens(merged)?,
    };
    let custom_ids: Vec<String> = (merged.rules.iter())
        .map(|r| format!("secret/{}", r.value.id))
        .collect();

    // An unknown selector is named by its key and position only: it may
    // be anything pasted there.
    let known = |selector: &str| {
        rules::builtin()
            .iter()
            .map(|r| r.id.as_str())
            .chain(custom_ids.iter().map(String::as_str))
            .any(|id| selects(selector, id))
    };
    let unknown = "selects no rule (see `credlint rules`)";
    for item in merged.select.iter().chain(&merged.ignore) {
        if unchecked(&item.from) && !known(&item.value) {
            return Err(item
                .from
                .error(&item.at, format!("{}: {unknown}", render(&item.at))));
        }
    }
    let mut per_file_ignores = Vec::new();
    let kept_ignores = match &before {
        Some(b) if extends(&b.merged.per_file_ignores, &merged.per_file_ignores) => {
            b.config.per_file_ignores.len()
        }
        _ => 0,
    };
    for (index, item) in merged.per_file_ignores.iter().enumerate() {
        let (_, selectors) = &item.value;
        if let Some((globs, _)) = (index < kept_ignores)
            .then(|| before.as_ref().map(|b| &b.config.per_file_ignores[index]))
            .flatten()
        {
            per_file_ignores.push((globs.rebased(root_dir), selectors.clone()));
            continue;
        }
        for (i, s) in selectors.iter().enumerate() {
            if !known(s) {
                let at = [item.at.as_slice(), &[Loc::Index(i)]].concat();
                return Err(item.from.error(
                    &at,
                    format!("per-file-ignores: selector {}: {unknown}", i + 1),
                ));
            }
        }
        let glob = Item::new(&item.from, item.at.clone(), item.value.0.clone());
        per_file_ignores.push((
            globs(std::slice::from_ref(&glob), "per-file-ignores", root_dir)?,
            selectors.clone(),
        ));
    }
    let mut severity = Vec::new();
    for item in &merged.severity {
        if unchecked(&item.from) && !known(&item.value.0) {
            return Err(item
                .from
                .error(&item.at, format!("severity: a key: {unknown}")));
        }
        severity.push(item.value.clone());
    }
    // The most specific selector wins.
    severity.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));

    let kept_values = match &before {
        Some(b) if extends(&b.merged.allow_values, &merged.allow_values) => {
            &b.config.allow_values[..]
        }
        _ => &[],
    };
    let allow_values = (kept_values.iter().cloned().map(Ok))
        .chain(merged.allow_values[kept_values.len()..].iter().map(|item| {
            compile_regex(&item.value).map_err(|e| {
                item.from
                    .error(&item.at, format!("{}: {e}", render(&item.at)))
            })
        }))
        .collect::<Result<Vec<_>, _>>()?;

    let old = |items: fn(&Merged) -> &[Item<String>], globs: fn(&Config) -> &Globs| {
        (before.as_ref()).map(|b| (items(b.merged), globs(b.config)))
    };
    let test_code_items = (merged.test_paths.iter())
        .map(|p| !STANDALONE_PROGRAM_PATHS.contains(&p.value.as_str()))
        .collect();
    let include = match &merged.include {
        Some(include) if !include.is_empty() => {
            let old_include = before.as_ref().and_then(|b| {
                let items = b.merged.include.as_deref()?;
                Some((items, b.config.include.as_ref()?))
            });
            Some(compiled(include, old_include, "include", false)?)
        }
        _ => None,
    };
    Ok(Config {
        settings_modules: compiled(
            &merged.settings_modules,
            old(|m| &m.settings_modules, |c| &c.settings_modules),
            "settings-modules",
            true,
        )?,
        settings_patterns: merged
            .settings_modules
            .iter()
            .map(|i| i.value.clone())
            .collect(),
        test_paths: compiled(
            &merged.test_paths,
            old(|m| &m.test_paths, |c| &c.test_paths),
            "test-paths",
            false,
        )?,
        test_code_items,
        exempts_tests: !merged.test_paths.is_empty(),
        include,
        exclude: compiled(
            &merged.exclude,
            old(|m| &m.exclude, |c| &c.exclude),
            "exclude",
            false,
        )?,
        select: distinct(&merged.select),
        ignore: distinct(&merged.ignore),
        per_file_ignores,
        severity,
        max_file_size: merged.max_file_size.value,
        scan_generated: merged.scan_generated.value,
        require_reason: merged.require_reason.value,
        peer_markers: merged.peer_markers.value,
        allow_paths: compiled(
            &merged.allow_paths,
            old(|m| &m.allow_paths, |c| &c.allow_paths),
            "allowlist.paths",
            false,
        )?,
        allow_values,
        stopwords: merged
            .stopwords
            .iter()
            .map(|i| i.value.to_lowercase())
            .collect(),
        tokens,
        project: None,
        fingerprinting: None,
        policy_files: Vec::new(),
        template_name: None,
        root,
    })
}

/// The values of a list of selectors, each once: a rule is selected or
/// ignored when any selects it, and 1,500 nested folders each adding
/// `extend-select = ["env"]` held the depth's count of copies per folder.
fn distinct(items: &[Item<String>]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    (items.iter())
        .filter(|i| seen.insert(i.value.as_str()))
        .map(|i| i.value.clone())
        .collect()
}

/// The scanner of the built-in token rules and the chain's `[[rules]]`,
/// each checked; `None` when the chain adds none.
fn custom_tokens(merged: &Merged) -> Result<Option<TokenScanner>, ConfigError> {
    let custom = merged
        .rules
        .iter()
        .map(|item| {
            let def = &item.value;
            let name = render(&item.at);
            let at = |steps: &[Loc]| [item.at.as_slice(), steps].concat();
            compile_regex(&def.regex).map_err(|e| {
                item.from
                    .error(&at(&[Loc::key("regex")]), format!("{name}.regex: {e}"))
            })?;
            for (j, allow) in def.allow.iter().enumerate() {
                compile_regex(allow).map_err(|e| {
                    item.from.error(
                        &at(&[Loc::key("allow"), Loc::Index(j)]),
                        format!("{name}.allow[{j}]: {e}"),
                    )
                })?;
            }
            if let Some(gate) = &def.gate {
                compile_regex(gate).map_err(|e| {
                    item.from
                        .error(&at(&[Loc::key("gate")]), format!("{name}.gate: {e}"))
                })?;
            }
            TokenRule::new(def.clone(), true)
                .map_err(|e| item.from.error(&item.at, format!("{name}: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    rules::hide_in_names(&custom);
    Ok((!custom.is_empty()).then(|| {
        let mut all = rules::provider::builtin_rules().to_vec();
        all.extend(custom);
        TokenScanner::new(all)
    }))
}

impl Config {
    /// Resolves the options of one file; `root` anchors relative globs,
    /// `source` (the file the options came from) names and locates errors.
    /// Its `[[overrides]]` are checked but not applied: a [`Hierarchy`]
    /// applies them to the files they match.
    pub fn from_options(
        options: Options,
        root: Option<PathBuf>,
        source: Option<&ConfigSource>,
    ) -> Result<Config, ConfigError> {
        let base = root.map(Arc::from);
        let path = source.map(|s| Arc::from(s.path.as_path()));
        Ok(Hierarchy::new(vec![Layer::new(options, source.cloned(), base, path)])?.plain)
    }

    /// Attaches the facts the project rules need (gathered by a front).
    pub fn set_project(&mut self, project: crate::project::Project) {
        self.project = Some(std::sync::Arc::new(project));
    }

    /// Records the policy's files found at the project's root (by the
    /// workspace layer), which turn on the opt-in rules that declare them ([`Activation::OptIn`]).
    pub fn set_policy_files(&mut self, files: PolicyFiles) {
        self.policy_files = files.found;
        self.template_name = files.template;
    }

    /// Asks the engine for the keys a baseline matches findings on.
    pub fn set_fingerprinting(&mut self, fingerprinting: Fingerprinting) {
        self.fingerprinting = Some(std::sync::Arc::new(fingerprinting));
    }

    /// The baseline fingerprinting set for this run, if any.
    pub fn fingerprinting(&self) -> Option<&Fingerprinting> {
        self.fingerprinting.as_deref()
    }

    /// This configuration without baseline fingerprinting: for analyses
    /// whose findings are only compared, never reported or matched (a
    /// diff's base), which must neither spend digests nor count findings
    /// as unmatched.
    pub fn without_fingerprinting(&self) -> Config {
        Config {
            fingerprinting: None,
            ..self.clone()
        }
    }

    /// Uses `other`'s baseline fingerprinting (one run, one baseline, many
    /// configurations).
    pub fn share_fingerprinting(&mut self, other: &Config) {
        self.fingerprinting = other.fingerprinting.clone();
    }

    /// The baseline keys of a finding of `rule` at byte `at` of `path`: for a secret, its
    /// salted digest, only where the front wants it since each costs an
    /// Argon2id run (a ticket for it when a baseline is matched: see
    /// [`Fingerprinting::settle`]); for other findings (an environment read, a log call) the
    /// value-free `fingerprint`, which no literal in the flagged code (a
    /// `getenv` default) can be guessed back from. `basis` (the secret, or
    /// the flagged code) feeds the version 1 fingerprint.
    pub fn baseline_keys(
        &self,
        path: &Path,
        at: usize,
        rule: &str,
        basis: &str,
        secret: Option<&str>,
        fingerprint: &str,
    ) -> BaselineKeys {
        let wanted = self
            .fingerprinting
            .as_deref()
            .filter(|f| f.wants(path, rule));
        let keyed = wanted.and_then(|f| match secret {
            Some(secret) => f.digest(path, rule, secret, at),
            None => Some(Keyed::Digest(fingerprint.to_owned())),
        });
        let (digest, pending) = match keyed {
            Some(Keyed::Digest(digest)) => (Some(digest), None),
            Some(Keyed::Pending(ticket)) => (None, Some(ticket)),
            None => (None, None),
        };
        BaselineKeys {
            digest,
            pending,
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
        let rules = self.rules_for(path);
        [
            "env/undocumented-variable",
            "env/unused-template-variable",
            "env/dotenv-not-ignored",
        ]
        .iter()
        .any(|rule| rules.is_enabled(rule))
    }

    /// Whether an analysis of the file at `path` (of `language`) can read
    /// the project facts: it is one they judge by name (see
    /// [`crate::project::judged_by_walk`], the only files the project checks
    /// report on), or a code check that needs the env template runs where
    /// it can: in the settings module, or in Rust build-script code, told
    /// by its `text` (asked for only then). When not, the configuration
    /// with the facts gives the file the findings it had without them, so
    /// the language server does not analyse it again when they arrive.
    pub fn reads_project(
        &self,
        path: &Path,
        language: Language,
        text: impl FnOnce() -> String,
    ) -> bool {
        use rules::{Fact, Place, Target};
        if crate::project::judged_by_walk(path) {
            return true;
        }
        let mut text = Some(text);
        let mut in_settings = || {
            self.is_settings_module(path)
                || (text.take()).is_some_and(|text| {
                    let text = text();
                    language == Language::Rust && is_build_script_code(&text)
                        || is_env_expander(&text)
                })
        };
        let rules = self.rules_for(path);
        rules::CODE_RULES.iter().any(|rule| {
            rule.checks.iter().any(|check| match check.on {
                Target::Code(place) if check.needs.contains(&Fact::Template) => {
                    rules.is_enabled(rule.id) && (place != Place::SettingsModule || in_settings())
                }
                _ => false,
            })
        })
    }

    /// Whether `other` found the same policy files at the project's root,
    /// which turn on the same opt-in rules.
    pub fn same_policy_files(&self, other: &Config) -> bool {
        self.policy_files == other.policy_files && self.template_name == other.template_name
    }

    /// Whether `path` is (part of) the settings module, where environment reads belong.
    pub fn is_settings_module(&self, path: &Path) -> bool {
        self.settings_modules.is_match(path)
    }

    /// The settings-module patterns, as configured.
    pub fn settings_patterns(&self) -> &[String] {
        &self.settings_patterns
    }

    /// Whether `path` is test code, where the environment rules do not apply.
    pub fn is_test_path(&self, path: &Path) -> bool {
        self.test_paths.is_match(path)
    }

    /// Whether `path` is test code proper (a test path that is not one of the
    /// [`STANDALONE_PROGRAM_PATHS`]), where the log rules do not apply.
    pub fn is_test_code_path(&self, path: &Path) -> bool {
        (self.test_paths).is_match_of(path, |item| self.test_code_items[item])
    }

    /// Whether test code is exempt from the environment rules at all
    /// (`test-paths = []` turns the exemption off).
    pub fn exempts_tests(&self) -> bool {
        self.exempts_tests
    }

    /// The names a fix quotes for a document of `language`: the first
    /// settings module written for that language (`mcp_app_settings.py`,
    /// `settings.rs`), else the first of any, and the project's env
    /// template (`mcp_env.example` when it has none yet).
    pub fn project_names(&self, language: Language) -> rules::ProjectNames {
        let extension = match language {
            Language::Rust => ".rs",
            _ => ".py",
        };
        let settings = self
            .settings_patterns
            .iter()
            .find(|p| p.ends_with(extension))
            .or(self.settings_patterns.first())
            .map_or("the settings module", String::as_str);
        rules::ProjectNames {
            settings: settings.to_owned(),
            template: self
                .template_name
                .clone()
                .unwrap_or_else(|| crate::project::TEMPLATE_NAMES[0].to_owned()),
        }
    }

    /// Whether the walker should skip `path`.
    pub fn is_excluded(&self, path: &Path, is_dir: bool) -> bool {
        if self.exclude.is_match(path) {
            return true;
        }
        !is_dir
            && self
                .include
                .as_ref()
                .is_some_and(|include| !include.is_match(path))
    }

    /// Whether `rule` runs on `path`. A document's analysis asks
    /// [`Config::rules_for`] instead, which matches the path's globs once.
    pub fn is_enabled(&self, rule: &str, path: &Path) -> bool {
        self.judge(
            rule,
            |exemption| match exemption {
                Exemption::TestPaths => self.is_test_path(path),
                Exemption::TestCode => self.is_test_code_path(path),
                Exemption::None => false,
            },
            |rule| {
                self.per_file_ignores.iter().any(|(globs, selectors)| {
                    globs.is_match(path) && selectors.iter().any(|s| selects(s, rule))
                })
            },
        )
    }

    /// What `path` decides about the rules, for one document's analysis:
    /// its globs (test paths, per-file ignores) are matched once, and each
    /// code rule is judged once, on first ask.
    pub fn rules_for<'a>(&'a self, path: &'a Path) -> PathRules<'a> {
        PathRules {
            config: self,
            path,
            test: std::cell::OnceCell::new(),
            ignored: (self.per_file_ignores.iter())
                .filter(|(globs, _)| globs.is_match(path))
                .map(|(_, selectors)| &selectors[..])
                .collect(),
            code: std::cell::OnceCell::new(),
        }
    }

    /// Whether `rule` runs, given whether the path exempts a rule of an
    /// exemption and whether its per-file ignores select `rule`.
    fn judge(
        &self,
        rule: &str,
        exempt: impl FnOnce(Exemption) -> bool,
        ignored_here: impl FnOnce(&str) -> bool,
    ) -> bool {
        // `ALL` leaves out the opt-in rules; naming them or their family selects them.
        let declared = rules::code_rule(rule);
        let selected = match declared.map(|r| r.activation) {
            Some(Activation::OptIn(file))
                if !file.is_some_and(|file| self.policy_files.contains(&file)) =>
            {
                self.select.iter().any(|s| s != "ALL" && selects(s, rule))
            }
            _ => self.select.iter().any(|s| selects(s, rule)),
        };
        let exempt_test = declared.is_some_and(|r| exempt(r.exemption));
        selected
            && !exempt_test
            && !self.ignore.iter().any(|s| selects(s, rule))
            && !ignored_here(rule)
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
    /// The largest file read at all (see [`TOKEN_CHECK_LIMIT`]); one over
    /// `max-file-size` and under this gets the provider-token check only.
    pub fn read_limit(&self) -> u64 {
        self.max_file_size.max(TOKEN_CHECK_LIMIT)
    }

    pub fn is_allowed_path(&self, path: &Path) -> bool {
        self.allow_paths.is_match(path)
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

/// Whether a glob is empty once the `./` and `/` that [`compile_glob`]
/// reads as "from the root" or "a folder" are taken off: `exclude = [""]`
/// (or `["/"]`) matched every file, and a run found nothing, silently.
fn names_no_path(pattern: &str) -> bool {
    pattern
        .trim()
        .split('/')
        .all(|piece| piece.is_empty() || piece == ".")
}

/// Compiles a glob gitignore-style: a pattern without a slash matches at
/// any depth, and a trailing slash means everything in that folder (and the
/// folder itself, so the walker can prune it). `fold_case` ignores capitals.
fn compile_glob(pattern: &str, fold_case: bool) -> Result<Vec<globset::Glob>, globset::ErrorKind> {
    let trimmed = pattern.trim_start_matches("./");
    let mut glob = if trimmed.trim_end_matches('/').contains('/') || trimmed.starts_with("**") {
        trimmed.to_owned()
    } else {
        format!("**/{trimmed}")
    };
    if glob.ends_with('/') {
        glob.push_str("**");
    }
    let build = |glob: &str| {
        GlobBuilder::new(glob)
            .literal_separator(true)
            .case_insensitive(fold_case)
            .build()
    };
    let mut compiled = vec![build(&glob).map_err(|e| e.kind().clone())?];
    // `dir/**` should also match `dir` itself.
    if let Some(dir) = glob.strip_suffix("/**") {
        compiled.extend(build(dir).ok());
    }
    Ok(compiled)
}

/// Whether Rust code prints Cargo's build-script instructions
/// (`println!("cargo:rustc-link-arg=…")`, `cargo::warning=`). Only a build
/// script's standard output is read by Cargo, so a file printing them is
/// build-script code wherever it lives: a helper `include!`d into `build.rs`
/// or one of its `#[path]` modules under `build/`, or a build-helper
/// library. Like `build.rs` (a default settings module), its environment
/// reads are Cargo's build-script interface (`OUT_DIR`, `TARGET`,
/// `CARGO_TARGET_DIR`). The engine sees one document and no other file, so
/// this is read from the file itself rather than from who includes it.
pub(crate) fn is_build_script_code(text: &str) -> bool {
    static CARGO_DIRECTIVE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r#"println!\s*\(\s*"cargo::?[a-z][a-z-]*[=:]"#).expect("valid regex")
    });
    text.contains("cargo:") && CARGO_DIRECTIVE.is_match(text)
}

/// Whether code expands environment references in a configuration file:
/// it names the `${env.NAME}` (or `${env:NAME}`) syntax and reads the
/// environment by a name it computed (`std::env::var(name)`,
/// `os.environ[key]`, `os.getenv(name)`), not by a literal. Such a module
/// is the settings layer under another name (Apollo Router's
/// `configuration/expansion.rs`, which resolves `${env.…}` in the router's
/// YAML): the variables it reads are the ones the configuration file
/// names, which is what the policy asks of a settings module. A folder
/// name alone (`configuration/`) does not say it: measured on the
/// evaluation set, that default silenced 19 true findings in other
/// `configuration/` packages; this signal holds in no file of the set but
/// that one. Like [`is_build_script_code`], read from the file itself.
pub(crate) fn is_env_expander(text: &str) -> bool {
    const READS: &[&str] = &[
        "env::var(",
        "env::var_os(",
        "environ[",
        "environ.get(",
        "getenv(",
    ];
    // One vectorised search: the language server asks at every edit.
    let bytes = text.as_bytes();
    (memchr::memmem::find_iter(bytes, b"${env")
        .any(|at| matches!(bytes.get(at + 5), Some(b'.' | b':'))))
        && READS.iter().any(|read| {
            text.match_indices(read).any(|(at, _)| {
                text[at + read.len()..]
                    .trim_start()
                    .starts_with(|c: char| c.is_alphabetic() || c == '_' || c == '&')
            })
        })
}

/// What a document's path decides about the rules ([`Config::rules_for`]):
/// whether each rule runs on it, asked by the analysis rule by rule and
/// finding by finding, with the path's globs matched once.
pub struct PathRules<'a> {
    config: &'a Config,
    path: &'a Path,
    /// Whether the path is a test path, and test code proper.
    test: std::cell::OnceCell<(bool, bool)>,
    /// The selectors of the per-file ignores whose globs match the path.
    ignored: Vec<&'a [String]>,
    /// Per rule of [`rules::CODE_RULES`], whether it runs on the path.
    code: std::cell::OnceCell<Vec<bool>>,
}

impl PathRules<'_> {
    /// Whether `rule` runs on the path (as [`Config::is_enabled`] says).
    pub fn is_enabled(&self, rule: &str) -> bool {
        match rules::CODE_RULES.iter().position(|r| r.id == rule) {
            Some(at) => self.code()[at],
            None => self.judge(rule),
        }
    }

    fn code(&self) -> &[bool] {
        self.code.get_or_init(|| {
            (rules::CODE_RULES.iter())
                .map(|r| self.judge(r.id))
                .collect()
        })
    }

    /// Whether the path is test code ([`Config::is_test_path`]).
    pub fn is_test_path(&self) -> bool {
        self.test().0
    }

    fn test(&self) -> (bool, bool) {
        *self.test.get_or_init(|| {
            let config = self.config;
            (config.test_paths).is_match_and_of(self.path, |item| config.test_code_items[item])
        })
    }

    fn judge(&self, rule: &str) -> bool {
        self.config.judge(
            rule,
            |exemption| match exemption {
                Exemption::TestPaths => self.test().0,
                Exemption::TestCode => self.test().1,
                Exemption::None => false,
            },
            |rule| {
                (self.ignored.iter()).any(|selectors| selectors.iter().any(|s| selects(s, rule)))
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// Layers laid over merged options ([`Merged::apply`]) on this
        /// thread, and glob items compiled ([`globs_folding`]): what the
        /// nested-chain test holds to the chain's length.
        pub(super) static MERGED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        pub(super) static GLOBS_COMPILED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        /// Groups of globs a path was matched against ([`Globs::any_group`]).
        pub(super) static GROUPS_TRIED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// A chain of no file reuses the defaults compiled once: they are what
    /// compiling its empty merge gives.
    #[test]
    fn an_empty_chain_is_the_defaults() {
        let empty = build(&merge(&[], &[], &[]), None).unwrap();
        let plain = Hierarchy::new(Vec::new()).unwrap().plain;
        assert_eq!(format!("{empty:?}"), format!("{plain:?}"));
        assert_eq!(format!("{empty:?}"), format!("{:?}", Config::default()));
    }

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
            "src/conf.rs",
            "rq/defaults.py",
            "src/defaults.rs",
            "src/connector/config_manager.py",
            "app/settings_loader.py",
            "mlflow/environment_variables.py",
            "pkg/env_vars.py",
            "dynaconf/loaders/env_loader.py",
            "pkg/dotenv_env_loader.py",
            "slack_sdk/proxy_env_variable_loader.py",
            "pretalx/settings_production.py",
            "app/settings_base.py",
            "settings_docker.py",
            "S3/Config.py",
            "legacy/Settings.py",
        ] {
            assert!(config.is_settings_module(Path::new(path)), "{path}");
        }
        for path in [
            "app/views.py",
            "my_settings_helper.py",
            "src/main.rs",
            "app/configure.py",
            "manage.py",
            "pkg/config_utils.py",
            "rest/v1/settings_update.py",
            "pkg/constants.py",
            "app/settings_tests.py",
            "app/settings_views.py",
            "S3/ConfigUtils.py",
            "pkg/env_loader_test_helpers.py",
            "pkg/loader.py",
            "pkg/environment_image_loader.py",
            "src/conference.rs",
            "src/confirm.rs",
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
            "xtask/src/main.rs",
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
            "src/test_utils/connection.rs",
            "pkg/test_helpers/db.py",
            "crate/tests/it.rs",
            "examples/mtls_client.py",
            "crate/examples/demo.rs",
            "scripts/release.py",
            "devscripts/setup_variables.py",
            "docs/conf.py",
            "xtask/src/main.rs",
            ".github/actions/conformance/client.py",
            ".github/scripts/release.py",
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
            "src/tools/search.py",
            "cranelift/codegen/src/lib.rs",
            "oauth/authorize_url_generator/__init__.py",
            "github/client.py",
            "src/github_app/auth.py",
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

    /// A document's [`Config::rules_for`] answers as [`Config::is_enabled`]
    /// does, for every rule (code, provider, the configuration's own token
    /// rules, unknown ids) on test paths, standalone programs under them,
    /// per-file-ignored paths and plain ones.
    #[test]
    fn rules_for_a_path_agree_with_is_enabled() {
        let configs = [
            "",
            "ignore = ['secret/connection-string']\n[per-file-ignores]\n'tests/**' = ['env']\n\
             'pkg/**' = ['secret/github-pat', 'log']",
            "select = ['env', 'ci', 'secret/github-pat']\ntest-paths = ['spec/']",
            "select = ['ALL']\nextend-select = ['env']\n\
             [[rules]]\nid = 'acme'\nregex = 'acme_[a-z0-9]{20}'\nkeywords = ['acme_']",
        ];
        let paths = [
            "/repo/a.py",
            "/repo/tests/t.py",
            "/repo/tests/conftest.py",
            "/repo/scripts/run.py",
            "/repo/pkg/x.rs",
            "/repo/spec/t.py",
            "/repo/benches/b.rs",
        ];
        for text in configs {
            let config = config(text).unwrap();
            let mut ids: Vec<String> = config.rules().into_iter().map(|r| r.id).collect();
            ids.push("secret/no-such-rule".to_owned());
            for path in paths.map(Path::new) {
                let rules = config.rules_for(path);
                assert_eq!(rules.is_test_path(), config.is_test_path(path), "{path:?}");
                for id in &ids {
                    assert_eq!(
                        rules.is_enabled(id),
                        config.is_enabled(id, path),
                        "{id} on {path:?} under {text:?}"
                    );
                }
            }
        }
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
        let err = load_error(
            "credlint.toml",
            &format!("[[rules]]\nid = 'acme'\nkeywords = ['acme']\nregex = 'acme_[a-z]+'\ngate = '({PASTED}'\n"),
        );
        assert!(
            err.starts_with(":5:8: rules[0].gate: invalid regex"),
            "{err}"
        );
        assert!(!err.contains(PASTED), "{err}");
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

    /// a23 #5: `exclude = [""]` (or `["/"]`) excluded every file and the
    /// run said "No findings in 0 files."; an empty glob is an error naming
    /// its key and place, in every glob list. A glob that says "everything"
    /// (`**`) is written as one.
    #[test]
    fn an_empty_glob_is_an_error_naming_its_key() {
        for glob in ["", "/", "./", " ", "//", "./."] {
            for key in [
                "exclude",
                "test-paths",
                "extend-test-paths",
                "settings-modules",
            ] {
                let err = load_error("credlint.toml", &format!("{key} = ['a/', '{glob}']\n"));
                let key = key.trim_start_matches("extend-");
                assert!(
                    err.contains(":1:") && err.contains(&format!("{key}: an empty glob")),
                    "{glob:?} {err}"
                );
            }
        }
        for fine in ["**", "*", "/build/", "./vendor"] {
            assert!(config(&format!("exclude = ['{fine}']\n")).is_ok(), "{fine}");
        }
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

    /// A `credlint.toml` in `dir`, as the workspace layer reads it.
    fn layer(dir: &str, text: &str) -> Layer {
        let source = ConfigSource {
            path: Path::new(dir).join("credlint.toml"),
            text: text.to_owned(),
        };
        let options = source.options().unwrap().unwrap();
        Layer::file(source, options)
    }

    fn chain(layers: &[(&str, &str)]) -> Result<Hierarchy, ConfigError> {
        Hierarchy::new(layers.iter().map(|(dir, text)| layer(dir, text)).collect())
    }

    fn p(path: &str) -> &Path {
        Path::new(path)
    }

    /// A parent's globs are compiled once for every folder below it: the
    /// child's configuration holds the very sets its parent's does (the
    /// defaults' too, though relative to another root).
    #[test]
    fn nested_configurations_share_their_parents_compiled_globs() {
        let top = ("/repo", "extend-test-paths = ['qa/']\n");
        let parent = ("/repo/a", "extend-test-paths = ['spec/']\n");
        let child = ("/repo/a/b", "extend-test-paths = ['e2e/']\n");
        let above = chain(&[top, parent]).unwrap().config(&[]).unwrap();
        let below = chain(&[top, parent, child]).unwrap().config(&[]).unwrap();
        let (sets, sets_below) = (&above.test_paths.groups, &below.test_paths.groups);
        assert_eq!(sets.len(), 3);
        assert_eq!(sets_below.len(), 4);
        for (i, (group, below)) in sets.iter().zip(sets_below.iter()).enumerate() {
            let base = &group.base;
            assert!(i == 0 || *base == below.base, "{base:?}");
            assert!(Arc::ptr_eq(&group.set, &below.set), "{base:?}");
        }
        assert!(below.is_test_code_path(p("/repo/a/b/e2e/x.py")));
        assert!(!above.is_test_code_path(p("/repo/a/b/e2e/x.py")));
        assert!(below.is_test_code_path(p("/repo/a/b/spec/x.py")));
    }

    /// A folder's chain is its parent's plus one file: 200 nested
    /// folders' chains, each extending its parent's, merge and compile
    /// each file's values (and each override's, and the front's layer
    /// over each chain) once, where loading every chain whole merged and
    /// compiled the whole chain again per folder, the depth squared (800
    /// nested folders: 0.68 s). Each chain's configurations are what
    /// merging and compiling it whole gives.
    #[test]
    fn nested_chains_merge_and_compile_each_file_once() {
        let depth = 200;
        let layers: Vec<Layer> = (0..depth)
            .map(|i| {
                let overrides = match i % 50 {
                    7 => "[[overrides]]\nfiles = ['x/**']\nignore = ['log']\n",
                    _ => "",
                };
                let text =
                    format!("extend-test-paths = ['t{i}/']\nexclude = ['gen{i}/**']\n{overrides}");
                layer(&format!("/repo{}", "/d".repeat(i)), &text)
            })
            .collect();
        let top = |nearest: &Layer| {
            let options = Options {
                settings_modules: Some(vec!["conf.py".to_owned()]),
                ..Options::default()
            };
            Some(Layer::front(options, nearest.base().cloned()))
        };
        MERGED.set(0);
        GLOBS_COMPILED.set(0);
        let mut chains = vec![Hierarchy::chain(vec![layers[0].clone()], top(&layers[0])).unwrap()];
        for layer in &layers[1..] {
            let parent = chains.last().unwrap();
            chains.push(parent.extend(layer.clone(), top(layer)).unwrap());
        }
        let (merged, compiled) = (MERGED.get(), GLOBS_COMPILED.get());
        assert!(merged <= 3 * depth, "{merged} layers merged");
        assert!(compiled <= 4 * depth, "{compiled} globs compiled");
        let shown = |config: Result<Config, ConfigError>| format!("{:?}", config.unwrap());
        for (i, chain) in chains.iter().enumerate().step_by(7) {
            let whole = Hierarchy::chain(layers[..=i].to_vec(), top(&layers[i])).unwrap();
            let fresh = shown(build(&whole.merged(&[]), whole.root.clone()));
            assert_eq!(shown(Ok(chain.plain.clone())), fresh, "depth {i}");
            assert_eq!(shown(Ok(whole.plain.clone())), fresh, "depth {i}");
            assert_eq!(chain.overrides.len(), whole.overrides.len());
            for n in 0..chain.overrides.len() {
                assert_eq!(shown(chain.config(&[n])), shown(whole.config(&[n])));
            }
        }
    }

    /// A path deep in nested configurations is matched only against the
    /// groups of globs that can match it, not against every folder's
    /// `exclude` above it (a21 #3: 1,200 nested folders, each path tried
    /// against every group above it, time cubic in the depth), and the
    /// answers are those of trying every group.
    #[test]
    fn a_deep_path_is_matched_only_against_the_groups_that_can_match_it() {
        let depth = 300;
        let folder = |i: usize| format!("/repo{}", "/d".repeat(i));
        let mut chain = Hierarchy::chain(Vec::new(), None).unwrap();
        for i in 0..depth {
            let text = format!("exclude = ['x{i}/', 'gen-{i}/*.py']\n");
            chain = match i {
                0 => Hierarchy::chain(vec![layer(&folder(0), &text)], None),
                _ => chain.extend(layer(&folder(i), &text), None),
            }
            .unwrap();
        }
        let config = chain.config(&[]).unwrap();
        let deep = folder(depth);
        GROUPS_TRIED.set(0);
        assert!(!config.is_excluded(p(&format!("{deep}/app.py")), false));
        assert!(!config.is_excluded(p(&deep), true));
        let tried = GROUPS_TRIED.get();
        assert!(tried == 0, "{tried} groups tried");
        GROUPS_TRIED.set(0);
        assert!(config.is_excluded(p(&format!("{deep}/x17")), true));
        let tried = GROUPS_TRIED.get();
        assert!(tried <= 12, "{tried} groups tried");
        let every = |path: &Path| {
            (config.exclude.groups.iter())
                .any(|g| g.set.is_match(relative_to(g.base.as_deref(), path)))
        };
        let paths = [
            format!("{deep}/x17"),
            format!("{deep}/X17"),
            format!("{}/x17/a.py", folder(17)),
            format!("{}/x17/a.py", folder(16)),
            format!("{}/x170/a.py", folder(200)),
            format!("{}/gen-5/a.py", folder(5)),
            format!("{}/gen-5/a.py", folder(6)),
            format!("{}/gen-5/a/b.py", folder(5)),
            format!("{}/gen-5/a.rs", folder(5)),
            "/x3".to_owned(),
            "gen-299/a.py".to_owned(),
            "x0".to_owned(),
            String::new(),
        ];
        for path in &paths {
            let path = p(path);
            assert_eq!(config.exclude.is_match(path), every(path), "{path:?}");
        }
    }

    /// A configuration file is loaded once and its layer shared by every
    /// chain holding it: nested folders' hierarchies point at their
    /// parents' very options and writers (path, text, folder), overrides'
    /// writers included, and their compiled globs at the very folder each
    /// group is relative to, rather than each holding copies (a15 #7: 400
    /// nested configurations took 510 MB).
    #[test]
    fn nested_chains_share_their_parents_layers() {
        let top = layer("/repo", "extend-test-paths = ['qa/']\n");
        let parent = layer(
            "/repo/a",
            "extend-test-paths = ['spec/']\n[[overrides]]\nfiles = ['x/**']\nignore = ['log']\n",
        );
        let child = layer("/repo/a/b", "extend-test-paths = ['e2e/']\n");
        let above = Hierarchy::new(vec![top.clone(), parent.clone()]).unwrap();
        let below = Hierarchy::new(vec![top, parent.clone(), child]).unwrap();
        assert_eq!(below.layers.len(), 3);
        for (layer, layer_below) in above.layers.iter().zip(&below.layers) {
            assert!(Arc::ptr_eq(&layer.from, &layer_below.from));
            assert!(Arc::ptr_eq(&layer.options, &layer_below.options));
        }
        assert!(Arc::ptr_eq(
            &above.overrides[0].from,
            &below.overrides[0].from
        ));
        let (config, config_below) = (above.config(&[]).unwrap(), below.config(&[]).unwrap());
        let bases = |config: &Config| -> Vec<Arc<Path>> {
            (config.test_paths.groups.iter())
                .filter_map(|group| group.base.clone())
                .collect()
        };
        let (bases, bases_below) = (bases(&config), bases(&config_below));
        assert_eq!(bases_below.len(), 4);
        // The defaults' group is relative to each chain's own root.
        for (base, base_below) in bases.iter().zip(&bases_below).skip(1) {
            assert!(Arc::ptr_eq(base, base_below), "{base:?}");
        }
        let merged = below.merged(&[]);
        let spec = merged
            .test_paths
            .iter()
            .find(|i| i.value == "spec/")
            .unwrap();
        assert!(Arc::ptr_eq(&spec.from, &parent.from));
    }

    /// A file's `[[overrides]]` entries point at the one copy of its path
    /// and text their layer holds: a copy per entry made memory quadratic
    /// in their number (a17 #6: 4,000 entries, 200 KB, took 914 MB).
    #[test]
    fn overrides_share_their_file_with_its_layer() {
        let text: String = (0..50)
            .map(|i| format!("[[overrides]]\nfiles = ['f{i}.py']\nignore = ['env']\n"))
            .collect();
        let layer = layer("/repo", &text);
        let source = layer.from.source.as_ref().unwrap();
        assert_eq!(layer.overrides.len(), 50);
        for from in layer.overrides.iter() {
            assert!(Arc::ptr_eq(source, from.source.as_ref().unwrap()));
        }
        assert_eq!(Arc::strong_count(source), 51);
    }

    /// A path cut below a folder byte by byte is what `strip_prefix`
    /// gives, on plain and odd spellings alike.
    #[test]
    fn paths_plainly_below_a_folder_are_cut_as_strip_prefix_cuts_them() {
        let bases = [
            "/repo",
            "/repo/a",
            "repo",
            "/",
            "",
            ".",
            "/repo/./a",
            "/repo//a",
            "/repo/a/",
        ];
        let paths = [
            "/repo/a/b.py",
            "/repo/a",
            "/repo/ab/c.py",
            "/repo/a//b.py",
            "/repo/a/./b.py",
            "/repo/a/b/",
            "/repo/a/b/.",
            "repo/a/b.py",
            "./repo/a.py",
            "/repo/./a/b.py",
            "/repo//a/b.py",
            "/repo/a/ü/b.py",
        ];
        for base in bases {
            for path in paths {
                let (base, path) = (Path::new(base), Path::new(path));
                if let Some(cut) = plainly_below(base, path) {
                    assert_eq!(Some(cut), path.strip_prefix(base).ok(), "{base:?} {path:?}");
                }
            }
        }
        let cut = |base: &str, path: &'static str| plainly_below(p(base), p(path));
        assert_eq!(cut("/repo/a", "/repo/a/b/c.py"), Some(p("b/c.py")));
        assert_eq!(cut("/repo/a", "/repo/ab/c.py"), None);
    }

    #[test]
    fn a_child_replaces_single_values_and_adds_to_lists() {
        let hierarchy = chain(&[
            (
                "/repo",
                "ignore = ['log']\nextend-select = ['env/direct-write']\n\
                 extend-test-paths = ['qa/']\nexclude = ['vendor/']\n\
                 require-reason = true\nmax-file-size = 10\n\
                 [severity]\nenv = 'error'\nsecret = 'info'\n\
                 [allowlist]\nstopwords = ['dummy']\n\
                 [[rules]]\nid = 'acme'\nregex = 'acme_[a-z]{8}'\nkeywords = ['acme_']\n",
            ),
            (
                "/repo/pkg",
                "ignore = ['secret/jwt']\nextend-test-paths = ['spec/']\n\
                 require-reason = false\n[severity]\nenv = 'hint'\n\
                 [allowlist]\nstopwords = ['sample']\n\
                 [[rules]]\nid = 'beta'\nregex = 'beta_[a-z]{8}'\nkeywords = ['beta_']\n",
            ),
        ])
        .unwrap();
        let config = hierarchy.config(&[]).unwrap();
        let file = p("/repo/pkg/app.py");
        // Accumulated, the parent's first.
        assert!(!config.is_enabled("log/secret-logged", file));
        assert!(!config.is_enabled("secret/jwt", file));
        assert!(config.is_enabled("env/direct-write", file));
        for test in [
            "/repo/pkg/qa/t.py",
            "/repo/pkg/spec/t.py",
            "/repo/pkg/tests/t.py",
        ] {
            assert!(config.is_test_path(p(test)), "{test}");
        }
        assert!(config.is_excluded(p("/repo/pkg/vendor/x.py"), false));
        assert!(config.is_allowed_value("dummy-value-1") && config.is_allowed_value("a-sample"));
        assert!(config.is_enabled("secret/acme", file) && config.is_enabled("secret/beta", file));
        // Replaced: the child's value wins, key by key (and entry by entry
        // in `severity`).
        assert!(!config.require_reason);
        assert_eq!(config.max_file_size, 10);
        assert_eq!(
            config.severity("env/direct-access", Severity::Warning),
            Severity::Hint
        );
        assert_eq!(
            config.severity("secret/jwt", Severity::Error),
            Severity::Info
        );
        // The project root is the nearest file's folder.
        assert_eq!(config.root(), Some(p("/repo/pkg")));

        // A child's `select` (or `test-paths`, `settings-modules`) replaces
        // the list, the parent's `extend-*` additions included.
        let reset = chain(&[
            (
                "/repo",
                "extend-select = ['env/direct-write']\nextend-test-paths = ['qa/']",
            ),
            (
                "/repo/pkg",
                "select = ['secret', 'env/direct-access']\ntest-paths = ['spec/']",
            ),
        ])
        .unwrap()
        .config(&[])
        .unwrap();
        assert!(!reset.is_enabled("env/direct-write", file));
        assert!(!reset.is_enabled("log/secret-logged", file));
        assert!(reset.is_enabled("env/direct-access", file));
        assert!(!reset.is_test_path(p("/repo/pkg/qa/t.py")));
        assert!(reset.is_test_path(p("/repo/pkg/spec/t.py")));

        // `include` is replaced too: `[]` lifts the parent's.
        let narrowed = chain(&[("/repo", "include = ['src/']")]).unwrap();
        let narrowed = narrowed.config(&[]).unwrap();
        assert!(narrowed.is_excluded(p("/repo/pkg/app.py"), false));
        let lifted = chain(&[
            ("/repo", "include = ['src/']"),
            ("/repo/pkg", "include = []"),
        ])
        .unwrap()
        .config(&[])
        .unwrap();
        assert!(!lifted.is_excluded(p("/repo/pkg/app.py"), false));
    }

    #[test]
    fn inherited_globs_match_relative_to_the_file_that_wrote_them() {
        let config = chain(&[
            (
                "/repo",
                "settings-modules = ['pkg/app/conf.py']\nexclude = ['pkg/build/']\n\
                 [per-file-ignores]\n'pkg/gen/**' = ['secret']\n\
                 [allowlist]\npaths = ['pkg/fixtures/']\n",
            ),
            ("/repo/pkg", "extend-settings-modules = ['app/local.py']\n"),
        ])
        .unwrap()
        .config(&[])
        .unwrap();
        assert!(config.is_settings_module(p("/repo/pkg/app/conf.py")));
        assert!(config.is_settings_module(p("/repo/pkg/app/local.py")));
        // Not re-anchored at the child's folder.
        assert!(!config.is_settings_module(p("/repo/pkg/pkg/app/conf.py")));
        assert!(!config.is_settings_module(p("/repo/pkg/settings.py")));
        assert!(config.is_excluded(p("/repo/pkg/build"), true));
        assert!(!config.is_excluded(p("/repo/pkg/pkg/build/x.py"), false));
        assert!(!config.is_enabled("secret/github-pat", p("/repo/pkg/gen/x.py")));
        assert!(config.is_enabled("secret/github-pat", p("/repo/pkg/x.py")));
        assert!(config.is_allowed_path(p("/repo/pkg/fixtures/k.py")));
        assert!(!config.is_allowed_path(p("/repo/pkg/pkg/fixtures/k.py")));
    }

    #[test]
    fn overrides_apply_in_order_to_matching_files() {
        let hierarchy = chain(&[
            (
                "/repo",
                "[[overrides]]\nfiles = ['pkg/a/**']\nignore = ['env/direct-access']\n\
                 [[overrides]]\nfiles = ['pkg/**', 'tools/']\nrequire-reason = true\n\
                 extend-settings-modules = ['boot.py']\n",
            ),
            (
                "/repo/pkg",
                "[[overrides]]\nfiles = ['b/*.py']\nrequire-reason = false\n",
            ),
        ])
        .unwrap();
        assert_eq!(hierarchy.matching(p("/repo/pkg/a/x.py")), vec![0, 1]);
        assert_eq!(hierarchy.matching(p("/repo/pkg/b/x.py")), vec![1, 2]);
        assert_eq!(hierarchy.matching(p("/repo/pkg/c/x.py")), vec![1]);
        assert_eq!(hierarchy.matching(p("/repo/other.py")), Vec::<usize>::new());
        let a = hierarchy.config(&[0, 1]).unwrap();
        assert!(!a.is_enabled("env/direct-access", p("/repo/pkg/a/x.py")));
        assert!(a.require_reason);
        assert!(a.is_settings_module(p("/repo/pkg/a/boot.py")));
        // The child's override comes after the parent's.
        let b = hierarchy.config(&[1, 2]).unwrap();
        assert!(b.is_enabled("env/direct-access", p("/repo/pkg/b/x.py")));
        assert!(!b.require_reason);
        let none = hierarchy.config(&[]).unwrap();
        assert!(!none.require_reason);
        assert!(!none.is_settings_module(p("/repo/pkg/a/boot.py")));

        // Where each value came from.
        let ignore = hierarchy
            .effective(&[0, 1])
            .into_iter()
            .find(|e| e.key == "ignore")
            .unwrap();
        assert_eq!(
            ignore.values,
            vec![(
                "env/direct-access".to_owned(),
                Origin::Override(0, PathBuf::from("/repo/credlint.toml"))
            )]
        );
        assert_eq!(
            Origin::Override(1, PathBuf::from("/repo/credlint.toml")).to_string(),
            "override #2 in /repo/credlint.toml"
        );
        let reason = hierarchy
            .effective(&[1, 2])
            .into_iter()
            .find(|e| e.key == "require-reason")
            .unwrap();
        assert_eq!(
            reason.values,
            vec![(
                "false".to_owned(),
                Origin::Override(0, PathBuf::from("/repo/pkg/credlint.toml"))
            )]
        );
    }

    #[test]
    fn errors_in_a_chain_name_the_file_that_made_them() {
        let err = chain(&[
            ("/repo", &format!("ignore = ['{PASTED}']\n")),
            ("/repo/pkg", "ignore = ['log']\n"),
        ])
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "/repo/credlint.toml:1:11: ignore[0]: selects no rule (see `credlint rules`)"
        );
        // An override's mistake is found whatever file is checked.
        let err = chain(&[(
            "/repo",
            &format!("[[overrides]]\nfiles = ['a/**']\nextend-select = ['env', '{PASTED}']\n"),
        )])
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "/repo/credlint.toml:3:25: overrides[0].extend-select[1]: selects no rule (see `credlint rules`)"
        );
        assert!(!err.contains("Xk9q"));
        // A selector may name a custom rule the parent defines.
        chain(&[
            (
                "/repo",
                "[[rules]]\nid = 'acme'\nregex = 'acme_[a-z]{8}'\nkeywords = ['acme_']\n",
            ),
            ("/repo/pkg", "ignore = ['secret/acme']\n"),
        ])
        .unwrap();
    }

    #[test]
    fn unknown_override_keys_are_located_not_quoted() {
        let err = load_error(
            "credlint.toml",
            &format!("[[overrides]]\nfiles = ['a/**']\nexclude = ['{PASTED}']\n"),
        );
        assert!(
            err.starts_with(":3:1: overrides.exclude: unknown field `exclude`"),
            "{err}"
        );
        let err = load_error("credlint.toml", "[[overrides]]\nignore = ['log']\n");
        assert!(err.contains("missing field `files`"), "{err}");
        let err = load_error(
            "credlint.toml",
            &format!("[[overrides]]\nfiles = ['[{PASTED}']\n"),
        );
        assert!(
            err.starts_with(":2:10: overrides[0].files: a glob:"),
            "{err}"
        );
    }
}
