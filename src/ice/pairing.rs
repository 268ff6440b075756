//! Pairing: the check list an ICE agent forms from its local candidates and the remote ones
//! (RFC 8445 §6.1.2), with the roles of RFC 8445 §6.1.1 / RFC 8839 §4.
//!
//! [`form_check_list`] follows the RFC steps, for one data stream (with BUNDLE, the candidates
//! of the bundle's transport):
//!
//! 1. **Forming pairs** (§6.1.2.2): each local candidate with each remote candidate of the same
//!    component ID and the same IP address family; an IPv6 link-local address only with
//!    another link-local one; the same transport, and for TCP (RFC 6544 §6.2) `active` with
//!    `passive`, `passive` with `active`, `so` with `so`. A host name (mDNS `.local`, DNS)
//!    has no family until the agent resolves it, so it is paired with either family: the list
//!    then holds pairs that a resolving agent would not form (one per family of the other side).
//!    Candidates no agent would pair are left out and listed in [`CheckList::excluded_local`] /
//!    [`CheckList::excluded_remote`]: priority above 2^32 − 1, TCP without a valid `tcptype`,
//!    an address that is not an address.
//! 2. **Pair priority and order** (§6.1.2.3): [`pair_priority`] with `G` the controlling
//!    agent's candidate priority and `D` the controlled agent's; sorted by descending priority.
//!    Equal priorities keep formation order (local candidate order, then remote order).
//! 3. **Pruning** (§6.1.2.4): a server- or peer-reflexive local candidate is replaced by its
//!    base — the local host candidate whose address and port are its `raddr`/`rport` (same
//!    component and transport); when the base is hidden (`raddr 0.0.0.0`) or absent, the
//!    reflexive candidate stays. Then a pair is removed when a higher-priority pair has a
//!    local candidate with the same base and an identical remote candidate (same address, port,
//!    transport and component) — which also removes remote duplicates.
//! 4. **Limit** (§6.1.2.5): only the first [`PairingOptions::max_pairs`] pairs are kept
//!    (default [`DEFAULT_MAX_PAIRS`] = 100).
//! 5. **Initial states** (§6.1.2.6): every pair is Frozen; then, for each pair foundation, the
//!    pair with the lowest component ID (and among those the highest priority) is Waiting.
//!
//! Findings: I028 `empty-check-list` (no pair at all, with the reason) and I029
//! `check-list-truncated`.
//!
//! The terms are RFC 8445's and the W3C WebRTC API's: a *candidate pair* (`RTCIceCandidatePair`)
//! joins a local and a remote candidate; the *check list* orders the pairs the agent checks;
//! the *controlling* agent (`RTCIceRole` `"controlling"`) nominates the pair that is used, the
//! *controlled* one follows; the *foundation* of a pair is the local and remote foundations
//! together.

use super::address::{AddressClass, AddressFamily};
use super::candidate::{Address, Candidate, CandidateType, TcpType, Transport};
use super::check::candidate_span;
use super::priority::{pair_priority, Priority};
use crate::diag::registry as r;
use crate::diag::Diagnostic;
use crate::span::Span;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// RFC 8445 §6.1.2.5: the default limit on the number of candidate pairs.
pub const DEFAULT_MAX_PAIRS: usize = 100;

/// An agent's role in an ICE session (W3C `RTCIceRole`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Nominates the candidate pair that is used; its candidate priorities are `G` in the pair
    /// priority.
    Controlling,
    /// Follows the controlling agent's nomination; its priorities are `D`.
    Controlled,
}

impl Role {
    /// The peer's role.
    pub fn other(self) -> Role {
        match self {
            Role::Controlling => Role::Controlled,
            Role::Controlled => Role::Controlling,
        }
    }

    /// `controlling` or `controlled`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Controlling => "controlling",
            Role::Controlled => "controlled",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The roles of the two agents of an offer/answer exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Roles {
    /// The offerer's role.
    pub offerer: Role,
    /// The answerer's role.
    pub answerer: Role,
    /// Whether both agents are lite: then neither runs connectivity checks (RFC 8445 §6.1.1),
    /// and no check list is formed.
    pub both_lite: bool,
}

/// Who controls, from whether each side's description says `a=ice-lite` (RFC 8445 §6.1.1,
/// RFC 8839 §4): the full agent controls when the other is lite; otherwise the initiating
/// agent — in SDP offer/answer, the offerer — controls.
pub fn determine_roles(offerer_is_lite: bool, answerer_is_lite: bool) -> Roles {
    let offerer = if !offerer_is_lite && answerer_is_lite {
        Role::Controlling
    } else if offerer_is_lite && !answerer_is_lite {
        Role::Controlled
    } else {
        Role::Controlling
    };
    Roles {
        offerer,
        answerer: offerer.other(),
        both_lite: offerer_is_lite && answerer_is_lite,
    }
}

/// The state of a candidate pair (RFC 8445 §6.1.2.6; W3C `RTCStatsIceCandidatePairState`).
/// A newly formed check list holds only [`Frozen`](PairState::Frozen) and
/// [`Waiting`](PairState::Waiting) pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PairState {
    /// Not checked yet, and waiting for a pair with the same foundation.
    Frozen,
    /// To be checked when it is its turn.
    Waiting,
    /// A check was sent, no answer yet.
    InProgress,
    /// The check succeeded.
    Succeeded,
    /// The check failed.
    Failed,
}

impl fmt::Display for PairState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PairState::Frozen => "frozen",
            PairState::Waiting => "waiting",
            PairState::InProgress => "in-progress",
            PairState::Succeeded => "succeeded",
            PairState::Failed => "failed",
        })
    }
}

/// One candidate pair of a [`CheckList`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct CandidatePair {
    /// Index of the local candidate in the local slice given to [`form_check_list`]. After
    /// pruning it is the base of a reflexive candidate (see the [module docs](self)).
    pub local: usize,
    /// Index of the remote candidate in the remote slice.
    pub remote: usize,
    /// The component ID both candidates share.
    pub component: u16,
    /// The pair priority (RFC 8445 §6.1.2.3).
    pub priority: u64,
    /// The initial state (RFC 8445 §6.1.2.6).
    pub state: PairState,
    /// The pair foundation: the local and remote foundations joined by `:`.
    pub foundation: String,
}

/// Options of [`form_check_list`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PairingOptions {
    /// The most pairs kept (RFC 8445 §6.1.2.5); 0 means no limit.
    pub max_pairs: usize,
}

impl Default for PairingOptions {
    fn default() -> Self {
        PairingOptions {
            max_pairs: DEFAULT_MAX_PAIRS,
        }
    }
}

/// The check list an agent in `role` forms (see the [module docs](self)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckList {
    /// The role of the local agent.
    pub role: Role,
    /// The pairs, highest priority first.
    pub pairs: Vec<CandidatePair>,
    /// Local candidates that no agent would pair (indices into the local slice).
    pub excluded_local: Vec<usize>,
    /// Remote candidates that no agent would pair (indices into the remote slice).
    pub excluded_remote: Vec<usize>,
    /// How many pairs were formed before pruning.
    pub formed: usize,
    /// How many pairs pruning removed (RFC 8445 §6.1.2.4).
    pub pruned: usize,
    /// How many pairs the limit removed (RFC 8445 §6.1.2.5).
    pub truncated: usize,
    /// I028 when the list is empty, I029 when it was truncated.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckList {
    /// The position (0 = checked first) of the pair of local candidate `local` and remote
    /// candidate `remote`, if it is in the list.
    pub fn rank_of(&self, local: usize, remote: usize) -> Option<usize> {
        self.pairs
            .iter()
            .position(|p| p.local == local && p.remote == remote)
    }

    /// The pairs in the Waiting state, in check order.
    pub fn waiting(&self) -> impl Iterator<Item = &CandidatePair> {
        self.pairs.iter().filter(|p| p.state == PairState::Waiting)
    }
}

/// What pairing needs to know about one candidate.
struct Info<'c> {
    priority: u32,
    component: u16,
    family: AddressFamily,
    link_local: bool,
    transport: Transport,
    tcptype: Option<TcpType>,
    address: Address<'c>,
    port: u16,
    typ: CandidateType,
}

fn info<'c>(c: &'c Candidate<'_>) -> Option<Info<'c>> {
    let priority = Priority::decode(c.priority_value)?.value;
    let address = c.address_kind();
    let family = AddressFamily::of(&address)?;
    let transport = c.transport_kind();
    let tcptype = c.tcptype();
    if transport == Transport::Tcp && tcptype.is_none() {
        return None;
    }
    Some(Info {
        priority,
        component: c.component_id,
        family,
        link_local: AddressClass::of(&address) == AddressClass::LinkLocal,
        transport,
        tcptype,
        address,
        port: c.port_value,
        typ: c.candidate_type(),
    })
}

/// Whether ICE pairs local `l` with remote `r`, and if not, why (for I028).
fn pairable(l: &Info<'_>, lc: &Candidate<'_>, r: &Info<'_>, rc: &Candidate<'_>) -> Result<(), Why> {
    if l.component != r.component {
        return Err(Why::Component);
    }
    let family_ok =
        l.family == r.family || l.family == AddressFamily::Name || r.family == AddressFamily::Name;
    if !family_ok {
        return Err(Why::Family);
    }
    if l.family == AddressFamily::Ipv6
        && r.family == AddressFamily::Ipv6
        && l.link_local != r.link_local
    {
        return Err(Why::LinkLocal);
    }
    let same_transport = match (l.transport, r.transport) {
        (Transport::Other, Transport::Other) | (Transport::Ssltcp, Transport::Ssltcp) => {
            lc.transport.eq_ignore_ascii_case(&rc.transport)
        }
        (a, b) => a == b,
    };
    if !same_transport {
        return Err(Why::Transport);
    }
    if l.transport == Transport::Tcp {
        let ok = matches!(
            (l.tcptype, r.tcptype),
            (Some(TcpType::Active), Some(TcpType::Passive))
                | (Some(TcpType::Passive), Some(TcpType::Active))
                | (Some(TcpType::So), Some(TcpType::So))
        );
        if !ok {
            return Err(Why::TcpType);
        }
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Why {
    Component,
    Family,
    LinkLocal,
    Transport,
    TcpType,
}

impl Why {
    fn text(self) -> &'static str {
        match self {
            Why::Component => "no shared component ID",
            Why::Family => "no shared address family (IPv4 against IPv6)",
            Why::LinkLocal => "IPv6 link-local addresses only pair with link-local ones",
            Why::Transport => "no shared transport (UDP against TCP)",
            Why::TcpType => {
                "TCP types do not match (active pairs with passive, passive with active, so with so)"
            }
        }
    }
}

/// Forms the check list of the agent in `role`, from its `local` candidates and the peer's
/// `remote` candidates, for one data stream (see the [module docs](self) for each step).
///
/// Only a full agent forms a check list: a lite agent (`a=ice-lite`) runs no checks (RFC 8445
/// §6.1.1), so call this for the full side(s) ([`determine_roles`] gives the roles). Never
/// panics; time is linear in the number of pairs formed (`local.len() × remote.len()`) plus
/// the sort, memory likewise.
pub fn form_check_list(
    local: &[Candidate<'_>],
    remote: &[Candidate<'_>],
    role: Role,
    options: &PairingOptions,
) -> CheckList {
    let li: Vec<_> = local.iter().map(info).collect();
    let ri: Vec<_> = remote.iter().map(info).collect();
    let excluded = |v: &[Option<Info<'_>>]| {
        v.iter()
            .enumerate()
            .filter(|(_, i)| i.is_none())
            .map(|(k, _)| k)
            .collect::<Vec<_>>()
    };
    let mut list = CheckList {
        role,
        pairs: Vec::new(),
        excluded_local: excluded(&li),
        excluded_remote: excluded(&ri),
        formed: 0,
        pruned: 0,
        truncated: 0,
        diagnostics: Vec::new(),
    };

    // 1. Forming pairs (§6.1.2.2); 2. priorities (§6.1.2.3).
    let mut reasons = Vec::new(); // distinct, at most 5
    let mut pairs = Vec::new();
    for (i, l) in li.iter().enumerate() {
        let Some(l) = l else { continue };
        for (j, r) in ri.iter().enumerate() {
            let Some(r) = r else { continue };
            match pairable(l, &local[i], r, &remote[j]) {
                Ok(()) => {
                    let (g, d) = match role {
                        Role::Controlling => (l.priority, r.priority),
                        Role::Controlled => (r.priority, l.priority),
                    };
                    pairs.push((i, j, pair_priority(g, d)));
                }
                Err(why) => {
                    if !reasons.contains(&why) {
                        reasons.push(why);
                    }
                }
            }
        }
    }
    list.formed = pairs.len();
    // Stable: equal priorities keep formation order.
    pairs.sort_by_key(|p| std::cmp::Reverse(p.2));

    // 3. Pruning (§6.1.2.4): reflexive local candidates replaced by their base, then
    // redundant pairs (same local base, identical remote candidate) removed.
    let mut seen = HashSet::new();
    let mut kept = Vec::new();
    for (i, j, priority) in pairs {
        let i = base_of(i, &li, local);
        let (Some(Some(l)), Some(Some(r))) = (li.get(i), ri.get(j)) else {
            continue;
        };
        let key = (
            l.address,
            l.port,
            l.transport,
            r.address,
            r.port,
            r.transport,
            r.component,
        );
        if seen.insert(key) {
            kept.push((i, j, priority));
        } else {
            list.pruned += 1;
        }
    }

    // 4. Limit (§6.1.2.5).
    if options.max_pairs > 0 && kept.len() > options.max_pairs {
        list.truncated = kept.len() - options.max_pairs;
        kept.truncate(options.max_pairs);
    }

    // 5. Initial states (§6.1.2.6).
    list.pairs = kept
        .into_iter()
        .map(|(i, j, priority)| CandidatePair {
            local: i,
            remote: j,
            component: local[i].component_id,
            priority,
            state: PairState::Frozen,
            foundation: format!("{}:{}", local[i].foundation, remote[j].foundation),
        })
        .collect();
    // foundation -> (component, index) of the pair to unfreeze
    let mut unfrozen: HashMap<&str, (u16, usize)> = HashMap::new();
    for (k, p) in list.pairs.iter().enumerate() {
        let chosen = unfrozen
            .entry(p.foundation.as_str())
            .or_insert((p.component, k));
        // Lowest component first; equal components keep the earlier (higher priority) pair.
        if p.component < chosen.0 {
            *chosen = (p.component, k);
        }
    }
    let waiting: Vec<usize> = unfrozen.into_values().map(|(_, k)| k).collect();
    for k in waiting {
        if let Some(p) = list.pairs.get_mut(k) {
            p.state = PairState::Waiting;
        }
    }

    // Findings.
    let span = local
        .first()
        .or(remote.first())
        .map_or(Span::default(), candidate_span);
    if list.pairs.is_empty() {
        reasons.sort();
        let why = if local.is_empty() || remote.is_empty() {
            format!(
                "there are no {} candidates",
                if local.is_empty() { "local" } else { "remote" }
            )
        } else if li.iter().all(Option::is_none) || ri.iter().all(Option::is_none) {
            "no candidate of one side can be paired at all (priority above 2^32 - 1, TCP \
             without tcptype)"
                .to_string()
        } else {
            reasons
                .iter()
                .map(|w| w.text())
                .collect::<Vec<_>>()
                .join("; ")
        };
        list.diagnostics.push(
            Diagnostic::new(
                &r::EMPTY_CHECK_LIST,
                span,
                format!(
                    "no candidate pair can be formed from {} local and {} remote candidates: \
                     {why}",
                    local.len(),
                    remote.len()
                ),
            )
            .with_help(
                "ICE will fail unless a peer-reflexive candidate turns up; give both sides a \
                 shared address family and transport (and a STUN/TURN server)",
            ),
        );
    }
    if list.truncated > 0 {
        list.diagnostics.push(Diagnostic::new(
            &r::CHECK_LIST_TRUNCATED,
            span,
            format!(
                "{} pairs exceed the limit of {}: the {} lowest-priority pairs are removed",
                list.truncated + options.max_pairs,
                options.max_pairs,
                list.truncated
            ),
        ));
    }
    list
}

/// The base of local candidate `i`: itself, or for a reflexive candidate the local host
/// candidate at its `raddr`/`rport` with the same component and transport, if there is one.
fn base_of(i: usize, li: &[Option<Info<'_>>], local: &[Candidate<'_>]) -> usize {
    let Some(Some(l)) = li.get(i) else { return i };
    if !matches!(l.typ, CandidateType::Srflx | CandidateType::Prflx) {
        return i;
    }
    let (Some(raddr), Some(rport)) = (local[i].related_address_kind(), local[i].related_port_value)
    else {
        return i;
    };
    li.iter()
        .enumerate()
        .find(|(_, b)| {
            b.as_ref().is_some_and(|b| {
                b.typ == CandidateType::Host
                    && b.component == l.component
                    && b.transport == l.transport
                    && b.address == raddr
                    && b.port == rport
            })
        })
        .map_or(i, |(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ice::input::parse_list;

    fn fixture(path: &str) -> String {
        let p = format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
    }

    /// The `a=candidate` lines of the first m-section of an SDP (the BUNDLE transport).
    fn first_section_candidates(sdp: &str) -> String {
        sdp.split("\nm=")
            .nth(1)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.starts_with("a=candidate:"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn cands(text: &str) -> Vec<Candidate<'_>> {
        let list = parse_list(text).unwrap();
        assert!(list.invalid.is_empty());
        list.plain_candidates()
    }

    fn find(cs: &[Candidate<'_>], addr: &str, port: u16) -> usize {
        cs.iter()
            .position(|c| c.address == addr && c.port_value == port)
            .unwrap_or_else(|| panic!("{addr}:{port}"))
    }

    #[test]
    fn roles() {
        let both_full = determine_roles(false, false);
        assert_eq!(
            (both_full.offerer, both_full.answerer),
            (Role::Controlling, Role::Controlled)
        );
        assert!(!both_full.both_lite);
        let lite_answer = determine_roles(false, true);
        assert_eq!(lite_answer.offerer, Role::Controlling);
        // A lite offerer (e.g. an SFU offering) makes the full answerer controlling.
        let lite_offer = determine_roles(true, false);
        assert_eq!(
            (lite_offer.offerer, lite_offer.answerer),
            (Role::Controlled, Role::Controlling)
        );
        let both_lite = determine_roles(true, true);
        assert_eq!(both_lite.offerer, Role::Controlling);
        assert!(both_lite.both_lite);
        assert_eq!(Role::Controlled.to_string(), "controlled");
        assert_eq!(Role::Controlling.other(), Role::Controlled);
    }

    /// aiortc ↔ aiortc (fixtures/real/aiortc-basic): the offerer (controlling) used
    /// 10.99.0.1:37799 -> 10.99.0.2:53703 (peers.log). Both sides give every candidate
    /// priority 2130706431, so both same-family pairs have the same pair priority; the IPv4
    /// pair ranks first by formation order, tied with the IPv6 one.
    #[test]
    fn aiortc_basic_selected_pair_ranks_first() {
        let offer = first_section_candidates(&fixture("real/aiortc-basic/offer.sdp"));
        let answer = first_section_candidates(&fixture("real/aiortc-basic/answer.sdp"));
        let (local, remote) = (cands(&offer), cands(&answer));
        assert_eq!((local.len(), remote.len()), (2, 2));
        let roles = determine_roles(false, false);
        let list = form_check_list(&local, &remote, roles.offerer, &PairingOptions::default());
        assert_eq!(list.role, Role::Controlling);
        // IPv4 with IPv4 and IPv6 with IPv6 only.
        assert_eq!(list.formed, 2);
        assert_eq!(list.pairs.len(), 2);
        let l = find(&local, "10.99.0.1", 37799);
        let r = find(&remote, "10.99.0.2", 53703);
        assert_eq!(list.rank_of(l, r), Some(0));
        let p = &list.pairs[0];
        assert_eq!(p.priority, pair_priority(2130706431, 2130706431));
        assert_eq!(p.priority, 9151314442783293438);
        assert_eq!(list.pairs[1].priority, p.priority);
        assert_eq!(
            p.foundation,
            "28d09117ed7be62fd2553196dd6100b6:aa92e410cd11ae9ea36df55d7fe9dd3a"
        );
        // Different foundations: both pairs are Waiting.
        assert_eq!(list.waiting().count(), 2);
        assert!(list.diagnostics.is_empty());

        // The whole candidates.txt (both m-sections of the offer; the answer lists its bundled
        // candidates twice): the duplicate remote candidates are pruned.
        let body = fixture("real/aiortc-basic/candidates.txt");
        let list_all = parse_list(&body).unwrap().plain_candidates();
        let (local, remote) = list_all.split_at(4);
        let list = form_check_list(local, remote, Role::Controlling, &PairingOptions::default());
        assert_eq!(list.formed, 8);
        assert_eq!(list.pruned, 4);
        assert_eq!(list.pairs.len(), 4);
        assert_eq!(
            list.rank_of(
                find(local, "10.99.0.1", 37799),
                find(remote, "10.99.0.2", 53703)
            ),
            Some(0)
        );
    }

    /// aiortc (offerer, controlling) ↔ libdatachannel (fixtures/real/aiortc-offer-ndc-answer):
    /// the selected pair fd99::1:51878 -> fd99::2:33388 is the first of the check list, because
    /// libjuice gives its IPv6 candidate the higher priority (2116026111 > 2114977791), and
    /// MIN(G, D) decides.
    #[test]
    fn aiortc_offer_ndc_answer_selected_pair_ranks_first() {
        let offer = first_section_candidates(&fixture("real/aiortc-offer-ndc-answer/offer.sdp"));
        let answer = first_section_candidates(&fixture("real/aiortc-offer-ndc-answer/answer.sdp"));
        let (local, remote) = (cands(&offer), cands(&answer));
        let list = form_check_list(
            &local,
            &remote,
            Role::Controlling,
            &PairingOptions::default(),
        );
        assert_eq!(list.pairs.len(), 2);
        let l = find(&local, "fd99::1", 51878);
        let r = find(&remote, "fd99::2", 33388);
        assert_eq!(list.rank_of(l, r), Some(0));
        assert_eq!(
            list.pairs[0].priority,
            pair_priority(2130706431, 2116026111)
        );
        assert_eq!(
            list.pairs[1].priority,
            pair_priority(2130706431, 2114977791)
        );
        // The controlled answerer computes the same pair priorities (G is still aiortc's).
        let theirs = form_check_list(
            &remote,
            &local,
            Role::Controlled,
            &PairingOptions::default(),
        );
        let mine: Vec<_> = list.pairs.iter().map(|p| p.priority).collect();
        let other: Vec<_> = theirs.pairs.iter().map(|p| p.priority).collect();
        assert_eq!(mine, other);
    }

    /// libdatachannel ↔ libdatachannel (fixtures/real/ndc-basic): the offerer's selected pair
    /// goes from fd99::1:34914 to fd99::2:53667 (peers.log, where libjuice logs the remote as
    /// the peer-reflexive candidate it learned first, with priority 0). The signalled host
    /// candidate at that address makes the pair ranked first: libjuice prefers IPv6.
    #[test]
    fn ndc_basic_selected_pair_ranks_first() {
        let body = fixture("real/ndc-basic/candidates.txt");
        let all = parse_list(&body).unwrap().plain_candidates();
        let (local, remote) = (&all[0..2], &all[2..4]);
        let list = form_check_list(local, remote, Role::Controlling, &PairingOptions::default());
        assert_eq!(list.pairs.len(), 2);
        assert_eq!(
            list.rank_of(
                find(local, "fd99::1", 34914),
                find(remote, "fd99::2", 53667)
            ),
            Some(0)
        );
        assert_eq!(
            list.pairs[0].priority,
            pair_priority(2116026111, 2116026111)
        );
        assert_eq!(list.pairs[0].foundation, "2:2");
        assert_eq!(list.pairs[1].foundation, "1:1");
    }

    /// Chromium ↔ Chromium (fixtures/real/chromium-basic), candidates of mid 0 (the BUNDLE
    /// transport): the final selected pair fd99::1:37440 -> fd99::2:44974 ranks first; the
    /// pair first used (10.99.0.1:49801 -> :39355, peers.log) ranks second. The offer's TCP
    /// active candidates find no passive remote candidate: no TCP pair.
    #[test]
    fn chromium_basic_check_list() {
        let offer = fixture("real/chromium-basic/offer.cands.jsonl");
        let answer = fixture("real/chromium-basic/answer.cands.jsonl");
        let offer = parse_list(&offer).unwrap();
        let answer = parse_list(&answer).unwrap();
        fn mid0<'a>(l: &crate::ice::input::CandidateList<'a>) -> Vec<Candidate<'a>> {
            l.candidates
                .iter()
                .filter(|c| c.sdp_mid.as_ref().is_some_and(|m| m == "0"))
                .map(|c| c.candidate.clone())
                .collect()
        }
        let (local, remote) = (mid0(&offer), mid0(&answer));
        assert_eq!((local.len(), remote.len()), (4, 2));
        let list = form_check_list(
            &local,
            &remote,
            Role::Controlling,
            &PairingOptions::default(),
        );
        assert_eq!(list.pairs.len(), 2);
        assert_eq!(
            list.rank_of(
                find(&local, "fd99::1", 37440),
                find(&remote, "fd99::2", 44974)
            ),
            Some(0)
        );
        assert_eq!(
            list.rank_of(
                find(&local, "10.99.0.1", 49801),
                find(&remote, "10.99.0.2", 39355)
            ),
            Some(1)
        );
        assert_eq!(
            list.pairs[0].priority,
            pair_priority(2122265343, 2122265343)
        );
        assert!(list.pairs.iter().all(|p| p.state == PairState::Waiting));
        assert!(list.excluded_local.is_empty());
    }

    /// Chromium offer ↔ Firefox answer: both send only TCP active candidates, which cannot
    /// pair; Firefox's IPv6 host has the higher priority, so the IPv6 pair comes first.
    #[test]
    fn chromium_offer_firefox_answer_tcp_active_never_pairs() {
        let body = fixture("real/chromium-offer-firefox-answer/candidates.txt");
        let all = parse_list(&body).unwrap().plain_candidates();
        // Offer, mid 0: UDP IPv4, UDP IPv6 (lines 1-2), TCP active IPv4, IPv6 (lines 7-8).
        let local = vec![
            all[0].clone(),
            all[1].clone(),
            all[6].clone(),
            all[7].clone(),
        ];
        let remote = all[12..].to_vec();
        assert_eq!(remote.len(), 4);
        let list = form_check_list(
            &local,
            &remote,
            Role::Controlling,
            &PairingOptions::default(),
        );
        assert_eq!(list.pairs.len(), 2);
        for p in &list.pairs {
            assert_eq!(local[p.local].transport_kind(), Transport::Udp);
        }
        assert_eq!(
            list.rank_of(
                find(&local, "fd99::1", 47137),
                find(&remote, "fd99::2", 48280)
            ),
            Some(0)
        );
        // Only TCP active on both sides: an empty check list, with the reason.
        let list = form_check_list(
            &local[2..],
            &remote[2..],
            Role::Controlling,
            &PairingOptions::default(),
        );
        assert!(list.pairs.is_empty());
        let d = &list.diagnostics[0];
        assert_eq!(d.code, "I028");
        assert!(
            d.message.contains("TCP types do not match"),
            "{}",
            d.message
        );
    }

    #[test]
    fn firefox_components_and_states() {
        // Firefox's offer (mid 0) has components 1 and 2 (no rtcp-mux yet); a remote with
        // component 1 only pairs component 1.
        let offer = fixture("real/firefox-basic/offer.cands.jsonl");
        let offer = parse_list(&offer).unwrap();
        let local: Vec<_> = offer
            .candidates
            .iter()
            .filter(|c| c.sdp_mid.as_ref().is_some_and(|m| m == "0"))
            .map(|c| c.candidate.clone())
            .collect();
        assert_eq!(local.len(), 8);
        // Synthetic remote (Firefox format), with both components and a passive TCP candidate.
        let remote_text = "\
candidate:0 1 UDP 2122187007 10.99.0.2 40000 typ host
candidate:0 2 UDP 2122187006 10.99.0.2 40001 typ host
candidate:5 1 TCP 2105458943 10.99.0.2 40002 typ host tcptype passive";
        let remote = cands(remote_text);
        let list = form_check_list(
            &local,
            &remote,
            Role::Controlled,
            &PairingOptions::default(),
        );
        // UDP v4 comp 1, UDP v4 comp 2, TCP active v4 -> passive.
        assert_eq!(list.pairs.len(), 3);
        let comp: Vec<_> = list
            .pairs
            .iter()
            .map(|p| (p.component, p.state, p.foundation.as_str()))
            .collect();
        assert_eq!(
            comp,
            [
                (1, PairState::Waiting, "0:0"),
                (2, PairState::Frozen, "0:0"),
                (1, PairState::Waiting, "2:5"),
            ]
        );
    }

    #[test]
    fn pruning_replaces_srflx_by_its_base() {
        // Synthetic: a local host, its srflx (base = the host), a relay; one remote host.
        let local = cands(
            "\
candidate:1 1 udp 2122260223 192.168.1.20 50000 typ host
candidate:2 1 udp 1686052607 203.0.113.7 61000 typ srflx raddr 192.168.1.20 rport 50000
candidate:3 1 udp 41885439 198.51.100.9 3478 typ relay raddr 203.0.113.7 rport 61000
candidate:4 1 udp 1686052607 203.0.113.8 61001 typ srflx raddr 0.0.0.0 rport 0",
        );
        let remote = cands("candidate:9 1 udp 2130706431 198.51.100.50 40000 typ host");
        let list = form_check_list(
            &local,
            &remote,
            Role::Controlling,
            &PairingOptions::default(),
        );
        assert_eq!(list.formed, 4);
        // The srflx pair became (host, remote), redundant with the host pair: pruned. The
        // hidden-base srflx stays (its base is unknown here).
        assert_eq!(list.pruned, 1);
        let locals: Vec<_> = list.pairs.iter().map(|p| p.local).collect();
        assert_eq!(locals, [0, 3, 2]);
        assert!(list.pairs.iter().all(|p| p.state == PairState::Waiting));
    }

    #[test]
    fn families_link_local_names_and_exclusions() {
        let local = cands(
            "\
candidate:1 1 udp 2130706431 fe80::1 5000 typ host
candidate:2 1 udp 2130706431 fd00::1 5001 typ host
candidate:3 1 udp 2130706431 a.local 5002 typ host
candidate:4 1 udp 9999999999 10.0.0.1 5003 typ host
candidate:5 1 tcp 2130706431 10.0.0.1 5004 typ host",
        );
        let remote = cands(
            "\
candidate:7 1 udp 2130706431 fe80::2 6000 typ host
candidate:8 1 udp 2130706431 10.0.0.2 6001 typ host",
        );
        let list = form_check_list(
            &local,
            &remote,
            Role::Controlling,
            &PairingOptions::default(),
        );
        assert_eq!(list.excluded_local, [3, 4]);
        let pairs: Vec<_> = list.pairs.iter().map(|p| (p.local, p.remote)).collect();
        // link-local with link-local; the ULA with nothing; the mDNS name with both.
        assert_eq!(pairs, [(0, 0), (2, 0), (2, 1)]);
    }

    #[test]
    fn limit_and_empty() {
        let local: String = (0..12)
            .map(|i| {
                format!(
                    "candidate:{i} 1 udp {} 10.0.0.1 {} typ host\n",
                    2130706431 - i,
                    5000 + i
                )
            })
            .collect();
        let remote: String = (0..10)
            .map(|i| {
                format!(
                    "candidate:{i} 1 udp 2130706431 10.0.1.1 {} typ host\n",
                    6000 + i
                )
            })
            .collect();
        let (local, remote) = (cands(&local), cands(&remote));
        let list = form_check_list(
            &local,
            &remote,
            Role::Controlling,
            &PairingOptions::default(),
        );
        assert_eq!(list.formed, 120);
        assert_eq!(list.pairs.len(), 100);
        assert_eq!(list.truncated, 20);
        assert_eq!(list.diagnostics[0].code, "I029");
        assert!(list.diagnostics[0]
            .message
            .starts_with("120 pairs exceed the limit of 100"));
        // Descending priority throughout.
        assert!(list
            .pairs
            .windows(2)
            .all(|w| w[0].priority >= w[1].priority));
        // Each local foundation pairs with 10 remote foundations: all Waiting.
        assert_eq!(list.waiting().count(), 100);
        let unlimited = form_check_list(
            &local,
            &remote,
            Role::Controlling,
            &PairingOptions { max_pairs: 0 },
        );
        assert_eq!(unlimited.pairs.len(), 120);
        // Nothing to pair.
        let list = form_check_list(&local, &[], Role::Controlling, &PairingOptions::default());
        assert_eq!(list.diagnostics[0].code, "I028");
        assert!(list.diagnostics[0]
            .message
            .ends_with("there are no remote candidates"));
        let v6 = cands("candidate:1 1 udp 1 fd00::9 1 typ host");
        let list = form_check_list(&local, &v6, Role::Controlling, &PairingOptions::default());
        assert!(list.diagnostics[0]
            .message
            .contains("no shared address family"));
        let json = serde_json::to_value(&list).unwrap();
        assert_eq!(json["role"], "controlling");
        assert_eq!(json["pairs"], serde_json::json!([]));
        assert_eq!(json["diagnostics"][0]["name"], "empty-check-list");
    }
}
