//! The workspace layer: everything between the file system and the engine
//! that both fronts need, so that the command line, `git commit` and the
//! editor give one answer for one file.
//!
//! It owns configuration discovery and inheritance ([`find`], [`load`],
//! [`hierarchy`]), the project root
//! ([`project_root`]), the project facts the project rules read
//! ([`facts`]), walking folders ([`walk`]), reading files with the skip rules
//! ([`read`]), git ([`git`]) and the editor's workspace scan ([`scan`]). The
//! fronts only translate: arguments or LSP messages in, reports or
//! diagnostics out. The engine (`credlint_core`) is handed what this layer
//! gathered and does no I/O itself.

pub mod blocking;
pub mod facts;
pub mod git;
pub mod modules;
pub mod read;
pub mod walk;

use credlint_core::config::{ConfigError, ConfigSource, Hierarchy, Layer, Options, CONFIG_FILES};
use credlint_core::{Config, Document, Finding};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A file that could not be scanned, or was deliberately skipped.
#[derive(Debug, serde::Serialize)]
pub struct FileNote {
    pub path: String,
    pub message: String,
}

/// A configuration file as loaded: its options and source, read once and
/// shared by every chain holding it (see [`Layer`]).
pub type Found = Layer;

/// Reads one configuration file; `Ok(None)` for a `pyproject.toml` without
/// a `[tool.credlint]` table.
pub fn read_config(path: &Path) -> Result<Option<Found>, ConfigError> {
    blocking::check("reading a configuration file");
    let text = read::read_named(path).map_err(|e| ConfigError {
        path: Some(path.to_path_buf()),
        position: None,
        message: e.to_string(),
    })?;
    let source = ConfigSource {
        path: path.to_path_buf(),
        text,
    };
    let options = source.options()?;
    Ok(options.map(|options| Layer::file(source, options)))
}

/// The configuration files governing a path: the nearest one first, then
/// each one it extends (see [`find`]).
pub type Chain = Vec<Found>;

/// What the fronts cache a file's configuration by: the paths of its chain,
/// nearest first (empty: the defaults), and the overrides matching the file
/// (see [`Hierarchy::matching`]). A file added to or dropped from the chain
/// changes the key; a file's edit is a reload, which empties the caches.
pub type ConfigKey = (Vec<PathBuf>, Vec<usize>);

/// A chain's paths as [`Configs`] keys it by: each file's path is the one
/// its [`Layer`] holds, so nested folders' keys share their parents'
/// paths instead of copying them.
///
/// Hashed by its length and nearest file only (the one the others are
/// found from; equal keys still compare every path, each first by
/// pointer): a key is looked up for every file checked, and hashing every
/// path of a chain as deep as its folder made nested folders' time cubic
/// in their depth (800 nested configurations: 16 s, half of it hashing).
#[derive(Clone, Debug, PartialEq, Eq)]
struct ChainKey(Vec<Arc<Path>>);

impl std::hash::Hash for ChainKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.len().hash(state);
        self.0.first().hash(state);
    }
}

/// [`ConfigKey`] as [`Configs`] keys it: with a [`ChainKey`], and for a
/// file no configuration file governs, the work tree holding it
/// ([`work_tree`]), since that is its project root: a nested repository
/// (a submodule, a vendored clone) with no configuration file of its own
/// is a project of its own, with its own template, settings modules and
/// git view, whichever file of the run came first.
type CacheKey = (ChainKey, Vec<usize>, Option<Arc<Path>>);

/// The first configuration file in `dir`, if any. A name that is there
/// but no regular file (a folder, a FIFO, a link to a device) is an error
/// naming it, as `--config` naming it is: passing over it would let a
/// parent folder's configuration, or the defaults, govern in silence.
fn config_in(dir: &Path) -> Result<Option<Found>, ConfigError> {
    for name in CONFIG_FILES {
        let candidate = dir.join(name);
        if std::fs::metadata(&candidate).is_ok() {
            if let Some(found) = read_config(&candidate)? {
                return Ok(Some(found));
            }
        }
    }
    Ok(None)
}

/// The configuration files governing `start` (a file or a folder): the
/// nearest one at or above it, then the one it extends (the nearest above
/// its folder), and so on, until a file says `extend = false` or the chain
/// would leave the repository: no file above a folder holding `.git` (a
/// folder or a submodule's file) is read, so a stray file in a home folder
/// never governs a repository, whether the repository has a configuration
/// of its own (which would extend it) or not (which it would replace).
pub fn find(start: &Path) -> Result<Chain, ConfigError> {
    find_keyed(start).1
}

/// [`find`] for `path`, with the paths of the chain (nearest first) for the
/// cache key; after an error, the files read before it and the broken one.
pub fn find_keyed(path: &Path) -> (Vec<PathBuf>, Result<Chain, ConfigError>) {
    blocking::check("looking for configuration files");
    let mut key = Vec::new();
    let mut chain = Vec::new();
    for dir in root_folder(path).ancestors() {
        let (found, git) = match read_folder(dir) {
            Ok(folder) => folder,
            Err(error) => {
                key.extend(error.path.clone());
                return (key, Err(error));
            }
        };
        let end = ends_chain(found.as_ref(), git);
        if let Some(found) = found {
            key.extend(found.path().map(|p| p.to_path_buf()));
            chain.push(found);
        }
        if end {
            break;
        }
    }
    (key, Ok(chain))
}

/// What a folder holds for [`find`]: its configuration file, and whether
/// it holds `.git`.
type Folder = (Option<Found>, bool);

/// Reads what `dir` holds for [`find`] ([`Folder`]).
fn read_folder(dir: &Path) -> Result<Folder, ConfigError> {
    Ok((config_in(dir)?, dir.join(".git").exists()))
}

/// Whether a chain climbing the folders stops at one holding `found` and,
/// when `git`, `.git`: at a file that does not extend its parents
/// (`extend = false`), and at the repository's root.
fn ends_chain(found: Option<&Found>, git: bool) -> bool {
    git || found.is_some_and(|f| f.options().extend == Some(false))
}

/// An explicit configuration file (`--config`): its options, or the
/// defaults for a `pyproject.toml` without a `[tool.credlint]` table (its
/// folder still anchors the project). It is used alone: it extends nothing.
pub fn load(path: &Path) -> Result<Found, ConfigError> {
    if let Some(found) = read_config(path)? {
        return Ok(found);
    }
    let source = ConfigSource {
        path: path.to_path_buf(),
        text: String::new(),
    };
    Ok(Layer::file(source, Options::default()))
}

/// The configuration `--config PATH` gives with no other option: the file
/// resolved for its own folder.
pub fn load_config(path: &Path) -> Result<Config, ConfigError> {
    let folder = path.parent().unwrap_or(path);
    resolve(vec![load(path)?], folder, &Overrides::default(), folder)
}

/// What a front lays over the configuration file: the command line's
/// `--select`/`--ignore`, or the editor's settings.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// Replaces `settings-modules`.
    pub settings_modules: Option<Vec<String>>,
    /// Replaces the selection.
    pub select: Option<Vec<String>>,
    /// Added to `ignore`.
    pub ignore: Vec<String>,
}

/// The work tree holding `start` (a file or folder) as [`find`] and git see
/// it: the nearest folder at or above `start`'s folder holding `.git`.
/// With no configuration file, it is the project root (see
/// [`project_root`]), so the fronts key configurations by it.
pub fn work_tree(start: &Path) -> Option<PathBuf> {
    blocking::check("looking for the work tree");
    root_folder(start)
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Where the project's template, settings modules and `.gitignore` live for
/// a file or folder `start`: the configuration file's folder, else the git
/// work tree holding `start`, else `fallback` (the command line's working
/// folder, the editor's workspace folder). Both fronts ask this one
/// function, so a file gets the same project facts everywhere.
pub fn project_root(config: &Config, start: &Path, fallback: &Path) -> PathBuf {
    blocking::check("looking for the project root");
    let folder = root_folder(start);
    config
        .root()
        .map(Path::to_path_buf)
        .or_else(|| asked_ahead(folder).unwrap_or_else(|| git::toplevel(folder).ok()))
        .unwrap_or_else(|| fallback.to_path_buf())
}

/// The folder whose git work tree [`project_root`] asks for: `start`'s own
/// when it is one, else its parent's.
fn root_folder(start: &Path) -> &Path {
    if start.is_dir() {
        start
    } else {
        start.parent().unwrap_or(start)
    }
}

/// git's answers to [`project_root`]'s question, asked ahead on a thread of
/// their own ([`ask_root_ahead`]), by folder.
type Ahead = Vec<(PathBuf, std::thread::JoinHandle<Option<PathBuf>>)>;
static AHEAD: Mutex<Ahead> = Mutex::new(Vec::new());

/// Asks git now for the work tree [`project_root`] will want for `start`
/// (when no configuration file anchors the project), so that the git run,
/// a process start of one to five milliseconds, overlaps the compiling of
/// the configuration instead of following it: a one-file check waited for
/// both. The answer is the one [`project_root`] would get by asking then;
/// one asked ahead and never wanted is dropped with the process.
pub fn ask_root_ahead(start: &Path) {
    blocking::check("asking git for the project root");
    let folder = root_folder(start).to_path_buf();
    let asked = folder.clone();
    let handle = std::thread::spawn(move || git::toplevel(&asked).ok());
    lock(&AHEAD).push((folder, handle));
}

/// The answer asked ahead for `folder`, once; `None` when none was asked
/// (or its thread failed), and [`project_root`] asks git itself.
fn asked_ahead(folder: &Path) -> Option<Option<PathBuf>> {
    let handle = {
        let mut ahead = lock(&AHEAD);
        let at = ahead.iter().position(|(f, _)| f == folder)?;
        ahead.swap_remove(at).1
    };
    handle.join().ok()
}

/// The configuration in force for `start`: its chain (see [`find`]) or the
/// defaults, the front's overrides on top, and the project facts attached
/// when a project rule is enabled.
pub fn resolve(
    chain: Chain,
    start: &Path,
    overrides: &Overrides,
    fallback_root: &Path,
) -> Result<Config, ConfigError> {
    resolve_in(
        &hierarchy(chain, overrides)?,
        start,
        overrides,
        fallback_root,
    )
}

/// [`resolve`] with the chain already loaded.
pub fn resolve_in(
    hierarchy: &Hierarchy,
    start: &Path,
    overrides: &Overrides,
    fallback_root: &Path,
) -> Result<Config, ConfigError> {
    let mut config = configure(hierarchy, &hierarchy.matching(start), overrides)?;
    attach_facts(&mut config, start, fallback_root);
    Ok(config)
}

/// A chain's files (nearest first) loaded and checked, the root-most
/// extended first, with the front's settings modules laid over them all:
/// what each file's configuration is built from.
pub fn hierarchy(chain: Chain, overrides: &Overrides) -> Result<Hierarchy, ConfigError> {
    let layers: Vec<Layer> = chain.into_iter().rev().collect();
    let top = front_layer(overrides, layers.last());
    Hierarchy::chain(layers, top)
}

/// The front's settings modules as a layer over a chain whose nearest
/// file is `nearest`, relative to its folder.
fn front_layer(overrides: &Overrides, nearest: Option<&Layer>) -> Option<Layer> {
    let modules = overrides.settings_modules.as_ref()?;
    let options = Options {
        settings_modules: Some(modules.clone()),
        ..Options::default()
    };
    Some(Layer::front(
        options,
        nearest.and_then(|l| l.base().cloned()),
    ))
}

/// The configuration of the files the overrides `matching` apply to, with
/// the front's selection on top, compiled; no project facts yet (see
/// [`attach_facts`]).
pub fn configure(
    hierarchy: &Hierarchy,
    matching: &[usize],
    overrides: &Overrides,
) -> Result<Config, ConfigError> {
    let mut config = hierarchy.config(matching)?;
    config.override_selection(overrides.select.clone(), overrides.ignore.clone())?;
    Ok(config)
}

/// The cheap half of [`attach_facts`]: records the policy's files at
/// `start`'s project root (one folder read), and returns that root when a
/// project rule then needs the project's facts, which cost a walk and git.
pub fn attach_policy_files(
    config: &mut Config,
    start: &Path,
    fallback_root: &Path,
) -> Option<PathBuf> {
    let root = project_root(config, start, fallback_root);
    config.set_policy_files(facts::policy_files(&root));
    (config.wants_project(&root) && root.is_dir()).then_some(root)
}

/// Looks at `start`'s project root for the policy's own files (which turn
/// their rules on), then gathers the project facts when a project rule
/// needs them: the whole project's (the language server's configurations
/// serve every document of their key).
pub fn attach_facts(config: &mut Config, start: &Path, fallback_root: &Path) {
    attach_facts_for(config, start, fallback_root);
    complete_facts(config);
}

/// [`attach_facts`] for the files the command line checks, each asking
/// for the facts it needs: the template's entries (a file read), and the
/// rest, a walk of the whole project and git, only when `start` needs it
/// ([`Project::judges`](credlint_core::project::Project::judges)); a later
/// file needing it gets it from [`complete_facts`] ([`Configs`] does both).
pub fn attach_facts_for(config: &mut Config, start: &Path, fallback_root: &Path) {
    if let Some(root) = attach_policy_files(config, start, fallback_root) {
        config.set_project(facts::template_facts(&root));
        if !judged(config, start) {
            complete_facts(config);
        }
    }
}

/// Gathers the project facts [`attach_facts_for`] left out, at the root
/// it read the template at.
fn complete_facts(config: &mut Config) {
    if let Some(root) = config.project().and_then(|p| p.unwalked.clone()) {
        let code = facts::code_files(&root, config);
        config.set_project(facts::discover(&root, &code));
    }
}

/// Whether `config`'s project facts judge `path` as the whole project's
/// would.
fn judged(config: &Config, path: &Path) -> bool {
    config.project().is_none_or(|p| p.judges(path))
}

/// One file of a workspace scan that has findings: its path, text and
/// findings.
pub type Scanned = (PathBuf, String, Vec<Finding>);

/// A front's last touch to each configuration it resolves.
type Prepare = Box<dyn Fn(&mut Config) + Send + Sync>;

/// Each file's configuration, by its chain of configuration files and the
/// overrides matching it, resolved once per such key. Both fronts judge a
/// folder of files with it, so a file in a package with its own
/// `credlint.toml` is judged by that file (and the ones it extends) whether
/// the check started at the repository's root, in the package or at the
/// file itself, and whether the editor opened it.
pub struct Configs {
    overrides: Overrides,
    fallback: PathBuf,
    /// Applied to every configuration resolved (the command line's baseline
    /// fingerprinting).
    prepare: Option<Prepare>,
    /// One chain for every file (`--config`, `--isolated`), else each
    /// file's own.
    fixed: Option<(ChainKey, Arc<Hierarchy>)>,
    /// Each folder's chain, found once per run (not once per file).
    chains: Mutex<HashMap<PathBuf, ChainKey>>,
    /// Each folder's chain (see [`find_keyed`]) as a link to its
    /// parent's, read once per run: each folder's chain climbs its
    /// parents', and reading their files again for each folder cost nested
    /// folders time quadratic in their depth, looking each parent up again
    /// cubic (a broken file is read again, for its error). `None`: no file.
    links: Mutex<HashMap<PathBuf, Option<Arc<Link>>>>,
    hierarchies: Mutex<HashMap<ChainKey, Option<Arc<Hierarchy>>>>,
    /// Each folder's [`work_tree`], found once per run.
    work_trees: Mutex<HashMap<PathBuf, Option<Arc<Path>>>>,
    /// Each key's configuration without project facts, which is all
    /// [`Configs::is_excluded`] reads.
    bare: Mutex<HashMap<CacheKey, Option<Arc<Config>>>>,
    /// Each folder's verdict of [`Configs::folder_excluded`].
    folders: Mutex<HashMap<PathBuf, bool>>,
    /// Each key's configuration, with the project facts its first file
    /// needed ([`attach_facts_for`]).
    cache: Mutex<HashMap<CacheKey, Option<Arc<Config>>>>,
    /// The configurations of `cache` whose facts lacked the walk and git,
    /// with them: for the few files that need them (the template, dotenv
    /// files, `.gitignore`), gathered once per key when the first asks.
    completed: Mutex<HashMap<CacheKey, Arc<Config>>>,
    errors: Mutex<Vec<ConfigError>>,
}

impl Configs {
    /// `fallback` is the project root outside a configured project and a
    /// git work tree (see [`project_root`]).
    pub fn new(overrides: Overrides, fallback: PathBuf) -> Self {
        Configs {
            overrides,
            fallback,
            prepare: None,
            fixed: None,
            chains: Mutex::default(),
            links: Mutex::default(),
            hierarchies: Mutex::default(),
            work_trees: Mutex::default(),
            bare: Mutex::default(),
            folders: Mutex::default(),
            cache: Mutex::default(),
            completed: Mutex::default(),
            errors: Mutex::default(),
        }
    }

    pub fn prepare(mut self, prepare: impl Fn(&mut Config) + Send + Sync + 'static) -> Self {
        self.prepare = Some(Box::new(prepare));
        self
    }

    /// Judges every file by one chain (`--config FILE`, or none for
    /// `--isolated`), its overrides still applying to the files they match.
    pub fn fixed(mut self, chain: Vec<PathBuf>, hierarchy: Arc<Hierarchy>) -> Self {
        self.fixed = Some((chain_key(&chain), hierarchy));
        self
    }

    /// Records a configuration already resolved for `key` at `start`.
    pub fn seed(
        &self,
        start: &Path,
        key: ConfigKey,
        hierarchy: Arc<Hierarchy>,
        config: Arc<Config>,
    ) {
        let chain = chain_key(&key.0);
        let tree = self.anchor(&chain, root_folder(start));
        lock(&self.hierarchies).insert(chain.clone(), Some(hierarchy));
        lock(&self.cache).insert((chain, key.1, tree), Some(config));
    }

    /// The last part of `folder`'s [`CacheKey`] for a chain: its work tree
    /// when the chain is empty.
    fn anchor(&self, chain: &ChainKey, folder: &Path) -> Option<Arc<Path>> {
        if chain.0.is_empty() {
            self.work_tree(folder)
        } else {
            None
        }
    }

    /// [`work_tree`] of `folder`, climbing only to the nearest folder whose
    /// work tree is known.
    fn work_tree(&self, folder: &Path) -> Option<Arc<Path>> {
        blocking::check("looking for the work tree");
        let mut read = Vec::new();
        let mut found = None;
        for dir in folder.ancestors() {
            if let Some(known) = lock(&self.work_trees).get(dir) {
                found = known.clone();
                break;
            }
            read.push(dir);
            if dir.join(".git").exists() {
                found = Some(Arc::from(dir));
                break;
            }
        }
        let mut trees = lock(&self.work_trees);
        for dir in read {
            trees.insert(dir.to_path_buf(), found.clone());
        }
        found
    }

    /// `path`'s chain and its loaded hierarchy; `None` when a file of the
    /// chain is broken (the error is kept, once).
    fn hierarchy_for(&self, path: &Path) -> Option<(ChainKey, Arc<Hierarchy>)> {
        if let Some((chain, hierarchy)) = &self.fixed {
            return Some((chain.clone(), Arc::clone(hierarchy)));
        }
        let folder = if path.is_dir() {
            path
        } else {
            path.parent().unwrap_or(path)
        };
        let known = lock(&self.chains).get(folder).cloned();
        if let Some(key) = known {
            if let Some(hierarchy) = lock(&self.hierarchies).get(&key) {
                return hierarchy.clone().map(|h| (key, h));
            }
        }
        let (key, found) = match self.link(folder) {
            Ok(link) => {
                let chain: Chain = Link::chain(link.as_ref());
                let key = chain.iter().filter_map(|l| l.path().cloned()).collect();
                (ChainKey(key), Ok(link))
            }
            Err((key, error)) => (key, Err(error)),
        };
        lock(&self.chains).insert(folder.to_path_buf(), key.clone());
        if let Some(hierarchy) = lock(&self.hierarchies).get(&key) {
            return hierarchy.clone().map(|h| (key, h));
        }
        let loaded = found.and_then(|link| self.load(link.as_ref(), &key));
        let mut hierarchies = lock(&self.hierarchies);
        let hierarchy = match hierarchies.entry(key.clone()) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.get().clone(),
            std::collections::hash_map::Entry::Vacant(entry) => {
                let loaded = match loaded {
                    Ok(hierarchy) => Some(Arc::new(hierarchy)),
                    Err(error) => {
                        lock(&self.errors).push(error);
                        None
                    }
                };
                entry.insert(loaded).clone()
            }
        };
        hierarchy.map(|h| (key, h))
    }

    /// The hierarchy of the chain from `link` up (keyed `key`), from its
    /// parent chain's when that is loaded and sound: the folders above are
    /// loaded first, each from its own parent's, so a folder deep in
    /// nested configurations compiles its own file only, not its whole
    /// chain again (800 nested folders: 0.68 s; see
    /// [`Hierarchy::extend`]). A broken parent chain is left to its own
    /// files' checks, which report it; the chain is then loaded whole.
    fn load(&self, link: Option<&Arc<Link>>, key: &ChainKey) -> Result<Hierarchy, ConfigError> {
        let Some(link) = link else {
            return hierarchy(Vec::new(), &self.overrides);
        };
        // The links above whose chains are not loaded, nearest first, and
        // the loaded chain they extend.
        let mut pending = vec![link];
        let mut loaded = None;
        while let Some(up) = pending.last().and_then(|l| l.up.as_ref()) {
            let up_key = ChainKey(key.0[pending.len()..].to_vec());
            let known = lock(&self.hierarchies).get(&up_key).cloned();
            match known {
                Some(Some(parent)) => {
                    loaded = Some(parent);
                    break;
                }
                Some(None) => return hierarchy(Link::chain(Some(link)), &self.overrides),
                None => pending.push(up),
            }
        }
        let next = |link: &Arc<Link>, parent: Option<&Arc<Hierarchy>>| {
            let top = front_layer(&self.overrides, Some(&link.found));
            match parent {
                Some(parent) => parent.extend(link.found.clone(), top),
                None => Hierarchy::chain(vec![link.found.clone()], top),
            }
        };
        for (depth, up) in pending.iter().enumerate().skip(1).rev() {
            let Ok(parent) = next(up, loaded.as_ref()) else {
                return hierarchy(Link::chain(Some(link)), &self.overrides);
            };
            let parent = Arc::new(parent);
            let up_key = ChainKey(key.0[depth..].to_vec());
            lock(&self.hierarchies).insert(up_key, Some(Arc::clone(&parent)));
            loaded = Some(parent);
        }
        next(link, loaded.as_ref())
    }

    /// `start`'s chain as [`find_keyed`] finds it, climbing only to the
    /// nearest folder whose chain is known; on an error, the paths of the
    /// files read before it and of the broken one.
    fn link(&self, start: &Path) -> Result<Option<Arc<Link>>, (ChainKey, ConfigError)> {
        blocking::check("looking for configuration files");
        let mut read: Vec<(&Path, Option<Found>)> = Vec::new();
        let mut top = None;
        for dir in start.ancestors() {
            if let Some(known) = lock(&self.links).get(dir) {
                top = known.clone();
                break;
            }
            match read_folder(dir) {
                Ok((found, git)) => {
                    let last = ends_chain(found.as_ref(), git);
                    read.push((dir, found));
                    if last {
                        break;
                    }
                }
                Err(error) => {
                    let mut key: Vec<Arc<Path>> = (read.iter())
                        .filter_map(|(_, found)| found.as_ref()?.path().cloned())
                        .collect();
                    key.extend(error.path.as_deref().map(Arc::from));
                    return Err((ChainKey(key), error));
                }
            }
        }
        let mut links = lock(&self.links);
        for (dir, found) in read.into_iter().rev() {
            if let Some(found) = found {
                top = Some(Arc::new(Link { found, up: top }));
            }
            links.insert(dir.to_path_buf(), top.clone());
        }
        Ok(top)
    }

    /// The configuration `path` is judged by; `None` when its configuration
    /// file is broken (the error is kept, once, for [`Configs::errors`]).
    pub fn for_path(&self, path: &Path) -> Option<Arc<Config>> {
        blocking::check("resolving a file's configuration");
        let (chain, hierarchy) = self.hierarchy_for(path)?;
        let tree = self.anchor(&chain, root_folder(path));
        let key = (chain, hierarchy.matching(path), tree);
        let cached = lock(&self.cache).get(&key).cloned();
        if let Some(config) = cached {
            return config.map(|config| self.complete(key, config, path));
        }
        let resolved = configure(&hierarchy, &key.1, &self.overrides).map(|mut config| {
            attach_facts_for(&mut config, path, &self.fallback);
            config
        });
        let config = match resolved {
            Ok(mut config) => {
                if let Some(prepare) = &self.prepare {
                    prepare(&mut config);
                }
                Some(Arc::new(config))
            }
            Err(error) => {
                lock(&self.errors).push(error);
                None
            }
        };
        let config = lock(&self.cache)
            .entry(key.clone())
            .or_insert(config)
            .clone();
        config.map(|config| self.complete(key, config, path))
    }

    /// `config` (`key`'s) as `path` needs it: with the whole project's
    /// facts when its own do not judge `path`. The lock is held while
    /// they are gathered, so two such files of one key walk once.
    fn complete(&self, key: CacheKey, config: Arc<Config>, path: &Path) -> Arc<Config> {
        if judged(&config, path) {
            return config;
        }
        let mut completed = lock(&self.completed);
        let config = completed.entry(key).or_insert_with(|| {
            let mut whole = Config::clone(&config);
            complete_facts(&mut whole);
            Arc::new(whole)
        });
        Arc::clone(config)
    }

    /// Whether `path` (absolute; `true`: a folder) is left out of every
    /// front's run, the one rule all of them apply: when the configuration
    /// it is judged by excludes it (a file by the one it is scanned with, a
    /// folder by the one of the folder holding it), or when a folder above
    /// it is excluded so, up to the root of the outermost work tree holding
    /// it (its own parent's configuration governs no repository). A
    /// package's `exclude` and `include` thus reach its files and folders
    /// wherever a run starts, and `extend = false` or `include = []` cut
    /// off its parents' for its files, not for its own folder, which its
    /// parent's configuration judges. A nested work tree with no
    /// configuration file of its own (a submodule, a vendored clone) is
    /// judged by the configuration of the folder holding it as well, so the
    /// super-project's `exclude` reaches into it (its project facts stay
    /// its own). A walk judges each path it meets
    /// alone ([`Configs::exclusion`]), having pruned the folders above.
    /// A path whose configuration is broken is not excluded: its error is
    /// reported and its files are not scanned.
    pub fn is_excluded(&self, path: &Path, is_dir: bool) -> bool {
        let path = walk::normalise(path);
        self.excludes(&path, is_dir) || path.parent().is_some_and(|up| self.folder_excluded(up))
    }

    /// Whether `path` is excluded, judged alone (see
    /// [`Configs::is_excluded`]). A nested work tree with no configuration
    /// file of its own (a submodule, a vendored clone) is judged by the
    /// configuration of the folder holding it too: the super-project's
    /// `exclude` reaches into it, whichever folder a run starts in.
    fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        // Judged by the folder's configuration: `[[overrides]]`, the only
        // keys matched per file, cannot set `exclude` or `include`.
        let mut folder = path.parent().unwrap_or(path).to_path_buf();
        loop {
            let Some((config, unconfigured)) = self.bare_config(&folder) else {
                return false;
            };
            if config.is_excluded(path, is_dir) {
                return true;
            }
            let holder = (if unconfigured {
                self.work_tree(&folder)
            } else {
                None
            })
            .and_then(|tree| Some(tree.parent()?.to_path_buf()))
            .filter(|up| self.work_tree(up).is_some());
            match holder {
                Some(up) => folder = up,
                None => return false,
            }
        }
    }

    /// Whether `folder` or a folder above it is excluded, each judged
    /// alone, below the root of the outermost work tree holding it.
    fn folder_excluded(&self, folder: &Path) -> bool {
        if let Some(&known) = lock(&self.folders).get(folder) {
            return known;
        }
        let verdict = match folder.parent() {
            None => false,
            Some(up) if self.work_tree(up).is_none() && self.work_tree(folder).is_some() => false,
            Some(up) => self.excludes(folder, true) || self.folder_excluded(up),
        };
        lock(&self.folders).insert(folder.to_path_buf(), verdict);
        verdict
    }

    /// The configuration `path` is judged by, without project facts (see
    /// [`Configs::for_path`]), and whether no configuration file governs
    /// it; a broken one's error is left to `for_path`.
    fn bare_config(&self, path: &Path) -> Option<(Arc<Config>, bool)> {
        let (chain, hierarchy) = self.hierarchy_for(path)?;
        let unconfigured = chain.0.is_empty();
        let key = (chain, hierarchy.matching(path), None);
        let cached = lock(&self.bare).get(&key).cloned();
        let config = match cached {
            Some(config) => config,
            None => {
                let config = configure(&hierarchy, &key.1, &self.overrides)
                    .ok()
                    .map(Arc::new);
                lock(&self.bare).entry(key).or_insert(config).clone()
            }
        };
        config.map(|config| (config, unconfigured))
    }

    /// A walk's [`walk::Excluded`] by [`Configs::is_excluded`]'s rule.
    pub fn exclusion(self: &Arc<Self>) -> walk::Excluded {
        let met = Arc::clone(self);
        let named = Arc::clone(self);
        walk::Excluded {
            met: Arc::new(move |path: &Path, is_dir: bool| met.excludes(path, is_dir)),
            named: Arc::new(move |path: &Path, is_dir: bool| named.is_excluded(path, is_dir)),
        }
    }

    /// The broken configuration files met, once each (taken: a second call
    /// returns those met since).
    pub fn errors(&self) -> Vec<ConfigError> {
        let mut errors = std::mem::take(&mut *lock(&self.errors));
        errors.dedup_by(|a, b| a.path == b.path && a.message == b.message);
        errors
    }
}

/// A folder's chain of configuration files as [`Configs`] remembers it: its
/// nearest file, and the chain of the folder above that file's, shared.
#[derive(Debug)]
struct Link {
    found: Found,
    up: Option<Arc<Link>>,
}

impl Link {
    /// The chain from `link` up, nearest first.
    fn chain(mut link: Option<&Arc<Link>>) -> Chain {
        let mut chain = Vec::new();
        while let Some(at) = link {
            chain.push(at.found.clone());
            link = at.up.as_ref();
        }
        chain
    }
}

/// A front's chain of paths as [`Configs`] keys it.
fn chain_key(chain: &[PathBuf]) -> ChainKey {
    ChainKey(chain.iter().map(|p| Arc::from(p.as_path())).collect())
}

/// What the editor's workspace scan found: the files with findings, the
/// broken configuration files, and the paths the walk could not scan (a
/// folder refused for its ignore file, an unreadable folder).
pub type ScanResult = (Vec<Scanned>, Vec<ConfigError>, Vec<FileNote>);

/// Every file with findings under `roots` (the editor's workspace scan),
/// each judged by the configuration opening it would give (see
/// [`Configs`]). Configuration errors are returned, once per configuration
/// file, and the files they govern are not scanned; so are the walk's
/// errors, which `check` reports for the same folders.
pub fn scan(roots: &[PathBuf], overrides: &Overrides) -> ScanResult {
    blocking::check("scanning the workspace");
    // Each scan reads the parents afresh: the files may have changed since the last.
    let modules = modules::Parents::default();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut unwalked = Vec::new();
    for root in roots {
        let configs = Arc::new(Configs::new(overrides.clone(), root.clone()));
        if configs.for_path(root).is_none() {
            errors.extend(configs.errors());
            continue;
        }
        let excluded = configs.exclusion();
        let walked = walk::targets(std::slice::from_ref(root), root, &excluded, false);
        unwalked.extend(walked.errors);
        let targets = walked.targets;
        out.par_extend(targets.par_iter().filter_map(|target| {
            let config = configs.for_path(&target.absolute)?;
            let bytes = read::read_file(&target.absolute, &config).ok()?;
            let (bytes, _) = credlint_core::encoding::to_utf8(Cow::Owned(bytes));
            match credlint_core::skip::skip(&bytes, &config) {
                // A keystore's findings are whole-file ones: no text to show.
                Some(credlint_core::skip::Skip::Binary) => {
                    let findings =
                        credlint_core::analyse_bytes(&target.absolute, &bytes, &config).findings;
                    return (!findings.is_empty())
                        .then(|| (target.absolute.clone(), String::new(), findings));
                }
                Some(_) => return None,
                None => {}
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let test_module = modules.declared_for_tests(&target.absolute);
            let document = Document::new(&target.absolute, text.as_str());
            let findings = credlint_core::check(&document.declared_for_tests(test_module), &config);
            (!findings.is_empty()).then(|| (target.absolute.clone(), text, findings))
        }));
        errors.extend(configs.errors());
    }
    (out, errors, unwalked)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{Hash, Hasher};

    /// Counts the bytes hashed.
    #[derive(Default)]
    struct Counting(usize);

    impl Hasher for Counting {
        fn finish(&self) -> u64 {
            0
        }
        fn write(&mut self, bytes: &[u8]) {
            self.0 += bytes.len();
        }
    }

    /// Each folder's chain is remembered as one link to the chain above it:
    /// the folders of a nested tree are each read once, a folder without a
    /// file shares its parent's chain, and a deeper folder's link points at
    /// its parent's rather than copying it; the chain found is the one
    /// [`find`] finds from scratch.
    #[test]
    fn nested_folders_chains_link_to_their_parents() {
        let root = tempfile::TempDir::new().unwrap();
        std::fs::create_dir(root.path().join(".git")).unwrap();
        let mut dir = root.path().to_path_buf();
        let mut dirs = Vec::new();
        for i in 0..6 {
            dir.push(format!("d{i}"));
            std::fs::create_dir(&dir).unwrap();
            if i % 2 == 0 {
                std::fs::write(dir.join("credlint.toml"), "ignore = ['env']\n").unwrap();
            }
            dirs.push(dir.clone());
        }
        let configs = Configs::new(Overrides::default(), root.path().to_path_buf());
        let file = dir.join("a.py");
        assert!(configs.for_path(&file).is_some());
        let links = lock(&configs.links);
        assert_eq!(links.len(), 7, "every folder up to the git root, once");
        let link = |dir: &Path| links[dir].clone();
        for pair in dirs.windows(2) {
            let (parent, child) = (link(&pair[0]).unwrap(), link(&pair[1]).unwrap());
            match Arc::ptr_eq(&parent, &child) {
                true => assert!(!pair[1].join("credlint.toml").exists()),
                false => assert!(Arc::ptr_eq(&parent, child.up.as_ref().unwrap())),
            }
        }
        assert!(link(root.path()).is_none());
        let chain = Link::chain(link(&dir).as_ref());
        let paths = |chain: &Chain| -> Vec<Arc<Path>> {
            chain.iter().filter_map(|l| l.path().cloned()).collect()
        };
        assert_eq!(chain.len(), 3);
        assert_eq!(paths(&chain), paths(&find(&file).unwrap()));
    }

    /// A code file's configuration reads the env template and walks
    /// nothing; the files whose rules need the whole project (the template,
    /// a dotenv file, `.gitignore`) get its facts, walked once for them all.
    #[test]
    fn only_the_files_that_need_the_whole_project_walk_it() {
        let root = tempfile::TempDir::new().unwrap();
        let write = |path: &str, text: &str| {
            let path = root.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("mcp_env.example", "API_URL=\nUNUSED=\n");
        write(
            "mcp_app_settings.py",
            "import os\nAPI_URL = os.environ['API_URL']\n",
        );
        let modules: Vec<PathBuf> = (0..20)
            .map(|i| root.path().join(format!("app/m{i}.py")))
            .collect();
        for module in &modules {
            std::fs::create_dir_all(module.parent().unwrap()).unwrap();
            std::fs::write(module, "print('hello')\n").unwrap();
        }
        let walked = || facts::tests::WALKED.with(std::cell::Cell::get);
        let before = walked();
        let configs = Configs::new(Overrides::default(), root.path().to_path_buf());
        for path in modules
            .iter()
            .chain([&root.path().join("mcp_app_settings.py")])
        {
            let config = configs.for_path(path).unwrap();
            let project = config.project().unwrap();
            assert!(project.template.is_some() && project.unwalked.is_some());
        }
        assert_eq!(walked(), before, "no code file's configuration walks");
        let template = configs.for_path(&root.path().join("mcp_env.example"));
        let project = template.as_ref().unwrap().project().unwrap();
        assert_eq!(walked(), before + 21, "the template's walks the code files");
        assert!(project.unwalked.is_none() && project.has_settings_module);
        assert_eq!(project.settings_reads, ["API_URL".to_owned()].into());
        for name in [".env", ".gitignore", "mcp_env.example"] {
            let config = configs.for_path(&root.path().join(name)).unwrap();
            assert!(config.project().unwrap().unwalked.is_none());
        }
        assert_eq!(walked(), before + 21, "once for every file that needs it");
    }

    /// A chain's key costs one path to hash however deep the chain is
    /// (each file checked looks its chain up), and keys of different
    /// chains sharing their nearest file still differ.
    #[test]
    fn chain_keys_hash_their_nearest_file_only() {
        let deep: Vec<PathBuf> = (1..=300)
            .rev()
            .map(|depth| {
                let mut path = PathBuf::from("/repo");
                path.extend((0..depth).map(|i| format!("d{i}")));
                path.join("credlint.toml")
            })
            .collect();
        let hashed = |chain: &[PathBuf]| {
            let mut counting = Counting::default();
            chain_key(chain).hash(&mut counting);
            counting.0
        };
        let nearest = hashed(&deep[..1]);
        assert!(
            hashed(&deep) <= nearest + 16,
            "{} vs {nearest}",
            hashed(&deep)
        );
        assert_ne!(chain_key(&deep), chain_key(&deep[..1]));
        let mut other = deep.clone();
        other[1] = PathBuf::from("/elsewhere/credlint.toml");
        assert_ne!(chain_key(&deep), chain_key(&other));
        assert_eq!(chain_key(&deep), chain_key(&deep.clone()));
    }
}
