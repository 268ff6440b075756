//! Hello extensions (RFC 8446 §4.2, IANA "TLS ExtensionType Values") and the typed values a
//! WebRTC handshake turns on: `use_srtp` (RFC 5764 §4.1.1), `supported_versions` (RFC 8446
//! §4.2.1), `key_share` (RFC 8446 §4.2.8), `supported_groups` (RFC 8422 §5.1.1, RFC 8446
//! §4.2.7), `signature_algorithms` (RFC 8446 §4.2.3).
//!
//! [`Extensions`] is checked for framing when the hello is parsed; a value is typed only on
//! request (its accessor returns a [`ParseError`] when the value is malformed), so a
//! debugging tool can still show a hello with one bad extension.

use super::list::List16;
use super::record::ProtocolVersion;
use crate::handshake::error::ParseError;
use crate::handshake::reader::Reader;
use crate::handshake::wire::wire_enum;
use serde::Serialize;

wire_enum! {
    /// An extension type (IANA "TLS ExtensionType Values").
    ExtensionType(u16), 4;
    SERVER_NAME = 0 => "server_name",
    MAX_FRAGMENT_LENGTH = 1 => "max_fragment_length",
    STATUS_REQUEST = 5 => "status_request",
    SUPPORTED_GROUPS = 10 => "supported_groups",
    EC_POINT_FORMATS = 11 => "ec_point_formats",
    SIGNATURE_ALGORITHMS = 13 => "signature_algorithms",
    USE_SRTP = 14 => "use_srtp",
    HEARTBEAT = 15 => "heartbeat",
    APPLICATION_LAYER_PROTOCOL_NEGOTIATION = 16 => "application_layer_protocol_negotiation",
    SIGNED_CERTIFICATE_TIMESTAMP = 18 => "signed_certificate_timestamp",
    PADDING = 21 => "padding",
    ENCRYPT_THEN_MAC = 22 => "encrypt_then_mac",
    EXTENDED_MASTER_SECRET = 23 => "extended_master_secret",
    COMPRESS_CERTIFICATE = 27 => "compress_certificate",
    RECORD_SIZE_LIMIT = 28 => "record_size_limit",
    SESSION_TICKET = 35 => "session_ticket",
    PRE_SHARED_KEY = 41 => "pre_shared_key",
    EARLY_DATA = 42 => "early_data",
    SUPPORTED_VERSIONS = 43 => "supported_versions",
    COOKIE = 44 => "cookie",
    PSK_KEY_EXCHANGE_MODES = 45 => "psk_key_exchange_modes",
    CERTIFICATE_AUTHORITIES = 47 => "certificate_authorities",
    OID_FILTERS = 48 => "oid_filters",
    POST_HANDSHAKE_AUTH = 49 => "post_handshake_auth",
    SIGNATURE_ALGORITHMS_CERT = 50 => "signature_algorithms_cert",
    KEY_SHARE = 51 => "key_share",
    CONNECTION_ID_DEPRECATED = 53 => "connection_id (deprecated)",
    CONNECTION_ID = 54 => "connection_id",
    ENCRYPTED_CLIENT_HELLO = 0xfe0d => "encrypted_client_hello",
    RENEGOTIATION_INFO = 0xff01 => "renegotiation_info",
}

wire_enum! {
    /// A DTLS-SRTP protection profile (IANA "DTLS-SRTP Protection Profiles"; RFC 5764
    /// §4.1.2, RFC 7714 §14.2, RFC 8723, RFC 8269).
    SrtpProtectionProfile(u16), 4;
    SRTP_AES128_CM_HMAC_SHA1_80 = 0x0001 => "SRTP_AES128_CM_HMAC_SHA1_80",
    SRTP_AES128_CM_HMAC_SHA1_32 = 0x0002 => "SRTP_AES128_CM_HMAC_SHA1_32",
    SRTP_NULL_HMAC_SHA1_80 = 0x0005 => "SRTP_NULL_HMAC_SHA1_80",
    SRTP_NULL_HMAC_SHA1_32 = 0x0006 => "SRTP_NULL_HMAC_SHA1_32",
    SRTP_AEAD_AES_128_GCM = 0x0007 => "SRTP_AEAD_AES_128_GCM",
    SRTP_AEAD_AES_256_GCM = 0x0008 => "SRTP_AEAD_AES_256_GCM",
    DOUBLE_AEAD_AES_128_GCM_AEAD_AES_128_GCM = 0x0009 => "DOUBLE_AEAD_AES_128_GCM_AEAD_AES_128_GCM",
    DOUBLE_AEAD_AES_256_GCM_AEAD_AES_256_GCM = 0x000A => "DOUBLE_AEAD_AES_256_GCM_AEAD_AES_256_GCM",
    SRTP_ARIA_128_CTR_HMAC_SHA1_80 = 0x000B => "SRTP_ARIA_128_CTR_HMAC_SHA1_80",
    SRTP_ARIA_128_CTR_HMAC_SHA1_32 = 0x000C => "SRTP_ARIA_128_CTR_HMAC_SHA1_32",
    SRTP_ARIA_256_CTR_HMAC_SHA1_80 = 0x000D => "SRTP_ARIA_256_CTR_HMAC_SHA1_80",
    SRTP_ARIA_256_CTR_HMAC_SHA1_32 = 0x000E => "SRTP_ARIA_256_CTR_HMAC_SHA1_32",
    SRTP_AEAD_ARIA_128_GCM = 0x000F => "SRTP_AEAD_ARIA_128_GCM",
    SRTP_AEAD_ARIA_256_GCM = 0x0010 => "SRTP_AEAD_ARIA_256_GCM",
}

impl SrtpProtectionProfile {
    /// Bytes after the SRTCP E-flag and index (RFC 3711 §3.4: the authentication tag; MKI
    /// is not used by DTLS-SRTP stacks): 10 for the HMAC-SHA1 profiles (SRTCP always uses
    /// the 80-bit tag, RFC 5764 §4.1.2), 0 for AEAD profiles (RFC 7714 §9.4: the tag is
    /// inside the ciphertext, before the index). `None` for unknown profiles.
    pub const fn srtcp_trailer_tag_len(self) -> Option<usize> {
        match self.0 {
            0x0001 | 0x0002 | 0x0005 | 0x0006 | 0x000B..=0x000E => Some(10),
            0x0007..=0x000A | 0x000F | 0x0010 => Some(0),
            _ => None,
        }
    }
}

wire_enum! {
    /// A key exchange group (IANA "TLS Supported Groups"; RFC 8422, RFC 8446 §4.2.7,
    /// draft-ietf-tls-ecdhe-mlkem for the hybrid post-quantum groups browsers send).
    NamedGroup(u16), 4;
    SECP256R1 = 0x0017 => "secp256r1",
    SECP384R1 = 0x0018 => "secp384r1",
    SECP521R1 = 0x0019 => "secp521r1",
    X25519 = 0x001D => "x25519",
    X448 = 0x001E => "x448",
    FFDHE2048 = 0x0100 => "ffdhe2048",
    FFDHE3072 = 0x0101 => "ffdhe3072",
    FFDHE4096 = 0x0102 => "ffdhe4096",
    MLKEM512 = 0x0200 => "MLKEM512",
    MLKEM768 = 0x0201 => "MLKEM768",
    MLKEM1024 = 0x0202 => "MLKEM1024",
    SECP256R1_MLKEM768 = 0x11EB => "SecP256r1MLKEM768",
    X25519_MLKEM768 = 0x11EC => "X25519MLKEM768",
    SECP384R1_MLKEM1024 = 0x11ED => "SecP384r1MLKEM1024",
    X25519_KYBER768_DRAFT00 = 0x6399 => "X25519Kyber768Draft00",
}

wire_enum! {
    /// A signature scheme (IANA "TLS SignatureScheme"; RFC 8446 §4.2.3).
    SignatureScheme(u16), 4;
    RSA_PKCS1_SHA1 = 0x0201 => "rsa_pkcs1_sha1",
    ECDSA_SHA1 = 0x0203 => "ecdsa_sha1",
    RSA_PKCS1_SHA256 = 0x0401 => "rsa_pkcs1_sha256",
    ECDSA_SECP256R1_SHA256 = 0x0403 => "ecdsa_secp256r1_sha256",
    RSA_PKCS1_SHA384 = 0x0501 => "rsa_pkcs1_sha384",
    ECDSA_SECP384R1_SHA384 = 0x0503 => "ecdsa_secp384r1_sha384",
    RSA_PKCS1_SHA512 = 0x0601 => "rsa_pkcs1_sha512",
    ECDSA_SECP521R1_SHA512 = 0x0603 => "ecdsa_secp521r1_sha512",
    RSA_PSS_RSAE_SHA256 = 0x0804 => "rsa_pss_rsae_sha256",
    RSA_PSS_RSAE_SHA384 = 0x0805 => "rsa_pss_rsae_sha384",
    RSA_PSS_RSAE_SHA512 = 0x0806 => "rsa_pss_rsae_sha512",
    ED25519 = 0x0807 => "ed25519",
    ED448 = 0x0808 => "ed448",
    RSA_PSS_PSS_SHA256 = 0x0809 => "rsa_pss_pss_sha256",
    RSA_PSS_PSS_SHA384 = 0x080A => "rsa_pss_pss_sha384",
    RSA_PSS_PSS_SHA512 = 0x080B => "rsa_pss_pss_sha512",
}

/// One extension: its type and value, where it is in the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Extension<'a> {
    /// Offset of the extension's 4-byte header in the message body.
    pub offset: usize,
    /// The type.
    pub extension_type: ExtensionType,
    /// The value (`extension_data`).
    #[serde(skip)]
    pub data: &'a [u8],
}

impl Extension<'_> {
    /// Offset of the value in the message body.
    pub fn data_offset(&self) -> usize {
        self.offset + 4
    }
}

/// The extension block of a hello, framing checked (every extension's length fits).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Extensions<'a> {
    bytes: &'a [u8],
    base: usize,
}

impl std::fmt::Debug for Extensions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Extensions<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(|e| e.extension_type))
    }
}

impl<'a> Extensions<'a> {
    /// No extensions (a hello that ends after its compression methods).
    pub(crate) const EMPTY: Extensions<'static> = Extensions {
        bytes: &[],
        base: 0,
    };

    /// Checks the framing of `extensions<0..2^16-1>` content (without its length prefix),
    /// which starts at `base` in the message body.
    pub(crate) fn parse(bytes: &'a [u8], base: usize) -> Result<Extensions<'a>, ParseError> {
        let mut r = Reader::new(bytes, base);
        while !r.is_empty() {
            r.u16("extension_type")?;
            r.vec(2, "extension_data")?;
        }
        Ok(Extensions { bytes, base })
    }

    /// The extensions in wire order.
    pub fn iter(&self) -> impl Iterator<Item = Extension<'a>> + 'a {
        let mut r = Reader::new(self.bytes, self.base);
        std::iter::from_fn(move || {
            let offset = r.offset();
            let extension_type = ExtensionType(r.u16("extension_type").ok()?);
            let (_, data) = r.vec(2, "extension_data").ok()?;
            Some(Extension {
                offset,
                extension_type,
                data,
            })
        })
    }

    /// The first extension of a type.
    pub fn get(&self, extension_type: ExtensionType) -> Option<Extension<'a>> {
        self.iter().find(|e| e.extension_type == extension_type)
    }

    /// Whether an extension of this type is present.
    pub fn contains(&self, extension_type: ExtensionType) -> bool {
        self.get(extension_type).is_some()
    }

    /// The number of extensions.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// The `use_srtp` value (RFC 5764 §4.1.1): the profiles offered (ClientHello) or the one
/// chosen (ServerHello, exactly one), and the MKI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct UseSrtp<'a> {
    /// `SRTPProtectionProfiles<2..2^16-1>`, in preference order.
    pub profiles: List16<'a, SrtpProtectionProfile>,
    /// `srtp_mki<0..255>`; empty in every WebRTC stack.
    #[serde(skip)]
    pub mki: &'a [u8],
}

// UseSRTPData = SRTPProtectionProfiles SRTPProtectionProfiles<2..2^16-1>, opaque srtp_mki<0..255>
/// Parses a `use_srtp` value that starts at `base` in the message body.
///
/// # Errors
/// A list cut short or of odd length, an MKI cut short, bytes after the MKI.
pub fn parse_use_srtp(data: &[u8], base: usize) -> Result<UseSrtp<'_>, ParseError> {
    let mut r = Reader::new(data, base);
    let (at, profiles) = r.vec(2, "SRTPProtectionProfiles")?;
    even(at - 2, profiles, "SRTPProtectionProfiles")?;
    let (_, mki) = r.vec(1, "srtp_mki")?;
    r.finish("use_srtp")?;
    Ok(UseSrtp {
        profiles: List16::new(profiles),
        mki,
    })
}

/// Parses the ClientHello form of `supported_versions`: `ProtocolVersion
/// versions<2..254>` (RFC 8446 §4.2.1).
///
/// # Errors
/// A list cut short or of odd length, bytes after it.
pub fn parse_supported_versions_client(
    data: &[u8],
    base: usize,
) -> Result<List16<'_, ProtocolVersion>, ParseError> {
    let mut r = Reader::new(data, base);
    let (at, list) = r.vec(1, "supported_versions")?;
    even(at - 1, list, "supported_versions")?;
    r.finish("supported_versions")?;
    Ok(List16::new(list))
}

/// Parses the ServerHello form of `supported_versions`: one `selected_version`.
///
/// # Errors
/// Not exactly two bytes.
pub fn parse_supported_versions_server(
    data: &[u8],
    base: usize,
) -> Result<ProtocolVersion, ParseError> {
    let mut r = Reader::new(data, base);
    let v = ProtocolVersion(r.u16("selected_version")?);
    r.finish("selected_version")?;
    Ok(v)
}

/// Parses a `NamedGroup named_group_list<2..2^16-1>` (`supported_groups`).
///
/// # Errors
/// A list cut short or of odd length, bytes after it.
pub fn parse_supported_groups(
    data: &[u8],
    base: usize,
) -> Result<List16<'_, NamedGroup>, ParseError> {
    u16_list(data, base, "named_group_list")
}

/// Parses `SignatureScheme supported_signature_algorithms<2..2^16-2>`.
///
/// # Errors
/// A list cut short or of odd length, bytes after it.
pub fn parse_signature_algorithms(
    data: &[u8],
    base: usize,
) -> Result<List16<'_, SignatureScheme>, ParseError> {
    u16_list(data, base, "supported_signature_algorithms")
}

/// One `KeyShareEntry` (RFC 8446 §4.2.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct KeyShareEntry<'a> {
    /// The group.
    pub group: NamedGroup,
    /// The public key (`key_exchange<1..2^16-1>`); its length in bytes is
    /// `key_exchange.len()` (x25519: 32, X25519MLKEM768: 1216 from the client).
    #[serde(serialize_with = "serialize_len")]
    pub key_exchange: &'a [u8],
}

fn serialize_len<S: serde::Serializer>(b: &&[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(b.len() as u64)
}

/// Parses the ClientHello form of `key_share`: `KeyShareEntry client_shares<0..2^16-1>`.
///
/// # Errors
/// An entry cut short, bytes after the list.
pub fn parse_key_share_client(
    data: &[u8],
    base: usize,
) -> Result<Vec<KeyShareEntry<'_>>, ParseError> {
    let mut r = Reader::new(data, base);
    let (at, list) = r.vec(2, "client_shares")?;
    r.finish("client_shares")?;
    let mut r = Reader::new(list, at);
    let mut out = Vec::new();
    while !r.is_empty() {
        let group = NamedGroup(r.u16("group")?);
        let (_, key_exchange) = r.vec(2, "key_exchange")?;
        out.push(KeyShareEntry {
            group,
            key_exchange,
        });
    }
    Ok(out)
}

/// Parses the ServerHello form of `key_share` (one entry), or of a HelloRetryRequest (a
/// group alone, `key_exchange` empty).
///
/// # Errors
/// An entry cut short, bytes after it.
pub fn parse_key_share_server(data: &[u8], base: usize) -> Result<KeyShareEntry<'_>, ParseError> {
    let mut r = Reader::new(data, base);
    let group = NamedGroup(r.u16("group")?);
    let key_exchange = if r.is_empty() {
        &[][..]
    } else {
        r.vec(2, "key_exchange")?.1
    };
    r.finish("key_share")?;
    Ok(KeyShareEntry {
        group,
        key_exchange,
    })
}

fn u16_list<'a, T: From<u16>>(
    data: &'a [u8],
    base: usize,
    field: &'static str,
) -> Result<List16<'a, T>, ParseError> {
    let mut r = Reader::new(data, base);
    let (at, list) = r.vec(2, field)?;
    even(at - 2, list, field)?;
    r.finish(field)?;
    Ok(List16::new(list))
}

/// A list of 16-bit values must have an even length (the error points at its length field).
pub(crate) fn even(length_at: usize, list: &[u8], field: &'static str) -> Result<(), ParseError> {
    if list.len().is_multiple_of(2) {
        Ok(())
    } else {
        Err(ParseError::bad_value(
            length_at,
            field,
            list.len() as u32,
            "an even length (a list of 16-bit values)",
        ))
    }
}
