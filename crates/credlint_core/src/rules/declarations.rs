//! Declarations a language writes its own way, for the `key = value` scan
//! of `secret/hardcoded-credential` (and so for the excerpts, which hide
//! what that scan reads): Go's `var password string = "…"`, Visual Basic's
//! `Dim password As String = "…"`, R's `password <- "…"` and `"…" ->
//! password`, Clojure's `(def password "…")` and `{:password "…"}`,
//! PowerShell's `Set-Variable -Name password -Value '…'` (a18 #7). The
//! scan's `name = value` reads none of them: the name is followed by a
//! type, an arrow or a blank, or comes after the value. Each is read only
//! in its own language's files ([`Dialect`]); the value is the literal the
//! scan reads where it opens, as the language writes literals.

use crate::document::Dialect;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Where a declaration's value is, in its line.
#[derive(Debug, PartialEq, Eq)]
pub enum Value {
    /// A literal opens at this offset.
    Opens(usize),
    /// An unquoted word, which PowerShell takes for a string.
    Word(Range<usize>),
}

/// The declarations of `line`, a line of a file of `dialect`: each name's
/// span and its value.
pub fn read(dialect: Dialect, line: &str) -> Vec<(Range<usize>, Value)> {
    let opening = |pattern: &Regex| -> Vec<(Range<usize>, Value)> {
        (pattern.captures_iter(line))
            .filter_map(|caps| {
                let name = caps.name("name").or(caps.name("name2"))?.range();
                let open = caps.name("open").or(caps.name("open2"))?.start();
                Some((name, Value::Opens(open)))
            })
            .collect()
    };
    match dialect {
        Dialect::Other => Vec::new(),
        Dialect::Go => opening(&GO_TYPED),
        Dialect::Basic if mentions_as(line) => opening(&BASIC_TYPED),
        Dialect::Basic => Vec::new(),
        Dialect::R if line.contains("<-") || line.contains("->") => opening(&R_ARROW),
        Dialect::R => Vec::new(),
        Dialect::Clojure => opening(&CLOJURE),
        Dialect::PowerShell => powershell(line),
    }
}

/// Whether a Visual Basic line can declare a type (`As`, any case).
fn mentions_as(line: &str) -> bool {
    super::mentions(line, &[" as "])
}

/// Go's typed declaration, the type after the name: `var password string
/// = "…"`, and a `var ( … )` block's `password string = "…"` lines.
static GO_TYPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[ \t]*(?:(?:var|const)[ \t]+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)[ \t]+(?:\[\]|\*)*[A-Za-z_][A-Za-z0-9_.]*[ \t]*=[ \t]*(?P<open>)",
    )
    .expect("valid regex")
});

/// Visual Basic's typed declaration: `Dim password As String = "…"`,
/// `Private Const ApiKey As String = "…"`, `Public Shared ReadOnly Token
/// As String = "…"` (the language ignores case).
static BASIC_TYPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[ \t]*(?:(?:Dim|Const|Private|Public|Friend|Protected|Shared|ReadOnly|Static|Shadows)[ \t]+)+(?P<name>[A-Za-z_][A-Za-z0-9_]*)[ \t]+As[ \t]+[A-Za-z_][A-Za-z0-9_.]*[ \t]*=[ \t]*(?P<open>)",
    )
    .expect("valid regex")
});

/// R's arrows: `password <- "…"`, `token <<- "…"`, `config$password <-
/// "…"` (the name is the last of `$` and `@` accessors), and the value
/// first, `"…" -> password`.
static R_ARROW: LazyLock<Regex> = LazyLock::new(|| {
    let name = r"(?:[A-Za-z.][A-Za-z0-9._]*[$@])*(?P<name>[A-Za-z.][A-Za-z0-9._]*)";
    Regex::new(&format!(
        r#"(?:^|[\s;({{,]){name}[ \t]*<<?-[ \t]*(?P<open>)|(?P<open2>)(?:"[^"\\\r\n]*"|'[^'\\\r\n]*')[ \t]*->>?[ \t]*(?:[A-Za-z.][A-Za-z0-9._]*[$@])*(?P<name2>[A-Za-z.][A-Za-z0-9._]*)"#
    ))
    .expect("valid regex")
});

/// Clojure: `(def password "…")` (`defonce`, metadata such as `^:private`
/// before the name, a docstring before the value), and a keyword followed
/// by a string in a map or a call's arguments (`{:password "…"}`,
/// `(connect :user "u" :password "…")`; a namespaced `:db/password` is
/// named `password`).
static CLOJURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\(def(?:once)?[ \t]+(?:\^[^\s"]+[ \t]+)*(?P<name>[A-Za-z*+!_?<>=.-][\w*+!?<>=.-]*)[ \t]+(?:"(?:[^"\\\r\n]|\\.)*"[ \t]+)?(?P<open>)"|(?:^|[\s{(\[,]):(?:[\w.*+!?-]+/)?(?P<name2>[A-Za-z*+!_?<>=.-][\w*+!?<>=.-]*)[ \t]+(?P<open2>)""#,
    )
    .expect("valid regex")
});

/// PowerShell's `Set-Variable` and `New-Variable` (any case): the
/// variable's name and value by `-Name` and `-Value` in any order, or by
/// position (`Set-Variable password '…'`), a quoted literal or an unquoted
/// word. A value that expands (`$x`, `(…)`, `@(…)`) is no literal; a
/// parameter this reader does not know ends the reading. A command's words
/// end where the next command starts: read to the end of the line, a line
/// of thousands of commands with no `;` between them cost the square of
/// their number (a21 #1).
fn powershell(line: &str) -> Vec<(Range<usize>, Value)> {
    let mut out = Vec::new();
    let cmdlets: Vec<Range<usize>> = VARIABLE_CMDLET.find_iter(line).map(|m| m.range()).collect();
    for (i, cmdlet) in cmdlets.iter().enumerate() {
        let until = cmdlets.get(i + 1).map_or(line.len(), |next| next.start);
        let mut words = powershell_words(&line[..until], cmdlet.end).into_iter();
        let (mut name, mut value, mut positional) = (None, None, Vec::new());
        while let Some(word) = words.next() {
            let text = &line[word.clone()];
            let Some(parameter) = text.strip_prefix('-') else {
                positional.push(word);
                continue;
            };
            match parameter.to_ascii_lowercase().as_str() {
                "name" => name = words.next(),
                "value" => value = words.next(),
                "option" | "scope" | "description" | "visibility" => {
                    words.next();
                }
                "force" | "passthru" | "whatif" | "confirm" => {}
                _ => break,
            }
        }
        let mut positional = positional.into_iter();
        let name = name.or_else(|| positional.next());
        let value = value.or_else(|| positional.next());
        let (Some(name), Some(value)) = (name, value) else {
            continue;
        };
        let name = name.start + usize::from(line[name.clone()].starts_with(['"', '\'']))
            ..name.end - usize::from(line[name.clone()].ends_with(['"', '\'']));
        let value = match line.as_bytes()[value.start] {
            b'"' | b'\'' => Value::Opens(value.start),
            b'(' | b'@' | b'[' | b'{' => continue,
            _ if line[value.clone()].contains('$') => continue,
            _ => Value::Word(value),
        };
        out.push((name, value));
    }
    out
}

static VARIABLE_CMDLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:^|[\s;|({])(?:Set|New)-Variable\b").expect("valid regex"));

/// The words of a PowerShell command from `from` to its end (`;`, `|`, a
/// closing bracket or a comment, which `#` opens only where a word would):
/// each a quoted string, quotes included, or a run of other characters.
fn powershell_words(line: &str, from: usize) -> Vec<Range<usize>> {
    let b = line.as_bytes();
    let mut words = Vec::new();
    let mut at = from;
    while at < b.len() {
        match b[at] {
            b' ' | b'\t' | b'\r' => at += 1,
            b';' | b'|' | b')' | b'}' | b'#' => break,
            quote @ (b'"' | b'\'') => {
                let Some(close) = memchr::memchr(quote, &b[at + 1..]) else {
                    break;
                };
                words.push(at..at + close + 2);
                at += close + 2;
            }
            _ => {
                let run = b[at..]
                    .iter()
                    .take_while(|c| !b" \t\r;|)}\"'".contains(c))
                    .count();
                words.push(at..at + run);
                at += run;
            }
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each dialect's shapes give the name and where the value opens, and
    /// the same text in another dialect gives nothing.
    #[test]
    fn each_language_declares_its_own_way() {
        let named = |dialect, line: &str| -> Vec<(String, String)> {
            read(dialect, line)
                .into_iter()
                .map(|(name, value)| {
                    let value = match value {
                        Value::Opens(at) => line[at..].to_owned(),
                        Value::Word(word) => line[word].to_owned(),
                    };
                    (line[name].to_owned(), value)
                })
                .collect()
        };
        let one = |name: &str, value: &str| vec![(name.to_owned(), value.to_owned())];
        assert_eq!(
            named(Dialect::Basic, r#"  Private Const ApiKey As String = "v""#),
            one("ApiKey", r#""v""#)
        );
        assert_eq!(
            named(Dialect::R, r#"x$password <<- 'v'"#),
            one("password", "'v'")
        );
        assert_eq!(
            named(Dialect::R, r#""v" -> api.key"#),
            one("api.key", r#""v" -> api.key"#)
        );
        assert_eq!(
            named(Dialect::Clojure, r#"(def ^:private api-key "doc" "v")"#),
            one("api-key", r#""v")"#)
        );
        assert_eq!(
            named(Dialect::Clojure, r#"{:db/password "v" :user "u"}"#),
            [
                ("password".to_owned(), r#""v" :user "u"}"#.to_owned()),
                ("user".to_owned(), r#""u"}"#.to_owned())
            ]
        );
        assert_eq!(
            named(
                Dialect::PowerShell,
                "New-Variable -Value v1 -Option ReadOnly -Name 'token'"
            ),
            one("token", "v1")
        );
        assert_eq!(
            named(
                Dialect::PowerShell,
                r#"set-variable password "v" -Scope Global"#
            ),
            one("password", r#""v" -Scope Global"#)
        );
        assert_eq!(
            named(Dialect::PowerShell, "sv x; Set-Variable token ab#c # note"),
            one("token", "ab#c")
        );
        for expands in [
            "Set-Variable -Name token -Value $env:TOKEN",
            "Set-Variable -Name token -Value ab$c",
            "Set-Variable -Name token -Value (Get-Secret x)",
            "Set-Variable -Name token -Unknown x -Value v",
        ] {
            assert_eq!(named(Dialect::PowerShell, expands), [], "{expands}");
        }
        for line in [r#"password <- "v""#, r#"(def password "v")"#] {
            assert_eq!(named(Dialect::Other, line), [], "{line}");
            assert_eq!(named(Dialect::Basic, line), [], "{line}");
        }
    }
}
