//! ICE from the capture (RFC 8445): connectivity checks grouped by candidate pair, each end
//! mapped to the SDPs' candidates, roles, nomination, the selected pair and consent freshness
//! (RFC 7675).

use super::peers::{Peers, Side};
use super::stun::{Check, Transaction};
use crate::capture::Transport;
use crate::ice::candidate::{CandidateType, TcpType};
use serde::Serialize;
use std::collections::BTreeMap;
use std::net::SocketAddr;

/// RFC 7675 §5.1: consent expires 30 s after the last consent response.
pub const CONSENT_TIMEOUT_NS: i128 = 30_000_000_000;

/// What one end of a pair is, as far as the SDPs tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    /// Transport address.
    pub address: SocketAddr,
    /// Whose address it is (from the SDP candidates, or from the ufrags of the checks it sent).
    pub side: Option<Side>,
    /// `host`/`srflx`/`relay` when an SDP announced it; `prflx` when it was learned from checks
    /// only (RFC 8445 §7.2.5.3.1); `None` without SDPs, or when its agent's candidates are
    /// unknown (trickle ICE without the trickled candidates, see [`Peers::announced`]).
    pub kind: Option<CandidateType>,
    /// The candidate's priority (RFC 8445 §5.1.2): the SDP's, else the PRIORITY attribute of
    /// the checks sent from this address (the priority the peer gives the peer-reflexive
    /// candidate it learns, RFC 8445 §7.3.1.3).
    pub priority: Option<u32>,
    /// For an announced TCP candidate, its `tcptype` (RFC 6544 §4.5: `active` ends open the
    /// connection from an ephemeral port, so they show up as peer-reflexive instead).
    pub tcptype: Option<TcpType>,
    /// The candidate was announced under an mDNS name, whose address an mDNS response in the
    /// capture gave (see [`Peers::resolve_mdns`]).
    pub mdns: bool,
}

/// Checks sent one way on a pair (from `from` to `to`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Direction {
    /// Requests (not counting retransmissions).
    pub requests: u32,
    /// Retransmissions.
    pub retransmissions: u32,
    /// Requests that got a success response.
    pub succeeded: u32,
    /// Requests that got an error response, by code.
    pub errors: BTreeMap<u16, u32>,
    /// Requests without any response.
    pub unanswered: u32,
    /// Requests or responses whose MESSAGE-INTEGRITY did not verify with the SDP's pwd.
    pub integrity_failures: u32,
    /// Requests whose USERNAME names a ufrag the SDPs do not have (only with SDPs).
    pub unknown_ufrags: u32,
    /// Requests with USE-CANDIDATE.
    pub use_candidate: u32,
    /// USERNAME of the first request (`receiver:sender`).
    pub username: Option<String>,
    /// Role claimed by the sender, with its tie-breaker.
    pub controlling: Option<bool>,
    /// Capture record of the first request.
    pub first_request: Option<u64>,
    /// Time of the first request, ns since the epoch.
    pub first_request_ns: Option<i128>,
    /// Time of the first success response, ns since the epoch.
    pub first_success_ns: Option<i128>,
    /// Median round-trip time of answered requests, ms.
    pub median_rtt_ms: Option<f64>,
}

/// One candidate pair (RFC 8445 §6.1.2.2) seen in the capture: a 5-tuple, with the checks of
/// both agents on it (each agent checks the pair from its side).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairReport {
    /// The end that sent the first check.
    pub a: Endpoint,
    /// The other end.
    pub b: Endpoint,
    /// UDP or TCP.
    pub transport: Transport,
    /// Checks from `a` to `b`.
    pub a_to_b: Direction,
    /// Checks from `b` to `a`.
    pub b_to_a: Direction,
    /// Whether the controlling agent nominated it: a USE-CANDIDATE check that succeeded
    /// (RFC 8445 §8.1.1).
    pub nominated: bool,
    /// Time of the nomination's success response, ns since the epoch.
    pub nominated_ns: Option<i128>,
    /// The highest libwebrtc NOMINATION value of a check on this pair that succeeded
    /// (renomination: the controlling agent moves the selection by raising it).
    pub nomination: Option<u32>,
    /// The pair priority (RFC 8445 §6.1.2.3), when both ends' priorities and the controlling
    /// agent are known.
    pub priority: Option<u64>,
    /// State, in the terms of RFC 8445 §6.1.2.6 as seen from outside.
    pub state: PairState,
}

/// How far a pair got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PairState {
    /// Checks succeeded both ways and the pair was nominated.
    Nominated,
    /// Checks succeeded both ways (RFC 8445 §7.2.5.3.3 needs both for a valid pair in practice:
    /// each agent's own check).
    Succeeded,
    /// Checks succeeded one way only.
    OneWaySucceeded,
    /// Checks went one way only and none was answered.
    OneWayUnanswered,
    /// Checks both ways, none answered.
    Unanswered,
    /// Only error responses.
    Failed,
}

/// Consent freshness on the selected pair (RFC 7675).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Consent {
    /// Binding requests on the selected pair after the nomination (both directions).
    pub requests: u32,
    /// Of those, answered with success.
    pub answered: u32,
    /// Longest time between two successive success responses after the nomination, ms
    /// (RFC 7675 §5.1: consent expires after 30 000 ms without one).
    pub longest_gap_ms: Option<f64>,
    /// Whether consent expired within the capture.
    pub expired: bool,
}

/// Builds the pair table from the transactions: ICE checks only (Binding with USERNAME or
/// PRIORITY), one row per 5-tuple, in order of the first check.
pub fn pairs(transactions: &[Transaction], peers: &Peers) -> Vec<PairReport> {
    let mut rows: Vec<PairReport> = Vec::new();
    let mut rtts: Vec<[Vec<f64>; 2]> = Vec::new();
    for t in transactions.iter().filter(|t| t.is_ice_check()) {
        let (src, dst, transport) = (t.flow.src, t.flow.dst, t.flow.transport);
        let found = rows.iter().position(|r| {
            r.transport == transport
                && ((r.a.address, r.b.address) == (src, dst)
                    || (r.a.address, r.b.address) == (dst, src))
        });
        let i = found.unwrap_or_else(|| {
            rows.push(PairReport {
                a: endpoint(src, transport, peers),
                b: endpoint(dst, transport, peers),
                transport,
                a_to_b: Direction::default(),
                b_to_a: Direction::default(),
                nominated: false,
                nominated_ns: None,
                nomination: None,
                priority: None,
                state: PairState::Unanswered,
            });
            rtts.push([Vec::new(), Vec::new()]);
            rows.len() - 1
        });
        let row = &mut rows[i];
        let forward = row.a.address == src;
        if forward && row.a.side.is_none() {
            row.a.side = t.sender;
        }
        if !forward && row.b.side.is_none() {
            row.b.side = t.sender;
        }
        let from = if forward { &mut row.a } else { &mut row.b };
        if from.priority.is_none() {
            from.priority = t.priority;
        }
        let d = if forward {
            &mut row.a_to_b
        } else {
            &mut row.b_to_a
        };
        d.requests += 1;
        d.retransmissions += t.retransmissions;
        d.use_candidate += u32::from(t.use_candidate);
        if d.username.is_none() {
            d.username = t.username.clone();
            d.controlling = t.role.map(|r| r.controlling);
            d.first_request = Some(t.request.number);
            d.first_request_ns = Some(t.request.time_ns);
        }
        if !peers.is_empty() && t.sender.is_none() {
            d.unknown_ufrags += 1;
        }
        d.integrity_failures += u32::from(t.integrity == Check::Failed);
        match &t.response {
            None => d.unanswered += 1,
            Some(r) => {
                d.integrity_failures += u32::from(r.integrity == Check::Failed);
                if r.success {
                    d.succeeded += 1;
                    if d.first_success_ns.is_none() {
                        d.first_success_ns = Some(r.seen.time_ns);
                    }
                    if (t.use_candidate || t.nomination.is_some()) && !row.nominated {
                        row.nominated = true;
                        row.nominated_ns = Some(r.seen.time_ns);
                    }
                    if t.nomination > row.nomination {
                        row.nomination = t.nomination;
                    }
                } else if let Some((code, _)) = r.error {
                    *d.errors.entry(code).or_default() += 1;
                }
                if let Some(ms) = t.rtt_ms() {
                    rtts[i][usize::from(!forward)].push(ms);
                }
            }
        }
    }
    for (row, [ab, ba]) in rows.iter_mut().zip(rtts) {
        for end in [&mut row.a, &mut row.b] {
            if end.kind.is_none() {
                end.kind = unannounced_kind(end.side, peers);
            }
        }
        row.a_to_b.median_rtt_ms = median(ab);
        row.b_to_a.median_rtt_ms = median(ba);
        row.priority = pair_priority(row);
        row.state = state(row);
    }
    rows
}

fn endpoint(address: SocketAddr, transport: Transport, peers: &Peers) -> Endpoint {
    match peers.candidate_at(address, transport) {
        Some(c) => Endpoint {
            address,
            side: Some(c.side),
            kind: Some(c.kind),
            priority: u32::try_from(c.priority).ok(),
            tcptype: c.tcptype,
            mdns: c.mdns_name.is_some(),
        },
        // Typed once its side is known (`unannounced_kind`).
        None => Endpoint {
            address,
            side: None,
            kind: None,
            priority: None,
            tcptype: None,
            mdns: false,
        },
    }
}

/// The type of an address no description announced: peer-reflexive (RFC 8445 §7.3.1.3) when
/// its agent's candidates are known; unknown when they are not (trickle ICE, RFC 8838, with
/// the trickled candidates not given) and without descriptions.
fn unannounced_kind(side: Option<Side>, peers: &Peers) -> Option<CandidateType> {
    let known = match side {
        Some(s) => peers.announced[s as usize],
        None => peers.announced.contains(&true),
    };
    (known && !peers.is_empty()).then_some(CandidateType::Prflx)
}

/// RFC 8445 §6.1.2.3: `2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0)`, G the controlling agent's
/// candidate priority and D the controlled agent's. The controlling end is the one whose
/// checks claim ICE-CONTROLLING (or whose peer's claim ICE-CONTROLLED).
fn pair_priority(row: &PairReport) -> Option<u64> {
    let a_controls = row
        .a_to_b
        .controlling
        .or(row.b_to_a.controlling.map(|c| !c))?;
    let (g, d) = if a_controls {
        (row.a.priority?, row.b.priority?)
    } else {
        (row.b.priority?, row.a.priority?)
    };
    // Priorities are at most 2^31 - 1 (RFC 8445 §5.1.2), but the wire's PRIORITY is any
    // 32-bit value: saturate rather than overflow on a crafted one.
    let (g, d) = (u64::from(g), u64::from(d));
    Some(
        (g.min(d) << 32)
            .saturating_add(2 * g.max(d))
            .saturating_add(u64::from(g > d)),
    )
}

fn state(row: &PairReport) -> PairState {
    let (ab, ba) = (&row.a_to_b, &row.b_to_a);
    if row.nominated && ab.succeeded > 0 && ba.succeeded > 0 {
        return PairState::Nominated;
    }
    match (ab.succeeded > 0, ba.succeeded > 0) {
        (true, true) => PairState::Succeeded,
        (true, false) | (false, true) => PairState::OneWaySucceeded,
        (false, false) => {
            let answered_with_errors =
                ab.errors.values().sum::<u32>() + ba.errors.values().sum::<u32>();
            if answered_with_errors > 0 {
                PairState::Failed
            } else if ab.requests == 0 || ba.requests == 0 {
                PairState::OneWayUnanswered
            } else {
                PairState::Unanswered
            }
        }
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

/// The selected pair, as an index into `pairs`: of the nominated pairs, the one with the
/// highest pair priority (RFC 8445 §8.1.1: "If more than one candidate pair is nominated ...
/// the agents ... use the pairs with the highest priority"; Chromium nominates the first
/// check of every pair over TCP). With libwebrtc's renomination (NOMINATION values), the pair
/// nominated with the highest value instead; when a nominated pair's priority is unknown, the
/// last nominated pair.
pub fn selected(pairs: &[PairReport]) -> Option<usize> {
    let nominated = || pairs.iter().enumerate().filter(|(_, p)| p.nominated);
    if nominated().any(|(_, p)| p.nomination.is_some()) {
        return nominated()
            .max_by_key(|(_, p)| (p.nomination, p.nominated_ns))
            .map(|(i, _)| i);
    }
    if nominated().all(|(_, p)| p.priority.is_some()) {
        return nominated().max_by_key(|(_, p)| p.priority).map(|(i, _)| i);
    }
    nominated()
        .max_by_key(|(_, p)| p.nominated_ns)
        .map(|(i, _)| i)
}

/// Consent freshness on `pair` after its nomination, up to `capture_end_ns`.
pub fn consent(transactions: &[Transaction], pair: &PairReport, capture_end_ns: i128) -> Consent {
    let Some(since) = pair.nominated_ns else {
        return Consent::default();
    };
    let on_pair = |t: &&Transaction| {
        t.flow.transport == pair.transport
            && ((t.flow.src, t.flow.dst) == (pair.a.address, pair.b.address)
                || (t.flow.src, t.flow.dst) == (pair.b.address, pair.a.address))
    };
    let mut c = Consent::default();
    let mut last_success = since;
    let mut longest = 0i128;
    for t in transactions
        .iter()
        .filter(|t| t.method == crate::stun::Method::BINDING && t.request.time_ns > since)
        .filter(on_pair)
    {
        c.requests += 1;
        if let Some(r) = t.response.as_ref().filter(|r| r.success) {
            c.answered += 1;
            longest = longest.max(r.seen.time_ns - last_success);
            last_success = last_success.max(r.seen.time_ns);
        }
    }
    let tail = capture_end_ns - last_success;
    c.expired = tail > CONSENT_TIMEOUT_NS && c.requests > c.answered;
    longest = longest.max(if c.expired { tail } else { 0 });
    if c.requests > 0 {
        c.longest_gap_ms = Some(longest as f64 / 1e6);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: u32, b: u32, a_controls: bool, nominated_ns: i128) -> PairReport {
        let end = |port: u16, priority| Endpoint {
            address: SocketAddr::from(([10, 0, 0, 1], port)),
            side: None,
            kind: None,
            priority,
            tcptype: None,
            mdns: false,
        };
        let mut row = PairReport {
            a: end(1, Some(a)),
            b: end(2, Some(b)),
            transport: Transport::Udp,
            a_to_b: Direction {
                controlling: Some(a_controls),
                ..Direction::default()
            },
            b_to_a: Direction::default(),
            nominated: true,
            nominated_ns: Some(nominated_ns),
            nomination: None,
            priority: None,
            state: PairState::Nominated,
        };
        row.priority = pair_priority(&row);
        row
    }

    #[test]
    fn pair_priority_is_rfc_8445_6_1_2_3() {
        // G = 10 (controlling), D = 5: 2^32*5 + 2*10 + 1.
        assert_eq!(pair(10, 5, true, 0).priority, Some((5 << 32) + 21));
        // The same ends with the other agent controlling: G = 5, D = 10: no +1.
        assert_eq!(pair(10, 5, false, 0).priority, Some((5 << 32) + 20));
        // Out-of-range wire priorities (above 2^31 - 1) saturate instead of overflowing.
        assert_eq!(pair(u32::MAX, u32::MAX, true, 0).priority, Some(u64::MAX));
        // Unknown roles: no priority.
        let mut row = pair(10, 5, true, 0);
        row.a_to_b.controlling = None;
        assert_eq!(pair_priority(&row), None);
    }

    #[test]
    fn an_unannounced_address_is_prflx_only_when_its_agent_told_its_candidates() {
        use super::super::peers::Credential;
        let credential = |side| Credential {
            side,
            ufrag: "u".into(),
            pwd: "p".into(),
        };
        let mut peers = Peers {
            credentials: vec![credential(Side::Offerer), credential(Side::Answerer)],
            ..Peers::default()
        };
        // Trickle ICE without the trickled candidates: unknown for both sides.
        assert_eq!(unannounced_kind(Some(Side::Offerer), &peers), None);
        assert_eq!(unannounced_kind(None, &peers), None);
        // The answer told its candidates (or that it had none): its unannounced addresses
        // were learned from checks (RFC 8445 §7.3.1.3); the offerer's stay unknown.
        peers.announced = [false, true];
        assert_eq!(
            unannounced_kind(Some(Side::Answerer), &peers),
            Some(CandidateType::Prflx)
        );
        assert_eq!(unannounced_kind(Some(Side::Offerer), &peers), None);
        assert_eq!(unannounced_kind(None, &peers), Some(CandidateType::Prflx));
        // No descriptions at all: no types.
        let none = Peers {
            announced: [true, true],
            ..Peers::default()
        };
        assert_eq!(unannounced_kind(Some(Side::Offerer), &none), None);
    }

    #[test]
    fn selected_is_the_highest_priority_nominated_pair() {
        // Nominated first with the higher priority, then a lower one (aggressive-style
        // nomination of several pairs): the first stays selected (RFC 8445 §8.1.1).
        let pairs = [pair(100, 90, true, 1_000), pair(50, 40, true, 2_000)];
        assert_eq!(selected(&pairs), Some(0));
        // A priority unknown: the last nominated.
        let mut unknown = pairs.clone();
        unknown[0].priority = None;
        assert_eq!(selected(&unknown), Some(1));
        // Renomination: the higher NOMINATION value wins over the pair priority.
        let mut renominated = pairs.clone();
        renominated[0].nomination = Some(1);
        renominated[1].nomination = Some(2);
        assert_eq!(selected(&renominated), Some(1));
        // Nothing nominated: nothing selected.
        let mut none = pairs.clone();
        none.iter_mut().for_each(|p| p.nominated = false);
        assert_eq!(selected(&none), None);
    }
}
