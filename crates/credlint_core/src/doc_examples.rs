//! The code examples of Rust doc comments, as Rust the engine can parse.
//!
//! A crate's documentation is code: rustdoc compiles and runs every fenced
//! block of a `///` or `//!` comment as a doctest, and readers copy them.
//! A key pasted into one (`env::set_var("AWS_SECRET_ACCESS_KEY", "…")`,
//! `.merge(("secret_key", "…"))`) is as committed as one in a function body,
//! but to tree-sitter it is comment text, where the name-and-value rules do
//! not look.
//!
//! [`rust_doc_examples`] rewrites a Rust file into a text of the same length
//! in which only the doctest code remains: every comment prefix (`///`,
//! `//!`), rustdoc's hidden-line marker (`# `) and every byte outside the
//! examples become spaces, and each block's fence lines become `fn f(){` and
//! `}` so that statements parse inside a function body. Byte offsets are
//! unchanged, so findings in the rewritten text need no mapping back.

use std::ops::Range;

/// The opening fence's replacement; a fence line shorter than this (only a
/// bare `///```` with no indentation) cannot hold it and its block is skipped.
const OPEN: &str = "fn f(){";

/// The doctest code of `text` at its own byte offsets, everything else blank;
/// `None` when the file has no Rust example in its doc comments.
pub fn rust_doc_examples(text: &str) -> Option<String> {
    memchr::memmem::find(text.as_bytes(), b"```")?;
    let mut out = blank(text);
    let mut block: Option<Range<usize>> = None;
    let mut found = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let Some(content_at) = doc_content(body) else {
            // The doc comment ended inside a fence: drop the unclosed block.
            if let Some(open) = block.take() {
                out.replace_range(open.clone(), &" ".repeat(open.len()));
            }
            continue;
        };
        let content = &body[content_at..];
        let fence = content.trim_start().strip_prefix("```");
        match (&block, fence) {
            (None, Some(info)) if is_rust(info) && body.len() >= OPEN.len() => {
                out.replace_range(start..start + OPEN.len(), OPEN);
                block = Some(start..start + OPEN.len());
            }
            (None, Some(_)) => {
                // A block in another language: skip to its closing fence.
                block = Some(0..0);
            }
            (Some(open), Some(_)) => {
                if !open.is_empty() {
                    out.replace_range(start..start + 1, "}");
                    found = true;
                }
                block = None;
            }
            (Some(open), None) if !open.is_empty() => {
                let code = hide_marker(content);
                let at = start + content_at + (content.len() - code.len());
                out.replace_range(at..at + code.len(), code);
            }
            _ => {}
        }
    }
    if let Some(open) = block.filter(|open| !open.is_empty()) {
        out.replace_range(open.clone(), &" ".repeat(open.len()));
    }
    found.then_some(out)
}

/// `text` with every character but newlines replaced by spaces, byte for
/// byte (a multi-byte character becomes as many spaces as it has bytes).
fn blank(text: &str) -> String {
    text.bytes()
        .map(|b| if b == b'\n' { '\n' } else { ' ' })
        .collect()
}

/// Where a doc comment line's content starts: after `///` or `//!` and one
/// space. `////` is an ordinary comment, not documentation.
fn doc_content(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let is_doc = (rest.starts_with("///") && !rest.starts_with("////")) || rest.starts_with("//!");
    is_doc.then(|| indent + 3 + usize::from(rest[3..].starts_with(' ')))
}

/// Whether a fence's info string is Rust: rustdoc's default (no language)
/// or `rust` and its attributes (`no_run`, `ignore`, `should_panic`…).
fn is_rust(info: &str) -> bool {
    let tags: Vec<&str> = info
        .split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    tags.iter().all(|tag| {
        tag.starts_with("rust")
            || tag.starts_with("edition")
            || matches!(
                *tag,
                "no_run" | "ignore" | "should_panic" | "compile_fail" | "test_harness"
            )
    })
}

/// A doctest line without rustdoc's hidden-line marker (`# let x = 1;`):
/// the hidden lines are compiled, so they are code too.
fn hide_marker(content: &str) -> &str {
    let trimmed = content.trim_start();
    if trimmed == "#" {
        ""
    } else if let Some(code) = trimmed.strip_prefix("# ") {
        code
    } else {
        content
    }
}

#[cfg(test)]
mod tests {
    use super::rust_doc_examples;
    use pretty_assertions::assert_eq;

    #[test]
    fn keeps_only_the_example_code_at_its_offsets() {
        let text = "/// Builds one.\n///\n/// ```rust\n/// let k = \"x\";\n/// # let h = 1;\n/// ```\nfn build() {}\n";
        let out = rust_doc_examples(text).expect("one example");
        assert_eq!(out.len(), text.len());
        assert_eq!(
            out,
            "               \n   \nfn f(){    \n    let k = \"x\";\n      let h = 1;\n}      \n             \n"
        );
        let at = text.find("let k").unwrap();
        assert_eq!(&out[at..at + 5], "let k");
    }

    #[test]
    fn other_languages_plain_comments_and_prose_give_nothing() {
        assert_eq!(
            rust_doc_examples("/// ```toml\n/// key = \"x\"\n/// ```\n"),
            None
        );
        assert_eq!(rust_doc_examples("// ```\n// let k = 1;\n// ```\n"), None);
        assert_eq!(
            rust_doc_examples("//// ```\n//// let k = 1;\n//// ```\n"),
            None
        );
        assert_eq!(rust_doc_examples("fn f() {}\n"), None);
    }

    #[test]
    fn inner_doc_comments_and_attributes_are_examples_too() {
        let text = "    //! ```no_run\n    //! let k = 1;\n    //! ```\n";
        let out = rust_doc_examples(text).expect("one example");
        assert!(out.starts_with("fn f(){"));
        assert!(out.contains("let k = 1;"));
    }

    #[test]
    fn an_unclosed_example_is_dropped() {
        assert_eq!(
            rust_doc_examples("/// ```\n/// let k = 1;\nfn f() {}\n"),
            None
        );
    }

    #[test]
    fn multibyte_prose_keeps_byte_offsets() {
        let text = "/// Clé — ```\n/// ```\n/// ```\n/// let é = 1;\n/// ```\n";
        let out = rust_doc_examples(text).expect("one example");
        assert_eq!(out.len(), text.len());
    }
}
