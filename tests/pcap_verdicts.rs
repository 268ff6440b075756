//! `rtcinspect pcap`'s verdicts on real captures read by the capture reader (every link type
//! and file format), against what the peers logged and what each capture's README.txt says a
//! correct tool must conclude (fixtures/real/pcap/*/README.txt, "Expected verdict").

use rtcinspect::capture::{read_capture, Event, Limits};
use rtcinspect::handshake::dtls_flow::{DtlsOutcome, Fingerprints};
use rtcinspect::handshake::media::Flowing;
use rtcinspect::handshake::{Analyzer, IceFailure, IceOutcome, Peers, Report, Side};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Reads `capture` with the offer and answer of `dir` (or the given answer file).
fn analyse_with(dir: &str, capture: &str, answer: &str) -> Report {
    let root = fixtures();
    let dir = root.join(dir);
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    let offer = read(&dir.join("offer.sdp"));
    let answer = read(&root.join(answer));
    let (offer, answer) = (
        rtcinspect::sdp::parse(&offer),
        rtcinspect::sdp::parse(&answer),
    );
    let mut analyzer = Analyzer::new(Peers::from_sdps(Some(&offer), Some(&answer)));
    let file = std::fs::File::open(dir.join(capture)).unwrap();
    read_capture(file, &Limits::default(), &mut |e| {
        if let Event::Packet(p) = e {
            analyzer.push(&p);
        }
    })
    .unwrap();
    analyzer.finish()
}

fn analyse(dir: &str, capture: &str) -> Report {
    analyse_with(dir, capture, &format!("{dir}/answer.sdp"))
}

fn codes(r: &Report) -> Vec<&'static str> {
    r.findings.iter().map(|d| d.code).collect()
}

fn addr(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

/// The selected pair's two ends, in any order.
fn selected(r: &Report) -> [SocketAddr; 2] {
    let IceOutcome::Connected { pair, .. } = r.ice else {
        panic!("not connected: {:?}", r.ice);
    };
    let p = &r.pairs[pair];
    let mut ends = [p.a.address, p.b.address];
    ends.sort();
    ends
}

fn pair(a: &str, b: &str) -> [SocketAddr; 2] {
    let mut ends = [addr(a), addr(b)];
    ends.sort();
    ends
}

fn dtls_complete_and_matching(r: &Report) {
    let DtlsOutcome::Complete { fingerprints, .. } = &r.dtls else {
        panic!("{:?}", r.dtls);
    };
    assert!(
        matches!(fingerprints, Fingerprints::Match { sides } if sides.len() == 2),
        "{fingerprints:?}"
    );
}

#[test]
fn link_types_and_formats_give_the_same_call() {
    // README: ICE connected on fd99::1:34914 <-> fd99::2:53667 (prflx), DTLS 1.2, SSRC
    // 0x1234abcd 588 packets — the same in every container and timestamp resolution.
    for capture in ["capture.pcapng", "capture-nsec.pcap", "capture-nsec.pcapng"] {
        let r = analyse("real/pcap/ndc-basic-converted", capture);
        assert_eq!(
            selected(&r),
            pair("[fd99::1]:34914", "[fd99::2]:53667"),
            "{capture}"
        );
        dtls_complete_and_matching(&r);
        let s = r
            .rtp_streams
            .iter()
            .find(|s| s.ssrc == 0x1234_abcd)
            .unwrap();
        assert_eq!(s.packets, 588, "{capture}");
    }
    let direct = analyse("real/ndc-basic", "capture.pcap");
    let converted = analyse("real/pcap/ndc-basic-converted", "capture.pcapng");
    assert_eq!(direct.transactions, converted.transactions);
    // tcpdump -i any: SLL2 and SLL.
    let r = analyse("real/pcap/ndc-any-sll2", "capture.pcap");
    assert_eq!(selected(&r), pair("[fd99::1]:36636", "[fd99::2]:60602"));
    dtls_complete_and_matching(&r);
    let r = analyse("real/pcap/ndc-any-sll1", "capture.pcap");
    assert_eq!(selected(&r), pair("[fd99::1]:34863", "[fd99::2]:39693"));
    dtls_complete_and_matching(&r);
    // Both ends merged into one pcapng with two interfaces (µs and ns): every packet twice, a
    // few µs apart; the copies are duplicates, not retransmissions (README: none in this call).
    let r = analyse("real/pcap/ndc-two-captures-nsec", "capture-merged.pcapng");
    assert_eq!(selected(&r), pair("[fd99::1]:53596", "[fd99::2]:34379"));
    assert!(r
        .transactions
        .iter()
        .all(|t| t.retransmissions == 0 && t.duplicates == 1));
    dtls_complete_and_matching(&r);
    // Both ends of one call, as pcap (µs), nanosecond pcap and pcapng.
    for capture in ["capture.pcap", "capture-b.pcap", "capture-b.pcapng"] {
        let r = analyse("real/pcap/ndc-two-captures-nsec", capture);
        assert_eq!(
            selected(&r),
            pair("[fd99::1]:53596", "[fd99::2]:34379"),
            "{capture}"
        );
        dtls_complete_and_matching(&r);
        assert!(
            r.transactions.iter().all(|t| t.integrity == rtcinspect::handshake::stun::Check::Ok
                || !t.is_ice_check()),
            "{capture}"
        );
    }
}

#[test]
fn peer_that_never_answers() {
    // The answerer exited after its answer (ICMP port unreachable), or drops everything.
    for dir in [
        "real/pcap/aiortc-fail-answerer-gone",
        "real/pcap/aiortc-fail-fw-drop-all-b",
    ] {
        let r = analyse(dir, "capture.pcap");
        let IceOutcome::Failed {
            cause: IceFailure::PeerSilent { sender, .. },
        } = r.ice
        else {
            panic!("{dir}: {:?}", r.ice);
        };
        assert_eq!(sender, Some(Side::Offerer), "{dir}");
        assert_eq!(r.dtls, DtlsOutcome::NoDtls, "{dir}");
        assert!(codes(&r).contains(&"H008"), "{dir}: {:?}", codes(&r));
    }
}

#[test]
fn firewall_dropping_one_direction() {
    // nft in the answerer's namespace drops UDP from the offerer: the answerer's checks get
    // through and are answered (on the offerer's side of the capture), the offerer's are not.
    let r = analyse("real/pcap/ndc-fail-fw-drop-in-b", "capture.pcap");
    let IceOutcome::Failed {
        cause: IceFailure::OneWay { working, .. },
    } = r.ice
    else {
        panic!("{:?}", r.ice);
    };
    assert_eq!(working, Some(Side::Answerer));
    // Both agents sent checks, so the pair's finding blames the path, not an agent.
    let h008: Vec<_> = r.findings.iter().filter(|d| d.code == "H008").collect();
    assert!(!h008.is_empty());
    for d in h008 {
        let help = d.help.as_deref().unwrap_or_default();
        assert!(help.starts_with("one direction is dropped"), "{d:?}");
    }
}

#[test]
fn fingerprint_mismatch() {
    // aiortc: the handshake completes on the wire; the answerer's certificate (frame 25) does
    // not match the sha-256 line of the answer the offerer applied; media one way after it.
    let r = analyse_with(
        "real/pcap/aiortc-fail-fp-mismatch",
        "capture.pcap",
        "real/pcap/aiortc-fail-fp-mismatch/answer.received.sdp",
    );
    let DtlsOutcome::Complete {
        fingerprints:
            Fingerprints::Mismatch {
                side,
                number,
                hash_function,
                ..
            },
        ..
    } = &r.dtls
    else {
        panic!("{:?}", r.dtls);
    };
    assert_eq!(
        (*side, *number, hash_function.as_str()),
        (Side::Answerer, 25, "sha-256")
    );
    let audio = &r.media.sections[0];
    assert_eq!(
        audio.flowing,
        Flowing::OneWay {
            from: Side::Answerer
        }
    );
    // libdatachannel: the offerer (server) aborts with a fatal unknown_ca alert.
    let r = analyse_with(
        "real/pcap/ndc-fail-fp-mismatch",
        "capture.pcap",
        "real/pcap/ndc-fail-fp-mismatch/answer.received.sdp",
    );
    let DtlsOutcome::Failed {
        alert,
        fingerprints: Fingerprints::Mismatch { side, number, .. },
        ..
    } = &r.dtls
    else {
        panic!("{:?}", r.dtls);
    };
    assert_eq!((*side, *number), (Side::Answerer, 26));
    assert!(
        alert.describe().starts_with("fatal alert unknown_ca"),
        "{}",
        alert.describe()
    );
    assert_eq!(selected(&r), pair("[fd99::1]:35938", "[fd99::2]:51857"));
}

#[test]
fn wrong_pwd_in_the_sdp_given() {
    // The call worked; the SDP given has another ice-pwd for the answerer (hand-edited): every
    // message keyed with it fails (frames 20-23), the offerer's verify (14, 15, 18, 19).
    let r = analyse_with(
        "real/pcap/aiortc-wrong-pwd",
        "capture.pcap",
        "hand-edited/aiortc-wrong-pwd.answer.sdp",
    );
    assert_eq!(selected(&r), pair("[fd99::1]:49818", "[fd99::2]:35961"));
    assert!(codes(&r).contains(&"H004"), "{:?}", codes(&r));
    use rtcinspect::handshake::stun::Check;
    let mut failed: Vec<u64> = Vec::new();
    let mut ok: Vec<u64> = Vec::new();
    for t in &r.transactions {
        let mut put = |check: Check, n: u64| match check {
            Check::Failed => failed.push(n),
            Check::Ok => ok.push(n),
            _ => {}
        };
        put(t.integrity, t.request.number);
        if let Some(resp) = &t.response {
            put(resp.integrity, resp.seen.number);
        }
    }
    failed.sort();
    ok.sort();
    assert_eq!(failed, [20, 21, 22, 23]);
    assert_eq!(ok, [14, 15, 18, 19]);
    // With the real answer, nothing fails.
    let r = analyse("real/pcap/aiortc-wrong-pwd", "capture.pcap");
    assert!(!codes(&r).contains(&"H004"));
}

#[test]
fn role_conflicts() {
    // Both agents started controlling: a real 487, then the call works.
    let r = analyse("real/pcap/aiortc-role-conflict-487", "capture.pcap");
    assert!(matches!(r.ice, IceOutcome::Connected { .. }), "{:?}", r.ice);
    assert!(codes(&r).contains(&"H006"), "{:?}", codes(&r));
    // Resolved silently: the answerer is controlling and nominates.
    let r = analyse("real/pcap/aiortc-role-conflict-switch", "capture.pcap");
    let IceOutcome::Connected { pair, .. } = r.ice else {
        panic!("{:?}", r.ice);
    };
    let p = &r.pairs[pair];
    let (from_answerer, from_offerer) = if p.a.side == Some(Side::Answerer) {
        (&p.a_to_b, &p.b_to_a)
    } else {
        (&p.b_to_a, &p.a_to_b)
    };
    assert!(from_answerer.use_candidate > 0 && from_answerer.controlling == Some(true));
    assert_eq!(from_offerer.controlling, Some(false));
}

#[test]
fn turn_relays() {
    // Relay (offerer) to host (answerer): ChannelData unwrapped, checks on relayed ↔ peer.
    let r = analyse("real/pcap/ndc-turn-relay", "capture.pcap");
    assert_eq!(selected(&r), pair("10.99.0.3:49177", "10.99.0.2:48459"));
    dtls_complete_and_matching(&r);
    assert!(!r.allocations.is_empty());
    // Relay to relay.
    let r = analyse("real/pcap/ndc-turn-relay-both", "capture.pcap");
    assert_eq!(selected(&r), pair("10.99.0.3:49189", "10.99.0.3:49179"));
    dtls_complete_and_matching(&r);
    // aioice: 600 s allocation, released with Refresh lifetime 0 at the end.
    let r = analyse("real/pcap/aiortc-turn-relay", "capture.pcap");
    assert_eq!(selected(&r), pair("10.99.0.3:49153", "10.99.0.2:50186"));
    let a = r
        .allocations
        .iter()
        .find(|a| a.relayed == Some(addr("10.99.0.3:49153")))
        .unwrap();
    assert_eq!(a.lifetime_s, Some(600));
    assert!(a.deleted);
    // Every check verifies with the SDPs' ice-pwd inside the TURN framing.
    assert!(!codes(&r).contains(&"H004"));
}
