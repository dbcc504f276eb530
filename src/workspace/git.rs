//! What `--staged` and `--diff` need from git: the staged blobs, and the
//! lines a change adds. Everything goes through the `git` command, as a
//! user's own hooks and aliases would, but nothing the user's configuration
//! or environment says may change what credlint reads: every output format
//! is pinned (prefixes, relative paths, colour, external diff drivers,
//! textconv, `-diff` attributes, context, quoting), names travel NUL-separated or as object ids,
//! and no user-supplied text can reach git as an option.

use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Settings pinned on every git invocation, whatever the user's (or a
/// scanned folder's own `.git/config`'s) configuration. `core.fsmonitor`
/// names a program git runs to list changed files: a folder handed over
/// for scanning must not run one.
const PINNED_CONFIG: &[&str] = &[
    "core.fsmonitor=false",
    "core.quotePath=false",
    "diff.noprefix=false",
    "diff.mnemonicPrefix=false",
    "diff.relative=false",
    "diff.renames=true",
    "color.ui=false",
    // `git log`'s headers re-encoded (UTF-16: not one commit read, a18 #4).
    "i18n.logOutputEncoding=UTF-8",
];

/// Environment variables that change git's diff output or the meaning of
/// pathspecs behind its command line's back, or write into that output.
const UNSET_ENVIRONMENT: &[&str] = &[
    "GIT_DIFF_OPTS",
    "GIT_EXTERNAL_DIFF",
    "GIT_GLOB_PATHSPECS",
    "GIT_NOGLOB_PATHSPECS",
    "GIT_ICASE_PATHSPECS",
    // Each names where a trace goes: `GIT_TRACE=/dev/stdout` wrote git's
    // trace into the very output credlint reads, and `--staged` read no
    // file and passed (a18 #3).
    "GIT_TRACE",
    "GIT_TRACE2",
    "GIT_TRACE2_EVENT",
    "GIT_TRACE2_PERF",
    "GIT_TRACE_CURL",
    "GIT_TRACE_FSMONITOR",
    "GIT_TRACE_PACKET",
    "GIT_TRACE_PACKFILE",
    "GIT_TRACE_PACK_ACCESS",
    "GIT_TRACE_PERFORMANCE",
    "GIT_TRACE_REFS",
    "GIT_TRACE_SETUP",
    "GIT_TRACE_SHALLOW",
];

/// A `git` command in `cwd` with the output formats pinned. Pathspecs are
/// literal: they are file names (pre-commit passes them), not patterns, and
/// a file named `:x` or `*.py` means itself.
fn command(cwd: &Path) -> Command {
    let mut command = pinned(cwd);
    command.arg("--literal-pathspecs");
    command
}

/// A `git` command in `cwd` with [`PINNED_CONFIG`] and without the
/// environment that would change its output. For the commands that take no
/// pathspec, or one `--literal-pathspecs` would refuse (`check-ignore`).
///
/// Objects are read as they are, not as `refs/replace/` replaces them
/// (`--no-replace-objects`): git reads a replaced object's replacement,
/// but commits, pushes and fetches carry the object itself, so a staged
/// blob replaced by a clean one (`git replace <blob> <clean>`) was
/// committed while `--staged` and `history` read the clean one and passed
/// (a17 #3).
pub(super) fn pinned(cwd: &Path) -> Command {
    super::blocking::check("running git");
    let mut command = Command::new("git");
    command.current_dir(cwd).stdin(Stdio::null());
    command.arg("--no-replace-objects");
    for name in UNSET_ENVIRONMENT {
        command.env_remove(name);
    }
    for setting in PINNED_CONFIG {
        command.args(["-c", setting]);
    }
    command
}

/// Runs git with `args`: operating-system strings, so that a file name
/// that is not UTF-8 reaches git as the bytes it is.
fn git<S: AsRef<OsStr>>(cwd: &Path, args: &[S]) -> Result<Vec<u8>> {
    let output = command(cwd).args(args).output().context("cannot run git")?;
    if !output.status.success() {
        let shown: Vec<_> = args.iter().map(|a| a.as_ref().to_string_lossy()).collect();
        bail!(
            "git {}: {}",
            shown.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}

/// A path as git printed it: bytes, not necessarily UTF-8.
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// The root of the work tree holding `cwd`.
pub fn toplevel(cwd: &Path) -> Result<PathBuf> {
    if !may_be_in_repository(cwd) {
        bail!("not inside a git work tree");
    }
    let out = git(cwd, &["rev-parse", "--show-toplevel"]).context("not inside a git work tree")?;
    Ok(path_from_bytes(out.strip_suffix(b"\n").unwrap_or(&out)))
}

/// Whether git could find a repository from `cwd`: the environment names
/// one, or some folder from `cwd` up (as git sees it, symbolic links
/// resolved) holds an entry named `.git` (a folder, or the file of a linked
/// work tree or a submodule). When none does, `git rev-parse` can only
/// fail, and is not run: outside a repository (a scratch file, a temporary
/// folder) an editor opening a file would otherwise wait for a process that
/// says so, once per file.
fn may_be_in_repository(cwd: &Path) -> bool {
    // credlint: allow(env/direct-access) -- git's own variables, read as git reads them
    if std::env::var_os("GIT_DIR").is_some() || std::env::var_os("GIT_WORK_TREE").is_some() {
        return true;
    }
    let Ok(physical) = cwd.canonicalize() else {
        return true; // git is left to say
    };
    physical
        .ancestors()
        .any(|folder| folder.join(".git").symlink_metadata().is_ok())
}

/// A file as the index holds it.
pub struct StagedFile {
    /// Relative to the work tree's root.
    pub path: PathBuf,
    pub content: Blob,
}

/// A staged blob's content, unless it is over the size limit.
#[derive(Debug, PartialEq)]
pub enum Blob {
    Content(Vec<u8>),
    /// Not read: this many bytes is over the limit.
    TooBig(u64),
}

/// A regular file's index entry: its path and blob id.
#[derive(Debug, PartialEq)]
pub struct IndexEntry {
    pub path: PathBuf,
    pub oid: String,
}

/// What is staged under `pathspecs`: the files, and the paths left
/// unmerged by a merge conflict (relative to the work tree's root), which
/// have no staged content to check.
pub struct Staged {
    pub files: Vec<StagedFile>,
    pub unmerged: Vec<PathBuf>,
}

/// The staged content of every added, copied, modified or retyped regular
/// file under `pathspecs` (relative to `cwd`), and the unmerged paths; blobs
/// over `max_size` bytes are not read. Works before the first commit.
pub fn staged(cwd: &Path, pathspecs: &[PathBuf], max_size: u64) -> Result<Staged> {
    let root = toplevel(cwd)?;
    let mut args: Vec<&OsStr> = [
        "diff",
        "--cached",
        "--raw",
        "-z",
        "--no-abbrev",
        "--no-renames",
        "--no-relative",
        "--no-ext-diff",
        "--diff-filter=ACMTU",
        "--",
    ]
    .map(OsStr::new)
    .to_vec();
    args.extend(pathspecs.iter().map(|p| p.as_os_str()));
    let listing = git(cwd, &args)?;
    let (entries, unmerged) = (
        parse_raw_diff(&listing, Side::New),
        parse_unmerged(&listing),
    );
    if entries.is_empty() {
        return Ok(Staged {
            files: Vec::new(),
            unmerged,
        });
    }
    let oids: Vec<&str> = entries.iter().map(|e| e.oid.as_str()).collect();
    let blobs = cat_blobs(&root, &oids, max_size)?;
    let files = (entries.into_iter().zip(blobs))
        .filter_map(|(entry, blob)| {
            blob.map(|content| StagedFile {
                path: entry.path,
                content,
            })
        })
        .collect();
    Ok(Staged { files, unmerged })
}

/// Which side of a diff a listing's blob ids are read from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Side {
    /// What the change starts from (`--diff`'s merge base).
    Old,
    /// What it makes (`--staged`'s index).
    New,
}

/// The regular files of a `git diff --raw -z --no-abbrev` listing, by their
/// blob id on `side`, each with its path on that side. Symbolic links,
/// submodules, unmerged entries and files absent from that side are left
/// out.
pub fn parse_raw_diff(raw: &[u8], side: Side) -> Vec<IndexEntry> {
    let mut out = Vec::new();
    raw_records(raw, |[old_mode, new_mode, old_oid, new_oid, _], paths| {
        let (mode, oid, path) = match side {
            Side::Old => (old_mode, old_oid, paths.first()),
            Side::New => (new_mode, new_oid, paths.last()),
        };
        let regular = mode.starts_with("100");
        let null = oid.bytes().all(|b| b == b'0');
        if let Some(path) = path.filter(|_| regular && !null) {
            out.push(IndexEntry {
                path: path_from_bytes(path),
                oid: oid.to_owned(),
            });
        }
    });
    out
}

/// The paths a `git diff --cached --raw -z` listing shows unmerged (status
/// `U`: a merge conflict not yet resolved), which have no staged blob.
pub fn parse_unmerged(raw: &[u8]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    raw_records(raw, |[.., status], paths| {
        if status == "U" {
            out.extend(paths.last().map(|path| path_from_bytes(path)));
        }
    });
    out
}

/// Each record of a `git diff --raw -z` listing: its five fields
/// (`old-mode new-mode old-oid new-oid status`) and its one path, or two for
/// a rename or copy (the old one first). A listing cut short ends the walk.
fn raw_records(raw: &[u8], mut each: impl FnMut([&str; 5], &[&[u8]])) {
    let mut fields = raw.split(|&b| b == 0);
    while let Some(meta) = fields.next() {
        let Some(meta) = meta.strip_prefix(b":") else {
            continue;
        };
        let meta = String::from_utf8_lossy(meta);
        let parts: Vec<&str> = meta.split(' ').collect();
        let Ok(parts) = <[&str; 5]>::try_from(parts) else {
            continue;
        };
        let count = if parts[4].starts_with(['R', 'C']) {
            2
        } else {
            1
        };
        let paths: Vec<&[u8]> = fields.by_ref().take(count).collect();
        if paths.len() != count {
            break;
        }
        each(parts, &paths);
    }
}

/// The content of each blob in `oids`, in order (`None` for an id git does
/// not have or that is not a blob), from one `git cat-file --batch`.
fn cat_blobs(root: &Path, oids: &[&str], max_size: u64) -> Result<Vec<Option<Blob>>> {
    let mut out = Vec::with_capacity(oids.len());
    cat_blobs_each(root, oids, max_size, |_, blob| out.push(blob))?;
    Ok(out)
}

/// Hands each blob of `oids` to `each` with its index, in order, as one
/// `git cat-file --batch` reads them: a caller can analyse blobs while
/// later ones are still being read, never holding them all. Requests are
/// object ids, one per line, so no file name can split or merge them;
/// responses are read by their size header. A thread writes the requests
/// while this one reads, so neither side can wait on a full pipe.
pub fn cat_blobs_each(
    root: &Path,
    oids: &[&str],
    max_size: u64,
    mut each: impl FnMut(usize, Option<Blob>),
) -> Result<()> {
    let mut child = command(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot run git cat-file")?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        bail!("git cat-file: no pipes");
    };
    let requests: String = oids.iter().map(|oid| format!("{oid}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let mut reader = BufReader::with_capacity(1 << 16, stdout);
    let read = (0..oids.len()).try_for_each(|i| {
        each(i, read_one(&mut reader, max_size)?);
        Ok::<(), anyhow::Error>(())
    });
    // Closing our end stops git even if reading failed half-way, so the
    // writer cannot stay blocked on a pipe nobody reads.
    drop(reader);
    let written = writer.join();
    let status = child.wait().context("git cat-file")?;
    read.context("git cat-file: unexpected output")?;
    match written {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(e).context("git cat-file: cannot send the object ids"),
        Err(_) => bail!("git cat-file: the writer thread panicked"),
    }
    if !status.success() {
        bail!("git cat-file failed ({status})");
    }
    Ok(())
}

/// The most memory reserved ahead for one blob; a bigger blob grows as it is read.
const PREALLOCATED: u64 = 1 << 20;

/// `count` responses of `git cat-file --batch`: `<oid> <type> <size>\n`,
/// the content and a newline, or `<oid> missing\n`. Content over `max_size`
/// bytes is passed over, never held in memory.
pub fn read_batch(
    reader: &mut impl BufRead,
    count: usize,
    max_size: u64,
) -> Result<Vec<Option<Blob>>> {
    (0..count).map(|_| read_one(reader, max_size)).collect()
}

/// One response of `git cat-file --batch` (see [`read_batch`]).
fn read_one(reader: &mut impl BufRead, max_size: u64) -> Result<Option<Blob>> {
    let mut header = Vec::new();
    reader.read_until(b'\n', &mut header)?;
    let header = String::from_utf8_lossy(&header);
    let fields: Vec<&str> = header.split_whitespace().collect();
    match fields[..] {
        [_, kind, size] => {
            let size: u64 = size
                .parse()
                .with_context(|| format!("bad size in {header:?}"))?;
            // The content, then a newline.
            let Some(framed) = size.checked_add(1) else {
                bail!("bad size in {header:?}");
            };
            let mut body = reader.by_ref().take(framed);
            let blob = if kind != "blob" || size > max_size {
                std::io::copy(&mut body, &mut std::io::sink())?;
                (kind == "blob").then_some(Blob::TooBig(size))
            } else {
                // The header is only a claim: memory grows with the
                // content actually read, never to the size announced.
                let mut content = Vec::with_capacity(framed.min(PREALLOCATED) as usize);
                body.read_to_end(&mut content)?;
                content.pop();
                Some(Blob::Content(content))
            };
            if body.limit() > 0 {
                bail!("git cat-file: output ends inside an object");
            }
            Ok(blob)
        }
        [_, "missing"] => Ok(None),
        _ => bail!("bad header {header:?}"),
    }
}

/// What `--diff REV` compares the work tree with.
pub struct Changes {
    /// Lines added or changed since the merge base of `REV` and `HEAD`, by
    /// absolute path, as git numbers them.
    pub lines: HashMap<PathBuf, Vec<RangeInclusive<usize>>>,
    /// Each changed file's blob at the merge base, by absolute path; a file
    /// the change adds has none.
    base: HashMap<PathBuf, String>,
    root: PathBuf,
}

impl Changes {
    /// `absolute`'s content at the merge base, if it was there and is a
    /// regular file; over `max_size` bytes it is not read.
    pub fn base_content(&self, absolute: &Path, max_size: u64) -> Result<Option<Blob>> {
        let Some(oid) = self.base.get(absolute) else {
            return Ok(None);
        };
        let mut blob = None;
        cat_blobs_each(&self.root, &[oid.as_str()], max_size, |_, b| blob = b)?;
        Ok(blob)
    }
}

/// The lines added or changed since the merge base of `rev` and `HEAD` in
/// the work tree, and the base's blob of each changed file.
pub fn changed_lines(cwd: &Path, rev: &str) -> Result<Changes> {
    let root = toplevel(cwd)?;
    let commit = resolve(cwd, "--diff", rev)?;
    let base = git(cwd, &["merge-base", &commit, "HEAD"])
        .map(|out| String::from_utf8_lossy(&out).trim().to_owned())
        .unwrap_or(commit);
    // The working tree is compared through the repository's clean filters,
    // programs its configuration names: none of them runs.
    let mut args: Vec<String> = Vec::new();
    for name in filter_drivers(&root)? {
        for key in ["clean", "process", "smudge"] {
            args.extend(["-c".to_owned(), format!("filter.{name}.{key}=")]);
        }
        args.extend(["-c".to_owned(), format!("filter.{name}.required=false")]);
    }
    let diff = |format: &[&str]| {
        let mut args = args.clone();
        args.push("diff".to_owned());
        args.extend(format.iter().map(|&a| a.to_owned()));
        args.extend(
            [
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "--no-relative",
                // A moved file's lines are the change's: a secret moved out
                // of an excluded or allowlisted folder, or from
                // `snippet.txt` into `db.py`, is new to the scan.
                "--no-renames",
                &base,
                "--",
            ]
            .map(str::to_owned),
        );
        git(&root, &args)
    };
    let patch = diff(&[
        "-U0",
        "--inter-hunk-context=0",
        "--text", // attributes such as `-diff` would hide a file's lines
        "--src-prefix=a/",
        "--dst-prefix=b/",
        "--submodule=short",
    ])?;
    let listing = diff(&["--raw", "-z", "--no-abbrev"])?;
    let base = parse_raw_diff(&listing, Side::Old)
        .into_iter()
        .map(|entry| (root.join(entry.path), entry.oid))
        .collect();
    Ok(Changes {
        lines: parse_added_lines(&patch, &root),
        base,
        root,
    })
}

/// The files of the work tree holding `cwd` that git tracks (in the
/// index), absolute. `--diff` compares the base with tracked files only: a
/// file it does not know is new to the change, whole.
pub fn tracked(cwd: &Path) -> Result<std::collections::HashSet<PathBuf>> {
    let root = toplevel(cwd)?;
    let listed = git(&root, &["ls-files", "-z", "--cached", "--full-name"])?;
    Ok(listed
        .split(|&b| b == 0)
        .filter(|name| !name.is_empty())
        .map(|name| root.join(path_from_bytes(name)))
        .collect())
}

/// Whether git tracks the file `path` (absolute): one `git ls-files
/// --error-unmatch` on that file alone, in its folder, instead of listing
/// the whole repository (what `--output` asks of an existing file). The
/// name reaches git after `--` and as a literal pathspec, so a file named
/// `--others` or `*.py` means itself. (`--end-of-options` would make a
/// following `--` a pathspec: `ls-files` reads `--` alone as the end of
/// its options.) Outside a work tree, or when git fails, it is not.
pub fn is_tracked(path: &Path) -> bool {
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        return false;
    };
    if !may_be_in_repository(folder) {
        return false;
    }
    let mut command = command(folder);
    command
        .args(["ls-files", "--error-unmatch", "--cached", "-z", "--"])
        .arg(name)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command.status().is_ok_and(|status| status.success())
}

/// Environment variables that point git at another repository or index
/// than the one holding its working folder (a hook's `GIT_INDEX_FILE`): a
/// folder's listing is asked of the repository found from that folder.
const REPOSITORY_ENVIRONMENT: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
];

/// What git tracks under a folder, relative to it (see [`tracked_under`]).
#[derive(Debug, Default, PartialEq)]
pub struct Tracked {
    /// The regular files of the index, whatever the ignore files say.
    pub files: Vec<PathBuf>,
    /// The submodules (gitlinks): work trees of their own, listed in turn.
    pub submodules: Vec<PathBuf>,
}

/// What git tracks under the folder `dir`, relative to it: the regular
/// files of the index (symbolic links left out) and the submodules, whatever
/// the ignore files say.
pub fn tracked_under(dir: &Path) -> Result<Tracked> {
    Ok(parse_listing(&ls_files(dir, &["--cached", "--stage"])?))
}

/// The untracked files under the folder `dir` that git's ignore rules
/// leave (what `git add` would take), relative to it.
pub fn untracked_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let listed = ls_files(dir, &["--others", "--exclude-standard"])?;
    Ok(listed
        .split(|&b| b == 0)
        .filter(|name| !name.is_empty() && !name.ends_with(b"/"))
        .map(path_from_bytes)
        .collect())
}

/// One `git ls-files -z` run in `dir`, which names no path: nothing a
/// scanned folder holds reaches git's command line.
fn ls_files(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let mut command = command(dir);
    for name in REPOSITORY_ENVIRONMENT {
        command.env_remove(name);
    }
    command.args(["ls-files", "-z"]).args(args);
    let output = command.output().context("cannot run git")?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        bail!(
            "git ls-files: {}",
            message.lines().next().unwrap_or("").trim()
        );
    }
    Ok(output.stdout)
}

/// The entries of a `git ls-files -z --stage` listing (`mode oid
/// stage\tpath`): regular files (mode `100…`) and submodules (`160000`).
fn parse_listing(raw: &[u8]) -> Tracked {
    let mut tracked = Tracked::default();
    for entry in raw.split(|&b| b == 0) {
        let Some(tab) = entry.iter().position(|&b| b == b'\t') else {
            continue;
        };
        let name = &entry[tab + 1..];
        if name.is_empty() {
            continue;
        }
        if entry.starts_with(b"100") {
            tracked.files.push(path_from_bytes(name));
        } else if entry.starts_with(b"160000 ") {
            tracked.submodules.push(path_from_bytes(name));
        }
    }
    tracked
}

/// `changed`, lines of `bytes` as git numbers them (a line ends at `\n`
/// only), as the engine numbers them (a lone `\r` ends a line too, see
/// [`credlint_core::lines`]): a file saved with old Mac line endings is one
/// line to git and many to every report. A file the engine decodes (UTF-16
/// or UTF-32, whose `\n` bytes git counts inside other characters' code
/// units) is changed as a whole when any of it changed: its findings are
/// never dropped by a numbering they do not share. `None` (unreadable):
/// the same, whole.
pub fn as_engine_lines(
    bytes: Option<&[u8]>,
    changed: &[RangeInclusive<usize>],
) -> Vec<RangeInclusive<usize>> {
    let whole = || vec![1..=usize::MAX];
    let Some(bytes) = bytes else {
        return whole();
    };
    if credlint_core::encoding::Encoding::of(bytes).is_some() {
        return whole();
    }
    if !bytes.contains(&b'\r') {
        return changed.to_vec();
    }
    // The engine's lines of the text it reads (lossy UTF-8 keeps every
    // line end where it was), and the offset where each of git's starts.
    let text = String::from_utf8_lossy(bytes);
    let index = credlint_core::lines::LineIndex::new(&text);
    let git_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    // The engine's (1-based) line at the start of git's (1-based) line
    // `git`; past the end, the line after the last.
    let engine_start = |git: usize| match git_starts.get(git - 1) {
        Some(&at) => index.line_of(at) + 1,
        None => index.line_of(text.len()) + 2,
    };
    changed
        .iter()
        .map(|range| engine_start(*range.start())..=engine_start(range.end().saturating_add(1)) - 1)
        .collect()
}

/// The names of the filter drivers the repository's configuration defines
/// (`filter.<name>.clean`…), read without running any of them. A name git's
/// `-c` could not take back (one holding `=`) is an error, not a filter
/// left to run.
fn filter_drivers(root: &Path) -> Result<Vec<String>> {
    let output = command(root)
        .args([
            "config",
            "-z",
            "--name-only",
            "--get-regexp",
            r"^filter\..*\.",
        ])
        .output()
        .context("cannot run git")?;
    let mut names: Vec<String> = Vec::new();
    for key in output.stdout.split(|&b| b == 0).filter(|k| !k.is_empty()) {
        let key = String::from_utf8_lossy(key);
        let Some(name) = key
            .strip_prefix("filter.")
            .and_then(|rest| rest.rsplit_once('.'))
            .map(|(name, _)| name)
        else {
            continue;
        };
        if name.contains('=') {
            bail!("the repository's configuration names a filter git cannot be told to skip");
        }
        if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }
    Ok(names)
}

/// The commit id `rev` names. A revision starting with `-` is refused
/// outright (no branch or tag can be named so); the rest reach git only
/// after `--end-of-options`, and later commands see only the resolved id.
fn resolve(cwd: &Path, option: &str, rev: &str) -> Result<String> {
    if rev.starts_with('-') {
        bail!("{option} {rev:?}: a revision cannot start with `-`");
    }
    let spec = format!("{rev}^{{commit}}");
    let out = git(
        cwd,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ],
    )
    .with_context(|| format!("{option} {rev:?}: no such commit"))?;
    Ok(String::from_utf8_lossy(&out).trim().to_owned())
}

/// A commit of the history scanned, as `git log` describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    /// The full object id.
    pub id: String,
    /// The author date, strict ISO 8601 (`%aI`).
    pub date: String,
    pub author: String,
    pub email: String,
}

/// A blob of the history scanned, once: the first commit (parents before
/// children) whose change put it at `path`.
#[derive(Debug, PartialEq, Eq)]
pub struct HistoryBlob {
    pub oid: String,
    /// Relative to the repository's root.
    pub path: PathBuf,
    /// An index into [`History::commits`].
    pub commit: usize,
    /// The blob this one replaced at `path` (an index into
    /// [`History::blobs`], always a lower one), when that one is listed:
    /// the version before, whose lines need not be analysed again.
    pub previous: Option<usize>,
}

/// What `credlint history` scans: the commits of the range, and every
/// regular-file blob their changes introduced, deduplicated by blob id;
/// over every ref, also the blobs refs reach without a commit (see
/// [`add_ref_objects`]; each such ref has an entry in `commits`).
#[derive(Debug, Default)]
pub struct History {
    pub commits: Vec<Commit>,
    pub blobs: Vec<HistoryBlob>,
}

/// The `git log` format of a commit's header: a byte no object id starts
/// with, then fields that cannot hold a NUL. The raw listing follows.
const LOG_FORMAT: &str = "--format=%x01%H%x00%aI%x00%an%x00%ae";

/// The commits reachable from `revs` (as `git log` takes them: `main`,
/// `v1..v2`, `^old new`), or from every ref when `revs` is empty, minus those
/// reachable from `since`; and the blobs they introduced. Revisions reach
/// git only after `--end-of-options`, so none is ever read as an option.
///
/// Merges are compared with their first parent, so a blob a merge brings
/// (its side's, seen earlier in topological order, or a conflict's
/// resolution) is listed too; commits come parents first, so each blob is
/// attributed to the first commit that introduced it.
///
/// With `reflog` (over every ref only), the commits only a reflog still
/// reaches are read too: older stash entries (`stash@{1}`, with their index
/// and untracked-files commits), commits amended or reset away. They are
/// local (a push does not send them) but live in every copy of `.git`.
pub fn history(cwd: &Path, revs: &[String], since: Option<&str>, reflog: bool) -> Result<History> {
    let mut args: Vec<String> = [
        "log",
        "--raw",
        "-z",
        "--no-abbrev",
        "--no-renames",
        "--root",
        "--topo-order",
        "--reverse",
        "--no-color",
        "--no-show-signature",
        "--no-ext-diff",
        "--no-textconv",
        "--no-relative",
        "--diff-merges=first-parent",
        LOG_FORMAT,
    ]
    .map(str::to_owned)
    .to_vec();
    let since = since.map(|rev| resolve(cwd, "--since", rev)).transpose()?;
    if revs.is_empty() && since.is_none() {
        args.push("--all".to_owned());
        if reflog {
            args.push("--reflog".to_owned());
        }
    }
    args.push("--end-of-options".to_owned());
    if revs.is_empty() && since.is_some() {
        args.push("HEAD".to_owned());
    }
    args.extend(revs.iter().cloned());
    let every_ref = revs.is_empty() && since.is_none();
    args.extend(since.map(|id| format!("^{id}")));
    args.push("--".to_owned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut history = parse_log(&git(cwd, &args)?);
    if every_ref {
        add_ref_objects(cwd, &mut history)?;
    }
    Ok(history)
}

/// Adds to `history` the blobs a ref reaches without a commit: a tag (or
/// any ref) pointing at a blob, or at a tree, directly or through
/// annotated tags (`git tag t <blob-id>`). `git log --all` walks commits
/// only, and such a blob is pushed and fetched like any other. Each such
/// ref stands in `commits` for the commit it lacks (its own object's id;
/// an annotated tag's tagger as the author); a blob is named by the ref
/// (`refs/tags/t`), a tree's blobs by their paths in it. Blobs the commits
/// already listed are not listed again.
fn add_ref_objects(cwd: &Path, history: &mut History) -> Result<()> {
    let refs = git(
        cwd,
        &[
            "for-each-ref",
            "--format=%(objectname)%00%(objecttype)%00%(*objectname)%00%(*objecttype)%00\
             %(refname)%00%(taggerdate:iso-strict)%00%(taggername)%00%(taggeremail)",
        ],
    )?;
    let mut seen: std::collections::HashSet<String> =
        history.blobs.iter().map(|b| b.oid.clone()).collect();
    // A tree is listed once however many refs point at it: its blobs are
    // all seen after the first (2,000 tags on one tree ran 2,000 `git
    // ls-tree`, a17 #8).
    let mut trees = std::collections::HashSet::new();
    for line in refs.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let fields: Vec<String> = (line.split(|&b| b == 0))
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        let [id, kind, peeled_id, peeled_kind, name, date, author, email] = &fields[..] else {
            continue;
        };
        // `*` fields are the object a tag peels to, empty for other refs.
        let (object, kind) = match peeled_kind.is_empty() {
            true => (id, kind),
            false => (peeled_id, peeled_kind),
        };
        let blobs: Vec<(String, PathBuf)> = match kind.as_str() {
            "blob" => vec![(object.clone(), PathBuf::from(name))],
            "tree" if trees.insert(object.clone()) => tree_blobs(cwd, object)?,
            _ => continue,
        };
        let commit = history.commits.len();
        let mut listed = false;
        for (oid, path) in blobs {
            if seen.insert(oid.clone()) {
                listed = true;
                history.blobs.push(HistoryBlob {
                    oid,
                    path,
                    commit,
                    previous: None,
                });
            }
        }
        if listed {
            history.commits.push(Commit {
                id: id.clone(),
                date: date.clone(),
                author: author.clone(),
                email: email.trim_matches(['<', '>']).to_owned(),
            });
        }
    }
    Ok(())
}

/// The regular-file blobs of the tree `oid`, with their paths in it.
fn tree_blobs(cwd: &Path, oid: &str) -> Result<Vec<(String, PathBuf)>> {
    let raw = git(
        cwd,
        &[
            "ls-tree",
            "-r",
            "-z",
            "--full-tree",
            "--end-of-options",
            oid,
        ],
    )?;
    Ok(raw
        .split(|&b| b == 0)
        .filter_map(|entry| {
            // `mode type oid`, a tab, then the path.
            let tab = entry.iter().position(|&b| b == b'\t')?;
            let meta = std::str::from_utf8(&entry[..tab]).ok()?;
            let [mode, "blob", oid] = meta.split(' ').collect::<Vec<_>>()[..] else {
                return None;
            };
            mode.starts_with("100")
                .then(|| (oid.to_owned(), path_from_bytes(&entry[tab + 1..])))
        })
        .collect())
}

/// Reads `git log --raw -z` output with [`LOG_FORMAT`] headers. Fields are
/// taken in order (a header's four, a change's two), so a path that starts
/// with the header's marker byte is still a path.
pub fn parse_log(raw: &[u8]) -> History {
    let mut history = History::default();
    // Each listed blob's index, by object id and path: a blob is analysed
    // again under each new path it takes, since a path decides how it is
    // judged (a secret moved out of an excluded or allowlisted folder, or
    // from `snippet.txt` into `db.py`, is new to the scan).
    let mut seen: HashMap<(String, PathBuf), usize> = HashMap::new();
    let mut fields = raw.split(|&b| b == 0);
    let text =
        |field: Option<&[u8]>| String::from_utf8_lossy(field.unwrap_or_default()).into_owned();
    while let Some(field) = fields.next() {
        // git ends a header with a newline before the listing.
        let field = field.strip_prefix(b"\n").unwrap_or(field);
        if let Some(id) = field.strip_prefix(b"\x01") {
            history.commits.push(Commit {
                id: String::from_utf8_lossy(id).into_owned(),
                date: text(fields.next()),
                author: text(fields.next()),
                email: text(fields.next()),
            });
            continue;
        }
        let Some(meta) = field.strip_prefix(b":") else {
            continue;
        };
        // `:old-mode new-mode old-oid new-oid status`, then its path.
        let Some(path) = fields.next() else {
            break;
        };
        let meta = String::from_utf8_lossy(meta);
        let parts: Vec<&str> = meta.split(' ').collect();
        let [old_mode, new_mode, old_oid, new_oid, _] = parts[..] else {
            continue;
        };
        let regular = new_mode.starts_with("100");
        let null = new_oid.bytes().all(|b| b == b'0');
        let Some(commit) = history.commits.len().checked_sub(1) else {
            continue;
        };
        let path = path_from_bytes(path);
        let key = (new_oid.to_owned(), path);
        if regular && !null && !seen.contains_key(&key) {
            let previous = old_mode
                .starts_with("100")
                .then(|| seen.get(&(old_oid.to_owned(), key.1.clone())).copied())
                .flatten();
            seen.insert(key.clone(), history.blobs.len());
            let (oid, path) = key;
            history.blobs.push(HistoryBlob {
                oid,
                path,
                commit,
                previous,
            });
        }
    }
    history
}

/// The work tree's root when `cwd` is in one; `None` in a bare repository.
pub fn worktree(cwd: &Path) -> Option<PathBuf> {
    let inside = git(cwd, &["rev-parse", "--is-inside-work-tree"]).ok()?;
    (inside.trim_ascii() == b"true")
        .then(|| toplevel(cwd).ok())
        .flatten()
}

/// The commit `HEAD` names and the branch checked out, when there are.
pub fn head(cwd: &Path) -> (Option<String>, Option<String>) {
    let read = |args: &[&str]| {
        git(cwd, args)
            .ok()
            .map(|out| String::from_utf8_lossy(out.trim_ascii()).into_owned())
            .filter(|s| !s.is_empty())
    };
    (
        read(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]),
        read(&["symbolic-ref", "--quiet", "--short", "HEAD"]),
    )
}

/// Reads `+++ b/<path>` and `@@ -a,b +c,d @@` lines of a unified diff.
/// Hunk bodies are skipped by their line counts, so an added line that
/// itself reads `++ b/x` (shown as `+++ b/x`) is never taken for a header.
pub fn parse_added_lines(diff: &[u8], root: &Path) -> HashMap<PathBuf, Vec<RangeInclusive<usize>>> {
    let mut out: HashMap<PathBuf, Vec<RangeInclusive<usize>>> = HashMap::new();
    let mut current: Option<PathBuf> = None;
    // Lines of the current hunk body still to come: (old side, new side).
    let mut pending = (0usize, 0usize);
    for line in diff.split(|&b| b == b'\n') {
        if pending != (0, 0) {
            match line.first() {
                Some(b'+') => pending.1 = pending.1.saturating_sub(1),
                Some(b'-') => pending.0 = pending.0.saturating_sub(1),
                Some(b' ') => {
                    pending.0 = pending.0.saturating_sub(1);
                    pending.1 = pending.1.saturating_sub(1);
                }
                Some(b'\\') => {} // `\ No newline at end of file`
                _ => pending = (0, 0),
            }
            if pending != (0, 0) || matches!(line.first(), Some(b'+' | b'-' | b' ' | b'\\')) {
                continue;
            }
        }
        if let Some(name) = line.strip_prefix(b"+++ ") {
            current = new_path(name).map(|p| root.join(p));
        } else if line.starts_with(b"diff ") {
            current = None;
        } else if let Some(hunk) = line.strip_prefix(b"@@ ") {
            let Some((old, new)) = hunk_counts(hunk) else {
                continue;
            };
            pending = (old.1, new.1);
            if let (Some(path), (start, count @ 1..)) = (&current, new) {
                // Saturating: the counts are git's, but the reader must not
                // overflow on any text.
                out.entry(path.clone())
                    .or_default()
                    .push(start..=start.saturating_add(count - 1));
            }
        }
    }
    out
}

/// `-a[,b] +c[,d] @@…` → `((a, b), (c, d))`; a count left out is 1.
fn hunk_counts(hunk: &[u8]) -> Option<((usize, usize), (usize, usize))> {
    let hunk = std::str::from_utf8(hunk.split(|&b| b == b'@').next()?).ok()?;
    let range = |text: &str| -> Option<(usize, usize)> {
        match text.split_once(',') {
            Some((start, count)) => Some((start.parse().ok()?, count.parse().ok()?)),
            None => Some((text.parse().ok()?, 1)),
        }
    };
    let mut words = hunk.split_whitespace();
    let old = range(words.next()?.strip_prefix('-')?)?;
    let new = range(words.next()?.strip_prefix('+')?)?;
    Some((old, new))
}

/// The path of a `+++ ` line (after the marker), without its `b/`; `None`
/// for `/dev/null`. Git C-quotes names with unusual bytes, and ends a name
/// holding a space with a tab.
fn new_path(name: &[u8]) -> Option<PathBuf> {
    let name = match name.strip_prefix(b"\"") {
        Some(quoted) => unquote(quoted)?,
        None => name.strip_suffix(b"\t").unwrap_or(name).to_vec(),
    };
    name.strip_prefix(b"b/").map(path_from_bytes)
}

/// Undoes git's C-style quoting (`quote_c_style`): `text` is what follows
/// the opening quote. `None` when there is no closing quote.
fn unquote(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let mut bytes = text.iter().copied();
    while let Some(b) = bytes.next() {
        match b {
            b'"' => return Some(out),
            b'\\' => {
                let escaped = bytes.next()?;
                out.push(match escaped {
                    b'a' => 0x07,
                    b'b' => 0x08,
                    b't' => b'\t',
                    b'n' => b'\n',
                    b'v' => 0x0b,
                    b'f' => 0x0c,
                    b'r' => b'\r',
                    b'0'..=b'3' => {
                        let digit = |d: u8| matches!(d, b'0'..=b'7').then(|| d - b'0');
                        let second = digit(bytes.next()?)?;
                        let third = digit(bytes.next()?)?;
                        ((escaped - b'0') << 6) | (second << 3) | third
                    }
                    other => other, // `\\` and `\"`
                });
            }
            other => out.push(other),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Outside any repository git is not asked; inside one (a `.git` in a
    /// folder above) it is.
    #[test]
    fn no_git_run_outside_a_repository() {
        let dir = tempfile::TempDir::new().unwrap();
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        if may_be_in_repository(dir.path()) {
            return; // the temporary folder is inside a repository here
        }
        assert!(!may_be_in_repository(&nested));
        assert!(toplevel(&nested).is_err());
        std::fs::create_dir(dir.path().join("a/.git")).unwrap();
        assert!(may_be_in_repository(&nested));
    }

    /// Review: `--output` naming an existing file listed every file of the
    /// repository to refuse a tracked one. One file is asked about by its
    /// name alone, which git reads as neither an option (`--others` would
    /// list what is untracked) nor a pattern (`*.py`).
    #[test]
    fn one_file_is_asked_about_by_its_name_alone() {
        let dir = tempfile::TempDir::new().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let git = |args: &[&str]| {
            let status = pinned(&root).args(args).status().unwrap();
            assert!(status.success(), "git {args:?}");
        };
        git(&["init", "-q"]);
        for name in ["a.py", "-x.py", "--others", "*.py", "new.py"] {
            std::fs::write(root.join(name), "").unwrap();
        }
        git(&["add", "--", "a.py", "-x.py"]);
        assert!(is_tracked(&root.join("a.py")));
        assert!(is_tracked(&root.join("-x.py")));
        for untracked in ["--others", "*.py", "new.py", "gone.py"] {
            assert!(!is_tracked(&root.join(untracked)), "{untracked}");
        }
        let outside = tempfile::TempDir::new().unwrap();
        std::fs::write(outside.path().join("a.py"), "").unwrap();
        assert!(!is_tracked(&outside.path().join("a.py")));
    }

    #[test]
    fn git_lines_as_the_engine_numbers_them() {
        let changed = [2..=2, 4..=5];
        // Only `\n` and `\r\n`: the same numbering.
        assert_eq!(
            as_engine_lines(Some(b"a\r\nb\nc\nd\ne\n"), &changed),
            changed
        );
        // Git's line 2 is the engine's 2..=4 (`b\rc\rd`), git's 4..=5 the
        // engine's 6..=7.
        let text = b"a\nb\rc\rd\ne\nf\ng\n";
        assert_eq!(as_engine_lines(Some(text), &changed), [2..=4, 6..=7]);
        // A last line without `\n`.
        assert_eq!(as_engine_lines(Some(b"a\rb"), &[1..=1]), [1..=2]);
        // Decoded or unreadable files are changed whole.
        let whole = [1..=usize::MAX];
        assert_eq!(as_engine_lines(Some(b"\xff\xfe\n\x01"), &changed), whole);
        assert_eq!(as_engine_lines(None, &changed), whole);
    }

    fn added(diff: &str) -> HashMap<PathBuf, Vec<RangeInclusive<usize>>> {
        parse_added_lines(diff.as_bytes(), Path::new("/r"))
    }

    #[test]
    fn added_lines_from_a_unified_diff() {
        let lines = added("diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1,0 +2,3 @@\n+x\n+y\n+z\n@@ -9 +12 @@\n-y\n+z\n@@ -20,2 +22,0 @@\n-gone\n-gone\ndiff --git a/old.py b/gone.py\n--- a/old.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n");
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[&PathBuf::from("/r/a.py")], vec![2..=4, 12..=12]);
    }

    #[test]
    fn hunk_bodies_are_never_read_as_headers() {
        // An added `++ b/a.py` and `@@ -1 +1,9 @@`, a removed `-- b`, in x.md.
        let lines = added("diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,3 @@\n--- b\n-\n+++ b/a.py\n+@@ -1 +1,9 @@\n+ok\n\\ No newline at end of file\ndiff --git a/c.py b/c.py\n--- a/c.py\n+++ b/c.py\n@@ -0,0 +1 @@ def f():\n+z\n");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[&PathBuf::from("/r/x.md")], vec![1..=3]);
        assert_eq!(lines[&PathBuf::from("/r/c.py")], vec![1..=1]);
    }

    #[test]
    fn quoted_and_spaced_names() {
        let lines = added("+++ \"b/we ird\\n\\303\\274\\\"q\\\\.py\"\n@@ -0,0 +1 @@\n+x\n+++ b/sp ace.py\t\n@@ -0,0 +2 @@\n+x\n");
        assert_eq!(lines[&PathBuf::from("/r/we ird\nü\"q\\.py")], vec![1..=1]);
        assert_eq!(lines[&PathBuf::from("/r/sp ace.py")], vec![2..=2]);
        assert_eq!(unquote(b"unterminated"), None);
        assert_eq!(unquote(b"bad\\9\""), Some(b"bad9".to_vec()));
    }

    #[test]
    fn raw_listing_keeps_regular_files_by_their_blob_on_either_side() {
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let zero = "0".repeat(40);
        let raw = format!(
            ":000000 100644 {zero} {a} A\0we\nird:1.py\0:100644 120000 {a} {b} T\0link\0:000000 160000 {zero} {b} A\0sub\0:100644 100755 {a} {b} R090\0old.py\0new.py\0"
        );
        assert_eq!(
            parse_raw_diff(raw.as_bytes(), Side::New),
            [
                IndexEntry {
                    path: PathBuf::from("we\nird:1.py"),
                    oid: a.clone()
                },
                IndexEntry {
                    path: PathBuf::from("new.py"),
                    oid: b.clone()
                },
            ]
        );
        // The base side: what a file was before, under its old name; an
        // added file has no old blob, a retyped one its old regular blob.
        assert_eq!(
            parse_raw_diff(raw.as_bytes(), Side::Old),
            [
                IndexEntry {
                    path: PathBuf::from("link"),
                    oid: a.clone()
                },
                IndexEntry {
                    path: PathBuf::from("old.py"),
                    oid: a.clone()
                },
            ]
        );
    }

    #[test]
    fn log_listing_attributes_each_blob_and_path_to_its_first_commit_once() {
        let (a, b, c) = ("a".repeat(40), "b".repeat(40), "c".repeat(40));
        let (d, e, f) = ("d".repeat(40), "e".repeat(40), "f".repeat(40));
        let zero = "0".repeat(40);
        let header = |id: &str| {
            format!("\x01{id}\x002026-01-02T03:04:05+01:00\x00Ada L\x00ada@example.com\x00\n")
        };
        // The second commit re-adds blob `a` elsewhere, deletes, adds a link,
        // and names a file that starts with the header's marker byte; the
        // last edits a listed blob and one from before the range.
        let raw = format!(
            "{}:000000 100644 {zero} {a} A\0app.py\0{}{}:000000 100644 {zero} {a} A\0copy.py\0:100644 000000 {a} {zero} D\0app.py\0:000000 120000 {zero} {c} A\0link\0:000000 100644 {zero} {b} A\0\x01odd\0{}:100644 100644 {b} {d} M\0\x01odd\0:100644 100644 {e} {f} M\0old.py\0",
            header("1111"),
            header("2222"),
            header("3333"),
            header("4444"),
        );
        let history = parse_log(raw.as_bytes());
        let ids: Vec<&str> = history.commits.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["1111", "2222", "3333", "4444"]);
        assert_eq!(history.commits[0].author, "Ada L");
        assert_eq!(history.commits[0].email, "ada@example.com");
        assert_eq!(history.commits[0].date, "2026-01-02T03:04:05+01:00");
        assert_eq!(
            history.blobs,
            [
                HistoryBlob {
                    oid: a.clone(),
                    path: PathBuf::from("app.py"),
                    commit: 0,
                    previous: None,
                },
                // The same blob under a new path is listed again: a path
                // may judge it differently.
                HistoryBlob {
                    oid: a.clone(),
                    path: PathBuf::from("copy.py"),
                    commit: 2,
                    previous: None,
                },
                HistoryBlob {
                    oid: b.clone(),
                    path: PathBuf::from("\x01odd"),
                    commit: 2,
                    previous: None,
                },
                HistoryBlob {
                    oid: d.clone(),
                    path: PathBuf::from("\x01odd"),
                    commit: 3,
                    previous: Some(2),
                },
                HistoryBlob {
                    oid: f.clone(),
                    path: PathBuf::from("old.py"),
                    commit: 3,
                    previous: None,
                },
            ]
        );
    }

    #[test]
    fn batch_responses_are_read_by_their_size() {
        let mut input: &[u8] =
            b"aa blob 7\nx\ny\nz z\nbb missing\ncc tree 2\nab\ndd blob 9\n123456789\nee blob 1\n\n\n";
        assert_eq!(
            read_batch(&mut input, 5, 8).unwrap(),
            [
                Some(Blob::Content(b"x\ny\nz z".to_vec())),
                None,
                None,
                Some(Blob::TooBig(9)),
                Some(Blob::Content(b"\n".to_vec())),
            ]
        );
        let mut short: &[u8] = b"aa blob 9\nxy\n";
        assert!(read_batch(&mut short, 1, 100).is_err());
    }
}
