//! A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`:
//! counts by rule, then every finding.

use super::Report;
use std::collections::BTreeMap;
use std::io::{self, Write};

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let findings = report.entries.len();
    if findings == 0 {
        return writeln!(
            out,
            "## credlint\n\nNo findings in {} files.",
            report.files_scanned
        );
    }
    writeln!(
        out,
        "## credlint: {findings} finding{} in {} file{}\n",
        if findings == 1 { "" } else { "s" },
        report.files_with_findings(),
        if report.files_with_findings() == 1 {
            ""
        } else {
            "s"
        },
    )?;
    let mut by_rule: BTreeMap<&str, (usize, BTreeMap<&str, usize>)> = BTreeMap::new();
    for entry in &report.entries {
        let (count, files) = by_rule.entry(&entry.finding.rule).or_default();
        *count += 1;
        *files.entry(&entry.path).or_default() += 1;
    }
    writeln!(out, "| Rule | Findings | Files |\n|---|---:|---|")?;
    for (rule, (count, files)) in &by_rule {
        let files: Vec<String> = files
            .iter()
            .map(|(path, n)| format!("`{}` ({n})", cell(path)))
            .collect();
        writeln!(out, "| `{rule}` | {count} | {} |", files.join(", "))?;
    }
    writeln!(out, "\n| Location | Rule | Finding |\n|---|---|---|")?;
    for entry in &report.entries {
        let f = &entry.finding;
        writeln!(
            out,
            "| `{}:{}:{}` | `{}` | {} |",
            cell(&entry.path),
            f.start.line,
            f.start.column,
            f.rule,
            cell(&f.message)
        )?;
    }
    writeln!(
        out,
        "\nMove secrets to the environment and read them through the settings module; \
         mark a false positive with `credlint: allow(<rule>)`."
    )
}
