//! Data channel rules (J501–J505): the SCTP-over-DTLS section of RFC 8841 (§4 protos, §5.1
//! `sctp-port`, §6.1 `max-message-size`) and the draft-ietf-mmusic-sctp-sdp-05 form it replaced.

use super::rtp::is_active;
use crate::diag::{registry as r, Diagnostic};
use crate::sdp::attributes::AttrValue;
use crate::sdp::Session;

const PROTOS: [&str; 2] = ["UDP/DTLS/SCTP", "TCP/DTLS/SCTP"];

pub(super) fn check(session: &Session<'_>, out: &mut Vec<Diagnostic>) {
    for media in &session.media {
        let Some(ml) = media.media_line() else {
            continue;
        };
        let datachannel = ml.formats.split(' ').any(|f| f == "webrtc-datachannel");
        let sctpmap = media.attribute("sctpmap");
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
        if !PROTOS.contains(&ml.proto.as_str()) {
            out.push(
                Diagnostic::new(
                    &r::DATACHANNEL_PROTO,
                    ml.proto.span,
                    format!("webrtc-datachannel over `{}`", ml.proto),
                )
                .with_help("data channels run over UDP/DTLS/SCTP (or TCP/DTLS/SCTP)"),
            );
            continue;
        }
        if !is_active(media) {
            continue;
        }
        match media
            .attributes()
            .find(|a| matches!(a.parsed, AttrValue::SctpPort(_)))
        {
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
                    "SCTP port 0",
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
