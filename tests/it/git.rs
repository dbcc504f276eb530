//! `--staged` and `--diff` against real temporary git repositories.

use crate::common::{github_token, json_findings, write};
use pretty_assertions::assert_eq;
use std::path::Path;
use std::process::Command;
use tempfile::TempDir;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

fn repo() -> TempDir {
    let dir = TempDir::new().unwrap();
    git(dir.path(), &["init", "-q"]);
    dir
}

/// `(path, line, rule)` of each finding in a JSON report.
fn findings(dir: &Path, args: &[&str]) -> Vec<(String, u64, String)> {
    json_findings(dir, args)
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap().to_owned();
            (
                path,
                f["start"]["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn found(path: &str, line: u64, rule: &str) -> (String, u64, String) {
    (path.to_owned(), line, rule.to_owned())
}

#[test]
fn staged_content_is_scanned_not_the_working_copy_even_before_the_first_commit() {
    let dir = repo();
    write(
        dir.path(),
        "app.py",
        &format!("x = 1\nTOKEN = \"{}\"\n", github_token(11)),
    );
    git(dir.path(), &["add", "app.py"]);
    // The secret is gone from the working copy but still staged.
    write(dir.path(), "app.py", "x = 1\n");
    assert_eq!(
        findings(dir.path(), &["check", "--staged", "--format", "json"]),
        [found("app.py", 2, "secret/github-pat")]
    );
    // The working tree itself is clean.
    assert_eq!(findings(dir.path(), &["check", "--format", "json"]), []);
}

#[test]
fn staged_renames_deletions_binaries_and_named_files() {
    let dir = repo();
    write(dir.path(), "old.py", "x = 1\n");
    write(
        dir.path(),
        "gone.py",
        &format!("T = \"{}\"\n", github_token(12)),
    );
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "initial"]);
    git(dir.path(), &["mv", "old.py", "new.py"]);
    write(
        dir.path(),
        "new.py",
        &format!("x = 1\nT = \"{}\"\n", github_token(13)),
    );
    git(dir.path(), &["rm", "-q", "gone.py"]);
    std::fs::write(
        dir.path().join("blob.bin"),
        [0u8, 159, 146, 150, b'g', b'h', b'p', b'_'],
    )
    .unwrap();
    write(dir.path(), "other.py", "import os\nos.getenv('X')\n");
    git(dir.path(), &["add", "-A"]);
    assert_eq!(
        findings(dir.path(), &["check", "--staged", "--format", "json"]),
        [
            found("new.py", 2, "secret/github-pat"),
            found("other.py", 2, "env/direct-access")
        ]
    );
    // pre-commit passes the file names it wants checked.
    assert_eq!(
        findings(
            dir.path(),
            &["check", "--staged", "--format", "json", "other.py"]
        ),
        [found("other.py", 2, "env/direct-access")]
    );
}

#[test]
fn staged_from_a_subdirectory() {
    let dir = repo();
    write(dir.path(), "pkg/mod.py", "import os\nos.getenv('X')\n");
    write(dir.path(), "top.py", "import os\nos.getenv('Y')\n");
    git(dir.path(), &["add", "."]);
    assert_eq!(
        findings(
            &dir.path().join("pkg"),
            &["check", "--staged", "--format", "json"]
        ),
        [found("mod.py", 2, "env/direct-access")]
    );
}

#[test]
fn diff_reports_only_what_the_branch_adds() {
    let dir = repo();
    write(
        dir.path(),
        "app.py",
        &format!(
            "import os\nOLD = \"{}\"\nHOME = os.getenv('HOME')\n",
            github_token(14)
        ),
    );
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "base"]);
    git(dir.path(), &["checkout", "-qb", "feature"]);
    write(
        dir.path(),
        "app.py",
        &format!(
            "import os\nOLD = \"{}\"\nHOME = os.getenv('HOME')\nNEW = \"{}\"\n",
            github_token(14),
            github_token(15)
        ),
    );
    write(dir.path(), "extra.py", "import os\nos.environ['X']\n");
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "feature"]);
    // main moves on with a secret of its own: merge-base awareness keeps it out.
    git(dir.path(), &["checkout", "-q", "main"]);
    write(
        dir.path(),
        "main_only.py",
        &format!("T = \"{}\"\n", github_token(16)),
    );
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "main"]);
    git(dir.path(), &["checkout", "-q", "feature"]);
    assert_eq!(
        findings(dir.path(), &["check", "--diff", "main", "--format", "json"]),
        [
            found("app.py", 4, "secret/github-pat"),
            found("extra.py", 2, "env/direct-access")
        ]
    );
}
