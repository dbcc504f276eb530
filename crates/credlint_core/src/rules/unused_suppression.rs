//! `credlint/unused-suppression`: `credlint: allow` comments that silence nothing.

use super::rule;

rule! {
    /// ## What it does
    /// Finds `credlint: allow` and `credlint: allow-next-line` comments that
    /// silenced no finding in this run. A comment is judged only when every
    /// rule it names ran on the file (with `--select secret`, an
    /// `allow(env/direct-access)` is not judged) and the whole file was
    /// analysed. Other scanners' markers (`gitleaks:allow`, `# nosec`…) are
    /// theirs to judge and are never reported.
    ///
    /// ## Why is this bad?
    /// A suppression outlives the false positive it was written for: once the
    /// code changes, it silently waves through whatever appears on that line
    /// next, a real secret included. Reviewers also read suppressions as
    /// evidence that something was looked at; a stale one is misleading.
    ///
    /// ## Example
    /// ```python
    /// timeout = 30  # credlint: allow(secret/hardcoded-credential)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// timeout = 30
    /// ```
    ///
    /// ## How to fix
    /// Remove the comment: the editor's quick fix does, and
    /// `credlint check --fix` removes every unused suppression in the files
    /// it checks (only the comment, never the code). A comment naming a rule
    /// that does not exist is reported too: correct the rule id.
    pub static RULE = (
        "credlint/unused-suppression",
        Warning,
        "a suppression that silences nothing would silence the next real secret on its line",
        "Security Checklist: no secrets hardcoded in source code",
        fix: "remove the comment (`credlint check --fix` removes every unused one)",
    );
}
