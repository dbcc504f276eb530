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
//! The file is read as lines; only the import statements naming a segment
//! of an API's path are parsed, each alone, by the code that reads them in
//! place (`python::collect_imports`, `rust::item_uses`).

use super::{parse, positions, python, rust};
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
/// `from … import`, Rust's `use`, at any indentation), in order.
pub fn renamings(language: Language, text: &str) -> Vec<Renaming> {
    let segments = api_segments(language);
    if segments.is_empty() {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |i| at + i);
        let start = at + (text[at..line_end].len() - text[at..line_end].trim_start().len());
        let mut next = line_end + 1;
        if let Some(end) = statement_end(language, text, start) {
            let statement = &text[start..end];
            if words(statement).any(|word| segments.contains(word)) {
                out.extend(
                    renamed(language, statement)
                        .into_iter()
                        .map(|name| Renaming {
                            name,
                            statement: start..end,
                        }),
                );
            }
            // The statement's lines are read: on from the line it ends on.
            next =
                next.max(memchr::memchr(b'\n', &bytes[end..]).map_or(text.len(), |i| end + i) + 1);
        }
        at = next;
    }
    out
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

/// Where the import statement starting at `start` ends, if one does: a
/// Python import at the end of the line where its brackets close and no
/// `\` continues it, a Rust `use` after its `;`. Rough on purpose: the
/// statement is then parsed.
fn statement_end(language: Language, text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    match language {
        Language::Python => {
            if !(rest.starts_with("import ") || rest.starts_with("from ")) {
                return None;
            }
            let bytes = rest.as_bytes();
            let mut depth = 0usize;
            let mut comment = false;
            for (i, &b) in bytes.iter().enumerate() {
                match b {
                    b'\n' => {
                        let continued = bytes[..i].trim_ascii_end().ends_with(b"\\");
                        if depth == 0 && !continued {
                            return Some(start + i);
                        }
                        comment = false;
                    }
                    _ if comment => {}
                    b'#' => comment = true,
                    b'(' => depth += 1,
                    b')' => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            Some(text.len())
        }
        Language::Rust => {
            static USE: LazyLock<regex::Regex> = LazyLock::new(|| {
                regex::Regex::new(r"^(?:pub(?:\s*\([^)]*\))?\s+)?use\s").expect("valid regex")
            });
            if !USE.is_match(rest) {
                return None;
            }
            Some(memchr::memchr(b';', rest.as_bytes()).map_or(text.len(), |i| start + i + 1))
        }
        Language::Notebook | Language::Text => None,
    }
}

/// The names the import statement `statement`, parsed alone, renames.
fn renamed(language: Language, statement: &str) -> Vec<String> {
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

    #[test]
    fn an_import_ends_where_its_brackets_close_or_at_the_end() {
        let python = "from a import (b,  # (\n    c)\nx = 1\n";
        assert_eq!(
            statement_end(Language::Python, python, 0),
            Some(python.find("\nx").unwrap())
        );
        let continued = "import a, \\\n    b\nx = 1\n";
        assert_eq!(
            statement_end(Language::Python, continued, 0),
            Some(continued.find("\nx").unwrap())
        );
        // Unclosed, it runs to the end, which is then read once.
        let unclosed = "from requests.auth import (HTTPBasicAuth as B,\nimport jwt as j\n";
        assert_eq!(
            statement_end(Language::Python, unclosed, 0),
            Some(unclosed.len())
        );
        assert_eq!(renamings(Language::Python, unclosed), []);
        let rust = "pub(crate) use a::{\n    b,\n};\nfn f() {}\n";
        assert_eq!(
            statement_end(Language::Rust, rust, 0),
            Some(rust.find(';').unwrap() + 1)
        );
        assert_eq!(statement_end(Language::Rust, "fn f() {}", 0), None);
    }
}
