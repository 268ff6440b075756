//! The error of every parser in [`crate::handshake`]: where (byte offset), which field, and
//! what was wrong.

use serde::Serialize;
use std::fmt;

/// Why bytes could not be parsed as a DTLS record, handshake message, RTP or RTCP packet.
///
/// `offset` counts bytes from the start of the slice given to the `parse_*` function (for a
/// record, from the start of the datagram).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ParseError {
    /// Offset of the offending field, in bytes.
    pub offset: usize,
    /// The field, in the RFC's words: `"record length"`, `"cipher_suites"`, `"CSRC list"`.
    pub field: &'static str,
    /// What is wrong.
    pub kind: ParseErrorKind,
}

/// What is wrong with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ParseErrorKind {
    /// The field, or what its length announces, runs past the end of the bytes.
    Truncated {
        /// Bytes the field needs, from `offset`.
        needed: usize,
        /// Bytes there are from `offset`.
        available: usize,
    },
    /// Bytes follow the end of a structure whose length is fixed by its enclosing one (a
    /// message body longer than its fields, an extension value longer than its list).
    TrailingBytes {
        /// How many bytes are left over.
        extra: usize,
    },
    /// The value is not one the RFC allows here.
    BadValue {
        /// The value read.
        value: u32,
        /// What was expected, e.g. `"RTP version 2"`.
        expected: &'static str,
    },
}

impl ParseError {
    pub(crate) const fn truncated(
        offset: usize,
        field: &'static str,
        needed: usize,
        available: usize,
    ) -> ParseError {
        ParseError {
            offset,
            field,
            kind: ParseErrorKind::Truncated { needed, available },
        }
    }

    pub(crate) const fn bad_value(
        offset: usize,
        field: &'static str,
        value: u32,
        expected: &'static str,
    ) -> ParseError {
        ParseError {
            offset,
            field,
            kind: ParseErrorKind::BadValue { value, expected },
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "byte {}: {}: ", self.offset, self.field)?;
        match self.kind {
            ParseErrorKind::Truncated { needed, available } => {
                write!(f, "needs {needed} bytes, {available} available")
            }
            ParseErrorKind::TrailingBytes { extra } => {
                write!(f, "{extra} bytes left over after the last field")
            }
            ParseErrorKind::BadValue { value, expected } => {
                write!(f, "{value} (0x{value:X}), expected {expected}")
            }
        }
    }
}

impl std::error::Error for ParseError {}
