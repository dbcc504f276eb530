//! Facts about a project that no single file holds: what the env template
//! lists, which variables the settings modules read, and what git ignores.
//!
//! The workspace layer of the `credlint` crate gathers them (that is I/O:
//! it reads files and asks git) and hands them to the engine inside the
//! [`Config`](crate::Config); the project rules
//! (`env/undocumented-variable`, `env/unused-template-variable`,
//! `env/dotenv-not-ignored`) read them from there, so the engine stays pure.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;

/// The env template's usual names.
pub const TEMPLATE_NAMES: &[&str] = &[
    "mcp_env.example",
    ".env.example",
    "env.example",
    ".env.template",
    ".env.sample",
];

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

/// Whether a file name is a dotenv file holding values (`.env`,
/// `.env.local`), not one of the env templates.
pub fn is_dotenv(name: &str) -> bool {
    (name == ".env" || name.starts_with(".env.")) && !TEMPLATE_NAMES.contains(&name)
}
