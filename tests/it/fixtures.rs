//! Every file under `fixtures/secret`, `fixtures/env`, `fixtures/log`,
//! `fixtures/ci`, `fixtures/bait` and `fixtures/suppress` is scanned with every rule selected
//! (the opt-in ones too), and its findings must be
//! exactly the ones it declares:
//!
//! - a line ending in a comment `expect: <rule-id>[, <rule-id>…]` must produce
//!   exactly those findings, and every other line none;
//! - a file that cannot hold comments (JSON, PEM) lists its findings in a
//!   sidecar `<file>.expect`, one `<line> <rule-id>` per line;
//! - a file with neither must produce no findings at all (the must-not-find
//!   cases, and all of `fixtures/bait`).
//!
//! The rendered findings (position, rule, redacted message) of each file are
//! also pinned by an insta snapshot.

use credlint::{check, Config, Document};
use pretty_assertions::assert_eq;
use regex::Regex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const ROOTS: &[&str] = &[
    "fixtures/secret",
    "fixtures/env",
    "fixtures/log",
    "fixtures/ci",
    "fixtures/bait",
    "fixtures/suppress",
];

fn fixture_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = ROOTS.iter().map(PathBuf::from).collect();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_none_or(|e| e != "expect" && e != "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The (line, rule) pairs a fixture declares.
fn declared(path: &Path, text: &str) -> BTreeSet<(usize, String)> {
    let marker = Regex::new(r"expect: ([a-z]+/[a-z0-9-]+(?:\s*,\s*[a-z]+/[a-z0-9-]+)*)").unwrap();
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(caps) = marker.captures(line) {
            for rule in caps[1].split(',') {
                out.insert((i + 1, rule.trim().to_owned()));
            }
        }
    }
    let sidecar = PathBuf::from(format!("{}.expect", path.display()));
    if let Ok(expect) = std::fs::read_to_string(&sidecar) {
        for line in expect.lines().filter(|l| !l.trim().is_empty()) {
            let (number, rule) = line.split_once(' ').expect("`<line> <rule>`");
            out.insert((
                number.parse().expect("a line number"),
                rule.trim().to_owned(),
            ));
        }
    }
    out
}

/// A fixture's document as the command line builds it: a Rust file its
/// fixture crate's root declares under `#[cfg(test)]` is test code.
fn document(path: &Path, text: String) -> Document {
    let parents = credlint::workspace::modules::Parents::on_disk();
    Document::new(path, text).declared_for_tests(parents.declared_for_tests(path))
}

#[test]
fn fixtures_produce_exactly_their_declared_findings() {
    // Every rule, the opt-in ones included.
    let options: credlint::config::Options = toml::from_str("extend-select = ['env']").unwrap();
    let config = Config::from_options(options, None, None).unwrap();
    let files = fixture_files();
    assert!(files.len() >= 20, "fixtures went missing: {}", files.len());
    let mut mismatches = Vec::new();
    let mut snapshots = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let expected = declared(path, &text);
        // Binary files (keystores) go where every front sends them.
        let findings = match credlint::skip::skip(&bytes, &config) {
            Some(credlint::skip::Skip::Binary) => {
                credlint::analyse_bytes(path, &bytes, &config).findings
            }
            _ => check(&document(path, text), &config),
        };
        let actual: BTreeSet<(usize, String)> = findings
            .iter()
            .map(|f| (f.start.line, f.rule.clone()))
            .collect();
        if actual != expected {
            let missing: Vec<_> = expected.difference(&actual).collect();
            let unexpected: Vec<_> = actual.difference(&expected).collect();
            mismatches.push(format!(
                "{}\n  missing: {missing:?}\n  unexpected: {unexpected:?}",
                path.display()
            ));
        }
        let rendered: String = findings
            .iter()
            .map(|f| {
                format!(
                    "{}:{}-{}:{} {} {}\n",
                    f.start.line, f.start.column, f.end.line, f.end.column, f.rule, f.message
                )
            })
            .collect();
        snapshots.push((
            path.display().to_string().replace(['/', '.'], "_"),
            rendered,
        ));
    }
    // Markers first: they say what is wrong; the snapshots pin the wording.
    assert_eq!(mismatches, Vec::<String>::new());
    for (name, rendered) in snapshots {
        insta::assert_snapshot!(name, rendered);
    }
}

/// `credlint history` analyses a version again only when a line it adds
/// (or one of the two before it) holds something a secret rule starts from
/// (`credlint::versions`), and then around the lines it added. Every secret
/// of every fixture must pass that gate, and be found around that line, when
/// any one of its lines is the only line the version added.
#[test]
fn every_fixture_secret_opens_the_history_gate_on_any_of_its_lines() {
    let options: credlint::config::Options = toml::from_str("extend-select = ['env']").unwrap();
    let config = Config::from_options(options, None, None).unwrap();
    let mut closed = Vec::new();
    let mut secrets = 0;
    for path in fixture_files() {
        let bytes = std::fs::read(&path).unwrap();
        if credlint::skip::skip(&bytes, &config).is_some() {
            continue; // binary versions are always analysed
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let lines: Vec<&str> = text.split('\n').collect();
        let findings = check(&Document::new(&path, text.clone()), &config);
        for finding in findings
            .iter()
            .filter(|f| credlint::rules::is_secret(&f.rule))
        {
            secrets += 1;
            for line in finding.start.line..=finding.end.line {
                // A line with a twin elsewhere in the file is not new.
                if lines.iter().filter(|l| **l == lines[line - 1]).count() > 1 {
                    continue;
                }
                let mut before = lines.clone();
                before.remove(line - 1);
                let previous = credlint::versions::Lines::of(before.join("\n").as_bytes());
                let Some(changed) =
                    credlint::versions::changed_parts(&path, &previous, &bytes, &config)
                else {
                    closed.push(format!(
                        "{}:{line} {} (not analysed)",
                        path.display(),
                        finding.rule
                    ));
                    continue;
                };
                // Analysed around that line only, the secret is still found.
                let again = Document::new(&path, text.clone()).with_changed(changed);
                if !check(&again, &config)
                    .iter()
                    .any(|f| f.rule == finding.rule && f.span == finding.span)
                {
                    closed.push(format!(
                        "{}:{line} {} (not found)",
                        path.display(),
                        finding.rule
                    ));
                }
            }
        }
    }
    assert!(secrets > 100, "fixtures went missing: {secrets} secrets");
    assert_eq!(closed, Vec::<String>::new());
}
