//! One file, one answer: in a monorepo whose packages carry their own
//! configuration, settings module and env template, every file gets the same
//! findings from `credlint check FILE`, from `credlint check` at the root and
//! in its package, from the language server's diagnostics after `didOpen`,
//! and from the server's workspace scan.

use crate::common::{git_init, github_token, json_findings, write};
use crate::lsp::{codes, uri, Server};
use pretty_assertions::assert_eq;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// Three packages and a root configuration, in a git work tree:
/// - `api`: its own settings module (`api/config.py`) and template, so its
///   settings module may read the environment and the template rules apply;
/// - `worker`: ignores the environment rules, and keeps a token;
/// - `web`: no configuration of its own, so the root's applies.
fn monorepo(dir: &Path) -> Vec<&'static str> {
    write(dir, "credlint.toml", "ignore = ['log']\n");
    write(
        dir,
        "packages/api/credlint.toml",
        "settings-modules = ['config.py']\n",
    );
    write(
        dir,
        "packages/api/mcp_env.example",
        "API_KEY=your-api-key-here\n",
    );
    write(
        dir,
        "packages/api/config.py",
        "import os\nAPI_KEY = os.environ['API_KEY']\nDB_URL = os.environ['DB_URL']\n",
    );
    write(
        dir,
        "packages/api/handlers.py",
        "import os\nfrom config import API_KEY\nregion = os.getenv('REGION')\n",
    );
    write(
        dir,
        "packages/worker/credlint.toml",
        "ignore = ['env/direct-access']\n",
    );
    write(
        dir,
        "packages/worker/jobs.py",
        &format!(
            "import os\nqueue = os.environ['QUEUE']\nGITHUB_TOKEN = \"{}\"\n",
            github_token(31)
        ),
    );
    write(
        dir,
        "packages/web/views.py",
        "import os\nimport logging\nkey = os.environ['API_KEY']\nlogging.info('key %s', key)\n",
    );
    git_init(dir);
    vec![
        "packages/api/config.py",
        "packages/api/handlers.py",
        "packages/api/mcp_env.example",
        "packages/worker/jobs.py",
        "packages/web/views.py",
    ]
}

/// `(line, rule)` pairs, one-based lines, sorted.
type Findings = Vec<(u64, String)>;

fn by_file(findings: &[Value], base: &Path, root: &Path) -> BTreeMap<String, Findings> {
    let mut out: BTreeMap<String, Findings> = BTreeMap::new();
    for finding in findings {
        let path = base.join(finding["path"].as_str().unwrap());
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        out.entry(relative).or_default().push((
            finding["start"]["line"].as_u64().unwrap(),
            finding["rule"].as_str().unwrap().to_owned(),
        ));
    }
    for findings in out.values_mut() {
        findings.sort();
    }
    out
}

fn from_diagnostics(diagnostics: &[Value]) -> Findings {
    let mut out: Findings = diagnostics
        .iter()
        .zip(codes(diagnostics))
        .map(|(d, code)| (d["range"]["start"]["line"].as_u64().unwrap() + 1, code))
        .collect();
    out.sort();
    out
}

/// Every front's findings for `files` under `root`, asserted equal to those
/// of `credlint check` at the root, which are returned by file: `check
/// FILE`, `check` in the file's folder, the server's diagnostics after
/// `didOpen`, and the server's workspace scan.
fn assert_fronts_agree(root: &Path, files: &[&str]) -> BTreeMap<String, Findings> {
    let json = |cwd: &Path, args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend(args);
        by_file(&json_findings(cwd, &all), cwd, root)
    };
    let from_root = json(root, &[]);

    let mut server = Server::start(root, json!({}));
    for file in files {
        let path = root.join(file);
        let expected = from_root.get(*file).cloned().unwrap_or_default();
        assert_eq!(
            json(root, &[file]).remove(*file).unwrap_or_default(),
            expected,
            "check {file}"
        );
        let package = root.join(Path::new(file).parent().unwrap());
        assert_eq!(
            json(&package, &[]).remove(*file).unwrap_or_default(),
            expected,
            "check in the package of {file}"
        );
        let language = if file.ends_with(".py") {
            "python"
        } else {
            "plaintext"
        };
        server.open(&path, language, &std::fs::read_to_string(&path).unwrap());
        // Project facts arrive after the first publish: wait for the answer.
        let wanted = expected.clone();
        let opened = from_diagnostics(&server.diagnostics_until(&path, Some(1), |codes| {
            let mut codes = codes.to_vec();
            codes.sort();
            let mut rules: Vec<String> = wanted.iter().map(|(_, r)| r.clone()).collect();
            rules.sort();
            codes == rules
        }));
        assert_eq!(opened, expected, "didOpen {file}");
    }
    server.shutdown();

    // The workspace scan publishes the files with findings.
    let mut server = Server::start(root, json!({}));
    let response = server.request(
        "workspace/executeCommand",
        json!({ "command": "credlint.scanWorkspace", "arguments": [] }),
    );
    assert!(response.get("error").is_none(), "{response}");
    for file in files {
        let Some(expected) = from_root.get(*file) else {
            continue;
        };
        let target = uri(&root.join(file));
        let published = server.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == target.as_str()
        });
        let scanned = from_diagnostics(published["params"]["diagnostics"].as_array().unwrap());
        assert_eq!(&scanned, expected, "workspace scan {file}");
    }
    server.shutdown();
    from_root
}

/// `credlint config --format json PATHS…` run at `root`: one object per path.
fn config_json(root: &Path, paths: &[&str]) -> Vec<Value> {
    let mut args = vec!["config", "--format", "json"];
    args.extend_from_slice(paths);
    let output = crate::common::credlint(root, &args);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn every_front_gives_each_file_the_same_findings() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let files = monorepo(&root);
    let from_root = assert_fronts_agree(&root, &files);
    // The packages' own configurations are in force from the root: the
    // worker's ignores its environment read, the api's settings module may
    // read the environment and its template's rules apply.
    assert_eq!(
        from_root.get("packages/worker/jobs.py"),
        Some(&vec![(3, "secret/github-pat".to_owned())])
    );
    assert_eq!(
        from_root.get("packages/api/handlers.py"),
        Some(&vec![(3, "env/direct-access".to_owned())])
    );
    assert_eq!(
        from_root.get("packages/api/config.py"),
        Some(&vec![(3, "env/undocumented-variable".to_owned())])
    );
}

/// A module that reads the environment (line 3) and logs the value it read
/// (line 4).
const READS_AND_LOGS: &str =
    "import os\nimport logging\nkey = os.environ['API_KEY']\nlogging.info('key %s', key)\n";

/// A repository in `dir/repo` whose packages inherit its root
/// configuration, under a stray `dir/credlint.toml` that must not leak in:
/// - the stray file would ignore the secret and environment rules;
/// - the root ignores the log rules and makes `packages/base/qa/` test
///   code (a glob written relative to the root);
/// - `base`: its own settings module; inherits the rest;
/// - `alone`: `extend = false`, so the log rules are back;
/// - `over`: an override quiets the environment rule in its `legacy/` folder.
fn inheriting_monorepo(dir: &Path) -> (std::path::PathBuf, Vec<&'static str>) {
    write(dir, "credlint.toml", "ignore = ['secret', 'env']\n");
    let root = dir.join("repo");
    write(
        &root,
        "credlint.toml",
        "ignore = ['log']\nextend-test-paths = ['packages/base/qa/']\n",
    );
    write(
        &root,
        "packages/base/credlint.toml",
        "settings-modules = ['boot.py']\n",
    );
    write(&root, "packages/base/views.py", READS_AND_LOGS);
    write(&root, "packages/base/qa/check.py", READS_AND_LOGS);
    write(
        &root,
        "packages/base/jobs.py",
        &format!("GITHUB_TOKEN = \"{}\"\n", github_token(32)),
    );
    write(&root, "packages/alone/credlint.toml", "extend = false\n");
    write(&root, "packages/alone/views.py", READS_AND_LOGS);
    write(
        &root,
        "packages/over/credlint.toml",
        "[[overrides]]\nfiles = ['legacy/**']\nignore = ['env/direct-access']\n",
    );
    write(&root, "packages/over/legacy/old.py", READS_AND_LOGS);
    write(&root, "packages/over/new.py", READS_AND_LOGS);
    git_init(&root);
    (
        root,
        vec![
            "packages/base/views.py",
            "packages/base/qa/check.py",
            "packages/base/jobs.py",
            "packages/alone/views.py",
            "packages/over/legacy/old.py",
            "packages/over/new.py",
        ],
    )
}

#[test]
fn inherited_configuration_gives_every_front_the_same_findings() {
    let dir = tempfile::TempDir::new().unwrap();
    let (root, files) = inheriting_monorepo(&dir.path().canonicalize().unwrap());
    let from_root = assert_fronts_agree(&root, &files);
    let rules = |file: &str| -> Vec<String> {
        from_root
            .get(file)
            .map(|f| f.iter().map(|(_, rule)| rule.clone()).collect())
            .unwrap_or_default()
    };
    // Inherited: the root's `ignore = ['log']` holds in `base`, which sets
    // only its settings module; the stray file above the repository does
    // not (the token and the environment read are reported).
    assert_eq!(rules("packages/base/views.py"), ["env/direct-access"]);
    assert_eq!(rules("packages/base/jobs.py"), ["secret/github-pat"]);
    // The root's glob still means `packages/base/qa/` under `base`.
    assert_eq!(rules("packages/base/qa/check.py"), Vec::<String>::new());
    // `extend = false`: the root's `ignore` is gone, the log rule is back.
    assert_eq!(
        rules("packages/alone/views.py"),
        ["env/direct-access", "log/secret-logged"]
    );
    // The override quiets `legacy/` only, and `over` inherits the root.
    assert_eq!(rules("packages/over/legacy/old.py"), Vec::<String>::new());
    assert_eq!(rules("packages/over/new.py"), ["env/direct-access"]);
}

/// The server reloads a document's configuration when a file it extends
/// changes, not only its nearest one.
/// The package file's findings before and after the repository's root
/// configuration starts ignoring `env`: the server must have reloaded the
/// chain the package file extends.
fn reloads_when_the_root_ignores_env(mut server: Server, root: &Path, path: &Path) {
    assert_eq!(
        codes(&server.diagnostics(path, Some(1))),
        ["env/direct-access"]
    );
    write(root, "credlint.toml", "ignore = ['env']\n");
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&root.join("credlint.toml")), "type": 2 }] }),
    );
    assert_eq!(
        codes(&server.diagnostics(path, Some(1))),
        ["log/secret-logged"]
    );
    server.shutdown();
}

#[test]
fn the_server_reloads_when_an_extended_file_changes() {
    let dir = tempfile::TempDir::new().unwrap();
    let (root, _) = inheriting_monorepo(&dir.path().canonicalize().unwrap());
    let mut server = Server::start(&root, json!({}));
    let path = root.join("packages/base/views.py");
    server.open(&path, "python", READS_AND_LOGS);
    reloads_when_the_root_ignores_env(server, &root, &path);
}

/// Opened at a package, the server asks the client to watch the
/// repository's root configuration its chain reaches above the folder, and
/// reloads when it changes.
#[test]
fn the_server_watches_extended_files_above_the_workspace_folder() {
    let dir = tempfile::TempDir::new().unwrap();
    let (root, _) = inheriting_monorepo(&dir.path().canonicalize().unwrap());
    let package = root.join("packages/base");
    let mut server = Server::start(&package, json!({}));
    let path = package.join("views.py");
    server.open(&path, "python", READS_AND_LOGS);
    let base = uri(&root);
    let registration = server.wait_for(|m| {
        m["method"] == "client/registerCapability"
            && m["params"]["registrations"][0]["registerOptions"]["watchers"]
                .as_array()
                .is_some_and(|w| {
                    w.iter()
                        .any(|w| w["globPattern"]["baseUri"] == base.as_str())
                })
    });
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert_eq!(
        watchers[0]["globPattern"]["pattern"],
        "{credlint.toml,.credlint.toml,pyproject.toml}"
    );
    reloads_when_the_root_ignores_env(server, &root, &path);
}

/// A broken file up the chain is named, not the package's own.
#[test]
fn a_broken_parent_configuration_is_named() {
    let dir = tempfile::TempDir::new().unwrap();
    let (root, _) = inheriting_monorepo(&dir.path().canonicalize().unwrap());
    write(
        &root,
        "credlint.toml",
        "# broken\nignore = ['no-such-rule']\n",
    );
    let output = crate::common::credlint(&root.join("packages/base"), &["check", "views.py"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let parent = root.join("credlint.toml");
    assert!(
        stderr.contains(&format!(
            "{}:2:11: ignore[0]: selects no rule",
            parent.display()
        )),
        "{stderr}"
    );
}

/// `credlint config` says why each file gets what it gets: the package
/// configuration in force, the package as project with its template, and
/// the rules `check` runs there.
#[test]
fn config_shows_what_check_applies_to_each_file() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().canonicalize().unwrap();
    monorepo(&root);
    let shown = config_json(
        &root,
        &[
            "packages/api/config.py",
            "packages/worker/jobs.py",
            "packages/web/views.py",
        ],
    );
    let enabled = |i: usize, rule: &str| {
        shown[i]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == rule)
            .map(|r| r["enabled"] == true)
            .unwrap()
    };
    let configuration = |i: usize| shown[i]["configuration"].as_str().unwrap().to_owned();
    let api = root.join("packages/api");
    assert_eq!(
        configuration(0),
        api.join("credlint.toml").to_str().unwrap()
    );
    assert_eq!(shown[0]["project_root"], api.to_str().unwrap());
    assert_eq!(shown[0]["settings_module"], true);
    assert_eq!(
        shown[0]["env_template"]["path"],
        api.join("mcp_env.example").to_str().unwrap()
    );
    assert_eq!(
        configuration(1),
        root.join("packages/worker/credlint.toml").to_str().unwrap()
    );
    assert!(!enabled(1, "env/direct-access"));
    assert!(enabled(1, "secret/github-pat"));
    // No configuration of its own: the root's, which ignores the log rules.
    assert_eq!(
        configuration(2),
        root.join("credlint.toml").to_str().unwrap()
    );
    assert!(!enabled(2, "log/secret-logged"));
    assert!(enabled(2, "env/direct-access"));
}

/// A package's broken configuration fails the run from the root too, named
/// and located; the other packages are still checked.
#[test]
fn a_broken_package_configuration_fails_the_run_from_the_root() {
    let dir = tempfile::TempDir::new().unwrap();
    monorepo(dir.path());
    write(
        dir.path(),
        "packages/worker/credlint.toml",
        "# broken\nignore = 7\n",
    );
    let output = crate::common::credlint(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("packages/worker/credlint.toml: 2:"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("packages/api/handlers.py"), "{stdout}");
    assert!(!stdout.contains("packages/worker/jobs.py"), "{stdout}");
}

/// `credlint config` shows the chain, the overrides that apply, and where
/// each effective value came from, in both formats.
#[test]
fn config_shows_where_each_value_came_from() {
    let dir = tempfile::TempDir::new().unwrap();
    let (root, _) = inheriting_monorepo(&dir.path().canonicalize().unwrap());
    let shown = config_json(
        &root,
        &["packages/over/legacy/old.py", "packages/alone/views.py"],
    );
    let over = root.join("packages/over/credlint.toml");
    let top = root.join("credlint.toml");
    assert_eq!(shown[0]["configuration"], over.to_str().unwrap());
    assert_eq!(shown[0]["extends"], json!([top.to_str().unwrap()]));
    let override_1 = format!("override #1 in {}", over.display());
    assert_eq!(shown[0]["overrides"], json!([override_1]));
    let values = |i: usize, key: &str| -> Vec<(String, String)> {
        shown[i]["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["key"] == key)
            .unwrap()["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["value"].as_str().unwrap().to_owned(),
                    v["from"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let top = top.display().to_string();
    assert_eq!(
        values(0, "ignore"),
        [
            ("log".to_owned(), top.clone()),
            ("env/direct-access".to_owned(), override_1.clone())
        ]
    );
    assert_eq!(
        values(0, "select"),
        [("ALL".to_owned(), "default".to_owned())]
    );
    let test_paths = values(0, "test-paths");
    assert_eq!(
        test_paths.last().unwrap(),
        &("packages/base/qa/".to_owned(), top.clone())
    );
    assert_eq!(test_paths[0].1, "default");
    // `extend = false`: nothing from the root.
    assert_eq!(shown[1]["extends"], json!([]));
    assert_eq!(values(1, "ignore"), []);

    let output = crate::common::credlint(&root, &["config", "packages/over/legacy/old.py"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    for line in [
        format!("  extends          {top}"),
        format!("  applies          {override_1}"),
        format!("    ignore               log  ({top})"),
        format!("                         env/direct-access  ({override_1})"),
        "    select               ALL  (default)".to_owned(),
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in\n{text}");
    }
}

/// `--config FILE` is used alone, for every file: it extends nothing, and
/// its overrides still apply to the files they match.
#[test]
fn an_explicit_configuration_applies_its_overrides_and_extends_nothing() {
    let dir = tempfile::TempDir::new().unwrap();
    let (root, _) = inheriting_monorepo(&dir.path().canonicalize().unwrap());
    let findings = by_file(
        &json_findings(
            &root,
            &[
                "check",
                "--format",
                "json",
                "--config",
                "packages/over/credlint.toml",
                "packages/over",
            ],
        ),
        &root,
        &root,
    );
    let rules =
        |file: &str| -> Vec<String> { findings[file].iter().map(|(_, r)| r.clone()).collect() };
    assert_eq!(rules("packages/over/legacy/old.py"), ["log/secret-logged"]);
    assert_eq!(
        rules("packages/over/new.py"),
        ["env/direct-access", "log/secret-logged"]
    );
}

/// The fronts resolve one configuration per chain and set of matching
/// overrides, not one per file.
#[test]
fn configurations_are_shared_by_chain_and_matching_overrides() {
    use credlint::workspace::{Configs, Overrides};
    use std::sync::Arc;
    let dir = tempfile::TempDir::new().unwrap();
    let (root, _) = inheriting_monorepo(&dir.path().canonicalize().unwrap());
    write(&root, "packages/over/legacy/older.py", READS_AND_LOGS);
    let configs = Configs::new(Overrides::default(), root.clone());
    let config = |file: &str| configs.for_path(&root.join(file)).unwrap();
    let legacy = config("packages/over/legacy/old.py");
    assert!(Arc::ptr_eq(
        &legacy,
        &config("packages/over/legacy/older.py")
    ));
    let new = config("packages/over/new.py");
    assert!(!Arc::ptr_eq(&legacy, &new));
    assert!(Arc::ptr_eq(&new, &config("packages/over/other.py")));
    assert!(Arc::ptr_eq(
        &config("packages/base/views.py"),
        &config("packages/base/qa/check.py")
    ));
    assert!(!Arc::ptr_eq(&new, &config("packages/base/views.py")));
    assert!(configs.errors().is_empty());
}

/// The search for configuration never goes above a folder holding `.git`:
/// a repository with no configuration of its own is not governed by a
/// stray `credlint.toml` above it (it gets the defaults); a folder outside
/// any repository still finds the nearest file above it.
#[test]
fn a_stray_configuration_above_a_repository_without_one_is_not_read() {
    let dir = tempfile::TempDir::new().unwrap();
    let dir = dir.path().canonicalize().unwrap();
    write(&dir, "credlint.toml", "ignore = ['secret']\n");
    let token = format!("TOKEN = \"{}\"\n", github_token(71));
    write(&dir, "repo/app.py", &token);
    write(&dir, "plain/app.py", &token);
    git_init(&dir.join("repo"));
    let rules = |folder: &str| -> Vec<String> {
        crate::common::finding_lines(&dir.join(folder), &["check", "app.py"])
    };
    assert_eq!(rules("repo"), ["app.py:1 secret/github-pat"]);
    assert_eq!(rules("plain"), Vec::<String>::new());
    let shown = crate::common::stdout(&crate::common::credlint(
        &dir.join("repo"),
        &["config", "app.py"],
    ));
    assert!(
        !shown.contains(&*dir.join("credlint.toml").to_string_lossy()),
        "{shown}"
    );
}

/// A package's `exclude` prunes its folders from every walk, wherever it
/// starts: `check` at the root and in the package, `--force-exclude` on
/// named files, `--staged`, and the editor's workspace scan all leave the
/// package's `generated/` out (each path is judged by its own chain, not by
/// the configuration of the folder the run starts in).
#[test]
fn a_package_exclude_prunes_its_folders_from_every_walk() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(&root, "credlint.toml", "ignore = ['log']\n");
    write(
        &root,
        "packages/app/credlint.toml",
        "exclude = ['generated/']\n",
    );
    let token = format!("GITHUB_TOKEN = \"{}\"\n", github_token(34));
    write(&root, "packages/app/generated/client.py", &token);
    write(&root, "packages/app/main.py", &token);
    git_init(&root);
    let lines = |cwd: &str, args: &[&str]| crate::common::finding_lines(&root.join(cwd), args);
    assert_eq!(
        lines("", &["check"]),
        ["packages/app/main.py:1 secret/github-pat"]
    );
    assert_eq!(
        lines("packages/app", &["check"]),
        ["main.py:1 secret/github-pat"]
    );
    let named = [
        "check",
        "--force-exclude",
        "packages/app/generated/client.py",
        "packages/app/main.py",
    ];
    assert_eq!(
        lines("", &named),
        ["packages/app/main.py:1 secret/github-pat"]
    );
    crate::common::git(&root, &["add", "-A"]);
    assert_eq!(
        lines("", &["check", "--staged", "--force-exclude"]),
        ["packages/app/main.py:1 secret/github-pat"]
    );

    let mut server = Server::start(&root, json!({}));
    assert_eq!(scan_workspace(&mut server), "1 files with findings");
    server.shutdown();
}

/// Runs the editor's workspace scan; its closing progress message.
fn scan_workspace(server: &mut Server) -> String {
    let response = server.request(
        "workspace/executeCommand",
        json!({ "command": "credlint.scanWorkspace", "arguments": [] }),
    );
    assert!(response.get("error").is_none(), "{response}");
    let end =
        server.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    end["params"]["value"]["message"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Files by name: a text, or `None` for a file holding a token.
type Tree<'a> = &'a [(&'a str, Option<&'a str>)];

/// The files each front reports for a tree of `files` (a text, or `None`
/// for a file holding a token) in a git work tree, by front: `check` at the
/// root, `--force-exclude` on each file (from the root and from its
/// folder, and its text piped with `--stdin-filename`), `--staged --force-exclude` (what pre-commit runs), `history`,
/// the editor's first diagnostics after `didOpen` of each, and the count
/// of its workspace scan.
fn files_each_front_scans(files: Tree) -> BTreeMap<String, Vec<String>> {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().canonicalize().unwrap();
    git_init(&root);
    let mut tokens = Vec::new();
    for (seed, (name, text)) in (40..).zip(files) {
        match text {
            Some(text) => write(&root, name, text),
            None => {
                write(
                    &root,
                    name,
                    &format!("token = \"{}\"\n", github_token(seed)),
                );
                tokens.push(*name);
            }
        }
    }
    let paths = |cwd: &Path, args: &[&str]| {
        let shown = crate::common::finding_paths(cwd, args);
        let prefix = cwd.strip_prefix(&root).unwrap();
        let mut shown: Vec<String> = (shown.iter())
            .map(|p| prefix.join(p).to_string_lossy().replace('\\', "/"))
            .collect();
        shown.sort();
        shown.dedup();
        shown
    };
    let each = |from_folder: bool| {
        let mut shown: Vec<String> = (tokens.iter())
            .flat_map(|name| {
                let file = root.join(name);
                match from_folder {
                    true => {
                        let base = file.file_name().unwrap().to_str().unwrap();
                        paths(file.parent().unwrap(), &["check", "--force-exclude", base])
                    }
                    false => paths(&root, &["check", "--force-exclude", name]),
                }
            })
            .collect();
        shown.sort();
        shown
    };
    let mut fronts = BTreeMap::new();
    fronts.insert("check".to_owned(), paths(&root, &["check"]));
    fronts.insert("--force-exclude FILE".to_owned(), each(false));
    fronts.insert(
        "--force-exclude FILE from its folder".to_owned(),
        each(true),
    );
    crate::common::git(&root, &["add", "-A"]);
    let staged = paths(&root, &["check", "--staged", "--force-exclude"]);
    fronts.insert("--staged --force-exclude".to_owned(), staged);
    crate::common::commit(&root, "files");
    fronts.insert("history".to_owned(), paths(&root, &["history"]));

    let mut server = Server::start(&root, json!({}));
    let mut opened = Vec::new();
    for name in &tokens {
        let file = root.join(name);
        let text = std::fs::read_to_string(&file).unwrap();
        server.open(&file, "plaintext", &text);
        if !server.diagnostics(&file, Some(1)).is_empty() {
            opened.push(name.to_string());
        }
    }
    opened.sort();
    fronts.insert("editor: didOpen".to_owned(), opened);
    let count = scan_workspace(&mut server);
    fronts.insert("editor: workspace scan".to_owned(), vec![count]);
    server.shutdown();
    fronts
}

/// Every front excludes the same files of nested configurations (a20 #2,
/// #3, #4): a path is left out when the configuration it is judged by
/// excludes it (a file by its own, a folder by its parent folder's) or a
/// folder above it is; `extend = false` and `include = []` cut off the
/// parents' keys for a package's files, not for its own folder.
#[test]
fn every_front_excludes_the_same_files_of_nested_configurations() {
    let scenarios: [(Tree, &[&str]); 3] = [
        // A parent's `exclude` names a package cut off from it.
        (
            &[
                ("a/credlint.toml", Some("exclude = ['b/']\n")),
                ("a/b/credlint.toml", Some("extend = false\n")),
                ("a/b/x.py", None),
                ("a/c.py", None),
            ],
            &["a/c.py"],
        ),
        // A package lifts the root's `include`.
        (
            &[
                ("credlint.toml", Some("include = ['*.py']\n")),
                ("pkg/credlint.toml", Some("include = []\n")),
                ("pkg/x.txt", None),
                ("pkg/y.py", None),
                ("z.txt", None),
            ],
            &["pkg/x.txt", "pkg/y.py"],
        ),
        // A package cut off from the root's `exclude` of a folder name.
        (
            &[
                ("credlint.toml", Some("exclude = ['vendor/']\n")),
                ("pkg/credlint.toml", Some("extend = false\n")),
                ("pkg/vendor/t.py", None),
                ("vendor/t.py", None),
                ("pkg/a.py", None),
            ],
            &["pkg/a.py", "pkg/vendor/t.py"],
        ),
    ];
    for (files, scanned) in scenarios {
        let fronts = files_each_front_scans(files);
        let scanned: Vec<String> = scanned.iter().map(|s| s.to_string()).collect();
        let count = vec![format!("{} files with findings", scanned.len())];
        let expected: BTreeMap<String, Vec<String>> = (fronts.keys())
            .map(|front| match front.as_str() {
                "editor: workspace scan" => (front.clone(), count.clone()),
                _ => (front.clone(), scanned.clone()),
            })
            .collect();
        assert_eq!(fronts, expected, "{files:?}");
    }
}

/// A nested git repository with no configuration file (a submodule, a
/// vendored clone) is a project of its own: its files are judged by its
/// template, settings modules and git view whether the run starts at the
/// outer root, at the file or inside it, and in the editor rooted at the
/// outer root after an outer file was opened (a20 #1).
#[test]
fn a_nested_repository_without_configuration_is_judged_by_its_own_facts() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().canonicalize().unwrap();
    git_init(&root);
    write(&root, ".gitignore", ".env\n");
    write(&root, "mcp_env.example", "DB_URL=\nAPI_KEY=\n");
    write(
        &root,
        "mcp_app_settings.py",
        "import os\nDB_URL = os.environ['DB_URL']\nKEY = os.getenv('API_KEY')\n",
    );
    write(&root, ".env", "DB_URL=x\n");
    let sub = root.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    git_init(&sub);
    write(&sub, "mcp_env.example", "OTHER=\n");
    write(&sub, "settings.py", "import os\nO = os.environ['OTHER']\n");
    write(&sub, ".env", "OTHER=1\n");
    let lines = |cwd: &Path, args: &[&str]| crate::common::finding_lines(cwd, args);
    let whole: Vec<String> = lines(&root, &["check"])
        .into_iter()
        .filter(|l| l.starts_with("sub/"))
        .collect();
    let one_by_one: Vec<String> = ["sub/.env", "sub/settings.py"]
        .iter()
        .flat_map(|f| lines(&root, &["check", f]))
        .collect();
    let inside: Vec<String> = (lines(&sub, &["check"]).iter())
        .map(|l| format!("sub/{l}"))
        .collect();
    assert_eq!(whole, ["sub/.env:1 env/dotenv-not-ignored"]);
    assert_eq!(one_by_one, whole);
    assert_eq!(inside, whole);

    let mut server = Server::start(&root, json!({}));
    let outer = root.join("mcp_app_settings.py");
    server.open(&outer, "python", &std::fs::read_to_string(&outer).unwrap());
    server.diagnostics(&outer, Some(1));
    for (name, language) in [(".env", "dotenv"), ("settings.py", "python")] {
        let file = sub.join(name);
        server.open(&file, language, &std::fs::read_to_string(&file).unwrap());
        let expected: Vec<String> = (whole.iter())
            .filter(|l| l.starts_with(&format!("sub/{name}:")))
            .map(|l| l.split(' ').nth(1).unwrap().to_owned())
            .collect();
        server.diagnostics_until(&file, Some(1), |codes| codes == expected);
    }
    server.shutdown();
}
