//! JSON Web Tokens that carry no secret: a JWT is a bearer credential only
//! when it is signed. Tests of JWT libraries are full of tokens that are
//! not: a header alone (`eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9`), an unsigned
//! token (`alg` `none`, or an empty signature), a made-up signature
//! (`….wrong`, `….S`, `….not-a-real-signature`, the base64url of such
//! words, `….signaturetailhere` run together), a made-up segment (`badz.eyJ…`) or one left out. Their structure,
//! not their randomness, says what they are.

use base64::Engine as _;
use serde_json::Value;

/// Shortest signature a JWT algorithm produces, in base64url characters:
/// HS256 gives 43, a truncated MAC would still give more than 16.
const MIN_SIGNATURE_LEN: usize = 16;

/// Length of the shortest whole signature, HS256's 32 bytes in base64url;
/// every other algorithm's is longer.
const FULL_SIGNATURE_LEN: usize = 43;

/// Whether `value` is JWT-shaped (dot-separated base64url segments, one of
/// them a JSON object's encoding `eyJ…`) yet cannot be a signed token.
/// Encrypted tokens (JWE, five segments) are not judged here.
pub(super) fn is_unsigned_jwt(value: &str) -> bool {
    let segments: Vec<&str> = value.split('.').collect();
    let base64url = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'='))
    };
    if segments.len() > 3
        || !segments.iter().any(|s| s.starts_with("eyJ"))
        || !segments.iter().all(|s| base64url(s))
    {
        return false;
    }
    let Some(header) = json_object(segments[0]) else {
        // Only the payload is JSON: the header was made up.
        return true;
    };
    let Some(alg) = header.get("alg").and_then(Value::as_str) else {
        // A JSON object that is no JOSE header: an encoded document such as
        // a service account's key file, judged like any other value.
        return false;
    };
    match segments[..] {
        // A header alone names an algorithm and holds nothing secret.
        [_] => true,
        // A compact JWS has three segments: a header and one more is a
        // token cut short (the negative tests of every JWT library), which
        // no server accepts, whatever the second segment holds.
        [_, _] => true,
        [_, payload, signature] => {
            alg.eq_ignore_ascii_case("none")
                || json_object(payload).is_none()
                || signature.len() < MIN_SIGNATURE_LEN
                || is_spelled_out(signature)
                || encodes_text(signature)
                || is_typed(signature)
        }
        _ => false,
    }
}

/// [`is_unsigned_jwt`] for the `secret/jwt` rule's matches: judged only
/// when the header decodes to a JOSE header, so a token whose header cannot
/// be read stays reported as the rule's regex found it.
///
/// A JWS whose header carries its signer's certificate chain (`x5c`, RFC
/// 7515 §4.1.6) is inert too: a signed statement anyone verifies against
/// that chain (an Android SafetyNet or Play Integrity attestation, an App
/// Store signed transaction, the FIDO metadata BLOB), which grants nothing
/// to whoever holds it. Bearer tokens name their key (`kid`) for the issuer's
/// published key set instead.
pub fn is_inert_jwt(value: &str) -> bool {
    value
        .split('.')
        .next()
        .and_then(json_object)
        .filter(|header| header.contains_key("alg"))
        .is_some_and(|header| header.contains_key("x5c") || is_unsigned_jwt(value))
}

/// A signature written as words (`not-a-real-signature`,
/// `SANITIZED_TOKEN_SIGNATURE` where a recording scrubbed the real one):
/// base64url of real signature bytes is never only letters of one case
/// and dashes or underscores.
fn is_spelled_out(signature: &str) -> bool {
    let spelled = |letter: fn(&u8) -> bool| {
        signature
            .bytes()
            .all(|b| letter(&b) || matches!(b, b'-' | b'_'))
    };
    signature.contains(['-', '_'])
        && (spelled(u8::is_ascii_lowercase) || spelled(u8::is_ascii_uppercase))
}

/// A signature too short to be whole that a person typed: words run
/// together (`signaturetailhere`, `signatureTAILabcd`), a sequence
/// (`abcdefghijklmnopqrstuvwxyz0123456789-_`), what the value model's
/// estimator explains as person-made. A cut-short real signature keeps the
/// randomness of its bytes and stays reported, and a whole one (43
/// characters or more) is never asked.
fn is_typed(signature: &str) -> bool {
    signature.len() < FULL_SIGNATURE_LEN && super::strength::is_guessable(signature)
}

/// A signature that is the base64url of readable text (`c2lnbmF0dXJlLWJ5dGVz`,
/// "signature-bytes"): a test's stand-in for the bytes a key would sign.
/// Real signature bytes are random, and the chance that even the shortest
/// ones (12 bytes here) are all printable ASCII is below one in 10^5.
fn encodes_text(signature: &str) -> bool {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(signature.trim_end_matches('='))
        .is_ok_and(|bytes| bytes.len() >= 12 && bytes.iter().all(|b| (b' '..=b'~').contains(b)))
}

/// The JSON object a base64url segment encodes.
fn json_object(segment: &str) -> Option<serde_json::Map<String, Value>> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(segment.trim_end_matches('='))
        .ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn segment(json: &str) -> String {
        URL_SAFE_NO_PAD.encode(json)
    }

    fn token(header: &str, payload: &str, signature: &str) -> String {
        format!("{}.{}.{signature}", segment(header), segment(payload))
    }

    const HS256: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
    const CLAIMS: &str = r#"{"sub":"1234","iat":1700000000}"#;
    const SIGNATURE: &str = "Zr8qLm2Kx9WtY7uOe3b5YbqQW8aZr2LmK4xW9tYv1Ns";

    #[test]
    fn tokens_without_a_signature_are_inert() {
        for value in [
            segment(HS256),
            format!("{}.{}", segment(HS256), segment(CLAIMS)),
            token(r#"{"alg":"none"}"#, CLAIMS, ""),
            token(r#"{"alg":"none"}"#, CLAIMS, SIGNATURE),
            token(HS256, CLAIMS, ""),
            token(HS256, CLAIMS, "wrong"),
            token(HS256, "{}", "S"),
            token(HS256, CLAIMS, "this-is-not-a-real-signature"),
            token(HS256, CLAIMS, "signature_left_out"),
            token(HS256, CLAIMS, "SANITIZED_TOKEN_SIGNATURE"),
            // Words and a sequence run together, shorter than any whole
            // signature.
            token(r#"{"alg":"RS256"}"#, CLAIMS, "signaturetailhere"),
            token(r#"{"alg":"RS256"}"#, CLAIMS, "signatureTAILabcd"),
            token(HS256, CLAIMS, "abcdefghijklmnopqrstuvwxyz0123456789-_"),
            // The base64url of "signature-bytes" and of a sentence.
            token(HS256, CLAIMS, "c2lnbmF0dXJlLWJ5dGVz"),
            token(
                HS256,
                CLAIMS,
                &URL_SAFE_NO_PAD.encode("an RSA signature goes here"),
            ),
            format!("badz.{}.{SIGNATURE}", segment(CLAIMS)),
            format!("{}.badz.{SIGNATURE}", segment(HS256)),
            // The payload left out: a header and a signature.
            format!("{}.{SIGNATURE}", segment(HS256)),
        ] {
            assert!(is_unsigned_jwt(&value), "{value}");
        }
    }

    #[test]
    fn signed_tokens_and_other_values_are_judged_as_usual() {
        for value in [
            token(HS256, CLAIMS, SIGNATURE),
            // A MAC cut short keeps its bytes' randomness.
            token(HS256, CLAIMS, &SIGNATURE[..20]),
            // A service account's key file, base64url-encoded: not a header.
            segment(r#"{"type":"service_account","private_key_id":"1f2e"}"#),
            SIGNATURE.to_owned(),
            "eyJ is not a token".to_owned(),
        ] {
            assert!(!is_unsigned_jwt(&value), "{value}");
        }
    }
}
