//! Redaction and fingerprints: the only ways a secret leaves the engine.
//!
//! Every front prints [`redact`]ed values and stores [`fingerprint`]s, so no
//! output, log or baseline ever holds a secret in full.

use sha2::{Digest, Sha256};

/// A short, recognisable form of a secret: a few characters from each end and
/// the length, e.g. `sk-p…9xQ (164 chars)`. Short secrets show less, so that
/// the shown part never gives away a meaningful share of the value.
pub fn redact(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    let n = chars.len();
    let (head, tail) = match n {
        0..=7 => (1, 0),
        8..=15 => (2, 2),
        _ => (4, 3),
    };
    let head: String = chars[..head.min(n)].iter().collect();
    let tail: String = chars[n - tail.min(n)..].iter().collect();
    format!("{head}…{tail} ({n} chars)")
}

/// A stable hex digest identifying `(rule, value)` without revealing the value.
pub fn fingerprint(rule: &str, value: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(rule.as_bytes());
    hasher.update([0]);
    hasher.update(value.as_bytes());
    let digest = hasher.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The hex SHA-1 of a secret, as detect-secrets computes `hashed_secret`.
pub fn sha1_hex(secret: &str) -> String {
    use sha1::Digest as _;
    sha1::Sha1::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_secrets_show_four_and_three() {
        let secret = format!("sk-p{}9xQ", "a".repeat(157));
        assert_eq!(redact(&secret), "sk-p…9xQ (164 chars)");
    }

    #[test]
    fn short_secrets_show_less() {
        assert_eq!(redact("hunter2"), "h… (7 chars)");
        assert_eq!(redact("S3cr3t!Pass"), "S3…ss (11 chars)");
        assert_eq!(redact(""), "… (0 chars)");
    }

    #[test]
    fn sha1_matches_detect_secrets() {
        // hashlib.sha1(b"hunter2").hexdigest()
        assert_eq!(
            sha1_hex("hunter2"),
            "f3bbbd66a63d4bf1747940578ec3d0103530e21d"
        );
    }

    #[test]
    fn fingerprints_are_stable_and_rule_bound() {
        assert_eq!(fingerprint("a", "x"), fingerprint("a", "x"));
        assert_ne!(fingerprint("a", "x"), fingerprint("b", "x"));
        assert_eq!(fingerprint("a", "x").len(), 32);
    }
}
