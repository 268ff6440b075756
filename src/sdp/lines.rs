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

    #[inline]
    fn next(&mut self) -> Option<RawLine<'a>> {
        let rest = &self.text[self.pos..];
        if rest.is_empty() {
            return None;
        }
        let start = self.pos;
        let (text, ending, used) = match find_newline(rest.as_bytes()) {
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

/// Offset of the first `\n` in `b`.
#[inline]
fn find_newline(b: &[u8]) -> Option<usize> {
    find_byte::<b'\n'>(b)
}

/// Offset of the first `NEEDLE` in `b`. SDP lines and attribute names are short (30-100
/// bytes, 3-20), too short for a SIMD search to pay for its set-up: eight bytes at a time in
/// a `u64` (the classic "has a zero byte" test on `word ^ NEEDLE..`), then byte by byte for
/// the tail.
#[inline]
pub(crate) fn find_byte<const NEEDLE: u8>(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let needles: u64 = ONES * NEEDLE as u64;
    let mut chunks = b.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ needles;
        let found = x.wrapping_sub(ONES) & !x & HIGHS;
        if found != 0 {
            // The lowest flagged byte is the first zero byte (higher flags may be false
            // positives, never lower ones).
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == NEEDLE)
        .map(|i| at + i)
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
    fn newline_search_agrees_with_a_byte_loop() {
        let text =
            b"a=x\n0123456789abcdef\n\n\xff\x8a\x0b\x09\n0123:456\n01234567\n012345678::;\xba";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let b = &text[start..end];
                assert_eq!(find_newline(b), b.iter().position(|&c| c == b'\n'), "{b:?}");
                assert_eq!(
                    find_byte::<b':'>(b),
                    b.iter().position(|&c| c == b':'),
                    "{b:?}"
                );
            }
        }
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
