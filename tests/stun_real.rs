//! Every STUN message of every real capture (`fixtures/real/*/capture.pcap`): decoded,
//! re-encoded byte for byte, FINGERPRINT checked and MESSAGE-INTEGRITY verified with the right
//! side's `a=ice-pwd` from the SDPs next to the capture.
//!
//! Which packets: UDP payloads whose first byte RFC 7983 classifies as STUN, on a port of one
//! of the call's ICE candidates (from `candidates.txt`, the SDPs and `*.cands.jsonl`), so
//! mDNS (port 5353, whose queries also start with a zero byte) is left out.
//!
//! Which password: a request is signed with the password of its receiver, the agent whose
//! ufrag comes first in `USERNAME` ("receiver:sender", RFC 8445 §7.2.2); a response with the
//! password of the agent that sends it, i.e. the receiver of the request it answers (matched
//! by transaction ID).
//!
//! The counts per capture are stated below and cross-checked with the count of STUN messages
//! with MESSAGE-INTEGRITY that TShark found (`tshark-counts.txt`, written by the lab scripts).

mod common;

use etherparse::{SlicedPacket, TransportSlice};
use pcap_file::pcap::PcapReader;
use rtcinspect::stun::{self, classify, AttributeType, Class, Credentials, Outcome, PacketKind};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// STUN messages per capture: requests and success responses on the wire, and copies of
/// requests quoted in ICMP "port unreachable" errors (ICMPv4 3/3, ICMPv6 1/4: checks sent to
/// a candidate port nobody listens on any more, mostly by Firefox and libjuice to the
/// other side's second host candidate). The quoted copies are complete STUN messages and are
/// decoded and verified too. Cross-checked below with the lab's own counts: TShark's "STUN w/
/// MESSAGE-INTEGRITY" (`tshark-counts.txt`) and the lab verifier's "verified N" lines count
/// all three; the browser lab's "STUN verified N" (`verify.txt`) counts the datagrams on the
/// wire only.
/// No capture has an error response, an indication, GOOG-PING, or ICE-TCP traffic.
const EXPECTED: &[(&str, usize, usize, usize)] = &[
    ("aiortc-balanced-av", 6, 6, 0),
    ("aiortc-basic", 6, 6, 0),
    ("aiortc-ipv6-only", 4, 4, 0),
    ("aiortc-max-bundle-av", 6, 6, 0),
    ("aiortc-max-bundle-dc-first-failed", 8, 1, 7),
    ("aiortc-max-compat-2a1v", 6, 6, 0),
    ("aiortc-multi-dc", 6, 6, 0),
    ("aiortc-offer-ndc-answer", 16, 6, 10),
    ("chromium-basic", 24, 24, 0),
    ("chromium-dc-only", 21, 20, 1),
    ("chromium-mdns", 18, 18, 0),
    ("chromium-offer-firefox-answer", 16, 16, 0),
    ("chromium-simulcast", 24, 24, 0),
    ("firefox-basic", 9, 8, 1),
    ("firefox-dc-only", 7, 7, 0),
    ("firefox-mdns", 21, 6, 15),
    ("firefox-offer-chromium-answer", 14, 13, 1),
    ("firefox-simulcast", 22, 7, 15),
    ("ndc-basic", 8, 8, 0),
    ("ndc-multi-dc", 7, 7, 0),
    ("ndc-offer-aiortc-answer", 8, 8, 0),
    ("ndc-offer-chromium-answer", 18, 18, 0),
    ("ndc-trickle", 9, 9, 0),
    ("ndc-trickle-multi-dc-dconly", 7, 7, 0),
    ("ndc-trickle-multi-dc-dconly-dtls-alert-failed", 4, 4, 0),
    ("ndc-udpmux-ipv4-only", 7, 7, 0),
];

fn real_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real")
}

/// One STUN-classified UDP payload.
struct Packet {
    /// 1-based frame number in the capture (as Wireshark counts).
    frame: usize,
    /// Whether the datagram is the one an ICMP or ICMPv6 error quotes (destination
    /// unreachable: the copy of a request sent to a closed port), not one on the wire.
    quoted: bool,
    src: SocketAddr,
    dst: SocketAddr,
    payload: Vec<u8>,
}

/// Ports of every candidate mentioned in the directory's candidate lists and SDPs.
fn candidate_ports(dir: &Path) -> HashSet<u16> {
    let mut ports = HashSet::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let wanted =
            name == "candidates.txt" || name.ends_with(".sdp") || name.ends_with(".cands.jsonl");
        if !wanted {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for (i, _) in text.match_indices("candidate:") {
            // foundation component transport priority address port typ ...
            let fields: Vec<&str> = text[i..].split_whitespace().take(6).collect();
            if let Some(port) = fields.get(5).and_then(|p| p.trim_matches('"').parse().ok()) {
                ports.insert(port);
            }
        }
    }
    ports
}

/// The STUN-classified UDP payloads on the call's ports.
fn stun_packets(dir: &Path) -> Vec<Packet> {
    let ports = candidate_ports(dir);
    assert!(!ports.is_empty(), "{}: no candidate ports", dir.display());
    let file = std::fs::File::open(dir.join("capture.pcap")).unwrap();
    let mut reader = PcapReader::new(file).unwrap();
    assert_eq!(reader.header().datalink, pcap_file::DataLink::ETHERNET);
    let mut out = Vec::new();
    let mut frame = 0;
    while let Some(packet) = reader.next_packet() {
        let packet = packet.unwrap();
        frame += 1;
        let Ok(sliced) = SlicedPacket::from_ethernet(&packet.data) else {
            continue;
        };
        if let Some(p) = udp_stun(&sliced, &ports, frame, false) {
            out.push(p);
            continue;
        }
        // An ICMP error quotes the datagram that caused it (RFC 792, RFC 4443 §3.1).
        let (quoted, port_unreachable) = match &sliced.transport {
            Some(TransportSlice::Icmpv4(icmp)) => {
                (icmp.payload(), (icmp.type_u8(), icmp.code_u8()) == (3, 3))
            }
            Some(TransportSlice::Icmpv6(icmp)) => {
                (icmp.payload(), (icmp.type_u8(), icmp.code_u8()) == (1, 4))
            }
            _ => continue,
        };
        if let Ok(inner) = SlicedPacket::from_ip(quoted) {
            if let Some(p) = udp_stun(&inner, &ports, frame, true) {
                assert!(
                    port_unreachable,
                    "frame {frame}: STUN quoted in an ICMP error other than port unreachable"
                );
                out.push(p);
            }
        };
    }
    out
}

/// The STUN-classified UDP payload of `sliced`, if it is on one of `ports`.
fn udp_stun(
    sliced: &SlicedPacket<'_>,
    ports: &HashSet<u16>,
    frame: usize,
    quoted: bool,
) -> Option<Packet> {
    let (src_ip, dst_ip) = common::ip_pair(&sliced.net)?;
    let Some(TransportSlice::Udp(udp)) = &sliced.transport else {
        return None;
    };
    let payload = udp.payload();
    let on_call = ports.contains(&udp.source_port()) || ports.contains(&udp.destination_port());
    if !on_call || payload.first().map(|&b| classify(b)) != Some(PacketKind::Stun) {
        return None;
    }
    Some(Packet {
        frame,
        quoted,
        src: SocketAddr::new(src_ip, udp.source_port()),
        dst: SocketAddr::new(dst_ip, udp.destination_port()),
        payload: payload.to_vec(),
    })
}

/// ufrag -> pwd of both agents, from every section of `offer.sdp` and `answer.sdp`.
fn credentials(dir: &Path) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for name in ["offer.sdp", "answer.sdp"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let session = rtcinspect::sdp::parse(&text);
        let mut pairs = vec![(session.ice_ufrag(), session.ice_pwd())];
        pairs.extend(session.media.iter().map(|m| (m.ice_ufrag(), m.ice_pwd())));
        for (ufrag, pwd) in pairs {
            if let (Some(u), Some(p)) = (ufrag, pwd) {
                let old = map.insert(u.as_str().to_owned(), p.as_str().to_owned());
                assert!(
                    old.is_none_or(|o| o == p.as_str()),
                    "{name}: two passwords for ufrag {}",
                    u.as_str()
                );
            }
        }
    }
    assert!(
        map.len() >= 2,
        "{}: fewer than two ICE credentials",
        dir.display()
    );
    map
}

/// Verification results of one capture.
#[derive(Default, Debug)]
struct Tally {
    requests: usize,
    responses: usize,
    /// Copies quoted in ICMP errors (also decoded and verified, not counted above).
    quoted: usize,
    attributes: BTreeMap<String, usize>,
}

fn check_capture(dir: &Path) -> Tally {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let creds = credentials(dir);
    let packets = stun_packets(dir);
    // Transaction ID -> the receiver's ufrag, from the requests.
    let mut receiver_of: HashMap<[u8; 12], String> = HashMap::new();
    let mut tally = Tally::default();
    for p in &packets {
        let at = format!("{name} frame {} {} -> {}", p.frame, p.src, p.dst);
        let msg = stun::decode(&p.payload).unwrap_or_else(|e| panic!("{at}: {e}"));
        assert_eq!(msg.encode(), p.payload, "{at}: encode(decode(x)) != x");
        for a in msg.attributes() {
            *tally.attributes.entry(a.typ.to_string()).or_default() += 1;
        }
        assert_eq!(msg.unknown_comprehension_required().count(), 0, "{at}");
        assert!(msg.duplicates().is_empty(), "{at}: {:?}", msg.duplicates());

        let ufrag = match msg.class() {
            Class::Request => {
                if p.quoted {
                    tally.quoted += 1;
                } else {
                    tally.requests += 1;
                }
                let username = msg
                    .username()
                    .unwrap_or_else(|| panic!("{at}: request without USERNAME"));
                let (receiver, _sender) = username
                    .split_once(':')
                    .unwrap_or_else(|| panic!("{at}: USERNAME {username}"));
                receiver_of.insert(msg.transaction_id().0, receiver.to_owned());
                receiver.to_owned()
            }
            Class::SuccessResponse => {
                if p.quoted {
                    tally.quoted += 1;
                } else {
                    tally.responses += 1;
                }
                assert!(
                    msg.username().is_none(),
                    "{at}: a response carries no USERNAME (RFC 8489 §9.1.3)"
                );
                receiver_of
                    .get(&msg.transaction_id().0)
                    .unwrap_or_else(|| panic!("{at}: response to a request not in the capture"))
                    .clone()
            }
            other => panic!("{at}: unexpected class {other:?}"),
        };
        let password = creds
            .get(&ufrag)
            .unwrap_or_else(|| panic!("{at}: no a=ice-pwd for ufrag {ufrag}"));
        let report = msg.verify(&Credentials::ShortTerm { password });
        assert_eq!(report.fingerprint.outcome, Outcome::Ok, "{at}");
        assert_eq!(report.message_integrity.outcome, Outcome::Ok, "{at}");
        assert!(
            report.is_ok() && report.is_authenticated(),
            "{at}: {report:?}"
        );
        assert!(
            report.unauthenticated.is_empty(),
            "{at}: {:?}",
            report.unauthenticated
        );
        assert!(report.after_fingerprint.is_empty(), "{at}");
        // The other side's password must not verify it.
        let other = creds
            .iter()
            .find(|(u, p)| **u != ufrag && *p != password)
            .map(|(_, p)| p.as_str());
        if let Some(other) = other {
            let wrong = msg.verify(&Credentials::ShortTerm { password: other });
            assert!(
                wrong.message_integrity.is_mismatch(),
                "{at}: verifies with the wrong password"
            );
        }
    }
    tally
}

/// The count TShark gave for "STUN w/ MESSAGE-INTEGRITY" in `tshark-counts.txt`.
fn tshark_count(dir: &Path) -> Option<usize> {
    let text = std::fs::read_to_string(dir.join("tshark-counts.txt")).ok()?;
    let line = text
        .lines()
        .find(|l| l.starts_with("STUN w/ MESSAGE-INTEGRITY:"))?;
    line.split(':').nth(1)?.trim().parse().ok()
}

#[test]
fn every_real_stun_message_decodes_and_verifies() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(real_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("capture.pcap").is_file())
        .collect();
    dirs.sort();
    let mut total = 0;
    let mut attributes: BTreeMap<String, usize> = BTreeMap::new();
    let mut found = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let tally = check_capture(dir);
        eprintln!(
            "    (\"{name}\", {}, {}, {}),",
            tally.requests, tally.responses, tally.quoted
        );
        if let Some(n) = tshark_count(dir) {
            assert_eq!(
                tally.requests + tally.responses + tally.quoted,
                n,
                "{name}: TShark counted {n}"
            );
        }
        total += tally.requests + tally.responses;
        for (k, v) in &tally.attributes {
            *attributes.entry(k.clone()).or_default() += v;
        }
        found.push((name, tally.requests, tally.responses, tally.quoted));
    }
    let expected: Vec<_> = EXPECTED
        .iter()
        .map(|&(n, a, b, c)| (n.to_owned(), a, b, c))
        .collect();
    assert_eq!(found, expected);
    assert_eq!(total, 554);
    // Every message carries MESSAGE-INTEGRITY and FINGERPRINT (quoted copies included: 604).
    let quoted: usize = EXPECTED.iter().map(|e| e.3).sum();
    assert_eq!(attributes.get("MESSAGE-INTEGRITY"), Some(&(total + quoted)));
    assert_eq!(attributes.get("FINGERPRINT"), Some(&(total + quoted)));
    // libwebrtc adds GOOG-NETWORK-INFO to its checks; nothing else vendor-specific appears.
    let names: Vec<&str> = attributes.keys().map(|k| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "FINGERPRINT",
            "GOOG-NETWORK-INFO",
            "ICE-CONTROLLED",
            "ICE-CONTROLLING",
            "MESSAGE-INTEGRITY",
            "PRIORITY",
            "SOFTWARE",
            "USE-CANDIDATE",
            "USERNAME",
            "XOR-MAPPED-ADDRESS"
        ]
    );
}

/// Writes every real STUN message and the vectors as fuzz seeds into `$STUN_SEED_DIR`
/// (used by `fuzz/seed-stun-corpus.sh`; ignored unless asked for).
#[test]
#[ignore]
fn write_fuzz_seeds() {
    let Ok(out) = std::env::var("STUN_SEED_DIR") else {
        eprintln!("STUN_SEED_DIR not set");
        return;
    };
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).unwrap();
    let mut n = 0;
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(real_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for dir in dirs.iter().filter(|d| d.join("capture.pcap").is_file()) {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut seen = HashSet::new();
        for p in stun_packets(dir) {
            // One seed per distinct attribute layout keeps the corpus small.
            let msg = stun::decode(&p.payload).unwrap();
            let layout: Vec<AttributeType> = msg.attributes().map(|a| a.typ).collect();
            if seen.insert((msg.message_type(), layout)) {
                std::fs::write(out.join(format!("real-{name}-{}", p.frame)), &p.payload).unwrap();
                n += 1;
            }
        }
    }
    let vectors = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/vectors/stun-vectors.json"),
    )
    .unwrap();
    let vectors: serde_json::Value = serde_json::from_str(&vectors).unwrap();
    for (name, v) in vectors.as_object().unwrap() {
        if let Some(hex) = v.get("hex").and_then(|h| h.as_str()) {
            let bytes: Vec<u8> = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect();
            std::fs::write(out.join(format!("vector-{name}")), bytes).unwrap();
            n += 1;
        }
    }
    eprintln!("wrote {n} seeds to {}", out.display());
}
