//! One demultiplexed packet of a capture: where it was in the file, when, on which 5-tuple,
//! and what it carries.

use crate::stun::framing::PacketKind;
use serde::Serialize;
use std::net::SocketAddr;

/// The transport of a 5-tuple.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    /// UDP (RFC 768): one packet per datagram.
    Udp,
    /// TCP (RFC 9293) with RFC 4571 framing (ICE-TCP, RFC 6544 §3): one packet per frame.
    Tcp,
}

/// A 5-tuple, as sent: `src` → `dst`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Flow {
    /// Sender's address and port.
    pub src: SocketAddr,
    /// Receiver's address and port.
    pub dst: SocketAddr,
    /// UDP or TCP.
    pub transport: Transport,
}

impl Flow {
    /// The same 5-tuple in the other direction.
    pub fn reversed(self) -> Flow {
        Flow {
            src: self.dst,
            dst: self.src,
            transport: self.transport,
        }
    }
}

/// What a packet carries, after the RFC 7983 demultiplexer; a TURN ChannelData message is
/// unwrapped and its data demultiplexed in turn ([`Packet::channel`] keeps the number).
/// In captures, bytes whose first byte names a kind but whose header has not its shape
/// (mDNS and DNS start with 0 like STUN, but lack the magic cookie) are
/// [`PacketKind::Unknown`]: read it as "other" (see [`super::kind_of`]).
pub type Payload = PacketKind;

/// One packet: a UDP datagram or one RFC 4571 frame of a TCP stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Packet<'a> {
    /// 1-based number of the capture record it came from (Wireshark's frame number). Several
    /// packets share one number when a TCP segment holds several frames.
    pub number: u64,
    /// Capture time in ns since the Unix epoch, rescaled from the interface's resolution.
    pub time_ns: i128,
    /// Byte offset of the capture record in the file.
    pub offset: u64,
    /// The 5-tuple it travelled on.
    pub flow: Flow,
    /// The TURN channel number when the bytes came inside ChannelData (RFC 8656 §12.4).
    pub channel: Option<u16>,
    /// What the first byte says it carries (RFC 7983 §7): for ChannelData, that of the data.
    pub kind: Payload,
    /// The bytes: the UDP payload, the RFC 4571 frame (without its length), or the
    /// ChannelData's data.
    pub bytes: &'a [u8],
    /// The capture kept only the start of the datagram (snapshot length): `bytes` is shorter
    /// than what was sent, so a message in it cannot be decoded or verified whole. Always
    /// false for TCP frames (cut segments leave a gap instead).
    pub truncated: bool,
}

impl Packet<'_> {
    /// For [`Payload::RtpRtcp`]: whether it is RTCP (RFC 5761 §4, second byte 192–223).
    pub fn is_rtcp(&self) -> bool {
        self.kind == Payload::RtpRtcp && super::demux::is_rtcp(self.bytes)
    }
}
