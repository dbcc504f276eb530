//! `credlint config`: what `check` (and the editor, which resolves through
//! the same workspace layer) makes of a file — the configuration file that
//! governs it, the files it extends and the overrides that match it, each
//! effective value with the file it came from, its project, how the
//! configuration classifies it, and which rules run on it. When a finding appears in one place and not another, this is
//! the first question to ask.

use super::check::{config_for, Resolution};
use super::{ConfigArgs, RulesFormat};
use crate::report;
use crate::workspace::{self, walk};
use anyhow::{bail, Result};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The resolved view of one path.
#[derive(Serialize)]
struct Resolved {
    path: String,
    /// The nearest configuration file, or `None` for the defaults.
    configuration: Option<PathBuf>,
    /// The files it extends, nearest first.
    extends: Vec<PathBuf>,
    /// The `[[overrides]]` entries matching the path, in the order applied.
    overrides: Vec<String>,
    /// Every effective value, with where it was set.
    values: Vec<Value>,
    project_root: PathBuf,
    settings_module: bool,
    test_code: bool,
    excluded: bool,
    secrets_allowlisted: bool,
    /// Whether the project facts were looked up: only when a project rule
    /// (the template and `.env` rules) runs on the path.
    project_facts: bool,
    env_template: Option<Template>,
    rules: Vec<RuleState>,
}

/// One key's effective values.
#[derive(Serialize)]
struct Value {
    key: String,
    values: Vec<Sourced>,
}

/// A value and where it was set: a file, `default`, or `override #N in FILE`.
#[derive(Serialize)]
struct Sourced {
    value: String,
    from: String,
}

#[derive(Serialize)]
struct Template {
    path: PathBuf,
    variables: usize,
}

#[derive(Serialize)]
struct RuleState {
    id: String,
    enabled: bool,
    severity: String,
}

pub fn run(args: ConfigArgs) -> Result<ExitCode> {
    if args.scan.stdin_filename.is_some() {
        bail!("`credlint config` shows files and folders; --stdin-filename does not apply");
    }
    let cwd = std::env::current_dir()?;
    let mut shown = Vec::new();
    for path in &args.scan.paths {
        let absolute = walk::absolute(&cwd, path);
        let resolution = config_for(&args.scan, &absolute, &cwd)?;
        shown.push(resolve(path, &absolute, &resolution, &cwd));
    }
    let mut out = Vec::new();
    match args.format {
        RulesFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &shown)?;
            writeln!(out)?;
        }
        RulesFormat::Text | RulesFormat::Markdown => {
            for (i, resolved) in shown.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                write_text(resolved, &mut out)?;
            }
        }
    }
    // Paths, globs and values from the configuration: a file named after a
    // token or a password, or a glob naming it, shows it redacted as every
    // path is (the redacted form holds no quote or backslash, so JSON stays
    // JSON).
    let out = String::from_utf8_lossy(&out);
    std::io::stdout()
        .lock()
        .write_all(crate::engine::redact_path(&out).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn resolve(shown_as: &Path, path: &Path, resolution: &Resolution, cwd: &Path) -> Resolved {
    let config = &resolution.config;
    let (chain, matching) = &resolution.key;
    let values = resolution
        .hierarchy
        .effective(matching)
        .into_iter()
        .map(|effective| Value {
            key: effective.key,
            values: effective
                .values
                .into_iter()
                .map(|(value, from)| Sourced {
                    value,
                    from: from.to_string(),
                })
                .collect(),
        })
        .collect();
    let is_dir = path.is_dir();
    let template = config
        .project()
        .and_then(|p| p.template.as_ref())
        .map(|(path, entries)| Template {
            path: path.clone(),
            variables: entries.len(),
        });
    let rules = config
        .rules()
        .into_iter()
        .map(|rule| RuleState {
            enabled: config.is_enabled(&rule.id, path),
            severity: config.severity(&rule.id, rule.severity).to_string(),
            id: rule.id,
        })
        .collect();
    Resolved {
        // The path as asked, with any part of it that looks like a secret
        // hidden: `check` hides a password a file is named after because it
        // read the file and found it; this command reads no file.
        path: crate::engine::redact_names(&shown_as.display().to_string()).into_owned(),
        configuration: chain.first().cloned(),
        extends: chain.iter().skip(1).cloned().collect(),
        overrides: (resolution.hierarchy.override_origins(matching).iter())
            .map(ToString::to_string)
            .collect(),
        values,
        project_root: workspace::project_root(config, path, cwd),
        settings_module: config.is_settings_module(path),
        test_code: config.is_test_path(path),
        excluded: config.is_excluded(path, is_dir),
        secrets_allowlisted: config.is_allowed_path(path),
        project_facts: config.project().is_some(),
        env_template: template,
        rules,
    }
}

fn write_text(resolved: &Resolved, out: &mut dyn Write) -> std::io::Result<()> {
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    writeln!(out, "{}", resolved.path)?;
    match &resolved.configuration {
        Some(file) => writeln!(out, "  configuration    {}", file.display())?,
        None => writeln!(
            out,
            "  configuration    defaults (no configuration file found)"
        )?,
    }
    for file in &resolved.extends {
        writeln!(out, "  extends          {}", file.display())?;
    }
    for entry in &resolved.overrides {
        writeln!(out, "  applies          {entry}")?;
    }
    writeln!(
        out,
        "  project root     {}",
        resolved.project_root.display()
    )?;
    match &resolved.env_template {
        Some(t) => writeln!(
            out,
            "  env template     {} ({} variables)",
            t.path.display(),
            t.variables
        )?,
        None if resolved.project_facts => writeln!(out, "  env template     none found")?,
        None => writeln!(
            out,
            "  env template     not looked up (no project rule runs here)"
        )?,
    }
    writeln!(
        out,
        "  settings module  {}",
        yes_no(resolved.settings_module)
    )?;
    writeln!(out, "  test code        {}", yes_no(resolved.test_code))?;
    writeln!(out, "  excluded         {}", yes_no(resolved.excluded))?;
    writeln!(
        out,
        "  secrets allowed  {}",
        yes_no(resolved.secrets_allowlisted)
    )?;
    writeln!(out, "  values")?;
    let key_width = resolved
        .values
        .iter()
        .map(|v| v.key.len())
        .max()
        .unwrap_or(0);
    for value in &resolved.values {
        if value.values.is_empty() {
            writeln!(out, "    {:key_width$}  (none)", value.key)?;
        }
        // Consecutive values from one place on one line.
        let mut runs: Vec<(&str, Vec<String>)> = Vec::new();
        for sourced in &value.values {
            let shown = report::terminal(&sourced.value);
            match runs.last_mut() {
                Some((from, values)) if *from == sourced.from => values.push(shown),
                _ => runs.push((&sourced.from, vec![shown])),
            }
        }
        for (i, (from, values)) in runs.iter().enumerate() {
            let key = if i == 0 { value.key.as_str() } else { "" };
            writeln!(
                out,
                "    {key:key_width$}  {}  ({})",
                values.join(", "),
                report::terminal(from)
            )?;
        }
    }
    let width = resolved.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    writeln!(out, "  rules")?;
    for rule in &resolved.rules {
        let state = if rule.enabled { "on " } else { "off" };
        writeln!(out, "    {state}  {:width$}  {}", rule.id, rule.severity)?;
    }
    Ok(())
}
