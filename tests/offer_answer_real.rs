//! Offer/answer checks and the negotiation summary on the real pairs of fixtures/real/: no
//! error-level finding from `lint::check_pair`, and what `lint::negotiate` says matches what
//! the peers did (their peers.log, ice-dtls-params.txt and captures' READMEs).

use rtcinspect::diag::Severity;
use rtcinspect::input::{self, Source};
use rtcinspect::lint;
use rtcinspect::sdp;
use std::path::{Path, PathBuf};

/// A real offer/answer pair: where it comes from, the offer and the answer text.
struct Pair {
    name: String,
    offer: String,
    answer: String,
}

fn real_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real")
}

/// Every real pair: `offer.sdp` + `answer.sdp` and `offer.final.sdp` + `answer.final.sdp` of
/// each capture directory, and from each webrtc-internals dump the last offer and answer that
/// the peer connection applied (setLocalDescription / setRemoteDescription).
fn real_pairs() -> Vec<Pair> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(real_dir())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    for d in dirs {
        let dname = d.file_name().unwrap().to_string_lossy().to_string();
        for (o, a) in [
            ("offer.sdp", "answer.sdp"),
            ("offer.final.sdp", "answer.final.sdp"),
        ] {
            if let (Ok(offer), Ok(answer)) = (
                std::fs::read_to_string(d.join(o)),
                std::fs::read_to_string(d.join(a)),
            ) {
                out.push(Pair {
                    name: format!("{dname}/{o}+{a}"),
                    offer,
                    answer,
                });
            }
        }
        for dump in [
            "offer.webrtc-internals.json",
            "answer.webrtc-internals.json",
        ] {
            let Ok(bytes) = std::fs::read(d.join(dump)) else {
                continue;
            };
            let list = input::descriptions(&bytes).unwrap();
            let applied = |ty: &str| {
                list.iter()
                    .rev()
                    .find(|x| {
                        x.sdp_type.as_deref() == Some(ty)
                            && matches!(&x.source, Source::WebrtcInternals { event, .. }
                                if event == "setLocalDescription" || event == "setRemoteDescription")
                    })
                    .map(|x| x.sdp.to_string())
            };
            if let (Some(offer), Some(answer)) = (applied("offer"), applied("answer")) {
                out.push(Pair {
                    name: format!("{dname}/{dump}"),
                    offer,
                    answer,
                });
            }
        }
    }
    out
}

#[test]
fn real_pairs_have_no_error_level_finding() {
    let pairs = real_pairs();
    assert!(pairs.len() >= 40, "found only {} real pairs", pairs.len());
    let mut report = String::new();
    for p in &pairs {
        let offer = sdp::parse(&p.offer);
        let answer = sdp::parse(&p.answer);
        let found = lint::check_pair(&offer, &answer, None);
        for d in &found {
            report.push_str(&format!(
                "{}: {}[{}] input {} {}: {}\n",
                p.name, d.severity, d.code, d.input, d.span, d.message
            ));
        }
        assert!(
            !found.iter().any(|d| d.severity == Severity::Error),
            "{}: {found:#?}",
            p.name
        );
    }
    println!("{} pairs\n{report}", pairs.len());
}

fn negotiate_dir(dir: &str) -> lint::Negotiation {
    let d = real_dir().join(dir);
    let offer = std::fs::read_to_string(d.join("offer.sdp")).unwrap();
    let answer = std::fs::read_to_string(d.join("answer.sdp")).unwrap();
    lint::negotiate(&sdp::parse(&offer), &sdp::parse(&answer))
}

/// The side an address of the lab belongs to (fixtures/README.md, topology: the offerer is in
/// labA, 10.99.0.1 / fd99::1; the answerer in labB, 10.99.0.2 / fd99::2).
fn side_of(addr: &str) -> lint::negotiation::Side {
    use lint::negotiation::Side;
    if addr.starts_with("10.99.0.1:") || addr.starts_with("[fd99::1]") {
        Side::Offerer
    } else {
        assert!(
            addr.starts_with("10.99.0.2:") || addr.starts_with("[fd99::2]"),
            "{addr}"
        );
        Side::Answerer
    }
}

fn codecs(s: &lint::negotiation::Section) -> Vec<(u8, String)> {
    s.codecs
        .iter()
        .map(|c| {
            (
                c.payload_type,
                format!("{}/{}/{}", c.name, c.clock_rate, c.channels),
            )
        })
        .collect()
}

#[test]
fn aiortc_basic_negotiation_matches_the_capture() {
    use lint::negotiation::{Flow, Side};
    use rtcinspect::ice::Role;
    use rtcinspect::sdp::attributes::Setup;
    let n = negotiate_dir("aiortc-basic");
    // README.txt: "offerer (ICE controlling, DTLS actpass->server)", "answerer (ICE controlled,
    // DTLS active/client)"; "the answer bundles onto the first" (audio) transport.
    assert_eq!(
        (n.ice.offerer_role, n.ice.answerer_role),
        (Role::Controlling, Role::Controlled)
    );
    assert!(!n.ice.offerer_lite && !n.ice.answerer_lite);
    assert_eq!(n.bundle_groups, [["0", "1"]]);
    assert_eq!(n.sections.len(), 2);
    let audio = &n.sections[0];
    assert_eq!(
        (audio.index, audio.mid.as_deref(), audio.kind.as_str()),
        (0, Some("0"), "audio")
    );
    assert!(!audio.rejected);
    assert_eq!(
        codecs(audio),
        [
            (96, "opus/48000/2".to_string()),
            (9, "G722/8000/1".into()),
            (0, "PCMU/8000/1".into()),
            (8, "PCMA/8000/1".into())
        ]
    );
    // Both peers send a tone (440 Hz one way, 660 Hz back) and log "remote track audio".
    assert_eq!(audio.flow, Flow::Both);
    let t = audio.transport.as_ref().unwrap();
    assert_eq!((t.bundled_on.as_deref(), t.rtcp_mux), (None, true));
    let dtls = audio.dtls.as_ref().unwrap();
    assert_eq!(
        (dtls.offerer_setup, dtls.answerer_setup, dtls.client),
        (
            Some(Setup::Actpass),
            Some(Setup::Active),
            Some(Side::Answerer)
        )
    );
    let dc = &n.sections[1];
    assert_eq!((dc.kind.as_str(), dc.rejected), ("application", false));
    assert!(dc.codecs.is_empty());
    let t = dc.transport.as_ref().unwrap();
    assert_eq!((t.bundled_on.as_deref(), t.rtcp_mux), (Some("0"), false));
    let ch = n.data_channel.as_ref().unwrap();
    assert_eq!(
        (
            ch.mid.as_deref(),
            ch.offerer_sctp_port,
            ch.answerer_sctp_port,
            ch.offerer_max_message_size,
            ch.answerer_max_message_size
        ),
        (
            Some("1"),
            Some(5000),
            Some(5000),
            Some(262144),
            Some(262144)
        )
    );
    // The selected pair (README: 10.99.0.1:37799 <-> 10.99.0.2:53703) uses the candidates of
    // the carrier m-line, mid 0, on both sides.
    let d = real_dir().join("aiortc-basic");
    let offer = std::fs::read_to_string(d.join("offer.sdp")).unwrap();
    let answer = std::fs::read_to_string(d.join("answer.sdp")).unwrap();
    let (o, a) = (sdp::parse(&offer), sdp::parse(&answer));
    let has = |m: &sdp::Media<'_>, addr: &str, port: u16| {
        m.candidates()
            .any(|c| c.address.as_str() == addr && c.port_value == port)
    };
    assert!(has(&o.media[0], "10.99.0.1", 37799));
    assert!(has(&a.media[0], "10.99.0.2", 53703));
}

#[test]
fn ndc_offer_chromium_answer_negotiation_matches_the_capture() {
    use lint::negotiation::{Flow, Side};
    let n = negotiate_dir("ndc-offer-chromium-answer");
    assert_eq!(n.bundle_groups, [["0", "1", "2"]]);
    let [audio, video, dc] = &n.sections[..] else {
        panic!("{n:#?}")
    };
    assert_eq!(codecs(audio), [(111, "opus/48000/2".to_string())]);
    assert_eq!(audio.flow, Flow::Both);
    // libdatachannel offers video recvonly, Chromium answers sendonly: peers.log shows the
    // answerer sending ~555 kB and receiving ~31 kB (audio and RTCP) on the final pair.
    assert_eq!(
        (
            video.offerer_direction.as_str(),
            video.answerer_direction.as_str()
        ),
        ("recvonly", "sendonly")
    );
    assert_eq!(video.flow, Flow::AnswererToOfferer);
    assert_eq!(
        codecs(video),
        [
            (96, "VP8/90000/1".to_string()),
            (102, "H264/90000/1".into())
        ]
    );
    let h264 = &video.codecs[1];
    assert_eq!(
        (h264.offer_fmtp.as_deref(), h264.answer_fmtp.as_deref()),
        (
            Some("profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1"),
            Some("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f")
        )
    );
    for s in [audio, video, dc] {
        assert_eq!(s.dtls.as_ref().unwrap().client, Some(Side::Answerer));
    }
    assert_eq!(
        video.transport.as_ref().unwrap().bundled_on.as_deref(),
        Some("0")
    );
    let ch = n.data_channel.as_ref().unwrap();
    assert_eq!(
        (ch.offerer_max_message_size, ch.answerer_max_message_size),
        (Some(262144), Some(262144))
    );
}

#[test]
fn chromium_and_firefox_codecs_and_fmtp() {
    let n = negotiate_dir("chromium-basic");
    let audio = &n.sections[0];
    assert_eq!(audio.codecs[0].name, "opus");
    assert_eq!(
        audio.codecs[0].answer_fmtp.as_deref(),
        Some("minptime=10;useinbandfec=1")
    );
    assert_eq!(n.sections[1].codecs[0].name, "VP8");
    assert_eq!(n.sections[1].codecs.len(), 23);
    // Firefox answers `G722/8000/1` to Chromium's `G722/8000`: one codec (channels default to 1).
    let n = negotiate_dir("chromium-offer-firefox-answer");
    assert_eq!(
        codecs(&n.sections[0]),
        [
            (111, "opus/48000/2".to_string()),
            (9, "G722/8000/1".into()),
            (0, "PCMU/8000/1".into()),
            (8, "PCMA/8000/1".into()),
            (126, "telephone-event/8000/1".into())
        ]
    );
    let ch = n.data_channel.unwrap();
    assert_eq!(
        (ch.offerer_max_message_size, ch.answerer_max_message_size),
        (Some(262144), Some(1073741823))
    );
}

/// The DTLS client and the ICE-controlling side that the captures show (dtls13-decrypt.txt
/// names the ClientHello's sender; verify.txt the sender of each USE-CANDIDATE request) are
/// the ones `negotiate` predicts, for every capture that records them.
#[test]
fn dtls_client_and_ice_controlling_side_match_every_capture() {
    use lint::negotiation::Side;
    use rtcinspect::ice::Role;
    let mut checked = (0, 0);
    for entry in std::fs::read_dir(real_dir()).unwrap() {
        let d = entry.unwrap().path();
        let name = d.file_name().unwrap().to_string_lossy().to_string();
        if !d.join("offer.sdp").exists() || !d.join("answer.sdp").exists() {
            continue;
        }
        let n = negotiate_dir(&name);
        if let Ok(text) = std::fs::read_to_string(d.join("dtls13-decrypt.txt")) {
            let marker = "client = DTLS client ";
            for line in text.lines().filter(|l| l.contains(marker)) {
                let addr = line
                    .split(marker)
                    .nth(1)
                    .unwrap()
                    .split(')')
                    .next()
                    .unwrap();
                let client = n.sections[0].dtls.as_ref().unwrap().client;
                assert_eq!(client, Some(side_of(addr)), "{name}: {line}");
                checked.0 += 1;
            }
        }
        if let Ok(text) = std::fs::read_to_string(d.join("verify.txt")) {
            for line in text
                .lines()
                .filter(|l| l.starts_with("frame") && l.contains("USE-CANDIDATE"))
            {
                let from = line.split_whitespace().nth(2).unwrap();
                let controlling = match n.ice.offerer_role {
                    Role::Controlling => Side::Offerer,
                    Role::Controlled => Side::Answerer,
                };
                assert_eq!(controlling, side_of(from), "{name}: {line}");
                checked.1 += 1;
            }
        }
    }
    assert!(checked.0 >= 5 && checked.1 >= 11, "{checked:?}");
}
