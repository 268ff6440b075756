//! Every STUN message of the real TURN captures (coturn 4.6.1, `fixtures/real/pcap/*turn*`):
//! the TURN messages between a peer and the server (Allocate → 401 → Allocate with long-term
//! credentials, CreatePermission, ChannelBind, Send/Data indications, Refresh with LIFETIME 0)
//! and the ICE checks tunnelled inside Send/Data indications (DATA attribute, RFC 8656 §11)
//! and ChannelData (RFC 8656 §12), plus the peers' direct checks.
//!
//! Each message decodes, re-encodes byte for byte and has its FINGERPRINT checked; a TURN
//! message with MESSAGE-INTEGRITY verifies with the long-term key of the lab's server (user
//! `lab`, password `labpass`, realm `lab`: `turnserver.conf`), derived once as a client keeps
//! it; an ICE check verifies with the `a=ice-pwd` of the agent that answers it (the first
//! ufrag of the request's USERNAME, RFC 8445 §7.2.2), and not with the other one.
//!
//! The packets come from the crate's own capture reader (`read_capture`, which unwraps
//! ChannelData). Cross-checks, all from the lab (fixtures/lab, TShark 4.0.17):
//! - the list of checked messages, line for line, against `verify-turn*.txt`, written by
//!   `fixtures/lab/verify_turn.py` (an independent Python verifier over TShark's UDP payloads);
//! - the STUN messages per direction, method and class, and the ChannelData frames per
//!   direction, channel and inner kind, against `facts*.txt` (`fixtures/lab/facts.py`);
//! - the STUN frames with MESSAGE-INTEGRITY and with FINGERPRINT against TShark's counts
//!   (`tshark-counts.txt`).

use rtcinspect::capture::{read_capture, Event, Limits};
use rtcinspect::stun::{
    self, AttributeType, AttributeValue, Class, Credentials, Key, Message, Outcome, PacketKind,
    PasswordAlgorithmId, PasswordPrep,
};
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

const SERVER_PORT: u16 = 3478;
const USER: &str = "lab";
const REALM: &str = "lab";
const PASSWORD: &str = "labpass";

/// (directory, capture, verify_turn.py output, facts file): the captures that hold TURN
/// traffic. (`capture-b.pcap` of `ndc-turn-relay` and `aiortc-turn-relay` is the answerer's
/// side, plain UDP to the relayed address, checked by tests/stun_real.rs's kind of test.)
const CAPTURES: &[(&str, &str, &str, &str)] = &[
    (
        "aiortc-turn-relay",
        "capture.pcap",
        "verify-turn.txt",
        "facts.txt",
    ),
    (
        "ndc-turn-relay",
        "capture.pcap",
        "verify-turn.txt",
        "facts.txt",
    ),
    (
        "ndc-turn-relay-both",
        "capture.pcap",
        "verify-turn.txt",
        "facts.txt",
    ),
    (
        "ndc-turn-relay-both",
        "capture-b.pcap",
        "verify-turn-b.txt",
        "facts-b.txt",
    ),
];

fn pcap_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/real/pcap")
        .join(name)
}

/// ufrag → pwd of both agents, from `offer.sdp` and `answer.sdp`.
fn ice_passwords(dir: &Path) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for name in ["offer.sdp", "answer.sdp"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let session = rtcinspect::sdp::parse(&text);
        let mut pairs = vec![(session.ice_ufrag(), session.ice_pwd())];
        pairs.extend(session.media.iter().map(|m| (m.ice_ufrag(), m.ice_pwd())));
        for (u, p) in pairs.into_iter().filter_map(|(u, p)| Some((u?, p?))) {
            map.insert(u.as_str().to_owned(), p.as_str().to_owned());
        }
    }
    assert_eq!(map.len(), 2, "{}: two ICE agents", dir.display());
    map
}

/// One packet of the capture, owned.
struct Captured {
    frame: u64,
    src: SocketAddr,
    dst: SocketAddr,
    channel: Option<u16>,
    kind: PacketKind,
    bytes: Vec<u8>,
}

fn read(path: &Path) -> Vec<Captured> {
    let file = std::fs::File::open(path).unwrap();
    let mut out = Vec::new();
    let mut findings = Vec::new();
    read_capture(file, &Limits::default(), &mut |event| match event {
        Event::Packet(p) => {
            assert!(!p.truncated, "{}: frame {} cut", path.display(), p.number);
            out.push(Captured {
                frame: p.number,
                src: p.flow.src,
                dst: p.flow.dst,
                channel: p.channel,
                kind: p.kind,
                bytes: p.bytes.to_vec(),
            });
        }
        Event::Finding(d) => findings.push(d.message),
        Event::Progress(_) => {}
    })
    .unwrap();
    assert!(findings.is_empty(), "{}: {findings:?}", path.display());
    out
}

/// `verify_turn.py`'s words for a check: "OK", "-" (no such attribute).
fn word(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Ok => "OK",
        Outcome::Missing => "-",
        other => panic!("not verified: {other:?}"),
    }
}

/// How facts.py names a message: "Allocate request", "Allocate error 401", "Data indication".
fn facts_name(msg: &Message<'_>) -> String {
    let class = match msg.class() {
        Class::Request => "request".to_owned(),
        Class::SuccessResponse => "success".to_owned(),
        Class::Indication => "indication".to_owned(),
        Class::ErrorResponse => format!("error {}", msg.error_code().unwrap().code.0),
    };
    format!("{} {class}", msg.method())
}

/// The state of one capture's checks.
struct Checker {
    at: String,
    long_term: Key<'static>,
    ice: HashMap<String, String>,
    /// Transaction ID of an ICE request → the answering agent's ufrag.
    answerer: HashMap<[u8; 12], String>,
    /// Lines in `verify_turn.py`'s format.
    lines: Vec<String>,
    /// (checked, neither MESSAGE-INTEGRITY nor FINGERPRINT).
    verified: usize,
    unchecked: usize,
    /// (src, dst, "Method class") → count, for the messages not inside ChannelData.
    per_direction: BTreeMap<(String, String, String), usize>,
    /// Messages that are no ICE check (TURN, between a peer and the server) by type.
    turn_types: BTreeMap<String, usize>,
    /// UDP payloads that are STUN messages with MESSAGE-INTEGRITY / FINGERPRINT (not the
    /// ones inside DATA or ChannelData): what TShark counts.
    with_mi: usize,
    with_fp: usize,
}

impl Checker {
    /// Decodes, re-encodes and verifies `bytes`; `what` is `verify_turn.py`'s label.
    fn check(&mut self, frame: u64, what: &str, bytes: &[u8], ice: bool) -> Message<'static> {
        let at = format!("{} frame {frame} {what}", self.at);
        let owned: &'static [u8] = Box::leak(bytes.to_vec().into_boxed_slice());
        let msg = stun::decode(owned).unwrap_or_else(|e| panic!("{at}: {e}"));
        assert_eq!(msg.encode(), bytes, "{at}: encode(decode(x)) != x");
        assert_eq!(msg.unknown_comprehension_required().count(), 0, "{at}");
        assert!(msg.duplicates().is_empty(), "{at}: {:?}", msg.duplicates());
        let report = if ice {
            self.check_ice(&at, &msg)
        } else {
            self.check_turn(&at, &msg)
        };
        assert!(report.is_ok(), "{at}: {report:?}");
        assert!(report.unauthenticated.is_empty(), "{at}: {report:?}");
        assert!(report.after_fingerprint.is_empty(), "{at}: {report:?}");
        let (mi, fp) = (
            word(&report.message_integrity.outcome),
            word(&report.fingerprint.outcome),
        );
        if what == "TURN" || what == "direct" {
            self.with_mi += usize::from(mi == "OK");
            self.with_fp += usize::from(fp == "OK");
        }
        if (mi, fp) == ("-", "-") {
            self.unchecked += 1;
        } else {
            self.verified += 1;
        }
        self.lines.push(format!(
            "frame {frame:>5} {what:26} type 0x{:04x} MI {mi} FP {fp}",
            msg.message_type().0
        ));
        msg
    }

    /// A TURN message: the long-term key for MESSAGE-INTEGRITY, which the server's
    /// responses (and the client's requests after the 401) all carry.
    fn check_turn(&mut self, at: &str, msg: &Message<'_>) -> stun::Verification {
        *self.turn_types.entry(facts_name(msg)).or_default() += 1;
        let report = msg.verify(&Credentials::Key(self.long_term.clone()));
        // The same with the credentials, derived again from the message's REALM and the
        // password (requests carry REALM; responses do not, and take it from the caller).
        let again = msg.verify(&Credentials::LongTerm {
            username: USER,
            realm: msg.realm().is_none().then_some(REALM),
            password: PASSWORD,
            prep: PasswordPrep::OpaqueString,
        });
        assert_eq!(again, report, "{at}");
        if report.message_integrity.is_ok() && msg.class() == Class::Request {
            assert_eq!(msg.username(), Some(USER), "{at}");
            assert_eq!(msg.realm(), Some(REALM), "{at}");
            let wrong = msg.verify(&Credentials::LongTerm {
                username: USER,
                realm: None,
                password: "wrongpass",
                prep: PasswordPrep::OpaqueString,
            });
            assert!(wrong.message_integrity.is_mismatch(), "{at}");
        }
        // Only the 401 challenge and the unauthenticated first Allocate lack
        // MESSAGE-INTEGRITY; indications never have it (RFC 8656 §10-11).
        assert!(
            !report.message_integrity.is_mismatch(),
            "{at}: MESSAGE-INTEGRITY does not verify with the long-term key"
        );
        if report.message_integrity.outcome == Outcome::Missing {
            let first_allocate =
                msg.class() == Class::Request && msg.username().is_none() && msg.nonce().is_none();
            let challenge = msg.class() == Class::ErrorResponse
                && msg.error_code().map(|e| e.code.0) == Some(401)
                && msg.realm() == Some(REALM)
                && msg.nonce().is_some();
            assert!(
                first_allocate || challenge || msg.class() == Class::Indication,
                "{at}: no MESSAGE-INTEGRITY"
            );
        }
        report
    }

    /// An ICE check: short-term credentials, the answering agent's `a=ice-pwd`.
    fn check_ice(&mut self, at: &str, msg: &Message<'_>) -> stun::Verification {
        let tid = msg.transaction_id().0;
        let ufrag = match msg.class() {
            Class::Request => {
                let username = msg
                    .username()
                    .unwrap_or_else(|| panic!("{at}: no USERNAME"));
                let (receiver, _) = username.split_once(':').unwrap();
                self.answerer.insert(tid, receiver.to_owned());
                receiver.to_owned()
            }
            Class::SuccessResponse => self
                .answerer
                .get(&tid)
                .unwrap_or_else(|| panic!("{at}: answers no request seen"))
                .clone(),
            other => panic!("{at}: ICE check of class {other:?}"),
        };
        let password = &self.ice[&ufrag];
        let report = msg.verify(&Credentials::ShortTerm { password });
        assert_eq!(report.message_integrity.outcome, Outcome::Ok, "{at}");
        assert_eq!(report.fingerprint.outcome, Outcome::Ok, "{at}");
        let other = self.ice.values().find(|p| *p != password).unwrap();
        let wrong = msg.verify(&Credentials::ShortTerm { password: other });
        assert!(wrong.message_integrity.is_mismatch(), "{at}");
        report
    }
}

/// The outcome of one capture.
struct Outcomes {
    lines: Vec<String>,
    verified: usize,
    unchecked: usize,
    per_direction: BTreeMap<(String, String, String), usize>,
    channel_data: BTreeMap<(String, String, String), usize>,
    turn_types: BTreeMap<String, usize>,
    with_mi: usize,
    with_fp: usize,
}

fn check_capture(dir_name: &str, capture: &str) -> Outcomes {
    let dir = pcap_dir(dir_name);
    let long_term = Key::long_term(
        USER,
        REALM,
        PASSWORD,
        PasswordAlgorithmId::MD5,
        PasswordPrep::OpaqueString,
    )
    .unwrap()
    .unwrap();
    // RFC 8489 §9.2.2: MD5("lab:lab:labpass"), what verify_turn.py uses.
    assert_eq!(long_term.as_bytes().len(), 16);
    let mut c = Checker {
        at: format!("{dir_name}/{capture}"),
        long_term,
        ice: ice_passwords(&dir),
        answerer: HashMap::new(),
        lines: Vec::new(),
        verified: 0,
        unchecked: 0,
        per_direction: BTreeMap::new(),
        turn_types: BTreeMap::new(),
        with_mi: 0,
        with_fp: 0,
    };
    let mut channel_data = BTreeMap::new();
    for p in read(&dir.join(capture)) {
        let to_server = p.src.port() == SERVER_PORT || p.dst.port() == SERVER_PORT;
        let direction = (p.src.to_string(), p.dst.to_string());
        if let Some(channel) = p.channel {
            assert!(to_server, "{}: ChannelData off the server port", p.frame);
            assert!((0x4000..=0x4FFF).contains(&channel), "RFC 8656 §12");
            let kind = match p.kind {
                PacketKind::Stun => "STUN",
                PacketKind::Dtls => "DTLS",
                PacketKind::RtpRtcp => "RTP/RTCP",
                other => panic!("frame {}: {other:?} in ChannelData", p.frame),
            };
            let key = (
                direction.0,
                direction.1,
                format!("channel 0x{channel:04x} {kind}"),
            );
            *channel_data.entry(key).or_default() += 1;
            if p.kind == PacketKind::Stun {
                let what = format!("ChannelData 0x{channel:04x} inner");
                c.check(p.frame, &what, &p.bytes, true);
            }
            continue;
        }
        if p.kind != PacketKind::Stun {
            continue;
        }
        let msg = if to_server {
            let msg = c.check(p.frame, "TURN", &p.bytes, false);
            if let Some(AttributeValue::Data(inner)) = msg.value(AttributeType::DATA) {
                assert!(
                    msg.class() == Class::Indication,
                    "DATA only in Send/Data indications"
                );
                assert!(msg.value(AttributeType::XOR_PEER_ADDRESS).is_some());
                if rtcinspect::capture::kind_of(inner) == PacketKind::Stun {
                    c.check(p.frame, "DATA inner", inner, true);
                }
            }
            msg
        } else {
            c.check(p.frame, "direct", &p.bytes, true)
        };
        let key = (direction.0, direction.1, facts_name(&msg));
        *c.per_direction.entry(key).or_default() += 1;
    }
    Outcomes {
        lines: c.lines,
        verified: c.verified,
        unchecked: c.unchecked,
        per_direction: c.per_direction,
        channel_data,
        turn_types: c.turn_types,
        with_mi: c.with_mi,
        with_fp: c.with_fp,
    }
}

/// The lines of a facts.txt section: "  SRC -> DST   words…   COUNT".
fn facts_section(text: &str, heading: &str) -> BTreeMap<(String, String, String), usize> {
    let mut out = BTreeMap::new();
    let mut lines = text.lines().skip_while(|l| !l.starts_with(heading)).skip(1);
    for line in lines.by_ref().take_while(|l| l.starts_with("  ")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[1], "->", "{line}");
        let count = words.last().unwrap().parse().unwrap();
        let what = words[3..words.len() - 1].join(" ");
        out.insert((words[0].to_owned(), words[2].to_owned(), what), count);
    }
    out
}

#[test]
fn every_turn_message_decodes_and_verifies() {
    let mut totals: BTreeMap<String, usize> = BTreeMap::new();
    let mut summary = Vec::new();
    for &(dir_name, capture, verify_file, facts_file) in CAPTURES {
        let dir = pcap_dir(dir_name);
        let out = check_capture(dir_name, capture);

        // Line for line what the lab's verifier printed, and its totals.
        let expected = std::fs::read_to_string(dir.join(verify_file)).unwrap();
        let (frames, last) = expected.trim_end().rsplit_once('\n').unwrap();
        assert_eq!(
            out.lines.join("\n"),
            frames,
            "{dir_name}/{capture} vs {verify_file}"
        );
        let head = format!(
            "verified {}, failed 0, without MESSAGE-INTEGRITY and FINGERPRINT {}",
            out.verified, out.unchecked
        );
        assert!(last.starts_with(&head), "{dir_name}: {last} vs {head}");

        // Messages per direction, method and class; ChannelData per channel and kind.
        let facts = std::fs::read_to_string(dir.join(facts_file)).unwrap();
        assert_eq!(
            out.per_direction,
            facts_section(&facts, "STUN messages per direction"),
            "{dir_name}/{capture} vs {facts_file}"
        );
        assert_eq!(
            out.channel_data,
            facts_section(&facts, "TURN ChannelData frames per direction"),
            "{dir_name}/{capture} vs {facts_file}"
        );
        // TShark's counts of STUN frames (`tshark-counts.txt`, of capture.pcap only).
        if capture == "capture.pcap" {
            let counts = std::fs::read_to_string(dir.join("tshark-counts.txt")).unwrap();
            let count = |label: &str| -> usize {
                let line = counts.lines().find(|l| l.starts_with(label)).unwrap();
                line.rsplit(' ').next().unwrap().parse().unwrap()
            };
            assert_eq!(
                out.with_mi,
                count("STUN w/ MESSAGE-INTEGRITY:"),
                "{dir_name}"
            );
            assert_eq!(out.with_fp, count("STUN w/ FINGERPRINT:"), "{dir_name}");
        }
        for (k, v) in out.turn_types {
            *totals.entry(k).or_default() += v;
        }
        summary.push((dir_name, capture, out.verified, out.unchecked));
    }
    // What the four captures hold, together: every TURN method and class of the issue.
    let totals: Vec<(&str, usize)> = totals.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        totals,
        [
            ("Allocate error 401", 5),
            ("Allocate request", 10),
            ("Allocate success", 5),
            ("ChannelBind request", 4),
            ("ChannelBind success", 4),
            ("CreatePermission request", 3),
            ("CreatePermission success", 3),
            ("Data indication", 8),
            ("Refresh request", 2),
            ("Refresh success", 2),
            ("Send indication", 9),
        ]
    );
    assert_eq!(
        summary,
        [
            ("aiortc-turn-relay", "capture.pcap", 16, 2),
            ("ndc-turn-relay", "capture.pcap", 26, 0),
            ("ndc-turn-relay-both", "capture.pcap", 23, 0),
            ("ndc-turn-relay-both", "capture-b.pcap", 24, 0),
        ]
    );
}

/// The Refresh that releases an allocation carries LIFETIME 0 (RFC 8656 §7), and the
/// Allocate success gives the relayed and mapped addresses the README states.
#[test]
fn allocation_values_match_the_lab_notes() {
    let dir = pcap_dir("aiortc-turn-relay");
    let mut relayed = Vec::new();
    let mut refresh_lifetimes = Vec::new();
    for p in read(&dir.join("capture.pcap")) {
        if p.kind != PacketKind::Stun || p.channel.is_some() {
            continue;
        }
        let msg = stun::decode(&p.bytes).unwrap();
        match (msg.method(), msg.class()) {
            (stun::Method::ALLOCATE, Class::SuccessResponse) => {
                let get = |t| match msg.value(t) {
                    Some(AttributeValue::XorRelayedAddress(a))
                    | Some(AttributeValue::XorMappedAddress(a)) => a.socket_addr().to_string(),
                    other => panic!("{other:?}"),
                };
                let lifetime = match msg.value(AttributeType::LIFETIME) {
                    Some(AttributeValue::Lifetime(s)) => s,
                    other => panic!("{other:?}"),
                };
                relayed.push((
                    p.frame,
                    get(AttributeType::XOR_RELAYED_ADDRESS),
                    get(AttributeType::XOR_MAPPED_ADDRESS),
                    lifetime,
                ));
            }
            (stun::Method::REFRESH, Class::Request) => {
                if let Some(AttributeValue::Lifetime(s)) = msg.value(AttributeType::LIFETIME) {
                    refresh_lifetimes.push((p.frame, s));
                }
            }
            _ => {}
        }
    }
    assert_eq!(
        relayed,
        [
            (
                21,
                "10.99.0.3:49153".to_owned(),
                "10.99.0.1:54388".to_owned(),
                600
            ),
            (
                22,
                "10.99.0.3:49169".to_owned(),
                "10.99.0.1:49516".to_owned(),
                600
            ),
        ]
    );
    assert_eq!(refresh_lifetimes, [(24, 0), (432, 0)]);
}
