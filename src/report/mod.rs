//! Output formats for `credlint check`: one module per format.
//!
//! Every reporter receives the same [`Report`]. Findings hold no secrets
//! (see [`crate::finding`]), and the source kept for display is a bounded
//! window with every secret-looking value in it redacted ([`Excerpt`]).
//! Reporters escape what their format gives meaning to: control characters
//! on a terminal, Markdown and XML metacharacters, workflow-command syntax.

mod checkstyle;
mod excerpt;
pub use excerpt::{bare_excerpt, binary_excerpt, excerpt, Excerpt, Secrets};
mod github;
mod gitlab;
mod json;
mod junit;
mod markdown;
mod sarif;
pub use sarif::{rule_anchor as sarif_anchor, RULE_DOCS_URL};
mod text;
pub use markdown::plain as markdown_escape;
pub use text::terminal;

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
    /// GitHub Actions workflow commands: findings inline on the pull request.
    Github,
    /// GitLab Code Quality report (JSON).
    Gitlab,
    /// A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
    Markdown,
    /// JUnit XML: one test case per finding.
    Junit,
    /// Checkstyle XML.
    Checkstyle,
}

impl Format {
    /// Whether the format is for people (progress and notes may interleave).
    pub fn is_human(self) -> bool {
        self == Format::Text
    }
}

/// A finding and where it was found.
#[derive(Debug)]
pub struct Entry {
    /// The path as shown to the user: relative to the working directory when
    /// beneath it, with forward slashes.
    pub path: String,
    /// The file's absolute path, for baselines and diffs.
    pub absolute: std::path::PathBuf,
    pub finding: Finding,
    /// A window of the finding's first line, every secret-looking value redacted.
    pub excerpt: Excerpt,
    /// For `credlint history`: the commit that introduced the finding.
    pub provenance: Option<Provenance>,
}

/// Where in the history a finding of `credlint history` comes from.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Provenance {
    /// The full id of the commit that introduced the blob.
    pub commit: String,
    /// Its author's name and e-mail address.
    pub author: String,
    pub email: String,
    /// The author date, ISO 8601.
    pub date: String,
    /// Whether the working tree's file at that path still holds the secret.
    pub in_worktree: bool,
}

impl Provenance {
    /// The commit's id as `git log --oneline` would shorten it by default.
    pub fn short(&self) -> &str {
        self.commit.get(..8).unwrap_or(&self.commit)
    }
}

/// What a `credlint history` run covered, for the formats that say so.
#[derive(Debug, Default)]
pub struct HistoryRun {
    /// Commits in the range.
    pub commits: usize,
    /// The repository's work tree (or git folder, when bare).
    pub root: std::path::PathBuf,
    /// `HEAD`'s commit and branch, when there are.
    pub head: Option<String>,
    pub branch: Option<String>,
}

pub use crate::workspace::FileNote;

/// A finding a suppression marker silenced, and where (`--show-suppressed`).
#[derive(Debug, serde::Serialize)]
pub struct SuppressedEntry {
    pub path: String,
    #[serde(flatten)]
    pub suppressed: crate::Suppressed,
}

#[derive(Debug, Default)]
pub struct Report {
    pub entries: Vec<Entry>,
    /// Files that could not be read: these make the run fail.
    pub errors: Vec<FileNote>,
    /// Files skipped on purpose (too large); binary files are skipped silently.
    pub skipped: Vec<FileNote>,
    /// Files analysed only in part (syntax over the engine's budget).
    pub partial: Vec<FileNote>,
    pub files_scanned: usize,
    /// Every rule that was available, for formats that describe rules (SARIF).
    pub rules: Vec<RuleMeta>,
    /// What suppression markers silenced, when asked for (`--show-suppressed`).
    pub suppressed: Vec<SuppressedEntry>,
    /// Unused suppressions `--fix` removed.
    pub fixed: usize,
    /// Set by `credlint history`: `files_scanned` then counts blobs.
    pub history: Option<HistoryRun>,
}

impl Report {
    /// Hides, in every path the report shows, the secrets the run found in
    /// paths ([`crate::engine::redact_path`]). A path is shown as its
    /// file is analysed, before the run has met every secret: a folder
    /// named after a secret a later file holds showed it in full in the
    /// earlier files' findings and notes. The report is complete here.
    pub fn hide_path_secrets(&mut self) {
        let hide = |path: &mut String| {
            if let std::borrow::Cow::Owned(hidden) = crate::engine::redact_path(path) {
                *path = hidden;
            }
        };
        self.entries.iter_mut().for_each(|e| hide(&mut e.path));
        self.suppressed.iter_mut().for_each(|e| hide(&mut e.path));
        (self.errors.iter_mut())
            .chain(&mut self.skipped)
            .chain(&mut self.partial)
            .for_each(|note| hide(&mut note.path));
    }

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
    /// Findings only: no summary line.
    pub quiet: bool,
    /// Counts per rule instead of the findings (text and JSON only).
    pub statistics: bool,
}

/// How many findings each rule has, most first (ties by rule id), with the
/// rule's name: what `--statistics` prints.
pub fn statistics(report: &Report) -> Vec<(usize, &str, &str)> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for entry in &report.entries {
        *counts.entry(entry.finding.rule.as_str()).or_default() += 1;
    }
    let mut rows: Vec<(usize, &str, &str)> = counts
        .into_iter()
        .map(|(rule, count)| {
            let name = report
                .rules
                .iter()
                .find(|r| r.id == rule)
                .map_or("", |r| r.name.as_str());
            (count, rule, name)
        })
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    rows
}

/// Writes `c` as `\u{1b}`: how every report shows a character that would
/// rewrite or hide what is shown, or that its format cannot hold.
pub(crate) fn spell_out(c: char, out: &mut String) {
    use std::fmt::Write as _;
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// Escapes text for XML attributes and content. Line breaks and tabs are
/// written as character references, which attribute-value normalisation
/// keeps; the other control characters (and U+FFFE, U+FFFF) cannot appear
/// in XML 1.0 at all and are spelled out as `\u{1b}`.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            // Not allowed in XML even as a reference: shown as the
            // terminal shows it, so a name still tells which file it was.
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => {
                spell_out(c, &mut out);
            }
            c => out.push(c),
        }
    }
    out
}

pub fn write(report: &Report, format: Format, style: Style, out: &mut dyn Write) -> io::Result<()> {
    if style.statistics {
        return match format {
            Format::Json => json::statistics(report, out),
            _ => text::statistics(report, style, out),
        };
    }
    match format {
        Format::Text => text::write(report, style, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Github => github::write(report, out),
        Format::Gitlab => gitlab::write(report, out),
        Format::Markdown => markdown::write(report, out),
        Format::Junit => junit::write(report, out),
        Format::Checkstyle => checkstyle::write(report, out),
    }
}

/// Whether `bytes` is a report one of credlint's formats wrote (or
/// nothing): what `--output` may replace in a folder the run scans, where
/// any other file is refused (`check -o app.py` with the report's name
/// forgotten). Each format is known by what it always writes: the text
/// report's summary line or its first finding's `path:line:col: level[rule]`
/// head, GitHub's workflow commands, the Markdown heading, the two XML
/// roots, and the JSON shapes (credlint's own, SARIF whose driver is
/// credlint, GitLab's list of issues).
pub fn is_earlier_report(bytes: &[u8]) -> bool {
    static FINDING_HEAD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\S.*:\d+:\d+: (error|warning|note)\[[a-z]+/[a-z0-9-]+\] ")
            .expect("a valid pattern")
    });
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.lines().map(str::trim_end).filter(|l| !l.is_empty());
    let (Some(first), Some(last)) = (lines.clone().next(), lines.clone().next_back()) else {
        return true; // empty: nothing to lose
    };
    let summary = (last.starts_with("Found ") && last.contains(" finding"))
        || last.starts_with("No findings in ");
    if summary || FINDING_HEAD.is_match(first) {
        return true;
    }
    if lines.all(|l| l.starts_with("::")) || first.starts_with("## credlint") {
        return true;
    }
    let head: String = text.chars().take(400).collect();
    if first.starts_with("<?xml")
        && (head.contains("<testsuites name=\"credlint\"") || head.contains("<checkstyle "))
    {
        return true;
    }
    // Indexing a `Value` (not a `Map`) gives null for what is missing.
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(report @ serde_json::Value::Object(_)) => {
            (report.get("version").is_some() && report.get("findings").is_some())
                || report["runs"][0]["tool"]["driver"]["name"] == "credlint"
        }
        Ok(serde_json::Value::Array(issues)) => issues
            .iter()
            .all(|i| i.get("check_name").is_some() && i.get("fingerprint").is_some()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_writes_what_output_may_replace_and_sources_are_not_reports() {
        let mut report = Report {
            files_scanned: 1,
            ..Report::default()
        };
        report.rules = crate::rules::builtin().to_vec();
        for format in <Format as clap::ValueEnum>::value_variants() {
            for quiet in [false, true] {
                let style = Style {
                    color: false,
                    quiet,
                    statistics: false,
                };
                let mut out = Vec::new();
                write(&report, *format, style, &mut out).unwrap();
                assert!(is_earlier_report(&out), "{format:?} {quiet}");
            }
        }
        let finding = "app.py:3:12: error[secret/hardcoded-credential] `TOKEN` is set to a \
                       hardcoded secret\n  |\n3 | TOKEN = \"…\"\n";
        assert!(is_earlier_report(finding.as_bytes()));
        for source in [
            "import os\nTOKEN = os.environ[\"TOKEN\"]\n",
            "fn main() {}\n",
            "{\"name\": \"app\", \"version\": \"1.0.0\"}\n",
            "[1, 2]\n",
            "<?xml version=\"1.0\"?>\n<project/>\n",
            "# Notes\n\nFound a bug in finding things.\nMore text\n",
        ] {
            assert!(!is_earlier_report(source.as_bytes()), "{source}");
        }
    }

    #[test]
    fn xml_keeps_line_breaks_as_references_and_spells_out_other_controls() {
        assert_eq!(
            xml_escape("a<b>&\"'\r\n\tc\x1b[31m\x00\u{fffe}é"),
            "a&lt;b&gt;&amp;&quot;&apos;&#13;&#10;&#9;c\\u{1b}[31m\\u{0}\\u{fffe}é"
        );
    }
}
