//! Python facts: string bindings and `os` environment accesses.

use super::{capture, compile, for_each_match, node_text, Binding, EnvAccess};
use crate::document::Language;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;
use tree_sitter::{Node, Query};

static CREDENTIALS: LazyLock<Query> = LazyLock::new(|| {
    compile(
        Language::Python,
        include_str!("../../queries/python/credentials.scm"),
    )
});
static ENVIRONMENT: LazyLock<Query> = LazyLock::new(|| {
    compile(
        Language::Python,
        include_str!("../../queries/python/environment.scm"),
    )
});

static SETTINGS: LazyLock<Query> = LazyLock::new(|| {
    compile(
        Language::Python,
        include_str!("../../queries/python/settings.scm"),
    )
});

const ENV_MEMBERS: &[&str] = &[
    "environ", "environb", "getenv", "getenvb", "putenv", "unsetenv",
];

pub fn bindings(root: Node, text: &str, range: Option<Range<usize>>) -> Vec<Binding> {
    let mut out = Vec::new();
    for_each_match(&CREDENTIALS, root, text, range, |captures| {
        let (Some(name), Some(value)) = (capture(captures, "name"), capture(captures, "value"))
        else {
            return;
        };
        let name = match name.kind() {
            "string" => match string_content(name, text) {
                Some((content, _)) => content,
                None => return,
            },
            "attribute" => match name.child_by_field_name("attribute") {
                Some(attr) => node_text(attr, text).to_owned(),
                None => return,
            },
            _ => node_text(name, text).to_owned(),
        };
        if let Some((value, span)) = literal(value, text) {
            out.push(Binding { name, value, span });
        }
    });
    out
}

/// The content of a string or of implicitly concatenated strings; `None` for
/// f-strings with interpolations, which are built at run time.
fn literal(node: Node, text: &str) -> Option<(String, std::ops::Range<usize>)> {
    if node.kind() == "parenthesized_expression" {
        return literal(
            node.named_child(0)
                .filter(|_| node.named_child_count() == 1)?,
            text,
        );
    }
    if node.kind() == "concatenated_string" {
        let mut content = String::new();
        let mut cursor = node.walk();
        for part in node.named_children(&mut cursor) {
            content.push_str(&string_content(part, text)?.0);
        }
        return Some((content, node.byte_range()));
    }
    string_content(node, text)
}

fn string_content(node: Node, text: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut cursor = node.walk();
    let mut start = None;
    let mut end = None;
    for child in node.children(&mut cursor) {
        match child.kind() {
            "string_start" => start = Some(child.end_byte()),
            "string_end" => end = Some(child.start_byte()),
            "interpolation" => return None,
            _ => {}
        }
    }
    let range = start?..end?;
    Some((text.get(range.clone())?.to_owned(), range))
}

/// What a file's imports bind: local names for the `os` module, and local
/// names for its environment members (with the member each stands for).
#[derive(Debug, Clone)]
pub struct Imports {
    pub modules: HashSet<String>,
    pub members: HashMap<String, &'static str>,
}

impl Default for Imports {
    fn default() -> Self {
        Imports {
            modules: HashSet::from(["os".to_owned()]),
            members: HashMap::new(),
        }
    }
}

/// Records the `os` imports under `root`.
pub fn collect_imports(root: Node, text: &str, range: Option<Range<usize>>, imports: &mut Imports) {
    for_each_match(&ENVIRONMENT, root, text, range.clone(), |captures| {
        let alias = capture(captures, "alias").map(|n| node_text(n, text));
        if let Some(import) = capture(captures, "import") {
            let module = node_text(import, text);
            if module == "os" || module.starts_with("os.") {
                imports.modules.insert(alias.unwrap_or("os").to_owned());
            }
        } else if let (Some(from), Some(member)) =
            (capture(captures, "from"), capture(captures, "member"))
        {
            let member = node_text(member, text);
            if let (true, Some(known)) = (
                node_text(from, text) == "os",
                ENV_MEMBERS.iter().find(|m| **m == member),
            ) {
                imports
                    .members
                    .insert(alias.unwrap_or(member).to_owned(), known);
            }
        }
    });
}

/// Every read or write of the environment under `root`, given the file's imports.
pub fn env_accesses(
    root: Node,
    text: &str,
    range: Option<Range<usize>>,
    imports: &Imports,
) -> Vec<EnvAccess> {
    let mut out = Vec::new();
    for_each_match(&ENVIRONMENT, root, text, range.clone(), |captures| {
        if let (Some(access), Some(object)) =
            (capture(captures, "access"), capture(captures, "object"))
        {
            if imports.modules.contains(node_text(object, text)) {
                out.push(describe(access, node_text(access, text).to_owned(), text));
            }
        }
    });
    if !imports.members.is_empty() {
        collect_bare_uses(root, text, range, &imports.members, &mut out);
    }
    out.sort_by_key(|a| a.span.start);
    out
}

/// Finds uses of names imported from `os` (`environ["X"]`, `ge("X")`),
/// skipping the import itself and attribute names such as `self.environ`.
fn collect_bare_uses(
    root: Node,
    text: &str,
    range: Option<Range<usize>>,
    members: &HashMap<String, &'static str>,
    out: &mut Vec<EnvAccess>,
) {
    let within = |node: Node| {
        range
            .as_ref()
            .is_none_or(|r| node.start_byte() < r.end && r.start < node.end_byte())
    };
    let start = match &range {
        Some(r) => root
            .descendant_for_byte_range(r.start, r.end)
            .unwrap_or(root),
        None => root,
    };
    let mut stack = vec![start];
    while let Some(node) = stack.pop() {
        if !within(node) || matches!(node.kind(), "import_from_statement" | "import_statement") {
            continue;
        }
        if node.kind() == "identifier" {
            let name = node_text(node, text);
            if let Some(member) = members.get(name) {
                let is_attribute_name = node.parent().is_some_and(|p| {
                    p.kind() == "attribute" && p.child_by_field_name("attribute") == Some(node)
                });
                let is_keyword = node.parent().is_some_and(|p| {
                    p.kind() == "keyword_argument" && p.child_by_field_name("name") == Some(node)
                });
                if !is_attribute_name && !is_keyword {
                    out.push(describe(node, format!("os.{member}"), text));
                }
            }
            continue;
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
}

/// Widens an access to the expression that uses it (`os.environ["X"]`,
/// `os.environ.get("X")`, `os.getenv("X")`) and finds the variable's name.
fn describe(access: Node, api: String, text: &str) -> EnvAccess {
    let mut expr = access;
    let mut variable = None;
    // `os.environ.get` / `os.environ.setdefault` / `os.environ.pop`: step to the method.
    if let Some(parent) = expr.parent() {
        if parent.kind() == "attribute" && parent.child_by_field_name("object") == Some(expr) {
            expr = parent;
        }
    }
    if let Some(parent) = expr.parent() {
        match parent.kind() {
            "call" if parent.child_by_field_name("function") == Some(expr) => {
                variable = parent
                    .child_by_field_name("arguments")
                    .and_then(|args| args.named_child(0))
                    .and_then(|arg| string_content(arg, text))
                    .map(|(s, _)| s);
                expr = parent;
            }
            "subscript" if parent.child_by_field_name("value") == Some(expr) => {
                variable = parent
                    .child_by_field_name("subscript")
                    .and_then(|key| string_content(key, text))
                    .map(|(s, _)| s);
                expr = parent;
            }
            _ => {}
        }
    }
    EnvAccess {
        span: expr.byte_range(),
        api,
        variable,
    }
}

/// What a settings module defines: module-level names, and instances of
/// classes with their fields (`settings = Settings()`, `Settings.API_KEY`).
#[derive(Debug, Default)]
pub struct SettingsNames {
    pub module_names: Vec<String>,
    /// `(instance, fields of its class)`.
    pub instances: Vec<(String, Vec<String>)>,
}

pub fn settings_names(root: Node, text: &str) -> SettingsNames {
    let mut names = SettingsNames::default();
    let mut classes: HashMap<String, Vec<String>> = HashMap::new();
    let mut instances = Vec::new();
    for_each_match(&SETTINGS, root, text, None, |captures| {
        if let (Some(instance), Some(class)) = (
            capture(captures, "instance"),
            capture(captures, "instance_class"),
        ) {
            instances.push((
                node_text(instance, text).to_owned(),
                node_text(class, text).to_owned(),
            ));
        } else if let (Some(class), Some(field)) =
            (capture(captures, "class"), capture(captures, "field"))
        {
            classes
                .entry(node_text(class, text).to_owned())
                .or_default()
                .push(node_text(field, text).to_owned());
        } else if let Some(name) = capture(captures, "name") {
            names.module_names.push(node_text(name, text).to_owned());
        }
    });
    names.instances = instances
        .into_iter()
        .filter_map(|(instance, class)| {
            classes.get(&class).map(|fields| (instance, fields.clone()))
        })
        .collect();
    names
}
