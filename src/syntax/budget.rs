//! How much work the syntax stage may do on one document.
//!
//! Hostile or broken input can make tree-sitter super-linear: thousands of
//! unclosed brackets leave one error node with as many children, and every
//! step of a query over it scans the later siblings. Two budgets keep a
//! document's cost bounded:
//!
//! - a nesting budget, checked before parsing: a Python statement nested
//!   deeper than CPython's own limit, or a Rust file nested deeper than
//!   [`MAX_RUST_NESTING`], is not parsed at all (deterministic, and what the
//!   known pathological inputs hit);
//! - a time budget, as a backstop for shapes nobody has thought of: parsing
//!   and query runs cancel through tree-sitter's progress callbacks once the
//!   document's deadline has passed. Normal code parses at 5–10 MB/s in a
//!   release build, so one second plus one per megabyte leaves any file
//!   under the size limit several times what it needs; broken code that
//!   sends tree-sitter into error recovery on every token is what it cuts.
//!
//! Whatever runs out, the caller reports the document as partially analysed
//! and the byte-level stages still see all of it.

use std::cell::Cell;
use std::time::{Duration, Instant};

/// CPython's tokenizer rejects brackets nested deeper than this (`MAXLEVEL`),
/// so a deeper Python statement is not valid code.
pub const MAX_PYTHON_NESTING: usize = 200;

/// Real Rust code nests a few dozen levels; generated code a few hundred at
/// most.
pub const MAX_RUST_NESTING: usize = 1000;

/// The fixed part of a document's time budget, plus this much per megabyte.
const BASE: Duration = Duration::from_secs(1);
const PER_MEGABYTE: Duration = Duration::from_secs(1);

thread_local! {
    /// The running document's deadline, and whether it was hit.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    static EXHAUSTED: Cell<bool> = const { Cell::new(false) };
}

/// The time budget of one document's syntax stage, active on this thread
/// until dropped. Parses outside any budget (the language server's own)
/// get one of their own.
pub struct Budget {
    outer: Option<Instant>,
}

impl Budget {
    pub fn start(len: usize) -> Budget {
        let outer = DEADLINE.replace(Some(deadline(len)));
        EXHAUSTED.set(false);
        Budget { outer }
    }

    /// Whether the deadline has passed (work was cancelled, or would be).
    pub fn exhausted(&self) -> bool {
        EXHAUSTED.get()
    }
}

impl Drop for Budget {
    fn drop(&mut self) {
        DEADLINE.set(self.outer);
    }
}

fn deadline(len: usize) -> Instant {
    Instant::now() + BASE + PER_MEGABYTE.mul_f64(len as f64 / 1e6)
}

/// The deadline for work on `len` bytes: the running budget's, if any.
pub fn current(len: usize) -> Instant {
    DEADLINE.get().unwrap_or_else(|| deadline(len))
}

/// Whether work should stop now; remembers that it did.
pub fn expired(deadline: Instant) -> bool {
    let expired = Instant::now() > deadline;
    if expired {
        EXHAUSTED.set(true);
    }
    expired
}

/// The deepest bracket nesting in `text`, counting every bracket (strings
/// and comments included: a cheap, conservative estimate of the syntax
/// tree's shape, taken before paying for the tree).
pub fn bracket_depth(text: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0;
    for &b in text.as_bytes() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}
