//! Families `J3`–`J6`: RTP (codecs, payload types, header extensions, rtcp-mux), media identity
//! (msid, ssrc, rid, simulcast), data channels (SCTP over DTLS) and portability (what named
//! stacks reject), checked on one description by `crate::lint`.

use super::rules;

rules! {
    list MEDIA;
    // --- J301–J399: RTP (src/lint/rtp.rs).
    MISSING_RTPMAP = "J301" "missing-rtpmap" Warning "RFC 8866 §6.6"
        "A payload type of the m= line is neither static (RFC 3551) nor mapped by an `a=rtpmap`: the peer cannot tell which codec it is.";
    UNLISTED_PAYLOAD_TYPE = "J302" "unlisted-payload-type" Warning "RFC 8866 §6.6"
        "An `a=rtpmap`, `a=fmtp` or `a=rtcp-fb` refers to a payload type that the m= line does not list; peers ignore it.";
    RTX_WITHOUT_APT = "J303" "rtx-without-apt" Error "RFC 4588 §8"
        "An `rtx` payload type has no `apt=` in its fmtp: libwebrtc rejects the description (\"RTX codec without associated payload type\").";
    RTX_APT_UNKNOWN = "J304" "rtx-apt-unknown" Error "RFC 4588 §8"
        "The `apt=` of an `rtx` payload type names a payload type that the m= line does not list: libwebrtc rejects the description.";
    PAYLOAD_TYPE_RTCP_CONFLICT = "J305" "payload-type-rtcp-conflict" Error "RFC 5761 §4"
        "A payload type in 64–95 with rtcp-mux: with the marker bit set, its packets look like RTCP; browsers reject such descriptions.";
    INVALID_PAYLOAD_TYPE = "J306" "invalid-payload-type" Error "RFC 3550 §5.1"
        "A format of an RTP m= line is not a payload type (an integer 0–127).";
    DUPLICATE_PAYLOAD_TYPE = "J307" "duplicate-payload-type" Warning "RFC 8866 §5.14"
        "A payload type is listed twice on the m= line.";
    CONFLICTING_RTPMAP = "J308" "conflicting-rtpmap" Error "RFC 8866 §6.6"
        "Two `a=rtpmap` lines give one payload type different codecs, clock rates or channel counts.";
    CODEC_CLOCK_RATE = "J309" "codec-clock-rate" Warning "RFC 7587 §7, RFC 3551 §4.5"
        "A well-known codec has a clock rate or channel count other than the one its RTP payload format fixes (opus/48000/2, VP8/90000, PCMU/8000...): peers do not match it.";
    STATIC_PAYLOAD_TYPE_REMAPPED = "J310" "static-payload-type-remapped" Error "RFC 3551 §6"
        "An `a=rtpmap` gives a static payload type (0–34) another codec or clock rate: Chrome rejects it (\"Duplicate statically assigned payload type with conflicting codec name or clock rate\").";
    EXTMAP_ID_INVALID = "J311" "extmap-id-invalid" Error "RFC 8285 §5"
        "An `a=extmap` id is 0 or above 255: no RTP header extension form can carry it.";
    EXTMAP_ID_NEEDS_TWO_BYTE = "J312" "extmap-id-needs-two-byte" Warning "RFC 8285 §4.2, §6"
        "An `a=extmap` id of 15–255 without `a=extmap-allow-mixed`: one-byte headers carry only ids 1–14, and the peer may not use two-byte headers.";
    DUPLICATE_EXTMAP_ID = "J313" "duplicate-extmap-id" Error "RFC 8285 §5"
        "One `a=extmap` id is declared twice in a media section (or at session level).";
    EXTMAP_BUNDLE_ID_CONFLICT = "J314" "extmap-bundle-id-conflict" Error "RFC 9143 §9.1, RFC 8285 §5"
        "Inside one BUNDLE group, one extmap id means different extensions in two sections: the receiver cannot parse the shared RTP stream.";
    EXTMAP_BUNDLE_URI_ID_MISMATCH = "J315" "extmap-bundle-uri-id-mismatch" Warning "RFC 9143 §9.1"
        "Inside one BUNDLE group, one extension URI has different ids in two sections.";
    MISSING_RTCP_MUX = "J316" "missing-rtcp-mux" Error "RFC 9429 §5.2.1, RFC 8834 §4.5"
        "An RTP section lacks `a=rtcp-mux`: Chrome (rtcpMuxPolicy \"require\", the default) rejects it (\"RTCP-MUX is not enabled when it is required\").";
    RTCP_MUX_ONLY_WITHOUT_RTCP_MUX = "J317" "rtcp-mux-only-without-rtcp-mux" Error "RFC 8858 §4.2"
        "`a=rtcp-mux-only` without `a=rtcp-mux`: a peer that does not know rtcp-mux-only sees no rtcp-mux at all.";
    // --- J401–J499: media identity (src/lint/identity.rs).
    MSID_TOO_LONG = "J401" "msid-too-long" Warning "RFC 8830 §2"
        "An `a=msid` stream id or track id (appdata) is longer than 64 characters.";
    SSRC_GROUP_UNDECLARED_SSRC = "J402" "ssrc-group-undeclared-ssrc" Warning "RFC 5576 §4.2"
        "An `a=ssrc-group` names an SSRC that no `a=ssrc` line of the section declares.";
    SSRC_GROUP_SIZE = "J403" "ssrc-group-size" Warning "RFC 5576 §4.2"
        "An `a=ssrc-group` has the wrong number of SSRCs for its semantics (FID and FEC-FR: 2, SIM: at least 2).";
    SSRC_WITHOUT_CNAME = "J404" "ssrc-without-cname" Warning "RFC 5576 §6.1"
        "An SSRC declared with `a=ssrc` has no `cname` source attribute.";
    DUPLICATE_RID = "J405" "duplicate-rid" Warning "RFC 8851 §4"
        "Two `a=rid` lines of a section have the same rid id.";
    SIMULCAST_RID_UNDECLARED = "J406" "simulcast-rid-undeclared" Warning "RFC 8853 §5.1"
        "A rid in `a=simulcast` has no `a=rid` line: libwebrtc drops it from the simulcast layers.";
    SIMULCAST_RID_DIRECTION = "J407" "simulcast-rid-direction" Warning "RFC 8853 §5.1"
        "A rid in the send (recv) list of `a=simulcast` is declared `a=rid:<id> recv` (send).";
    RID_UNLISTED_PAYLOAD_TYPE = "J408" "rid-unlisted-payload-type" Warning "RFC 8851 §4"
        "A `pt=` restriction of `a=rid` names a payload type the m= line does not list.";
    SSRC_IN_TWO_SECTIONS = "J409" "ssrc-in-two-sections" Warning "RFC 9143 §9.2"
        "One SSRC is declared in two media sections: with BUNDLE the receiver cannot route its packets.";
    // --- J501–J599: data channels (src/lint/datachannel.rs). The proto itself is M002/M003's.
    MISSING_SCTP_PORT = "J502" "missing-sctp-port" Warning "RFC 8841 §5.1"
        "A data channel section has no `a=sctp-port`; peers fall back to port 5000.";
    INVALID_SCTP_PORT = "J503" "invalid-sctp-port" Error "RFC 8841 §5.1"
        "`a=sctp-port:0`: no SCTP association can use port 0.";
    MISSING_MAX_MESSAGE_SIZE = "J504" "missing-max-message-size" Note "RFC 8841 §6.1"
        "A data channel section has no `a=max-message-size`: the peer assumes 65536 bytes and fails to send larger messages.";
    LEGACY_SCTP_SYNTAX = "J505" "legacy-sctp-syntax" Warning "RFC 8841 §4"
        "The pre-RFC 8841 form of draft-ietf-mmusic-sctp-sdp-05 (`DTLS/SCTP 5000` with `a=sctpmap`), which stacks written to RFC 8841 need not understand.";
    // --- J601–J699: portability (src/lint/portability.rs).
    FIREFOX_TWO_BYTE_EXTMAP = "J601" "firefox-two-byte-extmap" Warning "RFC 8285 §4.3; Firefox WPT expectations"
        "An `a=extmap` id above 14: Firefox does not support two-byte header extensions and leaves such extensions out.";
    LIBWEBRTC_RID = "J602" "libwebrtc-rid" Warning "RFC 8851 §10; libwebrtc IsLegalRsidName"
        "A rid longer than 16 characters or with `-` / `_`: libwebrtc (Chrome) accepts only 1–16 letters and digits as RtpStreamId.";
    LIBWEBRTC_MID = "J603" "libwebrtc-mid" Warning "RFC 8285 §4.2; libwebrtc IsLegalMidName"
        "A mid of 17 to 32 characters (longer ones are M008): libwebrtc carries at most 16 bytes in the MID header extension, and older Chrome refused longer mids.";
    STATIC_CODEC_NAME_CASE = "J604" "static-codec-name-case" Warning "RFC 4855 §3; Chrome 104"
        "A static payload type is mapped with its codec name in other letter case (`pcmu` for PCMU): Chrome 104 rejected such descriptions as a conflicting static payload type.";
}
