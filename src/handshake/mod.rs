//! The handshake as a capture shows it, read against the SDPs.
//!
//! Analysis ([`Analyzer`] → [`Report`]): [`crate::capture::Packet`]s in capture order are
//! pushed into an [`Analyzer`]; the [`Report`] holds the STUN transactions ([`stun`]), the ICE
//! candidate-pair table with nomination and consent ([`ice`]), TURN allocations, and a verdict.
//! DTLS associations with the fingerprint check and where the handshake stopped
//! ([`dtls_flow`]), SRTP/SRTCP streams mapped to m-lines and the per m-line media verdict
//! ([`media`]) follow, from the same packets.
//! Memory is bounded: per-transaction state up to [`stun::MAX_TRANSACTIONS`]; DTLS and media
//! state per 5-tuple direction up to [`dtls_flow::MAX_DIRECTIONS`] and
//! [`media::MAX_STREAMS`].
//!
//! Pure parsers for the packets that follow the ICE checks:
//! - [`dtls`]: DTLS 1.0/1.2 records (RFC 6347 §4.1) and DTLS 1.3 unified headers (RFC 9147
//!   §4), handshake messages with fragment reassembly (RFC 6347 §4.2.2), ClientHello /
//!   ServerHello / HelloVerifyRequest / Certificate with their extensions (use_srtp,
//!   supported_versions, key_share…), alerts, and the certificate fingerprint checked against
//!   `a=fingerprint` (RFC 8122 §5).
//! - [`rtp`] and [`rtcp`]: the parts of SRTP and SRTCP packets that travel in the clear
//!   (RFC 3711 §3.1, §3.4): the RTP header with its RFC 8285 header extensions (MID, RID),
//!   RTCP packet types and sender SSRCs, the SRTCP E-flag and index.
//!
//! Every parser is a function of bytes alone (`parse_*(&[u8])`), borrows from its input and
//! never panics; errors ([`ParseError`]) name the byte offset, the field, and for a length
//! problem the bytes needed and available. Nothing here reads files; state across packets is
//! bounded ([`dtls::Reassembler`], [`stun::MAX_TRANSACTIONS`]).

pub mod analysis;
pub mod dtls;
pub mod dtls_flow;
mod dtls_media_findings;
mod error;
pub mod ice;
pub mod mdns;
pub mod media;
pub mod peers;
mod reader;
pub mod rtcp;
pub mod rtp;
pub mod sides;
pub mod stun;
pub mod turn;
mod wire;

pub use analysis::{Analyzer, IceFailure, IceOutcome, Report};
pub use dtls_flow::DtlsOutcome;
pub use error::{ParseError, ParseErrorKind};
pub use media::MediaOutcome;
pub use peers::{Peers, Side};
