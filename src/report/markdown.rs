//! A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`:
//! counts by rule, then every finding.

use super::Report;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Text for a table cell, one line: line breaks become spaces, other
/// control characters are spelled out (`\u{1b}`) as the terminal shows them.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => super::spell_out(c, &mut out),
            c => out.push(c),
        }
    }
    out
}

/// `text` as a code span: fenced with more backticks than any run inside
/// it, so a file name with backticks cannot close it early. A pipe is
/// escaped even there: GitHub splits the row before it reads code spans.
fn code(text: &str) -> String {
    let text = one_line(text).replace('|', "\\|");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Plain text with every character Markdown would read as markup escaped.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '&' | '$' | '!' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A finding's message: the parts it quotes between backticks as code
/// spans, the rest as plain text.
fn message(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| match i % 2 {
            1 => code(part),
            _ => plain(part),
        })
        .collect()
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
            .map(|(path, n)| format!("{} ({n})", code(path)))
            .collect();
        writeln!(out, "| {} | {count} | {} |", code(rule), files.join(", "))?;
    }
    writeln!(out, "\n| Location | Rule | Finding |\n|---|---|---|")?;
    for entry in &report.entries {
        let f = &entry.finding;
        writeln!(
            out,
            "| {} | {} | {} |",
            // A history finding is located as `git show` names the blob.
            code(&format!(
                "{}{}:{}:{}",
                entry
                    .provenance
                    .as_ref()
                    .map_or(String::new(), |p| format!("{}:", p.short())),
                entry.path,
                f.start.line,
                f.start.column
            )),
            code(&f.rule),
            message(&f.message)
        )?;
    }
    writeln!(
        out,
        "\nMove secrets to the environment and read them through the settings module; \
         mark a false positive with `credlint: allow(<rule>)`."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_outfence_backticks_and_escape_pipes() {
        assert_eq!(code("a.py"), "`a.py`");
        assert_eq!(code("a`b``c|d\ne"), "```a`b``c\\|d e```");
        assert_eq!(code("`x"), "`` `x ``");
    }

    #[test]
    fn plain_text_and_messages_escape_markup() {
        assert_eq!(
            plain("*a* _b_ [c](d) <e> ~f~ \\ & $ | \x1b"),
            "\\*a\\* \\_b\\_ \\[c\\](d) \\<e\\> \\~f\\~ \\\\ \\& \\$ \\| \\\\u{1b}"
        );
        assert_eq!(message("`a|b` is *set*"), "`a\\|b` is \\*set\\*");
    }
}
