//! Credentials handed to commands on their command lines, for
//! `secret/hardcoded-credential`: the flags and arguments whose meaning only
//! the command gives (`docker login -p …`, `sshpass -p …`, `mysql -p…`,
//! `redis-cli -a …`, `htpasswd -b file user …`, curl's `-u user:…`), and
//! the `.netrc` entry a command writes (`echo "machine h login u password
//! …" > ~/.netrc`). Shell scripts, Dockerfiles' `RUN`, CI steps' `run:` and
//! `script:`, Makefile recipes and documentation's code blocks all write
//! commands the same way, so every text line holding one of the commands is
//! read. A flag that names its credential (`--password=…`, `--token …`) is
//! a pair the `key = value` scan already judges by that name.
//!
//! A word the shell would expand (`$PASSWORD`, `"${{ secrets.X }}"`,
//! `$(cat file)`, a backtick) is no literal and is never judged; what is
//! left goes to the value model as a password, so placeholders and toys
//! (`<password>`, `changeme`, `root`) stay quiet.

use super::hardcoded_credential::judge_as;
use super::Candidate;
use crate::value::NameKind;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// How a password a command takes is judged: [`judge_as`] reports what
/// the value model takes for a secret; [`hide_as`] takes every written
/// value, for excerpts.
type Judge = fn(NameKind, &str, &str, usize, &mut Vec<Candidate>);

/// Judges the credentials handed to commands that start on `line` of `text`.
pub fn check(text: &str, line: Range<usize>, out: &mut Vec<Candidate>) {
    scan(text, line, judge_as, out);
}

/// Every password written out for a command that starts on `line` of
/// `text`, however weak (`mysql -phunter2hunter`, `sshpass -p Maple2024river`):
/// an excerpt of another finding on its line must not show it (a23 #2).
/// What the shell expands (`-p"$PW"`) and prompts are no values here either.
pub fn hidden(text: &str, line: Range<usize>, out: &mut Vec<Candidate>) {
    scan(text, line, hide_as, out);
}

fn hide_as(_: NameKind, name: &str, value: &str, at: usize, out: &mut Vec<Candidate>) {
    if crate::value::could_be_assigned_credential(value) {
        super::hardcoded_credential::report_span(name, value, at..at + value.len(), out);
    }
}

fn scan(text: &str, line: Range<usize>, judge: Judge, out: &mut Vec<Candidate>) {
    let line_text = &text[line.clone()];
    // Each regex below runs (and is compiled) only on a line holding a
    // word every one of its matches holds: the line that brought the rule
    // here (`password = …`) usually holds none, and compiling the seven
    // cost a one-file check 18 M instructions.
    let holds = |words: &[&str]| words.iter().any(|w| line_text.contains(w));
    let command = holds(&COMMAND_WORDS) || super::mentions(line_text, &["convertto-securestring"]);
    let argv_command = command || holds(&ARGV_COMMAND_WORDS);
    let commands = command.then(|| COMMAND.captures_iter(line_text));
    for caps in commands.into_iter().flatten() {
        let command = caps.get(1).expect("the command");
        let at = line.start + command.end();
        let words = words(
            text,
            at,
            quoted_command_end(text, line.start + command.start(), at),
        );
        judge_command(text, command.as_str(), &words, judge, out);
    }
    let argv_commands = argv_command.then(|| ARGV_COMMAND.captures_iter(line_text));
    for caps in argv_commands.into_iter().flatten() {
        let command = caps.get(1).expect("the command");
        let args = argv(text, line.start + command.end() + 1);
        let mut name = command
            .as_str()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        // A login is two or three words (`"docker", "login"`).
        for taken in 0..=2.min(args.len()) {
            if taken > 0 {
                let Some(word) = args[taken - 1].text.as_deref() else {
                    break;
                };
                name = format!("{name} {word}");
            }
            if WHOLE_COMMAND.is_match(&name) {
                judge_command(text, &name, &args[taken..], judge, out);
                break;
            }
        }
    }
    // A string piped into `ConvertTo-SecureString -AsPlainText`; a
    // single-dash `-Password` (no `pass:` or other OpenSSL source); the
    // password `sshpass -e` reads.
    let piped = super::mentions(line_text, &["convertto-securestring"])
        .then(|| PIPED_SECURE_STRING.captures_iter(line_text));
    let dash =
        super::mentions(line_text, &["-pass"]).then(|| DASH_PASSWORD.captures_iter(line_text));
    let prefix = holds(&["SSHPASS="]).then(|| ENV_PREFIX.captures_iter(line_text));
    let named = (piped.into_iter().flatten())
        .filter_map(|c| {
            Some((
                "ConvertTo-SecureString -AsPlainText",
                c.get(1).or(c.get(2))?,
                None,
            ))
        })
        .chain(dash.into_iter().flatten().filter_map(|c| {
            let value = c.get(2).or(c.get(3)).or(c.get(4))?;
            let source = PASS_PHRASE_SOURCES
                .iter()
                .any(|s| value.as_str().starts_with(s));
            (!source).then(|| (c.get(1).expect("the flag").as_str(), value, None))
        }))
        .chain(prefix.into_iter().flatten().filter_map(|c| {
            Some((
                "SSHPASS",
                c.get(1).or(c.get(2)).or(c.get(3))?,
                Some("SSHPASS"),
            ))
        }));
    for (name, value, variable) in named {
        judge_password(name, value, line.start, variable, judge, out);
    }
    let clients = holds(&["curl", "http"]).then(|| CLIENT_AUTH.captures_iter(line_text));
    for caps in clients.into_iter().flatten() {
        let Some(value) = caps.get(3).or(caps.get(4)).or(caps.get(5)) else {
            continue;
        };
        let name = if caps.get(1).is_some() {
            "curl --user"
        } else {
            "http --auth"
        };
        // Without a colon the client prompts for the password.
        if value.as_str().contains(':') {
            judge_password(name, value, line.start, None, judge, out);
        }
    }
    if holds(&["netrc"]) && NETRC_WRITE.is_match(line_text) {
        for caps in NETRC_PASSWORD.captures_iter(line_text) {
            let value = caps.get(1).expect("the password");
            judge_password(
                ".netrc password",
                value,
                line.start,
                Some("NETRC_PASSWORD"),
                judge,
                out,
            );
        }
    }
}

/// Judges the passwords `words`, the words after `command` (as the
/// pattern matched it: `docker  login`, `/usr/bin/mysql`), hand to it.
fn judge_command(
    text: &str,
    command: &str,
    words: &[Word],
    judge: Judge,
    out: &mut Vec<Candidate>,
) {
    let name: String = command.split_whitespace().collect::<Vec<_>>().join(" ");
    let grammar = grammar(&name);
    for (word, value, flag) in passwords(&grammar, words) {
        let variable = grammar.variable();
        report(
            text,
            word,
            value,
            &format!("{name} {flag}"),
            variable,
            judge,
            out,
        );
    }
}

/// Where the words of a command starting at `start` inside a quoted string
/// end (`bash -c 'mysql -p…'`, `exec("mysql -p…")`, `os.system("…")`):
/// at the quote closing the one just before the command, on its line (a
/// quote the string escapes, `\"`, is not it). The end of the text when
/// no quote opens before the command: the shell reads on past a `\` that
/// continues the line.
fn quoted_command_end(text: &str, start: usize, from: usize) -> usize {
    let bytes = text.as_bytes();
    let Some(&quote @ (b'"' | b'\'')) = start.checked_sub(1).map(|i| &bytes[i]) else {
        return text.len();
    };
    let mut i = from;
    while i < bytes.len() && !matches!(bytes[i], b'\n' | b'\r') {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b if b == quote => return i,
            _ => i += 1,
        }
    }
    i.min(text.len())
}

/// The commands whose credential flags do not name a credential, as a
/// script, a `RUN` line or a CI step starts them (a path before the name is
/// allowed: `/usr/bin/mysql`).
static COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?:^|[\s;&|(`"'=])(?:[\w.~-]*/)*({COMMANDS})(?:[ \t]|$)"#
    ))
    .expect("valid regex")
});

/// The names of the commands [`grammar`] reads, as [`COMMAND`] matches
/// them: a registry or cloud login is two or three words.
const COMMANDS: &str = r"sshpass|redis-cli|htpasswd|mysql(?:dump|admin|import|show|check|pump)?|mariadb(?:-dump|-admin|-import|-show|-check)?|mongo(?:sh|dump|restore|export|import|stat|top|files)?|ldap(?:search|add|modify|delete|modrdn|compare|whoami|passwd|exop)|sqlcmd|openssl|keytool|smbclient|rpcclient|smbcacls|smbget|smbtree|(?i:ConvertTo-SecureString)|(?:docker|podman|buildah|skopeo|nerdctl|finch|oras|oc|cf)[ \t]+login|(?:helm[ \t]+registry|crane[ \t]+auth|az(?:[ \t]+acr)?)[ \t]+login";

/// A word every match of [`COMMAND`] holds, as written, but for
/// `ConvertTo-SecureString` in any case (`login` ends the logins).
const COMMAND_WORDS: [&str; 13] = [
    "sshpass",
    "redis-cli",
    "htpasswd",
    "mysql",
    "mariadb",
    "mongo",
    "ldap",
    "sqlcmd",
    "openssl",
    "keytool",
    "smb",
    "rpcclient",
    "login",
];

/// The words [`ARGV_COMMAND`] holds beyond [`COMMAND_WORDS`]: the names of
/// the registries' and clouds' tools alone.
const ARGV_COMMAND_WORDS: [&str; 12] = [
    "docker", "podman", "buildah", "skopeo", "nerdctl", "finch", "oras", "oc", "cf", "helm",
    "crane", "az",
];

/// How a command takes its password.
enum Grammar {
    /// A registry or cloud login's `-p PASSWORD` (`docker login`, `oc
    /// login`, `az acr login`, `helm registry login`).
    RegistryLogin,
    /// `sshpass -p PASSWORD command…` (or `-pPASSWORD`): options end at the
    /// command it runs, whose own `-p` (ssh's port) is not sshpass's.
    Sshpass,
    /// `redis-cli -a PASSWORD` or `--pass PASSWORD` (its `-p` is the port).
    RedisCli,
    /// The MySQL and MariaDB clients' `-pPASSWORD`, attached: a `-p` alone
    /// prompts, and the word after it is the database.
    Mysql,
    /// `htpasswd -b [-c…] FILE USER PASSWORD` (`-n` writes to standard
    /// output and takes no file).
    Htpasswd,
    /// The MongoDB shells' and tools' `-p PASSWORD` (`mongosh`, `mongo`,
    /// `mongodump`…); a `-p` before another option prompts.
    Mongo,
    /// The OpenLDAP clients' bind password, `-w PASSWORD` (`-W` prompts,
    /// `-y FILE` reads one).
    Ldap,
    /// `sqlcmd -P PASSWORD` (its `-p` prints statistics).
    Sqlcmd,
    /// OpenSSL's pass phrase arguments `-pass`, `-passin`, `-passout` and
    /// `-password` given `pass:PASSWORD`; `env:`, `file:`, `fd:` and
    /// `stdin` name where it is read from.
    Openssl,
    /// keytool's `-storepass`, `-keypass` (and their `-src…`, `-dest…`
    /// forms, and `-new`) given the password; `-storepass:env VAR` and
    /// `-storepass:file PATH` name where it is read from.
    Keytool,
    /// The Samba clients' `-U USER%PASSWORD` (`--user=…`): the password is
    /// what follows the `%`.
    Samba,
    /// PowerShell's `ConvertTo-SecureString "PASSWORD" -AsPlainText`
    /// (`-String "…"`, any case): without `-AsPlainText` the string is
    /// already encrypted.
    SecureString,
}

impl Grammar {
    /// The environment variable the command reads its password from, or
    /// one a script can pass it in (`SSHPASS`, `MYSQL_PWD`, `SQLCMDPASSWORD`,
    /// Samba's `PASSWD`), which the fix names in place of one made from
    /// the flag's letters.
    fn variable(&self) -> &'static str {
        match self {
            Grammar::RegistryLogin => "REGISTRY_PASSWORD",
            Grammar::Sshpass => "SSHPASS",
            Grammar::RedisCli => "REDISCLI_AUTH",
            Grammar::Mysql => "MYSQL_PWD",
            Grammar::Htpasswd => "HTPASSWD_PASSWORD",
            Grammar::Mongo => "MONGO_PASSWORD",
            Grammar::Ldap => "LDAP_BIND_PASSWORD",
            Grammar::Sqlcmd => "SQLCMDPASSWORD",
            Grammar::Openssl => "OPENSSL_PASSPHRASE",
            Grammar::Keytool => "KEYSTORE_PASSWORD",
            Grammar::Samba => "PASSWD",
            Grammar::SecureString => "PASSWORD",
        }
    }
}

fn grammar(command: &str) -> Grammar {
    match command {
        "sshpass" => Grammar::Sshpass,
        "redis-cli" => Grammar::RedisCli,
        "htpasswd" => Grammar::Htpasswd,
        "sqlcmd" => Grammar::Sqlcmd,
        "openssl" => Grammar::Openssl,
        "keytool" => Grammar::Keytool,
        c if c.starts_with("mysql") || c.starts_with("mariadb") => Grammar::Mysql,
        c if c.starts_with("mongo") => Grammar::Mongo,
        c if c.starts_with("ldap") => Grammar::Ldap,
        c if c.starts_with("smb") || c == "rpcclient" => Grammar::Samba,
        c if c.eq_ignore_ascii_case("ConvertTo-SecureString") => Grammar::SecureString,
        _ => Grammar::RegistryLogin,
    }
}

/// The passwords `words` hand to a command of `grammar`: each with the
/// word holding it and the flag it is given to.
fn passwords<'w>(grammar: &Grammar, words: &'w [Word]) -> Vec<(&'w Word, String, &'static str)> {
    let one = |flag: &'static str, found: Option<(&'w Word, String)>| {
        found
            .map(|(word, value)| (word, value, flag))
            .into_iter()
            .collect()
    };
    match grammar {
        Grammar::RegistryLogin => one("-p", short_flag(words, "-p", false)),
        Grammar::Sshpass => one("-p", short_flag(words, "-p", true)),
        Grammar::RedisCli => match short_flag(words, "-a", false) {
            Some(found) => one("-a", Some(found)),
            None => one("--pass", long_flag(words, "--pass")),
        },
        Grammar::Mysql => one("-p", attached_flag(words, "-p")),
        Grammar::Htpasswd => one("-b", htpasswd_password(words)),
        Grammar::Mongo => one("-p", short_flag(words, "-p", false)),
        Grammar::Ldap => one("-w", short_flag(words, "-w", false)),
        Grammar::Sqlcmd => one("-P", short_flag(words, "-P", false)),
        Grammar::Openssl => flag_values(words, &["-pass", "-passin", "-passout", "-password"])
            .filter_map(|(flag, word, value)| {
                Some((word, value.strip_prefix("pass:")?.to_owned(), flag))
            })
            .collect(),
        Grammar::Keytool => flag_values(
            words,
            &[
                "-storepass",
                "-keypass",
                "-srcstorepass",
                "-deststorepass",
                "-srckeypass",
                "-destkeypass",
                "-new",
            ],
        )
        .map(|(flag, word, value)| (word, value, flag))
        .collect(),
        Grammar::Samba => {
            let user = short_flag(words, "-U", false).or_else(|| long_flag(words, "--user"));
            let password = user.and_then(|(word, user)| {
                let (_, password) = user.split_once('%')?;
                Some((word, password.to_owned()))
            });
            one("-U", password)
        }
        Grammar::SecureString => one("-AsPlainText", secure_string(words)),
    }
}
/// A command written as a list of string literals, one per argument:
/// `subprocess.run(["mysql", "-p…"])`, `Command::new("mysql").arg("-p…")`,
/// `spawn('sshpass', ['-p', …])`, a Dockerfile's `RUN ["mysql", …]`. The
/// literal naming the command (with a path or not), which [`argv`] reads on
/// from.
static ARGV_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"["']((?:[\w.~-]*/)*(?:{COMMANDS}|docker|podman|buildah|skopeo|nerdctl|finch|oras|oc|cf|helm|crane|az))["']"#
    ))
    .expect("valid regex")
});

/// A command's name as a whole, as the words of a list join it.
static WHOLE_COMMAND: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{COMMANDS})$")).expect("valid regex"));

/// The arguments written as string literals after `from` (just past the
/// literal naming the command): each literal one word, as the program
/// receives it, for as long as only list or call syntax separates them
/// (commas, brackets, `&`, `.arg(`, `.args(`, `vec![`, white space).
/// Anything else (a variable, an f-string, a keyword argument, the end of
/// a statement) ends them: what it holds is not read, and an option's
/// value there is not a literal. A literal with an escape, a `$` or a
/// backtick is no literal word. Within [`MAX_COMMAND_BYTES`] and
/// [`MAX_WORDS`].
fn argv(text: &str, from: usize) -> Vec<Word> {
    let bytes = text.as_bytes();
    let end = text.len().min(from + MAX_COMMAND_BYTES);
    let mut out = Vec::new();
    let mut i = from;
    while i < end && out.len() < MAX_WORDS {
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[' | b']' | b'(' | b')' | b'&' => i += 1,
            b'.' if bytes[i..end].starts_with(b".arg(") => i += 5,
            b'.' if bytes[i..end].starts_with(b".args(") => i += 6,
            b'v' if bytes[i..end].starts_with(b"vec![") => i += 5,
            quote @ (b'"' | b'\'') => {
                let start = i + 1;
                let mut j = start;
                while j < end && !matches!(bytes[j], b'\n' | b'\r') && bytes[j] != quote {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if j >= end || bytes[j] != quote {
                    break;
                }
                let literal = &text[start..j];
                out.push(Word {
                    span: start..j,
                    // An escape, or what a shell or Compose would expand.
                    text: (!literal.contains(['\\', '$', '`'])).then(|| literal.to_owned()),
                });
                i = j + 1;
            }
            _ => break,
        }
    }
    out
}

/// A word of a command line: where it is in the text, and what the shell
/// makes of it once its quotes are removed, or `None` when the shell would
/// expand it (`$VAR`, `"${VAR}"`, `$(…)`, a backtick).
struct Word {
    span: Range<usize>,
    text: Option<String>,
}

/// How many words of one command are read: a command line is short, and a
/// runaway line (minified text) costs no more than this.
const MAX_WORDS: usize = 64;

/// How many bytes of text one command's words are read from. Every command
/// a line starts reads its own words, so a line of commands nested in
/// unclosed substitutions (`mysql -p$(mysql -p$(…`), where each one's first
/// word would run to the end of the line, cost the square of its length
/// (800 KB took over 13 s); a command line holding its password further
/// than this is not one a person writes.
const MAX_COMMAND_BYTES: usize = 4096;

/// The words of the simple command starting at `from`: up to the end of its
/// line (or past it, where a `\` continues it), an operator (`;`, `&`, `|`,
/// a redirection, a closing parenthesis), a comment or `limit` (the quote
/// closing a string the command is written in), within
/// [`MAX_COMMAND_BYTES`].
fn words(text: &str, from: usize, limit: usize) -> Vec<Word> {
    let mut end = limit.min(from + MAX_COMMAND_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = from;
    while out.len() < MAX_WORDS {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
        if bytes[i..].starts_with(b"\\\n") || bytes[i..].starts_with(b"\\\r\n") {
            i += if bytes[i + 1] == b'\r' { 3 } else { 2 };
            continue;
        }
        if i >= bytes.len() || matches!(bytes[i], b'\n' | b'\r' | b'#') || ends_command(bytes[i]) {
            break;
        }
        let start = i;
        let mut literal = String::new();
        let mut expands = false;
        let mut unterminated = false;
        while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
            match bytes[i] {
                b if ends_command(b) => break,
                b'\'' => match memchr::memchr2(b'\'', b'\n', &bytes[i + 1..]) {
                    Some(n) if bytes[i + 1 + n] == b'\'' => {
                        literal.push_str(&text[i + 1..i + 1 + n]);
                        i += n + 2;
                    }
                    _ => {
                        unterminated = true;
                        break;
                    }
                },
                b'"' => {
                    // Inside double quotes a backslash escapes only `"`,
                    // `\\`, `$` and a backtick; `$` and a backtick expand.
                    let mut j = i + 1;
                    while j < bytes.len() && !matches!(bytes[j], b'"' | b'\n') {
                        let escaped = bytes[j] == b'\\'
                            && matches!(bytes.get(j + 1), Some(b'"' | b'\\' | b'$' | b'`'));
                        if escaped {
                            j += 1;
                        } else {
                            expands |= matches!(bytes[j], b'$' | b'`');
                        }
                        let c = text[j..].chars().next().expect("a character");
                        literal.push(c);
                        j += c.len_utf8();
                    }
                    if bytes.get(j) != Some(&b'"') {
                        unterminated = true;
                        break;
                    }
                    i = j + 1;
                }
                b'$' | b'`' => {
                    // A substitution (`$(…)`, `${…}`) is one part of the
                    // word, spaces and all.
                    expands = true;
                    i = substitution_end(bytes, i);
                }
                b'\\' if i + 1 < bytes.len() && !matches!(bytes[i + 1], b'\n' | b'\r') => {
                    let c = text[i + 1..].chars().next().expect("a character");
                    literal.push(c);
                    i += 1 + c.len_utf8();
                }
                _ => {
                    let c = text[i..].chars().next().expect("a character");
                    literal.push(c);
                    i += c.len_utf8();
                }
            }
        }
        if unterminated {
            break;
        }
        out.push(Word {
            span: start..i,
            text: (!expands).then_some(literal),
        });
    }
    out
}

/// Where the expansion starting at `at` (`$X`, `$(…)`, `${…}`, a
/// backtick) ends, for the brackets, on the same line.
fn substitution_end(bytes: &[u8], at: usize) -> usize {
    let (open, close) = match bytes.get(at + 1) {
        Some(b'(') if bytes[at] == b'$' => (b'(', b')'),
        Some(b'{') if bytes[at] == b'$' => (b'{', b'}'),
        _ => return at + 1,
    };
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate().skip(at + 1) {
        if b == b'\n' {
            return i;
        }
        if b == open {
            depth += 1;
        } else if b == close {
            depth -= 1;
            if depth == 0 {
                return i + 1;
            }
        }
    }
    bytes.len()
}

/// Whether an unquoted byte ends a simple command: a control operator, a
/// redirection or the end of a subshell.
fn ends_command(b: u8) -> bool {
    matches!(b, b';' | b'&' | b'|' | b'<' | b'>' | b')')
}

/// The value of a short option `flag` given apart (`-p VALUE`) or attached
/// (`-pVALUE`, `-p=VALUE`): the word holding it and the value. With
/// `options_first`, options end at the first word that is not one (the
/// command `sshpass` runs): sshpass's `-f`, `-d` and `-P` take a value.
fn short_flag<'w>(
    words: &'w [Word],
    flag: &str,
    options_first: bool,
) -> Option<(&'w Word, String)> {
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        let Some(text) = word.text.as_deref() else {
            if options_first {
                return None;
            }
            continue;
        };
        if text == flag {
            let value = iter.next()?;
            return Some((value, value.text.clone().filter(|v| !is_option(v))?));
        }
        if let Some(attached) = text.strip_prefix(flag).filter(|_| !text.starts_with("--")) {
            return Some((
                word,
                attached.strip_prefix('=').unwrap_or(attached).to_owned(),
            ));
        }
        if options_first {
            if !text.starts_with('-') {
                return None;
            }
            if matches!(text, "-f" | "-d" | "-P") {
                iter.next();
            }
        }
    }
    None
}

/// The value of a short option `flag` attached to it (`-pVALUE`), as the
/// MySQL clients take a password.
fn attached_flag<'w>(words: &'w [Word], flag: &str) -> Option<(&'w Word, String)> {
    words.iter().find_map(|word| {
        let text = word.text.as_deref()?;
        let value = text.strip_prefix(flag).filter(|v| !v.is_empty())?;
        (!text.starts_with("--")).then(|| (word, value.to_owned()))
    })
}

/// The value of a long option `flag` given apart (`--pass VALUE`) or after
/// `=` (`--pass=VALUE`): the word holding it and the value.
fn long_flag<'w>(words: &'w [Word], flag: &str) -> Option<(&'w Word, String)> {
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        let Some(text) = word.text.as_deref() else {
            continue;
        };
        if text == flag {
            let value = iter.next()?;
            return Some((value, value.text.clone().filter(|v| !is_option(v))?));
        }
        if let Some(value) = text.strip_prefix(flag).and_then(|v| v.strip_prefix('=')) {
            return Some((word, value.to_owned()));
        }
    }
    None
}

/// The value after each of `flags` (a single-dash long option of OpenSSL or
/// keytool, given apart: `-passin pass:…`, `-storepass …`): the flag, the
/// word and its text. A flag whose value the shell expands gives none.
fn flag_values<'w>(
    words: &'w [Word],
    flags: &'static [&'static str],
) -> impl Iterator<Item = (&'static str, &'w Word, String)> + 'w {
    words.windows(2).filter_map(move |pair| {
        let flag = flags
            .iter()
            .find(|f| pair[0].text.as_deref() == Some(**f))?;
        let value = pair[1].text.clone().filter(|v| !is_option(v))?;
        Some((*flag, &pair[1], value))
    })
}

/// Whether a word is an option rather than a value (`-W`, `--host`): a
/// flag followed by one takes no value there (it prompts).
fn is_option(word: &str) -> bool {
    word.len() > 1 && word.starts_with('-')
}

/// The string `ConvertTo-SecureString … -AsPlainText` converts: `-String`'s
/// value or the first positional argument (PowerShell names parameters in
/// any case, and `-Key`, `-SecureKey` take a value).
fn secure_string(words: &[Word]) -> Option<(&Word, String)> {
    let flag = |word: &Word, name: &str| {
        word.text
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case(name))
    };
    if !words.iter().any(|w| flag(w, "-AsPlainText")) {
        return None;
    }
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        let text = word.text.as_deref()?;
        if flag(word, "-String") {
            let value = iter.next()?;
            return Some((value, value.text.clone()?));
        }
        if is_option(text) {
            if !flag(word, "-AsPlainText") && !flag(word, "-Force") {
                iter.next();
            }
            continue;
        }
        return Some((word, text.to_owned()));
    }
    None
}

/// The password of `htpasswd -b`: the last of its operands (file, user,
/// password; user and password with `-n`). `-C` and `-r` take a value.
fn htpasswd_password(words: &[Word]) -> Option<(&Word, String)> {
    let mut flags = String::new();
    let mut iter = words.iter();
    let mut operands = Vec::new();
    while let Some(word) = iter.next() {
        let text = word.text.as_deref();
        match text {
            Some(t) if operands.is_empty() && t.starts_with('-') && t.len() > 1 => {
                flags.push_str(&t[1..]);
                if t.ends_with(['C', 'r']) {
                    iter.next();
                }
            }
            _ => operands.push(word),
        }
    }
    if !flags.contains('b') {
        return None;
    }
    let needed = if flags.contains('n') { 2 } else { 3 };
    let word = *operands.get(needed - 1)?;
    Some((word, word.text.clone()?))
}

/// Judges `value`, a match in the line starting at `line_start`, as the
/// password `name` passes; a finding names `variable`, the environment
/// variable the value belongs in, when the command has one.
fn judge_password(
    name: &str,
    value: regex::Match,
    line_start: usize,
    variable: Option<&str>,
    judge: Judge,
    out: &mut Vec<Candidate>,
) {
    let first = out.len();
    judge(
        NameKind::Password,
        name,
        value.as_str(),
        line_start + value.start(),
        out,
    );
    if let Some(variable) = variable {
        name_variable(out, first, variable);
    }
}

/// Judges `value`, read from `word`, as the password of `name`, where the
/// source holds it as written (a value written with escapes is not
/// pointed at, and is left alone).
fn report(
    text: &str,
    word: &Word,
    value: String,
    name: &str,
    variable: &str,
    judge: Judge,
    out: &mut Vec<Candidate>,
) {
    if value.is_empty() {
        return;
    }
    let Some(at) = text[word.span.clone()].rfind(value.as_str()) else {
        return;
    };
    let start = word.span.start + at;
    let first = out.len();
    judge(
        NameKind::Password,
        name,
        &text[start..start + value.len()],
        start,
        out,
    );
    name_variable(out, first, variable);
}

/// Names, in the findings from `first` on, the environment variable the
/// command reads its password from (`SSHPASS`, `MYSQL_PWD`) in place of
/// one made from the flag's letters.
fn name_variable(out: &mut [Candidate], first: usize, variable: &str) {
    for candidate in &mut out[first..] {
        candidate.variable = Some(variable.to_owned());
    }
}

/// A user and password handed to an HTTP client: curl's `-u`/`--user`
/// (alone or ending a group of short flags, `-fsSu`, the value apart or
/// attached: `-uUSER:…`, `-fsSuUSER:…` after flags that take no value),
/// HTTPie's `-a`/`--auth`.
/// The value is judged as a `user:password` pair, so `user:pass` and
/// `$USER:$PASSWORD` stay quiet.
static CLIENT_AUTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:^|[\s;|&(`$])(?:curl(?:[ \t][^\r\n]*?)?[ \t]((?:-[A-Za-z]*u|--user)(?:[ \t]+|=)|-[fsSLkvIiJjlnNOqRgG]*u)|https?(?:[ \t][^\r\n]*?)?[ \t](-a|--auth)(?:[ \t]+|=))(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"'`;|&)]+))"#,
    )
    .expect("valid regex")
});

/// A quoted string piped into PowerShell's `ConvertTo-SecureString
/// -AsPlainText` (`"…" | ConvertTo-SecureString -AsPlainText -Force`): a
/// double-quoted one holding no `$` or backtick, which PowerShell expands.
static PIPED_SECURE_STRING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:"([^"$`\r\n]+)"|'([^'\r\n]+)')[ \t]*\|[ \t]*(?i:ConvertTo-SecureString)\b[^\r\n|;]*?[ \t](?i:-AsPlainText)\b"#,
    )
    .expect("valid regex")
});

/// A single-dash option named a password (`-Password …`, `-Password:…`
/// of PowerShell, `-password …` of Java tools), which the `key = value`
/// scan does not read as a pair: its flags have two dashes.
static DASH_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:^|[ 	])-((?i:password|passwd|passphrase))(?:[ 	]+|:)(?:"([^"$`
]+)"|'([^'
]+)'|([^\s"'`$;|&()<>{}]+))"#,
    )
    .expect("valid regex")
});

/// How an OpenSSL pass phrase argument names where the password is read
/// from (`env:VAR`, `file:PATH`, `fd:N`, `stdin`): no literal. `pass:…` is
/// [`Grammar::Openssl`]'s.
const PASS_PHRASE_SOURCES: [&str; 5] = ["pass:", "env:", "file:", "fd:", "stdin"];

/// The password `sshpass -e` reads, set before a command or exported
/// (`SSHPASS=… sshpass -e ssh h`, `export SSHPASS=…`): a name that says no
/// credential word. Unquoted or quoted, never a word the shell expands.
static ENV_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:^|[\s;&|(])SSHPASS=(?:"([^"$`\s]+)"|'([^'\s]+)'|([^\s"'$`;|&()]+))"#)
        .expect("valid regex")
});

/// A command that writes a `.netrc` (`echo "…" > ~/.netrc`, `printf '…' >>
/// $HOME/.netrc`, `echo … | tee .netrc`): the entry it echoes is the file's.
static NETRC_WRITE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:echo|printf)\b.*netrc").expect("valid regex"));

/// The password of a `.netrc` entry inside an echoed string, where `\n` or
/// `\t` may separate the tokens (`printf 'machine h\nlogin u\npassword p\n'`).
static NETRC_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:[\s"']|\\[nt])password[ \t]+([^\s"'\\;|&<>()]+)"#).expect("valid regex")
});

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(line: &str) -> Vec<Option<String>> {
        words(line, 0, line.len())
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    #[test]
    fn words_are_unquoted_and_expansions_marked() {
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(
            shown(r#"-u me -p 'a b' "c\"d" e\ f $X "${{ secrets.Y }}" g; h"#),
            [
                s("-u"),
                s("me"),
                s("-p"),
                s("a b"),
                s("c\"d"),
                s("e f"),
                None,
                None,
                s("g")
            ]
        );
        assert_eq!(
            shown("-p x \\\n  -u y | z"),
            [s("-p"), s("x"), s("-u"), s("y")]
        );
        assert_eq!(shown("-p 'open"), [s("-p")]);
        assert_eq!(shown("-p$(cat f) # c"), [None]);
    }

    #[test]
    fn a_command_reads_its_words_within_a_budget() {
        // Each `mysql` of this line reads its words; unbounded, each read
        // ran to the end of the line through the unclosed substitutions.
        let line = format!("-p{}", "$(mysql -p".repeat(2_000));
        let read = words(&line, 0, line.len());
        assert!(read.iter().all(|w| w.span.end <= MAX_COMMAND_BYTES));
        // A multi-byte character at the budget is not cut.
        let line = format!("-p{}", "é".repeat(MAX_COMMAND_BYTES));
        assert!(words(&line, 0, line.len())
            .iter()
            .all(|w| w.span.end <= MAX_COMMAND_BYTES));
    }

    #[test]
    fn a_quoted_command_ends_at_its_closing_quote() {
        let text = r#"exec("mysql -uroot -ppw1"); x = "mysql -p\"pw2\" db""#;
        let ends: Vec<usize> = (COMMAND.captures_iter(text))
            .map(|c| {
                let command = c.get(1).unwrap();
                quoted_command_end(text, command.start(), command.end())
            })
            .collect();
        assert_eq!(ends, [text.find("\")").unwrap(), text.len() - 1]);
        assert_eq!(quoted_command_end("mysql -p", 0, 5), 8);
    }

    #[test]
    fn each_grammar_finds_its_password() {
        let password = |line: &str| {
            let name = COMMAND.captures(line).expect("a command")[1].to_owned();
            let ws = words(line, COMMAND.find(line).unwrap().end(), line.len());
            let found: Vec<String> = (passwords(&grammar(&name), &ws).into_iter())
                .map(|(_, v, _)| v)
                .collect();
            (!found.is_empty()).then(|| found.join(" "))
        };
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(password("docker login -u me -p pw1 reg"), s("pw1"));
        assert_eq!(password("sshpass -p'pw2' ssh -p 22 h"), s("pw2"));
        assert_eq!(password("sshpass -f file ssh -p 22 h"), None);
        assert_eq!(password("mysql -u root -p db"), None);
        assert_eq!(password("mysql -uroot -p\"pw3\" db"), s("pw3"));
        assert_eq!(password("redis-cli -h h -a pw4 ping"), s("pw4"));
        assert_eq!(password("htpasswd -b -c /etc/f admin pw5"), s("pw5"));
        assert_eq!(password("htpasswd -nbB admin pw6"), s("pw6"));
        assert_eq!(password("htpasswd -C 10 -bc f admin pw7"), s("pw7"));
        assert_eq!(password("htpasswd -c f admin"), None);
        assert_eq!(password("docker login -u me --password-stdin reg"), None);
        assert_eq!(password("mongosh -u a -p pw8 --host h"), s("pw8"));
        assert_eq!(password("mongosh -u a -p --host h"), None);
        assert_eq!(password("ldapsearch -x -D cn=a -w pw9 -b dc=x"), s("pw9"));
        assert_eq!(password("ldapsearch -x -D cn=a -W -b dc=x"), None);
        assert_eq!(password("sqlcmd -S db -U sa -P pw10 -p"), s("pw10"));
        assert_eq!(
            password("openssl pkcs12 -passin pass:pw11 -passout env:X"),
            s("pw11")
        );
        assert_eq!(password("openssl rsa -passin file:/run/pw"), None);
        assert_eq!(
            password("keytool -list -storepass pw12 -keypass pw13"),
            s("pw12 pw13")
        );
        assert_eq!(password("keytool -list -storepass:env PW"), None);
        assert_eq!(password("smbclient //h/s -U dom\\me%pw14"), s("pw14"));
        assert_eq!(password("smbclient //h/s --user=me%pw15"), s("pw15"));
        assert_eq!(password("smbclient //h/s -U me"), None);
        assert_eq!(password("redis-cli -p 6380 --pass pw16"), s("pw16"));
        assert_eq!(
            password("convertto-securestring -AsPlainText 'pw17' -Force"),
            s("pw17")
        );
        assert_eq!(
            password("ConvertTo-SecureString -String pw18 -AsPlainText"),
            s("pw18")
        );
        assert_eq!(password("ConvertTo-SecureString $enc -Key $k"), None);
        assert_eq!(password("ConvertTo-SecureString pw19"), None);
    }
}
