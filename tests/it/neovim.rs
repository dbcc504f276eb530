//! End to end with a real editor: headless Neovim loads the client in
//! `editors/neovim` (`require("credlint").setup`), which starts the built
//! `credlint lsp` for a Python buffer; the diagnostics that Neovim then holds
//! are written out as JSON and checked here.
//!
//! The editor is `$CREDLINT_NVIM`, else `nvim` from PATH (`.ci/run` installs
//! Debian's, Neovim 0.7.2, the oldest version the client supports). Without
//! one the test says so and checks nothing; in CI it fails instead.

use crate::common::{github_token, write};
use pretty_assertions::assert_eq;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long Neovim may run in all; the init script itself gives up waiting
/// for diagnostics after 20 seconds.
const TIMEOUT: Duration = Duration::from_secs(60);

fn nvim() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CREDLINT_NVIM") {
        return Some(PathBuf::from(path));
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(if cfg!(windows) { "nvim.exe" } else { "nvim" }))
            .find(|candidate| candidate.is_file())
    });
    if found.is_none() && std::env::var_os("CI").is_some() {
        panic!(
            "nvim is not installed: .ci/run should have installed Debian's neovim \
             (or set CREDLINT_NVIM to an nvim executable)"
        );
    }
    found
}

/// A Lua string literal holding `text`.
fn lua_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The init file: the client from this repository, pointed at the built
/// server; once Neovim has started (and opened the file given on its command
/// line), wait for diagnostics, write them to `out` and quit. Any error still
/// writes the file and quits, so that a failure shows here rather than as a
/// hang.
fn init_lua(plugin: &Path, server: &Path, out: &Path) -> String {
    format!(
        r#"local plugin = {plugin}
vim.opt.runtimepath:prepend(plugin)
package.path = plugin .. "/lua/?.lua;" .. package.path
local out = {out}

require("credlint").setup({{ cmd = {{ {server}, "lsp" }} }})

local function attached(bufnr)
  if vim.lsp.get_clients then
    return #vim.lsp.get_clients({{ bufnr = bufnr }})
  end
  return #vim.tbl_keys(vim.lsp.buf_get_clients(bufnr))
end

vim.api.nvim_create_autocmd("VimEnter", {{
  callback = function()
    local result = {{ diagnostics = {{}} }}
    local ok, err = pcall(function()
      local bufnr = vim.api.nvim_get_current_buf()
      result.found = vim.wait(20000, function()
        return #vim.diagnostic.get(bufnr) > 0
      end, 50)
      result.filetype = vim.bo[bufnr].filetype
      result.attached = attached(bufnr)
      for _, d in ipairs(vim.diagnostic.get(bufnr)) do
        table.insert(result.diagnostics, {{
          lnum = d.lnum,
          col = d.col,
          code = d.code,
          source = d.source,
          message = d.message,
          severity = d.severity,
        }})
      end
    end)
    if not ok then
      result.error = tostring(err)
    end
    vim.fn.writefile({{ vim.fn.json_encode(result) }}, out)
    vim.cmd("qa!")
  end,
}})
"#,
        plugin = lua_string(&plugin.display().to_string()),
        server = lua_string(&server.display().to_string()),
        out = lua_string(&out.display().to_string()),
    )
}

/// Neovim's own log and the client's LSP log, for failure messages.
fn logs(sandbox: &Path) -> String {
    let mut text = String::new();
    for dir in ["cache", "state"] {
        for name in ["lsp.log", "log"] {
            let path = sandbox.join(dir).join("nvim").join(name);
            if let Ok(log) = std::fs::read_to_string(&path) {
                text.push_str(&format!("--- {}\n{log}\n", path.display()));
            }
        }
    }
    text
}

#[test]
fn neovim_shows_credlint_diagnostics() {
    let Some(nvim) = nvim() else {
        crate::common::missing_client("nvim not found (set CREDLINT_NVIM or put nvim on PATH)");
        return;
    };

    let project = tempfile::TempDir::new().unwrap();
    let sandbox = tempfile::TempDir::new().unwrap();
    let token = github_token(51);
    write(
        project.path(),
        "app.py",
        &format!("import os\n\nTOKEN = \"{token}\"\nhome = os.environ[\"HOME\"]\n"),
    );
    write(project.path(), "credlint.toml", "");

    let plugin = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/neovim");
    let out = sandbox.path().join("diagnostics.json");
    let init = sandbox.path().join("init.lua");
    std::fs::write(
        &init,
        init_lua(&plugin, Path::new(env!("CARGO_BIN_EXE_credlint")), &out),
    )
    .unwrap();

    // `--clean` leaves out the user's configuration and plugins; `-u` still
    // loads ours. The XDG folders keep Neovim's logs, shada and swap files
    // out of the user's home.
    let stdout = std::fs::File::create(sandbox.path().join("stdout")).unwrap();
    let stderr = std::fs::File::create(sandbox.path().join("stderr")).unwrap();
    let mut child = Command::new(&nvim)
        .args(["--headless", "--clean", "-u"])
        .arg(&init)
        .arg("app.py")
        .current_dir(project.path())
        .env("XDG_CONFIG_HOME", sandbox.path().join("config"))
        .env("XDG_DATA_HOME", sandbox.path().join("data"))
        .env("XDG_STATE_HOME", sandbox.path().join("state"))
        .env("XDG_CACHE_HOME", sandbox.path().join("cache"))
        .env("NVIM_LOG_FILE", sandbox.path().join("cache/nvim/log"))
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", nvim.display()));

    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "nvim still running after {TIMEOUT:?}; stderr:\n{}\n{}",
                std::fs::read_to_string(sandbox.path().join("stderr")).unwrap_or_default(),
                logs(sandbox.path())
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };

    let context = || {
        format!(
            "nvim exited with {status}\nstdout:\n{}\nstderr:\n{}\n{}",
            std::fs::read_to_string(sandbox.path().join("stdout")).unwrap_or_default(),
            std::fs::read_to_string(sandbox.path().join("stderr")).unwrap_or_default(),
            logs(sandbox.path())
        )
    };
    let json = std::fs::read_to_string(&out)
        .unwrap_or_else(|e| panic!("no diagnostics file ({e}); {}", context()));
    let result: Value = serde_json::from_str(&json).unwrap();
    assert!(
        result.get("error").is_none() && result["found"] == true,
        "Neovim got no diagnostics: {result:#}\n{}",
        context()
    );
    assert_eq!(result["filetype"], "python");
    assert_eq!(result["attached"], 1, "one credlint client attached");

    // An empty Lua table may come out as `{}`, not `[]`.
    let mut diagnostics = result["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    diagnostics.sort_by_key(|d| d["lnum"].as_u64());
    let summary: Vec<(u64, u64, &str, &str, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["lnum"].as_u64().unwrap(),
                d["col"].as_u64().unwrap(),
                d["code"].as_str().unwrap_or_default(),
                d["source"].as_str().unwrap_or_default(),
                d["severity"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    // Zero-based lines and byte columns, as Neovim keeps them; severity 1 is
    // vim.diagnostic.severity.ERROR, 2 is WARN.
    assert_eq!(
        summary,
        vec![
            (2, 9, "secret/github-pat", "credlint", 1),
            (3, 7, "env/direct-access", "credlint", 2),
        ],
        "{result:#}"
    );

    // Messages show a redacted form of the token, never the token itself.
    let body = &token[4..];
    for d in &diagnostics {
        let message = d["message"].as_str().unwrap();
        assert!(
            !message.contains(&token) && !message.contains(body),
            "the message holds the token: {message}"
        );
    }
}
