//! Credential files whose format names no credential on the line that holds
//! it, for `secret/hardcoded-credential`: PostgreSQL's `.pgpass`, PgBouncer's
//! `userlist.txt`, JSON Web Keys with private members, and Kubernetes
//! `.dockerconfigjson` secrets. The file's name or a marker in its text says
//! what each field is; the value model then judges the field like any other.

use super::hardcoded_credential::{judge_as, report};
use super::Candidate;
use crate::value::{is_published_example, looks_like_secret, NameKind};
use base64::Engine as _;
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

/// Judges the credential fields of a text file in one of the formats above.
pub fn check(path: &Path, text: &str, out: &mut Vec<Candidate>) {
    match file_name(path) {
        name if PGPASS_NAMES.contains(&name) => pgpass(text, out),
        USERLIST_NAME => pgbouncer_userlist(text, out),
        _ => {}
    }
    jwk(text, out);
    if DOCKER_MARKERS
        .iter()
        .any(|marker| memchr::memmem::find(text.as_bytes(), marker).is_some())
    {
        docker_config(text, out);
    }
}

/// What says a text holds JSON Web Keys, as JSON writes them or as a
/// Python dict may (`{'kty': 'RSA', 'd': '…'}`), and Docker registry
/// credentials.
const JWK_MARKERS: [&[u8]; 2] = [b"\"kty\"", b"'kty'"];
const DOCKER_MARKERS: [&[u8]; 2] = [b"dockerconfigjson", b".dockercfg"];

fn file_name(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

/// Whether the file's name alone says every line of it is a credential
/// (`.pgpass`, PgBouncer's `userlist.txt`).
pub fn judged_by_name(path: &Path) -> bool {
    let name = file_name(path);
    PGPASS_NAMES.contains(&name) || name == USERLIST_NAME
}

/// PostgreSQL's password file names, and PgBouncer's user list.
const PGPASS_NAMES: [&str; 3] = [".pgpass", "pgpass.conf", "pgpass"];
const USERLIST_NAME: &str = "userlist.txt";

/// Whether a line holds one of the markers that make a file's fields
/// credentials (see [`check`]).
pub fn has_marker(line: &[u8]) -> bool {
    JWK_MARKERS
        .into_iter()
        .chain(DOCKER_MARKERS)
        .any(|marker| memchr::memmem::find(line, marker).is_some())
}

/// `hostname:port:database:username:password`, one entry a line; `\:`
/// escapes a colon inside a field.
fn pgpass(text: &str, out: &mut Vec<Candidate>) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim_start().starts_with('#') {
            continue;
        }
        let bytes = line.as_bytes();
        let mut fields = 0;
        let mut i = 0;
        while i < bytes.len() && fields < 4 {
            match bytes[i] {
                b'\\' => i += 1,
                b':' => fields += 1,
                _ => {}
            }
            i += 1;
        }
        if fields == 4 && i < bytes.len() {
            judge_as(NameKind::Password, "password", &line[i..], start + i, out);
        }
    }
}

/// PgBouncer's `auth_file`: `"username" "password"` a line. The password may
/// be an `md5…` or `SCRAM-SHA-256$…` verifier, which the value model knows
/// is not a secret.
fn pgbouncer_userlist(text: &str, out: &mut Vec<Candidate>) {
    static ENTRY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?m)^[ \t]*"(?:[^"\r\n]|"")*"[ \t]+"((?:[^"\r\n]|"")*)""#)
            .expect("valid regex")
    });
    for caps in ENTRY.captures_iter(text) {
        let password = caps.get(1).expect("the password group");
        judge_as(
            NameKind::Password,
            "password",
            password.as_str(),
            password.start(),
            out,
        );
    }
}

/// The private members of a JSON Web Key (RFC 7518 §6.2.2, §6.3.2, §6.4):
/// `d`, `p`, `q`, `dp`, `dq`, `qi` of an RSA or EC key and `k` of a
/// symmetric one, in a text that holds a `"kty"` or `'kty'` member, so a
/// one-letter name is a key member and not any field. JSON writes them in
/// double quotes; a JWK written as a Python dict (a JOSE library's test
/// key) may use single ones, each string either way.
pub fn jwk(text: &str, out: &mut Vec<Candidate>) {
    static MEMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"["'](d|p|q|dp|dq|qi|k)["'][ \t\r\n]*:[ \t\r\n]*(?:"([A-Za-z0-9_-]{16,})"|'([A-Za-z0-9_-]{16,})')"#,
        )
        .expect("valid regex")
    });
    let bytes = text.as_bytes();
    if !JWK_MARKERS
        .iter()
        .any(|marker| memchr::memmem::find(bytes, marker).is_some())
    {
        return;
    }
    for caps in MEMBER.captures_iter(text) {
        // The quotes around the name match each other.
        let name = caps.get(1).expect("the name group");
        if bytes[name.start() - 1] != bytes[name.end()] {
            continue;
        }
        let value = caps.get(2).or(caps.get(3)).expect("a value group");
        // A long member is often written as adjacent literals that Python
        // (and C-family macros) join: the key is the whole string, and a
        // standard's published key is known only whole.
        if is_published_example(&joined_literals(value.as_str(), &text[value.end()..])) {
            continue;
        }
        judge_as(
            NameKind::Secret,
            &format!("jwk.{}", name.as_str()),
            value.as_str(),
            value.start(),
            out,
        );
    }
}

/// A base64url literal's text `first` joined with the literals that
/// follow it in `after` (the text from its closing quote on) separated only
/// by whitespace (`"AAhR…"\n    "KipQ…"`), as implicit concatenation reads
/// them.
fn joined_literals(first: &str, after: &str) -> String {
    static NEXT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^["'][ \t\r\n]*(?:"([A-Za-z0-9_-]+)|'([A-Za-z0-9_-]+))"#)
            .expect("valid regex")
    });
    let mut joined = first.to_owned();
    let mut rest = after;
    while let Some(caps) = NEXT.captures(rest) {
        let next = caps.get(1).or(caps.get(2)).expect("a piece group");
        joined.push_str(next.as_str());
        rest = &rest[next.end()..];
    }
    joined
}

/// A Kubernetes `kubernetes.io/dockerconfigjson` (or legacy `dockercfg`)
/// secret: the base64 of a Docker `config.json`, whose `auth` members are
/// the base64 of `user:password` and whose `password` members are plain.
/// The whole encoded blob is the secret, since the password cannot be
/// pointed at inside it.
fn docker_config(text: &str, out: &mut Vec<Candidate>) {
    static ENCODED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\.docker(?:configjson|cfg)["']?[ \t]*:[ \t]*["']?([A-Za-z0-9+/]{40,}={0,2})"#)
            .expect("valid regex")
    });
    for caps in ENCODED.captures_iter(text) {
        let blob = caps.get(1).expect("the blob group");
        let Some(json) = base64::engine::general_purpose::STANDARD
            .decode(blob.as_str())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
        else {
            continue;
        };
        if let Some(password) = docker_config_password(&json) {
            if looks_like_secret(NameKind::Password, "password", &password) {
                report(".dockerconfigjson", blob.as_str(), blob.start(), out);
            }
        }
    }
}

/// The first password of a Docker `config.json`: an `auth` member decoded
/// to `user:password`, or a `password` member.
fn docker_config_password(json: &str) -> Option<String> {
    static AUTH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#""(auth|password)"[ \t\r\n]*:[ \t\r\n]*"([^"]+)""#).expect("valid regex")
    });
    AUTH.captures_iter(json).find_map(|caps| {
        if &caps[1] == "password" {
            return Some(caps[2].to_owned());
        }
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(&caps[2])
            .ok()?;
        let pair = String::from_utf8(decoded).ok()?;
        pair.split_once(':')
            .map(|(_, password)| password.to_owned())
    })
}
