//! What an offer/answer exchange negotiated, per section (RFC 9429 §5.3, RFC 3264 §6).

use crate::sdp::Session;
use serde::Serialize;

/// The outcome of an offer/answer exchange.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Negotiation {}

/// Works out what `offer` and `answer` negotiated.
pub fn negotiate(_offer: &Session<'_>, _answer: &Session<'_>) -> Negotiation {
    Negotiation::default()
}
