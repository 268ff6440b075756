//! Properties on generated inputs, on top of the concrete tests: any text round-trips through
//! the lossless writer, and the canonical form is a fixed point.

use proptest::prelude::*;
use rtcinspect::sdp;

/// Lines that look like SDP, with the awkward bits real inputs have: every line type, known
/// and unknown attributes, odd spacing, empty values, CRLF/LF/CR endings.
fn sdp_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("v=0".to_string()),
        "o=[-a-z]{0,3} [0-9]{1,20} [0-9]{1,3} IN IP[46] [0-9.:a-f]{1,15}",
        "[vstcbmkz]=[ -~]{0,20}",
        "m=(audio|video|application|image) [0-9]{0,6}(/[0-9])? [A-Z/]{0,18} [0-9a-z -]{0,20}",
        "a=(rtpmap|fmtp|candidate|group|mid|ssrc|ssrc-group|rid|simulcast|extmap|fingerprint|setup|msid|ice-options|rtcp|sctpmap):[ -~]{0,40}",
        "a=[a-z-]{1,12}(:[ -~]{0,20})?",
        "[ -~]{0,10}",
    ];
    let ending = prop_oneof![Just("\r\n"), Just("\n"), Just("")];
    prop::collection::vec((line, ending), 0..40).prop_map(|ls| {
        ls.into_iter()
            .map(|(l, e)| format!("{l}{}", if e.is_empty() { "\n" } else { e }))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn lossless_writer_gives_the_input_back(text in sdp_like()) {
        let s = sdp::parse(&text);
        prop_assert_eq!(sdp::write(&s), text);
    }

    #[test]
    fn canonical_form_is_a_fixed_point(text in sdp_like()) {
        let once = sdp::write_canonical(&sdp::parse(&text));
        let twice = sdp::write_canonical(&sdp::parse(&once));
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn any_bytes_parse_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let s = sdp::parse_bytes(&bytes, &Default::default());
        if let Ok(text) = std::str::from_utf8(&bytes) {
            prop_assert_eq!(sdp::write(&s), text);
        }
    }
}
