; Output macros in Rust: std's printing macros, dbg!, panic!, and the log
; and tracing crates' macros. Their arguments are token trees;
; src/syntax/rust.rs looks in them for credential-named values, in
; positional and named arguments, inline `{name}` captures and `?name` /
; `%name` tracing fields.
(macro_invocation
  macro: [(identifier) (scoped_identifier)] @sink
  (token_tree) @arguments
  (#match? @sink "(^|::)(println|eprintln|print|eprint|dbg|panic|info|debug|warn|error|trace|event)$")) @call
