//! Certificate fingerprints (RFC 8122 §5): the hash of the DER certificate a peer presents,
//! compared with the `a=fingerprint` of its SDP. RFC 8842 §5.1: the DTLS handshake fails
//! unless the certificate matches a fingerprint of the right SDP.

use crate::sdp::attributes::dtls::Fingerprint;
use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};
use std::fmt;

/// A hash function of the IANA "Hash Function Textual Names" registry that this crate can
/// compute (RFC 8122 §5; `md2` is registered too but not computable here).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum HashFunction {
    /// `sha-1` (RFC 3174), 20 bytes.
    Sha1,
    /// `sha-224` (RFC 6234), 28 bytes.
    Sha224,
    /// `sha-256`, 32 bytes: what every WebRTC stack sends.
    Sha256,
    /// `sha-384`, 48 bytes.
    Sha384,
    /// `sha-512`, 64 bytes.
    Sha512,
    /// `md5` (RFC 1321), 16 bytes; legacy (RFC 8122 §5 keeps it for compatibility only).
    Md5,
}

impl HashFunction {
    /// The function named in an SDP `a=fingerprint` (case-insensitive, RFC 8122 §5).
    pub fn from_sdp_name(name: &str) -> Option<HashFunction> {
        Some(match name.to_ascii_lowercase().as_str() {
            "sha-1" => HashFunction::Sha1,
            "sha-224" => HashFunction::Sha224,
            "sha-256" => HashFunction::Sha256,
            "sha-384" => HashFunction::Sha384,
            "sha-512" => HashFunction::Sha512,
            "md5" => HashFunction::Md5,
            _ => return None,
        })
    }

    /// The SDP name (`sha-256`).
    pub const fn sdp_name(self) -> &'static str {
        match self {
            HashFunction::Sha1 => "sha-1",
            HashFunction::Sha224 => "sha-224",
            HashFunction::Sha256 => "sha-256",
            HashFunction::Sha384 => "sha-384",
            HashFunction::Sha512 => "sha-512",
            HashFunction::Md5 => "md5",
        }
    }

    /// The digest length in bytes.
    pub const fn len(self) -> usize {
        match self {
            HashFunction::Sha1 => 20,
            HashFunction::Sha224 => 28,
            HashFunction::Sha256 => 32,
            HashFunction::Sha384 => 48,
            HashFunction::Sha512 => 64,
            HashFunction::Md5 => 16,
        }
    }

    /// Never: a digest has at least 16 bytes.
    pub const fn is_empty(self) -> bool {
        false
    }

    /// The digest of `bytes`.
    pub fn digest(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            HashFunction::Sha1 => Sha1::digest(bytes).to_vec(),
            HashFunction::Sha224 => Sha224::digest(bytes).to_vec(),
            HashFunction::Sha256 => Sha256::digest(bytes).to_vec(),
            HashFunction::Sha384 => Sha384::digest(bytes).to_vec(),
            HashFunction::Sha512 => Sha512::digest(bytes).to_vec(),
            HashFunction::Md5 => md5::Md5::digest(bytes).to_vec(),
        }
    }
}

impl fmt::Display for HashFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.sdp_name())
    }
}

/// A digest written as in SDP: upper-case hex pairs joined by `:` (RFC 8122 §5).
pub fn format_fingerprint(digest: &[u8]) -> String {
    let mut s = String::with_capacity(digest.len() * 3);
    for (i, b) in digest.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        s.push_str(&format!("{b:02X}"));
    }
    s
}

/// The outcome of comparing a certificate with one `a=fingerprint`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum FingerprintCheck {
    /// The certificate's digest equals the fingerprint.
    Match {
        /// The hash function.
        hash_function: HashFunction,
    },
    /// The digests differ: the peer presented another certificate than its SDP announced
    /// (RFC 8842 §5.1: the DTLS handshake must fail).
    Mismatch {
        /// The hash function.
        hash_function: HashFunction,
        /// The certificate's digest, in SDP form.
        computed: String,
    },
    /// The fingerprint's length is not that of its hash function (e.g. 20 bytes labelled
    /// `sha-256`): no certificate can match it.
    WrongLength {
        /// The hash function.
        hash_function: HashFunction,
        /// The fingerprint's length in bytes.
        found: usize,
    },
    /// A hash function this crate does not compute (`md2`, or not registered).
    UnsupportedHashFunction {
        /// The name as written in the SDP.
        name: String,
    },
}

impl FingerprintCheck {
    /// Whether the certificate matches.
    pub fn is_match(&self) -> bool {
        matches!(self, FingerprintCheck::Match { .. })
    }
}

/// Hashes a DER certificate with the SDP fingerprint's hash function and compares.
pub fn check_fingerprint(der: &[u8], fingerprint: &Fingerprint<'_>) -> FingerprintCheck {
    let name = fingerprint.hash_function.as_str();
    let Some(hash_function) = HashFunction::from_sdp_name(name) else {
        return FingerprintCheck::UnsupportedHashFunction {
            name: name.to_owned(),
        };
    };
    if fingerprint.digest_len() != hash_function.len() {
        return FingerprintCheck::WrongLength {
            hash_function,
            found: fingerprint.digest_len(),
        };
    }
    let computed = hash_function.digest(der);
    if fingerprint.digest().eq(computed.iter().copied()) {
        FingerprintCheck::Match { hash_function }
    } else {
        FingerprintCheck::Mismatch {
            hash_function,
            computed: format_fingerprint(&computed),
        }
    }
}

/// Compares a certificate with every `a=fingerprint` of an SDP (RFC 8122 §5 allows several,
/// one per hash function; RFC 8842 §5.1: one match is enough). Returns the first match, else
/// the outcome for each fingerprint, in order.
pub fn check_fingerprints<'f>(
    der: &[u8],
    fingerprints: impl IntoIterator<Item = &'f Fingerprint<'f>>,
) -> Result<HashFunction, Vec<FingerprintCheck>> {
    let mut outcomes = Vec::new();
    for fp in fingerprints {
        match check_fingerprint(der, fp) {
            FingerprintCheck::Match { hash_function } => return Ok(hash_function),
            other => outcomes.push(other),
        }
    }
    Err(outcomes)
}
