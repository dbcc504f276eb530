; Struct fields, for #[derive(Debug)] structs that would print a secret:
; src/syntax/rust.rs checks the derive, the field name and its type.
(struct_item
  name: (type_identifier) @struct
  body: (field_declaration_list
    (field_declaration
      name: (field_identifier) @field
      type: (_) @type))) @item
