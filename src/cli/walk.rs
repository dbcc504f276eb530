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
        let absolute = cwd.join(path);
        let metadata = match std::fs::metadata(&absolute) {
            Ok(metadata) => metadata,
            Err(e) => {
                errors.push((display(path), e.to_string()));
                continue;
            }
        };
        if !metadata.is_dir() {
            if !(force_exclude && config.is_excluded(&absolute, false)) {
                out.push(Target { display: display(path), absolute });
            }
            continue;
        }
        let filter_config = Arc::clone(config);
        let base = cwd.to_path_buf();
        let walker = ignore::WalkBuilder::new(path)
            .hidden(false)
            .filter_entry(move |entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                !(is_dir && entry.file_name() == ".git") && !filter_config.is_excluded(&base.join(entry.path()), is_dir)
            })
            .build();
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                    let absolute = cwd.join(entry.path());
                    out.push(Target { display: display(entry.path()), absolute });
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

/// `./src/a.py` → `src/a.py`, with forward slashes.
pub fn display(path: &Path) -> String {
    let shown = path.to_string_lossy().replace('\\', "/");
    let mut shown = shown.as_str();
    while let Some(rest) = shown.strip_prefix("./") {
        shown = rest;
    }
    shown.to_owned()
}
