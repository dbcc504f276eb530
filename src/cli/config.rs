//! `credlint config`: what `check` (and the editor, which resolves through
//! the same workspace layer) makes of a file — the configuration file that
//! governs it, its project, how the defaults classify it, and which rules
//! run on it. When a finding appears in one place and not another, this is
//! the first question to ask.

use super::check::config_for;
use super::{ConfigArgs, RulesFormat};
use crate::workspace::{self, walk};
use anyhow::{bail, Result};
use credlint_core::Config;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The resolved view of one path.
#[derive(Serialize)]
struct Resolved {
    path: String,
    /// The configuration file, or `None` for the defaults.
    configuration: Option<PathBuf>,
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
        let (file, config) = config_for(&args.scan, &absolute, &cwd)?;
        shown.push(resolve(path, &absolute, file, &config, &cwd));
    }
    let mut out = std::io::stdout().lock();
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
    Ok(ExitCode::SUCCESS)
}

fn resolve(
    shown_as: &Path,
    path: &Path,
    file: Option<PathBuf>,
    config: &Config,
    cwd: &Path,
) -> Resolved {
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
        path: shown_as.display().to_string(),
        configuration: file,
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
    let width = resolved.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    writeln!(out, "  rules")?;
    for rule in &resolved.rules {
        let state = if rule.enabled { "on " } else { "off" };
        writeln!(out, "    {state}  {:width$}  {}", rule.id, rule.severity)?;
    }
    Ok(())
}
