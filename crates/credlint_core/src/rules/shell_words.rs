//! Shell words glued from quoted and unquoted pieces, for
//! `secret/hardcoded-credential`: `TOKEN=word"…"`, `API_KEY=$'…'tail`. A
//! shell, a dotenv loader and Docker read the pieces of one word as one
//! value, with the quotes taken out; the `key = value` scan stops an
//! unquoted value at its first quote, and judged `word` alone (a18 #6). A
//! value opening with its quote (`TOKEN="…"tail`) is the scan's: its
//! quoted part is judged as written, and the excerpt hides its tail.
//!
//! Escapes are decoded as the shell decodes them (`ab\ cd`, `"a\"b"`,
//! `$'\x41'`); a word that expands anything (`$VAR`, `${…}`, `$(…)`, a
//! backquote) is no literal, and is left alone.

use super::hardcoded_credential::report_span;
use super::Candidate;
use crate::comments::Syntax;
use crate::value::{credential_kind, holds_literal, looks_like_secret};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Whether a document of `syntax` reads `NAME=a"b"c` as one word, `abc`.
pub fn joins_words(syntax: Syntax) -> bool {
    matches!(syntax, Syntax::Shell | Syntax::Dotenv | Syntax::Dockerfile)
}

/// An assignment whose value opens with an unquoted piece glued to a quote
/// or an escape (`TOKEN=word"`, `export PASSWORD=ab'`, `PASSWORD=ab\ cd`),
/// with ANSI-C quoting (`API_KEY=$'`), or with a double quote whose body
/// escapes something (`SECRET="ab\"cd"`), which the `key = value` scan
/// stops at: group 1 the name, group 2 the word's start.
static GLUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:^|[\s;])(?:(?:export|ENV|ARG|local|readonly|declare(?:[ \t]+-[a-zA-Z]+)*)[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=((?:[^\s"'$\\`;|&<>()]+|\$)["'\\]|"[^"\\\n]*\\)"#,
    )
    .expect("valid regex")
});

/// Judges the glued words of `lines` of `text` assigned to a credential's
/// name, joined as the shell joins them.
pub fn check(text: &str, lines: &[Range<usize>], out: &mut Vec<Candidate>) {
    for line in lines {
        let line_text = &text[line.clone()];
        if !line_text.contains(['"', '\'', '\\']) {
            continue;
        }
        for caps in GLUED.captures_iter(line_text) {
            let (Some(name), Some(word)) = (caps.get(1), caps.get(2)) else {
                continue;
            };
            let Some(kind) = credential_kind(name.as_str()) else {
                continue;
            };
            let Some((value, end)) = shell_word(&line_text[word.start()..]) else {
                continue;
            };
            if looks_like_secret(kind, name.as_str(), &value) {
                let start = line.start + word.start();
                report_span(name.as_str(), &value, start..start + end, out);
            }
        }
    }
}

/// The value of the shell word `text` opens with, quotes and escapes taken
/// out as the shell takes them, and its length in `text`: `None` when a
/// piece expands anything (`$X`, `${…}`, `$(…)`, a backquote) or the word
/// goes on past its line (a quote not closed, an escaped line end).
fn shell_word(text: &str) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut value = String::new();
    let mut at = 0;
    while at < b.len() {
        match b[at] {
            b' ' | b'\t' | b'\r' | b'\n' | b';' => break,
            b'`' => return None,
            // Outside quotes, an escaped character is itself.
            b'\\' => {
                let c = text[at + 1..]
                    .chars()
                    .next()
                    .filter(|c| !matches!(c, '\n' | '\r'))?;
                value.push(c);
                at += 1 + c.len_utf8();
            }
            b'$' if b.get(at + 1) == Some(&b'\'') => {
                let (body, len) = ansi_c_quoted(&text[at + 2..])?;
                value.push_str(&body);
                at += 2 + len;
            }
            b'$' if b.get(at + 1) == Some(&b'"') => at += 1,
            b'$' => return None,
            b'\'' => {
                let close = at + 1 + memchr::memchr(b'\'', &b[at + 1..])?;
                let body = &text[at + 1..close];
                if body.contains('\n') {
                    return None;
                }
                value.push_str(body);
                at = close + 1;
            }
            b'"' => at += double_quoted(&text[at + 1..], &mut value)? + 1,
            _ => {
                let run = b[at..]
                    .iter()
                    .take_while(|&&c| !b" \t\r\n;\\`$\"'".contains(&c))
                    .count();
                value.push_str(&text[at..at + run]);
                at += run;
            }
        }
    }
    Some((value, at))
}

/// The body of a double-quoted piece, `text` starting after its opening
/// quote, pushed onto `value`: a `\` escapes only `$`, a backquote, `"` and
/// itself, and stays before anything else. Its length in `text` with the
/// closing quote, or `None` when it expands something or is not closed on
/// its line.
fn double_quoted(text: &str, value: &mut String) -> Option<usize> {
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some(i + 1),
            '\n' | '$' | '`' => return None,
            '\\' => match chars.next()? {
                (_, '\n' | '\r') => return None,
                (_, escaped @ ('"' | '\\' | '$' | '`')) => value.push(escaped),
                (_, other) => {
                    value.push('\\');
                    value.push(other);
                }
            },
            _ => value.push(c),
        }
    }
    None
}

/// The value of an ANSI-C quoted piece (`$'…'`), `text` starting after its
/// opening quote, with its escapes decoded as bash decodes them (`\n`,
/// `\x41`, `\101`, `\u00e9`, `\'`…), and its length in `text` with the
/// closing quote; `None` when it is not closed on its line or decodes to no
/// character.
fn ansi_c_quoted(text: &str) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' => return Some((value, i + 1)),
            '\n' => return None,
            '\\' => {
                let (_, escape) = chars.next()?;
                // Up to `max` digits of `radix` after the escape letter.
                let mut number = |radix: u32, max: usize, first: Option<u32>| {
                    let mut n = first.unwrap_or(0);
                    let mut read = usize::from(first.is_some());
                    while read < max {
                        let Some(d) = chars.peek().and_then(|(_, d)| d.to_digit(radix)) else {
                            break;
                        };
                        n = n * radix + d;
                        read += 1;
                        chars.next();
                    }
                    (read > 0).then_some(n)
                };
                let decoded = match escape {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    'e' | 'E' => '\u{1b}',
                    'f' => '\u{c}',
                    'v' => '\u{b}',
                    '0'..='7' => char::from_u32(number(8, 3, escape.to_digit(8))?)?,
                    'x' => char::from_u32(number(16, 2, None)?)?,
                    'u' => char::from_u32(number(16, 4, None)?)?,
                    'U' => char::from_u32(number(16, 8, None)?)?,
                    '\\' | '\'' | '"' | '?' => escape,
                    other => {
                        value.push('\\');
                        other
                    }
                };
                value.push(decoded);
            }
            _ => value.push(c),
        }
    }
    None
}

/// The value part of each shell word of `text` that holds one of `spans`,
/// for excerpts: a shell word is one value however it is quoted, so the
/// unquoted head before a hidden quoted part (`PASSWORD=head'…'`), what is
/// glued after it (`'…'tail`, `…,\ tail`) and what an empty pair of quotes
/// joins (`…""tail`) are as secret as the part the rules reported. A word
/// runs to a blank, `;`, `|` or `&` outside quotes and not escaped; its
/// value starts where [`set_value`] says (after `NAME=`, `NAME+=`,
/// `--option=`). Quotes left open run to the end of
/// the line. Nothing is judged: a word that holds a hidden span and is
/// glued from pieces (a quote or an escape in it) is hidden whole,
/// expansions and all; a plain word (a URL with a password in it) keeps
/// what the rules hid of it.
pub fn words_around(text: &str, spans: &[Range<usize>]) -> Vec<Range<usize>> {
    words_over(text, spans, |word| {
        let word_text = &text[word.clone()];
        (word_text.contains(['"', '\'', '\\'])).then(|| word.start + set_value(word_text)..word.end)
    })
}

/// The values of the shell words `NAME=value` in `regions` of `text`
/// (sorted by start) that assign a credential's name, for excerpts: what a
/// shell line sets a password to is its password whether or not the value
/// model would take it for one (`DB_PASSWORD=KUW33scu--\ RUL36crk,!`, a
/// passphrase, a toy), and an excerpt shown for another finding on that
/// line must not show it. The value is judged as the shell reads it
/// ([`shell_word`]), or with its quotes and backslashes dropped where it
/// expands something. A shell word is never a reference, whatever its
/// shape (`DB_PASSWORD=maple_river_lantern_42` is that password, a22 #2):
/// only a value that expands one variable (`"$DB_PASSWORD"`, `${TOKEN}`)
/// or holds no letter or digit is shown.
pub fn credential_values(text: &str, regions: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut open = Open::Nothing;
    // Where the word before ended: what it left open ends with its line.
    let mut last_end = 0;
    words_over(text, regions, |word| {
        let word_text = &text[word.clone()];
        let between = &text.as_bytes()[last_end.min(word.start)..word.start];
        last_end = word.end;
        let carried = std::mem::replace(&mut open, Open::Nothing);
        match carried {
            _ if memchr::memchr(b'\n', between).is_some() => {}
            Open::Substitution => {
                if !word_text.contains([')', '`']) {
                    open = Open::Substitution;
                }
                return Some(word);
            }
            Open::Option if !word_text.starts_with('-') => {
                return holds_literal(&shell_value(word_text)).then_some(word);
            }
            _ => {}
        }
        let Some(at) = credential_setting(word_text) else {
            if word_text.starts_with('-') && names_credential(word_text) {
                open = Open::Option;
            }
            return None;
        };
        let value = &word_text[at..];
        if value.starts_with("$(") && !value.contains(')')
            || value.starts_with('`') && !value[1..].contains('`')
        {
            open = Open::Substitution;
            return Some(word.start + at..word.end);
        }
        let value = shell_value(value);
        // `${PW:-<default>}`: the default is written out.
        let value = expansion_default(&value).unwrap_or(&value);
        (value.len() <= 1024 && holds_literal(value)).then(|| word.start + at..word.end)
    })
}

/// The word a parameter expansion falls back to or substitutes
/// (`${NAME:-word}`, `:=`, `:+`, `:?` and their forms without `:`), which
/// is written out where the expansion is.
fn expansion_default(value: &str) -> Option<&str> {
    let inner = value.strip_prefix("${")?.strip_suffix('}')?;
    let name = inner
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    let rest = inner[name..].strip_prefix(':').unwrap_or(&inner[name..]);
    (name > 0)
        .then(|| rest.strip_prefix(['-', '=', '+', '?']))
        .flatten()
}

/// What a shell word leaves open for the next ones, in
/// [`credential_values`].
enum Open {
    Nothing,
    /// A credential's option standing alone (`mysql --password <value>`):
    /// the next word is its value.
    Option,
    /// A credential's value opening a command substitution
    /// (`DB_PASSWORD=$(echo <value>)`): its words up to the close are the
    /// value's.
    Substitution,
}

/// Where the value starts of a shell word that sets a credential
/// (`DB_PASSWORD=…`, `--password=…`, `TOKEN+=…`), also as the value of an
/// option (`docker run --env=DB_PASSWORD=…`).
fn credential_setting(word: &str) -> Option<usize> {
    let at = set_value(word);
    if at == 0 {
        return None;
    }
    if names_credential(&word[..at - 1]) {
        return Some(at);
    }
    let inner = set_value(&word[at..]);
    (inner > 0 && names_credential(&word[at..at + inner - 1])).then_some(at + inner)
}

/// A shell word's value as the shell reads it ([`shell_word`]), or with its
/// quotes and backslashes dropped where it expands something.
fn shell_value(word: &str) -> String {
    shell_word(word).map_or_else(|| word.replace(['"', '\'', '\\'], ""), |(value, _)| value)
}

/// Where the value a shell word sets starts: after the `=` of a leading
/// `NAME=`, `NAME+=` (bash appends), `NAME:=` (make, Go) or `--option=`,
/// else at its start.
fn set_value(word: &str) -> usize {
    let b = word.as_bytes();
    let dashes = b.iter().take_while(|&&c| c == b'-').count();
    let name = dashes
        + (b[dashes..].iter())
            .take_while(|c| c.is_ascii_alphanumeric() || b"_-".contains(c))
            .count();
    let operator = name + usize::from(matches!(b.get(name), Some(b'+' | b':')));
    match b.get(operator) {
        Some(b'=') if name > dashes => operator + 1,
        _ => 0,
    }
}

/// Whether a shell word's name (`DB_PASSWORD`, `--password`, `TOKEN+`)
/// names a credential.
fn names_credential(name: &str) -> bool {
    let name = name.trim_start_matches('-').trim_end_matches([':', '+']);
    credential_kind(name).is_some()
}

/// What `pick` takes of each shell word of `text` that overlaps one of
/// `spans` (sorted by start) on the span's first line. Each line is split
/// once and each word looked at once, so a long line of many spans stays
/// linear.
fn words_over(
    text: &str,
    spans: &[Range<usize>],
    mut pick: impl FnMut(Range<usize>) -> Option<Range<usize>>,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut line = 0..0;
    let mut words: Vec<Range<usize>> = Vec::new();
    // How many of the line's words were looked at.
    let mut seen = 0;
    for span in spans {
        if span.start < line.start || span.start > line.end || line.is_empty() {
            let from = if span.start >= line.end { line.end } else { 0 };
            let start = text[from..span.start]
                .rfind('\n')
                .map_or(from, |i| from + i + 1);
            let end = text[span.start..]
                .find('\n')
                .map_or(text.len(), |i| span.start + i);
            line = start..end;
            words = line_words(text, line.clone());
            seen = 0;
        }
        let mut at = seen.max(words.partition_point(|word| word.end <= span.start));
        while let Some(word) = words.get(at).filter(|word| word.start < span.end) {
            out.extend(pick(word.clone()));
            at += 1;
        }
        seen = at;
    }
    out
}

/// The shell words of the line `line` of `text`, as byte ranges.
fn line_words(text: &str, line: Range<usize>) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut words = Vec::new();
    let mut word_start = None;
    let mut quote = None;
    let mut at = line.start;
    while at < line.end {
        let c = b[at];
        match quote {
            Some(q) if c == q => quote = None,
            Some(b'"') if c == b'\\' => at += 1,
            Some(_) => {}
            None if c == b'\\' => {
                word_start.get_or_insert(at);
                at += 1;
            }
            None if c.is_ascii_whitespace() || b";|&".contains(&c) => {
                if let Some(start) = word_start.take() {
                    words.push(start..at);
                }
            }
            None => {
                word_start.get_or_insert(at);
                if c == b'"' || c == b'\'' || c == b'`' {
                    quote = Some(c);
                }
            }
        }
        at += 1;
    }
    if let Some(start) = word_start {
        words.push(start..line.end.min(text.len()));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_span_hides_its_whole_shell_word() {
        let around = |text: &str, hidden: &str| {
            let at = text.find(hidden).unwrap();
            let span = at..at + hidden.len();
            words_around(text, std::slice::from_ref(&span))
                .into_iter()
                .map(|r| text[r].to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            around("export A=1 DB_PASSWORD=head_='secret'tail B=2\n", "secret"),
            ["head_='secret'tail"]
        );
        assert_eq!(
            around("P=ab,\\ cd\"$(x)\" next", "ab"),
            ["ab,\\ cd\"$(x)\""]
        );
        assert_eq!(around("P=\"a;b\"; echo", "a;b"), ["\"a;b\""]);
        assert_eq!(around("x\nENV P=''pw\"open", "pw"), ["''pw\"open"]);
        assert!(around("U=postgres://u:pw@host/db", "pw").is_empty());
    }

    #[test]
    fn a_credential_names_value_is_hidden_whole() {
        let values = |text: &str| {
            credential_values(text, std::slice::from_ref(&(0..text.len())))
                .into_iter()
                .map(|r| text[r].to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            values("env GH=x DB_PASSWORD=KUW33scu--\\ RUL36crk,! next"),
            ["KUW33scu--\\ RUL36crk,!"]
        );
        assert_eq!(
            values("export DB_PASSWORD=UFB35nbe.+\"\"XCY84ktu,+ A_TOKEN=hunter2"),
            ["UFB35nbe.+\"\"XCY84ktu,+", "hunter2"]
        );
        // Appending and make's assignments; an option's value after it.
        assert_eq!(
            values("A_TOKEN+=x1 DB_PASSWORD:=y2 mysql --password z3 --user u"),
            ["x1", "y2", "z3"]
        );
        // An option's assignment, and a command substitution's words.
        assert_eq!(values("docker run --env=DB_PASSWORD=x4 -e A=b img"), ["x4"]);
        assert_eq!(
            values("DB_PASSWORD=${PW:-x6} A_TOKEN=\"${T=y7}\" B_TOKEN=${T} C_TOKEN=${T:-$U}"),
            ["${PW:-x6}", "\"${T=y7}\""]
        );
        assert_eq!(
            values("DB_PASSWORD=$(printf %s y5) next"),
            ["$(printf", "%s", "y5)"]
        );
        // What a line leaves open ends with it.
        let text = "DB_PASSWORD=$(cat\nshown words\nmysql --password\nshown";
        let mut start = 0;
        let lines: Vec<Range<usize>> = (text.split('\n'))
            .map(|line| {
                start += line.len() + 1;
                start - line.len() - 1..start - 1
            })
            .collect();
        let hidden: Vec<&str> = (credential_values(text, &lines).into_iter())
            .map(|r| &text[r])
            .collect();
        assert_eq!(hidden, ["$(cat"]);
        // A word shaped as a variable's name is the value the shell sets
        // (a22 #2): only an expansion passes another variable on.
        assert_eq!(
            values("TOKEN_FILE=/run/secrets/token PASSWORD=SOME_OTHER_VAR"),
            ["SOME_OTHER_VAR"]
        );
        // Expansions and other names' values are shown.
        for shown in [
            "DB_PASSWORD=$DB_PASSWORD",
            "DB_PASSWORD=\"${VAULT_PW}\" HOST=db.internal",
            "TOKEN_FILE=/run/secrets/token PASSWORD=",
        ] {
            assert!(values(shown).is_empty(), "{shown}: {:?}", values(shown));
        }
    }

    #[test]
    fn words_join_as_the_shell_reads_them() {
        let word = |text: &str| shell_word(text).map(|(value, _)| value);
        assert_eq!(word(r#"ab"cd"'ef'g rest"#).as_deref(), Some("abcdefg"));
        assert_eq!(word(r#"$'ab'cd;"#).as_deref(), Some("abcd"));
        assert_eq!(shell_word(r#"ab"cd" x"#).map(|(_, end)| end), Some(6));
        for expands in [
            r#"ab"$X""#,
            r#"ab"${X}""#,
            r#"$X"ab""#,
            r#"ab"cd"#,
            "ab\\\ncd",
            "$'ab\ncd'",
        ] {
            assert_eq!(word(expands), None, "{expands}");
        }
        // Escapes are decoded as the shell decodes them.
        assert_eq!(word(r#"ab\"cd"#).as_deref(), Some("ab\"cd"));
        assert_eq!(word(r#"ab\ cd rest"#).as_deref(), Some("ab cd"));
        assert_eq!(word(r#"a"b\"c\x""#).as_deref(), Some(r#"ab"c\x"#));
        assert_eq!(
            word(r#"$'a\x41\101\u00e9\'\q\n'z"#).as_deref(),
            Some("aAAé'\\q\nz")
        );
        assert_eq!(word(r#"$'\xZZ'"#), None);
        // Single quotes keep a `$` as written.
        assert_eq!(word(r#"ab'c$d'"#).as_deref(), Some("abc$d"));
    }
}
