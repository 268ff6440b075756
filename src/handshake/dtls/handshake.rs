//! Handshake messages (RFC 6347 §4.2.2): the 12-byte DTLS handshake header, fragments
//! inside a record, and the message bodies this crate types.
//!
//! ```text
//! msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3) body…
//! ```
//!
//! A record of content type `handshake` holds one or more fragments; a message larger than
//! a datagram is sent as several fragments with the same `message_seq`, which
//! [`super::Reassembler`] puts back together.

use super::certificate::{parse_certificate, Certificate};
use super::hello::{
    parse_client_hello, parse_hello_verify_request, parse_server_hello, ClientHello,
    HelloVerifyRequest, ServerHello,
};
use crate::handshake::error::ParseError;
use crate::handshake::reader::Reader;
use crate::handshake::wire::wire_enum;
use serde::Serialize;

wire_enum! {
    /// The handshake message type (IANA "TLS HandshakeType" registry; RFC 6347 §4.2.2,
    /// RFC 8446 §4, RFC 9147 §5).
    HandshakeType(u8), 2;
    HELLO_REQUEST = 0 => "hello_request",
    CLIENT_HELLO = 1 => "client_hello",
    SERVER_HELLO = 2 => "server_hello",
    HELLO_VERIFY_REQUEST = 3 => "hello_verify_request",
    NEW_SESSION_TICKET = 4 => "new_session_ticket",
    END_OF_EARLY_DATA = 5 => "end_of_early_data",
    HELLO_RETRY_REQUEST = 6 => "hello_retry_request",
    ENCRYPTED_EXTENSIONS = 8 => "encrypted_extensions",
    REQUEST_CONNECTION_ID = 9 => "request_connection_id",
    NEW_CONNECTION_ID = 10 => "new_connection_id",
    CERTIFICATE = 11 => "certificate",
    SERVER_KEY_EXCHANGE = 12 => "server_key_exchange",
    CERTIFICATE_REQUEST = 13 => "certificate_request",
    SERVER_HELLO_DONE = 14 => "server_hello_done",
    CERTIFICATE_VERIFY = 15 => "certificate_verify",
    CLIENT_KEY_EXCHANGE = 16 => "client_key_exchange",
    CLIENT_CERTIFICATE_REQUEST = 17 => "client_certificate_request",
    FINISHED = 20 => "finished",
    CERTIFICATE_URL = 21 => "certificate_url",
    CERTIFICATE_STATUS = 22 => "certificate_status",
    SUPPLEMENTAL_DATA = 23 => "supplemental_data",
    KEY_UPDATE = 24 => "key_update",
    COMPRESSED_CERTIFICATE = 25 => "compressed_certificate",
    EKT_KEY = 26 => "ekt_key",
    MESSAGE_HASH = 254 => "message_hash",
}

/// The side of the handshake that sends a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The DTLS client: the endpoint that sends ClientHello (`a=setup:active`).
    Client,
    /// The DTLS server (`a=setup:passive`).
    Server,
}

impl HandshakeType {
    /// Who sends a message of this type, when only one side does (RFC 5246 §7.3, RFC 6347
    /// §4.2.1, RFC 8446 §2). `None` for Certificate, CertificateVerify and Finished, which
    /// both sides may send, and for unknown types.
    pub const fn sender(self) -> Option<Side> {
        match self.0 {
            1 | 16 | 5 => Some(Side::Client),
            0 | 2 | 3 | 4 | 6 | 8 | 12 | 13 | 14 => Some(Side::Server),
            _ => None,
        }
    }
}

/// Size of the DTLS handshake header in bytes (RFC 6347 §4.2.2).
pub const HANDSHAKE_HEADER_LEN: usize = 12;

/// One handshake fragment (RFC 6347 §4.2.2): a whole message when `fragment_offset` is 0
/// and `fragment_length == length`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Fragment<'a> {
    /// Offset of the fragment's header in the input.
    pub offset: usize,
    /// The message type.
    pub msg_type: HandshakeType,
    /// The length of the whole message body, in bytes (24 bits).
    pub length: u32,
    /// The message sequence number: 0 for the first message each side sends, +1 per
    /// message; retransmissions repeat it (RFC 6347 §4.2.2).
    pub message_seq: u16,
    /// Where this fragment's bytes go in the message body.
    pub fragment_offset: u32,
    /// How many body bytes this fragment carries.
    pub fragment_length: u32,
    /// The body bytes of this fragment.
    #[serde(skip)]
    pub body: &'a [u8],
}

impl Fragment<'_> {
    /// Whether the fragment is the whole message.
    pub fn is_whole(&self) -> bool {
        self.fragment_offset == 0 && self.fragment_length == self.length
    }
}

/// Parses one handshake fragment at `bytes[at..]`; returns it and the offset after it.
///
/// # Errors
/// A header cut short; a `fragment_length` past the end of the bytes (field
/// `"fragment_length"`); a fragment that ends past the message (`fragment_offset +
/// fragment_length > length`).
pub fn parse_fragment(bytes: &[u8], at: usize) -> Result<(Fragment<'_>, usize), ParseError> {
    let mut r = Reader::new(bytes.get(at..).unwrap_or_default(), at);
    let msg_type = HandshakeType(r.u8("msg_type")?);
    let length = r.u24("length")?;
    let message_seq = r.u16("message_seq")?;
    let fragment_offset = r.u24("fragment_offset")?;
    let length_at = r.offset();
    let fragment_length = r.u24("fragment_length")?;
    if fragment_offset as u64 + fragment_length as u64 > length as u64 {
        return Err(ParseError::bad_value(
            length_at,
            "fragment_length",
            fragment_length,
            "a fragment inside the message (fragment_offset + fragment_length <= length)",
        ));
    }
    if fragment_length as usize > r.remaining() {
        return Err(ParseError::truncated(
            length_at,
            "fragment_length",
            3 + fragment_length as usize,
            3 + r.remaining(),
        ));
    }
    let body = r.take(fragment_length as usize, "fragment")?;
    let fragment = Fragment {
        offset: at,
        msg_type,
        length,
        message_seq,
        fragment_offset,
        fragment_length,
        body,
    };
    Ok((fragment, r.offset()))
}

/// The fragments of a handshake record's content (`base`: where that content starts in the
/// datagram, for error offsets). Yields one error and stops at a fragment that does not
/// parse.
pub fn fragments(content: &[u8], base: usize) -> Fragments<'_> {
    Fragments {
        content,
        base,
        at: 0,
        failed: false,
    }
}

/// Iterator over handshake fragments; see [`fragments`].
#[derive(Clone, Debug)]
pub struct Fragments<'a> {
    content: &'a [u8],
    base: usize,
    at: usize,
    failed: bool,
}

impl<'a> Iterator for Fragments<'a> {
    type Item = Result<Fragment<'a>, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.at >= self.content.len() {
            return None;
        }
        match parse_fragment(self.content, self.at) {
            Ok((mut f, next)) => {
                self.at = next;
                f.offset += self.base;
                Some(Ok(f))
            }
            Err(mut e) => {
                self.failed = true;
                e.offset += self.base;
                Some(Err(e))
            }
        }
    }
}

/// A handshake message body, typed where this crate knows its structure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HandshakeMessage<'a> {
    /// ClientHello (RFC 6347 §4.2.1; RFC 9147 §5.3).
    ClientHello(ClientHello<'a>),
    /// ServerHello, or a DTLS 1.3 HelloRetryRequest (RFC 8446 §4.1.3).
    ServerHello(ServerHello<'a>),
    /// HelloVerifyRequest (RFC 6347 §4.2.1).
    HelloVerifyRequest(HelloVerifyRequest<'a>),
    /// Certificate in its DTLS 1.2 form (RFC 5246 §7.4.2).
    Certificate(Certificate<'a>),
    /// Any other message: its type, and its body in the clear (ServerKeyExchange,
    /// CertificateRequest, ServerHelloDone, ClientKeyExchange, CertificateVerify,
    /// NewSessionTicket…).
    Other {
        /// The message type.
        msg_type: HandshakeType,
        /// The body.
        #[serde(skip)]
        body: &'a [u8],
    },
}

impl HandshakeMessage<'_> {
    /// The message type.
    pub fn msg_type(&self) -> HandshakeType {
        match self {
            HandshakeMessage::ClientHello(_) => HandshakeType::CLIENT_HELLO,
            HandshakeMessage::ServerHello(_) => HandshakeType::SERVER_HELLO,
            HandshakeMessage::HelloVerifyRequest(_) => HandshakeType::HELLO_VERIFY_REQUEST,
            HandshakeMessage::Certificate(_) => HandshakeType::CERTIFICATE,
            HandshakeMessage::Other { msg_type, .. } => *msg_type,
        }
    }
}

/// Parses a whole (reassembled) message body of type `msg_type`. Offsets in errors count
/// from the start of `body`.
///
/// A Certificate is read in its DTLS 1.2 form: in DTLS 1.3 it travels encrypted (RFC 9147
/// §5) and never reaches this parser in the clear.
///
/// # Errors
/// The body does not have the structure of its type (see [`parse_client_hello`],
/// [`parse_server_hello`], [`parse_hello_verify_request`], [`parse_certificate`]).
pub fn parse_message(
    msg_type: HandshakeType,
    body: &[u8],
) -> Result<HandshakeMessage<'_>, ParseError> {
    Ok(match msg_type {
        HandshakeType::CLIENT_HELLO => HandshakeMessage::ClientHello(parse_client_hello(body)?),
        HandshakeType::SERVER_HELLO => HandshakeMessage::ServerHello(parse_server_hello(body)?),
        HandshakeType::HELLO_VERIFY_REQUEST => {
            HandshakeMessage::HelloVerifyRequest(parse_hello_verify_request(body)?)
        }
        HandshakeType::CERTIFICATE => HandshakeMessage::Certificate(parse_certificate(body)?),
        _ => HandshakeMessage::Other { msg_type, body },
    })
}
