//! `log/secret-in-repr`: a type whose printed form shows a secret.

use super::{rule, Candidate, Check, Fact, Input, Place, Target};
use crate::syntax::{ReprField, ReprStyle};

rule! {
    /// ## What it does
    /// Finds types that print a secret when they are logged or shown in a
    /// traceback: a Rust struct with `#[derive(Debug)]` and a `String` /
    /// `&str` field with a credential name (not a `&'static str`, text fixed
    /// at build time: a mode or a label); a Python `@dataclass` with such a
    /// field typed `str` and no `field(repr=False)`; a pydantic model
    /// (`BaseModel`, `BaseSettings`) with such a field typed `str` rather than
    /// `SecretStr`.
    ///
    /// Fields whose type says they hold a public value are not reported: an
    /// access key's id (`access_key`, beside its `secret_key`); any field of
    /// a JOSE header (a `…Header` with an `alg`), which every token carries
    /// in clear; the SigV4 `credential` scope of a type with
    /// `signed_headers`; a bare `token` of a protocol message (a type or
    /// Rust module named for a message, reply, ack, subject, challenge or
    /// pipeline, and not for authentication or configuration), such as an
    /// ACME challenge's token; a language-model token beside its
    /// log-probability or likelihood; a bare `token` beside a `separator`
    /// or `delimiter`, a word of a parsed text (a commit footer's
    /// `Signed-off-by`); a bare `token` beside the cursor token
    /// it started from (`start_token`, `next_token`), and a token of a type
    /// named for a continuation, pagination or cursor
    /// (`ContinuationRequest.caller_token`) and not for authentication, or
    /// of a Python class whose docstring says it handles one and nothing of
    /// authentication (`"""Composite token for handling backend
    /// pagination."""`); a
    /// shown part of a secret (`truncated_secret`, `masked_api_key`,
    /// `api_key_last4`); the fields of a `…Permissions` type; a `salt`
    /// beside an `iterations` or `dklen` field, a key-derivation function's
    /// stored parameters (a SCRAM greeting, a keystore's scrypt
    /// parameters); a `pwd` beside the shell's other environment variables
    /// (`home`, `shell`, `term`, `lang`, `oldpwd`, `cwd`), POSIX's `PWD`,
    /// the working directory a shell history records. Nor are fields
    /// that hold where a secret is, or which one: one beside a field of the
    /// same name with `_data`, `_value` or `_plaintext` after it
    /// (kubeconfig's `client_key` is the key file's path, `client_key_data`
    /// the key; a serving config's `api_key` is a secret manager's reference,
    /// `api_key_plaintext` the key), a `<credential>_key` beside a
    /// `client_id_key` or `username_key` (an OAuth spec's `client_secret_key`
    /// names the member of the provider's response that holds the secret),
    /// a `<credential>_key` beside a `<credential>_value` (a secret
    /// manager's `secret_key` is the name the `secret_value` is stored
    /// under),
    /// a field named for where its value comes from (`value_from_secret`),
    /// a secret store's object named for the credentials it holds
    /// (`credentials_secret`), a salt (public by design, unless the field
    /// or its type is named for signing: `signing_salt`, `Signer.salt`),
    /// and one whose documentation (a Rust doc
    /// comment, a Python attribute docstring, a pydantic
    /// `Field(description=…)`, the `help=` of a command-line option declared
    /// as a field) calls it a path, a name, an id, a link or a
    /// reference in its first sentence, or is only a short noun phrase
    /// naming a file, a path or a name (`/// User Credentials File`,
    /// `help='"vault kv get" integration: secret name.'`), status sentences such as `Optional.`
    /// or `Output only.` aside (`/// Path to a client key
    /// file`, `"""Name of the secret holding the bot token."""`, `The
    /// secret key reference for the API key`, `/// Links to secrets`, `the
    /// custom client_secret key name`), or as always empty (`Auth is
    /// always null`) or encrypted (`A secret, encrypted with the bot's
    /// public key`), or as a token standing for payment data (`A single-use
    /// token that represents a card CVC value`, `An account token, used to
    /// securely provide details to the account`). Operation tokens are not
    /// credentials either (`page_token`, `resume_token`, `routing_token`, see
    /// `log/secret-logged`; also `next_offset_token`, `progress_token`, a
    /// widget's `widget_context_token`, and `csrf_token`, a per-session
    /// anti-forgery value), nor are a payment processor's tokens for card
    /// or bank data (`card_token`, `cvc_token`, `bank_account_token`,
    /// `payment_method_token`, and a bare `token` of a type or module named
    /// for a payment instrument, such as a `TokenParams` in `payment_method`,
    /// and not for a client, provider or configuration), nor `auth` in the
    /// payments sense, an issuer's authorization of a charge
    /// (`emv_auth_data`, `issuing_authorization`, `payment_authorization`).
    ///
    /// Tests are not application code: the rule does not run on test paths
    /// (`test-paths`, the same as `env/direct-access`, except the standalone
    /// programs in `examples/`, `example/`, `samples/`, `sample/`,
    /// `Demo/`, `benches/`, `scripts/`, `docs/`, `xtask/`, `.github/`, `setup.py`, `_setup.py`,
    /// `noxfile.py` and `hatch_build.py`, whose output their user sees) nor on Rust code under
    /// `#[cfg(test)]` or in a `#[test]` function, or in a file its parent
    /// declares under `#[cfg(test)]` (`#[cfg(test)] mod fakes;`), nor in a
    /// Python module importing a test framework's support package (as
    /// `env/direct-access` tells it), whose types hold fixture values. In a Python file that handles lexical tokens
    /// (it imports `tokenize`, `shlex`, `sqlparse`, `pygments`, `ply`… or
    /// defines a lexer or tokenizer), a field named for a token and for
    /// nothing it authenticates (`token_value`, `last_token`) holds a piece of
    /// the input, and is not reported. `test-paths = []` turns the exemption off. Secrets in tests
    /// are still reported by the `secret/` rules.
    ///
    /// ## Why is this bad?
    /// `{:?}`, `repr()` and error reports print every field. One
    /// `log.debug("{config:?}")` or an unhandled exception later, the secret
    /// is in the logs, which the policy forbids.
    ///
    /// ## Example
    /// ```rust
    /// #[derive(Debug)]
    /// struct Config {
    ///     api_key: String,
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```rust
    /// #[derive(Debug)]
    /// struct Config {
    ///     api_key: secrecy::SecretString,
    /// }
    /// ```
    ///
    /// ## How to fix
    /// Rust: hold the value in `secrecy::SecretString`, or write `Debug` by
    /// hand and print `[REDACTED]`. Python dataclasses:
    /// `api_key: str = field(repr=False)`. pydantic: `api_key: SecretStr`.
    pub static RULE = (
        "log/secret-in-repr",
        Warning,
        "a secret field would be printed with its type",
        "No Logging: ensure secrets are never printed to build logs",
        exemption: crate::rules::Exemption::TestCode,
        fix: "leave the field out of the representation or mask it (`field(repr=False)`, `SecretStr`, `secrecy::SecretString`, a hand-written `Debug`); if it is not a secret, add {allow}",
        checks: &[Check {
            on: Target::Code(Place::Anywhere),
            needs: &[Fact::Reprs],
            run,
        }],
    );
}

fn run(input: &Input, out: &mut Vec<Candidate>) {
    check(&input.facts.reprs, input.exempt_tests, out);
}

fn check(fields: &[ReprField], exempt_tests: bool, out: &mut Vec<Candidate>) {
    for field in fields.iter().filter(|f| !(exempt_tests && f.in_test)) {
        let fix = match field.style {
            ReprStyle::RustDebug => {
                "hold it in `secrecy::SecretString` or implement `Debug` by hand"
            }
            ReprStyle::Dataclass => "declare it with `field(repr=False)`",
            ReprStyle::Pydantic => "type it `SecretStr`",
        };
        let shown_by = match field.style {
            ReprStyle::RustDebug => "`#[derive(Debug)]`",
            ReprStyle::Dataclass => "the dataclass `__repr__`",
            ReprStyle::Pydantic => "the pydantic model's repr",
        };
        out.push(Candidate {
            rule: RULE.id.to_owned(),
            severity: RULE.severity,
            span: field.span.clone(),
            secret: None,
            message: format!(
                "`{}.{}` would be printed by {shown_by}; {fix}",
                field.owner, field.field
            ),
            redacted: None,
            variable: None,
            priority: 0,
        });
    }
}
