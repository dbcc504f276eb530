//! What the engine reports.
//!
//! A [`Finding`] never holds a secret: the message carries the redacted form
//! and the fingerprint is a hash. Fronts can print or store a finding without
//! leaking what it found.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A one-based line and column; the column counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The stable rule id, such as `secret/github-pat` or `env/direct-access`.
    pub rule: String,
    pub severity: Severity,
    /// Byte range in the document of what is flagged (the secret, or the environment access).
    #[serde(skip)]
    pub span: std::ops::Range<usize>,
    pub start: Position,
    pub end: Position,
    /// A one-line message. Secrets in it are redacted.
    pub message: String,
    /// The redacted secret, when the finding is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redacted: Option<String>,
    /// The environment variable the finding concerns: the one read directly,
    /// or a suggested name for a hardcoded secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variable: Option<String>,
    /// Identifies the finding across runs for report consumers (SARIF
    /// `partialFingerprints`, JSON, GitLab): a hash of the rule, the variable
    /// and the finding's ordinal among the document's findings with the same
    /// two. It does not depend on the secret, so nothing can be guessed back
    /// from it.
    pub fingerprint: String,
    /// How to fix it, in one line, in the project's own names (its settings
    /// module, its env template) and the file's comment syntax.
    #[serde(skip)]
    pub help: String,
    /// What baselines match on; never output.
    #[serde(skip)]
    pub baseline: BaselineKeys,
}

/// A finding a suppression marker silenced, for `--show-suppressed`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suppressed {
    #[serde(flatten)]
    pub finding: Finding,
    /// The marker's name (`credlint: allow`, `gitleaks:allow`), never its text.
    pub suppressed_by: &'static str,
    /// The reason given after `--`, secrets in it redacted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The keys a baseline entry can hold for a finding. Computed by the engine
/// only when the front asks (see [`crate::redact::Fingerprinting`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BaselineKeys {
    /// For a secret, the salted Argon2id digest of the rule and the secret;
    /// for other findings, the value-free report fingerprint.
    pub digest: Option<String>,
    /// When a baseline is matched, the secret's place among the values
    /// whose digests the run decides once every file is analysed; the
    /// front settles it into `digest` ([`crate::redact::Fingerprinting::settled`]).
    pub pending: Option<crate::redact::Ticket>,
    /// The version 1 fingerprint, while a baseline still holds such entries.
    pub legacy: Option<String>,
    /// SHA-1 of the secret, as detect-secrets' baselines record it, so their
    /// entries can be matched. An unsalted hash of a short password can be
    /// reversed: it stays in memory.
    pub sha1: Option<String>,
}
