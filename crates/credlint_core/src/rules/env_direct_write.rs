//! `env/direct-write`: the environment changed outside the settings module (opt-in).

use super::env_direct_access::candidate;
use super::{rule, Candidate, Check, Fact, Input, Place, Target};
use crate::syntax::{EnvAccess, EnvKind};
use std::path::Path;

rule! {
    /// ## What it does
    /// Finds changes to the process environment outside the settings
    /// module: in Python `os.environ["X"] = …`, `os.environ.update(…)`, a
    /// `setdefault` or `pop` whose result is unused, `del os.environ[…]`,
    /// `os.environ.clear()`, `mock.patch.dict(os.environ, …)`, `os.putenv`
    /// and `os.unsetenv`; in Rust `std::env::set_var` and `remove_var`.
    ///
    /// It is opt-in (`extend-select = ["env/direct-write"]`). The policy
    /// governs how code *reads* secrets, and a write puts no secret into
    /// the code: it prepares the environment for a child process or a
    /// library that reads it. So `env/direct-access` reports reads only,
    /// and this rule is for projects that also want every change to the
    /// process-wide environment in one place (it is shared by all threads;
    /// Rust 2024 makes `set_var` `unsafe` for that reason).
    ///
    /// Exempt like `env/direct-access`: the settings modules, test paths
    /// (`test-paths`) and Rust test-only code. Also exempt is the one
    /// statement Django generates in its entry points, `manage.py`,
    /// `wsgi.py` and `asgi.py`:
    /// `os.environ.setdefault("DJANGO_SETTINGS_MODULE", …)`, which is how
    /// Django finds its settings module; anything else in those files is
    /// reported.
    ///
    /// ## Why is this bad?
    /// The policy: "Access secrets in application code through a dedicated
    /// configuration module". A variable set in one corner of the code and
    /// read in another (by a library, a subprocess) is configuration that
    /// the settings module does not list, validate or document.
    ///
    /// ## Example
    /// ```python
    /// import os
    ///
    /// os.environ["AWS_DEFAULT_REGION"] = region
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import boto3
    ///
    /// client = boto3.client("s3", region_name=settings.AWS_REGION)
    /// ```
    ///
    /// ## How to fix
    /// Pass the value explicitly (an argument, a child process's `env=`),
    /// or set it in the settings module at start-up.
    pub static RULE = (
        "env/direct-write",
        Warning,
        "application code changes the environment only in the settings module",
        "Access via Configuration Layer: secrets are read through a dedicated configuration module",
        activation: crate::rules::Activation::OptIn(None),
        exemption: crate::rules::Exemption::TestPaths,
        fix: "pass the value to what needs it (an argument, a child process's `env`), or make the change in the settings module ({settings}); if this file is part of it, add it to `settings-modules`, or add {allow}",
        checks: &[Check {
            on: Target::Code(Place::OutsideSettingsModule),
            needs: &[Fact::Environment],
            run,
        }],
    );
}

fn run(input: &Input, out: &mut Vec<Candidate>) {
    if let Some(settings) = super::env_direct_access::settings_module(input) {
        let path = &input.doc.path;
        check(&input.facts.env, path, &settings, input.exempt_tests, out);
    }
}

/// Django's entry points, whose generated `setdefault` of its settings
/// variable is the one write they are expected to hold.
const DJANGO_ENTRY_POINTS: &[&str] = &["manage.py", "wsgi.py", "asgi.py"];

/// Reports every write and removal (outside the settings module).
/// `exempt_tests`: leave out Rust test-only code.
pub fn check(
    accesses: &[EnvAccess],
    path: &Path,
    settings_module: &str,
    exempt_tests: bool,
    out: &mut Vec<Candidate>,
) {
    let entry_point = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| DJANGO_ENTRY_POINTS.contains(&n));
    for access in accesses {
        if access.kind == EnvKind::Read || access.in_settings || exempt_tests && access.in_test {
            continue;
        }
        let django_settings = entry_point
            && access.api.ends_with(".setdefault")
            && access.variable.as_deref() == Some("DJANGO_SETTINGS_MODULE");
        if django_settings {
            continue;
        }
        let verb = access.kind.verb();
        let what = match &access.variable {
            Some(variable) => format!("`{variable}`"),
            None => "the environment".to_owned(),
        };
        let message = format!(
            "`{}` {verb} {what} outside the settings module; pass the value to what needs it, or set it in the settings module ({settings_module})",
            access.api
        );
        out.push(candidate(&RULE, access, message));
    }
}
