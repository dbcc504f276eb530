//! The threads the server analyses and parses on: a fixed few, as many as
//! the machine has cores (at most [`MAX_THREADS`]), kept for the session.
//!
//! tokio's blocking pool grows a thread for every task waiting, so opening
//! a workspace's worth of files at once started a dozen or more threads,
//! each with its own allocator arena, parsers and per-thread memos of the
//! statements it read (see `credlint_core::syntax`), and each holding on to
//! memory the others could have reused. On a fixed pool that memory is
//! bounded by the number of cores, and a statement read once is remembered
//! where the next analysis runs. Work that reads files or runs git stays on
//! tokio's blocking pool: it waits rather than computes.

use std::sync::LazyLock;

/// At most this many analysis threads, however many cores.
const MAX_THREADS: usize = 4;

static POOL: LazyLock<rayon::ThreadPool> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    rayon::ThreadPoolBuilder::new()
        .num_threads(cores.clamp(1, MAX_THREADS))
        .thread_name(|i| format!("credlint-analysis-{i}"))
        .build()
        .expect("the analysis threads start")
});

/// Runs `work` on the pool and waits for its result without blocking the
/// caller's thread. `None` when `work` panicked (the panic is caught: one
/// hostile buffer must not end the session).
pub async fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    POOL.spawn(move || {
        if let Ok(result) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
            let _ = sender.send(result);
        }
    });
    receiver.await.ok()
}

#[cfg(test)]
mod tests {
    /// Work runs on the pool's threads, a fixed few, and a panic costs only
    /// its own result.
    #[tokio::test]
    async fn work_runs_on_a_fixed_few_threads_and_survives_panics() {
        let mut names = std::collections::HashSet::new();
        for _ in 0..64 {
            let name = super::run(|| std::thread::current().name().map(str::to_owned))
                .await
                .flatten()
                .unwrap();
            assert!(name.starts_with("credlint-analysis-"), "{name}");
            names.insert(name);
        }
        assert!(names.len() <= super::MAX_THREADS, "{names:?}");
        assert_eq!(super::run(|| -> u8 { panic!("hostile") }).await, None);
        assert_eq!(super::run(|| 7).await, Some(7));
    }
}
