//! `credlint history` against temporary git repositories built here, with
//! fake tokens generated to real formats.

use crate::common::{
    commit, commit_by, credlint, fake_token, formats, git, git_repo as repo, github_token, leaked,
    stderr, stdout, write, ALNUM,
};
use pretty_assertions::assert_eq;
use std::path::Path;
use tempfile::TempDir;

fn token_file(token: &str) -> String {
    format!("import os\n\nTOKEN = \"{token}\"\n")
}

/// The JSON report of `credlint history <args>`: its findings and exit code.
fn history(dir: &Path, args: &[&str]) -> (Vec<serde_json::Value>, Option<i32>) {
    let mut all = vec!["history", "--format", "json"];
    all.extend(args);
    let output = credlint(dir, &all);
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("not JSON: {}{}", stdout(&output), stderr(&output)));
    (
        report["findings"].as_array().unwrap().clone(),
        output.status.code(),
    )
}

/// `commit path:line rule` of each finding.
fn located(findings: &[serde_json::Value]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            format!(
                "{} {}:{} {}",
                f["commit"].as_str().unwrap(),
                f["path"].as_str().unwrap(),
                f["start"]["line"],
                f["rule"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_secret_added_then_deleted_is_found_with_the_commit_that_added_it() {
    let dir = repo();
    let token = github_token(101);
    write(dir.path(), "README.md", "# app\n");
    commit(dir.path(), "start");
    write(dir.path(), "app.py", &token_file(&token));
    let introduced = commit_by(dir.path(), "Grace", "grace@example.com", "add the client");
    write(dir.path(), "app.py", "from settings import TOKEN\n");
    commit(dir.path(), "read it from the settings");

    let (findings, code) = history(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        located(&findings),
        [format!("{introduced} app.py:3 secret/github-pat")]
    );
    let finding = &findings[0];
    assert_eq!(finding["author"], "Grace");
    assert_eq!(finding["email"], "grace@example.com");
    assert_eq!(finding["in_worktree"], false);
    let date = finding["date"].as_str().unwrap();
    assert!(
        date.len() >= 20 && date.as_bytes()[4] == b'-' && date.as_bytes()[10] == b'T',
        "not ISO 8601: {date}"
    );

    // Today's tree is clean: `check` has nothing to say, history does.
    assert_eq!(credlint(dir.path(), &["check"]).status.code(), Some(0));
    let text = credlint(dir.path(), &["history"]);
    assert_eq!(text.status.code(), Some(1));
    let shown = stdout(&text);
    assert!(
        shown.starts_with(&format!("{}:app.py:3:", &introduced[..8])),
        "{shown}"
    );
    assert!(shown.contains("Grace <grace@example.com>"), "{shown}");
    assert_eq!(leaked(&shown, &[token]), None, "{shown}");
}

#[test]
fn a_secret_still_in_the_working_tree_is_marked_so() {
    let dir = repo();
    let kept = github_token(102);
    let gone = github_token(103);
    write(dir.path(), "kept.py", &token_file(&kept));
    write(dir.path(), "gone.py", &token_file(&gone));
    commit(dir.path(), "both");
    // Moved down a line, still there: the content is, not the blob. The
    // new blob holds the same leak, reported once, where it was introduced.
    write(dir.path(), "kept.py", &format!("\n{}", token_file(&kept)));
    std::fs::remove_file(dir.path().join("gone.py")).unwrap();
    commit(dir.path(), "one left");

    let (findings, _) = history(dir.path(), &[]);
    let mut marks: Vec<(String, u64, bool)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["start"]["line"].as_u64().unwrap(),
                f["in_worktree"].as_bool().unwrap(),
            )
        })
        .collect();
    marks.sort();
    assert_eq!(
        marks,
        [
            ("gone.py".to_owned(), 3, false),
            ("kept.py".to_owned(), 3, true),
        ]
    );
}

#[test]
fn a_blob_in_many_commits_paths_and_branches_is_reported_once() {
    let dir = repo();
    let token = github_token(104);
    write(dir.path(), "app.py", &token_file(&token));
    let first = commit(dir.path(), "add");
    for i in 0..5 {
        write(dir.path(), "other.txt", &format!("change {i}\n"));
        commit(dir.path(), &format!("unrelated {i}"));
    }
    // Edited around, the secret is the same leak.
    write(
        dir.path(),
        "app.py",
        &format!("# client\n{}", token_file(&token)),
    );
    commit(dir.path(), "comment");
    // Renamed, copied elsewhere and carried on another branch: one blob.
    git(dir.path(), &["mv", "app.py", "client.py"]);
    commit(dir.path(), "rename");
    git(dir.path(), &["checkout", "-q", "-b", "side"]);
    write(dir.path(), "vendor/copy.py", &token_file(&token));
    commit(dir.path(), "copy");
    git(dir.path(), &["checkout", "-q", "main"]);
    git(
        dir.path(),
        &["merge", "-q", "--no-ff", "-m", "merge", "side"],
    );

    let (findings, _) = history(dir.path(), &[]);
    assert_eq!(
        located(&findings),
        [format!("{first} app.py:3 secret/github-pat")]
    );
}

/// A blob is analysed again under each new path it takes, since a path
/// decides how it is judged: a secret moved out of an excluded folder, or
/// from a text snippet into code, is found where it lands; the same
/// judgement under a new name (the test above) is still one leak.
#[test]
fn a_secret_moved_where_it_is_judged_differently_is_found_there() {
    let (dir, moved) = crate::common::secrets_moved_into_scanned_code(31);
    let (findings, _) = history(dir.path(), &[]);
    assert_eq!(
        located(&findings),
        [
            format!("{moved} client.py:3 secret/github-pat"),
            format!("{moved} db.py:2 secret/hardcoded-credential"),
        ]
    );
}

/// A value continued over several lines below its name is analysed when a
/// later version changes its last line, however far from the name.
#[test]
fn a_value_changed_far_below_its_name_is_found() {
    let dir = repo();
    write(
        dir.path(),
        "a.py",
        "password = (\n    \"a\"\n    \"b\"\n    \"c\"\n)\n",
    );
    commit(dir.path(), "placeholder");
    let password = fake_token("", ALNUM, 21, 32);
    write(
        dir.path(),
        "a.py",
        &format!("password = (\n    \"a\"\n    \"b\"\n    \"{password}\"\n)\n"),
    );
    let real = commit(dir.path(), "real");
    let (findings, _) = history(dir.path(), &[]);
    assert_eq!(
        located(&findings),
        [format!("{real} a.py:2 secret/hardcoded-credential")]
    );
}

/// A credential position's API imported under another name (`B` for
/// `HTTPBasicAuth`, `S` for `SecretString`) earlier in the file: a version
/// whose only new line calls it holds no word of the API, and is analysed
/// (with the import that names it) all the same, as `check` reads it.
#[test]
fn a_call_of_an_aliased_api_added_alone_is_found() {
    let dir = repo();
    let python =
        "from requests.auth import HTTPBasicAuth as B\n\n\ndef fetch():\n    return None\n";
    let rust = "use secrecy::SecretString as S;\n\nfn keys() {\n    let n = 1;\n}\n";
    write(dir.path(), "client.py", python);
    write(dir.path(), "keys.rs", rust);
    commit(dir.path(), "imports");
    let (password, secret) = (fake_token("", ALNUM, 20, 33), fake_token("", ALNUM, 20, 34));
    write(
        dir.path(),
        "client.py",
        &python.replace(
            "    return None",
            &format!("    auth = B(\"svc\", \"{password}\")\n    return auth"),
        ),
    );
    write(
        dir.path(),
        "keys.rs",
        &rust.replace(
            "    let n = 1;",
            &format!("    let n = 1;\n    let k = S::new(\"{secret}\".into());"),
        ),
    );
    let added = commit(dir.path(), "calls");
    let expected = [
        format!("{added} client.py:5 secret/hardcoded-credential"),
        format!("{added} keys.rs:5 secret/hardcoded-credential"),
    ];
    for args in [&[][..], &["--every-version"]] {
        let (findings, _) = history(dir.path(), args);
        let mut found = located(&findings);
        found.sort();
        assert_eq!(found, expected, "{args:?}");
    }
}

/// A version is analysed again only when what it adds can hold a secret;
/// a secret changed in place is one, even when the line that names it did
/// not change (a value continued on the next line, a key's body under the
/// same header). `--every-version` analyses every version whole and finds
/// the same.
#[test]
fn a_secret_changed_in_place_is_found_in_the_version_that_changed_it() {
    let dir = repo();
    let pem = |seed: u64| {
        let body: Vec<String> = (0..4)
            .map(|i| fake_token("", ALNUM, 64, seed + i))
            .collect();
        format!(
            "-----BEGIN PRIVATE KEY-----\n{}\nAB==\n-----END PRIVATE KEY-----\n",
            body.join("\n")
        )
    };
    let settings = |password: &str, retries: u32| {
        format!("RETRIES = {retries}\n\nDB_PASSWORD = (\n    \"{password}\"\n)\n")
    };
    let (first, second) = (fake_token("", ALNUM, 24, 7), fake_token("", ALNUM, 24, 8));
    write(dir.path(), "settings.py", &settings(&first, 1));
    write(dir.path(), "deploy/key.pem", &pem(60));
    let added = commit(dir.path(), "add");
    write(dir.path(), "settings.py", &settings(&first, 2));
    commit(dir.path(), "more retries");
    write(dir.path(), "settings.py", &settings(&second, 2));
    write(dir.path(), "deploy/key.pem", &pem(70));
    let rotated = commit(dir.path(), "rotate");

    let expected = [
        format!("{added} deploy/key.pem:1 secret/pkcs8-private-key"),
        format!("{added} settings.py:4 secret/hardcoded-credential"),
        format!("{rotated} deploy/key.pem:1 secret/pkcs8-private-key"),
        format!("{rotated} settings.py:4 secret/hardcoded-credential"),
    ];
    for args in [&[][..], &["--every-version"]] {
        let (findings, _) = history(dir.path(), args);
        let mut found = located(&findings);
        found.sort_by_key(|f| (f.starts_with(&rotated), f.clone()));
        assert_eq!(found, expected, "{args:?}");
    }
}

#[test]
fn a_secret_on_another_branch_is_found_by_default_and_a_range_limits_the_scan() {
    let dir = repo();
    let old = github_token(105);
    let new = github_token(106);
    let side = github_token(107);
    write(dir.path(), "old.py", &token_file(&old));
    let first = commit(dir.path(), "old");
    write(dir.path(), "README.md", "# app\n");
    let base = commit(dir.path(), "docs");
    write(dir.path(), "new.py", &token_file(&new));
    let last = commit(dir.path(), "new");
    git(dir.path(), &["checkout", "-q", "-b", "feature", &base]);
    write(dir.path(), "side.py", &token_file(&side));
    let on_side = commit(dir.path(), "side");
    git(dir.path(), &["checkout", "-q", "main"]);

    let mut all = located(&history(dir.path(), &[]).0);
    all.sort();
    let mut expected = vec![
        format!("{first} old.py:3 secret/github-pat"),
        format!("{last} new.py:3 secret/github-pat"),
        format!("{on_side} side.py:3 secret/github-pat"),
    ];
    expected.sort();
    assert_eq!(all, expected);

    let range = format!("{base}..main");
    let expected = [format!("{last} new.py:3 secret/github-pat")];
    assert_eq!(located(&history(dir.path(), &[&range]).0), expected);
    assert_eq!(
        located(&history(dir.path(), &["--since", &base]).0),
        expected
    );
    assert_eq!(
        located(&history(dir.path(), &["main"]).0),
        [
            format!("{first} old.py:3 secret/github-pat"),
            format!("{last} new.py:3 secret/github-pat"),
        ]
    );
    let (none, code) = history(dir.path(), &["--since", "main", "main"]);
    assert_eq!((none.len(), code), (0, Some(0)));
}

#[test]
fn a_hostile_revision_is_never_an_option() {
    let dir = repo();
    write(dir.path(), "app.py", &token_file(&github_token(108)));
    commit(dir.path(), "add");
    let target = dir.path().join("written-by-git");
    let hostile = format!("--output={}", target.display());
    for args in [
        vec!["history", "--", &hostile],
        vec!["history", "--", "HEAD", &hostile],
        vec!["history", "--since", &hostile],
        vec!["history", "--since=--all"],
    ] {
        let output = credlint(dir.path(), &args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!target.exists(), "{args:?} reached git as an option");
    }
    let output = credlint(dir.path(), &["history", "no-such-rev"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn json_and_sarif_carry_the_commit_and_sarif_stays_valid() {
    let dir = repo();
    let token = github_token(109);
    write(dir.path(), "src/app.py", &token_file(&token));
    let introduced = commit(dir.path(), "add");
    write(dir.path(), "src/app.py", "import os\n");
    let head = commit(dir.path(), "remove");

    let (findings, _) = history(dir.path(), &[]);
    for field in ["commit", "author", "email", "date", "in_worktree"] {
        assert!(
            findings[0].get(field).is_some(),
            "{field}: {:?}",
            findings[0]
        );
    }

    let output = credlint(dir.path(), &["history", "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let validator = crate::sarif::validator();
    let problems: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    let run = &sarif["runs"][0];
    let provenance = &run["versionControlProvenance"][0];
    assert_eq!(provenance["revisionId"], head.as_str());
    assert_eq!(provenance["branch"], "main");
    assert!(provenance["repositoryUri"]
        .as_str()
        .unwrap()
        .starts_with("file://"));
    let result = &run["results"][0];
    assert_eq!(
        result["partialFingerprints"]["commitSha/v1"],
        introduced.as_str()
    );
    assert!(result["partialFingerprints"]["credlint/v2"].is_string());
    assert_eq!(result["properties"]["commit"], introduced.as_str());
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "src/app.py"
    );

    let markdown = stdout(&credlint(dir.path(), &["history", "--format", "markdown"]));
    assert!(
        markdown.contains(&format!("`{}:src/app.py:3:", &introduced[..8])),
        "{markdown}"
    );
    let github = stdout(&credlint(dir.path(), &["history", "--format", "github"]));
    assert!(
        github.contains(&format!("introduced in commit {}", &introduced[..8])),
        "{github}"
    );

    // Every format runs, none shows the secret.
    assert_no_format_shows(dir.path(), std::slice::from_ref(&token));
}

/// a13 #2: a branch named after a secret the run found is shown without
/// it, in SARIF's provenance and every other format.
#[test]
fn a_branch_named_after_a_secret_is_shown_without_it() {
    let dir = repo();
    let password = fake_token("", ALNUM, 32, 131);
    write(dir.path(), "a.env", &format!("PASSWORD={password}\n"));
    commit(dir.path(), "add");
    git(
        dir.path(),
        &["checkout", "-q", "-b", &format!("fix-{password}")],
    );
    let output = credlint(dir.path(), &["history", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let branch = sarif["runs"][0]["versionControlProvenance"][0]["branch"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        branch.starts_with("fix-") && branch.contains('…'),
        "{branch}"
    );
    assert_no_format_shows(dir.path(), std::slice::from_ref(&password));
}

/// `credlint history` in every format finds something, and shows none of
/// `secrets`.
fn assert_no_format_shows(dir: &Path, secrets: &[String]) {
    for format in formats() {
        let output = credlint(dir, &["history", "--format", &format]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format}: {}",
            stderr(&output)
        );
        let shown = stdout(&output);
        assert_eq!(leaked(&shown, secrets), None, "{format}: {shown}");
    }
}

#[test]
fn baselines_and_suppressions_apply() {
    let dir = repo();
    let live = github_token(110);
    let rotated = github_token(111);
    let allowed = github_token(112);
    write(dir.path(), "live.py", &token_file(&live));
    write(dir.path(), "rotated.py", &token_file(&rotated));
    write(
        dir.path(),
        "allowed.py",
        &format!("KEY = \"{allowed}\"  # credlint: allow(secret/github-pat) -- test fixture\n"),
    );
    let first = commit(dir.path(), "add");
    std::fs::remove_file(dir.path().join("rotated.py")).unwrap();
    commit(dir.path(), "rotate");

    let (findings, _) = history(dir.path(), &[]);
    let mut paths: Vec<&str> = findings
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    paths.sort();
    assert_eq!(paths, ["live.py", "rotated.py"]);

    // A credlint baseline of today's tree silences what is still there.
    let output = credlint(dir.path(), &["baseline"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (findings, _) = history(dir.path(), &["--baseline", ".credlint-baseline.json"]);
    assert_eq!(
        located(&findings),
        [format!("{first} rotated.py:3 secret/github-pat")]
    );

    // gitleaks' history fingerprints, `commit:file:rule:line`, the rest.
    write(
        dir.path(),
        ".gitleaksignore",
        &format!("{first}:rotated.py:github-pat:3\nlive.py:github-pat:3\n"),
    );
    let (findings, code) = history(dir.path(), &["--baseline", ".gitleaksignore"]);
    assert_eq!((located(&findings), code), (Vec::<String>::new(), Some(0)));
}

/// A secret the baseline accepts in one file and copied into another is
/// reported in the copy, as `check --baseline` reports it: the baselined
/// first occurrence must not stand for the copy (history reports a leak
/// once, where it first appeared).
#[test]
fn a_baselined_secret_copied_to_another_file_is_reported_in_the_copy() {
    let dir = repo();
    let token = github_token(113);
    write(dir.path(), "fixtures/tok.txt", &format!("TOKEN={token}\n"));
    commit(dir.path(), "fixture");
    let output = credlint(dir.path(), &["baseline"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    commit(dir.path(), "baseline");
    write(dir.path(), "app/config.py", &token_file(&token));
    let copied = commit(dir.path(), "app");
    let (findings, code) = history(dir.path(), &["--baseline", ".credlint-baseline.json"]);
    assert_eq!(
        (located(&findings), code),
        (
            vec![format!("{copied} app/config.py:3 secret/github-pat")],
            Some(1)
        )
    );
}

/// When the baseline's hashing cap trips (a file holding more distinct
/// secrets of a rule than the baseline has entries for it plus 64), the
/// findings past it are reported new without being matched, and history
/// says so on standard error as `check --baseline` does; the counts are
/// steps, not times.
#[test]
fn history_notes_findings_reported_new_past_the_baselines_hashing_cap() {
    let dir = repo();
    let accepted = github_token(420);
    write(dir.path(), ".env", &format!("FIRST={accepted}\n"));
    commit(dir.path(), "one token");
    let output = credlint(dir.path(), &["baseline", "-o", "base.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let others: String = (0..100)
        .map(|i| format!("TOKEN_{i}={}\n", github_token(421 + i)))
        .collect();
    write(dir.path(), ".env", &format!("FIRST={accepted}\n{others}"));
    commit(dir.path(), "a hundred more");

    let args = ["history", "--baseline", "base.json", "--format", "json"];
    let output = credlint(dir.path(), &args);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    // 65 values hashed (the accepted one and 64 more), 36 left unhashed.
    assert!(
        err.contains(".env: 36 secret/github-pat finding(s) reported as new without being matched"),
        "{err}"
    );
    let (findings, _) = history(dir.path(), &["--baseline", "base.json"]);
    assert_eq!(findings.len(), 100);
    // `--quiet` keeps standard error to errors.
    let mut quiet = args.to_vec();
    quiet.push("--quiet");
    assert_eq!(stderr(&credlint(dir.path(), &quiet)), "");
}

#[test]
fn binary_blobs_are_skipped_and_only_secret_rules_run() {
    let dir = repo();
    let mut binary = b"\x00\x01\x02PNG\x00".to_vec();
    binary.extend_from_slice(github_token(113).as_bytes());
    binary.extend_from_slice(b"\x00\xff\n");
    std::fs::write(dir.path().join("logo.png"), &binary).unwrap();
    std::fs::write(dir.path().join("blob.bin"), &binary).unwrap();
    write(
        dir.path(),
        "app.py",
        "import os\nprint(os.environ[\"HOME\"])\nos.environ[\"X\"] = \"1\"\n",
    );
    write(dir.path(), ".env", "API_KEY=placeholder\n");
    commit(dir.path(), "add");

    // `check` judges today's code: the environment rules fire there.
    let check = credlint(dir.path(), &["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(1), "{}", stdout(&check));
    let (findings, code) = history(dir.path(), &[]);
    assert_eq!((findings, code), (Vec::new(), Some(0)));

    // The same token in a text file is found, so the skip is the binary's.
    write(
        dir.path(),
        "notes.txt",
        &format!("token {}\n", github_token(113)),
    );
    commit(dir.path(), "notes");
    let (findings, _) = history(dir.path(), &[]);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["path"], "notes.txt");
}

#[test]
fn a_repository_without_commits_has_no_findings_and_a_folder_outside_git_is_an_error() {
    let dir = repo();
    let output = credlint(dir.path(), &["history"]);
    // `git log --all` in an empty repository lists nothing.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let outside = TempDir::new().unwrap();
    let output = credlint(outside.path(), &["history"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
}

#[test]
fn a_token_in_the_author_name_or_email_is_redacted_in_every_format() {
    let dir = repo();
    let token = github_token(113);
    let in_name = github_token(114);
    let in_email = github_token(115);
    write(dir.path(), "app.py", &token_file(&token));
    commit_by(
        dir.path(),
        &format!("Eve {in_name}"),
        &format!("{in_email}@example.com"),
        "add",
    );

    let (findings, _) = history(dir.path(), &[]);
    assert!(
        findings[0]["author"].as_str().unwrap().starts_with("Eve "),
        "{:?}",
        findings[0]
    );
    assert_no_format_shows(dir.path(), &[token, in_name, in_email]);
}

/// A UTF-16 file's secret still in the working tree is marked so: the
/// working tree's file is decoded as the blob is before they are compared.
#[test]
fn a_utf16_secret_still_in_the_working_tree_is_marked_so() {
    let dir = repo();
    let token = github_token(116);
    let bytes: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(token_file(&token).encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(dir.path().join("app.py"), bytes).unwrap();
    commit(dir.path(), "utf-16");

    let (findings, _) = history(dir.path(), &[]);
    assert_eq!(located(&findings).len(), 1, "{findings:?}");
    assert_eq!(findings[0]["in_worktree"], true);
}

/// A tree holding `keys/deploy.py` with `token`, written to the object
/// store but in no commit, the index and work tree left as they were: its id.
fn tree_without_commit(dir: &Path, token: &str) -> String {
    write(dir, "keys/deploy.py", &token_file(token));
    git(dir, &["add", "keys/deploy.py"]);
    let tree = git(dir, &["write-tree"]);
    git(dir, &["rm", "-q", "--cached", "keys/deploy.py"]);
    std::fs::remove_dir_all(dir.join("keys")).unwrap();
    tree
}

/// Blobs a ref reaches without a commit (a15 #10): a tag on a blob, an
/// annotated tag on a tree, are pushed and fetched with the repository, so
/// `history` over every ref reads them; blobs the commits hold are
/// reported once, at their commit.
#[test]
fn history_reads_blobs_and_trees_tags_point_at() {
    let dir = repo();
    write(dir.path(), "app.py", "x = 1\n");
    commit(dir.path(), "init");
    let outside = TempDir::new().unwrap();
    let loose = outside.path().join("loose.txt");
    std::fs::write(&loose, token_file(&github_token(101))).unwrap();
    let blob = git(dir.path(), &["hash-object", "-w", loose.to_str().unwrap()]);
    git(dir.path(), &["tag", "blobtag", blob.trim()]);
    let tree = tree_without_commit(dir.path(), &github_token(102));
    git(
        dir.path(),
        &["tag", "-a", "-m", "keys", "treetag", tree.trim()],
    );
    let output = credlint(dir.path(), &["history", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let mut paths: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        ["keys/deploy.py", "refs/tags/blobtag"],
        "{}",
        stderr(&output)
    );
}

/// Thousands of tags on one tree: the tree is listed once, not once per
/// tag (a17 #8: each tag ran a `git ls-tree`, 2.4 ms each; 3,000 tags took
/// 7.3 s in a release build, so 50,000 take minutes; now 0.12 s for
/// 3,000). The tree's token is reported once.
#[test]
fn a_tree_many_tags_point_at_is_read_once() {
    use crate::common::{credlint_command, output_within};
    use std::io::Write;
    let dir = repo();
    write(dir.path(), "app.py", "x = 1\n");
    commit(dir.path(), "init");
    let tree = tree_without_commit(dir.path(), &github_token(103));
    let refs: String = (0..50_000)
        .map(|i| format!("create refs/tags/t{i} {}\n", tree.trim()))
        .collect();
    let mut update = std::process::Command::new("git")
        .args(["update-ref", "--stdin"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    update
        .stdin
        .take()
        .unwrap()
        .write_all(refs.as_bytes())
        .unwrap();
    assert!(update.wait().unwrap().success());
    git(dir.path(), &["pack-refs", "--all"]);
    let command = credlint_command(dir.path(), &["history", "--format", "json"]);
    let output = output_within(command, std::time::Duration::from_secs(60));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let paths: Vec<&str> = (report["findings"].as_array().unwrap().iter())
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["keys/deploy.py"], "{}", stderr(&output));
}

/// Commits only a reflog reaches (a17 #10): an older stash entry (one
/// with untracked files: its third parent) and a commit amended away are
/// local objects `git log --all` does not walk; `--reflog` reads them, and
/// it reads only over every ref.
#[test]
fn reflog_reads_older_stash_entries_and_commits_amended_away() {
    let dir = repo();
    write(dir.path(), "app.py", "x = 1\n");
    commit(dir.path(), "init");
    write(dir.path(), "wip.py", &token_file(&github_token(111)));
    git(dir.path(), &["stash", "push", "-q", "-u"]);
    write(dir.path(), "app.py", "x = 2\n");
    git(dir.path(), &["stash", "push", "-q"]);
    write(dir.path(), "draft.py", &token_file(&github_token(112)));
    commit(dir.path(), "draft");
    std::fs::remove_file(dir.path().join("draft.py")).unwrap();
    git(dir.path(), &["add", "-A"]);
    git(
        dir.path(),
        &["commit", "-q", "--amend", "--allow-empty", "-m", "draft"],
    );

    let paths = |args: &[&str]| {
        let mut paths: Vec<String> = (history(dir.path(), args).0.iter())
            .map(|f| f["path"].as_str().unwrap().to_owned())
            .collect();
        paths.sort();
        paths
    };
    assert_eq!(paths(&[]), Vec::<String>::new());
    assert_eq!(paths(&["--reflog"]), ["draft.py", "wip.py"]);
    let output = credlint(dir.path(), &["history", "--reflog", "HEAD"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}
