//! `secret/hardcoded-credential`: a real-looking secret bound to a credential name.

use super::declarations::Value;
use super::{
    before_escaped_markup, env_var_name, rule, Candidate, Check, Fact, Input, Place, Target,
};
use crate::comments::Syntax;
use crate::document::{Dialect, Language, Literals, Quoting};
use crate::lines::touches;
use crate::redact::redact;
use crate::syntax::Binding;
use crate::value::{
    credential_kind, is_dictionary_word, looks_like_secret, names_auth_hash_header,
    strip_auth_scheme, words, NameKind,
};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

rule! {
    /// ## What it does
    /// Finds string literals that look like real secrets and are bound to a
    /// credential-named target: a variable, constant, attribute, dict key,
    /// keyword argument, default parameter, struct field, comparison, or a
    /// method such as `.bearer_auth("…")`; an element of a tuple or list bound
    /// to such a name (`auth = (user, "…")`, `API_KEYS = ["…"]`); an argument
    /// that an API defines as a credential (`smtp.login(user, "…")`,
    /// `jwt.encode(payload, "…")`, `hmac.new(b"…", …)`, `Fernet(b"…")`,
    /// `EncodingKey::from_secret(b"…")`, `SecretString::new("…")`); and
    /// `key = value` lines in config files (YAML, TOML, JSON, INI, `.env`,
    /// properties, Dockerfiles, Jenkinsfiles, `.http` request files), a YAML
    /// block scalar of one line included (`password: |` with the value
    /// indented on the next line), and so is a YAML quoted scalar wrapped
    /// over lines (`token: "…\` then the rest, indented, up to the closing
    /// quote), judged as its pieces joined; a YAML anchor or tag before a
    /// value (`password: &db "…"`) is no part of it, and a value on the
    /// line after its bare key (`password:` then the value, indented) or a
    /// TOML multi-line string of one line (`token = '''…'''`) is the key's.
    /// A literal fallback of an environment read is what the variable holds
    /// whenever the environment lacks it, so it is judged by the variable's
    /// name as well as by its binding's: `os.getenv("TOKEN", "…")`,
    /// `config("SECRET_KEY", default="…")`, `env::var("API_KEY")
    /// .unwrap_or("…".into())`, `process.env.DB_PASSWORD || "…"`, Laravel's
    /// `env('DB_PASSWORD', '…')`, `ENV.fetch("X", "…")`, and a shell or
    /// Compose default `${DB_PASSWORD:-…}`. In
    /// Python a credential name also takes a piece appended to it
    /// (`password += "…"`), the value `setattr(obj, "password", "…")` sets,
    /// each value a loop (`for password in ["…", "…"]:`) or a parametrized
    /// test's case (`@pytest.mark.parametrize("user,password", […])`) gives
    /// it, and a literal through a conversion that keeps its text
    /// (`str("…")`, `"…".strip()`, `"…".encode()`; not `.format(…)`), each
    /// branch of a conditional in parentheses (`("…" if debug else "…")`)
    /// and what a field's `default_factory=lambda: "…"` returns; in a
    /// statement that does not parse (work in progress), a value on the line
    /// after its name (`password = \`, `password = (`, a dictionary's
    /// `"password":`) is still that name's. The
    /// code cells of Jupyter notebooks are read as Python; a JSON document or
    /// `key: value` lines inside a Python or Rust string literal (a mocked
    /// response body, a configuration snippet) are read as the text file
    /// they would be, and Python doctests and Rust doc examples as code; so
    /// is a JSON document written as one quoted value of a text file (a VCR
    /// cassette's recorded body, `string: '{"client_secret": "…"}'`). An
    /// unquoted value ends before the backslash escape of a quote or of
    /// markup (`\\\"`, `\\u003C` in HTML escaped inside recorded JSON), so
    /// prose there (`login using oAuth:\\u003C/p\\u003E`) assigns nothing. A
    /// comment line that labels a private, secret or signing key in words
    /// and gives it alone (`# private key: 2lon…`, a test's key pair written
    /// beside the public half it uses) is read as that key's value, and so
    /// is a comment in the run right under a credential's assignment that
    /// labels a key in a word or two and gives it alone (`# staging key: …`,
    /// another host's or environment's value), judged under that name. A
    /// `key` member of a request's query mapping (`params={"key": "…"}`,
    /// `query = {…, 'key': '…'}`) is the `?key=` parameter APIs take their
    /// API key by, and is judged as one; so is a `key` keyword argument
    /// beside two of a one-time-password generator's parameters
    /// (`create(key='…', digits=6, tolerance=1)`, `step=30, t0=…`), the
    /// HOTP/TOTP shared secret, and so is the literal a class assigns to
    /// the attribute it passes there (`key = '…'` above
    /// `create(key=self.key, digits=6, tolerance=1)`); `key` anywhere else
    /// names nothing.
    /// Likewise a `client_token` is a client-chosen idempotency key (AWS's
    /// `ClientToken`) except among the members of an `auth` object
    /// (`"auth": {"client_token": "…", "accessor": …}`, Vault's login
    /// response), where it is the token the login issued, and is judged as
    /// one.
    /// Text files are
    /// also read in the formats that write credentials their own way: XML
    /// elements (Maven's `<password>`), `redis.conf` directives and ACL
    /// rules, `.netrc` entries, `.pgpass` lines, PgBouncer's `userlist.txt`,
    /// JSON Web Keys' private members (in code too, as a dict), Kubernetes `.dockerconfigjson`
    /// secrets, SQL that creates a user or role with its password (`IDENTIFIED
    /// BY '…'`, `WITH PASSWORD '…'`; not a bind parameter such as `:pw` or
    /// `?`), and users and passwords handed to curl (`-u`) and HTTPie
    /// (`-a`); source in a language read as text is read in the declarations
    /// it writes its own way, each only in that language's files: Go's `var
    /// password string = "…"`, Visual Basic's `Dim password As String =
    /// "…"`, R's `password <- "…"` and `"…" -> password`, Clojure's `(def
    /// password "…")` and `{:password "…"}`, PowerShell's `Set-Variable
    /// -Name password -Value '…'`, and Objective-C's `@"…"` strings; and an environment read's literal fallback in a code sample
    /// of a document (`os.environ.get("SECRET_KEY", "…")` in reST or
    /// Markdown), judged under the variable's name as in code. Commands in
    /// any text file (a shell script, a Dockerfile's `RUN`, a CI step's
    /// `run:` or `script:`, a Makefile recipe, a documentation's code block)
    /// are read for the passwords their flags take without naming them: a
    /// registry or cloud login's `-p` (`docker login`, `podman login`, `oc
    /// login`, `az acr login`, `helm registry login`), `sshpass -p` (and
    /// `SSHPASS=…`), the MySQL and MariaDB clients' attached `-p…`,
    /// `redis-cli -a` or `--pass`, the MongoDB shells' `-p`, the OpenLDAP
    /// clients' `-w`, `sqlcmd -P`, OpenSSL's `-passin pass:…` (`-pass`,
    /// `-passout`), keytool's `-storepass` and `-keypass`, the Samba
    /// clients' `-U user%…`, PowerShell's `-Password` and
    /// `ConvertTo-SecureString "…" -AsPlainText`, `htpasswd -b`'s last
    /// operand, curl's `-uUSER:…`, and a `.netrc` entry an `echo` or
    /// `printf` writes (`RUN echo "machine h login u password …" >
    /// ~/.netrc`). Only a tool's password option counts: `ssh -p` and
    /// `redis-cli -p` are ports. A command in a string (`bash -c '…'`,
    /// `exec("…")`, Python's `os.system("…")`, Rust's `.arg("…")`) ends at
    /// its closing quote, and a command written as a list of literals
    /// (`subprocess.run(["mysql", "-p…"])`, `Command::new("mysql").arg("-p…")`,
    /// `spawn("sshpass", ["-p", …])`) is read one word per literal. A word the
    /// shell expands (`$PASSWORD`, `"${{ secrets.X }}"`, `$(cat file)`), a
    /// source the tool reads it from (`env:VAR`, `-storepass:file`, `-y
    /// file`), a prompt (`-W`, a `-p` before another option) or a password
    /// read from standard input (`--password-stdin`) is no literal and stays
    /// quiet. In code, a
    /// header handed to curl (`-H "X-Api-Key: …"`, `-H"Authorization: …"`)
    /// in a comment, a docstring or a string literal is judged under the
    /// header's name, and a docstring's fenced code block (a sample
    /// response in ```` ```json ````) is read as the document it shows.
    ///
    /// A name is a credential's when it says password, passwd, pwd, passphrase,
    /// secret, token, auth, credential, salt, or an API, access, private,
    /// signing, session or encryption key (or Duo's `skey`), in any casing.
    /// Placeholders (`changeme`, `<your-key>`, `${VAR}`, a value that says
    /// it is fake in leetspeak, `…n0tR34L…d0N0tUs3…`, a usage line's
    /// `<USER[:PASS]`, the same metavariable HTML-escaped in a rendered
    /// usage table, `&lt;NAME=VALUE&gt;`, a value opening with `revoked` or `invalid` to mark
    /// it dead, the alphabet typed into a made-up token,
    /// `…+SESSION/TOKENABCDEFGHIJKLMNOPQRS=`, one or two lowercase
    /// dictionary words run together then a number, `newvalue123`), environment-variable names,
    /// labels, URLs, paths, format strings and type expressions
    /// (`Option<String>`, a generated model's `'list[V1LocalObjectReference]'`,
    /// `'dict(str, str)'`) are not secrets, nor are member names after a
    /// service's abbreviation (`'s3AccessKeyIDName'`), nor
    /// password hashes and values a tool encrypted to be committed (SOPS
    /// `ENC[…]`, Jasypt `ENC(…)`, `{cipher}…`, Ansible Vault, Vault transit,
    /// KMS blobs, Bitwarden's `2.<iv>|<data>|<mac>`), nor an ACME challenge
    /// object's `token` (`{"type": "http-01", …, "token": …}`, which the client
    /// publishes), nor, in text read as `key = value`, the type of a typed
    /// declaration (`secret_key: SigningKey<V4> = load();` in a Markdown
    /// example: the literal after the type is judged instead) or the first word
    /// of a sentence (`type-passphrase = Inserisci la passphrase`, a
    /// translation's message), nor are a URL's slots written out in PascalCase
    /// (`svc://APIToken:FromEmail/ToEmail`) or a Web Push subscription's
    /// `auth` beside its `p256dh` key that is not RFC 8291's 16-byte
    /// secret (a test's shorter stand-in; the 22-character secret itself
    /// decrypts what is pushed to the subscriber and is reported), nor a
    /// key-derivation function's `salt` beside its
    /// `dklen` or `iterations` (an Ethereum keystore's scrypt parameters, a
    /// passphrase's PBKDF2 parameters, stored in clear), named for its
    /// function (`POW_SCRYPT_SALT`, `PBKDF2_SALT`: a parameter of the
    /// derivation, as public as its cost) or beside its
    /// record's own `id`, `key` or `uuid` (a feature flag's bucketing salt,
    /// a user row's salt, kept and served with what it salts), nor a member of a
    /// cryptographic test case: a record that pins two of an IV or nonce,
    /// the plaintext, the clock (`now`) and the case's description or
    /// number beside the key and the expected output (the Fernet
    /// specification's vectors, Wycheproof's), which a test replays, nor a
    /// value whose last sixteen or more letters and digits end another,
    /// different token of the same file (a sample's client secret
    /// `EO42…<tail>` beside its client id `EB…<tail>`): one was made by
    /// pasting a new head on the other's tail, as a documentation sample is
    /// (two values drawn at random share such a tail about once in 62^16
    /// tries; a test's tampered copy, a character or two changed, is still
    /// reported), nor a credential a standard publishes as its example,
    /// recognised whole by its digest (RFC 7515–7520's JSON Web Keys, RFC
    /// 8037's Ed25519 key, RFC 8032's EdDSA test keys, OAuth's example
    /// tokens in RFC 6749, 6750, 7662 and 8693, the PASETO test vectors'
    /// keys and tokens; the table cites each one's section or vector file,
    /// and the same shape holding any other value is judged), nor a
    /// name-based UUID (version 3 or 5) in a document whose UUIDs are all
    /// name-based of that one version, two different ones at least: a
    /// generator derived them from names (a random token in UUID layout, one
    /// alone, or one beside UUIDs of other versions is still judged);
    /// entropy and character classes decide the rest. A name holding a hash
    /// word names a digest, except a request header's in a `headers` mapping
    /// that says it authenticates with one (`X-Auth-Hash`): the client sends
    /// that value as its credential.
    ///
    /// ## Why is this bad?
    /// A secret in source is in every clone, fork, backup and CI log of the
    /// repository, and stays in its history after it is deleted. The policy:
    /// "Secrets must never be hardcoded directly into source code,
    /// configuration files, or committed to version control."
    ///
    /// ## Example
    /// ```python
    /// DB_PASSWORD = "Tr0ub4dor&3xK"
    /// client = Client(api_key="9f8e7d6c5b4a39281706f5e4d3c2b1a0")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from mcp_app_settings import settings
    ///
    /// DB_PASSWORD = settings.DB_PASSWORD
    /// client = Client(api_key=settings.API_KEY)
    /// ```
    ///
    /// ## How to fix
    /// Rotate the secret: it has been exposed. Then put the new value in the
    /// environment (`.env` locally, repository secrets in CI), add the
    /// variable with a placeholder to `mcp_env.example`, and read it through
    /// the settings module. If the value is not a secret, add
    /// `credlint: allow(secret/hardcoded-credential)` in a comment.
    pub static RULE = (
        "secret/hardcoded-credential",
        Error,
        "secrets belong in the environment, read through the settings module",
        "Never Hardcode: secrets are never hardcoded in source code or configuration files",
        fix: "rotate it, move it to the environment{as_variable} (listed in `{template}`) and read it through the settings module ({settings}); if it is not a secret, add {allow}",
        checks: &[
            Check { on: Target::Text, needs: &[], run: run_on_text },
            Check { on: Target::Code(Place::Anywhere), needs: &[Fact::Bindings], run: run_on_code },
        ],
    );
}

/// Neither check reads a file of test vectors (see
/// [`crate::provenance::holds_test_vectors`]): a value judged by its name
/// there is a published vector's. Provider tokens and keys in PEM armour are
/// still reported, by their own rules.
///
/// Other text: `key = value` pairs on the credential lines, as the file's
/// format quotes them, and the credential files whose format names the
/// field instead of the line.
fn run_on_text(input: &Input, out: &mut Vec<Candidate>) {
    if crate::provenance::holds_test_vectors(&input.doc.path) {
        return;
    }
    let (path, text) = (&input.doc.path, input.doc.text.as_str());
    let first = out.len();
    check_text(
        text,
        input.credential_lines,
        Quoting::of(path),
        Literals::of(path),
        Dialect::of(path),
        out,
    );
    if super::yaml_quoted::is_yaml(path) {
        super::yaml_quoted::check(text, input.credential_lines, out);
    }
    if super::shell_words::joins_words(Syntax::of(input.doc.language, path)) {
        super::shell_words::check(text, input.credential_lines, out);
    }
    super::credential_files::check(path, text, out);
    drop_made_up_pairs(text, out, first);
}

/// Code: the bindings the syntax stage found; what it could not read, or
/// read with a syntax error and found no binding on, gets the `key = value`
/// scan other text gets; and a document inside a string
/// literal (a mocked response body, a configuration snippet) is read as the
/// text file it would be.
fn run_on_code(input: &Input, out: &mut Vec<Candidate>) {
    if crate::provenance::holds_test_vectors(&input.doc.path) {
        return;
    }
    let text = input.doc.text.as_str();
    let first = out.len();
    let facts = input.facts;
    if !facts.unparsed.is_empty() || !facts.broken.is_empty() {
        // Credential lines the syntax stage could not read, and those of
        // statements that parse with an error. A value a binding to a
        // credential's name holds is the syntax's to judge: the scan keeps
        // only the others (a missing comma in `{"user": "admin"` then
        // `"password": "…",` binds the password to `"admin" "password"`,
        // which names no credential, so the scan's reading stands).
        let mut bound: Vec<Range<usize>> = (facts.bindings.iter())
            .filter(|b| b.kind.is_some() || credential_kind(&b.name).is_some())
            .map(|b| b.span.clone())
            .collect();
        bound.sort_by_key(|span| (span.start, span.end));
        let lines: Vec<Range<usize>> = input
            .credential_lines
            .iter()
            .filter(|line| {
                facts
                    .unparsed
                    .iter()
                    .any(|u| u.start <= line.end && line.start <= u.end)
                    || touches(&facts.broken, line.start, line.end)
            })
            .cloned()
            .collect();
        let mut scanned = Vec::new();
        check_text(
            text,
            &lines,
            Quoting::QuotedOnly,
            Literals::Quoted,
            Dialect::Other,
            &mut scanned,
        );
        out.extend((scanned.into_iter()).filter(|c| !touches(&bound, c.span.start, c.span.end)));
    }
    check_bindings(text, &input.facts.bindings, out);
    if !input.credential_lines.is_empty() {
        embedded_documents(text, input.doc.language, input.credential_lines, out);
        escaped_literals(text, input.doc.language, input.credential_lines, out);
    }
    labelled_keys_in_comments(text, input.doc.language, out);
    // A JSON Web Key written in code (a JOSE library's test key as a dict)
    // names its private members with one letter, which no binding judges.
    super::credential_files::jwk(text, out);
    query_api_keys(text, out);
    one_time_password_keys(text, out);
    headers_in_commented_commands(text, input.doc.language, input.credential_lines, out);
    for line in input.command_lines {
        super::command_lines::check(text, line.clone(), out);
    }
    drop_made_up_pairs(text, out, first);
}

/// How many letters and digits a value's tail shares with another token's
/// for the two to be one sample edited into another.
const SHARED_TAIL: usize = 16;

/// Drops, from `out[first..]`, this rule's values that end in the tail of
/// another, different token of the document ([`Tails::made_up`]).
fn drop_made_up_pairs(text: &str, out: &mut Vec<Candidate>, first: usize) {
    let tails = Tails::new(text);
    let mut index = 0;
    out.retain(|candidate| {
        index += 1;
        index <= first
            || candidate.rule != RULE.id
            || !candidate
                .secret
                .as_deref()
                .is_some_and(|secret| tails.made_up(secret))
    });
}

/// The tokens of a document by their last [`SHARED_TAIL`] letters and
/// digits, indexed once, on first use: a file of many findings asks for
/// each, and a search of the whole text per finding would cost their
/// product.
struct Tails<'a> {
    text: &'a [u8],
    heads: std::cell::OnceCell<std::collections::HashMap<&'a [u8], Vec<&'a [u8]>>>,
}

/// The most heads of one tail [`Tails::made_up`] compares a value with. A
/// documentation pair is two or three values; a file repeating one token
/// thousands of times (a fixture, a log) would otherwise compare each of
/// its findings with every other copy, quadratic in the file (a22 #1:
/// 900 KB of `TOKEN=<one token>` lines took 12 s). Past this many, a
/// value the heads looked at do not explain is reported, as it would be
/// without the pair.
const HEADS_COMPARED: usize = 64;

impl<'a> Tails<'a> {
    fn new(text: &'a str) -> Self {
        Tails {
            text: text.as_bytes(),
            heads: std::cell::OnceCell::new(),
        }
    }

    /// The distinct heads typed at random ([`random_head`]) before each run
    /// of [`SHARED_TAIL`] or more letters and digits, by the run's last
    /// [`SHARED_TAIL`] bytes, sorted: a head repeated is compared once.
    fn heads(&self) -> &std::collections::HashMap<&'a [u8], Vec<&'a [u8]>> {
        self.heads.get_or_init(|| {
            let text = self.text;
            let mut heads: std::collections::HashMap<&[u8], Vec<&[u8]>> = Default::default();
            let mut run = 0;
            for end in 0..=text.len() {
                if text.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                    run += 1;
                    continue;
                }
                if run >= SHARED_TAIL {
                    let head = &text[end - run..end - SHARED_TAIL];
                    if random_head(head) {
                        heads
                            .entry(&text[end - SHARED_TAIL..end])
                            .or_default()
                            .push(head);
                    }
                }
                run = 0;
            }
            for list in heads.values_mut() {
                list.sort_unstable();
                list.dedup();
            }
            heads
        })
    }

    /// Whether `value`'s last [`SHARED_TAIL`] characters, all letters and
    /// digits, also end another token of `text` whose head differs from
    /// `value`'s in most places: a client id `EBWK…<tail>` beside the client
    /// secret `EO42…<tail>` of a documentation sample, where one value was made
    /// from the other by typing a new head. Two values drawn at random share a
    /// 16-character tail about once in 62^16 tries. The same value quoted
    /// elsewhere (after `Bearer `, in a URL, with a prefix of its own after a
    /// `_`) is not another token, and a test's tampered copy (a character or
    /// two changed, so the heads agree in most places) is still a value the
    /// test holds: each head has eight or more letters and digits, and at
    /// most a quarter of their places, aligned from the tail, agree. The
    /// other head must look typed at random too (see [`random_head`]): a
    /// masked copy (`XXXXXXXXXXXXXXXX<tail>`) or a placeholder glued to the
    /// real tail (`changemechangeme<tail>`) repeats the value's tail without
    /// being a second sample, and must not hide it.
    fn made_up(&self, value: &str) -> bool {
        let v = value.as_bytes();
        if v.len() < SHARED_TAIL + 8 {
            return false;
        }
        let tail = &v[v.len() - SHARED_TAIL..];
        if !tail.iter().all(u8::is_ascii_alphanumeric) {
            return false;
        }
        let head_of = |bytes: &[u8], end: usize| {
            let start = bytes[..end]
                .iter()
                .rposition(|b| !b.is_ascii_alphanumeric())
                .map_or(0, |i| i + 1);
            start..end
        };
        let mine = &v[head_of(v, v.len() - SHARED_TAIL)];
        if mine.len() < 8 {
            return false;
        }
        let Some(heads) = self.heads().get(tail) else {
            return false;
        };
        heads.iter().take(HEADS_COMPARED).any(|theirs| {
            let places = mine.len().min(theirs.len());
            let agree = mine
                .iter()
                .rev()
                .zip(theirs.iter().rev())
                .filter(|(x, y)| x == y)
                .count();
            agree * 4 <= places
        })
    }
}

/// An HTTP header handed to a client by a command written in a comment, a
/// docstring or a string literal (`//   --header "X-Consul-Token: …" \`,
/// `# curl -H "X-Api-Key: …" …`, a sample response's `'curlDownload':
/// 'curl "…" -H"Authorization: …"'`): an example's or a test's command that
/// replays a request with the token it uses commits that token as surely as
/// code does, and a shell script with the same line is already read so.
/// Only a header flag (`-H`, `--header`, the quoted header right after it
/// or after a space or `=`) with a quoted `Name: value`, judged by the
/// header's name: `$TOKEN`, `<token>`, `{token}` and a `Content-Type` stay
/// quiet.
fn headers_in_commented_commands(
    text: &str,
    language: Language,
    credential_lines: &[Range<usize>],
    out: &mut Vec<Candidate>,
) {
    if language == Language::Text {
        return;
    }
    for line in credential_lines {
        let line_text = &text[line.clone()];
        // Checked first, so that a file without a header flag compiles no regex.
        if !line_text.contains("-H") && !line_text.contains("--header") {
            continue;
        }
        for caps in COMMAND_HEADER.captures_iter(line_text) {
            let (name, value) = (&caps[1], caps.get(2).expect("the value"));
            judge(name, value.as_str(), line.start + value.start(), out);
        }
    }
}

/// `-H "Name: value"`, `-H"Name: value"`, `--header 'Name: value'`,
/// `--header="Name: value"`.
static COMMAND_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:^|\s)(?:-H|--header)(?:[ \t]+|=)?["']([A-Za-z][A-Za-z0-9-]*)[ \t]*:[ \t]*([^"'\r\n]*[^"'\s])[ \t]*["']"#,
    )
    .expect("valid regex")
});

/// A comment that labels a key and gives it (`# private key: 2lon…`,
/// `// signing key seed: 4TL4…`): a test writes down the private half of a
/// key pair it uses beside the public half, and the comment commits it as
/// surely as code would. Only a whole comment line, a private, secret or
/// signing key (or its seed) named in words, and a value alone after the
/// label, judged like any key's: prose that goes on after the label is
/// not a value, and a placeholder is not a secret. The label is two words,
/// which the credential-line prefilter does not look for, so the lines
/// holding the word ` key` are found here, in one pass over the bytes,
/// and only they are matched against the label.
fn labelled_keys_in_comments(text: &str, language: Language, out: &mut Vec<Candidate>) {
    // Compiled at the first line holding ` key`, not before.
    let pattern: &LazyLock<Regex> = match language {
        Language::Python | Language::Notebook => &HASH_COMMENT_KEY_LABEL,
        Language::Rust => &SLASH_COMMENT_KEY_LABEL,
        Language::Text => return,
    };
    let bytes = text.as_bytes();
    let mut next_line = 0;
    for hit in KEY_WORD.find_iter(bytes) {
        if hit.start() < next_line {
            continue;
        }
        let start = memchr::memrchr(b'\n', &bytes[..hit.start()]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[hit.end()..]).map_or(bytes.len(), |i| hit.end() + i);
        next_line = end;
        let mut labelled = false;
        for caps in pattern.captures_iter(&text[start..end]) {
            let value = caps.get(1).expect("the value");
            judge("private_key", value.as_str(), start + value.start(), out);
            labelled = true;
        }
        if !labelled {
            other_values_in_comments(text, language, start..end, out);
        }
    }
}

/// How many comment lines may sit between a credential's assignment and a
/// comment giving another of its values.
const OTHER_VALUE_LINES: usize = 8;

/// A comment under a credential's assignment that gives the same key for
/// another host or environment (`SIGNING_KEY = '…'  # dev` then `#
/// player-stag.example.com key: …`): the values a project keeps beside the
/// one in use, committed as surely. Only a whole comment line labelled in
/// one or two words and `key` (a public, host or verifying key's label is
/// not one), a value alone after it, in the run of comment lines right
/// below an assignment to a credential's name, judged under that name.
fn other_values_in_comments(
    text: &str,
    language: Language,
    line: Range<usize>,
    out: &mut Vec<Candidate>,
) {
    let pattern = match language {
        Language::Python | Language::Notebook => &*HASH_COMMENT_OTHER_KEY,
        Language::Rust => &*SLASH_COMMENT_OTHER_KEY,
        Language::Text => return,
    };
    let Some(caps) = pattern.captures(&text[line.clone()]) else {
        return;
    };
    let label = caps
        .get(1)
        .expect("the label")
        .as_str()
        .to_ascii_lowercase();
    if label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| NOT_A_SECRET_KEY_LABEL.contains(&w))
    {
        return;
    }
    let value = caps.get(2).expect("the value");
    let comment = if language == Language::Rust {
        "//"
    } else {
        "#"
    };
    let mut end = line.start;
    for _ in 0..=OTHER_VALUE_LINES {
        let Some(before) = end.checked_sub(1) else {
            return;
        };
        let start = memchr::memrchr(b'\n', &text.as_bytes()[..before]).map_or(0, |i| i + 1);
        let above = &text[start..before];
        if above.trim_start().starts_with(comment) {
            end = start;
            continue;
        }
        if let Some(name) = ASSIGNED_NAME
            .captures(above)
            .map(|c| c.get(1).expect("the name"))
        {
            judge(
                name.as_str(),
                value.as_str(),
                line.start + value.start(),
                out,
            );
        }
        return;
    }
}

/// Words of a key label that name a key nobody keeps secret.
const NOT_A_SECRET_KEY_LABEL: &[&str] = &[
    "public",
    "pub",
    "host",
    "verify",
    "verifying",
    "verification",
    "cache",
    "sort",
    "primary",
    "foreign",
];

/// `<label> key: <value>` as the whole of a comment: one or two words or
/// host names, `key`, one unquoted token, and at most a comment after it.
const COMMENT_OTHER_KEY: &str = r"[ \t]*([A-Za-z0-9][\w.-]*(?:[ \t]+[A-Za-z0-9][\w.-]*)?)[ \t]+(?i:key)[ \t]*[:=][ \t]*([A-Za-z0-9+/_-]{20,}={0,2})(?:[ \t]+(?:#|//)[^\n]*)?[ \t]*\r?$";

static HASH_COMMENT_OTHER_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^[ \t]*#{COMMENT_OTHER_KEY}")).expect("valid regex"));

static SLASH_COMMENT_OTHER_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^[ \t]*//[/!]?{COMMENT_OTHER_KEY}")).expect("valid regex")
});

/// The name an assignment line binds: `NAME = …`, `self.name = …`, `let
/// name: &str = …`, `const NAME: &str = …`, `pub static NAME: … = …`.
static ASSIGNED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*(?:pub(?:\([^)]*\))?[ \t]+)?(?:(?:let|const|static)[ \t]+(?:mut[ \t]+)?)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*(?::[^=\n]*)?=[^=]")
        .expect("valid regex")
});

/// The word every key label ends with, in any ASCII case. A regex rather
/// than an Aho-Corasick automaton: its literal search for one
/// case-insensitive word is over ten times faster, and every code document
/// is searched.
static KEY_WORD: LazyLock<regex::bytes::Regex> =
    LazyLock::new(|| regex::bytes::Regex::new(r"(?i-u) key").expect("one literal"));

/// `private key: <value>`, `signing key seed = <value>` as the whole of a
/// comment: the label in words (spaces, not an identifier: commented-out
/// code keeps its quotes and is not this), then one unquoted token, and at
/// most a comment of its own after it.
const COMMENT_KEY_LABEL: &str = r"[ \t]*(?i:(?:private|secret|signing) key(?: seed)?)[ \t]*[:=][ \t]*([A-Za-z0-9+/_-]{20,}={0,2})(?:[ \t]+(?:#|//)[^\n]*)?[ \t]*\r?$";

static HASH_COMMENT_KEY_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^[ \t]*#{COMMENT_KEY_LABEL}")).expect("valid regex"));

static SLASH_COMMENT_KEY_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^[ \t]*//[/!]?{COMMENT_KEY_LABEL}")).expect("valid regex")
});

/// Checks the credential lines inside string literals that hold a
/// structured document, as the document's own format writes values: JSON
/// quotes them, `key: value` lines need not. A value the syntax stage also
/// found (the literal is bound to a credential name) overlaps its finding
/// and is resolved to one.
fn embedded_documents(
    text: &str,
    language: Language,
    credential_lines: &[Range<usize>],
    out: &mut Vec<Candidate>,
) {
    let Some(documents) = crate::embedded::documents(text, language) else {
        return;
    };
    for (content, quoting) in documents.found {
        let lines: Vec<Range<usize>> = credential_lines
            .iter()
            .filter(|line| line.start <= content.end && content.start <= line.end)
            .cloned()
            .collect();
        if !lines.is_empty() {
            let (view, plain) = (&documents.view, Literals::Quoted);
            check_text(view, &lines, quoting, plain, Dialect::Other, out);
        }
    }
}

/// Reads each one-line string literal of code that holds lines of its own
/// written with `\n` escapes (`BODY = "USER=app\nDB_PASSWORD=…\n"`, a
/// patch written `"@@ -1 +1 @@\n+password = …"`) as a quoted value of a
/// text file is read ([`escaped_documents`]): each escaped line a line of
/// its own, its findings on the line the literal is written on. Such a
/// literal names a credential on one of its escaped lines, so a file none
/// of whose `credential_lines` holds a `\n` escape is not lexed again.
fn escaped_literals(
    text: &str,
    language: Language,
    credential_lines: &[Range<usize>],
    out: &mut Vec<Candidate>,
) {
    let escape = memchr::memmem::Finder::new(b"\\n");
    if !(credential_lines.iter()).any(|line| escape.find(&text.as_bytes()[line.clone()]).is_some())
    {
        return;
    }
    let values: Vec<Range<usize>> = (crate::embedded::string_literals(text, language))
        .into_iter()
        .filter(|literal| {
            let content = &text[literal.content.clone()];
            literal.escapes
                && !literal.docstring
                && !content.contains('\n')
                && holds_escaped_pairs(content)
        })
        .map(|literal| literal.content)
        .collect();
    if !values.is_empty() {
        escaped_documents(text, &values, out);
    }
}

/// Judges bindings found in source code (`text`): by their name, or by what
/// the syntax says they hold (a pair's password, an API's credential
/// argument).
pub fn check_bindings(text: &str, bindings: &[Binding], out: &mut Vec<Candidate>) {
    let mut imported: Option<Vec<&str>> = None;
    let generated = std::cell::OnceCell::new();
    for binding in bindings {
        if binding.public
            || binding.kind.is_none()
                && is_public_member(text, &binding.name, &binding.value, binding.span.start)
            || is_generated_name_based_uuid(text, &binding.value, &generated)
        {
            continue;
        }
        if let Some(kind) = binding.kind.or_else(|| credential_kind(&binding.name)) {
            if is_module_name(&binding.value)
                && imported
                    .get_or_insert_with(|| imported_modules(text))
                    .contains(&binding.value.as_str())
            {
                continue;
            }
            judge_as(kind, &binding.name, &binding.value, binding.span.start, out);
        } else {
            judge_auth_hash_header(text, &binding.name, &binding.value, binding.span.start, out);
            judge_issued_client_token(text, &binding.name, &binding.value, binding.span.start, out);
        }
    }
}

/// A `client_token` among the members of an `auth` object (`"auth":
/// {"client_token": "…", "accessor": "…", "policies": […]}`, what Vault's
/// login returns): the token a login issued to the client, which every
/// later request sends as its credential. Elsewhere the name model takes a
/// client token for a client-chosen idempotency key (AWS's `ClientToken`),
/// which authenticates nothing; the object it sits in says which it is.
/// Only a mapping bound to a name whose last word is `auth`, and only
/// `client` before `token`: the other handles the name model knows
/// (`next_token`, `csrf_token`) are handles wherever they are.
fn judge_issued_client_token(
    text: &str,
    name: &str,
    value: &str,
    value_start: usize,
    out: &mut Vec<Candidate>,
) {
    if words(name) == ["client", "token"]
        && mapping_word(text, value_start).is_some_and(|w| w == "auth")
    {
        judge_as(NameKind::Secret, name, value, value_start, out);
    }
}

/// A request header that authenticates with a hash (`headers={…,
/// "X-Auth-Hash": "…"}`, see [`names_auth_hash_header`]): a client sends the
/// digest as its credential, so it is judged as a secret although its name
/// holds a hash word. Only a member of a mapping named `headers`
/// (`headers=`, `HEADERS =`, `"headers":`) is such a header.
fn judge_auth_hash_header(
    text: &str,
    name: &str,
    value: &str,
    value_start: usize,
    out: &mut Vec<Candidate>,
) {
    if names_auth_hash_header(name) && in_headers_mapping(text, value_start) {
        judge_as(NameKind::Secret, name, value, value_start, out);
    }
}

/// Whether byte `at` is inside a `{ … }` mapping bound to a name whose last
/// word is `headers`.
fn in_headers_mapping(text: &str, at: usize) -> bool {
    mapping_word(text, at).is_some_and(|w| w == "headers")
}

/// The last word of the name the `{ … }` mapping around byte `at` is bound
/// to (`headers` for `headers={…}`, `HEADERS = {…}`, `"headers": {…}`;
/// `query` for `_LOGIN_QUERY = {…}`), if it is bound to one.
fn mapping_word(text: &str, at: usize) -> Option<String> {
    let at = at.min(text.len());
    let (offset, text) = crate::lines::around(text, &(at..at), WEB_PUSH_BYTES);
    let at = at - offset;
    let (open, _) = enclosing_braces(text.as_bytes(), 0, at, text.len())?;
    let before = text[..open].trim_end();
    let before = before.strip_suffix(['=', ':']).unwrap_or(before).trim_end();
    let before = before.trim_end_matches(['"', '\'']);
    // Bytes, not chars: a non-ASCII letter before the name is several bytes,
    // and the name starts after the last of them.
    let start = before
        .bytes()
        .rposition(|c| !(c.is_ascii_alphanumeric() || c == b'_'))
        .map_or(0, |i| i + 1);
    words(&before[start..]).pop()
}

/// A `key` member of a request's query parameters (`query = {"video_id":
/// …, "key": "…"}`, `params={"key": "…"}`): the `?key=` parameter is how
/// Google's APIs and many others take the caller's API key, and a query
/// mapping holds nothing else by that name. Only a quoted `key` with a
/// literal value in a mapping bound to a name ending in `query` or `params`,
/// judged as a secret: a word, a path or a placeholder stays quiet. The
/// line holds no credential word, so every document the code check reads
/// is searched for the member itself.
fn query_api_keys(text: &str, out: &mut Vec<Candidate>) {
    // Checked first, so that a file without the member compiles no regex.
    if !text.contains("key\"") && !text.contains("key'") {
        return;
    }
    for caps in QUERY_KEY_MEMBER.captures_iter(text) {
        let Some(value) = caps.get(1).or(caps.get(2)) else {
            continue;
        };
        if mapping_word(text, value.start()).is_some_and(|w| w == "query" || w == "params") {
            judge_as(NameKind::Secret, "key", value.as_str(), value.start(), out);
        }
    }
}

/// A `key` keyword argument beside a one-time-password generator's
/// parameters (`hotpdevice_set.create(key='…', digits=6, tolerance=1)`,
/// `TOTPDevice(key='…', step=30, t0=…)`): the HOTP/TOTP shared secret
/// (RFC 4226, RFC 6238) every code the device shows is derived from, judged
/// as a secret. `key` alone names nothing; two of `digits`, `step`, `t0`,
/// `tolerance`, `drift`, `counter` and `period` passed in the same call say
/// which key it is.
///
/// The key may be passed as an attribute of the test class or object
/// (`create(key=self.key, digits=6, tolerance=1)`); the literal that
/// attribute is assigned in the class making the call, above it (`key =
/// '…'`, a class attribute beside the tokens it yields), is then the
/// shared secret.
fn one_time_password_keys(text: &str, out: &mut Vec<Candidate>) {
    // Both patterns need the argument's name: a file without it compiles
    // neither.
    if !text.contains("key") {
        return;
    }
    for caps in KEY_KEYWORD.captures_iter(text) {
        let Some(value) = caps.get(1).or(caps.get(2)) else {
            continue;
        };
        if in_one_time_password_call(text, value.range()) {
            judge_as(NameKind::Secret, "key", value.as_str(), value.start(), out);
        }
    }
    for caps in KEY_ATTRIBUTE_KEYWORD.captures_iter(text) {
        let attribute = caps.get(1).expect("the attribute");
        if !in_one_time_password_call(text, attribute.range()) {
            continue;
        }
        let assignment = Regex::new(&format!(
            r#"(?m)^[ \t]*{}[ \t]*=[ \t]*(?:"([^"\\\r\n]*)"|'([^'\\\r\n]*)')[ \t]*(?:#[^\n]*)?\r?$"#,
            regex::escape(attribute.as_str())
        ))
        .expect("valid regex");
        // The class the call is made in, from its `class` line to the call.
        let class = text[..attribute.start()]
            .rfind("\nclass ")
            .map_or(0, |at| at + 1);
        for caps in assignment.captures_iter(&text[class..attribute.start()]) {
            if let Some(value) = caps.get(1).or(caps.get(2)) {
                judge_as(
                    NameKind::Secret,
                    "key",
                    value.as_str(),
                    class + value.start(),
                    out,
                );
            }
        }
    }
}

/// Whether the argument at `at` sits in a call that passes two of an
/// HOTP/TOTP generator's parameters (see [`OTP_PARAMETERS`]) by keyword.
fn in_one_time_password_call(text: &str, at: Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let start = at.start.saturating_sub(WEB_PUSH_BYTES);
    let end = (at.end + WEB_PUSH_BYTES).min(bytes.len());
    let (Some(open), Some(close)) = (
        unmatched(bytes, (start..at.start).rev(), b')', b'('),
        unmatched(bytes, at.end..end, b'(', b')'),
    ) else {
        return false;
    };
    let arguments = &text[open..close];
    let parameters = OTP_PARAMETERS
        .iter()
        .filter(|name| {
            arguments.match_indices(*name).any(|(i, _)| {
                let before = arguments.as_bytes()[..i].last().copied();
                let after = arguments[i + name.len()..].trim_start();
                !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
                    && after.starts_with('=')
                    && !after.starts_with("==")
            })
        })
        .count();
    parameters >= 2
}

/// `key=self.key`, `key=cls.otp_key`: a keyword argument `key` with an
/// attribute of the object or class, opening an argument list or following
/// a comma, and closed by one.
static KEY_ATTRIBUTE_KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(,]\s*key[ \t]*=[ \t]*(?:self|cls)\.([A-Za-z_][A-Za-z0-9_]*)[ \t]*[,)\r\n]")
        .expect("valid regex")
});

/// Keyword parameters of an HOTP/TOTP generator besides its key.
const OTP_PARAMETERS: &[&str] = &[
    "digits",
    "step",
    "t0",
    "tolerance",
    "drift",
    "counter",
    "period",
];

/// `key='…'`, `key="…"`: a keyword argument `key` with a literal, opening
/// an argument list or following a comma.
static KEY_KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"[(,]\s*key[ \t]*=[ \t]*(?:"([^"\\\r\n]*)"|'([^'\\\r\n]*)')"#)
        .expect("valid regex")
});

/// `"key": "…"`, `'key': '…'`: a mapping's `key` member with a literal.
static QUERY_KEY_MEMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"["']key["'][ \t]*:[ \t]*(?:"([^"\\\r\n]*)"|'([^'\\\r\n]*)')"#)
        .expect("valid regex")
});

/// Whether `value` could be a module's name: an identifier.
fn is_module_name(value: &str) -> bool {
    value.starts_with(|c: char| c.is_ascii_alphabetic())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The names of the modules and crates a file imports, every segment of
/// their paths: `import psycopg2.extras`, `from redis import Redis`, `use
/// sqlx::postgres`, `extern crate tokio`. A test's password that is the name
/// of the very module it tests (`password='psycopg2'` beside `import
/// psycopg2`) is a word its author read off the screen, however random its
/// letters and digits look.
fn imported_modules(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim_start();
        let Some(rest) = ["import ", "from ", "use ", "pub use ", "extern crate "]
            .iter()
            .find_map(|keyword| line.strip_prefix(keyword))
        else {
            continue;
        };
        let path = rest.split([';', '#', '{', '(']).next().unwrap_or_default();
        let path = path.split(" import ").next().unwrap_or_default();
        out.extend(
            path.split([',', '.', ':', ' '])
                .filter(|part| is_module_name(part) && *part != "as"),
        );
    }
    out
}

/// A member its object makes public by protocol, whatever its credential
/// word says: a Web Push subscription's `auth` beside its `p256dh`, unless
/// the value is the subscription's own secret ([`is_web_push_auth`]), or
/// a salt stored in clear beside what it salts ([`is_stored_salt`]). Both
/// readings of a name and its value ask it, the syntax's bindings and the
/// `key = value` scan, so code, data and documentation agree. (An
/// argument a protocol makes public, an ACME challenge's `token`, is the
/// syntax's to mark: `syntax::positions::PYTHON_PUBLIC`.)
fn is_public_member(text: &str, name: &str, value: &str, at: usize) -> bool {
    is_web_push_auth(text, name, at) && !is_subscription_secret(value)
        || is_stored_salt(text, name, at)
        || is_acme_challenge_token(text, name, at)
}

/// An ACME challenge object's `token` (RFC 8555 section 8: `{"type":
/// "http-01", "url": …, "token": …}`, as a CA's authorization lists its
/// challenges and a client's tests replay them). The CA sends the token in
/// the clear and the client publishes it (at
/// `/.well-known/acme-challenge/<token>`, in a DNS record, in a
/// certificate), so it authenticates nothing. The syntax marks the same
/// value as a challenge constructor's argument
/// (`syntax::positions::PYTHON_PUBLIC`); this is its JSON form, known by
/// the object's `type` naming a challenge type.
fn is_acme_challenge_token(text: &str, name: &str, at: usize) -> bool {
    const TYPES: [&str; 4] = [
        "\"http-01\"",
        "\"dns-01\"",
        "\"tls-alpn-01\"",
        "\"dns-account-01\"",
    ];
    if name.trim_matches(['"', '\'', '`']) != "token" {
        return false;
    }
    let Some(object) = enclosing_object(text, at) else {
        return false;
    };
    let lower = object.to_ascii_lowercase();
    TYPES.iter().any(|t| lower.contains(t)) && top_level_members(object).contains(&"type")
}

/// How many lines before and after an `auth` value its subscription's
/// `p256dh` key may be written: a `keys` object wraps the 87-character
/// public key over a few lines, and the two are written together.
const WEB_PUSH_LINES: usize = 8;

/// [`WEB_PUSH_LINES`] in bytes, at most: eight lines of a subscription
/// object with room to spare.
const WEB_PUSH_BYTES: usize = 2048;

/// A Web Push subscription's `auth` (`"keys": {"p256dh": "…", "auth": "…"}`,
/// or `sub.auth` and `TEST_AUTH` beside `sub.p256dh` and `TEST_P256DH`):
/// RFC 8291's authentication secret, 16 random bytes the browser makes for
/// one subscription and hands to the application server with its `p256dh`
/// public key. The server mixes it into the key that encrypts each message
/// for that browser. A name ending in `auth` is a credential's anywhere
/// else, so the `p256dh` beside it (the same name with `auth` replaced,
/// within [`WEB_PUSH_LINES`]) decides that the value is a subscription's;
/// [`is_subscription_secret`] then decides whether it is the secret itself
/// or a test's stand-in.
fn is_web_push_auth(text: &str, name: &str, at: usize) -> bool {
    let name = name.trim_matches(['"', '\'', '`']);
    let Some(prefix) = name
        .len()
        .checked_sub("auth".len())
        .filter(|&cut| name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case("auth"))
        .map(|cut| &name[..cut])
    else {
        return false;
    };
    if prefix.ends_with(|c: char| c.is_ascii_alphanumeric()) {
        return false;
    }
    // The lines are read within a few kilobytes of the value, so a
    // megabyte-long line costs each value its neighbourhood only.
    let at = at.min(text.len());
    let (offset, text) = crate::lines::around(text, &(at..at), WEB_PUSH_BYTES);
    let at = at - offset;
    let bytes = text.as_bytes();
    // The syntax names an attribute by itself (`sub.auth == "…"` binds
    // `auth`): its sibling is the same object's `sub.p256dh`.
    let receiver = if prefix.is_empty() {
        receiver_before(text, at)
    } else {
        ""
    };
    let prefix = if receiver.is_empty() {
        prefix.to_owned()
    } else {
        format!("{receiver}.")
    };
    let start = memchr::memrchr_iter(b'\n', &bytes[..at])
        .nth(WEB_PUSH_LINES)
        .map_or(0, |i| i + 1);
    let end = memchr::memchr_iter(b'\n', &bytes[at..])
        .nth(WEB_PUSH_LINES)
        .map_or(bytes.len(), |i| at + i);
    // A key's sibling is a key of the same braced object, when there is one.
    let (start, end) = if prefix.is_empty() {
        enclosing_braces(bytes, start, at, end).unwrap_or((start, end))
    } else {
        (start, end)
    };
    let window = text[start..end].to_ascii_lowercase();
    let sibling = format!("{}p256dh", prefix.to_ascii_lowercase());
    // An attribute (`sub.p256dh`) is no key of a mapping.
    let joined = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || prefix.is_empty() && b == b'.';
    window.match_indices(&sibling).any(|(i, _)| {
        let before = window.as_bytes()[..i].last().copied();
        let after = window.as_bytes().get(i + sibling.len()).copied();
        !before.is_some_and(joined)
            && !after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// Whether a Web Push subscription's `auth` value is RFC 8291's
/// authentication secret as browsers issue it: 16 random bytes, written in
/// base64url (22 characters) or base64 (24 with its padding). That secret
/// keys the encryption of every message to the subscriber, so whoever holds
/// it beside the subscription can read and forge what is pushed to them;
/// a value of another length is a test's stand-in, not a subscription's
/// secret, and stays unreported as before.
fn is_subscription_secret(value: &str) -> bool {
    let body = value.trim().trim_end_matches('=');
    body.len() == 22
        && value.trim().len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'/'))
}

/// A `salt` stored in clear beside what it salts, which is no secret, as
/// `syntax::salt_stored_in_clear` judges it (the one place that does, for
/// this rule and for a struct's or class's fields in the log rules): this
/// is the text's reading of where the salt stands. Its object is the
/// innermost `{ … }` around the value (`"kdfparams": {"dklen": 32, …,
/// "salt": "…"}` in an Ethereum keystore; a camera's `{"passwd_rounds":
/// 5000, "passwd_salt": "…"}`; a feature flag's `{"key": "new-checkout",
/// "salt": "…"}`), a parameter beside it is a word of its text, its own
/// members are the names at its top level, and a `nonce` on the salt's line
/// or a line next to it (a camera's `Key-Exchange: … nonce="…" salt="…"`
/// header) is a key exchange's.
fn is_stored_salt(text: &str, name: &str, at: usize) -> bool {
    let name = name.trim_matches(['"', '\'', '`']);
    if crate::value::words(name).last().is_none_or(|w| w != "salt") {
        return false;
    }
    let object = enclosing_object(text, at).unwrap_or_default();
    let lower = object.to_ascii_lowercase();
    // A parameter is a word of a member (`passwd_rounds` is a count of
    // rounds; `surrounds` is no word of it).
    let beside = |member: &str| {
        lower.match_indices(member).any(|(i, _)| {
            let before = lower.as_bytes()[..i].last().copied();
            let after = lower.as_bytes().get(i + member.len()).copied();
            !before.is_some_and(|b| b.is_ascii_alphanumeric())
                && !after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
    };
    let members = std::cell::OnceCell::new();
    let member = |id: &str| {
        members
            .get_or_init(|| top_level_members(object))
            .iter()
            .any(|m| m.eq_ignore_ascii_case(id))
    };
    crate::syntax::salt_stored_in_clear(
        name,
        &crate::syntax::SaltSite {
            owner: "",
            beside: &beside,
            member: &member,
            nonce_nearby: beside_a_nonce(text, at),
        },
    )
}

/// Whether the line at `at`, or a line next to it, names a `nonce` (as a
/// word of a name: `nonce`, `server_nonce`, `exchange.nonce`, `cnonce` is
/// no word of it).
fn beside_a_nonce(text: &str, at: usize) -> bool {
    let at = at.min(text.len());
    let bytes = text.as_bytes();
    let mut start = bytes[..at].iter().rposition(|&b| b == b'\n').unwrap_or(0);
    start = bytes[..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap_or(0);
    let mut end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| at + i);
    if end < text.len() {
        end = bytes[end + 1..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| end + 1 + i);
    }
    let window = text[start..end].to_ascii_lowercase();
    window.match_indices("nonce").any(|(i, _)| {
        let before = window.as_bytes()[..i].last().copied();
        let after = window.as_bytes().get(i + "nonce".len()).copied();
        !before.is_some_and(|b| b.is_ascii_alphanumeric())
            && !after.is_some_and(|b| b.is_ascii_alphanumeric())
    })
}

/// A name-based UUID (RFC 9562 versions 3 and 5, the digest of a
/// namespace and a name: `6a3b…-67cd-3ff2-867e-…`) in a document whose
/// UUIDs are all name-based of that one version, two different ones at
/// least: a generator of such identifiers wrote them (a recorded API
/// response listing zones, each with its derived token), and whoever knows
/// the name derives the value. A random token written in UUID layout (a
/// Vault or Consul token) has those digits one time in 32, so one alone, or
/// one beside UUIDs of other versions, is judged as the token it looks like
/// (see `is_time_based_uuid` in the value model); two of one version from a
/// random source, with no other UUID in the document, one time in 2048.
fn is_generated_name_based_uuid(
    text: &str,
    value: &str,
    generated: &std::cell::OnceCell<Option<u8>>,
) -> bool {
    // A UUID is 36 characters: other values need the regex neither run
    // nor compiled.
    let uuid = value.len() == 36;
    let whole =
        (uuid.then(|| UUID.find(value)).flatten()).filter(|m| m.range() == (0..value.len()));
    whole
        .and_then(|m| name_based(m.as_str()))
        .is_some_and(|version| *generated.get_or_init(|| generated_version(text)) == Some(version))
}

/// A UUID, dashes written out.
static UUID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\b")
        .expect("valid regex")
});

/// The version of a name-based UUID with the RFC's variant, if it is one.
fn name_based(uuid: &str) -> Option<u8> {
    let b = uuid.as_bytes();
    let variant = matches!(
        b.get(19).map(u8::to_ascii_lowercase),
        Some(b'8' | b'9' | b'a' | b'b')
    );
    b.get(14)
        .copied()
        .filter(|v| variant && matches!(v, b'3' | b'5'))
}

/// The one name-based version every UUID of `text` has, when there are two
/// different ones at least (see [`is_generated_name_based_uuid`]); read
/// once per document, on its first name-based value.
fn generated_version(text: &str) -> Option<u8> {
    let mut version = None;
    let mut distinct = std::collections::HashSet::new();
    for uuid in UUID.find_iter(text) {
        let this = name_based(uuid.as_str())?;
        if *version.get_or_insert(this) != this {
            return None;
        }
        distinct.insert(uuid.as_str().to_ascii_lowercase());
    }
    version.filter(|_| distinct.len() >= 2)
}

/// The names of the members of an object written `{ … }` (`"key": …`,
/// `'id': …`, `key: …`), its own only: a nested object's or array's members
/// belong to that object, not to this one.
fn top_level_members(object: &str) -> Vec<&str> {
    let bytes = object.as_bytes();
    let mut members = Vec::new();
    let mut depth = 0usize;
    let mut name_start = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'"' | b'\'') => {
                let close = (i + 1..bytes.len())
                    .find(|&j| bytes[j] == quote && bytes[j - 1] != b'\\')
                    .unwrap_or(bytes.len());
                if depth == 1 && name_start.is_some() {
                    let after = object[(close + 1).min(object.len())..].trim_start();
                    if after.starts_with(':') {
                        members.push(&object[i + 1..close]);
                    }
                    name_start = None;
                }
                i = close;
            }
            b'{' | b'[' => {
                depth += 1;
                name_start = (depth == 1).then_some(i + 1);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => name_start = Some(i + 1),
            b':' if depth == 1 => {
                if let Some(start) = name_start.take() {
                    let bare = object[start..i].trim();
                    if !bare.is_empty()
                        && bare.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    {
                        members.push(bare);
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    members
}

/// The innermost `{ … }` around byte `at`, searched within
/// [`WEB_PUSH_BYTES`] of it: the object a member belongs to.
fn enclosing_object(text: &str, at: usize) -> Option<&str> {
    let at = at.min(text.len());
    let (offset, text) = crate::lines::around(text, &(at..at), WEB_PUSH_BYTES);
    let at = at - offset;
    let bytes = text.as_bytes();
    let (start, end) = enclosing_braces(bytes, 0, at, bytes.len())?;
    Some(&text[start..end])
}

/// A JSON document written as one quoted value: it opens with `{` or `[`
/// and holds a member (`"name":`).
fn holds_json_members(value: &str) -> bool {
    value.trim_start().starts_with(['{', '['])
        && value
            .match_indices('"')
            .any(|(i, _)| value[i + 1..].trim_start().starts_with(':'))
}

/// A member of a cryptographic test case (`{"token": "gAAA…", "now": …,
/// "iv": [0, 1, …], "src": "hello", "secret": "cw_0…"}`, the Fernet
/// specification's vectors; `{"tcId": 1, "iv": …, "msg": …, "key": …}`,
/// Wycheproof's): a record that pins what a test replays, beside the key
/// and the expected output. Its members are of four kinds no configuration
/// or recorded response puts together: an IV or nonce, the plaintext, a
/// pinned clock (`now`), and the case's description or number (`desc`,
/// `tcId`). Two kinds in the innermost `{ … }` around the value make it a
/// case; one alone (an `iv` beside a token, a `desc` beside a key) does not.
fn is_cipher_test_case(text: &str, at: usize) -> bool {
    let Some(object) = enclosing_object(text, at) else {
        return false;
    };
    TEST_CASE_MEMBERS
        .iter()
        .filter(|kind| kind.is_match(object))
        .count()
        >= 2
}

/// The kinds of a test case's members, as a member's name (`"iv":`,
/// `nonce:`): an IV or nonce, the plaintext, a pinned clock, the case's
/// description or number.
static TEST_CASE_MEMBERS: LazyLock<[Regex; 4]> = LazyLock::new(|| {
    [
        "iv|nonce",
        "src|plaintext|cleartext|pt|msg",
        "now",
        "desc|tcid",
    ]
    .map(|names| {
        Regex::new(&format!(r#"(?i)(?:^|[\s{{,])["']?(?:{names})["']?[ \t]*:"#))
            .expect("valid regex")
    })
});

/// The object whose `.auth` attribute the line holding byte `at` names
/// before it (`sub` in `assert sub.auth == "…"`), or `""`.
fn receiver_before(text: &str, at: usize) -> &str {
    let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1);
    let line = &text[line_start..at];
    let Some(dot) = line.to_ascii_lowercase().rfind(".auth") else {
        return "";
    };
    let before = &line[..dot];
    let start = before
        .bytes()
        .rposition(|c| !(c.is_ascii_alphanumeric() || c == b'_' || c == b'.'))
        .map_or(0, |i| i + 1);
    &before[start..]
}

/// The innermost `{ … }` around byte `at`, searched within `start..end`:
/// the object or mapping a key belongs to.
fn enclosing_braces(bytes: &[u8], start: usize, at: usize, end: usize) -> Option<(usize, usize)> {
    let open = unmatched(bytes, (start..at).rev(), b'}', b'{')?;
    let close = unmatched(bytes, at..end, b'{', b'}')?;
    Some((open, close + 1))
}

/// The first `outer` bracket in `positions` that no `inner` one before it
/// pairs with: walking away from a point, the bracket that encloses it.
fn unmatched(
    bytes: &[u8],
    positions: impl Iterator<Item = usize>,
    inner: u8,
    outer: u8,
) -> Option<usize> {
    let mut depth = 0usize;
    for i in positions {
        if bytes[i] == inner {
            depth += 1;
        } else if bytes[i] == outer {
            match depth.checked_sub(1) {
                Some(shallower) => depth = shallower,
                None => return Some(i),
            }
        }
    }
    None
}

fn judge(name: &str, value: &str, value_start: usize, out: &mut Vec<Candidate>) {
    if let Some(kind) = credential_kind(name) {
        judge_as(kind, name, value, value_start, out);
    }
}

/// Judges a value whose kind is known from its name or from where it sits:
/// an API's credential argument, curl's `--user`, a `.pgpass` line's last
/// field, a JWK member.
pub(crate) fn judge_as(
    kind: NameKind,
    name: &str,
    value: &str,
    value_start: usize,
    out: &mut Vec<Candidate>,
) {
    if looks_like_secret(kind, name, value) && !is_slot_path(value) {
        report(name, value, value_start, out);
    }
}

/// `FromEmail/ToEmail1/ToEmail2/ToEmailN`: the slots of a URL's syntax as a
/// service's documentation writes them out, each slot named in PascalCase
/// or camelCase from dictionary words (`APIToken:FromEmail/ToEmail` is "your
/// API token, then the sender, then the recipient"). Every `/`-separated
/// part must be such an identifier, with at least two words; what someone
/// would issue or type as a secret is not made of capitalised English
/// words alone.
fn is_slot_path(value: &str) -> bool {
    let path = value.trim().trim_end_matches('/');
    !path.is_empty() && path.split('/').all(is_slot_name)
}

/// `FromEmail`, `ToEmail2`, `ToEmailN`, `APIToken`, `deviceKey`: words of a
/// dictionary joined in PascalCase or camelCase, an acronym of two to five
/// capitals counting as a word, and a short number or a lone `N` ("and so
/// on") allowed at the end.
fn is_slot_name(part: &str) -> bool {
    let Some(words) = camel_words(part) else {
        return false;
    };
    let (last, _) = words.split_last().expect("camel_words yields a word");
    let end_index = last.len() <= 2 && last.bytes().all(|b| b.is_ascii_digit()) || *last == "N";
    let words = if end_index && words.len() > 2 {
        &words[..words.len() - 1]
    } else {
        &words[..]
    };
    words.len() >= 2
        && words.iter().all(|word| {
            let acronym =
                (2..=5).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase());
            acronym || is_dictionary_word(word)
        })
}

/// The words of a PascalCase or camelCase identifier, an acronym ending
/// where the next word's capital begins (`APIToken`: `API`, `Token`), or
/// `None` when `part` holds anything else than ASCII letters and digits.
fn camel_words(part: &str) -> Option<Vec<&str>> {
    let bytes = part.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let mut words = Vec::new();
    let mut start = 0;
    for i in 1..bytes.len() {
        let (prev, cur) = (bytes[i - 1], bytes[i]);
        let next_lower = bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase);
        let boundary = prev.is_ascii_lowercase() && cur.is_ascii_uppercase()
            || prev.is_ascii_uppercase() && cur.is_ascii_uppercase() && next_lower
            || prev.is_ascii_digit() != cur.is_ascii_digit();
        if boundary {
            words.push(&part[start..i]);
            start = i;
        }
    }
    words.push(&part[start..]);
    Some(words)
}

/// Reports `value`, already judged a secret, as bound to `name`.
pub(crate) fn report(name: &str, value: &str, value_start: usize, out: &mut Vec<Candidate>) {
    let secret = strip_auth_scheme(value.trim());
    let start = value_start + (secret.as_ptr() as usize - value.as_ptr() as usize);
    report_span(name, secret, start..start + secret.len(), out);
}

/// Reports `secret`, already judged, as bound to `name`, where `span` of the
/// document writes it (across lines, for a value wrapped over them).
pub(crate) fn report_span(name: &str, secret: &str, span: Range<usize>, out: &mut Vec<Candidate>) {
    let redacted = redact(secret);
    out.push(Candidate {
        rule: RULE.id.to_owned(),
        severity: RULE.severity,
        span,
        secret: Some(secret.to_owned()),
        message: format!("`{name}` is set to a hardcoded secret `{redacted}`"),
        redacted: Some(redacted),
        variable: Some(env_var_name(name)),
        priority: usize::MAX,
    });
}

/// How many unquoted values ending at one place the `key = value` scan goes
/// inside, one in the other (`X=${A:-${PASSWORD:-…}}`, `f(a=g(token=…`):
/// every unquoted value inside another ends where it ends, so each step
/// searches to that end again, and a line of thousands of them cost
/// quadratic time (a23 #1: `PASSWORD=` then 8,000 `${A:-`, 48 KB, took 5.7 s;
/// a megabyte, hours). Past this depth the rest of that value is skipped:
/// no credential's value is written under so many others.
const MAX_INSIDE: u32 = 32;

/// `name = value`, `name: value`, `"name": "value"`, `export NAME=value`,
/// `--password=value`, `//registry/:_authToken=value`, and the `@name = value`
/// variables of `.http` request files. A YAML anchor or core tag before the
/// value (`password: &db "…"`, `token: !!str …`) labels it: the value
/// follows. A sigil, member arrow or pointer star before the name is no
/// part of it: PHP's and Perl's `$password = "…"`, `$this->password = …`,
/// C's `const char *password = "…"`, Objective-C's `@"password": @"…"`,
/// T-SQL's `SET @password = '…'`; a unified diff's `+` or `-` marker
/// glued to the name of an added or removed line (`+password = …`); and the
/// `#` that comments out a line of a configuration sample
/// (`#server_password="…"`), as `# password = …` with a space already was.
static KEY_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:^[ \t]*#+|^|->|[\s{,;(\[:/$*@+-])(?:export[ \t]+|ENV[ \t]+|ARG[ \t]+|set[ \t]+)?["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?[ \t]*(?::=|=>|=|:)[ \t]*(?:(?:&[A-Za-z0-9_-]+|!![a-z]+)[ \t]+)*(?:"([^"\r\n]*)"|'([^'\r\n]*)'|((?:(?i:bearer|basic|token)[ \t]+)?[^\s"';,\]}#][^\s"';,\]}]*))"#,
    )
    .expect("valid regex")
});

/// A line of code that opens a credential's value and leaves it for the next
/// line: `password = \`, `password: str = (`, `"password":` (a dictionary's
/// key) or `password=(` (a keyword argument), a comment after it aside.
static OPENS_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^[ \t]*(?:["']([A-Za-z_][A-Za-z0-9_.\-]*)["'][ \t]*:[ \t]*\(?|([A-Za-z_][A-Za-z0-9_.\-]*)[ \t]*(?::[^=\r\n]*)?=[ \t]*(?:\(|\\))[ \t]*(?:#.*)?$"#,
    )
    .expect("valid regex")
});

/// A quoted literal opening a line (a Python prefix allowed), and what may
/// follow the value of a statement or a dictionary's entry.
static LEADING_LITERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^[ \t]*[rRbBuU]?(?:"([^"\\\r\n]*)"|'([^'\\\r\n]*)')[ \t]*(?:[,)}+\\]|#|$)"#)
        .expect("valid regex")
});

/// The name and the value's span of a statement that parses with an error
/// and writes its credential's value on the line after the name
/// (`password = \` or `db_password = (` then `"…"`, `"password":` then
/// `"…",` in a dictionary missing a comma): the tree has no binding for
/// it, and the line alone holds no value.
fn value_on_next_line<'t>(text: &'t str, line: &Range<usize>) -> Option<(&'t str, Range<usize>)> {
    let line_text = &text[line.clone()];
    let caps = OPENS_VALUE.captures(line_text)?;
    let name = caps.get(1).or(caps.get(2))?;
    let name = whole_hyphenated_name(line_text, name.start(), name.as_str());
    credential_kind(name)?;
    let mut start = line.end + 1;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let next = &text[start..end];
        if !next.trim().is_empty() {
            let value = LEADING_LITERAL.captures(next)?;
            let value = value.get(1).or(value.get(2))?;
            return Some((name, start + value.start()..start + value.end()));
        }
        start = end + 1;
    }
    None
}

/// A YAML block scalar's header: `|` or `>`, with a chomping and an
/// indentation indicator in either order.
static BLOCK_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[|>](?:[-+]?[1-9]?|[1-9][-+])$").expect("valid regex"));

/// The span of the one line of text a YAML block scalar holds, when a key at
/// `column` of the line ending at `line_end` has a block scalar `header` for
/// its value (`password: |` then the password, indented, on the next line;
/// `token: >-`): the body is every following line indented past the key,
/// blank lines aside. A body of several lines (a script, a certificate) is
/// no single value, and is left to the rules that read its lines.
fn block_scalar_line(
    text: &str,
    line_end: usize,
    column: usize,
    header: &str,
    rest: &str,
) -> Option<Range<usize>> {
    let rest = rest.trim_start();
    if !BLOCK_HEADER.is_match(header) || !(rest.is_empty() || rest.starts_with('#')) {
        return None;
    }
    single_indented_line(text, line_end, column)
}

/// The span of the only non-blank line indented past `column` after the
/// line ending at `line_end`, when the lines indented past it (up to the
/// first that is not) are one: a body of one line.
fn single_indented_line(text: &str, line_end: usize, column: usize) -> Option<Range<usize>> {
    let mut body = None;
    let mut start = line_end + 1;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[start..end].trim_end();
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if !line.is_empty() {
            if indent <= column {
                break;
            }
            if body.is_some() {
                return None;
            }
            body = Some(start + indent..start + line.len());
        }
        start = end + 1;
    }
    body
}

/// A YAML key alone on its line, its value on the lines below: `password:`
/// or `password: &db` (an anchor, or a tag, labels the value that follows),
/// a comment after it aside. Group 1 is the key's indentation (a sequence
/// entry's `- ` included), group 2 the key.
static KEY_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^([ \t]*(?:-[ \t]+)?)["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?[ \t]*:(?:[ \t]+(?:&[A-Za-z0-9_-]+|![!A-Za-z0-9_-]*))*[ \t]*(?:#.*)?$"#,
    )
    .expect("valid regex")
});

/// The span of the value of a YAML key alone on its line (see
/// [`KEY_ALONE`]) when it is a plain or quoted scalar on the one line
/// below, indented past the key (`password:` then `  s3cr…`). A body of
/// several lines is prose folded into one value, not a credential; a
/// mapping, a sequence, a block scalar or an alias below is no literal.
fn next_line_scalar(text: &str, line_end: usize, column: usize) -> Option<Range<usize>> {
    let body = single_indented_line(text, line_end, column)?;
    let value = &text[body.clone()];
    let value = value.split(" #").next().unwrap_or(value).trim_end();
    if value.starts_with([
        '-', '#', '{', '[', '|', '>', '*', '&', '!', '?', '%', '@', '`',
    ]) || value.contains(": ")
        || value.ends_with(':')
    {
        return None;
    }
    let quoted = value.len() >= 2
        && (value.starts_with('"') && value.ends_with('"')
            || value.starts_with('\'') && value.ends_with('\''));
    if quoted {
        return Some(body.start + 1..body.start + value.len() - 1);
    }
    (!value.contains(['"', '\''])).then(|| body.start..body.start + value.len())
}

/// The span of the one line a TOML (or Python) multi-line string holds
/// when `open` is the offset of its opening `'''` or `"""`: TOML drops a
/// newline right after the delimiter, and the value is that line without
/// the whitespace around it. A body of several lines is no single value
/// (a script, a certificate, prose). With the offset after the closing
/// delimiter, so the scan goes on after the string.
fn triple_quoted_line(text: &str, open: usize) -> Option<(Option<Range<usize>>, usize)> {
    let delimiter = text.get(open..open + 3)?;
    if delimiter != "'''" && delimiter != "\"\"\"" {
        return None;
    }
    let start = open + 3;
    let close = start + text[start..].find(delimiter)?;
    let body = &text[start..close];
    let trimmed = body.trim();
    if trimmed.is_empty() || trimmed.contains('\n') {
        return Some((None, close + 3));
    }
    let from = start + (body.len() - body.trim_start().len());
    Some((Some(from..from + trimmed.len()), close + 3))
}

/// The body of the literal of one of the forms `literals` names that opens
/// at `open` in code, and the offset after it: `None` when no such literal
/// opens there (or it is not closed). The body is `None` when the literal
/// is code rather than a value (a template literal interpolating `${…}`,
/// Swift's `\(…)`) or holds nothing but blanks. A literal over several
/// lines is one value, its blanks around it aside (a Go raw string, a
/// Kotlin `"""…"""`), as its language reads it; the value model judges it
/// whole.
pub(crate) fn code_literal(
    text: &str,
    open: usize,
    literals: Literals,
) -> Option<(Option<Range<usize>>, usize)> {
    let b = text.as_bytes();
    let rest = &b[open..];
    let (start, end, after) = match literals {
        Literals::Template | Literals::GoRaw if rest.first() == Some(&b'`') => {
            let escapes = literals == Literals::Template;
            let mut j = open + 1;
            while j < b.len() && b[j] != b'`' {
                j += if escapes && b[j] == b'\\' { 2 } else { 1 };
            }
            (j < b.len()).then_some((open + 1, j, j + 1))?
        }
        Literals::Triple | Literals::CSharp if rest.starts_with(b"\"\"\"") => {
            let close = open + 3 + memchr::memmem::find(&rest[3..], b"\"\"\"")?;
            (open + 3, close, close + 3)
        }
        Literals::CSharp if rest.starts_with(b"@\"") => {
            let mut j = open + 2;
            loop {
                j += memchr::memchr(b'"', b.get(j..)?)?;
                if b.get(j + 1) != Some(&b'"') {
                    break;
                }
                j += 2;
            }
            (open + 2, j, j + 1)
        }
        Literals::CFamily if rest.starts_with(b"@\"") => {
            let mut j = open + 2;
            while j < b.len() && b[j] != b'"' && b[j] != b'\n' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            (b.get(j) == Some(&b'"')).then_some((open + 2, j, j + 1))?
        }
        Literals::CFamily => {
            let prefix = ["R\"", "u8R\"", "uR\"", "UR\"", "LR\""]
                .iter()
                .find(|p| rest.starts_with(p.as_bytes()))?;
            let from = open + prefix.len();
            let paren = from + memchr::memchr(b'(', &b[from..(from + 17).min(b.len())])?;
            let delimiter = &text[from..paren];
            if delimiter.contains(|c: char| c.is_whitespace() || matches!(c, ')' | '\\' | '"')) {
                return None;
            }
            let closing = format!("){delimiter}\"");
            let close = paren + 1 + memchr::memmem::find(&b[paren + 1..], closing.as_bytes())?;
            (paren + 1, close, close + closing.len())
        }
        _ => return None,
    };
    let body = &text[start..end];
    let code = match literals {
        Literals::Template => body.contains("${"),
        Literals::Triple => body.contains("${") || body.contains("\\("),
        _ => false,
    };
    let trimmed = body.trim();
    let from = start + (body.len() - body.trim_start().len());
    let value = (!code && !trimmed.is_empty()).then(|| from..from + trimmed.len());
    Some((value, after))
}

/// A type annotation between a name and its value, `name: Type = `, as
/// TypeScript, Kotlin, Scala, Swift and Dart declare (`apiKey: string =`,
/// `password: String? =`, `token: Map<String, String> =`, unions such as
/// `string | null =`), and Rust in a Markdown example (`api_key: &str =`,
/// `&'static str`).
static TYPE_ANNOTATION: LazyLock<Regex> = LazyLock::new(|| {
    let ty = r"[A-Za-z_][A-Za-z0-9_.]*(?:<[A-Za-z0-9_., <>?|\[\]]*>)?(?:\[\])*\??";
    let reference = r"(?:&(?:'[A-Za-z_]+[ \t]+)?(?:mut[ \t]+)?)?";
    Regex::new(&format!(
        r"^{reference}{ty}(?:[ \t]*\|[ \t]*{ty})*[ \t]*=[ \t]*"
    ))
    .expect("valid regex")
});

/// Where the expression of a typed declaration opens, when what follows
/// the name ending at `name_end` in `line` is a colon and a type: the
/// type, blanks, `=` and an expression (`let secret_key: SigningKey<V4,
/// Public> = load();` in a Markdown example, `apiKey: string =
/// config.get(…)`, `api_key: &str = "…"`, whose `&str` the `key: value`
/// match reads as a YAML anchor). A language whose literals the scan reads
/// finds them after the type already ([`typed_literal`]); here, in every
/// other text, the type is no value. The blank before `=` and the
/// expression after it tell a type from a base64 value's padding (`token:
/// c2VjcmV0dG9rZW4=`).
fn declared_type(line: &str, name_end: usize) -> Option<usize> {
    let after = line[name_end..].trim_start_matches(['"', '\'']);
    let after = after.trim_start().strip_prefix(':')?;
    let typed = after.trim_start();
    let at = line.len() - typed.len();
    let annotation = TYPE_ANNOTATION.find(typed)?.as_str();
    let ty = annotation.trim_end().strip_suffix('=')?;
    let open = at + annotation.len();
    let rest = &line[open..];
    (ty.ends_with([' ', '\t']) && !rest.is_empty() && !rest.starts_with('=')).then_some(open)
}

/// Whether an unquoted value is the first word of a sentence: letters
/// only, then at least two more words of letters (a closing `.`, `:` or
/// `,` aside) before the line ends or a comment opens (`type-passphrase =
/// Inserisci la passphrase`, a Fluent or `.properties` translation's
/// message; `password: Enter your password` in a form's labels). A secret
/// written unquoted is one run of characters, and one of letters alone is
/// not followed by words.
fn opens_a_sentence(value: &str, after: &str) -> bool {
    let word = |w: &str| {
        let w = w.trim_end_matches(['.', ',', ':', ';', '!', '?']);
        !w.is_empty() && w.chars().all(char::is_alphabetic)
    };
    word(value)
        && after.starts_with([' ', '\t'])
        && after.split_whitespace().take_while(|w| word(w)).count() >= 2
}

/// The body of the literal a typed declaration assigns (see
/// [`TYPE_ANNOTATION`]), when the `key: value` match read the type for the
/// value (`at`, in `line_text`, the line starting at `line_start` of
/// `text`), and the offset after the literal: `"…"` and `'…'` on the line,
/// or one of the language's own `literals` ([`code_literal`]).
fn typed_literal(
    text: &str,
    line_start: usize,
    line_text: &str,
    at: usize,
    literals: Literals,
) -> Option<(Option<Range<usize>>, usize)> {
    if !line_text[..at].trim_end().ends_with(':') {
        return None;
    }
    let open = at + TYPE_ANNOTATION.find(&line_text[at..])?.end();
    literal_at(text, line_start, line_text, open, literals)
}

/// The body of the literal that opens at `open` (in `line_text`, the line
/// starting at `line_start` of `text`) and the offset after it: `"…"` and
/// `'…'` on the line, or one of the language's own `literals`
/// ([`code_literal`]).
fn literal_at(
    text: &str,
    line_start: usize,
    line_text: &str,
    open: usize,
    literals: Literals,
) -> Option<(Option<Range<usize>>, usize)> {
    let quote = *line_text.as_bytes().get(open)?;
    if quote == b'"' || quote == b'\'' {
        let close = open + 1 + line_text[open + 1..].find(char::from(quote))?;
        let body = &line_text[open + 1..close];
        if body.contains('\\')
            || body.is_empty() && line_text[close + 1..].starts_with(char::from(quote))
        {
            return code_literal(text, line_start + open, literals);
        }
        return Some((
            Some(line_start + open + 1..line_start + close),
            line_start + close + 1,
        ));
    }
    code_literal(text, line_start + open, literals)
}

/// Dockerfile's other form: `ENV NAME value`.
static DOCKER_ENV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^[ \t]*(?:ENV|ARG)[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+"?([^\s"=]+)"?[ \t]*(?:#.*)?$"#,
    )
    .expect("valid regex")
});

/// A name on one line and its value on the next, as Kubernetes and CI files
/// write environment lists: `- name: API_TOKEN` then `value: "…"`.
static NAME_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^[ \t]*-?[ \t]*name:[ \t]*["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?[ \t]*(?:#.*)?$"#)
        .expect("valid regex")
});
static VALUE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^[ \t]*value:[ \t]*(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"'#]+))[ \t]*(?:#.*)?$"#)
        .expect("valid regex")
});

/// The name a `key = value` match stands for: the whole hyphenated word when
/// the match caught only its tail. A pair whose word follows a character
/// that opens no name (`&continuation-token=…` in a request line, where `&`
/// joins query parameters) is matched from after its last `-`, and the tail
/// (`token`) is not what the pair is named: `continuation-token` is a
/// pagination cursor's. A flag's dashes (`--password=`) are no word's.
fn whole_hyphenated_name<'a>(line: &'a str, start: usize, name: &'a str) -> &'a str {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-');
    let bytes = line.as_bytes();
    if start < 2 || bytes[start - 1] != b'-' || !bytes[start - 2].is_ascii_alphanumeric() {
        return name;
    }
    let from = bytes[..start]
        .iter()
        .rposition(|&b| !is_word(b))
        .map_or(0, |i| i + 1);
    &line[from..start + name.len()]
}

/// Judges `key = value` pairs in a text file, on the lines that mention a
/// credential word (found by the shared prefilter), and the declarations
/// its language (`dialect`) writes its own way; in code, a value is one of
/// the literals the language writes (`literals`).
pub fn check_text(
    text: &str,
    lines: &[Range<usize>],
    quoting: Quoting,
    literals: Literals,
    dialect: Dialect,
    out: &mut Vec<Candidate>,
) {
    let generated = std::cell::OnceCell::new();
    let mut escaped = Vec::new();
    for line in lines {
        let line_text = &text[line.clone()];
        if quoting == Quoting::QuotedOnly {
            if let Some((name, value)) = value_on_next_line(text, line) {
                judge(name, &text[value.clone()], value.start, out);
                continue;
            }
        }
        if quoting == Quoting::Any {
            let key = KEY_ALONE.captures(line_text);
            let key = key.and_then(|c| Some((c.get(1)?.end(), c.get(2)?.as_str())));
            if let Some((column, name)) = key.filter(|(_, name)| credential_kind(name).is_some()) {
                if let Some(body) = next_line_scalar(text, line.end, column) {
                    judge(name, &text[body.clone()], body.start, out);
                }
                continue;
            }
        }
        let mut from = 0;
        let several = std::cell::OnceCell::new();
        // The end of the last unquoted value the scan went inside, and how
        // many values ending there it went inside (see [`MAX_INSIDE`]).
        let mut inside = (usize::MAX, 0);
        while let Some(caps) = KEY_VALUE.captures_at(line_text, from) {
            let whole = caps.get(0).expect("the match");
            from = whole.end();
            let (Some(name), Some(value)) =
                (caps.get(1), caps.get(2).or(caps.get(3)).or(caps.get(4)))
            else {
                continue;
            };
            // `user, password = "bob", "…"`: the value after `=` is the
            // first name's; the declarations' reading pairs them.
            let several = several.get_or_init(|| {
                (line_text.contains(',')).then(|| super::declarations::several_names(line_text))
            });
            if several
                .iter()
                .flatten()
                .any(|(listed, _)| listed.contains(&name.start()))
            {
                continue;
            }
            // PowerShell's `$env:NAME = …`: `env` is a scope, and the pair
            // is the name after it (the flask docs' `$env:FLASK_SECRET_KEY`).
            let scoped = line_text[name.end()..].strip_prefix(':');
            if line_text[..name.start()].ends_with('$')
                && scoped
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_alphabetic() || c == '_'))
            {
                from = name.end();
                continue;
            }
            let name = whole_hyphenated_name(line_text, name.start(), name.as_str());
            // A literal of the language's own (`` `…` ``, `@"…"`, `R"(…)"`,
            // `"""…"""`), which the regex read as a word or an empty string;
            // or one a typed declaration assigns, where the regex read the
            // type for the value (`apiKey: string = ` then the literal).
            let own = (literals != Literals::Quoted || quoting == Quoting::QuotedOnly)
                .then(|| {
                    let open = line.start + value.start() - usize::from(caps.get(4).is_none());
                    let own = (caps.get(4).is_some() || value.is_empty())
                        .then(|| code_literal(text, open, literals))
                        .flatten();
                    own.or_else(|| {
                        caps.get(4)?;
                        typed_literal(text, line.start, line_text, value.start(), literals)
                    })
                })
                .flatten();
            if let Some((body, after)) = own {
                if let Some(body) = body {
                    judge(name, &text[body.clone()], body.start, out);
                }
                if after > line.end {
                    break;
                }
                from = after - line.start;
                continue;
            }
            // `password = '''…'''` or `token = """` then the value on the
            // next line (TOML): the quotes matched an empty string.
            let triple = (quoting == Quoting::Any && value.is_empty() && caps.get(4).is_none())
                .then(|| triple_quoted_line(text, line.start + value.start() - 1))
                .flatten();
            if let Some((body, after)) = triple {
                if let Some(body) = body.filter(|_| credential_kind(name).is_some()) {
                    judge(name, &text[body.clone()], body.start, out);
                }
                if after > line.end {
                    break;
                }
                from = after - line.start;
                continue;
            }
            if caps.get(4).is_none()
                && credential_kind(name).is_none()
                && holds_escaped_pairs(value.as_str())
            {
                // A quoted value that is itself a document of lines written
                // with `\n` escapes (a recorded request's patch, `"@@ -1 +1,2
                // @@\n+password=…"`, or a `.env` body): read apart below.
                escaped.push(line.start + value.start()..line.start + value.end());
                continue;
            }
            if caps.get(4).is_none()
                && credential_kind(name).is_none()
                && holds_json_members(value.as_str())
            {
                // A recorded HTTP body in a YAML quoted scalar (`string:
                // '{"client_secret": "…"}'`, a VCR cassette's): the quoted
                // document is the value of a name of nothing, and its
                // members are pairs of their own, so the scan goes on
                // inside it rather than after it.
                from = value.start();
                continue;
            }
            let mut value_text = value.as_str();
            if caps.get(4).is_some() && quoting == Quoting::Any && credential_kind(name).is_some() {
                let key = caps.get(1).map_or(0, |n| n.start());
                let column = key - usize::from(line_text[..key].ends_with(['"', '\'']));
                let rest = &line_text[value.end()..];
                if let Some(body) = block_scalar_line(text, line.end, column, value_text, rest) {
                    judge(name, &text[body.clone()], body.start, out);
                    continue;
                }
            }
            if caps.get(4).is_some() && dialect == Dialect::Go && credential_kind(name).is_some() {
                if let Some(body) = go_pointer_literal(line_text, value.end()) {
                    let body = line.start + body.start..line.start + body.end;
                    judge(name, &text[body.clone()], body.start, out);
                    from = body.end - line.start;
                    continue;
                }
            }
            if caps.get(4).is_some() {
                let name_end = caps.get(1).map_or(value.start(), |n| n.end());
                if let Some(open) = declared_type(line_text, name_end) {
                    // `api_key: String = "…"`: the value is the literal after
                    // the type, if one is written there.
                    if let Some((Some(body), _)) =
                        literal_at(text, line.start, line_text, open, literals)
                    {
                        judge(name, &text[body.clone()], body.start, out);
                    }
                    from = open;
                    continue;
                }
                if quoting == Quoting::QuotedOnly || unquoted_non_literal(value_text) {
                    // `gl = gitlab.Gitlab(private_token='…')` in a code
                    // sample: the call is no value, but its keyword
                    // arguments are pairs of their own, so the scan goes on
                    // inside it rather than after it.
                    inside = match inside.0 == value.end() {
                        true => (value.end(), inside.1 + 1),
                        false => (value.end(), 1),
                    };
                    from = match inside.1 > MAX_INSIDE {
                        true => value.end(),
                        false => value.start().max(whole.start() + 1),
                    };
                    continue;
                }
                let after = &line_text[value.end()..];
                if opens_a_sentence(value_text, after) {
                    continue;
                }
                value_text = before_html_break(without_closing_call(before_escaped_markup(
                    value_text, after,
                )));
            }
            if is_public_member(text, name, value_text, line.start + value.start())
                || is_generated_name_based_uuid(text, value_text, &generated)
            {
                continue;
            }
            if credential_kind(name).is_none() {
                let at = line.start + value.start();
                judge_auth_hash_header(text, name, value_text, at, out);
                judge_issued_client_token(text, name, value_text, at, out);
                continue;
            }
            if is_cipher_test_case(text, line.start + value.start()) {
                continue;
            }
            judge(name, value_text, line.start + value.start(), out);
        }
        // Each regex from here on runs (and is compiled) only on a line
        // holding a word every one of its matches holds: a file of code
        // compiled a dozen of them for nothing, 10 M instructions.
        let sql = (line_text.contains('\'') || quoting == Quoting::Any)
            && (super::mentions(line_text, &["identified"]) || quoted_after_password(line_text));
        for caps in sql
            .then(|| SQL_PASSWORD.captures_iter(line_text))
            .into_iter()
            .flatten()
        {
            // Double quotes and bare words are SQL's only where SQL is not
            // itself in a string (a `.sql` file, documentation).
            let bare = quoting == Quoting::Any;
            let word = caps.name("word").filter(|word| {
                bare && !["password", "values"]
                    .contains(&word.as_str().to_ascii_lowercase().as_str())
            });
            let value = (caps.name("quoted").or(caps.name("quoted2")))
                .or(caps.name("quoted3"))
                .or(caps.name("double").filter(|_| bare))
                .or(word);
            if let Some(value) = value {
                judge("password", value.as_str(), line.start + value.start(), out);
            }
        }
        let flag = line_text.contains("--");
        for caps in flag
            .then(|| FLAG.captures_iter(line_text))
            .into_iter()
            .flatten()
        {
            let (Some(name), Some(value)) = (caps.get(1), caps.get(2)) else {
                continue;
            };
            if !is_option_spec(value.as_str()) {
                judge(
                    name.as_str(),
                    value.as_str(),
                    line.start + value.start(),
                    out,
                );
            }
        }
        let env_default = super::mentions(line_text, &["env", "config"])
            .then(|| ENV_DEFAULT.captures_iter(line_text));
        let env_or = super::mentions(line_text, &["env", "$_server"])
            .then(|| ENV_OR.captures_iter(line_text));
        let shell_default = line_text
            .contains("${")
            .then(|| SHELL_DEFAULT.captures_iter(line_text));
        for caps in (env_default.into_iter().flatten())
            .chain(env_or.into_iter().flatten())
            .chain(shell_default.into_iter().flatten())
        {
            if let (Some(name), Some(value)) = (
                caps.name("name")
                    .or(caps.name("name2"))
                    .or(caps.name("name3")),
                caps.name("value")
                    .or(caps.name("value2"))
                    .or(caps.name("value3")),
            ) {
                judge(
                    name.as_str(),
                    value.as_str(),
                    line.start + value.start(),
                    out,
                );
            }
        }
        super::command_lines::check(text, line.clone(), out);
        let directives = may_hold_directive(line_text).then(|| DIRECTIVE.captures_iter(line_text));
        for caps in directives.into_iter().flatten() {
            let (Some(name), Some(value)) =
                (caps.get(1), caps.get(2).or(caps.get(3)).or(caps.get(4)))
            else {
                continue;
            };
            if caps.get(4).is_some()
                && (quoting == Quoting::QuotedOnly
                    || unquoted_non_literal(value.as_str())
                    || ends_a_sentence(value.as_str()))
            {
                continue;
            }
            judge(
                name.as_str(),
                value.as_str(),
                line.start + value.start(),
                out,
            );
        }
        let xml = line_text
            .contains("</")
            .then(|| XML_ELEMENT.captures_iter(line_text));
        for caps in xml.into_iter().flatten() {
            let (Some(name), Some(close), Some(value)) =
                (caps.get(1), caps.get(4), caps.get(2).or(caps.get(3)))
            else {
                continue;
            };
            if name.as_str() == close.as_str()
                && (caps.get(2).is_some()
                    || quoting == Quoting::Any && !unquoted_non_literal(value.as_str()))
            {
                judge(
                    name.as_str(),
                    value.as_str(),
                    line.start + value.start(),
                    out,
                );
            }
        }
        let acl = quoting == Quoting::Any && line_text.contains('>');
        if let Some(caps) = acl.then(|| REDIS_ACL.captures(line_text)).flatten() {
            let value = caps.get(1).expect("the password group");
            judge_as(
                NameKind::Password,
                "password",
                value.as_str(),
                line.start + value.start(),
                out,
            );
        }
        // PowerShell's command split by backtick continuations is read as
        // one line, its offsets the text's own (see [`backtick_continued`]).
        let joined = (dialect == Dialect::PowerShell)
            .then(|| backtick_continued(text, line.clone()))
            .flatten();
        let statement = joined.as_deref().unwrap_or(line_text);
        for (name, value) in super::declarations::read(dialect, statement) {
            let body = match value {
                Value::Opens(open) => match literal_at(text, line.start, statement, open, literals)
                {
                    Some((Some(body), _)) => body,
                    _ => continue,
                },
                Value::Word(word) => line.start + word.start..line.start + word.end,
            };
            judge(&statement[name], &text[body.clone()], body.start, out);
        }
        let docker = line_text.contains("ENV") || line_text.contains("ARG");
        if let Some(caps) = docker.then(|| DOCKER_ENV.captures(line_text)).flatten() {
            judge(
                &caps[1],
                &caps[2],
                line.start + caps.get(2).map_or(0, |m| m.start()),
                out,
            );
        }
        let named = line_text
            .contains("name:")
            .then(|| NAME_LINE.captures(line_text));
        if let Some(name) = named.flatten() {
            let next_start = (line.end + 1).min(text.len());
            let next_end = memchr::memchr(b'\n', &text.as_bytes()[next_start..])
                .map_or(text.len(), |i| next_start + i);
            if let Some(caps) = VALUE_LINE.captures(&text[next_start..next_end]) {
                let value = caps
                    .get(1)
                    .or(caps.get(2))
                    .or(caps.get(3))
                    .expect("one alternative matched");
                if caps.get(3).is_none() || !unquoted_non_literal(value.as_str()) {
                    judge(&name[1], value.as_str(), next_start + value.start(), out);
                }
            }
        }
    }
    if !escaped.is_empty() {
        escaped_documents(text, &escaped, out);
    }
}

/// The lines a quoted value writes with `\n` escapes, as ranges of it: cut
/// at each `\n` whose backslash is not itself escaped (`\\n` is a
/// backslash and an `n`).
fn escaped_lines(value: &str) -> Vec<Range<usize>> {
    let bytes = value.as_bytes();
    let mut lines = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'\\', Some(b'n')) => {
                lines.push(start..i);
                start = i + 2;
                i += 2;
            }
            (b'\\', Some(_)) => i += 2,
            _ => i += 1,
        }
    }
    lines.push(start..bytes.len());
    lines
}

/// Whether a quoted value holds lines of its own, written with `\n`
/// escapes, one of which (a diff marker aside) opens with a credential's
/// name and `=` or `:`.
fn holds_escaped_pairs(value: &str) -> bool {
    if !value.contains("\\n") {
        return false;
    }
    let lines = escaped_lines(value);
    lines.len() > 1
        && lines.into_iter().any(|line| {
            let line = &value[line];
            let line = line.strip_prefix(['+', '-']).unwrap_or(line);
            let end = line
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
                .unwrap_or(line.len());
            let (name, rest) = line.split_at(end);
            name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && rest.trim_start_matches([' ', '\t']).starts_with(['=', ':'])
                && credential_kind(name).is_some()
        })
}

/// Reads each quoted value that [`holds_escaped_pairs`] as a document of
/// its own: a copy of the value where each `\n` escape ends a line,
/// checked as a text file's lines (values need no quotes), its findings
/// moved to the value's place in `text`, so they land on the line the value
/// is written on. The copy holds no `\n` escape left, so this reading
/// never nests; each value costs its own length.
fn escaped_documents(text: &str, values: &[Range<usize>], out: &mut Vec<Candidate>) {
    for value in values {
        let written = &text[value.clone()];
        let lines = escaped_lines(written);
        let mut view = written.as_bytes().to_vec();
        for line in &lines[..lines.len() - 1] {
            // The `\` and `n` after the line: a space and the line's end.
            view[line.end] = b' ';
            view[line.end + 1] = b'\n';
        }
        // Only an ASCII pair was replaced by another.
        let Ok(view) = String::from_utf8(view) else {
            continue;
        };
        let mut found = Vec::new();
        check_text(
            &view,
            &lines,
            Quoting::Any,
            Literals::Quoted,
            Dialect::Other,
            &mut found,
        );
        out.extend(found.into_iter().map(|mut c| {
            c.span = value.start + c.span.start..value.start + c.span.end;
            c
        }));
    }
}

/// An unquoted value in a text file that is not a literal: code (`x = f(y)`
/// in a C file, a macro's `token = option_env!(…)`), a path (`azure_identity::Credential`, reST's
/// `:type password: :term:…`), a YAML flow mapping or tag (`{type: string}`, `!vault |`),
/// a SOPS-encrypted value (`ENC[AES256_GCM,…]`), or a code span opening in
/// prose (Markdown's "Check auth: `databricks auth login …`", a command, not
/// the value of `auth`; a backtick starts command substitution in a shell
/// `.env` and cannot start a plain YAML scalar). A secret written unquoted
/// has none of these.
fn unquoted_non_literal(value: &str) -> bool {
    static CALL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_.:>]*!?\(").expect("valid regex"));
    value.starts_with(['!', '{', '&', '*', '|', '>', '(', ':', '`'])
        || value.contains(['[', ']', '{', '}'])
        || CALL.is_match(value)
}

/// An unquoted value cut before a `)` it did not open: `password=None)` in
/// a signature quoted by documentation is `None`; a secret such as
/// `a8#k(2x)e7` keeps its own brackets.
fn without_closing_call(value: &str) -> &str {
    match (value.find(')'), value.find('(')) {
        (Some(close), open) if open.is_none_or(|open| open > close) => &value[..close],
        _ => value,
    }
}

/// An unquoted value cut before an HTML line break: a Markdown table cell
/// lists several values joined by `<br />` (`svc://APIToken:FromEmail/<br />svc://…`),
/// and the first ends where the break begins. No secret holds an HTML tag.
fn before_html_break(value: &str) -> &str {
    let lower = value.to_ascii_lowercase();
    lower
        .match_indices("<br")
        .find(|(at, _)| {
            matches!(
                lower.as_bytes().get(at + 3),
                None | Some(b'>' | b'/' | b' ')
            )
        })
        .map_or(value, |(at, _)| &value[..at])
}

/// SQL that sets a password: `CREATE ROLE r WITH PASSWORD '…'`, `CREATE
/// USER u IDENTIFIED BY '…'` (MySQL's `IDENTIFIED WITH plugin BY '…'` and
/// `"…"`, Oracle's bare `IDENTIFIED BY tiger`), MySQL's `SET PASSWORD [FOR
/// user] = '…'` (or `= PASSWORD('…')`) and SQL Server's `WITH PASSWORD =
/// '…'`. A quote inside the value is doubled (`'…''…'`). A bind parameter
/// (`:pw`, `?`, `$1`, `@pw`, `&pw`) is no value; nor is MySQL's
/// `IDENTIFIED BY PASSWORD '*…'` or Oracle's `IDENTIFIED BY VALUES '…'`,
/// which give a hash.
static SQL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    let quoted = r"(?:[^'\r\n]|'')+";
    Regex::new(&format!(
        r#"(?i)\bPASSWORD\s+'(?P<quoted>{quoted})'|\bIDENTIFIED(?:\s+WITH\s+\w+)?\s+BY\s+(?:'(?P<quoted2>{quoted})'|"(?P<double>[^"\r\n]+)"|(?P<word>[A-Za-z][A-Za-z0-9_$#]*)\b)|\b(?:SET|WITH)\s+PASSWORD(?:\s+FOR\s+[^\s=]+)?\s*=\s*(?:PASSWORD\s*\(\s*)?'(?P<quoted3>{quoted})'"#,
    ))
    .expect("valid regex")
});

/// Whether `line` holds what [`SQL_PASSWORD`]'s first and last branches
/// need: the word `password` (ASCII case-insensitively) then blanks and a
/// single quote, or after `SET` or `WITH` and blanks. Its other branch
/// needs `identified`: a line of code setting a password (`password =
/// "…"`) compiles the regex, 3.9 M instructions, for none of them.
fn quoted_after_password(line: &str) -> bool {
    let bytes = line.as_bytes();
    let after_blanks = |text: &str| text.trim_start_matches(char::is_whitespace).len() < text.len();
    (0..bytes.len().saturating_sub(7))
        .filter(|&at| bytes[at..at + 8].eq_ignore_ascii_case(b"password"))
        .any(|at| {
            let rest = &line[at + 8..];
            let value = rest.trim_start_matches(char::is_whitespace);
            let before = line[..at].trim_end_matches(char::is_whitespace);
            let keyword = |word: &[u8]| {
                before.len() >= word.len()
                    && before.as_bytes()[before.len() - word.len()..].eq_ignore_ascii_case(word)
            };
            after_blanks(rest) && value.starts_with('\'')
                || before.len() < at && (keyword(b"set") || keyword(b"with"))
        })
}

/// A credential passed as a command-line flag: `--password=…`,
/// `"--requirepass", "…"` (an argv list), `--token …`.
static FLAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"--([A-Za-z][A-Za-z0-9-]*)(?:=|\s+|["']\s*,\s*["'])["']?([^\s"',\]]+)"#)
        .expect("valid regex")
});

/// The value `line` of `text` gives a credential-named flag
/// (`--password Riverstone12`, `--token=…`) that could be one, however weak,
/// for excerpts: the value model need not take a value for a password for
/// an excerpt of another finding on its line to hide it (a23 #2). A
/// variable's expansion, an environment variable's name or a path passes a
/// value on and stays shown, as do option specs (`--secret id=…`).
pub(crate) fn flag_values(text: &str, line: Range<usize>, out: &mut Vec<Range<usize>>) {
    let line_text = &text[line.clone()];
    if !line_text.contains("--") {
        return;
    }
    // What ends the command around it (`` `app --password …` `` in
    // Markdown, `$(…)`) is no part of the value.
    let ends = ['`', ')', ';', '|', '&', '<', '>'];
    let keep = |word: &str| !is_option_spec(word);
    named_values(&FLAG, line_text, line.start, &ends, keep, out);
}

/// Pushes the span (at `offset` in the document) of each value `pattern`
/// captures in `haystack` (group 1 the name, group 2 the value, `ends`
/// trimmed from its end) that a credential's name is given and that could
/// be an assigned credential, `keep` agreeing.
fn named_values(
    pattern: &Regex,
    haystack: &str,
    offset: usize,
    ends: &[char],
    keep: impl Fn(&str) -> bool,
    out: &mut Vec<Range<usize>>,
) {
    for caps in pattern.captures_iter(haystack) {
        let (Some(name), Some(value)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let word = value.as_str().trim_end_matches(ends);
        if credential_kind(name.as_str()).is_some()
            && keep(word)
            && crate::value::could_be_assigned_credential(word)
        {
            let start = offset + value.start();
            out.push(start..start + word.len());
        }
    }
}

/// How many lines a backtick-continued PowerShell command is read over.
const MAX_CONTINUED: usize = 16;

/// The PowerShell command starting on `line` of `text` and continued by a
/// backtick ending each of its lines (`Set-Variable -Name Password `` ` ``
/// then `-Value '…'` on the next, a22 #5), as one line of the same length:
/// each continuation's backtick and line break become blanks, so offsets
/// into it are offsets from `line`'s start. `None` when the line is not
/// continued.
fn backtick_continued(text: &str, line: Range<usize>) -> Option<String> {
    let bytes = text.as_bytes();
    let mut joined: Option<String> = None;
    let mut end = line.end;
    for _ in 0..MAX_CONTINUED {
        let content = text[line.start..end].trim_end_matches([' ', '\t', '\r']);
        if !content.ends_with('`') {
            break;
        }
        let mut next = end;
        if bytes.get(next) == Some(&b'\r') {
            next += 1;
        }
        if bytes.get(next) != Some(&b'\n') {
            break;
        }
        next += 1;
        let next_end = memchr::memchr(b'\n', &bytes[next..]).map_or(text.len(), |i| next + i);
        let s = joined.get_or_insert_with(|| text[line.clone()].to_owned());
        let tick = content.len() - 1;
        s.truncate(tick);
        s.push_str(&" ".repeat(next - (line.start + tick)));
        s.push_str(&text[next..next_end]);
        end = next_end;
    }
    joined
}

/// Go's helpers that return a pointer to their one argument, called on a
/// value where a struct field is a `*string` (`aws.String("…")`,
/// `ptr("…")`, `lo.ToPtr("…")`, `pointer.String("…")`, `to.StringPtr("…")`),
/// as the scan's value read up to the literal: the call's name and `(`.
static GO_POINTER_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[A-Za-z_][A-Za-z0-9_]*\.)?(?i:ptr|ptrto|toptr|to|of|ref|pointer|string|stringptr|strptr|ptrstring|stringp|tostringptr)(?:\[string\])?\($",
    )
    .expect("valid regex")
});

static GO_CALL_LITERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^[ \t]*(?:"([^"\\\r\n]*)"|`([^`\r\n]*)`)[ \t]*\)"#).expect("valid regex")
});

/// The literal a Go pointer helper's call holds (a21: `Password:
/// ptr("…")` was missed), when the value the scan read ends at
/// `value_end` of `line` with such a call's opening: the body's span in
/// `line`. A call of any other function (`os.Getenv("…")`, `hash("…")`)
/// does not give its argument to the name.
fn go_pointer_literal(line: &str, value_end: usize) -> Option<Range<usize>> {
    let start = line[..value_end]
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || "_.[]()".contains(c)))
        .map_or(0, |i| i + 1);
    if !GO_POINTER_CALL.is_match(&line[start..value_end]) {
        return None;
    }
    let caps = GO_CALL_LITERAL.captures(&line[value_end..])?;
    let body = caps.get(1).or(caps.get(2))?;
    Some(value_end + body.start()..value_end + body.end())
}

/// A credential's name then `=` or `:` and a value, in prose or a comment:
/// `# password=Riverstone12`, `the password: Riverstone12`. The value's
/// start is group 2.
static PROSE_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([A-Za-z][A-Za-z0-9_.-]*)[ \t]*(?:=|:)[ \t]*["'`]?([^\s"'`,;]+)"#)
        .expect("valid regex")
});

/// The values `line` of `text` gives credential names in prose or in a
/// comment (`# password=Riverstone12`, `the password: Riverstone12` in
/// Markdown), however weak, for excerpts and suppression reasons, as
/// [`flag_values`] does for flags (a24 #1): the value model takes a
/// human-shaped value for no password, so the excerpt of another finding
/// on its line, or a marker's reason quoting it, showed it whole. A pair
/// counts after a comment opener on its line, or anywhere in a prose file
/// (`prose`); in code a name's value is a reference (`password=pw` is a
/// keyword argument), which stays shown, as do variables' names and paths.
pub(crate) fn prose_values(
    text: &str,
    line: Range<usize>,
    prose: bool,
    out: &mut Vec<Range<usize>>,
) {
    let line_text = &text[line.clone()];
    let comment = match prose {
        true => Some(0),
        false => comment_start(line_text),
    };
    let Some(comment) = comment else {
        return;
    };
    let ends = ['.', ')', ']', '>', '|', '&'];
    let keep = |word: &str| !word.starts_with("//");
    let haystack = &line_text[comment..];
    named_values(
        &PROSE_PAIR,
        haystack,
        line.start + comment,
        &ends,
        keep,
        out,
    );
}

/// Where a comment opens on `line`, read loosely (redaction errs on the
/// side of hiding): the first `#`, `//`, `/*`, `<!--` or `--` after a
/// blank or at the start, or a line starting with `*` or `;`.
fn comment_start(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    if trimmed.starts_with(['*', ';']) {
        return Some(line.len() - trimmed.len());
    }
    let bytes = line.as_bytes();
    (0..bytes.len()).find(|&i| {
        let rest = &bytes[i..];
        let after_blank = i == 0 || bytes[i - 1].is_ascii_whitespace();
        rest.starts_with(b"#") && after_blank
            || rest.starts_with(b"//") && (i == 0 || bytes[i - 1] != b':')
            || rest.starts_with(b"/*")
            || rest.starts_with(b"<!--")
            || rest.starts_with(b"--") && after_blank
    })
}

/// A flag value that is itself `key=value` settings names what the flag
/// takes rather than giving it: Docker's `--secret id=npmrc,src=…` mounts a
/// file, `--mount type=secret,…` likewise. A credential written inside such a
/// spec (`--secret token=…`) is a `key=value` pair of its own, which the
/// pair scan judges by its own name.
fn is_option_spec(value: &str) -> bool {
    OPTION_SPEC.is_match(value)
}

static OPTION_SPEC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_.-]*=").expect("valid regex"));

/// An environment read with a literal fallback in a code sample that is
/// not parsed (reST's `.. code-block:: python`, a Markdown fence, a
/// docstring): `os.environ.get("SECRET_KEY", "…")`, `os.getenv("TOKEN",
/// default="…")`, `os.environ.setdefault("API_KEY", "…")`. The fallback is
/// the value the variable's name gets whenever the environment lacks it,
/// so it is judged by that name, as the Python syntax stage judges the
/// same call in code. The call itself is no `key = value` pair: the pair
/// scan skips it as code.
///
/// Settings readers that take a variable and its default read the same way
/// in any language: python-decouple's `config("X", default="…")`,
/// django-environ's `env("X", default="…")`, Laravel's `env('X', '…')`,
/// Ruby's `ENV.fetch("X", "…")`. Word classes and boundaries are ASCII
/// (here and in [`ENV_OR`]): Unicode's `\w` cost 5 M instructions to compile,
/// an eighth of a one-file check.
static ENV_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:(?-u:\b)(?:os\.)?(?:environ\.get|environ\.setdefault|getenv)|(?-u:\b)ENV\.fetch|(?:^|[^.0-9A-Za-z_])(?:env(?:\.str)?|config))\(\s*["'](?P<name>[A-Za-z_][A-Za-z0-9_]*)["']\s*,\s*(?:(?:default|cast)\s*=\s*[0-9A-Za-z_]+\s*,\s*)?(?:default\s*=\s*)?(?:"(?P<value>[^"\r\n]*)"|'(?P<value2>[^'\r\n]*)')"#,
    )
    .expect("valid regex")
});

/// An environment read with a literal fallback after an operator, in a file
/// no parser reads: JavaScript's `process.env.DB_PASSWORD || "…"` and
/// `?? "…"`, Ruby's `ENV["API_TOKEN"] || "…"`, PHP's `getenv('X') ?: '…'`,
/// Perl's `$ENV{X} // '…'`. As with [`ENV_DEFAULT`], the fallback is what
/// the variable's name holds whenever the environment lacks it.
static ENV_OR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:(?:process\.env|import\.meta\.env)\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?:process\.env|(?-u:\b)ENV|\$_ENV|\$_SERVER|\$ENV)\s*[\[{]\s*["']?(?P<name2>[A-Za-z_][A-Za-z0-9_]*)["']?\s*[\]}]|(?-u:\b)(?:getenv|Getenv|System\.getenv|Deno\.env\.get|GetEnvironmentVariable)\(\s*["'](?P<name3>[A-Za-z_][A-Za-z0-9_]*)["']\s*\))\s*(?:\|\||\?\?|\?:|//|(?-u:\b)or(?-u:\b))\s*(?:"(?P<value>[^"\r\n]*)"|'(?P<value2>[^'\r\n]*)'|`(?P<value3>[^`$\r\n]*)`)"#,
    )
    .expect("valid regex")
});

/// A shell parameter expansion with a default, in a script, a Compose file
/// or a CI configuration: `${DB_PASSWORD:-…}`, `${API_TOKEN-…}`,
/// `${SECRET_KEY:=…}`. The shell delimits the default itself, so a bare word
/// is a literal as much as a quoted one; a default holding another
/// expansion (`${A:-$B}`) is built at run time and left alone.
static SHELL_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*):?[-=](?:"(?P<value>[^"$}\r\n]*)"|'(?P<value2>[^'$}\r\n]*)'|(?P<value3>[^"'$}\s]+))\}"#,
    )
    .expect("valid regex")
});

/// Configuration formats that write a setting as `name value` with no `=`:
/// `redis.conf` (`requirepass …`, `masterauth …`), `.netrc`
/// (`machine h login u password p`), `sentinel auth-pass <master> …`.
static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:^[ \t]*(?:sentinel[ \t]+)?|\blogin[ \t]+\S+[ \t]+)(requirepass|masterauth|password|passwd|auth-pass)(?:[ \t]+[A-Za-z0-9_.-]+)??[ \t]+(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"'#]+))[ \t]*(?:#.*)?\r?$"#,
    )
    .expect("valid regex")
});

/// Whether a line may hold a [`DIRECTIVE`]: one opening, blanks aside, with
/// a directive's word (or `sentinel`), or naming a `login`. What the regex
/// alone would answer, for a line that cannot match it, without building
/// it (1.1 M instructions) for a document with none.
fn may_hold_directive(line: &str) -> bool {
    let opening = line.trim_start_matches([' ', '\t']);
    [
        "requirepass",
        "masterauth",
        "passw",
        "auth-pass",
        "sentinel",
    ]
    .iter()
    .any(|word| opening.starts_with(word))
        || line.contains("login")
}

/// A lowercase word closing a sentence: prose that happens to start a line
/// with `password` ("…the most advanced\n    password validators.") is no
/// `password <value>` directive.
fn ends_a_sentence(value: &str) -> bool {
    value
        .strip_suffix(['.', ',', ';', ':', '!', '?', ')'])
        .is_some_and(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()))
}

/// An XML element holding a credential, as Maven's `settings.xml`
/// (`<password>…</password>`) and many Java configurations write it. A
/// Maven-encrypted `{…}` value is not a literal and stays quiet.
static XML_ELEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<([A-Za-z_][A-Za-z0-9_.-]*)>(?:<!\[CDATA\[([^\]\r\n]*)\]\]>|([^<>\s][^<>\r\n]*?))</([A-Za-z_][A-Za-z0-9_.-]*)>"#)
        .expect("valid regex")
});

/// A Redis ACL rule adding a password: `user alice on >s3cret ~* +@all`
/// (`#<sha256>` adds a hash, which is not a secret).
static REDIS_ACL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^[ \t]*(?:ACL[ \t]+SETUSER|user)[ \t]+\S+(?:[ \t]+\S+)*?[ \t]+>(\S+)"#)
        .expect("valid regex")
});

/// Whether the head of a token that shares a value's tail looks typed at
/// random: eight or more letters and digits, at least six and at least half
/// of them distinct. A made-up sample's new head does (an 8-character random
/// head has fewer than six distinct characters about once in fifty); a mask
/// (`XXXXXXXX`), a repeat or a word twice (`changemechangeme`, 7 of 16) does
/// not.
fn random_head(head: &[u8]) -> bool {
    let mut seen = [false; 256];
    let distinct = head
        .iter()
        .filter(|&&b| !std::mem::replace(&mut seen[b as usize], true))
        .count();
    head.len() >= 8 && distinct >= 6 && distinct * 2 >= head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `secret/*` findings of a Python module calling `callee` with
    /// `keyword` set to a random 43-character token (an ACME token's
    /// size, base64url).
    fn secret_findings_of_a_call(callee: &str, keyword: &str, seed: u64) -> usize {
        let mut state = seed;
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let token: String = (0..43)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                alphabet[(state % 64) as usize] as char
            })
            .collect();
        let text = format!("from acme import challenges\n\nC = {callee}({keyword}=b\"{token}\")\n");
        let doc = crate::document::Document::new("client.py", text.as_str());
        let findings = crate::engine::analyse(&doc, &crate::config::Config::default()).findings;
        (findings.iter())
            .filter(|f| f.rule.as_str().starts_with("secret/"))
            .count()
    }

    /// A row of `syntax::positions::PYTHON_PUBLIC` is all a protocol needs:
    /// the argument it names goes unreported in a call of its callee, alone
    /// or at the end of a path, while the same argument of a call of any
    /// other callee is reported, with no other code naming the protocol.
    #[test]
    fn each_public_argument_row_is_all_its_protocol_needs() {
        let rows = crate::syntax::positions::PYTHON_PUBLIC;
        for (i, row) in rows.iter().enumerate() {
            let seed = 0x9e37_79b9_7f4a_7c15 ^ i as u64;
            for callee in [row.callee.to_owned(), format!("challenges.{}", row.callee)] {
                assert_eq!(
                    secret_findings_of_a_call(&callee, row.keyword, seed),
                    0,
                    "{row:?}"
                );
            }
            let other = format!("challenges.Not{}", row.callee);
            assert_eq!(
                secret_findings_of_a_call(&other, row.keyword, seed),
                1,
                "{row:?}"
            );
        }
    }

    /// Every ACME challenge type's `token` is public, one row each: this
    /// fails when a row is removed from the table.
    #[test]
    fn every_acme_challenge_types_token_is_public() {
        for callee in [
            "challenges.HTTP01",
            "challenges.DNS01",
            "challenges.TLSALPN01",
            "challenges.DNSACCOUNT01",
            "Http01Challenge",
            "Dns01Challenge",
            "TlsAlpn01Challenge",
            "DnsAccount01Challenge",
        ] {
            assert_eq!(secret_findings_of_a_call(callee, "token", 7), 0, "{callee}");
            assert_eq!(
                secret_findings_of_a_call(callee, "hmac_key", 7),
                1,
                "{callee}"
            );
        }
    }

    /// A salt's site is judged in one place (`syntax::salt_stored_in_clear`):
    /// the text's reading of an object written around a salt and the
    /// syntax's reading of a type's fields give the same answer for the
    /// same members. (Before, each reading had its own list: the text knew
    /// `dklen`, `iterations` and `rounds`, the fields nine parameters and
    /// no record ids.)
    #[test]
    fn a_salts_site_reads_alike_in_text_and_in_fields() {
        let cases: &[(&str, &[&str], bool)] = &[
            ("salt", &["dklen", "n", "r", "p"], true),
            ("salt", &["iteration_count"], true),
            ("salt", &["key_length", "cipher"], true),
            ("passwd_salt", &["memory_cost"], true),
            ("signing_salt", &["iterations"], true),
            ("salt", &["server_nonce"], true),
            ("salt", &["id", "version"], true),
            ("PBKDF2_SALT", &["endpoint"], true),
            ("salt", &["name", "max_age"], false),
            ("signing_salt", &["id"], false),
            ("secret_salt", &["endpoint"], false),
            ("salt", &["surrounds"], false),
        ];
        for (name, members, in_clear) in cases {
            let body: Vec<String> = (members.iter())
                .map(|m| format!("\"{m}\": 1"))
                .chain([format!("\"{name}\": \"c29tZS1zYWx0\"")])
                .collect();
            let text = format!("{{\n  {}\n}}\n", body.join(",\n  "));
            let at = text.find("c29t").unwrap();
            let mut names: Vec<&str> = members.to_vec();
            names.push(name);
            let siblings = crate::syntax::Siblings::new(&names);
            let fields = crate::syntax::field_salt_in_clear("Params", name, &siblings);
            assert_eq!(
                is_stored_salt(&text, name, at),
                *in_clear,
                "text: {name} {members:?}"
            );
            assert_eq!(fields, *in_clear, "fields: {name} {members:?}");
        }
    }

    /// The gate before [`SQL_PASSWORD`] lets every line it matches through,
    /// and stops a line of code that only names a password.
    #[test]
    fn the_sql_gate_passes_every_line_the_regex_matches() {
        let lines = [
            "CREATE ROLE app WITH LOGIN PASSWORD 'x1';",
            "alter user app password\t\u{a0}'x1'",
            "CREATE USER u IDENTIFIED BY tiger;",
            "CREATE USER u IDENTIFIED WITH caching_sha2_password BY \"x1\"",
            "  password = 'x1'",
            "password = \"x1\"",
            "db.password('x1')",
            "SET PASSWORD FOR 'app'@'%' = 'x1';",
            "set\tpassword = PASSWORD('x1')",
            "CREATE LOGIN l WITH PASSWORD = 'x1''y';",
        ];
        for line in lines {
            let gate = super::super::mentions(line, &["identified"]) || quoted_after_password(line);
            assert!(!SQL_PASSWORD.is_match(line) || gate, "{line}");
        }
        assert!(!quoted_after_password("password = \"x1\""));
        assert!(!quoted_after_password("db.password('x1')"));
        assert!(quoted_after_password("PASSWORD 'x1'"));
    }

    #[test]
    fn an_objects_own_members_are_listed_without_its_nested_ones() {
        let object = r#"{"key": "beta", 'on': true, version: 3, "rules": [{"id": "r1"}], "meta": {"uuid": "u"}, "note": "a: b, c"}"#;
        assert_eq!(
            top_level_members(object),
            ["key", "on", "version", "rules", "meta", "note"]
        );
        assert_eq!(top_level_members(r#"{"a": "x\"y: z", "b": 1}"#), ["a", "b"]);
        assert!(top_level_members("{}").is_empty());
    }

    #[test]
    fn a_value_sharing_a_long_tail_with_another_token_is_made_up() {
        let id = "ML6l5GHy9LYSZzLVZvKtAvWtTUBTTdtdTYkmjVj39iHE";
        let secret = "RpQLz0rrraVsZfctkpyYsF8tTUBTTdtdTYkmjVj39iHE";
        let text = format!("id = '{id}'\nsecret = '{secret}'\n");
        assert!(Tails::new(&text).made_up(secret));
        assert!(Tails::new(&text).made_up(id));
        // Alone, quoted twice, or after a scheme: one value.
        let alone = format!("secret = '{secret}'\nagain = 'Bearer {secret}'\nk = 'sk_{secret}'\n");
        assert!(!Tails::new(&alone).made_up(secret));
        // A tampered copy: the heads agree in most places.
        let valid = "N4rBdbXltRzPINlotke58zdCNcagSurEEtveJyxh";
        let text = format!("a = '{valid}'\nb = 'N4rtdbXltRzPINlotke58zdCNcagSurEEtveJyxh'\n");
        assert!(!Tails::new(&text).made_up(valid));
        // A masked copy or a placeholder glued to the real value's tail is
        // no second sample: the real value stays.
        for other in ["XXXXXXXXXXXXXXXX", "changemechangeme", "abababababab"] {
            let tail = &secret[secret.len() - SHARED_TAIL..];
            let text = format!("secret = '{secret}'\n# masked: {other}{tail}\n");
            assert!(!Tails::new(&text).made_up(secret), "{other}");
        }
        // A shorter shared tail is no sign.
        let text = "a = 'X0UtobjnDewl3kQnVkK8UlLHRDI95Pgyl9iDE7mEnXy3'\nb = '7NY2NZxvVInhp8h0bpsPrQbYqWwMo0A7xbSIdIoNl9iDE7mEnXy3'\n";
        assert!(!Tails::new(text).made_up("X0UtobjnDewl3kQnVkK8UlLHRDI95Pgyl9iDE7mEnXy3"));
        // One value repeated is indexed as one head, however often it occurs,
        // and a pair is still seen among the copies.
        let copies = format!("t = '{secret}'\n").repeat(1000);
        let tails = Tails::new(&copies);
        assert!(!tails.made_up(secret));
        assert_eq!(tails.heads().values().map(Vec::len).sum::<usize>(), 1);
        let text = format!("{copies}id = '{id}'\n");
        assert!(Tails::new(&text).made_up(secret));
    }

    #[test]
    fn slot_paths_are_pascal_case_dictionary_words() {
        for slots in [
            "FromEmail/ToEmail",
            "FromEmail/ToEmail1/ToEmail2/ToEmailN/",
            "APIToken",
            "AccessKeyID/SecretKey",
            "deviceKey",
        ] {
            assert!(is_slot_path(slots), "{slots}");
        }
        for value in [
            "kQ7vXw2Lp9Rz4Tn8Bm3Y",
            "FromEmail/kQ7vXw2Lp9Rz",
            "Email1",
            "email",
            "QwEr/TyUi",
            "Fr0mEmail/ToEmail",
            "",
        ] {
            assert!(!is_slot_path(value), "{value}");
        }
    }

    #[test]
    fn an_html_break_ends_an_unquoted_value() {
        assert_eq!(
            before_html_break("FromEmail/ToEmail<br"),
            "FromEmail/ToEmail"
        );
        assert_eq!(before_html_break("a<BR/>b"), "a");
        assert_eq!(before_html_break("a<brand"), "a<brand");
    }

    /// A quoted value's escaped lines are cut only at a `\n` whose
    /// backslash is not itself escaped, so the copy a value is read from
    /// holds no escape left to read again: the reading never nests, however
    /// many escaped backslashes a hostile value stacks.
    #[test]
    fn escaped_lines_are_read_once_and_land_on_the_values_line() {
        assert_eq!(escaped_lines(r"a\nb\\nc"), vec![0..1, 3..8]);
        let stacked = format!(
            "body: '{{\"document\": \"{}password=x\"}}'",
            r"\\\\\\".repeat(20_000) + r"\n"
        );
        let whole: [Range<usize>; 1] = [Range {
            start: 0,
            end: stacked.len(),
        }];
        check_text(
            &stacked,
            &whole,
            Quoting::Any,
            Literals::Quoted,
            Dialect::Other,
            &mut Vec::new(),
        );
        let text = "interactions:\n  body: '{\"document\": \"@@ -1 +1 @@\\n+password=761d6dd50468db7681497604b05676d1ca4533e8\"}'\n";
        let line = text.find("  body").unwrap()..text.len() - 1;
        let mut out = Vec::new();
        check_text(
            text,
            &[line],
            Quoting::Any,
            Literals::Quoted,
            Dialect::Other,
            &mut out,
        );
        let spans: Vec<&str> = out.iter().map(|c| &text[c.span.clone()]).collect();
        assert_eq!(spans, vec!["761d6dd50468db7681497604b05676d1ca4533e8"]);
    }

    #[test]
    fn imported_modules_are_every_segment_of_an_import_path() {
        let text = "import psycopg2.extras as ex, os\nfrom redis import Redis\n  use sqlx::{postgres, Row};\nextern crate tokio;\nx = 'import'\n";
        let modules = imported_modules(text);
        for name in ["psycopg2", "extras", "ex", "os", "redis", "sqlx", "tokio"] {
            assert!(modules.contains(&name), "{name}: {modules:?}");
        }
        for name in ["Redis", "postgres", "Row", "as", "x"] {
            assert!(!modules.contains(&name), "{name}: {modules:?}");
        }
    }

    #[test]
    fn a_line_the_directive_gate_refuses_never_holds_a_directive() {
        let mut lines: Vec<String> = crate::testing::fixture_texts()
            .iter()
            .flat_map(|text| text.lines().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        lines.extend(
            [
                "\t sentinel  auth-pass m s3cr",
                "machine h login u password p",
            ]
            .map(String::from),
        );
        let mut matched = 0;
        for line in &lines {
            if DIRECTIVE.is_match(line) {
                matched += 1;
                assert!(may_hold_directive(line), "{line}");
            }
        }
        assert!(matched > 5, "{matched}");
    }

    #[test]
    fn only_a_full_size_subscription_secret_is_reported() {
        assert!(is_subscription_secret("8DlsX4hwdBjBlD5Vn5hFNg"));
        assert!(is_subscription_secret("o17yMnW33PJ5mxmtb2NJ_w"));
        assert!(is_subscription_secret("8DlsX4hwdBjBlD5Vn5hFNg=="));
        assert!(!is_subscription_secret("k9Qm2xT4bW=="));
        assert!(!is_subscription_secret("bsakJVP_Zz6_yY1m-Cok4vOm5o6M3VIt"));
        assert!(!is_subscription_secret("8DlsX4hwdBjBlD5Vn5h.Ng"));
    }

    #[test]
    fn web_push_auth_needs_its_p256dh() {
        let keys = "\"keys\": {\n  \"p256dh\": \"BPk\",\n  \"auth\": \"x\"\n}";
        let at = keys.find("\"x\"").unwrap();
        assert!(is_web_push_auth(keys, "auth", at));
        assert!(!is_web_push_auth(keys, "oauth", at));
        let constants = "TEST_P256DH = \"BPk\"\nTEST_AUTH = \"x\"\n";
        let at = constants.find("\"x\"").unwrap();
        assert!(is_web_push_auth(constants, "TEST_AUTH", at));
        assert!(!is_web_push_auth(constants, "PROD_AUTH", at));
        let far = format!("\"p256dh\": \"BPk\",{}\"auth\": \"x\"", "\n".repeat(20));
        assert!(!is_web_push_auth(&far, "auth", far.find("\"x\"").unwrap()));
        let attributes = "assert sub.auth == \"x\"\nassert sub.p256dh == \"BPk\"\n";
        let at = attributes.find("\"x\"").unwrap();
        assert!(is_web_push_auth(attributes, "auth", at));
        let other = attributes.replacen("sub.auth", "api.auth", 1);
        assert!(!is_web_push_auth(&other, "auth", at));
        let lookalike = "\"xp256dhx\": 1, \"auth\": \"x\"";
        assert!(!is_web_push_auth(lookalike, "auth", 20));
        let other_object = "{\"p256dh\": \"BPk\"}\n{\"auth\": \"x\"}";
        let at = other_object.find("\"x\"").unwrap();
        assert!(!is_web_push_auth(other_object, "auth", at));
    }
}
