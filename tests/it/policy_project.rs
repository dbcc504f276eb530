//! The "policy in one page" sample project: silent as it is, and exactly one
//! finding per rule once the files in `fixtures/policy-project-broken` are
//! laid over it.

use crate::common::{credlint, finding_lines, git_init};
use pretty_assertions::assert_eq;
use std::path::Path;

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The sample project in a fresh git work tree, with a local `.env`.
fn project(layers: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    for layer in layers {
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures")
                .join(layer),
            dir.path(),
        );
    }
    git_init(dir.path());
    // Real values live in .env, which the project keeps out of git.
    std::fs::write(dir.path().join(".env"), "OPENAI_API_KEY=sk-local-value\n").unwrap();
    dir
}

#[test]
fn the_policy_following_project_is_silent() {
    let dir = project(&["policy-project"]);
    let output = credlint(dir.path(), &["check"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "No findings in 8 files.\n"
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn the_broken_copy_breaks_each_rule_once() {
    let dir = project(&["policy-project", "policy-project-broken"]);
    let found = finding_lines(dir.path(), &["check"]);
    assert_eq!(
        found,
        [
            ".env:1 env/dotenv-not-ignored",
            ".github/workflows/ci.yml:8 ci/secret-echoed",
            ".gitignore:1 env/dotenv-not-ignored",
            "app/client.py:8 secret/hardcoded-credential",
            "app/client.py:9 secret/github-pat",
            "app/client.py:10 secret/connection-string",
            "app/client.py:14 log/secret-logged",
            "app/client.py:19 env/direct-access",
            "mcp_app_settings.py:13 log/secret-in-repr",
            "mcp_app_settings.py:16 env/undocumented-variable",
            "mcp_env.example:4 env/template-real-value",
            "mcp_env.example:4 secret/connection-string",
            "mcp_env.example:6 env/unused-template-variable",
        ]
    );
}

/// The policy's own files turn its rules on: without any configuration,
/// the env template turns on the template rules and the `.env` file the
/// git check, so the broken copy breaks the same rules.
#[test]
fn the_policy_files_turn_the_policy_rules_on_without_configuration() {
    let dir = project(&["policy-project", "policy-project-broken"]);
    let configured = finding_lines(dir.path(), &["check"]);
    std::fs::remove_file(dir.path().join("credlint.toml")).unwrap();
    assert_eq!(finding_lines(dir.path(), &["check"]), configured);
    // One file at a time, as `git commit` and the editor see them.
    let template = finding_lines(dir.path(), &["check", "mcp_env.example"]);
    assert_eq!(
        template,
        [
            "mcp_env.example:4 env/template-real-value",
            "mcp_env.example:4 secret/connection-string",
            "mcp_env.example:6 env/unused-template-variable",
        ]
    );
}

/// The project's files under `dir` (not git's), relative to it, sorted.
fn files(dir: &Path, under: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(under).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.ends_with(".git") {
            files(dir, &path, out);
        } else if path.is_file() {
            let relative = path.strip_prefix(dir).unwrap();
            out.push(relative.to_str().unwrap().replace('\\', "/"));
        }
    }
    out.sort();
}

/// `git commit` checks only the files it commits, one or a few (the
/// project facts' walk is left out unless one of them needs it): each file
/// gets the findings the whole project's check gives it, alone or with the
/// others, with a configuration file anchoring the project or git alone.
#[test]
fn each_file_checked_alone_gets_the_whole_projects_findings() {
    let dir = project(&["policy-project", "policy-project-broken"]);
    for configured in [true, false] {
        if !configured {
            std::fs::remove_file(dir.path().join("credlint.toml")).unwrap();
        }
        let mut whole = finding_lines(dir.path(), &["check"]);
        whole.sort();
        let mut listed = Vec::new();
        files(dir.path(), dir.path(), &mut listed);
        let mut alone: Vec<String> = (listed.iter())
            .flat_map(|file| finding_lines(dir.path(), &["check", file]))
            .collect();
        alone.sort();
        assert_eq!(alone, whole, "configured: {configured}");
        let mut args = vec!["check"];
        args.extend(listed.iter().map(String::as_str));
        let mut together = finding_lines(dir.path(), &args);
        together.sort();
        assert_eq!(together, whole, "configured: {configured}");
    }
}

/// How many of `found` call a template entry unused.
fn unused_entries(found: &[String]) -> usize {
    (found.iter())
        .filter(|f| f.contains("env/unused-template-variable"))
        .count()
}

/// A template entry that code outside the settings module reads by name
/// is needed: the read is `env/direct-access`'s finding, and the template
/// rule does not also advise deleting the entry. An entry named only as
/// part of a longer name is still unused.
#[test]
fn a_template_entry_read_outside_the_settings_module_is_not_called_unused() {
    let dir = project(&["policy-project", "policy-project-broken"]);
    let write = |path: &str, text: &str| std::fs::write(dir.path().join(path), text).unwrap();
    write(
        "app/legacy.py",
        "import os\n\nTOKEN = os.environ.get('LEGACY_TOKEN_V2')\n",
    );
    assert_eq!(unused_entries(&finding_lines(dir.path(), &["check"])), 1);
    for (path, line, text) in [
        (
            "app/legacy.py",
            3,
            "import os\n\nTOKEN = os.environ.get('LEGACY_TOKEN')\n",
        ),
        (
            "app/legacy.rs",
            2,
            "fn token() -> Option<String> {\n    std::env::var(\"LEGACY_TOKEN\").ok()\n}\n",
        ),
    ] {
        std::fs::remove_file(dir.path().join("app/legacy.py")).ok();
        write(path, text);
        let found = finding_lines(dir.path(), &["check"]);
        assert!(
            found.contains(&format!("{path}:{line} env/direct-access")),
            "{found:?}"
        );
        assert_eq!(unused_entries(&found), 0, "{found:?}");
        // One file at a time too, as `git commit` and the editor see it.
        assert_eq!(
            unused_entries(&finding_lines(dir.path(), &["check", "mcp_env.example"])),
            0
        );
        std::fs::remove_file(dir.path().join(path)).unwrap();
    }
}

/// envy deserialises the environment into a struct whose field names are
/// the variables: a project that calls it reads its template's entries
/// through a library, and none is called unused. `use envy::Error` alone
/// reads nothing (checked: without the envy rule, the `from_env` case
/// reports the unused entry).
#[test]
fn a_project_reading_the_environment_with_envy_leaves_no_entry_unused() {
    let dir = project(&["policy-project", "policy-project-broken"]);
    let write = |text: &str| std::fs::write(dir.path().join("app/loader.rs"), text).unwrap();
    write("use envy::Error as EnvyError;\n\npub fn f() {}\n");
    assert_eq!(unused_entries(&finding_lines(dir.path(), &["check"])), 1);
    write("pub fn from_env() -> Result<Data, envy::Error> {\n    envy::prefixed(\"APP_\").from_env()\n}\n");
    assert_eq!(unused_entries(&finding_lines(dir.path(), &["check"])), 0);
    assert_eq!(
        unused_entries(&finding_lines(dir.path(), &["check", "mcp_env.example"])),
        0
    );
    // The same call in a settings module (`env.rs` is one by default).
    std::fs::remove_file(dir.path().join("app/loader.rs")).unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/env.rs"),
        "pub fn from_env() -> Result<Data, envy::Error> {\n    Ok(envy::from_env()?)\n}\n",
    )
    .unwrap();
    assert_eq!(unused_entries(&finding_lines(dir.path(), &["check"])), 0);
}

/// A project with neither an env template nor a `.env` file has not
/// adopted the convention: the project rules stay quiet.
#[test]
fn a_project_without_the_policy_files_gets_no_project_findings() {
    let dir = project(&["policy-project", "policy-project-broken"]);
    for file in ["credlint.toml", "mcp_env.example", ".env"] {
        std::fs::remove_file(dir.path().join(file)).unwrap();
    }
    let found = finding_lines(dir.path(), &["check"]);
    assert!(!found.is_empty());
    let project_rules: Vec<&String> = found
        .iter()
        .filter(|f| {
            f.contains("env/template-real-value")
                || f.contains("env/undocumented-variable")
                || f.contains("env/unused-template-variable")
                || f.contains("env/dotenv-not-ignored")
        })
        .collect();
    assert_eq!(project_rules, Vec::<&String>::new());
}
