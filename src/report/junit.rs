//! JUnit XML: one failing test case per finding, so CI dashboards that
//! understand test reports list them.

use super::{xml_escape, Report};
use std::io::{self, Write};

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let findings = report.entries.len();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="credlint" tests="{}" failures="{findings}">"#,
        findings.max(1)
    )?;
    writeln!(
        out,
        r#"  <testsuite name="credlint" tests="{}" failures="{findings}" errors="0">"#,
        findings.max(1)
    )?;
    if findings == 0 {
        writeln!(
            out,
            r#"    <testcase name="credlint" classname="credlint"/>"#
        )?;
    }
    for entry in &report.entries {
        let f = &entry.finding;
        writeln!(
            out,
            r#"    <testcase name="{} {}:{}:{}" classname="{}" file="{}" line="{}">"#,
            xml_escape(&f.rule),
            xml_escape(&entry.path),
            f.start.line,
            f.start.column,
            xml_escape(&entry.path),
            xml_escape(&entry.path),
            f.start.line
        )?;
        writeln!(
            out,
            r#"      <failure type="{}" message="{}">{}:{}:{}: {}&#10;{}</failure>"#,
            xml_escape(&f.rule),
            xml_escape(&f.message),
            xml_escape(&entry.path),
            f.start.line,
            f.start.column,
            xml_escape(&f.message),
            xml_escape(&entry.finding.help),
        )?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>\n</testsuites>")
}
