//! Reading one file for analysis, the same way for every front: without
//! blocking on special files, and never more than the size limit.

use super::walk;
use credlint_core::skip::{looks_binary, BINARY_SNIFF};
use credlint_core::Config;
use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum Unread {
    /// The file system refused (missing, permissions…).
    Io(std::io::Error),
    /// A FIFO, socket or device (see [`walk::special_kind`]).
    NotRegular(&'static str),
    /// Over the size limit; the file's size.
    TooLarge(u64),
}

/// A regular file's bytes, or why it was not read. The walk already left
/// special files out; the check is repeated on the open file, opened without
/// blocking, in case the path became a FIFO since.
///
/// Text is read up to the read limit ([`Config::read_limit`]); a binary file
/// over `max-file-size` is skipped by [`credlint_core::skip::skip`] anyway,
/// so only the bytes that tell it is binary are read, not the whole file.
pub fn read_file(path: &Path, config: &Config) -> Result<Vec<u8>, Unread> {
    super::blocking::check("reading a file");
    let (mut file, size) = open_regular(path)?;
    let limit = config.read_limit();
    if size > limit {
        return Err(Unread::TooLarge(size));
    }
    let mut bytes = Vec::new();
    if size > config.max_file_size {
        (&mut file)
            .take(BINARY_SNIFF as u64)
            .read_to_end(&mut bytes)
            .map_err(Unread::Io)?;
        if looks_binary(&bytes) {
            return Err(Unread::TooLarge(size));
        }
    }
    // Bounded: the file may grow while it is read.
    bytes.reserve_exact((size as usize).saturating_sub(bytes.len()));
    let rest = (limit + 1).saturating_sub(bytes.len() as u64);
    file.take(rest)
        .read_to_end(&mut bytes)
        .map_err(Unread::Io)?;
    Ok(bytes)
}

/// `path` opened for reading without blocking (a FIFO with no writer would
/// wait forever), and its size; refused when it is not a regular file
/// (checked on the open file, so it cannot change in between).
fn open_regular(path: &Path) -> Result<(std::fs::File, u64), Unread> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(Unread::Io)?;
    let metadata = file.metadata().map_err(Unread::Io)?;
    if metadata.is_dir() {
        return Err(Unread::NotRegular("a folder"));
    }
    if let Some(kind) = walk::special_kind(metadata.file_type()) {
        return Err(Unread::NotRegular(kind));
    }
    Ok((file, metadata.len()))
}

/// The most a file named by the user or found for a run may hold when it
/// is not a file to check: a configuration file, a baseline, a gitleaks
/// configuration to import, an env template or settings module read as a
/// project fact. Real ones are kilobytes; the limit only stops a mistake
/// (`--baseline /dev/zero`, a log file named by accident) from filling
/// the memory.
pub const NAMED_LIMIT: u64 = 64 * 1024 * 1024;

/// The text of a file the user named (`--config`, `--baseline`,
/// `--from-detect-secrets`, `import gitleaks FILE`) or that a run reads for
/// its own use (a configuration file found by discovery, a `pyproject.toml`,
/// an env template, a settings module): every such read goes through here.
/// It never blocks and never reads without end: a FIFO, socket, device or
/// folder is refused, and so is a file over [`NAMED_LIMIT`] (or one growing
/// past it while it is read). The error says why, for the caller to name
/// the path.
pub fn read_named(path: &Path) -> std::io::Result<String> {
    String::from_utf8(read_named_bytes(path)?)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// The bytes of a file, read as [`read_named`] reads one, for a caller that
/// decodes them itself.
pub fn read_named_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    super::blocking::check("reading a file");
    let too_large = || {
        std::io::Error::other(format!(
            "larger than {} MiB: not read",
            NAMED_LIMIT / (1024 * 1024)
        ))
    };
    let (file, size) = open_regular(path).map_err(|unread| match unread {
        Unread::Io(e) => e,
        Unread::NotRegular(kind) => std::io::Error::other(walk::not_regular(kind)),
        Unread::TooLarge(_) => too_large(),
    })?;
    if size > NAMED_LIMIT {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(NAMED_LIMIT + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > NAMED_LIMIT {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Whether `path` is a regular file (following links).
pub fn is_file(path: &Path) -> bool {
    super::blocking::check("looking at a file");
    path.is_file()
}

/// A text file's contents, for an edit made against them (the language
/// server's quick fixes that touch a file the editor has not open) or for a
/// fact read from it (`credlint audit`).
pub fn read_text(path: &Path) -> std::io::Result<String> {
    read_named(path)
}

/// The entries of a folder, sorted; none when it cannot be read.
pub fn list_dir(path: &Path) -> Vec<std::path::PathBuf> {
    super::blocking::check("listing a folder");
    let mut entries: Vec<std::path::PathBuf> = std::fs::read_dir(path)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Over `max-file-size`, text is read whole (for the provider-token
    /// check) and a binary is not read past the bytes that show it binary.
    #[test]
    fn over_the_size_limit_only_text_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::default();
        config.max_file_size = 1024;
        let text = dir.path().join("big.txt");
        std::fs::write(&text, "token = 1\n".repeat(1000)).unwrap();
        assert_eq!(read_file(&text, &config).unwrap().len(), 10_000);
        let binary = dir.path().join("big.bin");
        let mut bytes = b"\x89PNG\0\0\0\x01".repeat(2000);
        bytes.extend(b"not sniffed");
        std::fs::write(&binary, &bytes).unwrap();
        assert!(matches!(
            read_file(&binary, &config),
            Err(Unread::TooLarge(16_011))
        ));
        // Text that only turns binary after the sniff is read whole.
        let late = dir.path().join("late.txt");
        let mut bytes = b"a = 1\n".repeat(2000);
        bytes.extend([0; 64]);
        std::fs::write(&late, &bytes).unwrap();
        assert_eq!(read_file(&late, &config).unwrap().len(), 12_064);
        // Under the limit, a binary is read whole for the keystore checks.
        let small = Config::default();
        assert_eq!(read_file(&binary, &small).unwrap().len(), 16_011);
    }
}
