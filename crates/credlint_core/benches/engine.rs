//! The engine's per-document cost, on the path both fronts call
//! ([`credlint_core::analyse`]): a 10,000-line Python file (the one
//! `benches/lsp_latency.rs` edits) analysed as the command line and an
//! opened editor buffer analyse it (no tree: the statements around the
//! prefilter's hits parsed alone), with a valid whole-file tree (an edited
//! buffer), and with a tree holding a syntax error (an edit that breaks
//! the code); and the whole-file parse itself. Prints the median and p95
//! of each, in milliseconds, to track regressions:
//!
//!     cargo bench -p credlint_core --bench engine [-- FILTER]
//!
//! A `FILTER` runs only the measurements whose name contains it (for a
//! profiler).
//! A measurement, not a test: it asserts nothing about speed.

use credlint_core::{analyse, syntax, Config, Document, Language};
use std::hint::black_box;
use std::time::{Duration, Instant};

const RUNS: usize = 40;

/// About 10,000 lines of ordinary Python with a credential word in every
/// class (a URL held in `token_url`) and an environment read every 50.
fn source() -> String {
    let mut out =
        String::from("import os\nimport logging\n\nlog = logging.getLogger(__name__)\n\n");
    let mut i = 0;
    while out.lines().count() < 10_000 {
        out.push_str(&format!(
            "\n\nclass Handler{i}:\n    \"\"\"Handles request kind {i}.\"\"\"\n\n    def __init__(self, client, retries={i}):\n        self.client = client\n        self.retries = retries\n        self.token_url = \"https://auth.internal/{i}/token\"\n\n    def run(self, payload):\n        for attempt in range(self.retries):\n            result = self.client.post(\"/v1/items/{i}\", json=payload)\n            if result.ok:\n                return result.json()\n            log.warning(\"attempt %s failed\", attempt)\n        raise RuntimeError(\"gave up\")\n"
        ));
        if i % 50 == 0 {
            out.push_str(&format!(
                "\nTIMEOUT_{i} = os.environ.get(\"TIMEOUT_{i}\", \"30\")\n"
            ));
        }
        i += 1;
    }
    out
}

/// Median and p95 of `RUNS` runs of `f`, after one warm-up run.
fn time(mut f: impl FnMut()) -> (Duration, Duration) {
    f();
    let mut runs: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    runs.sort();
    (runs[RUNS / 2], runs[RUNS * 95 / 100])
}

/// Measures and prints `f` when `name` passes the command line's filter.
fn report(name: &str, f: impl FnMut()) {
    // The engine reads no environment; this program reads its command line.
    #[allow(clippy::disallowed_methods)]
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    if filter.is_some_and(|filter| !name.contains(&filter)) {
        return;
    }
    let (p50, p95) = time(f);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{name:<42} p50 {:>8.2} ms   p95 {:>8.2} ms",
        ms(p50),
        ms(p95)
    );
}

fn main() {
    let config = Config::default();
    let valid = source();
    // A stray character at the start of an indented line in the middle.
    let middle = valid[valid.len() / 2..]
        .find("\n        self.retries")
        .unwrap()
        + valid.len() / 2;
    let broken = format!("{}\n)x{}", &valid[..middle], &valid[middle + 1..]);
    let document = |text: &str| Document::with_language("big.py", Language::Python, text);
    let valid_tree = syntax::parse(Language::Python, &valid, None).unwrap();
    let broken_tree = syntax::parse(Language::Python, &broken, None).unwrap();
    assert!(broken_tree.root_node().has_error());

    report("parse whole file", || {
        black_box(syntax::parse(Language::Python, &valid, None));
    });
    report("analyse, no tree (check, didOpen)", || {
        black_box(analyse(&document(&valid), &config));
    });
    report("analyse, valid tree (an edit)", || {
        black_box(analyse(
            &document(&valid).with_tree(valid_tree.clone()),
            &config,
        ));
    });
    report("analyse, tree with an error (broken edit)", || {
        black_box(analyse(
            &document(&broken).with_tree(broken_tree.clone()),
            &config,
        ));
    });
}
