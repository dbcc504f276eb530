//! Syntax facts from tree-sitter: bindings of literals to names, and
//! environment accesses.
//!
//! Hand-written cursor walks find the candidate nodes (each walk's doc
//! comment says what it matches and why it is not a query); the
//! per-language modules resolve what the shapes cannot say (imports and `use` aliases,
//! literals wrapped in conversions). Rules consume the
//! resulting [`Facts`] and never touch a syntax tree themselves.

mod budget;
mod lexical;
pub mod modules;
pub use budget::{cancel_on, Cancellation};
pub mod positions;
pub mod python;
pub(crate) mod regions;
pub(crate) mod renames;
mod rust;
mod scopes;
pub(crate) use rust::OUTPUT_MACROS;
pub(crate) use rust::{is_test_attribute, is_test_module_name};
use scopes::indent_of;
pub(crate) use scopes::scope_of_lines;

use crate::document::{Document, Language};
use crate::value::NameKind;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::LazyLock;
use tree_sitter::{Node, Parser, Tree};

/// A string literal bound to a name: `password = "…"`, `token: "…"`.
#[derive(Debug, Clone)]
pub struct Binding {
    /// The target's name as written (`api_key`, `Authorization`, `bearer_auth`).
    pub name: String,
    /// The literal's content, escapes left as written.
    pub value: String,
    /// Byte range of the literal's content in the document.
    pub span: Range<usize>,
    /// What the syntax says the value is when the name alone does not: the
    /// second element of an `auth = (user, "…")` pair is a password, an
    /// argument in a credential position (see [`positions`]) is what the
    /// API says. `None`: the name decides.
    pub kind: Option<NameKind>,
    /// Whether the syntax says the value is public by protocol, whatever
    /// its name: an argument of [`positions::PYTHON_PUBLIC`] (an ACME
    /// challenge's `token`). No credential rule judges it.
    pub public: bool,
}

/// A literal's content and its byte range, when an expression is one.
type Literal = Option<(String, Range<usize>)>;

/// A name for one element of a credential-named container: `API_KEYS`
/// holds API keys, so each element is judged as an `API_KEY` (the plural is
/// often not a credential name itself: `tokens`).
fn singular(name: &str) -> &str {
    match name.strip_suffix(['s', 'S']) {
        Some(one) if crate::value::credential_kind(one).is_some() => one,
        _ => name,
    }
}

/// The bindings of a tuple's or list's literal elements (`None` for the
/// elements that are not literals) bound to `name`. A two-element tuple is a
/// pair, an identity and its secret (`auth = ("user", "…")`,
/// `session.auth = (user, "…")`), unless the name is a plural of keys or
/// tokens: only its second element is judged, as a password. Any other
/// container holds credentials of the singular name (`CREDENTIALS = ["…"]`).
fn container_bindings(name: &str, tuple: bool, elements: Vec<Literal>) -> Vec<Binding> {
    // Only a credential's container holds credentials: a dictionary of
    // `(module, class)` pairs or a list of labels is not one, and its
    // elements must not be judged as passwords just for being a pair.
    if crate::value::credential_kind(name).is_none() {
        return Vec::new();
    }
    let one = singular(name);
    let plural_of_secrets = one != name
        && !crate::value::words(name)
            .last()
            .is_some_and(|w| matches!(w.as_str(), "credentials" | "creds"));
    if tuple && elements.len() == 2 && !plural_of_secrets {
        return elements
            .into_iter()
            .nth(1)
            .flatten()
            .map(|(value, span)| Binding {
                name: name.to_owned(),
                value,
                span,
                kind: Some(NameKind::Password),
                public: false,
            })
            .into_iter()
            .collect();
    }
    elements
        .into_iter()
        .flatten()
        .map(|(value, span)| Binding {
            name: one.to_owned(),
            value,
            span,
            kind: None,
            public: false,
        })
        .collect()
}

/// The binding of an argument in a credential position of `callee` (as
/// the file's imports resolve it: `resolved`, see [`positions::lookup`]),
/// given the call's positional arguments and its keyword arguments (literal
/// or `None` each).
fn position_bindings(
    language: Language,
    callee: &str,
    resolved: Option<&str>,
    positional: &[Literal],
    keywords: &[(&str, Literal)],
) -> Vec<Binding> {
    positions::lookup(language, callee, resolved)
        .filter_map(|position| {
            let by_keyword = position.keyword.and_then(|keyword| {
                keywords
                    .iter()
                    .find(|(name, _)| *name == keyword)
                    .and_then(|(_, value)| value.clone())
            });
            let (value, span) =
                by_keyword.or_else(|| positional.get(position.argument)?.clone())?;
            Some(Binding {
                name: positions::binding_name(position),
                value,
                span,
                kind: Some(position.kind),
                public: false,
            })
        })
        .collect()
}

/// A read or write of the process environment.
#[derive(Debug, Clone)]
pub struct EnvAccess {
    /// Byte range of the whole access expression.
    pub span: Range<usize>,
    /// What is called or touched, as the code names it (`os.environ.get`, `env::var`).
    pub api: String,
    /// The variable's name when it is a literal.
    pub variable: Option<String>,
    /// Whether the code takes a value out of the environment or changes it.
    pub kind: EnvKind,
    /// Inside code compiled only for tests (Rust `#[cfg(test)]` modules,
    /// `#[test]` functions), which the test-path exemption also covers.
    pub in_test: bool,
    /// Inside the code of a settings type: a Rust `impl` of one (see
    /// [`is_settings_type`]), a Python class named `…Settings` or the like
    /// (see [`is_settings_class_name`]). That is the settings module under
    /// another name, so the access is where the policy wants it. Python's
    /// `…Config` classes are left out: there the name is as often a CLI's
    /// parsed options (`CliConfig`) or Django's app-registry entry
    /// (`AppConfig`) as the settings. Also at the top level of a constants
    /// module (see [`is_constants_module`]).
    pub in_settings: bool,
}

/// Whether a Rust type's name says it holds the application's or a
/// library's settings: `Settings`, `AppConfig`, `ClientConfiguration`,
/// `VaultClientSettingsBuilder` (a path or generic arguments aside). A type
/// like that gathers configuration, reading the environment for its
/// defaults included, which is what the policy's settings module does.
pub fn is_settings_type(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "Config",
        "Configuration",
        "SettingsBuilder",
        "ConfigBuilder",
        "ConfigurationBuilder",
    ];
    let name = name.split('<').next().unwrap_or(name).trim();
    let name = name.rsplit("::").next().unwrap_or(name);
    SUFFIXES.iter().any(|suffix| name.ends_with(suffix)) || is_settings_class_name(name)
}

/// Whether a type's name says it is settings code in either language:
/// `Settings`, or a type that holds the environment variables a program is
/// started with (`RuntimeEnvVars`, `…EnvironmentVariables`): each gathers
/// the environment in one place, as the settings module does. Python's bare
/// `…Config` is not one (see [`EnvAccess::in_settings`]), nor are
/// providers, which are settings only in a family of them (see
/// [`is_python_settings_class`]).
pub fn is_settings_class_name(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "Settings",
        "EnvVars",
        "EnvVariables",
        "EnvironmentVariables",
    ];
    SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
}

/// Names of providers of configuration: a CLI's
/// `EnvironmentVariableConfigProvider` loads its configuration from the
/// environment by design, and so does a configuration system's
/// `EnvironProvider` (dlt's, beside its TOML and vault providers), named for
/// `os.environ` rather than "env".
const SETTINGS_PROVIDER_SUFFIXES: &[&str] = &[
    "ConfigProvider",
    "SettingsProvider",
    "EnvProvider",
    "EnvironProvider",
    "EnvironmentProvider",
];

/// Whether a Python class header (`class Name(Base, …):`) opens settings
/// code: a class named for settings (see [`is_settings_class_name`]), or a
/// provider of configuration (`…ConfigProvider`, `…SettingsProvider`,
/// `…EnvProvider`, `…EnvironProvider`) that extends no class or a provider of configuration
/// (`EnvironmentVariableConfigProvider(DatabricksConfigProvider)`). A
/// provider that extends another kind of provider belongs to that kind:
/// `AWSConfigProvider(Provider)` in a chain of credential providers is named
/// for the file it reads the credentials from, and is an SDK's credential
/// discovery, not its settings.
fn is_python_settings_class(header: &str) -> bool {
    let Some(rest) = header.strip_prefix("class ") else {
        return false;
    };
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let (name, rest) = rest.split_at(end);
    if is_settings_class_name(name) {
        return true;
    }
    let provider = |name: &str| {
        SETTINGS_PROVIDER_SUFFIXES
            .iter()
            .any(|suffix| name.ends_with(suffix))
    };
    if !provider(name) {
        return false;
    }
    let bases = rest
        .strip_prefix('(')
        .and_then(|r| r.split_once(')'))
        .map_or("", |(bases, _)| bases);
    let mut bases = bases
        .split(',')
        .map(|b| b.trim().rsplit('.').next().unwrap_or(""))
        .filter(|b| !b.is_empty() && !b.contains('='));
    let first = bases.next();
    first.is_none() || first.into_iter().chain(bases).any(provider)
}

/// What an environment access does. The policy governs reads (a secret
/// entering the code); writes and removals prepare the environment for a
/// child process or a library, so the rules tell them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvKind {
    /// A value flows into the code: `os.environ["X"]`, `getenv`, iterating
    /// or copying the mapping, `x = os.environ.pop("X")`.
    Read,
    /// `os.environ["X"] = …`, `update`, `putenv`, `set_var`, and a
    /// `setdefault` whose result is unused.
    Write,
    /// `del os.environ["X"]`, an unused `pop`, `clear`, `unsetenv`, `remove_var`.
    Remove,
}

impl EnvKind {
    /// The verb messages use: "reads `X`", "writes `X`", "removes `X`".
    pub fn verb(self) -> &'static str {
        match self {
            EnvKind::Read => "reads",
            EnvKind::Write => "writes",
            EnvKind::Remove => "removes",
        }
    }
}

/// A secret value reaching output: `logger.info(api_key)`, `println!("{token}")`.
#[derive(Debug, Clone)]
pub struct LoggedSecret {
    /// Byte range of the secret's expression (or of its name in a format string).
    pub span: Range<usize>,
    /// How the code names the value (`api_key`, `settings.TOKEN`).
    pub name: String,
    /// The output call (`logger.info`, `println!`).
    pub sink: String,
    /// Inside Rust code compiled only for tests (see [`EnvAccess::in_test`]).
    pub in_test: bool,
}

/// Which generated representation would show a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReprStyle {
    RustDebug,
    Dataclass,
    Pydantic,
}

/// Whether a credential-named field of type `owner` (declared in module
/// `module`, the file's own name; empty when not known) holds something
/// other than a secret, judged by the type around it:
/// - `token` next to a log-probability (`logprob`, `top_logprobs`,
///   `log_prob`): in language-model APIs a token is a piece of text, and its
///   record carries the probability the model gave it; so is a `token`
///   next to a `separator` or `delimiter`, a word of a parsed text (a
///   commit footer's `Signed-off-by`);
/// - any field of a `…Permissions` / `…Permission` type: the fields name the
///   resources a permission covers (`secrets`, `gpg_keys`) and hold its level
///   (`read`, `write`), not the resource;
/// - an access key's id (`access_key`), a shown part of a secret
///   (`truncated_secret`, `api_key_last4`) or a message about one
///   (`MISSING_API_KEY`; see [`crate::value::names_shown_in_clear`]);
/// - any field of a JOSE header (a `…Header` type with an `alg` /
///   `algorithm` field): a JWT's header travels base64url-encoded, unsigned
///   and unencrypted, in every token, so its `salt` (PBES2's `p2s`) or key
///   id is public by design;
/// - `credential` in a signed request's parameters (a type with a
///   `signed_headers` field): AWS Signature Version 4's `Credential` is the
///   key id and the credential scope, sent in clear beside the signature;
/// - a bare `token` of a protocol message (see [`protocol_token`]) or of a
///   payment instrument (see [`payment_instrument_token`]);
/// - a field beside one of the same name with `_data`, `_value` or
///   `_plaintext` after it (`client_key` next to `client_key_data`,
///   kubeconfig's convention; `api_key` next to `api_key_plaintext`, where
///   the bare field is a secret manager's reference): the twin holds the
///   secret, the bare one where to find it;
/// - a `<credential>_key` beside a `client_id_key` or `username_key` (see
///   [`names_a_member`]): the name of the member holding the secret;
/// - a `<credential>_key` beside a `<credential>_value` (see
///   [`names_an_entry`]): the name of a secret store's entry, whose value
///   the twin holds;
/// - a salt stored in clear beside what it salts, as
///   [`salt_stored_in_clear`] judges every salt by its site (beside a
///   key-derivation parameter or a nonce, in a type named for a password
///   hash, named for its KDF, a record's own: the `Argon2Config` or
///   `MD5Config` an identity provider imports hashed passwords with, a
///   camera's `KeyExchange { nonce, salt }`), as `secret/hardcoded-credential`
///   judges such a salt's value;
/// - a `pwd` (`real_pwd`) beside the shell's other environment variables
///   ([`SHELL_ENVIRONMENT`]): POSIX's `PWD`, the working directory a shell
///   history or prompt records, not a password.
pub fn field_is_not_secret(module: &str, owner: &str, field: &str, siblings: &Siblings) -> bool {
    let bare_token = matches!(field.to_ascii_lowercase().as_str(), "token" | "tokens");
    let text_token = bare_token && siblings.text_token;
    let permission_level = owner.ends_with("Permissions") || owner.ends_with("Permission");
    let sibling_is = |names: &[&str]| names.iter().any(|name| siblings.joined.contains(*name));
    let jose_header = crate::value::words(owner).iter().any(|w| w == "header")
        && sibling_is(&["alg", "algorithm"]);
    let signature_scope =
        crate::value::words(field) == ["credential"] && sibling_is(&["signed_headers"]);
    let kdf_salt = field_salt_in_clear(owner, field, siblings);
    let working_directory = crate::value::words(field)
        .last()
        .is_some_and(|w| w == "pwd")
        && sibling_is(SHELL_ENVIRONMENT);
    text_token
        || working_directory
        || bare_token && siblings.cursor_token
        || kdf_salt
        || operation_type_token(owner, field)
        || permission_level
        || crate::value::names_shown_in_clear(field) && !signing_salt(owner, field)
        || jose_header
        || signature_scope
        || protocol_token(field, &[module, owner])
        || payment_instrument_token(field, &[module, owner])
        || REFERENCE_TWIN_SUFFIXES
            .iter()
            .any(|suffix| siblings.names.contains(format!("{field}{suffix}").as_str()))
        || names_a_member(field, siblings)
        || names_an_entry(field, siblings)
}

/// Whether a salt field belongs to a type named for signing (`Signer`,
/// `SessionSigner`): the salt of an application's signing key is its
/// secret, unlike the public salts [`crate::value::names_shown_in_clear`]
/// lets through.
fn signing_salt(owner: &str, field: &str) -> bool {
    crate::value::names_a_salt(field)
        && crate::value::words(owner)
            .iter()
            .any(|w| crate::value::SIGNING_WORDS.contains(&w.as_str()))
}

/// The field names of one struct or class, indexed once for all the
/// fields [`field_is_not_secret`] judges in it: what it asks of the
/// siblings (a twin's name, a parameter's words, a text or cursor token
/// beside) is a lookup here, so a type with thousands of credential fields
/// costs time linear in its fields, not a pass over them per field (4,000
/// fields of one `#[derive(Debug)]` struct took 4 s).
pub struct Siblings<'s> {
    /// The names as written (a twin's `client_key_data`).
    names: std::collections::HashSet<&'s str>,
    /// Each name's words joined by `_` (`signedHeaders` is `signed_headers`).
    joined: std::collections::HashSet<String>,
    /// The words before a last `value` of the names ending in one (`secret`
    /// of `secretValue`; see [`names_an_entry`]).
    value_stems: std::collections::HashSet<Vec<String>>,
    /// Whether a name holds a word of [`TEXT_TOKEN_SIBLINGS`].
    text_token: bool,
    /// Whether a name is a cursor token's (see [`cursor_token`]).
    cursor_token: bool,
    /// Whether a name is an identity's member name (see [`names_a_member`]).
    identity_member: bool,
}

impl<'s> Siblings<'s> {
    pub fn new(names: &[&'s str]) -> Self {
        let mut siblings = Siblings {
            names: names.iter().copied().collect(),
            joined: Default::default(),
            value_stems: Default::default(),
            text_token: false,
            cursor_token: false,
            identity_member: false,
        };
        for name in names {
            let lower = name.to_ascii_lowercase();
            let squeezed = lower.replace('_', "");
            siblings.text_token |= TEXT_TOKEN_SIBLINGS.iter().any(|w| squeezed.contains(w));
            siblings.cursor_token |= cursor_token(name);
            siblings.identity_member |= IDENTITY_MEMBER_NAMES.contains(&lower.as_str());
            let mut words = crate::value::words(name);
            siblings.joined.insert(words.join("_"));
            if words.last().is_some_and(|last| last == "value") {
                words.pop();
                siblings.value_stems.insert(words);
            }
        }
        siblings
    }
}

/// The shell's environment variables a record of a shell session keeps
/// beside `PWD` (its working directory).
const SHELL_ENVIRONMENT: &[&str] = &["home", "shell", "term", "lang", "oldpwd", "cwd"];

/// Where a salt stands, as the reading that found it sees it: the fields
/// of its struct or class (`field_is_not_secret`), or the object written
/// around a value (`secret/hardcoded-credential`, in code, data and
/// documentation alike).
pub struct SaltSite<'a> {
    /// The type holding the salt (`Argon2Config`), `""` when none is known.
    pub owner: &'a str,
    /// Whether a member beside the salt is named for a parameter (its words
    /// joined by `_`: `dklen`, `iteration_count`, `nonce`); a text's reading
    /// also takes the parameter as a word of a longer member
    /// (`passwd_rounds`).
    pub beside: &'a dyn Fn(&str) -> bool,
    /// Whether the salt's object has a member of its own with exactly this
    /// name (`id`).
    pub member: &'a dyn Fn(&str) -> bool,
    /// Whether a nonce is named on the salt's line or a line next to it.
    pub nonce_nearby: bool,
}

/// The one judgement of a salt by what stands around it (its name alone is
/// `value::names_a_salt`'s): a salt stored in clear beside what it salts,
/// which is no secret, whatever its name's other words say:
///
/// - beside a key-derivation function's or password hash's parameters
///   ([`KDF_PARAMETERS`]), or in a type named for a password hash
///   ([`names_a_password_hash`]): a hash's stored parameters (an Ethereum
///   keystore's `kdfparams`, a SCRAM or PBKDF2 greeting, the `Argon2Config`
///   an identity provider imports hashed passwords with);
/// - named for the key-derivation function it feeds (`POW_SCRYPT_SALT`,
///   `PBKDF2_SALT`: `value::names_a_kdf_salt`), a parameter of the
///   derivation like the cost beside it;
/// - beside a nonce ([`KEY_EXCHANGE_NONCES`], or a nonce on its line or
///   the next): a key exchange's parameters, which the peer sends in clear;
/// - a bare `salt` of a record that names itself (an `id`, `key` or `uuid`
///   member: a feature flag's salt spreading its users over buckets, a user
///   row's salt beside its password hash), served with the record it salts.
///
/// Anything else is judged by its name: an application's signing salt
/// (`SECURITY_PASSWORD_SALT`, a session's `{"name": "sid", "salt": "…"}`)
/// can be a secret.
pub fn salt_stored_in_clear(name: &str, site: &SaltSite) -> bool {
    let words = crate::value::words(name);
    if words.last().is_none_or(|w| w != "salt") {
        return false;
    }
    let beside = |names: &[&str]| names.iter().any(|n| (site.beside)(n));
    site.nonce_nearby
        || beside(KEY_EXCHANGE_NONCES)
        || beside(KDF_PARAMETERS)
        || names_a_password_hash(site.owner)
        || crate::value::names_a_kdf_salt(name)
        || words.len() == 1 && RECORD_IDS.iter().any(|id| (site.member)(id))
}

/// A struct's or class's field read as a salt's site (see
/// [`salt_stored_in_clear`]): its siblings are the members beside it.
pub(crate) fn field_salt_in_clear(owner: &str, field: &str, siblings: &Siblings) -> bool {
    let member = |name: &str| siblings.joined.contains(name);
    salt_stored_in_clear(
        field,
        &SaltSite {
            owner,
            beside: &member,
            member: &member,
            nonce_nearby: false,
        },
    )
}

/// Members by which a record names itself (see [`salt_stored_in_clear`]).
const RECORD_IDS: &[&str] = &["id", "key", "uuid"];

/// Fields only a key-derivation function's or password hash's parameters
/// have beside their salt: an iteration count, a derived key's length, a
/// cost or memory factor.
const KDF_PARAMETERS: &[&str] = &[
    "iterations",
    "iteration_count",
    "iteration_amount",
    "dklen",
    "key_length",
    "rounds",
    "log_rounds",
    "n_parameter",
    "memory_cost",
    "time_cost",
];

/// Fields a key exchange sends in clear beside its salt: the nonces each
/// side contributes. The key is derived from a secret neither carries.
const KEY_EXCHANGE_NONCES: &[&str] = &["nonce", "server_nonce", "client_nonce"];

/// Whether a type is named for a password hash or key-derivation function
/// (`Argon2Config`, `PBKDF2Params`, `SHA512Config`, `ScryptConfig`): its
/// salts are the hash's parameters.
fn names_a_password_hash(owner: &str) -> bool {
    let owner = owner.to_ascii_lowercase();
    [
        "md5", "sha1", "sha256", "sha512", "pbkdf2", "scrypt", "argon2", "bcrypt",
    ]
    .iter()
    .any(|hash| owner.contains(hash))
}

/// Whether a `<credential>_key` field is the name of a secret store's
/// entry: beside a `<credential>_value` with the same words before it
/// (`secret_key` and `secret_value`, a secret manager's `secretKey` and
/// `secretValue`), the two are a key and value pair, and the key is the
/// name the secret is stored under (`DATABASE_URL`), not an access key.
fn names_an_entry(field: &str, siblings: &Siblings) -> bool {
    let words = crate::value::words(field);
    let Some((last, stem)) = words.split_last() else {
        return false;
    };
    last == "key"
        && !stem.is_empty()
        && crate::value::credential_kind(&stem.join("_")).is_some()
        && siblings.value_stems.contains(stem)
}

/// Whether a `<credential>_key` field names the member of a mapping that
/// holds the credential rather than holding it: beside a `client_id_key` or
/// `username_key`, the names under which a provider's response or a
/// connector's configuration keeps the identity (an OAuth spec's
/// `client_id_key`, `client_secret_key`, `scope_key`, `state_key`), a
/// `client_secret_key` is a key's name too.
fn names_a_member(field: &str, siblings: &Siblings) -> bool {
    let field = field.to_ascii_lowercase();
    field
        .strip_suffix("_key")
        .is_some_and(|stem| stem.contains('_') && crate::value::credential_kind(stem).is_some())
        && siblings.identity_member
}

/// The names under which a mapping keeps an identity (see [`names_a_member`]).
const IDENTITY_MEMBER_NAMES: &[&str] = &["client_id_key", "username_key", "user_name_key"];

/// Sibling words that make a bare `token` a piece of a language model's
/// text: its log-probability (`logprob`, `top_logprobs`), its likelihood or
/// probability, its logit; or a lexical token of a parsed text, beside the
/// separator or delimiter that ends it (a commit footer's `token`, the
/// `Signed-off-by` before its `separator` and `value`).
const TEXT_TOKEN_SIBLINGS: &[&str] = &[
    "logprob",
    "likelihood",
    "probability",
    "logit",
    "separator",
    "delimiter",
];

/// Qualifiers of a cursor token: where a listing or a stream goes on.
const CURSOR_QUALIFIERS: &[&str] = &[
    "next",
    "page",
    "pagination",
    "continuation",
    "resume",
    "resumption",
    "start",
    "starting",
    "cursor",
    "marker",
    "prev",
    "previous",
    "offset",
    "checkpoint",
    "sequence",
];

/// Whether a Rust log macro's message calls the bare `token` it prints a
/// cursor: a `token` qualified by where a listing goes on (`"Saving catchup
/// token"`; see [`CURSOR_QUALIFIERS`]), or a step of paginating
/// (`"paginating backwards with token from front gap"`). A `tracing`
/// event's message follows its fields, so it is read whole rather than
/// right before the value, as [`labels_a_cursor`] reads Python's.
pub(crate) fn message_calls_token_a_cursor(message: &str) -> bool {
    let words = crate::value::words(message);
    words.iter().any(|w| w.starts_with("paginat"))
        || words.windows(2).any(|w| {
            w[1] == "token" && (CURSOR_QUALIFIERS.contains(&w[0].as_str()) || w[0] == "catchup")
        })
}

/// Whether `name` is a cursor token's (`start_token`, `next_token`,
/// `continuationToken`): a bare `token` beside one is the cursor the
/// operation has reached (a stream hop's `token` beside the `start_token`
/// it was requested with).
fn cursor_token(name: &str) -> bool {
    let words = crate::value::words(name);
    matches!(words.as_slice(), [.., q, t] if t == "token" && CURSOR_QUALIFIERS.contains(&q.as_str()))
}

/// Whether the message text right before a printed value (`"Next page
/// token: "`, `"continuation token="`, `"cursor: "`) calls the value a
/// cursor: a `token` qualified by where a listing goes on (see
/// [`CURSOR_QUALIFIERS`]), or a `cursor`. The message says what the value
/// is as plainly as a name does (`datasets.token` printed as the next page
/// token is the listing's cursor, not a credential).
pub(crate) fn labels_a_cursor(label: &str) -> bool {
    let words = crate::value::words(label);
    match words.as_slice() {
        [.., last] if last == "cursor" => true,
        [.., q, t] => t == "token" && CURSOR_QUALIFIERS.contains(&q.as_str()),
        _ => false,
    }
}

/// Whether the label a printed value is shown under (`"run id: "`, the key
/// `"agent_run_id"` of a logged mapping) calls it an identifier: an id
/// names a run, a key or a record, and the message says what the value is
/// as plainly as a name does (an agent's run token, the collector's handle
/// for one run, logged as its `agent_run_id`). A session id is a bearer
/// credential and a `secret_id` (Vault's AppRole, Consul's ACL token) is the
/// secret itself: they keep being reported.
pub(crate) fn labels_an_id(label: &str) -> bool {
    let words = crate::value::words(label);
    matches!(words.last().map(String::as_str), Some("id" | "ids"))
        && !words
            .iter()
            .any(|w| matches!(w.as_str(), "session" | "secret"))
}

/// Whether the label a printed value is shown under calls it a name
/// (`"Unhandled style / class name: %s"`, `"key name: %s"`): the message
/// says the value names something, as a style token names a pygments class
/// or a secret's name names where it is kept, and a name is shown to be
/// read. A label naming it anything else (`"token: %s"`) says nothing.
pub(crate) fn labels_a_name(label: &str) -> bool {
    let words = crate::value::words(label);
    matches!(words.last().map(String::as_str), Some("name" | "names"))
}

/// Whether the text right before a printed value is a CI runner's command
/// that masks it (GitHub Actions' `::add-mask::`, Azure Pipelines'
/// `##vso[task.setsecret]`): the runner reads the line, hides the value in
/// every later line of the log, and does not show the command itself.
/// Printing a secret so is how a job keeps it out of its log.
pub(crate) fn labels_a_mask(label: &str) -> bool {
    let label = label.trim_end();
    label.ends_with("::add-mask::") || label.ends_with("##vso[task.setsecret]")
}

/// Words of a type's name that say it holds an operation's state: a
/// continuation, a page of a listing, a cursor.
const OPERATION_TYPE_WORDS: &[&str] = &[
    "continuation",
    "continuations",
    "pagination",
    "paginated",
    "paginator",
    "cursor",
    "resumption",
];

/// Whether a token field (`caller_token`, `token`) of a type named for an
/// operation's state (`ContinuationRequest`, `PaginationState`) is that
/// operation's cursor: neither the type's name nor the field's says it is
/// about authentication (`ContinuationAuth`, `access_token` keep theirs).
fn operation_type_token(owner: &str, field: &str) -> bool {
    operation_cursor(crate::value::words(owner), field)
}

/// Whether a token field (`backend_token`) of a class whose docstring says
/// it handles an operation's state ("Composite token for handling backend
/// pagination") is that operation's cursor, as [`operation_type_token`]
/// says of a type named so. The docstring may call the value a token; it
/// must say nothing else of authentication ("Session state for
/// authentication across paginated calls" keeps its token reported).
pub(crate) fn documented_cursor_token(doc: &str, field: &str) -> bool {
    let mut words = crate::value::words(doc);
    words.retain(|w| !matches!(w.as_str(), "token" | "tokens"));
    operation_cursor(words, field)
}

/// Whether `field` is a token and the words around it (a type's name, a
/// docstring) name an operation's state and nothing of authentication, nor
/// does the field's own name before `token`.
fn operation_cursor(context: Vec<String>, field: &str) -> bool {
    let field_words = crate::value::words(field);
    matches!(
        field_words.last().map(String::as_str),
        Some("token" | "tokens")
    ) && context
        .iter()
        .any(|w| OPERATION_TYPE_WORDS.contains(&w.as_str()))
        && !context
            .iter()
            .chain(&field_words[..field_words.len() - 1])
            .any(|w| AUTH_CONTEXT_WORDS.contains(&w.as_str()))
}

/// Suffixes of the field that holds the secret itself when a bare field of
/// the same name beside it holds a reference to it (see [`field_is_not_secret`]).
const REFERENCE_TWIN_SUFFIXES: &[&str] = &["_data", "_value", "_plaintext", "_plain_text"];

/// Whether a field's documentation (a Rust doc comment, a Python attribute
/// docstring; its text without comment markers or quotes) says the field
/// holds a reference to a secret rather than the secret: its first sentence
/// calls it a path (`Path to a client key file`, `The path of the token
/// file`), a name or identifier (`Name of the service credential to use`,
/// `The ID of the secret`), a link (`Links to secrets`, an API's link
/// object, `An optional URI leading to a PGP key`), or a reference (`The secret key reference for an API key`,
/// `Three-level name (a.b.c) of the secret holding the token`, `the custom
/// client_secret key name`);
/// or says it never holds the secret in clear (see [`NO_SECRET_DOC`]), or
/// that the token stands for data held elsewhere (see [`TOKENIZED_DATA_DOC`]).
/// Markdown link targets are left out (`An [account
/// token](https://…#create_account_token), used to …`).
pub fn documented_as_reference(doc: &str) -> bool {
    let doc = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    let doc = LINK_TARGET.replace_all(&doc, "]");
    let doc = STATUS_MARKERS.replace(&doc, "");
    let first = doc.split(". ").next().unwrap_or("").to_lowercase();
    let words: Vec<&str> = first
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    // `Optional reference to …`, `The required name of …`.
    let mut start = &words[..];
    while let [first, rest @ ..] = start {
        if !matches!(*first, "a" | "an" | "the" | "optional" | "required") {
            break;
        }
        start = rest;
    }
    let path = matches!(
        start,
        ["path" | "filename" | "filepath", ..] | ["file" | "filesystem", "path", ..]
    );
    let name_of = matches!(
        start,
        [
            "name" | "names" | "id" | "ids" | "identifier" | "arn",
            "of" | "for",
            ..
        ] | ["reference" | "pointer", "to", ..]
            | ["link" | "links", "to" | "for", ..]
            | [
                "uri" | "uris" | "url" | "urls",
                "leading" | "pointing" | "linking",
                "to",
                ..
            ]
    );
    // `Anonymous or pseudonymous user identifier.`, `A session ID.`: a
    // short first sentence naming the field for what it identifies. A
    // longer one may go on to say the identifier is the credential itself
    // (`The key used as the client's identifier`).
    // A longer one may open with that noun phrase and say what the
    // identifier is for (`Pseudonymous user identifier to restrict usage of
    // this API key to specific users`).
    let head_phrase = words
        .iter()
        .position(|w| PREPOSITIONS.contains(w) || matches!(*w, "that" | "which"))
        .map_or(&words[..], |at| &words[..at]);
    let an_identifier = (words.len() <= 6 && matches!(words.last(), Some(&("identifier" | "id")))
        || head_phrase.len() <= 4 && matches!(head_phrase.last(), Some(&("identifier" | "id"))))
        && !words.iter().any(|w| matches!(*w, "as" | "used" | "secret"));
    path || name_of
        || an_identifier
        || names_a_location(&first)
        || REFERENCE_DOC.is_match(&first)
        || NO_SECRET_DOC.is_match(&first)
        || TOKENIZED_DATA_DOC.is_match(&first)
}

/// Whether a field's first sentence (lower case) is a short noun phrase
/// naming a file, a path or a name, after a label ending in a colon if any:
/// `User Credentials File` (a CLI option holding the file's path), `"vault
/// kv get" integration: secret name.` (the name of the secret in the
/// store). Five words at most, none a preposition, a conjunction or a verb
/// that would make the phrase say more (`Contents of the key file`, `API key
/// or key file`, `Password used for the file`).
fn names_a_location(first: &str) -> bool {
    const HEADS: &[&str] = &["file", "path", "filename", "filepath", "name"];
    const LINKS: &[&str] = &[
        "and",
        "or",
        "as",
        "is",
        "are",
        "used",
        "contents",
        "content",
        "containing",
    ];
    let phrase = first.rsplit(": ").next().unwrap_or(first);
    let words: Vec<&str> = phrase
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    (1..=5).contains(&words.len())
        && words.last().is_some_and(|w| HEADS.contains(w))
        && !words
            .iter()
            .any(|w| PREPOSITIONS.contains(w) || LINKS.contains(w))
}

/// The prepositions that end the noun phrase opening a field's description
/// (`Name of …`, `Path to …`): what [`documented_as_reference`] and
/// [`names_a_location`] both stop at.
const PREPOSITIONS: &[&str] = &["of", "for", "to", "in", "on", "with", "from", "by"];

/// The status sentences API references put before a field's description
/// (`Optional.`, `Required.`, `Output only.`, `Input only.`, `Immutable.`),
/// which say nothing of what the field holds.
static STATUS_MARKERS: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:(?i:optional|required|output only|input only|immutable|deprecated)\. )+",
    )
    .expect("a valid pattern")
});

/// The target of a Markdown link, `](https://…)`, with its bracket.
static LINK_TARGET: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\]\([^()\s]*\)").expect("a valid pattern"));

/// A token documented as standing for data a processor holds, a payment
/// processor's tokenization: `A single-use token that represents a card CVC
/// value`, `An account token, used to securely provide details to the
/// account`. The token reaches the data only with the merchant's secret key;
/// it is no credential. An access token that "represents the user's
/// authorization" is not one: what it stands for must be payment data (a
/// card, a CVC, a bank account, a payment method, their details) within a
/// few words.
static TOKENIZED_DATA_DOC: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"\btokens?\b[^.;]*?\b(?:that (?:represents?|stands? for|replaces?)|representing|standing for|in place of|used to (?:securely )?(?:provide|pass|send|submit|transmit|collect))\s+(?:(?:an?|the|its|your|their|this)\s+)?(?:[\w'’-]+\s+){0,2}(?:details|card|cards|cvc|cvv|bank accounts?|account numbers?|payment methods?)\b",
    )
    .expect("a valid pattern")
});

/// A field documented as never holding a value (`Auth is always null`), or
/// as holding the secret encrypted (`A base64-encoded secret, encrypted with
/// the bot's public RSA key`): what it would print is not the credential.
static NO_SECRET_DOC: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"\b(?:is|are) always (?:null|none|nil|empty|unset)\b|^(?:an? |the )?(?:[\w'’-]+ ){0,3}(?:secret|password|token|key|credential)s?,? (?:encrypted|sealed|wrapped)\b",
    )
    .expect("a valid pattern")
});

/// `secret key reference`, `the name (a.b.c) of the
/// secret holding the token`, `the custom `client_secret` key name` (which
/// key of a mapping holds the secret).
static REFERENCE_DOC: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"\b(?:(?:secret|credential|key|token|password)s? references?\b|name\s*(?:\([^)]*\)\s*)?of (?:the|a) (?:secret|credential|key|token|password)s?\b|key names?\b)",
    )
    .expect("a valid pattern")
});

/// Words of a type, module or function name that say the code handles a
/// message of a wire protocol, where `token` is the protocol's own word for
/// a public value: a NATS reply subject's token, an ACME challenge's token
/// (served over plain HTTP by design), a JetStream ack subject's trailing
/// token, a resumable pipeline's partial token.
const PROTOCOL_WORDS: &[&str] = &[
    "challenge",
    "message",
    "messages",
    "msg",
    "reply",
    "ack",
    "pipeline",
    "subject",
];

/// Words that say a type or function is about authentication after all: a
/// `LoginReply`'s or `AuthMessage`'s token is a credential.
const AUTH_CONTEXT_WORDS: &[&str] = &[
    "auth",
    "authorization",
    "authentication",
    "authenticate",
    "login",
    "signin",
    "logon",
    "credential",
    "credentials",
    "creds",
    "session",
    "oauth",
    "oidc",
    "token",
    "tokens",
    "secret",
    "secrets",
    "key",
    "password",
    "config",
    "configuration",
    "settings",
    "options",
    "account",
    "user",
    "bearer",
    "refresh",
    "access",
    "api",
    "identity",
];

/// Whether a value named bare `token` (or `tokens`) is a protocol's public
/// token rather than a credential: one of the `context` names (its type and
/// module, or the function and matched message variant around it) says
/// the code handles a protocol message (`Challenge`, `jetstream::message`,
/// `ServerOp::Message`, `PartialPipelineSelection`), and none says it is
/// about authentication. A qualified name (`access_token`, `auth_token`)
/// is never one.
pub fn protocol_token(name: &str, context: &[&str]) -> bool {
    let Some(words) = bare_token_context(name, context) else {
        return false;
    };
    words.iter().any(|w| PROTOCOL_WORDS.contains(&w.as_str()))
        && !words
            .iter()
            .any(|w| AUTH_CONTEXT_WORDS.contains(&w.as_str()))
}

/// The words of the `context` names when `name` is a bare `token` (or
/// `tokens`), which only its context can tell apart from a credential.
fn bare_token_context(name: &str, context: &[&str]) -> Option<Vec<String>> {
    matches!(name.to_ascii_lowercase().as_str(), "token" | "tokens").then(|| {
        context
            .iter()
            .flat_map(|c| crate::value::words(c))
            .collect()
    })
}

/// Words of a type, module or function name that say the code handles a
/// payment instrument, where a bare `token` is the processor's token for a
/// card or bank account (Stripe's `card: {token: "tok_…"}`, a `CardParams`'s
/// token): made client-side with a publishable key, usable only with the
/// merchant's secret key.
const PAYMENT_INSTRUMENT_WORDS: &[&str] = &[
    "payment", "payments", "card", "cards", "charge", "charges", "checkout", "bank", "iban", "sepa",
];

/// Words that say a payment type or function holds a credential after all:
/// a `PaymentClient`'s, a `CheckoutConfig`'s or a `PaymentProvider`'s token
/// is the API token it authenticates with.
const PAYMENT_CREDENTIAL_CONTEXT_WORDS: &[&str] = &[
    "client",
    "provider",
    "gateway",
    "merchant",
    "connection",
    "connector",
    "service",
    "server",
    "webhook",
];

/// Whether a value named bare `token` (or `tokens`) is a payment
/// processor's token for a card or bank account rather than a credential:
/// one of the `context` names (its type and module, or the function around
/// it) says the code handles a payment instrument (`TokenParams` in
/// `payment_method`, `CardParams`, `create_charge`), and none says it is
/// about authentication, configuration or a client of the payment API. A
/// qualified name (`provider_token`, `persistent_token`) is never one.
pub fn payment_instrument_token(name: &str, context: &[&str]) -> bool {
    let Some(words) = bare_token_context(name, context) else {
        return false;
    };
    // `BankAccountParams`: a bank account is the instrument, not a login.
    let bank_account = |i: usize| words[i] == "account" && i > 0 && words[i - 1] == "bank";
    words
        .iter()
        .any(|w| PAYMENT_INSTRUMENT_WORDS.contains(&w.as_str()))
        && !words.iter().enumerate().any(|(i, w)| {
            let w = w.as_str();
            PAYMENT_CREDENTIAL_CONTEXT_WORDS.contains(&w)
                || AUTH_CONTEXT_WORDS.contains(&w)
                    && !matches!(w, "token" | "tokens")
                    && !bank_account(i)
        })
}

/// A credential field that `Debug` or a generated `__repr__` would print.
#[derive(Debug, Clone)]
pub struct ReprField {
    pub span: Range<usize>,
    /// The struct or class.
    pub owner: String,
    pub field: String,
    pub style: ReprStyle,
    /// Inside Rust code compiled only for tests (see [`EnvAccess::in_test`]).
    pub in_test: bool,
}

#[derive(Debug, Default)]
pub struct Facts {
    pub bindings: Vec<Binding>,
    pub env: Vec<EnvAccess>,
    pub logged: Vec<LoggedSecret>,
    pub reprs: Vec<ReprField>,
    /// What was not analysed because it ran out of budget (see [`budget`]):
    /// statements, or the whole document.
    pub unparsed: Vec<Range<usize>>,
    /// Statements read for bindings that parse with an error (a missing
    /// comma between arguments, an unclosed bracket): the tree wraps what it
    /// could not place in an `ERROR` node, where no binding's shape
    /// appears, yet the value is committed all the same. Their credential
    /// lines get the `key = value` scan other text gets (see
    /// [`crate::rules`]'s hardcoded-credential check); the rest of the
    /// statement was read, so this is no partial analysis. In the text's
    /// order.
    pub broken: Vec<Range<usize>>,
}

/// Which facts the caller needs; each costs a query run.
#[derive(Clone, Copy, Debug)]
pub struct Wanted {
    pub bindings: bool,
    pub env: bool,
    pub logging: bool,
    pub reprs: bool,
}

thread_local! {
    static PARSERS: RefCell<(Parser, Parser)> = RefCell::new((
        parser_for(Language::Python),
        parser_for(Language::Rust),
    ));
}

fn parser_for(language: Language) -> Parser {
    let mut parser = Parser::new();
    let grammar = language.grammar().expect("a parsed language");
    parser
        .set_language(&grammar)
        .expect("grammar built against a compatible tree-sitter");
    parser
}

/// Parses `text`, reusing `old` (already edited to match) when given; `None`
/// when the parse ran out of its work budget (see [`budget`]).
pub fn parse(language: Language, text: &str, old: Option<&Tree>) -> Option<Tree> {
    parse_within(language, text, old, &[])
}

/// `text` parsed in `regions` only (sorted, disjoint byte ranges; none:
/// all of it), as if the bytes between them were not there; the tree's
/// nodes keep their offsets in `text`.
fn parse_within(
    language: Language,
    text: &str,
    old: Option<&Tree>,
    regions: &[Range<usize>],
) -> Option<Tree> {
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let parser = match language {
            Language::Python => &mut parsers.0,
            Language::Rust => &mut parsers.1,
            Language::Notebook | Language::Text => return None,
        };
        let included = included_ranges(text, regions);
        parser.set_included_ranges(&included).ok()?;
        let mut meter = budget::meter(text.len());
        let mut cancel = |_: &tree_sitter::ParseState| budget::cancelled() || meter();
        let bytes = text.as_bytes();
        let tree = parser.parse_with_options(
            &mut |offset, _| bytes.get(offset..).unwrap_or_default(),
            old,
            Some(tree_sitter::ParseOptions::new().progress_callback(&mut cancel)),
        );
        if !included.is_empty() {
            // The parser is the thread's: the next parse reads all its text.
            parser.set_included_ranges(&[]).ok()?;
        }
        tree
    })
}

/// `regions` (sorted, disjoint) as tree-sitter's ranges, with the row and
/// column of each end, counted in one pass over the text they span.
fn included_ranges(text: &str, regions: &[Range<usize>]) -> Vec<tree_sitter::Range> {
    let bytes = text.as_bytes();
    let (mut at, mut row, mut line_start) = (0, 0, 0);
    let mut point = |offset: usize| {
        for newline in memchr::memchr_iter(b'\n', &bytes[at..offset]) {
            row += 1;
            line_start = at + newline + 1;
        }
        at = offset;
        tree_sitter::Point::new(row, offset - line_start)
    };
    regions
        .iter()
        .map(|region| tree_sitter::Range {
            start_byte: region.start,
            start_point: point(region.start),
            end_byte: region.end,
            end_point: point(region.end),
        })
        .collect()
}

/// Where the prefilter saw candidates, so that only their statements need parsing.
#[derive(Debug, Default)]
pub struct Hints<'a> {
    /// Byte offsets of credential words.
    pub credential_hits: &'a [usize],
    /// The lines holding a credential word (in Rust, also those no string
    /// literal is near, which `credential_hits` leaves out).
    pub credential_lines: &'a [Range<usize>],
    /// Byte offsets of environment triggers.
    pub env_hits: &'a [usize],
}

impl Hints<'_> {
    /// Where the credential words are, as ranges: their lines and the
    /// words themselves (those no string literal is near in Rust).
    fn credential_places(&self) -> Vec<Range<usize>> {
        let mut places = self.credential_lines.to_vec();
        places.extend(self.credential_hits.iter().map(|&at| at..at + 1));
        places
    }
}

/// `places` (see [`Hints::credential_places`]) without those wholly inside
/// a comment of the Rust `text`: a word in a comment (`/// Returns the
/// token.`, `// read HOME from env::var`) binds, reads or prints nothing,
/// so the item around it needs no parse for it (a doctest's code is read
/// as code of its own, see `engine::rust_doc_examples`). A line counts as
/// a comment when its first non-blank byte opens a comment that runs to
/// the line's end; a line with code before its comment is kept. Only the
/// choice of what to parse changes: an item holding a word in code is
/// parsed whole, comments and all, as before.
fn rust_code_places(text: &str, mut places: Vec<Range<usize>>) -> Vec<Range<usize>> {
    if places.is_empty() {
        return places;
    }
    let regions = crate::comments::Regions::new(text, crate::comments::Syntax::Rust);
    let bytes = text.as_bytes();
    let in_comment = |place: &Range<usize>| {
        let mut at = place.start;
        while at < place.end && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let end = place.end.max(at + 1);
        let all = regions.all();
        let i = all.partition_point(|(r, _)| r.start <= at);
        i.checked_sub(1).is_some_and(|i| {
            let (range, place) = &all[i];
            *place == crate::comments::Place::Comment && at < range.end && end <= range.end
        })
    };
    places.retain(|place| !in_comment(place));
    places
}

/// The Rust module a file is: its stem, or its folder's name for `mod.rs`,
/// `lib.rs` and `main.rs` (`src/jetstream/message.rs` is `message`). A
/// type's module is part of its name (`message::Info`).
fn rust_module(path: &std::path::Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if matches!(stem, "mod" | "lib" | "main") {
        path.parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_owned()
    } else {
        stem.to_owned()
    }
}

/// Whether a document's syntax tree, when it carries one (see
/// [`Document::with_tree`]), is read by [`facts`]: Rust's is (parsing a
/// Rust file whole again costs more than querying a tree kept up to date),
/// Python's is not (its statements are read alone and remembered, which
/// costs less after an edit than querying a whole-file tree). The language
/// server keeps a tree up to date at each edit only where it is read.
pub fn reads_trees(language: Language) -> bool {
    language == Language::Rust
}

/// Extracts what `wanted` asks for. Python is parsed statement by statement
/// around the hints, whether the document carries a tree or not; Rust's
/// tree, when the document carries one (the language server's), is read
/// item by item (see [`rust_tree_facts`]), and so is a fresh parse when
/// that tree has an error; without one Rust is parsed in parts or whole, or
/// item by item around the hints when only bindings are wanted (see
/// [`rust_item_facts`]).
pub fn facts(doc: &Document, wanted: Wanted, hints: &Hints) -> Facts {
    let mut facts = language_facts(doc, wanted, hints);
    // A file its parent declares under `#[cfg(test)]` is test code through
    // and through, as one starting with `#![cfg(test)]` is: every fact in
    // it is. Marked here, after the walks, so their memos (keyed by the
    // text and the file's own context) stay shared with the same text
    // anywhere else.
    // So is a Python module that imports a test framework's support
    // package at its top level (a pytest plugin, a SQLAlchemy dialect's
    // test-suite `provision.py`), whatever its path.
    let test_support =
        || doc.language == Language::Python && python::imports_test_support(&doc.text);
    if doc.is_declared_for_tests() || facts_in_code(&facts) && test_support() {
        facts.env.iter_mut().for_each(|e| e.in_test = true);
        facts.logged.iter_mut().for_each(|l| l.in_test = true);
        facts.reprs.iter_mut().for_each(|r| r.in_test = true);
    }
    facts
}

/// Whether any fact a test-code judgement changes was found.
fn facts_in_code(facts: &Facts) -> bool {
    !(facts.env.is_empty() && facts.logged.is_empty() && facts.reprs.is_empty())
}

/// [`facts`], before the parent's word on test code.
fn language_facts(doc: &Document, wanted: Wanted, hints: &Hints) -> Facts {
    let budget = budget::Budget::start(doc.text.len());
    let whole = || Facts {
        unparsed: std::iter::once(0..doc.text.len()).collect(),
        ..Facts::default()
    };
    let mut facts = match doc.language {
        Language::Python => {
            let mut facts = python_facts(&doc.text, doc.whole_text(), wanted, hints, &budget);
            let constants = is_constants_module(&doc.path);
            for access in &mut facts.env {
                let at = access.span.start;
                access.in_settings = python_headers_around(&doc.text, at)
                    .any(is_python_settings_class)
                    || constants && at_python_top_level(&doc.text, at)
                    || in_trait_default(&doc.text, at)
                    || in_config_field_default(&doc.text, at);
            }
            facts
        }
        Language::Rust => {
            if budget::bracket_depth(&doc.text) > budget::MAX_RUST_NESTING {
                return whole();
            }
            if doc.tree().is_none()
                && wanted.bindings
                && !(wanted.env || wanted.logging || wanted.reprs)
            {
                if let Some(bindings) = rust_item_facts(&doc.text, hints) {
                    return Facts {
                        bindings,
                        ..Facts::default()
                    };
                }
                budget::reset();
            }
            let module = rust_module(&doc.path);
            if let Some(tree) = doc.tree() {
                return rust_tree_facts(tree, &doc.text, wanted, &module, doc.remembers_items());
            }
            // The front's tree has an error, and error recovery can depend on
            // the edit history: a fresh parse, read item by item, as its
            // tree would be (the command line's walks of the whole file, or
            // of its parts, find the same; the tests compare them).
            if doc.has_broken_tree() {
                return match parse(Language::Rust, &doc.text, None) {
                    Some(tree) => {
                        rust_tree_facts(&tree, &doc.text, wanted, &module, doc.remembers_items())
                    }
                    None => whole(),
                };
            }
            let mut partial = false;
            let Some(tree) = rust_partial_tree(&doc.text, wanted, hints)
                .inspect(|_| partial = true)
                .or_else(|| parse(Language::Rust, &doc.text, None))
            else {
                return whole();
            };
            let text = doc.text.as_str();
            // The declarations that clear a printed name are the whole file's.
            let whole_tree = || partial.then(|| parse(Language::Rust, text, None)).flatten();
            rust_walked_facts(tree.root_node(), text, wanted, &module, &whole_tree)
        }
        Language::Notebook | Language::Text => Facts::default(),
    };
    // A query cancelled half-way leaves facts missing anywhere.
    if budget.exhausted() && doc.language == Language::Rust {
        facts.unparsed = std::iter::once(0..doc.text.len()).collect();
    }
    facts
}

/// The facts `wanted` asks for, found by one walk of the tree under `root`
/// (see [`rust::walk_facts`]); `whole_tree` gives the whole file's tree
/// when `root`'s is a parse of some of its items only.
fn rust_walked_facts(
    root: Node,
    text: &str,
    wanted: Wanted,
    module: &str,
    whole_tree: &dyn Fn() -> Option<Tree>,
) -> Facts {
    let which = [wanted.bindings, wanted.env, wanted.logging, wanted.reprs];
    let found = rust::walk_facts(root, root, 0, text, module, which, None);
    Facts {
        bindings: found.bindings,
        env: found.env,
        logged: rust::keep_printed_secrets(found.logged, root, text, whole_tree),
        reprs: found.reprs,
        unparsed: Vec::new(),
        broken: Vec::new(),
    }
}

/// [`rust_walked_facts`] as it was: a walk of the tree under `root` for
/// each fact (see [`rust::bindings`] and the others), which the tests hold
/// the one walk to (see [`rust_facts_in_one_walk_and_apart`]).
fn rust_walked_facts_apart(root: Node, text: &str, wanted: Wanted, module: &str) -> Facts {
    Facts {
        bindings: if wanted.bindings {
            rust::bindings(root, text)
        } else {
            Vec::new()
        },
        env: if wanted.env {
            rust::env_accesses(root, text)
        } else {
            Vec::new()
        },
        logged: if wanted.logging {
            rust::logged_secrets(root, text, &|| None)
        } else {
            Vec::new()
        },
        reprs: if wanted.reprs {
            rust::repr_fields(root, text, module)
        } else {
            Vec::new()
        },
        unparsed: Vec::new(),
        broken: Vec::new(),
    }
}

/// Every fact of a Rust file's whole parse, found by one walk of the tree
/// (what [`facts`] does) and by a walk for each fact, each written out
/// with whether its budget ran out, for every subset of the facts: what
/// the tests compare. `None` when the text does not parse at all.
#[doc(hidden)]
pub fn rust_facts_in_one_walk_and_apart(path: &std::path::Path, text: &str) -> Option<[String; 2]> {
    let tree = parse(Language::Rust, text, None)?;
    let module = rust_module(path);
    let (mut one, mut apart) = (String::new(), String::new());
    for subset in 1..16u8 {
        let wanted = Wanted {
            bindings: subset & 1 != 0,
            env: subset & 2 != 0,
            logging: subset & 4 != 0,
            reprs: subset & 8 != 0,
        };
        let budget = budget::Budget::start(text.len());
        let facts = rust_walked_facts(tree.root_node(), text, wanted, &module, &|| None);
        one += &format!("{facts:?} {}\n", budget.exhausted());
        drop(budget);
        let budget = budget::Budget::start(text.len());
        let facts = rust_walked_facts_apart(tree.root_node(), text, wanted, &module);
        apart += &format!("{facts:?} {}\n", budget.exhausted());
    }
    Some([one, apart])
}

/// What one top-level item of a Rust file gave (see [`rust_tree_facts`]),
/// in the coordinates of the item's text; the printed values are those
/// only the file's declarations can still clear.
#[derive(Clone, Default)]
struct ItemFacts {
    bindings: Vec<Binding>,
    env: Vec<EnvAccess>,
    logged: Vec<LoggedSecret>,
    reprs: Vec<ReprField>,
}

impl ItemFacts {
    /// Moves every span by `by` bytes, `forward` or back.
    fn shifted(mut self, by: usize, forward: bool) -> Self {
        let shift = |span: &mut Range<usize>| {
            *span = if forward {
                span.start + by..span.end + by
            } else {
                span.start - by..span.end - by
            };
        };
        self.bindings.iter_mut().for_each(|b| shift(&mut b.span));
        self.env.iter_mut().for_each(|e| shift(&mut e.span));
        self.logged.iter_mut().for_each(|l| shift(&mut l.span));
        self.reprs.iter_mut().for_each(|r| shift(&mut r.span));
        self
    }
}

/// What earlier analyses found of [`ItemFacts`]: by the file's context (see
/// [`rust_tree_facts`]), then by the item's text; and of each item's
/// `use`s, by its text. Past [`ITEM_MEMO_BYTES`] of remembered text it
/// starts afresh.
#[derive(Default)]
struct ItemMemo {
    bytes: usize,
    facts: std::collections::HashMap<String, std::collections::HashMap<String, ItemFacts>>,
    uses: std::collections::HashMap<String, [rust::Uses; 2]>,
}

const ITEM_MEMO_BYTES: usize = 32 << 20;

/// Whether `kind` is one of tree-sitter-rust's statements, which a clean
/// parse puts at the top of a file (items, `use`s, macros, expression
/// statements, comments), as opposed to the loose tokens error recovery
/// leaves there.
fn is_rust_statement(kind: &str) -> bool {
    kind.ends_with("_item")
        || kind.ends_with("_declaration")
        || matches!(
            kind,
            "macro_invocation"
                | "macro_definition"
                | "expression_statement"
                | "empty_statement"
                | "associated_type"
                | "line_comment"
                | "block_comment"
                | "shebang"
        )
}

/// A memo key for what a file's parts are read in the context of (its
/// imports, its `use`s): a SHA-256 digest in hex, so that a key costs the
/// same however large the context is, and two contexts share a key only if
/// they are the same.
fn digest_key(context: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(context);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The process's one [`ItemMemo`], shared by the threads analyses run on:
/// the language server analyses a document's successive versions on
/// whichever of its threads is free, and a memo per thread was an edit
/// behind (or empty) on every other one, so an edit there walked every
/// item again.
static ITEM_MEMO: LazyLock<std::sync::Mutex<ItemMemo>> = LazyLock::new(Default::default);

impl ItemMemo {
    fn make_room(&mut self, bytes: usize) {
        if self.bytes + bytes > ITEM_MEMO_BYTES {
            *self = ItemMemo::default();
        }
        self.bytes += bytes;
    }
}

/// The top-level items of a Rust file's tree, each with the attributes and
/// comments above it (which say whether it derives `Debug` or is a test,
/// see [`rust::repr_fields`] and [`rust::env_accesses`]): the byte where
/// each starts (where the one before ended) and its nodes. Whatever is read
/// of an item's nodes lies within its text, its siblings' included.
fn rust_top_level_items<'t>(root: Node<'t>) -> Vec<(usize, Vec<Node<'t>>)> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut nodes = Vec::new();
    let mut cursor = root.walk();
    for child in root.children(&mut cursor) {
        let leads = !child.is_named()
            || matches!(
                child.kind(),
                "attribute_item" | "line_comment" | "block_comment"
            );
        nodes.push(child);
        if !leads {
            items.push((start, std::mem::take(&mut nodes)));
            start = child.end_byte();
        }
    }
    if !nodes.is_empty() {
        items.push((start, nodes));
    }
    items
}

/// The facts of a Rust file whose whole tree the front keeps (the language
/// server's, reparsed at each edit, or a fresh parse when that one has a
/// syntax error), found item by item and remembered for the process (see
/// [`ITEM_MEMO`]), so that after an edit only the items that changed are
/// walked: the walks of the whole tree cost 90% of analysing a
/// 10,000-line file, for each keystroke. Items with a syntax error are
/// walked each time and not remembered; an error is local to the items it
/// lies in, and the others are items as in a file that parses.
///
/// An item's facts are a function of its text and of the file's context,
/// which is the key they are remembered under besides the text: the file's
/// `use` declarations and type aliases (through which calls are resolved:
/// `use jsonwebtoken::EncodingKey as E;` elsewhere makes `E::from_secret`
/// a credential position), whether the file is test-only (`#![cfg(test)]`,
/// which counts only under a root that error recovery did not make an
/// error), the module's name (part of a type's) and which facts are wanted. An edit
/// that changes any of them walks every item again, as a full analysis
/// does. Everything else an item's facts read lies in its own text: its
/// ancestors (`#[cfg(test)] mod tests`, `impl Settings`, the function a
/// value is printed in) and its attributes (`#[derive(Debug)]`), which
/// [`rust_top_level_items`] keeps with it. The one fact of the whole file,
/// the declarations that clear a printed name (`key_path: PathBuf`, a
/// `Debug` that prints `[REDACTED]` anywhere), is read afresh, and only when
/// something credential-named is printed (see [`rust::keep_printed_secrets`]).
/// The result is the whole tree's walks' (the tests compare them); when
/// those walks could run out of budget, they run instead, and run out
/// where they would. Unless `remember` (see [`Document::read_once`]), what
/// the items give is not remembered.
fn rust_tree_facts(tree: &Tree, text: &str, wanted: Wanted, module: &str, remember: bool) -> Facts {
    let root = tree.root_node();
    let walks = [wanted.bindings, wanted.env, wanted.logging, wanted.reprs]
        .iter()
        .filter(|&&w| w)
        .count() as u64;
    // What the whole tree's walks can cost at most; the items' walks cost
    // no more, so with room for both, neither runs out.
    let ticks = walks * (root.descendant_count() as u64 / u64::from(WALK_TICK));
    if !budget::has_room(2 * ticks) {
        return rust_walked_facts(root, text, wanted, module, &|| None);
    }
    let items = rust_top_level_items(root);
    let end = |nodes: &[Node]| nodes.last().map_or(0, |n| n.end_byte());
    let key = |(start, nodes): &(usize, Vec<Node>)| &text[*start..end(nodes)];
    // An item with a syntax error is walked at every analysis: error
    // recovery can read past it, so its text alone does not fix its nodes.
    // Nor is a run of loose tokens (`pub`, `fn`, a `token_tree` body) that
    // error recovery left at the top: the same text parsed from a clean
    // state is a `fn` whose macros print values, so its text does not fix
    // its facts either (a fuzzed buffer got the printed secrets of a clean
    // function whose text it held as loose tokens). Only the grammar's
    // top-level statements are remembered.
    let kept = |nodes: &[Node]| {
        nodes
            .iter()
            .all(|n| !n.has_error() && n.is_named() && is_rust_statement(n.kind()))
    };
    // The memo's lock is held only to look up and to store: the walks run
    // outside it, so analyses on other threads wait for no walk.
    let memo = || {
        ITEM_MEMO
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    // Nor is one looked up: the same text read elsewhere without an error
    // is not what the walks would find in it here (a fuzzed buffer got the
    // printed secrets of a clean item whose text it held inside an
    // unclosed string).
    let known: Vec<Option<[rust::Uses; 2]>> = {
        let memo = memo();
        (items.iter())
            .map(|item| kept(&item.1).then(|| memo.uses.get(key(item)).cloned())?)
            .collect()
    };
    let [mut binding_uses, mut env_uses] = [rust::Uses::default(), rust::Uses::default()];
    let mut new_uses = Vec::new();
    for (item, known) in items.iter().zip(known) {
        let found = known.unwrap_or_else(|| {
            let mut found = [rust::Uses::default(), rust::Uses::default()];
            for node in &item.1 {
                let [b, e] = rust::file_uses(*node, text);
                found[0].extend(&b);
                found[1].extend(&e);
            }
            if kept(&item.1) {
                new_uses.push((key(item), found.clone()));
            }
            found
        });
        binding_uses.extend(&found[0]);
        env_uses.extend(&found[1]);
    }
    // The root's kind too: error recovery can make the root itself an
    // error, under which a `#![cfg(test)]` at the top no longer counts.
    // A digest, not the text: a file of thousands of `use`s wrote them all
    // into a key cloned and charged to the memo for every item, which
    // emptied it every few items (20,000 `use`s: no diagnostics in 60 s,
    // a17 #2).
    let context = digest_key(&format!(
        "{:?} {module} {} {} {} {}",
        [wanted.bindings, wanted.env, wanted.logging, wanted.reprs],
        root.kind(),
        rust::is_test_file(root, text),
        binding_uses.key(),
        env_uses.key()
    ));
    let known: Vec<Option<ItemFacts>> = {
        let memo = memo();
        let facts = memo.facts.get(&context);
        (items.iter())
            .map(|item| kept(&item.1).then(|| facts?.get(key(item)).cloned())?)
            .collect()
    };
    let mut all = ItemFacts::default();
    let mut new_facts = Vec::new();
    for (item, known) in items.iter().zip(known) {
        let (start, nodes) = item;
        let found = known.unwrap_or_else(|| {
            let mut found = ItemFacts::default();
            let wanted = [wanted.bindings, wanted.env, wanted.logging, wanted.reprs];
            for &node in nodes {
                let uses = [&binding_uses, &env_uses];
                let item = rust::item_facts(root, node, text, module, wanted, uses);
                found.bindings.extend(item.bindings);
                found.env.extend(item.env);
                found.logged.extend(item.logged);
                found.reprs.extend(item.reprs);
            }
            let found = found.shifted(*start, false);
            if kept(nodes) {
                new_facts.push((key(item), found.clone()));
            }
            found
        });
        let found = found.shifted(*start, true);
        all.bindings.extend(found.bindings);
        all.env.extend(found.env);
        all.logged.extend(found.logged);
        all.reprs.extend(found.reprs);
    }
    if remember && !(new_uses.is_empty() && new_facts.is_empty()) {
        let mut memo = memo();
        for (key, uses) in new_uses {
            memo.make_room(key.len());
            memo.uses.insert(key.to_owned(), uses);
        }
        for (key, facts) in new_facts {
            memo.make_room(key.len() + context.len());
            let memo = &mut *memo;
            (memo.facts.entry(context.clone()).or_default()).insert(key.to_owned(), facts);
        }
    }
    Facts {
        bindings: all.bindings,
        env: all.env,
        logged: rust::keep_printed_secrets(all.logged, root, text, &|| None),
        reprs: all.reprs,
        unparsed: Vec::new(),
        broken: Vec::new(),
    }
}

/// Every fact of a Rust file, found item by item with what the process
/// remembers of earlier versions ([`rust_tree_facts`], the language
/// server's way) and by walks of the whole tree, each written out with
/// whether its budget ran out: what the tests and the `lsp_edits` fuzz
/// target compare after each edit. `None` when the text does not parse
/// at all; a tree with errors is compared too (the language server reads
/// a fresh parse of such a text item by item).
#[doc(hidden)]
pub fn rust_facts_by_item_and_whole(path: &std::path::Path, text: &str) -> Option<[String; 2]> {
    let tree = parse(Language::Rust, text, None)?;
    let wanted = Wanted {
        bindings: true,
        env: true,
        logging: true,
        reprs: true,
    };
    let module = rust_module(path);
    let by_item = {
        let budget = budget::Budget::start(text.len());
        let facts = rust_tree_facts(&tree, text, wanted, &module, true);
        format!("{facts:?} {}", budget.exhausted())
    };
    let whole = {
        let budget = budget::Budget::start(text.len());
        let facts = rust_walked_facts(tree.root_node(), text, wanted, &module, &|| None);
        format!("{facts:?} {}", budget.exhausted())
    };
    Some([by_item, whole])
}

/// Rust bindings, item by item: only the items holding a credential word
/// or a credential position's word are parsed (see
/// [`regions::rust_items`]), each on its own. A binding is a literal and
/// the name it is bound to, both inside one item, and which literal is
/// bound to which name is read from the item's own nodes, so an item parses
/// alone as it does in place. `None` (the file is parsed whole) when the
/// items cannot be told apart, one of them does not parse cleanly alone,
/// one of them is a `use` renaming a credential position's API (see
/// [`rust::Uses::renames_an_api`]: its calls, elsewhere, hold no word of
/// it), or the budget runs out.
fn rust_item_facts(text: &str, hints: &Hints) -> Option<Vec<Binding>> {
    let items = regions::rust_items(text, &rust_code_places(text, hints.credential_places()))?;
    let mut out = Vec::new();
    for item in items {
        let bindings = rust_item_bindings(&text[item.clone()])?;
        out.extend(bindings.into_iter().map(|mut binding| {
            binding.span = binding.span.start + item.start..binding.span.end + item.start;
            binding
        }));
    }
    out.sort_by_key(|b| b.span.start);
    Some(out)
}

/// A Rust file parsed only where the prefilter's hints are, with what
/// reads them in place (see [`regions::rust_regions`]): the rules get the
/// facts a whole-file parse gives for those places, for a fraction of the
/// parse and of the queries' walk (the logging facts' judgement of a
/// printed name reads every declaration of the file, and parses it whole
/// when one is found, see [`rust::logged_secrets`]). Not when an
/// environment trigger is in a `use` declaration
/// (`use std::env::{var, VarError};`): the function it imports may be
/// called anywhere under its bare name (`var(&key)`), with no trigger
/// there. Nor when a `use` renames a credential position's API (`use
/// jsonwebtoken::EncodingKey as E;`), for the same reason. `None` when the
/// regions cannot be found, do not parse cleanly where a hint is, exhaust
/// the budget, import an environment function or rename such an API: then
/// the whole file is parsed, as before.
fn rust_partial_tree(text: &str, wanted: Wanted, hints: &Hints) -> Option<Tree> {
    let mut at: Vec<Range<usize>> = Vec::new();
    if wanted.bindings || wanted.reprs || wanted.logging {
        at = hints.credential_places();
    }
    if wanted.env {
        at.extend(hints.env_hits.iter().map(|&hit| hit..hit + 1));
    }
    let mut at = rust_code_places(text, at);
    at.sort_by_key(|r| r.start);
    let regions::RustRegions { regions, bodies } = regions::rust_regions(text, &at, true)?;
    let tree = parse_within(Language::Rust, text, None, &regions);
    // A large function is parsed in part (some statements of its body):
    // its body must come out as that function's block, without an error,
    // or the parts are parsed again with such functions whole, as before.
    let functions_whole = |tree: &Tree| {
        let root = tree.root_node();
        bodies.iter().all(|body| {
            let block = (root.descendant_for_byte_range(body.start, body.start + 1))
                .and_then(|brace| brace.parent())
                .filter(|block| block.kind() == "block" && block.byte_range() == *body);
            let function = block.and_then(|block| block.parent());
            function.is_some_and(|f| f.kind() == "function_item" && !f.has_error())
        })
    };
    let tree = match tree {
        Some(tree) if bodies.is_empty() => Some(tree),
        Some(tree) if functions_whole(&tree) && clean_in_parts(&tree, &at) => Some(tree),
        _ => {
            budget::reset();
            let whole_functions = regions::rust_regions(text, &at, false)?;
            parse_within(Language::Rust, text, None, &whole_functions.regions)
        }
    };
    let imports_env = |tree: &Tree| {
        wanted.env
            && hints.env_hits.iter().any(|&hit| {
                let root = tree.root_node();
                root.descendant_for_byte_range(hit, hit + 1)
                    .is_some_and(|node| {
                        self_and_ancestors(root, node)
                            .iter()
                            .any(|n| n.kind() == "use_declaration")
                    })
            })
    };
    // An error elsewhere (a macro tree-sitter cannot read, in a part kept
    // for its header) is one the whole file has too: only an error in an
    // item holding a hint would make the parts read differently. The
    // broken items are gathered in one pass over the file's items: a pass
    // per hint cost half of analysing a 10,000-line file with an error.
    let clean_at_hints = |tree: &Tree| clean_in_parts(tree, &at);
    // A `use` renaming a credential position's API: its calls hold no
    // word of the API (`E::from_secret`), so no hint is near them.
    let renames_an_api =
        |tree: &Tree| wanted.bindings && rust::item_uses(tree.root_node(), text).renames_an_api();
    match tree {
        Some(tree)
            if clean_at_hints(&tree)
                && !budget::is_exhausted()
                && !imports_env(&tree)
                && !renames_an_api(&tree) =>
        {
            Some(tree)
        }
        _ => {
            budget::reset();
            None
        }
    }
}

/// Whether a parse of a Rust file's parts has no error in an item holding
/// one of the places `at` (see [`rust_partial_tree`]), within its budget.
fn clean_in_parts(tree: &Tree, at: &[Range<usize>]) -> bool {
    let root = tree.root_node();
    if budget::is_exhausted() {
        return false;
    }
    if !root.has_error() {
        return true;
    }
    let mut cursor = root.walk();
    let broken: Vec<Range<usize>> = (root.children(&mut cursor))
        .filter(|item| item.has_error())
        .map(|item| item.byte_range())
        .collect();
    at.iter().all(|place| {
        (broken.iter())
            .all(|item| item.start >= place.end.max(place.start + 1) || item.end <= place.start)
    })
}

/// The bindings of one Rust item parsed alone, in its own coordinates;
/// `None` when it does not parse cleanly or the budget runs out.
/// Remembered per thread (see [`Memo`]).
fn rust_item_bindings(item: &str) -> Option<Vec<Binding>> {
    thread_local! {
        static MEMO: RefCell<Memo<Option<Vec<Binding>>>> = RefCell::default();
    }
    memoised(&MEMO, item, || {
        let tree = parse(Language::Rust, item, None)?;
        // A `use` that renames a credential position's API is read for
        // the whole file (`E::from_secret` holds no word of the API).
        let clean = !tree.root_node().has_error()
            && !rust::item_uses(tree.root_node(), item).renames_an_api();
        let bindings = clean.then(|| rust::bindings(tree.root_node(), item));
        (!budget::is_exhausted()).then_some(bindings)
    })
    .flatten()
}

/// Whether `path` is a Python module of constants (`constants.py`,
/// `_constants.py`, `http_constants.py`, a module of a `constants/`
/// package). Its top-level assignments (`ENDPOINT = os.getenv("HF_ENDPOINT",
/// …)`, `VAULT_CACERT = getenv("VAULT_CACERT")`) are the library's settings,
/// read once at import as a settings module reads them, so reads there are
/// settings reads. Its functions are not: a credential chain written in a
/// constants module (`def config_dir(): return os.environ.get(…)`) is the
/// application's logic, and reads there are reported as anywhere else.
pub fn is_constants_module(path: &std::path::Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let Some(stem) = name.strip_suffix(".py") else {
        return false;
    };
    let in_package = path
        .parent()
        .and_then(|p| p.file_name())
        .is_some_and(|p| p == "constants");
    stem == "constants" || stem.ends_with("_constants") || in_package
}

/// The lines that open the Python blocks holding `offset` (`class A:`,
/// `def f():`, `if x:`, or the first line of a statement continued over
/// several), innermost first and without their indentation, read from the
/// indentation of the lines above it: the same answer whether the statement
/// was parsed alone (the command line) or in a whole-file tree (the
/// language server).
fn python_headers_around(text: &str, offset: usize) -> impl Iterator<Item = &str> {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let indent_of = |line: &str| line.len() - line.trim_start().len();
    let mut indent = indent_of(&text[line_start..]);
    // Once a line at the margin opened the outermost block, nothing above
    // can enclose it: the walk ends there, not at the top of the file.
    before[..line_start]
        .lines()
        .rev()
        .map_while(move |line| {
            if indent == 0 {
                return None;
            }
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                return Some(None);
            }
            let own = indent_of(line);
            if own >= indent {
                return Some(None);
            }
            indent = own;
            Some(Some(trimmed))
        })
        .flatten()
}

/// Whether `offset` is in a traitlets trait default: a method decorated
/// `@default("name")` (`@default("port") def _port_default(self): return
/// int(os.getenv("JUPYTER_PORT", 8888))`). traitlets, the configuration
/// system of Jupyter's servers and kernels, calls it for the value of a
/// configurable trait nobody set, so the environment variable it reads is
/// one more source of that setting, as in a settings class. Only the
/// innermost function counts, and only a decorator of that exact name with
/// a string literal for the trait.
fn in_trait_default(text: &str, offset: usize) -> bool {
    let Some(header) = python_headers_around(text, offset)
        .find(|header| header.starts_with("def ") || header.starts_with("async def "))
    else {
        return false;
    };
    // The header is a slice of `text`: where it starts says where its
    // decorators end.
    let start = header.as_ptr() as usize - text.as_ptr() as usize;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    text[..line_start]
        .lines()
        .rev()
        .map(str::trim_start)
        .take_while(|line| line.starts_with('@'))
        .any(|decorator| {
            decorator
                .strip_prefix("@default(")
                .is_some_and(|rest| rest.starts_with(['"', '\'']))
        })
}

/// Whether `offset` is in the default factory of an annotated field of a
/// Python class named `…Config` or `…Configuration` (`client_mode: str =
/// Field(default_factory=lambda: os.getenv("CLIENT_MODE"))`): a pydantic
/// model or dataclass whose field takes its default from the environment
/// when the object is made, as pydantic-settings' `BaseSettings` fills its
/// fields. Such a name alone is no settings class (see
/// [`EnvAccess::in_settings`]: a CLI's parsed options, Django's
/// `AppConfig`), but neither of those declares a field whose default is an
/// environment variable; that is the settings class's own shape. Only the
/// factory's own body counts (up to a comma, which may end the lambda): a
/// method of the class, another argument of the field (`metadata=…`) or a
/// default computed once when the class is defined (`region: str =
/// os.environ.get(…)`) reads the environment as any other code does.
fn in_config_field_default(text: &str, offset: usize) -> bool {
    let mut field = None;
    let mut class = None;
    for header in python_headers_around(text, offset) {
        if ["def ", "async def "]
            .iter()
            .any(|keyword| header.starts_with(keyword))
        {
            return false;
        }
        if let Some(rest) = header.strip_prefix("class ") {
            class = Some(rest);
            break;
        }
        // The outermost line below the class's is the field's statement.
        field = Some(header);
    }
    let Some(class) = class else {
        return false;
    };
    let name = class
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    if !(name.ends_with("Config") || name.ends_with("Configuration")) {
        return false;
    }
    // The access on the field's own line: the statement starts there.
    let start = match field {
        Some(field) => field.as_ptr() as usize - text.as_ptr() as usize,
        None => text[..offset].rfind('\n').map_or(0, |i| i + 1),
    };
    let statement = text[start..offset].trim_start();
    let annotated = statement.split_once(':').is_some_and(|(name, _)| {
        let name = name.trim_end();
        !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')
    });
    let Some(at) = statement.rfind("default_factory") else {
        return false;
    };
    let factory = statement[at + "default_factory".len()..].trim_start();
    let body = factory
        .strip_prefix('=')
        .map(str::trim_start)
        .and_then(|f| f.strip_prefix("lambda"))
        .map(str::trim_start)
        .and_then(|f| f.strip_prefix(':'));
    annotated && body.is_some_and(|body| !body.contains([',', ';']))
}

/// Whether `offset` is in code that runs when the module is imported: in no
/// function or class body (an `if` or a statement continued over several
/// lines at the top level still is). A constants module's settings are
/// there (see [`is_constants_module`]).
fn at_python_top_level(text: &str, offset: usize) -> bool {
    !python_headers_around(text, offset).any(|header| {
        ["def ", "async def ", "class "]
            .iter()
            .any(|keyword| header.starts_with(keyword))
    })
}

/// Python, statement by statement (see [`regions`]): the statements holding
/// a hint, the `os` imports, and every statement using a name they bind,
/// each parsed on its own (and remembered: see [`statement_facts`]). A
/// whole-file tree is not read even when the document carries one: a
/// document analysed again after an edit reads its unchanged statements
/// from memory, which costs less than querying even an up-to-date tree,
/// and broken code needs no tree to be read as the command line reads it.
/// `whole` is the text the file-wide judgements read (see
/// [`Document::whole_text`]): `text` itself, or the whole text `text` is a
/// reduced copy of.
fn python_facts(
    text: &str,
    whole: &str,
    wanted: Wanted,
    hints: &Hints,
    budget: &budget::Budget,
) -> Facts {
    // Why each statement is read: it may hold a binding, an environment access, or both.
    const BINDINGS: u8 = 1;
    const ENV: u8 = 2;
    /// A statement with a credential word may hand a secret to a local.
    const TAINT: u8 = 4;
    let lines = regions::python_logical_lines(text);
    let mut selected = vec![0u8; lines.len()];
    let select = |selected: &mut Vec<u8>, offsets: &mut dyn Iterator<Item = usize>, reason: u8| {
        for offset in offsets {
            if let Some(index) = regions::line_at(&lines, offset) {
                selected[index] |= reason;
            }
        }
    };
    if wanted.bindings {
        select(
            &mut selected,
            &mut hints.credential_hits.iter().copied(),
            BINDINGS,
        );
    }
    if wanted.env {
        select(&mut selected, &mut hints.env_hits.iter().copied(), ENV);
    }
    let mut imports = python::Imports::default();
    let mut unparsed = Vec::new();
    // A statement is unanalysed when it could not be read, or when the
    // budget ran out while it was (a query may have stopped half-way).
    let mut record = |line: &regions::LogicalLine, read: bool| {
        if !read || budget.exhausted() {
            unparsed.push(line.range.clone());
        }
    };
    // The imports: `os`'s for the environment, and those holding a
    // credential word or a credential position's word (`import jwt as j`,
    // `from requests.auth import HTTPBasicAuth as B`) for the positions,
    // whose calls are then read through them (see `python::Imports`).
    for (line, &reason) in lines.iter().zip(&selected) {
        let statement = &text[line.range.clone()];
        if (statement.starts_with("import ") || statement.starts_with("from "))
            && (wanted.env && statement.contains("os") || reason & BINDINGS != 0)
        {
            let read = read_statement(text, line, |root, text| {
                python::collect_imports(root, text, &mut imports)
            });
            record(line, read.is_some());
        }
    }
    if wanted.bindings {
        python_rebound_names(text, &lines, &mut imports);
    }
    // One pass for every alias: a file with thousands of `import os as …`
    // would otherwise scan the text once per alias. An alias is a name:
    // `os` inside `post` or `host` is none, and counting it had every
    // statement calling `.post(` parsed. The environment's aliases select
    // statements for it; a name an import binds to a credential position's
    // API, which lacks the API's word (`B`, `encode`), selects them for the
    // bindings.
    let mut aliases: Vec<(&String, u8)> = Vec::new();
    if wanted.env {
        let env = imports.modules.iter().chain(imports.members.keys());
        aliases.extend(env.map(|alias| (alias, ENV)));
    }
    if wanted.bindings {
        aliases.extend(
            imports
                .names
                .iter()
                .filter(|(local, target)| {
                    positions::heads_an_api(Language::Python, target)
                        && !positions::heads_an_api(Language::Python, local)
                })
                .map(|(local, _)| (local, BINDINGS)),
        );
    }
    let names: Vec<&String> = aliases.iter().map(|(alias, _)| *alias).collect();
    if let (false, Ok(automaton)) = (names.is_empty(), aho_corasick::AhoCorasick::new(&names)) {
        let bytes = text.as_bytes();
        let in_name = |at: Option<&u8>| {
            at.is_some_and(|&b| b == b'_' || b.is_ascii_alphanumeric() || !b.is_ascii())
        };
        for hit in automaton.find_overlapping_iter(text) {
            let before = hit.start().checked_sub(1).and_then(|i| bytes.get(i));
            if !in_name(before) && !in_name(bytes.get(hit.end())) {
                let reason = aliases[hit.pattern().as_usize()].1;
                select(&mut selected, &mut std::iter::once(hit.start()), reason);
            }
        }
    }

    let logging = wanted.logging && may_call_output(text) && OUTPUT_CALL.is_match(text);
    if logging {
        // `k = settings.API_KEY`: a local takes a secret when the credential
        // word comes after an `=`.
        let after_assignment = hints.credential_hits.iter().copied().filter(|&offset| {
            regions::line_at(&lines, offset)
                .is_some_and(|i| text[lines[i].range.start..offset].contains('='))
        });
        select(
            &mut selected,
            &mut after_assignment.collect::<Vec<_>>().into_iter(),
            TAINT,
        );
    }

    let mut facts = Facts::default();
    // The locals handed a secret, each in its scope (see `ScopedLocals`).
    let mut tainted = scopes::ScopedLocals::new(text, &lines, whole);
    let mut chosen = std::collections::HashSet::new();
    let environment_key = imports.environment_key();
    let selected = (lines.iter().zip(&selected).enumerate()).filter(|(_, (_, r))| **r != 0);
    for (index, (line, &reason)) in selected {
        let wants = Wants {
            bindings: reason & BINDINGS != 0,
            env: reason & ENV != 0,
            taint: reason & TAINT != 0,
        };
        // The words of the statement that are locals holding a secret where it is.
        let held = match wants.taint {
            true => tainted.held_in(&text[line.range.clone()], index),
            false => std::collections::HashSet::new(),
        };
        let read = statement_facts(text, line, wants, &imports, &environment_key, &held);
        record(line, read.is_some());
        let read = read.unwrap_or_default();
        if read.broken {
            facts.broken.push(line.range.clone());
        }
        facts.bindings.extend(read.bindings);
        facts.env.extend(read.env);
        for local in read.tainted {
            tainted.add(local, index);
        }
        chosen.extend(read.chosen);
    }
    // A local that takes a secret anywhere in the file may hold one.
    chosen.retain(|local| !tainted.contains(local));
    if logging {
        let mut mentions_credential = vec![false; lines.len()];
        for index in hints
            .credential_hits
            .iter()
            .filter_map(|&offset| regions::line_at(&lines, offset))
        {
            mentions_credential[index] = true;
        }
        facts.logged = python_logged(
            text,
            whole,
            &lines,
            &mentions_credential,
            &tainted,
            &chosen,
            &mut record,
        );
    }
    if wanted.reprs {
        facts.reprs = python_reprs(text, whole, &lines, &mut unparsed);
    }
    facts.unparsed = unparsed;
    facts
}

/// What a Python statement is read for (see [`python_facts`]).
#[derive(Clone, Copy)]
struct Wants {
    bindings: bool,
    env: bool,
    /// The locals it hands a secret to, given those of its words already
    /// holding one where it is.
    taint: bool,
}

/// What reading one statement gave.
#[derive(Clone, Default)]
struct StatementFacts {
    bindings: Vec<Binding>,
    env: Vec<EnvAccess>,
    /// Locals the statement hands a secret to.
    tainted: Vec<String>,
    /// Locals the statement assigns a choice between literals (see
    /// [`python::chosen_literal_locals`]) or an authenticator's answer (see
    /// [`python::authenticator_response_locals`]): no secret, whatever
    /// their names.
    chosen: Vec<String>,
    /// Whether the statement, read for bindings, parsed with an error.
    broken: bool,
}

impl Wants {
    /// Reads a statement parsed alone (`root`, over `text`).
    fn read(
        self,
        root: Node,
        text: &str,
        imports: &python::Imports,
        tainted: &std::collections::HashSet<String>,
    ) -> StatementFacts {
        let mut facts = StatementFacts::default();
        if self.taint && text.contains('=') {
            let mut now = tainted.clone();
            python::tainted_locals(root, text, &mut now);
            facts.tainted = now.into_iter().filter(|l| !tainted.contains(l)).collect();
            python::chosen_literal_locals(root, text, &mut facts.chosen);
            python::authenticator_response_locals(root, text, &mut facts.chosen);
        }
        if self.bindings {
            facts.bindings = python::bindings(root, text, imports);
            facts.broken = root.has_error();
        }
        if self.env {
            facts.env = python::env_accesses(root, text, imports);
        }
        facts
    }
}

/// A statement read alone, as [`Wants::read`] reads it, remembered per
/// thread (see [`Memo`]): a document analysed again after an edit (the
/// language server without a valid tree, a history's next version) reads
/// only the statements that changed. What the reading depends on besides
/// the statement is part of the key: the names `os` is imported under
/// (`environment_key`, [`python::Imports::environment_key`] of `imports`),
/// and which of the statement's words are locals already holding a secret.
fn statement_facts(
    text: &str,
    line: &regions::LogicalLine,
    wants: Wants,
    imports: &python::Imports,
    environment_key: &str,
    tainted: &std::collections::HashSet<String>,
) -> Option<StatementFacts> {
    use std::fmt::Write as _;
    thread_local! {
        static MEMO: RefCell<Memo<StatementFacts>> = RefCell::default();
    }
    if line.too_deep {
        return None;
    }
    let snippet = regions::Snippet::new(text, line);
    let mut key = format!(
        "{}{}{}",
        wants.bindings as u8, wants.env as u8, wants.taint as u8
    );
    if wants.env {
        key.push_str(environment_key);
    }
    if wants.bindings && !imports.names.is_empty() {
        // The names of the statement that an import binds, and what to.
        let mut bound: Vec<(&str, &String)> = snippet
            .text
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .filter_map(|word| imports.names.get_key_value(word))
            .map(|(local, target)| (local.as_str(), target))
            .collect();
        bound.sort_unstable();
        bound.dedup();
        let _ = write!(key, "{bound:?}");
    }
    let mut named: Vec<&str> = Vec::new();
    if wants.taint {
        named = snippet
            .text
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .filter(|word| tainted.contains(*word))
            .collect();
        named.sort_unstable();
        named.dedup();
        let _ = write!(key, "{named:?}");
    }
    key.push('\0');
    key.push_str(&snippet.text);
    let mut facts = memoised(&MEMO, &key, || {
        let parsed = parse(Language::Python, &snippet.text, None)?;
        let named = named.iter().map(|w| (*w).to_owned()).collect();
        Some(wants.read(parsed.root_node(), &snippet.text, imports, &named))
    })?;
    facts.map_spans(&|range| snippet.to_source(range, line.range.start));
    Some(facts)
}

/// Marks the names the module binds itself as standing for nothing in
/// `imports` (see [`python::Imports::names`]), so that a call of them is no
/// credential position's: a function or class defined at the top level
/// under an API's name (`def encode(…)`, `class Fernet:`), and an imported
/// name of an API assigned anew anywhere (`from jwt import encode` and
/// then `encode = partial(…)`). Read from the statements' text, as cheap
/// as it is rough: a module that rebinds such a name in one branch only
/// (`except ImportError: encode = None`) loses it everywhere.
///
/// A name assigned an API itself is an alias of it, as an import's `as`
/// makes one (`B = HTTPBasicAuth`, `D = requests.auth.HTTPDigestAuth`,
/// `sign = jwt.encode`): the assigned path read through the imports and
/// the aliases above it, so `B("svc", "…")` is `HTTPBasicAuth`'s call.
fn python_rebound_names(text: &str, lines: &[regions::LogicalLine], imports: &mut python::Imports) {
    let word = |s: &str| -> usize {
        s.find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(s.len())
    };
    let mut rebound = Vec::new();
    for line in lines {
        let statement = &text[line.range.clone()];
        python_parameter_aliases(statement, imports);
        let top_level = line.range.start == 0 || text[..line.range.start].ends_with('\n');
        let defined = ["def ", "async def ", "class "]
            .iter()
            .find_map(|keyword| statement.strip_prefix(keyword))
            .filter(|_| top_level)
            .map(str::trim_start);
        if let Some(rest) = defined {
            let name = &rest[..word(rest)];
            let imported = imports.names.get(name);
            if imported.is_some_and(|target| positions::heads_an_api(Language::Python, target))
                || positions::heads_an_api(Language::Python, name)
            {
                rebound.push(name.to_owned());
            }
            continue;
        }
        // `name = …`, `name: T = …`, not `name == …`.
        let name = &statement[..word(statement)];
        if name.is_empty() {
            continue;
        }
        let rest = statement[name.len()..].trim_start();
        let value = rest.strip_prefix('=').filter(|r| !r.starts_with('='));
        if let Some(target) = value.and_then(assigned_path) {
            let target = imports.resolve(target).unwrap_or_else(|| target.to_owned());
            if !target.is_empty() && positions::heads_an_api(Language::Python, &target) {
                imports.names.insert(name.to_owned(), target);
                continue;
            }
        }
        let Some(imported) = imports.names.get(name) else {
            continue;
        };
        let assigned =
            value.is_some() || rest.starts_with(':') && rest.contains('=') && !rest.contains("==");
        if assigned && positions::heads_an_api(Language::Python, imported) {
            rebound.push(name.to_owned());
        }
    }
    for name in rebound {
        imports.names.insert(name, String::new());
    }
}

/// A parameter whose default is an API is an alias of it, as an assignment
/// makes one: `def test_auth(self, f=util.HTTPBasicAuth):` and then
/// `f("user", "…")` is `HTTPBasicAuth`'s call (gallery-dl's tests bind the
/// function under test so). The default's path is read through the imports
/// and aliases above it. Like the assignments, the alias holds for the
/// whole module, not the function alone.
fn python_parameter_aliases(statement: &str, imports: &mut python::Imports) {
    let header = statement.trim_start();
    let Some(rest) = ["def ", "async def "]
        .iter()
        .find_map(|keyword| header.strip_prefix(keyword))
    else {
        return;
    };
    let Some(open) = rest.find('(') else {
        return;
    };
    let (mut depth, mut start) = (0usize, open + 1);
    let mut parameters = Vec::new();
    for (at, c) in rest.char_indices().skip_while(|&(at, _)| at <= open) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => {
                parameters.push(&rest[start..at]);
                break;
            }
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parameters.push(&rest[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    for parameter in parameters {
        let Some((name, default)) = parameter.split_once('=') else {
            continue;
        };
        let name = name.split(':').next().unwrap_or(name).trim();
        let identifier = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
        let Some(target) = assigned_path(default).filter(|_| identifier) else {
            continue;
        };
        let target = imports.resolve(target).unwrap_or_else(|| target.to_owned());
        if !target.is_empty() && positions::heads_an_api(Language::Python, &target) {
            imports.names.insert(name.to_owned(), target);
        }
    }
}

/// `name = dotted.path` (a trailing comment aside): the name a Python
/// statement assigns and the path it assigns, when the value is a path and
/// nothing else (see [`assigned_path`]).
fn python_path_assignment(statement: &str) -> Option<(&str, &str)> {
    let (name, value) = statement.split_once('=')?;
    let name = name.trim_end();
    let identifier = !name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    (identifier && !value.starts_with('=')).then_some(())?;
    Some((name, assigned_path(value)?))
}

/// The dotted path an assignment's value is, if it is one and nothing
/// else (`HTTPBasicAuth`, `requests.auth.HTTPBasicAuth`; a trailing comment
/// aside): not a call, an index or an expression.
fn assigned_path(value: &str) -> Option<&str> {
    let value = value.split('#').next().unwrap_or(value).trim();
    let identifier = |part: &str| {
        part.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && part.chars().all(|c| c.is_alphanumeric() || c == '_')
    };
    value.split('.').all(identifier).then_some(value)
}

/// Whether `text` holds a word every match of [`OUTPUT_CALL`] holds (the
/// output functions' and methods' names), and an opening parenthesis: a
/// module that calls no output function compiles no regex (1.3 M
/// instructions of a one-file check).
fn may_call_output(text: &str) -> bool {
    let mut words = python::OUTPUT_FUNCTIONS
        .iter()
        .chain(python::OUTPUT_METHODS);
    text.contains('(') && words.any(|word| text.contains(word))
}

/// A call that may print: `print(`, `logger.info(`, `sys.stderr.write(`.
static OUTPUT_CALL: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"\b(?:print|pprint|echo)\s*\(|\.(?:debug|info|warning|warn|error|critical|exception|log|fatal|write|echo|print|pprint)\s*\(",
    )
    .expect("valid regex")
});

/// Output calls that print secrets: the output calls that mention a
/// credential word or a local that took a secret's value.
fn python_logged(
    text: &str,
    whole: &str,
    lines: &[regions::LogicalLine],
    mentions_credential: &[bool],
    tainted: &scopes::ScopedLocals,
    chosen: &std::collections::HashSet<String>,
    record: &mut dyn FnMut(&regions::LogicalLine, bool),
) -> Vec<LoggedSecret> {
    let mut out = Vec::new();
    for (index, (line, &credential)) in lines.iter().zip(mentions_credential).enumerate() {
        let statement = &text[line.range.clone()];
        // Word by word, so that many tainted locals cost a lookup each, not a
        // scan of every statement per local; with none, no statement is split.
        let mentions_secret = credential
            || !tainted.is_empty()
                && statement
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|word| tainted.contains(word));
        if mentions_secret && OUTPUT_CALL.is_match(statement) {
            // A local holding a secret in another scope prints none here.
            let held = tainted.held_in(statement, index);
            let read = read_statement(text, line, |root, text| {
                python::logged_secrets(root, text, &held, chosen)
            });
            record(line, read.is_some());
            out.extend(read.into_iter().flatten());
        }
    }
    // A lexer's token is a piece of its input, not a credential.
    drop_lexical_tokens(whole, &mut out, |logged| &logged.name);
    // A copy whose secret members were replaced by a redaction marker: only
    // in a file that masks a member somewhere (each call's walk back to its
    // `def` is then read; a function of thousands of calls and no masking
    // reads none).
    if !out.is_empty() && (lines.iter()).any(|line| masks_a_member(&text[line.range.clone()])) {
        out.retain(|logged| !masked_before(text, lines, logged));
    }
    // A loop variable: a piece of split text, or a name the loop rebinds.
    let auth_assigned = std::cell::OnceCell::new();
    out.retain(|logged| {
        !rebound_by_loop(text, lines, logged, tainted, || {
            auth_assigned.get_or_init(|| python::auth_assigned(whole))
        })
    });
    // A credential-named flag (`decode_token=True`) prints `True`.
    let bare: std::collections::HashSet<&str> = (out.iter())
        .map(|logged| logged.name.as_str())
        .filter(|name| name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .collect();
    if bare.is_empty() {
        return out;
    }
    let flags: std::collections::HashSet<String> = (python::only_flags(whole, &bare).into_iter())
        .map(str::to_owned)
        .collect();
    out.retain(|logged| !flags.contains(&logged.name));
    out
}

/// Whether a logged local is a mapping whose members the same function
/// replaced by a redaction marker before the output call: JupyterHub's
/// `log_token = {}; log_token.update(token)`, then `log_token[key] =
/// 'REDACTED'` for each token key, then `app_log.debug("…%s", log_token)`.
/// Read off the logical lines from the output call's back to the `def` that
/// holds it (the first line less indented than the call that opens a
/// function); a masking step in another function, or after the call, does
/// not count. A marker is a string literal that says the value is gone
/// (`"REDACTED"`, `"[redacted]"`, `"<masked>"`, `"***"`), not a value
/// derived from the secret (`token[:4]`, which shows part of it).
fn masked_before(text: &str, lines: &[regions::LogicalLine], logged: &LoggedSecret) -> bool {
    let name = logged.name.as_str();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return false;
    }
    let Some(at) = regions::line_at(lines, logged.span.start) else {
        return false;
    };
    back_to_def(text, lines, at, usize::MAX).any(|(statement, _)| masks_member(statement, name))
}

/// The statements before `lines[at]`, nearest first, back to the `def` or
/// `class` that holds it (not given) or the file's start, at most `reach`
/// of them: each with whether it opens a block around `lines[at]` (it is
/// less indented than every statement since: `for …:`, `with …:`), or
/// is one of theirs. The function's own statements before a call, which
/// [`masked_before`] and [`rebound_by_loop`] read.
fn back_to_def<'t>(
    text: &'t str,
    lines: &'t [regions::LogicalLine],
    at: usize,
    reach: usize,
) -> impl Iterator<Item = (&'t str, bool)> + 't {
    let mut limit = indent_of(text, &lines[at]);
    lines[..at].iter().rev().take(reach).map_while(move |line| {
        let statement = &text[line.range.clone()];
        let depth = indent_of(text, line);
        let opens = depth < limit;
        if opens {
            let header = statement
                .strip_prefix("async ")
                .unwrap_or(statement)
                .trim_start();
            if header.starts_with("def ") || header.starts_with("class ") {
                return None;
            }
            limit = depth;
        }
        Some((statement, opens))
    })
}

/// Whether a logged bare name is, where it is printed, the variable of a
/// `for` loop around the call (in the same function) that holds no secret:
/// - a credential-named variable over pieces of split text (`for token in
///   raw.split(","):`, `shlex.split(line)`, `text.splitlines()`): a word or
///   entry of a string, not a credential, when the split text mentions no
///   credential word and no local that took a secret (`for token in
///   os.environ["API_TOKENS"].split(",")` still prints tokens);
/// - a local that took a secret elsewhere in the file (`key =
///   os.environ["ACCOUNT_KEY"]` at the top of a sample), rebound by the loop
///   over anything that mentions no credential word and no such local (`for
///   key, value in properties.items():`): what is printed is the loop's
///   element, not the secret.
///
/// A statement between the loop and the call that assigns the name a value
/// mentioning a credential word or a secret local (`token =
/// get_token(user)`) keeps it reported, and so does a split text's piece in
/// a file that assigns the same name a value read from an authentication
/// source elsewhere (`token = resp.json()["token"]`), as for a lexer's
/// tokens: which `token` a reader sees printed is then not clear.
fn rebound_by_loop<'a, 'w: 'a>(
    text: &str,
    lines: &[regions::LogicalLine],
    logged: &LoggedSecret,
    tainted: &scopes::ScopedLocals,
    auth_assigned: impl FnOnce() -> &'a std::collections::HashSet<&'w str>,
) -> bool {
    let name = logged.name.as_str();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return false;
    }
    let Some(at) = regions::line_at(lines, logged.span.start) else {
        return false;
    };
    let credential_named = crate::value::credential_kind(name).is_some();
    // A plural counts as its singular: `API_TOKENS` holds tokens.
    let secret_word = |word: &str| {
        let singular = word.strip_suffix(['s', 'S']).unwrap_or(word);
        word != name
            && (crate::value::credential_kind(word).is_some()
                || crate::value::credential_kind(singular).is_some()
                || tainted.holds(word, at))
    };
    let mentions_secret = |code: &str| {
        code.split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(secret_word)
    };
    for (statement, opens) in back_to_def(text, lines, at, LOOP_REACH) {
        if !opens {
            // A statement of the loop's body before the call: `token =
            // token.strip()` keeps the piece, `token = fetch(api_key)` does not.
            if let Some(value) = assigned_value(statement, name) {
                if mentions_secret(value) {
                    return false;
                }
            }
            continue;
        }
        let header = statement
            .strip_prefix("async ")
            .unwrap_or(statement)
            .trim_start();
        let Some((targets, iterable)) = for_header(header) else {
            continue;
        };
        let binds = targets
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(|word| word == name);
        if !binds {
            continue;
        }
        if mentions_secret(iterable) {
            return false;
        }
        return !credential_named || splits_text(iterable) && !auth_assigned().contains(name);
    }
    false
}

/// How many logical lines back from an output call [`rebound_by_loop`]
/// looks for the loop around it: farther, the name stays reported. Bounds
/// the walk, so that a function of thousands of calls is read in linear
/// time (36,000 calls in one function walked back to its `def` each: the
/// hostile-input test's budget was exceeded).
const LOOP_REACH: usize = 200;

/// The targets and the iterable of a `for` header (`for key, value in
/// d.items():`), the iterable ending at the colon that opens the body.
fn for_header(header: &str) -> Option<(&str, &str)> {
    let rest = header.strip_prefix("for ")?;
    let (targets, rest) = rest.split_once(" in ")?;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth = depth.saturating_sub(1),
            (None, ':') if depth == 0 => return Some((targets, &rest[..i])),
            _ => {}
        }
    }
    None
}

/// Whether an iterable is a string split into pieces: `raw.split(",")`,
/// `line.rsplit()`, `text.splitlines()`, `shlex.split(line)`,
/// `re.split(r"\s+", s)`.
fn splits_text(iterable: &str) -> bool {
    static SPLIT: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"\b(?:r?split|splitlines)\s*\(").expect("valid regex"));
    SPLIT.is_match(iterable)
}

/// The value a statement assigns `name`: `name = value`, `name: T =
/// value`; `None` for any other statement.
fn assigned_value<'t>(statement: &'t str, name: &str) -> Option<&'t str> {
    let rest = statement.strip_prefix(name)?.trim_start();
    let rest = match rest.strip_prefix(':') {
        Some(annotated) => annotated.split_once('=')?.1,
        None => rest.strip_prefix('=').filter(|r| !r.starts_with('='))?,
    };
    Some(rest)
}

/// Whether a statement replaces a member of a mapping by a redaction
/// marker, whatever the mapping (see [`masked_before`]): at the top level,
/// such a statement tells every module-level output call after it
/// something (read by [`crate::incremental`], which keeps them).
pub(crate) fn masks_a_member(statement: &str) -> bool {
    let name_end = statement
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(statement.len());
    name_end > 0 && masks_member(statement, &statement[..name_end])
}

fn masks_member(statement: &str, name: &str) -> bool {
    let Some(rest) = statement
        .strip_prefix(name)
        .and_then(|r| r.strip_prefix('['))
    else {
        return false;
    };
    let Some((_, rest)) = rest.split_once(']') else {
        return false;
    };
    let Some(value) = rest.trim_start().strip_prefix('=') else {
        return false;
    };
    let value = value.trim();
    let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
        return false;
    };
    let Some(inner) = value[1..].strip_suffix(quote) else {
        return false;
    };
    let word = inner.trim_matches(['[', ']', '<', '>', '(', ')', ' ']);
    !word.is_empty() && word.bytes().all(|b| b == b'*')
        || [
            "redacted", "masked", "hidden", "filtered", "removed", "censored",
        ]
        .iter()
        .any(|marker| word.eq_ignore_ascii_case(marker))
}

/// Drops from `out` what names a lexer's token (see
/// [`python::lexical_tokens`]), each entry's name given by `name`.
fn drop_lexical_tokens<T>(text: &str, out: &mut Vec<T>, name: impl Fn(&T) -> &str) {
    let names: std::collections::HashSet<&str> = out.iter().map(&name).collect();
    let lexical: std::collections::HashSet<String> = (python::lexical_tokens(text, &names))
        .into_iter()
        .map(str::to_owned)
        .collect();
    out.retain(|entry| !lexical.contains(name(entry)));
}

/// Dataclass and pydantic fields shown by their reprs. Only such classes
/// are parsed: from their decorators to the end of their indented body.
fn python_reprs(
    text: &str,
    whole: &str,
    lines: &[regions::LogicalLine],
    unparsed: &mut Vec<Range<usize>>,
) -> Vec<ReprField> {
    let indent = |line: &regions::LogicalLine| indent_of(text, line);
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let statement = &text[lines[i].range.clone()];
        let decorated = statement.starts_with('@') && statement.contains("dataclass");
        let model = statement.starts_with("class ")
            && (statement.contains("BaseModel") || statement.contains("BaseSettings"));
        if !decorated && !model {
            i += 1;
            continue;
        }
        let first = i;
        while i < lines.len() && text[lines[i].range.clone()].starts_with('@') {
            i += 1;
        }
        if i == lines.len() {
            break; // decorators that end the file decorate nothing
        }
        let header_indent = indent(&lines[first]);
        let mut last = i;
        while last + 1 < lines.len() && indent(&lines[last + 1]) > header_indent {
            last += 1;
        }
        let region = lines[first].range.start..lines[last].range.end;
        let parsed = lines[first..=last]
            .iter()
            .all(|line| !line.too_deep)
            .then(|| parse(Language::Python, &text[region.clone()], None))
            .flatten();
        if parsed.is_none() {
            unparsed.push(region.clone());
        }
        if let Some(parsed) = parsed {
            out.extend(
                python::repr_fields(parsed.root_node(), &text[region.clone()])
                    .into_iter()
                    .map(|mut field| {
                        field.span = field.span.start + region.start..field.span.end + region.start;
                        field
                    }),
            );
        }
        i = last + 1;
    }
    drop_lexical_tokens(whole, &mut out, |field| &field.field);
    out
}

/// Hands `f` the statement parsed alone (its root, and the text it was
/// parsed from); spans come back in the document's coordinates. `None` when
/// the statement is over the nesting budget or its parse over the time
/// budget.
fn read_statement<R: Spans>(
    text: &str,
    line: &regions::LogicalLine,
    f: impl FnOnce(Node, &str) -> R,
) -> Option<R> {
    if line.too_deep {
        return None;
    }
    let snippet = regions::Snippet::new(text, line);
    let parsed = parse(Language::Python, &snippet.text, None)?;
    let mut out = f(parsed.root_node(), &snippet.text);
    out.map_spans(&|range| snippet.to_source(range, line.range.start));
    Some(out)
}

/// A thread's memory of what reading a piece of text alone gave (a Python
/// statement's or a Rust item's bindings), with the budget ticks it cost.
/// The same statements and items recur across a history's versions of a
/// file and across files. A remembered piece is charged its ticks, so that
/// a document runs out of budget exactly where it would have; what was
/// read while the budget ran out is not remembered.
struct Memo<V> {
    bytes: usize,
    entries: std::collections::HashMap<String, (u64, V)>,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            bytes: 0,
            entries: std::collections::HashMap::new(),
        }
    }
}

/// `compute`'s value for `key`, remembered in `memo` (see [`Memo`]).
fn memoised<V: Clone>(
    memo: &'static std::thread::LocalKey<RefCell<Memo<V>>>,
    key: &str,
    compute: impl FnOnce() -> Option<V>,
) -> Option<V> {
    /// Past this much text remembered, a memo starts afresh.
    const MEMO_BYTES: usize = 32 << 20;
    let remembered = memo.with(|memo| {
        let memo = memo.borrow();
        let (ticks, value) = memo.entries.get(key)?;
        budget::charge(*ticks).then(|| value.clone())
    });
    if remembered.is_some() {
        return remembered;
    }
    let before = budget::used();
    let exhausted_before = budget::is_exhausted();
    let value = compute()?;
    if !exhausted_before && !budget::is_exhausted() {
        let ticks = budget::used() - before;
        memo.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.bytes > MEMO_BYTES {
                *memo = Memo::default();
            }
            memo.bytes += key.len();
            memo.entries.insert(key.to_owned(), (ticks, value.clone()));
        });
    }
    Some(value)
}

/// Facts whose spans can be moved from a snippet's coordinates to the document's.
trait Spans {
    fn map_spans(&mut self, f: &dyn Fn(&Range<usize>) -> Range<usize>);
}

impl Spans for () {
    fn map_spans(&mut self, _: &dyn Fn(&Range<usize>) -> Range<usize>) {}
}

impl Spans for StatementFacts {
    fn map_spans(&mut self, f: &dyn Fn(&Range<usize>) -> Range<usize>) {
        for binding in &mut self.bindings {
            binding.span = f(&binding.span);
        }
        for access in &mut self.env {
            access.span = f(&access.span);
        }
    }
}

impl Spans for Vec<LoggedSecret> {
    fn map_spans(&mut self, f: &dyn Fn(&Range<usize>) -> Range<usize>) {
        for logged in self {
            logged.span = f(&logged.span);
        }
    }
}

/// The environment variables pydantic-settings classes read through their fields.
pub fn python_settings_class_fields(doc: &Document) -> Vec<EnvAccess> {
    if doc.language != Language::Python || !doc.text.contains("BaseSettings") {
        return Vec::new();
    }
    match doc.tree() {
        Some(tree) => python::settings_class_fields(tree.root_node(), &doc.text),
        None => parse(Language::Python, &doc.text, None).map_or_else(Vec::new, |tree| {
            python::settings_class_fields(tree.root_node(), &doc.text)
        }),
    }
}

/// What a Python settings module defines (for quick fixes that import from it).
pub fn python_settings_names(text: &str) -> python::SettingsNames {
    match parse(Language::Python, text, None) {
        Some(tree) => python::settings_names(tree.root_node(), text),
        None => python::SettingsNames::default(),
    }
}

/// `node` and then its ancestors up to `root`, nearest first, found by one
/// descent from `root`. Why not `Node::parent` in a loop: tree-sitter
/// answers each `parent` by descending from the root itself, so climbing a
/// chain that way costs the depth squared, and every environment read or
/// output macro of a deep expression (`env::var("A").unwrap() + …` a
/// thousand times) paid it: minutes for a 30 KB file (a15 #1).
pub(super) fn self_and_ancestors<'t>(root: Node<'t>, node: Node<'t>) -> Vec<Node<'t>> {
    let mut chain = vec![root];
    let mut current = root;
    while current != node {
        match current.child_with_descendant(node) {
            Some(next) => {
                chain.push(next);
                current = next;
            }
            None => break,
        }
    }
    if current != node {
        // Not under `root`: only `node` itself is known.
        return vec![node];
    }
    chain.reverse();
    chain
}

/// Nodes a walk visits per tick of the work budget (see [`budget`]): about
/// what a query spent on them.
const WALK_TICK: u32 = 50;

/// Calls `visit` on every node under `root`, the root included, in the
/// tree's order, with its field in its parent and its ancestors (the root
/// first, its parent last; none for the root). Metered like [`python::bindings`]:
/// the work budget stops the walk.
fn each_node<'t>(
    root: Node<'t>,
    text: &str,
    mut visit: impl FnMut(Node<'t>, Option<&'static str>, &[Node<'t>]),
) {
    let mut meter = budget::meter(text.len());
    let mut cursor = root.walk();
    // The ancestors of the cursor's node, the root first.
    let mut ancestors: Vec<Node<'t>> = Vec::new();
    let mut visited = 0u32;
    'walk: loop {
        let node = cursor.node();
        visit(node, cursor.field_name(), &ancestors);
        visited += 1;
        if visited % WALK_TICK == 0 && meter() {
            break;
        }
        if cursor.goto_first_child() {
            ancestors.push(node);
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
            ancestors.pop();
        }
    }
}

/// `node`'s children in the fields `names`, when it is a named node of kind
/// `kind` that has them all (what a query's `(kind a: (_) b: (_))` asks
/// before it looks at the children).
fn fields_of<'t, const N: usize>(
    node: Node<'t>,
    kind: &str,
    names: [&str; N],
) -> Option<[Node<'t>; N]> {
    if !is_named_kind(node, kind) {
        return None;
    }
    let mut out = [node; N];
    for (slot, name) in out.iter_mut().zip(names) {
        *slot = node.child_by_field_name(name)?;
    }
    Some(out)
}

/// Whether `node` is a named node of kind `kind` (what a query's
/// `(kind)` matches).
fn is_named_kind(node: Node, kind: &str) -> bool {
    node.is_named() && node.kind() == kind
}

fn node_text<'t>(node: Node, text: &'t str) -> &'t str {
    text.get(node.byte_range()).unwrap_or("")
}

/// Runs `query` over `root` and hands each match's captures, by name, to
/// `f`. Only tests run queries: each keeps the query a walk replaced and
/// holds the two equal.
#[cfg(test)]
fn for_each_match<'t>(
    query: &tree_sitter::Query,
    root: Node<'t>,
    text: &'t str,
    mut f: impl FnMut(&[(&str, Node<'t>)]),
) {
    use streaming_iterator::StreamingIterator;
    let names = query.capture_names();
    let mut cursor = tree_sitter::QueryCursor::new();
    let mut meter = budget::meter(text.len());
    let mut cancel = |_: &tree_sitter::QueryCursorState| meter();
    let mut matches = cursor.matches_with_options(
        query,
        root,
        text.as_bytes(),
        tree_sitter::QueryCursorOptions::new().progress_callback(&mut cancel),
    );
    let mut captures = Vec::new();
    while let Some(m) = matches.next() {
        captures.clear();
        captures.extend(m.captures.iter().map(|c| (names[c.index as usize], c.node)));
        f(&captures);
    }
}

#[cfg(test)]
fn capture<'t>(captures: &[(&str, Node<'t>)], name: &str) -> Option<Node<'t>> {
    captures
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, node)| *node)
}

/// Runs a query a walk replaced (kept in the walk's test) and the walk over
/// each of `sources`, and asserts they find the same nodes in the same
/// order: for each match, the ranges of the captures `names` (`a|b`: either
/// capture), as `walk` lists them for what it found. Returns how many
/// matches there were, for the test to check its sources show the shapes.
#[cfg(test)]
fn assert_walk_matches_query(
    language: Language,
    query: &str,
    names: &[&str],
    sources: &[&str],
    walk: impl Fn(Node, &str) -> Vec<Vec<Option<Range<usize>>>>,
) -> usize {
    let query = tree_sitter::Query::new(&language.grammar().unwrap(), query).unwrap();
    let mut seen = 0;
    for source in sources {
        let tree = parse(language, source, None).unwrap();
        let mut matched = Vec::new();
        for_each_match(&query, tree.root_node(), source, |captures| {
            let range = |name: &str| {
                name.split('|')
                    .find_map(|name| capture(captures, name))
                    .map(|n| n.byte_range())
            };
            matched.push(names.iter().map(|name| range(name)).collect::<Vec<_>>());
        });
        assert_eq!(walk(tree.root_node(), source), matched, "{source}");
        seen += matched.len();
    }
    seen
}

/// The (name, value) pairs a bindings walk finds in `source`, in order.
#[cfg(test)]
fn found_pairs(
    language: Language,
    source: &str,
    walk: fn(Node, &str) -> Vec<Binding>,
) -> Vec<(String, String)> {
    let tree = parse(language, source, None).expect("it parses");
    walk(tree.root_node(), source)
        .into_iter()
        .map(|b| (b.name, b.value))
        .collect()
}

#[cfg(test)]
fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    (expected.iter())
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::documented_as_reference;

    /// A Rust file the command line reads in parts (the items around the
    /// prefilter's hits, with their blocks' headers, the `use`
    /// declarations and the inner attributes) gives the findings of a parse
    /// of the whole file (the editor's), in the places where the parts
    /// could mislead (every Rust fixture: `tests/it/regressions.rs`).
    #[test]
    fn a_rust_file_read_in_parts_gives_the_findings_of_the_whole_file() {
        use crate::Config;
        // Blocks over 2 KB, so that they are split into their items.
        let filler = "    fn filler() -> u32 {\n        1 + 1\n    }\n".repeat(60);
        let tricky = format!(
            "use std::path::PathBuf;\n\n\
             pub struct Opts {{\n    pub password: PathBuf,\n}}\n\n\
             #[derive(Debug)]\npub struct Client {{\n    pub api_key: String,\n}}\n\n\
             pub fn show(opts: &Opts, token: &str) {{\n    println!(\"{{:?}} {{token}}\", opts.password);\n}}\n\n\
             pub struct AppSettings;\n\
             impl AppSettings {{\n{filler}\n    pub fn token() -> String {{\n        std::env::var(\"APP_TOKEN\").unwrap()\n    }}\n}}\n\n\
             pub fn home() -> String {{\n    std::env::var(\"HOME\").unwrap()\n}}\n\n\
             #[cfg(test)]\nmod tests {{\n    use std::env;\n{filler}\n    #[derive(Debug)]\n    struct Fake {{\n        secret: String,\n    }}\n    fn setup() {{\n        let _ = env::var(\"TEST_API_KEY\");\n        let api_key = \"Zx8qP2vN7rT4kL9mW3sB6yH1\";\n        eprintln!(\"{{api_key}}\");\n    }}\n}}\n"
        );
        // An imported environment function is called by its bare name.
        let imported = format!(
            "use std::env::{{var, VarError}};\n\n{filler}\npub fn read() -> Result<String, VarError> {{\n    var(\"HOME\")\n}}\n"
        );
        let test_only = format!("#![cfg(test)]\n\n{tricky}");
        // Functions over 2 KB, parsed in part: a statement with a hit, the
        // `use` and type alias of its body wherever they are, the function's
        // attributes and its `impl`; the statements between are dropped.
        let statements = "        let total = values.iter().map(|v| v.len()).sum::<usize>();\n\
             \x20       let braces = r#\"{ ; }\"#; let open = '{'; let semi = ';';\n\
             \x20       'outer: for v in values {\n            if v.is_empty() { break 'outer; }\n        }\n\
             \x20       m! { a; b; }\n        let f = |x: u32| { let y = x; y + 1 };\n"
            .repeat(12);
        let large = format!(
            "use std::env;\n\npub struct Settings;\n\n\
             impl Settings {{\n    pub fn load(values: &[String]) -> String {{\n{statements}\
             \x20       let home = env::var(\"HOME\").unwrap();\n{statements}\
             \x20       use jsonwebtoken::EncodingKey as E;\n        type S = secrecy::SecretString;\n{statements}\
             \x20       home\n    }}\n}}\n\n\
             pub fn run(values: &[String]) {{\n{statements}\
             \x20       let api_key = \"Zx8qP2vN7rT4kL9mW3sB6yH1\";\n{statements}\
             \x20       let key = E::from_secret(b\"Qm3vT8zL1pR6wK4yN9xD2sB7\");\n\
             \x20       use jsonwebtoken::EncodingKey as E;\n{statements}\
             \x20       println!(\"{{api_key}}\");\n        let _ = std::env::var(\"APP_TOKEN\");\n{statements}}}\n\n\
             #[cfg(test)]\nmod tests {{\n    #[test]\n    fn case() {{\n{statements}\
             \x20       let password = \"Pw7xK2mQ9vL4tR8zN3bY\";\n        eprintln!(\"{{password}}\");\n{statements}\
             \x20       #[derive(Debug)]\n        struct Fake {{\n            secret: String,\n        }}\n{statements}    }}\n}}\n"
        );
        let words = ["password", "key", "token", "secret", "env::", "from_secret"];
        let mut places: Vec<std::ops::Range<usize>> = (words.iter())
            .flat_map(|w| large.match_indices(w).map(|(at, w)| at..at + w.len()))
            .collect();
        places.sort_by_key(|r| r.start);
        let super::regions::RustRegions { regions, bodies } =
            super::regions::rust_regions(&large, &places, true).unwrap();
        assert_eq!(bodies.len(), 3, "every large function is parsed in part");
        let kept: usize = regions.iter().map(|r| r.len()).sum();
        assert!(kept * 4 < large.len(), "{kept} of {}", large.len());
        let files = [
            ("src/tricky.rs", tricky.clone()),
            ("src/test_only.rs", test_only),
            ("src/imported.rs", imported),
            ("src/large.rs", large),
        ];
        for (name, text) in &files {
            let [parts, whole] =
                crate::engine::rust_findings_in_parts_and_whole(name, text, &Config::default())
                    .unwrap();
            assert_eq!(parts, whole, "{name}");
        }
        // The tricky file is read in parts, and its findings are the ones
        // its contexts allow: the settings type's and the test module's
        // reads are not reported, nor the printed path.
        let hits = |words: &[&str]| {
            let mut hits: Vec<usize> = (words.iter())
                .flat_map(|w| tricky.match_indices(w).map(|(at, _)| at))
                .collect();
            hits.sort();
            hits
        };
        let (credential_hits, env_hits) = (
            hits(&["password", "key", "token", "secret"]),
            hits(&["env::"]),
        );
        let hints = super::Hints {
            credential_hits: &credential_hits,
            credential_lines: &[],
            env_hits: &env_hits,
        };
        let all = super::Wanted {
            bindings: true,
            env: true,
            logging: true,
            reprs: true,
        };
        assert!(super::rust_partial_tree(&tricky, all, &hints).is_some());
        let [found, _] = crate::engine::rust_findings_in_parts_and_whole(
            "src/tricky.rs",
            &tricky,
            &Config::default(),
        )
        .unwrap();
        let rules: Vec<(&str, &str)> = (found.iter())
            .map(|f| (f.0.as_str(), &tricky[f.1..f.2]))
            .collect();
        assert_eq!(
            rules,
            [
                ("env/direct-access", "std::env::var(\"HOME\")"),
                ("log/secret-in-repr", "api_key"),
                ("log/secret-logged", "token"),
                ("secret/hardcoded-credential", "Zx8qP2vN7rT4kL9mW3sB6yH1"),
            ]
        );
    }

    /// A credential word or an environment trigger in a comment asks for
    /// no parse of the item around it; one in code, or on a line with code
    /// before its comment, does, and the findings stay the whole file's.
    #[test]
    fn words_in_comments_need_no_parse() {
        use crate::Config;
        let text = "/// Returns the token of the session.\n\
                    pub fn session() -> u32 {\n    1\n}\n\n\
                    // Reads HOME through std::env::var.\n\
                    pub fn home() -> u32 {\n    2 /* the secret */\n}\n\n\
                    pub fn token() -> u32 {\n    3 // token\n}\n";
        let line = |needle: &str| {
            let at = text.find(needle).unwrap();
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            start..at + text[at..].find('\n').unwrap()
        };
        let word = |needle: &str| {
            let at = text.find(needle).unwrap();
            at..at + 1
        };
        let places = vec![
            line("the token of"),
            word("env::var"),
            word("secret"),
            line("3 // token"),
            word("token() ->"),
        ];
        let kept = super::rust_code_places(text, places);
        assert_eq!(kept, [line("3 // token"), word("token() ->")]);
        // Only the item with the word in code is parsed.
        let items = super::regions::rust_items(text, &kept).unwrap();
        assert_eq!(items.len(), 1);
        assert!(text[items[0].clone()].contains("pub fn token()"));
        let commented = "use std::env;\n\n\
                         /// The api_key below is the password of the test user.\n\
                         pub fn user() -> &'static str {\n    \"Zx8qP2vN7rT4kL9mW3sB6yH1\"\n}\n\n\
                         // env::var(\"HOME\") is read by the caller.\n\
                         pub fn path() -> &'static str {\n    \"/home\"\n}\n";
        let [parts, whole] = crate::engine::rust_findings_in_parts_and_whole(
            "src/commented.rs",
            commented,
            &Config::default(),
        )
        .unwrap();
        assert_eq!(parts, whole);
    }

    #[test]
    fn constants_modules() {
        for path in [
            "pkg/constants.py",
            "azure/identity/_constants.py",
            "pkg/http_constants.py",
            "hvac/constants/client.py",
        ] {
            assert!(
                super::is_constants_module(std::path::Path::new(path)),
                "{path}"
            );
        }
        for path in ["pkg/constants.rs", "pkg/constant_time.py", "pkg/views.py"] {
            assert!(
                !super::is_constants_module(std::path::Path::new(path)),
                "{path}"
            );
        }
    }

    #[test]
    fn the_salts_of_a_password_hash_are_its_parameters() {
        assert!(super::field_is_not_secret(
            "",
            "MD5Config",
            "prepend_salt",
            &super::Siblings::new(&["prepend_salt", "append_salt"])
        ));
        assert!(super::field_is_not_secret(
            "",
            "HashImport",
            "salt",
            &super::Siblings::new(&["salt", "iteration_amount"])
        ));
        assert!(super::field_is_not_secret(
            "",
            "KeyExchange",
            "salt",
            &super::Siblings::new(&["nonce", "salt"])
        ));
        // A salt of anything else, with no hash parameter beside it.
        assert!(!super::field_is_not_secret(
            "",
            "WebhookSigner",
            "signing_salt",
            &super::Siblings::new(&["signing_salt", "endpoint"])
        ));
    }

    #[test]
    fn a_credential_key_beside_an_identity_key_names_a_member() {
        let spec = [
            "client_id_key",
            "client_secret_key",
            "scope_key",
            "state_key",
        ];
        assert!(super::field_is_not_secret(
            "",
            "OauthSpec",
            "client_secret_key",
            &super::Siblings::new(&spec)
        ));
        assert!(super::field_is_not_secret(
            "",
            "Spec",
            "refresh_token_key",
            &super::Siblings::new(&["username_key"])
        ));
        // Without the identity's key name beside it, or a bare `secret_key`.
        assert!(!super::field_is_not_secret(
            "",
            "OauthSpec",
            "client_secret_key",
            &super::Siblings::new(&["client_id"])
        ));
        assert!(!super::field_is_not_secret(
            "",
            "S3",
            "secret_key",
            &super::Siblings::new(&["username_key"])
        ));
    }

    #[test]
    fn documentation_that_calls_a_field_a_reference() {
        for doc in [
            "Path to a client key file for TLS.",
            "The path of the token file",
            "Name of the Unity Catalog service credential to use.",
            "The ID of the secret in the vault.",
            "The Databricks secret key reference for an API key. If you prefer...",
            "Three-level name (``catalog.schema.secret``) of the secret\n    holding the token.",
            "Auth is always null, the API does not document this field",
            "A base64-encoded secret, encrypted with the bot's public RSA key.",
            "The user's password, encrypted with the server's key.",
            "A single-use `cvc_update` Token that represents a card CVC value.",
            "An [account token](https://example.com/docs/api#create_account_token), used to securely provide details to the account.",
            "A token representing the customer's bank account.",
            "Optional. The name of the secret version resource storing the API key. Format: `projects/p/secrets/s/versions/v`",
            "Required. Output only. The name of the secret holding the credentials.",
            "Optional. Reference to a server-managed Credential resource by ID.",
            "Optional reference to a stored credential by ID.",
            "Anonymous or pseudonymous user identifier.  Don't use personal data in user tokens.",
            "A user identifier.",
            "The session ID.",
            "Links to secrets",
            "The override to provide the custom `client_secret` key name, if required by the provider.",
            "User Credentials File",
            "Pseudonymous user identifier to restrict usage of this API key to specific users.  By default, rate limits are set based on IP addresses.",
            "\"vault kv get\" integration: secret name.",
            "The password file",
            "An optional URI leading to a PGP key that may be used to encrypt messages sent to the\n    contact.",
            "URL pointing to the signing key in the key server.",
        ] {
            assert!(documented_as_reference(doc), "{doc}");
        }
    }

    #[test]
    fn documentation_of_the_secret_itself() {
        for doc in [
            "Token to authenticate with; see the path of the CA file elsewhere.",
            "The API token. The name of the secret it came from is logged elsewhere.",
            "The OAuth client secret; see the reference documentation.",
            "The key used to decrypt data encrypted with the bot's key.",
            "The username of the secret's owner and their password",
            "The auth token; sometimes null.",
            "An access token that represents the user's authorization to read card details.",
            "An ID token used to provide the user's identity to the relying party.",
            "A token that represents the session.",
            "Optional. The API key used to authenticate requests.",
            "Required. The bearer token; the name of the header is fixed.",
            "The key used as the client's identifier.",
            "The shared secret identifier.",
            "A token that the server issues and the client sends back with each request as its identifier.",
            "The secret linked to the account.",
            "The key, named after its owner.",
            "Contents of the credentials file",
            "An identifier used as the bearer credential for the user",
            "The token for the user identifier, sent with each request to the API",
            "API key or key file",
            "The password used for the archive file",
            "Key to sign tokens with: the private key read from the file",
            "URL with the access token embedded in its query string.",
            "The URL-safe base64 of the private key, leading to no file.",
            "",
        ] {
            assert!(!documented_as_reference(doc), "{doc}");
        }
    }

    #[test]
    fn a_bare_token_of_a_payment_instrument() {
        use super::payment_instrument_token;
        for context in [
            &["payment_method", "TokenParams"][..],
            &["", "CardParams"],
            &["", "BankAccountTokenParams"],
            &["create_charge"],
        ] {
            assert!(payment_instrument_token("token", context), "{context:?}");
        }
        for context in [
            &["payment_method", "PaymentClient"][..],
            &["", "CheckoutConfig"],
            &["", "PaymentProvider"],
            &["", "CardholderAuth"],
            &["", "Invoice"],
            &["charge_webhook"],
        ] {
            assert!(!payment_instrument_token("token", context), "{context:?}");
        }
        assert!(!payment_instrument_token(
            "provider_token",
            &["", "CardParams"]
        ));
    }

    /// A document read once (an editor's document just opened) finds what
    /// any reading of its tree finds, and leaves nothing in the process's
    /// memory of items; read again without it, its items are remembered.
    #[test]
    fn a_document_read_once_leaves_its_items_unremembered() {
        use crate::{check, Config, Document, Language};
        let text = "use std::env;\n\npub fn read_once_marker() -> String {\n    env::var(\"READ_ONCE_MARKER\").unwrap_or_default()\n}\n\npub fn read_once_secret() {\n    let password = \"Zq8rL2mK4xW9tYv1Np\";\n    let _ = password;\n}\n";
        let tree = super::parse(Language::Rust, text, None).unwrap();
        let remembered = || {
            let memo = super::ITEM_MEMO.lock().unwrap();
            (memo.facts.values())
                .any(|items| items.keys().any(|item| item.contains("read_once_marker")))
        };
        let document = || {
            Document::with_language("src/read_once.rs", Language::Rust, text)
                .with_tree(tree.clone())
        };
        let once = check(&document().read_once(), &Config::default());
        assert!(!remembered());
        let remembering = check(&document(), &Config::default());
        assert_eq!(once, remembering);
        assert_eq!(once.len(), 2, "{once:?}");
        assert!(remembered());
    }
}
