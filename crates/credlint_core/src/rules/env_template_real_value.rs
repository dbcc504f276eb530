//! `env/template-real-value`: a real-looking value in the env template.

use super::{rule, Candidate, Check, Input, Target};
use crate::project::TEMPLATE_NAMES;
use std::path::Path;

rule! {
    /// ## What it does
    /// Finds entries of the environment template (`mcp_env.example`,
    /// `.env.example`, `env.example`, `.env.template`, `.env.sample`) whose
    /// value looks like a real secret rather than a placeholder. The secret
    /// rules decide what looks real, so the template is held to the same
    /// standard as code. It applies when the project's root holds an env
    /// template (or when `extend-select = ["env"]` asks for it).
    ///
    /// ## Why is this bad?
    /// The template is committed and copied into every developer's `.env`.
    /// The policy: "`mcp_env.example` provides a template of all required
    /// environment variables", with placeholder values only; a real value in
    /// it is a hardcoded secret in version control.
    ///
    /// ## Example
    /// ```sh
    /// OPENAI_API_KEY=sk-proj-…
    /// ```
    ///
    /// Use instead:
    /// ```sh
    /// OPENAI_API_KEY=your-openai-api-key-here
    /// ```
    ///
    /// ## How to fix
    /// Rotate the value, replace it with a placeholder, and keep the real one
    /// in your untracked `.env`.
    pub static RULE = (
        "env/template-real-value",
        Error,
        "environment templates hold placeholders only",
        "Use `mcp_env.example`: a template of the required variables (placeholders, not values)",
        activation: crate::rules::Activation::OptIn(Some(crate::rules::PolicyFile::Template)),
        fix: "rotate the value and replace it with a placeholder, keeping the real one in your untracked `.env`; if it is a placeholder, add {allow}",
        checks: &[Check { on: Target::Text, needs: &[], run }],
    );
}

/// A template's secrets are the ones the secret rules' checks, which run
/// before this one, found in it.
fn run(input: &Input, out: &mut Vec<Candidate>) {
    if is_template(&input.doc.path) {
        check(&input.doc.path, &input.doc.text, out);
    }
}

pub fn is_template(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| TEMPLATE_NAMES.contains(&n))
}

/// Adds a template finding for every secret found in a template file.
pub fn check(path: &Path, text: &str, out: &mut Vec<Candidate>) {
    let file = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("the template");
    let secrets: Vec<(std::ops::Range<usize>, Option<String>)> = out
        .iter()
        .filter(|c| c.secret.is_some())
        .map(|c| (c.span.clone(), c.redacted.clone()))
        .collect();
    for (span, redacted) in secrets {
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let key = text[line_start..span.start]
            .split(['=', ':'])
            .next()
            .unwrap_or("")
            .trim();
        let key = key.trim_start_matches("export ").trim_matches(['"', '\'']);
        out.push(Candidate {
            rule: RULE.id.to_owned(),
            severity: RULE.severity,
            span,
            secret: None,
            message: format!(
                "`{file}` should hold a placeholder for `{key}`, not a real value `{}`",
                redacted.unwrap_or_default()
            ),
            redacted: None,
            variable: (!key.is_empty()).then(|| key.to_owned()),
            priority: 0,
        });
    }
}
