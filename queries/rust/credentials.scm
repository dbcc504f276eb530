; Bindings of a value (@value) to a name (@name) in Rust.
;
; The value may be any expression: src/syntax/rust.rs looks through
; `"…".to_string()`, `.into()`, `String::from("…")`, `Some("…")`, `&"…"` and
; `Lazy::new(|| "…")` to the string literal inside, reads tuples and arrays
; (`("user", "…")`, `&["…"]`) element by element, and ignores everything else.

; const API_KEY: &str = "…"; static TOKEN: &str = "…";
(const_item name: (identifier) @name value: (_) @value)
(static_item name: (identifier) @name value: (_) @value)

; let password = "…"; let token: String = "…".into();
(let_declaration pattern: (identifier) @name value: (_) @value)

; Config { password: "…".to_string(), .. }
(field_initializer field: (field_identifier) @name value: (_) @value)

; password = "…"; self.token = "…".to_owned();
(assignment_expression left: (identifier) @name right: (_) @value)
(assignment_expression
  left: (field_expression field: (field_identifier) @name)
  right: (_) @value)

; if password == "…"
(binary_expression
  left: [(identifier) (field_expression)] @name
  operator: "=="
  right: (_) @value)

; .bearer_auth("…"), .password("…"), .basic_auth(user, Some("…")): the
; method name names the credential, the last argument holds it; not when the
; method finds a stored credential by its handle (.read_acl_token(accessor_id),
; .delete_secret(name), .get_api_key(key_id)): the caller passes what names it
(call_expression
  function: (field_expression field: (field_identifier) @name)
  arguments: (arguments (_) @value .)
  (#not-match? @name "^(get|read|fetch|find|lookup|describe|delete|remove)_"))

; .header("Authorization", "Bearer …"), map.insert("api_key", "…")
(call_expression
  arguments: (arguments
    .
    [(string_literal) (raw_string_literal)] @name
    .
    (_) @value))

; .header(AUTHORIZATION, "Bearer …"), .header(API_KEY_HEADER, "…"): a constant
; names the credential (its name is judged like any other)
(call_expression
  arguments: (arguments
    .
    [(identifier) (scoped_identifier)] @name
    .
    (_) @value)
  (#match? @name "(^|::)[A-Z][A-Z0-9_]*$"))

; .insert_header(("X-Auth-Token", "…")), .append_header((AUTHORIZATION, "…")):
; a (name, value) tuple, the name a header (capitalised) or a key of several
; words — not prose such as `("the signing secret", "…")`, nor a bare label;
; also the pair that opens a test case row, `("Bearer", "…", 401)` (no other
; string after it: src/syntax/rust.rs)
(tuple_expression
  .
  [(string_literal) (raw_string_literal)] @name
  .
  (_) @value
  (#match? @name "^[a-z#]*\"(?:[A-Z][A-Za-z0-9]*|[A-Za-z][A-Za-z0-9]*[_.-][A-Za-z0-9_.-]*)\"#*$"))
(tuple_expression
  .
  [(identifier) (scoped_identifier)] @name
  .
  (_) @value
  .
  (#match? @name "(^|::)[A-Z][A-Z0-9_]*$"))

; serde_json::json!({"client_secret": "…"}), all_of![contains(("api_key", "…"))]:
; a macro's body is a token tree, not expressions, so src/syntax/rust.rs reads
; its key/value pairs and (name, value) tuples token by token
(macro_invocation macro: (_) @macro (token_tree) @tokens)

; EncodingKey::from_secret(b"…"), Hmac::<Sha256>::new_from_slice(b"…"): calls
; whose API says which argument is a credential (src/syntax/positions.rs)
(call_expression
  function: [(identifier) (scoped_identifier) (generic_function)] @callee
  arguments: (arguments) @arguments)
