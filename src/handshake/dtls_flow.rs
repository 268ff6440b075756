//! DTLS associations as a capture shows them: the records and handshake messages of both
//! directions in order, who is client and server against `a=setup` (RFC 8842 §5), the version,
//! cipher suite and SRTP profile negotiated (RFC 6347, RFC 9147, RFC 5764 §4.1.1),
//! HelloVerifyRequest, retransmitted flights (RFC 6347 §4.2.4), the certificates (DTLS 1.2:
//! in the clear) hashed and compared with the sender's `a=fingerprint` (RFC 8122 §5), alerts,
//! and where the handshake stopped.
//!
//! [`DtlsFlows`] takes the DTLS packets one by one, one state per 5-tuple direction (a
//! [`Reassembler`] each). [`DtlsFlows::finish`] joins the directions into [`Association`]s:
//! both directions of a 5-tuple, and every 5-tuple between the offerer and the answerer when
//! the ICE checks or the SDP candidates tell whose addresses they are ([`Sides`]) — the two
//! agents may have selected different candidate pairs, and then one handshake spans two
//! 5-tuples (fixtures/real/pcap/aiortc-fail-fp-mismatch).
//!
//! Memory is bounded: at most [`MAX_DIRECTIONS`] 5-tuple directions (DTLS on more is counted
//! in [`DtlsFlows::dropped_packets`]), [`MAX_EVENTS`] events and [`MAX_CERTIFICATES`]
//! certificates (digests only) per direction; reassembly by [`MAX_REASSEMBLY_BYTES`] in all.
//! Application data is counted, never stored.

use super::dtls::{
    self, Alert, AlertLevel, CipherSuite, ContentType, FingerprintCheck, HandshakeMessage,
    HandshakeType, HashFunction, ProtocolVersion, Reassembled, Reassembler, RecordHeader,
    SrtpProtectionProfile,
};
use super::peers::{Peers, Side};
use super::sides::Sides;
use crate::capture::{Flow, Packet};
use crate::sdp::attributes::Setup;
use crate::stun::PacketKind;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;

/// 5-tuple directions tracked (each DTLS association uses two, or four across two 5-tuples).
pub const MAX_DIRECTIONS: usize = 64;
/// Events kept per direction (records past it are counted in [`Association::events_dropped`]).
pub const MAX_EVENTS: usize = 256;
/// Certificate messages kept per direction (digests of the end-entity certificate).
pub const MAX_CERTIFICATES: usize = 4;
/// Bytes of handshake messages in reassembly at once, all directions together (a WebRTC
/// certificate flight is a few KiB; [`Reassembler`] alone would allow
/// [`dtls::MAX_PENDING`] × [`dtls::MAX_MESSAGE_LEN`] per direction).
pub const MAX_REASSEMBLY_BYTES: usize = 4 * 1024 * 1024;

/// The DTLS client or server (re-exported from the parsers).
pub type Role = dtls::Side;

/// Records and bytes (record headers included).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Volume {
    /// Records.
    pub records: u64,
    /// Bytes, record headers included.
    pub bytes: u64,
}

impl Volume {
    fn add(&mut self, bytes: usize) {
        self.records += 1;
        self.bytes += bytes as u64;
    }
}

/// What one record (or reassembled message) was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum EventKind {
    /// A handshake message in the clear, whole (after reassembly).
    Handshake {
        /// The message type.
        msg_type: HandshakeType,
        /// Its message_seq (RFC 6347 §4.2.2).
        message_seq: u16,
        /// Fragments it took (0 for a retransmission: counted once, at its first fragment).
        fragments: usize,
        /// Whether the same message (sender, type, message_seq) was seen before: a
        /// retransmitted flight (RFC 6347 §4.2.4).
        retransmission: bool,
    },
    /// ChangeCipherSpec (DTLS 1.2: the sender's next records are encrypted).
    ChangeCipherSpec,
    /// A handshake record under an epoch > 0: in DTLS 1.2, the sender's Finished.
    EncryptedHandshake,
    /// The first DTLS 1.3 unified-header record of an epoch in this direction (RFC 9147 §4;
    /// the content type is encrypted): epoch 2 = handshake keys (EncryptedExtensions,
    /// Certificate, CertificateVerify, Finished), 3 = application keys.
    Encrypted {
        /// The two low epoch bits.
        epoch: u8,
    },
    /// An alert; `alert` is `None` when it is encrypted (epoch > 0).
    Alert {
        /// Level and description when in the clear.
        alert: Option<Alert>,
    },
    /// The first application_data record in this direction (DTLS 1.2; SCTP inside).
    ApplicationData,
    /// A record or message that does not parse.
    Malformed {
        /// What and where (byte offset in the datagram or message body).
        error: String,
    },
}

/// One event of an association, in capture order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Capture record number.
    pub number: u64,
    /// Capture time, ns since the epoch.
    pub time_ns: i128,
    /// Sender.
    pub from: SocketAddr,
    /// Receiver.
    pub to: SocketAddr,
    /// The sender's DTLS role, when known.
    pub role: Option<Role>,
    /// What it was.
    pub kind: EventKind,
    #[serde(skip)]
    order: u64,
}

/// A certificate seen in the clear (DTLS 1.2 Certificate message, RFC 5246 §7.4.2), its
/// end-entity certificate checked against every `a=fingerprint` of the sender's SDP.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertificateSeen {
    /// Capture record where the message completed.
    pub number: u64,
    /// Sender.
    pub from: SocketAddr,
    /// Sender's agent, when known.
    pub side: Option<Side>,
    /// Sender's DTLS role.
    pub role: Option<Role>,
    /// Certificates in the chain (WebRTC stacks send one, self-signed).
    pub chain: usize,
    /// Length of the end-entity certificate, bytes (DER).
    pub der_len: usize,
    /// Its SHA-256, as `a=fingerprint` writes it.
    pub sha256: String,
    /// One outcome per `a=fingerprint` line of the sender's SDP(s).
    pub checks: Vec<LineCheck>,
    #[serde(skip)]
    digests: Vec<(HashFunction, Vec<u8>)>,
}

/// One `a=fingerprint` line compared with a certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineCheck {
    /// The hash function as written (`sha-256`).
    pub hash_function: String,
    /// The fingerprint as in the SDP.
    pub expected: String,
    /// The outcome.
    pub outcome: FingerprintCheck,
}

/// An alert (RFC 5246 §7.2, RFC 8446 §6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AlertSeen {
    /// Capture record.
    pub number: u64,
    /// Sender.
    pub from: SocketAddr,
    /// Sender's agent.
    pub side: Option<Side>,
    /// Sender's DTLS role.
    pub role: Option<Role>,
    /// Level and description; `None` when encrypted.
    pub alert: Option<Alert>,
    /// What the peer sent last before it (its last flight), e.g. `the client's Certificate,
    /// ClientKeyExchange, CertificateVerify, ChangeCipherSpec, Finished (encrypted)`.
    pub after: Option<String>,
}

impl AlertSeen {
    /// Whether it ends the association: a fatal alert, or an encrypted one (level unknown).
    pub fn is_fatal(&self) -> bool {
        self.alert.is_none_or(|a| a.level == AlertLevel::FATAL)
    }

    /// `fatal alert unknown_ca from the server (offerer) after …`.
    pub fn describe(&self) -> String {
        let what = match self.alert {
            Some(a) => format!("{} alert {}", a.level, a.description),
            None => "encrypted alert".to_owned(),
        };
        let mut s = format!("{what} from {}", who(self.role, self.side, self.from));
        if let Some(after) = &self.after {
            s.push_str(" after ");
            s.push_str(after);
        }
        s
    }
}

/// The SRTP protection profile of DTLS-SRTP (RFC 5764 §4.1.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum SrtpChoice {
    /// No ClientHello seen, or it offered no use_srtp.
    NotOffered,
    /// Offered; no ServerHello seen.
    Offered,
    /// The ServerHello chose this profile.
    Chosen {
        /// The profile.
        profile: SrtpProtectionProfile,
    },
    /// DTLS 1.2 ServerHello without use_srtp: no SRTP keys (data channel only).
    Declined,
    /// DTLS 1.3: the choice is in EncryptedExtensions (RFC 9147 §5), not visible.
    Encrypted,
}

/// How far the handshake got (RFC 6347 §4.2.4 flights; RFC 9147 §5 for DTLS 1.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Records, but no handshake message, ChangeCipherSpec or encrypted record.
    Nothing,
    /// ClientHello only.
    ClientHello,
    /// HelloVerifyRequest answered; no ServerHello.
    HelloVerifyRequest,
    /// The server's flight (ServerHello …); no reply from the client.
    ServerFlight,
    /// The client's second flight (Certificate, ClientKeyExchange, Finished); the server did
    /// not finish.
    ClientFlight,
    /// Both Finished sent (encrypted): DTLS 1.2 ChangeCipherSpec + encrypted Finished both
    /// ways; DTLS 1.3 the client's encrypted flight and records under the application keys.
    Complete,
    /// Only encrypted records and application data: the handshake happened before the
    /// capture started.
    Established,
}

/// What the capture says about the certificates versus `a=fingerprint` (RFC 8122 §5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Fingerprints {
    /// Every certificate seen matches every `a=fingerprint` of its sender.
    Match {
        /// Whose certificates were checked.
        sides: Vec<Side>,
    },
    /// A certificate does not match its sender's `a=fingerprint`.
    Mismatch {
        /// Whose certificate.
        side: Side,
        /// Capture record of the Certificate.
        number: u64,
        /// The hash function of the line that does not match.
        hash_function: String,
        /// The SDP's fingerprint.
        expected: String,
        /// The certificate's digest with that hash function.
        computed: String,
        /// Other lines of the same SDP that do match (RFC 8122 §5 lets a receiver use any
        /// one; aiortc checks all of them).
        matching: Vec<String>,
    },
    /// The capture alone cannot tell.
    NotCheckable {
        /// Why.
        reason: NotCheckable,
    },
}

/// Why the fingerprints cannot be checked from the capture.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum NotCheckable {
    /// DTLS 1.3 (RFC 9147 §5): the Certificate travels encrypted under the handshake keys,
    /// which only the endpoints (or a key log) have.
    EncryptedCertificates {
        /// Encrypted records seen (both ways).
        encrypted_records: u64,
    },
    /// No Certificate message in the capture.
    NoCertificate,
    /// The SDPs give no `a=fingerprint` for the sender (or no SDP was given).
    NoFingerprint,
    /// The sender's address is not known to be the offerer's or the answerer's.
    SenderUnknown,
    /// The only `a=fingerprint` lines use a hash function this tool does not compute.
    UnsupportedHashFunction {
        /// The name as written.
        name: String,
    },
}

/// One end of an association.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct End {
    /// Its addresses (several when the association spans several 5-tuples).
    pub addresses: Vec<SocketAddr>,
    /// Its agent, when known.
    pub side: Option<Side>,
    /// Its DTLS role, when known.
    pub role: Option<Role>,
    /// Every record it sent.
    pub records: Volume,
    /// application_data records (DTLS 1.2) or records under the application keys (DTLS 1.3,
    /// epoch 3): the data channel's SCTP.
    pub application_data: Volume,
    /// Encrypted records (epoch > 0, or DTLS 1.3 unified headers).
    pub encrypted_records: u64,
    /// ClientHello messages sent, retransmissions included.
    pub client_hellos: u32,
    /// Handshake messages sent again (retransmitted flights).
    pub retransmissions: u32,
}

/// One DTLS association (RFC 6347), both directions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Association {
    /// The 5-tuples it used, in order of first record, as first seen.
    pub flows: Vec<Flow>,
    /// The TURN channel, when it ran inside ChannelData.
    pub channel: Option<u16>,
    /// The two ends; the one that sent the first record first.
    pub ends: Vec<End>,
    /// The agent `a=setup` makes the client (RFC 8842 §5.2; offer `actpass` + answer
    /// `active`: the answerer).
    pub expected_client: Option<Side>,
    /// Versions the ClientHello offered (supported_versions, else client_version).
    pub versions_offered: Vec<ProtocolVersion>,
    /// The version the ServerHello chose.
    pub version: Option<ProtocolVersion>,
    /// Cipher suites offered (GREASE values left out).
    pub cipher_suites_offered: usize,
    /// The cipher suite chosen.
    pub cipher_suite: Option<CipherSuite>,
    /// use_srtp profiles offered.
    pub srtp_offered: Vec<SrtpProtectionProfile>,
    /// The profile chosen.
    pub srtp: SrtpChoice,
    /// HelloVerifyRequests seen (RFC 6347 §4.2.1 cookie exchange).
    pub hello_verify_requests: u32,
    /// Whether a DTLS 1.3 HelloRetryRequest was seen (RFC 8446 §4.1.4).
    pub hello_retry_request: bool,
    /// Certificates seen in the clear.
    pub certificates: Vec<CertificateSeen>,
    /// The fingerprint verdict.
    pub fingerprints: Fingerprints,
    /// Alerts, in order.
    pub alerts: Vec<AlertSeen>,
    /// How far the handshake got.
    pub stage: Stage,
    /// Where it stopped, in words (`ClientHello sent 5 times, no ServerHello`).
    pub stopped: String,
    /// Events in capture order (at most [`MAX_EVENTS`] per direction).
    pub events: Vec<Event>,
    /// Events left out past the bound.
    pub events_dropped: u64,
}

impl Association {
    /// The end playing `role`.
    pub fn end(&self, role: Role) -> Option<&End> {
        self.ends.iter().find(|e| e.role == Some(role))
    }

    /// The end of agent `side`.
    pub fn end_of(&self, side: Side) -> Option<&End> {
        self.ends.iter().find(|e| e.side == Some(side))
    }

    /// The first fatal (or encrypted, before completion) alert: the one that ended it.
    pub fn failure(&self) -> Option<&AlertSeen> {
        self.alerts.iter().find(|a| match a.alert {
            Some(a) => a.level == AlertLevel::FATAL,
            None => self.stage < Stage::Complete,
        })
    }

    /// Whether it runs between the offerer and the answerer.
    pub fn between_peers(&self) -> bool {
        self.ends.len() == 2 && self.ends.iter().all(|e| e.side.is_some())
    }

    /// Whether DTLS 1.3 was negotiated (or unified-header records seen).
    pub fn is_dtls13(&self) -> bool {
        self.version == Some(ProtocolVersion::DTLS_1_3)
            || (self.version.is_none()
                && self
                    .events
                    .iter()
                    .any(|e| matches!(e.kind, EventKind::Encrypted { .. })))
    }
}

/// The DTLS verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum DtlsOutcome {
    /// No DTLS record in the capture.
    NoDtls,
    /// The handshake started and stopped without an alert.
    Incomplete {
        /// Index in [`super::Report::associations`].
        association: usize,
        /// How far it got.
        stage: Stage,
        /// Where it stopped, in words.
        stopped: String,
        /// The certificates seen so far.
        fingerprints: Fingerprints,
    },
    /// An alert ended it.
    Failed {
        /// Index in [`super::Report::associations`].
        association: usize,
        /// The alert.
        alert: AlertSeen,
        /// The certificates seen.
        fingerprints: Fingerprints,
    },
    /// The handshake completed (or had before the capture).
    Complete {
        /// Index in [`super::Report::associations`].
        association: usize,
        /// The version negotiated.
        version: Option<ProtocolVersion>,
        /// The certificates versus `a=fingerprint`.
        fingerprints: Fingerprints,
    },
}

impl DtlsOutcome {
    /// The verdict of the association that got furthest (between the two agents first).
    pub fn of(associations: &[Association]) -> DtlsOutcome {
        let Some((i, a)) = associations
            .iter()
            .enumerate()
            .max_by_key(|(i, a)| (a.between_peers(), a.stage, std::cmp::Reverse(*i)))
        else {
            return DtlsOutcome::NoDtls;
        };
        let fingerprints = a.fingerprints.clone();
        if let Some(alert) = a.failure() {
            return DtlsOutcome::Failed {
                association: i,
                alert: alert.clone(),
                fingerprints,
            };
        }
        if a.stage >= Stage::Complete {
            DtlsOutcome::Complete {
                association: i,
                version: a.version,
                fingerprints,
            }
        } else {
            DtlsOutcome::Incomplete {
                association: i,
                stage: a.stage,
                stopped: a.stopped.clone(),
                fingerprints,
            }
        }
    }

    /// The association the verdict is about.
    pub fn association(&self) -> Option<usize> {
        match self {
            DtlsOutcome::NoDtls => None,
            DtlsOutcome::Incomplete { association, .. }
            | DtlsOutcome::Failed { association, .. }
            | DtlsOutcome::Complete { association, .. } => Some(*association),
        }
    }
}

/// The client of `a=setup` (RFC 8842 §5.2, RFC 4145 §4): an `active` offerer is the client; a
/// `passive` one the server; with `actpass` the answer decides.
pub fn expected_client(setup: [Option<Setup>; 2]) -> Option<Side> {
    match setup {
        [Some(Setup::Active), _] => Some(Side::Offerer),
        [Some(Setup::Passive), _] => Some(Side::Answerer),
        [_, Some(Setup::Active)] => Some(Side::Answerer),
        [_, Some(Setup::Passive)] => Some(Side::Offerer),
        _ => None,
    }
}

#[derive(Clone, Debug, Default)]
struct HelloFacts {
    versions: Vec<ProtocolVersion>,
    suites: usize,
    srtp: Option<Vec<SrtpProtectionProfile>>,
}

#[derive(Clone, Debug)]
struct ServerFacts {
    version: Option<ProtocolVersion>,
    suite: CipherSuite,
    srtp: Option<SrtpProtectionProfile>,
    order: u64,
}

/// One 5-tuple direction while packets come in.
#[derive(Debug)]
struct Direction {
    flow: Flow,
    channel: Option<u16>,
    first_order: u64,
    reassembler: Reassembler,
    events: Vec<Event>,
    events_dropped: u64,
    records: Volume,
    application_data: Volume,
    encrypted_records: u64,
    epochs_seen: [bool; 4],
    client_hello: Option<HelloFacts>,
    server_hello: Option<ServerFacts>,
    hello_retry_request: bool,
    certificates: Vec<CertificateSeen>,
}

/// DTLS state of a capture, packet by packet.
#[derive(Debug, Default)]
pub struct DtlsFlows {
    directions: Vec<Direction>,
    index: HashMap<(Flow, Option<u16>), usize>,
    order: u64,
    hashes: Option<Vec<HashFunction>>,
    /// Reassembly bytes still available (starts at [`MAX_REASSEMBLY_BYTES`]).
    budget: Option<usize>,
    /// DTLS packets on 5-tuple directions past [`MAX_DIRECTIONS`], not analysed.
    pub dropped_packets: u64,
}

impl DtlsFlows {
    /// Takes a packet; anything but DTLS (RFC 7983 first byte 20–63) is ignored.
    pub fn push(&mut self, packet: &Packet<'_>, peers: &Peers) {
        if packet.kind != PacketKind::Dtls {
            return;
        }
        let hashes = self.hashes.get_or_insert_with(|| {
            let mut h: Vec<HashFunction> = vec![HashFunction::Sha256];
            for f in &peers.fingerprints {
                if let Some(x) = HashFunction::from_sdp_name(&f.hash_function) {
                    if !h.contains(&x) {
                        h.push(x);
                    }
                }
            }
            h
        });
        let key = (packet.flow, packet.channel);
        let i = match self.index.get(&key) {
            Some(&i) => i,
            None if self.directions.len() >= MAX_DIRECTIONS => {
                self.dropped_packets += 1;
                return;
            }
            None => {
                self.directions.push(Direction::new(packet, self.order));
                self.index.insert(key, self.directions.len() - 1);
                self.directions.len() - 1
            }
        };
        let budget = self.budget.get_or_insert(MAX_REASSEMBLY_BYTES);
        self.directions[i].push(packet, hashes, &mut self.order, budget);
    }

    /// Joins the directions into associations, in order of their first record.
    pub fn finish(self, sides: &Sides, peers: &Peers) -> Vec<Association> {
        // An end is its agent when known, else its address.
        let end_key = |a: SocketAddr| match sides.of(a) {
            Some(s) => EndKey::Side(s),
            None => EndKey::Address(a),
        };
        let mut groups: Vec<((EndKey, EndKey), Vec<Direction>)> = Vec::new();
        let mut directions = self.directions;
        directions.sort_by_key(|d| d.first_order);
        for d in directions {
            let (a, b) = (end_key(d.flow.src), end_key(d.flow.dst));
            let key = if a <= b { (a, b) } else { (b, a) };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(d),
                None => groups.push((key, vec![d])),
            }
        }
        groups
            .into_iter()
            .map(|(_, dirs)| associate(dirs, &end_key, sides, peers))
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum EndKey {
    Side(Side),
    Address(SocketAddr),
}

impl Direction {
    fn new(packet: &Packet<'_>, order: u64) -> Direction {
        Direction {
            flow: packet.flow,
            channel: packet.channel,
            first_order: order,
            reassembler: Reassembler::new(),
            events: Vec::new(),
            events_dropped: 0,
            records: Volume::default(),
            application_data: Volume::default(),
            encrypted_records: 0,
            epochs_seen: [false; 4],
            client_hello: None,
            server_hello: None,
            hello_retry_request: false,
            certificates: Vec::new(),
        }
    }

    fn event(&mut self, packet: &Packet<'_>, order: &mut u64, kind: EventKind) {
        *order += 1;
        if self.events.len() >= MAX_EVENTS {
            self.events_dropped += 1;
            return;
        }
        self.events.push(Event {
            number: packet.number,
            time_ns: packet.time_ns,
            from: packet.flow.src,
            to: packet.flow.dst,
            role: None,
            kind,
            order: *order,
        });
    }

    fn push(
        &mut self,
        packet: &Packet<'_>,
        hashes: &[HashFunction],
        order: &mut u64,
        budget: &mut usize,
    ) {
        for record in dtls::records(packet.bytes) {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let error = e.to_string();
                    self.event(packet, order, EventKind::Malformed { error });
                    break;
                }
            };
            self.records.add(record.len());
            if record.is_encrypted() {
                self.encrypted_records += 1;
            }
            let h = match record.header {
                RecordHeader::Unified(h) => {
                    let epoch = h.epoch_bits;
                    if epoch == 3 {
                        self.application_data.add(record.len());
                    }
                    if !std::mem::replace(&mut self.epochs_seen[usize::from(epoch)], true) {
                        self.event(packet, order, EventKind::Encrypted { epoch });
                    }
                    continue;
                }
                RecordHeader::Plaintext(h) => h,
            };
            match h.content_type {
                ContentType::CHANGE_CIPHER_SPEC => {
                    self.event(packet, order, EventKind::ChangeCipherSpec)
                }
                ContentType::ALERT if record.is_encrypted() => {
                    self.event(packet, order, EventKind::Alert { alert: None })
                }
                ContentType::ALERT => {
                    let kind = match dtls::parse_alert(record.fragment) {
                        Ok(a) => EventKind::Alert { alert: Some(a) },
                        Err(e) => EventKind::Malformed {
                            error: format!("alert: {e}"),
                        },
                    };
                    self.event(packet, order, kind);
                }
                ContentType::HANDSHAKE if record.is_encrypted() => {
                    self.event(packet, order, EventKind::EncryptedHandshake)
                }
                ContentType::HANDSHAKE => {
                    let base = record.offset + record.header_len;
                    self.handshake(packet, record.fragment, base, hashes, order, budget);
                }
                ContentType::APPLICATION_DATA => {
                    if self.application_data.records == 0 {
                        self.event(packet, order, EventKind::ApplicationData);
                    }
                    self.application_data.add(record.len());
                }
                _ => {}
            }
        }
    }

    fn handshake(
        &mut self,
        packet: &Packet<'_>,
        content: &[u8],
        base: usize,
        hashes: &[HashFunction],
        order: &mut u64,
        budget: &mut usize,
    ) {
        let pending = |r: &Reassembler| r.incomplete().map(|p| p.3).sum::<usize>();
        for fragment in dtls::fragments(content, base) {
            let f = match fragment {
                Ok(f) => f,
                Err(e) => {
                    let error = e.to_string();
                    self.event(packet, order, EventKind::Malformed { error });
                    return;
                }
            };
            let before = pending(&self.reassembler);
            let new = !self.reassembler.incomplete().any(|p| p.1 == f.message_seq);
            if new && !f.is_whole() && f.length as usize > *budget {
                let error = format!(
                    "{} fragment not reassembled: {MAX_REASSEMBLY_BYTES} bytes already in reassembly",
                    f.msg_type
                );
                self.event(packet, order, EventKind::Malformed { error });
                continue;
            }
            let result = self.reassembler.push(&f);
            *budget = (*budget + before).saturating_sub(pending(&self.reassembler));
            let m = match result {
                Reassembled::Complete(m) => m,
                Reassembled::Incomplete => continue,
                Reassembled::Retransmission {
                    msg_type,
                    message_seq,
                } => {
                    if f.fragment_offset == 0 {
                        let kind = EventKind::Handshake {
                            msg_type,
                            message_seq,
                            fragments: 0,
                            retransmission: true,
                        };
                        self.event(packet, order, kind);
                    }
                    continue;
                }
                Reassembled::Dropped(why) => {
                    let error = format!("{} fragment not reassembled: {why:?}", f.msg_type);
                    self.event(packet, order, EventKind::Malformed { error });
                    continue;
                }
            };
            match dtls::parse_message(m.msg_type, &m.body) {
                Ok(parsed) => self.message(packet, parsed, hashes, *order + 1),
                Err(e) => {
                    let error = format!("{}: {e}", m.msg_type);
                    self.event(packet, order, EventKind::Malformed { error });
                    continue;
                }
            }
            let kind = EventKind::Handshake {
                msg_type: m.msg_type,
                message_seq: m.message_seq,
                fragments: m.fragments,
                retransmission: false,
            };
            self.event(packet, order, kind);
        }
    }

    fn message(
        &mut self,
        packet: &Packet<'_>,
        m: HandshakeMessage<'_>,
        hashes: &[HashFunction],
        order: u64,
    ) {
        match m {
            HandshakeMessage::ClientHello(ch) if self.client_hello.is_none() => {
                self.client_hello = Some(HelloFacts {
                    versions: ch.versions().unwrap_or_default(),
                    suites: ch.cipher_suites.iter().filter(|s| !s.is_grease()).count(),
                    srtp: ch
                        .use_srtp()
                        .ok()
                        .flatten()
                        .map(|u| u.profiles.iter().collect()),
                });
            }
            HandshakeMessage::ServerHello(sh) if sh.is_hello_retry_request() => {
                self.hello_retry_request = true;
            }
            HandshakeMessage::ServerHello(sh) if self.server_hello.is_none() => {
                self.server_hello = Some(ServerFacts {
                    version: sh.version().ok(),
                    suite: sh.cipher_suite,
                    srtp: sh
                        .use_srtp()
                        .ok()
                        .flatten()
                        .and_then(|u| u.profiles.iter().next()),
                    order,
                });
            }
            HandshakeMessage::Certificate(c) if self.certificates.len() < MAX_CERTIFICATES => {
                let Some(der) = c.end_entity() else { return };
                self.certificates.push(CertificateSeen {
                    number: packet.number,
                    from: packet.flow.src,
                    side: None,
                    role: None,
                    chain: c.certificates().count(),
                    der_len: der.len(),
                    sha256: dtls::format_fingerprint(&HashFunction::Sha256.digest(der)),
                    checks: Vec::new(),
                    digests: hashes.iter().map(|h| (*h, h.digest(der))).collect(),
                });
            }
            _ => {}
        }
    }
}

/// Builds one association from its directions.
fn associate(
    dirs: Vec<Direction>,
    end_key: &dyn Fn(SocketAddr) -> EndKey,
    sides: &Sides,
    peers: &Peers,
) -> Association {
    let mut events: Vec<Event> = dirs.iter().flat_map(|d| d.events.clone()).collect();
    events.sort_by_key(|e| e.order);
    // The client sends ClientHello; failing that, the server is who sends a server message.
    let mut client: Option<EndKey> = None;
    let mut server: Option<EndKey> = None;
    for e in &events {
        if let EventKind::Handshake { msg_type, .. } = e.kind {
            match msg_type.sender() {
                Some(Role::Client) if client.is_none() => client = Some(end_key(e.from)),
                Some(Role::Server) if server.is_none() => server = Some(end_key(e.from)),
                _ => {}
            }
        }
    }
    let mut keys: Vec<EndKey> = Vec::new();
    for d in &dirs {
        for k in [end_key(d.flow.src), end_key(d.flow.dst)] {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    let role_of = |k: EndKey| -> Option<Role> {
        if client == Some(k) {
            Some(Role::Client)
        } else if server == Some(k) {
            Some(Role::Server)
        } else if keys.len() == 2 && (client.is_some() || server.is_some()) {
            // The other end of a two-ended association.
            Some(if client.is_some() {
                Role::Server
            } else {
                Role::Client
            })
        } else {
            None
        }
    };
    // Roles, and retransmissions across 5-tuples.
    let mut seen: BTreeSet<(EndKey, u8, u16)> = BTreeSet::new();
    for e in &mut events {
        let k = end_key(e.from);
        e.role = role_of(k);
        if let EventKind::Handshake {
            msg_type,
            message_seq,
            retransmission,
            ..
        } = &mut e.kind
        {
            if !seen.insert((k, msg_type.0, *message_seq)) {
                *retransmission = true;
            }
        }
    }
    let mut ends: Vec<End> = keys
        .iter()
        .map(|&k| End {
            addresses: Vec::new(),
            side: match k {
                EndKey::Side(s) => Some(s),
                EndKey::Address(_) => None,
            },
            role: role_of(k),
            records: Volume::default(),
            application_data: Volume::default(),
            encrypted_records: 0,
            client_hellos: 0,
            retransmissions: 0,
        })
        .collect();
    for d in &dirs {
        let k = end_key(d.flow.src);
        let Some(i) = keys.iter().position(|x| *x == k) else {
            continue;
        };
        let end = &mut ends[i];
        if !end.addresses.contains(&d.flow.src) {
            end.addresses.push(d.flow.src);
        }
        end.records.records += d.records.records;
        end.records.bytes += d.records.bytes;
        end.application_data.records += d.application_data.records;
        end.application_data.bytes += d.application_data.bytes;
        end.encrypted_records += d.encrypted_records;
    }
    for e in &events {
        if let EventKind::Handshake {
            msg_type,
            retransmission,
            ..
        } = e.kind
        {
            if let Some(end) = keys
                .iter()
                .position(|x| *x == end_key(e.from))
                .map(|i| &mut ends[i])
            {
                end.retransmissions += u32::from(retransmission);
                end.client_hellos += u32::from(msg_type == HandshakeType::CLIENT_HELLO);
            }
        }
    }
    let mut flows: Vec<Flow> = Vec::new();
    for d in &dirs {
        if !flows.contains(&d.flow) && !flows.contains(&d.flow.reversed()) {
            flows.push(d.flow);
        }
    }
    let client_hello = dirs.iter().find_map(|d| d.client_hello.clone());
    let server_hello = dirs
        .iter()
        .filter_map(|d| d.server_hello.clone())
        .min_by_key(|s| s.order);
    let version = server_hello.as_ref().and_then(|s| s.version);
    let dtls13 = version == Some(ProtocolVersion::DTLS_1_3);
    let srtp_offered = client_hello
        .as_ref()
        .and_then(|c| c.srtp.clone())
        .unwrap_or_default();
    let srtp = match (&server_hello, srtp_offered.is_empty()) {
        (_, true) => SrtpChoice::NotOffered,
        (None, false) => SrtpChoice::Offered,
        (Some(_), false) if dtls13 => SrtpChoice::Encrypted,
        (Some(s), false) => match s.srtp {
            Some(profile) => SrtpChoice::Chosen { profile },
            None => SrtpChoice::Declined,
        },
    };
    let mut certificates: Vec<CertificateSeen> = dirs
        .iter()
        .flat_map(|d| d.certificates.iter().cloned())
        .collect();
    certificates.sort_by_key(|c| c.number);
    for c in &mut certificates {
        c.side = sides.of(c.from);
        c.role = role_of(end_key(c.from));
        c.checks = check_lines(c, peers);
    }
    let mut alerts = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if let EventKind::Alert { alert } = e.kind {
            alerts.push(AlertSeen {
                number: e.number,
                from: e.from,
                side: sides.of(e.from),
                role: e.role,
                alert,
                after: last_flight(&events[..i], end_key(e.from), end_key),
            });
        }
    }
    let mut association = Association {
        flows,
        channel: dirs.first().and_then(|d| d.channel),
        ends,
        expected_client: expected_client(peers.setup),
        versions_offered: client_hello
            .as_ref()
            .map(|c| c.versions.clone())
            .unwrap_or_default(),
        version,
        cipher_suites_offered: client_hello.as_ref().map_or(0, |c| c.suites),
        cipher_suite: server_hello.as_ref().map(|s| s.suite),
        srtp_offered,
        srtp,
        hello_verify_requests: events
            .iter()
            .filter(|e| {
                matches!(e.kind, EventKind::Handshake { msg_type, .. }
                    if msg_type == HandshakeType::HELLO_VERIFY_REQUEST)
            })
            .count() as u32,
        hello_retry_request: dirs.iter().any(|d| d.hello_retry_request),
        certificates,
        fingerprints: Fingerprints::NotCheckable {
            reason: NotCheckable::NoCertificate,
        },
        alerts,
        stage: Stage::Nothing,
        stopped: String::new(),
        events_dropped: dirs.iter().map(|d| d.events_dropped).sum(),
        events,
    };
    association.stage = stage(&association);
    association.stopped = stopped(&association);
    association.fingerprints = fingerprints(&association);
    association
}

/// Compares a certificate with every `a=fingerprint` of its sender.
fn check_lines(c: &CertificateSeen, peers: &Peers) -> Vec<LineCheck> {
    let Some(side) = c.side else {
        return Vec::new();
    };
    peers
        .fingerprints
        .iter()
        .filter(|f| f.side == side)
        .map(|f| {
            let expected = dtls::format_fingerprint(&f.digest);
            let outcome = match HashFunction::from_sdp_name(&f.hash_function) {
                None => FingerprintCheck::UnsupportedHashFunction {
                    name: f.hash_function.clone(),
                },
                Some(h) if f.digest.len() != h.len() => FingerprintCheck::WrongLength {
                    hash_function: h,
                    found: f.digest.len(),
                },
                Some(h) => match c.digests.iter().find(|(x, _)| *x == h) {
                    Some((_, d)) if *d == f.digest => FingerprintCheck::Match { hash_function: h },
                    Some((_, d)) => FingerprintCheck::Mismatch {
                        hash_function: h,
                        computed: dtls::format_fingerprint(d),
                    },
                    None => FingerprintCheck::UnsupportedHashFunction {
                        name: f.hash_function.clone(),
                    },
                },
            };
            LineCheck {
                hash_function: f.hash_function.clone(),
                expected,
                outcome,
            }
        })
        .collect()
}

fn fingerprints(a: &Association) -> Fingerprints {
    if a.certificates.is_empty() {
        let reason = if a.is_dtls13() {
            NotCheckable::EncryptedCertificates {
                encrypted_records: a.ends.iter().map(|e| e.encrypted_records).sum(),
            }
        } else {
            NotCheckable::NoCertificate
        };
        return Fingerprints::NotCheckable { reason };
    }
    for c in &a.certificates {
        let bad = c.checks.iter().find_map(|l| match &l.outcome {
            FingerprintCheck::Mismatch { computed, .. } => Some((l, computed.clone())),
            FingerprintCheck::WrongLength { hash_function, .. } => {
                let d = c.digests.iter().find(|(h, _)| h == hash_function);
                Some((
                    l,
                    d.map_or_else(String::new, |(_, d)| dtls::format_fingerprint(d)),
                ))
            }
            _ => None,
        });
        if let (Some((line, computed)), Some(side)) = (bad, c.side) {
            return Fingerprints::Mismatch {
                side,
                number: c.number,
                hash_function: line.hash_function.clone(),
                expected: line.expected.clone(),
                computed,
                matching: c
                    .checks
                    .iter()
                    .filter(|l| l.outcome.is_match())
                    .map(|l| l.hash_function.clone())
                    .collect(),
            };
        }
    }
    let mut sides: Vec<Side> = Vec::new();
    let mut reason = None;
    for c in &a.certificates {
        match c.side {
            None => {
                reason.get_or_insert(NotCheckable::SenderUnknown);
            }
            Some(_) if c.checks.is_empty() => {
                reason.get_or_insert(NotCheckable::NoFingerprint);
            }
            Some(s) if c.checks.iter().any(|l| l.outcome.is_match()) => {
                if !sides.contains(&s) {
                    sides.push(s);
                }
            }
            Some(_) => {
                let name = c.checks[0].hash_function.clone();
                reason.get_or_insert(NotCheckable::UnsupportedHashFunction { name });
            }
        }
    }
    match (sides.is_empty(), reason) {
        (false, _) => Fingerprints::Match { sides },
        (true, Some(reason)) => Fingerprints::NotCheckable { reason },
        (true, None) => Fingerprints::NotCheckable {
            reason: NotCheckable::NoCertificate,
        },
    }
}

/// The sender's last flight before index `i`: the events of the other end that precede it.
fn last_flight(
    before: &[Event],
    alerter: EndKey,
    end_key: &dyn Fn(SocketAddr) -> EndKey,
) -> Option<String> {
    let peer_events: Vec<&Event> = before
        .iter()
        .rev()
        .skip_while(|e| end_key(e.from) == alerter)
        .take_while(|e| end_key(e.from) != alerter)
        .collect();
    let last = peer_events.first()?;
    let names: Vec<String> = peer_events.iter().rev().filter_map(|e| name(e)).collect();
    if names.is_empty() {
        return None;
    }
    let whose = match last.role {
        Some(Role::Client) => "the client's".to_owned(),
        Some(Role::Server) => "the server's".to_owned(),
        None => format!("{}'s", last.from),
    };
    Some(format!("{whose} {}", names.join(", ")))
}

/// An event's name in a flight, `None` for those that are not part of one.
fn name(e: &Event) -> Option<String> {
    Some(match &e.kind {
        EventKind::Handshake {
            msg_type,
            retransmission,
            ..
        } => {
            let n = message_name(*msg_type);
            if *retransmission {
                format!("{n} (again)")
            } else {
                n
            }
        }
        EventKind::ChangeCipherSpec => "ChangeCipherSpec".to_owned(),
        EventKind::EncryptedHandshake => "Finished (encrypted)".to_owned(),
        EventKind::Encrypted { epoch } => format!("encrypted records (epoch {epoch})"),
        EventKind::ApplicationData => "application data".to_owned(),
        EventKind::Alert { .. } | EventKind::Malformed { .. } => return None,
    })
}

/// `ClientHello` for `client_hello`: the RFCs' message names.
fn message_name(t: HandshakeType) -> String {
    match t.name() {
        Some(n) => n
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect(),
        None => t.to_string(),
    }
}

fn stage(a: &Association) -> Stage {
    let has = |role: Role, f: &dyn Fn(&EventKind) -> bool| {
        a.events.iter().any(|e| e.role == Some(role) && f(&e.kind))
    };
    let msg = |role: Role, t: HandshakeType| {
        has(
            role,
            &|k| matches!(k, EventKind::Handshake { msg_type, .. } if *msg_type == t),
        )
    };
    let finished12 = |role: Role| {
        let ccs = a
            .events
            .iter()
            .position(|e| e.role == Some(role) && e.kind == EventKind::ChangeCipherSpec);
        ccs.is_some_and(|i| {
            a.events[i..]
                .iter()
                .any(|e| e.role == Some(role) && e.kind == EventKind::EncryptedHandshake)
        })
    };
    let epoch = |role: Role, n: u8| has(role, &|k| *k == EventKind::Encrypted { epoch: n });
    let server_hello = msg(Role::Server, HandshakeType::SERVER_HELLO);
    let client_hello = msg(Role::Client, HandshakeType::CLIENT_HELLO);
    if a.is_dtls13() {
        let client_flight = epoch(Role::Client, 2) || epoch(Role::Client, 3);
        if client_flight && (epoch(Role::Client, 3) || epoch(Role::Server, 3)) {
            return Stage::Complete;
        }
        if client_flight {
            return Stage::ClientFlight;
        }
        if server_hello {
            return Stage::ServerFlight;
        }
    } else {
        if finished12(Role::Client) && finished12(Role::Server) {
            return Stage::Complete;
        }
        if msg(Role::Client, HandshakeType::CLIENT_KEY_EXCHANGE)
            || finished12(Role::Client)
            || (server_hello && msg(Role::Client, HandshakeType::CERTIFICATE))
        {
            return Stage::ClientFlight;
        }
        if server_hello {
            return Stage::ServerFlight;
        }
    }
    if msg(Role::Server, HandshakeType::HELLO_VERIFY_REQUEST) {
        return Stage::HelloVerifyRequest;
    }
    if client_hello {
        return Stage::ClientHello;
    }
    if a.ends.iter().any(|e| e.application_data.records > 0) {
        return Stage::Established;
    }
    Stage::Nothing
}

/// `10.0.0.1:5000`, `the client (answerer)`…
fn who(role: Option<Role>, side: Option<Side>, addr: SocketAddr) -> String {
    match (role, side) {
        (Some(r), Some(s)) => format!("the {} ({})", role_name(r), s.as_str()),
        (Some(r), None) => format!("the {} ({addr})", role_name(r)),
        (None, Some(s)) => format!("the {} ({addr})", s.as_str()),
        (None, None) => addr.to_string(),
    }
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::Client => "client",
        Role::Server => "server",
    }
}

fn stopped(a: &Association) -> String {
    let hellos = a.end(Role::Client).map_or(0, |e| e.client_hellos);
    let times = |n: u32| {
        if n == 1 {
            "once".to_owned()
        } else {
            format!("{n} times")
        }
    };
    let data = |role: Role| a.end(role).is_some_and(|e| e.application_data.records > 0);
    match a.stage {
        Stage::Nothing => "no handshake message".to_owned(),
        Stage::ClientHello => format!("ClientHello sent {}, no ServerHello", times(hellos)),
        Stage::HelloVerifyRequest => format!(
            "HelloVerifyRequest answered (ClientHello sent {}), no ServerHello",
            times(hellos)
        ),
        Stage::ServerFlight if a.is_dtls13() => {
            "ServerHello and the server's encrypted flight sent, no encrypted client flight (Finished)".to_owned()
        }
        Stage::ServerFlight => {
            "server flight sent (ServerHello … ServerHelloDone), no client Certificate/ClientKeyExchange".to_owned()
        }
        Stage::ClientFlight if a.is_dtls13() => {
            "client's encrypted flight sent (Finished), no application data".to_owned()
        }
        Stage::ClientFlight => {
            "client flight sent (Certificate, ClientKeyExchange, Finished), no server ChangeCipherSpec/Finished".to_owned()
        }
        Stage::Complete | Stage::Established => {
            let how = if a.stage == Stage::Established {
                "established before the capture"
            } else {
                "complete: both Finished (encrypted)"
            };
            let data = match (data(Role::Client), data(Role::Server)) {
                (true, true) => "application data both ways",
                (true, false) => "application data from the client only",
                (false, true) => "application data from the server only",
                (false, false) => "no application data",
            };
            format!("{how}, {data}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Transport;

    /// A record with the first 10 bytes of a 200 000-byte Certificate, message_seq `seq`.
    fn partial(seq: u16) -> Vec<u8> {
        let mut m = vec![11, 0x03, 0x0d, 0x40];
        m.extend(seq.to_be_bytes());
        m.extend([0, 0, 0, 0, 0, 10]);
        m.extend([0; 10]);
        let mut r = vec![22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0];
        r.extend((m.len() as u16).to_be_bytes());
        r.extend(m);
        r
    }

    #[test]
    fn reassembly_memory_is_bounded_across_directions() {
        let mut flows = DtlsFlows::default();
        let peers = Peers::default();
        for port in 1..=4u16 {
            for seq in 0..16 {
                let bytes = partial(seq);
                flows.push(
                    &Packet {
                        number: 1,
                        time_ns: 0,
                        offset: 0,
                        flow: Flow {
                            src: SocketAddr::from(([10, 0, 0, 1], port)),
                            dst: SocketAddr::from(([10, 0, 0, 2], 9)),
                            transport: Transport::Udp,
                        },
                        channel: None,
                        truncated: false,
                        kind: PacketKind::Dtls,
                        bytes: &bytes,
                    },
                    &peers,
                );
            }
        }
        let in_reassembly: usize = flows
            .directions
            .iter()
            .flat_map(|d| d.reassembler.incomplete().map(|p| p.3))
            .sum();
        assert!(in_reassembly <= MAX_REASSEMBLY_BYTES, "{in_reassembly}");
        assert_eq!(in_reassembly, 20 * 200_000);
        let refused = flows
            .directions
            .iter()
            .flat_map(|d| &d.events)
            .filter(|e| matches!(e.kind, EventKind::Malformed { .. }))
            .count();
        assert_eq!(refused, 64 - 20);
    }
}
