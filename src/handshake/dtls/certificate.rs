//! The Certificate message of DTLS 1.0/1.2 (RFC 5246 §7.4.2): a chain of DER certificates,
//! the sender's own first.
//!
//! ```text
//! certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>
//! ```
//!
//! DTLS 1.3 encrypts its Certificate (RFC 9147 §5, RFC 8446 §4.4.2): a capture alone cannot
//! show it.

use crate::handshake::error::ParseError;
use crate::handshake::reader::Reader;
use serde::Serialize;

/// A Certificate message: the DER certificates, framing checked.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Certificate<'a> {
    list: &'a [u8],
    base: usize,
}

impl std::fmt::Debug for Certificate<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.certificates().map(<[u8]>::len))
            .finish()
    }
}

impl Serialize for Certificate<'_> {
    /// The sizes of the certificates, in bytes.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.certificates().map(<[u8]>::len))
    }
}

impl<'a> Certificate<'a> {
    /// The DER certificates in order: the sender's (end-entity) certificate first. WebRTC
    /// endpoints send one self-signed certificate.
    pub fn certificates(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let mut r = Reader::new(self.list, self.base);
        std::iter::from_fn(move || r.vec(3, "ASN.1Cert").ok().map(|(_, c)| c))
    }

    /// The sender's certificate, when the list is not empty (an empty list is how a client
    /// declines a CertificateRequest, RFC 5246 §7.4.6).
    pub fn end_entity(&self) -> Option<&'a [u8]> {
        self.certificates().next()
    }
}

/// Parses a DTLS 1.2 Certificate body.
///
/// # Errors
/// A list or certificate length past the end; an empty certificate (`<1..2^24-1>`); bytes
/// after the list.
pub fn parse_certificate(body: &[u8]) -> Result<Certificate<'_>, ParseError> {
    let mut r = Reader::new(body, 0);
    let (at, list) = r.vec(3, "certificate_list")?;
    r.finish("certificate_list")?;
    let mut certs = Reader::new(list, at);
    while !certs.is_empty() {
        let cert_at = certs.offset();
        let (_, cert) = certs.vec(3, "ASN.1Cert")?;
        if cert.is_empty() {
            return Err(ParseError::bad_value(
                cert_at,
                "ASN.1Cert",
                0,
                "a certificate of at least 1 byte",
            ));
        }
    }
    Ok(Certificate { list, base: at })
}
