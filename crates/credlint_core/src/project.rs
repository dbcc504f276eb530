//! Facts about a project that no single file holds: what the env template
//! lists, which variables the settings modules read, and what git ignores.
//!
//! The workspace layer of the `credlint` crate gathers them (that is I/O:
//! it reads files and asks git) and hands them to the engine inside the
//! [`Config`](crate::Config); the project rules
//! (`env/undocumented-variable`, `env/unused-template-variable`,
//! `env/dotenv-not-ignored`) read them from there, so the engine stays pure.
//!
//! Most of them cost the whole project: what the settings modules read
//! needs a walk of the tree to find them, `.env` files' state needs git.
//! A file needs that only when it is the template, a dotenv file or a
//! `.gitignore` ([`Project::judges`]); the command line gathers it only
//! when it checks such a file, so `git commit` of code files walks nothing.

use aho_corasick::AhoCorasick;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// The env template's usual names.
pub const TEMPLATE_NAMES: &[&str] = &[
    "mcp_env.example",
    ".env.example",
    "env.example",
    ".env.template",
    ".env.sample",
];

/// The extensions of the code files the project facts read: settings
/// modules, and the other code that may name a template entry.
pub const CODE_EXTENSIONS: [&str; 2] = ["py", "rs"];

/// Whether `path` is one of the code files the project facts read (see
/// [`CODE_EXTENSIONS`]).
pub fn is_code_file(path: &Path) -> bool {
    (path.extension().and_then(|e| e.to_str())).is_some_and(|e| CODE_EXTENSIONS.contains(&e))
}

#[derive(Debug, Default)]
pub struct Project {
    /// The env template and the variables it lists, with their lines (1-based).
    pub template: Option<(PathBuf, BTreeMap<String, usize>)>,
    /// Variables the settings modules read by name.
    pub settings_reads: BTreeSet<String>,
    /// Template entries the settings modules do not read that other code
    /// of the project names in a string literal (see [`QuotedNames`]).
    pub named_elsewhere: BTreeSet<String>,
    pub has_settings_module: bool,
    /// `.env` files that git does not ignore, or that it tracks.
    pub exposed_dotenv: HashSet<PathBuf>,
    /// The root `.gitignore`, when it does not ignore `.env`.
    pub gitignore_without_env: Option<PathBuf>,
    /// The project root, while only the template has been read there:
    /// the settings modules and git have not been asked, so the fields
    /// above it hold nothing (see [`Project::judges`]). `None` once they
    /// have.
    pub unwalked: Option<PathBuf>,
}

impl Project {
    /// Whether these facts judge `path` as the whole project's would. The
    /// template's entries, which facts gathered without the walk and git
    /// ([`Project::unwalked`]) hold, are all a file needs unless it is the
    /// template (`env/unused-template-variable` needs what the settings
    /// modules read, and what other code names), a dotenv file or a
    /// `.gitignore` (`env/dotenv-not-ignored` needs git's view, and whether
    /// there is a settings module). Told by the file's name, so a path
    /// written otherwise than the template's still gets the whole facts.
    pub fn judges(&self, path: &Path) -> bool {
        self.unwalked.is_none() || !judged_by_walk(path)
    }

    /// The template's entries that the settings modules do not read: those
    /// [`Project::named_elsewhere`] is gathered for.
    pub fn unread_entries(&self) -> Vec<String> {
        let Some((_, entries)) = self.template.as_ref().filter(|_| self.has_settings_module) else {
            return Vec::new();
        };
        (entries.keys())
            .filter(|name| !self.settings_reads.contains(*name))
            .cloned()
            .collect()
    }

    /// Whether a code file created, deleted or changed on disk may change
    /// [`Project::named_elsewhere`], told without its text (it may be gone):
    /// some entry is named elsewhere already, or some is looked for.
    pub fn reads_other_code(&self) -> bool {
        !self.named_elsewhere.is_empty() || !self.unread_entries().is_empty()
    }

    /// Whether saving a code file outside the settings modules may change
    /// [`Project::named_elsewhere`]: its text names an unread entry, or
    /// some entry is named elsewhere already (this file may have dropped
    /// it). The language server gathers the facts again when it may; the
    /// text is asked for only when the answer depends on it.
    pub fn may_change_named_elsewhere(&self, text: impl FnOnce() -> String) -> bool {
        !self.named_elsewhere.is_empty()
            || QuotedNames::new(self.unread_entries()).is_some_and(|search| {
                let mut found = BTreeSet::new();
                search.find_in(&text(), &mut found);
                !found.is_empty()
            })
    }
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

/// Whether the facts a walk of the project and git gather judge `path`:
/// the env template, a dotenv file or a `.gitignore`, told by its name (see
/// [`Project::judges`]).
pub fn judged_by_walk(path: &Path) -> bool {
    (path.file_name().and_then(|n| n.to_str())).is_some_and(|name| {
        name == ".gitignore" || TEMPLATE_NAMES.contains(&name) || is_dotenv(name)
    })
}

/// Whether a file name is a dotenv file holding values (`.env`,
/// `.env.local`), not one of the env templates.
pub fn is_dotenv(name: &str) -> bool {
    (name == ".env" || name.starts_with(".env.")) && !TEMPLATE_NAMES.contains(&name)
}

/// Variable names searched for as whole string literals (`"NAME"`,
/// `'NAME'`) in one pass over a text. A template entry that library code
/// reads by name outside the settings module (`os.environ["NAME"]` in an
/// observability module, a helper's `env("NAME")`, `std::env::var("NAME")`)
/// is used: that read is `env/direct-access`'s finding, and calling the
/// entry unused would advise deleting a variable the application needs. A
/// name in a literal is what every such read has in common, whatever
/// function it goes through, so no parse is needed.
pub struct QuotedNames {
    names: Vec<String>,
    automaton: AhoCorasick,
}

impl QuotedNames {
    /// `None` when there is no name to look for.
    pub fn new(names: Vec<String>) -> Option<Self> {
        if names.is_empty() {
            return None;
        }
        let patterns = names
            .iter()
            .flat_map(|name| [format!("\"{name}\""), format!("'{name}'")]);
        let automaton = AhoCorasick::new(patterns).ok()?;
        Some(Self { names, automaton })
    }

    /// Adds to `found` the names `text` holds as a whole literal; all the
    /// names when `text` reads the environment with envy (see
    /// [`reads_through_envy`]).
    pub fn find_in(&self, text: &str, found: &mut BTreeSet<String>) {
        if reads_through_envy(text) {
            found.extend(self.names.iter().cloned());
            return;
        }
        for hit in self.automaton.find_iter(text) {
            let name = &self.names[hit.pattern().as_usize() / 2];
            if !found.contains(name) {
                found.insert(name.clone());
            }
        }
    }

    /// Whether every name has been found already (the search can stop).
    pub fn all_in(&self, found: &BTreeSet<String>) -> bool {
        self.names.iter().all(|name| found.contains(name))
    }
}

/// Whether Rust code deserialises the environment with envy
/// (`envy::from_env::<Config>()`, `envy::prefixed("APP_").from_env()`):
/// the variables read are the struct's field names upper-cased, which no
/// string literal names and which the struct may declare in another file.
/// Such a call is the project's settings read, done by a library: every
/// entry of the template counts as read by it, since which struct it fills
/// is not followed (the entries stay checked in projects without it). A
/// call named in a line comment (`/// Reads the environment with
/// envy::from_env`) is no read.
pub fn reads_through_envy(text: &str) -> bool {
    text.contains("envy::")
        && ENVY_READ.find_iter(text).any(|call| {
            let line_start = text[..call.start()].rfind('\n').map_or(0, |i| i + 1);
            !text[line_start..call.start()].contains("//")
        })
}

/// `envy::from_env`, `envy::from_iter`, `envy::prefixed(…)`, as a path in
/// code (not `use envy::Error`).
static ENVY_READ: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\benvy::(?:from_env|from_iter|prefixed)\b").expect("a valid pattern")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_envy_read_reads_every_entry() {
        let search = QuotedNames::new(vec!["TOKEN".into(), "BASE".into()]).unwrap();
        let mut found = BTreeSet::new();
        search.find_in("use envy::Error as EnvyError;\nfn f() {}\n", &mut found);
        assert!(found.is_empty());
        search.find_in(
            "pub fn from_env() -> Result<Data> {\n    Ok(envy::from_env()?)\n}\n",
            &mut found,
        );
        assert!(search.all_in(&found));
        let mut prefixed = BTreeSet::new();
        search.find_in("envy::prefixed(\"APP_\").from_env::<Data>()", &mut prefixed);
        assert!(search.all_in(&prefixed));
        for named in [
            "/// Deserialises the environment like `envy::from_env`.\nfn f() {}\n",
            "let x = 1; // not envy::prefixed(\"A_\")\n",
        ] {
            let mut found = BTreeSet::new();
            search.find_in(named, &mut found);
            assert!(found.is_empty(), "{named}");
        }
    }

    #[test]
    fn names_count_only_as_whole_literals() {
        let search = QuotedNames::new(vec!["LEGACY_TOKEN".into(), "DEBUG".into()]).unwrap();
        let mut found = BTreeSet::new();
        search.find_in(
            "a = env('LEGACY_TOKEN_V2')\nb = \"XDEBUG\"\n# DEBUG\n",
            &mut found,
        );
        assert!(found.is_empty());
        search.find_in("std::env::var(\"LEGACY_TOKEN\")", &mut found);
        assert_eq!(found, BTreeSet::from(["LEGACY_TOKEN".to_owned()]));
        assert!(!search.all_in(&found));
        search.find_in("os.environ.get('DEBUG')", &mut found);
        assert!(search.all_in(&found));
        assert!(QuotedNames::new(Vec::new()).is_none());
    }

    /// Facts without the walk judge code files, never the files whose
    /// rules read what the walk and git find.
    #[test]
    fn facts_without_the_walk_judge_only_code_files() {
        let partial = Project {
            unwalked: Some(PathBuf::from("/repo")),
            ..Project::default()
        };
        for path in [
            "/repo/app/settings.py",
            "/repo/src/main.rs",
            "/repo/README.md",
        ] {
            assert!(partial.judges(Path::new(path)), "{path}");
        }
        for path in [
            "/repo/.env.example",
            "/repo/sub/mcp_env.example",
            "/repo/.env",
            "/repo/.env.local",
            "/repo/.gitignore",
        ] {
            assert!(!partial.judges(Path::new(path)), "{path}");
            assert!(Project::default().judges(Path::new(path)), "{path}");
        }
    }
}
