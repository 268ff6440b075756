//! Family `O`: offer/answer, an answer checked against its offer (RFC 3264, RFC 9429 §5.3) and
//! an offer against an earlier one of the same session (ICE restarts).

use super::rules;

rules! {
    list OFFER_ANSWER;
    // --- O: offer/answer (src/lint/offer_answer/): the answer against the offer, ICE restarts.
    M_LINE_COUNT_MISMATCH = "O001" "m-line-count-mismatch" Error "RFC 3264 §6"
        "The answer has a different number of m-lines than the offer; it must answer every offered m-line, in order.";
    M_LINE_KIND_MISMATCH = "O002" "m-line-kind-mismatch" Error "RFC 3264 §6"
        "An m-line of the answer has another media type than the offer's m-line at the same position.";
    MID_MISMATCH = "O003" "mid-mismatch" Error "RFC 9429 §5.3.1"
        "An m-line of the answer has another `a=mid` than the offer's m-line at the same position (or none).";
    REJECTED_SECTION_ACCEPTED = "O004" "rejected-section-accepted" Error "RFC 3264 §6"
        "The offer rejected an m-line (port 0, not bundle-only) and the answer gives it a port: a rejected section stays rejected.";
    ANSWER_SETUP_ACTPASS = "O005" "answer-setup-actpass" Error "RFC 8842 §5.3"
        "The answer says `a=setup:actpass`; an answer must choose `active` or `passive`, so nobody knows who is the DTLS client.";
    INCOMPATIBLE_SETUP = "O006" "incompatible-setup" Error "RFC 4145 §4"
        "The answer's `a=setup` does not complement the offer's (active with passive, either with actpass): no DTLS handshake starts.";
    INCOMPATIBLE_DIRECTION = "O007" "incompatible-direction" Warning "RFC 3264 §6.1"
        "The answer's direction does not fit the offer's (sendonly is answered by recvonly or inactive, recvonly by sendonly or inactive, inactive by inactive).";
    CODEC_NOT_OFFERED = "O008" "codec-not-offered" Warning "RFC 3264 §6.1"
        "The answer lists a codec (encoding name, clock rate, channels) that the offer's m-line did not offer.";
    PAYLOAD_TYPE_REDEFINED = "O009" "payload-type-redefined" Error "RFC 3264 §6.1"
        "The answer maps a payload type to another codec than the offer did: each side decodes the other's packets as the wrong codec.";
    BUNDLE_NOT_OFFERED = "O010" "bundle-not-offered" Error "RFC 9143 §7.3"
        "The answer's BUNDLE group holds a mid that the offer did not put in a BUNDLE group.";
    RTCP_MUX_NOT_OFFERED = "O011" "rtcp-mux-not-offered" Warning "RFC 5761 §5.1.1"
        "The answer has `a=rtcp-mux` on an m-line whose offer did not have it.";
    EXTMAP_NOT_OFFERED = "O012" "extmap-not-offered" Warning "RFC 8285 §6"
        "The answer has an `a=extmap` header extension (by URI) that the offer's m-line did not offer.";
    EXTMAP_ID_CHANGED = "O013" "extmap-id-changed" Warning "RFC 8285 §6"
        "The answer gives an offered header extension another id than the offer did.";
    BOTH_ICE_LITE = "O014" "both-ice-lite" Error "RFC 8445 §6.1.1"
        "Both the offer and the answer say `a=ice-lite`: neither side runs connectivity checks, so ICE never completes.";
    ICE_RESTART = "O015" "ice-restart" Note "RFC 8839 §4.4.1.1.1"
        "The ufrag and pwd differ from the earlier description of the same side: this exchange restarts ICE.";
    ICE_CREDENTIALS_HALF_CHANGED = "O016" "ice-credentials-half-changed" Error "RFC 8839 §4.4.1.1.1"
        "The ufrag changed but not the pwd, or the pwd but not the ufrag, against the earlier description: both change together on an ICE restart.";
    SCTP_PORT_MISSING = "O017" "sctp-port-missing" Warning "RFC 8841 §5.1"
        "A data channel m-line is accepted but only one side gives `a=sctp-port`; the other side's SCTP port is left to the default 5000.";
}
