//! One group of compiled globs (a configuration key's globs relative to one
//! folder), matched as `globset` matches them.
//!
//! A group of a few globs is one `GlobSet`. A large one is not: `globset`
//! compiles a regex for every glob its cheap strategies cannot take (a glob
//! such as `**/x1/**/*.py` is one), and 20,000 `exclude` globs took 3.8 s
//! and 420 MB to build before a single file was checked (a17 #7). A large
//! group is matched glob by glob instead, and only the globs that can match
//! a path are ever compiled: each glob has a literal piece every path it
//! matches contains, the piece fewest of the group's globs share, and one
//! Aho-Corasick pass over a path names the globs whose piece it holds.
//! Each of those is compiled (as a `GlobSet` of its own, so the match is
//! `globset`'s) the first time it is tried, and kept. The globs with no
//! literal piece (`**/*`, an escape) are one `GlobSet` of their own, built
//! the first time a path is matched: tried one by one, they cost every
//! path a match per glob (4,000 globs `**/[Xx]N/**` over 2,000 files took
//! 22 s, 20,000 on one file 570 MB: a19 #7).
//!
//! A glob of one path component anywhere in the path (`tests/`,
//! `*_settings.py`, `settings_{base,local}.py`: every default test path
//! and settings module) is matched without a regex ([`ComponentGlob`]):
//! `globset` compiles each such glob into its regex set, and the defaults'
//! two sets were a sixth of a one-file check (6.4 of 36 million
//! instructions, callgrind).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// Groups of at least this many globs are matched glob by glob.
const MANY: usize = 256;

/// A glob whose regex is longer than this is compiled when the group is
/// built (so an error in it is reported then, as a whole set's is). A
/// shorter one cannot fail to compile: `globset` writes only literals,
/// classes, `.*`-like loops and alternations, no counted repetition, so
/// its program grows with its length, far below the 10 MB limit, and a
/// parse checks the rest (the nesting limit) up front.
const LONG: usize = 2048;

/// Pieces per Aho-Corasick automaton: building one costs time quadratic
/// in its states (it reorders them by pairwise swaps, following each chain
/// of swaps again for every state; 40,000 pieces took 2.8 s), so a large
/// group's pieces are cut into automatons of this size, each run over a
/// path (a path is short).
const CHUNK: usize = 256;

#[derive(Debug)]
pub(super) enum GlobGroup {
    Set(FewGlobs),
    Many(ManyGlobs),
}

impl GlobGroup {
    pub(super) fn new(globs: &[Glob]) -> Result<GlobGroup, globset::Error> {
        if globs.len() >= MANY {
            if let Some(many) = ManyGlobs::new(globs) {
                return Ok(GlobGroup::Many(many));
            }
        }
        FewGlobs::new(globs).map(GlobGroup::Set)
    }

    pub(super) fn is_match(&self, path: &Path) -> bool {
        match self {
            GlobGroup::Set(few) => few.is_match(path),
            GlobGroup::Many(many) => {
                !many.always(path).is_empty()
                    || many.pieces.holders(path).any(|i| many.is_match(i, path))
            }
        }
    }

    /// The indices of the globs that match `path`, in order.
    pub(super) fn matches(&self, path: &Path) -> Vec<usize> {
        match self {
            GlobGroup::Set(few) => few.matches(path),
            GlobGroup::Many(many) => {
                let mut found = many.always(path);
                found.extend(
                    many.pieces
                        .holders(path)
                        .filter(|&i| many.is_match(i, path)),
                );
                found.sort_unstable();
                found.dedup();
                found
            }
        }
    }
}

fn set(globs: &[Glob]) -> Result<GlobSet, globset::Error> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(glob.clone());
    }
    builder.build()
}

/// A small group of globs: those of one path component matched by hand,
/// the others as one `GlobSet`.
#[derive(Debug)]
pub(super) struct FewGlobs {
    /// The component globs, each with its index in the group.
    components: Vec<(usize, ComponentGlob)>,
    /// The other globs' set and, for each of its globs, its index in the group.
    set: Option<(GlobSet, Vec<usize>)>,
}

impl FewGlobs {
    fn new(globs: &[Glob]) -> Result<FewGlobs, globset::Error> {
        let mut components = Vec::new();
        let mut others = Vec::new();
        let mut origin = Vec::new();
        for (index, glob) in globs.iter().enumerate() {
            match ComponentGlob::new(glob) {
                Some(component) => components.push((index, component)),
                None => {
                    others.push(glob.clone());
                    origin.push(index);
                }
            }
        }
        let set = match others.is_empty() {
            true => None,
            false => Some((set(&others)?, origin)),
        };
        Ok(FewGlobs { components, set })
    }

    fn is_match(&self, path: &Path) -> bool {
        let bytes = path.as_os_str().as_encoded_bytes();
        self.components.iter().any(|(_, c)| c.is_match(bytes))
            || self.set.as_ref().is_some_and(|(set, _)| set.is_match(path))
    }

    fn matches(&self, path: &Path) -> Vec<usize> {
        let bytes = path.as_os_str().as_encoded_bytes();
        let mut found: Vec<usize> = (self.components.iter())
            .filter(|(_, c)| c.is_match(bytes))
            .map(|(index, _)| *index)
            .collect();
        if let Some((set, origin)) = &self.set {
            found.extend(set.matches(path).into_iter().map(|i| origin[i]));
            found.sort_unstable();
        }
        found
    }
}

/// The most spellings a component glob's alternations may expand to.
const MAX_SPELLINGS: usize = 64;

/// A glob `**/P` (a path whose last component `P` matches) or `**/P/**` (a
/// path under a folder `P` matches), `P` one component of literal bytes,
/// `*`, `?` and alternations of literals (`{a,b}`), matched as `globset`
/// matches its regex: byte by byte (`globset` writes `(?-u)`), `*` any run
/// of bytes but `/`, `?` one byte but `/`, letters folded in ASCII only
/// for a case-insensitive glob, and a component running between two `/`
/// or an end of the path (`(?:/?|.*/)P/.*` and `(?:/?|.*/)P`). On Windows
/// `globset` reads `\` as `/`, so there every glob keeps its regex.
#[derive(Debug)]
struct ComponentGlob {
    /// `P` with each alternation spelled out, in lower case when `fold_case`.
    spellings: Vec<Vec<u8>>,
    /// Whether the glob is `**/P/**`.
    folder: bool,
    fold_case: bool,
}

impl ComponentGlob {
    fn new(glob: &Glob) -> Option<ComponentGlob> {
        if cfg!(windows) {
            return None;
        }
        let rest = glob.glob().strip_prefix("**/")?;
        let (component, folder) = match rest.strip_suffix("/**") {
            Some(component) => (component, true),
            None => (rest, false),
        };
        if component.is_empty() || component.contains(['/', '\\', '[', ']']) {
            return None;
        }
        // The options `globset` wrote into the regex: case folding, and a
        // separator `*` and `?` do not cross (`[^/]`).
        let regex = glob.regex();
        let fold_case = regex.starts_with("(?-u)(?i)");
        if !component.contains(['*', '?']) || regex.contains("[^/]") {
            let spellings = spellings(component, fold_case)?;
            return Some(ComponentGlob {
                spellings,
                folder,
                fold_case,
            });
        }
        None
    }

    fn is_match(&self, path: &[u8]) -> bool {
        let matches = |part: &[u8]| {
            (self.spellings.iter()).any(|spelling| wildcard_match(spelling, part, self.fold_case))
        };
        let mut parts = path.split(|&b| b == b'/');
        if self.folder {
            // Every component followed by a `/`: all but the last.
            let mut parts = parts.peekable();
            while let Some(part) = parts.next() {
                if parts.peek().is_some() && matches(part) {
                    return true;
                }
            }
            false
        } else {
            parts.next_back().is_some_and(matches)
        }
    }
}

/// `component`'s spellings with each alternation of literals (`{a,b}`, not
/// nested, none empty) spelled out; `None` for another alternation or past
/// [`MAX_SPELLINGS`].
fn spellings(component: &str, fold_case: bool) -> Option<Vec<Vec<u8>>> {
    let mut spellings = vec![Vec::new()];
    let mut rest = component;
    while !rest.is_empty() {
        let (choices, after): (Vec<&str>, &str) = match rest.strip_prefix('{') {
            Some(inner) => {
                let close = inner.find('}')?;
                let choices: Vec<&str> = inner[..close].split(',').collect();
                // An empty choice is left to `globset`, which reads
                // `{,x}` its own way.
                if choices
                    .iter()
                    .any(|c| c.is_empty() || c.contains(['{', '*', '?']))
                {
                    return None;
                }
                (choices, &inner[close + 1..])
            }
            None if rest.starts_with('}') => return None,
            None => {
                let end = rest.find('{').unwrap_or(rest.len());
                (vec![&rest[..end]], &rest[end..])
            }
        };
        if spellings.len() * choices.len() > MAX_SPELLINGS {
            return None;
        }
        spellings = (spellings.iter())
            .flat_map(|s| {
                choices
                    .iter()
                    .map(move |c| [s.as_slice(), c.as_bytes()].concat())
            })
            .collect();
        rest = after;
    }
    if fold_case {
        spellings.iter_mut().for_each(|s| s.make_ascii_lowercase());
    }
    Some(spellings)
}

/// Whether `text` (one component, no `/`) matches `pattern`, whose `*`
/// is any run of bytes and `?` any one byte; with `fold_case`, ASCII
/// letters of `text` match `pattern`'s in lower case. Greedy with one
/// backtrack point (the last `*`): linear in practice, `O(n·m)` at worst.
fn wildcard_match(pattern: &[u8], text: &[u8], fold_case: bool) -> bool {
    let same = |p: u8, t: u8| p == b'?' || p == t || (fold_case && p == t.to_ascii_lowercase());
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if same(c, text[t]) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// A large group of globs, each compiled when a path first holds its
/// literal piece.
#[derive(Debug)]
pub(super) struct ManyGlobs {
    globs: Vec<Glob>,
    /// Each glob's own set, once compiled; `None` if it failed to compile,
    /// which [`LONG`] rules out (such a glob then matches nothing).
    compiled: Vec<OnceLock<Option<GlobSet>>>,
    /// Each glob's piece, naming the globs a path can match.
    pieces: Pieces,
    /// Globs without a piece (`**/*`, an escape): tried on every path.
    always: Vec<usize>,
    /// Those globs as one set, once built; `None` if it failed to build
    /// (then each is tried on its own, as the others are).
    always_set: OnceLock<Option<GlobSet>>,
}

impl ManyGlobs {
    /// `None` when a glob is long or does not parse: the group is then
    /// built as one set, which reports the error as it always did.
    fn new(globs: &[Glob]) -> Option<ManyGlobs> {
        let mut parser = regex_syntax::ParserBuilder::new().utf8(false).build();
        let mut compiled = Vec::with_capacity(globs.len());
        for glob in globs {
            if glob.regex().len() > LONG || parser.parse(glob.regex()).is_err() {
                return None;
            }
            compiled.push(OnceLock::new());
        }
        let runs: Vec<Vec<&str>> = globs.iter().map(|g| literal_runs(g.glob())).collect();
        let mut shared: HashMap<&str, usize> = HashMap::new();
        for glob_runs in &runs {
            let mut distinct = glob_runs.clone();
            distinct.sort_unstable();
            distinct.dedup();
            for run in distinct {
                *shared.entry(run).or_default() += 1;
            }
        }
        let mut named = Vec::new();
        let mut always = Vec::new();
        for (index, glob_runs) in runs.iter().enumerate() {
            let rarest = glob_runs
                .iter()
                .min_by_key(|run| (shared[*run], std::cmp::Reverse(run.len())));
            match rarest {
                Some(run) => named.push((*run, index)),
                None => always.push(index),
            }
        }
        let pieces = Pieces::new(named)?;
        Some(ManyGlobs {
            globs: globs.to_vec(),
            compiled,
            pieces,
            always,
            always_set: OnceLock::new(),
        })
    }

    /// The globs without a piece that match `path`.
    fn always(&self, path: &Path) -> Vec<usize> {
        if self.always.is_empty() {
            return Vec::new();
        }
        let built = self.always_set.get_or_init(|| {
            let globs: Vec<Glob> = self.always.iter().map(|&i| self.globs[i].clone()).collect();
            set(&globs).ok()
        });
        match built {
            Some(set) => set
                .matches(path)
                .into_iter()
                .map(|i| self.always[i])
                .collect(),
            None => (self.always.iter().copied())
                .filter(|&i| self.is_match(i, path))
                .collect(),
        }
    }

    fn is_match(&self, index: usize, path: &Path) -> bool {
        self.compiled[index]
            .get_or_init(|| set(std::slice::from_ref(&self.globs[index])).ok())
            .as_ref()
            .is_some_and(|set| set.is_match(path))
    }

    #[cfg(test)]
    pub(super) fn compiled(&self) -> usize {
        self.compiled.iter().filter(|c| c.get().is_some()).count()
    }
}

/// Literal pieces, each standing for the members (globs, or groups of
/// globs) whose every match holds it: one Aho-Corasick pass over a path
/// names the members it can match.
#[derive(Debug)]
pub(super) struct Pieces {
    /// The distinct pieces, ASCII case folded (a case-insensitive glob
    /// matches any case; for the others a wider net only costs a test), in
    /// automatons of [`CHUNK`] pieces each.
    automatons: Vec<AhoCorasick>,
    /// For each piece, the members it stands for.
    holders: Vec<Vec<usize>>,
}

impl Pieces {
    /// Pieces of `(piece, member)` pairs; `None` if an automaton cannot be
    /// built.
    pub(super) fn new<'p>(named: impl IntoIterator<Item = (&'p str, usize)>) -> Option<Pieces> {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut holders: Vec<Vec<usize>> = Vec::new();
        for (piece, member) in named {
            let next = holders.len();
            let id = *ids.entry(piece.to_ascii_lowercase()).or_insert(next);
            if id == next {
                holders.push(Vec::new());
            }
            holders[id].push(member);
        }
        let mut pieces: Vec<(String, usize)> = ids.into_iter().collect();
        pieces.sort_unstable_by_key(|(_, id)| *id);
        let automatons = pieces
            .chunks(CHUNK)
            .map(|chunk| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .build(chunk.iter().map(|(piece, _)| piece))
                    .ok()
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Pieces {
            automatons,
            holders,
        })
    }

    /// The members with a piece that `path` holds (a member may come more
    /// than once).
    pub(super) fn holders<'a>(&'a self, path: &'a Path) -> impl Iterator<Item = usize> + 'a {
        let bytes = path.as_os_str().as_encoded_bytes();
        (self.automatons.iter().enumerate())
            .flat_map(move |(chunk, pieces)| {
                (pieces.find_overlapping_iter(bytes))
                    .map(move |m| chunk * CHUNK + m.pattern().as_usize())
            })
            .flat_map(|piece| self.holders[piece].iter().copied())
    }
}

/// The runs of literal characters of a glob outside alternations, cut at
/// `/` (a path's separator is spelled `\` on Windows) and at wildcards and
/// character classes (`[Tt]ests` holds `ests`): every path the glob matches
/// holds each of them. A glob with an escape, an unclosed class or
/// unbalanced braces gives none (it is always tried).
pub(super) fn literal_runs(glob: &str) -> Vec<&str> {
    if glob.contains('\\') {
        return Vec::new();
    }
    let mut runs = Vec::new();
    let mut depth = 0usize;
    let mut start = None;
    // The end of the class being skipped, as `globset` reads one: after
    // `[` and an optional `!` or `^`, a first `]` is a member.
    let mut class_end = 0;
    for (at, c) in glob.char_indices() {
        if at < class_end {
            continue;
        }
        if c == '[' {
            let body = &glob[at + 1..];
            let negated = usize::from(body.starts_with(['!', '^']));
            let first = usize::from(body[negated..].starts_with(']'));
            let Some(close) = body[negated + first..].find(']') else {
                return Vec::new();
            };
            class_end = at + 1 + negated + first + close + 1;
        }
        let literal = depth == 0 && !matches!(c, '*' | '?' | '/' | '{' | '}' | '[');
        match (literal, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                runs.push(&glob[from..at]);
                start = None;
            }
            _ => {}
        }
        match c {
            '{' => depth += 1,
            '}' => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return Vec::new(),
            },
            _ => {}
        }
    }
    if depth != 0 {
        return Vec::new();
    }
    runs.extend(start.map(|from| &glob[from..]));
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(pattern: &str, fold_case: bool) -> Glob {
        globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .case_insensitive(fold_case)
            .build()
            .unwrap()
    }

    #[test]
    fn literal_runs_are_what_every_match_holds() {
        assert_eq!(literal_runs("**/x1/**/*.py"), ["x1", ".py"]);
        assert_eq!(literal_runs("src/*.{yml,yaml}"), ["src", "."]);
        assert_eq!(literal_runs("a{b,{c,d}}e?f"), ["a", "e", "f"]);
        assert_eq!(literal_runs("**/*"), Vec::<&str>::new());
        assert_eq!(literal_runs("**/[Tt]ests/**"), ["ests"]);
        assert_eq!(literal_runs("[!a]x.py"), ["x.py"]);
        assert_eq!(literal_runs("a[]]b{c,[}]}d"), ["a", "b", "d"]);
        assert_eq!(literal_runs("a[^]x]b"), ["a", "b"]);
        assert_eq!(literal_runs("a[b"), Vec::<&str>::new());
        assert_eq!(literal_runs("a\\*b"), Vec::<&str>::new());
        assert_eq!(literal_runs("a}b"), Vec::<&str>::new());
    }

    /// `group` answers for each of `paths` what `whole`, one `GlobSet` of
    /// the same globs, answers.
    fn assert_answers_as(group: &GlobGroup, whole: &GlobSet, paths: &[&str]) {
        for path in paths {
            let path = Path::new(path);
            assert_eq!(group.matches(path), whole.matches(path), "{path:?}");
            assert_eq!(group.is_match(path), whole.is_match(path), "{path:?}");
        }
    }

    /// Component globs, matched by hand, answer what `globset` answers:
    /// the default test paths and settings modules (the latter folding
    /// case) and the corners of the syntax, on paths with leading,
    /// trailing and doubled slashes, case twists, bytes outside ASCII and a
    /// newline; a group mixing them with other globs keeps the indices in
    /// order.
    #[test]
    fn component_globs_answer_as_globset_does() {
        let mut patterns: Vec<(String, bool)> = Vec::new();
        for (list, fold_case) in [
            (crate::config::DEFAULT_TEST_PATHS, false),
            (crate::config::DEFAULT_SETTINGS_MODULES, true),
        ] {
            for item in list {
                for glob in crate::config::compile_glob(item, fold_case).unwrap() {
                    patterns.push((glob.glob().to_owned(), fold_case));
                }
            }
        }
        for corner in [
            "**/*",
            "**/?",
            "**/a?c/**",
            "**/*a*b*",
            "**/{,x}y",
            "**/é*",
            "**/*.{py,PY}",
            "**/[Tt]ests/**",
            "src/**/*.py",
            "**/a{b,{c,d}}",
            "**/x\\*",
        ] {
            for fold_case in [false, true] {
                patterns.push((corner.to_owned(), fold_case));
            }
        }
        let parts = [
            "",
            "tests",
            "TESTS",
            "Tests",
            "test_x.py",
            "a_settings.py",
            "A_SETTINGS.PY",
            "settings_local.py",
            "settings_x.py",
            "é",
            "éa.py",
            "a\nb",
            "abc",
            "axyb",
            "y",
            "xy",
            "q.PY",
            "x*",
            "Config",
            "t",
            "settings",
        ];
        let mut paths = Vec::new();
        for a in parts {
            paths.push(a.to_owned());
            paths.push(format!("/{a}"));
            for b in parts {
                paths.push(format!("{a}/{b}"));
                paths.push(format!("{a}//{b}/"));
                paths.push(format!("src/{a}/{b}"));
            }
        }
        let globs: Vec<Glob> = patterns.iter().map(|(p, fold)| glob(p, *fold)).collect();
        let Ok(GlobGroup::Set(few)) = GlobGroup::new(&globs) else {
            panic!("a small group is one set");
        };
        assert!(few.components.len() > 100, "{}", few.components.len());
        let whole = set(&globs).unwrap();
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        assert_answers_as(&GlobGroup::Set(few), &whole, &paths);
        for glob in &globs {
            let one = std::slice::from_ref(glob);
            let group = GlobGroup::new(one).unwrap();
            assert_answers_as(&group, &set(one).unwrap(), &paths);
        }
    }

    #[test]
    fn wildcards_match_bytes_as_globsets_regex_does() {
        assert!(wildcard_match(b"*a*b*", b"xaxxb", false));
        assert!(!wildcard_match(b"*a*b", b"xaxxbc", false));
        assert!(wildcard_match(b"settings_*.py", b"SETTINGS_X.PY", true));
        assert!(!wildcard_match(b"settings_*.py", b"SETTINGS_X.PY", false));
        // `?` is one byte, as `(?-u)[^/]` is: `é` is two.
        assert!(!wildcard_match(b"?", "é".as_bytes(), false));
        assert!(wildcard_match(b"??", "é".as_bytes(), false));
        assert_eq!(spellings("a{b,c}d{e,f}", false).unwrap().len(), 4);
        assert!(spellings("a{,e}", false).is_none());
        assert!(spellings("a{b,{c}}", false).is_none());
    }

    /// Globs with no literal piece are matched as one set, not one by one:
    /// each of 2,000 such globs compiled and tried on its own cost every
    /// path 2,000 matches (a19 #7); globs whose only literals stand around
    /// a class have pieces.
    #[test]
    fn globs_without_pieces_are_one_set_and_classes_leave_pieces() {
        let mut globs = Vec::new();
        for i in 0..1000 {
            globs.push(glob(&format!("**/[Xx]{i}/**"), false));
            globs.push(glob(&format!("**/y\\{i}/*.py"), false));
        }
        let whole = set(&globs).unwrap();
        let group = GlobGroup::new(&globs).unwrap();
        let GlobGroup::Many(many) = &group else {
            panic!("a large group is matched glob by glob");
        };
        let paths = [
            "a/X7/b.py",
            "x999/c",
            "a/y7/b.py",
            "a/y7/b.rs",
            "z/q.py",
            "X1000/a",
        ];
        assert_answers_as(&group, &whole, &paths);
        assert_eq!(many.always.len(), 1000);
        assert!(many.compiled() < 30, "{}", many.compiled());
    }

    /// A large group answers what one `GlobSet` of the same globs answers,
    /// and compiles only the globs a path's pieces name: checking a few
    /// paths against 600 globs compiles a handful, not 600.
    #[test]
    fn many_globs_match_as_one_set_and_compile_only_what_paths_need() {
        let mut globs = Vec::new();
        for i in 0..200 {
            globs.push(glob(&format!("**/x{i}/**/*.py"), false));
            globs.push(glob(&format!("**/Build{i}.{{js,ts}}"), true));
            globs.push(glob(&format!("vendor/lib{i}/**"), false));
        }
        globs.push(glob("**/[Tt]mp/**", false));
        globs.push(glob("**/*.min.js", false));
        let whole = set(&globs).unwrap();
        let group = GlobGroup::new(&globs).unwrap();
        let GlobGroup::Many(many) = &group else {
            panic!("a large group is matched glob by glob");
        };
        let paths = [
            "a/x1/b/c.py",
            "a/x12/c.py",
            "x199/c.py",
            "a/x1/c.rs",
            "x2.py",
            "BUILD7.JS",
            "deep/build150.ts",
            "build150.py",
            "vendor/lib3/a.c",
            "src/vendor/lib3/a.c",
            "q/tmp/z",
            "q/Tmp/z",
            "app.min.js",
            "app.js",
            "",
        ];
        assert_answers_as(&group, &whole, &paths);
        assert!(many.compiled() < 30, "{}", many.compiled());
        let small = GlobGroup::new(&globs[..10]).unwrap();
        assert!(matches!(small, GlobGroup::Set(_)));
    }
}
