//! Which files a `check` scans.
//!
//! Folders are walked with the `ignore` crate, so `.gitignore` is respected,
//! except for the files git tracks, scanned whatever ignores them (one
//! `git ls-files` per work tree met), and below a `.gitignore` that is a
//! symbolic link, which git does not read, the untracked files git would
//! commit (one more `git ls-files`, only where there is one);
//! hidden files are scanned (`.env`, `.npmrc`, `.github/` are where secrets
//! hide) but `.git/` never is. Configured excludes prune whole folders.
//! Only regular files are scanned: a FIFO, socket or device, named or met in
//! a walk, is skipped with a note, because opening or reading one can wait
//! forever (a FIFO with no writer) or never end (`/dev/zero`). Symbolic
//! links met in a walk are not followed, as ripgrep and git do not (a link
//! named on the command line is): one note says how many were left.

use super::{git, FileNote};
use std::collections::{HashMap, HashSet};
use std::fs::FileType;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file to scan: how to show it, and its absolute path.
pub struct Target {
    pub display: String,
    pub absolute: PathBuf,
    /// Named on the command line (or standard input's name), not met in a
    /// walk: a file skipped as binary gets a note.
    pub named: bool,
}

/// What a walk found: the files to scan, paths that could not be read
/// (errors) and special files left alone (notes).
#[derive(Default)]
pub struct Walk {
    pub targets: Vec<Target>,
    pub errors: Vec<FileNote>,
    pub skipped: Vec<FileNote>,
}

/// Whether an absolute path (`true`: a folder) is left out.
pub type Judge = Arc<dyn Fn(&Path, bool) -> bool + Send + Sync>;

/// Which absolute paths (`true`: a folder) a run leaves out, by the one
/// rule of [`super::Configs::is_excluded`], in its two uses.
#[derive(Clone)]
pub struct Excluded {
    /// A path met in a walk, judged alone: the walk has judged every
    /// folder between it and the walk's start already, and pruned the
    /// excluded ones.
    pub met: Judge,
    /// A path named rather than met (`--force-exclude`, `--staged`,
    /// `history`, the editor): judged with every folder above it.
    pub named: Judge,
}

/// Expands `paths` into regular files; with `force_exclude`, a file or
/// folder named on the command line is left out when `excluded` says so
/// too (without it, a path named is the user's choice, as ruff's is).
pub fn targets(paths: &[PathBuf], cwd: &Path, excluded: &Excluded, force_exclude: bool) -> Walk {
    super::blocking::check("walking folders");
    let mut out = Walk::default();
    let mut links: Vec<PathBuf> = Vec::new();
    for path in paths {
        let metadata = match std::fs::metadata(absolute(cwd, path)) {
            Ok(metadata) => metadata,
            Err(e) => {
                out.errors.push(note(path, e.to_string()));
                continue;
            }
        };
        if !metadata.is_dir() {
            if let Some(kind) = special_kind(metadata.file_type()) {
                out.skipped.push(note(path, not_regular(kind)));
            } else if !(force_exclude && (excluded.named)(&absolute(cwd, path), false)) {
                out.targets.push(Target {
                    display: display(path),
                    absolute: absolute(cwd, path),
                    named: true,
                });
            }
            continue;
        }
        let full = absolute(cwd, path);
        if force_exclude && (excluded.named)(&full, true) {
            continue;
        }
        let filter = Arc::clone(&excluded.met);
        let base = cwd.to_path_buf();
        let (walker, refused) = walker(path, move |path, is_dir| {
            !filter(&absolute(&base, path), is_dir)
        });
        // The work trees to ask git for what it tracks: the one holding
        // the folder, and any met below it (nested, submodules).
        let mut repositories: Vec<PathBuf> = Vec::new();
        if full.ancestors().any(holds_git) {
            repositories.push(path.clone());
        }
        // The folders whose `.gitignore` is a symbolic link, which git does
        // not read: the walk's, and one in a folder above it in its work
        // tree (which then covers the whole walk).
        let mut unread: Vec<(PathBuf, PathBuf)> = Vec::new();
        for dir in full.ancestors().skip(1) {
            if linked_gitignore(dir) {
                unread.push((dir.to_path_buf(), dir.join(".gitignore")));
            }
            if holds_git(dir) {
                break;
            }
        }
        for entry in walker {
            if let Ok(entry) = &entry {
                if entry.file_type().is_some_and(|t| t.is_dir())
                    && linked_gitignore(&absolute(cwd, entry.path()))
                {
                    let dir = absolute(cwd, entry.path());
                    unread.push((dir, entry.path().join(".gitignore")));
                }
            }
            match entry {
                Ok(entry) => match entry.file_type() {
                    Some(t) if t.is_file() => out.targets.push(Target {
                        display: display(entry.path()),
                        absolute: absolute(cwd, entry.path()),
                        named: false,
                    }),
                    Some(t)
                        if t.is_dir()
                            && entry.depth() > 0
                            && holds_git(&absolute(cwd, entry.path())) =>
                    {
                        repositories.push(entry.path().to_path_buf());
                    }
                    Some(t) if t.is_symlink() => links.push(entry.path().to_path_buf()),
                    Some(t) => {
                        if let Some(kind) = special_kind(t) {
                            out.skipped.push(note(entry.path(), not_regular(kind)));
                        }
                    }
                    None => {}
                },
                // The walker's errors name the path they met.
                Err(e) => out.errors.push(note(
                    path,
                    crate::engine::redact_path(&e.to_string()).into_owned(),
                )),
            }
        }
        let refused: Vec<(PathBuf, String)> = refused
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain(..)
            .collect();
        if !repositories.is_empty() {
            let admission = Admission {
                cwd,
                root: full.clone(),
                excluded,
                refused: refused.iter().map(|(f, _)| absolute(cwd, f)).collect(),
                folders: HashMap::new(),
            };
            add_git_listed(&mut out, admission, repositories, &unread);
        }
        for (folder, why) in refused {
            out.errors.push(note(&folder, why));
        }
    }
    if let Some(first) = links.iter().min() {
        out.skipped
            .push(note(first, links_not_followed(links.len())));
    }
    out.targets.sort_by(|a, b| a.display.cmp(&b.display));
    out.targets.dedup_by(|a, b| a.absolute == b.absolute);
    out
}

/// A note on `path`, shown as the walk shows paths.
fn note(path: &Path, message: String) -> FileNote {
    FileNote {
        path: display(path),
        message,
    }
}

/// Adds to a folder's walk what git lists under it that the walk left out:
/// every regular file git tracks in `repositories` (whatever the ignore
/// files say), the submodules' in turn (those the ignore files hide too),
/// and below a `.gitignore` git does not read (`unread`), the untracked
/// files git would add. A submodule the walk did not enter (an ignore file
/// of the work tree above hides its folder) has its untracked files added
/// too: that ignore file is not the submodule's, and `git status` in it
/// shows them (a12 #9). `admission` still applies to each.
fn add_git_listed(
    out: &mut Walk,
    mut admission: Admission,
    repositories: Vec<PathBuf>,
    unread: &[(PathBuf, PathBuf)],
) {
    let cwd = admission.cwd;
    let mut seen: HashSet<PathBuf> = out.targets.iter().map(|t| t.absolute.clone()).collect();
    let mut noted: HashSet<PathBuf> = HashSet::new();
    let walked: HashSet<PathBuf> = repositories.iter().map(|r| absolute(cwd, r)).collect();
    // Each work tree, and whether the walk left it out (a hidden submodule).
    let mut repositories: Vec<(PathBuf, bool)> =
        repositories.into_iter().map(|r| (r, false)).collect();
    let mut listed_already: HashSet<PathBuf> = HashSet::new();
    while let Some((repository, hidden)) = repositories.pop() {
        let root = absolute(cwd, &repository);
        if !listed_already.insert(root.clone()) {
            continue;
        }
        let tracked = match git::tracked_under(&root) {
            Ok(tracked) => tracked,
            Err(e) => {
                out.skipped.push(note(&repository, tracked_unknown(&e)));
                continue;
            }
        };
        for submodule in tracked.submodules {
            let shown = repository.join(submodule);
            let folder = absolute(cwd, &shown);
            if holds_git(&folder) && admission.enters(&folder) {
                let hidden = !walked.contains(&folder);
                repositories.push((shown, hidden));
            }
        }
        let untracked = if hidden {
            git::untracked_under(&root).unwrap_or_else(|e| {
                out.skipped
                    .push(note(&repository, submodule_untracked_unknown(&e)));
                Vec::new()
            })
        } else {
            untracked_below_links(out, &repository, &root, unread, &mut noted)
        };
        for name in tracked.files.into_iter().chain(untracked) {
            let shown = repository.join(name);
            let file = absolute(cwd, &shown);
            if seen.contains(&file) || !admission.admits(&file) {
                continue;
            }
            match std::fs::symlink_metadata(&file).map(|m| m.file_type()) {
                Ok(t) if t.is_file() => {}
                Ok(t) => {
                    if let Some(kind) = special_kind(t) {
                        out.skipped.push(note(&shown, not_regular(kind)));
                    }
                    continue;
                }
                Err(_) => continue, // deleted, or not checked out
            }
            seen.insert(file.clone());
            out.targets.push(Target {
                display: display(&shown),
                absolute: file,
                named: false,
            });
        }
    }
}

/// Below a `.gitignore` git does not read, what git would add too: the
/// work tree's untracked files that its ignore rules leave, under the
/// `unread` folders that meet the work tree at `root` (each link noted
/// once, in `noted`).
fn untracked_below_links(
    out: &mut Walk,
    repository: &Path,
    root: &Path,
    unread: &[(PathBuf, PathBuf)],
    noted: &mut HashSet<PathBuf>,
) -> Vec<PathBuf> {
    let unread_here: Vec<&PathBuf> = unread
        .iter()
        .map(|(dir, _)| dir)
        .filter(|dir| dir.starts_with(root) || root.starts_with(dir))
        .collect();
    if unread_here.is_empty() {
        return Vec::new();
    }
    match git::untracked_under(root) {
        Ok(listed) => {
            for (dir, link) in unread {
                if unread_here.contains(&dir) && noted.insert(dir.clone()) {
                    out.skipped.push(note(link, LINKED_GITIGNORE.to_owned()));
                }
            }
            listed
                .into_iter()
                .filter(|name| {
                    let file = root.join(name);
                    unread_here.iter().any(|dir| file.starts_with(dir))
                })
                .collect()
        }
        Err(e) => {
            out.skipped.push(note(repository, untracked_unknown(&e)));
            Vec::new()
        }
    }
}

/// Whether `dir` holds `.git` (a folder, or a worktree's or submodule's
/// file): the root of a work tree.
fn holds_git(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(".git")).is_ok()
}

/// The note for a `.gitignore` that is a symbolic link.
const LINKED_GITIGNORE: &str = "a symbolic link, which git does not read: \
     the files it would hide that git would commit are scanned all the same";

/// Whether `dir`'s `.gitignore` is a symbolic link (to a regular file: one
/// to a special file is refused by [`walker`]). git does not read it, and
/// warns; the `ignore` crate, which has no say on it, still does, so the
/// walk adds back what git would commit below it.
fn linked_gitignore(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(".gitignore")).is_ok_and(|m| m.file_type().is_symlink())
}

/// The note for a work tree whose untracked files git could not list.
fn untracked_unknown(error: &anyhow::Error) -> String {
    let message = crate::engine::redact_path(&format!("{error:#}")).into_owned();
    format!(
        "the files git would commit here could not be listed ({message}): \
         those a `.gitignore` that is a symbolic link hides were not scanned"
    )
}

/// The note for a hidden submodule whose untracked files git could not
/// list.
fn submodule_untracked_unknown(error: &anyhow::Error) -> String {
    let message = crate::engine::redact_path(&format!("{error:#}")).into_owned();
    format!(
        "the untracked files of this submodule could not be listed ({message}): \
         as an ignore file above it hides its folder, they were not scanned"
    )
}

/// The note for a work tree whose tracked files git could not list.
fn tracked_unknown(error: &anyhow::Error) -> String {
    let message = crate::engine::redact_path(&format!("{error:#}")).into_owned();
    format!(
        "the files git tracks here could not be listed ({message}): \
         those the ignore files match were not scanned"
    )
}

/// Which of the files git tracks under a walked folder the walk would have
/// scanned but for the ignore files: the configuration's `exclude` and
/// `include` still apply (to the file and each folder between it and the
/// walk's root), as do the walk's refusals; `.git/` and folders reached
/// through a symbolic link are never entered. Folders are judged once.
struct Admission<'a> {
    cwd: &'a Path,
    root: PathBuf,
    excluded: &'a Excluded,
    refused: HashSet<PathBuf>,
    folders: HashMap<PathBuf, bool>,
}

impl Admission<'_> {
    /// Whether the absolute `file` below the root is scanned.
    fn admits(&mut self, file: &Path) -> bool {
        file.parent().is_some_and(|folder| self.enters(folder))
            && !(self.excluded.met)(&absolute(self.cwd, file), false)
    }

    fn enters(&mut self, folder: &Path) -> bool {
        if let Some(&known) = self.folders.get(folder) {
            return known;
        }
        let entered = if self.refused.contains(folder) {
            false
        } else if folder == self.root {
            true
        } else if !folder.starts_with(&self.root) || folder.file_name() == Some(".git".as_ref()) {
            false
        } else {
            let linked = std::fs::symlink_metadata(folder).map_or(true, |m| !m.is_dir());
            !linked
                && !(self.excluded.met)(folder, true)
                && folder.parent().is_some_and(|parent| self.enters(parent))
        };
        self.folders.insert(folder.to_path_buf(), entered);
        entered
    }
}

/// The one note for the `count` symbolic links a walk left, named after
/// the first of them.
fn links_not_followed(count: usize) -> String {
    let others = match count {
        0 | 1 => String::new(),
        2 => ", nor 1 other".to_owned(),
        n => format!(", nor {} others", n - 1),
    };
    format!(
        "a symbolic link, not followed{others} (links met in a folder are not, \
         as by ripgrep and git; name a link to check what it points to)"
    )
}

/// Folders left out of a walk, each with why.
pub type Refused = Arc<std::sync::Mutex<Vec<(PathBuf, String)>>>;

/// A walk of `root` that respects ignore files, scans hidden files, never
/// enters `.git/`, and enters the folders `keep` (given a path and whether
/// it is a folder) keeps. A folder with an ignore file that cannot be read
/// safely (see [`unsafe_ignore_file`]) is not entered, and listed in the
/// second value; when the file is in the root or above it, nothing is
/// walked.
pub fn walker(
    root: &Path,
    keep: impl Fn(&Path, bool) -> bool + Send + Sync + 'static,
) -> (ignore::Walk, Refused) {
    let refused = Refused::default();
    let seen = Arc::clone(&refused);
    let refuse = move |folder: &Path, why: String| {
        seen.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((folder.to_path_buf(), why));
    };
    // The root's and its parents' ignore files are read before any entry.
    let full = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let unsafe_above = full.ancestors().find_map(|dir| {
        let (file, what) = unsafe_ignore_file(dir)?;
        // Named from the root when it is there, in full when above it.
        let shown = if dir == full {
            file.strip_prefix(dir).unwrap_or(&file).to_path_buf()
        } else {
            file
        };
        Some(refusal(&shown, what))
    });
    let mut builder = ignore::WalkBuilder::new(root);
    match unsafe_above {
        Some(why) => {
            refuse(root, why);
            builder.max_depth(Some(0)).standard_filters(false);
        }
        None => {
            builder.hidden(false).filter_entry(move |entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                if is_dir && entry.file_name() == ".git" {
                    return false;
                }
                if !keep(entry.path(), is_dir) {
                    return false;
                }
                match is_dir.then(|| unsafe_ignore_file(entry.path())).flatten() {
                    Some((file, what)) => {
                        let shown = file.strip_prefix(entry.path()).unwrap_or(&file);
                        refuse(entry.path(), refusal(shown, what));
                        false
                    }
                    None => true,
                }
            });
        }
    }
    (builder.build(), refused)
}

/// Why a folder is not walked: its ignore file `file` is `what`.
fn refusal(file: &Path, what: &str) -> String {
    format!(
        "not walked: its ignore file `{}` is {what}, which cannot be read safely; \
         make it a regular file",
        forward_slashes(&normalise(file))
    )
}

/// Largest ignore file the walk lets the `ignore` crate read (which reads
/// it whole into memory); real ones are kilobytes.
const IGNORE_FILE_LIMIT: u64 = 16 * 1024 * 1024;

/// An ignore file of `dir` the `ignore` crate would open and should not,
/// with what it is: the crate follows symbolic links and reads each file
/// to its end, so a `.gitignore` linked to `/dev/zero` would be read for
/// ever and a FIFO waited on for ever. Checked: `.gitignore`, `.ignore`,
/// and the repository's `info/exclude`, found as the crate finds it, which
/// for a `.git` *file* (a worktree or submodule) means opening that file,
/// the `commondir` file its `gitdir:` line names, then the exclude file
/// there. A link to a regular file is read, as ripgrep reads it (what a
/// linked `.gitignore` hides is added back by [`targets`], as git does not
/// read one); an absent file or a dangling link is no ignore file.
fn unsafe_ignore_file(dir: &Path) -> Option<(PathBuf, &'static str)> {
    let judged = |file: PathBuf| unsafe_to_read(&file).map(|what| (file, what));
    if let Some(hazard) = [".gitignore", ".ignore"]
        .into_iter()
        .find_map(|name| judged(dir.join(name)))
    {
        return Some(hazard);
    }
    let git = dir.join(".git");
    if !std::fs::metadata(&git).is_ok_and(|m| m.is_file()) {
        return judged(git.join("info").join("exclude"));
    }
    if let Some(hazard) = judged(git.clone()) {
        return Some(hazard);
    }
    // What the crate does with a `.git` file: its first line's `gitdir:`
    // path (taken from the working folder, as the crate takes it), whose
    // `commondir` file's first line names the common folder (relative to
    // the git folder when it starts with `.`).
    let gitdir = PathBuf::from(first_line(&git)?.strip_prefix("gitdir: ")?);
    let commondir_file = gitdir.join("commondir");
    if let Some(hazard) = judged(commondir_file.clone()) {
        return Some(hazard);
    }
    let common = first_line(&commondir_file)?;
    let common = if common.starts_with('.') {
        gitdir.join(common)
    } else {
        PathBuf::from(common)
    };
    judged(common.join("info").join("exclude"))
}

/// What `path` is when opening and reading it to its end is unsafe: a
/// FIFO, socket or device (through any links), or a file over
/// [`IGNORE_FILE_LIMIT`]. Absent, unreadable and folders are safe: opening
/// or reading them fails at once.
fn unsafe_to_read(path: &Path) -> Option<&'static str> {
    let metadata = std::fs::metadata(path).ok()?;
    if metadata.is_dir() {
        return None;
    }
    special_kind(metadata.file_type())
        .or_else(|| (metadata.len() > IGNORE_FILE_LIMIT).then_some("over 16 MiB"))
}

/// The first line of a small regular file (checked by the caller).
fn first_line(path: &Path) -> Option<String> {
    let text = std::fs::read(path).ok()?;
    let line = text.split(|&b| b == b'\n').next()?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    String::from_utf8(line.to_vec()).ok()
}

/// What kind of special file `file_type` is; `None` for files, folders and
/// symbolic links (which a walk does not follow).
pub fn special_kind(file_type: FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        [
            (file_type.is_fifo(), "a FIFO"),
            (file_type.is_socket(), "a socket"),
            (file_type.is_char_device(), "a character device"),
            (file_type.is_block_device(), "a block device"),
        ]
        .into_iter()
        .find_map(|(is, kind)| is.then_some(kind))
    }
    #[cfg(not(unix))]
    {
        let ordinary = file_type.is_file() || file_type.is_dir() || file_type.is_symlink();
        (!ordinary).then_some("a special file")
    }
}

/// The note for a special file of `kind`.
pub fn not_regular(kind: &str) -> String {
    format!("not a regular file ({kind})")
}

/// `path` with `/` between its parts on every platform. Only the platform's
/// own separator is turned: on Unix a backslash is a character a file name
/// may hold (`a\b.py` is one file, not `b.py` in a folder `a`).
pub fn forward_slashes(path: &Path) -> String {
    let text = path.to_string_lossy();
    match std::path::MAIN_SEPARATOR {
        '/' => text.into_owned(),
        separator => text.replace(separator, "/"),
    }
}

/// `cwd` joined with `path`, without `.` components, so configuration globs match.
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    cwd.join(path)
        .components()
        .filter(|c| *c != std::path::Component::CurDir)
        .collect()
}

/// `path` with `.` and `..` resolved lexically (`/b/a/../x` → `/b/x`), as
/// a baseline names files: whichever way a run reached a file (from a
/// subfolder, through `a/../b`), its key is the same. The file system is
/// not asked, so a symbolic link followed by `..` is not resolved; nothing
/// is opened through the result. A `..` above the root stays at the root.
pub fn normalise(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    out
}

/// `./src/a.py` → `src/a.py`, with forward slashes, and any secret in a
/// file or folder name redacted ([`crate::engine::redact_path`]): a
/// report, a note or an error shows the path, never the token or password a
/// file or folder was named after.
pub fn display(path: &Path) -> String {
    let shown = forward_slashes(path);
    let mut shown = shown.as_str();
    while let Some(rest) = shown.strip_prefix("./") {
        shown = rest;
    }
    crate::engine::redact_path(shown).into_owned()
}
