//! `env/direct-access`: the environment read outside the settings module.

use super::{rule, Candidate, Check, CodeRule, Fact, Input, Place, Target};
use crate::syntax::{EnvAccess, EnvKind};

rule! {
    /// ## What it does
    /// Finds reads of the process environment outside the settings module.
    /// In Python: `os.environ` in any form that takes a value out of it
    /// (`[...]`, `.get`, `.copy()`, `in os.environ`, `dict(os.environ)`,
    /// iterating it, passing it along, a `setdefault` or `pop` whose result
    /// is used), `os.getenv` and `os.getenvb`, however `os` or its members
    /// were imported (`import os as o`, `from os import getenv as ge`). In
    /// Rust: `std::env::{var, var_os, vars, vars_os}` through any `use` path,
    /// `dotenvy::var` and `dotenv::var`, and `env!` / `option_env!` of
    /// anything but Cargo's own compile-time variables.
    ///
    /// Writes are not reads and are not reported here: `os.environ["X"] =
    /// …`, a bare `os.environ.setdefault(…)`, `update`, `putenv`, `del
    /// os.environ[…]`, `unsetenv`, a bare `pop`, Rust's `set_var` and
    /// `remove_var`. They prepare the environment for a child process or a
    /// library, which puts no secret into the code; the opt-in rule
    /// `env/direct-write` reports them for projects that want every change
    /// in one place.
    ///
    /// The settings module is configurable (`settings-modules`,
    /// `extend-settings-modules`); by default `mcp_app_settings.py`,
    /// `settings.py`, `config.py`, `conf.py`, `configuration.py`,
    /// `*_settings.py`, `*_config.py` and the `settings/`, `config/` and
    /// `conf/` packages (Django's split settings included, and written flat
    /// by stage:
    /// `settings_{base,common,global,default,defaults,local,dev,development,staging,prod,production,docker}.py`),
    /// and modules
    /// named for the environment (`env.py`, `*_env.py`, `environment.py`)
    /// in Python; `settings.rs`, `config.rs`, `conf.rs`, `configuration.rs`, `env.rs`,
    /// `environment.rs`, and `build.rs` (Cargo's build-script interface) in
    /// Rust; modules of defaults (`defaults.py`, `*_defaults.py`,
    /// `defaults.rs`) in both; and Python modules that manage or load the
    /// configuration (`config_manager.py`, `config_loader.py`,
    /// `settings_manager.py`, `settings_loader.py`), and Python modules that
    /// define the variables a library reads (`environment_variables.py`,
    /// `env_vars.py`) or load them into settings (`env_loader.py`,
    /// `*_env_loader.py`, `*_env_*_loader.py`). Reads there are what the
    /// policy asks for. So are reads at the top level of a Python module of
    /// constants (`constants.py`, `*_constants.py`, a `constants/` package:
    /// `ENDPOINT = os.getenv("HF_ENDPOINT", …)` is read once, at import, as
    /// a settings module reads it; a function there reads as any other
    /// code does), and reads in a settings type, the settings module
    /// under another name: a Rust `impl` of a type named `…Settings`,
    /// `…Config`, `…Configuration` or their `…Builder` (a settings builder
    /// filling its defaults from the environment, `impl Default for
    /// AppConfig`), a Python class named `…Settings` (`class Settings`; a
    /// Python `…Config` is as often a CLI's options or Django's `AppConfig`)
    /// or a Python provider of configuration (`…ConfigProvider`,
    /// `…SettingsProvider`, `…EnvProvider`, `…EnvironProvider`,
    /// `…EnvironmentProvider`) extending none or another one (a
    /// `…ConfigProvider(Provider)` in a chain of credential providers is
    /// credential discovery), or, in a Python class named `…Config` or
    /// `…Configuration`, a field's default factory (`client_mode: str =
    /// Field(default_factory=lambda: os.getenv("CLIENT_MODE"))`: a model
    /// whose fields default from the environment is a settings class by its
    /// shape, as pydantic-settings' are; the class's methods are not), and
    /// in both a type holding the environment
    /// variables a program starts with (`…EnvVars`, `…EnvironmentVariables`);
    /// in Python, a traitlets trait default (a method decorated
    /// `@default("port")`, which Jupyter's configuration system calls for a
    /// setting nobody configured, so the variable it reads is one more source
    /// of that setting); reads in a module that expands environment
    /// references in a configuration file, told by its text: it names the
    /// `${env.NAME}` (or `${env:NAME}`) syntax and reads the environment by
    /// a name it computed (`std::env::var(name)`, `os.environ[key]`), not by
    /// a literal; and reads in Rust build-script code outside `build.rs`, a file that
    /// prints Cargo's instructions (`println!("cargo:rustc-link-arg=…")`: a
    /// helper `build.rs` `include!`s, a module under `build/`), which read
    /// Cargo's build-script interface as `build.rs` does.
    ///
    /// Tests and the programs beside an application are not application
    /// code: the rule does not run on test paths (`test-paths`; by default
    /// `tests/`, `Tests/`, `test/`, `testing/`, `t/`, `examples/`, `example/`,
    /// `samples/`, `sample/`, `Demo/`, `benches/`, `scripts/`, `devscripts/`,
    /// `dev_scripts/`, `dev-scripts/`, `docs/`, `fuzz/`,
    /// `_testbase/`, `test_*.py`, `*_test.py`, `*_tests.py`, `tests.py`,
    /// `test.py`, `testing.py`, `conftest.py`, `runtests.py`, `pytest.py`, `tests.rs`, `test.rs`,
    /// `test_*.rs`, `*_test.rs`, `*_tests.rs`, `*test_helpers*`,
    /// `*test_utils*`, `*test_support*` and folders so named
    /// (`*test_helpers*/`, `*test_utils*/`, `*test_support*/`), a test suite's
    /// folder named after its package (`*_test/`, `*_tests/`: mycli's
    /// `mycli_test/`), `doctest_*`, the packaging
    /// scripts `setup.py`, `_setup.py`, `noxfile.py`, `hatch_build.py`, and
    /// `xtask/`, Rust's crate of repository automation, and `.github/`,
    /// the CI's own actions and scripts) nor
    /// on Rust code under `#[cfg(test)]` (or `cfg(all(…, test))`), in a
    /// `#[test]` function, in a module named `tests` or `test_*`, in a file
    /// that starts with `#![cfg(test)]`, or in a file its parent declares
    /// under `#[cfg(test)]` (`#[cfg(test)] mod fakes;` in `lib.rs` for
    /// `src/fakes.rs`, and every module such a file declares; a `mod x;`
    /// under no test attribute is the program's), nor on a Python module that
    /// imports a test framework's support package at its top level
    /// (`pytest`, `_pytest`, a `pytest_…` plugin package,
    /// `sqlalchemy.testing`, `alembic.testing`: a pytest plugin, a SQLAlchemy
    /// dialect's test-suite `provision.py`), whatever its path; `unittest`,
    /// `django.test` and `flask.testing` do not count, as application code
    /// imports them too. `test-paths = []` turns the exemption off.
    /// Secrets in tests are still reported by the `secret/` rules.
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
        "Access via Configuration Layer: secrets are read through a dedicated configuration module",
        exemption: crate::rules::Exemption::TestPaths,
        fix: "{import} {variable} from the settings module ({settings}) instead; if this file is part of it, add it to `settings-modules`, or add {allow}",
        checks: &[Check {
            on: Target::Code(Place::OutsideSettingsModule),
            needs: &[Fact::Environment],
            run,
        }],
    );
}

fn run(input: &Input, out: &mut Vec<Candidate>) {
    if let Some(settings) = settings_module(input) {
        check(&input.facts.env, &settings, input.exempt_tests, out);
    }
}

/// The settings module a message about the document's environment
/// accesses names, when it has any (shared with `env/direct-write`).
pub(super) fn settings_module(input: &Input) -> Option<String> {
    (!input.facts.env.is_empty()).then(|| (input.names)().settings)
}

/// Reports every read (outside the settings module). `exempt_tests`: leave out reads in Rust test-only code.
pub fn check(
    accesses: &[EnvAccess],
    settings_module: &str,
    exempt_tests: bool,
    out: &mut Vec<Candidate>,
) {
    for access in accesses {
        if access.kind != EnvKind::Read || access.in_settings || exempt_tests && access.in_test {
            continue;
        }
        let message = match &access.variable {
            Some(variable) => format!(
                "`{}` reads `{variable}` directly; read it through the settings module ({settings_module}) instead",
                access.api
            ),
            None => format!(
                "`{}` reads the environment directly; go through the settings module ({settings_module}) instead",
                access.api
            ),
        };
        out.push(candidate(&RULE, access, message));
    }
}

/// The finding for one access (shared with `env/direct-write`).
pub(super) fn candidate(rule: &CodeRule, access: &EnvAccess, message: String) -> Candidate {
    Candidate {
        rule: rule.id.to_owned(),
        severity: rule.severity,
        span: access.span.clone(),
        secret: None,
        message,
        redacted: None,
        variable: access.variable.clone(),
        priority: 0,
    }
}

#[cfg(test)]
mod tests {
    use crate::{check, Config, Document};

    fn rules(path: &str, text: &str, options: &str) -> Vec<(usize, String)> {
        let options: crate::config::Options = toml::from_str(options).unwrap();
        let config = Config::from_options(options, None, None).unwrap();
        check(&Document::new(path, text), &config)
            .into_iter()
            .map(|f| (f.start.line, f.rule))
            .collect()
    }

    const TEST_MODULE: &str = "fn run() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {\n        let _ = std::env::var(\"HOME\");\n    }\n}\n";

    #[test]
    fn rust_test_code_is_exempt_unless_the_exemption_is_off() {
        assert_eq!(rules("src/lib.rs", TEST_MODULE, ""), []);
        assert_eq!(
            rules("src/lib.rs", TEST_MODULE, "test-paths = []"),
            [(7, "env/direct-access".to_owned())]
        );
    }

    #[test]
    fn python_tests_are_reported_once_the_exemption_is_off() {
        let text = "import os\nos.environ[\"X\"] = \"1\"\nhome = os.environ[\"HOME\"]\n";
        assert_eq!(
            rules("tests/test_a.py", text, "extend-select = ['env']"),
            []
        );
        assert_eq!(
            rules(
                "tests/test_a.py",
                text,
                "test-paths = []\nextend-select = ['env/direct-write']"
            ),
            [
                (2, "env/direct-write".to_owned()),
                (3, "env/direct-access".to_owned())
            ]
        );
    }
}
