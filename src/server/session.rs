//! The server's state: open documents, workspace roots, client settings and
//! the configurations in force.
//!
//! Every mutation happens here, synchronously, under one lock held by the
//! handler; analysis runs on a snapshot after the lock is released.

use super::document::TextDocument;
use crate::config::{Config, ConfigError, Hierarchy};
use crate::workspace::{self, ConfigKey, Overrides};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::lsp_types::Uri;
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
/// fallback project root, so that such files in two workspace folders do not
/// share one folder's policy files and facts.
type Key = (ConfigKey, Option<PathBuf>);

#[derive(Default)]
pub struct Session {
    pub documents: HashMap<Uri, TextDocument>,
    pub roots: Vec<PathBuf>,
    pub settings: ClientSettings,
    /// Whether the client lets the server register for file-watch events.
    pub watch_registration: bool,
    /// What the client's workspace edits can carry.
    pub edits: EditSupport,
    /// Resolved configurations by chain of configuration files and the
    /// overrides matching.
    configs: HashMap<Key, Arc<Config>>,
    /// Each chain of configuration files, loaded and checked.
    hierarchies: HashMap<Vec<PathBuf>, Arc<Hierarchy>>,
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
    /// Files not open in the editor whose diagnostics a workspace scan
    /// published: a removed workspace folder takes them away.
    pub scanned: HashSet<Uri>,
}

impl Session {
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

    /// The configuration for a file: its chain of configuration files and
    /// the overrides matching it, with the client's settings on top. A
    /// broken file (the nearest or one it extends) is reported, and the last
    /// configuration that loaded (or the defaults) stays in force.
    ///
    /// Only the cheap part runs here, under the session lock: finding and
    /// reading the configuration file and looking at the project root for
    /// the policy's files. When a project rule needs the project's facts (a
    /// walk for settings modules and git), the configuration is returned
    /// without them, with the [`FactsJob`] that completes it off the lock;
    /// the document is analysed at once and again when the facts arrive.
    pub fn config_for(&mut self, path: &Path) -> Configured {
        let (chain, found) = workspace::find_keyed(path);
        self.note_chain(&chain);
        let nearest = chain.first().cloned();
        let overrides = self.settings.overrides();
        let hierarchy = match (self.hierarchies.get(&chain), found) {
            (_, Err(error)) => return self.broken(&nearest, error),
            (Some(hierarchy), Ok(_)) => Arc::clone(hierarchy),
            (None, Ok(found)) => match workspace::hierarchy(found, &overrides) {
                Ok(hierarchy) => {
                    let hierarchy = Arc::new(hierarchy);
                    self.hierarchies
                        .insert(chain.clone(), Arc::clone(&hierarchy));
                    hierarchy
                }
                Err(error) => return self.broken(&nearest, error),
            },
        };
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
        let unconfigured = chain.is_empty().then(|| fallback.clone());
        let key = ((chain, hierarchy.matching(path)), unconfigured);
        if let Some(config) = self.configs.get(&key) {
            return Configured {
                config: Arc::clone(config),
                error: None,
                facts: None,
            };
        }
        match workspace::configure(&hierarchy, &key.0 .1, &overrides) {
            Ok(mut config) => {
                let wants_facts = workspace::attach_policy_files(&mut config, path, &fallback);
                let config = Arc::new(config);
                self.configs.insert(key.clone(), Arc::clone(&config));
                let facts = match wants_facts {
                    Some(_) => Some(FactsJob {
                        key,
                        hierarchy,
                        provisional: Arc::clone(&config),
                        path: path.to_path_buf(),
                        overrides,
                        fallback,
                    }),
                    None => {
                        self.last_good.insert(nearest, Arc::clone(&config));
                        None
                    }
                };
                Configured {
                    config,
                    error: None,
                    facts,
                }
            }
            Err(error) => self.broken(&nearest, error),
        }
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

    /// Puts a configuration completed with its facts in place of the
    /// provisional one, for the cache and every document using it, unless
    /// a reload replaced it meanwhile. Returns the documents to analyse again.
    pub fn complete(&mut self, job: &FactsJob, config: Config) -> Vec<Uri> {
        let current = self.configs.get(&job.key);
        if !current.is_some_and(|c| Arc::ptr_eq(c, &job.provisional)) {
            return Vec::new();
        }
        let config = Arc::new(config);
        self.configs.insert(job.key.clone(), Arc::clone(&config));
        self.last_good
            .insert(job.key.0 .0.first().cloned(), Arc::clone(&config));
        let mut uris = Vec::new();
        for (uri, document) in &mut self.documents {
            if Arc::ptr_eq(&document.config, &job.provisional) {
                document.config = Arc::clone(&config);
                uris.push(uri.clone());
            }
        }
        uris
    }

    /// Forgets resolved configurations (a file or the client settings changed)
    /// and re-resolves every open document's. Returns the errors met, once
    /// each, and the facts to gather.
    pub fn reload(&mut self) -> (Vec<ConfigError>, Vec<FactsJob>) {
        self.configs.clear();
        self.hierarchies.clear();
        let paths: Vec<(Uri, PathBuf)> = self
            .documents
            .iter()
            .map(|(uri, d)| (uri.clone(), d.path.clone()))
            .collect();
        let mut errors: Vec<ConfigError> = Vec::new();
        let mut jobs = Vec::new();
        for (uri, path) in paths {
            let configured = self.config_for(&path);
            if let Some(error) = configured.error {
                if !errors
                    .iter()
                    .any(|e| e.path == error.path && e.message == error.message)
                {
                    errors.push(error);
                }
            }
            jobs.extend(configured.facts);
            if let Some(document) = self.documents.get_mut(&uri) {
                document.config = configured.config;
            }
        }
        (errors, jobs)
    }
}

/// A document's configuration as [`Session::config_for`] found it.
pub struct Configured {
    pub config: Arc<Config>,
    pub error: Option<ConfigError>,
    /// The project facts still to gather, when a project rule needs them.
    pub facts: Option<FactsJob>,
}

/// The slow part of resolving a configuration, run off the session lock:
/// the same resolution the command line does, facts included.
pub struct FactsJob {
    key: Key,
    /// The configuration files as read under the lock: not read again.
    hierarchy: Arc<Hierarchy>,
    provisional: Arc<Config>,
    path: PathBuf,
    overrides: Overrides,
    fallback: PathBuf,
}

impl FactsJob {
    /// The configuration with the project's facts (blocking: a walk and
    /// git). The configuration file is the one read under the lock; if it
    /// changed since, the reload the change triggers replaces this.
    pub fn run(&self) -> Option<Config> {
        workspace::resolve_in(&self.hierarchy, &self.path, &self.overrides, &self.fallback).ok()
    }
}
