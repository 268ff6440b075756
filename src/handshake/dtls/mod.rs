//! DTLS as a capture shows it (RFC 6347 for DTLS 1.0/1.2, RFC 9147 for DTLS 1.3, RFC 5764
//! for DTLS-SRTP): records, handshake messages, alerts and the certificate fingerprint.
//!
//! - [`records`] walks the records of a datagram ([`Record`]: a DTLSPlaintext header or a
//!   DTLS 1.3 unified header; epoch > 0 and unified headers are encrypted).
//! - [`fragments`] walks the handshake fragments of a handshake record; a [`Reassembler`]
//!   per direction puts fragmented messages back together and recognises retransmissions;
//!   [`parse_message`] types the body ([`ClientHello`], [`ServerHello`],
//!   [`HelloVerifyRequest`], [`Certificate`], others by [`HandshakeType`] name).
//! - [`parse_alert`] reads an alert in the clear.
//! - [`check_fingerprint`] hashes a certificate with the SDP's hash function and compares.
//!
//! Who is the DTLS client: the side that sends ClientHello ([`HandshakeType::sender`]);
//! with `a=setup:active` it must be the answerer of an `actpass` offer (RFC 8842 §5.2).
//!
//! Wire enums ([`ContentType`], [`ProtocolVersion`], [`HandshakeType`], [`CipherSuite`],
//! [`ExtensionType`], [`SrtpProtectionProfile`], [`NamedGroup`], [`SignatureScheme`],
//! [`AlertLevel`], [`AlertDescription`]) are newtypes with IANA names: unregistered values
//! print as `unknown (0x…)`.
//!
//! ```
//! use rtcinspect::handshake::dtls::{self, ContentType, HandshakeType};
//!
//! // A HelloVerifyRequest record (RFC 6347 §4.2.1) with a 4-byte cookie.
//! let datagram = [
//!     22, 0xfe, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 19, // record header
//!     3, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 7, // handshake header
//!     0xfe, 0xff, 4, 1, 2, 3, 4, // server_version, cookie
//! ];
//! let record = dtls::records(&datagram).next().unwrap().unwrap();
//! assert_eq!(record.content_type(), Some(ContentType::HANDSHAKE));
//! let fragment = dtls::fragments(record.fragment, 13).next().unwrap().unwrap();
//! assert_eq!(fragment.msg_type, HandshakeType::HELLO_VERIFY_REQUEST);
//! let dtls::HandshakeMessage::HelloVerifyRequest(hvr) =
//!     dtls::parse_message(fragment.msg_type, fragment.body).unwrap()
//! else {
//!     unreachable!()
//! };
//! assert_eq!(hvr.cookie, [1, 2, 3, 4]);
//! ```

mod alert;
mod certificate;
mod cipher_suite;
mod extensions;
mod fingerprint;
mod handshake;
mod hello;
mod list;
mod reassembly;
mod record;

pub use alert::{parse_alert, Alert, AlertDescription, AlertLevel};
pub use certificate::{parse_certificate, Certificate};
pub use cipher_suite::CipherSuite;
pub use extensions::{
    parse_key_share_client, parse_key_share_server, parse_signature_algorithms,
    parse_supported_groups, parse_supported_versions_client, parse_supported_versions_server,
    parse_use_srtp, Extension, ExtensionType, Extensions, KeyShareEntry, NamedGroup,
    SignatureScheme, SrtpProtectionProfile, UseSrtp,
};
pub use fingerprint::{
    check_fingerprint, check_fingerprints, format_fingerprint, FingerprintCheck, HashFunction,
};
pub use handshake::{
    fragments, parse_fragment, parse_message, Fragment, Fragments, HandshakeMessage, HandshakeType,
    Side, HANDSHAKE_HEADER_LEN,
};
pub use hello::{
    parse_client_hello, parse_hello_verify_request, parse_server_hello, ClientHello,
    HelloVerifyRequest, Random, ServerHello, HELLO_RETRY_REQUEST_RANDOM,
};
pub use list::List16;
pub use reassembly::{DropReason, Message, Reassembled, Reassembler, MAX_MESSAGE_LEN, MAX_PENDING};
pub use record::{
    is_unified_header, parse_record, parse_record_with, records, records_with, ContentType,
    PlaintextHeader, ProtocolVersion, Record, RecordHeader, RecordOptions, Records, UnifiedHeader,
    PLAINTEXT_HEADER_LEN,
};
