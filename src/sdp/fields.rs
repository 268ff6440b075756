//! A cursor over the space-separated fields of a line value, giving each field its span and
//! each failure a position and an "expected …" phrase. Shared by the line and attribute
//! grammars so that every error points at the token at fault.

use crate::span::{Anchor, Expected, Tok};

/// Fields of a value separated by single spaces (RFC 8866 `SP`).
pub(crate) struct Fields<'a> {
    pub anchor: Anchor<'a>,
    rest: &'a str,
}

impl<'a> Fields<'a> {
    pub fn new(anchor: Anchor<'a>) -> Self {
        Fields {
            anchor,
            rest: anchor.text,
        }
    }

    /// The text not consumed yet.
    pub fn rest(&self) -> &'a str {
        self.rest
    }

    /// Whether every field has been consumed.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next field: the text up to the next space (or the end). Fails on a missing field
    /// (pointing at the end) and on an empty one (two spaces in a row).
    pub fn field(&mut self, what: &'static str) -> Result<&'a str, Expected> {
        // Fields are short: a byte loop beats memchr's set-up cost here.
        let end = self.rest.bytes().position(|b| b == b' ');
        self.take(end, what)
    }

    /// [`Fields::field`] for fields that run long (digests, URIs: 60–200 bytes), where
    /// memchr's vector search beats the byte loop.
    pub fn long_field(&mut self, what: &'static str) -> Result<&'a str, Expected> {
        let end = memchr::memchr(b' ', self.rest.as_bytes());
        self.take(end, what)
    }

    /// Takes the field ending at `end` (the next space, or the end of the text when `None`)
    /// and the space after it.
    #[inline(always)]
    fn take(&mut self, end: Option<usize>, what: &'static str) -> Result<&'a str, Expected> {
        let end = end.unwrap_or(self.rest.len());
        let tok = &self.rest[..end];
        if tok.is_empty() {
            return Err(self.anchor.expected(tok, what));
        }
        self.rest = match self.rest[end..].strip_prefix(' ') {
            // A trailing space stays, so that `end` reports it.
            Some("") | None => &self.rest[end..],
            Some(after) => after,
        };
        Ok(tok)
    }

    /// The next field as a token with its span.
    pub fn tok(&mut self, what: &'static str) -> Result<Tok<'a>, Expected> {
        let f = self.field(what)?;
        Ok(self.anchor.tok(f))
    }

    /// The next field, which must be an RFC 8866 token: [`Fields::field`] (failing with
    /// `what`) then [`token`] (failing with `what_token`), in one pass over the bytes when the
    /// field is well-formed (a space is not a token character, so the run of token characters
    /// is the field).
    pub fn token_field(
        &mut self,
        what: &'static str,
        what_token: &'static str,
    ) -> Result<&'a str, Expected> {
        let b = self.rest.as_bytes();
        let run = token_run(b);
        if run > 0 && (run == b.len() || (b[run] == b' ' && run + 1 < b.len())) {
            let field = &self.rest[..run];
            self.rest = &self.rest[(run + 1).min(b.len())..];
            return Ok(field);
        }
        let field = self.field(what)?;
        token(&self.anchor, field, what_token)?;
        Ok(field)
    }

    /// [`Fields::token_field`] as a token with its span.
    pub fn token_tok(
        &mut self,
        what: &'static str,
        what_token: &'static str,
    ) -> Result<Tok<'a>, Expected> {
        let f = self.token_field(what, what_token)?;
        Ok(self.anchor.tok(f))
    }

    /// The next field if there is one.
    pub fn opt_field(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            None
        } else {
            self.field("").ok()
        }
    }

    /// The next field as a decimal number of at most `T`'s range.
    pub fn number<T: TryFrom<u64>>(
        &mut self,
        what: &'static str,
    ) -> Result<(Tok<'a>, T), Expected> {
        let f = self.field(what)?;
        let n = number(&self.anchor, f, what)?;
        Ok((self.anchor.tok(f), n))
    }

    /// Everything left, which must not be empty, as one token.
    pub fn remainder(&mut self, what: &'static str) -> Result<Tok<'a>, Expected> {
        if self.rest.is_empty() {
            return Err(self.anchor.expected(self.rest, what));
        }
        let r = self.rest;
        self.rest = &r[r.len()..];
        Ok(self.anchor.tok(r))
    }

    /// Everything left (possibly empty) as one token.
    pub fn tail(&mut self) -> Tok<'a> {
        let r = self.rest;
        self.rest = &r[r.len()..];
        self.anchor.tok(r)
    }

    /// Succeeds only if nothing is left.
    pub fn end(&self) -> Result<(), Expected> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(self.anchor.expected(self.rest, "the end of the line"))
        }
    }
}

/// `s` (a sub-slice of `anchor.text`) as a decimal number: ASCII digits only, in range of `T`.
/// The error points at the first non-digit, or at the whole number when it is out of range.
#[inline]
pub(crate) fn number<T: TryFrom<u64>>(
    anchor: &Anchor<'_>,
    s: &str,
    what: &'static str,
) -> Result<T, Expected> {
    match digits_value(s).map(T::try_from) {
        Some(Ok(n)) => Ok(n),
        _ => number_error(anchor, s, what),
    }
}

/// The value of `s` if it is 1 to 19 ASCII digits (so that it cannot overflow a `u64`): the
/// common case of [`number`], without a branch per digit.
#[inline]
pub(crate) fn digits_value(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 19 {
        return None;
    }
    let mut n: u64 = 0;
    let mut bad = 0u8;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        bad |= u8::from(d > 9);
        n = n.wrapping_mul(10).wrapping_add(u64::from(d));
    }
    (bad == 0).then_some(n)
}

/// The error of [`number`] (or a number of 20 digits or more that still fits).
#[cold]
fn number_error<T: TryFrom<u64>>(
    anchor: &Anchor<'_>,
    s: &str,
    what: &'static str,
) -> Result<T, Expected> {
    if s.is_empty() {
        return Err(anchor.expected(s, what));
    }
    let mut n: u64 = 0;
    for (i, b) in s.bytes().enumerate() {
        if !b.is_ascii_digit() {
            return Err(anchor.expected(char_at(s, i), what));
        }
        n = match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(b - b'0')))
        {
            Some(n) => n,
            None => return Err(anchor.expected(s, what)),
        };
    }
    T::try_from(n).map_err(|_| anchor.expected(s, what))
}

/// Checks that `s` is a non-empty run of ASCII digits of any length (RFC 8866 `1*DIGIT`, as
/// in `o=` session ids, which some stacks make longer than 64 bits).
pub(crate) fn digits(anchor: &Anchor<'_>, s: &str, what: &'static str) -> Result<(), Expected> {
    match nom::character::complete::digit1::<_, ()>(s) {
        Ok(("", _)) => Ok(()),
        Ok((rest, _)) => Err(anchor.expected(char_at(rest, 0), what)),
        Err(_) => Err(anchor.expected(if s.is_empty() { s } else { char_at(s, 0) }, what)),
    }
}

/// RFC 8866 §9 `token-char`: any visible ASCII except the separators below.
/// token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E
pub(crate) fn is_token_char(c: u8) -> bool {
    TOKEN_CHARS[c as usize]
}

/// `is_token_char` as a table: one load per byte on the hot path.
static TOKEN_CHARS: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = matches!(c as u8, 0x21 | 0x23..=0x27 | 0x2A..=0x2B | 0x2D..=0x2E | 0x30..=0x39 | 0x41..=0x5A | 0x5E..=0x7E);
        c += 1;
    }
    t
};

/// The decimal number of 1 to `max_digits` digits (at most 19, so that it cannot overflow) at
/// `b[start..]`, and the offset just after it; `None` if there is no digit there or more than
/// `max_digits` of them. For the one-pass paths of the attribute grammars.
pub(crate) fn small_number(b: &[u8], start: usize, max_digits: usize) -> Option<(u64, usize)> {
    debug_assert!(max_digits <= 19);
    let mut n = 0u64;
    let mut i = start;
    while let Some(d) = b.get(i).map(|c| c.wrapping_sub(b'0')).filter(|d| *d <= 9) {
        if i - start == max_digits {
            return None;
        }
        n = n * 10 + u64::from(d);
        i += 1;
    }
    (i > start).then_some((n, i))
}

/// A borrowed token for `text[from..to]` of an anchor, with its span (the one-pass paths
/// know the offsets; no pointer arithmetic needed).
pub(crate) fn tok_at<'a>(a: &Anchor<'a>, from: usize, to: usize) -> Tok<'a> {
    Tok {
        text: std::borrow::Cow::Borrowed(&a.text[from..to]),
        span: a.span.sub(from, to - from),
    }
}

/// Length of the run of token characters at the start of `b`.
pub(crate) fn token_run(b: &[u8]) -> usize {
    b.iter().position(|&c| !is_token_char(c)).unwrap_or(b.len())
}

/// Checks that `s` is a non-empty RFC 8866 `token`; the error points at the first bad byte.
pub(crate) fn token(anchor: &Anchor<'_>, s: &str, what: &'static str) -> Result<(), Expected> {
    if s.is_empty() {
        return Err(anchor.expected(s, what));
    }
    match s.bytes().position(|c| !is_token_char(c)) {
        None => Ok(()),
        Some(i) => Err(anchor.expected(char_at(s, i), what)),
    }
}

/// RFC 8839 `ice-char`: ALPHA / DIGIT / "+" / "/".
pub(crate) fn is_ice_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'+' || c == b'/'
}

/// `s` split at the first `sep` (an ASCII byte): the part before, and the part after if `sep`
/// was found. A byte loop: the values split here are a few bytes long.
pub(crate) fn split_at_byte(s: &str, sep: u8) -> (&str, Option<&str>) {
    match s.bytes().position(|b| b == sep) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    }
}

/// The character of `s` starting at byte `i`, as a slice (to point at a bad character without
/// cutting a multi-byte one in half). `i` must be a character boundary, as it is when every
/// byte before it is ASCII; otherwise the slice is empty.
pub(crate) fn char_at(s: &str, i: usize) -> &str {
    s.get(i..i + utf8_len(s, i)).unwrap_or("")
}

/// Length in bytes of the UTF-8 character starting at byte `i` of `s` (1 if `i` is not a
/// character boundary), for pointing at a whole bad character.
pub(crate) fn utf8_len(s: &str, i: usize) -> usize {
    s.get(i..)
        .and_then(|r| r.chars().next())
        .map_or(1, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(s: &str) -> Anchor<'_> {
        crate::span::test_anchor(s, 10, 3, 3)
    }

    #[test]
    fn fields_and_errors_point_at_the_token() {
        let a = anchor("96 opus/48000/2");
        let mut f = Fields::new(a);
        let (pt, n): (_, u8) = f.number("a payload type").unwrap();
        assert_eq!((pt.as_str(), n, pt.span.column), ("96", 96, 3));
        assert_eq!(f.field("x").unwrap(), "opus/48000/2");
        assert!(f.end().is_ok());
        let e = f.field("an encoding").unwrap_err();
        assert_eq!(e.span.column, 3 + 15);
    }

    #[test]
    fn number_rejects_signs_and_overflow() {
        let a = anchor("+1 70000 12a");
        let mut f = Fields::new(a);
        assert_eq!(f.number::<u16>("n").unwrap_err().span.column, 3);
        assert_eq!(f.number::<u16>("n").unwrap_err().span.column, 6);
        let e = f.number::<u16>("n").unwrap_err();
        assert_eq!((e.span.column, e.span.len()), (14, 1));
    }

    #[test]
    fn double_and_trailing_spaces_are_errors() {
        let a = anchor("a  b ");
        let mut f = Fields::new(a);
        assert_eq!(f.field("x").unwrap(), "a");
        assert!(f.field("x").is_err());
        let a = anchor("a ");
        let mut f = Fields::new(a);
        f.field("x").unwrap();
        assert_eq!(f.end().unwrap_err().span.column, 4);
    }
}
