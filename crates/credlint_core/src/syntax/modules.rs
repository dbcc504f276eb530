//! The file modules a Rust file declares (`mod tests;`), and which of them
//! it declares as test-only code (`#[cfg(test)] mod tests;`).
//!
//! A file declared under `#[cfg(test)]` is test code as a whole, as an
//! inline `#[cfg(test)] mod tests { … }` is, but nothing in the file says
//! so: its parent does. The engine reads no other file, so the workspace
//! layer reads the parents of the files it checks and asks this walk of
//! each (pure: a text in, declarations out), then resolves the
//! declarations to paths (`workspace::modules`) and hands the answer to the
//! engine with the document ([`crate::Document::declared_for_tests`]).
//!
//! A run asks this of every `lib.rs`, `main.rs`, `mod.rs` and folder-named
//! file above the Rust files it checks, so the declarations are read with
//! the byte-level item split the statement reader uses
//! ([`super::regions`]), not a parse: a tree-sitter parse of each parent
//! cost a fifth of a whole check of a crate. The parse stays for the texts
//! that split does not read (brackets that do not balance), where its error
//! recovery still finds what it can.

use super::regions::{rust_item_ranges, skip_rust_brackets, skip_rust_comment};
use super::{is_test_attribute, node_text, parse};
use crate::document::Language;
use std::ops::Range;
use tree_sitter::Node;

/// One `mod name;` declaration (with no body: its items are in a file of
/// their own).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleDeclaration {
    /// The inline modules it is written in, outermost first: each adds a
    /// folder to where the file is looked for (`mod a { mod b; }` in
    /// `lib.rs`: `a/b.rs`), its own `#[path]` instead of its name when it
    /// has one.
    pub within: Vec<Folder>,
    /// The module's name (`b`).
    pub name: String,
    /// Its `#[path = "…"]` attribute, when it has one.
    pub path: Option<String>,
    /// Whether it is test-only code: a test attribute on it
    /// (`#[cfg(test)]`, `#[cfg(all(test, feature = "x"))]`) or on an inline
    /// module it is written in, or the declaring file's own `#![cfg(test)]`.
    pub test: bool,
}

/// An inline module a declaration is written in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folder {
    pub name: String,
    /// Its `#[path = "…"]` attribute, which names its folder instead.
    pub path: Option<String>,
}

/// Every `mod name;` in `text` (a Rust file), in the text's order. `None`
/// when the text could neither be split into items nor parsed within the
/// parse budget.
pub fn declarations(text: &str) -> Option<Vec<ModuleDeclaration>> {
    if !text.contains("mod") {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    match read_items(text, 0..text.len(), &mut Vec::new(), false, &mut out) {
        Some(()) => Some(out),
        None => parsed_declarations(text),
    }
}

/// The declarations in the items of `within` (a file or an inline module's
/// body), as [`walk`] finds them in a parse: an item's outer attributes
/// judge it, the list's leading inner attributes (`#![cfg(test)]`) judge
/// every item in it. `None` when `within` does not split into items.
fn read_items(
    text: &str,
    within: Range<usize>,
    folders: &mut Vec<Folder>,
    test: bool,
    out: &mut Vec<ModuleDeclaration>,
) -> Option<()> {
    let b = text.as_bytes();
    let mut test = test;
    for (index, item) in rust_item_ranges(b, within)?.into_iter().enumerate() {
        let head = Head::read(text, item.clone())?;
        // Inner attributes count before the list's first item only.
        test |= index == 0 && head.inner.iter().any(|a| is_test_attribute(a));
        let Some((name, after)) = module_name(text, head.first_word..item.end) else {
            continue;
        };
        let path = head.outer.iter().find_map(|a| path_attribute(a));
        let test = test || head.outer.iter().any(|a| is_test_attribute(a));
        match b[after] {
            b';' => out.push(ModuleDeclaration {
                within: folders.clone(),
                name,
                path,
                test,
            }),
            _ => {
                // The body ends at the item's last `}` (a `};` is one item).
                let close = item.start + memchr::memrchr(b'}', &b[item.clone()])?;
                folders.push(Folder { name, path });
                read_items(text, after + 1..close, folders, test, out)?;
                folders.pop();
            }
        }
    }
    Some(())
}

/// What comes before an item's first word: its attributes, comments and
/// blank space.
struct Head<'t> {
    /// `#![…]`, as written.
    inner: Vec<&'t str>,
    /// `#[…]`, as written.
    outer: Vec<&'t str>,
    first_word: usize,
}

impl<'t> Head<'t> {
    fn read(text: &'t str, item: Range<usize>) -> Option<Head<'t>> {
        let b = text.as_bytes();
        let mut head = Head {
            inner: Vec::new(),
            outer: Vec::new(),
            first_word: item.start,
        };
        let mut i = item.start;
        while i < item.end {
            let rest = &b[i..item.end];
            if rest[0].is_ascii_whitespace() {
                i += 1;
            } else if rest.starts_with(b"//") || rest.starts_with(b"/*") {
                i = skip_rust_comment(b, i).min(item.end);
            } else if rest[0] == b'#' {
                let end = skip_rust_brackets(b, i + 1)?.min(item.end);
                let attribute = text.get(i..end)?;
                match rest.get(1) {
                    Some(b'!') => head.inner.push(attribute),
                    _ => head.outer.push(attribute),
                }
                i = end;
            } else {
                break;
            }
        }
        head.first_word = i;
        Some(head)
    }
}

/// When the item at `item` (from its first word) is a module, `[pub[(…)]]
/// mod name` then `;` or `{`: its name (without `r#`) and where that `;` or
/// `{` is.
fn module_name(text: &str, item: Range<usize>) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut i = item.start;
    let blank = |mut i: usize| {
        while i < item.end {
            if b[i].is_ascii_whitespace() {
                i += 1;
            } else if b[i..item.end].starts_with(b"//") || b[i..item.end].starts_with(b"/*") {
                i = skip_rust_comment(b, i).min(item.end);
            } else {
                break;
            }
        }
        i
    };
    let word = |i: usize| {
        let rest = text.get(i..item.end).unwrap_or_default();
        let raw = usize::from(rest.starts_with("r#")) * 2;
        let len = rest[raw..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len() - raw);
        (&rest[raw..raw + len], i + raw + len)
    };
    if word(i).0 == "pub" {
        i = blank(word(i).1);
        if b.get(i) == Some(&b'(') {
            i = blank(skip_rust_brackets(b, i)?);
        }
    }
    let (keyword, end) = word(i);
    if keyword != "mod" || text[i..].starts_with("r#") {
        return None;
    }
    let (name, end) = word(blank(end));
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let after = blank(end);
    matches!(b.get(after), Some(b';' | b'{'))
        .then(|| (name.to_owned(), after))
        .filter(|_| after < item.end)
}

/// [`declarations`] by a parse of the whole text: for texts whose items do
/// not split (see [`read_items`]). `None` when the text could not be parsed
/// within the parse budget.
fn parsed_declarations(text: &str) -> Option<Vec<ModuleDeclaration>> {
    let tree = parse(Language::Rust, text, None)?;
    let root = tree.root_node();
    let mut out = Vec::new();
    let test_file = super::rust::is_test_file(root, text);
    walk(root, text, &mut Vec::new(), test_file, &mut out);
    Some(out)
}

/// The declarations in the items of `list` (a file or an inline module's
/// body), written in the inline modules `within`; `test` says whether
/// `list` is test-only code. Inline modules nest as deep as the text does;
/// each level is a recursion (the parse's budget bounds the tree).
fn walk(
    list: Node,
    text: &str,
    within: &mut Vec<Folder>,
    test: bool,
    out: &mut Vec<ModuleDeclaration>,
) {
    let mut cursor = list.walk();
    // The attributes above the current item.
    let mut attributes: Vec<Node> = Vec::new();
    for child in list.named_children(&mut cursor) {
        match child.kind() {
            "attribute_item" => {
                attributes.push(child);
                continue;
            }
            "line_comment" | "block_comment" => continue,
            "mod_item" => {
                let Some(name) = child.child_by_field_name("name") else {
                    attributes.clear();
                    continue;
                };
                let name = node_text(name, text).trim_start_matches("r#").to_owned();
                let own = |a: &Node| is_test_attribute(node_text(*a, text));
                let path = attributes
                    .iter()
                    .find_map(|a| path_attribute(node_text(*a, text)));
                let test = test || attributes.iter().any(own);
                match child.child_by_field_name("body") {
                    None => out.push(ModuleDeclaration {
                        within: within.clone(),
                        name,
                        path,
                        test,
                    }),
                    Some(body) => {
                        // `mod a { #![cfg(test)] … }` is test-only inside.
                        let inner = super::rust::is_test_file(body, text);
                        within.push(Folder { name, path });
                        walk(body, text, within, test || inner, out);
                        within.pop();
                    }
                }
            }
            _ => {}
        }
        attributes.clear();
    }
}

/// The path of a `#[path = "…"]` attribute.
fn path_attribute(attribute: &str) -> Option<String> {
    let inner = attribute
        .strip_prefix("#[")?
        .strip_suffix(']')?
        .trim()
        .strip_prefix("path")?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    let quoted = inner.strip_prefix('"')?.strip_suffix('"')?;
    (!quoted.contains(['"', '\\'])).then(|| quoted.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(text: &str) -> Vec<(String, Option<String>, bool, Vec<String>)> {
        declarations(text)
            .unwrap()
            .into_iter()
            .map(|d| {
                let within = d
                    .within
                    .iter()
                    .map(|f| f.path.clone().unwrap_or_else(|| f.name.clone()))
                    .collect();
                (d.name, d.path, d.test, within)
            })
            .collect()
    }

    #[test]
    fn finds_file_modules_and_which_are_test_only() {
        let text = "//! Crate.\nmod app;\n#[cfg(test)]\nmod tests;\n#[cfg(all(test, feature = \"x\"))]\n/// Doc.\npub(crate) mod helpers;\n#[cfg(any(test, feature = \"x\"))]\nmod either;\nmod tests_named;\n#[cfg(test)]\nfn f() {}\nmod later;\n";
        assert_eq!(
            declared(text),
            [
                ("app".into(), None, false, vec![]),
                ("tests".into(), None, true, vec![]),
                ("helpers".into(), None, true, vec![]),
                ("either".into(), None, false, vec![]),
                ("tests_named".into(), None, false, vec![]),
                ("later".into(), None, false, vec![]),
            ]
        );
    }

    #[test]
    fn inline_modules_paths_and_inner_attributes() {
        let text = "mod a {\n    #[cfg(test)]\n    mod b;\n    mod c;\n}\n#[cfg(test)]\nmod x {\n    mod y;\n}\n#[path = \"files\"]\nmod t {\n    #[cfg(test)]\n    #[path = \"tls.rs\"]\n    mod state;\n}\nmod z {\n    #![cfg(test)]\n    mod w;\n}\n";
        assert_eq!(
            declared(text),
            [
                ("b".into(), None, true, vec!["a".into()]),
                ("c".into(), None, false, vec!["a".into()]),
                ("y".into(), None, true, vec!["x".into()]),
                (
                    "state".into(),
                    Some("tls.rs".into()),
                    true,
                    vec!["files".into()]
                ),
                ("w".into(), None, true, vec!["z".into()]),
            ]
        );
        let test_file = "#![cfg(test)]\nmod m;\n";
        assert_eq!(declared(test_file), [("m".into(), None, true, vec![])]);
    }

    /// What the item split reads, when it reads the text.
    fn read(text: &str) -> Option<Vec<ModuleDeclaration>> {
        let mut out = Vec::new();
        read_items(text, 0..text.len(), &mut Vec::new(), false, &mut out)?;
        Some(out)
    }

    /// Pieces of Rust that read differently to a lexer and a parser when
    /// either gets them wrong.
    const PIECES: &[&str] = &[
        "mod app;\n",
        "#[cfg(test)]\n",
        "#[cfg(all(test, feature = \"x\"))]\n",
        "#[path = \"support/h.rs\"]\n",
        "/// Doc with mod fake; in it.\n",
        "/* mod hidden; /* nested */ */\n",
        "pub(crate) mod helpers;\n",
        "pub(in crate::a) mod scoped;\n",
        "pub mod r#async;\n",
        "mod tests {\n    #![cfg(test)]\n    mod inner;\n}\n",
        "#[cfg(test)]\nmod x {\n    mod y;\n    fn f() { let c = '{'; }\n}\n",
        "fn f() { mod local { } let s = \"mod no;\"; }\n",
        "const R: &str = r#\"mod raw; }\"#;\n",
        "macro_rules! m { ($n:ident) => { mod $n; }; }\n",
        "m!(generated);\n",
        "impl<'a> A<'a> { fn g(&self) -> char { '\\'' } }\n",
        "struct S { field: u8 }\n",
        "mod\n    spaced\n    ;\n",
        "mod /* c */ commented /* c */ ;\n",
        "#[cfg(test)]\nfn only_a_function() {}\n",
        "enum E { A, B }\n",
        "mod empty {}\n",
    ];

    #[test]
    fn the_item_split_reads_what_a_parse_reads() {
        let mut read_by_split = 0;
        let mut check = |text: &str| {
            if let Some(lexed) = read(text) {
                assert_eq!(lexed, parsed_declarations(text).unwrap(), "{text}");
                read_by_split += usize::from(!lexed.is_empty());
            }
        };
        for text in crate::testing::fixture_texts() {
            check(&text);
        }
        let mut next = crate::testing::generator(7);
        for _ in 0..3_000 {
            let pieces = 1 + next(8);
            let text: String = (0..pieces).map(|_| PIECES[next(PIECES.len())]).collect();
            let inner = if next(4) == 0 { "#![cfg(test)]\n" } else { "" };
            check(&format!("{inner}{text}"));
        }
        assert!(read_by_split > 2_000, "{read_by_split}");
    }

    #[test]
    fn a_text_the_split_cannot_read_is_parsed() {
        // A macro call without its `;` at the end: no item split, and the
        // parse still finds the declaration before it.
        let text = "#[cfg(test)]\nmod tests;\nunfinished!()";
        assert_eq!(read(text), None);
        assert_eq!(declared(text), [("tests".into(), None, true, vec![])]);
    }
}
