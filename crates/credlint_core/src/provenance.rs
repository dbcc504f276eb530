//! Where the code says a secret-looking value comes from.
//!
//! Cryptography and protocol libraries test themselves against published
//! known-answer vectors: the RFC 8032 Ed25519 keys, the RFC 7677 SCRAM
//! password, the TLS PRF vectors, the RFC 6750 bearer token. Their values
//! are as random as a real key, so the value model cannot tell them apart;
//! what can is the code around them, which says where they come from: a
//! comment citing the RFC, a `test_load_*_vectors` function, a
//! `load_vectors_from_file(…)` call, a `// known answer tests` note. API
//! clients do the same with the example their provider's documentation
//! signs a request with (`// Example from the REST API docs`).
//!
//! The judgement is deliberately narrow. It applies only in test code (the
//! configured test paths, or Rust code under `#[cfg(test)]`/`#[test]`),
//! because application code citing an RFC (`# OAuth2 client secret, RFC
//! 6749`) is describing a real credential, and only to citations found in
//! the value's own line, the headers of the blocks enclosing it and
//! the comments of those blocks above it, so a citation elsewhere in a file
//! does not excuse every value in it.

use crate::document::{Document, Language};
use crate::syntax::{is_test_attribute, is_test_module_name};
use regex::Regex;
use std::sync::LazyLock;

/// A citation of a published vector: an RFC number, "test vector(s)",
/// "known answer" / KAT, an identifier naming vectors
/// (`load_ed25519_vectors`, `TEST_VECTORS`), or a provider's documented
/// example (`// Example from the REST API docs`,
/// `fn sign_matches_documentation_example`): an API's documentation
/// publishes the key its signing examples are computed with; or a link to
/// a provider's page of testing keys (`# https://…/api#testingkeys`,
/// `…/docs/test-keys`), keys it publishes for anyone to try its error
/// answers with. Only a link counts: a comment calling a value a test key
/// says nothing of where it comes from.
static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \brfc[\s_-]?\d{3,5}
        | test[\s_-]?vectors?
        | known[\s_-]?answer
        | \bkats?\b
        | [a-z0-9]_vectors?(?:_|\b)
        | \bvectors?_[a-z]
        | (?:\b|_)(?:api[\s_-]+)?(?:docs?|documentation)[\s_-]+examples?(?:\b|_)
        | \bhttps?://\S*?test(?:ing)?[_-]?keys\b
        | (?:\b|_)examples?[\s_-]+(?:(?:from|in|of)[\s_-]+)(?:the[\s_-]+)?(?:[\w.-]+[\s_-]+){0,4}(?:docs?|documentation)\b",
    )
    .expect("citation regex")
});

/// A note that the value was made locally with a key tool (`// Generated
/// using: ssh-keygen -t ecdsa -m rfc4716`): whatever RFC such a line names
/// is a format option, and the value is somebody's own key, not a
/// published vector. So is a key the project makes its own vectors with
/// (`// to generate new test vectors you'll need this key`), or a vector it
/// made itself with another library (`// This test vector is created by
/// using python-jwcrypto`, followed by the script that generated the key).
static GENERATED_LOCALLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \bgenerated[\s_-]+(?:using|with|by|via)\b
        | \b(?:created|made|produced)[\s_-]+(?:by[\s_-]+)?(?:using|with|via)\b
        | \bssh-keygen\b
        | \bopenssl\s+(?:genrsa|genpkey|ecparam|req|gendsa)\b
        | \bkeytool\b
        | \bgpg\s+--(?:full-)?gen
        | \bgenerat(?:e|es|ed|ing)\s+(?:(?:new|more|the|our|these|your)\s+)*test[\s_-]?vectors?",
    )
    .expect("generated regex")
});

/// Whether the value starting at byte `at` of `text` is cited as a published
/// test vector. The path is not a citation: a test folder named `rfc6749/`
/// says which specification the code implements, not where its keys come
/// from. `in_test_path` says whether the file is test code by its
/// path; Rust `#[cfg(test)]` modules and `#[test]` functions count as test
/// code wherever they are.
pub fn is_published_vector(doc: &Document, at: usize, in_test_path: bool) -> bool {
    // Outside the test paths only Rust can hold test code, so other files
    // are not walked at all.
    if !in_test_path && doc.language != Language::Rust {
        return false;
    }
    let Some(outline) = Outline::above(&doc.text, at, in_test_path) else {
        return false;
    };
    outline.lines.iter().any(|l| CITATION.is_match(l))
        && !outline.lines.iter().any(|l| GENERATED_LOCALLY.is_match(l))
}

/// Whether a file holds test vectors by its name or folder
/// (`test_vectors/v4.json`, `testvectors/`, `ed25519-test-vectors.txt`,
/// `vectors/`): the values of a specification's or a library's published
/// vectors, which every implementation copies to test against. A path names
/// no specification here, unlike a citation: it says what the whole file is.
///
/// A data file named after an RFC (`RFC7520-RSA-private.json`,
/// `RFC7516-A.1.3.json`, `jwe_rfc7520.json`) is one too: JOSE and OAuth
/// libraries keep each of an RFC's example keys and messages in a file of
/// its own, named for the RFC and often its section, and test against them.
/// Only the file's own name counts, and only for data (JSON, YAML, TOML,
/// text): a folder named `rfc6749/` or a module `rfc6749.py` says which
/// specification the code implements, not where its values come from.
pub fn holds_test_vectors(path: &std::path::Path) -> bool {
    path.iter().any(|part| {
        let part = part.to_string_lossy().to_ascii_lowercase();
        let stem = part.split('.').next().unwrap_or("");
        stem == "vectors"
            || ["test_vector", "test-vector", "testvector"]
                .iter()
                .any(|w| stem.contains(w))
    }) || data_file_named_for_an_rfc(path)
}

/// The extensions of data files an RFC's examples are kept in.
const VECTOR_DATA_EXTENSIONS: &[&str] = &["json", "jsonl", "yaml", "yml", "toml", "txt"];

/// An RFC number in a file name (`rfc7520`, `RFC-8037`, `rfc_7516`), not
/// inside a longer word.
static RFC_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^a-z])rfc[_-]?\d{3,5}(?:[^0-9]|$)").expect("rfc name regex")
});

/// Whether the file's own name cites an RFC ([`RFC_NAME`]) and its extension
/// is one of [`VECTOR_DATA_EXTENSIONS`].
fn data_file_named_for_an_rfc(path: &std::path::Path) -> bool {
    let is_data = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| VECTOR_DATA_EXTENSIONS.contains(&e.as_str()));
    is_data
        && path
            .file_name()
            .is_some_and(|name| RFC_NAME.is_match(&name.to_string_lossy()))
}

/// A vendor's documented example credential, marked as such in its body:
/// AWS's `AKIDEXAMPLE`, `AKIAIOSFODNN7EXAMPLE`, `wJalr…EXAMPLEKEY`.
static EXAMPLE_CREDENTIAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9/+]{4}EXAMPLE").expect("example credential regex"));

/// How far from a value its credential set reaches, in lines each way: a
/// JSON object or a tuple of key id, secret and session token.
const SET_REACH: usize = 2;

/// How far from a value its credential set reaches, in bytes: two lines of
/// a JSON object or a tuple either way, with room to spare.
const SET_REACH_BYTES: usize = 1024;

/// Whether the value at `span` sits in one paragraph (no blank line between)
/// with a vendor's example credential, at most two lines away: the rest of a
/// documented example set (the session token of AWS's signing test suite
/// beside `AKIDEXAMPLE`, a secret beside `AKIAIOSFODNN7EXAMPLE`), or one of
/// its values altered a letter to test a mismatch. Unlike a citation this
/// holds anywhere, as a real secret is never filed beside the vendor's
/// example partner.
pub fn beside_example_credential(text: &str, span: &std::ops::Range<usize>) -> bool {
    // A set spans a few short lines: what lies further is not read, so a
    // megabyte-long line costs each value its neighbourhood only.
    let (offset, text) = crate::lines::around(text, span, SET_REACH_BYTES);
    let span = &(span.start - offset..span.end - offset);
    let start = text[..span.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = text[span.end.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let own = &text[start..end];
    let outside_value =
        |m: regex::Match<'_>| start + m.end() <= span.start || start + m.start() >= span.end;
    let near = |lines: &mut dyn Iterator<Item = &str>| {
        lines
            .take(SET_REACH)
            .take_while(|line| !line.trim().is_empty())
            .any(|line| line.contains("EXAMPLE") && EXAMPLE_CREDENTIAL.is_match(line))
    };
    // The word is looked for first: most values have no example beside
    // them, and then the regex is never compiled.
    own.contains("EXAMPLE") && EXAMPLE_CREDENTIAL.find_iter(own).any(outside_value)
        || near(&mut text[..start].lines().rev())
        || near(&mut text[end..].lines().skip(1))
}

/// The lines that describe the line at a given offset: the line itself, the
/// headers of its enclosing blocks (found by indentation, which both Python
/// and formatted Rust follow), the comments above it at its enclosing levels,
/// and the comment paragraph attached above the outermost header.
struct Outline<'a> {
    lines: Vec<&'a str>,
}

#[cfg(test)]
thread_local! {
    /// The lines [`Outline::above`] has looked at on this thread, for the
    /// tests that hold its work to the size of the file.
    static LINES_WALKED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl<'a> Outline<'a> {
    /// The outline of the line at `at`, or `None` when that line is not test
    /// code: `in_test_path` says the whole file is; otherwise only Rust
    /// `#[cfg(test)]` modules and `#[test]` functions are, which the walk
    /// finds as it goes. Once it has reached the top level past the
    /// outermost header's attributes nothing can make the line test code
    /// any more, and it stops there: walking on through a paragraph of
    /// thousands of top-level functions for each of their values made an
    /// editor's analysis of such a file quadratic (8,000 functions, 16,000
    /// findings: seconds per keystroke, a17 #14).
    fn above(text: &'a str, at: usize, in_test_path: bool) -> Option<Self> {
        let at = at.min(text.len());
        let start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let own = &text[start..end];
        let mut lines = vec![own];
        let mut level = indent(own);
        let mut in_rust_test = false;
        // Walking up: a code line less indented than everything below it
        // that opens a block heads an enclosing block. A comment at or above
        // the current level describes the line when it is in the line's
        // paragraph (no blank line between), and everything below it in the
        // block when it stands alone (a blank line follows it: `// Known
        // answer tests from …` over a group of tests); a comment attached to
        // a sibling item describes that item only. At the top level, only the
        // nearest comment block of the same paragraph still describes it: a
        // file's later constants are not all covered by its first comment.
        let mut previous_header = false;
        let mut top_comment = false;
        let mut crossed_blank = false;
        // What the line below the current one was, walking up.
        let mut below = Below::Code;
        let mut standalone = false;
        for line in text[..start].lines().rev() {
            // At the top level, past the attributes of a header (the only
            // place `#[cfg(test)]` counts), no later line sets `in_rust_test`.
            if level == 0 && !previous_header && !(in_test_path || in_rust_test) {
                return None;
            }
            #[cfg(test)]
            LINES_WALKED.with(|walked| walked.set(walked.get() + 1));
            let trimmed = line.trim_start();
            if trimmed.is_empty() {
                if level == 0 {
                    break;
                }
                previous_header = false;
                crossed_blank = true;
                below = Below::Blank;
                continue;
            }
            let depth = indent(line);
            if is_comment(trimmed) && depth <= level {
                standalone = match below {
                    Below::Blank => true,
                    Below::Comment => standalone,
                    Below::Code => false,
                };
                if !crossed_blank || standalone {
                    lines.push(line);
                    top_comment |= level == 0;
                }
                below = Below::Comment;
                continue;
            }
            below = Below::Code;
            if is_comment(trimmed) {
                continue;
            }
            if top_comment {
                break;
            }
            if is_attribute(trimmed) {
                if previous_header && is_test_attribute(trimmed) {
                    in_rust_test = true;
                }
                continue;
            }
            if depth < level && opens_block(trimmed) {
                lines.push(line);
                level = depth;
                previous_header = true;
                crossed_blank = false;
                let module = trimmed.trim_start_matches("pub ").strip_prefix("mod ");
                if module.is_some_and(|m| is_test_module_name(m.trim_end_matches([' ', '{']))) {
                    in_rust_test = true;
                }
            } else {
                previous_header = false;
            }
        }
        (in_test_path || in_rust_test).then_some(Self { lines })
    }
}

/// Whether a code line can head a block: it ends by opening one (`{` in
/// Rust, `:` in Python, or a bracket its header continues past). The lines
/// of a multi-line string (a PEM key's body, flush left inside an indented
/// test module) are less indented than the code around them but head
/// nothing, and taking one for a header would lose the module it sits in.
fn opens_block(trimmed: &str) -> bool {
    let code = trimmed.split(" //").next().unwrap_or(trimmed);
    let code = code.split("  #").next().unwrap_or(code).trim_end();
    code.ends_with(['{', ':', '(', '['])
}

/// The line below, as [`Outline::above`] walks up a file.
#[derive(Clone, Copy)]
enum Below {
    Blank,
    Comment,
    Code,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_comment(trimmed: &str) -> bool {
    ["#", "//", "/*", "* ", "\"\"\"", "'''"]
        .iter()
        .any(|p| trimmed.starts_with(p))
        && !is_attribute(trimmed)
}

fn is_attribute(trimmed: &str) -> bool {
    trimmed.starts_with("#[") || trimmed.starts_with("#![") || trimmed.starts_with('@')
}

#[cfg(test)]
mod tests {
    use super::{beside_example_credential, is_published_vector};
    use crate::document::Document;

    #[test]
    fn test_vector_files_are_named_so() {
        use super::holds_test_vectors;
        use std::path::Path;
        for path in [
            "test_vectors/v4.json",
            "tests/testvectors/keys.txt",
            "ed25519-test-vectors.json",
            "vendor/vectors/hmac.txt",
            "Test_Vectors/PASERK/k4.secret.json",
            "tests/keys/RFC7520-RSA-private.json",
            "tests/keys/RFC7516-A.1.3.json",
            "tests/fixtures/jwe_rfc7520.json",
            "spec/rfc-8037-ed25519.yaml",
        ] {
            assert!(holds_test_vectors(Path::new(path)), "{path}");
        }
        for path in [
            "src/vector.rs",
            "vectorstore/config.py",
            "tests/keys.json",
            "vectors_db.py",
            "src/oauthlib/rfc6749/tokens.json.py",
            "src/rfc6749/clients.json",
            "tests/rfc7520/keys.json",
            "src/joserfc/_rfc7638/__init__.py",
            "tests/test_rfc7520.py",
            "docs/rfcs.json",
            "tests/surfc1234.json",
        ] {
            assert!(!holds_test_vectors(Path::new(path)), "{path}");
        }
    }

    fn cited_in(path: &str, text: &str, needle: &str, in_test_path: bool) -> bool {
        let at = text.find(needle).expect("needle in text");
        is_published_vector(&Document::new(path, text), at, in_test_path)
    }

    fn cited(text: &str, needle: &str, in_test_path: bool) -> bool {
        cited_in("tests/test_x.py", text, needle, in_test_path)
    }

    fn cited_rust(text: &str, needle: &str) -> bool {
        cited_in("src/prf.rs", text, needle, false)
    }

    const RUST_KAT: &str = "\
#[cfg(test)]
mod tests {
    // Known answer tests from the TLS working group.

    #[test]
    fn first() {
        let secret = b\"\\x9b\\xbe\";
    }

    #[test]
    fn second() {
        let secret = b\"SECOND\";
    }
}
";

    #[test]
    fn a_locally_generated_key_is_not_published_whatever_rfc_its_command_names() {
        let text = "#[cfg(test)]\nmod tests {\n    #[test]\n    fn decode() {\n        // Generated using: ssh-keygen -t ecdsa -b 256 -m rfc4716 -f $file\n        let key = \"KEY\";\n    }\n}\n";
        assert!(!cited_rust(text, "KEY"));
        assert!(cited_rust(
            &text.replace("Generated using: ssh-keygen", "From"),
            "KEY"
        ));
    }

    #[test]
    fn a_vector_made_with_another_library_is_not_published() {
        let text = "#[cfg(test)]\nmod tests {\n    #[test]\n    fn interop() {\n        // This test vector is created by using python-jwcrypto\n        let key = \"KEY\";\n    }\n}\n";
        assert!(!cited_rust(text, "KEY"));
        assert!(!cited_rust(
            &text.replace("created by using", "made with"),
            "KEY"
        ));
        assert!(cited_rust(
            &text.replace("is created by using python-jwcrypto", "from RFC 7516"),
            "KEY"
        ));
    }

    /// The values of a file of thousands of top-level functions are each
    /// judged by a few lines above them, not by every function above: the
    /// work grows with the file, not with its square (a17 #14). Test code
    /// found by the walk still counts.
    #[test]
    fn an_outline_outside_test_code_walks_no_further_than_the_top_level() {
        use super::LINES_WALKED;
        let functions = 2_000;
        let text = "fn f() {\n    let key = \"KEY\";\n}\n".repeat(functions);
        let doc = Document::new("src/keys.rs", &text);
        LINES_WALKED.with(|walked| walked.set(0));
        for (at, _) in text.match_indices("\"KEY\"") {
            assert!(!is_published_vector(&doc, at, false));
        }
        let walked = LINES_WALKED.with(std::cell::Cell::get);
        assert!(walked <= 2 * functions, "{walked} lines walked");
        let cited = format!(
            "#[cfg(test)]\nmod tests {{\n    // RFC 8032\n{}}}\n",
            "    fn f() {\n        let key = \"KEY\";\n    }\n".repeat(3)
        );
        assert!(cited_rust(&cited, "\"KEY\""));
    }

    #[test]
    fn rust_known_answer_tests_in_a_test_module() {
        assert!(cited_rust(RUST_KAT, "\\x9b"));
        assert!(cited_rust(RUST_KAT, "SECOND"));
    }

    /// A multi-line string's body is flush left inside the indented test
    /// module; its lines head no block, so the module is still found.
    #[test]
    fn flush_left_string_bodies_do_not_hide_the_test_module() {
        let text = "#[cfg(test)]\nmod test {\n    const OTHER: &str = \"-----BEGIN KEY-----\nAAAA\n-----END KEY-----\";\n\n    // Key from RFC 8410 Section 10.3.\n    const KEY: &str = \"-----BEGIN PRIVATE KEY-----\nMC4C\n-----END PRIVATE KEY-----\";\n}\n";
        assert!(cited_rust(text, "\"-----BEGIN PRIVATE"));
        assert!(!cited_rust(
            &text.replace("#[cfg(test)]\nmod test", "mod keys"),
            "\"-----BEGIN PRIVATE"
        ));
    }

    #[test]
    fn rust_citation_outside_test_code_excuses_nothing() {
        let text = RUST_KAT
            .replace("#[cfg(test)]\n", "")
            .replace("#[test]", "");
        let text = text.replace("mod tests", "mod prf");
        assert!(!cited_rust(&text, "SECOND"));
    }

    const PY_VECTORS: &str = "\
import pytest


def test_load_ed25519_vectors():
    data = load(\"x\")
    assert data == [
        {
            \"secret_key\": (
                \"9d61b19d\"
            ),
        },
    ]


def test_login():
    password = \"Zq8!hunter\"
";

    #[test]
    fn python_vector_loader_function_names_its_values() {
        assert!(cited(PY_VECTORS, "9d61b19d", true));
    }

    #[test]
    fn a_citation_in_a_sibling_function_does_not_spread() {
        assert!(!cited(PY_VECTORS, "Zq8!", true));
    }

    #[test]
    fn top_level_paragraph_and_name_cite_the_rfc() {
        let text = "import x\n\n# Salted password from the RFC 7677 example.\nPASSWORD = \"pencil\"\nSALT = b\"W22Z\"\n\nOTHER = \"kx81\"\n";
        assert!(cited(text, "W22Z", true));
        assert!(!cited(text, "kx81", true));
        let named = "RFC7677_SALT = b\"W22Z\"\n";
        assert!(cited(named, "W22Z", true));
    }

    #[test]
    fn the_password_of_a_vector_file_is_part_of_the_vector() {
        let text = "def test_pbkdf():\n    key = load_vectors_from_file(\n        path,\n        lambda f: load_key(f.read(), password=b\"Pol4rTest\"),\n    )\n";
        assert!(cited(text, "Pol4r", true));
        assert!(!cited(&text.replace("vectors_", ""), "Pol4r", true));
    }

    #[test]
    fn a_providers_documented_example_is_published() {
        let comment = "#[cfg(test)]\nmod tests {\n    #[test]\n    fn sign_hmac() {\n        // Example from the Spot REST API docs, signed endpoints\n        let secret = \"KEY\";\n    }\n}\n";
        assert!(cited_rust(comment, "KEY"));
        let name = comment.replace("sign_hmac", "sign_hmac_matches_documentation_example");
        let name = name.replace("Example from the Spot REST API docs, signed endpoints", "");
        assert!(cited_rust(&name, "KEY"));
        assert!(cited(
            "# see the API docs example\nSECRET = \"kx81\"\n",
            "kx81",
            true
        ));
        // Mentioning an example or the docs alone cites nothing.
        assert!(!cited(
            "# example client, see the docs\nSECRET = \"kx81\"\n",
            "kx81",
            true
        ));
        assert!(!cited(
            "# Example from the REST API docs\nSECRET = \"kx81\"\n",
            "kx81",
            false
        ));
    }

    #[test]
    fn application_code_citing_an_rfc_is_still_checked() {
        let text = "# OAuth2 client secret (RFC 6749, section 2.3.1)\nCLIENT_SECRET = \"kx81\"\n";
        assert!(!cited(text, "kx81", false));
    }

    #[test]
    fn words_that_merely_contain_the_citations_do_not_count() {
        let text = "# build the vectorised index from frfc1234x\nTOKEN = \"kx81\"\n";
        assert!(!cited(text, "kx81", true));
    }

    fn beside_example(text: &str, needle: &str) -> bool {
        let at = text.find(needle).expect("needle in text");
        beside_example_credential(text, &(at..at + needle.len()))
    }

    #[test]
    fn the_rest_of_a_vendor_example_set_is_an_example() {
        let json = "{\n  \"access_key_id\": \"AKIDEXAMPLE\",\n  \"secret_access_key\": \"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\",\n  \"token\": \"9c41d0b3e5a27f86\"\n}\n";
        assert!(beside_example(json, "9c41d0b3e5a27f86"));
        let tuple = "(\n    \"AKIAIOSFODNN7EXAMPLQ\",\n    \"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\",\n),\n";
        assert!(beside_example(tuple, "AKIAIOSFODNN7EXAMPLQ"));
        let header = "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830 X-Amz-Security-Token=9c41d0b3e5a27f86\n";
        assert!(beside_example(header, "9c41d0b3e5a27f86"));
    }

    #[test]
    fn a_secret_apart_from_example_sets_is_judged_alone() {
        // Across a blank line, too far away, or the value marked itself.
        let text =
            "AWS_ACCESS_KEY_ID = \"AKIAIOSFODNN7EXAMPLE\"\n\nAPI_TOKEN = \"9c41d0b3e5a27f86\"\n";
        assert!(!beside_example(text, "9c41d0b3e5a27f86"));
        let far = format!(
            "id = \"AKIDEXAMPLE\"\n{}token = \"9c41d0b3e5a27f86\"\n",
            "x = 1\n".repeat(2)
        );
        assert!(!beside_example(&far, "9c41d0b3e5a27f86"));
        assert!(!beside_example("key = \"Zr8qEXAMPLEq\"\n", "Zr8qEXAMPLEq"));
    }
}
