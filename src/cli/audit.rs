//! `credlint audit`: the policy's Security Checklist, item by item, for one
//! project, with the evidence for each.
//!
//! What code can show is checked from the same findings `check` and
//! `history` report (every rule of the policy's families, opt-in ones
//! included) and from the project's facts; what it cannot (least privilege,
//! rotation, auditing, encryption) is listed as needing a human, with what
//! would show it. Evidence names files, lines, rules and commits, never a
//! value.

use super::check::{self, Resolution};
use super::{AuditArgs, HistoryArgs, RulesFormat, ScanArgs};
use crate::report::{Entry, Format, Report};
use crate::workspace::{self, facts, git, read, walk};
use anyhow::{Context, Result};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

/// How much evidence an item lists before it counts the rest.
const EVIDENCE_SHOWN: usize = 8;

/// What the audit could tell of one checklist item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Status {
    Pass,
    Fail,
    /// Checkable, but nothing in the project shows it either way.
    NotShown,
    /// No code can show it.
    NeedsHuman,
}

#[derive(Debug, Serialize)]
struct Item {
    /// The checklist's (or best practices') own words.
    item: &'static str,
    status: Status,
    evidence: Vec<String>,
}

impl Item {
    /// A checkable item whose evidence is what fails it: none, it passes.
    fn judged(item: &'static str, evidence: Vec<String>) -> Item {
        let status = if evidence.is_empty() {
            Status::Pass
        } else {
            Status::Fail
        };
        Item {
            item,
            status,
            evidence,
        }
    }
}

/// The clients of the secrets managers the policy names, as they appear in
/// a settings module: an import or a client's name.
const SECRETS_MANAGERS: &[(&str, &str)] = &[
    ("secretsmanager", "AWS Secrets Manager"),
    ("aws_sdk_secretsmanager", "AWS Secrets Manager"),
    ("hvac", "HashiCorp Vault"),
    ("vaultrs", "HashiCorp Vault"),
    ("azure.keyvault.secrets", "Azure Key Vault"),
    ("azure_security_keyvault", "Azure Key Vault"),
    ("secretmanager", "GCP Secret Manager"),
    ("google_cloud_secretmanager", "GCP Secret Manager"),
];

pub fn run(args: AuditArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let path = walk::absolute(&cwd, &args.path);
    let scan_args = ScanArgs {
        paths: vec![args.path.clone()],
        config: args.config.clone(),
        isolated: args.isolated,
        // The policy's families, opt-in rules included: naming a family
        // selects them.
        select: Some(["secret", "env", "log", "ci"].map(String::from).to_vec()),
        ignore: Vec::new(),
        stdin_filename: None,
        force_exclude: false,
        staged: false,
    };
    let (report, _) = check::scan(&scan_args, &cwd, false, None, false, None, None)?;
    let Resolution { config, .. } = check::config_for(&scan_args, &path, &cwd)?;
    let root = workspace::project_root(&config, &path, &path);
    let history = match (args.no_history, git::worktree(&path)) {
        (false, Some(_)) => Some(history(&args, &path)?),
        _ => None,
    };

    let mut items = vec![
        secrets_manager(&root, &config),
        hardcoded(&report, history.as_ref().map(|(h, _)| h)),
        dotenv_ignored(&report, history.as_ref().map(|(_, d)| d.as_slice())),
        by_rules(
            "`mcp_env.example` lists every required variable, with placeholders only",
            &report,
            &[
                "env/undocumented-variable",
                "env/unused-template-variable",
                "env/template-real-value",
            ],
        ),
        by_rules(
            "Application code reads secrets only through the settings module",
            &report,
            &["env/direct-access", "env/direct-write"],
        ),
        by_rules(
            "Secrets are never printed to build logs",
            &report,
            &["ci/secret-echoed", "log/"],
        ),
    ];
    if let Some(template) = &mut items.get_mut(3) {
        match facts::policy_files(&root).template {
            Some(name) => template.evidence.insert(0, format!("template: {name}")),
            None => {
                template.status = Status::Fail;
                template.evidence.insert(
                    0,
                    "no env template (mcp_env.example, .env.example, .env.template, .env.sample) at the project's root".into(),
                );
            }
        }
    }
    items.extend(HUMAN.iter().map(|(item, evidence)| Item {
        item,
        status: Status::NeedsHuman,
        evidence: vec![(*evidence).to_owned()],
    }));

    let errors = report.errors.len() + history.as_ref().map_or(0, |(h, _)| h.errors.len());
    check::print_errors(&report.errors);
    let out = match args.format {
        RulesFormat::Json => {
            serde_json::to_string_pretty(&serde_json::json!({
                "project": walk::display(&root),
                "history": history.is_some(),
                "items": items,
            }))? + "\n"
        }
        RulesFormat::Markdown => markdown(&root, &items, history.is_some()),
        RulesFormat::Text => text(&root, &items, history.is_some()),
    };
    {
        use std::io::Write;
        match std::io::stdout().lock().write_all(out.as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.context("cannot write the audit")?,
        }
    }
    Ok(if errors > 0 {
        ExitCode::from(2)
    } else if items.iter().any(|i| i.status == Status::Fail) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The checklist items no code shows, and what would show each.
const HUMAN: &[(&str, &str)] = &[
    (
        "Least privilege access is enforced for all secrets",
        "the secrets manager's access policies (IAM, Vault policies, Key Vault access) grant each service only its own secrets",
    ),
    (
        "Secrets are rotated regularly",
        "rotation schedules in the secrets manager (automated rotation, Vault dynamic secrets) or a dated manual rotation log",
    ),
    (
        "Auditing and monitoring are in place for secret access",
        "the secrets manager's access logs (CloudTrail, Vault audit devices, Key Vault diagnostics) with alerts on failed or unusual access",
    ),
    (
        "Secrets are encrypted at rest and in transit",
        "the secrets manager's encryption keys (KMS) and TLS on every connection to it",
    ),
];

/// The history's secret findings, every ref, and the dotenv files it ever
/// held (path, commit).
fn history(args: &AuditArgs, path: &Path) -> Result<(Report, Vec<(String, String)>)> {
    let history_args = HistoryArgs {
        revs: Vec::new(),
        since: None,
        reflog: false,
        config: args.config.clone(),
        isolated: args.isolated,
        select: None,
        ignore: Vec::new(),
        format: Format::Json,
        output: None,
        baseline: None,
        exit_zero: false,
        quiet: true,
        every_version: false,
    };
    let (report, history, _) = super::history::collect(&history_args, path)?;
    let mut dotenv: Vec<(String, String)> = Vec::new();
    for blob in &history.blobs {
        let name = blob.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let path = walk::display(&blob.path);
        if credlint_core::project::is_dotenv(name) && !dotenv.iter().any(|(p, _)| *p == path) {
            dotenv.push((path, history.commits[blob.commit].id.clone()));
        }
    }
    Ok((report, dotenv))
}

/// "All secrets are stored in a dedicated secrets manager or GitHub Secrets":
/// a secrets manager's client in a settings module, or a workflow that takes
/// repository secrets.
fn secrets_manager(root: &Path, config: &crate::config::Config) -> Item {
    let mut evidence = Vec::new();
    for module in facts::code_files(root, config).settings {
        let Ok(text) = read::read_text(&module) else {
            continue;
        };
        for (marker, name) in SECRETS_MANAGERS {
            if let Some(line) = text.lines().position(|l| l.contains(marker)) {
                evidence.push(format!(
                    "{name} client: {}:{}",
                    walk::display(module.strip_prefix(root).unwrap_or(&module)),
                    line + 1
                ));
                break;
            }
        }
    }
    let workflows = root.join(".github").join("workflows");
    for workflow in read::list_dir(&workflows) {
        let is_yaml = workflow
            .extension()
            .is_some_and(|e| e == "yml" || e == "yaml");
        if is_yaml && read::read_text(&workflow).is_ok_and(|t| t.contains("secrets.")) {
            evidence.push(format!(
                "GitHub Secrets: {}",
                walk::display(workflow.strip_prefix(root).unwrap_or(&workflow))
            ));
        }
    }
    Item {
        item: "All secrets are stored in a dedicated secrets manager or GitHub Secrets",
        status: if evidence.is_empty() {
            Status::NotShown
        } else {
            Status::Pass
        },
        evidence: if evidence.is_empty() {
            vec!["no secrets manager client in the settings module and no workflow using repository secrets".into()]
        } else {
            evidence
        },
    }
}

/// "No secrets are hardcoded in the codebase": today's files and, a secret
/// deleted since being still leaked, the history.
fn hardcoded(report: &Report, history: Option<&Report>) -> Item {
    let mut evidence = listed(report.entries.iter().filter(|e| is_secret(e)));
    if let Some(history) = history {
        let past: Vec<&Entry> = history
            .entries
            .iter()
            .filter(|e| e.provenance.as_ref().is_some_and(|p| !p.in_worktree))
            .collect();
        if !past.is_empty() {
            evidence.push(format!(
                "{} secret(s) in the git history, deleted since but still leaked (`credlint history`):",
                past.len()
            ));
            evidence.extend(listed(past.into_iter()));
        }
    }
    Item::judged("No secrets are hardcoded in the codebase", evidence)
}

fn is_secret(entry: &Entry) -> bool {
    crate::rules::is_secret(&entry.finding.rule)
}

/// "`.env` files are in `.gitignore`", and were never committed.
fn dotenv_ignored(report: &Report, committed: Option<&[(String, String)]>) -> Item {
    let mut evidence = listed(
        report
            .entries
            .iter()
            .filter(|e| e.finding.rule == "env/dotenv-not-ignored"),
    );
    if let Some(committed) = committed {
        evidence.extend(committed.iter().map(|(path, commit)| {
            format!(
                "{path} was committed in {} (its values are in the history)",
                commit.get(..8).unwrap_or(commit)
            )
        }));
    }
    Item::judged(
        "`.env` files are in `.gitignore`, and never committed",
        evidence,
    )
}

/// An item judged by the findings of some rules (ids or prefixes).
fn by_rules(item: &'static str, report: &Report, rules: &[&str]) -> Item {
    let evidence = listed(report.entries.iter().filter(|e| {
        rules
            .iter()
            .any(|r| e.finding.rule == *r || r.ends_with('/') && e.finding.rule.starts_with(r))
    }));
    Item::judged(item, evidence)
}

/// Findings as evidence: where and which rule (and commit), never a value.
fn listed<'a>(entries: impl Iterator<Item = &'a Entry>) -> Vec<String> {
    let entries: Vec<&Entry> = entries.collect();
    let mut out: Vec<String> = entries
        .iter()
        .take(EVIDENCE_SHOWN)
        .map(|e| {
            let at = format!("{}:{} {}", e.path, e.finding.start.line, e.finding.rule);
            match &e.provenance {
                Some(p) => format!("{at} (commit {})", p.commit.get(..8).unwrap_or(&p.commit)),
                None => at,
            }
        })
        .collect();
    if entries.len() > EVIDENCE_SHOWN {
        out.push(format!("… and {} more", entries.len() - EVIDENCE_SHOWN));
    }
    out
}

fn mark(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Fail => "FAIL",
        Status::NotShown => "not shown",
        Status::NeedsHuman => "needs a human",
    }
}

fn text(root: &Path, items: &[Item], history: bool) -> String {
    let mut out = format!(
        "Security Checklist for {}{}\n",
        walk::display(root),
        if history {
            ""
        } else {
            " (git history not read)"
        }
    );
    for item in items {
        out.push_str(&format!("\n[{}] {}\n", mark(item.status), item.item));
        for line in &item.evidence {
            out.push_str(&format!("    {}\n", crate::report::terminal(line)));
        }
    }
    out
}

fn markdown(root: &Path, items: &[Item], history: bool) -> String {
    let mut out = format!(
        "## Security Checklist: `{}`{}\n\n",
        walk::display(root),
        if history {
            ""
        } else {
            " (git history not read)"
        }
    );
    for item in items {
        let checked = if item.status == Status::Pass {
            "x"
        } else {
            " "
        };
        // The items are credlint's own words, Markdown included.
        out.push_str(&format!(
            "- [{checked}] {} — **{}**\n",
            item.item,
            mark(item.status)
        ));
        for line in &item.evidence {
            out.push_str(&format!("  - {}\n", crate::report::markdown_escape(line)));
        }
    }
    out
}
