//! Replacing a file the user keeps (a baseline, a source file `--fix`
//! edits) so that it is never seen half-written: the new bytes go to a
//! temporary file next to it, with its mode, which is renamed over it. A
//! symbolic link is written through (the link survives); a run killed
//! mid-write leaves the old file whole and a temporary file the next write
//! removes.

use anyhow::{anyhow, bail, Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where writing `path` must go: the final target of a chain of symbolic
/// links (which may not exist yet), so the link itself survives.
pub(crate) fn resolve_links(path: &Path) -> Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let target = std::fs::read_link(&path)
                    .with_context(|| format!("cannot read the link {}", path.display()))?;
                path = match path.parent() {
                    Some(parent) => parent.join(target),
                    None => target,
                };
            }
            _ => return Ok(path),
        }
    }
    bail!("{}: too many levels of symbolic links", path.display())
}

/// Temporary files of a write that was killed before it could clean up are
/// recognised by this suffix and removed by the next write once they are
/// older than [`STALE_TEMP`].
const TEMP_SUFFIX: &str = ".credlint-tmp";
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(60);

/// Writes `bytes` to `path` (created if missing, with 0666 less the umask;
/// an existing file's mode is kept) through a temporary file renamed over it.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let existing = std::fs::metadata(path).ok().map(|m| m.permissions());
    let temp = temporary_next_to(path)?;
    persist(temp, existing, bytes, path)
}

/// A new temporary file in `path`'s folder, named after it, once the
/// stale ones of killed writes are removed. Removed when dropped.
fn temporary_next_to(path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| anyhow!("not a file name"))?
        .to_string_lossy();
    let prefix = format!(".{name}.");
    remove_stale_temporaries(dir, &prefix);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created with 0666 less the umask, as `File::create` would.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a file in {}", dir.display()))
}

/// Gives `temp` the `permissions`, fills it with `bytes` and renames it
/// over `path`. The temporary file is removed on every error.
fn persist(
    mut temp: tempfile::NamedTempFile,
    permissions: Option<std::fs::Permissions>,
    bytes: &[u8],
    path: &Path,
) -> Result<()> {
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path)?;
    Ok(())
}

fn remove_stale_temporaries(dir: &Path, prefix: &str) {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    for item in listing.flatten() {
        let name = item.file_name();
        let name = name.to_string_lossy();
        let stale = item
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP);
        if name.starts_with(prefix) && name.ends_with(TEMP_SUFFIX) && stale {
            let _ = std::fs::remove_file(item.path());
        }
    }
}

/// Replaces the text of `path`, read as `read`, with `bytes` (`--fix`).
/// A symbolic link is written through. Refused, leaving the file as it
/// is, when it changed since it was read (an editor saved it meanwhile) or
/// cannot be written (a read-only file stays one). Renamed over from a
/// temporary file with its mode, unless that would cut the file from its
/// other names (hard links) or hand it to another owner or group: such a
/// file is written in place, as it was before (its links and owner kept).
pub(crate) fn rewrite(path: &Path, read: &[u8], bytes: &[u8]) -> Result<()> {
    let target = resolve_links(path)?;
    // The same refusal as writing in place: a file we may not write is
    // not replaced, even in a folder we may write.
    let mut file = std::fs::OpenOptions::new().write(true).open(&target)?;
    if std::fs::read(&target)? != read {
        bail!("it changed since it was read; left as it is");
    }
    if renamed_over(&target, &file, bytes)? {
        return Ok(());
    }
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.sync_all()?;
    Ok(())
}

/// Writes `bytes` to a temporary file next to `target` and renames it over
/// `target` when that keeps what the file is (its one name, owner, group
/// and mode); `false` when it must be written in place instead.
fn renamed_over(target: &Path, file: &std::fs::File, bytes: &[u8]) -> Result<bool> {
    let metadata = file.metadata()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if metadata.nlink() > 1 {
            return Ok(false);
        }
    }
    // A folder we may not write: in place, as before.
    let Ok(temp) = temporary_next_to(target) else {
        return Ok(false);
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let made = temp.as_file().metadata()?;
        if (made.uid(), made.gid()) != (metadata.uid(), metadata.gid()) {
            return Ok(false);
        }
    }
    persist(temp, Some(metadata.permissions()), bytes, target)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--fix` never overwrites what an editor saved after the file was
    /// read: the file is left as it is, and the run says so.
    #[test]
    fn a_file_changed_since_it_was_read_is_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.py");
        std::fs::write(&path, "x = 2  # saved by the editor\n").unwrap();
        let error = rewrite(&path, b"x = 1  # credlint: allow\n", b"x = 1\n").unwrap_err();
        assert!(error.to_string().contains("changed since it was read"));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "x = 2  # saved by the editor\n"
        );
        rewrite(&path, b"x = 2  # saved by the editor\n", b"x = 2\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x = 2\n");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "a temporary file is left: {names:?}");
    }
}
