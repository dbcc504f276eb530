//! GitHub Actions workflow commands: each finding becomes an annotation on
//! the pull request's diff.
//!
//! `::error file=app.py,line=3,col=5,endLine=3,endColumn=9,title=secret/github-pat::message`

use super::Report;
use crate::finding::Severity;
use std::io::{self, Write};

/// Escapes the message part of a workflow command. The runner prints the
/// command to the job's log, which interprets escape sequences: the other
/// control characters and bidirectional overrides of a file name, an
/// author or a line are shown as the text report shows them.
fn data(text: &str) -> String {
    super::terminal(
        &text
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
}

/// Escapes a property value of a workflow command.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for entry in &report.entries {
        let f = &entry.finding;
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&entry.path),
            f.start.line,
            f.start.column,
            f.end.line,
            f.end.column,
            property(&f.rule),
            data(&format!(
                "{}\n{}{}",
                f.message,
                entry.provenance.as_ref().map_or(String::new(), |p| format!(
                    "introduced in commit {} by {} <{}> on {}\n",
                    p.short(),
                    p.author,
                    p.email,
                    p.date
                )),
                entry.finding.help
            )),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_as_github_documents() {
        assert_eq!(data("100%\r\nx:y,z"), "100%25%0D%0Ax:y,z");
        assert_eq!(property("100%\r\nx:y,z"), "100%25%0D%0Ax%3Ay%2Cz");
        assert_eq!(data("a\x1b[2J\x07\u{202e}b"), "a\\u{1b}[2J\\u{7}\\u{202e}b");
    }
}
