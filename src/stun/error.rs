//! Decoding errors: each names the byte offset, the field, and what was wrong (for a length
//! problem: the bytes needed and the bytes available).

use super::attributes::AttributeType;
use serde::Serialize;
use std::fmt;

/// Why bytes could not be decoded as a STUN message, a ChannelData message or an RFC 4571
/// frame.
///
/// `offset` is counted from the first byte given to the decoder. For attribute errors
/// `attribute` is the type of the attribute and `attribute_offset` where its 4-byte header
/// starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct DecodeError {
    /// Offset of the offending field (bytes from the start of the input).
    pub offset: usize,
    /// The field, e.g. `"message length"`, `"attribute length"`, `"family"`.
    pub field: &'static str,
    /// The attribute the field belongs to, if any.
    pub attribute: Option<AttributeType>,
    /// Offset of that attribute's header (bytes from the start of the input).
    pub attribute_offset: Option<usize>,
    /// What is wrong.
    pub kind: ErrorKind,
}

/// What is wrong with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ErrorKind {
    /// The field (or what its length field announces) does not fit in the bytes that are
    /// there: a truncated header, a message length past the end of the input, an attribute
    /// (with its padding) past the end of the message.
    Truncated {
        /// Bytes the field needs, counted from `offset` (for a length field: from the start of
        /// the header it belongs to).
        needed: usize,
        /// Bytes available from that same place.
        available: usize,
    },
    /// The two most significant bits of the first byte are not zero (RFC 8489 §5): this is
    /// not a STUN message (RFC 7983 would send it elsewhere).
    NotStun {
        /// The first byte.
        first_byte: u8,
    },
    /// Bytes 4..8 are not the magic cookie 0x2112A442: an RFC 3489 message, or not STUN.
    BadMagicCookie {
        /// What was there.
        found: u32,
    },
    /// The message length is not a multiple of 4 (RFC 8489 §5: attributes are padded).
    LengthNotMultipleOf4 {
        /// The message length field.
        length: u16,
    },
    /// Bytes follow the message: the input is longer than 20 + the message length. (For a
    /// stream, use [`super::decode_prefix`].)
    TrailingBytes {
        /// Where the message ends (bytes).
        message_end: usize,
        /// How many bytes follow it.
        extra: usize,
    },
    /// An attribute value has a length its type does not allow.
    BadLength {
        /// The attribute length field.
        length: usize,
        /// What the type allows, e.g. `"20"`, `"8 (IPv4) or 20 (IPv6)"`.
        expected: &'static str,
    },
    /// An address family other than 0x01 (IPv4) and 0x02 (IPv6).
    UnknownAddressFamily {
        /// The family byte.
        family: u8,
    },
    /// A text value (USERNAME, REALM, NONCE, SOFTWARE, reason phrase…) is not UTF-8; the
    /// offset points at the first bad byte.
    NotUtf8,
    /// An ERROR-CODE (or ADDRESS-ERROR-CODE) number above 99, which `class * 100 + number`
    /// cannot represent (RFC 8489 §14.8).
    ErrorNumberOutOfRange {
        /// The number byte.
        number: u8,
    },
    /// A list inside an attribute (PASSWORD-ALGORITHMS) has an entry whose parameters run
    /// past the end of the attribute value.
    BadListEntry {
        /// Bytes the entry needs.
        needed: usize,
        /// Bytes left in the value.
        available: usize,
    },
    /// A TURN channel number outside 0x4000–0x4FFF (RFC 8656 §12; RFC 5766 allowed up to
    /// 0x7FFF).
    ChannelOutOfRange {
        /// The channel number.
        channel: u16,
    },
}

impl DecodeError {
    /// An error about a field of the message itself (not of an attribute).
    pub(crate) const fn at(offset: usize, field: &'static str, kind: ErrorKind) -> DecodeError {
        DecodeError {
            offset,
            field,
            attribute: None,
            attribute_offset: None,
            kind,
        }
    }

    /// An error about a field of an attribute.
    pub(crate) const fn in_attribute(
        attribute: AttributeType,
        attribute_offset: usize,
        offset: usize,
        field: &'static str,
        kind: ErrorKind,
    ) -> DecodeError {
        DecodeError {
            offset,
            field,
            attribute: Some(attribute),
            attribute_offset: Some(attribute_offset),
            kind,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "byte {}: ", self.offset)?;
        if let (Some(attr), Some(at)) = (self.attribute, self.attribute_offset) {
            write!(f, "{attr} (attribute at byte {at}) ")?;
        }
        write!(f, "{}: ", self.field)?;
        match self.kind {
            ErrorKind::Truncated { needed, available } => {
                write!(f, "needs {needed} bytes, {available} available")
            }
            ErrorKind::NotStun { first_byte } => write!(
                f,
                "first byte 0x{first_byte:02X} has a non-zero top bit pair, not STUN (RFC 8489 §5)"
            ),
            ErrorKind::BadMagicCookie { found } => write!(
                f,
                "0x{found:08X} is not the magic cookie 0x2112A442 (an RFC 3489 message, or not STUN)"
            ),
            ErrorKind::LengthNotMultipleOf4 { length } => {
                write!(f, "{length} is not a multiple of 4 (RFC 8489 §5)")
            }
            ErrorKind::TrailingBytes { message_end, extra } => {
                write!(f, "{extra} bytes follow the end of the message at byte {message_end}")
            }
            ErrorKind::BadLength { length, expected } => {
                write!(f, "length {length}, expected {expected}")
            }
            ErrorKind::UnknownAddressFamily { family } => write!(
                f,
                "unknown address family 0x{family:02X} (0x01 IPv4, 0x02 IPv6)"
            ),
            ErrorKind::NotUtf8 => f.write_str("not UTF-8"),
            ErrorKind::ErrorNumberOutOfRange { number } => {
                write!(f, "number {number} is above 99 (RFC 8489 §14.8)")
            }
            ErrorKind::BadListEntry { needed, available } => {
                write!(f, "entry needs {needed} bytes, {available} left in the value")
            }
            ErrorKind::ChannelOutOfRange { channel } => write!(
                f,
                "channel 0x{channel:04X} is outside 0x4000-0x4FFF (RFC 8656 §12)"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}
