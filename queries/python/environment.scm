; Reads and writes of the process environment in Python.
;
; The import patterns tell which local names refer to the `os` module
; (`import os as o`) or to one of its environment members
; (`from os import getenv as ge`); src/syntax/python.rs resolves the
; accesses below against them, so `request.environ` and an unrelated local
; named `environ` are not mistaken for the environment.

; import os / import os.path / import os as o
(import_statement
  name: (dotted_name) @import)
(import_statement
  name: (aliased_import
    name: (dotted_name) @import
    alias: (identifier) @alias))

; from os import environ / from os import getenv as ge
(import_from_statement
  module_name: (dotted_name) @from
  name: (dotted_name) @member)
(import_from_statement
  module_name: (dotted_name) @from
  name: (aliased_import
    name: (dotted_name) @member
    alias: (identifier) @alias))

; <module>.environ, <module>.getenv(…), <module>.putenv(…) …
(attribute
  object: (identifier) @object
  attribute: (identifier) @attribute
  (#any-of? @attribute "environ" "environb" "getenv" "getenvb" "putenv" "unsetenv")) @access
