//! The command line parses Python statement by statement around the
//! prefilter's hits; the language server hands the engine a whole-file tree.
//! Both must find exactly the same things.

use credlint::syntax::parse;
use credlint::{check, Config, Document, Language};
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
        elif token == "aB3$dE6^gH9*jK2(":  # a comment after the colon
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
password = "inside-a-string-0Aa!"
"""; v = os.environ  \
    ["D"]
"#;

fn findings(text: &str, whole_tree: bool) -> Vec<String> {
    let mut document = Document::new("sample.py", text);
    if whole_tree {
        document = document.with_tree(parse(Language::Python, text, None).unwrap());
    }
    check(&document, &Config::default())
        .into_iter()
        .map(|f| {
            format!(
                "{}:{} {} {}",
                f.start.line, f.start.column, f.rule, f.message
            )
        })
        .collect()
}

fn python_fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            python_fixtures(&path, out);
        } else if path.extension().is_some_and(|e| e == "py") {
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
    python_fixtures(Path::new("fixtures"), &mut files);
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
