//! Text rendering of diagnostics, compiler style, through `annotate-snippets`: the rule, the
//! place, the offending line(s) with carets under the span, secondary labels (in the same or
//! another input), `= help:` and `= note:` with the reference.
//!
//! ```text
//! error[S005]: invalid a=rtpmap: expected a clock rate (Hz)
//!   --> offer.sdp:12:17
//!    |
//! 12 | a=rtpmap:96 VP8/x
//!    |                 ^ invalid-attribute-value
//!    |
//!    = help: ...
//!    = note: RFC 8866 §6
//! ```
//!
//! The library only builds the text; the caller prints it and decides on colour (ANSI escape
//! sequences when `color` is true).

use super::{Diagnostic, Severity};
use crate::span::Span;
use annotate_snippets::{AnnotationKind, Element, Group, Level, Origin, Renderer, Snippet};
use std::ops::Range;

/// One input a diagnostic may point into: a name to show (a path, `<stdin>`) and its text.
///
/// [`Diagnostic::input`] and [`super::Label::input`] index a slice of these.
#[derive(Clone, Copy, Debug)]
pub struct SourceText<'a> {
    /// How the input is named in `--> origin:line:column`.
    pub origin: &'a str,
    /// The text the spans point into.
    pub text: &'a str,
}

/// Renders `d` against the inputs it may point into (`sources[d.input]` for the primary span,
/// `sources[label.input]` for each secondary label). Ends with a newline.
///
/// Never panics, whatever the spans hold: a span past the end of its text is clamped, a span
/// cutting a UTF-8 character is widened to whole characters, and a finding whose input is
/// missing or whose span has no position (line 0) is shown with its origin only.
pub fn render(d: &Diagnostic, sources: &[SourceText<'_>], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let title = level(d.severity)
        .primary_title(d.message.as_str())
        .id(d.code);
    let mut elements: Vec<Element<'_>> = Vec::new();

    // The primary snippet first, then one per other input that labels point into.
    let mut inputs = vec![d.input];
    for l in &d.secondary {
        if !inputs.contains(&l.input) {
            inputs.push(l.input);
        }
    }
    for (k, &input) in inputs.iter().enumerate() {
        let Some(src) = sources.get(input) else {
            if k == 0 {
                elements.push(Origin::path(format!("input #{input}")).into());
            }
            continue;
        };
        let mut annotations = Vec::new();
        if k == 0 && has_position(&d.span) {
            annotations.push(
                AnnotationKind::Primary
                    .span(clamp(src.text, &d.span))
                    .label(d.name),
            );
        }
        for l in d.secondary.iter().filter(|l| l.input == input) {
            if has_position(&l.span) {
                annotations.push(
                    AnnotationKind::Context
                        .span(clamp(src.text, &l.span))
                        .label(l.message.as_str()),
                );
            }
        }
        if annotations.is_empty() {
            if k == 0 {
                elements.push(Origin::path(src.origin).into());
            }
            continue;
        }
        elements.push(
            Snippet::source(src.text)
                .path(src.origin)
                .line_start(1)
                .fold(true)
                .annotations(annotations)
                .into(),
        );
    }
    // Labels with no position (or in a missing input) still say what they say.
    for l in &d.secondary {
        if !has_position(&l.span) || sources.get(l.input).is_none() {
            elements.push(Level::NOTE.message(l.message.as_str()).into());
        }
    }
    if let Some(h) = &d.help {
        elements.push(Level::HELP.message(h.as_str()).into());
    }
    elements.push(Level::NOTE.message(d.reference).into());
    let mut out = renderer.render(&[Group::with_title(title).elements(elements)]);
    out.push('\n');
    out
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    }
}

/// Whether a span points somewhere (line 0 is "no position": a finding about a whole set).
fn has_position(s: &Span) -> bool {
    s.line > 0
}

/// The span's byte range within `text`, on character boundaries.
fn clamp(text: &str, s: &Span) -> Range<usize> {
    let mut start = (s.start as usize).min(text.len());
    let mut end = (s.end as usize).clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::registry as r;

    fn span(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        let line = text[..start].matches('\n').count() as u32 + 1;
        let column = (start - text[..start].rfind('\n').map_or(0, |i| i + 1)) as u32 + 1;
        Span {
            start: start as u32,
            end: (start + needle.len()) as u32,
            line,
            column,
        }
    }

    #[test]
    fn points_at_the_span_with_help_and_reference() {
        let text = "v=0\r\na=rtpmap:96 VP8/x\r\n";
        let d = Diagnostic::new(
            &r::INVALID_ATTRIBUTE_VALUE,
            span(text, "x"),
            "invalid a=rtpmap: expected a clock rate (Hz)",
        )
        .with_help("write the clock rate in Hz, e.g. VP8/90000");
        let out = render(
            &d,
            &[SourceText {
                origin: "offer.sdp",
                text,
            }],
            false,
        );
        assert_eq!(
            out,
            "\
error[S005]: invalid a=rtpmap: expected a clock rate (Hz)
 --> offer.sdp:2:17
  |
2 | a=rtpmap:96 VP8/x
  |                 ^ invalid-attribute-value
  |
  = help: write the clock rate in Hz, e.g. VP8/90000
  = note: RFC 8866 §6
"
        );
        // Coloured: the same text with escape sequences.
        let coloured = render(
            &d,
            &[SourceText {
                origin: "offer.sdp",
                text,
            }],
            true,
        );
        assert!(coloured.contains("\x1b["));
    }

    #[test]
    fn labels_in_another_input_and_odd_spans() {
        let offer = "v=0\r\na=mid:0\r\n";
        let answer = "v=0\r\na=mid:1\r\n";
        let d = Diagnostic::new(&r::DUPLICATE_LINE, span(answer, "1"), "mid differs")
            .in_input(1)
            .with_label_in(0, span(offer, "mid:0").sub(4, 1), "the offer's mid");
        let out = render(
            &d,
            &[
                SourceText {
                    origin: "offer.sdp",
                    text: offer,
                },
                SourceText {
                    origin: "answer.sdp",
                    text: answer,
                },
            ],
            false,
        );
        assert!(out.contains("--> answer.sdp:2:7"), "{out}");
        assert!(out.contains("::: offer.sdp:2:7"), "{out}");
        assert!(out.contains("the offer's mid"), "{out}");
        // A span past the end, one inside a character, and a missing input: no panic.
        let text = "s=caf\u{e9}";
        let mut d = Diagnostic::new(&r::NOT_UTF8, Span::default(), "x");
        for (start, end) in [(100, 200), (5, 6), (4, 4)] {
            d.span = Span {
                start,
                end,
                line: 1,
                column: start + 1,
            };
            let out = render(&d, &[SourceText { origin: "a", text }], false);
            assert!(out.starts_with("error[S001]: x\n"), "{out}");
        }
        d.input = 3;
        assert!(render(&d, &[], false).contains("input #3"));
        // No position: the origin only.
        d.input = 0;
        d.span = Span::default();
        let out = render(
            &d,
            &[SourceText {
                origin: "a.txt",
                text,
            }],
            false,
        );
        assert!(out.contains("--> a.txt\n"), "{out}");
    }
}
