//! What the Rust quick fix needs to know of a crate: its settings module,
//! how code in the crate names it, and the function there that reads a
//! variable.
//!
//! The fix replaces `std::env::var("X")` by `crate::settings::x()` and
//! defines `pub fn x() -> Result<String, std::env::VarError>` in the settings
//! module when it lacks one: the same call behind a name, so the code means
//! what it meant and its type does not change. Anything less certain — a
//! settings module the crate does not declare, a function of that name that
//! reads something else, a read through a constant — gets no fix.

use crate::workspace::read;
use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// A crate's settings module, as code in the crate reaches it.
pub struct SettingsModule {
    pub path: PathBuf,
    /// `crate::settings`.
    pub module: String,
}

/// The settings module of the crate holding `document`: a file named by one
/// of `patterns` (`settings.rs`, `config.rs`…, or its folder's `mod.rs`) in
/// the crate's root folder, declared by the crate root (`mod settings;` in
/// `lib.rs`, or in `main.rs` of a crate without a library, so that
/// `crate::settings` names it from every module). `open_text` gives an open
/// buffer's text, which may differ from the disk.
pub fn settings_module(
    document: &Path,
    patterns: &[String],
    open_text: impl Fn(&Path) -> Option<String>,
) -> Option<SettingsModule> {
    let src = document
        .ancestors()
        .skip(1)
        .find(|d| read::is_file(&d.join("lib.rs")) || read::is_file(&d.join("main.rs")))?;
    let root = ["lib.rs", "main.rs"]
        .iter()
        .map(|name| src.join(name))
        .find(|path| read::is_file(path))?;
    let root_text = open_text(&root).or_else(|| read::read_text(&root).ok())?;
    let stems = patterns.iter().filter_map(|p| {
        let name = p.rsplit('/').find(|s| !s.is_empty())?;
        let stem = name.strip_suffix(".rs").unwrap_or(name);
        let is_module_name = is_identifier(stem) && (name.ends_with(".rs") || p.ends_with('/'));
        (is_module_name && stem != "build").then_some(stem)
    });
    for stem in stems {
        let declared = Regex::new(&format!(
            r"(?m)^[ \t]*(?:pub(?:\([^)]*\))?[ \t]+)?mod[ \t]+{stem}[ \t]*;"
        ))
        .is_ok_and(|re| re.is_match(&root_text));
        if !declared {
            continue;
        }
        let path = [
            src.join(format!("{stem}.rs")),
            src.join(stem).join("mod.rs"),
        ]
        .into_iter()
        .find(|path| read::is_file(path))?;
        if path == document {
            return None;
        }
        return Some(SettingsModule {
            module: format!("crate::{stem}"),
            path,
        });
    }
    None
}

/// Whether `call` is `std::env::var("<variable>")` (or `env::var`, or a
/// `var` imported from `std::env`), the read the fix knows the type of.
pub fn is_var_call(call: &str, variable: &str) -> bool {
    static CALL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^(?:(?:::)?std::)?(?:env::)?var\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*,?\s*\)$"#)
            .expect("valid regex")
    });
    CALL.captures(call).is_some_and(|c| &c[1] == variable)
}

/// The name of the settings function that reads `variable`: `API_TOKEN` →
/// `api_token`; `None` when that is no Rust identifier.
pub fn function_name(variable: &str) -> Option<String> {
    let name = variable.to_ascii_lowercase();
    is_identifier(&name).then_some(name)
}

/// What the settings module holds under `function`: `Some(true)` when it is
/// the read of `variable` this fix would write, `Some(false)` when the name
/// is taken by something else, `None` when it is free.
pub fn existing_function(settings: &str, function: &str, variable: &str) -> Option<bool> {
    let header = Regex::new(&format!(r"\bfn[ \t]+{function}[ \t]*\(")).ok()?;
    let found = header.find(settings)?;
    let body = &settings[found.end()..];
    let body = &body[..body.find("\n}").unwrap_or(body.len())];
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    Some(
        compact.starts_with(")->Result<String,std::env::VarError>{")
            && compact.contains(&format!("var(\"{variable}\")")),
    )
}

/// The function the fix adds at the end of the settings module.
pub fn definition(settings: &str, function: &str, variable: &str) -> String {
    let newline = if settings.is_empty() || settings.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    format!(
        "{newline}\n/// `{variable}`, from the environment.\npub fn {function}() -> Result<String, std::env::VarError> {{\n    std::env::var(\"{variable}\")\n}}\n"
    )
}

/// A name code can use: a Rust identifier, not a keyword.
fn is_identifier(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
        "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
        "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
        "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
        "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
    ];
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !KEYWORDS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_reads_whose_type_is_known_are_var_calls() {
        for call in [
            "std::env::var(\"API_TOKEN\")",
            "::std::env::var(\"API_TOKEN\")",
            "env::var(\"API_TOKEN\")",
            "var( \"API_TOKEN\" )",
        ] {
            assert!(is_var_call(call, "API_TOKEN"), "{call}");
        }
        for call in [
            "std::env::var_os(\"API_TOKEN\")",
            "std::env::var(KEY)",
            "std::env::var(\"OTHER\")",
            "dotenvy::var(\"API_TOKEN\")",
        ] {
            assert!(!is_var_call(call, "API_TOKEN"), "{call}");
        }
    }

    #[test]
    fn a_function_of_that_name_is_reused_only_when_it_is_the_same_read() {
        let same = "pub fn api_token() -> Result<String, std::env::VarError> {\n    std::env::var(\"API_TOKEN\")\n}\n";
        assert_eq!(
            existing_function(same, "api_token", "API_TOKEN"),
            Some(true)
        );
        let other = "pub fn api_token() -> String {\n    \"x\".into()\n}\n";
        assert_eq!(
            existing_function(other, "api_token", "API_TOKEN"),
            Some(false)
        );
        assert_eq!(existing_function(other, "api_url", "API_URL"), None);
        assert_eq!(function_name("TYPE"), None);
        assert_eq!(function_name("API-TOKEN"), None);
        assert_eq!(function_name("API_TOKEN").as_deref(), Some("api_token"));
    }
}
