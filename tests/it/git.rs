//! `--staged` and `--diff` against real temporary git repositories.

use crate::common::{
    commit, credlint_command, fake_token, git, git_repo as repo, github_token, output_within,
    stderr, stdout, write, ALNUM,
};
use pretty_assertions::assert_eq;
use std::path::Path;
use std::time::Duration;
use tempfile::TempDir;

/// `(path, line, rule)` of each finding in a JSON report.
fn findings(dir: &Path, args: &[&str]) -> Vec<(String, u64, String)> {
    findings_with_config(dir, args, None)
}

/// [`findings`] with the user's global git configuration in `global`.
fn findings_with_config(
    dir: &Path,
    args: &[&str],
    global: Option<&Path>,
) -> Vec<(String, u64, String)> {
    let (found, code) = run(dir, args, |command| {
        if let Some(global) = global {
            command
                .env("GIT_CONFIG_GLOBAL", global)
                .env("HOME", global.parent().unwrap())
                .env_remove("XDG_CONFIG_HOME");
        }
    });
    assert_ne!(code, Some(2), "exit 2: its standard error is printed above");
    found
}

/// `(path, line, rule)` of each finding in the JSON report of `credlint
/// <args>` run as `adjust` sets its command up, within a time limit (the
/// git modes once hung), and its exit code.
fn run(
    dir: &Path,
    args: &[&str],
    adjust: impl FnOnce(&mut std::process::Command),
) -> (Vec<(String, u64, String)>, Option<i32>) {
    let mut command = credlint_command(dir, args);
    adjust(&mut command);
    let output = output_within(command, Duration::from_secs(60));
    if output.status.code() == Some(2) {
        eprintln!("{}", stderr(&output));
    }
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("not JSON: {}{}", stdout(&output), stderr(&output)));
    let mut found: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["start"]["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    (found, output.status.code())
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

/// A staged blob that `refs/replace/` replaces with a clean one: git read
/// the replacement, but a commit carries the blob itself, so `--staged`
/// passed a commit of a token, and `history` missed the commit (a17 #3).
#[test]
fn replaced_objects_are_read_as_they_are() {
    let dir = repo();
    write(dir.path(), "clean.txt", "x = 2\n");
    let clean = git(dir.path(), &["hash-object", "-w", "clean.txt"]);
    std::fs::remove_file(dir.path().join("clean.txt")).unwrap();
    write(
        dir.path(),
        "app.py",
        &format!("TOKEN = \"{}\"\n", github_token(12)),
    );
    git(dir.path(), &["add", "app.py"]);
    let staged = git(dir.path(), &["rev-parse", ":app.py"]);
    git(dir.path(), &["replace", &staged, &clean]);
    let token = [found("app.py", 1, "secret/github-pat")];
    assert_eq!(
        findings(dir.path(), &["check", "--staged", "--format", "json"]),
        token
    );
    commit(dir.path(), "token");
    assert_eq!(
        findings(dir.path(), &["history", "--format", "json"]),
        token
    );
}

/// The user's trace variables pointed at standard output put git's trace
/// into the listing credlint reads: `--staged` read no file and passed
/// (a18 #3); and `i18n.logOutputEncoding=UTF-16` re-encoded `history`'s
/// headers, so it read no commit (a18 #4).
#[test]
fn git_traces_and_log_encodings_change_nothing_read() {
    let dir = repo();
    write(
        dir.path(),
        "app.py",
        &format!("TOKEN = \"{}\"\n", github_token(13)),
    );
    git(dir.path(), &["add", "app.py"]);
    let token = [found("app.py", 1, "secret/github-pat")];
    let traced = |args: &[&str]| {
        run(dir.path(), args, |command| {
            for name in [
                "GIT_TRACE",
                "GIT_TRACE2",
                "GIT_TRACE2_EVENT",
                "GIT_TRACE_SETUP",
            ] {
                command.env(name, "/dev/stdout");
            }
        })
    };
    let one = (token.to_vec(), Some(1));
    assert_eq!(traced(&["check", "--staged", "--format", "json"]), one);
    commit(dir.path(), "token");
    assert_eq!(traced(&["history", "--format", "json"]), one);
    git(dir.path(), &["config", "i18n.logOutputEncoding", "UTF-16"]);
    assert_eq!(
        findings(dir.path(), &["history", "--format", "json"]),
        token
    );
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
    commit(dir.path(), "initial");
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

/// a23 #4: `--staged` during a merge conflict skipped the unmerged files
/// (no staged blob) and said "No findings in 0 files." with exit 0. Each is
/// now an error naming it, with exit 2, as a file that cannot be read; the
/// merged files are still checked.
#[test]
fn staged_during_a_merge_conflict_names_the_unmerged_files_as_not_checked() {
    let dir = repo();
    write(dir.path(), "app.py", "x = 1\n");
    commit(dir.path(), "base");
    git(dir.path(), &["checkout", "-qb", "other"]);
    write(dir.path(), "app.py", "x = 2\n");
    write(dir.path(), "new.py", "import os\ny = os.environ['Y']\n");
    commit(dir.path(), "other");
    git(dir.path(), &["checkout", "-q", "main"]);
    write(dir.path(), "app.py", "x = 3\n");
    commit(dir.path(), "main");
    let merge = std::process::Command::new("git")
        .args(["-c", "user.name=Ada", "-c", "user.email=ada@example.com"])
        .args(["merge", "-q", "--no-commit", "other"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!merge.status.success(), "the merge conflicts");
    let output = output_within(
        credlint_command(dir.path(), &["check", "--staged", "--format", "json"]),
        Duration::from_secs(60),
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        report["errors"],
        serde_json::json!([{
            "path": "app.py",
            "message": "not checked: unmerged (a merge conflict); resolve it and stage the file"
        }])
    );
    // What merged cleanly is staged, and checked.
    let found: Vec<(&str, &str)> = (report["findings"].as_array().unwrap().iter())
        .map(|f| (f["path"].as_str().unwrap(), f["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("new.py", "env/direct-access")]);
}

/// A repository whose `feature` branch (checked out) adds a secret on line 4
/// of `app.py` and rewrites its first line as `first_line`; `main` already
/// has a secret on line 2 and an environment read on line 3.
fn feature_branch(first_line: &str) -> TempDir {
    let dir = repo();
    let old = format!("OLD = \"{}\"\nHOME = os.getenv('HOME')\n", github_token(14));
    write(dir.path(), "app.py", &format!("import os\n{old}"));
    commit(dir.path(), "base");
    git(dir.path(), &["checkout", "-qb", "feature"]);
    write(
        dir.path(),
        "app.py",
        &format!("{first_line}\n{old}NEW = \"{}\"\n", github_token(15)),
    );
    dir
}

#[test]
fn diff_reports_only_what_the_branch_adds() {
    let dir = feature_branch("import os");
    write(dir.path(), "extra.py", "import os\nos.environ['X']\n");
    commit(dir.path(), "feature");
    // main moves on with a secret of its own: merge-base awareness keeps it out.
    git(dir.path(), &["checkout", "-q", "main"]);
    write(
        dir.path(),
        "main_only.py",
        &format!("T = \"{}\"\n", github_token(16)),
    );
    commit(dir.path(), "main");
    git(dir.path(), &["checkout", "-q", "feature"]);
    assert_eq!(
        findings(dir.path(), &["check", "--diff", "main", "--format", "json"]),
        [
            found("app.py", 4, "secret/github-pat"),
            found("extra.py", 2, "env/direct-access")
        ]
    );
    // A file git does not track yet is new to the change, whole, whether
    // a folder's walk meets it or it is named.
    write(dir.path(), "untracked.py", "import os\nos.environ['Y']\n");
    for args in [&["."][..], &["untracked.py"]] {
        let mut all = vec!["check", "--diff", "main", "--format", "json"];
        all.extend(args);
        let found_here = findings(dir.path(), &all);
        assert!(
            found_here.contains(&found("untracked.py", 2, "env/direct-access")),
            "{args:?}: {found_here:?}"
        );
    }
}

/// A secret over several lines is reported when the change touches any of
/// them: a new private key under the old key's `BEGIN` line, a token whose
/// second half is a new implicitly joined literal.
#[test]
fn diff_reports_a_multi_line_secret_whose_first_line_did_not_change() {
    let dir = repo();
    let key = |seed: u64| {
        let body = fake_token("MIIEpA", ALNUM, 58, seed);
        let rest: Vec<String> = (1..8)
            .map(|i| fake_token("", ALNUM, 64, seed + i))
            .collect();
        format!(
            "-----BEGIN RSA PRIVATE KEY-----\n{body}\n{}\n-----END RSA PRIVATE KEY-----\n",
            rest.join("\n")
        )
    };
    let token = |seed: u64| {
        let t = github_token(seed);
        format!(
            "import os\nx = 1\nTOKEN = (\"{}\"\n    \"{}\")\n",
            &t[..20],
            &t[20..]
        )
    };
    write(dir.path(), "id_rsa", &key(40));
    write(dir.path(), "app.py", &token(50));
    commit(dir.path(), "old");
    write(dir.path(), "id_rsa", &key(60));
    let (old, new) = (github_token(50), github_token(51));
    write(
        dir.path(),
        "app.py",
        &token(50).replace(&old[20..], &new[20..]),
    );
    git(dir.path(), &["commit", "-qam", "new"]);
    let found = findings(
        dir.path(),
        &["check", "--diff", "HEAD~1", "--format", "json"],
    );
    let files: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(files, ["app.py", "id_rsa"], "{found:?}");
}

/// A change can make a line it leaves alone a credential: a YAML key
/// renamed `password` above its block scalar, an import naming the class a
/// call was already making. `--diff` reports them as `check` does, and
/// still leaves out a finding the base had, wherever the change moved it.
#[test]
fn diff_reports_a_secret_the_change_makes_on_a_line_it_left_alone() {
    let dir = repo();
    let (value, key) = (fake_token("", ALNUM, 24, 70), fake_token("", ALNUM, 24, 71));
    let old = format!("OLD = \"{}\"\n", github_token(72));
    write(dir.path(), "a.yaml", &format!("notes: |\n  {value}\n"));
    write(
        dir.path(),
        "p.py",
        &format!("import os\n{old}auth = B(\"svc\", \"{key}\")\n"),
    );
    commit(dir.path(), "base");
    write(dir.path(), "a.yaml", &format!("password: |\n  {value}\n"));
    write(
        dir.path(),
        "p.py",
        &format!(
            "from requests.auth import HTTPBasicAuth as B\nimport os\n{old}auth = B(\"svc\", \"{key}\")\n"
        ),
    );
    git(dir.path(), &["commit", "-qam", "change"]);
    let all = findings(dir.path(), &["check", "--format", "json"]);
    let diff = findings(
        dir.path(),
        &["check", "--diff", "HEAD~1", "--format", "json"],
    );
    let rules = |found: &[(String, u64, String)]| -> Vec<(String, u64)> {
        found.iter().map(|f| (f.0.clone(), f.1)).collect()
    };
    assert_eq!(
        rules(&all),
        [
            ("a.yaml".to_owned(), 2),
            ("p.py".to_owned(), 3),
            ("p.py".to_owned(), 4)
        ],
        "{all:?}"
    );
    assert_eq!(
        rules(&diff),
        [("a.yaml".to_owned(), 2), ("p.py".to_owned(), 4)],
        "{diff:?}"
    );
}

/// Findings of lines a change left alone are matched against the base's
/// by their secret, not by what they say: a change that removes one
/// password and makes another value under the same name a credential,
/// whose redacted form is the removed one's (same length, same first and
/// last characters), adds a secret, which `--diff` once took for the old
/// one. A secret the base had on a line left alone is still left out.
#[test]
fn diff_tells_a_new_secret_from_an_old_one_with_the_same_redacted_form() {
    let dir = repo();
    let [old, new, kept] =
        [80, 81, 82].map(|seed| format!("Qz{}8w", fake_token("", ALNUM, 20, seed)));
    write(
        dir.path(),
        "a.yaml",
        &format!(
            "old:\n  password: |\n    {old}\ndev:\n  notes: |\n    {new}\nkept:\n  password: |\n    {kept}\n"
        ),
    );
    commit(dir.path(), "base");
    write(
        dir.path(),
        "a.yaml",
        &format!("dev:\n  password: |\n    {new}\nkept:\n  password: |\n    {kept}\n"),
    );
    git(dir.path(), &["commit", "-qam", "change"]);
    let rule = "secret/hardcoded-credential";
    assert_eq!(
        findings(dir.path(), &["check", "--format", "json"]),
        [found("a.yaml", 3, rule), found("a.yaml", 6, rule)]
    );
    assert_eq!(
        findings(
            dir.path(),
            &["check", "--diff", "HEAD~1", "--format", "json"]
        ),
        [found("a.yaml", 3, rule)]
    );
}

/// Git numbers lines by `\n` alone, the reports also by a lone `\r`: a
/// secret added to a file with old Mac line endings, or to a UTF-16 file
/// one of whose characters has a `\n` byte in a code unit, is on another
/// line for each, and was dropped from `--diff` as unchanged.
#[test]
fn diff_finds_a_secret_whose_line_git_numbers_differently() {
    let dir = repo();
    let utf16 = |text: &str| -> Vec<u8> {
        let mut out = vec![0xff, 0xfe];
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    };
    write(dir.path(), "mac.py", "x = 1\ry = 2\r");
    // U+010A is the bytes 0A 01 in UTF-16LE: a line end to git.
    std::fs::write(dir.path().join("wide.ps1"), utf16("# \u{10a}\r\nx = 1\r\n")).unwrap();
    commit(dir.path(), "base");
    let (mac, wide) = (github_token(70), github_token(71));
    write(
        dir.path(),
        "mac.py",
        &format!("x = 1\ry = 2\rGITHUB_TOKEN = \"{mac}\"\r"),
    );
    std::fs::write(
        dir.path().join("wide.ps1"),
        utf16(&format!("# \u{10a}\r\nx = 1\r\n$t = \"{wide}\"\r\n")),
    )
    .unwrap();
    commit(dir.path(), "tokens");
    let found = findings(
        dir.path(),
        &["check", "--diff", "HEAD~1", "--format", "json"],
    );
    let lines: Vec<(&str, u64)> = found.iter().map(|f| (f.0.as_str(), f.1)).collect();
    assert_eq!(lines, [("mac.py", 3), ("wide.ps1", 3)], "{found:?}");
}

/// A moved file's lines are the change's: a secret a rename moves out of
/// an excluded folder, or from a text snippet into code, is reported.
#[test]
fn diff_reports_a_secret_a_rename_moves_into_scanned_code() {
    let (dir, _) = crate::common::secrets_moved_into_scanned_code(33);
    assert_eq!(
        findings(
            dir.path(),
            &["check", "--diff", "HEAD~1", "--format", "json"]
        ),
        [
            found("client.py", 3, "secret/github-pat"),
            found("db.py", 2, "secret/hardcoded-credential")
        ]
    );
}

#[test]
fn staged_names_with_colons_newlines_spaces_and_unicode_all_scanned_with_their_own_content() {
    let dir = repo();
    // `:path` and `1:path` are how git names index entries, a newline ended
    // a request to `git cat-file`, and a large blob after a lost request
    // filled the pipe and hung the commit.
    let names = ["1:app.py", ":top.py", "a\nb.py", "sp ace \u{fc}.py"];
    for (seed, name) in (20..).zip(names) {
        write(
            dir.path(),
            name,
            &format!("x = 1\nT = \"{}\"\n", github_token(seed)),
        );
    }
    let filler = "x = 1\n".repeat(12_000);
    write(
        dir.path(),
        "big.py",
        &format!("{filler}T = \"{}\"\n", github_token(30)),
    );
    git(dir.path(), &["add", "."]);
    // The working copies are clean: only the index's content can be found.
    for name in names.iter().chain(&["big.py"]) {
        write(dir.path(), name, "x = 1\n");
    }
    assert_eq!(
        findings(dir.path(), &["check", "--staged", "--format", "json"]),
        [
            found("1:app.py", 2, "secret/github-pat"),
            found(":top.py", 2, "secret/github-pat"),
            found("a\nb.py", 2, "secret/github-pat"),
            found("big.py", 12_001, "secret/github-pat"),
            found("sp ace \u{fc}.py", 2, "secret/github-pat"),
        ]
    );
    // Named on the command line (as pre-commit passes them), literally: `*`
    // and `:` are not pathspec magic.
    assert_eq!(
        findings(
            dir.path(),
            &["check", "--staged", "--format", "json", "1:app.py", ":top.py"]
        ),
        [
            found("1:app.py", 2, "secret/github-pat"),
            found(":top.py", 2, "secret/github-pat"),
        ]
    );
    write(dir.path(), "*.py", "x = 1\n");
    git(dir.path(), &["add", "--", ":(literal)*.py"]);
    assert_eq!(
        findings(
            dir.path(),
            &["check", "--staged", "--format", "json", "*.py"]
        ),
        []
    );
}

/// A file name that is not UTF-8, named on the command line as pre-commit
/// passes it, reaches git as its bytes: it is scanned, never silently
/// matched against a lossy copy of its name that names nothing.
#[cfg(unix)]
#[test]
fn staged_names_that_are_not_utf8_are_scanned_when_named() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = repo();
    let name = OsStr::from_bytes(b"x\xffy.py");
    std::fs::write(
        dir.path().join(name),
        format!("x = 1\nT = \"{}\"\n", github_token(41)),
    )
    .unwrap();
    git(dir.path(), &["add", "."]);
    let mut command =
        credlint_command(dir.path(), &["check", "--staged", "--format", "json", "--"]);
    command.arg(name);
    let output = output_within(command, Duration::from_secs(60));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["findings"][0]["rule"], "secret/github-pat");
    assert_eq!(report["summary"]["files_scanned"], 1);
}

/// Git settings a user may have, each of which once changed what credlint
/// read from git's output.
const HOSTILE_CONFIGS: &[&[(&str, &str)]] = &[
    &[("diff.noprefix", "true")],
    &[("diff.mnemonicPrefix", "true")],
    &[("diff.srcPrefix", "x/"), ("diff.dstPrefix", "y/")],
    &[
        ("diff.relative", "true"),
        ("diff.external", "false"),
        ("diff.context", "5"),
        ("diff.interHunkContext", "10"),
        ("diff.renames", "copies"),
        ("diff.shift.textconv", "sed 1d"),
        ("color.ui", "always"),
        ("color.diff", "always"),
        ("core.quotePath", "true"),
        ("core.abbrev", "4"),
    ],
];

/// `settings` in both the repository's configuration and a global file
/// (returned, with the folder that holds it).
fn configure(repo: &Path, settings: &[(&str, &str)]) -> (TempDir, std::path::PathBuf) {
    let home = TempDir::new().unwrap();
    let global = home.path().join("gitconfig");
    for (key, value) in settings {
        git(repo, &["config", key, value]);
        git(
            repo,
            &["config", "--file", global.to_str().unwrap(), key, value],
        );
    }
    (home, global)
}

#[test]
fn diff_and_staged_ignore_the_users_git_configuration() {
    let dir = feature_branch("import os, sys");
    // A name git quotes in a diff header, and an added line that looks like one.
    write(
        dir.path(),
        "we ird\n\u{fc}.py",
        "import os\nos.environ['X']\n",
    );
    write(
        dir.path(),
        "notes.md",
        &format!("++ b/app.py\n@@ -1 +1,3 @@\nT = \"{}\"\n", github_token(16)),
    );
    write(dir.path(), "pkg/mod.py", "import os\nos.getenv('Y')\n");
    git(dir.path(), &["add", "."]);
    std::fs::write(
        dir.path().join(".git/info/attributes"),
        "*.py diff=shift\n*.md -diff\n",
    )
    .unwrap();
    for settings in HOSTILE_CONFIGS {
        let (_home, global) = configure(dir.path(), settings);
        assert_eq!(
            findings_with_config(
                dir.path(),
                &["check", "--diff", "main", "--format", "json"],
                Some(&global)
            ),
            [
                found("app.py", 4, "secret/github-pat"),
                found("notes.md", 3, "secret/github-pat"),
                found("pkg/mod.py", 2, "env/direct-access"),
                found("we ird\n\u{fc}.py", 2, "env/direct-access"),
            ],
            "{settings:?}"
        );
        assert_eq!(
            findings_with_config(
                &dir.path().join("pkg"),
                &["check", "--staged", "--format", "json"],
                Some(&global)
            ),
            [found("mod.py", 2, "env/direct-access")],
            "{settings:?}"
        );
        for (key, _) in *settings {
            git(dir.path(), &["config", "--unset", key]);
        }
    }
}

#[test]
fn a_revision_is_never_read_as_an_option() {
    let dir = repo();
    write(dir.path(), "app.py", "x = 1\n");
    commit(dir.path(), "base");
    write(dir.path(), "victim.txt", "keep me\n");
    for rev in ["--output=victim.txt", "-ovictim.txt"] {
        let output = output_within(
            credlint_command(dir.path(), &["check", &format!("--diff={rev}")]),
            Duration::from_secs(60),
        );
        assert_eq!(output.status.code(), Some(2), "{rev}");
        assert!(stderr(&output).contains(rev), "{}", stderr(&output));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("victim.txt")).unwrap(),
            "keep me\n"
        );
    }
    let output = output_within(
        credlint_command(dir.path(), &["check", "--diff", "no-such-branch"]),
        Duration::from_secs(60),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no-such-branch"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn staged_blobs_over_the_size_limit_get_the_token_check_with_a_note() {
    let dir = repo();
    write(dir.path(), "credlint.toml", "max-file-size = 40\n");
    write(
        dir.path(),
        "big.py",
        &format!("T = \"{}\"\n{}", github_token(31), "x = 1\n".repeat(10)),
    );
    git(dir.path(), &["add", "."]);
    let output = output_within(
        credlint_command(dir.path(), &["check", "--staged"]),
        Duration::from_secs(60),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("big.py:1:6: error[secret/github-pat]"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        stderr(&output),
        "credlint: note: big.py: 107 bytes is over the 40 byte limit (`max-file-size`): checked for provider tokens only\n"
    );
}

/// A folder handed over for scanning carries its own `.git/config`: the
/// programs it names (a file-system monitor, a clean filter) are never run,
/// by the scan, `--staged` or `--diff`.
#[test]
fn no_program_a_scanned_repository_names_is_run() {
    let dir = repo();
    write(dir.path(), "app.py", "x = 1\n");
    commit(dir.path(), "first");
    let ran = dir.path().join("ran");
    let script = dir.path().join("hook.sh");
    write(
        dir.path(),
        "hook.sh",
        &format!("#!/bin/sh\necho \"$0 $@\" >> '{}'\ncat\n", ran.display()),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let program = script.to_str().unwrap();
    git(dir.path(), &["config", "core.fsmonitor", program]);
    git(dir.path(), &["config", "filter.evil.clean", program]);
    git(dir.path(), &["config", "filter.evil.required", "true"]);
    write(dir.path(), ".gitattributes", "* filter=evil\n");
    write(
        dir.path(),
        "app.py",
        &format!("x = 1\nT = \"{}\"\n", github_token(70)),
    );
    for args in [
        &["check", "--format", "json", "."][..],
        &["check", "--format", "json", "app.py"],
        &["check", "--diff", "HEAD", "--format", "json"],
    ] {
        let reported = findings(dir.path(), args);
        assert_eq!(
            reported,
            [found("app.py", 2, "secret/github-pat")],
            "{args:?}"
        );
        assert!(!ran.exists(), "{args:?} ran the repository's program");
    }
}

/// What git tracks is in version control whatever the ignore files say
/// (git itself ignores them for tracked files): a file force-added, or
/// added before the rule that now matches it, is scanned by a folder's
/// walk, by `--diff` and (`--staged` already read the index) unchanged,
/// and the configuration's `exclude` still applies. Untracked ignored
/// files stay out. Ignore files of every kind: `.gitignore`, `.ignore`,
/// `.git/info/exclude`, and the user's global excludes file.
#[test]
fn tracked_files_that_ignore_files_match_are_scanned() {
    let dir = repo();
    let root = dir.path();
    write(root, ".gitignore", "*.local.py\nsecrets/\nvendored/\n");
    write(root, ".ignore", "ripgrep_only.py\n");
    write(root, "credlint.toml", "exclude = [\"vendored/\"]\n");
    write(root, "app.py", "x = 1\n");
    commit(root, "base");
    git(root, &["checkout", "-qb", "feature"]);
    let token = |seed| format!("TOKEN = \"{}\"\n", github_token(seed));
    write(root, "settings.local.py", &token(60));
    write(root, "secrets/prod.py", &token(61));
    write(root, "ripgrep_only.py", &token(62));
    write(root, "info_excluded.py", &token(63));
    write(root, "globally_ignored.py", &token(64));
    write(root, "vendored/lib.py", &token(65));
    git(
        root,
        &[
            "add",
            "-f",
            "settings.local.py",
            "secrets/prod.py",
            "ripgrep_only.py",
            "info_excluded.py",
            "globally_ignored.py",
            "vendored/lib.py",
        ],
    );
    commit(root, "add config");
    std::fs::write(root.join(".git/info/exclude"), "info_excluded.py\n").unwrap();
    let home = TempDir::new().unwrap();
    // Read by git (`GIT_CONFIG_GLOBAL`) and by the walk (`$HOME/.gitconfig`).
    let global = home.path().join(".gitconfig");
    std::fs::write(home.path().join("ignore"), "globally_ignored.py\n").unwrap();
    std::fs::write(
        &global,
        format!(
            "[core]\n\texcludesFile = {}\n",
            home.path().join("ignore").display()
        ),
    )
    .unwrap();
    // Ignored and untracked: not scanned.
    write(root, "other.local.py", &token(66));
    write(root, "secrets/untracked.py", &token(67));
    let expected = [
        found("globally_ignored.py", 1, "secret/github-pat"),
        found("info_excluded.py", 1, "secret/github-pat"),
        found("ripgrep_only.py", 1, "secret/github-pat"),
        found("secrets/prod.py", 1, "secret/github-pat"),
        found("settings.local.py", 1, "secret/github-pat"),
    ];
    for args in [
        &["check", "--format", "json"][..],
        &["check", ".", "--format", "json"],
        &["check", "--diff", "main", "--format", "json"],
    ] {
        assert_eq!(
            findings_with_config(root, args, Some(&global)),
            expected,
            "{args:?}"
        );
    }
    // From a subfolder the walk asks git about that folder only (a folder
    // named, or the working folder, is walked whatever ignores it).
    let below = findings_with_config(
        &root.join("secrets"),
        &["check", "--format", "json"],
        Some(&global),
    );
    assert!(
        below.contains(&found("prod.py", 1, "secret/github-pat")),
        "{below:?}"
    );
    assert!(
        below.iter().all(|(path, ..)| !path.contains('/')),
        "{below:?}"
    );
    // A nested repository (its own work tree) is asked about its own files.
    let nested = root.join("nested");
    std::fs::create_dir(&nested).unwrap();
    crate::common::git_init(&nested);
    write(&nested, ".gitignore", "*.py\n");
    write(&nested, "inner.py", &token(68));
    git(&nested, &["add", "-f", "inner.py", ".gitignore"]);
    let all = findings_with_config(root, &["check", "--format", "json"], Some(&global));
    assert!(
        all.contains(&found("nested/inner.py", 1, "secret/github-pat")),
        "{all:?}"
    );
    // `--staged` reads the index, as it did.
    write(root, "secrets/staged.py", &token(69));
    git(root, &["add", "-f", "secrets/staged.py"]);
    assert_eq!(
        findings_with_config(
            root,
            &["check", "--staged", "--format", "json"],
            Some(&global)
        ),
        [found("secrets/staged.py", 1, "secret/github-pat")]
    );
}

/// A repository ignoring `vendor/`, with a submodule at `vendor/sub` whose
/// one commit holds `files`; and the folder holding the submodule's origin.
fn vendored_submodule(files: &[(&str, String)]) -> (TempDir, TempDir) {
    let outside = TempDir::new().unwrap();
    let sub = outside.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    crate::common::git_init(&sub);
    for (name, content) in files {
        write(&sub, name, content);
    }
    commit(&sub, "sub");
    let dir = repo();
    let root = dir.path();
    write(root, ".gitignore", "vendor/\n");
    git(
        root,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            "-f",
            &sub.display().to_string(),
            "vendor/sub",
        ],
    );
    commit(root, "vendor sub");
    (outside, dir)
}

/// A submodule is a work tree of its own, listed in turn even when the
/// superproject's ignore files match its path (a vendored checkout under an
/// ignored `vendor/`), as a nested repository is; the configuration's
/// `exclude` still keeps it out (a11 #5).
#[test]
fn a_submodule_the_ignore_files_hide_is_scanned() {
    let (_outside, dir) =
        vendored_submodule(&[("app.env", format!("TOKEN={}\n", github_token(70)))]);
    let root = dir.path();
    let expected = [found("vendor/sub/app.env", 1, "secret/github-pat")];
    assert_eq!(findings(root, &["check", "--format", "json"]), expected);
    assert_eq!(
        findings(root, &["check", ".", "--format", "json"]),
        expected
    );
    write(root, "credlint.toml", "exclude = [\"vendor/\"]\n");
    assert_eq!(findings(root, &["check", "--format", "json"]), []);
}

/// A submodule under an ignored `vendor/` has its untracked files scanned
/// as well as its tracked ones: `git status` in it shows them `??`, and the
/// superproject's ignore file is not the submodule's (a12 #9). The
/// submodule's own ignore rules and the configuration's `exclude` still
/// keep files out.
#[test]
fn a_hidden_submodules_untracked_files_are_scanned() {
    let token = |seed| format!("TOKEN = \"{}\"\n", github_token(seed));
    let (_outside, dir) = vendored_submodule(&[
        (".gitignore", "ignored.py\n".to_owned()),
        ("tracked.py", token(74)),
    ]);
    let root = dir.path();
    let inner = root.join("vendor/sub");
    write(&inner, "untracked.py", &token(75));
    write(&inner, "ignored.py", &token(76));
    write(&inner, "skipped.py", &token(77));
    let status = git(&inner, &["status", "--short"]);
    assert!(status.contains("?? untracked.py"), "{status}");
    let expected = [
        found("vendor/sub/skipped.py", 1, "secret/github-pat"),
        found("vendor/sub/tracked.py", 1, "secret/github-pat"),
        found("vendor/sub/untracked.py", 1, "secret/github-pat"),
    ];
    assert_eq!(findings(root, &["check", "--format", "json"]), expected);
    write(root, "credlint.toml", "exclude = [\"skipped.py\"]\n");
    assert_eq!(
        findings(root, &["check", "--format", "json"]),
        expected[1..]
    );
}

/// git does not read a `.gitignore` that is a symbolic link (it warns, and
/// commits what the link's patterns name); nor does the walk, which once
/// read it through the link and skipped the untracked files it named (a10
/// #17): they are scanned, with a note naming the link, whether the link
/// is in the walked folder, a folder below it or one above it. A regular
/// `.gitignore` still hides what it names, and the editor's workspace scan
/// scans the same files as `check`.
#[cfg(unix)]
#[test]
fn a_gitignore_that_is_a_symbolic_link_hides_nothing() {
    let dir = repo();
    let root = dir.path();
    write(root, "docs/ignore-list.txt", "*.py\nlinked/\n");
    write(root, "app.py", "x = 1\n");
    write(root, "sub/.gitignore", "regular_ignored.py\n");
    commit(root, "base");
    std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
    let link = std::os::unix::fs::symlink;
    link("docs/ignore-list.txt", root.join(".gitignore")).unwrap();
    link(
        "../../docs/ignore-list.txt",
        root.join("sub/deeper/.gitignore"),
    )
    .unwrap();
    let token = |seed| format!("TOKEN = \"{}\"\n", github_token(seed));
    write(root, "untracked.py", &token(70));
    write(root, "linked/conf.py", &token(71));
    write(root, "sub/regular_ignored.py", &token(72));
    write(root, "sub/deeper/inner.py", &token(73));
    // git itself would commit the first, second and fourth.
    git(root, &["add", "-A"]);
    let staged = git(root, &["diff", "--cached", "--name-only"]);
    assert!(staged.contains("untracked.py") && staged.contains("linked/conf.py"));
    assert!(!staged.contains("regular_ignored.py"), "{staged}");
    git(root, &["reset", "-q"]);
    let expected = [
        found("linked/conf.py", 1, "secret/github-pat"),
        found("sub/deeper/inner.py", 1, "secret/github-pat"),
        found("untracked.py", 1, "secret/github-pat"),
    ];
    for args in [
        &["check", "--format", "json"][..],
        &["check", ".", "--format", "json"],
    ] {
        assert_eq!(findings(root, args), expected, "{args:?}");
    }
    // From a folder below the link.
    assert_eq!(
        findings(&root.join("linked"), &["check", "--format", "json"]),
        [found("conf.py", 1, "secret/github-pat")]
    );
    let output = credlint_command(root, &["check"]).output().unwrap();
    let err = stderr(&output);
    assert!(
        err.contains(".gitignore") && err.contains("git does not read"),
        "{err}"
    );
    // The editor's workspace scan judges the same files.
    let (scanned, errors, _) = credlint::workspace::scan(
        &[root.canonicalize().unwrap()],
        &credlint::workspace::Overrides::default(),
    );
    assert!(errors.is_empty());
    let mut files: Vec<String> = scanned
        .iter()
        .map(|(path, ..)| {
            let relative = path.strip_prefix(root.canonicalize().unwrap()).unwrap();
            relative.to_string_lossy().replace('\\', "/")
        })
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["linked/conf.py", "sub/deeper/inner.py", "untracked.py"]
    );
}
