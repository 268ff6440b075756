//! Offer/answer rules (RFC 9429, RFC 3264).

use crate::diag::Diagnostic;
use crate::sdp::Session;

pub(super) fn check(
    _offer: &Session<'_>,
    _answer: &Session<'_>,
    _previous: Option<&Session<'_>>,
    _out: &mut Vec<Diagnostic>,
) {
}
