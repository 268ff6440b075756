//! Structure rules (family `M`): what every media section needs and where attributes belong.
//!
//! | rule | when |
//! |---|---|
//! | M001 `missing-connection` | a section without `c=` and no session-level `c=` (RFC 8866 §5.7) |
//! | M002 `non-webrtc-proto` | a non-rejected section whose proto JSEP does not know (RFC 9429 §5.1.2) |
//! | M003 `proto-media-mismatch` | audio/video over SCTP, or `webrtc-datachannel` over RTP (RFC 8841 §4) |
//! | M004 `duplicate-mid` | two sections with one `a=mid` (RFC 5888 §4) |
//! | M005 `missing-mid` | a section without `a=mid` (RFC 9429 §5.2.1) |
//! | M006 `attribute-wrong-level` | a media-level attribute at session level, or the reverse |
//! | M007 `duplicate-attribute` | a once-per-section attribute repeated in its section |
//! | M008 `mid-too-long` | an `a=mid` over 32 characters (Chrome's limit) |
//!
//! The line order and the v/o/s/t lines are the parser's (S007–S009).

use super::context::{Context, Section};
use crate::diag::{registry as r, Diagnostic};
use crate::sdp::attributes::{AttrValue, Attribute};
use crate::sdp::grammar::MediaLine;
use crate::sdp::{Line, Media};

pub(super) fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let session = cx.session;
    let session_c = session.connection().is_some();
    for sec in &cx.sections {
        let Some(ml) = sec.line else { continue };
        let m = sec.media;
        if !session_c && m.connection().is_none() {
            out.push(
                Diagnostic::new(
                    &r::MISSING_CONNECTION,
                    m.span(),
                    format!(
                        "{} has no `c=` line and the session level has none: it has no \
                         connection address",
                        describe(m)
                    ),
                )
                .with_help(
                    "add `c=IN IP4 0.0.0.0` after the m= line (what JSEP writes when the \
                     candidates carry the addresses); Firefox's SDP parser rejects the \
                     description without it",
                ),
            );
        }
        proto(sec, ml, out);
    }
    mids(cx, out);
    // One walk per scope: M006, then M007, on each attribute.
    attributes(&session.lines, None, out);
    for m in &session.media {
        attributes(&m.lines, Some(m), out);
    }
}

/// "the audio section (mid 0)" or "the audio section (m-line 3)" for messages.
pub(super) fn describe(m: &Media<'_>) -> String {
    let kind = m.kind().unwrap_or("media");
    match m.mid() {
        Some(mid) => format!("the {kind} section (mid `{mid}`)"),
        None => format!("the {kind} section at line {}", m.span().line),
    }
}

/// Protos JSEP implementations accept (RFC 9429 §5.1.2); anything else is rejected by browsers.
const RTP_PROTOS: &[&str] = &[
    "UDP/TLS/RTP/SAVPF",
    "TCP/TLS/RTP/SAVPF",
    "TCP/DTLS/RTP/SAVPF",
    "RTP/SAVPF",
    "RTP/SAVP",
    "UDP/TLS/RTP/SAVP",
    "TCP/TLS/RTP/SAVP",
    "TCP/DTLS/RTP/SAVP",
];
const SCTP_PROTOS: &[&str] = &["UDP/DTLS/SCTP", "TCP/DTLS/SCTP", "DTLS/SCTP"];

fn proto(sec: &Section<'_, '_>, ml: &MediaLine<'_>, out: &mut Vec<Diagnostic>) {
    let m = sec.media;
    let p = ml.proto.as_str();
    let is_sctp = SCTP_PROTOS.contains(&p);
    let is_rtp = RTP_PROTOS.contains(&p);
    let kind = ml.media.as_str();
    let datachannel = ml.formats.as_str() == "webrtc-datachannel";
    if (is_sctp && matches!(kind, "audio" | "video")) || (datachannel && ml.is_rtp()) {
        let what = if is_sctp {
            format!("an {kind} section over SCTP (`{p}`)")
        } else {
            format!("`webrtc-datachannel` over RTP (`{p}`)")
        };
        out.push(
            Diagnostic::new(
                &r::PROTO_MEDIA_MISMATCH,
                ml.proto.span,
                format!("{what}: RTP media and SCTP data channels cannot share a section"),
            )
            .with_help(if is_sctp {
                "audio and video use `UDP/TLS/RTP/SAVPF`; data channels use `m=application ... \
                 UDP/DTLS/SCTP webrtc-datachannel`"
            } else {
                "data channels use `m=application 9 UDP/DTLS/SCTP webrtc-datachannel`"
            }),
        );
    } else if !is_sctp && !is_rtp && !sec.is_rejected() {
        out.push(
            Diagnostic::new(
                &r::NON_WEBRTC_PROTO,
                ml.proto.span,
                format!(
                    "`{p}` is not a WebRTC transport protocol: browsers reject {} (WebRTC \
                     needs ICE, DTLS and SRTP)",
                    describe(m)
                ),
            )
            .with_help(
                "WebRTC uses `UDP/TLS/RTP/SAVPF` for audio and video and `UDP/DTLS/SCTP` for \
                 data channels; a plain RTP/AVP peer needs a gateway",
            ),
        );
    }
}

/// The longest mid Chrome accepts (`kMidMaxSize`; 16 in older versions).
const MID_MAX: usize = 32;

fn mids(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (i, sec) in cx.sections.iter().enumerate() {
        let m = sec.media;
        match sec.attrs.mid {
            Some(mid) => {
                if mid.len() > MID_MAX {
                    out.push(
                        Diagnostic::new(
                            &r::MID_TOO_LONG,
                            mid.span,
                            format!(
                                "mid of {} characters: Chrome rejects mids longer than \
                                 {MID_MAX} (older versions: 16)",
                                mid.len()
                            ),
                        )
                        .with_help("use short mids; browsers number sections 0, 1, 2, ..."),
                    );
                }
                if let Some(first) = cx.sections[..i]
                    .iter()
                    .filter_map(|s| s.attrs.mid)
                    .find(|t| t.as_str() == mid.as_str())
                {
                    out.push(
                        Diagnostic::new(
                            &r::DUPLICATE_MID,
                            mid.span,
                            format!("mid `{mid}` is already used by an earlier section"),
                        )
                        .with_label(first.span, "first used here")
                        .with_help("give every media section its own `a=mid` value"),
                    );
                }
            }
            None if sec.line.is_some() => out.push(
                Diagnostic::new(
                    &r::MISSING_MID,
                    m.span(),
                    format!(
                        "{} has no `a=mid`: Chrome rejects the description (\"A media section \
                         is missing a MID attribute\")",
                        describe(m)
                    ),
                )
                .with_help(
                    "add `a=mid:<token>` (unique per section, rejected sections too); BUNDLE \
                     groups, transceivers and trickled candidates (sdpMid) refer to sections \
                     by mid",
                ),
            ),
            None => {}
        }
    }
}

/// Attributes that only mean something inside a media section (RFC 8866 §6 and the RFCs
/// defining them); Mozilla's webrtc-sdp parser rejects them at session level.
const MEDIA_ONLY: &[&str] = &[
    "bundle-only",
    "candidate",
    "fmtp",
    "framerate",
    "label",
    "max-message-size",
    "maxptime",
    "mid",
    "msid",
    "ptime",
    "rid",
    "remote-candidates",
    "rtcp",
    "rtcp-fb",
    "rtcp-mux",
    "rtcp-mux-only",
    "rtcp-rsize",
    "rtpmap",
    "sctp-port",
    "sctpmap",
    "simulcast",
    "ssrc",
    "ssrc-group",
];

/// Attributes that only mean something at session level (RFC 5888 §5, RFC 8839 §5.3).
const SESSION_ONLY: &[&str] = &["group", "ice-lite", "msid-semantic"];

/// M006 on one attribute of the session level (`media` is `None`) or of media section
/// `media`.
fn level(a: &Attribute<'_>, media: Option<&Media<'_>>, out: &mut Vec<Diagnostic>) {
    match media {
        None if MEDIA_ONLY.contains(&a.name.as_str()) => {
            out.push(
                Diagnostic::new(
                    &r::ATTRIBUTE_WRONG_LEVEL,
                    a.name.span,
                    format!(
                        "`a={}` at session level: it belongs in a media section",
                        a.name
                    ),
                )
                .with_help(
                    "move it into the media section(s) it describes; Chrome ignores it here and \
                     Mozilla's webrtc-sdp parser rejects the description",
                ),
            );
        }
        Some(m) if SESSION_ONLY.contains(&a.name.as_str()) => {
            out.push(
                Diagnostic::new(
                    &r::ATTRIBUTE_WRONG_LEVEL,
                    a.name.span,
                    format!(
                        "`a={}` inside {}: it belongs at session level (before the first m= \
                         line)",
                        a.name,
                        describe(m)
                    ),
                )
                .with_help(
                    "move it above the first m= line; at media level stacks ignore it (a \
                     BUNDLE group there is never negotiated) or reject the description",
                ),
            );
        }
        _ => {}
    }
}

/// Attributes that may appear at most once per section (session level or one media section).
const ONCE: &[&str] = &[
    "mid",
    "ice-ufrag",
    "ice-pwd",
    "ice-options",
    "ice-lite",
    "setup",
    "tls-id",
    "rtcp",
    "rtcp-mux",
    "rtcp-mux-only",
    "rtcp-rsize",
    "sctp-port",
    "max-message-size",
    "bundle-only",
    "extmap-allow-mixed",
    "msid-semantic",
    "ptime",
    "maxptime",
    "framerate",
];
const DIRECTIONS: &[&str] = &["sendrecv", "sendonly", "recvonly", "inactive"];

/// M006 and M007 on the attributes of one scope: the session level (`media` is `None`) or
/// media section `media`.
fn attributes(lines: &[Line<'_>], media: Option<&Media<'_>>, out: &mut Vec<Diagnostic>) {
    // The first attribute of each name in ONCE, and the first direction (the last slot).
    let mut first: [Option<&Attribute<'_>>; ONCE.len() + 1] = [None; ONCE.len() + 1];
    for a in lines.iter().filter_map(Line::attribute) {
        // The parser types these by their exact name, and in a media section none of those
        // names is session-only, once-only or a direction: skip comparing names.
        let common = matches!(
            a.parsed,
            AttrValue::Rtpmap(_)
                | AttrValue::RtcpFb(_)
                | AttrValue::Fmtp(_)
                | AttrValue::Candidate(_)
                | AttrValue::Ssrc(_)
                | AttrValue::Extmap(_)
        );
        if common && media.is_some() {
            continue;
        }
        level(a, media, out);
        let name = a.name.as_str();
        let is_dir = DIRECTIONS.contains(&name);
        let slot = if is_dir {
            ONCE.len()
        } else {
            match ONCE.iter().position(|n| *n == name) {
                Some(k) => k,
                None => continue,
            }
        };
        let Some(first) = first[slot] else {
            first[slot] = Some(a);
            continue;
        };
        let msg = if is_dir {
            format!(
                "a second direction attribute `a={name}` after `a={}`: a section has one direction",
                first.name
            )
        } else if first.value.as_deref() == a.value.as_deref() {
            format!("`a={name}` appears twice with the same value")
        } else {
            format!("`a={name}` appears again with another value: stacks keep one of them")
        };
        out.push(
            Diagnostic::new(&r::DUPLICATE_ATTRIBUTE, a.name.span, msg)
                .with_label(first.name.span, "first here")
                .with_help("keep one of the lines"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cut down from fixtures/real/chromium-dc-only/offer.sdp.
    const DC: &str = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n\
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n\
        a=ice-ufrag:R1sy\r\na=ice-pwd:xhM15vGpuDB8+wPghXszLUTN\r\na=ice-options:trickle\r\n\
        a=fingerprint:sha-256 A6:91:2D:72:52:4F:40:DA:04:74:4A:48:50:87:64:39:A1:02:F3:39:FA:9B:5B:3D:04:F4:83:89:ED:B7:C9:91\r\n\
        a=setup:actpass\r\na=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n";

    fn run(text: &str) -> Vec<(&'static str, u32, u32)> {
        crate::lint::context::findings_of(check, text, true)
    }

    #[test]
    fn clean_description_has_no_finding() {
        assert_eq!(run(DC), []);
    }

    #[test]
    fn missing_connection_points_at_the_m_line() {
        assert_eq!(
            run(&DC.replace("c=IN IP4 0.0.0.0\r\n", "")),
            [("M001", 6, 1)]
        );
        // A session-level c= covers every section.
        let moved = DC
            .replace("c=IN IP4 0.0.0.0\r\n", "")
            .replace("s=-\r\n", "s=-\r\nc=IN IP4 0.0.0.0\r\n");
        assert_eq!(run(&moved), []);
    }

    #[test]
    fn protos() {
        let avp = DC.replace("UDP/DTLS/SCTP", "RTP/AVP");
        assert_eq!(run(&avp), [("M003", 6, 17)]);
        let audio = DC.replace(
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
            "m=audio 9 UDP/DTLS/SCTP 111",
        );
        assert_eq!(run(&audio), [("M003", 6, 11)]);
        let bfcp = DC.replace("UDP/DTLS/SCTP webrtc-datachannel", "UDP/BFCP *");
        assert_eq!(run(&bfcp), [("M002", 6, 17)]);
        // A rejected section may keep whatever proto it had.
        assert_eq!(run(&bfcp.replace("application 9", "application 0")), []);
    }

    #[test]
    fn mids_unique_and_present() {
        let two = format!("{DC}{}", &DC[DC.find("m=").unwrap()..]);
        let d = run(&two);
        assert_eq!(d, [("M004", 23, 7)]);
        assert_eq!(run(&DC.replace("a=mid:0\r\n", "")), [("M005", 6, 1)]);
        // Rejected sections need one too.
        let rejected = DC
            .replace("a=mid:0\r\n", "")
            .replace("application 9", "application 0");
        assert_eq!(run(&rejected), [("M005", 6, 1)]);
        let long = DC
            .replace("mid:0", &format!("mid:{}", "m".repeat(33)))
            .replace("BUNDLE 0", "BUNDLE");
        assert_eq!(run(&long), [("M008", 13, 7)]);
        let ok = DC
            .replace("mid:0", &format!("mid:{}", "m".repeat(32)))
            .replace("BUNDLE 0", "BUNDLE");
        assert_eq!(run(&ok), []);
    }

    #[test]
    fn levels_and_duplicates() {
        let s = DC.replace("t=0 0\r\n", "t=0 0\r\na=rtcp-mux\r\n");
        assert_eq!(run(&s), [("M006", 5, 3)]);
        let s = DC.replace("a=mid:0\r\n", "a=mid:0\r\na=group:BUNDLE 0\r\n");
        assert_eq!(run(&s), [("M006", 14, 3)]);
        let s = DC.replace("a=mid:0\r\n", "a=mid:0\r\na=sendrecv\r\na=inactive\r\n");
        assert_eq!(run(&s), [("M007", 15, 3)]);
        let s = DC.replace(
            "a=setup:actpass\r\n",
            "a=setup:actpass\r\na=setup:active\r\n",
        );
        assert_eq!(run(&s), [("M007", 13, 3)]);
    }
}
