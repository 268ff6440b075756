//! Alerts (RFC 5246 §7.2, RFC 8446 §6): two bytes, level and description. After the first
//! ChangeCipherSpec (epoch > 0) an alert is encrypted and only its record is visible; see
//! [`super::Record::is_encrypted`].

use crate::handshake::error::ParseError;
use crate::handshake::reader::Reader;
use crate::handshake::wire::wire_enum;
use serde::Serialize;

wire_enum! {
    /// The alert level (RFC 5246 §7.2; RFC 8446 §6 ignores it but keeps the byte).
    AlertLevel(u8), 2;
    WARNING = 1 => "warning",
    FATAL = 2 => "fatal",
}

wire_enum! {
    /// The alert description (IANA "TLS Alerts"; RFC 8446 §6, RFC 9146, RFC 9149).
    AlertDescription(u8), 2;
    CLOSE_NOTIFY = 0 => "close_notify",
    UNEXPECTED_MESSAGE = 10 => "unexpected_message",
    BAD_RECORD_MAC = 20 => "bad_record_mac",
    DECRYPTION_FAILED = 21 => "decryption_failed",
    RECORD_OVERFLOW = 22 => "record_overflow",
    DECOMPRESSION_FAILURE = 30 => "decompression_failure",
    HANDSHAKE_FAILURE = 40 => "handshake_failure",
    NO_CERTIFICATE = 41 => "no_certificate",
    BAD_CERTIFICATE = 42 => "bad_certificate",
    UNSUPPORTED_CERTIFICATE = 43 => "unsupported_certificate",
    CERTIFICATE_REVOKED = 44 => "certificate_revoked",
    CERTIFICATE_EXPIRED = 45 => "certificate_expired",
    CERTIFICATE_UNKNOWN = 46 => "certificate_unknown",
    ILLEGAL_PARAMETER = 47 => "illegal_parameter",
    UNKNOWN_CA = 48 => "unknown_ca",
    ACCESS_DENIED = 49 => "access_denied",
    DECODE_ERROR = 50 => "decode_error",
    DECRYPT_ERROR = 51 => "decrypt_error",
    TOO_MANY_CIDS_REQUESTED = 52 => "too_many_cids_requested",
    EXPORT_RESTRICTION = 60 => "export_restriction",
    PROTOCOL_VERSION = 70 => "protocol_version",
    INSUFFICIENT_SECURITY = 71 => "insufficient_security",
    INTERNAL_ERROR = 80 => "internal_error",
    INAPPROPRIATE_FALLBACK = 86 => "inappropriate_fallback",
    USER_CANCELED = 90 => "user_canceled",
    NO_RENEGOTIATION = 100 => "no_renegotiation",
    MISSING_EXTENSION = 109 => "missing_extension",
    UNSUPPORTED_EXTENSION = 110 => "unsupported_extension",
    CERTIFICATE_UNOBTAINABLE = 111 => "certificate_unobtainable",
    UNRECOGNIZED_NAME = 112 => "unrecognized_name",
    BAD_CERTIFICATE_STATUS_RESPONSE = 113 => "bad_certificate_status_response",
    BAD_CERTIFICATE_HASH_VALUE = 114 => "bad_certificate_hash_value",
    UNKNOWN_PSK_IDENTITY = 115 => "unknown_psk_identity",
    CERTIFICATE_REQUIRED = 116 => "certificate_required",
    NO_APPLICATION_PROTOCOL = 120 => "no_application_protocol",
    ECH_REQUIRED = 121 => "ech_required",
}

/// An alert in the clear.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Alert {
    /// The level.
    pub level: AlertLevel,
    /// The description.
    pub description: AlertDescription,
}

impl std::fmt::Display for Alert {
    /// `fatal unknown_ca`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.level, self.description)
    }
}

/// Parses the content of an `alert` record of epoch 0.
///
/// # Errors
/// Not exactly two bytes.
pub fn parse_alert(content: &[u8]) -> Result<Alert, ParseError> {
    let mut r = Reader::new(content, 0);
    let level = AlertLevel(r.u8("alert level")?);
    let description = AlertDescription(r.u8("alert description")?);
    r.finish("alert description")?;
    Ok(Alert { level, description })
}
