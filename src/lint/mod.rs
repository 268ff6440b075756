//! Validation rules over the public SDP model: one description ([`check`]) and an offer/answer
//! pair ([`check_pair`], [`negotiate`]).
//!
//! Parsers report syntax only (family `S`); meaning is checked here, one module per family of
//! rules, each reading [`Session`] through its public API. The rules and their codes are in
//! [`crate::diag::registry`]; their docs in `docs/rules/CODE.md`.
//!
//! Cost: [`check`] indexes the description once (`context`: per section the mid, transport
//! parameters, flags, BUNDLE groups) and each family walks a section's lines once, so that
//! validating costs well under twice a bare parse (`cargo bench --bench validate`).

mod bundle;
mod codec;
mod codecs;
mod context;
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

use crate::diag::{registry, Diagnostic, Rule};
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
    let cx = context::Context::new(session);
    let mut out = Vec::new();
    structure::check(&cx, &mut out);
    ice::check(&cx, &mut out);
    dtls::check(&cx, &mut out);
    if sdp_type == Some(SdpType::Offer) {
        dtls::check_offer(session, &mut out);
    }
    bundle::check(&cx, &mut out);
    rtp::check(&cx, &mut out);
    identity::check(&cx, &mut out);
    datachannel::check(&cx, &mut out);
    portability::check(&cx, &mut out);
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out
}

/// Everything `validate OFFER --answer ANSWER [--previous PREV]` checks beyond syntax: each
/// description on its own ([`check_as`] with its type, when the input says it), then the
/// answer against the offer ([`check_pair`]).
///
/// Findings point into the offer ([`Diagnostic::input`] 0), the answer (1) or the earlier
/// offer (2), in that order of inputs. Where a pair rule states a fault more precisely than a
/// single-description rule (see [`REFINED_BY_PAIR`]), only the pair finding is kept.
pub fn check_exchange(
    offer: (&Session<'_>, Option<SdpType>),
    answer: (&Session<'_>, Option<SdpType>),
    previous: Option<(&Session<'_>, Option<SdpType>)>,
) -> Vec<Diagnostic> {
    let mut single = Vec::new();
    for (i, side) in [Some(offer), Some(answer), previous]
        .into_iter()
        .enumerate()
    {
        let Some((session, ty)) = side else { continue };
        // A single description's findings and labels all point into that description.
        single.extend(check_as(session, ty).into_iter().map(|mut d| {
            d.input = i;
            for l in &mut d.secondary {
                l.input = i;
            }
            d
        }));
    }
    let pair = check_pair(offer.0, answer.0, previous.map(|p| p.0));
    single.retain(|d| !refined(d, &pair));
    single.extend(pair);
    single
}

/// Pairs (pair rule, single-description rule) where both report the same fault and the pair
/// rule says more: O017 `sctp-port-missing` names the other side's port, J502
/// `missing-sctp-port` only the missing line. [`check_exchange`] keeps the pair finding.
pub const REFINED_BY_PAIR: &[(&Rule, &Rule)] =
    &[(&registry::SCTP_PORT_MISSING, &registry::MISSING_SCTP_PORT)];

/// Whether single-description finding `d` is stated again, more precisely, by one of `pair`:
/// a refining rule's finding in the same input whose span covers `d`'s.
fn refined(d: &Diagnostic, pair: &[Diagnostic]) -> bool {
    REFINED_BY_PAIR
        .iter()
        .filter(|(_, single)| single.code == d.code)
        .any(|(by, _)| {
            pair.iter().any(|p| {
                p.code == by.code
                    && p.input == d.input
                    && p.span.start <= d.span.start
                    && d.span.end <= p.span.end
            })
        })
}

/// Checks an answer against its offer (RFC 9429 §5.3, RFC 3264 §6), and against an earlier
/// offer when one is given (ICE restarts, RFC 8839 §4.4.1.1.1).
///
/// Spans point into the offer ([`Diagnostic::input`] 0), the answer (1) or the earlier offer
/// (2). Single-description findings are not repeated: run [`check`] on each side for those
/// (or [`check_exchange`] for both at once).
pub fn check_pair(
    offer: &Session<'_>,
    answer: &Session<'_>,
    previous: Option<&Session<'_>>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    offer_answer::check(offer, answer, previous, &mut out);
    out
}
