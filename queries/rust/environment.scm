; Reads and writes of the process environment in Rust.
;
; `use` declarations are captured whole; src/syntax/rust.rs expands them to
; learn what each local name stands for (`use std::env::var as v;`), then
; resolves every called path against `std::env::{var, var_os, vars, vars_os,
; set_var, remove_var}` and `dotenvy`/`dotenv`'s `var`/`vars`.

(use_declaration argument: (_) @use)

; env::var("X"), std::env::var_os("X"), var("X") after `use std::env::var`
(call_expression
  function: [(identifier) (scoped_identifier)] @function
  arguments: (arguments) @arguments) @call

; env!("X"), option_env!("X"), std::env!("X")
(macro_invocation
  macro: [(identifier) (scoped_identifier)] @macro
  (token_tree) @arguments
  (#match? @macro "(^|::)(option_)?env$")) @call
