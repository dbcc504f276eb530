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
                let name = ["name", "name2", "name3"]
                    .iter()
                    .find_map(|group| caps.name(group))?
                    .range();
                let open = ["open", "open2", "open3"]
                    .iter()
                    .find_map(|group| caps.name(group))?
                    .start();
                Some((name, Value::Opens(open)))
            })
            .collect()
    };
    let mut read = match dialect {
        Dialect::Other => Vec::new(),
        Dialect::Go => return go(line),
        Dialect::Basic if mentions_as(line) || line.contains(':') => opening(&BASIC),
        Dialect::Basic => Vec::new(),
        Dialect::R if ["<-", "->", "assign"].iter().any(|w| line.contains(w)) => {
            opening(&R_ASSIGNMENT)
        }
        Dialect::R => Vec::new(),
        Dialect::Clojure => opening(&CLOJURE),
        Dialect::PowerShell => powershell(line),
        Dialect::Apple if line.contains("HTTPHeaderField") => opening(&HEADER_SETTER),
        Dialect::Apple => Vec::new(),
    };
    if line.contains(',') {
        let literal = |value: &Range<usize>| line[value.clone()].starts_with(['"', '\'', '`']);
        read.extend(
            (several_names(line).into_iter())
                .filter(|(_, value)| literal(value))
                .map(|(name, value)| (name, Value::Opens(value.start))),
        );
    }
    read
}

/// Whether a Visual Basic line can declare a type (`As`, any case).
fn mentions_as(line: &str) -> bool {
    super::mentions(line, &[" as "])
}

/// Go's declarations the scan's `name = value` misses: the type after the
/// name (`var password string = "…"`, a `var ( … )` block's `password
/// string = "…"` lines), several names at once (`var user, password
/// string = "bob", "…"`, `user, password := "bob", "…"`), and a value
/// converted to bytes or runes (`[]byte("…")`), which holds the literal.
fn go(line: &str) -> Vec<(Range<usize>, Value)> {
    let Some(statement) = Assignment::of(line) else {
        return Vec::new();
    };
    // One untyped name given a literal is the scan's `name = value`.
    let scanned = statement.names.len() == 1 && !statement.typed;
    (statement.pairs())
        .filter_map(|(name, value)| {
            let (open, converted) = go_literal(line, value)?;
            (!scanned || converted).then_some((name, Value::Opens(open)))
        })
        .collect()
}

/// Names given values by one `=` (or Go's `:=`), each the value in the
/// same place of the list after it.
struct Assignment {
    names: Vec<Range<usize>>,
    values: Vec<Range<usize>>,
    /// Whether a type follows the names (Go's `var a, b string = …`).
    typed: bool,
}

impl Assignment {
    fn of(line: &str) -> Option<Assignment> {
        let caps = ASSIGNMENT.captures(line)?;
        let names = caps.name("names").expect("the names group").range();
        let values = caps.get(0).expect("the match").end()..line.len();
        let statement = Assignment {
            names: split_top_level(line, names),
            values: split_top_level(line, values),
            typed: caps.name("type").is_some(),
        };
        // `a, b := f()` gives no name a value of its own; JavaScript's
        // `let a, b = "…"` gives it to `b` alone; and a line of a call's
        // arguments (`user, password="…", timeout=3,`) is no statement.
        let keyword = |value: &Range<usize>| KEYWORD_ARGUMENT.is_match(&line[value.clone()]);
        let paired = statement.names.len() == statement.values.len() || statement.names.len() == 1;
        (paired && !statement.values.iter().any(keyword)).then_some(statement)
    }

    fn pairs(self) -> impl Iterator<Item = (Range<usize>, Range<usize>)> {
        self.names.into_iter().zip(self.values)
    }
}

/// The names a statement assigns several at once and their values, in
/// any language (`user, password = "bob", "…"`: Go, Ruby, Lua, Python's
/// tuples). The scan's `name = value` would give the last name the first
/// value: it leaves these names to this reading.
pub fn several_names(line: &str) -> Vec<(Range<usize>, Range<usize>)> {
    match Assignment::of(line) {
        Some(statement) if statement.names.len() > 1 && !statement.typed => {
            statement.pairs().collect()
        }
        _ => Vec::new(),
    }
}

static KEYWORD_ARGUMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_]*[ \t]*=[^=]").expect("valid regex"));

static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    let name = "[A-Za-z_][A-Za-z0-9_]*";
    Regex::new(&format!(
        r"^[ \t]*(?:(?:var|const|local)[ \t]+)?(?P<names>{name}(?:[ \t]*,[ \t]*{name})*)(?P<type>[ \t]+(?:\[\]|\*)*[A-Za-z_][A-Za-z0-9_.]*)?[ \t]*:?=[ \t]*",
    ))
    .expect("valid regex")
});

/// Where the string literal a Go value is, or holds by a conversion
/// (`[]byte("…")`, `[]rune(…)`, `string(…)`), opens, and whether it is
/// converted.
fn go_literal(line: &str, value: Range<usize>) -> Option<(usize, bool)> {
    let text = &line[value.clone()];
    let converted = ["[]byte(", "[]rune(", "string("]
        .iter()
        .find_map(|conversion| text.strip_prefix(conversion))
        .map(str::trim_start);
    let literal = converted.unwrap_or(text);
    let open = value.start + (text.len() - literal.len());
    literal
        .starts_with(['"', '`'])
        .then_some((open, converted.is_some()))
}

/// The comma-separated items of `line[within]`, each trimmed, stopping at
/// a line comment: a comma inside a string or brackets separates nothing.
fn split_top_level(line: &str, within: Range<usize>) -> Vec<Range<usize>> {
    let b = line.as_bytes();
    let (mut items, mut start, mut depth, mut at) =
        (Vec::new(), within.start, 0usize, within.start);
    let push = |items: &mut Vec<Range<usize>>, from: usize, to: usize| {
        let item = &line[from..to];
        let lead = item.len() - item.trim_start().len();
        items.push(from + lead..from + lead + item.trim().len());
    };
    while at < within.end {
        match b[at] {
            quote @ (b'"' | b'`' | b'\'') => {
                let mut i = at + 1;
                while i < within.end && b[i] != quote {
                    i += if b[i] == b'\\' && quote != b'`' { 2 } else { 1 };
                }
                at = i;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                push(&mut items, start, at);
                start = at + 1;
            }
            b'/' if depth == 0 && b.get(at + 1) == Some(&b'/') => break,
            _ => {}
        }
        at += 1;
    }
    push(&mut items, start, at.min(within.end));
    // A trailing comma ends the list, it opens no item.
    if items.len() > 1 && items.last().is_some_and(Range::is_empty) {
        items.pop();
    }
    items
}

/// Visual Basic's typed declaration: `Dim password As String = "…"`,
/// `Private Const ApiKey As String = "…"`, `Public Shared ReadOnly Token
/// As String = "…"`, an object built from the literal (`Dim password As
/// New String("…")`), and an assignment after a statement separator
/// (`Dim password As String: password = "…"`). The language ignores case.
static BASIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)^[ \t]*(?:(?:Dim|Const|Private|Public|Friend|Protected|Shared|ReadOnly|Static|Shadows)[ \t]+)+(?P<name>[A-Za-z_][A-Za-z0-9_]*)[ \t]+As[ \t]+(?:New[ \t]+)?[A-Za-z_][A-Za-z0-9_.]*[ \t]*(?:=|\()[ \t]*(?P<open>)|:[ \t]*(?:Let[ \t]+)?(?P<name2>[A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(?P<open2>)""#,
    )
    .expect("valid regex")
});

/// R's arrows: `password <- "…"`, `token <<- "…"`, `config$password <-
/// "…"` (the name is the last of `$` and `@` accessors), the value first,
/// `"…" -> password`, and `assign("password", "…")`.
static R_ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    let name = r"(?:[A-Za-z.][A-Za-z0-9._]*[$@])*(?P<name>[A-Za-z.][A-Za-z0-9._]*)";
    Regex::new(&format!(
        r#"(?:^|[\s;({{,]){name}[ \t]*<<?-[ \t]*(?P<open>)|(?P<open2>)(?:"[^"\\\r\n]*"|'[^'\\\r\n]*')[ \t]*->>?[ \t]*(?:[A-Za-z.][A-Za-z0-9._]*[$@])*(?P<name2>[A-Za-z.][A-Za-z0-9._]*)|\bassign\([ \t]*["'](?P<name3>[A-Za-z.][A-Za-z0-9._]*)["'][ \t]*,[ \t]*(?P<open3>)"#
    ))
    .expect("valid regex")
});

/// Clojure: `(def password "…")` (`defonce`, metadata such as `^:private`
/// or `^{:private true}` before the name, a docstring before the value),
/// a keyword followed by a string in a map or a call's arguments
/// (`{:password "…"}`, `(connect :user "u" :password "…")`; a namespaced
/// `:db/password` is named `password`), and a map's string key (`{"password"
/// "…"}`, as EDN read from JSON writes it).
static CLOJURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\(def(?:once)?[ \t]+(?:\^(?:\{[^{}\r\n]*\}|[^\s"]+)[ \t]+)*(?P<name>[A-Za-z*+!_?<>=.-][\w*+!?<>=.-]*)[ \t]+(?:"(?:[^"\\\r\n]|\\.)*"[ \t]+)?(?P<open>)"|(?:^|[\s{(\[,]):(?:[\w.*+!?-]+/)?(?P<name2>[A-Za-z*+!_?<>=.-][\w*+!?<>=.-]*)[ \t]+(?P<open2>)"|(?:^|[\s{,])"(?P<name3>[A-Za-z_][\w.-]*)"[ \t]+(?P<open3>)""#,
    )
    .expect("valid regex")
});

/// Foundation's header setter, in Objective-C (`[request setValue:@"…"
/// forHTTPHeaderField:@"X-Api-Key"]`) and Swift (`request.setValue("…",
/// forHTTPHeaderField: "Authorization")`): the header, named after the
/// value, is what the value is.
static HEADER_SETTER: LazyLock<Regex> = LazyLock::new(|| {
    let literal = r#""(?:[^"\\\r\n]|\\.)*""#;
    Regex::new(&format!(
        r#"\b(?:set|add)Value:[ \t]*@(?P<open>){literal}[ \t]+forHTTPHeaderField:[ \t]*@"(?P<name>[^"\r\n]+)"|\b(?:set|add)Value\([ \t]*(?P<open2>){literal}[ \t]*,[ \t]*forHTTPHeaderField:[ \t]*"(?P<name2>[^"\r\n]+)""#
    ))
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
        assert_eq!(
            named(
                Dialect::Go,
                r#"var user, password string = "bob", "v" // x, y"#
            ),
            [
                ("user".to_owned(), r#""bob", "v" // x, y"#.to_owned()),
                ("password".to_owned(), r#""v" // x, y"#.to_owned())
            ]
        );
        assert_eq!(
            named(Dialect::Go, r#"password, n := f("a, b"), "v""#),
            one("n", r#""v""#)
        );
        assert_eq!(
            named(Dialect::Go, r#"var key = []byte( "v")"#),
            one("key", r#""v")"#)
        );
        // One untyped name given a literal is the scan's own.
        assert_eq!(named(Dialect::Go, r#"password := "v""#), []);
        assert_eq!(
            named(Dialect::Basic, r#"Dim p As String: Password = "v""#),
            one("Password", r#""v""#)
        );
        assert_eq!(
            named(Dialect::Basic, r#"Dim password As New String("v")"#),
            one("password", r#""v")"#)
        );
        assert_eq!(
            named(Dialect::R, r#"assign('db_password', "v")"#),
            one("db_password", r#""v")"#)
        );
        assert_eq!(
            named(Dialect::Clojure, r#"(def ^{:private true} token "v")"#),
            one("token", r#""v")"#)
        );
        assert_eq!(
            named(Dialect::Clojure, r#"{"password" "v"}"#),
            one("password", r#""v"}"#)
        );
        assert_eq!(
            named(
                Dialect::Apple,
                r#"[r setValue:@"v" forHTTPHeaderField:@"X-Api-Key"];"#
            ),
            one("X-Api-Key", r#""v" forHTTPHeaderField:@"X-Api-Key"];"#)
        );
        // Several names pair with values of the same count, in any language.
        let pairs = |line: &str| -> Vec<(String, String)> {
            (several_names(line).into_iter())
                .map(|(name, value)| (line[name].to_owned(), line[value].to_owned()))
                .collect()
        };
        assert_eq!(
            pairs(r#"user, password = "u", ENV["P"]"#),
            [
                ("user".to_owned(), r#""u""#.to_owned()),
                ("password".to_owned(), r#"ENV["P"]"#.to_owned())
            ]
        );
        for other in [
            r#"let user, password = "v""#,
            "a, b := f()",
            r#"password = "v""#,
            r#"    user, password="v", timeout=3,"#,
            r#"entry, getter=lambda t: t["secret"],"#,
            "a, b = ,",
        ] {
            assert_eq!(pairs(other), [], "{other}");
        }
        for line in [r#"password <- "v""#, r#"(def password "v")"#] {
            assert_eq!(named(Dialect::Other, line), [], "{line}");
            assert_eq!(named(Dialect::Basic, line), [], "{line}");
        }
    }
}
