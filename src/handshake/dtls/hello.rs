//! ClientHello, ServerHello (and DTLS 1.3 HelloRetryRequest), HelloVerifyRequest
//! (RFC 6347 §4.2.1, RFC 9147 §5.3, RFC 8446 §4.1).
//!
//! ```text
//! ClientHello:  client_version(2) random(32) session_id<0..32> cookie<0..2^8-1>
//!               cipher_suites<2..2^16-2> compression_methods<1..2^8-1>
//!               [extensions<0..2^16-1>]
//! ServerHello:  server_version(2) random(32) session_id<0..32> cipher_suite(2)
//!               compression_method(1) [extensions<0..2^16-1>]
//! HelloVerifyRequest: server_version(2) cookie<0..2^8-1>
//! ```
//!
//! Offsets in errors count from the start of the message body (after the 12-byte handshake
//! header).

use super::cipher_suite::CipherSuite;
use super::extensions::{
    even, parse_key_share_client, parse_key_share_server, parse_supported_versions_client,
    parse_supported_versions_server, parse_use_srtp, ExtensionType, Extensions, KeyShareEntry,
    UseSrtp,
};
use super::list::List16;
use super::record::ProtocolVersion;
use crate::handshake::error::ParseError;
use crate::handshake::reader::Reader;
use serde::Serialize;

/// A 32-byte hello random.
pub type Random = [u8; 32];

/// The ServerHello.random that marks a HelloRetryRequest: SHA-256 of "HelloRetryRequest"
/// (RFC 8446 §4.1.3).
pub const HELLO_RETRY_REQUEST_RANDOM: Random = [
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
];

/// A ClientHello (RFC 6347 §4.2.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClientHello<'a> {
    /// `client_version`: DTLS 1.2 (0xfefd) also in DTLS 1.3 hellos, which list 0xfefc in
    /// `supported_versions` (RFC 9147 §5.3).
    pub client_version: ProtocolVersion,
    /// The random.
    #[serde(skip)]
    pub random: &'a Random,
    /// `session_id` (empty in WebRTC stacks; DTLS 1.3 calls it legacy_session_id).
    #[serde(skip)]
    pub session_id: &'a [u8],
    /// The cookie from a HelloVerifyRequest (empty in the first ClientHello, RFC 6347
    /// §4.2.1).
    #[serde(serialize_with = "hex")]
    pub cookie: &'a [u8],
    /// The cipher suites, in preference order.
    pub cipher_suites: List16<'a, CipherSuite>,
    /// The compression methods (only `0`, null, in practice).
    pub compression_methods: &'a [u8],
    /// The extensions.
    pub extensions: Extensions<'a>,
}

fn hex<S: serde::Serializer>(b: &&[u8], s: S) -> Result<S::Ok, S::Error> {
    let text: String = b.iter().map(|x| format!("{x:02x}")).collect();
    s.serialize_str(&text)
}

// ClientHello = client_version random session_id<0..32> cookie<0..2^8-1>
//               cipher_suites<2..2^16-2> compression_methods<1..2^8-1> [extensions]
/// Parses a ClientHello body.
///
/// # Errors
/// A field cut short; a session_id longer than 32 bytes; an odd `cipher_suites` length; a
/// broken extension block; bytes after the extensions.
pub fn parse_client_hello(body: &[u8]) -> Result<ClientHello<'_>, ParseError> {
    let mut r = Reader::new(body, 0);
    let client_version = ProtocolVersion(r.u16("client_version")?);
    let random = random(&mut r)?;
    let session_id = session_id(&mut r)?;
    let (_, cookie) = r.vec(1, "cookie")?;
    let (at, suites) = r.vec(2, "cipher_suites")?;
    even(at - 2, suites, "cipher_suites")?;
    let (_, compression_methods) = r.vec(1, "compression_methods")?;
    let extensions = extensions(&mut r)?;
    Ok(ClientHello {
        client_version,
        random,
        session_id,
        cookie,
        cipher_suites: List16::new(suites),
        compression_methods,
        extensions,
    })
}

impl<'a> ClientHello<'a> {
    /// The versions offered: the `supported_versions` list when present (RFC 8446 §4.2.1),
    /// else `client_version` alone.
    ///
    /// # Errors
    /// A malformed `supported_versions` value.
    pub fn versions(&self) -> Result<Vec<ProtocolVersion>, ParseError> {
        match self.extensions.get(ExtensionType::SUPPORTED_VERSIONS) {
            Some(e) => Ok(parse_supported_versions_client(e.data, e.data_offset())?
                .iter()
                .collect()),
            None => Ok(vec![self.client_version]),
        }
    }

    /// Whether DTLS 1.3 (0xfefc) is offered.
    pub fn offers_dtls13(&self) -> bool {
        self.versions()
            .is_ok_and(|v| v.contains(&ProtocolVersion::DTLS_1_3))
    }

    /// The `use_srtp` extension, when present.
    ///
    /// # Errors
    /// A malformed value.
    pub fn use_srtp(&self) -> Result<Option<UseSrtp<'a>>, ParseError> {
        self.extensions
            .get(ExtensionType::USE_SRTP)
            .map(|e| parse_use_srtp(e.data, e.data_offset()))
            .transpose()
    }

    /// The `key_share` entries, when present (DTLS 1.3).
    ///
    /// # Errors
    /// A malformed value.
    pub fn key_shares(&self) -> Result<Option<Vec<KeyShareEntry<'a>>>, ParseError> {
        self.extensions
            .get(ExtensionType::KEY_SHARE)
            .map(|e| parse_key_share_client(e.data, e.data_offset()))
            .transpose()
    }
}

/// A ServerHello, or (when [`ServerHello::is_hello_retry_request`]) a DTLS 1.3
/// HelloRetryRequest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServerHello<'a> {
    /// `server_version` (0xfefd in DTLS 1.3 too; the version chosen is then in
    /// `supported_versions`).
    pub server_version: ProtocolVersion,
    /// The random.
    #[serde(skip)]
    pub random: &'a Random,
    /// `session_id`.
    #[serde(skip)]
    pub session_id: &'a [u8],
    /// The cipher suite chosen.
    pub cipher_suite: CipherSuite,
    /// The compression method chosen (0, null).
    pub compression_method: u8,
    /// The extensions.
    pub extensions: Extensions<'a>,
}

// ServerHello = server_version random session_id<0..32> cipher_suite compression_method
//               [extensions]
/// Parses a ServerHello (or HelloRetryRequest) body.
///
/// # Errors
/// A field cut short; a session_id longer than 32 bytes; a broken extension block; bytes
/// after the extensions.
pub fn parse_server_hello(body: &[u8]) -> Result<ServerHello<'_>, ParseError> {
    let mut r = Reader::new(body, 0);
    let server_version = ProtocolVersion(r.u16("server_version")?);
    let random = random(&mut r)?;
    let session_id = session_id(&mut r)?;
    let cipher_suite = CipherSuite(r.u16("cipher_suite")?);
    let compression_method = r.u8("compression_method")?;
    let extensions = extensions(&mut r)?;
    Ok(ServerHello {
        server_version,
        random,
        session_id,
        cipher_suite,
        compression_method,
        extensions,
    })
}

impl<'a> ServerHello<'a> {
    /// The version chosen: `supported_versions` when present, else `server_version`.
    ///
    /// # Errors
    /// A malformed `supported_versions` value.
    pub fn version(&self) -> Result<ProtocolVersion, ParseError> {
        match self.extensions.get(ExtensionType::SUPPORTED_VERSIONS) {
            Some(e) => parse_supported_versions_server(e.data, e.data_offset()),
            None => Ok(self.server_version),
        }
    }

    /// Whether this is a HelloRetryRequest (RFC 8446 §4.1.3: the special random).
    pub fn is_hello_retry_request(&self) -> bool {
        *self.random == HELLO_RETRY_REQUEST_RANDOM
    }

    /// The `use_srtp` extension, when present: one profile, the one chosen (RFC 5764
    /// §4.1.1).
    ///
    /// # Errors
    /// A malformed value.
    pub fn use_srtp(&self) -> Result<Option<UseSrtp<'a>>, ParseError> {
        self.extensions
            .get(ExtensionType::USE_SRTP)
            .map(|e| parse_use_srtp(e.data, e.data_offset()))
            .transpose()
    }

    /// The `key_share` entry, when present (DTLS 1.3).
    ///
    /// # Errors
    /// A malformed value.
    pub fn key_share(&self) -> Result<Option<KeyShareEntry<'a>>, ParseError> {
        self.extensions
            .get(ExtensionType::KEY_SHARE)
            .map(|e| parse_key_share_server(e.data, e.data_offset()))
            .transpose()
    }
}

/// A HelloVerifyRequest (RFC 6347 §4.2.1): the server's stateless cookie exchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HelloVerifyRequest<'a> {
    /// `server_version` (DTLS 1.0 by RFC 6347's advice).
    pub server_version: ProtocolVersion,
    /// The cookie the client must echo in its second ClientHello.
    #[serde(serialize_with = "hex")]
    pub cookie: &'a [u8],
}

/// Parses a HelloVerifyRequest body.
///
/// # Errors
/// A field cut short; bytes after the cookie.
pub fn parse_hello_verify_request(body: &[u8]) -> Result<HelloVerifyRequest<'_>, ParseError> {
    let mut r = Reader::new(body, 0);
    let server_version = ProtocolVersion(r.u16("server_version")?);
    let (_, cookie) = r.vec(1, "cookie")?;
    r.finish("cookie")?;
    Ok(HelloVerifyRequest {
        server_version,
        cookie,
    })
}

fn random<'a>(r: &mut Reader<'a>) -> Result<&'a Random, ParseError> {
    r.array::<32>("random")
}

fn session_id<'a>(r: &mut Reader<'a>) -> Result<&'a [u8], ParseError> {
    let at = r.offset();
    let (_, id) = r.vec(1, "session_id")?;
    if id.len() > 32 {
        return Err(ParseError::bad_value(
            at,
            "session_id",
            id.len() as u32,
            "a length of at most 32",
        ));
    }
    Ok(id)
}

/// The optional extension block at the end of a hello (RFC 5246 §7.4.1.2: absent when the
/// body ends after the compression field).
fn extensions<'a>(r: &mut Reader<'a>) -> Result<Extensions<'a>, ParseError> {
    if r.is_empty() {
        return Ok(Extensions::EMPTY);
    }
    let (at, block) = r.vec(2, "extensions")?;
    r.finish("extensions")?;
    Extensions::parse(block, at)
}
