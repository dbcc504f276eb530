//! Checkstyle XML, which many CI and review tools import.

use super::{xml_escape, Report};
use crate::finding::Severity;
use std::io::{self, Write};

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    let mut current: Option<&str> = None;
    for entry in &report.entries {
        if current != Some(entry.path.as_str()) {
            if current.is_some() {
                writeln!(out, "  </file>")?;
            }
            writeln!(out, r#"  <file name="{}">"#, xml_escape(&entry.path))?;
            current = Some(&entry.path);
        }
        let f = &entry.finding;
        let severity = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "info",
        };
        writeln!(
            out,
            r#"    <error line="{}" column="{}" severity="{severity}" message="{}" source="credlint.{}"/>"#,
            f.start.line,
            f.start.column,
            xml_escape(&f.message),
            xml_escape(&f.rule)
        )?;
    }
    if current.is_some() {
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}
