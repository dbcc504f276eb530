//! Baselines: record, filter, survive moved lines, prune, import detect-secrets.

use crate::common::{credlint, github_token, json_findings, stderr, write};
use pretty_assertions::assert_eq;
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
