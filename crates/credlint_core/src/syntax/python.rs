//! Python facts: string bindings and `os` environment accesses.

use super::{each_node, fields_of, is_named_kind, node_text, Binding, EnvAccess, EnvKind};
use crate::document::Language;
use crate::value::credential_kind;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;
use tree_sitter::Node;

const ENV_MEMBERS: &[&str] = &[
    "environ", "environb", "getenv", "getenvb", "putenv", "unsetenv",
];

/// Bindings of a literal to a name in Python, found by one walk over the tree.
///
/// The shapes:
///
/// - `password = "…"`, `PASSWORD: str = "…"`, `self.password = "…"`,
///   `config["password"] = "…"` (each string key of `config["a", "b"]`)
/// - `connect(password="…")`
/// - `auth = ("user", "…")`, `session.auth = (user, "…")`, `CREDENTIALS =
///   ["…"]`, `requests.get(url, auth=("user", "…"))`, `{"auth": ("user",
///   "…")}`: a pair's second element, or each element of a collection
///   ([`super::container_bindings`])
/// - `headers = [("X-Api-Token", "…")]`: a (name, value) pair of strings
///   opening a tuple, the name a header (capitalised, `Authorization`) or a
///   key of several words (`api_key`, see [`names_a_tuple`]) — not prose
///   such as `("the signing secret", "…")`, nor a bare label such as
///   Django's `("auth", "0002_…")` migration dependency
/// - `smtp.login(user, "…")`, `jwt.encode(payload, "…")`, `Fernet(b"…")`:
///   calls whose API says which argument is a credential
///   ([`super::positions`])
/// - `SERVICE_TOKENS = {"billing": "…"}`: values under a plural credential
///   name, a table of secrets by label (see [`names_a_table`]); a singular
///   name (`master_key = {"endpoint": …}`) or `credentials` holds one
///   credential's fields, each judged by its own key (the next shape)
/// - `{"password": "…"}`
/// - `def login(password="…")`, `def login(password: str = "…")`
/// - `if password == "…"`, `if "…" == self.token`: every identifier or
///   attribute operand of a comparison with every string operand after it,
///   and every string operand with every identifier or attribute after it
/// - `os.environ.setdefault("API_KEY", "…")`, `os.getenv("TOKEN", "…")`,
///   `headers.set("Authorization", "Bearer …")`: a string key, then its
///   value, only where the callee is an API that takes a key and its value
///   ([`takes_key_then_value`]), not any call of two strings
/// - `setattr(obj, "password", "…")`, `object.__setattr__(self, "token",
///   "…")`: the attribute a setter names, then its value
/// - `password += "…"`: a piece appended to a credential
/// - `for password in ["…", "…"]:`: each literal a loop's target takes,
///   by position for `for user, password in [("u", "…")]:`
/// - `@pytest.mark.parametrize("user,password", [("u", "…")])`: each
///   case's value of each argument the decorator names, by position
///   ([`parametrized`])
///
/// A value is a string, implicitly concatenated strings, or either in
/// parentheses (black wraps long strings so) or in a conversion that keeps
/// its text (`str("…")`, `"…".encode()`, see [`literal_node`]); an f-string
/// with interpolations is built at run time and binds nothing. A target in
/// parentheses is the target (`(password) = "…"`).
///
/// Why a walk and not a query under `queries/python/`: this was that
/// folder's `credentials.scm`, whose compilation was a third of a one-file
/// check's instructions (tree-sitter's analysis of its sixteen patterns
/// against the grammar, 157 M of 450 M for `smtplib.py`) and the
/// language server's first analysis of a file. Every shape is a node, its
/// parent and at most two more ancestors, so one cursor walk that keeps the
/// ancestors of the node it is on finds them all. It keeps the query's
/// semantics and its order, which the engine's choice among one literal's
/// findings depends on: a shape is found where the query's match finished,
/// at its last node in the tree's order (the value; the argument list of a
/// call in a credential position; the container of a pair or collection;
/// the identifier or attribute of a comparison whose string comes first);
/// at one node, the table's value before the pair's; the "first" and
/// "second" elements of a tuple or argument list count named nodes,
/// comments included; and one comparison operand bound to several comes
/// with its partners in the order of the query's states: identifiers
/// before attributes, strings before concatenated strings before
/// parenthesised ones, each in the order they are written.
///
/// A call's callee is read through the file's `imports` (see
/// [`Imports::resolve`]): `from jwt import encode` makes `encode(…)` a
/// `jwt.encode`.
pub fn bindings(root: Node, text: &str, imports: &Imports) -> Vec<Binding> {
    let mut out = Vec::new();
    let mut meter = super::budget::meter(text.len());
    let mut cursor = root.walk();
    // The ancestors of the cursor's node, the root first.
    let mut frames: Vec<Frame> = Vec::new();
    let mut visited = 0u32;
    'walk: loop {
        let node = cursor.node();
        let field = cursor.field_name();
        if node.is_named() {
            finish(node, field, &frames, text, imports, &mut out);
            if let Some(parent) = frames.last_mut() {
                parent.saw(node);
            }
        }
        // The query's work was metered; so is the walk, as a backstop.
        visited += 1;
        if visited % super::WALK_TICK == 0 && meter() {
            break;
        }
        if cursor.goto_first_child() {
            frames.push(Frame::new(node, field));
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
            frames.pop();
        }
    }
    out
}

/// A node the walk is inside of, and what it saw of its children so far.
struct Frame<'t> {
    node: Node<'t>,
    /// The node's field in its parent (`right`, `arguments`).
    field: Option<&'static str>,
    /// Named children seen so far, and the first of them.
    named: u32,
    first: Option<Node<'t>>,
    /// A comparison's operands seen so far, by kind ([`Operand`]).
    operands: Option<Box<[Vec<Node<'t>>; 5]>>,
}

/// The kinds of a comparison's operands that bind, in the order one
/// operand's partners come in (see [`bindings`]).
#[derive(Clone, Copy)]
enum Operand {
    Identifier,
    Attribute,
    String,
    ConcatenatedString,
    Parenthesized,
}

impl Operand {
    fn of(node: Node) -> Option<Operand> {
        Some(match node.kind() {
            "identifier" => Operand::Identifier,
            "attribute" => Operand::Attribute,
            "string" => Operand::String,
            "concatenated_string" => Operand::ConcatenatedString,
            "parenthesized_expression" => Operand::Parenthesized,
            _ => return None,
        })
    }

    fn is_name(self) -> bool {
        matches!(self, Operand::Identifier | Operand::Attribute)
    }
}

impl<'t> Frame<'t> {
    fn new(node: Node<'t>, field: Option<&'static str>) -> Self {
        let operands =
            (node.kind() == "comparison_operator" && !tests_membership(node)).then(Box::default);
        Frame {
            node,
            field,
            named: 0,
            first: None,
            operands,
        }
    }

    /// Records a named child, after the shapes ending at it were found.
    fn saw(&mut self, child: Node<'t>) {
        if self.named == 0 {
            self.first = Some(child);
        }
        self.named += 1;
        if let (Some(operands), Some(kind)) = (&mut self.operands, Operand::of(child)) {
            operands[kind as usize].push(child);
        }
    }
}

/// A value: a string, implicitly concatenated strings, or either in
/// parentheses or a conversion that keeps its text ([`literal_node`]).
fn is_value(node: Node, text: &str) -> bool {
    node.kind() == "parenthesized_expression" || literal_node(node, text).is_some()
}

/// A string or implicitly concatenated strings: what can name a value.
fn is_string(node: Node) -> bool {
    matches!(node.kind(), "string" | "concatenated_string")
}

/// The string or concatenated strings an expression's value is, seen
/// through parentheses and through conversions that keep its text, so keep
/// its secret: `str("…")`, `bytes("…", "utf-8")`, and the methods
/// `"…".strip()`, `.encode()`, `b"…".decode()`, `.lower()` and their kin
/// ([`KEEPS_TEXT`]), given at most literal arguments (an encoding, the
/// characters to strip). Not `.format(…)`, `.join(…)` or `.replace(…)`:
/// their result is a template filled or pieces joined at run time.
fn literal_node<'t>(node: Node<'t>, text: &str) -> Option<Node<'t>> {
    match node.kind() {
        "string" | "concatenated_string" => Some(node),
        // `(  # the db` / `"…")`: a comment inside the parentheses is no part of it.
        "parenthesized_expression" => match code_children(node)[..] {
            [only] => literal_node(only, text),
            _ => None,
        },
        "call" => {
            let function = node.child_by_field_name("function")?;
            let arguments = code_children(node.child_by_field_name("arguments")?);
            let literal_arguments = |arguments: &[Node]| {
                arguments.iter().all(|a| {
                    is_string(*a)
                        || a.kind() == "keyword_argument"
                            && a.child_by_field_name("value").is_some_and(is_string)
                })
            };
            match function.kind() {
                "identifier" if matches!(node_text(function, text), "str" | "bytes") => {
                    let (first, rest) = arguments.split_first()?;
                    if !literal_arguments(rest) {
                        return None;
                    }
                    literal_node(*first, text)
                }
                "attribute" => {
                    let method = function.child_by_field_name("attribute")?;
                    if !KEEPS_TEXT.contains(&node_text(method, text))
                        || !literal_arguments(&arguments)
                    {
                        return None;
                    }
                    literal_node(function.child_by_field_name("object")?, text)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// String methods whose result is the string's own text, trimmed, encoded
/// or cased: a secret stays a secret through them.
const KEEPS_TEXT: &[&str] = &[
    "strip", "lstrip", "rstrip", "encode", "decode", "lower", "upper", "casefold",
];

/// The target a parenthesised one stands for: `(password) = "…"` assigns
/// `password`; `(password,) = …` is unpacking and stays as it is.
fn unparenthesised(target: Node) -> Node {
    let mut target = target;
    while matches!(target.kind(), "tuple_pattern" | "parenthesized_expression") {
        let mut cursor = target.walk();
        let comma = target.children(&mut cursor).any(|c| c.kind() == ",");
        match code_children(target)[..] {
            [only] if !comma => target = only,
            _ => break,
        }
    }
    target
}

fn is_collection(node: Node) -> bool {
    matches!(node.kind(), "tuple" | "list")
}

/// Adds the bindings of the shapes whose last node is `node` (its field in
/// its parent: `field`; its ancestors: `frames`, the root first), in the
/// order the query gave them.
fn finish(
    node: Node,
    field: Option<&str>,
    frames: &[Frame],
    text: &str,
    imports: &Imports,
    out: &mut Vec<Binding>,
) {
    let [.., parent] = frames else {
        return;
    };
    match parent.node.kind() {
        "assignment" if field == Some("right") => {
            let Some(left) = parent.node.child_by_field_name("left").map(unparenthesised) else {
                return;
            };
            match left.kind() {
                // password = "…", self.password = "…";
                // auth = ("user", "…"), CREDENTIALS = ["…"];
                // password = other = "…" (each target of a chain)
                "identifier" | "attribute" => {
                    bind_right(left, node, text, out);
                    for outer in chained_targets(frames) {
                        bind_right(outer, node, text, out);
                    }
                }
                // password, user = "…", "bob": pair by position
                "pattern_list" | "tuple_pattern" | "list_pattern" => {
                    bind_unpacked(left, node, text, out);
                }
                // config["password"] = "…", each string key
                "subscript" => bind_subscript_keys(left, node, text, out),
                _ => {}
            }
        }
        // password += "…", config["password"] += "…"
        "augmented_assignment" if field == Some("right") => {
            let operator = parent.node.child_by_field_name("operator");
            let Some(left) = parent.node.child_by_field_name("left").map(unparenthesised) else {
                return;
            };
            if operator.is_some_and(|o| o.kind() == "+=") {
                match left.kind() {
                    "identifier" | "attribute" if is_value(node, text) => {
                        bind(left, node, false, text, out);
                    }
                    "subscript" => bind_subscript_keys(left, node, text, out),
                    _ => {}
                }
            }
        }
        // for password in ["…", "…"]:, for user, password in [("u", "…")]:
        "for_statement" if field == Some("right") => {
            let Some(left) = parent.node.child_by_field_name("left").map(unparenthesised) else {
                return;
            };
            if !matches!(node.kind(), "list" | "tuple" | "expression_list" | "set") {
                return;
            }
            for element in code_children(node) {
                match left.kind() {
                    "identifier" | "attribute" if is_value(element, text) => {
                        bind(left, element, false, text, out);
                    }
                    "pattern_list" | "tuple_pattern" | "list_pattern" => {
                        bind_unpacked(left, element, text, out);
                    }
                    _ => {}
                }
            }
        }
        // if (password := "…"), print(password := "…")
        "named_expression" if field == Some("value") => {
            if let Some(name) =
                (parent.node.child_by_field_name("name")).filter(|n| n.kind() == "identifier")
            {
                bind_right(name, node, text, out);
            }
        }
        "keyword_argument" if field == Some("value") => {
            let Some(name) =
                (parent.node.child_by_field_name("name")).filter(|n| n.kind() == "identifier")
            else {
                return;
            };
            // config("SECRET_KEY", default="…"), env.str("TOKEN", default="…"):
            // the default of the variable the first argument names, as a
            // second positional argument is (see the `argument_list` case).
            if let [.., call, arguments, _] = frames {
                if let Some(key) = (node_text(name, text) == "default")
                    .then(|| named_key(call, arguments, text))
                    .flatten()
                    .filter(|_| is_value(node, text))
                {
                    bind(key, node, false, text, out);
                    return;
                }
            }
            // connect(password="…"), requests.get(url, auth=("user", "…"))
            let first = out.len();
            bind_value(name, node, false, text, out);
            // challenges.HTTP01(token=b"…"): public by protocol.
            if let [.., call, _, _] = frames {
                let public = (call.node.child_by_field_name("function")).is_some_and(|callee| {
                    super::positions::public_argument(
                        Language::Python,
                        node_text(callee, text),
                        node_text(name, text),
                    )
                });
                out[first..].iter_mut().for_each(|b| b.public |= public);
            }
        }
        "pair" if field == Some("value") => {
            // SERVICE_TOKENS = {"billing": "…"}
            if let [.., assignment, dictionary, _] = frames {
                if matches!(node.kind(), "string" | "concatenated_string")
                    && dictionary.node.kind() == "dictionary"
                    && dictionary.field == Some("right")
                    && assignment.node.kind() == "assignment"
                {
                    if let Some(name) = (assignment.node.child_by_field_name("left"))
                        .filter(|n| n.kind() == "identifier" && names_a_table(node_text(*n, text)))
                    {
                        bind(name, node, true, text, out);
                    }
                }
            }
            let Some(key) = (parent.node.child_by_field_name("key")).filter(|k| is_string(*k))
            else {
                return;
            };
            // {"password": "…"}, {"auth": ("user", "…")}
            bind_value(key, node, true, text, out);
        }
        // headers = [("X-Api-Token", "…")]
        "tuple" => {
            if let (1, Some(first)) = (parent.named, parent.first) {
                if first.kind() == "string"
                    && matches!(node.kind(), "string" | "concatenated_string")
                    && names_a_tuple(node_text(first, text))
                    && !more_strings(parent.node)
                {
                    bind(first, node, false, text, out);
                }
            }
        }
        // smtp.login(user, "…")
        "call" if field == Some("arguments") && node.kind() == "argument_list" => {
            if let Some(callee) = (parent.node.child_by_field_name("function"))
                .filter(|f| matches!(f.kind(), "identifier" | "attribute"))
            {
                let method = callee.child_by_field_name("attribute").unwrap_or(callee);
                match node_text(method, text) {
                    "setattr" | "__setattr__" => bind_set_attribute(node, text, out),
                    "parametrize" => parametrized(node, text, out),
                    _ => {}
                }
                out.extend(call_bindings(callee, node, text, imports));
            }
        }
        // os.getenv("TOKEN", "…")
        "argument_list" => {
            let [.., call, _] = frames else {
                return;
            };
            if parent.named == 1 && is_value(node, text) {
                if let Some(key) = named_key(call, parent, text) {
                    bind(key, node, false, text, out);
                }
            }
        }
        // def login(password="…") / def login(password: str = "…")
        "default_parameter" | "typed_default_parameter" if field == Some("value") => {
            if let Some(name) =
                (parent.node.child_by_field_name("name")).filter(|n| n.kind() == "identifier")
            {
                if is_value(node, text) {
                    bind(name, node, false, text, out);
                }
            }
        }
        // if password == "…" / if "…" == self.token
        "comparison_operator" => {
            let (Some(operands), Some(kind)) = (&parent.operands, Operand::of(node)) else {
                return;
            };
            let partners: &[Operand] = if kind.is_name() {
                &[
                    Operand::String,
                    Operand::ConcatenatedString,
                    Operand::Parenthesized,
                ]
            } else {
                &[Operand::Identifier, Operand::Attribute]
            };
            for &partner in partners {
                for &other in &operands[partner as usize] {
                    if kind.is_name() {
                        bind(node, other, false, text, out);
                    } else {
                        bind(other, node, false, text, out);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Whether a comparison tests membership (`"apache.a2enconf" in __salt__`,
/// `"admin" not in tokens`): the string is a key looked up in the named
/// container, or a piece searched for in it, never the credential's value.
/// Such a comparison binds nothing.
fn tests_membership(comparison: Node) -> bool {
    let mut cursor = comparison.walk();
    let found = comparison
        .children(&mut cursor)
        .any(|child| matches!(child.kind(), "in" | "not in"));
    found
}

/// The name a node gives a value: a string's content, an attribute's last
/// part, an identifier.
fn name_of(name: Node, text: &str) -> Option<String> {
    match name.kind() {
        "string" | "concatenated_string" => literal(name, text).map(|(content, _)| content),
        "attribute" => name
            .child_by_field_name("attribute")
            .map(|attribute| node_text(attribute, text).to_owned()),
        _ => Some(node_text(name, text).to_owned()),
    }
}

/// Binds the literal `value` to `name`; a value in a table (`in_container`,
/// the value of a pair) to its singular.
fn bind(name: Node, value: Node, in_container: bool, text: &str, out: &mut Vec<Binding>) {
    let Some(name) = name_of(name, text) else {
        return;
    };
    // `SERVICE_TOKENS = {"billing": "…"}`: each value is one of the container's tokens.
    let name = if in_container {
        super::singular(&name).to_owned()
    } else {
        name
    };
    bind_named(name, value, text, out);
}

/// Binds the literal `value` to a name given as text.
fn bind_named(name: String, value: Node, text: &str, out: &mut Vec<Binding>) {
    if let Some((value, span)) = literal(value, text) {
        out.push(Binding {
            name,
            value,
            span,
            kind: None,
            public: false,
        });
    }
}

/// Binds `value` to `name` when it is a value ([`bind`]; `in_container`
/// as there), or its elements when it is a tuple or list ([`bind_elements`]).
fn bind_value(name: Node, value: Node, in_container: bool, text: &str, out: &mut Vec<Binding>) {
    if is_value(value, text) {
        bind(name, value, in_container, text, out);
    } else if is_collection(value) {
        bind_elements(name, value, text, out);
    }
}

/// The right-hand side of an assignment or walrus, bound to `name`
/// (an identifier or attribute): a value or collection ([`bind_value`]); each
/// literal operand of `… or "…"` (`os.getenv("DB_PASS") or "…"`, a fallback)
/// and each branch of `"…" if prod else "…"` (each a candidate value, judged
/// by the value model on its own); the default of a settings or dataclass
/// field (`Field(default="…")`, `Field("…")`, `field(default="…")`).
fn bind_right(name: Node, value: Node, text: &str, out: &mut Vec<Binding>) {
    match value.kind() {
        "boolean_operator" => {
            let is_or = (value.child_by_field_name("operator")).is_some_and(|o| o.kind() == "or");
            if is_or {
                let sides = ["left", "right"].map(|side| value.child_by_field_name(side));
                for operand in sides.into_iter().flatten() {
                    bind_alternative(name, operand, text, out);
                }
                // `os.environ.get("DB_PASSWORD") or "…"`: the fallback
                // stands for the variable read, and is judged by its name
                // too (`value = …` names nothing).
                // `os.getenv("A") or os.getenv("B") or "…"`: it stands for
                // every read of the chain before it.
                if let [Some(reads), Some(fallback)] = sides {
                    for key in chained_reads(reads, text) {
                        bind_alternative(key, fallback, text, out);
                    }
                }
            }
        }
        // `password = password + "…"`: the literal extends the credential
        // the name already holds, as `password += "…"` does.
        "binary_operator" => {
            let operator = value.child_by_field_name("operator");
            let sides = ["left", "right"].map(|side| value.child_by_field_name(side));
            if let (Some("+"), [Some(left), Some(right)]) = (operator.map(|o| o.kind()), sides) {
                let same = |operand: Node| node_text(operand, text) == node_text(name, text);
                if same(left) && is_value(right, text) {
                    bind(name, right, false, text, out);
                } else if same(right) && is_value(left, text) {
                    bind(name, left, false, text, out);
                }
            }
        }
        "conditional_expression" => {
            // `a if cond else b`: the named children are a, cond, b (comments aside).
            if let [consequence, _, alternative] = code_children(value)[..] {
                bind_alternative(name, consequence, text, out);
                bind_alternative(name, alternative, text, out);
            }
        }
        // A field's default, or a literal converted (`str("…")`, `"…".encode()`).
        "call" => match field_default(value, text) {
            Some(default) => bind_alternative(name, default, text, out),
            None => {
                // `token = os.getenv("GH", "…")`: the fallback is the
                // binding's value too, and judged by its name (the
                // variable's is judged where the call is read).
                if let Some((_, Some(fallback))) = environment_read(value, text) {
                    bind_alternative(name, fallback, text, out);
                }
                bind_alternative(name, value, text, out)
            }
        },
        // `("…" if debug else "…")`, `(os.getenv("K") or "…")`: the
        // parentheses only wrap the alternatives (a black-formatted line).
        "parenthesized_expression" => match code_children(value)[..] {
            [only] if matches!(only.kind(), "boolean_operator" | "conditional_expression") => {
                bind_right(name, only, text, out);
            }
            _ => bind_value(name, value, false, text, out),
        },
        _ => bind_value(name, value, false, text, out),
    }
}

/// One operand of `or` or branch of a conditional: a literal, or another
/// `or`/conditional; a collection there is not bound (`x or []`).
fn bind_alternative(name: Node, value: Node, text: &str, out: &mut Vec<Binding>) {
    match value.kind() {
        "boolean_operator" | "conditional_expression" => bind_right(name, value, text, out),
        _ if is_value(value, text) => bind(name, value, false, text, out),
        _ => {}
    }
}

/// The default a field declaration gives its attribute: `default=` of
/// pydantic's `Field` and the dataclasses' or attrs' `field`, or `Field`'s
/// first positional argument; or what `default_factory=lambda: …` returns,
/// the same value made on each instance.
fn field_default<'t>(call: Node<'t>, text: &str) -> Option<Node<'t>> {
    let callee = call.child_by_field_name("function")?;
    if !matches!(callee.kind(), "identifier" | "attribute") {
        return None;
    }
    let callee = node_text(callee, text);
    let method = callee.rsplit('.').next().unwrap_or(callee).trim();
    if !matches!(method, "Field" | "field") {
        return None;
    }
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let mut first = true;
    for argument in arguments.named_children(&mut cursor) {
        match argument.kind() {
            "comment" => continue,
            "keyword_argument" => {
                let name = argument.child_by_field_name("name")?;
                let value = argument.child_by_field_name("value");
                match node_text(name, text) {
                    "default" => return value,
                    "default_factory" => {
                        if let Some(lambda) = value.filter(|v| v.kind() == "lambda") {
                            return lambda.child_by_field_name("body");
                        }
                    }
                    _ => {}
                }
            }
            _ if first && method == "Field" => return Some(argument),
            _ => {}
        }
        first = false;
    }
    None
}

/// The outer targets of a chained assignment whose innermost one's right
/// side is being bound (`password = other = "…"`: `password`, then any
/// further out), identifiers and attributes only.
fn chained_targets<'t>(frames: &[Frame<'t>]) -> Vec<Node<'t>> {
    let mut targets = Vec::new();
    let mut inner = frames.len() - 1;
    while inner > 0
        && frames[inner].field == Some("right")
        && frames[inner - 1].node.kind() == "assignment"
    {
        if let Some(left) = (frames[inner - 1].node.child_by_field_name("left"))
            .map(unparenthesised)
            .filter(|l| matches!(l.kind(), "identifier" | "attribute"))
        {
            targets.push(left);
        }
        inner -= 1;
    }
    targets
}

/// `password, user = "…", "bob"`: each identifier or attribute target bound
/// to the value in its position, when both sides have as many elements and
/// no `*rest` makes positions unknown; a nested target (`(password, user),
/// host = …`) unpacks its own value so.
fn bind_unpacked(targets: Node, values: Node, text: &str, out: &mut Vec<Binding>) {
    let values = unparenthesised(values);
    if !matches!(values.kind(), "expression_list" | "tuple" | "list") {
        return;
    }
    let (targets, values) = (code_children(targets), code_children(values));
    if targets.len() != values.len()
        || (targets.iter()).any(|t| matches!(t.kind(), "list_splat_pattern" | "list_splat"))
        || values.iter().any(|v| v.kind() == "list_splat")
    {
        return;
    }
    for (target, value) in targets.into_iter().zip(values) {
        let target = unparenthesised(target);
        match target.kind() {
            "identifier" | "attribute" => bind_right(target, value, text, out),
            "pattern_list" | "tuple_pattern" | "list_pattern" => {
                bind_unpacked(target, value, text, out);
            }
            _ => {}
        }
    }
}

/// `config["password"] = "…"`: the value bound to each string key of the
/// subscript.
fn bind_subscript_keys(subscript: Node, value: Node, text: &str, out: &mut Vec<Binding>) {
    if !is_value(value, text) {
        return;
    }
    let mut cursor = subscript.walk();
    if cursor.goto_first_child() {
        loop {
            let key = cursor.node();
            if cursor.field_name() == Some("subscript") && is_string(key) {
                bind(key, value, false, text, out);
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
}

/// The positional arguments of an argument list, comments and keyword
/// arguments left out; `None` after a `*args`, which makes positions unknown.
fn positional(arguments: Node) -> Option<Vec<Node>> {
    let mut out = Vec::new();
    for argument in code_children(arguments) {
        match argument.kind() {
            "list_splat" | "dictionary_splat" => return None,
            "keyword_argument" => {}
            _ => out.push(argument),
        }
    }
    Some(out)
}

/// `setattr(obj, "password", "…")`, `object.__setattr__(self, "password",
/// "…")`, `monkeypatch.setattr(obj, "password", "…")`: an object, the
/// attribute's name, then its value. (The two-argument forms,
/// `obj.__setattr__("password", "…")` and `monkeypatch.setattr("a.password",
/// "…")`, are a key then its value: [`takes_key_then_value`].)
fn bind_set_attribute(arguments: Node, text: &str, out: &mut Vec<Binding>) {
    if let Some([object, name, value, ..]) = positional(arguments).as_deref() {
        if !is_string(*object) && is_string(*name) && is_value(*value, text) {
            bind(*name, *value, false, text, out);
        }
    }
}

/// `@pytest.mark.parametrize("user,password", [("u", "…"), pytest.param("v",
/// "…")])`: the arguments named (a string of names separated by commas, or
/// a list or tuple of names), and each case's values by position; a case
/// of one argument is its value itself.
fn parametrized(arguments: Node, text: &str, out: &mut Vec<Binding>) {
    let mut given = positional(arguments).unwrap_or_default().into_iter();
    let keyword = |wanted: &str| {
        code_children(arguments).into_iter().find_map(|a| {
            let name = a.child_by_field_name("name")?;
            (a.kind() == "keyword_argument" && node_text(name, text) == wanted)
                .then(|| a.child_by_field_name("value"))?
        })
    };
    let (Some(names), Some(cases)) = (
        given.next().or_else(|| keyword("argnames")),
        given.next().or_else(|| keyword("argvalues")),
    ) else {
        return;
    };
    let names: Vec<String> = if is_string(names) {
        let Some((names, _)) = literal(names, text) else {
            return;
        };
        names.split(',').map(|n| n.trim().to_owned()).collect()
    } else if is_collection(names) {
        let names: Option<Vec<String>> = (code_children(names).into_iter())
            .map(|n| literal(n, text).map(|(name, _)| name.trim().to_owned()))
            .collect();
        let Some(names) = names else {
            return;
        };
        names
    } else {
        return;
    };
    if !is_collection(cases) {
        return;
    }
    for case in code_children(cases) {
        let param = (case.kind() == "call")
            .then(|| case.child_by_field_name("function"))
            .flatten()
            .is_some_and(|f| node_text(f, text).rsplit('.').next() == Some("param"));
        let values = if param {
            case.child_by_field_name("arguments").and_then(positional)
        } else if names.len() == 1 {
            Some(vec![case])
        } else if is_collection(case) {
            Some(code_children(case))
        } else {
            None
        };
        let Some(values) = values.filter(|v| v.len() == names.len()) else {
            continue;
        };
        for (name, value) in names.iter().zip(values) {
            if is_value(value, text) {
                bind_named(name.clone(), value, text, out);
            }
        }
    }
}

/// A node's named children, comments left out: the elements of a tuple,
/// the parts of a conditional, what a pair of parentheses holds.
fn code_children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    let children = node
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect();
    children
}

/// Binds the elements of a tuple or list to `name` (see [`super::container_bindings`]).
fn bind_elements(name: Node, elements: Node, text: &str, out: &mut Vec<Binding>) {
    let Some(name) = name_of(name, text) else {
        return;
    };
    let literals = (code_children(elements).into_iter())
        .map(|e| literal(e, text))
        .collect();
    out.extend(super::container_bindings(
        &name,
        elements.kind() == "tuple",
        literals,
    ));
}

/// `("X-Api-Token", "…")` names its value as a tuple of two, or as the two
/// strings that open a test's row of cases whose other elements are not
/// strings (`("Token", "…", None, 401)`): in a longer tuple of strings each
/// is a value, not a name.
fn more_strings(tuple: Node) -> bool {
    (code_children(tuple).iter().skip(2))
        .any(|e| matches!(e.kind(), "string" | "concatenated_string"))
}

/// Whether a string (as written: prefix and quotes) names the value after
/// it in a tuple: a header (`"Authorization"`, capitalised) or a key of
/// several words (`"api_key"`, `"x-api-token"`), its body letters, digits,
/// `_`, `.` and `-`, beginning with a letter.
fn names_a_tuple(string: &str) -> bool {
    let quoted = string.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let quote = |c: Option<char>| matches!(c, Some('"' | '\''));
    let mut chars = quoted.chars();
    if !quote(chars.next()) || !quote(chars.next_back()) {
        return false;
    }
    let body = chars.as_str();
    let Some(first) = body.chars().next().filter(char::is_ascii_alphabetic) else {
        return false;
    };
    let separator = |c: char| matches!(c, '_' | '.' | '-');
    body.chars()
        .all(|c| c.is_ascii_alphanumeric() || separator(c))
        && (first.is_ascii_uppercase() || body.contains(separator))
}

/// Whether a dictionary's name says its values are secrets by label: a
/// plural (`SERVICE_TOKENS`, `api_keys`), not `credentials`, `creds` or a
/// word ending in `ss` (`access`), which name one credential's fields.
/// Letters compare as the query's case-insensitive patterns compared them
/// (`ſ` is an `s`, the Kelvin sign a `k`).
fn names_a_table(name: &str) -> bool {
    let folded: Vec<char> = name
        .chars()
        .map(|c| match c {
            'ſ' => 's',
            '\u{212A}' => 'k',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let ends_with = |suffix: &str| {
        let suffix: Vec<char> = suffix.chars().collect();
        folded.ends_with(&suffix)
    };
    let plural = matches!(folded[..], [.., 'a'..='z', 's']);
    plural && !ends_with("credentials") && !ends_with("creds") && !ends_with("ss")
}

/// The string key a call's first argument names when the callee takes a
/// key then its value ([`takes_key_then_value`]): what its second
/// argument, or its `default=`, is the value of. `call` and `arguments` are
/// the frames of the call and of its argument list.
fn named_key<'t>(call: &Frame<'t>, arguments: &Frame<'t>, text: &str) -> Option<Node<'t>> {
    let key = arguments.first.filter(|first| is_string(*first))?;
    let callee = (call.node.kind() == "call" && arguments.field == Some("arguments"))
        .then(|| call.node.child_by_field_name("function"))
        .flatten()
        .filter(|f| f.is_named() && !f.is_error())?;
    takes_key_then_value(node_text(callee, text)).then_some(key)
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
        "__setattr__",
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

/// The arguments of a call in a credential position (see
/// [`super::positions`]), its callee resolved through the file's `imports`.
fn call_bindings(callee: Node, arguments: Node, text: &str, imports: &Imports) -> Vec<Binding> {
    let callee = node_text(callee, text);
    let resolved = imports.resolve(callee);
    if super::positions::lookup(Language::Python, callee, resolved.as_deref())
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
    super::position_bindings(
        Language::Python,
        callee,
        resolved.as_deref(),
        &positional,
        &keywords,
    )
}

/// The content of a string or of implicitly concatenated strings, seen
/// through parentheses and conversions ([`literal_node`]); `None` for
/// f-strings with interpolations, which are built at run time.
fn literal(node: Node, text: &str) -> Option<(String, std::ops::Range<usize>)> {
    let node = literal_node(node, text)?;
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

/// What a file's imports bind: every local name with the dotted name it
/// stands for (`names`), and the environment's view of them: local names
/// for the `os` module, and local names for its environment members (with
/// the member each stands for).
#[derive(Debug, Clone)]
pub struct Imports {
    pub modules: HashSet<String>,
    pub members: HashMap<String, &'static str>,
    /// `import jwt as j`: `j` → `jwt`; `from jwt import encode`: `encode`
    /// → `jwt.encode`; `import requests.auth`: `requests` → `requests`. A
    /// name the module binds again itself (`def encode(…)`, `encode = …`)
    /// stands for nothing: the empty string (see [`Imports::resolve`]).
    pub names: HashMap<String, String>,
}

impl Default for Imports {
    fn default() -> Self {
        Imports {
            modules: HashSet::from(["os".to_owned()]),
            members: HashMap::new(),
            names: HashMap::new(),
        }
    }
}

impl Imports {
    /// What the environment's reading of a statement depends on besides
    /// its text, the names `os` and its members are imported under, as a
    /// digest of them in a fixed order: written out once per document for
    /// every statement's memo key (see `syntax::statement_facts`). Each key
    /// used to write them out in full, so a module of thousands of
    /// `from os import environ as e…` took the square of their number
    /// (8,000 took 21 s; a17 #1).
    pub fn environment_key(&self) -> String {
        let mut modules: Vec<&String> = self.modules.iter().collect();
        modules.sort();
        let mut members: Vec<_> = self.members.iter().collect();
        members.sort();
        super::digest_key(&format!("{modules:?}{members:?}"))
    }

    /// A dotted callee as the imports read it, when its first name is one
    /// they bind: `j.encode` is `jwt.encode`, `B` is
    /// `requests.auth.HTTPBasicAuth`; empty for a name the module binds
    /// itself. `None`: the name is not imported (a builtin, a local, a
    /// parameter), and the callee stands as written.
    pub fn resolve(&self, callee: &str) -> Option<String> {
        let (first, rest) = match callee.split_once('.') {
            Some((first, rest)) => (first, Some(rest)),
            None => (callee, None),
        };
        let target = self.names.get(first.trim())?;
        Some(match rest {
            Some(rest) if !target.is_empty() => format!("{target}.{rest}"),
            _ => target.clone(),
        })
    }
}

/// Records the imports under `root`: every name they bind, and the `os`
/// ones for the environment (see [`import_names`] for the shapes read).
pub fn collect_imports(root: Node, text: &str, imports: &mut Imports) {
    import_names(root, text, |name| {
        let alias = name.alias.map(|n| node_text(n, text));
        let imported = node_text(name.name, text);
        match name.from {
            None => {
                // `import a.b` binds `a`; `import a.b as x` binds `x` to `a.b`.
                let first = imported.split('.').next().unwrap_or(imported);
                let (local, target) = alias.map_or((first, first), |alias| (alias, imported));
                imports.names.insert(local.to_owned(), target.to_owned());
                if imported == "os" || imported.starts_with("os.") {
                    imports.modules.insert(alias.unwrap_or("os").to_owned());
                }
            }
            Some(from) => {
                let from = node_text(from, text);
                let local = alias.unwrap_or(imported);
                imports
                    .names
                    .insert(local.to_owned(), format!("{from}.{imported}"));
                if let (true, Some(known)) =
                    (from == "os", ENV_MEMBERS.iter().find(|m| **m == imported))
                {
                    imports.members.insert(local.to_owned(), known);
                }
            }
        }
    });
}

/// One name an import statement binds.
struct ImportName<'t> {
    /// The module of `from <module> import …`; none for `import …`.
    from: Option<Node<'t>>,
    /// The dotted name imported: `os.path` of `import os.path as p`,
    /// `getenv` of `from os import getenv`.
    name: Node<'t>,
    /// `p` of `import os.path as p`.
    alias: Option<Node<'t>>,
}

/// The names import statements under `root` bind, in the tree's order:
///
/// - `import os`, `import os.path`, `import os as o` (each name of
///   `import a, b as c`)
/// - `from os import environ`, `from os import getenv as ge` (each name
///   of `from os import (a, b as c)`), only from a dotted module name: a
///   relative `from . import x` binds nothing here, nor does
///   `from os import *`
///
/// This was `queries/python/environment.scm`'s import patterns (`name:
/// (dotted_name)` or `name: (aliased_import name: (dotted_name) alias:
/// (identifier))` of an `import_statement`, the same of an
/// `import_from_statement` whose `module_name` is a `dotted_name`). Why a
/// walk and not a query: compiling that query was the costliest part of
/// opening a Python module in the editor after the parse (see
/// [`env_accesses`]).
fn import_names<'t>(root: Node<'t>, text: &str, mut f: impl FnMut(ImportName<'t>)) {
    each_node(root, text, |statement, _, _| {
        let from = match statement.kind() {
            "import_statement" if statement.is_named() => None,
            "import_from_statement" if statement.is_named() => {
                match statement.child_by_field_name("module_name") {
                    Some(module) if is_named_kind(module, "dotted_name") => Some(module),
                    _ => return,
                }
            }
            _ => return,
        };
        let mut cursor = statement.walk();
        for child in statement.children_by_field_name("name", &mut cursor) {
            if is_named_kind(child, "dotted_name") {
                f(ImportName {
                    from,
                    name: child,
                    alias: None,
                });
            } else if is_named_kind(child, "aliased_import") {
                let (Some(name), Some(alias)) = (
                    child.child_by_field_name("name"),
                    child.child_by_field_name("alias"),
                ) else {
                    continue;
                };
                if is_named_kind(name, "dotted_name") && is_named_kind(alias, "identifier") {
                    f(ImportName {
                        from,
                        name,
                        alias: Some(alias),
                    });
                }
            }
        }
    });
}

/// Every read or write of the environment under `root`, given the file's imports.
///
/// Two shapes: a member of [`ENV_MEMBERS`] on a name bound to `os`
/// (`os.environ`, `o.getenv` after `import os as o`: an `attribute` whose
/// `object` and `attribute` are identifiers), and a bare name imported from
/// `os` (`environ`, `ge` after `from os import getenv as ge`, see
/// [`collect_bare_uses`]); each widened to the expression using it
/// ([`describe`]). `request.environ` and a local named `environ` are none.
///
/// The first shape was `queries/python/environment.scm`'s attribute pattern
/// (`(attribute object: (identifier) attribute: (identifier) (#any-of?
/// …))`). Why a walk: that query's compilation (with its import patterns,
/// now [`import_names`]) cost more instructions than the rest of a
/// 10,000-line module's first analysis in the language server, which it
/// held up, for patterns a look at each node's kind and two fields answers.
pub fn env_accesses(root: Node, text: &str, imports: &Imports) -> Vec<EnvAccess> {
    let mut out = Vec::new();
    each_node(root, text, |access, _, _| {
        let Some([object, member]) = fields_of(access, "attribute", ["object", "attribute"]) else {
            return;
        };
        if is_named_kind(object, "identifier")
            && is_named_kind(member, "identifier")
            && ENV_MEMBERS.contains(&node_text(member, text))
            && imports.modules.contains(node_text(object, text))
        {
            out.push(describe(access, node_text(access, text).to_owned(), text));
        }
    });
    if !imports.members.is_empty() {
        collect_bare_uses(root, text, &imports.members, &mut out);
    }
    out.sort_by_key(|a| a.span.start);
    out
}

/// Finds uses of names imported from `os` (`environ["X"]`, `ge("X")`),
/// skipping the import itself and attribute names such as `self.environ`.
fn collect_bare_uses(
    root: Node,
    text: &str,
    members: &HashMap<String, &'static str>,
    out: &mut Vec<EnvAccess>,
) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if matches!(node.kind(), "import_from_statement" | "import_statement") {
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
    // `os.environ["X"]`, `os.getenv("X")`: step to the subscript or call.
    if let Some(parent) = expr.parent() {
        if let Some((_, key)) = environment_key(parent, text).filter(|(of, _)| *of == expr) {
            variable = key;
            subscript = parent.kind() == "subscript";
            expr = parent;
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

/// Whether a Python module is test-support code by what it imports: an
/// import at the module's top level (no indentation, so not one under `if
/// "pytest" in sys.modules:` or in a `try`) of a test framework's own
/// package, which no application imports unconditionally, since the
/// framework is no runtime dependency: `pytest`, its internals `_pytest`, a
/// pytest plugin package (`pytest_asyncio`), and SQLAlchemy's and Alembic's
/// test-suite support (`sqlalchemy.testing`, `from sqlalchemy.testing.provision
/// import …`: a dialect's `provision.py`, the plugin that sets up the
/// compliance suite's databases). Over the evaluation set's cache every
/// module importing one of these outside a test path is a pytest plugin, a
/// dialect's provisioning or requirements module, or a shared test base.
/// Not `unittest` (its `mock` is imported by application code), nor
/// `django.test` or `flask.testing` (a Django management command imports
/// `override_settings`, Flask's `app.py` its test client), which application
/// code imports too.
pub fn imports_test_support(text: &str) -> bool {
    // The statements as the Python stage splits them (strings, comments,
    // brackets and continuations read), so an `import pytest` inside a
    // docstring is none; top level: opening its line.
    let lines = super::regions::python_logical_lines(text);
    lines.iter().any(|line| {
        let top_level = line.range.start == 0 || text.as_bytes()[line.range.start - 1] == b'\n';
        if !top_level || line.too_deep {
            return false;
        }
        let line = &text[line.range.clone()];
        let (module, names) = if let Some(rest) = line.strip_prefix("import ") {
            (rest, None)
        } else if let Some(rest) = line.strip_prefix("from ") {
            match rest.split_once(" import ") {
                Some((module, names)) => (module, Some(names)),
                None => return false,
            }
        } else {
            return false;
        };
        let module = module.split('#').next().unwrap_or_default();
        match names {
            None => module
                .split(',')
                .filter_map(|m| m.split_whitespace().next())
                .any(is_test_support_module),
            Some(names) => {
                let module = module.trim();
                is_test_support_module(module)
                    || names
                        .split('#')
                        .next()
                        .unwrap_or_default()
                        .split(',')
                        .filter_map(|n| {
                            n.trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace())
                                .split_whitespace()
                                .next()
                        })
                        .any(|n| is_test_support_module(&format!("{module}.{n}")))
            }
        }
    })
}

/// A test framework's support package or one of its modules (see
/// [`imports_test_support`]).
fn is_test_support_module(module: &str) -> bool {
    let top = module.split('.').next().unwrap_or_default();
    let under = |package: &str| {
        module == package
            || module
                .strip_prefix(package)
                .is_some_and(|rest| rest.starts_with('.'))
    };
    top == "pytest"
        || top == "_pytest"
        || top.starts_with("pytest_")
        || under("sqlalchemy.testing")
        || under("alembic.testing")
}

/// What a settings module defines: module-level names, and instances of
/// classes with their fields (`settings = Settings()`, `Settings.API_KEY`).
#[derive(Debug, Default)]
pub struct SettingsNames {
    pub module_names: Vec<String>,
    /// `(instance, fields of its class)`.
    pub instances: Vec<(String, Vec<String>)>,
}

/// Read off the module's own statements, not by a query: the three shapes
/// (`NAME = …`, `class C:` with `FIELD = …`/`FIELD: T = …` in its body,
/// `name = Class(…)`) are a statement of the module and at most two levels
/// below it. This was `queries/python/settings.scm`, whose compilation cost
/// more instructions (82 M, tree-sitter's analysis of three patterns
/// against the grammar) than the other Python queries together; the
/// server compiled it at start-up, beside the first opened document's
/// analysis. The walk keeps the query's semantics: only direct children of
/// the module count (a decorated class is a `decorated_definition`), an
/// assignment counts only as an `expression_statement`'s child, and its
/// `left` must be an identifier.
pub fn settings_names(root: Node, text: &str) -> SettingsNames {
    let mut names = SettingsNames::default();
    let mut classes: HashMap<String, Vec<String>> = HashMap::new();
    let mut instances = Vec::new();
    /// The assignments an `expression_statement` holds as its children,
    /// with their `left` identifier.
    fn assignments<'t>(statement: Node<'t>) -> Vec<(Node<'t>, Node<'t>)> {
        let mut cursor = statement.walk();
        statement
            .named_children(&mut cursor)
            .filter(|child| child.kind() == "assignment")
            .filter_map(|assignment| {
                let left = assignment.child_by_field_name("left")?;
                (left.kind() == "identifier").then_some((assignment, left))
            })
            .collect()
    }
    let mut cursor = root.walk();
    if root.kind() == "module" {
        for statement in root.named_children(&mut cursor) {
            match statement.kind() {
                "expression_statement" => {
                    for (assignment, left) in assignments(statement) {
                        names.module_names.push(node_text(left, text).to_owned());
                        let class = assignment
                            .child_by_field_name("right")
                            .filter(|right| right.kind() == "call")
                            .and_then(|call| call.child_by_field_name("function"))
                            .filter(|function| function.kind() == "identifier");
                        if let Some(class) = class {
                            instances.push((
                                node_text(left, text).to_owned(),
                                node_text(class, text).to_owned(),
                            ));
                        }
                    }
                }
                "class_definition" => {
                    let name = statement
                        .child_by_field_name("name")
                        .filter(|name| name.kind() == "identifier");
                    let body = statement
                        .child_by_field_name("body")
                        .filter(|body| body.kind() == "block");
                    let (Some(name), Some(body)) = (name, body) else {
                        continue;
                    };
                    let mut body_cursor = body.walk();
                    for field_statement in body
                        .named_children(&mut body_cursor)
                        .filter(|child| child.kind() == "expression_statement")
                    {
                        for (_, left) in assignments(field_statement) {
                            classes
                                .entry(node_text(name, text).to_owned())
                                .or_default()
                                .push(node_text(left, text).to_owned());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    names.instances = instances
        .into_iter()
        .filter_map(|(instance, class)| {
            classes.get(&class).map(|fields| (instance, fields.clone()))
        })
        .collect();
    names
}

/// Whether a name says by itself that it holds a secret: a credential's
/// name, not one shown in clear (an access key's id is public, a truncated
/// secret what an API shows of it, a message constant what is shown when
/// it is missing).
pub(crate) fn is_credential_name(name: &str) -> bool {
    credential_kind(name).is_some() && !crate::value::names_shown_in_clear(name)
}

/// The name a secret-valued expression goes by: a credential-named or
/// tainted name, an attribute with a credential name (`settings.API_KEY`),
/// or an environment read of a credential-named variable.
fn secret_expression(node: Node, text: &str, tainted: &HashSet<String>) -> Option<String> {
    let is_credential = is_credential_name;
    match node.kind() {
        "identifier" => {
            let name = node_text(node, text);
            (is_credential(name) || tainted.contains(name)).then(|| name.to_owned())
        }
        "attribute" => {
            let attribute = node_text(node.child_by_field_name("attribute")?, text);
            let object = node_text(node.child_by_field_name("object")?, text);
            let object = object.rsplit('.').next().unwrap_or(object);
            (is_credential(attribute) && !crate::value::names_authenticator_data(object))
                .then(|| node_text(node, text).to_owned())
        }
        // `os.environ["X"]`, `os.getenv("X")`, `os.environ.get("X")`.
        "subscript" | "call" => {
            let (of, variable) = environment_key(node, text)?;
            let of = node_text(of, text);
            let reads = ["environ", "getenv", "environ.get"];
            (reads.iter().any(|r| of.ends_with(r)) && is_credential(&variable?))
                .then(|| node_text(node, text).to_owned())
        }
        _ => None,
    }
}

/// The variable names (string literals) the environment reads of a chain
/// of `or` read (`os.getenv("A") or os.environ.get("B")`), parentheses
/// aside; a read alone is a chain of one.
fn chained_reads<'t>(node: Node<'t>, text: &str) -> Vec<Node<'t>> {
    match node.kind() {
        "boolean_operator"
            if (node.child_by_field_name("operator")).is_some_and(|o| o.kind() == "or") =>
        {
            let sides = ["left", "right"].map(|side| node.child_by_field_name(side));
            (sides.into_iter().flatten())
                .flat_map(|side| chained_reads(side, text))
                .collect()
        }
        "parenthesized_expression" => match code_children(node)[..] {
            [only] => chained_reads(only, text),
            _ => Vec::new(),
        },
        _ => environment_read(node, text)
            .map(|(key, _)| key)
            .into_iter()
            .collect(),
    }
}

/// The variable name (a string literal) an `os.getenv(…)`,
/// `os.environ.get(…)` or `os.environ.setdefault(…)` call reads, and its
/// fallback: the second argument or `default=`.
fn environment_read<'t>(call: Node<'t>, text: &str) -> Option<(Node<'t>, Option<Node<'t>>)> {
    if call.kind() != "call" {
        return None;
    }
    let callee = node_text(call.child_by_field_name("function")?, text);
    let reads = ["getenv", "environ.get", "environ.setdefault"];
    if !reads.iter().any(|r| callee.ends_with(r)) {
        return None;
    }
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let arguments: Vec<Node> = (arguments.named_children(&mut cursor))
        .filter(|a| a.kind() != "comment")
        .collect();
    let key = *arguments.first().filter(|k| is_string(**k))?;
    let fallback = arguments.iter().skip(1).find_map(|a| match a.kind() {
        "keyword_argument" => (a.child_by_field_name("name"))
            .filter(|n| node_text(*n, text) == "default")
            .and_then(|_| a.child_by_field_name("value")),
        _ => Some(*a),
    });
    Some((key, fallback))
}

/// What the subscript or call `expr` applies to (`os.environ` of
/// `os.environ["X"]`, `os.getenv` of `os.getenv("X")`) and the variable a
/// string literal names there (its key, its first argument); `None` for
/// another node. Both readers of an environment access ask it: [`describe`],
/// climbing from `os.environ` to the expression using it, and
/// [`secret_expression`], given that expression.
fn environment_key<'t>(expr: Node<'t>, text: &str) -> Option<(Node<'t>, Option<String>)> {
    let (of, key) = match expr.kind() {
        "subscript" => (
            expr.child_by_field_name("value")?,
            expr.child_by_field_name("subscript"),
        ),
        "call" => (
            expr.child_by_field_name("function")?,
            (expr.child_by_field_name("arguments")).and_then(|args| args.named_child(0)),
        ),
        _ => return None,
    };
    let variable = key
        .and_then(|key| string_content(key, text))
        .map(|(s, _)| s);
    Some((of, variable))
}

/// Records locals assigned a secret's value: `k = settings.API_KEY`.
///
/// The assignments read are `local = value` (`(assignment left:
/// (identifier) right: (_))`): a name on the left, any value but an error
/// on the right (whatever else the right holds is no secret expression).
/// A walk rather than a query for the reason [`output_calls`] gives.
pub fn tainted_locals(root: Node, text: &str, tainted: &mut HashSet<String>) {
    let mut found = Vec::new();
    each_node(root, text, |node, _, _| {
        let Some([local, value]) = fields_of(node, "assignment", ["left", "right"]) else {
            return;
        };
        if is_named_kind(local, "identifier")
            && value.is_named()
            && secret_expression(value, text, tainted).is_some()
        {
            found.push(node_text(local, text).to_owned());
        }
    });
    tainted.extend(found);
}

/// Whether the file handles lexical tokens: it imports a lexing, parsing
/// or language-model tokenizing API (`tokenize`, `token`, `shlex`,
/// `sqlparse`, `pygments`, `ply`, `lark`, `sly`, `parso`, `lib2to3`,
/// `pyparsing`, `tiktoken`, `sentencepiece`, `tokenizers`), defines a lexer
/// or tokenizer (`class SqlLexer`, `class Tokenizer`, `class shlex`, a
/// subclass of one, `class SentencePieceBackend(PreTrainedTokenizer)`),
/// a function that tokenizes (`def tokenize(`, `def lex(`,
/// `def _tokenize_type_spec(`) or a language model's streaming callback,
/// which gets each generated token of text (`def on_llm_new_token(`), or
/// reads tokens' types (`tok.ttype`, `shlex.split`,
/// `tokenize.generate_tokens`). One pass of one regex over the text.
pub fn lexical_code(text: &str) -> bool {
    // ASCII word classes and boundaries: the names matched are ASCII, and
    // Unicode's `\w` made compiling this one regex a quarter of a one-file
    // check (10 M of 40 M instructions).
    static LEXICAL: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"(?m)^[ \t]*(?:import|from)[ \t]+(?:tokenize|token|shlex|sqlparse|pygments|ply|lark|sly|parso|lib2to3|pyparsing|tiktoken|sentencepiece|tokenizers)(?-u:\b)|^[ \t]*class[ \t]+(?:[0-9A-Za-z_]*(?:Lexer|Tokenizer|Tokeniser)|shlex)(?-u:\b)|^[ \t]*class[ \t]+[0-9A-Za-z_]+[ \t]*\([^)\n]*(?:Lexer|Tokenizer|Tokeniser)[0-9A-Za-z_]*[ \t]*[,)]|^[ \t]*def[ \t]+_*(?:[a-z0-9]+_)*(?:tokeni[sz]e|lex)(?:_[0-9A-Za-z_]+)?[ \t]*\(|^[ \t]*(?:async[ \t]+)?def[ \t]+on_llm_new_token(?-u:\b)|\.ttype(?-u:\b)|(?-u:\b)shlex\.(?:split|shlex)(?-u:\b)|(?-u:\b)tokenize\.(?:generate_tokens|tokenize)(?-u:\b)",
        )
        .expect("valid regex")
    });
    LEXICAL.is_match(text)
}

/// An assignment statement: its target (a name, or `self.` and a name) and
/// its value.
static ASSIGNMENT: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?m)^[ \t]*(?:self\.)?(\w+)[ \t]*(?::[^=\n]*)?=[ \t]*([^=\n].*)$")
        .expect("valid regex")
});

/// The names the file assigns a value read from an authentication source
/// somewhere (`token = resp.json()["token"]`, `token = os.environ[…]`).
pub fn auth_assigned(text: &str) -> HashSet<&str> {
    super::lexical::auth_assigned(text, &ASSIGNMENT)
}

/// Which of `names` (logged names, repr'd fields) hold lexical tokens in a
/// file of [`lexical_code`] (see [`super::lexical::tokens`]).
pub fn lexical_tokens<'n>(text: &str, names: &HashSet<&'n str>) -> HashSet<&'n str> {
    if names.is_empty() || !lexical_code(text) {
        return HashSet::new();
    }
    super::lexical::tokens(text, names, &ASSIGNMENT)
}

/// The names of `names` (bare identifiers) the file binds only as flags: a
/// parameter or variable annotated `bool` (`Optional[bool]`, `bool | None`)
/// or given `True` or `False` (`decode_token=True`, a default or a keyword
/// argument), and never anything else (`name = other`, `name: str`). A
/// flag named for a credential says whether to do something with one
/// (decode the token, send the key); printing it prints `True`. Passing it
/// on as itself (`decode_token=decode_token`) binds nothing new. Read from
/// the text in one pass over its words, whatever the number of names: a
/// scan of the file per logged name was quadratic (20,000 lines logging a
/// `token`, 560 KB, took 6.9 s).
pub fn only_flags<'n>(text: &str, names: &HashSet<&'n str>) -> HashSet<&'n str> {
    // Per name: `Some(true)` once bound as a flag, `Some(false)` once bound
    // as anything else, which no later binding undoes.
    let mut bound: HashMap<&'n str, bool> = HashMap::new();
    each_binding_of(text, names, |name, flag| {
        *bound.entry(name).or_insert(flag) &= flag
    });
    (bound.into_iter())
        .filter(|&(_, flag)| flag)
        .map(|(name, _)| name)
        .collect()
}

/// Hands `bound` each occurrence of one of `names` as a whole word, not an
/// attribute, that binds it ([`binding_at`]), with whether it binds a
/// flag: one pass of an automaton of the names over the text, which skips
/// what holds none of them (hashing every word of a 10,000-line file was a
/// tenth of an edit's analysis in the language server), whatever the number
/// of names (a scan per name was quadratic).
fn each_binding_of<'n>(text: &str, names: &HashSet<&'n str>, mut bound: impl FnMut(&'n str, bool)) {
    let names: Vec<&'n str> = names.iter().copied().filter(|n| !n.is_empty()).collect();
    let Some(automaton) = (!names.is_empty())
        .then(|| aho_corasick::AhoCorasick::new(&names).ok())
        .flatten()
    else {
        return;
    };
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    for hit in automaton.find_overlapping_iter(text) {
        let (at, end) = (hit.start(), hit.end());
        // A whole word (the character before it is then not a word's), and
        // not an attribute (`self.token = …`).
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| is_word(c) || c == '.')
            || text[end..].chars().next().is_some_and(is_word)
        {
            continue;
        }
        let name = names[hit.pattern().as_usize()];
        if let Some(flag) = binding_at(text, name, end) {
            bound(name, flag);
        }
    }
}

/// Every binding of a credential name (a bare word) in `text` that
/// [`only_flags`] reads, as the name and whether it binds a flag, sorted,
/// each once. Two texts with the same set give any text around them the
/// same [`only_flags`] of the names logged as credentials (a name's answer
/// is whether all its bindings are flags): the incremental analysis
/// compares an edited statement's before and after
/// ([`crate::incremental`]). A local logged because it took a secret is
/// bound to one (`k = settings.API_KEY`), so never only a flag.
pub fn flag_bindings(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let credential = |word: &str| credential_kind(word).is_some();
    each_binding(
        text,
        |w| Some(w).filter(|w| credential(w)),
        |word, flag| out.push((word, flag)),
    );
    out.sort_unstable();
    out.dedup();
    out
}

/// Hands `bound` each occurrence of a word (not an attribute) that binds
/// it ([`binding_at`]) and that `wanted` maps to `Some`, with whether it
/// binds a flag. One pass over the words of `text`.
fn each_binding<'t, N: AsRef<str>>(
    text: &'t str,
    mut wanted: impl FnMut(&'t str) -> Option<N>,
    mut bound: impl FnMut(N, bool),
) {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut before = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !is_word(c) {
            before = Some(c);
            continue;
        }
        let mut end = at + c.len_utf8();
        while let Some(&(next, c)) = chars.peek().filter(|(_, c)| is_word(*c)) {
            end = next + c.len_utf8();
            chars.next();
        }
        if before == Some('.') {
            continue;
        }
        let Some(name) = wanted(&text[at..end]) else {
            continue;
        };
        if let Some(flag) = binding_at(text, name.as_ref(), end) {
            bound(name, flag);
        }
    }
}

/// What the occurrence of `name` ending at `end` binds it to: `Some(true)`
/// a flag (a `bool` annotation, `True` or `False`), `Some(false)` anything
/// else, `None` nothing (a use, a condition, the name passed on as itself).
fn binding_at(text: &str, name: &str, end: usize) -> Option<bool> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let rest = text[end..].trim_start_matches([' ', '\t']);
    let (annotation, rest) = match rest.strip_prefix(':') {
        // A slice (`x[name:]`) or a dict key has no type after it; an
        // annotation ends at its default, the next parameter or the line.
        Some(after) => {
            let end = after.find(['=', ',', ')', '\n']).unwrap_or(after.len());
            (Some(after[..end].trim()), &after[end..])
        }
        None => (None, rest),
    };
    let value = rest
        .strip_prefix('=')
        .filter(|v| !v.starts_with('='))
        .map(|v| v.trim_start_matches([' ', '\t']));
    let mut flag = None;
    match annotation {
        Some("bool" | "Optional[bool]" | "bool | None" | "None | bool") => flag = Some(true),
        // `if decode_token:` ends a condition, with a comment or nothing after it.
        Some(a) if a.is_empty() || a.starts_with('#') => {}
        None => {}
        Some(_) => return Some(false),
    }
    if let Some(value) = value {
        let literal = ["True", "False"].iter().any(|b| {
            value
                .strip_prefix(b)
                .is_some_and(|after| !after.starts_with(is_word))
        });
        let itself = value
            .strip_prefix(name)
            .is_some_and(|after| !after.starts_with(is_word) && !after.starts_with('.'));
        if literal {
            flag = Some(true);
        } else if !itself {
            return Some(false);
        }
    }
    flag
}

/// Records locals assigned what a FIDO authenticator answers a U2F/CTAP
/// request with: `auth = ctap1.authenticate(challenge, app_id, key_handle)`,
/// `reg = u2f_device.register(…)`. The answer (user presence, a counter, a
/// signature over the relying party's challenge, a public key and its key
/// handle) is what the client sends the relying party in clear; the
/// private key never leaves the authenticator. Whatever such a local is
/// named (`auth`), printing it shows no secret. Told by the receiver, a
/// name with a word of the protocol (`ctap`, `ctap1`, `ctap2`, `u2f`,
/// `fido`, `fido2`, `webauthn`), so `auth = client.authenticate(user, pw)`,
/// which may return a session token, stays a credential.
pub fn authenticator_response_locals(root: Node, text: &str, found: &mut Vec<String>) {
    const PROTOCOL_WORDS: &[&str] = &["ctap", "ctap1", "ctap2", "u2f", "fido", "fido2", "webauthn"];
    each_node(root, text, |node, _, _| {
        let Some([local, value]) = fields_of(node, "assignment", ["left", "right"]) else {
            return;
        };
        let Some([function]) = fields_of(value, "call", ["function"]) else {
            return;
        };
        let Some([receiver]) = fields_of(function, "attribute", ["object"]) else {
            return;
        };
        let receiver = node_text(receiver, text);
        let receiver = receiver.rsplit('.').next().unwrap_or(receiver);
        if is_named_kind(local, "identifier")
            && crate::value::words(receiver)
                .iter()
                .any(|w| PROTOCOL_WORDS.contains(&w.as_str()))
        {
            found.push(node_text(local, text).to_owned());
        }
    });
}

/// Records locals assigned a choice between literals: `log_auth = "******"
/// if auth else "None"`. Whatever such a local is named, it holds one of
/// the literals, and the secret in its condition only chose which (as it
/// does printed in place, see [`reaches_output`]). Each branch is a string
/// or `None`, seen through parentheses.
pub fn chosen_literal_locals(root: Node, text: &str, found: &mut Vec<String>) {
    fn unwrapped(mut node: Option<Node>) -> Option<Node> {
        while let Some(inner) = node.filter(|n| n.kind() == "parenthesized_expression") {
            node = inner.named_child(0);
        }
        node
    }
    let literal = |node| unwrapped(node).is_some_and(|n| is_string(n) || n.kind() == "none");
    each_node(root, text, |node, _, _| {
        let Some([local, value]) = fields_of(node, "assignment", ["left", "right"]) else {
            return;
        };
        let Some(choice) =
            unwrapped(Some(value)).filter(|v| is_named_kind(*v, "conditional_expression"))
        else {
            return;
        };
        if is_named_kind(local, "identifier")
            && literal(choice.named_child(0))
            && literal(choice.named_child(2))
        {
            found.push(node_text(local, text).to_owned());
        }
    });
}

/// Functions whose call prints its arguments: `print(…)`.
pub(super) const OUTPUT_FUNCTIONS: &[&str] = &["print", "pprint", "echo"];

/// Methods whose call may print its arguments, depending on the receiver
/// ([`is_output`]): `logger.info(…)`, `sys.stdout.write(…)`.
pub(super) const OUTPUT_METHODS: &[&str] = &[
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "critical",
    "exception",
    "log",
    "fatal",
    "write",
    "echo",
    "print",
    "pprint",
];

/// One call that may print.
struct OutputCall<'t> {
    call: Node<'t>,
    /// `logger` of `logger.info(…)`; none for a function (`print(…)`).
    receiver: Option<Node<'t>>,
    /// The function or method name.
    sink: Node<'t>,
    arguments: Node<'t>,
}

/// The calls under `root` that may print, in the order `f` gets them:
/// `print(…)`, `pprint(…)`, `echo(…)` and a method of [`OUTPUT_METHODS`]
/// on any receiver (which [`is_output`] judges).
///
/// Each is found at its argument list, in the tree's order (a call in a
/// call's receiver, `logging.getLogger(name).info(…)`, comes first), as
/// the query that found them did (`queries/python/logging.scm`, its
/// patterns `(call function: (identifier) arguments: (argument_list))`
/// and `(call function: (attribute object: (_) attribute: (identifier))
/// arguments: (argument_list))`, whose matches finished at the argument
/// list; its `(_)` matches no error node). Why a walk and not a query:
/// compiling that query was over a quarter of a one-file check of a
/// Python module (46 M of 165 M instructions for `smtplib.py`), where the
/// walk costs nothing until a statement is read.
fn output_calls<'t>(root: Node<'t>, text: &'t str, mut f: impl FnMut(OutputCall<'t>)) {
    each_node(root, text, |arguments, field, ancestors| {
        let Some(&call) = ancestors.last() else {
            return;
        };
        if field != Some("arguments")
            || !is_named_kind(arguments, "argument_list")
            || !is_named_kind(call, "call")
        {
            return;
        }
        let Some(function) = call.child_by_field_name("function") else {
            return;
        };
        if is_named_kind(function, "identifier") {
            if OUTPUT_FUNCTIONS.contains(&node_text(function, text)) {
                f(OutputCall {
                    call,
                    receiver: None,
                    sink: function,
                    arguments,
                });
            }
            return;
        }
        if !is_named_kind(function, "attribute") {
            return;
        }
        let (Some(receiver), Some(sink)) = (
            function.child_by_field_name("object"),
            function.child_by_field_name("attribute"),
        ) else {
            return;
        };
        if receiver.is_named()
            && !receiver.is_error()
            && is_named_kind(sink, "identifier")
            && OUTPUT_METHODS.contains(&node_text(sink, text))
        {
            f(OutputCall {
                call,
                receiver: Some(receiver),
                sink,
                arguments,
            });
        }
    });
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
    tainted: &HashSet<String>,
    chosen: &HashSet<String>,
) -> Vec<super::LoggedSecret> {
    let mut out = Vec::new();
    output_calls(root, text, |found| {
        let OutputCall {
            call,
            receiver,
            sink,
            arguments,
        } = found;
        let receiver = receiver.map(|r| node_text(r, text));
        let sink = node_text(sink, text);
        if !is_output(receiver, sink) {
            return;
        }
        let callee =
            node_text(call.child_by_field_name("function").unwrap_or(call), text).to_owned();
        let mut stack = vec![arguments];
        while let Some(node) = stack.pop() {
            if let Some(name) = secret_expression(node, text, tainted).filter(|name| {
                reaches_output(node, arguments, text)
                    && !formatted_as_number(node, arguments, text, name)
            }) {
                if node.kind() == "identifier" && chosen.contains(&name)
                    || message_label(node, arguments, text).is_some_and(|l| {
                        super::labels_a_cursor(l)
                            || super::labels_an_id(l)
                            || super::labels_a_name(l)
                            || super::labels_a_mask(l)
                    })
                {
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
        // `"::add-mask::%s" % token`, `"user %s token %s" % (user, token)`:
        // the format's text before the placeholder the value fills.
        if parent.kind() == "binary_operator" && parent.child_by_field_name("right") == Some(child)
        {
            return percent_label(parent, node, text);
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
    let (format, placeholder) = positional_placeholder(child, arguments, text)?;
    let before = &format[..placeholder.start()];
    Some(
        PLACEHOLDER
            .find_iter(before)
            .last()
            .map_or(before, |p| &before[p.end()..]),
    )
}

/// The text a `%`-formatting (`"::add-mask::%s" % token`, `"%s: token %s"
/// % (user, token)`) puts right before `value`: the format's text between
/// the placeholder `value` fills and the one before it. `None` when the
/// left operand is no plain string or `value` is no whole operand.
fn percent_label<'t>(operator: Node, value: Node, text: &'t str) -> Option<&'t str> {
    let format = operator
        .child_by_field_name("left")
        .filter(|f| f.kind() == "string")?;
    let right = operator.child_by_field_name("right")?;
    if operator.child_by_field_name("operator")?.kind() != "%" {
        return None;
    }
    let index = if right == value {
        0
    } else {
        let mut cursor = right.walk();
        (right.kind() == "tuple")
            .then(|| right.named_children(&mut cursor).position(|n| n == value))??
    };
    let format = node_text(format, text);
    let fields: Vec<_> = PLACEHOLDER
        .find_iter(format)
        .filter(|f| f.as_str().starts_with('%') && f.as_str() != "%%")
        .take(index + 1)
        .collect();
    let placeholder = fields.get(index)?;
    let after = index.checked_sub(1).map_or(0, |i| fields[i].end());
    Some(&format[after..placeholder.start()])
}

/// The format string of a logging call and the placeholder in it that
/// shows `argument`, a positional argument after it (`log.error("api=%d",
/// header.api_key)`); `None` when the call has no format string first or
/// it has fewer placeholders.
fn positional_placeholder<'t>(
    argument: Node,
    arguments: Node,
    text: &'t str,
) -> Option<(&'t str, regex::Match<'t>)> {
    let mut cursor = arguments.walk();
    let positional: Vec<Node> = arguments
        .named_children(&mut cursor)
        .filter(|a| a.kind() != "keyword_argument" && a.kind() != "comment")
        .collect();
    let format = positional.first().filter(|f| f.kind() == "string")?;
    let index = positional
        .iter()
        .position(|a| *a == argument)?
        .checked_sub(1)?;
    let format = node_text(*format, text);
    // `%%` is a literal `%`, not a field (`"100%% done, token=%s"`), and a
    // format with `%` conversions is %-style, as the standard library's
    // logging reads every format: its braces are text (`"GET
    // /users/{id} -> %d, token %s"`). Counted as fields, either moved the
    // token onto the `%d` before it (a22 #3).
    let fields = || PLACEHOLDER.find_iter(format).filter(|f| f.as_str() != "%%");
    let percent_style = fields().any(|f| f.as_str().starts_with('%'));
    let placeholder = fields()
        .filter(|f| f.as_str().starts_with('%') == percent_style)
        .nth(index)?;
    Some((format, placeholder))
}

/// Whether the positional argument `node`, named `name`, is shown through
/// a numeric `%`-placeholder (`%d`, `%i`, `%x`, `%f`…) and names a
/// machine-made key or token: `%d` raises on a string, so what it shows
/// is a number, such as a wire protocol's request type (Kafka's
/// `header.api_key`), never a key's text. A password or passcode may be
/// all digits (a PIN), and shown as a number it is still shown.
fn formatted_as_number(node: Node, arguments: Node, text: &str, name: &str) -> bool {
    credential_kind(name) != Some(crate::value::NameKind::Password)
        && node.parent() == Some(arguments)
        && positional_placeholder(node, arguments, text).is_some_and(|(_, placeholder)| {
            let placeholder = placeholder.as_str();
            placeholder.starts_with('%') && !placeholder.ends_with(['s', 'r', 'c'])
        })
}

/// A `%`-style or `{}`-style placeholder of a format string, or a `%%`
/// (a literal `%`), matched first so that its second `%` starts no field
/// (`%% done` is no `% d`).
static PLACEHOLDER: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"%%|%[-#0 +]*\d*(?:\.\d+)?[sdrifxXeEgGc]|\{[^{}]*\}").expect("valid regex")
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

/// An annotated field of a class body: `api_key: str` or `api_key: str =
/// field(repr=False)`.
struct ClassField<'t> {
    definition: Node<'t>,
    class: Node<'t>,
    /// The class's argument list, `(BaseModel)`; none without one.
    bases: Option<Node<'t>>,
    field: Node<'t>,
    kind: Node<'t>,
    default: Option<Node<'t>>,
}

/// The annotated fields of class bodies under `root`, in the tree's order:
/// an assignment with an identifier on the left and a type, with or without
/// a value (`name: str`, `name: str = "…"`), in an expression statement
/// directly in a class's body (not in a method, nor under an `if`), the
/// class named by an identifier.
///
/// This was `queries/python/repr.scm` (`(class_definition name:
/// (identifier) superclasses: (argument_list)? body: (block
/// (expression_statement (assignment left: (identifier) type: (type)
/// right: (_)?))))`, whose `(_)` matches no error node). Why a walk and not
/// a query: that query's compilation cost the language server's first
/// opened Python module as much as its analysis (see [`env_accesses`]).
fn class_fields<'t>(root: Node<'t>, text: &str, mut f: impl FnMut(ClassField<'t>)) {
    each_node(root, text, |assignment, _, ancestors| {
        let [.., definition, body, statement] = ancestors else {
            return;
        };
        if !is_named_kind(assignment, "assignment")
            || !is_named_kind(*statement, "expression_statement")
            || !is_named_kind(*body, "block")
            || !is_named_kind(*definition, "class_definition")
            || definition.child_by_field_name("body") != Some(*body)
        {
            return;
        }
        let (Some(class), Some(field), Some(kind)) = (
            definition.child_by_field_name("name"),
            assignment.child_by_field_name("left"),
            assignment.child_by_field_name("type"),
        ) else {
            return;
        };
        if !is_named_kind(class, "identifier")
            || !is_named_kind(field, "identifier")
            || !is_named_kind(kind, "type")
        {
            return;
        }
        f(ClassField {
            definition: *definition,
            class,
            bases: definition
                .child_by_field_name("superclasses")
                .filter(|b| is_named_kind(*b, "argument_list")),
            field,
            kind,
            default: assignment
                .child_by_field_name("right")
                .filter(|d| d.is_named() && !d.is_error()),
        });
    });
}

/// Fields a dataclass's or pydantic model's repr would print: credential
/// names typed as plain strings (not `SecretStr`), without `field(repr=False)`.
pub fn repr_fields(root: Node, text: &str) -> Vec<super::ReprField> {
    let mut out = Vec::new();
    let mut members: Option<(usize, bool, super::Siblings)> = None;
    class_fields(root, text, |found| {
        let ClassField {
            definition,
            class,
            bases,
            field,
            kind,
            default,
        } = found;
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
        let pydantic = bases.is_some_and(|b| {
            ["BaseModel", "BaseSettings"]
                .iter()
                .any(|base| node_text(b, text).contains(base))
        });
        // `field(repr=False)`, `Field(repr=False)`, `FieldInfo(repr=False)`:
        // both reprs leave the field out.
        let hidden =
            default.is_some_and(|d| node_text(d, text).replace(' ', "").contains("repr=False"));
        let style = match (dataclass, pydantic) {
            (true, _) => super::ReprStyle::Dataclass,
            (_, true) => super::ReprStyle::Pydantic,
            _ => return,
        };
        // A class's fields come one after another: its members are read
        // once, at its first credential field, not once per field.
        if members
            .as_ref()
            .is_none_or(|(id, ..)| *id != definition.id())
        {
            let (fields, methods) = class_members(definition, text);
            // A class that writes its own `__repr__` or `__str__` chose what
            // it prints; the generated repr is not used (or not what is logged).
            let own_text_form = methods.iter().any(|m| matches!(*m, "__repr__" | "__str__"));
            members = Some((
                definition.id(),
                own_text_form,
                super::Siblings::new(&fields),
            ));
        }
        let Some((_, own_text_form, siblings)) = &members else {
            return;
        };
        let owner = node_text(class, text);
        if hidden
            || *own_text_form
            || super::field_is_not_secret("", owner, name, siblings)
            || class_docstring(definition, text)
                .is_some_and(|doc| super::documented_cursor_token(doc, name))
            || attribute_docstring(field, text).is_some_and(super::documented_as_reference)
            || trailing_comment(field, text)
                .is_some_and(|comment| super::documented_as_reference(&comment))
            || default
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

/// The comment that ends a field's line (`client_key: str | None = None  #
/// Client private key file path (.pem)`), without its `#` and its
/// parenthesised asides, read as the field's description.
fn trailing_comment(field: Node, text: &str) -> Option<String> {
    let mut statement = field;
    while statement.kind() != "expression_statement" {
        statement = statement.parent()?;
    }
    let comment = statement.next_sibling().filter(|c| {
        c.kind() == "comment" && c.start_position().row == statement.end_position().row
    })?;
    let body = node_text(comment, text).trim_start_matches('#');
    let mut out = String::with_capacity(body.len());
    let mut depth = 0usize;
    for c in body.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    Some(out)
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
/// description="""Name of the secret …""")`, or the `help` of a
/// command-line option declared as a field (`clickdc.option(help="…:
/// secret name.")`, typer's `Option`), without its quotes: a generated
/// model's or a command line's documentation of the field.
fn field_description<'t>(default: Node, text: &'t str) -> Option<&'t str> {
    if default.kind() != "call" {
        return None;
    }
    let function = node_text(default.child_by_field_name("function")?, text);
    let keyword = match function.rsplit('.').next() {
        Some("Field" | "FieldInfo" | "field") => "description",
        Some("option" | "Option" | "argument" | "Argument") => "help",
        _ => return None,
    };
    let arguments = default.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let description = arguments.named_children(&mut cursor).find(|a| {
        a.kind() == "keyword_argument"
            && a.child_by_field_name("name")
                .is_some_and(|n| node_text(n, text) == keyword)
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
    class_fields(root, text, |found| {
        let (field, Some(bases)) = (found.field, found.bases) else {
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
    use crate::document::Language;

    use crate::syntax::pairs;

    /// Sources with every shape the environment and repr walks read, and
    /// near misses: aliases, relative and star imports, nesting, classes in
    /// functions and under `if`, decorated classes, errors.
    const WALKED: &[&str] = &[
        "import os\nimport os.path, sys as s, a.b.c as d\nfrom os import environ, getenv as ge\nfrom . import os\nfrom .. x import y\nfrom os import *\nfrom os import (\n    putenv,\n    unsetenv as u,\n)\n",
        "import os as o\nx = o.environ['A']\ny = os.getenv('B', 'c')\nrequest.environ\nself.os.environ\no.environ.get('D')\nf(o.putenv('E', '1'), os.environb)\ndel os.environ['F']\n",
        "def f():\n    import os\n    from os import environ as e\n    return e['A'] + os.environ['B']\nclass K:\n    import os as q\n",
        "import os\nx = os.environ[\nfrom os import getenv\ny = getenv(\n",
        "@dataclass\nclass A(Base):\n    api_key: str\n    token: str = field(repr=False)\n    password: Optional[str] = None\n    x = 1\n    y: int = 2\n    a, b = 1, 2\n    class Inner(BaseModel):\n        secret: str = Field(description='x')\n    after: str = ''\n    def m(self):\n        local: str = 'x'\n    if True:\n        hidden: str = ''\n",
        "class S(BaseSettings, extra=1):\n    api_key: str = ''\n    self_ref: 'S'\nclass NoBases:\n    k: str\nclass Empty():\n    k: bytes = b''\ndef f():\n    class Local(BaseModel):\n        password: str\n    return Local\n",
        "class Broken(BaseModel):\n    key: str = (\n    other: str = 'x'\nclass After(BaseModel):\n    token: str = 1 +\n    more: str\n",
        "class A: k: str = ''; j: int\nclass B(BaseModel): password: str\n",
    ];

    /// [`super::import_names`] and [`super::env_accesses`] find what
    /// `queries/python/environment.scm` (kept here) found, in its order.
    #[test]
    fn environment_walks_match_the_query_they_replace() {
        const QUERY: &str = r#"
(import_statement name: (dotted_name) @import)
(import_statement name: (aliased_import name: (dotted_name) @import alias: (identifier) @alias))
(import_from_statement module_name: (dotted_name) @from name: (dotted_name) @member)
(import_from_statement module_name: (dotted_name) @from
  name: (aliased_import name: (dotted_name) @member alias: (identifier) @alias))
(attribute object: (identifier) @object attribute: (identifier) @attribute
  (#any-of? @attribute "environ" "environb" "getenv" "getenvb" "putenv" "unsetenv")) @access
"#;
        let query = tree_sitter::Query::new(&Language::Python.grammar().unwrap(), QUERY).unwrap();
        let mut seen = 0;
        for source in WALKED {
            let tree = crate::syntax::parse(Language::Python, source, None).unwrap();
            let root = tree.root_node();
            let text = |node: Option<tree_sitter::Node>| {
                node.map(|n| super::node_text(n, source).to_owned())
            };
            let (mut imports, mut accesses) = (Vec::new(), Vec::new());
            crate::syntax::for_each_match(&query, root, source, |captures| {
                let capture = |name| crate::syntax::capture(captures, name);
                if let Some(access) = capture("access") {
                    accesses.push(access.byte_range());
                } else {
                    let name = capture("import").or(capture("member"));
                    imports.push((text(capture("from")), text(name), text(capture("alias"))));
                }
            });
            let mut walked = Vec::new();
            super::import_names(root, source, |name| {
                walked.push((text(name.from), text(Some(name.name)), text(name.alias)));
            });
            assert_eq!(walked, imports, "{source}");
            seen += imports.len();
            // Every access the query found, with `os` and `o` bound to the module.
            let mut bound = super::Imports::default();
            bound.modules.insert("o".to_owned());
            let found: Vec<_> = super::env_accesses(root, source, &bound)
                .into_iter()
                .map(|a| a.span.start)
                .collect();
            let matched: Vec<_> = accesses
                .iter()
                .filter(|r| {
                    ["os.", "o."]
                        .iter()
                        .any(|o| source[r.start..].starts_with(o))
                })
                .map(|r| r.start)
                .collect();
            assert_eq!(found, matched, "{source}");
            seen += matched.len();
        }
        assert!(seen > 20, "the sources show the shapes: {seen}");
    }

    /// The variable an environment access names is read once, by
    /// [`super::environment_key`], for both of its readers: the access
    /// ([`super::env_accesses`]) and the log rule's secret expressions
    /// ([`super::secret_expression`]: reads of a credential-named
    /// variable, by subscript, `getenv` or `environ.get`).
    #[test]
    fn an_environment_access_and_a_secret_expression_name_one_variable() {
        let mut imports = super::Imports::default();
        imports.modules.insert("os".to_owned());
        for (expression, variable, secret) in [
            (r#"os.environ["API_KEY"]"#, Some("API_KEY"), true),
            (r#"os.getenv("API_KEY", "")"#, Some("API_KEY"), true),
            (r#"os.environ.get('API_KEY')"#, Some("API_KEY"), true),
            (r#"os.environ["DEBUG"]"#, Some("DEBUG"), false),
            (r#"os.environ.pop("API_KEY")"#, Some("API_KEY"), false),
            ("os.getenv(name)", None, false),
            ("os.environ[name]", None, false),
        ] {
            let source = format!("import os\nx = {expression}\n");
            let tree = crate::syntax::parse(Language::Python, &source, None).unwrap();
            let root = tree.root_node();
            let accesses = super::env_accesses(root, &source, &imports);
            let [access] = &accesses[..] else {
                panic!("{expression}: {accesses:?}");
            };
            assert_eq!(access.variable.as_deref(), variable, "{expression}");
            let value = root.named_descendant_for_byte_range(access.span.start, access.span.end);
            let found = super::secret_expression(value.unwrap(), &source, &Default::default());
            assert_eq!(
                found.as_deref(),
                secret.then_some(expression),
                "{expression}"
            );
        }
    }

    /// [`super::class_fields`] finds what `queries/python/repr.scm` (kept
    /// here) found, in its order.
    #[test]
    fn class_fields_match_the_query_they_replace() {
        const QUERY: &str = r#"
(class_definition
  name: (identifier) @class
  superclasses: (argument_list)? @bases
  body: (block
    (expression_statement
      (assignment
        left: (identifier) @field
        type: (type) @type
        right: (_)? @default)))) @definition
"#;
        let names = ["definition", "class", "bases", "field", "type", "default"];
        let seen = crate::syntax::assert_walk_matches_query(
            Language::Python,
            QUERY,
            &names,
            WALKED,
            |root, source| {
                let mut walked = Vec::new();
                super::class_fields(root, source, |f| {
                    let nodes = [Some(f.definition), Some(f.class), f.bases];
                    let more = [Some(f.field), Some(f.kind), f.default];
                    walked.push(
                        nodes
                            .into_iter()
                            .chain(more)
                            .map(|n| n.map(|n| n.byte_range()))
                            .collect(),
                    );
                });
                walked
            },
        );
        assert!(seen > 10, "the sources show the shapes: {seen}");
    }

    /// [`super::settings_names`]'s walk finds what the query it replaced
    /// (`queries/python/settings.scm`, kept here) found, in its order.
    #[test]
    fn settings_names_match_the_query_they_replace() {
        const QUERY: &str = r#"
(module (expression_statement (assignment left: (identifier) @name)))
(module (class_definition name: (identifier) @class
  body: (block (expression_statement (assignment left: (identifier) @field)))))
(module (expression_statement (assignment left: (identifier) @instance
  right: (call function: (identifier) @instance_class))))
"#;
        let sources = [
            "API_KEY = os.environ['API_KEY']\nTOKEN: str = ''\nDEBUG: bool\n",
            "a = b = 1\nx, y = 1, 2\nobj.attr = 3\nz += 1\nsettings = Settings()\nother = mod.Settings()\n",
            "class Settings(BaseSettings):\n    api_key: str = ''\n    # c\n    TOKEN = 'x'\n    def f(self):\n        inner = 1\n\nsettings = Settings(_env_file='.env')\nsettings2 = Settings\n",
            "@dataclass\nclass Deco:\n    key: str = ''\n\nd = Deco()\n",
            "class A:\n    x = 1\nclass A:\n    y = 2\na = A()\nb = B()\n",
            "def f():\n    hidden = 1\nif True:\n    cond = 2\nclass Broken(:\n    q = 1\nafter = 3\n",
            "class C: k = 1; j = 2\nm = 1; n = C()\n",
        ];
        for source in sources {
            let tree = crate::syntax::parse(Language::Python, source, None).unwrap();
            let root = tree.root_node();
            let query =
                tree_sitter::Query::new(&Language::Python.grammar().unwrap(), QUERY).unwrap();
            let mut module_names = Vec::new();
            let mut classes: std::collections::HashMap<String, Vec<String>> = Default::default();
            let mut instances = Vec::new();
            crate::syntax::for_each_match(&query, root, source, |captures| {
                let text = |name| {
                    crate::syntax::capture(captures, name)
                        .map(|n| super::node_text(n, source).to_owned())
                };
                if let (Some(instance), Some(class)) = (text("instance"), text("instance_class")) {
                    instances.push((instance, class));
                } else if let (Some(class), Some(field)) = (text("class"), text("field")) {
                    classes.entry(class).or_default().push(field);
                } else if let Some(name) = text("name") {
                    module_names.push(name);
                }
            });
            let instances: Vec<(String, Vec<String>)> = instances
                .into_iter()
                .filter_map(|(i, c)| classes.get(&c).map(|f| (i, f.clone())))
                .collect();
            let walked = super::settings_names(root, source);
            assert_eq!(walked.module_names, module_names, "{source}");
            assert_eq!(walked.instances, instances, "{source}");
        }
    }

    /// The (name, value) pairs [`super::bindings`] finds in `source`, in order.
    fn bindings(source: &str) -> Vec<(String, String)> {
        crate::syntax::found_pairs(Language::Python, source, read)
    }

    /// The bindings of a whole module, its imports read first.
    fn read(root: tree_sitter::Node, text: &str) -> Vec<crate::syntax::Binding> {
        let mut imports = super::Imports::default();
        super::collect_imports(root, text, &mut imports);
        super::bindings(root, text, &imports)
    }

    #[test]
    fn assignments_keywords_and_defaults() {
        let source = "password = \"a1\"\nPASSWORD: str = (\"a2\")\nself.token = \"a3\" \"b\"\n\
            config[\"api_key\", 1, \"secret\"] = \"a4\"\nconnect(password=\"a5\")\n\
            def f(token=\"a6\", secret: str = \"a7\"): pass\nurl = f\"{x}\"\n";
        assert_eq!(
            bindings(source),
            pairs(&[
                ("password", "a1"),
                ("PASSWORD", "a2"),
                ("token", "a3b"),
                ("api_key", "a4"),
                ("secret", "a4"),
                ("password", "a5"),
                ("token", "a6"),
                ("secret", "a7"),
            ])
        );
        let tree = crate::syntax::parse(Language::Python, source, None).expect("it parses");
        let first = &read(tree.root_node(), source)[0];
        assert_eq!(&source[first.span.clone()], "a1");
    }

    /// A pair's second element is a password; any other collection holds
    /// credentials of the singular name.
    #[test]
    fn collections_bind_their_elements() {
        let tree_of = |source: &str| {
            let tree = crate::syntax::parse(Language::Python, source, None).expect("it parses");
            read(tree.root_node(), source)
        };
        let source = "auth = (\"user\", \"b1\")\nsession.auth = (user, \"b2\")\n\
            API_KEYS = [\"b3\", \"b4\"]\nrequests.get(url, auth=(\"u\", \"b5\"))\n\
            d = {\"auth\": (\"u\", \"b6\")}\nrows = (\"a\", \"b\")\n";
        let found = tree_of(source);
        let kinds: Vec<_> = found
            .iter()
            .map(|b| (b.name.as_str(), b.value.as_str(), b.kind))
            .collect();
        use crate::value::NameKind::Password;
        assert_eq!(
            kinds,
            [
                ("auth", "b1", Some(Password)),
                ("auth", "b2", Some(Password)),
                ("API_KEY", "b3", None),
                ("API_KEY", "b4", None),
                ("auth", "b5", Some(Password)),
                ("auth", "b6", Some(Password)),
            ]
        );
    }

    #[test]
    fn tuples_name_their_second_element() {
        assert_eq!(
            bindings(
                "h = [(\"Authorization\", \"c1\"), (\"the signing secret\", \"c2\"), (\"auth\", \"c3\"), \
                 (\"api_key\", \"c4\", None, 401), (\"api_key\", \"c5\", \"x\"), ( # c\n \"Token\", \"c6\")]\n"
            ),
            pairs(&[("Authorization", "c1"), ("api_key", "c4")])
        );
    }

    /// A plural credential name's dictionary is a table of secrets by
    /// label: its values are bound to the singular, then to their keys.
    #[test]
    fn tables_and_pairs() {
        assert_eq!(
            bindings(
                "SERVICE_TOKENS = {\"billing\": \"d1\"}\nmaster_key = {\"endpoint\": \"d2\"}\n\
                 credentials = {\"password\": \"d3\"}\nACCESS = {1: \"d4\"}\n"
            ),
            pairs(&[
                ("SERVICE_TOKEN", "d1"),
                ("billing", "d1"),
                ("endpoint", "d2"),
                ("password", "d3"),
            ])
        );
    }

    /// Each name operand with each string after it and each string with each
    /// name after it; one operand's partners come identifiers first, then
    /// attributes (the query's order).
    #[test]
    fn comparisons() {
        assert_eq!(
            bindings(
                "if password == \"e1\" or \"e2\" == self.token: pass\nok = a.secret == token == \"e3\"\n"
            ),
            pairs(&[
                ("password", "e1"),
                ("token", "e2"),
                ("token", "e3"),
                ("secret", "e3"),
            ])
        );
        // A membership test looks a key up; it gives the container no value.
        assert_eq!(
            bindings(
                "if \"e4\" in __salt__ or \"e5\" not in self.tokens: pass\nok = \"e6\" in password\n"
            ),
            Vec::<(String, String)>::new()
        );
    }

    #[test]
    fn a_call_that_takes_a_key_then_its_value() {
        assert_eq!(
            bindings(
                "os.environ.setdefault(\"API_KEY\", \"f1\")\nos.getenv(\"TOKEN\", \"f2\")\n\
                 helper._prepare_url(\"hf_token\", \"f3\")\nheaders.set(\"Authorization\", (\"Bearer f4\"))\n\
                 headers.set(# c\n \"Authorization\", \"f5\")\n"
            ),
            pairs(&[
                ("API_KEY", "f1"),
                ("TOKEN", "f2"),
                ("Authorization", "Bearer f4"),
            ])
        );
    }

    /// Fallbacks, conditionals, chains, unpacking, walrus, field defaults
    /// and a comment inside a parenthesised value.
    #[test]
    fn alternatives_chains_and_field_defaults() {
        assert_eq!(
            bindings(
                "a = os.getenv(\"K\") or \"h1\"\nb = \"h2\" if prod else \"h3\"\n\
                 c = d = \"h4\"\ne, f = \"h5\", \"h6\"\ng, *h = \"x\", \"y\"\n\
                 if (i := \"h7\"): pass\nj: str = Field(default=\"h8\")\nk: str = Field(\"h9\")\n\
                 l = field(default=\"h10\")\nm = Field(..., alias=\"n\")\no = (  # c\n    \"h11\")\n\
                 p = x or []\nq = other(\"z\")\nr = (\"h12\" if c else \"h13\")\n\
                 s = field(default_factory=lambda: \"h14\")\nt = field(default_factory=list)\n\
                 u = Field(default_factory=lambda: make(\"z\"))\n"
            ),
            pairs(&[
                ("a", "h1"),
                // The fallback stands for the variable read too.
                ("K", "h1"),
                ("b", "h2"),
                ("b", "h3"),
                ("d", "h4"),
                ("c", "h4"),
                ("e", "h5"),
                ("f", "h6"),
                ("i", "h7"),
                ("j", "h8"),
                ("default", "h8"),
                ("k", "h9"),
                ("l", "h10"),
                ("default", "h10"),
                ("alias", "n"),
                ("o", "h11"),
                ("r", "h12"),
                ("r", "h13"),
                ("s", "h14"),
            ])
        );
    }

    /// An augmented assignment, targets in parentheses or unpacked, and
    /// literals in conversions that keep their text; not templates filled in.
    #[test]
    fn augmented_parenthesised_and_converted() {
        assert_eq!(
            bindings(
                "a += \"i1\"\nb -= \"x\"\n(c) = \"i2\"\n[d] = [\"i3\"]\n(e,) = \"x\"\n\
                 (f), (g, h) = \"i4\", (\"i5\", \"i6\")\ni = str(\"i7\")\nj = \"i8\".strip().encode(\"utf-8\")\n\
                 k = b\"i9\".decode()\nl = \"{}\".format(\"x\")\nm = \"-\".join(n)\no = str(p)\n\
                 q = x or \"i10\".lower()\nconnect(password=(\"i11\").encode())\nr = \"x\".strip(s)\n\
                 d[\"t\"] += \"i12\"\n"
            ),
            pairs(&[
                ("a", "i1"),
                ("c", "i2"),
                ("d", "i3"),
                ("f", "i4"),
                ("g", "i5"),
                ("h", "i6"),
                ("i", "i7"),
                ("j", "i8"),
                ("k", "i9"),
                ("q", "i10"),
                ("password", "i11"),
                ("t", "i12"),
            ])
        );
    }

    /// Setters of attributes, a loop's values, a parametrized test's cases
    /// and keys concatenated implicitly.
    #[test]
    fn setters_loops_cases_and_split_keys() {
        assert_eq!(
            bindings(
                "setattr(o, \"a\", \"j1\")\no.__setattr__(\"b\", \"j2\")\nsetattr(\"c\", \"d\", \"x\")\n\
                 setattr(o, n, \"x\")\nfor e in [\"j3\", \"j4\"]: pass\nfor f, g in ((\"j5\", \"j6\"), x): pass\n\
                 for h in \"xy\": pass\n\
                 @pytest.mark.parametrize(\"i\", [\"j7\", (\"x\",)])\n\
                 @pytest.mark.parametrize(\"k, l\", [(\"j8\", \"j9\"), pytest.param(\"j10\", \"j11\", id=\"x\"), (\"x\",)])\n\
                 @parametrize(argnames=[\"m\"], argvalues=[\"j12\"])\ndef test(): pass\n\
                 d = {\"n_\" \"o\": \"j13\"}\nos.environ[\"P\" \"Q\"] = \"j14\"\n"
            ),
            pairs(&[
                ("a", "j1"),
                ("b", "j2"),
                // `monkeypatch.setattr("module.attribute", value)`'s form.
                ("c", "d"),
                ("e", "j3"),
                ("e", "j4"),
                ("f", "j5"),
                ("g", "j6"),
                ("i", "j7"),
                ("k", "j8"),
                ("l", "j9"),
                ("k", "j10"),
                ("l", "j11"),
                ("id", "x"),
                ("m", "j12"),
                ("n_o", "j13"),
                ("PQ", "j14"),
            ])
        );
    }

    #[test]
    fn credential_positions() {
        let found = bindings("smtp.login(user, \"g1\")\nx = 1\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "g1");
    }

    /// A callee is read through the imports: an alias finds its API, a
    /// name imported from elsewhere or bound by the module itself does not.
    #[test]
    fn credential_positions_through_imports() {
        let values = |source: &str| -> Vec<String> {
            bindings(source).into_iter().map(|(_, v)| v).collect()
        };
        assert_eq!(
            values("from requests.auth import HTTPBasicAuth as B\nB(\"u\", \"g2\")\n"),
            ["g2"]
        );
        assert_eq!(values("import jwt as j\nj.encode(p, \"g3\")\n"), ["g3"]);
        assert_eq!(
            values("from jwt import encode\nencode(p, \"g4\")\n"),
            ["g4"]
        );
        assert_eq!(values("from hmac import new\nnew(b\"g5\", m)\n"), ["g5"]);
        assert!(values("encode(p, \"g6\")\n").is_empty());
        assert!(values("from base64 import encode\nencode(p, \"g7\")\n").is_empty());
        assert!(values("import myjwt as jwt\njwt.encode(p, \"g8\")\n").is_empty());
        assert!(values("from django.contrib.auth import login\nlogin(r, \"g9\")\n").is_empty());
    }

    /// The hand-written tests of a tuple's name and a table's name agree
    /// with the regular expressions of the query they replaced.
    #[test]
    fn name_tests_agree_with_the_query_patterns() {
        let tuple = regex::Regex::new(
            "^[A-Za-z]*[\"'](?:[A-Z][A-Za-z0-9]*|[A-Za-z][A-Za-z0-9]*[_.-][A-Za-z0-9_.-]*)[\"']$",
        )
        .unwrap();
        for string in [
            "\"Authorization\"",
            "'api_key'",
            "b\"X-Token\"",
            "\"auth\"",
            "\"the secret\"",
            "\"\"\"Auth\"\"\"",
            "\"\"",
            "\"A\"",
            "\"a.\"",
            "\"_a\"",
            "\"9a_b\"",
            "rb'A1'",
            "f\"a-b'",
            "\"Ab c\"",
            "\"é_x\"",
            "'a_é'",
            "\"A",
            "A\"",
            "\"A'",
        ] {
            assert_eq!(
                super::names_a_tuple(string),
                tuple.is_match(string),
                "{string}"
            );
        }
        let plural = regex::Regex::new("(?i)[a-z]s$").unwrap();
        let not = regex::Regex::new("(?i)(credentials|creds|ss)$").unwrap();
        for name in [
            "TOKENS",
            "api_keys",
            "access",
            "ACCESS",
            "credentials",
            "CREDS",
            "s",
            "_s",
            "tokenſ",
            "\u{212A}s",
            "token",
            "ſſ",
            "Secrets",
            "éS",
        ] {
            let expected = plural.is_match(name) && !not.is_match(name);
            assert_eq!(super::names_a_table(name), expected, "{name}");
        }
    }

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

    #[test]
    fn test_support_told_by_a_top_level_import() {
        use super::imports_test_support as t;
        for yes in [
            "import os\nfrom sqlalchemy.testing.provision import (\n    create_db,\n)\n",
            "from sqlalchemy.testing import config\n",
            "from sqlalchemy import testing\n",
            "import sqlalchemy.testing.plugin\n",
            "from alembic.testing import eq_\n",
            "import os, pytest\n",
            "import pytest  # fixtures\r\n",
            "from _pytest.monkeypatch import MonkeyPatch\n",
            "from pytest_asyncio import fixture\n",
        ] {
            assert!(t(yes), "{yes:?}");
        }
        for no in [
            "import os\n",
            "from sqlalchemy import create_engine, text\n",
            "from sqlalchemy.engine import make_url\n",
            "import sqlalchemy.testingx\n",
            "if 'pytest' in sys.modules:\n    import pytest\n",
            "try:\n    from sqlalchemy.testing import config\nexcept ImportError:\n    pass\n",
            "from unittest import mock\n",
            "from django.test import override_settings\n",
            "from .testing import FlaskClient\n",
            "import pytestish\n",
            "# import pytest\n",
            "\"\"\"Example:\n\nimport pytest\n\"\"\"\nimport os\n",
        ] {
            assert!(!t(no), "{no:?}");
        }
    }
}
