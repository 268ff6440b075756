//! The DTLS and media analysis (`Report::associations`, `dtls`, `rtp_streams`, `media`) of
//! every real capture with its SDPs, checked against facts recorded by the lab next to each
//! capture: `verify.txt` / `verify-received.txt` (the lab's own certificate SHA-256 vs
//! a=fingerprint, per frame), the README.txt of each failure capture, `facts.txt` (TShark
//! 4.0.17) and the SDPs.
//!
//! Topology (fixtures/README.md): the offerer is 10.99.0.1 / fd99::1 (`a=setup:actpass`, ends
//! up DTLS server), the answerer 10.99.0.2 / fd99::2 (`a=setup:active`, DTLS client).
//! Captures other than Ethernet pcap (SLL, SLL2, pcapng) wait for the capture reader; the TURN
//! captures need ChannelData unwrapped (the capture reader's job) and are left out here.

mod common;

use common::{analyse, analyse_with, real_dir};
use rtcinspect::handshake::dtls::{
    AlertDescription, AlertLevel, ProtocolVersion, Side as Role, SrtpProtectionProfile,
};
use rtcinspect::handshake::dtls_flow::{
    DtlsOutcome, EventKind, Fingerprints, NotCheckable, SrtpChoice, Stage,
};
use rtcinspect::handshake::media::{Flowing, MatchedBy};
use rtcinspect::handshake::{IceOutcome, Report, Side};
use std::path::{Path, PathBuf};

fn codes(r: &Report) -> Vec<&'static str> {
    r.findings.iter().map(|d| d.code).collect()
}

fn pcap_dir(name: &str) -> PathBuf {
    real_dir().join("pcap").join(name)
}

/// "frame N cert sha-256 D MATCH|NO-MATCH" (aiortc and ndc labs) or "…: cert sha-256 D
/// MATCH …" (browser lab, no frame): (frame, digest, matches).
fn lab_certificates(file: &Path) -> Vec<(Option<u64>, String, bool)> {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines()
        .filter_map(|l| {
            let at = l.find("cert sha-256 ")?;
            let frame = l
                .strip_prefix("frame ")
                .and_then(|r| r.split_whitespace().next())
                .and_then(|n| n.parse().ok());
            let rest = &l[at + "cert sha-256 ".len()..];
            let (digest, verdict) = rest.split_once(' ')?;
            Some((frame, digest.to_owned(), verdict.starts_with("MATCH")))
        })
        .collect()
}

fn real_captures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(real_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|d| d.join("capture.pcap").exists())
        .collect();
    dirs.sort();
    assert_eq!(dirs.len(), 26);
    dirs
}

/// Every capture of fixtures/real/*: the association between the two agents, the answerer as
/// DTLS client as a=setup says; DTLS 1.2 (aiortc, libdatachannel) with both certificates
/// matching their sender's fingerprints, the digests and frames those of the lab's
/// verify.txt, SRTP_AEAD_AES_256_GCM chosen; DTLS 1.3 (browser pairs) reported as not
/// checkable, the SRTP choice encrypted. No error or warning of the DTLS and media families
/// except on the two failed calls.
#[test]
fn every_real_capture_dtls_verdict() {
    let (mut dtls12, mut dtls13) = (0, 0);
    for dir in real_captures() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let r = analyse(&dir);
        let ours: Vec<&str> = codes(&r)
            .into_iter()
            .filter(|c| c.starts_with("H1") || c.starts_with("H2"))
            .collect();
        if name == "aiortc-max-bundle-dc-first-failed" {
            // ICE never completed (README): no DTLS, and not a DTLS finding either.
            assert_eq!(r.dtls, DtlsOutcome::NoDtls);
            assert!(ours.is_empty(), "{name}: {ours:?}");
            continue;
        }
        let a = &r.associations[r.dtls.association().unwrap()];
        assert!(a.between_peers(), "{name}");
        assert_eq!(a.expected_client, Some(Side::Answerer), "{name}");
        assert_eq!(a.end(Role::Client).unwrap().side, Some(Side::Answerer));
        assert_eq!(a.end(Role::Server).unwrap().side, Some(Side::Offerer));
        if name == "ndc-trickle-multi-dc-dconly-dtls-alert-failed" {
            continue; // below
        }
        let DtlsOutcome::Complete {
            version,
            fingerprints,
            ..
        } = &r.dtls
        else {
            panic!("{name}: {:?}", r.dtls);
        };
        let browsers =
            (name.starts_with("chromium") || name.starts_with("firefox")) && !name.contains("ndc");
        if browsers {
            assert_eq!(*version, Some(ProtocolVersion::DTLS_1_3), "{name}");
            assert!(
                matches!(
                    fingerprints,
                    Fingerprints::NotCheckable {
                        reason: NotCheckable::EncryptedCertificates { encrypted_records }
                    } if *encrypted_records > 50
                ),
                "{name}: {fingerprints:?}"
            );
            assert_eq!(a.srtp, SrtpChoice::Encrypted);
            assert!(a.certificates.is_empty());
            assert!(codes(&r).contains(&"H106"), "{name}");
            dtls13 += 1;
        } else {
            assert_eq!(*version, Some(ProtocolVersion::DTLS_1_2), "{name}");
            assert_eq!(
                *fingerprints,
                Fingerprints::Match {
                    sides: vec![Side::Offerer, Side::Answerer]
                },
                "{name}"
            );
            assert_eq!(
                a.srtp,
                SrtpChoice::Chosen {
                    profile: SrtpProtectionProfile::SRTP_AEAD_AES_256_GCM
                },
                "{name}"
            );
            let mut lab = lab_certificates(&dir.join("verify.txt"));
            let mut seen: Vec<(Option<u64>, String, bool)> = a
                .certificates
                .iter()
                .map(|c| {
                    let frame = lab[0].0.map(|_| c.number);
                    (frame, c.sha256.clone(), true)
                })
                .collect();
            lab.sort();
            seen.sort();
            assert_eq!(seen, lab, "{name}");
            dtls12 += 1;
        }
        assert_eq!(a.stage, Stage::Complete, "{name}");
        assert!(a.stopped.ends_with("application data both ways"), "{name}");
        for bad in [
            "H101", "H102", "H103", "H104", "H105", "H108", "H201", "H203", "H204",
        ] {
            assert!(!ours.contains(&bad), "{name}: {:#?}", r.findings);
        }
    }
    // The 15th DTLS 1.2 capture is the alert-failed one, checked in `ndc_alert_failed_call`.
    assert_eq!((dtls12, dtls13), (14, 10));
}

/// ndc-basic (README): the client's ClientHello is sent twice (frames 15 and 24, the same
/// message_seq 0), the handshake completes.
#[test]
fn ndc_basic_retransmitted_client_hello() {
    let r = analyse(&real_dir().join("ndc-basic"));
    let a = &r.associations[0];
    let client = a.end(Role::Client).unwrap();
    assert_eq!((client.client_hellos, client.retransmissions), (2, 1));
    let hellos: Vec<(u64, bool)> = a
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Handshake {
                msg_type,
                retransmission,
                ..
            } if msg_type.0 == 1 => Some((e.number, retransmission)),
            _ => None,
        })
        .collect();
    assert_eq!(hellos, [(15, false), (24, true)]);
    assert!(codes(&r).contains(&"H107"));
}

/// ndc-trickle-multi-dc-dconly-dtls-alert-failed (fixtures/README.md): ICE succeeded, then the
/// offerer (DTLS server) sent a fatal unknown_ca in the clear (frame 20) right after the
/// answerer's Certificate flight; both certificates match the SDPs (verify.txt).
#[test]
fn ndc_alert_failed_call() {
    let r = analyse(&real_dir().join("ndc-trickle-multi-dc-dconly-dtls-alert-failed"));
    assert!(matches!(r.ice, IceOutcome::Connected { .. }));
    let DtlsOutcome::Failed {
        alert,
        fingerprints,
        ..
    } = &r.dtls
    else {
        panic!("{:?}", r.dtls);
    };
    let x = alert.alert.unwrap();
    assert_eq!(
        (x.level, x.description),
        (AlertLevel::FATAL, AlertDescription::UNKNOWN_CA)
    );
    assert_eq!(alert.number, 20);
    assert_eq!(
        (alert.side, alert.role),
        (Some(Side::Offerer), Some(Role::Server))
    );
    assert!(alert
        .after
        .as_deref()
        .unwrap()
        .starts_with("the client's Certificate"));
    assert!(matches!(fingerprints, Fingerprints::Match { .. }));
    assert_eq!(r.associations[0].stage, Stage::ClientFlight);
    assert!(codes(&r).contains(&"H103"));
    assert!(!codes(&r).contains(&"H104"));
}

/// aiortc-fail-fp-mismatch (README.txt, verify-received.txt): with the answer the offerer
/// applied, the answerer's certificate (frame 25) does not match a=fingerprint:sha-256 (the
/// sha-384 and sha-512 lines do); the handshake spans two 5-tuples (ClientHello frame 22 on
/// IPv4, the client's second flight frame 25 on IPv6) and completes on the wire; after it only
/// the answerer sends: SRTP SSRC 0x570af260 PT 96 (997 packets) and 8 application-data records.
#[test]
fn aiortc_fingerprint_mismatch_across_two_5_tuples() {
    let dir = pcap_dir("aiortc-fail-fp-mismatch");
    let r = analyse_with(&dir, "capture.pcap", "offer.sdp", "answer.received.sdp").unwrap();
    assert!(matches!(r.ice, IceOutcome::Connected { .. }));
    assert_eq!(r.associations.len(), 1);
    let a = &r.associations[0];
    assert_eq!(a.flows.len(), 2);
    assert!(a.flows.iter().any(|f| f.src.is_ipv4()) && a.flows.iter().any(|f| f.src.is_ipv6()));
    let first = &a.events[0];
    assert_eq!(
        (first.number, first.from.to_string(), first.role),
        (22, "10.99.0.2:57006".to_owned(), Some(Role::Client))
    );
    assert_eq!(a.stage, Stage::Complete);
    let DtlsOutcome::Complete { fingerprints, .. } = &r.dtls else {
        panic!("{:?}", r.dtls);
    };
    let Fingerprints::Mismatch {
        side,
        number,
        hash_function,
        expected,
        computed,
        matching,
    } = fingerprints
    else {
        panic!("{fingerprints:?}");
    };
    assert_eq!((*side, *number), (Side::Answerer, 25));
    assert_eq!(hash_function, "sha-256");
    // The lab's verdicts for both certificates, with the SDP the offerer applied.
    let lab = lab_certificates(&dir.join("verify-received.txt"));
    assert_eq!(lab.len(), 2);
    for (frame, digest, matches) in &lab {
        let c = a
            .certificates
            .iter()
            .find(|c| Some(c.number) == *frame)
            .unwrap();
        assert_eq!(&c.sha256, digest);
        assert_eq!(c.checks.iter().all(|l| l.outcome.is_match()), *matches);
    }
    assert_eq!(computed, &lab.iter().find(|l| !l.2).unwrap().1);
    assert!(expected.starts_with("0C:B9:C8:") && expected.ends_with(":6E:77"));
    assert_eq!(matching, &["sha-384", "sha-512"]);
    let audio = r.rtp_streams.iter().find(|s| s.ssrc == 0x570af260).unwrap();
    assert_eq!((audio.packets, &audio.payload_types[..]), (997, &[96][..]));
    assert_eq!(audio.sender, Some(Side::Answerer));
    assert_eq!(r.rtp_streams.len(), 1, "the offerer sent no SRTP");
    assert_eq!(
        r.media.sections[0].flowing,
        Flowing::OneWay {
            from: Side::Answerer
        }
    );
    assert_eq!(
        (
            r.media.sections[1].kind.as_str(),
            r.media.sections[1].from_answerer,
            r.media.sections[1].flowing
        ),
        (
            "application",
            8,
            Flowing::OneWay {
                from: Side::Answerer
            }
        )
    );
    let c = codes(&r);
    assert!(c.contains(&"H104") && c.contains(&"H203"), "{c:?}");
    // The close_notify at the end is encrypted: the association closed, it did not fail.
    assert_eq!(a.alerts.len(), 1);
    assert!(a.alerts[0].alert.is_none() && a.failure().is_none());

    // With the answer as the answerer produced it, the fingerprints match: what remains is
    // the one-sided traffic after DTLS.
    let r = analyse_with(&dir, "capture.pcap", "offer.sdp", "answer.sdp").unwrap();
    let DtlsOutcome::Complete { fingerprints, .. } = &r.dtls else {
        panic!("{:?}", r.dtls);
    };
    assert!(matches!(fingerprints, Fingerprints::Match { .. }));
    let c = codes(&r);
    assert!(!c.contains(&"H104") && c.contains(&"H203"), "{c:?}");
}

/// ndc-fail-fp-mismatch (README.txt): ICE connected on fd99::1:35938 ↔ fd99::2:51857; the
/// answerer's certificate (frame 26) does not match the answer the offerer applied; the
/// offerer (server) sent fatal unknown_ca (frame 27) after the client's Certificate flight;
/// ClientHello sent twice; no SRTP, no SCTP.
#[test]
fn ndc_fingerprint_mismatch_and_unknown_ca() {
    let dir = pcap_dir("ndc-fail-fp-mismatch");
    let r = analyse_with(&dir, "capture.pcap", "offer.sdp", "answer.received.sdp").unwrap();
    assert!(matches!(r.ice, IceOutcome::Connected { .. }));
    let DtlsOutcome::Failed {
        alert,
        fingerprints,
        ..
    } = &r.dtls
    else {
        panic!("{:?}", r.dtls);
    };
    assert_eq!(alert.number, 27);
    assert_eq!(alert.from.to_string(), "[fd99::1]:35938");
    assert_eq!(alert.role, Some(Role::Server));
    assert_eq!(
        alert.alert.unwrap().description,
        AlertDescription::UNKNOWN_CA
    );
    assert!(alert.describe().starts_with(
        "fatal alert unknown_ca from the server (offerer) after the client's Certificate"
    ));
    let Fingerprints::Mismatch {
        side,
        number,
        expected,
        computed,
        matching,
        ..
    } = fingerprints
    else {
        panic!("{fingerprints:?}");
    };
    assert_eq!((*side, *number), (Side::Answerer, 26));
    let lab = lab_certificates(&dir.join("verify-received.txt"));
    assert_eq!(
        lab.iter().find(|l| l.0 == Some(26)).map(|l| (&l.1, l.2)),
        Some((computed, false))
    );
    assert!(expected.starts_with("D0:AD:7A:") && expected.ends_with(":CA:C5"));
    assert!(matching.is_empty());
    assert_eq!(
        r.associations[0].end(Role::Client).unwrap().client_hellos,
        2
    );
    assert!(r.rtp_streams.is_empty());
    assert!(r.media.sections.iter().all(|s| s.flowing == Flowing::None));
    let c = codes(&r);
    for code in ["H103", "H104", "H107"] {
        assert!(c.contains(&code), "{c:?}");
    }
    // With the answerer's own answer the certificates match; the server still refused.
    let r = analyse_with(&dir, "capture.pcap", "offer.sdp", "answer.sdp").unwrap();
    let DtlsOutcome::Failed { fingerprints, .. } = &r.dtls else {
        panic!("{:?}", r.dtls);
    };
    assert!(matches!(fingerprints, Fingerprints::Match { .. }));
    assert!(!codes(&r).contains(&"H104"));
}

/// The failure captures where ICE never connected carry no DTLS and get no DTLS finding
/// (their READMEs: "No DTLS was attempted").
#[test]
fn no_dtls_when_ice_failed() {
    for name in [
        "aiortc-fail-answerer-gone",
        "aiortc-fail-fw-drop-all-b",
        "ndc-fail-fw-drop-in-b",
    ] {
        let r = analyse(&pcap_dir(name));
        assert!(matches!(r.ice, IceOutcome::Failed { .. }), "{name}");
        assert_eq!(r.dtls, DtlsOutcome::NoDtls, "{name}");
        assert!(!codes(&r).iter().any(|c| c.starts_with("H1")), "{name}");
    }
}

/// aiortc-basic: the two Opus streams TShark shows (SSRC 0x30e9c53c from the offerer,
/// 0x75051dcc from the answerer, PT 96, 607 packets each) map to m-line 0 (mid 0) by the MID
/// header extension; 20 ms Opus frames make 50 packets/s; the data channel flows both ways.
#[test]
fn aiortc_basic_srtp_streams_on_their_m_line() {
    let r = analyse(&real_dir().join("aiortc-basic"));
    let mut streams: Vec<_> = r
        .rtp_streams
        .iter()
        .map(|s| {
            (
                s.ssrc,
                s.sender,
                s.packets,
                s.payload_types.clone(),
                s.section,
                s.matched_by,
            )
        })
        .collect();
    streams.sort_by_key(|s| s.0);
    assert_eq!(
        streams,
        [
            (
                0x30e9c53c,
                Some(Side::Offerer),
                607,
                vec![96],
                Some(0),
                Some(MatchedBy::Mid)
            ),
            (
                0x75051dcc,
                Some(Side::Answerer),
                607,
                vec![96],
                Some(0),
                Some(MatchedBy::Mid)
            ),
        ]
    );
    for s in &r.rtp_streams {
        let rate = s.packet_rate.unwrap();
        assert!((49.0..=51.0).contains(&rate), "{rate}");
        let bps = s.bitrate_bps.unwrap();
        assert!(bps > 8.0 * 60.0 * 50.0, "{bps}");
    }
    let flows: Vec<(&str, Flowing)> = r
        .media
        .sections
        .iter()
        .map(|s| (s.kind.as_str(), s.flowing))
        .collect();
    assert_eq!(
        flows,
        [("audio", Flowing::Both), ("application", Flowing::Both)]
    );
    // SRTCP from both senders.
    for ssrc in [0x30e9c53c, 0x75051dcc] {
        assert!(r
            .rtcp_senders
            .iter()
            .any(|x| x.ssrc == ssrc && x.packets > 0));
    }
}

/// Browser pairs: every RTP stream maps to an m-line of the SDPs (by MID), audio and video
/// flow both ways, and in chromium-simulcast the offerer's video carries only RID `q` (the
/// answer accepted no simulcast: fixtures/README.md).
#[test]
fn browser_streams_map_to_m_lines() {
    for name in [
        "chromium-basic",
        "firefox-basic",
        "chromium-simulcast",
        "chromium-offer-firefox-answer",
        "firefox-offer-chromium-answer",
    ] {
        let r = analyse(&real_dir().join(name));
        assert!(!r.rtp_streams.is_empty());
        for s in &r.rtp_streams {
            assert_eq!(s.matched_by, Some(MatchedBy::Mid), "{name} {:#x}", s.ssrc);
        }
        for s in &r.media.sections {
            assert_eq!(s.flowing, Flowing::Both, "{name} m-line {}", s.index);
        }
        if name == "chromium-simulcast" {
            let rids: Vec<&str> = r
                .rtp_streams
                .iter()
                .filter_map(|s| s.rid.as_deref())
                .collect();
            assert!(
                !rids.is_empty() && rids.iter().all(|r| *r == "q"),
                "{rids:?}"
            );
        }
    }
}

/// libdatachannel sends audio with the SSRC its a=ssrc lists (0x1234abcd) and no MID header
/// extension: mapped through a=ssrc; the answerer (no track) sends none, a true H202 note.
#[test]
fn ndc_audio_mapped_by_ssrc_one_way() {
    let r = analyse(&real_dir().join("ndc-basic"));
    assert_eq!(r.rtp_streams.len(), 1);
    let s = &r.rtp_streams[0];
    assert_eq!((s.ssrc, s.packets), (0x1234abcd, 588));
    assert_eq!((s.section, s.matched_by), (Some(0), Some(MatchedBy::Ssrc)));
    assert_eq!(
        r.media.sections[0].flowing,
        Flowing::OneWay {
            from: Side::Offerer
        }
    );
    assert!(codes(&r).contains(&"H202"));
}

mod mutated {
    use super::common::{packets, real_dir};
    use proptest::prelude::*;
    use rtcinspect::capture::Packet;
    use rtcinspect::handshake::{Analyzer, Peers};
    use rtcinspect::stun::classify;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The DTLS failure capture with bytes flipped, datagrams cut, dropped and repeated:
        /// the analysis never panics and the report serialises.
        #[test]
        fn mutated_capture_never_panics(
            edits in proptest::collection::vec((any::<u16>(), any::<u16>(), any::<u8>(), 0u8..4), 1..40)
        ) {
            let dir = real_dir().join("pcap/ndc-fail-fp-mismatch");
            let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
            let (o, a) = (read("offer.sdp"), read("answer.received.sdp"));
            let (o, a) = (rtcinspect::sdp::parse(&o), rtcinspect::sdp::parse(&a));
            let mut list = packets(&dir.join("capture.pcap")).unwrap();
            for (which, at, byte, op) in edits {
                let i = usize::from(which) % list.len();
                let len = list[i].3.len();
                match op {
                    0 => list[i].3[usize::from(at) % len] ^= byte.max(1),
                    1 => list[i].3.truncate(usize::from(at) % len + 1),
                    2 => { let p = list[i].clone(); list.push(p); }
                    _ => { list.remove(i); if list.is_empty() { return Ok(()); } }
                }
            }
            let mut analyzer = Analyzer::new(Peers::from_sdps(Some(&o), Some(&a)));
            for (number, time_ns, flow, bytes) in &list {
                analyzer.push(&Packet {
                    number: *number,
                    time_ns: *time_ns,
                    offset: 0,
                    flow: *flow,
                    channel: None,
                    truncated: false,
                    kind: classify(bytes[0]),
                    bytes,
                });
            }
            let report = analyzer.finish();
            prop_assert!(serde_json::to_string(&report).is_ok());
        }
    }
}
