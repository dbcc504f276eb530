//! credlint: enforces a secrets-management policy where code is written.
//!
//! The crate is one engine with thin fronts. [`engine::check`] turns a
//! [`Document`] and a resolved [`Config`] into [`Finding`]s; it performs no
//! I/O and does not know whether the command line or the language server
//! called it. Everything under [`cli`] and [`report`] is the command-line
//! front: walking the file system, reading files and printing findings.

pub mod cli;
pub mod config;
mod doc_examples;
pub mod document;
pub mod engine;
pub mod finding;
pub mod lines;
mod notebook;
pub mod project;
mod provenance;
pub mod redact;
pub mod report;
pub mod rules;
pub mod server;
pub mod skip;
mod suppress;
pub mod syntax;
mod value;

/// Entry points for the fuzz targets (`fuzz/`) and the property tests: the
/// parsers of git's output and the language server's document store, which
/// the fronts keep private. Hidden from the documentation and not a stable
/// API; nothing else should use it.
#[doc(hidden)]
pub mod internals {
    pub use crate::cli::git::{parse_added_lines, parse_raw_diff, read_batch, Blob, IndexEntry};
    pub use crate::server::document::TextDocument;
    /// The LSP types [`TextDocument::apply`] takes, so callers need not pin
    /// a matching `lsp-types` themselves.
    pub use tower_lsp_server::lsp_types::{Position, Range, TextDocumentContentChangeEvent};
}

pub use config::Config;
pub use document::{Document, Language};
pub use engine::{analyse, check, Analysis};
pub use finding::{Finding, Severity};
