//! The unit of analysis: a path, a language and the text.
//!
//! Both fronts build a [`Document`]: the CLI from a file on disk or stdin,
//! the language server from an editor buffer. A front that keeps a syntax tree
//! up to date itself (the language server reparses incrementally) can hand it
//! over with [`Document::with_tree`] so the engine does not parse again.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// How the engine reads a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// Parsed with tree-sitter-python; credential and environment rules see the syntax.
    Python,
    /// Parsed with tree-sitter-rust.
    Rust,
    /// A Jupyter notebook: its code cells are analysed as Python, with
    /// positions mapped back to the notebook's JSON (see `crate::notebook`);
    /// outputs and metadata get the provider-token scan only.
    Notebook,
    /// Any other text: provider tokens, connection strings and `key = value` lines.
    Text,
}

impl Language {
    /// Guesses the language from the file name, then from a `#!` line.
    pub fn detect(path: &Path, text: &str) -> Language {
        match path.extension().and_then(|e| e.to_str()) {
            Some("py" | "pyi" | "pyw") => return Language::Python,
            Some("rs") => return Language::Rust,
            Some("ipynb") => return Language::Notebook,
            _ => {}
        }
        let first_line = text.lines().next().unwrap_or("");
        if first_line.starts_with("#!") && first_line.contains("python") {
            return Language::Python;
        }
        Language::Text
    }

    /// The tree-sitter grammar, for languages that have one.
    pub fn grammar(self) -> Option<tree_sitter::Language> {
        match self {
            Language::Python => Some(tree_sitter_python::LANGUAGE.into()),
            Language::Rust => Some(tree_sitter_rust::LANGUAGE.into()),
            Language::Notebook | Language::Text => None,
        }
    }

    /// The language an editor's `languageId` names.
    pub fn from_language_id(id: &str) -> Option<Language> {
        match id {
            "python" => Some(Language::Python),
            "rust" => Some(Language::Rust),
            _ => None,
        }
    }

    /// The start of a line comment, used by suppression comments and quick fixes.
    pub fn comment_prefix(self) -> &'static str {
        match self {
            Language::Rust => "//",
            Language::Python | Language::Notebook | Language::Text => "#",
        }
    }
}

/// One text to analyse.
pub struct Document {
    /// Where the text comes from. Used for the language, the settings-module
    /// decision and path-based configuration; never read by the engine.
    pub path: PathBuf,
    pub language: Language,
    pub text: String,
    tree: Option<tree_sitter::Tree>,
    /// Whether `tree` is read even with a syntax error (see
    /// [`Document::reading_broken_tree`]).
    read_broken_tree: bool,
    /// Whether what reading a Rust tree item by item finds is remembered
    /// for the next version (see [`Document::read_once`]).
    remember_items: bool,
    /// The byte ranges that changed since a version of the text already
    /// analysed: see [`Document::with_changed`].
    changed: Option<Vec<Range<usize>>>,
    /// Whether the file is a Rust module its parent declares as test-only
    /// code: see [`Document::declared_for_tests`].
    test_module: bool,
    /// The whole text `text` was cut from, when it is a reduced copy: see
    /// [`Document::cut_from`].
    whole: Option<std::sync::Arc<str>>,
}

impl Document {
    /// A document whose language is guessed from its path and first line.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let path = path.into();
        let text = text.into();
        let language = Language::detect(&path, &text);
        Document {
            path,
            language,
            text,
            tree: None,
            read_broken_tree: false,
            remember_items: true,
            changed: None,
            test_module: false,
            whole: None,
        }
    }

    /// A document whose language the caller knows (an editor's `languageId`).
    pub fn with_language(
        path: impl Into<PathBuf>,
        language: Language,
        text: impl Into<String>,
    ) -> Self {
        Document {
            path: path.into(),
            language,
            text: text.into(),
            tree: None,
            read_broken_tree: false,
            remember_items: true,
            changed: None,
            test_module: false,
            whole: None,
        }
    }

    /// Supplies a syntax tree that matches `text` exactly (for example one the
    /// language server keeps up to date with incremental reparsing). One
    /// with a syntax error is not read (see [`Document::tree`]), only taken
    /// as the sign of a front that analyses the text at each edit.
    pub fn with_tree(mut self, tree: tree_sitter::Tree) -> Self {
        self.tree = Some(tree);
        self
    }

    /// Lets the supplied tree be read even when it has a syntax error,
    /// instead of a fresh parse of the text: for a front that reparses its
    /// tree incrementally at each keystroke (the language server), where a
    /// fresh parse of a broken 10,000-line Rust file costs 40–80 ms a key.
    /// Error recovery can depend on the edit history, so the findings on
    /// the broken items may then differ from the command line's; such a
    /// front analyses the version again without it once the edits pause.
    pub fn reading_broken_tree(mut self) -> Self {
        self.read_broken_tree = true;
        self
    }

    /// Reads the supplied tree item by item without remembering what each
    /// item gave: for a version unlikely to be followed by another (an
    /// editor's document just opened, of which only a few are ever
    /// edited), whose items would fill the process's memory of items
    /// (about the size of the text, per file) for nothing.
    pub fn read_once(mut self) -> Self {
        self.remember_items = false;
        self
    }

    /// Whether what reading the items finds is remembered (see
    /// [`Document::read_once`]).
    pub(crate) fn remembers_items(&self) -> bool {
        self.remember_items
    }

    /// The supplied tree, when it has no syntax error (or may be read with
    /// one, see [`Document::reading_broken_tree`]). Error recovery can
    /// depend on the edit history, so a broken buffer is otherwise analysed
    /// from a fresh parse, as the command line analyses the file.
    pub(crate) fn tree(&self) -> Option<&tree_sitter::Tree> {
        (self.tree.as_ref()).filter(|t| self.read_broken_tree || !t.root_node().has_error())
    }

    /// Whether the front supplied a tree with a syntax error: one that
    /// analyses the document at each edit (the language server), which
    /// gains from reading a fresh parse item by item (see
    /// [`crate::syntax::facts`]), whose items mostly did not change.
    pub(crate) fn has_broken_tree(&self) -> bool {
        self.tree
            .as_ref()
            .is_some_and(|t| t.root_node().has_error())
    }

    /// Says that only `changed` (sorted byte ranges) differs from a version
    /// already analysed (`credlint history`): the rules that start from a
    /// word (a credential name, an environment read) start only from the
    /// words in or next to those ranges, and a finding wholly outside them
    /// is left to the earlier version's findings. A finding's
    /// `fingerprint` numbers a variable's findings among those made here
    /// (baselines match secrets by their digest, not by it).
    pub fn with_changed(mut self, changed: Vec<Range<usize>>) -> Self {
        self.changed = Some(changed);
        self
    }

    pub(crate) fn changed(&self) -> Option<&[Range<usize>]> {
        self.changed.as_deref()
    }

    /// Says that `text` is a reduced copy of `whole` (the same lines, the
    /// lines not analysed emptied: [`crate::incremental`]): the statements
    /// analysed are the copy's, but every judgement the engine makes of the
    /// file as a whole (see [`Document::whole_text`]) reads `whole`, so
    /// that it is the one a fresh analysis of `whole` makes.
    pub(crate) fn cut_from(mut self, whole: std::sync::Arc<str>) -> Self {
        self.whole = Some(whole);
        self
    }

    /// The text the engine's file-wide judgements read: the whole text a
    /// reduced copy was cut from ([`Document::cut_from`]), else the text.
    /// Each such judgement returns no offset (a yes or no, a set of names),
    /// so it means the same in the copy. They are, for Python: whether the
    /// file is lexical code and which logged or printed names hold lexical
    /// tokens (`syntax::python::lexical_code`, `lexical_tokens`), which
    /// logged names it binds only as flags (`syntax::python::only_flags`),
    /// which names it assigns from an authentication source
    /// (`syntax::python::auth_assigned`), and whether it expands
    /// `${env.NAME}` references (`config::is_env_expander`).
    pub(crate) fn whole_text(&self) -> &str {
        self.whole.as_deref().unwrap_or(&self.text)
    }

    /// Says whether this Rust file is a module declared as test-only code
    /// by the file that declares it (`#[cfg(test)] mod tests;` in `lib.rs`
    /// for `src/tests.rs`, or any module of such a module): a fact of the
    /// parent, which the engine cannot read (no I/O), so the workspace layer
    /// finds it (`workspace::modules`) and both fronts hand it over. The
    /// whole file is then test code, as under an inner `#![cfg(test)]` or
    /// inside an inline `#[cfg(test)] mod tests { … }`.
    pub fn declared_for_tests(mut self, test_module: bool) -> Self {
        self.test_module = test_module;
        self
    }

    /// Whether the file is declared as test-only code (see
    /// [`Document::declared_for_tests`]).
    pub fn is_declared_for_tests(&self) -> bool {
        self.test_module
    }
}

/// Which values a text file can hold without quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quoting {
    /// Configuration and prose (`.env`, YAML, INI, properties, Markdown):
    /// `password: s3cret` is a value.
    Any,
    /// Source code in a language credlint does not parse (JavaScript, Go,
    /// Java, C#, PHP, Ruby…), and the unparsed parts of Python and Rust: only
    /// a quoted literal is a value; `Password: jenkinsToken,` and
    /// `token:e.t10233` are identifiers and expressions.
    QuotedOnly,
}

/// The string literals of a language credlint reads as text beside `"…"`
/// and `'…'`: a value written in one of them is as hardcoded as a quoted
/// one, and the `key = value` scan reads it as a literal
/// ([`crate::rules::hardcoded_credential::code_literal`]). Each form is the
/// language's own, as `` ` `` opens a command in Ruby or Perl and a name in
/// Kotlin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Literals {
    /// Only `"…"` and `'…'`.
    Quoted,
    /// JavaScript and TypeScript: a template literal, `` `…` ``, with
    /// backslash escapes; one holding `${…}` is code, not a value.
    Template,
    /// Go: a raw string, `` `…` ``, without escapes or interpolation.
    GoRaw,
    /// Kotlin, Scala, Swift, Groovy, Java text blocks, Dart, Julia:
    /// `"""…"""`; one holding `${…}` or Swift's `\(…)` is code.
    Triple,
    /// C#: a verbatim string, `@"…"` (`""` is a quote), and a raw one,
    /// `"""…"""`.
    CSharp,
    /// C, C++ and Objective-C: a raw string, `R"(…)"` or
    /// `R"delim(…)delim"`, with an encoding prefix or none, and
    /// Objective-C's string object, `@"…"` (backslash escapes), which
    /// C and C++ never write.
    CFamily,
}

impl Literals {
    /// The literal forms of `path`'s language, by its extension.
    pub fn of(path: &Path) -> Literals {
        match lowercase_extension(path).as_str() {
            "js" | "jsx" | "mjs" | "cjs" | "ts" | "tsx" | "mts" | "cts" | "vue" | "svelte" => {
                Literals::Template
            }
            "go" => Literals::GoRaw,
            "kt" | "kts" | "scala" | "swift" | "groovy" | "gradle" | "java" | "dart" | "jl" => {
                Literals::Triple
            }
            "cs" => Literals::CSharp,
            "c" | "h" | "cc" | "cpp" | "cxx" | "hpp" | "hh" | "m" | "mm" => Literals::CFamily,
            _ => Literals::Quoted,
        }
    }
}

/// How a language credlint reads as text declares a name with a value
/// besides `name = value`, which the `key = value` scan reads as that
/// language does ([`crate::rules::declarations`]): each shape only in the
/// files of the language that writes it (an arrow is an assignment in R,
/// a list in Clojure is a call).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Only `name = value` and its kin.
    Other,
    /// Go: `var password string = "…"`.
    Go,
    /// Visual Basic: `Dim password As String = "…"`, `Const … As String = "…"`.
    Basic,
    /// R: `password <- "…"`, `"…" -> password`.
    R,
    /// Clojure and EDN: `(def password "…")`, `{:password "…"}`.
    Clojure,
    /// PowerShell: `Set-Variable -Name password -Value '…'`, `New-Variable`.
    PowerShell,
    /// Objective-C and Swift: Foundation's `setValue:forHTTPHeaderField:`.
    Apple,
}

impl Dialect {
    /// The dialect of `path`'s language, by its extension (R's start-up
    /// files, `.Rprofile` and `Rprofile.site`, by their names).
    pub fn of(path: &Path) -> Dialect {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.eq_ignore_ascii_case(".Rprofile") || name.eq_ignore_ascii_case("Rprofile.site") {
            return Dialect::R;
        }
        match lowercase_extension(path).as_str() {
            "go" => Dialect::Go,
            "vb" | "bas" | "vba" | "vbs" | "cls" | "frm" => Dialect::Basic,
            "r" | "rmd" => Dialect::R,
            "clj" | "cljs" | "cljc" | "edn" | "bb" => Dialect::Clojure,
            "ps1" | "psm1" | "psd1" => Dialect::PowerShell,
            "m" | "mm" | "swift" => Dialect::Apple,
            _ => Dialect::Other,
        }
    }
}

/// `path`'s extension in lowercase (`Deploy.PS1` is PowerShell), empty
/// when it has none or it is not UTF-8.
fn lowercase_extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Extensions of source code that credlint reads as text.
const CODE_EXTENSIONS: &[&str] = &[
    "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "go", "java", "kt", "kts", "scala",
    "groovy", "gradle", "cs", "fs", "vb", "php", "rb", "swift", "c", "h", "cc", "cpp", "cxx",
    "hpp", "hh", "m", "mm", "dart", "lua", "pl", "pm", "r", "jl", "ex", "exs", "erl", "hs", "clj",
    "cljs", "cljc", "bb", "vue", "svelte", "zig", "nim", "cr", "v", "sol", "bas", "vba", "vbs",
    "cls", "frm",
];

impl Quoting {
    /// How `path`'s unquoted values are read: Jenkinsfiles are Groovy.
    pub fn of(path: &Path) -> Quoting {
        let code = CODE_EXTENSIONS.contains(&lowercase_extension(path).as_str())
            || path.file_name().is_some_and(|n| n == "Jenkinsfile");
        if code {
            Quoting::QuotedOnly
        } else {
            Quoting::Any
        }
    }
}
