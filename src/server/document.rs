//! An open editor buffer: a rope for cheap ranged edits, and, while it is
//! being edited, a syntax tree kept up to date incrementally (`Tree::edit`,
//! then a parse that reuses the old tree), so a keystroke in a large file
//! reparses only what changed.
//!
//! A tree with a syntax error is kept for the next edit to reuse, not
//! read: the engine analyses a fresh parse of the text instead, item by
//! item with what it remembers of the items that did not change. Error
//! recovery can depend on the edit history (the fuzzer found an unclosed
//! string whose incremental parse kept a statement a fresh parse drops);
//! from a fresh parse, the editor's findings on broken code are the
//! command line's, whatever edits led there.
//!
//! A tree costs about a thousand bytes per line, so only the documents being
//! edited keep one, and only while they need it: an opened Python
//! document is analysed as the command line analyses a file (parsing only
//! the statements around what the prefilter found) and its first edit
//! parses it whole; an opened Rust document is parsed whole by its first
//! analysis, which keeps the tree for its first edit; the session drops the trees of the documents edited least
//! recently beyond a few (see [`super::session::Session::edited`]) and of
//! the documents left alone for a while (see `TREE_IDLE` in the server),
//! and a Python document without findings keeps none (see
//! [`TextDocument::needs_tree`]). A quick fix asked of a document without
//! a tree parses the text itself.
//!
//! Only Rust's tree is analysed (see [`crate::syntax::reads_trees`]), so
//! only Rust reparses before its diagnostics: in its version's analysis,
//! off the session lock, so that an edit holds the lock for no parse and a
//! version superseded before its analysis starts is never parsed. A Python document's tree
//! serves quick fixes alone: it is reparsed once the document's edits
//! pause, off the session lock, and edits made meanwhile are applied to the
//! tree that parse returns.

use super::position;
use crate::config::Config;
use crate::document::{Document, Language};
use crate::finding::Finding;
use ropey::Rope;
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp_server::lsp_types::TextDocumentContentChangeEvent;
use tree_sitter::{InputEdit, Tree};

#[derive(Clone)]
pub struct TextDocument {
    pub path: PathBuf,
    pub language: Language,
    pub version: i32,
    /// The text, held once: the engine's copy ([`TextDocument::snapshot`])
    /// and the quick fixes' ([`TextDocument::text`]) are made when needed
    /// and dropped with the work they serve.
    pub rope: Rope,
    /// The last parse, kept for the next edit to reuse; analysed only when
    /// `valid`.
    tree: Option<Tree>,
    /// Whether `tree` has no syntax error.
    valid: bool,
    /// Whether the text was edited since `tree` was parsed (the tree has
    /// been edited to match, awaiting a reparse), or, for a document whose
    /// tree the engine reads, opened and not parsed yet.
    stale: bool,
    /// The edits made since a reparse off the session lock started, all of
    /// them later than the text it parses (`None`: the whole text was
    /// replaced), to bring the tree it returns up to date (see
    /// [`TextDocument::set_tree`]).
    /// `None` when no such reparse is under way.
    since_reparse: Option<Vec<Option<InputEdit>>>,
    /// Whether the document has not been edited since it was opened: its
    /// analyses read it once ([`Document::read_once`]), remembering nothing
    /// of its items for a next version most opened documents never get.
    unedited: bool,
    /// When the document was last edited, on the session's clock: the
    /// documents edited least recently lose their trees first.
    pub edited: u64,
    pub config: Arc<Config>,
    /// The findings last published for this document, for code actions and hovers.
    pub findings: Vec<Finding>,
    /// The version `findings` were computed on. Between an edit and its
    /// analysis the findings' byte spans describe the older text, and a fix
    /// built from them would land in the wrong place.
    pub findings_version: Option<i32>,
    /// What the engine keeps of the last analysis (a Python document's),
    /// with the configuration it was made with: the next version is
    /// analysed from it, statement by statement
    /// ([`crate::incremental::reanalyse`]), while the configuration is the
    /// same.
    pub previous: Option<(Arc<Config>, Arc<crate::incremental::Previous>)>,
    /// The diagnostics last published for a version read from a broken
    /// tree (see [`TextDocument::analysis_input`]), with that version: its
    /// settled analysis publishes only when it finds otherwise. `None`
    /// after any other publish.
    pub unsettled: Option<(i32, Vec<tower_lsp_server::lsp_types::Diagnostic>)>,
    /// Whether the document was over `max-file-size` when last analysed (the
    /// user is told when it goes over, once).
    pub told_too_large: bool,
    /// The ticket of the last analysis started (counted for the session, see
    /// [`super::session::Session::start_analysis`]): only its result is published. Analyses
    /// run concurrently (an edit, a configuration reload, project facts
    /// arriving), and one started on older settings may finish last.
    pub analysis: u64,
    /// Whether `config` is the document's own: an opened document waits,
    /// unanalysed, for its configuration to be resolved off the session
    /// lock.
    pub configured: bool,
    /// The configuration request this document takes the result of (see
    /// [`super::session::Request`]); `None` when none is under way.
    pub resolving: Option<u64>,
    /// Whether every command-line front leaves the file out (its
    /// configuration's `exclude` or `include`, or a folder above it
    /// excluded): it is then not analysed and gets no diagnostics. Judged
    /// with each configuration request, off the session lock.
    pub excluded: bool,
    /// Raised when an analysis newer than the last one started (see
    /// [`super::session::Session::start_analysis`]): the older one's parses
    /// stop early (see [`crate::syntax::cancel_on`]), since its result
    /// would not be published.
    pub cancel: Arc<std::sync::atomic::AtomicBool>,
    /// Whether the file's parent declares it as test-only code
    /// (`#[cfg(test)] mod x;`), as the workspace layer last judged from the
    /// parent's buffer or file (see `Backend::judge_modules`).
    pub test_module: bool,
}

impl TextDocument {
    pub fn new(
        path: PathBuf,
        language: Language,
        text: &str,
        version: i32,
        config: Arc<Config>,
    ) -> Self {
        TextDocument {
            path,
            language,
            version,
            rope: Rope::from_str(text),
            tree: None,
            valid: false,
            // A document whose tree the engine reads is parsed by its first
            // analysis, and keeps that tree for its first edit.
            stale: crate::syntax::reads_trees(language),
            since_reparse: None,
            unedited: true,
            edited: 0,
            config,
            findings: Vec::new(),
            findings_version: None,
            previous: None,
            unsettled: None,
            told_too_large: false,
            analysis: 0,
            configured: false,
            resolving: None,
            excluded: false,
            cancel: Arc::default(),
            test_module: false,
        }
    }

    /// Gives the document its configuration. A text over the new
    /// `max-file-size` drops its tree; one within it gets a tree at its
    /// next edit.
    pub fn set_config(&mut self, config: Arc<Config>) {
        self.config = config;
        self.configured = true;
        if !self.within_limit() {
            self.tree = None;
        }
    }

    /// Whether the text is within the configuration's `max-file-size`: a
    /// larger one is not parsed, and the engine checks it for provider
    /// tokens only.
    pub fn within_limit(&self) -> bool {
        self.len_bytes() as u64 <= self.config.max_file_size
    }

    /// Whether the text is within the read limit ([`Config::read_limit`]):
    /// a larger one is not analysed at all, as the command line skips such
    /// a file unread.
    pub fn readable(&self) -> bool {
        self.len_bytes() as u64 <= self.config.read_limit()
    }

    /// The text's length in bytes.
    pub fn len_bytes(&self) -> usize {
        self.rope.len_bytes()
    }

    /// A copy of the text, for work done off the session lock (quick
    /// fixes): the document itself keeps only its rope.
    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    /// The syntax tree of the current text, if the document keeps one, the
    /// parse finished and the text has no syntax error.
    pub fn tree(&self) -> Option<&Tree> {
        self.tree.as_ref().filter(|_| self.valid && !self.stale)
    }

    /// Whether the document keeps a tree, valid or not (what the session
    /// counts when it frees trees).
    pub fn keeps_tree(&self) -> bool {
        self.tree.is_some()
    }

    /// Whether the document has not been edited since it was opened.
    pub fn is_unedited(&self) -> bool {
        self.unedited
    }

    /// Whether a tree serves anything: Rust's is analysed; a Python
    /// document's serves only the quick fixes of its findings, so one
    /// without findings needs none (a finding that appears later gets its
    /// tree at the next pause in the edits, or from the quick fix that asks
    /// for it first).
    pub fn needs_tree(&self) -> bool {
        crate::syntax::reads_trees(self.language) || !self.findings.is_empty()
    }

    /// Frees the tree, and the one a reparse under way would bring; the
    /// next edit parses the document whole again.
    pub fn drop_tree(&mut self) {
        self.tree = None;
        self.stale = false;
        self.since_reparse = None;
    }

    /// Applies a batch of changes in order, editing the tree to match; no
    /// parse runs here, under the session lock. A document whose language
    /// the engine reads from a tree (see [`crate::syntax::reads_trees`]) is
    /// reparsed by the analysis of its version, off the lock (see
    /// [`TextDocument::analysis_input`]), so a version a newer one
    /// supersedes before its analysis starts is never parsed (a burst of
    /// keystrokes parses once, not once per key); any other keeps its
    /// edited tree for [`TextDocument::start_reparse`] to be reparsed once
    /// the edits pause, since only quick fixes need it.
    pub fn apply(&mut self, changes: &[TextDocumentContentChangeEvent], version: i32) {
        for change in changes {
            let edit = match change.range {
                None => {
                    self.rope = Rope::from_str(&change.text);
                    self.tree = None;
                    None
                }
                Some(range) => Some(self.apply_ranged(range, &change.text)),
            };
            if let Some(edits) = &mut self.since_reparse {
                edits.push(edit);
            }
        }
        self.version = version;
        self.stale = true;
        self.unedited = false;
        if !self.within_limit() {
            self.tree = None;
        }
    }

    /// What the analysis of the current version reads, copied under the
    /// lock: the snapshot (with the tree when it is current), and, for a
    /// document whose tree the engine reads and whose text was edited
    /// since its last parse, `Some(old)`: the tree to reparse it from off
    /// the lock (the last parse, edited to match; `None`: whole), which
    /// [`reparsed`] does and whose result goes back to the document through
    /// [`TextDocument::parsed`]. An opened document whose tree the engine
    /// reads is parsed whole by its first analysis, which reads that tree
    /// item by item and keeps it for the first edit (one parse, where the
    /// command line's reading of the file's parts and the first edit's
    /// whole parse were two or three); until that edit, what its items
    /// gave is not remembered ([`Document::read_once`]): of the many
    /// documents an editor opens, few are edited. A document that lost its tree has
    /// none, and is analysed as the command line analyses a file.
    ///
    /// Unless `settled`, a tree the engine reads is read even with a
    /// syntax error (see [`Document::reading_broken_tree`]): a keystroke
    /// costs an incremental reparse, not a fresh parse of the whole text.
    /// Error recovery can depend on the edit history, so once the edits
    /// pause a version read from a broken tree is analysed again,
    /// `settled`, from a fresh parse, as the command line reads the file
    /// (see [`TextDocument::tree_is_broken`]).
    pub fn analysis_input(&self, settled: bool) -> (Document, Option<Option<Tree>>) {
        let reads_trees = crate::syntax::reads_trees(self.language);
        let reparse =
            reads_trees && self.within_limit() && self.since_reparse.is_none() && self.stale;
        let snapshot = self.snapshot();
        let snapshot = if reads_trees && !settled {
            snapshot.reading_broken_tree()
        } else {
            snapshot
        };
        let snapshot = if self.unedited {
            snapshot.read_once()
        } else {
            snapshot
        };
        (snapshot, reparse.then(|| self.tree.clone()))
    }

    /// Whether the document's tree is current and has a syntax error: an
    /// analysis that read it (not `settled`, see
    /// [`TextDocument::analysis_input`]) read what error recovery made of
    /// this edit history, which a fresh parse may not.
    pub fn tree_is_broken(&self) -> bool {
        crate::syntax::reads_trees(self.language)
            && !self.stale
            && (self.tree.as_ref()).is_some_and(|t| t.root_node().has_error())
    }

    /// Keeps `tree`, which the analysis of `version` parsed (see
    /// [`TextDocument::analysis_input`]; `None`: it parsed nothing), when
    /// no edit or whole-text change came since and the tree was not
    /// dropped meanwhile; returns the tree it replaces or the one refused,
    /// for the caller to free once the lock is released (a whole tree's
    /// nodes take milliseconds to free).
    pub fn parsed(&mut self, version: i32, tree: Option<Tree>) -> Option<Tree> {
        let tree = tree?;
        if version != self.version || !self.stale || self.since_reparse.is_some() {
            return Some(tree);
        }
        let old = self.tree.take();
        self.keep(version, Some(tree));
        old
    }

    /// Starts a reparse off the session lock, when the tree does not match
    /// the text and none is under way: what it needs is the version, the
    /// language, the text (a rope shares its chunks: the caller copies
    /// the text out off the lock), and the old tree edited to match
    /// (`None`: parse whole). Its result goes to [`TextDocument::set_tree`].
    /// A document that does not need a tree ([`TextDocument::needs_tree`])
    /// drops the one it has instead.
    pub fn start_reparse(&mut self) -> Option<(i32, Language, Rope, Option<Tree>)> {
        if !self.needs_tree() {
            self.drop_tree();
            return None;
        }
        if !self.stale || !self.within_limit() || self.since_reparse.is_some() {
            return None;
        }
        self.since_reparse = Some(Vec::new());
        Some((
            self.version,
            self.language,
            self.rope.clone(),
            self.tree.clone(),
        ))
    }

    /// Keeps `tree`, parsed from the text of `version`. Edits made since
    /// are applied to it (a tree edited to match, awaiting the next
    /// reparse), so a reparse that took longer than a keystroke still
    /// spares the next one a parse of the whole text; one that replaced the
    /// whole text makes it worthless.
    /// A tree dropped while it was being parsed is not kept.
    pub fn set_tree(&mut self, version: i32, mut tree: Option<Tree>) {
        let Some(since) = self.since_reparse.take() else {
            return;
        };
        for edit in &since {
            match (edit, &mut tree) {
                (Some(edit), Some(tree)) => tree.edit(edit),
                _ => tree = None,
            }
        }
        self.keep(version, tree);
    }

    fn keep(&mut self, version: i32, tree: Option<Tree>) {
        self.stale = version != self.version;
        self.valid = tree.as_ref().is_some_and(|t| !t.root_node().has_error());
        self.tree = tree;
    }

    /// Reparses now, on this thread, as the server does off the lock.
    #[cfg(test)]
    pub fn reparse_now(&mut self) {
        if let Some((version, language, rope, old)) = self.start_reparse() {
            let text = rope.to_string();
            self.set_tree(version, crate::syntax::parse(language, &text, old.as_ref()));
        }
    }

    /// Whether the document has a tree of its current text, with errors or
    /// not.
    pub fn has_current_tree(&self) -> bool {
        self.tree.is_some() && !self.stale
    }

    fn apply_ranged(&mut self, range: tower_lsp_server::lsp_types::Range, text: &str) -> InputEdit {
        let start_char = position::to_char(&self.rope, range.start);
        let end_char = position::to_char(&self.rope, range.end).max(start_char);
        let start_byte = self.rope.char_to_byte(start_char);
        let old_end_byte = self.rope.char_to_byte(end_char);
        let start_position = position::point(&self.rope, start_byte);
        let old_end_position = position::point(&self.rope, old_end_byte);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, text);
        let new_end_byte = start_byte + text.len();
        let edit = InputEdit {
            start_byte,
            old_end_byte,
            new_end_byte,
            start_position,
            old_end_position,
            new_end_position: position::point(&self.rope, new_end_byte),
        };
        if let Some(tree) = &mut self.tree {
            tree.edit(&edit);
        }
        edit
    }

    /// What the engine analyses: the text and the current tree, with or
    /// without syntax errors (the engine reads a broken one's text afresh,
    /// see [`Document::with_tree`]).
    pub fn snapshot(&self) -> Document {
        let document = Document::with_language(&self.path, self.language, self.text())
            .declared_for_tests(self.test_module);
        match self.tree.as_ref().filter(|_| !self.stale) {
            Some(tree) => document.with_tree(tree.clone()),
            None => document,
        }
    }
}

/// The document an analysis reads, given what
/// [`TextDocument::analysis_input`] copied: `snapshot` with its tree
/// reparsed from the old one when `reparse` says so, and that tree, for
/// [`TextDocument::parsed`].
pub fn reparsed(snapshot: Document, reparse: Option<Option<Tree>>) -> (Document, Option<Tree>) {
    let Some(old) = reparse else {
        return (snapshot, None);
    };
    let tree = crate::syntax::parse(snapshot.language, &snapshot.text, old.as_ref());
    match tree {
        Some(tree) => (snapshot.with_tree(tree.clone()), Some(tree)),
        None => (snapshot, None),
    }
}

/// What the tests of the server's documents and session share: opening a
/// document, and parsing a version as the server's analysis does.
#[cfg(test)]
pub(super) mod testing {
    use super::{reparsed, Config, Language, PathBuf, TextDocument, Tree};
    use std::sync::Arc;

    /// A document opened with `text` at `version`, with the default
    /// configuration.
    pub fn opened_at(path: &str, language: Language, text: &str, version: i32) -> TextDocument {
        let config = Arc::new(Config::default());
        TextDocument::new(PathBuf::from(path), language, text, version, config)
    }

    /// As an unsettled analysis of the current version parses it, off the
    /// lock: the tree the analysis hands back to [`TextDocument::parsed`].
    pub fn parsed_as_analysed(document: &TextDocument) -> Option<Tree> {
        let (snapshot, reparse) = document.analysis_input(false);
        reparsed(snapshot, reparse).1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check;
    use tower_lsp_server::lsp_types::{Position, Range};

    /// A small deterministic generator, so a failure names its seed.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, bound: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) % bound.max(1) as u64) as usize
        }
    }

    const INSERTS: &[&str] = &[
        "",
        "x",
        "\n",
        "\"",
        "é😀",
        "password = \"Tr0ub4dor&3xK\"\n",
        "import os\n",
        "os.environ[\"HOME\"]",
        "    if token == \"q8Zr2LmK4xW9tYv1\":\n        pass\n",
        "def f(api_key='9f8e7d6c5b4a3928'):\n",
        "\"\"\"",
        "let secret = \"Zq8#Lm2$Xv9!aa\";\n",
        "std::env::var(\"X\")",
        "(",
        ")",
    ];

    fn findings(document: &Document) -> Vec<String> {
        check(document, &Config::default())
            .into_iter()
            .map(|f| {
                format!(
                    "{}:{} {} {}",
                    f.start.line, f.start.column, f.rule, f.message
                )
            })
            .collect()
    }

    /// A change inserting `text` at the start of `line`.
    fn insert(line: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(line, 0), Position::new(line, 0))),
            range_length: None,
            text: text.to_owned(),
        }
    }

    /// A document opened with `text`, at version 0, with the default configuration.
    fn opened(path: &str, language: Language, text: &str) -> TextDocument {
        testing::opened_at(path, language, text, 0)
    }

    /// As the server analyses a version: the tree reparsed off the lock
    /// for a Rust document, the findings, the tree handed back; then the
    /// reparse a pause in the edits brings (which a Python document
    /// without findings skips).
    fn analysed(document: &mut TextDocument) {
        let (snapshot, reparse) = document.analysis_input(true);
        let (snapshot, tree) = reparsed(snapshot, reparse);
        document.findings = check(&snapshot, &Config::default());
        document.parsed(document.version, tree);
        document.reparse_now();
    }

    fn random_position(rope: &Rope, rng: &mut Lcg) -> Position {
        let line = rng.next(rope.len_lines() + 1);
        let character = rng.next(90);
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    #[test]
    fn incremental_reparsing_matches_a_full_parse() {
        let fixtures = [
            (
                "fixtures/secret/hardcoded-credential/python.py",
                Language::Python,
            ),
            ("fixtures/env/direct-access/python.py", Language::Python),
            (
                "fixtures/secret/hardcoded-credential/rust.rs",
                Language::Rust,
            ),
            ("fixtures/env/direct-access/rust.rs", Language::Rust),
        ];
        // Random edits mostly leave broken code; count the states that parse,
        // so the command-line comparison is known to have run.
        let mut valid_states = 0;
        for (path, language) in fixtures {
            let text = std::fs::read_to_string(path).unwrap();
            for seed in 0..12u64 {
                let mut rng = Lcg(seed);
                let mut document = TextDocument::new(
                    PathBuf::from(path),
                    language,
                    &text,
                    0,
                    Arc::new(Config::default()),
                );
                for step in 0..25 {
                    let start = random_position(&document.rope, &mut rng);
                    let mut end = random_position(&document.rope, &mut rng);
                    if (end.line, end.character) < (start.line, start.character) || rng.next(3) == 0
                    {
                        end = start;
                    }
                    let change = TextDocumentContentChangeEvent {
                        range: Some(Range { start, end }),
                        range_length: None,
                        text: INSERTS[rng.next(INSERTS.len())].to_owned(),
                    };
                    document.apply(&[change], step + 1);
                    analysed(&mut document);
                    let incremental = findings(&document.snapshot());
                    // The command line's findings, whatever the edits were,
                    // broken code included.
                    let statements = Document::with_language(path, language, document.text());
                    assert_eq!(
                        incremental,
                        findings(&statements),
                        "{path}, seed {seed}, step {step} (CLI path)"
                    );
                    // On code that parses, the incremental tree is used, and
                    // agrees with a fresh parse's.
                    let fresh_tree =
                        crate::syntax::parse(language, &document.text(), None).unwrap();
                    if !fresh_tree.root_node().has_error() {
                        valid_states += 1;
                        assert!(
                            document.tree().is_some() || !document.needs_tree(),
                            "{path}, seed {seed}, step {step}"
                        );
                        let full = Document::with_language(path, language, document.text())
                            .with_tree(fresh_tree);
                        assert_eq!(
                            incremental,
                            findings(&full),
                            "{path}, seed {seed}, step {step}"
                        );
                    }
                }
            }
        }
        assert!(
            valid_states > 20,
            "only {valid_states} edited states parsed"
        );
    }

    /// Edits made while a reparse runs off the lock are applied to the tree
    /// it returns, and the next reparse brings it to what a fresh parse of
    /// the text gives; a whole-text replacement meanwhile discards it, and so
    /// does the session freeing the document's tree.
    #[test]
    fn edits_made_during_a_reparse_carry_over_to_its_tree() {
        let text = "import os\n\npassword = \"Tr0ub4dor&3xK\"\n";
        let mut document = opened("app.py", Language::Python, text);
        // A document with findings keeps a tree for their quick fixes.
        document.findings = check(&document.snapshot(), &Config::default());
        assert!(document.needs_tree());
        document.apply(&[insert(0, "y = 2\n")], 1);
        let (version, language, text, old) = document.start_reparse().unwrap();
        assert!(document.start_reparse().is_none(), "one reparse at a time");
        document.apply(&[insert(1, "def f(:\n")], 2);
        document.apply(&[insert(3, "z = 3\n")], 3);
        document.set_tree(
            version,
            crate::syntax::parse(language, &text.to_string(), old.as_ref()),
        );
        assert!(document.keeps_tree() && !document.has_current_tree());
        document.reparse_now();
        let fresh = crate::syntax::parse(Language::Python, &document.text(), None).unwrap();
        let kept = document.tree.as_ref().unwrap();
        assert!(document.has_current_tree());
        assert_eq!(kept.root_node().to_sexp(), fresh.root_node().to_sexp());

        let (version, language, text, old) = {
            document.apply(&[insert(0, "w = 4\n")], 4);
            document.start_reparse().unwrap()
        };
        let replace = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "v = 5\n".to_owned(),
        };
        document.apply(&[replace], 5);
        document.set_tree(
            version,
            crate::syntax::parse(language, &text.to_string(), old.as_ref()),
        );
        assert!(!document.keeps_tree());
        document.reparse_now();
        assert_eq!(
            document.tree().unwrap().root_node().to_sexp(),
            "(module (expression_statement (assignment left: (identifier) right: (integer))))"
        );

        // The session frees the tree while its reparse runs: it stays freed.
        document.apply(&[insert(0, "u = 6\n")], 6);
        let (version, language, text, old) = document.start_reparse().unwrap();
        document.drop_tree();
        document.set_tree(
            version,
            crate::syntax::parse(language, &text.to_string(), old.as_ref()),
        );
        assert!(!document.keeps_tree());
    }

    /// A Python document's tree serves only the quick fixes of its
    /// findings: one without findings keeps none, and drops the one it had
    /// when its last finding goes; Rust's tree, which is analysed, is kept.
    #[test]
    fn a_python_document_without_findings_keeps_no_tree() {
        let mut document = opened("app.py", Language::Python, "x = 1\n");
        document.apply(&[insert(0, "y = 2\n")], 1);
        analysed(&mut document);
        assert!(!document.keeps_tree());
        document.apply(&[insert(0, "password = \"Tr0ub4dor&3xK\"\n")], 2);
        analysed(&mut document);
        assert!(!document.findings.is_empty());
        assert!(document.tree().is_some());
        let line = Range::new(Position::new(0, 0), Position::new(1, 0));
        let delete = TextDocumentContentChangeEvent {
            range: Some(line),
            range_length: None,
            text: String::new(),
        };
        document.apply(&[delete], 3);
        analysed(&mut document);
        assert!(document.findings.is_empty() && !document.keeps_tree());

        let mut rust = opened("lib.rs", Language::Rust, "x = 1\n");
        rust.apply(&[insert(0, "// a comment\n")], 1);
        analysed(&mut rust);
        assert!(rust.findings.is_empty() && rust.has_current_tree());
    }

    /// A Rust document is parsed by the analyses of its versions, off the
    /// session lock, not by its edits: an edit only edits the tree, a
    /// version is reparsed from the last parse once its analysis runs, and
    /// that parse is kept for the next edit unless the text changed since
    /// (a superseded version's tree goes back to be freed).
    #[test]
    fn a_rust_document_is_parsed_by_its_analyses_not_by_its_edits() {
        let mut document = opened("lib.rs", Language::Rust, "fn f() {}\n");
        // Opened: parsed whole by its first analysis, which keeps the tree
        // for the first edit to reparse from.
        assert!(!document.keeps_tree(), "no parse under the lock");
        let (snapshot, reparse) = document.analysis_input(false);
        assert!(matches!(reparse, Some(None)), "the opening parses whole");
        let (_, tree) = reparsed(snapshot, reparse);
        assert!(tree.is_some(), "the analysis reads that tree");
        assert!(document.parsed(0, tree).is_none());
        assert!(document.has_current_tree());
        assert!(
            document.analysis_input(true).1.is_none(),
            "a current tree is read as it is"
        );
        document.apply(&[insert(0, "// a\n")], 1);
        let (snapshot, reparse) = document.analysis_input(false);
        assert!(
            matches!(reparse, Some(Some(_))),
            "the first edit reparses from the opening's tree"
        );
        let (_, tree) = reparsed(snapshot, reparse);
        assert!(document.parsed(1, tree).is_some(), "the tree it replaced");
        assert!(document.has_current_tree());

        document.apply(&[insert(0, "// b\n")], 2);
        let (snapshot, reparse) = document.analysis_input(false);
        assert!(
            matches!(reparse, Some(Some(_))),
            "reparsed from the last parse"
        );
        let (_, tree) = reparsed(snapshot, reparse);
        // A newer version came while version 2 was analysed.
        document.apply(&[insert(0, "fn g( {}\n")], 3);
        assert!(document.parsed(2, tree).is_some(), "not kept");
        assert!(document.keeps_tree() && !document.has_current_tree());
        let tree = testing::parsed_as_analysed(&document);
        assert!(document.parsed(3, tree).is_some(), "the tree it replaced");
        let fresh = crate::syntax::parse(Language::Rust, &document.text(), None).unwrap();
        let kept = document.tree.as_ref().unwrap();
        assert_eq!(kept.root_node().to_sexp(), fresh.root_node().to_sexp());

        // A tree dropped while a version is analysed stays dropped.
        document.apply(&[insert(0, "// c\n")], 4);
        let tree = testing::parsed_as_analysed(&document);
        document.drop_tree();
        assert!(document.parsed(4, tree).is_some());
        assert!(!document.keeps_tree());
    }

    /// An analysis that is not `settled` reads a broken Rust tree as it is
    /// (a fresh parse of the text would cost a whole-file parse a key), and
    /// the document then says its tree is broken, so that the server
    /// analyses the version again, settled, once the edits pause; a valid
    /// tree, or a Python document's, calls for no second analysis.
    #[test]
    fn a_broken_rust_tree_is_read_as_it_is_until_the_edits_pause() {
        let mut document = opened("lib.rs", Language::Rust, "fn f() {}\n");
        document.apply(&[insert(0, "// a\n")], 1);
        let tree = testing::parsed_as_analysed(&document);
        document.parsed(1, tree);
        assert!(!document.tree_is_broken());

        document.apply(&[insert(0, "fn g( {}\n")], 2);
        assert!(!document.tree_is_broken(), "stale: not read yet");
        let (snapshot, reparse) = document.analysis_input(false);
        let (snapshot, tree) = reparsed(snapshot, reparse);
        let read = check(&snapshot, &Config::default());
        document.parsed(2, tree);
        assert!(document.tree_is_broken());
        // Settled, the same version is read from a fresh parse, as the
        // command line reads the text.
        let (settled, reparse) = document.analysis_input(true);
        assert!(reparse.is_none(), "the tree is current");
        let cli = Document::with_language("lib.rs", Language::Rust, document.text());
        assert_eq!(findings(&settled), findings(&cli));
        assert_eq!(read.len(), check(&cli, &Config::default()).len());

        let mut python = opened("app.py", Language::Python, "x = 1\n");
        python.findings = check(&python.snapshot(), &Config::default());
        python.apply(&[insert(0, "def f(:\n")], 1);
        python.reparse_now();
        assert!(!python.tree_is_broken(), "only Rust's tree is read");
    }
}
