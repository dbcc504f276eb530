//! `env/dotenv-not-ignored`: a `.env` file git would commit.

use super::{rule, Candidate, Check, Input, Target};

rule! {
    /// ## What it does
    /// Finds `.env` and `.env.*` files (not templates such as
    /// `.env.example`) inside a git work tree that git does not ignore, or
    /// that it already tracks; and a repository with a settings module whose
    /// `.gitignore` does not ignore `.env`. Reported on the `.env` file, or
    /// on `.gitignore`. It applies when the project's root holds a dotenv
    /// file (or when `extend-select = ["env"]` asks for it).
    ///
    /// ## Why is this bad?
    /// `.env` holds the real values for local development. The policy:
    /// "Double-check that `.env` files or any other files containing secrets
    /// are in `.gitignore`." One `git add .` and they are in the history.
    ///
    /// ## Example
    /// ```sh
    /// $ git status --short
    /// ?? .env
    /// ```
    ///
    /// Use instead:
    /// ```sh
    /// # .gitignore
    /// .env
    /// .env.*
    /// !.env.example
    /// ```
    ///
    /// ## How to fix
    /// Add `.env` and `.env.*` to `.gitignore`; if the file is tracked,
    /// `git rm --cached .env` and rotate what it held.
    pub static RULE = (
        "env/dotenv-not-ignored",
        Error,
        "local .env files stay out of version control",
        "`.env` files are in `.gitignore`",
        activation: crate::rules::Activation::OptIn(Some(crate::rules::PolicyFile::Dotenv)),
        fix: "add `.env` and `.env.*` to `.gitignore`; if the file is tracked, `git rm --cached` it and rotate what it held",
        checks: &[Check { on: Target::Project, needs: &[], run }],
    );
}

/// On a `.env` file git would commit, and on the root `.gitignore` that
/// lets it.
fn run(input: &Input, out: &mut Vec<Candidate>) {
    let Some(project) = input.project else {
        return;
    };
    if project.exposed_dotenv.contains(&input.doc.path) {
        check_dotenv(&input.doc.text, out);
    }
    if project.gitignore_without_env.as_ref() == Some(&input.doc.path) {
        check_gitignore(&input.doc.text, out);
    }
}

fn first_line(text: &str) -> std::ops::Range<usize> {
    0..text.find('\n').unwrap_or(text.len())
}

/// On a `.env` file that git tracks or does not ignore.
fn check_dotenv(text: &str, out: &mut Vec<Candidate>) {
    out.push(Candidate {
        rule: RULE.id.to_owned(),
        severity: RULE.severity,
        span: first_line(text),
        secret: None,
        message: "this .env file is tracked or not ignored by git; add `.env` to .gitignore"
            .to_owned(),
        redacted: None,
        variable: None,
        priority: 0,
    });
}

/// On a `.gitignore` that does not ignore `.env` in a project with a settings module.
fn check_gitignore(text: &str, out: &mut Vec<Candidate>) {
    out.push(Candidate {
        rule: RULE.id.to_owned(),
        severity: RULE.severity,
        span: first_line(text),
        secret: None,
        message: "this project reads its settings from the environment, but .gitignore does not ignore `.env`"
            .to_owned(),
        redacted: None,
        variable: None,
        priority: 0,
    });
}
