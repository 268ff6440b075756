//! What the session descriptions say about the two ICE agents: their credentials (RFC 8839
//! §5.4), candidates (RFC 8839 §5.1), DTLS fingerprints and roles (RFC 8122, RFC 8842) —
//! the facts the capture is checked against.

use super::rtp::ExtensionIds;
use crate::capture::Transport;
use crate::ice::candidate::{
    Address, Candidate, CandidateType, TcpType, Transport as CandidateTransport,
};
use crate::sdp::attributes::{AttrValue, Direction, Setup};
use crate::sdp::Session;
use serde::Serialize;
use std::net::{IpAddr, SocketAddr};

/// Which side of the offer/answer exchange an agent is (RFC 3264).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The agent that sent the offer.
    Offerer,
    /// The agent that sent the answer.
    Answerer,
}

impl Side {
    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::Offerer => Side::Answerer,
            Side::Answerer => Side::Offerer,
        }
    }

    /// `offerer` or `answerer`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Offerer => "offerer",
            Side::Answerer => "answerer",
        }
    }

    /// The type of the description this side sends (RFC 3264): `offer` or `answer`.
    pub fn description_type(self) -> &'static str {
        match self {
            Side::Offerer => "offer",
            Side::Answerer => "answer",
        }
    }
}

/// One agent's ICE credentials for one section (RFC 8839 §5.4): `a=ice-ufrag`, `a=ice-pwd`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Credential {
    /// Whose they are.
    pub side: Side,
    /// `a=ice-ufrag`.
    pub ufrag: String,
    /// `a=ice-pwd`: the key of MESSAGE-INTEGRITY in checks sent to this agent (RFC 8445 §7.2.2).
    pub pwd: String,
}

/// A candidate the descriptions (or trickled candidates) announce with an IP address, or
/// under an mDNS name whose address the capture's mDNS responses gave (FQDNs cannot be
/// matched to packets and are left out).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KnownCandidate {
    /// Whose candidate it is.
    pub side: Side,
    /// Transport address.
    pub address: SocketAddr,
    /// UDP or TCP.
    pub transport: Transport,
    /// `host`, `srflx`, `prflx` or `relay` (RFC 8445 §5.1.1).
    pub kind: CandidateType,
    /// The candidate's priority (RFC 8445 §5.1.2).
    pub priority: u64,
    /// For a TCP candidate, its `tcptype` (RFC 6544 §4.5).
    pub tcptype: Option<TcpType>,
    /// The mDNS name it was announced under (browsers hide host addresses behind `.local`
    /// names), when its address was learned from an mDNS response in the capture (RFC 6762);
    /// `None` for a candidate announced with its address.
    pub mdns_name: Option<String>,
}

/// A candidate announced with an mDNS name (`<uuid>.local`), waiting for the capture's mDNS
/// responses to tell its address (see [`Peers::resolve_mdns`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NamedCandidate {
    /// Whose candidate it is.
    pub side: Side,
    /// The name, lower-cased (DNS names compare case-insensitively, RFC 4343).
    pub name: String,
    /// Port.
    pub port: u16,
    /// UDP or TCP.
    pub transport: Transport,
    /// The candidate type (`host` for mDNS names).
    pub kind: CandidateType,
    /// The candidate's priority (RFC 8445 §5.1.2).
    pub priority: u64,
    /// For a TCP candidate, its `tcptype`.
    pub tcptype: Option<TcpType>,
}

/// Addresses learned per mDNS candidate, at most: a host answers with its IPv4 and IPv6
/// addresses; more is a capture built to make the list grow.
const MAX_MDNS_ADDRESSES: usize = 4;

/// A fingerprint of one agent's DTLS certificate (RFC 8122 §5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KnownFingerprint {
    /// Whose certificate.
    pub side: Side,
    /// Hash function as written (`sha-256`).
    pub hash_function: String,
    /// The digest bytes.
    pub digest: Vec<u8>,
}

/// One m-section as one agent describes it: what maps RTP packets to it (RFC 8843 §9.2, RFC
/// 5576, RFC 8851) and whether the agent sends or receives on it (RFC 3264 §6.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Whose description.
    pub side: Side,
    /// Position of the m-line (0-based; the same in offer and answer, RFC 3264 §6).
    pub index: usize,
    /// `a=mid`.
    pub mid: Option<String>,
    /// Media type (`audio`, `video`, `application`).
    pub kind: String,
    /// Port of the m-line (0: rejected, or bundle-only).
    pub port: u16,
    /// The direction attribute (`sendrecv` when none, RFC 3264 §5.1).
    pub direction: Direction,
    /// `a=ssrc` values.
    pub ssrcs: Vec<u32>,
    /// `a=rid` ids.
    pub rids: Vec<String>,
    /// Payload types of the m-line.
    pub payload_types: Vec<u8>,
    /// Header extension ids of MID and RID (`a=extmap`).
    pub extension_ids: ExtensionIds,
}

/// Both agents as the offer and the answer describe them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Peers {
    /// Every distinct ufrag/pwd pair, per side.
    pub credentials: Vec<Credential>,
    /// Every candidate with an IP address.
    pub candidates: Vec<KnownCandidate>,
    /// Every `a=fingerprint`.
    pub fingerprints: Vec<KnownFingerprint>,
    /// `a=setup` of each side (the first one found), offerer first.
    pub setup: [Option<Setup>; 2],
    /// Whether each side is ice-lite (RFC 8445 §2.5), offerer first.
    pub ice_lite: [bool; 2],
    /// The m-sections of each side, offerer first.
    pub sections: Vec<Section>,
    /// Candidates announced with an mDNS name, resolved from the capture when it holds the
    /// mDNS responses ([`Peers::resolve_mdns`]).
    pub named: Vec<NamedCandidate>,
    /// Whether each side's candidates are known, offerer first: its description carries
    /// a=candidate or a=end-of-candidates lines (RFC 8840 §8.2), or its trickled candidates
    /// were added ([`Peers::add_candidates`]). With trickle ICE (RFC 8838) the description
    /// alone says nothing of them, and an address seen in checks cannot be called
    /// peer-reflexive.
    pub announced: [bool; 2],
}

impl Peers {
    /// Collects the facts of an offer and its answer; either may be missing.
    pub fn from_sdps(offer: Option<&Session<'_>>, answer: Option<&Session<'_>>) -> Peers {
        let mut peers = Peers::default();
        for (side, session) in [(Side::Offerer, offer), (Side::Answerer, answer)] {
            if let Some(session) = session {
                peers.add(side, session);
            }
        }
        peers
    }

    fn add(&mut self, side: Side, session: &Session<'_>) {
        let index = side as usize;
        self.ice_lite[index] = session.is_ice_lite();
        let mut creds = vec![(session.ice_ufrag(), session.ice_pwd())];
        creds.extend(session.media.iter().map(|m| (m.ice_ufrag(), m.ice_pwd())));
        for (ufrag, pwd) in creds {
            let (Some(ufrag), Some(pwd)) = (ufrag, pwd) else {
                continue;
            };
            let credential = Credential {
                side,
                ufrag: ufrag.as_str().to_owned(),
                pwd: pwd.as_str().to_owned(),
            };
            if !self.credentials.contains(&credential) {
                self.credentials.push(credential);
            }
        }
        let fingerprints = session
            .fingerprints()
            .chain(session.media.iter().flat_map(|m| m.fingerprints()));
        for f in fingerprints {
            let known = KnownFingerprint {
                side,
                hash_function: f.hash_function.as_str().to_ascii_lowercase(),
                digest: f.digest().collect(),
            };
            if !self.fingerprints.contains(&known) {
                self.fingerprints.push(known);
            }
        }
        for (i, m) in session.media.iter().enumerate() {
            self.sections.push(Section {
                side,
                index: i,
                mid: m.mid().map(|t| t.as_str().to_owned()),
                kind: m.kind().unwrap_or_default().to_owned(),
                port: m.port().unwrap_or(0),
                direction: m
                    .direction()
                    .or(session.direction())
                    .unwrap_or(Direction::SendRecv),
                ssrcs: m
                    .ssrcs()
                    .map(|s| s.ssrc)
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                rids: m
                    .attribute_values()
                    .filter_map(|v| match v {
                        AttrValue::Rid(r) => Some(r.id.as_str().to_owned()),
                        _ => None,
                    })
                    .collect(),
                payload_types: m
                    .media_line()
                    .map(|l| {
                        l.formats
                            .as_str()
                            .split_whitespace()
                            .filter_map(|f| f.parse().ok())
                            .collect()
                    })
                    .unwrap_or_default(),
                extension_ids: ExtensionIds::from_extmaps(m.extmaps()),
            });
        }
        self.setup[index] = session
            .setup()
            .or_else(|| session.media.iter().find_map(|m| m.setup()));
        if session.gathering_ended() {
            self.announced[index] = true;
        }
        self.add_candidates(side, session.media.iter().flat_map(|m| m.candidates()));
    }

    /// Adds candidates of `side` that its description does not carry: those it trickled
    /// (RFC 8838), e.g. from `onicecandidate` logs. Candidates under an mDNS name wait for
    /// the capture's mDNS responses ([`Peers::resolve_mdns`]); FQDNs and transports other
    /// than UDP and TCP cannot be matched to packets and are left out.
    pub fn add_candidates<'c, 'a: 'c>(
        &mut self,
        side: Side,
        candidates: impl IntoIterator<Item = &'c Candidate<'a>>,
    ) {
        for c in candidates {
            self.announced[side as usize] = true;
            let transport = match c.transport_kind() {
                CandidateTransport::Udp => Transport::Udp,
                CandidateTransport::Tcp => Transport::Tcp,
                _ => continue,
            };
            let ip: IpAddr = match c.address_kind() {
                Address::Ipv4(a) => a.into(),
                Address::Ipv6 { addr, .. } => addr.into(),
                Address::Mdns(name) => {
                    let named = NamedCandidate {
                        side,
                        name: name.to_ascii_lowercase(),
                        port: c.port_value,
                        transport,
                        kind: c.candidate_type(),
                        priority: c.priority_value,
                        tcptype: c.tcptype(),
                    };
                    if !self.named.contains(&named) {
                        self.named.push(named);
                    }
                    continue;
                }
                _ => continue,
            };
            let known = KnownCandidate {
                side,
                address: SocketAddr::new(ip, c.port_value),
                transport,
                kind: c.candidate_type(),
                priority: c.priority_value,
                tcptype: c.tcptype(),
                mdns_name: None,
            };
            if !self.candidates.contains(&known) {
                self.candidates.push(known);
            }
        }
    }

    /// Learns from an mDNS response (RFC 6762 §6) that `name` is at `ip`: each candidate
    /// announced under that name becomes known at `ip` and its port. Candidates announced
    /// with that address stay as they are.
    pub fn resolve_mdns(&mut self, name: &str, ip: IpAddr) {
        for n in &self.named {
            if !n.name.eq_ignore_ascii_case(name) {
                continue;
            }
            let address = SocketAddr::new(ip, n.port);
            if self.candidate_at(address, n.transport).is_some() {
                continue;
            }
            let learned = self
                .candidates
                .iter()
                .filter(|c| c.mdns_name.as_deref() == Some(n.name.as_str()) && c.side == n.side)
                .filter(|c| c.address.port() == n.port && c.transport == n.transport)
                .count();
            if learned >= MAX_MDNS_ADDRESSES {
                continue;
            }
            self.candidates.push(KnownCandidate {
                side: n.side,
                address,
                transport: n.transport,
                kind: n.kind,
                priority: n.priority,
                tcptype: n.tcptype,
                mdns_name: Some(n.name.clone()),
            });
        }
    }

    /// The agent whose `a=ice-ufrag` is `ufrag`, and its pwd.
    pub fn by_ufrag(&self, ufrag: &str) -> Option<&Credential> {
        self.credentials.iter().find(|c| c.ufrag == ufrag)
    }

    /// The candidate announced at `address` over `transport`, if any.
    pub fn candidate_at(
        &self,
        address: SocketAddr,
        transport: Transport,
    ) -> Option<&KnownCandidate> {
        self.candidates
            .iter()
            .find(|c| c.address == address && c.transport == transport)
    }

    /// Whether the descriptions told anything (credentials at least).
    pub fn is_empty(&self) -> bool {
        self.credentials.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Anchor;

    #[test]
    fn mdns_names_resolve_to_known_candidates_within_a_bound() {
        let text = "candidate:1 1 udp 2122260223 AbC.local 5000 typ host";
        let c = crate::ice::candidate::parse_attribute(
            Anchor::new(text, crate::span::Span::default()),
            crate::ice::candidate::DEFAULT_MAX_EXTENSION_PAIRS,
        )
        .unwrap();
        let mut peers = Peers::default();
        peers.add_candidates(Side::Answerer, [&c]);
        assert_eq!(peers.named.len(), 1);
        assert!(peers.candidates.is_empty());
        // Another name: nothing learned.
        peers.resolve_mdns("other.local", IpAddr::from([10, 0, 0, 9]));
        assert!(peers.candidates.is_empty());
        // Names compare case-insensitively (RFC 4343); the port is the candidate's.
        peers.resolve_mdns("abc.LOCAL", IpAddr::from([10, 0, 0, 2]));
        let known = peers
            .candidate_at("10.0.0.2:5000".parse().unwrap(), Transport::Udp)
            .unwrap();
        assert_eq!(
            (known.side, known.kind, known.mdns_name.as_deref()),
            (Side::Answerer, CandidateType::Host, Some("abc.local"))
        );
        // The same answer again adds nothing; a flood of addresses stops at the bound.
        peers.resolve_mdns("abc.local", IpAddr::from([10, 0, 0, 2]));
        for i in 0..100u8 {
            peers.resolve_mdns("abc.local", IpAddr::from([10, 1, 0, i]));
        }
        assert_eq!(peers.candidates.len(), MAX_MDNS_ADDRESSES);
    }
}
