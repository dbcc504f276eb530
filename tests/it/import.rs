//! `credlint import gitleaks`: a dozen rules in gitleaks' documented format
//! (`tests/data/gitleaks.toml`) converted, loaded as credlint's own
//! configuration and run on fake tokens of each format.

use crate::common::{credlint, fake_token, json_findings, stderr, stdout, write, ALNUM};
use pretty_assertions::assert_eq;
use std::path::Path;

const LOWER_HEX: &str = "0123456789abcdef";
const LOWER_ALNUM: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

fn gitleaks_config() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/gitleaks.toml"
    ))
}

#[test]
fn imported_rules_find_their_tokens_and_keep_their_allowlists() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = gitleaks_config().to_str().unwrap();
    let output = credlint(dir.path(), &["import", "gitleaks", file]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    write(dir.path(), "credlint.toml", &stdout(&output));

    let acme = fake_token("acme_", LOWER_ALNUM, 32, 1);
    let zenith = fake_token("zenith-sk-", ALNUM, 40, 2);
    let orbit = fake_token("whsec_orbit_", ALNUM, 24, 3);
    let nimbus = fake_token("", UPPER_ALNUM, 20, 4);
    let kappa = fake_token("kappa.", ALNUM, 28, 5);
    let quasar = fake_token("qsr_", LOWER_HEX, 40, 6);
    let lines = [
        format!("ACME = \"{acme}\""),
        format!("ZENITH = \"{zenith}\""),
        format!("ORBIT = \"{orbit}\""),
        format!("nimbus_key = \"{nimbus}\""),
        format!("KAPPA = \"{kappa}\""),
        // Carried over without its path regex: runs on every file.
        format!("QUASAR = \"{quasar}\""),
        // Allowlisted: the rule's own pattern and stopword, the global value.
        format!("ORBIT_DOC = \"whsec_orbit_{}\"", "0".repeat(24)),
        format!("ORBIT_SAMPLE = \"whsec_orbit_sample{}\"", &orbit[18..]),
        format!("ACME_ZERO = \"acme_{}\"", "0".repeat(32)),
    ];
    write(dir.path(), "tokens.txt", &(lines.join("\n") + "\n"));
    let findings = json_findings(
        dir.path(),
        &[
            "check",
            "tokens.txt",
            "--format",
            "json",
            "--select",
            "secret",
        ],
    );
    let found: Vec<(u64, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["start"]["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (1, "secret/acme-api-token"),
            (2, "secret/zenith-service-key"),
            (3, "secret/orbit-webhook-secret"),
            (4, "secret/nimbus-access-key"),
            (5, "secret/kappa-token"),
            (6, "secret/quasar-token"),
        ]
    );
    // The secret group is what is redacted and reported, not the prefix.
    let acme_finding = &findings[0];
    assert!(!acme_finding.to_string().contains(&acme), "{acme_finding}");
}

#[test]
fn what_is_not_carried_over_is_listed_and_no_file_is_overwritten() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = gitleaks_config().to_str().unwrap();
    let output = credlint(dir.path(), &["import", "gitleaks", file]);
    let listed = stderr(&output);
    for expected in [
        "rule `quasar-token`: `path`",
        "rule `helix-pat` allowlist: `regexes` on the whole match or line",
        "rule `vortex-key` allowlists[0]: `condition = \"AND\"`",
        "rule `pkcs12-file`: no `regex`",
        "rule `catch-all-hex`: no `keywords`",
        "rule `lookbehind-secret`: its regex",
        "[allowlist]: `paths`",
        "[allowlist]: `commits`",
        "imported 9 rules; 8 items not carried over",
    ] {
        assert!(listed.contains(expected), "{expected} in\n{listed}");
    }
    // A team's copy of a built-in rule is kept apart, not replacing it.
    assert!(stdout(&output).contains("id = \"gitleaks-github-pat\""));

    write(dir.path(), "credlint.toml", "# the team's own\n");
    let output = credlint(
        dir.path(),
        &["import", "betterleaks", file, "--output", "credlint.toml"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("never overwritten"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("credlint.toml")).unwrap(),
        "# the team's own\n"
    );
    let output = credlint(
        dir.path(),
        &["import", "betterleaks", file, "--output", "imported.toml"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(dir.path().join("imported.toml"))
        .unwrap()
        .contains("[[rules]]"));
}

/// Issue 9: a regex credlint's regex crate does not compile (a look-around,
/// a back-reference, one matching the empty string) was carried into
/// `allowlist.values` or a rule's `allow`, and the configuration written
/// then failed to load. Each is listed as not carried over, by position and
/// never by value, and what is written loads.
#[test]
fn regexes_credlint_cannot_compile_are_listed_and_the_result_loads() {
    let dir = tempfile::TempDir::new().unwrap();
    write(
        dir.path(),
        "gitleaks.toml",
        r#"
[[rules]]
id = "acme-token"
regex = '''acme_([a-z0-9]{32})'''
keywords = ["acme_"]
[[rules.allowlists]]
regexes = ['''^acme_0+$''', '''(?<!x)acme_1''', '''(a)\1''']
stopwords = ["", "example"]
[[rules]]
id = "wrong-group"
regex = '''wrong_[a-z]{8}'''
keywords = ["wrong_"]
secretGroup = 2
[[rules]]
id = "empty-match"
regex = '''z*'''
keywords = ["z"]
[allowlist]
regexes = ['''(?=sekret)xyz''', '''^dummy[0-9]+$''', '''a|''']
"#,
    );
    let output = credlint(dir.path(), &["import", "gitleaks", "gitleaks.toml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let listed = stderr(&output);
    for expected in [
        "rule `acme-token` allowlists[0]: `regexes[1]`",
        "rule `acme-token` allowlists[0]: `regexes[2]`",
        "rule `acme-token` allowlists[0]: `stopwords[0]`",
        "rule `wrong-group`: `secretGroup = 2`",
        "rule `empty-match`: its regex",
        "[allowlist]: `regexes[0]`",
        "[allowlist]: `regexes[2]`",
    ] {
        assert!(listed.contains(expected), "{expected} in\n{listed}");
    }
    assert!(!listed.contains("sekret"), "{listed}");
    let config = stdout(&output);
    assert!(config.contains("^dummy[0-9]+$"), "{config}");
    assert!(config.contains("^acme_0+$"), "{config}");
    assert!(!config.contains("(?="), "{config}");
    assert!(!config.contains("(?<!"), "{config}");
    write(dir.path(), "credlint.toml", &config);
    write(dir.path(), "app.py", "x = 1\n");
    let output = credlint(dir.path(), &["check", "app.py"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}
