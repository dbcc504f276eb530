//! PEM armour around no private key: an RSA key cut off before its
//! private exponent. What is left is the DER header and the public
//! modulus, the same prefix every key of that size shares
//! (`MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQ…`): a test's stub of
//! a key file, which joining literals (the stub written over three lines)
//! and escaped newlines make the key rules meet. An EC or Ed25519 key cut
//! off is still reported (its private scalar comes first), and so is a
//! body that is not DER at all (a fixture's random body under the armour
//! is a key to the rules). An encrypted traditional block (`Proc-Type:`
//! and `DEK-Info:` headers) holds ciphertext and is not judged here.

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

/// The labels an RSA key is written under: PKCS#1's and PKCS#8's.
const RSA_LABELS: &[&str] = &["RSA PRIVATE KEY", "PRIVATE KEY"];

/// DER of the rsaEncryption OID (1.2.840.113549.1.1.1), PKCS#8's algorithm.
const RSA_ENCRYPTION: &[u8] = &[
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
];

/// Whether `block` (a PEM private-key block as a rule matched it: real
/// line breaks, or `\n` escapes of a string) is an RSA key's public
/// prefix alone (see the module's documentation).
pub fn is_rsa_key_stub(block: &str) -> bool {
    let Some(after_begin) = block.split_once("-----BEGIN ").map(|(_, rest)| rest) else {
        return false;
    };
    let Some((label, rest)) = after_begin.split_once("-----") else {
        return false;
    };
    if !RSA_LABELS.contains(&label) {
        return false;
    }
    let body = rest.split_once("-----END").map_or(rest, |(body, _)| body);
    if body.contains(':') {
        return false;
    }
    let unescaped = body.replace("\\r", "").replace("\\n", "").replace('\\', "");
    let mut base64: String = unescaped
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .collect();
    // A body cut off mid-quantum: its last characters decode to no whole byte.
    base64.truncate(base64.len() / 4 * 4);
    let engine = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let Ok(der) = engine.decode(base64.as_bytes()) else {
        return false;
    };
    rsa_cut_before_private_exponent(&der)
}

/// A DER element's header read at some offset: its tag, where its content
/// starts and its declared length, read as far as the header goes (the
/// content may be cut off).
enum Header {
    Element(u8, usize, usize),
    /// The bytes end inside the header, or before it: the key was cut off.
    Cut,
    /// A length no DER writer produces: not a key's DER at all.
    Malformed,
}

fn header(der: &[u8], at: usize) -> Header {
    let (Some(&tag), Some(&first)) = (der.get(at), der.get(at + 1)) else {
        return Header::Cut;
    };
    if first < 0x80 {
        return Header::Element(tag, at + 2, usize::from(first));
    }
    let count = usize::from(first & 0x7f);
    if count == 0 || count > 4 {
        return Header::Malformed;
    }
    let Some(bytes) = der.get(at + 2..at + 2 + count) else {
        return Header::Cut;
    };
    let len = bytes.iter().fold(0usize, |n, b| n << 8 | usize::from(*b));
    Header::Element(tag, at + 2 + count, len)
}

/// Whether `der` is the start of an RSA private key (PKCS#1, or PKCS#8
/// with rsaEncryption), shorter than its outer `SEQUENCE` declares and
/// ending before the content of the private exponent `d`: version,
/// modulus and public exponent only.
fn rsa_cut_before_private_exponent(der: &[u8]) -> bool {
    use Header::{Cut, Element};
    let Element(0x30, start, len) = header(der, 0) else {
        return false;
    };
    if start + len <= der.len() {
        return false;
    }
    let Element(0x02, version, 1) = header(der, start) else {
        return false;
    };
    let mut at = version + 1;
    match header(der, at) {
        // PKCS#8: the algorithm, then an OCTET STRING holding PKCS#1.
        Element(0x30, algorithm, algorithm_len) => {
            if der.get(algorithm..algorithm + RSA_ENCRYPTION.len()) != Some(RSA_ENCRYPTION) {
                return false;
            }
            at = algorithm + algorithm_len;
            let inner = match header(der, at) {
                Element(0x04, inner, _) => inner,
                Cut => return true,
                _ => return false,
            };
            let key = match header(der, inner) {
                Element(0x30, key, _) => key,
                Cut => return true,
                _ => return false,
            };
            at = match header(der, key) {
                Element(0x02, key_version, 1) => key_version + 1,
                Cut => return true,
                _ => return false,
            };
        }
        Element(0x02, ..) => {}
        Cut => return true,
        _ => return false,
    }
    // The modulus, then the public exponent; `d` follows.
    for _ in 0..2 {
        match header(der, at) {
            Element(0x02, content, len) => at = content + len,
            Cut => return true,
            _ => return false,
        }
    }
    match header(der, at) {
        Element(_, d, _) => d >= der.len(),
        Cut => true,
        Header::Malformed => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_rsa_key_stub;

    fn pem(label: &str, body: &str) -> String {
        format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n")
    }

    #[test]
    fn rsa_stubs_cut_before_the_private_exponent_are_keyless() {
        // PKCS#8 and PKCS#1 headers of 2048-bit keys, and the modulus begun.
        let pkcs8 = "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC3";
        assert!(is_rsa_key_stub(&pem("PRIVATE KEY", pkcs8)));
        let escaped = pem("PRIVATE KEY", pkcs8).replace('\n', "\\n");
        assert!(is_rsa_key_stub(&escaped));
        let pkcs1 = "MIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun";
        assert!(is_rsa_key_stub(&pem("RSA PRIVATE KEY", pkcs1)));
    }

    #[test]
    fn an_rsa_key_cut_inside_its_private_exponent_is_a_key() {
        // A 512-bit PKCS#1 key: version, n (65 bytes), e, d (64 bytes), …
        let mut der = vec![0x30, 0x82, 0x01, 0x3a, 0x02, 0x01, 0x00, 0x02, 0x41, 0x00];
        der.extend((0..64).map(|i| (i * 7 + 3) as u8));
        der.extend([0x02, 0x03, 0x01, 0x00, 0x01, 0x02, 0x40]);
        der.extend((0..64).map(|i| (i * 13 + 5) as u8));
        use base64::Engine as _;
        let body = base64::engine::general_purpose::STANDARD.encode(&der);
        assert!(!is_rsa_key_stub(&pem("RSA PRIVATE KEY", &body)));
        // Cut before d's content: the public part only.
        let public = base64::engine::general_purpose::STANDARD.encode(&der[..80]);
        assert!(is_rsa_key_stub(&pem("RSA PRIVATE KEY", &public)));
    }

    #[test]
    fn armour_around_no_der_is_left_to_the_rules() {
        let prose = "ThisIsNotAKeyButSomeLongDocumentationTextInBase64Alphabet";
        assert!(!is_rsa_key_stub(&pem("PRIVATE KEY", prose)));
        assert!(!is_rsa_key_stub(&pem("RSA PRIVATE KEY", prose)));
    }

    #[test]
    fn an_ec_key_cut_off_still_holds_its_scalar() {
        let ec = "MHcCAQEEIHaVr2Qv5lq35qf/k6sUtEFiLfx29WA8Q417AdgNREzC";
        assert!(!is_rsa_key_stub(&pem("EC PRIVATE KEY", ec)));
        let headers = "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,4A2AD1896EC13C80\n\n";
        let encrypted = pem("RSA PRIVATE KEY", &format!("{headers}Q2lwaGVydGV4dA=="));
        assert!(!is_rsa_key_stub(&encrypted));
    }

    #[test]
    fn a_body_whose_der_goes_astray_after_the_modulus_is_left_to_the_rules() {
        // A 512-bit PKCS#1 key whose bytes after the modulus are no DER (a
        // fixture's random body): a length byte of 0x85 is no cut, and the
        // body is judged by the key rules as any random body is.
        let mut der = vec![0x30, 0x82, 0x01, 0x3a, 0x02, 0x01, 0x00, 0x02, 0x41, 0x00];
        der.extend((0..64).map(|i| (i * 7 + 3) as u8));
        der.extend([0x13, 0x85, 0x44, 0xa3, 0x86, 0xa4, 0x78, 0xcd]);
        use base64::Engine as _;
        let body = base64::engine::general_purpose::STANDARD.encode(&der);
        assert!(!is_rsa_key_stub(&pem("RSA PRIVATE KEY", &body)));
    }
}
