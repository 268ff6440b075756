//! Family `H`: the handshake seen in a capture (`crate::handshake`): STUN transactions, ICE
//! checks and nomination, consent (H001–H099); DTLS (H101–H199); media (H201–H299).

use super::rules;

rules! {
    list HANDSHAKE;
    NO_STUN = "H001" "no-stun" Error "RFC 8445 §7"
        "The capture has no STUN message: ICE never ran where the capture was taken.";
    NO_ICE_CHECKS = "H002" "no-ice-checks" Error "RFC 8445 §7.2"
        "STUN traffic, but no connectivity check between the peers (only STUN/TURN server traffic).";
    UNKNOWN_UFRAG = "H003" "unknown-ufrag" Error "RFC 8445 §7.2.2"
        "A check's USERNAME names a ufrag that neither SDP has: the capture and the SDPs are of different sessions, or an ICE restart was missed.";
    INTEGRITY_FAILURE = "H004" "integrity-failure" Error "RFC 8489 §14.5, RFC 8445 §7.2.2"
        "MESSAGE-INTEGRITY of a check or its response does not verify with the SDP's ice-pwd: the receiver drops the check.";
    STUN_FINGERPRINT_FAILURE = "H005" "stun-fingerprint-failure" Error "RFC 8489 §14.7"
        "A STUN message's FINGERPRINT does not match its bytes: the message was altered in transit, or the sender is broken.";
    ROLE_CONFLICT = "H006" "role-conflict" Warning "RFC 8445 §7.3.1.1"
        "Checks answered 487 Role Conflict: both agents claimed the same ICE role.";
    ERROR_RESPONSE = "H007" "check-error-response" Error "RFC 8489 §14.8"
        "A connectivity check got an error response (400, 401, 420, 438, ...).";
    ONE_WAY_CHECKS = "H008" "one-way-checks" Error "RFC 8445 §7.2.5"
        "On a candidate pair, checks got through in one direction only: a firewall or NAT drops the other.";
    CHECKS_UNANSWERED = "H009" "checks-unanswered" Warning "RFC 8445 §7.2.5.2"
        "Checks in both directions on a candidate pair, none answered.";
    NOT_NOMINATED = "H010" "not-nominated" Error "RFC 8445 §8.1.1"
        "Checks succeeded, but the controlling agent nominated no pair.";
    CONSENT_EXPIRED = "H011" "consent-expired" Error "RFC 7675 §5.1"
        "No consent response on the selected pair for 30 s: the agent stops sending.";
    MALFORMED_STUN = "H012" "malformed-stun" Warning "RFC 8489 §5"
        "A packet the first-byte demultiplexer calls STUN does not decode as STUN.";
    NO_DTLS = "H101" "no-dtls" Error "RFC 8827 §6.5, RFC 5764 §4"
        "ICE connected, but no DTLS record followed: no keys for SRTP or the data channel.";
    DTLS_INCOMPLETE = "H102" "dtls-incomplete" Error "RFC 6347 §4.2.4, RFC 9147 §5"
        "The DTLS handshake started and stopped before both sides finished, without an alert.";
    DTLS_ALERT = "H103" "dtls-alert" Error "RFC 5246 §7.2, RFC 8446 §6"
        "A fatal DTLS alert (or an encrypted alert during the handshake) ended the association.";
    DTLS_FINGERPRINT_MISMATCH = "H104" "dtls-fingerprint-mismatch" Error "RFC 8122 §5, RFC 8842 §5.1"
        "A certificate sent in the clear does not match its sender's a=fingerprint: the peer rejects it.";
    DTLS_ROLE_MISMATCH = "H105" "dtls-role-mismatch" Error "RFC 8842 §5.2, RFC 4145 §4"
        "The agent that sent ClientHello is not the one a=setup makes the DTLS client (or both sent one).";
    DTLS_FINGERPRINT_NOT_CHECKABLE = "H106" "dtls-fingerprint-not-checkable" Note "RFC 9147 §5"
        "DTLS 1.3: the certificates are encrypted, so the capture alone cannot check a=fingerprint.";
    DTLS_RETRANSMISSION = "H107" "dtls-retransmission" Note "RFC 6347 §4.2.4"
        "A DTLS flight was sent more than once: the peer's answer was lost or late.";
    DTLS_MALFORMED = "H108" "dtls-malformed" Warning "RFC 6347 §4.1"
        "A packet the first-byte demultiplexer calls DTLS does not parse as DTLS records.";
    MEDIA_NONE = "H201" "media-none" Warning "RFC 3264 §6.1, RFC 3711"
        "An m-line negotiated to carry media had no packet in either direction after DTLS completed.";
    MEDIA_ONE_WAY = "H202" "media-one-way" Note "RFC 3264 §6.1"
        "An audio or video m-line carried RTP from one agent only.";
    DATA_CHANNEL_ONE_WAY = "H203" "data-channel-one-way" Warning "RFC 8831 §5, RFC 9260 §5"
        "DTLS application data (SCTP) went one way only: the data channel's SCTP association cannot come up.";
    RTP_UNMAPPED = "H204" "rtp-unmapped" Warning "RFC 8843 §9.2"
        "An RTP stream matches no m-line of the SDPs by MID, a=ssrc or payload type.";
}
