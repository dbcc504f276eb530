//! What the reports show of the source: every secret-looking value hidden,
//! a bounded window of long lines, carets where the flagged text is, and
//! nothing a terminal, Markdown or a workflow command would interpret.

use crate::common::{
    credlint, fake_token, formats, github_token, leaked, planted_secrets, stdout, write, ALNUM,
    PLANTED_CONFIG,
};
use std::path::Path;

/// `credlint check` in `dir` in every format, each expected to exit 1 (the
/// tests plant a finding): the format and all it printed, stdout and stderr.
fn shown_in_every_format(dir: &Path) -> Vec<(String, String)> {
    formats()
        .into_iter()
        .map(|format| {
            let output = credlint(dir, &["check", "--format", &format]);
            assert_eq!(output.status.code(), Some(1), "{format}");
            let shown = format!("{}{}", stdout(&output), crate::common::stderr(&output));
            (format, shown)
        })
        .collect()
}

#[test]
fn no_format_shows_a_secret_that_shares_a_line_with_a_finding() {
    let dir = tempfile::TempDir::new().unwrap();
    write(dir.path(), "credlint.toml", PLANTED_CONFIG);
    let planted = planted_secrets(41);
    write(dir.path(), "app.py", &planted.text);
    let selections = [
        &[][..],
        &["--select", "env"],
        &["--ignore", "secret"],
        &["--show-suppressed"],
    ];
    for selection in selections {
        for format in formats() {
            let format = format.as_str();
            let mut args = vec!["check", "--format", format];
            args.extend_from_slice(selection);
            let output = credlint(dir.path(), &args);
            assert_eq!(output.status.code(), Some(1), "{args:?}");
            let shown = format!("{}{}", stdout(&output), crate::common::stderr(&output));
            assert_eq!(
                leaked(&shown, &planted.secrets),
                None,
                "{args:?} shows:\n{shown}"
            );
        }
    }
}

/// A notebook's code cells are JSON strings: a password passed beside an
/// environment read is an escaped literal there (`\"…\"`), still hidden in
/// every format, whether the notebook is indented or on one line.
#[test]
fn no_format_shows_a_password_beside_a_finding_in_a_notebook_cell() {
    let dir = tempfile::TempDir::new().unwrap();
    let password = fake_token("", ALNUM, 14, 43);
    let cell = serde_json::json!({
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "outputs": [],
        "source": [
            "import os\n",
            format!("db = connect(os.environ['DB_USER'], \"{password}\")\n"),
        ],
    });
    let notebook = serde_json::json!({
        "cells": [cell],
        "metadata": { "kernelspec": { "language": "python", "name": "python3" } },
        "nbformat": 4,
        "nbformat_minor": 5,
    });
    write(dir.path(), "one_line.ipynb", &notebook.to_string());
    write(
        dir.path(),
        "indented.ipynb",
        &serde_json::to_string_pretty(&notebook).unwrap(),
    );
    for (format, shown) in shown_in_every_format(dir.path()) {
        assert!(shown.contains("indented.ipynb"), "{format}: {shown}");
        assert_eq!(
            leaked(&shown, std::slice::from_ref(&password)),
            None,
            "{format} shows:\n{shown}"
        );
    }
}

/// A token or password pasted where an environment variable's name goes is
/// still a secret: the messages, fixes and fields that quote the variable
/// show its redacted form, in every format; ordinary names are quoted whole.
#[test]
fn no_format_quotes_a_secret_used_as_a_variable_name() {
    let dir = tempfile::TempDir::new().unwrap();
    let token = github_token(44);
    let password = fake_token("", ALNUM, 14, 45);
    write(
        dir.path(),
        "app.py",
        &format!(
            "import os\na = os.getenv(\"{token}\")\nb = os.environ[\"{password}\"]\nc = os.environ.get(\"DATABASE_URL\")\n"
        ),
    );
    write(
        dir.path(),
        "src/main.rs",
        &format!("fn main() {{\n    let a = std::env::var(\"{password}\");\n}}\n"),
    );
    let secrets = [token, password];
    for (format, shown) in shown_in_every_format(dir.path()) {
        assert!(shown.contains("DATABASE_URL"), "{format}: {shown}");
        assert_eq!(leaked(&shown, &secrets), None, "{format} shows:\n{shown}");
    }
}

/// A secret repeated where nothing marks it as one (a comment quoting the
/// password passed beside it, unquoted) is the same secret: hidden in every
/// format that shows the line.
#[test]
fn no_format_shows_a_secret_repeated_unquoted_on_a_shown_line() {
    let dir = tempfile::TempDir::new().unwrap();
    let password = fake_token("", ALNUM, 14, 46);
    write(
        dir.path(),
        "app.py",
        &format!(
            "import os\ndb = connect(os.environ[\"U\"], \"{password}\")  # was {password} before rotation\n"
        ),
    );
    for (format, shown) in shown_in_every_format(dir.path()) {
        assert_eq!(
            leaked(&shown, std::slice::from_ref(&password)),
            None,
            "{format} shows:\n{shown}"
        );
    }
}

/// An env file's value under a key no rule takes for a credential
/// (`API=<random>`) is still a setting's real value: a flagged line that
/// repeats it shows it redacted.
#[test]
fn no_format_shows_an_env_file_value_repeated_on_a_flagged_line() {
    let dir = tempfile::TempDir::new().unwrap();
    let value = fake_token("", ALNUM, 14, 47);
    let token = github_token(48);
    for name in [".env.example", ".env"] {
        write(
            dir.path(),
            name,
            &format!("API={value}\nexport TOKEN=\"{token}\" # and {value}\n"),
        );
    }
    for (format, shown) in shown_in_every_format(dir.path()) {
        assert_eq!(
            leaked(&shown, &[value.clone(), token.clone()]),
            None,
            "{format} shows:\n{shown}"
        );
    }
}

#[test]
fn thousands_of_findings_on_one_line_print_a_bounded_excerpt_each() {
    let dir = tempfile::TempDir::new().unwrap();
    let tokens: Vec<String> = (0..5000).map(github_token).collect();
    // A text file: JavaScript with such a line would be treated as minified.
    write(dir.path(), "tokens.txt", &format!("{}\n", tokens.join(" ")));
    let output = credlint(dir.path(), &["check", "--isolated", "tokens.txt"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert_eq!(text.matches("error[secret/github-pat]").count(), 5000);
    // About 600 bytes a finding, whatever the line's length (200 KB here).
    assert!(text.len() < 5000 * 1000, "{} bytes", text.len());
    assert_eq!(leaked(&text, &tokens[2500..2501]), None);
}

/// The text report's source line and caret line for the finding at `line:col`.
fn shown(dir: &Path, file: &str, location: &str) -> (String, String) {
    let text = stdout(&credlint(dir, &["check", "--isolated", file]));
    let mut lines = text.lines().skip_while(|l| !l.contains(location));
    let source = lines
        .nth(2)
        .unwrap_or_else(|| panic!("{location} in:\n{text}"));
    let carets = lines.next().unwrap();
    let (source, carets) = (
        source.split_once("| ").unwrap().1,
        carets.split_once("| ").unwrap().1,
    );
    (source.to_owned(), carets.to_owned())
}

/// The text under the carets, in display columns (every character here is one column wide).
fn underlined(source: &str, carets: &str) -> String {
    let start = carets.find('^').unwrap();
    let len = carets[start..].find(' ').unwrap_or(carets.len() - start);
    source.chars().skip(start).take(len).collect()
}

#[test]
fn carets_follow_redactions_from_earlier_lines_ascii_or_not() {
    let dir = tempfile::TempDir::new().unwrap();
    let body: Vec<String> = (0..4).map(|i| fake_token("", ALNUM, 64, 50 + i)).collect();
    let token = github_token(44);
    for (file, tail) in [("ascii.txt", "ok"), ("accents.txt", "déjà vu ✓")] {
        write(
            dir.path(),
            file,
            &format!(
                "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY----- token={token} {tail}\n",
                body.join("\n")
            ),
        );
        let (source, carets) = shown(dir.path(), file, &format!("{file}:6:"));
        assert!(
            source.starts_with('…') && source.ends_with(tail),
            "{source}"
        );
        let redacted = source.split_once("token=").unwrap().1;
        let redacted = redacted.strip_suffix(&format!(" {tail}")).unwrap();
        assert_eq!(
            underlined(&source, &carets),
            redacted,
            "\n{source}\n{carets}"
        );
        assert_eq!(leaked(&source, std::slice::from_ref(&token)), None);
    }
}

#[test]
fn carets_count_display_columns() {
    let dir = tempfile::TempDir::new().unwrap();
    write(
        dir.path(),
        "wide.py",
        "import os\nlabel = \"名前\"; home = os.environ[\"HOME\"]\n",
    );
    let (source, carets) = shown(dir.path(), "wide.py", "wide.py:2:");
    // The two ideographs take two columns each.
    let start = source.find("os.environ").unwrap();
    let columns = source[..start].chars().count() + 2;
    assert_eq!(carets.find('^'), Some(columns), "{source}\n{carets}");
}

#[test]
fn lone_carriage_returns_end_lines_and_a_bom_takes_no_column() {
    let dir = tempfile::TempDir::new().unwrap();
    let token = github_token(45);
    write(
        dir.path(),
        "mac.py",
        &format!("import os\rx = 1\ry = os.environ[\"A\"]  # credlint: allow\rt = \"{token}\"\r"),
    );
    write(dir.path(), "bom.py", &format!("\u{feff}t = \"{token}\"\n"));
    let findings =
        crate::common::json_findings(dir.path(), &["check", "--isolated", "--format", "json"]);
    let at: Vec<(String, u64, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["start"]["line"].as_u64().unwrap(),
                f["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        at,
        [("bom.py".into(), 1, 6), ("mac.py".into(), 4, 6)],
        "{findings:#?}"
    );
}

#[test]
fn terminal_output_escapes_control_characters() {
    let dir = tempfile::TempDir::new().unwrap();
    let name = "evil\x1b[2J\r.py";
    write(
        dir.path(),
        name,
        "import os\nx = os.environ[\"HOME\"]  # \x1b]0;pwned\x07\u{202e}\n",
    );
    let output = credlint(dir.path(), &["check", "--isolated"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        !text.contains(['\x1b', '\r', '\x07', '\u{202e}']),
        "{text:?}"
    );
    assert!(text.contains("evil\\u{1b}[2J\\u{d}.py:2:5:"), "{text}");
    assert!(text.contains("# \\u{1b}]0;pwned\\u{7}\\u{202e}"), "{text}");
    // Workflow commands go to a CI log, which a terminal-like viewer shows.
    let github = stdout(&credlint(
        dir.path(),
        &["check", "--isolated", "--format", "github"],
    ));
    assert!(!github.contains(['\x1b', '\x07', '\u{202e}']), "{github:?}");
    assert!(github.contains("file=evil\\u{1b}[2J%0D.py,"), "{github}");
    // XML cannot hold the escape even as a reference, and a Markdown cell
    // should not: both spell it out as the terminal does, so the name still
    // tells which file it was.
    for (format, shown) in [
        ("junit", "evil\\u{1b}[2J&#13;.py"),
        ("checkstyle", "evil\\u{1b}[2J&#13;.py"),
        ("markdown", "evil\\u{1b}[2J .py"),
    ] {
        let out = stdout(&credlint(
            dir.path(),
            &["check", "--isolated", "--format", format],
        ));
        assert!(!out.contains('\x1b'), "{format}: {out:?}");
        assert!(out.contains(shown), "{format}: {out}");
    }
}

/// On Unix a backslash is part of a file's name, not a separator: `a\b.py`
/// is shown as it is, not as `b.py` in a folder `a`.
#[cfg(unix)]
#[test]
fn a_backslash_in_a_name_is_shown_as_it_is() {
    let dir = tempfile::TempDir::new().unwrap();
    write(
        dir.path(),
        "a\\b.py",
        "import os\nx = os.environ[\"HOME\"]\n",
    );
    let text = stdout(&credlint(dir.path(), &["check", "--isolated"]));
    assert!(text.starts_with("a\\b.py:2:5:"), "{text}");
}

#[test]
fn markdown_and_workflow_commands_escape_their_metacharacters() {
    let dir = tempfile::TempDir::new().unwrap();
    let name = "a|b `c` *d* _e_ [f](g) <h> 50%,x:y.py";
    write(dir.path(), name, "import os\nx = os.environ[\"A|B*<i>\"]\n");

    let markdown = stdout(&credlint(
        dir.path(),
        &["check", "--isolated", "--format", "markdown"],
    ));
    let row = markdown.lines().find(|l| l.contains(":2:5")).unwrap();
    // Three cells: the pipes in the name and the variable are escaped, and
    // both sit in code spans fenced longer than any backtick run inside.
    assert_eq!(row.replace("\\|", "").matches('|').count(), 4, "{row}");
    assert!(
        row.starts_with("| ``a\\|b `c` *d* _e_ [f](g) <h> 50%,x:y.py:2:5`` |"),
        "{row}"
    );
    assert!(row.contains("`A\\|B*<i>`"), "{row}");

    let github = stdout(&credlint(
        dir.path(),
        &["check", "--isolated", "--format", "github"],
    ));
    assert!(
        github.starts_with(
            "::warning file=a|b `c` *d* _e_ [f](g) <h> 50%25%2Cx%3Ay.py,line=2,col=5,"
        ),
        "{github}"
    );
    assert_eq!(github.lines().count(), 1, "{github}");
}
