//! The command line parses Python statement by statement around the
//! prefilter's hits; the language server hands the engine a whole-file tree.
//! Both must find exactly the same things.

use credlint::syntax::parse;
use credlint::{check, Config, Document};
use pretty_assertions::assert_eq;
use std::path::{Path, PathBuf};

/// Statement shapes that are easy to get wrong when parsed alone.
const SAMPLE: &str = r#"import os, sys
import os.path as osp
from os import environ, getenv as ge

class Service:
    """Reads os.environ["DOCSTRING"] only in prose."""
    password: str = "Tr0ub4dor&3xK"

    def __init__(self, token="q8Zr2LmK4xW9tYv1Ns7P"):
        self.secret = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"  # trailing comment
        if token == "xK9#mP2$vL5qW8rT":
            pass
        elif token == "rW7$kP2^nZ5*tQ8(":  # a comment after the colon
            pass
        else:
            x = ge("HOME")

@decorate(api_key="WnI4cUxtMkt4OVd0WTd1T2UzYjVZYnE=")
def f(password='hunter22'):
    try:
        y = environ["A"]
    except KeyError:
        y = osp.environ.get("B")
    finally:
        z = os.getenv("C", "fallback-Pa55word!")
    config = {
        "db_password": "Zq8#Lm2$Xv9!",
        "other": [1, 2, (3,
            4)],
    }
    return connect(
        user="app",
        password="pQ7!rS2@tU9#",
    )

w = """
password = "q7Wz-xR2v-0Aa!"
"""; v = os.environ  \
    ["D"]
"#;

fn findings(text: &str, whole_tree: bool) -> Vec<String> {
    findings_of("sample.py", text, whole_tree, &Config::default())
}

/// The findings in `path`'s `text`, with the whole-file tree the language
/// server would hand the engine or without.
fn findings_of(path: &str, text: &str, whole_tree: bool, config: &Config) -> Vec<String> {
    let mut document = Document::new(path, text);
    if whole_tree {
        let tree = parse(document.language, text, None).unwrap();
        document = document.with_tree(tree);
    }
    check(&document, config)
        .into_iter()
        .map(|f| {
            format!(
                "{}:{} {} {}",
                f.start.line, f.start.column, f.rule, f.message
            )
        })
        .collect()
}

/// The files under `dir` whose names end in `.{extension}`.
fn source_files(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            source_files(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
}

#[test]
fn statement_by_statement_equals_whole_file() {
    let statements = findings(SAMPLE, false);
    assert_eq!(statements, findings(SAMPLE, true));
    // The string `w` is no statement, but it is a `key = value` document:
    // its password is found as a text file's would be.
    assert_eq!(statements.len(), 14, "{statements:#?}");
}

#[test]
fn statement_by_statement_equals_whole_file_on_fixtures() {
    let mut files = Vec::new();
    source_files(Path::new("fixtures"), "py", &mut files);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            findings(&text, false),
            findings(&text, true),
            "{}",
            path.display()
        );
    }
}

/// Rust item shapes that are easy to get wrong when split off by bytes:
/// braces in strings, raw strings, characters and comments, lifetimes, a
/// struct literal ending in `};`, macros, and blocks large enough to be
/// split into their items.
fn rust_sample() -> String {
    let filler: String = (0..60)
        .map(|i| format!("    fn helper_{i}(&self) -> &'static str {{ \"{{not a secret}}\" }}\n"))
        .collect();
    format!(
        r###"//! Crate docs with a brace }} and a "quote.
#![allow(dead_code)]
use std::collections::HashMap;

/* a block comment /* nested }} */ still a comment */
const API_TOKEN: &str = "Hq3vXb8NwZ2kRt6YpL0sJc4M";
static CONFIG: Config = Config {{ password: "Tr0ub4dor&3xK", user: '}}' }};

pub struct Client<'a> {{
    token: &'a str,
}}

impl<'a> Client<'a> {{
{filler}
    pub fn new() -> Self {{
        let secret = r#"pQ7!rS2@tU9#}}"#;
        let ch = '{{';
        let auth = ("user", "Zq8#Lm2$Xv9!");
        let body = serde_json::json!({{"client_secret": "9f8e7d6c5b4a39281706f5e4d3c2b1a0"}});
        Client {{ token: "q8Zr2LmK4xW9tYv1Ns7P" }}
    }}
}}

#[cfg(test)]
mod tests {{
    use super::*;
{filler}
    #[test]
    fn login() {{
        let api_key = "WnI4cUxtMkt4OVd0WTd1T2UzYjVZYnE=";
        assert_eq!(client.token, "xK9#mP2$vL5qW8rT");
    }}
}}

macro_rules! creds {{ () => {{ ("db_password", "rW7$kP2^nZ5*tQ8(") }} }}
"###
    )
}

fn rust_secret_findings(path: &str, text: &str, whole_tree: bool) -> Vec<String> {
    // Secret rules only: bindings are then the only syntax facts wanted,
    // which is when the command line parses Rust item by item.
    let config = Config::from_options(
        credlint::config::Options {
            select: Some(vec!["secret".to_owned()]),
            ..Default::default()
        },
        None,
        None,
    )
    .unwrap();
    findings_of(path, text, whole_tree, &config)
}

#[test]
fn rust_item_by_item_equals_whole_file() {
    let sample = rust_sample();
    let items = rust_secret_findings("src/lib.rs", &sample, false);
    assert_eq!(items, rust_secret_findings("src/lib.rs", &sample, true));
    assert!(items.len() >= 8, "{items:#?}");
    let mut files = Vec::new();
    source_files(Path::new("fixtures"), "rs", &mut files);
    source_files(Path::new("crates/credlint_core/src"), "rs", &mut files);
    assert!(files.len() > 20);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.to_string_lossy();
        assert_eq!(
            rust_secret_findings(&name, &text, false),
            rust_secret_findings(&name, &text, true),
            "{name}"
        );
    }
}
