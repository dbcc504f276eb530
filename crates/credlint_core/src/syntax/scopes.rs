//! Which Python function or class body each statement is in, and which
//! names a function binds itself: what scopes the log rules' locals handed
//! a secret (see [`ScopedLocals`]).
//!
//! Read off the logical lines' indentation in one pass (a stack of the
//! `def` and `class` headers open at each line), so each statement's
//! innermost scope costs nothing more than the split into statements; the
//! names a scope binds are read from its own statements' text, once per
//! scope and only for a scope asked about.

use super::regions::{line_at, python_logical_lines, LogicalLine};
use crate::lines::LineIndex;
use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};

/// The module's scope.
const MODULE: u32 = 0;

/// A function's or class's body, or the module.
struct Scope {
    parent: u32,
    /// A class body: its names are not seen from the functions in it.
    class: bool,
    /// Its header's logical line (the module's: none, 0).
    header: usize,
    /// One past its last logical line (its lines are `header + 1..end`).
    end: usize,
}

/// The names a scope's own statements declare: bound locally, or declared
/// `global` or `nonlocal`.
#[derive(Default)]
struct Declared {
    bound: HashSet<String>,
    global: HashSet<String>,
    nonlocal: HashSet<String>,
}

/// The scopes of a Python text, by logical line.
struct Scopes<'t> {
    text: &'t str,
    lines: Cow<'t, [LogicalLine]>,
    /// Each logical line's innermost scope (a header's is the scope it
    /// opens in, not the one it opens).
    of_line: Vec<u32>,
    scopes: Vec<Scope>,
    declared: RefCell<HashMap<u32, std::rc::Rc<Declared>>>,
}

impl<'t> Scopes<'t> {
    fn new(text: &'t str, lines: Cow<'t, [LogicalLine]>) -> Scopes<'t> {
        let mut scopes = vec![Scope {
            parent: MODULE,
            class: false,
            header: 0,
            end: lines.len(),
        }];
        let mut of_line = Vec::with_capacity(lines.len());
        // The headers open at a line: their indentation and scope.
        let mut open: Vec<(usize, u32)> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let indent = indent_of(text, line);
            while let Some(&(depth, scope)) = open.last() {
                if depth < indent {
                    break;
                }
                scopes[scope as usize].end = i;
                open.pop();
            }
            let inside = open.last().map_or(MODULE, |&(_, scope)| scope);
            of_line.push(inside);
            let statement = &text[line.range.clone()];
            if let Some(class) = opens_scope(statement).filter(|_| line.opens_block) {
                let id = scopes.len() as u32;
                scopes.push(Scope {
                    parent: inside,
                    class,
                    header: i,
                    end: lines.len(),
                });
                open.push((indent, id));
            }
        }
        Scopes {
            text,
            lines,
            of_line,
            scopes,
            declared: RefCell::default(),
        }
    }

    /// What `scope`'s own statements (and a function's parameters) declare,
    /// read once.
    fn declared(&self, scope: u32) -> std::rc::Rc<Declared> {
        if let Some(known) = self.declared.borrow().get(&scope) {
            return known.clone();
        }
        let mut declared = Declared::default();
        let s = &self.scopes[scope as usize];
        if scope != MODULE {
            let header = &self.text[self.lines[s.header].range.clone()];
            parameters(header, &mut declared.bound);
            for i in s.header + 1..s.end {
                if self.of_line[i] == scope {
                    let statement = &self.text[self.lines[i].range.clone()];
                    declare(statement, &mut declared);
                }
            }
        }
        let declared = std::rc::Rc::new(declared);
        self.declared.borrow_mut().insert(scope, declared.clone());
        declared
    }

    /// The scope a name assigned in `scope` lives in: the module's under a
    /// `global` declaration, the enclosing function's under `nonlocal`.
    fn home(&self, scope: u32, name: &str) -> u32 {
        if scope == MODULE {
            return MODULE;
        }
        let declared = self.declared(scope);
        if declared.global.contains(name) {
            return MODULE;
        }
        if declared.nonlocal.contains(name) {
            let mut up = self.scopes[scope as usize].parent;
            while up != MODULE && self.scopes[up as usize].class {
                up = self.scopes[up as usize].parent;
            }
            return up;
        }
        scope
    }

    /// Whether `name`, read in scope `at`, is the local of one of `homes`
    /// (the scopes it is assigned a secret in): `at`'s own, or an enclosing
    /// scope's that no scope between binds again, as Python resolves a
    /// name (a class body's names are not seen from the functions in it).
    fn resolves_to(&self, name: &str, at: u32, homes: &HashSet<u32>) -> bool {
        let mut scope = at;
        loop {
            let s = &self.scopes[scope as usize];
            if scope != at && s.class {
                scope = s.parent;
                continue;
            }
            if homes.contains(&scope) {
                return true;
            }
            if scope == MODULE {
                return false;
            }
            let declared = self.declared(scope);
            if declared.global.contains(name) {
                scope = MODULE;
            } else if declared.nonlocal.contains(name) || !declared.bound.contains(name) {
                scope = s.parent;
            } else {
                return false;
            }
        }
    }
}

/// The innermost function or class body of each of `lines` (logical lines
/// of `text`), numbered in the order their headers come (0: the module).
pub(crate) fn scope_of_lines(text: &str, lines: &[LogicalLine]) -> Vec<u32> {
    Scopes::new(text, Cow::Borrowed(lines)).of_line
}

/// Whether a statement opens a function or class body, and which: `Some(true)`
/// for a class.
fn opens_scope(statement: &str) -> Option<bool> {
    let header = statement
        .strip_prefix("async")
        .filter(|rest| rest.starts_with([' ', '\t']))
        .map_or(statement, str::trim_start);
    if keyword(header, "def") {
        Some(false)
    } else if keyword(header, "class") {
        Some(true)
    } else {
        None
    }
}

/// Whether `statement` starts with the keyword `word`.
fn keyword(statement: &str, word: &str) -> bool {
    statement
        .strip_prefix(word)
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
}

/// The indentation of a logical line: the bytes before it on its first
/// physical line (after a `\n` or a lone `\r`). The one count the log
/// rules' walks back to a `def` and the scopes share.
pub(super) fn indent_of(text: &str, line: &LogicalLine) -> usize {
    let start = text[..line.range.start]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    line.range.start - start
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The identifier `s` starts with, if any.
fn identifier(s: &str) -> Option<&str> {
    let end = s.find(|c: char| !is_word_char(c)).unwrap_or(s.len());
    let word = &s[..end];
    (!word.is_empty() && !word.starts_with(|c: char| c.is_ascii_digit())).then_some(word)
}

/// The parameters of a `def` header (`def f(a, b: int = 1, *args,
/// **kw):`), bound in its body.
fn parameters(header: &str, out: &mut HashSet<String>) {
    let Some(open) = header.find('(') else {
        return;
    };
    for parameter in split_top(&header[open + 1..], b',', true) {
        let parameter = parameter.trim_start().trim_start_matches('*').trim_start();
        if let Some(name) = identifier(parameter) {
            out.insert(name.to_owned());
        }
    }
}

/// The bytes of `s` outside its string literals, each with its offset and
/// the depth of the brackets around it: an opening bracket's is the depth
/// outside it, a closing one's the depth inside it, so that only an
/// unmatched closing bracket is at depth 0.
fn code_bytes(s: &str) -> impl Iterator<Item = (usize, u8, usize)> + '_ {
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    let mut depth = 0usize;
    s.bytes().enumerate().filter_map(move |(i, b)| {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == q {
                quote = None;
            }
            return None;
        }
        match b {
            b'"' | b'\'' => {
                quote = Some(b);
                None
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                Some((i, b, depth - 1))
            }
            b')' | b']' | b'}' => {
                let inside = depth;
                depth = depth.saturating_sub(1);
                Some((i, b, inside))
            }
            _ => Some((i, b, depth)),
        }
    })
}

/// The parts of `s` between the top-level (outside brackets and strings)
/// occurrences of `separator`; with `closing`, `s` ends at the bracket
/// closing one opened before it.
fn split_top(s: &str, separator: u8, closing: bool) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, b, depth) in code_bytes(s) {
        if depth != 0 {
            continue;
        }
        if closing && matches!(b, b')' | b']' | b'}') {
            parts.push(&s[start..i]);
            return parts;
        }
        if b == separator {
            parts.push(&s[start..i]);
            start = i + 1;
        }
    }
    parts.push(&s[start..]);
    parts
}

/// What a statement of a scope declares there (see [`Declared`]): the
/// targets of its assignments (`a = …`, `a, b = …`, `a: T = …`, `a += …`,
/// `(a := …)`), of its `for`, `with … as` and `except … as`, the names it
/// imports, defines (`def a`, `class a`) or declares `global` and
/// `nonlocal`. Read from the text, roughly: a name it misses is read as the
/// enclosing scope's (the report stays), one it takes for a target
/// wrongly (`if a: b = 1`) is read as local.
fn declare(statement: &str, declared: &mut Declared) {
    for part in split_top(statement, b';', false) {
        declare_simple(part.trim(), declared);
    }
    // `(line := next(it))`, anywhere.
    let mut rest = statement;
    while let Some(at) = rest.find(":=") {
        let before = rest[..at].trim_end();
        let start = before
            .rfind(|c: char| !is_word_char(c))
            .map_or(0, |i| i + 1);
        if let Some(name) = identifier(&before[start..]) {
            declared.bound.insert(name.to_owned());
        }
        rest = &rest[at + 2..];
    }
}

fn declare_simple(statement: &str, declared: &mut Declared) {
    let bind = |declared: &mut Declared, name: &str| {
        declared.bound.insert(name.to_owned());
    };
    for (word, set) in [("global", true), ("nonlocal", false)] {
        if keyword(statement, word) {
            let names = statement[word.len()..]
                .split(',')
                .filter_map(|n| identifier(n.trim()));
            let into = if set {
                &mut declared.global
            } else {
                &mut declared.nonlocal
            };
            into.extend(names.map(str::to_owned));
            return;
        }
    }
    let unasync = statement
        .strip_prefix("async")
        .filter(|rest| rest.starts_with([' ', '\t']))
        .map_or(statement, str::trim_start);
    for word in ["def", "class"] {
        if keyword(unasync, word) {
            if let Some(name) = identifier(unasync[word.len()..].trim_start()) {
                bind(declared, name);
            }
            return;
        }
    }
    // `import a.b` binds `a`, `import a.b as c` and `from m import b as c`
    // bind `c`.
    let imported = if keyword(statement, "import") {
        Some(&statement["import".len()..])
    } else if keyword(statement, "from") {
        let names = statement
            .split_once(" import ")
            .map_or("", |(_, names)| names);
        Some(names.trim().trim_start_matches('(').trim_end_matches(')'))
    } else {
        None
    };
    if let Some(names) = imported {
        for item in names.split(',').map(str::trim) {
            let name = match item.split_once(" as ") {
                Some((_, alias)) => identifier(alias.trim()),
                None => identifier(item),
            };
            if let Some(name) = name {
                bind(declared, name);
            }
        }
        return;
    }
    // A compound statement: its header's targets, then a body on the same
    // line (`if x: y = 1`).
    let compound = [
        "if", "elif", "else", "while", "for", "with", "try", "except", "finally", "match", "case",
    ];
    let parts = split_top(unasync, b':', false);
    let word = (parts.len() > 1)
        .then(|| compound.iter().find(|w| keyword(unasync, w)))
        .flatten();
    if let Some(&word) = word {
        let header = parts[0];
        match word {
            "for" => {
                if let Some((targets, _)) = header["for".len()..].split_once(" in ") {
                    targets_of(targets, declared);
                }
            }
            "with" | "except" => {
                let mut rest = header;
                while let Some(at) = rest.find(" as ") {
                    rest = &rest[at + 4..];
                    let end = split_top(rest, b',', false)[0].len();
                    targets_of(&rest[..end], declared);
                }
            }
            _ => {}
        }
        declare(unasync[header.len() + 1..].trim(), declared);
        return;
    }
    // `a: T` or `a: T = …` (not `a := …`).
    if let Some(name) = identifier(statement) {
        let rest = statement[name.len()..].trim_start();
        if rest.starts_with(':') && !rest.starts_with(":=") {
            bind(declared, name);
            return;
        }
    }
    if statement.contains("lambda") {
        // `f = lambda x=1: x`: only the first target is read.
        if let Some(name) = identifier(statement) {
            if statement[name.len()..].trim_start().starts_with('=') {
                bind(declared, name);
            }
        }
        return;
    }
    // `a = b = …`, `a, b = …`, `a += …`: every part before a top-level `=`.
    for target in assignment_targets(statement) {
        targets_of(target, declared);
    }
}

/// The targets of an assignment statement: the parts before each
/// top-level `=` that is no comparison (`==`, `!=`, `<=`, `>=`) nor a
/// walrus (`:=`), an augmented assignment's operator left out (`a += 1`).
fn assignment_targets(statement: &str) -> Vec<&str> {
    let bytes = statement.as_bytes();
    let mut targets = Vec::new();
    let mut start = 0;
    let mut after_comparison = 0;
    for (i, b, depth) in code_bytes(statement) {
        if depth != 0 || b != b'=' || i < after_comparison {
            continue;
        }
        if bytes.get(i + 1) == Some(&b'=') {
            after_comparison = i + 2;
            continue;
        }
        let before = &statement[start..i];
        let shifted = before.ends_with("<<") || before.ends_with(">>");
        if before.ends_with(['=', '!', ':']) || before.ends_with(['<', '>']) && !shifted {
            continue;
        }
        let operator = |c: char| "+-*/%@&|^<>".contains(c);
        targets.push(before.trim_end_matches(operator));
        start = i + 1;
    }
    targets
}

/// The names a target list binds: `a`, `a, b`, `(a, [b, *c])`; not the
/// names in a subscript or a call (`d[k]`, `f(x).y`) nor an attribute's.
fn targets_of(target: &str, declared: &mut Declared) {
    let bytes = target.as_bytes();
    // Depths at which a bracket is a subscript or a call's: its contents
    // bind nothing.
    let mut inert: Vec<bool> = Vec::new();
    let mut last = b',';
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let in_inert = inert.iter().any(|&x| x);
        match b {
            b'(' | b'[' | b'{' => {
                let applied = last.is_ascii_alphanumeric() || matches!(last, b'_' | b')' | b']');
                inert.push(applied);
            }
            b')' | b']' | b'}' => {
                inert.pop();
            }
            b'"' | b'\'' => return,
            _ if b == b'_' || b.is_ascii_alphabetic() || b >= 0x80 => {
                let rest = &target[i..];
                let end = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
                let word = &rest[..end];
                let after = rest[end..].trim_start();
                let attribute = last == b'.' || after.starts_with(['.', '[', '(']);
                if !in_inert && !attribute && !matches!(word, "in" | "not" | "is" | "and" | "or") {
                    declared.bound.insert(word.to_owned());
                }
                i += end;
                last = b'a';
                continue;
            }
            _ => {}
        }
        last = b;
        i += 1;
    }
}

/// The locals a Python file hands a secret, each in the scope it is
/// assigned in, and whether a name read at a statement is one of them.
///
/// A name assigned a secret in a function is that function's local: it
/// holds the secret there and in the functions nested in it that do not
/// bind the name themselves, not in another function using the same name
/// (`title = settings.API_TOKEN` in one `def`, `title = node.astext()`
/// printed in another). A module-level one is read in every function that
/// does not bind the name itself, and one a function declares `global` is
/// module-level. A class body's is seen in that body only. Within a scope
/// the reading stays flow-insensitive: the name holds a secret in the
/// whole function once any statement of it assigns one.
///
/// The statements are `text`'s (a reduced copy in the language server's
/// incremental path, see [`crate::incremental`]); the scopes are read of
/// `whole` (see [`crate::document::Document::whole_text`]), whose lines
/// are the copy's, line for line: the copy blanks the `def` headers of the
/// functions it does not analyse. They are read only when a name that is
/// not itself a credential's is asked about (a credential name is reported
/// whatever its scope).
pub(super) struct ScopedLocals<'a> {
    text: &'a str,
    lines: &'a [LogicalLine],
    whole: &'a str,
    /// Each local, with the logical lines (of `text`) assigning it a secret.
    sites: HashMap<String, Vec<usize>>,
    scopes: OnceCell<(Scopes<'a>, Option<(LineIndex<'a>, LineIndex<'a>)>)>,
    /// The scopes each local is assigned a secret in, once asked.
    homes: RefCell<HashMap<String, HashSet<u32>>>,
    /// Whether a local read in a scope is one of those (see
    /// [`Scopes::resolves_to`]), by local and scope, once asked.
    resolved: RefCell<HashMap<String, HashMap<u32, bool>>>,
}

impl<'a> ScopedLocals<'a> {
    pub(super) fn new(text: &'a str, lines: &'a [LogicalLine], whole: &'a str) -> Self {
        ScopedLocals {
            text,
            lines,
            whole,
            sites: HashMap::new(),
            scopes: OnceCell::new(),
            homes: RefCell::default(),
            resolved: RefCell::default(),
        }
    }

    /// Records that the statement of logical line `line` hands `name` a
    /// secret.
    pub(super) fn add(&mut self, name: String, line: usize) {
        // The scopes already found of the local take this one's; where it
        // holds a secret is found again when next asked.
        let home = (self.homes.borrow().contains_key(&name)).then(|| {
            let (scopes, _) = self.scopes();
            scopes.home(self.scope_of(line), &name)
        });
        if let (Some(home), Some(homes)) = (home, self.homes.get_mut().get_mut(&name)) {
            homes.insert(home);
        }
        self.resolved.get_mut().remove(&name);
        self.sites.entry(name).or_default().push(line);
    }

    pub(super) fn is_empty(&self) -> bool {
        self.sites.is_empty()
    }

    /// Whether any statement hands `word` a secret, in any scope.
    pub(super) fn contains(&self, word: &str) -> bool {
        self.sites.contains_key(word)
    }

    /// Whether `word`, read at logical line `line`, is a local holding a
    /// secret there.
    pub(super) fn holds(&self, word: &str, line: usize) -> bool {
        if !self.sites.contains_key(word) {
            return false;
        }
        if super::python::is_credential_name(word) {
            return true;
        }
        let scope = self.scope_of(line);
        let known =
            (self.resolved.borrow().get(word)).and_then(|by_scope| by_scope.get(&scope).copied());
        if let Some(known) = known {
            return known;
        }
        self.find_homes(word);
        let (scopes, _) = self.scopes();
        let holds = scopes.resolves_to(word, scope, &self.homes.borrow()[word]);
        (self.resolved.borrow_mut())
            .entry(word.to_owned())
            .or_default()
            .insert(scope, holds);
        holds
    }

    /// The words of `statement` (at logical line `line`) that are locals
    /// holding a secret there.
    pub(super) fn held_in(&self, statement: &str, line: usize) -> HashSet<String> {
        if self.sites.is_empty() {
            return HashSet::new();
        }
        statement
            .split(|c: char| !is_word_char(c))
            .filter(|word| self.holds(word, line))
            .map(str::to_owned)
            .collect()
    }

    /// Finds the scopes `word` is assigned a secret in, once.
    fn find_homes(&self, word: &str) {
        if self.homes.borrow().contains_key(word) {
            return;
        }
        let (scopes, _) = self.scopes();
        let homes: HashSet<u32> = (self.sites.get(word).into_iter().flatten())
            .map(|&line| scopes.home(self.scope_of(line), word))
            .collect();
        self.homes.borrow_mut().insert(word.to_owned(), homes);
    }

    fn scopes(&self) -> &(Scopes<'a>, Option<(LineIndex<'a>, LineIndex<'a>)>) {
        self.scopes.get_or_init(|| {
            let same = std::ptr::eq(self.text, self.whole);
            if same {
                (Scopes::new(self.whole, Cow::Borrowed(self.lines)), None)
            } else {
                let lines = Cow::Owned(python_logical_lines(self.whole));
                let indices = (LineIndex::new(self.text), LineIndex::new(self.whole));
                (Scopes::new(self.whole, lines), Some(indices))
            }
        })
    }

    /// The scope of `text`'s logical line `line`, read of the whole text.
    fn scope_of(&self, line: usize) -> u32 {
        let (scopes, indices) = self.scopes();
        let Some((copy, whole)) = indices else {
            return scopes.of_line[line];
        };
        // The same line of the whole text, the same column.
        let at = self.lines[line].range.start;
        let row = copy.line_of(at);
        let at = whole.line_start(row) + (at - copy.line_start(row));
        line_at(&scopes.lines, at).map_or(MODULE, |i| scopes.of_line[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(statement: &str) -> Vec<String> {
        let mut declared = Declared::default();
        declare(statement, &mut declared);
        let mut names: Vec<String> = declared.bound.into_iter().collect();
        names.sort();
        names
    }

    #[test]
    fn a_statement_binds_its_targets_only() {
        assert_eq!(bound("a = b = f(c, d=e)"), ["a", "b"]);
        assert_eq!(bound("a, (b, *c) = pairs"), ["a", "b", "c"]);
        assert_eq!(bound("d[k] = v"), Vec::<String>::new());
        assert_eq!(bound("obj.attr = v"), Vec::<String>::new());
        assert_eq!(bound("f(x).y, z = 1, 2"), ["z"]);
        assert_eq!(bound("n += 1"), ["n"]);
        assert_eq!(bound("n: int = 1"), ["n"]);
        assert_eq!(bound("n: int"), ["n"]);
        assert_eq!(bound("x == y"), Vec::<String>::new());
        assert_eq!(bound("x <= y"), Vec::<String>::new());
        assert_eq!(bound("print(a, end='=')"), Vec::<String>::new());
        assert_eq!(bound("for k, v in d.items():"), ["k", "v"]);
        assert_eq!(bound("with open(p) as f, lock as (a, b):"), ["a", "b", "f"]);
        assert_eq!(bound("except KeyError as e:"), ["e"]);
        assert_eq!(bound("import a.b, c as d"), ["a", "d"]);
        assert_eq!(bound("from m import (a, b as c)"), ["a", "c"]);
        assert_eq!(bound("async def f(x):"), ["f"]);
        assert_eq!(bound("if (n := len(s)) > 3: m = 1"), ["m", "n"]);
        assert_eq!(bound("f = lambda x=1: x"), ["f"]);
        let mut declared = Declared::default();
        declare("global a, b", &mut declared);
        assert!(declared.global.contains("a") && declared.global.contains("b"));
        assert!(declared.bound.is_empty());
    }

    #[test]
    fn each_statement_is_in_its_innermost_function_or_class() {
        let text = "x = 1\ndef f(a, *b, c: int = 2, **d):\n    y = 1\n    def g():\n        z = 1\n    w = 1\nclass C:\n    v = 1\n    def m(self): pass\nu = 1\n";
        let lines = python_logical_lines(text);
        let scopes = Scopes::new(text, Cow::Borrowed(&lines));
        assert_eq!(scopes.of_line, [0, 0, 1, 1, 2, 1, 0, 3, 3, 0]);
        let declared = scopes.declared(1);
        for name in ["a", "b", "c", "d", "y", "g", "w"] {
            assert!(declared.bound.contains(name), "{name}");
        }
        assert!(!declared.bound.contains("z"));
        assert!(scopes.scopes[3].class);
    }
}
