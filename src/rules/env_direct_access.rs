//! `env/direct-access`: the environment read or written outside the settings module.

use super::{rule, Candidate};
use crate::syntax::EnvAccess;

rule! {
    /// ## What it does
    /// Finds reads and writes of the process environment outside the
    /// settings module. In Python: `os.environ` in any form (`[...]`, `.get`,
    /// `.setdefault`, `.copy()`, `in os.environ`, `dict(os.environ)`,
    /// assignment into it), `os.getenv`, `os.getenvb`, `os.putenv` and
    /// `os.unsetenv`, however `os` or its members were imported
    /// (`import os as o`, `from os import getenv as ge`). In Rust:
    /// `std::env::{var, var_os, vars, vars_os, set_var, remove_var}` through
    /// any `use` path, `dotenvy::var` and `dotenv::var`, and `env!` /
    /// `option_env!` of anything but Cargo's own compile-time variables.
    ///
    /// The settings module is configurable (`settings-modules`); by default
    /// `mcp_app_settings.py`, `settings.py`, `config.py`, and the `settings/`
    /// and `config/` packages in Python, `settings.rs`, `config.rs` and
    /// `build.rs` in Rust. Reads there are what the policy asks for.
    ///
    /// ## Why is this bad?
    /// The policy: "Access secrets in application code through a dedicated
    /// configuration module (e.g., `mcp_app_settings.py`) which loads from
    /// environment variables." Reads scattered through the code base cannot be
    /// audited, validated at start-up, or listed in `mcp_env.example`, and
    /// they tempt code to log or pass secrets around.
    ///
    /// ## Example
    /// ```python
    /// import os
    ///
    /// client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from mcp_app_settings import settings
    ///
    /// client = OpenAI(api_key=settings.OPENAI_API_KEY)
    /// ```
    ///
    /// ## How to fix
    /// Define the variable in the settings module (which reads the
    /// environment once, at start-up) and import it from there.
    pub static RULE = (
        "env/direct-access",
        Warning,
        "application code reads the environment only through the settings module",
        "Access via Configuration Layer: secrets are read through a dedicated configuration module"
    );
}

/// Reports every access; the engine calls this only outside the settings module.
pub fn check(accesses: &[EnvAccess], settings_module: &str, out: &mut Vec<Candidate>) {
    for access in accesses {
        let message = match &access.variable {
            Some(variable) => format!(
                "`{}` reads `{variable}` directly; read it through the settings module ({settings_module}) instead",
                access.api
            ),
            None => format!(
                "`{}` touches the environment directly; go through the settings module ({settings_module}) instead",
                access.api
            ),
        };
        out.push(Candidate {
            rule: RULE.id.to_owned(),
            severity: RULE.severity,
            span: access.span.clone(),
            secret: None,
            message,
            redacted: None,
            variable: access.variable.clone(),
            priority: 0,
        });
    }
}
