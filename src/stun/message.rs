//! The message: zero-copy decoding ([`decode`], [`decode_lax`], [`decode_prefix`]),
//! attribute iteration ([`Message::attributes`], [`Message::values`]), placement findings
//! (duplicates, unauthenticated attributes) and byte-exact re-encoding.

use super::attributes::AttributeType;
use super::error::{DecodeError, ErrorKind};
use super::header::{Class, Header, MessageType, Method, TransactionId, HEADER_LEN, MAGIC_COOKIE};
use super::value::{padding_len, value_error, Address, AttributeValue, ErrorCodeValue};
use std::fmt;

/// A decoded STUN message, borrowing the bytes it was decoded from.
///
/// Decoding checks the header and every attribute in one pass, keeps the typed values of the
/// first [`CACHED_VALUES`] attributes (an ICE check has 5–8) and records where the attributes
/// that verification needs are. [`Message::values`] hands out the kept values (and types
/// later attributes on demand); [`Message::attributes`] walks the bytes again to give each
/// attribute with its offset, raw bytes and padding. Nothing is allocated.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Message<'a> {
    bytes: &'a [u8],
    count: u32,
    // Offsets of the first occurrence of the attributes verification needs, 0 when absent
    // (0 is never an attribute offset: the header is there). Indexed by slot (`tracked`).
    first: [u32; TRACKED],
    strict: bool,
    cached: u8,
    // Where the attribute after the last kept value starts.
    cache_end: u32,
    values: [AttributeValue<'a>; CACHED_VALUES],
}

/// How many typed values a [`Message`] keeps from decoding (later attributes are typed when
/// iterated).
pub const CACHED_VALUES: usize = 8;

const TRACKED: usize = 7;

/// The tracked types, by slot: MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256,
/// GOOG-MESSAGE-INTEGRITY-32, FINGERPRINT, USERHASH, PASSWORD-ALGORITHM, PASSWORD-ALGORITHMS.
const TRACKED_TYPES: [u16; TRACKED] = [0x0008, 0x001C, 0xC060, 0x8028, 0x001E, 0x001D, 0x8002];

/// A table from the two top bits and the six low bits of a type to its slot (`u8::MAX`:
/// none), so that the decoder's per-attribute check is two loads and a compare.
const TRACK_TABLE: [u8; 256] = {
    let mut t = [u8::MAX; 256];
    let mut slot = 0;
    while slot < TRACKED {
        t[track_key(TRACKED_TYPES[slot])] = slot as u8;
        slot += 1;
    }
    t
};

const fn track_key(typ: u16) -> usize {
    (((typ >> 14) << 6) | (typ & 0x3F)) as usize
}

/// The slot of an attribute type whose first offset decoding records.
#[inline(always)]
fn tracked(typ: u16) -> Option<usize> {
    let slot = usize::from(*TRACK_TABLE.get(track_key(typ))?);
    (TRACKED_TYPES.get(slot) == Some(&typ)).then_some(slot)
}

/// One attribute of a message, with its place in the message. Two attributes are equal when
/// offset, type, value bytes and padding are.
#[derive(Clone, Copy)]
pub struct Attribute<'a> {
    /// Offset of the attribute header from the start of the message (bytes).
    pub offset: usize,
    /// The type.
    pub typ: AttributeType,
    /// The value bytes (the attribute length field is `raw.len()`).
    pub raw: &'a [u8],
    /// The padding bytes after the value (0–3 bytes, to a multiple of 4). RFC 8489 §14 asks
    /// senders for zeros, but any bytes are legal ("MUST be ignored"): RFC 5769 uses spaces.
    pub padding: &'a [u8],
    tid: &'a [u8; 12],
    cached: Option<AttributeValue<'a>>,
}

impl fmt::Debug for Attribute<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attribute")
            .field("offset", &self.offset)
            .field("typ", &self.typ)
            .field("length", &self.raw.len())
            .field("padding", &self.padding)
            .field("value", &self.value())
            .finish()
    }
}

impl PartialEq for Attribute<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.offset, self.typ, self.raw, self.padding)
            == (other.offset, other.typ, other.raw, other.padding)
    }
}

impl Eq for Attribute<'_> {}

impl<'a> Attribute<'a> {
    /// The typed value. For a message from [`decode`] or [`decode_prefix`] this never is
    /// [`AttributeValue::Invalid`]; after [`decode_lax`] it is for values that do not decode
    /// (and [`Attribute::check`] says why).
    #[inline]
    pub fn value(&self) -> AttributeValue<'a> {
        if let Some(v) = self.cached {
            return v;
        }
        match AttributeValue::parse(self.typ, self.raw, self.tid) {
            Ok(v) => v,
            Err(_) => AttributeValue::Invalid {
                typ: self.typ,
                value: self.raw,
            },
        }
    }

    /// Whether the value decodes, and if not, why (offsets from the start of the message).
    pub fn check(&self) -> Result<(), DecodeError> {
        AttributeValue::parse(self.typ, self.raw, self.tid)
            .map(|_| ())
            .map_err(|e| value_error(e, self.typ, self.offset, self.raw.len()))
    }

    /// The attribute length field: value length in bytes, without padding.
    pub fn length(&self) -> usize {
        self.raw.len()
    }

    /// Offset of the value (after the 4-byte header) from the start of the message.
    pub fn value_offset(&self) -> usize {
        self.offset + 4
    }

    /// Offset one past the padding: where the next attribute starts.
    pub fn end(&self) -> usize {
        self.offset + 4 + self.raw.len() + self.padding.len()
    }
}

/// Iterator over the attributes of a message, in order. See [`Message::attributes`].
#[derive(Clone, Debug)]
pub struct Attributes<'m, 'a> {
    bytes: &'a [u8],
    pos: usize,
    tid: &'a [u8; 12],
    /// Typed values kept by decoding, for the next attributes.
    values: std::slice::Iter<'m, AttributeValue<'a>>,
}

impl<'a> Iterator for Attributes<'_, 'a> {
    type Item = Attribute<'a>;

    #[inline]
    fn next(&mut self) -> Option<Attribute<'a>> {
        let head = self.bytes.get(self.pos..)?.first_chunk::<4>()?;
        let typ = AttributeType(u16::from_be_bytes([head[0], head[1]]));
        let len = usize::from(u16::from_be_bytes([head[2], head[3]]));
        let start = self.pos + 4;
        let raw = self.bytes.get(start..start + len)?;
        let padding = self
            .bytes
            .get(start + len..start + len + padding_len(len))?;
        let attribute = Attribute {
            offset: self.pos,
            typ,
            raw,
            padding,
            tid: self.tid,
            cached: self.values.next().copied(),
        };
        self.pos = start + len + padding.len();
        Some(attribute)
    }
}

/// Iterator over the typed values of a message's attributes, in order. See
/// [`Message::values`].
#[derive(Clone, Debug)]
pub struct Values<'m, 'a> {
    kept: std::slice::Iter<'m, AttributeValue<'a>>,
    rest: Attributes<'a, 'a>,
}

impl<'a> Iterator for Values<'_, 'a> {
    type Item = AttributeValue<'a>;

    #[inline]
    fn next(&mut self) -> Option<AttributeValue<'a>> {
        match self.kept.next() {
            Some(v) => Some(*v),
            // Usually the kept values were all of them: no call.
            None if self.rest.pos >= self.rest.bytes.len() => None,
            None => self.next_unkept(),
        }
    }
}

impl<'a> Values<'_, 'a> {
    /// The value of an attribute after the kept ones (out of line: the common case ends at
    /// the kept values).
    #[inline(never)]
    fn next_unkept(&mut self) -> Option<AttributeValue<'a>> {
        self.rest.next().map(|a| a.value())
    }
}

/// An attribute type that appears more than once (see [`Message::duplicates`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Duplicate {
    /// The repeated type.
    pub typ: AttributeType,
    /// Offset of its first occurrence (the one agents process, RFC 8489 §14).
    pub first: usize,
    /// Offset of this later occurrence.
    pub again: usize,
}

/// Decodes one STUN message that fills `bytes` exactly (a UDP payload), checking the header
/// (RFC 8489 §5), the attribute framing (§14) and every attribute value this crate types.
///
/// Errors, each with the byte offset and the field: fewer than 20 bytes (offset 0, `header`);
/// top two bits of the first byte set (0, not STUN); no magic cookie (4); message length not a
/// multiple of 4 (2) or past the end of `bytes` (2, needed vs available); bytes after the
/// message (`TrailingBytes`); an attribute, with its padding, past the end of the message
/// (its length field, needed vs available); a value its type does not allow (XOR-MAPPED-ADDRESS
/// family 0x03 points at the family byte; a MESSAGE-INTEGRITY that is not 20 bytes at its
/// length field; text that is not UTF-8 at the first bad byte). A 65,535-byte attribute never
/// fits: a message holds at most 65,535 bytes of attributes, header and padding included.
///
/// Not errors (they are findings, see [`Message::duplicates`], [`Message::unauthenticated`],
/// [`Message::after_fingerprint`], [`Message::unknown_comprehension_required`]): repeated
/// attributes, attributes after MESSAGE-INTEGRITY or FINGERPRINT, unknown
/// comprehension-required attributes, non-zero padding or reserved bits, over-long text. The
/// message still decodes, so that a debugging tool can show and verify it.
#[inline]
pub fn decode(bytes: &[u8]) -> Result<Message<'_>, DecodeError> {
    decode_impl::<true>(bytes, true)
}

/// Like [`decode`], but checks only the header and the attribute framing: attribute values
/// that do not decode come out of [`Attribute::value`] as [`AttributeValue::Invalid`] instead
/// of failing the whole message. For inspectors that want to show everything that is there.
pub fn decode_lax(bytes: &[u8]) -> Result<Message<'_>, DecodeError> {
    decode_impl::<false>(bytes, true)
}

/// Decodes the message at the start of `bytes` (a stream: STUN over TCP without RFC 4571
/// framing, several messages back to back); returns it and its size in bytes. The checks are
/// those of [`decode`], except that bytes after the message are left to the caller.
pub fn decode_prefix(bytes: &[u8]) -> Result<(Message<'_>, usize), DecodeError> {
    let m = decode_impl::<true>(bytes, false)?;
    let used = m.bytes.len();
    Ok((m, used))
}

#[inline(always)]
fn decode_impl<const STRICT: bool>(bytes: &[u8], exact: bool) -> Result<Message<'_>, DecodeError> {
    let Some(head) = bytes.first_chunk::<HEADER_LEN>() else {
        return Err(header_error(bytes, exact));
    };
    let length = u16::from_be_bytes([head[2], head[3]]);
    let end = HEADER_LEN + usize::from(length);
    let valid = head[0] & 0xC0 == 0
        && u32::from_be_bytes([head[4], head[5], head[6], head[7]]) == MAGIC_COOKIE
        && length.is_multiple_of(4)
        && end <= bytes.len()
        && (!exact || end == bytes.len());
    let Some(msg) = bytes.get(..end).filter(|_| valid) else {
        return Err(header_error(bytes, exact));
    };
    let [_, _, _, _, _, _, _, _, tid @ ..] = head;

    // Built in place (the values are written where they stay, not gathered and copied).
    let mut m = Message {
        bytes: msg,
        count: 0,
        first: [0; TRACKED],
        strict: STRICT,
        cached: 0,
        cache_end: end as u32,
        values: [AttributeValue::DontFragment; CACHED_VALUES],
    };
    // Counters live in registers during the loop.
    let mut count = 0usize;
    let mut pos = HEADER_LEN;
    while pos < end {
        let Some(ah) = msg.get(pos..).and_then(|r| r.first_chunk::<4>()) else {
            return Err(DecodeError::at(
                pos,
                "attribute header",
                ErrorKind::Truncated {
                    needed: 4,
                    available: end - pos,
                },
            ));
        };
        let typ = AttributeType(u16::from_be_bytes([ah[0], ah[1]]));
        let len = usize::from(u16::from_be_bytes([ah[2], ah[3]]));
        let padded = 4 + len + padding_len(len);
        if padded > end - pos {
            return Err(DecodeError::in_attribute(
                typ,
                pos,
                pos + 2,
                "attribute length",
                ErrorKind::Truncated {
                    needed: padded,
                    available: end - pos,
                },
            ));
        }
        let value = msg.get(pos + 4..pos + 4 + len).unwrap_or(&[]);
        let typed = match AttributeValue::parse(typ, value, tid) {
            Ok(v) => v,
            Err(e) if STRICT => return Err(value_error(e, typ, pos, len)),
            Err(_) => AttributeValue::Invalid { typ, value },
        };
        // The slot comes from the variant (a table lookup on the discriminant the parser
        // just produced), not from the type again.
        if let Some(slot) = tracked_value(&typed).and_then(|i| m.first.get_mut(i)) {
            if *slot == 0 {
                *slot = pos as u32;
            }
        }
        if let Some(slot) = m.values.get_mut(count) {
            *slot = typed;
        }
        count += 1;
        pos += padded;
    }
    m.count = count as u32;
    m.cached = count.min(CACHED_VALUES) as u8;
    if count > CACHED_VALUES {
        m.cache_end = offset_of_attribute(msg, CACHED_VALUES) as u32;
    }
    Ok(m)
}

/// The slot of a decoded value whose first offset decoding records (see [`tracked`]).
#[inline(always)]
fn tracked_value(v: &AttributeValue<'_>) -> Option<usize> {
    use AttributeValue as V;
    match v {
        V::MessageIntegrity(_) => Some(0),
        V::MessageIntegritySha256(_) => Some(1),
        V::GoogMessageIntegrity32(_) => Some(2),
        V::Fingerprint(_) => Some(3),
        V::Userhash(_) => Some(4),
        V::PasswordAlgorithm(_) => Some(5),
        V::PasswordAlgorithms(_) => Some(6),
        // A tracked type kept raw (GOOG-MESSAGE-INTEGRITY-32 of another length) or invalid
        // (`decode_lax`) is tracked too: verification reports it as malformed.
        V::Raw { typ, .. } | V::Invalid { typ, .. } => tracked(typ.0),
        _ => None,
    }
}

/// Offset of the `n`th attribute (0-based) of a message whose framing was checked.
#[cold]
#[inline(never)]
fn offset_of_attribute(msg: &[u8], n: usize) -> usize {
    let mut pos = HEADER_LEN;
    for _ in 0..n {
        let Some(ah) = msg.get(pos..).and_then(|r| r.first_chunk::<4>()) else {
            break;
        };
        let len = usize::from(u16::from_be_bytes([ah[2], ah[3]]));
        pos += 4 + len + padding_len(len);
    }
    pos
}

/// Why the header of `bytes` is not acceptable (in the order of the checks: size, top bits,
/// magic cookie, length multiple of 4, length within the input, trailing bytes).
#[cold]
#[inline(never)]
fn header_error(bytes: &[u8], exact: bool) -> DecodeError {
    let Some(head) = bytes.first_chunk::<HEADER_LEN>() else {
        return DecodeError::at(
            0,
            "header",
            ErrorKind::Truncated {
                needed: HEADER_LEN,
                available: bytes.len(),
            },
        );
    };
    if head[0] & 0xC0 != 0 {
        return DecodeError::at(
            0,
            "message type",
            ErrorKind::NotStun {
                first_byte: head[0],
            },
        );
    }
    let cookie = u32::from_be_bytes([head[4], head[5], head[6], head[7]]);
    if cookie != MAGIC_COOKIE {
        return DecodeError::at(
            4,
            "magic cookie",
            ErrorKind::BadMagicCookie { found: cookie },
        );
    }
    let length = u16::from_be_bytes([head[2], head[3]]);
    if !length.is_multiple_of(4) {
        return DecodeError::at(
            2,
            "message length",
            ErrorKind::LengthNotMultipleOf4 { length },
        );
    }
    let end = HEADER_LEN + usize::from(length);
    if end > bytes.len() {
        return DecodeError::at(
            2,
            "message length",
            ErrorKind::Truncated {
                needed: end,
                available: bytes.len(),
            },
        );
    }
    let _ = exact; // the only check left: bytes after the message
    DecodeError::at(
        end,
        "end of message",
        ErrorKind::TrailingBytes {
            message_end: end,
            extra: bytes.len() - end,
        },
    )
}

// The fallback of `Message::tid` (a decoded message always has its 20-byte header); keeps the
// accessor free of `unwrap`.
#[cold]
fn unreachable_tid() -> &'static [u8; 12] {
    &[0; 12]
}

impl<'a> Message<'a> {
    /// The bytes of the message (header and attributes), exactly as decoded.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Whether values were checked when decoding ([`decode`], [`decode_prefix`]) or not
    /// ([`decode_lax`]).
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    fn u16_at(&self, at: usize) -> u16 {
        self.bytes
            .get(at..)
            .and_then(|b| b.first_chunk::<2>())
            .map_or(0, |b| u16::from_be_bytes(*b))
    }

    /// The message type (class and method).
    pub fn message_type(&self) -> MessageType {
        MessageType(self.u16_at(0))
    }

    /// The class.
    pub fn class(&self) -> Class {
        self.message_type().class()
    }

    /// The method.
    pub fn method(&self) -> Method {
        self.message_type().method()
    }

    /// The message length field (bytes after the header).
    pub fn length(&self) -> u16 {
        self.u16_at(2)
    }

    /// The transaction ID.
    pub fn transaction_id(&self) -> TransactionId {
        TransactionId(self.tid().to_owned())
    }

    #[inline]
    fn tid(&self) -> &'a [u8; 12] {
        self.bytes
            .get(8..20)
            .and_then(|b| b.first_chunk::<12>())
            .unwrap_or_else(|| unreachable_tid())
    }

    /// The header.
    pub fn header(&self) -> Header {
        Header {
            message_type: self.message_type(),
            length: self.length(),
            transaction_id: self.transaction_id(),
        }
    }

    /// The attributes, in order.
    #[inline]
    pub fn attributes(&self) -> Attributes<'_, 'a> {
        let kept = self.values.get(..usize::from(self.cached)).unwrap_or(&[]);
        Attributes {
            bytes: self.bytes,
            pos: HEADER_LEN,
            tid: self.tid(),
            values: kept.iter(),
        }
    }

    /// The typed values of the attributes, in order: [`Message::attributes`] without the
    /// offsets and raw bytes, and cheaper (the values decoding kept are handed out as they
    /// are).
    #[inline]
    pub fn values(&self) -> Values<'_, 'a> {
        let kept = self.values.get(..usize::from(self.cached)).unwrap_or(&[]);
        Values {
            kept: kept.iter(),
            rest: self.attributes_from(self.cache_end as usize),
        }
    }

    /// Number of attributes.
    pub fn attribute_count(&self) -> usize {
        self.count as usize
    }

    /// Offset and value bytes of the first attribute of a type decoding tracks (MESSAGE-
    /// INTEGRITY, MESSAGE-INTEGRITY-SHA256, GOOG-MESSAGE-INTEGRITY-32, FINGERPRINT,
    /// USERHASH, PASSWORD-ALGORITHM(S)), without building an [`Attribute`].
    #[inline]
    pub(crate) fn tracked_raw(&self, typ: AttributeType) -> Option<(usize, &'a [u8])> {
        let offset = *tracked(typ.0).and_then(|i| self.first.get(i))? as usize;
        if offset == 0 {
            return None;
        }
        let head = self.bytes.get(offset + 2..)?.first_chunk::<2>()?;
        let len = usize::from(u16::from_be_bytes(*head));
        Some((offset, self.bytes.get(offset + 4..offset + 4 + len)?))
    }

    /// The offsets of MESSAGE-INTEGRITY and FINGERPRINT when the message has the shape of
    /// nearly every ICE check and response: of the attributes verification looks at, only
    /// those two, a 20-byte MESSAGE-INTEGRITY right before a 4-byte FINGERPRINT that ends the
    /// message (RFC 8489 §14.5, §14.7). `None` for any other shape.
    pub(crate) fn usual_integrity(&self) -> Option<(usize, usize)> {
        let [mi, 0, 0, fp, 0, 0, 0] = self.first else {
            return None;
        };
        let (mi, fp) = (mi as usize, fp as usize);
        let lengths = (
            self.bytes.get(mi + 2..mi + 4)?,
            self.bytes.get(fp + 2..fp + 4)?,
        );
        (mi != 0 && fp == mi + 24 && fp + 8 == self.bytes.len() && lengths == (&[0, 20], &[0, 4]))
            .then_some((mi, fp))
    }

    fn attribute_at(&self, offset: u32) -> Option<Attribute<'a>> {
        if offset == 0 {
            return None;
        }
        self.attributes_from(offset as usize).next()
    }

    /// The first attribute of type `typ` (the one agents process, RFC 8489 §14).
    pub fn get(&self, typ: AttributeType) -> Option<Attribute<'a>> {
        match tracked(typ.0).and_then(|i| self.first.get(i)) {
            Some(&offset) => self.attribute_at(offset),
            None => self.attributes().find(|a| a.typ == typ),
        }
    }

    /// The attributes from `offset` (an attribute boundary) on.
    #[inline]
    fn attributes_from(&self, offset: usize) -> Attributes<'a, 'a> {
        Attributes {
            bytes: self.bytes,
            pos: offset,
            tid: self.tid(),
            values: <&[AttributeValue<'a>]>::default().iter(),
        }
    }

    /// The typed value of the first attribute of type `typ`.
    pub fn value(&self, typ: AttributeType) -> Option<AttributeValue<'a>> {
        self.get(typ).map(|a| a.value())
    }

    /// USERNAME, if present and valid.
    pub fn username(&self) -> Option<&'a str> {
        match self.value(AttributeType::USERNAME)? {
            AttributeValue::Username(u) => Some(u),
            _ => None,
        }
    }

    /// REALM, if present and valid.
    pub fn realm(&self) -> Option<&'a str> {
        match self.value(AttributeType::REALM)? {
            AttributeValue::Realm(r) => Some(r),
            _ => None,
        }
    }

    /// NONCE, if present and valid.
    pub fn nonce(&self) -> Option<&'a str> {
        match self.value(AttributeType::NONCE)? {
            AttributeValue::Nonce(n) => Some(n),
            _ => None,
        }
    }

    /// SOFTWARE, if present and valid.
    pub fn software(&self) -> Option<&'a str> {
        match self.value(AttributeType::SOFTWARE)? {
            AttributeValue::Software(s) => Some(s),
            _ => None,
        }
    }

    /// XOR-MAPPED-ADDRESS, if present and valid.
    pub fn xor_mapped_address(&self) -> Option<Address> {
        match self.value(AttributeType::XOR_MAPPED_ADDRESS)? {
            AttributeValue::XorMappedAddress(a) => Some(a),
            _ => None,
        }
    }

    /// PRIORITY, if present and valid.
    pub fn priority(&self) -> Option<u32> {
        match self.value(AttributeType::PRIORITY)? {
            AttributeValue::Priority(p) => Some(p),
            _ => None,
        }
    }

    /// ERROR-CODE, if present and valid.
    pub fn error_code(&self) -> Option<ErrorCodeValue<'a>> {
        match self.value(AttributeType::ERROR_CODE)? {
            AttributeValue::ErrorCode {
                code,
                reason,
                reserved,
            } => Some(ErrorCodeValue {
                code,
                reason,
                reserved,
            }),
            _ => None,
        }
    }

    /// libwebrtc's NOMINATION value (0xC001, "renomination"): the controlling agent's
    /// nomination counter, highest for the pair it chose last. `None` when absent or not
    /// 4 bytes.
    pub fn nomination(&self) -> Option<u32> {
        match self.value(AttributeType::NOMINATION)? {
            AttributeValue::Nomination(n) => Some(n),
            _ => None,
        }
    }

    /// Whether USE-CANDIDATE is present.
    pub fn use_candidate(&self) -> bool {
        self.attributes()
            .any(|a| a.typ == AttributeType::USE_CANDIDATE)
    }

    /// Comprehension-required attributes (type < 0x8000) this crate does not know: an agent
    /// that does not understand them must reject a request with 420 and drop a response
    /// (RFC 8489 §7.3.1, §7.3.3).
    pub fn unknown_comprehension_required(&self) -> impl Iterator<Item = Attribute<'a>> + '_ {
        self.attributes()
            .filter(|a| a.typ.is_comprehension_required() && !a.typ.is_known())
    }

    /// Attributes that no message-integrity attribute covers and that RFC 8489 §9 tells
    /// agents to ignore: everything after MESSAGE-INTEGRITY except MESSAGE-INTEGRITY-SHA256
    /// and FINGERPRINT; without MESSAGE-INTEGRITY, everything after MESSAGE-INTEGRITY-SHA256
    /// except FINGERPRINT. Empty when the message has neither.
    pub fn unauthenticated(&self) -> impl Iterator<Item = Attribute<'a>> + 'a {
        let end_of = |typ| {
            self.tracked_raw(typ)
                .map(|(at, raw): (usize, &[u8])| at + 4 + raw.len() + padding_len(raw.len()))
        };
        let (start, allowed_sha256) = match (
            end_of(AttributeType::MESSAGE_INTEGRITY),
            end_of(AttributeType::MESSAGE_INTEGRITY_SHA256),
        ) {
            (Some(end), _) => (end, true),
            (None, Some(end)) => (end, false),
            (None, None) => (self.bytes.len(), false),
        };
        self.attributes_from(start).filter(move |a| {
            a.typ != AttributeType::FINGERPRINT
                && !(allowed_sha256 && a.typ == AttributeType::MESSAGE_INTEGRITY_SHA256)
        })
    }

    /// Attributes after FINGERPRINT, which must be the last attribute (RFC 8489 §14.7).
    pub fn after_fingerprint(&self) -> Attributes<'a, 'a> {
        let start = self
            .tracked_raw(AttributeType::FINGERPRINT)
            .map_or(self.bytes.len(), |(at, raw)| {
                at + 4 + raw.len() + padding_len(raw.len())
            });
        self.attributes_from(start)
    }

    /// Attribute types that appear more than once, each later occurrence with the offset of
    /// the first. Agents process only the first occurrence (RFC 8489 §14 lets types repeat
    /// but says nothing of meaning; for most types a repeat is a sender bug). Not reported:
    /// XOR-PEER-ADDRESS in CreatePermission, which may carry several (RFC 8656 §9.1).
    ///
    /// Allocates (the report); `O(n log n)` in the number of attributes.
    pub fn duplicates(&self) -> Vec<Duplicate> {
        let mut seen: Vec<(u16, usize)> = self.attributes().map(|a| (a.typ.0, a.offset)).collect();
        seen.sort_unstable();
        let mut out = Vec::new();
        let create_permission = self.method() == Method::CREATE_PERMISSION;
        let mut first: Option<(u16, usize)> = None;
        for (typ, offset) in seen {
            match first {
                Some((t, first_offset)) if t == typ => {
                    if !(create_permission && typ == AttributeType::XOR_PEER_ADDRESS.0) {
                        out.push(Duplicate {
                            typ: AttributeType(typ),
                            first: first_offset,
                            again: offset,
                        });
                    }
                }
                _ => first = Some((typ, offset)),
            }
        }
        out.sort_unstable_by_key(|d| d.again);
        out
    }

    /// Encodes the message again from its decoded parts: the header from class, method and
    /// transaction ID (the length computed), each attribute from its typed value, padding
    /// bytes as they were. For any message [`decode`] accepts this gives back exactly the
    /// decoded bytes (tested on the RFC vectors, real captures and by fuzzing).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.bytes.len());
        self.encode_into(&mut out);
        out
    }

    /// [`Message::encode`], appending to `out`.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        let start = out.len();
        let tid = self.transaction_id();
        out.extend_from_slice(
            &MessageType::new(self.class(), self.method())
                .0
                .to_be_bytes(),
        );
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&MAGIC_COOKIE.to_be_bytes());
        out.extend_from_slice(&tid.0);
        for a in self.attributes() {
            let value = a.value();
            out.extend_from_slice(&value.attribute_type().0.to_be_bytes());
            out.extend_from_slice(&(value.encoded_len() as u16).to_be_bytes());
            value.encode(&tid, out);
            out.extend_from_slice(a.padding);
        }
        let body = (out.len() - start - HEADER_LEN) as u16;
        if let Some(len) = out.get_mut(start + 2..start + 4) {
            len.copy_from_slice(&body.to_be_bytes());
        }
    }
}

impl fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Message")
            .field("type", &self.message_type())
            .field("length", &self.length())
            .field("transaction_id", &self.transaction_id())
            .field(
                "attributes",
                &self
                    .attributes()
                    .map(|a| (a.offset, a.value()))
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}
