//! Family `J`, transport part, checked by `crate::lint` over the model: ICE attributes in SDP
//! (J001–J099, RFC 8839), DTLS (J101–J199, RFC 8122, RFC 8842) and BUNDLE (J201–J299,
//! RFC 9143). Findings about the candidates themselves are family `I`.

use super::rules;

rules! {
    list TRANSPORT;
    // --- J001–J099: ICE attributes in SDP (RFC 8839 §5).
    ICE_UFRAG_LENGTH = "J001" "ice-ufrag-length" Error "RFC 8839 §5.4"
        "An `a=ice-ufrag` is shorter than 4 or longer than 256 ice-chars; Chrome rejects the description.";
    ICE_PWD_LENGTH = "J002" "ice-pwd-length" Error "RFC 8839 §5.4"
        "An `a=ice-pwd` is shorter than 22 or longer than 256 ice-chars; Chrome rejects the description.";
    MISSING_ICE_CREDENTIALS = "J003" "missing-ice-credentials" Error "RFC 8839 §5.4"
        "A non-rejected media section has no `a=ice-ufrag` or `a=ice-pwd`, neither its own, at session level, nor from the tagged section of its BUNDLE group.";
    ICE_PWD_CONFLICT = "J004" "ice-pwd-conflict" Error "RFC 8839 §5.4"
        "Two sections share an `a=ice-ufrag` but carry different `a=ice-pwd`s: the connectivity checks of one of them fail their MESSAGE-INTEGRITY.";
    ICE_LITE_NON_HOST = "J005" "ice-lite-non-host-candidate" Warning "RFC 8445 §2.5"
        "An ICE lite description carries server-reflexive, peer-reflexive or relayed candidates; a lite agent only has host candidates.";
    CANDIDATE_AFTER_END = "J006" "candidate-after-end-of-candidates" Warning "RFC 8840 §8.2"
        "An `a=candidate` follows `a=end-of-candidates` in the same section (or after a session-level one): the peer has already stopped waiting for candidates.";
    ICE_OPTIONS_COMMAS = "J007" "ice-options-comma-separated" Warning "RFC 8839 §5.6"
        "`a=ice-options` separates its tags with commas (libdatachannel writes `ice2,trickle`); the grammar separates them with spaces, and other agents read one unknown tag.";
    // --- J101–J199: DTLS (RFC 8122, RFC 8842, RFC 5763).
    MISSING_FINGERPRINT = "J101" "missing-fingerprint" Error "RFC 8122 §5"
        "A non-rejected DTLS section (UDP/TLS/RTP/SAVPF, UDP/DTLS/SCTP, ...) has no `a=fingerprint` of its own, at session level, or from its BUNDLE group's tagged section; Chrome rejects the description.";
    UNKNOWN_FINGERPRINT_HASH = "J102" "unknown-fingerprint-hash" Error "RFC 8122 §5"
        "An `a=fingerprint` names a hash function that is not sha-1, sha-224, sha-256, sha-384, sha-512, md5 or md2: the peer cannot verify the certificate.";
    WEAK_FINGERPRINT_HASH = "J103" "weak-fingerprint-hash" Warning "RFC 8122 §5"
        "An `a=fingerprint` uses md5 or md2, which RFC 8122 deprecates and Firefox's SDP parser does not accept.";
    FINGERPRINT_LENGTH = "J104" "fingerprint-length-mismatch" Error "RFC 8122 §5"
        "The digest of an `a=fingerprint` does not have the length of its hash function (sha-1 20 bytes, sha-224 28, sha-256 32, sha-384 48, sha-512 64, md5/md2 16).";
    MISSING_SETUP = "J105" "missing-setup" Warning "RFC 8842 §5"
        "A non-rejected DTLS section has no `a=setup` (of its own, at session level, or from its BUNDLE group's tagged section): the DTLS roles are left to defaults the stacks disagree on.";
    SETUP_HOLDCONN = "J106" "setup-holdconn" Error "RFC 4145 §4"
        "`a=setup:holdconn` says no connection is to be set up: no DTLS handshake, so no media and no data channel.";
    OFFER_SETUP_NOT_ACTPASS = "J107" "offer-setup-not-actpass" Warning "RFC 9429 §5.2.1"
        "An offer (known as such from the input's type) uses `a=setup` other than `actpass`; JSEP offers use actpass, and older stacks (aiortc, issue 1087) reject anything else.";
    TLS_ID_LENGTH = "J108" "tls-id-length" Warning "RFC 8842 §4"
        "An `a=tls-id` is shorter than 20 or longer than 255 characters.";
    // --- J201–J299: BUNDLE (RFC 9143).
    BUNDLE_MID_NOT_FOUND = "J201" "bundle-mid-not-found" Error "RFC 9143 §7.2"
        "A BUNDLE group lists a mid that no media section carries; Chrome rejects the description.";
    BUNDLE_ONLY_WITH_PORT = "J202" "bundle-only-with-port" Note "RFC 9143 §6"
        "A section marked `a=bundle-only` has a non-zero port; in an initial offer a bundle-only section has port 0 so that peers without BUNDLE reject it.";
    BUNDLE_TAG_UNUSABLE = "J203" "bundle-tag-unusable" Warning "RFC 9143 §7.2.1"
        "The first (tagged) mid of a BUNDLE group is a rejected (port 0) or bundle-only section, so its transport cannot be the group's.";
    DUPLICATE_BUNDLE_MID = "J204" "duplicate-bundle-mid" Error "RFC 9143 §7.2"
        "A mid appears in two BUNDLE groups, or twice in one: a section belongs to at most one BUNDLE group.";
    BUNDLE_TRANSPORT_DIFFERS = "J205" "bundle-transport-differs" Warning "RFC 9143 §7.1.3"
        "Sections of one BUNDLE group carry different transport parameters (ICE credentials, fingerprints, setup): once bundled only the tagged section's count, and stacks that read another section's disagree.";
}
