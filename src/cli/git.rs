//! What `--staged` and `--diff` need from git: the staged blobs, and the
//! lines a change adds. Everything goes through the `git` command, as a
//! user's own hooks and aliases would.

use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn git(cwd: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let output = Command::new("git")
        .args(["-c", "core.quotePath=off"])
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}

/// The root of the work tree holding `cwd`.
pub fn toplevel(cwd: &Path) -> Result<PathBuf> {
    let out = git(cwd, &["rev-parse", "--show-toplevel"]).context("not inside a git work tree")?;
    Ok(PathBuf::from(String::from_utf8_lossy(&out).trim_end()))
}

/// A file as the index holds it.
pub struct StagedFile {
    /// Relative to the work tree's root.
    pub path: PathBuf,
    pub content: Vec<u8>,
}

/// The staged content of every added, copied, modified or renamed file under
/// `pathspecs` (relative to `cwd`). Works before the first commit.
pub fn staged(cwd: &Path, pathspecs: &[PathBuf]) -> Result<Vec<StagedFile>> {
    let root = toplevel(cwd)?;
    let mut args = vec![
        "diff",
        "--cached",
        "--name-only",
        "-z",
        "--diff-filter=ACMR",
        "--",
    ];
    let specs: Vec<String> = pathspecs
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    args.extend(specs.iter().map(String::as_str));
    let names = git(cwd, &args)?;
    let paths: Vec<PathBuf> = names
        .split(|&b| b == 0)
        .filter(|n| !n.is_empty())
        .map(|n| PathBuf::from(String::from_utf8_lossy(n).into_owned()))
        .collect();
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    // One `git cat-file --batch` for all blobs: `:<path>` names the index entry.
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot run git cat-file")?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let requests: String = paths
        .iter()
        .map(|p| format!(":{}\n", p.display()))
        .collect();
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let mut fields = header.split_whitespace();
        let (Some(_oid), Some(kind), Some(size)) = (fields.next(), fields.next(), fields.next())
        else {
            continue; // `<name> missing`: a submodule or a race with the index
        };
        let size: usize = size.parse().context("git cat-file: bad size")?;
        let mut content = vec![0; size + 1];
        reader.read_exact(&mut content)?;
        content.pop(); // the newline after each object
        if kind == "blob" {
            files.push(StagedFile { path, content });
        }
    }
    writer
        .join()
        .expect("writer thread")
        .context("git cat-file: cannot write")?;
    child.wait()?;
    Ok(files)
}

/// Lines added or changed since the merge base of `rev` and `HEAD`, in the
/// work tree, by absolute path.
pub fn changed_lines(
    cwd: &Path,
    rev: &str,
) -> Result<HashMap<PathBuf, Vec<RangeInclusive<usize>>>> {
    let root = toplevel(cwd)?;
    let base = git(cwd, &["merge-base", rev, "HEAD"])
        .map(|out| String::from_utf8_lossy(&out).trim().to_owned())
        .unwrap_or_else(|_| rev.to_owned());
    let diff = git(
        &root,
        &[
            "diff",
            "-U0",
            "--no-color",
            "--no-ext-diff",
            "-M",
            &base,
            "--",
        ],
    )?;
    Ok(parse_added_lines(&String::from_utf8_lossy(&diff), &root))
}

/// Reads `+++ b/<path>` and `@@ -a,b +c,d @@` lines of a unified diff.
fn parse_added_lines(diff: &str, root: &Path) -> HashMap<PathBuf, Vec<RangeInclusive<usize>>> {
    let mut out: HashMap<PathBuf, Vec<RangeInclusive<usize>>> = HashMap::new();
    let mut current: Option<PathBuf> = None;
    for line in diff.lines() {
        if let Some(path) = line.strip_prefix("+++ ") {
            current = path
                .strip_prefix("b/")
                .map(|p| root.join(unquote(p.trim_end_matches('\t'))));
        } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), &current) {
            let Some(added) = hunk.split_whitespace().find_map(|w| w.strip_prefix('+')) else {
                continue;
            };
            let (start, count) = match added.split_once(',') {
                Some((start, count)) => (start.parse().unwrap_or(0), count.parse().unwrap_or(0)),
                None => (added.parse().unwrap_or(0), 1),
            };
            if count > 0 {
                out.entry(path.clone())
                    .or_default()
                    .push(start..=start + count - 1);
            }
        }
    }
    out
}

/// Undoes git's C-style quoting of unusual paths.
fn unquote(path: &str) -> String {
    match path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
        Some(inner) => inner
            .replace("\\\"", "\"")
            .replace("\\\\", "\\")
            .replace("\\t", "\t"),
        None => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_lines_from_a_unified_diff() {
        let diff = "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1,0 +2,3 @@\n+x\n@@ -9 +12 @@\n-y\n+z\n@@ -20,2 +22,0 @@\n-gone\ndiff --git a/old.py b/gone.py\n--- a/old.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n";
        let lines = parse_added_lines(diff, Path::new("/r"));
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[&PathBuf::from("/r/a.py")], vec![2..=4, 12..=12]);
    }
}
