//! Quick fixes.
//!
//! - Every finding: add a `credlint: allow(<rule>)` comment on its line.
//! - An unused suppression: remove its comment.
//! - `env/direct-access` in Python: read the variable through the settings
//!   module instead (`os.environ["X"]` → `settings.X`, with the import), when
//!   the settings module defines it; otherwise add it to the settings module.
//! - A hardcoded secret in Python: replace the literal with a settings read,
//!   define the variable in the settings module if needed, and list it in
//!   `mcp_env.example` with a placeholder (one edit across the files).

use super::document::TextDocument;
use super::position;
use super::session::Session;
use crate::document::Language;
use crate::finding::Finding;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tower_lsp_server::lsp_types::*;
use tower_lsp_server::UriExt;

/// The environment template the policy names.
const ENV_TEMPLATE: &str = "mcp_env.example";

pub fn for_range(
    session: &Session,
    uri: &Uri,
    document: &TextDocument,
    range: Range,
) -> Vec<CodeAction> {
    let start = position::to_byte(&document.rope, range.start);
    let end = position::to_byte(&document.rope, range.end);
    let mut actions = Vec::new();
    for finding in document
        .findings
        .iter()
        .filter(|f| f.span.start <= end && start <= f.span.end)
    {
        if finding.rule == crate::rules::unused_suppression::RULE.id {
            actions.extend(remove_unused_suppression(uri, document, finding));
            continue;
        }
        if document.language == Language::Python {
            if let Some(action) = settings_fix(session, uri, document, finding) {
                actions.push(action);
            }
        }
        if let Some(action) = allow_comment(uri, document, finding) {
            actions.push(action);
        }
    }
    actions
}

/// `# credlint: allow(rule)` at the end of the finding's line (or the rule
/// added to an allow list already there).
fn allow_comment(uri: &Uri, document: &TextDocument, finding: &Finding) -> Option<CodeAction> {
    if document.path.extension().is_some_and(|e| e == "json") {
        return None; // JSON has no comments
    }
    let line = document.rope.byte_to_line(finding.span.start);
    let text = document.rope.line(line).to_string();
    let content = text.trim_end_matches(['\n', '\r']);
    let rule = &finding.rule;
    let edit = match content.find("credlint: allow(") {
        Some(at) => {
            let column = content[..at + "credlint: allow(".len()]
                .encode_utf16()
                .count() as u32;
            TextEdit::new(
                Range::new(
                    Position::new(line as u32, column),
                    Position::new(line as u32, column),
                ),
                format!("{rule}, "),
            )
        }
        None => {
            let end = Position::new(line as u32, content.encode_utf16().count() as u32);
            TextEdit::new(
                Range::new(end, end),
                format!(
                    "  {} credlint: allow({rule})",
                    document.language.comment_prefix()
                ),
            )
        }
    };
    let edit = WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
        ..WorkspaceEdit::default()
    };
    let mut action = quickfix(
        format!("Allow `{rule}` on this line"),
        document,
        finding,
        edit,
    );
    // The fix for a false positive, not for the finding: never the preferred one.
    action.is_preferred = None;
    Some(action)
}

/// Removes an unused suppression comment (only the comment: the code on its
/// line stays), as `credlint check --fix` does.
fn remove_unused_suppression(
    uri: &Uri,
    document: &TextDocument,
    finding: &Finding,
) -> Option<CodeAction> {
    let text = document.text();
    let range = crate::suppress::removal(text, finding.span.clone());
    let edit = TextEdit::new(
        position::range_from_bytes(&document.rope, range),
        String::new(),
    );
    let edit = WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
        ..WorkspaceEdit::default()
    };
    Some(quickfix(
        "Remove the unused suppression".to_owned(),
        document,
        finding,
        edit,
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

fn find_settings_module(session: &Session, document: &TextDocument) -> Option<SettingsModule> {
    let config = &document.config;
    let names: Vec<&str> = config
        .settings_patterns()
        .iter()
        .map(|p| p.rsplit('/').next().unwrap_or(p))
        .filter(|p| p.ends_with(".py") && !p.contains(['*', '?', '[']))
        .collect();
    let mut folders: Vec<&Path> = document.path.ancestors().skip(1).collect();
    folders.extend(session.roots.iter().map(PathBuf::as_path));
    for name in names {
        for folder in &folders {
            let path = folder.join(name);
            if path == document.path || !path.is_file() {
                continue;
            }
            let root = session
                .roots
                .iter()
                .find(|r| path.starts_with(r))
                .map_or(*folder, PathBuf::as_path);
            let relative = path.strip_prefix(root).unwrap_or(&path).with_extension("");
            let module = relative.to_string_lossy().replace(['/', '\\'], ".");
            let text = open_text(session, &path).or_else(|| std::fs::read_to_string(&path).ok())?;
            return Some(SettingsModule { path, module, text });
        }
    }
    None
}

/// The text of a file the editor has open, which may differ from the disk.
fn open_text(session: &Session, path: &Path) -> Option<String> {
    session
        .documents
        .values()
        .find(|d| d.path == path)
        .map(|d| d.text().to_owned())
}

/// How code reads `variable` from the settings module, and what to import.
fn settings_read(module: &SettingsModule, variable: &str) -> Option<(String, String)> {
    let names = crate::syntax::python_settings_names(&module.text);
    if names.module_names.iter().any(|n| n == variable) {
        return Some((
            variable.to_owned(),
            format!("from {} import {variable}", module.module),
        ));
    }
    names.instances.iter().find_map(|(instance, fields)| {
        let field = fields
            .iter()
            .find(|f| f.as_str() == variable || f.eq_ignore_ascii_case(variable))?;
        Some((
            format!("{instance}.{field}"),
            format!("from {} import {instance}", module.module),
        ))
    })
}

/// Where an import goes: after the last top-level import, else after a
/// shebang, encoding line or module docstring's first line.
fn import_edit(document: &TextDocument, import: &str) -> Option<TextEdit> {
    let text = document.text();
    if text.lines().any(|l| l.trim() == import) {
        return None;
    }
    let mut line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("import ") || l.starts_with("from "))
        .map(|(i, _)| i + 1)
        .last()
        .unwrap_or(0);
    if line == 0 {
        line = text
            .lines()
            .take_while(|l| l.starts_with("#!") || l.starts_with("# -*-"))
            .count();
    }
    let at = Position::new(line as u32, 0);
    Some(TextEdit::new(Range::new(at, at), format!("{import}\n")))
}

/// Appends `VARIABLE = os.environ.get("VARIABLE")` to the settings module.
fn define_in_settings(module: &SettingsModule, variable: &str) -> (Uri, Vec<TextEdit>) {
    let lines = module.text.lines().count() as u32;
    let end = Position::new(lines + 1, 0);
    let mut edits = Vec::new();
    if !module.text.lines().any(|l| l.trim() == "import os") {
        edits.push(TextEdit::new(
            Range::new(Position::new(0, 0), Position::new(0, 0)),
            "import os\n".into(),
        ));
    }
    let newline = if module.text.is_empty() || module.text.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    edits.push(TextEdit::new(
        Range::new(end, end),
        format!("{newline}{variable} = os.environ.get(\"{variable}\")\n"),
    ));
    (
        Uri::from_file_path(&module.path).expect("an absolute path"),
        edits,
    )
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

fn settings_fix(
    session: &Session,
    uri: &Uri,
    document: &TextDocument,
    finding: &Finding,
) -> Option<CodeAction> {
    // A write is not an expression a settings read could replace.
    if finding.rule == crate::rules::env_direct_write::RULE.id {
        return None;
    }
    let variable = finding.variable.as_deref()?;
    if variable.is_empty()
        || !variable
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    let module = find_settings_module(session, document)?;
    let is_env = finding.rule.starts_with("env/");
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    let read = settings_read(&module, variable);
    if read.is_none() && is_env {
        // The settings module does not read this variable yet: offer to add it.
        let (settings_uri, edits) = define_in_settings(&module, variable);
        changes.insert(settings_uri, edits);
        let edit = WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        };
        return Some(quickfix(
            format!("Define `{variable}` in `{}`", module.module),
            document,
            finding,
            edit,
        ));
    }
    let (expression, import) = read.unwrap_or_else(|| {
        // A hardcoded secret whose variable the settings module lacks: define it there too.
        let (settings_uri, edits) = define_in_settings(&module, variable);
        changes.insert(settings_uri, edits);
        (
            variable.to_owned(),
            format!("from {} import {variable}", module.module),
        )
    });
    changes
        .entry(uri.clone())
        .or_default()
        .extend(import_edit(document, &import));
    let replacement = if is_env {
        TextEdit::new(
            position::range_from_bytes(&document.rope, finding.span.clone()),
            expression.clone(),
        )
    } else {
        let (literal, prefix, suffix) =
            string_literal_around(document.text(), finding.span.clone())?;
        let text = if prefix.is_empty() && suffix.is_empty() {
            expression.clone()
        } else {
            let escape = |s: &str| s.replace('{', "{{").replace('}', "}}");
            format!(
                "f\"{}{{{expression}}}{}\"",
                escape(&prefix),
                escape(&suffix)
            )
        };
        TextEdit::new(position::range_from_bytes(&document.rope, literal), text)
    };
    changes.entry(uri.clone()).or_default().push(replacement);
    let title = format!("Read `{variable}` through `{}`", module.module);
    let edit = match template_edit(session, &module, variable) {
        Some((template, Some(template_change))) if !is_env => {
            with_template(changes, template, template_change)
        }
        _ => WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        },
    };
    Some(quickfix(title, document, finding, edit))
}

/// The byte range of the string literal holding `secret` (quotes and
/// prefix included), with the literal's text before and after the secret.
fn string_literal_around(
    text: &str,
    secret: std::ops::Range<usize>,
) -> Option<(std::ops::Range<usize>, String, String)> {
    let line_start = text[..secret.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[secret.end..]
        .find('\n')
        .map_or(text.len(), |i| secret.end + i);
    let open = text[line_start..secret.start].rfind(['"', '\''])? + line_start;
    let quote = text.as_bytes()[open];
    let close = text[secret.end..line_end].find(quote as char)? + secret.end;
    let mut start = open;
    while start > line_start && text.as_bytes()[start - 1].is_ascii_alphabetic() {
        start -= 1; // b"…", r"…"
    }
    Some((
        start..close + 1,
        text[open + 1..secret.start].to_owned(),
        text[secret.end..close].to_owned(),
    ))
}

/// The edit that lists `variable` in the env template with a placeholder,
/// creating the template beside the settings module if there is none.
/// `None` inside means the template lists it already.
fn template_edit(
    session: &Session,
    module: &SettingsModule,
    variable: &str,
) -> Option<(Uri, Option<(bool, TextEdit)>)> {
    let folder = session
        .roots
        .iter()
        .find(|r| module.path.starts_with(r))
        .cloned()
        .or_else(|| module.path.parent().map(Path::to_path_buf))?;
    let path = folder.join(ENV_TEMPLATE);
    let uri = Uri::from_file_path(&path)?;
    let existing = open_text(session, &path).or_else(|| std::fs::read_to_string(&path).ok());
    let placeholder = format!(
        "{variable}=your-{}-here\n",
        variable.to_lowercase().replace('_', "-")
    );
    let listed = existing.as_deref().is_some_and(|t| {
        t.lines()
            .any(|l| l.split('=').next().map(str::trim) == Some(variable))
    });
    if listed {
        return Some((uri, None));
    }
    let (exists, edit) = match existing {
        Some(text) => {
            let end = Position::new(text.lines().count() as u32 + 1, 0);
            let newline = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            (
                true,
                TextEdit::new(Range::new(end, end), format!("{newline}{placeholder}")),
            )
        }
        None => (false, TextEdit::new(Range::default(), placeholder)),
    };
    Some((uri, Some((exists, edit))))
}

/// Adds the template edit; a template that does not exist yet is created.
fn with_template(
    changes: HashMap<Uri, Vec<TextEdit>>,
    template: Uri,
    (exists, edit): (bool, TextEdit),
) -> WorkspaceEdit {
    if exists {
        let mut changes = changes;
        changes.entry(template).or_default().push(edit);
        return WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        };
    }
    let mut operations = vec![DocumentChangeOperation::Op(ResourceOp::Create(
        CreateFile {
            uri: template.clone(),
            options: Some(CreateFileOptions {
                overwrite: Some(false),
                ignore_if_exists: Some(true),
            }),
            annotation_id: None,
        },
    ))];
    for (uri, edits) in changes.into_iter().chain([(template, vec![edit])]) {
        operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        }));
    }
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(operations)),
        ..WorkspaceEdit::default()
    }
}
