//! Where this layer's blocking work (the file system, git, walks) may run.
//!
//! A front that holds a lock other work waits on (the language server's
//! session lock: every notification and request takes it) marks its thread
//! with [`forbid`] for as long as it holds the lock. Every function of this
//! layer that touches the file system or runs a program calls [`check`]
//! first, and in debug builds (every test run) that panics on a marked
//! thread: a slow disk or a slow git must never stall the editor's other
//! documents, and a change that makes it do so fails the tests rather than
//! waiting for a slow disk to show it.

use std::cell::Cell;
use std::marker::PhantomData;

thread_local! {
    /// How many [`Forbidden`] marks this thread holds.
    static FORBIDDEN: Cell<u32> = const { Cell::new(0) };
}

/// A mark on the current thread: no blocking I/O of this layer while it
/// lives. It cannot leave its thread (it is neither `Send` nor `Sync`), so
/// it always unmarks the thread it marked, and a future that holds one
/// across an `.await` is not `Send` (as `tokio::spawn` and tower-lsp's
/// handlers require).
#[must_use = "the thread is only marked while the mark lives"]
pub struct Forbidden {
    _not_send: PhantomData<*const ()>,
}

/// Marks the current thread until the returned value is dropped.
pub fn forbid() -> Forbidden {
    FORBIDDEN.with(|f| f.set(f.get() + 1));
    Forbidden {
        _not_send: PhantomData,
    }
}

impl Drop for Forbidden {
    fn drop(&mut self) {
        FORBIDDEN.with(|f| f.set(f.get().saturating_sub(1)));
    }
}

/// Whether the current thread is marked.
pub fn forbidden() -> bool {
    FORBIDDEN.with(Cell::get) > 0
}

/// Called before blocking I/O; `what` names it for the panic message.
/// Panics, in debug builds, on a thread marked by [`forbid`].
#[track_caller]
pub fn check(what: &str) {
    if cfg!(debug_assertions) && forbidden() {
        panic!("blocking I/O ({what}) on a thread that holds a lock other work waits on");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_nest_and_end_with_their_scope() {
        assert!(!forbidden());
        let outer = forbid();
        let inner = forbid();
        drop(inner);
        assert!(forbidden());
        drop(outer);
        assert!(!forbidden());
        check("nothing marked: allowed");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "blocking I/O (looking for configuration files)")]
    fn io_on_a_marked_thread_panics() {
        let _mark = forbid();
        let _ = super::super::find(std::path::Path::new("."));
    }
}
