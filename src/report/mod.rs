//! Output formats for `credlint check`: one module per format.
//!
//! Every reporter receives the same [`Report`]. Findings hold no secrets
//! (see [`crate::finding`]), and the source lines kept for display have every
//! secret on them replaced by its redacted form before they get here.

mod json;
mod sarif;
pub use sarif::rule_anchor as sarif_anchor;
mod text;

use crate::finding::Finding;
use crate::rules::RuleMeta;
use std::io::{self, Write};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with the redacted source line.
    Text,
    /// One JSON document with findings, errors and skipped files.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
}

/// A finding and where it was found.
#[derive(Debug)]
pub struct Entry {
    /// The path as shown to the user: relative to the working directory when
    /// beneath it, with forward slashes.
    pub path: String,
    pub finding: Finding,
    /// The finding's first line, with every secret on it redacted.
    pub line: String,
    /// Byte range of the flagged text in `line` (after redaction).
    pub focus: std::ops::Range<usize>,
}

/// A file that could not be scanned, or was deliberately skipped.
#[derive(Debug, serde::Serialize)]
pub struct FileNote {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub entries: Vec<Entry>,
    /// Files that could not be read: these make the run fail.
    pub errors: Vec<FileNote>,
    /// Files skipped on purpose (too large); binary files are skipped silently.
    pub skipped: Vec<FileNote>,
    pub files_scanned: usize,
    /// Every rule that was available, for formats that describe rules (SARIF).
    pub rules: Vec<RuleMeta>,
}

impl Report {
    pub fn files_with_findings(&self) -> usize {
        let mut paths: Vec<&str> = self.entries.iter().map(|e| e.path.as_str()).collect();
        paths.dedup();
        paths.len()
    }
}

/// Options that change how a report is written.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
}

pub fn write(report: &Report, format: Format, style: Style, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => text::write(report, style, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, out),
    }
}
