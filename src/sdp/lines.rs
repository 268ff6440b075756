//! Phase 1: split the text into lines, each with its span and its line ending.
//!
//! Only LF ends a line (a CR right before it belongs to the ending); a CR alone at the very end
//! of the input is kept as a [`LineEnding::Cr`] so the writer gives the bytes back. The last
//! line may have no ending at all.

use crate::span::Span;
use serde::Serialize;

/// How a line ended in the input (the lossless writer puts the same bytes back).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineEnding {
    /// `\r\n`, as RFC 8866 §5 prescribes.
    CrLf,
    /// `\n` alone, which every stack tolerates.
    Lf,
    /// `\r` alone, only at the very end of the input.
    Cr,
    /// The last line of the input, with no ending.
    None,
}

impl LineEnding {
    /// The bytes of this ending.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::CrLf => "\r\n",
            LineEnding::Lf => "\n",
            LineEnding::Cr => "\r",
            LineEnding::None => "",
        }
    }
}

/// One line of the input, without its ending.
#[derive(Clone, Copy, Debug)]
pub struct RawLine<'a> {
    /// The text of the line, without the ending.
    pub text: &'a str,
    /// How the line ended.
    pub ending: LineEnding,
    /// Where the text is (line number, column 1).
    pub span: Span,
}

/// Iterator over the lines of `text`, with 1-based line numbers and byte offsets.
pub struct Lines<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
}

impl<'a> Lines<'a> {
    /// Lines of `text`.
    pub fn new(text: &'a str) -> Self {
        Lines {
            text,
            pos: 0,
            line: 0,
        }
    }

    /// Byte offset of the first byte not yet returned.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Number of lines returned so far.
    pub fn line_number(&self) -> u32 {
        self.line
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = RawLine<'a>;

    fn next(&mut self) -> Option<RawLine<'a>> {
        let rest = &self.text[self.pos..];
        if rest.is_empty() {
            return None;
        }
        let start = self.pos;
        // memchr's SIMD search: line splitting is the one scan over every byte.
        let (text, ending, used) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) if i > 0 && rest.as_bytes()[i - 1] == b'\r' => {
                (&rest[..i - 1], LineEnding::CrLf, i + 1)
            }
            Some(i) => (&rest[..i], LineEnding::Lf, i + 1),
            None if rest.ends_with('\r') => (&rest[..rest.len() - 1], LineEnding::Cr, rest.len()),
            None => (rest, LineEnding::None, rest.len()),
        };
        self.pos += used;
        self.line += 1;
        Some(RawLine {
            text,
            ending,
            span: Span {
                start: start as u32,
                end: (start + text.len()) as u32,
                line: self.line,
                column: 1,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_endings_and_a_last_line_without_one() {
        let text = "v=0\r\no=x\ns=-\r\nt=0 0";
        let lines: Vec<_> = Lines::new(text).collect();
        let got: Vec<_> = lines.iter().map(|l| (l.text, l.ending)).collect();
        assert_eq!(
            got,
            [
                ("v=0", LineEnding::CrLf),
                ("o=x", LineEnding::Lf),
                ("s=-", LineEnding::CrLf),
                ("t=0 0", LineEnding::None)
            ]
        );
        assert_eq!(lines[2].span.start, 9);
        assert_eq!(lines[3].span.line, 4);
        let back: String = lines
            .iter()
            .map(|l| format!("{}{}", l.text, l.ending.as_str()))
            .collect();
        assert_eq!(back, text);
    }

    #[test]
    fn empty_lines_and_trailing_cr() {
        let lines: Vec<_> = Lines::new("\n\r\na\r").collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].text, "");
        assert_eq!(lines[1].ending, LineEnding::CrLf);
        assert_eq!(lines[2].ending, LineEnding::Cr);
    }
}
