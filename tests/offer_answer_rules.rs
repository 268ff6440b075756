//! Every offer/answer rule (family `O`) has a doc and a fixture pair in fixtures/rules/ that
//! triggers exactly that rule, as `validate OFFER --answer ANSWER [--previous PREV]` checks it:
//! the parser's findings and `lint::check` on each description, then `lint::check_pair`.

use rtcinspect::diag::{registry, Diagnostic};
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
        for d in s.diagnostics.iter().cloned().chain(lint::check(s)) {
            all.push(d.in_input(i));
        }
    }
    all.extend(lint::check_pair(&o, &a, p.as_ref()));
    let texts = [Some(offer), Some(answer), previous]
        .into_iter()
        .flatten()
        .collect();
    (all, texts)
}

#[test]
fn each_offer_answer_rule_has_a_doc_and_a_fixture_that_triggers_exactly_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(registry::OFFER_ANSWER.len(), 17);
    for rule in registry::OFFER_ANSWER {
        let doc = read(&root.join(format!("docs/rules/{}.md", rule.code)))
            .unwrap_or_else(|| panic!("docs/rules/{}.md is missing", rule.code));
        assert!(
            doc.starts_with(&format!("# {} {}\n", rule.code, rule.name)),
            "{}: doc title",
            rule.code
        );
        for h in [
            "## What",
            "## Why it breaks calls",
            "## Example",
            "## Reference",
        ] {
            assert!(doc.contains(h), "{}: doc lacks {h}", rule.code);
        }
        let (found, texts) = findings(rule.code);
        assert!(
            !found.is_empty(),
            "{}: the fixture triggers nothing",
            rule.code
        );
        for d in &found {
            assert_eq!(d.code, rule.code, "{}: other finding {d:#?}", rule.code);
            // Spans point at text of the input they name.
            let text = &texts[d.input];
            assert!(d.span.end as usize <= text.len(), "{}: span", rule.code);
            for l in &d.secondary {
                assert!(l.span.end as usize <= texts[l.input].len());
            }
        }
    }
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
        [(1, 7, "m=audio 53703 UDP/TLS/RTP/SAVPF 96 9 0 8".to_string())]
    );
    assert_eq!(
        at("O002"),
        [(1, 7, "application".into()), (1, 19, "audio".into())]
    );
    assert_eq!(at("O003"), [(1, 30, "data".into())]);
    assert_eq!(at("O004"), [(1, 28, "53703".into())]);
    assert_eq!(
        at("O005"),
        [(1, 27, "actpass".into()), (1, 39, "actpass".into())]
    );
    assert_eq!(
        at("O006"),
        [(1, 27, "holdconn".into()), (1, 39, "holdconn".into())]
    );
    assert_eq!(at("O007"), [(1, 9, "sendrecv".into())]);
    assert_eq!(at("O008"), [(1, 21, "telephone-event".into())]);
    assert_eq!(at("O009"), [(1, 17, "ISAC".into())]);
    assert_eq!(at("O010"), [(1, 5, "1".into())]);
    assert_eq!(at("O011"), [(1, 33, "rtcp-mux".into())]);
    assert_eq!(
        at("O012"),
        [(
            1,
            12,
            "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time".into()
        )]
    );
    assert_eq!(at("O013"), [(1, 11, "3".into())]);
    assert_eq!(at("O014"), [(1, 5, "ice-lite".into())]);
    // One restart for the BUNDLE transport's credentials, written in both sections.
    assert_eq!(at("O015"), [(0, 24, "Kq7d".into())]);
    assert_eq!(at("O016"), [(0, 24, "Kq7d".into())]);
    assert_eq!(
        at("O017"),
        [(
            1,
            28,
            "m=application 53703 UDP/DTLS/SCTP webrtc-datachannel".into()
        )]
    );
}
