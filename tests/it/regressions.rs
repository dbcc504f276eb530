//! Inputs the fuzz targets (`fuzz/`) found crashing, kept as plain tests so
//! the normal suite fails if any comes back. Each names the target that
//! found it; the fuzz crate's README says how to run them.

use credlint::internals::{parse_added_lines, read_batch, Blob};
use credlint::{check, Config, Document};
use std::path::{Path, PathBuf};

fn rules(document: &Document) -> Vec<String> {
    check(document, &Config::default())
        .into_iter()
        .map(|f| format!("{}:{}", f.start.line, f.rule))
        .collect()
}

/// `engine`: decorators on the last lines of a Python file, with a dataclass
/// field above them, sent the repr scan past the last statement.
#[test]
fn decorators_at_the_end_of_a_python_file() {
    for text in [
        "password: str\n@dataclass\n",
        "password: str\n@dataclass",
        "password: str\n@dataclass\n@other\n# end\n",
    ] {
        assert_eq!(rules(&Document::new("app.py", text)), Vec::<String>::new());
    }
    let text = "@dataclass\nclass Db:\n    password: str\n@dataclass\n";
    assert_eq!(
        rules(&Document::new("app.py", text)),
        ["3:log/secret-in-repr"]
    );
}

/// `git_cat_file`: a size field near `u64::MAX` overflowed when the reader
/// added the trailing newline.
#[test]
fn a_cat_file_size_at_the_top_of_the_range_is_an_error() {
    for limit in [0, 16, u64::MAX] {
        let mut stream: &[u8] = b"aa blob 18446744073709551615\nxyz\n";
        assert!(read_batch(&mut stream, 1, limit).is_err(), "limit {limit}");
    }
}

/// `git_cat_file`: a header claiming a terabyte under an unlimited size had
/// the reader allocate the terabyte before reading a byte.
#[test]
fn a_cat_file_header_cannot_make_the_reader_allocate_its_size() {
    let mut stream: &[u8] = b"aa blob 1000000000000\nshort\n";
    assert!(read_batch(&mut stream, 1, u64::MAX).is_err());
    // The same reader still reads honest content whole.
    let mut stream: &[u8] = b"aa blob 5\nhello\n";
    assert_eq!(
        read_batch(&mut stream, 1, u64::MAX).unwrap(),
        [Some(Blob::Content(b"hello".to_vec()))]
    );
}

/// `git_diff`: a hunk whose new side starts near `usize::MAX` overflowed
/// when its last line was computed.
#[test]
fn a_hunk_at_the_top_of_the_line_range_does_not_overflow() {
    let diff = format!("+++ b/a.py\n@@ -1 +{},3 @@\n+x\n", usize::MAX - 1);
    let lines = parse_added_lines(diff.as_bytes(), Path::new("/r"));
    assert_eq!(
        lines[&PathBuf::from("/r/a.py")],
        [usize::MAX - 1..=usize::MAX]
    );
}

/// `lsp_edits`: text appended after an unclosed string. The incremental
/// reparse kept the `option_env!` read that a fresh parse of the same text
/// reads as part of the string, so the editor's diagnostics depended on the
/// edit history.
#[test]
fn an_edit_after_an_unclosed_string_gives_the_findings_of_a_fresh_parse() {
    use credlint::internals::{Position, Range, TextDocument, TextDocumentContentChangeEvent};
    use credlint::Language;
    let initial = "use std::env;\n\u{8}pub struct Settings {\n    pub database_url: String,\n}\n\nimpl Settings {\n    pub fn from_env() -> Result<Settings, env::VarError> {\n        Ok(Settings {\n            database_url: env::var(\"DATABASE_URL\")?,\n            log_level: env::var(\"LOG_LEVEL\").unwrap_or_else(|_| \"infob.into()),\n        })\n    }\n}\n\npub const BUILD_COMMIT: Opt";
    let path = PathBuf::from("/repo/src/main.rs");
    let config = std::sync::Arc::new(Config::default());
    let mut document = TextDocument::new(path.clone(), Language::Rust, initial, 0, config);
    let end = Position {
        line: 105,
        character: 111,
    };
    document.apply(
        &[TextDocumentContentChangeEvent {
            range: Some(Range { start: end, end }),
            range_length: None,
            text: "str> = option_env!(\"GIT_COMMIT\");\n".to_owned(),
        }],
        1,
    );
    let text = document.text();
    let tree = credlint::syntax::parse(Language::Rust, &text, None).unwrap();
    let fresh = Document::with_language(&path, Language::Rust, text).with_tree(tree);
    assert_eq!(
        rules(&document.snapshot()),
        rules(&fresh),
        "{:?}",
        document.text()
    );
}

/// Every Rust fixture gives the same findings read in parts, as the
/// command line reads a file without a tree (the items around the
/// prefilter's hits), and parsed whole, as the language server holds it.
#[test]
fn rust_fixtures_read_in_parts_give_the_findings_of_a_whole_parse() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let config = Config::default();
    let mut stack = vec![fixtures.clone()];
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let name = path.strip_prefix(&fixtures).unwrap();
                let [parts, whole] = credlint::engine::rust_findings_in_parts_and_whole(
                    &name.to_string_lossy(),
                    &text,
                    &config,
                )
                .expect("parses");
                assert_eq!(parts, whole, "{}", name.display());
                seen += 1;
            }
        }
    }
    assert!(seen >= 50, "{seen} Rust fixtures");
}

/// The language server's Rust facts, found item by item with what earlier
/// versions' analyses left in memory, are those of walks of the whole tree,
/// along random edits of every Rust fixture: items added, removed and
/// changed, among them the ones whose change must reach every other item
/// (`use` renames, type aliases, `#![cfg(test)]`, declarations that clear a
/// printed name, `Debug` impls that redact), and edits that leave syntax
/// errors (read from a fresh parse, item by item, the broken items walked
/// each time). Along the way, the command line's one walk of a tree for
/// every fact finds what a walk for each fact finds, for every subset of
/// the facts.
#[test]
fn rust_facts_found_item_by_item_after_edits_equal_a_whole_walk() {
    // Made at run time, so that this file holds no secret-looking literal.
    let secret = ["Zq8Lm", "2Xv9aaK", "4tWbN8c"].concat();
    let snippets = [
        "use std::env::var as v;\n".to_owned(),
        "use std::env::*;\n".to_owned(),
        "use jsonwebtoken::EncodingKey as E;\n".to_owned(),
        "type S = secrecy::SecretString;\n".to_owned(),
        "#![cfg(test)]\n".to_owned(),
        "#[cfg(test)]\nmod tests {\n    fn t() {\n        let _ = std::env::var(\"T\");\n    }\n}\n"
            .to_owned(),
        "#[derive(Debug)]\nstruct Creds {\n    api_key: String,\n}\n".to_owned(),
        "impl std::fmt::Debug for Creds {\n    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {\n        write!(f, \"[REDACTED]\")\n    }\n}\n".to_owned(),
        "struct Paths {\n    token: std::path::PathBuf,\n}\n".to_owned(),
        "fn show(token: &str) {\n    println!(\"{token}\");\n}\n".to_owned(),
        "impl AppSettings {\n    fn key() -> String {\n        v(\"APP_KEY\").unwrap()\n    }\n}\n".to_owned(),
        format!("fn k() {{\n    let _ = E::from_secret(b\"{secret}\");\n}}\n"),
        format!("const API_KEY: &str = \"{secret}\";\n"),
        format!("let password = \"{secret}\";\n"),
        "let token = var(\"TOKEN\").unwrap();\n".to_owned(),
        "}\n".to_owned(),
        "x".to_owned(),
    ];
    let context = [
        "use jsonwebtoken::EncodingKey as E;\n",
        "type S = secrecy::SecretString;\n",
        "use std::env::var as v;\n",
        "#![cfg(test)]\n",
    ];
    let users = format!(
        "\nfn k() {{\n    let _ = E::from_secret(b\"{secret}\");\n}}\n\n\
         fn s() {{\n    let _ = S::from(\"{secret}\");\n}}\n\n\
         fn r() -> String {{\n    v(\"APP_KEY\").unwrap()\n}}\n"
    );
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut stack = vec![fixtures.clone()];
    let (mut files, mut compared, mut broken) = (0, 0, 0);
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound.max(1) as u64) as usize
    };
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            files += 1;
            // Whether the text parsed cleanly; every text that parses at
            // all is compared, broken ones included.
            let compare = |text: &str, step: &str| {
                let facts = credlint::syntax::rust_facts_by_item_and_whole(&path, text);
                let [by_item, whole] = facts.expect("the text parses");
                assert_eq!(by_item, whole, "{}, {step}:\n{text}", path.display());
                // The command line's walk, one for every fact, finds what a
                // walk for each fact finds.
                let walks = credlint::syntax::rust_facts_in_one_walk_and_apart(&path, text);
                let [one, apart] = walks.expect("the text parses");
                assert_eq!(one, apart, "{}, {step}, one walk:\n{text}", path.display());
                let tree = credlint::syntax::parse(credlint::Language::Rust, text, None);
                tree.is_some_and(|t| !t.root_node().has_error())
            };
            // Items whose facts depend on a line above them: each such line
            // is added at the top, then removed.
            let mut text = std::fs::read_to_string(&path).unwrap() + &users;
            for (i, line) in context.iter().enumerate() {
                for version in [format!("{line}{text}"), text.clone()] {
                    compare(&version, &format!("context {i}"));
                    compared += 1;
                }
            }
            for step in 0..24 {
                // Line starts, where a whole item or statement goes.
                let starts: Vec<usize> = std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect();
                let at = starts[next(starts.len())];
                let before = text.clone();
                if next(3) == 0 {
                    // Lines go: an item or a statement, or a piece of one.
                    let end = starts
                        .iter()
                        .copied()
                        .find(|&s| s > at + next(200))
                        .unwrap_or(text.len());
                    text.replace_range(at..end, "");
                } else {
                    text.insert_str(at, &snippets[next(snippets.len())]);
                }
                // Broken code is read item by item too (a fresh parse);
                // half the edits that break it are undone, so that the
                // next ones edit both kinds.
                compared += 1;
                if !compare(&text, &format!("step {step}")) {
                    broken += 1;
                    if next(2) == 0 {
                        text = before;
                    }
                }
            }
        }
    }
    assert!(files >= 50, "{files} Rust fixtures");
    assert!(compared >= 600, "only {compared} edited versions compared");
    assert!(broken >= 300, "only {broken} broken versions compared");
}
