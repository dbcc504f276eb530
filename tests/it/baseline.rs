//! Baselines: record, filter, survive moved lines, prune, import detect-secrets.

use crate::common::{
    credlint, credlint_command, github_token, json_findings, stderr, stdout, write,
};
use pretty_assertions::assert_eq;
use std::path::Path;
use tempfile::TempDir;

fn lines_of(dir: &std::path::Path, args: &[&str]) -> Vec<u64> {
    json_findings(dir, args)
        .iter()
        .map(|f| f["start"]["line"].as_u64().unwrap())
        .collect()
}

#[test]
fn baseline_round_trip_with_moved_lines_and_new_findings() {
    let dir = TempDir::new().unwrap();
    let (a, b) = (github_token(21), github_token(22));
    write(
        dir.path(),
        "app.py",
        &format!("A = \"{a}\"\nimport os\nos.getenv('X')\n"),
    );
    let output = credlint(dir.path(), &["baseline"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let recorded = std::fs::read_to_string(dir.path().join(".credlint-baseline.json")).unwrap();
    assert!(!recorded.contains(&a), "a baseline never holds a secret");
    assert_eq!(recorded.matches("\"fingerprint\"").count(), 2);

    // Writing again gives the same bytes: sorted and stable.
    credlint(dir.path(), &["baseline"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".credlint-baseline.json")).unwrap(),
        recorded
    );

    let check = [
        "check",
        "--baseline",
        ".credlint-baseline.json",
        "--format",
        "json",
    ];
    assert_eq!(credlint(dir.path(), &check).status.code(), Some(0));
    // Lines move, a new secret arrives: only the new one is reported.
    write(
        dir.path(),
        "app.py",
        &format!("# moved\n\nA = \"{a}\"\nimport os\nos.getenv('X')\nB = \"{b}\"\n"),
    );
    assert_eq!(lines_of(dir.path(), &check), [6]);
}

#[test]
fn update_baseline_drops_entries_that_no_longer_occur() {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "app.py",
        &format!(
            "A = \"{}\"\nB = \"{}\"\n",
            github_token(23),
            github_token(24)
        ),
    );
    credlint(dir.path(), &["baseline", "-o", "base.json"]);
    write(
        dir.path(),
        "app.py",
        &format!("A = \"{}\"\n", github_token(23)),
    );
    let output = credlint(
        dir.path(),
        &["check", "--baseline", "base.json", "--update-baseline"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let kept = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert_eq!(kept.matches("\"fingerprint\"").count(), 1);
}

#[test]
fn detect_secrets_baselines_are_honoured_and_converted() {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "app.py",
        &format!(
            "x = 1\nA = \"{}\"\nB = \"{}\"\nC = \"{}\"\n",
            github_token(25),
            github_token(26),
            github_token(27)
        ),
    );
    // A is listed by its line; B by its hash, at a line it has since left.
    let b_hash = credlint::redact::sha1_hex(&github_token(26));
    write(
        dir.path(),
        ".secrets.baseline",
        &format!(
            r#"{{"version": "1.5.0", "plugins_used": [], "filters_used": [], "results": {{"app.py": [
            {{"type": "GitHub Token", "filename": "app.py", "hashed_secret": "0000000000000000000000000000000000000000", "is_verified": false, "line_number": 2}},
            {{"type": "GitHub Token", "filename": "app.py", "hashed_secret": "{b_hash}", "is_verified": false, "line_number": 40}}
        ]}}, "generated_at": "2024-01-01T00:00:00Z"}}"#
        ),
    );
    assert_eq!(
        lines_of(
            dir.path(),
            &[
                "check",
                "--baseline",
                ".secrets.baseline",
                "--format",
                "json"
            ]
        ),
        [4]
    );
    let output = credlint(
        dir.path(),
        &["baseline", "--from-detect-secrets", ".secrets.baseline"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        lines_of(
            dir.path(),
            &[
                "check",
                "--baseline",
                ".credlint-baseline.json",
                "--format",
                "json"
            ]
        ),
        [4]
    );
}

/// gitleaks' and Betterleaks' `.gitleaksignore` as a baseline: an entry
/// (with or without its commit) covers a secret finding on its file and
/// line whatever the rule id; a line that is no fingerprint is named.
#[test]
fn gitleaksignore_entries_are_honoured_by_file_and_line() {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "src/app.py",
        &format!(
            "x = 1\nA = \"{}\"\nB = \"{}\"\nC = \"{}\"\n",
            github_token(31),
            github_token(32),
            github_token(33)
        ),
    );
    write(
        dir.path(),
        ".gitleaksignore",
        "# accepted findings\n\
         src/app.py:github-pat:2\n\
         9f2c3e1a5b7d9f2c3e1a5b7d9f2c3e1a5b7d9f2c:src/app.py:generic-api-key:3\n\
         not a fingerprint\n",
    );
    let args = ["check", "--baseline", ".gitleaksignore", "--format", "json"];
    assert_eq!(lines_of(dir.path(), &args), [4]);
    let output = credlint(dir.path(), &args);
    assert!(
        stderr(&output).contains(
            "1 lines are not `[commit:]file:rule:line` fingerprints and match nothing (lines 4)"
        ),
        "{}",
        stderr(&output)
    );
    let output = credlint(
        dir.path(),
        &[
            "check",
            "--baseline",
            ".gitleaksignore",
            "--update-baseline",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("rewrites credlint baselines only, not a `.gitleaksignore`"),
        "{err}"
    );
    assert!(!err.contains("detect-secrets"), "{err}");
}

/// `(path, rule)` of each entry of the baseline `name` in `dir`.
fn entries(dir: &Path, name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["path"].as_str().unwrap(),
                e["rule"].as_str().unwrap()
            )
        })
        .collect()
}

/// Runs `credlint <args>` in `cwd` and asserts that it exits 0.
fn assert_passes(cwd: &Path, args: &[&str]) {
    let output = credlint(cwd, args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}{}",
        stdout(&output),
        stderr(&output)
    );
}

fn update(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--baseline", "base.json", "--update-baseline"];
    args.extend(extra);
    credlint(dir, &args)
}

/// A project with a secret and an environment read in `a/` and in `b/`,
/// baselined in `base.json`.
fn two_folders() -> TempDir {
    let dir = TempDir::new().unwrap();
    for (folder, seed) in [("a", 31), ("b", 32)] {
        write(
            dir.path(),
            &format!("{folder}/app.py"),
            &format!(
                "import os\nA = \"{}\"\nos.getenv('X')\n",
                github_token(seed)
            ),
        );
    }
    let output = credlint(dir.path(), &["baseline", "-o", "base.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(entries(dir.path(), "base.json").len(), 4);
    dir
}

const ALL_FOUR: [&str; 4] = [
    "a/app.py env/direct-access",
    "a/app.py secret/github-pat",
    "b/app.py env/direct-access",
    "b/app.py secret/github-pat",
];

#[test]
fn update_baseline_keeps_entries_outside_the_scanned_paths() {
    let dir = two_folders();
    write(dir.path(), "a/app.py", "x = 1\n");
    let output = update(dir.path(), &["a"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        entries(dir.path(), "base.json"),
        ["b/app.py env/direct-access", "b/app.py secret/github-pat"]
    );
    // `credlint baseline` over part of the tree keeps the rest too.
    let output = credlint(dir.path(), &["baseline", "-o", "base.json", "a"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(entries(dir.path(), "base.json").len(), 2);
}

#[test]
fn update_baseline_keeps_entries_of_rules_not_run() {
    let dir = two_folders();
    write(dir.path(), "a/app.py", "x = 1\n");
    write(dir.path(), "b/app.py", "x = 1\n");
    let output = update(dir.path(), &["--select", "env"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        entries(dir.path(), "base.json"),
        ["a/app.py secret/github-pat", "b/app.py secret/github-pat"]
    );
    // A rule the configuration turns off keeps its entries too.
    write(dir.path(), "credlint.toml", "ignore = [\"secret\"]\n");
    let output = update(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(entries(dir.path(), "base.json").len(), 2);
    // Once the rule runs again, the entries that no longer occur go.
    std::fs::remove_file(dir.path().join("credlint.toml")).unwrap();
    assert_eq!(update(dir.path(), &[]).status.code(), Some(0));
    assert!(entries(dir.path(), "base.json").is_empty());
}

#[test]
fn update_baseline_keeps_entries_of_skipped_files() {
    let dir = two_folders();
    // a/ is now over the size limit, b/ binary: neither was checked.
    write(
        dir.path(),
        "a/app.py",
        &format!("A = \"{}\"\n{}\n", github_token(31), "#".repeat(300)),
    );
    write(dir.path(), "b/app.py", "\0\u{1}\u{2}PNG\0\0\0\0binary\0\n");
    write(dir.path(), "credlint.toml", "max-file-size = 200\n");
    let output = update(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(entries(dir.path(), "base.json"), ALL_FOUR);
}

#[test]
fn update_baseline_drops_entries_of_deleted_files() {
    let dir = two_folders();
    std::fs::remove_dir_all(dir.path().join("b")).unwrap();
    let output = update(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        entries(dir.path(), "base.json"),
        ["a/app.py env/direct-access", "a/app.py secret/github-pat"]
    );
}

#[test]
fn nothing_is_written_when_the_run_fails() {
    let dir = two_folders();
    let before = std::fs::read(dir.path().join("base.json")).unwrap();
    write(dir.path(), "a/app.py", "x = 1\n");
    let output = update(dir.path(), &["a", "missing.py"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("base.json not updated"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(dir.path().join("base.json")).unwrap(), before);
    let output = credlint(
        dir.path(),
        &["baseline", "-o", "base.json", "a", "missing.py"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read(dir.path().join("base.json")).unwrap(), before);
}

/// `credlint baseline` over part of the tree keeps the entries of an
/// existing baseline: one it cannot read (a merge conflict left in it) or
/// another scanner's is never replaced by this run's entries alone.
#[test]
fn a_baseline_that_cannot_be_kept_is_never_overwritten() {
    let dir = two_folders();
    let good = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    let (head, tail) = good.split_at(good.find("\n").unwrap() + 1);
    let conflicted = format!("{head}<<<<<<< HEAD\n{tail}");
    let detect_secrets = r#"{"version":"1.5.0","results":{"b/app.py":[{"type":"Secret Keyword","hashed_secret":"0123456789abcdef0123456789abcdef01234567","line_number":1}]}}"#;
    let newer = good.replacen("\"version\": 2", "\"version\": 99", 1);
    for (name, before) in [
        ("base.json", conflicted.as_str()),
        ("base.json", newer.as_str()),
        (".secrets.baseline", detect_secrets),
        (".gitleaksignore", "b/app.py:generic-api-key:1\n"),
    ] {
        write(dir.path(), name, before);
        let output = credlint(dir.path(), &["baseline", "-o", name, "a"]);
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("not overwritten"),
            "{name}: {}",
            stderr(&output)
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            before
        );
    }
    // A missing file is simply created.
    let output = credlint(dir.path(), &["baseline", "-o", "new.json", "a"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!entries(dir.path(), "new.json").is_empty());
}

#[test]
fn diff_and_staged_runs_never_drop_what_they_did_not_scan() {
    let dir = two_folders();
    crate::common::git_init(dir.path());
    let git = |args: &[&str]| crate::common::git(dir.path(), args);
    git(&["add", "."]);
    git(&["commit", "-qm", "init"]);
    // The whole of a/app.py is checked but only its changed lines reported.
    write(
        dir.path(),
        "a/app.py",
        &format!("import os\nA = \"{}\"\nY = 2\n", github_token(31)),
    );
    let output = update(dir.path(), &["--diff", "HEAD"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(entries(dir.path(), "base.json"), ALL_FOUR);
    // Staged: only the staged file's entries may go.
    git(&["add", "a/app.py"]);
    let output = update(dir.path(), &["--staged"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        entries(dir.path(), "base.json"),
        [
            "a/app.py secret/github-pat",
            "b/app.py env/direct-access",
            "b/app.py secret/github-pat"
        ]
    );
}

#[cfg(unix)]
#[test]
fn writes_keep_the_mode_and_go_through_symbolic_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = two_folders();
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let base = dir.path().join("base.json");
    std::fs::set_permissions(&base, std::fs::Permissions::from_mode(0o640)).unwrap();
    write(dir.path(), "a/app.py", "x = 1\n");
    assert_eq!(update(dir.path(), &[]).status.code(), Some(0));
    assert_eq!(mode(&base), 0o640);
    assert_eq!(entries(dir.path(), "base.json").len(), 2);

    // A link to a baseline kept elsewhere stays a link.
    std::fs::create_dir(dir.path().join("shared")).unwrap();
    std::fs::rename(&base, dir.path().join("shared/real.json")).unwrap();
    std::os::unix::fs::symlink("shared/real.json", &base).unwrap();
    write(dir.path(), "b/app.py", "x = 1\n");
    // The entries' paths are relative to the link's folder, where it is used.
    assert_eq!(update(dir.path(), &[]).status.code(), Some(0));
    assert!(std::fs::symlink_metadata(&base)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(entries(dir.path(), "shared/real.json").is_empty());
    assert_eq!(mode(&dir.path().join("shared/real.json")), 0o640);

    // A new baseline gets the usual mode for a new file, not 0600.
    let output = std::process::Command::new("sh")
        .args([
            "-c",
            "umask 022 && exec \"$0\" baseline -o new.json",
            env!("CARGO_BIN_EXE_credlint"),
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(mode(&dir.path().join("new.json")), 0o644);
}

#[test]
fn writes_leave_no_temporary_file_behind() {
    let dir = two_folders();
    // What a write killed half-way left: removed by the next one.
    let stale = dir.path().join(".base.json.a1b2c3.credlint-tmp");
    std::fs::write(&stale, "{").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    assert_eq!(update(dir.path(), &[]).status.code(), Some(0));
    assert!(!stale.exists());
    // A write that fails (the output is a folder) cleans up after itself.
    std::fs::create_dir(dir.path().join("taken.json")).unwrap();
    let output = credlint(dir.path(), &["baseline", "-o", "taken.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("taken.json"),
        "{}",
        stderr(&output)
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("credlint-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn version_1_baselines_match_with_a_warning_and_migrate_explicitly() {
    let dir = TempDir::new().unwrap();
    let (a, b) = (github_token(41), github_token(42));
    write(dir.path(), "a/app.py", &format!("A = \"{a}\"\n"));
    write(dir.path(), "b/app.py", &format!("B = \"{b}\"\n"));
    let v1 = |path: &str, secret: &str| {
        format!(
            r#"{{"path": "{path}", "rule": "secret/github-pat", "fingerprint": "{}"}}"#,
            credlint::redact::fingerprint("secret/github-pat", secret)
        )
    };
    write(
        dir.path(),
        "base.json",
        &format!(
            r#"{{"version": 1, "findings": [{}, {}]}}"#,
            v1("a/app.py", &a),
            v1("b/app.py", &b)
        ),
    );
    let output = credlint(dir.path(), &["check", "--baseline", "base.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("version 1"), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--update-baseline"),
        "{}",
        stderr(&output)
    );

    // Migrating a part re-derives that part and keeps the rest as it was.
    let output = update(dir.path(), &["a"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert!(text.contains("\"version\": 2"), "{text}");
    assert_eq!(text.matches("sha256:").count(), 1, "{text}");
    assert_eq!(entries(dir.path(), "base.json").len(), 2);
    let output = credlint(dir.path(), &["check", "--baseline", "base.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(update(dir.path(), &[]).status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert!(!text.contains("sha256:"), "{text}");
    let output = credlint(dir.path(), &["check", "--baseline", "base.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("version 1"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_leaked_baseline_or_report_does_not_give_a_short_secret_away() {
    let dir = TempDir::new().unwrap();
    let password = "Zq7!kP2w";
    write(
        dir.path(),
        "app.py",
        &format!("password = \"{password}\"\n"),
    );
    credlint(dir.path(), &["baseline", "-o", "base.json"]);
    let baseline = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    let report = stdout(&credlint(dir.path(), &["check", "--format", "json"]));
    let fast = credlint::redact::fingerprint("secret/hardcoded-credential", password);
    for artifact in [&baseline, &report] {
        assert!(!artifact.contains(password), "{artifact}");
        assert!(!artifact.contains(&fast), "{artifact}");
    }
    assert!(
        report.contains("\"redacted\": \"Z…w (8 chars)\""),
        "{report}"
    );
    // Another baseline of the same project has its own salt.
    credlint(dir.path(), &["baseline", "-o", "other.json"]);
    let other = std::fs::read_to_string(dir.path().join("other.json")).unwrap();
    let digest = |text: &str| {
        let file: serde_json::Value = serde_json::from_str(text).unwrap();
        file["findings"][0]["fingerprint"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_ne!(digest(&baseline), digest(&other));
}

/// Issue 9: the Argon2 cost of a baseline is read from the committed file, so
/// a pull request editing it could stall CI (256 MiB and 16 passes a
/// finding) or weaken the digests (8 KiB, 1 pass). Only the parameters
/// credlint writes are read; anything else is refused before any scan, with
/// the file and key named, and nothing is written.
#[test]
fn baselines_with_other_hash_parameters_are_refused_quickly() {
    use crate::common::output_within;
    use std::time::{Duration, Instant};
    let dir = TempDir::new().unwrap();
    let passwords: Vec<String> = (0..10).map(|i| format!("Zq7!kP2w{i}x")).collect();
    let code: String = passwords
        .iter()
        .enumerate()
        .map(|(i, p)| format!("password_{i} = \"{p}\"\n"))
        .collect();
    write(dir.path(), "ten.py", &code);
    for (name, memory, iterations) in [("max.json", 262_144, 16), ("weak.json", 8, 1)] {
        let hostile = format!(
            r#"{{"version":2,"hash":{{"algorithm":"argon2id","memory_kib":{memory},"iterations":{iterations},"hash_salt":"852e65ac5efe9e6121679abc78e0ddfc"}},"findings":[{{"path":"ten.py","rule":"secret/hardcoded-credential","fingerprint":"00000000000000000000000000000000"}}]}}"#
        );
        write(dir.path(), name, &hostile);
        for extra in [&[][..], &["--update-baseline"][..]] {
            let mut args = vec!["check", "--isolated", "-q", "--baseline", name, "ten.py"];
            args.extend_from_slice(extra);
            let started = Instant::now();
            let output =
                output_within(credlint_command(dir.path(), &args), Duration::from_secs(20));
            let elapsed = started.elapsed();
            assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
            assert!(elapsed < Duration::from_secs(1), "{name}: {elapsed:?}");
            let message = stderr(&output);
            assert!(message.contains(name), "{message}");
            assert!(message.contains("`memory_kib` is"), "{message}");
            for password in &passwords {
                assert!(!message.contains(password.as_str()), "{message}");
                assert!(!stdout(&output).contains(password.as_str()));
            }
            assert_eq!(
                std::fs::read_to_string(dir.path().join(name)).unwrap(),
                hostile
            );
        }
    }
    // A baseline credlint wrote is read back, and matches run after run.
    let output = credlint(dir.path(), &["baseline", "-o", "base.json", "ten.py"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for _ in 0..2 {
        let output = credlint(
            dir.path(),
            &[
                "check",
                "--isolated",
                "-q",
                "--baseline",
                "base.json",
                "ten.py",
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
}

/// Issue 9: a version 1 file holding a `hash` block was refused as a version
/// this credlint "does not support" while saying it reads version 1.
#[test]
fn a_version_1_baseline_with_a_hash_block_is_refused_for_what_it_is() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "app.py", "x = 1\n");
    write(
        dir.path(),
        "base.json",
        r#"{"version": 1, "hash": {"algorithm": "argon2id", "memory_kib": 19456, "iterations": 2, "hash_salt": "852e65ac5efe9e6121679abc78e0ddfc"}, "findings": []}"#,
    );
    let output = credlint(dir.path(), &["check", "--baseline", "base.json"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("base.json"), "{message}");
    assert!(
        message.contains("a version 1 baseline has no `hash` block"),
        "{message}"
    );
    assert!(!message.contains("not supported"), "{message}");
}

/// Issue 9: `--update-baseline` with standard input dropped the named file's
/// entries by whatever stdin held; it is refused, as `--fix` is, and the
/// baseline is left as it was.
#[test]
fn update_baseline_refuses_standard_input() {
    use crate::common::credlint_with_stdin;
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "a/x.py",
        &format!("A = \"{}\"\n", github_token(51)),
    );
    let output = credlint(dir.path(), &["baseline", "-o", "base.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let recorded = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    for args in [
        &["--stdin-filename", "a/x.py"][..],
        &["-"][..],
        &["--stdin-filename", "a/x.py", "-"][..],
    ] {
        let mut all = vec!["check", "--baseline", "base.json", "--update-baseline"];
        all.extend_from_slice(args);
        let output = credlint_with_stdin(dir.path(), &all, Some(""));
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("--update-baseline"),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("base.json")).unwrap(),
            recorded,
            "{args:?}"
        );
    }
}

/// Issue 9: a baseline's keys were made relative without resolving `..`, so
/// a check from a subfolder (`--baseline ../base.json`) or through `a/../a`
/// reported every baselined finding, and a baseline written from a
/// subfolder (`-o ../base.json`) held absolute paths. Paths are normalised
/// first: every way of reaching a file gives its key relative to the
/// baseline's folder.
#[test]
fn baseline_keys_are_the_same_from_a_subfolder_and_through_dot_dot() {
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("b");
    let password = crate::common::fake_token("Aa1", crate::common::ALNUM, 18, 52);
    write(
        &root,
        "a/x.py",
        &format!("password = \"{password}\"\nimport os\nh = os.environ[\"HOME\"]\n"),
    );
    let output = credlint(&root, &["baseline"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let recorded = std::fs::read_to_string(root.join(".credlint-baseline.json")).unwrap();
    assert_eq!(
        entries(&root, ".credlint-baseline.json"),
        [
            "a/x.py env/direct-access",
            "a/x.py secret/hardcoded-credential"
        ]
    );
    let sub = root.join("a");
    for (cwd, args) in [
        (&sub, &[".", "--baseline", "../.credlint-baseline.json"][..]),
        (
            &sub,
            &["../a", "--baseline", "../.credlint-baseline.json"][..],
        ),
        (
            &root,
            &["a/../a", "--baseline", ".credlint-baseline.json"][..],
        ),
        (
            &root,
            &["../b/a", "--baseline", "./.credlint-baseline.json"][..],
        ),
        (
            &root,
            &["a", "--baseline", "a/../.credlint-baseline.json"][..],
        ),
    ] {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        assert_passes(cwd, &all);
    }
    // Written from the subfolder: the same relative keys, no local path.
    let output = credlint(&sub, &["baseline", ".", "-o", "../.credlint-baseline.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let rewritten = std::fs::read_to_string(root.join(".credlint-baseline.json")).unwrap();
    assert!(
        !rewritten.contains(&*dir.path().to_string_lossy()),
        "{rewritten}"
    );
    assert_eq!(rewritten, recorded);
    // And an update from the subfolder keeps what still occurs.
    let output = credlint(
        &sub,
        &[
            "check",
            ".",
            "--baseline",
            "../.credlint-baseline.json",
            "--update-baseline",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(root.join(".credlint-baseline.json")).unwrap(),
        recorded
    );
}

/// A baseline kept in a subfolder (`ci/`) that accepts files beside it
/// names them through `..`, as it names files below it from its folder:
/// the keys hold no absolute path (a home folder), and the baseline
/// matches in another clone of the project.
#[test]
fn files_outside_the_baselines_folder_are_keyed_through_dot_dot() {
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("clone");
    let password = crate::common::fake_token("Aa1", crate::common::ALNUM, 18, 53);
    write(&root, "app/x.py", &format!("password = \"{password}\"\n"));
    write(&root, "ci/keep.txt", "");
    let output = credlint(&root, &["baseline", ".", "-o", "ci/base.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        entries(&root.join("ci"), "base.json"),
        ["../app/x.py secret/hardcoded-credential"]
    );
    // Another clone, elsewhere on the machine (or on another one).
    let other = dir.path().join("elsewhere/clone");
    for file in ["app/x.py", "ci/base.json"] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        write(&other, file, &text);
    }
    for (cwd, args) in [
        (other.clone(), ["check", ".", "--baseline", "ci/base.json"]),
        (other.join("ci"), ["check", "..", "--baseline", "base.json"]),
    ] {
        assert_passes(&cwd, &args);
    }
}

/// Two files named after different tokens whose redactions coincide (the
/// same length, first four and last three characters) get different keys:
/// they shared one, so a baseline accepting a secret in one accepted the
/// same secret in the other. The keys still show no more of either token.
#[test]
fn files_named_after_different_tokens_keep_different_keys() {
    let dir = TempDir::new().unwrap();
    let a = github_token(117);
    let flipped = if a.as_bytes()[10] == b'Q' { "R" } else { "Q" };
    let b = format!("{}{flipped}{}", &a[..10], &a[11..]);
    let password = crate::common::fake_token("Aa1", crate::common::ALNUM, 18, 54);
    let text = format!("password = \"{password}\"\n");
    write(dir.path(), &format!("{a}.py"), &text);
    let output = credlint(dir.path(), &["baseline", "-o", "base.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    write(dir.path(), &format!("{b}.py"), &text);
    let check = ["check", "--baseline", "base.json", "--format", "json"];
    let output = credlint(dir.path(), &check);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let output = credlint(dir.path(), &["baseline", "-o", "base.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let keys = entries(dir.path(), "base.json");
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert_ne!(keys[0], keys[1]);
    assert_eq!(credlint(dir.path(), &check).status.code(), Some(0));
    let recorded = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert_eq!(
        crate::common::leaked(&recorded, &[a, b]),
        None,
        "{recorded}"
    );
}

/// a10 #21: one baseline entry for a file made `check --baseline` hash
/// (Argon2id) every distinct secret of that rule in it, 5,000 tokens in a
/// 234 KB `.env` a minute. A file and rule now get as many digests as the
/// baseline has entries for them plus 64; the findings past that are
/// reported as new, never dropped (at least 64 of the file's are new
/// anyway), with a note saying so. The counts in the note are the steps:
/// 65 values hashed of 301, whatever the file's size.
#[test]
fn one_entry_does_not_make_a_check_hash_every_secret_of_its_file() {
    let dir = TempDir::new().unwrap();
    let accepted = github_token(400);
    write(dir.path(), ".env", &format!("FIRST={accepted}\n"));
    let output = credlint(dir.path(), &["baseline", "-o", "base.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let others: String = (0..300)
        .map(|i| format!("TOKEN_{i}={}\n", github_token(401 + i)))
        .collect();
    let check = ["check", "--baseline", "base.json", "--format", "json"];
    // The accepted token first: it is hashed, and matched.
    write(dir.path(), ".env", &format!("FIRST={accepted}\n{others}"));
    assert_eq!(
        lines_of(dir.path(), &check),
        (2..=301).collect::<Vec<u64>>()
    );
    let output = credlint(dir.path(), &check);
    let err = stderr(&output);
    assert!(
        err.contains(
            ".env: 236 secret/github-pat finding(s) reported as new without being matched"
        ),
        "{err}"
    );
    // Last, past the 65 values hashed: reported as new, not dropped.
    write(dir.path(), ".env", &format!("{others}LAST={accepted}\n"));
    assert_eq!(
        lines_of(dir.path(), &check),
        (1..=301).collect::<Vec<u64>>()
    );
    // A baseline of every one of them matches them all: each entry counts.
    let output = credlint(dir.path(), &["baseline", "-o", "all.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let all = ["check", "--baseline", "all.json", "--format", "json"];
    assert_eq!(lines_of(dir.path(), &all), Vec::<u64>::new());
}

/// a12 #6: a file whose findings of a rule were reported as new past
/// [`DIGEST_MARGIN`] (64) was not matched against the baseline's entries
/// for it, so `--update-baseline` must keep them: it took the 5 accepted
/// secrets under 70 new ones for fixed, and dropped them all.
#[test]
fn an_update_keeps_the_entries_of_a_file_it_did_not_match() {
    let dir = TempDir::new().unwrap();
    let accepted: String = (0..5)
        .map(|i| format!("TOKEN_{i}={}\n", github_token(500 + i)))
        .collect();
    write(dir.path(), ".env", &accepted);
    let output = credlint(dir.path(), &["baseline", "-o", "base.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let count = || {
        let recorded = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
        recorded.matches("\"fingerprint\"").count()
    };
    assert_eq!(count(), 5);
    let added: String = (0..70)
        .map(|i| format!("NEW_{i}={}\n", github_token(600 + i)))
        .collect();
    write(dir.path(), ".env", &format!("{added}{accepted}"));
    let update = [
        "check",
        "--baseline",
        "base.json",
        "--update-baseline",
        "--exit-zero",
    ];
    let output = credlint(dir.path(), &update);
    let err = stderr(&output);
    assert!(
        err.contains("the baseline keeps its entries for them in this file"),
        "{err}"
    );
    assert_eq!(count(), 5);
    // The new ones gone again: the accepted ones are still accepted.
    write(dir.path(), ".env", &accepted);
    let check = ["check", "--baseline", "base.json", "--format", "json"];
    assert_eq!(lines_of(dir.path(), &check), Vec::<u64>::new());
}

/// a14 #14: every distinct secret cost a full Argon2id run (about 3 ms), so
/// recording or matching a file of 2,000 random tokens took seconds. A new
/// baseline (`argon2id-tiered`) digests a machine-made token cheaply and a
/// password at the full cost. A baseline written before (`argon2id`, every
/// value at the full cost) still loads and matches what it recorded with
/// the digests it holds, and is rewritten in its own scheme.
#[test]
fn new_baselines_are_tiered_and_old_ones_keep_matching() {
    let dir = TempDir::new().unwrap();
    let password = ["Zq7!kP2w", "4x"].concat();
    let token = github_token(960);
    write(
        dir.path(),
        "app.py",
        &format!("password = \"{password}\"\nGITHUB_TOKEN = \"{token}\"\n"),
    );
    let output = credlint(dir.path(), &["baseline", "-o", "base.json", "app.py"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let recorded = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert!(
        recorded.contains(r#""algorithm": "argon2id-tiered""#),
        "{recorded}"
    );
    let check = |baseline: &str| {
        let args = [
            "check",
            "--baseline",
            baseline,
            "--format",
            "json",
            "app.py",
        ];
        lines_of(dir.path(), &args)
    };
    assert_eq!(check("base.json"), Vec::<u64>::new());
    // The same entries under the older scheme: the password's digest is
    // the same at the full cost; the token's, made cheaply, is not the one
    // the older scheme computes, and the token shows up as new.
    let old = recorded.replace("argon2id-tiered", "argon2id");
    write(dir.path(), "old.json", &old);
    assert_eq!(check("old.json"), [2]);
    let output = credlint(
        dir.path(),
        &[
            "check",
            "-q",
            "--baseline",
            "old.json",
            "--update-baseline",
            "app.py",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let rewritten = std::fs::read_to_string(dir.path().join("old.json")).unwrap();
    assert!(
        rewritten.contains(r#""algorithm": "argon2id""#),
        "{rewritten}"
    );
    assert_eq!(check("old.json"), [2]);
}

/// Runs in `dir` of `credlint <args(folder)>` for every folder at once (a
/// monorepo's per-folder jobs sharing one baseline), each asserted to exit 0.
fn at_once(dir: &Path, folders: &[String], args: impl Fn(&str) -> Vec<String>) {
    let children: Vec<_> = folders
        .iter()
        .map(|folder| {
            let args = args(folder);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            credlint_command(dir, &args)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
}

/// Runs rewriting one baseline at once take turns: every folder's entries
/// are kept (or dropped) whichever run writes last, and the lock file
/// they take turns on is gone afterwards.
#[test]
fn concurrent_runs_on_one_baseline_keep_every_folders_entries() {
    let dir = TempDir::new().unwrap();
    let folders: Vec<String> = (0..6).map(|i| format!("f{i}")).collect();
    let mut expected: Vec<String> = folders
        .iter()
        .map(|folder| format!("{folder}/app.py secret/github-pat"))
        .collect();
    expected.sort();
    for round in 0..3 {
        for (i, folder) in folders.iter().enumerate() {
            let token = github_token(70 + 10 * round + i as u64);
            write(
                dir.path(),
                &format!("{folder}/app.py"),
                &format!("A = \"{token}\"\n"),
            );
        }
        let _ = std::fs::remove_file(dir.path().join("base.json"));
        at_once(dir.path(), &folders, |folder| {
            ["baseline", "-o", "base.json", folder]
                .map(String::from)
                .to_vec()
        });
        let mut recorded = entries(dir.path(), "base.json");
        recorded.sort();
        assert_eq!(recorded, expected, "round {round}");
    }
    // Every secret fixed: each folder's update drops its own entry.
    for folder in &folders {
        write(dir.path(), &format!("{folder}/app.py"), "A = 1\n");
    }
    at_once(dir.path(), &folders, |folder| {
        [
            "check",
            "--baseline",
            "base.json",
            "--update-baseline",
            folder,
        ]
        .map(String::from)
        .to_vec()
    });
    assert_eq!(entries(dir.path(), "base.json"), Vec::<String>::new());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".lock")), "{names:?}");
}

/// A baseline saved with a byte-order mark and CRLF line ends (an editor
/// on Windows) still matches, is updated, and `credlint baseline` rewrites
/// it keeping its entries: with the mark it was refused as "not JSON"
/// (a24 #2), which lost nothing but stopped every run.
#[test]
fn a_baseline_with_a_byte_order_mark_and_crlf_still_matches() {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "app.py",
        &format!("A = \"{}\"\nimport os\nos.getenv('X')\n", github_token(31)),
    );
    assert_passes(dir.path(), &["baseline", "-o", "base.json"]);
    let path = dir.path().join("base.json");
    let recorded = std::fs::read_to_string(&path).unwrap();
    let windows = format!("\u{feff}{}", recorded.replace('\n', "\r\n"));
    std::fs::write(&path, &windows).unwrap();
    assert_passes(dir.path(), &["check", "--baseline", "base.json"]);
    let output = update(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(entries(dir.path(), "base.json").len(), 2);
    std::fs::write(&path, &windows).unwrap();
    assert_passes(dir.path(), &["baseline", "-o", "base.json"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), recorded);
}
