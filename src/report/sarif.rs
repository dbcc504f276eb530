//! SARIF 2.1.0, as GitHub code scanning accepts it.
//!
//! Paths beneath the working directory are written relative to it, against
//! the `%SRCROOT%` base; columns count Unicode code points, which the run
//! declares with `columnKind`.

use super::Report;
use crate::finding::Severity;
use crate::rules::RuleMeta;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Where each rule's documentation lives; `#<anchor>` selects the rule.
pub const RULE_DOCS_URL: &str = "https://github.com/credlint/credlint/blob/main/docs/rules.md";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: serde_json::Value,
    column_kind: &'static str,
    original_uri_base_ids: serde_json::Value,
    /// `credlint history`: the repository and the revision checked out.
    #[serde(skip_serializing_if = "Option::is_none")]
    version_control_provenance: Option<[serde_json::Value; 1]>,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: serde_json::Value,
    locations: [serde_json::Value; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
    /// For a finding a suppression marker silenced (`--show-suppressed`):
    /// an `inSource` suppression with the marker's reason, which code
    /// scanning shows as dismissed rather than open.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<serde_json::Value>,
    /// `credlint history`: the commit that introduced the finding, its
    /// author and date, and whether the working tree still holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<serde_json::Value>,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// The anchor of a rule in the rules documentation: `secret/github-pat` → `secret-github-pat`.
pub fn rule_anchor(id: &str) -> String {
    id.replace('/', "-")
}

/// `secret/hardcoded-credential` → `HardcodedCredential`.
fn pascal_name(id: &str) -> String {
    let last = id.rsplit('/').next().unwrap_or(id);
    last.split('-')
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
        })
        .collect()
}

fn rule_descriptor(rule: &RuleMeta) -> serde_json::Value {
    let family = rule.id.split('/').next().unwrap_or("");
    json!({
        "id": rule.id,
        "name": pascal_name(&rule.id),
        "shortDescription": { "text": rule.name },
        "fullDescription": { "text": rule.summary },
        "help": { "text": rule.doc, "markdown": rule.doc },
        "helpUri": format!("{RULE_DOCS_URL}#{}", rule_anchor(&rule.id)),
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "tags": ["security", family] },
    })
}

/// Percent-encodes what a relative URI reference cannot hold literally.
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'+'
            | b'@'
            | b'='
            | b',' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // History paths are the repository's, whatever folder it ran in.
    let cwd = match &report.history {
        Some(history) => history.root.clone(),
        None => std::env::current_dir().unwrap_or_default(),
    };
    let mut root = uri_path(&crate::workspace::walk::display(&cwd));
    if !root.ends_with('/') {
        root.push('/');
    }
    let found = report.entries.iter().map(|entry| {
        (
            &entry.path,
            &entry.finding,
            Vec::new(),
            entry.provenance.as_ref(),
        )
    });
    let silenced = report.suppressed.iter().map(|entry| {
        let mut suppression = json!({
            "kind": "inSource",
            "properties": { "marker": entry.suppressed.suppressed_by },
        });
        if let Some(reason) = &entry.suppressed.reason {
            suppression["justification"] = json!(reason);
        }
        (
            &entry.path,
            &entry.suppressed.finding,
            vec![suppression],
            None,
        )
    });
    let results = found
        .chain(silenced)
        .map(|(path, finding, suppressions, provenance)| {
            let artifact = if path.starts_with('/') {
                json!({ "uri": format!("file://{}", uri_path(path)) })
            } else {
                json!({ "uri": uri_path(path), "uriBaseId": "%SRCROOT%" })
            };
            SarifResult {
                rule_index: report
                    .rules
                    .iter()
                    .position(|r| r.id == finding.rule)
                    .unwrap_or(0),
                rule_id: finding.rule.clone(),
                level: level(finding.severity),
                message: json!({ "text": finding.message }),
                locations: [json!({
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": finding.start.line,
                            "startColumn": finding.start.column,
                            "endLine": finding.end.line,
                            "endColumn": finding.end.column,
                        }
                    }
                })],
                partial_fingerprints: {
                    let mut prints = BTreeMap::from([("credlint/v2", finding.fingerprint.clone())]);
                    if let Some(provenance) = provenance {
                        prints.insert("commitSha/v1", provenance.commit.clone());
                    }
                    prints
                },
                suppressions,
                properties: provenance.map(|p| {
                    json!({
                        "commit": p.commit,
                        "author": p.author,
                        "email": p.email,
                        "date": p.date,
                        "inWorktree": p.in_worktree,
                    })
                }),
            }
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: json!({
                "driver": {
                    "name": "credlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/credlint/credlint",
                    "rules": report.rules.iter().map(rule_descriptor).collect::<Vec<_>>(),
                }
            }),
            column_kind: "unicodeCodePoints",
            original_uri_base_ids: json!({ "%SRCROOT%": { "uri": format!("file://{root}") } }),
            version_control_provenance: report.history.as_ref().map(|history| {
                let mut details = json!({
                    "repositoryUri": format!("file://{root}"),
                    "mappedTo": { "uriBaseId": "%SRCROOT%" },
                });
                if let Some(head) = &history.head {
                    details["revisionId"] = json!(head);
                }
                if let Some(branch) = &history.branch {
                    details["branch"] = json!(crate::engine::redact_names(branch));
                }
                [details]
            }),
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}
