//! The language server over real stdio: JSON-RPC framed with Content-Length,
//! to the built binary, as an editor would speak it.

use crate::common::{github_token, write};
use crate::jsonrpc::Connection;
use pretty_assertions::assert_eq;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Server {
    connection: Connection,
    /// The server's answer to `initialize`.
    pub capabilities: Value,
}

pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Server {
    /// Starts a server for a client with the capabilities of today's
    /// editors: watched files, progress, versioned workspace edits that may
    /// create files.
    pub fn start(root: &Path, options: Value) -> Server {
        let capabilities = json!({
            "workspace": {
                "didChangeWatchedFiles": { "dynamicRegistration": true },
                "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create"] },
            },
            "window": { "workDoneProgress": true },
        });
        Server::start_with(root, options, capabilities)
    }

    pub fn start_with(root: &Path, options: Value, capabilities: Value) -> Server {
        Server::start_in(root, options, capabilities, &[])
    }

    /// [`Server::start_with`] with environment variables set for the server.
    pub fn start_in(
        root: &Path,
        options: Value,
        capabilities: Value,
        environment: &[(&str, std::ffi::OsString)],
    ) -> Server {
        Server::launch(root, options, capabilities, environment, "off")
    }

    /// [`Server::start`] for a client that asks for the server's verbose
    /// trace: each analysis started is told in a `$/logTrace` notification.
    pub fn start_traced(root: &Path, options: Value) -> Server {
        let capabilities =
            json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
        Server::launch(root, options, capabilities, &[], "verbose")
    }

    fn launch(
        root: &Path,
        options: Value,
        capabilities: Value,
        environment: &[(&str, std::ffi::OsString)],
        trace: &str,
    ) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_credlint"));
        command
            .arg("lsp")
            .envs(environment.iter().map(|(k, v)| (k, v)))
            .current_dir(root)
            .stderr(Stdio::null());
        let mut server = Server {
            connection: Connection::spawn(command, TIMEOUT).unwrap(),
            capabilities: Value::Null,
        };
        let result = server.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "workspaceFolders": [{ "uri": uri(root), "name": "root" }],
                "capabilities": capabilities,
                "initializationOptions": options,
                "trace": trace,
            }),
        );
        assert_eq!(result["result"]["serverInfo"]["name"], "credlint");
        server.capabilities = result["result"]["capabilities"].clone();
        server.notify("initialized", json!({}));
        server
    }

    pub fn send_raw(&mut self, body: &str) {
        self.send_bytes(body.as_bytes());
    }

    /// A message body as bytes, which need not be UTF-8.
    pub fn send_bytes(&mut self, body: &[u8]) {
        self.connection.send_bytes(body);
    }

    /// Bytes as they are, headers included: for frames a client gets wrong.
    pub fn send_unframed(&mut self, bytes: &[u8]) {
        self.connection.send_unframed(bytes);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.connection.notify(method, params);
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.connection.request(method, params)
    }

    /// The next message matching `matches`; requests from the server are
    /// answered (with `null`) as they come.
    pub fn wait_for(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        self.connection.wait_for(matches)
    }

    /// Messages received but not yet waited for.
    pub fn backlog(&self) -> &[Value] {
        self.connection.backlog()
    }

    /// The diagnostics published for `path` at `version`.
    pub fn diagnostics(&mut self, path: &Path, version: Option<i64>) -> Vec<Value> {
        let target = uri(path);
        let message = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == target.as_str()
                && version.is_none_or(|v| m["params"]["version"] == v)
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// The first diagnostics published for `path` at `version` whose codes
    /// satisfy `done`: for results that arrive in steps (project facts are
    /// gathered after a document's first analysis).
    pub fn diagnostics_until(
        &mut self,
        path: &Path,
        version: Option<i64>,
        done: impl Fn(&[String]) -> bool,
    ) -> Vec<Value> {
        loop {
            let diagnostics = self.diagnostics(path, version);
            if done(&codes(&diagnostics)) {
                return diagnostics;
            }
        }
    }

    pub fn open(&mut self, path: &Path, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri(path), "languageId": language, "version": 1, "text": text } }),
        );
    }

    pub fn change(&mut self, path: &Path, version: i64, changes: Value) {
        self.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri(path), "version": version }, "contentChanges": changes }));
    }

    pub fn shutdown(mut self) {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        let status = self.connection.wait_exit();
        assert!(status.success(), "exit status {status}");
    }

    /// Closes the server's stdin, answering nothing more, and waits for it
    /// to end.
    pub fn close_input(mut self) {
        self.connection.close_input();
        self.connection.wait_exit();
    }

    /// Sends `exit` with no `shutdown` before it; the server's exit status.
    pub fn exit_unannounced(mut self) -> std::process::ExitStatus {
        self.notify("exit", Value::Null);
        self.connection.wait_exit()
    }
}

pub fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

fn range(diagnostic: &Value) -> [u64; 4] {
    let r = &diagnostic["range"];
    [
        &r["start"]["line"],
        &r["start"]["character"],
        &r["end"]["line"],
        &r["end"]["character"],
    ]
    .map(|v| v.as_u64().unwrap())
}

/// Applies LSP text edits (ASCII text) to `text`, last first; of edits at
/// one position, an insertion lands before a replacement, and insertions
/// in their order, as LSP says.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |text: &str, position: &Value| -> usize {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let line_len = text[start.min(text.len())..]
            .split('\n')
            .next()
            .map_or(0, str::len);
        (start + character.min(line_len)).min(text.len())
    };
    let mut edits: Vec<(usize, &Value)> = edits.iter().enumerate().collect();
    edits.sort_by_key(|(index, e)| {
        std::cmp::Reverse((
            e["range"]["start"]["line"].as_u64(),
            e["range"]["start"]["character"].as_u64(),
            e["range"]["end"]["line"].as_u64(),
            e["range"]["end"]["character"].as_u64(),
            *index,
        ))
    });
    let mut text = text.to_owned();
    for (_, edit) in edits {
        let (start, end) = (
            offset(&text, &edit["range"]["start"]),
            offset(&text, &edit["range"]["end"]),
        );
        text.replace_range(start..end, edit["newText"].as_str().unwrap());
    }
    text
}

/// Files as a client holds them: by URI, the open buffer's version (`None`
/// for a file not open) and the text.
pub type Files = std::collections::BTreeMap<String, (Option<i64>, String)>;

/// Applies a workspace edit as a client does: a versioned edit to a file
/// whose version has moved on is refused, and then nothing is applied.
pub fn apply_workspace_edit(edit: &Value, files: &mut Files) -> Result<(), String> {
    let mut result = files.clone();
    if let Some(changes) = edit["changes"].as_object() {
        for (uri, edits) in changes {
            let (_, text) = result.get_mut(uri).ok_or(format!("no file {uri}"))?;
            *text = apply_edits(text, edits.as_array().unwrap());
        }
    }
    for operation in edit["documentChanges"].as_array().into_iter().flatten() {
        if operation["kind"] == "create" {
            let uri = operation["uri"].as_str().unwrap().to_owned();
            result.entry(uri).or_insert((None, String::new()));
            continue;
        }
        let uri = operation["textDocument"]["uri"].as_str().unwrap();
        let (version, text) = result.get_mut(uri).ok_or(format!("no file {uri}"))?;
        let wanted = operation["textDocument"]["version"].as_i64();
        if wanted.is_some() && wanted != *version {
            return Err(format!(
                "{uri} is at version {version:?}, the edit is for {wanted:?}"
            ));
        }
        *text = apply_edits(text, operation["edits"].as_array().unwrap());
        if let Some(version) = version {
            *version += 1;
        }
    }
    *files = result;
    Ok(())
}

#[test]
fn initialize_advertises_incremental_sync_and_features() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut server = Server::start(dir.path(), json!({}));
    let response = server.request("textDocument/hover", json!({ "textDocument": { "uri": uri(&dir.path().join("none.py")) }, "position": { "line": 0, "character": 0 } }));
    assert_eq!(response["result"], Value::Null);
    server.shutdown();
}

#[test]
fn diagnostics_per_version_with_utf16_positions_and_no_secrets() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("app.py");
    let token = github_token(61);
    let mut server = Server::start(dir.path(), json!({}));
    server.open(
        &path,
        "python",
        &format!("import os\nT = \"{token}\"\nh = os.environ[\"HOME\"]\n"),
    );
    let diagnostics = server.diagnostics(&path, Some(1));
    assert_eq!(
        codes(&diagnostics),
        ["secret/github-pat", "env/direct-access"]
    );
    assert_eq!(range(&diagnostics[0]), [1, 5, 1, 45]);
    assert_eq!(diagnostics[0]["source"], "credlint");
    assert_eq!(diagnostics[0]["severity"], 1);
    assert_eq!(diagnostics[1]["severity"], 2);
    assert!(diagnostics[0]["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("#secret-github-pat"));
    assert!(!serde_json::to_string(&diagnostics)
        .unwrap()
        .contains(&token));

    // An incremental edit on a line with multi-byte characters: `é` is one
    // UTF-16 unit, `😀` two, so the insertion point is character 9.
    server.change(&path, 2, json!([{ "range": { "start": { "line": 0, "character": 9 }, "end": { "line": 2, "character": 22 } }, "text": "\nx = 'é😀'" }]));
    assert_eq!(server.diagnostics(&path, Some(2)), Vec::<Value>::new());
    server.change(&path, 3, json!([{ "range": { "start": { "line": 1, "character": 9 }, "end": { "line": 1, "character": 9 } }, "text": "; password = \"Tr0ub4dor&3xK\"" }]));
    let diagnostics = server.diagnostics(&path, Some(3));
    assert_eq!(codes(&diagnostics), ["secret/hardcoded-credential"]);
    assert_eq!(range(&diagnostics[0]), [1, 23, 1, 36]);

    // Close clears them.
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri(&path) } }),
    );
    assert_eq!(server.diagnostics(&path, None), Vec::<Value>::new());
    server.shutdown();
}

/// A folder with a settings module that reads `HOME`, and a server on it;
/// `app.py` there is the document to open.
fn settings_project() -> (tempfile::TempDir, PathBuf, Server) {
    let dir = tempfile::TempDir::new().unwrap();
    write(
        dir.path(),
        "mcp_app_settings.py",
        "import os\n\nHOME = os.environ[\"HOME\"]\n",
    );
    let path = dir.path().join("app.py");
    let server = Server::start(dir.path(), json!({}));
    (dir, path, server)
}

#[test]
fn quick_fixes_allow_comment_and_settings_reads() {
    let (dir, path, mut server) = settings_project();
    let text =
        "import os\n\nh = os.environ[\"HOME\"]\nAPI_KEY = \"9f8e7d6c5b4a39281706f5e4d3c2b1a0\"\n";
    server.open(&path, "python", text);
    let diagnostics = server.diagnostics(&path, Some(1));
    assert_eq!(
        codes(&diagnostics),
        ["env/direct-access", "secret/hardcoded-credential"]
    );

    let actions = |server: &mut Server, line: u64| {
        server.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri(&path) }, "range": { "start": { "line": line, "character": 15 }, "end": { "line": line, "character": 15 } }, "context": { "diagnostics": [] } }),
        )["result"]
            .as_array()
            .unwrap()
            .clone()
    };
    // The environment read: through the settings module, or allowed.
    let env_actions = actions(&mut server, 2);
    let titles: Vec<&str> = env_actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Read `HOME` through `mcp_app_settings`",
            "Allow `env/direct-access` on this line"
        ]
    );
    let settings = dir.path().join("mcp_app_settings.py");
    let template = dir.path().join("mcp_env.example");
    let files = || -> Files {
        [
            (uri(&path), (Some(1), text.to_owned())),
            (
                uri(&settings),
                (None, std::fs::read_to_string(&settings).unwrap()),
            ),
        ]
        .into_iter()
        .collect()
    };
    let mut after = files();
    apply_workspace_edit(&env_actions[0]["edit"], &mut after).unwrap();
    assert_eq!(
        after[&uri(&path)].1,
        "import os\nfrom mcp_app_settings import HOME\n\nh = HOME\nAPI_KEY = \"9f8e7d6c5b4a39281706f5e4d3c2b1a0\"\n"
    );
    assert_eq!(after[&uri(&template)].1, "HOME=your-home-here\n");
    let mut after = files();
    apply_workspace_edit(&env_actions[1]["edit"], &mut after).unwrap();
    assert!(after[&uri(&path)]
        .1
        .contains("h = os.environ[\"HOME\"]  # credlint: allow(env/direct-access)\n"));

    // The hardcoded key: defined in the settings module, imported in place
    // of the module-level assignment, and listed in a new mcp_env.example,
    // in one workspace edit whose edits name the versions they were made on.
    let secret_actions = actions(&mut server, 3);
    assert_eq!(
        secret_actions[0]["title"],
        "Read `API_KEY` through `mcp_app_settings`"
    );
    let operations = secret_actions[0]["edit"]["documentChanges"]
        .as_array()
        .unwrap();
    assert_eq!(operations[0]["kind"], "create");
    assert_eq!(operations[0]["uri"], uri(&template));
    let version_of = |target: &Path| {
        operations
            .iter()
            .find(|op| op["textDocument"]["uri"] == uri(target))
            .map(|op| op["textDocument"]["version"].clone())
    };
    assert_eq!(version_of(&path), Some(json!(1)));
    assert_eq!(version_of(&settings), Some(Value::Null));
    let mut after = files();
    apply_workspace_edit(&secret_actions[0]["edit"], &mut after).unwrap();
    assert_eq!(
        after[&uri(&path)].1,
        "import os\n\nh = os.environ[\"HOME\"]\nfrom mcp_app_settings import API_KEY\n"
    );
    assert_eq!(
        after[&uri(&settings)].1,
        "import os\n\nHOME = os.environ[\"HOME\"]\nAPI_KEY = os.environ.get(\"API_KEY\")\n"
    );
    assert_eq!(after[&uri(&template)].1, "API_KEY=your-api-key-here\n");
    server.shutdown();
}

/// A Python document keeps a syntax tree only while its quick fixes need
/// one (it has findings and is being edited); whether it has one or not,
/// a fix asked for at any moment is the same: here right after an edit
/// (before any reparse), after the pause that reparses, after the last
/// finding went (the tree is dropped) and once it came back.
#[test]
fn quick_fixes_do_not_depend_on_the_buffers_tree() {
    let (_dir, path, mut server) = settings_project();
    server.open(&path, "python", "import os\n\nx = 1\n");
    assert_eq!(server.diagnostics(&path, Some(1)), Vec::<Value>::new());
    let line = |text: &str| json!([{ "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 3, "character": 0 } }, "text": text }]);
    let read = "h = os.environ[\"HOME\"]\n";
    let titles = |server: &mut Server| -> Vec<String> {
        server.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri(&path) }, "range": { "start": { "line": 2, "character": 6 }, "end": { "line": 2, "character": 6 } }, "context": { "diagnostics": [] } }),
        )["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_owned())
            .collect()
    };
    let expected = [
        "Read `HOME` through `mcp_app_settings`",
        "Allow `env/direct-access` on this line",
    ];
    let pause = || std::thread::sleep(Duration::from_millis(600));
    for (version, text) in [(2, read), (3, "x = 1\n"), (4, read)] {
        server.change(&path, version, line(text));
        let diagnostics = server.diagnostics(&path, Some(version));
        if text == read {
            assert_eq!(codes(&diagnostics), ["env/direct-access"]);
            assert_eq!(titles(&mut server), expected, "version {version}, no pause");
            pause();
            assert_eq!(titles(&mut server), expected, "version {version}, reparsed");
        } else {
            assert_eq!(diagnostics, Vec::<Value>::new());
            pause();
        }
    }
    server.shutdown();
}

#[test]
fn unused_suppressions_are_reported_and_removed_by_a_quick_fix() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("app.py");
    let text = "import os\n\nh = os.environ[\"HOME\"]  # credlint: allow(env/direct-access)\ntimeout = 30  # credlint: allow(secret) -- was a token\n# credlint: allow\nretries = 3\n";
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "python", text);
    let diagnostics = server.diagnostics(&path, Some(1));
    assert_eq!(
        codes(&diagnostics),
        ["credlint/unused-suppression", "credlint/unused-suppression"]
    );
    assert_eq!(diagnostics[0]["severity"], 2, "a warning");
    let fix = |server: &mut Server, line: u64| {
        let actions = server.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri(&path) }, "range": { "start": { "line": line, "character": 20 }, "end": { "line": line, "character": 20 } }, "context": { "diagnostics": [] } }),
        )["result"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(actions.len(), 1, "{actions:?}");
        assert_eq!(actions[0]["title"], "Remove the unused suppression");
        let change = &actions[0]["edit"]["documentChanges"][0];
        assert_eq!(change["textDocument"]["uri"], uri(&path));
        assert_eq!(change["textDocument"]["version"], 1, "a versioned edit");
        change["edits"].as_array().unwrap().clone()
    };
    // A trailing comment goes, the code stays; a comment line goes whole.
    assert_eq!(
        apply_edits(text, &fix(&mut server, 3)),
        text.replace(
            "timeout = 30  # credlint: allow(secret) -- was a token",
            "timeout = 30"
        )
    );
    assert_eq!(
        apply_edits(text, &fix(&mut server, 4)),
        text.replace("# credlint: allow\n", "")
    );
    server.shutdown();
}

#[test]
fn hover_explains_the_rule() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("app.py");
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "python", "import os\nh = os.getenv('HOME')\n");
    server.diagnostics(&path, Some(1));
    let hover = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&path) }, "position": { "line": 1, "character": 6 } }),
    );
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        value.starts_with("**credlint `env/direct-access`**"),
        "{value}"
    );
    assert!(
        value.contains("## What it does") && value.contains("## How to fix"),
        "{value}"
    );
    server.shutdown();
}

#[test]
fn configuration_reloads_and_broken_files_keep_the_last_good_one() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("app.py");
    let mut server = Server::start(dir.path(), json!({}));
    server.open(
        &path,
        "python",
        "import os\nh = os.getenv('HOME')\nDB_PASSWORD = 'Tr0ub4dor&3xK'\n",
    );
    assert_eq!(
        codes(&server.diagnostics(&path, Some(1))),
        ["env/direct-access", "secret/hardcoded-credential"]
    );

    let config = dir.path().join("credlint.toml");
    write(dir.path(), "credlint.toml", "ignore = ['env']\n");
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&config), "type": 1 }] }),
    );
    assert_eq!(
        codes(&server.diagnostics(&path, Some(1))),
        ["secret/hardcoded-credential"]
    );

    // Broken on its second line: the diagnostic is there, not on line 1.
    write(
        dir.path(),
        "credlint.toml",
        "# comment\nignore = 7\nselect = ['env']\n",
    );
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&config), "type": 2 }] }),
    );
    let message = server.wait_for(|m| m["method"] == "window/showMessage");
    assert!(
        message["params"]["message"]
            .as_str()
            .unwrap()
            .contains("credlint.toml"),
        "{message}"
    );
    let config_diagnostics = server.diagnostics(&config, None);
    assert_eq!(config_diagnostics.len(), 1);
    assert_eq!(
        range(&config_diagnostics[0])[0],
        1,
        "{config_diagnostics:?}"
    );
    // Still the last good configuration: env stays ignored.
    assert_eq!(
        codes(&server.diagnostics(&path, Some(1))),
        ["secret/hardcoded-credential"]
    );

    // Client settings: select only env, then disable.
    write(dir.path(), "credlint.toml", "\n");
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "credlint": { "select": ["env"] } } }),
    );
    assert_eq!(
        codes(&server.diagnostics(&path, Some(1))),
        ["env/direct-access"]
    );
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "credlint": { "enable": false } } }),
    );
    // A publish of the previous settings may still be in flight (project
    // facts arrive in a second step): wait for the one that is empty.
    server.diagnostics_until(&path, Some(1), |codes| codes.is_empty());
    server.shutdown();
}

/// The server remembers each folder's configuration chain: a document
/// opened beside another is configured without reading the files again.
/// A watched file's change empties that memory, and so does a save of a
/// configuration file, for clients that watch no files: documents opened
/// or analysed after either see the file as it is now.
#[test]
fn a_folder_s_configuration_is_read_again_after_a_change_or_a_save() {
    let dir = tempfile::TempDir::new().unwrap();
    let source = "import os\nh = os.getenv('HOME')\nDB_PASSWORD = 'Tr0ub4dor&3xK'\n";
    let (a, b) = (dir.path().join("a.py"), dir.path().join("b.py"));
    let config = dir.path().join("credlint.toml");
    write(dir.path(), "credlint.toml", "ignore = ['env']\n");
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&a, "python", source);
    assert_eq!(
        codes(&server.diagnostics(&a, Some(1))),
        ["secret/hardcoded-credential"]
    );

    write(dir.path(), "credlint.toml", "ignore = ['secret']\n");
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&config), "type": 2 }] }),
    );
    server.diagnostics_until(&a, Some(1), |codes| codes == ["env/direct-access"]);
    server.open(&b, "python", source);
    assert_eq!(
        codes(&server.diagnostics(&b, Some(1))),
        ["env/direct-access"]
    );

    // Saved in the editor, with no word from a file watcher.
    let text = "ignore = []\n";
    write(dir.path(), "credlint.toml", text);
    server.open(&config, "toml", text);
    server.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri(&config) } }),
    );
    let both = ["env/direct-access", "secret/hardcoded-credential"];
    server.diagnostics_until(&a, Some(1), |codes| codes == both);
    server.diagnostics_until(&b, Some(1), |codes| codes == both);
    server.shutdown();
}

#[test]
fn settings_modules_from_initialization_options() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("conf.py");
    let mut server = Server::start(dir.path(), json!({ "settingsModules": ["conf.py"] }));
    server.open(&path, "python", "import os\nh = os.getenv('HOME')\n");
    assert_eq!(server.diagnostics(&path, Some(1)), Vec::<Value>::new());
    server.shutdown();
}

#[test]
fn bad_input_never_takes_the_server_down() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("app.py");
    let mut server = Server::start(dir.path(), json!({}));
    // Malformed JSON, an unknown document, out-of-range edits, invalid params.
    server.send_raw("{not json");
    server.send_raw("");
    // A raw byte that is not UTF-8, and a lone surrogate escape (as VS
    // Code sends a string cut mid-emoji), are read as U+FFFD.
    let lone = dir.path().join("lone.py");
    server.send_bytes(b"{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///x.py\",\"languageId\":\"python\",\"version\":1,\"text\":\"a = \xff\"}}}");
    server.send_raw(&format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{}","languageId":"python","version":1,"text":"a = '\ud800'\npassword = 'Tr0ub4dor&3xK'\n"}}}}}}"#,
        uri(&lone)
    ));
    assert_eq!(
        codes(&server.diagnostics(&lone, Some(1))),
        ["secret/hardcoded-credential"]
    );
    server.change(&dir.path().join("unknown.py"), 2, json!([{ "text": "x" }]));
    server.open(&path, "python", "x = 1\n");
    assert_eq!(server.diagnostics(&path, Some(1)), Vec::<Value>::new());
    server.change(&path, 2, json!([{ "range": { "start": { "line": 99, "character": 99 }, "end": { "line": 0, "character": 0 } }, "text": "\npassword = 'Tr0ub4dor&3xK'" }]));
    assert_eq!(
        codes(&server.diagnostics(&path, Some(2))),
        ["secret/hardcoded-credential"]
    );
    let response = server.request("textDocument/hover", json!({ "nonsense": true }));
    assert!(response.get("error").is_some(), "{response}");
    let response = server.request(
        "workspace/executeCommand",
        json!({ "command": "credlint.nope", "arguments": [] }),
    );
    assert!(response.get("error").is_some(), "{response}");
    // Non-file documents and binary content.
    server.notify("textDocument/didOpen", json!({ "textDocument": { "uri": "untitled:Untitled-1", "languageId": "python", "version": 1, "text": "import os\nos.getenv('X')\n" } }));
    let untitled = server.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == "untitled:Untitled-1"
    });
    assert_eq!(
        untitled["params"]["diagnostics"][0]["code"],
        "env/direct-access"
    );
    let binary = dir.path().join("blob.bin");
    server.open(&binary, "plaintext", "\u{0}\u{1}ghp_");
    assert_eq!(server.diagnostics(&binary, Some(1)), Vec::<Value>::new());
    // Still answering.
    let response = server.request("textDocument/hover", json!({ "textDocument": { "uri": uri(&path) }, "position": { "line": 2, "character": 14 } }));
    assert!(response["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("secret/hardcoded-credential"));
    server.shutdown();
}

/// Sends `bad` (headers included) between two documents' analyses and
/// checks that the session goes on: the second document gets its
/// diagnostics, a hover on it its answer, and `shutdown` its reply. `answer`
/// is the JSON-RPC error code `bad` is answered with (its id null).
fn session_survives(bad: &[u8], answer: Option<i64>) {
    let dir = tempfile::TempDir::new().unwrap();
    let before = dir.path().join("before.py");
    let after = dir.path().join("after.py");
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&before, "python", "x = 1\n");
    assert_eq!(server.diagnostics(&before, Some(1)), Vec::<Value>::new());
    server.send_unframed(bad);
    server.open(&after, "python", "password = 'Tr0ub4dor&3xK'\n");
    assert_eq!(
        codes(&server.diagnostics(&after, Some(1))),
        ["secret/hardcoded-credential"]
    );
    let response = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&after) }, "position": { "line": 0, "character": 14 } }),
    );
    assert!(
        response["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("secret/hardcoded-credential")),
        "{response}"
    );
    if let Some(code) = answer {
        let error = server.wait_for(|m| m.get("error").is_some() && m["id"].is_null());
        assert_eq!(error["error"]["code"], code, "{error}");
    }
    server.shutdown();
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut message = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    message.extend_from_slice(body);
    message
}

/// A parameter that does not decode is answered with Invalid params, whose
/// text never quotes the value the client sent (a token pasted anywhere).
#[test]
fn invalid_params_errors_do_not_quote_the_value() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("app.py");
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "python", "x = 1\n");
    let token = crate::common::github_token(5);
    let response = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&path) }, "position": { "line": token, "character": 0 } }),
    );
    assert_eq!(response["error"]["code"], -32602, "{response}");
    assert!(!response.to_string().contains(&token[4..12]), "{response}");
    assert!(
        (response["error"]["message"].as_str()).is_some_and(|m| m.contains("expected")),
        "{response}"
    );
    server.shutdown();
}

/// An unknown method's or command's error names neither (a24 #3):
/// tower-lsp gave the method's name back as `data`, and the unknown
/// command's message quoted it, so a token sent there came back in the
/// answer and into every editor's LSP trace.
#[test]
fn unknown_methods_and_commands_are_not_echoed() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut server = Server::start(dir.path(), json!({}));
    let token = crate::common::github_token(6);
    let unknown = server.request(&format!("credlint/{token}"), json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let command = server.request(
        "workspace/executeCommand",
        json!({ "command": format!("credlint.{token}"), "arguments": [] }),
    );
    assert_eq!(command["error"]["code"], -32602, "{command}");
    for response in [unknown, command] {
        assert!(!response.to_string().contains(&token[4..12]), "{response}");
    }
    server.shutdown();
}

#[test]
fn a_request_with_an_object_id_is_answered() {
    session_survives(
        &framed(br#"{"jsonrpc":"2.0","id":{"a":1},"method":"textDocument/hover","params":{}}"#),
        Some(-32600),
    );
}

#[test]
fn a_request_with_a_fractional_id_is_answered() {
    session_survives(
        &framed(br#"{"jsonrpc":"2.0","id":1.5,"method":"textDocument/hover","params":{}}"#),
        Some(-32600),
    );
}

#[test]
fn an_empty_batch_is_answered() {
    session_survives(&framed(b"[]"), Some(-32600));
}

#[test]
fn a_bare_number_is_answered() {
    session_survives(&framed(b"5"), Some(-32600));
}

#[test]
fn a_message_whose_method_is_not_a_string_is_answered() {
    session_survives(&framed(br#"{"jsonrpc":"2.0","method":5}"#), Some(-32600));
}

#[test]
fn an_object_without_jsonrpc_in_lf_only_headers_is_answered() {
    session_survives(b"Content-Length: 2\n\n{}", Some(-32600));
}

#[test]
fn a_body_nested_too_deep_is_answered() {
    let depth = 100_000;
    let body = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    session_survives(&framed(body.as_bytes()), Some(-32700));
}

#[test]
fn a_request_with_arguments_nested_too_deep_is_answered() {
    let depth = 5_000;
    let body = format!(
        r#"{{"jsonrpc":"2.0","id":77,"method":"workspace/executeCommand","params":{{"command":"credlint.scanWorkspace","arguments":[{}{}]}}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    session_survives(&framed(body.as_bytes()), Some(-32700));
}

#[test]
fn a_header_block_without_a_length_is_skipped_and_the_next_message_read() {
    session_survives(b"Content-Type: x\r\n\r\n{}", None);
}

/// A length of gigabytes with a short body: skipped up to the next header,
/// not waited for while the next messages are read as its body.
#[test]
fn a_length_over_the_limit_is_skipped_and_the_next_message_read() {
    session_survives(b"Content-Length: 4000000000\r\n\r\n{}", None);
}

/// A length larger than the body sent (within the limit): the body ends at
/// the next message's header, and is answered as what it is.
#[test]
fn a_body_shorter_than_its_length_ends_at_the_next_header() {
    session_survives(b"Content-Length: 1000000\r\n\r\n{}", Some(-32600));
}

/// Two lengths, the second too large: the last one counts, and the body
/// still ends at the next message's header.
#[test]
fn a_second_larger_length_does_not_swallow_the_next_message() {
    session_survives(
        b"Content-Length: 2\r\nContent-Length: 100\r\n\r\n{}",
        Some(-32600),
    );
}

/// A body of many lines (pretty-printed JSON) holding the text of a header
/// (a document about HTTP) is read whole: a line end in a JSON string is
/// escaped, so the header's text ends no line of the body.
#[test]
fn a_header_quoted_in_a_body_does_not_cut_it() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("http.py");
    let mut server = Server::start(dir.path(), json!({}));
    let text = "HEAD = '''\nContent-Length: 12\n\n'''\npassword = 'Tr0ub4dor&3xK'\n";
    let open = json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": uri(&path), "languageId": "python", "version": 1, "text": text } } });
    let body = serde_json::to_string_pretty(&open).unwrap();
    assert!(body.lines().count() > 5, "{body}");
    server.send_unframed(&framed(body.as_bytes()));
    assert_eq!(
        codes(&server.diagnostics(&path, Some(1))),
        ["secret/hardcoded-credential"]
    );
    server.shutdown();
}

#[test]
fn a_bad_request_with_a_usable_id_is_answered_under_that_id() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut server = Server::start(dir.path(), json!({}));
    server.send_unframed(&framed(br#"{"jsonrpc":"2.0","id":"bad-9","method":5}"#));
    let error = server.wait_for(|m| m["id"] == "bad-9");
    assert_eq!(error["error"]["code"], -32600, "{error}");
    server.shutdown();
}

/// A client that goes away without a word (its end of stdin closed) while
/// the server waits on its answer to `client/registerCapability`.
#[test]
fn the_server_ends_when_its_input_does() {
    let dir = tempfile::TempDir::new().unwrap();
    let server = Server::start(dir.path(), json!({}));
    server.close_input();
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let dir = tempfile::TempDir::new().unwrap();
    let server = Server::start(dir.path(), json!({}));
    assert_eq!(server.exit_unannounced().code(), Some(1));
}

/// A rescan clears a file whose finding was fixed on disk, and never
/// replaces an open document's live diagnostics with the disk's.
#[test]
fn rescans_clear_fixed_files_and_leave_open_documents_alone() {
    let dir = tempfile::TempDir::new().unwrap();
    let leak = dir.path().join("pkg/leak.py");
    let open = dir.path().join("pkg/open.py");
    write(
        dir.path(),
        "pkg/leak.py",
        &format!("T = \"{}\"\n", github_token(63)),
    );
    write(
        dir.path(),
        "pkg/open.py",
        &format!("T = \"{}\"\n", github_token(64)),
    );
    let mut server = Server::start(dir.path(), json!({}));
    // The editor's text of open.py no longer holds the token; the disk's does.
    server.open(&open, "python", "T = settings.T\n");
    assert_eq!(server.diagnostics(&open, Some(1)), Vec::<Value>::new());
    let scan = |server: &mut Server| {
        let response = server.request(
            "workspace/executeCommand",
            json!({ "command": "credlint.scanWorkspace", "arguments": [] }),
        );
        assert!(response.get("error").is_none(), "{response}");
        server.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
    };
    scan(&mut server);
    assert_eq!(
        codes(&server.diagnostics(&leak, None)),
        ["secret/github-pat"]
    );
    let open_uri = uri(&open);
    assert!(
        !server.backlog().iter().any(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == open_uri.as_str()
        }),
        "the scan replaced the open document's diagnostics"
    );
    write(dir.path(), "pkg/leak.py", "T = settings.T\n");
    scan(&mut server);
    assert_eq!(server.diagnostics(&leak, None), Vec::<Value>::new());
    server.shutdown();
}

#[test]
fn scan_workspace_reports_progress_and_files_with_findings() {
    let dir = tempfile::TempDir::new().unwrap();
    write(
        dir.path(),
        "pkg/leak.py",
        &format!("T = \"{}\"\n", github_token(62)),
    );
    write(dir.path(), "pkg/clean.py", "x = 1\n");
    // Binary keystores: the one holding a private key is reported, the
    // certificate-only one is not.
    let keystores =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/secret/keystore-private-key");
    std::fs::create_dir_all(dir.path().join("certs")).unwrap();
    std::fs::copy(
        keystores.join("identity.p12"),
        dir.path().join("certs/server.bin"),
    )
    .unwrap();
    std::fs::copy(
        keystores.join("truststore.p12"),
        dir.path().join("certs/ca.bin"),
    )
    .unwrap();
    let mut server = Server::start(dir.path(), json!({}));
    let response = server.request(
        "workspace/executeCommand",
        json!({ "command": "credlint.scanWorkspace", "arguments": [] }),
    );
    assert!(response.get("error").is_none(), "{response}");
    let diagnostics = server.diagnostics(&dir.path().join("pkg/leak.py"), None);
    assert_eq!(codes(&diagnostics), ["secret/github-pat"]);
    let diagnostics = server.diagnostics(&dir.path().join("certs/server.bin"), None);
    assert_eq!(codes(&diagnostics), ["secret/keystore-private-key"]);
    let end =
        server.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    assert_eq!(end["params"]["value"]["message"], "2 files with findings");
    server.shutdown();
}

/// A folder the walk refuses (its `.gitignore` is a FIFO, which `check`
/// reports as an error) is not skipped silently by the workspace scan: the
/// user is told once, and the rest is scanned.
#[cfg(unix)]
#[test]
fn scan_workspace_tells_the_user_of_a_folder_it_could_not_walk() {
    let dir = tempfile::TempDir::new().unwrap();
    write(dir.path(), "a.env", &format!("T={}\n", github_token(72)));
    write(
        dir.path(),
        "sub/b.env",
        &format!("T={}\n", github_token(73)),
    );
    crate::common::fifo(&dir.path().join("sub/.gitignore"));
    let mut server = Server::start(dir.path(), json!({}));
    let response = server.request(
        "workspace/executeCommand",
        json!({ "command": "credlint.scanWorkspace", "arguments": [] }),
    );
    assert!(response.get("error").is_none(), "{response}");
    let message = server.wait_for(|m| m["method"] == "window/showMessage");
    let text = message["params"]["message"].as_str().unwrap();
    assert!(
        text.contains("not scanned") && text.contains("sub"),
        "{text}"
    );
    assert!(text.contains("a FIFO"), "{text}");
    let end =
        server.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    assert_eq!(end["params"]["value"]["message"], "1 files with findings");
    server.shutdown();
}

#[test]
fn project_rules_follow_the_template() {
    let dir = tempfile::TempDir::new().unwrap();
    write(dir.path(), "credlint.toml", "extend-select = ['env']\n");
    write(dir.path(), "mcp_env.example", "API_KEY=your-api-key-here\n");
    let settings = dir.path().join("mcp_app_settings.py");
    let text = "import os\nAPI_KEY = os.environ['API_KEY']\nDB_URL = os.environ['DB_URL']\n";
    write(dir.path(), "mcp_app_settings.py", text);
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&settings, "python", text);
    // The project's facts are gathered after the first publish, which may
    // come without the project findings; the next one has them.
    let diagnostics = server.diagnostics_until(&settings, Some(1), |codes| !codes.is_empty());
    assert_eq!(codes(&diagnostics), ["env/undocumented-variable"]);
    assert_eq!(range(&diagnostics[0])[0], 2);
    // The template gains the variable; saving the settings module re-reads the project.
    write(
        dir.path(),
        "mcp_env.example",
        "API_KEY=your-api-key-here\nDB_URL=postgres://localhost/app\n",
    );
    server.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri(&settings) } }),
    );
    assert_eq!(server.diagnostics(&settings, Some(1)), Vec::<Value>::new());
    server.shutdown();
}

/// A template entry that other code names is not unused (as on the
/// command line); saving that code gathers the project's facts again, so
/// the template's hint follows the code without a reload.
#[test]
fn a_saved_read_outside_the_settings_module_clears_the_unused_entry() {
    let dir = tempfile::TempDir::new().unwrap();
    let entries = "API_KEY=your-api-key-here\nLEGACY_TOKEN=your-legacy-token-here\n";
    write(dir.path(), "mcp_env.example", entries);
    let settings = "import os\nAPI_KEY = os.environ['API_KEY']\n";
    write(dir.path(), "mcp_app_settings.py", settings);
    let (template, client) = (
        dir.path().join("mcp_env.example"),
        dir.path().join("client.py"),
    );
    write(dir.path(), "client.py", "x = 1\n");
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&template, "plaintext", entries);
    server.diagnostics_until(&template, Some(1), |codes| {
        codes == ["env/unused-template-variable"]
    });
    let read = "import os\ntoken = os.getenv('LEGACY_TOKEN')\n";
    write(dir.path(), "client.py", read);
    server.open(&client, "python", read);
    server.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri(&client) } }),
    );
    server.diagnostics_until(&template, Some(1), |codes| codes.is_empty());
    assert_eq!(
        codes(&server.diagnostics_until(&client, Some(1), |codes| !codes.is_empty())),
        ["env/direct-access"]
    );
    server.shutdown();
}

/// A code file naming a template entry, created and deleted outside the
/// editor (a checkout, a file manager): the server has the client watch
/// code files, as a client does only for the globs registered, and the
/// template's hint follows (a19 #6).
#[test]
fn code_created_or_deleted_on_disk_updates_the_template_s_hints() {
    let dir = tempfile::TempDir::new().unwrap();
    let entries = "API_KEY=your-api-key-here\nLEGACY_TOKEN=your-legacy-token-here\n";
    write(dir.path(), "mcp_env.example", entries);
    write(
        dir.path(),
        "mcp_app_settings.py",
        "import os\nAPI_KEY = os.environ['API_KEY']\n",
    );
    let template = dir.path().join("mcp_env.example");
    let client = dir.path().join("pkg/client.py");
    let mut server = Server::start(dir.path(), json!({}));
    let registration = server.wait_for(|m| {
        m["method"] == "client/registerCapability"
            && m["params"]["registrations"][0]["id"] == "credlint-config"
    });
    let globs: Vec<String> = registration["params"]["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["registerOptions"]["watchers"].as_array().unwrap().clone())
        .filter_map(|w| w["globPattern"].as_str().map(str::to_owned))
        .collect();
    // The registration's code globs are `**/*.<extension>`.
    let watched = |path: &Path| {
        let extension = path.extension().unwrap().to_str().unwrap();
        globs.iter().any(|g| *g == format!("**/*.{extension}"))
    };
    server.open(&template, "plaintext", entries);
    server.diagnostics_until(&template, Some(1), |codes| {
        codes == ["env/unused-template-variable"]
    });
    write(
        dir.path(),
        "pkg/client.py",
        "import os\ntoken = os.getenv('LEGACY_TOKEN')\n",
    );
    assert!(watched(&client), "{globs:?}");
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&client), "type": 1 }] }),
    );
    server.diagnostics_until(&template, Some(1), |codes| codes.is_empty());
    std::fs::remove_file(&client).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&client), "type": 3 }] }),
    );
    server.diagnostics_until(&template, Some(1), |codes| {
        codes == ["env/unused-template-variable"]
    });
    server.shutdown();
}

/// In a 2,000-file workspace, an opened file's own findings are published
/// at once; the project's facts (a walk of the whole workspace) are
/// gathered in the background and the project findings follow in a later
/// publish, never before the first.
#[test]
fn diagnostics_do_not_wait_for_the_project_facts() {
    let dir = tempfile::TempDir::new().unwrap();
    write(dir.path(), "mcp_env.example", "API_KEY=your-api-key-here\n");
    for i in 0..2_000 {
        write(dir.path(), &format!("pkg/mod_{i}.py"), "x = 1\n");
    }
    let settings = dir.path().join("mcp_app_settings.py");
    let text = format!(
        "import os\nGITHUB_TOKEN = \"{}\"\nDB_URL = os.environ['DB_URL']\n",
        github_token(7)
    );
    write(dir.path(), "mcp_app_settings.py", &text);
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&settings, "python", &text);
    assert_eq!(
        codes(&server.diagnostics(&settings, Some(1))),
        ["secret/github-pat"]
    );
    let diagnostics = server.diagnostics_until(&settings, Some(1), |codes| codes.len() > 1);
    assert_eq!(
        codes(&diagnostics),
        ["secret/github-pat", "env/undocumented-variable"]
    );
    server.shutdown();
}

/// An opened code file that the project facts cannot judge (not the
/// settings module, not a file the walk judges) is analysed once: the
/// facts arriving do not start a second analysis of the same version,
/// which cancelled the first, so that its first diagnostics waited for
/// two analyses (e27: every opened file parsed twice). What is published
/// is the command line's answer. The env template, analysed once the
/// facts are in, tells when they are.
#[test]
fn facts_that_cannot_judge_a_document_do_not_analyse_it_again() {
    let dir = tempfile::TempDir::new().unwrap();
    let template = "API_KEY=your-api-key-here\n";
    write(dir.path(), "mcp_env.example", template);
    write(
        dir.path(),
        "mcp_app_settings.py",
        "import os\nAPI_KEY = os.environ['API_KEY']\n",
    );
    let text = format!(
        "import os\nGITHUB_TOKEN = \"{}\"\nDB_URL = os.environ['DB_URL']\n",
        github_token(11)
    );
    write(dir.path(), "app.py", &text);
    let app = dir.path().join("app.py");
    // Rust: build-script code is where the template rule runs; other code not.
    let rust = "pub fn db() -> Option<String> {\n    std::env::var(\"DB_URL\").ok()\n}\n";
    let build = "fn main() {\n    println!(\"cargo:rerun-if-env-changed=DB_URL\");\n    let _ = std::env::var(\"DB_URL\");\n}\n";
    write(dir.path(), "lib.rs", rust);
    write(dir.path(), "helper.rs", build);
    let (lib, helper) = (dir.path().join("lib.rs"), dir.path().join("helper.rs"));
    let mut server = Server::start_traced(dir.path(), json!({}));
    server.open(&app, "python", &text);
    server.open(&lib, "rust", rust);
    server.open(&helper, "rust", build);
    let published = starts(&server.diagnostics(&app, Some(1)));
    server.diagnostics_until(&helper, Some(1), |codes| {
        codes.contains(&"env/undocumented-variable".to_owned())
    });
    let template_path = dir.path().join("mcp_env.example");
    server.open(&template_path, "plaintext", template);
    server.diagnostics(&template_path, Some(1));
    // Every message sent before the answer to a request is in.
    let position =
        json!({ "textDocument": { "uri": uri(&app) }, "position": { "line": 0, "character": 0 } });
    server.request("textDocument/hover", position);
    let started = |m: &&Value| {
        m["method"] == "$/logTrace"
            && m["params"]["message"] == "analysis started: python document, version 1"
    };
    let analyses = server.backlog().iter().filter(started).count();
    assert_eq!(analyses, 1, "{:#?}", server.backlog());
    let rust_analyses = (server.backlog().iter())
        .filter(|m| m["params"]["message"] == "analysis started: rust document, version 1")
        .count();
    // lib.rs once; helper.rs once, or twice when it was analysed before the facts arrived.
    assert!((2..=3).contains(&rust_analyses), "{:#?}", server.backlog());
    let cli = findings_of(dir.path(), &["check", "--format", "json", "app.py"]);
    assert_eq!(published, cli);
    assert_eq!(
        codes_of(&published),
        ["secret/github-pat", "env/direct-access"]
    );
    server.shutdown();
}

fn codes_of(starts: &[(String, [u64; 2])]) -> Vec<&str> {
    starts.iter().map(|(code, _)| code.as_str()).collect()
}

/// The documents the project facts judge (a dotenv file, the env
/// template) are first published with their real answer, once the facts
/// are gathered, not with an empty list that the facts then replace
/// (a20 #5: the editor said "no problem" first). A code file's own
/// findings still come first (the test above).
#[test]
fn a_dotenv_file_s_first_diagnostics_are_its_real_answer() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().canonicalize().unwrap();
    crate::common::git_init(&root);
    let template = "DB_URL=\nLEGACY_TOKEN=\n";
    write(&root, "mcp_env.example", template);
    write(
        &root,
        "mcp_app_settings.py",
        "import os\nDB_URL = os.environ['DB_URL']\n",
    );
    let text = "DB_URL=x\n";
    write(&root, ".env.local", text);
    let dotenv = root.join(".env.local");
    let mut server = Server::start(&root, json!({}));
    server.open(&dotenv, "plaintext", text);
    assert_eq!(
        codes(&server.diagnostics(&dotenv, Some(1))),
        ["env/dotenv-not-ignored"]
    );
    let template_path = root.join("mcp_env.example");
    server.open(&template_path, "plaintext", template);
    assert_eq!(
        codes(&server.diagnostics(&template_path, Some(1))),
        ["env/unused-template-variable"]
    );
    server.shutdown();
}

/// a20 #5 for every kind of file the project's walk judges: a
/// `.gitignore`, a plain `.env` and each other env template name, opened
/// in a fresh session, are first published with their real answer, never
/// an empty list that the facts then replace.
#[test]
fn every_file_the_walk_judges_is_first_published_with_its_real_answer() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().canonicalize().unwrap();
    crate::common::git_init(&root);
    let template = "DB_URL=\nLEGACY_TOKEN=\n";
    write(
        &root,
        "mcp_app_settings.py",
        "import os\nDB_URL = os.environ['DB_URL']\n",
    );
    write(&root, ".gitignore", "target/\n");
    write(&root, ".env", "DB_URL=x\n");
    let cases: &[(&str, &str, &[&str])] = &[
        (".gitignore", "target/\n", &["env/dotenv-not-ignored"]),
        (".env", "DB_URL=x\n", &["env/dotenv-not-ignored"]),
        (".env.example", template, &["env/unused-template-variable"]),
        (".env.template", template, &["env/unused-template-variable"]),
    ];
    for (name, text, expected) in cases {
        // One template at a time: the project's template is the one there.
        for (other, _, _) in &cases[2..] {
            let _ = std::fs::remove_file(root.join(other));
        }
        if name.starts_with(".env.") {
            write(&root, name, text);
        }
        let path = root.join(name);
        let mut server = Server::start(&root, json!({}));
        server.open(&path, "plaintext", text);
        assert_eq!(
            codes(&server.diagnostics(&path, Some(1))),
            *expected,
            "{name}"
        );
        server.shutdown();
    }
}

/// A document whose configuration is slow to resolve holds up no other
/// document: the first `didOpen` below needs git to find its project root
/// (its folder has no configuration file and holds a `.git`), and git waits for the test's
/// word; a second document opened meanwhile gets its diagnostics, and only
/// then is git let go. A server that resolved configurations under its
/// session lock would never answer the second (the first holds the lock
/// until git returns), and the test fails on the harness's timeout.
#[cfg(unix)]
#[test]
fn a_slow_configuration_does_not_hold_up_other_documents() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::TempDir::new().unwrap();
    let found = Command::new("sh")
        .args(["-c", "command -v git"])
        .output()
        .unwrap();
    let git = String::from_utf8(found.stdout).unwrap().trim().to_owned();
    assert!(!git.is_empty(), "git is needed on PATH");
    let entered = dir.path().join("entered");
    let gate = dir.path().join("gate");
    // Any git run in the held folder says so, then waits for the gate.
    let script = format!(
        "#!/bin/sh\ncase \"$(pwd -P)\" in\n  */held-by-git*)\n    : > '{}'\n    while [ ! -e '{}' ]; do sleep 0.05; done ;;\nesac\nexec '{git}' \"$@\"\n",
        entered.display(),
        gate.display(),
    );
    write(dir.path(), "bin/git", &script);
    let wrapper = dir.path().join("bin/git");
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let held = dir.path().join("held-by-git/app.py");
    write(dir.path(), "held-by-git/app.py", "x = 1\n");
    // An entry named `.git` (not a repository git accepts): outside any,
    // the server does not ask git at all.
    std::fs::create_dir(dir.path().join("held-by-git/.git")).unwrap();
    write(dir.path(), "quick/credlint.toml", "extend = false\n");
    let quick = dir.path().join("quick/app.py");
    let text = format!("GITHUB_TOKEN = \"{}\"\n", github_token(3));
    write(dir.path(), "quick/app.py", &text);
    let mut path = std::ffi::OsString::from(dir.path().join("bin"));
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    let capabilities =
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    let mut server = Server::start_in(dir.path(), json!({}), capabilities, &[("PATH", path)]);
    server.open(&held, "python", "x = 1\n");
    // Wait until the held document's resolution is inside git.
    let deadline = Instant::now() + TIMEOUT;
    while !entered.exists() {
        assert!(
            Instant::now() < deadline,
            "the server never ran git for the held folder"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    server.open(&quick, "python", &text);
    assert_eq!(
        codes(&server.diagnostics(&quick, Some(1))),
        ["secret/github-pat"]
    );
    let held_uri = uri(&held);
    assert!(
        !server
            .backlog()
            .iter()
            .any(|m| m["params"]["uri"] == held_uri.as_str()),
        "the held document was published before git returned"
    );
    std::fs::write(&gate, "").unwrap();
    assert_eq!(
        codes(&server.diagnostics(&held, Some(1))),
        Vec::<String>::new()
    );
    server.shutdown();
}

#[test]
fn no_payload_quotes_a_secret_of_the_document() {
    let dir = tempfile::TempDir::new().unwrap();
    write(dir.path(), "credlint.toml", crate::common::PLANTED_CONFIG);
    write(dir.path(), "mcp_app_settings.py", "import os\n");
    let path = dir.path().join("app.py");
    let crate::common::Planted { text, secrets } = crate::common::planted_secrets(62);
    for options in [json!({}), json!({ "select": ["env"] })] {
        let mut server = Server::start(dir.path(), options);
        server.open(&path, "python", &text);
        let mut payloads = vec![json!(server.diagnostics(&path, Some(1)))];
        for line in 0..6 {
            for character in [0, 8, 20, 40, 60] {
                let at = json!({ "line": line, "character": character });
                payloads.push(server.request(
                    "textDocument/hover",
                    json!({ "textDocument": { "uri": uri(&path) }, "position": at }),
                ));
            }
            payloads.push(server.request(
                "textDocument/codeAction",
                json!({ "textDocument": { "uri": uri(&path) }, "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 200 } }, "context": { "diagnostics": [] } }),
            ));
        }
        let shown = serde_json::to_string(&payloads).unwrap();
        assert_eq!(crate::common::leaked(&shown, &secrets), None, "{shown}");
        server.shutdown();
    }
}

#[test]
fn positions_agree_with_the_command_line_whatever_the_line_endings() {
    let dir = tempfile::TempDir::new().unwrap();
    let token = github_token(65);
    // A lone CR ends a line; a form feed and U+2028 do not.
    let text = format!("x = 1\x0c y = 2\u{2028} z\rT = \"{token}\"\r\nU = 'é {token}'\n");
    write(dir.path(), "app.py", &text);
    let cli: Vec<[u64; 2]> = crate::common::json_findings(
        dir.path(),
        &["check", "--isolated", "--format", "json", "app.py"],
    )
    .iter()
    .map(|f| {
        [
            f["start"]["line"].as_u64().unwrap() - 1,
            f["start"]["column"].as_u64().unwrap() - 1,
        ]
    })
    .collect();
    assert_eq!(cli, [[1, 5], [2, 7]]);
    let mut server = Server::start(dir.path(), json!({}));
    let path = dir.path().join("app.py");
    server.open(&path, "python", &text);
    let lsp: Vec<[u64; 2]> = server
        .diagnostics(&path, Some(1))
        .iter()
        .map(|d| {
            let [line, character, ..] = range(d);
            [line, character]
        })
        .collect();
    assert_eq!(lsp, cli);
    server.shutdown();
}

#[test]
fn workspace_folders_added_are_scanned_and_removed_ones_cleared() {
    let dir = tempfile::TempDir::new().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    write(&a, "clean.py", "x = 1\n");
    write(
        &b,
        "pkg/leak.py",
        &format!("T = \"{}\"\n", github_token(66)),
    );
    // B's root holds an env template; its settings module, in a subfolder,
    // is judged by it only once B is a workspace folder (the fallback
    // project root: no configuration file, no git).
    write(&b, "mcp_env.example", "API_KEY=your-api-key-here\n");
    let settings_text = "import os\nDB_URL = os.environ['DB_URL']\n";
    write(&b, "pkg/mcp_app_settings.py", settings_text);
    let settings = b.join("pkg/mcp_app_settings.py");
    let leak = b.join("pkg/leak.py");
    let mut server = Server::start(&a, json!({}));
    assert_eq!(
        server.capabilities["workspace"]["workspaceFolders"],
        json!({ "supported": true, "changeNotifications": true })
    );
    server.open(&settings, "python", settings_text);
    assert_eq!(server.diagnostics(&settings, Some(1)), Vec::<Value>::new());

    let folders = |added: &[&Path], removed: &[&Path]| {
        let list = |paths: &[&Path]| -> Vec<Value> {
            paths
                .iter()
                .map(|p| json!({ "uri": uri(p), "name": "b" }))
                .collect()
        };
        json!({ "event": { "added": list(added), "removed": list(removed) } })
    };
    server.notify("workspace/didChangeWorkspaceFolders", folders(&[&b], &[]));
    // The added folder is scanned: the file nobody opened gets its finding.
    assert_eq!(
        codes(&server.diagnostics(&leak, None)),
        ["secret/github-pat"]
    );
    // The open document is judged with B as its project root now.
    let diagnostics = server.diagnostics_until(&settings, Some(1), |codes| !codes.is_empty());
    assert_eq!(codes(&diagnostics), ["env/undocumented-variable"]);
    // A's settings module, also without a configuration file, is judged by
    // A's (template-less) root, not by the configuration B's file resolved.
    let a_settings = a.join("mcp_app_settings.py");
    write(&a, "mcp_app_settings.py", settings_text);
    server.open(&a_settings, "python", settings_text);
    assert_eq!(
        server.diagnostics(&a_settings, Some(1)),
        Vec::<Value>::new()
    );

    server.notify("workspace/didChangeWorkspaceFolders", folders(&[], &[&b]));
    assert_eq!(server.diagnostics(&leak, None), Vec::<Value>::new());
    let diagnostics = server.diagnostics_until(&settings, Some(1), |codes| codes.is_empty());
    assert_eq!(diagnostics, Vec::<Value>::new());
    server.shutdown();
}

/// a14 #3: the language server's messages name files, and a folder named
/// after a password no analysed file holds (the editor's buffer is all the
/// server reads of it) shows it redacted, as every path shown does.
#[test]
fn a_message_naming_a_folder_named_after_a_password_hides_it() {
    use crate::common::{fake_token, leaked, ALNUM};
    let dir = tempfile::TempDir::new().unwrap();
    write(dir.path(), "credlint.toml", "max-file-size = 20\n");
    // No `#`, which a file's URI would read as a fragment.
    let password = format!(
        "{}!{}",
        fake_token("", ALNUM, 10, 155),
        fake_token("", ALNUM, 8, 156)
    );
    let big = dir.path().join(&password).join("big.py");
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&big, "python", &"# padding\n".repeat(5));
    let message = server.wait_for(|m| m["method"] == "window/showMessage");
    let text = message["params"]["message"].as_str().unwrap();
    assert!(
        text.contains("big.py is larger than max-file-size"),
        "{text}"
    );
    assert_eq!(leaked(text, &[password]), None, "{text}");
    server.shutdown();
}

#[test]
fn documents_over_max_file_size_get_the_token_check_only_and_the_user_is_told_once() {
    let dir = tempfile::TempDir::new().unwrap();
    write(dir.path(), "credlint.toml", "max-file-size = 200\n");
    let token = github_token(67);
    let big_text = format!(
        "T = \"{token}\"\nimport os\nos.getenv('A')\n{}",
        "# padding\n".repeat(20)
    );
    assert!(big_text.len() > 200);
    let small_text = format!("T = \"{token}\"\n");
    let (big, small) = (dir.path().join("big.py"), dir.path().join("small.py"));
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&big, "python", &big_text);
    // The token, not the environment read; the command line's note on line 1.
    let oversized = |diagnostics: Vec<Value>| {
        let coded: Vec<Value> = (diagnostics.iter())
            .filter(|d| d["code"].is_string())
            .cloned()
            .collect();
        assert_eq!(codes(&coded), ["secret/github-pat"], "{diagnostics:?}");
        assert!(diagnostics.iter().any(|d| d["message"]
            .as_str()
            .is_some_and(|m| m.ends_with("checked for provider tokens only"))));
    };
    oversized(server.diagnostics(&big, Some(1)));
    let message = server.wait_for(|m| m["method"] == "window/showMessage");
    assert_eq!(
        message["params"]["message"],
        "credlint: big.py is larger than max-file-size (200 bytes); checked for provider tokens only"
    );
    // An edit that keeps it over the limit: the same, and no second message.
    server.change(&big, 2, json!([{ "text": format!("{big_text}# more\n") }]));
    oversized(server.diagnostics(&big, Some(2)));
    server.open(&small, "python", &small_text);
    assert_eq!(
        codes(&server.diagnostics(&small, Some(1))),
        ["secret/github-pat"]
    );
    // A request's answer comes after anything the edit's analysis sent.
    server.request("textDocument/hover", json!({ "textDocument": { "uri": uri(&small) }, "position": { "line": 0, "character": 0 } }));
    let messages: Vec<&Value> = server
        .backlog()
        .iter()
        .filter(|m| m["method"] == "window/showMessage")
        .collect();
    assert!(messages.is_empty(), "{messages:?}");
    // Back under the limit it is analysed whole; past it again, the user is told again.
    server.change(&big, 3, json!([{ "text": small_text }]));
    assert_eq!(
        codes(&server.diagnostics(&big, Some(3))),
        ["secret/github-pat"]
    );
    server.change(&big, 4, json!([{ "text": big_text }]));
    oversized(server.diagnostics(&big, Some(4)));
    server.wait_for(|m| m["method"] == "window/showMessage");
    server.shutdown();
}

/// Every version a user types, one character a change, gets the findings
/// the command line gives the same text: in Rust (whose half-typed literal
/// breaks the parse, and the server reparses incrementally) and in Python.
#[test]
fn typing_a_credential_gives_the_command_line_s_findings_at_every_version() {
    let token = github_token(71);
    let cases = [
        (
            "lib.rs",
            "rust",
            "use std::env;\n\npub fn connect() -> String {\n    let region = env::var(\"REGION\").unwrap_or_default();\n    let api_key = ;\n    format!(\"{region}{api_key}\")\n}\n",
            "    let api_key = ",
        ),
        (
            "app.py",
            "python",
            "import os\n\nREGION = os.environ.get(\"REGION\")\nAPI_KEY = \n\n\ndef connect():\n    return REGION + API_KEY\n",
            "API_KEY = ",
        ),
    ];
    for (name, language, start, before) in cases {
        let dir = tempfile::TempDir::new().unwrap();
        write(dir.path(), name, start);
        let path = dir.path().join(name);
        let line = start.lines().position(|l| l.starts_with(before)).unwrap() as u64;
        let mut server = Server::start(dir.path(), json!({}));
        server.open(&path, language, start);
        server.diagnostics(&path, Some(1));
        let mut text = start.to_owned();
        let mut at = text.find(before).unwrap() + before.len();
        let typed = format!("\"{token}\"");
        let mut last = Vec::new();
        for (version, c) in (2..).zip(typed.chars()) {
            let character = (at - text[..at].rfind('\n').map_or(0, |i| i + 1)) as u64;
            let position = json!({ "line": line, "character": character });
            server.change(
                &path,
                version,
                json!([{ "range": { "start": position, "end": position }, "text": c.to_string() }]),
            );
            text.insert(at, c);
            at += c.len_utf8();
            write(dir.path(), name, &text);
            let cli = cli_findings(dir.path(), name);
            let lsp = starts(&server.diagnostics(&path, Some(version)));
            assert_eq!(lsp, cli, "{name} at version {version}:\n{text}");
            last = cli;
        }
        let rules: Vec<&str> = last.iter().map(|(rule, _)| rule.as_str()).collect();
        assert!(
            rules.contains(&"secret/github-pat") && rules.contains(&"env/direct-access"),
            "{name}, typed whole, has a token and a direct read: {rules:?}"
        );
        server.shutdown();
    }
}

/// A Rust buffer of 20,000 `use` declarations, edited at its top: every
/// item is read again, under a new context of all the `use`s. The context
/// was written into each item's memo key, cloned and charged to the memo
/// per item, so the work grew with the square of the `use`s and the memo
/// emptied itself every few items: no diagnostics within 60 s in a release
/// build (a17 #2). Now the edit's diagnostics arrive within the client's
/// usual wait.
#[test]
fn a_rust_buffer_of_thousands_of_uses_is_read_again_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let uses: String = (0..20_000)
        .map(|i| format!("use std::env::var as v{i};\n"))
        .collect();
    let text = format!("{uses}fn main() {{\n    let x = v1(\"REGION\");\n}}\n");
    let path = dir.path().join("lib.rs");
    write(dir.path(), "lib.rs", &text);
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "rust", &text);
    server.diagnostics(&path, Some(1));
    let at = |character: u32| json!({ "line": 0, "character": character });
    server.change(
        &path,
        2,
        json!([{ "range": { "start": at(4), "end": at(4) }, "text": "::" }]),
    );
    server.change(
        &path,
        3,
        json!([{ "range": { "start": at(4), "end": at(6) }, "text": "" }]),
    );
    let diagnostics = server.diagnostics(&path, Some(3));
    assert_eq!(codes(&diagnostics), ["env/direct-access"]);
    server.shutdown();
}

/// The command line's findings on `name` in `dir` (`--isolated`), as
/// (rule, 0-based line and character), sorted.
fn cli_findings(dir: &Path, name: &str) -> Vec<(String, [u64; 2])> {
    findings_of(dir, &["check", "--isolated", "--format", "json", name])
}

/// [`cli_findings`] for a `credlint <args>` command (`--format json`).
fn findings_of(dir: &Path, args: &[&str]) -> Vec<(String, [u64; 2])> {
    let mut cli: Vec<(String, [u64; 2])> = crate::common::json_findings(dir, args)
        .iter()
        .map(|f| {
            let start = [
                f["start"]["line"].as_u64().unwrap() - 1,
                f["start"]["column"].as_u64().unwrap() - 1,
            ];
            (f["rule"].as_str().unwrap().to_owned(), start)
        })
        .collect();
    cli.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    cli
}

/// Diagnostics as (rule, line and character of their start), sorted as
/// [`cli_findings`] sorts.
fn starts(diagnostics: &[Value]) -> Vec<(String, [u64; 2])> {
    let mut starts: Vec<(String, [u64; 2])> = diagnostics
        .iter()
        .map(|d| {
            let [line, character, ..] = range(d);
            (d["code"].as_str().unwrap().to_owned(), [line, character])
        })
        .collect();
    starts.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    starts
}

/// A broken Rust buffer is read, at each keystroke, from its incremental
/// tree (a fresh parse of a 10,000-line file cost 40–80 ms a key); once the
/// edits pause, the version is analysed again from a fresh parse, so the
/// diagnostics left on screen are the command line's whatever the edit
/// history. A burst of keystrokes sent without waiting ends with the final
/// version's diagnostics, and no older version's are published after them.
#[test]
fn a_broken_rust_buffer_settles_on_the_command_line_s_findings() {
    let token = github_token(72);
    let dir = tempfile::TempDir::new().unwrap();
    let start = "use std::env;\n\npub fn connect() -> String {\n    let region = env::var(\"REGION\").unwrap_or_default();\n    region\n}\n\n#[derive(Debug)]\npub struct Client {\n    pub retries: u32,\n}\n";
    write(dir.path(), "lib.rs", start);
    let path = dir.path().join("lib.rs");
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "rust", start);
    server.diagnostics(&path, Some(1));
    // A stray word before a statement, then an unclosed literal typed a
    // character a change, without waiting, above the struct.
    let at = |line: u64, character: u64| json!({ "line": line, "character": character });
    server.change(
        &path,
        2,
        json!([{ "range": { "start": at(4, 4), "end": at(4, 4) }, "text": "oops " }]),
    );
    let mut text = start.replacen("    region\n", "    oops region\n", 1);
    write(dir.path(), "lib.rs", &text);
    let cli = cli_findings(dir.path(), "lib.rs");
    let settled = loop {
        let diagnostics = starts(&server.diagnostics(&path, Some(2)));
        if diagnostics == cli {
            break diagnostics;
        }
    };
    assert!(settled.iter().any(|(rule, _)| rule == "env/direct-access"));

    let typed = format!("const API_KEY: &str = \"{token}");
    let line = start.lines().position(|l| l == "#[derive(Debug)]").unwrap() as u64;
    let mut version = 2;
    for (at_char, c) in (0..).zip(typed.chars()) {
        version += 1;
        server.change(
            &path,
            version,
            json!([{ "range": { "start": at(line, at_char), "end": at(line, at_char) }, "text": c.to_string() }]),
        );
    }
    let offset = text.find("#[derive(Debug)]").unwrap();
    text.insert_str(offset, &typed);
    write(dir.path(), "lib.rs", &text);
    let cli = cli_findings(dir.path(), "lib.rs");
    let last = version;
    let settled = server.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["version"] == last
            && starts(m["params"]["diagnostics"].as_array().unwrap()) == cli
    });
    assert_eq!(settled["params"]["version"], last);
    let published: Vec<i64> = server
        .backlog()
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    assert!(
        published.windows(2).all(|w| w[0] <= w[1]),
        "versions published out of order: {published:?}"
    );
    assert!(
        cli.iter().any(|(rule, _)| rule == "secret/github-pat"),
        "{cli:?}"
    );
    server.shutdown();
}

/// The settled analysis of a version read from a broken Rust tree (see
/// above) publishes only when it finds otherwise than the broken tree's
/// reading did: an unchanged result is not sent again, so the editor does
/// not redraw the same diagnostics 150 ms after every pause.
#[test]
fn a_settled_analysis_that_changes_nothing_publishes_nothing() {
    let dir = tempfile::TempDir::new().unwrap();
    let start = "use std::env;\n\npub fn connect() -> String {\n    env::var(\"REGION\").unwrap_or_default()\n}\n";
    write(dir.path(), "lib.rs", start);
    let path = dir.path().join("lib.rs");
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "rust", start);
    server.diagnostics(&path, Some(1));
    // An unclosed item at the end: the read before it is the same whether
    // the tree is the incremental one or a fresh parse.
    let end = start.lines().count() as u64;
    let at = json!({ "line": end, "character": 0 });
    server.change(
        &path,
        2,
        json!([{ "range": { "start": at, "end": at }, "text": "fn broken( {\n" }]),
    );
    let read = server.diagnostics(&path, Some(2));
    assert_eq!(codes(&read), ["env/direct-access"]);
    // Long past the settle (150 ms after the last edit), a request answered
    // in order: whatever was published before it is in the backlog.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&path) }, "position": { "line": 0, "character": 0 } }),
    );
    let again: Vec<&Value> = (server.backlog().iter())
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert!(again.is_empty(), "published again: {again:?}");
    // A later edit is published as usual.
    server.change(
        &path,
        3,
        json!([{ "range": { "start": at, "end": { "line": end + 1, "character": 0 } }, "text": "" }]),
    );
    assert_eq!(
        codes(&server.diagnostics(&path, Some(3))),
        ["env/direct-access"]
    );
    server.shutdown();
}

/// An opened Rust document is parsed whole by its first analysis, read
/// item by item, and keeps that tree for its first edit: its diagnostics,
/// at the opening and after that edit, are the command line's (which reads
/// the file's parts), and a broken file's, read from that fresh parse, are
/// published once.
#[test]
fn an_opened_rust_file_is_read_from_one_parse_kept_for_its_first_edit() {
    let token = github_token(74);
    let dir = tempfile::TempDir::new().unwrap();
    let text = format!(
        "use std::env;\n\npub fn connect() -> String {{\n    env::var(\"REGION\").unwrap_or_default()\n}}\n\nconst API_KEY: &str = \"{token}\";\n\n#[derive(Debug)]\npub struct Client {{\n    pub api_token: String,\n}}\n\npub fn show(password: &str) {{\n    println!(\"{{password}}\");\n}}\n"
    );
    write(dir.path(), "lib.rs", &text);
    let path = dir.path().join("lib.rs");
    let cli = cli_findings(dir.path(), "lib.rs");
    assert!(
        ["env/direct-access", "secret/github-pat"]
            .iter()
            .all(|rule| cli.iter().any(|(r, _)| r == rule)),
        "{cli:?}"
    );
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "rust", &text);
    assert_eq!(starts(&server.diagnostics(&path, Some(1))), cli);
    // The first edit, a line above everything.
    let top = json!({ "line": 0, "character": 0 });
    server.change(
        &path,
        2,
        json!([{ "range": { "start": top, "end": top }, "text": "// edited\n" }]),
    );
    write(dir.path(), "lib.rs", &format!("// edited\n{text}"));
    let cli = cli_findings(dir.path(), "lib.rs");
    assert_eq!(starts(&server.diagnostics(&path, Some(2))), cli);

    let broken = format!("{text}fn broken( {{\n");
    write(dir.path(), "broken.rs", &broken);
    let cli = cli_findings(dir.path(), "broken.rs");
    assert!(cli.iter().any(|(r, _)| r == "secret/github-pat"), "{cli:?}");
    let path = dir.path().join("broken.rs");
    server.open(&path, "rust", &broken);
    assert_eq!(starts(&server.diagnostics(&path, Some(1))), cli);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&path) }, "position": { "line": 0, "character": 0 } }),
    );
    let target = uri(&path);
    let again: Vec<&Value> = (server.backlog().iter())
        .filter(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == target.as_str()
        })
        .collect();
    assert!(again.is_empty(), "published again: {again:?}");
    server.shutdown();
}

/// A file over the joint keyword search's DFA threshold (256 KiB) opened
/// first, while the server's warm-up may still be building what the
/// analysis needs: its first diagnostics are the command line's.
#[test]
fn a_large_file_opened_first_gets_the_command_line_s_findings() {
    let token = github_token(73);
    let block = "def handler_{i}(request, retries=3):\n    \"\"\"Handles one request.\"\"\"\n    for attempt in range(retries):\n        if request.ok:\n            return request.body\n    raise RuntimeError(\"gave up\")\n\n\n";
    let mut text = String::from("import os\n\nREGION = os.environ[\"REGION\"]\n\n");
    let mut i = 0;
    while text.len() < 300 << 10 {
        text.push_str(&block.replace("{i}", &i.to_string()));
        i += 1;
        if i == 1000 {
            text.push_str(&format!(
                "GITHUB_TOKEN = \"{token}\"\npassword = \"Tr0ub4dor&3xK\"\n\n"
            ));
        }
    }
    let dir = tempfile::TempDir::new().unwrap();
    write(dir.path(), "big.py", &text);
    let path = dir.path().join("big.py");
    let cli = cli_findings(dir.path(), "big.py");
    let rules: Vec<&str> = cli.iter().map(|(rule, _)| rule.as_str()).collect();
    assert!(
        rules.contains(&"secret/github-pat") && rules.contains(&"env/direct-access"),
        "{rules:?}"
    );
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "python", &text);
    assert_eq!(starts(&server.diagnostics(&path, Some(1))), cli);
    server.shutdown();
}

/// The messages of a document holding a token, whole and glued into names,
/// quote none of it, at opening and after a keystroke: the token windows
/// the messages are hidden by reuse the analysis's keyword search instead
/// of searching the whole text again.
#[test]
fn messages_hide_a_token_the_document_holds_after_each_keystroke() {
    let token = github_token(74);
    let body = &token[token.len() - 16..];
    let text = format!(
        "import os\n\nGITHUB_TOKEN = \"{token}\"\nbackup_{token}_password = \"Tr0ub4dor&3xK\"\nREGION = os.environ[\"REGION\"]\n"
    );
    let dir = tempfile::TempDir::new().unwrap();
    write(dir.path(), "app.py", &text);
    let path = dir.path().join("app.py");
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&path, "python", &text);
    let at = json!({ "line": 0, "character": 0 });
    let quoted = |diagnostics: &[Value]| {
        assert!(!diagnostics.is_empty());
        for d in diagnostics {
            let shown = d.to_string();
            assert!(!shown.contains(body), "{shown}");
        }
    };
    quoted(&server.diagnostics(&path, Some(1)));
    server.change(
        &path,
        2,
        json!([{ "range": { "start": at, "end": at }, "text": "#" }]),
    );
    quoted(&server.diagnostics(&path, Some(2)));
    server.shutdown();
}

/// A Rust file its parent declares under `#[cfg(test)]` is test code in the
/// editor as on the command line, and is judged again when the parent
/// changes: edited in the editor (with or without the attribute), closed
/// (its file on disk counts again) or changed on disk.
#[test]
fn a_child_is_judged_again_when_its_parent_declares_it_test_code_or_not() {
    let dir = tempfile::TempDir::new().unwrap();
    let test_root = "mod app;\n#[cfg(test)]\nmod fakes;\n";
    let program_root = "mod app;\nmod fakes;\n";
    write(dir.path(), "src/lib.rs", test_root);
    let fakes_text =
        "pub fn host() -> String {\n    std::env::var(\"FAKE_HOST\").unwrap_or_default()\n}\n";
    write(dir.path(), "src/fakes.rs", fakes_text);
    let (lib, fakes) = (
        dir.path().join("src/lib.rs"),
        dir.path().join("src/fakes.rs"),
    );
    let mut server = Server::start(dir.path(), json!({}));
    server.open(&fakes, "rust", fakes_text);
    assert_eq!(
        codes(&server.diagnostics(&fakes, Some(1))),
        Vec::<String>::new()
    );

    // The parent edited in the editor, unsaved: the attribute removed, then back.
    server.open(&lib, "rust", test_root);
    server.change(&lib, 2, json!([{ "text": program_root }]));
    server.diagnostics_until(&fakes, Some(1), |codes| codes == ["env/direct-access"]);
    server.change(&lib, 3, json!([{ "text": test_root }]));
    server.diagnostics_until(&fakes, Some(1), |codes| codes.is_empty());

    // Closed with the attribute removed: the file on disk (which has it) counts.
    server.change(&lib, 4, json!([{ "text": program_root }]));
    server.diagnostics_until(&fakes, Some(1), |codes| codes == ["env/direct-access"]);
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri(&lib) } }),
    );
    server.diagnostics_until(&fakes, Some(1), |codes| codes.is_empty());

    // Changed on disk, as a file watcher tells.
    write(dir.path(), "src/lib.rs", program_root);
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&lib), "type": 2 }] }),
    );
    server.diagnostics_until(&fakes, Some(1), |codes| codes == ["env/direct-access"]);
    server.shutdown();
}
