//! Quick fixes.
//!
//! - Every finding: add a `credlint: allow(<rule>)` comment on its line.
//! - An unused suppression: remove its comment.
//! - `env/direct-access` in Python: read the variable through the settings
//!   module instead (`os.environ["X"]` → `X`, with the import), defining it
//!   there first (with the read's default) if the module lacks it, and list
//!   it in `mcp_env.example`: one workspace edit across the files.
//! - A hardcoded secret in Python (any `secret/*` rule: generic credentials,
//!   provider tokens, connection strings): replace the literal with a
//!   settings read, define the variable in the settings module if needed,
//!   and list it in `mcp_env.example` with a placeholder.
//! - `env/direct-access` in Rust: `std::env::var("X")` → `crate::settings::x()`,
//!   a function defined in the crate's settings module when it lacks one
//!   ([`super::rsedit`]), and `X` listed in `mcp_env.example`.
//!
//! A fix must leave code that parses and means what it meant, save for the
//! secret's source: every position comes from the syntax tree
//! ([`super::pyedit`]); a fix that could change behaviour (a bytes literal
//! turned into text, a default the settings module may not share) is
//! offered but not preferred; one that would break the code is not offered,
//! nor one that would make a loop's or a parametrized test's cases one
//! settings read.
//! Every edit names the document version it was computed on when the client
//! supports it, so a client refuses a fix made stale by another.

use super::document::TextDocument;
use super::position;
use super::pyedit::{self, ByteEdit, Import};
use super::rsedit;
use super::session::EditSupport;
use crate::document::Language;
use crate::finding::Finding;
use crate::workspace::read;
use ropey::Rope;
use std::path::{Path, PathBuf};
use tower_lsp_server::lsp_types::*;
use tower_lsp_server::UriExt;
use tree_sitter::Tree;

/// What the fixes know beyond the document: the workspace folders, the
/// client's edit support, and the open buffers (a fix edits a buffer, not
/// the disk under it). A copy taken under the session lock: the fixes read
/// files, so they are computed with the lock released, and they reach the
/// disk only through the workspace layer ([`crate::workspace::read`]).
pub struct Context {
    pub roots: Vec<PathBuf>,
    pub edits: EditSupport,
    pub open: Vec<OpenFile>,
}

/// An open buffer, as a fix sees it.
pub struct OpenFile {
    pub uri: Uri,
    pub path: PathBuf,
    pub version: i32,
    pub rope: Rope,
}

/// The environment template the policy names.
const ENV_TEMPLATE: &str = "mcp_env.example";

pub fn for_range(
    context: &Context,
    uri: &Uri,
    document: &TextDocument,
    range: Range,
) -> Vec<CodeAction> {
    // Findings of an older version have spans into an older text.
    if document.findings_version != Some(document.version) {
        return Vec::new();
    }
    let start = position::to_byte(&document.rope, range.start);
    let end = position::to_byte(&document.rope, range.end);
    // The document keeps only its rope; the fixes read this copy.
    let source = document.text();
    // Fixes that rewrite code need a tree without errors: in broken code no
    // position can be trusted.
    // A document not being edited keeps no tree, and one just edited may
    // not have reparsed yet: parse it for the fixes (one whose current tree
    // has errors has its answer).
    let parsed = (document.language == Language::Python && !document.has_current_tree())
        .then(|| crate::syntax::parse(Language::Python, &source, None))
        .flatten();
    let tree = (document.language == Language::Python)
        .then(|| document.tree().or(parsed.as_ref()))
        .flatten()
        .filter(|t| !t.root_node().has_error());
    let mut actions = Vec::new();
    for finding in document
        .findings
        .iter()
        .filter(|f| f.span.start <= end && start <= f.span.end)
    {
        if finding.rule == crate::rules::unused_suppression::RULE.id {
            actions.extend(remove_unused_suppression(
                context, uri, document, &source, finding,
            ));
            continue;
        }
        if let Some(tree) = tree {
            actions.extend(settings_fix(context, uri, document, &source, tree, finding));
        }
        if document.language == Language::Rust {
            actions.extend(rust_settings_fix(context, uri, document, &source, finding));
        }
        if let Some(action) = allow_comment(context, uri, document, &source, tree, finding) {
            actions.push(action);
        }
    }
    actions
}

/// `# credlint: allow(rule)` at the end of the finding's line (or the rule
/// added to an allow list already there); none on a line a backslash
/// continues.
fn allow_comment(
    context: &Context,
    uri: &Uri,
    document: &TextDocument,
    source: &str,
    tree: Option<&Tree>,
    finding: &Finding,
) -> Option<CodeAction> {
    if document.path.extension().is_some_and(|e| e == "json") {
        return None; // JSON has no comments
    }
    // Inside a multi-line string the "comment" would become string content.
    if tree.is_some_and(|t| pyedit::line_ends_in_string(t, source, finding.span.start)) {
        return None;
    }
    let line = document.rope.byte_to_line(finding.span.start);
    let line_start = document.rope.line_to_byte(line);
    let text = document.rope.line(line).to_string();
    let content = text.trim_end_matches(['\n', '\r']);
    // A backslash ending the line continues it (`T = "ghp_…" \`, a token
    // split over literals): a comment after it breaks the code.
    if content.ends_with('\\') {
        return None;
    }
    let rule = &finding.rule;
    let edit = match content.find("credlint: allow(") {
        Some(at) => ByteEdit::insert(
            line_start + at + "credlint: allow(".len(),
            format!("{rule}, "),
        ),
        None => ByteEdit::insert(
            line_start + content.len(),
            format!(
                "  {} credlint: allow({rule})",
                document.language.comment_prefix()
            ),
        ),
    };
    let mut edits = FileEdits::document(uri, document);
    edits.add(edit);
    let mut action = quickfix(
        format!("Allow `{rule}` on this line"),
        document,
        finding,
        workspace_edit(context.edits, vec![edits])?,
    );
    // The fix for a false positive, not for the finding: never the preferred one.
    action.is_preferred = None;
    Some(action)
}

/// Removes an unused suppression comment (only the comment: the code on its
/// line stays), as `credlint check --fix` does.
fn remove_unused_suppression(
    context: &Context,
    uri: &Uri,
    document: &TextDocument,
    source: &str,
    finding: &Finding,
) -> Option<CodeAction> {
    let range = crate::suppress::removal(source, finding.span.clone())?;
    let mut edits = FileEdits::document(uri, document);
    edits.add(ByteEdit {
        range,
        text: String::new(),
    });
    Some(quickfix(
        "Remove the unused suppression".to_owned(),
        document,
        finding,
        workspace_edit(context.edits, vec![edits])?,
    ))
}

/// The project's Python settings module: the first configured file name
/// found beside the document, up its folders, or at a workspace root.
struct SettingsModule {
    path: PathBuf,
    /// Its dotted import path (`mcp_app_settings`, `app.settings`).
    module: String,
    text: String,
}

fn find_settings_module(context: &Context, document: &TextDocument) -> Option<SettingsModule> {
    let config = &document.config;
    let names: Vec<&str> = config
        .settings_patterns()
        .iter()
        .map(|p| p.rsplit('/').next().unwrap_or(p))
        .filter(|p| p.ends_with(".py") && !p.contains(['*', '?', '[']))
        .collect();
    let mut folders: Vec<&Path> = document.path.ancestors().skip(1).collect();
    folders.extend(context.roots.iter().map(PathBuf::as_path));
    for name in names {
        for folder in &folders {
            let path = folder.join(name);
            if path == document.path || !read::is_file(&path) {
                continue;
            }
            let root = context
                .roots
                .iter()
                .find(|r| path.starts_with(r))
                .map_or(*folder, PathBuf::as_path);
            let relative = path.strip_prefix(root).unwrap_or(&path).with_extension("");
            let module = relative.to_string_lossy().replace(['/', '\\'], ".");
            let text = open_text(context, &path).or_else(|| read::read_text(&path).ok())?;
            return Some(SettingsModule { path, module, text });
        }
    }
    None
}

/// The text of a file the editor has open, which may differ from the disk.
fn open_text(context: &Context, path: &Path) -> Option<String> {
    context
        .open
        .iter()
        .find(|d| d.path == path)
        .map(|d| d.rope.to_string())
}

/// How code reads `variable` from the settings module: the expression, and
/// the name to import.
fn settings_read(module: &SettingsModule, variable: &str) -> Option<(String, String)> {
    let names = crate::syntax::python_settings_names(&module.text);
    if names.module_names.iter().any(|n| n == variable) {
        return Some((variable.to_owned(), variable.to_owned()));
    }
    names.instances.iter().find_map(|(instance, fields)| {
        let field = fields
            .iter()
            .find(|f| f.as_str() == variable || f.eq_ignore_ascii_case(variable))?;
        Some((format!("{instance}.{field}"), instance.clone()))
    })
}

/// The edits of one fix to one file, made against the text the server
/// knows for it: the open buffer's, else the disk's.
struct FileEdits {
    uri: Uri,
    /// The open buffer's version; `None` for a file the editor has not open.
    version: Option<i32>,
    rope: Rope,
    /// `false`: the file is to be created.
    exists: bool,
    edits: Vec<ByteEdit>,
}

impl FileEdits {
    fn document(uri: &Uri, document: &TextDocument) -> FileEdits {
        FileEdits {
            uri: uri.clone(),
            version: Some(document.version),
            rope: document.rope.clone(),
            exists: true,
            edits: Vec::new(),
        }
    }

    /// The file at `path`, open or on disk, or still to be created.
    fn file(context: &Context, path: &Path) -> Option<FileEdits> {
        if let Some(open) = context.open.iter().find(|d| d.path == path) {
            return Some(FileEdits {
                uri: open.uri.clone(),
                version: Some(open.version),
                rope: open.rope.clone(),
                exists: true,
                edits: Vec::new(),
            });
        }
        // A file that exists but cannot be read as text is not edited blind.
        let text = match read::read_text(path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(_) => return None,
        };
        Some(FileEdits {
            uri: Uri::from_file_path(path)?,
            version: None,
            exists: text.is_some(),
            rope: Rope::from_str(text.as_deref().unwrap_or_default()),
            edits: Vec::new(),
        })
    }

    fn text(&self) -> String {
        self.rope.to_string()
    }

    /// Adds an edit; an insertion where another was made joins it, so the
    /// client receives no two edits at one position, whose order LSP leaves open.
    fn add(&mut self, edit: impl Into<Option<ByteEdit>>) {
        let Some(edit) = edit.into() else { return };
        if edit.range.is_empty() {
            if let Some(same) = self.edits.iter_mut().find(|e| e.range == edit.range) {
                same.text.push_str(&edit.text);
                return;
            }
        }
        self.edits.push(edit);
    }

    fn text_edits(&self) -> Vec<TextEdit> {
        let mut edits = self.edits.clone();
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        edits
            .into_iter()
            .map(|e| TextEdit::new(position::range_from_bytes(&self.rope, e.range), e.text))
            .collect()
    }
}

/// One workspace edit for the files a fix touches. With `documentChanges`
/// each edit names the version it was made on, `null` for a file not open
/// (LSP's "as on disk"); otherwise the plain `changes` map is all the
/// client understands. A file to create needs the client's `create`
/// operation: without it that file's part is left out.
fn workspace_edit(support: EditSupport, files: Vec<FileEdits>) -> Option<WorkspaceEdit> {
    let files: Vec<FileEdits> = files
        .into_iter()
        .filter(|f| !f.edits.is_empty())
        .filter(|f| f.exists || support.versioned && support.create_files)
        .collect();
    if files.is_empty() {
        return None;
    }
    if !support.versioned {
        return Some(WorkspaceEdit {
            changes: Some(
                files
                    .iter()
                    .map(|f| (f.uri.clone(), f.text_edits()))
                    .collect(),
            ),
            ..WorkspaceEdit::default()
        });
    }
    let creates = files.iter().any(|f| !f.exists);
    let mut operations: Vec<DocumentChangeOperation> = files
        .iter()
        .filter(|f| !f.exists)
        .map(|f| {
            DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                uri: f.uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(true),
                }),
                annotation_id: None,
            }))
        })
        .collect();
    for file in files {
        operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            edits: file.text_edits().into_iter().map(OneOf::Left).collect(),
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: file.uri,
                version: file.version,
            },
        }));
    }
    let changes = if creates {
        DocumentChanges::Operations(operations)
    } else {
        DocumentChanges::Edits(
            operations
                .into_iter()
                .filter_map(|op| match op {
                    DocumentChangeOperation::Edit(edit) => Some(edit),
                    DocumentChangeOperation::Op(_) => None,
                })
                .collect(),
        )
    };
    Some(WorkspaceEdit {
        document_changes: Some(changes),
        ..WorkspaceEdit::default()
    })
}

fn quickfix(
    title: String,
    document: &TextDocument,
    finding: &Finding,
    edit: WorkspaceEdit,
) -> CodeAction {
    CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![super::diagnostic(&document.rope, finding)]),
        edit: Some(edit),
        is_preferred: Some(true),
        ..CodeAction::default()
    }
}

/// A name code can use: a Python identifier, not a keyword.
fn is_identifier(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    ];
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name)
}

/// The variable a secret moves to. A generic credential's finding names
/// it; a provider token or connection string is named after what it is
/// bound to (`GITHUB_TOKEN = "ghp_…"`), else after the finding's variable
/// or its rule (`secret/github-pat` → `GITHUB_PAT`). The engine reports
/// where a secret is; naming the variable is the fix's business.
fn secret_variable(finding: &Finding, literal: &pyedit::Literal) -> Option<String> {
    let generic = finding.rule == crate::rules::hardcoded_credential::RULE.id;
    let variable = if generic {
        finding.variable.clone()
    } else {
        literal
            .bound_name
            .as_deref()
            .map(crate::rules::env_var_name)
            .filter(|v| !v.is_empty())
            .or_else(|| finding.variable.clone())
            .or_else(|| {
                let tail = finding.rule.rsplit('/').next()?;
                Some(tail.to_uppercase().replace('-', "_"))
            })
    };
    variable.filter(|v| is_identifier(v))
}

/// What replaces a secret's literal: the settings expression, inside an
/// f-string that keeps the literal's other text when there is any. A
/// bytes literal stays bytes (`.encode()`).
fn literal_replacement(
    text: &str,
    literal: &pyedit::Literal,
    secret: std::ops::Range<usize>,
    expression: &str,
) -> String {
    let before = &text[literal.content.start..secret.start];
    let after = &text[secret.end..literal.content.end];
    let mut value = if before.is_empty() && after.is_empty() && !literal.in_concatenation {
        expression.to_owned()
    } else {
        let (prefix, before, after) = if literal.is_format() {
            (
                literal.prefix.replace('b', ""),
                before.to_owned(),
                after.to_owned(),
            )
        } else {
            let escape = |s: &str| s.replace('{', "{{").replace('}', "}}");
            let prefix = if literal.is_raw() { "rf" } else { "f" };
            (prefix.to_owned(), escape(before), escape(after))
        };
        let quote = &literal.quote;
        format!("{prefix}{quote}{before}{{{expression}}}{after}{quote}")
    };
    if literal.is_bytes() {
        value.push_str(".encode()");
    }
    value
}

/// Defines `variable` at the end of the settings module as `definition`
/// (an `os` read), importing `os` there if needed.
fn define_in_settings(settings: &mut FileEdits, tree: &Tree, variable: &str, definition: &str) {
    let text = settings.text();
    if let Some(edit) = pyedit::import_edit(&text, tree, Import::Module("os"), text.len()) {
        settings.add(edit);
    }
    let newline = if text.is_empty() || text.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    settings.add(ByteEdit {
        range: text.len()..text.len(),
        text: format!("{newline}{variable} = {definition}\n"),
    });
}

/// The edits that read a secret through the settings module instead of
/// the literal: the replacement, and the import, or for a module-level
/// `NAME = "…"` whose name the settings module provides, the import in
/// place of the assignment (`NAME = NAME` would be pointless, and inside a
/// function an `UnboundLocalError`). `None` when no edit keeps the code valid.
fn replace_literal(
    this: &mut FileEdits,
    text: &str,
    tree: &Tree,
    literal: &pyedit::Literal,
    secret: std::ops::Range<usize>,
    import: Import,
    expression: &str,
) -> Option<()> {
    let whole = secret == literal.content && !literal.in_concatenation;
    let self_assigned = literal
        .assigned_to
        .as_ref()
        .filter(|(name, _)| whole && name == expression);
    let Some((_, assignment)) = self_assigned else {
        let before = pyedit::statement_start(tree, literal.range.start);
        this.add(pyedit::import_edit(text, tree, import, before));
        this.add(ByteEdit {
            range: literal.range.clone(),
            text: literal_replacement(text, literal, secret, expression),
        });
        return Some(());
    };
    if literal.in_function {
        return None;
    }
    let statement = assignment.module_statement.clone()?;
    if literal.is_bytes() {
        // `NAME = NAME.encode()` at module level: the import binds it first.
        let before = statement.start;
        this.add(pyedit::import_edit(text, tree, import, before));
        this.add(ByteEdit {
            range: literal.range.clone(),
            text: literal_replacement(text, literal, secret, expression),
        });
        return Some(());
    }
    match pyedit::import_edit(text, tree, import, statement.start) {
        Some(edit) if edit.text.ends_with('\n') => {
            // A new import statement: it takes the assignment's place.
            this.add(ByteEdit {
                range: statement,
                text: edit.text.trim_end().to_owned(),
            });
        }
        merged => {
            // Merged into an existing import, or imported already: the
            // assignment goes, with its line when it has one of its own.
            this.add(merged);
            let line_start = text[..statement.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[statement.end..]
                .find('\n')
                .map_or(text.len(), |i| statement.end + i + 1);
            let rest = text[statement.end..line_end].trim();
            if !text[line_start..statement.start].trim().is_empty()
                || !(rest.is_empty() || rest.starts_with('#'))
            {
                return None;
            }
            this.add(ByteEdit {
                range: line_start..line_end,
                text: String::new(),
            });
        }
    }
    Some(())
}

fn settings_fix(
    context: &Context,
    uri: &Uri,
    document: &TextDocument,
    text: &str,
    tree: &Tree,
    finding: &Finding,
) -> Option<CodeAction> {
    let is_env = finding.rule == crate::rules::env_direct_access::RULE.id;
    if !is_env && !crate::rules::is_secret(&finding.rule) {
        return None;
    }
    let module = find_settings_module(context, document)?;
    let mut this = FileEdits::document(uri, document);
    let mut settings = FileEdits::file(context, &module.path)?;
    // Parsed from the very text the edits are positioned in.
    let settings_tree = pyedit::parse_clean(&settings.text())?;
    let mut preferred = true;
    // Another finding's secret inside the text a fix would copy: an edit
    // must never quote a secret.
    let holds_secret = |range: &std::ops::Range<usize>| {
        document.findings.iter().any(|f| {
            !std::ptr::eq(f, finding)
                && crate::rules::is_secret(&f.rule)
                && f.span.start < range.end
                && range.start < f.span.end
        })
    };
    let variable;
    if is_env {
        variable = finding.variable.clone().filter(|v| is_identifier(v))?;
        let mut read = pyedit::env_read(tree, text, finding.span.clone(), &variable)?;
        let secret_default = read
            .default
            .as_deref()
            .is_some_and(|d| !crate::rules::may_show(&variable, d));
        if holds_secret(&finding.span) || secret_default {
            // A secret default is not kept: it belongs in the environment too.
            read.definition = read.without_default.clone();
            preferred = false;
        }
        let (expression, name) = match settings_read(&module, &variable) {
            Some(found) => {
                // The settings module's read may have another default, or none.
                preferred &= !read.has_default;
                found
            }
            None => {
                define_in_settings(&mut settings, &settings_tree, &variable, &read.definition);
                (variable.clone(), variable.clone())
            }
        };
        let import = Import::From {
            module: &module.module,
            name: &name,
        };
        let before = pyedit::statement_start(tree, finding.span.start);
        this.add(pyedit::import_edit(text, tree, import, before));
        this.add(ByteEdit {
            range: finding.span.clone(),
            text: expression,
        });
    } else {
        let literal = pyedit::literal_around(tree, text, finding.span.clone())?;
        // A secret inside a triple-quoted document (a config sample, a
        // template) is one value among many lines: which variable it becomes
        // and how the document is rebuilt is for a person to decide.
        let part_of_document = literal.quote.len() == 3 && finding.span != literal.content;
        if literal.is_statement
            || literal.in_cases
            || literal.is_bytes() && literal.in_concatenation
            || part_of_document
            || holds_secret(&literal.content)
        {
            return None;
        }
        variable = secret_variable(finding, &literal)?;
        // A connection string is one value: the whole URL moves, not its password.
        let secret = if finding.rule == crate::rules::connection_string::RULE.id {
            literal.content.clone()
        } else {
            finding.span.clone()
        };
        let (expression, name) = settings_read(&module, &variable).unwrap_or_else(|| {
            let definition = format!("os.environ.get(\"{variable}\")");
            define_in_settings(&mut settings, &settings_tree, &variable, &definition);
            (variable.clone(), variable.clone())
        });
        let import = Import::From {
            module: &module.module,
            name: &name,
        };
        replace_literal(&mut this, text, tree, &literal, secret, import, &expression)?;
        // Bytes turned into text and back may not be the same bytes.
        preferred = !literal.is_bytes();
    }
    let template = template_edits(context, &module.path, &variable);
    let files = [Some(this), Some(settings), template];
    let edit = workspace_edit(context.edits, files.into_iter().flatten().collect())?;
    let mut action = quickfix(
        format!("Read `{variable}` through `{}`", module.module),
        document,
        finding,
        edit,
    );
    if !preferred {
        action.is_preferred = None;
    }
    Some(action)
}

/// `std::env::var("X")` read through the crate's settings module instead:
/// the same call behind a function of its own, so nothing else changes.
fn rust_settings_fix(
    context: &Context,
    uri: &Uri,
    document: &TextDocument,
    source: &str,
    finding: &Finding,
) -> Option<CodeAction> {
    if finding.rule != crate::rules::env_direct_access::RULE.id {
        return None;
    }
    let variable = finding.variable.as_deref()?;
    if !rsedit::is_var_call(source.get(finding.span.clone())?, variable) {
        return None;
    }
    let function = rsedit::function_name(variable)?;
    let module = rsedit::settings_module(
        &document.path,
        document.config.settings_patterns(),
        |path| open_text(context, path),
    )?;
    let mut settings = FileEdits::file(context, &module.path)?;
    let text = settings.text();
    match rsedit::existing_function(&text, &function, variable) {
        Some(false) => return None,
        Some(true) => {}
        None => settings.add(ByteEdit {
            range: text.len()..text.len(),
            text: rsedit::definition(&text, &function, variable),
        }),
    }
    let mut this = FileEdits::document(uri, document);
    this.add(ByteEdit {
        range: finding.span.clone(),
        text: format!("{}::{function}()", module.module),
    });
    let template = template_edits(context, &module.path, variable);
    let files = [Some(this), Some(settings), template];
    let edit = workspace_edit(context.edits, files.into_iter().flatten().collect())?;
    Some(quickfix(
        format!("Read `{variable}` through `{}`", module.module),
        document,
        finding,
        edit,
    ))
}

/// The edit that lists `variable` in the env template with a placeholder,
/// creating the template beside the settings module (at its workspace
/// root) if there is none. `None` when the template lists it already.
fn template_edits(context: &Context, module: &Path, variable: &str) -> Option<FileEdits> {
    let folder = context
        .roots
        .iter()
        .find(|r| module.starts_with(r))
        .cloned()
        .or_else(|| module.parent().map(Path::to_path_buf))?;
    let mut template = FileEdits::file(context, &folder.join(ENV_TEMPLATE))?;
    let text = template.text();
    if text
        .lines()
        .any(|l| l.split('=').next().map(str::trim) == Some(variable))
    {
        return None;
    }
    let newline = if text.is_empty() || text.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    template.add(ByteEdit {
        range: text.len()..text.len(),
        text: format!(
            "{newline}{variable}=your-{}-here\n",
            variable.to_lowercase().replace('_', "-")
        ),
    });
    Some(template)
}
