//! The invariants ARCHITECTURE.md states, checked: the engine crate depends
//! on nothing that does I/O, and neither crate's modules import each other in
//! a cycle. (That the engine calls no file-system, process or environment
//! API is clippy's job: `crates/credlint_core/clippy.toml`, run by `.ci/run`.)

use pretty_assertions::assert_eq;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The crates the engine may depend on: parsing, matching and hashing,
/// none of which touches the file system, a process or the network. A new
/// dependency is a decision, made here, not a side effect.
const PURE_DEPENDENCIES: &[&str] = &[
    "aho-corasick",
    "argon2",
    "base64",
    "data-encoding",
    "foldhash",
    "getrandom",
    "globset",
    "memchr",
    "percent-encoding",
    "regex",
    "regex-syntax",
    "serde",
    "serde_json",
    "sha1",
    "sha2",
    "toml",
    "toml_edit",
    "tree-sitter",
    "tree-sitter-python",
    "tree-sitter-rust",
    "unicode-normalization",
];

#[test]
fn the_engine_crate_depends_only_on_pure_crates() {
    let manifest = std::fs::read_to_string(root().join("crates/credlint_core/Cargo.toml")).unwrap();
    let manifest: toml::Table = toml::from_str(&manifest).unwrap();
    let dependencies: Vec<&str> = manifest["dependencies"]
        .as_table()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert!(!dependencies.is_empty());
    let impure: Vec<&str> = dependencies
        .into_iter()
        .filter(|d| !PURE_DEPENDENCIES.contains(d))
        .collect();
    assert_eq!(impure, Vec::<&str>::new());
    let clippy = std::fs::read_to_string(root().join("crates/credlint_core/clippy.toml")).unwrap();
    for api in [
        "std::fs::read_to_string",
        "std::process::Command",
        "std::env::var",
    ] {
        assert!(clippy.contains(api), "clippy.toml must forbid {api}");
    }
}

/// The top-level modules of a crate (`src/NAME.rs` or `src/NAME/`).
fn modules(src: &Path) -> BTreeMap<String, Vec<PathBuf>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if matches!(name.as_str(), "lib" | "main") {
            continue;
        }
        let files = if path.is_dir() {
            let mut files = Vec::new();
            let mut stack = vec![path];
            while let Some(dir) = stack.pop() {
                for entry in std::fs::read_dir(dir).unwrap() {
                    let path = entry.unwrap().path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.extension().is_some_and(|e| e == "rs") {
                        files.push(path);
                    }
                }
            }
            files
        } else if path.extension().is_some_and(|e| e == "rs") {
            vec![path]
        } else {
            continue;
        };
        out.insert(name, files);
    }
    out
}

/// The crate's own modules a file's non-test code names through `crate::`
/// (`crate::config::Config`, `crate::{engine, rules::selects}`, and the root
/// re-exports such as `crate::Config`). Comments and the `#[cfg(test)]`
/// module at the end of a file are left out: tests may use anything.
fn imports(text: &str, modules: &BTreeSet<String>, reexports: &[(&str, &str)]) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
    let code: String = code
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = BTreeSet::new();
    let mut name = |word: &str| {
        let word = word.trim();
        let first = word.split("::").next().unwrap_or("").trim();
        if modules.contains(first) {
            out.insert(first.to_owned());
        } else if let Some((_, module)) = reexports.iter().find(|(item, _)| *item == first) {
            out.insert((*module).to_owned());
        }
    };
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // A grouped import: every top-level name in the braces.
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        name(&group[start..i]);
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        name(&group[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            name(&rest[..end]);
        }
    }
    out
}

/// A cycle in `graph`, as the path of modules around it.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

fn graph(src: &Path, reexports: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules(src);
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    assert!(names.len() >= 4, "{}: found {names:?}", src.display());
    modules
        .iter()
        .map(|(name, files)| {
            let mut used = BTreeSet::new();
            for file in files {
                used.extend(imports(
                    &std::fs::read_to_string(file).unwrap(),
                    &names,
                    reexports,
                ));
            }
            used.remove(name);
            (name.clone(), used)
        })
        .collect()
}

#[test]
fn no_module_imports_itself_through_a_cycle() {
    let core_reexports = [
        ("Config", "config"),
        ("ConfigSource", "config"),
        ("Document", "document"),
        ("Language", "document"),
        ("Finding", "finding"),
        ("Severity", "finding"),
        ("check", "engine"),
        ("analyse", "engine"),
        ("Analysis", "engine"),
    ];
    let core = graph(&root().join("crates/credlint_core/src"), &core_reexports);
    assert!(
        core["engine"].contains("rules"),
        "the scan sees imports: {core:?}"
    );
    assert_eq!(cycle(&core), None, "credlint_core: {core:?}");

    // The fronts: the workspace layer serves both and knows neither; the
    // language server does not know the command line (which only starts it,
    // for `credlint lsp`).
    let fronts = graph(&root().join("src"), &[]);
    assert_eq!(cycle(&fronts), None, "credlint: {fronts:?}");
    let none = BTreeSet::new();
    assert_eq!(fronts.get("workspace"), Some(&none), "{fronts:?}");
    assert!(!fronts["server"].contains("cli"), "{fronts:?}");
    assert!(!fronts["report"].contains("cli"), "{fronts:?}");
}

#[test]
fn the_cycle_check_finds_cycles() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", &["b"][..]),
        ("b", &["c"][..]),
        ("c", &["a"][..]),
        ("d", &[][..]),
    ]
    .into_iter()
    .map(|(n, e)| (n.to_owned(), e.iter().map(|s| s.to_string()).collect()))
    .collect();
    assert_eq!(
        cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    let modules: BTreeSet<String> = ["engine", "rules", "config"].map(String::from).into();
    let used = imports(
        "use crate::{engine::check, rules::{self, x}};\n// crate::config\nuse crate::Config;\n",
        &modules,
        &[("Config", "config")],
    );
    assert_eq!(used, ["config", "engine", "rules"].map(String::from).into());
}

/// What reaches the disk or runs a program without the workspace layer
/// (regular expressions).
const DIRECT_IO: &[&str] = &[
    r"\bfs::",
    r"\bprocess::Command\b",
    r"\bCommand::new\b",
    r"\b(File|OpenOptions)::",
    r"\.(is_file|is_dir|exists|try_exists|metadata|symlink_metadata|read_dir|canonicalize|read_link)\(",
];

/// A source file without its `#[cfg(test)] mod tests` (test code may
/// write fixtures).
fn non_test(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests")
        .map_or(text, |at| &text[..at])
}

/// The language server never blocks its session lock on I/O. It does none
/// of its own: every read, walk and git run goes through the workspace
/// layer, whose I/O panics (debug builds) on a thread holding the session
/// lock (`workspace::blocking`). And the session, the lock's data, calls no
/// function of the workspace layer nor of `server/resolve.rs`, which does
/// its I/O with the lock released: its methods are data operations.
#[test]
fn the_language_server_does_io_only_through_the_workspace_layer() {
    let server = root().join("src/server");
    let declarations = std::fs::read_to_string(server.join("mod.rs")).unwrap();
    let mut checked = Vec::new();
    for entry in std::fs::read_dir(&server).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if path.extension().is_none_or(|e| e != "rs")
            || declarations.contains(&format!("#[cfg(test)]\nmod {name};"))
        {
            continue; // test-only modules write their fixtures
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for pattern in DIRECT_IO {
            assert!(
                !regex::Regex::new(pattern)
                    .unwrap()
                    .is_match(non_test(&text)),
                "{}: `{pattern}`: the server reaches the disk through the workspace layer",
                path.display()
            );
        }
        checked.push(name);
    }
    checked.sort();
    for module in ["actions", "document", "mod", "resolve", "session"] {
        assert!(checked.iter().any(|c| c == module), "{checked:?}");
    }

    let session = std::fs::read_to_string(server.join("session.rs")).unwrap();
    let calls =
        regex::Regex::new(r"\b(workspace|facts|git|read|walk|resolve)::[a-z_]+\s*\(").unwrap();
    let found: Vec<&str> = calls
        .find_iter(non_test(&session))
        .map(|m| m.as_str())
        .collect();
    assert_eq!(
        found,
        Vec::<&str>::new(),
        "session.rs calls the workspace layer"
    );
    // The checks see what they look for.
    let direct = |text: &str| {
        DIRECT_IO
            .iter()
            .any(|p| regex::Regex::new(p).unwrap().is_match(text))
    };
    assert!(direct("std::fs::read_to_string(path)"));
    assert!(direct("if !path.is_file() {"));
    assert!(direct("Command::new(\"git\")"));
    assert!(!direct("ExecuteCommandOptions::default()"));
    assert!(!direct("read::is_file(&path)"));
    assert!(calls.is_match("let x = workspace::find_keyed(path);"));
    assert!(calls.is_match("resolve::facts (&job)"));
    assert!(!calls.is_match("use super::resolve::Located;"));
}
