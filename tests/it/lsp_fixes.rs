//! Quick fixes over real stdio, applied as a client applies them: the
//! defects seen applying every offered fix by hand in an editor.

use crate::common::{github_token, write};
use crate::lsp::{apply_workspace_edit, uri, Files, Server};
use pretty_assertions::assert_eq;
use serde_json::{json, Value};
use std::path::Path;

fn actions(server: &mut Server, path: &Path, line: u64, character: u64) -> Vec<Value> {
    let at = json!({ "line": line, "character": character });
    server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri(path) }, "range": { "start": at, "end": at }, "context": { "diagnostics": [] } }),
    )["result"]
        .as_array()
        .unwrap()
        .clone()
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no {title:?} in {actions:#?}"))
}

fn parses(text: &str) -> bool {
    credlint::syntax::parse(credlint::Language::Python, text, None)
        .is_some_and(|tree| !tree.root_node().has_error())
}

/// The open document at version 1, and the settings module and env
/// template as on disk (absent ones are created by the edit).
fn files(dir: &Path, app: &Path, text: &str) -> Files {
    let mut files: Files = [(uri(app), (Some(1), text.to_owned()))].into();
    for name in ["mcp_app_settings.py", "mcp_env.example"] {
        if let Ok(text) = std::fs::read_to_string(dir.join(name)) {
            files.insert(uri(&dir.join(name)), (None, text));
        }
    }
    files
}

#[test]
fn imports_go_after_the_docstring_and_future_imports_outside_brackets() {
    let dir = tempfile::TempDir::new().unwrap();
    write(
        dir.path(),
        "mcp_app_settings.py",
        "\"\"\"Settings.\n\nRead once.\n\"\"\"\nfrom __future__ import annotations\n\nDEBUG = False\n",
    );
    let path = dir.path().join("app.py");
    let text = "\"\"\"The app.\"\"\"\nfrom __future__ import annotations\n\nimport os\nfrom typing import (\n    Any,\n    Dict,\n)\n\nzone = os.getenv(\"ZONE\", \"eu-west-1\")\n";
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "python", text);
    server.diagnostics(&path, Some(1));
    let fixes = actions(&mut server, &path, 9, 10);
    let fix = titled(&fixes, "Read `ZONE` through `mcp_app_settings`");
    // The settings module did not read ZONE: the preferred fix defines it there.
    assert_eq!(fix["isPreferred"], true);
    let mut after = files(dir.path(), &path, text);
    apply_workspace_edit(&fix["edit"], &mut after).unwrap();
    let app = &after[&uri(&path)].1;
    assert_eq!(
        app,
        "\"\"\"The app.\"\"\"\nfrom __future__ import annotations\n\nimport os\nfrom typing import (\n    Any,\n    Dict,\n)\nfrom mcp_app_settings import ZONE\n\nzone = ZONE\n"
    );
    let settings = &after[&uri(&dir.path().join("mcp_app_settings.py"))].1;
    // `import os` after the docstring and the __future__ import; the default kept.
    assert_eq!(
        settings,
        "\"\"\"Settings.\n\nRead once.\n\"\"\"\nfrom __future__ import annotations\nimport os\n\nDEBUG = False\nZONE = os.getenv(\"ZONE\", \"eu-west-1\")\n"
    );
    assert_eq!(
        after[&uri(&dir.path().join("mcp_env.example"))].1,
        "ZONE=your-zone-here\n"
    );
    assert!(parses(app) && parses(settings));
    server.shutdown();
}

#[test]
fn imports_merge_and_stale_fixes_are_refused() {
    let dir = tempfile::TempDir::new().unwrap();
    write(
        dir.path(),
        "mcp_app_settings.py",
        "import os\n\nHOME = os.environ[\"HOME\"]\nUSER = os.environ[\"USER\"]\nSHELL = os.environ[\"SHELL\"]\n",
    );
    write(dir.path(), "mcp_env.example", "HOME=\nUSER=\nSHELL=\n");
    let path = dir.path().join("app.py");
    let text = "import os\nfrom mcp_app_settings import (\n    HOME,\n)\n\nuser = os.environ[\"USER\"]\nshell = os.environ[\"SHELL\"]\n";
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "python", text);
    server.diagnostics(&path, Some(1));
    let user = actions(&mut server, &path, 5, 10);
    let shell = actions(&mut server, &path, 6, 10);
    let mut after = files(dir.path(), &path, text);
    apply_workspace_edit(&user[0]["edit"], &mut after).unwrap();
    let fixed = after[&uri(&path)].1.clone();
    assert_eq!(
        fixed,
        "import os\nfrom mcp_app_settings import (\n    HOME, USER,\n)\n\nuser = USER\nshell = os.environ[\"SHELL\"]\n"
    );
    // The second fix was computed on version 1; the document is at 2 now.
    let stale = apply_workspace_edit(&shell[0]["edit"], &mut after);
    assert!(stale.is_err(), "{stale:?}");
    // The client tells the server, which offers the fix again on the new text.
    server.change(&path, 2, json!([{ "text": fixed }]));
    server.diagnostics(&path, Some(2));
    let shell = actions(&mut server, &path, 6, 10);
    apply_workspace_edit(&shell[0]["edit"], &mut after).unwrap();
    assert_eq!(
        after[&uri(&path)].1,
        "import os\nfrom mcp_app_settings import (\n    HOME, USER, SHELL,\n)\n\nuser = USER\nshell = SHELL\n"
    );
    server.shutdown();
}

#[test]
fn fixes_that_would_change_meaning_are_not_made_or_not_preferred() {
    let dir = tempfile::TempDir::new().unwrap();
    write(
        dir.path(),
        "mcp_app_settings.py",
        "import os\n\nZONE = os.environ[\"ZONE\"]\n",
    );
    let path = dir.path().join("app.py");
    let key = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    let text = format!(
        "import os\n\nAPI_KEY = \"{key}\"\nSIGNING_SECRET = b\"{key}\"\nzone = os.getenv(\"ZONE\", \"eu-west-1\")\n\n\ndef connect():\n    API_TOKEN = \"{key}\"\n    return API_TOKEN\n"
    );
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "python", &text);
    let diagnostics = server.diagnostics(&path, Some(1));
    assert_eq!(diagnostics.len(), 4, "{diagnostics:#?}");
    let apply = |fix: &Value| {
        let mut after = files(dir.path(), &path, &text);
        apply_workspace_edit(&fix["edit"], &mut after).unwrap();
        let app = after[&uri(&path)].1.clone();
        assert!(parses(&app), "{app}");
        app
    };

    // A module-level assignment becomes the import, not `API_KEY = API_KEY`.
    let fixes = actions(&mut server, &path, 2, 12);
    let fix = titled(&fixes, "Read `API_KEY` through `mcp_app_settings`");
    assert_eq!(fix["isPreferred"], true);
    let app = apply(fix);
    assert!(!app.contains("API_KEY = API_KEY"), "{app}");
    assert!(
        app.starts_with("import os\n\nfrom mcp_app_settings import API_KEY\nSIGNING_SECRET"),
        "{app}"
    );

    // Bytes stay bytes, and the fix is not the preferred one.
    let fixes = actions(&mut server, &path, 3, 20);
    let fix = titled(&fixes, "Read `SIGNING_SECRET` through `mcp_app_settings`");
    assert_eq!(fix.get("isPreferred"), None);
    assert!(apply(fix).contains("SIGNING_SECRET = SIGNING_SECRET.encode()\n"));

    // The settings module reads ZONE without this default: offered, not preferred.
    let fixes = actions(&mut server, &path, 4, 10);
    let fix = titled(&fixes, "Read `ZONE` through `mcp_app_settings`");
    assert_eq!(fix.get("isPreferred"), None);

    // Inside a function `API_TOKEN = API_TOKEN` raises UnboundLocalError: no such fix.
    let fixes = actions(&mut server, &path, 8, 20);
    let titles: Vec<&str> = fixes.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Allow `secret/hardcoded-credential` on this line"]);
    server.shutdown();
}

#[test]
fn a_provider_token_moves_to_the_settings_module_in_one_edit() {
    let dir = tempfile::TempDir::new().unwrap();
    write(dir.path(), "mcp_app_settings.py", "\"\"\"Settings.\"\"\"\n");
    write(dir.path(), "mcp_env.example", "DEBUG=false");
    let path = dir.path().join("app.py");
    let token = github_token(7);
    let text = format!(
        "from github import Github\n\nGITHUB_TOKEN = \"{token}\"\nclient = Github(GITHUB_TOKEN)\n"
    );
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "python", &text);
    let diagnostics = server.diagnostics(&path, Some(1));
    assert!(
        diagnostics[0]["code"]
            .as_str()
            .unwrap()
            .starts_with("secret/github"),
        "{diagnostics:#?}"
    );
    let fixes = actions(&mut server, &path, 2, 20);
    let fix = titled(&fixes, "Read `GITHUB_TOKEN` through `mcp_app_settings`");
    assert_eq!(fix["isPreferred"], true);
    let mut after = files(dir.path(), &path, &text);
    apply_workspace_edit(&fix["edit"], &mut after).unwrap();
    assert_eq!(
        after[&uri(&path)].1,
        "from github import Github\n\nfrom mcp_app_settings import GITHUB_TOKEN\nclient = Github(GITHUB_TOKEN)\n"
    );
    assert_eq!(
        after[&uri(&dir.path().join("mcp_app_settings.py"))].1,
        "\"\"\"Settings.\"\"\"\nimport os\nGITHUB_TOKEN = os.environ.get(\"GITHUB_TOKEN\")\n"
    );
    assert_eq!(
        after[&uri(&dir.path().join("mcp_env.example"))].1,
        "DEBUG=false\nGITHUB_TOKEN=your-github-token-here\n"
    );
    server.shutdown();
}

#[test]
fn clients_without_document_changes_get_plain_changes() {
    let dir = tempfile::TempDir::new().unwrap();
    write(dir.path(), "mcp_app_settings.py", "import os\n");
    let path = dir.path().join("app.py");
    let text = "import os\nhome = os.environ[\"HOME\"]\n";
    let mut server = Server::start_with(dir.path(), json!({}), json!({}));
    server.open(&path, "python", text);
    server.diagnostics(&path, Some(1));
    let fixes = actions(&mut server, &path, 1, 10);
    let edit = &titled(&fixes, "Read `HOME` through `mcp_app_settings`")["edit"];
    assert_eq!(edit.get("documentChanges"), None);
    // The env template does not exist, and such a client cannot create it.
    let changed: Vec<&String> = edit["changes"].as_object().unwrap().keys().collect();
    assert_eq!(
        changed,
        [&uri(&path), &uri(&dir.path().join("mcp_app_settings.py"))]
    );
    let mut after = files(dir.path(), &path, text);
    apply_workspace_edit(edit, &mut after).unwrap();
    assert_eq!(
        after[&uri(&path)].1,
        "import os\nfrom mcp_app_settings import HOME\nhome = HOME\n"
    );
    server.shutdown();
}

/// A crate whose `client.rs` reads the environment, its settings module
/// declared by `main.rs`; the fix applied as the client applies it, then
/// `cargo check` on the result: the fixed crate builds, so the read means
/// what it meant.
#[test]
fn a_rust_env_read_moves_to_the_crates_settings_module_and_the_crate_still_builds() {
    let dir = tempfile::TempDir::new().unwrap();
    write(
        dir.path(),
        "Cargo.toml",
        "[package]\nname = \"fixed\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
    );
    write(
        dir.path(),
        "src/main.rs",
        "mod client;\nmod settings;\n\nfn main() {\n    println!(\"{}\", client::token().len());\n}\n",
    );
    let settings = "/// The crate's settings.\npub fn debug() -> bool {\n    false\n}";
    write(dir.path(), "src/settings.rs", settings);
    let path = dir.path().join("src/client.rs");
    let text = "use std::env;\n\npub fn token() -> String {\n    let token = std::env::var(\"API_TOKEN\").unwrap_or_default();\n    let url = env::var(\"API_URL\").unwrap_or_default();\n    token + &url\n}\n";
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "rust", text);
    let diagnostics = server.diagnostics(&path, Some(1));
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    let settings_uri = uri(&dir.path().join("src/settings.rs"));
    let mut after: Files = [(uri(&path), (Some(1), text.to_owned()))].into();
    after.insert(settings_uri.clone(), (None, settings.to_owned()));
    // One fix after the other, as a user applies them: the editor applies
    // the edit (the open file changes version, the settings module and the
    // template are written), and the next fix is asked of the new text.
    for (version, (line, variable)) in [(1, (3, "API_TOKEN")), (2, (4, "API_URL"))] {
        let fixes = actions(&mut server, &path, line, 20);
        let fix = titled(
            &fixes,
            &format!("Read `{variable}` through `crate::settings`"),
        );
        assert_eq!(fix["isPreferred"], true);
        let template = dir.path().join("mcp_env.example");
        if let Ok(text) = std::fs::read_to_string(&template) {
            after.insert(uri(&template), (None, text));
        }
        apply_workspace_edit(&fix["edit"], &mut after).unwrap();
        std::fs::write(&template, &after[&uri(&template)].1).unwrap();
        std::fs::write(dir.path().join("src/settings.rs"), &after[&settings_uri].1).unwrap();
        let client = after[&uri(&path)].1.clone();
        after.insert(uri(&path), (Some(version + 1), client.clone()));
        server.change(&path, version + 1, json!([{ "text": client }]));
        assert_eq!(
            server.diagnostics(&path, Some(version + 1)).len(),
            2 - version as usize
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mcp_env.example")).unwrap(),
        "API_TOKEN=your-api-token-here\nAPI_URL=your-api-url-here\n"
    );
    server.shutdown();
    let client = &after[&uri(&path)].1;
    assert_eq!(
        client,
        "use std::env;\n\npub fn token() -> String {\n    let token = crate::settings::api_token().unwrap_or_default();\n    let url = crate::settings::api_url().unwrap_or_default();\n    token + &url\n}\n"
    );
    let settings_after = &after[&settings_uri].1;
    assert!(settings_after.starts_with(settings), "{settings_after}");
    assert!(
        settings_after.contains("\n\n/// `API_TOKEN`, from the environment.\npub fn api_token() -> Result<String, std::env::VarError> {\n    std::env::var(\"API_TOKEN\")\n}\n"),
        "{settings_after}"
    );
    // The fixed crate: no env finding left, and it builds.
    write(dir.path(), "src/client.rs", client);
    let rules: Vec<String> =
        crate::common::json_findings(dir.path(), &["check", "--format", "json", "."])
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect();
    assert!(
        !rules.iter().any(|r| r.starts_with("env/direct")),
        "{rules:?}"
    );
    let build = std::process::Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline"])
        .env("CARGO_TARGET_DIR", dir.path().join("target"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
}

/// No fix where the crate does not declare its settings module (so
/// `crate::settings` would not resolve), or where the settings module has a
/// function of that name doing something else.
#[test]
fn no_rust_fix_that_would_not_build() {
    let dir = tempfile::TempDir::new().unwrap();
    write(dir.path(), "src/main.rs", "mod client;\nfn main() {}\n");
    write(
        dir.path(),
        "src/settings.rs",
        "pub fn debug() -> bool { false }\n",
    );
    let path = dir.path().join("src/client.rs");
    let text = "pub fn debug() -> String {\n    std::env::var(\"DEBUG\").unwrap()\n}\n";
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "rust", text);
    assert_eq!(server.diagnostics(&path, Some(1)).len(), 1);
    let undeclared = actions(&mut server, &path, 1, 10);
    assert!(
        undeclared
            .iter()
            .all(|a| !a["title"].as_str().unwrap().starts_with("Read ")),
        "{undeclared:#?}"
    );
    server.shutdown();
    write(
        dir.path(),
        "src/main.rs",
        "mod client;\nmod settings;\nfn main() {}\n",
    );
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "rust", text);
    server.diagnostics(&path, Some(1));
    let taken = actions(&mut server, &path, 1, 10);
    assert!(
        taken
            .iter()
            .all(|a| !a["title"].as_str().unwrap().starts_with("Read ")),
        "{taken:#?}"
    );
    server.shutdown();
}
