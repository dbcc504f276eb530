//! A lexer's tokens. In a file that handles lexical tokens (each language
//! says which: [`super::python::lexical_code`], [`super::rust::lexical_code`]),
//! a logged or shown `token` is a piece of the text being read, not a
//! credential, unless the file ever gives that name a value read from a
//! request, a response, the environment or a login.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Whether `name` (`token`, `self.last_token`, `token_value`, `tok`) names
/// a token and nothing that says what it authenticates: no `access`,
/// `auth`, `api`, `bearer`, `session`, `refresh`, `id`, `oauth`, `jwt`,
/// `client`, `user`, `bot`, `secret`, `key`, `password`, `credential` or
/// `login` beside it.
fn bare_token_name(name: &str) -> bool {
    const AUTH: &str = "access auth api apikey bearer session refresh id oauth jwt client user \
                        bot secret key password passwd credential credentials login personal \
                        service github gitlab slack hf pat";
    let leaf = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
    let words: Vec<&str> = leaf.split('_').filter(|w| !w.is_empty()).collect();
    words.iter().any(|w| w.starts_with("tok"))
        && !words
            .iter()
            .any(|w| AUTH.split_whitespace().any(|a| a == *w) || w.ends_with("auth"))
}

/// Which of `names` (logged names, shown fields) hold lexical tokens in a
/// file its language judged to handle them: a name for a token that says
/// nothing of what it authenticates (see [`bare_token_name`]), or a local
/// the file assigns only such a name (`result = self.token`), and that the
/// file never assigns a value read from a request, a response, the
/// environment, a configuration or a credential call (`token =
/// resp.json()["token"]`, `let token = env::var("TOKEN")?`), which stays a
/// credential. Emptying a name (`None`, `""`) assigns it nothing either
/// way. `assignment` finds the file's assignments in its language
/// (group 1 the name assigned, group 2 the value), read in one pass,
/// whatever the number of names.
pub(super) fn tokens<'n>(
    text: &str,
    names: &HashSet<&'n str>,
    assignment: &regex::Regex,
) -> HashSet<&'n str> {
    static AUTH_SOURCE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)environ|getenv|\benv::|request|response|resp\b|\.json\(|header|auth|credential|login|secret|passw|settings|config|session|bearer|api_?key|jwt|keyring|vault|oauth|\bsign|encode\(|getpass",
        )
        .expect("valid regex")
    });
    let leaf = |name: &'n str| name.rsplit('.').next().unwrap_or(name);
    // Per assigned name: whether some assignment reads an authentication
    // source, and the bare names it is assigned (`None` once it is assigned
    // anything else).
    let mut assigned: HashMap<&str, (bool, Option<Vec<&str>>)> = HashMap::new();
    for caps in assignment.captures_iter(text) {
        let (Some(target), Some(value)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let value = value.as_str().trim();
        // Emptying a name (`result = None`, `token = ""`) gives it no
        // value to be a credential by, nor any other than the token.
        if matches!(value, "None" | "\"\"" | "''") {
            continue;
        }
        let entry = (assigned.entry(target.as_str())).or_insert((false, Some(Vec::new())));
        entry.0 |= AUTH_SOURCE.is_match(value);
        let plain = (value.bytes()).all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
        match (&mut entry.1, plain && bare_token_name(value)) {
            (Some(sources), true) => sources.push(value.rsplit('.').next().unwrap_or(value)),
            (sources, _) => *sources = None,
        }
    }
    let authenticated = |name: &str| assigned.get(name).is_some_and(|(auth, _)| *auth);
    names
        .iter()
        .copied()
        .filter(|name| {
            let leaf = leaf(name);
            match assigned.get(leaf) {
                Some((true, _)) => false,
                Some((false, Some(sources))) if !bare_token_name(leaf) => {
                    !sources.is_empty() && !sources.iter().any(|s| authenticated(s))
                }
                _ => bare_token_name(leaf),
            }
        })
        .collect()
}
