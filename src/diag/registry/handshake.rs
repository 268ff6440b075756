//! Family `H`: the handshake seen in a capture (`crate::handshake`): STUN transactions, ICE
//! checks and nomination, consent.

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
}
