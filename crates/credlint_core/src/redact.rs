//! Redaction and fingerprints: the only ways a secret leaves the engine.
//!
//! Every front prints [`redact`]ed values, reports [`fingerprint`]s that do
//! not depend on the value at all, and stores [`BaselineHasher`] digests in
//! baselines, so no output, log or baseline ever holds a secret in full or in
//! a form cheap enough to guess back.
//!
//! The threat is a report or baseline leaking without the repository (a CI
//! artifact, a PR comment, a SARIF upload); whoever has the repository has the
//! secret already. So report fingerprints carry nothing about the value, and a
//! baseline, which must recognise the value to accept it, holds a salted
//! Argon2id digest: each guess at a leaked baseline costs as much as the
//! digest did, and the per-baseline salt rules out precomputed tables.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// A short, recognisable form of a secret: its length, and from 20
/// characters on a few characters from each end, e.g. `sk-p…9xQ (164 chars)`.
/// Below that at most one character shows on each side, and none below 8, so
/// the shown part never narrows a guess at a short password meaningfully.
pub fn redact(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    let n = chars.len();
    let (head, tail) = match n {
        0..=7 => (0, 0),
        8..=19 => (1, 1),
        20..=31 => (2, 2),
        _ => (4, 3),
    };
    let head: String = chars[..head].iter().collect();
    let tail: String = chars[n - tail..].iter().collect();
    format!("{head}…{tail} ({n} chars)")
}

/// A stable hex digest of non-secret data (a rule, a variable name, an
/// ordinal, other fingerprints). Unsalted and fast: never feed it a secret.
pub fn fingerprint(rule: &str, data: &str) -> String {
    hex(&sha256(rule, data)[..16])
}

/// The fingerprint version 1 baselines hold: the fast hash of the secret (or
/// flagged code). Computed only to match such baselines, never output.
pub fn legacy_fingerprint(rule: &str, basis: &str) -> String {
    format!("{LEGACY_PREFIX}{}", fingerprint(rule, basis))
}

/// Marks a version 1 entry kept in a newer baseline until it is matched again.
pub const LEGACY_PREFIX: &str = "sha256:";

fn sha256(rule: &str, data: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(rule.as_bytes());
    hasher.update([0]);
    hasher.update(data.as_bytes());
    hasher.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hex SHA-1 of a secret, as detect-secrets computes `hashed_secret`.
pub fn sha1_hex(secret: &str) -> String {
    use sha1::Digest as _;
    hex(&sha1::Sha1::digest(secret.as_bytes()))
}

/// Argon2id cost parameters, stored in the baseline so a later credlint can
/// raise them and still tell older files apart. A baseline is read only with
/// the parameters this credlint writes ([`HashParams::DEFAULT`]): the file is
/// edited in pull requests, so any other cost in it is either a way to stall
/// CI (a quarter of a gigabyte and 16 passes a finding) or to weaken the
/// digests (8 KiB, 1 pass).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HashParams {
    #[serde(rename = "memory_kib")]
    pub memory: u32,
    pub iterations: u32,
}

impl HashParams {
    /// 4 MiB and 2 passes: several milliseconds a value, paid once per
    /// distinct secret in a run, and memory-hard, so guessing does not get
    /// cheap on a GPU. (8 MiB cost 15 ms of CPU a secret on the reference
    /// machine: a minute for a baseline of 4,000 distinct secrets.)
    pub const DEFAULT: HashParams = HashParams {
        memory: 4 * 1024,
        iterations: 2,
    };
}

/// Salted, slow digests of what baseline entries accept, memoised per
/// distinct value so a secret repeated across a repository costs one digest.
pub struct BaselineHasher {
    salt: [u8; 16],
    params: HashParams,
    argon: argon2::Argon2<'static>,
    memo: Mutex<HashMap<[u8; 32], String>>,
    /// Argon2id runs made, for the tests that bound them.
    #[cfg(test)]
    runs: std::sync::atomic::AtomicUsize,
}

impl std::fmt::Debug for BaselineHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BaselineHasher")
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl BaselineHasher {
    /// A hasher with a fresh random salt, for a new baseline.
    pub fn generate() -> Result<BaselineHasher, String> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| format!("cannot draw a random salt: {e}"))?;
        BaselineHasher::new(salt, HashParams::DEFAULT)
    }

    /// The hasher of an existing baseline: its hex salt and parameters,
    /// which must be the ones credlint writes (see [`HashParams`]); the
    /// error names the key that differs.
    pub fn from_stored(salt: &str, params: HashParams) -> Result<BaselineHasher, String> {
        let pinned = HashParams::DEFAULT;
        for (key, got, want) in [
            ("memory_kib", params.memory, pinned.memory),
            ("iterations", params.iterations, pinned.iterations),
        ] {
            if got != want {
                return Err(format!(
                    "`{key}` is {got}, but credlint reads only the parameters it writes \
                     ({key} {want}); record the baseline again with `credlint baseline`"
                ));
            }
        }
        let bytes: Vec<u8> = (0..salt.len())
            .step_by(2)
            .map(|i| {
                salt.get(i..i + 2)
                    .and_then(|b| u8::from_str_radix(b, 16).ok())
            })
            .collect::<Option<_>>()
            .ok_or("the salt is not hex")?;
        let salt: [u8; 16] = bytes.try_into().map_err(|_| "the salt is not 16 bytes")?;
        BaselineHasher::new(salt, params)
    }

    fn new(salt: [u8; 16], params: HashParams) -> Result<BaselineHasher, String> {
        let argon_params = argon2::Params::new(params.memory, params.iterations, 1, Some(16))
            .map_err(|e| format!("bad hash parameters: {e}"))?;
        Ok(BaselineHasher {
            salt,
            params,
            argon: argon2::Argon2::new(
                argon2::Algorithm::Argon2id,
                argon2::Version::V0x13,
                argon_params,
            ),
            memo: Mutex::default(),
            #[cfg(test)]
            runs: Default::default(),
        })
    }

    pub fn salt_hex(&self) -> String {
        hex(&self.salt)
    }

    pub fn params(&self) -> HashParams {
        self.params
    }

    /// The digest already computed for `basis` under `rule` in this run,
    /// if any (free to ask).
    pub fn memoised(&self, rule: &str, basis: &str) -> Option<String> {
        self.known(&sha256(rule, basis))
    }

    fn known(&self, key: &[u8; 32]) -> Option<String> {
        self.memo.lock().ok().and_then(|m| m.get(key).cloned())
    }

    /// How many Argon2id runs this hasher has made (values memoised are
    /// not run again).
    #[cfg(test)]
    fn runs(&self) -> usize {
        self.runs.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The digest a baseline entry holds for `basis` (the secret, or the
    /// flagged code) under `rule`.
    pub fn digest(&self, rule: &str, basis: &str) -> String {
        let key = sha256(rule, basis);
        if let Some(known) = self.known(&key) {
            return known;
        }
        #[cfg(test)]
        self.runs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut input = Vec::with_capacity(rule.len() + 1 + basis.len());
        input.extend_from_slice(rule.as_bytes());
        input.push(0);
        input.extend_from_slice(basis.as_bytes());
        let mut out = [0u8; 16];
        // The parameters and output length were validated in `new`, and the
        // salt is 16 bytes: hashing cannot fail.
        self.argon
            .hash_password_into(&input, &self.salt, &mut out)
            .expect("validated Argon2 parameters");
        let digest = hex(&out);
        if let Ok(mut memo) = self.memo.lock() {
            memo.insert(key, digest.clone());
        }
        digest
    }
}

/// Which findings need baseline keys: `(document path, rule)` → how many
/// entries of the baseline could match them, or `None` for none.
pub type Wanted = Box<dyn Fn(&Path, &str) -> Option<usize> + Send + Sync>;

/// How many values of one file and rule a baseline being matched may hash
/// beyond its entries for them (a10 #21: one entry for a file made a check
/// hash every distinct secret in it, 5,000 in a 234 KB `.env`, a minute).
/// Past that, each further value is reported as new unhashed: as an entry
/// matches one value, `entries + DIGEST_MARGIN` values hashed mean that at
/// least `DIGEST_MARGIN` of the file's findings are new anyway.
pub const DIGEST_MARGIN: usize = 64;

/// What the front asks the engine to compute for baseline matching.
pub struct Fingerprinting {
    pub hasher: Arc<BaselineHasher>,
    /// Also compute version 1 fingerprints (the baseline still has such entries).
    pub legacy: bool,
    /// Only these findings need digests (a baseline's entries, when it is
    /// only matched); `None` means every finding (a baseline being written).
    pub wanted: Option<Wanted>,
    /// Per file and rule: the values hashed, and the findings reported
    /// unhashed past [`DIGEST_MARGIN`].
    spent: Mutex<Spent>,
}

/// Per file and rule, the values hashed and the findings left unhashed.
type Spent = HashMap<(std::path::PathBuf, String), (usize, usize)>;

impl std::fmt::Debug for Fingerprinting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fingerprinting")
            .field("hasher", &self.hasher)
            .field("legacy", &self.legacy)
            .field("every_finding", &self.wanted.is_none())
            .finish()
    }
}

impl Fingerprinting {
    pub fn new(
        hasher: Arc<BaselineHasher>,
        legacy: bool,
        wanted: Option<Wanted>,
    ) -> Fingerprinting {
        Fingerprinting {
            hasher,
            legacy,
            wanted,
            spent: Mutex::default(),
        }
    }

    pub fn wants(&self, path: &Path, rule: &str) -> bool {
        self.wanted.as_ref().is_none_or(|w| w(path, rule).is_some())
    }

    /// The digest of `secret` for a finding of `rule` in `path`; `None`
    /// when the baseline is only matched and the values of that file and
    /// rule already hashed reach its entries for them plus
    /// [`DIGEST_MARGIN`] (the finding is then new to the baseline: see
    /// [`Fingerprinting::unhashed`]). A value hashed before costs nothing.
    pub fn digest(&self, path: &Path, rule: &str, secret: &str) -> Option<String> {
        let Some(wanted) = &self.wanted else {
            return Some(self.hasher.digest(rule, secret));
        };
        if let Some(known) = self.hasher.memoised(rule, secret) {
            return Some(known);
        }
        let entries = wanted(path, rule)?;
        {
            let mut spent = self.spent.lock().unwrap_or_else(|e| e.into_inner());
            let (hashed, unhashed) = spent
                .entry((path.to_path_buf(), rule.to_owned()))
                .or_default();
            if *hashed >= entries.saturating_add(DIGEST_MARGIN) {
                *unhashed += 1;
                return None;
            }
            *hashed += 1;
        }
        Some(self.hasher.digest(rule, secret))
    }

    /// The files and rules some of whose findings were reported new
    /// without being hashed, with how many, sorted.
    pub fn unhashed(&self) -> Vec<(std::path::PathBuf, String, usize)> {
        let spent = self.spent.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<_> = spent
            .iter()
            .filter(|(_, (_, unhashed))| *unhashed > 0)
            .map(|((path, rule), (_, unhashed))| (path.clone(), rule.clone(), *unhashed))
            .collect();
        out.sort();
        out
    }
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
    fn short_secrets_show_at_most_one_character_each_side() {
        assert_eq!(redact("hunter2"), "… (7 chars)");
        assert_eq!(redact("S3cr3t!Pass"), "S…s (11 chars)");
        assert_eq!(redact("Tr0ub4dor&3xyzAbcd9"), "T…9 (19 chars)");
        assert_eq!(redact("Tr0ub4dor&3xyzAbcd9Q"), "Tr…9Q (20 chars)");
        assert_eq!(redact(""), "… (0 chars)");
        assert_eq!(redact("pässwörd"), "p…d (8 chars)");
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
        assert_eq!(
            legacy_fingerprint("a", "x"),
            format!("sha256:{}", fingerprint("a", "x"))
        );
    }

    #[test]
    fn digests_are_salted_stable_and_memoised() {
        let a = BaselineHasher::generate().unwrap();
        let b = BaselineHasher::generate().unwrap();
        assert_ne!(a.salt_hex(), b.salt_hex());
        let first = a.digest("secret/x", "hunter22");
        assert_eq!(first.len(), 32);
        assert_eq!(a.digest("secret/x", "hunter22"), first);
        assert_ne!(a.digest("secret/y", "hunter22"), first);
        assert_ne!(b.digest("secret/x", "hunter22"), first);
        assert_ne!(first, fingerprint("secret/x", "hunter22"));
        // The same salt and parameters give the same digest on another machine.
        let again = BaselineHasher::from_stored(&a.salt_hex(), a.params()).unwrap();
        assert_eq!(again.digest("secret/x", "hunter22"), first);
    }

    /// a10 #21: a file and rule get as many digests as the baseline has
    /// entries for them plus [`DIGEST_MARGIN`], however many distinct
    /// values they hold; values already hashed cost nothing; a baseline
    /// being written hashes every value.
    #[test]
    fn matching_hashes_at_most_the_entries_and_a_margin_per_file_and_rule() {
        let hasher = Arc::new(BaselineHasher::generate().unwrap());
        let wanted: Wanted = Box::new(|path, rule| {
            (path == Path::new("/r/.env") && rule == "secret/x").then_some(2)
        });
        let matching = Fingerprinting::new(Arc::clone(&hasher), false, Some(wanted));
        let env = Path::new("/r/.env");
        let digests: Vec<Option<String>> = (0..5_000)
            .map(|i| matching.digest(env, "secret/x", &format!("value-{i}")))
            .collect();
        assert_eq!(hasher.runs(), 2 + DIGEST_MARGIN);
        assert!(digests[..2 + DIGEST_MARGIN].iter().all(Option::is_some));
        assert!(digests[2 + DIGEST_MARGIN..].iter().all(Option::is_none));
        assert_eq!(
            matching.unhashed(),
            [(
                env.to_path_buf(),
                "secret/x".to_owned(),
                5_000 - 2 - DIGEST_MARGIN
            )]
        );
        // Hashed once, given again for free; no entry, no digest.
        assert!(matching.digest(env, "secret/x", "value-0").is_some());
        assert_eq!(matching.digest(Path::new("/r/b"), "secret/x", "v"), None);
        assert_eq!(hasher.runs(), 2 + DIGEST_MARGIN);
        let writing = Fingerprinting::new(Arc::clone(&hasher), false, None);
        for i in 0..100 {
            assert!(writing.digest(env, "secret/x", &format!("w-{i}")).is_some());
        }
        assert_eq!(hasher.runs(), 2 + DIGEST_MARGIN + 100);
    }

    #[test]
    fn stored_hashers_are_checked() {
        assert!(BaselineHasher::from_stored("zz", HashParams::DEFAULT).is_err());
        assert!(BaselineHasher::from_stored("00ff", HashParams::DEFAULT).is_err());
        let huge = HashParams {
            memory: u32::MAX,
            iterations: 1,
        };
        assert!(BaselineHasher::from_stored(&"00".repeat(16), huge).is_err());
        // Anything but the parameters credlint writes: a stall or a weakening.
        for (memory, iterations) in [(256 * 1024, 16), (8, 1), (4 * 1024, 1), (8 * 1024, 2)] {
            let params = HashParams { memory, iterations };
            assert!(BaselineHasher::from_stored(&"00".repeat(16), params).is_err());
        }
        assert!(BaselineHasher::from_stored(&"00".repeat(16), HashParams::DEFAULT).is_ok());
    }
}
