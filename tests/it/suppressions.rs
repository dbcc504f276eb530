//! Suppression comments as a user meets them on the command line: unused
//! ones reported and removed by `--fix`, `require-reason`, other scanners'
//! markers and `peer-markers`, `--statistics` and `--show-suppressed`.

use crate::common::{credlint, finding_lines, github_token, leaked, stderr, stdout, write};
use pretty_assertions::assert_eq;
use tempfile::TempDir;

fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, text) in files {
        write(dir.path(), name, text);
    }
    dir
}

const APP: &str = "import os\n\
home = os.environ[\"HOME\"]  # credlint: allow(env/direct-access) -- the shell's own\n\
timeout = 30  # credlint: allow(secret/hardcoded-credential)\n\
# credlint: allow -- nothing below needs it\n\
retries = 3\n\
user = os.environ[\"USER\"]  # credlint: allow(env)\n\
width = 80  # gitleaks:allow\n";

#[test]
fn unused_suppressions_are_warnings_judged_only_when_their_rules_ran() {
    let dir = project(&[("app.py", APP)]);
    assert_eq!(
        finding_lines(dir.path(), &["check"]),
        [
            "app.py:3 credlint/unused-suppression",
            "app.py:4 credlint/unused-suppression"
        ]
    );
    let output = credlint(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains(
        "app.py:3:17: warning[credlint/unused-suppression] `credlint: allow(secret/hardcoded-credential)` suppresses no finding; remove it"
    ), "{}", stdout(&output));
    // Only the secret rules ran: the bare allow (which could be for an
    // environment read) is not judged, the secret one is.
    assert_eq!(
        finding_lines(dir.path(), &["check", "--select", "secret,credlint"]),
        ["app.py:3 credlint/unused-suppression"]
    );
    // Only an environment rule ran: neither the secret allow nor the bare
    // one (which could be for a secret) is judged.
    assert_eq!(
        finding_lines(
            dir.path(),
            &["check", "--select", "env/direct-access,credlint"]
        ),
        Vec::<String>::new()
    );
    // The rule can be turned off like any other.
    assert_eq!(
        finding_lines(
            dir.path(),
            &["check", "--ignore", "credlint/unused-suppression"]
        ),
        Vec::<String>::new()
    );
}

#[test]
fn fix_removes_unused_suppressions_and_keeps_the_code() {
    let dir = project(&[("app.py", APP), ("clean.py", "x = 1\n")]);
    let output = credlint(dir.path(), &["check", "--fix"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("removed 2 unused suppression(s)"),
        "{}",
        stderr(&output)
    );
    let fixed = std::fs::read_to_string(dir.path().join("app.py")).unwrap();
    assert_eq!(
        fixed,
        "import os\n\
home = os.environ[\"HOME\"]  # credlint: allow(env/direct-access) -- the shell's own\n\
timeout = 30\n\
retries = 3\n\
user = os.environ[\"USER\"]  # credlint: allow(env)\n\
width = 80  # gitleaks:allow\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("clean.py")).unwrap(),
        "x = 1\n"
    );
    // Nothing left to fix.
    let again = credlint(dir.path(), &["check", "--fix"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(!stderr(&again).contains("removed"));
    // `--fix` edits the working tree only.
    let refused = credlint(dir.path(), &["check", "--fix", "--staged"]);
    assert_eq!(refused.status.code(), Some(2));
}

/// a24 #4: `--fix` wrote over the file in place, so a run killed mid-write
/// left it truncated. The new text is now renamed over it from a
/// temporary file: a reader that opened the file before sees the old text
/// whole (in place, it saw the new one), and nothing is left beside it.
/// The mode is kept, a symbolic link is written through, and hard links
/// keep sharing one text (such a file is written in place).
#[cfg(unix)]
#[test]
fn fix_replaces_a_file_whole_keeping_its_mode_and_links() {
    use std::io::Read;
    use std::os::unix::fs::PermissionsExt;
    let unused = "timeout = 30  # credlint: allow(secret/hardcoded-credential)\n";
    let dir = project(&[
        ("app.py", unused),
        ("real/target.py", unused),
        ("one.py", unused),
    ]);
    let path = |name: &str| dir.path().join(name);
    let mode = std::fs::Permissions::from_mode(0o640);
    std::fs::set_permissions(path("app.py"), mode).unwrap();
    std::os::unix::fs::symlink("real/target.py", path("link.py")).unwrap();
    std::fs::hard_link(path("one.py"), path("two.py")).unwrap();
    let mut before = std::fs::File::open(path("app.py")).unwrap();
    let output = credlint(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--fix",
            "app.py",
            "link.py",
            "two.py",
        ],
    );
    assert!(
        stderr(&output).contains("removed 3 unused suppression(s)"),
        "{}",
        stderr(&output)
    );
    let mut seen = String::new();
    before.read_to_string(&mut seen).unwrap();
    assert_eq!(seen, unused, "a reader saw the file rewritten in place");
    for name in ["app.py", "real/target.py", "one.py", "two.py"] {
        assert_eq!(
            std::fs::read_to_string(path(name)).unwrap(),
            "timeout = 30\n"
        );
    }
    let metadata = std::fs::metadata(path("app.py")).unwrap();
    assert_eq!(metadata.permissions().mode() & 0o777, 0o640);
    assert!(std::fs::symlink_metadata(path("link.py"))
        .unwrap()
        .file_type()
        .is_symlink());
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["app.py", "link.py", "one.py", "real", "two.py"]);
}

/// Text that looks like a marker inside a string or a value (a quoted
/// dotenv value, a docstring, a TOML multi-line string, a YAML block or
/// quoted scalar) is data: `--fix` leaves every byte of those files, while
/// a real unused marker in the same run is removed.
#[test]
fn fix_never_edits_a_marker_lookalike_inside_a_string() {
    let data: [(&str, &str); 28] = [
        (".env", "A=\"v # credlint: allow(secret)\"\n"),
        (
            "s2.py",
            "DOC = \"\"\"\nline # credlint: allow(env) -- r\n\"\"\"\n",
        ),
        (
            "s8.py",
            "x = \"\"\"\n# credlint: allow(secret) -- r\n\"\"\"\n",
        ),
        (
            "s14.toml",
            "[x]\nk = \"\"\"\n# credlint: allow(secret)\n\"\"\"\n",
        ),
        ("s3.yaml", "a: |\n  text # credlint: allow(secret) -- r\n"),
        ("s15.yaml", "k: \"a\n  # credlint: allow(secret)\n  b\"\n"),
        ("s16.sh", "cat <<EOF\n# credlint: allow(secret)\nEOF\n"),
        // Backslash-quoted here-document delimiters (a10 #1).
        (
            "s22.sh",
            "cat > .env <<\\EOF\n# credlint: allow(secret)\nEOF\n",
        ),
        (
            "s23.sh",
            "cat <<-\\EOF\n\t# credlint: allow(secret)\n\tEOF\n",
        ),
        (
            "s17.rs",
            "const S: &str = r#\"\n// credlint: allow(secret)\n\"#;\n",
        ),
        // Quotes nested in a command substitution between double quotes.
        (
            "s18.sh",
            "echo \"$(echo \"k # credlint: allow(secret/jwt)\")\"\n",
        ),
        // A string nested in an f-string's replacement field.
        (
            "s19.py",
            "g = f\"{'''\n# credlint: allow(secret/jwt)\n'''}\"\n",
        ),
        // A mid-line `#` is an argument in a Dockerfile, a word's in a
        // recipe, and glued to a word it opens nothing in other text.
        ("Dockerfile", "RUN echo b#credlint: allow(secret/jwt)\n"),
        ("Makefile", "all:\n\t@echo a#credlint: allow\n"),
        // Dockerfile here-documents in every quoting BuildKit reads.
        (
            "a.dockerfile",
            "FROM x\nRUN <<\\EOF\n# credlint: allow(secret)\nEOF\n",
        ),
        (
            "b.dockerfile",
            "FROM x\nCOPY <<E\"O\"F /f\n# credlint: allow(secret)\nEOF\n",
        ),
        (
            "c.dockerfile",
            "FROM x\nRUN <<END.TXT cat\nEND\n# credlint: allow(secret)\nEND.TXT\n",
        ),
        ("notes.txt", "echo b#credlint: allow(secret/jwt)\n"),
        // A here-document inside a command substitution between quotes.
        (
            "s21.sh",
            "x=\"$(cat <<EOF\na\"b\n# credlint: allow(secret)\nEOF\n)\"\n",
        ),
        // A make variable's value keeps the blanks before a comment.
        ("vars.mk", "X = a  # credlint: allow(secret)\n"),
        ("s20.mk", "define T\n# credlint: allow(secret)\nendef\n"),
        // A rule's recipe after `;`, a block scalar after an anchor, an
        // unquoted parameter expansion (issue 9).
        (
            "inline.mk",
            "all: ; @echo \"keep # credlint: allow(env) -- r\"\n",
        ),
        (
            "ci.yaml",
            "jobs:\n  - run: &build |\n      # credlint: allow(env) -- r\n",
        ),
        (
            "greet.sh",
            "echo ${GREETING:-hello # credlint: allow(env) -- r}\n",
        ),
        // Formats without a lexer: a marker is never judged there.
        ("app.ini", "[s]\nkey = abc # credlint: allow(env) -- r\n"),
        ("app.properties", "key = abc # credlint: allow(env) -- r\n"),
        ("setup.cfg", "[s]\nkey = abc ; credlint: allow(env) -- r\n"),
        ("app.js", "let a = 1; // credlint: allow(env) -- r\n"),
    ];
    let mut files = data.to_vec();
    files.push(("real.py", "timeout = 30  # credlint: allow(secret)\n"));
    // Another tool's pragma after the reason stays.
    files.push((
        "pragma.py",
        "import os  # credlint: allow(secret/jwt) -- legacy  # noqa: F401\n",
    ));
    // A comment line the line above runs on into keeps its opener.
    files.push((
        "continued.sh",
        "echo a \\\n  # credlint: allow(secret)\necho b\n",
    ));
    let dir = project(&files);
    let output = credlint(dir.path(), &["check", "--isolated", "--fix", "."]);
    assert!(
        stderr(&output).contains("removed 3 unused suppression(s)"),
        "{}",
        stderr(&output)
    );
    for (name, text) in data {
        assert_eq!(
            std::fs::read(dir.path().join(name)).unwrap(),
            text.as_bytes(),
            "{name}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("real.py")).unwrap(),
        "timeout = 30\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pragma.py")).unwrap(),
        "import os  # noqa: F401\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("continued.sh")).unwrap(),
        "echo a \\\n  #\necho b\n"
    );
    // None of them is reported either.
    assert_eq!(
        finding_lines(dir.path(), &["check", "--isolated", "."])
            .iter()
            .filter(|l| l.ends_with("credlint/unused-suppression"))
            .count(),
        0
    );
}

/// a10 #22: `--fix` deleted the whole line of an unused marker opening a
/// multi-line Rust block comment, and the comment's tail became code.
#[test]
fn fix_keeps_a_multi_line_block_comment_whole() {
    let main = "fn main() {\n    /* credlint: allow -- this block explains\n       why z is three */ let z = 3;\n    println!(\"{}\", z);\n}\n";
    let dir = project(&[("src/main.rs", main)]);
    let output = credlint(dir.path(), &["check", "--isolated", "--fix", "."]);
    assert!(
        stderr(&output).contains("removed 1 unused suppression(s)"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/main.rs")).unwrap(),
        "fn main() {\n    /*\n       why z is three */ let z = 3;\n    println!(\"{}\", z);\n}\n"
    );
}

#[test]
fn require_reason_reports_suppressions_without_one() {
    let token = github_token(7);
    let app = format!(
        "import os\n\
home = os.environ[\"HOME\"]  # credlint: allow(env/direct-access)\n\
TOKEN = \"{token}\"  # credlint: allow(secret) -- revoked, quoted in the postmortem\n"
    );
    let dir = project(&[("app.py", &app)]);
    assert_eq!(finding_lines(dir.path(), &["check"]), Vec::<String>::new());
    write(dir.path(), "credlint.toml", "require-reason = true\n");
    assert_eq!(
        finding_lines(dir.path(), &["check"]),
        ["app.py:2 credlint/suppression-without-reason"]
    );
}

#[test]
fn peer_markers_silence_secrets_until_turned_off() {
    let app = "DB_PASSWORD = \"Tr0ub4dor&3xKq9\"  # nosec B105\n\
API_PASSWORD = \"Tr0ub4dor&3xKq8\"  # noqa: S105\n\
# pragma: allowlist nextline secret\n\
SMTP_PASSWORD = \"Tr0ub4dor&3xKq7\"\n\
KEY_PASSWORD = \"Tr0ub4dor&3xKq6\"  # trufflehog:ignore\n";
    let dir = project(&[("app.py", app)]);
    assert_eq!(finding_lines(dir.path(), &["check"]), Vec::<String>::new());
    write(dir.path(), "credlint.toml", "peer-markers = false\n");
    assert_eq!(
        finding_lines(dir.path(), &["check"]),
        [
            "app.py:1 secret/hardcoded-credential",
            "app.py:2 secret/hardcoded-credential",
            "app.py:4 secret/hardcoded-credential",
            "app.py:5 secret/hardcoded-credential"
        ]
    );
}

#[test]
fn statistics_count_findings_per_rule() {
    let dir = project(&[(
        "app.py",
        "import os\na = os.environ[\"A\"]\nb = os.environ[\"B\"]\nc = 1  # credlint: allow(env)\n",
    )]);
    let output = credlint(dir.path(), &["check", "--statistics"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "2  env/direct-access            direct access\n\
1  credlint/unused-suppression  unused suppression\n\
Found 3 finding(s) of 2 rule(s) in 1 file(s) (1 scanned).\n"
    );
    let output = credlint(dir.path(), &["check", "--statistics", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rows[0]["rule"], "env/direct-access");
    assert_eq!(rows[0]["count"], 2);
    let refused = credlint(dir.path(), &["check", "--statistics", "--format", "sarif"]);
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn show_suppressed_lists_reasons_and_never_a_secret() {
    let token = github_token(11);
    let quoted = github_token(12);
    // The token quoted in the reason is a finding of its own, silenced by
    // the same comment: three suppressed findings.
    let app = format!(
        "TOKEN = \"{token}\"  # credlint: allow(secret) -- revoked; it replaced {quoted}\n\
OTHER = \"{quoted}\"  # gitleaks:allow\n"
    );
    let dir = project(&[("app.py", &app)]);
    let plain = credlint(dir.path(), &["check"]);
    assert_eq!(plain.status.code(), Some(0));
    assert!(!stdout(&plain).contains("Suppressed"));
    let output = credlint(dir.path(), &["check", "--show-suppressed"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("Suppressed (3):"), "{text}");
    assert!(
        text.contains("= suppressed by `credlint: allow`: revoked; it replaced ghp_…"),
        "{text}"
    );
    assert!(
        text.contains("= suppressed by `gitleaks:allow`: no reason given"),
        "{text}"
    );
    let json = credlint(
        dir.path(),
        &["check", "--show-suppressed", "--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["suppressed"][0]["rule"], "secret/github-pat");
    assert_eq!(report["suppressed"][0]["suppressed_by"], "credlint: allow");
    for shown in [text, stdout(&json)] {
        assert_eq!(
            leaked(&shown, &[token.clone(), quoted.clone()]),
            None,
            "{shown}"
        );
    }
}

/// A reason is prose in a comment, where no rule looks for a value: a
/// password written there as `key: value`, `key=value` or quoted is hidden
/// as a source line shown in a report would hide it, in every format that
/// lists suppressed findings.
#[test]
fn show_suppressed_hides_a_password_quoted_in_a_reason() {
    let token = github_token(13);
    let passwords: Vec<String> = (14..17)
        .map(|seed| crate::common::fake_token("", crate::common::ALNUM, 14, seed))
        .collect();
    let reasons = [
        format!("old password: {}", passwords[0]),
        format!("was api_key={}", passwords[1]),
        format!("it replaced \"{}\"", passwords[2]),
    ];
    let app: String = reasons
        .iter()
        .map(|reason| format!("TOKEN = \"{token}\"  # credlint: allow(secret) -- {reason}\n"))
        .collect();
    let dir = project(&[("app.py", &app)]);
    for format in ["text", "json", "sarif"] {
        let output = credlint(
            dir.path(),
            &["check", "--show-suppressed", "--format", format],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let shown = stdout(&output);
        assert!(shown.contains("old password: "), "{format}: {shown}");
        assert_eq!(leaked(&shown, &passwords), None, "{format}: {shown}");
    }
}

/// A Dockerfile here-document's body is data as BuildKit reads it: a
/// marker in it silences nothing, in every quoting of the delimiter
/// (`<<\EOF` and `<<E"O"F` opened none, so a marker in the body silenced
/// the token below it), and a `<<` outside `RUN`, `COPY` and `ADD` opens
/// none (one in `ENV` made a later body's marker a comment).
#[test]
fn dockerfile_here_document_bodies_silence_nothing() {
    let token = github_token(90);
    let mut files = Vec::new();
    for (name, opener, close) in [
        ("a.dockerfile", "RUN <<\\EOF", "EOF"),
        ("b.dockerfile", "RUN <<-\\EOF", "\tEOF"),
        ("c.dockerfile", "COPY <<E\"O\"F /app/.env", "EOF"),
        ("d.dockerfile", "ADD <<END.TXT /app/.env\nEND", "END.TXT"),
        ("e.dockerfile", "ENV A=<<EOF\nRUN <<EOT\nEOF", "EOT"),
    ] {
        let text =
            format!("FROM x\n{opener}\n# credlint: allow(secret)\nGITHUB_TOKEN={token}\n{close}\n");
        files.push((name, text));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let dir = project(&files);
    let lines = finding_lines(dir.path(), &["check", "--isolated", "."]);
    for (name, text) in &files {
        let line = text
            .lines()
            .position(|l| l.starts_with("GITHUB_TOKEN"))
            .unwrap()
            + 1;
        assert!(
            lines.contains(&format!("{name}:{line} secret/github-pat")),
            "{name}: {lines:?}"
        );
    }
}
