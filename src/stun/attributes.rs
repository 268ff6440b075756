//! Wire enums of the STUN registries: [`AttributeType`] (IANA "STUN Attributes"),
//! [`ErrorCode`] ("STUN Error Codes"), [`PasswordAlgorithmId`] ("STUN Password Algorithms")
//! and [`AddressFamily`]. Newtypes over the integer with named constants, so every value is
//! representable and printable; names are the IANA names, exactly as registered.

use serde::Serialize;
use std::fmt;

/// Where an attribute type's name comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Registration {
    /// Registered in the IANA "STUN Attributes" registry under this name.
    Iana,
    /// Reserved by IANA (the name is the one it had in RFC 3489 or an early TURN draft).
    Reserved,
    /// Not in the IANA registry: used by a WebRTC stack (libwebrtc) or an expired draft.
    Unregistered,
}

/// A STUN attribute type (16 bits, RFC 8489 §14 and §18.3).
///
/// Values below `0x8000` are comprehension-required: an agent that does not understand one
/// must reject the message (RFC 8489 §14, §7.3.1); `0x8000`–`0xFFFF` are
/// comprehension-optional and may be ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct AttributeType(pub u16);

macro_rules! attribute_types {
    ($($(#[$doc:meta])* $konst:ident = $value:literal, $name:literal, $reg:ident, $reference:literal;)*) => {
        impl AttributeType {
            $($(#[$doc])* pub const $konst: AttributeType = AttributeType($value);)*

            /// The registered name (`XOR-MAPPED-ADDRESS`), the former name of a reserved value
            /// (`CHANGED-ADDRESS`), or the name a WebRTC stack uses for an unregistered value
            /// (`ORIGIN`, `META-DTLS-IN-STUN`); `None` for other values. See
            /// [`AttributeType::registration`].
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some($name),)*
                    _ => None,
                }
            }

            /// Where [`AttributeType::name`] comes from; `None` for unknown values.
            pub const fn registration(self) -> Option<Registration> {
                match self.0 {
                    $($value => Some(Registration::$reg),)*
                    _ => None,
                }
            }

            /// The specification that defines the attribute (`RFC 8489 §14.2`).
            pub const fn reference(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some($reference),)*
                    _ => None,
                }
            }

            /// Every type this crate names, in numeric order.
            pub const ALL_NAMED: &'static [AttributeType] = &[$(AttributeType($value)),*];
        }
    };
}

attribute_types! {
    /// MAPPED-ADDRESS: the reflexive address, not obfuscated (RFC 3489 servers).
    MAPPED_ADDRESS = 0x0001, "MAPPED-ADDRESS", Iana, "RFC 8489 §14.1";
    /// Reserved; was RESPONSE-ADDRESS (RFC 3489 §11.2.2).
    RESPONSE_ADDRESS = 0x0002, "RESPONSE-ADDRESS", Reserved, "RFC 3489 §11.2.2";
    /// CHANGE-REQUEST: ask the server to answer from another IP and/or port (NAT behaviour
    /// discovery).
    CHANGE_REQUEST = 0x0003, "CHANGE-REQUEST", Iana, "RFC 5780 §7.2";
    /// Reserved; was SOURCE-ADDRESS (RFC 3489 §11.2.5).
    SOURCE_ADDRESS = 0x0004, "SOURCE-ADDRESS", Reserved, "RFC 3489 §11.2.5";
    /// Reserved; was CHANGED-ADDRESS (RFC 3489 §11.2.3).
    CHANGED_ADDRESS = 0x0005, "CHANGED-ADDRESS", Reserved, "RFC 3489 §11.2.3";
    /// USERNAME: `receiver-ufrag:sender-ufrag` in ICE checks (RFC 8445 §7.2.2).
    USERNAME = 0x0006, "USERNAME", Iana, "RFC 8489 §14.3";
    /// Reserved; was PASSWORD (RFC 3489 §11.2.7).
    PASSWORD = 0x0007, "PASSWORD", Reserved, "RFC 3489 §11.2.7";
    /// MESSAGE-INTEGRITY: HMAC-SHA1, 20 bytes.
    MESSAGE_INTEGRITY = 0x0008, "MESSAGE-INTEGRITY", Iana, "RFC 8489 §14.5";
    /// ERROR-CODE: class, number and reason phrase.
    ERROR_CODE = 0x0009, "ERROR-CODE", Iana, "RFC 8489 §14.8";
    /// UNKNOWN-ATTRIBUTES: the comprehension-required types a 420 response did not understand.
    UNKNOWN_ATTRIBUTES = 0x000A, "UNKNOWN-ATTRIBUTES", Iana, "RFC 8489 §14.13";
    /// Reserved; was REFLECTED-FROM (RFC 3489 §11.2.11).
    REFLECTED_FROM = 0x000B, "REFLECTED-FROM", Reserved, "RFC 3489 §11.2.11";
    /// CHANNEL-NUMBER: a TURN channel, 0x4000–0x4FFF.
    CHANNEL_NUMBER = 0x000C, "CHANNEL-NUMBER", Iana, "RFC 8656 §18.1";
    /// LIFETIME: allocation lifetime in seconds.
    LIFETIME = 0x000D, "LIFETIME", Iana, "RFC 8656 §18.2";
    /// Reserved; was BANDWIDTH (early TURN drafts).
    BANDWIDTH = 0x0010, "BANDWIDTH", Reserved, "RFC 8656 §18";
    /// XOR-PEER-ADDRESS: a peer's address, XOR-obfuscated. May repeat (CreatePermission).
    XOR_PEER_ADDRESS = 0x0012, "XOR-PEER-ADDRESS", Iana, "RFC 8656 §18.3";
    /// DATA: application data of Send/Data indications.
    DATA = 0x0013, "DATA", Iana, "RFC 8656 §18.4";
    /// REALM: long-term credential realm.
    REALM = 0x0014, "REALM", Iana, "RFC 8489 §14.9";
    /// NONCE: long-term credential nonce (may start with the RFC 8489 "nonce cookie").
    NONCE = 0x0015, "NONCE", Iana, "RFC 8489 §14.10";
    /// XOR-RELAYED-ADDRESS: the relayed transport address of a TURN allocation.
    XOR_RELAYED_ADDRESS = 0x0016, "XOR-RELAYED-ADDRESS", Iana, "RFC 8656 §18.5";
    /// REQUESTED-ADDRESS-FAMILY: IPv4 or IPv6 relayed address wanted.
    REQUESTED_ADDRESS_FAMILY = 0x0017, "REQUESTED-ADDRESS-FAMILY", Iana, "RFC 8656 §18.6";
    /// EVEN-PORT: ask for an even relayed port (R bit: reserve the next one).
    EVEN_PORT = 0x0018, "EVEN-PORT", Iana, "RFC 8656 §18.7";
    /// REQUESTED-TRANSPORT: IP protocol of the allocation (17 UDP, 6 TCP per RFC 6062).
    REQUESTED_TRANSPORT = 0x0019, "REQUESTED-TRANSPORT", Iana, "RFC 8656 §18.8";
    /// DONT-FRAGMENT: set the DF bit towards the peer.
    DONT_FRAGMENT = 0x001A, "DONT-FRAGMENT", Iana, "RFC 8656 §18.9";
    /// ACCESS-TOKEN: third-party authorization token.
    ACCESS_TOKEN = 0x001B, "ACCESS-TOKEN", Iana, "RFC 7635 §6.2";
    /// MESSAGE-INTEGRITY-SHA256: HMAC-SHA256, 16–32 bytes.
    MESSAGE_INTEGRITY_SHA256 = 0x001C, "MESSAGE-INTEGRITY-SHA256", Iana, "RFC 8489 §14.6";
    /// PASSWORD-ALGORITHM: the algorithm the client chose.
    PASSWORD_ALGORITHM = 0x001D, "PASSWORD-ALGORITHM", Iana, "RFC 8489 §14.12";
    /// USERHASH: SHA-256 of `username ":" realm`, instead of USERNAME.
    USERHASH = 0x001E, "USERHASH", Iana, "RFC 8489 §14.4";
    /// XOR-MAPPED-ADDRESS: the reflexive address, XOR-obfuscated.
    XOR_MAPPED_ADDRESS = 0x0020, "XOR-MAPPED-ADDRESS", Iana, "RFC 8489 §14.2";
    /// Reserved; was TIMER-VAL (early TURN drafts).
    TIMER_VAL = 0x0021, "TIMER-VAL", Reserved, "RFC 8656 §18";
    /// RESERVATION-TOKEN: token for a reserved relayed port.
    RESERVATION_TOKEN = 0x0022, "RESERVATION-TOKEN", Iana, "RFC 8656 §18.10";
    /// PRIORITY: priority of the peer-reflexive candidate the check would create.
    PRIORITY = 0x0024, "PRIORITY", Iana, "RFC 8445 §7.1.1, §16.1";
    /// USE-CANDIDATE: the controlling agent nominates this pair.
    USE_CANDIDATE = 0x0025, "USE-CANDIDATE", Iana, "RFC 8445 §7.1.2, §16.1";
    /// PADDING: pads a request (path MTU discovery).
    PADDING = 0x0026, "PADDING", Iana, "RFC 5780 §7.6";
    /// RESPONSE-PORT: port to send the response to.
    RESPONSE_PORT = 0x0027, "RESPONSE-PORT", Iana, "RFC 5780 §7.5";
    /// CONNECTION-ID: identifies a TCP peer connection of a TCP allocation.
    CONNECTION_ID = 0x002A, "CONNECTION-ID", Iana, "RFC 6062 §6.2.1";
    /// ADDITIONAL-ADDRESS-FAMILY: ask for a second (IPv6) relayed address.
    ADDITIONAL_ADDRESS_FAMILY = 0x8000, "ADDITIONAL-ADDRESS-FAMILY", Iana, "RFC 8656 §18.11";
    /// ADDRESS-ERROR-CODE: why one address family of a dual allocation failed.
    ADDRESS_ERROR_CODE = 0x8001, "ADDRESS-ERROR-CODE", Iana, "RFC 8656 §18.12";
    /// PASSWORD-ALGORITHMS: the algorithms the server supports, in its order of preference.
    PASSWORD_ALGORITHMS = 0x8002, "PASSWORD-ALGORITHMS", Iana, "RFC 8489 §14.11";
    /// ALTERNATE-DOMAIN: domain name of the ALTERNATE-SERVER (for TLS).
    ALTERNATE_DOMAIN = 0x8003, "ALTERNATE-DOMAIN", Iana, "RFC 8489 §14.16";
    /// ICMP: an ICMP error a TURN server received from a peer.
    ICMP = 0x8004, "ICMP", Iana, "RFC 8656 §18.13";
    /// SOFTWARE: product name and version of the sender.
    SOFTWARE = 0x8022, "SOFTWARE", Iana, "RFC 8489 §14.14";
    /// ALTERNATE-SERVER: where to retry (300 Try Alternate).
    ALTERNATE_SERVER = 0x8023, "ALTERNATE-SERVER", Iana, "RFC 8489 §14.15";
    /// TRANSACTION_TRANSMIT_COUNTER: how many times the request (and response) was sent.
    TRANSACTION_TRANSMIT_COUNTER = 0x8025, "TRANSACTION_TRANSMIT_COUNTER", Iana, "RFC 7982 §3";
    /// CACHE-TIMEOUT: NAT binding lifetime discovery, seconds.
    CACHE_TIMEOUT = 0x8027, "CACHE-TIMEOUT", Iana, "RFC 5780 §7.7";
    /// FINGERPRINT: CRC-32 of the message XOR `0x5354554E`; last attribute.
    FINGERPRINT = 0x8028, "FINGERPRINT", Iana, "RFC 8489 §14.7";
    /// ICE-CONTROLLED: the sender is controlled; 64-bit tie-breaker.
    ICE_CONTROLLED = 0x8029, "ICE-CONTROLLED", Iana, "RFC 8445 §7.1.3, §16.1";
    /// ICE-CONTROLLING: the sender is controlling; 64-bit tie-breaker.
    ICE_CONTROLLING = 0x802A, "ICE-CONTROLLING", Iana, "RFC 8445 §7.1.3, §16.1";
    /// RESPONSE-ORIGIN: the address the response was sent from.
    RESPONSE_ORIGIN = 0x802B, "RESPONSE-ORIGIN", Iana, "RFC 5780 §7.3";
    /// OTHER-ADDRESS: the server's alternate address (RFC 5780 tests).
    OTHER_ADDRESS = 0x802C, "OTHER-ADDRESS", Iana, "RFC 5780 §7.4";
    /// ECN-CHECK STUN: ECN echo for RTP ECN verification (the IANA name has a space).
    ECN_CHECK = 0x802D, "ECN-CHECK STUN", Iana, "RFC 6679 §7.2.2";
    /// THIRD-PARTY-AUTHORIZATION: name of the authorization server.
    THIRD_PARTY_AUTHORIZATION = 0x802E, "THIRD-PARTY-AUTHORIZATION", Iana, "RFC 7635 §6.1";
    /// ORIGIN: the web origin of the page (expired draft-ietf-tram-stun-origin; libwebrtc's
    /// `STUN_ATTR_ORIGIN`). 0x802F is unassigned in the IANA registry.
    ORIGIN = 0x802F, "ORIGIN", Unregistered, "draft-ietf-tram-stun-origin";
    /// MOBILITY-TICKET: lets a TURN client move its allocation to a new address.
    MOBILITY_TICKET = 0x8030, "MOBILITY-TICKET", Iana, "RFC 8016 §3";
    /// CISCO-STUN-FLOWDATA (IANA, vendor).
    CISCO_STUN_FLOWDATA = 0xC000, "CISCO-STUN-FLOWDATA", Iana, "IANA (Dan Wing)";
    /// ENF-FLOW-DESCRIPTION (IANA, vendor). libwebrtc reuses 0xC001 for its unregistered
    /// NOMINATION attribute (a 32-bit nomination value, "renomination"): see
    /// [`AttributeType::NOMINATION`] and [`AttributeType::webrtc_alias`].
    ENF_FLOW_DESCRIPTION = 0xC001, "ENF-FLOW-DESCRIPTION", Iana, "IANA (Pål Erik Martinsen)";
    /// ENF-NETWORK-STATUS (IANA, vendor).
    ENF_NETWORK_STATUS = 0xC002, "ENF-NETWORK-STATUS", Iana, "IANA (Pål Erik Martinsen)";
    /// CISCO-WEBEX-FLOW-INFO (IANA, vendor).
    CISCO_WEBEX_FLOW_INFO = 0xC003, "CISCO-WEBEX-FLOW-INFO", Iana, "IANA (Stefano Giorcelli)";
    /// CITRIX-TRANSACTION-ID (IANA, vendor).
    CITRIX_TRANSACTION_ID = 0xC056, "CITRIX-TRANSACTION-ID", Iana, "IANA (Paras Babbar)";
    /// GOOG-NETWORK-INFO: 16-bit network id and 16-bit network cost of the sending interface.
    GOOG_NETWORK_INFO = 0xC057, "GOOG-NETWORK-INFO", Iana, "IANA (Jonas Oreland); libwebrtc";
    /// GOOG-LAST-ICE-CHECK-RECEIVED: transaction ID of the last check received (experimental).
    GOOG_LAST_ICE_CHECK_RECEIVED = 0xC058, "GOOG-LAST-ICE-CHECK-RECEIVED", Iana, "IANA (Jonas Oreland); libwebrtc";
    /// GOOG-MISC-INFO: a list of 16-bit values (index 0: supported GOOG-PING version).
    GOOG_MISC_INFO = 0xC059, "GOOG-MISC-INFO", Iana, "IANA (Jonas Oreland); libwebrtc";
    /// GOOG-OBSOLETE-1 (obsolete).
    GOOG_OBSOLETE_1 = 0xC05A, "GOOG-OBSOLETE-1", Iana, "IANA (Jonas Oreland); libwebrtc";
    /// GOOG-CONNECTION-ID.
    GOOG_CONNECTION_ID = 0xC05B, "GOOG-CONNECTION-ID", Iana, "IANA (Jonas Oreland); libwebrtc";
    /// GOOG-DELTA: a delta of libwebrtc's STUN dictionary (opaque bytes).
    GOOG_DELTA = 0xC05C, "GOOG-DELTA", Iana, "IANA (Jonas Oreland); libwebrtc";
    /// GOOG-DELTA-ACK: acknowledges a GOOG-DELTA (64-bit version).
    GOOG_DELTA_ACK = 0xC05D, "GOOG-DELTA-ACK", Iana, "IANA (Jonas Oreland); libwebrtc";
    /// GOOG-DELTA-SYNC-REQ.
    GOOG_DELTA_SYNC_REQ = 0xC05E, "GOOG-DELTA-SYNC-REQ", Iana, "IANA (Jonas Oreland); libwebrtc";
    /// GOOG-MESSAGE-INTEGRITY-32: MESSAGE-INTEGRITY truncated to 4 bytes (GOOG-PING).
    GOOG_MESSAGE_INTEGRITY_32 = 0xC060, "GOOG-MESSAGE-INTEGRITY-32", Iana, "IANA (Jonas Oreland); libwebrtc";
    /// META-DTLS-IN-STUN: DTLS handshake piggybacked in STUN (libwebrtc, experimental).
    META_DTLS_IN_STUN = 0xC070, "META-DTLS-IN-STUN", Unregistered, "libwebrtc";
    /// META-DTLS-IN-STUN-ACK: acknowledges META-DTLS-IN-STUN (libwebrtc, experimental).
    META_DTLS_IN_STUN_ACK = 0xC071, "META-DTLS-IN-STUN-ACK", Unregistered, "libwebrtc";
    /// RETRANSMIT-COUNT: libwebrtc's count of unanswered pings (old builds; 32 bits).
    RETRANSMIT_COUNT = 0xFF00, "RETRANSMIT-COUNT", Unregistered, "libwebrtc";
}

impl AttributeType {
    /// libwebrtc's NOMINATION (0xC001, a 32-bit value), which IANA registered as
    /// ENF-FLOW-DESCRIPTION. [`AttributeType::name`] gives the IANA name; the typed value
    /// decoded from a 4-byte 0xC001 attribute is [`super::AttributeValue::Nomination`].
    pub const NOMINATION: AttributeType = AttributeType(0xC001);

    /// Whether an agent that does not understand the attribute must reject the message:
    /// types `0x0000`–`0x7FFF` (RFC 8489 §14).
    pub const fn is_comprehension_required(self) -> bool {
        self.0 < 0x8000
    }

    /// The name WebRTC stacks use where it differs from the IANA one: `NOMINATION` for 0xC001.
    pub const fn webrtc_alias(self) -> Option<&'static str> {
        match self.0 {
            0xC001 => Some("NOMINATION"),
            _ => None,
        }
    }

    /// Whether the type is in this crate's table (registered, reserved, or used by a known
    /// WebRTC stack). A comprehension-required type that is not known is what an agent lists
    /// in UNKNOWN-ATTRIBUTES with a 420 response (RFC 8489 §7.3.1).
    pub const fn is_known(self) -> bool {
        self.name().is_some()
    }
}

impl fmt::Display for AttributeType {
    /// The name if there is one, otherwise `0xABCD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "0x{:04X}", self.0),
        }
    }
}

/// A STUN error code: `class * 100 + number` (RFC 8489 §14.8), e.g. 401 or 487.
///
/// On the wire the class (3–6) and number (0–99) are separate fields; [`ErrorCode::class`] and
/// [`ErrorCode::number`] split them again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ErrorCode(pub u16);

impl ErrorCode {
    /// 300 Try Alternate (RFC 8489 §14.8).
    pub const TRY_ALTERNATE: ErrorCode = ErrorCode(300);
    /// 400 Bad Request (RFC 8489 §14.8).
    pub const BAD_REQUEST: ErrorCode = ErrorCode(400);
    /// 401 Unauthenticated (RFC 8489 §14.8; "Unauthorized" in RFC 5389).
    pub const UNAUTHENTICATED: ErrorCode = ErrorCode(401);
    /// 403 Forbidden (RFC 8656 §19).
    pub const FORBIDDEN: ErrorCode = ErrorCode(403);
    /// 405 Mobility Forbidden (RFC 8016 §4).
    pub const MOBILITY_FORBIDDEN: ErrorCode = ErrorCode(405);
    /// 420 Unknown Attribute (RFC 8489 §14.8).
    pub const UNKNOWN_ATTRIBUTE: ErrorCode = ErrorCode(420);
    /// 437 Allocation Mismatch (RFC 8656 §19).
    pub const ALLOCATION_MISMATCH: ErrorCode = ErrorCode(437);
    /// 438 Stale Nonce (RFC 8489 §14.8).
    pub const STALE_NONCE: ErrorCode = ErrorCode(438);
    /// 440 Address Family not Supported (RFC 8656 §19).
    pub const ADDRESS_FAMILY_NOT_SUPPORTED: ErrorCode = ErrorCode(440);
    /// 441 Wrong Credentials (RFC 8656 §19).
    pub const WRONG_CREDENTIALS: ErrorCode = ErrorCode(441);
    /// 442 Unsupported Transport Protocol (RFC 8656 §19).
    pub const UNSUPPORTED_TRANSPORT_PROTOCOL: ErrorCode = ErrorCode(442);
    /// 443 Peer Address Family Mismatch (RFC 8656 §19).
    pub const PEER_ADDRESS_FAMILY_MISMATCH: ErrorCode = ErrorCode(443);
    /// 446 Connection Already Exists (RFC 6062 §6.3).
    pub const CONNECTION_ALREADY_EXISTS: ErrorCode = ErrorCode(446);
    /// 447 Connection Timeout or Failure (RFC 6062 §6.3).
    pub const CONNECTION_TIMEOUT_OR_FAILURE: ErrorCode = ErrorCode(447);
    /// 486 Allocation Quota Reached (RFC 8656 §19).
    pub const ALLOCATION_QUOTA_REACHED: ErrorCode = ErrorCode(486);
    /// 487 Role Conflict (RFC 8445 §7.3.1.1).
    pub const ROLE_CONFLICT: ErrorCode = ErrorCode(487);
    /// 500 Server Error (RFC 8489 §14.8).
    pub const SERVER_ERROR: ErrorCode = ErrorCode(500);
    /// 508 Insufficient Capacity (RFC 8656 §19).
    pub const INSUFFICIENT_CAPACITY: ErrorCode = ErrorCode(508);

    /// The hundreds digit (3–6 for valid codes).
    pub const fn class(self) -> u16 {
        self.0 / 100
    }

    /// The number within the class (0–99).
    pub const fn number(self) -> u16 {
        self.0 % 100
    }

    /// The IANA reason phrase of a registered code.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            300 => "Try Alternate",
            400 => "Bad Request",
            401 => "Unauthenticated",
            403 => "Forbidden",
            405 => "Mobility Forbidden",
            420 => "Unknown Attribute",
            437 => "Allocation Mismatch",
            438 => "Stale Nonce",
            440 => "Address Family not Supported",
            441 => "Wrong Credentials",
            442 => "Unsupported Transport Protocol",
            443 => "Peer Address Family Mismatch",
            446 => "Connection Already Exists",
            447 => "Connection Timeout or Failure",
            486 => "Allocation Quota Reached",
            487 => "Role Conflict",
            500 => "Server Error",
            508 => "Insufficient Capacity",
            _ => return None,
        })
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{} {}", self.0, name),
            None => write!(f, "{}", self.0),
        }
    }
}

/// A password algorithm (RFC 8489 §18.5, IANA "STUN Password Algorithms"), as carried in
/// PASSWORD-ALGORITHM and PASSWORD-ALGORITHMS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PasswordAlgorithmId(pub u16);

impl PasswordAlgorithmId {
    /// MD5 (0x0001): 16-byte key `MD5(username ":" realm ":" password)`, the default when no
    /// PASSWORD-ALGORITHM is present (RFC 8489 §9.2.2, §18.5.1.1).
    pub const MD5: PasswordAlgorithmId = PasswordAlgorithmId(0x0001);
    /// SHA-256 (0x0002): 32-byte key `SHA-256(username ":" realm ":" password)`
    /// (RFC 8489 §18.5.1.2).
    pub const SHA256: PasswordAlgorithmId = PasswordAlgorithmId(0x0002);

    /// The IANA name (`MD5`, `SHA-256`).
    pub const fn name(self) -> Option<&'static str> {
        match self.0 {
            1 => Some("MD5"),
            2 => Some("SHA-256"),
            _ => None,
        }
    }
}

impl fmt::Display for PasswordAlgorithmId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} (0x{:04X})", self.0),
            None => write!(f, "0x{:04X}", self.0),
        }
    }
}

/// An address family byte (RFC 8489 §14.1, RFC 8656 §18.6): `0x01` IPv4, `0x02` IPv6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct AddressFamily(pub u8);

impl AddressFamily {
    /// IPv4 (`0x01`).
    pub const IPV4: AddressFamily = AddressFamily(0x01);
    /// IPv6 (`0x02`).
    pub const IPV6: AddressFamily = AddressFamily(0x02);

    /// `IPv4` or `IPv6`.
    pub const fn name(self) -> Option<&'static str> {
        match self.0 {
            1 => Some("IPv4"),
            2 => Some("IPv6"),
            _ => None,
        }
    }
}

impl fmt::Display for AddressFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "family 0x{:02X}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_ranges() {
        assert_eq!(
            AttributeType::XOR_MAPPED_ADDRESS.name(),
            Some("XOR-MAPPED-ADDRESS")
        );
        assert_eq!(AttributeType(0xC057).to_string(), "GOOG-NETWORK-INFO");
        assert_eq!(AttributeType(0x7777).to_string(), "0x7777");
        assert!(AttributeType(0x7FFF).is_comprehension_required());
        assert!(!AttributeType(0x8000).is_comprehension_required());
        assert_eq!(
            AttributeType::NOMINATION.name(),
            Some("ENF-FLOW-DESCRIPTION")
        );
        assert_eq!(AttributeType::NOMINATION.webrtc_alias(), Some("NOMINATION"));
        assert_eq!(AttributeType::ECN_CHECK.name(), Some("ECN-CHECK STUN"));
        assert_eq!(
            AttributeType::ORIGIN.registration(),
            Some(Registration::Unregistered)
        );
        assert_eq!(
            AttributeType::CHANGED_ADDRESS.registration(),
            Some(Registration::Reserved)
        );
        // Sorted, no duplicates.
        assert!(AttributeType::ALL_NAMED.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn error_codes() {
        assert_eq!(ErrorCode(487).to_string(), "487 Role Conflict");
        assert_eq!(ErrorCode(401).class(), 4);
        assert_eq!(ErrorCode(401).number(), 1);
        assert_eq!(ErrorCode(699).to_string(), "699");
    }
}
