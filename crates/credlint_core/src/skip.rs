//! What is not analysed, decided once for every front: binary content and
//! files over the size limit; and which files are minified or generated,
//! which the engine checks for self-identifying provider tokens only
//! ([`generated`]). The command line and the language server ask the same
//! question of the same bytes, so a file skipped at `git commit` is
//! skipped in the editor too.

use crate::config::Config;
use crate::encoding::Encoding;
use std::path::Path;

/// Bytes sniffed for a NUL to tell binary files from text.
pub const BINARY_SNIFF: usize = 8192;

/// A line this long in JavaScript or CSS was written by a minifier, not a
/// person.
const MINIFIED_LINE: usize = 2000;

/// Why a file is not analysed.
#[derive(Debug, PartialEq, Eq)]
pub enum Skip {
    /// A NUL byte in the first 8 KiB among many control bytes: not text.
    /// Only the binary checks run; a file named on the command line gets a
    /// note when they find nothing.
    Binary,
    /// Over the read limit ([`Config::read_limit`]), or binary and over
    /// `max-file-size`; the size in bytes. Text between the two limits is
    /// analysed, for provider tokens only (see [`crate::engine::analyse`]).
    TooLarge(u64),
}

impl Skip {
    /// The note shown for a skipped file, `None` for binary content.
    pub fn note(&self, config: &Config) -> Option<String> {
        match self {
            Skip::Binary => None,
            Skip::TooLarge(size) if *size > config.read_limit() => Some(format!(
                "{size} bytes is over the {} byte limit of the provider-token check \
                 (text over `max-file-size` gets that check only)",
                config.read_limit()
            )),
            Skip::TooLarge(size) => Some(format!(
                "{size} bytes is over the {} byte limit (`max-file-size`)",
                config.max_file_size
            )),
        }
    }
}

/// The note on a file [`generated`] judged generated, for what gave it
/// away (`why`).
pub fn generated_note(why: &str) -> String {
    format!(
        "{why}: treated as generated, checked for self-identifying provider tokens only \
         (`scan-generated = true` checks it all)"
    )
}

/// Whether (and why) a file holding `bytes` is left out, whatever its
/// path: that minified and generated files get only the provider-token
/// check is [`generated`]'s judgement, made by the engine.
pub fn skip(bytes: &[u8], config: &Config) -> Option<Skip> {
    let size = bytes.len() as u64;
    if size > config.read_limit() {
        return Some(Skip::TooLarge(size));
    }
    if looks_binary(bytes) {
        // A keystore is small; a large binary is something else.
        if size > config.max_file_size {
            return Some(Skip::TooLarge(size));
        }
        return Some(Skip::Binary);
    }
    None
}

/// Not text: a NUL byte in the first 8 KiB, in bytes dense with control
/// bytes (padded records, executables, images, archives). Text with a stray
/// NUL in it is still text, UTF-8 or not (a Latin-1 comment): one NUL byte
/// is all it would take to hide a token from a scanner that skips binaries.
/// So is UTF-16 or UTF-32 with a byte-order mark, and mostly-ASCII UTF-16
/// without one, which the fronts decode ([`crate::encoding`]).
pub fn looks_binary(bytes: &[u8]) -> bool {
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF)];
    if memchr::memchr(0, sniff).is_none() || Encoding::of(sniff).is_some() {
        return false;
    }
    // The sniff may end inside a character: only an error before it counts.
    let not_utf8 = std::str::from_utf8(sniff).is_err_and(|e| e.error_len().is_some());
    let controls = sniff
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    let share = match not_utf8 {
        true => LEGACY_CONTROL_SHARE,
        false => CONTROL_SHARE,
    };
    controls * share > sniff.len()
}

/// Text that is not UTF-8 (Latin-1, Windows-1252) has at most one control
/// byte in this many to stay text. Tighter than [`CONTROL_SHARE`]: a
/// compressed stream (PNG, gzip, zip, `.crate`, PDF) is seldom valid UTF-8
/// but has a control byte in 8 to 12 (measured on 1,700 of this machine's
/// binaries with a NUL in their first 8 KiB: the least, a `.pyc`, had one
/// in 24; executables and fonts one in 3 or more).
const LEGACY_CONTROL_SHARE: usize = 32;

/// UTF-8 text has at most one control byte (NULs and the other C0 controls
/// but tab, line breaks and form feed) in this many bytes to stay text;
/// UTF-16 has a NUL in every two (ASCII text), UTF-32 three in four, binary
/// records and images more. Looser than that, a few stray NULs at the top of
/// a short file (`\0\nTOKEN=…`, one byte to slip a token past a scanner that
/// skips binaries) would make it binary.
const CONTROL_SHARE: usize = 4;

/// Whether (and why) the file at `path` holding `bytes` is minified or
/// generated, unless `scan-generated = true`: minified bundles and source
/// maps, as linguist recognises them: by name (`app.min.js`, `app.js.map`),
/// or JavaScript and CSS with a line no person writes. Protocol-buffer and
/// `go generate` output by the header their generators write.
/// Configuration and text files are never judged generated: a rendered
/// config with a real password in it is still a leak. The one exception is
/// Cargo's checksum manifest (`.cargo-checksum.json`, which `cargo vendor`
/// writes beside every vendored crate): nothing but each file's path and
/// its SHA-256, so a test key's file name (`tests/rsa_test_private_key.p8`)
/// reads as a credential's name bound to a random value.
///
/// Such a file is checked for provider tokens that identify themselves
/// only ([`crate::rules::provider::TokenRule::needs_name`] is false: the
/// rule's regex holds no letter or digit outside the token, `\bAIza…`,
/// `\bghp_…\b`, `xoxb-…`, a PEM private-key block). A vendor's key ships
/// inside its bundle (TimelineJS's Google key in a one-line 267 kB file),
/// and such a token is one wherever it is written. The rules reading a
/// name (`aws…secret…key = …`, `twilio … SK…`, `password: "…"`), the
/// environment and log rules, and `key=value` formats (connection strings)
/// do not run: in generated code their names and shapes are a minifier's
/// or a generator's, not a person's. The check is the linear provider pass
/// over bytes, bounded like an oversized file's
/// ([`crate::engine::OVERSIZED_FINDINGS`]).
pub fn generated(path: &Path, bytes: &[u8], config: &Config) -> Option<&'static str> {
    if config.scan_generated {
        return None;
    }
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let extension = name.rsplit('.').next().unwrap_or("");
    if [".min.js", ".min.mjs", ".min.cjs", ".min.css"]
        .iter()
        .any(|suffix| name.ends_with(suffix))
    {
        return Some("a minified bundle (`.min.*`)");
    }
    if name.ends_with(".js.map") || name.ends_with(".css.map") {
        return Some("a source map");
    }
    if name == ".cargo-checksum.json" {
        return Some("a checksum manifest (`cargo vendor`)");
    }
    let script = matches!(extension, "js" | "mjs" | "cjs" | "css");
    // A bundler names the pieces it splits an application into `.chunk.js`
    // (webpack's and Create React App's `[contenthash].chunk.js`,
    // `main.3f2a9c1b.chunk.css`): its output, however short its lines
    // (a login form's chunk, 20 lines of 1.6 kB, reads `"Password:")}),`
    // as a password's value).
    if script && name.trim_end_matches(extension).ends_with(".chunk.") {
        return Some("a bundler's output (`.chunk.*`)");
    }
    if script
        && bytes
            .split(|&b| b == b'\n')
            .any(|line| line.len() >= MINIFIED_LINE)
    {
        return Some("a minified bundle (a line over 2000 bytes)");
    }
    let head = &bytes[..bytes.len().min(1024)];
    let code = matches!(extension, "py" | "pyi" | "go" | "rs");
    let marked = |marker: &[u8]| head.windows(marker.len()).any(|w| w == marker);
    if code && marked(b"Generated by the protocol buffer compiler.  DO NOT EDIT!") {
        return Some("generated by the protocol buffer compiler");
    }
    if code && head.starts_with(b"// Code generated ") && marked(b"DO NOT EDIT.") {
        return Some("generated code (`Code generated … DO NOT EDIT.`)");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(text: &str) -> Option<Skip> {
        skip(text.as_bytes(), &Config::default())
    }

    #[test]
    fn binary_and_oversized_content() {
        assert_eq!(why("x\0=\0 \0 1\0"), Some(Skip::Binary));
        assert_eq!(why("\0\u{1}\u{2}PNG\0\0\0\0"), Some(Skip::Binary));
        // UTF-16 is text, marked or (mostly ASCII) not; its stray NULs in
        // other places than every other byte are not.
        let utf16: Vec<u8> = "T=1\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(!looks_binary(&utf16));
        assert!(!looks_binary(&[&[0xff, 0xfe][..], &utf16].concat()));
        assert!(looks_binary(&[&utf16[..], b"\0\0\x01"].concat()));
        // Text in a legacy encoding with a stray NUL is text; a compressed
        // stream (a control byte in about 9) is not.
        let latin1 = b"# caf\xe9\n\0\nGITHUB_TOKEN=0123456789abcdefghij0123456789abcdefghij\n";
        assert!(!looks_binary(latin1));
        let compressed: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        assert!(looks_binary(
            &[&b"\x1f\x8b\x08\0"[..], &compressed].concat()
        ));
        // A stray NUL in UTF-8 text hides nothing.
        let text = format!("T = 'value'\n\0\n{}", "# a comment line\n".repeat(8));
        assert_eq!(why(&text), None);
        // Text over `max-file-size` is read (for its provider tokens); a
        // binary over it is not, nor anything over the read limit.
        let over = crate::config::DEFAULT_MAX_FILE_SIZE as usize + 1;
        assert_eq!(why(&"x".repeat(over)), None);
        let binary = format!("\0\u{1}PNG{}", "\0".repeat(over));
        assert_eq!(why(&binary), Some(Skip::TooLarge(over as u64 + 5)));
        let huge = "x".repeat(crate::config::TOKEN_CHECK_LIMIT as usize + 1);
        assert!(matches!(why(&huge), Some(Skip::TooLarge(_))));
        let config = Config::default();
        let note = |size| Skip::TooLarge(size).note(&config).unwrap();
        assert_eq!(
            note(over as u64),
            format!("{over} bytes is over the 1048576 byte limit (`max-file-size`)")
        );
        assert!(note(huge.len() as u64)
            .contains("over the 67108864 byte limit of the provider-token check"));
    }

    #[test]
    fn minified_bundles_source_maps_and_generated_modules() {
        let long_line = format!("var a={};\n", "1,".repeat(1500));
        for (name, text) in [
            ("vendor/app.min.js", "var a=1;"),
            ("static/site.min.css", "a{b:c}"),
            ("dist/app.js.map", "{\"mappings\":\"AAAA\"}"),
            ("dist/app.js", long_line.as_str()),
            ("static/assets/c6db7a32d1cde8f8.chunk.js", "(0,o.t)(\"Password:\")"),
            ("build/static/css/main.3f2a9c1b.chunk.css", "a{b:c}"),
            (
                "api_pb2.py",
                "# -*- coding: utf-8 -*-\n# Generated by the protocol buffer compiler.  DO NOT EDIT!\n",
            ),
            ("gen.go", "// Code generated by mockgen. DO NOT EDIT.\npackage x\n"),
            ("vendor/ring/.cargo-checksum.json", "{\"files\":{},\"package\":\"\"}"),
        ] {
            assert_eq!(why(text), None, "{name}");
            let config = Config::default();
            assert!(generated(Path::new(name), text.as_bytes(), &config).is_some(), "{name}");
        }
    }

    #[test]
    fn hand_written_and_configuration_files_are_scanned() {
        let long_line = format!("KEY={}\n", "a".repeat(3000));
        for (name, text) in [
            ("app.js", "const key = 1;\n"),
            ("chunk.js", "const key = 1;\n"),
            ("src/chunk_reader.js", "const key = 1;\n"),
            (
                "settings.py",
                "# DO NOT EDIT: managed by hand\nAPI_KEY = 1\n",
            ),
            // A one-line credential file is not minified code.
            (".env", long_line.as_str()),
            ("service-account.json", long_line.as_str()),
            ("cargo-checksum.json", "{\"password\": \"x\"}"),
            (
                "values.yaml",
                "# Code generated by helm. DO NOT EDIT.\npassword: x\n",
            ),
        ] {
            let config = Config::default();
            assert_eq!(
                generated(Path::new(name), text.as_bytes(), &config),
                None,
                "{name}"
            );
        }
        let config =
            Config::from_options(toml::from_str("scan-generated = true").unwrap(), None, None)
                .unwrap();
        assert_eq!(
            generated(Path::new("app.min.js"), b"var a=1;", &config),
            None
        );
    }
}
