//! `credlint history`: the secrets ever committed. Every blob the range's
//! commits introduced is read once (deduplicated by blob id, through one
//! `git cat-file --batch`) and analysed in parallel while later blobs are
//! still being read; each finding is reported with the commit that first
//! introduced its blob. A version whose added lines hold nothing a secret
//! rule starts from is not analysed again ([`credlint_core::versions`]):
//! what it holds was found in the version before.
//!
//! Only the secret rules run: a secret deleted later is still leaked, but
//! the environment, logging and policy rules judge how today's code is
//! written, which `credlint check` does. A historical path is judged by the
//! configuration (and `exclude`) that path has in today's work tree.

use super::baseline;
use super::check::{self, Outcome, Reading, Resolution};
use super::{say, HistoryArgs, ScanArgs};
use crate::engine::redact_tokens;
use crate::report::{self, FileNote, HistoryRun, Provenance, Report, Style};
use crate::skip::Skip;
use crate::workspace::git::{self, Blob, History};
use crate::workspace::read;
use crate::workspace::walk::{self, Target};
use crate::workspace::Configs;
use crate::Config;
use anyhow::{Context, Result};
use credlint_core::versions::{self, Lines};
use rayon::prelude::*;
use std::borrow::Cow;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// Blobs read ahead of the analysis: enough to keep every thread busy,
/// few enough that memory stays bounded whatever the history holds.
const READ_AHEAD: usize = 256;

pub fn run(args: HistoryArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    if let Some(output) = &args.output {
        check::refuse_input_as_output(&cwd, output, args.baseline.iter().chain(&args.config))?;
    }
    let (report, _, config) = collect(&args, &cwd)?;
    if !args.quiet {
        for note in &report.skipped {
            say(format_args!(
                "credlint: note: {}: {}",
                report::terminal(&note.path),
                report::terminal(&note.message)
            ));
        }
        check::print_unhashed(&config, &cwd, false);
    }
    check::print_partial(&report.partial);
    check::print_errors(&report.errors);
    check::write_report(
        &report,
        args.format,
        args.output.as_deref(),
        Style {
            color: false,
            quiet: args.quiet,
            statistics: false,
        },
    )?;
    Ok(check::exit_code(&report, args.exit_zero))
}

/// The history's secret findings, as `credlint history` reports them, and
/// the history read (`credlint audit` reads both); and the configuration
/// of the repository's root, whose baseline fingerprinting says which
/// findings were reported new without being matched.
pub(super) fn collect(args: &HistoryArgs, cwd: &Path) -> Result<(Report, History, Arc<Config>)> {
    let worktree = git::worktree(cwd);
    // Paths in the history are the repository's; a bare repository has no
    // work tree, and its paths are shown as they are.
    let root = worktree.clone().unwrap_or_else(|| cwd.to_path_buf());
    let known =
        check::load_baseline(cwd, args.baseline.as_deref(), args.quiet)?.map(|(_, known)| known);
    let fingerprinting = baseline::fingerprinting(known.as_ref(), false)?;

    let scan_args = ScanArgs {
        paths: vec![root.clone()],
        config: args.config.clone(),
        isolated: args.isolated,
        select: args.select.clone(),
        ignore: args
            .ignore
            .iter()
            .cloned()
            .chain(non_secret_rules())
            .collect(),
        stdin_filename: None,
        force_exclude: false,
        staged: false,
    };
    let Resolution {
        key,
        hierarchy,
        mut config,
    } = check::config_for(&scan_args, &root, cwd)?;
    if let Some(fingerprinting) = fingerprinting {
        config.set_fingerprinting(fingerprinting);
    }
    let config = Arc::new(config);
    let first = Arc::clone(&config);
    let mut configs = Configs::new(check::overrides(&scan_args), cwd.to_path_buf())
        .prepare(move |c| c.share_fingerprinting(&first));
    if args.isolated || args.config.is_some() {
        configs = configs.fixed(key.0.clone(), Arc::clone(&hierarchy));
    }
    configs.seed(&root, key, hierarchy, Arc::clone(&config));

    let history = git::history(cwd, &args.revs, args.since.as_deref(), args.reflog)?;
    let (head, branch) = git::head(cwd);
    let mut report = Report {
        rules: config.rules(),
        history: Some(HistoryRun {
            commits: history.commits.len(),
            root: root.clone(),
            head,
            branch,
        }),
        ..Report::default()
    };
    let context = Scan {
        history: &history,
        root: &root,
        worktree: worktree.as_deref(),
        configs: &configs,
        every_version: args.every_version,
    };
    let mut outcomes = scan(cwd, &context, config.read_limit())?;
    let findings = outcomes
        .iter_mut()
        .flat_map(|(_, outcome, _)| match outcome {
            Outcome::Scanned(_, entries, ..) => entries.as_mut_slice(),
            _ => &mut [],
        });
    check::settle_digests(&config, findings.map(|entry| &mut entry.finding));
    // Blobs in commit order (parents first), so that a secret kept through
    // later edits of its file is reported once, where it was introduced.
    outcomes.sort_by_key(|(index, ..)| *index);
    // Baselined findings are dropped before a leak is counted as reported:
    // a secret accepted in one file and copied to another is a new finding
    // there, as `check --baseline` says.
    let accepted = |entry: &report::Entry| {
        known
            .as_ref()
            .is_some_and(|known| known.contains(&entry.absolute, &entry.finding))
    };
    let mut reported = std::collections::HashSet::new();
    for (_, outcome, keys) in outcomes {
        match outcome {
            Outcome::Scanned(_, entries, partial, _) => {
                report.files_scanned += 1;
                report.entries.extend(
                    entries
                        .into_iter()
                        .zip(keys)
                        .filter(|(entry, key)| !accepted(entry) && reported.insert(key.clone()))
                        .map(|(entry, _)| entry),
                );
                report.partial.extend(partial);
            }
            Outcome::Binary => {}
            Outcome::Skipped(note) => report.skipped.push(note),
            Outcome::Failed(note) => report.errors.push(note),
        }
    }
    check::config_errors(&mut report, &configs);
    report.hide_path_secrets();
    Ok((report, history, config))
}

/// The built-in rules that judge today's code rather than what was ever
/// committed: everything but the secret rules (custom rules are secret rules).
fn non_secret_rules() -> impl Iterator<Item = String> {
    crate::rules::builtin()
        .iter()
        .filter(|rule| !crate::rules::is_secret(&rule.id))
        .map(|rule| rule.id.clone())
}

/// What each blob's analysis needs.
struct Scan<'a> {
    history: &'a History,
    root: &'a Path,
    worktree: Option<&'a Path>,
    configs: &'a Configs,
    every_version: bool,
}

/// What makes two findings the same leak: the rule and a hash of the
/// secret (held only in memory). Not the path: a secret renamed or copied
/// with its file is the same leak, reported once, where it first appeared;
/// the blob is analysed again under its new path only because that path
/// may judge it differently (a secret moved out of an excluded folder).
type LeakKey = (String, u64);

/// Reads the blobs through one `git cat-file --batch` on a thread of its
/// own and analyses them on rayon's threads as they arrive; each outcome
/// with its blob's index and the [`LeakKey`] of each of its findings.
fn scan(
    cwd: &Path,
    context: &Scan<'_>,
    max_size: u64,
) -> Result<Vec<(usize, Outcome, Vec<LeakKey>)>> {
    let oids: Vec<&str> = context
        .history
        .blobs
        .iter()
        .map(|b| b.oid.as_str())
        .collect();
    if oids.is_empty() {
        return Ok(Vec::new());
    }
    let (sender, receiver) = std::sync::mpsc::sync_channel(READ_AHEAD);
    let (read, outcomes) = std::thread::scope(|scope| {
        let oids = &oids;
        let reader = scope.spawn(move || {
            let mut versions = Versions::new(context);
            // A send fails only when the analysis side has gone, which it
            // does only after the channel is closed.
            git::cat_blobs_each(cwd, oids, max_size, |index, blob| {
                let previous = versions.read(index, blob.as_ref());
                let _ = sender.send((index, blob, previous));
            })
        });
        let outcomes: Vec<(usize, Outcome, Vec<LeakKey>)> = receiver
            .into_iter()
            .par_bridge()
            .map(|(index, blob, previous)| {
                let (outcome, keys) = scan_blob(context, index, blob, previous);
                (index, outcome, keys)
            })
            .collect();
        (reader.join(), outcomes)
    });
    match read {
        Ok(read) => read?,
        Err(_) => anyhow::bail!("git cat-file: the reader thread panicked"),
    }
    Ok(outcomes)
}

/// The most lines (8 bytes each) held for versions a later one replaces:
/// past it, later versions are analysed whole.
const HELD_LINES: usize = 8 << 20;

/// The lines of each version that a later version replaces, hashed on the
/// reader's thread in history order (a version always comes after the one it
/// replaces) and dropped once every later version has taken them.
struct Versions<'a> {
    context: &'a Scan<'a>,
    lines: Vec<Option<Arc<Lines>>>,
    /// How many later versions replace each blob, still to come.
    waiting: Vec<u32>,
    held: usize,
}

impl<'a> Versions<'a> {
    fn new(context: &'a Scan<'a>) -> Versions<'a> {
        let blobs = &context.history.blobs;
        let mut waiting = vec![0; blobs.len()];
        for previous in blobs.iter().filter_map(|blob| blob.previous) {
            waiting[previous] += 1;
        }
        Versions {
            context,
            lines: (0..blobs.len()).map(|_| None).collect(),
            waiting,
            held: 0,
        }
    }

    /// Takes blob `index` as read: the lines of the version it replaces,
    /// when they are held, and its own, when a later version will want them.
    fn read(&mut self, index: usize, blob: Option<&Blob>) -> Option<Arc<Lines>> {
        if self.context.every_version {
            return None;
        }
        let mut previous_lines = None;
        if let Some(previous) = self.context.history.blobs[index].previous {
            previous_lines = self.lines[previous].clone();
            self.waiting[previous] -= 1;
            if self.waiting[previous] == 0 {
                if let Some(lines) = self.lines[previous].take() {
                    self.held -= lines.len();
                }
            }
        }
        if let Some(Blob::Content(bytes)) = blob {
            if self.waiting[index] > 0 && self.held < HELD_LINES {
                let lines = Lines::of(bytes);
                self.held += lines.len();
                self.lines[index] = Some(Arc::new(lines));
            }
        }
        previous_lines
    }
}

/// One blob: skipped like a file `check` would skip (excluded, binary,
/// too large, generated), passed over when the lines it adds to the
/// `previous` version hold nothing a secret rule starts from, else
/// analysed; its findings carry the commit, and come with their
/// [`LeakKey`]s.
fn scan_blob(
    context: &Scan<'_>,
    index: usize,
    blob: Option<Blob>,
    previous: Option<Arc<Lines>>,
) -> (Outcome, Vec<LeakKey>) {
    let mut keys = Vec::new();
    let outcome = analyse_blob(context, index, blob, previous, &mut keys);
    (outcome, keys)
}

fn analyse_blob(
    context: &Scan<'_>,
    index: usize,
    blob: Option<Blob>,
    previous: Option<Arc<Lines>>,
    keys: &mut Vec<LeakKey>,
) -> Outcome {
    let found = &context.history.blobs[index];
    let commit = &context.history.commits[found.commit];
    let target = Target {
        display: walk::display(&found.path),
        absolute: context.root.join(&found.path),
        named: false,
    };
    let Some(config) = context.configs.for_path(&target.absolute) else {
        return Outcome::Binary; // its configuration's error is reported
    };
    if context.configs.is_excluded(&target.absolute, false) {
        return Outcome::Binary;
    }
    let bytes = match blob {
        Some(Blob::Content(bytes)) => bytes,
        Some(Blob::TooBig(size)) => {
            return check::skipped(
                &history_target(&target, commit),
                &Skip::TooLarge(size),
                &config,
            )
        }
        None => {
            return Outcome::Failed(FileNote {
                path: history_target(&target, commit).display,
                message: format!("git has no blob {}", found.oid),
            })
        }
    };
    // Only what changed since the version before, when it is known.
    let changed =
        previous.map(|previous| versions::changed_parts(&found.path, &previous, &bytes, &config));
    // A version skipped for its content (generated, binary) says so below.
    if changed.as_ref().is_some_and(Option::is_none) && crate::skip::skip(&bytes, &config).is_none()
    {
        return Outcome::Scanned(target.absolute, Vec::new(), None, Box::default());
    }
    let asked = match changed.flatten() {
        Some(changed) => check::Asked {
            reading: Reading::Changed(changed),
            keyed: false,
        },
        None => check::Asked::whole(false),
    };
    match check::scan_bytes(&target, Cow::Borrowed(&bytes), &config, asked) {
        Outcome::Scanned(absolute, mut entries, partial, extra) => {
            if !entries.is_empty() {
                // Spans are the analysed text's: decoded when the blob is
                // UTF-16 or UTF-32.
                let (decoded, _) = credlint_core::encoding::to_utf8(Cow::Borrowed(&bytes));
                let text = String::from_utf8_lossy(&decoded);
                let current = context
                    .worktree
                    .and_then(|tree| read::read_file(&tree.join(&found.path), &config).ok());
                // The working tree's file is compared as the blob is read:
                // decoded too when it is UTF-16 or UTF-32.
                let current_text = current
                    .as_deref()
                    .map(|now| credlint_core::encoding::to_utf8(Cow::Borrowed(now)).0);
                for entry in &mut entries {
                    // A whole-file finding (a binary keystore) is the blob,
                    // compared with the file's bytes.
                    let (secret, now) = match entry.finding.span.is_empty() {
                        true => (&bytes[..], current.as_deref()),
                        false => (
                            text.get(entry.finding.span.clone())
                                .unwrap_or_default()
                                .as_bytes(),
                            current_text.as_deref(),
                        ),
                    };
                    keys.push((entry.finding.rule.clone(), hash(secret)));
                    entry.provenance = Some(Provenance {
                        commit: commit.id.clone(),
                        // A provider token in an author field is shown
                        // redacted, as in a path.
                        author: redact_tokens(&commit.author).into_owned(),
                        email: redact_tokens(&commit.email).into_owned(),
                        date: commit.date.clone(),
                        in_worktree: now.is_some_and(|now| contains(now, secret)),
                    });
                }
            }
            let partial = partial.map(|note| FileNote {
                path: history_target(&target, commit).display,
                ..note
            });
            Outcome::Scanned(absolute, entries, partial, extra)
        }
        Outcome::Skipped(note) => Outcome::Skipped(FileNote {
            path: history_target(&target, commit).display,
            ..note
        }),
        other => other,
    }
}

/// The target as notes name it: `commit:path`, as `git show` takes it.
fn history_target(target: &Target, commit: &git::Commit) -> Target {
    Target {
        display: format!(
            "{}:{}",
            commit.id.get(..8).unwrap_or(&commit.id),
            target.display
        ),
        absolute: target.absolute.clone(),
        named: false,
    }
}

fn hash(secret: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    secret.hash(&mut hasher);
    hasher.finish()
}

/// Whether `needle` (non-empty) occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
