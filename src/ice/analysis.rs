//! Candidate-set analysis: all the candidates of one side (one agent, one ICE generation),
//! counted, and the problems a user can act on.
//!
//! [`analyze`] (bare candidates) and [`analyze_list`] (candidates read by [`super::input`],
//! whose `usernameFragment` counts too) return a [`SetAnalysis`]: [`Counts`] by candidate
//! type, transport, address family, component and [`AddressClass`], the username fragments
//! seen, and these findings:
//!
//! | rule | when |
//! |---|---|
//! | I019 `no-srflx-or-relay` | no server-reflexive, peer-reflexive or relayed candidate and no host on a global address |
//! | I020 `only-mdns-hosts` | every candidate is an mDNS `.local` host |
//! | I021 `relay-only-over-tcp` | there are relayed candidates, and each reaches its TURN server over TCP or TLS ([`relay_protocol_hint`]) |
//! | I022 `inconsistent-foundation` | one foundation for candidates of different types, transports or base addresses (RFC 8445 §5.1.1.3) |
//! | I023 `ufrag-mismatch` | a candidate's ufrag is not the expected `a=ice-ufrag` |
//! | I024 `mixed-ufrags` | no expected ufrag given, and the candidates carry several |
//! | I025 `ipv6-only` | every candidate is an IPv6 address |
//! | I026 `tcp-only` | no UDP candidate |
//! | I027 `no-candidates` | the set is empty |
//!
//! Findings about single candidates are [`super::check::check_candidate`]'s. Set-wide findings
//! point at the first candidate concerned (an empty set: at the default span).

use super::address::{AddressClass, AddressFamily};
use super::candidate::{Address, Candidate, CandidateType, TcpType, Transport};
use super::check::candidate_span;
use super::input::IceCandidate;
use super::priority::{relay_protocol_hint, RelayProtocol};
use crate::diag::registry as r;
use crate::diag::Diagnostic;
use crate::span::{Span, Tok};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Candidates per candidate type.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TypeCounts {
    /// `host`.
    pub host: usize,
    /// `srflx`.
    pub srflx: usize,
    /// `prflx`.
    pub prflx: usize,
    /// `relay`.
    pub relay: usize,
    /// Any other type token.
    pub other: usize,
}

/// Candidates per transport (and TCP candidates per `tcptype`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TransportCounts {
    /// `UDP`.
    pub udp: usize,
    /// `TCP`, whatever the tcptype.
    pub tcp: usize,
    /// `ssltcp`.
    pub ssltcp: usize,
    /// Any other transport token.
    pub other: usize,
    /// TCP with `tcptype active`.
    pub tcp_active: usize,
    /// TCP with `tcptype passive`.
    pub tcp_passive: usize,
    /// TCP with `tcptype so`.
    pub tcp_so: usize,
}

/// Candidates per address family (host names split into mDNS and DNS names).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FamilyCounts {
    /// IPv4 addresses (including IPv4-mapped IPv6).
    pub ipv4: usize,
    /// IPv6 addresses.
    pub ipv6: usize,
    /// mDNS `.local` names.
    pub mdns: usize,
    /// Other DNS names.
    pub fqdn: usize,
}

/// What a candidate set holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Number of candidates.
    pub total: usize,
    /// Per candidate type.
    pub by_type: TypeCounts,
    /// Per transport.
    pub by_transport: TransportCounts,
    /// Per address family.
    pub by_family: FamilyCounts,
    /// Per component ID.
    pub by_component: BTreeMap<u16, usize>,
    /// Per address class of the connection address.
    pub by_address_class: BTreeMap<AddressClass, usize>,
}

/// The result of [`analyze`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SetAnalysis {
    /// The counts.
    pub counts: Counts,
    /// The distinct username fragments the candidates carry (`ufrag` extension or
    /// `usernameFragment`), in order of first appearance.
    pub ufrags: Vec<String>,
    /// The findings, in the order of the table in the [module docs](self).
    pub diagnostics: Vec<Diagnostic>,
}

/// Analyses the candidates of one side. `expected_ufrag` is that side's `a=ice-ufrag`, when
/// known: candidates whose `ufrag` extension differs are reported (I023).
pub fn analyze(candidates: &[Candidate<'_>], expected_ufrag: Option<&str>) -> SetAnalysis {
    let members: Vec<Member<'_>> = candidates
        .iter()
        .map(|c| Member::new(c, c.ufrag()))
        .collect();
    run(&members, expected_ufrag)
}

/// [`analyze`] for candidates held elsewhere (the `a=candidate` lines of several media
/// sections), each with its connection address already classified (`c.address_kind()`).
pub(crate) fn analyze_classified(
    candidates: &[(&Candidate<'_>, Address<'_>)],
    expected_ufrag: Option<&str>,
) -> SetAnalysis {
    let members: Vec<Member<'_>> = candidates
        .iter()
        .map(|(c, addr)| Member::classified(c, c.ufrag(), *addr))
        .collect();
    run(&members, expected_ufrag)
}

/// [`analyze`] for candidates read by [`super::input`]: a `usernameFragment` counts as the
/// candidate's ufrag (before its `ufrag` extension).
pub fn analyze_list(candidates: &[IceCandidate<'_>], expected_ufrag: Option<&str>) -> SetAnalysis {
    let members: Vec<Member<'_>> = candidates
        .iter()
        .map(|e| {
            let ufrag = match &e.username_fragment {
                Some(u) => Some(Tok {
                    text: Cow::Borrowed(u.as_str()),
                    span: u.span,
                }),
                None => e.candidate.ufrag(),
            };
            Member::new(&e.candidate, ufrag)
        })
        .collect();
    run(&members, expected_ufrag)
}

/// A candidate with what the analysis asks of it, worked out once (classifying an address
/// parses it).
struct Member<'c> {
    c: &'c Candidate<'c>,
    ufrag: Option<Tok<'c>>,
    typ: CandidateType,
    addr: Address<'c>,
    class: AddressClass,
}

impl<'c> Member<'c> {
    fn new(c: &'c Candidate<'_>, ufrag: Option<Tok<'c>>) -> Self {
        Member::classified(c, ufrag, c.address_kind())
    }

    fn classified(c: &'c Candidate<'_>, ufrag: Option<Tok<'c>>, addr: Address<'c>) -> Self {
        Member {
            c,
            ufrag,
            typ: c.candidate_type(),
            class: AddressClass::of(&addr),
            addr,
        }
    }

    fn ufrag(&self) -> Option<&str> {
        self.ufrag.as_ref().map(|u| u.as_str())
    }
}

fn run(members: &[Member<'_>], expected_ufrag: Option<&str>) -> SetAnalysis {
    let mut out = SetAnalysis {
        counts: count(members),
        ..SetAnalysis::default()
    };
    let n = &out.counts;
    let first = members.first().map(|m| candidate_span(m.c));
    let span_first = first.unwrap_or_default();

    // I027: nothing at all.
    if n.total == 0 {
        out.diagnostics.push(
            Diagnostic::new(
                &r::NO_CANDIDATES,
                Span::default(),
                "no candidates: nothing was gathered, or the trickled candidates never arrived",
            )
            .with_help("check iceServers and the signalling of onicecandidate events"),
        );
    }

    // I019: no way in from outside.
    let public_host = members
        .iter()
        .any(|m| m.typ == CandidateType::Host && m.class == AddressClass::Global);
    if n.total > 0 && n.by_type.srflx + n.by_type.relay + n.by_type.prflx == 0 && !public_host {
        out.diagnostics.push(
            Diagnostic::new(
                &r::NO_SRFLX_OR_RELAY,
                span_first,
                format!(
                    "no server-reflexive or relayed candidate, and no host candidate on a public \
                     address ({}): this side will not connect across NATs, only with peers on \
                     its own network",
                    class_summary(&n.by_address_class)
                ),
            )
            .with_help(
                "configure a STUN server in iceServers (server-reflexive candidates) and a TURN \
                 server (relayed candidates) for networks where no direct path works",
            ),
        );
    }

    // I020: only mDNS hosts.
    if n.total > 0
        && members
            .iter()
            .all(|m| m.typ == CandidateType::Host && matches!(m.addr, Address::Mdns(_)))
    {
        out.diagnostics.push(
            Diagnostic::new(
                &r::ONLY_MDNS_HOSTS,
                span_first,
                format!(
                    "all {} candidates are mDNS `.local` host candidates: only a peer on the \
                     same link that resolves mDNS can use them",
                    n.total
                ),
            )
            .with_help(
                "browsers hide host addresses behind mDNS names until the page has media \
                 permission; add a STUN/TURN server so that reachable candidates exist",
            ),
        );
    }

    // I021: relay only over TCP/TLS.
    let relays: Vec<_> = members
        .iter()
        .filter(|m| m.typ == CandidateType::Relay)
        .collect();
    if !relays.is_empty() {
        let hints: Vec<_> = relays.iter().map(|m| relay_protocol_hint(m.c)).collect();
        if hints
            .iter()
            .all(|h| matches!(h, Some(RelayProtocol::Tcp | RelayProtocol::Tls)))
        {
            out.diagnostics.push(
                Diagnostic::new(
                    &r::RELAY_ONLY_OVER_TCP,
                    candidate_span(relays[0].c),
                    format!(
                        "all {} relayed candidates reach the TURN server over TCP or TLS: UDP \
                         to the TURN server is blocked or not configured, so relayed media \
                         suffers head-of-line blocking",
                        relays.len()
                    ),
                )
                .with_help("offer a `turn:` URL with UDP (port 3478) next to `turns:`/TCP"),
            );
        }
    }

    // I022: foundations.
    foundations(members, &mut out.diagnostics);

    // I023, I024: ufrags.
    for m in members {
        if let Some(u) = m.ufrag() {
            if !out.ufrags.iter().any(|x| x == u) {
                out.ufrags.push(u.to_string());
            }
        }
    }
    match expected_ufrag {
        Some(expected) => {
            for m in members {
                let Some(Tok { text: u, span }) = &m.ufrag else {
                    continue;
                };
                if u != expected {
                    out.diagnostics.push(
                        Diagnostic::new(
                            &r::UFRAG_MISMATCH,
                            *span,
                            format!(
                                "candidate belongs to ufrag `{u}`, but a=ice-ufrag is \
                                 `{expected}`: the peer drops it"
                            ),
                        )
                        .with_help(
                            "candidates from before an ICE restart, or of another peer \
                             connection, were signalled with this description",
                        ),
                    );
                }
            }
        }
        None if out.ufrags.len() > 1 => {
            let first_u = &out.ufrags[0];
            let first_at = members.iter().find_map(|m| {
                m.ufrag
                    .as_ref()
                    .filter(|u| u.as_str() == first_u)
                    .map(|u| u.span)
            });
            if let Some((u, span)) = members
                .iter()
                .find_map(|m| m.ufrag.as_ref().filter(|u| u.as_str() != first_u))
                .map(|u| (u.as_str(), u.span))
            {
                let mut d = Diagnostic::new(
                    &r::MIXED_UFRAGS,
                    span,
                    format!(
                        "candidates carry {} username fragments ({}): ufrag `{u}` here, \
                         `{first_u}` before",
                        out.ufrags.len(),
                        out.ufrags
                            .iter()
                            .map(|u| format!("`{u}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .with_help("after an ICE restart only the new ufrag's candidates count");
                if let Some(at) = first_at {
                    d = d.with_label(at, format!("ufrag `{first_u}`"));
                }
                out.diagnostics.push(d);
            }
        }
        None => {}
    }

    // I025: IPv6 only.
    let f = &n.by_family;
    if f.ipv6 > 0 && f.ipv4 == 0 && f.mdns == 0 && f.fqdn == 0 {
        out.diagnostics.push(
            Diagnostic::new(
                &r::IPV6_ONLY,
                span_first,
                format!(
                    "all {} candidates are IPv6: a peer with only IPv4 cannot pair with any of \
                     them",
                    n.total
                ),
            )
            .with_help("RFC 8445 pairs only candidates of the same address family"),
        );
    }

    // I026: no UDP.
    if n.total > 0 && n.by_transport.udp == 0 {
        out.diagnostics.push(
            Diagnostic::new(
                &r::TCP_ONLY,
                span_first,
                format!(
                    "no UDP candidate among {}: media must run over ICE-TCP (RFC 6544)",
                    n.total
                ),
            )
            .with_help("agents without ICE-TCP (aiortc, libjuice by default) cannot connect"),
        );
    }
    out
}

fn count(members: &[Member<'_>]) -> Counts {
    let mut n = Counts {
        total: members.len(),
        ..Counts::default()
    };
    for m in members {
        let c = m.c;
        match m.typ {
            CandidateType::Host => n.by_type.host += 1,
            CandidateType::Srflx => n.by_type.srflx += 1,
            CandidateType::Prflx => n.by_type.prflx += 1,
            CandidateType::Relay => n.by_type.relay += 1,
            CandidateType::Other => n.by_type.other += 1,
        }
        let t = &mut n.by_transport;
        match c.transport_kind() {
            Transport::Udp => t.udp += 1,
            Transport::Tcp => {
                t.tcp += 1;
                match c.tcptype() {
                    Some(TcpType::Active) => t.tcp_active += 1,
                    Some(TcpType::Passive) => t.tcp_passive += 1,
                    Some(TcpType::So) => t.tcp_so += 1,
                    None => {}
                }
            }
            Transport::Ssltcp => t.ssltcp += 1,
            Transport::Other => t.other += 1,
        }
        let addr = &m.addr;
        match (AddressFamily::of(addr), addr) {
            (Some(AddressFamily::Ipv4), _) => n.by_family.ipv4 += 1,
            (Some(AddressFamily::Ipv6), _) => n.by_family.ipv6 += 1,
            (_, Address::Mdns(_)) => n.by_family.mdns += 1,
            (_, Address::Fqdn(_)) => n.by_family.fqdn += 1,
            _ => {}
        }
        *n.by_component.entry(c.component_id).or_default() += 1;
        *n.by_address_class.entry(m.class).or_default() += 1;
    }
    n
}

/// `2 private, 2 unique-local`.
fn class_summary(classes: &BTreeMap<AddressClass, usize>) -> String {
    let mut out = String::new();
    for (i, (c, k)) in classes.iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        // Writing to a String cannot fail.
        let _ = write!(out, "{sep}{k} {c}");
    }
    out
}

/// The base address of a candidate, when the candidate tells it: a host candidate is its own
/// base; a reflexive candidate's base is its `raddr` (unless hidden as 0.0.0.0/::); a relayed
/// candidate's foundation depends on the TURN server, which the candidate does not name.
fn base_address<'c>(m: &Member<'c>) -> Option<Address<'c>> {
    match m.typ {
        CandidateType::Host => Some(m.addr),
        CandidateType::Srflx | CandidateType::Prflx => {
            m.c.related_address_kind()
                .filter(|a| AddressClass::of(a) != AddressClass::Unspecified)
        }
        _ => None,
    }
}

fn transport_class(t: Transport) -> Transport {
    match t {
        Transport::Ssltcp => Transport::Tcp,
        t => t,
    }
}

/// I022: candidates that share a foundation (and ufrag) must share type, transport and base.
fn foundations(members: &[Member<'_>], out: &mut Vec<Diagnostic>) {
    let mut reported: Vec<(&str, Option<&str>)> = Vec::new();
    for (i, a) in members.iter().enumerate() {
        let key = (a.c.foundation.as_str(), a.ufrag());
        if reported.contains(&key) {
            continue;
        }
        for b in &members[i + 1..] {
            if b.c.foundation.as_str() != key.0 || b.ufrag() != key.1 {
                continue;
            }
            let why = if a.typ != b.typ {
                Some(format!(
                    "types `{}` and `{}`",
                    a.c.typ.as_str(),
                    b.c.typ.as_str()
                ))
            } else if transport_class(a.c.transport_kind()) != transport_class(b.c.transport_kind())
            {
                Some(format!(
                    "transports `{}` and `{}`",
                    a.c.transport.as_str(),
                    b.c.transport.as_str()
                ))
            } else {
                match (base_address(a), base_address(b)) {
                    (Some(x), Some(y)) if x != y => Some(format!(
                        "base addresses {} and {}",
                        base_text(a.c),
                        base_text(b.c)
                    )),
                    _ => None,
                }
            };
            if let Some(why) = why {
                out.push(
                    Diagnostic::new(
                        &r::INCONSISTENT_FOUNDATION,
                        b.c.foundation.span,
                        format!(
                            "foundation `{}` is used for candidates with different {why}",
                            key.0
                        ),
                    )
                    .with_label(a.c.foundation.span, "first used here")
                    .with_help(
                        "RFC 8445 §5.1.1.3: the same foundation means same type, base IP \
                         address, transport and STUN/TURN server; the peer unfreezes pairs by \
                         foundation",
                    ),
                );
                reported.push(key);
                break;
            }
        }
    }
}

fn base_text<'c>(c: &'c Candidate<'_>) -> &'c str {
    match c.candidate_type() {
        CandidateType::Host => c.address.as_str(),
        _ => c.related_address.as_ref().map_or("?", |t| t.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ice::input::parse_list;

    fn fixture(path: &str) -> String {
        let p = format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
    }

    /// The candidates of one side of a `candidates.txt`: the lines between the `# <side>`
    /// comment and the next side's comment.
    fn side<'a>(body: &'a str, side: &str) -> Vec<&'a str> {
        let mut on = false;
        let mut out = Vec::new();
        for line in body.lines() {
            if line.starts_with('#') {
                let l = line.trim_start_matches('#').trim_start();
                if l.starts_with("offer") || l.starts_with("answer") {
                    on = l.starts_with(side);
                }
                continue;
            }
            if on && line.contains("candidate:") {
                out.push(line);
            }
        }
        out
    }

    fn analyze_side(dir: &str, which: &str, ufrag: Option<&str>) -> SetAnalysis {
        let body = fixture(&format!("real/{dir}/candidates.txt"));
        let text = side(&body, which).join("\n");
        let list = parse_list(&text).unwrap();
        assert!(!list.candidates.is_empty(), "{dir} {which}");
        analyze(&list.plain_candidates(), ufrag)
    }

    fn codes(a: &SetAnalysis) -> Vec<&'static str> {
        a.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn aiortc_basic_is_host_only() {
        // aiortc with iceServers: [] gathers host candidates only: private IPv4 and ULA IPv6.
        let a = analyze_side("aiortc-basic", "offer", None);
        assert_eq!(codes(&a), ["I019"]);
        assert_eq!(a.counts.total, 4);
        assert_eq!(a.counts.by_type.host, 4);
        assert_eq!(a.counts.by_transport.udp, 4);
        assert_eq!((a.counts.by_family.ipv4, a.counts.by_family.ipv6), (2, 2));
        assert_eq!(a.counts.by_component.get(&1), Some(&4));
        assert_eq!(
            a.counts.by_address_class.get(&AddressClass::Private),
            Some(&2)
        );
        assert_eq!(
            a.counts.by_address_class.get(&AddressClass::UniqueLocal),
            Some(&2)
        );
        let d = &a.diagnostics[0];
        assert_eq!(d.name, "no-srflx-or-relay");
        assert!(
            d.message.contains("(2 private, 2 unique-local)"),
            "{}",
            d.message
        );
        assert!(d.message.contains("will not connect across NATs"));
        assert_eq!(d.span.line, 1);
        assert!(a.ufrags.is_empty());
    }

    #[test]
    fn chromium_mdns_only_mdns_hosts() {
        let a = analyze_side("chromium-mdns", "offer", Some("f17q"));
        assert_eq!(codes(&a), ["I019", "I020"]);
        assert_eq!(a.counts.by_family.mdns, 2);
        assert_eq!(a.counts.by_address_class.get(&AddressClass::Mdns), Some(&2));
        assert_eq!(a.ufrags, ["f17q"]);
        assert!(a.diagnostics[1]
            .message
            .starts_with("all 2 candidates are mDNS"));
        // Firefox's mDNS run too, with TCP candidates among them.
        let a = analyze_side("firefox-mdns", "answer", None);
        assert_eq!(codes(&a), ["I019", "I020"]);
        assert_eq!(a.counts.by_transport.tcp_active, 2);
    }

    #[test]
    fn chromium_basic_counts_and_ufrag() {
        let a = analyze_side("chromium-basic", "offer", Some("R1sy"));
        assert_eq!(codes(&a), ["I019"]);
        assert_eq!(a.counts.total, 12);
        assert_eq!(a.counts.by_transport.udp, 6);
        assert_eq!(a.counts.by_transport.tcp, 6);
        assert_eq!(a.counts.by_transport.tcp_active, 6);
        // The same candidates, checked against another ufrag: every one is reported.
        let a = analyze_side("chromium-basic", "offer", Some("XXXX"));
        assert_eq!(
            a.diagnostics.iter().filter(|d| d.code == "I023").count(),
            12
        );
        let d = a.diagnostics.iter().find(|d| d.code == "I023").unwrap();
        assert_eq!(
            d.message,
            "candidate belongs to ufrag `R1sy`, but a=ice-ufrag is `XXXX`: the peer drops it"
        );
        // Both sides mixed up as one set (no expected ufrag): mixed ufrags.
        let body = fixture("real/chromium-basic/candidates.txt");
        let list = parse_list(&body).unwrap();
        let a = analyze(&list.plain_candidates(), None);
        assert_eq!(codes(&a), ["I019", "I024"]);
        assert_eq!(a.ufrags, ["R1sy", "Sr+j"]);
        assert_eq!(a.diagnostics[1].secondary.len(), 1);
    }

    #[test]
    fn json_username_fragment_counts() {
        // Firefox writes no ufrag extension; its usernameFragment is checked instead.
        let text = fixture("real/firefox-basic/answer.cands.jsonl");
        let list = parse_list(&text).unwrap();
        let a = analyze_list(&list.candidates, Some("988df2cc"));
        assert_eq!(codes(&a), ["I019"]);
        assert_eq!(a.ufrags, ["988df2cc"]);
        let a = analyze_list(&list.candidates, Some("nope"));
        assert_eq!(a.diagnostics.iter().filter(|d| d.code == "I023").count(), 4);
        let d = a.diagnostics.iter().find(|d| d.code == "I023").unwrap();
        assert_eq!(&text[d.span.range()], "988df2cc");
        // Without the JSON, the bare candidates carry no ufrag at all.
        assert!(analyze(&list.plain_candidates(), Some("nope"))
            .ufrags
            .is_empty());
    }

    #[test]
    fn ipv6_only_run() {
        let a = analyze_side("aiortc-ipv6-only", "offer", None);
        assert_eq!(codes(&a), ["I019", "I025"]);
        assert_eq!(a.counts.by_family.ipv6, 2);
    }

    #[test]
    fn clean_public_sets() {
        // Synthetic (written for this test): a browser behind a NAT with STUN and TURN/UDP.
        let text = "\
candidate:1 1 udp 2122260223 192.168.1.20 50000 typ host generation 0 network-id 1
candidate:2 1 udp 1686052607 203.0.113.7 61000 typ srflx raddr 192.168.1.20 rport 50000 generation 0 network-id 1
candidate:3 1 udp 41885439 198.51.100.9 3478 typ relay raddr 203.0.113.7 rport 61000 generation 0 network-id 1
candidate:4 1 tcp 1518280447 192.168.1.20 9 typ host tcptype active generation 0 network-id 1";
        let list = parse_list(text).unwrap();
        let a = analyze(&list.plain_candidates(), None);
        assert_eq!(codes(&a), Vec::<&str>::new());
        assert_eq!(
            a.counts.by_type,
            TypeCounts {
                host: 2,
                srflx: 1,
                prflx: 0,
                relay: 1,
                other: 0
            }
        );
        // A server with a public host address needs neither STUN nor TURN.
        let list = parse_list("candidate:1 1 udp 2130706431 8.8.8.8 3478 typ host").unwrap();
        assert!(analyze(&list.plain_candidates(), None)
            .diagnostics
            .is_empty());
    }

    #[test]
    fn relay_over_tcp_only() {
        // Synthetic, Chrome's format: relays with type preference 0 (TLS) and 1 (TCP).
        let text = "\
candidate:1 1 udp 2122260223 192.168.1.20 50000 typ host generation 0
candidate:3 1 udp 8265471 198.51.100.9 443 typ relay raddr 203.0.113.7 rport 61000 generation 0
candidate:4 1 udp 25042687 198.51.100.9 3478 typ relay raddr 203.0.113.7 rport 61001 generation 0";
        let list = parse_list(text).unwrap();
        let a = analyze(&list.plain_candidates(), None);
        assert_eq!(codes(&a), ["I021"]);
        assert_eq!(a.diagnostics[0].span.line, 2);
        // One relay over UDP is enough.
        let text = format!(
            "{text}\ncandidate:5 1 udp 41819903 198.51.100.9 3478 typ relay raddr 203.0.113.7 rport 61002 generation 0"
        );
        let list = parse_list(&text).unwrap();
        assert!(analyze(&list.plain_candidates(), None)
            .diagnostics
            .is_empty());
    }

    #[test]
    fn inconsistent_foundations() {
        let text = "\
candidate:1 1 udp 2130706431 192.168.1.20 50000 typ host
candidate:1 1 udp 1694498815 203.0.113.7 61000 typ srflx raddr 192.168.1.20 rport 50000
candidate:2 1 udp 2130706431 192.168.1.20 50001 typ host
candidate:2 1 tcp 1518280447 192.168.1.20 9 typ host tcptype active
candidate:3 1 udp 2130706431 192.168.1.20 50002 typ host
candidate:3 2 udp 2130706430 192.168.1.21 50003 typ host
candidate:4 1 udp 2130706431 192.168.1.20 50004 typ host
candidate:4 2 udp 2130706430 192.168.1.20 50005 typ host
candidate:5 1 udp 1694498815 203.0.113.7 61000 typ srflx raddr 0.0.0.0 rport 0
candidate:5 1 udp 1694498815 203.0.113.8 61001 typ srflx raddr 192.168.1.21 rport 9";
        let list = parse_list(text).unwrap();
        let a = analyze(&list.plain_candidates(), None);
        let i022: Vec<_> = a.diagnostics.iter().filter(|d| d.code == "I022").collect();
        assert_eq!(i022.len(), 3);
        assert_eq!(
            i022[0].message,
            "foundation `1` is used for candidates with different types `host` and `srflx`"
        );
        assert_eq!((i022[0].span.line, i022[0].secondary[0].span.line), (2, 1));
        assert!(i022[1].message.contains("transports `udp` and `tcp`"));
        assert!(i022[2]
            .message
            .contains("base addresses 192.168.1.20 and 192.168.1.21"));
        // Foundation 4 (same address, other component) and 5 (hidden base) are fine.
        assert_eq!(i022[2].span.line, 6);
    }

    #[test]
    fn tcp_only_and_empty() {
        let list =
            parse_list("candidate:2 1 TCP 2105458943 8.8.8.8 9 typ host tcptype active").unwrap();
        let a = analyze(&list.plain_candidates(), None);
        assert_eq!(codes(&a), ["I026"]);
        let a = analyze(&[], None);
        assert_eq!(codes(&a), ["I027"]);
        assert_eq!(a.diagnostics[0].span, Span::default());
        assert_eq!(a.counts, Counts::default());
    }

    #[test]
    fn json_shape() {
        let a = analyze_side("chromium-basic", "answer", None);
        let v = serde_json::to_value(&a).unwrap();
        assert_eq!(v["counts"]["total"], 2);
        assert_eq!(v["counts"]["by_type"]["host"], 2);
        assert_eq!(v["counts"]["by_family"]["ipv6"], 1);
        assert_eq!(v["counts"]["by_component"]["1"], 2);
        assert_eq!(v["counts"]["by_address_class"]["unique-local"], 1);
        assert_eq!(v["ufrags"][0], "Sr+j");
        assert_eq!(v["diagnostics"][0]["code"], "I019");
    }
}
