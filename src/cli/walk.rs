//! Which files a `check` scans.
//!
//! Folders are walked with the `ignore` crate, so `.gitignore` is respected;
//! hidden files are scanned (`.env`, `.npmrc`, `.github/` are where secrets
//! hide) but `.git/` never is. Configured excludes prune whole folders.

use crate::config::Config;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file to scan: how to show it, and its absolute path.
pub struct Target {
    pub display: String,
    pub absolute: PathBuf,
}

/// Expands `paths` into files; missing paths and walk errors go to `errors`.
pub fn targets(
    paths: &[PathBuf],
    cwd: &Path,
    config: &Arc<Config>,
    force_exclude: bool,
    errors: &mut Vec<(String, String)>,
) -> Vec<Target> {
    let mut out = Vec::new();
    for path in paths {
        let full = absolute(cwd, path);
        let metadata = match std::fs::metadata(&full) {
            Ok(metadata) => metadata,
            Err(e) => {
                errors.push((display(path), e.to_string()));
                continue;
            }
        };
        if !metadata.is_dir() {
            if !(force_exclude && config.is_excluded(&full, false)) {
                out.push(Target {
                    display: display(path),
                    absolute: full,
                });
            }
            continue;
        }
        let filter_config = Arc::clone(config);
        let base = cwd.to_path_buf();
        let walker = ignore::WalkBuilder::new(path)
            .hidden(false)
            .filter_entry(move |entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                let is_git = is_dir && entry.file_name() == ".git";
                !is_git && !filter_config.is_excluded(&absolute(&base, entry.path()), is_dir)
            })
            .build();
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                    let full = absolute(cwd, entry.path());
                    out.push(Target {
                        display: display(entry.path()),
                        absolute: full,
                    });
                }
                Ok(_) => {}
                Err(e) => errors.push((display(path), e.to_string())),
            }
        }
    }
    out.sort_by(|a, b| a.display.cmp(&b.display));
    out.dedup_by(|a, b| a.absolute == b.absolute);
    out
}

/// `cwd` joined with `path`, without `.` components, so configuration globs match.
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    cwd.join(path)
        .components()
        .filter(|c| *c != std::path::Component::CurDir)
        .collect()
}

/// `./src/a.py` → `src/a.py`, with forward slashes.
pub fn display(path: &Path) -> String {
    let shown = path.to_string_lossy().replace('\\', "/");
    let mut shown = shown.as_str();
    while let Some(rest) = shown.strip_prefix("./") {
        shown = rest;
    }
    shown.to_owned()
}
