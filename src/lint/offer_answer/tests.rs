//! Offer/answer rules on the real aiortc-basic pair with one change each (the rule fixtures
//! are tested in tests/offer_answer_rules.rs; these are the cases around them).

use crate::diag::Diagnostic;
use crate::lint::{check_pair, negotiate};
use crate::sdp::parse;

fn real(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/real/aiortc-basic")
        .join(name);
    std::fs::read_to_string(p).unwrap()
}

fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code).collect()
}

fn pair(offer: &str, answer: &str) -> Vec<Diagnostic> {
    check_pair(&parse(offer), &parse(answer), None)
}

#[test]
fn the_real_pair_is_clean() {
    assert!(pair(&real("offer.sdp"), &real("answer.sdp")).is_empty());
}

#[test]
fn no_candidate_pair_across_address_families_is_i028() {
    // The offerer keeps only its IPv4 candidates, the answerer only its IPv6 ones.
    let offer = real("offer.sdp").replace(
        "a=candidate:98484a2021b176f581eab5eea51438fb 1 udp 2130706431 fd99::1 40518 typ host\r\n",
        "",
    );
    let answer = real("answer.sdp").replace(
        "a=candidate:aa92e410cd11ae9ea36df55d7fe9dd3a 1 udp 2130706431 10.99.0.2 53703 typ host\r\n",
        "",
    );
    let d = pair(&offer, &answer);
    // One finding for the BUNDLE transport (mid 0); the application m-line rides on it.
    assert_eq!(codes(&d), ["I028"]);
    assert_eq!(d[0].input, 0, "the offerer (controlling) forms the list");
    assert!(d[0].message.contains("address family"), "{}", d[0].message);
    assert_eq!(d[0].span.line, 21);
    assert_eq!(
        (d[0].secondary[0].input, d[0].secondary[0].span.line),
        (1, 21)
    );
    // Without BUNDLE in the answer, the application m-line's own candidates (both families on
    // both sides) still pair: only the audio transport is empty.
    let unbundled = answer.replace("a=group:BUNDLE 0 1\r\n", "");
    let d = pair(&offer, &unbundled);
    assert_eq!(codes(&d), ["I028"]);
}

#[test]
fn trickle_descriptions_without_candidates_form_no_list() {
    let strip = |s: String| {
        s.lines()
            .filter(|l| !l.starts_with("a=candidate") && !l.starts_with("a=end-of"))
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    };
    assert!(pair(&strip(real("offer.sdp")), &real("answer.sdp")).is_empty());
}

#[test]
fn a_lite_offerer_lets_the_full_answerer_form_the_list() {
    let offer = real("offer.sdp")
        .replace("t=0 0\r\n", "t=0 0\r\na=ice-lite\r\n")
        .replace(" fd99::1 40518 typ host", " 0.0.0.0 40518 typ host");
    let answer = real("answer.sdp").replace(
        "a=candidate:aa92e410cd11ae9ea36df55d7fe9dd3a 1 udp 2130706431 10.99.0.2 53703 typ host\r\n",
        "",
    );
    let d = pair(&offer, &answer);
    assert_eq!(codes(&d), ["I028"]);
    assert_eq!(d[0].input, 1, "the answerer is the full, controlling agent");
    let n = negotiate(&parse(&offer), &parse(&answer));
    assert_eq!(n.ice.answerer_role, crate::ice::Role::Controlling);
}

#[test]
fn a_static_payload_type_redefined_by_rtpmap() {
    let answer = real("answer.sdp").replace("a=rtpmap:0 PCMU/8000", "a=rtpmap:0 PCMA/8000");
    let d = pair(&real("offer.sdp"), &answer);
    assert_eq!(codes(&d), ["O009"]);
    assert_eq!(
        d[0].message,
        "the answer maps payload type 0 to PCMA/8000, the offer to PCMU/8000"
    );
    // The offer's PCMU came from its rtpmap: the label points at it.
    assert_eq!(d[0].secondary[0].span.line, 19);
}

#[test]
fn a_codec_offered_under_another_payload_type_is_not_flagged() {
    // RFC 3264 §6.1 says SHOULD for keeping the number; a renumbered codec is still offered.
    let answer = real("answer.sdp")
        .replace("UDP/TLS/RTP/SAVPF 96 9 0 8", "UDP/TLS/RTP/SAVPF 111 9 0 8")
        .replace("a=rtpmap:96 opus/48000/2", "a=rtpmap:111 opus/48000/2");
    assert!(pair(&real("offer.sdp"), &answer).is_empty());
}

#[test]
fn a_bundled_answer_section_with_port_0_is_not_rejected() {
    // RFC 9143 answers may give bundled m-lines port 0: still accepted, on mid 0's transport.
    let answer = real("answer.sdp").replace("m=application 53703 ", "m=application 0 ");
    assert!(pair(&real("offer.sdp"), &answer).is_empty());
    let n = negotiate(&parse(&real("offer.sdp")), &parse(&answer));
    assert!(!n.sections[1].rejected);
    // Out of the BUNDLE group, port 0 rejects it: no flow, no data channel.
    let rejected = answer.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0");
    assert!(pair(&real("offer.sdp"), &rejected).is_empty());
    let n = negotiate(&parse(&real("offer.sdp")), &parse(&rejected));
    assert!(n.sections[1].rejected);
    assert_eq!(n.sections[1].flow, crate::lint::negotiation::Flow::None);
    assert_eq!(n.data_channel, None);
}

#[test]
fn the_previous_description_is_matched_to_its_side_by_session_id() {
    // The earlier description is the answerer's: the o= session id tells (RFC 8866 §5.2).
    let previous = real("answer.sdp").replace("o=- 4004199861 ", "o=- 77 ");
    let answer = previous
        .replace("o=- 77 4004199861 ", "o=- 77 4004199862 ")
        .replace(
            "a=ice-pwd:svGLJXq2MUSF45EDaLpXQU",
            "a=ice-pwd:Vb4Rw9TzNf2LxQe8HmYc1p",
        );
    let d = check_pair(
        &parse(&real("offer.sdp")),
        &parse(&answer),
        Some(&parse(&previous)),
    );
    assert_eq!(codes(&d), ["O016"]);
    assert_eq!(d[0].input, 1);
    assert_eq!(
        d[0].message,
        "the pwd changed but the ufrag (`vBmD`) did not"
    );
    assert_eq!(d[0].secondary[0].input, 2);
    // The same previous description against an unchanged answer: nothing.
    let d = check_pair(
        &parse(&real("offer.sdp")),
        &parse(&previous),
        Some(&parse(&previous)),
    );
    assert!(d.is_empty());
}

#[test]
fn broken_inputs_give_findings_not_panics() {
    let offer = real("offer.sdp");
    for answer in [
        "",
        "v=0\r\n",
        "m=audio x\r\n",
        "\u{0}\u{ff}",
        "a=group:BUNDLE\r\n",
    ] {
        let d = pair(&offer, answer);
        assert_eq!(codes(&d), ["O001"], "{answer:?}");
        let n = negotiate(&parse(&offer), &parse(answer));
        assert!(n.sections.iter().all(|s| s.rejected));
        let d = pair(answer, &offer);
        assert!(d.iter().all(|d| d.code == "O001"), "{answer:?}: {d:#?}");
    }
}

#[test]
fn directions_per_rfc_3264() {
    use super::sections::direction_fits;
    use crate::sdp::Direction::*;
    let all = [SendRecv, SendOnly, RecvOnly, Inactive];
    let ok: Vec<_> = all
        .iter()
        .flat_map(|o| all.iter().map(move |a| (*o, *a)))
        .filter(|(o, a)| direction_fits(*o, *a))
        .collect();
    assert_eq!(
        ok,
        [
            (SendRecv, SendRecv),
            (SendRecv, SendOnly),
            (SendRecv, RecvOnly),
            (SendRecv, Inactive),
            (SendOnly, RecvOnly),
            (SendOnly, Inactive),
            (RecvOnly, SendOnly),
            (RecvOnly, Inactive),
            (Inactive, Inactive)
        ]
    );
}

#[test]
fn a_bundled_answer_setup_is_reported_once_for_its_transport() {
    // Both m-lines of the answer say actpass; they share the BUNDLE transport of mid 0, whose
    // a=setup (line 29) is the one that counts (RFC 9143 §7.1.3): one O005, not two.
    let answer = real("answer.sdp").replace("a=setup:active", "a=setup:actpass");
    let d = pair(&real("offer.sdp"), &answer);
    assert_eq!(codes(&d), ["O005"]);
    assert_eq!((d[0].input, d[0].span.line), (1, 29));
    // Unbundled, each m-line is its own transport and its own finding.
    let unbundled = answer.replace("a=group:BUNDLE 0 1\r\n", "");
    let d = pair(&real("offer.sdp"), &unbundled);
    let lines: Vec<u32> = d
        .iter()
        .filter(|d| d.code == "O005")
        .map(|d| d.span.line)
        .collect();
    assert_eq!(lines, [28, 42]);
}

#[test]
fn a_session_level_answer_setup_is_reported_once() {
    // The answer's a=setup moved to the session level, not bundled: one line, one finding.
    let answer = real("answer.sdp")
        .replace("a=group:BUNDLE 0 1\r\n", "a=setup:passive\r\n")
        .replace("a=setup:active\r\n", "");
    let offer = real("offer.sdp").replace("a=setup:actpass", "a=setup:passive");
    let d = pair(&offer, &answer);
    let o006: Vec<_> = d.iter().filter(|d| d.code == "O006").collect();
    assert_eq!(o006.len(), 1, "{d:#?}");
    assert_eq!(o006[0].span.line, 5);
}
