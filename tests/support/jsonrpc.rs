//! A JSON-RPC client over a child process's stdio, framed with
//! `Content-Length` headers as the Language Server Protocol says.
//!
//! The one client the stdio tests (`tests/it/lsp.rs`) and the latency bench
//! (`benches/lsp_latency.rs`) speak to language servers with, so a fix to
//! framing or to answering the server's own requests reaches both. Both
//! include this file with `#[path]`: it is not a test target of its own.
// Each includer uses a part: the bench reads memory and drops old messages,
// the tests keep them.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// A running server and the messages it has sent.
pub struct Connection {
    child: Child,
    /// None once closed ([`Connection::close_input`]).
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Messages read while [`Connection::wait_for`] waited for another.
    backlog: Vec<Value>,
    next_id: i64,
    /// How long any wait may take before the server counts as stuck.
    timeout: Duration,
}

impl Connection {
    /// Starts `command` with piped stdin and stdout; its stderr is left as
    /// the caller set it. A reader thread parses the frames it writes.
    pub fn spawn(mut command: Command, timeout: Duration) -> std::io::Result<Connection> {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take().expect("stdin is piped");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let (sender, messages) = channel();
        std::thread::spawn(move || loop {
            let mut length = 0;
            loop {
                let mut header = String::new();
                if stdout.read_line(&mut header).unwrap_or(0) == 0 {
                    return;
                }
                let header = header.trim_end();
                if header.is_empty() {
                    break;
                }
                if let Some(value) = header.strip_prefix("Content-Length: ") {
                    length = value.parse().expect("a numeric Content-Length");
                }
            }
            let mut body = vec![0; length];
            if stdout.read_exact(&mut body).is_err() {
                return;
            }
            let message = serde_json::from_slice(&body).expect("the server sent JSON");
            if sender.send(message).is_err() {
                return;
            }
        });
        Ok(Connection {
            child,
            stdin: Some(stdin),
            messages,
            backlog: Vec::new(),
            next_id: 0,
            timeout,
        })
    }

    /// The server's process id, to read its memory from `/proc`.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Messages received but not yet waited for.
    pub fn backlog(&self) -> &[Value] {
        &self.backlog
    }

    /// A message body as bytes, which need not be UTF-8, framed.
    pub fn send_bytes(&mut self, body: &[u8]) {
        let mut message = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        message.extend_from_slice(body);
        self.send_unframed(&message);
    }

    /// Bytes as they are, headers included: for frames a client gets wrong.
    pub fn send_unframed(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("the server reads its stdin");
        stdin.flush().expect("the server reads its stdin");
    }

    pub fn send(&mut self, message: &Value) {
        self.send_bytes(message.to_string().as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The first message matching `matches`, from the backlog or the
    /// server; the others are kept for later waits.
    pub fn wait_for(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&matches) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + self.timeout;
        loop {
            let message = self.next(deadline);
            if matches(&message) {
                return message;
            }
            self.backlog.push(message);
        }
    }

    /// The next message from the server matching `matches`; the backlog
    /// and the messages before it are dropped. For a bench, where only the
    /// newest answer counts and keeping the rest would grow without end.
    pub fn skip_to(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        self.backlog.clear();
        let deadline = Instant::now() + self.timeout;
        loop {
            let message = self.next(deadline);
            if matches(&message) {
                return message;
            }
        }
    }

    /// The server's next message; a request from it (configuration,
    /// progress tokens, registrations) is answered with `null` as it comes.
    fn next(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        let message = self
            .messages
            .recv_timeout(left)
            .expect("the server answered in time");
        if message.get("method").is_some() && message.get("id").is_some() {
            let id = message["id"].clone();
            self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": null }));
        }
        message
    }

    /// Closes the server's stdin: it answers nothing more.
    pub fn close_input(&mut self) {
        drop(self.stdin.take());
    }

    /// Waits for the server to end; its exit status.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + self.timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("the server's status") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
