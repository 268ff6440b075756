//! What travels next to STUN on an ICE transport: the first-byte demultiplexer of RFC 7983
//! (as updated by RFC 9443), TURN ChannelData messages (RFC 8656 §12.4) and the RFC 4571
//! length-prefixed framing of ICE-TCP (RFC 6544 §3).

use super::error::{DecodeError, ErrorKind};
use super::value::padding_len;
use serde::Serialize;

/// The protocol a packet on a WebRTC 5-tuple carries, judged by its first byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PacketKind {
    /// 0–3: STUN (the two top bits of a STUN message are zero).
    Stun,
    /// 16–19: ZRTP.
    Zrtp,
    /// 20–63: DTLS (content types 20–63; 20–26 in use).
    Dtls,
    /// 64–79: TURN ChannelData (channel numbers 0x4000–0x4FFF, RFC 8656 §12).
    TurnChannel,
    /// 80–127 and 192–255: QUIC (RFC 9443). Only meaningful where QUIC is negotiated;
    /// on a plain WebRTC transport these bytes are unexpected.
    Quic,
    /// 128–191: RTP or RTCP (version 2). Telling RTP from RTCP needs the second byte
    /// (RFC 5761 §4: RTCP packet types 192–223).
    RtpRtcp,
    /// 4–15: not assigned; RFC 9443 says to drop the packet.
    Unknown,
}

/// Classifies a packet by its first byte, as RFC 7983 §7 (updated by RFC 9443) tells a
/// receiver to demultiplex STUN, ZRTP, DTLS, TURN channels, QUIC and RTP/RTCP on one port:
///
/// ```text
/// [0..3] STUN  [4..15] drop  [16..19] ZRTP  [20..63] DTLS  [64..79] TURN Channel
/// [80..127] QUIC  [128..191] RTP/RTCP  [192..255] QUIC
/// ```
///
/// RFC 7983 sends 64–79 to TURN channels (RFC 5766 allowed channel numbers up to 0x7FFF;
/// RFC 8656 §12 restricts them to 0x4000–0x4FFF, whose first byte is 64–79) and leaves
/// 80–127 and 192–255 unassigned; RFC 9443 gives those to QUIC. A QUIC short-header packet (first byte `0b01xxxxxx`, with
/// header-protected bits) can still begin with 64–79, so where QUIC and TURN channels share a
/// port a byte in 64–79 is ambiguous: decide by whether a channel is bound. On a WebRTC
/// transport without QUIC, 64–79 is a TURN channel.
pub const fn classify(first_byte: u8) -> PacketKind {
    match first_byte {
        0..=3 => PacketKind::Stun,
        4..=15 => PacketKind::Unknown,
        16..=19 => PacketKind::Zrtp,
        20..=63 => PacketKind::Dtls,
        64..=79 => PacketKind::TurnChannel,
        80..=127 | 192..=255 => PacketKind::Quic,
        128..=191 => PacketKind::RtpRtcp,
    }
}

/// A TURN ChannelData message (RFC 8656 §12.4):
///
/// ```text
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Channel Number        |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                       Application Data                        /
/// +-------------------------------+
/// ```
///
/// `Length` counts the application data only. Over TCP/TLS the message is padded to a
/// multiple of 4 bytes (the padding is not in `Length`); over UDP padding is optional
/// (RFC 8656 §12.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChannelData<'a> {
    /// The channel number, 0x4000–0x4FFF.
    pub channel: u16,
    /// The application data (`Length` bytes).
    pub data: &'a [u8],
    /// Bytes after the data: the padding (over TCP exactly to a multiple of 4; over UDP
    /// whatever the datagram carried after the data, usually nothing).
    pub padding: &'a [u8],
}

impl<'a> ChannelData<'a> {
    fn header(bytes: &[u8]) -> Result<(u16, usize), DecodeError> {
        let Some(h) = bytes.first_chunk::<4>() else {
            return Err(DecodeError::at(
                0,
                "channel data header",
                ErrorKind::Truncated {
                    needed: 4,
                    available: bytes.len(),
                },
            ));
        };
        let channel = u16::from_be_bytes([h[0], h[1]]);
        if !(0x4000..=0x4FFF).contains(&channel) {
            return Err(DecodeError::at(
                0,
                "channel number",
                ErrorKind::ChannelOutOfRange { channel },
            ));
        }
        Ok((channel, usize::from(u16::from_be_bytes([h[2], h[3]]))))
    }

    /// Decodes a ChannelData message that fills a UDP datagram. Bytes after the data are
    /// kept as `padding` (RFC 8656 §12.5 lets UDP senders pad or not). Errors: fewer than 4
    /// bytes; a channel outside 0x4000–0x4FFF (offset 0); a length past the end of the
    /// datagram (offset 2, needed 4 + length) — RFC 8656 §12.5 says to discard such datagrams.
    pub fn decode_datagram(bytes: &'a [u8]) -> Result<ChannelData<'a>, DecodeError> {
        let (channel, len) = Self::header(bytes)?;
        let Some(data) = bytes.get(4..4 + len) else {
            return Err(DecodeError::at(
                2,
                "channel data length",
                ErrorKind::Truncated {
                    needed: 4 + len,
                    available: bytes.len(),
                },
            ));
        };
        Ok(ChannelData {
            channel,
            data,
            padding: bytes.get(4 + len..).unwrap_or(&[]),
        })
    }

    /// Decodes the ChannelData message at the start of a TCP/TLS stream, padding included
    /// (RFC 8656 §12.5: "over TCP and TLS-over-TCP, the ChannelData message MUST be padded to
    /// a multiple of four bytes"); returns it and the bytes it uses. A message not yet
    /// complete is a `Truncated` error (offset 2, needed vs available): read more and retry.
    pub fn decode_stream(bytes: &'a [u8]) -> Result<(ChannelData<'a>, usize), DecodeError> {
        let (channel, len) = Self::header(bytes)?;
        let total = 4 + len + padding_len(len);
        match (bytes.get(4..4 + len), bytes.get(4 + len..total)) {
            (Some(data), Some(padding)) => Ok((
                ChannelData {
                    channel,
                    data,
                    padding,
                },
                total,
            )),
            _ => Err(DecodeError::at(
                2,
                "channel data length",
                ErrorKind::Truncated {
                    needed: total,
                    available: bytes.len(),
                },
            )),
        }
    }

    /// Encodes the message: header, data, then padding — `padding` if given, else zeros to a
    /// multiple of 4 when `pad` is set (TCP), none otherwise (UDP).
    pub fn encode(&self, pad: bool, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.channel.to_be_bytes());
        out.extend_from_slice(&(self.data.len() as u16).to_be_bytes());
        out.extend_from_slice(self.data);
        if !self.padding.is_empty() {
            out.extend_from_slice(self.padding);
        } else if pad {
            out.extend(std::iter::repeat_n(0u8, padding_len(self.data.len())));
        }
    }
}

/// One frame of an RFC 4571 stream: a 16-bit length, then that many bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Frame<'a> {
    /// Offset of the frame's length prefix in the stream.
    pub offset: usize,
    /// The payload (a STUN message, DTLS record, RTP or RTCP packet).
    pub payload: &'a [u8],
}

/// The incomplete end of an RFC 4571 stream: a frame whose length prefix or payload is not
/// all there yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct PartialFrame {
    /// Offset of the incomplete frame in the stream.
    pub offset: usize,
    /// The announced payload length, if the 2-byte prefix is complete.
    pub declared: Option<u16>,
    /// Bytes present from `offset` (prefix included).
    pub available: usize,
}

impl PartialFrame {
    /// Bytes needed from `offset` to complete the frame (2 + length; 2 while the prefix is
    /// incomplete).
    pub fn needed(&self) -> usize {
        2 + self.declared.map_or(0, usize::from)
    }
}

/// Splits a byte stream into RFC 4571 frames (RFC 4571 §2: `LENGTH` is 16 bits, big-endian,
/// followed by a packet of that size; ICE-TCP uses it, RFC 6544 §3). Iterates over complete
/// frames; [`Rfc4571Frames::remainder`] then tells about an incomplete tail. Zero-copy.
#[derive(Clone, Debug)]
pub struct Rfc4571Frames<'a> {
    stream: &'a [u8],
    pos: usize,
}

impl<'a> Rfc4571Frames<'a> {
    /// Frames of `stream`, from its start.
    pub const fn new(stream: &'a [u8]) -> Rfc4571Frames<'a> {
        Rfc4571Frames { stream, pos: 0 }
    }

    /// Where the next frame starts (the bytes consumed by complete frames so far).
    pub const fn position(&self) -> usize {
        self.pos
    }

    /// The incomplete frame at [`Rfc4571Frames::position`], if the stream does not end
    /// exactly after a complete frame. Meaningful once the iterator returned `None`.
    pub fn remainder(&self) -> Option<PartialFrame> {
        let rest = self.stream.get(self.pos..).unwrap_or(&[]);
        if rest.is_empty() {
            return None;
        }
        let declared = rest.first_chunk::<2>().map(|b| u16::from_be_bytes(*b));
        Some(PartialFrame {
            offset: self.pos,
            declared,
            available: rest.len(),
        })
    }
}

impl<'a> Iterator for Rfc4571Frames<'a> {
    type Item = Frame<'a>;

    fn next(&mut self) -> Option<Frame<'a>> {
        let rest = self.stream.get(self.pos..)?;
        let len = usize::from(u16::from_be_bytes(*rest.first_chunk::<2>()?));
        let payload = rest.get(2..2 + len)?;
        let frame = Frame {
            offset: self.pos,
            payload,
        };
        self.pos += 2 + len;
        Some(frame)
    }
}

/// Prefixes `payload` with its RFC 4571 length. Payloads over 65,535 bytes do not fit: `None`.
pub fn frame_rfc4571(payload: &[u8], out: &mut Vec<u8>) -> Option<()> {
    let len = u16::try_from(payload.len()).ok()?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifier_ranges() {
        let expect = |range: std::ops::RangeInclusive<u8>, kind| {
            for b in range {
                assert_eq!(classify(b), kind, "byte {b}");
            }
        };
        expect(0..=3, PacketKind::Stun);
        expect(4..=15, PacketKind::Unknown);
        expect(16..=19, PacketKind::Zrtp);
        expect(20..=63, PacketKind::Dtls);
        expect(64..=79, PacketKind::TurnChannel);
        expect(80..=127, PacketKind::Quic);
        expect(128..=191, PacketKind::RtpRtcp);
        expect(192..=255, PacketKind::Quic);
    }

    #[test]
    fn channel_data_udp_and_tcp() {
        let udp = [0x40, 0x01, 0x00, 0x03, b'a', b'b', b'c'];
        let cd = ChannelData::decode_datagram(&udp).unwrap();
        assert_eq!(
            (cd.channel, cd.data, cd.padding),
            (0x4001, &b"abc"[..], &[][..])
        );
        let mut out = Vec::new();
        cd.encode(false, &mut out);
        assert_eq!(out, udp);

        // Over TCP the padding is required and consumed; the next message follows.
        let tcp = [
            0x4F, 0xFF, 0x00, 0x03, b'a', b'b', b'c', 0, 0x40, 0x00, 0x00, 0x00,
        ];
        let (cd, used) = ChannelData::decode_stream(&tcp).unwrap();
        assert_eq!((cd.channel, used, cd.padding), (0x4FFF, 8, &[0][..]));
        let (cd2, used2) = ChannelData::decode_stream(&tcp[used..]).unwrap();
        assert_eq!((cd2.channel, cd2.data.len(), used2), (0x4000, 0, 4));
        // Incomplete: needed 8, available 7.
        let err = ChannelData::decode_stream(&tcp[..7]).unwrap_err();
        assert_eq!(
            (err.offset, err.kind),
            (
                2,
                ErrorKind::Truncated {
                    needed: 8,
                    available: 7
                }
            )
        );
        // Channel out of the RFC 8656 range (RFC 5766 allowed 0x5000-0x7FFF).
        let err = ChannelData::decode_datagram(&[0x50, 0, 0, 0]).unwrap_err();
        assert_eq!(
            (err.offset, err.kind),
            (0, ErrorKind::ChannelOutOfRange { channel: 0x5000 })
        );
        // Length past the datagram.
        let err = ChannelData::decode_datagram(&[0x40, 0, 0, 9, 1]).unwrap_err();
        assert_eq!(
            (err.offset, err.kind),
            (
                2,
                ErrorKind::Truncated {
                    needed: 13,
                    available: 5
                }
            )
        );
    }

    #[test]
    fn rfc4571_split_with_partial_tail() {
        let mut stream = Vec::new();
        frame_rfc4571(b"hello", &mut stream).unwrap();
        frame_rfc4571(b"", &mut stream).unwrap();
        frame_rfc4571(b"world!", &mut stream).unwrap();
        stream.extend_from_slice(&[0x00, 0x10, 1, 2, 3]);
        let mut frames = Rfc4571Frames::new(&stream);
        let got: Vec<_> = frames.by_ref().map(|f| (f.offset, f.payload)).collect();
        assert_eq!(
            got,
            vec![(0, &b"hello"[..]), (7, &b""[..]), (9, &b"world!"[..])]
        );
        let tail = frames.remainder().unwrap();
        assert_eq!(
            tail,
            PartialFrame {
                offset: 17,
                declared: Some(16),
                available: 5
            }
        );
        assert_eq!(tail.needed(), 18);
        // A lone first byte of a prefix.
        let mut f = Rfc4571Frames::new(&[0x00]);
        assert!(f.next().is_none());
        assert_eq!(
            f.remainder(),
            Some(PartialFrame {
                offset: 0,
                declared: None,
                available: 1
            })
        );
        // Exactly complete: no remainder.
        let mut f = Rfc4571Frames::new(&stream[..17]);
        assert_eq!(f.by_ref().count(), 3);
        assert_eq!(f.remainder(), None);
    }
}
