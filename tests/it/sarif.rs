//! SARIF output against the OASIS SARIF 2.1.0 schema.

use crate::common::{credlint, github_token, write};
use pretty_assertions::assert_eq;
use std::path::Path;

/// The OASIS schema, vendored so the check cannot pass by its absence.
const SCHEMA: &str = "tests/data/sarif-schema-2.1.0.json";

fn sarif_for_sample() -> serde_json::Value {
    let dir = tempfile::TempDir::new().unwrap();
    write(
        dir.path(),
        "src/app.py",
        &format!(
            "import os\nTOKEN = \"{}\"\nhome = os.environ['HOME']\n",
            github_token(7)
        ),
    );
    write(
        dir.path(),
        "conf/my settings.yaml",
        "password: Tr0ub4dor&3xK\n",
    );
    let output = credlint(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1));
    serde_json::from_slice(&output.stdout).unwrap()
}

pub(crate) fn validator() -> jsonschema::Validator {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA);
    let schema = std::fs::read_to_string(&schema_path)
        .unwrap_or_else(|e| panic!("{}: {e}", schema_path.display()));
    let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
    jsonschema::draft4::new(&schema).expect("the schema compiles")
}

/// With `--show-suppressed`, a silenced finding is a result with an
/// `inSource` suppression carrying the marker's reason, and the log still
/// validates.
#[test]
fn suppressed_findings_are_results_with_their_justification() {
    let dir = tempfile::TempDir::new().unwrap();
    write(
        dir.path(),
        "app.py",
        &format!(
            "TOKEN = \"{}\"  # credlint: allow(secret/github-pat) -- revoked test token\n",
            github_token(8)
        ),
    );
    let output = credlint(
        dir.path(),
        &["check", "--format", "sarif", "--show-suppressed"],
    );
    assert_eq!(output.status.code(), Some(0));
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "secret/github-pat");
    let suppression = &results[0]["suppressions"][0];
    assert_eq!(suppression["kind"], "inSource");
    assert_eq!(suppression["justification"], "revoked test token");
    let errors: Vec<String> = validator()
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert_eq!(errors, Vec::<String>::new());
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let sarif = sarif_for_sample();
    let validator = validator();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    // The validator does reject a broken log.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_results_carry_locations_rules_and_fingerprints() {
    let sarif = sarif_for_sample();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let summary: Vec<(String, String, u64, u64)> = results
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            (
                r["ruleId"].as_str().unwrap().to_owned(),
                location["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                location["region"]["startLine"].as_u64().unwrap(),
                location["region"]["startColumn"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "secret/hardcoded-credential".into(),
                "conf/my%20settings.yaml".into(),
                1,
                11
            ),
            ("secret/github-pat".into(), "src/app.py".into(), 2, 10),
            ("env/direct-access".into(), "src/app.py".into(), 3, 8),
        ]
    );
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(rules[index]["helpUri"]
            .as_str()
            .unwrap()
            .starts_with("https://"));
        assert!(rules[index]["help"]["text"]
            .as_str()
            .unwrap()
            .contains("## How to fix"));
        assert_eq!(
            result["partialFingerprints"]["credlint/v2"]
                .as_str()
                .unwrap()
                .len(),
            32
        );
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
            "%SRCROOT%"
        );
    }
    assert_eq!(run["columnKind"], "unicodeCodePoints");
}
