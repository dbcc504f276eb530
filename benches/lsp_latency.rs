//! Editor latency: time from `didChange` to the matching
//! `publishDiagnostics`, for edits in the middle of a 10,000-line Python
//! file and of a 10,000-line Rust file (the kinds issue 11 names; see
//! [`measure`]): edits that keep it
//! valid, edits that break it, where tree-sitter's error recovery costs
//! more, a credential literal typed a character at a time, and bursts of
//! keystrokes 30 ms apart; the time from `didOpen` of that file to its first
//! diagnostics; and the server's memory with 200 files of 2,000 lines open.
//! Every measurement runs in [`rounds`] rounds (5 unless
//! `CREDLINT_BENCH_ROUNDS` says), each server once per round in turn
//! (credlint, ruff, credlint, ruff…), so that the load other work puts on
//! the machine falls on both alike; each run's p50 and p95 are taken, and
//! the tables at the end give their medians over the rounds and credlint's
//! ratios to ruff's. The peer is `ruff server` on the same files and edits,
//! when `ruff` is on PATH or named by `RUFF` (`python3 -m venv
//! target/ruff-venv && target/ruff-venv/bin/pip install ruff`, then
//! `RUFF=target/ruff-venv/bin/ruff`). ruff reads no Rust, so credlint's
//! Rust figures are given as ratios to ruff's Python ones: the latency a
//! user of both would compare.
//!
//!     RUFF=target/ruff-venv/bin/ruff nice cargo bench --bench lsp_latency
//!
//! `CREDLINT_BEFORE=path/to/credlint` runs that build too, in the same
//! rounds, to compare a change with what it replaces.
//! `CREDLINT_BENCH_EDITS=60` times fewer edits per run than [`EDITS`], and
//! `CREDLINT_BENCH_ONLY="python typing,memory"` runs only the measurements
//! whose name (`LANGUAGE KIND`, or `memory`) holds one of its
//! comma-separated words: a quicker loop on a shared machine.
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
const EDITS: usize = 100;

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

/// p50 and p95 of one run's `times`.
fn quantiles(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (percentile(&times, 0.50), percentile(&times, 0.95))
}

/// Times edits of kind `edit`, from `didChange` to its diagnostics:
/// - `valid`: a character typed in a string and deleted again, `edits()` times;
/// - `breaking`: the same at the start of an indented line (an indentation
///   error until deleted);
/// - `typing`: [`Language::typed`] typed a character at a time on a new line, then
///   the line deleted, until `edits()` keystrokes are timed;
/// - `burst`: the first [`BURST`] characters of [`Language::typed`] typed one
///   every 30 ms without waiting, the time being the last keystroke's to its
///   diagnostics, [`BURSTS`] times.
fn measure(language: &Language, program: &str, args: &[&str], edit: &str) -> Vec<Duration> {
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
            let typed: Vec<char> = match edit {
                "burst" => language.typed.chars().cycle().take(BURST).collect(),
                _ => language.typed.chars().collect(),
            };
            while times.len() < if edit == "typing" { edits } else { BURSTS } {
                editor.change((line, 0), (line, 0), "\n");
                editor.published();
                for (column, c) in typed.iter().enumerate() {
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
    times
}

/// Keystrokes in a burst (issue 11: 30 keys 30 ms apart).
const BURST: usize = 30;
/// Bursts timed per run.
const BURSTS: usize = 8;

/// Opens the big file [`OPENS`] times in fresh servers, timing `didOpen` to
/// its first diagnostics.
fn open_time(language: &Language, program: &str, args: &[&str]) -> Vec<Duration> {
    const OPENS: usize = 5;
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
    times
}

/// Opens 200 files of 2,000 lines, waits for all their diagnostics, then
/// reads the server's resident and peak memory (MiB).
fn memory(program: &str, args: &[&str]) -> (f64, f64) {
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
    (field("VmRSS:"), field("VmHWM:"))
}

/// How many rounds each measurement runs: every server once per round, in
/// turn (A B A B…), so that a load the other engineers put on the machine
/// falls on both alike. `CREDLINT_BENCH_ROUNDS`, at least 5 by default.
fn rounds() -> usize {
    std::env::var("CREDLINT_BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// A server's medians over the rounds of one measurement: its name, p50
/// and p95 (ms).
type Medians = (&'static str, f64, f64);

/// A server the bench runs: its name, program and arguments.
struct Server {
    name: &'static str,
    program: String,
    args: &'static [&'static str],
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let ruff = std::env::var("RUFF").unwrap_or_else(|_| "ruff".into());
    let has_ruff = Command::new(&ruff)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let mut servers = vec![Server {
        name: "credlint",
        program: env!("CARGO_BIN_EXE_credlint").into(),
        args: &["lsp"],
    }];
    // An earlier build to compare with, in the same run.
    if let Ok(before) = std::env::var("CREDLINT_BEFORE") {
        servers.push(Server {
            name: "before",
            program: before,
            args: &["lsp"],
        });
    }
    if has_ruff {
        servers.push(Server {
            name: "ruff",
            program: ruff,
            args: &["server"],
        });
    } else {
        println!("(ruff not found: set RUFF or put ruff on PATH to measure the peer)");
    }
    let rounds = rounds();
    // Medians over the rounds, by measurement: (server, p50, p95) in ms.
    let mut table: Vec<(String, Vec<Medians>)> = Vec::new();
    for language in [&PYTHON, &RUST] {
        for edit in ["open", "valid", "breaking", "typing", "burst"] {
            let what = format!("{} {edit}", language.id);
            if !selected(&what) {
                continue;
            }
            // ruff reads no Rust: its Python figures are the peer's there.
            let runs: Vec<&Server> = servers
                .iter()
                .filter(|s| s.name != "ruff" || language.id == "python")
                .collect();
            let mut by_server = vec![(Vec::new(), Vec::new()); runs.len()];
            for round in 0..rounds {
                for (server, (p50s, p95s)) in runs.iter().zip(&mut by_server) {
                    let times = match edit {
                        "open" => open_time(language, &server.program, server.args),
                        _ => measure(language, &server.program, server.args, edit),
                    };
                    let (p50, p95) = quantiles(times);
                    println!(
                        "{what:16} round {round}  {:9} p50 {:>8.2} ms  p95 {:>8.2} ms",
                        server.name,
                        ms(p50),
                        ms(p95)
                    );
                    p50s.push(ms(p50));
                    p95s.push(ms(p95));
                }
            }
            let medians = runs
                .iter()
                .zip(by_server)
                .map(|(server, (p50, p95))| (server.name, median(p50), median(p95)))
                .collect();
            table.push((what, medians));
        }
    }
    let mut memory_table = Vec::new();
    if selected("memory") {
        let mut by_server = vec![(Vec::new(), Vec::new()); servers.len()];
        for round in 0..rounds {
            for (i, server) in servers.iter().enumerate() {
                let (rss, peak) = memory(&server.program, server.args);
                println!(
                    "memory (200 × 2000 lines) round {round}  {:9} resident {rss:>7.1} MiB  peak {peak:>7.1} MiB",
                    server.name
                );
                by_server[i].0.push(rss);
                by_server[i].1.push(peak);
            }
        }
        memory_table = by_server
            .into_iter()
            .map(|(rss, peak)| (median(rss), median(peak)))
            .collect();
    }
    // The summary, as markdown tables: medians over the rounds, and their
    // ratios to ruff's (its Python figures for both languages).
    println!(
        "\nMedians of {rounds} interleaved rounds, {LINES}-line files (ms; each round's p50 and p95):\n"
    );
    println!("| measurement | server | p50 | p95 | p50 / ruff's | p95 / ruff's |\n|---|---|---:|---:|---:|---:|");
    let ruff_of = |what: &str| {
        let python = format!("python {}", what.split_once(' ').map_or("", |(_, e)| e));
        table
            .iter()
            .find(|(w, _)| *w == python)
            .and_then(|(_, m)| m.iter().find(|(name, ..)| *name == "ruff"))
            .map(|&(_, p50, p95)| (p50, p95))
    };
    for (what, medians) in &table {
        for &(name, p50, p95) in medians {
            let ratios = match ruff_of(what) {
                Some((r50, r95)) if name != "ruff" => {
                    format!("{:.2} | {:.2}", p50 / r50, p95 / r95)
                }
                _ => "| ".into(),
            };
            println!("| {what} | {name} | {p50:.2} | {p95:.2} | {ratios} |");
        }
    }
    if !memory_table.is_empty() {
        println!(
            "\n| memory, 200 files × 2,000 lines | resident MiB | peak MiB |\n|---|---:|---:|"
        );
        for (server, (rss, peak)) in servers.iter().zip(&memory_table) {
            let name = server.name;
            println!("| {name} | {rss:.1} | {peak:.1} |");
        }
        if let Some(ruff_at) = servers.iter().position(|s| s.name == "ruff") {
            let (ours, theirs) = (memory_table[0], memory_table[ruff_at]);
            println!(
                "| credlint/ruff | {:.2} | {:.2} |",
                ours.0 / theirs.0,
                ours.1 / theirs.1
            );
        }
    }
}
