//! `credlint import gitleaks FILE`: a gitleaks (or Betterleaks, which reads
//! the same format) configuration as credlint configuration, so a team keeps
//! its own token rules and allowlists when it switches.
//!
//! Rules become `[[rules]]` entries (credlint's custom token rules have the
//! same parts: a regex, its secret group, keywords, an entropy floor,
//! allow-patterns on the secret); allowlists that judge the secret become
//! `allow` patterns or `[allowlist]` values and stopwords. What credlint
//! cannot express the same way is listed, by rule id and key, never by value,
//! so nothing is dropped silently: path regexes (credlint's paths are globs),
//! allowlists on the whole match or line, `AND` conditions, commits.
//!
//! The result goes to standard output, or to a new file with `--output`; an
//! existing file is never overwritten, since it may be the team's own
//! configuration.

use anyhow::{Context, Result};
use credlint_core::config::compile_regex;
use credlint_core::rules;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use toml::{Table, Value};

/// A gitleaks configuration converted: the credlint configuration, and what
/// could not be carried over.
#[derive(Debug, Default)]
pub struct Imported {
    pub config: Table,
    pub not_carried: Vec<String>,
}

pub fn run(file: &Path, output: Option<&Path>) -> Result<ExitCode> {
    let text = crate::workspace::read::read_named(file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let table: Table = toml::from_str(&text).map_err(|e| {
        // toml's message quotes the offending line, which may hold a secret:
        // name the file and position only.
        let position = e
            .span()
            .map(|span| {
                let line = text[..span.start].matches('\n').count() + 1;
                format!(":{line}")
            })
            .unwrap_or_default();
        anyhow::anyhow!("{}{position}: not a valid TOML file", file.display())
    })?;
    let imported = gitleaks(&table);
    let mut rendered = format!(
        "# Imported from {} by `credlint import gitleaks`.\n",
        file.display()
    );
    for item in &imported.not_carried {
        rendered.push_str(&format!("# not carried over: {item}\n"));
    }
    rendered.push('\n');
    rendered.push_str(&toml::to_string_pretty(&imported.config)?);
    match output {
        Some(path) => {
            let mut out = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .with_context(|| {
                    format!(
                        "cannot create {} (an existing file is never overwritten: write elsewhere and merge)",
                        path.display()
                    )
                })?;
            out.write_all(rendered.as_bytes())?;
        }
        None => std::io::stdout().write_all(rendered.as_bytes())?,
    }
    let mut stderr = std::io::stderr().lock();
    for item in &imported.not_carried {
        writeln!(stderr, "credlint: not carried over: {item}")?;
    }
    let rules = imported
        .config
        .get("rules")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    writeln!(
        stderr,
        "credlint: imported {rules} rules; {} items not carried over",
        imported.not_carried.len()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Converts a parsed gitleaks configuration.
pub fn gitleaks(table: &Table) -> Imported {
    let mut imported = Imported::default();
    let builtin: BTreeSet<String> = rules::builtin().iter().map(|r| r.id.clone()).collect();
    if let Some(extend) = table.get("extend").and_then(Value::as_table) {
        if extend.contains_key("path") || extend.contains_key("url") {
            imported
                .not_carried
                .push("[extend] path/url: import that file too".to_owned());
        }
        if extend.contains_key("disabledRules") {
            imported.not_carried.push(
                "[extend] disabledRules: gitleaks' own rule ids; use `ignore` with credlint's"
                    .to_owned(),
            );
        }
    }
    let mut converted = Vec::new();
    for (i, rule) in table
        .get("rules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let Some(rule) = rule.as_table() else {
            continue;
        };
        if let Some(entry) = convert_rule(i, rule, &builtin, &mut imported.not_carried) {
            converted.push(Value::Table(entry));
        }
    }
    if !converted.is_empty() {
        imported
            .config
            .insert("rules".to_owned(), Value::Array(converted));
    }
    let mut allowlist = Table::new();
    for (name, list) in global_allowlists(table) {
        convert_global_allowlist(&name, list, &mut allowlist, &mut imported.not_carried);
    }
    if !allowlist.is_empty() {
        imported
            .config
            .insert("allowlist".to_owned(), Value::Table(allowlist));
    }
    imported
}

/// A rule id credlint accepts (kebab-case), kept apart from the built-in
/// rules so an import never replaces one of them.
fn rule_id(raw: &str, builtin: &BTreeSet<String>) -> String {
    let mut id: String = raw
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    id = id.trim_matches('-').to_owned();
    if builtin.contains(&format!("secret/{id}")) {
        id = format!("gitleaks-{id}");
    }
    id
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn convert_rule(
    index: usize,
    rule: &Table,
    builtin: &BTreeSet<String>,
    not_carried: &mut Vec<String>,
) -> Option<Table> {
    let raw_id = rule
        .get("id")
        .and_then(Value::as_str)
        .map_or_else(|| format!("rule-{}", index + 1), str::to_owned);
    let id = rule_id(&raw_id, builtin);
    let label = format!("rule `{raw_id}`");
    let Some(regex) = rule.get("regex").and_then(Value::as_str) else {
        not_carried.push(format!(
            "{label}: no `regex` (a path-only rule flags files by name; use `exclude` or a review)"
        ));
        return None;
    };
    let compiled = match compile_regex(regex) {
        Ok(compiled) => compiled,
        Err(e) => {
            not_carried.push(format!(
                "{label}: its regex is not one credlint accepts ({e}; look-arounds and \
                 back-references are not supported)"
            ));
            return None;
        }
    };
    let keywords: Vec<String> = strings(rule.get("keywords"))
        .into_iter()
        .map(|k| k.to_ascii_lowercase())
        .filter(|k| !k.is_empty())
        .collect();
    if keywords.is_empty() {
        not_carried.push(format!(
            "{label}: no `keywords`; credlint runs a rule's regex only where one of its keywords occurs"
        ));
        return None;
    }
    // gitleaks takes the first capture group as the secret when no group is
    // named; credlint's default is the whole match.
    let group = match rule.get("secretGroup").and_then(Value::as_integer) {
        Some(group) if group < 0 || group as usize >= compiled.captures_len() => {
            not_carried.push(format!(
                "{label}: `secretGroup = {group}` names no group of its regex"
            ));
            return None;
        }
        Some(group) => group,
        None if compiled.captures_len() > 1 => 1,
        None => 0,
    };
    let mut entry = Table::new();
    entry.insert("id".to_owned(), Value::String(id));
    if let Some(description) = rule.get("description").and_then(Value::as_str) {
        entry.insert(
            "description".to_owned(),
            Value::String(description.to_owned()),
        );
    }
    entry.insert("regex".to_owned(), Value::String(regex.to_owned()));
    if group > 0 {
        entry.insert("secret-group".to_owned(), Value::Integer(group));
    }
    entry.insert(
        "keywords".to_owned(),
        Value::Array(keywords.into_iter().map(Value::String).collect()),
    );
    if let Some(entropy) = rule
        .get("entropy")
        .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
    {
        entry.insert("entropy".to_owned(), Value::Float(entropy));
    }
    if rule.contains_key("path") {
        not_carried.push(format!(
            "{label}: `path` (the rule runs on every file; credlint has no per-rule path regex)"
        ));
    }
    let mut allow = Vec::new();
    for (name, list) in rule_allowlists(rule) {
        convert_rule_allowlist(&label, &name, list, &mut allow, not_carried);
    }
    if !allow.is_empty() {
        entry.insert(
            "allow".to_owned(),
            Value::Array(allow.into_iter().map(Value::String).collect()),
        );
    }
    Some(entry)
}

/// A rule's allowlists, old style (`[rules.allowlist]`) and new
/// (`[[rules.allowlists]]`), with how to name each.
fn rule_allowlists(rule: &Table) -> Vec<(String, &Table)> {
    let mut out = Vec::new();
    if let Some(list) = rule.get("allowlist").and_then(Value::as_table) {
        out.push(("allowlist".to_owned(), list));
    }
    for (i, list) in rule
        .get("allowlists")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if let Some(list) = list.as_table() {
            out.push((format!("allowlists[{i}]"), list));
        }
    }
    out
}

/// The global allowlists, old style (`[allowlist]`) and new (`[[allowlists]]`).
fn global_allowlists(table: &Table) -> Vec<(String, &Table)> {
    let mut out = rule_allowlists(table);
    for (name, _) in &mut out {
        *name = format!("[{name}]");
    }
    out
}

/// Whether an allowlist judges the secret (`regexTarget` unset or
/// `secret`), and whether its criteria add up (`OR`, the default) rather
/// than having to hold together.
fn judges_the_secret_alone(list: &Table) -> (bool, bool) {
    let target = list
        .get("regexTarget")
        .and_then(Value::as_str)
        .unwrap_or("secret");
    let and = list
        .get("condition")
        .and_then(Value::as_str)
        .is_some_and(|c| c.eq_ignore_ascii_case("and"));
    (target.eq_ignore_ascii_case("secret"), !and)
}

fn convert_rule_allowlist(
    label: &str,
    name: &str,
    list: &Table,
    allow: &mut Vec<String>,
    not_carried: &mut Vec<String>,
) {
    let (on_secret, or) = judges_the_secret_alone(list);
    if !or {
        not_carried.push(format!(
            "{label} {name}: `condition = \"AND\"` (credlint's allow-patterns each stand alone)"
        ));
        return;
    }
    let regexes = strings(list.get("regexes"));
    if !regexes.is_empty() {
        if on_secret {
            allow.extend(accepted(
                &format!("{label} {name}"),
                "regexes",
                regexes,
                not_carried,
            ));
        } else {
            not_carried.push(format!(
                "{label} {name}: `regexes` on the whole match or line (credlint's judge the secret)"
            ));
        }
    }
    // A stopword is a word the secret contains: an allow-pattern on it.
    let stopwords = strings(list.get("stopwords"))
        .iter()
        .map(|word| format!("(?i){}", regex::escape(word)))
        .collect();
    allow.extend(accepted(
        &format!("{label} {name}"),
        "stopwords",
        stopwords,
        not_carried,
    ));
    for key in ["paths", "commits"] {
        if list.contains_key(key) {
            not_carried.push(format!("{label} {name}: `{key}`"));
        }
    }
}

/// The regexes credlint accepts as they are (see [`compile_regex`]); the
/// others are listed as not carried over, by position, never by value.
fn accepted(
    label: &str,
    key: &str,
    regexes: Vec<String>,
    not_carried: &mut Vec<String>,
) -> Vec<String> {
    regexes
        .into_iter()
        .enumerate()
        .filter_map(|(i, regex)| match compile_regex(&regex) {
            Ok(_) => Some(regex),
            Err(e) => {
                not_carried.push(format!("{label}: `{key}[{i}]`: {e}"));
                None
            }
        })
        .collect()
}

fn convert_global_allowlist(
    name: &str,
    list: &Table,
    allowlist: &mut Table,
    not_carried: &mut Vec<String>,
) {
    let (on_secret, or) = judges_the_secret_alone(list);
    if !or {
        not_carried.push(format!("{name}: `condition = \"AND\"`"));
        return;
    }
    if list.contains_key("targetRules") {
        not_carried.push(format!(
            "{name}: `targetRules` (credlint's allowlist applies to every secret rule)"
        ));
        return;
    }
    let mut append = |key: &str, items: Vec<String>| {
        if items.is_empty() {
            return;
        }
        let entry = allowlist
            .entry(key.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(values) = entry {
            values.extend(items.into_iter().map(Value::String));
        }
    };
    let regexes = strings(list.get("regexes"));
    if on_secret {
        append("values", accepted(name, "regexes", regexes, not_carried));
    } else if !regexes.is_empty() {
        not_carried.push(format!(
            "{name}: `regexes` on the whole match or line (credlint's judge the secret)"
        ));
    }
    append("stopwords", strings(list.get("stopwords")));
    if list.contains_key("paths") {
        not_carried.push(format!(
            "{name}: `paths` (gitleaks' are regexes; write them as globs in `exclude` or `allowlist.paths`)"
        ));
    }
    if list.contains_key("commits") {
        not_carried.push(format!("{name}: `commits`"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(text: &str) -> Imported {
        gitleaks(&toml::from_str(text).unwrap())
    }

    #[test]
    fn a_rule_keeps_its_parts_and_its_first_group_as_the_secret() {
        let imported = import(
            r#"
[[rules]]
id = "Acme_Token"
description = "Acme API token"
regex = '''acme_([a-z0-9]{32})'''
keywords = ["ACME_"]
entropy = 3
[[rules.allowlists]]
regexes = ['''^acme_0+$''']
stopwords = ["example"]
"#,
        );
        let rule = imported.config["rules"][0].as_table().unwrap();
        assert_eq!(rule["id"].as_str(), Some("acme-token"));
        assert_eq!(rule["secret-group"].as_integer(), Some(1));
        assert_eq!(
            rule["keywords"].as_array().unwrap()[0].as_str(),
            Some("acme_")
        );
        assert_eq!(rule["entropy"].as_float(), Some(3.0));
        let allow = strings(rule.get("allow"));
        assert_eq!(allow, ["^acme_0+$", "(?i)example"]);
        assert!(
            imported.not_carried.is_empty(),
            "{:?}",
            imported.not_carried
        );
    }

    #[test]
    fn what_cannot_be_said_the_same_way_is_listed_without_values() {
        let imported = import(
            r#"
[extend]
useDefault = true
path = "base.toml"
[[rules]]
id = "github-pat"
regex = '''ghp_[0-9a-zA-Z]{36}'''
keywords = ["ghp_"]
path = '''\.py$'''
[[rules.allowlists]]
regexTarget = "line"
regexes = ['''hunter2-sekret''']
[[rules]]
id = "no-keywords"
regex = '''zz[0-9]{8}'''
[[rules]]
id = "lookaround"
regex = '''(?<=x)abc'''
keywords = ["abc"]
[allowlist]
paths = ['''vendor/''']
regexes = ['''hunter3-sekret''']
commits = ["abc123"]
"#,
        );
        let rules = imported.config["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 1);
        // A built-in id is kept apart rather than replaced.
        assert_eq!(rules[0]["id"].as_str(), Some("gitleaks-github-pat"));
        assert_eq!(
            strings(imported.config["allowlist"].get("values")),
            ["hunter3-sekret"]
        );
        let listed = imported.not_carried.join("\n");
        for expected in [
            "[extend] path/url",
            "rule `github-pat`: `path`",
            "rule `github-pat` allowlists[0]: `regexes` on the whole match or line",
            "rule `no-keywords`: no `keywords`",
            "rule `lookaround`: its regex",
            "[allowlist]: `paths`",
            "[allowlist]: `commits`",
        ] {
            assert!(listed.contains(expected), "{expected} in\n{listed}");
        }
        assert!(!listed.contains("sekret"), "{listed}");
    }
}
