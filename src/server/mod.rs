//! `credlint lsp`: the language-server front.
//!
//! Architecture invariant: this module is the only one that knows LSP. It
//! turns editor buffers into [`crate::Document`]s and findings into
//! diagnostics; the analysis is the same [`crate::check`] the command line
//! calls.
//!
//! Ordering: tower-lsp runs the next notification as soon as a handler
//! awaits, so every handler applies its change to the [`Session`] before it
//! awaits anything. Analysis then runs on a snapshot, off the async threads,
//! and its result is published only if the document has not moved on to a
//! newer version meanwhile.

mod actions;
pub(crate) mod document;
#[cfg(test)]
mod fix_properties;
mod pool;
mod position;
mod pyedit;
mod resolve;
mod rsedit;
mod session;

use crate::document::Language;
use crate::finding::{Finding, Severity};
use crate::workspace::Overrides;
use document::TextDocument;
use serde_json::Value;
use session::{ClientSettings, Configured, FactsJob, Request, Session, Step};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::lsp_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server, UriExt};

pub const SCAN_WORKSPACE: &str = "credlint.scanWorkspace";

/// How long a document's edits pause before its stale tree is reparsed
/// (see [`Backend::spawn_reparse`]): longer than the gap between two
/// keystrokes of someone typing.
const REPARSE_AFTER: std::time::Duration = std::time::Duration::from_millis(150);

/// How long the edits of a Rust document whose tree has a syntax error
/// pause before its version is analysed again from a fresh parse (see
/// [`Backend::analyse_version`]).
const SETTLE_AFTER: std::time::Duration = std::time::Duration::from_millis(150);

/// How long a document is left unedited before its tree is freed (see
/// [`Backend::expire_tree`]).
const TREE_IDLE: std::time::Duration = std::time::Duration::from_secs(30);

/// Serves LSP over stdin/stdout until the client says `exit`. The exit
/// code is 1 when `exit` came without a `shutdown` before it, as the LSP
/// specification asks.
pub fn run() -> anyhow::Result<std::process::ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let ending = Arc::new(Ending::default());
    runtime.block_on(async {
        let (service, socket) = LspService::new(Backend::new);
        let (input, sanitized) = tokio::io::duplex(1 << 16);
        let (server_output, answers) = tokio::io::duplex(1 << 16);
        // Everything for stdout goes through one channel, whole messages
        // each: tower-lsp's, and the answers to messages it never sees.
        let (outgoing, mut to_stdout) = tokio::sync::mpsc::unbounded_channel();
        let reader_ending = Arc::clone(&ending);
        let rejections = outgoing.clone();
        tokio::spawn(async move {
            forward_well_formed(tokio::io::stdin(), input, rejections, &reader_ending).await;
            // The client is gone: nothing will answer the handlers that
            // wait on it either.
            reader_ending.exited.notify_one();
        });
        tokio::spawn(frames(answers, outgoing));
        let writer = tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            let mut stdout = tokio::io::stdout();
            while let Some(Some(message)) = to_stdout.recv().await {
                if stdout.write_all(&message).await.is_err() || stdout.flush().await.is_err() {
                    return;
                }
            }
        });
        // tower-lsp returns after `exit` only once every handler still
        // running has finished, and one may wait for an answer from a
        // client that has stopped answering; the process must still end.
        tokio::select! {
            () = Server::new(sanitized, server_output, socket).serve(service) => {}
            () = async {
                ending.exited.notified().await;
                tokio::time::sleep(EXIT_GRACE).await;
            } => {}
        }
        // tower-lsp's output is closed now: the writer ends once it has
        // written all of it, unless the client has stopped reading.
        let _ = tokio::time::timeout(EXIT_GRACE, writer).await;
    });
    // The stdin reader may still be blocked in a read; do not wait for it.
    runtime.shutdown_background();
    let unannounced = ending.exit.load(Ordering::SeqCst) && !ending.shutdown.load(Ordering::SeqCst);
    Ok(if unannounced {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    })
}

/// What the client said of the session's end, as its messages came in.
#[derive(Default)]
struct Ending {
    shutdown: std::sync::atomic::AtomicBool,
    exit: std::sync::atomic::AtomicBool,
    /// Notified when `exit` is passed on to tower-lsp, or the input ends.
    exited: tokio::sync::Notify,
}

/// How long the handlers still running at `exit` (or the input's end) may
/// take to finish.
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// The configuration an opened document holds until its own is resolved:
/// never analysed with (see [`TextDocument::configured`]), only its size
/// limit decides whether the text is parsed meanwhile.
fn unresolved() -> Arc<crate::config::Config> {
    static DEFAULTS: std::sync::LazyLock<Arc<crate::config::Config>> =
        std::sync::LazyLock::new(|| Arc::new(crate::config::Config::default()));
    Arc::clone(&DEFAULTS)
}

/// Passes on only messages that tower-lsp can read. tower-lsp stops reading
/// for good after one message it cannot decode (the session then ends, or
/// waits forever on a broken frame); a malformed message from a client must
/// cost that message, not the session. So every message is read here first:
/// its headers in any line ending and case, its body repaired where a client
/// is known to send bad text (bytes that are not UTF-8, lone surrogates),
/// and passed on only if it is a JSON-RPC request, notification or response
/// as tower-lsp decodes one; any other is answered here with a JSON-RPC
/// error (see [`rejection`]) and a note on stderr. A header block without a
/// length is skipped up to the next `Content-Length`, and so is a body
/// longer than [`MAX_BODY`]; a body that a header inside it shows was cut
/// short (or whose length was overstated) ends at that header.
async fn forward_well_formed(
    input: impl tokio::io::AsyncRead + Unpin,
    mut output: impl tokio::io::AsyncWrite + Unpin,
    answers: Outgoing,
    ending: &Ending,
) {
    use tokio::io::AsyncWriteExt;
    let mut input = tokio::io::BufReader::new(input);
    // A length read from a header found inside the last body (see below).
    let mut carried = None;
    loop {
        let mut length = carried.take();
        loop {
            // Only a line's tail is kept: a header is short, and a line of
            // gigabytes skipped here must not be held.
            let mut line = Vec::new();
            match read_line(&mut input, &mut line, HEADER_TAIL, usize::MAX).await {
                Ok(0) | Err(_) => return, // end of input: the server shuts down
                Ok(_) => {}
            }
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end();
            if line.is_empty() {
                if length.is_some() {
                    break;
                }
                continue;
            }
            // Anywhere in the line: after a header block without a
            // length, the body that followed it has no line end of its
            // own and runs into the next message's first header.
            if let Some((_, value)) = length_header(line.as_bytes()) {
                length = value;
            }
        }
        let Some(length) = length else { continue };
        if length > MAX_BODY {
            eprintln!(
                "credlint: a message's Content-Length ({length}) is over the limit of {MAX_BODY} bytes; skipped up to the next Content-Length header"
            );
            continue;
        }
        // Read as it comes rather than allocated up front, line by line: a
        // `Content-Length` header ending a line inside the body (which no
        // JSON text holds: a line end in a string is escaped, and a header's
        // name is no JSON outside one) is the next message's, so a length
        // larger than the body sent costs that one message, not the ones
        // after it, which would otherwise be read as its body.
        let mut body = Vec::new();
        while body.len() < length {
            let start = body.len();
            match read_line(&mut input, &mut body, usize::MAX, length - start).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            // Only the line's tail can end in a header (a header line keeps
            // no more, see `HEADER_TAIL`): a body's one long line of JSON is
            // not scanned whole.
            let tail = start.max(body.len().saturating_sub(HEADER_TAIL));
            let header = (body.last() == Some(&b'\n'))
                .then(|| length_header(&body[tail..]))
                .flatten()
                .map(|(at, value)| (tail - start + at, value));
            if let Some((at, value @ Some(_))) = header {
                eprintln!("credlint: a message was shorter than its Content-Length; read up to the next message's header");
                body.truncate(start + at);
                carried = value;
                break;
            }
        }
        // LSP bodies are UTF-8; a client that sends other bytes (a file
        // decoded as Latin-1, then cut) gets them read as U+FFFD, as an
        // editor shows them, rather than a session that ends.
        let body = match String::from_utf8(body) {
            Ok(text) => text.into_bytes(),
            Err(e) => {
                eprintln!("credlint: a message was not UTF-8; undecodable bytes read as U+FFFD");
                String::from_utf8_lossy(e.as_bytes())
                    .into_owned()
                    .into_bytes()
            }
        };
        let body = without_lone_surrogates(body);
        if body.iter().all(u8::is_ascii_whitespace) {
            continue; // no message: nothing to answer (tower-lsp skips an empty one too)
        }
        let message = match serde_json::from_slice::<Message>(&body) {
            Ok(message) => message,
            Err(e) => {
                eprintln!("credlint: answered a message tower-lsp cannot read: {e}");
                let _ = answers.send(Some(rejection(&body, &e)));
                continue;
            }
        };
        let mut exit = false;
        if let Message::Request(request) = &message {
            match request.method() {
                "shutdown" if request.id().is_some() => {
                    ending.shutdown.store(true, Ordering::SeqCst);
                }
                "exit" => exit = true,
                _ => {}
            }
        }
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        if output.write_all(header.as_bytes()).await.is_err()
            || output.write_all(&body).await.is_err()
        {
            return;
        }
        if exit {
            ending.exit.store(true, Ordering::SeqCst);
            ending.exited.notify_one();
        }
    }
}

/// The largest message body read: four times the default read limit (64
/// MiB, past which a document is not analysed), so any document an editor
/// opens fits, while a `Content-Length` of gigabytes (a client's bug, or a
/// body cut short) is skipped up to the next header at once, not waited
/// for and held.
const MAX_BODY: usize = 256 << 20;

/// How much of a header line is kept: the end of the longest
/// `Content-Length` header.
const HEADER_TAIL: usize = 1024;

/// The `Content-Length` header ending `line` (in any case, anywhere in the
/// line): where its name starts, and its value when that is a number.
fn length_header(line: &[u8]) -> Option<(usize, Option<usize>)> {
    const NAME: &[u8] = b"content-length:";
    let at = (line.windows(NAME.len())).rposition(|w| w.eq_ignore_ascii_case(NAME))?;
    let value = std::str::from_utf8(&line[at + NAME.len()..]).ok();
    Some((at, value.and_then(|v| v.trim().parse::<usize>().ok())))
}

/// Reads `input` up to and including the next `\n`, or `limit` bytes, or
/// the input's end, onto `line`, of which only the last `keep` bytes read
/// are kept; returns how many bytes were read (0 at the input's end).
async fn read_line(
    input: &mut (impl tokio::io::AsyncBufRead + Unpin),
    line: &mut Vec<u8>,
    keep: usize,
    limit: usize,
) -> std::io::Result<usize> {
    use tokio::io::AsyncBufReadExt;
    let start = line.len();
    let mut read = 0;
    while read < limit {
        let buffer = input.fill_buf().await?;
        if buffer.is_empty() {
            break;
        }
        let buffer = &buffer[..buffer.len().min(limit - read)];
        let (chunk, ends) = match buffer.iter().position(|&b| b == b'\n') {
            Some(end) => (&buffer[..=end], true),
            None => (buffer, false),
        };
        line.extend_from_slice(chunk);
        if line.len() - start > keep {
            line.drain(start..line.len() - keep);
        }
        let taken = chunk.len();
        input.consume(taken);
        read += taken;
        if ends {
            break;
        }
    }
    Ok(read)
}

/// Whole messages for stdout, framed; `None` once no more will come.
type Outgoing = tokio::sync::mpsc::UnboundedSender<Option<Vec<u8>>>;

/// The JSON-RPC error answering a message that failed as `error` says:
/// -32700 Parse error when it is not JSON (or nested deeper than JSON is
/// read), otherwise -32600 Invalid Request; `id` is the message's own when
/// it has a usable one (an integer or a string), else null.
fn rejection(body: &[u8], error: &serde_json::Error) -> Vec<u8> {
    let (code, text, id) = if error.is_data() {
        let id = match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(mut message)) => match message.remove("id") {
                Some(id @ Value::String(_)) => id,
                Some(Value::Number(n)) if n.is_i64() => Value::Number(n),
                _ => Value::Null,
            },
            _ => Value::Null,
        };
        (-32600, "Invalid Request", id)
    } else {
        (-32700, "Parse error", Value::Null)
    };
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code, "message": text },
    })
    .to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Passes tower-lsp's output on as whole messages, then `None` at its end.
/// The frames are tower-lsp's own, so they are read as written.
async fn frames(output: impl tokio::io::AsyncRead + Unpin, to: Outgoing) {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt};
    let mut output = tokio::io::BufReader::new(output);
    'messages: loop {
        let mut message = Vec::new();
        let mut length = None;
        loop {
            let start = message.len();
            match output.read_until(b'\n', &mut message).await {
                Ok(0) | Err(_) => break 'messages,
                Ok(_) => {}
            }
            let line = String::from_utf8_lossy(&message[start..]);
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length:") {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let Some(length) = length else { break };
        let start = message.len();
        message.resize(start + length, 0);
        if output.read_exact(&mut message[start..]).await.is_err()
            || to
                .send(Some(without_echoed_params(message, start)))
                .is_err()
        {
            break;
        }
    }
    let _ = to.send(None);
}

/// The frame `message` (its body from `body`) with an Invalid params error's
/// text cut of what it quotes. tower-lsp answers a request whose parameters
/// do not decode with serde's message, which quotes the client's value
/// (`invalid type: string "ghp_…", expected u32`): a secret a client sent
/// where it did not belong would come back in the error, and into every
/// editor's LSP trace. What it says of the value's type stays.
fn without_echoed_params(message: Vec<u8>, body: usize) -> Vec<u8> {
    const INVALID_PARAMS: i64 = -32602;
    // tower-lsp's Method not found gives the method's name as `data`: a
    // client's text, echoed the same way.
    const METHOD_NOT_FOUND: i64 = -32601;
    let Ok(mut response) = serde_json::from_slice::<Value>(&message[body..]) else {
        return message;
    };
    let error = &mut response["error"];
    match error["code"].as_i64() {
        Some(INVALID_PARAMS) => {}
        Some(METHOD_NOT_FOUND) if error.get("data").is_some() => {
            error.as_object_mut().map(|e| e.remove("data"));
            let body = response.to_string();
            return format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes();
        }
        _ => return message,
    }
    if let Some(text) = error["message"].as_str() {
        error["message"] = Value::String(without_quoted(text));
    }
    error.as_object_mut().map(|e| e.remove("data"));
    let body = response.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// `text` with every run in double quotes or backquotes shown as `"…"`.
fn without_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match quote {
            Some(open) if c == open => {
                out.push_str("…\"");
                quote = None;
            }
            Some(_) => {}
            None if c == '"' || c == '`' => {
                out.push('"');
                quote = Some(c);
            }
            None => out.push(c),
        }
    }
    if quote.is_some() {
        out.push_str("…\"");
    }
    out
}

/// A message as tower-lsp's decoder reads one (its own type is private):
/// `jsonrpc` is "2.0", a request's `method` a string, an `id` an integer,
/// a string or null, and nothing nested deeper than serde_json reads.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Message {
    Response(#[allow(dead_code)] tower_lsp_server::jsonrpc::Response),
    Request(tower_lsp_server::jsonrpc::Request),
}

/// The message with every `\uD800`–`\uDFFF` escape that is not half of a
/// surrogate pair replaced by `\uFFFD`. JavaScript strings may hold lone
/// surrogates and VS Code sends them as they are (a file cut mid-emoji);
/// such a string has no Rust form, so tower-lsp would fail the whole
/// message and then stop reading.
fn without_lone_surrogates(body: Vec<u8>) -> Vec<u8> {
    fn unit_at(body: &[u8], at: usize) -> Option<u16> {
        let hex = body.get(at..at + 6)?;
        if hex[0] != b'\\' || hex[1] != b'u' {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()
    }
    if !body
        .windows(3)
        .any(|w| w[0] == b'\\' && w[1] == b'u' && matches!(w[2], b'd' | b'D'))
    {
        return body;
    }
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            out.push(body[i]);
            i += 1;
            continue;
        }
        match unit_at(&body, i) {
            Some(0xD800..=0xDBFF)
                if unit_at(&body, i + 6).is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) =>
            {
                out.extend_from_slice(&body[i..i + 12]);
                i += 12;
            }
            Some(0xD800..=0xDFFF) => {
                out.extend_from_slice(b"\\ufffd");
                i += 6;
            }
            // Any other escape, `\\` included, is kept whole so that its
            // second character is not read as the start of another.
            _ => {
                out.extend_from_slice(&body[i..(i + 2).min(body.len())]);
                i += 2;
            }
        }
    }
    out
}

/// The session, locked. While it lives its thread is marked (see
/// [`crate::workspace::blocking`]): the workspace layer's blocking I/O
/// panics in debug builds, so no handler can stall the others on a disk or
/// on git. It is not `Send`, so no handler can hold it across an `.await`
/// (tower-lsp's handlers and spawned tasks must be `Send`).
struct Locked<'a> {
    guard: std::sync::MutexGuard<'a, Session>,
    _mark: crate::workspace::blocking::Forbidden,
}

fn lock(session: &Mutex<Session>) -> Locked<'_> {
    Locked {
        // A panic while holding the lock must not take the server down with it.
        guard: session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
        _mark: crate::workspace::blocking::forbid(),
    }
}

impl std::ops::Deref for Locked<'_> {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.guard
    }
}

impl std::ops::DerefMut for Locked<'_> {
    fn deref_mut(&mut self) -> &mut Session {
        &mut self.guard
    }
}

/// What the quick fixes need of the session, copied under its lock (ropes
/// share their text): they read files, so they run with the lock released.
fn action_context(session: &Session) -> actions::Context {
    actions::Context {
        roots: session.roots.clone(),
        edits: session.edits,
        open: session
            .documents
            .iter()
            .map(|(uri, d)| actions::OpenFile {
                uri: uri.clone(),
                path: d.path.clone(),
                version: d.version,
                rope: d.rope.clone(),
            })
            .collect(),
    }
}

#[derive(Clone)]
struct Backend {
    client: Client,
    session: Arc<Mutex<Session>>,
    /// Held from the version check to the send, so results go out in order.
    publishing: Arc<tokio::sync::Mutex<()>>,
}

impl Backend {
    fn new(client: Client) -> Self {
        Backend {
            client,
            session: Arc::default(),
            publishing: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    fn session(&self) -> Locked<'_> {
        lock(&self.session)
    }

    /// Judges again whether the open Rust documents `uris` (all of them when
    /// `None`) are declared as test-only code by their parents
    /// (`#[cfg(test)] mod x;`), reading the parents' open buffers in place
    /// of their files, off the session lock; returns those whose answer
    /// changed. With `changed`, only the documents that file can be a
    /// parent of (or a parent's parent) are judged: an edit to any other
    /// file costs a few path operations per open Rust document.
    async fn judge_modules(&self, uris: Option<&[Uri]>, changed: Option<&Path>) -> Vec<Uri> {
        let (children, overlay) = {
            let session = self.session();
            let children: Vec<(Uri, PathBuf, Vec<PathBuf>)> = (session.documents.iter())
                .filter(|(uri, d)| {
                    d.language == Language::Rust && uris.is_none_or(|uris| uris.contains(uri))
                })
                .map(|(uri, d)| {
                    let parents = crate::workspace::modules::ancestors(&d.path);
                    (uri.clone(), d.path.clone(), parents)
                })
                .filter(|(_, path, parents)| {
                    changed.is_none_or(|c| c != path && parents.iter().any(|p| p == c))
                })
                .collect();
            if children.is_empty() {
                return Vec::new();
            }
            let overlay: HashMap<PathBuf, String> = (session.documents.values())
                .filter(|d| {
                    children
                        .iter()
                        .any(|(_, _, parents)| parents.contains(&d.path))
                })
                .map(|d| (d.path.clone(), d.text()))
                .collect();
            (children, overlay)
        };
        let judged = tokio::task::spawn_blocking(move || {
            let parents = crate::workspace::modules::Parents::with_overlay(overlay);
            (children.into_iter())
                .map(|(uri, path, _)| (uri, parents.declared_for_tests(&path)))
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        let mut session = self.session();
        judged
            .into_iter()
            .filter_map(|(uri, test_module)| {
                let document = session.documents.get_mut(&uri)?;
                let changed = document.test_module != test_module;
                document.test_module = test_module;
                changed.then_some(uri)
            })
            .collect()
    }

    /// After the file at `path` changed (in the editor or on disk), judges
    /// again the open documents it can be a parent of, and analyses those
    /// whose answer changed.
    async fn rejudge_children(&self, path: Option<PathBuf>) {
        let Some(path) = path.filter(|p| p.extension().is_some_and(|e| e == "rs")) else {
            return;
        };
        for uri in self.judge_modules(None, Some(&path)).await {
            self.analyse(uri).await;
        }
    }

    /// Analyses the document's current version and publishes the result,
    /// unless a newer version arrived meanwhile.
    async fn analyse(&self, uri: Uri) {
        self.analyse_version(uri, false).await;
    }

    /// [`Backend::analyse`], `settled` or not (see
    /// [`TextDocument::analysis_input`]): a Rust version read from its
    /// broken incremental tree is analysed again, settled, from a fresh
    /// parse, once its edits pause for [`SETTLE_AFTER`], so that the
    /// findings left on screen are the command line's whatever the edit
    /// history; that analysis publishes only when its diagnostics differ
    /// from those the broken tree's reading published.
    async fn analyse_version(&self, uri: Uri, settled: bool) {
        let ((snapshot, cancel), reparse, size, version, config, enabled, ticket, traced, previous) = {
            let mut session = self.session();
            let trace = session.trace;
            // An excluded document is shown nothing, as if disabled.
            let enabled =
                session.enabled() && !session.documents.get(&uri).is_some_and(|d| d.excluded);
            if !session.documents.get(&uri).is_some_and(|d| d.configured) {
                return; // analysed once its configuration is settled
            }
            if (session.documents.get(&uri)).is_some_and(|d| session.awaits_facts(d)) {
                return; // analysed once its project facts are gathered
            }
            let Some((ticket, document)) = session.start_analysis(&uri) else {
                return;
            };
            // A document over the read limit is not copied for the engine at all.
            let (snapshot, reparse) = if document.readable() {
                let (snapshot, reparse) = document.analysis_input(settled);
                (Some(snapshot), reparse)
            } else {
                (None, None)
            };
            (
                (snapshot, Arc::clone(&document.cancel)),
                reparse,
                document.len_bytes() as u64,
                document.version,
                Arc::clone(&document.config),
                enabled,
                ticket,
                // No path: one may hold a secret (see `rules::PathSecrets`).
                trace.then(|| {
                    let language = format!("{:?}", document.language).to_lowercase();
                    format!(
                        "analysis started: {language} document, version {}",
                        document.version
                    )
                }),
                // The previous analysis, made with this configuration.
                (document.previous.as_ref())
                    .filter(|(made_with, _)| Arc::ptr_eq(made_with, &document.config))
                    .map(|(_, previous)| Arc::clone(previous)),
            )
        };
        if let Some(message) = traced {
            let params = LogTraceParams {
                message,
                verbose: None,
            };
            (self.client)
                .send_notification::<notification::LogTrace>(params)
                .await;
        }
        // A whole parse: a broken tree it gives is read as a fresh parse
        // is, so its analysis is already settled.
        let fresh = matches!(reparse, Some(None));
        let skipped = match &snapshot {
            Some(snapshot) => crate::skip::skip(snapshot.text.as_bytes(), &config),
            None => Some(crate::skip::Skip::TooLarge(size)),
        };
        let made_with = Arc::clone(&config);
        let (findings, partial, parsed, next) = match snapshot {
            Some(snapshot) if enabled && skipped.is_none() => {
                let session = Arc::clone(&self.session);
                let current = uri.clone();
                let analysed = pool::run(move || {
                    // Queued behind others (a burst of keystrokes), an
                    // analysis a newer one superseded is not run at all,
                    // nor its version parsed.
                    let current = lock(&session)
                        .documents
                        .get(&current)
                        .is_some_and(|d| d.analysis == ticket);
                    current.then(|| {
                        // A newer version's analysis stops this one's parses.
                        let _cancellation = crate::syntax::cancel_on(cancel);
                        let (snapshot, parsed) = document::reparsed(snapshot, reparse);
                        // From the previous version's analysis when there
                        // is one: the touched statements only, when no
                        // file-wide fact changed; the same answer.
                        let (analysis, next) =
                            crate::incremental::reanalyse(previous.as_deref(), snapshot, &config);
                        (analysis.findings, analysis.partial, parsed, next)
                    })
                })
                .await;
                match analysed {
                    Some(Some(analysed)) => analysed,
                    // Superseded: the newer analysis publishes its own.
                    Some(None) => return,
                    // The engine panicked: nothing to show for this version.
                    None => Default::default(),
                }
            }
            _ => (Vec::new(), None, None, None),
        };
        let _order = self.publishing.lock().await;
        let mut too_large = None;
        let replaced;
        let unsettled;
        let diagnostics = {
            let mut session = self.session();
            let Some(document) = session.documents.get_mut(&uri) else {
                return;
            };
            if document.version != version || document.analysis != ticket {
                return; // superseded: the newer analysis publishes its own
            }
            // The tree this version was read from is the next edit's to
            // reparse from; the one it replaces is freed after the publish.
            replaced = document.parsed(version, parsed);
            unsettled = !settled && !fresh && document.tree_is_broken();
            // Said once each time a document grows past the limit, not on
            // every keystroke while it stays there.
            let over = !document.within_limit();
            if enabled && over && !document.told_too_large {
                too_large = Some(too_large_message(document, skipped.is_none()));
            }
            document.told_too_large = over;
            let mut diagnostics: Vec<Diagnostic> = findings
                .iter()
                .map(|f| diagnostic(&document.rope, f))
                .collect();
            // The command line's "analysed in part" note, on the first line.
            diagnostics.extend(partial.map(|message| Diagnostic {
                range: Range::new(Position::new(0, 0), Position::new(0, 0)),
                severity: Some(DiagnosticSeverity::INFORMATION),
                source: Some("credlint".into()),
                message,
                ..Diagnostic::default()
            }));
            document.findings = findings;
            document.findings_version = Some(version);
            document.previous = next.map(|next| (made_with, Arc::new(next)));
            // A settled analysis that finds what the broken tree's reading
            // of the same version published has nothing new to say.
            let repeated = settled
                && (document.unsettled.take())
                    .is_some_and(|(read, shown)| read == version && shown == diagnostics);
            document.unsettled = unsettled.then(|| (version, diagnostics.clone()));
            // An opened document's first parse is a tree more to count.
            if fresh {
                session.keep_trees();
            }
            (!repeated).then_some(diagnostics)
        };
        if let Some(diagnostics) = diagnostics {
            self.client
                .publish_diagnostics(uri.clone(), diagnostics, Some(version))
                .await;
        }
        drop(replaced);
        if let Some(message) = too_large {
            self.client
                .show_message(MessageType::INFO, shown(&message))
                .await;
        }
        self.spawn_reparse(uri.clone(), version);
        if unsettled {
            self.spawn_settle(uri.clone(), ticket);
        }
        self.expire_tree(uri);
    }

    /// Analyses a version read from its broken incremental tree again,
    /// settled (see [`Backend::analyse_version`]), once no edit or other
    /// analysis followed it for [`SETTLE_AFTER`]: a burst of keystrokes
    /// pays for one fresh parse, after its last key, not one per key.
    fn spawn_settle(&self, uri: Uri, ticket: u64) {
        let server = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(SETTLE_AFTER).await;
            let current =
                (server.session().documents.get(&uri)).is_some_and(|d| d.analysis == ticket);
            if current {
                server.analyse_version(uri, true).await;
            }
        });
    }

    /// Frees the document's tree once it has been left unedited for
    /// [`TREE_IDLE`]: a tree costs about a thousand bytes per line, and one
    /// of a document nobody edits serves only a quick fix, which parses the
    /// text itself when there is none (a Rust document's next edit parses
    /// it whole).
    fn expire_tree(&self, uri: Uri) {
        let Some(edited) = self
            .session()
            .documents
            .get(&uri)
            .filter(|d| d.edited > 0)
            .map(|d| d.edited)
        else {
            return;
        };
        let session = Arc::clone(&self.session);
        tokio::spawn(async move {
            tokio::time::sleep(TREE_IDLE).await;
            if let Some(document) = lock(&session).documents.get_mut(&uri) {
                if document.edited == edited {
                    document.drop_tree();
                }
            }
        });
    }

    /// Reparses a document whose edits left its tree stale (see
    /// [`TextDocument::apply`]) once typing pauses, off the session lock,
    /// so that quick fixes find a tree without a keystroke waiting for the
    /// parse. A parse started at every keystroke would take the core the
    /// next keystroke's analysis needs; a version edited again within
    /// [`REPARSE_AFTER`] is left to the later one, and a quick fix asked for
    /// meanwhile parses the text itself. One runs at a time per document;
    /// edits made meanwhile are applied to the tree it returns.
    fn spawn_reparse(&self, uri: Uri, version: i32) {
        let server = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(REPARSE_AFTER).await;
            let Some((version, language, rope, old)) = server
                .session()
                .documents
                .get_mut(&uri)
                .filter(|d| d.version == version)
                .and_then(|d| d.start_reparse())
            else {
                return;
            };
            let parsed =
                pool::run(move || crate::syntax::parse(language, &rope.to_string(), old.as_ref()))
                    .await;
            if let Some(document) = server.session().documents.get_mut(&uri) {
                document.set_tree(version, parsed.flatten());
            }
        });
    }

    /// Scans `roots` in the background, as `credlint.scanWorkspace` does.
    fn spawn_scan(&self, roots: Vec<PathBuf>) {
        let overrides = self.session().settings.overrides();
        tokio::spawn(scan_workspace(self.clone(), roots, overrides));
    }

    async fn analyse_all(&self) {
        let uris: Vec<Uri> = self.session().documents.keys().cloned().collect();
        for uri in uris {
            self.analyse(uri).await;
        }
    }

    /// Resolves a document's configuration: the I/O on blocking threads, the
    /// session's steps under its lock between them (see [`Session::locate`]
    /// and [`Session::settle`]). `None`: superseded by a reload or a newer
    /// request, whose resolution configures the document instead.
    async fn resolve(&self, request: Request) -> Option<Configured> {
        if !self.session().current(&request) {
            return None;
        }
        // Another document in the folder found its configuration files.
        let known = self.session().located(&request);
        let (request, step) = match known {
            Some(step) => (request, step),
            None => {
                let (request, located) = tokio::task::spawn_blocking(move || {
                    let located = resolve::locate(&request);
                    (request, located)
                })
                .await
                .ok()?;
                let step = self.session().locate(&request, located)?;
                (request, step)
            }
        };
        let (request, configured) = match step {
            Step::Done(configured) => (request, configured),
            Step::Configure(pending) => {
                let (request, pending, resolved) = tokio::task::spawn_blocking(move || {
                    let resolved = resolve::configure(&request, &pending);
                    (request, pending, resolved)
                })
                .await
                .ok()?;
                let configured = self.session().settle(&request, pending, resolved)?;
                (request, configured)
            }
        };
        self.judge_exclusion(request).await;
        Some(configured)
    }

    /// Judges off the lock whether the request's document is excluded (see
    /// [`resolve::excluded`]), once its configuration is settled (so a
    /// save right after opening finds it configured), before the analysis
    /// that follows a resolution.
    async fn judge_exclusion(&self, request: Request) {
        let judged = tokio::task::spawn_blocking(move || {
            let excluded = resolve::excluded(&request);
            (request, excluded)
        })
        .await;
        if let Ok((request, excluded)) = judged {
            self.session().set_excluded(&request, excluded);
        }
    }

    /// Reloads configuration, tells the user about broken files, republishes.
    /// A reload that a newer one overtakes leaves the rest to it.
    async fn reload(&self) {
        let (generation, requests) = self.session().begin_reload();
        // The secrets seen in paths are the reload's to find again, as it
        // analyses every document again (see `rules::PathSecrets`).
        crate::rules::PathSecrets::begin();
        let mut errors: Vec<crate::config::ConfigError> = Vec::new();
        let mut jobs = Vec::new();
        for request in requests {
            let Some(configured) = self.resolve(request).await else {
                continue;
            };
            if let Some(error) = configured.error {
                if !errors
                    .iter()
                    .any(|e| e.path == error.path && e.message == error.message)
                {
                    errors.push(error);
                }
            }
            jobs.extend(configured.facts);
        }
        if !self.session().is_generation(generation) {
            return;
        }
        self.watch_chains().await;
        for error in errors {
            self.report_config_error(&error).await;
        }
        self.analyse_all().await;
        for job in jobs {
            self.gather_facts(job);
        }
    }

    /// Asks the client to watch the configuration files of the folders
    /// outside the workspace folders that documents' chains now reach (a
    /// repository's root configuration above the folder opened).
    async fn watch_chains(&self) {
        let folders = {
            let mut session = self.session();
            let folders = session.take_unwatched();
            if !session.watch_registration {
                return;
            }
            folders
        };
        let watchers: Vec<FileSystemWatcher> = folders
            .iter()
            .filter_map(Uri::from_file_path)
            .map(|base| FileSystemWatcher {
                glob_pattern: GlobPattern::Relative(RelativePattern {
                    base_uri: OneOf::Right(base),
                    pattern: format!("{{{}}}", crate::config::CONFIG_FILES.join(",")),
                }),
                kind: None,
            })
            .collect();
        if watchers.is_empty() {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: format!("credlint-chain-{}", folders[0].display()),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        // A refusal is not an error: reloads then come with saves.
        let _ = self.client.register_capability(vec![registration]).await;
    }

    /// Gathers a configuration's project facts in the background, then
    /// analyses again the documents it governs: their first diagnostics
    /// never wait for a walk of the workspace or for git.
    fn gather_facts(&self, job: FactsJob) {
        let this = self.clone();
        tokio::spawn(async move {
            let job = Arc::new(job);
            let running = Arc::clone(&job);
            let gathered = tokio::task::spawn_blocking(move || resolve::facts(&running)).await;
            let uris = this.session().complete(&job, gathered.ok().flatten());
            for uri in uris {
                this.analyse(uri).await;
            }
        });
    }

    async fn report_config_error(&self, error: &crate::config::ConfigError) {
        self.client
            .show_message(
                MessageType::ERROR,
                shown(&format!(
                    "credlint: {error}; keeping the last configuration that loaded"
                )),
            )
            .await;
        if let Some(uri) = error.path.as_ref().and_then(Uri::from_file_path) {
            // The error's own position (one-based line and character), else the first line.
            let (line, column) = error.position.map_or((0, 0), |(line, column)| {
                (
                    line.saturating_sub(1) as u32,
                    column.saturating_sub(1) as u32,
                )
            });
            let range = Range::new(
                Position::new(line, column),
                Position::new(line, u32::MAX / 2),
            );
            let diagnostic = Diagnostic {
                range,
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("credlint".into()),
                message: error.message.clone(),
                ..Diagnostic::default()
            };
            self.client
                .publish_diagnostics(uri, vec![diagnostic], None)
                .await;
        }
    }
}

/// The line (zero-based) a TOML error names, if it names one.
fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A finding as an LSP diagnostic, positioned in `rope`.
fn diagnostic(rope: &ropey::Rope, finding: &Finding) -> Diagnostic {
    let href = format!(
        "{}#{}",
        crate::report::RULE_DOCS_URL,
        crate::report::sarif_anchor(&finding.rule)
    );
    Diagnostic {
        range: position::range_from_bytes(rope, finding.span.clone()),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.clone())),
        code_description: href.parse().ok().map(|href| CodeDescription { href }),
        source: Some("credlint".into()),
        message: finding.message.clone(),
        ..Diagnostic::default()
    }
}

/// A message for the user as shown: secrets in it redacted as in a path
/// ([`crate::engine::redact_path`]), since messages name files and
/// folders (a file named after a token or a password).
fn shown(message: &str) -> String {
    crate::engine::redact_path(message).into_owned()
}

/// The note for a document over `max-file-size`: its name, the limit and
/// whether it was still checked for provider tokens (under the read limit),
/// never its content.
fn too_large_message(document: &TextDocument, token_checked: bool) -> String {
    let name = document.path.file_name().map_or_else(
        || document.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let what = if token_checked {
        "checked for provider tokens only"
    } else {
        "not analysed"
    };
    format!(
        "credlint: {name} is larger than max-file-size ({} bytes); {what}",
        document.config.max_file_size
    )
}

/// Where an editor buffer "lives" for languages, configuration and the
/// settings-module decision. Buffers without a file get a name from their language.
fn buffer_path(uri: &Uri, language_id: &str) -> PathBuf {
    if let Some(path) = uri.to_file_path() {
        return path.into_owned();
    }
    let extension = match language_id {
        "python" => "py",
        "rust" => "rs",
        _ => "txt",
    };
    PathBuf::from(format!("untitled.{extension}"))
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        crate::rules::PathSecrets::begin();
        let roots = {
            let mut session = self.session();
            if let Some(folders) = &params.workspace_folders {
                session.roots = folders
                    .iter()
                    .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                    .collect();
            }
            #[allow(deprecated)]
            if session.roots.is_empty() {
                if let Some(root) = params.root_uri.as_ref().and_then(|u| u.to_file_path()) {
                    session.roots.push(root.into_owned());
                }
            }
            session.trace = params.trace.is_some_and(|t| t != TraceValue::Off);
            if let Some(options) = &params.initialization_options {
                session.settings = ClientSettings::from_json(options);
            }
            session.watch_registration = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false);
            let workspace_edit = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref());
            session.edits = session::EditSupport {
                versioned: workspace_edit
                    .and_then(|w| w.document_changes)
                    .unwrap_or(false),
                create_files: workspace_edit
                    .and_then(|w| w.resource_operations.as_ref())
                    .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
            };
            session.roots.clone()
        };
        // The engine prepares for the languages the workspace holds while
        // the client finishes its handshake and opens its first files (see
        // `engine::warm`); only those, since on two cores warming another
        // takes the first opened document's core.
        std::thread::spawn(move || {
            for language in crate::workspace::facts::languages(&roots) {
                crate::engine::warm(language);
            }
        });
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "credlint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![SCAN_WORKSPACE.into()],
                    ..ExecuteCommandOptions::default()
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..ServerCapabilities::default()
            },
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if !self.session().watch_registration {
            return; // the client watches files itself, or not at all
        }
        // Watch configuration files, and the files the project rules read
        // (the env templates, `.env` files, `.gitignore`, and the code whose
        // string literals name template entries), so edits to them re-lint
        // open buffers (see `Session::watched_changes_matter`).
        let templates = credlint_core::project::TEMPLATE_NAMES
            .iter()
            .map(|n| format!("**/{n}"));
        let code = credlint_core::project::CODE_EXTENSIONS
            .iter()
            .map(|e| format!("**/*.{e}"));
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: [
                "**/credlint.toml",
                "**/.credlint.toml",
                "**/pyproject.toml",
                "**/.gitignore",
                "**/.env",
                "**/.env.*",
            ]
            .into_iter()
            .map(str::to_owned)
            .chain(templates)
            .chain(code)
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob),
                kind: None,
            })
            .collect(),
        };
        let registration = Registration {
            id: "credlint-config".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        // A refusal is not an error: reloads then come with saves.
        let _ = self.client.register_capability(vec![registration]).await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        // The document is in the session before anything is awaited (a
        // change may follow at once); its configuration is resolved off
        // the lock, and it is analysed once that is settled.
        // Built before the lock is taken: the first document opened may
        // compile the defaults' matchers (the warm-up compiles them last).
        let path = buffer_path(&item.uri, &item.language_id);
        let language = Language::from_language_id(&item.language_id)
            .unwrap_or_else(|| Language::detect(&path, &item.text));
        let document = TextDocument::new(path, language, &item.text, item.version, unresolved());
        let request = self.session().open(item.uri.clone(), document);
        let Some(Configured { error, facts, .. }) = self.resolve(request).await else {
            return; // a reload or a reopening configures and analyses it
        };
        if let Some(error) = error {
            self.report_config_error(&error).await;
        }
        // Whether its parent declares it test-only, before its first
        // diagnostics; and its children, if it is a parent.
        self.judge_modules(Some(std::slice::from_ref(&item.uri)), None)
            .await;
        self.rejudge_children(item.uri.to_file_path().map(|p| p.into_owned()))
            .await;
        // Diagnostics first: registering watchers waits for the client.
        self.analyse(item.uri).await;
        self.watch_chains().await;
        if let Some(job) = facts {
            self.gather_facts(job);
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let open =
            self.session()
                .edited(&uri, &params.content_changes, params.text_document.version);
        if open {
            self.analyse(uri.clone()).await;
            self.rejudge_children(uri.to_file_path().map(|p| p.into_owned()))
                .await;
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        // A saved settings module or env template changes the project facts
        // every open document is judged with, and so may code naming a
        // template entry (see `Project::named_elsewhere`); a saved configuration file,
        // their configuration (a client that watches no files sends no
        // other word of it, and the session remembers each folder's chain).
        let configuration = params
            .text_document
            .uri
            .to_file_path()
            .and_then(|path| path.file_name().map(|name| name.to_owned()))
            .is_some_and(|name| crate::config::CONFIG_FILES.iter().any(|c| name == *c));
        let project_file = self
            .session()
            .documents
            .get(&params.text_document.uri)
            .is_some_and(|d| {
                d.config.is_settings_module(&d.path)
                    || crate::rules::env_template_real_value::is_template(&d.path)
                    || (d.config.project())
                        .is_some_and(|p| p.may_change_named_elsewhere(|| d.text()))
            });
        if configuration || project_file {
            self.reload().await;
        } else {
            self.analyse(params.text_document.uri).await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        {
            let mut session = self.session();
            session.documents.remove(&uri);
            // Its scan diagnostics, if any, are cleared below with the rest.
            session.scanned.remove(&uri);
        }
        {
            let _order = self.publishing.lock().await;
            (self.client)
                .publish_diagnostics(uri.clone(), Vec::new(), None)
                .await;
        }
        // Its children are judged by the file on disk again.
        self.rejudge_children(uri.to_file_path().map(|p| p.into_owned()))
            .await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.session().settings = ClientSettings::from_json(&params.settings);
        self.reload().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let matters = self.session().watched_changes_matter(&params.changes);
        if matters {
            self.reload().await;
        }
        for event in &params.changes {
            (self.rejudge_children(event.uri.to_file_path().map(|p| p.into_owned()))).await;
        }
    }

    /// Folders added are fallback project roots from now on and are scanned
    /// as the workspace scan does (unless the client disabled credlint);
    /// folders removed take their files' scan diagnostics with them. Open
    /// documents are re-resolved either way: their project root may change.
    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let paths = |folders: &[WorkspaceFolder]| -> Vec<PathBuf> {
            folders
                .iter()
                .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                .collect()
        };
        let added = paths(&params.event.added);
        let removed = paths(&params.event.removed);
        let (cleared, enabled) = {
            let mut session = self.session();
            (session.change_folders(&added, &removed), session.enabled())
        };
        {
            let _order = self.publishing.lock().await;
            for uri in cleared {
                self.client.publish_diagnostics(uri, Vec::new(), None).await;
            }
        }
        self.reload().await;
        if enabled && !added.is_empty() {
            self.spawn_scan(added);
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let at = params.text_document_position_params.position;
        let session = self.session();
        let Some(document) = session.documents.get(&uri) else {
            return Ok(None);
        };
        let offset = position::to_byte(&document.rope, at);
        let Some(finding) = document
            .findings
            .iter()
            .find(|f| f.span.start <= offset && offset <= f.span.end)
        else {
            return Ok(None);
        };
        let doc = document
            .config
            .rules()
            .into_iter()
            .find(|r| r.id == finding.rule)
            .map(|r| r.doc)
            .unwrap_or_default();
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: format!(
                    "**credlint `{}`**: {}\n\n{doc}",
                    finding.rule, finding.message
                ),
            }),
            range: Some(position::range_from_bytes(
                &document.rope,
                finding.span.clone(),
            )),
        }))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let (context, document) = {
            let session = self.session();
            let Some(document) = session.documents.get(&uri) else {
                return Ok(None);
            };
            (action_context(&session), document.clone())
        };
        // Fixes read the settings module and the env template from disk.
        let actions = tokio::task::spawn_blocking(move || {
            actions::for_range(&context, &uri, &document, params.range)
        })
        .await
        .unwrap_or_default();
        Ok(Some(
            actions
                .into_iter()
                .map(CodeActionOrCommand::CodeAction)
                .collect(),
        ))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        if params.command != SCAN_WORKSPACE {
            // The client's text is not echoed (see [`without_echoed_params`]).
            return Err(Error::invalid_params(format!(
                "unknown command (this server runs only {SCAN_WORKSPACE})"
            )));
        }
        let roots = self.session().roots.clone();
        self.spawn_scan(roots);
        Ok(None)
    }
}

/// `credlint.scanWorkspace`: the workspace layer's scan of every workspace
/// folder, each file under the configuration opening it would give, with
/// work-done progress; files with findings get diagnostics, and broken
/// configuration files are reported.
async fn scan_workspace(backend: Backend, roots: Vec<PathBuf>, overrides: Overrides) {
    let scanned_roots = roots.clone();
    // One token per scan: a folder added while another scan runs gets its own.
    static SCANS: AtomicU64 = AtomicU64::new(0);
    let client = &backend.client;
    let token = ProgressToken::String(format!(
        "credlint-scan-{}-{}",
        std::process::id(),
        SCANS.fetch_add(1, Ordering::Relaxed)
    ));
    let created = client
        .send_request::<request::WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
            token: token.clone(),
        })
        .await
        .is_ok();
    let progress = created.then(|| {
        client
            .progress(token, "credlint: scanning the workspace")
            .with_percentage(0)
    });
    let progress = match progress {
        Some(progress) => Some(progress.begin().await),
        None => None,
    };
    let (results, errors, unwalked) =
        tokio::task::spawn_blocking(move || crate::workspace::scan(&roots, &overrides))
            .await
            .unwrap_or_default();
    for error in errors {
        client
            .show_message(MessageType::ERROR, shown(&format!("credlint: {error}")))
            .await;
    }
    // What the walk could not scan (a folder refused for its ignore file),
    // said once per scan, as `check` reports it: the first, and a count.
    if let Some(first) = unwalked.first() {
        let others = match unwalked.len() - 1 {
            0 => String::new(),
            n => format!(" (and {n} more)"),
        };
        let message = format!(
            "credlint: not scanned: {}: {}{others}",
            first.path, first.message
        );
        client
            .show_message(MessageType::WARNING, shown(&message))
            .await;
    }
    let total = results.len().max(1);
    let mut files_with_findings = 0;
    // What an earlier scan published under these folders: a file no longer
    // found is cleared at the end, or it would keep a fixed finding.
    let mut stale: HashSet<Uri> = {
        let session = backend.session();
        session
            .scanned
            .iter()
            .filter(|uri| {
                uri.to_file_path()
                    .is_some_and(|path| scanned_roots.iter().any(|r| path.starts_with(r)))
            })
            .cloned()
            .collect()
    };
    for (done, (path, text, findings)) in results.into_iter().enumerate() {
        if let Some(progress) = &progress {
            if done % 50 == 0 {
                progress.report((done * 100 / total) as u32).await;
            }
        }
        if findings.is_empty() {
            continue;
        }
        let Some(uri) = Uri::from_file_path(&path) else {
            continue;
        };
        let rope = ropey::Rope::from_str(&text);
        let diagnostics = findings.iter().map(|f| diagnostic(&rope, f)).collect();
        // A folder removed while it was scanned publishes nothing more; the
        // check and the send are one step against the removal's clearing.
        let _order = backend.publishing.lock().await;
        stale.remove(&uri);
        {
            let mut session = backend.session();
            if !session.roots.iter().any(|root| path.starts_with(root)) {
                continue;
            }
            files_with_findings += 1;
            // An open document's live diagnostics (of the editor's text,
            // maybe newer than the disk's) are never replaced by the scan's.
            if session.documents.contains_key(&uri) {
                continue;
            }
            session.scanned.insert(uri.clone());
        }
        client.publish_diagnostics(uri, diagnostics, None).await;
    }
    for uri in stale {
        let _order = backend.publishing.lock().await;
        {
            let mut session = backend.session();
            session.scanned.remove(&uri);
            if session.documents.contains_key(&uri) {
                continue;
            }
        }
        client.publish_diagnostics(uri, Vec::new(), None).await;
    }
    if let Some(progress) = progress {
        progress
            .finish_with_message(format!("{files_with_findings} files with findings"))
            .await;
    }
}
