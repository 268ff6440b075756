//! Verification over the original bytes (padding included, never a re-encoding):
//! FINGERPRINT (RFC 8489 §14.7), MESSAGE-INTEGRITY (§14.5), MESSAGE-INTEGRITY-SHA256 (§14.6),
//! GOOG-MESSAGE-INTEGRITY-32 (libwebrtc), USERHASH (§14.4) and the PASSWORD-ALGORITHM(S)
//! consistency (§9.2.4, §14.11–14.12); keys for short-term (§9.1.1) and long-term (§9.2.2)
//! credentials. MACs are compared in constant time (`subtle`).
//!
//! Each MAC covers the message from the header up to (not including) its own attribute, with
//! the header's length field replaced by the length the message would have if it ended with
//! that attribute. FINGERPRINT does the same with a CRC-32 XOR `0x5354554E`.

use super::attributes::{AttributeType, PasswordAlgorithmId};
use super::message::Message;
use super::prep::{opaque_string, prepare, PasswordPrep, PrepError};
use super::value::AttributeValue;
use hmac::{Hmac, KeyInit, Mac};
use md5::Md5;
use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest as _, Sha256};
use std::fmt;
use subtle::ConstantTimeEq;

/// The XOR constant of FINGERPRINT, `"STUN"` in ASCII (RFC 8489 §14.7).
pub const FINGERPRINT_XOR: u32 = 0x5354_554E;

/// An HMAC key: the prepared password (short-term), a 16- or 32-byte digest (long-term), or
/// bytes given by the caller. Borrows when it can, so an ICE password costs no allocation.
#[derive(Clone, PartialEq, Eq)]
pub struct Key<'a> {
    repr: KeyRepr<'a>,
}

#[derive(Clone, PartialEq, Eq)]
enum KeyRepr<'a> {
    Borrowed(&'a [u8]),
    Owned(Vec<u8>),
    Digest([u8; 32], usize),
}

impl fmt::Debug for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({} bytes)", self.as_bytes().len())
    }
}

impl<'a> Key<'a> {
    /// A key made of exactly these bytes (no preparation).
    pub const fn from_bytes(bytes: &'a [u8]) -> Key<'a> {
        Key {
            repr: KeyRepr::Borrowed(bytes),
        }
    }

    /// The short-term key: `OpaqueString(password)` in UTF-8 (RFC 8489 §9.1.1). For an ICE
    /// password (`a=ice-pwd`, printable ASCII) this is the password's bytes.
    #[inline]
    pub fn short_term(password: &'a str) -> Result<Key<'a>, PrepError> {
        Ok(match opaque_string(password)? {
            std::borrow::Cow::Borrowed(s) => Key::from_bytes(s.as_bytes()),
            std::borrow::Cow::Owned(s) => Key {
                repr: KeyRepr::Owned(s.into_bytes()),
            },
        })
    }

    /// The long-term key `H(username ":" realm ":" password)` (RFC 8489 §9.2.2, §18.5.1): H is
    /// MD5 (16 bytes) or SHA-256 (32 bytes) by `algorithm`. `prep` says how realm and password
    /// are prepared (see [`PasswordPrep`]); the username is used as given (RFC 8489 §9.2.2:
    /// "as taken from the USERNAME attribute"). Fails for other algorithms (`Ok(None)`) or if
    /// preparation rejects a string.
    pub fn long_term(
        username: &str,
        realm: &str,
        password: &str,
        algorithm: PasswordAlgorithmId,
        prep: PasswordPrep,
    ) -> Result<Option<Key<'static>>, PrepError> {
        let realm = match prep {
            PasswordPrep::OpaqueString => opaque_string(realm)?,
            _ => std::borrow::Cow::Borrowed(realm),
        };
        let password = prepare(password, prep)?;
        let parts = [
            username.as_bytes(),
            b":",
            realm.as_bytes(),
            b":",
            password.as_bytes(),
        ];
        let mut out = [0u8; 32];
        let len = match algorithm {
            PasswordAlgorithmId::MD5 => {
                let mut h = Md5::new();
                for p in parts {
                    h.update(p);
                }
                out[..16].copy_from_slice(&h.finalize());
                16
            }
            PasswordAlgorithmId::SHA256 => {
                let mut h = Sha256::new();
                for p in parts {
                    h.update(p);
                }
                out.copy_from_slice(&h.finalize());
                32
            }
            _ => return Ok(None),
        };
        Ok(Some(Key {
            repr: KeyRepr::Digest(out, len),
        }))
    }

    /// The key bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match &self.repr {
            KeyRepr::Borrowed(b) => b,
            KeyRepr::Owned(v) => v,
            KeyRepr::Digest(d, len) => d.get(..*len).unwrap_or(d),
        }
    }
}

/// USERHASH: `SHA-256(OpaqueString(username) ":" OpaqueString(realm))` (RFC 8489 §14.4).
pub fn userhash(username: &str, realm: &str) -> Result<[u8; 32], PrepError> {
    let u = opaque_string(username)?;
    let r = opaque_string(realm)?;
    let mut h = Sha256::new();
    h.update(u.as_bytes());
    h.update(b":");
    h.update(r.as_bytes());
    Ok(h.finalize().into())
}

/// What to verify a message with.
#[derive(Clone, Debug)]
pub enum Credentials<'a> {
    /// Nothing: only FINGERPRINT is checked.
    None,
    /// Short-term (ICE): the key is `OpaqueString(password)` (RFC 8489 §9.1.1). Requests are
    /// signed with the receiver's `a=ice-pwd`, responses with the responder's.
    ShortTerm {
        /// The password.
        password: &'a str,
    },
    /// Long-term (TURN): the key is `H(username:realm:password)` with H from the message's
    /// PASSWORD-ALGORITHM (MD5 when absent), RFC 8489 §9.2.2.
    LongTerm {
        /// The username (for the key and for USERHASH).
        username: &'a str,
        /// The realm; `None` takes the message's REALM.
        realm: Option<&'a str>,
        /// The password, before preparation.
        password: &'a str,
        /// How to prepare realm and password.
        prep: PasswordPrep,
    },
    /// A ready HMAC key, used for every MAC.
    Key(Key<'a>),
}

/// A MAC or checksum value, up to 32 bytes (displayed in hex).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Digest {
    bytes: [u8; 32],
    len: u8,
}

impl Digest {
    fn new(b: &[u8]) -> Digest {
        let mut bytes = [0u8; 32];
        let len = b.len().min(32);
        bytes[..len].copy_from_slice(&b[..len]);
        Digest {
            bytes,
            len: len as u8,
        }
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes
            .get(..usize::from(self.len))
            .unwrap_or(&self.bytes)
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.as_bytes() {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({self})")
    }
}

impl Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a check was not made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotChecked {
    /// No credentials were given.
    NoCredentials,
    /// The check needs long-term credentials (USERHASH needs username and realm).
    NeedsLongTerm,
    /// Long-term credentials without a realm, and the message has no REALM.
    NoRealm,
    /// PASSWORD-ALGORITHM names an algorithm this crate cannot derive a key for.
    UnsupportedAlgorithm(PasswordAlgorithmId),
    /// Preparing the password, username or realm failed.
    Prep(PrepError),
    /// The attribute value is malformed (only after `decode_lax`).
    Malformed,
}

/// The outcome of one check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// The value matches.
    Ok,
    /// The value does not match: `expected` is what the bytes and credentials give, `got`
    /// what the message carries (boxed: mismatches are rare, and the report stays small).
    Mismatch {
        /// Computed.
        expected: Box<Digest>,
        /// In the message.
        got: Box<Digest>,
    },
    /// The message has no such attribute.
    Missing,
    /// The attribute is there but was not checked.
    NotChecked {
        /// Why.
        reason: NotChecked,
    },
}

/// One check: the outcome and the offset of the attribute checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Offset of the attribute in the message, if present.
    pub offset: Option<usize>,
    /// What came out.
    pub outcome: Outcome,
}

impl Check {
    const MISSING: Check = Check {
        offset: None,
        outcome: Outcome::Missing,
    };

    fn not_checked(offset: usize, reason: NotChecked) -> Check {
        Check {
            offset: Some(offset),
            outcome: Outcome::NotChecked { reason },
        }
    }

    /// Whether the outcome is [`Outcome::Ok`].
    pub fn is_ok(&self) -> bool {
        self.outcome == Outcome::Ok
    }

    /// Whether the outcome is [`Outcome::Mismatch`].
    pub fn is_mismatch(&self) -> bool {
        matches!(self.outcome, Outcome::Mismatch { .. })
    }

    /// The computed and the carried values, if the check failed.
    pub fn mismatch(&self) -> Option<(&Digest, &Digest)> {
        match &self.outcome {
            Outcome::Mismatch { expected, got } => Some((expected, got)),
            _ => None,
        }
    }
}

/// PASSWORD-ALGORITHM / PASSWORD-ALGORITHMS consistency (RFC 8489 §9.2.4, §9.2.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum AlgorithmCheck {
    /// Neither attribute.
    Absent,
    /// Only PASSWORD-ALGORITHMS (a 401/438 response offering algorithms).
    Offered,
    /// PASSWORD-ALGORITHM is one of PASSWORD-ALGORITHMS, as a request must have it.
    Consistent {
        /// The chosen algorithm.
        algorithm: PasswordAlgorithmId,
    },
    /// PASSWORD-ALGORITHM is not in PASSWORD-ALGORITHMS: a server rejects this with 400.
    NotOffered {
        /// The chosen algorithm.
        algorithm: PasswordAlgorithmId,
    },
    /// PASSWORD-ALGORITHM without PASSWORD-ALGORITHMS: RFC 8489 §9.2.4 has a client send both.
    ListMissing {
        /// The chosen algorithm.
        algorithm: PasswordAlgorithmId,
    },
}

/// An attribute named by a verification finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Placed {
    /// Offset of the attribute in the message.
    pub offset: usize,
    /// Its type.
    pub typ: AttributeType,
}

/// The verification report of a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// FINGERPRINT (needs no credentials).
    pub fingerprint: Check,
    /// MESSAGE-INTEGRITY (HMAC-SHA1).
    pub message_integrity: Check,
    /// MESSAGE-INTEGRITY-SHA256 (HMAC-SHA256, possibly truncated to 16–28 bytes).
    pub message_integrity_sha256: Check,
    /// GOOG-MESSAGE-INTEGRITY-32 (HMAC-SHA1 truncated to 4 bytes, libwebrtc GOOG-PING).
    pub goog_message_integrity_32: Check,
    /// USERHASH against `SHA-256(username ":" realm)` of long-term credentials.
    pub userhash: Check,
    /// PASSWORD-ALGORITHM(S) consistency.
    pub password_algorithm: AlgorithmCheck,
    /// Attributes not covered by a message-integrity attribute, which agents must ignore
    /// (see [`Message::unauthenticated`]). Allocated only when there are some.
    pub unauthenticated: Vec<Placed>,
    /// Attributes after FINGERPRINT (it must be last, RFC 8489 §14.7).
    pub after_fingerprint: Vec<Placed>,
}

impl Verification {
    /// Whether nothing failed: no mismatch, and (if credentials were given) at least one
    /// MAC checked and matched. Missing FINGERPRINT is fine (it is optional outside ICE).
    pub fn is_ok(&self) -> bool {
        let macs = [
            &self.message_integrity,
            &self.message_integrity_sha256,
            &self.goog_message_integrity_32,
        ];
        let any_mismatch = macs.iter().any(|c| c.is_mismatch())
            || self.fingerprint.is_mismatch()
            || self.userhash.is_mismatch();
        !any_mismatch
    }

    /// Whether at least one message-integrity attribute was checked and matched.
    pub fn is_authenticated(&self) -> bool {
        self.message_integrity.is_ok()
            || self.message_integrity_sha256.is_ok()
            || self.goog_message_integrity_32.is_ok()
    }
}

/// A fresh CRC-32 state, cloned for each message: `crc32fast::Hasher::new` detects the
/// processor's features on every call, a fifth of the instructions of a fingerprint check.
static CRC32: std::sync::LazyLock<crc32fast::Hasher> =
    std::sync::LazyLock::new(crc32fast::Hasher::new);

/// The CRC-32 of the message up to the FINGERPRINT attribute at `offset`, with the length
/// field adjusted to end after it, XOR 0x5354554E (RFC 8489 §14.7).
pub fn compute_fingerprint(bytes: &[u8], offset: usize) -> Option<u32> {
    let c = covered(bytes, offset, 4)?;
    let mut h = CRC32.clone();
    if c.patched {
        h.update(c.message_type);
        h.update(&c.length);
        h.update(c.rest);
    } else {
        // FINGERPRINT is last (as it must be): the length field is already right.
        h.update(bytes.get(..offset)?);
    }
    let crc = h.finalize();
    Some(crc ^ FINGERPRINT_XOR)
}

/// What a MAC or the fingerprint of an attribute covers, in three borrowed pieces so that the
/// length field can be replaced without copying the message: the message type, the length
/// field as it must be, and the bytes from the magic cookie to the attribute.
struct Covered<'a> {
    message_type: &'a [u8],
    length: [u8; 2],
    rest: &'a [u8],
    /// Whether `length` differs from the length field in the message.
    patched: bool,
}

impl Covered<'_> {
    /// Feeds the three pieces to a MAC.
    #[inline]
    fn feed(&self, mac: &mut impl Mac) {
        mac.update(self.message_type);
        mac.update(&self.length);
        mac.update(self.rest);
    }
}

/// What a MAC or the fingerprint of the attribute at `offset` (with a `value_len`-byte
/// value) covers: the message up to `offset`, with the length field adjusted to end after
/// that attribute.
#[inline]
fn covered(bytes: &[u8], offset: usize, value_len: usize) -> Option<Covered<'_>> {
    let length = adjusted_length(offset, value_len)?.to_be_bytes();
    let message_type = bytes.get(..2)?;
    let rest = bytes.get(4..offset)?;
    Some(Covered {
        message_type,
        length,
        rest,
        patched: bytes.get(2..4)? != length,
    })
}

/// The message length field as if the message ended after an attribute at `offset` with a
/// `value_len`-byte value (padded).
fn adjusted_length(offset: usize, value_len: usize) -> Option<u16> {
    let end = offset + 4 + value_len + super::value::padding_len(value_len);
    u16::try_from(end.checked_sub(super::header::HEADER_LEN)?).ok()
}

/// HMAC-SHA1 over the message up to the attribute at `offset` (whose value is `value_len`
/// bytes), the length field adjusted (RFC 8489 §14.5; also GOOG-MESSAGE-INTEGRITY-32).
pub fn compute_hmac_sha1(
    key: &[u8],
    bytes: &[u8],
    offset: usize,
    value_len: usize,
) -> Option<[u8; 20]> {
    let covered = covered(bytes, offset, value_len)?;
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(key).ok()?;
    covered.feed(&mut mac);
    Some(mac.finalize().into_bytes().into())
}

/// HMAC-SHA256 over the message up to the attribute at `offset` (whose value is `value_len`
/// bytes), the length field adjusted (RFC 8489 §14.6). Truncate for shorter attributes.
pub fn compute_hmac_sha256(
    key: &[u8],
    bytes: &[u8],
    offset: usize,
    value_len: usize,
) -> Option<[u8; 32]> {
    let covered = covered(bytes, offset, value_len)?;
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).ok()?;
    covered.feed(&mut mac);
    Some(mac.finalize().into_bytes().into())
}

/// Constant-time equality of two MACs of public length: every byte is compared whatever the
/// others are (XOR-OR accumulation, four bytes at a time), and the result goes through
/// `subtle`.
#[inline]
fn ct_equal(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut diff = 0u32;
    let (ac, ar) = a.as_chunks::<4>();
    let (bc, br) = b.as_chunks::<4>();
    for (x, y) in ac.iter().zip(bc) {
        diff |= u32::from_ne_bytes(*x) ^ u32::from_ne_bytes(*y);
    }
    for (x, y) in ar.iter().zip(br) {
        diff |= u32::from(x ^ y);
    }
    bool::from(diff.ct_eq(&0))
}

/// An attribute's offset and value bytes.
#[derive(Clone, Copy)]
struct Raw<'a> {
    offset: usize,
    raw: &'a [u8],
}

#[inline]
fn compare(offset: usize, expected: &[u8], got: &[u8]) -> Check {
    if ct_equal(expected, got) {
        Check {
            offset: Some(offset),
            outcome: Outcome::Ok,
        }
    } else {
        mismatch(offset, expected, got)
    }
}

/// The FINGERPRINT check of the attribute at `offset` with value `got`, against the
/// `expected` value (`None` when it could not be computed).
#[inline]
fn fingerprint_check(offset: usize, got: Option<&[u8]>, expected: Option<u32>) -> Check {
    match (got.and_then(|g| <&[u8; 4]>::try_from(g).ok()), expected) {
        // A checksum, not a secret: an ordinary comparison.
        (Some(got), Some(expected)) if expected.to_be_bytes() == *got => Check {
            offset: Some(offset),
            outcome: Outcome::Ok,
        },
        (Some(got), Some(expected)) => mismatch(offset, &expected.to_be_bytes(), got),
        _ => Check::not_checked(offset, NotChecked::Malformed),
    }
}

#[cold]
#[inline(never)]
fn mismatch(offset: usize, expected: &[u8], got: &[u8]) -> Check {
    Check {
        offset: Some(offset),
        outcome: Outcome::Mismatch {
            expected: Box::new(Digest::new(expected)),
            got: Box::new(Digest::new(got)),
        },
    }
}

impl<'a> Message<'a> {
    /// The key `credentials` give for this message, or why there is none. For long-term
    /// credentials the algorithm comes from PASSWORD-ALGORITHM (MD5 when absent) and the
    /// realm from the credentials or else from REALM.
    pub fn key<'k>(&self, credentials: &'k Credentials<'k>) -> Result<Key<'k>, NotChecked> {
        match credentials {
            Credentials::None => Err(NotChecked::NoCredentials),
            Credentials::ShortTerm { password } => {
                Key::short_term(password).map_err(NotChecked::Prep)
            }
            // Borrowed, not cloned: an owned key would be copied on every message.
            Credentials::Key(k) => Ok(Key::from_bytes(k.as_bytes())),
            Credentials::LongTerm {
                username,
                realm,
                password,
                prep,
            } => {
                let realm = match realm {
                    Some(r) => *r,
                    None => self.realm().ok_or(NotChecked::NoRealm)?,
                };
                let algorithm = match self.value(AttributeType::PASSWORD_ALGORITHM) {
                    Some(AttributeValue::PasswordAlgorithm(p)) => p.algorithm(),
                    Some(_) => return Err(NotChecked::Malformed),
                    None => PasswordAlgorithmId::MD5,
                };
                match Key::long_term(username, realm, password, algorithm, *prep) {
                    Ok(Some(k)) => Ok(k),
                    Ok(None) => Err(NotChecked::UnsupportedAlgorithm(algorithm)),
                    Err(e) => Err(NotChecked::Prep(e)),
                }
            }
        }
    }

    /// [`Message::verify`] for the usual shape ([`Message::usual_integrity`]): MESSAGE-INTEGRITY
    /// at `mi` right before the FINGERPRINT at `fp` that ends the message, nothing else to
    /// check, nothing unauthenticated. The same verdicts as the general path, with less
    /// bookkeeping.
    fn verify_usual(&self, credentials: &Credentials<'_>, mi: usize, fp: usize) -> Verification {
        let bytes = self.as_bytes();
        let key = self.key(credentials);
        // The CRC goes between the HMAC key schedule (two SHA-1 blocks) and the message: it
        // does not depend on them, and the processor runs it while the SHA rounds are in
        // flight (5-10 ns less per check with SHA-NI than after the MAC).
        let state = key
            .as_ref()
            .ok()
            .and_then(|k| <Hmac<Sha1> as KeyInit>::new_from_slice(k.as_bytes()).ok());
        let crc = compute_fingerprint(bytes, fp);
        let mac = state.and_then(|mut m| {
            covered(bytes, mi, 20)?.feed(&mut m);
            Some(<[u8; 20]>::from(m.finalize().into_bytes()))
        });
        let message_integrity = match (key, bytes.get(mi + 4..mi + 24)) {
            (Err(reason), _) => Check::not_checked(mi, reason),
            (Ok(_), Some(got)) => match mac {
                Some(mac) => compare(mi, &mac, got),
                None => Check::not_checked(mi, NotChecked::Malformed),
            },
            (Ok(_), None) => Check::not_checked(mi, NotChecked::Malformed),
        };
        let fingerprint = fingerprint_check(fp, bytes.get(fp + 4..fp + 8), crc);
        Verification {
            fingerprint,
            message_integrity,
            message_integrity_sha256: Check::MISSING,
            goog_message_integrity_32: Check::MISSING,
            userhash: Check::MISSING,
            password_algorithm: AlgorithmCheck::Absent,
            unauthenticated: Vec::new(),
            after_fingerprint: Vec::new(),
        }
    }

    /// Verifies FINGERPRINT and, with credentials, MESSAGE-INTEGRITY,
    /// MESSAGE-INTEGRITY-SHA256, GOOG-MESSAGE-INTEGRITY-32 and USERHASH, over the bytes as
    /// received; reports PASSWORD-ALGORITHM(S) consistency and unauthenticated attributes.
    /// Allocates nothing unless there are findings to list (or a long-term password needs
    /// preparation).
    #[inline]
    pub fn verify(&self, credentials: &Credentials<'_>) -> Verification {
        match self.usual_integrity() {
            Some((mi, fp)) => self.verify_usual(credentials, mi, fp),
            None => self.verify_any(credentials),
        }
    }

    /// [`Message::verify`] for messages of any shape.
    fn verify_any(&self, credentials: &Credentials<'_>) -> Verification {
        let bytes = self.as_bytes();

        let mi = self
            .tracked_raw(AttributeType::MESSAGE_INTEGRITY)
            .map(|(offset, raw)| Raw { offset, raw });
        let mi_sha256 = self
            .tracked_raw(AttributeType::MESSAGE_INTEGRITY_SHA256)
            .map(|(offset, raw)| Raw { offset, raw });
        let mi32 = self
            .tracked_raw(AttributeType::GOOG_MESSAGE_INTEGRITY_32)
            .map(|(offset, raw)| Raw { offset, raw });
        let key = if mi.is_some() || mi_sha256.is_some() || mi32.is_some() {
            self.key(credentials)
        } else {
            Err(NotChecked::NoCredentials)
        };
        let message_integrity = match mi {
            None => Check::MISSING,
            Some(a) if a.raw.len() != 20 => Check::not_checked(a.offset, NotChecked::Malformed),
            Some(a) => match &key {
                Err(reason) => Check::not_checked(a.offset, *reason),
                Ok(k) => match compute_hmac_sha1(k.as_bytes(), bytes, a.offset, 20) {
                    Some(mac) => compare(a.offset, &mac, a.raw),
                    None => Check::not_checked(a.offset, NotChecked::Malformed),
                },
            },
        };
        let message_integrity_sha256 = match mi_sha256 {
            None => Check::MISSING,
            Some(a) if !(16..=32).contains(&a.raw.len()) || !a.raw.len().is_multiple_of(4) => {
                Check::not_checked(a.offset, NotChecked::Malformed)
            }
            Some(a) => match &key {
                Err(reason) => Check::not_checked(a.offset, *reason),
                Ok(k) => match compute_hmac_sha256(k.as_bytes(), bytes, a.offset, a.raw.len()) {
                    Some(mac) => compare(a.offset, mac.get(..a.raw.len()).unwrap_or(&mac), a.raw),
                    None => Check::not_checked(a.offset, NotChecked::Malformed),
                },
            },
        };
        let goog_message_integrity_32 = match mi32 {
            None => Check::MISSING,
            Some(a) if a.raw.len() != 4 => Check::not_checked(a.offset, NotChecked::Malformed),
            Some(a) => match &key {
                Err(reason) => Check::not_checked(a.offset, *reason),
                Ok(k) => match compute_hmac_sha1(k.as_bytes(), bytes, a.offset, 4) {
                    Some(mac) => compare(a.offset, mac.get(..4).unwrap_or(&mac), a.raw),
                    None => Check::not_checked(a.offset, NotChecked::Malformed),
                },
            },
        };

        let userhash = match self
            .tracked_raw(AttributeType::USERHASH)
            .map(|(offset, raw)| Raw { offset, raw })
        {
            None => Check::MISSING,
            Some(a) => match credentials {
                Credentials::LongTerm {
                    username, realm, ..
                } => {
                    let realm = realm.or_else(|| self.realm());
                    match realm {
                        None => Check::not_checked(a.offset, NotChecked::NoRealm),
                        Some(realm) => match userhash(username, realm) {
                            Ok(h) => compare(a.offset, &h, a.raw),
                            Err(e) => Check::not_checked(a.offset, NotChecked::Prep(e)),
                        },
                    }
                }
                Credentials::None => Check::not_checked(a.offset, NotChecked::NoCredentials),
                _ => Check::not_checked(a.offset, NotChecked::NeedsLongTerm),
            },
        };

        let chosen = match self
            .tracked_raw(AttributeType::PASSWORD_ALGORITHM)
            .and_then(|_| self.value(AttributeType::PASSWORD_ALGORITHM))
        {
            Some(AttributeValue::PasswordAlgorithm(p)) => Some(p.algorithm()),
            _ => None,
        };
        let offered = match self
            .tracked_raw(AttributeType::PASSWORD_ALGORITHMS)
            .and_then(|_| self.value(AttributeType::PASSWORD_ALGORITHMS))
        {
            Some(AttributeValue::PasswordAlgorithms(list)) => Some(list),
            _ => None,
        };
        let password_algorithm = match (chosen, offered) {
            (None, None) => AlgorithmCheck::Absent,
            (None, Some(_)) => AlgorithmCheck::Offered,
            (Some(algorithm), None) => AlgorithmCheck::ListMissing { algorithm },
            (Some(algorithm), Some(list)) => {
                if list.iter().any(|e| e.algorithm() == algorithm) {
                    AlgorithmCheck::Consistent { algorithm }
                } else {
                    AlgorithmCheck::NotOffered { algorithm }
                }
            }
        };

        // FINGERPRINT after the MACs: its CRC does not depend on them, and the processor
        // runs it while the last SHA rounds of the HMAC are still in flight.
        let fingerprint = match self.tracked_raw(AttributeType::FINGERPRINT) {
            None => Check::MISSING,
            Some((offset, raw)) => {
                fingerprint_check(offset, Some(raw), compute_fingerprint(bytes, offset))
            }
        };

        // Usual shape: nothing after MESSAGE-INTEGRITY but FINGERPRINT, which ends the
        // message; then both lists are empty without walking anything.
        let len = bytes.len();
        let end_of = |r: Option<Raw<'_>>| {
            r.map(|r| r.offset + 4 + r.raw.len() + super::value::padding_len(r.raw.len()))
        };
        let fp = self
            .tracked_raw(AttributeType::FINGERPRINT)
            .map(|(offset, raw)| Raw { offset, raw });
        let fp_last = end_of(fp) == Some(len);
        let tail_ok = match end_of(mi).or(end_of(mi_sha256)) {
            None => true,
            Some(e) => e == len || (fp_last && fp.map(|f| f.offset) == Some(e)),
        };
        let mut unauthenticated = Vec::new();
        if !tail_ok {
            for a in self.unauthenticated() {
                unauthenticated.push(Placed {
                    offset: a.offset,
                    typ: a.typ,
                });
            }
        }
        let mut after_fingerprint = Vec::new();
        if !fp_last {
            for a in self.after_fingerprint() {
                after_fingerprint.push(Placed {
                    offset: a.offset,
                    typ: a.typ,
                });
            }
        }
        Verification {
            fingerprint,
            message_integrity,
            message_integrity_sha256,
            goog_message_integrity_32,
            userhash,
            password_algorithm,
            unauthenticated,
            after_fingerprint,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stun::{decode, MessageBuilder, TransactionId};

    /// The usual-shape path gives the same report as the general one, whatever the
    /// credentials and whichever of the two values is damaged.
    #[test]
    fn usual_shape_reports_as_the_general_path() {
        let password = "VOkJxbRl1RmTxUk/WvJxBt";
        let signed_with = |password| {
            MessageBuilder::binding_request(TransactionId([7; 12]))
                .username("evtj:h6vY")
                .priority(1_853_824_767)
                .ice_controlling(0x1122_3344_5566_7788)
                .use_candidate()
                .message_integrity(&Key::short_term(password).expect("ASCII password"))
                .fingerprint()
                .build()
                .expect("builds")
        };
        let signed = signed_with(password);
        let len = signed.len();
        // Signed with another password: the MAC fails, the CRC (computed after it) holds.
        let bad_mac = signed_with("another password");
        let mut bad_crc = signed.clone();
        bad_crc[len - 1] ^= 1;
        let credentials = [
            Credentials::None,
            Credentials::ShortTerm { password },
            Credentials::ShortTerm { password: "wrong" },
            Credentials::Key(Key::from_bytes(password.as_bytes())),
            Credentials::LongTerm {
                username: "u",
                realm: Some("r"),
                password: "p",
                prep: PasswordPrep::default(),
            },
        ];
        // (MESSAGE-INTEGRITY ok, FINGERPRINT ok) per message, with each of the credentials
        // above: only the right password verifies the MAC, only the undamaged CRC matches.
        let expected = [
            [
                (false, true),
                (true, true),
                (false, true),
                (true, true),
                (false, true),
            ],
            [(false, true); 5],
            [
                (false, false),
                (true, false),
                (false, false),
                (true, false),
                (false, false),
            ],
        ];
        for (bytes, expected) in [&signed, &bad_mac, &bad_crc].into_iter().zip(expected) {
            let m = decode(bytes).expect("decodes");
            let (mi, fp) = m.usual_integrity().expect("the usual shape");
            assert_eq!((mi, fp), (len - 32, len - 8));
            for (c, expected) in credentials.iter().zip(expected) {
                let usual = m.verify_usual(c, mi, fp);
                assert_eq!(usual, m.verify_any(c));
                let got = (usual.message_integrity.is_ok(), usual.fingerprint.is_ok());
                assert_eq!(got, expected, "{c:?}");
            }
        }
    }

    /// Any other shape takes the general path.
    #[test]
    fn other_shapes_are_not_the_usual_one() {
        let key = Key::short_term("pwd").expect("ASCII password");
        let builder = || MessageBuilder::binding_request(TransactionId([1; 12])).username("a:b");
        let without_fingerprint = builder().message_integrity(&key).build().expect("builds");
        let with_sha256 = builder()
            .message_integrity(&key)
            .message_integrity_sha256(&key, 32)
            .fingerprint()
            .build()
            .expect("builds");
        let after_mi = builder()
            .message_integrity(&key)
            .software("late")
            .fingerprint()
            .build()
            .expect("builds");
        for bytes in [&without_fingerprint, &with_sha256, &after_mi] {
            let m = decode(bytes).expect("decodes");
            assert_eq!(m.usual_integrity(), None, "{bytes:02x?}");
        }
    }
}
