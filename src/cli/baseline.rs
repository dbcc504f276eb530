//! Baselines: the findings a team has accepted, so that adopting credlint on
//! an old code base blocks only what is new.
//!
//! An entry is a rule, a path (relative to the baseline file) and the
//! finding's fingerprint, a hash of the secret or of the flagged code, so it
//! survives lines moving and never holds the value. The file is written
//! sorted, atomically (a temporary file renamed over it), so diffs stay small
//! and a crash never leaves half a baseline. detect-secrets' `.secrets.baseline`
//! is read too, so a team can migrate without auditing again.

use crate::finding::Finding;
use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
}

#[derive(Serialize, Deserialize)]
struct CredlintFile {
    version: u32,
    findings: Vec<BaselineEntry>,
}

/// detect-secrets' format: `results` maps a file to its secrets.
#[derive(Deserialize)]
struct DetectSecretsFile {
    results: BTreeMap<String, Vec<DetectSecretsResult>>,
}

#[derive(Deserialize)]
struct DetectSecretsResult {
    line_number: usize,
    #[serde(default)]
    hashed_secret: Option<String>,
}

pub enum Baseline {
    Credlint {
        dir: PathBuf,
        entries: BTreeSet<BaselineEntry>,
    },
    /// detect-secrets records lines and SHA-1s of secrets; an entry covers a
    /// secret finding on its line, or anywhere in its file with its hash.
    DetectSecrets {
        dir: PathBuf,
        lines: HashSet<(String, usize)>,
        hashes: HashSet<(String, String)>,
    },
}

/// `path` relative to `dir`, with forward slashes.
fn key(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read baseline {}", path.display()))?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let value: serde_json::Value =
            serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))?;
        if value.get("results").is_some() {
            let file: DetectSecretsFile = serde_json::from_value(value)
                .with_context(|| format!("{}: not a detect-secrets baseline", path.display()))?;
            let mut lines = HashSet::new();
            let mut hashes = HashSet::new();
            for (file, results) in file.results {
                for result in results {
                    lines.insert((file.clone(), result.line_number));
                    if let Some(hash) = result.hashed_secret {
                        hashes.insert((file.clone(), hash));
                    }
                }
            }
            return Ok(Baseline::DetectSecrets { dir, lines, hashes });
        }
        let file: CredlintFile = serde_json::from_value(value)
            .with_context(|| format!("{}: not a credlint baseline", path.display()))?;
        if file.version != 1 {
            bail!(
                "{}: baseline version {} is not supported",
                path.display(),
                file.version
            );
        }
        Ok(Baseline::Credlint {
            dir,
            entries: file.findings.into_iter().collect(),
        })
    }

    pub fn contains(&self, absolute: &Path, finding: &Finding) -> bool {
        match self {
            Baseline::Credlint { dir, entries } => entries.contains(&entry(dir, absolute, finding)),
            Baseline::DetectSecrets { dir, lines, hashes } => {
                let file = key(dir, absolute);
                let hashed = finding
                    .secret_sha1
                    .as_ref()
                    .is_some_and(|h| hashes.contains(&(file.clone(), h.clone())));
                finding.rule.starts_with("secret/")
                    && (hashed || lines.contains(&(file, finding.start.line)))
            }
        }
    }
}

/// The baseline entry for a finding, for a baseline file in `dir`.
pub fn entry(dir: &Path, absolute: &Path, finding: &Finding) -> BaselineEntry {
    BaselineEntry {
        path: key(dir, absolute),
        rule: finding.rule.clone(),
        fingerprint: finding.fingerprint.clone(),
    }
}

/// Writes a credlint baseline atomically, sorted and without duplicates.
pub fn write(path: &Path, entries: impl IntoIterator<Item = BaselineEntry>) -> Result<()> {
    let findings: Vec<BaselineEntry> = entries
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut json = serde_json::to_string_pretty(&CredlintFile {
        version: 1,
        findings,
    })?;
    json.push('\n');
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    temp.write_all(json.as_bytes())?;
    temp.as_file().sync_all()?;
    temp.persist(path)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}
