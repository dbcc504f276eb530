//! Literals, in exact bytes, one of which every match of a pattern holds:
//! what lets a rule with a short keyword (`fb`) run only where its regex's
//! literal (`EAA`) is too.
//!
//! This file is also a module of `build.rs`, which reads the built-in
//! table's literals at build time (reading them from the patterns was 9 M
//! instructions of every start, 7% of a one-file check): it uses nothing
//! but `regex_syntax`, which the build script depends on as the crate does.

/// Shortest literal taken for one a rule's matches cannot be without.
pub const REQUIRED_MIN_LEN: usize = 3;

/// Most spellings of the literals one of which a rule's matches hold.
pub const REQUIRED_MAX_COUNT: usize = 64;

/// Literals, in exact bytes, one of which every match of `pattern` holds:
/// the prefixes of its tail from one of its top-level pieces on
/// (`regex_syntax`'s prefix extraction, which spells out case-insensitive
/// letters), for the piece whose prefixes are the most selective (the
/// longest shortest one, then the fewest). `None` when no piece gives a
/// finite set of at most [`REQUIRED_MAX_COUNT`] literals of
/// [`REQUIRED_MIN_LEN`] bytes or more.
pub fn required_literals(pattern: &str, unicode: bool) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    use regex_syntax::hir::{Hir, HirKind};
    let hir = (regex_syntax::ParserBuilder::new()
        .unicode(unicode)
        .utf8(unicode))
    .build()
    .parse(pattern)
    .ok()?;
    let pieces: Vec<Hir> = match hir.kind() {
        HirKind::Concat(pieces) => pieces.clone(),
        _ => vec![hir.clone()],
    };
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix);
    let score = |literals: &Vec<Vec<u8>>| {
        let shortest = literals.iter().map(Vec::len).min().unwrap_or(0);
        (shortest, std::cmp::Reverse(literals.len()))
    };
    let mut best: Option<Vec<Vec<u8>>> = None;
    for start in 0..pieces.len() {
        let tail = Hir::concat(pieces[start..].to_vec());
        let seq = extractor.extract(&tail);
        let Some(literals) = seq.literals() else {
            continue;
        };
        let literals: Vec<Vec<u8>> = literals.iter().map(|l| l.as_bytes().to_vec()).collect();
        if literals.is_empty()
            || literals.len() > REQUIRED_MAX_COUNT
            || literals.iter().any(|l| l.len() < REQUIRED_MIN_LEN)
        {
            continue;
        }
        if best.as_ref().is_none_or(|b| score(&literals) > score(b)) {
            best = Some(literals);
        }
    }
    best
}
