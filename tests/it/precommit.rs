//! End to end with the real pre-commit framework: the `credlint` hook from
//! `.pre-commit-hooks.yaml`, built by pre-commit itself with cargo, and a
//! `language: python` hook installing the wheel.
//!
//! `.ci/run` installs pre-commit into a virtualenv and names it in
//! `CREDLINT_PRE_COMMIT`, and builds the wheel into the folder it names in
//! `CREDLINT_WHEELS`. Elsewhere the tests use `pre-commit` from PATH; a
//! missing tool or wheel fails them unless the run opts out with
//! `CREDLINT_SKIP_E2E=1`.

use crate::common::{github_token, write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pre_commit() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CREDLINT_PRE_COMMIT") {
        return Some(PathBuf::from(path));
    }
    let found = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found && std::env::var_os("CI").is_some() {
        panic!("pre-commit is not installed: .ci/run should have installed it");
    }
    found.then(|| PathBuf::from("pre-commit"))
}

struct Sandbox {
    repo: tempfile::TempDir,
    home: PathBuf,
    target: PathBuf,
}

impl Sandbox {
    fn command(&self, program: &Path, args: &[&str]) -> Command {
        let mut command = Command::new(program);
        command
            .args(args)
            .current_dir(self.repo.path())
            .env("PRE_COMMIT_HOME", &self.home)
            // pre-commit builds the hook with `cargo install`; a shared target
            // folder lets `try-repo` reuse the first build.
            .env("CARGO_TARGET_DIR", &self.target)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@t")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@t")
            .env("NO_COLOR", "1");
        command
    }

    fn git(&self, args: &[&str]) -> Output {
        self.command(Path::new("git"), args).output().unwrap()
    }
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn pre_commit_blocks_secrets_and_passes_clean_commits() {
    let Some(pre_commit) = pre_commit() else {
        crate::common::missing_client("pre-commit is not installed (or set CREDLINT_PRE_COMMIT)");
        return;
    };
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rev = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(checkout)
        .output()
        .unwrap();
    let rev = String::from_utf8(rev.stdout).unwrap().trim().to_owned();
    let scratch = tempfile::TempDir::new().unwrap();
    let sandbox = Sandbox {
        repo: tempfile::TempDir::new().unwrap(),
        home: scratch.path().join("home"),
        target: checkout.join("target/pre-commit"),
    };
    assert!(sandbox.git(&["init", "-q"]).status.success());
    write(
        sandbox.repo.path(),
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: credlint\n",
            checkout.display()
        ),
    );
    let install = sandbox.command(&pre_commit, &["install"]).output().unwrap();
    assert!(install.status.success(), "{}", text(&install));

    // A clean commit passes (and builds the hook once).
    write(
        sandbox.repo.path(),
        "app.py",
        "from mcp_app_settings import settings\n\nKEY = settings.API_KEY\n",
    );
    sandbox.git(&["add", "."]);
    let commit = sandbox.git(&["commit", "-qm", "clean"]);
    assert!(commit.status.success(), "{}", text(&commit));

    // A hardcoded key is refused, with the finding printed and redacted.
    let token = github_token(41);
    write(
        sandbox.repo.path(),
        "app.py",
        &format!("KEY = \"{token}\"\n"),
    );
    sandbox.git(&["add", "app.py"]);
    let commit = sandbox.git(&["commit", "-qm", "leak"]);
    let shown = text(&commit);
    assert!(!commit.status.success(), "{shown}");
    assert!(
        shown.contains("app.py:1:8: error[secret/github-pat]"),
        "{shown}"
    );
    assert!(!shown.contains(&token), "{shown}");

    // Removed from the working copy but still staged: still caught.
    write(sandbox.repo.path(), "app.py", "KEY = None\n");
    let commit = sandbox.git(&["commit", "-qm", "still staged"]);
    assert!(!commit.status.success(), "{}", text(&commit));
    assert!(text(&commit).contains("secret/github-pat"));

    // `pre-commit try-repo` runs the hook straight from this checkout.
    sandbox.git(&["reset", "-q"]);
    write(
        sandbox.repo.path(),
        "other.py",
        "import os\nos.getenv('X')\n",
    );
    let try_repo = sandbox
        .command(
            &pre_commit,
            &[
                "try-repo",
                &checkout.display().to_string(),
                "credlint",
                "--files",
                "other.py",
            ],
        )
        .output()
        .unwrap();
    assert!(!try_repo.status.success(), "{}", text(&try_repo));
    assert!(
        text(&try_repo).contains("other.py:2:1: warning[env/direct-access]"),
        "{}",
        text(&try_repo)
    );
}

/// The wheel's way in (the ruff-pre-commit pattern): pre-commit makes a
/// virtualenv and pip installs the `credlint` wheel into it, so the first
/// commit takes seconds and needs no Rust toolchain. pip reads only the
/// folder `.ci/run` built the wheel into, never an index.
#[test]
fn the_wheel_installs_as_a_python_hook_and_blocks_secrets() {
    let Some(pre_commit) = pre_commit() else {
        crate::common::missing_client("pre-commit is not installed (or set CREDLINT_PRE_COMMIT)");
        return;
    };
    let Some(wheels) = std::env::var_os("CREDLINT_WHEELS").map(PathBuf::from) else {
        crate::common::missing_client(
            "no credlint wheel: set CREDLINT_WHEELS to the folder `maturin build` wrote (.ci/run does)",
        );
        return;
    };
    let wheel = std::fs::read_dir(&wheels)
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().starts_with("credlint-"));
    assert!(wheel, "no credlint wheel in {}", wheels.display());
    let scratch = tempfile::TempDir::new().unwrap();
    let sandbox = Sandbox {
        repo: tempfile::TempDir::new().unwrap(),
        home: scratch.path().join("home"),
        target: scratch.path().join("target"),
    };
    let command = |program: &Path, args: &[&str]| {
        let mut command = sandbox.command(program, args);
        command
            .env("PIP_NO_INDEX", "1")
            .env("PIP_FIND_LINKS", &wheels)
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
            // No cargo: whatever runs, runs from the wheel.
            .env("PATH", without_cargo());
        command
    };
    assert!(sandbox.git(&["init", "-q"]).status.success());
    write(
        sandbox.repo.path(),
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: credlint\n        name: credlint\n        entry: credlint check --force-exclude\n        language: python\n        additional_dependencies: [credlint=={}]\n        types: [text]\n",
            env!("CARGO_PKG_VERSION")
        ),
    );
    let install = command(&pre_commit, &["install"]).output().unwrap();
    assert!(install.status.success(), "{}", text(&install));

    write(
        sandbox.repo.path(),
        "app.py",
        "from mcp_app_settings import settings\n\nKEY = settings.API_KEY\n",
    );
    sandbox.git(&["add", "."]);
    let commit = command(Path::new("git"), &["commit", "-qm", "clean"])
        .output()
        .unwrap();
    assert!(commit.status.success(), "{}", text(&commit));

    let token = github_token(43);
    write(
        sandbox.repo.path(),
        "app.py",
        &format!("KEY = \"{token}\"\n"),
    );
    sandbox.git(&["add", "app.py"]);
    let commit = command(Path::new("git"), &["commit", "-qm", "leak"])
        .output()
        .unwrap();
    let shown = text(&commit);
    assert!(!commit.status.success(), "{shown}");
    assert!(
        shown.contains("app.py:1:8: error[secret/github-pat]"),
        "{shown}"
    );
    assert!(!shown.contains(&token), "{shown}");
}

/// PATH without the folders holding `cargo`, so that a hook that tried to
/// build from source would fail rather than quietly succeed.
fn without_cargo() -> std::ffi::OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|dir| !dir.join("cargo").exists())
        .collect();
    std::env::join_paths(kept).unwrap()
}
