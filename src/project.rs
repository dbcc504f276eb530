//! Facts about a project that no single file holds: what the env template
//! lists, which variables the settings modules read, and what git ignores.
//!
//! The fronts gather them (this is I/O: it reads files and asks git) and
//! hand them to the engine inside the [`Config`]; the project rules
//! (`env/undocumented-variable`, `env/unused-template-variable`,
//! `env/dotenv-not-ignored`) read them from there, so the engine stays pure.

use crate::config::Config;
use crate::document::Document;
use crate::rules::env_template_real_value::TEMPLATE_NAMES;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(Debug, Default)]
pub struct Project {
    /// The env template and the variables it lists, with their lines (1-based).
    pub template: Option<(PathBuf, BTreeMap<String, usize>)>,
    /// Variables the settings modules read by name.
    pub settings_reads: BTreeSet<String>,
    pub has_settings_module: bool,
    /// `.env` files that git does not ignore, or that it tracks.
    pub exposed_dotenv: HashSet<PathBuf>,
    /// The root `.gitignore`, when it does not ignore `.env`.
    pub gitignore_without_env: Option<PathBuf>,
}

/// The variables an env template lists: `NAME=…` / `export NAME=…` lines.
pub fn template_entries(text: &str) -> BTreeMap<String, usize> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.trim_start();
            let line = line.strip_prefix("export ").unwrap_or(line);
            let (name, _) = line.split_once('=')?;
            let name = name.trim();
            let valid = !name.is_empty()
                && !name.starts_with('#')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            valid.then(|| (name.to_owned(), i + 1))
        })
        .collect()
}

fn git(root: &Path, args: &[&str]) -> Option<std::process::Output> {
    Command::new("git")
        .args(args)
        .current_dir(root)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()
}

fn is_dotenv(name: &str) -> bool {
    (name == ".env" || name.starts_with(".env.")) && !TEMPLATE_NAMES.contains(&name)
}

/// Gathers the facts for the project rooted at `root`. `settings_modules`
/// are the settings-module files found in it.
pub fn discover(root: &Path, settings_modules: &[PathBuf]) -> Project {
    let template = TEMPLATE_NAMES
        .iter()
        .map(|name| root.join(name))
        .find(|p| p.is_file())
        .map(|path| {
            let entries = std::fs::read_to_string(&path)
                .map(|t| template_entries(&t))
                .unwrap_or_default();
            (path, entries)
        });
    let mut project = Project {
        template,
        ..Project::default()
    };
    for path in settings_modules {
        if let Ok(text) = std::fs::read_to_string(path) {
            project.has_settings_module = true;
            let document = Document::new(path, text);
            project
                .settings_reads
                .extend(crate::engine::environment_reads(&document));
        }
    }
    // Git's view: tracked .env files, and untracked ones it does not ignore.
    let Some(top) = git(root, &["rev-parse", "--show-toplevel"]).filter(|o| o.status.success())
    else {
        return project;
    };
    let top = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim());
    for args in [
        &["ls-files", "-z"][..],
        &["ls-files", "-z", "--others", "--exclude-standard"][..],
    ] {
        if let Some(out) = git(&top, args) {
            for name in out.stdout.split(|&b| b == 0).filter(|n| !n.is_empty()) {
                let relative = PathBuf::from(String::from_utf8_lossy(name).into_owned());
                if relative
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(is_dotenv)
                {
                    project.exposed_dotenv.insert(top.join(relative));
                }
            }
        }
    }
    let ignores_env = git(&top, &["check-ignore", "-q", "--no-index", ".env"])
        .is_some_and(|o| o.status.success());
    if project.has_settings_module && !ignores_env {
        project.gitignore_without_env = Some(top.join(".gitignore"));
    }
    project
}

/// The settings-module files under `root`, by the configuration's globs.
pub fn settings_modules(root: &Path, config: &Config) -> Vec<PathBuf> {
    ignore::WalkBuilder::new(root)
        .hidden(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| {
            matches!(p.extension().and_then(|e| e.to_str()), Some("py" | "rs"))
                && config.is_settings_module(p)
        })
        .collect()
}
