//! Python edits built from the syntax tree, for the quick fixes.
//!
//! Line-based guesses broke code (an import inside a parenthesized import
//! list, `import os` above `from __future__ import …`), so every place an
//! edit goes is found on tree-sitter's tree: the statement an import goes
//! after, the names of an import it merges into, the string literal a
//! secret sits in. Everything here works on byte offsets into one text;
//! [`super::actions`] turns them into LSP positions.

use std::ops::Range;
use tree_sitter::{Node, Tree};

/// A byte range of a text and what replaces it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ByteEdit {
    pub range: Range<usize>,
    pub text: String,
}

impl ByteEdit {
    pub fn insert(at: usize, text: String) -> ByteEdit {
        ByteEdit {
            range: at..at,
            text,
        }
    }
}

/// An import a fix needs.
#[derive(Clone, Copy, Debug)]
pub enum Import<'a> {
    /// `from <module> import <name>`
    From { module: &'a str, name: &'a str },
    /// `import <module>`
    Module(&'a str),
}

impl Import<'_> {
    fn statement(self) -> String {
        match self {
            Import::From { module, name } => format!("from {module} import {name}"),
            Import::Module(module) => format!("import {module}"),
        }
    }
}

/// Parses Python text for an edit; `None` when it does not parse cleanly,
/// since no edit position can be trusted in broken code.
pub fn parse_clean(text: &str) -> Option<Tree> {
    let tree = crate::syntax::parse(crate::document::Language::Python, text, None)?;
    (!tree.root_node().has_error()).then_some(tree)
}

fn node_text<'t>(node: Node, text: &'t str) -> &'t str {
    text.get(node.byte_range()).unwrap_or("")
}

/// The top-level statement holding `offset` (the offset itself when it
/// lies between statements).
pub fn statement_start(tree: &Tree, offset: usize) -> usize {
    let root = tree.root_node();
    let mut cursor = root.walk();
    let found = root
        .named_children(&mut cursor)
        .find(|s| s.start_byte() <= offset && offset < s.end_byte().max(s.start_byte() + 1))
        .map(|s| s.start_byte());
    found.unwrap_or(offset)
}

/// The edit that makes `import` available at module level, for a use at
/// byte `before`: `None` when the module already imports it.
///
/// An existing `from <module> import …` (parenthesized or not) gains the
/// name after its last one, so imports do not pile up one line each.
/// Otherwise the new statement goes on the line after the last top-level
/// import that precedes the use (so the name is bound before module-level
/// code reads it), and never before the module docstring or a
/// `from __future__` import, which Python requires first.
pub fn import_edit(text: &str, tree: &Tree, import: Import, before: usize) -> Option<ByteEdit> {
    let root = tree.root_node();
    let mut cursor = root.walk();
    let statements: Vec<Node> = root.named_children(&mut cursor).collect();
    // Already imported, or an import to merge into.
    let mut merge_into = None;
    for statement in &statements {
        match (import, statement.kind()) {
            (Import::Module(module), "import_statement") => {
                let mut c = statement.walk();
                if statement
                    .children_by_field_name("name", &mut c)
                    .any(|n| n.kind() == "dotted_name" && node_text(n, text) == module)
                {
                    return None;
                }
            }
            (Import::From { module, name }, "import_from_statement") => {
                let Some(from) = statement.child_by_field_name("module_name") else {
                    continue;
                };
                if !same_dotted(node_text(from, text), module) {
                    continue;
                }
                let mut c = statement.walk();
                if statement
                    .named_children(&mut c)
                    .any(|n| n.kind() == "wildcard_import")
                {
                    return None;
                }
                let mut c = statement.walk();
                let names: Vec<Node> = statement.children_by_field_name("name", &mut c).collect();
                let binds = |n: &Node| match n.kind() {
                    "dotted_name" => node_text(*n, text) == name,
                    "aliased_import" => n
                        .child_by_field_name("alias")
                        .is_some_and(|a| node_text(a, text) == name),
                    _ => false,
                };
                if names.iter().any(binds) {
                    return None;
                }
                if merge_into.is_none() {
                    merge_into = names.last().map(Node::end_byte);
                }
            }
            _ => {}
        }
    }
    if let (Import::From { name, .. }, Some(at)) = (import, merge_into) {
        return Some(ByteEdit::insert(at, format!(", {name}")));
    }
    let after = header_end(&statements, before);
    Some(insert_after_line(
        text,
        after,
        format!("{}\n", import.statement()),
    ))
}

/// `a.b` and `a . b` name the same module.
fn same_dotted(written: &str, module: &str) -> bool {
    written.split_whitespace().collect::<String>() == module
}

/// The end of what must stay above an added import: the leading comments
/// (shebang, encoding line, licence), the docstring, `from __future__`
/// imports, and the top-level imports before `before`. `None`: the file's
/// start.
fn header_end(statements: &[Node], before: usize) -> Option<usize> {
    let mut end = None;
    let mut leading = true;
    for (index, statement) in statements.iter().enumerate() {
        let is_docstring = index == 0
            && statement.kind() == "expression_statement"
            && statement.named_child_count() == 1
            && statement
                .named_child(0)
                .is_some_and(|s| matches!(s.kind(), "string" | "concatenated_string"));
        match statement.kind() {
            "comment" if leading => end = Some(statement.end_byte()),
            "future_import_statement" => end = Some(statement.end_byte()),
            _ if is_docstring => end = Some(statement.end_byte()),
            "import_statement" | "import_from_statement" if statement.end_byte() <= before => {
                leading = false;
                end = Some(statement.end_byte());
            }
            "comment" => {}
            _ => leading = false,
        }
    }
    end
}

/// Inserts `line` at the start of the line after `after` (the file's
/// start when `None`), adding the line break a last line may lack.
pub fn insert_after_line(text: &str, after: Option<usize>, line: String) -> ByteEdit {
    let Some(after) = after else {
        return ByteEdit::insert(0, line);
    };
    match text[after..].find('\n') {
        Some(newline) => ByteEdit::insert(after + newline + 1, line),
        None => ByteEdit::insert(text.len(), format!("\n{line}")),
    }
}

/// A string literal holding a secret.
#[derive(Debug)]
pub struct Literal {
    /// The whole literal, prefix and quotes included.
    pub range: Range<usize>,
    /// The prefix letters, lower-cased (`b`, `r`, `rb`, `f`…).
    pub prefix: String,
    /// The opening (and closing) quotes.
    pub quote: String,
    /// Between the opening quote and the closing one.
    pub content: Range<usize>,
    /// `NAME = "…"` with this literal as the whole right side: the name, and
    /// whether the statement is at module level.
    pub assigned_to: Option<(String, Assignment)>,
    /// The name the literal is bound to: an assignment's target, a keyword
    /// argument, a dictionary key, a parameter with a default.
    pub bound_name: Option<String>,
    /// Inside a function or lambda.
    pub in_function: bool,
    /// A bare expression statement (a docstring): nothing reads it.
    pub is_statement: bool,
    /// One piece of an implicit concatenation (`"a" "b"`), where only a
    /// literal may stand.
    pub in_concatenation: bool,
    /// One of the values a loop (`for password in ["…", "…"]:`) or a
    /// parametrized test (`@pytest.mark.parametrize("password", […])`) runs
    /// through: each would become the same settings read, and the cases one.
    pub in_cases: bool,
}

#[derive(Clone, Debug)]
pub struct Assignment {
    /// The expression statement, when it is a top-level one.
    pub module_statement: Option<Range<usize>>,
}

impl Literal {
    pub fn is_bytes(&self) -> bool {
        self.prefix.contains('b')
    }

    pub fn is_raw(&self) -> bool {
        self.prefix.contains('r')
    }

    pub fn is_format(&self) -> bool {
        self.prefix.contains('f') || self.prefix.contains('t')
    }
}

/// The string literal whose content holds `span`.
pub fn literal_around(tree: &Tree, text: &str, span: Range<usize>) -> Option<Literal> {
    let mut node = tree
        .root_node()
        .descendant_for_byte_range(span.start, span.end)?;
    while node.kind() != "string" {
        node = node.parent()?;
    }
    let start = node.child(0).filter(|c| c.kind() == "string_start")?;
    let end = node
        .child(node.child_count().checked_sub(1)?)
        .filter(|c| c.kind() == "string_end")?;
    if span.start < start.end_byte() || span.end > end.start_byte() {
        return None;
    }
    let opening = node_text(start, text);
    let quote_at = opening.find(['"', '\''])?;
    let mut outer = node;
    while let Some(parent) = outer.parent() {
        if matches!(
            parent.kind(),
            "parenthesized_expression" | "concatenated_string"
        ) {
            outer = parent;
        } else {
            break;
        }
    }
    let parent = outer.parent();
    let assigned_to = parent
        .filter(|p| p.kind() == "assignment" && p.child_by_field_name("right") == Some(node))
        .and_then(|assignment| {
            let left = assignment.child_by_field_name("left")?;
            (left.kind() == "identifier").then(|| {
                let module_statement = assignment
                    .parent()
                    .filter(|s| {
                        s.kind() == "expression_statement"
                            && s.named_child_count() == 1
                            && s.parent().is_some_and(|m| m.kind() == "module")
                    })
                    .map(|s| s.byte_range());
                (
                    node_text(left, text).to_owned(),
                    Assignment { module_statement },
                )
            })
        });
    let bound_name = parent.and_then(|p| {
        let name = match p.kind() {
            "assignment" => p.child_by_field_name("left").map(|left| {
                if left.kind() == "attribute" {
                    left.child_by_field_name("attribute").unwrap_or(left)
                } else {
                    left
                }
            }),
            "keyword_argument" | "default_parameter" | "typed_default_parameter" => {
                p.child_by_field_name("name")
            }
            "pair" => p.child_by_field_name("key").and_then(|key| {
                (key.kind() == "string")
                    .then(|| key.named_child(1))
                    .flatten()
                    .filter(|c| c.kind() == "string_content")
            }),
            _ => None,
        }?;
        let name = node_text(name, text);
        (!name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_'))
            .then(|| name.to_owned())
    });
    let mut in_function = false;
    let mut in_cases = false;
    let mut ancestor = node.parent();
    while let Some(a) = ancestor {
        match a.kind() {
            "function_definition" | "lambda" => in_function = true,
            "for_statement" => {
                in_cases |= a
                    .child_by_field_name("right")
                    .is_some_and(|r| r.byte_range().contains(&node.start_byte()));
            }
            "call" => {
                in_cases |= a
                    .child_by_field_name("function")
                    .is_some_and(|f| node_text(f, text).rsplit('.').next() == Some("parametrize"));
            }
            _ => {}
        }
        ancestor = a.parent();
    }
    Some(Literal {
        range: node.byte_range(),
        prefix: opening[..quote_at].to_ascii_lowercase(),
        quote: opening[quote_at..].to_owned(),
        content: start.end_byte()..end.start_byte(),
        assigned_to,
        bound_name,
        in_function,
        is_statement: outer
            .parent()
            .is_some_and(|p| p.kind() == "expression_statement"),
        in_concatenation: node
            .parent()
            .is_some_and(|p| p.kind() == "concatenated_string"),
        in_cases,
    })
}

/// An environment read a settings definition can take over unchanged.
#[derive(Debug)]
pub struct EnvRead {
    /// The read, written against `os` (`os.getenv("ZONE", "eu-west-1")`).
    pub definition: String,
    /// The same read without its default.
    pub without_default: String,
    /// Whether it names a default, which a settings name read elsewhere may not share.
    pub has_default: bool,
    /// The default's text (a string's content), to judge before copying it.
    pub default: Option<String>,
}

/// The read at `span` when it is a call or subscript of `os.environ`,
/// `os.getenv` or `os.environ.get` whose arguments are the variable's name
/// and at most a literal default: moved to the settings module, it then
/// means what it meant here. `None` for anything else (`"X" in os.environ`,
/// a default computed from local names).
pub fn env_read(tree: &Tree, text: &str, span: Range<usize>, variable: &str) -> Option<EnvRead> {
    let node = tree
        .root_node()
        .descendant_for_byte_range(span.start, span.end)?;
    if node.byte_range() != span {
        return None;
    }
    let is_variable = |n: Node| {
        n.kind() == "string"
            && n.named_child_count() == 3
            && n.named_child(1)
                .is_some_and(|c| c.kind() == "string_content" && node_text(c, text) == variable)
    };
    match node.kind() {
        "subscript" => {
            let value = node_text(node.child_by_field_name("value")?, text);
            let key = node.child_by_field_name("subscript")?;
            let definition = format!("os.environ[{}]", node_text(key, text));
            (is_environ(value) && is_variable(key)).then(|| EnvRead {
                without_default: definition.clone(),
                definition,
                has_default: false,
                default: None,
            })
        }
        "call" => {
            let function = node_text(node.child_by_field_name("function")?, text);
            let api = if function.ends_with("getenv") {
                "os.getenv"
            } else if function
                .strip_suffix("get")
                .and_then(|f| f.trim_end().strip_suffix('.'))
                .is_some_and(|f| is_environ(f.trim_end()))
            {
                "os.environ.get"
            } else {
                return None;
            };
            let arguments = node.child_by_field_name("arguments")?;
            let mut c = arguments.walk();
            let arguments: Vec<Node> = arguments
                .named_children(&mut c)
                .filter(|n| n.kind() != "comment")
                .collect();
            let key = node_text(*arguments.first()?, text);
            let default = match arguments.as_slice() {
                [key] if is_variable(*key) => None,
                [key, default] if is_variable(*key) => Some(match default.kind() {
                    "keyword_argument" => {
                        let name = default.child_by_field_name("name")?;
                        if node_text(name, text) != "default" {
                            return None;
                        }
                        default.child_by_field_name("value")?
                    }
                    _ => *default,
                }),
                _ => return None,
            };
            if default.is_some_and(|d| !is_literal(d)) {
                return None;
            }
            let arguments = node.child_by_field_name("arguments")?;
            Some(EnvRead {
                definition: format!("{api}{}", node_text(arguments, text)),
                without_default: format!("{api}({key})"),
                has_default: default.is_some(),
                default: default.map(|d| {
                    let content = (d.kind() == "string")
                        .then(|| d.named_child(1))
                        .flatten()
                        .filter(|c| c.kind() == "string_content");
                    node_text(content.unwrap_or(d), text).to_owned()
                }),
            })
        }
        _ => None,
    }
}

fn is_environ(object: &str) -> bool {
    object == "environ"
        || object
            .strip_suffix("environ")
            .is_some_and(|o| o.ends_with('.'))
}

/// A value that means the same in any module.
fn is_literal(node: Node) -> bool {
    match node.kind() {
        "integer" | "float" | "true" | "false" | "none" => true,
        "string" => {
            let mut c = node.walk();
            let plain = node
                .named_children(&mut c)
                .all(|n| n.kind() != "interpolation");
            plain
        }
        "concatenated_string" => {
            let mut c = node.walk();
            let all = node.named_children(&mut c).all(is_literal);
            all
        }
        "unary_operator" => node.named_child(0).is_some_and(is_literal),
        _ => false,
    }
}

/// Whether the end of the line holding `offset` lies inside a string that
/// goes on past it: a comment appended there would become string content.
pub fn line_ends_in_string(tree: &Tree, text: &str, offset: usize) -> bool {
    let end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    let Some(mut node) = tree.root_node().descendant_for_byte_range(end, end) else {
        return false;
    };
    loop {
        if node.kind() == "string" && node.start_byte() < end && end < node.end_byte() {
            return true;
        }
        match node.parent() {
            Some(parent) => node = parent,
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edit: &ByteEdit) -> String {
        let mut out = text.to_owned();
        out.replace_range(edit.range.clone(), &edit.text);
        out
    }

    fn add(text: &str, import: Import) -> String {
        let tree = parse_clean(text).unwrap();
        match import_edit(text, &tree, import, text.len()) {
            Some(edit) => apply(text, &edit),
            None => text.to_owned(),
        }
    }

    const FROM: Import = Import::From {
        module: "mcp_app_settings",
        name: "API_KEY",
    };

    #[test]
    fn imports_go_after_docstring_future_and_the_last_import() {
        assert_eq!(
            add(
                "#!/usr/bin/env python\n\"\"\"Doc.\n\nMore.\n\"\"\"\nfrom __future__ import annotations\n\nx = 1\n",
                FROM
            ),
            "#!/usr/bin/env python\n\"\"\"Doc.\n\nMore.\n\"\"\"\nfrom __future__ import annotations\nfrom mcp_app_settings import API_KEY\n\nx = 1\n"
        );
        assert_eq!(
            add("from x import (\n    a,\n    b,\n)\nimport os\n", FROM),
            "from x import (\n    a,\n    b,\n)\nimport os\nfrom mcp_app_settings import API_KEY\n"
        );
        assert_eq!(
            add("from x import (\n    a,\n)", FROM),
            "from x import (\n    a,\n)\nfrom mcp_app_settings import API_KEY\n"
        );
        assert_eq!(add("", FROM), "from mcp_app_settings import API_KEY\n");
        assert_eq!(
            add(
                "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n",
                Import::Module("os")
            ),
            "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\nimport os\n"
        );
        assert_eq!(add("import os\n", Import::Module("os")), "import os\n");
    }

    #[test]
    fn imports_merge_into_the_settings_import() {
        assert_eq!(
            add("from mcp_app_settings import (\n    HOME,\n)\n", FROM),
            "from mcp_app_settings import (\n    HOME, API_KEY,\n)\n"
        );
        assert_eq!(
            add("from mcp_app_settings import HOME  # c\n", FROM),
            "from mcp_app_settings import HOME, API_KEY  # c\n"
        );
        let present = "from mcp_app_settings import API_KEY\n";
        assert_eq!(add(present, FROM), present);
        let star = "from mcp_app_settings import *\n";
        assert_eq!(add(star, FROM), star);
    }

    #[test]
    fn env_reads_keep_their_default_and_refuse_local_ones() {
        let read = |source: &str| {
            let text = format!("import os\nx = {source}\n");
            let tree = parse_clean(&text).unwrap();
            let span = 14..14 + source.len();
            env_read(&tree, &text, span, "ZONE").map(|r| (r.definition, r.has_default))
        };
        assert_eq!(
            read("os.getenv(\"ZONE\", \"eu-west-1\")"),
            Some(("os.getenv(\"ZONE\", \"eu-west-1\")".into(), true))
        );
        assert_eq!(
            read("environ['ZONE']"),
            Some(("os.environ['ZONE']".into(), false))
        );
        assert_eq!(
            read("os.environ.get('ZONE', default=3)"),
            Some(("os.environ.get('ZONE', default=3)".into(), true))
        );
        assert_eq!(read("os.getenv('ZONE', zone)"), None);
        assert_eq!(read("os.getenv('OTHER')"), None);
    }
}
