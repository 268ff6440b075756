//! Per-5-tuple sums of demultiplexed packets: counts by kind, bytes, first and last time.
//! One entry per direction (`src → dst`), bounded by a flow limit.

use super::packet::{Flow, Packet, Payload};
use serde::Serialize;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

/// Packets of one kind group, as the flow table counts them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    /// STUN messages (RFC 8489), inside ChannelData or not.
    pub stun: u64,
    /// DTLS records' datagrams (RFC 6347, RFC 9147).
    pub dtls: u64,
    /// RTP packets (RFC 3550).
    pub rtp: u64,
    /// RTCP packets (RFC 3550 §6; RFC 5761 §4 to tell them from RTP).
    pub rtcp: u64,
    /// Packets that came inside TURN ChannelData (RFC 8656 §12.4), whatever they held.
    pub channel_data: u64,
    /// ZRTP, QUIC, and bytes of no WebRTC kind.
    pub other: u64,
}

/// What one direction of a 5-tuple carried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FlowStats {
    /// The 5-tuple.
    pub flow: Flow,
    /// Packets by kind.
    pub kinds: KindCounts,
    /// Packets in all.
    pub packets: u64,
    /// Payload bytes (UDP payloads, RFC 4571 frames), bytes.
    pub bytes: u64,
    /// Time of the first packet, ns since the Unix epoch.
    pub first_ns: i128,
    /// Time of the last packet, ns since the Unix epoch.
    pub last_ns: i128,
    /// Record number of the first packet.
    pub first_number: u64,
}

/// Flow sums, at most `max` flows (later new flows are counted in [`FlowTable::dropped`]).
#[derive(Debug)]
pub struct FlowTable {
    max: usize,
    flows: HashMap<Flow, FlowStats>,
    /// Packets of flows over the limit, not in the table.
    pub dropped: u64,
}

impl FlowTable {
    /// An empty table holding at most `max` flows.
    pub fn new(max: usize) -> Self {
        FlowTable {
            max,
            flows: HashMap::new(),
            dropped: 0,
        }
    }

    /// Counts a packet.
    pub fn add(&mut self, p: &Packet<'_>) {
        if !self.flows.contains_key(&p.flow) && self.flows.len() >= self.max {
            self.dropped += 1;
            return;
        }
        let s = self.flows.entry(p.flow).or_insert_with(|| FlowStats {
            flow: p.flow,
            kinds: KindCounts::default(),
            packets: 0,
            bytes: 0,
            first_ns: p.time_ns,
            last_ns: p.time_ns,
            first_number: p.number,
        });
        s.packets += 1;
        s.bytes += p.bytes.len() as u64;
        s.first_ns = s.first_ns.min(p.time_ns);
        s.last_ns = s.last_ns.max(p.time_ns);
        if p.channel.is_some() {
            s.kinds.channel_data += 1;
        }
        match p.kind {
            Payload::Stun => s.kinds.stun += 1,
            Payload::Dtls => s.kinds.dtls += 1,
            Payload::RtpRtcp if p.is_rtcp() => s.kinds.rtcp += 1,
            Payload::RtpRtcp => s.kinds.rtp += 1,
            _ => s.kinds.other += 1,
        }
    }

    /// The flows in order of their first packet.
    pub fn into_sorted(self) -> Vec<FlowStats> {
        let mut v: Vec<_> = self.flows.into_values().collect();
        v.sort_by_key(|s| (s.first_number, s.flow));
        v
    }
}

/// `ADDR`, `ADDR:PORT`, `[V6]:PORT` or `:PORT`: selects packets with that address and/or port
/// on either side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddrFilter {
    /// The address, if given.
    pub ip: Option<IpAddr>,
    /// The port, if given.
    pub port: Option<u16>,
}

impl FromStr for AddrFilter {
    type Err = String;

    /// Errors: text that is none of the four forms (the message says which are accepted).
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not ADDR, ADDR:PORT, [IPV6]:PORT or :PORT");
        if let Ok(ip) = s.parse::<IpAddr>() {
            return Ok(AddrFilter {
                ip: Some(ip),
                port: None,
            });
        }
        if let Ok(sa) = s.parse::<SocketAddr>() {
            return Ok(AddrFilter {
                ip: Some(sa.ip()),
                port: Some(sa.port()),
            });
        }
        if let Some(port) = s.strip_prefix(':') {
            return port
                .parse()
                .map(|p| AddrFilter {
                    ip: None,
                    port: Some(p),
                })
                .map_err(|_| bad());
        }
        Err(bad())
    }
}

impl AddrFilter {
    /// Whether either end of `flow` matches.
    pub fn matches(&self, flow: &Flow) -> bool {
        let end = |a: &SocketAddr| {
            self.ip.is_none_or(|ip| ip == a.ip()) && self.port.is_none_or(|p| p == a.port())
        };
        end(&flow.src) || end(&flow.dst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Transport;

    #[test]
    fn filters() {
        let flow = Flow {
            src: "10.99.0.1:5000".parse().unwrap(),
            dst: "[fd99::2]:6000".parse().unwrap(),
            transport: Transport::Udp,
        };
        for (f, hit) in [
            ("10.99.0.1", true),
            ("10.99.0.1:5000", true),
            ("10.99.0.1:6000", false),
            ("[fd99::2]:6000", true),
            ("fd99::2", true),
            (":6000", true),
            (":7000", false),
        ] {
            assert_eq!(f.parse::<AddrFilter>().unwrap().matches(&flow), hit, "{f}");
        }
        assert!("10.99.0.1:x".parse::<AddrFilter>().is_err());
        assert!(":".parse::<AddrFilter>().is_err());
    }
}
