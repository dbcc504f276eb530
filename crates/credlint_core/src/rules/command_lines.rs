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

/// Judges the credentials handed to commands that start on `line` of `text`.
pub fn check(text: &str, line: Range<usize>, out: &mut Vec<Candidate>) {
    let line_text = &text[line.clone()];
    for caps in COMMAND.captures_iter(line_text) {
        let command = caps.get(1).expect("the command");
        let words = words(text, line.start + command.end());
        let name: String = command
            .as_str()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let (flag, variable, password) = match grammar(&name) {
            Grammar::RegistryLogin => ("-p", "REGISTRY_PASSWORD", short_flag(&words, "-p", false)),
            Grammar::Sshpass => ("-p", "SSHPASS", short_flag(&words, "-p", true)),
            Grammar::RedisCli => ("-a", "REDISCLI_AUTH", short_flag(&words, "-a", false)),
            Grammar::Mysql => ("-p", "MYSQL_PWD", attached_flag(&words, "-p")),
            Grammar::Htpasswd => ("-b", "HTPASSWD_PASSWORD", htpasswd_password(&words)),
        };
        if let Some((word, value)) = password {
            report(text, word, value, &format!("{name} {flag}"), variable, out);
        }
    }
    for caps in CLIENT_AUTH.captures_iter(line_text) {
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
            judge_as(
                NameKind::Password,
                name,
                value.as_str(),
                line.start + value.start(),
                out,
            );
        }
    }
    if NETRC_WRITE.is_match(line_text) {
        for caps in NETRC_PASSWORD.captures_iter(line_text) {
            let value = caps.get(1).expect("the password");
            let first = out.len();
            judge_as(
                NameKind::Password,
                ".netrc password",
                value.as_str(),
                line.start + value.start(),
                out,
            );
            name_variable(out, first, "NETRC_PASSWORD");
        }
    }
}

/// The commands whose credential flags do not name a credential, as a
/// script, a `RUN` line or a CI step starts them (a path before the name is
/// allowed: `/usr/bin/mysql`).
static COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:^|[\s;&|(`"'=])(?:[\w.~-]*/)*(sshpass|redis-cli|htpasswd|mysql(?:dump|admin|import|show|check|pump)?|mariadb(?:-dump|-admin|-import|-show|-check)?|(?:docker|podman|buildah|skopeo|nerdctl|finch|oras|oc|cf)[ \t]+login|(?:helm[ \t]+registry|crane[ \t]+auth|az(?:[ \t]+acr)?)[ \t]+login)(?:[ \t]|$)"#,
    )
    .expect("valid regex")
});

/// How a command takes its password.
enum Grammar {
    /// A registry or cloud login's `-p PASSWORD` (`docker login`, `oc
    /// login`, `az acr login`, `helm registry login`).
    RegistryLogin,
    /// `sshpass -p PASSWORD command…` (or `-pPASSWORD`): options end at the
    /// command it runs, whose own `-p` (ssh's port) is not sshpass's.
    Sshpass,
    /// `redis-cli -a PASSWORD`.
    RedisCli,
    /// The MySQL and MariaDB clients' `-pPASSWORD`, attached: a `-p` alone
    /// prompts, and the word after it is the database.
    Mysql,
    /// `htpasswd -b [-c…] FILE USER PASSWORD` (`-n` writes to standard
    /// output and takes no file).
    Htpasswd,
}

fn grammar(command: &str) -> Grammar {
    match command {
        "sshpass" => Grammar::Sshpass,
        "redis-cli" => Grammar::RedisCli,
        "htpasswd" => Grammar::Htpasswd,
        c if c.starts_with("mysql") || c.starts_with("mariadb") => Grammar::Mysql,
        _ => Grammar::RegistryLogin,
    }
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
/// a redirection, a closing parenthesis) or a comment, within
/// [`MAX_COMMAND_BYTES`].
fn words(text: &str, from: usize) -> Vec<Word> {
    let mut end = text.len().min(from + MAX_COMMAND_BYTES);
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
            return Some((value, value.text.clone()?));
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

/// Judges `value`, read from `word`, as the password of `name`, where the
/// source holds it as written (a value written with escapes is not
/// pointed at, and is left alone).
fn report(
    text: &str,
    word: &Word,
    value: String,
    name: &str,
    variable: &str,
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
    judge_as(
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
/// (alone or ending a group of short flags, `-fsSu`), HTTPie's `-a`/`--auth`.
/// The value is judged as a `user:password` pair, so `user:pass` and
/// `$USER:$PASSWORD` stay quiet.
static CLIENT_AUTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:^|[\s;|&(`$])(?:curl(?:[ \t][^\r\n]*?)?[ \t](-[A-Za-z]*u|--user)|https?(?:[ \t][^\r\n]*?)?[ \t](-a|--auth))(?:[ \t]+|=)(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"'`;|&)]+))"#,
    )
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
        words(line, 0).into_iter().map(|w| w.text).collect()
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
        let read = words(&line, 0);
        assert!(read.iter().all(|w| w.span.end <= MAX_COMMAND_BYTES));
        // A multi-byte character at the budget is not cut.
        let line = format!("-p{}", "é".repeat(MAX_COMMAND_BYTES));
        assert!(words(&line, 0)
            .iter()
            .all(|w| w.span.end <= MAX_COMMAND_BYTES));
    }

    #[test]
    fn each_grammar_finds_its_password() {
        let password = |line: &str| {
            let name = COMMAND.captures(line).expect("a command")[1].to_owned();
            let ws = words(line, COMMAND.find(line).unwrap().end());
            let found = match grammar(&name) {
                Grammar::RegistryLogin => short_flag(&ws, "-p", false),
                Grammar::Sshpass => short_flag(&ws, "-p", true),
                Grammar::RedisCli => short_flag(&ws, "-a", false),
                Grammar::Mysql => attached_flag(&ws, "-p"),
                Grammar::Htpasswd => htpasswd_password(&ws),
            };
            found.map(|(_, v)| v)
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
    }
}
