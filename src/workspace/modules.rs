//! Which Rust files are declared as test-only code by the file that
//! declares them: `#[cfg(test)] mod tests;` in `src/lib.rs` makes
//! `src/tests.rs` (or `src/tests/mod.rs`) test code as a whole, as an
//! inline `#[cfg(test)] mod tests { … }` is. The engine cannot read the
//! parent (no I/O), so this layer reads it and hands the answer over with
//! the document ([`credlint_core::Document::declared_for_tests`]), for
//! every front alike.
//!
//! Only the parents a file can have are read: in its folder, and up to
//! [`INLINE_LEVELS`] folders above (`mod a { mod b; }` in `lib.rs` declares
//! `a/b.rs`), the `mod.rs`, `lib.rs` and `main.rs` there, and the file
//! named after the folder (`src/a.rs` declares `src/a/b.rs`). Each parent
//! is read once per [`Parents`], and only its declarations are kept (read
//! by a byte-level item split, see [`modules::declarations`]). A parent
//! that is itself test code makes all its children test code, declared
//! under a `cfg` or not.
//!
//! What is judged: `#[cfg(test)]`, `#[cfg(all(test, …))]` on the declaration
//! or on an inline module around it, the parent's own `#![cfg(test)]`, and
//! `#[path = "…"]` on the declaration or its inline modules. A `mod tests;`
//! under no test attribute is compiled into the program and stays
//! application code. Not judged: a `#[path]` from a file that is none of
//! those candidates (a sibling module's `#[path = "x.rs"]`), and Cargo's
//! other crate roots (`src/bin/*.rs`) as parents.

use credlint_core::syntax::modules::{self, ModuleDeclaration};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// How many inline modules around a declaration are followed
/// (`mod a { mod b { mod c; } }`: two).
const INLINE_LEVELS: usize = 3;

/// How many files up a chain of declarations is followed.
const DEPTH: usize = 16;

/// The parents read so far, and the judgements made, for one run of the
/// command line or one judgement of the language server; `overlay` holds
/// texts that stand for files on disk (the editor's open buffers).
#[derive(Default)]
pub struct Parents {
    overlay: HashMap<PathBuf, String>,
    /// Each parent's declarations, read once (only those, not its text, are
    /// kept: a run over a workspace reads every `lib.rs` and `mod.rs`).
    read: Mutex<HashMap<PathBuf, Option<Arc<[ModuleDeclaration]>>>>,
    /// For each folder candidates start from (see [`candidates_from`]), those
    /// that exist and declare a module: the files of a folder share them, so
    /// a folder's candidate paths are built and looked up once.
    declaring: Mutex<HashMap<PathBuf, Arc<[Declaring]>>>,
    judged: Mutex<HashMap<PathBuf, bool>>,
}

impl Parents {
    /// Parents read from disk, with `overlay`'s texts in place of the files
    /// at their paths.
    pub fn with_overlay(overlay: HashMap<PathBuf, String>) -> Self {
        Parents {
            overlay,
            ..Parents::default()
        }
    }

    /// The process's parents read from disk (the command line's: the files
    /// do not change during a run).
    pub fn on_disk() -> &'static Parents {
        static DISK: OnceLock<Parents> = OnceLock::new();
        DISK.get_or_init(Parents::default)
    }

    /// Whether `child` (a Rust file) is declared as test-only code by its
    /// parent, or is a module of a file that is.
    pub fn declared_for_tests(&self, child: &Path) -> bool {
        if child.extension().is_none_or(|e| e != "rs") {
            return false;
        }
        self.judge(&normalized(child), DEPTH)
    }

    fn judge(&self, child: &Path, depth: usize) -> bool {
        if let Some(&known) = lock(&self.judged).get(child) {
            return known;
        }
        let answer = self.judge_afresh(child, depth);
        lock(&self.judged).insert(child.to_owned(), answer);
        answer
    }

    fn judge_afresh(&self, child: &Path, depth: usize) -> bool {
        // Every declaration of `child` names it: `mod name;`, or a
        // `#[path]` ending in its file's name (or its folder's, for a
        // `mod.rs`).
        let (Some(name), Some(base)) = (module_name(child), base(child)) else {
            return false;
        };
        let declaring = self.declaring(base);
        for Declaring {
            candidate,
            declared,
        } in declaring.iter()
        {
            if candidate.path == child {
                continue;
            }
            // A declaration without `#[path]` names its file by its own
            // name: only those of `name` are resolved (a `mod.rs` declaring
            // many children is not resolved whole for each of them).
            let mut of_child = (declared.iter())
                .filter(|d| d.path.is_some() || d.name == name)
                .filter(|d| candidate.resolves(d).iter().any(|p| p == child))
                .peekable();
            if of_child.peek().is_none() {
                continue;
            }
            // Under a test attribute, or in a parent that is test code
            // itself (then any declaration of `child` counts).
            if of_child.any(|d| d.test) || depth > 0 && self.judge(&candidate.path, depth - 1) {
                return true;
            }
        }
        false
    }

    /// The candidates from `base` that exist and declare a module.
    fn declaring(&self, base: &Path) -> Arc<[Declaring]> {
        if let Some(known) = lock(&self.declaring).get(base) {
            return known.clone();
        }
        let found: Arc<[Declaring]> = (candidates_from(base).into_iter())
            .filter_map(|candidate| {
                let declared = self.declarations(&candidate.path)?;
                (!declared.is_empty()).then_some(Declaring {
                    candidate,
                    declared,
                })
            })
            .collect();
        lock(&self.declaring).insert(base.to_owned(), found.clone());
        found
    }

    /// The declarations of the parent at `path`: the overlay's text, else
    /// the file's, read once.
    fn declarations(&self, path: &Path) -> Option<Arc<[ModuleDeclaration]>> {
        if let Some(declared) = lock(&self.read).get(path) {
            return declared.clone();
        }
        let text = match self.overlay.get(path) {
            Some(text) => Some(text.clone()),
            None => super::read::read_named(path).ok(),
        };
        let declared: Option<Arc<[ModuleDeclaration]>> =
            text.map(|text| modules::declarations(&text).unwrap_or_default().into());
        lock(&self.read).insert(path.to_owned(), declared.clone());
        declared
    }
}

/// Every file that could be `child`'s parent, or the parent of a parent
/// that is (see [`candidates`]), up to [`DEPTH`] files up: the files whose
/// change can change `child`'s judgement (the language server watches
/// them). Pure: no file is read.
pub fn ancestors(child: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    let mut frontier = vec![normalized(child)];
    for _ in 0..DEPTH {
        let mut next = Vec::new();
        for file in &frontier {
            for candidate in candidates(file) {
                if !out.contains(&candidate.path) {
                    out.push(candidate.path.clone());
                    next.push(candidate.path);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    out
}

/// A candidate parent that exists, and what it declares.
struct Declaring {
    candidate: Candidate,
    declared: Arc<[ModuleDeclaration]>,
}

/// A file that could declare a module, and how its declarations resolve.
struct Candidate {
    path: PathBuf,
    /// The folder its declarations' files are looked for in
    /// (`src/` for `src/lib.rs` and `src/mod.rs`; `src/a/` for `src/a.rs`).
    modules: PathBuf,
}

impl Candidate {
    /// The files declaration `d` names: with a `#[path]` outside inline
    /// modules, relative to the parent's own folder; otherwise in
    /// [`Candidate::modules`], a folder deeper for each inline module (its
    /// `#[path]` when it has one), `name.rs` or `name/mod.rs`.
    fn resolves(&self, d: &ModuleDeclaration) -> Vec<PathBuf> {
        let folder = self.path.parent().unwrap_or(Path::new(""));
        if let (Some(path), true) = (&d.path, d.within.is_empty()) {
            return vec![normalized(&folder.join(path))];
        }
        let mut dir = self.modules.clone();
        for inline in &d.within {
            dir.push(inline.path.as_deref().unwrap_or(&inline.name));
        }
        match &d.path {
            Some(path) => vec![normalized(&dir.join(path))],
            None => vec![
                normalized(&dir.join(format!("{}.rs", d.name))),
                normalized(&dir.join(&d.name).join("mod.rs")),
            ],
        }
    }
}

/// The files that could declare `child`: for `D/m.rs` or `D/m/mod.rs`
/// (a crate root, `lib.rs` or `main.rs`, has none), those from `D` (see
/// [`candidates_from`]), but `child` itself.
fn candidates(child: &Path) -> Vec<Candidate> {
    let mut out = base(child).map(candidates_from).unwrap_or_default();
    out.retain(|c| c.path != child);
    out
}

/// The folder `child`'s candidate parents start from: `D` for `D/m.rs`
/// and `D/m/mod.rs`; none for a crate root (`lib.rs`, `main.rs`).
fn base(child: &Path) -> Option<&Path> {
    let stem = child.file_stem()?.to_str()?;
    let folder = child.parent()?;
    match stem {
        "lib" | "main" => None,
        "mod" => folder.parent(),
        _ => Some(folder),
    }
}

/// In `base` and up to [`INLINE_LEVELS`] folders above it: `mod.rs`,
/// `lib.rs`, `main.rs` and the file named after the folder.
fn candidates_from(base: &Path) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut dir = Some(base);
    for _ in 0..=INLINE_LEVELS {
        let Some(here) = dir.filter(|d| !d.as_os_str().is_empty()) else {
            break;
        };
        for root in ["mod.rs", "lib.rs", "main.rs"] {
            out.push(Candidate {
                path: here.join(root),
                modules: here.to_owned(),
            });
        }
        if let (Some(above), Some(name)) = (here.parent(), here.file_name()) {
            let mut file = name.to_owned();
            file.push(".rs");
            out.push(Candidate {
                path: above.join(file),
                modules: here.to_owned(),
            });
        }
        dir = here.parent();
    }
    out
}

/// The name every declaration of `child` holds: its file's stem, or its
/// folder's name for a `mod.rs`.
fn module_name(child: &Path) -> Option<&str> {
    let stem = child.file_stem()?.to_str()?;
    match stem {
        "mod" => child.parent()?.file_name()?.to_str(),
        _ => Some(stem),
    }
}

/// `path` with `.` and `a/..` taken out, lexically.
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(files: &[(&str, &str)], child: &str) -> bool {
        let overlay = files
            .iter()
            .map(|(p, t)| (PathBuf::from("/nowhere").join(p), t.to_string()))
            .collect();
        Parents::with_overlay(overlay).declared_for_tests(&PathBuf::from("/nowhere").join(child))
    }

    #[test]
    fn a_module_declared_under_cfg_test_is_test_code() {
        let lib = ("src/lib.rs", "mod app;\n#[cfg(test)]\nmod tests;\n");
        assert!(judged(&[lib], "src/tests.rs"));
        assert!(judged(&[lib], "src/tests/mod.rs"));
        assert!(!judged(&[lib], "src/app.rs"));
        assert!(!judged(&[("src/lib.rs", "mod tests;\n")], "src/tests.rs"));
        assert!(!judged(&[lib], "src/lib.rs"));
    }

    #[test]
    fn nested_paths_and_children_of_test_modules() {
        let lib = (
            "src/lib.rs",
            "mod a {\n    #[cfg(test)]\n    mod b;\n}\n#[cfg(test)]\nmod x {\n    mod y;\n}\n#[cfg(test)]\n#[path = \"support/helpers.rs\"]\nmod helpers;\n#[cfg(test)]\nmod testing;\n",
        );
        let testing = ("src/testing.rs", "mod fakes;\n");
        let files = [lib, testing];
        assert!(judged(&files, "src/a/b.rs"));
        assert!(judged(&files, "src/x/y.rs"));
        assert!(judged(&files, "src/support/helpers.rs"));
        assert!(judged(&files, "src/testing/fakes.rs"));
        assert!(!judged(&files, "src/a/c.rs"));
        let module = ("src/net/mod.rs", "#[cfg(test)]\nmod tests;\n");
        assert!(judged(&[module], "src/net/tests.rs"));
        let named = ("src/net.rs", "#[cfg(test)]\nmod tests;\n");
        assert!(judged(&[named], "src/net/tests.rs"));
        assert!(!judged(&[named], "src/tests.rs"));
    }

    #[test]
    fn ancestors_reach_the_crate_root() {
        let found = ancestors(Path::new("/r/src/a/b.rs"));
        assert!(found.contains(&PathBuf::from("/r/src/lib.rs")));
        assert!(found.contains(&PathBuf::from("/r/src/a.rs")));
        assert!(found.contains(&PathBuf::from("/r/src/a/mod.rs")));
    }
}
