//! The command-line front: arguments, and one module per subcommand.
//!
//! Exit codes follow ripgrep: 0 nothing found, 1 findings, 2 an error
//! (usage, configuration, or a file that could not be read; the other files
//! are still scanned and reported).

mod check;
mod rules;
mod walk;

use crate::report::Format;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "credlint",
    version,
    about = "Finds hardcoded secrets and direct environment reads, as your secrets policy forbids."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scan files and folders (default: the current folder).
    Check(CheckArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain {
        /// A rule id, such as `secret/hardcoded-credential`.
        rule: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to scan; `-` reads standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to a file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Use this configuration file instead of looking for one.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Ignore configuration files; use the defaults.
    #[arg(long, conflicts_with = "config")]
    isolated: bool,
    /// Run only these rules (ids or prefixes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Do not run these rules (ids or prefixes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Read one document from standard input, named NAME for languages,
    /// configuration and output.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// Apply `exclude` to files named on the command line too (as pre-commit passes them).
    #[arg(long)]
    force_exclude: bool,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Output format: a table, or JSON.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum RulesFormat {
    Text,
    Json,
    Markdown,
}

/// Runs the command line and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules(args) => rules::list(args.format),
        Command::Explain { rule } => rules::explain(&rule),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            // A closed pipe (`credlint check | head`) is not an error.
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("credlint: error: {error:#}");
            ExitCode::from(2)
        }
    }
}
