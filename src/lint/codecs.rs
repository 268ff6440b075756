//! What the RTP specifications fix about codecs: the static payload types of RFC 3551 §6 and
//! the clock rates (and channel counts) that payload formats prescribe. Shared by the RTP and
//! portability rules.

use crate::span::{Anchor, Span, Tok};

/// A static payload type of RFC 3551 §6 (Table 4 and 5): encoding name as the RFC spells it,
/// clock rate (Hz). One table for the crate: [`super::codec::static_codec`].
pub(super) fn static_payload_type(pt: u8) -> Option<(&'static str, u32)> {
    super::codec::static_codec(pt).map(|(name, rate, _)| (name, rate))
}

/// The clock rate (Hz) and, for audio, the channel count that a codec's RTP payload format
/// fixes, for codecs WebRTC stacks offer. `kind` is the media type (`audio`, `video`): `red`
/// and `ulpfec` are fixed at 90000 only for video. `rtx` is checked against its `apt` instead.
pub(super) fn expected_rate(name: &str, kind: &str) -> Option<(u32, Option<u16>, &'static str)> {
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    if is("opus") {
        // RFC 7587 §7: "opus/48000/2" whatever the actual rate and channels.
        return Some((48000, Some(2), "RFC 7587 §7"));
    }
    if is("PCMU") || is("PCMA") {
        return Some((8000, None, "RFC 3551 §4.5.14"));
    }
    if is("G722") {
        // RFC 3551 §4.5.2: 8000 for historical reasons, though G.722 samples at 16 kHz.
        return Some((8000, None, "RFC 3551 §4.5.2"));
    }
    let video = [
        ("VP8", "RFC 7741"),
        ("VP9", "RFC 9628"),
        ("H264", "RFC 6184"),
        ("H265", "RFC 7798"),
        ("AV1", "the AV1 RTP payload format"),
        ("flexfec-03", "RFC 8627"),
    ];
    if let Some((_, r)) = video.iter().find(|(n, _)| is(n)) {
        return Some((90000, None, r));
    }
    if kind == "video" && (is("red") || is("ulpfec")) {
        return Some((90000, None, "RFC 5109"));
    }
    None
}

/// The span of the first field of an attribute value (`96` in `a=rtpmap:96 VP8/90000`, `3` in
/// `a=extmap:3/sendonly uri`), up to a space or `/`.
pub(super) fn lead_span(value: &Tok<'_>) -> Span {
    let n = value.text.find([' ', '/']).unwrap_or(value.text.len());
    value.span.sub(0, n)
}

/// The space-separated tokens of `t`, each with its span.
pub(super) fn words<'t>(t: &'t Tok<'_>) -> impl Iterator<Item = Tok<'t>> {
    let a = Anchor::new(&t.text, t.span);
    t.text
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(move |w| a.tok(w))
}

/// The `,`-separated items of `t`, each with its span.
pub(super) fn items<'t>(t: &'t Tok<'_>) -> impl Iterator<Item = Tok<'t>> {
    let a = Anchor::new(&t.text, t.span);
    t.text
        .split(',')
        .filter(|w| !w.is_empty())
        .map(move |w| a.tok(w))
}
