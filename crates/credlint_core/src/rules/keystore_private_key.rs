//! `secret/keystore-private-key`: binary keystores (PKCS#12, Java KeyStore)
//! that hold a private key. Judged by content, never by file name, and
//! without allocating anything a header sizes: every length read is checked
//! against the bytes that are there.

use super::{rule, Candidate, Check, Input, Target};
use sha2::{Digest, Sha256};

rule! {
    /// ## What it does
    /// Finds binary keystores committed as files: a DER PKCS#12 archive
    /// (`.p12`, `.pfx`) with a key bag (`keyBag` or the password-encrypted
    /// `pkcs8ShroudedKeyBag`) outside its encrypted parts, and a Java
    /// KeyStore (JKS, JCEKS) with a private-key entry. The file's content
    /// decides, not its name: a certificate-only PKCS#12 or JKS (a
    /// truststore) is not reported, whatever it is called. The finding is
    /// on line 1 of the file and quotes none of its bytes.
    ///
    /// ## Why is this bad?
    /// A keystore with a private key is the key: whoever has the file can
    /// decrypt and sign as its owner. The key inside is encrypted with the
    /// keystore's password, but that password is usually next to it (in the
    /// code that opens it, a build file, a test) or one of a handful
    /// (`changeit`, `password`, empty), and guessing offline costs nothing.
    /// Like `ENCRYPTED PRIVATE KEY` PEM files, it is a committed secret.
    ///
    /// ## Example
    /// ```sh
    /// $ openssl pkcs12 -export -inkey server.key -in server.crt -out identity.p12
    /// $ git add identity.p12
    /// ```
    ///
    /// Use instead: generate the keystore at build or test time, or fetch it
    /// from a secret store, and commit only certificates (`-nokeys`).
    ///
    /// ## How to fix
    /// Remove the keystore from the repository (and its history), rotate
    /// the key, and create the keystore where it is used. A binary file can
    /// hold no `credlint: allow` comment: for a throwaway test keystore, use
    /// `per-file-ignores` or a baseline.
    pub static RULE = (
        "secret/keystore-private-key",
        Error,
        "a committed keystore holding a private key is the key",
        "Never Hardcode: secrets are never hardcoded in source code or configuration files",
        fix: "remove the keystore, rotate its key and create it where it is used; for a throwaway test keystore, use `per-file-ignores` or a baseline",
        checks: &[Check { on: Target::Binary, needs: &[], run }],
    );
}

fn run(input: &Input, out: &mut Vec<Candidate>) {
    let Some(bytes) = input.bytes else {
        return;
    };
    if let Some(found) = private_key(bytes) {
        out.push(Candidate {
            rule: RULE.id.to_owned(),
            severity: RULE.severity,
            span: 0..0,
            // A digest of the key's bytes: baselines recognise the key
            // without holding anything that gives it back.
            secret: Some(hex(&Sha256::digest(found.key))),
            message: found.what.to_owned(),
            redacted: None,
            variable: None,
            priority: 0,
        });
    }
}

/// A private key found in a keystore: what was found (the finding's
/// message), and the bytes of the key's entry.
#[derive(Debug, PartialEq, Eq)]
pub struct KeystoreKey<'a> {
    pub what: &'static str,
    pub key: &'a [u8],
}

/// The private key a binary keystore holds, if any.
pub fn private_key(bytes: &[u8]) -> Option<KeystoreKey<'_>> {
    pkcs12(bytes).or_else(|| java_keystore(bytes))
}

/// Content-type OID of PKCS#7 `data` (1.2.840.113549.1.7.1), DER.
const PKCS7_DATA: &[u8] = &[
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
];
/// Bag ids of PKCS#12 key bags (1.2.840.113549.1.12.10.1.1 and .2), DER,
/// without the last byte.
const KEY_BAG_PREFIX: &[u8] = &[
    0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01,
];

/// A PKCS#12 PFX: `SEQUENCE { INTEGER 3, ContentInfo { pkcs7-data, … } }`
/// in which a key bag's id is visible (not inside `encryptedData`, whose
/// bytes are ciphertext where 13 given bytes do not turn up by chance).
fn pkcs12(bytes: &[u8]) -> Option<KeystoreKey<'_>> {
    let (tag, at) = header(bytes, 0)?;
    if tag != 0x30 {
        return None;
    }
    if bytes.get(at..at + 3)? != [0x02, 0x01, 0x03] {
        return None;
    }
    let (tag, at) = header(bytes, at + 3)?;
    if tag != 0x30 || bytes.get(at..at + PKCS7_DATA.len())? != PKCS7_DATA {
        return None;
    }
    let rest = &bytes[at + PKCS7_DATA.len()..];
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&rest[from..], KEY_BAG_PREFIX) {
        let oid_end = from + found + KEY_BAG_PREFIX.len();
        from += found + 1;
        let what = match rest.get(oid_end) {
            Some(1) => "a PKCS#12 keystore holds an unencrypted private key",
            Some(2) => "a PKCS#12 keystore holds a password-encrypted private key",
            _ => continue,
        };
        // The bag's value: `[0] EXPLICIT`, to its end when its length is
        // definite and in bounds, else to the end of the file.
        let value = oid_end + 1;
        let key = match header(rest, value) {
            Some((0xa0, start)) => match length(rest, value) {
                Some(Some(len)) => rest.get(start..start.checked_add(len)?),
                _ => None,
            },
            _ => None,
        }
        .unwrap_or(&rest[value.min(rest.len())..]);
        return Some(KeystoreKey { what, key });
    }
    None
}

/// The tag at `at` and where its content starts (definite or indefinite
/// length, in bounds or not).
fn header(bytes: &[u8], at: usize) -> Option<(u8, usize)> {
    let tag = *bytes.get(at)?;
    let first = *bytes.get(at + 1)?;
    let size = if first & 0x80 == 0 || first == 0x80 {
        0
    } else {
        usize::from(first & 0x7f)
    };
    if size > 4 || at + 2 + size > bytes.len() {
        return None;
    }
    Some((tag, at + 2 + size))
}

/// The length of the element at `at`: `Some(None)` when indefinite.
fn length(bytes: &[u8], at: usize) -> Option<Option<usize>> {
    let first = *bytes.get(at + 1)?;
    if first & 0x80 == 0 {
        return Some(Some(usize::from(first)));
    }
    if first == 0x80 {
        return Some(None);
    }
    let size = usize::from(first & 0x7f);
    if size > 4 {
        return None;
    }
    let len = bytes
        .get(at + 2..at + 2 + size)?
        .iter()
        .fold(0usize, |len, b| (len << 8) | usize::from(*b));
    Some(Some(len))
}

/// A Java KeyStore (`0xFEEDFEED`) or JCEKS (`0xCECECECE`), version 1 or 2:
/// entries tagged 1 are private keys, 2 trusted certificates (3, a JCEKS
/// secret key, is a serialized Java object that cannot be skipped, so the
/// walk stops there). Reported at the first private-key entry.
fn java_keystore(bytes: &[u8]) -> Option<KeystoreKey<'_>> {
    let mut r = Reader { bytes, at: 0 };
    let what = match r.u32()? {
        0xfeed_feed => "a Java KeyStore (JKS) holds a private key",
        0xcece_cece => "a Java KeyStore (JCEKS) holds a private key",
        _ => return None,
    };
    let version = r.u32()?;
    if version != 1 && version != 2 {
        return None;
    }
    let count = r.u32()?;
    for _ in 0..count {
        let tag = r.u32()?;
        r.utf()?; // alias
        r.take(8)?; // creation date
        match tag {
            1 => {
                let len = r.u32()? as usize;
                let key = r.take(len)?;
                return Some(KeystoreKey { what, key });
            }
            2 => {
                if version == 2 {
                    r.utf()?; // certificate type
                }
                let len = r.u32()? as usize;
                r.take(len)?;
            }
            _ => return None,
        }
    }
    None
}

/// Big-endian reads that fail past the end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(len)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }

    fn u32(&mut self) -> Option<u32> {
        let b = self.take(4)?;
        Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A Java modified-UTF-8 string: a two-byte length, then the bytes.
    fn utf(&mut self) -> Option<&'a [u8]> {
        let b = self.take(2)?;
        self.take(usize::from(u16::from_be_bytes([b[0], b[1]])))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jks(entries: &[(u32, &[u8])]) -> Vec<u8> {
        let mut out = vec![0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2];
        out.extend((entries.len() as u32).to_be_bytes());
        for (tag, body) in entries {
            out.extend(tag.to_be_bytes());
            out.extend([0, 5]);
            out.extend(b"alias");
            out.extend([0; 8]);
            if *tag == 2 {
                out.extend([0, 5]);
                out.extend(b"X.509");
            }
            out.extend((body.len() as u32).to_be_bytes());
            out.extend(*body);
            if *tag == 1 {
                out.extend([0, 0, 0, 0]); // no chain
            }
        }
        out.extend([0; 20]); // the digest
        out
    }

    #[test]
    fn java_keystores_with_a_private_key_entry() {
        let keystore = jks(&[(2, b"cert"), (1, b"protected key")]);
        let found = private_key(&keystore).expect("a private key entry");
        assert_eq!(found.key, b"protected key");
        assert_eq!(found.what, "a Java KeyStore (JKS) holds a private key");
        assert_eq!(private_key(&jks(&[(2, b"cert"), (2, b"other")])), None);
    }

    #[test]
    fn pkcs12_needs_the_pfx_header_and_a_visible_key_bag() {
        let mut pfx = vec![0x30, 0x80, 0x02, 0x01, 0x03, 0x30, 0x80];
        pfx.extend(PKCS7_DATA);
        pfx.extend([0xa0, 0x80, 0x04, 0x10, 0x30, 0x0e]);
        pfx.extend(KEY_BAG_PREFIX);
        pfx.extend([0x02, 0xa0, 0x03, 0x04, 0x01, 0x55]);
        let found = private_key(&pfx).expect("a key bag");
        assert_eq!(found.key, [0x04, 0x01, 0x55]);
        // Version 2, or no key bag: nothing.
        let mut other = pfx.clone();
        other[4] = 2;
        assert_eq!(private_key(&other), None);
        let bare = &pfx[..pfx.len() - KEY_BAG_PREFIX.len() - 6];
        assert_eq!(private_key(bare), None);
    }

    #[test]
    fn no_bytes_make_it_panic() {
        let keystore = jks(&[(1, b"protected key")]);
        for cut in 0..keystore.len() {
            private_key(&keystore[..cut]);
        }
        let mut huge = keystore.clone();
        huge[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        private_key(&huge);
        let mut pfx = vec![
            0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x03, 0x30, 0x84,
        ];
        pfx.extend([0xff; 4]);
        pfx.extend(PKCS7_DATA);
        pfx.extend(KEY_BAG_PREFIX);
        pfx.extend([0x01, 0xa0, 0x84, 0xff, 0xff, 0xff, 0xff]);
        for cut in 0..=pfx.len() {
            private_key(&pfx[..cut]);
        }
    }
}
