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

/// The imports and body statements of the commit sequences below: a
/// credential position's API under another name (`B`, `j`, `encode`, `S`,
/// `Sealed`), its calls with random values and with placeholders, calls of
/// look-alikes, credential-named literals and plain lines. `{v}` is a value.
struct VersionPieces {
    path: &'static str,
    imports: &'static [&'static str],
    body: &'static [&'static str],
    /// The file around them: `{imports}` then `{body}`.
    frame: &'static str,
}

const PYTHON_VERSIONS: VersionPieces = VersionPieces {
    path: "/repo/client.py",
    imports: &[
        "from requests.auth import HTTPBasicAuth as B",
        "import jwt as j",
        "from jwt import encode",
        "from itsdangerous import (\n    URLSafeTimedSerializer as Signer,\n)",
        "import myjwt as jwt",
        "from base64 import b64encode as B",
    ],
    body: &[
        "    auth = B(\"svc\", \"{v}\")",
        "    token = j.encode(p, \"{v}\", algorithm=\"HS256\")",
        "    signed = encode(p, \"{v}\")",
        "    signer = Signer(\"{v}\")",
        "    other = jwt.encode(p, \"{v}\")",
        "    auth = B(\n        \"svc\",\n        \"{v}\",\n    )",
        "    auth = B(\"svc\", \"changeme\")",
        "    password = \"{v}\"",
        "    label = \"{v}\"",
        "    retries = 3",
        "    p = dict(p)",
    ],
    frame: "{imports}\n\n\ndef send(p):\n{body}\n    return p\n",
};

const RUST_VERSIONS: VersionPieces = VersionPieces {
    path: "/repo/src/keys.rs",
    imports: &[
        "use secrecy::SecretString as S;",
        "use secrecy::{\n    Secret as Sealed,\n    SecretBox as Boxed,\n};",
        "use jsonwebtoken::EncodingKey as E;",
        "use std::borrow::Cow as S;",
        "use ring::hmac::Key;",
    ],
    body: &[
        "    let k = S::new(\"{v}\".into());",
        "    let f = S::from(\"{v}\");",
        "    let b = Boxed::new(Box::new(\"{v}\".to_owned()));",
        "    let s = Sealed::new(String::from(\"{v}\"));",
        "    let e = E::from_secret(b\"{v}\");",
        "    let h = Key::new(ALG, b\"{v}\");",
        "    let k = S::new(\n        \"{v}\".into(),\n    );",
        "    let k = S::new(\"<your-token>\".into());",
        "    let k = S::new(std::env::var(\"TOKEN\")?.into());",
        "    let password = \"{v}\";",
        "    let label = \"{v}\";",
        "    let n = 1;",
    ],
    frame:
        "{imports}\n\npub fn keys() -> Result<(), std::env::VarError> {\n{body}\n    Ok(())\n}\n",
};

/// One version: which imports (indices, in order) and which body
/// statements (index, value seed), in order.
type Version = (Vec<usize>, Vec<(usize, u64)>);

/// A random-looking value from a seed, as a secret could be.
fn value(seed: u64) -> String {
    let alphabet = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..20)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            alphabet[((state >> 33) % alphabet.len() as u64) as usize] as char
        })
        .collect()
}

fn render(pieces: &VersionPieces, (imports, body): &Version) -> String {
    let imports: Vec<&str> = imports.iter().map(|&i| pieces.imports[i]).collect();
    let body: Vec<String> = body
        .iter()
        .map(|&(i, seed)| pieces.body[i].replace("{v}", &value(seed)))
        .collect();
    pieces
        .frame
        .replace("{imports}", &imports.join("\n"))
        .replace("{body}", &body.join("\n"))
}

/// A commit sequence: each version from the one before by a few edits (a
/// body statement or an import added, removed or replaced), so that most
/// versions add one line or two, as commits do.
fn versions(pieces: &'static VersionPieces) -> impl Strategy<Value = Vec<Version>> {
    let edit = (
        0..5u8,
        any::<prop::sample::Index>(),
        0..pieces.body.len(),
        0..pieces.imports.len(),
        0..64u64,
    );
    proptest::collection::vec(proptest::collection::vec(edit, 1..3), 1..6).prop_map(
        move |commits| {
            let mut version: Version = (Vec::new(), Vec::new());
            let mut out = vec![version.clone()];
            for edits in commits {
                for (kind, at, statement, import, seed) in edits {
                    let (imports, body) = &mut version;
                    match kind {
                        0 | 1 => body.insert(at.index(body.len() + 1), (statement, seed)),
                        2 if !body.is_empty() => {
                            let at = at.index(body.len());
                            body[at] = (statement, seed);
                        }
                        3 if !body.is_empty() => drop(body.remove(at.index(body.len()))),
                        _ if !imports.contains(&import) => imports.push(import),
                        _ => imports.retain(|&i| i != import),
                    }
                }
                out.push(version.clone());
            }
            out
        },
    )
}

/// Whether a finding's lines meet `lines` (1-based).
fn on_lines(finding: &credlint::Finding, lines: &std::collections::HashSet<usize>) -> bool {
    (finding.start.line..=finding.end.line).any(|line| lines.contains(&line))
}

/// `credlint history` analyses a version only when its added lines can hold
/// a secret, and then around them (`credlint::versions`). Over commit
/// sequences, what it finds in each version is what `check` finds in that
/// version on the lines it added, and never more than `check` finds in the
/// version: a call through an imported alias (`B("svc", "…")` for
/// `HTTPBasicAuth`, `S::new("…")` for `SecretString`) added alone included.
#[test]
fn history_finds_in_each_version_what_check_finds_on_its_added_lines() {
    let config = Config::default();
    for pieces in [&PYTHON_VERSIONS, &RUST_VERSIONS] {
        cases(48)
            .run(&versions(pieces), |versions| {
                let path = Path::new(pieces.path);
                let mut previous = String::new();
                for version in &versions {
                    let text = render(pieces, version);
                    let secrets =
                        |document: &Document| -> Vec<(String, std::ops::Range<usize>, usize)> {
                            check(document, &config)
                                .into_iter()
                                .filter(|f| credlint::rules::is_secret(&f.rule))
                                .map(|f| (f.rule.clone(), f.span.clone(), f.start.line))
                                .collect()
                        };
                    let old: std::collections::HashSet<&str> = previous.split('\n').collect();
                    let added: std::collections::HashSet<usize> = text
                        .split('\n')
                        .enumerate()
                        .filter(|(_, line)| !old.contains(line))
                        .map(|(i, _)| i + 1)
                        .collect();
                    let whole = Document::new(path, text.clone());
                    let all = check(&whole, &config);
                    let expected: Vec<_> = all
                        .iter()
                        .filter(|f| credlint::rules::is_secret(&f.rule) && on_lines(f, &added))
                        .map(|f| (f.rule.clone(), f.span.clone(), f.start.line))
                        .collect();
                    let lines = credlint::versions::Lines::of(previous.as_bytes());
                    let found = match credlint::versions::changed_parts(
                        path,
                        &lines,
                        text.as_bytes(),
                        &config,
                    ) {
                        Some(parts) => {
                            secrets(&Document::new(path, text.clone()).with_changed(parts))
                        }
                        None => Vec::new(),
                    };
                    let reported = secrets(&whole);
                    for finding in &expected {
                        prop_assert!(
                            found.contains(finding),
                            "history misses {finding:?} in\n{text}\nafter\n{previous}"
                        );
                    }
                    for finding in &found {
                        prop_assert!(
                            reported.contains(finding),
                            "history invents {finding:?} in\n{text}\nafter\n{previous}"
                        );
                    }
                    previous = text;
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", pieces.path));
    }
}
