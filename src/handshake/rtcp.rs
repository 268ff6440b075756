//! RTCP (RFC 3550 §6) and what SRTCP leaves in the clear (RFC 3711 §3.4): packet types,
//! sender SSRCs, compound packets, and the SRTCP E-flag and index.
//!
//! ```text
//! V=2 P RC/FMT(5) | PT(8) | length(16, in 32-bit words minus one) | SSRC of sender(32) …
//! SRTCP: first header + SSRC in the clear | encrypted rest | E(1) index(31) | [MKI] | tag
//! ```
//!
//! RTP and RTCP share a port with `a=rtcp-mux`; RFC 5761 §4 tells them apart by the
//! second byte: 192–223 is an RTCP packet type ([`is_rtcp`]).

use super::error::ParseError;
use super::reader::Reader;
use super::wire::wire_enum;
use serde::Serialize;

wire_enum! {
    /// The RTCP packet type (IANA "RTP Control Protocol (RTCP) Control Packet Types").
    RtcpPacketType(u8), 2;
    FIR = 192 => "FIR",
    NACK = 193 => "NACK",
    SMPTETC = 194 => "SMPTETC",
    IJ = 195 => "IJ",
    SR = 200 => "SR",
    RR = 201 => "RR",
    SDES = 202 => "SDES",
    BYE = 203 => "BYE",
    APP = 204 => "APP",
    RTPFB = 205 => "RTPFB",
    PSFB = 206 => "PSFB",
    XR = 207 => "XR",
    AVB = 208 => "AVB",
    RSI = 209 => "RSI",
    TOKEN = 210 => "TOKEN",
    IDMS = 211 => "IDMS",
    RGRS = 212 => "RGRS",
    SNM = 213 => "SNM",
}

/// Whether a packet on an rtcp-mux port is RTCP: its second byte, the RTCP packet type, is
/// in 192–223 (RFC 5761 §4), which RTP payload types 64–95 with the marker bit would
/// collide with (so those payload types are not used with rtcp-mux).
pub fn is_rtcp(packet: &[u8]) -> bool {
    packet.len() >= 2 && (192..=223).contains(&packet[1])
}

/// Size of the RTCP common header, in bytes.
pub const RTCP_HEADER_LEN: usize = 4;

/// One RTCP packet of a compound packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RtcpPacket<'a> {
    /// Offset of the packet in the compound packet.
    pub offset: usize,
    /// P: the packet ends with padding.
    pub padding: bool,
    /// The 5-bit count field: reception report count (SR, RR), source count (SDES, BYE),
    /// subtype (APP) or feedback message type FMT (RTPFB, PSFB; RFC 4585 §6.1).
    pub count: u8,
    /// The packet type.
    pub packet_type: RtcpPacketType,
    /// The length field: the packet's length in 32-bit words minus one.
    pub length: u16,
    /// The first SSRC of the packet: the sender's for SR, RR, APP, RTPFB, PSFB and XR; the
    /// first chunk's (SDES) or first source's (BYE) when the count is not zero.
    pub sender_ssrc: Option<u32>,
    /// The packet after its 4-byte header (padding included).
    #[serde(skip)]
    pub body: &'a [u8],
}

impl RtcpPacket<'_> {
    /// The packet's length in bytes, header included.
    pub fn len(&self) -> usize {
        RTCP_HEADER_LEN + self.body.len()
    }

    /// Never: the header is 4 bytes.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// Parses the RTCP packet at `bytes[at..]`; returns it and the offset after it.
///
/// # Errors
/// A header cut short; a version other than 2; a length past the end of the bytes.
pub fn parse_rtcp_packet(bytes: &[u8], at: usize) -> Result<(RtcpPacket<'_>, usize), ParseError> {
    let mut r = Reader::new(bytes.get(at..).unwrap_or_default(), at);
    let b0 = r.u8("V/P/count")?;
    if b0 >> 6 != 2 {
        return Err(ParseError::bad_value(
            at,
            "version",
            u32::from(b0 >> 6),
            "RTCP version 2 (RFC 3550 §6.4.1)",
        ));
    }
    let packet_type = RtcpPacketType(r.u8("packet type")?);
    let length = r.u16("length")?;
    let body_len = 4 * usize::from(length);
    if body_len > r.remaining() {
        return Err(ParseError::truncated(
            at + 2,
            "length",
            2 + body_len,
            2 + r.remaining(),
        ));
    }
    let body = r.take(body_len, "packet")?;
    let count = b0 & 0x1f;
    let has_ssrc = match packet_type {
        RtcpPacketType::SDES | RtcpPacketType::BYE => count > 0,
        _ => true,
    };
    let sender_ssrc = match body {
        [a, b, c, d, ..] if has_ssrc => Some(u32::from_be_bytes([*a, *b, *c, *d])),
        _ => None,
    };
    let packet = RtcpPacket {
        offset: at,
        padding: b0 & 0x20 != 0,
        count,
        packet_type,
        length,
        sender_ssrc,
        body,
    };
    Ok((packet, r.offset()))
}

/// The packets of a compound RTCP packet (RFC 3550 §6.1), in the clear. Yields one error
/// and stops at a packet that does not parse.
pub fn compound(bytes: &[u8]) -> Compound<'_> {
    Compound {
        bytes,
        at: 0,
        failed: false,
    }
}

/// Iterator over a compound packet; see [`compound`].
#[derive(Clone, Debug)]
pub struct Compound<'a> {
    bytes: &'a [u8],
    at: usize,
    failed: bool,
}

impl<'a> Iterator for Compound<'a> {
    type Item = Result<RtcpPacket<'a>, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.at >= self.bytes.len() {
            return None;
        }
        match parse_rtcp_packet(self.bytes, self.at) {
            Ok((p, next)) => {
                self.at = next;
                Some(Ok(p))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

/// An SRTCP packet (RFC 3711 §3.4): the first RTCP header and its SSRC in the clear, the
/// rest encrypted (when E = 1), then the E-flag and SRTCP index, and the authentication tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SrtcpPacket {
    /// The first packet's type (SR or RR in a regular compound packet, RFC 3550 §6.1;
    /// reduced-size RTCP, RFC 5506, may start with a feedback message).
    pub packet_type: RtcpPacketType,
    /// The first packet's count field.
    pub count: u8,
    /// The first packet's length field (32-bit words minus one).
    pub length: u16,
    /// The sender SSRC.
    pub sender_ssrc: u32,
    /// E: the packet is encrypted.
    pub encrypted: bool,
    /// The 31-bit SRTCP index (+1 per packet sent, RFC 3711 §3.4).
    pub index: u32,
    /// Offset of the E-flag/index word in the packet.
    pub index_offset: usize,
}

/// Parses the clear parts of an SRTCP packet whose trailer after the index is
/// `tag_len` bytes (10 for the AES-CM/HMAC-SHA1 profiles, 0 for AEAD-GCM, see
/// [`crate::handshake::dtls::SrtpProtectionProfile::srtcp_trailer_tag_len`]).
///
/// # Errors
/// Fewer than 8 + 4 + `tag_len` bytes; a version other than 2; a first packet type outside
/// 192–223 (RFC 5761 §4).
pub fn parse_srtcp(bytes: &[u8], tag_len: usize) -> Result<SrtcpPacket, ParseError> {
    let mut r = Reader::new(bytes, 0);
    let b0 = r.u8("V/P/count")?;
    if b0 >> 6 != 2 {
        return Err(ParseError::bad_value(
            0,
            "version",
            u32::from(b0 >> 6),
            "RTCP version 2 (RFC 3550 §6.4.1)",
        ));
    }
    let pt = r.u8("packet type")?;
    if !(192..=223).contains(&pt) {
        return Err(ParseError::bad_value(
            1,
            "packet type",
            u32::from(pt),
            "an RTCP packet type (192-223, RFC 5761 §4)",
        ));
    }
    let length = r.u16("length")?;
    let sender_ssrc = r.u32("SSRC of sender")?;
    let trailer = 4 + tag_len;
    if r.remaining() < trailer {
        return Err(ParseError::truncated(
            r.offset(),
            "SRTCP index and authentication tag",
            trailer,
            r.remaining(),
        ));
    }
    let index_offset = bytes.len() - trailer;
    let word = u32::from_be_bytes([
        bytes[index_offset],
        bytes[index_offset + 1],
        bytes[index_offset + 2],
        bytes[index_offset + 3],
    ]);
    Ok(SrtcpPacket {
        packet_type: RtcpPacketType(pt),
        count: b0 & 0x1f,
        length,
        sender_ssrc,
        encrypted: word >> 31 == 1,
        index: word & 0x7fff_ffff,
        index_offset,
    })
}
