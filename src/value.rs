//! Is this name a credential's, and does this value look like a real secret?
//!
//! `secret/hardcoded-credential` and the `key = value` scan of text files ask
//! these two questions of every name/value pair they find. The name decides
//! how demanding the value test is: a password can be short and human-made,
//! while a token, key or secret should look random. Everything that commonly
//! sits where a secret would (placeholders, environment-variable names, field
//! names, labels, URLs, paths, format strings) is turned away before entropy and
//! character classes decide.

use regex::Regex;
use std::sync::LazyLock;

/// What a credential-named target holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// Passwords and passphrases: people choose them, so they may be short.
    Password,
    /// Tokens, keys, secrets, salts: machine-made, so they should look random.
    Secret,
}

const PASSWORD_WORDS: &[&str] = &[
    "requirepass",
    "masterauth",
    "passwords",
    "password",
    "passwd",
    "pwd",
    "pass",
    "passphrase",
    "passcode",
    "passwort",
    "basic",
];

const SECRET_WORDS: &[&str] = &[
    "secret",
    "secrets",
    "token",
    "credential",
    "credentials",
    "creds",
    "auth",
    "authorization",
    "salt",
    "bearer",
    "apikey",
    "accesskey",
    "secretkey",
    "privatekey",
    "authtoken",
    "clientsecret",
    "sessionkey",
    "signingkey",
    "encryptionkey",
    "masterkey",
    "xsrf",
    "csrf",
];

/// Words that make `<word>_key` (or `<word>Key`) a credential name.
pub const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "access",
    "secret",
    "private",
    "signing",
    "sign",
    "encryption",
    "encrypt",
    "crypt",
    "crypto",
    "session",
    "master",
    "client",
    "app",
    "application",
    "auth",
    "hmac",
    "jwt",
    "aes",
    "account",
    "storage",
    "subscription",
    "consumer",
    "webhook",
    "license",
    "ssh",
    "gpg",
    "pgp",
    "shared",
    "rsa",
    "cipher",
    "fernet",
    "service",
    "admin",
];

/// A name ending in one of these holds something *about* a credential, not
/// the credential itself: `token_url`, `password_field`, `secret_name`.
const DESCRIPTIVE_SUFFIXES: &[&str] = &[
    "url",
    "uri",
    "urls",
    "endpoint",
    "path",
    "file",
    "filename",
    "dir",
    "directory",
    "name",
    "names",
    "type",
    "types",
    "kind",
    "field",
    "fields",
    "label",
    "prompt",
    "env",
    "var",
    "variable",
    "length",
    "len",
    "size",
    "min",
    "max",
    "count",
    "regex",
    "re",
    "pattern",
    "format",
    "fmt",
    "policy",
    "id",
    "ids",
    "hint",
    "message",
    "msg",
    "text",
    "placeholder",
    "help",
    "description",
    "desc",
    "style",
    "class",
    "cls",
    "mode",
    "timeout",
    "expiry",
    "expires",
    "expiration",
    "ttl",
    "lifetime",
    "age",
    "prefix",
    "suffix",
    "column",
    "col",
    "param",
    "params",
    "attr",
    "attribute",
    "schema",
    "validator",
    "reset",
    "error",
    "errors",
    "template",
    "provider",
    "backend",
    "manager",
    "factory",
    "handler",
    "method",
    "scheme",
    "strategy",
    "location",
    "source",
    "option",
    "options",
    "setting",
    "index",
    "idx",
    "position",
    "pos",
    "loc",
    "char",
    "chars",
    "delimiter",
    "separator",
    "sep",
    "ref",
    "request",
    "response",
    "status",
    "state",
    "enabled",
    "required",
    "valid",
    "input",
    "widget",
    "form",
    "view",
    "spec",
    "warning",
    "exception",
    "range",
    "ranges",
    "start",
    "end",
    "offset",
    "span",
    "stream",
    "list",
    "map",
    "table",
    "cache",
    "iter",
    "number",
    "num",
    "info",
];

/// Leading words of flags and predicates: `is_password`, `show_password`.
const DESCRIPTIVE_PREFIXES: &[&str] = &[
    "is", "has", "use", "enable", "show", "hide", "require", "allow", "no", "needs", "check",
    "validate", "verify", "forgot", "reset", "new", "confirm", "old",
];

/// `next_token`, `page_token`, `client_token`: pagination cursors and
/// idempotency keys, which APIs hand out freely.
const NON_SECRET_TOKEN_QUALIFIERS: &[&str] = &[
    "next",
    "page",
    "pagination",
    "continuation",
    "client",
    "request",
    "idempotency",
    "sync",
    "cursor",
    "marker",
    "cancellation",
    "update",
    "change",
    "start",
    "end",
    "first",
    "last",
    "prev",
    "previous",
    "lexer",
    "parse",
    "parser",
    "input",
    "output",
    "current",
    "peek",
];

/// Names that say the value is a digest, not a credential.
const HASH_WORDS: &[&str] = &[
    "hash",
    "hashed",
    "sha",
    "sha1",
    "sha256",
    "sha512",
    "md5",
    "digest",
    "checksum",
    "fingerprint",
    "crc",
];

/// Splits `apiKey`, `API_KEY`, `X-Api-Key` and `db.password` into lowercase words.
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in name.split(|c: char| !c.is_alphanumeric()) {
        let chars: Vec<char> = part.chars().collect();
        let mut start = 0;
        for i in 1..chars.len() {
            let (prev, cur) = (chars[i - 1], chars[i]);
            let next_lower = chars.get(i + 1).is_some_and(|c| c.is_lowercase());
            if (prev.is_lowercase() && cur.is_uppercase())
                || (prev.is_uppercase() && cur.is_uppercase() && next_lower)
                || (prev.is_alphabetic() != cur.is_alphabetic())
            {
                out.push(chars[start..i].iter().collect::<String>().to_lowercase());
                start = i;
            }
        }
        if start < chars.len() {
            out.push(chars[start..].iter().collect::<String>().to_lowercase());
        }
    }
    out
}

/// Whether `name` names a credential, and which kind.
pub fn credential_kind(name: &str) -> Option<NameKind> {
    let words = words(name);
    let last = words.last()?;
    // A bare `pass` is a verb as often as a noun (`check.pass(…)`); `db_pass` is a noun.
    if words.len() == 1 && last == "pass" {
        return None;
    }
    if DESCRIPTIVE_SUFFIXES.contains(&last.as_str())
        || DESCRIPTIVE_PREFIXES.contains(&words[0].as_str()) && words.len() > 1
        || words.iter().any(|w| HASH_WORDS.contains(&w.as_str()))
    {
        return None;
    }
    if words.windows(2).any(|pair| {
        matches!(pair[1].as_str(), "token" | "tokens")
            && NON_SECRET_TOKEN_QUALIFIERS.contains(&pair[0].as_str())
    }) {
        return None;
    }
    if words.iter().any(|w| PASSWORD_WORDS.contains(&w.as_str())) {
        return Some(NameKind::Password);
    }
    let qualified_key = words.windows(2).any(|pair| {
        matches!(pair[1].as_str(), "key" | "keys") && KEY_QUALIFIERS.contains(&pair[0].as_str())
    });
    if qualified_key || words.iter().any(|w| SECRET_WORDS.contains(&w.as_str())) {
        return Some(NameKind::Secret);
    }
    None
}

static TRIVIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(password|passwd|pass|pwd|secret|token|admin|administrator|root|test|testing|demo|changeme|letmein|qwerty|default|guest|user|username|foo|bar|baz|foobar|example|sample|dummy|fake|mock|welcome|hello|none|null|nil|undefined|true|false|empty|unset|tbd|n/a|na|hidden|redacted|masked|private|public|key|apikey|api_key|value|string|abc|abcdef|asdf|1234|12345|123456|1234567|12345678|123456789|0000)[0-9!@#$%^&*._-]{0,4}$",
    )
    .expect("valid regex")
});

const PLACEHOLDER_PARTS: &[&str] = &[
    "xxx",
    "***",
    "•••",
    "●●●",
    "changeme",
    "change_me",
    "change-me",
    "replace",
    "your_",
    "your-",
    "your.",
    "yourkey",
    "yourtoken",
    "yoursecret",
    "yourpassword",
    "placeholder",
    "example",
    "dummy",
    "sample",
    "todo",
    "fixme",
    "redacted",
    "insert",
    "enter_",
    "enter-",
    "fake",
    "notreal",
    "not_real",
    "not-real",
    "not_a_real",
    "not-a-real",
    "_here",
    "-here",
    "...",
    "…",
    "mock",
];

/// `<your-key>`, `REPLACE_ME`, `xxxxxxxx`, `changeme`, `${VAR}` and friends.
pub fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let distinct = {
        let mut chars: Vec<char> = value.chars().collect();
        chars.sort_unstable();
        chars.dedup();
        chars.len()
    };
    let wrapped = |open: &str, close: &str| value.starts_with(open) && value.ends_with(close);
    distinct <= 2
        || wrapped("<", ">")
        || wrapped("[", "]")
        || wrapped("{", "}")
        || wrapped("%", "%")
        || wrapped("__", "__")
        || wrapped("@", "@")
        || value.starts_with('$')
        || TRIVIAL.is_match(value)
        || PLACEHOLDER_PARTS.iter().any(|p| lower.contains(p))
}

/// Identifiers, environment-variable names, header names and dotted paths:
/// what a *reference* to a secret looks like, not a secret.
static REFERENCE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:_*[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{1,12}|[A-Za-z]+(?:-[A-Za-z]+)+|(?:[A-Za-z_][a-z_]*|[A-Z][A-Z0-9_]*)(?:\.(?:[A-Za-z_][a-z_]*|[A-Z][A-Z0-9_]*))+|[a-z]+:[a-z_][a-z0-9_]*)$",
    )
    .expect("valid regex")
});

static FILE_EXTENSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\.(pem|key|crt|cer|der|p12|pfx|jks|keystore|json|ya?ml|toml|ini|cfg|conf|env|txt|gpg|asc|pub|csv|py|rs|sh|html|js|log)$")
        .expect("valid regex")
});

/// Authentication schemes that may precede the credential in a header value.
const AUTH_SCHEMES: &[&str] = &["bearer ", "basic ", "token ", "bot ", "apikey ", "digest "];

/// Strips an HTTP authentication scheme: `Bearer abc` is judged as `abc`.
pub fn strip_auth_scheme(value: &str) -> &str {
    let lower = value.to_ascii_lowercase();
    for scheme in AUTH_SCHEMES {
        if lower.starts_with(scheme) {
            return value[scheme.len()..].trim_start();
        }
    }
    value
}

/// Shannon entropy in bits per character.
pub fn entropy(value: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    let mut total = 0usize;
    for c in value.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    counts
        .values()
        .map(|&n| {
            let p = n as f64 / total as f64;
            -p * p.log2()
        })
        .sum()
}

fn char_classes(value: &str) -> usize {
    let has = |f: fn(&char) -> bool| value.chars().any(|c| f(&c)) as usize;
    has(char::is_ascii_lowercase)
        + has(char::is_ascii_uppercase)
        + has(char::is_ascii_digit)
        + has(|c| !c.is_ascii_alphanumeric())
}

/// Whether `value`, bound to a target named `name` of `kind`, looks like a
/// real secret rather than a placeholder, a reference or a label.
pub fn looks_like_secret(kind: NameKind, name: &str, value: &str) -> bool {
    let value = strip_auth_scheme(value.trim());
    let len = value.chars().count();
    let min_len = match kind {
        NameKind::Password => 6,
        NameKind::Secret => 8,
    };
    if len < min_len
        || len > 1024
        || value.chars().any(|c| c.is_whitespace() || c.is_control())
        || is_placeholder(value)
        || REFERENCE_LIKE.is_match(value)
        || value.contains("://")
        || value.starts_with("arn:")
        || value.starts_with("urn:")
        || trivial_words(value)
        || looks_like_path(value)
        || looks_like_format(value)
        || value.contains("EXAMPLE")
        || same_words(name, value)
    {
        return false;
    }
    let classes = char_classes(value);
    let bits = entropy(value);
    match kind {
        NameKind::Password => classes >= 2 || (len >= 12 && bits >= 3.0),
        NameKind::Secret => (classes >= 2 && bits >= 3.0) || (len >= 20 && bits >= 3.5),
    }
}

/// Words people type when they need a value, not a secret: `testPass`, `demo_user`.
const TRIVIAL_WORDS: &[&str] = &[
    "test",
    "testing",
    "pass",
    "password",
    "passwd",
    "pwd",
    "user",
    "admin",
    "secret",
    "demo",
    "dummy",
    "example",
    "sample",
    "fake",
    "mock",
    "foo",
    "bar",
    "baz",
    "qux",
    "changeme",
    "default",
    "my",
    "your",
    "the",
    "some",
    "dev",
    "local",
    "key",
    "token",
    "api",
    "root",
    "guest",
    "hello",
    "world",
    "abc",
    "xyz",
    "temp",
    "tmp",
    "new",
    "old",
    "valid",
    "invalid",
    "wrong",
    "bad",
    "good",
    "correct",
    "incorrect",
    "right",
    "other",
    "another",
    "fixture",
    "stub",
];

fn trivial_words(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && words(value)
            .iter()
            .all(|w| TRIVIAL_WORDS.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()))
}

fn looks_like_path(value: &str) -> bool {
    // `owner/repo#path`, `group/item`: lowercase with slashes is a reference;
    // base64 with a slash in it has capitals, `+` or `=`.
    let lowercase_reference = value.contains('/')
        && !value.contains(['+', '='])
        && !value.chars().any(|c| c.is_ascii_uppercase());
    // A leading slash is a path unless the rest is random (`/a+O7G…=` is base64).
    let absolute = value.starts_with('/') && !value.contains(['+', '=']) && entropy(value) < 4.2;
    lowercase_reference
        || absolute
        || value.starts_with("./")
        || value.starts_with("../")
        || value.starts_with("~/")
        || value.get(1..3) == Some(":\\")
        || FILE_EXTENSION.is_match(value)
}

/// Format strings and templates, and paths in code: `a->b`, `Type::new`.
fn looks_like_format(value: &str) -> bool {
    // `%s` and `%d` also occur by chance in random passwords; only short or
    // wordy values are printf formats.
    let printf = (value.contains("%s") || value.contains("%d"))
        && (value.len() < 12 || entropy(value) < 3.8);
    printf
        || ["{}", "{{", "${", "%(", "$(", "{0", "{:", "->", "::"]
            .iter()
            .any(|m| value.contains(m))
        || (value.contains('{') && value.contains('}'))
}

/// `password = "password"`, `api_key = "apiKey"`: the value names the field.
fn same_words(name: &str, value: &str) -> bool {
    let value_words = words(value);
    let name_words = words(name);
    !value_words.is_empty()
        && value_words.iter().all(|w| {
            name_words.contains(w)
                || PASSWORD_WORDS.contains(&w.as_str())
                || SECRET_WORDS.contains(&w.as_str())
                || w == "key"
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use NameKind::*;

    #[test]
    fn splits_names_into_words() {
        assert_eq!(words("apiKey"), ["api", "key"]);
        assert_eq!(words("X-API-Key"), ["x", "api", "key"]);
        assert_eq!(words("DB_PASSWORD2"), ["db", "password", "2"]);
        assert_eq!(words("HTTPSProxyToken"), ["https", "proxy", "token"]);
    }

    #[test]
    fn classifies_names() {
        for name in [
            "password",
            "DB_PASSWORD",
            "db_pass",
            "passwd",
            "userPwd",
            "basic_auth",
        ] {
            assert_eq!(credential_kind(name), Some(Password), "{name}");
        }
        for name in [
            "api_key",
            "apiKey",
            "X-API-Key",
            "SECRET_KEY",
            "client_secret",
            "auth_token",
            "Authorization",
            "private_key",
            "signing_key",
            "SALT",
            "credentials",
            "bearer_auth",
        ] {
            assert_eq!(credential_kind(name), Some(Secret), "{name}");
        }
        for name in [
            "token_url",
            "password_field",
            "secret_name",
            "author",
            "key",
            "monkey",
            "keys",
            "password_hash",
            "token_sha256",
            "is_secret",
            "show_password",
            "access_key_id",
            "token_type",
            "bypass",
            "passage",
            "NextToken",
            "page_token",
            "client_token",
        ] {
            assert_eq!(credential_kind(name), None, "{name}");
        }
    }

    #[test]
    fn accepts_real_looking_secrets() {
        assert!(looks_like_secret(Password, "password", "hunter2"));
        assert!(looks_like_secret(Password, "DB_PASSWORD", "Tr0ub4dor&3xK"));
        assert!(looks_like_secret(
            Secret,
            "api_key",
            "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
        ));
        assert!(looks_like_secret(
            Secret,
            "Authorization",
            "Bearer q8Zr2LmK4xW9tYv1Ns7P"
        ));
        assert!(looks_like_secret(
            Secret,
            "SECRET_KEY",
            "django-insecure-8#k2!x0z@q1w9e7r6t5y4u3i"
        ));
    }

    #[test]
    fn rejects_placeholders_references_and_labels() {
        for value in [
            "",
            "xxx",
            "<your-key>",
            "${API_KEY}",
            "changeme",
            "REPLACE_ME",
            "your-api-key-here",
            "OPENAI_API_KEY",
            "password",
            "X-API-Key",
            "Enter your password",
            "https://example.com",
            "/etc/secret.pem",
            "{}:{}",
            "%s",
            "AKIAIOSFODNN7EXAMPLE",
            "********",
            "admin123",
            "api_key",
            "settings.API_KEY",
            "secrets.txt",
            "$DB_PASSWORD",
            "testPass",
            "wrong-password",
            "arn:aws:kms:us-east-1:123456789012:key/abcd",
            "yegor256/home#assets/crates-credentials",
        ] {
            assert!(!looks_like_secret(Secret, "api_key", value), "{value:?}");
            assert!(!looks_like_secret(Password, "password", value), "{value:?}");
        }
    }

    #[test]
    fn entropy_of_uniform_text() {
        assert_eq!(entropy("aaaa"), 0.0);
        assert!((entropy("abcd") - 2.0).abs() < 1e-9);
    }
}
