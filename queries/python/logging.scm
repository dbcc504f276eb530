; Where a value reaches output, and where a local takes another value, in
; Python. src/syntax/python.rs decides which values are secrets (credential
; names, settings attributes, environment reads of credential variables) and
; which receivers are loggers.

; print(…), pprint(…), echo(…)
(call
  function: (identifier) @sink
  arguments: (argument_list) @arguments
  (#any-of? @sink "print" "pprint" "echo")) @call

; logger.info(…), logging.warning(…), sys.stdout.write(…), warnings.warn(…),
; click.echo(…), console.print(…)
(call
  function: (attribute
    object: (_) @receiver
    attribute: (identifier) @sink)
  arguments: (argument_list) @arguments
  (#any-of? @sink "debug" "info" "warning" "warn" "error" "critical" "exception" "log" "fatal" "write" "echo" "print" "pprint")) @call

; k = settings.API_KEY: a local takes a value (a secret, if the value is one)
(assignment
  left: (identifier) @local
  right: (_) @value)
