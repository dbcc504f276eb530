//! `credlint check`, `rules` and `explain`, run as a user would run them.

use crate::common::{
    credlint, credlint_command, credlint_with_stdin, finding_lines, finding_paths, git_init,
    github_token, json_findings, output_within, stderr, stdout, write,
};
use pretty_assertions::assert_eq;
use std::process::Stdio;
use std::time::Duration;
use tempfile::TempDir;

fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, text) in files {
        write(dir.path(), name, text);
    }
    dir
}

#[test]
fn findings_exit_1_with_redacted_rustc_style_output() {
    let token = github_token(1);
    let dir = project(&[
        (
            "app.py",
            &format!("import os\n\nGITHUB_TOKEN = \"{token}\"\nhome = os.environ[\"HOME\"]\n"),
        ),
        ("clean.py", "print('hello')\n"),
    ]);
    let output = credlint(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let shown = format!("{}…{}", &token[..4], &token[token.len() - 3..]);
    let expected = format!(
        "\
app.py:3:17: error[secret/github-pat] GitHub personal access token (classic) `{shown} (40 chars)` is hardcoded
  |
3 | GITHUB_TOKEN = \"{shown} (40 chars)\"
  |                 ^^^^^^^^^^^^^^^^^^^ provider tokens belong in the environment or a secrets manager, never in the repository
  |
  = help: rotate it, move it to the environment (listed in `mcp_env.example`) and read it through the settings module (mcp_app_settings.py); if it is not a secret, add `# credlint: allow(secret/github-pat)`

app.py:4:8: warning[env/direct-access] `os.environ` reads `HOME` directly; read it through the settings module (mcp_app_settings.py) instead
  |
4 | home = os.environ[\"HOME\"]
  |        ^^^^^^^^^^^^^^^^^^ application code reads the environment only through the settings module
  |
  = help: import `HOME` from the settings module (mcp_app_settings.py) instead; if this file is part of it, add it to `settings-modules`, or add `# credlint: allow(env/direct-access)`

Found 2 findings in 1 file (2 files scanned). Move secrets to the environment and read them through the settings module; mark a false positive with `credlint: allow(<rule>)`.
"
    );
    assert_eq!(stdout(&output), expected);
    assert!(!stdout(&output).contains(&token));
}

/// The help line names the project's own env template and the settings
/// module of the file's language, and speaks that language.
#[test]
fn help_names_the_projects_template_and_the_languages_settings_module() {
    let dir = project(&[
        (".env.example", "API_KEY=your-api-key-here\n"),
        (
            "src/main.rs",
            "fn main() {\n    let _ = std::env::var(\"API_KEY\");\n}\n",
        ),
        (
            "app.py",
            &format!("GITHUB_TOKEN = \"{}\"\n", github_token(11)),
        ),
    ]);
    let output = credlint(dir.path(), &["check", "."]);
    let text = stdout(&output);
    assert!(
        text.contains("= help: use `API_KEY` from the settings module (settings.rs) instead"),
        "{text}"
    );
    assert!(
        text.contains("read it through the settings module (settings.rs) instead"),
        "{text}"
    );
    assert!(
        text.contains("(listed in `.env.example`) and read it through the settings module (mcp_app_settings.py)"),
        "{text}"
    );
}

#[test]
fn clean_tree_exits_0() {
    let dir = project(&[("a.py", "x = 1\n"), ("b.rs", "fn main() {}\n")]);
    let output = credlint(dir.path(), &["check", "."]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "No findings in 2 files.\n");
}

#[test]
fn settings_module_may_read_the_environment() {
    let dir = project(&[
        (
            "mcp_app_settings.py",
            "import os\nAPI_KEY = os.environ[\"API_KEY\"]\n",
        ),
        ("app/views.py", "import os\nkey = os.getenv(\"API_KEY\")\n"),
    ]);
    assert_eq!(finding_paths(dir.path(), &["check"]), ["app/views.py"]);
}

#[test]
fn json_report_fields() {
    let dir = project(&[("settings.yaml", "database:\n  password: Tr0ub4dor&3xK\n")]);
    let output = credlint(dir.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let finding = &report["findings"][0];
    assert_eq!(finding["path"], "settings.yaml");
    assert_eq!(finding["rule"], "secret/hardcoded-credential");
    assert_eq!(finding["severity"], "error");
    assert_eq!(
        finding["start"],
        serde_json::json!({ "line": 2, "column": 13 })
    );
    assert_eq!(
        finding["end"],
        serde_json::json!({ "line": 2, "column": 26 })
    );
    assert_eq!(finding["redacted"], "T…K (13 chars)");
    assert_eq!(finding["variable"], "PASSWORD");
    assert_eq!(finding["fingerprint"].as_str().unwrap().len(), 32);
    assert_eq!(report["summary"]["files_scanned"], 1);
    assert!(!stdout(&output).contains("Tr0ub4dor&3xK"));
}

/// The variables the JSON report suggests, finding by finding.
fn suggested_variables(dir: &std::path::Path) -> Vec<String> {
    json_findings(dir, &["check", "--format", "json"])
        .iter()
        .filter_map(|f| f["variable"].as_str().map(str::to_owned))
        .collect()
}

/// A name glued to a token it once held keeps its own words in the
/// variable a fix suggests, without the token (which is hidden, not spelled
/// out in capitals); the word `secret` is one of the name's.
#[test]
fn a_name_glued_to_a_token_keeps_its_words_in_the_suggested_variable() {
    let token = github_token(71);
    let dir = project(&[(
        "app.py",
        &format!("{token}_client_secret = \"Zq8!FfkCzJr4abcdQx\"\n"),
    )]);
    assert_eq!(suggested_variables(dir.path()), ["CLIENT_SECRET"]);
    let output = credlint(dir.path(), &["check"]);
    assert!(!stdout(&output).contains(&token[4..12]));
}

/// A fake Slack bot token whose last piece starts with `digit` (where
/// Python cuts a name glued to it), drawn from `seed` and the two seeds
/// after it.
fn slack_bot_token(digit: char, seed: u64) -> String {
    use crate::common::{fake_token, ALNUM};
    format!(
        "xoxb-{}-{}-{digit}{}",
        fake_token("", "0123456789", 11, seed),
        fake_token("", "0123456789", 12, seed + 1),
        fake_token("", ALNUM, 23, seed + 2)
    )
}

/// A token holding `-` glued into a Python name is no one identifier:
/// `backup_xoxb-…-…-3Abc…_password` is a subtraction whose target is the
/// token's last piece, cut after its digit. That piece is hidden in the
/// message and left out of the suggested variable, in every format.
#[test]
fn a_name_cut_from_a_tokens_last_piece_is_hidden() {
    use crate::common::leaked;
    let token = slack_bot_token('3', 72);
    let dir = project(&[(
        "app.py",
        &format!("backup_{token}_password = \"Zq8!FfkCzJr4abcdQx\"\n"),
    )]);
    for format in ["text", "json", "sarif", "github"] {
        let output = credlint(dir.path(), &["check", "--format", format]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let shown = format!("{}{}", stdout(&output), stderr(&output));
        assert_eq!(
            leaked(&shown, std::slice::from_ref(&token)),
            None,
            "{format}"
        );
    }
    assert_eq!(suggested_variables(dir.path()), ["PASSWORD"]);
}

/// a12 #2: the name cut from a token can be lines above the value the
/// finding is on (a class field whose `Field(default=…)` goes on below):
/// its piece is hidden all the same, in every format and the variable.
#[test]
fn a_name_cut_from_a_token_on_another_line_is_hidden() {
    use crate::common::{formats, leaked};
    let token = slack_bot_token('2', 75);
    let dir = project(&[(
        "app.py",
        &format!(
            "x = 1\nclass C:\n    backup_{token}_token: str = Field(\n        default=\"Zq8!FfkCzJr4abcdQx\")\n"
        ),
    )]);
    for format in formats() {
        let output = credlint(dir.path(), &["check", "--format", &format]);
        let shown = format!("{}{}", stdout(&output), stderr(&output));
        assert_eq!(
            leaked(&shown, std::slice::from_ref(&token)),
            None,
            "{format}: {shown}"
        );
    }
    for variable in suggested_variables(dir.path()) {
        let spelled = variable.replace('_', "").to_lowercase();
        assert_eq!(
            leaked(&spelled, &[token.to_lowercase()]),
            None,
            "{variable}"
        );
    }
}

/// a13 #1: pieces of a secret found in the file, written into names that
/// begin with a credential word (`secret_<8>`, `token<10>`), are hidden in
/// the lines every format shows, as after `k_`: four lines would otherwise
/// show a whole password.
#[test]
fn pieces_of_a_secret_in_names_are_hidden_in_shown_lines() {
    use crate::common::{fake_token, formats, leaked, ALNUM};
    let password = fake_token("", ALNUM, 32, 913);
    let token = github_token(914);
    let mut text = format!("import os\npassword = \"{password}\"\ntoken = \"{token}\"\n");
    for at in [0, 8, 16, 24] {
        let piece = &password[at..at + 8];
        text += &format!("secret_{piece} = os.environ[\"A{at}\"]\nprint(secret_{piece})\n");
    }
    for at in [4, 14, 24] {
        text += &format!("token{} = os.environ[\"B{at}\"]\n", &token[at..at + 10]);
    }
    let dir = project(&[("a.py", &text)]);
    for format in formats() {
        let output = credlint(dir.path(), &["check", "--format", &format]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let shown = format!("{}{}", stdout(&output), stderr(&output));
        assert_eq!(
            leaked(&shown, &[password.clone(), token.clone()]),
            None,
            "{format}: {shown}"
        );
    }
}

/// a13 #3: `credlint config` on a file named after the password it holds
/// shows the path without it, as `check` does.
#[test]
fn config_shows_a_path_named_after_a_secret_without_it() {
    use crate::common::{fake_token, leaked, ALNUM};
    let password = fake_token("", ALNUM, 32, 133);
    let name = format!("backup_{password}.env");
    let dir = project(&[(&name, &format!("PASSWORD={password}\n"))]);
    for args in [
        vec!["config", &name],
        vec!["config", "--format", "json", &name],
    ] {
        let output = credlint(dir.path(), &args);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let shown = stdout(&output);
        assert!(shown.contains("backup_"), "{shown}");
        assert_eq!(
            leaked(&shown, std::slice::from_ref(&password)),
            None,
            "{shown}"
        );
    }
}

/// a12 #12: a file named after the password it holds shows its path
/// without it, in every format and in the baseline, whose key for the file
/// stays the same from run to run.
#[test]
fn a_file_named_after_its_secret_is_shown_without_it() {
    use crate::common::{fake_token, ALNUM};
    let secret = fake_token("", ALNUM, 24, 78);
    let dir = project(&[(
        &format!("backup_{secret}.env"),
        &format!("TOKEN={secret}\n"),
    )]);
    shown_without_it_and_baselined(dir.path(), secret);
}

/// Checks `secret` shows in no format's report, nor in the baseline, and
/// that the baseline's entries keep matching from run to run.
fn shown_without_it_and_baselined(dir: &std::path::Path, secret: String) {
    use crate::common::{formats, leaked};
    let secrets = [secret];
    for format in formats() {
        let output = credlint(dir, &["check", "--format", &format]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let shown = format!("{}{}", stdout(&output), stderr(&output));
        assert_eq!(leaked(&shown, &secrets), None, "{format}: {shown}");
    }
    let output = credlint(dir, &["baseline", "-o", "base.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let recorded = std::fs::read_to_string(dir.join("base.json")).unwrap();
    assert_eq!(leaked(&recorded, &secrets), None, "{recorded}");
    for _ in 0..3 {
        let output = credlint(dir, &["check", "--baseline", "base.json"]);
        assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    }
}

/// a13 #1: a folder named after a secret a file inside it holds. Its other
/// files' findings and notes were shown before that file was analysed,
/// with the folder's name in full, and their baseline entries never
/// matched again. Paths are hidden once the run has met every secret.
#[test]
fn a_folder_named_after_a_secret_it_holds_is_shown_without_it() {
    use crate::common::{fake_token, ALNUM};
    let secret = fake_token("", ALNUM, 32, 134);
    let folder = format!("backup_{secret}");
    let dir = project(&[
        (
            &format!("{folder}/a.env"),
            &format!("API_TOKEN={}\n", fake_token("", ALNUM, 32, 135)),
        ),
        (&format!("{folder}/b.env"), &format!("PASSWORD={secret}\n")),
    ]);
    std::os::unix::fs::symlink("/nonexistent", dir.path().join(&folder).join("link.py")).unwrap();
    shown_without_it_and_baselined(dir.path(), secret);
}

/// a14 #2: a folder named after the password a file inside holds, under a
/// selection that reports no secret (`--select env`, `--ignore secret`).
/// The password was never registered for hiding, as no finding reported
/// it, and every path in the folder showed it. Lowercase letters and
/// digits only, it is a value the model would show standing alone in a
/// name: the run saw it in `settings.py`, and that decides.
#[test]
fn a_folder_named_after_a_password_is_hidden_whatever_the_selection() {
    use crate::common::{fake_token, formats, leaked};
    let password = fake_token("", "abcdefghijklmnopqrstuvwxyz0123456789", 16, 151);
    let folder = format!("deploy/{password}");
    let dir = project(&[
        (
            &format!("{folder}/settings.py"),
            &format!("PASSWORD = \"{password}\"\n"),
        ),
        (
            &format!("{folder}/app.py"),
            "import os\nx = os.getenv('X')\n",
        ),
    ]);
    let secrets = [password];
    for selection in [["--select", "env"], ["--ignore", "secret"]] {
        for format in formats() {
            let args = ["check", selection[0], selection[1], "--format", &format];
            let output = credlint(dir.path(), &args);
            assert_eq!(output.status.code(), Some(1), "{args:?}");
            let shown = format!("{}{}", stdout(&output), stderr(&output));
            assert_eq!(leaked(&shown, &secrets), None, "{args:?}: {shown}");
        }
    }
}

/// a14 #3: a folder named after a password that no file of the run holds:
/// one file named on the command line, a `--staged` run with another file
/// staged, standard input given the file's name. The name is judged on its
/// own, and a piece the value model takes for a password is hidden, in the
/// baseline's key too, which keeps matching.
#[test]
fn a_folder_named_after_a_password_no_file_of_the_run_holds_is_hidden() {
    use crate::common::{fake_token, formats, git, leaked, ALNUM};
    let password = format!(
        "{}#{}",
        fake_token("", ALNUM, 10, 152),
        fake_token("", ALNUM, 8, 153)
    );
    let app = format!("deploy/{password}/app.py");
    // A token, so that the baseline keys the file.
    let code = &format!("TOKEN = \"{}\"\n", github_token(154));
    let dir = project(&[
        (
            &format!("deploy/{password}/settings.py"),
            &format!("PASSWORD = \"{password}\"\n"),
        ),
        (&app, code),
    ]);
    let secrets = [password];
    for format in formats() {
        let output = credlint(dir.path(), &["check", "--format", &format, &app]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let shown = format!("{}{}", stdout(&output), stderr(&output));
        assert_eq!(leaked(&shown, &secrets), None, "{format}: {shown}");
    }
    let output = credlint(dir.path(), &["baseline", "-o", "base.json", &app]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let recorded = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert_eq!(leaked(&recorded, &secrets), None, "{recorded}");
    let output = credlint(dir.path(), &["check", "--baseline", "base.json", &app]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    // A baseline from a version that keyed the name in full still matches.
    let mut earlier: serde_json::Value = serde_json::from_str(&recorded).unwrap();
    for entry in earlier["findings"].as_array_mut().unwrap() {
        entry["path"] = serde_json::json!(app);
    }
    std::fs::write(dir.path().join("earlier.json"), earlier.to_string()).unwrap();
    let output = credlint(dir.path(), &["check", "--baseline", "earlier.json", &app]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let output = credlint_with_stdin(
        dir.path(),
        &["check", "--stdin-filename", &app, "--format", "json"],
        Some(code),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let shown = format!("{}{}", stdout(&output), stderr(&output));
    assert_eq!(leaked(&shown, &secrets), None, "stdin: {shown}");
    git_init(dir.path());
    git(dir.path(), &["add", &app]);
    let output = credlint(dir.path(), &["check", "--staged", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let shown = format!("{}{}", stdout(&output), stderr(&output));
    assert!(shown.contains("deploy/"), "{shown}");
    assert_eq!(leaked(&shown, &secrets), None, "--staged: {shown}");
}

#[test]
fn stdin_with_a_filename() {
    let dir = project(&[]);
    let output = credlint_with_stdin(
        dir.path(),
        &[
            "check",
            "--stdin-filename",
            "src/app.py",
            "--format",
            "json",
        ],
        Some("import os\nx = os.getenv('X')\n"),
    );
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["findings"][0]["path"], "src/app.py");
    assert_eq!(report["findings"][0]["rule"], "env/direct-access");
}

#[test]
fn unreadable_binary_huge_and_non_utf8_files() {
    let token = github_token(2);
    let mut latin1 = b"# caf\xe9\n".to_vec();
    latin1.extend_from_slice(format!("token = \"{token}\"\n").as_bytes());
    let dir = project(&[
        ("big.txt", &"x".repeat(2 * 1024 * 1024)),
        ("ok.py", "x = 1\n"),
    ]);
    std::fs::write(dir.path().join("latin1.py"), latin1).unwrap();
    std::fs::write(
        dir.path().join("blob.bin"),
        [0u8, 1, 2, 3, b'g', b'h', b'p'],
    )
    .unwrap();
    std::os::unix::fs::symlink("missing-target", dir.path().join("dangling.py")).unwrap();
    let output = credlint(dir.path(), &["check", ".", "dangling.py"]);
    // The dangling link is an error (exit 2); the rest is still scanned and reported.
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("note: big.txt: 2097152 bytes is over the 1048576 byte limit (`max-file-size`): checked for provider tokens only"),
        "{err}"
    );
    assert!(err.contains("error: dangling.py:"), "{err}");
    let out = stdout(&output);
    assert!(
        out.contains("latin1.py:2:10: error[secret/github-pat]"),
        "{out}"
    );
    // big.txt too: it was checked for provider tokens.
    assert!(out.contains("(3 files scanned)"), "{out}");
}

/// Minified bundles and generated modules are checked for self-identifying
/// provider tokens only, with a note; a credential-named pair in them is
/// not reported, and a finding's excerpt is the redacted token, not the
/// bundle's one line. `scan-generated = true` checks them whole.
#[test]
fn minified_and_generated_files_get_the_provider_token_check_with_a_note() {
    let token = github_token(3);
    // A random password, bound to a credential name.
    let pair = "password:\"Vq7#tR2mXw9LpKe4\"";
    let bundle = format!("var t=\"{token}\",c={{{pair}}};{}\n", "a=1;".repeat(600));
    let dir = project(&[
        ("static/app.js", bundle.as_str()),
        (
            "api_pb2.py",
            &format!(
                "# Generated by the protocol buffer compiler.  DO NOT EDIT!\nT = \"{token}\"\npassword = \"Vq7#tR2mXw9LpKe4\"\n"
            ),
        ),
        ("app.py", &format!("T = \"{token}\"\n")),
    ]);
    let output = credlint(dir.path(), &["check", "."]);
    let (out, err) = (stdout(&output), stderr(&output));
    assert!(
        err.contains("note: static/app.js: a minified bundle (a line over 2000 bytes): treated as generated, checked for self-identifying provider tokens only"),
        "{err}"
    );
    assert!(
        err.contains(
            "note: api_pb2.py: generated by the protocol buffer compiler: treated as generated"
        ),
        "{err}"
    );
    for found in [
        "app.py:1:6: error[secret/github-pat]",
        "static/app.js:1:8: error[secret/github-pat]",
        "api_pb2.py:2:6: error[secret/github-pat]",
    ] {
        assert!(out.contains(found), "{found}: {out}");
    }
    assert!(!out.contains("hardcoded-credential"), "{out}");
    assert!(out.contains("(3 files scanned)"), "{out}");
    // No format shows the bundle's line: every line of every report is
    // short, and none holds the token or the password.
    for format in ["text", "json", "sarif", "github"] {
        let out = stdout(&credlint(dir.path(), &["check", "--format", format, "."]));
        assert!(out.contains("static/app.js"), "{format}: {out}");
        assert!(!out.contains("a=1;a=1;"), "{format}: {out}");
        assert!(
            !out.contains(&token) && !out.contains("Vq7#tR2m"),
            "{format}"
        );
    }

    std::fs::write(dir.path().join("credlint.toml"), "scan-generated = true\n").unwrap();
    let output = credlint(dir.path(), &["check", "."]);
    let (out, err) = (stdout(&output), stderr(&output));
    assert!(!err.contains("treated as generated"), "{err}");
    for found in [
        "static/app.js:1:8: error[secret/github-pat]",
        "api_pb2.py:2:6: error[secret/github-pat]",
        "api_pb2.py:3:13: error[secret/hardcoded-credential]",
        "static/app.js:1:63: error[secret/hardcoded-credential]",
    ] {
        assert!(out.contains(found), "{found}: {out}");
    }
}

#[test]
fn gitignored_files_are_skipped_hidden_files_are_not() {
    let dir = project(&[
        (".gitignore", "ignored.py\n"),
        ("ignored.py", "import os\nos.getenv('A')\n"),
        (".hidden/app.py", "import os\nos.getenv('B')\n"),
        (".git/config.py", "import os\nos.getenv('C')\n"),
    ]);
    git_init(dir.path());
    assert_eq!(finding_paths(dir.path(), &["check"]), [".hidden/app.py"]);
}

#[test]
fn configuration_is_found_walking_up_and_applied() {
    let dir = project(&[
        (
            "credlint.toml",
            "settings-modules = ['app/conf.py']\nexclude = ['vendor/']\n[per-file-ignores]\n'tests/**' = ['env']\n",
        ),
        ("app/conf.py", "import os\nA = os.environ['A']\n"),
        ("app/settings.py", "import os\nB = os.environ['B']\n"),
        ("vendor/lib.py", "import os\nC = os.environ['C']\n"),
        ("tests/test_a.py", "import os\nD = os.environ['D']\n"),
    ]);
    assert_eq!(
        finding_paths(&dir.path().join("app"), &["check", "."]),
        ["settings.py"]
    );
    assert_eq!(finding_paths(dir.path(), &["check"]), ["app/settings.py"]);
}

#[test]
fn pyproject_tool_section_and_select() {
    let dir = project(&[
        (
            "pyproject.toml",
            "[project]\nname = 'x'\n[tool.credlint]\nignore = ['env/direct-access']\n",
        ),
        ("a.py", "import os\nos.getenv('A')\n"),
    ]);
    assert_eq!(credlint(dir.path(), &["check"]).status.code(), Some(0));
    assert_eq!(
        credlint(dir.path(), &["check", "--isolated"]).status.code(),
        Some(1)
    );
    assert_eq!(
        credlint(dir.path(), &["check", "--isolated", "--select", "secret"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn broken_configuration_is_a_clear_error() {
    let dir = project(&[("credlint.toml", "selct = ['env']\n"), ("a.py", "x = 1\n")]);
    let output = credlint(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("credlint.toml") && err.contains("unknown field `selct`"),
        "{err}"
    );

    let dir = project(&[(
        "credlint.toml",
        "[[rules]]\nid = 'acme'\nregex = 'acme_(['\nkeywords = ['acme_']\n",
    )]);
    let err = stderr(&credlint(dir.path(), &["check"]));
    assert!(
        err.contains("credlint.toml:3:9: rules[0].regex: invalid regex"),
        "{err}"
    );

    let err = stderr(&credlint(
        dir.path(),
        &["check", "--isolated", "--select", "secret/nope"],
    ));
    assert!(err.contains("`secret/nope` selects no rule"), "{err}");
}

#[test]
fn configuration_errors_never_quote_a_value() {
    let pasted = github_token(51);
    for (text, expected) in [
        (
            format!("[allowlist]\nvalues = ['{pasted}(']\n"),
            "credlint.toml:2:11: allowlist.values[0]: invalid regex",
        ),
        (
            format!("[[rules]]\nid = 'x'\nkeywords = ['x']\nregex = '{pasted}['\n"),
            "credlint.toml:4:9: rules[0].regex: invalid regex",
        ),
        (
            format!("# token: {pasted}\nselect = [\n"),
            "credlint.toml:3:1: select: invalid array",
        ),
        (
            format!("max-file-size = '{pasted}'\n"),
            "credlint.toml:1:17: max-file-size: invalid type: string, expected u64",
        ),
        (
            format!("ignore = ['{pasted}']\n"),
            "credlint.toml:1:11: ignore[0]: selects no rule",
        ),
        (
            "[allowlist]\nvalues = ['.*']\n".to_owned(),
            "credlint.toml:2:11: allowlist.values[0]: the regex matches the empty string",
        ),
    ] {
        let dir = project(&[("credlint.toml", &text), ("a.py", "x = 1\n")]);
        let output = credlint(dir.path(), &["check"]);
        assert_eq!(output.status.code(), Some(2));
        let err = stderr(&output);
        assert!(err.contains(expected), "{err}");
        assert!(!err.contains(&pasted[..12]), "{err}");
    }
}

#[test]
fn custom_token_rules_from_configuration() {
    let dir = project(&[
        (
            "credlint.toml",
            "[[rules]]\nid = 'acme-token'\nname = 'Acme API token'\nregex = '''\\b(acme_[a-z0-9]{24})\\b'''\nsecret_group = 1\nkeywords = ['acme_']\n",
        ),
        ("a.txt", "key: acme_k3v9q2m7x8p1z4w6r5t0ylmn\n"),
    ]);
    let output = credlint(dir.path(), &["check"]);
    assert!(
        stdout(&output)
            .contains("a.txt:1:6: error[secret/acme-token] Acme API token `ac…mn (29 chars)`"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn inline_suppressions() {
    let dir = project(&[(
        "a.py",
        "import os\nx = os.getenv('A')  # credlint: allow(env/direct-access)\n# credlint: allow\ny = os.getenv('B')\nz = os.getenv('C')  # credlint: allow(secret)\n",
    )]);
    let output = credlint(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let lines: Vec<u64> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["start"]["line"].as_u64().unwrap())
        .collect();
    // Line 5's `allow(secret)` silences nothing: it is reported unused.
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(lines, [5, 5]);
    assert_eq!(rules, ["env/direct-access", "credlint/unused-suppression"]);
}

#[test]
fn output_file() {
    let dir = project(&[("a.py", "import os\nos.getenv('A')\n")]);
    let output = credlint(
        dir.path(),
        &["check", "--format", "sarif", "--output", "out.sarif"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.sarif")).unwrap())
            .unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["ruleId"],
        "env/direct-access"
    );
}

#[test]
fn output_file_errors_name_the_file() {
    let dir = project(&[("a.py", "import os\nos.getenv('A')\n")]);
    let mut targets = vec!["missing/out.json"];
    if cfg!(target_os = "linux") {
        targets.push("/dev/full"); // opens, then every write fails
    }
    for target in targets {
        let output = credlint(
            dir.path(),
            &["check", "--format", "json", "--output", target],
        );
        assert_eq!(output.status.code(), Some(2), "{target}");
        assert!(stderr(&output).contains(target), "{}", stderr(&output));
    }
}

/// `--output` never replaces what the run reads or a file of the project:
/// `check -o app.py` (the report's name forgotten) wrote the report over
/// `app.py`, and `-o` naming the baseline replaced it. An earlier report
/// that git does not track is replaced as asked.
#[test]
fn output_never_replaces_a_scanned_or_tracked_file() {
    let source = "import os\nos.getenv('A')\n";
    let dir = project(&[("app.py", source), ("lib/b.py", "x = 1\n")]);
    git_init(dir.path());
    crate::common::commit(dir.path(), "init");
    let baseline = credlint(dir.path(), &["baseline", "-o", "bl.json"]);
    assert_eq!(baseline.status.code(), Some(0), "{}", stderr(&baseline));
    let recorded = std::fs::read_to_string(dir.path().join("bl.json")).unwrap();
    for args in [
        &["check", "-o", "app.py"][..],
        &["check", "-o", "lib/b.py", "."],
        &["check", "-o", "./app.py", "app.py"],
        &["check", "--baseline", "bl.json", "-o", "bl.json"],
        &["history", "-o", "app.py"],
        &["history", "--baseline", "bl.json", "-o", "bl.json"],
    ] {
        let output = credlint(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("name another file"),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("app.py")).unwrap(),
        source
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("lib/b.py")).unwrap(),
        "x = 1\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("bl.json")).unwrap(),
        recorded
    );
    // Outside git, a file named on the command line is still refused, and
    // so is one the run meets in a folder it walks (a14 #7: `check -o
    // app.py` with only the folder named replaced `app.py`), shown redacted.
    let named = format!("{}.py", github_token(950));
    let plain = project(&[("app.py", source), (named.as_str(), source)]);
    for args in [
        &["check", "-o", "app.py", "app.py"][..],
        &["check", "-o", "app.py"],
        &["check", "-o", "./app.py", "."],
        &["check", "-o", &named],
    ] {
        let output = credlint(plain.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = stderr(&output);
        assert!(err.contains("name another file"), "{err}");
        assert!(!err.contains(&named), "{err}");
        assert_eq!(stdout(&output), "");
    }
    let err = stderr(&credlint(plain.path(), &["check", "-o", "app.py"]));
    assert!(err.contains("app.py is a file this run scans"), "{err}");
    for name in ["app.py", named.as_str()] {
        let kept = std::fs::read_to_string(plain.path().join(name)).unwrap();
        assert_eq!(kept, source);
    }
    // An earlier report in the walked folder is replaced and not scanned,
    // in every format: the same command runs again.
    for format in [
        "text",
        "json",
        "sarif",
        "github",
        "gitlab",
        "markdown",
        "junit",
        "checkstyle",
    ] {
        let report = format!("report.{format}");
        for _ in 0..2 {
            let output = credlint(plain.path(), &["check", "--format", format, "-o", &report]);
            assert_eq!(
                output.status.code(),
                Some(1),
                "{format}: {}",
                stderr(&output)
            );
        }
        let written = std::fs::read_to_string(plain.path().join(&report)).unwrap();
        assert!(
            !written.contains(&report),
            "{format} scanned its earlier report: {written}"
        );
        std::fs::remove_file(plain.path().join(&report)).unwrap();
    }
    // An untracked earlier report is rewritten.
    write(dir.path(), "report.txt", "old report\n");
    let output = credlint(dir.path(), &["check", "-o", "report.txt", "app.py"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(report.contains("env/direct-access"), "{report}");
}

#[test]
fn a_closed_output_pipe_never_turns_findings_into_success() {
    let dir = project(&[
        ("a.py", "import os\nos.getenv('A')\n"),
        ("credlint.toml", "max-file-size = 40\n"),
        ("big.py", &"x = 1\n".repeat(10)),
    ]);
    // `credlint check | head -0`: the reader is gone before the report is
    // written; then `credlint check 2>&1 | head -0`, with a note for stderr.
    for close_stderr in [false, true] {
        let mut child = credlint_command(dir.path(), &["check", "a.py", "big.py"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        if close_stderr {
            drop(child.stderr.take());
        }
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        if !close_stderr {
            assert_eq!(
                stderr(&output),
                "credlint: note: big.py: 60 bytes is over the 40 byte limit (`max-file-size`): checked for provider tokens only\n",
                "a closed pipe is not worth a message"
            );
        }
    }
}

/// Symbolic links met in a walk are not followed, as by ripgrep and git,
/// and one note says so, naming the first and counting the others: they
/// were skipped without a word. A link named on the command line is
/// followed.
#[cfg(unix)]
#[test]
fn links_met_in_a_walk_are_not_followed_and_one_note_says_so() {
    let token = github_token(118);
    let dir = project(&[("real/app.py", &format!("T = \"{token}\"\n"))]);
    let outside = TempDir::new().unwrap();
    write(outside.path(), "secret.py", &format!("T = \"{token}\"\n"));
    let link = |target: &std::path::Path, name: &str| {
        std::os::unix::fs::symlink(target, dir.path().join(name)).unwrap();
    };
    link(&outside.path().join("secret.py"), "a_link.py");
    link(outside.path(), "b_folder");
    link(std::path::Path::new("real/app.py"), "c.py");
    let output = credlint(dir.path(), &["check", "."]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("note: skipped a_link.py: a symbolic link, not followed, nor 2 others"),
        "{err}"
    );
    assert_eq!(err.matches("symbolic link").count(), 1, "{err}");
    assert!(
        stdout(&output).contains("(1 file scanned)"),
        "{}",
        stdout(&output)
    );
    let output = credlint(dir.path(), &["check", "a_link.py"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("symbolic link"),
        "{}",
        stderr(&output)
    );
}

/// a26: a configuration file's name held by a folder, a FIFO or a link to
/// a device was passed over in silence, and the parent folder's
/// configuration (here `ignore = ["env"]`) or the defaults governed. It is
/// now a configuration error naming it (exit 2), never read (a FIFO would
/// wait for a writer forever).
#[cfg(unix)]
#[test]
fn a_configuration_name_that_is_no_regular_file_is_an_error() {
    let dir = project(&[
        ("credlint.toml", "ignore = [\"env\"]\n"),
        ("svc/app.py", "import os\nos.getenv('A')\n"),
    ]);
    let svc = dir.path().join("svc");
    type Make<'a> = &'a dyn Fn(&std::path::Path);
    let cases: [(&str, Make, &str); 3] = [
        (
            "credlint.toml",
            &|p| std::fs::create_dir(p).unwrap(),
            "a folder",
        ),
        (".credlint.toml", &|p| crate::common::fifo(p), "a FIFO"),
        (
            "pyproject.toml",
            &|p| std::os::unix::fs::symlink("/dev/null", p).unwrap(),
            "a character device",
        ),
    ];
    for (name, make, kind) in cases {
        let path = svc.join(name);
        make(&path);
        let output = output_within(
            credlint_command(dir.path(), &["check", "svc/app.py"]),
            Duration::from_secs(30),
        );
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(&format!("{name}: not a regular file ({kind})")),
            "{name}: {}",
            stderr(&output)
        );
        if path.is_dir() {
            std::fs::remove_dir(&path).unwrap();
        } else {
            std::fs::remove_file(&path).unwrap();
        }
    }
    let output = credlint(dir.path(), &["check", "svc/app.py"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// A FIFO, a socket and a device are never opened: reading a FIFO waits for
/// a writer forever.
#[cfg(unix)]
#[test]
fn fifos_sockets_and_devices_are_skipped_with_a_note_never_read() {
    let dir = project(&[("app.py", "import os\nos.getenv('A')\n")]);
    let fifo = dir.path().join("pipe.py");
    crate::common::fifo(&fifo);
    let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("sock.py")).unwrap();
    let runs: [(&[&str], &[&str]); 3] = [
        (
            &["check", "pipe.py", "app.py"],
            &["pipe.py: not a regular file (a FIFO)"],
        ),
        (
            &["check", "/dev/null", "sock.py", "app.py"],
            &[
                "/dev/null: not a regular file (a character device)",
                "sock.py: not a regular file (a socket)",
            ],
        ),
        (
            &["check"],
            &[
                "pipe.py: not a regular file (a FIFO)",
                "sock.py: not a regular file (a socket)",
            ],
        ),
    ];
    for (args, notes) in runs {
        let output = output_within(credlint_command(dir.path(), args), Duration::from_secs(30));
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        for note in notes {
            assert!(
                stderr(&output).contains(&format!("note: skipped {note}")),
                "{args:?}: {}",
                stderr(&output)
            );
        }
        assert!(
            stdout(&output).contains("app.py:2:1: warning[env/direct-access]"),
            "{}",
            stdout(&output)
        );
    }
}

/// An ignore file that is not a regular file (a `.gitignore` linked to
/// `/dev/zero`, which git stores and a clone recreates; a FIFO named
/// `.ignore`) is never read: reading one never ends. Its folder is not
/// walked, which is an error (exit 2), and the rest of the work goes on, in
/// every mode that walks or gathers project facts.
#[cfg(unix)]
#[test]
fn a_folder_whose_ignore_file_is_not_a_regular_file_is_refused_not_read() {
    let dir = crate::common::git_repo();
    write(dir.path(), "app.py", "import os\n");
    crate::common::git(dir.path(), &["add", "app.py"]);
    crate::common::commit(dir.path(), "first");
    write(dir.path(), "app.py", "import os\nos.getenv('A')\n");
    write(dir.path(), "sub/b.py", "import os\nos.getenv('B')\n");
    write(dir.path(), "other/c.py", "import os\nos.getenv('C')\n");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("sub/.gitignore")).unwrap();
    crate::common::fifo(&dir.path().join("other/.ignore"));
    for args in [
        &["check", "."][..],
        &["check", "app.py"],
        &["check", "--diff", "HEAD"],
    ] {
        let output = output_within(credlint_command(dir.path(), args), Duration::from_secs(60));
        let (out, err) = (stdout(&output), stderr(&output));
        assert!(
            out.contains("app.py:2:1: warning[env/direct-access]"),
            "{args:?}: {out}"
        );
        if args.len() == 2 && args[1] == "app.py" {
            assert_eq!(output.status.code(), Some(1), "{args:?}: {err}");
            continue;
        }
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            !out.contains("b.py") && !out.contains("c.py"),
            "{args:?}: {out}"
        );
        assert!(
            err.contains("sub: not walked: its ignore file `.gitignore` is a character device"),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("other: not walked: its ignore file `.ignore` is a FIFO"),
            "{args:?}: {err}"
        );
    }
}

/// A `.gitignore` linked to a regular file is read, wherever it is: dotfile
/// managers (GNU stow) link `~/.gitignore`, which a walk of a project below
/// it meets among the root's parents.
#[cfg(unix)]
#[test]
fn an_ignore_file_linked_to_a_regular_file_is_read() {
    let home = tempfile::tempdir().unwrap();
    write(home.path(), "dotfiles/gitignore", "*.swp\n");
    std::os::unix::fs::symlink("dotfiles/gitignore", home.path().join(".gitignore")).unwrap();
    let project = home.path().join("proj");
    write(&project, "app.py", "import os\nos.getenv('A')\n");
    write(&project, ".gitignore", "skipped/\n");
    write(&project, "skipped/b.py", "import os\nos.getenv('B')\n");
    std::os::unix::fs::symlink(".gitignore", project.join(".ignore")).unwrap();
    crate::common::git(&project, &["init", "-q", "."]);
    let output = output_within(
        credlint_command(&project, &["check"]),
        Duration::from_secs(60),
    );
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        out.contains("app.py:2:1: warning[env/direct-access]"),
        "{out}"
    );
    assert!(!out.contains("b.py"), "{out}");
}

/// A `.git` *file* (a worktree, a submodule) makes the `ignore` crate open
/// the `commondir` file its `gitdir:` names, then `info/exclude` in the
/// folder that names: each is judged before the crate opens it, so a FIFO
/// or `/dev/zero` there is refused instead of waited on or read for ever.
#[cfg(unix)]
#[test]
fn a_git_file_leading_to_a_special_exclude_file_is_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app.py", "import os\nos.getenv('A')\n");
    write(dir.path(), ".git", "gitdir: gd\n");
    crate::common::fifo(&dir.path().join("gd/commondir"));
    let check = || {
        output_within(
            credlint_command(dir.path(), &["check"]),
            Duration::from_secs(60),
        )
    };
    let refused = |why: &str| {
        let output = check();
        assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
        assert!(stderr(&output).contains(why), "{}", stderr(&output));
    };
    refused("not walked: its ignore file `gd/commondir` is a FIFO");
    std::fs::remove_file(dir.path().join("gd/commondir")).unwrap();
    write(dir.path(), "gd/commondir", "./c\n");
    std::fs::create_dir_all(dir.path().join("gd/c/info")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("gd/c/info/exclude")).unwrap();
    refused("`gd/c/info/exclude` is a character device");
    // An ordinary worktree layout is walked as usual.
    std::fs::remove_file(dir.path().join("gd/c/info/exclude")).unwrap();
    write(dir.path(), "gd/c/info/exclude", "ignored.py\n");
    write(dir.path(), "ignored.py", "import os\nos.getenv('B')\n");
    let output = check();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("app.py:2:1"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn rules_and_explain() {
    let dir = project(&[]);
    let output = credlint(dir.path(), &["rules"]);
    assert_eq!(output.status.code(), Some(0));
    let listing = stdout(&output);
    for id in [
        "secret/hardcoded-credential",
        "secret/connection-string",
        "env/direct-access",
        "secret/github-pat",
    ] {
        assert!(
            listing.lines().any(|l| l.starts_with(id)),
            "{id} missing from\n{listing}"
        );
    }
    assert!(
        listing.lines().filter(|l| l.starts_with("secret/")).count() >= 42,
        "{listing}"
    );

    let output = credlint(dir.path(), &["explain", "env/direct-access"]);
    assert_eq!(output.status.code(), Some(0));
    let doc = stdout(&output);
    assert!(
        doc.starts_with("env/direct-access (warning)\n\n## What it does\n"),
        "{doc}"
    );
    assert!(doc.contains("## How to fix"));

    let output = credlint(dir.path(), &["explain", "secret/nope"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown rule `secret/nope`"));
}

#[test]
fn no_format_prints_a_secret_in_full() {
    let token = github_token(3);
    let password = "Tr0ub4dor&3xK-q8Zr2LmK";
    let dir = project(&[(
        "a.py",
        &format!("T = \"{token}\"\nDB_PASSWORD = \"{password}\"\nURL = \"postgres://app:{password}@db/app\"\n"),
    )]);
    for format in ["text", "json", "sarif"] {
        let output = credlint(dir.path(), &["check", "--format", format]);
        assert_eq!(output.status.code(), Some(1));
        let all = format!("{}{}", stdout(&output), stderr(&output));
        assert!(
            !all.contains(&token) && !all.contains(password),
            "{format} leaks a secret:\n{all}"
        );
    }
}

#[test]
fn project_rules_read_pydantic_settings_fields() {
    let dir = project(&[
        ("credlint.toml", "extend-select = ['env']\n"),
        ("mcp_env.example", "OPENAI_API_KEY=your-key-here\nLEGACY_TOKEN=your-token-here\n"),
        (
            "settings.py",
            "from pydantic import SecretStr\nfrom pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n    openai_api_key: SecretStr\n    sentry_dsn: str = \"\"\n",
        ),
    ]);
    let found = finding_lines(dir.path(), &["check"]);
    assert_eq!(
        found,
        [
            "mcp_env.example:2 env/unused-template-variable",
            "settings.py:7 env/undocumented-variable"
        ]
    );
}

/// A text file over `max-file-size` (a recorded HTTP cassette) is still
/// checked for provider tokens, and only for them, with a note; a binary
/// one is skipped, and so is anything over the read limit, unread. A file
/// full of tokens reports a bounded number of them.
#[test]
fn oversized_text_is_checked_for_provider_tokens_only() {
    let token = github_token(5);
    let cassette = format!(
        "{{\"body\": \"{{\\\"token\\\": \\\"{token}\\\"}}\"}}\npassword = \"Zx8qP2vN7rT4kL9mW3sB6yH1\"\n{}",
        "{\"padding\": 1}\n".repeat(20)
    );
    let flood: String = (0..1500)
        .map(|i| format!("{} ", github_token(100 + i)))
        .collect();
    let dir = project(&[
        ("credlint.toml", "max-file-size = 200\n"),
        ("cassette.json", &cassette),
        ("flood.txt", &flood),
        ("small.py", "import os\nos.getenv('A')\n"),
    ]);
    let mut binary = vec![0u8, 1, 2, b'P', b'K'];
    binary.extend(token.as_bytes());
    binary.extend(vec![0u8; 300]);
    std::fs::write(dir.path().join("blob.bin"), binary).unwrap();
    // Sparse: over the read limit without writing 64 MiB.
    let huge = std::fs::File::create(dir.path().join("huge.json")).unwrap();
    huge.set_len(64 * 1024 * 1024 + 1).unwrap();
    let output = credlint(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let in_file = |name: &str| -> Vec<&str> {
        findings
            .iter()
            .filter(|f| f["path"] == name)
            .map(|f| f["rule"].as_str().unwrap())
            .collect()
    };
    // The token, not the `password = …` line: only the token check ran.
    assert_eq!(in_file("cassette.json"), ["secret/github-pat"]);
    assert_eq!(in_file("flood.txt").len(), 1000);
    assert_eq!(in_file("small.py"), ["env/direct-access"]);
    assert!(in_file("blob.bin").is_empty());
    let err = stderr(&output);
    let limit = "over the 200 byte limit (`max-file-size`)";
    for note in [
        format!("note: cassette.json: {} bytes is {limit}: checked for provider tokens only\n", cassette.len()),
        format!("note: flood.txt: {} bytes is {limit}: checked for provider tokens only (the first 1000 found; the rest of the file was not searched)\n", flood.len()),
        format!("note: skipped blob.bin: 345 bytes is {limit}\n"),
        "note: skipped huge.json: 67108865 bytes is over the 67108864 byte limit of the provider-token check (text over `max-file-size` gets that check only)\n".to_owned(),
    ] {
        assert!(err.contains(&note), "{note}\n{err}");
    }
    assert!(!err.contains(&token), "{err}");
    // The text report shows the token bare: the line around it was not
    // searched for the other secrets it may hold.
    let text = stdout(&credlint(dir.path(), &["check", "cassette.json"]));
    assert!(text.contains("error[secret/github-pat]"), "{text}");
    assert!(
        !text.contains(&token) && !text.contains("\"body\""),
        "{text}"
    );
}

/// Issue 9: the files options name (a baseline, a configuration, a
/// detect-secrets baseline, a gitleaks configuration) were read whole and
/// blocking: `/dev/zero` grew without end and a FIFO with no writer waited
/// forever. Each is refused with its path named and exit 2; so is a file
/// over the 64 MiB limit, named or found by discovery.
#[test]
fn files_named_by_options_are_never_read_from_a_fifo_a_device_or_without_end() {
    let dir = project(&[("app.py", "import os\nos.getenv('A')\n")]);
    git_init(dir.path());
    crate::common::commit(dir.path(), "start");
    crate::common::fifo(&dir.path().join("pipe.json"));
    // Sparse: 65 MiB that take no room.
    std::fs::File::create(dir.path().join("big.toml"))
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let runs: [&[&str]; 8] = [
        &["check", "app.py", "--baseline"],
        &["check", "app.py", "--config"],
        &[
            "baseline",
            "app.py",
            "-o",
            "out.json",
            "--from-detect-secrets",
        ],
        &["import", "gitleaks"],
        &["history", "--baseline"],
        &["history", "--config"],
        &["config", "--config"],
        &["audit", "--no-history", "--config"],
    ];
    for args in runs {
        for (path, why) in [
            ("pipe.json", "not a regular file (a FIFO)"),
            ("/dev/zero", "not a regular file (a character device)"),
            ("big.toml", "larger than 64 MiB"),
        ] {
            let mut all = args.to_vec();
            all.push(path);
            let output = output_within(credlint_command(dir.path(), &all), Duration::from_secs(30));
            let message = stderr(&output);
            assert_eq!(output.status.code(), Some(2), "{all:?}: {message}");
            assert!(message.contains(path), "{all:?}: {message}");
            assert!(message.contains(why), "{all:?}: {message}");
        }
    }
    assert!(!dir.path().join("out.json").exists());

    // Found by discovery: a configuration file over the limit is an error too.
    std::fs::rename(
        dir.path().join("big.toml"),
        dir.path().join("credlint.toml"),
    )
    .unwrap();
    let output = output_within(
        credlint_command(dir.path(), &["check", "app.py"]),
        Duration::from_secs(30),
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("credlint.toml") && stderr(&output).contains("larger than 64 MiB"),
        "{}",
        stderr(&output)
    );
}

/// Standard input is read up to the read limit, like a file: `check -`
/// given `/dev/zero` ends, with the input skipped as too large.
#[test]
fn standard_input_is_read_up_to_the_limit() {
    let dir = project(&[]);
    let mut child = credlint_command(dir.path(), &["check", "--stdin-filename", "x.py"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("check - < /dev/zero still running");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("skipped x.py"),
        "{}",
        stderr(&output)
    );
}

/// a13 #8: unmarked UTF-16 ending in padding (one stray NUL, a Ctrl-Z,
/// three NULs) is text, found like the same file ending in a stray `\n`.
#[test]
fn unmarked_utf16_ending_in_padding_is_text() {
    let dir = tempfile::TempDir::new().unwrap();
    let token = crate::common::github_token(81);
    for (name, tail) in [
        ("nl", &b"\n"[..]),
        ("nul", b"\0"),
        ("ctrlz", b"\x1a"),
        ("nul3", b"\0\0\0"),
    ] {
        let mut bytes: Vec<u8> = format!("GITHUB_TOKEN={token}\n")
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        bytes.extend(tail);
        std::fs::write(dir.path().join(format!("{name}.txt")), bytes).unwrap();
    }
    let mut lines = crate::common::finding_lines(dir.path(), &["check"]);
    lines.sort();
    assert_eq!(
        lines,
        [
            "ctrlz.txt:1 secret/github-pat",
            "nl.txt:1 secret/github-pat",
            "nul.txt:1 secret/github-pat",
            "nul3.txt:1 secret/github-pat"
        ]
    );
}

/// Text taken for binary hid its tokens with no note: UTF-16 without a
/// byte-order mark (what git writes for `working-tree-encoding=UTF-16LE`)
/// and Latin-1 text with one NUL byte are read as text now, in a walk and
/// when named; a binary file named on the command line gets a note.
#[test]
fn unmarked_utf16_and_latin1_with_a_nul_are_text_and_a_named_binary_gets_a_note() {
    let dir = tempfile::TempDir::new().unwrap();
    let token = crate::common::github_token(70);
    let utf16: Vec<u8> = format!("line\r\nGITHUB_TOKEN={token}\r\n")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(dir.path().join("w.txt"), utf16).unwrap();
    let mut latin1 = b"# caf\xe9\n\0\n".to_vec();
    latin1.extend(format!("GITHUB_TOKEN={token}\n").bytes());
    std::fs::write(dir.path().join("latin1.env"), latin1).unwrap();
    let binary: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .chain(*b"\0\0\0\x01")
        .collect();
    std::fs::write(dir.path().join("blob.bin"), binary).unwrap();
    for args in [&["check"][..], &["check", "w.txt", "latin1.env"]] {
        let mut lines = crate::common::finding_lines(dir.path(), args);
        lines.sort();
        assert_eq!(
            lines,
            [
                "latin1.env:3 secret/github-pat",
                "w.txt:2 secret/github-pat"
            ],
            "{args:?}"
        );
    }
    // Named, the binary gets a note (a walk still passes it silently).
    let output = crate::common::credlint(dir.path(), &["check", "blob.bin", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["skipped"][0]["path"], "blob.bin", "{report}");
    assert!(crate::common::stderr(&output).contains("skipped blob.bin: binary"));
    let output = crate::common::credlint(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["skipped"], serde_json::json!([]), "{report}");
}

/// A Rust file its crate root declares under `#[cfg(test)]` is test code
/// however it is checked: the whole tree, the file alone, `--staged` and
/// `--diff` judge it by its parent, which the workspace layer reads (a
/// `mod` under no test attribute stays application code).
#[test]
fn a_module_declared_under_cfg_test_is_test_code_checked_alone_or_with_its_crate() {
    let read = |name: &str| {
        format!("pub fn f() -> String {{\n    std::env::var(\"{name}\").unwrap_or_default()\n}}\n")
    };
    let dir = project(&[
        (
            "src/lib.rs",
            "mod app;\n#[cfg(test)]\nmod fakes;\nmod net {\n    #[cfg(test)]\n    mod mock;\n}\n",
        ),
        ("src/app.rs", &read("APP_PORT")),
        ("src/fakes.rs", &read("FAKE_HOST")),
        ("src/net/mock.rs", &read("MOCK_URL")),
    ]);
    let paths = |args: &[&str]| {
        let mut args = args.to_vec();
        args.extend(["--select", "env"]);
        finding_paths(dir.path(), &args)
    };
    assert_eq!(paths(&["check", "."]), ["src/app.rs"]);
    assert_eq!(paths(&["check", "src/fakes.rs"]), Vec::<String>::new());
    assert_eq!(paths(&["check", "src/net/mock.rs"]), Vec::<String>::new());
    assert_eq!(paths(&["check", "src/app.rs"]), ["src/app.rs"]);
    git_init(dir.path());
    crate::common::git(dir.path(), &["add", "."]);
    assert_eq!(paths(&["check", "--staged"]), ["src/app.rs"]);
    crate::common::commit(dir.path(), "crate");
    std::fs::write(dir.path().join("src/fakes.rs"), read("FAKE_PORT")).unwrap();
    std::fs::write(dir.path().join("src/app.rs"), read("APP_HOST")).unwrap();
    assert_eq!(paths(&["check", "--diff", "HEAD"]), ["src/app.rs"]);
    // Without the attribute, the same file is the program's.
    std::fs::write(dir.path().join("src/lib.rs"), "mod app;\nmod fakes;\n").unwrap();
    assert_eq!(paths(&["check", "src/fakes.rs"]), ["src/fakes.rs"]);
}
