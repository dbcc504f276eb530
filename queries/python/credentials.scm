; Bindings of a string literal (@value) to a name (@name) in Python.
; A parenthesized value (`("…" "…")`, as black wraps long strings) is looked
; through in src/syntax/python.rs.
;
; These patterns only find the bindings. Whether the name is a credential's
; and whether the value looks like a real secret is decided in
; src/rules/hardcoded_credential.rs, for every language alike.

; password = "…" / PASSWORD: str = "…", at module, class or function level
(assignment
  left: (identifier) @name
  right: [(string) (concatenated_string) (parenthesized_expression)] @value)

; self.password = "…" / config.api_key = "…"
(assignment
  left: (attribute attribute: (identifier) @name)
  right: [(string) (concatenated_string) (parenthesized_expression)] @value)

; config["password"] = "…"
(assignment
  left: (subscript subscript: (string) @name)
  right: [(string) (concatenated_string) (parenthesized_expression)] @value)

; connect(password="…")
(keyword_argument
  name: (identifier) @name
  value: [(string) (concatenated_string) (parenthesized_expression)] @value)

; auth = ("user", "…"), session.auth = (user, "…"), CREDENTIALS = ["…"],
; requests.get(url, auth=("user", "…")), {"auth": ("user", "…")}: a pair's
; second element, or each element of a collection (src/syntax/mod.rs,
; `container_bindings`)
(assignment
  left: [(identifier) (attribute)] @name
  right: [(tuple) (list)] @elements)
(keyword_argument
  name: (identifier) @name
  value: [(tuple) (list)] @elements)
(pair
  key: (string) @name
  value: [(tuple) (list)] @elements)

; headers = [("X-Api-Token", "…")]: a (name, value) pair of strings, the
; name a header (capitalised, `Authorization`) or a key of several words
; (`api_key`) — not prose such as `("the signing secret", "…")`, nor a bare
; label such as Django's `("auth", "0002_…")` migration dependency
(tuple
  .
  (string) @name
  .
  [(string) (concatenated_string)] @value
  .
  (#match? @name "^[A-Za-z]*[\"'](?:[A-Z][A-Za-z0-9]*|[A-Za-z][A-Za-z0-9]*[_.-][A-Za-z0-9_.-]*)[\"']$"))

; smtp.login(user, "…"), jwt.encode(payload, "…"), Fernet(b"…"): calls whose
; API says which argument is a credential (src/syntax/positions.rs)
(call
  function: [(identifier) (attribute)] @callee
  arguments: (argument_list) @arguments)

; SERVICE_TOKENS = {"billing": "…"}: values under a plural credential name,
; a table of secrets by label. A singular name (`master_key = {"endpoint":
; …}`) or `credentials` holds one credential's fields, each judged by its own
; key (the `pair` pattern below).
(assignment
  left: (identifier) @name
  right: (dictionary
    (pair value: [(string) (concatenated_string)] @value))
  (#match? @name "(?i)[a-z]s$")
  (#not-match? @name "(?i)(credentials|creds|ss)$"))

; {"password": "…"}
(pair
  key: (string) @name
  value: [(string) (concatenated_string) (parenthesized_expression)] @value)

; def login(password="…") / def login(password: str = "…")
(default_parameter
  name: (identifier) @name
  value: [(string) (concatenated_string) (parenthesized_expression)] @value)
(typed_default_parameter
  name: (identifier) @name
  value: [(string) (concatenated_string) (parenthesized_expression)] @value)

; if password == "…" / if "…" == self.token
(comparison_operator
  [(identifier) (attribute)] @name
  [(string) (concatenated_string) (parenthesized_expression)] @value)
(comparison_operator
  [(string) (concatenated_string) (parenthesized_expression)] @value
  [(identifier) (attribute)] @name)

; os.environ.setdefault("API_KEY", "…") / os.getenv("TOKEN", "…") /
; headers.set("Authorization", "Bearer …"): a string key, then its value —
; only where the callee (@setter) is an API that takes a key and its value
; (src/syntax/python.rs, `takes_key_then_value`), not any call of two strings
(call
  function: (_) @setter
  arguments: (argument_list
    .
    (string) @name
    .
    [(string) (concatenated_string) (parenthesized_expression)] @value))
