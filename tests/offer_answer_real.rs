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
