//! STUN and TURN: a zero-copy codec for RFC 8489 (STUN), RFC 8656 (TURN), RFC 6062 (TURN TCP
//! allocations), RFC 5780, RFC 8016, RFC 8445 (ICE) and the attributes WebRTC stacks use,
//! with verification of FINGERPRINT and the message-integrity attributes over the original
//! bytes, a builder, and the framing that travels next to STUN (TURN ChannelData, RFC 4571,
//! the RFC 7983 demultiplexer).
//!
//! - [`decode`] → [`Message`]: checks the header and types every attribute in one pass,
//!   borrowing the bytes; [`Message::values`] gives the [`AttributeValue`]s in order,
//!   [`Message::attributes`] the [`Attribute`]s with their offsets, raw bytes and padding.
//!   [`decode_lax`] checks only the framing (bad values come out as
//!   [`AttributeValue::Invalid`]), [`decode_prefix`] reads one message off a stream. Errors
//!   ([`DecodeError`]) name the byte offset, the field, and needed vs available bytes.
//!
//!   Decisions: a value its type does not allow (wrong length, address family 0x03, text that
//!   is not UTF-8, ERROR-CODE number above 99) fails [`decode`]; repeated attributes,
//!   attributes after MESSAGE-INTEGRITY or FINGERPRINT, unknown comprehension-required types,
//!   non-zero padding and reserved bits do not (they are reported by [`Message::duplicates`],
//!   [`Message::unauthenticated`], [`Message::after_fingerprint`],
//!   [`Message::unknown_comprehension_required`], and kept for byte-exact encoding), so a
//!   debugging tool can still show and verify the message. Vendor attributes (0xC000 and
//!   up) whose value does not have the expected shape are kept as [`AttributeValue::Raw`].
//! - [`Message::encode`] gives back the decoded bytes exactly (padding is kept as it was).
//! - [`Message::verify`] with [`Credentials`] → [`Verification`]: FINGERPRINT,
//!   MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256, GOOG-MESSAGE-INTEGRITY-32, USERHASH,
//!   PASSWORD-ALGORITHM(S), unauthenticated attributes. Keys: [`Key`]; string preparation:
//!   [`prep`].
//! - [`MessageBuilder`]: build, sign, fingerprint.
//! - [`framing`]: [`classify`] (RFC 7983/9443), [`ChannelData`], [`Rfc4571Frames`].
//!
//! Wire enums are newtypes ([`AttributeType`], [`Method`], [`ErrorCode`],
//! [`PasswordAlgorithmId`], [`AddressFamily`]) with IANA names, so unknown values are
//! representable and printable.
//!
//! ```
//! use rtcinspect::stun::{self, AttributeValue, Credentials};
//!
//! // RFC 5769 §2.2, the IPv4 Binding success response.
//! let hex = "0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000080001a147e112a643000800142b91f599fd9e90c38c7489f92af9ba53f06be7d780280004c07d4c96";
//! let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
//! let msg = stun::decode(&bytes).unwrap();
//! assert_eq!(msg.message_type().to_string(), "Binding Success Response");
//! assert_eq!(msg.xor_mapped_address().unwrap().socket_addr().to_string(), "192.0.2.1:32853");
//! let report = msg.verify(&Credentials::ShortTerm { password: "VOkJxbRl1RmTxUk/WvJxBt" });
//! assert!(report.message_integrity.is_ok() && report.fingerprint.is_ok());
//! assert_eq!(msg.encode(), bytes);
//! ```
//!
//! Bounds: a message is at most 20 + 65,535 bytes; decoding is one pass, linear, with no
//! allocation; [`Message::duplicates`] and the lists in [`Verification`] allocate only when
//! there is something to report.

pub mod attributes;
pub mod builder;
pub mod error;
pub mod framing;
pub mod header;
pub mod integrity;
pub mod message;
pub mod prep;
pub mod value;

pub use attributes::{AddressFamily, AttributeType, ErrorCode, PasswordAlgorithmId, Registration};
pub use builder::{EncodeError, MessageBuilder};
pub use error::{DecodeError, ErrorKind};
pub use framing::{classify, ChannelData, Frame, PacketKind, PartialFrame, Rfc4571Frames};
pub use header::{Class, Header, MessageType, Method, TransactionId, HEADER_LEN, MAGIC_COOKIE};
pub use integrity::{
    AlgorithmCheck, Check, Credentials, Digest, Key, NotChecked, Outcome, Placed, Verification,
    FINGERPRINT_XOR,
};
pub use message::{
    decode, decode_lax, decode_prefix, Attribute, Attributes, Duplicate, Message, Values,
    CACHED_VALUES,
};
pub use prep::{PasswordPrep, PrepError};
pub use value::{
    nonce_cookie, padding_len, Address, AttributeValue, ChangeRequest, ChannelNumberValue,
    EcnCheck, ErrorCodeValue, EvenPort, FamilyValue, Icmp, NetworkInfo, NonceCookie,
    PasswordAlgorithm, PasswordAlgorithms, RequestedTransport, ResponsePort, TransmitCounter,
    U16List,
};
