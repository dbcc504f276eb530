//! `log/secret-logged`: a secret value passed to print or a logger.

use super::{rule, Candidate, Check, Fact, Input, Place, Target};
use crate::syntax::LoggedSecret;

rule! {
    /// ## What it does
    /// Finds secret values passed to output: in Python `print`, `logging` and
    /// logger methods (`debug` … `critical`, `exception`, `log`),
    /// `sys.stdout.write` / `sys.stderr.write`, `pprint`, `warnings.warn`,
    /// `click.echo` and `rich`'s `print`; in Rust `println!`, `eprintln!`,
    /// `print!`, `eprint!`, `dbg!`, `panic!` and the `log` and `tracing`
    /// macros, in positional and named arguments, inline `{name}` captures and
    /// `?name` / `%name` fields.
    ///
    /// A secret value is a credential-named variable, parameter or attribute
    /// (`password`, `self.api_key`, `settings.OPENAI_API_KEY`), an environment
    /// read of a credential-named variable (`os.environ["DB_PASSWORD"]`), or,
    /// in Python, a local assigned one of those in the same file
    /// (`k = settings.API_KEY; print(k)`). Values derived from a secret
    /// (`len(token)`, `token is None`, `token.expires_at`; in a Rust macro's
    /// arguments, a side of `==` or `!=`, which prints `true` or `false`) are not reported,
    /// nor is a secret that only chooses what is printed (`"Refreshing" if
    /// token else "Setting"`), in place or through a local that holds the
    /// choice between literals (`log_auth = "******" if auth else "None"`,
    /// in a file where the local takes no secret). Nor, in Python, is a
    /// mapping local whose members the same function set to a redaction
    /// marker before the call (`log_token[key] = "REDACTED"`, `"***"`,
    /// `"<masked>"`): a copy of a token dictionary masked for the log.
    ///
    /// In Python, a key or token shown through a numeric `%`-placeholder
    /// (`log.debug("request api_key=%d", header.api_key)`) is a number, such
    /// as a wire protocol's request type (Kafka's `api_key`), and is not
    /// reported: `%d` raises on a string. That assumes the call succeeds: when
    /// a string does reach the `%d`, `logging` reports the formatting error
    /// through `Handler.handleError`, which prints the call's arguments (the
    /// key's text among them) to standard error. A password is reported
    /// through any placeholder: a PIN is all digits.
    ///
    /// Some credential names hold public values, and are not reported either:
    /// an access key's id (`access_key`, beside its `secret_key`); what an
    /// API shows of a secret (`truncated_secret`, `masked_api_key`,
    /// `redacted_token`, `api_key_last4`); an upper-case constant named for
    /// a message about a credential, the text shown when it is missing or
    /// wrong (`_MISSING_API_KEY`, `PASSWORD_PROMPT`, `INVALID_TOKEN_MSG`);
    /// in Rust, a
    /// name the file declares only with a path type (`private_key: PathBuf`
    /// is where the key is), a scalar type (`id_token_cached:
    /// Option<bool>` is a flag, `token_count: u32` a count; an untyped
    /// `let` of arithmetic, a comparison or a length is one too: `let
    /// deleted_secrets = count - failed.len()`) or a type that
    /// prints masked (`secrecy`'s `SecretString` / `SecretBox`, or a type
    /// whose hand-written `Debug` in the same file prints a redaction such
    /// as `[REDACTED]` or `***`), or that it only
    /// hands to a call opening a file (`fs::read(&client_key)` names the key
    /// file); in a file that imports `mio`'s `Token` (and has no `Token` type
    /// of its own), a bare `token` or a name declared `Token`, which is the
    /// event loop's number for a registered connection or worker
    /// (`error!("No worker exists with token {:?}", token)`), unless the file
    /// also declares that name with another type; and a bare `token` in code handling a protocol
    /// message (a function or matched variant named for a message, reply,
    /// ack, subject, challenge or pipeline, and not for authentication),
    /// where the token is the protocol's own public value. Tokens named for
    /// an operation are handles, not credentials: pagination and
    /// continuation cursors (`next_token`, `page_token`), idempotency and
    /// lock tokens (`client_token`, `lock_token`), where a stream
    /// resumes or an append is routed (`resume_token`, `resumption_token`,
    /// `routing_token`, `restore_token`, `sequence_token`,
    /// `checkpoint_token`), where the next page starts (`next_offset_token`),
    /// which request a progress notification is about (`progress_token`) and
    /// what draws a widget (`widget_context_token`); in Python, a token the
    /// message itself calls a cursor or an id, right before it is shown or
    /// as the key it is shown under in a logged mapping
    /// (`f"Next page token: {page.token}"`, `"continuation token %s"`,
    /// `"cursor: %s"`, `"run id: %s"`, `{"agent_run_id": self._run_token}`;
    /// a session id and a secret id are credentials and stay reported), and
    /// a value the label before it calls a name (`"class name: %s"`); in
    /// Rust, a bare `token` in a macro whose message calls it a cursor or a
    /// step of paginating (`trace!(?token, "Saving catchup token")`,
    /// `"paginating backwards with token from front gap"`).
    /// A salt is public by design (sent in clear beside a key exchange's
    /// nonce, stored beside its hash, published in an OIDC session state)
    /// and is not reported (`salt`, `content_salt`); a `secret_salt` or a
    /// signing salt (`signing_salt`) is. A name that says where a value
    /// comes from is no credential's (`value_from_secret`), nor is a secret
    /// store's object named for the credentials it holds
    /// (`credentials_secret`, a platform's `accounts/…/secrets/…` name). In
    /// Python, a credential-named flag prints `True` or `False`: a name the
    /// file binds only to a `bool` annotation or a `True`/`False` literal
    /// (`decode_token=True`, `send_key: bool = False`) is not reported.
    /// Names that count, bound or rate credentials hold a number
    /// (`total_secrets`, `num_passwords`, `MAX_EXPERIMENTS_PER_PASS`),
    /// a password flow's step names a route or form (`UPDATE_USER_PASSWORD`,
    /// `change_password`), a step around authentication names when it runs
    /// (`pre_auth`, the result of a pre-authentication call; `post_auth`, a
    /// hook; `pre_auth_key` is still a credential), and a tokenizer's special tokens are text
    /// (`mask_token`, `pad_token`, `eos_token`). So is a lexer's token in a
    /// Python file that handles lexical tokens (it imports `tokenize`,
    /// `token`, `shlex`, `sqlparse`, `pygments`, `ply`, `lark`, `sly`,
    /// `parso`, `lib2to3` or `pyparsing`, defines a `…Lexer`, `…Tokenizer`
    /// or `shlex` class or a `tokenize`/`lex` function, or reads `.ttype`),
    /// or in a Rust file that does (it `use`s `logos`, `proc_macro2`, `syn`,
    /// `pest`, `nom`, `chumsky`, `rustc_lexer`… or a `lexer` module, or
    /// defines a `…Lexer`, `…Tokenizer`, `enum Token` or `TokenKind`):
    /// a name for a token and for nothing it authenticates (`token`,
    /// `last_token`, `tok`), or a local assigned only such names (`result =
    /// self.token`), unless the file assigns that name a value read from a
    /// request, a response, the environment, a configuration or a login
    /// (`token = resp.json()["token"]`), which keeps every `token` of the
    /// file reported. A CSRF token
    /// (`csrf_token`, `xsrf_token`, also an OAuth `state`) is a per-session
    /// anti-forgery value the page or redirect carries in clear, useless
    /// without the victim's own session cookie, and is not reported; the key
    /// that signs CSRF tokens is (`csrf_secret`). A payment processor's tokens for card or bank
    /// data are references to that data, usable only with the merchant's
    /// secret key (`card_token`, `cvc_token`, `bank_account_token`,
    /// `payment_method_token`; in Rust, a bare `token` in a function named
    /// for a payment instrument, such as `create_charge`, and not for a
    /// client, provider or configuration), and `auth` in the payments sense
    /// is an issuer's authorization of a charge, not a credential
    /// (`emv_auth_data`, `issuing_authorization`, `payment_authorization`).
    ///
    /// Tests are not application code: the rule does not run on test paths
    /// (`test-paths`, the same as `env/direct-access`, except the standalone
    /// programs in `examples/`, `example/`, `samples/`, `sample/`,
    /// `Demo/`, `benches/`, `scripts/`, `docs/`, `xtask/`, `.github/`, `setup.py`, `_setup.py`,
    /// `noxfile.py` and `hatch_build.py`, whose output their user sees) nor on Rust code under
    /// `#[cfg(test)]` (inline, or a file its parent declares under
    /// `#[cfg(test)]`) or in a `#[test]` function, nor on a Python module
    /// importing a test framework's support package (as `env/direct-access`
    /// tells it), where what is printed is a fixture value. `test-paths = []` turns the exemption off. Secrets
    /// in tests are still reported by the `secret/` rules.
    ///
    /// ## Why is this bad?
    /// Logs are copied to terminals, CI output, log aggregators and support
    /// tickets, and kept far longer than secrets are rotated. The policy:
    /// "Ensure secrets are never printed to build logs."
    ///
    /// ## Example
    /// ```python
    /// logger.info("connecting with key %s", settings.API_KEY)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// logger.info("connecting with key %s…", settings.API_KEY[:4])
    /// ```
    ///
    /// ## How to fix
    /// Log that a secret is present, or a short redacted prefix, never the
    /// value. In Rust, wrap secrets in `secrecy::SecretString`, whose
    /// `Debug` prints `[REDACTED]`.
    pub static RULE = (
        "log/secret-logged",
        Warning,
        "secrets never reach logs or the terminal",
        "No Logging: ensure secrets are never printed to build logs",
        exemption: crate::rules::Exemption::TestCode,
        fix: "log that the secret is present, or a short redacted prefix, never the value; if it is not a secret, add {allow}",
        checks: &[Check {
            on: Target::Code(Place::Anywhere),
            needs: &[Fact::Logged],
            run,
        }],
    );
}

fn run(input: &Input, out: &mut Vec<Candidate>) {
    check(&input.facts.logged, input.exempt_tests, out);
}

fn check(logged: &[LoggedSecret], exempt_tests: bool, out: &mut Vec<Candidate>) {
    for entry in logged.iter().filter(|e| !(exempt_tests && e.in_test)) {
        out.push(Candidate {
            rule: RULE.id.to_owned(),
            severity: RULE.severity,
            span: entry.span.clone(),
            secret: None,
            message: format!("`{}` is a secret and reaches `{}`", entry.name, entry.sink),
            redacted: None,
            variable: None,
            priority: 0,
        });
    }
}
