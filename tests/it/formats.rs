//! Every report format, pinned by a golden file, and none leaks a secret.
//! Run with `CREDLINT_BLESS=1` to rewrite the golden files.

use crate::common::{credlint, github_token, write};
use pretty_assertions::assert_eq;
use std::path::Path;

const PASSWORD: &str = "Tr0ub4dor&3xK-q8Zr2LmK";

fn project() -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    write(
        dir.path(),
        "src/app.py",
        &format!(
            "import os\n\nTOKEN = \"{}\"\nhome = os.environ[\"HOME\"]\n",
            github_token(31)
        ),
    );
    write(
        dir.path(),
        "deploy/values.yaml",
        &format!("db:\n  password: \"{PASSWORD}\"\n  url: postgres://app:{PASSWORD}@db/app\n"),
    );
    write(dir.path(), "clean.rs", "fn main() {}\n");
    dir
}

#[test]
fn every_format_matches_its_golden_file_and_redacts() {
    let dir = project();
    let root = dir.path().canonicalize().unwrap();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut stale = Vec::new();
    for (format, extension) in [
        ("text", "txt"),
        ("json", "json"),
        ("sarif", "sarif"),
        ("github", "txt"),
        ("gitlab", "json"),
        ("markdown", "md"),
        ("junit", "xml"),
        ("checkstyle", "xml"),
    ] {
        let output = credlint(&root, &["check", "--format", format]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let text = String::from_utf8(output.stdout)
            .unwrap()
            .replace(&root.display().to_string(), "<ROOT>");
        assert!(
            !text.contains(&github_token(31)) && !text.contains(PASSWORD),
            "{format} leaks a secret:\n{text}"
        );
        let path = golden.join(format!("report.{format}.{extension}"));
        if std::env::var_os("CREDLINT_BLESS").is_some() {
            std::fs::create_dir_all(&golden).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).unwrap_or_default() != text {
            stale.push((format, text));
        }
    }
    // Shown one by one so a diff is readable; run with CREDLINT_BLESS=1 after a deliberate change.
    for (format, text) in stale {
        let expected = std::fs::read_to_string(golden.join(format!(
            "report.{format}.{}",
            match format {
                "text" | "github" => "txt",
                "json" | "gitlab" => "json",
                "sarif" => "sarif",
                "markdown" => "md",
                _ => "xml",
            }
        )))
        .unwrap_or_default();
        assert_eq!(expected, text, "{format}");
    }
}

#[test]
fn quiet_prints_findings_only_and_exit_zero_succeeds() {
    let dir = project();
    let output = credlint(dir.path(), &["check", "--quiet", "--exit-zero"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("error[secret/github-pat]"));
    assert!(!text.contains("Found "), "{text}");
}
