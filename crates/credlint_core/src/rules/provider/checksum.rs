//! The checksums some providers build into their token formats, as a
//! provider rule declares them (`checksum = "…"` in `providers.toml` or a
//! project's `[[rules]]`): the one place that knows how each is computed.
//!
//! A checksum is evidence no regex can give: random text of the right
//! shape passes it once in 65,536 tries (CRC-16) or once in 5.7 × 10^10
//! (CRC32 in six base62 digits). What a failing checksum means is the
//! rule's own choice (`checksum_required`, read in
//! [`super::TokenRule::accepts`]); what a passing one allows beyond the
//! regex is the kind's ([`Checksum::glued_body`]).

use serde::Deserialize;

/// A checksum kind. Its name in the table is the variant's in kebab case
/// (`Crc32Base62` is `crc32-base62`), which is how build.rs writes it back.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Checksum {
    /// GitHub's tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) and npm's
    /// (`npm_`): after the prefix's `_`, 30 random characters, then their
    /// CRC32 (IEEE, zlib's) in six base62 digits (`0-9A-Za-z`, most
    /// significant first, zero-padded). GitHub documents the layout in
    /// "Behind GitHub's new authentication token formats".
    Crc32Base62,
    /// NATS NKeys (after Stellar's keys): RFC 4648 base32 without padding
    /// of the key's bytes (its prefix bytes, then the key), whose last two
    /// bytes are the CRC-16/XMODEM (polynomial 0x1021, initial value 0, no
    /// reflection) of the rest, little-endian. As the `nkeys` library
    /// decodes it, the bits left over after the last whole byte are not
    /// read.
    Crc16XmodemBase32,
    /// Bitcoin's Base58Check (BIP32 extended keys, WIF keys, legacy
    /// addresses): base58 in Bitcoin's alphabet (no `0`, `O`, `I`, `l`) of
    /// the payload and the first four bytes of its double SHA-256. Random
    /// text of the right shape passes once in 2^32; a 32-bit checksum is
    /// enough evidence, but the token is still asked to stand apart.
    Base58check,
}

/// [`Checksum::Crc32Base62`]'s characters after the prefix: 30 random
/// ones, then the checksum's 6.
const CRC32_BASE62_BODY: usize = 36;

impl Checksum {
    /// Whether `token` (a match's secret, the whole token with its prefix)
    /// carries a checksum that holds.
    pub fn holds(self, token: &str) -> bool {
        match self {
            Checksum::Crc32Base62 => token
                .split_once('_')
                .is_some_and(|(_, body)| crc32_base62_holds(body)),
            Checksum::Crc16XmodemBase32 => base32_decode(token).is_some_and(|bytes| {
                let Some((data, sum)) = bytes.split_last_chunk::<2>() else {
                    return false;
                };
                data.len() >= 2 && crc16_xmodem(data) == u16::from_le_bytes(*sum)
            }),
            Checksum::Base58check => base58_decode(token).is_some_and(|bytes| {
                let Some((data, sum)) = bytes.split_last_chunk::<4>() else {
                    return false;
                };
                !data.is_empty() && double_sha256(data)[..4] == sum[..]
            }),
        }
    }

    /// How many characters follow the keyword in a token of this kind
    /// glued to a letter or digit before it (`xghp_…`), which the rule's
    /// word boundary rejects; `None` where a token must stand apart. A
    /// 32-bit checksum stands in for the boundary (random text passes it
    /// once in 5.7 × 10^10); a 16-bit one does not: glued to the text
    /// before it, a run of base32 passes CRC-16 once in 65,536 windows.
    pub fn glued_body(self) -> Option<usize> {
        match self {
            Checksum::Crc32Base62 => Some(CRC32_BASE62_BODY),
            Checksum::Crc16XmodemBase32 | Checksum::Base58check => None,
        }
    }
}

/// Whether `body` (a [`Checksum::Crc32Base62`] token after its prefix) ends
/// with the CRC32 of the rest in six base62 digits.
fn crc32_base62_holds(body: &str) -> bool {
    let Some((random, checksum)) = body
        .split_at_checked(CRC32_BASE62_BODY - 6)
        .filter(|(_, checksum)| checksum.len() == 6)
    else {
        return false;
    };
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(u64::from(c - b'0')),
        b'A'..=b'Z' => Some(u64::from(c - b'A') + 10),
        b'a'..=b'z' => Some(u64::from(c - b'a') + 36),
        _ => None,
    };
    let decoded = checksum
        .bytes()
        .try_fold(0u64, |n, c| Some(n * 62 + digit(c)?));
    decoded == Some(u64::from(crc32(random.as_bytes())))
}

/// CRC-32 (IEEE 802.3, reflected, the `zlib` one), bit by bit: it runs
/// only on the few candidates a rule's keyword and shape let through, so
/// no table is worth its space.
pub(super) fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// CRC-16/XMODEM (the CCITT polynomial 0x1021, initial value 0, most
/// significant bit first, nothing XORed out), bit by bit, for the same
/// reason as [`crc32`]. Public for the tests that seal drawn NKey seeds.
pub fn crc16_xmodem(bytes: &[u8]) -> u16 {
    let mut crc = 0u16;
    for &b in bytes {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// RFC 4648 base32 (`A-Z2-7`, upper case) without padding; `None` for
/// any other character.
fn base32_decode(text: &str) -> Option<Vec<u8>> {
    data_encoding::BASE32_NOPAD.decode(text.as_bytes()).ok()
}

/// Bitcoin's base58 alphabet: the digits and letters without `0`, `O`,
/// `I` and `l`.
const BASE58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Base58 in Bitcoin's alphabet, each leading `1` a leading zero byte;
/// `None` for any other character. Quadratic in the length, which is
/// fine for the hundred-odd characters of the tokens it decodes.
fn base58_decode(text: &str) -> Option<Vec<u8>> {
    let zeros = text.bytes().take_while(|&c| c == b'1').count();
    // Little-endian base-256 digits of the number after the leading ones.
    let mut number: Vec<u8> = Vec::new();
    for c in text.bytes().skip(zeros) {
        let mut carry = BASE58.iter().position(|&d| d == c)? as u32;
        for byte in &mut number {
            carry += u32::from(*byte) * 58;
            *byte = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            number.push((carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let mut bytes = vec![0u8; zeros];
    bytes.extend(number.iter().rev());
    Some(bytes)
}

/// SHA-256 of SHA-256 of `bytes`: Base58Check's checksum is its first
/// four bytes.
fn double_sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(Sha256::digest(bytes)).into()
}

/// Base58 in Bitcoin's alphabet, each leading zero byte a `1`: how
/// [`base58check_seal`] writes a sealed key back.
fn base58_encode(bytes: &[u8]) -> String {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    let mut digits: Vec<u8> = Vec::new();
    for &b in &bytes[zeros..] {
        let mut carry = u32::from(b);
        for digit in &mut digits {
            carry += u32::from(*digit) << 8;
            *digit = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let mut text = "1".repeat(zeros);
    text.extend(digits.iter().rev().map(|&d| BASE58[usize::from(d)] as char));
    text
}

/// `token` (base58) with its last four bytes replaced by the Base58Check
/// checksum of the bytes before them, written back in as many characters;
/// `None` when it is not base58, too short to carry a checksum, or the
/// sealed number needs another length. Public for the tests that draw
/// keys from a rule's regex and seal them (the leak audit), as
/// [`crc16_xmodem`] is for NKey seeds.
pub fn base58check_seal(token: &str) -> Option<String> {
    let mut bytes = base58_decode(token)?;
    let data = bytes.len().checked_sub(4).filter(|&n| n > 0)?;
    let sum = double_sha256(&bytes[..data]);
    bytes[data..].copy_from_slice(&sum[..4]);
    Some(base58_encode(&bytes)).filter(|sealed| sealed.len() == token.len())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Each CRC's published check value (the CRC of the ASCII digits
    /// `123456789`, from the CRC catalogue).
    #[test]
    fn the_crcs_give_their_check_values() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc16_xmodem(b"123456789"), 0x31C3);
    }

    /// RFC 4648's test vectors, without their padding.
    #[test]
    fn base32_decodes_the_rfc_vectors() {
        for (encoded, decoded) in [
            ("", ""),
            ("MY", "f"),
            ("MZXQ", "fo"),
            ("MZXW6", "foo"),
            ("MZXW6YQ", "foob"),
            ("MZXW6YTB", "fooba"),
            ("MZXW6YTBOI", "foobar"),
        ] {
            assert_eq!(base32_decode(encoded).unwrap(), decoded.as_bytes());
        }
        assert_eq!(base32_decode("mzxw6"), None);
        assert_eq!(base32_decode("MZXW1"), None);
    }

    /// RFC 4648 base32 of `bytes`, unpadded: how the test seeds are written.
    fn base32_encode(bytes: &[u8]) -> String {
        data_encoding::BASE32_NOPAD.encode(bytes)
    }

    /// An NKey seed of `kind` (`b'U'` for a user, `b'A'` an account…) with
    /// a seed drawn from `seed` and a checksum that holds, made at run
    /// time as `nkeys` encodes one: the seed prefix byte (18 << 3) and the
    /// key type's byte spread over two bytes, the 32 random bytes, the
    /// CRC-16 little-endian.
    pub fn nkey_seed(kind: u8, seed: u64) -> String {
        let public = (kind - b'A') << 3;
        let mut bytes = vec![(18 << 3) | (public >> 5), (public & 31) << 3];
        let mut state = seed;
        bytes.extend((0..32).map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u8
        }));
        let crc = crc16_xmodem(&bytes);
        bytes.extend(crc.to_le_bytes());
        base32_encode(&bytes)
    }

    /// `token` with its ASCII character at `at` changed (to `Q`, or `R`
    /// where it was a `Q`): still of the format's alphabet.
    pub fn one_changed(token: &str, at: usize) -> String {
        let mut bytes = token.as_bytes().to_vec();
        bytes[at] = if bytes[at] == b'Q' { b'R' } else { b'Q' };
        String::from_utf8(bytes).unwrap()
    }

    /// A made seed starts as `nkeys` writes each kind (`SU`, `SA`, `SO`,
    /// `SN`, `SC`, `SX`, then `A`), is 58 characters long and holds; one
    /// character changed anywhere breaks it, and so does a seed cut short.
    #[test]
    fn nkey_checksums_hold_and_break() {
        for (kind, head) in [
            (b'U', "SUA"),
            (b'A', "SAA"),
            (b'O', "SOA"),
            (b'N', "SNA"),
            (b'C', "SCA"),
            (b'X', "SXA"),
        ] {
            for n in 0..8 {
                let seed = nkey_seed(kind, n);
                assert!(seed.starts_with(head) && seed.len() == 58, "{seed}");
                assert!(Checksum::Crc16XmodemBase32.holds(&seed), "{seed}");
                for at in 3..57 {
                    let broken = one_changed(&seed, at);
                    assert!(!Checksum::Crc16XmodemBase32.holds(&broken), "{broken}");
                }
                assert!(!Checksum::Crc16XmodemBase32.holds(&seed[..56]));
            }
        }
        assert!(!Checksum::Crc16XmodemBase32.holds("SUAQ"));
        assert!(!Checksum::Crc16XmodemBase32.holds("suaq"));
    }

    /// `prefix`, 30 random alphanumerics drawn from `seed`, and their
    /// CRC32 in six base62 digits: a token whose checksum holds, made at
    /// run time (none is written in the repository).
    pub fn checksummed(prefix: &str, seed: u64) -> String {
        const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut state = seed;
        let random: String = (0..30)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                BASE62[((state >> 33) % 62) as usize] as char
            })
            .collect();
        let mut n = crc32(random.as_bytes());
        let mut checksum = [b'0'; 6];
        for digit in checksum.iter_mut().rev() {
            *digit = BASE62[(n % 62) as usize];
            n /= 62;
        }
        format!(
            "{prefix}{random}{}",
            std::str::from_utf8(&checksum).unwrap()
        )
    }

    /// A BIP32 extended private key under `version` (`0x0488ADE4` for
    /// `xprv`, `0x04358394` for `tprv`) with a chain code and key drawn
    /// from `seed`, sealed with its Base58Check checksum at run time.
    pub fn extended_private_key(version: u32, seed: u64) -> String {
        let mut bytes = version.to_be_bytes().to_vec();
        bytes.extend([0u8; 9]); // depth, parent fingerprint, child number
        let mut state = seed;
        let mut draw = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u8
        };
        bytes.extend((0..32).map(|_| draw()));
        bytes.push(0);
        bytes.extend((0..32).map(|_| draw()));
        let sum = double_sha256(&bytes);
        bytes.extend(&sum[..4]);
        base58_encode(&bytes)
    }

    /// Base58 round-trips, keeps leading zero bytes as `1`s and refuses
    /// the four letters outside its alphabet.
    #[test]
    fn base58_round_trips() {
        for bytes in [&b""[..], b"\0", b"\0\0\x01", b"hello world", &[0xff; 40]] {
            assert_eq!(base58_decode(&base58_encode(bytes)).unwrap(), bytes);
        }
        assert_eq!(base58_encode(b"\0\0\x01"), "112");
        for bad in ["0", "O", "I", "l", "ab+c"] {
            assert_eq!(base58_decode(bad), None, "{bad}");
        }
    }

    /// A drawn `xprv`/`tprv` key is 111 characters and its checksum holds;
    /// one character changed anywhere breaks it, and so does a key cut
    /// short.
    #[test]
    fn base58check_checksums_hold_and_break() {
        for (version, head) in [(0x0488_ADE4, "xprv"), (0x0435_8394, "tprv")] {
            for seed in 0..6 {
                let key = extended_private_key(version, seed);
                assert!(key.starts_with(head) && key.len() == 111, "{key}");
                assert!(Checksum::Base58check.holds(&key), "{key}");
                for at in (4..111).step_by(7) {
                    let broken = one_changed(&key, at);
                    assert!(!Checksum::Base58check.holds(&broken), "{broken}");
                }
                assert!(!Checksum::Base58check.holds(&key[..110]));
            }
        }
        assert!(!Checksum::Base58check.holds("xprv"));
        assert!(!Checksum::Base58check.holds(""));
    }

    /// A GitHub-shaped token holds when its last six characters are the
    /// CRC32 of the thirty after the prefix; not with one changed, nor
    /// without a prefix, nor one character short.
    #[test]
    fn crc32_base62_checksums_hold_and_break() {
        for seed in 0..20 {
            let token = checksummed("ghp_", seed);
            assert!(Checksum::Crc32Base62.holds(&token), "{token}");
            let last = if token.ends_with('a') { "b" } else { "a" };
            let broken = format!("{}{last}", &token[..token.len() - 1]);
            assert!(!Checksum::Crc32Base62.holds(&broken), "{broken}");
            assert!(!Checksum::Crc32Base62.holds(&token[4..]));
            assert!(!Checksum::Crc32Base62.holds(&token[..token.len() - 1]));
        }
    }
}
