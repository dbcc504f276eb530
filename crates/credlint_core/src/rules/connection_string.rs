//! `secret/connection-string`: a URI or DSN with an embedded password.

use super::{before_escaped_markup, rule, Candidate, Check, Input, Target};
use crate::redact::redact;
use crate::value::{looks_like_secret, NameKind};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

rule! {
    /// ## What it does
    /// Finds connection strings that carry a password: URIs such as
    /// `postgres://user:pass@host/db` (PostgreSQL, MySQL, MongoDB and
    /// `mongodb+srv`, Redis, AMQP, MSSQL, SQLAlchemy dialect URLs such as
    /// `postgresql+psycopg2://`, and any other scheme with `user:password@`),
    /// JDBC URLs with a `password=` parameter, ODBC/ADO.NET strings with
    /// `Password=` or `Pwd=`, and URLs that carry a credential in their
    /// query string, as a server's printed link does
    /// (`http://localhost:8888/?token=…`, `…&access_token=…`; the name model
    /// says which parameters are credentials, a bare `key` is not one). A
    /// badge image's token and a value under 20 characters (a specification's
    /// hand-typed example) are not reported. In HTML escaped inside JSON, a
    /// parameter's value ends before the backslash escape of a quote or of
    /// markup (`…?token=…\\\"`, `\\u003C`).
    ///
    /// A password that is a placeholder (`<password>`, `****`, `changeme`) or
    /// an interpolation (`{password}`, `%(password)s`, `${DB_PASSWORD}`) is not
    /// reported: that connection string is built from settings, as it should be.
    /// Nor is a word with a letter replaced by a percent-escaped symbol
    /// (`p%23ssword`): that is documentation showing how to escape one.
    ///
    /// ## Why is this bad?
    /// A database password in a connection string is a hardcoded secret like
    /// any other, and one that grants direct access to data.
    ///
    /// ## Example
    /// ```python
    /// engine = create_engine("postgresql://app:s3cr3tP4ss@db.internal/app")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// engine = create_engine(settings.DATABASE_URL)
    /// ```
    ///
    /// ## How to fix
    /// Rotate the password, put the whole URL in an environment variable
    /// (`DATABASE_URL`), list it in `mcp_env.example` with a placeholder, and
    /// read it through the settings module.
    pub static RULE = (
        "secret/connection-string",
        Error,
        "connection strings with passwords belong in the environment, read through the settings module",
        "Never Hardcode; Categories: database credentials (passwords, connection strings)",
        fix: "rotate it, move it to the environment{as_variable} (listed in `{template}`) and read it through the settings module ({settings}); if it is not a secret, add {allow}",
        checks: &[Check { on: Target::Any, needs: &[], run }],
    );
}

/// `scheme://user:password@host`, for any scheme.
static URI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)\b((?:jdbc:)?[a-z][a-z0-9+.\-]{1,30})://([^\s:/?#@'"`<>()\[\]{}]*):([^\s@/?#'"`<>]+)@([a-z0-9\[][^\s'"`<>/]*)"#,
    )
    .expect("valid regex")
});

/// A URL whose query string holds a parameter, the first group the URL's
/// host and path, the second the parameter's name and the third its value
/// (`http://localhost:8888/?token=…`, `…&api_key=…`): which parameters name
/// a credential, the name model says (see [`query_credential`]).
static QUERY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b[a-z][a-z0-9+.\-]{1,30}://([^\s'"`<>?#]*)\?(?:[^\s'"`<>#]*?&)?([a-z][a-z0-9_\-]{0,39})=([^&#\s'"`<>]+)"#)
        .expect("valid regex")
});

/// JDBC-style query parameters and ODBC/ADO.NET key-value strings.
static PARAMETER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(?:jdbc:[a-z0-9:]+//[^\s'"`]*?[?&;](?:password|pwd)=([^&;\s'"`]+)|\b(?:server|data source|host|address|addr|hostname)[ \t]*=[^;'"`\r\n]*;[^'"`\r\n]*?\b(?:password|pwd)[ \t]*=[ \t]*([^;'"`\r\n]+))"#,
    )
    .expect("valid regex")
});

/// A word every match of [`PARAMETER`] holds: JDBC's scheme, or the
/// server's key (`address` holds `addr`, `hostname` holds `host`).
const PARAMETER_WORDS: [&str; 5] = ["jdbc:", "server", "data source", "host", "addr"];

/// libpq keyword/value strings: `dbname=shop user=app password=…`.
static LIBPQ: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:^|["'\s])(?:dbname|host|hostaddr|user)[ \t]*=[ \t]*[^\s'",;()]+(?:[ \t]+[a-z_]+[ \t]*=[ \t]*[^\s'",;()]+)*?[ \t]+password[ \t]*=[ \t]*([^\s'",;()]+)"#)
        .expect("valid regex")
});

/// StackExchange.Redis configuration strings: `host:6380,password=…,ssl=True`.
static REDIS_OPTIONS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)[a-z0-9][a-z0-9.-]*:[0-9]{2,5}(?:,[a-z]+=[^,\s'"`;]*)*?,password=([^,\s'"`;]+)"#,
    )
    .expect("valid regex")
});

/// Azure Service Bus, Event Hubs, IoT Hub and Relay connection strings:
/// `Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…` in any order.
static SHARED_ACCESS_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:Endpoint=sb://|HostName=)[^'"`\s]*?;[ \t]*SharedAccessKey[ \t]*=[ \t]*([^;'"`\s]+)"#)
        .expect("valid regex")
});

/// Every document: connection strings hide in code, configuration and prose alike.
fn run(input: &Input, out: &mut Vec<Candidate>) {
    let text = input.doc.text.as_str();
    if text.contains("://") || memchr::memmem::find(text.as_bytes(), b"=").is_some() {
        check(text, out);
    }
}

/// The words every connection string holds one of, in any ASCII case. No
/// two can overlap, so a leftmost pass sees them all. A regex rather than an
/// Aho-Corasick automaton: for a few case-insensitive words its literal
/// search is ten times faster (9 ms against 100 ms over the 31 MB of the
/// standard library's modules), and every document is searched.
static WORDS: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(r"(?i-u)://|password|pwd|sharedaccesskey")
        .expect("connection-string words build a regex")
});

/// Which of [`WORDS`] a hit is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    Scheme,
    Password,
    Pwd,
    SharedAccessKey,
}

/// The hits of [`WORDS`] in `bytes`, with their ends.
fn word_hits(bytes: &[u8]) -> impl Iterator<Item = (Word, usize, usize)> + '_ {
    WORDS.find_iter(bytes).map(|hit| {
        let word = match hit.as_bytes() {
            b"://" => Word::Scheme,
            w if w.len() == 3 => Word::Pwd,
            w if w.len() == 8 => Word::Password,
            _ => Word::SharedAccessKey,
        };
        (word, hit.start(), hit.end())
    })
}

/// The characters Unicode's simple case folding turns into ASCII letters of
/// the words: the long s (`s`) and the Kelvin sign (`k`).
pub(super) const FOLDED_TO_ASCII: [&str; 2] = ["\u{17F}", "\u{212A}"];

/// Whether a line holds a word a connection string needs. The long s and
/// the Kelvin sign fold to `s` and `k` in regexes, as [`Words::find`] knows.
pub fn has_trigger(line: &[u8]) -> bool {
    let mut lookahead = UrlLookahead::default();
    word_hits(line).any(|(word, _, end)| {
        let (userinfo, query) = lookahead.at(line, end);
        word != Word::Scheme || userinfo || query
    }) || FOLDED_TO_ASCII
        .iter()
        .any(|c| memchr::memmem::find(line, c.as_bytes()).is_some())
}

/// Where each pattern can match `text`: each needs a literal word (`://`
/// with an `@` after it, `password`, `pwd`, `SharedAccessKey`) and matches
/// within one line (none of them matches a line break), so each runs only
/// on the lines holding its word, found in one pass: a file without any
/// runs none of the regexes, and a long file with one URL runs its regex
/// over one line. The patterns are case-insensitive by Unicode's simple
/// folding, where `ſ` (U+017F) is an `s` and `K` (U+212A) a `k`: text
/// holding either runs them all, over the whole text.
#[derive(Default)]
struct Words {
    /// The lines with a `://` followed by an `@` before any byte [`URI`]
    /// forbids between them.
    userinfo: Vec<Range<usize>>,
    /// The lines with a `://` followed by a `?` within the URL.
    query: Vec<Range<usize>>,
    password: Vec<Range<usize>>,
    /// The lines with `password` or `pwd`.
    password_or_pwd: Vec<Range<usize>>,
    shared_access_key: Vec<Range<usize>>,
}

impl Words {
    fn find(text: &str) -> Words {
        if !text.is_ascii() && FOLDED_TO_ASCII.iter().any(|c| text.contains(c)) {
            let whole = || std::iter::once(0..text.len()).collect::<Vec<_>>();
            return Words {
                userinfo: whole(),
                query: whole(),
                password: whole(),
                password_or_pwd: whole(),
                shared_access_key: whole(),
            };
        }
        let bytes = text.as_bytes();
        let mut words = Words::default();
        // The line of the last hit: the next hits on it need no search for
        // its ends, which on one long line of hits would be quadratic.
        let mut current: Option<Range<usize>> = None;
        let mut lookahead = UrlLookahead::default();
        for (word, start, end) in word_hits(bytes) {
            let lines = match word {
                Word::Scheme => {
                    let (userinfo, query) = lookahead.at(bytes, end);
                    let mut lines = Vec::new();
                    if userinfo {
                        lines.push(&mut words.userinfo);
                    }
                    if query {
                        lines.push(&mut words.query);
                    }
                    lines
                }
                Word::Password => vec![&mut words.password, &mut words.password_or_pwd],
                Word::Pwd => vec![&mut words.password_or_pwd],
                Word::SharedAccessKey => vec![&mut words.shared_access_key],
            };
            let line = match &current {
                Some(line) if line.start <= start && start <= line.end => line.clone(),
                _ => line_around(bytes, start),
            };
            current = Some(line.clone());
            for lines in lines {
                // Hits come in order: a line seen twice is the last one pushed.
                if lines.last() != Some(&line) {
                    lines.push(line.clone());
                }
            }
        }
        words
    }
}

/// The line holding byte `at`, without its line break.
fn line_around(bytes: &[u8], at: usize) -> Range<usize> {
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
    start..end
}

/// What follows each `://` of a text, read once however many there are.
///
/// Each question is answered by the first byte after the `://` that decides
/// it; every `://` before that byte gets the same answer, so a line of
/// thousands of `://` (`a://b` repeated) is read once, not once per `://`.
#[derive(Default)]
struct UrlLookahead {
    userinfo: Decided,
    query: Decided,
}

/// The answer found at byte `at` (the text's length when no byte decided).
#[derive(Default)]
struct Decided {
    at: usize,
    answer: bool,
    known: bool,
}

impl Decided {
    /// The answer for a `://` ending at `from`, reading only past the
    /// deciding byte of the previous, earlier `://`.
    fn ask(&mut self, bytes: &[u8], from: usize, decide: fn(u8) -> Option<bool>) -> bool {
        if !(self.known && from <= self.at) {
            let found = bytes[from..].iter().position(|&b| decide(b).is_some());
            self.at = found.map_or(bytes.len(), |i| from + i);
            self.answer = found.and_then(|i| decide(bytes[from + i])).unwrap_or(false);
            self.known = true;
        }
        self.answer
    }
}

impl UrlLookahead {
    /// Whether the URL whose `://` ends at `from` has a user part (an `@`
    /// before any byte that neither [`URI`]'s user nor its password may
    /// hold: ASCII white space, `/ ? # ' " ` < >`; other bytes, non-ASCII
    /// included, may be part of either) and a query string (a `?` before
    /// any byte [`QUERY`] ends the URL at: white space, a quote, `<`, `>`,
    /// `#`). Calls come in the order of the text.
    fn at(&mut self, bytes: &[u8], from: usize) -> (bool, bool) {
        let userinfo = self.userinfo.ask(bytes, from, |b| match b {
            b'@' => Some(true),
            b'/' | b'?' => Some(false),
            b => ends_url(b).then_some(false),
        });
        let query = self.query.ask(bytes, from, |b| match b {
            b'?' => Some(true),
            b => ends_url(b).then_some(false),
        });
        (userinfo, query)
    }
}

/// ASCII white space, a quote, `#`, `<` or `>`: where neither a user part
/// nor a query string can go on.
fn ends_url(b: u8) -> bool {
    matches!(
        b,
        b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | b'#' | b'\'' | b'"' | b'`' | b'<' | b'>'
    )
}

/// The matches of `regex` on `lines` of `text`, each with the offset of
/// its line (capture positions are relative to it). The regex compiles
/// only once some line needs it: a text without the words (a path being
/// redacted) compiles none, nor does a line without one of `needs` (when
/// given), a word every match of `regex` holds besides the line's own
/// ([`super::mentions`]): `password = "…"` is no libpq, Redis or ODBC
/// string, and those three regexes cost a one-file check 8 M instructions
/// to compile.
fn run_on<'a>(
    lines: &'a [Range<usize>],
    regex: &'a LazyLock<Regex>,
    needs: &'a [&'a str],
    text: &'a str,
) -> impl Iterator<Item = (usize, regex::Captures<'a>)> + 'a {
    let wanted = move |line: &&Range<usize>| {
        needs.is_empty() || super::mentions(&text[(*line).clone()], needs)
    };
    lines.iter().filter(wanted).flat_map(move |line| {
        LazyLock::force(regex)
            .captures_iter(&text[line.clone()])
            .map(move |caps| (line.start, caps))
    })
}

pub fn check(text: &str, out: &mut Vec<Candidate>) {
    let words = Words::find(text);
    for (at, caps) in run_on(&words.password, &REDIS_OPTIONS, &[",password="], text) {
        if let Some(password) = caps.get(1) {
            push(at, password, "redis", NameKind::Password, out);
        }
    }
    for (at, caps) in run_on(&words.shared_access_key, &SHARED_ACCESS_KEY, &[], text) {
        if let Some(key) = caps.get(1) {
            push(at, key, "azure", NameKind::Secret, out);
        }
    }
    for (at, caps) in run_on(&words.password, &LIBPQ, &["dbname", "host", "user"], text) {
        if let Some(password) = caps.get(1) {
            push(at, password, "libpq", NameKind::Password, out);
        }
    }
    for (at, caps) in run_on(&words.userinfo, &URI, &[], text) {
        let (Some(scheme), Some(password)) = (caps.get(1), caps.get(3)) else {
            continue;
        };
        // Git remotes and similar `scheme://token@host` forms have no user:password pair.
        if scheme.as_str().eq_ignore_ascii_case("file") {
            continue;
        }
        if let (Some(user), Some(host)) = (caps.get(2), caps.get(4)) {
            if is_template(user.as_str(), host.as_str()) {
                continue;
            }
        }
        if is_escaping_example(password.as_str()) {
            continue;
        }
        push(at, password, scheme.as_str(), NameKind::Password, out);
    }
    for (at, caps) in run_on(&words.query, &QUERY, &[], text) {
        if let (Some(path), Some(name), Some(value)) = (caps.get(1), caps.get(2), caps.get(3)) {
            if is_image(path.as_str())
                || is_meeting_invitation(path.as_str())
                || value.as_str().len() < MIN_QUERY_SECRET_LEN
            {
                continue;
            }
            if let Some(kind) = query_credential(name.as_str()) {
                let name = name.as_str();
                let found = Found {
                    name,
                    kind,
                    said: &format!("URL carries its `{name}` in the query string:"),
                    variable: &name.to_ascii_uppercase(),
                };
                let after = &text[(at + value.end()).min(text.len())..];
                let cut = before_escaped_markup(value.as_str(), after);
                if cut.len() >= MIN_QUERY_SECRET_LEN {
                    propose_text(at + value.start(), cut, &found, out);
                }
            }
        }
    }
    for (at, caps) in run_on(&words.password_or_pwd, &PARAMETER, &PARAMETER_WORDS, text) {
        if let Some(password) = caps.get(1).or(caps.get(2)) {
            let kind = if caps.get(1).is_some() {
                "jdbc"
            } else {
                "odbc"
            };
            push(at, password, kind, NameKind::Password, out);
        }
    }
}

/// The shortest credential a URL's query string is judged to carry. A server
/// that puts its credential in the links it prints makes it long (Jupyter's
/// `?token=` is 48 hex digits, API keys are 32 characters and more); the
/// short ones in links are the hand-typed examples of specifications and
/// guides (RFC 6750's `access_token=vF9dft4qmT`).
const MIN_QUERY_SECRET_LEN: usize = 20;

/// Whether a URL's path names an image: the token of a badge
/// (`…/graph/badge.svg?token=…`) only shows a coverage or status graph and is
/// published in the README by design.
fn is_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".svg", ".png", ".gif", ".jpg", ".jpeg", ".webp", ".ico"]
        .iter()
        .any(|extension| lower.ends_with(extension))
}

/// Whether a URL (host and path) is a Zoom meeting's join link
/// (`zoom.us/j/<meeting>`, a webinar's `/w/`, a personal room's `/my/`, on
/// any of Zoom's subdomains). Its `?pwd=` is the meeting's passcode, encoded
/// into the link so that whoever is invited joins in one click: the link is
/// the invitation, published on purpose (a project's community call in its
/// README), and grants a seat in a meeting, not access to a system.
fn is_meeting_invitation(path: &str) -> bool {
    let (host, rest) = path.split_once('/').unwrap_or((path, ""));
    let host = host.to_ascii_lowercase();
    let zoom = ["zoom.us", "zoom.com"]
        .iter()
        .any(|domain| host == *domain || host.ends_with(&format!(".{domain}")));
    zoom && ["j/", "w/", "my/"]
        .iter()
        .any(|kind| rest.starts_with(kind))
}

/// The kind of credential a URL's query parameter carries
/// (`?token=`, `&access_token=`, `?api_key=`, `?password=`), as the name
/// model reads its name. A server that takes its credential in the query,
/// as Jupyter's `?token=` and many webhooks do, prints it in every link it
/// shows, and a link copied into docs or code carries it along. A bare
/// `key` is left out: it is as often a public identifier (Google's API keys
/// in webhook URLs are published with them, a cache or storage key) as a
/// secret; `sig` and `signature` are left to the signed-URL rules (a
/// presigned URL expires).
fn query_credential(name: &str) -> Option<NameKind> {
    if name.eq_ignore_ascii_case("key") {
        return None;
    }
    crate::value::credential_kind(name)
}

/// `dbtype://username:…@hostspec/database`: a URL whose user and host are
/// the words for "a user" and "a host" is the syntax written out, in a
/// parser's tests or a guide; what stands in the password's place is an
/// example of the escaping rules, not anybody's password. A real URL names a
/// real host (`db.internal`, `localhost`, `postgres`).
fn is_template(user: &str, host: &str) -> bool {
    const USERS: &[&str] = &[
        "user",
        "username",
        "user_name",
        "login",
        "usr",
        "userid",
        "uid",
        "name",
        "myuser",
        "youruser",
        "your_user",
        "your-user",
        "dbuser",
        "db_user",
    ];
    const HOSTS: &[&str] = &[
        "host",
        "hostname",
        "hostspec",
        "hostaddr",
        "server",
        "servername",
        "myhost",
        "yourhost",
        "your_host",
        "your-host",
        "dbhost",
        "db_host",
        "db-host",
    ];
    let host = host
        .split(['/', '?', '#', ':'])
        .next()
        .unwrap_or(host)
        .to_ascii_lowercase();
    USERS.contains(&user.to_ascii_lowercase().as_str()) && HOSTS.contains(&host.as_str())
}

/// `p%23ssword!`: a word with one of its letters replaced by an escaped
/// symbol is how a parser's documentation and tests show that a URL's
/// password must be percent-encoded (`#` would end the URL's authority).
/// The symbol sits inside a word, between two letters; put a letter back in
/// its place and the password is a word again, which the value model judges
/// for what it is. At most two such escapes are tried; a random password
/// stays random whatever letter fills its escapes.
fn is_escaping_example(password: &str) -> bool {
    const MAX_ESCAPES: usize = 2;
    let bytes = password.as_bytes();
    let escapes: Vec<usize> = (1..bytes.len().saturating_sub(3))
        .filter(|&i| {
            let (before, after) = (bytes[i - 1], bytes[i + 3]);
            bytes[i] == b'%'
                && before.is_ascii_alphabetic()
                && after.is_ascii_alphabetic()
                && std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                    .is_some_and(|b| b.is_ascii_punctuation())
        })
        .collect();
    if escapes.is_empty() || escapes.len() > MAX_ESCAPES {
        return false;
    }
    (b'a'..=b'z').any(|letter| {
        let mut filled = password.to_owned();
        for &i in escapes.iter().rev() {
            filled.replace_range(i..i + 3, &char::from(letter).to_string());
        }
        !looks_like_secret(NameKind::Password, "password", &filled)
    })
}

/// Proposes the password of a match on a line starting at byte `at`.
fn push(at: usize, password: regex::Match, scheme: &str, kind: NameKind, out: &mut Vec<Candidate>) {
    let found = Found {
        name: "password",
        kind,
        said: &format!("{scheme} connection string embeds the password"),
        variable: "DATABASE_URL",
    };
    propose(at, password, &found, out);
}

/// What a match holds: the credential's name and kind, what the message
/// says of it, and the environment variable the fix moves it to.
struct Found<'a> {
    name: &'a str,
    kind: NameKind,
    said: &'a str,
    variable: &'a str,
}

/// Proposes the value of a match on a line starting at byte `at`, when the
/// value model takes it for a secret under its name.
fn propose(at: usize, value: regex::Match, found: &Found, out: &mut Vec<Candidate>) {
    propose_text(at + value.start(), value.as_str(), found, out);
}

/// Proposes a value starting at byte `start` of the document.
fn propose_text(start: usize, value: &str, found: &Found, out: &mut Vec<Candidate>) {
    let text = value.trim();
    if !looks_like_secret(found.kind, found.name, text) {
        return;
    }
    let redacted = redact(text);
    out.push(Candidate {
        rule: RULE.id.to_owned(),
        severity: RULE.severity,
        span: start..start + text.len(),
        secret: Some(text.to_owned()),
        message: format!("{} `{redacted}`", found.said),
        redacted: Some(redacted),
        variable: Some(found.variable.to_owned()),
        priority: usize::MAX - 1,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hostile file of one long line holding the word over and over
    /// (`password="password="…`, 1 MB took seconds): the line is found
    /// once, not once per word, and holds no connection string.
    #[test]
    fn a_long_line_of_password_words_is_one_line() {
        let text = "password=\"".repeat(100_000);
        let words = Words::find(&text);
        for lines in [&words.password, &words.password_or_pwd] {
            assert_eq!(lines.len(), 1);
            assert_eq!(lines[0], 0..text.len());
        }
        let mut out = Vec::new();
        check(&text, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn each_url_is_read_up_to_what_decides_it() {
        let text = b"a://u:p@h/x?y ftp://h/p#q?r s://h?t@u";
        let mut lookahead = UrlLookahead::default();
        let answers: Vec<_> = memchr::memmem::find_iter(text, b"://")
            .map(|at| lookahead.at(text, at + 3))
            .collect();
        assert_eq!(answers, [(true, true), (false, false), (false, true)]);
    }

    #[test]
    fn an_escaped_symbol_in_a_word_shows_the_escaping() {
        assert!(is_escaping_example("p%23ssword!"));
        assert!(is_escaping_example("s%40cr%23t"));
        assert!(!is_escaping_example("Kx9%23mQ2%24vL7p"));
        assert!(!is_escaping_example("Vq8mZ%23tLkR2xWn"));
        assert!(!is_escaping_example("password"));
    }
}
