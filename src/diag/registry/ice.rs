//! Family `I`: ICE candidates (`crate::ice`): one candidate, a candidate list, a candidate
//! set, pairing.

use super::rules;

rules! {
    list ICE;
    // --- I: ICE candidates (src/ice/): one candidate, a candidate list, a candidate set, pairing.
    TYPE_PREFERENCE_MISMATCH = "I001" "candidate-type-preference-mismatch" Warning "RFC 8445 §5.1.2.2"
        "The type preference in the priority (its top 8 bits) is a value known for another candidate type, e.g. a `host` candidate with the server-reflexive 100.";
    MISSING_RELATED_ADDRESS = "I002" "missing-related-address" Warning "RFC 8839 §5.1"
        "A server-reflexive, peer-reflexive or relayed candidate lacks `raddr`/`rport`, or has one without the other.";
    HOST_WITH_RELATED_ADDRESS = "I003" "host-with-related-address" Warning "RFC 8839 §5.1"
        "A host candidate carries `raddr`/`rport` other than the placeholders 0.0.0.0 or :: with port 0 or 9.";
    TCP_WITHOUT_TCPTYPE = "I004" "tcp-without-tcptype" Error "RFC 6544 §4.5"
        "A TCP candidate has no `tcptype` (active, passive or so), or an unknown one: the peer cannot pair it.";
    PRIORITY_OUT_OF_RANGE = "I005" "priority-out-of-range" Error "RFC 8445 §5.1.2.1"
        "The priority exceeds 2^32 - 1: it cannot be carried in the 32-bit STUN PRIORITY attribute.";
    PRIORITY_OUTSIDE_RFC_RANGE = "I006" "priority-outside-rfc-range" Warning "RFC 8445 §5.1.2.1"
        "The priority is 0 or above 2^31 - 1 (type preference above 126); RFC 8445 wants 1 to 2^31 - 1.";
    COMPONENT_PRIORITY_MISMATCH = "I007" "component-priority-mismatch" Warning "RFC 8445 §5.1.2.1"
        "The low 8 bits of the priority (256 - component ID) do not match the candidate's component ID.";
    UNUSUAL_COMPONENT = "I008" "unusual-component-id" Note "RFC 8445 §4"
        "A component ID other than 1 (RTP, or everything with rtcp-mux) or 2 (RTCP), which WebRTC never uses.";
    UNUSABLE_ADDRESS = "I009" "unusable-candidate-address" Error "RFC 8445 §5.1.1.1"
        "The connection address is unspecified (0.0.0.0, ::), multicast or broadcast: no connectivity check can reach it.";
    INVALID_PORT = "I010" "invalid-candidate-port" Warning "RFC 8839 §5.1"
        "Port 0 on a candidate that must receive (UDP, or TCP passive/so); only TCP active candidates have no port (9).";
    TCPTYPE_WITHOUT_TCP = "I011" "tcptype-without-tcp" Warning "RFC 6544 §4.5"
        "A `tcptype` extension on a candidate whose transport is not TCP.";
    FQDN_ADDRESS = "I012" "fqdn-candidate-address" Note "RFC 8839 §5.1"
        "The connection address is a DNS name (not mDNS): the peer must resolve it, and some agents drop such candidates.";
    MDNS_ON_NON_HOST = "I013" "mdns-on-non-host" Warning "draft-ietf-mmusic-mdns-ice-candidates §3.1"
        "An mDNS `.local` name on a reflexive or relayed candidate; only host candidates are hidden behind mDNS names.";
    SERVER_ADDRESS_NOT_PUBLIC = "I014" "srflx-or-relay-not-public" Note "RFC 8445 §5.1.1.2"
        "A server-reflexive or relayed candidate has a non-public address: the STUN/TURN server is inside the same network, or the network uses carrier-grade NAT.";
    EXCLUDED_ADDRESS = "I015" "excluded-candidate-address" Warning "RFC 8445 §5.1.1.1"
        "A candidate on a loopback, site-local (fec0::/10) or IPv4-compatible IPv6 address, which RFC 8445 excludes from gathering.";
    INVALID_CANDIDATE = "I016" "invalid-candidate" Error "RFC 8839 §5.1"
        "An entry of a candidate list (text or RTCIceCandidateInit JSON) does not match the candidate grammar or has members of the wrong type; it is skipped.";
    MISSING_MID_AND_INDEX = "I017" "missing-sdp-mid-and-index" Error "W3C webrtc-pc, addIceCandidate()"
        "An RTCIceCandidateInit has neither `sdpMid` nor `sdpMLineIndex`: addIceCandidate() rejects it with a TypeError.";
    USERNAME_FRAGMENT_MISMATCH = "I018" "username-fragment-mismatch" Warning "W3C webrtc-pc, RTCIceCandidateInit"
        "The JSON `usernameFragment` differs from the `ufrag` extension in the candidate string.";
    NO_SRFLX_OR_RELAY = "I019" "no-srflx-or-relay" Warning "RFC 8445 §5.1.1"
        "No server-reflexive or relayed candidate and no public host address: this side is reachable only from its own network.";
    ONLY_MDNS_HOSTS = "I020" "only-mdns-hosts" Warning "draft-ietf-mmusic-mdns-ice-candidates §3.1"
        "Every candidate is an mDNS `.local` host: the peer must resolve mDNS on the same link, and nothing else can connect.";
    RELAY_ONLY_OVER_TCP = "I021" "relay-only-over-tcp" Warning "RFC 8656 §3.1"
        "Every relayed candidate reaches its TURN server over TCP or TLS (as its priority tells): UDP to the TURN server failed or is not configured.";
    INCONSISTENT_FOUNDATION = "I022" "inconsistent-foundation" Warning "RFC 8445 §5.1.1.3"
        "One foundation is used for candidates of different types, transports or base addresses; frozen-pair handling goes wrong.";
    UFRAG_MISMATCH = "I023" "ufrag-mismatch" Error "RFC 8839 §5.4"
        "A candidate's username fragment (`ufrag` extension or `usernameFragment`) differs from the expected a=ice-ufrag: the peer drops it.";
    MIXED_UFRAGS = "I024" "mixed-ufrags" Warning "RFC 8445 §9"
        "Candidates of one side carry different username fragments: candidates from before and after an ICE restart are mixed.";
    IPV6_ONLY = "I025" "ipv6-only" Note "RFC 8445 §6.1.2.2"
        "Every candidate is IPv6: a peer without IPv6 cannot form a single candidate pair.";
    TCP_ONLY = "I026" "tcp-only" Warning "RFC 6544 §1"
        "No UDP candidate: media must run over ICE-TCP, which some agents (aiortc, libjuice by default) do not support.";
    NO_CANDIDATES = "I027" "no-candidates" Warning "RFC 8445 §5.1"
        "The candidate set is empty: nothing was gathered, or the trickled candidates never arrived.";
    EMPTY_CHECK_LIST = "I028" "empty-check-list" Error "RFC 8445 §6.1.2.2"
        "No local candidate can be paired with a remote one (component, address family, transport, TCP type): no check can run.";
    CHECK_LIST_TRUNCATED = "I029" "check-list-truncated" Note "RFC 8445 §6.1.2.5"
        "The check list held more pairs than the limit; the lowest-priority pairs were removed.";
}
