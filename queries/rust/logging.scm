; Output macros in Rust: std's printing macros, dbg!, panic!, and the log
; and tracing crates' macros. Their arguments are token trees;
; src/syntax/rust.rs looks in them for credential-named values, in
; positional and named arguments, inline `{name}` captures and `?name` /
; `%name` tracing fields.
;
; The binary does not load this query: a hand-written walk,
; `rust::output_macros`, finds the same invocations without compiling it
; (27.4 M instructions at the first Rust file). It stays as the walk's
; description in tree-sitter's terms, and the walk's unit test runs it
; beside the walk on tricky sources and asserts the same nodes, in the
; same order; another test holds its macro names to `OUTPUT_MACROS`.
(macro_invocation
  macro: [(identifier) (scoped_identifier)] @sink
  (token_tree) @arguments
  (#match? @sink "(^|::)(println|eprintln|print|eprint|dbg|panic|info|debug|warn|error|trace|event)$")) @call
