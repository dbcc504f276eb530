//! `credlint check` and `credlint baseline`: configuration, the files (walked,
//! staged or from stdin), parallel analysis, filters (diff, baseline), the
//! report and the exit code.

use super::baseline::{self, Baseline};
use super::{say, BaselineArgs, CheckArgs, ScanArgs};
use crate::config::{Config, Hierarchy};
use crate::document::Document;
use crate::finding::Finding;
use crate::lines::LineIndex;
use crate::redact::Fingerprinting;
use crate::report::{self, Entry, FileNote, Format, Report, Style};
use crate::skip::Skip;
use crate::workspace::read::{self, Unread};
use crate::workspace::walk::{self, Target};
use crate::workspace::{self, git, ConfigKey, Configs, Overrides};
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read, Write};
use std::ops::{Range, RangeInclusive};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Scans below this many files finish before a progress bar is worth drawing.
const PROGRESS_THRESHOLD: usize = 500;

pub fn run(args: CheckArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let show_progress = args.format.is_human() && !args.quiet && args.output.is_none();
    if args.update_baseline && args.scan.paths == [PathBuf::from("-")] {
        bail!("--update-baseline cannot be used with standard input: what it holds is not the files the baseline names");
    }
    if let Some(output) = &args.output {
        let inputs = (args.scan.paths.iter())
            .chain(&args.baseline)
            .chain(&args.scan.config);
        refuse_input_as_output(&cwd, output, inputs)?;
    }
    // Held until the updated baseline is written (see [`baseline::Lock`]).
    let _lock = match &args.baseline {
        Some(path) if args.update_baseline => {
            Some(baseline::Lock::acquire(&walk::absolute(&cwd, path))?)
        }
        _ => None,
    };
    let known = load_baseline(&cwd, args.baseline.as_deref(), args.quiet)?;
    let fingerprinting = baseline::fingerprinting(known.as_ref().map(|(_, b)| b), false)?;
    let hasher = fingerprinting.as_ref().map(|f| Arc::clone(&f.hasher));
    if args.statistics && !matches!(args.format, Format::Text | Format::Json) {
        anyhow::bail!("--statistics prints text or JSON, not {:?}", args.format);
    }
    // The lines a diff changed, as git numbers them; the scan numbers them
    // as the engine does from the bytes it reads.
    let diff = (args.diff.as_deref())
        .map(|rev| git::changed_lines(&cwd, rev))
        .transpose()?;
    let (mut report, mut scope) = scan(
        &args.scan,
        &cwd,
        show_progress,
        fingerprinting,
        args.fix,
        diff.as_ref(),
        args.output.as_deref(),
    )?;
    if !args.show_suppressed {
        report.suppressed.clear();
    }

    if diff.is_some() {
        // Whole files were analysed but only changed lines are reported: a
        // baseline update must not take the rest as gone. A finding over
        // several lines is the change's when any of them is (a new private
        // key under an unchanged `BEGIN` line).
        scope.partial = true;
        let changed = &scope.changed;
        // A file git does not track is not in its diff, and new whole.
        let untracked = report
            .entries
            .iter()
            .any(|entry| !changed.contains_key(&entry.absolute))
            .then(|| git::tracked(&cwd))
            .transpose()?;
        report.entries.retain(|entry| {
            let Some(lines) = changed.get(&entry.absolute) else {
                return untracked
                    .as_ref()
                    .is_some_and(|tracked| !tracked.contains(&entry.absolute));
            };
            on_lines(&entry.finding, lines)
        });
    }
    let mut update = None;
    if let Some((path, known)) = &known {
        if args.update_baseline {
            let found = report
                .entries
                .iter()
                .map(|e| (e.absolute.as_path(), &e.finding));
            let writer = hasher
                .as_deref()
                .context("a baseline being updated has a hasher")?;
            update = Some((
                path,
                known.updated(found, |p, rule| scope.covers(p, rule), writer)?,
            ));
        }
        report
            .entries
            .retain(|entry| !known.contains(&entry.absolute, &entry.finding));
    }

    if !args.quiet {
        for note in &report.skipped {
            say(format_args!(
                "credlint: note: skipped {}: {}",
                report::terminal(&note.path),
                report::terminal(&note.message)
            ));
        }
        print_unhashed(&scope.config, &cwd, args.update_baseline);
    }
    print_partial(&report.partial);
    print_errors(&report.errors);
    if report.fixed > 0 && !args.quiet {
        say(format_args!(
            "credlint: removed {} unused suppression(s)",
            report.fixed
        ));
    }
    write_report(
        &report,
        args.format,
        args.output.as_deref(),
        Style {
            color: false,
            quiet: args.quiet,
            statistics: args.statistics,
        },
    )?;
    if let (Some((path, entries)), Some(hasher)) = (update, hasher) {
        if report.errors.is_empty() {
            baseline::write(path, &hasher, entries)?;
        } else {
            say(format_args!(
                "credlint: error: {} not updated: some files could not be checked",
                report::terminal(&walk::display(path))
            ));
        }
    }
    Ok(exit_code(&report, args.exit_zero))
}

/// `check`'s and `history`'s verdict: 2 when a file could not be read, 1
/// with findings (unless `exit_zero`), else 0.
pub(super) fn exit_code(report: &Report, exit_zero: bool) -> ExitCode {
    if !report.errors.is_empty() {
        ExitCode::from(2)
    } else if !report.entries.is_empty() && !exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The baseline named on the command line, if any, with its path made
/// absolute; a warning about it (an old format, say) unless `quiet`.
pub(super) fn load_baseline(
    cwd: &Path,
    path: Option<&Path>,
    quiet: bool,
) -> Result<Option<(PathBuf, Baseline)>> {
    let Some(path) = path else {
        return Ok(None);
    };
    let path = walk::absolute(cwd, path);
    let known = Baseline::load(&path)?;
    if let (Some(warning), false) = (known.warning(&path), quiet) {
        say(format_args!("credlint: warning: {warning}"));
    }
    Ok(Some((path, known)))
}

/// `credlint baseline`: records the current findings. Entries of an existing
/// baseline outside what this run checked completely are kept.
pub fn baseline(args: BaselineArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let output = walk::absolute(&cwd, &args.output);
    // Held until the new baseline is written (see [`baseline::Lock`]).
    let _lock = baseline::Lock::acquire(&output)?;
    let existing = existing_baseline(&output)?;
    let accepted = match &args.from_detect_secrets {
        Some(path) => Some(Baseline::load(&walk::absolute(&cwd, path))?),
        None => None,
    };
    let fingerprinting = baseline::fingerprinting(existing.as_ref(), true)?
        .context("a baseline being written has a hasher")?;
    let hasher = Arc::clone(&fingerprinting.hasher);
    let fingerprinting = Some(fingerprinting);
    let (report, scope) = scan(&args.scan, &cwd, false, fingerprinting, false, None, None)?;
    print_errors(&report.errors);
    if !report.errors.is_empty() {
        say(format_args!(
            "credlint: error: {} not written: some files could not be checked",
            report::terminal(&walk::display(&args.output))
        ));
        return Ok(ExitCode::from(2));
    }
    let dir = baseline::folder(&output);
    let mut entries: Vec<_> = report
        .entries
        .iter()
        .filter(|e| {
            accepted
                .as_ref()
                .is_none_or(|a| a.contains(&e.absolute, &e.finding))
        })
        .filter_map(|e| baseline::entry(&dir, &e.absolute, &e.finding, &hasher))
        .collect();
    let count = entries.len();
    if let Some(existing) = &existing {
        // What this run did not check stays accepted.
        entries.extend(existing.updated([], |p, rule| scope.covers(p, rule), &hasher)?);
    }
    baseline::write(&output, &hasher, entries)?;
    say(format_args!(
        "credlint: wrote {count} finding(s) to {}",
        walk::display(&args.output)
    ));
    Ok(ExitCode::SUCCESS)
}

/// The credlint baseline already at `output`, whose entries outside this
/// run are kept; `None` when there is no file there yet. Anything else there
/// is refused rather than replaced: a baseline that no longer parses (a
/// merge conflict left in it), a newer version, a detect-secrets baseline or
/// a `.gitleaksignore` would lose the entries this run does not re-create.
fn existing_baseline(output: &Path) -> Result<Option<Baseline>> {
    if !output.exists() {
        return Ok(None);
    }
    let shown = walk::display(output);
    match Baseline::load(output) {
        Ok(existing @ Baseline::Credlint { .. }) => Ok(Some(existing)),
        Ok(_) => bail!(
            "{shown} is another scanner's baseline and is not overwritten: \
             convert it with `--from-detect-secrets`, or write to another file"
        ),
        Err(error) => Err(error.context(format!(
            "{shown} is not overwritten: it cannot be read as a credlint baseline \
             (fix it, or move it away to start afresh)"
        ))),
    }
}

/// What a run checked completely: a baseline entry may be dropped only when
/// its file was analysed whole with its rule enabled (or its file is gone
/// from a walked folder) and the findings were not narrowed to a diff.
pub(super) struct Scope {
    config: Arc<Config>,
    rules: HashSet<String>,
    files: HashSet<PathBuf>,
    /// Folders and files walked; a missing file under one was deleted.
    roots: Vec<PathBuf>,
    partial: bool,
    /// With `--diff`: the lines the diff changed in each file read, as the
    /// engine numbers them.
    changed: HashMap<PathBuf, Vec<RangeInclusive<usize>>>,
    /// The files and rules with findings left unmatched against the
    /// baseline (past [`credlint_core::redact::DIGEST_MARGIN`] or
    /// [`credlint_core::redact::SLOW_DIGEST_BUDGET`]), read from
    /// the run's fingerprinting once the scan is over.
    unhashed: std::cell::OnceCell<HashSet<(PathBuf, String)>>,
}

impl Scope {
    /// Paths are compared normalised (see [`walk::normalise`]): a baseline
    /// entry's path joined to its folder against the files this run read.
    fn covers(&self, absolute: &Path, rule: &str) -> bool {
        let absolute = &walk::normalise(absolute);
        let deleted = || {
            self.roots.iter().any(|root| absolute.starts_with(root))
                && std::fs::symlink_metadata(absolute)
                    .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        };
        // A file and rule with findings never matched against the baseline
        // were not checked against its entries: an accepted secret among
        // them would be taken as fixed.
        let unhashed = self.unhashed.get_or_init(|| {
            let spent = self.config.fingerprinting().map(|f| f.unhashed());
            spent
                .unwrap_or_default()
                .into_iter()
                .map(|(path, rule, _)| (walk::normalise(&path), rule))
                .collect()
        });
        !self.partial
            && self.rules.contains(rule)
            && self.config.is_enabled(rule, absolute)
            && (self.files.contains(absolute) || deleted())
            && !unhashed.contains(&(absolute.clone(), rule.to_owned()))
    }
}

/// Says which files had findings reported as new without being matched
/// against the baseline, and how many (see [`baseline::unhashed_note`]),
/// with paths shown from `cwd`: `check --baseline` and `history --baseline`
/// alike.
pub(super) fn print_unhashed(config: &Config, cwd: &Path, updating: bool) {
    let unhashed = config
        .fingerprinting()
        .map(|f| f.unhashed())
        .unwrap_or_default();
    for (path, rule, why) in unhashed {
        let shown = walk::display(path.strip_prefix(cwd).unwrap_or(&path));
        say(format_args!(
            "credlint: note: {}: {}",
            report::terminal(&shown),
            baseline::unhashed_note(&rule, why, updating)
        ));
    }
}

/// The notes of files analysed only in part, printed even with `--quiet`:
/// a secret in the part left out goes unreported, so they warn about what
/// the run covered, as errors do (the skip notes `--quiet` hides are about
/// files the configuration leaves out). The exit status is the findings'
/// as for a skipped file: the file was read, and what could be checked was.
pub(super) fn print_partial(partial: &[FileNote]) {
    print_notes("note", partial);
}

/// Files that could not be scanned, on standard error.
pub(super) fn print_errors(errors: &[FileNote]) {
    print_notes("error", errors);
}

/// Each of `notes` on standard error, as `credlint: LEVEL: PATH: MESSAGE`.
fn print_notes(level: &str, notes: &[FileNote]) {
    for note in notes {
        say(format_args!(
            "credlint: {level}: {}: {}",
            report::terminal(&note.path),
            report::terminal(&note.message)
        ));
    }
}

/// Loads the configuration and analyses what `args` names; `fix` removes
/// unused suppressions from the files walked; `diff`'s lines are numbered
/// as the engine numbers them in the files read ([`Scope::changed`]).
/// Scans what `args` name. `output`, the report's `--output`, is refused
/// before any file is analysed when it names one the walk found (see
/// [`refuse_scanned_output`]).
pub(super) fn scan(
    args: &ScanArgs,
    cwd: &Path,
    show_progress: bool,
    fingerprinting: Option<Fingerprinting>,
    fix: bool,
    diff: Option<&git::Changes>,
    output: Option<&Path>,
) -> Result<(Report, Scope)> {
    let Resolution {
        key,
        hierarchy,
        mut config,
    } = load_config(args, cwd)?;
    if let Some(fingerprinting) = fingerprinting {
        config.set_fingerprinting(fingerprinting);
    }
    let config = Arc::new(config);
    // Each file by its chain of configuration files and the overrides
    // matching it, as the editor judges it; `--config` and `--isolated` set
    // one chain for every file.
    let first = Arc::clone(&config);
    let mut configs = Configs::new(overrides(args), cwd.to_path_buf())
        .prepare(move |c| c.share_fingerprinting(&first));
    if args.isolated || args.config.is_some() {
        configs = configs.fixed(key.0.clone(), Arc::clone(&hierarchy));
    }
    configs.seed(&run_start(args, cwd), key, hierarchy, Arc::clone(&config));
    let configs = Arc::new(configs);
    let config_for = |path: &Path| -> Option<Arc<Config>> { configs.for_path(path) };
    let base_configs = BaseConfigs::default();
    let mut report = Report {
        rules: config.rules(),
        ..Report::default()
    };
    let mut scope = Scope {
        config: Arc::clone(&config),
        rules: report.rules.iter().map(|r| r.id.clone()).collect(),
        files: HashSet::new(),
        roots: Vec::new(),
        partial: false,
        changed: HashMap::new(),
        unhashed: std::cell::OnceCell::new(),
    };
    // `diff`'s lines of a file, numbered in the bytes the scan read.
    let numbered = |target: &Target, bytes: &[u8]| {
        let lines = diff?.lines.get(&target.absolute)?;
        Some(git::as_engine_lines(Some(bytes), lines))
    };

    let stdin_name = args
        .stdin_filename
        .clone()
        .or_else(|| (args.paths == [PathBuf::from("-")]).then(|| "-".into()));
    if let Some(name) = stdin_name {
        // Read up to the read limit, as a file is: `- < /dev/zero` ends.
        let limit = config.read_limit();
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        let target = Target {
            display: walk::display(&name),
            absolute: walk::absolute(cwd, &name),
            named: true,
        };
        // With `--force-exclude`, a name every other run leaves out gets
        // no findings (an editor integration passes the buffer's name).
        if args.force_exclude && configs.is_excluded(&target.absolute, false) {
            return Ok((report, scope));
        }
        let lines = numbered(&target, &bytes);
        let outcome = match bytes.len() as u64 > limit {
            true => skipped(&target, &Skip::TooLarge(bytes.len() as u64), &config),
            false => analyse(&target, Cow::Owned(bytes), &config, Asked::whole(false)),
        };
        let outcome = outcome.with_changed(lines);
        collect(&mut report, &mut scope, vec![outcome]);
        return Ok((report, scope));
    }

    if args.staged {
        let root = git::toplevel(cwd)?;
        let git::Staged { files, unmerged } = git::staged(cwd, &args.paths, config.read_limit())?;
        // A merge conflict's file has no staged content: said, and counted
        // as a file that could not be read (git refuses the commit anyway).
        report.errors.extend(unmerged.iter().map(|path| {
            let absolute = root.join(path);
            FileNote {
                path: (absolute.strip_prefix(cwd))
                    .map_or_else(|_| walk::display(&absolute), walk::display),
                message: "not checked: unmerged (a merge conflict); resolve it and stage the file"
                    .to_owned(),
            }
        }));
        let outcomes: Vec<Outcome> = files
            .par_iter()
            .map(|file| {
                let absolute = root.join(&file.path);
                let display = absolute
                    .strip_prefix(cwd)
                    .map_or_else(|_| walk::display(&absolute), walk::display);
                let target = Target {
                    display,
                    absolute,
                    named: false,
                };
                if args.force_exclude && configs.is_excluded(&target.absolute, false) {
                    return Outcome::Binary;
                }
                let Some(config) = config_for(&target.absolute) else {
                    return Outcome::Binary; // its configuration's error is reported
                };
                match &file.content {
                    git::Blob::Content(bytes) => {
                        let whole = Asked::whole(false);
                        scan_bytes(&target, Cow::Borrowed(bytes), &config, whole)
                            .with_changed(numbered(&target, bytes))
                    }
                    git::Blob::TooBig(size) => skipped(&target, &Skip::TooLarge(*size), &config),
                }
            })
            .collect();
        collect(&mut report, &mut scope, outcomes);
        config_errors(&mut report, &configs);
        return Ok((report, scope));
    }

    let walk::Walk {
        mut targets,
        errors,
        skipped,
    } = walk::targets(&args.paths, cwd, &configs.exclusion(), args.force_exclude);
    if let Some(output) = output {
        refuse_scanned_output(cwd, output, &mut targets)?;
    }
    report.errors.extend(errors);
    report.skipped.extend(skipped);
    let progress = if show_progress
        && targets.len() >= PROGRESS_THRESHOLD
        && std::io::stderr().is_terminal()
    {
        let bar = ProgressBar::new(targets.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos}/{len} files {wide_bar} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let outcomes: Vec<Outcome> = targets
        .par_iter()
        .map(|t| {
            let outcome = match config_for(&t.absolute) {
                Some(config) => {
                    let asked = Asked {
                        reading: if fix { Reading::Fix } else { Reading::Whole },
                        keyed: diff.is_some(),
                    };
                    match read_target(t, &config) {
                        Ok(bytes) => {
                            let lines = numbered(t, &bytes);
                            let outcome = scan_bytes(t, Cow::Owned(bytes), &config, asked)
                                .with_changed(lines);
                            match diff {
                                Some(changes) => {
                                    let base = base_configs.of(&config);
                                    outcome.with_new_by_context(t, &base, changes)
                                }
                                None => outcome,
                            }
                        }
                        Err(outcome) => outcome,
                    }
                }
                None => Outcome::Binary, // its configuration's error is reported
            };
            progress.inc(1);
            outcome
        })
        .collect();
    progress.finish_and_clear();
    collect(&mut report, &mut scope, outcomes);
    config_errors(&mut report, &configs);
    scope.roots = args
        .paths
        .iter()
        .map(|p| walk::normalise(&walk::absolute(cwd, p)))
        .collect();
    Ok((report, scope))
}

/// Broken configuration files met below the first path (a package's own
/// `credlint.toml`): errors, so the run fails, and the files they govern
/// were not scanned.
pub(super) fn config_errors(report: &mut Report, configs: &Configs) {
    for error in configs.errors() {
        let path = error
            .path
            .as_deref()
            .map_or_else(|| "configuration".to_owned(), walk::display);
        let message = error.located_message();
        report.errors.push(FileNote { path, message });
    }
}

fn collect(report: &mut Report, scope: &mut Scope, outcomes: Vec<Outcome>) {
    for outcome in outcomes {
        match outcome {
            Outcome::Scanned(absolute, entries, partial, extra) => {
                report.files_scanned += 1;
                report.suppressed.extend(extra.suppressed);
                report.fixed += extra.fixed;
                // A file analysed only in part keeps its baseline entries.
                if partial.is_none() {
                    scope.files.insert(walk::normalise(&absolute));
                }
                report.entries.extend(entries);
                report.partial.extend(partial);
                if let Some(lines) = extra.changed {
                    scope.changed.insert(absolute, lines);
                }
            }
            Outcome::Binary => {}
            Outcome::Skipped(note) => report.skipped.push(note),
            Outcome::Failed(note) => report.errors.push(note),
        }
    }
    // Every file is analysed: every secret a path can hold is known, and
    // which values the baseline's digests go to can be decided.
    report.hide_path_secrets();
    settle_digests(
        &scope.config,
        report.entries.iter_mut().map(|e| &mut e.finding),
    );
}

/// Gives `findings` the baseline digests they wait for, once every file of
/// the run is analysed: decided in the files' paths' order, so every run
/// leaves the same ones unmatched ([`Fingerprinting::settle`]), and made
/// on rayon's threads, as they were made during the analysis before.
pub(super) fn settle_digests<'a>(config: &Config, findings: impl Iterator<Item = &'a mut Finding>) {
    let Some(fingerprinting) = config.fingerprinting() else {
        return;
    };
    fingerprinting
        .settle()
        .par_iter()
        .for_each(crate::redact::Job::run);
    for finding in findings {
        if let Some(ticket) = finding.baseline.pending.take() {
            finding.baseline.digest = fingerprinting.settled(ticket);
        }
    }
}

/// The configuration for this run, through the workspace layer: the file
/// `--config` names, the defaults (`--isolated`), or the nearest file above
/// the first path; `--select`/`--ignore` on top; the project facts of the
/// project holding that path.
fn load_config(args: &ScanArgs, cwd: &Path) -> Result<Resolution> {
    config_for(args, &run_start(args, cwd), cwd)
}

/// The path this run's configuration is resolved for (see [`load_config`]).
fn run_start(args: &ScanArgs, cwd: &Path) -> PathBuf {
    match &args.stdin_filename {
        Some(name) => walk::absolute(cwd, name),
        None => walk::absolute(
            cwd,
            args.paths.first().map_or(Path::new("."), PathBuf::as_path),
        ),
    }
}

/// A configuration as `check` resolved it for a file or folder.
pub(super) struct Resolution {
    /// The chain's files (nearest first) and the overrides matching.
    pub key: ConfigKey,
    pub hierarchy: Arc<Hierarchy>,
    pub config: Config,
}

/// The configuration that `check` gives a file or folder `start` under
/// these arguments, with the chain it was read from (`credlint config`
/// shows it).
pub(super) fn config_for(args: &ScanArgs, start: &Path, cwd: &Path) -> Result<Resolution> {
    let chain = if args.isolated {
        Vec::new()
    } else if let Some(path) = &args.config {
        vec![workspace::load(&cwd.join(path))?]
    } else {
        workspace::find(start)?
    };
    if chain.is_empty() {
        // No configuration file anchors the project: its root is git's work
        // tree, asked while the configuration compiles.
        workspace::ask_root_ahead(start);
    }
    let paths = chain
        .iter()
        .filter_map(|layer| layer.path().map(|p| p.to_path_buf()))
        .collect();
    let overrides = overrides(args);
    let hierarchy = Arc::new(workspace::hierarchy(chain, &overrides)?);
    let matching = hierarchy.matching(start);
    let mut config = workspace::configure(&hierarchy, &matching, &overrides)?;
    workspace::attach_facts_for(&mut config, start, cwd);
    Ok(Resolution {
        key: (paths, matching),
        hierarchy,
        config,
    })
}

/// What the command line lays over every configuration file.
pub(super) fn overrides(args: &ScanArgs) -> Overrides {
    Overrides {
        settings_modules: None,
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    }
}

pub(super) enum Outcome {
    /// The file's absolute path, its findings, and a note when it was
    /// analysed only in part.
    Scanned(PathBuf, Vec<Entry>, Option<FileNote>, Box<Extra>),
    Binary,
    Skipped(FileNote),
    Failed(FileNote),
}

/// What a scanned file adds besides its findings.
#[derive(Default)]
pub(super) struct Extra {
    suppressed: Vec<report::SuppressedEntry>,
    /// Unused suppressions removed from it.
    fixed: usize,
    /// With `--diff`, the lines it changed ([`Scope::changed`]).
    changed: Option<Vec<RangeInclusive<usize>>>,
    /// Each finding's [`digest`], in order, for `--diff` to match the
    /// findings of lines a change left alone against the base's; computed
    /// only when asked (`keyed`), empty otherwise.
    digests: Vec<Option<u64>>,
}

/// What `--diff` matches a finding of an untouched line by against the
/// base's: the rule and a keyed digest of the secret's bytes ([`digest`]),
/// so that a new secret whose redacted form and name happen to be an old
/// one's (same length, same first and last characters) is not taken for
/// it; a finding without a secret by what it says.
#[derive(PartialEq, Eq, Hash)]
enum Match<'a> {
    Secret(&'a str, u64),
    Said(&'a str, Option<&'a str>, &'a str),
}

impl<'a> Match<'a> {
    /// `finding`'s match, its secret's digest `digest`.
    fn of(finding: &'a Finding, digest: Option<u64>) -> Match<'a> {
        match digest {
            Some(digest) => Match::Secret(&finding.rule, digest),
            None => Match::Said(&finding.rule, finding.variable.as_deref(), &finding.message),
        }
    }
}

/// The key of [`digest`]: drawn at random once per process (the standard
/// library's SipHash keys), never shown or stored, so a digest says
/// nothing of a secret outside the run, and a change cannot choose a new
/// secret whose digest is an old one's.
static DIGEST_KEY: std::sync::LazyLock<std::hash::RandomState> =
    std::sync::LazyLock::new(std::hash::RandomState::new);

/// The keyed digests of `findings`' secrets, as written in `text` (the
/// bytes they were found in); `None` for a finding without a secret. Kept
/// in memory for the run only ([`DIGEST_KEY`]), never output. None at all
/// unless `keyed` (a run without `--diff` matches no base).
fn digests(findings: &[Finding], text: &[u8], keyed: bool) -> Vec<Option<u64>> {
    use std::hash::BuildHasher;
    if !keyed {
        return Vec::new();
    }
    (findings.iter())
        .map(|f| {
            let secret = f.redacted.as_ref().and(text.get(f.span.clone()))?;
            Some(DIGEST_KEY.hash_one((&f.rule, secret)))
        })
        .collect()
}

/// The configurations the bases of a `--diff` run are analysed with: each
/// of the run's configurations without its baseline fingerprinting, made
/// once per run and shared by every file it governs (a configuration is
/// large: its rules' compiled patterns and tables).
#[derive(Default)]
struct BaseConfigs(std::sync::Mutex<Vec<(Arc<Config>, Arc<Config>)>>);

impl BaseConfigs {
    /// The configuration to analyse the base of a file `config` governs with.
    fn of(&self, config: &Arc<Config>) -> Arc<Config> {
        if config.fingerprinting().is_none() {
            return Arc::clone(config);
        }
        let mut made = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, base)) = made.iter().find(|(c, _)| Arc::ptr_eq(c, config)) {
            return Arc::clone(base);
        }
        let base = Arc::new(config.without_fingerprinting());
        made.push((Arc::clone(config), Arc::clone(&base)));
        base
    }
}

impl Outcome {
    /// A scanned file's outcome with the lines a diff changed in it.
    fn with_changed(mut self, lines: Option<Vec<RangeInclusive<usize>>>) -> Outcome {
        if let Outcome::Scanned(_, _, _, extra) = &mut self {
            extra.changed = lines;
        }
        self
    }

    /// Counts as the change's the findings on lines it left alone that the
    /// file at the diff's base did not have: a change can make an unchanged
    /// line a credential (`notes: |` renamed `password: |` above its
    /// value, an import naming a call's class `HTTPBasicAuth`). The base
    /// is analysed with `base`, the same configuration without baseline
    /// keys ([`BaseConfigs`]), and its findings are matched one for one by
    /// rule and secret, or by what they say when they hold none
    /// ([`Match`]). A base that cannot be read leaves every such finding
    /// the change's.
    fn with_new_by_context(
        mut self,
        target: &Target,
        base: &Config,
        changes: &git::Changes,
    ) -> Outcome {
        let Outcome::Scanned(_, entries, _, extra) = &mut self else {
            return self;
        };
        let digests = std::mem::take(&mut extra.digests);
        let Some(lines) = extra.changed.as_mut() else {
            return self;
        };
        let mut untouched = (entries.iter().zip(digests))
            .filter(|(e, _)| !on_lines(&e.finding, lines))
            .peekable();
        if untouched.peek().is_none() {
            return self;
        }
        let was = match changes.base_content(&target.absolute, base.read_limit()) {
            Ok(Some(git::Blob::Content(bytes))) => {
                scan_bytes(target, Cow::Owned(bytes), base, Asked::whole(true))
            }
            _ => Outcome::Binary,
        };
        let mut before: HashMap<Match, usize> = HashMap::new();
        if let Outcome::Scanned(_, found, _, extra) = &was {
            for (entry, digest) in found.iter().zip(&extra.digests) {
                *before
                    .entry(Match::of(&entry.finding, *digest))
                    .or_default() += 1;
            }
        }
        let mut new = Vec::new();
        for (entry, digest) in untouched {
            match before.get_mut(&Match::of(&entry.finding, digest)) {
                Some(count) if *count > 0 => *count -= 1,
                _ => new.push(
                    entry.finding.start.line..=entry.finding.end.line.max(entry.finding.start.line),
                ),
            }
        }
        lines.extend(new);
        self
    }
}

/// Whether `finding` is on one of `lines`: a finding over several lines is
/// when any of them is (a new private key under an unchanged `BEGIN` line).
fn on_lines(finding: &Finding, lines: &[RangeInclusive<usize>]) -> bool {
    let (first, last) = (finding.start.line, finding.end.line);
    lines
        .iter()
        .any(|l| *l.start() <= last.max(first) && first <= *l.end())
}

/// A regular file's bytes, or the outcome that says why it was not read.
fn read_target(target: &Target, config: &Config) -> Result<Vec<u8>, Outcome> {
    read::read_file(&target.absolute, config).map_err(|unread| match unread {
        Unread::Io(e) => Outcome::Failed(note(target, e.to_string())),
        Unread::NotRegular(kind) => Outcome::Skipped(note(target, walk::not_regular(kind))),
        Unread::TooLarge(size) => skipped(target, &Skip::TooLarge(size), config),
    })
}

fn note(target: &Target, message: String) -> FileNote {
    FileNote {
        path: target.display.clone(),
        message,
    }
}

pub(super) fn skipped(target: &Target, skip: &Skip, config: &Config) -> Outcome {
    match skip.note(config) {
        Some(message) => Outcome::Skipped(note(target, message)),
        None => Outcome::Binary,
    }
}

/// What a scan of one file is asked for: how it reads the file, and
/// whether the secrets of its findings are digested ([`digests`]) to be
/// matched against a diff base's ([`Extra::digests`]), which only `--diff`
/// needs.
pub(super) struct Asked {
    pub(super) reading: Reading,
    pub(super) keyed: bool,
}

impl Asked {
    /// The whole file, read-only.
    pub(super) fn whole(keyed: bool) -> Asked {
        Asked {
            reading: Reading::Whole,
            keyed,
        }
    }
}

/// How much of a file a scan reads, and whether it may write it.
pub(super) enum Reading {
    Whole,
    /// The whole file, whose unused suppressions are removed (`--fix`).
    Fix,
    /// Only these byte ranges differ from a version already analysed (see
    /// [`crate::Document::with_changed`]).
    Changed(Vec<Range<usize>>),
    /// The whole text decoded from another encoding than UTF-8: read-only.
    Decoded,
}

/// Skips binary, oversized and generated content, analyses the rest. Bytes
/// handed over are analysed in place when they are UTF-8, not copied; UTF-16
/// and UTF-32 with a byte-order mark are decoded first, and analysed whole
/// and never rewritten (their byte ranges and bytes are not the text's).
///
/// A panic while one file is analysed (a bug) costs that file alone: it is
/// reported as not checked, the run goes on and exits 2.
pub(super) fn scan_bytes(
    target: &Target,
    bytes: Cow<'_, [u8]>,
    config: &Config,
    asked: Asked,
) -> Outcome {
    let scan = std::panic::AssertUnwindSafe(|| scan_unguarded(target, bytes, config, asked));
    std::panic::catch_unwind(scan).unwrap_or_else(|_| {
        Outcome::Failed(note(
            target,
            "not checked: credlint failed on it (an internal error, a bug worth reporting)"
                .to_owned(),
        ))
    })
}

fn scan_unguarded(target: &Target, bytes: Cow<'_, [u8]>, config: &Config, asked: Asked) -> Outcome {
    // A fault the tests inject in a debug build, to show a panic costs its
    // file alone and its message stays unsaid.
    #[cfg(debug_assertions)]
    if std::env::var_os("CREDLINT_TEST_PANIC_ON")
        .is_some_and(|name| target.absolute.file_name() == Some(name.as_os_str()))
    {
        panic!(
            "injected fault quoting {:?}",
            String::from_utf8_lossy(&bytes)
        );
    }
    let (bytes, decoded) = credlint_core::encoding::to_utf8(bytes);
    let Asked { reading, keyed } = asked;
    let reading = match decoded {
        true => Reading::Decoded,
        false => reading,
    };
    match crate::skip::skip(&bytes, config) {
        Some(Skip::Binary) => analyse_binary(target, &bytes, config, keyed),
        Some(skip) => skipped(target, &skip, config),
        None => analyse(target, bytes, config, Asked { reading, keyed }),
    }
}

/// Runs the engine's binary checks (keystores) on a binary file. Counted
/// as scanned only when it has findings: other binary files met in a walk
/// stay silent, and one named gets a note (it was asked for and not read
/// as text).
fn analyse_binary(target: &Target, bytes: &[u8], config: &Config, keyed: bool) -> Outcome {
    let findings = crate::analyse_bytes(&target.absolute, bytes, config).findings;
    if findings.is_empty() && target.named {
        return Outcome::Skipped(note(
            target,
            "binary (a NUL byte among many control bytes in its first 8 KiB): \
             not read as text, only checked for keystores"
                .to_owned(),
        ));
    }
    if findings.is_empty() {
        return Outcome::Binary;
    }
    let extra = Box::new(Extra {
        digests: digests(&findings, bytes, keyed),
        ..Extra::default()
    });
    let entries = findings
        .into_iter()
        .map(|finding| Entry {
            path: target.display.clone(),
            absolute: target.absolute.clone(),
            excerpt: report::binary_excerpt(),
            finding,
            provenance: None,
        })
        .collect();
    Outcome::Scanned(target.absolute.clone(), entries, None, extra)
}

/// Whether the Rust file at `path` is declared as test-only code by its
/// parent (`#[cfg(test)] mod tests;`), as its parent reads on disk now.
fn declared_for_tests(path: &Path) -> bool {
    crate::workspace::modules::Parents::on_disk().declared_for_tests(path)
}

/// Runs the engine on one file's bytes (read lossily when not UTF-8). With
/// [`Reading::Fix`], unused suppressions are removed from a UTF-8 file and the
/// new text is analysed again, so that positions are the file's new ones.
fn analyse(target: &Target, bytes: Cow<'_, [u8]>, config: &Config, asked: Asked) -> Outcome {
    let Asked { reading, keyed } = asked;
    let (text, utf8) = match String::from_utf8(bytes.into_owned()) {
        Ok(text) => (text, true),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), false),
    };
    let test_module = declared_for_tests(&target.absolute);
    let mut document = Document::new(&target.absolute, text).declared_for_tests(test_module);
    let fix = matches!(reading, Reading::Fix);
    if let Reading::Changed(changed) = reading {
        document = document.with_changed(changed);
    }
    let mut analysis = crate::analyse(&document, config);
    let mut extra = Box::<Extra>::default();
    let fixable = fix && utf8;
    if let Some((text, count)) = fixable
        .then(|| crate::suppress::remove_unused(&document.text, &analysis.findings))
        .flatten()
    {
        let read = document.text.as_bytes();
        if let Err(e) = super::replace::rewrite(&target.absolute, read, text.as_bytes()) {
            return Outcome::Failed(note(
                target,
                format!("cannot remove unused suppressions: {e:#}"),
            ));
        }
        extra.fixed = count;
        document = Document::new(&target.absolute, text).declared_for_tests(test_module);
        analysis = crate::analyse(&document, config);
    }
    // What the excerpts hide, found with what the analysis already found.
    let secrets = match analysis.tokens_only || analysis.findings.is_empty() {
        true => Vec::new(),
        false => analysis.secret_spans(&document, config),
    };
    let crate::Analysis {
        findings,
        partial,
        suppressed,
        tokens_only,
        lines,
        ..
    } = analysis;
    // A file named after a secret it holds is shown without it (the walk
    // shows a path before its file is analysed).
    let target = &Target {
        display: crate::engine::redact_path(&target.display).into_owned(),
        absolute: target.absolute.clone(),
        named: target.named,
    };
    extra.suppressed = suppressed
        .into_iter()
        .map(|suppressed| report::SuppressedEntry {
            path: target.display.clone(),
            suppressed,
        })
        .collect();
    let partial = partial.map(|message| note(target, message));
    if findings.is_empty() {
        return Outcome::Scanned(target.absolute.clone(), Vec::new(), partial, extra);
    }
    // An oversized file was searched for provider tokens only: its findings
    // are shown bare, and its text was not searched again for the secrets
    // an excerpt would have to hide (`secrets` is empty).
    let secrets = report::Secrets::new(secrets);
    extra.digests = digests(&findings, document.text.as_bytes(), keyed);
    // The engine's index of this text: its line starts are found once.
    let index = LineIndex::with_found(&document.text, lines);
    let entries = findings
        .into_iter()
        .map(|finding| Entry {
            path: target.display.clone(),
            absolute: target.absolute.clone(),
            excerpt: match tokens_only {
                true => report::bare_excerpt(finding.redacted.as_deref().unwrap_or("")),
                false => report::excerpt(&document.text, &index, &secrets, &finding.span),
            },
            finding,
            provenance: None,
        })
        .collect();
    Outcome::Scanned(target.absolute.clone(), entries, partial, extra)
}

/// Refuses an `--output` that would replace what the run reads or the
/// project's own files: one of `inputs` (the paths named, the baseline, the
/// configuration file) or a file git tracks. `check -o app.py`, its report's
/// name forgotten, scanned the folder and wrote the report over `app.py`;
/// `-o` naming the baseline replaced it. A new file, or an earlier report
/// git does not track, is written as asked.
pub(super) fn refuse_input_as_output<'a>(
    cwd: &Path,
    output: &Path,
    inputs: impl IntoIterator<Item = &'a PathBuf>,
) -> Result<()> {
    let Ok(target) = walk::absolute(cwd, output).canonicalize() else {
        return Ok(()); // nothing there yet to lose
    };
    let shown = || report::terminal(&walk::display(output));
    for input in inputs {
        if walk::absolute(cwd, input).canonicalize().ok().as_ref() == Some(&target) {
            bail!(
                "--output {} is also read by this run: the report would replace it; name another file",
                shown()
            );
        }
    }
    if git::is_tracked(&target) {
        bail!(
            "--output {} is a file git tracks: the report would replace it; name another file",
            shown()
        );
    }
    Ok(())
}

/// Refuses an `--output` naming a file the walk found, which the run is
/// about to scan: outside git, `check -o app.py` (the report's name
/// forgotten) with only the folder named wrote the report over `app.py`
/// (a14 #7). Nothing is analysed or written; the error names the path as
/// every report shows one. An earlier report (of any format, or an empty
/// file) is no one's data: it is replaced, and left out of the scan, so
/// `check -o report.json .` can run again in the same folder.
fn refuse_scanned_output(cwd: &Path, output: &Path, targets: &mut Vec<Target>) -> Result<()> {
    let Ok(replaced) = walk::absolute(cwd, output).canonicalize() else {
        return Ok(()); // nothing there yet to lose
    };
    // Only the files of the same name are resolved.
    let Some(scanned) = (targets.iter()).position(|t| {
        t.absolute.file_name() == replaced.file_name()
            && t.absolute.canonicalize().ok().as_ref() == Some(&replaced)
    }) else {
        return Ok(());
    };
    if std::fs::read(&replaced).is_ok_and(|bytes| report::is_earlier_report(&bytes)) {
        targets.remove(scanned);
    } else {
        bail!(
            "--output {} is a file this run scans: the report would replace it; \
             name another file (outside the scanned paths, or excluded)",
            report::terminal(&walk::display(output))
        );
    }
    Ok(())
}

/// Writes the report to `--output` or standard output. A reader that
/// stopped reading standard output (`credlint check | head -1`) is not an
/// error: the report ends there, and the exit code still gives the verdict.
pub(super) fn write_report(
    report: &Report,
    format: Format,
    output: Option<&Path>,
    style: Style,
) -> Result<()> {
    let style = |color| Style { color, ..style };
    match output {
        Some(path) => {
            let write = || -> std::io::Result<()> {
                let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
                report::write(report, format, style(false), &mut file)?;
                file.flush()
            };
            write().with_context(|| format!("cannot write the report to {}", path.display()))
        }
        None => {
            let stdout = std::io::stdout();
            let color = format == Format::Text
                && stdout.is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let mut out = std::io::BufWriter::new(stdout.lock());
            match report::write(report, format, style(color), &mut out).and_then(|()| out.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                written => written.context("cannot write the report to standard output"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::BaselineHasher;

    /// The bases of a `--diff` run are analysed with one configuration per
    /// configuration of the run, however many files it governs, which
    /// computes no baseline keys; without a baseline, the run's own.
    #[test]
    fn bases_share_one_configuration_without_baseline_keys() {
        let plain = Arc::new(Config::default());
        let hasher = Arc::new(BaselineHasher::generate().unwrap());
        let mut keyed = Config::default();
        keyed.set_fingerprinting(Fingerprinting::new(hasher, false, None));
        let keyed = Arc::new(keyed);
        let bases = BaseConfigs::default();
        assert!(Arc::ptr_eq(&bases.of(&plain), &plain));
        let base = bases.of(&keyed);
        assert!(base.fingerprinting().is_none());
        assert!(Arc::ptr_eq(&bases.of(&keyed), &base));
        assert!(Arc::ptr_eq(&bases.of(&Arc::clone(&keyed)), &base));
    }

    /// Review: every finding's secret was digested (keyed SipHash) on every
    /// run, though only `--diff` matches findings against a base's: a run
    /// that is not keyed computes none.
    #[test]
    fn secrets_are_digested_only_for_a_diff() {
        let target = Target {
            display: "app.py".to_owned(),
            absolute: PathBuf::from("/project/app.py"),
            named: true,
        };
        let text = format!("password = \"{}\"\n", ["Zq7!kP2w", "9x#Lm4"].concat());
        let config = Config::default();
        let digests = |keyed| {
            let bytes = Cow::Borrowed(text.as_bytes());
            match scan_bytes(&target, bytes, &config, Asked::whole(keyed)) {
                Outcome::Scanned(_, entries, _, extra) => (entries.len(), extra.digests),
                _ => panic!("app.py was not scanned"),
            }
        };
        let (found, keyed) = digests(true);
        assert_eq!(found, 1);
        assert!(matches!(keyed[..], [Some(_)]), "{keyed:?}");
        assert_eq!(digests(false), (1, Vec::new()));
    }
}
