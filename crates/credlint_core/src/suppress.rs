//! Inline suppression comments.
//!
//! `credlint: allow` silences every rule on its line or the next one;
//! `credlint: allow(secret/jwt, env)` silences the listed rules or families.
//! detect-secrets' `pragma: allowlist secret` and gitleaks' `gitleaks:allow`
//! are honoured for secret findings, so teams can migrate without touching
//! their existing annotations.

use crate::lines::LineIndex;
use crate::rules::selects;

/// What marks a line as carrying a suppression; only such lines are parsed.
const MARKERS: [&str; 3] = ["credlint:", "pragma: allowlist", "gitleaks:allow"];

/// The suppression comments of one document, parsed once: a minified line
/// with thousands of findings is read once, not once per finding.
pub struct Suppressions {
    /// Lines (zero-based) holding a suppression, sorted.
    lines: Vec<(usize, Allow)>,
}

/// What one line's comments allow.
#[derive(Default)]
struct Allow {
    /// Another scanner's pragma: every secret finding.
    secrets: bool,
    /// A bare `credlint: allow`: every finding.
    all: bool,
    /// `credlint: allow(rule, family)`.
    selectors: Vec<String>,
    /// The line is a comment of its own, so it also covers the next line.
    own_line: bool,
}

impl Allow {
    fn parse(line: &str) -> Option<Allow> {
        let mut allow = Allow {
            secrets: line.contains("pragma: allowlist secret")
                || line.contains("pragma: allowlist nextline secret")
                || line.contains("gitleaks:allow"),
            own_line: ["#", "//", "/*", "*", "--", ";"]
                .iter()
                .any(|c| line.trim_start().starts_with(c)),
            ..Allow::default()
        };
        let mut rest = line;
        while let Some(at) = rest.find("credlint:") {
            rest = rest[at + "credlint:".len()..].trim_start();
            let Some(after) = rest.strip_prefix("allow") else {
                continue;
            };
            match after.trim_start().strip_prefix('(') {
                Some(list) => allow.selectors.extend(
                    list.split(')')
                        .next()
                        .unwrap_or("")
                        .split(',')
                        .map(str::to_owned),
                ),
                None => allow.all = true,
            }
        }
        (allow.secrets || allow.all || !allow.selectors.is_empty()).then_some(allow)
    }

    fn allows(&self, rule: &str) -> bool {
        self.all
            || (self.secrets && rule.starts_with("secret/"))
            || self.selectors.iter().any(|s| selects(s, rule))
    }
}

impl Suppressions {
    pub fn new(text: &str, index: &LineIndex) -> Suppressions {
        let mut marked: Vec<usize> = MARKERS
            .iter()
            .flat_map(|m| memchr::memmem::find_iter(text.as_bytes(), m.as_bytes()))
            .map(|at| index.line_of(at))
            .collect();
        marked.sort_unstable();
        marked.dedup();
        let lines = marked
            .into_iter()
            .filter_map(|line| Allow::parse(index.line_text(line)).map(|a| (line, a)))
            .collect();
        Suppressions { lines }
    }

    fn on(&self, line: usize) -> Option<&Allow> {
        self.lines
            .binary_search_by_key(&line, |(l, _)| *l)
            .ok()
            .map(|i| &self.lines[i].1)
    }

    /// Whether a finding of `rule` starting on zero-based `line` is suppressed.
    pub fn is_suppressed(&self, line: usize, rule: &str) -> bool {
        self.on(line).is_some_and(|a| a.allows(rule))
            // The line above counts only when it is a comment of its own, so
            // that a trailing allow on one statement does not spill onto the next.
            || line > 0 && self.on(line - 1).is_some_and(|a| a.own_line && a.allows(rule))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suppressed(text: &str, line: usize, rule: &str) -> bool {
        Suppressions::new(text, &LineIndex::new(text)).is_suppressed(line, rule)
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
    fn every_line_ending_ends_the_allowed_line() {
        for eol in ["\n", "\r\n", "\r"] {
            let text = [
                "a = 1",
                "b = 2  # credlint: allow",
                "c = 3",
                "# credlint: allow",
                "d = 4",
                "e = 5",
            ]
            .join(eol);
            let allowed: Vec<bool> = (0..6).map(|l| suppressed(&text, l, "secret/jwt")).collect();
            assert_eq!(allowed, [false, true, false, true, true, false], "{eol:?}");
        }
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
