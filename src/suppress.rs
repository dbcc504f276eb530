//! Inline suppression comments.
//!
//! `credlint: allow` silences every rule on its line or the next one;
//! `credlint: allow(secret/jwt, env)` silences the listed rules or families.
//! detect-secrets' `pragma: allowlist secret` and gitleaks' `gitleaks:allow`
//! are honoured for secret findings, so teams can migrate without touching
//! their existing annotations.

use crate::lines::LineIndex;
use crate::rules::selects;
use std::collections::HashMap;

/// [`is_suppressed`] with its answers remembered per line and rule, so that
/// many findings on one long line (a minified file) read that line once per
/// rule instead of once per finding.
pub struct Suppressions<'i, 'a> {
    index: &'i LineIndex<'a>,
    known: HashMap<(usize, String), bool>,
}

impl<'i, 'a> Suppressions<'i, 'a> {
    pub fn new(index: &'i LineIndex<'a>) -> Self {
        Suppressions {
            index,
            known: HashMap::new(),
        }
    }

    pub fn is_suppressed(&mut self, line: usize, rule: &str) -> bool {
        let index = self.index;
        *self
            .known
            .entry((line, rule.to_owned()))
            .or_insert_with(|| is_suppressed(index, line, rule))
    }
}

/// Whether a finding of `rule` starting on zero-based `line` is suppressed.
pub fn is_suppressed(index: &LineIndex, line: usize, rule: &str) -> bool {
    if allows(index.line_text(line), rule) {
        return true;
    }
    // The line above counts only when it is a comment of its own, so that a
    // trailing allow on one statement does not spill onto the next.
    line > 0 && {
        let above = index.line_text(line - 1).trim_start();
        ["#", "//", "/*", "*", "--", ";"]
            .iter()
            .any(|c| above.starts_with(c))
            && allows(above, rule)
    }
}

fn allows(line: &str, rule: &str) -> bool {
    if rule.starts_with("secret/")
        && (line.contains("pragma: allowlist secret")
            || line.contains("pragma: allowlist nextline secret")
            || line.contains("gitleaks:allow"))
    {
        return true;
    }
    let mut rest = line;
    while let Some(at) = rest.find("credlint:") {
        rest = rest[at + "credlint:".len()..].trim_start();
        let Some(after) = rest.strip_prefix("allow") else {
            continue;
        };
        let Some(list) = after.trim_start().strip_prefix('(') else {
            return true;
        };
        let list = list.split(')').next().unwrap_or("");
        if list.split(',').any(|selector| selects(selector, rule)) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suppressed(text: &str, line: usize, rule: &str) -> bool {
        is_suppressed(&LineIndex::new(text), line, rule)
    }

    #[test]
    fn bare_allow_covers_its_line_or_the_line_below_a_comment() {
        let text = "x = 1  # credlint: allow\n# credlint: allow\ny = 2\nz = 3";
        assert!(suppressed(text, 0, "env/direct-access"));
        assert!(suppressed(text, 2, "secret/jwt"));
        assert!(!suppressed(text, 3, "secret/jwt"));
        let trailing = "x = 1  # credlint: allow\ny = 2";
        assert!(!suppressed(trailing, 1, "secret/jwt"));
    }

    #[test]
    fn listed_rules_and_families() {
        let text = "t = 'x'  // credlint: allow(secret/jwt, env)";
        assert!(suppressed(text, 0, "secret/jwt"));
        assert!(suppressed(text, 0, "env/direct-access"));
        assert!(!suppressed(text, 0, "secret/github-pat"));
    }

    #[test]
    fn other_scanners_pragmas_cover_secrets_only() {
        let text = "k = 'v'  # pragma: allowlist secret\nj = 'v'  # gitleaks:allow";
        assert!(suppressed(text, 0, "secret/hardcoded-credential"));
        assert!(suppressed(text, 1, "secret/jwt"));
        assert!(!suppressed(text, 1, "env/direct-access"));
    }
}
