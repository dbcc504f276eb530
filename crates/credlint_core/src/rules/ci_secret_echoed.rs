//! `ci/secret-echoed`: GitHub Actions steps that print or expose secrets.

use super::{rule, Candidate, Check, Input, Target};
use regex::Regex;
use std::collections::HashSet;
use std::path::Path;
use std::sync::LazyLock;

rule! {
    /// ## What it does
    /// Finds GitHub Actions workflow steps (`.github/workflows/*.yml`) whose
    /// `run:` script prints a secret (`echo ${{ secrets.TOKEN }}`, or
    /// `echo "$TOKEN"` where `TOKEN` is bound from `secrets` in an `env:`),
    /// turns on shell tracing (`set -x`) while secrets are in the
    /// environment, or passes a secret as a command-line argument.
    ///
    /// ## Why is this bad?
    /// The policy: "Ensure secrets are never printed to build logs." GitHub
    /// masks a secret's exact value in logs, but not encoded, split or
    /// transformed forms of it, and `set -x` prints every expanded command.
    /// Arguments are visible to every process on the runner (`ps`), and in
    /// error messages of the tools that receive them.
    ///
    /// ## Example
    /// ```yaml
    /// - run: curl -H "Authorization: Bearer ${{ secrets.API_TOKEN }}" https://api.example.com
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// - run: curl -H "Authorization: Bearer $API_TOKEN" https://api.example.com
    ///   env:
    ///     API_TOKEN: ${{ secrets.API_TOKEN }}
    /// ```
    ///
    /// ## How to fix
    /// Bind secrets to step `env:` variables, pass them to tools through the
    /// environment or stdin (`--password-stdin`), never echo them, and keep
    /// `set -x` out of steps that see secrets.
    pub static RULE = (
        "ci/secret-echoed",
        Error,
        "secrets never reach build logs or command lines",
        "CI/CD: secrets are injected as environment variables and never printed to build logs",
        fix: "bind the secret to the step's `env:` and pass it through the environment or stdin, never echo it; if it is not a secret, add {allow}",
        checks: &[Check { on: Target::Text, needs: &[], run }],
    );
}

fn run(input: &Input, out: &mut Vec<Candidate>) {
    if is_workflow(&input.doc.path) {
        check(&input.doc.text, out);
    }
}

/// Whether a path is a GitHub Actions workflow.
pub fn is_workflow(path: &Path) -> bool {
    let shown = path.to_string_lossy().replace('\\', "/");
    shown.contains(".github/workflows/") && (shown.ends_with(".yml") || shown.ends_with(".yaml"))
}

static SECRET_ENV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*.*\$\{\{\s*secrets\.").expect("valid regex")
});
static RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\s*(?:-\s+)?)run\s*:\s*(.*)$").expect("valid regex"));
static SECRET_EXPRESSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{\{\s*secrets\.[A-Za-z0-9_]+\s*\}\}").expect("valid regex"));
static PRINTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[;&|(]\s*|\s)(?:echo|printf|print|write-host|write-output|cat\s*<<<)\b")
        .expect("valid regex")
});
static TRACING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bset\s+(?:-[a-wyz]*x[a-z]*|-o\s+xtrace)\b|\bbash\s+-x\b").expect("valid regex")
});

fn check(text: &str, out: &mut Vec<Candidate>) {
    let secret_vars: HashSet<&str> = text
        .lines()
        .filter_map(|l| {
            SECRET_ENV
                .captures(l)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str())
        })
        .collect();
    let mut offset = 0;
    let mut script_indent: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start().len();
        let script = match (RUN.captures(content), script_indent) {
            (Some(caps), _) => {
                let rest = caps.get(2).map_or("", |m| m.as_str());
                let key_indent = caps.get(1).map_or(0, |m| m.as_str().len());
                if rest.starts_with('|') || rest.starts_with('>') {
                    script_indent = Some(key_indent);
                    continue;
                }
                script_indent = None;
                Some((rest, start + caps.get(2).map_or(0, |m| m.start())))
            }
            (None, Some(key_indent)) if indent > key_indent || content.trim().is_empty() => {
                Some((content, start))
            }
            _ => {
                script_indent = None;
                None
            }
        };
        let Some((script, script_start)) = script else {
            continue;
        };
        if let Some(finding) = judge(script, &secret_vars) {
            let (range, message) = finding;
            out.push(Candidate {
                rule: RULE.id.to_owned(),
                severity: RULE.severity,
                span: script_start + range.start..script_start + range.end,
                secret: None,
                message,
                redacted: None,
                variable: None,
                priority: 0,
            });
        }
    }
}

/// What is wrong with one script line, if anything.
fn judge(script: &str, secret_vars: &HashSet<&str>) -> Option<(std::ops::Range<usize>, String)> {
    let reference = SECRET_EXPRESSION
        .find(script)
        .map(|m| m.range())
        .or_else(|| {
            secret_vars.iter().find_map(|var| {
                [format!("${{{var}}}"), format!("${var}")]
                    .iter()
                    .find_map(|form| script.find(form.as_str()).map(|at| at..at + form.len()))
            })
        });
    // `echo "$TOKEN" | docker login --password-stdin` feeds a program, not the log.
    let piped = script.contains('|') && !script.contains("||");
    if PRINTS.is_match(script) && !piped {
        // `echo "::add-mask::$TOKEN"` tells the runner to hide the value in
        // the log (see `syntax::labels_a_mask`); the runner shows nothing.
        if let Some(range) = reference.filter(|r| {
            !crate::syntax::labels_a_mask(script[..r.start].trim_end_matches(['"', '\'']))
        }) {
            return Some((range, "prints a secret into the build log".to_owned()));
        }
    }
    if let Some(m) = TRACING.find(script) {
        if !secret_vars.is_empty() {
            return Some((
                m.range(),
                "turns on shell tracing while secrets are in the environment".to_owned(),
            ));
        }
    }
    SECRET_EXPRESSION.find(script).map(|m| {
        (m.range(), "passes a secret on the command line, where process lists and error messages show it; bind it in `env:`".to_owned())
    })
}
