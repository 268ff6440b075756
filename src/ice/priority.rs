//! Candidate and pair priorities (RFC 8445 §5.1.2, §6.1.2.3): decoding, the values real stacks
//! use, and what a priority says about the candidate.
//!
//! # The formula (RFC 8445 §5.1.2.1)
//! ```text
//! priority = 2^24 × type preference    (bits 31-24, 0-126)
//!          + 2^8  × local preference   (bits 23-8,  0-65535)
//!          + 2^0  × (256 − component)  (bits 7-0,   component 1-256)
//! ```
//! A valid priority is 1 to 2^31 − 1 (type preference at most 126). The grammar allows ten
//! digits, so a candidate may carry up to 9,999,999,999; above 2^32 − 1 it cannot even travel
//! in the 32-bit STUN PRIORITY attribute. [`Priority::decode`] splits a value; [`explain`]
//! says what it means for one candidate.
//!
//! # Type preferences in practice
//! RFC 8445 §5.1.2.2 recommends 126 for host, 110 for peer-reflexive, 100 for server-reflexive
//! and 0 for relayed candidates ([`recommended_type_preference`]); the values must differ
//! between types and peer-reflexive must be above server-reflexive. Stacks deviate for TCP and
//! for relays ([`KNOWN_TYPE_PREFERENCES`], taken from their sources and checked against the
//! candidates in `fixtures/real/`):
//!
//! | stack | host | prflx | srflx | relay |
//! |---|---|---|---|---|
//! | RFC 8445, aioice (aiortc), libjuice (libdatachannel) | 126 | 110 | 100 | 0 |
//! | libwebrtc (Chrome, Edge, Safari) UDP | 126 | 110 | 100 | 3 (TURN/UDP; 2 in older releases, DTLS in newer), 1 (TURN/TCP), 0 (TURN/TLS) |
//! | libwebrtc TCP (RFC 6544 candidates) | 90 | 80 | — | — |
//! | nICEr (Firefox) UDP | 126 | 110 | 100 | 5 |
//! | nICEr TCP | 125 | 109 | 99 | 0 (TURN over TCP) |
//!
//! libwebrtc writes relayed candidates with transport `udp` (the relayed address is UDP) whatever
//! carries the traffic to the TURN server; only the type preference tells TURN/UDP, TCP and TLS
//! apart ([`relay_protocol_hint`]).
//!
//! # Local preferences in practice
//! - **libwebrtc** ([`LibwebrtcLocalPreference`]): `(network preference << 8 | address
//!   precedence) + relay preference`. The network preference is 127 for the best network
//!   interface and one less for each next one, after sorting the interfaces by adapter type
//!   (Ethernet, Wi-Fi, cellular, VPN, loopback — this is where the network type adjusts the
//!   priority) and then by address precedence; it is 0 for the "any address" networks used when
//!   interfaces are not enumerated (no media permission; those candidates also say
//!   `network-cost 999`). The address precedence follows RFC 3484-bis
//!   ([`libwebrtc_address_precedence`]): 30 for IPv4, 50 for unique-local IPv6, 40 for other
//!   IPv6, 60 for `::1`, 20 for 6to4, 10 for Teredo, 1 for deprecated forms. Relayed candidates
//!   add a per-TURN-server relay preference; some releases add a constant to non-relayed ones.
//! - **nICEr** ([`NicerLocalPreference`]): `interface preference << 8 | direction << 5 | server`,
//!   where the interface preference is assigned per interface in decreasing order (doubled, +1
//!   for IPv6), the direction follows RFC 6544 for TCP (below) and the low 5 bits are
//!   `31 − STUN/TURN server index` for reflexive and relayed candidates.
//! - **RFC 6544 §4.2** ([`Rfc6544LocalPreference`]) for TCP candidates: `2^13 × direction-pref +
//!   other-pref`, direction-pref 6/4/2 for active/passive/so host and relayed candidates and
//!   2/4/6 (passive/active/so) for server-reflexive ones.
//! - **aioice**: 65535 for every candidate. **libjuice** (libdatachannel 0.24): 8190 for the
//!   IPv6 and 4095 for the IPv4 host candidate in the fixtures.

use super::candidate::{Address, Candidate, CandidateType, TcpType, Transport};
use serde::Serialize;
use std::fmt;

/// The highest priority RFC 8445 §5.1.2.1 allows: 2^31 − 1 (type preference 126 at most).
pub const RFC_MAX_PRIORITY: u32 = 0x7FFF_FFFF;

/// The highest type preference RFC 8445 §5.1.2.1 allows.
pub const MAX_TYPE_PREFERENCE: u8 = 126;

/// RFC 8445 §5.1.2.2 recommended type preference of host candidates.
pub const TYPE_PREFERENCE_HOST: u8 = 126;
/// RFC 8445 §5.1.2.2 recommended type preference of peer-reflexive candidates.
pub const TYPE_PREFERENCE_PRFLX: u8 = 110;
/// RFC 8445 §5.1.2.2 recommended type preference of server-reflexive candidates.
pub const TYPE_PREFERENCE_SRFLX: u8 = 100;
/// RFC 8445 §5.1.2.2 recommended type preference of relayed candidates.
pub const TYPE_PREFERENCE_RELAY: u8 = 0;

/// A priority split into its three fields (RFC 8445 §5.1.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Priority {
    /// The whole value.
    pub value: u32,
    /// Bits 31-24: the type preference (0-255; RFC 8445 allows 0-126).
    pub type_preference: u8,
    /// Bits 23-8: the local preference (0-65535).
    pub local_preference: u16,
    /// The component ID the low byte encodes: `256 − (bits 7-0)`, 1-256.
    pub component: u16,
}

impl Priority {
    /// Splits a 32-bit priority.
    pub fn from_u32(value: u32) -> Self {
        Priority {
            value,
            type_preference: (value >> 24) as u8,
            local_preference: (value >> 8) as u16,
            component: 256 - (value & 0xff) as u16,
        }
    }

    /// Splits a priority as parsed (up to ten digits); `None` above 2^32 − 1, which no STUN
    /// PRIORITY attribute can carry.
    pub fn decode(value: u64) -> Option<Self> {
        u32::try_from(value).ok().map(Self::from_u32)
    }

    /// The priority for a type preference, local preference and component ID (1-256);
    /// `None` for a component outside 1-256.
    pub fn compose(type_preference: u8, local_preference: u16, component: u16) -> Option<u32> {
        if !(1..=256).contains(&component) {
            return None;
        }
        Some(
            u32::from(type_preference) << 24
                | u32::from(local_preference) << 8
                | u32::from(256 - component),
        )
    }

    /// Whether the value is in RFC 8445's range, 1 to 2^31 − 1.
    pub fn is_rfc_valid(self) -> bool {
        (1..=RFC_MAX_PRIORITY).contains(&self.value)
    }
}

/// The priority of a candidate pair, RFC 8445 §6.1.2.3:
/// `2^32 × MIN(G, D) + 2 × MAX(G, D) + (G > D ? 1 : 0)`, where `G` is the priority of the
/// controlling agent's candidate and `D` the controlled agent's.
///
/// Exact for every pair of 32-bit priorities but one: `G = D = 2^32 − 1` would need 65 bits
/// and gives `u64::MAX`. (Priorities within RFC 8445's range stay below 2^63.)
pub fn pair_priority(g: u32, d: u32) -> u64 {
    let (min, max) = if g < d { (g, d) } else { (d, g) };
    (u64::from(min) << 32)
        .saturating_add(2 * u64::from(max))
        .saturating_add(u64::from(g > d))
}

/// The RFC 8445 §5.1.2.2 recommended type preference for a candidate type (`None` for an
/// unknown type token).
pub fn recommended_type_preference(t: CandidateType) -> Option<u8> {
    match t {
        CandidateType::Host => Some(TYPE_PREFERENCE_HOST),
        CandidateType::Prflx => Some(TYPE_PREFERENCE_PRFLX),
        CandidateType::Srflx => Some(TYPE_PREFERENCE_SRFLX),
        CandidateType::Relay => Some(TYPE_PREFERENCE_RELAY),
        CandidateType::Other => None,
    }
}

/// Where a known type preference comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stack {
    /// RFC 8445 §5.1.2.2 (recommended values).
    Rfc8445,
    /// libwebrtc: Chrome and other Chromium browsers, Safari, most native apps.
    Libwebrtc,
    /// nICEr: Firefox.
    Nicer,
    /// aioice: aiortc.
    Aioice,
    /// libjuice: libdatachannel, node-datachannel.
    Libjuice,
}

impl Stack {
    /// A name for people, e.g. `libwebrtc (Chrome)`.
    pub fn name(self) -> &'static str {
        match self {
            Stack::Rfc8445 => "RFC 8445 §5.1.2.2",
            Stack::Libwebrtc => "libwebrtc (Chrome)",
            Stack::Nicer => "nICEr (Firefox)",
            Stack::Aioice => "aioice (aiortc)",
            Stack::Libjuice => "libjuice (libdatachannel)",
        }
    }
}

impl fmt::Display for Stack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A type preference that a specification or a stack uses for one candidate type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct KnownTypePreference {
    /// The type preference (top 8 bits of the priority).
    pub value: u8,
    /// The candidate type it is used for.
    pub candidate_type: CandidateType,
    /// The transport it is used with: `Some(Udp)` for UDP (and unknown tokens), `Some(Tcp)` for
    /// TCP (and `ssltcp`), `None` for any.
    pub transport: Option<Transport>,
    /// Who uses it.
    pub stack: Stack,
    /// What it means there.
    pub meaning: &'static str,
}

macro_rules! known {
    ($($v:literal $t:ident $tr:expr, $s:ident, $m:literal;)*) => {
        &[$(KnownTypePreference {
            value: $v,
            candidate_type: CandidateType::$t,
            transport: $tr,
            stack: Stack::$s,
            meaning: $m,
        }),*]
    };
}

const ANY: Option<Transport> = None;
const UDP: Option<Transport> = Some(Transport::Udp);
const TCP: Option<Transport> = Some(Transport::Tcp);

/// The type preferences of RFC 8445 and of the stacks in `fixtures/real/` (see the
/// [module docs](self)), in this order: RFC 8445, libwebrtc, nICEr, aioice, libjuice.
pub static KNOWN_TYPE_PREFERENCES: &[KnownTypePreference] = known! {
    126 Host ANY, Rfc8445, "host (recommended)";
    110 Prflx ANY, Rfc8445, "peer-reflexive (recommended)";
    100 Srflx ANY, Rfc8445, "server-reflexive (recommended)";
    0 Relay ANY, Rfc8445, "relayed (recommended)";
    126 Host UDP, Libwebrtc, "host UDP (ICE_TYPE_PREFERENCE_HOST)";
    110 Prflx UDP, Libwebrtc, "peer-reflexive UDP (ICE_TYPE_PREFERENCE_PRFLX)";
    100 Srflx UDP, Libwebrtc, "server-reflexive (ICE_TYPE_PREFERENCE_SRFLX)";
    90 Host TCP, Libwebrtc, "host TCP (ICE_TYPE_PREFERENCE_HOST_TCP)";
    80 Prflx TCP, Libwebrtc, "peer-reflexive TCP (ICE_TYPE_PREFERENCE_PRFLX_TCP)";
    3 Relay ANY, Libwebrtc, "relayed, TURN over UDP (ICE_TYPE_PREFERENCE_RELAY_UDP in newer releases)";
    2 Relay ANY, Libwebrtc, "relayed, TURN over UDP (older releases) or DTLS (newer releases)";
    1 Relay ANY, Libwebrtc, "relayed, TURN over TCP (ICE_TYPE_PREFERENCE_RELAY_TCP)";
    0 Relay ANY, Libwebrtc, "relayed, TURN over TLS (ICE_TYPE_PREFERENCE_RELAY_TLS)";
    126 Host UDP, Nicer, "host UDP (ice.pref.type.host)";
    125 Host TCP, Nicer, "host TCP (ice.pref.type.host_tcp)";
    110 Prflx UDP, Nicer, "peer-reflexive UDP (ice.pref.type.peer_rflx)";
    109 Prflx TCP, Nicer, "peer-reflexive TCP (ice.pref.type.peer_rflx_tcp)";
    100 Srflx UDP, Nicer, "server-reflexive UDP (ice.pref.type.srv_rflx)";
    99 Srflx TCP, Nicer, "server-reflexive TCP (ice.pref.type.srv_rflx_tcp)";
    5 Relay ANY, Nicer, "relayed, TURN over UDP (ice.pref.type.relayed)";
    0 Relay ANY, Nicer, "relayed, TURN over TCP (ice.pref.type.relayed_tcp)";
    126 Host ANY, Aioice, "host";
    110 Prflx ANY, Aioice, "peer-reflexive";
    100 Srflx ANY, Aioice, "server-reflexive";
    0 Relay ANY, Aioice, "relayed";
    126 Host UDP, Libjuice, "host (ICE_CANDIDATE_PREF_HOST)";
    110 Prflx UDP, Libjuice, "peer-reflexive (ICE_CANDIDATE_PREF_PEER_REFLEXIVE)";
    100 Srflx UDP, Libjuice, "server-reflexive (ICE_CANDIDATE_PREF_SERVER_REFLEXIVE)";
    0 Relay UDP, Libjuice, "relayed (ICE_CANDIDATE_PREF_RELAYED)";
};

/// The transport class a known value applies to: TCP for `TCP` and `ssltcp`, UDP otherwise.
fn transport_class(t: Transport) -> Transport {
    match t {
        Transport::Tcp | Transport::Ssltcp => Transport::Tcp,
        Transport::Udp | Transport::Other => Transport::Udp,
    }
}

fn transport_matches(entry: &KnownTypePreference, t: Transport) -> bool {
    entry.transport.is_none_or(|e| e == transport_class(t))
}

/// The known uses of type preference `value` for candidates of transport `transport`, any
/// candidate type, in [`KNOWN_TYPE_PREFERENCES`] order.
pub fn known_type_preferences(
    value: u8,
    transport: Transport,
) -> impl Iterator<Item = &'static KnownTypePreference> {
    KNOWN_TYPE_PREFERENCES
        .iter()
        .filter(move |e| e.value == value && transport_matches(e, transport))
}

/// How a candidate's type preference relates to its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum TypePreferenceVerdict {
    /// A value RFC 8445 or a known stack uses for this type and transport.
    Known,
    /// A value no known stack uses for any type: nothing can be concluded.
    Unlisted,
    /// A value known only for another candidate type ([`TYPE_PREFERENCE_MISMATCH`]).
    ///
    /// [`TYPE_PREFERENCE_MISMATCH`]: crate::diag::registry::TYPE_PREFERENCE_MISMATCH
    OtherType {
        /// The type the value is used for (the first one in [`KNOWN_TYPE_PREFERENCES`]).
        looks_like: CandidateType,
    },
    /// The candidate type is an unknown token.
    UnknownType,
}

/// Judges type preference `value` for a candidate of type `t` and transport `transport`.
pub fn type_preference_verdict(
    t: CandidateType,
    transport: Transport,
    value: u8,
) -> TypePreferenceVerdict {
    if t == CandidateType::Other {
        return TypePreferenceVerdict::UnknownType;
    }
    let mut other = None;
    for e in known_type_preferences(value, transport) {
        if e.candidate_type == t {
            return TypePreferenceVerdict::Known;
        }
        other.get_or_insert(e.candidate_type);
    }
    match other {
        Some(looks_like) => TypePreferenceVerdict::OtherType { looks_like },
        None => TypePreferenceVerdict::Unlisted,
    }
}

/// A libwebrtc local preference: `(network preference << 8 | address precedence) + relay
/// preference` (see the [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct LibwebrtcLocalPreference {
    /// High byte: 127 for the best network interface, one less per next one; 0 for the
    /// "any address" networks.
    pub network_preference: u8,
    /// Low byte: the address precedence (RFC 3484-bis), plus the relay preference for relayed
    /// candidates.
    pub address_precedence: u8,
}

impl LibwebrtcLocalPreference {
    /// Splits a local preference into its two bytes.
    pub fn split(local_preference: u16) -> Self {
        LibwebrtcLocalPreference {
            network_preference: (local_preference >> 8) as u8,
            address_precedence: local_preference as u8,
        }
    }

    /// The rank of the network interface after libwebrtc's sort (0 = best), when the network
    /// preference is one libwebrtc assigns (1-127); `None` for 0 (any-address networks) and
    /// values above 127.
    pub fn network_rank(self) -> Option<u8> {
        match self.network_preference {
            1..=127 => Some(127 - self.network_preference),
            _ => None,
        }
    }
}

/// The address precedence libwebrtc puts in the low byte of the local preference (RFC
/// 3484-bis values): IPv4 30, `::1` 60, unique-local 50, IPv4-mapped 30, 6to4 20, Teredo 10,
/// IPv4-compatible/site-local/6bone 1, other IPv6 40; `None` for host names.
pub fn libwebrtc_address_precedence(addr: &Address<'_>) -> Option<u8> {
    match addr {
        Address::Ipv4(_) => Some(30),
        Address::Ipv6 { addr, .. } => {
            let s = addr.segments();
            Some(if addr.is_loopback() {
                60
            } else if s[0] & 0xfe00 == 0xfc00 {
                50
            } else if addr.to_ipv4_mapped().is_some() {
                30
            } else if s[0] == 0x2002 {
                20
            } else if (s[0], s[1]) == (0x2001, 0) {
                10
            } else if s[..6] == [0; 6] || s[0] & 0xffc0 == 0xfec0 || s[0] == 0x3ffe {
                1
            } else {
                40
            })
        }
        _ => None,
    }
}

/// A nICEr (Firefox) local preference: `interface preference << 8 | direction << 5 | server`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct NicerLocalPreference {
    /// Bits 15-8: per interface, assigned in decreasing order, doubled, +1 for IPv6.
    pub interface_preference: u8,
    /// Bits 7-5: the RFC 6544 direction preference of TCP candidates (0 for UDP).
    pub direction: u8,
    /// Bits 4-0: `31 − server index` for reflexive and relayed candidates, 0 for host.
    pub server: u8,
}

impl NicerLocalPreference {
    /// Splits a local preference.
    pub fn split(local_preference: u16) -> Self {
        NicerLocalPreference {
            interface_preference: (local_preference >> 8) as u8,
            direction: ((local_preference >> 5) & 7) as u8,
            server: (local_preference & 0x1f) as u8,
        }
    }
}

/// An RFC 6544 §4.2 local preference of a TCP candidate: `2^13 × direction-pref + other-pref`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Rfc6544LocalPreference {
    /// Bits 15-13: 0-7, 7 most preferred.
    pub direction_preference: u8,
    /// Bits 12-0: 0-8191.
    pub other_preference: u16,
}

impl Rfc6544LocalPreference {
    /// Splits a local preference.
    pub fn split(local_preference: u16) -> Self {
        Rfc6544LocalPreference {
            direction_preference: (local_preference >> 13) as u8,
            other_preference: local_preference & 0x1fff,
        }
    }

    /// The direction-pref RFC 6544 §4.2 recommends: host and relayed candidates 6 active,
    /// 4 passive, 2 so; server- and peer-reflexive (NAT-assisted) candidates 6 so, 4 active,
    /// 2 passive. `None` for an unknown candidate type.
    pub fn recommended_direction(t: CandidateType, tcptype: TcpType) -> Option<u8> {
        match (t, tcptype) {
            (CandidateType::Host | CandidateType::Relay, TcpType::Active) => Some(6),
            (CandidateType::Host | CandidateType::Relay, TcpType::Passive) => Some(4),
            (CandidateType::Host | CandidateType::Relay, TcpType::So) => Some(2),
            (CandidateType::Srflx | CandidateType::Prflx, TcpType::So) => Some(6),
            (CandidateType::Srflx | CandidateType::Prflx, TcpType::Active) => Some(4),
            (CandidateType::Srflx | CandidateType::Prflx, TcpType::Passive) => Some(2),
            (CandidateType::Other, _) => None,
        }
    }
}

/// How a relayed candidate reaches its TURN server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RelayProtocol {
    /// UDP (or DTLS).
    Udp,
    /// TCP.
    Tcp,
    /// TLS over TCP.
    Tls,
}

impl fmt::Display for RelayProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RelayProtocol::Udp => "UDP",
            RelayProtocol::Tcp => "TCP",
            RelayProtocol::Tls => "TLS",
        })
    }
}

/// Whether the candidate carries an extension only libwebrtc writes (`generation`,
/// `network-id`, `network-cost`), which makes libwebrtc's type preferences apply.
pub fn has_libwebrtc_extensions(c: &Candidate<'_>) -> bool {
    c.extensions().any(|(n, _)| {
        ["generation", "network-id", "network-cost"]
            .iter()
            .any(|k| n.eq_ignore_ascii_case(k))
    })
}

/// How a relayed candidate most likely reaches its TURN server, from what the candidate says;
/// `None` when it cannot be told (or the candidate is not relayed).
///
/// - transport `TCP`: a TCP allocation (RFC 6062), reached over TCP; `ssltcp`: TLS;
/// - a libwebrtc candidate (with [libwebrtc extensions](has_libwebrtc_extensions)): type
///   preference 0 is TLS, 1 TCP, 2 and 3 UDP (or DTLS);
/// - type preference 5 is nICEr's TURN/UDP.
///
/// Type preference 0 without libwebrtc extensions is ambiguous (RFC 8445's value for any relay,
/// nICEr's TURN/TCP) and gives `None`.
pub fn relay_protocol_hint(c: &Candidate<'_>) -> Option<RelayProtocol> {
    if c.candidate_type() != CandidateType::Relay {
        return None;
    }
    match c.transport_kind() {
        Transport::Tcp => return Some(RelayProtocol::Tcp),
        Transport::Ssltcp => return Some(RelayProtocol::Tls),
        Transport::Udp | Transport::Other => {}
    }
    let tp = Priority::decode(c.priority_value)?.type_preference;
    if has_libwebrtc_extensions(c) {
        match tp {
            0 => Some(RelayProtocol::Tls),
            1 => Some(RelayProtocol::Tcp),
            2 | 3 => Some(RelayProtocol::Udp),
            _ => None,
        }
    } else if tp == 5 {
        Some(RelayProtocol::Udp)
    } else {
        None
    }
}

/// Everything a candidate's priority says, for display (`rtcinspect candidate`) and checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PriorityReport {
    /// The decoded priority; `None` when it exceeds 2^32 − 1.
    pub priority: Option<Priority>,
    /// Whether it is within RFC 8445's 1 to 2^31 − 1.
    pub rfc_valid: bool,
    /// RFC 8445's recommended type preference for the candidate's type.
    pub recommended_type_preference: Option<u8>,
    /// How the type preference relates to the candidate type.
    pub verdict: TypePreferenceVerdict,
    /// The known uses of this type preference for this candidate type and transport.
    pub known: Vec<&'static KnownTypePreference>,
    /// Whether the component in the low byte equals the candidate's component ID.
    pub component_matches: Option<bool>,
    /// The libwebrtc reading of the local preference, for candidates with
    /// [libwebrtc extensions](has_libwebrtc_extensions).
    pub libwebrtc: Option<LibwebrtcLocalPreference>,
    /// For relayed candidates, how the TURN server is reached ([`relay_protocol_hint`]).
    pub relay_protocol: Option<RelayProtocol>,
}

/// Decodes and judges the priority of `c`.
pub fn explain(c: &Candidate<'_>) -> PriorityReport {
    let priority = Priority::decode(c.priority_value);
    let t = c.candidate_type();
    let transport = c.transport_kind();
    let (verdict, known) = match priority {
        Some(p) => (
            type_preference_verdict(t, transport, p.type_preference),
            known_type_preferences(p.type_preference, transport)
                .filter(|e| e.candidate_type == t)
                .collect(),
        ),
        None => (TypePreferenceVerdict::Unlisted, Vec::new()),
    };
    PriorityReport {
        priority,
        rfc_valid: priority.is_some_and(Priority::is_rfc_valid),
        recommended_type_preference: recommended_type_preference(t),
        verdict,
        known,
        component_matches: priority.map(|p| p.component == c.component_id),
        libwebrtc: priority
            .filter(|_| has_libwebrtc_extensions(c))
            .map(|p| LibwebrtcLocalPreference::split(p.local_preference)),
        relay_protocol: relay_protocol_hint(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ice::candidate::{parse_attribute, DEFAULT_MAX_EXTENSION_PAIRS};
    use crate::span::test_anchor;

    fn cand(s: &str) -> Candidate<'_> {
        parse_attribute(test_anchor(s, 0, 1, 1), DEFAULT_MAX_EXTENSION_PAIRS)
            .unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    fn split(v: u32) -> (u8, u16, u16) {
        let p = Priority::from_u32(v);
        (p.type_preference, p.local_preference, p.component)
    }

    /// Every priority found in fixtures/real/*/candidates.txt, decoded, with what each stack's
    /// local preference means.
    #[test]
    fn real_priorities_per_stack() {
        // Chromium 156 (libwebrtc): host UDP 126, host TCP 90; local preference =
        // network preference << 8 | address precedence (IPv4 30, ULA fd99:: 50).
        assert_eq!(split(2122194687), (126, 0x7E1E, 1)); // 10.99.0.1, 2nd network
        assert_eq!(split(2122265343), (126, 0x7F32, 1)); // fd99::1, best network
        assert_eq!(split(1518214911), (90, 0x7E1E, 1)); // tcp active 10.99.0.1
        assert_eq!(split(1518285567), (90, 0x7F32, 1)); // tcp active fd99::1
                                                        // mDNS run (no media permission): any-address networks, network preference 0.
        assert_eq!(split(2113937151), (126, 0x001E, 1));
        assert_eq!(split(2113942271), (126, 0x0032, 1));
        let lw = LibwebrtcLocalPreference::split(0x7F32);
        assert_eq!((lw.network_preference, lw.address_precedence), (127, 50));
        assert_eq!(lw.network_rank(), Some(0));
        assert_eq!(
            LibwebrtcLocalPreference::split(0x7E1E).network_rank(),
            Some(1)
        );
        assert_eq!(LibwebrtcLocalPreference::split(0x001E).network_rank(), None);
        // Firefox ESR 153 (nICEr): host UDP 126, host TCP 125; interface preference 0x7E (IPv4)
        // / 0x7F (IPv6), TCP active direction 6; component 2 candidates too.
        assert_eq!(split(2122187007), (126, 0x7E00, 1));
        assert_eq!(split(2122252543), (126, 0x7F00, 1));
        assert_eq!(split(2122187006), (126, 0x7E00, 2));
        assert_eq!(split(2122252542), (126, 0x7F00, 2));
        assert_eq!(split(2105458943), (125, 0x7EC0, 1));
        assert_eq!(split(2105524479), (125, 0x7FC0, 1));
        assert_eq!(split(2105458942), (125, 0x7EC0, 2));
        assert_eq!(split(2105524478), (125, 0x7FC0, 2));
        let nicer = NicerLocalPreference::split(0x7FC0);
        assert_eq!(
            (nicer.interface_preference, nicer.direction, nicer.server),
            (127, 6, 0)
        );
        // ... which is RFC 6544's direction-pref 6 for an active host candidate, shifted.
        assert_eq!(
            Rfc6544LocalPreference::recommended_direction(CandidateType::Host, TcpType::Active),
            Some(nicer.direction)
        );
        assert_eq!(NicerLocalPreference::split(0x7E00).direction, 0);
        // aiortc 1.16 (aioice): 126, local preference 65535 for everything.
        assert_eq!(split(2130706431), (126, 0xFFFF, 1));
        // libdatachannel 0.24.5 (libjuice): 126, IPv6 8190, IPv4 4095.
        assert_eq!(split(2116026111), (126, 8190, 1));
        assert_eq!(split(2114977791), (126, 4095, 1));
    }

    /// Every candidate of every fixtures/real/*/candidates.txt, attributed to its stack by the
    /// file's `# offer …` / `# answer …` headers: the type and local preferences are the ones
    /// that stack is known to write, and [`explain`] agrees.
    #[test]
    fn every_real_candidate_matches_its_stack() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real");
        let mut per_stack = std::collections::BTreeMap::new();
        for dir in std::fs::read_dir(root).unwrap().flatten() {
            let Ok(body) = std::fs::read_to_string(dir.path().join("candidates.txt")) else {
                continue;
            };
            let mut sides: [Option<&str>; 2] = [None, None];
            let mut current = None;
            for line in body.lines() {
                if let Some(h) = line.strip_prefix("# ") {
                    let side = if h.starts_with("offer") {
                        Some(0)
                    } else if h.starts_with("answer") {
                        Some(1)
                    } else {
                        None
                    };
                    let stack = ["chromium", "firefox", "aiortc", "node-datachannel", "ndc"]
                        .into_iter()
                        .find(|s| h.contains(s))
                        .map(|s| if s == "node-datachannel" { "ndc" } else { s });
                    if let Some(side) = side {
                        if stack.is_some() {
                            sides[side] = stack;
                        }
                        current = sides[side];
                    }
                    continue;
                }
                let Some(i) = line.find("candidate:") else {
                    continue;
                };
                let c = cand(&line[i..]);
                let stack = current.unwrap_or_else(|| panic!("{:?}: no stack", dir.path()));
                let p = Priority::decode(c.priority_value).unwrap();
                let tcp = c.transport_kind() == Transport::Tcp;
                let v6 = matches!(c.address_kind(), Address::Ipv6 { .. });
                let mdns = matches!(c.address_kind(), Address::Mdns(_));
                let (tp, lp): (u8, &[u16]) = match (stack, tcp) {
                    // network preference 127/126 (0 for the any-address networks of the mDNS
                    // run) << 8 | address precedence (IPv4 30, ULA 50).
                    ("chromium", false) if mdns => (126, &[0x001E, 0x0032]),
                    ("chromium", false) => (126, if v6 { &[0x7F32] } else { &[0x7E1E] }),
                    ("chromium", true) => (90, if v6 { &[0x7F32] } else { &[0x7E1E] }),
                    // interface preference (0x7E, IPv6 +1) << 8 | direction 6 << 5 for TCP active.
                    ("firefox", false) => (126, &[0x7E00, 0x7F00]),
                    ("firefox", true) => (125, &[0x7EC0, 0x7FC0]),
                    ("aiortc", _) => (126, &[0xFFFF]),
                    ("ndc", _) => (126, if v6 { &[8190] } else { &[4095] }),
                    other => panic!("{other:?}"),
                };
                assert_eq!(p.type_preference, tp, "{line}");
                assert!(
                    lp.contains(&p.local_preference),
                    "{line}: {:#x}",
                    p.local_preference
                );
                assert_eq!(p.component, c.component_id, "{line}");
                let r = explain(&c);
                assert_eq!(r.verdict, TypePreferenceVerdict::Known, "{line}");
                if stack == "chromium" {
                    let lw = r.libwebrtc.unwrap();
                    if !mdns {
                        assert_eq!(
                            Some(lw.address_precedence),
                            libwebrtc_address_precedence(&c.address_kind())
                        );
                    }
                }
                *per_stack.entry(stack).or_insert(0) += 1;
            }
        }
        assert_eq!(
            per_stack.into_iter().collect::<Vec<_>>(),
            [
                ("aiortc", 72),
                ("chromium", 54),
                ("firefox", 104),
                ("ndc", 42)
            ]
        );
    }

    /// The same, from the candidate strings: verdict Known for each stack's own values.
    #[test]
    fn real_candidates_are_known_values() {
        for (s, stacks) in [
            (
                "candidate:351738990 1 udp 2122194687 10.99.0.1 49801 typ host generation 0 ufrag R1sy network-id 1",
                &[Stack::Rfc8445, Stack::Libwebrtc, Stack::Aioice][..],
            ),
            (
                "candidate:1782120182 1 tcp 1518214911 10.99.0.1 9 typ host tcptype active generation 0 ufrag R1sy network-id 1",
                &[Stack::Libwebrtc],
            ),
            (
                "candidate:2 1 TCP 2105458943 10.99.0.1 9 typ host tcptype active",
                &[Stack::Nicer],
            ),
            (
                "candidate:28d09117ed7be62fd2553196dd6100b6 1 udp 2130706431 10.99.0.1 37799 typ host",
                &[Stack::Rfc8445, Stack::Libwebrtc, Stack::Aioice],
            ),
        ] {
            let r = explain(&cand(s));
            assert_eq!(r.verdict, TypePreferenceVerdict::Known, "{s}");
            assert!(r.rfc_valid);
            assert_eq!(r.component_matches, Some(true));
            assert_eq!(r.recommended_type_preference, Some(126));
            for st in stacks {
                assert!(r.known.iter().any(|k| k.stack == *st), "{s}: {st}");
            }
        }
        // libwebrtc extensions give the libwebrtc reading of the local preference.
        let r = explain(&cand(
            "candidate:1441605716 1 udp 2122265343 fd99::1 37440 typ host generation 0 ufrag R1sy network-id 2",
        ));
        assert_eq!(
            r.libwebrtc,
            Some(LibwebrtcLocalPreference {
                network_preference: 127,
                address_precedence: 50
            })
        );
        assert_eq!(
            libwebrtc_address_precedence(&Address::of("fd99::1")),
            Some(r.libwebrtc.unwrap().address_precedence)
        );
        assert_eq!(
            explain(&cand(
                "candidate:0 1 UDP 2122187007 10.99.0.1 47136 typ host"
            ))
            .libwebrtc,
            None
        );
    }

    #[test]
    fn rfc8839_example_priorities() {
        // RFC 8839 §5.1 examples: a host and a server-reflexive candidate.
        assert_eq!(split(2130706431), (126, 65535, 1));
        assert_eq!(split(1694498815), (100, 65535, 1));
        assert_eq!(Priority::compose(126, 65535, 1), Some(2130706431));
        assert_eq!(Priority::compose(100, 65535, 1), Some(1694498815));
        assert_eq!(
            Priority::compose(TYPE_PREFERENCE_RELAY, 65535, 2),
            Some(16777214)
        );
        assert_eq!(Priority::compose(0, 0, 256), Some(0));
        assert_eq!(Priority::compose(126, 0, 257), None);
        assert_eq!(Priority::compose(126, 0, 0), None);
        // Round trip over all components.
        for comp in 1..=256u16 {
            let v = Priority::compose(110, 0x1234, comp).unwrap();
            assert_eq!(split(v), (110, 0x1234, comp));
        }
    }

    #[test]
    fn range_limits() {
        assert_eq!(
            Priority::decode(u64::from(u32::MAX)).map(|p| p.value),
            Some(u32::MAX)
        );
        assert_eq!(Priority::decode(1 << 32), None);
        assert_eq!(Priority::decode(9_999_999_999), None);
        assert!(Priority::from_u32(1).is_rfc_valid());
        assert!(Priority::from_u32(RFC_MAX_PRIORITY).is_rfc_valid());
        assert!(!Priority::from_u32(0).is_rfc_valid());
        assert!(!Priority::from_u32(RFC_MAX_PRIORITY + 1).is_rfc_valid());
        assert_eq!(
            Priority::from_u32(RFC_MAX_PRIORITY + 1).type_preference,
            128
        );
        assert_eq!(Priority::from_u32(0).component, 256);
        // libjuice wrote a peer-reflexive candidate with priority 0 in its log
        // (fixtures/real/ndc-basic/peers.log): type preference 0, component 256.
        assert_eq!(split(0), (0, 0, 256));
    }

    #[test]
    fn pair_priority_formula() {
        // RFC 8445 §6.1.2.3 with the RFC 8839 example priorities.
        let (host, srflx) = (2130706431u32, 1694498815u32);
        assert_eq!(
            pair_priority(host, srflx),
            (1u64 << 32) * u64::from(srflx) + 2 * u64::from(host) + 1
        );
        assert_eq!(
            pair_priority(srflx, host),
            (1u64 << 32) * u64::from(srflx) + 2 * u64::from(host)
        );
        // The controlling side's higher priority wins ties: G > D is one more.
        assert_eq!(pair_priority(host, srflx) - pair_priority(srflx, host), 1);
        assert_eq!(pair_priority(7, 7), (7u64 << 32) + 14);
        assert_eq!(pair_priority(0, 0), 0);
        // The largest RFC-valid pair fits in 63 bits.
        assert!(pair_priority(RFC_MAX_PRIORITY, RFC_MAX_PRIORITY) < 1 << 63);
        // Only the very top saturates.
        assert_eq!(pair_priority(u32::MAX, u32::MAX), u64::MAX);
        assert_eq!(
            pair_priority(u32::MAX - 1, u32::MAX),
            (u64::from(u32::MAX - 1) << 32) + 2 * u64::from(u32::MAX)
        );
        // aiortc-basic: both sides 2130706431, the offerer controlling.
        assert_eq!(
            pair_priority(2130706431, 2130706431),
            9151314438521880576 + 2 * 2130706431
        );
        // Ordering by the smaller priority first (aiortc controlling, libjuice controlled):
        // the IPv6 pair (D = 2116026111) is above the IPv4 pair (D = 2114977791).
        assert!(pair_priority(2130706431, 2116026111) > pair_priority(2130706431, 2114977791));
    }

    #[test]
    fn verdicts() {
        use CandidateType::*;
        use TypePreferenceVerdict as V;
        assert_eq!(type_preference_verdict(Host, Transport::Udp, 126), V::Known);
        assert_eq!(type_preference_verdict(Host, Transport::Tcp, 90), V::Known);
        assert_eq!(type_preference_verdict(Host, Transport::Tcp, 125), V::Known);
        assert_eq!(
            type_preference_verdict(Host, Transport::Ssltcp, 90),
            V::Known
        );
        assert_eq!(
            type_preference_verdict(Host, Transport::Udp, 90),
            V::Unlisted
        );
        assert_eq!(
            type_preference_verdict(Host, Transport::Udp, 120),
            V::Unlisted
        );
        assert_eq!(
            type_preference_verdict(Host, Transport::Udp, 100),
            V::OtherType { looks_like: Srflx }
        );
        assert_eq!(
            type_preference_verdict(Host, Transport::Udp, 0),
            V::OtherType { looks_like: Relay }
        );
        assert_eq!(
            type_preference_verdict(Srflx, Transport::Udp, 126),
            V::OtherType { looks_like: Host }
        );
        assert_eq!(
            type_preference_verdict(Relay, Transport::Udp, 110),
            V::OtherType { looks_like: Prflx }
        );
        assert_eq!(
            type_preference_verdict(Srflx, Transport::Tcp, 90),
            V::OtherType { looks_like: Host }
        );
        for relay in [0, 1, 2, 3, 5] {
            assert_eq!(
                type_preference_verdict(Relay, Transport::Udp, relay),
                V::Known
            );
        }
        assert_eq!(
            type_preference_verdict(Prflx, Transport::Tcp, 109),
            V::Known
        );
        assert_eq!(
            type_preference_verdict(Other, Transport::Udp, 126),
            V::UnknownType
        );
        // The table: RFC rows first, every value within 0-126.
        assert_eq!(KNOWN_TYPE_PREFERENCES[0].stack, Stack::Rfc8445);
        assert!(KNOWN_TYPE_PREFERENCES
            .iter()
            .all(|k| k.value <= MAX_TYPE_PREFERENCE));
        assert_eq!(known_type_preferences(126, Transport::Udp).count(), 5);
        assert_eq!(Stack::Nicer.to_string(), "nICEr (Firefox)");
    }

    #[test]
    fn relay_hints() {
        fn hint(s: &str) -> Option<RelayProtocol> {
            relay_protocol_hint(&cand(s))
        }
        // libwebrtc relays (synthetic, in Chrome's format): the type preference says how.
        let lw = |tp: u32| {
            format!(
                "candidate:1 1 udp {} 198.51.100.9 3478 typ relay raddr 203.0.113.5 rport 5000 generation 0 network-cost 10",
                (tp << 24) | (0x7F1E << 8) | 255
            )
        };
        assert_eq!(hint(&lw(0)), Some(RelayProtocol::Tls));
        assert_eq!(hint(&lw(1)), Some(RelayProtocol::Tcp));
        assert_eq!(hint(&lw(2)), Some(RelayProtocol::Udp));
        assert_eq!(hint(&lw(3)), Some(RelayProtocol::Udp));
        assert_eq!(hint(&lw(4)), None);
        // No libwebrtc extensions: 0 is ambiguous, 5 is nICEr's TURN/UDP.
        assert_eq!(
            hint(
                "candidate:1 1 UDP 16777215 198.51.100.9 3478 typ relay raddr 203.0.113.5 rport 1"
            ),
            None
        );
        assert_eq!(
            hint(
                "candidate:1 1 UDP 92274687 198.51.100.9 3478 typ relay raddr 203.0.113.5 rport 1"
            ),
            Some(RelayProtocol::Udp)
        );
        assert_eq!(
            hint("candidate:1 1 TCP 16777215 198.51.100.9 3478 typ relay raddr 203.0.113.5 rport 1 tcptype passive"),
            Some(RelayProtocol::Tcp)
        );
        assert_eq!(
            hint("candidate:1 1 ssltcp 16777215 198.51.100.9 443 typ relay raddr 203.0.113.5 rport 1"),
            Some(RelayProtocol::Tls)
        );
        assert_eq!(
            hint("candidate:1 1 udp 1 10.0.0.1 1 typ host generation 0"),
            None
        );
        assert_eq!(RelayProtocol::Tls.to_string(), "TLS");
    }

    #[test]
    fn address_precedences() {
        let p = |t| libwebrtc_address_precedence(&Address::of(t));
        assert_eq!(p("10.99.0.1"), Some(30));
        assert_eq!(p("::1"), Some(60));
        assert_eq!(p("fd99::1"), Some(50));
        assert_eq!(p("::ffff:1.2.3.4"), Some(30));
        assert_eq!(p("2002::1"), Some(20));
        assert_eq!(p("2001::1"), Some(10));
        assert_eq!(p("fec0::1"), Some(1));
        assert_eq!(p("3ffe::1"), Some(1));
        assert_eq!(p("::1.2.3.4"), Some(1));
        assert_eq!(p("2a00:1450::1"), Some(40));
        assert_eq!(p("x.local"), None);
    }

    #[test]
    fn report_json_shape() {
        let r = explain(&cand(
            "candidate:1 1 udp 1694498815 192.0.2.3 45664 typ host",
        ));
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["priority"]["type_preference"], 100);
        assert_eq!(v["priority"]["local_preference"], 65535);
        assert_eq!(v["priority"]["component"], 1);
        assert_eq!(v["verdict"]["verdict"], "other-type");
        assert_eq!(v["verdict"]["looks_like"], "srflx");
        assert_eq!(v["known"], serde_json::json!([]));
        let r = explain(&cand("candidate:1 1 udp 9999999999 192.0.2.3 1 typ host"));
        assert_eq!(r.priority, None);
        assert!(!r.rfc_valid);
        assert_eq!(r.component_matches, None);
    }
}
