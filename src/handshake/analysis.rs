//! From packets (and the SDPs) to a report: STUN transactions, the ICE pair table, TURN
//! allocations, and the verdict — whether ICE connected, on which pair, or the first thing
//! that went wrong.

use super::ice::{self, Consent, PairReport, PairState};
use super::peers::{Peers, Side};
use super::stun::{Check, Indication, Malformed, OrphanResponse, Transaction, Transactions};
use crate::capture::Packet;
use crate::diag::{registry, Diagnostic};
use crate::span::Span;
use crate::stun::PacketKind;
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
        if packet.kind == PacketKind::Stun {
            self.transactions.push(packet, &self.peers);
        }
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
        let ice = outcome(&list, &pairs, selected, !self.peers.is_empty());
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
        match t.method.as_str() {
            "Allocate" => out.push(Allocation {
                client: t.flow.src,
                server: t.flow.dst,
                relayed: r.relayed,
                lifetime_s: r.lifetime_s,
                number: r.seen.number,
                refreshes: 0,
                deleted: false,
            }),
            "Refresh" => {
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
            format!("{role_conflicts} checks answered 487 Role Conflict: both agents claimed the same ICE role"),
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
    for p in &r.pairs {
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
                .with_help(
                    "one direction is dropped: a firewall, or a NAT without a mapping for it",
                ),
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
    out.sort_by_key(|d| std::cmp::Reverse(d.severity));
    out
}
