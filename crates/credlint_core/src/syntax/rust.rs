//! Rust facts: string bindings and `std::env` accesses.

use super::{each_node, is_named_kind, node_text, Binding, EnvAccess, EnvKind};
use crate::document::Language;
use crate::value::NameKind;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;
use tree_sitter::Node;

/// Functions that read or write the process environment, by full path.
const ENV_FUNCTIONS: &[&str] = &[
    "std::env::var",
    "std::env::var_os",
    "std::env::vars",
    "std::env::vars_os",
    "std::env::set_var",
    "std::env::remove_var",
    "dotenvy::var",
    "dotenvy::vars",
    "dotenv::var",
    "dotenv::vars",
];

/// Bindings of a value to a name in Rust, found by one walk over the tree.
///
/// The shapes (the names are the `Pattern`s' below):
///
/// - `const API_KEY: &str = "…";`, `static TOKEN: &str = "…";`
/// - `let password = "…";`, `let token: String = "…".into();`
/// - `Config { password: "…".to_string(), .. }`
/// - `password = "…";`, `self.token = "…".to_owned();`
/// - `if password == "…"` (an identifier or a field on the left)
/// - `.bearer_auth("…")`, `.password("…")`, `.basic_auth(user, Some("…"))`:
///   the method names the credential, the last argument holds it; not when
///   the method finds a stored credential by its handle
///   (`.read_acl_token(accessor_id)`, `.delete_secret(name)`,
///   `.get_api_key(key_id)`): the caller passes what names it
/// - `.header("Authorization", "Bearer …")`, `map.insert("api_key", "…")`:
///   a call whose first argument is a string names the second
/// - `.header(AUTHORIZATION, "Bearer …")`, `.header(API_KEY_HEADER, "…")`:
///   a constant names the credential (its name is judged like any other)
/// - `.insert_header(("X-Auth-Token", "…"))`, `.append_header((AUTHORIZATION,
///   "…"))`: a (name, value) tuple, the name a header (capitalised) or a key
///   of several words ([`TUPLE_NAME`]) — not prose such as `("the signing
///   secret", "…")`, nor a bare label; also the pair that opens a test case
///   row, `("Bearer", "…", 401)` (no other string after it); a constant
///   names only a tuple of two
/// - `serde_json::json!({"client_secret": "…"})`, `assert_eq!(token, "…")`:
///   a macro's body is a token tree, not expressions, so its key/value pairs
///   and (name, value) tuples are read token by token ([`macro_bindings`],
///   [`assertion_binding`])
/// - `EncodingKey::from_secret(b"…")`, `Hmac::<Sha256>::new_from_slice(b"…")`:
///   calls whose API says which argument is a credential
///   ([`super::positions`])
///
/// The value may be any expression: [`unwrap_literal`] looks through
/// `"…".to_string()`, `.into()`, `String::from("…")`, `Some("…")`, `&"…"`,
/// `format!("…")` without arguments, the fallback of `.unwrap_or(…)`.
/// `Lazy::new(|| "…")`, `format!("…")` and the fallback of `.unwrap_or(…)`
/// or `.unwrap_or_else(|_| …)` to the string literal inside (a fallback of
/// an environment read is bound to the variable's name too), tuples and arrays
/// (`("user", "…")`, `&["…"]`) are read element by element, and everything
/// else is ignored.
///
/// Why a walk and not a query under `queries/rust/`: this was that folder's
/// `credentials.scm`, the hottest query of a Rust file (14.5% of the CPU of
/// a check of the crates corpus, most of it the query cursor's bookkeeping
/// of fourteen patterns at every node, and its compilation a good part of a
/// one-file check's start-up). Every shape is a node and its children, so
/// one cursor walk that looks at each node's kind once finds them all. It
/// keeps the query's semantics: a "first", "second" or "last" child counts
/// named children, comments included; a value is a named node other than an
/// error; and the bindings of one literal come in the order the query gave
/// them (the outer match first, then the patterns in the order above), which
/// the engine's choice among one literal's findings depends on.
///
/// A call in a credential position is read through the file's `use`
/// declarations (see [`Uses`]), wherever in the walk they come:
/// `use jsonwebtoken::EncodingKey as E;` makes `E::from_secret(…)` an
/// `EncodingKey::from_secret`. The calls are judged once the walk has seen
/// them all.
pub fn bindings(root: Node, text: &str) -> Vec<Binding> {
    bindings_walk(root, 0, text, None)
}

/// What the items' walks find under the item `node` of the file whose root
/// is `root` (see [`super::rust_tree_facts`]): [`walk_facts`] of the item,
/// calls resolved through the file's `use`s gathered beforehand (see
/// [`file_uses`]).
pub(super) fn item_facts(
    root: Node,
    node: Node,
    text: &str,
    module: &str,
    wanted: [bool; 4],
    uses: [&Uses; 2],
) -> super::ItemFacts {
    walk_facts(root, node, 1, text, module, wanted, Some(uses))
}

/// What the walks of every fact `wanted` (bindings, environment accesses,
/// printed values, `Debug` fields) find under `start`, `depth` below the
/// root `root` of its file, in one walk: each as the walks of [`bindings`],
/// [`env_accesses`], [`printed_credentials`] and [`item_repr_fields`]
/// under `start` find it, in the same order, calls resolved through
/// `given` (the bindings' `use`s, then the environment's) when there are,
/// else through the `use`s each walk meets. A walk for each fact made
/// opening a 10,000-line file walk its tree four times, and the command
/// line walk each file's parts four times (a quarter of a check of Rust
/// files). The printed values are those only the file's declarations can
/// still clear (see [`keep_printed_secrets`]).
pub(super) fn walk_facts(
    root: Node,
    start: Node,
    depth: usize,
    text: &str,
    module: &str,
    wanted: [bool; 4],
    given: Option<[&Uses; 2]>,
) -> super::ItemFacts {
    let [bindings, env, logging, reprs] = wanted;
    let mut binding_walk = BindingsWalk::default();
    let mut env_uses = Uses::default();
    let mut env_calls = Vec::new();
    let mut logged = Vec::new();
    let mut repr_walk = ReprWalk::default();
    each_node(start, text, |node, field, ancestors| {
        if bindings {
            binding_walk.visit(node, depth + ancestors.len(), text);
        }
        if env {
            match environment_node(node, field, ancestors, text) {
                Some(EnvironmentNode::Call(call, callee, arguments)) => {
                    env_calls.push((call, callee, arguments));
                }
                Some(EnvironmentNode::Use(tree)) if given.is_none() => env_uses.add(tree, text),
                _ => {}
            }
        }
        if logging {
            if let Some(sink) = output_macro(node, ancestors, text) {
                printed_by(root, text, sink, node, &mut logged);
            }
        }
        if reprs {
            if let Some(found) = struct_field_typed(node, field, ancestors) {
                repr_walk.field(root, text, module, found);
            }
        }
    });
    let [binding_uses, env_given] = match given {
        Some([b, e]) => [Some(b), Some(e)],
        None => [None, None],
    };
    super::ItemFacts {
        bindings: match bindings {
            true => binding_walk.finish(text, binding_uses),
            false => Vec::new(),
        },
        env: env_accesses_of(root, text, env_calls, env_given.unwrap_or(&env_uses)),
        logged,
        reprs: repr_walk.out,
    }
}

/// The walk of [`bindings`] under `start`, `depth` below the file's root;
/// calls are resolved through `given` when there is one, else through the
/// `use`s the walk meets.
fn bindings_walk(start: Node, depth: usize, text: &str, given: Option<&Uses>) -> Vec<Binding> {
    let mut walk = BindingsWalk::default();
    // The query's work was metered; so is the walk (see [`each_node`]), as
    // a backstop.
    each_node(start, text, |node, _, ancestors| {
        walk.visit(node, depth + ancestors.len(), text);
    });
    walk.finish(text, given)
}

/// What the walk of [`bindings`] gathers node by node: the shapes found,
/// the `use`s met, and the calls in a credential position, judged once
/// the walk has seen them all ([`BindingsWalk::finish`]).
#[derive(Default)]
struct BindingsWalk<'t> {
    found: Vec<(usize, Pattern, Binding)>,
    scratch: Vec<Binding>,
    uses: Uses,
    calls: Vec<(usize, Node<'t>, Node<'t>)>,
}

impl<'t> BindingsWalk<'t> {
    /// Reads `node`, `depth` below the file's root.
    fn visit(&mut self, node: Node<'t>, depth: usize, text: &str) {
        // Most nodes are of no kind read here: told by their id, without
        // the name's `strlen` and UTF-8 check `kind` costs at each node.
        if !is_read_by_bindings(node.kind_id()) {
            return;
        }
        match node.kind() {
            "use_declaration" => {
                if let Some(argument) = node.child_by_field_name("argument") {
                    self.uses.add(argument, text);
                }
            }
            "type_item" => self.uses.add_type_alias(node, text),
            "call_expression" => {
                if let Some((function, arguments)) = position_call(node) {
                    self.calls.push((depth + 1, function, arguments));
                }
            }
            _ => {}
        }
        let (found, scratch) = (&mut self.found, &mut self.scratch);
        visit(
            node,
            text,
            &mut |at: usize, pattern, add: &mut dyn FnMut(&mut Vec<Binding>)| {
                add(scratch);
                found.extend(scratch.drain(..).map(|b| (depth + at, pattern, b)));
            },
        );
    }

    /// The bindings, calls resolved through `given` when there is one, else
    /// through the `use`s the walk met.
    fn finish(self, text: &str, given: Option<&Uses>) -> Vec<Binding> {
        let mut found = self.found;
        let uses = given.unwrap_or(&self.uses);
        for (depth, function, arguments) in self.calls {
            let mut bindings = call_bindings(function, arguments, text, uses);
            bindings.extend(rsa_component_bindings(function, arguments, text, uses));
            found.extend(bindings.into_iter().map(|b| (depth, Pattern::Position, b)));
        }
        // One literal may be bound to several names (`.header("Authorization", "…")`
        // binds it to `header` and to `Authorization`); each is judged, and the
        // engine keeps one finding per secret: the first of them in the order
        // described above (a stable sort keeps a shape's own order).
        found.sort_by_key(|(depth, pattern, b)| (b.span.start, *depth, *pattern));
        found.into_iter().map(|(_, _, b)| b).collect()
    }
}

/// The shapes [`bindings`] reads, in the order one literal's bindings come in
/// when several shapes bind it at the same node.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Pattern {
    Const,
    Static,
    Let,
    FieldInitializer,
    Assignment,
    FieldAssignment,
    Comparison,
    Method,
    StringNamesArgument,
    ConstantNamesArgument,
    StringNamesTuple,
    ConstantNamesTuple,
    Macro,
    Position,
}

/// Where [`visit`] hands a shape it found: how deep below the node the
/// shape ends, the shape, and what adds its bindings.
type Emit<'e> = dyn FnMut(usize, Pattern, &mut dyn FnMut(&mut Vec<Binding>)) + 'e;

/// The kinds of node [`bindings_walk`] and [`visit`] read; a node of any
/// other kind gives neither a binding nor a `use` (a test runs [`visit`] on
/// every node of the Rust fixtures to check it).
const READ_BY_BINDINGS: [&str; 11] = [
    "use_declaration",
    "type_item",
    "call_expression",
    "const_item",
    "static_item",
    "let_declaration",
    "field_initializer",
    "assignment_expression",
    "binary_expression",
    "tuple_expression",
    "macro_invocation",
];

/// Whether a node whose kind id is `id` is of a kind in
/// [`READ_BY_BINDINGS`]: every id the grammar names so, aliases included.
fn is_read_by_bindings(id: u16) -> bool {
    static READ: LazyLock<Vec<bool>> = LazyLock::new(|| {
        let grammar = Language::Rust.grammar().expect("a parsed language");
        (0..grammar.node_kind_count())
            .map(|id| {
                let kind = u16::try_from(id)
                    .ok()
                    .and_then(|id| grammar.node_kind_for_id(id));
                kind.is_some_and(|kind| READ_BY_BINDINGS.contains(&kind))
            })
            .collect()
    });
    READ.get(usize::from(id)).copied().unwrap_or(false)
}

/// Hands each binding shape found at `node` to `emit`: how deep below
/// `node` the shape ends (its value, or the node it reads), the shape, and
/// what adds its bindings.
fn visit(node: Node, text: &str, emit: &mut Emit<'_>) {
    let is_value = |n: &Node| n.is_named() && !n.is_error();
    // `parent` is `value`'s, which the walk knows: `Node::parent` descends
    // from the root to find it, past every top-level item before it.
    let pair = |emit: &mut Emit<'_>,
                at: usize,
                pattern: Pattern,
                name: Node,
                (value, parent): (Node, Node)| {
        if is_value(&value) {
            emit(at, pattern, &mut |out| {
                pair_binding(name, value, parent, text, out);
            });
        }
    };
    match node.kind() {
        kind @ ("const_item" | "static_item") => {
            let pattern = if kind == "const_item" {
                Pattern::Const
            } else {
                Pattern::Static
            };
            let name = node.child_by_field_name("name");
            if let (Some(name), Some(value)) = (name, node.child_by_field_name("value")) {
                if name.kind() == "identifier" {
                    pair(emit, 1, pattern, name, (value, node));
                }
            }
        }
        "let_declaration" => {
            let name = node.child_by_field_name("pattern");
            if let (Some(name), Some(value)) = (name, node.child_by_field_name("value")) {
                if name.kind() == "identifier" {
                    pair(emit, 1, Pattern::Let, name, (value, node));
                }
            }
        }
        "field_initializer" => {
            let name = node.child_by_field_name("field");
            if let (Some(name), Some(value)) = (name, node.child_by_field_name("value")) {
                if name.kind() == "field_identifier" {
                    pair(emit, 1, Pattern::FieldInitializer, name, (value, node));
                }
            }
        }
        "assignment_expression" => {
            let left = node.child_by_field_name("left");
            if let (Some(left), Some(value)) = (left, node.child_by_field_name("right")) {
                match left.kind() {
                    "identifier" => pair(emit, 1, Pattern::Assignment, left, (value, node)),
                    "field_expression" => {
                        if let Some(field) = left
                            .child_by_field_name("field")
                            .filter(|f| f.kind() == "field_identifier")
                        {
                            pair(emit, 1, Pattern::FieldAssignment, field, (value, node));
                        }
                    }
                    _ => {}
                }
            }
        }
        "binary_expression" => {
            let left = node.child_by_field_name("left");
            let operator = node.child_by_field_name("operator");
            if let (Some(left), Some(operator), Some(value)) =
                (left, operator, node.child_by_field_name("right"))
            {
                if matches!(left.kind(), "identifier" | "field_expression")
                    && operator.kind() == "=="
                {
                    pair(emit, 1, Pattern::Comparison, left, (value, node));
                }
            }
        }
        "call_expression" => {
            let Some(arguments) = node
                .child_by_field_name("arguments")
                .filter(|a| a.kind() == "arguments")
            else {
                return;
            };
            let function = node.child_by_field_name("function");
            let (first, second, last) = first_second_last(arguments);
            if let (Some(function), Some(last)) = (function, last) {
                if function.kind() == "field_expression" {
                    if let Some(method) = function
                        .child_by_field_name("field")
                        .filter(|f| f.kind() == "field_identifier")
                        .filter(|f| !finds_by_handle(node_text(*f, text)))
                    {
                        pair(emit, 2, Pattern::Method, method, (last, arguments));
                    }
                }
            }
            // `env::var("DB_PASSWORD").unwrap_or("…".into())`: the fallback
            // stands for the variable read, and is judged by its name too.
            // The fallback is asked first: the read's `.ok()` links are
            // walked only below a fallback, so each link is walked once,
            // not once per link above it (`env::var("X").ok().ok()…`).
            let read = fallback(node, text)
                .and(function.filter(|f| f.kind() == "field_expression"))
                .and_then(|f| f.child_by_field_name("value"))
                .and_then(|receiver| environment_variable(receiver, text));
            if let Some(variable) = read {
                // Rare (a fallback to an environment read): asked of the tree.
                if let Some(parent) = node.parent() {
                    pair(emit, 2, Pattern::Method, variable, (node, parent));
                }
            }
            if let (Some(first), Some(second)) = (first, second) {
                match first.kind() {
                    "string_literal" | "raw_string_literal" => {
                        pair(
                            emit,
                            2,
                            Pattern::StringNamesArgument,
                            first,
                            (second, arguments),
                        );
                    }
                    "identifier" | "scoped_identifier"
                        if is_constant_path(node_text(first, text)) =>
                    {
                        pair(
                            emit,
                            2,
                            Pattern::ConstantNamesArgument,
                            first,
                            (second, arguments),
                        );
                    }
                    _ => {}
                }
            }
            // Credential positions: see `position_call`, read by `bindings`.
        }
        "tuple_expression" => {
            let (first, second, last) = first_second_last(node);
            if let (Some(first), Some(second)) = (first, second) {
                match first.kind() {
                    "string_literal" | "raw_string_literal"
                        if TUPLE_NAME.is_match(node_text(first, text)) =>
                    {
                        pair(emit, 1, Pattern::StringNamesTuple, first, (second, node));
                    }
                    "identifier" | "scoped_identifier"
                        if last == Some(second) && is_constant_path(node_text(first, text)) =>
                    {
                        pair(emit, 1, Pattern::ConstantNamesTuple, first, (second, node));
                    }
                    _ => {}
                }
            }
        }
        "macro_invocation" => {
            let Some(name) = node.child_by_field_name("macro").filter(is_value) else {
                return;
            };
            let path = node_text(name, text);
            let mut cursor = node.walk();
            for tokens in node.children(&mut cursor) {
                if tokens.kind() == "token_tree" && tokens.start_byte() >= name.end_byte() {
                    emit(1, Pattern::Macro, &mut |out| {
                        macro_bindings(tokens, is_json_macro(path), text, out);
                        if is_equality_assertion(path) {
                            out.extend(assertion_binding(tokens, text));
                        }
                    });
                }
            }
        }
        _ => {}
    }
}

/// The first, second and last named children of `node` (comments and
/// attributes count, as they do for a query's anchors).
fn first_second_last(node: Node) -> (Option<Node>, Option<Node>, Option<Node>) {
    let mut cursor = node.walk();
    let mut children = node.named_children(&mut cursor);
    let first = children.next();
    let second = children.next();
    let last = children.last().or(second).or(first);
    (first, second, last)
}

/// A method that finds a stored credential by its handle (`.read_acl_token(id)`,
/// `.delete_secret(name)`, `.get_api_key(key_id)`): its argument names it.
fn finds_by_handle(method: &str) -> bool {
    const VERBS: &[&str] = &[
        "get", "read", "fetch", "find", "lookup", "describe", "delete", "remove",
    ];
    VERBS.iter().any(|verb| {
        method
            .strip_prefix(verb)
            .is_some_and(|rest| rest.starts_with('_'))
    })
}

/// Whether a path ends in a constant's name (`AUTHORIZATION`,
/// `header::API_KEY_HEADER`), which names what it is passed with.
fn is_constant_path(path: &str) -> bool {
    let last = path.rsplit("::").next().unwrap_or(path);
    let mut chars = last.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The bindings of `value` to the name `name` gives (see [`bindings`]).
/// `parent` is `value`'s parent.
fn pair_binding(name: Node, value: Node, parent: Node, text: &str, out: &mut Vec<Binding>) {
    debug_assert_eq!(value.parent(), Some(parent), "the walk knows the parent");
    let name = match name.kind() {
        "string_literal" | "raw_string_literal" => match string_literal(name, text) {
            Some((content, _)) => content.to_owned(),
            None => return,
        },
        "field_expression" => match name.child_by_field_name("field") {
            Some(field) => node_text(field, text).to_owned(),
            None => return,
        },
        "scoped_identifier" => match name.child_by_field_name("name") {
            Some(last) => node_text(last, text).to_owned(),
            None => return,
        },
        _ => node_text(name, text).to_owned(),
    };
    // `("Bearer", "…")` names its value as a tuple of two, or as the two
    // strings that open a test case row whose other elements are not
    // strings (`("Bearer", "…", 401, None)`): in a longer tuple of
    // strings each is a value, not a name.
    if parent.kind() == "tuple_expression" {
        let mut cursor = parent.walk();
        let more_strings = parent
            .named_children(&mut cursor)
            .filter(|e| !e.kind().ends_with("comment") && e.kind() != "attribute_item")
            .skip(2)
            .any(|e| matches!(e.kind(), "string_literal" | "raw_string_literal"));
        if more_strings {
            return;
        }
    }
    // A tuple passed as an argument is not bound to the method's name
    // (`.insert_header(("X-Api-Token", "…"))`): its own first element names it.
    let bound = parent.kind() != "arguments";
    if let Some((tuple, elements)) = container(value).filter(|_| bound) {
        let mut cursor = elements.walk();
        let literals = elements
            .named_children(&mut cursor)
            .filter(|e| !e.kind().ends_with("comment") && e.kind() != "attribute_item")
            .map(|e| literal(e, text))
            .collect();
        out.extend(super::container_bindings(&name, tuple, literals));
    } else if let Some((value, span)) = unwrap_literal(value, text, 4) {
        out.push(Binding {
            name,
            value: value.to_owned(),
            span,
            kind: None,
            public: false,
        });
    }
}

/// `json!`, `serde_json::json!`, a crate's own `parse_json!`: macros whose
/// body is a JSON object literal, so `"key": "value"` in it is a pair.
fn is_json_macro(path: &str) -> bool {
    let last = path.rsplit("::").next().unwrap_or(path);
    last.to_ascii_lowercase().ends_with("json")
}

/// `assert_eq!`, `pretty_assertions::assert_ne!`, `debug_assert_eq!`.
fn is_equality_assertion(path: &str) -> bool {
    let last = path.rsplit("::").next().unwrap_or(path);
    matches!(
        last,
        "assert_eq" | "assert_ne" | "debug_assert_eq" | "debug_assert_ne" | "assert_str_eq"
    )
}

/// `assert_eq!(token, "…")` or `assert_eq!("…", config.api_key)`: the
/// literal a credential-named variable (or field) is compared with is the
/// value the test expects it to hold, bound to that name as `token == "…"`
/// is. Only the first two arguments count, each a whole literal or a plain
/// path (`a`, `a.b`, `&a.b`); a call or an expression says nothing about
/// the name.
fn assertion_binding(tree: Node, text: &str) -> Option<Binding> {
    let mut cursor = tree.walk();
    let tokens: Vec<Node> = tree
        .children(&mut cursor)
        .filter(|t| !t.kind().ends_with("comment"))
        .collect();
    let inner = tokens.get(1..tokens.len().saturating_sub(1))?;
    let mut arguments = inner.split(|t| t.kind() == ",");
    let (first, second) = (arguments.next()?, arguments.next()?);
    let literal = |side: &[Node]| match side {
        [one] if matches!(one.kind(), "string_literal" | "raw_string_literal") => {
            string_literal(*one, text)
        }
        _ => None,
    };
    let path_name = |side: &[Node]| {
        let side = match side.first() {
            Some(first) if first.kind() == "&" => &side[1..],
            _ => side,
        };
        let plain = !side.is_empty()
            && side.iter().enumerate().all(|(i, t)| {
                if i % 2 == 0 {
                    matches!(t.kind(), "identifier" | "self")
                } else {
                    t.kind() == "."
                }
            })
            && side.len() % 2 == 1;
        plain.then(|| node_text(side[side.len() - 1], text))
    };
    let (name, (value, span)) = match (path_name(first), literal(second)) {
        (Some(name), Some(value)) => (name, value),
        _ => (path_name(second)?, literal(first)?),
    };
    Some(Binding {
        name: name.to_owned(),
        value: value.to_owned(),
        span,
        kind: None,
        public: false,
    })
}

/// A (name, value) tuple's name: a header (capitalised, `Authorization`) or a
/// key of several words (`client_secret`), as the `tuple_expression`
/// shapes of [`bindings`] ask — not prose, nor a bare
/// label such as `("code", "…")`.
static TUPLE_NAME: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r##"^[a-z#]*"(?:[A-Z][A-Za-z0-9]*|[A-Za-z][A-Za-z0-9]*[_.-][A-Za-z0-9_.-]*)"#*$"##,
    )
    .expect("valid regex")
});

/// Bindings inside a macro's token tree, which tree-sitter does not parse
/// as expressions (`assert_eq!`, `vec!`, `all_of![…]`, `json!({…})`), so
/// the query patterns above never see them:
///
/// - in a JSON macro (its name ends in `json`), `"key": "value"` after `{`
///   or `,` binds the value to the key, as a dictionary pair does in Python;
/// - in any macro, a parenthesised group of exactly two string literals in
///   expression position, `("client_secret", "…")`, is a (name, value)
///   tuple, its name judged by [`TUPLE_NAME`]. A group after a name (`f("a",
///   "b")`, a call's arguments) is not a tuple.
///
/// A `json!` nested in another macro's tokens (`all_of![json!({…})]`) is
/// a name, `!` and a token tree: it is recognised from those tokens. Only
/// whole literals count: `"key": "a" + b` or `("a", "b".repeat(2))` are not
/// read, as nothing says what the expression makes.
fn macro_bindings(tree: Node, json: bool, text: &str, out: &mut Vec<Binding>) {
    let mut cursor = tree.walk();
    let tokens: Vec<Node> = tree
        .children(&mut cursor)
        .filter(|t| !t.kind().ends_with("comment"))
        .collect();
    let kind = |i: usize| tokens.get(i).map(|t| t.kind());
    let is_string = |i: usize| matches!(kind(i), Some("string_literal" | "raw_string_literal"));
    let opening = tokens.first().map(|t| t.kind());
    let closing = tokens.last().map(|t| t.kind());
    let bind = |name: Node, value: Node, out: &mut Vec<Binding>| {
        if let (Some((name, _)), Some((value, span))) =
            (string_literal(name, text), string_literal(value, text))
        {
            out.push(Binding {
                name: name.to_owned(),
                value: value.to_owned(),
                span,
                kind: None,
                public: false,
            });
        }
    };

    // ("name", "value") or ("name", "value",): the whole group is the tuple.
    let mut previous = tree.prev_sibling();
    while let Some(comment) = previous.filter(|p| p.kind().ends_with("comment")) {
        previous = comment.prev_sibling();
    }
    let in_expression_position = previous.is_some_and(|p| {
        matches!(
            p.kind(),
            "(" | "[" | "{" | "," | "=" | "=>" | "&" | ";" | ":"
        )
    });
    let pair_tokens = tokens.len() == 5 || (tokens.len() == 6 && kind(4) == Some(","));
    if opening == Some("(")
        && closing == Some(")")
        && in_expression_position
        && pair_tokens
        && is_string(1)
        && kind(2) == Some(",")
        && is_string(3)
        && TUPLE_NAME.is_match(node_text(tokens[1], text))
    {
        bind(tokens[1], tokens[3], out);
    }

    for (i, token) in tokens.iter().enumerate() {
        if token.kind() == "token_tree" {
            // `json!(…)` or `serde_json::json!(…)` among the tokens
            let nested_json = i >= 2
                && kind(i - 1) == Some("!")
                && tokens[i - 2].kind() == "identifier"
                && is_json_macro(node_text(tokens[i - 2], text));
            macro_bindings(*token, json || nested_json, text, out);
        } else if json
            && is_string(i)
            && i >= 1
            && matches!(kind(i - 1), Some("{" | ","))
            && kind(i + 1) == Some(":")
            && is_string(i + 2)
            && matches!(kind(i + 3), Some("," | "}"))
        {
            bind(*token, tokens[i + 2], out);
        }
    }
}

/// A tuple or array value (`("user", "…")`, `&["…", "…"]`) and whether it is a tuple.
fn container(node: Node) -> Option<(bool, Node)> {
    match node.kind() {
        "tuple_expression" => Some((true, node)),
        "array_expression" => Some((false, node)),
        "reference_expression" => container(node.child_by_field_name("value")?),
        _ => None,
    }
}

/// The literal an element or argument is built from, owned.
fn literal(node: Node, text: &str) -> Option<(String, std::ops::Range<usize>)> {
    unwrap_literal(node, text, 4).map(|(value, span)| (value.to_owned(), span))
}

/// The callee and the arguments of a call that may be in a credential
/// position: a path (`EncodingKey::from_secret`, `Hmac::<Sha256>::new_from_slice`).
fn position_call(call: Node) -> Option<(Node, Node)> {
    let arguments = call
        .child_by_field_name("arguments")
        .filter(|a| a.kind() == "arguments")?;
    let function = call.child_by_field_name("function").filter(|f| {
        matches!(
            f.kind(),
            "identifier" | "scoped_identifier" | "generic_function"
        )
    })?;
    Some((function, arguments))
}

/// The arguments of a call in a credential position (see
/// [`super::positions`]), its callee resolved through the file's `uses`.
fn call_bindings(callee: Node, arguments: Node, text: &str, uses: &Uses) -> Vec<Binding> {
    let callee = node_text(callee, text);
    let resolved = uses.resolve(callee);
    if super::positions::lookup(Language::Rust, callee, resolved.as_deref())
        .next()
        .is_none()
    {
        return Vec::new();
    }
    let mut cursor = arguments.walk();
    let positional: Vec<_> = arguments
        .named_children(&mut cursor)
        .filter(|a| !a.kind().ends_with("comment") && a.kind() != "attribute_item")
        .map(|a| literal(a, text))
        .collect();
    super::position_bindings(
        Language::Rust,
        callee,
        resolved.as_deref(),
        &positional,
        &[],
    )
}

/// The private arguments of the `rsa` crate's
/// `RsaPrivateKey::from_components(n, e, d, primes)`: the private exponent
/// `d` and the primes (`vec![p, q]`). A test key is often built from its
/// numbers written as hex (`let d = BigUint::from_bytes_be(&hex!("…" "…"))`),
/// so the literals of a `hex!` bound, in the same function, to a variable
/// passed there are the key's private half, whatever the variable is called
/// (a name alone says nothing: `p` is as often a Diffie-Hellman group's
/// public prime). The public `n` and `e` are left alone.
fn rsa_component_bindings(callee: Node, arguments: Node, text: &str, uses: &Uses) -> Vec<Binding> {
    let written = node_text(callee, text);
    // A `use … as` renames the type, never the method: most calls stop here.
    if !written.ends_with("::from_components") {
        return Vec::new();
    }
    let resolved = uses.resolve(written);
    let path = resolved.as_deref().unwrap_or(written);
    let rsa_key = path.ends_with("RsaPrivateKey::from_components")
        || path.starts_with("rsa::") && path.ends_with("::from_components");
    if !rsa_key {
        return Vec::new();
    }
    let mut cursor = arguments.walk();
    let args: Vec<Node> = arguments
        .named_children(&mut cursor)
        .filter(|a| !a.kind().ends_with("comment"))
        .collect();
    let mut private: Vec<&str> = Vec::new();
    for arg in args.iter().skip(2).take(2) {
        collect_identifiers(*arg, text, &mut private);
    }
    let Some(function) = enclosing_function(callee) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack = vec![function];
    while let Some(node) = stack.pop() {
        if node.kind() == "let_declaration" {
            let name = node
                .child_by_field_name("pattern")
                .filter(|p| p.kind() == "identifier")
                .map(|p| node_text(p, text));
            if let (Some(name), Some(value)) = (name, node.child_by_field_name("value")) {
                if private.contains(&name) {
                    hex_literal_bindings(value, name, text, &mut out);
                }
            }
            continue;
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    out
}

/// The identifiers an argument names: `d`, `&d`, `d.clone()`, and those in
/// `vec![p, q]` or `[p, q]`.
fn collect_identifiers<'t>(node: Node, text: &'t str, out: &mut Vec<&'t str>) {
    match node.kind() {
        "identifier" => out.push(node_text(node, text)),
        "reference_expression" | "array_expression" | "token_tree" | "macro_invocation" => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                collect_identifiers(child, text, out);
            }
        }
        "call_expression" => {
            if let Some(receiver) = node
                .child_by_field_name("function")
                .and_then(|f| f.child_by_field_name("value"))
            {
                collect_identifiers(receiver, text, out);
            }
        }
        _ => {}
    }
}

/// The function whose body holds `node`.
fn enclosing_function(node: Node) -> Option<Node> {
    let mut current = node.parent();
    while let Some(parent) = current {
        if matches!(parent.kind(), "function_item" | "closure_expression") {
            return Some(parent);
        }
        current = parent.parent();
    }
    None
}

/// The string literals of every `hex!(…)` in `value`, bound to `name` as
/// secrets (one binding a literal: a long number is written over lines).
fn hex_literal_bindings(value: Node, name: &str, text: &str, out: &mut Vec<Binding>) {
    let mut stack = vec![value];
    while let Some(node) = stack.pop() {
        if node.kind() == "macro_invocation" {
            let is_hex = node
                .child_by_field_name("macro")
                .is_some_and(|m| node_text(m, text).rsplit("::").next() == Some("hex"));
            if is_hex {
                let mut cursor = node.walk();
                let tree = node
                    .named_children(&mut cursor)
                    .find(|c| c.kind() == "token_tree");
                if let Some(tree) = tree {
                    let mut cursor = tree.walk();
                    for literal in tree.named_children(&mut cursor) {
                        if let Some((content, span)) = string_literal(literal, text) {
                            out.push(Binding {
                                name: format!("RsaPrivateKey::from_components({name})"),
                                value: content.to_owned(),
                                span,
                                kind: Some(NameKind::Secret),
                                public: false,
                            });
                        }
                    }
                }
                continue;
            }
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
}

/// The string literal an expression is built from: `"…"`, `r#"…"#`,
/// `"…".to_string()`, `"…".into()`, `String::from("…")`, `Some("…")`, `&"…"`,
/// `format!("…")` without arguments, and the fallback of `.unwrap_or(…)` or
/// `.unwrap_or_else(|_| …)` ([`fallback`]).
fn unwrap_literal<'t>(
    node: Node,
    text: &'t str,
    depth: u8,
) -> Option<(&'t str, std::ops::Range<usize>)> {
    if depth == 0 {
        return None;
    }
    match node.kind() {
        "string_literal" | "raw_string_literal" => string_literal(node, text),
        "reference_expression" => {
            unwrap_literal(node.child_by_field_name("value")?, text, depth - 1)
        }
        // `Lazy::new(|| "…")`, `LazyLock::new(|| { "…".to_string() })`: a
        // closure without parameters that returns the literal.
        "closure_expression" => {
            let parameters = node.child_by_field_name("parameters")?;
            if parameters.named_child_count() != 0 {
                return None;
            }
            unwrap_literal(closure_result(node)?, text, depth - 1)
        }
        "call_expression" => {
            let function = node.child_by_field_name("function")?;
            match function.kind() {
                // "…".to_string() / .to_owned() / .into()
                "field_expression" => {
                    let method = node_text(function.child_by_field_name("field")?, text);
                    if matches!(method, "to_string" | "to_owned" | "into") {
                        unwrap_literal(function.child_by_field_name("value")?, text, depth - 1)
                    } else {
                        unwrap_literal(fallback(node, text)?, text, depth - 1)
                    }
                }
                // String::from("…"), Some("…"), SecretString::new("…".into())
                "scoped_identifier" | "identifier" => {
                    let callee = node_text(function, text);
                    let wraps = callee == "Some"
                        || ["::from", "::from_static", "::new"]
                            .iter()
                            .any(|s| callee.ends_with(s));
                    let args = node.child_by_field_name("arguments")?;
                    if wraps && args.named_child_count() == 1 {
                        unwrap_literal(args.named_child(0)?, text, depth - 1)
                    } else {
                        None
                    }
                }
                _ => None,
            }
        }
        // `format!("…")` without arguments is the literal itself.
        "macro_invocation" => {
            let name = node.child_by_field_name("macro")?;
            let path = node_text(name, text);
            if path.rsplit("::").next() != Some("format") {
                return None;
            }
            let mut cursor = node.walk();
            let tree = (node.named_children(&mut cursor)).find(|c| c.kind() == "token_tree")?;
            let mut cursor = tree.walk();
            let mut inner = tree.named_children(&mut cursor);
            let only = match (inner.next(), inner.next()) {
                (Some(only), None) => only,
                _ => return None,
            };
            let (content, span) = string_literal(only, text)?;
            (!content.contains('{')).then_some((content, span))
        }
        _ => None,
    }
}

/// The fallback a `.unwrap_or(…)`, `.unwrap_or_else(|_| …)` or `.or(…)`
/// call gives when its receiver (an environment read, a lookup) has no
/// value: what a binding of the whole call holds when the variable is
/// unset, so `let token = env::var("GH").unwrap_or("…".into())` binds the
/// literal to `token`. The closure's parameter (the error) is ignored.
fn fallback<'t>(call: Node<'t>, text: &str) -> Option<Node<'t>> {
    let function = call.child_by_field_name("function")?;
    if function.kind() != "field_expression" {
        return None;
    }
    let method = node_text(function.child_by_field_name("field")?, text);
    let arguments = call.child_by_field_name("arguments")?;
    if arguments.named_child_count() != 1 {
        return None;
    }
    let argument = arguments.named_child(0)?;
    match method {
        "unwrap_or" => Some(argument),
        "unwrap_or_else" if argument.kind() == "closure_expression" => closure_result(argument),
        _ => None,
    }
}

/// What a closure returns when its body is that one expression: `|| "…"`,
/// `|_| { "…".to_string() }` (comments aside).
fn closure_result(closure: Node) -> Option<Node> {
    let body = closure.child_by_field_name("body")?;
    if body.kind() != "block" {
        return Some(body);
    }
    let mut cursor = body.walk();
    let mut inner = body
        .named_children(&mut cursor)
        .filter(|n| !n.kind().ends_with("comment"));
    match (inner.next(), inner.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// The variable's name (its string literal) when `node` reads the
/// environment: `env::var("X")`, `std::env::var_os("X")`,
/// `dotenvy::var("X")`, `option_env!("X")`, also through `.ok()`. Read by
/// the last segment of the path, as a fallback's binding needs no more.
fn environment_variable<'t>(mut node: Node<'t>, text: &str) -> Option<Node<'t>> {
    loop {
        let function = node.child_by_field_name("function");
        match function.filter(|f| f.kind() == "field_expression") {
            Some(function)
                if (function.child_by_field_name("field"))
                    .is_some_and(|f| node_text(f, text) == "ok") =>
            {
                node = function.child_by_field_name("value")?;
            }
            _ => break,
        }
    }
    let (callee, arguments) = match node.kind() {
        "call_expression" => (
            node.child_by_field_name("function")?,
            node.child_by_field_name("arguments")?,
        ),
        "macro_invocation" => {
            let mut cursor = node.walk();
            let tree = (node.named_children(&mut cursor)).find(|c| c.kind() == "token_tree")?;
            (node.child_by_field_name("macro")?, tree)
        }
        _ => return None,
    };
    if !is_path(callee) {
        return None;
    }
    let path = node_text(callee, text);
    let last = path.rsplit("::").next().unwrap_or(path);
    let reads = match node.kind() {
        "macro_invocation" => matches!(last, "env" | "option_env"),
        _ => matches!(last, "var" | "var_os"),
    };
    let first = arguments.named_child(0)?;
    (reads && matches!(first.kind(), "string_literal" | "raw_string_literal")).then_some(first)
}

/// The content of `"…"`, `b"…"` or `r#"…"#`, with its byte range.
fn string_literal<'t>(node: Node, text: &'t str) -> Option<(&'t str, std::ops::Range<usize>)> {
    let raw = node_text(node, text);
    let open = raw.find('"')? + 1;
    let close = raw.rfind('"')?;
    if close < open {
        return None;
    }
    let start = node.start_byte() + open;
    let end = node.start_byte() + close;
    Some((text.get(start..end)?, start..end))
}

/// What [`environment_nodes`] finds, in the tree's order.
enum EnvironmentNode<'t> {
    /// A `use` declaration's argument: `std::env::var as v` of `use
    /// std::env::var as v;`.
    Use(Node<'t>),
    /// A call by a path, `env::var("X")`, `var("X")`, or an `env!`/
    /// `option_env!` invocation (`std::env!("X")`): the call, its callee
    /// and its arguments (the macro's token tree).
    Call(Node<'t>, Node<'t>, Node<'t>),
}

/// The `use` declarations, calls by an identifier or a path, and `env!`/
/// `option_env!` invocations under `root`, each found at its last part
/// (the `use`'s argument, the call's arguments, the macro's token tree),
/// so a call in another call's callee comes first:
///
/// - `use std::env::{self, var as v};` (any argument but an error)
/// - `env::var("X")`, `std::env::var_os("X")`, `v("X")`: a
///   `call_expression` whose function is an identifier or a scoped
///   identifier, not a generic one (`var::<…>`) nor a method call
/// - `env!("X")`, `option_env!("X")`, `std::env!("X")`, `core::option_env!("X")`
///
/// This was `queries/rust/environment.scm`. Why a walk and not a query:
/// compiling that query cost the first Rust file an editor opened (or a
/// one-file check) more than looking at each node's kind and fields does.
fn environment_nodes<'t>(root: Node<'t>, text: &str, mut f: impl FnMut(EnvironmentNode<'t>)) {
    each_node(root, text, |node, field, ancestors| {
        if let Some(found) = environment_node(node, field, ancestors, text) {
            f(found);
        }
    });
}

/// What [`environment_nodes`] finds at `node` (its field in its parent and
/// its ancestors as [`each_node`] gives them), if anything.
fn environment_node<'t>(
    node: Node<'t>,
    field: Option<&str>,
    ancestors: &[Node<'t>],
    text: &str,
) -> Option<EnvironmentNode<'t>> {
    let parent = *ancestors.last()?;
    if !parent.is_named() {
        return None;
    }
    match parent.kind() {
        "use_declaration" if field == Some("argument") && node.is_named() && !node.is_error() => {
            Some(EnvironmentNode::Use(node))
        }
        "call_expression" if field == Some("arguments") => {
            let function = parent.child_by_field_name("function");
            let function = function.filter(|n| is_path(*n))?;
            is_named_kind(node, "arguments")
                .then_some(EnvironmentNode::Call(parent, function, node))
        }
        "macro_invocation" => {
            let name = invoked_macro(node, parent, text, &["env", "option_env"])?;
            Some(EnvironmentNode::Call(parent, name, node))
        }
        _ => None,
    }
}

/// When `tree` is the token tree of `invocation`, a macro invoked by an
/// identifier or a path whose last segment is one of `names` (`info!`,
/// `log::info!`, `std::env!`): the macro's name. What a query's
/// `(macro_invocation macro: [(identifier) (scoped_identifier)] @name
/// (token_tree) @tree (#match? @name "(^|::)(a|b)$"))` matches, the last
/// segment read as written (`log :: info` is none).
fn invoked_macro<'t>(
    tree: Node<'t>,
    invocation: Node<'t>,
    text: &str,
    names: &[&str],
) -> Option<Node<'t>> {
    if !is_named_kind(invocation, "macro_invocation") || !is_named_kind(tree, "token_tree") {
        return None;
    }
    let name = invocation
        .child_by_field_name("macro")
        .filter(|n| is_path(*n))?;
    let path = node_text(name, text);
    let last = path.rsplit("::").next().unwrap_or(path);
    names.contains(&last).then_some(name)
}

/// An identifier or a scoped identifier (`var`, `std::env::var`).
fn is_path(node: Node) -> bool {
    is_named_kind(node, "identifier") || is_named_kind(node, "scoped_identifier")
}

/// Every call of an environment function and every `env!`/`option_env!` of a
/// variable Cargo does not set itself.
pub fn env_accesses(root: Node, text: &str) -> Vec<EnvAccess> {
    env_accesses_walk(root, root, text, None)
}

/// The walk of [`env_accesses`] under `start`; calls are resolved through
/// `given` when there is one, else through the `use`s the walk meets.
fn env_accesses_walk(root: Node, start: Node, text: &str, given: Option<&Uses>) -> Vec<EnvAccess> {
    let mut own = Uses::default();
    let mut calls = Vec::new();
    environment_nodes(start, text, |found| match found {
        EnvironmentNode::Use(tree) => own.add(tree, text),
        EnvironmentNode::Call(call, callee, arguments) => calls.push((call, callee, arguments)),
    });
    env_accesses_of(root, text, calls, given.unwrap_or(&own))
}

/// The environment accesses among `calls` (what [`environment_nodes`]
/// found, in its order), resolved through `uses`.
fn env_accesses_of(
    root: Node,
    text: &str,
    calls: Vec<(Node, Node, Node)>,
    uses: &Uses,
) -> Vec<EnvAccess> {
    let mut out = Vec::new();
    for (call, callee, arguments) in calls {
        let path = node_text(callee, text);
        let variable = first_string(arguments, text);
        if call.kind() == "macro_invocation" {
            let cargo_sets_it = variable
                .as_deref()
                .is_some_and(|v| v.starts_with("CARGO") || v == "OUT_DIR");
            if !cargo_sets_it {
                out.push(EnvAccess {
                    span: call.byte_range(),
                    api: format!("{path}!"),
                    variable,
                    kind: EnvKind::Read,
                    in_test: in_test(root, call, text),
                    in_settings: in_settings_impl(root, call, text),
                });
            }
        } else if let Some(function) = env_function(path, uses) {
            let kind = match function.rsplit("::").next() {
                Some("set_var") => EnvKind::Write,
                Some("remove_var") => EnvKind::Remove,
                _ => EnvKind::Read,
            };
            out.push(EnvAccess {
                span: call.byte_range(),
                api: path.to_owned(),
                variable,
                kind,
                in_test: in_test(root, call, text),
                in_settings: in_settings_impl(root, call, text),
            });
        }
    }
    out
}

/// Whether `node` sits in code compiled only for tests: an item under
/// `#[cfg(test)]` (the conventional `mod tests`) or a test function
/// (`#[test]`, `#[tokio::test]`), a module named for tests (`mod tests`,
/// `mod test_utils`), or a file that is test-only as a whole (`#![cfg(test)]`
/// at its top). Attributes are the item's preceding siblings in the tree;
/// `node` itself counts when it is such an item (a `#[cfg(test)] struct`).
fn in_test(root: Node, node: Node, text: &str) -> bool {
    for item in super::self_and_ancestors(root, node) {
        match item.kind() {
            "mod_item" | "function_item" | "impl_item" | "struct_item" | "enum_item" => {
                if item.kind() == "mod_item"
                    && item
                        .child_by_field_name("name")
                        .is_some_and(|name| is_test_module_name(node_text(name, text)))
                {
                    return true;
                }
                let mut sibling = item.prev_named_sibling();
                while let Some(attribute) = sibling.filter(|s| {
                    matches!(
                        s.kind(),
                        "attribute_item" | "line_comment" | "block_comment"
                    )
                }) {
                    if attribute.kind() == "attribute_item"
                        && is_test_attribute(node_text(attribute, text))
                    {
                        return true;
                    }
                    sibling = attribute.prev_named_sibling();
                }
            }
            "source_file" if is_test_file(item, text) => return true,
            _ => {}
        }
    }
    false
}

/// Whether the file whose root is `root` is test-only as a whole: a
/// `#![cfg(test)]` among the inner attributes at its top.
pub(super) fn is_test_file(root: Node, text: &str) -> bool {
    let mut cursor = root.walk();
    let test_file = root
        .named_children(&mut cursor)
        .take_while(|c| {
            matches!(
                c.kind(),
                "inner_attribute_item" | "line_comment" | "block_comment"
            )
        })
        .any(|c| c.kind() == "inner_attribute_item" && is_test_attribute(node_text(c, text)));
    test_file
}

/// Whether `node` sits in an `impl` of a settings type (`impl
/// VaultClientSettingsBuilder`, `impl Default for AppConfig`; see
/// [`super::is_settings_type`]): the settings module under another name.
fn in_settings_impl(root: Node, node: Node, text: &str) -> bool {
    let chain = super::self_and_ancestors(root, node);
    let impl_item = chain.iter().skip(1).find(|item| item.kind() == "impl_item");
    impl_item.is_some_and(|item| {
        item.child_by_field_name("type")
            .is_some_and(|kind| super::is_settings_type(node_text(kind, text)))
    })
}

/// `tests`, `test`, `test_utils`, `test_support`: modules named for tests.
pub(crate) fn is_test_module_name(name: &str) -> bool {
    name == "test" || name == "tests" || name.starts_with("test_")
}

/// `#[cfg(test)]` (or `#![cfg(test)]`), `#[cfg(all(feature = "x", test))]`,
/// `#[test]`, `#[tokio::test(…)]`, `#[rstest]`-style paths ending in `test`.
/// A `cfg(any(test, …))` is not test-only and does not count.
pub(crate) fn is_test_attribute(attribute: &str) -> bool {
    let inner: String = attribute
        .trim_start_matches("#!")
        .trim_start_matches('#')
        .trim_start_matches('[')
        .trim_end_matches(']')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let path = inner.split('(').next().unwrap_or("");
    let all_test = inner
        .strip_prefix("cfg(all(")
        .and_then(|rest| rest.strip_suffix("))"))
        .is_some_and(|list| list.split(',').any(|item| item == "test"));
    inner == "cfg(test)" || all_test || path == "test" || path.ends_with("::test")
}

/// What a file's `use` declarations bind: each local name with the path
/// it stands for (`use std::env::var as v;`: `v` → `std::env::var`; `use
/// jsonwebtoken::{EncodingKey as Key};`: `Key` →
/// `jsonwebtoken::EncodingKey`), and the paths imported whole (`use
/// std::env::*;`). The environment's functions and the credential
/// positions' calls are both resolved through it. Type aliases rename a
/// type as a `use … as` does (`type S = SecretString;` makes `S::from(…)`
/// a `SecretString::from(…)`), so they are read with the `use`s.
#[derive(Debug, Default, Clone)]
pub(super) struct Uses {
    aliases: HashMap<String, String>,
    globs: Vec<String>,
    /// `type S = secrecy::SecretString;`: `S` → `secrecy::SecretString`,
    /// as written (generic arguments left out), read through the `use`s
    /// when a path is resolved, since they may come below it.
    types: HashMap<String, String>,
}

/// How many type aliases of type aliases a path is read through (`type A
/// = SecretString; type B = A;`): a cycle (`type A = B; type B = A;`, which
/// the compiler rejects) ends there.
const TYPE_ALIAS_DEPTH: usize = 4;

impl Uses {
    /// Adds what `later`, the `use`s of text below, binds: as if its
    /// declarations had been recorded after these.
    pub(super) fn extend(&mut self, later: &Uses) {
        self.aliases.extend(later.aliases.clone());
        self.globs.extend(later.globs.iter().cloned());
        self.types.extend(later.types.clone());
    }

    /// What the `use`s bind, written out in a fixed order: two with the
    /// same key resolve every path alike.
    pub(super) fn key(&self) -> String {
        let mut aliases: Vec<_> = self.aliases.iter().collect();
        aliases.sort();
        let mut types: Vec<_> = self.types.iter().collect();
        types.sort();
        format!("{aliases:?}{:?}{types:?}", self.globs)
    }

    /// Records what the `use` tree `tree` (a `use` declaration's argument) binds.
    pub(super) fn add(&mut self, tree: Node, text: &str) {
        expand_use(tree, text, "", &mut self.aliases, &mut self.globs);
    }

    /// Records the type alias `item` (a `type_item`) when it names a type
    /// by its path (`type S = SecretString;`, `type K = ring::hmac::Key;`,
    /// `type B = SecretBox<str>;`); a reference, tuple or function type
    /// names no API.
    pub(super) fn add_type_alias(&mut self, item: Node, text: &str) {
        let (Some(name), Some(mut aliased)) = (
            item.child_by_field_name("name"),
            item.child_by_field_name("type"),
        ) else {
            return;
        };
        if aliased.kind() == "generic_type" {
            match aliased.child_by_field_name("type") {
                Some(inner) => aliased = inner,
                None => return,
            }
        }
        if matches!(aliased.kind(), "type_identifier" | "scoped_type_identifier") {
            let path: String = node_text(aliased, text)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            self.types.insert(node_text(name, text).to_owned(), path);
        }
    }

    /// `path` with its first segment replaced by the path a `use` or a type
    /// alias binds it to (`E::from_secret` is
    /// `jsonwebtoken::EncodingKey::from_secret`); `None` when neither binds it.
    pub(super) fn resolve(&self, path: &str) -> Option<String> {
        self.resolve_within(path, TYPE_ALIAS_DEPTH)
    }

    fn resolve_within(&self, path: &str, depth: usize) -> Option<String> {
        let path = path.trim_start_matches("::");
        let (first, rest) = match path.split_once("::") {
            Some((first, rest)) => (first, Some(rest)),
            None => (path, None),
        };
        let full = match (self.aliases.get(first.trim()), self.types.get(first.trim())) {
            (Some(full), _) => full.clone(),
            (None, Some(aliased)) if depth > 0 => self
                .resolve_within(aliased, depth - 1)
                .unwrap_or_else(|| aliased.clone()),
            _ => return None,
        };
        Some(match rest {
            Some(rest) => format!("{full}::{rest}"),
            None => full,
        })
    }

    /// Whether a `use` binds a name that a credential position's call
    /// reads differently through it than as written: it renames an API
    /// (`EncodingKey as E`), names one by a shorter path than the table's
    /// (`use ring::hmac::Key;`), or gives an API's name to something else
    /// (`use my::Thing as EncodingKey;`).
    pub(super) fn renames_an_api(&self) -> bool {
        self.renamed().next().is_some()
    }

    /// The local names of such `use`s (see [`Uses::renames_an_api`]).
    pub(super) fn renamed(&self) -> impl Iterator<Item = &str> {
        let aliases = (self.aliases.iter())
            .filter(|(local, full)| super::positions::renames(Language::Rust, local, full))
            .map(|(local, _)| local.as_str());
        let types = (self.types.keys()).filter(|local| {
            self.resolve(local)
                .is_some_and(|full| super::positions::renames(Language::Rust, local, &full))
        });
        aliases.chain(types.map(String::as_str))
    }
}

/// The `use` declarations and type aliases of `root` outside function
/// bodies (at the top level and in inline modules).
pub(super) fn item_uses(root: Node, text: &str) -> Uses {
    let mut uses = Uses::default();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "use_declaration" => {
                    if let Some(argument) = child.child_by_field_name("argument") {
                        uses.add(argument, text);
                    }
                }
                "type_item" => uses.add_type_alias(child, text),
                "mod_item" => stack.extend(child.child_by_field_name("body")),
                _ => {}
            }
        }
    }
    uses
}

/// The `use`s under `node` as [`bindings`] reads them (every `use`
/// declaration and type alias, function bodies included) and as
/// [`env_accesses`] reads them (the `use` declarations whose argument is no
/// error), in the tree's order. A walk that counts against no budget: the
/// walks it saves are the ones that count (see
/// [`super::rust_tree_facts`]).
pub(super) fn file_uses(node: Node, text: &str) -> [Uses; 2] {
    let [mut bindings, mut env] = [Uses::default(), Uses::default()];
    let mut cursor = node.walk();
    'walk: loop {
        let node = cursor.node();
        match node.kind() {
            "use_declaration" => {
                if let Some(argument) = node.child_by_field_name("argument") {
                    bindings.add(argument, text);
                    if argument.is_named() && !argument.is_error() && node.is_named() {
                        env.add(argument, text);
                    }
                }
            }
            "type_item" => bindings.add_type_alias(node, text),
            _ => {}
        }
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    [bindings, env]
}

/// Resolves `path` through the file's `use` declarations; the full path of
/// the environment function it names, if it names one.
fn env_function(path: &str, uses: &Uses) -> Option<&'static str> {
    let path = path.trim_start_matches("::");
    let (first, rest) = match path.split_once("::") {
        Some((first, rest)) => (first, Some(rest)),
        None => (path, None),
    };
    let resolved = match (uses.resolve(path), rest) {
        (Some(full), _) => full,
        // `env::var` with `env` brought in by a glob or a prelude: std's env.
        (None, Some(rest)) if first == "env" => format!("std::env::{rest}"),
        (None, Some(_)) => path.to_owned(),
        // A bare name from a glob import: `use std::env::*; var("X")`.
        (None, None) => match uses
            .globs
            .iter()
            .find(|g| ENV_FUNCTIONS.contains(&format!("{g}::{path}").as_str()))
        {
            Some(glob) => format!("{glob}::{path}"),
            None => return None,
        },
    };
    let resolved = resolved
        .strip_prefix("core::")
        .map_or(resolved.clone(), |r| format!("std::{r}"));
    ENV_FUNCTIONS.iter().copied().find(|f| *f == resolved)
}

/// Walks a `use` tree, recording what each local name stands for.
fn expand_use(
    node: Node,
    text: &str,
    prefix: &str,
    aliases: &mut HashMap<String, String>,
    globs: &mut Vec<String>,
) {
    let join = |path: &str| {
        let path = path.trim_start_matches("::");
        if prefix.is_empty() {
            path.to_owned()
        } else {
            format!("{prefix}::{path}")
        }
    };
    match node.kind() {
        "identifier" | "scoped_identifier" => {
            let full = join(node_text(node, text));
            let local = full.rsplit("::").next().unwrap_or(&full).to_owned();
            aliases.insert(local, full);
        }
        "self" => {
            let local = prefix.rsplit("::").next().unwrap_or(prefix).to_owned();
            aliases.insert(local, prefix.to_owned());
        }
        "use_as_clause" => {
            if let (Some(path), Some(alias)) = (
                node.child_by_field_name("path"),
                node.child_by_field_name("alias"),
            ) {
                let full = join(node_text(path, text));
                let full = full
                    .strip_suffix("::self")
                    .map(str::to_owned)
                    .unwrap_or(full);
                aliases.insert(node_text(alias, text).to_owned(), full);
            }
        }
        "scoped_use_list" => {
            let inner = node
                .child_by_field_name("path")
                .map(|p| join(node_text(p, text)));
            let inner = inner.unwrap_or_else(|| prefix.to_owned());
            if let Some(list) = node.child_by_field_name("list") {
                expand_use(list, text, &inner, aliases, globs);
            }
        }
        "use_list" => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                expand_use(child, text, prefix, aliases, globs);
            }
        }
        "use_wildcard" => {
            let mut cursor = node.walk();
            let path = node.named_children(&mut cursor).next();
            globs.push(path.map_or_else(|| prefix.to_owned(), |p| join(node_text(p, text))));
        }
        _ => {}
    }
}

/// The first string literal among a call's arguments or a macro's tokens.
fn first_string(arguments: Node, text: &str) -> Option<String> {
    let mut cursor = arguments.walk();
    let first = arguments.named_children(&mut cursor).next()?;
    matches!(first.kind(), "string_literal" | "raw_string_literal")
        .then(|| string_literal(first, text).map(|(s, _)| s.to_owned()))
        .flatten()
}

/// The macros that print, by the last segment of their path: std's
/// printing macros, `dbg!`, `panic!`, and the `log` and `tracing` crates'
/// macros (`log::info!`, `tracing::event!`). Not `format!`, `write!` nor
/// `assert!`: they make a string or check a condition, and what becomes of
/// the string is another statement's business. The engine's text gate
/// looks for exactly these (`engine::may_output`).
pub(crate) const OUTPUT_MACROS: &[&str] = &[
    "println", "eprintln", "print", "eprint", "dbg", "panic", "info", "debug", "warn", "error",
    "trace", "event",
];

/// Invocations of the [`OUTPUT_MACROS`] under `root`, by an identifier or a
/// path, in the tree's order: `f` gets the macro's name (`println`,
/// `tracing::debug`) and its token tree. `println!("{}", token)`,
/// `log::info!(target: "a", "{secret}")`, `tracing::debug!(token = %t,
/// ?key)`, `crate::log::warn!(…)`; not `my_println!(…)`, `write!(f, …)`
/// nor `log :: info!(…)` (the last segment is read as written). A macro's
/// arguments are a token tree, not code, so an invocation inside them
/// (`panic!("{}", format!("{k}"))`, `println!("{}", dbg!(x))`) is no node
/// of its own: the outer one's tokens, read whole, hold its arguments.
///
/// This was `queries/rust/logging.scm`, which the test of this walk keeps
/// and runs beside it. Why a walk and not a query: compiling that query,
/// one pattern with a `#match?`, cost 27.4 M instructions at the first
/// Rust file a check or the language server read (an eighth of a one-file
/// check, over a fifth of the server's start to its first Rust
/// diagnostics); see [`environment_nodes`].
fn output_macros<'t>(root: Node<'t>, text: &str, mut f: impl FnMut(Node<'t>, Node<'t>)) {
    each_node(root, text, |node, _, ancestors| {
        if let Some(name) = output_macro(node, ancestors, text) {
            f(name, node);
        }
    });
}

/// The output macro's name when `node` is its token tree (see
/// [`output_macros`]).
fn output_macro<'t>(node: Node<'t>, ancestors: &[Node<'t>], text: &str) -> Option<Node<'t>> {
    invoked_macro(node, *ancestors.last()?, text, OUTPUT_MACROS)
}
/// `{api_key}`, `{api_key:?}`, `{config.token}`: captures in a format string.
static CAPTURE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)(?::[^}]*)?\}")
        .expect("valid regex")
});

fn is_credential(name: &str) -> bool {
    crate::value::credential_kind(name).is_some()
}

/// Whether a credential-named value reaching output at `node` holds a
/// secret: not an access key's id nor a shown part of a secret
/// (`truncated_secret`), not a name the file declares only with
/// a path type (`private_key: PathBuf` is where the key is, not the key), a
/// scalar type (`consent_cache_id_token: Option<bool>` is a flag) or a type
/// that prints masked (`secrecy::SecretString`, or a type of the file whose
/// hand-written `Debug` prints `[REDACTED]`), or only
/// ever hands to a file-opening call (`fs::read(&env_client_key)`: a key
/// file's name), not a protocol's public token (see [`super::protocol_token`])
/// nor a payment processor's card token (see [`super::payment_instrument_token`]).
///
/// All but the declarations are read here, around `node`; the declarations,
/// which are the whole file's, by [`keep_printed_secrets`], so that what is
/// read here can be remembered item by item (see [`super::rust_tree_facts`]).
fn logged_may_be_secret(name: &str, root: Node, node: Node, text: &str) -> bool {
    let last = last_part(name);
    if !is_credential(last) || crate::value::names_shown_in_clear(last) {
        return false;
    }
    let context = handling_context(root, node, text);
    !super::protocol_token(last, &context) && !super::payment_instrument_token(last, &context)
}

/// The last part of a printed path (`token` of `config.token`).
fn last_part(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// The printed values of `candidates` (those [`logged_may_be_secret`]
/// kept) that the file's declarations do not say hold no secret (see
/// [`logged_may_be_secret`]). The declarations are read from `whole`'s tree
/// when it gives one, else under `root`, and only when there is a
/// candidate.
pub(super) fn keep_printed_secrets(
    candidates: Vec<super::LoggedSecret>,
    root: Node,
    text: &str,
    whole: &dyn Fn() -> Option<tree_sitter::Tree>,
) -> Vec<super::LoggedSecret> {
    if candidates.is_empty() {
        return candidates;
    }
    let paths = match whole() {
        Some(tree) => PathNames::of(tree.root_node(), text),
        None => PathNames::of(root, text),
    };
    let mut kept: Vec<super::LoggedSecret> = candidates
        .into_iter()
        .filter(|logged| !paths.never_secret(last_part(&logged.name)))
        .collect();
    // A lexer's token is a piece of its input, not a credential.
    let names: HashSet<&str> = kept.iter().map(|logged| logged.name.as_str()).collect();
    let lexical: HashSet<String> = (lexical_tokens(text, &names).into_iter())
        .map(str::to_owned)
        .collect();
    kept.retain(|logged| !lexical.contains(&logged.name));
    kept
}

/// Whether the file handles lexical tokens: it `use`s a lexing or parsing
/// crate (`logos`, `proc_macro`, `proc_macro2`, `syn`, `pest`, `nom`,
/// `chumsky`, `rustc_lexer`, `winnow`, `combine`, `lalrpop_util`) or a
/// module named `lexer` or `tokenizer`, or defines a lexer or its tokens
/// (`struct SqlLexer`, `trait Tokenizer`, `enum Token`, `enum TokenKind`,
/// `fn tokenize(`, `fn lex(`). One pass of one regex over the text. A
/// `struct Token` alone says nothing: it is as often an access token.
pub fn lexical_code(text: &str) -> bool {
    // ASCII word classes, as in `python::lexical_code`: cheap to compile.
    static LEXICAL: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"(?m)^[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?(?:use[ \t]+(?:::)?(?:(?:logos|proc_macro2?|syn|pest|pest_derive|nom|chumsky|rustc_lexer|winnow|combine|lalrpop_util)(?-u:\b)|(?:[0-9A-Za-z_]+::)*(?:lexer|tokenizer|tokeniser)(?-u:\b))|extern[ \t]+crate[ \t]+(?:logos|proc_macro2?|syn|pest|nom|chumsky|rustc_lexer|winnow|combine)(?-u:\b)|(?:struct|enum|trait|type)[ \t]+(?:[0-9A-Za-z_]*(?:Lexer|Tokenizer|Tokeniser)|[0-9A-Za-z_]*Token(?:Kind|Type))(?-u:\b)|enum[ \t]+Token(?-u:\b)|(?:const[ \t]+)?fn[ \t]+(?:tokenize|lex)[ \t]*[(<])",
        )
        .expect("valid regex")
    });
    LEXICAL.is_match(text)
}

/// Which of `names` (printed names) hold lexical tokens in a file of
/// [`lexical_code`] (see [`super::lexical::tokens`]): the file's
/// assignments are its `let`s, plain assignments and struct fields
/// (`let token: String = env::var("TOKEN")?;`, `token: resp.token,`).
fn lexical_tokens<'n>(text: &str, names: &HashSet<&'n str>) -> HashSet<&'n str> {
    static ASSIGNMENT: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"(?m)^[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?(?:let[ \t]+(?:mut[ \t]+)?)?(?:self\.)?(\w+)[ \t]*(?:(?::[^=\n]*)?=|:)[ \t]*([^=\n][^\n]*?)[ \t]*[;,]?[ \t]*$",
        )
        .expect("valid regex")
    });
    // Only a name for a bare token is ever dropped, and the file is read
    // only when one is printed.
    let bare = |name: &str| {
        let leaf = name.rsplit('.').next().unwrap_or(name);
        leaf.to_ascii_lowercase().contains("tok")
    };
    if !names.iter().any(|name| bare(name)) || !lexical_code(text) {
        return HashSet::new();
    }
    super::lexical::tokens(text, names, &ASSIGNMENT)
}

/// Whether the file imports `mio`'s `Token` (`use mio::Token;`, `use
/// mio::{Events, Poll, Token};`, `mio::Token` in a type): the event loop's
/// name for a registered source, a `usize` newtype (`Token(pub usize)`)
/// that says which connection or worker an event is about. In such a file a
/// bare `token`, and a name declared `Token`, is that slot number, not a
/// credential.
fn imports_mio_token(text: &str) -> bool {
    static MIO_TOKEN: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"\bmio::(?:Token\b|\{[^;]*?\bToken\b)").expect("valid regex")
    });
    text.contains("mio::") && MIO_TOKEN.is_match(text)
}

/// What the code around `node` handles: the names of the functions it is
/// in and of the enum variants or structs the `match` arms it is in match
/// (`handle_server_op`, `ServerOp::Message`).
fn handling_context<'t>(root: Node, node: Node, text: &'t str) -> Vec<&'t str> {
    let mut out = Vec::new();
    for n in super::self_and_ancestors(root, node).into_iter().skip(1) {
        match n.kind() {
            "function_item" => {
                if let Some(name) = n.child_by_field_name("name") {
                    out.push(node_text(name, text));
                }
            }
            "match_arm" => {
                if let Some(pattern) = n.child_by_field_name("pattern") {
                    let pattern = node_text(pattern, text);
                    let head = pattern.split(['{', '(', '|']).next().unwrap_or("");
                    out.extend(head.split("::").map(str::trim).filter(|s| !s.is_empty()));
                }
            }
            _ => {}
        }
    }
    out
}

/// Names a file declares with a type (struct fields, parameters, typed
/// `let`s), split by whether the type can hold a secret: a filesystem path
/// or a scalar (`bool`, an integer, a float, optional or not) cannot, a
/// string or anything else can. Names passed to a call that opens a file
/// count as paths too (`fs::read(&key_file)`), whatever they were declared
/// with: an untyped `let` holding an environment variable's value has no
/// declared type to tell.
#[derive(Default)]
struct PathNames {
    path: HashSet<String>,
    other: HashSet<String>,
    /// The file imports `mio`'s `Token` and has no `Token` type of its own
    /// (see [`imports_mio_token`]).
    event_loop_token: bool,
}

impl PathNames {
    /// The names declared in the tree under `root` (the file's root).
    fn of(root: Node, text: &str) -> Self {
        let mut out = PathNames::default();
        let mut declared = Vec::new();
        let (mut redacting, mut revealing) = (HashSet::new(), HashSet::new());
        let mut own_types = HashSet::new();
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            if matches!(n.kind(), "struct_item" | "enum_item" | "type_item") {
                if let Some(own) = n.child_by_field_name("name") {
                    own_types.insert(node_text(own, text));
                }
            }
            if let Some((kind, redacts)) = text_form_impl(n, text) {
                if redacts {
                    &mut redacting
                } else {
                    &mut revealing
                }
                .insert(kind);
            }
            let (name, kind) = match n.kind() {
                "field_declaration" => {
                    (n.child_by_field_name("name"), n.child_by_field_name("type"))
                }
                "parameter" | "let_declaration" => (
                    n.child_by_field_name("pattern"),
                    n.child_by_field_name("type"),
                ),
                _ => (None, None),
            };
            if let (Some(name), Some(kind)) = (name, kind) {
                let name = node_text(name, text).trim_start_matches("mut ").trim();
                declared.push((name, node_text(kind, text)));
            }
            if let Some(name) = opened_file_name(n, text).or_else(|| computed_number(n, text)) {
                out.path.insert(name.to_owned());
            }
            let mut cursor = n.walk();
            stack.extend(n.children(&mut cursor));
        }
        out.event_loop_token = !own_types.contains("Token") && imports_mio_token(text);
        for (name, kind) in declared {
            let base = type_base_name(kind);
            // `secrecy`'s wrappers, when the file uses the crate and has no
            // type of that name of its own (whose derived `Debug` shows all).
            let masked = (MASKING_TYPES.contains(&base)
                && text.contains("secrecy")
                && !own_types.contains(base))
                || (redacting.contains(base) && !revealing.contains(base));
            let slot = out.event_loop_token && base == "Token";
            let set =
                if path_type().is_match(kind) || scalar_type().is_match(kind) || masked || slot {
                    &mut out.path
                } else {
                    &mut out.other
                };
            set.insert(name.to_owned());
        }
        out
    }

    /// Declared (or used) as a path or a scalar, and never with another type;
    /// or, in a file of `mio`'s event loop, a bare `token` the file never
    /// declares with another type (`client.token`, a field declared in
    /// another file).
    fn never_secret(&self, name: &str) -> bool {
        (self.path.contains(name) || self.event_loop_token && name == "token")
            && !self.other.contains(name)
    }
}

/// When `node` is an untyped `let` whose value can only be a number or a
/// flag: the name it binds. `let deleted_secrets = count - failed.len();`
/// counts secrets; arithmetic other than `+` (which also joins strings), a
/// comparison, a numeric or boolean literal and `.len()` / `.count()` give
/// no string, so the name declares a scalar as `: usize` would.
fn computed_number<'t>(node: Node, text: &'t str) -> Option<&'t str> {
    fn is_number(value: Node, text: &str) -> bool {
        match value.kind() {
            "integer_literal" | "float_literal" | "boolean_literal" => true,
            "parenthesized_expression" => value.named_child(0).is_some_and(|v| is_number(v, text)),
            "binary_expression" => value.child_by_field_name("operator").is_some_and(|op| {
                matches!(
                    node_text(op, text),
                    "-" | "*" | "/" | "%" | "==" | "!=" | "<" | ">" | "<=" | ">=" | "&&" | "||"
                )
            }),
            "call_expression" => value
                .child_by_field_name("function")
                .filter(|f| f.kind() == "field_expression")
                .and_then(|f| f.child_by_field_name("field"))
                .is_some_and(|field| matches!(node_text(field, text), "len" | "count")),
            _ => false,
        }
    }
    if node.kind() != "let_declaration" || node.child_by_field_name("type").is_some() {
        return None;
    }
    let pattern = node.child_by_field_name("pattern")?;
    let value = node.child_by_field_name("value")?;
    is_number(value, text).then(|| node_text(pattern, text).trim_start_matches("mut ").trim())
}

/// The `secrecy` crate's wrappers: their `Debug` prints `[REDACTED]` and
/// they have no `Display`, so printing one shows no secret.
const MASKING_TYPES: &[&str] = &[
    "SecretString",
    "SecretBox",
    "Secret",
    "SecretVec",
    "SecretSlice",
];

/// The name of the type a declared type is about, without references,
/// `Option`, paths and generic arguments: `Option<&auth::BearerAuth>` is
/// `BearerAuth`, `secrecy::SecretBox<str>` is `SecretBox`.
fn type_base_name(kind: &str) -> &str {
    let mut kind = kind.trim();
    loop {
        let before = kind;
        kind = kind.trim_start_matches('&').trim_start();
        if let Some(rest) = kind.strip_prefix("mut ") {
            kind = rest.trim_start();
        }
        if kind.starts_with('\'') {
            kind = kind
                .split_once(' ')
                .map_or("", |(_, rest)| rest)
                .trim_start();
        }
        if let Some(inner) = kind.strip_prefix("Option") {
            if let Some(inner) = inner.trim_start().strip_prefix('<') {
                kind = inner.trim_start();
            }
        }
        if kind == before {
            break;
        }
    }
    let head = kind.split(['<', '>', ' ', ',']).next().unwrap_or("");
    head.rsplit("::").next().unwrap_or(head)
}

/// When `node` is a hand-written `impl Debug for T` or `impl Display for T`:
/// `T`'s name, and whether the body prints a redaction (`[REDACTED]`,
/// `***`) — a type whose author chose to mask what it prints.
fn text_form_impl<'t>(node: Node, text: &'t str) -> Option<(&'t str, bool)> {
    if node.kind() != "impl_item" {
        return None;
    }
    let tr = node_text(node.child_by_field_name("trait")?, text);
    let tr = tr.rsplit("::").next().unwrap_or(tr);
    if !matches!(tr, "Debug" | "Display") {
        return None;
    }
    let kind = type_base_name(node_text(node.child_by_field_name("type")?, text));
    let body = node_text(node.child_by_field_name("body")?, text);
    static REDACTION: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?i)redact|\*\*\*|<hidden>|\[hidden\]|<secret>|\[secret\]|\[masked\]")
            .expect("valid regex")
    });
    Some((kind, REDACTION.is_match(body)))
}

/// The variable a call that opens or names a file takes as its path
/// (`fs::read(&key_file)`, `File::open(path)`, `Path::new(&p)`), when `node`
/// is such a call and its first argument is a plain variable.
fn opened_file_name<'t>(node: Node, text: &'t str) -> Option<&'t str> {
    const FILE_CALLS: &[&str] = &[
        "fs::read",
        "fs::read_to_string",
        "File::open",
        "Path::new",
        "PathBuf::from",
    ];
    if node.kind() != "call_expression" {
        return None;
    }
    let function = node_text(node.child_by_field_name("function")?, text);
    if !FILE_CALLS
        .iter()
        .any(|call| function == *call || function.ends_with(&format!("::{call}")))
    {
        return None;
    }
    let mut argument = node.child_by_field_name("arguments")?.named_child(0)?;
    while argument.kind() == "reference_expression" {
        argument = argument.child_by_field_name("value")?;
    }
    (argument.kind() == "identifier").then(|| node_text(argument, text))
}

/// `bool`, the integer and float types, optional or not: a value of one of
/// them is a flag, a count or a number, never a secret.
fn scalar_type() -> &'static regex::Regex {
    static SCALAR_TYPE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^(?:Option\s*<\s*)?(?:bool|[iu](?:8|16|32|64|128|size)|f32|f64)\s*>?$")
            .expect("valid regex")
    });
    &SCALAR_TYPE
}

/// `PathBuf`, `&Path`, `&'a std::path::Path`, `OsString`, `Option<PathBuf>`,
/// `impl AsRef<Path>`, and an optional path borrowed whole
/// (`&Option<PathBuf>`, `&mut Option<&Path>`).
fn path_type() -> &'static regex::Regex {
    static PATH_TYPE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"^(?:&\s*(?:'\w+\s+)?(?:mut\s+)?)?(?:Option\s*<\s*)?(?:&\s*(?:'\w+\s+)?(?:mut\s+)?)?(?:impl\s+AsRef\s*<\s*)?(?:(?:::)?[\w]+::)*(?:PathBuf|Path|OsString|OsStr)\s*>?\s*>?$",
        )
        .expect("valid regex")
    });
    &PATH_TYPE
}

/// Credential-named values in the arguments of output macros: positional
/// and named arguments (`password`, `config.api_key`), inline captures
/// (`"{api_key}"`) and tracing fields (`?token`, `%token`). `whole` gives
/// the file's whole tree when `root` is a parse of some of its items only:
/// a printed name is judged by its declarations anywhere in the file
/// (see [`PathNames`]), which only a credential-named printed value needs.
pub fn logged_secrets(
    root: Node,
    text: &str,
    whole: &dyn Fn() -> Option<tree_sitter::Tree>,
) -> Vec<super::LoggedSecret> {
    keep_printed_secrets(printed_credentials(root, root, text), root, text, whole)
}

/// The credential-named values printed under `start` (in the file whose
/// root is `root`) that may hold a secret, all but the file's declarations
/// considered (see [`logged_may_be_secret`]).
pub(super) fn printed_credentials(root: Node, start: Node, text: &str) -> Vec<super::LoggedSecret> {
    let mut out = Vec::new();
    output_macros(start, text, |sink, arguments| {
        printed_by(root, text, sink, arguments, &mut out);
    });
    out
}

/// The credential-named values that the output macro `sink` prints from
/// its `arguments` and that may hold a secret (see
/// [`printed_credentials`]), added to `out`.
fn printed_by(
    root: Node,
    text: &str,
    sink: Node,
    arguments: Node,
    out: &mut Vec<super::LoggedSecret>,
) {
    {
        let sink = format!("{}!", node_text(sink, text));
        let in_test = in_test(root, arguments, text);
        let mut tokens = Vec::new();
        flatten(arguments, &mut tokens);
        let message_calls_cursor = tokens.iter().any(|t| {
            t.kind() == "string_literal"
                && string_literal(*t, text)
                    .is_some_and(|(content, _)| super::message_calls_token_a_cursor(content))
        });
        let cursor = |name: &str| message_calls_cursor && crate::value::words(name) == ["token"];
        for (i, token) in tokens.iter().enumerate() {
            let next = tokens.get(i + 1).map(|t| node_text(*t, text));
            let previous = i.checked_sub(1).map(|p| node_text(tokens[p], text));
            match token.kind() {
                "identifier" => {
                    let name = node_text(*token, text);
                    // Not a method receiver, a path segment, a call or an argument's name;
                    // nor a side of a comparison, which prints `true` or `false`.
                    let compared = |t: Option<&str>| matches!(t, Some("==" | "!="));
                    let used_as_value = !matches!(next, Some("." | "(" | "::" | "!" | "="))
                        && previous != Some("::")
                        && !compared(next)
                        && !compared(previous);
                    if used_as_value
                        && !cursor(name)
                        && logged_may_be_secret(name, root, *token, text)
                    {
                        out.push(super::LoggedSecret {
                            span: token.byte_range(),
                            name: name.to_owned(),
                            sink: sink.clone(),
                            in_test,
                        });
                    }
                }
                "string_literal" => {
                    let Some((content, range)) = string_literal(*token, text) else {
                        continue;
                    };
                    for caps in CAPTURE.captures_iter(content) {
                        let path = &caps[1];
                        if !cursor(path) && logged_may_be_secret(path, root, *token, text) {
                            let at = range.start + caps.get(1).map_or(0, |m| m.start());
                            out.push(super::LoggedSecret {
                                span: at..at + path.len(),
                                name: path.to_owned(),
                                sink: sink.clone(),
                                in_test,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// The leaves of a token tree, in order (nested trees flattened).
fn flatten<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "token_tree" => flatten(child, out),
            _ => out.push(child),
        }
    }
}

/// The named fields of struct items under `root`, in the tree's order,
/// each with its struct, the struct's name and its type: `token: String`
/// of `struct C { token: String }` (a tuple struct's fields have no name,
/// and an enum's variants are not fields). `f` gets the item, its name,
/// the field's name and its type.
///
/// This was `queries/rust/repr.scm` (`(struct_item name: (type_identifier)
/// body: (field_declaration_list (field_declaration name:
/// (field_identifier) type: (_))))`, whose `(_)` matches no error node).
/// Why a walk and not a query: see [`environment_nodes`].
fn struct_fields_typed<'t>(
    root: Node<'t>,
    text: &str,
    mut f: impl FnMut(Node<'t>, Node<'t>, Node<'t>, Node<'t>),
) {
    each_node(root, text, |kind, field, ancestors| {
        if let Some((item, name, field, kind)) = struct_field_typed(kind, field, ancestors) {
            f(item, name, field, kind);
        }
    });
}

/// What [`struct_fields_typed`] finds at the node `kind` (its field in its
/// parent and its ancestors as [`each_node`] gives them): the struct, its
/// name, the field's name and the type.
fn struct_field_typed<'t>(
    kind: Node<'t>,
    field: Option<&str>,
    ancestors: &[Node<'t>],
) -> Option<(Node<'t>, Node<'t>, Node<'t>, Node<'t>)> {
    let [.., item, body, declaration] = ancestors else {
        return None;
    };
    if field != Some("type")
        || !kind.is_named()
        || kind.is_error()
        || !is_named_kind(*declaration, "field_declaration")
        || !is_named_kind(*body, "field_declaration_list")
        || !is_named_kind(*item, "struct_item")
        || item.child_by_field_name("body") != Some(*body)
    {
        return None;
    }
    let name = item.child_by_field_name("name")?;
    let field = declaration.child_by_field_name("name")?;
    (is_named_kind(name, "type_identifier") && is_named_kind(field, "field_identifier"))
        .then_some((*item, name, field, kind))
}

/// String-typed credential fields of `#[derive(Debug)]` structs.
pub fn repr_fields(root: Node, text: &str, module: &str) -> Vec<super::ReprField> {
    item_repr_fields(root, root, text, module)
}

/// [`repr_fields`] under `start`, in the file whose root is `root`.
pub(super) fn item_repr_fields(
    root: Node,
    start: Node,
    text: &str,
    module: &str,
) -> Vec<super::ReprField> {
    let mut reprs = ReprWalk::default();
    struct_fields_typed(start, text, |item, name, field, kind| {
        reprs.field(root, text, module, (item, name, field, kind));
    });
    reprs.out
}

/// What [`item_repr_fields`] gathers field by field.
#[derive(Default)]
struct ReprWalk<'t> {
    out: Vec<super::ReprField>,
    /// A struct's fields come one after another: what is asked of the
    /// struct is asked once, at its first credential field.
    current: Option<(usize, Option<StructFacts<'t>>)>,
}

impl<'t> ReprWalk<'t> {
    /// Reads a field [`struct_field_typed`] found: the struct, its name,
    /// the field's name and its type.
    fn field(
        &mut self,
        root: Node,
        text: &'t str,
        module: &str,
        (item, name, field, kind): (Node, Node, Node, Node),
    ) {
        let field_name = node_text(field, text);
        let kind: String = node_text(kind, text).split_whitespace().collect();
        if !is_credential(field_name)
            || !string_type().is_match(&kind)
            || is_compile_time_text(&kind)
        {
            return;
        }
        if (self.current.as_ref()).is_none_or(|(id, _)| *id != item.id()) {
            self.current = Some((item.id(), StructFacts::of(root, item, text)));
        }
        let Some((_, Some(facts))) = &self.current else {
            return;
        };
        let owner = node_text(name, text);
        if super::field_is_not_secret(module, owner, field_name, &facts.siblings)
            || facts.documented_as_reference.contains(&field.id())
        {
            return;
        }
        self.out.push(super::ReprField {
            span: field.byte_range(),
            owner: owner.to_owned(),
            field: field_name.to_owned(),
            style: super::ReprStyle::RustDebug,
            in_test: facts.in_test,
        });
    }
}

/// What [`repr_fields`] asks of a `#[derive(Debug)]` struct once for all its
/// fields.
struct StructFacts<'t> {
    /// The names of its fields.
    siblings: super::Siblings<'t>,
    /// The fields (their names' nodes) whose doc comment says the field
    /// holds a reference to the secret (see [`super::documented_as_reference`]):
    /// `/// Path to a client key file for TLS.`, `/// Name of the secret to read.`
    documented_as_reference: HashSet<usize>,
    in_test: bool,
}

impl<'t> StructFacts<'t> {
    /// The facts of struct `item`; `None` when it does not derive `Debug`.
    fn of(root: Node, item: Node, text: &'t str) -> Option<Self> {
        if !derives_debug(item, text) {
            return None;
        }
        let (mut names, mut documented_as_reference) = (Vec::new(), HashSet::new());
        if let Some(body) = item.child_by_field_name("body") {
            // A field's doc comment is the run of `///` lines above its
            // attributes, read in one pass over the body.
            let mut lines = Vec::new();
            let mut cursor = body.walk();
            for node in body.named_children(&mut cursor) {
                match node.kind() {
                    "attribute_item" => {}
                    "line_comment" if node_text(node, text).starts_with("///") => {
                        lines.push(node_text(node, text).trim_start_matches('/'));
                    }
                    "field_declaration" => {
                        if let Some(name) = node.child_by_field_name("name") {
                            names.push(node_text(name, text));
                            if !lines.is_empty() && super::documented_as_reference(&lines.join(" "))
                            {
                                documented_as_reference.insert(name.id());
                            }
                        }
                        lines.clear();
                    }
                    _ => lines.clear(),
                }
            }
        }
        Some(StructFacts {
            siblings: super::Siblings::new(&names),
            documented_as_reference,
            in_test: in_test(root, item, text),
        })
    }
}

/// `&'static str` (its spaces removed): text fixed when the program is
/// built, a mode or a label such as a cache key's `client_auth: "secret"`.
/// A secret comes at run time, from the environment or a file, as a
/// `String` or a borrow of one; one written into the source is a
/// hardcoded secret, which the `secret/` rules report where it is written.
fn is_compile_time_text(kind: &str) -> bool {
    kind.contains("&'static")
}

fn string_type() -> &'static regex::Regex {
    static STRING_TYPE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^(?:String|&(?:'\w+)?str|Box<str>|Cow<(?:'\w+,)?str>|Option<(?:String|&(?:'\w+)?str)>)$")
            .expect("valid regex")
    });
    &STRING_TYPE
}

/// Whether the attributes just above a struct derive `Debug`.
fn derives_debug(item: Node, text: &str) -> bool {
    let mut sibling = item.prev_sibling();
    while let Some(node) = sibling {
        match node.kind() {
            "attribute_item" => {
                let attribute = node_text(node, text);
                if attribute.contains("derive")
                    && attribute
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w == "Debug")
                {
                    return true;
                }
            }
            "line_comment" | "block_comment" => {}
            _ => return false,
        }
        sibling = node.prev_sibling();
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::document::Language;
    use tree_sitter::Node;

    use crate::syntax::pairs;

    /// Issue 12: the bindings walk asks a node's kind by name only of the
    /// kinds it reads ([`super::READ_BY_BINDINGS`], told by id). A node of
    /// any other kind, anywhere in the Rust fixtures, gives [`super::visit`]
    /// nothing to emit, so leaving it out changes no binding.
    #[test]
    fn nodes_the_bindings_walk_passes_by_bind_nothing() {
        let sources = [
            include_str!("../../../../fixtures/secret/hardcoded-credential/rust.rs"),
            include_str!("../../../../fixtures/secret/hardcoded-credential/rust_macros.rs"),
            include_str!("../../../../fixtures/secret/hardcoded-credential/positions.rs"),
            include_str!("../../../../fixtures/secret/hardcoded-credential/positions_aliased.rs"),
            include_str!(
                "../../../../fixtures/secret/hardcoded-credential/positions_type_aliased.rs"
            ),
            include_str!("../../../../fixtures/secret/hardcoded-credential/alternate_names.rs"),
            include_str!("../../../../fixtures/secret/hardcoded-credential/env_fallbacks.rs"),
            include_str!("../../../../fixtures/secret/hardcoded-credential/doc_examples.rs"),
            include_str!("../../../../fixtures/secret/providers/split_literals.rs"),
            include_str!("../../../../fixtures/log/secret-logged/rust.rs"),
        ];
        let (mut passed, mut read) = (0, 0);
        for source in sources.iter().chain(WALKED) {
            let tree = crate::syntax::parse(Language::Rust, source, None).unwrap();
            let mut cursor = tree.root_node().walk();
            'walk: loop {
                let node = cursor.node();
                let listed = super::READ_BY_BINDINGS.contains(&node.kind());
                assert_eq!(super::is_read_by_bindings(node.kind_id()), listed);
                if listed {
                    read += 1;
                } else {
                    let mut emitted = 0;
                    super::visit(node, source, &mut |_, _, _| emitted += 1);
                    assert_eq!(
                        emitted,
                        0,
                        "{}: {}",
                        node.kind(),
                        &source[node.byte_range()]
                    );
                    passed += 1;
                }
                if cursor.goto_first_child() {
                    continue;
                }
                while !cursor.goto_next_sibling() {
                    if !cursor.goto_parent() {
                        break 'walk;
                    }
                }
            }
        }
        assert!(
            read > 100 && passed > 10 * read,
            "{read} read, {passed} passed by"
        );
    }

    /// Sources with every shape the environment and struct-field walks
    /// read, and near misses: nested calls and macros, generic and method
    /// calls, tuple structs, enums, nested items, errors.
    const WALKED: &[&str] = &[
        "use std::env::{self, var as v};\nuse dotenvy::*;\nfn f() {\n    let a = env::var(\"A\");\n    let b = v(std::env::var_os(\"B\").unwrap());\n    g(var::<String>(\"C\"), x.var(\"D\"));\n    let e = env!(\"E\");\n    let o = core::option_env!(\"O\");\n    println!(\"{}\", env!(\"P\"));\n    my_env!(\"Q\");\n    (f)(\"R\");\n    std::env::set_var(\"S\", env::var(\"T\").unwrap());\n}\n",
        "fn g() {\n    let x = env::var(\"A\"\n    use std::env;\n}\nuse ;\nmacro_rules! m { () => { env!(\"M\") } }\n",
        "#[derive(Debug)]\nstruct C<T> where T: Clone {\n    pub token: String,\n    /// doc\n    api_key: Option<String>,\n    inner: T,\n}\nstruct Tuple(String, u8);\nenum E { V { secret: String } }\nunion U { password: u32 }\nfn f() {\n    struct Local { key: &'static str }\n}\nmod m {\n    pub struct S { pub password: String, broken: , after: Box<str> }\n}\n",
    ];

    /// How many matches `query` has over [`WALKED`], asserting that `walk`
    /// finds the same nodes in the same order
    /// ([`crate::syntax::assert_walk_matches_query`]): `walk` hands `found`
    /// each of its finds, a node (or none) per capture of `names`.
    fn walk_matches_query<const N: usize>(
        query: &str,
        names: [&str; N],
        walk: impl Fn(Node, &str, &mut dyn FnMut([Option<Node>; N])),
    ) -> usize {
        crate::syntax::assert_walk_matches_query(
            Language::Rust,
            query,
            &names,
            WALKED,
            |root, source| {
                let mut walked = Vec::new();
                walk(root, source, &mut |nodes| {
                    walked.push(nodes.map(|n| n.map(|n| n.byte_range())).to_vec());
                });
                walked
            },
        )
    }

    /// [`super::environment_nodes`] finds what
    /// `queries/rust/environment.scm` (kept here) found, in its order.
    #[test]
    fn environment_walk_matches_the_query_it_replaces() {
        const QUERY: &str = r#"
(use_declaration argument: (_) @use)
(call_expression
  function: [(identifier) (scoped_identifier)] @function
  arguments: (arguments) @arguments) @call
(macro_invocation
  macro: [(identifier) (scoped_identifier)] @macro
  (token_tree) @arguments
  (#match? @macro "(^|::)(option_)?env$")) @call
"#;
        let names = ["use", "call", "function|macro", "arguments"];
        let seen = walk_matches_query(QUERY, names, |root, source, found| {
            super::environment_nodes(root, source, |node| {
                found(match node {
                    super::EnvironmentNode::Use(tree) => [Some(tree), None, None, None],
                    super::EnvironmentNode::Call(call, callee, arguments) => {
                        [None, Some(call), Some(callee), Some(arguments)]
                    }
                })
            });
        });
        assert!(seen > 10, "the sources show the shapes: {seen}");
    }

    /// [`super::struct_fields_typed`] finds what `queries/rust/repr.scm`
    /// (kept here) found, in its order.
    #[test]
    fn struct_fields_walk_matches_the_query_it_replaces() {
        const QUERY: &str = r#"
(struct_item
  name: (type_identifier) @struct
  body: (field_declaration_list
    (field_declaration
      name: (field_identifier) @field
      type: (_) @type))) @item
"#;
        let names = ["item", "struct", "field", "type"];
        let seen = walk_matches_query(QUERY, names, |root, source, found| {
            super::struct_fields_typed(root, source, |item, name, field, kind| {
                found([item, name, field, kind].map(Some));
            });
        });
        assert!(seen > 5, "the sources show the shapes: {seen}");
    }

    /// Sources with the output macros and near misses: `log` and `tracing`
    /// paths, std's printing macros, macros that print nothing (`format!`,
    /// `write!`, `assert!`), macros nested in each other's arguments,
    /// `{}`/`{:?}`/inline `{secret}` arguments, `?`/`%` tracing sigils and
    /// field shorthand, spaced and generic-looking paths, `macro_rules!`
    /// bodies, attributes and syntax errors.
    const PRINTED: &[&str] = &[
        "use log::{info, warn};\nfn f(token: &str, secret: String) {\n    log::info!(\"{}\", token);\n    info!(\"{:?}\", secret);\n    warn!(target: \"auth\", \"{secret}\");\n    log::error!(\"{token:?} {}\", format!(\"{secret}\"));\n    tracing::debug!(token = %token, ?secret, \"login\");\n    tracing::event!(tracing::Level::INFO, %token);\n    tracing::trace!(api_key = ?self.api_key);\n    println!(\"{}\", token);\n    eprintln!(\"{secret}\");\n    print!(\"{}\", secret); eprint!(\"{}\", token);\n    dbg!(&token);\n    panic!(\"{}\", secret);\n}\n",
        "fn g(w: &mut W, password: &str) -> Result {\n    let s = format!(\"{password}\");\n    write!(w, \"{}\", password)?;\n    writeln!(w, \"{password}\")?;\n    assert!(password.is_empty(), \"{password}\");\n    my_println!(\"{}\", password);\n    println_secret!(password);\n    log :: info!(\"{}\", password);\n    crate::log::warn!(\"{password}\");\n    self::debug!(\"{}\", password);\n    <T>::info!(password);\n    println!(\"{}\", dbg!(info!(\"{}\", eprintln!(\"{password}\"))));\n    Ok(())\n}\n",
        "macro_rules! shout { ($t:expr) => { println!(\"{}\", $t); log::info!(\"{}\", $t) } }\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() { let token = \"x\"; println![\"{token}\"]; info! { \"{}\", token }; }\n}\nfn broken() {\n    println!(\"{}\", token\n    let x = ;\n    error!(\"{secret}\");\n}\nstatic S: () = panic!(\"{}\", KEY);\n",
    ];

    /// [`super::output_macros`] finds what `queries/rust/logging.scm`
    /// matches, in its order: the query is the walk's description in
    /// tree-sitter's own terms, and this test holds the two equal.
    #[test]
    fn output_macro_walk_matches_the_logging_query() {
        const QUERY: &str = include_str!("../../../../queries/rust/logging.scm");
        let names = ["call", "sink", "arguments"];
        let seen = crate::syntax::assert_walk_matches_query(
            Language::Rust,
            QUERY,
            &names,
            PRINTED,
            |root, source| {
                let mut walked = Vec::new();
                super::output_macros(root, source, |name, tree| {
                    let call = tree.parent().expect("a token tree's invocation");
                    walked.push([call, name, tree].map(|n| Some(n.byte_range())).to_vec());
                });
                walked
            },
        );
        assert!(seen > 15, "the sources show the shapes: {seen}");
    }

    /// Every output macro is one the query matches, and no other.
    #[test]
    fn the_logging_query_names_the_output_macros() {
        let query = include_str!("../../../../queries/rust/logging.scm");
        let names = super::OUTPUT_MACROS.join("|");
        assert!(query.contains(&format!("\"(^|::)({names})$\"")), "{query}");
    }

    /// The (name, value) pairs [`super::bindings`] finds in `source`, in order.
    fn bindings(source: &str) -> Vec<(String, String)> {
        crate::syntax::found_pairs(Language::Rust, source, super::bindings)
    }

    #[test]
    fn declarations_assignments_and_comparisons() {
        let source = "const API_KEY: &str = \"a1\";\nstatic TOKEN: &str = \"a2\";\n\
            fn f() {\n    let password = \"a3\".to_string();\n    \
            let c = Config { secret: String::from(\"a4\") };\n    token = \"a5\";\n    \
            self.api_key = \"a6\".into();\n    if password == \"a7\" {}\n    \
            if self.token == Some(\"a8\") {}\n}\n";
        assert_eq!(
            bindings(source),
            pairs(&[
                ("API_KEY", "a1"),
                ("TOKEN", "a2"),
                ("password", "a3"),
                ("secret", "a4"),
                ("token", "a5"),
                ("api_key", "a6"),
                ("password", "a7"),
                ("token", "a8"),
            ])
        );
        let tree = crate::syntax::parse(Language::Rust, source, None).expect("it parses");
        let first = &super::bindings(tree.root_node(), source)[0];
        assert_eq!(&source[first.span.clone()], "a1");
    }

    /// One literal bound by several shapes comes once per shape, the outer
    /// shape first, then in the order of [`super::Pattern`].
    #[test]
    fn one_literal_bound_twice_keeps_the_order() {
        assert_eq!(
            bindings("fn f() { req.header(\"Authorization\", \"v1\"); }"),
            pairs(&[("header", "v1"), ("Authorization", "v1")])
        );
        assert_eq!(
            bindings("fn f() { let token = (\"X-Api-Token\", \"v2\"); }"),
            pairs(&[("token", "v2"), ("X-Api-Token", "v2")])
        );
    }

    /// The method names its last argument, a comment included; not a
    /// method finding a stored credential by its handle.
    #[test]
    fn methods_bind_their_last_argument() {
        assert_eq!(
            bindings(
                "fn f() { c.bearer_auth(\"v3\"); c.password(\"v4\" /* x */); \
                 c.get_token(\"v5\"); c.basic_auth(user, Some(\"v6\")); }"
            ),
            pairs(&[("bearer_auth", "v3"), ("basic_auth", "v6")])
        );
    }

    #[test]
    fn a_constant_names_the_argument_after_it() {
        assert_eq!(
            bindings(
                "fn f() { h.header(AUTHORIZATION, \"v6\"); \
                 h.header(header::API_KEY_HEADER, \"v7\"); h.header(Authorization, \"v8\"); }"
            ),
            pairs(&[
                ("header", "v6"),
                ("AUTHORIZATION", "v6"),
                ("header", "v7"),
                ("API_KEY_HEADER", "v7"),
                ("header", "v8"),
            ])
        );
    }

    #[test]
    fn tuples_name_their_second_element() {
        assert_eq!(
            bindings(
                "fn f() { let rows = [(\"Authorization\", \"v9\"), (\"the signing secret\", \"v10\"), \
                 (AUTH, \"v11\", 1), (AUTH, \"v12\"), (\"Bearer\", \"v13\", \"x\"), (\"Bearer\", \"v14\", 401)]; }"
            ),
            pairs(&[("Authorization", "v9"), ("AUTH", "v12"), ("Bearer", "v14")])
        );
    }

    #[test]
    fn macros_and_credential_positions() {
        let found = bindings(
            "fn f() { json!({\"client_secret\": \"v15\"}); assert_eq!(token, \"v16\"); \
             EncodingKey::from_secret(b\"v17\"); }",
        );
        assert_eq!(
            found[..2],
            pairs(&[("client_secret", "v15"), ("token", "v16")])
        );
        assert_eq!(found.len(), 3);
        assert_eq!(found[2].1, "v17");
    }

    /// A type alias renames an API as a `use … as` does, wherever the
    /// `use` it reads through is, and through another alias; an alias of
    /// another type, or a `use` giving the API's name to one, does not.
    #[test]
    fn credential_positions_through_type_aliases() {
        let values = |source: &str| -> Vec<String> {
            bindings(source).into_iter().map(|(_, v)| v).collect()
        };
        assert_eq!(
            values(
                "type S = SecretString;
use secrecy::SecretString;
fn f() { S::from(\"w1\"); }
"
            ),
            ["w1"]
        );
        assert_eq!(
            values(
                "type K = jsonwebtoken::EncodingKey;
type J = K;
fn f() { J::from_secret(b\"w2\"); }
"
            ),
            ["w2"]
        );
        assert_eq!(
            values(
                "type B = secrecy::SecretBox<str>;
fn f() { B::new(\"w3\".into()); }
"
            ),
            ["w3"]
        );
        assert!(values(
            "type S = String;
fn f() { S::from(\"w4\"); }
"
        )
        .is_empty());
        assert!(values(
            "use my::Wrapper as SecretString;
type S = SecretString;
fn f() { S::from(\"w5\"); }
"
        )
        .is_empty());
        assert!(values(
            "type A = B;
type B = A;
fn f() { A::from(\"w6\"); }
"
        )
        .is_empty());
    }
}
