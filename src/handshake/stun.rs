//! STUN transactions of a capture (RFC 8489 §6.2): requests matched to their success or error
//! responses by transaction ID, retransmissions, round-trip times, indications, and each
//! message's FINGERPRINT and MESSAGE-INTEGRITY checked with the pwd the SDPs give for the
//! agent that must have signed it (RFC 8445 §7.2.2: requests with the receiver's pwd, responses
//! with the responder's).

use super::peers::{Peers, Side};
use crate::capture::{Flow, Packet};
use crate::stun::{
    self, AttributeType, AttributeValue, Class, Credentials, Message, Method, Outcome,
};
use serde::Serialize;
use std::collections::HashMap;
use std::net::SocketAddr;

/// At most this many transactions are kept in detail; later ones are counted only
/// ([`Transactions::dropped`]), so a STUN flood cannot exhaust memory.
pub const MAX_TRANSACTIONS: usize = 100_000;

/// Two copies of a request closer than this (1 ms) are one packet captured twice: STUN
/// retransmits after an RTO of at least 50 ms (RFC 8445 §14.3, RFC 8489 §6.2.1).
pub const DUPLICATE_WINDOW_NS: i128 = 1_000_000;

/// Where and when a message was seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Seen {
    /// Capture record number (1-based, as Wireshark counts).
    pub number: u64,
    /// Capture time, ns since the Unix epoch.
    pub time_ns: i128,
}

impl Seen {
    fn of(p: &Packet<'_>) -> Seen {
        Seen {
            number: p.number,
            time_ns: p.time_ns,
        }
    }
}

/// The result of checking one message-integrity or fingerprint attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// Computed and equal.
    Ok,
    /// Computed and different: wrong pwd, or the message was altered.
    Failed,
    /// The attribute is absent.
    Absent,
    /// Not checked: the pwd of the agent that must have signed is unknown (no SDP, or a ufrag
    /// the SDPs do not have, or long-term TURN credentials).
    Unknown,
}

impl Check {
    fn of(outcome: &Outcome) -> Check {
        match outcome {
            Outcome::Ok => Check::Ok,
            Outcome::Mismatch { .. } => Check::Failed,
            Outcome::Missing => Check::Absent,
            Outcome::NotChecked { .. } => Check::Unknown,
        }
    }
}

/// ICE role claimed by a check (RFC 8445 §7.1.3, §16.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RoleClaim {
    /// ICE-CONTROLLING (true) or ICE-CONTROLLED (false).
    pub controlling: bool,
    /// The tie-breaker (RFC 8445 §16.1).
    pub tie_breaker: u64,
}

/// The response that closed a transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Response {
    /// Where and when.
    pub seen: Seen,
    /// Success (`true`) or error response.
    pub success: bool,
    /// ERROR-CODE number and reason phrase of an error response (e.g. 487 Role Conflict).
    pub error: Option<(u16, String)>,
    /// XOR-MAPPED-ADDRESS of a success response: the requester's address as the responder saw
    /// it (a peer-reflexive or server-reflexive candidate, RFC 8445 §7.2.5.3.1).
    pub mapped: Option<SocketAddr>,
    /// XOR-RELAYED-ADDRESS of an Allocate success response (RFC 8656 §7.3).
    pub relayed: Option<SocketAddr>,
    /// LIFETIME in seconds of an Allocate or Refresh response (RFC 8656 §18.2).
    pub lifetime_s: Option<u32>,
    /// MESSAGE-INTEGRITY (or -SHA256) of the response, checked with the responder's pwd.
    pub integrity: Check,
    /// FINGERPRINT of the response.
    pub fingerprint: Check,
}

/// A STUN request and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Transaction {
    /// The 96-bit transaction ID as 24 hex digits.
    pub transaction_id: String,
    /// The method (`Binding`, `Allocate`, …; its IANA name in JSON).
    #[serde(serialize_with = "method_by_name")]
    pub method: Method,
    /// The request's 5-tuple (requester → responder).
    pub flow: Flow,
    /// The first copy of the request.
    pub request: Seen,
    /// Copies sent again with the same transaction ID (RFC 8489 §6.2.1).
    pub retransmissions: u32,
    /// Copies within [`DUPLICATE_WINDOW_NS`] of the previous one: the same packet captured
    /// twice (two interfaces merged, `-i any` plus a veth), not a retransmission.
    pub duplicates: u32,
    /// USERNAME: `receiver-ufrag:sender-ufrag` in ICE checks (RFC 8445 §7.2.2).
    pub username: Option<String>,
    /// Which agent sent it, when the SDPs tell (by the sender's ufrag in USERNAME).
    pub sender: Option<Side>,
    /// PRIORITY (RFC 8445 §7.1.1).
    pub priority: Option<u32>,
    /// USE-CANDIDATE (RFC 8445 §7.1.2): the controlling agent nominates the pair.
    pub use_candidate: bool,
    /// libwebrtc's NOMINATION value (renomination): the controlling agent's nomination
    /// counter, highest on the pair it chose last.
    pub nomination: Option<u32>,
    /// ICE-CONTROLLING / ICE-CONTROLLED.
    pub role: Option<RoleClaim>,
    /// LIFETIME requested (TURN Allocate/Refresh), seconds.
    pub lifetime_s: Option<u32>,
    /// MESSAGE-INTEGRITY (or -SHA256) of the request, checked with the receiver's pwd.
    pub integrity: Check,
    /// FINGERPRINT of the request.
    pub fingerprint: Check,
    /// The first response, if any.
    pub response: Option<Response>,
    /// Responses after the first (answers to retransmissions).
    pub extra_responses: u32,
    /// Legs the request was seen on (bit 0 direct, bit 1 through TURN) and the response.
    #[serde(skip)]
    legs: [u8; 2],
    /// Time of the last copy of the request.
    #[serde(skip)]
    last_copy_ns: i128,
}

impl Transaction {
    /// Round-trip time from the first request to the first response, in ms.
    pub fn rtt_ms(&self) -> Option<f64> {
        self.response
            .as_ref()
            .map(|r| (r.seen.time_ns - self.request.time_ns) as f64 / 1e6)
    }

    /// Whether this is an ICE connectivity check (a Binding request with USERNAME or PRIORITY,
    /// RFC 8445 §7.1), as opposed to a Binding to a STUN server.
    pub fn is_ice_check(&self) -> bool {
        self.method == Method::BINDING && (self.username.is_some() || self.priority.is_some())
    }

    /// Whether it got a success response.
    pub fn succeeded(&self) -> bool {
        self.response.as_ref().is_some_and(|r| r.success)
    }
}

/// A STUN indication (RFC 8489 §6.3): Binding indications are ICE keepalives (RFC 8445
/// §11); Send/Data carry data through a TURN server (RFC 8656 §11).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Indication {
    /// Where and when.
    pub seen: Seen,
    /// Its 5-tuple.
    pub flow: Flow,
    /// The method (its IANA name in JSON).
    #[serde(serialize_with = "method_by_name")]
    pub method: Method,
}

/// A response whose request is not in the capture.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrphanResponse {
    /// Where and when.
    pub seen: Seen,
    /// Its 5-tuple.
    pub flow: Flow,
    /// Transaction ID, 24 hex digits.
    pub transaction_id: String,
    /// Success or error.
    pub success: bool,
}

/// A STUN-classified packet that does not decode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Malformed {
    /// Where and when.
    pub seen: Seen,
    /// Its 5-tuple.
    pub flow: Flow,
    /// What was wrong, with the byte offset inside the STUN message.
    pub error: String,
}

/// Every STUN message of a capture, as transactions.
#[derive(Debug, Default)]
pub struct Transactions {
    index: HashMap<[u8; 12], usize>,
    /// Requests in order of first appearance.
    pub list: Vec<Transaction>,
    /// Indications.
    pub indications: Vec<Indication>,
    /// Responses without a request in the capture.
    pub orphans: Vec<OrphanResponse>,
    /// Packets that looked like STUN but did not decode.
    pub malformed: Vec<Malformed>,
    /// Transactions not kept because of [`MAX_TRANSACTIONS`].
    pub dropped: u64,
}

impl Transactions {
    /// Takes one STUN-classified packet; `peers` gives the pwds to verify with; `relayed`
    /// when it came through a TURN server (its flow is then the peers' relayed ↔ peer
    /// 5-tuple): a message seen on both legs of the relay counts once.
    pub fn push(&mut self, packet: &Packet<'_>, peers: &Peers, relayed: bool) {
        let leg = if relayed { 2 } else { 1 };
        let msg = match stun::decode_lax(packet.bytes) {
            Ok(m) => m,
            Err(e) => {
                if self.malformed.len() < MAX_TRANSACTIONS {
                    self.malformed.push(Malformed {
                        seen: Seen::of(packet),
                        flow: packet.flow,
                        error: e.to_string(),
                    });
                }
                return;
            }
        };
        match msg.class() {
            Class::Request => self.request(packet, &msg, peers, leg),
            Class::Indication => self.indications.push(Indication {
                seen: Seen::of(packet),
                flow: packet.flow,
                method: msg.method(),
            }),
            Class::SuccessResponse | Class::ErrorResponse => {
                self.response(packet, &msg, peers, leg)
            }
        }
    }

    fn request(&mut self, packet: &Packet<'_>, msg: &Message<'_>, peers: &Peers, leg: u8) {
        let tid = msg.transaction_id().0;
        // A request with the ID of an answered one starts a new transaction: some clients
        // (libjuice) retry an Allocate rejected with 401 under the same transaction ID.
        let answered = |i: usize| self.list[i].response.is_some();
        if let Some(&i) = self.index.get(&tid).filter(|&&i| !answered(i)) {
            let t = &mut self.list[i];
            // The same request on the other leg of a relay is the relay's copy; one within
            // 1 ms of the last is the same packet captured twice.
            if packet.time_ns - t.last_copy_ns < DUPLICATE_WINDOW_NS {
                t.duplicates += 1;
            } else if t.legs[0] & leg != 0 {
                t.retransmissions += 1;
            }
            t.legs[0] |= leg;
            t.last_copy_ns = packet.time_ns;
            return;
        }
        if self.list.len() >= MAX_TRANSACTIONS {
            self.dropped += 1;
            return;
        }
        let username = msg.username().map(str::to_owned);
        // USERNAME is "receiver:sender"; the receiver's pwd signs the request.
        let (receiver, sender) = match username.as_deref().and_then(|u| u.split_once(':')) {
            Some((r, s)) => (peers.by_ufrag(r), peers.by_ufrag(s)),
            None => (None, None),
        };
        let (integrity, fingerprint) = verify(msg, receiver.map(|c| c.pwd.as_str()));
        let mut role = None;
        let mut lifetime_s = None;
        for v in msg.values() {
            match v {
                AttributeValue::IceControlling(t) => {
                    role = Some(RoleClaim {
                        controlling: true,
                        tie_breaker: t,
                    })
                }
                AttributeValue::IceControlled(t) => {
                    role = Some(RoleClaim {
                        controlling: false,
                        tie_breaker: t,
                    })
                }
                AttributeValue::Lifetime(s) => lifetime_s = Some(s),
                _ => {}
            }
        }
        self.index.insert(tid, self.list.len());
        self.list.push(Transaction {
            transaction_id: msg.transaction_id().to_string(),
            method: msg.method(),
            flow: packet.flow,
            request: Seen::of(packet),
            retransmissions: 0,
            duplicates: 0,
            username,
            sender: sender.map(|c| c.side),
            priority: msg.priority(),
            use_candidate: msg.use_candidate(),
            nomination: msg.nomination(),
            role,
            lifetime_s,
            integrity,
            fingerprint,
            response: None,
            extra_responses: 0,
            legs: [leg, 0],
            last_copy_ns: packet.time_ns,
        });
    }

    fn response(&mut self, packet: &Packet<'_>, msg: &Message<'_>, peers: &Peers, leg: u8) {
        let tid = msg.transaction_id().0;
        let success = msg.class() == Class::SuccessResponse;
        let Some(&i) = self.index.get(&tid) else {
            if self.orphans.len() < MAX_TRANSACTIONS {
                self.orphans.push(OrphanResponse {
                    seen: Seen::of(packet),
                    flow: packet.flow,
                    transaction_id: msg.transaction_id().to_string(),
                    success,
                });
            }
            return;
        };
        let t = &mut self.list[i];
        if let Some(first) = &t.response {
            let copy = packet.time_ns - first.seen.time_ns < DUPLICATE_WINDOW_NS;
            if t.legs[1] & leg != 0 && !copy {
                t.extra_responses += 1;
            }
            t.legs[1] |= leg;
            return;
        }
        t.legs[1] |= leg;
        // The responder signs with its own pwd: the receiver of the request (RFC 8445 §7.3).
        let pwd = t
            .username
            .as_deref()
            .and_then(|u| u.split_once(':'))
            .and_then(|(receiver, _)| peers.by_ufrag(receiver))
            .map(|c| c.pwd.as_str());
        let (integrity, fingerprint) = verify(msg, pwd);
        let mut r = Response {
            seen: Seen::of(packet),
            success,
            error: msg.error_code().map(|e| (e.code.0, e.reason.to_owned())),
            mapped: msg.xor_mapped_address().map(|a| a.socket_addr()),
            relayed: None,
            lifetime_s: None,
            integrity,
            fingerprint,
        };
        for v in msg.values() {
            match v {
                AttributeValue::XorRelayedAddress(a) => r.relayed = Some(a.socket_addr()),
                AttributeValue::Lifetime(s) => r.lifetime_s = Some(s),
                _ => {}
            }
        }
        t.response = Some(r);
    }
}

/// MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT of `msg`, with `pwd` when known.
fn verify(msg: &Message<'_>, pwd: Option<&str>) -> (Check, Check) {
    let has_mi = msg.get(AttributeType::MESSAGE_INTEGRITY).is_some()
        || msg.get(AttributeType::MESSAGE_INTEGRITY_SHA256).is_some();
    let report = match pwd {
        Some(password) => msg.verify(&Credentials::ShortTerm { password }),
        None => msg.verify(&Credentials::None),
    };
    let fingerprint = Check::of(&report.fingerprint.outcome);
    let integrity = if !has_mi {
        Check::Absent
    } else if pwd.is_none() {
        Check::Unknown
    } else {
        // SHA-256 when present (RFC 8489 §14.6), else SHA-1.
        match Check::of(&report.message_integrity_sha256.outcome) {
            Check::Absent | Check::Unknown => Check::of(&report.message_integrity.outcome),
            sha256 => sha256,
        }
    };
    (integrity, fingerprint)
}

/// Methods appear in JSON by name (`Binding`), as Wireshark and the RFCs write them.
fn method_by_name<S: serde::Serializer>(m: &Method, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(m)
}
