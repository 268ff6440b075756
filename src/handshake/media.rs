//! Media in a capture: SRTP streams keyed by 5-tuple direction and SSRC (two agents may use
//! the same SSRC: libdatachannel's examples do), with packet counts, payload types, first and
//! last time, packet rate and bitrate, and the MID/RID they carry (RFC 8285 header
//! extensions, RFC 8843 §15, RFC 8852); SRTCP packets per sender SSRC (RFC 3711 §3.4); each
//! stream matched to an m-line through MID, `a=ssrc` (RFC 5576) or payload type; and per
//! m-line whether media flows both ways, one way, or not at all (data channels: DTLS
//! application data, [`super::dtls_flow`]).
//!
//! Memory is bounded: at most [`MAX_STREAMS`] RTP streams and [`MAX_STREAMS`] RTCP senders
//! (packets of more are counted in [`Media::dropped`]); per stream at most
//! [`MAX_PAYLOAD_TYPES`] distinct payload types and MID/RID values of at most
//! [`MAX_ID_LEN`] bytes (the first seen).

use super::dtls_flow::Association;
use super::peers::{Peers, Section, Side};
use super::rtcp::{self, RtcpPacketType};
use super::rtp::{self, ExtensionIds};
use super::sides::Sides;
use crate::capture::{Flow, Packet};
use crate::sdp::attributes::Direction;
use crate::stun::PacketKind;
use serde::Serialize;
use std::collections::HashMap;

/// RTP streams (and RTCP senders) tracked.
pub const MAX_STREAMS: usize = 4096;
/// Distinct payload types kept per stream.
pub const MAX_PAYLOAD_TYPES: usize = 8;
/// Longest MID or RID kept, bytes (RFC 8843 §9.1 asks for at most 16 characters; longer
/// values are cut).
pub const MAX_ID_LEN: usize = 64;

/// How a stream was matched to an m-line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchedBy {
    /// The MID header extension (RFC 8843 §15).
    Mid,
    /// The SSRC is listed in an `a=ssrc` of the section (RFC 5576).
    Ssrc,
    /// Its payload types belong to one section only.
    PayloadType,
}

/// One SRTP stream: one SSRC on one 5-tuple direction.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RtpStream {
    /// The 5-tuple, sender first.
    pub flow: Flow,
    /// The TURN channel, when it came inside ChannelData.
    pub channel: Option<u16>,
    /// The SSRC.
    pub ssrc: u32,
    /// The sending agent, when known.
    pub sender: Option<Side>,
    /// Packets.
    pub packets: u64,
    /// Bytes of the packets (RTP header, encrypted payload and SRTP tag).
    pub bytes: u64,
    /// Payload types seen, in order of first use.
    pub payload_types: Vec<u8>,
    /// Capture record of the first packet.
    pub first_number: u64,
    /// Time of the first packet, ns since the epoch.
    pub first_ns: i128,
    /// Time of the last packet, ns since the epoch.
    pub last_ns: i128,
    /// Packets per second between the first and the last packet (`None` for one packet).
    pub packet_rate: Option<f64>,
    /// Bits per second over the same time.
    pub bitrate_bps: Option<f64>,
    /// The MID it carried (first seen).
    pub mid: Option<String>,
    /// The RID it carried (first seen).
    pub rid: Option<String>,
    /// The repaired RID it carried (RTX/FEC of that RID stream).
    pub repaired_rid: Option<String>,
    /// The m-line (index) it belongs to.
    pub section: Option<usize>,
    /// How that was found.
    pub matched_by: Option<MatchedBy>,
}

/// SRTCP packets of one sender SSRC on one 5-tuple direction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RtcpSender {
    /// The 5-tuple, sender first.
    pub flow: Flow,
    /// The sender SSRC of the first RTCP packet (in the clear, RFC 3711 §3.4).
    pub ssrc: u32,
    /// The sending agent, when known.
    pub sender: Option<Side>,
    /// Packets (compound packets count once).
    pub packets: u64,
    /// Bytes.
    pub bytes: u64,
    /// Types of the first RTCP packet of each compound, in order of first use.
    pub packet_types: Vec<RtcpPacketType>,
}

/// Whether an m-line carries media, and which way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "flow", rename_all = "kebab-case")]
pub enum Flowing {
    /// Both agents sent.
    Both,
    /// Only `from` sent.
    OneWay {
        /// The agent that sent.
        from: Side,
    },
    /// Packets, but whose is not known (no SDP, or addresses not in the ICE checks).
    Unattributed,
    /// Nothing.
    None,
}

/// One m-line of the verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionFlow {
    /// Position of the m-line.
    pub index: usize,
    /// Its mid.
    pub mid: Option<String>,
    /// `audio`, `video`, `application`.
    pub kind: String,
    /// Packets (RTP; application: DTLS application-data records) from the offerer.
    pub from_offerer: u64,
    /// From the answerer.
    pub from_answerer: u64,
    /// From an agent not known.
    pub unattributed: u64,
    /// Which way it flows.
    pub flowing: Flowing,
    /// Whether the SDPs let anything flow (port ≠ 0 on both sides, a direction that sends).
    pub negotiated: bool,
}

/// Per m-line: flowing both ways, one way, or not at all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MediaOutcome {
    /// One entry per m-line of the offer (of the answer when no offer was given).
    pub sections: Vec<SectionFlow>,
}

/// SRTP/SRTCP of a capture, packet by packet.
#[derive(Debug, Default)]
pub struct Media {
    streams: Vec<RtpStream>,
    stream_index: HashMap<(Flow, u32), usize>,
    rtcp: Vec<RtcpSender>,
    rtcp_index: HashMap<(Flow, u32), usize>,
    ids: Option<Vec<ExtensionIds>>,
    /// RTP/RTCP packets past [`MAX_STREAMS`], counted only.
    pub dropped: u64,
    /// Packets with RTP/RTCP first bytes that do not parse.
    pub malformed: u64,
}

impl Media {
    /// Takes a packet; anything but RTP/RTCP (RFC 7983 first byte 128–191) is ignored.
    pub fn push(&mut self, packet: &Packet<'_>, peers: &Peers) {
        if packet.kind != PacketKind::RtpRtcp {
            return;
        }
        if rtcp::is_rtcp(packet.bytes) {
            self.push_rtcp(packet);
            return;
        }
        let Ok(p) = rtp::parse_rtp(packet.bytes) else {
            self.malformed += 1;
            return;
        };
        let key = (packet.flow, p.ssrc);
        let i = match self.stream_index.get(&key) {
            Some(&i) => i,
            None if self.streams.len() >= MAX_STREAMS => {
                self.dropped += 1;
                return;
            }
            None => {
                self.streams.push(RtpStream {
                    flow: packet.flow,
                    channel: packet.channel,
                    ssrc: p.ssrc,
                    sender: None,
                    packets: 0,
                    bytes: 0,
                    payload_types: Vec::new(),
                    first_number: packet.number,
                    first_ns: packet.time_ns,
                    last_ns: packet.time_ns,
                    packet_rate: None,
                    bitrate_bps: None,
                    mid: None,
                    rid: None,
                    repaired_rid: None,
                    section: None,
                    matched_by: None,
                });
                self.stream_index.insert(key, self.streams.len() - 1);
                self.streams.len() - 1
            }
        };
        let s = &mut self.streams[i];
        s.packets += 1;
        s.bytes += packet.bytes.len() as u64;
        s.last_ns = s.last_ns.max(packet.time_ns);
        if !s.payload_types.contains(&p.payload_type) && s.payload_types.len() < MAX_PAYLOAD_TYPES {
            s.payload_types.push(p.payload_type);
        }
        if p.extension.is_some() && (s.mid.is_none() || s.rid.is_none()) {
            // The ids of either SDP (the sender is not known yet); the first that reads.
            let ids = self.ids.get_or_insert_with(|| {
                let mut v: Vec<ExtensionIds> = Vec::new();
                for x in peers.sections.iter().map(|x| x.extension_ids) {
                    if x != ExtensionIds::default() && !v.contains(&x) {
                        v.push(x);
                    }
                }
                v
            });
            for ids in ids.iter() {
                let sdes = p.sdes(ids);
                let keep = |v: Option<&str>| v.map(|v| v.chars().take(MAX_ID_LEN).collect());
                if s.mid.is_none() {
                    s.mid = keep(sdes.mid);
                }
                if s.rid.is_none() {
                    s.rid = keep(sdes.rid);
                }
                if s.repaired_rid.is_none() {
                    s.repaired_rid = keep(sdes.repaired_rid);
                }
            }
        }
    }

    fn push_rtcp(&mut self, packet: &Packet<'_>) {
        let Ok((first, _)) = rtcp::parse_rtcp_packet(packet.bytes, 0) else {
            self.malformed += 1;
            return;
        };
        let Some(ssrc) = first.sender_ssrc else {
            self.malformed += 1;
            return;
        };
        let key = (packet.flow, ssrc);
        let i = match self.rtcp_index.get(&key) {
            Some(&i) => i,
            None if self.rtcp.len() >= MAX_STREAMS => {
                self.dropped += 1;
                return;
            }
            None => {
                self.rtcp.push(RtcpSender {
                    flow: packet.flow,
                    ssrc,
                    sender: None,
                    packets: 0,
                    bytes: 0,
                    packet_types: Vec::new(),
                });
                self.rtcp_index.insert(key, self.rtcp.len() - 1);
                self.rtcp.len() - 1
            }
        };
        let r = &mut self.rtcp[i];
        r.packets += 1;
        r.bytes += packet.bytes.len() as u64;
        if !r.packet_types.contains(&first.packet_type) && r.packet_types.len() < 8 {
            r.packet_types.push(first.packet_type);
        }
    }

    /// The streams with their senders, rates and m-lines; the RTCP senders.
    pub fn finish(mut self, sides: &Sides, peers: &Peers) -> (Vec<RtpStream>, Vec<RtcpSender>) {
        for s in &mut self.streams {
            s.sender = sides.of(s.flow.src);
            let seconds = (s.last_ns - s.first_ns) as f64 / 1e9;
            if seconds > 0.0 && s.packets > 1 {
                // n packets span n-1 intervals.
                s.packet_rate = Some((s.packets - 1) as f64 / seconds);
                s.bitrate_bps = Some(s.bytes as f64 * 8.0 / seconds);
            }
            if let Some((section, how)) = match_section(s, peers) {
                s.section = Some(section);
                s.matched_by = Some(how);
            }
        }
        // RTX/FEC streams carry no MID after the first packets in some stacks: an SSRC seen
        // with a MID on one 5-tuple gives its section to the same SSRC on another.
        for i in 0..self.streams.len() {
            if self.streams[i].section.is_none() {
                let found = self.streams.iter().find(|o| {
                    o.ssrc == self.streams[i].ssrc && o.matched_by == Some(MatchedBy::Mid)
                });
                if let Some(section) = found.and_then(|o| o.section) {
                    self.streams[i].section = Some(section);
                    self.streams[i].matched_by = Some(MatchedBy::Mid);
                }
            }
        }
        for r in &mut self.rtcp {
            r.sender = sides.of(r.flow.src);
        }
        (self.streams, self.rtcp)
    }
}

/// The m-line of a stream: MID, then `a=ssrc`, then payload types unique to one section
/// (the sender's description first).
fn match_section(s: &RtpStream, peers: &Peers) -> Option<(usize, MatchedBy)> {
    if let Some(mid) = &s.mid {
        if let Some(x) = peers
            .sections
            .iter()
            .find(|x| x.mid.as_deref() == Some(mid))
        {
            return Some((x.index, MatchedBy::Mid));
        }
    }
    let ordered: Vec<&Section> = {
        let mut v: Vec<&Section> = peers
            .sections
            .iter()
            .filter(|x| Some(x.side) == s.sender)
            .collect();
        v.extend(peers.sections.iter().filter(|x| Some(x.side) != s.sender));
        v
    };
    if let Some(x) = ordered.iter().find(|x| x.ssrcs.contains(&s.ssrc)) {
        return Some((x.index, MatchedBy::Ssrc));
    }
    for side_first in [true, false] {
        let mut candidates: Vec<usize> = ordered
            .iter()
            .filter(|x| !side_first || Some(x.side) == s.sender)
            .filter(|x| x.kind != "application")
            .filter(|x| {
                s.payload_types
                    .iter()
                    .all(|pt| x.payload_types.contains(pt))
            })
            .map(|x| x.index)
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        if let [one] = candidates[..] {
            return Some((one, MatchedBy::PayloadType));
        }
    }
    None
}

/// Whether `side` may send on `index` and the other side receive (RFC 3264 §6.1): ports not
/// 0 and directions that allow it.
fn may_send(peers: &Peers, index: usize, side: Side) -> bool {
    let find = |s: Side| {
        peers
            .sections
            .iter()
            .find(|x| x.side == s && x.index == index)
    };
    let sends = |d: Direction| matches!(d, Direction::SendRecv | Direction::SendOnly);
    let receives = |d: Direction| matches!(d, Direction::SendRecv | Direction::RecvOnly);
    match (find(side), find(side.other())) {
        (Some(me), Some(peer)) => {
            me.port != 0 && peer.port != 0 && sends(me.direction) && receives(peer.direction)
        }
        _ => false,
    }
}

/// The per m-line verdict. Data channels (`application`) count the DTLS application data of
/// the association between the agents (`dtls`).
pub fn outcome(peers: &Peers, streams: &[RtpStream], dtls: Option<&Association>) -> MediaOutcome {
    let first_side = if peers.sections.iter().any(|x| x.side == Side::Offerer) {
        Side::Offerer
    } else {
        Side::Answerer
    };
    let mut sections = Vec::new();
    for x in peers.sections.iter().filter(|x| x.side == first_side) {
        let mut counts = [0u64; 3];
        if x.kind == "application" {
            for e in dtls.iter().flat_map(|a| a.ends.iter()) {
                counts[slot(e.side)] += e.application_data.records;
            }
        } else {
            for s in streams.iter().filter(|s| s.section == Some(x.index)) {
                counts[slot(s.sender)] += s.packets;
            }
        }
        let flowing = match counts {
            [0, 0, 0] => Flowing::None,
            [o, a, _] if o > 0 && a > 0 => Flowing::Both,
            [o, 0, _] if o > 0 => Flowing::OneWay {
                from: Side::Offerer,
            },
            [0, a, _] if a > 0 => Flowing::OneWay {
                from: Side::Answerer,
            },
            _ => Flowing::Unattributed,
        };
        sections.push(SectionFlow {
            index: x.index,
            mid: x.mid.clone(),
            kind: x.kind.clone(),
            from_offerer: counts[0],
            from_answerer: counts[1],
            unattributed: counts[2],
            flowing,
            negotiated: may_send(peers, x.index, Side::Offerer)
                || may_send(peers, x.index, Side::Answerer)
                || (x.kind == "application"
                    && peers
                        .sections
                        .iter()
                        .filter(|y| y.index == x.index)
                        .all(|y| y.port != 0)),
        });
    }
    MediaOutcome { sections }
}

fn slot(side: Option<Side>) -> usize {
    match side {
        Some(Side::Offerer) => 0,
        Some(Side::Answerer) => 1,
        None => 2,
    }
}
