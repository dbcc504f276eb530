//! Syntax facts from tree-sitter: bindings of literals to names, and
//! environment accesses.
//!
//! The queries under `queries/<language>/` find candidate nodes; the
//! per-language modules resolve what the queries cannot express (imports and
//! `use` aliases, literals wrapped in conversions). Rules consume the
//! resulting [`Facts`] and never touch a syntax tree themselves.

mod python;
mod rust;

use crate::document::{Document, Language};
use std::cell::RefCell;
use std::ops::Range;
use tree_sitter::{Node, Parser, Query, Tree};

/// A string literal bound to a name: `password = "…"`, `token: "…"`.
#[derive(Debug)]
pub struct Binding {
    /// The target's name as written (`api_key`, `Authorization`, `bearer_auth`).
    pub name: String,
    /// The literal's content, escapes left as written.
    pub value: String,
    /// Byte range of the literal's content in the document.
    pub span: Range<usize>,
}

/// A read or write of the process environment.
#[derive(Debug)]
pub struct EnvAccess {
    /// Byte range of the whole access expression.
    pub span: Range<usize>,
    /// What is called or touched, as the code names it (`os.environ`, `env::var`).
    pub api: String,
    /// The variable's name when it is a literal.
    pub variable: Option<String>,
}

#[derive(Debug, Default)]
pub struct Facts {
    pub bindings: Vec<Binding>,
    pub env: Vec<EnvAccess>,
}

/// Which facts the caller needs; each costs a query run.
#[derive(Clone, Copy, Debug)]
pub struct Wanted {
    pub bindings: bool,
    pub env: bool,
}

thread_local! {
    static PARSERS: RefCell<(Parser, Parser)> = RefCell::new((
        parser_for(Language::Python),
        parser_for(Language::Rust),
    ));
}

fn parser_for(language: Language) -> Parser {
    let mut parser = Parser::new();
    let grammar = language.grammar().expect("a parsed language");
    parser
        .set_language(&grammar)
        .expect("grammar built against a compatible tree-sitter");
    parser
}

/// Parses `text`, reusing `old` (already edited to match) when given.
pub fn parse(language: Language, text: &str, old: Option<&Tree>) -> Option<Tree> {
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let parser = match language {
            Language::Python => &mut parsers.0,
            Language::Rust => &mut parsers.1,
            Language::Text => return None,
        };
        parser.parse(text, old)
    })
}

/// Extracts what `wanted` asks for, parsing unless the document carries a tree.
pub fn facts(doc: &Document, wanted: Wanted) -> Facts {
    let parsed;
    let tree = match doc.tree() {
        Some(tree) => tree,
        None => match parse(doc.language, &doc.text, None) {
            Some(tree) => {
                parsed = tree;
                &parsed
            }
            None => return Facts::default(),
        },
    };
    let root = tree.root_node();
    let text = doc.text.as_str();
    let mut facts = Facts::default();
    match doc.language {
        Language::Python => {
            if wanted.bindings {
                facts.bindings = python::bindings(root, text);
            }
            if wanted.env {
                facts.env = python::env_accesses(root, text);
            }
        }
        Language::Rust => {
            if wanted.bindings {
                facts.bindings = rust::bindings(root, text);
            }
            if wanted.env {
                facts.env = rust::env_accesses(root, text);
            }
        }
        Language::Text => {}
    }
    facts
}

/// Compiles a query shipped with the binary; a broken query is a build defect
/// that the test suite catches, so failing loudly here is right.
fn compile(language: Language, source: &str) -> Query {
    let grammar = language.grammar().expect("a parsed language");
    Query::new(&grammar, source).unwrap_or_else(|e| panic!("invalid query for {language:?}: {e}"))
}

fn node_text<'t>(node: Node, text: &'t str) -> &'t str {
    text.get(node.byte_range()).unwrap_or("")
}

/// Runs `query` over `root` and hands each match's captures, by name, to `f`.
fn for_each_match<'t>(
    query: &Query,
    root: Node<'t>,
    text: &'t str,
    mut f: impl FnMut(&[(&str, Node<'t>)]),
) {
    use streaming_iterator::StreamingIterator;
    let names = query.capture_names();
    let mut cursor = tree_sitter::QueryCursor::new();
    let mut matches = cursor.matches(query, root, text.as_bytes());
    let mut captures = Vec::new();
    while let Some(m) = matches.next() {
        captures.clear();
        captures.extend(m.captures.iter().map(|c| (names[c.index as usize], c.node)));
        f(&captures);
    }
}

fn capture<'t>(captures: &[(&str, Node<'t>)], name: &str) -> Option<Node<'t>> {
    captures
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, node)| *node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_compile() {
        // Touch every lazily compiled query so a broken .scm file fails here.
        let _ = python::bindings(parse(Language::Python, "", None).unwrap().root_node(), "");
        let _ = python::env_accesses(parse(Language::Python, "", None).unwrap().root_node(), "");
        let _ = rust::bindings(parse(Language::Rust, "", None).unwrap().root_node(), "");
        let _ = rust::env_accesses(parse(Language::Rust, "", None).unwrap().root_node(), "");
    }
}
