//! Reading one file for analysis, the same way for every front: without
//! blocking on special files, and never more than the size limit.

use super::walk;
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
pub fn read_file(path: &Path, max_size: u64) -> Result<Vec<u8>, Unread> {
    super::blocking::check("reading a file");
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(Unread::Io)?;
    let metadata = file.metadata().map_err(Unread::Io)?;
    if let Some(kind) = walk::special_kind(metadata.file_type()) {
        return Err(Unread::NotRegular(kind));
    }
    if metadata.len() > max_size {
        return Err(Unread::TooLarge(metadata.len()));
    }
    // Bounded: the file may grow while it is read.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Unread::Io)?;
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
    super::blocking::check("reading a file");
    std::fs::read_to_string(path)
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
