//! credlint: enforces a secrets-management policy where code is written.
//!
//! One engine with thin fronts. The engine is the `credlint_core` crate:
//! [`engine::check`] turns a [`Document`] and a resolved [`Config`] into
//! [`Finding`]s, with no I/O. This crate holds what surrounds it: the
//! [`workspace`] layer (configuration discovery, project root and facts,
//! walking, reading, git), shared by the two fronts — the command line
//! ([`cli`], with [`report`] for its formats) and the language server
//! ([`server`]).

pub mod cli;
pub mod report;
pub mod server;
pub mod workspace;

pub use credlint_core::{
    analyse, analyse_bytes, check, Analysis, Config, Document, Finding, Language, Severity,
    Suppressed,
};
pub use credlint_core::{
    config, document, engine, finding, incremental, lines, project, redact, rules, skip, suppress,
    syntax, versions,
};

/// Entry points for the fuzz targets (`fuzz/`) and the property tests: the
/// parsers of git's output and the language server's document store, which
/// the fronts keep private. Hidden from the documentation and not a stable
/// API; nothing else should use it.
#[doc(hidden)]
pub mod internals {
    pub use crate::server::document::TextDocument;
    pub use crate::workspace::git::{
        parse_added_lines, parse_raw_diff, read_batch, Blob, IndexEntry, Side,
    };
    /// One file name per kind of file the engine reads differently:
    /// languages, settings modules and tests, notebooks, quoted-only and
    /// plain text, the env template, workflows, credential files and
    /// documentation. The fuzz targets and property tests cover each.
    pub const FILE_KINDS: &[&str] = &[
        "app.py",
        "mcp_app_settings.py",
        "tests/test_app.py",
        "src/lib.rs",
        "src/config.rs",
        "analysis.ipynb",
        "config.yaml",
        "app.js",
        ".env.example",
        ".github/workflows/ci.yml",
        ".pgpass",
        "userlist.txt",
        "README.md",
    ];

    /// The LSP types [`TextDocument::apply`] takes, so callers need not pin
    /// a matching `lsp-types` themselves.
    pub use tower_lsp_server::lsp_types::{Position, Range, TextDocumentContentChangeEvent};
}
