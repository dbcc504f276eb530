//! `env/undocumented-variable`: the settings module reads a variable the env template lacks.

use super::{rule, Candidate, Check, Fact, Input, Place, Target};
use crate::syntax::{EnvAccess, EnvKind};
use std::collections::BTreeMap;
use std::path::Path;

rule! {
    /// ## What it does
    /// Finds environment variables that the settings module reads by name
    /// (`os.environ["X"]`, `os.getenv("X", "default")`, `std::env::var("X")`)
    /// but that the env template (`mcp_env.example`, `.env.example`, …)
    /// does not list. The finding points at the read and names the template.
    /// It applies when the project's root holds an env template (or when
    /// `extend-select = ["env"]` asks for it).
    ///
    /// ## Why is this bad?
    /// The policy: "Always update `mcp_env.example` when adding new required
    /// environment variables." A variable missing from the template is one a
    /// new developer or a CI job does not know to set, found only when the
    /// application fails, or silently runs with a default.
    ///
    /// ## Example
    /// ```python
    /// # mcp_app_settings.py
    /// STRIPE_API_KEY = os.environ["STRIPE_API_KEY"]   # not in mcp_env.example
    /// ```
    ///
    /// Use instead:
    /// ```sh
    /// # mcp_env.example
    /// STRIPE_API_KEY=your-stripe-api-key-here
    /// ```
    ///
    /// ## How to fix
    /// Add the variable to the template with a placeholder value.
    pub static RULE = (
        "env/undocumented-variable",
        Warning,
        "every variable the settings module reads is listed in the env template",
        "Always update `mcp_env.example` when adding new required environment variables",
        activation: crate::rules::Activation::OptIn(Some(crate::rules::PolicyFile::Template)),
        fix: "add {variable} to `{template}` with a placeholder value, or add {allow}",
        checks: &[Check {
            on: Target::Code(Place::SettingsModule),
            needs: &[Fact::Template, Fact::Environment],
            run,
        }],
    );
}

/// The settings module's reads, and the fields of its pydantic-settings
/// classes, which read the variable of their own name.
fn run(input: &Input, out: &mut Vec<Candidate>) {
    let Some((template, entries)) = input.project.and_then(|p| p.template.as_ref()) else {
        return;
    };
    check(&input.facts.env, template, entries, out);
    let fields = crate::syntax::python_settings_class_fields(input.doc);
    check(&fields, template, entries, out);
}

pub fn check(
    accesses: &[EnvAccess],
    template: &Path,
    entries: &BTreeMap<String, usize>,
    out: &mut Vec<Candidate>,
) {
    let file = template
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("the env template");
    for access in accesses {
        // Setting a variable does not need it in the template; reading does.
        let Some(variable) = access
            .variable
            .as_ref()
            .filter(|_| access.kind == EnvKind::Read)
        else {
            continue;
        };
        if entries.contains_key(variable) {
            continue;
        }
        out.push(Candidate {
            rule: RULE.id.to_owned(),
            severity: RULE.severity,
            span: access.span.clone(),
            secret: None,
            message: format!("`{variable}` is read here but `{file}` does not list it"),
            redacted: None,
            variable: Some(variable.clone()),
            priority: 0,
        });
    }
}
