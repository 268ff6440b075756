//! Validation rules over the public SDP model: one description ([`check`]) and an offer/answer
//! pair ([`check_pair`], [`negotiate`]).
//!
//! Parsers report syntax only (family `S`); meaning is checked here, one module per family of
//! rules, each reading [`Session`] through its public API. The rules and their codes are in
//! [`crate::diag::registry`]; their docs in `docs/rules/CODE.md`.

mod bundle;
mod codec;
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
mod transport;

pub use negotiation::{negotiate, Negotiation};

use crate::diag::Diagnostic;
use crate::sdp::Session;

/// The type of a description (W3C webrtc-pc `RTCSdpType`), when the input says it (a JSON
/// `{"type","sdp"}`, a webrtc-internals event). Some rules depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SdpType {
    /// `offer`: JSEP offers use `a=setup:actpass` (RFC 9429 §5.2.1).
    Offer,
    /// `pranswer`: a provisional answer; checked like an answer.
    Pranswer,
    /// `answer`.
    Answer,
}

impl SdpType {
    /// The type named `name` (`offer`, `pranswer`, `answer`, case-insensitive), as in
    /// [`crate::input::Description::sdp_type`]; `None` for anything else (`rollback`, unknown).
    pub fn from_name(name: &str) -> Option<SdpType> {
        match name.to_ascii_lowercase().as_str() {
            "offer" => Some(SdpType::Offer),
            "pranswer" => Some(SdpType::Pranswer),
            "answer" => Some(SdpType::Answer),
            _ => None,
        }
    }
}

/// Checks one description against the WebRTC/JSEP rules (structure, ICE, DTLS, BUNDLE, RTP,
/// media identity, data channels, portability), not knowing whether it is an offer or an
/// answer: [`check_as`] with `None`.
///
/// Takes a parsed session (its own syntax findings stay in [`Session::diagnostics`] and are not
/// repeated) and returns the findings in document order, every span pointing into the text the
/// session was parsed from ([`Diagnostic::input`] 0). Never fails: a rule that cannot apply
/// (because the lines it needs are missing or invalid) stays silent.
pub fn check(session: &Session<'_>) -> Vec<Diagnostic> {
    check_as(session, None)
}

/// [`check`] for a description whose type is known: with `Some(SdpType::Offer)` the rules
/// that hold only for offers run too (J107 `offer-setup-not-actpass`). Answers get no extra
/// rule here: what an answer must say depends on its offer, which [`check_pair`] checks.
pub fn check_as(session: &Session<'_>, sdp_type: Option<SdpType>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    structure::check(session, &mut out);
    ice::check(session, &mut out);
    dtls::check(session, &mut out);
    if sdp_type == Some(SdpType::Offer) {
        dtls::check_offer(session, &mut out);
    }
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
