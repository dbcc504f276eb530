//! What a value's shape says before its randomness is measured: a
//! placeholder, a reference, a path, a format string, a password *hash* or
//! an algorithm name is not a secret (vendors' and standards' published
//! examples are known by value, in `published.rs`).

use super::name::{words, PASSWORD_WORDS, SECRET_WORDS};
use super::strength::entropy;
use regex::Regex;
use std::sync::LazyLock;

/// Words that, alone or with up to four digits or symbols after them
/// (`password1`, `admin!`), are typed into a field rather than issued.
const TRIVIAL_VALUES: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "secret",
    "token",
    "admin",
    "administrator",
    "root",
    "test",
    "testing",
    "demo",
    "changeme",
    "letmein",
    "qwerty",
    "default",
    "guest",
    "user",
    "username",
    "foo",
    "bar",
    "baz",
    "foobar",
    "example",
    "sample",
    "dummy",
    "fake",
    "mock",
    "welcome",
    "hello",
    "none",
    "null",
    "nil",
    "undefined",
    "true",
    "false",
    "empty",
    "unset",
    "tbd",
    "n/a",
    "na",
    "hidden",
    "redacted",
    "masked",
    "private",
    "public",
    "key",
    "apikey",
    "api_key",
    "value",
    "string",
    "abc",
    "abcdef",
    "asdf",
    "1234",
    "12345",
    "123456",
    "1234567",
    "12345678",
    "123456789",
    "0000",
];

/// The symbols [`TRIVIAL_VALUES`] may end with, four at most.
const TRIVIAL_ENDINGS: &str = "0123456789!@#$%^&*._-";

/// [`TRIVIAL_VALUES`] as a regex, for values outside ASCII: Unicode's
/// case folding makes `ſ` an `s` and `K` a `k`.
static TRIVIAL: LazyLock<Regex> = LazyLock::new(|| {
    let words: Vec<String> = TRIVIAL_VALUES.iter().map(|w| regex::escape(w)).collect();
    let endings = regex::escape(TRIVIAL_ENDINGS);
    Regex::new(&format!("(?i)^(?:{})[{endings}]{{0,4}}$", words.join("|"))).expect("valid regex")
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
    // `test` alone is a provider's mode marker (`sk_test_…`, Mollie's
    // `test_…`) in front of a real key; the whole word `testing` is part of
    // no issued format, and a random base62 generator spells it (in any
    // case) about once in 3·10^10 positions.
    "testing",
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
    // Lorem ipsum: filler text, typed where any value would do.
    "lorem",
    "ipsum",
];

/// Whether `value` is one of [`TRIVIAL_VALUES`] in any case, then at most
/// four of [`TRIVIAL_ENDINGS`]. ASCII is compared as it is, with no regex
/// compiled: [`TRIVIAL`] cost a one-file check 2.5 M instructions to
/// compile, more than judging every value of a small file.
fn is_trivial(value: &str) -> bool {
    if !value.is_ascii() {
        return TRIVIAL.is_match(value);
    }
    let word = value.trim_end_matches(|c| TRIVIAL_ENDINGS.contains(c));
    let endings = (value.len() - word.len()).min(4);
    (0..=endings).any(|n| {
        let word = &value[..value.len() - n];
        TRIVIAL_VALUES.iter().any(|w| w.eq_ignore_ascii_case(word))
    })
}

/// `<your-key>`, `REPLACE_ME`, `xxxxxxxx`, `changeme`, `${VAR}` and friends.
pub fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let wrapped = |open: &str, close: &str| value.starts_with(open) && value.ends_with(close);
    is_filler_or_bracketed(value)
        || wrapped("%", "%")
        || wrapped("__", "__")
        || wrapped("@", "@")
        || value.starts_with('$')
        || is_trivial(value)
        || PLACEHOLDER_PARTS.iter().any(|p| lower.contains(p))
        || opens_with_dead_marker(value)
        || opens_metavariable(value)
        || escaped_metavariable(value)
        || leet_marker(&lower)
}

/// A stand-in that says so in leetspeak: `…n0tR34L…JUSTF4KEd0N0tUs3…`
/// (not real, just fake, do not use) after a token format's prefix. The
/// value is read with leetspeak digits as letters (`0` o, `1` i, `3` e, `4`
/// a, `5` s, `7` t) and must spell a marker of seven letters or more, which
/// random text of any length spells about once in 10^9 positions; the short
/// markers (`fake`, `mock`) are matched as written only.
fn leet_marker(lower: &str) -> bool {
    const MARKERS: &[&str] = &[
        "notreal",
        "donotuse",
        "dontuse",
        "justfake",
        "placeholder",
        "example",
        "notasecret",
        "changeme",
    ];
    if !lower.bytes().any(|b| b"013457".contains(&b)) {
        return false;
    }
    let read: String = lower
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' => 'i',
            '3' => 'e',
            '4' => 'a',
            '5' => 's',
            '7' => 't',
            c => c,
        })
        .collect();
    MARKERS.iter().any(|m| read.contains(m))
}

/// A metavariable whose angle brackets are written as HTML entities: a
/// usage table rendered as HTML in a README (`<code>--secret
/// &lt;NAME=VALUE&gt;</code>`) gives a flag the value
/// `&lt;NAME=VALUE&gt;</code></a>`, which names what goes there as
/// `<NAME=VALUE>` does. The value opens with the escaped `<` and closes it
/// with an escaped `>` later; a secret that only opens with `&lt;` (a
/// password starting with `<`, escaped) is judged as before.
fn escaped_metavariable(value: &str) -> bool {
    value
        .strip_prefix("&lt;")
        .is_some_and(|rest| rest.find("&gt;").is_some_and(|close| close > 0))
}

/// A usage line's metavariable cut short where a scan stopped at a bracket:
/// `--auth <USER[:PASS] | TOKEN>` gives `<USER[:PASS`. A value that opens
/// with `<` and a capital, and holds only capitals and the punctuation of
/// a synopsis (`_ - : [ ] | .` and angle brackets), names what goes there;
/// a secret is not spelled in capitals behind an angle bracket.
fn opens_metavariable(value: &str) -> bool {
    value.strip_prefix('<').is_some_and(|rest| {
        rest.len() >= 2
            && rest.starts_with(|c: char| c.is_ascii_uppercase())
            && rest.bytes().all(|b| {
                b.is_ascii_uppercase()
                    || matches!(
                        b,
                        b'_' | b'-' | b':' | b'[' | b']' | b'|' | b'.' | b'<' | b'>'
                    )
            })
    })
}

/// Words a documentation example opens its values with to mark them dead
/// on purpose: `revoked…`, `invalid…`, `expired…` (praw's `praw.ini`
/// example writes `client_secret=revoked…` and `password=invalid…` in
/// front of random letters), the way `dummy` and `testing` mark a stand-in.
const DEAD_MARKERS: &[&str] = &["revoked", "invalid", "expired"];

/// Whether `value` opens with one of [`DEAD_MARKERS`], spelled as a word
/// (lowercase, capitalised or in capitals). Only the opening counts, and
/// only a word's spelling: a random value holds those letters elsewhere,
/// or in mixed case (`rEvOkEd`), by chance (a random base62 value opens
/// with one of them in those three spellings once in about 4·10^11).
fn opens_with_dead_marker(value: &str) -> bool {
    DEAD_MARKERS.iter().any(|marker| {
        value.get(..marker.len()).is_some_and(|head| {
            let capitalised = head.get(..1).is_some_and(|first| {
                first.eq_ignore_ascii_case(&marker[..1]) && head[1..] == marker[1..]
            });
            head == *marker || capitalised || head == marker.to_ascii_uppercase()
        })
    })
}

/// Identifiers (`snake_case`, `CamelCase` type names, with the two-letter
/// function words such names hold between longer words: Kafka's and RPC
/// APIs' operation names `AddPartitionsToTxn`, `GetUserById`; only those
/// words, so random letters stay judged), environment-variable names,
/// header names, dotted paths (`IntPtr.Zero`), import paths of classes
/// (`social_core.backends.azuread_b2c.AzureADB2COAuth2`), entry-point
/// references (`keystoneauth1.loading.identity.v2:Password`), relative
/// module paths (`.api_keys`) and the shape ids of an interface definition
/// (Smithy's `smithy.api#httpBearerAuth`, `aws.auth#sigv4`: a dotted
/// namespace of lowercase words, `#` and a camel-case name, each word ended
/// by digits at most, as an SDK's service model lists the authentication
/// schemes an operation accepts; random text mixes its digits in):
/// what a *reference* to a secret looks like, not a secret.
static REFERENCE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:_*[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{1,12}|[A-Za-z]+(?:-[A-Za-z]+)+|(?:[A-Za-z_][a-z_]*|[A-Z][A-Z0-9_]*|(?:[A-Z][a-z0-9]+)+)(?:\.(?:[A-Za-z_][a-z_]*|[A-Z][A-Z0-9_]*|(?:[A-Z][a-z]+)+))+|[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|(?:[A-Z][0-9]+)?(?:(?:To|Of|By|In|On|At|Is|Or|As|If|Id|Up)?[A-Z][a-z]{2,}){2,}(?:To|Of|By|In|On|At|Is|Or|As|If|Id|Up)?[0-9]*|\.+[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*|[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+\.[A-Za-z_][A-Za-z0-9_]*|[a-z]+[0-9]*(?:\.[a-z]+[0-9]*)+#[A-Za-z][a-z]*(?:[A-Z][a-z]+)*[0-9]*)$",
    )
    .expect("valid regex")
});

/// Whether `value` is shaped as a reference ([`REFERENCE_LIKE`]). Each of
/// its shapes is spelled with ASCII letters, digits and `_.:#-` alone, so a
/// value holding another character is none, and the regex (1.5 M
/// instructions to compile) is built only for one that could be.
pub(super) fn is_reference_like(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.:#-".contains(&b))
        && REFERENCE_LIKE.is_match(value)
}

static FILE_EXTENSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\.(pem|key|crt|cer|der|p12|pfx|jks|keystore|json|ya?ml|toml|ini|cfg|conf|env|txt|gpg|asc|pub|csv|py|rs|sh|html|js|log)$")
        .expect("valid regex")
});

/// Authentication schemes that may precede the credential in a header value.
const AUTH_SCHEMES: &[&str] = &[
    "bearer ", "basic ", "token ", "bot ", "apikey ", "digest ", "oauth ",
];

/// Authorization schemes whose parameters are never the secret: Digest's
/// are a realm, nonces and a hash of the password; AWS Signature Version 4
/// (`AWS4-HMAC-SHA256`, `AWS4-ECDSA-P256-SHA256`), HTTP Signatures
/// (`Signature keyId=…`) and HOBA carry a key id and a signature computed
/// for one request. A value that is such a scheme, or starts with one, is
/// a signed request, not a credential.
pub fn is_signature_scheme(lower: &str) -> bool {
    let scheme = lower.split([' ', ',']).next().unwrap_or("");
    matches!(scheme, "digest" | "signature" | "hoba")
        || scheme.strip_prefix("aws4-").is_some_and(|algorithm| {
            !algorithm.is_empty()
                && algorithm
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// An AWS Signature Version 4 credential scope, the `Credential=` parameter
/// of a signed request: `<key id>/<yyyymmdd>/<region>/<service>/aws4_request`
/// (SigV4a's has no region). It is the public key id and what the signature
/// covers, sent in clear with every request; the secret never leaves the
/// signer. A recorded request's header (`"AWS4-HMAC-SHA256 Credential=…"` in
/// a test's JSON) is read for its parameters, and this one is none of the
/// secret; an AWS key id inside it is still reported by its own rule.
pub(super) fn is_sigv4_credential_scope(value: &str) -> bool {
    let parts: Vec<&str> = value.split('/').collect();
    let [key_id, date, scope @ .., last] = parts.as_slice() else {
        return false;
    };
    *last == "aws4_request"
        && (1..=2).contains(&scope.len())
        && !key_id.is_empty()
        && key_id.bytes().all(|b| b.is_ascii_alphanumeric())
        && date.len() == 8
        && date.bytes().all(|b| b.is_ascii_digit())
        && scope.iter().all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

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

/// Whether `value` is made only of such words, numbers and the words of the
/// name it is bound to: `fixture-e2b` for `E2B_API_KEY`, `test-openai` for
/// `OPENAI_API_KEY` echo the vendor the field is for.
/// Words may also be run together (`testkey1234`, `adminpass`).
pub(super) fn trivial_words(name: &str, value: &str) -> bool {
    let name_words = words(name);
    let known = |w: &str| TRIVIAL_WORDS.contains(&w) || name_words.iter().any(|n| n == w);
    value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && words(value)
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_digit()) || is_run_together(w, &known))
}

/// Whether `word` is one or more `known` words written without separators.
fn is_run_together(word: &str, known: &impl Fn(&str) -> bool) -> bool {
    // `ends[i]`: the first `i` bytes split into known words.
    let mut ends = vec![false; word.len() + 1];
    ends[0] = true;
    for end in 1..=word.len() {
        ends[end] = (0..end).any(|start| ends[start] && word.get(start..end).is_some_and(known));
    }
    ends[word.len()]
}

pub(super) fn looks_like_path(value: &str) -> bool {
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
        || value.contains('.') && FILE_EXTENSION.is_match(value)
}

/// Format strings and templates, and paths in code: `a->b`, `Type::new`.
pub(super) fn looks_like_format(value: &str) -> bool {
    // `%s` and `%d` also occur by chance in random passwords; only short or
    // wordy values are printf formats.
    let printf = (value.contains("%s") || value.contains("%d"))
        && (value.len() < 12 || entropy(value) < 3.8);
    printf
        || ["{}", "{{", "${", "%(", "$(", "{0", "{:", "->", "::"]
            .iter()
            .any(|m| value.contains(m))
        || value.contains('{') && FORMAT_FIELD.is_match(value)
        || value.contains("\\(") && INTERPOLATION.is_match(value)
}

/// Swift's string interpolation, `\(name)`, `\(format[i])`,
/// `\(user.token)`: the string is built from an expression at run time, so
/// the literal holds only its fixed part, never the secret. A backslash and a
/// parenthesis before a digit or a symbol (`\(7`, `\()`) are characters of
/// a random password, and stay to be judged.
static INTERPOLATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\\\([A-Za-z_][^()]*\)").expect("valid regex"));

/// Whether `value` is nothing but named replacement fields and punctuation
/// (`{token:?}`, `{host}:{port}`): a format string's template, which holds
/// no character of what it will print.
pub(super) fn is_only_format_fields(value: &str) -> bool {
    value.contains('{')
        && FORMAT_FIELD.is_match(value)
        && !FORMAT_FIELD
            .replace_all(value, "")
            .chars()
            .any(char::is_alphanumeric)
}

/// A named replacement field, `{host}`, `{user_id}`, `{arg1}`, `{0.name}`,
/// `{width:>8}`: a name of letters (then digits) inside braces. Letters and
/// digits mixed at random (`{n73m}`) are part of a random password.
static FORMAT_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{[A-Za-z_][A-Za-z_]*[0-9]*(?:[.\[][^{}]*)?(?::[^{}]*)?\}").expect("valid regex")
});

/// Escape sequences a literal may spell a character with: `\xNN`, `\uNNNN`,
/// `\u{N…}`, `\UNNNNNNNN` and Python's `\N{NAME}`.
static ESCAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\\(?:x([0-9a-fA-F]{2})|u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|N\{[^}]*\})")
        .expect("valid regex")
});

/// Hex or base64 whose bytes spell `example`: an encoded test vector from a
/// specification or a vendor's documentation — RFC 8392's CWT, a COSE or
/// SAML sample — whose claims name the reserved example hosts (RFC 2606:
/// `coap://as.example.com`). Key material is random bytes and never spells
/// a word; a real token names a real issuer.
pub(super) fn encodes_example(value: &str) -> bool {
    use base64::Engine as _;
    const MIN_LEN: usize = 32;
    if value.len() < MIN_LEN {
        return false;
    }
    let bytes = if value.len() % 2 == 0 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        value
            .as_bytes()
            .chunks(2)
            .map(|pair| {
                let digit = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
                digit(pair[0]) << 4 | digit(pair[1])
            })
            .collect()
    } else {
        let unpadded = value.trim_end_matches('=');
        let engine = if unpadded.contains(['-', '_']) {
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
        } else {
            &base64::engine::general_purpose::STANDARD_NO_PAD
        };
        match engine.decode(unpadded) {
            Ok(bytes) => bytes,
            Err(_) => return false,
        }
    };
    bytes
        .windows(b"example".len())
        .any(|w| w.eq_ignore_ascii_case(b"example"))
}

/// Text that spells a few characters outside printable ASCII by escape
/// sequence: `'ab\u007fc'`, `"I\u00adX"`, `b"test\xc6\xb6"`,
/// `b"\x30\x82not-a-der-key"`. These are test vectors of Unicode, encoding
/// or parser handling (SASLprep tables, malformed input): issued secrets are
/// printable ASCII. Raw key bytes written as escapes (`b"\x9b\xbe…"`, an
/// `os.urandom` value pasted as its repr) are mostly escapes, and stay to be
/// judged as written. Such text written out rather than escaped is judged
/// by what it holds in ASCII (`ascii_reading` in the value model).
pub(super) fn is_text_test_vector(value: &str) -> bool {
    if !value.contains('\\') {
        // No escape: [`ESCAPE`] matches nothing, and is not compiled.
        return false;
    }
    let mut escapes = 0;
    let mut special = false;
    let mut escaped_len = 0;
    for caps in ESCAPE.captures_iter(value) {
        escapes += 1;
        escaped_len += caps[0].len();
        let code = (1..=4)
            .find_map(|i| caps.get(i))
            .and_then(|hex| u32::from_str_radix(hex.as_str(), 16).ok());
        special |= code.is_none_or(|c| !(0x20..0x7f).contains(&c));
    }
    let plain = value.len() - escaped_len;
    special && escapes < plain
}

/// Regular expressions and character classes bound to credential names:
/// `SECRET = r'(?=[^\v\'"]*)…'`, `opt_basic_auth = r'(?:[\w\-:%]*\@)?'`.
/// Their group syntax (`(?:`, `(?=`, `(?P<`), negated classes and escaped
/// classes with a quantifier, and ranges with a quantifier (`[a-z0-9]{64}`)
/// do not occur in random text by chance.
static REGEX_SYNTAX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(\?(?:[:=!]|<[=!]|P?<[A-Za-z_])|\[\^|\\[wdsWDSb][*+?{\]]|\[[^\]]*\\[wdsWDS]|\[[^\]]*-[^\]]*\](?:[*+?]|\{\d)")
        .expect("valid regex")
});

pub(super) fn looks_like_regex(value: &str) -> bool {
    // Every alternative of the pattern holds one of these: a value without
    // them needs the regex neither run nor compiled.
    value.contains(['(', '[', '\\']) && REGEX_SYNTAX.is_match(value)
}

/// `password = "password"`, `api_key = "apiKey"`: the value names the field.
pub(super) fn same_words(name: &str, value: &str) -> bool {
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

/// `eksKeypair`, `prodApiToken`, `github-secret`: a handle made of words,
/// one of them a credential word. It is the *name* of a key pair, token or
/// secret kept elsewhere (an SSH key pair registered in a cloud account, an
/// entry in a vault), written where the API asks which one to use. Random
/// text does not split into pronounceable words; a passphrase does, but
/// does not name the thing it guards. A member's name in camelCase may
/// begin with a service's abbreviation before its first capital
/// (`gcsCredentialFileName`, `s3AccessKeyIDName`, `awsSecretName`): the
/// words after it are judged.
pub(super) fn names_a_credential(value: &str) -> bool {
    let service = value
        .find(|c: char| c.is_ascii_uppercase())
        .filter(|&at| {
            (2..=4).contains(&at)
                && value.starts_with(|c: char| c.is_ascii_lowercase())
                && value[..at].chars().all(|c| c.is_ascii_alphanumeric())
        })
        .unwrap_or(0);
    names_a_credential_in_words(value)
        || service > 0 && names_a_credential_in_words(&value[service..])
}

fn names_a_credential_in_words(value: &str) -> bool {
    const KEY_HANDLES: &[&str] = &[
        "key", "keys", "keypair", "keyring", "keystore", "keychain", "keyfile", "keyname",
    ];
    let parts = words(value);
    parts.len() >= 2
        && value
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-')
        && parts.iter().all(|w| super::strength::is_pronounceable(w))
        && parts.iter().any(|w| {
            let w = w.as_str();
            KEY_HANDLES.contains(&w) || PASSWORD_WORDS.contains(&w) || SECRET_WORDS.contains(&w)
        })
}

/// `Option<String>`, `Vec<u8>`, `HashMap<String, Secret>`: a generic type
/// where a summary of a struct (`token: Option<String>`) is read as a
/// `name: value` pair. Angle brackets around identifiers are type syntax.
/// So is Python's subscripted or called form of a generic, as typing
/// spells it (`Optional[str]`, `dict[str, SecretRef]`) and as generated
/// OpenAPI models map each attribute to its type (`'image_pull_secrets':
/// 'list[V1LocalObjectReference]'`, `'dict(str, str)'`): see
/// [`is_python_type`].
pub(super) fn is_type_expression(value: &str) -> bool {
    value.ends_with('>') && TYPE_EXPRESSION.is_match(value) || is_python_type(value)
}

/// Whether `value` is a Python type written as a generic: a container
/// (`list`, `dict`, `Optional`, `typing.Mapping`, or a class name, which
/// begins with a capital) subscripted or called with types
/// (`list[V1LocalObjectReference]`, `dict(str, str)`,
/// `Optional[Dict[str, int]]`). Every name inside is a builtin type or a
/// class name; one set of brackets at least, nothing but names, commas and
/// spaces between them, so a password that holds a bracket
/// (`Xk9[pQ2z]`: lowercase words that are no type) is not one.
fn is_python_type(value: &str) -> bool {
    /// Builtin types and typing's lowercase aliases: the names a type
    /// expression holds besides class names.
    const BUILTINS: &[&str] = &[
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "bytearray",
        "complex",
        "object",
        "list",
        "dict",
        "set",
        "frozenset",
        "tuple",
        "type",
        "date",
        "datetime",
        "time",
        "decimal",
        "file",
        "none",
    ];
    fn name(text: &str) -> Option<(&str, &str)> {
        let end = text
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(text.len());
        let name = &text[..end];
        let last = name.rsplit('.').next().unwrap_or("");
        let known = last.starts_with(|c: char| c.is_ascii_uppercase())
            || BUILTINS.contains(&last.to_ascii_lowercase().as_str());
        (known
            && !name.starts_with(|c: char| c.is_ascii_digit() || c == '.')
            && !name.ends_with('.')
            && !name.contains(".."))
        .then(|| (name, &text[end..]))
    }
    /// One type, and the text after it; `brackets` counts the subscripts.
    fn parse<'a>(text: &'a str, brackets: &mut usize, depth: usize) -> Option<&'a str> {
        let (_, mut rest) = name(text.trim_start())?;
        let close = match rest.as_bytes().first() {
            Some(b'[') => ']',
            Some(b'(') => ')',
            _ => return Some(rest),
        };
        if depth > 8 {
            return None;
        }
        *brackets += 1;
        loop {
            rest = parse(&rest[1..], brackets, depth + 1)?.trim_start();
            match rest.chars().next() {
                Some(',') => continue,
                Some(c) if c == close => return Some(&rest[1..]),
                _ => return None,
            }
        }
    }
    let mut brackets = 0;
    parse(value, &mut brackets, 0).is_some_and(|rest| rest.is_empty()) && brackets > 0
}

static TYPE_EXPRESSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^&?(?:[A-Za-z_][A-Za-z0-9_]*::)*[A-Z][A-Za-z0-9_]*<[A-Za-z0-9_:<>, &'\[\]]+>$")
        .expect("valid regex")
});

/// Stored password hashes and verifiers, in the formats frameworks write
/// them: Django's `pbkdf2_sha256$…`/`argon2$…`/`bcrypt_sha256$…`, modular
/// crypt (`$2b$…`, `$6$…`, `$argon2id$…`, `$scrypt$…`), LDAP's `{SSHA}…`,
/// SCRAM verifiers, PostgreSQL's `md5…`/`SCRAM-SHA-256$…` and MySQL's
/// native password hash (`*` and the 40 hex of a double SHA-1, as
/// `mysql.user` rows and `IDENTIFIED BY PASSWORD` carry it), and Django's
/// unusable password (`!` and 40 random letters and digits, what
/// `set_unusable_password` stores: no password matches it). A hash is
/// what *should* be stored; cracking it is another matter than reading it.
static PASSWORD_HASH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:pbkdf2_sha256|pbkdf2_sha1|argon2|bcrypt_sha256|bcrypt|sha1|md5|unsalted_md5|unsalted_sha1|crypt|scrypt)\$|\$(?:1|2[abxy]?|5|6|y|gy|7|argon2(?:id|i|d)|scrypt|pbkdf2(?:-sha\d+)?|sha1)\$|\{(?:ssha|sha|smd5|md5|crypt|ssha256|ssha512|pbkdf2[-_a-z0-9]*)\}|scram-sha-(?:1|256)\$|md5[0-9a-f]{32}$|\*[0-9a-f]{40}$|![a-z0-9]{40}$)",
    )
    .expect("valid regex")
});

/// Whether `value` is a stored password hash or verifier (or the prefix of
/// one, as in `password__startswith="sha1$"`).
pub(super) fn is_password_hash(value: &str) -> bool {
    // Every alternative holds a `$` or opens with `{`, `*`, `!` or `md5`
    // (no character folds to `m`, `d` or `5`): other values need the regex
    // neither run nor compiled.
    let may_be = value.contains('$')
        || value.starts_with(['{', '*', '!'])
        || value
            .get(..3)
            .is_some_and(|p| p.eq_ignore_ascii_case("md5"));
    may_be && PASSWORD_HASH.is_match(value)
}

/// Values a tool encrypted so that they can be committed: SOPS's
/// `ENC[AES256_GCM,data:…]`, Jasypt's `ENC(…)`, Spring Cloud Config's
/// `{cipher}…`, Ansible Vault's `$ANSIBLE_VAULT;…`, Vault transit's
/// `vault:v1:…`, netmiko's `__encrypt__…`, and AWS KMS ciphertext blobs
/// (base64 of a version byte and key ARN: `AQICAH…`, `AQIBAH…`), and
/// Bitwarden's encrypted strings (`2.<iv>|<data>|<mac>`: a type digit, the
/// 16-byte IV in base64, the ciphertext and, for the authenticated types,
/// a 32-byte MAC), which every Bitwarden client and vault export writes in
/// place of the secrets it holds. The policy keeps keys out of the
/// repository, not ciphertext: the key that opens it lives in a KMS or the
/// environment, and that is what to guard.
static CIPHERTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:ENC\[[A-Z0-9_]+,data:|ENC\(.+\)$|\{cipher\}|\$ANSIBLE_VAULT;|vault:v\d+:|__encrypt__|AQI[BC]AH[A-Za-z0-9+/]{40,}|[0-2]\.[A-Za-z0-9+/]{22}==\|[A-Za-z0-9+/]{4,}={0,2}(?:\|[A-Za-z0-9+/]{43}=)?$)",
    )
    .expect("valid regex")
});

/// Whether `value` is ciphertext under a tool's marker (see [`CIPHERTEXT`]).
pub(super) fn is_ciphertext(value: &str) -> bool {
    // The markers the pattern's alternatives open with, checked first so
    // that other values need it neither run nor compiled.
    const OPENINGS: [&str; 6] = [
        "ENC",
        "{cipher}",
        "$ANSIBLE_VAULT;",
        "vault:v",
        "__encrypt__",
        "AQI",
    ];
    // A Bitwarden string opens with its type digit and a dot.
    let typed = value
        .as_bytes()
        .get(..2)
        .is_some_and(|p| p[1] == b'.' && p[0].is_ascii_digit());
    (typed || OPENINGS.iter().any(|o| value.starts_with(o))) && CIPHERTEXT.is_match(value)
}

/// Algorithm and scheme names that sit in credential-named settings:
/// `jwt_secret_algorithm = "HS256"` is caught by the name, but
/// `auth = "HMAC-SHA256"` only by the value.
static ALGORITHM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:hmac[-_]?)?(?:sha-?(?:1|224|256|384|512)(?:[-_/](?:224|256))?|md5|blake2[bs]?(?:-?\d+)?|[hrpe]s(?:256|384|512)|ed25519|rsa-?sha\d+|aes-?\d+(?:-?(?:gcm|cbc|ctr))?|chacha20(?:-?poly1305)?|pbkdf2(?:[-_]sha\d+)?|argon2(?:id|i|d)?|bcrypt|scrypt)$",
    )
    .expect("valid regex")
});

pub(super) fn is_algorithm_name(value: &str) -> bool {
    // Every name opens with one of these letters, in either case; outside
    // ASCII, the long s (`ſ`) is an `s` to the case-insensitive pattern.
    let may_be = value
        .chars()
        .next()
        .is_some_and(|c| !c.is_ascii() || "abcehmprsABCEHMPRS".contains(c));
    // And every character of one is an ASCII letter, digit or one of
    // `-_/`, or outside ASCII (a folded letter, a digit of another
    // script): a value holding any other is none, and the regex (2 M
    // instructions to compile) is left unbuilt.
    let spelled =
        || (value.chars()).all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || "-_/".contains(c));
    may_be && spelled() && ALGORITHM.is_match(value)
}

/// Prefixes of keys their providers make public by design, meant to be
/// shipped in every web page and app that uses them: Stripe's publishable
/// keys (`pk_live_`, `pk_test_`; Clerk's use the same), PostHog's project
/// key (`phc_`), Mapbox's public tokens (`pk.`) and Supabase's publishable
/// key (`sb_publishable_`) and Midtrans's client keys (`Mid-client-`,
/// `SB-Mid-client-` in the sandbox), which its browser checkout embeds. Each
/// pairs with a secret of another prefix (`sk_live_`, `phx_`, `sk.`,
/// `sb_secret_`, `Mid-server-`) that a provider rule reports, and that rule's
/// description names the public partner (a test holds the two together).
pub(super) const PUBLISHABLE_PREFIXES: &[&str] = &[
    "pk_live_",
    "pk_test_",
    "phc_",
    "pk.",
    "sb_publishable_",
    "Mid-client-",
    "SB-Mid-client-",
];

/// Whether `value` is a key its provider makes public by design
/// ([`PUBLISHABLE_PREFIXES`]), whatever name it is bound to.
pub(super) fn is_publishable_key(value: &str) -> bool {
    PUBLISHABLE_PREFIXES.iter().any(|prefix| {
        value.strip_prefix(prefix).is_some_and(|body| {
            body.len() >= 16
                && body
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        })
    })
}

/// A payment gateway's card token that keeps the card's first six digits
/// (the issuer's BIN) and its last four around a random middle, as
/// Midtrans's saved card tokens do (`436502…7199`, 32 characters). It names a
/// card to charge with the merchant's server key, which a provider rule
/// reports; alone it authenticates nothing, like Stripe's client-side token
/// ids. A random key of letters and digits opens with six digits and ends
/// with four about once in 10^8; a hex key (one case of letters) never
/// passes, as the middle must mix upper and lower case.
pub(super) fn is_card_token(value: &str) -> bool {
    let bytes = value.as_bytes();
    if !(26..=48).contains(&bytes.len()) {
        return false;
    }
    let (bin, rest) = bytes.split_at(6);
    let (middle, last_four) = rest.split_at(rest.len() - 4);
    bin.iter().chain(last_four).all(u8::is_ascii_digit)
        && middle.iter().all(u8::is_ascii_alphanumeric)
        && middle.iter().any(u8::is_ascii_uppercase)
        && middle.iter().any(u8::is_ascii_lowercase)
}

/// File names as values: `.secrets.baseline`, `token.cache`, `id_rsa.pub`:
/// dotted words with no randomness in any part.
static FILE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\.?[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)*\.[a-z]{1,10}[0-9]?$")
        .expect("valid regex")
});

pub(super) fn looks_like_file_name(value: &str) -> bool {
    value.len() <= 64 && value.contains('.') && FILE_NAME.is_match(value)
}

/// A namespace a library puts in front of the keys it derives or stores:
/// `pyramid.session.` as a signing salt, `myapp:cache:` as a key prefix. A
/// dotted or colon path of identifiers that ends in its own separator is a
/// reference with its last part left open, not a secret.
pub(super) fn is_namespace_prefix(value: &str) -> bool {
    value
        .strip_suffix(['.', ':'])
        .is_some_and(|stem| stem.contains(['.', ':']) && is_reference_like(stem))
}

/// `storageKeys` in an EIP-2930 access list, the `storage_key` argument of
/// `eth_getStorageAt`: the slots of a contract's storage a transaction
/// reads, written as a `0x`-prefixed 32-byte word. A storage key so written
/// is a location in public chain state, not a credential; Azure's storage
/// account keys (`AZURE_STORAGE_KEY`) are base64 and stay judged as keys.
pub(super) fn is_storage_slot(name: &str, value: &str) -> bool {
    let words = words(name);
    let named = words
        .iter()
        .rposition(|w| matches!(w.as_str(), "key" | "keys"))
        .is_some_and(|at| at > 0 && words[at - 1] == "storage");
    named
        && value
            .strip_prefix("0x")
            .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A UUID of a time-based version (RFC 9562: 1, 6 and 7, whose first bits
/// are a timestamp, `01890a7e-e2f7-7c3d-…`): a sortable identifier a
/// database or an API hands out for a record, never a bearer secret (RFC
/// 9562 warns against UUIDs as security capabilities, and a token made of
/// one is a version 4, all random bits but the version and variant). Only
/// the written-out form with its dashes is known for one: 32 bare hex digits
/// are read as the random key they usually are. The name-based versions (3
/// and 5, digests of a name) are not let through: a hand-typed stand-in for
/// a random token has their digits as often (one in 32), and is judged as
/// the token it looks like.
pub(super) fn is_time_based_uuid(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
        && matches!(b[14], b'1' | b'6' | b'7')
        && matches!(b[19].to_ascii_lowercase(), b'8' | b'9' | b'a' | b'b')
}

/// A decimal number (`0.003827599999794984`, `-1.5e-3`), a time in ISO
/// 8601's basic format (`20200814T135531991936`, `20211001T113624Z`) or a
/// release's version (`3006.0+0na.5b18e86`, `v1.2.3-rc.1+build.5`): a
/// measurement, a clock reading or a release, which test-duration tables,
/// playbook results and package pins put under names that hold a
/// credential word (`test_password`, `iso8601_basic`, a package named
/// `salt`). No secret is a number with a fraction, a valid calendar time
/// or dotted release numbers with a lowercase label.
pub(super) fn is_number_time_or_version(value: &str) -> bool {
    is_decimal(value) || is_basic_time(value) || is_release(value)
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `12.5`, `-0.0038`, `6.02e23`: digits, a point, digits, an exponent.
fn is_decimal(value: &str) -> bool {
    let value = value.strip_prefix('-').unwrap_or(value);
    let (mantissa, exponent) = match value.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (value, None),
    };
    mantissa
        .split_once('.')
        .is_some_and(|(whole, fraction)| all_digits(whole) && all_digits(fraction))
        && exponent.is_none_or(|e| all_digits(e.strip_prefix(['-', '+']).unwrap_or(e)))
}

/// `YYYYMMDDTHHMMSS`, a fraction of a second (with or without its point)
/// and a zone (`Z`, `+0200`), each field in its calendar's range.
fn is_basic_time(value: &str) -> bool {
    let b = value.as_bytes();
    let field = |at: usize| (b[at] - b'0') * 10 + (b[at + 1] - b'0');
    if b.len() < 15 || b[8] != b'T' || !all_digits(&value[..8]) || !all_digits(&value[9..15]) {
        return false;
    }
    let calendar = (1..=12).contains(&field(4))
        && (1..=31).contains(&field(6))
        && field(9) <= 23
        && field(11) <= 59
        && field(13) <= 60;
    let rest = &value[15..];
    let rest = rest
        .strip_suffix('Z')
        .or_else(|| {
            let at = rest.len().checked_sub(5)?;
            (rest.is_char_boundary(at)
                && rest[at..].starts_with(['+', '-'])
                && all_digits(&rest[at + 1..]))
            .then(|| &rest[..at])
        })
        .unwrap_or(rest);
    let fraction = rest.strip_prefix(['.', ',']).unwrap_or(rest);
    calendar && (rest.is_empty() || (all_digits(fraction) && fraction.len() <= 9))
}

/// Dotted release numbers (two at least), perhaps a `v` before them, a
/// pre-release label and a local or build label after `+`; each label is
/// lowercase letters and digits in short dotted or dashed pieces
/// (`1.2.3-rc.1`, `2.0.0a1`, `3006.0+0na.5b18e86`).
fn is_release(value: &str) -> bool {
    let value = value.strip_prefix(['v', 'V']).unwrap_or(value);
    let (core, local) = match value.split_once('+') {
        Some((core, local)) => (core, Some(local)),
        None => (value, None),
    };
    let end = core
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(core.len());
    let (numbers, label) = core.split_at(end);
    let label_fits = |label: &str| {
        label.split(['.', '-']).all(|piece| {
            (1..=16).contains(&piece.len())
                && piece
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
    };
    numbers.split('.').count() >= 2
        && numbers.split('.').all(all_digits)
        && (label.is_empty() || label_fits(label.strip_prefix(['-', '.']).unwrap_or(label)))
        && local.is_none_or(label_fits)
}

/// `0x` and 40 hex digits, in any case (`0xaf88…5831`, EIP-55's checksum
/// capitals): an Ethereum or other EVM account or contract address, the
/// public identifier every transaction to it carries. In web3 code a
/// `token` is an ERC-20 contract (`burnToken`, `token_address`), and the
/// value says so. A 40-hex secret without the `0x` (a classic GitHub
/// token, a SHA-1-sized key) and a 64-hex private key with it are judged as
/// before.
pub(super) fn is_evm_address(value: &str) -> bool {
    value
        .strip_prefix("0x")
        .is_some_and(|hex| hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A public key in X.509's SubjectPublicKeyInfo, base64 without PEM armour
/// (`MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA…` for RSA 2048,
/// `MFkwEwYHKoZIzj0CAQYI…` for P-256): a DER `SEQUENCE` holding an
/// algorithm identifier and then a `BIT STRING`, the key itself. It is the
/// half a service publishes for clients to encrypt to or verify with, and
/// no secret whatever it is named (`_TOKEN`, `public_key`). A private key
/// (PKCS#8's `OCTET STRING`, PKCS#1's integers) has another structure and
/// is judged as before.
pub(super) fn is_public_key_der(value: &str) -> bool {
    use base64::Engine as _;
    if value.len() < 60 || !value.starts_with("MI") && !value.starts_with("MF") {
        return false;
    }
    // Padding trimmed, one decoder reads both padded and unpadded values.
    let Ok(der) =
        base64::engine::general_purpose::STANDARD_NO_PAD.decode(value.trim_end_matches('='))
    else {
        return false;
    };
    // One DER element's tag and the range of its contents.
    let element = |at: usize| -> Option<(u8, usize, usize)> {
        let tag = *der.get(at)?;
        let first = *der.get(at + 1)? as usize;
        let (len, head) = if first < 0x80 {
            (first, 2)
        } else {
            let n = first & 0x7f;
            if n == 0 || n > 3 {
                return None;
            }
            let len = der
                .get(at + 2..at + 2 + n)?
                .iter()
                .fold(0usize, |acc, &b| acc << 8 | b as usize);
            (len, 2 + n)
        };
        let start = at + head;
        (start + len <= der.len()).then_some((tag, start, start + len))
    };
    let Some((0x30, body, _)) = element(0) else {
        return false;
    };
    let Some((0x30, algorithm, algorithm_end)) = element(body) else {
        return false;
    };
    matches!(element(algorithm), Some((0x06, _, _)))
        && matches!(element(algorithm_end), Some((0x03, _, _)))
}

/// A character table: 48 or more characters, none of them twice
/// (`xHb0ZvME5q8CBcoQi6AngerDu3FGO9fkUlwPmLVY_RTzj2hJIS4NasXWKy1td7p`, a
/// shuffled base64url alphabet a player's code indexes into to unscramble
/// a URL). Generated secrets draw with replacement: 48 random base62
/// characters all differ about once in 10^10 draws, so a value with no
/// repeat is a permutation someone made of an alphabet, a lookup table
/// rather than a key. (Shorter values without a repeat are what people
/// type when they make up a random-looking test token, and those are
/// judged as tokens.)
pub(super) fn is_character_table(value: &str) -> bool {
    let mut seen = std::collections::HashSet::new();
    value.chars().count() >= 48 && value.chars().all(|c| seen.insert(c))
}

/// A sweep through the character set: 16 or more characters, nine steps
/// in ten to a later code point, once percent escapes are decoded
/// (`%00%01%09%0A%0D%1F%20!%22%23$%&'()*+,-.%2F09%3A…AZ…az…`, the WHATWG
/// URL tests' password that every class of character must survive; `!"#$%&'
/// ()*+,-./0123456789:;<=>?@ABC…`). An escaping or parsing test walks the
/// table in order. Random characters rise from one to the next about half
/// the time, and 14 rises in 15 steps are one arrangement of 16 distinct
/// characters in 300 million (Eulerian numbers), rarer the longer it is.
pub(super) fn is_character_sweep(value: &str) -> bool {
    const SHORTEST: usize = 16;
    if value.len() < SHORTEST {
        return false;
    }
    let decoded = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
    let (steps, rises) = (decoded.chars().zip(decoded.chars().skip(1)))
        .fold((0, 0), |(steps, rises), (a, b)| {
            (steps + 1, rises + usize::from(b > a))
        });
    steps + 1 >= SHORTEST && rises * 10 >= steps * 9
}

/// A shell command substitution inside a value (`` 0x`openssl rand -hex 32` ``,
/// `$(openssl rand -base64 32)`): the documentation shows how to make the
/// secret, and the value ends at the first space, on the command's name.
/// A backtick or `$(` that opens a run of lowercase letters to the value's
/// end is that command; one inside a random password is followed by more.
pub(super) fn opens_command_substitution(value: &str) -> bool {
    ["`", "$("].iter().any(|open| {
        value.match_indices(open).any(|(i, _)| {
            let rest = &value[i + open.len()..];
            rest.len() >= 2 && rest.bytes().all(|b| b.is_ascii_lowercase())
        })
    })
}

/// Placeholder markers that a provider token's body may hold after a real
/// prefix: `ghp_<fill-me>`, `sk-your-key-here`, `xoxb-xxxx…`. Narrower than
/// [`is_placeholder`], whose short fragments (`todo`, `mock`) occur by chance
/// in long random bodies such as a PEM block.
const BODY_PLACEHOLDERS: &[&str] = &[
    "xxxx",
    "your_",
    "your-",
    "yourtoken",
    "yourkey",
    "_here",
    "-here",
    "fillme",
    "fill-me",
    "fill_me",
    "placeholder",
    "replace",
    "changeme",
    "change_me",
    "example",
    "dummy",
    "insert",
];

/// Whether a provider token's body is a placeholder.
pub(super) fn is_placeholder_body(body: &str) -> bool {
    let lower = body.to_ascii_lowercase();
    is_filler_or_bracketed(body)
        || body.len() <= 200 && BODY_PLACEHOLDERS.iter().any(|p| lower.contains(p))
}

/// What marks any value as a stand-in: at most two distinct characters
/// (`xxxx`, `****`, `0000`), or wrapped in `<…>`, `[…]` or `{…}`.
fn is_filler_or_bracketed(value: &str) -> bool {
    let mut chars: Vec<char> = value.chars().collect();
    chars.sort_unstable();
    chars.dedup();
    let wrapped = |open: char, close: char| value.starts_with(open) && value.ends_with(close);
    chars.len() <= 2 || wrapped('<', '>') || wrapped('[', ']') || wrapped('{', '}')
}

#[cfg(test)]
mod tests {
    use super::{is_type_expression, names_a_credential};

    /// A walk through the character table, escaped or not, is a test
    /// vector; random values of every alphabet, however long, are not.
    #[test]
    fn character_sweeps_are_test_vectors_and_random_values_are_not() {
        for sweep in [
            "%00%01%09%0A%0D%1F%20!%22%23$%&'()*+,-.%2F09%3A%3B%3C%3D%3E%3F%40AZ%5B%5C%5D%5E_%60az%7B%7C%7D~%7F",
            "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFG",
            "%21%23%24%26%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40%5B%5D",
        ] {
            assert!(super::is_character_sweep(sweep), "{sweep}");
        }
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |alphabet: &[u8]| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            alphabet[((state >> 33) % alphabet.len() as u64) as usize] as char
        };
        let printable: Vec<u8> = (0x21..0x7f).collect();
        let base64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for alphabet in [&printable[..], &base64[..], &b"0123456789abcdef"[..]] {
            for len in [16, 24, 40, 64] {
                for _ in 0..2000 {
                    let value: String = (0..len).map(|_| next(alphabet)).collect();
                    assert!(!super::is_character_sweep(&value), "{value}");
                }
            }
        }
        // Too short to tell a sweep from chance.
        assert!(!super::is_character_sweep("abcdefghijklmno"));
    }

    /// The character tests before [`super::REFERENCE_LIKE`] and
    /// [`super::ALGORITHM`] let every value either matches through.
    #[test]
    fn the_character_gates_pass_every_value_the_regexes_match() {
        let values = [
            "DB_PASSWORD",
            "api_key",
            "IntPtr.Zero",
            "keystoneauth1.loading.identity.v2:Password",
            ".api_keys",
            "smithy.api#httpBearerAuth",
            "GetUserById",
            "x-api-key",
            "HS256",
            "HMAC-SHA256",
            "blake2b-512",
            "aes-256-gcm",
            "chacha20-poly1305",
            "argon2id",
            "pbkdf2_sha256",
            "sha-256/224",
            "\u{17F}ha256",
            "Pt%Ygjm",
            "ed25519",
            "",
        ];
        for value in values {
            let reference = super::REFERENCE_LIKE.is_match(value);
            assert_eq!(super::is_reference_like(value), reference, "{value}");
            let algorithm = super::ALGORITHM.is_match(value);
            assert_eq!(super::is_algorithm_name(value), algorithm, "{value}");
        }
        assert!(super::is_algorithm_name("HMAC-SHA256"));
        assert!(super::is_reference_like("DB_PASSWORD"));
    }

    #[test]
    fn leetspeak_markers_are_placeholders() {
        assert!(super::is_placeholder(
            "gAAAAABq7rZ2n0tR34LxMpQw9vJUSTF4KEd0N0tUs3k8Tb="
        ));
        assert!(super::is_placeholder("sk_live_3x4mpl3Zq8Wv3LpT6nR2"));
        assert!(!super::is_placeholder("gAAAAABq7rZ2Lx4MpQw9vKs8Tb3Yd5Hf="));
        assert!(!super::is_placeholder("Zq8Wv3LpT6nR2xK9m4Bc7Hd1Jf5"));
    }

    #[test]
    fn member_names_after_a_service_abbreviation_name_a_credential() {
        for value in [
            "gcsCredentialFileName",
            "s3AccessKeyIDName",
            "s3SecretAccessKeyName",
            "eksKeypair",
        ] {
            assert!(names_a_credential(value), "{value}");
        }
        for value in ["s3Xk9pQ2zVb7", "gcsQz8Wv3Lp", "x9AccessKey4Name"] {
            assert!(!names_a_credential(value), "{value}");
        }
    }

    #[test]
    fn python_generics_are_type_expressions() {
        for value in [
            "list[V1LocalObjectReference]",
            "dict(str, str)",
            "Optional[Dict[str, int]]",
            "typing.Mapping[str, SecretRef]",
            "Option<String>",
        ] {
            assert!(is_type_expression(value), "{value}");
        }
        for value in [
            "Xk9[pQ2z]",
            "list[]",
            "list",
            "dict(str, str",
            "s3cr3t[a,b]",
            "9f[Str]",
            "list[str] and more",
        ] {
            assert!(!is_type_expression(value), "{value}");
        }
    }
}

/// The cheap tests in front of this module's regexes decide nothing
/// themselves: on every value they let through or stop, the answer is the
/// regex's alone.
#[cfg(test)]
mod gates {
    use super::*;

    /// Values made to meet each pattern and miss it narrowly, then many
    /// drawn from the characters the patterns and the gates read.
    fn values() -> Vec<String> {
        let mut values: Vec<String> = [
            "password",
            "Password1!",
            "administrator!!!!",
            "administrator!!!!!",
            "ſecret",
            "pbkdf2_sha256$x",
            "$2b$12$abc",
            "{SSHA}abc",
            "*0123456789abcdef0123456789abcdef01234567",
            "md50123456789abcdef0123456789abcdef",
            "MD50123456789abcdef0123456789abcdef",
            "!abcdefghijabcdefghijabcdefghijabcdefghij",
            "scram-sha-256$4096",
            "ENC[AES256_GCM,data:",
            "ENC(abc)",
            "{cipher}abc",
            "$ANSIBLE_VAULT;1.1",
            "vault:v1:abc",
            "__encrypt__x",
            "AQICAHabcdefghijabcdefghijabcdefghijabcdefghij",
            "2.vqtIWllmcT5IHNdhF71xgA==|5BJ7PTB6S7kpHRRBkre1nQhkRMYreBh+LrxEc7MRhtLxxGy6CqEuXP6fD3UUkhqX|bNdjfOX8VKYWr1Z8EvosMlZlu+edNlJQXsxkvy6Gkq8=",
            "HS256",
            "hmac-sha256",
            "ſha256",
            "Ed25519",
            "chacha20-poly1305",
            "bcrypt",
            "Option<String>",
            "Vec<u8>",
            "a.b.json",
            ".secrets.baseline",
            "id_rsa.pub",
            "{host}:{port}",
            "{user_id}",
            r"\(token)",
            r"a\x7fb",
            r"\u00adX",
            r"(?:x)",
            r"[^a]",
            r"\d+",
            "[a-z]{4}",
            "x[0-9]",
            "hunter2",
        ]
        .iter()
        .map(|v| v.to_string())
        .collect();
        let alphabet: Vec<char> = "aAbcdeEhHmMprsSvxz059$!*{}[]()<>.:\\_-ſ#".chars().collect();
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = next() % 24;
            let value = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            values.push(value);
        }
        values
    }

    #[test]
    fn gates_change_no_answer() {
        for value in values() {
            let v = value.as_str();
            assert_eq!(is_password_hash(v), PASSWORD_HASH.is_match(v), "{v}");
            assert_eq!(is_ciphertext(v), CIPHERTEXT.is_match(v), "{v}");
            assert_eq!(is_algorithm_name(v), ALGORITHM.is_match(v), "{v}");
            assert_eq!(looks_like_regex(v), REGEX_SYNTAX.is_match(v), "{v}");
            assert_eq!(is_trivial(v), TRIVIAL.is_match(v), "{v}");
            assert_eq!(
                looks_like_file_name(v),
                FILE_NAME.is_match(v) && v.len() <= 64,
                "{v}"
            );
            // The regexes whose gate sits inline: each gate must hold
            // wherever its regex matches.
            type Gate = fn(&str) -> bool;
            let gated: [(Gate, &Regex); 5] = [
                (|v| v.contains('.'), &FILE_EXTENSION),
                (|v| v.contains('{'), &FORMAT_FIELD),
                (|v| v.contains("\\("), &INTERPOLATION),
                (|v| v.ends_with('>'), &TYPE_EXPRESSION),
                (|v| v.contains('\\'), &ESCAPE),
            ];
            for (gate, regex) in gated {
                assert!(gate(v) || !regex.is_match(v), "{}: {v}", regex.as_str());
            }
        }
    }
}
