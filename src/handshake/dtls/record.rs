//! DTLS records: the DTLSPlaintext header of DTLS 1.0/1.2 (RFC 6347 §4.1) and the unified
//! header of encrypted DTLS 1.3 records (RFC 9147 §4). A datagram holds one or more records
//! (RFC 6347 §4.1.1); [`records`] walks them.
//!
//! ```text
//! DTLSPlaintext (13 bytes):  type(1) version(2) epoch(2) sequence_number(6) length(2)
//! DTLS 1.3 unified header:   0 0 1 C S L E E | [connection_id] | seq (8 or 16 bits)
//!                            | [length (16 bits)]       (C: CID, S: 16-bit seq, L: length)
//! ```
//!
//! A record of epoch 0 is in the clear; any later epoch, and every unified-header record,
//! is encrypted (RFC 6347 §4.1, RFC 9147 §4): it is described, not decrypted.

use crate::handshake::error::ParseError;
use crate::handshake::reader::Reader;
use crate::handshake::wire::wire_enum;
use serde::Serialize;

wire_enum! {
    /// The record content type (IANA "TLS ContentType" registry; RFC 8446 §5.1,
    /// RFC 9146 §3 for `tls12_cid`, RFC 9147 §7 for `ack`).
    ContentType(u8), 2;
    CHANGE_CIPHER_SPEC = 20 => "change_cipher_spec",
    ALERT = 21 => "alert",
    HANDSHAKE = 22 => "handshake",
    APPLICATION_DATA = 23 => "application_data",
    HEARTBEAT = 24 => "heartbeat",
    TLS12_CID = 25 => "tls12_cid",
    ACK = 26 => "ack",
}

wire_enum! {
    /// A protocol version on the wire (RFC 6347 §4.1: DTLS versions are the 1's complement
    /// of the TLS ones; RFC 9147 §5.3 for DTLS 1.3). Records of DTLS 1.3 carry 0xfefd in
    /// their (ClientHello/ServerHello) plaintext headers; the version negotiated is in the
    /// `supported_versions` extension.
    ProtocolVersion(u16), 4;
    DTLS_1_0 = 0xfeff => "DTLS 1.0",
    DTLS_1_2 = 0xfefd => "DTLS 1.2",
    DTLS_1_3 = 0xfefc => "DTLS 1.3",
    TLS_1_0 = 0x0301 => "TLS 1.0",
    TLS_1_1 = 0x0302 => "TLS 1.1",
    TLS_1_2 = 0x0303 => "TLS 1.2",
    TLS_1_3 = 0x0304 => "TLS 1.3",
}

impl ProtocolVersion {
    /// Whether this is a GREASE value (RFC 8701 §2: 0x?A?A with equal bytes), sent to keep
    /// peers tolerant of unknown versions.
    pub const fn is_grease(self) -> bool {
        let [hi, lo] = self.0.to_be_bytes();
        hi == lo && hi & 0x0f == 0x0a
    }
}

/// Size of the DTLSPlaintext header in bytes (RFC 6347 §4.1).
pub const PLAINTEXT_HEADER_LEN: usize = 13;

/// The header of a DTLS 1.0/1.2 record (RFC 6347 §4.1), and of DTLS 1.3 records sent in
/// the clear (RFC 9147 §4: ClientHello, ServerHello, HelloRetryRequest, alerts before the
/// keys).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PlaintextHeader {
    /// The content type.
    pub content_type: ContentType,
    /// The record version.
    pub version: ProtocolVersion,
    /// The epoch: 0 before ChangeCipherSpec (DTLS 1.2) or before the handshake keys
    /// (DTLS 1.3); records of a later epoch are encrypted.
    pub epoch: u16,
    /// The 48-bit record sequence number (RFC 6347 §4.1).
    pub sequence_number: u64,
    /// The length of the fragment that follows the header, in bytes.
    pub length: u16,
}

/// The unified header of an encrypted DTLS 1.3 record (RFC 9147 §4, Figure 3).
///
/// The sequence number is masked by record number encryption (RFC 9147 §4.2.3): what is
/// shown is the wire value, not the record's sequence number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct UnifiedHeader<'a> {
    /// The first byte, `0b001CSLEE`.
    pub first_byte: u8,
    /// The connection ID when the C bit is set (its length was negotiated, RFC 9147 §9;
    /// the parser takes it from [`RecordOptions::connection_id_len`]).
    pub connection_id: Option<&'a [u8]>,
    /// The encrypted sequence number bits as on the wire.
    pub sequence_number: u16,
    /// 1 or 2: the length of the sequence number field (S bit), in bytes.
    pub sequence_number_len: u8,
    /// The length field when the L bit is set; without it the record runs to the end of the
    /// datagram.
    pub length: Option<u16>,
    /// The two low bits of the epoch (EE): 2 = handshake keys, 3 = first application keys
    /// (RFC 9147 §6.1).
    pub epoch_bits: u8,
}

/// A record header in either form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum RecordHeader<'a> {
    /// DTLSPlaintext / DTLSCiphertext of DTLS 1.0/1.2 (RFC 6347 §4.1).
    Plaintext(PlaintextHeader),
    /// The DTLS 1.3 unified header (RFC 9147 §4).
    Unified(UnifiedHeader<'a>),
}

/// One record of a datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Record<'a> {
    /// Offset of the record's first byte in the datagram.
    pub offset: usize,
    /// The header.
    pub header: RecordHeader<'a>,
    /// The header's length in bytes (13 for DTLSPlaintext without CID).
    pub header_len: usize,
    /// The record's content after the header (ciphertext when [`Record::is_encrypted`]).
    #[serde(skip)]
    pub fragment: &'a [u8],
}

impl Record<'_> {
    /// Whether the content is encrypted: a unified-header record, or a DTLSPlaintext of
    /// epoch > 0 (RFC 6347 §4.1: the epoch increments at each ChangeCipherSpec).
    pub fn is_encrypted(&self) -> bool {
        match self.header {
            RecordHeader::Plaintext(h) => h.epoch > 0,
            RecordHeader::Unified(_) => true,
        }
    }

    /// The content type when it is on the wire (DTLSPlaintext); a DTLS 1.3 encrypted record
    /// hides its type inside the ciphertext (RFC 9147 §4).
    pub fn content_type(&self) -> Option<ContentType> {
        match self.header {
            RecordHeader::Plaintext(h) => Some(h.content_type),
            RecordHeader::Unified(_) => None,
        }
    }

    /// The epoch: the whole 16 bits for DTLSPlaintext, the two low bits for a unified
    /// header.
    pub fn epoch(&self) -> u16 {
        match self.header {
            RecordHeader::Plaintext(h) => h.epoch,
            RecordHeader::Unified(h) => u16::from(h.epoch_bits),
        }
    }

    /// The record's bytes, header included, are `datagram[offset..offset + len()]`.
    pub fn len(&self) -> usize {
        self.header_len + self.fragment.len()
    }

    /// Whether the record has no bytes (never: a header is at least 2 bytes).
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// What the record parser cannot learn from the bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecordOptions {
    /// The negotiated connection ID length in bytes (RFC 9146, RFC 9147 §9): read after the
    /// sequence number of `tls12_cid` records and after the first byte of unified headers
    /// with the C bit. WebRTC stacks do not negotiate connection IDs: 0.
    pub connection_id_len: usize,
}

/// Whether a first byte starts a DTLS 1.3 unified header (RFC 9147 §4: `0b001xxxxx`).
pub const fn is_unified_header(first_byte: u8) -> bool {
    first_byte & 0xe0 == 0x20
}

/// Parses the record that starts at `datagram[at..]` (without connection IDs). Returns it
/// and the offset after it.
///
/// # Errors
/// A first byte that is neither a content type (20–31, RFC 7983 §7) nor a unified header
/// (0x20–0x3F); a header or fragment cut short (the error names the field, e.g. `"record
/// length"` when the length runs past the datagram).
pub fn parse_record(datagram: &[u8], at: usize) -> Result<(Record<'_>, usize), ParseError> {
    parse_record_with(datagram, at, &RecordOptions::default())
}

/// [`parse_record`] with the connection ID length.
///
/// # Errors
/// As [`parse_record`].
pub fn parse_record_with<'a>(
    datagram: &'a [u8],
    at: usize,
    options: &RecordOptions,
) -> Result<(Record<'a>, usize), ParseError> {
    let mut r = Reader::new(datagram.get(at..).unwrap_or_default(), at);
    let first = r.u8("record content type")?;
    let (header, length) = if is_unified_header(first) {
        let connection_id = if first & 0x10 != 0 {
            Some(r.take(options.connection_id_len, "connection_id")?)
        } else {
            None
        };
        let sequence_number_len = if first & 0x08 != 0 { 2 } else { 1 };
        let sequence_number = r.uint(sequence_number_len, "sequence_number")? as u16;
        let length = if first & 0x04 != 0 {
            Some(r.u16("record length")?)
        } else {
            None
        };
        let h = UnifiedHeader {
            first_byte: first,
            connection_id,
            sequence_number,
            sequence_number_len: sequence_number_len as u8,
            length,
            epoch_bits: first & 0x03,
        };
        (RecordHeader::Unified(h), length.map(usize::from))
    } else if (20..32).contains(&first) {
        let version = ProtocolVersion(r.u16("record version")?);
        let epoch = r.u16("epoch")?;
        let sequence_number = r.uint(6, "sequence_number")?;
        if first == ContentType::TLS12_CID.0 {
            r.take(options.connection_id_len, "connection_id")?;
        }
        let length = r.u16("record length")?;
        let h = PlaintextHeader {
            content_type: ContentType(first),
            version,
            epoch,
            sequence_number,
            length,
        };
        (RecordHeader::Plaintext(h), Some(usize::from(length)))
    } else {
        return Err(ParseError::bad_value(
            at,
            "record content type",
            u32::from(first),
            "a DTLS content type (20-31) or a DTLS 1.3 unified header (0x20-0x3F)",
        ));
    };
    let header_len = r.offset() - at;
    let fragment = match length {
        Some(len) if len > r.remaining() => {
            return Err(ParseError::truncated(
                r.offset() - 2,
                "record length",
                2 + len,
                2 + r.remaining(),
            ))
        }
        Some(len) => r.take(len, "record fragment")?,
        None => r.rest(),
    };
    let record = Record {
        offset: at,
        header,
        header_len,
        fragment,
    };
    Ok((record, r.offset()))
}

/// The records of a datagram, in order (RFC 6347 §4.1.1: several records may share a
/// datagram). Yields one error and stops at a record that does not parse.
pub fn records(datagram: &[u8]) -> Records<'_> {
    records_with(datagram, RecordOptions::default())
}

/// [`records`] with the connection ID length.
pub fn records_with(datagram: &[u8], options: RecordOptions) -> Records<'_> {
    Records {
        datagram,
        at: 0,
        options,
        failed: false,
    }
}

/// Iterator over the records of a datagram; see [`records`].
#[derive(Clone, Debug)]
pub struct Records<'a> {
    datagram: &'a [u8],
    at: usize,
    options: RecordOptions,
    failed: bool,
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.at >= self.datagram.len() {
            return None;
        }
        match parse_record_with(self.datagram, self.at, &self.options) {
            Ok((record, next)) => {
                self.at = next;
                Some(Ok(record))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}
