//! The RTP header (RFC 3550 §5.1) and its header extensions (RFC 8285): the part of an SRTP
//! packet that is in the clear (RFC 3711 §3.1 encrypts the payload only).
//!
//! ```text
//!  V=2 P X CC(4) | M PT(7) | sequence number(16) | timestamp(32) | SSRC(32) | CSRC(32)*CC
//!  [ profile(16) | length(16, in 32-bit words) | extension data ]   when X = 1
//! ```
//!
//! Header extension elements come in the one-byte form (profile 0xBEDE, RFC 8285 §4.2) or
//! the two-byte form (0x100x, §4.3); their ids map to URIs through the SDP's `a=extmap`
//! ([`ExtensionIds`] finds MID, RID and repaired RID, RFC 8843 §15 and RFC 8852 §3).

use super::error::ParseError;
use super::reader::Reader;
use crate::sdp::attributes::rtp::Extmap;
use serde::Serialize;

/// The fixed RTP header length, in bytes (without CSRCs and extension).
pub const RTP_HEADER_LEN: usize = 12;

/// The header extension profile of the one-byte form (RFC 8285 §4.2).
pub const ONE_BYTE_PROFILE: u16 = 0xBEDE;

/// An RTP packet: header fields, CSRCs, header extension, and the payload (encrypted, with
/// the SRTP authentication tag at its end, in SRTP).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RtpPacket<'a> {
    /// P: the payload ends with padding (its count is the last byte; unreadable in SRTP).
    pub padding: bool,
    /// M: the marker bit (end of a video frame, start of a talkspurt).
    pub marker: bool,
    /// PT: the payload type (0–127), mapped to a codec by the SDP's `a=rtpmap`.
    pub payload_type: u8,
    /// The sequence number (+1 per packet, wraps).
    pub sequence_number: u16,
    /// The RTP timestamp, in the clock rate of the payload format.
    pub timestamp: u32,
    /// The synchronisation source.
    pub ssrc: u32,
    /// The contributing sources, 4 bytes each (CC of them).
    #[serde(skip)]
    pub csrc: &'a [u8],
    /// The header extension when X = 1.
    pub extension: Option<HeaderExtension<'a>>,
    /// The header length in bytes: 12 + 4·CC + extension.
    pub header_len: usize,
    /// Everything after the header.
    #[serde(skip)]
    pub payload: &'a [u8],
}

impl<'a> RtpPacket<'a> {
    /// The CSRCs.
    pub fn csrcs(&self) -> impl Iterator<Item = u32> + 'a {
        self.csrc
            .chunks_exact(4)
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
    }

    /// The value of the header extension element with this id, if present and readable.
    pub fn extension_value(&self, id: u8) -> Option<&'a [u8]> {
        self.extension?
            .elements()
            .map_while(Result::ok)
            .find(|e| e.id == id)
            .map(|e| e.data)
    }

    /// The value of a text element (MID, RID: RFC 8843 §15, RFC 8852 §3 carry the
    /// identifier as the element's bytes), when present and UTF-8.
    pub fn extension_text(&self, id: u8) -> Option<&'a str> {
        std::str::from_utf8(self.extension_value(id)?).ok()
    }

    /// MID, RID and repaired RID read with the ids of an m-section's `a=extmap`s.
    pub fn sdes(&self, ids: &ExtensionIds) -> Sdes<'a> {
        let text = |id: Option<u8>| id.and_then(|id| self.extension_text(id));
        Sdes {
            mid: text(ids.mid),
            rid: text(ids.rid),
            repaired_rid: text(ids.repaired_rid),
        }
    }
}

/// Parses an RTP (or SRTP) packet.
///
/// # Errors
/// Fewer than 12 bytes; a version other than 2; CSRCs or the extension past the end; an
/// extension length past the end.
pub fn parse_rtp(bytes: &[u8]) -> Result<RtpPacket<'_>, ParseError> {
    let mut r = Reader::new(bytes, 0);
    let b0 = r.u8("V/P/X/CC")?;
    if b0 >> 6 != 2 {
        return Err(ParseError::bad_value(
            0,
            "version",
            u32::from(b0 >> 6),
            "RTP version 2 (RFC 3550 §5.1)",
        ));
    }
    let b1 = r.u8("M/PT")?;
    let sequence_number = r.u16("sequence number")?;
    let timestamp = r.u32("timestamp")?;
    let ssrc = r.u32("SSRC")?;
    let csrc = r.take(4 * usize::from(b0 & 0x0f), "CSRC list")?;
    let extension = if b0 & 0x10 != 0 {
        let offset = r.offset();
        let profile = r.u16("header extension profile")?;
        let words = usize::from(r.u16("header extension length")?);
        if 4 * words > r.remaining() {
            return Err(ParseError::truncated(
                offset + 2,
                "header extension length",
                2 + 4 * words,
                2 + r.remaining(),
            ));
        }
        let data = r.take(4 * words, "header extension")?;
        Some(HeaderExtension {
            offset,
            profile,
            data,
        })
    } else {
        None
    };
    let header_len = r.offset();
    Ok(RtpPacket {
        padding: b0 & 0x20 != 0,
        marker: b1 & 0x80 != 0,
        payload_type: b1 & 0x7f,
        sequence_number,
        timestamp,
        ssrc,
        csrc,
        extension,
        header_len,
        payload: r.rest(),
    })
}

/// The header extension block (RFC 3550 §5.3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct HeaderExtension<'a> {
    /// Offset of the profile field in the packet.
    pub offset: usize,
    /// The 16-bit "defined by profile" field: 0xBEDE, 0x100x, or another profile.
    pub profile: u16,
    /// The extension data (a multiple of 4 bytes).
    #[serde(skip)]
    pub data: &'a [u8],
}

/// The form of a header extension block, from its profile field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExtensionForm {
    /// 0xBEDE: one-byte headers, ids 1–14 (RFC 8285 §4.2).
    OneByte,
    /// 0x100x: two-byte headers, ids 1–255; `x` is 4 application bits (RFC 8285 §4.3).
    TwoByte,
    /// 0xC0DE or 0xC2DE: the elements are encrypted (cryptex, RFC 9335 §5.1).
    Encrypted,
    /// Another profile: not RFC 8285 elements.
    Other,
}

impl<'a> HeaderExtension<'a> {
    /// The form of the block.
    pub fn form(&self) -> ExtensionForm {
        match self.profile {
            ONE_BYTE_PROFILE => ExtensionForm::OneByte,
            p if p & 0xfff0 == 0x1000 => ExtensionForm::TwoByte,
            0xC0DE | 0xC2DE => ExtensionForm::Encrypted,
            _ => ExtensionForm::Other,
        }
    }

    /// The elements, in order (padding skipped). Empty for the encrypted and other forms.
    /// Yields one error and stops at an element that runs past the block.
    pub fn elements(&self) -> Elements<'a> {
        Elements {
            r: Reader::new(self.data, self.offset + 4),
            form: self.form(),
            done: false,
        }
    }
}

/// One header extension element: its local id (from `a=extmap`) and value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ExtensionElement<'a> {
    /// Offset of the element's header in the packet.
    pub offset: usize,
    /// The id (1–14 one-byte, 1–255 two-byte).
    pub id: u8,
    /// The value.
    #[serde(skip)]
    pub data: &'a [u8],
}

/// Iterator over header extension elements; see [`HeaderExtension::elements`].
#[derive(Clone, Debug)]
pub struct Elements<'a> {
    r: Reader<'a>,
    form: ExtensionForm,
    done: bool,
}

impl<'a> Iterator for Elements<'a> {
    type Item = Result<ExtensionElement<'a>, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done || self.r.is_empty() {
                return None;
            }
            let offset = self.r.offset();
            let result = match self.form {
                ExtensionForm::OneByte => {
                    let b = self.r.u8("one-byte element header").ok()?;
                    let id = b >> 4;
                    if b == 0 {
                        continue; // padding (RFC 8285 §4.2)
                    }
                    if id == 15 {
                        // Reserved: stop processing the block (RFC 8285 §4.2).
                        self.done = true;
                        return None;
                    }
                    // A zero id with a non-zero length is invalid; it reads as padding too.
                    if id == 0 {
                        continue;
                    }
                    let len = usize::from(b & 0x0f) + 1;
                    self.r
                        .take(len, "one-byte element data")
                        .map(|data| ExtensionElement { offset, id, data })
                }
                ExtensionForm::TwoByte => {
                    let id = self.r.u8("two-byte element id").ok()?;
                    if id == 0 {
                        continue; // padding (RFC 8285 §4.3)
                    }
                    self.r
                        .vec(1, "two-byte element length")
                        .map(|(_, data)| ExtensionElement { offset, id, data })
                }
                ExtensionForm::Encrypted | ExtensionForm::Other => return None,
            };
            if result.is_err() {
                self.done = true;
            }
            return Some(result);
        }
    }
}

/// The URI of the MID header extension (RFC 8843 §15.1).
pub const MID_URI: &str = "urn:ietf:params:rtp-hdrext:sdes:mid";
/// The URI of the RID header extension (RFC 8852 §4.1).
pub const RID_URI: &str = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
/// The URI of the repaired RID header extension (RFC 8852 §4.2).
pub const REPAIRED_RID_URI: &str = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

/// The header extension ids an m-section maps to MID, RID and repaired RID.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ExtensionIds {
    /// Id of `urn:ietf:params:rtp-hdrext:sdes:mid`.
    pub mid: Option<u8>,
    /// Id of `urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id`.
    pub rid: Option<u8>,
    /// Id of `urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id`.
    pub repaired_rid: Option<u8>,
}

impl ExtensionIds {
    /// The ids from `a=extmap` lines (e.g. `Media::extmaps`); ids above 255 are ignored
    /// (no RTP header can carry them).
    pub fn from_extmaps<'e>(extmaps: impl IntoIterator<Item = &'e Extmap<'e>>) -> ExtensionIds {
        let mut ids = ExtensionIds::default();
        for e in extmaps {
            let Ok(id) = u8::try_from(e.id) else {
                continue;
            };
            match e.uri.as_str() {
                MID_URI => ids.mid = Some(id),
                RID_URI => ids.rid = Some(id),
                REPAIRED_RID_URI => ids.repaired_rid = Some(id),
                _ => {}
            }
        }
        ids
    }
}

/// The SDES identifiers a packet carries (RFC 8843, RFC 8852).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Sdes<'a> {
    /// The MID: which m-section the stream belongs to.
    pub mid: Option<&'a str>,
    /// The RID: which simulcast/RID stream.
    pub rid: Option<&'a str>,
    /// The RID of the stream this one repairs (RTX, FEC).
    pub repaired_rid: Option<&'a str>,
}
