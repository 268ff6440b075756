//! Data channel rules (J502–J505; J501 was folded into M002/M003): the SCTP-over-DTLS section of RFC 8841 (§4 protos, §5.1
//! `sctp-port`, §6.1 `max-message-size`) and the draft-ietf-mmusic-sctp-sdp-05 form it replaced.

use super::context::Context;
use crate::diag::{registry as r, Diagnostic};
use crate::sdp::attributes::AttrValue;

const PROTOS: [&str; 2] = ["UDP/DTLS/SCTP", "TCP/DTLS/SCTP"];

pub(super) fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for sec in &cx.sections {
        let Some(ml) = sec.line else {
            continue;
        };
        let media = sec.media;
        let datachannel = ml.formats.split(' ').any(|f| f == "webrtc-datachannel");
        let sctpmap = sec
            .attrs
            .sctpmap
            .then(|| media.attribute("sctpmap"))
            .flatten();
        let legacy = ml.proto.as_str() == "DTLS/SCTP" || sctpmap.is_some();
        if legacy {
            let span = if ml.proto.as_str() == "DTLS/SCTP" {
                ml.proto.span
            } else {
                sctpmap.map_or(ml.proto.span, |a| a.name.span)
            };
            let port = media
                .attribute_values()
                .find_map(|v| match v {
                    AttrValue::Sctpmap(m) => Some(m.number),
                    _ => None,
                })
                .or_else(|| ml.formats.parse().ok())
                .unwrap_or(5000);
            out.push(
                Diagnostic::new(
                    &r::LEGACY_SCTP_SYNTAX,
                    span,
                    "data channel section in the pre-RFC 8841 form (DTLS/SCTP, a=sctpmap)",
                )
                .with_help(format!(
                    "write `m=application <port> UDP/DTLS/SCTP webrtc-datachannel` with \
                     `a=sctp-port:{port}` and `a=max-message-size:262144`, and drop a=sctpmap"
                )),
            );
            continue;
        }
        if !datachannel {
            continue;
        }
        // Another proto is M002's (not WebRTC) or M003's (RTP for data) finding.
        if !PROTOS.contains(&ml.proto.as_str()) {
            continue;
        }
        if !sec.is_active() {
            continue;
        }
        match media
            .attributes()
            .find(|a| a.name.as_str().eq_ignore_ascii_case("sctp-port"))
        {
            // A line that failed its grammar is the parser's finding (S005), not a missing one.
            Some(a) if !matches!(a.parsed, AttrValue::SctpPort(_)) => {}
            None => out.push(
                Diagnostic::new(
                    &r::MISSING_SCTP_PORT,
                    ml.formats.span,
                    "data channel section without a=sctp-port",
                )
                .with_help("add `a=sctp-port:5000`"),
            ),
            Some(a) if media.sctp_port() == Some(0) => out.push(
                Diagnostic::new(
                    &r::INVALID_SCTP_PORT,
                    a.value.as_ref().map_or(a.name.span, |v| v.span),
                    "SCTP port 0: no SCTP association can be addressed to it",
                )
                .with_help("use `a=sctp-port:5000`"),
            ),
            Some(_) => {}
        }
        if media.max_message_size().is_none() {
            out.push(
                Diagnostic::new(
                    &r::MISSING_MAX_MESSAGE_SIZE,
                    ml.formats.span,
                    "no a=max-message-size: the peer assumes 65536 bytes",
                )
                .with_help("add `a=max-message-size:262144` (or the size this side accepts)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::sdp;

    fn found(text: &str) -> Vec<(&'static str, u32, u32)> {
        crate::lint::context::findings_of(super::check, text, false)
    }

    // The data channel section of fixtures/real/ndc-multi-dc/offer.sdp (libdatachannel).
    const NDC: &str = "v=0\r\no=rtc 3968381067 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n\
m=application 51106 UDP/DTLS/SCTP webrtc-datachannel\r\n\
c=IN IP4 10.99.0.1\r\n\
a=mid:1\r\n\
a=sctp-port:5000\r\n\
a=max-message-size:262144\r\n";

    #[test]
    fn libdatachannel_section_is_clean() {
        assert_eq!(found(NDC), []);
    }

    #[test]
    fn sctp_port_and_max_message_size() {
        let text = NDC.replace("a=sctp-port:5000\r\n", "");
        assert_eq!(found(&text), [("J502", 5, 35)]);
        let text = NDC.replace("sctp-port:5000", "sctp-port:0");
        assert_eq!(found(&text), [("J503", 8, 13)]);
        let text = NDC.replace("a=max-message-size:262144\r\n", "");
        assert_eq!(found(&text), [("J504", 5, 35)]);
        // Rejected: nothing to check.
        let text = NDC
            .replace("51106", "0")
            .replace("a=sctp-port:5000\r\n", "");
        assert_eq!(found(&text), []);
    }

    #[test]
    fn protos_and_the_legacy_form() {
        let text = NDC.replace("UDP/DTLS/SCTP", "UDP/SCTP");
        assert_eq!(found(&text), [], "M002 reports the proto");
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/synthetic/legacy-sctpmap.sdp"
        ))
        .unwrap();
        let s = sdp::parse(&text);
        let mut out = Vec::new();
        super::check(&super::Context::new(&s), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(
            (out[0].code, out[0].span.line, out[0].span.column),
            ("J505", 5, 17)
        );
        assert!(out[0].help.as_deref().unwrap().contains("a=sctp-port:5000"));
    }
}
