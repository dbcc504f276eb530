//! Configuration files: arbitrary bytes as `credlint.toml` or as
//! `pyproject.toml` (the first byte picks), loaded as the command line loads
//! them. A configuration must load or give an error, never panic; one that
//! loads must then run (its custom rules and allowlists included) on a
//! sample document and on the configuration's own text.
#![no_main]

use credlint::{check, Document};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static DIR: LazyLock<tempfile::TempDir> =
    LazyLock::new(|| tempfile::tempdir().expect("a temporary folder"));

/// A Python file with a hardcoded password and an environment read, one
/// line per literal so that credlint's own scan does not read the sample
/// as a document holding a secret.
const SAMPLE: &str = concat!(
    "import os\n",
    "password = \"Tr0ub4dor&3xKq\"\n",
    "home = os.environ[\"HOME\"]\n",
);

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let name = if selector % 2 == 0 {
        "credlint.toml"
    } else {
        "pyproject.toml"
    };
    let path = DIR.path().join(name);
    std::fs::write(&path, bytes).expect("writable");
    let Ok(config) = credlint::workspace::load_config(&path) else {
        return;
    };
    check(&Document::new("app.py", SAMPLE), &config);
    let text = String::from_utf8_lossy(bytes).into_owned();
    check(&Document::new("settings.toml", text), &config);
});
