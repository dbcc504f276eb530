//! GitLab Code Quality: a JSON array of issues, shown in merge requests.

use super::Report;
use crate::finding::Severity;
use serde_json::json;
use std::collections::HashMap;
use std::io::{self, Write};

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // GitLab tracks issues by fingerprint, which must be unique in a report:
    // the same secret twice in one file gets an occurrence number.
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let issues: Vec<_> = report
        .entries
        .iter()
        .map(|entry| {
            let f = &entry.finding;
            let occurrence = seen
                .entry((entry.path.clone(), f.fingerprint.clone()))
                .or_default();
            *occurrence += 1;
            let fingerprint = crate::redact::fingerprint(
                &f.rule,
                &format!("{}\0{}\0{occurrence}", entry.path, f.fingerprint),
            );
            json!({
                "description": f.message,
                "check_name": f.rule,
                "fingerprint": fingerprint,
                "severity": match f.severity {
                    Severity::Error => "critical",
                    Severity::Warning => "major",
                    Severity::Info => "minor",
                    Severity::Hint => "info",
                },
                "categories": ["Security"],
                "location": {
                    "path": entry.path,
                    "positions": {
                        "begin": { "line": f.start.line, "column": f.start.column },
                        "end": { "line": f.end.line, "column": f.end.column },
                    },
                },
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
