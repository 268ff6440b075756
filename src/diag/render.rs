//! Plain-text rendering of diagnostics, compiler style: the rule, the place, the line and a
//! caret under the offending bytes.

use super::Diagnostic;
use std::fmt::Write;

/// Renders `d` against the `source` it was found in; `origin` names the input (a path or
/// `<stdin>`).
///
/// ```text
/// error[S005]: invalid a=rtpmap: expected a clock rate (Hz)
///   --> offer.sdp:12:19
///    |
/// 12 | a=rtpmap:96 VP8/x
///    |                 ^ expected a clock rate (Hz)
/// ```
pub fn render(d: &Diagnostic, source: &str, origin: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}[{}]: {}", d.severity, d.code, d.message);
    let line_no = d.span.line.max(1);
    let gutter = line_no.to_string().len();
    let _ = writeln!(
        out,
        "{:gutter$}--> {origin}:{}:{}",
        "",
        line_no,
        d.span.column.max(1)
    );
    if let Some(line) = line_at(source, d.span.start as usize) {
        let col = (d.span.column.max(1) - 1) as usize;
        let shown: String = line
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let width = d
            .span
            .len()
            .clamp(1, shown.len().saturating_sub(col).max(1));
        let _ = writeln!(out, "{:gutter$} |", "");
        let _ = writeln!(out, "{line_no} | {shown}");
        let _ = writeln!(
            out,
            "{:gutter$} | {:col$}{} {}",
            "",
            "",
            "^".repeat(width),
            d.name
        );
    }
    if let Some(h) = &d.help {
        let _ = writeln!(out, "{:gutter$} = help: {h}", "");
    }
    let _ = writeln!(out, "{:gutter$} = see: {}", "", d.reference);
    out
}

/// The line of `source` containing byte `offset` (without its ending).
fn line_at(source: &str, offset: usize) -> Option<&str> {
    if offset > source.len() {
        return None;
    }
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    Some(source[start..end].trim_end_matches('\r'))
}
