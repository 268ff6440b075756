//! Positions in an input: byte ranges with 1-based line and column, and borrowed tokens that
//! carry their own position.
//!
//! Every line, attribute and token of a parsed description that a diagnostic may point at
//! carries a [`Span`]. For binary inputs (STUN, captures) `line` is 0 and `column` is the byte
//! offset plus one, so the same type serves both.

use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// A byte range of the input, with the 1-based line and column of its first byte.
///
/// Columns count bytes, not characters: SDP is ASCII in practice, and byte columns are what
/// editors' "go to byte" and annotate-style renderers expect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// Offset of the first byte, from the start of the input (bytes).
    pub start: u32,
    /// Offset one past the last byte (bytes); `end == start` for an empty span.
    pub end: u32,
    /// 1-based line number of `start`.
    pub line: u32,
    /// 1-based column of `start` within its line (bytes).
    pub column: u32,
}

impl Span {
    /// Length of the span in bytes.
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no byte (a position, such as "end of line").
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// The byte range, for slicing the input this span was taken from.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// A span of `len` bytes starting `offset` bytes after the start of this one, on the same
    /// line. Used to point inside a line (a token, or the place where a grammar failed).
    pub fn sub(&self, offset: usize, len: usize) -> Span {
        let start = self.start + offset as u32;
        Span {
            start,
            end: start + len as u32,
            line: self.line,
            column: self.column + offset as u32,
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A piece of the input text together with where it was found.
///
/// Parsed models hold `Tok<'a>` borrowed from the input (`Cow::Borrowed`); `into_owned` turns
/// them into `Tok<'static>` for callers that must outlive the input.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Tok<'a> {
    /// The token's text, exactly as in the input.
    pub text: Cow<'a, str>,
    /// Where the token is in the input.
    pub span: Span,
}

impl<'a> Tok<'a> {
    /// A token made in code (no position): its span is the default, all zeros.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Self {
        Tok {
            text: text.into(),
            span: Span::default(),
        }
    }

    /// The token's text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The same token owning its text.
    pub fn into_owned(self) -> Tok<'static> {
        Tok {
            text: Cow::Owned(self.text.into_owned()),
            span: self.span,
        }
    }
}

impl std::ops::Deref for Tok<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Tok<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq<str> for Tok<'_> {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Tok<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl Serialize for Tok<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Tok", 2)?;
        st.serialize_field("text", &*self.text)?;
        st.serialize_field("span", &self.span)?;
        st.end()
    }
}

/// A text together with its span: the value of a line or attribute handed to a grammar, so
/// that the grammar can give every sub-slice its own position.
///
/// `Anchor::tok(sub)` requires `sub` to be a sub-slice of `text` (as returned by `split`,
/// `trim`, `find` and the like); its offset is derived from the slice's address, which is safe
/// Rust and costs nothing.
#[derive(Clone, Copy, Debug)]
pub struct Anchor<'a> {
    /// The text the grammar parses.
    pub text: &'a str,
    /// Where `text` is in the input.
    pub span: Span,
}

impl<'a> Anchor<'a> {
    /// Anchor `text` found at `span`.
    pub fn new(text: &'a str, span: Span) -> Self {
        Anchor { text, span }
    }

    /// Byte offset of `sub` from the start of `self.text`. `sub` must be a sub-slice of
    /// `self.text`; anything else is clamped into range rather than trusted.
    pub fn offset_of(&self, sub: &str) -> usize {
        let base = self.text.as_ptr() as usize;
        let at = sub.as_ptr() as usize;
        at.saturating_sub(base).min(self.text.len())
    }

    /// The span of a sub-slice of `self.text`.
    pub fn span_of(&self, sub: &str) -> Span {
        let off = self.offset_of(sub);
        self.span.sub(off, sub.len().min(self.text.len() - off))
    }

    /// A borrowed token for a sub-slice of `self.text`.
    pub fn tok(&self, sub: &'a str) -> Tok<'a> {
        Tok {
            text: Cow::Borrowed(sub),
            span: self.span_of(sub),
        }
    }

    /// The whole anchored text as a token.
    pub fn whole(&self) -> Tok<'a> {
        Tok {
            text: Cow::Borrowed(self.text),
            span: self.span,
        }
    }

    /// A syntax error at `sub` (a sub-slice of `self.text`, possibly empty, e.g. `&text[n..n]`
    /// for "at the end"), saying what was `expected` there.
    pub fn expected(&self, sub: &str, expected: &'static str) -> Expected {
        Expected {
            span: self.span_of(sub),
            expected,
        }
    }

    /// A syntax error at byte `offset` of `self.text` (to its end), saying what was expected.
    pub fn expected_at(&self, offset: usize, expected: &'static str) -> Expected {
        let offset = offset.min(self.text.len());
        Expected {
            span: self.span.sub(offset, self.text.len() - offset),
            expected,
        }
    }
}

/// A grammar failure: where, and what the grammar expected there.
///
/// `expected` is a short phrase that completes "expected …", e.g. `"a payload type (0-127)"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Expected {
    /// Where the grammar failed: the offending token, or an empty span at the place where
    /// something was missing.
    pub span: Span,
    /// What would have been accepted there.
    pub expected: &'static str,
}

/// Conversion of a borrowed model into one that owns all its text (`'static`).
pub trait IntoOwned {
    /// The owning form of `Self`.
    type Owned: 'static;
    /// Copy every borrowed piece of text, so the result no longer borrows the input.
    fn into_owned(self) -> Self::Owned;
}

impl IntoOwned for Tok<'_> {
    type Owned = Tok<'static>;
    fn into_owned(self) -> Tok<'static> {
        Tok::into_owned(self)
    }
}

impl IntoOwned for Cow<'_, str> {
    type Owned = Cow<'static, str>;
    fn into_owned(self) -> Cow<'static, str> {
        Cow::Owned(Cow::into_owned(self))
    }
}

impl<T: IntoOwned> IntoOwned for Option<T> {
    type Owned = Option<T::Owned>;
    fn into_owned(self) -> Self::Owned {
        self.map(IntoOwned::into_owned)
    }
}

impl<T: IntoOwned> IntoOwned for Vec<T> {
    type Owned = Vec<T::Owned>;
    fn into_owned(self) -> Self::Owned {
        self.into_iter().map(IntoOwned::into_owned).collect()
    }
}

/// Implements [`IntoOwned`] as the identity for types that borrow nothing.
#[macro_export]
#[doc(hidden)]
macro_rules! impl_owned_is_self {
    ($($t:ty),*) => {$(
        impl $crate::span::IntoOwned for $t {
            type Owned = $t;
            fn into_owned(self) -> $t { self }
        }
    )*};
}
impl_owned_is_self!(u8, u16, u32, u64, bool, char, Span, Expected);

/// Implements [`IntoOwned`] for a struct with one lifetime by converting each named field.
#[macro_export]
#[doc(hidden)]
macro_rules! impl_into_owned {
    ($name:ident { $($field:ident),* $(,)? }) => {
        impl<'a> $crate::span::IntoOwned for $name<'a> {
            type Owned = $name<'static>;
            fn into_owned(self) -> $name<'static> {
                $name { $($field: $crate::span::IntoOwned::into_owned(self.$field)),* }
            }
        }
    };
}

/// A serde_json error over `text` as (message, 1-based line, 1-based column). serde_json
/// reports the position after the offending byte; when that byte was a line break (a raw
/// newline inside a string) it says "column 0" of the next line, which becomes the end of the
/// line that holds the break. The message loses serde_json's " at line L column C" suffix.
pub(crate) fn json_error_position(e: &serde_json::Error, text: &str) -> (String, usize, usize) {
    let full = e.to_string();
    let message = match full.rsplit_once(" at line ") {
        Some((m, _)) if e.line() > 0 => m.to_string(),
        _ => full,
    };
    let (mut line, mut column) = (e.line(), e.column());
    if column == 0 && line > 1 {
        if let Some(prev) = text.split('\n').nth(line - 2) {
            line -= 1;
            column = prev.len() + 1;
        }
    }
    (message, line, column)
}

/// An anchor for grammar tests: `text` found at byte `start`, on `line`, at `column`.
#[cfg(test)]
pub(crate) fn test_anchor(text: &str, start: u32, line: u32, column: u32) -> Anchor<'_> {
    let end = start + text.len() as u32;
    Anchor::new(
        text,
        Span {
            start,
            end,
            line,
            column,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_gives_sub_slices_their_position() {
        let line = "a=mid:audio";
        let span = Span {
            start: 100,
            end: 111,
            line: 7,
            column: 1,
        };
        let a = Anchor::new(line, span);
        let mid = &line[6..];
        let t = a.tok(mid);
        assert_eq!(t.text, "audio");
        assert_eq!(
            t.span,
            Span {
                start: 106,
                end: 111,
                line: 7,
                column: 7
            }
        );
        let e = a.expected_at(11, "x");
        assert!(e.span.is_empty());
        assert_eq!(e.span.column, 12);
    }

    #[test]
    fn foreign_slices_are_clamped_not_trusted() {
        let a = Anchor::new("abc", Span::default());
        let other = String::from("zzzz");
        let s = a.span_of(&other);
        assert!(s.end as usize <= 3);
    }
}
