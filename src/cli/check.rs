//! `credlint check` and `credlint baseline`: configuration, the files (walked,
//! staged or from stdin), parallel analysis, filters (diff, baseline), the
//! report and the exit code.

use super::baseline::{self, Baseline};
use super::walk::{self, Target};
use super::{git, BaselineArgs, CheckArgs, ScanArgs};
use crate::config::Config;
use crate::document::Document;
use crate::finding::Finding;
use crate::lines::LineIndex;
use crate::report::{self, Entry, FileNote, Format, Report, Style};
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Bytes sniffed for a NUL to tell binary files from text.
const BINARY_SNIFF: usize = 8192;

/// Scans below this many files finish before a progress bar is worth drawing.
const PROGRESS_THRESHOLD: usize = 500;

pub fn run(args: CheckArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let show_progress = args.format.is_human() && !args.quiet && args.output.is_none();
    let mut report = scan(&args.scan, &cwd, show_progress)?;

    if let Some(rev) = &args.diff {
        let changed = git::changed_lines(&cwd, rev)?;
        report.entries.retain(|entry| {
            changed
                .get(&entry.absolute)
                .is_some_and(|lines| lines.iter().any(|l| l.contains(&entry.finding.start.line)))
        });
    }
    if let Some(path) = &args.baseline {
        let path = walk::absolute(&cwd, path);
        let known = Baseline::load(&path)?;
        if args.update_baseline {
            if let Baseline::Credlint { dir, entries } = &known {
                let current: Vec<_> = report
                    .entries
                    .iter()
                    .map(|e| baseline::entry(dir, &e.absolute, &e.finding))
                    .collect();
                baseline::write(
                    &path,
                    entries.iter().filter(|e| current.contains(e)).cloned(),
                )?;
            } else {
                anyhow::bail!("--update-baseline rewrites credlint baselines only; convert with `credlint baseline --from-detect-secrets`");
            }
        }
        report
            .entries
            .retain(|entry| !known.contains(&entry.absolute, &entry.finding));
    }

    if !args.quiet {
        for note in &report.skipped {
            eprintln!("credlint: note: skipped {}: {}", note.path, note.message);
        }
        for note in &report.partial {
            eprintln!("credlint: note: {}: {}", note.path, note.message);
        }
    }
    for note in &report.errors {
        eprintln!("credlint: error: {}: {}", note.path, note.message);
    }
    write_report(&report, &args)?;
    Ok(if !report.errors.is_empty() {
        ExitCode::from(2)
    } else if !report.entries.is_empty() && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `credlint baseline`: records the current findings.
pub fn baseline(args: BaselineArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let report = scan(&args.scan, &cwd, false)?;
    for note in &report.errors {
        eprintln!("credlint: error: {}: {}", note.path, note.message);
    }
    let output = walk::absolute(&cwd, &args.output);
    let dir = output.parent().map(Path::to_path_buf).unwrap_or_default();
    let accepted = match &args.from_detect_secrets {
        Some(path) => Some(Baseline::load(&walk::absolute(&cwd, path))?),
        None => None,
    };
    let entries: Vec<_> = report
        .entries
        .iter()
        .filter(|e| {
            accepted
                .as_ref()
                .is_none_or(|a| a.contains(&e.absolute, &e.finding))
        })
        .map(|e| baseline::entry(&dir, &e.absolute, &e.finding))
        .collect();
    let count = entries.len();
    baseline::write(&output, entries)?;
    eprintln!(
        "credlint: wrote {count} finding(s) to {}",
        walk::display(&args.output)
    );
    Ok(if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Loads the configuration and analyses what `args` names.
fn scan(args: &ScanArgs, cwd: &Path, show_progress: bool) -> Result<Report> {
    let mut config = load_config(args, cwd)?;
    config.override_selection(args.select.clone(), args.ignore.clone())?;
    let root = project_root(&config, cwd);
    if config.wants_project(&root) {
        let modules = crate::project::settings_modules(&root, &config);
        let project = crate::project::discover(&root, &modules);
        config.set_project(project);
    }
    let config = Arc::new(config);
    let mut report = Report {
        rules: config.rules(),
        ..Report::default()
    };

    let stdin_name = args
        .stdin_filename
        .clone()
        .or_else(|| (args.paths == [PathBuf::from("-")]).then(|| "-".into()));
    if let Some(name) = stdin_name {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        let target = Target {
            display: walk::display(&name),
            absolute: walk::absolute(cwd, &name),
        };
        collect(&mut report, vec![analyse(&target, &bytes, &config)]);
        return Ok(report);
    }

    if args.staged {
        let root = git::toplevel(cwd)?;
        let files = git::staged(cwd, &args.paths)?;
        let outcomes: Vec<Outcome> = files
            .par_iter()
            .map(|file| {
                let absolute = root.join(&file.path);
                let display = absolute
                    .strip_prefix(cwd)
                    .map_or_else(|_| walk::display(&absolute), walk::display);
                let target = Target { display, absolute };
                if args.force_exclude && config.is_excluded(&target.absolute, false) {
                    return Outcome::Binary;
                }
                scan_bytes(&target, &file.content, &config)
            })
            .collect();
        collect(&mut report, outcomes);
        return Ok(report);
    }

    let mut errors = Vec::new();
    let targets = walk::targets(&args.paths, cwd, &config, args.force_exclude, &mut errors);
    report.errors.extend(
        errors
            .into_iter()
            .map(|(path, message)| FileNote { path, message }),
    );
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
            let outcome = scan_file(t, &config);
            progress.inc(1);
            outcome
        })
        .collect();
    progress.finish_and_clear();
    collect(&mut report, outcomes);
    Ok(report)
}

/// Every file with findings under `roots`, each folder with its own
/// configuration (the language server's workspace scan).
pub fn scan_roots(roots: &[PathBuf]) -> Vec<(PathBuf, String, Vec<Finding>)> {
    let mut out = Vec::new();
    for root in roots {
        let config = match Config::find(root) {
            Ok(Some((path, options))) => {
                let folder = path.parent().map(Path::to_path_buf);
                Config::from_options(options, folder, Some(path)).unwrap_or_default()
            }
            _ => Config::default(),
        };
        let config = Arc::new(config);
        let targets = walk::targets(
            std::slice::from_ref(root),
            root,
            &config,
            false,
            &mut Vec::new(),
        );
        out.par_extend(targets.par_iter().filter_map(|target| {
            let bytes = std::fs::read(&target.absolute).ok()?;
            let binary = memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]).is_some();
            if binary || bytes.len() as u64 > config.max_file_size {
                return None;
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let findings = crate::check(&Document::new(&target.absolute, text.as_str()), &config);
            (!findings.is_empty()).then(|| (target.absolute.clone(), text, findings))
        }));
    }
    out
}

/// Where the project's template, settings modules and `.gitignore` live:
/// the configuration file's folder, else the git work tree, else `cwd`.
pub fn project_root(config: &Config, cwd: &Path) -> PathBuf {
    config
        .root()
        .map(Path::to_path_buf)
        .or_else(|| git::toplevel(cwd).ok())
        .unwrap_or_else(|| cwd.to_path_buf())
}

fn collect(report: &mut Report, outcomes: Vec<Outcome>) {
    for outcome in outcomes {
        match outcome {
            Outcome::Scanned(entries, partial) => {
                report.files_scanned += 1;
                report.entries.extend(entries);
                report.partial.extend(partial);
            }
            Outcome::Binary => {}
            Outcome::Skipped(note) => report.skipped.push(note),
            Outcome::Failed(note) => report.errors.push(note),
        }
    }
}

fn load_config(args: &ScanArgs, cwd: &Path) -> Result<Config> {
    if args.isolated {
        return Ok(Config::default());
    }
    if let Some(path) = &args.config {
        return Ok(Config::load(&cwd.join(path))?);
    }
    let start = match &args.stdin_filename {
        Some(name) => walk::absolute(cwd, name),
        None => walk::absolute(
            cwd,
            args.paths.first().map_or(Path::new("."), PathBuf::as_path),
        ),
    };
    Ok(match Config::find(&start)? {
        Some((path, options)) => {
            let root = path.parent().map(Path::to_path_buf);
            Config::from_options(options, root, Some(path))?
        }
        None => Config::default(),
    })
}

enum Outcome {
    /// The findings, and a note when the file was analysed only in part.
    Scanned(Vec<Entry>, Option<FileNote>),
    Binary,
    Skipped(FileNote),
    Failed(FileNote),
}

fn scan_file(target: &Target, config: &Config) -> Outcome {
    let size = match std::fs::metadata(&target.absolute) {
        Ok(metadata) => metadata.len(),
        Err(e) => return Outcome::Failed(note(target, e.to_string())),
    };
    if size > config.max_file_size {
        return too_big(target, size, config);
    }
    match std::fs::read(&target.absolute) {
        Ok(bytes) => scan_bytes(target, &bytes, config),
        Err(e) => Outcome::Failed(note(target, e.to_string())),
    }
}

fn note(target: &Target, message: String) -> FileNote {
    FileNote {
        path: target.display.clone(),
        message,
    }
}

fn too_big(target: &Target, size: u64, config: &Config) -> Outcome {
    Outcome::Skipped(note(
        target,
        format!(
            "{size} bytes is over the {} byte limit (`max-file-size`)",
            config.max_file_size
        ),
    ))
}

/// Skips binary and oversized content, analyses the rest.
fn scan_bytes(target: &Target, bytes: &[u8], config: &Config) -> Outcome {
    if bytes.len() as u64 > config.max_file_size {
        return too_big(target, bytes.len() as u64, config);
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]).is_some() {
        return Outcome::Binary;
    }
    analyse(target, bytes, config)
}

/// Runs the engine on one file's bytes (read lossily when not UTF-8).
fn analyse(target: &Target, bytes: &[u8], config: &Config) -> Outcome {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let document = Document::new(&target.absolute, text);
    let crate::Analysis { findings, partial } = crate::analyse(&document, config);
    let index = LineIndex::new(&document.text);
    let entries = findings
        .iter()
        .map(|finding| {
            let (line, focus) = redacted_line(&document.text, &index, finding, &findings);
            Entry {
                path: target.display.clone(),
                absolute: target.absolute.clone(),
                finding: finding.clone(),
                line,
                focus,
            }
        })
        .collect();
    Outcome::Scanned(entries, partial.map(|message| note(target, message)))
}

/// The first line of `finding`, with every secret found on that line
/// replaced by its redacted form, and where `finding` sits in it.
fn redacted_line(
    text: &str,
    index: &LineIndex,
    finding: &Finding,
    all: &[Finding],
) -> (String, std::ops::Range<usize>) {
    let line = finding.start.line - 1;
    let start = index.line_start(line);
    let source = index.line_text(line);
    let end = start + source.len();
    let mut secrets: Vec<&Finding> = all
        .iter()
        .filter(|f| f.redacted.is_some() && f.span.start < end && f.span.end > start)
        .collect();
    secrets.sort_by_key(|f| f.span.start);
    let mut out = String::new();
    let mut cursor = start;
    let mut focus = None;
    for secret in secrets {
        let from = secret.span.start.max(cursor);
        let to = secret.span.end.min(end);
        if from >= to {
            continue;
        }
        out.push_str(&text[cursor..from]);
        let shown = secret.redacted.as_deref().unwrap_or("");
        if std::ptr::eq(secret, finding) {
            focus = Some(out.len()..out.len() + shown.len());
        }
        out.push_str(shown);
        cursor = to;
    }
    out.push_str(&text[cursor..end]);
    let focus = focus.unwrap_or_else(|| {
        // Not a secret: point at the flagged text, shifted by the redactions before it.
        let shift = |offset: usize| -> usize {
            let offset = offset.clamp(start, end);
            let delta: isize = all
                .iter()
                .filter(|f| f.redacted.is_some() && f.span.end <= offset && f.span.start >= start)
                .map(|f| f.redacted.as_deref().unwrap_or("").len() as isize - f.span.len() as isize)
                .sum();
            (offset - start).saturating_add_signed(delta).min(out.len())
        };
        let (from, to) = (shift(finding.span.start), shift(finding.span.end));
        from..to.max(from)
    });
    (out, focus)
}

fn write_report(report: &Report, args: &CheckArgs) -> Result<()> {
    match &args.output {
        Some(path) => {
            let mut file = std::io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("cannot create {}", path.display()))?,
            );
            let style = Style {
                color: false,
                quiet: args.quiet,
            };
            report::write(report, args.format, style, &mut file)?;
            file.flush()?;
        }
        None => {
            let stdout = std::io::stdout();
            let color = args.format == Format::Text
                && stdout.is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let mut out = std::io::BufWriter::new(stdout.lock());
            report::write(
                report,
                args.format,
                Style {
                    color,
                    quiet: args.quiet,
                },
                &mut out,
            )?;
            out.flush()?;
        }
    }
    Ok(())
}
