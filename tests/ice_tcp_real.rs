//! ICE over TCP (RFC 6544) with RFC 4571 framing, on a real capture:
//! `fixtures/real/pcap/chromium-ice-tcp/` — Chromium 156 (offerer, `tcptype active`) ↔
//! @roamhq/wrtc 0.10.0 (native libwebrtc, answerer, `tcptype passive`), every UDP datagram
//! dropped on arrival by nft in both namespaces, so ICE could only succeed over TCP.
//!
//! Expected numbers come from outside rtcinspect: `verify-ice-tcp.txt`, written by
//! `python3 fixtures/lab/verify_ice_tcp.py capture.pcap offer.sdp answer.sdp` (TShark 4.0.17
//! extracts every TCP segment; the script orders each direction by sequence number, cuts RFC
//! 4571 frames, demultiplexes them by first byte and checks STUN FINGERPRINT and
//! MESSAGE-INTEGRITY with Python's hmac/zlib), and from TShark itself (commands in comments).

use rtcinspect::capture::{read_capture, Event, Limits, Payload, Transport};
use rtcinspect::handshake::dtls_flow::{DtlsOutcome, Fingerprints};
use rtcinspect::handshake::ice::PairState;
use rtcinspect::handshake::{Analyzer, IceOutcome, Peers, Report, Side};
use rtcinspect::ice::candidate::TcpType;
use rtcinspect::ice::CandidateType;
use rtcinspect::stun::{self, Class, Credentials, Outcome};
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real/pcap/chromium-ice-tcp")
}

/// One packet of the capture, owned.
struct Seen {
    number: u64,
    src: SocketAddr,
    dst: SocketAddr,
    transport: Transport,
    kind: Payload,
    bytes: Vec<u8>,
}

fn read() -> (Vec<Seen>, Vec<rtcinspect::diag::Diagnostic>) {
    let file = std::fs::File::open(dir().join("capture.pcap")).unwrap();
    let (mut seen, mut findings) = (Vec::new(), Vec::new());
    read_capture(file, &Limits::default(), &mut |e| match e {
        Event::Packet(p) => {
            assert!(!p.truncated, "frame {} cut", p.number);
            seen.push(Seen {
                number: p.number,
                src: p.flow.src,
                dst: p.flow.dst,
                transport: p.flow.transport,
                kind: p.kind,
                bytes: p.bytes.to_vec(),
            });
        }
        Event::Finding(d) => findings.push(d),
        Event::Progress(_) => {}
    })
    .unwrap();
    (seen, findings)
}

/// ufrag → pwd of both agents, from `offer.sdp` and `answer.sdp`.
fn ice_passwords() -> HashMap<String, String> {
    let mut map = HashMap::new();
    for name in ["offer.sdp", "answer.sdp"] {
        let text = std::fs::read_to_string(dir().join(name)).unwrap();
        let session = rtcinspect::sdp::parse(&text);
        let mut pairs = vec![(session.ice_ufrag(), session.ice_pwd())];
        pairs.extend(session.media.iter().map(|m| (m.ice_ufrag(), m.ice_pwd())));
        for (u, p) in pairs.into_iter().filter_map(|(u, p)| Some((u?, p?))) {
            map.insert(u.as_str().to_owned(), p.as_str().to_owned());
        }
    }
    assert_eq!(map.len(), 2, "two ICE agents");
    map
}

fn addr(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

#[test]
fn every_stun_message_over_tcp_round_trips_and_verifies() {
    let (seen, _) = read();
    let pwd = ice_passwords();
    let tcp_stun: Vec<&Seen> = seen
        .iter()
        .filter(|s| s.transport == Transport::Tcp && s.kind == Payload::Stun)
        .collect();
    // Requests first: the responder's ufrag is the first half of the request's USERNAME
    // (RFC 8445 §7.2.2), and a response is keyed like its request.
    let mut responder: HashMap<[u8; 12], String> = HashMap::new();
    for s in &tcp_stun {
        let msg = stun::decode(&s.bytes).unwrap();
        if msg.class() == Class::Request {
            let (receiver, _) = msg.username().unwrap().split_once(':').unwrap();
            responder.insert(msg.transaction_id().0, receiver.to_owned());
        }
    }
    let mut per_type = BTreeMap::new();
    for s in &tcp_stun {
        let at = format!("frame {}", s.number);
        let msg = stun::decode(&s.bytes).unwrap_or_else(|e| panic!("{at}: {e}"));
        assert_eq!(msg.encode(), s.bytes, "{at}: encode(decode(x)) != x");
        let ufrag = &responder[&msg.transaction_id().0];
        let password = &pwd[ufrag];
        let report = msg.verify(&Credentials::ShortTerm { password });
        assert_eq!(report.message_integrity.outcome, Outcome::Ok, "{at}");
        assert_eq!(report.fingerprint.outcome, Outcome::Ok, "{at}");
        // ...and not with the other agent's pwd.
        let other = pwd.values().find(|p| *p != password).unwrap();
        let wrong = msg.verify(&Credentials::ShortTerm { password: other });
        assert!(wrong.message_integrity.is_mismatch(), "{at}");
        *per_type.entry(msg.message_type().0).or_insert(0) += 1;
    }
    // verify-ice-tcp.txt: "STUN message types: {'0x0001': 21, '0x0101': 21}", "STUN over
    // TCP: 42 messages, MESSAGE-INTEGRITY and FINGERPRINT failures: 0". (TShark's own STUN
    // dissector finds 20 of them, the ones at the start of a segment:
    // `tshark -r capture.pcap -Y 'tcp && stun.type' | wc -l`.)
    assert_eq!(per_type, BTreeMap::from([(0x0001, 21), (0x0101, 21)]));
    assert_eq!(tcp_stun.len(), 42);
}

#[test]
fn tcp_flows_are_rfc4571_framed_without_gaps() {
    let (seen, findings) = read();
    // No gap (C008) and no retransmission (C010): TShark marks none
    // (`tshark -r capture.pcap -Y tcp.analysis.retransmission` prints nothing), and every
    // direction's bytes cut into whole RFC 4571 frames ("gaps 0, trailing 0 B").
    assert!(findings.is_empty(), "{findings:#?}");
    // Per direction: frames by kind and the stream's length (each frame + its 2-byte length
    // prefix), as verify-ice-tcp.txt counts them.
    let mut per_dir: BTreeMap<(SocketAddr, SocketAddr), (usize, usize, usize, usize)> =
        BTreeMap::new();
    for s in seen.iter().filter(|s| s.transport == Transport::Tcp) {
        let e = per_dir.entry((s.src, s.dst)).or_default();
        match s.kind {
            Payload::Stun => e.0 += 1,
            Payload::Dtls => e.1 += 1,
            Payload::RtpRtcp => e.2 += 1,
            other => panic!("frame {}: {other:?}", s.number),
        }
        e.3 += s.bytes.len() + 2;
    }
    let (a6, b6) = (addr("[fd99::1]:42076"), addr("[fd99::2]:55947"));
    let (a4, b4) = (addr("10.99.0.1:34156"), addr("10.99.0.2:48981"));
    assert_eq!(
        per_dir,
        BTreeMap::from([
            ((a6, b6), (13, 43, 637, 284_944)),
            ((b6, a6), (13, 41, 158, 12_928)),
            ((a4, b4), (8, 0, 0, 660)),
            ((b4, a4), (8, 0, 0, 656)),
        ])
    );
    // The UDP checks are on the wire too (nft drops them on arrival, after tcpdump saw
    // them): `tshark -r capture.pcap -Y 'udp && stun.type==0x0001' | wc -l` → 32 (all the UDP there is), and no
    // UDP response (`-Y 'udp && stun.type==0x0101'` → 0).
    let udp_stun: Vec<&Seen> = seen
        .iter()
        .filter(|s| s.transport == Transport::Udp && s.kind == Payload::Stun)
        .collect();
    assert_eq!(udp_stun.len(), 32);
    assert!(udp_stun
        .iter()
        .all(|s| stun::decode(&s.bytes).unwrap().class() == Class::Request));
}

fn analyse(offer: &str, answer: &str) -> Report {
    let read = |n: &str| std::fs::read_to_string(dir().join(n)).unwrap();
    let (offer, answer) = (read(offer), read(answer));
    let (offer, answer) = (
        rtcinspect::sdp::parse(&offer),
        rtcinspect::sdp::parse(&answer),
    );
    let mut analyzer = Analyzer::new(Peers::from_sdps(Some(&offer), Some(&answer)));
    let file = std::fs::File::open(dir().join("capture.pcap")).unwrap();
    read_capture(file, &Limits::default(), &mut |e| {
        if let Event::Packet(p) = e {
            analyzer.push(&p);
        }
    })
    .unwrap();
    analyzer.finish()
}

/// The pair with these two ends, in either order.
fn pair<'r>(r: &'r Report, x: &str, y: &str) -> &'r rtcinspect::handshake::ice::PairReport {
    let (x, y) = (addr(x), addr(y));
    r.pairs
        .iter()
        .find(|p| (p.a.address, p.b.address) == (x, y) || (p.a.address, p.b.address) == (y, x))
        .unwrap_or_else(|| panic!("no pair {x} ↔ {y}"))
}

#[test]
fn handshake_over_tcp_pairs_and_dtls() {
    // The final SDPs carry the trickled candidates (the answerer's passive ones among them).
    let r = analyse("offer.final.sdp", "answer.final.sdp");
    assert!(r
        .transactions
        .iter()
        .filter(|t| t.is_ice_check())
        .all(|t| t.integrity == rtcinspect::handshake::stun::Check::Ok));
    assert!(matches!(r.ice, IceOutcome::Connected { .. }), "{:?}", r.ice);
    // The two TCP connections (SYN frames 23 and 26: `tshark -Y 'tcp.flags.syn==1 &&
    // tcp.flags.ack==0'`): the offerer's active candidate (port 9 in the SDP) connects from
    // an ephemeral port, so its end is peer-reflexive; the answerer's end is its passive
    // host candidate (answer.final.sdp). Checks both ways, all answered (verify-ice-tcp.txt:
    // 13 + 13 STUN over IPv6 = 6 + 7 requests and their responses, 8 + 8 over IPv4).
    for (off, ans, from_off, from_ans) in [
        ("[fd99::1]:42076", "[fd99::2]:55947", 6, 7),
        ("10.99.0.1:34156", "10.99.0.2:48981", 4, 4),
    ] {
        let p = pair(&r, off, ans);
        assert_eq!(p.transport, Transport::Tcp);
        let (o, a) = if p.a.address == addr(off) {
            (&p.a, &p.b)
        } else {
            (&p.b, &p.a)
        };
        assert_eq!(
            (o.side, o.kind, a.side, a.kind),
            (
                Some(Side::Offerer),
                Some(CandidateType::Prflx),
                Some(Side::Answerer),
                Some(CandidateType::Host)
            ),
            "{off} ↔ {ans}"
        );
        let (od, ad) = if p.a.address == addr(off) {
            (&p.a_to_b, &p.b_to_a)
        } else {
            (&p.b_to_a, &p.a_to_b)
        };
        assert_eq!(
            (od.requests, od.succeeded, ad.requests, ad.succeeded),
            (from_off, from_off, from_ans, from_ans)
        );
        // Chromium sent USE-CANDIDATE on the first check of each (frames 32 and 108:
        // `tshark -Y 'stun.att.type==0x0025'`), both answered.
        assert_eq!(p.state, PairState::Nominated, "{off} ↔ {ans}");
    }
    // DTLS 1.2 over the IPv6 connection only, answerer = client (a=setup:active in the
    // answer), complete, certificates matching a=fingerprint.
    let DtlsOutcome::Complete { fingerprints, .. } = &r.dtls else {
        panic!("{:?}", r.dtls);
    };
    assert!(
        matches!(fingerprints, Fingerprints::Match { sides } if sides.len() == 2),
        "{fingerprints:?}"
    );
    assert_eq!(r.associations.len(), 1);
    let flows = &r.associations[0].flows;
    assert!(flows.iter().all(|f| f.transport == Transport::Tcp
        && [addr("[fd99::1]:42076"), addr("[fd99::2]:55947")].contains(&f.src)));
}

/// Both peers logged the IPv6 TCP pair as selected, from connection to close (peers.log:
/// "final selected pair: prflx tcp fd99::1:42076 -> host tcp fd99::2:55947"), and all DTLS
/// and media run on it. Chromium nominates both TCP pairs (IPv6 at frame 32, IPv4 at frame
/// 108, 8 ms later); RFC 8445 §8.1.1 says that with several nominated pairs the
/// highest-priority one is used (here IPv6: 1518285567 > 1518214911 on both sides), not the
/// last nominated (which rtcinspect used to pick).
#[test]
fn selected_pair_is_the_ipv6_tcp_pair_the_peers_used() {
    let r = analyse("offer.final.sdp", "answer.final.sdp");
    let IceOutcome::Connected { pair: i, .. } = r.ice else {
        panic!("{:?}", r.ice);
    };
    let p = &r.pairs[i];
    let mut ends = [p.a.address, p.b.address];
    ends.sort();
    assert_eq!(ends, [addr("[fd99::1]:42076"), addr("[fd99::2]:55947")]);
    // The answerer's end is its announced passive TCP host candidate (answer.final.sdp:
    // `... fd99::2 55947 typ host tcptype passive ...`); the offerer's active end connected
    // from an ephemeral port and is peer-reflexive, with no tcptype of its own.
    let (offerer, answerer) = if p.a.address == addr("[fd99::2]:55947") {
        (&p.b, &p.a)
    } else {
        (&p.a, &p.b)
    };
    assert_eq!(answerer.tcptype, Some(TcpType::Passive));
    assert_eq!(offerer.tcptype, None);
}
