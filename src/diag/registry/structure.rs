//! Family `M`: SDP structure, checked by `crate::lint` over the model (RFC 8866 §5, JSEP): what
//! every media section needs (connection data, a well-formed `m=` line, a unique `mid`) and
//! attributes at the level where they mean something. Line order and the v/o/s/t lines are the
//! parser's (S007–S009).

use super::rules;

rules! {
    list STRUCTURE;
    MISSING_CONNECTION = "M001" "missing-connection" Error "RFC 8866 §5.7"
        "A media section has no `c=` line and there is none at session level: the section has no connection address.";
    NON_WEBRTC_PROTO = "M002" "non-webrtc-proto" Warning "RFC 9429 §5.1.2"
        "A non-rejected media section uses a transport protocol that WebRTC does not define (UDP/TLS/RTP/SAVPF, TCP/TLS/RTP/SAVPF, UDP/DTLS/SCTP, TCP/DTLS/SCTP, or the legacy RTP/SAVPF and DTLS/SCTP).";
    PROTO_MEDIA_MISMATCH = "M003" "proto-media-mismatch" Error "RFC 8841 §4"
        "An `m=` line mixes SCTP and RTP: an audio/video section over an SCTP proto, or `webrtc-datachannel` over an RTP proto.";
    DUPLICATE_MID = "M004" "duplicate-mid" Error "RFC 5888 §4"
        "Two media sections carry the same `a=mid`: mids identify sections and must be unique within the description.";
    MISSING_MID = "M005" "missing-mid" Error "RFC 9429 §5.2.1"
        "A media section has no `a=mid`, which JSEP requires on every section; Chrome rejects the description.";
    ATTRIBUTE_WRONG_LEVEL = "M006" "attribute-wrong-level" Warning "RFC 8866 §6"
        "A media-level attribute (rtpmap, mid, candidate, ...) at session level, or a session-level one (group, ice-lite, msid-semantic) inside a media section.";
    DUPLICATE_ATTRIBUTE = "M007" "duplicate-attribute" Warning "RFC 8866 §6"
        "An attribute that may appear once per section (mid, ice-ufrag, ice-pwd, setup, a direction, ...) appears again in the same section.";
    MID_TOO_LONG = "M008" "mid-too-long" Error "RFC 9429 §5.2.1"
        "An `a=mid` is longer than 32 characters, which Chrome rejects (older Chrome versions allowed 16).";
}
