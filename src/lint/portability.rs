//! Portability rules (J601–J604): descriptions that are valid but that a named stack rejects or
//! mishandles. Each rule names its source in its doc (docs/rules/J6xx.md).

use super::codecs::{lead_span, static_payload_type};
use super::context::Context;
use crate::diag::{registry as r, Diagnostic};
use crate::sdp::attributes::AttrValue;

/// libwebrtc's limit on mid and rid (RtpStreamId) values: 16 bytes, what a one-byte header
/// extension element carries (RFC 8285 §4.2).
const LIBWEBRTC_MAX_ID: usize = 16;

pub(super) fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let session_mixed = cx.top.extmap_allow_mixed;
    let scopes = std::iter::once((cx.session.lines.as_slice(), session_mixed)).chain(
        cx.sections.iter().map(|s| {
            (
                s.media.lines.as_slice(),
                session_mixed || s.attrs.extmap_allow_mixed,
            )
        }),
    );
    for (lines, mixed) in scopes {
        for a in lines.iter().filter_map(|l| l.attribute()) {
            match (&a.parsed, &a.value) {
                // Without extmap-allow-mixed, J312 already reports ids above 14.
                (AttrValue::Extmap(e), Some(v)) if mixed && (15..=255).contains(&e.id) => {
                    out.push(
                        Diagnostic::new(
                            &r::FIREFOX_TWO_BYTE_EXTMAP,
                            lead_span(v),
                            format!(
                                "extension id {}: Firefox supports only one-byte header \
                                 extensions (ids 1-14)",
                                e.id
                            ),
                        )
                        .with_help("use an id in 1-14 when Firefox may be the peer"),
                    );
                }
                (AttrValue::Rid(rid), _) => {
                    let id = &rid.id;
                    let legal = id.len() <= LIBWEBRTC_MAX_ID
                        && id.bytes().all(|b| b.is_ascii_alphanumeric());
                    if !legal {
                        out.push(
                            Diagnostic::new(
                                &r::LIBWEBRTC_RID,
                                id.span,
                                format!(
                                    "rid `{id}`: libwebrtc accepts only 1-16 letters and digits"
                                ),
                            )
                            .with_help("use a short alphanumeric rid such as q, h, f or r0"),
                        );
                    }
                }
                // Above 32, M008 (mid-too-long) reports it as an error.
                (AttrValue::Mid(mid), _) if (LIBWEBRTC_MAX_ID + 1..=32).contains(&mid.len()) => {
                    out.push(
                        Diagnostic::new(
                            &r::LIBWEBRTC_MID,
                            mid.span,
                            format!(
                                "mid `{mid}` is {} characters long: libwebrtc carries at most 16 in the MID header extension, and older Chrome rejected it",
                                mid.len()
                            ),
                        )
                        .with_help("use a short mid such as 0, 1, audio or video"),
                    );
                }
                (AttrValue::Rtpmap(m), _) => {
                    let Some((name, rate)) = static_payload_type(m.payload_type) else {
                        continue;
                    };
                    let n = m.encoding_name.as_str();
                    if n != name && n.eq_ignore_ascii_case(name) && m.clock_rate == rate {
                        out.push(
                            Diagnostic::new(
                                &r::STATIC_CODEC_NAME_CASE,
                                m.encoding_name.span,
                                format!(
                                    "static payload type {} is written `{n}`, not `{name}`",
                                    m.payload_type
                                ),
                            )
                            .with_help(format!(
                                "write `a=rtpmap:{} {name}/{rate}`",
                                m.payload_type
                            )),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    fn found(text: &str) -> Vec<(&'static str, u32, u32)> {
        crate::lint::context::findings_of(super::check, text, false)
    }

    // Cut down from fixtures/real/chromium-simulcast/offer.sdp.
    const CHROME: &str = "v=0\r\n\
o=- 5841159358945564451 2 IN IP4 127.0.0.1\r\n\
s=-\r\n\
t=0 0\r\n\
a=extmap-allow-mixed\r\n\
m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\n\
c=IN IP4 0.0.0.0\r\n\
a=mid:0\r\n\
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n\
a=rtpmap:111 opus/48000/2\r\n\
a=rtpmap:0 PCMU/8000\r\n\
a=rid:q send\r\n";

    #[test]
    fn chrome_offer_is_clean() {
        assert_eq!(found(CHROME), []);
    }

    #[test]
    fn named_stack_limits() {
        let text = CHROME
            .replace("a=extmap:4 ", "a=extmap:15 ")
            .replace("PCMU/8000", "pcmu/8000")
            .replace("a=rid:q send", "a=rid:q_1 send")
            .replace("a=mid:0", "a=mid:0123456789abcdefg");
        assert_eq!(
            found(&text),
            [
                ("J603", 8, 7),
                ("J601", 9, 10),
                ("J604", 11, 12),
                ("J602", 12, 7)
            ]
        );
        // Without extmap-allow-mixed, id 15 is J312's (an RTP rule), not Firefox's.
        let text = CHROME
            .replace("a=extmap-allow-mixed\r\n", "")
            .replace("a=extmap:4 ", "a=extmap:15 ");
        assert_eq!(found(&text), []);
    }
}
