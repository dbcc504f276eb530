//! `credlint/suppression-without-reason`: with `require-reason = true`, a
//! `credlint: allow` comment must say why.

use super::rule;

rule! {
    /// ## What it does
    /// When the configuration sets `require-reason = true`, finds
    /// `credlint: allow` and `credlint: allow-next-line` comments without a
    /// reason after `--`. Without that option it reports nothing. The
    /// comment still suppresses what it names.
    ///
    /// ## Why is this bad?
    /// A suppression waves a finding through review. Without a reason, the
    /// next reader cannot tell a checked false positive (a published test
    /// vector, a placeholder) from a secret someone wanted out of the way,
    /// and `credlint check --show-suppressed` has nothing to show them.
    ///
    /// ## Example
    /// ```python
    /// SAMPLE_TOKEN = "..."  # credlint: allow(secret/github-pat)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SAMPLE_TOKEN = "..."  # credlint: allow(secret/github-pat) -- revoked token quoted in the incident report
    /// ```
    ///
    /// ## How to fix
    /// Add the reason after two dashes: `credlint: allow(rule) -- reason`.
    pub static RULE = (
        "credlint/suppression-without-reason",
        Warning,
        "a reviewer needs the reason a finding was waved through",
        "Security Checklist: no secrets hardcoded in source code",
        fix: "say why after two dashes: `credlint: allow(<rule>) -- <reason>`",
    );
}
