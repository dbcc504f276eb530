//! Binary keystores (`secret/keystore-private-key`): found by content in
//! every front that reads files (`check`, `--staged`, `history`), judged
//! by the configuration like any file, and never quoted.

use crate::common::{commit, credlint, finding_lines, git, git_repo, stderr, stdout};
use pretty_assertions::assert_eq;
use std::path::Path;
use tempfile::TempDir;

const FIXTURES: &str = "fixtures/secret/keystore-private-key";

/// Copies fixture keystores into `dir` under new names (the name never
/// decides: a truststore is called `identity.pfx` here).
fn place(dir: &Path, files: &[(&str, &str)]) {
    for (fixture, name) in files {
        let to = dir.join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(Path::new(FIXTURES).join(fixture), to).unwrap();
    }
}

#[test]
fn check_reports_keystores_with_a_key_and_quotes_none_of_their_bytes() {
    let dir = TempDir::new().unwrap();
    place(
        dir.path(),
        &[
            ("identity.p12", "certs/server.bin"),
            ("keystore.jks", "app.keystore"),
            ("truststore.p12", "certs/identity.pfx"),
            ("truststore.jks", "trust.jks"),
            ("random.pfx", "random.p12"),
        ],
    );
    let mut lines = finding_lines(dir.path(), &["check", "."]);
    lines.sort();
    assert_eq!(
        lines,
        [
            "app.keystore:1 secret/keystore-private-key",
            "certs/server.bin:1 secret/keystore-private-key"
        ]
    );
    let bytes = std::fs::read(dir.path().join("certs/server.bin")).unwrap();
    for format in crate::common::formats() {
        let output = credlint(dir.path(), &["check", ".", "--format", &format]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format}: {}",
            stderr(&output)
        );
        let shown = output.stdout;
        // No run of the keystore's bytes (beyond its DER header) shows.
        for window in bytes[32..].chunks(12) {
            assert!(
                !shown.windows(window.len()).any(|w| w == window),
                "{format} shows the keystore's bytes"
            );
        }
    }
    let text = stdout(&credlint(dir.path(), &["check", "."]));
    assert!(text.contains("(binary file)"), "{text}");
}

#[test]
fn configuration_and_baselines_apply_to_keystores() {
    let dir = TempDir::new().unwrap();
    place(dir.path(), &[("identity.p12", "tests/data/identity.p12")]);
    let found = ["tests/data/identity.p12:1 secret/keystore-private-key"];
    assert_eq!(finding_lines(dir.path(), &["check", "."]), found);
    assert!(finding_lines(
        dir.path(),
        &["check", ".", "--ignore", "secret/keystore-private-key"]
    )
    .is_empty());
    std::fs::write(
        dir.path().join("credlint.toml"),
        "[per-file-ignores]\n'tests/data/*.p12' = ['secret/keystore-private-key']\n",
    )
    .unwrap();
    assert!(finding_lines(dir.path(), &["check", "."]).is_empty());
    std::fs::write(
        dir.path().join("credlint.toml"),
        "exclude = ['tests/data/']\n",
    )
    .unwrap();
    assert!(finding_lines(dir.path(), &["check", "."]).is_empty());
    std::fs::write(dir.path().join("credlint.toml"), "max-file-size = 1000\n").unwrap();
    assert!(finding_lines(dir.path(), &["check", "."]).is_empty());
    std::fs::remove_file(dir.path().join("credlint.toml")).unwrap();

    let output = credlint(dir.path(), &["baseline"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let args = ["check", ".", "--baseline", ".credlint-baseline.json"];
    assert!(finding_lines(dir.path(), &args).is_empty());
    // Another key in the same file is a new finding.
    place(dir.path(), &[("legacy.pfx", "tests/data/identity.p12")]);
    assert_eq!(finding_lines(dir.path(), &args), found);
}

#[test]
fn staged_and_history_find_keystores() {
    let dir = git_repo();
    place(
        dir.path(),
        &[
            ("identity.p12", "identity.p12"),
            ("truststore.p12", "ca.p12"),
        ],
    );
    git(dir.path(), &["add", "-A"]);
    assert_eq!(
        finding_lines(dir.path(), &["check", "--staged"]),
        ["identity.p12:1 secret/keystore-private-key"]
    );
    let added = commit(dir.path(), "add keystores");
    std::fs::remove_file(dir.path().join("identity.p12")).unwrap();
    commit(dir.path(), "remove the keystore");
    let output = credlint(dir.path(), &["history", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule"], "secret/keystore-private-key");
    assert_eq!(findings[0]["path"], "identity.p12");
    assert!(added.starts_with(findings[0]["commit"].as_str().unwrap()));
}

#[test]
fn diff_reports_a_keystore_the_change_adds() {
    let dir = git_repo();
    std::fs::write(dir.path().join("README.md"), "# app\n").unwrap();
    commit(dir.path(), "start");
    place(dir.path(), &[("identity.p12", "identity.p12")]);
    commit(dir.path(), "add a keystore");
    assert_eq!(
        finding_lines(dir.path(), &["check", ".", "--diff", "HEAD~1"]),
        ["identity.p12:1 secret/keystore-private-key"]
    );
    assert!(finding_lines(dir.path(), &["check", ".", "--diff", "HEAD"]).is_empty());
}
