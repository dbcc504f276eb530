//! The server's state: open documents, workspace roots, client settings and
//! the configurations in force.
//!
//! Every mutation happens here, synchronously, under one lock held by the
//! handler; analysis runs on a snapshot after the lock is released.
//!
//! Every method is a data operation: nothing here reads a file, walks a
//! folder or runs git, so no handler ever waits on a disk or on git for the
//! lock. Resolving a configuration is split around the lock: the session
//! hands out a [`Request`], [`super::resolve`] does the I/O with the lock
//! released, and the session settles the result ([`Session::locate`],
//! [`Session::settle`]), unless a reload or a newer request superseded it.

use super::document::TextDocument;
use super::resolve::Located;
use crate::config::{Config, ConfigError, Hierarchy};
use crate::workspace::{ConfigKey, Overrides};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::lsp_types::{FileChangeType, FileEvent, Uri};
use tower_lsp_server::UriExt;

/// What a client may set (`initializationOptions`, `workspace/didChangeConfiguration`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientSettings {
    pub settings_modules: Option<Vec<String>>,
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub enable: Option<bool>,
}

impl ClientSettings {
    /// Reads settings sent bare or under a `credlint` key.
    pub fn from_json(value: &serde_json::Value) -> ClientSettings {
        let value = value.get("credlint").unwrap_or(value);
        serde_json::from_value(value.clone()).unwrap_or_default()
    }

    /// The client's settings as the workspace layer's overrides. Empty
    /// lists mean "not set": editors default list settings to `[]`, and an
    /// empty selection would silence every rule.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            settings_modules: self.settings_modules.clone().filter(|m| !m.is_empty()),
            select: self.select.clone().filter(|s| !s.is_empty()),
            ignore: self.ignore.clone().unwrap_or_default(),
        }
    }
}

/// The client's `workspace.workspaceEdit` capabilities.
#[derive(Clone, Copy, Debug, Default)]
pub struct EditSupport {
    /// `documentChanges`: edits name the document version they were computed
    /// on, and the client refuses them once the document has moved on.
    pub versioned: bool,
    /// `resourceOperations` includes `create` (for a new env template).
    pub create_files: bool,
}

/// A resolved configuration's cache key: the workspace layer's (chain and
/// matching overrides) and, for a file no configuration file governs, the
/// fallback project root and the work tree holding it (its project root:
/// see [`crate::workspace::project_root`]), so that such files in two
/// workspace folders, or in a repository and one nested in it, do not share
/// one project's policy files and facts.
type Key = (ConfigKey, Option<(PathBuf, Option<PathBuf>)>);

#[derive(Default)]
pub struct Session {
    pub documents: HashMap<Uri, TextDocument>,
    /// Counts edits, to order documents by when they were last edited.
    clock: u64,
    pub roots: Vec<PathBuf>,
    pub settings: ClientSettings,
    /// Whether the client lets the server register for file-watch events.
    pub watch_registration: bool,
    /// What the client's workspace edits can carry.
    pub edits: EditSupport,
    /// Whether the client asked for the server's trace (`initialize`'s
    /// `trace` other than `off`): each analysis started (see
    /// [`Session::start_analysis`]) is told in a `$/logTrace` notification,
    /// by the document's language and version only.
    pub trace: bool,
    /// Resolved configurations by chain of configuration files and the
    /// overrides matching.
    configs: HashMap<Key, Arc<Config>>,
    /// Each chain of configuration files, loaded and checked.
    hierarchies: HashMap<Vec<PathBuf>, Arc<Hierarchy>>,
    /// The chain that loaded for each folder a document was opened in:
    /// another document there needs no look for configuration files, nor
    /// any read or parse of them (see [`Session::located`]). Emptied by
    /// every reload, which a change of any configuration file the client
    /// watches, or a save of one, begins.
    /// With the chain, the work tree when the chain is empty.
    chains: HashMap<PathBuf, (Vec<PathBuf>, Option<PathBuf>)>,
    /// Folders outside the workspace folders holding a file of some
    /// document's chain, which the client was asked to watch (the
    /// registration's `**/credlint.toml` globs cover the workspace folders).
    watched: HashSet<PathBuf>,
    /// Of those, the ones not asked for yet (see [`Session::take_unwatched`]).
    unwatched: Vec<PathBuf>,
    /// The last configuration that loaded with each nearest configuration
    /// file (`None`: the defaults), kept across reloads so that a broken
    /// edit, in it or in a file it extends, does not drop the project's
    /// settings.
    last_good: HashMap<Option<PathBuf>, Arc<Config>>,
    /// The provisional configurations whose project facts are being
    /// gathered (see [`Session::awaits_facts`]).
    gathering: Vec<Arc<Config>>,
    /// Files not open in the editor whose diagnostics a workspace scan
    /// published: a removed workspace folder takes them away.
    pub scanned: HashSet<Uri>,
    /// Bumped by each reload (see [`Request`]).
    generation: u64,
    /// The last [`Request`] handed out.
    next_ticket: u64,
    /// The last analysis ticket handed out (see [`Session::start_analysis`]).
    analyses: u64,
}

/// How many documents keep a syntax tree: the ones being edited. Beyond
/// these, a tree (about a thousand bytes per line) would only hold memory.
pub const TREES_KEPT: usize = 8;

/// Of the trees kept, how many may be of documents not edited since they
/// were opened (see [`Session::keep_trees`]).
pub const OPENED_TREES_KEPT: usize = 2;

impl Session {
    /// Whether watched files' `changes` may change how documents are
    /// judged, so that a reload is due. Any file but a code file is watched
    /// for that alone (a configuration, a template, a dotenv file). A code
    /// file (`*.py`, `*.rs`) is watched for the project facts it feeds, and
    /// matters when it is some document's settings module or some
    /// document's project looks for template entries in other code
    /// ([`credlint_core::project::Project::reads_other_code`]): a checkout
    /// or a file manager creates, deletes and renames such files with no
    /// word from the editor. Told by names alone, so a change of code in a
    /// project with no template costs nothing; an open document's own
    /// change is its save's, which `did_save` judges by its text. A
    /// document whose facts are still being gathered counts as reading
    /// every code file.
    pub fn watched_changes_matter(&self, changes: &[FileEvent]) -> bool {
        changes.iter().any(|event| {
            let Some(path) = event.uri.to_file_path() else {
                return true;
            };
            if !credlint_core::project::is_code_file(&path) {
                return true;
            }
            if event.typ == FileChangeType::CHANGED && self.documents.contains_key(&event.uri) {
                return false;
            }
            self.documents.values().any(|d| {
                d.config.is_settings_module(&path)
                    || match d.config.project() {
                        Some(project) => project.reads_other_code(),
                        // Facts still being gathered (a provisional
                        // configuration) may read this file: they cannot
                        // be told, so the change reloads.
                        None => d.config.wants_project(&d.path),
                    }
            })
        })
    }

    /// Marks a new analysis of the document at `uri` as its latest and
    /// returns its ticket, or `None` when the document is not open.
    ///
    /// Tickets count for the whole session, not per document: a document
    /// closed and opened again (same version, as clients send after a
    /// revert or a branch switch) must not take an in-flight analysis of
    /// its old text for its own.
    ///
    /// The analysis it supersedes is cancelled: its parses stop (see
    /// [`crate::syntax::cancel_on`]), its result would not be published.
    pub fn start_analysis(&mut self, uri: &Uri) -> Option<(u64, &mut TextDocument)> {
        let document = self.documents.get_mut(uri)?;
        self.analyses += 1;
        document.analysis = self.analyses;
        document
            .cancel
            .store(true, std::sync::atomic::Ordering::Relaxed);
        document.cancel = Arc::default();
        Some((self.analyses, document))
    }

    /// Applies an edit to a document and keeps the trees of the
    /// [`TREES_KEPT`] documents edited last, dropping the others'. Returns
    /// whether the document is open.
    pub fn edited(
        &mut self,
        uri: &Uri,
        changes: &[tower_lsp_server::lsp_types::TextDocumentContentChangeEvent],
        version: i32,
    ) -> bool {
        self.clock += 1;
        let Some(document) = self.documents.get_mut(uri) else {
            return false;
        };
        document.apply(changes, version);
        document.edited = self.clock;
        self.keep_trees();
        true
    }

    /// Keeps the trees of the [`TREES_KEPT`] documents edited (or opened)
    /// last, dropping the others', and of those not edited since they were
    /// opened, only the [`OPENED_TREES_KEPT`] opened last: of the many
    /// documents an editor opens, few are edited.
    pub fn keep_trees(&mut self) {
        let clock = self.clock;
        let mut with_trees: Vec<(u64, &mut TextDocument)> = self
            .documents
            .values_mut()
            // The document just edited counts: its tree may be on its way.
            .filter(|d| d.keeps_tree() || d.edited == clock)
            .map(|d| (d.edited, d))
            .collect();
        with_trees.sort_by_key(|(edited, _)| std::cmp::Reverse(*edited));
        let (mut kept, mut opened) = (0, 0);
        for (_, document) in with_trees {
            let unedited = document.is_unedited();
            if kept < TREES_KEPT && !(unedited && opened >= OPENED_TREES_KEPT) {
                kept += 1;
                opened += usize::from(unedited);
            } else {
                document.drop_tree();
            }
        }
    }

    pub fn enabled(&self) -> bool {
        self.settings.enable.unwrap_or(true)
    }

    /// Applies `workspace/didChangeWorkspaceFolders`: the folders are the
    /// fallback project roots of the files under them. Returns the files
    /// whose scan diagnostics must be cleared: under a removed folder, under
    /// no remaining one, and not open (an open document keeps its own).
    /// The caller reloads the configurations, which depend on the roots.
    pub fn change_folders(&mut self, added: &[PathBuf], removed: &[PathBuf]) -> Vec<Uri> {
        self.roots.retain(|root| !removed.contains(root));
        for root in added {
            if !self.roots.contains(root) {
                self.roots.push(root.clone());
            }
        }
        let gone: Vec<Uri> = self
            .scanned
            .iter()
            .filter(|uri| !self.documents.contains_key(*uri))
            .filter(|uri| {
                uri.to_file_path().is_some_and(|path| {
                    removed.iter().any(|r| path.starts_with(r))
                        && !self.roots.iter().any(|r| path.starts_with(r))
                })
            })
            .cloned()
            .collect();
        for uri in &gone {
            self.scanned.remove(uri);
        }
        gone
    }

    /// Puts a newly opened document in place, not yet configured (it is
    /// not analysed until its configuration is), and asks for its
    /// configuration.
    pub fn open(&mut self, uri: Uri, mut document: TextDocument) -> Request {
        // Opening counts as an edit for the trees kept: an opened Rust
        // document is parsed by its first analysis and keeps the tree.
        self.clock += 1;
        document.edited = self.clock;
        self.documents.insert(uri.clone(), document);
        self.request(&uri).expect("the document was just inserted")
    }

    /// Asks for the configuration of an open document: what resolving it
    /// off the lock needs. A later request for the same document, or a
    /// reload, supersedes this one.
    fn request(&mut self, uri: &Uri) -> Option<Request> {
        self.next_ticket += 1;
        let ticket = self.next_ticket;
        let overrides = self.settings.overrides();
        let document = self.documents.get_mut(uri)?;
        document.resolving = Some(ticket);
        let path = document.path.clone();
        // Outside a configured project and a git work tree, the project is
        // the workspace folder holding the file (the command line's is its
        // working folder). Of nested workspace folders, the innermost.
        let fallback = self
            .roots
            .iter()
            .filter(|r| path.starts_with(r))
            .max_by_key(|r| r.components().count())
            .cloned()
            .or_else(|| path.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        Some(Request {
            uri: uri.clone(),
            path,
            overrides,
            fallback,
            generation: self.generation,
            ticket,
        })
    }

    /// Whether `request` still stands: no reload since, and no later
    /// request for its document, which is still open.
    pub fn current(&self, request: &Request) -> bool {
        request.generation == self.generation
            && self
                .documents
                .get(&request.uri)
                .is_some_and(|d| d.resolving == Some(request.ticket))
    }

    /// Records whether the request's document is excluded (see
    /// [`super::resolve::excluded`]), judged off the lock once `request`
    /// configured it; not when a reload or a later request superseded it.
    pub fn set_excluded(&mut self, request: &Request, excluded: bool) {
        if request.generation != self.generation {
            return;
        }
        if let Some(document) = self.documents.get_mut(&request.uri) {
            if document
                .resolving
                .is_none_or(|ticket| ticket == request.ticket)
            {
                document.excluded = excluded;
            }
        }
    }

    /// The first step back under the lock, with the document's chain found
    /// and loaded off it: the cached configuration for the chain and the
    /// overrides matching the document, else what is left to resolve.
    /// A broken file (the nearest or one it extends) is reported, and the
    /// last configuration that loaded from it (or the defaults) stays in
    /// force. `None`: the request was superseded (see [`Session::current`]).
    pub fn locate(&mut self, request: &Request, located: Located) -> Option<Step> {
        if !self.current(request) {
            return None;
        }
        self.note_chain(&located.chain);
        let nearest = located.chain.first().cloned();
        let hierarchy = match located.hierarchy {
            Err(error) => {
                let configured = self.broken(&nearest, error);
                return Some(Step::Done(self.conclude(request, configured)));
            }
            // The first load of a chain is kept, so documents sharing a
            // chain share one.
            Ok(loaded) => Arc::clone(
                self.hierarchies
                    .entry(located.chain.clone())
                    .or_insert_with(|| Arc::new(loaded)),
            ),
        };
        if let Some(folder) = request.path.parent() {
            self.chains.insert(
                folder.to_path_buf(),
                (located.chain.clone(), located.work_tree.clone()),
            );
        }
        Some(self.step(request, located.chain, located.work_tree, hierarchy))
    }

    /// [`Session::locate`] without looking for the configuration files,
    /// when a document in the same folder found them since the last
    /// reload: the chain that loaded there is the document's. `None`: not
    /// known (or the request was superseded); the caller looks for them
    /// off the lock. A chain that failed to load is not remembered, so a
    /// broken file is read, and reported, again.
    pub fn located(&mut self, request: &Request) -> Option<Step> {
        if !self.current(request) {
            return None;
        }
        let (chain, work_tree) = self.chains.get(request.path.parent()?)?;
        let hierarchy = Arc::clone(self.hierarchies.get(chain)?);
        let (chain, work_tree) = (chain.clone(), work_tree.clone());
        Some(self.step(request, chain, work_tree, hierarchy))
    }

    /// The configuration cached for a loaded chain and the overrides
    /// matching the document, else what is left to resolve.
    fn step(
        &mut self,
        request: &Request,
        chain: Vec<PathBuf>,
        work_tree: Option<PathBuf>,
        hierarchy: Arc<Hierarchy>,
    ) -> Step {
        let nearest = chain.first().cloned();
        let unconfigured = chain
            .is_empty()
            .then(|| (request.fallback.clone(), work_tree));
        let key = ((chain, hierarchy.matching(&request.path)), unconfigured);
        if let Some(config) = self.configs.get(&key) {
            let configured = Configured {
                config: Arc::clone(config),
                error: None,
                facts: None,
            };
            return Step::Done(self.conclude(request, configured));
        }
        Step::Configure(Pending {
            key,
            hierarchy,
            nearest,
        })
    }

    /// The last step under the lock: the configuration resolved off it goes
    /// into the cache, unless another document's resolution put one there
    /// first (then that one is used, so documents sharing a key share one
    /// configuration), and into the document. When a project rule needs
    /// the project's facts, the configuration is provisional and comes with
    /// the [`FactsJob`] that completes it off the lock; the document is
    /// analysed at once and again when the facts arrive. `None`: the
    /// request was superseded.
    pub fn settle(
        &mut self,
        request: &Request,
        pending: Pending,
        resolved: Result<(Config, bool), ConfigError>,
    ) -> Option<Configured> {
        if !self.current(request) {
            return None;
        }
        let configured = match resolved {
            Err(error) => self.broken(&pending.nearest, error),
            Ok(_) if self.configs.contains_key(&pending.key) => Configured {
                config: Arc::clone(&self.configs[&pending.key]),
                error: None,
                facts: None,
            },
            Ok((config, wants_facts)) => {
                let config = Arc::new(config);
                self.configs
                    .insert(pending.key.clone(), Arc::clone(&config));
                let facts = if wants_facts {
                    self.gathering.push(Arc::clone(&config));
                    Some(FactsJob {
                        key: pending.key,
                        hierarchy: pending.hierarchy,
                        provisional: Arc::clone(&config),
                        path: request.path.clone(),
                        overrides: request.overrides.clone(),
                        fallback: request.fallback.clone(),
                    })
                } else {
                    self.last_good.insert(pending.nearest, Arc::clone(&config));
                    None
                };
                Configured {
                    config,
                    error: None,
                    facts,
                }
            }
        };
        Some(self.conclude(request, configured))
    }

    /// Gives the request's document its configuration.
    fn conclude(&mut self, request: &Request, configured: Configured) -> Configured {
        if let Some(document) = self.documents.get_mut(&request.uri) {
            document.resolving = None;
            document.set_config(Arc::clone(&configured.config));
        }
        configured
    }

    /// Records the folders of `chain`'s files that no watcher covers yet.
    fn note_chain(&mut self, chain: &[PathBuf]) {
        for file in chain {
            let Some(folder) = file.parent() else {
                continue;
            };
            let inside = self.roots.iter().any(|root| folder.starts_with(root));
            if !inside && self.watched.insert(folder.to_path_buf()) {
                self.unwatched.push(folder.to_path_buf());
            }
        }
    }

    /// The folders outside the workspace folders whose configuration files
    /// a document's configuration now depends on, not yet watched: the
    /// client is asked to watch them, so that an edit to a file a package
    /// extends reloads it too.
    pub fn take_unwatched(&mut self) -> Vec<PathBuf> {
        std::mem::take(&mut self.unwatched)
    }

    /// A broken configuration file's answer: the error, and the last
    /// configuration that loaded from it (or the defaults) in force.
    fn broken(&self, key: &Option<PathBuf>, error: ConfigError) -> Configured {
        Configured {
            config: self
                .last_good
                .get(key)
                .cloned()
                .unwrap_or_else(|| Arc::new(Config::default())),
            error: Some(error),
            facts: None,
        }
    }

    /// Puts a configuration completed with its facts (`None`: they could
    /// not be gathered, the provisional one stays) in place of the
    /// provisional one, for the cache and every document using it, unless
    /// a reload replaced it meanwhile. Returns the documents to analyse
    /// again: those the facts can judge ([`Config::reads_project`]), or all
    /// of them when the policy files found changed meanwhile. Any other
    /// document's analysis under the provisional configuration, published
    /// or still running, is the one the completed configuration would give,
    /// and is left standing: analysing it again would cancel it (see
    /// [`Session::start_analysis`]) and make its first diagnostics wait for
    /// a second, identical analysis (e27: every opened file parsed twice).
    pub fn complete(&mut self, job: &FactsJob, config: Option<Config>) -> Vec<Uri> {
        self.gathering.retain(|c| !Arc::ptr_eq(c, &job.provisional));
        let current = self.configs.get(&job.key);
        if !current.is_some_and(|c| Arc::ptr_eq(c, &job.provisional)) {
            return Vec::new();
        }
        let config = match config {
            Some(config) => Arc::new(config),
            None => Arc::clone(&job.provisional),
        };
        self.configs.insert(job.key.clone(), Arc::clone(&config));
        self.last_good
            .insert(job.key.0 .0.first().cloned(), Arc::clone(&config));
        let same_rules = config.same_policy_files(&job.provisional);
        let mut uris = Vec::new();
        for (uri, document) in &mut self.documents {
            if Arc::ptr_eq(&document.config, &job.provisional) {
                document.set_config(Arc::clone(&config));
                let text = || document.text();
                if !same_rules || config.reads_project(&document.path, document.language, text) {
                    uris.push(uri.clone());
                }
            }
        }
        uris
    }

    /// Whether `document` waits for its project facts to be analysed: its
    /// configuration is provisional (they are being gathered) and they
    /// judge it (a dotenv file, the env template, `.gitignore`), so that an
    /// analysis now would first tell the editor "no problem", then the real
    /// answer (a20 #5). Their arrival ([`Session::complete`]) analyses it.
    /// Any other document is analysed at once, its project findings
    /// following.
    pub fn awaits_facts(&self, document: &TextDocument) -> bool {
        credlint_core::project::judged_by_walk(&document.path)
            && (self.gathering.iter()).any(|c| Arc::ptr_eq(c, &document.config))
    }

    /// Forgets resolved configurations (a file or the client settings
    /// changed) and asks for every open document's again; documents keep
    /// their configuration until the new one is settled. Any resolution
    /// still under way, of an earlier reload or an opening, is superseded.
    pub fn begin_reload(&mut self) -> (u64, Vec<Request>) {
        self.configs.clear();
        self.hierarchies.clear();
        self.chains.clear();
        self.generation += 1;
        let uris: Vec<Uri> = self.documents.keys().cloned().collect();
        let requests = uris.iter().filter_map(|uri| self.request(uri)).collect();
        (self.generation, requests)
    }

    /// Whether no reload began after the one `generation` names.
    pub fn is_generation(&self, generation: u64) -> bool {
        self.generation == generation
    }
}

/// What resolving one document's configuration off the session lock needs,
/// handed out under it ([`Session::open`], [`Session::begin_reload`]).
#[derive(Clone)]
pub struct Request {
    pub uri: Uri,
    pub path: PathBuf,
    pub overrides: Overrides,
    /// The project root outside a configured project and a git work tree.
    pub fallback: PathBuf,
    /// The reload this request belongs to: a later one empties the caches,
    /// so this one's results are discarded.
    generation: u64,
    /// The document takes this request's result only while it is the
    /// latest asked for it.
    ticket: u64,
}

/// [`Session::locate`]'s answer.
pub enum Step {
    /// Configured from the cache, or a broken configuration file.
    Done(Configured),
    /// A configuration to compile and look at the project root for.
    Configure(Pending),
}

/// A configuration to resolve off the lock (see [`super::resolve::configure`]).
pub struct Pending {
    key: Key,
    pub hierarchy: Arc<Hierarchy>,
    nearest: Option<PathBuf>,
}

impl Pending {
    /// The `[[overrides]]` entries matching the document.
    pub fn matching(&self) -> &[usize] {
        &self.key.0 .1
    }
}

/// A document's configuration as the session settled it.
pub struct Configured {
    pub config: Arc<Config>,
    pub error: Option<ConfigError>,
    /// The project facts still to gather, when a project rule needs them.
    pub facts: Option<FactsJob>,
}

/// The slowest part of resolving a configuration, run off the session
/// lock (see [`super::resolve::facts`]): the same resolution the command
/// line does, facts included.
pub struct FactsJob {
    key: Key,
    /// The configuration files as read for the provisional configuration:
    /// not read again.
    pub hierarchy: Arc<Hierarchy>,
    provisional: Arc<Config>,
    pub path: PathBuf,
    pub overrides: Overrides,
    pub fallback: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::super::document::testing::{opened_at, parsed_as_analysed};
    use super::*;
    use crate::document::Language;
    use crate::workspace::blocking;

    fn open(session: &mut Session, path: &str) -> Request {
        let uri = Uri::from_file_path(path).unwrap();
        session.open(uri, opened_at(path, Language::Python, "x = 1\n", 1))
    }

    /// What `resolve::locate` finds for a file no configuration file governs.
    fn unconfigured() -> Located {
        Located {
            chain: Vec::new(),
            hierarchy: crate::workspace::hierarchy(Vec::new(), &Overrides::default()),
            work_tree: None,
        }
    }

    fn pending(step: Option<Step>) -> Pending {
        match step {
            Some(Step::Configure(pending)) => pending,
            Some(Step::Done(_)) => panic!("answered from the cache"),
            None => panic!("superseded"),
        }
    }

    /// An analysis still running for a closed document is never the
    /// latest of the document opened again at the same path and version:
    /// its result would be published over the new text's (a11 #3).
    #[test]
    fn a_reopened_document_does_not_take_the_closed_ones_analysis() {
        let mut session = Session::default();
        let uri = Uri::from_file_path("/p/app.py").unwrap();
        open(&mut session, "/p/app.py");
        let (old, _) = session.start_analysis(&uri).unwrap();
        session.documents.remove(&uri);
        open(&mut session, "/p/app.py");
        let (new, document) = session.start_analysis(&uri).unwrap();
        assert_eq!(document.version, 1);
        assert_ne!(old, new);
        assert_eq!(session.documents[&uri].analysis, new);
        assert!(session
            .start_analysis(&Uri::from_file_path("/p/gone.py").unwrap())
            .is_none());
    }

    /// A newer analysis of a document raises the cancellation flag of the
    /// one it supersedes, whose parses then stop, and only that one's: the
    /// newest runs on, and other documents' analyses are left alone.
    #[test]
    fn a_newer_analysis_cancels_the_one_it_supersedes() {
        use std::sync::atomic::Ordering;
        let mut session = Session::default();
        let uri = Uri::from_file_path("/p/app.py").unwrap();
        let other = Uri::from_file_path("/p/other.py").unwrap();
        open(&mut session, "/p/app.py");
        open(&mut session, "/p/other.py");
        let first = Arc::clone(&session.start_analysis(&uri).unwrap().1.cancel);
        let unrelated = Arc::clone(&session.start_analysis(&other).unwrap().1.cancel);
        assert!(!first.load(Ordering::Relaxed));
        let second = Arc::clone(&session.start_analysis(&uri).unwrap().1.cancel);
        assert!(
            first.load(Ordering::Relaxed),
            "the superseded analysis stops"
        );
        assert!(!second.load(Ordering::Relaxed), "the newest runs on");
        assert!(!unrelated.load(Ordering::Relaxed));
        // Its parses stop: a cancelled analysis parses nothing (a parse
        // checks its flag every hundred or so steps: a few lines would end
        // before the first check).
        let text = "fn main() {\n    let x = 1;\n}\n".repeat(200);
        let _cancellation = crate::syntax::cancel_on(first);
        assert!(crate::syntax::parse(Language::Rust, &text, None).is_none());
    }

    /// Only the documents edited last keep a syntax tree; an opened one
    /// has none until its first edit, and one that lost its tree gets it
    /// back (parsed whole) when edited again. (Each has a finding: a Python
    /// document without one keeps no tree at all.)
    #[test]
    fn only_the_documents_edited_last_keep_a_tree() {
        use tower_lsp_server::lsp_types::{Position, Range, TextDocumentContentChangeEvent};
        let mut session = Session::default();
        let uris: Vec<Uri> = (0..TREES_KEPT + 3)
            .map(|i| {
                let path = format!("/project/m{i}.py");
                let uri = Uri::from_file_path(&path).unwrap();
                let text = "password = \"Tr0ub4dor&3xK\"\n";
                session.open(uri.clone(), opened_at(&path, Language::Python, text, 1));
                uri
            })
            .collect();
        let trees = |session: &Session| -> Vec<bool> {
            uris.iter()
                .map(|u| session.documents[u].tree().is_some())
                .collect()
        };
        assert!(
            trees(&session).iter().all(|t| !t),
            "opened documents keep no tree"
        );
        let edit = |session: &mut Session, uri: &Uri, version: i32| {
            let at = Position::new(0, 0);
            let change = TextDocumentContentChangeEvent {
                range: Some(Range::new(at, at)),
                range_length: None,
                text: "y = 2\n".into(),
            };
            assert!(session.edited(uri, &[change], version));
            // As the server does once the document's diagnostics are out.
            let document = session.documents.get_mut(uri).unwrap();
            document.findings = crate::check(&document.snapshot(), &Config::default());
            assert!(!document.findings.is_empty());
            document.reparse_now();
        };
        for uri in &uris {
            edit(&mut session, uri, 2);
        }
        let kept = trees(&session);
        assert_eq!(kept.iter().filter(|t| **t).count(), TREES_KEPT);
        assert!(
            kept[uris.len() - TREES_KEPT..].iter().all(|t| *t),
            "{kept:?}"
        );
        // The least recently edited one, edited again, parses whole.
        edit(&mut session, &uris[0], 3);
        assert!(session.documents[&uris[0]].tree().is_some());
        assert_eq!(
            session.documents[&uris[0]].text(),
            "y = 2\ny = 2\npassword = \"Tr0ub4dor&3xK\"\n"
        );
        assert_eq!(trees(&session).iter().filter(|t| **t).count(), TREES_KEPT);
    }

    /// An opened Rust document keeps the tree its first analysis parsed,
    /// but of the documents not edited since they were opened only the
    /// [`OPENED_TREES_KEPT`] opened last keep theirs; an edited one's tree
    /// outlasts them.
    #[test]
    fn only_the_documents_opened_last_keep_their_opening_s_tree() {
        let mut session = Session::default();
        let open = |session: &mut Session, i: usize| {
            let path = format!("/project/m{i}.rs");
            let uri = Uri::from_file_path(&path).unwrap();
            session.open(
                uri.clone(),
                opened_at(&path, Language::Rust, "fn f() {}\n", 1),
            );
            // As the opening's analysis does.
            let document = session.documents.get_mut(&uri).unwrap();
            let tree = parsed_as_analysed(document);
            assert!(document.parsed(1, tree).is_none());
            session.keep_trees();
            uri
        };
        let first = open(&mut session, 0);
        let change = tower_lsp_server::lsp_types::TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "fn g() {}\n".into(),
        };
        assert!(session.edited(&first, &[change], 2));
        let tree = parsed_as_analysed(&session.documents[&first]);
        session.documents.get_mut(&first).unwrap().parsed(2, tree);
        let opened: Vec<Uri> = (1..=OPENED_TREES_KEPT + 2)
            .map(|i| open(&mut session, i))
            .collect();
        let kept: Vec<bool> = (opened.iter())
            .map(|u| session.documents[u].keeps_tree())
            .collect();
        assert_eq!(kept, [false, false, true, true]);
        assert!(session.documents[&first].keeps_tree(), "edited: kept");
    }

    /// A session whose one workspace root is `/nowhere`, a folder that
    /// does not exist: the tests hand it configurations themselves.
    fn in_nowhere() -> Session {
        Session {
            roots: vec![PathBuf::from("/nowhere")],
            ..Session::default()
        }
    }

    /// Two documents of one project resolved at once share the first
    /// configuration settled; the second finds it in the cache. Every step
    /// runs on a thread marked as holding the lock: the session does no I/O.
    #[test]
    fn the_first_configuration_settled_is_shared() {
        let mut session = in_nowhere();
        let _mark = blocking::forbid();
        let a = open(&mut session, "/nowhere/a.py");
        let b = open(&mut session, "/nowhere/b.py");
        let pending_a = pending(session.locate(&a, unconfigured()));
        let pending_b = pending(session.locate(&b, unconfigured()));
        assert!(!session.documents[&a.uri].configured);
        let first = session
            .settle(&a, pending_a, Ok((Config::default(), false)))
            .unwrap();
        let second = session
            .settle(&b, pending_b, Ok((Config::default(), false)))
            .unwrap();
        assert!(Arc::ptr_eq(&first.config, &second.config));
        assert!(session.documents[&b.uri].configured);
        assert!(Arc::ptr_eq(
            &session.documents[&b.uri].config,
            &first.config
        ));
        let c = open(&mut session, "/nowhere/c.py");
        match session.locate(&c, unconfigured()) {
            Some(Step::Done(configured)) => {
                assert!(Arc::ptr_eq(&configured.config, &first.config))
            }
            _ => panic!("not answered from the cache"),
        }
    }

    /// The facts completing a provisional configuration analyse again only
    /// the documents they can judge (a dotenv file here): a code file's
    /// analysis under the provisional one stands (e27), and it takes the
    /// completed configuration all the same.
    #[test]
    fn completed_facts_analyse_again_only_the_documents_they_judge() {
        let mut session = in_nowhere();
        let _mark = blocking::forbid();
        let code = open(&mut session, "/nowhere/app.py");
        let dotenv = open(&mut session, "/nowhere/.env");
        let pending_code = pending(session.locate(&code, unconfigured()));
        let job = (session.settle(&code, pending_code, Ok((Config::default(), true))))
            .and_then(|configured| configured.facts)
            .expect("facts to gather");
        match session.locate(&dotenv, unconfigured()) {
            Some(Step::Done(shared)) => assert!(shared.facts.is_none(), "one gathering"),
            _ => panic!("not answered from the cache"),
        }
        assert!(session.awaits_facts(&session.documents[&dotenv.uri]));
        let again = session.complete(&job, Some(Config::default()));
        assert_eq!(again, std::slice::from_ref(&dotenv.uri));
        let completed = &session.documents[&code.uri].config;
        assert!(Arc::ptr_eq(
            completed,
            &session.documents[&dotenv.uri].config
        ));
        assert!(!session.awaits_facts(&session.documents[&code.uri]));
    }

    /// A document opened in a folder whose chain loaded for another one is
    /// located from the session, with no look for configuration files; not
    /// one in another folder, nor any after a reload.
    #[test]
    fn a_folder_s_chain_is_remembered_until_a_reload() {
        let mut session = in_nowhere();
        let _mark = blocking::forbid();
        let a = open(&mut session, "/nowhere/a.py");
        assert!(session.located(&a).is_none());
        let pending_a = pending(session.locate(&a, unconfigured()));
        let first = session
            .settle(&a, pending_a, Ok((Config::default(), false)))
            .unwrap();
        let b = open(&mut session, "/nowhere/b.py");
        match session.located(&b) {
            Some(Step::Done(configured)) => {
                assert!(Arc::ptr_eq(&configured.config, &first.config))
            }
            _ => panic!("not located from the session"),
        }
        let elsewhere = open(&mut session, "/nowhere/sub/c.py");
        assert!(session.located(&elsewhere).is_none());
        let (_, requests) = session.begin_reload();
        assert!(requests.iter().all(|r| session.located(r).is_none()));
    }

    /// A resolution under way when a reload begins, or when its document
    /// is closed or opened again, changes nothing: neither the document nor
    /// the caches.
    #[test]
    fn superseded_resolutions_are_discarded() {
        let mut session = Session::default();
        let _mark = blocking::forbid();
        let before = open(&mut session, "/nowhere/a.py");
        let pending_before = pending(session.locate(&before, unconfigured()));
        let (_, requests) = session.begin_reload();
        assert!(!session.current(&before));
        assert!(session
            .settle(&before, pending_before, Ok((Config::default(), false)))
            .is_none());
        assert!(session.locate(&before, unconfigured()).is_none());
        assert!(!session.documents[&before.uri].configured);
        assert!(session.configs.is_empty());
        let [reloaded] = &requests[..] else {
            panic!("{} requests", requests.len())
        };
        let reopened = open(&mut session, "/nowhere/a.py");
        assert!(session.locate(reloaded, unconfigured()).is_none());
        session.documents.remove(&reopened.uri);
        assert!(session.locate(&reopened, unconfigured()).is_none());
        assert!(session.hierarchies.is_empty());
    }
}
