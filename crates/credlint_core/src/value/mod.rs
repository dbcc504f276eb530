//! The value model: is this name a credential's, and does this value look
//! like a real secret?
//!
//! `secret/hardcoded-credential`, `secret/connection-string` and the
//! `key = value` scan of text files ask these two questions of every
//! name/value pair they find, and the provider rules ask the second of the
//! bodies of their tokens. The answer is built in one place, in this order:
//!
//! 1. **Unwrap** what carries the value: an HTTP authentication scheme
//!    (`Bearer …`; `Basic …` is base64-decoded to `user:password`), a
//!    `user:password` pair, percent-encoding.
//! 2. **Shape** ([`shape`]): placeholders (`<token>`, `{{ token }}`,
//!    `%(password)s`, `$TOKEN`, `***`, `changeme`), references (identifiers,
//!    environment-variable names, dotted paths, file names), URLs, paths,
//!    format strings, password hashes, algorithm names and vendors' published
//!    examples are not secrets.
//! 3. **Strength** ([`strength`]): a value a person made to look like a
//!    password (dictionary words, leetspeak, keyboard walks, sequences,
//!    repeats, phrases) is a toy, whatever its length; what is left must
//!    also have the length, character classes and entropy its kind needs.
//!
//! The name decides how demanding step 3 is: a password may be short and
//! typed by a person; a token, key or secret is machine-made and must look
//! random.

mod estimate;
mod jwt;
mod name;
mod pem;
mod published;
mod shape;
mod strength;

pub use jwt::is_inert_jwt;
#[cfg(test)]
pub use name::model_words;
pub use name::{
    credential_kind, joined_word, names_a_kdf_salt, names_a_salt, names_auth_hash_header,
    names_authenticator_data, names_key_id, names_shown_in_clear, prefilter_words, words,
    SIGNING_WORDS,
};
pub use pem::is_rsa_key_stub;
pub use published::is_published_example;
pub use shape::strip_auth_scheme;
#[cfg(test)]
pub use strength::zxcvbn_runs;
pub use strength::{entropy, is_dictionary_word, Budget};

use base64::Engine as _;
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// What a credential-named target holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// Passwords and passphrases: people choose them, so they may be short.
    Password,
    /// Tokens, keys, secrets, salts: machine-made, so they should look random.
    Secret,
}

/// Whether `value`, bound to a target named `name` of `kind`, looks like a
/// real secret rather than a placeholder, a reference, a label or a toy.
pub fn looks_like_secret(kind: NameKind, name: &str, value: &str) -> bool {
    let value = unquoted(value.trim());
    let lower = value.to_ascii_lowercase();
    if shape::is_signature_scheme(&lower)
        || shape::is_sigv4_credential_scope(value)
        || names_key_id(name) && is_access_key_id(value)
        || is_openpgp_key_id(name, value)
    {
        return false;
    }
    let unwrapped = strip_auth_scheme(value);
    if lower.starts_with("basic ") {
        return match basic_password(unwrapped) {
            Some(password) => judge(NameKind::Password, name, &password),
            None => judge(kind, name, unwrapped),
        };
    }
    if let Some((inner_name, inner)) = parameter(unwrapped) {
        return credential_kind(inner_name)
            .is_some_and(|inner_kind| looks_like_secret(inner_kind, inner_name, inner));
    }
    if let Some(parameters) = query_parameters(unwrapped) {
        return parameters.into_iter().any(|(inner_name, inner)| {
            let inner_kind = if names_a_signature(inner_name) {
                Some(NameKind::Secret)
            } else {
                credential_kind(inner_name)
            };
            inner_kind.is_some_and(|k| looks_like_secret(k, inner_name, inner))
        });
    }
    if let Some(parts) = settings_pairs(unwrapped) {
        return parts
            .into_iter()
            .any(|(inner_name, inner)| match inner_name {
                Some(inner_name) => credential_kind(inner_name)
                    .is_some_and(|inner_kind| looks_like_secret(inner_kind, inner_name, inner)),
                None => judge(kind, name, inner),
            });
    }
    if !names_a_pair(name) {
        return judge(kind, name, unwrapped);
    }
    // A pair may also be written base64-encoded without the scheme, as the
    // `auth` members of Docker's `config.json` hold `user:password`.
    match (user_password(unwrapped), basic_password(unwrapped)) {
        (Some(password), _) => judge(NameKind::Password, name, password),
        (None, Some(password)) => judge(NameKind::Password, name, &password),
        (None, None) => judge(kind, name, unwrapped),
    }
}

/// A string's repr inside a string: `"'[Filtered]'"` is what a test expects
/// Python to print for the value `[Filtered]`, and is judged as that value.
fn unquoted(value: &str) -> &str {
    ['\'', '"']
        .iter()
        .find_map(|quote| {
            value
                .strip_prefix(*quote)?
                .strip_suffix(*quote)
                .filter(|inner| !inner.contains(*quote))
        })
        .unwrap_or(value)
}

/// The public half of an access key pair as the S3-compatible services
/// issue it: 16 to 32 capitals and digits (MinIO's, Ceph's ids). Under a
/// key-id name (`access_key`) such a value names a key and travels in clear
/// with every signed request; the secret beside it is judged on its own.
/// AWS's own ids (`AKIA…`, `ASIA…`) stay reported, as the provider rule
/// reports them: they are how a leaked AWS pair is found.
fn is_access_key_id(value: &str) -> bool {
    const AWS_KEY_ID_PREFIXES: [&str; 4] = ["AKIA", "ASIA", "ABIA", "ACCA"];
    (16..=32).contains(&value.len())
        && !AWS_KEY_ID_PREFIXES.iter().any(|p| value.starts_with(p))
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// `GPG_KEYS = "DFFA3DCF…"`, `pgp_key = "0x6A3B…"`: what an OpenPGP key is
/// known by in a Dockerfile or a release script is its fingerprint (40 hex
/// digits) or key id (8 or 16), public by design so that anyone can fetch
/// the key and check a signature with it. A private key is never written as
/// bare hex.
fn is_openpgp_key_id(name: &str, value: &str) -> bool {
    let openpgp = words(name)
        .iter()
        .any(|w| matches!(w.as_str(), "gpg" | "pgp" | "gnupg" | "openpgp"));
    let hex = value.strip_prefix("0x").unwrap_or(value);
    openpgp && matches!(hex.len(), 8 | 16 | 40) && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether a literal could be somebody's password, for redaction only. The
/// question is looser than [`looks_like_secret`]'s on purpose: what that
/// one turns away as a toy, a test vector, an encoded word or a flag
/// (`hunter22`, `-abcdefghij`) may still be a password a person typed, and
/// hiding one literal too many in an excerpt costs nothing while showing
/// one password costs the password. Everything `looks_like_secret` accepts
/// is accepted here too. A template made only of format fields
/// (`{token:?}`) is not: it holds none of what it prints.
pub fn could_be_password(value: &str) -> bool {
    could_be_typed_password(value, 6) || looks_like_secret(NameKind::Password, "", value)
}

/// [`could_be_password`] for a word outside quotes that an excerpt shows
/// (prose, a comment, a shell line: `export DB_PASSWORD=UJNB8brac#289!…`),
/// where [`looks_like_secret`] alone decides too little: random text of a
/// few letters per run can read as a phrase or a guessable string to it
/// (about one draw in fifteen of a password generator's), and a password
/// holding a character outside ASCII may be too short once read in ASCII.
/// A word of ten characters or more, of three character classes, with a
/// symbol of a password policy between its letters and digits, or such a
/// symbol at its end or a character outside ASCII beside ASCII letters and
/// digits (`CGA43uwd+!`, `Xk9#mP€q2vL`), that is no identifier,
/// placeholder, format string, URL or pattern, is hidden. Identifiers,
/// paths, versions and prose hold no such symbol, so they stay shown. A
/// word in compatibility forms (fullwidth `ＸＫ９＃…`) is read as what it
/// stands for, its symbols and digits included.
pub fn could_be_unquoted_password(word: &str) -> bool {
    let folded: Cow<'_, str> = if word.is_ascii() {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.nfkc().collect())
    };
    let word = folded.as_ref();
    let letters_and_digits =
        word.bytes().any(|b| b.is_ascii_alphabetic()) && word.bytes().any(|b| b.is_ascii_digit());
    let unusual = strength::has_policy_symbol_inside(word)
        || letters_and_digits && (!word.is_ascii() || word.contains(strength::POLICY_SYMBOLS));
    unusual
        && word.chars().nth(9).is_some()
        && strength::char_classes(word) >= 3
        && !word.contains("://")
        && may_hold_a_value(word)
        && !shape::is_placeholder(word)
        && !shape::looks_like_format(word)
        && !shape::looks_like_regex(word)
}

/// Whether `piece`, a part of a file or folder name (what lies between
/// `/`, `.`, `-`, `_` and blanks), is a secret written into the name, judged
/// on its own: no document around it says what it is (the file holding the
/// value may not be analysed in this run, or at all). The name is shown
/// with it redacted.
///
/// The bar is higher than for a value under a credential name, because
/// names are made of words, numbers, versions and digests, and hiding an
/// ordinary name costs the reader the file it points at. A piece is a
/// secret when the model takes it for a password on its own
/// ([`looks_like_secret`]) and it is none of what names are made of:
/// shorter than 8 characters (a redaction would show as much), fewer than
/// three of lowercase, uppercase, digits and symbols (`psycopg2`,
/// `setWebhook`: words and numbers run together), hex digits only (content-hashed assets, git object names,
/// UUID groups, migration revisions), no more letters than digits (a date,
/// a time, a version, a build number, `HS256+A128KW`), or letters mostly in
/// dictionary words of three letters or more, plurals too
/// (`TableMetadataV2Valid`, `testReturnsRepoAfter1Retry`,
/// `ConfigsGet200Response`: generated API models). A random id used as a name
/// (`5143.HYxxxxkf…toml`, 22 random letters and digits) is hidden: nothing
/// tells it from a password.
pub fn is_secret_in_name(piece: &str) -> bool {
    let letters = piece.chars().filter(|c| c.is_alphabetic()).count();
    let digits = piece.chars().filter(char::is_ascii_digit).count();
    may_be_secret_in_name(piece)
        && !piece.bytes().all(|b| b.is_ascii_hexdigit())
        && letters > digits
        && looks_like_secret(NameKind::Password, "", piece)
        && {
            let word = |w: &str| w.len() >= 3 && strength::is_dictionary_word(w);
            let in_words: usize = (name::words(piece).iter())
                .filter(|w| word(w) || w.strip_suffix('s').is_some_and(word))
                .map(String::len)
                .sum();
            in_words * 2 < letters
        }
}

/// The cheap first test of [`is_secret_in_name`], which a path shown runs
/// on each piece of each name: 8 characters or more, of three character
/// classes or more. Nearly every piece of a name fails it (words, numbers,
/// `snake_case` cut at its `_`), and only those that pass cost a
/// judgement.
pub fn may_be_secret_in_name(piece: &str) -> bool {
    piece.len() >= 8 && piece.chars().nth(7).is_some() && strength::char_classes(piece) >= 3
}

/// [`could_be_password`] for a literal on a line that names a credential
/// (`token = "abc12"`), where even three characters mixing letters and
/// digits are more likely a password than anything else.
pub fn could_be_short_password(value: &str) -> bool {
    could_be_typed_password(value, 3)
}

/// Whether a literal assigned to a credential name (`password?: string =
/// "…"`) may hold its value, for redaction only: anything with a letter or
/// digit in it but a reference (an environment variable's name, a dotted
/// path) or format fields. Blanks and brackets included: a passphrase
/// (`"NRXM6 DKAY7(EJHJ4b)"`) is no password to the value model, which
/// reports none, but an excerpt that shows it shows the credential.
///
/// Of the references, only an environment variable's name (`DB_PASSWORD`)
/// and a path (`settings.db.password`, `vault:db#password`) are taken for
/// one here: a word shaped as an identifier (`maple_river_lantern_42`,
/// `MeadowTimberQuartz9103`) is as often the password a person chose
/// (a22 #2).
pub fn could_be_assigned_credential(value: &str) -> bool {
    let trimmed = value.trim();
    trimmed.len() <= 1024
        && (may_hold_a_value(trimmed) || holds_literal(trimmed) && !names_variable_or_path(trimmed))
}

/// Whether a value a shell word or an assignment gives is written out, not
/// passed on: it has a letter or digit and is no variable's expansion.
pub fn holds_literal(value: &str) -> bool {
    value.chars().any(char::is_alphanumeric)
        && !expands_one_variable(value)
        && !shape::is_only_format_fields(value)
}

/// An environment variable's name or a path to a setting, as a reference
/// to a secret is written: `DB_PASSWORD`, `settings.db.password`.
fn names_variable_or_path(value: &str) -> bool {
    shape::is_reference_like(value)
        && (value.contains(['.', ':', '#'])
            || value
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'))
}

/// What the redaction-only questions above share: `value` has a letter or
/// digit, and is not only the name of something else (an environment
/// variable, a dotted path, a variable's expansion) or format fields,
/// which hold none of what they stand for.
fn may_hold_a_value(value: &str) -> bool {
    value.chars().any(char::is_alphanumeric)
        && !shape::is_reference_like(value)
        && !expands_one_variable(value)
        && !shape::is_only_format_fields(value)
}

/// Whether `value` is one variable's expansion, `$X` or `${X}`, of a name
/// shaped as variables are (`$VAULT_PASSWORD`, `${db_password}`): a shell
/// line, a dotenv file or a template that passes a credential on
/// (`PASSWORD="$VAULT_PASSWORD"`) holds none. A typed password may open
/// with a `$` (`$ecr3tPa55`): that is no variable's shape.
pub fn expands_one_variable(value: &str) -> bool {
    value.strip_prefix('$').is_some_and(|name| {
        let name = name
            .strip_prefix('{')
            .and_then(|n| n.strip_suffix('}'))
            .unwrap_or(name);
        shape::is_reference_like(name) && !name.contains(['.', ':', '#', '-'])
    })
}

/// A word of `min` to 1024 characters, no space, not a reference or
/// format fields, mixing character classes unless long.
fn could_be_typed_password(value: &str, min: usize) -> bool {
    let trimmed = value.trim();
    let len = trimmed.chars().count();
    (min..=1024).contains(&len)
        && !trimmed.chars().any(char::is_whitespace)
        && may_hold_a_value(trimmed)
        && (strength::char_classes(trimmed) >= 2 || len >= 12)
}

/// Whether the body of a provider token (what follows its fixed prefix) is
/// a placeholder or a sequence or repeat rather than random: `ghp_` followed
/// by `xxxx…`, `<fill-me>`, `abc123abc123…` or `0123456789abcdef…`, or a
/// PEM block whose lines repeat one word.
pub fn is_fake_token_body(body: &str) -> bool {
    shape::is_placeholder_body(body)
        || strength::is_patterned(body)
        || strength::is_repetitive(body)
        || body.contains("EXAMPLE")
        || is_spelled_out(body)
}

/// What a value holding characters outside ASCII is judged as: the value
/// with its accents folded off (`lètmein` is `letmein`, a toy; `Xk9#mPéq2v`
/// is `Xk9#mPeq2v`), its compatibility forms read as the characters they
/// stand for (fullwidth `Ｘｋ９＃`, mathematical `𝐗𝐤𝟗`, the ligature `ﬁ`:
/// `Xk9#`, `Xk9`, `fi`), and what is still outside ASCII dropped
/// (`Xk9#mP€q2vL`, a zero-width space inside). A person's password may hold
/// any of these, an issued secret never does, so what is left must be a
/// secret on its own: 8 ASCII characters or more. What is mostly outside
/// ASCII (`пароль`, `密码`, SASLprep's tables) is a test of Unicode
/// handling, and a value with a blank or a control character in it is no
/// password at all.
fn ascii_reading(value: &str) -> Option<String> {
    /// Fewer ASCII characters than this are no secret's worth of them.
    const SHORTEST: usize = 8;
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    // Compatibility decomposition puts each accent after its letter as a
    // combining mark, outside ASCII like the rest of what is dropped, and
    // reads a fullwidth or mathematical letter as the letter: a password
    // typed with an input method's fullwidth keys is the ASCII password to
    // SASLprep and PRECIS, which normalise it so (NFKC) before comparing
    // (a21 #2: NFD kept it whole outside ASCII, so it was neither reported
    // nor hidden).
    let ascii: String = value.nfkd().filter(char::is_ascii).collect();
    (ascii.len() >= SHORTEST).then_some(ascii)
}

/// Whether `value` is base64 or base32 of text a person made up (a TOTP
/// secret that encodes `12345678901234567890`): what a provider token's
/// random body never decodes to. A JSON document is judged by its members,
/// as [`judge`] judges any encoded value: a Grafana API key is the base64
/// of `{"k":"<random>","n":"<name>","id":1}`, text around a random key.
pub fn encodes_made_up_text(value: &str) -> bool {
    encoded_text(value).is_some() && !judge(NameKind::Secret, "", value)
}

/// A body written as words joined by dashes or underscores
/// (`glpat-python-gitlab-token_`, `sk-live-my-test-key`), or by the `.` and
/// `%` a test puts in to check escaping (`with_%_inside`): a vendor's random
/// body mixes digits and capitals in, and twenty random characters of a
/// token alphabet are all lowercase letters and separators about once in ten
/// million tries.
fn is_spelled_out(body: &str) -> bool {
    const SEPARATORS: [char; 4] = ['-', '_', '.', '%'];
    let inner = body.trim_matches(SEPARATORS);
    inner.contains(SEPARATORS)
        && inner
            .chars()
            .all(|c| c.is_ascii_lowercase() || SEPARATORS.contains(&c))
}

/// A vendor's prefix and what follows it: the text before and after the
/// last `_`, `-` or `.` among the first 16 characters (`ghp_`,
/// `sk-ant-api03-`, `xoxb-`). Provider rules judge only the body; a
/// credential-named value with such a prefix is judged by its body too.
pub fn split_token_prefix(value: &str) -> Option<(&str, &str)> {
    let head = value.get(..16).unwrap_or(value);
    let cut = head.rfind(['_', '-', '.'])?;
    (cut + 1 < value.len()).then(|| (&value[..cut], &value[cut + 1..]))
}

/// A provider-style prefix followed by a toy: `sk-ant-oat01-test`,
/// `ghp_x`, `sk_live_staging`. The prefix (lowercase letters, digits and
/// separators, starting with a short word, perhaps a version number, and a
/// separator: `rt_`, `lsv2_`) is the vendor's; only what follows it can be a
/// secret, and here it is too short or person-made to be one, or only
/// numbers (`xoxt-2398475-2348975`): every vendor's secret part mixes letters
/// in, numbers alone are the account and team ids that precede it. Words
/// joined by separators after the prefix word (`lsv2_gateway-key`,
/// `rt_with_%_inside`) are person-made too, however the last separator cuts
/// them (see [`is_spelled_out`]).
fn has_toy_body(value: &str) -> bool {
    let prefix_word = value.bytes().take_while(u8::is_ascii_lowercase).count();
    let version = value[prefix_word..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    let separator = prefix_word + version;
    if !(2..=5).contains(&prefix_word)
        || version > 2
        || !matches!(value.as_bytes().get(separator), Some(b'-' | b'_'))
    {
        return false;
    }
    if is_spelled_out(&value[separator + 1..]) {
        return true;
    }
    let Some((prefix, body)) = split_token_prefix(value) else {
        return false;
    };
    prefix
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'))
        && (body.chars().count() < 8
            || strength::is_guessable(body)
            || strength::is_patterned(body)
            || shape::is_placeholder(body)
            || body
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')))
}

/// The password of an HTTP Basic credential, when the value decodes to
/// `user:password` text. Bytes that are not UTF-8 are read as ISO-8859-1,
/// the charset Basic authentication used before RFC 7617.
fn basic_password(encoded: &str) -> Option<String> {
    // A header line's end may be written into the literal (`…=\r\n`).
    let encoded = encoded
        .trim()
        .trim_end_matches("\\n")
        .trim_end_matches("\\r");
    if let Some(text) = basic_decoded(encoded) {
        let (_, password) = text.split_once(':')?;
        return Some(password.to_owned());
    }
    // `Basic ZHVtbXk=:ZHVtbXk=`: each half encoded apart, the malformed
    // header of a negative test. It holds a pair all the same, and is
    // judged by the password its second half decodes to.
    let (user, password) = encoded.split_once(':')?;
    basic_decoded(user)?;
    basic_decoded(password)
}

/// What a base64 value decodes to, as text (bytes that are not UTF-8 kept
/// one character each, so a password in another charset is still judged).
/// Text with control characters is no `user:password` pair: a random key
/// written in base64 decodes to bytes that hold a `:` about once in
/// fifteen 24-character values, and must be judged as the key it is.
fn basic_decoded(encoded: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| e.into_bytes().into_iter().map(char::from).collect());
    (!text.chars().any(char::is_control)).then_some(text)
}

/// A header or URI parameter written whole as the value: `realm="example",`
/// or `oauth_token="…"` in a list of an `Authorization` header's parts. It
/// is judged by its own name: a realm is no secret, an `oauth_token` may be.
fn parameter(value: &str) -> Option<(&str, &str)> {
    let (name, rest) = value.split_once('=')?;
    let inner = rest
        .trim_end_matches(',')
        .strip_prefix('"')?
        .strip_suffix('"')?;
    let identifier = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    (identifier && !inner.contains('"')).then_some((name, inner))
}

/// A connection string written whole as the value, settings joined by `;`
/// (`AccountName=…;AccountKey=…`, `Server=…;Password=…`): only its
/// credential settings (an `AccountKey`, a `Password`, a
/// `SharedAccessKey`) can be secret, each judged under its own name; the
/// account, endpoint and protocol beside them are not. A part that is no
/// `Name=value` setting is judged as the value itself. At least one part
/// must be a setting named by a word of four letters or more, so a random
/// password that happens to hold `=` and `;` is judged whole.
fn settings_pairs(value: &str) -> Option<Vec<(Option<&str>, &str)>> {
    const NAME_MIN_LEN: usize = 4;
    if !value.contains(';') {
        return None;
    }
    let parts: Vec<(Option<&str>, &str)> = value
        .split(';')
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((name, inner))
                if name.len() >= NAME_MIN_LEN
                    && name.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_') =>
            {
                (Some(name), inner)
            }
            _ => (None, part),
        })
        .collect();
    (parts.len() >= 2 && parts.iter().any(|(name, _)| name.is_some())).then_some(parts)
}

/// A query string written whole as the value: `sv=2021-08-06&se=…&sig=…`,
/// an Azure SAS token, a presigned URL's parameters. Only its credential
/// parameters (the signature, a `client_secret`, an `access_token`) can be
/// secret; the version, expiry and permissions beside them are not, so the
/// value is judged by those parameters, each under its own name. So is one
/// `name=value` setting whose name is a lowercase word (`port=6379`, a
/// challenge's `Bearer scope=read`): a random value holding a single `=`
/// inside, not as base64's padding, seldom opens with one.
fn query_parameters(value: &str) -> Option<Vec<(&str, &str)>> {
    let value = value.strip_prefix('?').unwrap_or(value);
    let parts: Vec<&str> = value.split('&').collect();
    if parts.len() < 2 {
        let (name, inner) = value.split_once('=')?;
        let word = (2..=40).contains(&name.len())
            && (name.bytes()).all(|b| b.is_ascii_lowercase() || matches!(b, b'_' | b'-'));
        return (word && !inner.is_empty() && !inner.contains('=')).then(|| vec![(name, inner)]);
    }
    parts
        .into_iter()
        .map(|part| {
            let (name, value) = part.split_once('=')?;
            let identifier = (1..=40).contains(&name.len())
                && name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
            identifier.then_some((name, value))
        })
        .collect()
}

/// `sig`, `signature`, `X-Amz-Signature`: a request signature, the secret
/// part of a signed URL or SAS token.
fn names_a_signature(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "sig" || lower.ends_with("signature")
}

/// The password of a `user:password` value, as `auth = "user:pass"` and
/// `--user name:pw` write it.
fn user_password(value: &str) -> Option<&str> {
    let (user, password) = value.split_once(':')?;
    let user_like = !user.is_empty()
        && user.len() <= 64
        && user
            .chars()
            .all(|c| c.is_alphanumeric() || "._-@%+'".contains(c));
    (user_like && !password.is_empty() && !password.contains([':', '/', '@'])).then_some(password)
}

/// Names that hold a `user:password` pair rather than a bare secret.
fn names_a_pair(name: &str) -> bool {
    words(name).iter().any(|w| {
        matches!(
            w.as_str(),
            "auth" | "basic" | "credential" | "credentials" | "creds" | "userpass" | "user"
        )
    })
}

/// Documentation markup around a word: reST roles (`:ref:\`…`, `:term:\`…`)
/// and inline code closing on the value (`--auth=digest\`)`). A backtick
/// elsewhere can be part of a random password.
fn is_markup(value: &str) -> bool {
    value.contains(":`") || value.trim_end_matches([')', '.', ',', ';']).ends_with('`')
}

/// A value with the escapes of the line breaks around it written into the
/// text (`b'mypassword\n'` typed at a prompt in an example, `password:\nroot`
/// in a transcript) is the text between them: a person types `\n` after a
/// word, and a random secret holds no backslash escape at its ends.
fn without_escaped_breaks(value: &str) -> &str {
    const ESCAPES: [&str; 3] = ["\\n", "\\r", "\\t"];
    let mut value = value;
    while let Some(rest) = ESCAPES.iter().find_map(|e| value.strip_prefix(e)) {
        value = rest;
    }
    while let Some(rest) = ESCAPES.iter().find_map(|e| value.strip_suffix(e)) {
        value = rest;
    }
    value
}

/// The text of a value decorated with backslash escapes, when what is left
/// once they are dropped is letters and digits only: Flask-AppBuilder's
/// example `SECRET_KEY`, `\2\1thisismyscretkey\1\2\e\y\y\h`, is a phrase
/// between octal escapes (`\2`, `\1`) and escaped letters (`\e`, `\y`)
/// that look random to an entropy count and add nothing a guesser needs.
/// The value is no secret when its text is none (a phrase, a word, a
/// sequence). A random value that holds an escape keeps random text and is
/// judged as before; a key written as escaped bytes (`\x8f\x12…`) leaves
/// little or no text, which is too short to be judged (see `judge`), and is
/// judged whole, as before.
fn escape_decorated_text(value: &str) -> Option<String> {
    if !value.contains('\\') {
        return None;
    }
    let mut text = String::new();
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        match chars.next()? {
            '0'..='7' => {
                for _ in 0..2 {
                    chars.next_if(|d| ('0'..='7').contains(d));
                }
            }
            'x' => {
                for _ in 0..2 {
                    chars.next_if(char::is_ascii_hexdigit);
                }
            }
            _ => {}
        }
    }
    text.chars()
        .all(|c| c.is_ascii_alphanumeric())
        .then_some(text)
}

/// The escapes of a line break written into a literal.
const ESCAPED_BREAKS: [&str; 2] = ["\\n", "\\r"];

/// Whether an escaped line break sits between two parts of the value
/// (`"bad\nvalue"`, `"ghp_line1\nline2"`: a test of how a header or a token
/// file refuses a value in two lines). Such a value is text written in
/// lines: when no line is a secret on its own, neither is the value; a key
/// whose base64 is wrapped in escaped lines is judged whole, as before.
fn has_escaped_break_inside(value: &str) -> bool {
    ESCAPED_BREAKS.iter().any(|e| {
        value
            .find(e)
            .is_some_and(|i| i > 0 && i + e.len() < value.len())
    })
}

/// `%40`-style escapes decoded, as a URL's user-info carries them. A value
/// whose escapes decode to no text (a byte that is not UTF-8, a control
/// character) holds no escapes: a random password has a `%` before two
/// hex digits by chance (`…744%ccX…`, a quarter of those with a `%`), and
/// is judged as written, not as the replacement characters its decoding
/// would show (which read as a Unicode test vector).
fn percent_decoded(value: &str) -> Cow<'_, str> {
    let has_escape = value
        .as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit());
    if !has_escape {
        return Cow::Borrowed(value);
    }
    match percent_encoding::percent_decode_str(value).decode_utf8() {
        Ok(text) if !text.chars().any(char::is_control) => text,
        _ => Cow::Borrowed(value),
    }
}

/// `%%` halved to `%` when every `%` of the value is doubled and each pair
/// starts an escape: ConfigParser's interpolation (an `alembic.ini`, a
/// `setup.cfg`) writes a literal `%` as `%%`, so a percent-encoded password
/// there reads `P%%40ssw%%25rd`, which is `P%40ssw%25rd` percent-encoded
/// once. A random password rarely holds `%%` at all, let alone only as
/// pairs before two hex digits.
fn percent_signs_halved(value: &str) -> Cow<'_, str> {
    let mut pairs = value.split("%%");
    let first = pairs.next().unwrap_or_default();
    let mut rest = pairs.peekable();
    let escaped = rest.peek().is_some()
        && !first.contains('%')
        && rest.all(|part| {
            !part.contains('%')
                && part.len() >= 2
                && part.as_bytes()[..2].iter().all(u8::is_ascii_hexdigit)
        });
    if escaped {
        Cow::Owned(value.replace("%%", "%"))
    } else {
        Cow::Borrowed(value)
    }
}

/// The text a base64 or base32 value encodes, when it is text: Kubernetes
/// `Secret` data and many test fixtures store a password base64-encoded,
/// JWKs carry symmetric keys as unpadded base64url (`"k": "MDEy…"` is
/// `0123…`), and TOTP libraries take their secrets in base32; the encoding
/// of `privateKey`, `password123` or `plain-string-secret` is no more a
/// secret than the words. Random bytes decode to printable text too rarely
/// to matter: about one value in a million at 12 bytes, which is why the
/// encodings without padding, which also accept more random strings, are
/// only tried from 16 characters. Hex is tried from 16 digits too: a
/// Kerberos salt written as the hex of its realm and principal
/// (`444F4D41…`), or RFC 4226's HOTP secret as the hex of
/// `12345678901234567890`, is that text; eight random bytes are all
/// printable about once in 3,000 tries, sixteen (a 32-digit key) about once
/// in ten million.
fn encoded_text(value: &str) -> Option<String> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    const UNPADDED_MIN_LEN: usize = 16;
    let long = value.len() >= UNPADDED_MIN_LEN;
    let base32 = long
        && value
            .trim_end_matches('=')
            .bytes()
            .all(|b| matches!(b, b'A'..=b'Z' | b'2'..=b'7'));
    // One string can be valid in several encodings (`GEZDGNBV…` is base64
    // too): each that applies is tried, and text in any is what was encoded.
    let hex = long && value.len() % 2 == 0 && value.bytes().all(|b| b.is_ascii_hexdigit());
    let decodings = [
        hex.then(|| {
            data_encoding::HEXLOWER_PERMISSIVE
                .decode(value.as_bytes())
                .ok()
        }),
        (value.len() >= 8 && value.len() % 4 == 0).then(|| STANDARD.decode(value).ok()),
        base32.then(|| {
            data_encoding::BASE32_NOPAD
                .decode(value.trim_end_matches('=').as_bytes())
                .ok()
        }),
        long.then(|| URL_SAFE_NO_PAD.decode(value).ok()),
        long.then(|| STANDARD_NO_PAD.decode(value).ok()),
    ];
    decodings.into_iter().flatten().flatten().find_map(|bytes| {
        let text = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
        (text.len() >= 4 && text.iter().all(|b| (0x20..0x7f).contains(b)))
            .then(|| String::from_utf8_lossy(text).into_owned())
    })
}

/// The string members of a JSON object an encoded value decodes to, at any
/// depth: a Grafana API key is the base64 of `{"k":"…","n":"…","id":1}`,
/// whose `k` is the random secret and whose name and number are not. The
/// document as a whole reads as punctuated text; its members are judged
/// one by one, as the value of the name the encoded value has.
fn encoded_members(text: &str) -> Option<Vec<String>> {
    fn strings(value: serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(items) => items.into_iter().for_each(|v| strings(v, out)),
            serde_json::Value::Object(map) => map.into_iter().for_each(|(_, v)| strings(v, out)),
            _ => {}
        }
    }
    if !text.starts_with('{') {
        return None;
    }
    let document = serde_json::from_str::<serde_json::Value>(text).ok()?;
    let mut out = Vec::new();
    strings(document, &mut out);
    Some(out)
}

/// Steps 2 and 3 of the model on an unwrapped value.
/// Whether a value that starts with `-` is a random base64url key rather
/// than a command-line flag (`--password`, `-p`, `-Xmx512M`): a JWK's `k`
/// or `d`, or any unpadded base64url of random bytes, starts with `-` once
/// in 64, and is then one `-` and a long run of the base64url alphabet
/// mixing upper case, lower case and digits, which no flag is.
fn is_base64url_key(value: &str) -> bool {
    let Some(rest) = value.strip_prefix('-') else {
        return false;
    };
    rest.len() >= 20
        && !rest.starts_with('-')
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        && rest.bytes().any(|b| b.is_ascii_uppercase())
        && rest.bytes().any(|b| b.is_ascii_lowercase())
        && rest.bytes().any(|b| b.is_ascii_digit())
}

fn judge(kind: NameKind, name: &str, value: &str) -> bool {
    if let Some(text) = encoded_text(value.trim()) {
        return encoded_members(&text).is_some_and(|members| {
            members
                .iter()
                .any(|member| judge(kind, name, member.as_str()))
        }) || judge(kind, name, &text);
    }
    // Encoded twice (`p%2540ss`) is a test of the decoder: judge what the
    // person typed.
    let unescaped = percent_signs_halved(value.trim());
    let once = percent_decoded(&unescaped);
    let value = percent_decoded(&once);
    let mut value = value.as_ref();
    if kind == NameKind::Password {
        // Redis ACL rules and redis-py's `passwords=["+…"]` mark a password
        // to add with `>` or `+`; the password follows.
        value = value
            .strip_prefix(['>', '+'])
            .filter(|rest| rest.starts_with(char::is_alphanumeric))
            .unwrap_or(value);
    }
    // A leading `@` marks a directive, a mention or a decorator (dynaconf's
    // `@read_file`, `@format`): what follows it is what a person typed.
    value = value
        .strip_prefix('@')
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
        .unwrap_or(value);
    value = without_escaped_breaks(value);
    if has_escaped_break_inside(value)
        && value
            .replace(ESCAPED_BREAKS[1], ESCAPED_BREAKS[0])
            .split(ESCAPED_BREAKS[0])
            .filter(|line| !line.is_empty())
            .all(|line| !judge(kind, name, line))
    {
        return false;
    }
    if !value.is_ascii() {
        return ascii_reading(value).is_some_and(|ascii| judge(kind, name, &ascii));
    }
    let len = value.chars().count();
    let min_len = match kind {
        NameKind::Password => 6,
        NameKind::Secret => 8,
    };
    if escape_decorated_text(value)
        .is_some_and(|text| text.chars().count() >= min_len && !judge(kind, name, &text))
    {
        return false;
    }
    if len < min_len
        || len > 1024
        || value.chars().any(|c| c.is_whitespace() || c.is_control())
        || !value.chars().any(char::is_alphanumeric)
        || shape::is_placeholder(value)
        || shape::is_reference_like(value)
        || value.contains("://")
        || value.starts_with("arn:")
        || value.starts_with("urn:")
        || (value.starts_with('-') && !is_base64url_key(value))
        || is_markup(value)
        || shape::trivial_words(name, value)
        || shape::is_text_test_vector(value)
        || shape::looks_like_regex(value)
        || jwt::is_unsigned_jwt(value)
        || shape::looks_like_path(value)
        || shape::looks_like_file_name(value)
        || shape::is_namespace_prefix(value)
        || shape::is_storage_slot(name, value)
        || shape::is_evm_address(value)
        || shape::is_time_based_uuid(value)
        || shape::is_number_time_or_version(value)
        || shape::is_public_key_der(value)
        || shape::is_character_table(value)
        || shape::is_character_sweep(value)
        || shape::opens_command_substitution(value)
        || shape::looks_like_format(value)
        || value.contains("EXAMPLE")
        || shape::same_words(name, value)
        || shape::names_a_credential(value)
        || shape::is_password_hash(value)
        || shape::is_ciphertext(value)
        || shape::is_algorithm_name(value)
        || published::is_published_example(value)
        || shape::is_publishable_key(value)
        || shape::is_card_token(value)
        || shape::encodes_example(value)
        || strength::is_patterned(value)
        || strength::is_wordy(value)
        || strength::is_tagged_phrase(value)
        || strength::is_contraction(value)
        || shape::is_type_expression(value)
        || strength::is_guessable(value)
        || has_toy_body(value)
    {
        return false;
    }
    let classes = strength::char_classes(value);
    let bits = entropy(value);
    match kind {
        NameKind::Password => classes >= 2 || (len >= 12 && bits >= 3.0),
        NameKind::Secret => (classes >= 2 && bits >= 3.0) || (len >= 20 && bits >= 3.5),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NameKind::*;

    /// A password written into a file or folder name is a secret in it;
    /// what names are made of is not (each of these stood in a package of
    /// the real-world evaluation set, or one like it).
    #[test]
    fn names_hide_passwords_not_words_numbers_or_digests() {
        for piece in [
            "Xk9#vT2qLm4pWz",
            "Vb3kTn8Yc2xRq6uW",
            "q7Rm2Xv9Lp4Kt8Nz3Wy6Hb",
        ] {
            assert!(is_secret_in_name(piece), "{piece}");
        }
        for piece in [
            "psycopg2",
            "setWebhook",
            "TableMetadataV2Valid",
            "testReturnsRepoAfter1Retry",
            "ConfigsGet200Response",
            "IntegrationsGet200Response",
            "DigiCertSHA2ExtendedValidationServerCA",
            "3f9a8b7c1d2e4f60",
            "fee918758e6e",
            "HS256+A128KW",
            "02T09:16:43",
            "withinP13DT23H",
            "python3",
            "Xk9#vT2",
        ] {
            assert!(!is_secret_in_name(piece), "{piece}");
        }
    }

    /// A key is public by design only beside a secret partner the provider
    /// table reports: each publishable prefix is named by the description
    /// of a rule for that provider's secret.
    #[test]
    fn every_publishable_prefix_has_a_reported_partner() {
        let rules = crate::rules::provider::builtin_rules();
        for prefix in shape::PUBLISHABLE_PREFIXES {
            assert!(
                rules.iter().any(|rule| rule
                    .def
                    .description
                    .as_deref()
                    .is_some_and(|d| d.contains(&format!("({prefix}")))),
                "{prefix}"
            );
        }
    }

    #[test]
    fn accepts_real_looking_secrets() {
        assert!(looks_like_secret(Password, "DB_PASSWORD", "Tr0ub4dor&3xK"));
        assert!(looks_like_secret(Password, "password", "gh7Kd9Lm2x"));
        // Capitals and digits in turn are random, not a type name.
        assert!(looks_like_secret(Secret, "api_key", "Xk9Lm2Qp7RtW4z"));
        assert!(looks_like_secret(
            Secret,
            "api_key",
            "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
        ));
        assert!(looks_like_secret(
            Secret,
            "Authorization",
            "Bearer q8Zr2LmK4xW9tYv1Ns7P"
        ));
        assert!(looks_like_secret(
            Secret,
            "SECRET_KEY",
            "django-insecure-8#k2!x0z@q1w9e7r6t5y4u3i"
        ));
        // `deploy:Zr8qLm2Kx9Wt` in Basic form.
        assert!(looks_like_secret(
            Secret,
            "Authorization",
            "Basic ZGVwbG95OlpyOHFMbTJLeDlXdA=="
        ));
        assert!(looks_like_secret(
            Secret,
            "basic_auth",
            "deploy:Zr8qLm2Kx9Wt"
        ));
        // A `#` inside a random value is no shape id's.
        assert!(looks_like_secret(Password, "password", "Zr8q.Lm2#Kx9W"));
        assert!(looks_like_secret(Secret, "auth", "q8zr2lmk4x.w9ty#V1Ns7P"));
    }

    /// A phrase between backslash escapes is judged by its text: the
    /// escapes look random to an entropy count and add nothing a guesser
    /// needs. Random text with an escape inside, and escaped bytes with no
    /// text, are judged as before.
    #[test]
    fn escapes_around_a_phrase_hide_no_secret() {
        for value in [
            r"\2\1thisismyscretkey\1\2\e\y\y\h",
            r"\x01\x02mysessionsecret\x03",
        ] {
            assert!(
                escape_decorated_text(value).is_some_and(|text| text.len() >= 8),
                "{value}"
            );
            assert!(!looks_like_secret(Secret, "SECRET_KEY", value), "{value}");
        }
        assert!(looks_like_secret(
            Secret,
            "SECRET_KEY",
            r"\2\1Vq7Lm2Kx9WtR4zB\1\2\e"
        ));
        assert!(looks_like_secret(Password, "password", r"Zr8q\Lm2Kx9Wt4vB"));
        assert_eq!(
            escape_decorated_text(r"\x8f\x12\xa4\x9b").as_deref(),
            Some("")
        );
        assert_eq!(escape_decorated_text("no escape here"), None);
    }

    /// A `%` before two hex digits in a random password is no URL escape
    /// when decoding it gives no text: the value is judged as written, not
    /// as a Unicode test vector of replacement characters. Escapes of text
    /// are still decoded (`%3A%40c` is `:@c`, too short; `%F0%9F%92%A9` an
    /// emoji).
    #[test]
    fn a_percent_before_hex_digits_by_chance_is_no_escape() {
        for value in [
            "PLf5JWV!RCz%ccSo0gt",
            "DU2tZG5#XbV%1cmpM0R",
            "6ZOewFp#H2R%9f2Gh0y",
        ] {
            assert!(looks_like_secret(Password, "password", value), "{value:?}");
            assert!(looks_like_secret(Secret, "api_key", value), "{value:?}");
        }
        assert_eq!(percent_decoded("p%40ss%2Fw"), "p@ss/w");
        assert_eq!(percent_decoded("a%ccb"), "a%ccb");
        assert_eq!(percent_decoded("a%0ab"), "a%0ab");
    }

    /// A password written in compatibility forms (an input method's
    /// fullwidth keys, mathematical letters) is judged as the ASCII
    /// password it stands for, as accented ones are; a toy or a word so
    /// written is still none (a21 #2).
    #[test]
    fn compatibility_forms_are_read_as_the_ascii_they_stand_for() {
        let fullwidth = |ascii: &str| -> String {
            (ascii.chars())
                .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
                .collect()
        };
        assert_eq!(
            ascii_reading(&fullwidth("RQkw58nxHM#73")).as_deref(),
            Some("RQkw58nxHM#73")
        );
        assert_eq!(
            ascii_reading("\u{1d417}\u{1d424}\u{1d7d7}#mPq2vLw").as_deref(),
            Some("Xk9#mPq2vLw")
        );
        assert!(looks_like_secret(
            Password,
            "password",
            &fullwidth("RQkw58nxHM#73")
        ));
        for toy in ["password123", "changeme", "letmein!"] {
            assert!(
                !looks_like_secret(Password, "password", &fullwidth(toy)),
                "{toy}"
            );
        }
    }

    /// ConfigParser's doubled `%` is halved only when every `%` is doubled
    /// before an escape: `P%%40ssw%%25rd` is `P@ssw%rd` (a placeholder, as
    /// the single-`%` spelling already is), while a random password with
    /// `%%` in it is judged as written.
    #[test]
    fn a_configparser_doubled_percent_escape_is_halved() {
        assert_eq!(percent_signs_halved("P%%40ssw%%25rd"), "P%40ssw%25rd");
        assert_eq!(percent_signs_halved("a%%b%%40"), "a%%b%%40");
        assert_eq!(percent_signs_halved("a%40%%40"), "a%40%%40");
        assert_eq!(percent_signs_halved("100%%"), "100%%");
        assert!(!looks_like_secret(Password, "password", "P%%40ssw%%25rd"));
        assert!(looks_like_secret(
            Password,
            "password",
            "Kx9%%23mQ2%%24vL7p"
        ));
        assert!(looks_like_secret(Password, "password", "Wq7%%zR4vLk9%%mT2"));
    }

    #[test]
    fn rejects_placeholders_references_and_labels() {
        for value in [
            "",
            "xxx",
            "<your-key>",
            "<token>",
            "{{ token }}",
            "{{token}}",
            "%(password)s",
            "${API_KEY}",
            "$TOKEN",
            "***",
            "changeme",
            "REPLACE_ME",
            "your-api-key-here",
            "OPENAI_API_KEY",
            "password",
            "X-API-Key",
            "Enter your password",
            "https://example.com",
            "/etc/secret.pem",
            "{}:{}",
            "%s",
            "AKIAIOSFODNN7EXAMPLE",
            "********",
            "admin123",
            "api_key",
            "settings.API_KEY",
            "smithy.api#httpBearerAuth",
            "aws.auth#sigv4",
            "django.contrib.auth.tokens.PasswordResetTokenGenerator",
            "keystoneauth1.loading._plugins.identity.v2:Password",
            "IntPtr.Zero",
            "myFileSystem1",
            "V1AccountApplicationAuthorizedEvent",
            "secrets.txt",
            ".secrets.baseline",
            "$DB_PASSWORD",
            "testPass",
            "wrong-password",
            "arn:aws:kms:us-east-1:123456789012:key/abcd",
            "yegor256/home#assets/crates-credentials",
            "--host",
            "ref:`will",
            "%!*'();:@&=+$,/?#[]",
            "%3A%40c",
            "%F0%9F%92%A9",
            "'[Filtered]'",
            "\"<redacted>\"",
        ] {
            assert!(!looks_like_secret(Secret, "api_key", value), "{value:?}");
            assert!(!looks_like_secret(Password, "password", value), "{value:?}");
        }
    }

    #[test]
    fn time_based_uuids_are_identifiers() {
        for value in [
            "01890a7e-e2f7-7c3d-8dbb-9a2c5f3d1e0b",
            "c232ab00-9414-11ec-b3c8-9f6bdeced846",
            "1ec9414c-232a-6b00-b3c8-9e6bdeced846",
        ] {
            assert!(
                !looks_like_secret(Secret, "session_token", value),
                "{value}"
            );
        }
        assert!(looks_like_secret(
            Secret,
            "session_token",
            "ebbed753-72ae-41bb-80f4-beb3cc3407cc"
        ));
        // Bare hex is read as a random key, whatever its thirteenth digit.
        assert!(looks_like_secret(
            Secret,
            "session_token",
            "01890a7ee2f77c3d8dbb9a2c5f3d1e0b"
        ));
    }

    #[test]
    fn values_in_escaped_lines_are_judged_by_their_lines() {
        assert!(!looks_like_secret(Secret, "auth_token", "bad\\nvalue"));
        assert!(!looks_like_secret(Secret, "GH_TOKEN", "ghp_line1\\nline2"));
        assert!(!looks_like_secret(
            Password,
            "password",
            "hunter2\\r\\nadmin"
        ));
        assert!(looks_like_secret(
            Secret,
            "auth_token",
            "q8Zr2LmK4xW9tYv1Ns7P\\nXk9Lm2Qp7RtW4z"
        ));
        assert!(looks_like_secret(
            Secret,
            "auth_token",
            "q8Zr2LmK\\nxW9tYv1Ns7P"
        ));
    }

    #[test]
    fn rejects_toys() {
        for value in [
            "foo",
            "foobar",
            "hunter2",
            "secret123",
            "s3cr3t",
            "s3krit",
            "superS3cret",
            "changeme",
            "ChangeMe123!",
            "abcdef123456",
            "1234567890abcdef",
            "aaaaaaaaaaaaaaaa",
            "abc123xyz789",
            "testpassword",
            "somepassword",
            "shouldnotchange",
            "CircleOfLife",
            "p@ssword",
            "françois",
            "sésame",
            "dev-secret-key-for-testing-only",
            "1bcdefghij2bcdefghij3bcdefghij4bcdefghij5bcdefghij6bcdefghijABCD",
            "sk-ant-oat01-x",
            "sk-ant-oat01-staging",
            "xoxp-20394857123-9817236451092",
            "lsdkjf8203hgal",
            "sk_live_test",
            "ghp_placeholder",
            // RFC 6749's example access token.
            "2YotnFZFEjr1zCsicMWpAA",
            // Digits counting up through hand-filled hex.
            "a123b45c6d78e9f012a34cd5e6a7890b12c3d45e6f78a1b234c56d7e890a1234",
            // Handles of credentials kept elsewhere.
            "eksKeypair",
            "prodApiToken",
            "github-secret",
        ] {
            assert!(!looks_like_secret(Secret, "api_key", value), "{value:?}");
            assert!(!looks_like_secret(Password, "password", value), "{value:?}");
        }
    }

    #[test]
    fn values_opening_dead_are_stand_ins() {
        for value in [
            "revokedMGhlGr5K2aAcokbzj2efwE7o8nh",
            "invalidBgEejNW7EoQIsPH0ExuC",
            "Expired-AItaivwe0v4XcO4Z1yz7xyUn8RwdZc",
            "INVALID_WENS41sLXr0ho6knE8yqn8SUDCG",
        ] {
            assert!(
                !looks_like_secret(Secret, "client_secret", value),
                "{value:?}"
            );
        }
        // The letters inside a random value, or in mixed case, are chance.
        for value in [
            "MGhlGr5K2aArevokedAcokbzj2efwE7o8nh",
            "BgEejNW7invalidEoQIsPH0ExuC",
            "rEvOkEdWENS41sLXr0ho6knE8yqn8SUDCG",
        ] {
            assert!(
                looks_like_secret(Secret, "client_secret", value),
                "{value:?}"
            );
        }
    }

    #[test]
    fn encoded_examples_are_test_vectors() {
        use base64::engine::general_purpose::STANDARD;
        // A CBOR-ish vector naming the reserved host, hex- and base64-encoded.
        let vector = b"\xd1\x84\x43\xa1\x01\x05\xa0\x58\x35coap://as.example.com\x02erikw\x9b\x31\x07\x98\xde";
        let hex: String = vector.iter().map(|b| format!("{b:02x}")).collect();
        assert!(!looks_like_secret(Secret, "token_hex", &hex));
        assert!(!looks_like_secret(
            Secret,
            "token",
            &STANDARD.encode(vector)
        ));
        // Random key bytes in the same encodings are secrets.
        let key = b"\x9b\x31\x07\x98\xde\x7f\x6b\x2a\xef\xf8\x32\x34\x4c\x2e\xa3\x76\x74\x80\x7b\x72\xa8\xa2\xcc\x26";
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        assert!(looks_like_secret(Secret, "token_hex", &hex));
        assert!(looks_like_secret(Secret, "token", &STANDARD.encode(key)));
    }

    #[test]
    fn access_key_ids_are_names_not_secrets() {
        for name in [
            "access_key",
            "AWS_ACCESS_KEY",
            "accessKey",
            "minio_access_key",
        ] {
            assert!(
                !looks_like_secret(Secret, name, "QK7RTM2XW9PL4ZNB8VJD"),
                "{name}"
            );
        }
        // The secret half, a lowercase value or an AWS id is judged as usual.
        assert!(looks_like_secret(
            Secret,
            "access_key",
            "AKIAQK7RTM2XW9PL4ZNB"
        ));
        assert!(looks_like_secret(
            Secret,
            "secret_key",
            "QK7RTM2XW9PL4ZNB8VJD"
        ));
        assert!(looks_like_secret(
            Secret,
            "access_key",
            "qk7rtM2xw9pl4ZnB8vjd"
        ));
    }

    #[test]
    fn basic_credentials_are_judged_by_their_password() {
        // user:password123, username:password, foo:bar.
        for value in [
            "Basic dXNlcjpwYXNzd29yZDEyMw==",
            "Basic dXNlcm5hbWU6cGFzc3dvcmQ=",
            "Basic Zm9vOmJhcg==",
        ] {
            assert!(
                !looks_like_secret(Secret, "authorization", value),
                "{value}"
            );
        }
        for value in [
            "foo:bar",
            "user%40email.com:password",
            "user:pass",
            "ім'я:пароль",
        ] {
            assert!(!looks_like_secret(Secret, "basic_auth", value), "{value}");
        }
        // `user:passé` in ISO-8859-1, as RFC 2617 clients sent it.
        assert!(!looks_like_secret(
            Secret,
            "authorization",
            "Basic dXNlcjpwYXNz6Q=="
        ));
        // Docker's `"auth": "<base64 of user:pass>"`, without the scheme.
        assert!(!looks_like_secret(Secret, "auth", "dXNlcjpwYXNz"));
        // `deploy:Zr8qLm2Kx9Wt`.
        assert!(looks_like_secret(
            Secret,
            "auth",
            "ZGVwbG95OlpyOHFMbTJLeDlXdA=="
        ));
        // A random key that happens to decode to bytes holding a `:` is
        // no pair: it is judged as the key.
        assert!(looks_like_secret(
            Secret,
            "auth",
            "w8Px6diSsjKORGs68JJNoqeJ"
        ));
    }

    #[test]
    fn text_spelled_with_escapes_is_a_test_vector() {
        for value in [
            r"nonascii\u1680space",
            r"ab\u007fc",
            r"I\u00adX",
            r"test\xc6\xb6",
            r"\x30\x82not-a-der-key",
            r"Zr8q\N{LATIN SMALL LETTER A WITH ACUTE}Lm2Kx9",
        ] {
            assert!(!looks_like_secret(Password, "password", value), "{value}");
        }
        // `os.urandom(24)` pasted as its repr: mostly escapes, key bytes.
        assert!(looks_like_secret(
            Secret,
            "SECRET_KEY",
            r"\xfb\x12\xdf\xa1@i\xd6>V\xc0\xbb\x8fp\x16#Z\x0b\x81\xeb\x16\x9c"
        ));
    }

    #[test]
    fn a_connection_string_is_judged_by_its_credential_settings() {
        assert!(!looks_like_secret(
            Secret,
            "ACCESS_KEY_STRING",
            "AccountName=name;skdkskd"
        ));
        assert!(!looks_like_secret(
            Secret,
            "conn_string",
            "DefaultEndpointsProtocol=https;AccountName=devstore;EndpointSuffix=core.windows.net"
        ));
        assert!(looks_like_secret(
            Secret,
            "conn_string",
            "DefaultEndpointsProtocol=https;AccountName=devstore;AccountKey=q8Zr4Kt2Vx7Lm1Pw9Ns3Hd6Jf0Gb5Yc8Ue2Ra4To7Ik1Oz3Xv6Bn9Mc2Ql5Sw8Ep0Dy4Fh7Gj1Ku3Lx6Ai9Cs2Vb5Nm8Ot1Rw4==;EndpointSuffix=core.windows.net"
        ));
        // A random password holding `=` and `;` is judged whole.
        assert!(looks_like_secret(Password, "password", "k9=Qz;7Lp#2Wx"));
    }

    #[test]
    fn encoded_json_is_judged_by_its_members() {
        // A Grafana API key: `{"k":"<32 random>","n":"ci-deploy","id":3}`.
        assert!(looks_like_secret(
            Secret,
            "token",
            // credlint: allow(secret/grafana-api-key) -- generated for this test
            "eyJrIjoiU3RpMXB2ektpeXFQWHlQRGlJdmF2UlpxVEdVRE5YRjEiLCJuIjoiY2ktZGVwbG95IiwiaWQiOjN9"
        ));
        // The same shape with a placeholder key, or words only.
        assert!(!looks_like_secret(
            Secret,
            "token",
            "eyJrIjoieW91ci1ncmFmYW5hLWFwaS1rZXkiLCJuIjoiZm9vIiwiaWQiOjF9"
        ));
        assert!(!looks_like_secret(
            Secret,
            "token",
            "eyJ1c2VyIjoiYWRtaW4iLCJwYXNzd29yZCI6ImNoYW5nZW1lIn0="
        ));
    }

    #[test]
    fn encoded_text_is_judged_as_the_text() {
        // `privateKey\n`, `password123`.
        assert!(!looks_like_secret(Secret, "privateKey", "cHJpdmF0ZUtleQo="));
        assert!(!looks_like_secret(Password, "password", "cGFzc3dvcmQxMjM="));
        // `Zr8qLm2Kx9Wt`, as a Kubernetes Secret holds it.
        assert!(looks_like_secret(Password, "password", "WnI4cUxtMkt4OVd0"));
        // Random key bytes stay a key.
        assert!(looks_like_secret(
            Secret,
            "secret_key",
            "q8Zr2LmK4xW9tYv1Ns7PbXe3Hd6Jf0Ua"
        ));
        // A JWK's unpadded base64url `k` of `0123456789ABCDEF`, and the
        // base32 TOTP secrets of `plain-string-secret-123` and
        // `TestSecretSuperSecret`.
        assert!(!looks_like_secret(Secret, "k", "MDEyMzQ1Njc4OUFCQ0RFRg"));
        assert!(!looks_like_secret(
            Secret,
            "secret_base_32",
            "OBWGC2LOFVZXI4TJNZTS243FMNZGK5BNGEZDG"
        ));
        assert!(!looks_like_secret(
            Secret,
            "secret",
            "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ"
        ));
        // A settings library's directive, and a random value after an `@`.
        assert!(!looks_like_secret(Secret, "SECRET_KEY", "@read_file"));
        assert!(looks_like_secret(Secret, "SECRET_KEY", "@Xk9Lm2Qp7RtW4z"));
        // RFC 4226's HOTP secret `12345678901234567890`, in base32: valid
        // base64 too, which decodes to bytes.
        assert!(!looks_like_secret(
            Secret,
            "secret",
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        ));
        // The hex of text is that text: a Kerberos salt (realm and
        // principal), RFC 4226's HOTP secret. Hex of random bytes stays a
        // secret.
        assert!(!looks_like_secret(
            Secret,
            "salt",
            "444F4D41494E2E4C4F43414C76616772616E742D646F6D61696E"
        ));
        assert!(!looks_like_secret(
            Secret,
            "secret",
            "3132333435363738393031323334353637383930"
        ));
        assert!(looks_like_secret(
            Secret,
            "secret",
            "c597015ae19943a18438b52ef3762e79"
        ));
        // Base32 and unpadded base64url of random bytes stay secrets.
        assert!(looks_like_secret(
            Secret,
            "totp_secret",
            "UVG4UGBFGC5R23ITFTPNMI33F3MR4P3S"
        ));
        assert!(looks_like_secret(Secret, "k", "Vq3nT8xKbR2mWz7LpY4cHd"));
        // A base64url key that happens to start with `-` is still a key;
        // command-line flags are not.
        assert!(looks_like_secret(
            Secret,
            "k",
            "-q7WnZ2xKc9TbR4vLm8YpH3dJf6Ns1Ge5Ua0Xo_Ik2"
        ));
        for flag in [
            "--password",
            "-p",
            "-Xmx512M",
            "--client-secret-file",
            "-Dtoken.ttl=3600",
        ] {
            assert!(!looks_like_secret(Secret, "secret", flag), "{flag}");
        }
    }

    #[test]
    fn regexes_and_dotted_paths_are_not_secrets() {
        for value in [
            r#"(?=[^\v'"]*)(?=\w+)[^\v'"]*[^\v,'"`]"#,
            r"(?:[\w\-:%]*\@)?",
            r"[A-Za-z0-9\s]{40}",
            r"(?P<key>[a-z]{32})",
            "([0-9a-f]{64})",
            "[A-Za-z0-9]+",
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
        ] {
            assert!(!looks_like_secret(Secret, "secret", value), "{value}");
        }
    }

    #[test]
    fn query_strings_are_judged_by_their_credential_parameters() {
        for value in [
            "sv=2021-08-06&sig=test-secret-sig&se=2099-01-01",
            "sv=test&sig=test&se=2099-01-01",
            "sv=2021-08-06&ss=b&srt=sco&sp=rl&se=2030-01-01T00:00:00Z",
        ] {
            assert!(!looks_like_secret(Secret, "sas_token", value), "{value}");
        }
        for value in [
            "sv=2021-08-06&ss=b&srt=sco&sp=rl&sig=q8Zr2LmK4xW9tYv1Ns7Pc3Hd5Jf6Rg8Tk0Vw2Xy4Zb%3D",
            "client_id=reports&client_secret=Qj91sdMwNuxVPUyCdECtw3cm",
        ] {
            assert!(looks_like_secret(Secret, "sas_token", value), "{value}");
        }
    }

    #[test]
    fn openpgp_fingerprints_are_public() {
        let fingerprint = "DFFA3DCF326E302C4787673A01C4E7FAAAB2461C";
        assert!(!looks_like_secret(Secret, "GPG_KEYS", fingerprint));
        assert!(!looks_like_secret(Secret, "pgp_key", "0x01C4E7FAAAB2461C"));
        // The same hex under another key's name is judged as usual.
        assert!(looks_like_secret(Secret, "signing_key", fingerprint));
    }

    #[test]
    fn generic_types_are_not_secrets() {
        for value in [
            "Option<String>",
            "Option<Auth>",
            "Vec<u8>",
            "HashMap<String, Secret>",
        ] {
            assert!(!looks_like_secret(Secret, "token", value), "{value}");
        }
        assert!(looks_like_secret(Password, "password", "Xk9<Lm2Qp7>Rt"));
    }

    #[test]
    fn format_fields_are_templates_braces_in_random_text_are_not() {
        for value in [
            "{host}:{port}",
            "Bearer {token}",
            "{user_id}-{arg1}",
            "{0.name}",
        ] {
            assert!(!looks_like_secret(Secret, "token", value), "{value}");
        }
        assert!(looks_like_secret(
            Password,
            "password",
            "x/gfuL?4Zuj{n73m}eeJt1"
        ));
        // Nor does the looser test that redaction uses count a template
        // made only of fields (`println!("{token:?}")` shows what it logs).
        for value in ["{token:?}", "{host}:{port}", "{api_key}"] {
            assert!(!could_be_password(value), "{value}");
        }
        assert!(could_be_password("x/gfuL?4Zuj{n73m}eeJt1"));
        assert!(could_be_password("{token}Xk9#mQ2vLp"));
    }

    #[test]
    fn values_echoing_their_name_are_toys() {
        assert!(!looks_like_secret(Secret, "E2B_API_KEY", "fixture-e2b"));
        assert!(!looks_like_secret(
            Secret,
            "OPENAI_API_KEY",
            "test-openai-key"
        ));
    }

    #[test]
    fn header_parameters_are_judged_by_their_own_name() {
        assert!(!looks_like_secret(Secret, "OAuth", r#"realm="testrealm","#));
        assert!(!looks_like_secret(
            Secret,
            "OAuth",
            r#"oauth_nonce="7d8f3e4a","#
        ));
        assert!(looks_like_secret(
            Secret,
            "OAuth",
            r#"oauth_token="q8Zr2LmK4xW9tYv1Ns7P","#
        ));
    }

    #[test]
    fn redaction_hides_what_the_model_turns_away_as_a_toy_or_a_flag() {
        for value in [
            "-abcdefghij",
            "hunter22",
            "I\\u00adXyz9",
            "cGFzc3dvcmQxMjM=",
        ] {
            assert!(!looks_like_secret(Password, "password", value), "{value}");
            assert!(could_be_password(value), "{value}");
        }
        for value in ["OPENAI_API_KEY", "a.b.c", "hello", "Basic dXNlcjpwYXNz"] {
            assert!(!could_be_password(value), "{value}");
        }
    }

    #[test]
    fn digest_parameters_are_not_secrets() {
        assert!(!looks_like_secret(
            Secret,
            "auth_header",
            r#"Digest realm="realm@host.com",qop="auth",nonce="abc",opaque="xyz""#
        ));
    }

    #[test]
    fn password_hashes_and_algorithms_are_not_secrets() {
        for value in [
            "pbkdf2_sha256$30000$Vo0VlMnkR4Bk$qEvtdyZRWTcOsCnI/oQ7fVOu1XAURIZYoOZ3iq8Dr4M=",
            "sha1$$",
            "bcrypt$$2b$12$Kq8wC1Zr8qLm2Kx9WtY7uO",
            "$2b$12$Kq8wC1Zr8qLm2Kx9WtY7uOe3b5YbqQW8aZr2LmK4xW9tYv1Ns7P",
            "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$Zr8qLm2Kx9WtY7uO",
            "{SSHA}Zr8qLm2Kx9WtY7uOe3b5YbqQW8a=",
            "SCRAM-SHA-256$4096:c2FsdA==$Zr8qLm2Kx9Wt:Y7uOe3b5Ybq",
            "*922BC2FC716C66BD9C3BE84C129FB90401A03BE3",
            "!Kq8wC1Zr8qLm2Kx9WtY7uOe3b5YbqQW8aZr2LmK4",
            "HMAC-SHA256",
            "HS256",
        ] {
            assert!(!looks_like_secret(Password, "password", value), "{value}");
            assert!(!looks_like_secret(Secret, "secret", value), "{value}");
        }
    }

    /// One setting is judged by its name, like a query string's parameters;
    /// base64's padding makes no setting.
    #[test]
    fn one_setting_is_judged_by_its_name() {
        for value in ["port=6379", "Bearer scope=read", "db=0"] {
            assert!(!looks_like_secret(Secret, "token", value), "{value}");
        }
        assert!(looks_like_secret(
            Secret,
            "token",
            "access_token=Xk9Lm2Qp7RtW4zAB"
        ));
        assert!(looks_like_secret(Secret, "api_key", "Xk9Lm2Qp7RtW4zAB=="));
        assert!(looks_like_secret(Secret, "api_key", "Xk9Lm2Qp=7RtW4zAB"));
    }

    #[test]
    fn a_star_before_anything_but_forty_hex_is_no_mysql_hash() {
        for value in [
            "*XKZgGR73T8CoBxs9vxIFXgbO",
            "*922BC2FC716C66BD9C3BE84C129FB90401A03BE3F",
        ] {
            assert!(looks_like_secret(Password, "password", value), "{value}");
        }
    }

    #[test]
    fn provider_bodies_that_are_fake() {
        for body in [
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "<fill-me>",
            "abc123abc123abc123abc123abc123abc123",
            "0123456789abcdefghijklmnopqrstuvwxyz",
            "your_token_here",
        ] {
            assert!(is_fake_token_body(body), "{body}");
        }
        assert!(!is_fake_token_body("Zr8qLm2Kx9WtY7uOe3b5YbqQW8aZr2LmK4xW"));
    }
}
