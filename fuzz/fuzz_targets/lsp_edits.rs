//! The language server's document store under random edit sequences.
//!
//! Input: a language byte, the initial text, then edits separated by 0xFF
//! (a byte UTF-8 never holds, so a seed made of a real file has no edits
//! until the fuzzer adds some). Each edit is start line, start character,
//! end line, end character, a flag byte and the inserted text; flag bit 0
//! replaces the whole text (a range-less change), bit 1 ends the batch of
//! changes sent together. After every batch the rope and the text must agree
//! and the findings on the incrementally reparsed tree must equal those of a
//! full parse of the same text.
#![no_main]

use credlint::internals::{Position, Range, TextDocument, TextDocumentContentChangeEvent};
use credlint::{check, Config, Document, Language};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

static CONFIG: LazyLock<Arc<Config>> = LazyLock::new(|| Arc::new(Config::default()));

fn check_agrees(document: &TextDocument) {
    assert_eq!(document.text(), document.rope.to_string());
    let incremental = check(&document.snapshot(), &CONFIG);
    let full = Document::with_language(&document.path, document.language, document.text());
    let full = match credlint::syntax::parse(document.language, document.text(), None) {
        Some(tree) => full.with_tree(tree),
        // Over the parse budget: the server's tree is then absent too, or
        // was reused from an older parse; nothing to compare.
        None => return,
    };
    assert_eq!(incremental, check(&full, &CONFIG), "{:?}", document.text());
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
        }
    }
    version += 1;
    document.apply(&batch, version);
    check_agrees(&document);
});
