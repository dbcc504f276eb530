//! How much work the syntax stage may do on one document.
//!
//! Hostile or broken input can make tree-sitter super-linear: thousands of
//! unclosed brackets leave one error node with as many children, and every
//! step of a query over it scans the later siblings. Two budgets keep a
//! document's cost bounded:
//!
//! - a nesting budget, checked before parsing: a Python statement nested
//!   deeper than CPython's own limit or longer than [`MAX_PYTHON_STATEMENT`],
//!   or a Rust file nested deeper than [`MAX_RUST_NESTING`], is not parsed
//!   at all (deterministic, and what the known pathological inputs hit);
//! - a work budget, as a backstop for shapes nobody has thought of:
//!   tree-sitter calls the progress callbacks of parsing and query runs
//!   every hundred or so steps of work, and the document's work stops once
//!   it has used [`BASE_TICKS`] plus [`TICKS_PER_KILOBYTE`] per kilobyte of
//!   such calls. Counting work instead of reading a clock keeps the answer
//!   the same on a loaded CI machine, in the editor and at `git commit`;
//!   normal code uses a small fraction of the budget (measured on the
//!   CPython standard library and crates.io sources: under 2%; pinned by
//!   the test below),
//!   broken code that sends tree-sitter into error recovery on every token
//!   is what it cuts.
//!
//! Whatever runs out, the caller reports the document as partially analysed
//! and the byte-level stages still see all of it.
//!
//! A front can also give up on the work it asked for: while a
//! [`Cancellation`] is in force on a thread (see [`cancel_on`]), a parse
//! there stops at its next progress call once the flag is raised, as if
//! its budget had run out. The language server raises it when a newer
//! version of a document is analysed: the older analysis's result would
//! be dropped anyway, and its parse (a fresh parse of a broken 10,000-line
//! Rust file takes tens of milliseconds) holds a core the newer one needs.
//! Only parses stop, not the walks of a tree already parsed, and the
//! work left undone is marked as a budget run out, so nothing a cancelled
//! analysis found is remembered for the next one (see `memoised`).

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// CPython's tokenizer rejects brackets nested deeper than this (`MAXLEVEL`),
/// so a deeper Python statement is not valid code.
pub const MAX_PYTHON_NESTING: usize = 200;

/// The longest Python statement parsed. Tree-sitter's error recovery over
/// one long broken statement (a megabyte of `"key": "value"` pairs or list
/// items without commas) is quadratic, inside steps the work budget counts
/// as one: 100 KB of it took a second, 400 KB half a minute, 1 MB more than
/// two. A statement this long is data, not code a person wrote; it is left
/// unparsed like a too-deep one, and the file reported as partially
/// analysed.
pub const MAX_PYTHON_STATEMENT: usize = 64 * 1024;

/// Real Rust code nests a few dozen levels; generated code a few hundred at
/// most.
pub const MAX_RUST_NESTING: usize = 1000;

/// The fixed part of a document's work budget, in progress-callback calls,
/// plus this many per kilobyte of the document.
const BASE_TICKS: u64 = 10_000;
const TICKS_PER_KILOBYTE: u64 = 500;

thread_local! {
    /// The running document's budget: calls allowed, calls made, whether it ran out.
    static LIMIT: Cell<Option<u64>> = const { Cell::new(None) };
    static USED: Cell<u64> = const { Cell::new(0) };
    static EXHAUSTED: Cell<bool> = const { Cell::new(false) };
    /// The flag that cancels this thread's parses (see [`cancel_on`]).
    static CANCEL: RefCell<Option<Arc<AtomicBool>>> = const { RefCell::new(None) };
}

/// Parses on this thread stop once `flag` is raised, until the returned
/// guard is dropped (see the module's documentation).
pub fn cancel_on(flag: Arc<AtomicBool>) -> Cancellation {
    Cancellation {
        outer: CANCEL.replace(Some(flag)),
    }
}

/// A cancellation flag in force on this thread (see [`cancel_on`]); the
/// one before it is back in force once it is dropped.
pub struct Cancellation {
    outer: Option<Arc<AtomicBool>>,
}

impl Drop for Cancellation {
    fn drop(&mut self) {
        CANCEL.set(self.outer.take());
    }
}

/// Whether this thread's work was cancelled (see [`cancel_on`]); if so,
/// the running budget counts as run out.
pub fn cancelled() -> bool {
    let cancelled =
        CANCEL.with_borrow(|flag| flag.as_ref().is_some_and(|f| f.load(Ordering::Relaxed)));
    if cancelled {
        EXHAUSTED.set(true);
    }
    cancelled
}

/// The work budget of one document's syntax stage, active on this thread
/// until dropped. Parses outside any budget (the language server's own)
/// get one of their own.
pub struct Budget {
    outer: Option<u64>,
    outer_used: u64,
}

impl Budget {
    pub fn start(len: usize) -> Budget {
        let outer = LIMIT.replace(Some(limit(len)));
        let outer_used = USED.replace(0);
        EXHAUSTED.set(false);
        Budget { outer, outer_used }
    }

    /// Whether the budget ran out (work was cancelled).
    pub fn exhausted(&self) -> bool {
        EXHAUSTED.get()
    }
}

impl Drop for Budget {
    fn drop(&mut self) {
        LIMIT.set(self.outer);
        USED.set(self.outer_used);
    }
}

/// Starts the current budget afresh: what a cheaper way of analysing the
/// document spent before giving up is not charged to the way that replaces it.
pub fn reset() {
    USED.set(0);
    EXHAUSTED.set(false);
}

/// Whether the current budget has run out.
pub fn is_exhausted() -> bool {
    EXHAUSTED.get()
}

/// The ticks used so far under the current budget.
pub fn used() -> u64 {
    USED.get()
}

/// Spends `ticks` that a cached result cost when it was computed, as
/// computing it again would: `false`, spending nothing, when they would
/// take the budget over its limit (the caller then computes it, and runs
/// out where it would have).
pub fn charge(ticks: u64) -> bool {
    let Some(limit) = LIMIT.get() else {
        return true;
    };
    let used = USED.get() + ticks;
    if used > limit {
        return false;
    }
    USED.set(used);
    true
}

/// Whether `ticks` more fit in the current budget (any do outside one).
pub fn has_room(ticks: u64) -> bool {
    LIMIT.get().is_none_or(|limit| USED.get() + ticks <= limit)
}

fn limit(len: usize) -> u64 {
    BASE_TICKS + TICKS_PER_KILOBYTE * (len as u64).div_ceil(1024)
}

/// A progress callback for work on `len` bytes: it counts against the
/// running budget, or against a budget of its own outside one, and says
/// when to stop.
pub fn meter(len: usize) -> impl FnMut() -> bool {
    let own = LIMIT.get().is_none().then(|| limit(len));
    let mut own_used = 0u64;
    move || match own {
        Some(limit) => {
            own_used += 1;
            own_used > limit
        }
        None => {
            let used = USED.get() + 1;
            USED.set(used);
            let out = LIMIT.get().is_some_and(|limit| used > limit);
            if out {
                EXHAUSTED.set(true);
            }
            out
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Language;

    /// Normal code, parsed and queried, stays far inside its budget: the
    /// budget only ever cuts broken or hostile input.
    #[test]
    fn normal_code_uses_a_small_part_of_its_budget() {
        for (language, text) in [
            (Language::Rust, include_str!("rust.rs")),
            (Language::Rust, include_str!("../engine.rs")),
            (
                Language::Python,
                include_str!("../../../../fixtures/bait/auth_views.py"),
            ),
        ] {
            let budget = Budget::start(text.len());
            assert!(crate::syntax::parse(language, text, None).is_some());
            assert!(!budget.exhausted());
            assert!(USED.get() * 10 < limit(text.len()), "{}", USED.get());
        }
    }

    /// A parse under a raised cancellation flag stops, and counts as a
    /// budget run out; once the guard is dropped, parses run again.
    #[test]
    fn a_cancelled_parse_stops_and_counts_as_run_out() {
        let text = include_str!("rust.rs");
        let flag = Arc::new(AtomicBool::new(false));
        {
            let _cancellation = cancel_on(Arc::clone(&flag));
            let budget = Budget::start(text.len());
            assert!(crate::syntax::parse(Language::Rust, text, None).is_some());
            assert!(!budget.exhausted());
            flag.store(true, Ordering::Relaxed);
            assert!(crate::syntax::parse(Language::Rust, text, None).is_none());
            assert!(budget.exhausted());
        }
        let budget = Budget::start(text.len());
        assert!(crate::syntax::parse(Language::Rust, text, None).is_some());
        assert!(!budget.exhausted());
    }
}
