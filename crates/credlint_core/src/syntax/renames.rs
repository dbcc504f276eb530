//! The imports that make a credential position's call read otherwise than
//! it is written, found in a file's text for `credlint history`
//! ([`crate::versions`]).
//!
//! `from requests.auth import HTTPBasicAuth as B` makes `B("svc", "…")` a
//! password's position, and `use secrecy::SecretString as S;` makes
//! `S::new("…")` a secret's: the call holds no word of the API, so a
//! version whose only new line is such a call looks as if it could hold no
//! secret, while `check` finds one there through the import. History asks
//! which names a version's imports rename, to analyse the lines using them
//! together with the imports that say what they are.
//!
//! An assignment renames an API as an import does (`B = HTTPBasicAuth`,
//! `type S = SecretString;`), so those statements are read too.
//!
//! Python is split into statements as the Python stage splits it, Rust is
//! read as lines; only the import statements naming a segment of an API's
//! path are parsed, each alone, by the code that reads them in
//! place (`python::collect_imports`, `rust::item_uses`); a Python
//! assignment is read from its text, as the Python stage reads it
//! (`python_path_assignment`).

use super::{parse, positions, python, regions, rust};
use crate::document::Language;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

/// A name an import binds so that a call of it reads otherwise than it is
/// written (see [`positions::renames`]), and where that import statement is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renaming {
    pub name: String,
    pub statement: Range<usize>,
}

/// The renamings of `text`'s import statements (Python's `import` and
/// `from … import`, Rust's `use`, at any indentation) and of its
/// assignments of an API to a name (Python's `B = HTTPBasicAuth`, Rust's
/// `type S = SecretString;`), in order.
pub fn renamings(language: Language, text: &str) -> Vec<Renaming> {
    let segments = api_segments(language);
    if segments.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for statement in import_statements(language, text) {
        let source = &text[statement.clone()];
        if words(source).any(|word| segments.contains(word)) {
            out.extend(renamed(language, source).into_iter().map(|name| Renaming {
                name,
                statement: statement.clone(),
            }));
        }
    }
    out
}

/// Where `text`'s import statements are, each to the end of the line it
/// ends on. Python's are the logical lines opening with `import ` or
/// `from ` as the Python stage splits them
/// ([`regions::python_logical_lines`], which reads strings, comments,
/// brackets and `\` continuations, so a `#` or a `(` in a string does not
/// move a statement's end, and an `import` line inside a string is none);
/// a line too deep or too long to parse there is left out here too; and
/// the assignments of a dotted path to a name (`B = HTTPBasicAuth`).
/// Rust's are the `use` declarations and type aliases opening a line, each
/// to its `;`.
fn import_statements(language: Language, text: &str) -> Vec<Range<usize>> {
    let to_line_end =
        |end: usize| memchr::memchr(b'\n', &text.as_bytes()[end..]).map_or(text.len(), |i| end + i);
    match language {
        Language::Python => regions::python_logical_lines(text)
            .into_iter()
            .filter(|line| !line.too_deep)
            .map(|line| line.range)
            .filter(|range| {
                let statement = &text[range.clone()];
                statement.starts_with("import ")
                    || statement.starts_with("from ")
                    || super::python_path_assignment(statement).is_some()
            })
            .map(|range| range.start..to_line_end(range.end))
            .collect(),
        Language::Rust => {
            let mut out = Vec::new();
            let mut at = 0;
            while at < text.len() {
                let line_end = to_line_end(at);
                let start = at + (text[at..line_end].len() - text[at..line_end].trim_start().len());
                let mut next = line_end + 1;
                if let Some(end) = rust_use_end(text, start) {
                    out.push(start..end);
                    // The declaration's lines are read: on from the line it ends on.
                    next = next.max(to_line_end(end) + 1);
                }
                at = next;
            }
            out
        }
        Language::Notebook | Language::Text => Vec::new(),
    }
}

/// The segments of the paths of `language`'s credential positions that are
/// not methods (`HTTPBasicAuth`, `jwt`, `encode`, `SecretString`, `new`):
/// an import naming none of them binds no API.
fn api_segments(language: Language) -> &'static HashSet<&'static str> {
    fn of(language: Language) -> HashSet<&'static str> {
        positions::table(language)
            .iter()
            .filter(|p| !p.callee.starts_with('.'))
            .flat_map(|p| p.callee.split(['.', ':']))
            .filter(|s| !s.is_empty())
            .collect()
    }
    static PYTHON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| of(Language::Python));
    static RUST: LazyLock<HashSet<&'static str>> = LazyLock::new(|| of(Language::Rust));
    static NONE: LazyLock<HashSet<&'static str>> = LazyLock::new(HashSet::new);
    match language {
        Language::Python => &PYTHON,
        Language::Rust => &RUST,
        Language::Notebook | Language::Text => &NONE,
    }
}

/// The identifiers of `text`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// Where the `use` declaration or type alias starting at `start` ends, if
/// one does: after its `;`. Rough on purpose: the declaration is then parsed.
fn rust_use_end(text: &str, start: usize) -> Option<usize> {
    static USE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^(?:pub(?:\s*\([^)]*\))?\s+)?(?:use|type)\s").expect("valid regex")
    });
    let rest = &text[start..];
    if !USE.is_match(rest) {
        return None;
    }
    Some(memchr::memchr(b';', rest.as_bytes()).map_or(text.len(), |i| start + i + 1))
}

/// The names the import statement `statement`, parsed alone, renames.
fn renamed(language: Language, statement: &str) -> Vec<String> {
    if let Some((name, path)) = (language == Language::Python)
        .then(|| super::python_path_assignment(statement))
        .flatten()
    {
        let renames =
            positions::heads_an_api(language, path) && !positions::heads_an_api(language, name);
        return if renames {
            vec![name.to_owned()]
        } else {
            Vec::new()
        };
    }
    let Some(tree) = parse(language, statement, None) else {
        return Vec::new();
    };
    let root = tree.root_node();
    let mut names: Vec<String> = match language {
        Language::Python => {
            let mut imports = python::Imports::default();
            python::collect_imports(root, statement, &mut imports);
            imports
                .names
                .into_iter()
                .filter(|(local, target)| positions::renames(language, local, target))
                .map(|(local, _)| local)
                .collect()
        }
        Language::Rust => rust::item_uses(root, statement)
            .renamed()
            .map(str::to_owned)
            .collect(),
        Language::Notebook | Language::Text => Vec::new(),
    };
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(language: Language, text: &str) -> Vec<(String, String)> {
        renamings(language, text)
            .into_iter()
            .map(|r| (r.name, text[r.statement].to_owned()))
            .collect()
    }

    fn pair(name: &str, statement: &str) -> (String, String) {
        (name.to_owned(), statement.to_owned())
    }

    #[test]
    fn python_imports_that_rename_an_api() {
        let text = "import os\nimport jwt as j\nfrom requests.auth import HTTPBasicAuth\n\
                    from jwt import encode\nif x:\n    from requests.auth import (\n        \
                    HTTPBasicAuth as B,  # basic\n    )\nimport myjwt as jwt\n\
                    from base64 import b64encode as b\n";
        assert_eq!(
            names(Language::Python, text),
            [
                pair("j", "import jwt as j"),
                pair("encode", "from jwt import encode"),
                pair(
                    "B",
                    "from requests.auth import (\n        HTTPBasicAuth as B,  # basic\n    )"
                ),
                pair("jwt", "import myjwt as jwt"),
            ]
        );
    }

    #[test]
    fn rust_uses_that_rename_an_api() {
        let text = "use std::env;\nuse secrecy::SecretString as S;\nuse secrecy::SecretString;\n\
                    pub(crate) use secrecy::{\n    Secret as Sealed,\n    SecretBox,\n};\n\
                    fn f() {\n    use jsonwebtoken::EncodingKey as E;\n}\nuse ring::hmac::Key;\n\
                    use std::borrow::Cow as S2;\n";
        assert_eq!(
            names(Language::Rust, text),
            [
                pair("S", "use secrecy::SecretString as S;"),
                pair(
                    "Sealed",
                    "pub(crate) use secrecy::{\n    Secret as Sealed,\n    SecretBox,\n};"
                ),
                pair("E", "use jsonwebtoken::EncodingKey as E;"),
                pair("Key", "use ring::hmac::Key;"),
            ]
        );
    }

    /// An assignment of an API to a name renames it as an import does;
    /// one of anything else does not.
    #[test]
    fn assignments_that_rename_an_api() {
        let python = "B = HTTPBasicAuth\nD = requests.auth.HTTPDigestAuth  # digest\n\
                      sign = jwt.encode\nx = B(\"u\", p)\nPlain = str\nC = HTTPBasicAuth(u, p)\n";
        assert_eq!(
            names(Language::Python, python),
            [
                pair("B", "B = HTTPBasicAuth"),
                pair("D", "D = requests.auth.HTTPDigestAuth  # digest"),
                pair("sign", "sign = jwt.encode"),
            ]
        );
        let rust = "type S = SecretString;\npub type B = secrecy::SecretBox<str>;\n\
                    type Name = String;\n";
        assert_eq!(
            names(Language::Rust, rust),
            [
                pair("S", "type S = SecretString;"),
                pair("B", "pub type B = secrecy::SecretBox<str>;"),
            ]
        );
    }

    /// The text of each import statement of `text`.
    fn statements(language: Language, text: &str) -> Vec<&str> {
        import_statements(language, text)
            .into_iter()
            .map(|range| &text[range])
            .collect()
    }

    #[test]
    fn an_import_ends_where_its_brackets_close_or_at_the_end() {
        let python = "from a import (b,  # (\n    c)\nx = 1\n";
        assert_eq!(
            statements(Language::Python, python),
            [&python[..python.find("\nx").unwrap()]]
        );
        let continued = "import a, \\\n    b\nx = 1\n";
        assert_eq!(
            statements(Language::Python, continued),
            [&continued[..continued.find("\nx").unwrap()]]
        );
        // Unclosed, it runs to the end, which is then read once.
        let unclosed = "from requests.auth import (HTTPBasicAuth as B,\nimport jwt as j\n";
        assert_eq!(
            statements(Language::Python, unclosed),
            [unclosed.trim_end()]
        );
        assert_eq!(renamings(Language::Python, unclosed), []);
        let rust = "pub(crate) use a::{\n    b,\n};\nfn f() {}\n";
        assert_eq!(
            statements(Language::Rust, rust),
            [&rust[..rust.find(';').unwrap() + 1]]
        );
        assert_eq!(statements(Language::Rust, "fn f() {}"), Vec::<&str>::new());
    }

    /// A `(` or a `#` in a string is neither a bracket nor a comment: the
    /// statement ends with its line, and a line of a string that reads
    /// like an import is none.
    #[test]
    fn an_import_line_is_read_with_its_strings() {
        let text =
            "import jwt as j; opening = \"(\"\nfrom requests.auth import HTTPBasicAuth as B; \
                    s = \"#\"; t = (\n    1)\nDOC = \"\"\"\nimport jwt as k\n\"\"\"\n";
        assert_eq!(
            names(Language::Python, text),
            [
                pair("j", "import jwt as j; opening = \"(\""),
                pair(
                    "B",
                    "from requests.auth import HTTPBasicAuth as B; s = \"#\"; t = (\n    1)"
                ),
            ]
        );
    }
}
