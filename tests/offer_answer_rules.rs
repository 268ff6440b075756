//! Where each offer/answer rule's findings point (input, line, text) on its fixture pair in
//! fixtures/rules/, checked as `validate OFFER --answer ANSWER [--previous PREV]` does. That
//! each pair triggers exactly its rule, and the docs, are tests/rules.rs's job.

use rtcinspect::diag::Diagnostic;
use rtcinspect::lint;
use rtcinspect::sdp;
use std::path::Path;

fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// The findings of a fixture pair, with the text of each input for span checks.
fn findings(code: &str) -> (Vec<Diagnostic>, Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let offer = read(&dir.join(format!("{code}.offer.sdp"))).expect("offer fixture");
    let answer = read(&dir.join(format!("{code}.answer.sdp"))).expect("answer fixture");
    let previous = read(&dir.join(format!("{code}.previous.sdp")));
    let (o, a) = (sdp::parse(&offer), sdp::parse(&answer));
    let p = previous.as_deref().map(sdp::parse);
    let mut all = Vec::new();
    for (i, s) in [Some(&o), Some(&a), p.as_ref()].into_iter().enumerate() {
        let Some(s) = s else { continue };
        all.extend(s.diagnostics.iter().cloned().map(|d| d.in_input(i)));
    }
    all.extend(lint::check_exchange(
        (&o, None),
        (&a, None),
        p.as_ref().map(|p| (p, None)),
    ));
    let texts = [Some(offer), Some(answer), previous]
        .into_iter()
        .flatten()
        .collect();
    (all, texts)
}

/// What each fixture's findings point at, checked against the one change the fixture makes.
#[test]
fn fixture_findings_point_at_the_change() {
    let at = |code: &str| {
        let (found, texts) = findings(code);
        found
            .iter()
            .map(|d| {
                let t = &texts[d.input][d.span.range()];
                (d.input, d.span.line, t.to_string())
            })
            .collect::<Vec<_>>()
    };
    // O001: the answer's last m-line, one finding.
    assert_eq!(
        at("O001"),
        [(
            1,
            8,
            "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126".to_string()
        )]
    );
    assert_eq!(
        at("O002"),
        [(1, 8, "application".into()), (1, 18, "audio".into())]
    );
    assert_eq!(at("O003"), [(1, 45, "data".into())]);
    assert_eq!(at("O004"), [(1, 38, "9".into())]);
    // O005, O006: both m-lines are in the answer's BUNDLE group, whose transport takes the
    // tagged (first) section's a=setup (RFC 9143 §7.1.3): one finding, on that line.
    assert_eq!(at("O005"), [(1, 15, "actpass".into())]);
    assert_eq!(at("O006"), [(1, 15, "active".into())]);
    assert_eq!(at("O007"), [(1, 21, "sendrecv".into())]);
    assert_eq!(at("O008"), [(1, 31, "ISAC".into())]);
    assert_eq!(at("O009"), [(1, 35, "ISAC".into())]);
    assert_eq!(at("O010"), [(1, 5, "2".into())]);
    assert_eq!(at("O011"), [(1, 46, "rtcp-mux".into())]);
    assert_eq!(
        at("O012"),
        [(1, 21, "urn:ietf:params:rtp-hdrext:toffset".into())]
    );
    assert_eq!(at("O013"), [(1, 17, "5".into())]);
    assert_eq!(at("O014"), [(1, 5, "ice-lite".into())]);
    // One restart for the BUNDLE transport's credentials, written in both sections.
    assert_eq!(at("O015"), [(0, 11, "Kq7d".into())]);
    assert_eq!(at("O016"), [(0, 11, "Kq7d".into())]);
    // O017 only: the answer's J502 missing-sctp-port is the same fault, stated by O017.
    assert_eq!(
        at("O017"),
        [(
            1,
            38,
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel".into()
        )]
    );
}
