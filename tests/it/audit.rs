//! `credlint audit` on throwaway git repositories: the checklist's verdicts,
//! their evidence (never a value), the history's part, and the exit code.

use crate::common::{commit, credlint, git, github_token, leaked, stdout, write};
use serde_json::Value;
use std::path::Path;

/// A project that follows the policy: a settings module fetching from a
/// secrets manager, a template listing what it reads, `.env` ignored.
fn policy_project(dir: &Path) {
    git(dir, &["init", "-q"]);
    write(
        dir,
        "mcp_app_settings.py",
        "import os\nimport boto3\n\nsecrets = boto3.client(\"secretsmanager\")\nAPI_KEY = os.environ[\"API_KEY\"]\n",
    );
    write(dir, "mcp_env.example", "API_KEY=your-api-key\n");
    write(dir, ".gitignore", ".env\n");
    write(
        dir,
        "app.py",
        "from mcp_app_settings import API_KEY\n\nprint(len(API_KEY))\n",
    );
    commit(dir, "policy");
}

/// An audited item: its words, status and evidence.
type Item = (String, String, Vec<String>);

/// The JSON audit: its items, the exit code and the output.
fn audit(dir: &Path, args: &[&str]) -> (Vec<Item>, i32, String) {
    let mut all = vec!["audit", "--format", "json"];
    all.extend_from_slice(args);
    let output = credlint(dir, &all);
    let shown = stdout(&output);
    let doc: Value = serde_json::from_str(&shown).unwrap_or_else(|e| panic!("{e}: {shown}"));
    let items = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["item"].as_str().unwrap().to_owned(),
                i["status"].as_str().unwrap().to_owned(),
                i["evidence"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect();
    (items, output.status.code().unwrap(), shown)
}

fn status<'a>(items: &'a [Item], starts: &str) -> &'a Item {
    items
        .iter()
        .find(|(item, ..)| item.starts_with(starts))
        .unwrap_or_else(|| panic!("no item {starts}: {items:?}"))
}

#[test]
fn a_project_that_follows_the_policy_passes_every_checkable_item() {
    let dir = tempfile::TempDir::new().unwrap();
    policy_project(dir.path());
    let (items, code, _) = audit(dir.path(), &[]);
    let statuses: Vec<&str> = items.iter().map(|(_, s, _)| s.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "pass",
            "pass",
            "pass",
            "pass",
            "pass",
            "pass",
            "needs-human",
            "needs-human",
            "needs-human",
            "needs-human"
        ],
        "{items:?}"
    );
    assert_eq!(code, 0);
    let manager = status(&items, "All secrets are stored");
    assert_eq!(
        manager.2,
        ["AWS Secrets Manager client: mcp_app_settings.py:4"]
    );
    let markdown = stdout(&credlint(dir.path(), &["audit", "--format", "markdown"]));
    assert_eq!(markdown.matches("- [x]").count(), 6, "{markdown}");
}

#[test]
fn a_dotenv_committed_once_and_a_deleted_secret_fail_with_their_commits() {
    let dir = tempfile::TempDir::new().unwrap();
    policy_project(dir.path());
    // A `.env` committed, then untracked and ignored: its values stay in
    // the history.
    write(dir.path(), ".env", "API_KEY=Zq8wL3xR9mTkPq2v\n");
    write(dir.path(), ".gitignore", "\n");
    commit(dir.path(), "oops");
    git(dir.path(), &["rm", "-q", "--cached", ".env"]);
    write(dir.path(), ".gitignore", ".env\n");
    // A token committed, then deleted.
    let token = github_token(77);
    write(dir.path(), "deploy.py", &format!("TOKEN = \"{token}\"\n"));
    commit(dir.path(), "token");
    std::fs::remove_file(dir.path().join("deploy.py")).unwrap();
    commit(dir.path(), "untrack and delete");

    let (items, code, shown) = audit(dir.path(), &[]);
    assert_eq!(code, 1, "{shown}");
    let dotenv = status(&items, "`.env` files");
    assert_eq!(dotenv.1, "fail");
    assert!(
        dotenv
            .2
            .iter()
            .any(|e| e.starts_with(".env was committed in ")),
        "{dotenv:?}"
    );
    let hardcoded = status(&items, "No secrets are hardcoded");
    assert_eq!(hardcoded.1, "fail");
    assert!(
        hardcoded
            .2
            .iter()
            .any(|e| e.starts_with("deploy.py:1 secret/github-pat (commit ")),
        "{hardcoded:?}"
    );
    assert_eq!(
        leaked(&shown, &[token.clone(), "Zq8wL3xR9mTkPq2v".into()]),
        None
    );

    // Without the history, today's files pass both items.
    let (items, code, _) = audit(dir.path(), &["--no-history"]);
    assert_eq!(status(&items, "`.env` files").1, "pass");
    assert_eq!(status(&items, "No secrets are hardcoded").1, "pass");
    assert_eq!(code, 0);
}

#[test]
fn missing_template_direct_reads_and_logged_secrets_fail() {
    let dir = tempfile::TempDir::new().unwrap();
    git(dir.path(), &["init", "-q"]);
    write(
        dir.path(),
        "app.py",
        "import os\n\npassword = os.environ[\"DB_PASSWORD\"]\nprint(password)\n",
    );
    commit(dir.path(), "app");
    let (items, code, _) = audit(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(status(&items, "All secrets are stored").1, "not-shown");
    let template = status(&items, "`mcp_env.example`");
    assert_eq!(template.1, "fail");
    assert!(template.2[0].starts_with("no env template"), "{template:?}");
    let reads = status(&items, "Application code reads");
    assert_eq!(
        (reads.1.as_str(), reads.2.as_slice()),
        ("fail", ["app.py:3 env/direct-access".to_owned()].as_slice())
    );
    let logs = status(&items, "Secrets are never printed");
    assert_eq!(logs.1, "fail");
    assert_eq!(logs.2, ["app.py:4 log/secret-logged"]);
}
