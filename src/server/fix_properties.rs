//! The quick fixes' property: applying any offered fix, or any two in
//! either order (the second recomputed on the text the first left, as a
//! client asks again after an edit), leaves Python that parses, in the
//! document and the settings module, and the finding it fixes gone.
//!
//! In process, so that every fixture and every pair stays cheap: the same
//! `actions::for_range` the server answers `textDocument/codeAction` with,
//! on a session whose settings module and env template are real files.

use super::actions;
use super::document::TextDocument;
use super::position;
use super::session::{EditSupport, Session};
use crate::config::Config;
use crate::document::Language;
use crate::finding::Finding;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::lsp_types::*;
use tower_lsp_server::UriExt;

const SETTINGS: &str = "mcp_app_settings.py";
const TEMPLATE: &str = "mcp_env.example";

/// A settings module that starts with a docstring and a `__future__`
/// import and does not import `os`: where a careless `import os` breaks.
const TRICKY_SETTINGS: &str =
    "\"\"\"Settings.\n\nRead once.\n\"\"\"\nfrom __future__ import annotations\n\nDEBUG = False\n";
const PLAIN_SETTINGS: &str = "import os\n\nHOME = os.environ[\"HOME\"]\n";

/// Fake values the value model takes for a key and a password; named
/// neutrally so that this file is not a finding itself.
const RANDOM: &str = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const CHOSEN: &str = "Tr0ub4dor&3xK";

/// Files written to trip the fixes: each holds at least two findings.
fn tricky_files() -> Vec<(&'static str, String)> {
    vec![
        (
            "docstring_future.py",
            format!("\"\"\"The app.\n\nMore.\n\"\"\"\nfrom __future__ import annotations\n\nimport os\n\nTOKEN = os.environ[\"API_TOKEN\"]\nAPI_KEY = \"{RANDOM}\"\n"),
        ),
        (
            "parenthesized.py",
            format!("from typing import (\n    Any,\n    Dict,\n)\nimport os\n\nAPI_KEY = \"{RANDOM}\"\nhome = os.environ[\"HOME\"]\n"),
        ),
        (
            "existing_import.py",
            format!("from mcp_app_settings import (\n    DEBUG,\n)\nimport os\n\nuser = os.getenv(\"USER\")\nDB_PASSWORD = \"{CHOSEN}\"\nshell = os.environ.get(\"SHELL\")\n"),
        ),
        (
            "bytes_literal.py",
            format!("import hmac\n\nSIGNING_KEY = b\"{RANDOM}\"\nheaders = {{\"Authorization\": \"Bearer {RANDOM}\"}}\n\n\ndef connect(api_key=\"{RANDOM}\"):\n    API_TOKEN = \"{RANDOM}\"\n    return hmac.new(SIGNING_KEY, api_key + API_TOKEN)\n"),
        ),
        (
            "getenv_default.py",
            "import os\nzone = os.getenv(\"ZONE\", \"eu-west-1\")\nport = int(os.environ.get(\"PORT\", 8080))\nmode = os.getenv(\"MODE\", default=\"dev\")\n".to_owned(),
        ),
        (
            "no_trailing_newline.py",
            format!("\"\"\"Doc.\"\"\"\nAPI_KEY = \"{RANDOM}\"\npassword = \"x\" \"{CHOSEN}\""),
        ),
    ]
}

struct Saved {
    files: BTreeMap<Uri, (Option<i32>, String)>,
    findings: Vec<Finding>,
}

/// A workspace in a temporary folder: the document under test, the
/// settings module and (once a fix creates it) the env template.
struct Workspace {
    dir: tempfile::TempDir,
    session: Session,
    uri: Uri,
    path: PathBuf,
    version: i32,
}

impl Workspace {
    fn new(name: &str, settings: &str) -> Workspace {
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::write(dir.path().join(SETTINGS), settings).unwrap();
        let path = dir.path().join(name);
        let mut session = Session::default();
        session.roots = vec![dir.path().to_path_buf()];
        session.edits = EditSupport {
            versioned: true,
            create_files: true,
        };
        Workspace {
            uri: Uri::from_file_path(&path).unwrap(),
            dir,
            session,
            path,
            version: 0,
        }
    }

    /// Opens `text` as the next version and analyses it as the server does.
    fn open(&mut self, text: &str) -> &TextDocument {
        let document = self.install(text, self.version + 1, None);
        let findings = crate::analyse(&document.snapshot(), &document.config).findings;
        let document = self.session.documents.get_mut(&self.uri).unwrap();
        document.findings = findings;
        &self.session.documents[&self.uri]
    }

    /// Puts `text` in the session at `version`, with `findings` already
    /// known for it (the analysis is what costs here).
    fn install(
        &mut self,
        text: &str,
        version: i32,
        findings: Option<Vec<Finding>>,
    ) -> &TextDocument {
        // Built once: resolving a configuration costs more than a small file's analysis.
        static CONFIG: std::sync::LazyLock<Arc<Config>> =
            std::sync::LazyLock::new(|| Arc::new(Config::default()));
        self.version = version;
        let mut document = TextDocument::new(
            self.path.clone(),
            Language::Python,
            text,
            version,
            Arc::clone(&CONFIG),
        );
        document.findings = findings.unwrap_or_default();
        document.findings_version = Some(version);
        self.session.documents.insert(self.uri.clone(), document);
        &self.session.documents[&self.uri]
    }

    /// The state to come back to: the files as the client holds them, and
    /// the document's findings.
    fn save(&self) -> Saved {
        Saved {
            files: self.files(),
            findings: self.document().findings.clone(),
        }
    }

    fn restore(&mut self, saved: &Saved) {
        for name in [SETTINGS, TEMPLATE] {
            let path = self.dir.path().join(name);
            match saved.files.get(&Uri::from_file_path(&path).unwrap()) {
                Some((_, text)) => std::fs::write(&path, text).unwrap(),
                None => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        let (version, text) = saved.files[&self.uri].clone();
        self.install(&text, version.unwrap(), Some(saved.findings.clone()));
    }

    fn document(&self) -> &TextDocument {
        &self.session.documents[&self.uri]
    }

    fn actions(&self, finding: &Finding) -> Vec<CodeAction> {
        let document = self.document();
        let range = position::range_from_bytes(&document.rope, finding.span.clone());
        let context = super::action_context(&self.session);
        actions::for_range(&context, &self.uri, document, range)
            .into_iter()
            // Fixes for other findings on the same span are theirs.
            .filter(|a| {
                a.diagnostics.as_ref().is_some_and(|d| {
                    d.iter().any(|d| {
                        d.code == Some(NumberOrString::String(finding.rule.clone()))
                            && d.range == range
                    })
                })
            })
            .collect()
    }

    /// The files as the client holds them: by URI, version and text.
    fn files(&self) -> BTreeMap<Uri, (Option<i32>, String)> {
        let mut files = BTreeMap::new();
        files.insert(
            self.uri.clone(),
            (Some(self.version), self.document().text()),
        );
        for name in [SETTINGS, TEMPLATE] {
            let path = self.dir.path().join(name);
            if let Ok(text) = std::fs::read_to_string(&path) {
                files.insert(Uri::from_file_path(&path).unwrap(), (None, text));
            }
        }
        files
    }

    /// Applies `edit` as a client would, then opens the result as the next
    /// version and writes the other files. `Err`: a versioned edit for
    /// another version of a file, refused.
    fn apply(&mut self, edit: &WorkspaceEdit) -> Result<(), String> {
        let mut files = self.files();
        apply(edit, &mut files)?;
        for (uri, (_, text)) in &files {
            if *uri != self.uri {
                std::fs::write(uri.to_file_path().unwrap(), text).unwrap();
            }
        }
        let text = files[&self.uri].1.clone();
        self.open(&text);
        Ok(())
    }

    fn settings(&self) -> String {
        std::fs::read_to_string(self.dir.path().join(SETTINGS)).unwrap()
    }
}

fn apply(
    edit: &WorkspaceEdit,
    files: &mut BTreeMap<Uri, (Option<i32>, String)>,
) -> Result<(), String> {
    let mut edits: Vec<(Uri, Option<i32>, Vec<TextEdit>)> = Vec::new();
    for (uri, changes) in edit.changes.iter().flatten() {
        edits.push((uri.clone(), None, changes.clone()));
    }
    let operations = match &edit.document_changes {
        Some(DocumentChanges::Edits(edits)) => edits
            .iter()
            .cloned()
            .map(DocumentChangeOperation::Edit)
            .collect(),
        Some(DocumentChanges::Operations(operations)) => operations.clone(),
        None => Vec::new(),
    };
    for operation in operations {
        match operation {
            DocumentChangeOperation::Op(ResourceOp::Create(create)) => {
                files.entry(create.uri).or_insert((None, String::new()));
            }
            DocumentChangeOperation::Op(other) => panic!("unexpected {other:?}"),
            DocumentChangeOperation::Edit(edit) => edits.push((
                edit.text_document.uri,
                edit.text_document.version,
                edit.edits
                    .into_iter()
                    .map(|e| match e {
                        OneOf::Left(e) => e,
                        OneOf::Right(annotated) => annotated.text_edit,
                    })
                    .collect(),
            )),
        }
    }
    for (uri, version, changes) in edits {
        let (held, text) = files
            .get_mut(&uri)
            .ok_or_else(|| format!("no file {uri:?}"))?;
        if version.is_some() && version != *held {
            return Err(format!("{uri:?} is at {held:?}, the edit for {version:?}"));
        }
        let rope = ropey::Rope::from_str(text);
        let mut byte_edits: Vec<(usize, usize, usize, String)> = changes
            .into_iter()
            .enumerate()
            .map(|(index, e)| {
                (
                    position::to_byte(&rope, e.range.start),
                    position::to_byte(&rope, e.range.end),
                    index,
                    e.new_text,
                )
            })
            .collect();
        // Last first; at one position an insertion lands before a
        // replacement, and insertions in their order.
        byte_edits.sort_by_key(|(start, end, index, _)| std::cmp::Reverse((*start, *end, *index)));
        for window in byte_edits.windows(2) {
            assert!(window[1].1 <= window[0].0, "overlapping edits in {uri:?}");
        }
        for (start, end, _, new) in byte_edits {
            text.replace_range(start..end, &new);
        }
    }
    Ok(())
}

/// No ERROR or MISSING node, and `from __future__` imports only where
/// Python accepts them (after the docstring and comments), which
/// tree-sitter does not check.
fn parses(text: &str) -> bool {
    let Some(tree) = crate::syntax::parse(Language::Python, text, None) else {
        return false;
    };
    let root = tree.root_node();
    if root.has_error() {
        return false;
    }
    let mut cursor = root.walk();
    let mut header = true;
    for (index, statement) in root.named_children(&mut cursor).enumerate() {
        let docstring = index == 0
            && statement.kind() == "expression_statement"
            && statement
                .named_child(0)
                .is_some_and(|s| s.kind() == "string");
        match statement.kind() {
            "future_import_statement" if !header => return false,
            "future_import_statement" | "comment" => {}
            _ if docstring => {}
            _ => header = false,
        }
    }
    true
}

/// What tells a finding from the others after edits move it: its rule and
/// the text it covers.
fn key(text: &str, finding: &Finding) -> (String, String) {
    (finding.rule.clone(), text[finding.span.clone()].to_owned())
}

fn count(document: &TextDocument, key: &(String, String)) -> usize {
    document
        .findings
        .iter()
        .filter(|f| self::key(&document.text(), f) == *key)
        .count()
}

/// Checks one applied fix: both files parse, the finding is gone.
fn check_fixed(workspace: &Workspace, key: &(String, String), before: usize, what: &str) {
    let document = workspace.document();
    assert!(
        parses(&document.text()),
        "{what}: the document no longer parses:\n{}",
        document.text()
    );
    let settings = workspace.settings();
    assert!(
        parses(&settings),
        "{what}: the settings module no longer parses:\n{settings}"
    );
    assert!(
        count(document, key) < before,
        "{what}: {key:?} is still reported in:\n{}",
        document.text()
    );
}

/// Every fix, and every ordered pair of fixes for the first `limit`
/// findings, on one file. Returns the number of fixes applied.
fn check_file(name: &str, text: &str, settings: &str, limit: usize) -> usize {
    let mut applied = 0;
    let mut workspace = Workspace::new(name, settings);
    workspace.open(text);
    let original = workspace.save();
    let findings: Vec<Finding> = original.findings.clone();
    // Every fix offered on the original text, for every finding.
    let offered: Vec<Vec<CodeAction>> = findings.iter().map(|f| workspace.actions(f)).collect();
    for (i, first) in findings.iter().enumerate() {
        let first_key = key(text, first);
        for action in &offered[i] {
            let what = format!("{name}: {:?} for {first_key:?}", action.title);
            workspace.restore(&original);
            let before = count(workspace.document(), &first_key);
            workspace.apply(action.edit.as_ref().unwrap()).unwrap();
            check_fixed(&workspace, &first_key, before, &what);
            applied += 1;
            // Pairs grow with the square; a few findings per file cover the cases.
            if i >= limit {
                continue;
            }
            let fixed = workspace.save();
            for (j, second) in findings.iter().enumerate().take(limit) {
                let second_key = key(text, second);
                if j == i || second_key == first_key {
                    continue;
                }
                // Two allow comments touch one line each: nothing to learn.
                for other in offered[j]
                    .iter()
                    .filter(|o| !(is_allow(o) && is_allow(action)))
                {
                    let what = format!("{what}, then {:?} for {second_key:?}", other.title);
                    workspace.restore(&fixed);
                    // The second fix as computed before the first: refused.
                    assert!(
                        workspace.apply(other.edit.as_ref().unwrap()).is_err(),
                        "{what}: a stale fix was accepted"
                    );
                    // Asked again on the new text, as a client does.
                    let document = workspace.document();
                    let before = count(document, &second_key);
                    let Some(again) = document
                        .findings
                        .iter()
                        .find(|f| key(&document.text(), f) == second_key)
                        .cloned()
                    else {
                        continue; // the first fix fixed it too
                    };
                    let Some(fix) = workspace
                        .actions(&again)
                        .into_iter()
                        .find(|a| a.title == other.title)
                    else {
                        continue;
                    };
                    workspace.apply(fix.edit.as_ref().unwrap()).unwrap();
                    check_fixed(&workspace, &second_key, before, &what);
                    applied += 1;
                }
            }
        }
    }
    applied
}

fn is_allow(action: &CodeAction) -> bool {
    action.title.starts_with("Allow ")
}

fn python_fixtures(folder: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            python_fixtures(&path, out);
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
}

#[test]
fn every_fix_and_every_pair_of_fixes_leaves_code_that_parses_and_fixed() {
    use rayon::prelude::*;
    let mut cases: Vec<(String, String, &str, usize)> = Vec::new();
    for (name, text) in tricky_files() {
        for settings in [TRICKY_SETTINGS, PLAIN_SETTINGS] {
            cases.push((name.to_owned(), text.clone(), settings, 8));
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut fixtures = Vec::new();
    python_fixtures(&root, &mut fixtures);
    fixtures.sort();
    for path in fixtures {
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        // A fixture of code that does not parse to begin with (work in
        // progress committed as it is) has no parse for a fix to keep.
        if name != SETTINGS && parses(&text) {
            cases.push((name, text, TRICKY_SETTINGS, 4));
        }
    }
    let applied: Vec<usize> = cases
        .par_iter()
        .map(|(name, text, settings, limit)| check_file(name, text, settings, *limit))
        .collect();
    let with_fixes = applied.iter().filter(|n| **n > 0).count();
    let applied: usize = applied.iter().sum();
    // The property must have been exercised, not vacuously true.
    assert!(with_fixes >= 30, "only {with_fixes} files had fixes");
    assert!(applied >= 500, "only {applied} fixes applied");
}

#[test]
fn no_fixes_for_findings_of_an_older_version() {
    let mut workspace = Workspace::new("app.py", PLAIN_SETTINGS);
    let finding = workspace
        .open("import os\nh = os.environ[\"HOME\"]\n")
        .findings[0]
        .clone();
    assert!(!workspace.actions(&finding).is_empty());
    // An edit arrived; its analysis has not: the spans are the old text's.
    let document = workspace.session.documents.get_mut(&workspace.uri).unwrap();
    document.version += 1;
    assert!(workspace.actions(&finding).is_empty());
}

/// A document keeps its tree only while it is edited (see
/// [`TextDocument::needs_tree`] and the server's `expire_tree`): the fixes
/// offered are the same whether it has one, never had one, or had it freed.
#[test]
fn the_same_fixes_with_the_tree_without_it_and_after_it_was_freed() {
    let mut workspace = Workspace::new("app.py", PLAIN_SETTINGS);
    let text = format!("import os\n\nh = os.environ[\"HOME\"]\nAPI_KEY = \"{RANDOM}\"\n");
    let findings = workspace.open(&text).findings.clone();
    assert!(findings.len() >= 2, "{findings:?}");
    let all_actions = |workspace: &Workspace| -> Vec<Vec<CodeAction>> {
        findings.iter().map(|f| workspace.actions(f)).collect()
    };
    // Opened: no tree; the fixes parse the text themselves.
    assert!(!workspace.document().keeps_tree());
    let opened = all_actions(&workspace);
    assert!(
        opened.iter().all(|a| a.iter().any(|a| !is_allow(a))),
        "{opened:?}"
    );
    // Edited (a blank line at the end) and reparsed once the edits pause,
    // as the server does: the tree is kept, and the fixes read it.
    let end = position::from_byte(&workspace.document().rope, text.len());
    let change = TextDocumentContentChangeEvent {
        range: Some(Range::new(end, end)),
        range_length: None,
        text: "\n".into(),
    };
    let version = workspace.version + 1;
    assert!(workspace.session.edited(&workspace.uri, &[change], version));
    workspace.version = version;
    let document = workspace.session.documents.get_mut(&workspace.uri).unwrap();
    let after = crate::analyse(&document.snapshot(), &document.config).findings;
    assert_eq!(after, findings, "a blank line at the end moves nothing");
    document.findings = after;
    document.findings_version = Some(version);
    document.reparse_now();
    assert!(document.tree().is_some());
    let with_tree = all_actions(&workspace);
    // Versioned edits name the version: the same fixes, one version on.
    let unversioned = |actions: &[Vec<CodeAction>]| {
        serde_json::to_string(actions)
            .unwrap()
            .replace(&format!("\"version\":{version}"), "\"version\":1")
    };
    assert_eq!(unversioned(&with_tree), unversioned(&opened));
    // Left alone: the tree is freed; the fixes are the same.
    let document = workspace.session.documents.get_mut(&workspace.uri).unwrap();
    document.drop_tree();
    assert!(!document.keeps_tree());
    assert_eq!(all_actions(&workspace), with_tree);
}

/// A loop's values and a parametrized test's cases would all become one
/// settings read, and the cases one: only the allow comment is offered
/// for them; the same value assigned alone still moves.
#[test]
fn no_settings_read_for_a_loops_or_a_parametrized_tests_cases() {
    let mut workspace = Workspace::new("test_app.py", PLAIN_SETTINGS);
    let text = format!(
        "import pytest\n\nfor password in [\"{CHOSEN}\", \"x\"]:\n    pass\n\n\n\
         @pytest.mark.parametrize(\"user,password\", [(\"u\", \"{CHOSEN}\")])\n\
         def test_login(user, password):\n    pass\n\n\npassword = \"{CHOSEN}\"\n"
    );
    let findings = workspace.open(&text).findings.clone();
    let lines: Vec<usize> = (findings.iter())
        .map(|f| text[..f.span.start].matches('\n').count())
        .collect();
    assert_eq!(lines, [2, 6, 11], "{findings:?}");
    let moves = |finding: &Finding| workspace.actions(finding).iter().any(|a| !is_allow(a));
    assert!(!moves(&findings[0]) && !moves(&findings[1]));
    assert!(moves(&findings[2]));
}
