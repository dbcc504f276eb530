//! The JSON format: a single document, stable field names.

use super::Report;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Document<'a> {
    version: &'static str,
    findings: Vec<JsonFinding<'a>>,
    errors: &'a [super::FileNote],
    skipped: &'a [super::FileNote],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    partial: &'a [super::FileNote],
    /// With `--show-suppressed`: what suppression comments silenced.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    suppressed: &'a [super::SuppressedEntry],
    summary: Summary,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    #[serde(flatten)]
    finding: &'a crate::Finding,
    /// `credlint history`: `commit`, `author`, `email`, `date`, `in_worktree`.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    provenance: Option<&'a super::Provenance>,
}

#[derive(Serialize)]
struct Summary {
    files_scanned: usize,
    files_with_findings: usize,
    findings: usize,
    /// `credlint history`: the commits in the range (`files_scanned` counts blobs).
    #[serde(skip_serializing_if = "Option::is_none")]
    commits_scanned: Option<usize>,
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        version: env!("CARGO_PKG_VERSION"),
        findings: report
            .entries
            .iter()
            .map(|e| JsonFinding {
                path: &e.path,
                finding: &e.finding,
                provenance: e.provenance.as_ref(),
            })
            .collect(),
        errors: &report.errors,
        skipped: &report.skipped,
        partial: &report.partial,
        suppressed: &report.suppressed,
        summary: Summary {
            files_scanned: report.files_scanned,
            files_with_findings: report.files_with_findings(),
            findings: report.entries.len(),
            commits_scanned: report.history.as_ref().map(|h| h.commits),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// `--statistics`: one object per rule with findings, most first.
pub fn statistics(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Row<'a> {
        rule: &'a str,
        name: &'a str,
        count: usize,
    }
    let rows: Vec<Row> = super::statistics(report)
        .into_iter()
        .map(|(count, rule, name)| Row { rule, name, count })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rows)?;
    writeln!(out)
}
