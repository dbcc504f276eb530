//! The source shown under a finding: a bounded window of its first line,
//! every secret-looking value in it redacted.
//!
//! The window keeps the output linear in the number of findings: a finding
//! on a minified 1 MB line shows at most a few hundred characters, not the
//! line. The redactions come from [`crate::engine::secret_spans`], so a
//! second secret on the line, an allowlisted or suppressed one, or one whose
//! rule is not selected is hidden just like the reported one.

use crate::lines::LineIndex;
use crate::redact::redact;
use std::ops::Range;

/// Characters of context shown before and after the flagged text.
const CONTEXT: usize = 40;
/// Characters of flagged text shown before it is cut.
const FOCUS: usize = 160;
/// Marks text left out, at either end of the window or inside the focus.
const CUT: &str = "…";

/// A redacted window of one line, and where the flagged text sits in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    pub text: String,
    /// Byte range of the flagged text in `text`.
    pub focus: Range<usize>,
}

/// What stands for the source of a finding on a binary file, whose bytes
/// are never shown.
pub fn binary_excerpt() -> Excerpt {
    let text = "(binary file)".to_owned();
    Excerpt {
        focus: 0..text.len(),
        text,
    }
}

/// What stands for the source of a finding in a file over `max-file-size`:
/// the finding's redacted secret alone. Such a file was searched for
/// provider tokens only, so the text around one is not known to be free of
/// other secrets (and its lines are often a recorded response's whole body).
pub fn bare_excerpt(redacted: &str) -> Excerpt {
    Excerpt {
        focus: 0..redacted.len(),
        text: redacted.to_owned(),
    }
}

/// The window of `span`'s first line around `span`, with every range of
/// `secrets` (sorted, not overlapping) that touches it replaced by its
/// redacted form.
pub fn excerpt(text: &str, index: &LineIndex, secrets: &Secrets, span: &Range<usize>) -> Excerpt {
    let line = index.line_of(span.start.min(text.len()));
    let mut line_start = index.line_start(line);
    if line_start == 0 && text.starts_with('\u{feff}') {
        line_start = '\u{feff}'.len_utf8(); // a byte order mark is not text
    }
    let line_end = index.line_start(line) + index.line_text(line).len();
    let window = Window {
        text,
        secrets,
        line: line_start..line_end,
    };
    // The flagged text, widened to whole redactions, on this line only.
    let focus_start = window.widen_start(span.start.clamp(line_start, line_end));
    let focus_end = window.widen_end(span.end.clamp(focus_start, line_end));

    let from = window.widen_start(back(&text[line_start..focus_start], CONTEXT) + line_start);
    let shown_end = window.widen_end(forward(text, focus_start, focus_end, FOCUS));
    let to = window.widen_end(forward(text, focus_end, line_end, CONTEXT));

    let mut out = String::new();
    if from > line_start {
        out.push_str(CUT);
    }
    window.render(from..focus_start, &mut out);
    let focus_at = out.len();
    window.render(focus_start..shown_end, &mut out);
    if shown_end < focus_end {
        out.push_str(CUT);
    }
    let focus = focus_at..out.len();
    window.render(focus_end..to, &mut out);
    if to < line_end {
        out.push_str(CUT);
    }
    Excerpt { text: out, focus }
}

/// A document's secret spans (sorted, disjoint), each redacted once, when
/// first shown. A window widened to whole secrets can hold one secret
/// under many findings: a line of tokens glued by `_` is one merged span
/// of the whole line under each of its tokens' findings, and redacting it
/// again for each made such a line quadratic (20,000 tokens: 16 s).
pub struct Secrets {
    spans: Vec<Range<usize>>,
    redacted: Vec<std::cell::OnceCell<String>>,
}

impl Secrets {
    pub fn new(spans: Vec<Range<usize>>) -> Secrets {
        let redacted = spans.iter().map(|_| std::cell::OnceCell::new()).collect();
        Secrets { spans, redacted }
    }

    /// The redacted form of the `i`th secret of `text`.
    fn redacted(&self, text: &str, i: usize) -> &str {
        self.redacted[i].get_or_init(|| redact(&text[self.spans[i].clone()]))
    }
}

struct Window<'a> {
    text: &'a str,
    secrets: &'a Secrets,
    line: Range<usize>,
}

impl Window<'_> {
    /// The secret `offset` falls strictly inside, if any.
    fn inside(&self, offset: usize) -> Option<&Range<usize>> {
        let spans = &self.secrets.spans;
        let i = spans.partition_point(|s| s.end <= offset);
        spans.get(i).filter(|s| s.start < offset && offset < s.end)
    }

    /// `offset`, moved back to the start of a secret it cuts (not past the line).
    fn widen_start(&self, offset: usize) -> usize {
        self.inside(offset)
            .map_or(offset, |s| s.start.max(self.line.start))
    }

    /// `offset`, moved on to the end of a secret it cuts (not past the line).
    fn widen_end(&self, offset: usize) -> usize {
        self.inside(offset)
            .map_or(offset, |s| s.end.min(self.line.end))
    }

    /// Appends `range` of the line, each secret in it redacted. A secret that
    /// began on an earlier line shows as a bare cut mark: its redacted form
    /// was shown where it starts.
    fn render(&self, range: Range<usize>, out: &mut String) {
        // An empty range at the line's end would meet a secret running on
        // to the next line again.
        if range.is_empty() {
            return;
        }
        let mut cursor = range.start;
        let spans = &self.secrets.spans;
        let first = spans.partition_point(|s| s.end <= range.start);
        for (i, secret) in (first..)
            .zip(&spans[first..])
            .take_while(|(_, s)| s.start < range.end)
        {
            out.push_str(&self.text[cursor..secret.start.max(cursor)]);
            if secret.start < self.line.start {
                out.push_str(CUT);
            } else {
                out.push_str(self.secrets.redacted(self.text, i));
            }
            cursor = secret.end.min(range.end);
        }
        if cursor < range.end {
            out.push_str(&self.text[cursor..range.end]);
        }
    }
}

/// The offset `chars` characters before the end of `text` (or its start).
fn back(text: &str, chars: usize) -> usize {
    text.char_indices()
        .rev()
        .take(chars)
        .last()
        .map_or(text.len(), |(i, _)| i)
}

/// The offset `chars` characters after `from`, not past `to`.
fn forward(text: &str, from: usize, to: usize, chars: usize) -> usize {
    text[from..to]
        .char_indices()
        .nth(chars)
        .map_or(to, |(i, _)| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str, secrets: &[Range<usize>], span: Range<usize>) -> (String, String) {
        let index = LineIndex::new(text);
        let e = excerpt(text, &index, &Secrets::new(secrets.to_vec()), &span);
        (e.text.clone(), e.text[e.focus].to_owned())
    }

    #[test]
    fn every_secret_on_the_line_is_redacted_and_the_focus_follows() {
        let text = "f(os.environ['HOST'], 'Xq7#pLm2Rt9z', 'Wb4$kTn8Yc3v')\n";
        let a = text.find("Xq7").unwrap();
        let b = text.find("Wb4").unwrap();
        let secrets = [a..a + 12, b..b + 12];
        let (line, focus) = show(text, &secrets, b..b + 12);
        assert_eq!(focus, redact("Wb4$kTn8Yc3v"));
        assert!(
            !line.contains("Xq7#pLm2") && !line.contains("Wb4$kTn8"),
            "{line}"
        );
        let env = text.find("os.").unwrap();
        let (_, focus) = show(text, &secrets, env..env + 18);
        assert_eq!(focus, "os.environ['HOST']");
    }

    /// A secret running on to the next line (a literal continued by
    /// concatenation) is shown once, at its start.
    #[test]
    fn a_secret_running_past_the_line_is_shown_once() {
        let text = "secret = (\"Kq7mZ2xRp9Lw\"\n    \"3tYh5Nc8vQwE\")\n";
        let secret = text.find("\"Kq").unwrap()..text.find("E\"").unwrap() + 2;
        let span = secret.start + 1..secret.end - 1;
        let (line, focus) = show(text, std::slice::from_ref(&secret), span);
        assert_eq!(focus, redact(&text[secret]));
        assert_eq!(line, format!("secret = ({focus}"));
    }

    #[test]
    fn a_flagged_span_inside_a_secret_shows_the_whole_redaction() {
        let text = "x = 'getenv-Xq7#pLm2Rt9z'";
        let secret = 5..text.len() - 1;
        let (line, focus) = show(text, std::slice::from_ref(&secret), 6..9);
        assert_eq!(focus, redact(&text[secret]));
        assert_eq!(line, format!("x = '{focus}'"));
    }

    #[test]
    fn a_secret_from_an_earlier_line_is_a_cut_mark() {
        let text = "key = \"-----BEGIN\nMIIE\nabc-----END\" token = 'Wb4$kTn8Yc3v' é\n";
        let pem = 7..text.find("END\"").unwrap() + 3;
        let b = text.find("Wb4").unwrap();
        let (line, focus) = show(text, &[pem, b..b + 12], b..b + 12);
        assert_eq!(line, format!("…\" token = '{focus}' é"));
    }

    #[test]
    fn a_byte_order_mark_is_not_shown() {
        let text = "\u{feff}x = 1";
        assert_eq!(show(text, &[], 3..4), ("x = 1".into(), "x".into()));
    }

    #[test]
    fn long_lines_show_a_bounded_window() {
        let filler = "é".repeat(10_000);
        let text = format!("{filler} flagged {filler}");
        let at = text.find("flagged").unwrap();
        let (line, focus) = show(&text, &[], at..at + 7);
        assert_eq!(focus, "flagged");
        assert!(line.starts_with(CUT) && line.ends_with(CUT));
        assert_eq!(line.chars().count(), 2 * CONTEXT + 7 + 2);
        let (line, focus) = show(&text, &[], 0..text.len());
        assert_eq!(focus.chars().count(), FOCUS + 1);
        assert!(line.chars().count() <= FOCUS + CONTEXT + 2);
    }
}
