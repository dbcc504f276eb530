//! The language server's document store under random edit sequences.
//!
//! Input: a language byte, the initial text, then edits separated by 0xFF
//! (a byte UTF-8 never holds, so a seed made of a real file has no edits
//! until the fuzzer adds some). Each edit is start line, start character,
//! end line, end character, a flag byte and the inserted text; flag bit 0
//! replaces the whole text (a range-less change), bit 1 ends the batch of
//! changes sent together. After every batch the rope and the text must agree
//! and the findings on the incrementally reparsed tree must equal those of a
//! full parse of the same text, and a Rust tree's facts found item by item
//! those of walks of the whole tree. A Python buffer is reparsed as the server
//! does it, after its diagnostics and off the lock: the reparse started after
//! one batch returns after the next batch was applied, and the tree it
//! leaves, once current and valid, must be a fresh parse's.
#![no_main]

use credlint::internals::{Position, Range, TextDocument, TextDocumentContentChangeEvent};
use credlint::{check, Config, Document, Language};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

static CONFIG: LazyLock<Arc<Config>> = LazyLock::new(|| Arc::new(Config::default()));

fn check_agrees(document: &TextDocument) {
    let text = document.text();
    assert_eq!(text, document.rope.to_string());
    let incremental = check(&document.snapshot(), &CONFIG);
    // Over the parse budget: the server's tree is then absent too, or was
    // reused from an older parse; nothing to compare.
    let Some(fresh) = credlint::syntax::parse(document.language, &text, None) else {
        return;
    };
    if let Some(kept) = document.tree() {
        assert_eq!(kept.root_node().to_sexp(), fresh.root_node().to_sexp());
    }
    let full =
        Document::with_language(&document.path, document.language, text.as_str()).with_tree(fresh);
    assert_eq!(incremental, check(&full, &CONFIG), "{text:?}");
    // Both analyses above read a Rust tree item by item, through what this
    // thread remembers of the versions before: that must be what walks of
    // the whole tree find.
    if document.language == Language::Rust {
        if let Some([by_item, whole]) =
            credlint::syntax::rust_facts_by_item_and_whole(&document.path, &text)
        {
            assert_eq!(by_item, whole, "{text:?}");
        }
    }
}

type Reparse = Box<dyn FnOnce(&mut TextDocument)>;

/// The server's reparse off the lock: started now, its tree handed back by
/// the returned closure (after the next batch, as a slow parse would be).
fn start_reparse(document: &mut TextDocument) -> Option<Reparse> {
    let (version, language, text, old) = document.start_reparse()?;
    let tree = credlint::syntax::parse(language, &text.to_string(), old.as_ref());
    Some(Box::new(move |document: &mut TextDocument| {
        document.set_tree(version, tree)
    }))
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let (language, path) = if selector % 2 == 0 {
        (Language::Python, "/repo/app.py")
    } else {
        (Language::Rust, "/repo/src/main.rs")
    };
    let mut parts = rest.split(|&b| b == 0xFF);
    let initial = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let mut document =
        TextDocument::new(PathBuf::from(path), language, &initial, 0, CONFIG.clone());
    let mut batch = Vec::new();
    let mut version = 0;
    let mut reparse: Option<Reparse> = None;
    for part in parts {
        let [start_line, start_char, end_line, end_char, flags, text @ ..] = part else {
            continue;
        };
        let position = |line: u8, character: u8| Position {
            line: u32::from(line),
            character: u32::from(character),
        };
        batch.push(TextDocumentContentChangeEvent {
            range: (flags & 1 == 0).then(|| Range {
                start: position(*start_line, *start_char),
                end: position(*end_line, *end_char),
            }),
            range_length: None,
            text: String::from_utf8_lossy(text).into_owned(),
        });
        if flags & 2 != 0 {
            version += 1;
            document.apply(&batch, version);
            batch.clear();
            check_agrees(&document);
            if let Some(finish) = reparse.take() {
                finish(&mut document);
                check_agrees(&document);
            }
            reparse = start_reparse(&mut document);
        }
    }
    version += 1;
    document.apply(&batch, version);
    check_agrees(&document);
    if let Some(finish) = reparse.take() {
        finish(&mut document);
    }
    if let Some(finish) = start_reparse(&mut document) {
        finish(&mut document);
    }
    check_agrees(&document);
});
