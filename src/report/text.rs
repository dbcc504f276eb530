//! The human format: one block per finding, then a summary line.
//!
//! ```text
//! app.py:4:16: error[secret/hardcoded-credential] `DB_PASSWORD` is set to a hardcoded secret `Tr…xK (13 chars)`
//!   |
//! 4 | DB_PASSWORD = "Tr…xK (13 chars)"
//!   |                ^^^^^^^^^^^^^^^^ secrets belong in the environment, read through the settings module
//! ```
//!
//! The location comes first, as `path:line:col:`, so terminals and editors
//! link it. The shown line is the redacted excerpt; everything that comes
//! from a file or its name passes through [`terminal`].

use super::{Entry, Report, Style};
use crate::finding::Severity;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// Text made safe for a terminal: control characters (escape sequences, a
/// `\r` that rewinds the line) and bidirectional overrides, which would let a
/// file name or a line rewrite or hide what is shown, appear as `\u{1b}`;
/// tabs become four spaces so the carets line up.
pub fn terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
                )
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                super::spell_out(c, &mut out)
            }
            c => out.push(c),
        }
    }
    out
}

struct Paint(bool);

impl Paint {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

pub fn write(report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let paint = Paint(style.color);
    for entry in &report.entries {
        write_entry(report, entry, &paint, out)?;
    }
    write_suppressed(report, &paint, out)?;
    if style.quiet {
        return Ok(());
    }
    let findings = report.entries.len();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if let Some(history) = &report.history {
        let scanned = format!(
            "{} of {}",
            plural(report.files_scanned, "blob"),
            plural(history.commits, "commit")
        );
        if findings == 0 {
            writeln!(out, "No findings in {scanned}.")?;
        } else {
            let live = report
                .entries
                .iter()
                .filter(|e| e.provenance.as_ref().is_some_and(|p| p.in_worktree))
                .count();
            writeln!(
                out,
                "Found {} in the history ({scanned} scanned), {live} still in the working tree. \
                 A secret once committed is leaked: rotate it, whether or not it is still there.",
                plural(findings, "finding"),
            )?;
        }
        return Ok(());
    }
    if findings == 0 {
        writeln!(
            out,
            "No findings in {}.",
            plural(report.files_scanned, "file")
        )?;
    } else {
        writeln!(
            out,
            "Found {} in {} ({} scanned). Move secrets to the environment and read them through the \
             settings module; mark a false positive with `credlint: allow(<rule>)`.",
            plural(findings, "finding"),
            plural(report.files_with_findings(), "file"),
            plural(report.files_scanned, "file"),
        )?;
    }
    Ok(())
}

/// `--show-suppressed`: one line per silenced finding, with the marker
/// that silenced it and its reason (both from the file: made terminal-safe;
/// secrets in the reason arrive redacted).
fn write_suppressed(report: &Report, paint: &Paint, out: &mut dyn Write) -> io::Result<()> {
    if report.suppressed.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "{}",
        paint.paint("1", &format!("Suppressed ({}):", report.suppressed.len()))
    )?;
    for entry in &report.suppressed {
        let s = &entry.suppressed;
        let reason = s
            .reason
            .as_deref()
            .map_or("no reason given".to_owned(), terminal);
        writeln!(
            out,
            "{}: [{}] {}\n  = suppressed by `{}`: {reason}",
            paint.paint(
                "1",
                &format!(
                    "{}:{}:{}",
                    terminal(&entry.path),
                    s.finding.start.line,
                    s.finding.start.column
                )
            ),
            terminal(&s.finding.rule),
            terminal(&s.finding.message),
            s.suppressed_by,
        )?;
    }
    writeln!(out)
}

/// `--statistics`: a count, the rule id and its name per line, most first.
pub fn statistics(report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let rows = super::statistics(report);
    let width = rows
        .iter()
        .map(|(c, ..)| c.to_string().len())
        .max()
        .unwrap_or(1);
    let rule_width = rows.iter().map(|(_, r, _)| r.len()).max().unwrap_or(0);
    for (count, rule, name) in &rows {
        writeln!(
            out,
            "{count:>width$}  {:<rule_width$}  {}",
            terminal(rule),
            terminal(name)
        )?;
    }
    if !style.quiet {
        writeln!(
            out,
            "Found {} finding(s) of {} rule(s) in {} file(s) ({} scanned).",
            report.entries.len(),
            rows.len(),
            report.files_with_findings(),
            report.files_scanned
        )?;
    }
    Ok(())
}

fn write_entry(
    report: &Report,
    entry: &Entry,
    paint: &Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let finding = &entry.finding;
    let (label, color) = match finding.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
        Severity::Info => ("info", "1;36"),
        Severity::Hint => ("hint", "1;36"),
    };
    let summary = terminal(
        report
            .rules
            .iter()
            .find(|r| r.id == finding.rule)
            .map_or("", |r| r.summary.as_str()),
    );
    // A history finding is located as `git show` names the blob: `commit:path`.
    let commit = entry
        .provenance
        .as_ref()
        .map_or(String::new(), |p| format!("{}:", p.short()));
    writeln!(
        out,
        "{}: {} {}",
        paint.paint(
            "1",
            &format!(
                "{commit}{}:{}:{}",
                terminal(&entry.path),
                finding.start.line,
                finding.start.column
            )
        ),
        paint.paint(color, &format!("{label}[{}]", terminal(&finding.rule))),
        terminal(&finding.message),
    )?;
    let number = finding.start.line.to_string();
    let gutter = " ".repeat(number.len());
    let bar = paint.paint("34", "|");
    // Carets count display columns of what is printed: escaped, wide characters twice.
    let excerpt = &entry.excerpt;
    let before = terminal(&excerpt.text[..excerpt.focus.start]);
    let focused = terminal(&excerpt.text[excerpt.focus.clone()]);
    let after = terminal(&excerpt.text[excerpt.focus.end..]);
    let carets = "^".repeat(focused.width().max(1));
    writeln!(out, "{gutter} {bar}")?;
    writeln!(
        out,
        "{} {bar} {before}{focused}{after}",
        paint.paint("34", &number)
    )?;
    writeln!(
        out,
        "{gutter} {bar} {}{} {summary}",
        " ".repeat(before.width()),
        paint.paint(color, &carets)
    )?;
    writeln!(out, "{gutter} {bar}")?;
    if let Some(p) = &entry.provenance {
        writeln!(
            out,
            "{gutter} {} {} by {} <{}> on {}{}",
            paint.paint("1;36", "= commit:"),
            p.short(),
            terminal(&p.author),
            terminal(&p.email),
            terminal(&p.date),
            if p.in_worktree {
                "; still in the working tree"
            } else {
                ""
            }
        )?;
    }
    writeln!(
        out,
        "{gutter} {} {}\n",
        paint.paint("1;36", "= help:"),
        terminal(&entry.finding.help)
    )
}
