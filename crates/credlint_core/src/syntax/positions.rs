//! Credential positions: calls whose API says what an argument is.
//!
//! `smtp.login(user, "…")` binds no credential *name*, yet the second
//! argument is a password: the API says so. This table lists such APIs, one
//! line each: the callee, which argument, and what it holds. The per-language
//! modules find every call, look its callee up here, and hand the argument
//! to the same judgement as any named binding (so placeholders and toys in
//! these positions stay quiet).
//!
//! A callee pattern is matched on the callee as the file's imports read it
//! (Python's `import`/`from … import`, Rust's `use`, resolved by the same
//! code that resolves the environment's functions: `python::Imports`,
//! `rust::Uses`), whitespace and Rust generic arguments (`::<Sha256>`)
//! removed; see [`lookup`]. `import jwt as j; j.encode(…)`, `from jwt
//! import encode; encode(…)`, `from requests.auth import HTTPBasicAuth as
//! B; B(…)` and `use jsonwebtoken::EncodingKey as E; E::from_secret(…)` are
//! their APIs; `import myjwt as jwt; jwt.encode(…)` and a module's own
//! `def HTTPBasicAuth(…)` are not. The patterns:
//! - `.login` — a method of that name on any receiver (`smtp.login`,
//!   `self.server.login`);
//! - `jwt.encode`, `EncodingKey::from_secret` — that path, alone or at the
//!   end of a longer one (`jsonwebtoken::EncodingKey::from_secret`);
//! - `Fernet` — a bare name, or the last segment of a path
//!   (`fernet.Fernet`).
//!
//! Positions that a credential-named method already covers (reqwest's
//! `.bearer_auth("…")`, `.basic_auth(user, Some("…"))`, `.password("…")`:
//! see `rust::bindings`) are not repeated here.

use crate::document::Language;
use crate::value::NameKind;

/// One API argument that holds a credential.
#[derive(Debug)]
pub struct Position {
    /// The callee, as described in the module documentation.
    pub callee: &'static str,
    /// The positional argument (0-based) holding the credential.
    pub argument: usize,
    /// The keyword the same argument may be passed by (Python), if any.
    pub keyword: Option<&'static str>,
    /// What the argument is, in the findings' words: `password`, `key`.
    pub what: &'static str,
    /// How demanding the value judgement is (see [`NameKind`]).
    pub kind: NameKind,
}

const fn at(
    callee: &'static str,
    argument: usize,
    keyword: Option<&'static str>,
    what: &'static str,
    kind: NameKind,
) -> Position {
    Position {
        callee,
        argument,
        keyword,
        what,
        kind,
    }
}

use NameKind::{Password, Secret};

/// Python APIs. Keywords are listed where the parameter's own name is not a
/// credential name (`key=`); `password=` is a named binding already.
pub const PYTHON: &[Position] = &[
    // smtplib, imaplib, ftplib, and most client libraries' `login(user, password)`.
    at(".login", 1, None, "password", Password),
    // python-ldap
    at(".simple_bind_s", 1, None, "password", Password),
    at(".simple_bind", 1, None, "password", Password),
    // requests, httpx, aiohttp
    at("HTTPBasicAuth", 1, None, "password", Password),
    at("HTTPDigestAuth", 1, None, "password", Password),
    at("HTTPProxyAuth", 1, None, "password", Password),
    at("BasicAuth", 1, None, "password", Password),
    at("DigestAuth", 1, None, "password", Password),
    // PyJWT: `encode(payload, key, algorithm=…)`, `decode(token, key, …)`.
    at("jwt.encode", 1, Some("key"), "key", Secret),
    at("jwt.decode", 1, Some("key"), "key", Secret),
    // hmac: `new(key, msg, digestmod)`, `digest(key, msg, digest)`.
    at("hmac.new", 0, Some("key"), "key", Secret),
    at("hmac.digest", 0, Some("key"), "key", Secret),
    // cryptography
    at("Fernet", 0, Some("key"), "key", Secret),
    // pydantic: `api_key: SecretStr = SecretStr("…")`.
    at("SecretStr", 0, None, "secret", Password),
    at("SecretBytes", 0, None, "secret", Password),
    // itsdangerous
    at(
        "URLSafeTimedSerializer",
        0,
        Some("secret_key"),
        "secret_key",
        Secret,
    ),
    at(
        "URLSafeSerializer",
        0,
        Some("secret_key"),
        "secret_key",
        Secret,
    ),
    at(
        "TimestampSigner",
        0,
        Some("secret_key"),
        "secret_key",
        Secret,
    ),
];

/// Rust APIs.
pub const RUST: &[Position] = &[
    // jsonwebtoken
    at("EncodingKey::from_secret", 0, None, "secret", Secret),
    at("DecodingKey::from_secret", 0, None, "secret", Secret),
    at("EncodingKey::from_base64_secret", 0, None, "secret", Secret),
    at("DecodingKey::from_base64_secret", 0, None, "secret", Secret),
    // hmac (RustCrypto) and ring
    at("Hmac::new_from_slice", 0, None, "key", Secret),
    at("hmac::Key::new", 1, None, "key", Secret),
    // secrecy
    at("SecretString::new", 0, None, "secret", Password),
    at("SecretString::from", 0, None, "secret", Password),
    at("SecretBox::new", 0, None, "secret", Password),
    at("Secret::new", 0, None, "secret", Password),
];

/// One argument a protocol makes public: the value is sent or published
/// in the clear by design, so the credential word of its name (`token`)
/// says nothing of a secret. The syntax layer marks a binding of that
/// argument public ([`super::Binding::public`]) and no credential rule
/// judges it; adding a row is all a new protocol needs.
#[derive(Debug)]
pub struct Public {
    /// The callee, matched as written (see [`public_argument`]).
    pub callee: &'static str,
    /// The keyword the public argument is passed by.
    pub keyword: &'static str,
    /// The protocol, for the reader and the tests.
    pub protocol: &'static str,
}

const fn public(callee: &'static str, keyword: &'static str, protocol: &'static str) -> Public {
    Public {
        callee,
        keyword,
        protocol,
    }
}

/// ACME (RFC 8555 section 8): the CA hands a challenge's `token` to the
/// client in the clear, and the client publishes it, at
/// `/.well-known/acme-challenge/<token>` for HTTP-01, in a TXT record
/// derived from it for DNS-01, in a certificate for TLS-ALPN-01, so it
/// authenticates nothing. Only the `token` of a challenge type's
/// constructor: any other argument of the same call (an EAB `hmac_key`)
/// and any other call's `token` are judged as before.
const ACME: &str = "ACME challenge (RFC 8555 section 8)";

/// Python arguments public by protocol: the `acme` package's challenge
/// types (`challenges.HTTP01(token=b"…")`), and the `…Challenge` models
/// other clients and servers give the same objects.
pub const PYTHON_PUBLIC: &[Public] = &[
    public("HTTP01", "token", ACME),
    public("DNS01", "token", ACME),
    public("TLSALPN01", "token", ACME),
    public("DNSACCOUNT01", "token", ACME),
    public("Http01Challenge", "token", ACME),
    public("Dns01Challenge", "token", ACME),
    public("TlsAlpn01Challenge", "token", ACME),
    public("DnsAccount01Challenge", "token", ACME),
];

/// Whether the argument passed by `keyword` to a call written `callee`
/// is public by protocol ([`PYTHON_PUBLIC`]). The callee is matched as
/// written, as a path or name pattern of [`lookup`] is (the pattern alone
/// or the end of a longer path: `challenges.HTTP01`,
/// `acme.challenges.HTTP01`), not through the file's imports: a
/// protocol's type names are its own, and a binding's reading then depends
/// on the statement's text alone.
pub fn public_argument(language: Language, callee: &str, keyword: &str) -> bool {
    let table = match language {
        Language::Python => PYTHON_PUBLIC,
        Language::Rust | Language::Notebook | Language::Text => &[],
    };
    let callee = normalize(callee);
    (table.iter()).any(|p| p.keyword == keyword && matches(&callee, p.callee))
}

/// The table for `language`.
pub fn table(language: Language) -> &'static [Position] {
    match language {
        Language::Python => PYTHON,
        Language::Rust => RUST,
        Language::Notebook | Language::Text => &[],
    }
}

/// The entries whose pattern matches a call written `callee`. `resolved`
/// is the callee as the file's imports read it (see [`super::python::Imports`]),
/// when its first name is one they bind: `B` is
/// `requests.auth.HTTPBasicAuth`, `j.encode` is `jwt.encode`,
/// `E::from_secret` is `jsonwebtoken::EncodingKey::from_secret`; empty when
/// the file defines that name itself (`def encode(…)`), which then names no
/// API. Paths and names are matched on the resolved callee, so an alias
/// finds its API and a name bound to something else (`import myjwt as
/// jwt`) does not; methods (`.login`) on the callee as written, since an
/// import names no receiver (`from django.contrib.auth import login` is no
/// `smtp.login`).
pub fn lookup(
    language: Language,
    callee: &str,
    resolved: Option<&str>,
) -> impl Iterator<Item = &'static Position> {
    let written = normalize(callee);
    let resolved = resolved.map(normalize);
    table(language).iter().filter(move |p| {
        if p.callee.starts_with('.') {
            return matches(&written, p.callee);
        }
        match &resolved {
            Some(resolved) => !resolved.is_empty() && matches(resolved, p.callee),
            None => matches(&written, p.callee),
        }
    })
}

/// Whether a name that stands for `path` (`jwt`, `requests.auth.HTTPBasicAuth`,
/// `jsonwebtoken::EncodingKey`, `ring::hmac::Key`) can begin the callee of
/// an entry that is not a method: the path ends with the pattern's first
/// segments (`jwt` of `jwt.encode`, `hmac::Key` of `hmac::Key::new`), or
/// with the whole of it. Only such names change what a call resolves to.
pub fn heads_an_api(language: Language, path: &str) -> bool {
    let path = normalize(path);
    let path: Vec<&str> = segments(&path).collect();
    let heads = api_heads(language);
    (0..path.len()).any(|i| heads.contains(&path[i..]))
}

/// Every leading run of segments of the table's patterns that do not start
/// with a method (`.`): what a path that heads an API ends with (see
/// [`heads_an_api`], which every import of a file asks about; building the
/// patterns' segments at each question cost 6% of analysing a big Python
/// file at each keystroke).
fn api_heads(language: Language) -> &'static std::collections::HashSet<Vec<&'static str>> {
    type Heads = std::collections::HashSet<Vec<&'static str>>;
    fn heads(table: &'static [Position]) -> Heads {
        let mut heads = Heads::new();
        for p in table.iter().filter(|p| !p.callee.starts_with('.')) {
            let pattern: Vec<&str> = segments(p.callee).collect();
            heads.extend((1..=pattern.len()).map(|n| pattern[..n].to_vec()));
        }
        heads
    }
    static PYTHON_HEADS: std::sync::LazyLock<Heads> = std::sync::LazyLock::new(|| heads(PYTHON));
    static RUST_HEADS: std::sync::LazyLock<Heads> = std::sync::LazyLock::new(|| heads(RUST));
    static NONE: std::sync::LazyLock<Heads> = std::sync::LazyLock::new(Heads::new);
    match language {
        Language::Python => &PYTHON_HEADS,
        Language::Rust => &RUST_HEADS,
        Language::Notebook | Language::Text => &NONE,
    }
}

/// Whether an import binding `local` to `path` makes a call of `local`
/// read otherwise through the import than as written: it renames an API
/// (`EncodingKey as E`, `from jwt import encode`), names one by a shorter
/// path than the table's (`use ring::hmac::Key;`), or gives an API's name
/// to something else (`import myjwt as jwt`).
pub fn renames(language: Language, local: &str, path: &str) -> bool {
    let heads = |path: &str| heads_an_api(language, path);
    let last = segments(path).last().unwrap_or(path);
    (heads(path) || heads(local)) && !(local == last && heads(local))
}

/// The segments of a dotted (`a.b`) or Rust (`a::b`) path.
fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split(['.', ':']).filter(|s| !s.is_empty())
}

/// Words the prefilter looks for so that statements calling these APIs are
/// analysed even when no credential word is near: the pattern's first
/// segment (`login`, `jwt`, `hmac`, `fernet`, `encodingkey`).
pub fn trigger_words() -> Vec<String> {
    let mut words: Vec<String> = PYTHON
        .iter()
        .chain(RUST)
        .map(|p| {
            let pattern = p.callee.trim_start_matches('.');
            let first = pattern.split(['.', ':']).next().unwrap_or(pattern);
            first.to_ascii_lowercase()
        })
        .collect();
    // `RsaPrivateKey::from_components(n, e, d, primes)`: its private
    // arguments' hex literals (see `rust::rsa_component_bindings`).
    words.push("from_components".to_owned());
    words.sort();
    words.dedup();
    words
}

/// The binding name a finding shows: `login(password)`, `jwt.encode(key)`.
pub fn binding_name(position: &Position) -> String {
    format!(
        "{}({})",
        position.callee.trim_start_matches('.'),
        position.what
    )
}

fn matches(callee: &str, pattern: &str) -> bool {
    if let Some(method) = pattern.strip_prefix('.') {
        return callee
            .rsplit_once('.')
            .is_some_and(|(receiver, name)| !receiver.is_empty() && name == method);
    }
    callee == pattern
        || callee
            .strip_suffix(pattern)
            .is_some_and(|head| head.ends_with(['.', ':']))
}

/// The callee without whitespace and without generic arguments:
/// `Hmac::<Sha256>::new_from_slice` is `Hmac::new_from_slice`.
fn normalize(callee: &str) -> String {
    let mut out = String::with_capacity(callee.len());
    let mut depth = 0usize;
    for c in callee.chars().filter(|c| !c.is_whitespace()) {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.replace("::::", "::")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(language: Language, callee: &str) -> Vec<&'static str> {
        lookup(language, callee, None).map(|p| p.callee).collect()
    }

    fn resolved(language: Language, callee: &str, resolved: &str) -> Vec<&'static str> {
        lookup(language, callee, Some(resolved))
            .map(|p| p.callee)
            .collect()
    }

    #[test]
    fn imported_callees_match_by_what_they_stand_for() {
        let py = Language::Python;
        assert_eq!(
            resolved(py, "B", "requests.auth.HTTPBasicAuth"),
            ["HTTPBasicAuth"]
        );
        assert_eq!(resolved(py, "j.encode", "jwt.encode"), ["jwt.encode"]);
        assert_eq!(resolved(py, "encode", "jwt.encode"), ["jwt.encode"]);
        assert!(resolved(py, "jwt.encode", "myjwt.encode").is_empty());
        assert!(resolved(py, "encode", "base64.encode").is_empty());
        // A name the module defines itself names no API.
        assert!(resolved(py, "HTTPBasicAuth", "").is_empty());
        // Methods are read as written: an imported `login` is no `.login`.
        assert!(resolved(py, "login", "django.contrib.auth.login").is_empty());
        assert_eq!(resolved(py, "s.login", "smtplib.login"), [".login"]);
        assert_eq!(
            resolved(
                Language::Rust,
                "E::from_secret",
                "jsonwebtoken::EncodingKey::from_secret"
            ),
            ["EncodingKey::from_secret"]
        );
        assert!(resolved(
            Language::Rust,
            "EncodingKey::from_secret",
            "my::Key::from_secret"
        )
        .is_empty());
    }

    #[test]
    fn names_that_head_an_api() {
        let (py, rs) = (Language::Python, Language::Rust);
        for (language, path, heads) in [
            (py, "jwt", true),
            (py, "jose.jwt", true),
            (py, "jwt.encode", true),
            (py, "requests.auth.HTTPBasicAuth", true),
            (py, "Fernet", true),
            (rs, "jsonwebtoken::EncodingKey", true),
            (rs, "ring::hmac::Key", true),
            (rs, "ring::hmac", true),
            (py, "myjwt", false),
            (py, "base64.encode", false),
            (py, "login", false),
            (py, "E", false),
            (rs, "Key", false),
            (rs, "my::Key", false),
        ] {
            assert_eq!(heads_an_api(language, path), heads, "{path}");
        }
    }

    /// The table of heads answers as the patterns read one by one did:
    /// on every pattern, each of its leading runs and trailing runs of
    /// segments, behind a prefix, spelled with generics and spaces.
    #[test]
    fn the_heads_table_answers_as_the_patterns_read_one_by_one() {
        let by_patterns = |language: Language, path: &str| {
            let path = normalize(path);
            let path: Vec<&str> = segments(&path).collect();
            table(language)
                .iter()
                .filter(|p| !p.callee.starts_with('.'))
                .any(|p| {
                    let pattern: Vec<&str> = segments(p.callee).collect();
                    (1..=pattern.len()).any(|n| path.ends_with(&pattern[..n]))
                })
        };
        let mut checked = 0;
        for language in [Language::Python, Language::Rust, Language::Text] {
            let separator = if language == Language::Rust {
                "::"
            } else {
                "."
            };
            let callees = PYTHON.iter().chain(RUST).map(|p| p.callee);
            for callee in callees {
                let pattern: Vec<&str> = segments(callee).collect();
                for n in 0..=pattern.len() {
                    for path in [pattern[..n].join(separator), pattern[n..].join(separator)] {
                        for path in [
                            path.clone(),
                            format!("my{separator}{path}"),
                            format!("{path}{separator}x"),
                            format!("my{path}"),
                            path.replace(separator, &format!("<T>{separator} ")),
                        ] {
                            assert_eq!(
                                heads_an_api(language, &path),
                                by_patterns(language, &path),
                                "{path}"
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 1_000);
    }

    #[test]
    fn callees_match_by_method_path_and_name() {
        assert_eq!(found(Language::Python, "smtp.login"), [".login"]);
        assert_eq!(found(Language::Python, "self.server.login"), [".login"]);
        assert!(found(Language::Python, "login").is_empty());
        assert_eq!(found(Language::Python, "jwt.encode"), ["jwt.encode"]);
        assert!(found(Language::Python, "base64.encode").is_empty());
        assert!(found(Language::Python, "myjwt.encode").is_empty());
        assert_eq!(found(Language::Python, "fernet.Fernet"), ["Fernet"]);
        assert_eq!(
            found(Language::Python, "requests.auth.HTTPBasicAuth"),
            ["HTTPBasicAuth"]
        );
        assert!(found(Language::Python, "MyFernet").is_empty());
        assert_eq!(
            found(Language::Rust, "jsonwebtoken::EncodingKey::from_secret"),
            ["EncodingKey::from_secret"]
        );
        assert_eq!(
            found(Language::Rust, "Hmac::<Sha256>::new_from_slice"),
            ["Hmac::new_from_slice"]
        );
        assert_eq!(
            found(Language::Rust, "secrecy::SecretString::new"),
            ["SecretString::new"]
        );
        assert!(found(Language::Rust, "MySecret::new").is_empty());
    }

    #[test]
    fn every_position_is_described() {
        for position in PYTHON.iter().chain(RUST) {
            assert!(!position.what.is_empty() && !position.callee.is_empty());
            assert_eq!(normalize(position.callee), position.callee, "{position:?}");
        }
        let words = trigger_words();
        for word in ["login", "jwt", "hmac", "fernet", "encodingkey"] {
            assert!(words.iter().any(|w| w == word), "{word}");
        }
    }
}
