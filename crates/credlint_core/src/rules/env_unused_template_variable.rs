//! `env/unused-template-variable`: a template entry that no settings module reads.

use super::{rule, Candidate, Check, Fact, Input, Target};
use std::collections::BTreeMap;

rule! {
    /// ## What it does
    /// Finds entries of the env template that no settings module reads by
    /// name. A hint, not an error: the variable may be read by a tool
    /// outside the code (a Docker entrypoint, a CI step). It applies when the
    /// project's root holds an env template (or when `extend-select =
    /// ["env"]` asks for it). An entry that other Python or Rust code of
    /// the project names in a string literal (`os.environ["X"]` outside the
    /// settings module) is not reported: that read is
    /// `env/direct-access`'s finding, and the entry is needed. A project
    /// whose Rust code deserialises the environment with envy
    /// (`envy::from_env()`, `envy::prefixed("APP_").from_env()`) reads its
    /// variables by a struct's field names, which the rule does not follow:
    /// there, every entry counts as read.
    ///
    /// ## Why is this bad?
    /// A stale entry asks every developer to obtain and store a secret that
    /// nothing uses: needless exposure, and a template that stops being a
    /// reliable list of what the application needs.
    ///
    /// ## Example
    /// ```sh
    /// # mcp_env.example
    /// LEGACY_API_TOKEN=your-legacy-token-here   # read nowhere
    /// ```
    ///
    /// ## How to fix
    /// Remove the entry, or read the variable in the settings module if the
    /// application needs it.
    pub static RULE = (
        "env/unused-template-variable",
        Hint,
        "the env template lists only what the settings module reads",
        "`mcp_env.example` provides a template of all required environment variables",
        activation: crate::rules::Activation::OptIn(Some(crate::rules::PolicyFile::Template)),
        fix: "remove {variable} from `{template}`, or read it in the settings module ({settings}) if the application needs it",
        checks: &[Check { on: Target::Project, needs: &[Fact::Template], run }],
    );
}

/// On the template itself, once the project is known to have a settings
/// module whose reads it can be compared with.
fn run(input: &Input, out: &mut Vec<Candidate>) {
    let Some(project) = input.project else {
        return;
    };
    if let Some((template, entries)) = &project.template {
        if *template == input.doc.path && project.has_settings_module {
            let used = |name: &str| {
                project.settings_reads.contains(name) || project.named_elsewhere.contains(name)
            };
            check(&input.doc.text, entries, used, out);
        }
    }
}

fn check(
    text: &str,
    entries: &BTreeMap<String, usize>,
    used: impl Fn(&str) -> bool,
    out: &mut Vec<Candidate>,
) {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    for (name, line) in entries {
        if used(name) {
            continue;
        }
        let Some(&start) = line_starts.get(line - 1) else {
            continue;
        };
        let at = text[start..]
            .find(name.as_str())
            .map_or(start, |i| start + i);
        out.push(Candidate {
            rule: RULE.id.to_owned(),
            severity: RULE.severity,
            span: at..at + name.len(),
            secret: None,
            message: format!("`{name}` is listed but no settings module reads it"),
            redacted: None,
            variable: Some(name.clone()),
            priority: 0,
        });
    }
}
