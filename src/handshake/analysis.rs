//! From packets (and the SDPs) to a report: STUN transactions, the ICE pair table, TURN
//! allocations, and the verdict — whether ICE connected, on which pair, or the first thing
//! that went wrong.

use super::dtls_flow::{Association, DtlsFlows, DtlsOutcome};
use super::ice::{self, Consent, PairReport, PairState};
use super::media::{self, Media, MediaOutcome, RtcpSender, RtpStream};
use super::peers::{Peers, Side};
use super::stun::{Check, Indication, Malformed, OrphanResponse, Transaction, Transactions};
use crate::capture::{Packet, Transport};
use crate::diag::{registry, Diagnostic};
use crate::span::Span;
use crate::stun::{Method, PacketKind};
use serde::Serialize;
use std::net::SocketAddr;

/// Reads packets one by one; memory is bounded by [`super::stun::MAX_TRANSACTIONS`].
#[derive(Debug, Default)]
pub struct Analyzer {
    peers: Peers,
    transactions: Transactions,
    packets: u64,
    first_ns: Option<i128>,
    last_ns: Option<i128>,
    dtls: DtlsFlows,
    media: Media,
    relays: super::turn::Relays,
}

/// A TURN allocation (RFC 8656 §7): an Allocate that succeeded, and what followed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Allocation {
    /// The client's address (the request's source).
    pub client: SocketAddr,
    /// The TURN server's address.
    pub server: SocketAddr,
    /// XOR-RELAYED-ADDRESS: the relayed transport address (a `relay` candidate).
    pub relayed: Option<SocketAddr>,
    /// LIFETIME granted, s.
    pub lifetime_s: Option<u32>,
    /// Capture record of the success response.
    pub number: u64,
    /// Refresh requests that succeeded afterwards; a Refresh with LIFETIME 0 deletes it.
    pub refreshes: u32,
    /// Whether a Refresh with LIFETIME 0 deleted it (RFC 8656 §7.5).
    pub deleted: bool,
}

/// Whether ICE connected, and if not, why (the first cause found, in the order listed).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum IceOutcome {
    /// The capture has no STUN at all: ICE never started (or the capture missed it).
    NoStun,
    /// STUN, but no connectivity check between the peers (only STUN/TURN server traffic).
    NoChecks,
    /// A pair was nominated.
    Connected {
        /// Index of the selected pair in [`Report::pairs`].
        pair: usize,
        /// Connectivity checks (requests, both agents) before the nomination succeeded.
        checks: u32,
        /// From the first check to the nomination's success response, ms.
        elapsed_ms: f64,
    },
    /// No pair was nominated.
    Failed {
        /// Why.
        cause: IceFailure,
    },
}

/// Why ICE failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "cause", rename_all = "kebab-case")]
pub enum IceFailure {
    /// Checks name ufrags that the SDPs do not have: the peers use other credentials.
    WrongUfrag,
    /// MESSAGE-INTEGRITY does not verify with the SDPs' ice-pwd.
    IntegrityFailure,
    /// 487 Role Conflict responses (RFC 8445 §7.3.1.1), `count` of them.
    RoleConflict {
        /// How many.
        count: u32,
    },
    /// Error responses other than 487, the most frequent code first.
    ErrorResponses {
        /// The most frequent code.
        code: u16,
        /// How many responses had it.
        count: u32,
    },
    /// Checks reached one agent only: the other's checks, or all responses, are missing
    /// (a firewall or NAT drops one direction).
    OneWay {
        /// The agent whose checks got through (answered), or that alone sent checks.
        working: Option<Side>,
        /// Its address on the pair that came closest.
        from: SocketAddr,
    },
    /// One agent's checks were answered, but the agent that answered sent no check of its
    /// own, not even the triggered check that receiving one calls for (RFC 8445 §7.3.1.4):
    /// its ICE agent is not checking (remote description not applied, ICE not started on
    /// this transport, or closed after answering). Its responses got through, so nothing
    /// points at a firewall. Never said of an ice-lite agent, which sends no checks.
    NoChecksBack {
        /// The agent that answered and sent no check.
        silent: Option<Side>,
        /// Its address on the first answered pair.
        at: SocketAddr,
    },
    /// Only one agent sent checks and none was answered: the other agent is not running,
    /// or unreachable (everything dropped on the way), or never got the SDP.
    PeerSilent {
        /// The agent that sent checks.
        sender: Option<Side>,
        /// Its address on the first pair.
        from: SocketAddr,
    },
    /// Checks both ways and none answered.
    NoResponse,
    /// Checks succeeded both ways, but the controlling agent nominated no pair.
    NotNominated,
}

/// Everything found about STUN and ICE in a capture.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// What the SDPs said.
    pub peers: Peers,
    /// Packets analysed.
    pub packets: u64,
    /// Capture time of the first and last packet, ns since the epoch.
    pub first_ns: Option<i128>,
    /// See `first_ns`.
    pub last_ns: Option<i128>,
    /// STUN requests and their responses, in order.
    pub transactions: Vec<Transaction>,
    /// STUN indications (keepalives, TURN Send/Data).
    pub indications: Vec<Indication>,
    /// Responses whose request is not in the capture.
    pub orphans: Vec<OrphanResponse>,
    /// STUN-looking packets that did not decode.
    pub malformed: Vec<Malformed>,
    /// Transactions beyond the memory bound, counted only.
    pub dropped: u64,
    /// Candidate pairs with checks, in order of the first check.
    pub pairs: Vec<PairReport>,
    /// Index of the selected (nominated) pair.
    pub selected: Option<usize>,
    /// Consent freshness on the selected pair.
    pub consent: Option<Consent>,
    /// TURN allocations.
    pub allocations: Vec<Allocation>,
    /// The ICE verdict.
    pub ice: IceOutcome,
    /// DTLS associations, in order of their first record.
    pub associations: Vec<Association>,
    /// The DTLS verdict.
    pub dtls: DtlsOutcome,
    /// SRTP streams by 5-tuple direction and SSRC, in order of their first packet.
    pub rtp_streams: Vec<RtpStream>,
    /// SRTCP senders by 5-tuple direction and sender SSRC.
    pub rtcp_senders: Vec<RtcpSender>,
    /// The media verdict, per m-line.
    pub media: MediaOutcome,
    /// Findings (family H), in order of importance: errors first.
    pub findings: Vec<Diagnostic>,
}

impl Analyzer {
    /// An analyzer checking against `peers` (empty when no SDP was given).
    pub fn new(peers: Peers) -> Analyzer {
        Analyzer {
            peers,
            ..Analyzer::default()
        }
    }

    /// Takes the next packet of the capture, in capture order.
    pub fn push(&mut self, packet: &Packet<'_>) {
        self.packets += 1;
        self.first_ns.get_or_insert(packet.time_ns);
        self.last_ns = Some(
            self.last_ns
                .map_or(packet.time_ns, |t| t.max(packet.time_ns)),
        );
        // mDNS responses tell the addresses of candidates announced under `.local` names.
        if packet.flow.transport == Transport::Udp
            && packet.flow.src.port() == super::mdns::MDNS_PORT
            && !self.peers.named.is_empty()
        {
            for (name, ip) in super::mdns::addresses(packet.bytes) {
                self.peers.resolve_mdns(&name, ip);
            }
        }
        // Through TURN, the peers' 5-tuple is relayed ↔ peer (RFC 8656 §11, §12).
        if packet.channel.is_some() {
            if let Some(flow) = self.relays.channel_flow(packet) {
                let relayed = Packet {
                    flow,
                    ..packet.clone()
                };
                return self.dispatch(&relayed, true);
            }
        }
        if packet.kind == PacketKind::Stun {
            if let Ok(msg) = crate::stun::decode_lax(packet.bytes) {
                self.relays.learn(&packet.flow, &msg);
                if let Some((flow, data)) = self.relays.indication(&packet.flow, &msg) {
                    self.transactions.push(packet, &self.peers, false);
                    if let Some(&first) = data.first() {
                        let inner = Packet {
                            flow,
                            kind: crate::stun::classify(first),
                            bytes: data,
                            ..packet.clone()
                        };
                        self.dispatch(&inner, true);
                    }
                    return;
                }
            }
        }
        self.dispatch(packet, false);
    }

    /// Hands a packet, on the peers' 5-tuple, to the STUN, DTLS and media trackers; `relayed`
    /// when it came through TURN (a copy of a message also seen on the other leg is then not
    /// a retransmission).
    fn dispatch(&mut self, packet: &Packet<'_>, relayed: bool) {
        if packet.kind == PacketKind::Stun {
            self.transactions.push(packet, &self.peers, relayed);
        }
        self.dtls.push(packet, &self.peers);
        self.media.push(packet, &self.peers);
    }

    /// The report.
    pub fn finish(self) -> Report {
        let Transactions {
            list,
            indications,
            orphans,
            malformed,
            dropped,
            ..
        } = self.transactions;
        let pairs = ice::pairs(&list, &self.peers);
        let selected = ice::selected(&pairs);
        let consent = selected.map(|i| ice::consent(&list, &pairs[i], self.last_ns.unwrap_or(0)));
        let allocations = allocations(&list);
        let ice = outcome(
            &list,
            &pairs,
            selected,
            !self.peers.is_empty(),
            self.peers.ice_lite,
        );
        let sides = super::sides::Sides::new(&pairs, &self.peers);
        let associations = self.dtls.finish(&sides, &self.peers);
        let dtls = DtlsOutcome::of(&associations);
        let (rtp_streams, rtcp_senders) = self.media.finish(&sides, &self.peers);
        let main = dtls.association().map(|i| &associations[i]);
        let media = media::outcome(&self.peers, &rtp_streams, main);
        let mut report = Report {
            peers: self.peers,
            packets: self.packets,
            first_ns: self.first_ns,
            last_ns: self.last_ns,
            transactions: list,
            indications,
            orphans,
            malformed,
            dropped,
            pairs,
            selected,
            consent,
            allocations,
            ice,
            associations,
            dtls,
            rtp_streams,
            rtcp_senders,
            media,
            findings: Vec::new(),
        };
        report.findings = findings(&report);
        report
    }
}

fn allocations(list: &[Transaction]) -> Vec<Allocation> {
    let mut out: Vec<Allocation> = Vec::new();
    for t in list {
        let Some(r) = t.response.as_ref().filter(|r| r.success) else {
            continue;
        };
        match t.method {
            Method::ALLOCATE => out.push(Allocation {
                client: t.flow.src,
                server: t.flow.dst,
                relayed: r.relayed,
                lifetime_s: r.lifetime_s,
                number: r.seen.number,
                refreshes: 0,
                deleted: false,
            }),
            Method::REFRESH => {
                if let Some(a) = out
                    .iter_mut()
                    .rev()
                    .find(|a| (a.client, a.server) == (t.flow.src, t.flow.dst))
                {
                    a.refreshes += 1;
                    a.deleted |= t.lifetime_s == Some(0) || r.lifetime_s == Some(0);
                }
            }
            _ => {}
        }
    }
    out
}

fn outcome(
    list: &[Transaction],
    pairs: &[PairReport],
    selected: Option<usize>,
    with_sdps: bool,
    ice_lite: [bool; 2],
) -> IceOutcome {
    if list.is_empty() {
        return IceOutcome::NoStun;
    }
    if pairs.is_empty() {
        return IceOutcome::NoChecks;
    }
    let checks: Vec<&Transaction> = list.iter().filter(|t| t.is_ice_check()).collect();
    if let Some(i) = selected {
        let at = pairs[i].nominated_ns.unwrap_or(0);
        let first = checks.first().map_or(at, |t| t.request.time_ns);
        return IceOutcome::Connected {
            pair: i,
            checks: checks.iter().filter(|t| t.request.time_ns <= at).count() as u32,
            elapsed_ms: (at - first) as f64 / 1e6,
        };
    }
    let succeeded = |t: &&&Transaction| t.succeeded();
    let cause = if with_sdps && checks.iter().all(|t| t.sender.is_none()) {
        IceFailure::WrongUfrag
    } else if checks.iter().any(|t| t.integrity == Check::Failed)
        && !checks
            .iter()
            .filter(succeeded)
            .any(|t| t.integrity == Check::Ok)
    {
        IceFailure::IntegrityFailure
    } else if let Some((code, count)) = most_frequent_error(&checks) {
        if code == 487 {
            IceFailure::RoleConflict { count }
        } else {
            IceFailure::ErrorResponses { code, count }
        }
    } else if let Some(p) = peer_silent(pairs) {
        IceFailure::PeerSilent {
            sender: p.a.side,
            from: p.a.address,
        }
    } else if let Some((silent, at)) = no_checks_back(pairs, ice_lite) {
        IceFailure::NoChecksBack { silent, at }
    } else if let Some(p) = one_way(pairs) {
        // The end whose checks were answered, or the only one that sent checks.
        let a_works = p.a_to_b.succeeded > 0 || p.b_to_a.requests == 0;
        let end = if a_works { p.a } else { p.b };
        IceFailure::OneWay {
            working: end.side,
            from: end.address,
        }
    } else if pairs.iter().all(|p| p.state == PairState::Unanswered) {
        IceFailure::NoResponse
    } else {
        IceFailure::NotNominated
    };
    IceOutcome::Failed { cause }
}

/// The first pair, when on every pair only one agent sent checks (always the first end,
/// `a`, which sent the first check) and none was answered.
fn peer_silent(pairs: &[PairReport]) -> Option<&PairReport> {
    let silent = pairs.iter().all(|p| {
        p.state == PairState::OneWayUnanswered && p.b_to_a.requests == 0 && p.a_to_b.succeeded == 0
    });
    let one_sender = pairs.windows(2).all(|w| w[0].a.side == w[1].a.side);
    pairs.first().filter(|_| silent && one_sender)
}

/// The agent that answered and its address on the first answered pair, when on every pair
/// the same agent sent all the checks (the first end, `a`), and the agent that answered is
/// not known to be ice-lite.
fn no_checks_back(pairs: &[PairReport], ice_lite: [bool; 2]) -> Option<(Option<Side>, SocketAddr)> {
    // Over several pairs "the same agent" needs known sides: without SDPs the first ends of
    // two pairs may be the two agents.
    let first = pairs.first()?.a.side;
    let one_sender =
        pairs.len() == 1 || (first.is_some() && pairs.iter().all(|p| p.a.side == first));
    let none_back = pairs.iter().all(|p| p.b_to_a.requests == 0);
    let answered = pairs.iter().find(|p| p.a_to_b.succeeded > 0)?;
    // The end that answered is the other agent, whether or not its candidates said so.
    let silent = answered.b.side.or(answered.a.side.map(Side::other));
    let lite = silent.is_some_and(|s| ice_lite[s as usize]);
    (one_sender && none_back && !lite).then_some((silent, answered.b.address))
}

/// The first one-way pair, when no pair succeeded both ways.
fn one_way(pairs: &[PairReport]) -> Option<&PairReport> {
    if pairs.iter().any(|p| p.state == PairState::Succeeded) {
        return None;
    }
    pairs.iter().find(|p| {
        matches!(
            p.state,
            PairState::OneWaySucceeded | PairState::OneWayUnanswered
        )
    })
}

fn most_frequent_error(checks: &[&Transaction]) -> Option<(u16, u32)> {
    let mut counts = std::collections::BTreeMap::<u16, u32>::new();
    for t in checks {
        if let Some((code, _)) = t.response.as_ref().and_then(|r| r.error.as_ref()) {
            *counts.entry(*code).or_default() += 1;
        }
    }
    if checks.iter().any(|t| t.succeeded()) {
        return None;
    }
    counts
        .into_iter()
        .max_by_key(|&(code, n)| (n, std::cmp::Reverse(code)))
}

/// A zero-width span: capture findings name the packet in their message.
fn nowhere() -> Span {
    Span::default()
}

fn findings(r: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let checks: Vec<&Transaction> = r.transactions.iter().filter(|t| t.is_ice_check()).collect();
    match &r.ice {
        IceOutcome::NoStun => out.push(
            Diagnostic::new(&registry::NO_STUN, nowhere(), format!("no STUN message in {} packets: ICE never ran on the captured interface", r.packets))
                .with_help("capture on the interface the peers use (tcpdump -i any), from before the offer is applied"),
        ),
        IceOutcome::NoChecks => out.push(Diagnostic::new(
            &registry::NO_ICE_CHECKS,
            nowhere(),
            format!("{} STUN transactions, none an ICE connectivity check between the peers", r.transactions.len()),
        )),
        _ => {}
    }
    let unknown: Vec<&&Transaction> = checks
        .iter()
        .filter(|t| !r.peers.is_empty() && t.sender.is_none())
        .collect();
    if let Some(first) = unknown.first() {
        out.push(
            Diagnostic::new(
                &registry::UNKNOWN_UFRAG,
                nowhere(),
                format!(
                    "packet {}: USERNAME {:?} names no ufrag of the SDPs ({} checks like it)",
                    first.request.number,
                    first.username.as_deref().unwrap_or(""),
                    unknown.len()
                ),
            )
            .with_help(
                "give the SDPs of this call (an ICE restart or another session changes the ufrags)",
            ),
        );
    }
    let bad_mi: Vec<&&Transaction> = checks
        .iter()
        .filter(|t| {
            t.integrity == Check::Failed
                || t.response
                    .as_ref()
                    .is_some_and(|x| x.integrity == Check::Failed)
        })
        .collect();
    if let Some(first) = bad_mi.first() {
        out.push(
            Diagnostic::new(
                &registry::INTEGRITY_FAILURE,
                nowhere(),
                format!(
                    "packet {}: MESSAGE-INTEGRITY does not verify with the SDP's ice-pwd ({} of {} checks)",
                    first.request.number,
                    bad_mi.len(),
                    checks.len()
                ),
            )
            .with_help("the pwd in the SDP differs from the one the agent uses: the SDP was munged, or it is not this call's"),
        );
    }
    let bad_fp = r
        .transactions
        .iter()
        .filter(|t| {
            t.fingerprint == Check::Failed
                || t.response
                    .as_ref()
                    .is_some_and(|x| x.fingerprint == Check::Failed)
        })
        .count();
    if bad_fp > 0 {
        out.push(Diagnostic::new(
            &registry::STUN_FINGERPRINT_FAILURE,
            nowhere(),
            format!("{bad_fp} STUN transactions with a FINGERPRINT that does not match (RFC 8489 §14.7)"),
        ));
    }
    let role_conflicts: u32 = r
        .pairs
        .iter()
        .map(|p| {
            p.a_to_b.errors.get(&487).copied().unwrap_or(0)
                + p.b_to_a.errors.get(&487).copied().unwrap_or(0)
        })
        .sum();
    if role_conflicts > 0 {
        out.push(Diagnostic::new(
            &registry::ROLE_CONFLICT,
            nowhere(),
            format!("{role_conflicts} check(s) answered 487 Role Conflict: both agents claimed the same ICE role"),
        ).with_help("only one side may be the offerer-controlling agent; check ice-lite and how each agent picked its role (RFC 8445 §6.1.1)"));
    }
    for t in &checks {
        if let Some((code, reason)) = t.response.as_ref().and_then(|x| x.error.as_ref()) {
            if *code != 487 {
                out.push(Diagnostic::new(
                    &registry::ERROR_RESPONSE,
                    nowhere(),
                    format!(
                        "packet {}: check {} → {} answered {code} {reason}",
                        t.request.number, t.flow.src, t.flow.dst
                    ),
                ));
                break;
            }
        }
    }
    // Once a pair is nominated, pairs that failed are normal (unused candidates): they are in
    // the pair table, not findings.
    let failed = matches!(r.ice, IceOutcome::Failed { .. });
    for p in r.pairs.iter().filter(|_| failed) {
        match p.state {
            PairState::OneWaySucceeded | PairState::OneWayUnanswered => out.push(
                Diagnostic::new(
                    &registry::ONE_WAY_CHECKS,
                    nowhere(),
                    format!(
                        "pair {} ↔ {}: checks {} → {} {}/{} answered, {} → {} {}/{} answered",
                        p.a.address,
                        p.b.address,
                        p.a.address,
                        p.b.address,
                        p.a_to_b.succeeded,
                        p.a_to_b.requests,
                        p.b.address,
                        p.a.address,
                        p.b_to_a.succeeded,
                        p.b_to_a.requests
                    ),
                )
                .with_help(match (p.b_to_a.requests, p.a_to_b.succeeded) {
                    // Nothing was dropped: b's responses came back, b sent no check.
                    (0, 1..) => "the other end answers but sends no check of its own, so its agent is not checking this pair (RFC 8445 §7.3.1.4: a received check triggers one back)",
                    (0, 0) => "nothing comes back from the other end at this address: it is not listening there (closed, or another address), or everything to it is dropped",
                    _ => "one direction is dropped: a firewall, or a NAT without a mapping for it",
                }),
            ),
            PairState::Unanswered => out.push(Diagnostic::new(
                &registry::CHECKS_UNANSWERED,
                nowhere(),
                format!(
                    "pair {} ↔ {}: {} checks, none answered",
                    p.a.address,
                    p.b.address,
                    p.a_to_b.requests + p.b_to_a.requests
                ),
            )),
            _ => {}
        }
    }
    if matches!(
        r.ice,
        IceOutcome::Failed {
            cause: IceFailure::NotNominated
        }
    ) {
        out.push(Diagnostic::new(
            &registry::NOT_NOMINATED,
            nowhere(),
            "checks succeeded, but the controlling agent nominated no pair (no USE-CANDIDATE check succeeded)",
        ));
    }
    if r.consent.as_ref().is_some_and(|c| c.expired) {
        out.push(Diagnostic::new(
            &registry::CONSENT_EXPIRED,
            nowhere(),
            "consent expired on the selected pair: no consent response for 30 s (RFC 7675 §5.1)",
        ));
    }
    if let Some(m) = r.malformed.first() {
        out.push(Diagnostic::new(
            &registry::MALFORMED_STUN,
            nowhere(),
            format!(
                "packet {}: {} ({} such packets)",
                m.seen.number,
                m.error,
                r.malformed.len()
            ),
        ));
    }
    super::dtls_media_findings::findings(r, &mut out);
    out.sort_by_key(|d| std::cmp::Reverse(d.severity));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Flow, Transport};
    use crate::handshake::peers::Credential;
    use crate::stun::{Class, ErrorCode, Key, MessageBuilder, Method, TransactionId};

    const OFFER_PWD: &str = "offerPasswordIsLongEnough";
    const ANSWER_PWD: &str = "answerPasswordIsLongEnough";

    fn peers() -> Peers {
        Peers {
            credentials: vec![
                Credential {
                    side: Side::Offerer,
                    ufrag: "offr".into(),
                    pwd: OFFER_PWD.into(),
                },
                Credential {
                    side: Side::Answerer,
                    ufrag: "answ".into(),
                    pwd: ANSWER_PWD.into(),
                },
            ],
            ..Peers::default()
        }
    }

    const O: &str = "10.0.0.1:5000";
    const A: &str = "10.0.0.2:6000";

    /// One message on the wire.
    struct Wire {
        from: &'static str,
        to: &'static str,
        bytes: Vec<u8>,
    }

    /// A check from the agent at `from` (offerer when `from == O`), signed with the receiver's
    /// pwd (or `pwd` when given).
    fn check(id: u8, from: &'static str, nominate: bool, pwd: Option<&str>) -> Wire {
        let offerer = from == O;
        let (user, receiver_pwd) = if offerer {
            ("answ:offr", ANSWER_PWD)
        } else {
            ("offr:answ", OFFER_PWD)
        };
        let key = Key::short_term(pwd.unwrap_or(receiver_pwd)).unwrap();
        let mut b = MessageBuilder::binding_request(TransactionId([id; 12]))
            .username(user)
            .priority(2_130_706_431);
        b = if offerer {
            b.ice_controlling(1)
        } else {
            b.ice_controlled(2)
        };
        if nominate {
            b = b.use_candidate();
        }
        let bytes = b.message_integrity(&key).fingerprint().build().unwrap();
        Wire {
            from,
            to: if offerer { A } else { O },
            bytes,
        }
    }

    /// The success response to check `id` sent by the agent at `from`.
    fn success(id: u8, from: &'static str) -> Wire {
        let pwd = if from == O { OFFER_PWD } else { ANSWER_PWD };
        let to = if from == O { A } else { O };
        let bytes = MessageBuilder::binding_success(TransactionId([id; 12]))
            .xor_mapped_address(to.parse().unwrap())
            .message_integrity(&Key::short_term(pwd).unwrap())
            .fingerprint()
            .build()
            .unwrap();
        Wire { from, to, bytes }
    }

    fn error(id: u8, from: &'static str, code: u16) -> Wire {
        let to = if from == O { A } else { O };
        let bytes = MessageBuilder::new(
            Class::ErrorResponse,
            Method::BINDING,
            TransactionId([id; 12]),
        )
        .attribute(crate::stun::AttributeValue::ErrorCode {
            code: ErrorCode(code),
            reason: "Role Conflict",
            reserved: 0,
        })
        .fingerprint()
        .build()
        .unwrap();
        Wire { from, to, bytes }
    }

    fn run(peers: Peers, wires: &[Wire]) -> Report {
        let mut analyzer = Analyzer::new(peers);
        for (i, w) in wires.iter().enumerate() {
            analyzer.push(&Packet {
                number: i as u64 + 1,
                time_ns: i as i128 * 10_000_000,
                offset: 0,
                flow: Flow {
                    src: w.from.parse().unwrap(),
                    dst: w.to.parse().unwrap(),
                    transport: Transport::Udp,
                },
                channel: None,
                truncated: false,
                kind: PacketKind::Stun,
                bytes: &w.bytes,
            });
        }
        analyzer.finish()
    }

    fn codes(r: &Report) -> Vec<&'static str> {
        r.findings.iter().map(|d| d.code).collect()
    }

    #[test]
    fn connected_with_nomination_and_verified_checks() {
        let r = run(
            peers(),
            &[
                check(1, O, false, None),
                check(2, A, false, None),
                success(1, A),
                success(2, O),
                check(3, O, true, None),
                success(3, A),
            ],
        );
        assert_eq!(
            r.ice,
            IceOutcome::Connected {
                pair: 0,
                checks: 3,
                elapsed_ms: 50.0
            }
        );
        let p = &r.pairs[0];
        assert_eq!(
            (
                p.a_to_b.requests,
                p.a_to_b.succeeded,
                p.a_to_b.use_candidate
            ),
            (2, 2, 1)
        );
        assert_eq!(p.a_to_b.controlling, Some(true));
        assert_eq!(p.b_to_a.controlling, Some(false));
        assert_eq!(p.a.side, Some(Side::Offerer));
        assert_eq!(p.a_to_b.username.as_deref(), Some("answ:offr"));
        assert!(r.transactions.iter().all(
            |t| t.integrity == Check::Ok && t.response.as_ref().unwrap().integrity == Check::Ok
        ));
        assert_eq!(r.transactions[0].rtt_ms(), Some(20.0));
        assert!(r.findings.is_empty(), "{:?}", r.findings);
    }

    #[test]
    fn an_agent_that_answers_but_never_checks_back() {
        let wires = [check(1, O, false, None), success(1, A)];
        let r = run(peers(), &wires);
        assert_eq!(
            r.ice,
            IceOutcome::Failed {
                cause: IceFailure::NoChecksBack {
                    silent: Some(Side::Answerer),
                    at: A.parse().unwrap()
                }
            }
        );
        let help = r.findings.iter().find(|d| d.code == "H008");
        let help = help.and_then(|d| d.help.as_deref()).unwrap_or_default();
        assert!(
            help.contains("sends no check of its own"),
            "{:?}",
            r.findings
        );
        // An ice-lite answerer never sends checks: that is not its fault.
        let mut lite = peers();
        lite.ice_lite = [false, true];
        let r = run(lite, &wires);
        assert!(
            !matches!(
                r.ice,
                IceOutcome::Failed {
                    cause: IceFailure::NoChecksBack { .. }
                }
            ),
            "{:?}",
            r.ice
        );
    }

    #[test]
    fn wrong_pwd_is_an_integrity_failure() {
        let r = run(
            peers(),
            &[
                check(1, O, false, Some("notTheAnswerersPassword")),
                check(2, A, false, Some("notTheOfferersPassword")),
            ],
        );
        assert_eq!(
            r.ice,
            IceOutcome::Failed {
                cause: IceFailure::IntegrityFailure
            }
        );
        assert!(codes(&r).contains(&"H004"));
    }

    #[test]
    fn unknown_ufrags_and_no_stun() {
        let mut other = peers();
        for c in &mut other.credentials {
            c.ufrag.push('x');
        }
        let r = run(other, &[check(1, O, false, None), check(2, A, false, None)]);
        assert_eq!(
            r.ice,
            IceOutcome::Failed {
                cause: IceFailure::WrongUfrag
            }
        );
        assert!(codes(&r).contains(&"H003"));
        let r = run(peers(), &[]);
        assert_eq!(r.ice, IceOutcome::NoStun);
        assert_eq!(codes(&r), ["H001"]);
    }

    #[test]
    fn one_way_no_response_role_conflict_not_nominated() {
        // Only the offerer's checks get through: the answerer answers them, its own are lost.
        let r = run(
            peers(),
            &[
                check(1, O, false, None),
                success(1, A),
                check(2, A, false, None),
            ],
        );
        assert_eq!(
            r.ice,
            IceOutcome::Failed {
                cause: IceFailure::OneWay {
                    working: Some(Side::Offerer),
                    from: O.parse().unwrap()
                }
            }
        );
        assert!(codes(&r).contains(&"H008"));
        // Checks both ways, none answered.
        let r = run(
            peers(),
            &[check(1, O, false, None), check(2, A, false, None)],
        );
        assert_eq!(
            r.ice,
            IceOutcome::Failed {
                cause: IceFailure::NoResponse
            }
        );
        assert!(codes(&r).contains(&"H009"));
        // 487 to everything.
        let r = run(
            peers(),
            &[
                check(1, O, false, None),
                error(1, A, 487),
                check(2, A, false, None),
                error(2, O, 487),
            ],
        );
        assert_eq!(
            r.ice,
            IceOutcome::Failed {
                cause: IceFailure::RoleConflict { count: 2 }
            }
        );
        assert!(codes(&r).contains(&"H006"));
        // Both ways succeed, nobody nominates.
        let r = run(
            peers(),
            &[
                check(1, O, false, None),
                success(1, A),
                check(2, A, false, None),
                success(2, O),
            ],
        );
        assert_eq!(
            r.ice,
            IceOutcome::Failed {
                cause: IceFailure::NotNominated
            }
        );
        assert_eq!(codes(&r), ["H010"]);
    }

    #[test]
    fn retransmissions_and_malformed() {
        let c = check(1, O, false, None);
        let again = Wire {
            from: c.from,
            to: c.to,
            bytes: c.bytes.clone(),
        };
        let broken = Wire {
            from: O,
            to: A,
            bytes: vec![0, 1, 0, 8, 0x21, 0x12],
        };
        let r = run(peers(), &[c, again, success(1, A), broken]);
        assert_eq!(r.transactions[0].retransmissions, 1);
        assert_eq!(r.pairs[0].a_to_b.retransmissions, 1);
        assert_eq!(r.malformed.len(), 1);
        assert!(codes(&r).contains(&"H012"));
    }
}
