//! Every example in the provider table, run through the whole engine.
//!
//! A positive example must give exactly one finding, of its own rule (one
//! line holding one secret gives one finding, however many rules could match
//! it). A negative example must give no finding of its rule.

use credlint::rules::provider::{builtin_rules, TokenRule};
use credlint::{check, Config, Document};
use pretty_assertions::assert_eq;

#[test]
fn provider_examples_match_and_negative_examples_do_not() {
    let config = Config::default();
    let mut failures = Vec::new();
    for rule in builtin_rules() {
        let id = &rule.rule_id;
        if rule.def.examples.is_empty() || rule.def.negative_examples.is_empty() {
            failures.push(format!("{id}: needs examples and negative examples"));
        }
        for example in &rule.def.examples {
            let findings = check(&Document::new("example.txt", example.as_str()), &config);
            let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
            if rules != [id.as_str()] {
                failures.push(format!("{id}: example {example:?} gave {rules:?}"));
            }
            if findings.iter().any(|f| f.message.contains(example.trim())) {
                failures.push(format!("{id}: the message shows the example in full"));
            }
        }
        for example in &rule.def.negative_examples {
            let findings = check(&Document::new("example.txt", example.as_str()), &config);
            if findings.iter().any(|f| &f.rule == id) {
                failures.push(format!("{id}: negative example {example:?} matched"));
            }
        }
    }
    assert_eq!(failures, Vec::<String>::new());
}

#[test]
fn provider_table_is_broad_and_well_formed() {
    let rules = builtin_rules();
    assert!(rules.len() >= 40, "only {} provider rules", rules.len());
    let mut ids: Vec<&str> = rules.iter().map(|r| r.def.id.as_str()).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len(), "duplicate ids");
    let mut unwritten = Vec::new();
    for rule in rules {
        let id = &rule.def.id;
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{id}"
        );
        assert!(
            rule.def
                .keywords
                .iter()
                .all(|k| *k == k.to_lowercase() && !k.is_empty()),
            "{id}"
        );
        assert!(
            rule.def.secret_group < rule.regex().captures_len(),
            "{id}: no such group"
        );
        assert!(
            rule.def.name.is_some() && rule.def.description.is_some(),
            "{id}: name and description"
        );
        // The keyword prefilter must not hide a match: every example holds a keyword.
        for example in &rule.def.examples {
            let lower = example.to_lowercase();
            assert!(
                rule.def.keywords.iter().any(|k| lower.contains(k.as_str())),
                "{id}: {example:?} has no keyword"
            );
        }
        // Conversely, every keyword is written in one of the examples: a
        // keyword no example holds is never shown to enable its rule (a
        // misspelt one enabled nothing, and that went unseen).
        let lower: Vec<String> = rule.def.examples.iter().map(|e| e.to_lowercase()).collect();
        for keyword in &rule.def.keywords {
            if !lower.iter().any(|e| e.contains(keyword.as_str())) {
                unwritten.push(format!("{id} {keyword}"));
            }
        }
        // Nor the gate: every example holds a match of it.
        if let Some(gate) = &rule.def.gate {
            let gate = regex::Regex::new(gate).expect("the gate compiles");
            for example in &rule.def.examples {
                assert!(gate.is_match(example), "{id}: {example:?} misses the gate");
            }
        }
    }
    assert_eq!(unwritten, Vec::<String>::new(), "keywords no example holds");
    for required in [
        "aws-access-key-id",
        "github-pat",
        "github-fine-grained-pat",
        "gitlab-pat",
        "slack-bot-token",
        "slack-webhook-url",
        "stripe-live-secret-key",
        "openai-api-key",
        "anthropic-api-key",
        "google-api-key",
        "jwt",
        "rsa-private-key",
        "openssh-private-key",
        "gcp-service-account-private-key",
        "azure-storage-connection-string",
        "twilio-api-key",
        "sendgrid-api-key",
        "huggingface-access-token",
        "npm-access-token",
        "pypi-upload-token",
        "mailgun-api-key",
        "shopify-access-token",
        "discord-bot-token",
        "telegram-bot-token",
        "datadog-api-key",
        "aws-secret-access-key",
        "openai-project-key",
    ] {
        assert!(
            rules.iter().any(|r| r.def.id == required),
            "missing {required}"
        );
    }
}

/// Every keyword switches its rule on by itself: for each (rule, keyword)
/// pair, an example holds that keyword and no other keyword of the rule
/// (but those the keyword itself contains, which it cannot be without), and
/// that example fires the rule. The examples and keywords being merely
/// written (above) let a keyword pass that no example needs: one written
/// only beside another keyword of its rule, which then enabled the rule in
/// its place, as a misspelt keyword hid behind its neighbours before.
#[test]
fn every_keyword_alone_enables_its_rule() {
    let config = Config::default();
    let lonely = |rule: &TokenRule, keyword: &String| {
        let keywords = &rule.def.keywords;
        let others =
            || (keywords.iter()).filter(|k| *k != keyword && !keyword.contains(k.as_str()));
        let alone = rule.def.examples.iter().find(|example| {
            let lower = example.to_lowercase();
            lower.contains(keyword.as_str()) && !others().any(|k| lower.contains(k.as_str()))
        });
        let id = &rule.rule_id;
        match alone {
            None => Some(format!("{id} {keyword}: no example holds it alone")),
            Some(example) => check(&Document::new("example.txt", example.as_str()), &config)
                .iter()
                .all(|f| &f.rule != id)
                .then(|| format!("{id} {keyword}: its example gives no finding")),
        }
    };
    let failures: Vec<String> = (builtin_rules().iter())
        .flat_map(|rule| {
            rule.def
                .keywords
                .iter()
                .filter_map(move |k| lonely(rule, k))
        })
        .collect();
    assert_eq!(failures, Vec::<String>::new());
}

/// A GitHub or npm token glued to a word before it (a14 #12) or after it
/// (a17 #9) is reported when its checksum holds, the evidence the word
/// boundary stood in for; with its checksum broken, such a glued string
/// stays unreported.
#[test]
fn checksummed_tokens_glued_to_a_word_are_reported() {
    use crate::common::{checksummed_token, json_findings};
    let dir = tempfile::TempDir::new().unwrap();
    let github = checksummed_token("ghp_", 11);
    let npm = checksummed_token("npm_", 12);
    let right = checksummed_token("ghp_", 14);
    let mut broken = checksummed_token("ghp_", 13);
    let last = if broken.ends_with('0') { "1" } else { "0" };
    broken.replace_range(broken.len() - 1.., last);
    std::fs::write(
        dir.path().join("app.cfg"),
        format!("token=x{github}\nauth=Bearer{npm}\nother=x{broken}\nnext={right}xyz\n"),
    )
    .unwrap();
    let found: Vec<String> = json_findings(dir.path(), &["check", "--format", "json", "app.cfg"])
        .iter()
        .map(|f| format!("{} {}", f["start"]["line"], f["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            "1 secret/github-pat",
            "2 secret/npm-access-token",
            "4 secret/github-pat"
        ]
    );
}
