//! Bad input is normal input: every case gives a diagnostic with its position, no panic, and
//! the writer still gives the bytes back. Inputs are built in the tests (hand-written edge
//! cases; nothing here is a capture).

use rtcinspect::diag::Severity;
use rtcinspect::sdp::{self, Limits, ParseOptions, Value};

const HEAD: &str = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

fn names(s: &sdp::Session<'_>) -> Vec<(&'static str, u32, u32)> {
    s.diagnostics
        .iter()
        .map(|d| (d.name, d.span.line, d.span.column))
        .collect()
}

#[test]
fn not_utf8_names_the_byte_offset_and_keeps_the_prefix() {
    let mut bytes = format!("{HEAD}m=audio 9 RTP/AVP 0\r\na=mid:").into_bytes();
    let bad = bytes.len();
    bytes.extend_from_slice(b"\xff\xfe\r\n");
    let s = sdp::parse_bytes(&bytes, &ParseOptions::default());
    let d = s
        .diagnostics
        .iter()
        .find(|d| d.name == "not-utf8")
        .expect("not-utf8 reported");
    assert_eq!(d.span.start as usize, bad);
    assert_eq!((d.span.line, d.span.column), (6, 7));
    assert!(d.message.contains(&bad.to_string()));
    assert_eq!(s.media.len(), 1, "the valid prefix is parsed");
}

#[test]
fn nul_bytes_are_reported_where_they_are() {
    let text = format!("{HEAD}a=tool:x\0y\r\n");
    let s = sdp::parse(&text);
    assert!(names(&s).contains(&("nul-byte", 5, 9)), "{:?}", names(&s));
    assert_eq!(sdp::write(&s), text);
}

#[test]
fn a_100_mb_line_is_kept_raw_with_a_limit_error() {
    let mut text = String::from(HEAD);
    text.push_str("a=x-big:");
    text.push_str(&"A".repeat(100 * 1024 * 1024));
    text.push_str("\r\nm=audio 9 RTP/AVP 0\r\n");
    let s = sdp::parse(&text);
    assert_eq!(names(&s), [("limit-exceeded", 5, 1)]);
    assert!(matches!(s.lines[4].value, Value::Invalid(_)));
    assert_eq!(s.media.len(), 1, "parsing goes on after the long line");
    assert_eq!(sdp::write(&s).len(), text.len());
}

#[test]
fn a_million_empty_lines_stop_at_the_line_limit_with_bounded_diagnostics() {
    let text = format!("{HEAD}{}", "\r\n".repeat(1_000_000));
    let s = sdp::parse(&text);
    let limits = Limits::default();
    // The cap, plus the line-limit error and the "dropped" summary.
    assert!(s.diagnostics.len() <= limits.max_diagnostics + 2);
    assert!(s
        .diagnostics
        .iter()
        .any(|d| d.name == "limit-exceeded" && d.message.contains("more than 20000 lines")));
    assert!(s
        .diagnostics
        .last()
        .unwrap()
        .message
        .contains("more diagnostics were dropped"));
    assert_eq!(s.lines.len(), limits.max_lines);
    assert_eq!(sdp::write(&s), text, "the unparsed rest is kept");
}

#[test]
fn limits_are_configurable() {
    let text = format!("{HEAD}m=audio 9 RTP/AVP 0\r\n");
    let options = ParseOptions {
        limits: Limits {
            max_lines: 3,
            ..Limits::default()
        },
        ..Default::default()
    };
    let s = sdp::parse_with(&text, &options);
    assert_eq!(s.lines.len(), 3);
    assert!(s.rest.starts_with("t=0 0"));
    assert_eq!(sdp::write(&s), text);
}

#[test]
fn a_candidate_with_ten_thousand_tokens_hits_the_list_limit() {
    let mut text = format!("{HEAD}m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host");
    for i in 0..5_000 {
        text.push_str(&format!(" k{i} v"));
    }
    text.push_str("\r\n");
    let s = sdp::parse(&text);
    let d = &s.diagnostics[0];
    assert_eq!(
        (d.name, d.severity),
        ("invalid-attribute-value", Severity::Error)
    );
    assert!(
        d.message.contains("more than 256 extension pairs"),
        "{}",
        d.message
    );
    // It points at the first pair over the limit.
    let offset = text[..d.span.start as usize]
        .rsplit('\n')
        .next()
        .unwrap()
        .len();
    assert_eq!(&text[d.span.range()], "k256");
    assert_eq!(d.span.column as usize, offset + 1);
    assert_eq!(sdp::write(&s), text);
}

#[test]
fn m_line_without_a_port_still_opens_a_section() {
    let text = format!("{HEAD}m=audio\r\na=mid:0\r\nm=video 9 RTP/AVP 96\r\na=mid:1\r\n");
    let s = sdp::parse(&text);
    assert_eq!(names(&s), [("invalid-line-value", 5, 8)]);
    assert_eq!(
        s.diagnostics[0].message,
        "invalid m= (media) line: expected a port"
    );
    assert_eq!(s.media.len(), 2);
    assert_eq!(s.media[0].mid().unwrap().as_str(), "0");
    assert!(s.media[0].media_line().is_none());
}

#[test]
fn empty_and_whitespace_inputs() {
    let s = sdp::parse("");
    assert_eq!(
        s.diagnostics
            .iter()
            .filter(|d| d.name == "missing-line")
            .count(),
        4
    );
    let s = sdp::parse("\n\n");
    assert_eq!(sdp::write(&s), "\n\n");
}

#[test]
fn strict_mode_turns_structure_warnings_into_errors() {
    let text = "v=0\r\ns=-\r\no=- 1 1 IN IP4 127.0.0.1\r\n";
    let lax = sdp::parse(text);
    assert!(lax
        .diagnostics
        .iter()
        .all(|d| d.severity == Severity::Warning));
    let strict = sdp::parse_with(
        text,
        &ParseOptions {
            strict: true,
            ..Default::default()
        },
    );
    assert!(!strict.diagnostics.is_empty());
    assert!(strict
        .diagnostics
        .iter()
        .all(|d| d.severity == Severity::Error));
}

#[test]
fn time_is_linear_in_pathological_shapes() {
    // Many short lines with many tokens: parsing must finish (linear, no quadratic rescans);
    // measured in benches, here only that it completes and is lossless.
    let line = format!(
        "a=ssrc-group:SIM {}\r\n",
        (0..200)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let text = format!("{HEAD}m=video 9 RTP/AVP 96\r\n{}", line.repeat(5_000));
    let s = sdp::parse(&text);
    assert_eq!(s.media[0].lines.len(), 5_001);
    assert_eq!(sdp::write(&s), text);
}

#[test]
fn non_ascii_where_ascii_is_expected_points_at_the_whole_character() {
    // Found by the sdp_parse fuzz target: "a=" followed by a two-byte character used to cut
    // it in half when pointing at it.
    for (text, what) in [
        ("a=\u{19f}", "an attribute name"),
        ("a=ice-ufrag:ab\u{e9}cd", "an ice-char"),
        ("a=tls-id:\u{e9}", "a TLS id"),
        ("a=rid:\u{e9} send", "a rid id"),
        ("a=mid:\u{2603}", "a media stream identification"),
    ] {
        let s = sdp::parse(text);
        let d = s
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .unwrap_or_else(|| panic!("{text}"));
        assert!(d.message.contains(what), "{text}: {}", d.message);
        assert!(
            text.is_char_boundary(d.span.end as usize),
            "{text}: {:?}",
            d.span
        );
        assert!(
            !text[d.span.range()].is_empty() && !text[d.span.range()].is_ascii(),
            "{text}: {:?}",
            d.span
        );
        assert_eq!(sdp::write(&s), text);
    }
}
