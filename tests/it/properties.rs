//! Properties of the engine and of the language server's document store,
//! over generated input: the `proptest` side of the fuzz targets in `fuzz/`
//! (which run far longer, outside the normal suite). Case counts stay small
//! so the suite stays fast; a failure prints the shrunk input.

use credlint::internals::{
    Position, Range, TextDocument, TextDocumentContentChangeEvent, FILE_KINDS,
};
use credlint::{analyse, check, Config, Document, Language};
use proptest::prelude::*;
use proptest::test_runner::{Config as Cases, TestRunner};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Pieces the rules react to, so that generated text reaches past the
/// prefilter: credential names, quotes, environment reads, decorators,
/// brackets, comments, suppressions, line endings, non-ASCII text and
/// secret-shaped values.
const PIECES: &[&str] = &[
    "password",
    "api_key",
    "token",
    "secret",
    " = ",
    ": ",
    "=",
    ":",
    "\"",
    "'",
    "\"\"\"",
    "`",
    "os.environ[\"HOME\"]",
    "os.getenv(\"X\", \"d\")",
    "std::env::var(\"X\")",
    "env!(\"X\")",
    "import os\n",
    "use std::env;\n",
    "@dataclass\n",
    "class C(BaseModel):\n",
    "    ",
    "#[derive(Debug)]\nstruct S { password: String }\n",
    "print(",
    "log.info(",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\\",
    "# ",
    "// ",
    "credlint: allow",
    "(secret)",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u{feff}",
    "é",
    "😀",
    "名",
    "\u{2028}",
    "Tr0ub4dor&3xKq",
    "Zq8Lm2Xv9aaP",
    "postgres://u:Pw9xLm2Qz@h/db",
    "ghp_",
    "sk-",
    "AKIA",
    "${{ secrets.X }}",
    "run: echo ",
    "-----BEGIN PRIVATE KEY-----\n",
    "\"cells\": [",
    "{\"cell_type\": \"code\", \"source\": [",
    "\"kty\"",
    "h:5432:db:u:",
    "\"u\" \"",
];

/// Text made of the pieces above and of arbitrary characters.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(str::to_owned),
        1 => "[A-Za-z0-9+/_-]{1,40}",
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

fn cases(cases: u32) -> TestRunner {
    TestRunner::new(Cases {
        cases,
        failure_persistence: None,
        ..Cases::default()
    })
}

/// Every finding lies inside the text, on character boundaries, with its
/// start before its end.
fn assert_in_bounds(document: &Document, findings: &[credlint::Finding]) {
    let text = document.text.as_str();
    for finding in findings {
        let span = &finding.span;
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{finding:?}"
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{finding:?}"
        );
        assert!(
            finding.start <= finding.end && finding.start.line >= 1,
            "{finding:?}"
        );
    }
}

#[test]
fn the_engine_takes_any_text_of_every_kind() {
    let everything = Config::from_options(
        credlint::config::Options {
            extend_select: vec!["env".to_owned()],
            ..Default::default()
        },
        None,
        None,
    )
    .unwrap();
    for kind in FILE_KINDS {
        for config in [&Config::default(), &everything] {
            cases(12)
                .run(&text(), |text| {
                    let document = Document::new(Path::new("/repo").join(kind), text);
                    let analysis = analyse(&document, config);
                    assert_in_bounds(&document, &analysis.findings);
                    credlint::engine::secret_spans(&document, config, &analysis.findings);
                    Ok(())
                })
                .unwrap_or_else(|e| panic!("{kind}: {e}"));
        }
    }
}

/// A notebook around generated code cells: the cells' code reaches the
/// Python rules, and positions map back into the JSON.
#[test]
fn notebooks_take_any_code_cells() {
    cases(32)
        .run(&proptest::collection::vec(text(), 1..4), |cells| {
            let cells: Vec<serde_json::Value> = cells
                .iter()
                .map(|code| {
                    let lines: Vec<&str> = code.split_inclusive('\n').collect();
                    serde_json::json!({ "cell_type": "code", "metadata": {}, "source": lines })
                })
                .collect();
            let notebook = serde_json::json!({
                "cells": cells,
                "metadata": { "kernelspec": { "language": "python" } },
                "nbformat": 4,
            });
            let document = Document::new("analysis.ipynb", notebook.to_string());
            assert_in_bounds(&document, &check(&document, &Config::default()));
            Ok(())
        })
        .unwrap();
}

/// One ranged edit: start and end as (line, UTF-16 column), possibly out of
/// range or reversed, as a client may send them.
#[derive(Debug, Clone)]
struct Edit {
    start: (u32, u32),
    end: (u32, u32),
    text: String,
    /// Sent in the same notification as the next edit.
    batched: bool,
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = (
        (0..12u32, 0..40u32),
        (0..12u32, 0..40u32),
        text().prop_map(|t| t.chars().take(40).collect::<String>()),
        proptest::bool::weighted(0.3),
    )
        .prop_map(|(start, end, text, batched)| Edit {
            start,
            end,
            text,
            batched,
        });
    proptest::collection::vec(edit, 1..8)
}

fn position((line, character): (u32, u32)) -> Position {
    Position { line, character }
}

/// The findings on the incrementally reparsed tree equal those of a full
/// parse of the same text, after every notification.
fn assert_matches_full_analysis(document: &TextDocument) {
    let incremental = check(&document.snapshot(), &Config::default());
    let full = Document::with_language(&document.path, document.language, document.text());
    if let Some(tree) = credlint::syntax::parse(document.language, &document.text(), None) {
        assert_eq!(
            incremental,
            check(&full.with_tree(tree), &Config::default()),
            "{:?}",
            document.text()
        );
    }
}

#[test]
fn incremental_edits_give_the_findings_of_a_full_analysis() {
    for (language, path) in [
        (Language::Python, "/repo/app.py"),
        (Language::Rust, "/repo/src/main.rs"),
    ] {
        cases(10)
            .run(&(text(), edits()), |(initial, edits)| {
                let mut document = TextDocument::new(
                    PathBuf::from(path),
                    language,
                    &initial,
                    0,
                    Arc::new(Config::default()),
                );
                let mut batch = Vec::new();
                for (version, edit) in edits.iter().enumerate() {
                    batch.push(TextDocumentContentChangeEvent {
                        range: Some(Range {
                            start: position(edit.start),
                            end: position(edit.end),
                        }),
                        range_length: None,
                        text: edit.text.clone(),
                    });
                    if !edit.batched || version + 1 == edits.len() {
                        document.apply(&batch, version as i32 + 1);
                        batch.clear();
                        assert_matches_full_analysis(&document);
                    }
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}

/// Found by the property above: on broken code the engine gave a supplied
/// tree with syntax errors precedence over the statement-by-statement
/// reading every front uses for broken code, so the same text had two
/// answers. The engine now ignores a tree with errors.
#[test]
fn a_broken_buffer_is_analysed_like_the_file_whatever_tree_is_supplied() {
    let initial = "\"u\" \"#[derive(Debug)]\nstruct S { password: String }\n: ";
    let edits = [
        (
            (3, 37),
            (8, 31),
            "(secret)\\env!(\"X\")os.environ[\"HOME\"]post",
            true,
        ),
        (
            (8, 8),
            (6, 36),
            "😀{\"cell_type\": \"code\", \"source\": [\r}\tAø?",
            false,
        ),
        (
            (6, 10),
            (1, 9),
            "\"h:5432:db:u:#[derive(Debug)]\nstruct S {",
            false,
        ),
        (
            (4, 28),
            (2, 32),
            "\"𝗡\u{fffd}𑌵=Tr0ub4dor&3xKq1-_qb+-Zw+I1+Idu/+9+D",
            true,
        ),
    ];
    let mut document = TextDocument::new(
        PathBuf::from("/repo/app.py"),
        Language::Python,
        initial,
        0,
        Arc::new(Config::default()),
    );
    let mut batch = Vec::new();
    for (version, (start, end, text, batched)) in edits.iter().enumerate() {
        batch.push(TextDocumentContentChangeEvent {
            range: Some(Range {
                start: position(*start),
                end: position(*end),
            }),
            range_length: None,
            text: text.to_string(),
        });
        if !batched || version + 1 == edits.len() {
            document.apply(&batch, version as i32 + 1);
            batch.clear();
            assert_matches_full_analysis(&document);
        }
    }
}
