//! Credentials that standards and vendors publish as examples, recognised
//! by value. An RFC's example key or a specification's test vector is
//! copied verbatim into every implementation's tests and docs; it opens
//! nothing, and no rule of shape can tell it from a real key, so it is
//! known by its digest: the values themselves never sit in credlint's
//! source. A value is published only as a whole string, exactly as the
//! source prints it (a JWK member's base64url text), so a key that merely
//! looks like one of these is still judged.
//!
//! Two tables: [`table::GENERATED`], read systematically from the primary
//! sources by `benches/published/gen.py` (every key, secret and token in
//! the RFCs, OpenID specifications and vector files it names, such as
//! C2SP's age test kit that every age implementation runs, each entry
//! citing its section or vector file), and [`CURATED`], vendors' documented values
//! that no fetchable source holds in a machine-readable form.

mod table;

/// Vendors' documented example credentials, each named with where it is
/// published. Values containing `EXAMPLE` (AWS's documented keys) are
/// recognised by shape and need no entry.
const CURATED: &[(&str, &str)] = &[
    (
        "jwt.io's default token, signed with `your-256-bit-secret`",
        "7f75367e7881255134e1375e723d1dea8ad5f6a4fdb79d938df1f1754a830606",
    ),
    (
        "Azurite's and the Azure Storage Emulator's well-known `devstoreaccount1` key",
        "0011cc25eb4320717494d2703e8cba85743e71b500283c21c8b88147992f9059",
    ),
    (
        "the Azure Cosmos DB emulator's well-known master key, printed in Microsoft's emulator documentation",
        "aa6547439583c3a275d4542a0df6c1ad6a863971be9f2a2220f027cc02aef615",
    ),
    (
        "web3.js's API documentation's example private key (`web3.eth.accounts.sign`, `signTransaction`), with its `0x`",
        "d8c2efc4c8505e3978fdb15ef1ca3ec6b3828d505f5e39f0c6987b4987ddd276",
    ),
    (
        "web3.js's API documentation's example private key, as bare hex (Ethereum libraries' tests in every language)",
        "95e82a7ebb036b3c3b3c14120ed7ce5f356ac69348bf38a71e8e117c1ef8c7e0",
    ),
    (
        "Stripe's documented test-mode secret key (API reference examples)",
        "2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326",
    ),
    (
        "Stripe's documented test-mode publishable key",
        "b1471f544ceeea31333bde7e1ecbaad6eac0d4a749412ad29bd66ef895b81c6b",
    ),
    (
        "jwt.io's RS256 example token (`John Doe`)",
        "5d7efc2b56a0f1d2b1fde03bba00f6b0b29014e89c60f257e849d5a66eaefe21",
    ),
    (
        "GitHub's documented example OAuth access token (`gho_…`, OAuth apps docs)",
        "bc3ae723f57c6b9e3fd80b699fcc420f6074b0b1718039669d22631d508ac0a7",
    ),
    (
        "GitHub REST API description's example `temp_clone_token`",
        "58ab891f5503eae682fead7e32aa4db5e0cb54faa17feab88f44f5913aac7a70",
    ),
    (
        "GitHub REST API description's example runner registration token",
        "64c705a5cf4254bc6bdde74b5203fcd49b73542aae68ec4a2b4540c53fa6839a",
    ),
    (
        "MinIO's public demo server (`play.min.io`) access key, printed in every MinIO SDK's documentation",
        "1bbb9293c38acc5e510d904495845d532df64a9e5996b2ec7c86cc2e2ac33b5a",
    ),
    (
        "MinIO's public demo server (`play.min.io`) secret key, printed in every MinIO SDK's documentation",
        "df452eef23e8cf2c74af54c0c7419c05a5ec70ef4d5c2eb04082b02af8c55598",
    ),
    (
        "Google's XOAUTH2 protocol documentation's example access token (`ya29.…`, Gmail IMAP and SMTP docs)",
        "fa8c21441411fd57f934c122addbc93930281c9006caf42de06eee407c08f847",
    ),
    (
        "Twitter's application-only authentication and Sign in with Twitter docs' example consumer secret",
        "819994820a8ec7d6193be7f6c9b8b0f66419ecb8a9f8b8d2114a0d6d40e2caa1",
    ),
    (
        "Twitter's OAuth docs' example consumer key (`Creating a signature`, application-only authentication)",
        "8e0628300c16fe3834b3b87d23e352618a27b0ca9973abd52cfc92abfc7667e3",
    ),
    (
        "Twitter's `Creating a signature` docs' example consumer secret",
        "00b3dc640c9c99fcdbdab6f63d785248e4613fbaa65d63c56d97e54f987c3bab",
    ),
    (
        "Twitter's `Creating a signature` docs' example OAuth token secret",
        "5aac38e542b76b97b3518c0293214d0b8aa11344e38518437f7dd44da0b521c3",
    ),
    (
        "Twitter's `Creating a signature` docs' example OAuth access token",
        "0e04efa6bc7d2d512fc108c5ba4215c42a7d4674301511c5d18f2e2885d45f35",
    ),
];

/// The SHA-256 of `value`, in lower-case hex as the tables hold it.
fn digest_hex(value: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(value.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `value` is a credential a standard or vendor publishes as an
/// example (see the module's documentation).
pub fn is_published_example(value: &str) -> bool {
    let hex = digest_hex(value);
    table::GENERATED
        .binary_search_by(|(digest, _)| digest.cmp(&hex.as_str()))
        .is_ok()
        || CURATED.iter().any(|(_, digest)| *digest == hex)
}

#[cfg(test)]
mod tests {
    use super::{digest_hex, is_published_example, table::GENERATED, CURATED};

    fn is_digest(hex: &str) -> bool {
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }

    /// A generated source names an RFC's or an OpenID specification's
    /// section or appendix, or a specification repository's file; a curated
    /// one names its vendor's document in words.
    #[test]
    fn every_entry_cites_its_source() {
        for (digest, source) in GENERATED {
            assert!(is_digest(digest), "{digest}");
            let rfc = (source.starts_with("RFC ") || source.starts_with("OpenID "))
                && (source.contains(" Section ") || source.contains(" Appendix "));
            // A vector file: `owner/repo path/name.json …`, a specification's
            // text (`bitcoin/bips bip-0032.mediawiki …`) or, for vectors
            // without an extension (C2SP's), `owner/repo dir/testdata/name …`.
            let repository = source.split_once(' ').is_some_and(|(repo, file)| {
                repo.contains('/')
                    && [".json", ".mediawiki", "/testdata/"]
                        .iter()
                        .any(|mark| file.contains(mark))
            });
            assert!(rfc || repository, "{digest} cites no source: {source:?}");
        }
        for (source, digest) in CURATED {
            assert!(is_digest(digest), "{digest}");
            assert!(
                source.split_whitespace().count() >= 4,
                "{digest}: {source:?}"
            );
        }
    }

    /// The lookup searches the generated table in halves: it must be sorted,
    /// and no value is in both tables, nor twice in the curated one.
    #[test]
    fn the_generated_table_is_sorted_and_apart_from_the_curated_one() {
        assert!(GENERATED.len() > 100);
        assert!(GENERATED.windows(2).all(|pair| pair[0].0 < pair[1].0));
        for (index, (_, digest)) in CURATED.iter().enumerate() {
            assert!(
                GENERATED.binary_search_by(|(d, _)| d.cmp(digest)).is_err(),
                "{digest}"
            );
            assert!(
                CURATED[..index].iter().all(|(_, d)| d != digest),
                "{digest} twice"
            );
        }
    }

    #[test]
    fn a_published_value_is_known_whole_and_only_whole() {
        // RFC 6749 section 4.1.4's access token, in the table by digest.
        let published = "2YotnFZFEjr1zCsicMWpAA";
        assert!(GENERATED
            .binary_search_by(|(d, _)| d.cmp(&digest_hex(published).as_str()))
            .is_ok());
        assert!(is_published_example(published));
        assert!(!is_published_example(&published[1..]));
        assert!(!is_published_example(&format!("{published}A")));
        assert!(!is_published_example("q8ZrT2wLx0VbN4mKc7YhJd"));
    }
}
