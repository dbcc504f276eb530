//! Python facts: string bindings and `os` environment accesses.

use super::{capture, for_each_match, node_text, Binding, EnvAccess, EnvKind, ShippedQuery};
use crate::document::Language;
use crate::value::credential_kind;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;
use tree_sitter::Node;

static CREDENTIALS: ShippedQuery = ShippedQuery::new(
    Language::Python,
    include_str!("../../../../queries/python/credentials.scm"),
);
static ENVIRONMENT: ShippedQuery = ShippedQuery::new(
    Language::Python,
    include_str!("../../../../queries/python/environment.scm"),
);

static SETTINGS: ShippedQuery = ShippedQuery::new(
    Language::Python,
    include_str!("../../../../queries/python/settings.scm"),
);

/// Every Python query, in the order a module's analysis first needs them.
pub(super) static QUERIES: &[&ShippedQuery] =
    &[&CREDENTIALS, &ENVIRONMENT, &LOGGING, &REPR, &SETTINGS];

const ENV_MEMBERS: &[&str] = &[
    "environ", "environb", "getenv", "getenvb", "putenv", "unsetenv",
];

pub fn bindings(root: Node, text: &str, range: Option<Range<usize>>) -> Vec<Binding> {
    let mut out = Vec::new();
    for_each_match(&CREDENTIALS, root, text, range, |captures| {
        if let (Some(callee), Some(arguments)) =
            (capture(captures, "callee"), capture(captures, "arguments"))
        {
            out.extend(call_bindings(callee, arguments, text));
            return;
        }
        let Some(name) = capture(captures, "name") else {
            return;
        };
        if let Some(setter) = capture(captures, "setter") {
            if !takes_key_then_value(node_text(setter, text)) {
                return;
            }
        }
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
        if let Some(elements) = capture(captures, "elements") {
            let mut cursor = elements.walk();
            let literals = elements
                .named_children(&mut cursor)
                .filter(|e| e.kind() != "comment")
                .map(|e| literal(e, text))
                .collect();
            out.extend(super::container_bindings(
                &name,
                elements.kind() == "tuple",
                literals,
            ));
            return;
        }
        let Some(value) = capture(captures, "value") else {
            return;
        };
        // `("X-Api-Token", "…")` names its value as a tuple of two, or as
        // the two strings that open a test's row of cases whose other
        // elements are not strings (`("Token", "…", None, 401)`): in a
        // longer tuple of strings each is a value, not a name.
        if let Some(tuple) = value.parent().filter(|p| p.kind() == "tuple") {
            let mut cursor = tuple.walk();
            let more_strings = tuple
                .named_children(&mut cursor)
                .filter(|e| e.kind() != "comment")
                .skip(2)
                .any(|e| matches!(e.kind(), "string" | "concatenated_string"));
            if more_strings {
                return;
            }
        }
        // `SERVICE_TOKENS = {"billing": "…"}`: each value is one of the container's tokens.
        let in_container = value
            .parent()
            .is_some_and(|p| p.kind() == "pair" && p.child_by_field_name("value") == Some(value));
        let name = if in_container {
            super::singular(&name).to_owned()
        } else {
            name
        };
        if let Some((value, span)) = literal(value, text) {
            out.push(Binding {
                name,
                value,
                span,
                kind: None,
            });
        }
    });
    out
}

/// Whether a call's first two arguments are a key and that key's value, as
/// its API says: the environment (`getenv`, `putenv`, `setenv`,
/// `os.environ.setdefault`, `__setitem__`), a settings reader given a
/// variable and its default (python-decouple's `config`, environs' and
/// django-environ's `env` and `env.str`), and a getter or setter of a
/// mapping, header or configuration, the verb first in its name (`get`,
/// `set`, `put`, `add`, `insert`, `append`, `setdefault`, `pop`,
/// `set_header`, `add_header`, `putheader`, `setHeader`); and a test's
/// stand-in for an attribute named by its dotted path (`mock.patch` and
/// `monkeypatch.setattr` of `"billing.api_key"`, then the value put there).
///
/// Any other call of two strings says nothing of the sort:
/// `helper._prepare_url("hf_token", "org/Model-1B")` passes a token's name
/// and a model id, and `copy("password", "backup")` two names; reading the
/// first as the name of the second made every such call a credential.
fn takes_key_then_value(callee: &str) -> bool {
    const EXACT: &[&str] = &[
        "getenv",
        "putenv",
        "setenv",
        "setdefault",
        "putheader",
        "header",
        "__setitem__",
        "patch",
        "setattr",
        "config",
        "env",
        "str",
    ];
    const VERBS: &[&str] = &["get", "set", "put", "add", "insert", "append", "pop"];
    let method = callee.rsplit('.').next().unwrap_or(callee).trim();
    if EXACT.contains(&method) {
        return true;
    }
    // The leading verb: `set_header`, `_set`, `setHeader`.
    let method = method.trim_start_matches('_');
    let end = method
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c == '_' || c.is_ascii_uppercase())
        .map_or(method.len(), |(i, _)| i);
    VERBS.contains(&method[..end].to_ascii_lowercase().as_str())
}

/// The arguments of a call in a credential position (see [`super::positions`]).
fn call_bindings(callee: Node, arguments: Node, text: &str) -> Vec<Binding> {
    let callee = node_text(callee, text);
    if super::positions::lookup(Language::Python, callee)
        .next()
        .is_none()
    {
        return Vec::new();
    }
    let mut positional = Vec::new();
    let mut keywords = Vec::new();
    let mut cursor = arguments.walk();
    for argument in arguments.named_children(&mut cursor) {
        match argument.kind() {
            "keyword_argument" => {
                if let (Some(name), Some(value)) = (
                    argument.child_by_field_name("name"),
                    argument.child_by_field_name("value"),
                ) {
                    keywords.push((node_text(name, text), literal(value, text)));
                }
            }
            // After `*args`, positions are unknown.
            "list_splat" | "dictionary_splat" => break,
            "comment" => {}
            _ => positional.push(literal(argument, text)),
        }
    }
    super::position_bindings(Language::Python, callee, &positional, &keywords)
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
/// `os.environ.get("X")`, `os.getenv("X")`), finds the variable's name and
/// tells a read from a write (see [`access_kind`]).
fn describe(access: Node, api: String, text: &str) -> EnvAccess {
    let mut expr = access;
    let mut api = api;
    let mut variable = None;
    let mut method = None;
    // `os.environ.get` / `os.environ.setdefault` / `os.environ.pop`: step to the method.
    if let Some(parent) = expr.parent() {
        if parent.kind() == "attribute" && parent.child_by_field_name("object") == Some(expr) {
            if let Some(name) = parent.child_by_field_name("attribute") {
                let name = node_text(name, text);
                api = format!("{api}.{name}");
                method = Some(name);
            }
            expr = parent;
        }
    }
    let mut subscript = false;
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
                subscript = true;
            }
            _ => {}
        }
    }
    let member = method.unwrap_or_else(|| api.rsplit('.').next().unwrap_or(&api));
    let kind = access_kind(expr, member, subscript, text);
    EnvAccess {
        span: expr.byte_range(),
        api,
        variable,
        kind,
        in_test: false,
        // Set from the text around the statement (see `facts`): a statement
        // parsed alone does not know its class.
        in_settings: false,
    }
}

/// Whether `expr` (the widened access, whose last member is `member`) takes
/// a value out of the environment or changes it. `setdefault` and `pop`
/// both change the environment and return a value: when the code uses that
/// value it is a read (`debug = os.environ.setdefault("DEBUG", "0")`, the
/// read-once-and-scrub `token = os.environ.pop("TOKEN")`), and as a bare
/// statement it is only the change.
fn access_kind(expr: Node, member: &str, subscript: bool, text: &str) -> EnvKind {
    let parent = expr.parent();
    let parent_kind = parent.map(|p| p.kind()).unwrap_or_default();
    let unused = parent_kind == "expression_statement";
    if subscript {
        // `del(os.environ["A"])`: parentheses around a target change nothing.
        let mut outer = parent;
        while let Some(p) = outer.filter(|p| p.kind() == "parenthesized_expression") {
            outer = p.parent();
        }
        if outer.is_some_and(|p| p.kind() == "delete_statement") {
            return EnvKind::Remove;
        }
        return match parent {
            Some(p) if p.kind() == "delete_statement" => EnvKind::Remove,
            // `del os.environ["A"], os.environ["B"]`
            Some(p)
                if p.kind() == "expression_list"
                    && p.parent().is_some_and(|g| g.kind() == "delete_statement") =>
            {
                EnvKind::Remove
            }
            Some(p)
                if matches!(p.kind(), "assignment" | "augmented_assignment")
                    && p.child_by_field_name("left") == Some(expr) =>
            {
                EnvKind::Write
            }
            _ => EnvKind::Read,
        };
    }
    match member {
        "putenv" | "update" => EnvKind::Write,
        "unsetenv" | "clear" => EnvKind::Remove,
        "setdefault" if unused => EnvKind::Write,
        "pop" | "popitem" if unused => EnvKind::Remove,
        // `mock.patch.dict(os.environ, {...})` sets variables for a while.
        "environ" | "environb" if is_patched(expr, text) => EnvKind::Write,
        _ => EnvKind::Read,
    }
}

/// `patch.dict(os.environ, …)` / `mock.patch.dict(os.environ, …)`.
fn is_patched(expr: Node, text: &str) -> bool {
    expr.parent()
        .filter(|args| args.kind() == "argument_list")
        .and_then(|args| args.parent())
        .and_then(|call| call.child_by_field_name("function"))
        .is_some_and(|function| node_text(function, text).ends_with("patch.dict"))
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

static LOGGING: ShippedQuery = ShippedQuery::new(
    Language::Python,
    include_str!("../../../../queries/python/logging.scm"),
);
static REPR: ShippedQuery = ShippedQuery::new(
    Language::Python,
    include_str!("../../../../queries/python/repr.scm"),
);

/// The name a secret-valued expression goes by: a credential-named or
/// tainted name, an attribute with a credential name (`settings.API_KEY`),
/// or an environment read of a credential-named variable.
fn secret_expression(node: Node, text: &str, tainted: &HashSet<String>) -> Option<String> {
    // An access key's id is public (see `names_key_id`), a truncated secret
    // what an API shows of it (see `names_shown_part`).
    let is_credential = |name: &str| {
        credential_kind(name).is_some()
            && !crate::value::names_key_id(name)
            && !crate::value::names_shown_part(name)
    };
    match node.kind() {
        "identifier" => {
            let name = node_text(node, text);
            (is_credential(name) || tainted.contains(name)).then(|| name.to_owned())
        }
        "attribute" => {
            let attribute = node_text(node.child_by_field_name("attribute")?, text);
            is_credential(attribute).then(|| node_text(node, text).to_owned())
        }
        "subscript" | "call" => {
            let environment = describe_environment_read(node, text)?;
            is_credential(&environment).then(|| node_text(node, text).to_owned())
        }
        _ => None,
    }
}

/// The variable an `os.environ[...]`, `os.getenv(...)` or
/// `os.environ.get(...)` expression reads.
fn describe_environment_read(node: Node, text: &str) -> Option<String> {
    let (callee, key) = match node.kind() {
        "subscript" => (
            node.child_by_field_name("value")?,
            node.child_by_field_name("subscript")?,
        ),
        "call" => (
            node.child_by_field_name("function")?,
            node.child_by_field_name("arguments")?.named_child(0)?,
        ),
        _ => return None,
    };
    let callee = node_text(callee, text);
    if !(callee.ends_with("environ")
        || callee.ends_with("getenv")
        || callee.ends_with("environ.get"))
    {
        return None;
    }
    string_content(key, text).map(|(s, _)| s)
}

/// Records locals assigned a secret's value: `k = settings.API_KEY`.
pub fn tainted_locals(
    root: Node,
    text: &str,
    range: Option<Range<usize>>,
    tainted: &mut HashSet<String>,
) {
    let mut found = Vec::new();
    for_each_match(&LOGGING, root, text, range, |captures| {
        if let (Some(local), Some(value)) = (capture(captures, "local"), capture(captures, "value"))
        {
            if secret_expression(value, text, tainted).is_some() {
                found.push(node_text(local, text).to_owned());
            }
        }
    });
    tainted.extend(found);
}

/// Whether a receiver and method name make an output call.
fn is_output(receiver: Option<&str>, sink: &str) -> bool {
    let Some(receiver) = receiver else {
        return true;
    };
    let lower = receiver.to_ascii_lowercase();
    match sink {
        "write" => lower.ends_with("stdout") || lower.ends_with("stderr"),
        "echo" => matches!(receiver, "click" | "typer"),
        "print" | "pprint" => lower.ends_with("console") || matches!(receiver, "rich" | "pprint"),
        "warn" => lower.contains("log") || receiver == "warnings",
        _ => lower.contains("log"),
    }
}

/// Secret values passed to output calls under `root`.
pub fn logged_secrets(
    root: Node,
    text: &str,
    range: Option<Range<usize>>,
    tainted: &HashSet<String>,
) -> Vec<super::LoggedSecret> {
    let mut out = Vec::new();
    for_each_match(&LOGGING, root, text, range, |captures| {
        let (Some(sink), Some(arguments), Some(call)) = (
            capture(captures, "sink"),
            capture(captures, "arguments"),
            capture(captures, "call"),
        ) else {
            return;
        };
        let receiver = capture(captures, "receiver").map(|r| node_text(r, text));
        let sink = node_text(sink, text);
        if !is_output(receiver, sink) {
            return;
        }
        let callee =
            node_text(call.child_by_field_name("function").unwrap_or(call), text).to_owned();
        let mut stack = vec![arguments];
        while let Some(node) = stack.pop() {
            if let Some(name) = secret_expression(node, text, tainted)
                .filter(|_| reaches_output(node, arguments, text))
            {
                if message_label(node, arguments, text).is_some_and(|l| {
                    super::labels_a_cursor(l) || super::labels_an_id(l) || super::labels_a_name(l)
                }) {
                    continue;
                }
                out.push(super::LoggedSecret {
                    span: node.byte_range(),
                    name,
                    sink: callee.clone(),
                    in_test: false,
                });
                continue;
            }
            let mut cursor = node.walk();
            stack.extend(node.named_children(&mut cursor));
        }
    });
    out
}

/// The message text right before where `node` is shown: the literal part of
/// an f-string before its interpolation (`f"Next page token: {x.token}"`),
/// the key it is shown under in a logged mapping (`{"agent_run_id":
/// self._run_token}`), or the part of the format string before the
/// placeholder of a positional argument (`logger.info("Next page token:
/// %s", token)`).
fn message_label<'t>(node: Node, arguments: Node, text: &'t str) -> Option<&'t str> {
    let mut child = node;
    while let Some(parent) = child.parent() {
        if parent.kind() == "interpolation" {
            let string = parent.parent().filter(|s| s.kind() == "string")?;
            let before = text.get(string.start_byte()..parent.start_byte())?;
            return Some(before.rsplit('}').next().unwrap_or(before));
        }
        if parent.kind() == "pair" && parent.child_by_field_name("value") == Some(child) {
            let key = parent
                .child_by_field_name("key")
                .filter(|k| k.kind() == "string")?;
            return Some(node_text(key, text).trim_matches(['"', '\'']));
        }
        if parent == arguments {
            break;
        }
        child = parent;
    }
    // A positional argument after a format string.
    let mut cursor = arguments.walk();
    let positional: Vec<Node> = arguments
        .named_children(&mut cursor)
        .filter(|a| a.kind() != "keyword_argument" && a.kind() != "comment")
        .collect();
    let format = positional.first().filter(|f| f.kind() == "string")?;
    let index = positional
        .iter()
        .position(|a| *a == child)?
        .checked_sub(1)?;
    let format = node_text(*format, text);
    let placeholder = PLACEHOLDER.find_iter(format).nth(index)?;
    let before = &format[..placeholder.start()];
    Some(
        PLACEHOLDER
            .find_iter(before)
            .last()
            .map_or(before, |p| &before[p.end()..]),
    )
}

/// A `%`-style or `{}`-style placeholder of a format string.
static PLACEHOLDER: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"%[-#0 +]*\d*(?:\.\d+)?[sdrifxXeEgGc]|\{[^{}]*\}").expect("valid regex")
});

/// Whether the value of `node` itself is printed, not something derived from
/// it: `len(token)`, `token is None`, `token.expires` and `"a" if token
/// else "b"` print no secret,
/// while `str(token)`, `f"{token}"` and `"%s" % token` do.
fn reaches_output(node: Node, arguments: Node, text: &str) -> bool {
    let mut child = node;
    while let Some(parent) = child.parent() {
        if parent == arguments {
            return true;
        }
        let passes_through = match parent.kind() {
            // `token.expires`, `token[:4]`, `token is None`, `not token`: derived values.
            "attribute"
            | "subscript"
            | "slice"
            | "comparison_operator"
            | "boolean_operator"
            | "not_operator"
            | "lambda" => false,
            "keyword_argument" => parent.child_by_field_name("value") == Some(child),
            // `"Refreshing" if token else "Setting"`: the token only chooses
            // which value is printed (a conditional's condition is its
            // second operand).
            "conditional_expression" => parent.named_child(1) != Some(child),
            "call" => {
                parent.child_by_field_name("function") != Some(child)
                    && is_string_conversion(parent, text)
            }
            _ => true,
        };
        if !passes_through {
            return false;
        }
        child = parent;
    }
    false
}

/// `str(x)`, `repr(x)`, `"…".format(x)`, `", ".join(x)`: calls whose result shows `x`.
fn is_string_conversion(call: Node, text: &str) -> bool {
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    let name = match function.kind() {
        "identifier" => node_text(function, text),
        "attribute" => function
            .child_by_field_name("attribute")
            .map_or("", |a| node_text(a, text)),
        _ => "",
    };
    matches!(
        name,
        "str" | "repr" | "format" | "join" | "encode" | "decode" | "strip" | "upper" | "lower"
    )
}

/// Fields a dataclass's or pydantic model's repr would print: credential
/// names typed as plain strings (not `SecretStr`), without `field(repr=False)`.
pub fn repr_fields(root: Node, text: &str) -> Vec<super::ReprField> {
    let mut out = Vec::new();
    for_each_match(&REPR, root, text, None, |captures| {
        let (Some(definition), Some(class), Some(field), Some(kind)) = (
            capture(captures, "definition"),
            capture(captures, "class"),
            capture(captures, "field"),
            capture(captures, "type"),
        ) else {
            return;
        };
        let name = node_text(field, text);
        if credential_kind(name).is_none() {
            return;
        }
        let kind_text: String = node_text(kind, text).split_whitespace().collect();
        let stringly = matches!(
            kind_text.as_str(),
            "str" | "bytes" | "Optional[str]" | "str|None" | "Union[str,None]"
        );
        if !stringly {
            return;
        }
        let dataclass = definition.parent().is_some_and(|p| {
            p.kind() == "decorated_definition"
                && node_text(p, text)[..definition.start_byte() - p.start_byte()]
                    .contains("dataclass")
        });
        let pydantic = capture(captures, "bases").is_some_and(|b| {
            ["BaseModel", "BaseSettings"]
                .iter()
                .any(|base| node_text(b, text).contains(base))
        });
        // `field(repr=False)`, `Field(repr=False)`, `FieldInfo(repr=False)`:
        // both reprs leave the field out.
        let hidden = capture(captures, "default")
            .is_some_and(|d| node_text(d, text).replace(' ', "").contains("repr=False"));
        let style = match (dataclass, pydantic) {
            (true, _) => super::ReprStyle::Dataclass,
            (_, true) => super::ReprStyle::Pydantic,
            _ => return,
        };
        let (fields, methods) = class_members(definition, text);
        // A class that writes its own `__repr__` or `__str__` chose what it
        // prints; the generated repr is not used (or not what is logged).
        let own_text_form = methods.iter().any(|m| matches!(*m, "__repr__" | "__str__"));
        let owner = node_text(class, text);
        if hidden
            || own_text_form
            || super::field_is_not_secret("", owner, name, &fields)
            || class_docstring(definition, text)
                .is_some_and(|doc| super::documented_cursor_token(doc, name))
            || attribute_docstring(field, text).is_some_and(super::documented_as_reference)
            || capture(captures, "default")
                .and_then(|d| field_description(d, text))
                .is_some_and(super::documented_as_reference)
        {
            return;
        }
        out.push(super::ReprField {
            span: field.byte_range(),
            owner: owner.to_owned(),
            field: name.to_owned(),
            style,
            in_test: false,
        });
    });
    out
}

/// The docstring of a class attribute: the string statement right after the
/// field's own (`api_key: str` then `"""Name of the secret holding the key."""`),
/// without its quotes.
fn attribute_docstring<'t>(field: Node, text: &'t str) -> Option<&'t str> {
    let mut statement = field;
    while statement.kind() != "expression_statement" {
        statement = statement.parent()?;
    }
    let next = statement.next_named_sibling()?;
    let string = next.named_child(0).filter(|s| {
        next.kind() == "expression_statement"
            && next.named_child_count() == 1
            && s.kind() == "string"
    })?;
    let body = node_text(string, text);
    let body = body.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    Some(body.trim_matches(|c| c == '"' || c == '\''))
}

/// The `description` of a pydantic field, `Field(default=None,
/// description="""Name of the secret …""")`, without its quotes: a
/// generated model's documentation of the field.
fn field_description<'t>(default: Node, text: &'t str) -> Option<&'t str> {
    if default.kind() != "call" {
        return None;
    }
    let function = node_text(default.child_by_field_name("function")?, text);
    if !matches!(
        function.rsplit('.').next(),
        Some("Field" | "FieldInfo" | "field")
    ) {
        return None;
    }
    let arguments = default.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let description = arguments.named_children(&mut cursor).find(|a| {
        a.kind() == "keyword_argument"
            && a.child_by_field_name("name")
                .is_some_and(|n| node_text(n, text) == "description")
    })?;
    let value = description.child_by_field_name("value")?;
    if value.kind() != "string" {
        return None;
    }
    let body = node_text(value, text);
    let body = body.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    Some(body.trim_matches(|c| c == '"' || c == '\''))
}

/// The names of a class body's annotated fields and of its methods.
/// A class's docstring (the string statement opening its body), with its quotes.
fn class_docstring<'t>(definition: Node, text: &'t str) -> Option<&'t str> {
    let first = definition.child_by_field_name("body")?.named_child(0)?;
    let string = first.named_child(0)?;
    (first.kind() == "expression_statement" && string.kind() == "string")
        .then(|| node_text(string, text))
}

fn class_members<'t>(definition: Node, text: &'t str) -> (Vec<&'t str>, Vec<&'t str>) {
    let (mut fields, mut methods) = (Vec::new(), Vec::new());
    let Some(body) = definition.child_by_field_name("body") else {
        return (fields, methods);
    };
    let mut cursor = body.walk();
    for statement in body.named_children(&mut cursor) {
        let member = match statement.kind() {
            "decorated_definition" => statement.child_by_field_name("definition"),
            "expression_statement" => statement.named_child(0),
            _ => Some(statement),
        };
        let Some(member) = member else { continue };
        match member.kind() {
            "function_definition" => {
                if let Some(name) = member.child_by_field_name("name") {
                    methods.push(node_text(name, text));
                }
            }
            "assignment" => {
                if let Some(left) = member.child_by_field_name("left") {
                    fields.push(node_text(left, text));
                }
            }
            _ => {}
        }
    }
    (fields, methods)
}

/// The fields of pydantic-settings classes (`class Settings(BaseSettings)`),
/// which read the environment variable of the same name, case-insensitively.
pub fn settings_class_fields(root: Node, text: &str) -> Vec<EnvAccess> {
    let mut out = Vec::new();
    for_each_match(&REPR, root, text, None, |captures| {
        let (Some(field), Some(bases)) = (capture(captures, "field"), capture(captures, "bases"))
        else {
            return;
        };
        if node_text(bases, text).contains("BaseSettings") {
            out.push(EnvAccess {
                span: field.byte_range(),
                api: "BaseSettings".to_owned(),
                variable: Some(node_text(field, text).to_uppercase()),
                kind: EnvKind::Read,
                in_test: false,
                in_settings: true,
            });
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::takes_key_then_value;

    #[test]
    fn calls_that_take_a_key_then_its_value() {
        for callee in [
            "os.getenv",
            "getenv",
            "os.environ.setdefault",
            "monkeypatch.setenv",
            "os.environ.__setitem__",
            "headers.set",
            "config.get",
            "request.add_header",
            "conn.putheader",
            "response.setHeader",
            "self._set",
            "mocker.patch",
            "mock.patch",
            "monkeypatch.setattr",
            "config",
            "env",
            "env.str",
        ] {
            assert!(takes_key_then_value(callee), "{callee}");
        }
        for callee in [
            "helper._prepare_url",
            "copy",
            "store.rename_secret",
            "settings.configure",
            "assert_equal",
            "getattr_static",
        ] {
            assert!(!takes_key_then_value(callee), "{callee}");
        }
    }
}
