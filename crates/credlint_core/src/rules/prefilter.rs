//! The words the engine's first pass looks for besides the provider
//! keywords: credential words, words of credential positions, environment
//! triggers. They live here, beside the token scanner, because the scanner
//! finds them and its keywords with one automaton
//! ([`super::provider::TokenScanner::search`]), built once whoever asks
//! first: the engine's passes, or what redacts a name or a message
//! ([`super::token_spans`]), which knows no engine.

use crate::syntax;
use std::ops::Range;
use std::sync::LazyLock;

/// The prefilter's patterns: credential words, then the words of credential
/// positions, then environment triggers.
pub(crate) struct Prefilter {
    /// The words, searched in the provider scanner's pass
    /// ([`super::provider::TokenScanner::search`]).
    pub(crate) patterns: Vec<String>,
    pub(crate) credential_patterns: usize,
    /// Words of credential positions' calls: hits in code, never credential lines.
    pub(crate) position_words: Range<usize>,
    pub(crate) python_env: Range<usize>,
    pub(crate) rust_env: Range<usize>,
    pub(crate) text_only: Range<usize>,
}

pub(crate) static PREFILTER: LazyLock<Prefilter> = LazyLock::new(|| {
    // The name model's own words: a name it would flag always reaches it.
    let mut patterns = crate::value::prefilter_words();
    let credential_patterns = patterns.len();
    // Calls whose API says an argument is a credential (`smtp.login`,
    // `jwt.encode`) need no credential word. Words holding one already
    // (`HTTPBasicAuth`) are left to it, so that none hides a credential word.
    let positions: Vec<String> = syntax::positions::trigger_words()
        .into_iter()
        .filter(|w| !patterns.iter().any(|p| w.contains(p.as_str())))
        .collect();
    patterns.extend(positions);
    let position_words = credential_patterns..patterns.len();
    let python = ["environ", "getenv", "putenv", "unsetenv"];
    let rust = ["env::", "env!", "dotenv", "env as"];
    patterns.extend(python.iter().chain(&rust).map(|s| s.to_string()));
    let text_start = patterns.len();
    patterns.extend(TEXT_TRIGGERS.iter().map(|s| s.to_string()));
    Prefilter {
        credential_patterns,
        python_env: position_words.end..position_words.end + python.len(),
        rust_env: position_words.end + python.len()..text_start,
        position_words,
        text_only: text_start..patterns.len(),
        patterns,
    }
});

/// Lines of text files that hold a credential with no credential word on
/// them: a user and password handed to curl (`curl -u`) or HTTPie
/// (`http -a`), a Redis ACL rule (`user x on >pw`, `ACL SETUSER`), the
/// commands whose flags take a password without naming it (`docker login
/// -p`, `sshpass -p`, `mysql -p…`, `redis-cli -a`, `htpasswd -b`, `ldapsearch
/// -w`, `keytool -storepass`, `smbclient -U user%…`…; see
/// [`super::command_lines`]), and SQL's `CREATE USER u IDENTIFIED BY …`. They go to the `key = value` scan of text
/// files only; in source code such a line is a string the syntax stage does
/// not judge by name.
const TEXT_TRIGGERS: &[&str] = &[
    "curl",
    "http -a",
    "https -a",
    "on >",
    "setuser",
    " login",
    "sshpass",
    "mysql",
    "mariadb",
    "redis-cli",
    "htpasswd",
    "mongo",
    "ldap",
    "sqlcmd",
    "openssl",
    "keytool",
    "smbclient",
    "rpcclient",
    "smbcacls",
    "smbget",
    "smbtree",
    "securestring",
    "identified",
];
