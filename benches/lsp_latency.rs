//! Editor latency: time from `didChange` to the matching
//! `publishDiagnostics`, for edits in the middle of a 10,000-line Python
//! file and of a 10,000-line Rust file (the kinds issue 11 names; see
//! [`measure`]): edits that keep it
//! valid, edits that break it, where tree-sitter's error recovery costs
//! more, a credential literal typed a character at a time, and bursts of
//! keystrokes 30 ms apart; the time from `didOpen` of that file to its first
//! diagnostics; and the server's memory with 200 files of 2,000 lines open.
//! Reports p50 and p95 for credlint and, when `ruff` is on PATH (or
//! named by `RUFF`), for `ruff server` on the same files and edits, as the
//! peer. ruff reads no Rust, so credlint's Rust figures are given as ratios
//! to ruff's Python ones: the latency a user of both would compare.
//!
//!     cargo bench --bench lsp_latency
//!
//! `CREDLINT_BEFORE=path/to/credlint` measures that build too, to compare
//! a change with what it replaces. `CREDLINT_BENCH_EDITS=60` times fewer
//! edits per kind than [`EDITS`], and `CREDLINT_BENCH_ONLY="rust typing"`
//! runs only the measurements whose name (`LANGUAGE KIND`, or `memory`)
//! holds one of its comma-separated words: a quicker loop on a shared
//! machine.
//!
//! A measurement, not a test: it asserts nothing about speed.

mod common;
#[path = "../tests/support/jsonrpc.rs"]
mod jsonrpc;

use jsonrpc::Connection;
use serde_json::json;
use std::process::Command;
use std::time::{Duration, Instant};

const LINES: usize = 10_000;
const EDITS: usize = 300;

/// A language server started in `root`, initialised with no capabilities.
fn start(program: &str, args: &[&str], root: &std::path::Path) -> Connection {
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(root)
        .stderr(std::fs::File::create("/tmp/server.err").unwrap());
    let mut client = Connection::spawn(command, Duration::from_secs(30))
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    let root_uri = format!("file://{}", root.display());
    client.request(
        "initialize",
        json!({ "processId": null, "rootUri": root_uri, "capabilities": {} }),
    );
    client.notify("initialized", json!({}));
    client
}

/// A language the bench edits: its big file and where each kind of edit
/// goes in it.
struct Language {
    /// The LSP `languageId`.
    id: &'static str,
    file: &'static str,
    /// `LINES` lines of ordinary code, with a few findings in them.
    source: fn(usize) -> String,
    /// Inside a string literal: an edit there keeps the file valid.
    valid: &'static str,
    /// An edit at the start of this line breaks the syntax.
    breaking: &'static str,
    /// The typing and burst edits type [`Language::typed`] on a new line
    /// before this one.
    typing: &'static str,
    /// A hardcoded credential, quotes included (made up).
    typed: &'static str,
}

const PYTHON: Language = Language {
    id: "python",
    file: "big.py",
    source: common::python_module,
    valid: "\"gave up\"",
    // An indentation error until the inserted character goes again.
    breaking: "self.retries = retries",
    typing: "class Handler",
    typed: "API_KEY = \"Fq7xLp2Vz9KmR4tWbN8cJ3\"",
};

const RUST: Language = Language {
    id: "rust",
    file: "big.rs",
    source: common::rust_module,
    valid: "\"gave up\"",
    // A stray word before a statement.
    breaking: "for attempt in 0..self.retries",
    typing: "#[derive(Debug, Clone)]",
    typed: "const API_KEY: &str = \"Fq7xLp2Vz9KmR4tWbN8cJ3\";",
};

/// How many edits of each kind are timed: [`EDITS`], or
/// `CREDLINT_BENCH_EDITS`.
fn edits() -> usize {
    std::env::var("CREDLINT_BENCH_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(EDITS)
}

/// Whether the measurement named `name` runs (see `CREDLINT_BENCH_ONLY`).
fn selected(name: &str) -> bool {
    std::env::var("CREDLINT_BENCH_ONLY").map_or(true, |only| {
        only.split(',').any(|word| name.contains(word.trim()))
    })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Where an edit goes: a line in the middle of the file, and a column on it.
fn middle_of(text: &str, needle: &str) -> (u32, u32) {
    let lines: Vec<&str> = text.lines().collect();
    let line = (LINES / 2..lines.len())
        .find(|&i| lines[i].contains(needle))
        .expect("the needle occurs");
    (line as u32, (lines[line].find(needle).unwrap() + 1) as u32)
}

/// A fresh server with the big file open and its first diagnostics in.
struct Editor {
    client: Connection,
    uri: String,
    text: String,
    version: i64,
    _dir: tempfile::TempDir,
}

impl Editor {
    fn open(language: &Language, program: &str, args: &[&str]) -> Editor {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join(language.file);
        let text = (language.source)(LINES);
        std::fs::write(&path, &text).unwrap();
        let uri = format!("file://{}", path.display());
        let mut client = start(program, args, dir.path());
        client.notify("textDocument/didOpen", json!({ "textDocument": { "uri": uri, "languageId": language.id, "version": 1, "text": text } }));
        client.skip_to(|m| m["method"] == "textDocument/publishDiagnostics");
        Editor {
            client,
            uri,
            text,
            version: 1,
            _dir: dir,
        }
    }

    /// Replaces `start..end` (line, character) with `text`, as a new version.
    fn change(&mut self, start: (u32, u32), end: (u32, u32), text: &str) {
        self.version += 1;
        let change = json!({ "range": { "start": { "line": start.0, "character": start.1 }, "end": { "line": end.0, "character": end.1 } }, "text": text });
        self.client.notify("textDocument/didChange", json!({ "textDocument": { "uri": self.uri, "version": self.version }, "contentChanges": [change] }));
    }

    /// Waits for the diagnostics of the current version.
    fn published(&mut self) {
        let version = self.version;
        self.client.skip_to(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        });
    }

    /// Changes, then times the wait for that version's diagnostics.
    fn timed(&mut self, start: (u32, u32), end: (u32, u32), text: &str) -> Duration {
        let started = Instant::now();
        self.change(start, end, text);
        self.published();
        started.elapsed()
    }
}

/// Prints and returns p50 and p95 of `times`.
fn report(name: &str, what: &str, mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let (p50, p95) = (percentile(&times, 0.50), percentile(&times, 0.95));
    println!(
        "{name:9} {what:8}: p50 {:>8.2} ms  p95 {:>8.2} ms",
        p50.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3
    );
    (p50, p95)
}

/// Times edits of kind `edit`, from `didChange` to its diagnostics:
/// - `valid`: a character typed in a string and deleted again, `EDITS` times;
/// - `breaking`: the same at the start of an indented line (an indentation
///   error until deleted);
/// - `typing`: [`Language::typed`] typed a character at a time on a new line, then
///   the line deleted, until `EDITS` keystrokes are timed;
/// - `burst`: [`Language::typed`] typed a character every 30 ms without waiting, the
///   time being the last keystroke's to its diagnostics, 20 times.
fn measure(
    language: &Language,
    name: &str,
    program: &str,
    args: &[&str],
    edit: &str,
) -> (Duration, Duration) {
    let mut editor = Editor::open(language, program, args);
    let text = editor.text.clone();
    let edits = edits();
    let mut times = Vec::with_capacity(edits);
    match edit {
        "valid" | "breaking" => {
            let (line, column) = match edit {
                "valid" => middle_of(&text, language.valid),
                _ => (middle_of(&text, language.breaking).0, 0),
            };
            for i in 0..edits {
                let at = (line, column);
                times.push(if i % 2 == 0 {
                    editor.timed(at, at, "x")
                } else {
                    editor.timed(at, (line, column + 1), "")
                });
            }
        }
        "typing" | "burst" => {
            let line = middle_of(&text, language.typing).0;
            while times.len() < if edit == "typing" { edits } else { 20 } {
                editor.change((line, 0), (line, 0), "\n");
                editor.published();
                for (column, c) in language.typed.chars().enumerate() {
                    let at = (line, column as u32);
                    if edit == "typing" {
                        times.push(editor.timed(at, at, &c.to_string()));
                    } else {
                        std::thread::sleep(Duration::from_millis(30));
                        editor.change(at, at, &c.to_string());
                    }
                }
                if edit == "burst" {
                    let last = Instant::now();
                    editor.published();
                    times.push(last.elapsed());
                }
                // The typed line goes again.
                editor.change((line, 0), (line + 1, 0), "");
                editor.published();
            }
        }
        _ => unreachable!("an edit kind of main's"),
    }
    report(name, &format!("{} {edit}", language.id), times)
}

/// Opens the big file `OPENS` times in fresh servers, timing `didOpen` to
/// its first diagnostics.
fn open_time(
    language: &Language,
    name: &str,
    program: &str,
    args: &[&str],
) -> (Duration, Duration) {
    const OPENS: usize = 15;
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join(language.file);
    let text = (language.source)(LINES);
    std::fs::write(&path, &text).unwrap();
    let uri = format!("file://{}", path.display());
    let mut times = Vec::with_capacity(OPENS);
    for _ in 0..OPENS {
        let mut client = start(program, args, dir.path());
        let started = Instant::now();
        client.notify("textDocument/didOpen", json!({ "textDocument": { "uri": uri, "languageId": language.id, "version": 1, "text": text } }));
        client.skip_to(|m| m["method"] == "textDocument/publishDiagnostics");
        times.push(started.elapsed());
    }
    report(name, &format!("{} open", language.id), times)
}

/// Opens 200 files of 2,000 lines, waits for all their diagnostics, then
/// reads the server's resident and peak memory (MiB).
fn memory(name: &str, program: &str, args: &[&str]) -> (f64, f64) {
    const FILES: usize = 200;
    let dir = tempfile::TempDir::new().unwrap();
    let text = common::python_module(2_000);
    let mut client = start(program, args, dir.path());
    let mut uris = Vec::new();
    for i in 0..FILES {
        let path = dir.path().join(format!("module_{i}.py"));
        std::fs::write(&path, &text).unwrap();
        let uri = format!("file://{}", path.display());
        client.notify("textDocument/didOpen", json!({ "textDocument": { "uri": uri, "languageId": "python", "version": 1, "text": text } }));
        uris.push(uri);
    }
    let mut published = std::collections::HashSet::new();
    while published.len() < FILES {
        let message = client.skip_to(|m| m["method"] == "textDocument/publishDiagnostics");
        published.insert(message["params"]["uri"].as_str().unwrap_or("").to_owned());
    }
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", client.pid())).unwrap_or_default();
    let field = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            .map_or(f64::NAN, |kib| kib / 1024.0)
    };
    let (rss, peak) = (field("VmRSS:"), field("VmHWM:"));
    println!(
        "{name:9} {FILES} files of 2000 lines open: resident {rss:>7.1} MiB, peak {peak:>7.1} MiB"
    );
    (rss, peak)
}

/// credlint's p50 and p95 over the peer's, printed as a ratio.
fn ratio(what: &str, ours: (Duration, Duration), peer: (Duration, Duration)) {
    println!(
        "credlint/ruff ({what}): p50 {:.2}  p95 {:.2}",
        ours.0.as_secs_f64() / peer.0.as_secs_f64(),
        ours.1.as_secs_f64() / peer.1.as_secs_f64()
    );
}

fn main() {
    let ruff = std::env::var("RUFF").unwrap_or_else(|_| "ruff".into());
    let has_ruff = Command::new(&ruff)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    // An earlier build to compare with, in the same run.
    let before = std::env::var("CREDLINT_BEFORE").ok();
    let credlint = env!("CARGO_BIN_EXE_credlint");
    // ruff's Python figures, by edit kind: the peer for both languages.
    let mut peer = std::collections::HashMap::new();
    for language in [&PYTHON, &RUST] {
        println!(
            "Edits in the middle of a {LINES}-line {} file, didChange to publishDiagnostics:",
            language.id
        );
        for edit in ["valid", "breaking", "typing", "burst", "open"] {
            if !selected(&format!("{} {edit}", language.id)) {
                continue;
            }
            let run = |name: &str, program: &str, args: &[&str]| match edit {
                "open" => open_time(language, name, program, args),
                _ => measure(language, name, program, args, edit),
            };
            let ours = run("credlint", credlint, &["lsp"]);
            if let Some(before) = &before {
                run("before", before, &["lsp"]);
            }
            if has_ruff && language.id == "python" {
                peer.insert(edit, run("ruff", &ruff, &["server"]));
            }
            if let Some(&theirs) = peer.get(edit) {
                ratio(&format!("{} {edit}", language.id), ours, theirs);
            }
        }
    }
    if !selected("memory") {
        return;
    }
    let ours = memory("credlint", credlint, &["lsp"]);
    if let Some(before) = &before {
        memory("before", before, &["lsp"]);
    }
    if has_ruff {
        let peer = memory("ruff", &ruff, &["server"]);
        println!(
            "credlint/ruff (memory): resident {:.2}  peak {:.2}",
            ours.0 / peer.0,
            ours.1 / peer.1
        );
    } else {
        println!("(ruff not found: set RUFF or put ruff on PATH to measure the peer)");
    }
}
