//! Which agent (offerer or answerer) a transport address belongs to, for the packets that carry
//! no ufrag (DTLS, SRTP, SRTCP): the ends of the ICE candidate pairs (learned from the ufrags
//! of the checks each end sent, RFC 8445 §7.2.2) and the SDPs' candidates (RFC 8839 §5.1).

use super::ice::PairReport;
use super::peers::{Peers, Side};
use std::collections::BTreeMap;
use std::net::SocketAddr;

/// Address → agent. An address claimed by both agents (a broken capture or SDP pair) is
/// left out rather than guessed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sides {
    map: BTreeMap<SocketAddr, Option<Side>>,
}

impl Sides {
    /// From the pair table, then the SDP candidates.
    pub fn new(pairs: &[PairReport], peers: &Peers) -> Sides {
        let mut sides = Sides::default();
        let ends = pairs.iter().flat_map(|p| [p.a, p.b]);
        for (address, side) in ends.filter_map(|e| Some((e.address, e.side?))) {
            sides.add(address, side);
        }
        for c in &peers.candidates {
            sides.add(c.address, c.side);
        }
        sides
    }

    fn add(&mut self, address: SocketAddr, side: Side) {
        let entry = self.map.entry(address).or_insert(Some(side));
        if *entry != Some(side) {
            *entry = None;
        }
    }

    /// The agent at `address`, when known.
    pub fn of(&self, address: SocketAddr) -> Option<Side> {
        self.map.get(&address).copied().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Transport;
    use crate::handshake::peers::KnownCandidate;
    use crate::ice::candidate::CandidateType;

    #[test]
    fn candidates_give_sides_and_conflicts_are_dropped() {
        let at = |s: &str| -> SocketAddr { s.parse().unwrap() };
        let cand = |side, a: &str| KnownCandidate {
            side,
            address: at(a),
            transport: Transport::Udp,
            kind: CandidateType::Host,
            priority: 1,
            tcptype: None,
            mdns_name: None,
        };
        let peers = Peers {
            candidates: vec![
                cand(Side::Offerer, "10.0.0.1:1"),
                cand(Side::Answerer, "10.0.0.2:2"),
                cand(Side::Offerer, "10.0.0.3:3"),
                cand(Side::Answerer, "10.0.0.3:3"),
            ],
            ..Peers::default()
        };
        let sides = Sides::new(&[], &peers);
        assert_eq!(sides.of(at("10.0.0.1:1")), Some(Side::Offerer));
        assert_eq!(sides.of(at("10.0.0.2:2")), Some(Side::Answerer));
        assert_eq!(sides.of(at("10.0.0.3:3")), None);
        assert_eq!(sides.of(at("10.0.0.9:9")), None);
    }
}
