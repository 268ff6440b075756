//! Building messages: [`MessageBuilder`] writes the header, typed attributes (with chosen or
//! zero padding), then MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT computed
//! over what was written so far, as RFC 8489 §14.5–14.7 prescribe.
//!
//! ```
//! use rtcinspect::stun::{self, Credentials, Key, MessageBuilder, TransactionId};
//!
//! let key = Key::short_term("remotePassword0123456789").unwrap();
//! let bytes = MessageBuilder::binding_request(TransactionId([7; 12]))
//!     .username("remoteUfrag:localUfrag")
//!     .priority(1_853_824_767)
//!     .ice_controlling(0x1234_5678_9abc_def0)
//!     .use_candidate()
//!     .message_integrity(&key)
//!     .fingerprint()
//!     .build()
//!     .unwrap();
//! let message = stun::decode(&bytes).unwrap();
//! let report = message.verify(&Credentials::ShortTerm { password: "remotePassword0123456789" });
//! assert!(report.message_integrity.is_ok() && report.fingerprint.is_ok());
//! ```

use super::attributes::AttributeType;
use super::header::{Class, MessageType, Method, TransactionId, HEADER_LEN, MAGIC_COOKIE};
use super::integrity::{compute_fingerprint, compute_hmac_sha1, compute_hmac_sha256, Key};
use super::value::{padding_len, Address, AttributeValue};
use serde::Serialize;
use std::fmt;
use std::net::SocketAddr;

/// Why a message could not be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum EncodeError {
    /// An attribute value is longer than 65,535 bytes.
    ValueTooLong {
        /// The attribute type.
        typ: AttributeType,
        /// Its length.
        length: usize,
    },
    /// The message would be longer than 20 + 65,535 bytes.
    MessageTooLong {
        /// The length it would have after the header.
        length: usize,
    },
    /// Chosen padding of the wrong size (it must bring the value to a multiple of 4).
    BadPadding {
        /// The attribute type.
        typ: AttributeType,
        /// Padding bytes given.
        given: usize,
        /// Padding bytes needed.
        needed: usize,
    },
    /// MESSAGE-INTEGRITY-SHA256 length not in 16..=32 or not a multiple of 4 (RFC 8489 §14.6).
    BadMacLength {
        /// The requested length.
        length: usize,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::ValueTooLong { typ, length } => {
                write!(f, "{typ} value of {length} bytes exceeds 65535")
            }
            EncodeError::MessageTooLong { length } => {
                write!(f, "message length {length} exceeds 65535")
            }
            EncodeError::BadPadding { typ, given, needed } => {
                write!(f, "{typ}: {given} padding bytes given, {needed} needed")
            }
            EncodeError::BadMacLength { length } => write!(
                f,
                "MESSAGE-INTEGRITY-SHA256 length {length} is not 16-32 and a multiple of 4"
            ),
        }
    }
}

impl std::error::Error for EncodeError {}

/// Builds a message attribute by attribute. Methods consume and return the builder; the
/// first error is kept and returned by [`MessageBuilder::build`].
#[derive(Clone, Debug)]
pub struct MessageBuilder {
    buf: Vec<u8>,
    tid: TransactionId,
    error: Option<EncodeError>,
}

impl MessageBuilder {
    /// A message of the given class and method (its 12 low bits).
    pub fn new(class: Class, method: Method, transaction_id: TransactionId) -> MessageBuilder {
        let mut buf = Vec::with_capacity(128);
        buf.extend_from_slice(&MessageType::new(class, method).0.to_be_bytes());
        buf.extend_from_slice(&[0, 0]);
        buf.extend_from_slice(&MAGIC_COOKIE.to_be_bytes());
        buf.extend_from_slice(&transaction_id.0);
        MessageBuilder {
            buf,
            tid: transaction_id,
            error: None,
        }
    }

    /// A Binding request (ICE connectivity check, RFC 8445 §7.2.2).
    pub fn binding_request(transaction_id: TransactionId) -> MessageBuilder {
        MessageBuilder::new(Class::Request, Method::BINDING, transaction_id)
    }

    /// A Binding success response.
    pub fn binding_success(transaction_id: TransactionId) -> MessageBuilder {
        MessageBuilder::new(Class::SuccessResponse, Method::BINDING, transaction_id)
    }

    fn set_length(&mut self) {
        let body = self.buf.len() - HEADER_LEN;
        match u16::try_from(body) {
            Ok(len) => {
                if let Some(field) = self.buf.get_mut(2..4) {
                    field.copy_from_slice(&len.to_be_bytes());
                }
            }
            Err(_) => self.fail(EncodeError::MessageTooLong { length: body }),
        }
    }

    fn fail(&mut self, e: EncodeError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    /// Appends an attribute with zero padding.
    pub fn attribute(self, value: AttributeValue<'_>) -> MessageBuilder {
        let pad = [0u8; 3];
        let n = padding_len(value.encoded_len());
        self.attribute_padded(value, pad.get(..n).unwrap_or(&[]))
    }

    /// Appends an attribute with the given padding bytes, which must bring the value to a
    /// multiple of 4 (RFC 5769's vectors pad with spaces).
    pub fn attribute_padded(mut self, value: AttributeValue<'_>, padding: &[u8]) -> MessageBuilder {
        let typ = value.attribute_type();
        let len = value.encoded_len();
        let Ok(len16) = u16::try_from(len) else {
            self.fail(EncodeError::ValueTooLong { typ, length: len });
            return self;
        };
        let needed = padding_len(len);
        if padding.len() != needed {
            self.fail(EncodeError::BadPadding {
                typ,
                given: padding.len(),
                needed,
            });
            return self;
        }
        self.buf.extend_from_slice(&typ.0.to_be_bytes());
        self.buf.extend_from_slice(&len16.to_be_bytes());
        value.encode(&self.tid, &mut self.buf);
        self.buf.extend_from_slice(padding);
        self.set_length();
        self
    }

    /// Appends an attribute of any type with raw value bytes (zero padding).
    pub fn raw_attribute(self, typ: AttributeType, value: &[u8]) -> MessageBuilder {
        self.attribute(AttributeValue::Raw { typ, value })
    }

    /// USERNAME (ICE: `receiver-ufrag:sender-ufrag`).
    pub fn username(self, username: &str) -> MessageBuilder {
        self.attribute(AttributeValue::Username(username))
    }

    /// SOFTWARE.
    pub fn software(self, software: &str) -> MessageBuilder {
        self.attribute(AttributeValue::Software(software))
    }

    /// PRIORITY.
    pub fn priority(self, priority: u32) -> MessageBuilder {
        self.attribute(AttributeValue::Priority(priority))
    }

    /// ICE-CONTROLLING with a tie-breaker.
    pub fn ice_controlling(self, tie_breaker: u64) -> MessageBuilder {
        self.attribute(AttributeValue::IceControlling(tie_breaker))
    }

    /// ICE-CONTROLLED with a tie-breaker.
    pub fn ice_controlled(self, tie_breaker: u64) -> MessageBuilder {
        self.attribute(AttributeValue::IceControlled(tie_breaker))
    }

    /// USE-CANDIDATE.
    pub fn use_candidate(self) -> MessageBuilder {
        self.attribute(AttributeValue::UseCandidate)
    }

    /// XOR-MAPPED-ADDRESS.
    pub fn xor_mapped_address(self, addr: SocketAddr) -> MessageBuilder {
        self.attribute(AttributeValue::XorMappedAddress(Address::new(addr)))
    }

    /// MESSAGE-INTEGRITY: HMAC-SHA1 with `key` over the message so far, the length field
    /// counting the MESSAGE-INTEGRITY attribute (RFC 8489 §14.5).
    pub fn message_integrity(mut self, key: &Key<'_>) -> MessageBuilder {
        let offset = self.buf.len();
        match compute_hmac_sha1(key.as_bytes(), &self.buf, offset, 20) {
            Some(mac) => self.attribute(AttributeValue::MessageIntegrity(&mac)),
            None => {
                self.fail(EncodeError::MessageTooLong {
                    length: offset + 24,
                });
                self
            }
        }
    }

    /// MESSAGE-INTEGRITY-SHA256 of `length` bytes (32, or truncated to 16–28 in steps of 4
    /// when the usage allows it, RFC 8489 §14.6).
    pub fn message_integrity_sha256(mut self, key: &Key<'_>, length: usize) -> MessageBuilder {
        if !(16..=32).contains(&length) || !length.is_multiple_of(4) {
            self.fail(EncodeError::BadMacLength { length });
            return self;
        }
        let offset = self.buf.len();
        match compute_hmac_sha256(key.as_bytes(), &self.buf, offset, length) {
            Some(mac) => self.attribute(AttributeValue::MessageIntegritySha256(
                mac.get(..length).unwrap_or(&mac),
            )),
            None => {
                self.fail(EncodeError::MessageTooLong {
                    length: offset + 4 + length,
                });
                self
            }
        }
    }

    /// FINGERPRINT: CRC-32 of the message so far XOR 0x5354554E, the length field counting
    /// the FINGERPRINT attribute (RFC 8489 §14.7). Add it last.
    pub fn fingerprint(mut self) -> MessageBuilder {
        let offset = self.buf.len();
        match compute_fingerprint(&self.buf, offset) {
            Some(crc) => self.attribute(AttributeValue::Fingerprint(crc)),
            None => {
                self.fail(EncodeError::MessageTooLong { length: offset + 8 });
                self
            }
        }
    }

    /// The message, or the first error met while building it.
    pub fn build(self) -> Result<Vec<u8>, EncodeError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.buf),
        }
    }
}
