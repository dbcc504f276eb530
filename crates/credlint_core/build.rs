//! Turns the provider table (`src/rules/providers.toml`) into Rust at build
//! time, so that no run parses it: parsing its 3,000 lines of TOML was 14 M
//! instructions of every start, a tenth of a one-file check. The generated
//! `providers.rs` builds the same `TokenRuleDef`s that deserialising the
//! file gave (a unit test holds the two equal); a key the table may not
//! hold, or a value of the wrong type, fails the build as it failed the
//! first run.

// A build script reads its input and writes its output: the I/O the
// engine's own code may not do (clippy.toml) is its whole job.
#![allow(clippy::disallowed_methods)]

use std::fmt::Write as _;

#[path = "src/rules/provider/required.rs"]
mod required;

fn main() {
    let source = "src/rules/providers.toml";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-changed=src/rules/provider/required.rs");
    let text = std::fs::read_to_string(source).expect("providers.toml is readable");
    let table: toml::Table = toml::from_str(&text).expect("providers.toml parses");
    let mut out = String::from("vec![\n");
    for (key, value) in &table {
        assert_eq!(key, "rule", "providers.toml: unknown top-level key `{key}`");
        for rule in value.as_array().expect("`rule` is an array of tables") {
            let rule = rule.as_table().expect("each rule is a table");
            out.push_str(&rule_def(rule));
        }
    }
    out.push_str("]\n");
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{dir}/providers.rs"), out).expect("OUT_DIR is writable");
    std::fs::write(format!("{dir}/required_literals.rs"), literals(&table))
        .expect("OUT_DIR is writable");
    std::fs::write(format!("{dir}/estimate_tables.rs"), estimate_tables())
        .expect("OUT_DIR is writable");
}

/// The password-strength estimator's dictionaries and keyboards
/// (`data/zxcvbn/`, see its README), as static tables: every word once,
/// sorted, with its best rank (a word in several lists takes its lowest
/// rank, which is the match the estimator would prefer), and each
/// keyboard's neighbours indexed by key. Building the ranked dictionaries
/// at the first estimate was 80 M instructions of a one-file check.
fn estimate_tables() -> String {
    const LISTS: [&str; 6] = [
        "passwords",
        "english_wiki",
        "female_names",
        "male_names",
        "surnames",
        "us_tv_and_film",
    ];
    let mut ranks: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for list in LISTS {
        let path = format!("data/zxcvbn/{list}.txt");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).expect("a word list is readable");
        // Within one list a word's last line is its rank (as a map built
        // from the list in order keeps it); across lists, the lowest.
        let mut own: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (line, word) in text.lines().enumerate() {
            own.insert(word, line + 1);
        }
        for (word, rank) in own {
            let best = ranks.entry(word.to_owned()).or_insert(rank);
            *best = (*best).min(rank);
        }
    }
    let mut blob = String::new();
    let mut ends = String::new();
    let mut rank_list = String::new();
    for (word, rank) in &ranks {
        blob.push_str(word);
        let _ = write!(ends, "{},", blob.len());
        let _ = write!(rank_list, "{rank},");
    }
    let mut out = format!(
        "/// Every dictionary word, sorted, one after another.\n\
         pub(super) static WORDS: &str = {blob:?};\n\
         /// Where each word of [`WORDS`] ends (the previous one's end is where it starts).\n\
         pub(super) static ENDS: [u32; {n}] = [{ends}];\n\
         /// Each word's rank in the lists: 1 is the commonest.\n\
         pub(super) static RANKS: [u32; {n}] = [{rank_list}];\n",
        n = ranks.len(),
    );
    for (name, slots) in [
        ("qwerty", 6),
        ("dvorak", 6),
        ("keypad", 8),
        ("mac_keypad", 8),
    ] {
        let path = format!("data/zxcvbn/{name}.txt");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).expect("a keyboard is readable");
        let mut keys = vec![None; 128];
        let (mut count, mut neighbours) = (0u64, 0u64);
        for line in text.lines() {
            let mut fields = line.split('\t');
            let key = fields.next().expect("a key").as_bytes();
            assert!(key.len() == 1, "{path}: one ASCII key a line");
            let mut around = [[0u8; 2]; 8];
            let found: Vec<&str> = fields.collect();
            assert_eq!(found.len(), slots, "{path}: {slots} neighbours of each key");
            for (slot, text) in around.iter_mut().zip(&found) {
                assert!(
                    text.len() <= 2 && text.is_ascii(),
                    "{path}: a neighbour is one key"
                );
                slot[..text.len()].copy_from_slice(text.as_bytes());
                neighbours += u64::from(!text.is_empty());
            }
            keys[usize::from(key[0])] = Some(around);
            count += 1;
        }
        let keys: Vec<String> = keys.iter().map(|k| format!("{k:?}")).collect();
        let _ = writeln!(
            out,
            "/// The `{name}` keyboard: each key's neighbours, by direction.\n\
             pub(super) static {upper}: Keyboard = Keyboard {{ name: {name:?}, keys: {count}, \
             average_degree: {degree}, neighbours: [{keys}] }};",
            upper = name.to_uppercase(),
            degree = neighbours / count,
            keys = keys.join(", "),
        );
    }
    out
}

/// The literals the rules with a short keyword need (what
/// `TokenRule::required_literals` reads), as a slice of `(pattern, without
/// Unicode mode, with it)` sorted by pattern, each pattern once.
fn literals(table: &toml::Table) -> String {
    let mut patterns: Vec<&str> = Vec::new();
    for rule in table
        .values()
        .flat_map(|v| v.as_array().into_iter().flatten())
    {
        let rule = rule.as_table().expect("each rule is a table");
        let shortest = rule
            .get("keywords")
            .and_then(|k| k.as_array())
            .and_then(|k| k.iter().filter_map(|w| w.as_str()).map(str::len).min());
        if shortest.is_none_or(|n| n > required::REQUIRED_MIN_LEN) {
            continue;
        }
        let pattern = rule.get("gate").or_else(|| rule.get("regex"));
        if let Some(pattern) = pattern.and_then(|p| p.as_str()) {
            patterns.push(pattern);
        }
    }
    patterns.sort_unstable();
    patterns.dedup();
    let spelled = |literals: Option<Vec<Vec<u8>>>| {
        literals.map_or("None".to_owned(), |literals| {
            let items: Vec<String> = literals.iter().map(|l| format!("&{l:?}")).collect();
            format!("Some(&[{}])", items.join(", "))
        })
    };
    let mut out = String::from("&[\n");
    for pattern in patterns {
        let _ = writeln!(
            out,
            "({pattern:?}, {}, {}),",
            spelled(required::required_literals(pattern, false)),
            spelled(required::required_literals(pattern, true)),
        );
    }
    out.push_str("]\n");
    out
}

/// One `TokenRuleDef` literal: every field, with the defaults
/// `#[serde(default)]` gives a missing key.
fn rule_def(rule: &toml::Table) -> String {
    const KEYS: &[&str] = &[
        "id",
        "name",
        "description",
        "regex",
        "secret_group",
        "secret-group",
        "keywords",
        "gate",
        "entropy",
        "allow",
        "severity",
        "references",
        "examples",
        "negative_examples",
        "negative-examples",
        "checksum",
        "checksum_required",
        "checksum-required",
    ];
    let id = rule.get("id").and_then(|v| v.as_str()).unwrap_or("?");
    for key in rule.keys() {
        assert!(KEYS.contains(&key.as_str()), "{id}: unknown key `{key}`");
    }
    // A field and its alias (`secret-group`) are one key.
    let get = |key: &str| -> Option<&toml::Value> {
        let alias = key.replace('_', "-");
        match (rule.get(key), rule.get(&alias).filter(|_| alias != key)) {
            (Some(_), Some(_)) => panic!("{id}: duplicate field `{key}`"),
            (value, alias) => value.or(alias),
        }
    };
    let string = |key: &str| -> Option<String> {
        get(key).map(|v| {
            let s = v
                .as_str()
                .unwrap_or_else(|| panic!("{id}: `{key}` is a string"));
            format!("{s:?}.to_owned()")
        })
    };
    let strings = |key: &str| -> String {
        let Some(value) = get(key) else {
            return "Vec::new()".to_owned();
        };
        let items = value
            .as_array()
            .unwrap_or_else(|| panic!("{id}: `{key}` is an array"));
        let mut out = String::from("vec![");
        for item in items {
            let s = item
                .as_str()
                .unwrap_or_else(|| panic!("{id}: `{key}` holds strings"));
            let _ = write!(out, "{s:?}.to_owned(), ");
        }
        out.push(']');
        out
    };
    let optional =
        |value: Option<String>| value.map_or("None".to_owned(), |v| format!("Some({v})"));
    let required = |key: &str| string(key).unwrap_or_else(|| panic!("{id}: missing field `{key}`"));
    let secret_group = get("secret_group").map_or(0, |v| {
        let n = v
            .as_integer()
            .unwrap_or_else(|| panic!("{id}: `secret_group` is an integer"));
        usize::try_from(n).unwrap_or_else(|_| panic!("{id}: `secret_group` is not negative"))
    });
    let entropy = get("entropy").map(|v| {
        let x = match v {
            toml::Value::Float(x) => *x,
            toml::Value::Integer(n) => *n as f64,
            _ => panic!("{id}: `entropy` is a number"),
        };
        format!("{x:?}_f64")
    });
    let severity = get("severity").map(|v| {
        match v.as_str() {
            Some("hint") => "Severity::Hint",
            Some("info") => "Severity::Info",
            Some("warning") => "Severity::Warning",
            Some("error") => "Severity::Error",
            _ => panic!("{id}: `severity` is hint, info, warning or error"),
        }
        .to_owned()
    });
    // A checksum kind's name is its variant's in kebab case
    // (`crc32-base62` is `Checksum::Crc32Base62`): a name no variant has
    // fails to compile, as it failed to deserialise.
    let checksum = get("checksum").map(|v| {
        let name = v
            .as_str()
            .unwrap_or_else(|| panic!("{id}: `checksum` is a string"));
        let variant: String = name
            .split('-')
            .map(|word| {
                let mut chars = word.chars();
                chars.next().map_or(String::new(), |first| {
                    first.to_ascii_uppercase().to_string() + chars.as_str()
                })
            })
            .collect();
        format!("Checksum::{variant}")
    });
    let checksum_required = get("checksum_required").is_some_and(|v| {
        v.as_bool()
            .unwrap_or_else(|| panic!("{id}: `checksum_required` is a boolean"))
    });
    assert!(get("keywords").is_some(), "{id}: missing field `keywords`");
    format!(
        "TokenRuleDef {{ id: {}, name: {}, description: {}, regex: {}, secret_group: {secret_group}, \
         keywords: {}, gate: {}, entropy: {}, allow: {}, severity: {}, references: {}, \
         examples: {}, negative_examples: {}, checksum: {}, \
         checksum_required: {checksum_required} }},\n",
        required("id"),
        optional(string("name")),
        optional(string("description")),
        required("regex"),
        strings("keywords"),
        optional(string("gate")),
        optional(entropy),
        strings("allow"),
        optional(severity),
        strings("references"),
        strings("examples"),
        strings("negative_examples"),
        optional(checksum),
    )
}
