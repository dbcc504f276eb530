//! credlint's engine: [`engine::check`] turns a [`Document`] and a resolved
//! [`Config`] into [`Finding`]s.
//!
//! This crate is pure: it reads no files, runs no programs, reads no
//! environment and opens no sockets (`clippy.toml` here forbids the std APIs
//! that would). Whatever a rule needs from outside the document — the
//! configuration file's text, the env template's entries, git's view of
//! `.env` files — the `credlint` crate's workspace layer gathers and hands
//! over inside [`Config`]. Both fronts (the command line and the language
//! server) call the same [`engine::analyse`] on the same [`Document`]; no
//! rule knows which front called it.

mod comments;
pub mod config;
mod doc_examples;
pub mod document;
mod embedded;
pub mod encoding;
pub mod engine;
pub mod finding;
pub mod incremental;
pub mod lines;
mod notebook;
pub mod project;
mod provenance;
pub mod redact;
pub mod rules;
pub mod skip;
pub mod suppress;
pub mod syntax;
mod value;
pub mod versions;

pub use config::{Config, ConfigSource};
pub use document::{Document, Language};
pub use engine::{analyse, analyse_bytes, check, Analysis};
pub use finding::{Finding, Severity, Suppressed};

#[cfg(test)]
mod testing {
    /// A small deterministic generator for generated-input tests: each call
    /// gives a number below its bound (so a failure names its seed).
    pub fn generator(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |bound| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % bound.max(1) as u64) as usize
        }
    }

    /// The text of every UTF-8 file under the repository's `fixtures/`.
    #[allow(
        clippy::disallowed_methods,
        reason = "a test reads the repository's fixtures"
    )]
    pub fn fixture_texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let mut folders = vec![root];
        let mut texts = Vec::new();
        while let Some(folder) = folders.pop() {
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    texts.push(text);
                }
            }
        }
        texts
    }
}
