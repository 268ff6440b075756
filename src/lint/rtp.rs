//! RTP rules (J301–J317; the extmap ones J311–J315 live in `extmap.rs`): payload types and
//! their `rtpmap`/`fmtp`/`rtcp-fb` (RFC 8866 §6.6,
//! RFC 3551 §6, RFC 4588 §8, RFC 5761 §4), header extension ids (RFC 8285 §5, §6; RFC 9143
//! §9.1) and RTP/RTCP multiplexing (RFC 9429 §5.2.1, RFC 8858 §4.2).
//!
//! Only sections whose proto carries RTP are checked; payload type rules skip formats that
//! already failed J306 (not a payload type) so that one fault gives one finding.

use super::codec::Rtpmaps;
use super::codecs::{expected_rate, lead_span, static_payload_type, words};
use super::context::{Context, Section};
use super::extmap::{self, ExtmapIds};
use crate::diag::{registry as r, Diagnostic};
use crate::sdp::attributes::{AttrValue, Attribute, Fmtp, Rtpmap};
use crate::sdp::grammar::MediaLine;
use crate::sdp::Media;
use crate::span::{Anchor, Span, Tok};

pub(super) fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let session_mixed = cx.top.extmap_allow_mixed;
    let mut ids = ExtmapIds::new(session_mixed);
    for a in cx.session.attributes() {
        ids.check(a, out);
    }
    for sec in &cx.sections {
        let Some(ml) = sec.line else {
            continue;
        };
        // A data channel under an RTP proto is M003's finding, not a codec problem.
        if !ml.is_rtp() || ml.formats.split(' ').any(|f| f == "webrtc-datachannel") {
            continue;
        }
        let media = sec.media;
        let listed = payload_types(&ml.formats, sec.attrs.rtcp_mux, out);
        // One walk over the section: the payload type tables, and the rules on single lines.
        let mut formats = Formats::new(media);
        let mut mapped: Mapped<'_, '_> = [None; 128];
        let mut ids = ExtmapIds::new(session_mixed || sec.attrs.extmap_allow_mixed);
        for a in media.attributes() {
            match a.parsed {
                AttrValue::Rtpmap(_) | AttrValue::Fmtp(_) | AttrValue::RtcpFb(_) => {
                    formats.add(a);
                    mapped_payload_type(a, media, listed, &mut mapped, out);
                }
                AttrValue::Extmap(_) => ids.check(a, out),
                _ => {}
            }
        }
        formats.finish();
        // Then the rules that need the whole section.
        missing_rtpmaps(ml, &mapped, out);
        for &(_, m) in &formats.rtpmap_lines {
            rtx(media, m, &formats, listed, out);
        }
        for &(a, m) in &formats.rtpmap_lines {
            clock_rate(a, m, &formats, ml.media.as_str(), out);
        }
        rtcp_mux(sec, out);
    }
    extmap::bundle_extmaps(cx, out);
}

/// A set of RTP payload types (0-127).
#[derive(Clone, Copy, Default)]
struct PayloadTypes(u128);

impl PayloadTypes {
    fn contains(self, pt: u8) -> bool {
        pt <= 127 && self.0 & (1 << pt) != 0
    }

    fn insert(&mut self, pt: u8) {
        if pt <= 127 {
            self.0 |= 1 << pt;
        }
    }
}

/// The rtpmap and fmtp lines of a section: the first `a=rtpmap` and the first `a=fmtp` of
/// each payload type (0-127), as [`Media::rtpmap`] and [`Media::fmtp`] find them; every
/// rtpmap line in order; and the `apt=` of each rtx payload type (RFC 4588 §8.1), which two
/// rules read. Gathered during the section's walk ([`Formats::add`], then
/// [`Formats::finish`]).
struct Formats<'s, 'a> {
    media: &'s Media<'a>,
    rtpmaps: Rtpmaps<'s, 'a>,
    fmtp: [Option<&'s Fmtp<'a>>; 128],
    /// The `a=rtpmap` lines, in order.
    rtpmap_lines: Vec<(&'s Attribute<'a>, &'s Rtpmap<'a>)>,
    /// Every payload type with an rtx rtpmap, and the `apt=` of its fmtp.
    apts: Vec<(u8, Option<Tok<'s>>)>,
}

impl<'s, 'a> Formats<'s, 'a> {
    fn new(media: &'s Media<'a>) -> Self {
        Formats {
            media,
            rtpmaps: Rtpmaps::new(media),
            fmtp: [None; 128],
            rtpmap_lines: Vec::new(),
            apts: Vec::new(),
        }
    }

    /// The next attribute of the section.
    fn add(&mut self, a: &'s Attribute<'a>) {
        match &a.parsed {
            AttrValue::Rtpmap(m) => {
                self.rtpmaps.add(m);
                self.rtpmap_lines.push((a, m));
                if is_rtx(m) && !self.apts.iter().any(|(pt, _)| *pt == m.payload_type) {
                    self.apts.push((m.payload_type, None));
                }
            }
            AttrValue::Fmtp(m) => {
                let pt = m.payload_type().map(usize::from);
                if let Some(slot) = pt.and_then(|pt| self.fmtp.get_mut(pt)) {
                    slot.get_or_insert(m);
                }
            }
            _ => {}
        }
    }

    /// After the last attribute: reads the `apt=` of the rtx payload types.
    fn finish(&mut self) {
        for i in 0..self.apts.len() {
            let pt = self.apts[i].0;
            self.apts[i].1 = self.fmtp(pt).and_then(|fmtp| fmtp.get("apt"));
        }
    }

    /// The `apt=` of rtx payload type `pt` (one with an rtx rtpmap).
    fn apt(&self, pt: u8) -> Option<&Tok<'s>> {
        self.apts
            .iter()
            .find(|(p, _)| *p == pt)
            .and_then(|(_, apt)| apt.as_ref())
    }

    fn rtpmap(&self, pt: u8) -> Option<&'s Rtpmap<'a>> {
        self.rtpmaps.get(pt)
    }

    fn fmtp(&self, pt: u8) -> Option<&'s Fmtp<'a>> {
        match self.fmtp.get(usize::from(pt)) {
            Some(f) => *f,
            None => self.media.fmtp(pt),
        }
    }
}

/// J305–J307 on the m= line; returns the valid payload types.
fn payload_types(formats: &Tok<'_>, rtcp_mux: bool, out: &mut Vec<Diagnostic>) -> PayloadTypes {
    let mut seen = PayloadTypes::default();
    // Tokens (with spans) are made of the words only for findings.
    let anchor = Anchor::new(&formats.text, formats.span);
    for w in formats.text.split(' ').filter(|w| !w.is_empty()) {
        let f = || anchor.tok(w);
        let pt = match w.parse::<u8>() {
            Ok(pt) if pt <= 127 => pt,
            _ => {
                out.push(
                    Diagnostic::new(
                        &r::INVALID_PAYLOAD_TYPE,
                        f().span,
                        format!("`{w}` is not an RTP payload type (an integer 0-127)"),
                    )
                    .with_help("RTP carries the payload type in 7 bits; dynamic types are 96-127"),
                );
                continue;
            }
        };
        if seen.contains(pt) {
            let first = words(formats)
                .find(|w| w.parse::<u8>() == Ok(pt))
                .map_or(f().span, |w| w.span);
            out.push(
                Diagnostic::new(
                    &r::DUPLICATE_PAYLOAD_TYPE,
                    f().span,
                    format!("payload type {pt} is listed twice on the m= line"),
                )
                .with_label(first, "first listed here")
                .with_help("list each payload type once"),
            );
            continue;
        }
        if rtcp_mux && (64..=95).contains(&pt) {
            out.push(
                Diagnostic::new(
                    &r::PAYLOAD_TYPE_RTCP_CONFLICT,
                    f().span,
                    format!(
                        "payload type {pt} with rtcp-mux: with the marker bit set its packets \
                         read as RTCP packet type {}",
                        pt + 128
                    ),
                )
                .with_help("use a dynamic payload type in 96-127 (or 35-63)"),
            );
        }
        seen.insert(pt);
    }
    seen
}

/// The first rtpmap line of each listed payload type (0-127).
type Mapped<'s, 'a> = [Option<&'s Attribute<'a>>; 128];

/// J302, J308, J310 on one attribute: rtpmap/fmtp/rtcp-fb against the listed payload types.
/// `maps` holds the rtpmaps of the listed payload types seen so far.
fn mapped_payload_type<'s, 'a>(
    a: &'s Attribute<'a>,
    media: &Media<'_>,
    listed: PayloadTypes,
    maps: &mut Mapped<'s, 'a>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(value) = &a.value else { return };
    let (pt, what) = match &a.parsed {
        AttrValue::Rtpmap(m) => (Some(m.payload_type), "rtpmap"),
        AttrValue::Fmtp(f) => (f.payload_type(), "fmtp"),
        AttrValue::RtcpFb(fb) => match fb.payload_type {
            Some(pt) => (Some(pt), "rtcp-fb"),
            None => return, // `*`: every payload type (RFC 4585 §4.2)
        },
        _ => return,
    };
    if !pt.is_some_and(|pt| listed.contains(pt)) {
        let span = lead_span(value);
        out.push(
            Diagnostic::new(
                &r::UNLISTED_PAYLOAD_TYPE,
                span,
                format!(
                    "a={what} for payload type {}, which the m= line does not list",
                    &value.text[..span.len()]
                ),
            )
            .with_label(media.span(), "the m= line")
            .with_help("add the payload type to the m= line, or remove this line"),
        );
        return;
    }
    let AttrValue::Rtpmap(m) = &a.parsed else {
        return;
    };
    let span = || lead_span(value);
    // A listed payload type is at most 127.
    let Some(slot) = maps.get_mut(usize::from(m.payload_type)) else {
        return;
    };
    match *slot {
        Some(first) => {
            let (AttrValue::Rtpmap(f), Some(first_value)) = (&first.parsed, &first.value) else {
                return;
            };
            let same = f.encoding_name.eq_ignore_ascii_case(&m.encoding_name)
                && f.clock_rate == m.clock_rate
                && f.channels() == m.channels();
            if !same {
                out.push(
                    Diagnostic::new(
                        &r::CONFLICTING_RTPMAP,
                        span(),
                        format!(
                            "payload type {} is mapped to {} here and to {} before",
                            m.payload_type,
                            codec_name(m),
                            codec_name(f)
                        ),
                    )
                    .with_label(lead_span(first_value), "first mapped here")
                    .with_help("give each codec its own payload type"),
                );
            }
        }
        None => *slot = Some(a),
    }
    if let Some((name, rate)) = static_payload_type(m.payload_type) {
        if !m.encoding_name.eq_ignore_ascii_case(name) || m.clock_rate != rate {
            out.push(
                Diagnostic::new(
                    &r::STATIC_PAYLOAD_TYPE_REMAPPED,
                    codec_span(a, m),
                    format!(
                        "static payload type {} is {name}/{rate} (RFC 3551), not {}/{}",
                        m.payload_type, m.encoding_name, m.clock_rate
                    ),
                )
                .with_help("map this codec to a dynamic payload type (96-127)"),
            );
        }
    }
}

/// J301: every listed dynamic payload type has an rtpmap (`maps`, once the section is read).
fn missing_rtpmaps(ml: &MediaLine<'_>, maps: &Mapped<'_, '_>, out: &mut Vec<Diagnostic>) {
    let mut reported: Vec<u8> = Vec::new();
    let anchor = Anchor::new(&ml.formats.text, ml.formats.span);
    for w in ml.formats.text.split(' ').filter(|w| !w.is_empty()) {
        let Ok(pt) = w.parse::<u8>() else { continue };
        if pt <= 127
            && maps[usize::from(pt)].is_none()
            && static_payload_type(pt).is_none()
            && !reported.contains(&pt)
        {
            out.push(
                Diagnostic::new(
                    &r::MISSING_RTPMAP,
                    anchor.tok(w).span,
                    format!("payload type {pt} is not static and has no a=rtpmap"),
                )
                .with_help(format!(
                    "add `a=rtpmap:{pt} <codec>/<clock rate>` (e.g. opus/48000/2, VP8/90000)"
                )),
            );
            reported.push(pt);
        }
    }
}

/// J303, J304: every rtx payload type names its original with a listed `apt`.
fn rtx(
    media: &Media<'_>,
    m: &Rtpmap<'_>,
    formats: &Formats<'_, '_>,
    listed: PayloadTypes,
    out: &mut Vec<Diagnostic>,
) {
    if !is_rtx(m) || !listed.contains(m.payload_type) {
        return;
    }
    let apt = formats.apt(m.payload_type);
    match apt {
        None => out.push(
            Diagnostic::new(
                &r::RTX_WITHOUT_APT,
                m.encoding_name.span,
                format!(
                    "rtx payload type {} has no `apt=`: nothing says which payload type it \
                     retransmits",
                    m.payload_type
                ),
            )
            .with_help(format!(
                "add `a=fmtp:{} apt=<original payload type>`",
                m.payload_type
            )),
        ),
        Some(apt) if !apt.parse::<u8>().is_ok_and(|p| listed.contains(p)) => out.push(
            Diagnostic::new(
                &r::RTX_APT_UNKNOWN,
                apt.span,
                format!(
                    "`apt={apt}` of rtx payload type {} names a payload type the m= line \
                     does not list",
                    m.payload_type
                ),
            )
            .with_label(media.span(), "the m= line")
            .with_help("point apt at the payload type this rtx repairs, or remove the rtx"),
        ),
        Some(_) => {}
    }
}

/// J309: clock rates and channel counts the payload formats fix; rtx runs at its original's
/// rate (RFC 4588 §8.1).
fn clock_rate(
    a: &Attribute<'_>,
    m: &Rtpmap<'_>,
    formats: &Formats<'_, '_>,
    kind: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(value) = &a.value else {
        return;
    };
    if static_payload_type(m.payload_type).is_some() {
        return; // J310 checks static payload types against RFC 3551.
    }
    let name = &m.encoding_name;
    // From the `/` after the name to the end of the value: "/48000/2".
    let after = (name.span.end - value.span.start) as usize;
    let rate_span = value.span.sub(after, value.text.len() - after);
    let expected = if is_rtx(m) {
        let original = formats
            .apt(m.payload_type)
            .and_then(|apt| apt.parse::<u8>().ok())
            .and_then(|apt| formats.rtpmap(apt));
        match original {
            Some(o) if o.clock_rate != m.clock_rate => Some((
                o.clock_rate,
                None,
                "RFC 4588 §8.1 (rtx runs at its original's rate)",
            )),
            _ => None,
        }
    } else {
        expected_rate(name, kind)
    };
    let Some((rate, channels, reference)) = expected else {
        return;
    };
    let channels_ok = channels.is_none_or(|c| m.encoding_params == Some(c));
    if m.clock_rate != rate || !channels_ok {
        let want = match channels {
            Some(c) => format!("{name}/{rate}/{c}"),
            None => format!("{name}/{rate}"),
        };
        out.push(
            Diagnostic::new(
                &r::CODEC_CLOCK_RATE,
                rate_span,
                format!(
                    "{name} is {want} ({reference}); this rtpmap says {}",
                    &value.text[after..]
                ),
            )
            .with_help(format!("write `a=rtpmap:{} {want}`", m.payload_type)),
        );
    }
}

/// J316, J317: rtcp-mux on every active RTP section.
fn rtcp_mux(sec: &Section<'_, '_>, out: &mut Vec<Diagnostic>) {
    if !sec.is_active() || sec.attrs.rtcp_mux {
        return;
    }
    let media = sec.media;
    if let Some(only) = media.attribute("rtcp-mux-only") {
        out.push(
            Diagnostic::new(
                &r::RTCP_MUX_ONLY_WITHOUT_RTCP_MUX,
                only.name.span,
                "a=rtcp-mux-only without a=rtcp-mux",
            )
            .with_help("add a=rtcp-mux next to a=rtcp-mux-only (RFC 8858 §4.2)"),
        );
        return;
    }
    let span = media
        .media_line()
        .map(|m| m.proto.span)
        .unwrap_or_else(|| media.span());
    out.push(
        Diagnostic::new(
            &r::MISSING_RTCP_MUX,
            span,
            format!("{} has no a=rtcp-mux", super::structure::describe(media)),
        )
        .with_help("add a=rtcp-mux: WebRTC sends RTP and RTCP on one port"),
    );
}

/// Whether an rtpmap names rtx, the retransmission format (RFC 4588).
fn is_rtx(m: &Rtpmap<'_>) -> bool {
    m.encoding_name.eq_ignore_ascii_case("rtx")
}

/// `opus/48000/2`: an rtpmap's codec without its payload type.
fn codec_name(m: &Rtpmap<'_>) -> String {
    let text = m.to_string();
    match text.split_once(' ') {
        Some((_, codec)) => codec.to_string(),
        None => text,
    }
}

/// The span of an rtpmap's codec (`PCMU/16000`), from its encoding name to the end of the value.
fn codec_span(a: &Attribute<'_>, m: &Rtpmap<'_>) -> Span {
    match &a.value {
        Some(v) if v.span.end >= m.encoding_name.span.start => Span {
            end: v.span.end,
            ..m.encoding_name.span
        },
        _ => m.encoding_name.span,
    }
}

#[cfg(test)]
mod tests {
    /// (code, line, column) of the RTP findings on `text`.
    fn found(text: &str) -> Vec<(&'static str, u32, u32)> {
        crate::lint::context::findings_of(super::check, text, false)
    }

    // Cut down from fixtures/real/firefox-simulcast/offer.sdp (Firefox 153).
    const FIREFOX: &str = "v=0\r\n\
o=mozilla...THIS_IS_SDPARTA-99.0 8805043793427080622 0 IN IP4 0.0.0.0\r\n\
s=-\r\n\
t=0 0\r\n\
a=group:BUNDLE 0 1\r\n\
m=audio 9 UDP/TLS/RTP/SAVPF 109 101\r\n\
c=IN IP4 0.0.0.0\r\n\
a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n\
a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\r\n\
a=fmtp:101 0-15\r\n\
a=mid:0\r\n\
a=rtcp-mux\r\n\
a=rtpmap:109 opus/48000/2\r\n\
a=rtpmap:101 telephone-event/8000/1\r\n\
m=video 9 UDP/TLS/RTP/SAVPF 120 124\r\n\
c=IN IP4 0.0.0.0\r\n\
a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\r\n\
a=fmtp:124 apt=120\r\n\
a=mid:1\r\n\
a=rtcp-mux\r\n\
a=rtpmap:120 VP8/90000\r\n\
a=rtpmap:124 rtx/90000\r\n";

    #[test]
    fn firefox_offer_is_clean() {
        assert_eq!(found(FIREFOX), []);
    }

    #[test]
    fn payload_types_on_the_m_line() {
        let text = FIREFOX.replace("SAVPF 120 124", "SAVPF 120 124 72 120 x 98");
        // 72: RTCP range (and no rtpmap), 120 twice, x not a number, 98 unmapped.
        assert_eq!(
            found(&text),
            [
                ("J305", 15, 37),
                ("J307", 15, 40),
                ("J306", 15, 44),
                ("J301", 15, 37),
                ("J301", 15, 46),
            ]
        );
    }

    #[test]
    fn rtx_and_clock_rates() {
        let text = FIREFOX
            .replace("a=fmtp:124 apt=120", "a=fmtp:124 apt=121")
            .replace("opus/48000/2", "opus/48000")
            .replace("VP8/90000", "VP8/9000");
        assert_eq!(
            found(&text),
            [("J309", 13, 18), ("J304", 18, 16), ("J309", 21, 17)]
        );
        let text = FIREFOX.replace("a=fmtp:124 apt=120\r\n", "");
        assert_eq!(found(&text), [("J303", 21, 14)]);
    }

    #[test]
    fn attributes_for_unlisted_payload_types() {
        let text = FIREFOX.replace("a=fmtp:101 0-15", "a=fmtp:102 0-15");
        assert_eq!(found(&text), [("J302", 10, 8)]);
    }

    #[test]
    fn extmap_ids_and_bundle_consistency() {
        // Video maps id 1 to another URI, and the mid extension to 4 instead of 3.
        let text = FIREFOX.replace(
            "c=IN IP4 0.0.0.0\r\na=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=fmtp:124",
            "c=IN IP4 0.0.0.0\r\na=extmap:1 urn:ietf:params:rtp-hdrext:toffset\r\n\
             a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=extmap:4 urn:x\r\na=fmtp:124",
        );
        assert_eq!(
            found(&text),
            [("J313", 19, 10), ("J314", 17, 10), ("J315", 18, 10)]
        );
        let text = FIREFOX.replace("a=extmap:1 urn", "a=extmap:15 urn");
        assert_eq!(found(&text), [("J312", 8, 10)]);
        let text = FIREFOX.replace("t=0 0\r\n", "t=0 0\r\na=extmap-allow-mixed\r\n");
        assert_eq!(
            found(&text.replace("a=extmap:1 urn", "a=extmap:0 urn")),
            [("J311", 9, 10)]
        );
    }

    #[test]
    fn rtcp_mux() {
        let text = FIREFOX.replacen("a=rtcp-mux\r\n", "", 1);
        assert_eq!(found(&text), [("J316", 6, 11)]);
        let text = FIREFOX.replacen("a=rtcp-mux\r\n", "a=rtcp-mux-only\r\n", 1);
        assert_eq!(found(&text), [("J317", 12, 3)]);
        // A rejected section needs nothing.
        let text = FIREFOX
            .replacen("a=rtcp-mux\r\n", "", 1)
            .replace("m=audio 9", "m=audio 0");
        assert_eq!(found(&text), []);
    }
}
