//! The blocking half of resolving a document's configuration: finding and
//! reading its configuration files, looking at its project root for the
//! policy's files (a folder read, perhaps `git rev-parse`), and gathering
//! the project facts (a walk and git).
//!
//! Nothing here sees the [`Session`](super::session::Session): these
//! functions take what the session handed out under its lock (a
//! [`Request`], a [`Pending`] resolution, a [`FactsJob`]) and return what
//! it takes back, and the server runs them on blocking threads with the
//! lock released. The session's own methods are pure data operations; the
//! workspace layer's I/O panics in debug builds on a thread holding the
//! session lock (see [`crate::workspace::blocking`]).

use super::session::{FactsJob, Pending, Request};
use crate::config::{Config, ConfigError, Hierarchy};
use crate::workspace;
use std::path::PathBuf;

/// A document's chain of configuration files, found and loaded.
pub struct Located {
    /// The chain's paths, nearest first (the cache key's first part); after
    /// an error, the files read before it and the broken one.
    pub chain: Vec<PathBuf>,
    pub hierarchy: Result<Hierarchy, ConfigError>,
    /// The work tree holding the document, its project root when the
    /// chain is empty (see [`workspace::work_tree`]).
    pub work_tree: Option<PathBuf>,
}

/// Finds and reads the configuration files governing the request's
/// document and loads them (the session keeps the first load of a chain).
pub fn locate(request: &Request) -> Located {
    let (chain, found) = workspace::find_keyed(&request.path);
    let hierarchy = found.and_then(|found| workspace::hierarchy(found, &request.overrides));
    let work_tree = chain
        .is_empty()
        .then(|| workspace::work_tree(&request.path))
        .flatten();
    Located {
        chain,
        hierarchy,
        work_tree,
    }
}

/// Whether every front leaves the request's document out of its runs (see
/// [`workspace::Configs::is_excluded`]): the editor then shows it no
/// diagnostics, as ruff's server does for the files ruff excludes.
pub fn excluded(request: &Request) -> bool {
    let configs = workspace::Configs::new(request.overrides.clone(), request.fallback.clone());
    configs.is_excluded(&request.path, false)
}

/// The configuration a located chain gives the document, with the policy's
/// files at its project root recorded; `true` when a project rule then
/// needs the project's facts.
pub fn configure(request: &Request, pending: &Pending) -> Result<(Config, bool), ConfigError> {
    let mut config =
        workspace::configure(&pending.hierarchy, pending.matching(), &request.overrides)?;
    let wants_facts =
        workspace::attach_policy_files(&mut config, &request.path, &request.fallback).is_some();
    Ok((config, wants_facts))
}

/// The configuration with the project's facts: the same resolution the
/// command line does. The configuration files are the ones read for the
/// provisional configuration; if one changed since, the reload the change
/// triggers replaces this.
pub fn facts(job: &FactsJob) -> Option<Config> {
    let hierarchy: &Hierarchy = &job.hierarchy;
    workspace::resolve_in(hierarchy, &job.path, &job.overrides, &job.fallback).ok()
}
