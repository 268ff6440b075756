//! Validation rules over the public SDP model: one description ([`check`]) and an offer/answer
//! pair ([`check_pair`], [`negotiate`]).
//!
//! Parsers report syntax only (family `S`); meaning is checked here, one module per family of
//! rules, each reading [`Session`] through its public API. The rules and their codes are in
//! [`crate::diag::registry`]; their docs in `docs/rules/CODE.md`.

mod bundle;
mod codecs;
mod datachannel;
mod dtls;
mod extmap;
mod ice;
mod identity;
pub mod negotiation;
mod offer_answer;
mod portability;
mod rtp;
mod structure;

pub use negotiation::{negotiate, Negotiation};

use crate::diag::Diagnostic;
use crate::sdp::Session;

/// Checks one description against the WebRTC/JSEP rules (structure, ICE, DTLS, BUNDLE, RTP,
/// media identity, data channels, portability).
///
/// Takes a parsed session (its own syntax findings stay in [`Session::diagnostics`] and are not
/// repeated) and returns the findings in document order, every span pointing into the text the
/// session was parsed from ([`Diagnostic::input`] 0). Never fails: a rule that cannot apply
/// (because the lines it needs are missing or invalid) stays silent.
pub fn check(session: &Session<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    structure::check(session, &mut out);
    ice::check(session, &mut out);
    dtls::check(session, &mut out);
    bundle::check(session, &mut out);
    rtp::check(session, &mut out);
    identity::check(session, &mut out);
    datachannel::check(session, &mut out);
    portability::check(session, &mut out);
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out
}

/// Checks an answer against its offer (RFC 9429 §5.3, RFC 3264 §6), and against an earlier
/// offer when one is given (ICE restarts, RFC 8839 §4.4.1.1.1).
///
/// Spans point into the offer ([`Diagnostic::input`] 0), the answer (1) or the earlier offer
/// (2). Single-description findings are not repeated: run [`check`] on each side for those.
pub fn check_pair(
    offer: &Session<'_>,
    answer: &Session<'_>,
    previous: Option<&Session<'_>>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    offer_answer::check(offer, answer, previous, &mut out);
    out
}
