//! The hand-written edge cases in fixtures/synthetic/ (see fixtures/README.md): each gives
//! exactly the findings listed here, at these positions, and round-trips.

use rtcinspect::sdp;

fn check(name: &str, expected: &[(&str, u32, u32)]) -> String {
    let path = format!("{}/fixtures/synthetic/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let s = sdp::parse(&text);
    let got: Vec<_> = s
        .diagnostics
        .iter()
        .map(|d| (d.name, d.span.line, d.span.column))
        .collect();
    assert_eq!(got, expected, "{name}");
    assert_eq!(sdp::write(&s), text, "{name}");
    text
}

#[test]
fn line_endings() {
    let text = check("mixed-line-endings.sdp", &[]);
    assert!(text.contains("\r\n") && text.contains("0\no="));
    let text = check("no-final-newline.sdp", &[]);
    let s = sdp::parse(&text);
    assert_eq!(
        s.media[0].rtpmap(111).unwrap().encoding_name.as_str(),
        "opus"
    );
    assert!(sdp::write_canonical(&s).ends_with("a=rtpmap:111 opus/48000/2\r\n"));
}

#[test]
fn media_beyond_webrtc_parse_without_allowlists() {
    let text = check("non-webrtc-media.sdp", &[]);
    let s = sdp::parse(&text);
    let kinds: Vec<_> = s
        .media
        .iter()
        .map(|m| (m.kind().unwrap(), m.media_line().unwrap().proto.to_string()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("audio", "RTP/AVP".into()),
            ("image", "udptl".into()),
            ("application", "UDP/BFCP".into()),
            ("application", "TCP/DTLS/SCTP".into()),
            ("video", "RTP/AVP".into()),
            ("text", "RTP/AVP".into()),
        ]
    );
    assert_eq!(s.media[4].media_line().unwrap().port_count, Some(2));
    assert!(matches!(
        s.media[1].attributes().next().unwrap().parsed,
        sdp::AttrValue::Unknown
    ));
}

#[test]
fn structure_findings_are_warnings() {
    check(
        "missing-s-and-t.sdp",
        &[("missing-line", 2, 25), ("missing-line", 2, 25)],
    );
    check(
        "out-of-order.sdp",
        &[
            ("line-out-of-order", 3, 1),
            ("line-out-of-order", 6, 1),
            ("line-out-of-order", 9, 1),
        ],
    );
}

#[test]
fn grammar_errors_keep_the_line_and_point_at_the_token() {
    let text = check(
        "grammar-errors.sdp",
        &[
            ("invalid-attribute-value", 8, 19),
            ("invalid-attribute-value", 10, 9),
            ("invalid-attribute-value", 12, 29),
            ("invalid-line-value", 13, 8),
        ],
    );
    let s = sdp::parse(&text);
    // The bad rtpmap stays as an attribute with its raw value; the good one is typed.
    let bad = s.media[0].attribute("rtpmap").unwrap();
    assert!(matches!(bad.parsed, sdp::AttrValue::Invalid(_)));
    assert_eq!(bad.value.as_ref().unwrap().as_str(), "111 opus/x/2");
    assert_eq!(s.media[0].rtpmap(96).unwrap().clock_rate, 90000);
    assert_eq!(
        s.media[0]
            .attribute("x-unknown-thing")
            .unwrap()
            .value
            .as_ref()
            .unwrap()
            .as_str(),
        "keep me"
    );
    assert_eq!(s.media[1].mid().unwrap().as_str(), "1");
}

#[test]
fn malformed_lines() {
    check(
        "malformed-lines.sdp",
        &[
            ("empty-line", 5, 1),
            ("unknown-line-type", 7, 1),
            ("malformed-line", 8, 2),
            ("malformed-line", 9, 1),
            ("stray-whitespace", 10, 8),
            ("invalid-attribute-value", 10, 8),
        ],
    );
}

#[test]
fn legacy_sctpmap_is_typed() {
    let text = check("legacy-sctpmap.sdp", &[]);
    let s = sdp::parse(&text);
    assert!(matches!(
        s.media[0].attribute("sctpmap").unwrap().parsed,
        sdp::AttrValue::Sctpmap(sdp::attributes::Sctpmap {
            number: 5000,
            streams: Some(1024),
            ..
        })
    ));
}
