//! `credlint check`: configuration, the walk, parallel analysis, the report.

use super::walk::{self, Target};
use super::CheckArgs;
use crate::config::Config;
use crate::document::Document;
use crate::finding::Finding;
use crate::lines::LineIndex;
use crate::report::{self, Entry, FileNote, Format, Report, Style};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Bytes sniffed for a NUL to tell binary files from text.
const BINARY_SNIFF: usize = 8192;

pub fn run(args: CheckArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let mut config = load_config(&args, &cwd)?;
    config.override_selection(args.select.clone(), args.ignore.clone())?;
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
            absolute: cwd.join(&name),
        };
        report.entries = analyse(&target, &bytes, &config);
        report.files_scanned = 1;
    } else {
        let mut errors = Vec::new();
        let targets = walk::targets(&args.paths, &cwd, &config, args.force_exclude, &mut errors);
        report.errors.extend(
            errors
                .into_iter()
                .map(|(path, message)| FileNote { path, message }),
        );
        let outcomes: Vec<Outcome> = targets.par_iter().map(|t| scan_file(t, &config)).collect();
        for outcome in outcomes {
            match outcome {
                Outcome::Scanned(entries) => {
                    report.files_scanned += 1;
                    report.entries.extend(entries);
                }
                Outcome::Binary => {}
                Outcome::Skipped(note) => report.skipped.push(note),
                Outcome::Failed(note) => report.errors.push(note),
            }
        }
    }

    for note in &report.skipped {
        eprintln!("credlint: note: skipped {}: {}", note.path, note.message);
    }
    for note in &report.errors {
        eprintln!("credlint: error: {}: {}", note.path, note.message);
    }
    write_report(&report, &args)?;
    Ok(if !report.errors.is_empty() {
        ExitCode::from(2)
    } else if !report.entries.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn load_config(args: &CheckArgs, cwd: &Path) -> Result<Config> {
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
    Scanned(Vec<Entry>),
    Binary,
    Skipped(FileNote),
    Failed(FileNote),
}

fn scan_file(target: &Target, config: &Config) -> Outcome {
    let note = |message: String| FileNote {
        path: target.display.clone(),
        message,
    };
    let size = match std::fs::metadata(&target.absolute) {
        Ok(metadata) => metadata.len(),
        Err(e) => return Outcome::Failed(note(e.to_string())),
    };
    if size > config.max_file_size {
        return Outcome::Skipped(note(format!(
            "{size} bytes is over the {} byte limit (`max-file-size`)",
            config.max_file_size
        )));
    }
    match std::fs::read(&target.absolute) {
        Ok(bytes) if memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]).is_some() => {
            Outcome::Binary
        }
        Ok(bytes) => Outcome::Scanned(analyse(target, &bytes, config)),
        Err(e) => Outcome::Failed(note(e.to_string())),
    }
}

/// Runs the engine on one file's bytes (read lossily when not UTF-8).
fn analyse(target: &Target, bytes: &[u8], config: &Config) -> Vec<Entry> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let document = Document::new(&target.absolute, text);
    let findings = crate::check(&document, config);
    let index = LineIndex::new(&document.text);
    findings
        .iter()
        .map(|finding| {
            let (line, focus) = redacted_line(&document.text, &index, finding, &findings);
            Entry {
                path: target.display.clone(),
                finding: finding.clone(),
                line,
                focus,
            }
        })
        .collect()
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
            report::write(report, args.format, Style { color: false }, &mut file)?;
            file.flush()?;
        }
        None => {
            let stdout = std::io::stdout();
            let color = args.format == Format::Text
                && stdout.is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let mut out = std::io::BufWriter::new(stdout.lock());
            report::write(report, args.format, Style { color }, &mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}
