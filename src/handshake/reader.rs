//! A length-checked cursor over a byte slice: every read names its field, so a short input
//! becomes a [`ParseError`] with the offset, the field, needed and available bytes.

use super::error::{ParseError, ParseErrorKind};

/// Reads big-endian integers and length-prefixed vectors (RFC 8446 §3.4 notation:
/// `opaque x<0..2^16-1>`) off a slice. Offsets in errors are `base` + position, so a cursor
/// over a part of a packet reports offsets into the whole packet.
#[derive(Clone, Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    base: usize,
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A cursor over `bytes`, which start at `base` in the caller's input.
    pub(crate) fn new(bytes: &'a [u8], base: usize) -> Reader<'a> {
        Reader {
            bytes,
            base,
            pos: 0,
        }
    }

    /// Offset of the next byte, in the caller's input.
    pub(crate) fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// The next `n` bytes.
    pub(crate) fn take(&mut self, n: usize, field: &'static str) -> Result<&'a [u8], ParseError> {
        if n > self.remaining() {
            return Err(ParseError::truncated(
                self.offset(),
                field,
                n,
                self.remaining(),
            ));
        }
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    /// The next `N` bytes as an array reference.
    pub(crate) fn array<const N: usize>(
        &mut self,
        field: &'static str,
    ) -> Result<&'a [u8; N], ParseError> {
        let (head, _) = self.bytes[self.pos..]
            .split_first_chunk::<N>()
            .ok_or_else(|| ParseError::truncated(self.offset(), field, N, self.remaining()))?;
        self.pos += N;
        Ok(head)
    }

    /// Everything left.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let out = &self.bytes[self.pos..];
        self.pos = self.bytes.len();
        out
    }

    /// A big-endian unsigned integer of `n` ≤ 8 bytes.
    pub(crate) fn uint(&mut self, n: usize, field: &'static str) -> Result<u64, ParseError> {
        Ok(self
            .take(n, field)?
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    pub(crate) fn u8(&mut self, field: &'static str) -> Result<u8, ParseError> {
        Ok(self.take(1, field)?[0])
    }

    pub(crate) fn u16(&mut self, field: &'static str) -> Result<u16, ParseError> {
        Ok(self.uint(2, field)? as u16)
    }

    pub(crate) fn u24(&mut self, field: &'static str) -> Result<u32, ParseError> {
        Ok(self.uint(3, field)? as u32)
    }

    pub(crate) fn u32(&mut self, field: &'static str) -> Result<u32, ParseError> {
        Ok(self.uint(4, field)? as u32)
    }

    /// A vector with a `len_bytes`-byte length prefix; a length past the end is an error at
    /// the length field, counting the prefix in `needed` and `available`.
    pub(crate) fn vec(
        &mut self,
        len_bytes: usize,
        field: &'static str,
    ) -> Result<(usize, &'a [u8]), ParseError> {
        let at = self.offset();
        let len = self.uint(len_bytes, field)? as usize;
        if len > self.remaining() {
            return Err(ParseError::truncated(
                at,
                field,
                len_bytes + len,
                len_bytes + self.remaining(),
            ));
        }
        let start = self.offset();
        Ok((start, self.take(len, field)?))
    }

    /// Fails if bytes are left: `field` names what they would have been after.
    pub(crate) fn finish(&self, field: &'static str) -> Result<(), ParseError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(ParseError {
                offset: self.offset(),
                field,
                kind: ParseErrorKind::TrailingBytes {
                    extra: self.remaining(),
                },
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_offset_field_needed_available() {
        let mut r = Reader::new(&[0, 3, 1, 2], 10);
        let e = r.vec(2, "list").unwrap_err();
        assert_eq!(e, ParseError::truncated(10, "list", 5, 4));
        let mut r = Reader::new(&[0, 2, 1, 2, 9], 10);
        assert_eq!(r.vec(2, "list").unwrap(), (12, &[1u8, 2][..]));
        assert_eq!(
            r.finish("end").unwrap_err().kind,
            ParseErrorKind::TrailingBytes { extra: 1 }
        );
        assert_eq!(
            r.u16("x").unwrap_err(),
            ParseError::truncated(14, "x", 2, 1)
        );
        assert_eq!(
            r.u24("y").unwrap_err(),
            ParseError::truncated(14, "y", 3, 1)
        );
        assert_eq!(r.u8("z").unwrap(), 9);
        assert!(r.finish("end").is_ok());
        // A fixed-size field: whole, or a truncation error at its offset.
        let mut r = Reader::new(&[1, 2, 3], 20);
        assert_eq!(r.array::<2>("pair").unwrap(), &[1, 2]);
        assert_eq!(
            r.array::<2>("pair").unwrap_err(),
            ParseError::truncated(22, "pair", 2, 1)
        );
    }
}
