//! Offer/answer rules (family `O`): an answer checked against its offer (RFC 3264 §6, RFC 9429
//! §5.3), an offer against an earlier description of the same side (ICE restarts, RFC 8839
//! §4.4.1.1.1), and the check list the two candidate sets allow (RFC 8445 §6.1.2, rule I028).
//!
//! m-lines are matched by position, as RFC 3264 §6 matches them. Findings about the answer
//! point into input 1 with a label into the offer (input 0); the earlier description is input 2.
//!
//! - [`sections`]: count, kind, mid, rejection, direction, DTLS setup, SCTP port, rtcp-mux;
//! - [`rtp`]: codecs and payload types, header extensions;
//! - [`transport`]: BUNDLE groups, ice-lite, candidate pairing;
//! - [`restart`]: ICE credentials against the earlier description.

mod restart;
mod rtp;
mod sections;
mod transport;

pub(crate) use sections::direction_of;
pub(crate) use transport::carrier;

use crate::diag::Diagnostic;
use crate::sdp::{Attribute, Media, Session};
use crate::span::Span;

/// Index of the offer in [`Diagnostic::input`].
const OFFER: usize = 0;
/// Index of the answer in [`Diagnostic::input`].
const ANSWER: usize = 1;
/// Index of the earlier description in [`Diagnostic::input`].
const PREVIOUS: usize = 2;

pub(super) fn check(
    offer: &Session<'_>,
    answer: &Session<'_>,
    previous: Option<&Session<'_>>,
    out: &mut Vec<Diagnostic>,
) {
    sections::check(offer, answer, out);
    transport::check(offer, answer, out);
    if let Some(previous) = previous {
        restart::check(offer, answer, previous, out);
    }
}

/// The attribute `name` of a section, else of the session (where the attribute may stand for
/// every section, as `a=setup`, `a=ice-ufrag` and the directions may).
fn attr<'s, 'a>(
    session: &'s Session<'a>,
    media: &'s Media<'a>,
    name: &str,
) -> Option<&'s Attribute<'a>> {
    media.attribute(name).or_else(|| session.attribute(name))
}

/// Where an attribute's value is, or its name for a property attribute.
fn value_span(a: &Attribute<'_>) -> Span {
    a.value.as_ref().map_or(a.name.span, |v| v.span)
}

/// Whether an offered section is rejected: port 0 without `a=bundle-only` (RFC 9143 §6).
pub(crate) fn offer_rejected(m: &Media<'_>) -> bool {
    m.port() == Some(0) && !m.has("bundle-only")
}

/// Whether an answered section is rejected: port 0, unless a BUNDLE group of the answer
/// carries it on another section's transport (RFC 9143 §7.3).
pub(crate) fn answer_rejected(answer: &Session<'_>, m: &Media<'_>) -> bool {
    if m.port() != Some(0) {
        return false;
    }
    let Some(mid) = m.mid() else { return true };
    !answer.groups().filter(|g| g.is_bundle()).any(|g| {
        let mut mids = g.mids();
        let tag = mids.next();
        tag.is_some_and(|t| {
            t.as_str() != mid.as_str()
                && answer
                    .media_by_mid(&t)
                    .is_some_and(|tm| tm.port() != Some(0))
        }) && g.mids().any(|x| x.as_str() == mid.as_str())
    })
}

#[cfg(test)]
mod tests;
