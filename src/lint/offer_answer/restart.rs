//! ICE credentials against an earlier description of the same side (RFC 8839 §4.4.1.1.1):
//! both ufrag and pwd changed is an ICE restart (a note); one without the other is a fault.
//!
//! The earlier description belongs to the side whose `o=` session id it shares (RFC 8866 §5.2:
//! the id stays for the life of the session); the offer when neither or both match.

use super::{attr, value_span, ANSWER, OFFER, PREVIOUS};
use crate::diag::registry as r;
use crate::diag::Diagnostic;
use crate::sdp::Session;

pub(super) fn check(
    offer: &Session<'_>,
    answer: &Session<'_>,
    previous: &Session<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let id = |s: &Session<'_>| s.origin().map(|o| o.session_id.to_string());
    let (current, input) =
        if id(previous).is_some() && id(previous) == id(answer) && id(previous) != id(offer) {
            (answer, ANSWER)
        } else {
            (offer, OFFER)
        };
    let mut seen: Vec<(String, String)> = Vec::new();
    for (cm, pm) in current.media.iter().zip(&previous.media) {
        let (Some(cu), Some(cp), Some(pu), Some(pp)) = (
            attr(current, cm, "ice-ufrag"),
            attr(current, cm, "ice-pwd"),
            attr(previous, pm, "ice-ufrag"),
            attr(previous, pm, "ice-pwd"),
        ) else {
            continue;
        };
        let text = |a: &crate::sdp::Attribute<'_>| {
            a.value.as_ref().map(|v| v.to_string()).unwrap_or_default()
        };
        let (ufrag_changed, pwd_changed) = (text(cu) != text(pu), text(cp) != text(pp));
        if !ufrag_changed && !pwd_changed {
            continue;
        }
        // Report each change once (BUNDLE sections repeat the same credentials).
        let key = (text(pu), text(cu));
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let d = if ufrag_changed && pwd_changed {
            Diagnostic::new(
                &r::ICE_RESTART,
                value_span(cu),
                format!("ICE restart: ufrag `{}` replaces `{}`, and the pwd changed", text(cu), text(pu)),
            )
            .with_help("both sides gather again and run new checks; the answer must change its credentials too")
        } else if ufrag_changed {
            Diagnostic::new(
                &r::ICE_CREDENTIALS_HALF_CHANGED,
                value_span(cu),
                format!(
                    "the ufrag changed (`{}` to `{}`) but the pwd did not",
                    text(pu),
                    text(cu)
                ),
            )
            .with_help(
                "change a=ice-pwd together with a=ice-ufrag for an ICE restart, or keep both",
            )
        } else {
            Diagnostic::new(
                &r::ICE_CREDENTIALS_HALF_CHANGED,
                value_span(cp),
                format!("the pwd changed but the ufrag (`{}`) did not", text(cu)),
            )
            .with_help(
                "change a=ice-ufrag together with a=ice-pwd for an ICE restart, or keep both",
            )
        };
        let (label_at, label) = if ufrag_changed {
            (value_span(pu), "the earlier ufrag")
        } else {
            (value_span(pp), "the earlier pwd")
        };
        out.push(d.in_input(input).with_label_in(PREVIOUS, label_at, label));
    }
}
