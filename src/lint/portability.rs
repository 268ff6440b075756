//! Portability rules (J601–J604): descriptions that are valid but that a named stack rejects or
//! mishandles. Each rule names its source in its doc (docs/rules/J6xx.md).

use super::codecs::{lead_span, static_payload_type};
use crate::diag::{registry as r, Diagnostic};
use crate::sdp::attributes::AttrValue;
use crate::sdp::Session;

/// libwebrtc's limit on mid and rid (RtpStreamId) values: 16 bytes, what a one-byte header
/// extension element carries (RFC 8285 §4.2).
const LIBWEBRTC_MAX_ID: usize = 16;

pub(super) fn check(session: &Session<'_>, out: &mut Vec<Diagnostic>) {
    let session_mixed = session.has("extmap-allow-mixed");
    let scopes = std::iter::once((session.lines.as_slice(), session_mixed)).chain(
        session.media.iter().map(|m| {
            (
                m.lines.as_slice(),
                session_mixed || m.has("extmap-allow-mixed"),
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
                (AttrValue::Mid(mid), _) if mid.len() > LIBWEBRTC_MAX_ID => {
                    out.push(
                        Diagnostic::new(
                            &r::LIBWEBRTC_MID,
                            mid.span,
                            format!(
                                "mid `{mid}` is {} characters long: libwebrtc accepts at most 16",
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
