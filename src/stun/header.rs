//! The 20-byte STUN header (RFC 8489 §5): message type (class and method packed into 14 bits),
//! message length, magic cookie and transaction ID.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |0 0|     STUN Message Type     |         Message Length        |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                         Magic Cookie                          |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                     Transaction ID (96 bits)                  |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! The message type interleaves the 12 method bits M11..M0 with the 2 class bits C1 C0
//! (RFC 8489 §5, Figure 3): `M11 M10 M9 M8 M7 C1 M6 M5 M4 C0 M3 M2 M1 M0`.

use serde::Serialize;
use std::fmt;

/// The magic cookie, `0x2112A442`, in bytes 4..8 of every RFC 5389/8489 message (RFC 8489 §5).
/// A message without it is either an RFC 3489 message or not STUN.
pub const MAGIC_COOKIE: u32 = 0x2112_A442;

/// Size of the STUN header in bytes (RFC 8489 §5).
pub const HEADER_LEN: usize = 20;

/// The class of a message (RFC 8489 §5): the two bits C1 C0 of the message type. All four
/// values exist, so this is a closed enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Class {
    /// `0b00`: a request; the agent answers with a success or error response.
    Request,
    /// `0b01`: an indication; no response.
    Indication,
    /// `0b10`: a success response.
    SuccessResponse,
    /// `0b11`: an error response (carries ERROR-CODE).
    ErrorResponse,
}

impl Class {
    /// The class from its two bits (`C1 C0`, only the low two bits of `bits` are used).
    pub const fn from_bits(bits: u16) -> Class {
        match bits & 0b11 {
            0b00 => Class::Request,
            0b01 => Class::Indication,
            0b10 => Class::SuccessResponse,
            _ => Class::ErrorResponse,
        }
    }

    /// The two class bits (`C1 C0`).
    pub const fn bits(self) -> u16 {
        match self {
            Class::Request => 0b00,
            Class::Indication => 0b01,
            Class::SuccessResponse => 0b10,
            Class::ErrorResponse => 0b11,
        }
    }

    /// The name used in RFC 8489 and by Wireshark: `Request`, `Indication`,
    /// `Success Response`, `Error Response`.
    pub const fn name(self) -> &'static str {
        match self {
            Class::Request => "Request",
            Class::Indication => "Indication",
            Class::SuccessResponse => "Success Response",
            Class::ErrorResponse => "Error Response",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A STUN method: 12 bits (0x000–0xFFF), from the IANA "STUN Methods" registry.
///
/// A newtype, so every value (registered or not) is representable; [`Method::name`] gives the
/// IANA name of registered ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Method(pub u16);

impl Method {
    /// Binding (RFC 8489): connectivity checks, consent freshness, server reflexive discovery.
    pub const BINDING: Method = Method(0x001);
    /// Allocate (RFC 8656 §7): create a TURN allocation. Only request/response.
    pub const ALLOCATE: Method = Method(0x003);
    /// Refresh (RFC 8656 §8): refresh or delete (LIFETIME 0) an allocation.
    pub const REFRESH: Method = Method(0x004);
    /// Send (RFC 8656 §11): Send indication, data from client to peer.
    pub const SEND: Method = Method(0x006);
    /// Data (RFC 8656 §11): Data indication, data from peer to client.
    pub const DATA: Method = Method(0x007);
    /// CreatePermission (RFC 8656 §9): install permissions for peer addresses.
    pub const CREATE_PERMISSION: Method = Method(0x008);
    /// ChannelBind (RFC 8656 §12): bind a channel number to a peer address.
    pub const CHANNEL_BIND: Method = Method(0x009);
    /// Connect (RFC 6062 §4.3): TCP allocations, client asks the server to connect to a peer.
    pub const CONNECT: Method = Method(0x00A);
    /// ConnectionBind (RFC 6062 §4.4): bind a new client TCP connection to a peer connection.
    pub const CONNECTION_BIND: Method = Method(0x00B);
    /// ConnectionAttempt (RFC 6062 §4.5): indication of an incoming peer TCP connection.
    pub const CONNECTION_ATTEMPT: Method = Method(0x00C);
    /// GOOG-PING (IANA, registered by Google; libwebrtc): a shorter Binding sent instead of a
    /// Binding request identical to the previous one. Its request type is `0x0200`.
    pub const GOOG_PING: Method = Method(0x080);

    /// The IANA name of a registered method (`Binding`, `Allocate`, …, `GOOG-PING`); `None`
    /// for reserved (0x000, 0x002 — was SharedSecret in RFC 3489) and unassigned values.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x001 => "Binding",
            0x003 => "Allocate",
            0x004 => "Refresh",
            0x006 => "Send",
            0x007 => "Data",
            0x008 => "CreatePermission",
            0x009 => "ChannelBind",
            0x00A => "Connect",
            0x00B => "ConnectionBind",
            0x00C => "ConnectionAttempt",
            0x080 => "GOOG-PING",
            _ => return None,
        })
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "Method 0x{:03X}", self.0),
        }
    }
}

/// The 14-bit message type of the header: a [`Class`] and a [`Method`] interleaved
/// (RFC 8489 §5, Figure 3). The two most significant bits of the 16-bit field are always
/// zero in STUN (a decoder rejects others), so the value is `0x0000`–`0x3FFF`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct MessageType(pub u16);

impl MessageType {
    /// Binding request, `0x0001`.
    pub const BINDING_REQUEST: MessageType = MessageType::new(Class::Request, Method::BINDING);
    /// Binding success response, `0x0101`.
    pub const BINDING_SUCCESS: MessageType =
        MessageType::new(Class::SuccessResponse, Method::BINDING);
    /// Binding error response, `0x0111`.
    pub const BINDING_ERROR: MessageType = MessageType::new(Class::ErrorResponse, Method::BINDING);
    /// Binding indication, `0x0011` (ICE keepalives, RFC 8445 §11).
    pub const BINDING_INDICATION: MessageType =
        MessageType::new(Class::Indication, Method::BINDING);

    /// Packs a class and a method (only its low 12 bits) into a message type.
    pub const fn new(class: Class, method: Method) -> MessageType {
        let m = method.0 & 0x0FFF;
        let c = class.bits();
        MessageType(
            (m & 0x000F)
                | ((m & 0x0070) << 1)
                | ((m & 0x0F80) << 2)
                | ((c & 1) << 4)
                | ((c & 2) << 7),
        )
    }

    /// The class bits C1 C0.
    pub const fn class(self) -> Class {
        Class::from_bits(((self.0 >> 4) & 1) | ((self.0 >> 7) & 2))
    }

    /// The 12 method bits.
    pub const fn method(self) -> Method {
        let t = self.0;
        Method((t & 0x000F) | ((t & 0x00E0) >> 1) | ((t & 0x3E00) >> 2))
    }
}

impl fmt::Display for MessageType {
    /// `Binding Request`, `Allocate Error Response`, `Method 0x0FF Indication`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method(), self.class())
    }
}

/// The 96-bit transaction ID (RFC 8489 §5), chosen by the client and echoed in the response.
/// Displayed as 24 lowercase hex digits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TransactionId(pub [u8; 12]);

impl TransactionId {
    /// The 12 bytes.
    pub const fn as_bytes(&self) -> &[u8; 12] {
        &self.0
    }
}

impl fmt::Display for TransactionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl Serialize for TransactionId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The decoded header of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Header {
    /// Class and method.
    pub message_type: MessageType,
    /// The Message Length field: size of the message after the header, in bytes (a multiple
    /// of 4 in a valid message).
    pub length: u16,
    /// The transaction ID.
    pub transaction_id: TransactionId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_packing_round_trips_every_14_bit_value() {
        for t in 0..=0x3FFFu16 {
            let mt = MessageType(t);
            assert_eq!(
                MessageType::new(mt.class(), mt.method()),
                mt,
                "type {t:#06x}"
            );
        }
    }

    #[test]
    fn known_types() {
        assert_eq!(MessageType::BINDING_REQUEST.0, 0x0001);
        assert_eq!(MessageType::BINDING_SUCCESS.0, 0x0101);
        assert_eq!(MessageType::BINDING_ERROR.0, 0x0111);
        assert_eq!(MessageType::BINDING_INDICATION.0, 0x0011);
        assert_eq!(MessageType::new(Class::Request, Method::ALLOCATE).0, 0x0003);
        assert_eq!(MessageType::new(Class::Indication, Method::SEND).0, 0x0016);
        assert_eq!(MessageType::new(Class::Indication, Method::DATA).0, 0x0017);
        assert_eq!(
            MessageType::new(Class::ErrorResponse, Method::CHANNEL_BIND).0,
            0x0119
        );
        assert_eq!(
            MessageType::new(Class::Indication, Method::CONNECTION_ATTEMPT).0,
            0x001C
        );
        // libwebrtc: GOOG_PING_REQUEST = 0x200, RESPONSE = 0x300, ERROR = 0x310.
        assert_eq!(
            MessageType::new(Class::Request, Method::GOOG_PING).0,
            0x0200
        );
        assert_eq!(
            MessageType::new(Class::SuccessResponse, Method::GOOG_PING).0,
            0x0300
        );
        assert_eq!(
            MessageType::new(Class::ErrorResponse, Method::GOOG_PING).0,
            0x0310
        );
        assert_eq!(MessageType(0x0101).to_string(), "Binding Success Response");
        assert_eq!(MessageType(0x0113).to_string(), "Allocate Error Response");
        assert_eq!(MessageType(0x0002).to_string(), "Method 0x002 Request");
    }

    #[test]
    fn transaction_id_hex() {
        let id = TransactionId([
            0xb7, 0xe7, 0xa7, 1, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae,
        ]);
        assert_eq!(id.to_string(), "b7e7a701bc34d686fa87dfae");
    }
}
