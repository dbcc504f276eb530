; What a Python settings module defines, for the language server's quick
; fixes (src/server/actions.rs): which names code may import from it.

; API_KEY = os.environ["API_KEY"] at module level
(module
  (expression_statement
    (assignment left: (identifier) @name)))

; class Settings: API_KEY: str = …  (pydantic-settings, dataclasses, plain classes)
(module
  (class_definition
    name: (identifier) @class
    body: (block
      (expression_statement
        (assignment left: (identifier) @field)))))

; settings = Settings(): a module-level instance
(module
  (expression_statement
    (assignment
      left: (identifier) @instance
      right: (call function: (identifier) @instance_class))))
