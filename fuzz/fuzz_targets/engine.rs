//! The engine on arbitrary bytes, as each kind of file: the first byte picks
//! the file name (and so the language and the rules that apply) and the
//! configuration; the rest is the file, read lossily as the command line
//! reads it. Every finding must lie inside the text on character
//! boundaries, and the command line's excerpts and every report format must
//! render it.
#![no_main]

use credlint::config::Options;
use credlint::internals::FILE_KINDS;
use credlint::report::{self, Entry, Format, Report, Style};
use credlint::{analyse, Config, Document};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;

const FORMATS: [Format; 8] = [
    Format::Text,
    Format::Json,
    Format::Sarif,
    Format::Github,
    Format::Gitlab,
    Format::Markdown,
    Format::Junit,
    Format::Checkstyle,
];

/// The defaults, and the opt-in environment rules selected too.
static CONFIGS: LazyLock<[Config; 2]> = LazyLock::new(|| {
    let all = Options {
        extend_select: vec!["env".to_owned()],
        ..Options::default()
    };
    [
        Config::default(),
        Config::from_options(all, None, None).expect("valid"),
    ]
});

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let kind = FILE_KINDS[selector as usize % FILE_KINDS.len()];
    let config = &CONFIGS[(selector as usize / FILE_KINDS.len()) % 2];
    // The binary checks (keystores) take any bytes; their findings are
    // whole-file ones.
    let binary = credlint::analyse_bytes(&Path::new("/repo").join(kind), bytes, config);
    for finding in &binary.findings {
        assert_eq!(finding.span, 0..0, "{finding:?}");
    }
    let text = String::from_utf8_lossy(bytes).into_owned();
    let document = Document::new(Path::new("/repo").join(kind), text);
    let analysis = analyse(&document, config);
    let text = document.text.as_str();
    for finding in &analysis.findings {
        let span = &finding.span;
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{finding:?}"
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{finding:?}"
        );
        assert!(
            finding.start <= finding.end && finding.start.line >= 1,
            "{finding:?}"
        );
    }
    if analysis.findings.is_empty() {
        return;
    }
    let secrets = report::Secrets::new(credlint::engine::secret_spans(
        &document,
        config,
        &analysis.findings,
    ));
    let index = credlint::lines::LineIndex::new(text);
    let entries = analysis
        .findings
        .into_iter()
        .map(|finding| Entry {
            path: kind.to_owned(),
            absolute: document.path.clone(),
            excerpt: report::excerpt(text, &index, &secrets, &finding.span),
            finding,
            provenance: None,
        })
        .collect();
    let report = Report {
        entries,
        files_scanned: 1,
        ..Report::default()
    };
    for format in FORMATS {
        let mut out = Vec::new();
        // Both views of every format: the findings and `--statistics`.
        for statistics in [false, true] {
            let style = Style {
                color: format == Format::Text,
                quiet: false,
                statistics,
            };
            report::write(&report, format, style, &mut out).expect("writes to memory");
        }
    }
});
