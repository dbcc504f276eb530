//! The server's state: open documents, workspace roots, client settings and
//! the configurations in force.
//!
//! Every mutation happens here, synchronously, under one lock held by the
//! handler; analysis runs on a snapshot after the lock is released.

use super::document::TextDocument;
use crate::config::{Config, ConfigError};
use crate::workspace::{self, Overrides};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::lsp_types::Uri;

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

#[derive(Default)]
pub struct Session {
    pub documents: HashMap<Uri, TextDocument>,
    pub roots: Vec<PathBuf>,
    pub settings: ClientSettings,
    /// Whether the client lets the server register for file-watch events.
    pub watch_registration: bool,
    /// Resolved configurations by configuration file (`None`: the defaults).
    configs: HashMap<Option<PathBuf>, Arc<Config>>,
    /// The last configuration that loaded from each file, kept across reloads
    /// so that a broken edit does not drop the project's settings.
    last_good: HashMap<Option<PathBuf>, Arc<Config>>,
}

impl Session {
    pub fn enabled(&self) -> bool {
        self.settings.enable.unwrap_or(true)
    }

    /// The configuration for a file: the nearest configuration file, with
    /// the client's settings on top. A broken file is reported, and the last
    /// configuration that loaded (or the defaults) stays in force.
    pub fn config_for(&mut self, path: &Path) -> (Arc<Config>, Option<ConfigError>) {
        let found = workspace::find(path);
        let key = match &found {
            Ok(Some((source, _))) => Some(source.path.clone()),
            Ok(None) => None,
            Err(error) => error.path.clone(),
        };
        if let Some(config) = self.configs.get(&key) {
            if found.is_ok() {
                return (Arc::clone(config), None);
            }
        }
        // Outside a configured project and a git work tree, the project is
        // the workspace folder holding the file (the command line's is its
        // working folder).
        let fallback = self
            .roots
            .iter()
            .find(|r| path.starts_with(r))
            .cloned()
            .or_else(|| path.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let overrides = self.settings.overrides();
        let resolved =
            found.and_then(|found| workspace::resolve(found, path, &overrides, &fallback));
        match resolved {
            Ok(config) => {
                let config = Arc::new(config);
                self.configs.insert(key.clone(), Arc::clone(&config));
                self.last_good.insert(key, Arc::clone(&config));
                (config, None)
            }
            Err(error) => {
                let fallback = self
                    .last_good
                    .get(&key)
                    .cloned()
                    .unwrap_or_else(|| Arc::new(Config::default()));
                (fallback, Some(error))
            }
        }
    }

    /// Forgets resolved configurations (a file or the client settings changed)
    /// and re-resolves every open document's. Returns the errors met, once each.
    pub fn reload(&mut self) -> Vec<ConfigError> {
        self.configs.clear();
        let paths: Vec<(Uri, PathBuf)> = self
            .documents
            .iter()
            .map(|(uri, d)| (uri.clone(), d.path.clone()))
            .collect();
        let mut errors: Vec<ConfigError> = Vec::new();
        for (uri, path) in paths {
            let (config, error) = self.config_for(&path);
            if let Some(error) = error {
                if !errors
                    .iter()
                    .any(|e| e.path == error.path && e.message == error.message)
                {
                    errors.push(error);
                }
            }
            if let Some(document) = self.documents.get_mut(&uri) {
                document.config = config;
            }
        }
        errors
    }
}
