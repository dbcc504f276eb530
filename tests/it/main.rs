//! The integration tests: one binary, one module per area.
//!
//! CLI tests run the built `credlint` binary on temporary folders; fixture
//! tests run the engine over `fixtures/` and compare with what each file
//! declares.

mod architecture;
mod audit;
mod baseline;
mod cli;
mod common;
mod docs;
mod fixtures;
mod formats;
mod git;
mod history;
mod hostile;
mod import;
#[path = "../support/jsonrpc.rs"]
mod jsonrpc;
mod keystore;
mod leak_audit;
mod lsp;
mod lsp_fixes;
mod monorepo;
mod neovim;
mod policy_project;
mod precommit;
mod properties;
mod providers;
mod regressions;
mod reports;
mod sarif;
mod statements;
mod suppressions;
