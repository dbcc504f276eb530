; Classes whose generated repr shows their fields: dataclasses and pydantic
; models. src/syntax/python.rs checks the decorator or base class, the field
; name, its type and its `field(repr=False)`.

(class_definition
  name: (identifier) @class
  superclasses: (argument_list)? @bases
  body: (block
    (expression_statement
      (assignment
        left: (identifier) @field
        type: (type) @type
        right: (_)? @default)))) @definition
