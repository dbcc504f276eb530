//! Is this name a credential's, and which kind?
//!
//! A name is split into words (`apiKey`, `API_KEY`, `X-Api-Key` all give
//! `api key`), and its *head* decides: the last word, once trailing digits and
//! qualifiers that do not change what is held (`_value`, `_str`, `_b64`,
//! `_prod`) are dropped. `db_password2` and `secret_key_base` name
//! credentials; `AUTH_USER_MODEL`, `auth_protocol` and `OPENSSH_AUTH_MAGIC`
//! mention a credential word but name a model, a protocol and a constant.

use super::NameKind;

pub(super) const PASSWORD_WORDS: &[&str] = &[
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

pub(super) const SECRET_WORDS: &[&str] = &[
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
    // Duo's secret key, beside its integration key (`ikey`) and API host:
    // `Client(ikey=…, skey=…, host=…)`, `DUO_SKEY`.
    "skey",
    // A pre-shared key: the symmetric secret both ends of a link hold (an
    // ESPHome device's Noise `noise_psk`, WPA's `wifi_psk`, TLS-PSK's
    // `psk`), as `preshared_key` says in full. Its identity (`psk_identity`)
    // is a name, and keeps `identity` as its head.
    "psk",
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
    "preshared",
    "rsa",
    "cipher",
    "fernet",
    "service",
    "admin",
    // S3's server-side encryption with a customer-provided key (SSE-C): the
    // caller sends the 256-bit key itself with every request.
    "ssec",
    // A BGP session's TCP MD5 authentication key (RFC 2385), the password
    // both routers share: `bgp_key`, `primary_bgp_key`.
    "bgp",
];

/// Words naming another party: its signing key is held here only as the
/// public half.
const REMOTE_PARTY_WORDS: &[&str] = &["remote", "peer", "peers", "their"];

/// Leading words of flags and predicates: `is_password`, `show_password`;
/// and of a password flow's step, named for what it does (`reset_password`,
/// `UPDATE_USER_PASSWORD`, `change_password`: a route, form or permission).
const DESCRIPTIVE_PREFIXES: &[&str] = &[
    "is", "has", "use", "enable", "show", "hide", "require", "allow", "no", "needs", "check",
    "validate", "verify", "forgot", "reset", "new", "confirm", "old", "update", "change",
];

/// Leading words of a quantity: `total_secrets`, `num_passwords`,
/// `MAX_TOKENS`, `count_secrets` count or bound credentials and hold a
/// number, not one of them.
const QUANTITY_PREFIXES: &[&str] = &["total", "num", "number", "count", "max", "min"];

/// Leading words of ciphertext: `encrypted_random_session_key` (an NTLM
/// message's session key, sealed with a key derived from the password),
/// `encrypted_password`, `EncryptedToken`: what such a name holds is the
/// credential after encryption, useless without the key it was sealed with,
/// as SOPS and SealedSecrets values are (see `shape::is_ciphertext`). The
/// key it was sealed with has a name of its own (`encryption_key`). An
/// encrypted *private* key is still a key (`encrypted_private_key`: PKCS#8
/// sealed with a passphrase, which a repository holding the key often holds
/// too), and stays a credential.
const CIPHERTEXT_PREFIXES: &[&str] = &["encrypted"];

/// Leading words of a location: `path_private_key`, `filepath_token`,
/// `dir_secrets` say where a credential is kept and hold a path, as
/// `private_key_path` does with the word at its end. (`file` is not one:
/// a `file_key` is the key a file is encrypted with.)
const LOCATION_PREFIXES: &[&str] = &[
    "path",
    "paths",
    "filepath",
    "filename",
    "dir",
    "dirname",
    "directory",
    "folder",
];

/// `next_token`, `page_token`, `client_token`, `lock_token`: pagination
/// cursors, idempotency keys and optimistic-locking tokens, which APIs hand
/// out freely; `resume_token`, `routing_token`, `restore_token`,
/// `sequence_token`, `checkpoint_token`: handles of an operation (where a
/// change stream or upload resumes, which server an append goes to, which
/// generation of a deleted object to restore, the position in a log stream);
/// `since_token`, `from_token`, `to_token`, `now_token`, `batch_token`: the
/// bounds of a range in an event stream or a paginated timeline (Matrix's
/// sync and `/messages` stream positions, `s72594_4483_1934`), which a
/// client sends back to say where it is, not who it is;
/// `next_offset_token`, `progress_token`: where the next page starts, which
/// request a progress notification is about (MCP's `progressToken`);
/// `version_token`: which version of a resource an update was made against
/// (Square's payments API sends it back, as an ETag is), so a concurrent
/// change is refused; it names a revision, not a caller;
/// `prerelease_token`: the label of a prerelease version (`rc` in
/// `1.2.3-rc.1`, semantic versioning's dot-separated identifiers), a token
/// of the version string;
/// `Postman-Token`: the random UUID the Postman client adds to every request
/// it sends, so a recorded request (an API gateway's test event) says which
/// send it was; it authenticates nothing;
/// `csrf_token`, `xsrf_token`: a per-session anti-forgery value (or an OAuth
/// `state`), which the page or redirect URL carries in clear and which
/// forges nothing without the victim's own session cookie; for the same
/// reason `csrf` and `xsrf` alone are no credential words. The key that
/// signs CSRF tokens is a credential, and keeps its name (`csrf_secret`,
/// `csrf_token_secret`).
const NON_SECRET_TOKEN_QUALIFIERS: &[&str] = &[
    "next",
    "page",
    "pagination",
    "offset",
    "progress",
    "csrf",
    "xsrf",
    "continuation",
    "resume",
    "resumption",
    "routing",
    "restore",
    "sequence",
    "checkpoint",
    "starting",
    "lock",
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
    "since",
    "from",
    "to",
    "now",
    "batch",
    "lexer",
    "parse",
    "parser",
    "input",
    "output",
    "current",
    "peek",
    "prerelease",
    "version",
    "postman",
    // `affiliate_token`, `referral_token`: the code a referral link carries
    // in clear to say who referred a customer (Chargebee's, Rewardful's
    // affiliate tracking), which credits a referrer and authenticates no one.
    "affiliate",
    "referral",
    // A tokenizer's special tokens (`mask_token` is `[MASK]`, `pad_token`,
    // `bos_token`, `eos_token`, `unk_token`, `sep_token`, `cls_token`):
    // pieces of a language model's text.
    "mask",
    "pad",
    "bos",
    "eos",
    "unk",
    "sep",
    "cls",
];

/// `card_token`, `cvc_token`, `bank_account_token`, `payment_method_token`:
/// a payment processor's token standing for card or bank data (Stripe's
/// `tok_…`/`btok_…`/`cvctok_…`, Braintree's and Spreedly's payment method
/// tokens). It is made client-side with a publishable key or names a vaulted
/// payment method, and only the merchant's secret key can use it: a
/// reference to data the processor holds, not a credential. (`payment_token`
/// alone is left a credential's name: a payment provider's API token goes by
/// it as often.)
const PAYMENT_DATA_TOKEN_QUALIFIERS: &[&[&str]] = &[
    &["card"],
    &["cvc"],
    &["cvv"],
    &["bank"],
    &["iban"],
    &["bank", "account"],
    &["payment", "method"],
];

/// `FRAMEWORK_UA_TOKEN`, `user_agent_token`, `useragent_token`: a product
/// token of a `User-Agent` header (`MyApp/1.2`,
/// `x-client-framework:langchain-aws`), which every request sends in clear
/// to say which software made it. It authenticates nothing.
const USER_AGENT_TOKEN_QUALIFIERS: &[&[&str]] = &[&["ua"], &["useragent"], &["user", "agent"]];

/// Whether the words before a `token` head (`words` without it) end with
/// one of `qualifiers` (see [`PAYMENT_DATA_TOKEN_QUALIFIERS`] and
/// [`USER_AGENT_TOKEN_QUALIFIERS`]).
fn qualified_token(before: &[String], qualifiers: &[&[&str]]) -> bool {
    qualifiers.iter().any(|qualifier| {
        before.len() >= qualifier.len()
            && before[before.len() - qualifier.len()..]
                .iter()
                .zip(qualifier.iter())
                .all(|(word, q)| word == q)
    })
}

/// `emv_auth_data`, `issuing_authorization`, `payment_authorization`,
/// `card_auth`: `auth` in the payments sense, an issuer's approval of a
/// charge (an EMV authorization cryptogram, the id of an authorization
/// object), not an authentication. Only the word right before `auth` counts:
/// `payment_gateway_auth` is still the gateway's credentials.
const PAYMENT_AUTHORIZATION_QUALIFIERS: &[&str] = &[
    "emv",
    "issuing",
    "payment",
    "payments",
    "charge",
    "card",
    "capture",
    "transaction",
    "purchase",
];

/// Words that say a credential-named value is only a shown part of it:
/// `truncated_secret`, `masked_api_key`, `redacted_token`, `partial_key`,
/// `last4_token`, `token_hint`, `key_prefix` (the last two end in a word
/// that is no credential's and need no entry). What is printed is what the
/// API itself shows, not the secret (see [`names_shown_part`]).
const MASKED_WORDS: &[&str] = &[
    "truncated",
    "masked",
    "redacted",
    "obfuscated",
    "obscured",
    "partial",
    "last4",
    "hint",
    "prefix",
];

/// Whether `name` names a shown part of a secret (see [`MASKED_WORDS`]):
/// `truncated_secret`, `api_key_last4` (`last4` splits into `last`, `4`);
/// `non_redacted_token` is the whole secret. Only the log rules ask this:
/// the name model still takes these as credentials' names, so a hardcoded
/// value is judged by its shape (Django's "masked" CSRF secret is the secret
/// XORed with a mask it carries, and recoverable).
fn names_shown_part(name: &str) -> bool {
    let words = words(name);
    words.iter().enumerate().any(|(i, w)| {
        let negated = i > 0 && matches!(words[i - 1].as_str(), "non" | "not" | "un");
        let last4 = w == "last" && words.get(i + 1).is_some_and(|n| n == "4");
        (MASKED_WORDS.contains(&w.as_str()) || last4) && !negated
    })
}

/// Words that make an upper-case constant's name describe a message about
/// a credential rather than the credential: `MISSING_API_KEY`,
/// `BAD_ENCODED_SECRET_API_KEY`, `API_KEY_REQUIRED_ERROR`. They say what
/// state the credential is in, wherever they stand.
const STATE_WORDS: &[&str] = &["missing", "invalid", "failed", "bad", "required", "unset"];

/// Nouns that make such a name a message's (`PASSWORD_PROMPT`,
/// `INVALID_TOKEN_MSG`) only after the credential's words: before them they
/// name a vendor or a feature whose credential it is (`HELP_SCOUT_API_KEY`,
/// `ERROR_REPORTING_API_KEY`, `PROMPT_API_KEY`, `WARN_WEBHOOK_SECRET`), and
/// a name that ends in a credential is one (a13 #7).
const MESSAGE_NOUNS: &[&str] = &[
    "msg", "message", "messages", "error", "errors", "err", "warning", "warn", "help", "prompt",
];

/// Whether `name` is an upper-case constant named for a message about a
/// credential (see [`STATE_WORDS`], [`MESSAGE_NOUNS`]): `_MISSING_API_KEY
/// = "Not logged in. Run `tg login`."`,
/// `logging_messages.BAD_ENCODED_SECRET_API_KEY`. A constant's name says
/// what it is, and one that calls itself missing, invalid, an error or a
/// prompt is the text shown when the credential is absent or wrong:
/// printing it is the point. Only the log rules ask this (a name reaching
/// output whatever its value); a hardcoded value under such a name is still
/// judged by its shape, and a lower-case `invalid_token` is a variable that
/// may hold the token itself.
fn names_message(name: &str) -> bool {
    let constant = name.trim_start_matches('_');
    let words = words(constant);
    constant.bytes().any(|b| b.is_ascii_uppercase())
        && !constant.bytes().any(|b| b.is_ascii_lowercase())
        && words.iter().enumerate().any(|(i, w)| {
            STATE_WORDS.contains(&w.as_str())
                || MESSAGE_NOUNS.contains(&w.as_str())
                    && credential_kind(&words[i + 1..].join("_")).is_none()
        })
}

/// Whether a credential-named value that reaches output shows no secret by
/// its name alone: an access key's id ([`names_key_id`]), a shown part of a
/// secret ([`names_shown_part`]) or a message about one ([`names_message`]).
/// The log rules' one question of the name model beyond [`credential_kind`].
pub fn names_shown_in_clear(name: &str) -> bool {
    names_key_id(name)
        || names_shown_part(name)
        || names_message(name)
        || names_secret_object(name)
        || names_a_salt(name)
        || names_a_source(name)
}

/// Whether `name` is WebAuthn's authenticator data or attestation object
/// (`auth_data`, `authenticator_data`, `authData`, `attestation_object`,
/// `attested_credential_data`), whose members (`credential_data`,
/// `credential_id`, `credential_public_key`, the counter, the flags) the
/// authenticator signs and the client sends the relying party in clear
/// (WebAuthn §6.1, §6.5): a credential there is a public-key credential,
/// and printing one of its members shows no secret. The log rules ask this
/// of the object a credential-named attribute is read from
/// (`auth_data.credential_data`).
pub fn names_authenticator_data(name: &str) -> bool {
    let words = words(name);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    matches!(
        words.as_slice(),
        ["auth" | "authenticator", "data"]
            | ["attestation", "object" | "obj"]
            | ["attested", "credential", "data"]
    )
}

/// Whether `name` is a salt's (`salt`, `password_salt`, `content_salt`):
/// a salt is public by design, stored beside the hash it salts, sent in
/// clear beside a key exchange's nonce (SPAKE2, RFC 8188's content
/// encoding) or published in a session state (OIDC session management);
/// printing it gives nothing away. A `secret_salt` (or a pepper, which is
/// no salt) is kept secret by its name's own word and stays reported, and
/// so does a signing salt (`signing_salt`, and a bare `salt` of a type named
/// for signing, which the log rules ask with [`SIGNING_WORDS`]): mixed into
/// an application's signing key, it is that application's secret.
///
/// An index after the salt's word (`salt1`, `salt_2`: the first and second
/// salts of a PRF or hmac-secret evaluation) is no word of what it is.
pub fn names_a_salt(name: &str) -> bool {
    let mut words = words(name);
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
    {
        words.pop();
    }
    matches!(words.last().map(String::as_str), Some("salt" | "salts")) && !salt_kept_secret(&words)
}

/// Whether a salt's name (its last word `salt`) names the key-derivation
/// function it feeds (`POW_SCRYPT_SALT`, `PBKDF2_SALT`, `argon2Salt`) and
/// nothing that keeps it secret (see [`salt_kept_secret`]): like the cost
/// beside it, a parameter of the derivation.
pub fn names_a_kdf_salt(name: &str) -> bool {
    const KDF_WORDS: &[&str] = &[
        "scrypt", "yescrypt", "pbkdf", "argon", "bcrypt", "hkdf", "kdf",
    ];
    let words = words(name);
    words.iter().any(|w| KDF_WORDS.contains(&w.as_str())) && !salt_kept_secret(&words)
}

/// The one answer every salt judgement shares: a salt whose name's words
/// say it is kept secret (`secret`, `private`), is no salt but a pepper, or
/// is a signing key's ([`SIGNING_WORDS`]) is a secret whatever else says
/// salts are public.
fn salt_kept_secret(words: &[String]) -> bool {
    words.iter().any(|w| {
        matches!(w.as_str(), "secret" | "private" | "pepper") || SIGNING_WORDS.contains(&w.as_str())
    })
}

/// Words that make a salt a signing key's (see [`names_a_salt`]).
pub const SIGNING_WORDS: &[&str] = &["sign", "signing", "signer", "signature", "hmac"];

/// Whether `name` says where its value comes from rather than what it is:
/// `value_from_secret`, `env_from_secret` (a deployment's environment
/// variable whose value is read from a named secret, Kubernetes'
/// `valueFrom`). The credential's word follows `from`, and none comes
/// before it: `token_from_secret` is a token, whatever it was read from.
fn names_a_source(name: &str) -> bool {
    let words = words(name);
    words.iter().position(|w| w == "from").is_some_and(|at| {
        at > 0
            && credential_kind(&words[at + 1..].join("_")).is_some()
            && credential_kind(&words[..at].join("_")).is_none()
    })
}

/// Whether `name` is a secret object's named for the credentials it holds:
/// `credentials_secret`, `credentialsSecret`, `creds_secret`. In the
/// platforms' own words (a Kubernetes `Secret`, a cloud platform's secret
/// resource, `accounts/…/secrets/…`) a "credentials secret" is the stored
/// object, and code holds its name; the values stay in the store. A
/// credential word after `secret` (`secret_credentials`) or before the
/// pair's own credential (`client_credentials_secret`, an OAuth client's
/// secret) keeps the name a credential's. Only the log rules ask this.
fn names_secret_object(name: &str) -> bool {
    matches!(
        words(name).as_slice(),
        [held, object] if matches!(held.as_str(), "credential" | "credentials" | "creds")
            && matches!(object.as_str(), "secret" | "secrets")
    )
}

/// Words before a `token` head that say it renders something, not
/// authenticates: `widget_context_token`, `google_maps_widget_context_token`
/// (a handle a client passes to a widget to draw a result).
const RENDERING_TOKEN_WORDS: &[&str] = &["widget", "widgets"];

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

/// `words` without a trailing number: an index after a name
/// (`HASH_SECRET_2`) names one of a family.
fn without_index(words: &[String]) -> &[String] {
    match words {
        [rest @ .., last] if last.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => words,
    }
}

/// Whether `words` end in `hash secret` (`HASH_SECRET`, `hashing_secret`,
/// `hashSecret`): the secret a keyed hash is computed with, an HMAC's key
/// (an app's client sends the digest of a timestamp under it), not a
/// digest. The secret is the head; `secret_hash`, whose head is the hash,
/// stays a digest's name, and so does any other hash word before the pair
/// (`sha256_hash_secret`: which is which is not said).
fn names_a_hash_secret(words: &[String]) -> bool {
    let words = without_index(words);
    match words {
        [before @ .., hash, secret] => {
            matches!(hash.as_str(), "hash" | "hashing")
                && secret == "secret"
                && !before.iter().any(|w| HASH_WORDS.contains(&w.as_str()))
        }
        _ => false,
    }
}

/// Whether `words` end in `api hash` (`API_HASH`, `apiHash`,
/// `TELEGRAM_API_HASH`): Telegram's application secret, which every MTProto
/// client (Telethon, Pyrogram, TDLib, grammers) signs in with beside the
/// public numeric `api_id`. It is a credential that happens to be called a
/// hash, not a digest of anything. Any other hash word before the pair
/// (`sha256_api_hash`, the digest of an API description) keeps the name a
/// digest's.
fn names_an_api_hash(words: &[String]) -> bool {
    let words = without_index(words);
    match words {
        [before @ .., api, hash] => {
            api == "api"
                && hash == "hash"
                && !before.iter().any(|w| HASH_WORDS.contains(&w.as_str()))
        }
        _ => false,
    }
}

/// Whether `name` is an HTTP header's (`X-Auth-Hash`, `rtp-play-auth-hash`:
/// a header token, words joined by dashes only) that says it carries an
/// authentication hash: what a client sends to authenticate is its
/// credential, a digest as much as a token, since replaying it is all an
/// attacker needs. Only `auth` right before the hash word counts: a header
/// with the digest of a key sent beside it (`X-Amz-…-Customer-Key-MD5`,
/// `x-ms-encryption-key-sha256`) checks that key and authenticates nothing.
/// The name model itself still takes every name with a hash word for a
/// digest's ([`credential_kind`]); the secret rules ask this of a `headers`
/// mapping's members only.
pub fn names_auth_hash_header(name: &str) -> bool {
    let name = name.trim_matches(['"', '\'', '`']);
    if !name.contains('-') || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return false;
    }
    let words = words(name);
    matches!(
        words.as_slice(),
        [.., auth, hash] if auth == "auth" && HASH_WORDS.contains(&hash.as_str())
    )
}

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

/// Trailing words that say how a credential is held or where it is used,
/// not what it is: `password_confirmation`, `api_key_b64`, `SECRET_KEY_PROD`.
const TRANSPARENT_SUFFIXES: &[&str] = &[
    "value",
    "values",
    "str",
    "string",
    "bytes",
    "raw",
    "plain",
    "plaintext",
    "hex",
    "encoded",
    "pem",
    "json",
    "data",
    "header",
    "base",
    "default",
    "fallback",
    "fallbacks",
    "override",
    "confirm",
    "confirmation",
    "again",
    "repeat",
    "prod",
    "production",
    "dev",
    "development",
    "staging",
    "stage",
    "test",
    "local",
    "live",
    // A second credential of the same kind, beside the first: a test's
    // other account (`PERSONAL_ACCESS_TOKEN_ALTER`), a key kept while the
    // next one rolls out (`SECRET_KEY_SECONDARY`, `api_key_backup`).
    "alt",
    "alter",
    "alternate",
    "alternative",
    "backup",
    "primary",
    "secondary",
    "previous",
    "rotated",
    // Whose or which one of a kind: the project's own credential beside a
    // vendor's (`client_secret_own`, `password_mine`), the one a form or a
    // rotation changes from or to (`password_old`, `password_new`,
    // `password_current`, `signing_key_next`), a short-lived one
    // (`token_tmp`), a copy (`api_key_orig`).
    "own",
    "mine",
    "old",
    "new",
    "current",
    "curr",
    "next",
    "tmp",
    "temp",
    "temporary",
    "orig",
    "original",
    "copy",
    // A key's seed is the key: an Ed25519 private key is its 32-byte seed
    // (`secret_key_seed`, `signing_key_seed`). Alone (`random_seed`) the
    // word before it decides, as for every suffix here.
    "seed",
];

/// Credential words that also end compound words: `pgpassword`, `clientsecret`.
/// (`pass` is left out: `bypass`, `compass`.)
const COMPOUND_ENDINGS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "secretkey",
    "privatekey",
    "accesskey",
];

/// Model words whose bare text is common in code for other reasons (the
/// `pass` statement, `bypass`, `compass`, `passed`): the prefilter counts
/// them only as a word joined to another one (see [`joined_word`]).
const JOINED_ONLY: &[&str] = &["pass"];

/// The single words the model takes as a credential's head.
fn head_words() -> impl Iterator<Item = &'static str> {
    PASSWORD_WORDS
        .iter()
        .chain(SECRET_WORDS)
        .chain(COMPOUND_ENDINGS)
        .copied()
}

/// The two-word heads: a qualifier and `key` (`api_key`), `erlang cookie`.
fn two_word_heads() -> impl Iterator<Item = (&'static str, &'static str)> {
    KEY_QUALIFIERS
        .iter()
        .map(|qualifier| (*qualifier, "key"))
        // `temp_url_key`: the prefilter needs only its last two words.
        .chain([("erlang", "cookie"), ("url", "key")])
}

/// The words the engine's prefilter looks for before anything is parsed,
/// derived from this model so that the two cannot drift apart: every name
/// [`credential_kind`] accepts holds one of them (the engine's tests check
/// every word of the model). A name holding none is never judged.
pub fn prefilter_words() -> Vec<String> {
    let mut out: Vec<String> = head_words().map(str::to_owned).collect();
    // Telegram's `api_hash` heads on no credential word (see [`names_an_api_hash`]).
    for (first, second) in two_word_heads().chain([("api", "hash")]) {
        for sep in ["_", "", "-", "."] {
            out.push(format!("{first}{sep}{second}"));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether a prefilter hit on `bytes[start..end]` counts. Most words count
/// wherever they are; a [`JOINED_ONLY`] word counts only as one word of a
/// longer name: after or before a separator (`db_pass`, `pass_file`,
/// `.pass`) or at a camel-case boundary (`dbPass`, `passFile`), and not
/// inside another word (`bypass`, `passed`).
pub fn joined_word(bytes: &[u8], start: usize, end: usize) -> bool {
    let hit = &bytes[start..end];
    if !JOINED_ONLY
        .iter()
        .any(|w| hit.eq_ignore_ascii_case(w.as_bytes()))
    {
        return true;
    }
    let separator = |b: &u8| matches!(b, b'_' | b'-' | b'.');
    let prev = start.checked_sub(1).map(|i| bytes[i]);
    let next = bytes.get(end).copied();
    let upper_first = hit[0].is_ascii_uppercase();
    let lower_last = hit[hit.len() - 1].is_ascii_lowercase();
    let inside_before = prev.is_some_and(|p| p.is_ascii_lowercase()) && !upper_first;
    let inside_after = next.is_some_and(|n| n.is_ascii_lowercase());
    if inside_before || inside_after {
        return false;
    }
    let joined_before = prev.is_some_and(|p| {
        separator(&p) || upper_first && (p.is_ascii_lowercase() || p.is_ascii_digit())
    });
    let joined_after = next.is_some_and(|n| separator(&n) || lower_last && n.is_ascii_uppercase());
    joined_before || joined_after
}

/// Every word the model takes as a credential's head, for tests that hold
/// other parts of the engine to it.
#[cfg(test)]
pub fn model_words() -> Vec<String> {
    head_words()
        .map(str::to_owned)
        .chain(two_word_heads().map(|(first, second)| format!("{first}_{second}")))
        .chain(["api_hash".to_owned()])
        .collect()
}

/// Whether `name` names a credential, and which kind.
pub fn credential_kind(name: &str) -> Option<NameKind> {
    if is_type_path(name) {
        return None;
    }
    let mut words = words(name);
    if names_an_api_hash(&words) {
        return Some(NameKind::Secret);
    }
    // A bare `pass` is a verb as often as a noun (`check.pass(…)`); `db_pass` is a noun.
    if words.len() == 1 && words[0] == "pass" {
        return None;
    }
    if words.len() > 1
        && (DESCRIPTIVE_PREFIXES.contains(&words[0].as_str())
            || QUANTITY_PREFIXES.contains(&words[0].as_str())
            || LOCATION_PREFIXES.contains(&words[0].as_str())
            || CIPHERTEXT_PREFIXES.contains(&words[0].as_str())
                && !words.iter().any(|w| w == "private"))
        || words.iter().any(|w| HASH_WORDS.contains(&w.as_str())) && !names_a_hash_secret(&words)
    {
        return None;
    }
    while words.len() > 1
        && words.last().is_some_and(|w| {
            // Digits and single letters index a family: `TOKEN_2`, `TOKEN_A`.
            w.chars().all(|c| c.is_ascii_digit())
                || w.chars().count() == 1
                || TRANSPARENT_SUFFIXES.contains(&w.as_str())
        })
    {
        words.pop();
    }
    let head = words.last()?.as_str();
    let previous = words.len().checked_sub(2).map(|i| words[i].as_str());
    // `EXPERIMENTS_PER_PASS`, `requests_per_token`: a rate, per round or per
    // unit of text.
    if previous == Some("per") {
        return None;
    }
    // `NON_SECRETS`, `not_secret`, `NOT_A_PASSWORD`: a credential word negated
    // by the word before it names what is *not* a credential (a redactor's
    // test list of UUIDs, digests and versions it must leave alone). Only
    // the word right before the head negates: `NON_PROD_PASSWORD` is the
    // password of a non-production environment.
    // `without` and `no` negate as `non` does (`no_password`), and a
    // negation reaches over a list joined by `or`/`and` to the head
    // (`without_uid_or_pwd`, a connection string written to have no
    // password; `no_user_or_password`).
    let before_previous = words.len().checked_sub(3).map(|i| words[i].as_str());
    let mut first = words.len() - 1;
    while first >= 2 && matches!(words[first - 1].as_str(), "or" | "and") {
        first -= 2;
    }
    let negating = first
        .checked_sub(1)
        .map(|i| words[i].as_str())
        .is_some_and(|w| matches!(w, "non" | "not" | "no" | "without"));
    if negating || before_previous == Some("not") && matches!(previous, Some("a" | "an")) {
        return None;
    }
    // `BCRYPT_MAX_PASSWORD_BYTES`, `DEFAULT_MAX_TOKENS`: a bound further into
    // the name, as `max_tokens` is at its start.
    if previous.is_some_and(|p| QUANTITY_PREFIXES.contains(&p)) {
        return None;
    }
    if matches!(head, "token" | "tokens")
        && (previous.is_some_and(|p| NON_SECRET_TOKEN_QUALIFIERS.contains(&p))
            || qualified_token(&words[..words.len() - 1], PAYMENT_DATA_TOKEN_QUALIFIERS)
            || qualified_token(&words[..words.len() - 1], USER_AGENT_TOKEN_QUALIFIERS)
            || words[..words.len() - 1]
                .iter()
                .any(|w| RENDERING_TOKEN_WORDS.contains(&w.as_str())))
    {
        return None;
    }
    // `publicKeyToken`, `PublicKeyToken`, `publickeytoken`: .NET's strong-name
    // public key token, the last 8 bytes of a SHA-1 of an assembly's public
    // key, which every side-by-side manifest, `app.config` and
    // assembly-qualified type name carries in clear to say whose assembly is
    // meant. It names a digest of a public key, not a credential.
    if head == "publickeytoken"
        || matches!(head, "token" | "tokens")
            && words.len() >= 3
            && words[words.len() - 3..words.len() - 1] == ["public", "key"]
    {
        return None;
    }
    if matches!(head, "auth" | "authorization" | "authorizations")
        && previous.is_some_and(|p| PAYMENT_AUTHORIZATION_QUALIFIERS.contains(&p))
    {
        return None;
    }
    // `pre_auth`, `PreAuth`, `post_auth`: a step around authentication, named
    // for when it runs (Duo's preauth call, which says which factors a user
    // may enrol or use, and its result; a server's pre- and
    // post-authentication hooks), not what authenticates. Only the step
    // itself: `pre_auth_key` and `pre_auth_token` name credentials.
    if head == "auth" && previous.is_some_and(|p| matches!(p, "pre" | "post")) {
        return None;
    }
    // `withdrawal_credentials`: where a beacon-chain validator's stake goes,
    // a prefix byte and the hash of a BLS public key or an execution address
    // (the consensus specs), which the chain publishes for every validator.
    // It commits to a destination and authenticates nothing.
    if matches!(head, "credential" | "credentials") && previous == Some("withdrawal") {
        return None;
    }
    // `remote_master_key`, `peer_signing_key`, `remote_self_signing_key`: the
    // signing key of another party, which nobody holds but the public half of
    // (a remote user's cross-signing keys, a peer's identity).
    if matches!(head, "key" | "keys")
        && previous.is_some_and(|p| matches!(p, "signing" | "sign" | "master"))
        && words[..words.len() - 2]
            .iter()
            .any(|w| REMOTE_PARTY_WORDS.contains(&w.as_str()))
    {
        return None;
    }
    let qualified_key =
        matches!(head, "key" | "keys") && previous.is_some_and(|p| KEY_QUALIFIERS.contains(&p));
    // RabbitMQ's and every Erlang cluster's shared secret.
    let erlang_cookie = head == "cookie" && previous == Some("erlang");
    // `temp_url_key`, `X-Account-Meta-Temp-URL-Key`: the key an object store
    // (OpenStack Swift, Ceph's RADOS Gateway) signs temporary URLs with;
    // whoever holds it can hand out a working link to any object of the
    // account. A `url_key` alone is a slug.
    let temp_url_key = matches!(head, "key" | "keys")
        && previous == Some("url")
        && matches!(before_previous, Some("temp" | "temporary"));
    let credential_head = qualified_key
        || erlang_cookie
        || temp_url_key
        || PASSWORD_WORDS.contains(&head)
        || SECRET_WORDS.contains(&head)
        || COMPOUND_ENDINGS
            .iter()
            .any(|ending| head.len() > ending.len() && head.ends_with(ending));
    if !credential_head {
        return None;
    }
    let password = words.iter().any(|w| {
        PASSWORD_WORDS.contains(&w.as_str()) || w.ends_with("password") || w.ends_with("passwd")
    });
    Some(if password {
        NameKind::Password
    } else {
        NameKind::Secret
    })
}

/// `AWS::ApiGateway::ApiKey`, `auth::BearerToken`: a qualified type name (a
/// CloudFormation resource type, a Rust path) as a mapping key names a kind
/// of thing, not a place that holds one. Its last segment is written like a
/// type (`ApiKey`); a path to a constant (`Self::API_KEY`) is still a
/// credential's name.
fn is_type_path(name: &str) -> bool {
    let Some((_, last)) = name.rsplit_once("::") else {
        return false;
    };
    last.starts_with(|c: char| c.is_ascii_uppercase())
        && last.chars().any(|c| c.is_ascii_lowercase())
        && last.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Whether `name` names the public half of an access key pair: `access_key`,
/// `accessKey`, `AWS_ACCESS_KEY` (MinIO's and S3's key id, sent in clear in
/// every signed request), not the `secret_key` / `secret_access_key` beside
/// it. (`access_key_id` and `aws_access_key_id` end in `id` and are no
/// credential names at all.) The name model still takes `access_key` as a
/// credential's name, so a hardcoded value is judged by its shape and a
/// provider's key id by the token rules; only the log rules, which report
/// a *name* reaching output whatever its value, ask this.
pub fn names_key_id(name: &str) -> bool {
    let mut words = words(name);
    while words.len() > 1
        && words.last().is_some_and(|w| {
            w.chars().all(|c| c.is_ascii_digit()) || TRANSPARENT_SUFFIXES.contains(&w.as_str())
        })
    {
        words.pop();
    }
    let secret_half = words
        .iter()
        .any(|w| w.contains("secret") || w.contains("private"));
    let key_id = match words.as_slice() {
        [.., last] if last == "accesskey" => true,
        [.., access, key] => access == "access" && key == "key",
        _ => false,
    };
    key_id && !secret_half
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
    fn joined_only_words_count_as_part_of_a_name() {
        let hit = |text: &str| {
            let start = text.to_lowercase().find("pass").unwrap();
            joined_word(text.as_bytes(), start, start + 4)
        };
        for text in [
            "db_pass =",
            "DB_PASS=",
            "dbPass =",
            "pass_file",
            "passFile",
            "x.pass(",
        ] {
            assert!(hit(text), "{text}");
        }
        for text in ["    pass\n", "bypass = 1", "compass_x", "passed", "passage"] {
            assert!(!hit(text), "{text}");
        }
        // Other words count anywhere.
        assert!(joined_word(b"token", 0, 5));
    }

    /// Swift's and Ceph's temporary-URL signing key is a credential; a
    /// URL's key alone is a slug.
    #[test]
    fn temp_url_keys_are_secrets() {
        for name in [
            "temp_url_key",
            "Temp-URL-Key",
            "X-Account-Meta-Temp-URL-Key",
            "TEMPORARY_URL_KEY",
        ] {
            assert_eq!(credential_kind(name), Some(Secret), "{name}");
        }
        for name in ["url_key", "short_url_key", "temp_key"] {
            assert_eq!(credential_kind(name), None, "{name}");
        }
    }

    /// A name that says its value is encrypted holds ciphertext; the key it
    /// was encrypted with is still a credential.
    #[test]
    fn encrypted_values_are_not_credentials() {
        for name in [
            "encrypted_random_session_key",
            "ENCRYPTED_PASSWORD",
            "EncryptedToken",
        ] {
            assert_eq!(credential_kind(name), None, "{name}");
        }
        assert_eq!(credential_kind("encryption_key"), Some(Secret));
        assert_eq!(
            credential_kind("encrypted_private_key_encoded"),
            Some(Secret)
        );
        assert_eq!(credential_kind("random_session_key"), Some(Secret));
    }

    #[test]
    fn auth_hash_headers() {
        for name in ["X-Auth-Hash", "rtp-play-auth-hash", "'x-auth-digest'"] {
            assert!(names_auth_hash_header(name), "{name}");
            assert_eq!(credential_kind(name), None, "{name}");
        }
        for name in [
            "auth_hash",
            "X-Amz-Server-Side-Encryption-Customer-Key-MD5",
            "x-ms-encryption-key-sha256",
            "X-Password-Hash",
            "X-Auth-Token",
            "X-Hash-Auth",
            "Content-Hash",
        ] {
            assert!(!names_auth_hash_header(name), "{name}");
        }
    }

    #[test]
    fn access_key_names_the_key_id() {
        for name in [
            "access_key",
            "accessKey",
            "ACCESSKEY",
            "AWS_ACCESS_KEY",
            "minio_access_key_2",
        ] {
            assert!(names_key_id(name), "{name}");
            assert!(credential_kind(name).is_some(), "{name}");
        }
        for name in [
            "secret_access_key",
            "SecretAccessKey",
            "secret_key",
            "access_token",
            "api_key",
            "private_access_key",
        ] {
            assert!(!names_key_id(name), "{name}");
        }
    }

    #[test]
    fn shown_parts_of_secrets() {
        for name in [
            "truncated_secret",
            "masked_api_key",
            "redactedToken",
            "api_key_last4",
            "last4_of_token",
        ] {
            assert!(names_shown_part(name), "{name}");
        }
        // Still credentials' names for the `secret/` rules.
        assert!(credential_kind("truncated_secret").is_some());
        assert!(credential_kind("masked_api_key").is_some());
        for name in ["non_redacted_token", "secret", "api_key", "last_token"] {
            assert!(!names_shown_part(name), "{name}");
        }
    }

    /// Pins the name-level salt answers the log rules (`names_a_salt`) and
    /// `secret/hardcoded-credential` (`names_a_kdf_salt`) share.
    #[test]
    fn salt_names_are_judged_once() {
        let cases = [
            // (name, names_a_salt, names_a_kdf_salt)
            ("salt", true, false),
            ("password_salt", true, false),
            ("contentSalt", true, false),
            ("salts", true, false),
            ("POW_SCRYPT_SALT", true, true),
            ("PBKDF2_SALT", true, true),
            ("argon2Salt", true, true),
            ("HKDF_SALT", true, true),
            ("secret_salt", false, false),
            ("SCRYPT_SECRET_SALT", false, false),
            ("private_salt", false, false),
            ("pepper_salt", false, false),
            ("signing_salt", false, false),
            ("HMAC_SALT", false, false),
            ("BCRYPT_SIGNING_SALT", false, false),
            ("salted_token", false, false),
            ("SECURITY_PASSWORD_SALT", true, false),
        ];
        for (name, salt, kdf) in cases {
            assert_eq!(names_a_salt(name), salt, "{name}");
            assert_eq!(names_a_kdf_salt(name), kdf, "{name}");
        }
    }

    #[test]
    fn salts_and_sources() {
        for name in [
            "salt",
            "password_salt",
            "contentSalt",
            "value_from_secret",
            "envFromSecret",
        ] {
            assert!(names_shown_in_clear(name), "{name}");
        }
        for name in [
            "secret_salt",
            "private_salt",
            "token_from_secret",
            "password",
            "salted_token",
        ] {
            assert!(!names_shown_in_clear(name), "{name}");
        }
    }

    #[test]
    fn secret_objects() {
        for name in [
            "credentials_secret",
            "credentialsSecret",
            "creds_secret",
            "CREDENTIALS_SECRETS",
        ] {
            assert!(names_secret_object(name), "{name}");
            assert!(names_shown_in_clear(name), "{name}");
        }
        for name in [
            "client_credentials_secret",
            "secret_credentials",
            "credentials",
            "client_secret",
            "vault_secret",
        ] {
            assert!(!names_secret_object(name), "{name}");
        }
    }

    #[test]
    fn message_constants() {
        for name in [
            "_MISSING_API_KEY",
            "BAD_ENCODED_SECRET_API_KEY",
            "OFFLINE_UPLOAD_FAILED_INVALID_API_KEY",
            "PASSWORD_PROMPT",
            "INVALID_TOKEN_MSG",
            "API_KEY_REQUIRED_ERROR",
        ] {
            assert!(names_message(name), "{name}");
            assert!(names_shown_in_clear(name), "{name}");
        }
        // Variables that may hold the credential, and constants named only
        // for it, a vendor's or a feature's word before it included.
        for name in [
            "invalid_token",
            "missingApiKey",
            "API_KEY",
            "SECRET_KEY",
            "_TOKEN",
            "HELP_SCOUT_API_KEY",
            "ERROR_REPORTING_API_KEY",
            "PROMPT_API_KEY",
            "WARN_WEBHOOK_SECRET",
        ] {
            assert!(!names_message(name), "{name}");
        }
    }

    #[test]
    fn credential_names() {
        for name in [
            "password",
            "DB_PASSWORD",
            "DB_PASSWORD2",
            "db_pass",
            "passwd",
            "userPwd",
            "basic_auth",
            "PGPASSWORD",
            "password_confirmation",
            "MYSQL_ROOT_PASSWORD_PROD",
            "password_own",
            "password_new",
            "PASSWORD_OLD",
            "passwordCurrent",
            "NON_PROD_PASSWORD",
            "non_prod_db_password",
            "user_or_password",
            "without_tls_password",
        ] {
            assert_eq!(credential_kind(name), Some(Password), "{name}");
        }
        for name in [
            "api_key",
            "apiKey",
            "X-API-Key",
            // Only a withdrawal's credentials are public by design.
            "deposit_credentials",
            "SECRET_KEY",
            "client_secret",
            "clientsecret",
            "auth_token",
            "Authorization",
            "private_key",
            "signing_key",
            // A keyed hash's secret, an HMAC's key.
            "HASH_SECRET",
            "hashingSecret",
            "HASH_SECRET_2",
            // Telegram's application secret.
            "API_HASH",
            "apiHash",
            "TELEGRAM_API_HASH",
            "SALT",
            "credentials",
            "bearer_auth",
            "secret_key_base",
            "api_key_b64",
            "AUTH_HEADER",
            "github_token_2",
            "TOKEN_A",
            "csrf_secret",
            "csrf_token_secret",
            "PresharedKey",
            "erlangCookie",
            "RABBITMQ_ERLANG_COOKIE",
            "Self::API_KEY",
            "config::SECRET_KEY",
            // A payment provider's own credentials keep their names.
            "payment_token",
            "provider_token",
            "payment_gateway_auth",
            "card_api_token",
            "account_token",
            // The key that signs CSRF tokens, and a secret not masked.
            "csrf_secret_key",
            "context_token",
            // An agent's own token (a CI runner's) is a credential.
            "agent_token",
            "UA_AUTH_TOKEN",
            // Our own signing keys, and a credential for a remote service.
            "master_signing_key",
            "local_signing_key",
            "remote_api_key",
            "remote_access_token",
            // A credential for the step is still one.
            "pre_auth_key",
            "pre_auth_token",
            // Whose or which one: the word before decides.
            "client_secret_own",
            "api_key_mine",
            "SIGNING_KEY_NEXT",
            "token_tmp",
        ] {
            assert_eq!(credential_kind(name), Some(Secret), "{name}");
        }
    }

    #[test]
    fn names_that_mention_a_credential_but_hold_something_else() {
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
            "secret_hash",
            "sha256_hash_secret",
            "sha256_api_hash",
            "api_hash_url",
            "is_secret",
            "show_password",
            "access_key_id",
            "token_type",
            "bypass",
            "passage",
            "compass",
            "NextToken",
            "page_token",
            "client_token",
            "affiliate_token",
            "referral_token",
            "AUTH_USER_MODEL",
            "auth_protocol",
            "OPENSSH_AUTH_MAGIC",
            "password__startswith",
            "TOKEN_RE",
            "PASSWORD_CHARS",
            "secret_algorithm",
            "password_file",
            "token_expiry_seconds",
            "cookie",
            "session_cookie_name",
            "LockToken",
            "next_lock_token",
            "starting_token",
            "withdrawal_credentials",
            "WITHDRAWAL_CREDENTIALS",
            "routing_token",
            "restore_token",
            "resume_token",
            "ResumptionToken",
            "sequenceToken",
            "checkpoint_token",
            "AWS::ApiGateway::ApiKey",
            "AWS::SecretsManager::Secret",
            "auth::BearerToken",
            "card_token",
            "cvc_token",
            "CvcToken",
            "bank_account_token",
            "payment_method_token",
            "emv_auth_data",
            "issuing_authorization",
            "PaymentAuthorization",
            "card_auth",
            "pre_auth",
            "PreAuth",
            "post_auth",
            "next_offset_token",
            "remote_master_key",
            "remote_self_signing_key",
            "peer_signing_key",
            "since_token",
            "from_token",
            "to_token",
            "now_token",
            "batch_token",
            "progress_token",
            "ProgressToken",
            "csrf_token",
            "xsrfToken",
            "csrf",
            "XSRF",
            "widget_context_token",
            "google_maps_widget_context_token",
            "token_hint",
            "secret_prefix",
            "FRAMEWORK_UA_TOKEN",
            "user_agent_token",
            "UserAgentToken",
            "mask_token",
            "pad_token",
            "eos_token",
            "total_secrets",
            "num_passwords",
            "path_private_key",
            "path_account_key",
            "filepath_token",
            "MAX_EXPERIMENTS_PER_PASS",
            "BCRYPT_MAX_PASSWORD_BYTES",
            "DEFAULT_MAX_TOKENS",
            "requests_per_token",
            "UPDATE_USER_PASSWORD",
            "change_password",
            "publicKeyToken",
            "PublicKeyToken",
            "publickeytoken",
            "public_key_token",
            "NON_SECRETS",
            "non_secret",
            "nonSecrets",
            "NOT_SECRET",
            "not_a_password",
            "HIGH_ENTROPY_NON_SECRETS",
            "without_uid_or_pwd",
            "without_password",
            "no_user_or_password",
            "NO_TOKEN",
        ] {
            assert_eq!(credential_kind(name), None, "{name}");
        }
    }
}
