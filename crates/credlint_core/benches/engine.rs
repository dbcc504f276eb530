//! The engine's per-document path, the one both fronts call
//! ([`credlint_core::analyse`]), timed with criterion, so that a change that
//! slows it shows as a regression against a saved run:
//!
//!     cargo bench -p credlint_core --bench engine -- --save-baseline before
//!     cargo bench -p credlint_core --bench engine -- --baseline before
//!
//! Documents: the policy project's settings module and a configuration file
//! of the fixtures (small files, where fixed costs show), and generated
//! application modules in Python and Rust (`benches/common`, the ones
//! `benches/lsp_latency.rs` edits). Python is read statement by statement
//! whatever the front, and each thread remembers the statements it read, so
//! from the second iteration on a Python module is timed as an edited
//! buffer is analysed (its statements remembered), valid and with a syntax
//! error; Rust as the command line and a just-opened buffer analyse it (no
//! tree) and as an edited buffer is (a valid whole-file tree); and the
//! whole-file parse itself; and one keystroke in the Python module through
//! the language server's incremental path ([`credlint_core::incremental`]).
//! The queries,
//! prefilter and patterns are built before timing starts: start-up is
//! measured by `benches/compare.sh` and `benches/lsp_latency.rs`.
//!
//! A measurement, not a test: it asserts nothing about speed.

#[path = "../../../benches/common/mod.rs"]
mod common;

use credlint_core::incremental::reanalyse;
use credlint_core::{analyse, syntax, Config, Document, Language};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;

/// Lines of each generated module: the size `benches/lsp_latency.rs` edits.
const LINES: usize = 10_000;

fn documents() -> Vec<(&'static str, Document)> {
    let python = common::python_module(LINES);
    let rust = common::rust_module(LINES);
    // A stray character at the start of an indented line in the middle.
    let middle = python[python.len() / 2..]
        .find("\n        self.retries")
        .expect("the generated module has one")
        + python.len() / 2;
    let broken = format!("{}\n)x{}", &python[..middle], &python[middle + 1..]);
    let tree = |language, text: &str| syntax::parse(language, text, None).expect("it parses");
    let python_doc =
        |text: &str| Document::with_language("app/handlers.py", Language::Python, text);
    let rust_doc = || Document::with_language("src/handlers.rs", Language::Rust, rust.as_str());
    vec![
        (
            "settings module (py)",
            Document::new(
                "mcp_app_settings.py",
                include_str!("../../../fixtures/policy-project/mcp_app_settings.py"),
            ),
        ),
        (
            "config (yaml)",
            Document::new(
                "config.yaml",
                include_str!("../../../fixtures/secret/hardcoded-credential/config.yaml"),
            ),
        ),
        ("module (py), statements remembered", python_doc(&python)),
        (
            "module (py) with a syntax error, statements remembered",
            python_doc(&broken),
        ),
        ("module (rs), no tree", rust_doc()),
        (
            "module (rs), valid tree",
            rust_doc().with_tree(tree(Language::Rust, &rust)),
        ),
    ]
}

fn engine(c: &mut Criterion) {
    let config = Config::default();
    let documents = documents();
    for (_, document) in &documents {
        analyse(document, &config);
    }
    let mut group = c.benchmark_group("analyse");
    for (name, document) in &documents {
        group.throughput(Throughput::Bytes(document.text.len() as u64));
        group.bench_function(*name, |b| b.iter(|| analyse(black_box(document), &config)));
    }
    group.finish();
    let python = common::python_module(LINES);
    c.bench_function("parse whole module (py)", |b| {
        b.iter(|| syntax::parse(Language::Python, black_box(&python), None))
    });
    keystroke(c, &config, &python);
}

/// One character typed into a credential literal (its quotes closed, as an
/// editor closes them) on a line added in the middle of the module, the
/// edit `benches/lsp_latency.rs` times for the typing kind, analysed from
/// the previous version's analysis: the cost of a keystroke in the language
/// server, the text's copy into the document left out.
fn keystroke(c: &mut Criterion, config: &Config, python: &str) {
    let class = python[python.len() / 2..]
        .find("\nclass Handler")
        .expect("the generated module has one")
        + python.len() / 2
        + 1;
    let version = |typed: &str| {
        let text = format!(
            "{}API_KEY = \"{typed}\"\n{}",
            &python[..class],
            &python[class..]
        );
        Document::with_language("app/handlers.py", Language::Python, text)
    };
    let (_, previous) = reanalyse(None, version("Fq7xLp2Vz9"), config);
    let previous = previous.expect("the module is kept for the next keystroke");
    c.bench_function("keystroke through reanalyse (py)", |b| {
        b.iter_batched(
            || version("Fq7xLp2Vz9K"),
            |doc| reanalyse(Some(&previous), doc, config),
            BatchSize::LargeInput,
        )
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = engine
}
criterion_main!(benches);
