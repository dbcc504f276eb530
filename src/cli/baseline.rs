//! Baselines: the findings a team has accepted, so that adopting credlint on
//! an old code base blocks only what is new.
//!
//! An entry is a rule, a path (relative to the baseline file) and, for a
//! secret, a salted Argon2id digest of it (for other findings, the
//! value-free report fingerprint), so it survives lines moving and a leaked
//! baseline does not give short secrets away (see [`crate::redact`]). The salt, scheme and cost parameters sit at the top of the
//! file and are kept when it is rewritten, so digests match on every machine
//! and rewrites change only the entries that changed. A new baseline is
//! written with [`Scheme::Tiered`]; one written before, with
//! [`Scheme::Uniform`], is read and rewritten as it is (its entries not
//! re-derived in a run could not be converted).
//!
//! Version 1 files held unsalted fingerprints; they are still matched, with a
//! warning, and `--update-baseline` migrates them to version 2, keeping
//! (marked `sha256:`) the entries it could not re-derive in that run.
//!
//! The file is written sorted, through a temporary file in its folder renamed
//! over it, so diffs stay small and a crash never leaves half a baseline;
//! runs that rewrite one baseline at once take turns ([`Lock`]).
//! detect-secrets' `.secrets.baseline` and gitleaks' (and Betterleaks')
//! `.gitleaksignore` are read too, so a team can migrate without auditing
//! again.

use super::replace;
use crate::finding::Finding;
use crate::redact::{
    redact, BaselineHasher, Fingerprinting, HashParams, Scheme, Unhashed, Wanted, DIGEST_MARGIN,
    LEGACY_PREFIX, SLOW_DIGEST_BUDGET,
};
use crate::workspace::walk;
use anyhow::{anyhow, bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The baseline format written; see the module documentation for 1.
const VERSION: u32 = 2;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CredlintFile {
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hash: Option<StoredHash>,
    findings: Vec<BaselineEntry>,
}

/// How the digests of a version 2 baseline are computed.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredHash {
    algorithm: String,
    #[serde(flatten)]
    params: HashParams,
    /// Named so credlint's own credential check sees a digest's parameter,
    /// not a secret (the salt is not one: it only makes each baseline's
    /// digests its own).
    #[serde(rename = "hash_salt")]
    salt: String,
}

impl StoredHash {
    fn of(hasher: &BaselineHasher) -> StoredHash {
        StoredHash {
            algorithm: hasher.scheme().name().to_owned(),
            params: hasher.params(),
            salt: hasher.salt_hex(),
        }
    }

    fn hasher(&self) -> Result<BaselineHasher, String> {
        let scheme = Scheme::from_name(&self.algorithm).ok_or_else(|| {
            format!(
                "unknown hash algorithm (only {} and {})",
                Scheme::Tiered.name(),
                Scheme::Uniform.name()
            )
        })?;
        BaselineHasher::from_stored(&self.salt, self.params, scheme)
    }
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
        /// The file's digests' hasher; `None` for a version 1 file, which
        /// has no salt yet.
        hasher: Option<Arc<BaselineHasher>>,
        entries: BTreeSet<BaselineEntry>,
    },
    /// detect-secrets records lines and SHA-1s of secrets; an entry covers a
    /// secret finding on its line, or anywhere in its file with its hash.
    DetectSecrets {
        dir: PathBuf,
        lines: HashSet<(String, usize)>,
        hashes: HashSet<(String, String)>,
    },
    /// gitleaks' and Betterleaks' `.gitleaksignore`: one finding per line as
    /// `[commit:]file:rule:line`. Their rule ids are not credlint's, so an
    /// entry covers a secret finding on its file and line whatever the rule.
    Gitleaks {
        dir: PathBuf,
        lines: HashSet<(String, usize)>,
        /// Line numbers (1-based) of entries that are not fingerprints.
        malformed: Vec<usize>,
    },
}

/// A `.gitleaksignore` line, `[commit:]file:rule:line`, as (file, line).
/// A file name may hold colons, so the fields are taken from the right; a
/// leading field of hex digits followed by more fields is the commit.
fn gitleaks_fingerprint(entry: &str) -> Option<(String, usize)> {
    let (rest, line) = entry.rsplit_once(':')?;
    let line: usize = line.trim().parse().ok()?;
    let (file, rule) = rest.rsplit_once(':')?;
    if rule.is_empty() || file.is_empty() || line == 0 {
        return None;
    }
    let file = match file.split_once(':') {
        Some((commit, path))
            if commit.len() >= 7 && commit.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            path
        }
        _ => file,
    };
    Some((file.trim_start_matches("./").to_owned(), line))
}

/// `path` relative to `dir` (the baseline's folder, already normalised),
/// with forward slashes: how detect-secrets' and gitleaks' baselines name a
/// file. `..` and `.` are resolved first, so a run from a subfolder or
/// through `a/../b` names a file as a run from the baseline's folder does.
/// A file outside that folder is named through `..` (`../lib/app.py`), as
/// a file inside it is named from it: the key is the same on every machine
/// and in every clone, and holds no home folder.
fn key(dir: &Path, path: &Path) -> String {
    let path = walk::normalise(path);
    match path.strip_prefix(dir) {
        Ok(inside) => walk::forward_slashes(inside),
        Err(_) => walk::forward_slashes(&climb(dir, &path).unwrap_or(path)),
    }
}

/// `path` from `dir` (both absolute and normalised) through `..`; `None`
/// when they share no root (two drives on Windows), where only the
/// absolute path names the file.
fn climb(dir: &Path, path: &Path) -> Option<PathBuf> {
    let shared = dir
        .components()
        .zip(path.components())
        .take_while(|(a, b)| a == b)
        .count();
    if shared == 0 {
        return None;
    }
    let mut out: PathBuf = dir.components().skip(shared).map(|_| "..").collect();
    out.extend(path.components().skip(shared));
    Some(out)
}

/// The folder of the baseline at `path` (absolute), normalised (see [`key`]).
pub fn folder(path: &Path) -> PathBuf {
    walk::normalise(path.parent().unwrap_or(Path::new("")))
}

/// How a credlint baseline names a file: its [`key`] with any secret in
/// it hidden (see [`hide_tokens`]), so that a baseline does not give away
/// the token or password a file was named after.
fn entry_key(dir: &Path, path: &Path, hasher: Option<&BaselineHasher>) -> String {
    hide_tokens(&key(dir, path), hasher)
}

/// What a baseline's digest of a token in a file's name is computed under,
/// in place of a rule id (which always holds a `/`).
const NAME_DIGEST: &str = "path";

/// `key` with each secret in it redacted, as every report shows paths
/// ([`crate::engine::path_spans`]), and followed by `#` and 8 hex digits of its digest under the
/// baseline's salt (`ghp_…4Xz (40 chars)#1f0c9a2b.txt`): two files named
/// after different tokens whose redactions coincide keep different keys,
/// and the digest is the one a baseline holds for a secret (salted
/// Argon2id), cut short, so it tells no more of the token. The same on
/// every run and machine for a given baseline, so entries keep matching.
/// Without a salt (a version 1 file), the redaction alone.
fn hide_tokens(key: &str, hasher: Option<&BaselineHasher>) -> String {
    let spans = crate::engine::path_spans(key);
    if spans.is_empty() {
        return key.to_owned();
    }
    let mut out = String::with_capacity(key.len() + 16);
    let mut cursor = 0;
    for span in spans {
        let token = &key[span.clone()];
        out.push_str(&key[cursor..span.start]);
        out.push_str(&redact(token));
        if let Some(hasher) = hasher {
            out.push('#');
            out.push_str(&hasher.digest(NAME_DIGEST, token)[..8]);
        }
        cursor = span.end;
    }
    out.push_str(&key[cursor..]);
    out
}

/// Whether an entry's path is a redacted one, which names no file: whether
/// that file was checked cannot be told, so the entry is kept until a
/// finding matches it again.
fn names_no_file(entry: &BaselineEntry) -> bool {
    entry.path.contains('…')
}

/// What a file's [`key`] must look like for its shown key to be `shown`, a
/// redacted one ([`names_no_file`]): each redaction ([`redact`], then the
/// digest [`hide_tokens`] may add) stands for as many characters as it
/// says, starting and ending with those it shows; the rest is as written.
/// A redaction it cannot read stands for anything.
fn redacted_key_pattern(shown: &str) -> regex::Regex {
    static REDACTION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"…(.*?) \((\d+) chars\)(?:#[0-9a-f]{8})?").expect("valid regex")
    });
    let anything = || regex::Regex::new("(?s).*").expect("valid regex");
    let mut pattern = String::from("(?s)^");
    let mut written = 0;
    for found in REDACTION.captures_iter(shown) {
        let (Some(whole), Some(tail), Some(n)) = (found.get(0), found.get(1), found.get(2)) else {
            continue;
        };
        // How many characters `redact` shows at each end of `n` (no name
        // of a file is longer than `NAME_MAX`).
        let n = match n.as_str().parse::<usize>() {
            Ok(n) if n <= NAME_MAX => n,
            _ => return anything(),
        };
        let like = redact(&"-".repeat(n));
        let Some((head, rest)) = like.split_once('…') else {
            return anything();
        };
        let (head, shows) = (head.len(), rest.find(' ').unwrap_or(0));
        let before: Vec<char> = shown[written..whole.start()].chars().collect();
        if tail.as_str().chars().count() != shows || before.len() < head {
            return anything();
        }
        let (literal, head): (String, String) = (
            before[..before.len() - head].iter().collect(),
            before[before.len() - head..].iter().collect(),
        );
        let hidden = n - head.chars().count() - shows;
        pattern.push_str(&regex::escape(&literal));
        pattern.push_str(&format!(
            "{}.{{{hidden}}}{}",
            regex::escape(&head),
            regex::escape(tail.as_str())
        ));
        written = whole.end();
    }
    pattern.push_str(&regex::escape(&shown[written..]));
    pattern.push('$');
    regex::Regex::new(&pattern).unwrap_or_else(|_| anything())
}

/// The longest file or folder name [`redacted_key_pattern`] reads, in
/// characters: longer than any file system allows.
const NAME_MAX: usize = 1024;

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline> {
        let text = crate::workspace::read::read_named(path)
            .with_context(|| format!("cannot read baseline {}", path.display()))?;
        // A baseline saved by an editor that writes a byte-order mark
        // (Windows' Notepad) is still the same JSON.
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let dir = folder(path);
        if path.file_name().is_some_and(|n| n == ".gitleaksignore") {
            let mut lines = HashSet::new();
            let mut malformed = Vec::new();
            for (i, entry) in text.lines().enumerate() {
                let entry = entry.trim();
                if entry.is_empty() || entry.starts_with('#') {
                    continue;
                }
                match gitleaks_fingerprint(entry) {
                    Some(found) => {
                        lines.insert(found);
                    }
                    None => malformed.push(i + 1),
                }
            }
            return Ok(Baseline::Gitleaks {
                dir,
                lines,
                malformed,
            });
        }
        let value: serde_json::Value =
            serde_json::from_str(text).with_context(|| format!("{}: not JSON", path.display()))?;
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
        let hasher = match (file.version, &file.hash) {
            (VERSION, Some(hash)) => Some(Arc::new(
                hash.hasher()
                    .map_err(|e| anyhow!("{}: `hash`: {e}", path.display()))?,
            )),
            _ => None,
        };
        // Files named after a token, or a piece the value model takes for a
        // secret ([`hide_tokens`]), as older versions wrote them in full: an
        // earlier baseline keeps matching, and the next update rewrites it.
        let mut entries: BTreeSet<BaselineEntry> = file
            .findings
            .into_iter()
            .map(|e| BaselineEntry {
                path: hide_tokens(&e.path, hasher.as_deref()),
                ..e
            })
            .collect();
        match (file.version, file.hash) {
            (1, None) => {
                // Mark the old fingerprints as what they are.
                entries = entries
                    .into_iter()
                    .map(|e| BaselineEntry {
                        fingerprint: format!("{LEGACY_PREFIX}{}", e.fingerprint),
                        ..e
                    })
                    .collect();
            }
            (VERSION, Some(_)) => {}
            (VERSION, None) => bail!("{}: version 2 baseline without `hash`", path.display()),
            (1, Some(_)) => bail!(
                "{}: a version 1 baseline has no `hash` block (its fingerprints are unsalted); \
                 a file with one should say `\"version\": {VERSION}`",
                path.display()
            ),
            (version, _) => bail!(
                "{}: baseline version {version} is not supported (this credlint reads 1 and {VERSION}); \
                 was it written by a newer credlint?",
                path.display()
            ),
        }
        Ok(Baseline::Credlint {
            dir,
            hasher,
            entries,
        })
    }

    /// A warning to show when the file should be rewritten, naming how.
    pub fn warning(&self, path: &Path) -> Option<String> {
        match self {
            Baseline::Gitleaks { malformed, .. } if !malformed.is_empty() => Some(format!(
                "{}: {} lines are not `[commit:]file:rule:line` fingerprints and match nothing (lines {})",
                path.display(),
                malformed.len(),
                malformed
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Baseline::Credlint { .. } if self.has_legacy() => {
                Some(format!(
                    "{} holds version 1 fingerprints (unsalted: anyone with the file can test \
                     guesses at short secrets quickly); they still match, and \
                     `credlint check --baseline {0} --update-baseline` rewrites it as version {VERSION}",
                    path.display()
                ))
            }
            _ => None,
        }
    }

    /// Whether this baseline holds version 1 fingerprints.
    fn has_legacy(&self) -> bool {
        matches!(self, Baseline::Credlint { entries, .. } if entries.iter().any(BaselineEntry::is_legacy))
    }

    pub fn contains(&self, absolute: &Path, finding: &Finding) -> bool {
        match self {
            Baseline::Credlint {
                dir,
                entries,
                hasher,
            } => {
                let path = entry_key(dir, absolute, hasher.as_deref());
                [&finding.baseline.digest, &finding.baseline.legacy]
                    .into_iter()
                    .flatten()
                    .any(|fingerprint| {
                        entries.contains(&BaselineEntry {
                            path: path.clone(),
                            rule: finding.rule.clone(),
                            fingerprint: fingerprint.clone(),
                        })
                    })
            }
            Baseline::DetectSecrets { dir, lines, hashes } => {
                let file = key(dir, absolute);
                let hashed = finding
                    .baseline
                    .sha1
                    .as_ref()
                    .is_some_and(|h| hashes.contains(&(file.clone(), h.clone())));
                crate::rules::is_secret(&finding.rule)
                    && (hashed || lines.contains(&(file, finding.start.line)))
            }
            Baseline::Gitleaks { dir, lines, .. } => {
                crate::rules::is_secret(&finding.rule)
                    && lines.contains(&(key(dir, absolute), finding.start.line))
            }
        }
    }

    /// The entries to keep after a run that found `found` (each with its
    /// file's absolute path): an entry is dropped only when `covered` says
    /// its file and rule were fully checked and no finding matched it. An
    /// entry matched by its version 1 fingerprint is rewritten as a digest.
    /// `writer` is the hasher of the file being written.
    pub fn updated<'a>(
        &self,
        found: impl IntoIterator<Item = (&'a Path, &'a Finding)>,
        covered: impl Fn(&Path, &str) -> bool,
        writer: &BaselineHasher,
    ) -> Result<Vec<BaselineEntry>> {
        let (dir, entries, hasher) = match self {
            Baseline::Credlint {
                dir,
                entries,
                hasher,
            } => (dir, entries, hasher),
            Baseline::DetectSecrets { .. } => bail!("--update-baseline rewrites credlint baselines only; convert a detect-secrets one with `credlint baseline --from-detect-secrets`, or record a new one with `credlint baseline`"),
            Baseline::Gitleaks { .. } => bail!("--update-baseline rewrites credlint baselines only, not a `.gitleaksignore` (gitleaks' own file); record a credlint one with `credlint baseline`"),
        };
        let mut seen = HashSet::new();
        let mut kept = Vec::new();
        for (absolute, finding) in found {
            let path = entry_key(dir, absolute, hasher.as_deref());
            for fingerprint in [&finding.baseline.digest, &finding.baseline.legacy]
                .into_iter()
                .flatten()
            {
                let old = BaselineEntry {
                    path: path.clone(),
                    rule: finding.rule.clone(),
                    fingerprint: fingerprint.clone(),
                };
                if entries.contains(&old) {
                    seen.insert(old);
                    kept.extend(entry(dir, absolute, finding, writer));
                }
            }
        }
        kept.extend(
            entries
                .iter()
                .filter(|e| {
                    !seen.contains(*e)
                        && (names_no_file(e)
                            || !covered(&walk::absolute(dir, Path::new(&e.path)), &e.rule))
                })
                .cloned(),
        );
        Ok(kept)
    }
}

/// What the engine must compute for `baseline`: with `every_finding`, the
/// digests of every finding (a baseline being written), else only of those an
/// entry could match. The salt of an existing version 2 baseline is kept, so
/// rewriting it changes only the entries that changed; otherwise it is new.
pub fn fingerprinting(
    baseline: Option<&Baseline>,
    every_finding: bool,
) -> Result<Option<Fingerprinting>> {
    let hasher = match baseline {
        Some(Baseline::Credlint {
            hasher: Some(hasher),
            ..
        }) => Arc::clone(hasher),
        Some(Baseline::DetectSecrets { .. }) | None if !every_finding => return Ok(None),
        _ => Arc::new(BaselineHasher::generate().map_err(|e| anyhow!(e))?),
    };
    let wanted: Option<Wanted> = match baseline {
        Some(Baseline::Credlint {
            dir,
            entries,
            hasher: names,
        }) if !every_finding => {
            let mut pairs: HashMap<(String, String), usize> = HashMap::new();
            // A path is known to hold a secret only once the file holding
            // it is analysed: a finding in a folder named after a secret
            // another file holds can be met before its key is the entry's
            // redacted one. Entries under redacted paths count for a
            // finding of their rule in a file whose key they could be the
            // redaction of ([`redacted_key_pattern`]), so its value is
            // hashed, and matched once the run is over; the findings of
            // other files pay no digest for them.
            let mut under_redacted: HashMap<String, Vec<regex::Regex>> = HashMap::new();
            for e in entries {
                *pairs.entry((e.path.clone(), e.rule.clone())).or_default() += 1;
                if names_no_file(e) {
                    (under_redacted.entry(e.rule.clone()).or_default())
                        .push(redacted_key_pattern(&e.path));
                }
            }
            let dir = dir.clone();
            let names = names.clone();
            Some(Box::new(move |path, rule| {
                let under = || {
                    let patterns = under_redacted.get(rule)?;
                    let key = key(&dir, path);
                    let count = patterns.iter().filter(|p| p.is_match(&key)).count();
                    (count > 0).then_some(count)
                };
                (pairs.get(&(entry_key(&dir, path, names.as_deref()), rule.to_owned())))
                    .copied()
                    .or_else(under)
            }))
        }
        _ => None,
    };
    Ok(Some(Fingerprinting::new(
        hasher,
        baseline.is_some_and(Baseline::has_legacy),
        wanted,
    )))
}

/// The note for the findings of `rule` in a file reported new without
/// being matched against the baseline, saying why (see [`DIGEST_MARGIN`]
/// and [`SLOW_DIGEST_BUDGET`]); `updating` when the baseline is being
/// updated, which keeps that file's entries for the rule (none was
/// matched, so none can be told fixed).
pub fn unhashed_note(rule: &str, unhashed: Unhashed, updating: bool) -> String {
    let kept = if updating {
        "; the baseline keeps its entries for them in this file as they were"
    } else {
        ""
    };
    let mut why = Vec::new();
    if unhashed.past_margin > 0 {
        why.push(format!(
            "{} because the file holds more distinct secrets of that rule than the baseline \
             has entries for it plus {DIGEST_MARGIN}, so at least {DIGEST_MARGIN} of them are new",
            unhashed.past_margin
        ));
    }
    if unhashed.past_budget > 0 {
        why.push(format!(
            "{} because this run had made the {SLOW_DIGEST_BUDGET} digests of values a person \
             could have chosen it allows itself (exclude files of test passwords, or accept \
             them in the configuration)",
            unhashed.past_budget
        ));
    }
    format!(
        "{} {rule} finding(s) reported as new without being matched against the baseline \
         (matching each costs an Argon2id run): {}{kept}",
        unhashed.total(),
        why.join("; ")
    )
}

impl BaselineEntry {
    fn is_legacy(&self) -> bool {
        self.fingerprint.starts_with(LEGACY_PREFIX)
    }
}

/// The baseline entry for a finding, for a baseline file in `dir` whose
/// digests `hasher` computes; `None` when the engine was not asked for its
/// digest.
pub fn entry(
    dir: &Path,
    absolute: &Path,
    finding: &Finding,
    hasher: &BaselineHasher,
) -> Option<BaselineEntry> {
    Some(BaselineEntry {
        path: entry_key(dir, absolute, Some(hasher)),
        rule: finding.rule.clone(),
        fingerprint: finding.baseline.digest.clone()?,
    })
}

/// Writes a credlint baseline sorted and without duplicates, atomically:
/// through a symbolic link to its target, keeping an existing file's
/// permissions (a new one gets the usual `0666` less the umask, like any file
/// the user creates: a baseline holds no secret and is meant to be
/// committed).
pub fn write(
    path: &Path,
    hasher: &BaselineHasher,
    entries: impl IntoIterator<Item = BaselineEntry>,
) -> Result<()> {
    let findings: Vec<BaselineEntry> = entries
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut json = serde_json::to_string_pretty(&CredlintFile {
        version: VERSION,
        hash: Some(StoredHash::of(hasher)),
        findings,
    })?;
    json.push('\n');
    replace::write_atomically(&replace::resolve_links(path)?, json.as_bytes())
        .with_context(|| format!("cannot write baseline {}", path.display()))
}

/// An exclusive hold on a baseline's read-modify-write, from reading the old
/// file until the new one is renamed over it: two runs updating one baseline
/// at once (a monorepo's per-folder jobs) would otherwise each keep the
/// entries outside their scan as they read them, and the last writer would
/// drop what the other recorded. The lock is advisory, on a file next to the
/// baseline's target (`.NAME.lock`), so that a baseline reached through
/// different links has one lock and the rename does not replace what is
/// locked.
///
/// On Unix the lock file is removed when the hold ends, while still locked;
/// a run that was waiting on it then holds a lock on a file no longer there,
/// sees that the path names another file (or none), and locks again. Where
/// that cannot be checked (no inode numbers in stable std), the empty lock
/// file stays, as Cargo's `.package-cache` does.
pub struct Lock {
    file: std::fs::File,
    /// Removed when the hold ends, on Unix.
    #[cfg_attr(not(unix), allow(dead_code))]
    path: PathBuf,
}

impl Lock {
    /// Waits for, then takes, the lock on the baseline at `baseline`
    /// (which need not exist yet).
    pub fn acquire(baseline: &Path) -> Result<Lock> {
        let target = replace::resolve_links(baseline)?;
        let name = target
            .file_name()
            .ok_or_else(|| anyhow!("{} is not a file name", walk::display(baseline)))?
            .to_string_lossy();
        let path = target.with_file_name(format!(".{name}.lock"));
        loop {
            let file = std::fs::File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .with_context(|| format!("cannot create the lock file {}", walk::display(&path)))?;
            // Named in full: std's inherent `File::lock` (Rust 1.89) would
            // shadow the trait method.
            fs4::FileExt::lock(&file)
                .with_context(|| format!("cannot lock {}", walk::display(&path)))?;
            if still_named(&file, &path) {
                return Ok(Lock { file, path });
            }
        }
    }
}

/// Whether `path` still names the open `file` (its holder did not remove it
/// before this run's lock was granted).
#[cfg(unix)]
fn still_named(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_named(_: &std::fs::File, _: &Path) -> bool {
    true
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while locked (see the type's documentation); the lock goes
        // with the file handle.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
        let _ = fs4::FileExt::unlock(&self.file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry under a redacted path has a finding of its rule hashed
    /// only in a file whose key it could be the redaction of (met before
    /// the file holding the secret that redacts it): other files' findings
    /// of the rule pay no Argon2 digest for it.
    #[test]
    fn entries_under_redacted_paths_want_only_files_they_could_name() {
        let hasher = Arc::new(BaselineHasher::generate().unwrap());
        // A folder's name of 20 characters, `ts…ba` once redacted.
        let secret: String = ('a'..='t').rev().collect();
        let hidden = format!(
            "{}#{}",
            redact(&secret),
            &hasher.digest("path", &secret)[..8]
        );
        let rule = "secret/hardcoded-credential";
        let dir = PathBuf::from("/p");
        let baseline = Baseline::Credlint {
            dir: dir.clone(),
            hasher: Some(Arc::clone(&hasher)),
            entries: BTreeSet::from([BaselineEntry {
                path: format!("svc/{hidden}/app.env"),
                rule: rule.to_owned(),
                fingerprint: "0".repeat(32),
            }]),
        };
        let fingerprinting = fingerprinting(Some(&baseline), false).unwrap().unwrap();
        let wants = |path: &str, rule: &str| fingerprinting.wants(&dir.join(path), rule);
        assert!(wants(&format!("svc/{secret}/app.env"), rule));
        assert!(wants(&format!("svc/ts{}ba/app.env", "x".repeat(16)), rule));
        for other in ["svc/app.env".to_owned(), format!("svc/{secret}/other.env")] {
            assert!(!wants(&other, rule), "{other}");
        }
        assert!(!wants(
            &format!("svc/{secret}/app.env"),
            "secret/github-pat"
        ));
        assert!(!wants(&format!("svc/ts{}ba/app.env", "x".repeat(15)), rule));
        // A redaction it cannot read stands for any key.
        for shown in [
            "a/x… (9000000000000000000000 chars)/b",
            "a/ts…a (20 chars)/b",
        ] {
            assert!(redacted_key_pattern(shown).is_match("c"), "{shown}");
        }
        assert!(redacted_key_pattern("a/… (5 chars)/b").is_match("a/xy/zw/b"));
        assert!(!redacted_key_pattern("a/… (5 chars)/b").is_match("a/xyzw/b"));
    }

    #[test]
    fn gitleaks_fingerprints_with_and_without_a_commit() {
        assert_eq!(
            gitleaks_fingerprint("src/app.py:github-pat:12"),
            Some(("src/app.py".to_owned(), 12))
        );
        assert_eq!(
            gitleaks_fingerprint("0a1b2c3d4e5f:./src/app.py:generic-api-key:3"),
            Some(("src/app.py".to_owned(), 3))
        );
        // A colon in a file name, after the commit.
        assert_eq!(
            gitleaks_fingerprint("0a1b2c3d4e5f:docs/a:b.md:aws-access-token:7"),
            Some(("docs/a:b.md".to_owned(), 7))
        );
        for malformed in ["src/app.py:12", "app.py:rule:x", "app.py:rule:0", ":rule:3"] {
            assert_eq!(gitleaks_fingerprint(malformed), None, "{malformed}");
        }
    }
}
