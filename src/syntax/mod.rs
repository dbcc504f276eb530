//! Syntax facts from tree-sitter: bindings of literals to names, and
//! environment accesses.
//!
//! The queries under `queries/<language>/` find candidate nodes; the
//! per-language modules resolve what the queries cannot express (imports and
//! `use` aliases, literals wrapped in conversions). Rules consume the
//! resulting [`Facts`] and never touch a syntax tree themselves.

pub mod python;
mod regions;
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

/// Where the prefilter saw candidates, so that only their statements need parsing.
#[derive(Debug, Default)]
pub struct Hints<'a> {
    /// Byte offsets of credential words.
    pub credential_hits: &'a [usize],
    /// Byte offsets of environment triggers.
    pub env_hits: &'a [usize],
}

/// Extracts what `wanted` asks for. A document that carries a tree (the
/// language server's) is read whole; Python without one is parsed statement
/// by statement around the hints; Rust is parsed whole.
pub fn facts(doc: &Document, wanted: Wanted, hints: &Hints) -> Facts {
    if let Some(tree) = doc.tree() {
        return whole_tree_facts(doc.language, tree.root_node(), &doc.text, wanted);
    }
    if doc.language == Language::Python {
        return python_statement_facts(&doc.text, wanted, hints);
    }
    match parse(doc.language, &doc.text, None) {
        Some(tree) => whole_tree_facts(doc.language, tree.root_node(), &doc.text, wanted),
        None => Facts::default(),
    }
}

fn whole_tree_facts(language: Language, root: Node, text: &str, wanted: Wanted) -> Facts {
    let mut facts = Facts::default();
    match language {
        Language::Python => {
            if wanted.bindings {
                facts.bindings = python::bindings(root, text);
            }
            if wanted.env {
                let mut imports = python::Imports::default();
                python::collect_imports(root, text, &mut imports);
                facts.env = python::env_accesses(root, text, &imports);
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

/// The statement-by-statement path for Python (see [`regions`]).
fn python_statement_facts(text: &str, wanted: Wanted, hints: &Hints) -> Facts {
    let lines = regions::python_logical_lines(text);
    let mut selected = vec![false; lines.len()];
    let mut select = |offsets: &mut dyn Iterator<Item = usize>| {
        for offset in offsets {
            if let Some(index) = regions::line_at(&lines, offset) {
                selected[index] = true;
            }
        }
    };
    if wanted.bindings {
        select(&mut hints.credential_hits.iter().copied());
    }
    let mut imports = python::Imports::default();
    if wanted.env {
        select(&mut hints.env_hits.iter().copied());
        // The `os` imports, then every use of a name they bind.
        for line in &lines {
            let statement = &text[line.range.clone()];
            if (statement.starts_with("import ") || statement.starts_with("from "))
                && statement.contains("os")
            {
                with_snippet(text, line, |root, snippet| {
                    python::collect_imports(root, &snippet.text, &mut imports)
                });
            }
        }
        for alias in imports.modules.iter().chain(imports.members.keys()) {
            select(&mut memchr::memmem::find_iter(
                text.as_bytes(),
                alias.as_bytes(),
            ));
        }
    }

    let mut facts = Facts::default();
    for (line, _) in lines.iter().zip(&selected).filter(|(_, s)| **s) {
        with_snippet(text, line, |root, snippet| {
            let to_source = |range: &Range<usize>| snippet.to_source(range, line.range.start);
            if wanted.bindings {
                for mut binding in python::bindings(root, &snippet.text) {
                    binding.span = to_source(&binding.span);
                    facts.bindings.push(binding);
                }
            }
            if wanted.env {
                for mut access in python::env_accesses(root, &snippet.text, &imports) {
                    access.span = to_source(&access.span);
                    facts.env.push(access);
                }
            }
        });
    }
    facts
}

/// What a Python settings module defines (for quick fixes that import from it).
pub fn python_settings_names(text: &str) -> python::SettingsNames {
    match parse(Language::Python, text, None) {
        Some(tree) => python::settings_names(tree.root_node(), text),
        None => python::SettingsNames::default(),
    }
}

/// Parses one statement on its own and hands its tree to `f`.
fn with_snippet<R>(
    text: &str,
    line: &regions::LogicalLine,
    f: impl FnOnce(Node, &regions::Snippet) -> R,
) -> Option<R> {
    let snippet = regions::Snippet::new(text, line);
    let tree = parse(Language::Python, &snippet.text, None)?;
    Some(f(tree.root_node(), &snippet))
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
