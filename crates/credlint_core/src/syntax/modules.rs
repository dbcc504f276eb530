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

use super::{is_test_attribute, node_text, parse};
use crate::document::Language;
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

/// Whether `text` can declare a module as test-only code: the cheap test a
/// front runs on a parent's bytes before parsing it with
/// [`declarations`] (a `cfg` and a `test` somewhere in it).
pub fn may_declare_tests(text: &str) -> bool {
    text.contains("mod") && text.contains("cfg") && text.contains("test")
}

/// Every `mod name;` in `text` (a Rust file), in the text's order. `None`
/// when the text could not be parsed within the parse budget.
pub fn declarations(text: &str) -> Option<Vec<ModuleDeclaration>> {
    if !text.contains("mod") {
        return Some(Vec::new());
    }
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

    #[test]
    fn the_prefilter_passes_every_test_declaration() {
        assert!(may_declare_tests("#[cfg(test)]\nmod tests;\n"));
        assert!(may_declare_tests("#![cfg(test)]\nmod a;\n"));
        assert!(!may_declare_tests("mod tests;\n"));
    }
}
