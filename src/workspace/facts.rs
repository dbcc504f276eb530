//! Gathering the project facts the project rules need (`Project`): the env
//! template's entries, what the settings modules read, and git's view of
//! `.env` files. This is I/O, so it lives here and not in the engine.

use credlint_core::config::{PolicyFile, PolicyFiles};
use credlint_core::project::TEMPLATE_NAMES;
use credlint_core::project::{is_code_file, is_dotenv, template_entries, Project, QuotedNames};
use credlint_core::{Config, Document, Language};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// Runs git as the git modes do (see [`super::git`]): with the settings
/// that would run a program of the repository's choosing turned off.
fn git(root: &Path, args: &[&str]) -> Option<std::process::Output> {
    super::git::pinned(root)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()
}

/// The facts every file needs, which the root alone holds: the env
/// template and its entries (no walk, no git). [`Project::unwalked`] says
/// the rest has not been gathered: a file those facts do not judge
/// ([`Project::judges`]) gets [`discover`]'s.
pub fn template_facts(root: &Path) -> Project {
    super::blocking::check("reading the env template");
    Project {
        template: template(root),
        unwalked: Some(root.to_path_buf()),
        ..Project::default()
    }
}

/// The env template at `root`, and the variables it lists.
fn template(root: &Path) -> Option<(PathBuf, BTreeMap<String, usize>)> {
    TEMPLATE_NAMES
        .iter()
        .map(|name| root.join(name))
        .find(|p| p.is_file())
        .map(|path| {
            let entries = super::read::read_named(&path)
                .map(|t| template_entries(&t))
                .unwrap_or_default();
            (path, entries)
        })
}

/// Gathers the facts for the project rooted at `root` from its code files
/// (see [`code_files`]).
pub fn discover(root: &Path, code: &CodeFiles) -> Project {
    super::blocking::check("gathering project facts");
    let mut project = Project {
        template: template(root),
        ..Project::default()
    };
    for path in &code.settings {
        if let Ok(text) = super::read::read_named(path) {
            project.has_settings_module = true;
            // A settings module that fills a struct with envy reads every
            // entry (see `reads_through_envy`).
            if credlint_core::project::reads_through_envy(&text) {
                if let Some((_, entries)) = &project.template {
                    project.settings_reads.extend(entries.keys().cloned());
                }
            }
            let document = Document::new(path, text);
            project
                .settings_reads
                .extend(credlint_core::engine::environment_reads(&document));
        }
    }
    project.named_elsewhere = named_elsewhere(&project, &code.others);
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

/// The template entries the settings modules do not read that `others`
/// (the project's other code files) name in a string literal: read only
/// when the template rule would otherwise report something, and only
/// until every such entry is found.
fn named_elsewhere(project: &Project, others: &[PathBuf]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let Some(search) = QuotedNames::new(project.unread_entries()) else {
        return found;
    };
    for path in others {
        if search.all_in(&found) {
            break;
        }
        if let Ok(text) = super::read::read_named(path) {
            search.find_in(&text, &mut found);
        }
    }
    found
}

/// A project's Python and Rust files: its settings modules (by the
/// configuration's globs) and the others.
pub struct CodeFiles {
    pub settings: Vec<PathBuf>,
    pub others: Vec<PathBuf>,
}

/// The Python and Rust files under `root`, walked as a check walks them.
pub fn code_files(root: &Path, config: &Config) -> CodeFiles {
    super::blocking::check("walking for settings modules");
    // A folder the walk cannot enter holds no settings module it could
    // read; the check of the same folder says so.
    let (settings, others) = super::walk::walker(root, |_, _| true)
        .0
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| is_code_file(p))
        .partition(|p| config.is_settings_module(p));
    let code = CodeFiles { settings, others };
    #[cfg(test)]
    tests::WALKED.with(|walked| walked.set(walked.get() + code.settings.len() + code.others.len()));
    code
}

/// The languages a workspace is written in, as its roots' build files say
/// (what the language server warms the engine up for)
/// (`Cargo.toml`; `pyproject.toml`, `setup.py`, `setup.cfg`,
/// `requirements.txt`), Python when they say nothing (the policy's own
/// example is a Python application).
pub fn languages(roots: &[PathBuf]) -> Vec<Language> {
    super::blocking::check("reading the project roots");
    let has = |names: &[&str]| {
        roots
            .iter()
            .any(|root| names.iter().any(|name| root.join(name).is_file()))
    };
    let rust = has(&["Cargo.toml"]);
    let python = has(&[
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
        "requirements.txt",
    ]);
    match (python, rust) {
        (false, true) => vec![Language::Rust],
        (true, true) => vec![Language::Python, Language::Rust],
        _ => vec![Language::Python],
    }
}

/// The policy's files at the project's root: an env template, a dotenv
/// file. Only the root folder is read (no walk), so this is cheap enough for
/// every configuration the editor resolves.
pub fn policy_files(root: &Path) -> PolicyFiles {
    super::blocking::check("reading the project root");
    let mut found = Vec::new();
    let template = TEMPLATE_NAMES
        .iter()
        .find(|name| root.join(name).is_file())
        .map(|name| (*name).to_owned());
    if template.is_some() {
        found.push(PolicyFile::Template);
    }
    let dotenv = std::fs::read_dir(root).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_str().is_some_and(is_dotenv))
    });
    if dotenv {
        found.push(PolicyFile::Dotenv);
    }
    PolicyFiles { found, template }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    thread_local! {
        /// The code files [`code_files`] listed on this thread: what the
        /// tests count a walk for settings modules by.
        pub static WALKED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// The server warms the engine up for what the roots' build files say,
    /// and for Python when they say nothing.
    #[test]
    fn the_workspace_languages_follow_its_build_files() {
        let named = |files: &[&str]| {
            let root = tempfile::TempDir::new().unwrap();
            for file in files {
                std::fs::write(root.path().join(file), "").unwrap();
            }
            languages(&[root.path().to_path_buf()])
        };
        assert_eq!(named(&["Cargo.toml"]), [Language::Rust]);
        assert_eq!(named(&["pyproject.toml"]), [Language::Python]);
        assert_eq!(
            named(&["Cargo.toml", "requirements.txt"]),
            [Language::Python, Language::Rust]
        );
        assert_eq!(named(&["README.md"]), [Language::Python]);
        assert_eq!(languages(&[]), [Language::Python]);
    }
}
