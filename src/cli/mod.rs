//! The command-line front: arguments, and one module per subcommand.
//!
//! Exit codes follow ripgrep: 0 nothing found, 1 findings, 2 an error
//! (usage, configuration, or a file that could not be read; the other files
//! are still scanned and reported). A closed output pipe (`credlint check |
//! head -1`) ends the report silently but never the verdict: the exit code
//! is still 1 when there are findings, so a pipeline with `pipefail` cannot
//! mistake a failing check for a passing one.

mod audit;
mod baseline;
mod check;
mod config;
mod history;
mod import;
mod replace;
mod rules;

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
    /// Scan the git history for secrets ever committed (default: every ref).
    ///
    /// Every blob the commits introduced is scanned once, and each finding
    /// names the commit that introduced it. Only the secret rules run: the
    /// environment, logging and policy rules judge today's code (`check`).
    History(HistoryArgs),
    /// Record the current findings in a baseline file, to report only new ones later.
    Baseline(BaselineArgs),
    /// The policy's Security Checklist for a project, item by item, with
    /// the evidence for each (exit 1 when a checkable item fails).
    ///
    /// Runs every rule of the policy (opt-in ones included) on today's
    /// files and the secret rules on the git history; lists the items no
    /// code can show as needing a human.
    Audit(AuditArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Run the language server on stdin/stdout (for editors).
    Lsp {
        /// Accepted for clients that pass it by convention: stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Show the configuration a file gets: its configuration file, project,
    /// how the defaults classify it, and which rules run on it.
    Config(ConfigArgs),
    /// Convert another scanner's configuration to credlint's: its rules and
    /// allowlists, with a list of what cannot be carried over.
    Import {
        /// The format of FILE (Betterleaks reads gitleaks' format).
        #[arg(value_enum)]
        from: ImportFormat,
        /// The configuration file to convert, such as `.gitleaks.toml`.
        file: PathBuf,
        /// Write to this new file instead of standard output (an existing
        /// file is never overwritten).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Print a rule's documentation.
    Explain {
        /// A rule id, such as `secret/hardcoded-credential`.
        rule: String,
    },
}

/// Configuration formats `credlint import` reads.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ImportFormat {
    Gitleaks,
    Betterleaks,
}

/// What to scan and with which configuration; shared by `check` and `baseline`.
#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Files or folders to scan; `-` reads standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
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
    /// Scan what is staged for commit (the index), not the working tree.
    #[arg(long, conflicts_with = "stdin_filename")]
    staged: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    scan: ScanArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to a file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Report only findings on lines added or changed since REV (from its
    /// merge base with HEAD), e.g. `origin/main`.
    #[arg(long, value_name = "REV")]
    diff: Option<String>,
    /// Do not report findings recorded in this baseline (credlint's, or
    /// detect-secrets' `.secrets.baseline`).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Rewrite the baseline, dropping entries that no longer occur. Not
    /// with standard input: what it held says nothing of the file on disk.
    #[arg(long, requires = "baseline", conflicts_with = "stdin_filename")]
    update_baseline: bool,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    exit_zero: bool,
    /// Print only the findings: no summary, no notes but those of files
    /// analysed in part (and errors).
    #[arg(long, short)]
    quiet: bool,
    /// Remove unused `credlint: allow` comments (only the comments: code is
    /// never touched), then report what remains.
    #[arg(long, conflicts_with_all = ["diff", "staged", "stdin_filename"])]
    fix: bool,
    /// Print how many findings each rule has instead of the findings (text or JSON).
    #[arg(long)]
    statistics: bool,
    /// Also list the findings that suppression comments silenced, with their reasons.
    #[arg(long)]
    show_suppressed: bool,
}

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// Revisions as `git log` takes them (`main`, `v1.0..HEAD`, `^old new`);
    /// default: every ref (`--all`). Never read as options.
    #[arg(value_name = "REV-RANGE")]
    revs: Vec<String>,
    /// Only commits not reachable from REV (CI on a branch: `--since
    /// origin/main`); without REV-RANGE, those reachable from HEAD.
    #[arg(long, value_name = "REV")]
    since: Option<String>,
    /// Over every ref, also read the commits only the reflogs reach: older
    /// stash entries, commits amended or reset away (local objects a push
    /// does not send, but every copy of `.git` holds).
    #[arg(long, conflicts_with_all = ["revs", "since"])]
    reflog: bool,
    /// Use this configuration file instead of looking for one.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Ignore configuration files; use the defaults.
    #[arg(long, conflicts_with = "config")]
    isolated: bool,
    /// Run only these secret rules (ids or prefixes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Do not run these rules (ids or prefixes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to a file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Do not report findings recorded in this baseline (credlint's,
    /// detect-secrets' or a `.gitleaksignore`).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    exit_zero: bool,
    /// Print only the findings: no summary, no notes but those of files
    /// analysed in part (and errors).
    #[arg(long, short)]
    quiet: bool,
    /// Analyse every version of a file whole. By default a version is
    /// analysed only when a line it adds (or the two before one) holds
    /// something a secret rule starts from; this also finds a secret whose
    /// verdict changed with nothing added (a deleted suppression comment).
    #[arg(long)]
    every_version: bool,
}

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// The project to audit.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Use this configuration file instead of looking for one.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Ignore configuration files; use the defaults.
    #[arg(long, conflicts_with = "config")]
    isolated: bool,
    /// Do not read the git history (secrets and `.env` files committed and
    /// deleted since then go unseen).
    #[arg(long)]
    no_history: bool,
    /// Output format: text, Markdown (a pull-request comment,
    /// `$GITHUB_STEP_SUMMARY`) or JSON.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
}

#[derive(Debug, clap::Args)]
pub struct BaselineArgs {
    #[command(flatten)]
    scan: ScanArgs,
    /// Where to write the baseline.
    #[arg(long, short, default_value = ".credlint-baseline.json")]
    output: PathBuf,
    /// Accept only the findings a detect-secrets `.secrets.baseline` lists.
    #[arg(long, value_name = "FILE")]
    from_detect_secrets: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    #[command(flatten)]
    scan: ScanArgs,
    /// Output format: text, or JSON.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
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
    // A panic's message may quote the text being checked (a slice of a
    // line that holds a secret): only where it happened is said. The file
    // it happened in is reported as not checked ([`check::scan_bytes`]);
    // the language server drops that one analysis.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map_or_else(String::new, |at| format!(" at {}:{}", at.file(), at.line()));
        say(format_args!(
            "credlint: internal error{at}; its message is withheld, since it may quote the checked text"
        ));
    }));
    let cli = Cli::parse();
    // Listings have no verdict: when their reader goes away (`credlint rules
    // | head`), they have nothing left to say. `check` handles a closed pipe
    // itself, and exits with its verdict.
    let listing = matches!(
        cli.command,
        Command::Rules(_) | Command::Explain { .. } | Command::Config(_)
    );
    let outcome = match cli.command {
        Command::Check(args) => check::run(args),
        Command::History(args) => history::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Baseline(args) => check::baseline(args),
        Command::Rules(args) => rules::list(args.format),
        Command::Config(args) => config::run(args),
        Command::Lsp { stdio: _ } => crate::server::run(),
        Command::Explain { rule } => rules::explain(&rule),
        Command::Import {
            from: ImportFormat::Gitleaks | ImportFormat::Betterleaks,
            file,
            output,
        } => import::run(&file, output.as_deref()),
    };
    match outcome {
        Ok(code) => code,
        Err(error) if listing && is_closed_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            say(format_args!("credlint: error: {error:#}"));
            ExitCode::from(2)
        }
    }
}

/// Whether `error` is a write to a pipe whose reader has gone.
fn is_closed_pipe(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Writes one line to standard error. Unlike `eprintln!`, it does not panic
/// when standard error is a closed pipe (`credlint check 2>&1 | head -1`):
/// the exit code still tells the outcome. Secrets in it are redacted as in
/// a path ([`crate::engine::redact_path`]): errors quote paths and other
/// programs' messages (git's) as they come.
fn say(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let line = line.to_string();
    let _ = writeln!(
        std::io::stderr().lock(),
        "{}",
        crate::engine::redact_path(&line)
    );
}
