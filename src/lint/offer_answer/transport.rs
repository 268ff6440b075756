//! Transport-wide rules: the answer's BUNDLE groups within the offer's (RFC 9143 §7.3), not
//! both sides ice-lite (RFC 8445 §6.1.1), and at least one candidate pair per transport when
//! both sides gave candidates (RFC 8445 §6.1.2.2, rule I028 of `crate::ice::pairing`).

use super::{answer_rejected, offer_rejected, ANSWER, OFFER};
use crate::diag::registry as r;
use crate::diag::Diagnostic;
use crate::ice::{determine_roles, form_check_list, Candidate, PairingOptions, Role};
use crate::sdp::Session;

pub(super) fn check(offer: &Session<'_>, answer: &Session<'_>, out: &mut Vec<Diagnostic>) {
    bundle(offer, answer, out);
    let both_lite = ice_lite(offer, answer, out);
    if !both_lite {
        pairing(offer, answer, out);
    }
}

/// O010: every mid of an answer BUNDLE group was in one offered BUNDLE group.
fn bundle(offer: &Session<'_>, answer: &Session<'_>, out: &mut Vec<Diagnostic>) {
    let offered: Vec<_> = offer.groups().filter(|g| g.is_bundle()).collect();
    for g in answer.groups().filter(|g| g.is_bundle()) {
        // Mids that name no offered section are a mid-mismatch (O003) or a single-description
        // finding, not reported again here.
        let known: Vec<_> = g
            .mids()
            .filter(|m| offer.media_by_mid(m.as_str()).is_some())
            .collect();
        let home = known.iter().find_map(|m| {
            offered
                .iter()
                .find(|og| og.mids().any(|x| x.as_str() == m.as_str()))
        });
        for m in &known {
            let in_home = home.is_some_and(|h| h.mids().any(|x| x.as_str() == m.as_str()));
            if in_home {
                continue;
            }
            let elsewhere = offered
                .iter()
                .any(|og| og.mids().any(|x| x.as_str() == m.as_str()));
            let msg = if elsewhere {
                format!(
                    "the answer bundles mid `{m}` with mids the offer put in another BUNDLE group"
                )
            } else {
                format!(
                    "the answer bundles mid `{m}`, which the offer did not put in a BUNDLE group"
                )
            };
            let mut d = Diagnostic::new(&r::BUNDLE_NOT_OFFERED, m.span, msg)
                .in_input(ANSWER)
                .with_help(format!(
                    "leave mid `{m}` out of the answer's BUNDLE group (it keeps its own transport), \
                     or bundle it in a new offer"
                ));
            d = match home {
                Some(h) => d.with_label_in(OFFER, h.semantics.span, "the offered BUNDLE group"),
                None => match offer.media_by_mid(m.as_str()) {
                    Some(om) => d.with_label_in(OFFER, om.span(), "offered without BUNDLE"),
                    None => d,
                },
            };
            out.push(d);
        }
    }
}

/// O014: not both sides ice-lite. Returns whether both are.
fn ice_lite(offer: &Session<'_>, answer: &Session<'_>, out: &mut Vec<Diagnostic>) -> bool {
    let (Some(o), Some(a)) = (offer.attribute("ice-lite"), answer.attribute("ice-lite")) else {
        return false;
    };
    out.push(
        Diagnostic::new(
            &r::BOTH_ICE_LITE,
            a.name.span,
            "both the offer and the answer are ice-lite: neither side sends connectivity checks",
        )
        .in_input(ANSWER)
        .with_label_in(OFFER, o.name.span, "the offer is ice-lite too")
        .with_help("one side (usually the client) must run full ICE: remove a=ice-lite from it"),
    );
    true
}

/// The index of the section whose transport carries answered section `i`: the tagged (first)
/// section of the answer's BUNDLE group holding it (RFC 9143 §7.3), else `i` itself.
pub(crate) fn carrier(answer: &Session<'_>, i: usize) -> usize {
    let Some(mid) = answer.media.get(i).and_then(|m| m.mid()) else {
        return i;
    };
    answer
        .groups()
        .filter(|g| g.is_bundle())
        .find(|g| g.mids().any(|m| m.as_str() == mid.as_str()))
        .and_then(|g| g.mids().next())
        .and_then(|tag| {
            answer
                .media
                .iter()
                .position(|m| m.mid().is_some_and(|t| t.as_str() == tag.as_str()))
        })
        .unwrap_or(i)
}

/// I028, per transport: with candidates on both sides, at least one pair can be formed.
/// The full agent's view is taken (the offerer's unless it is lite); pairing rules are the
/// same from both sides, so one view suffices.
fn pairing(offer: &Session<'_>, answer: &Session<'_>, out: &mut Vec<Diagnostic>) {
    let roles = determine_roles(offer.is_ice_lite(), answer.is_ice_lite());
    let mut done = Vec::new();
    for (i, (om, am)) in offer.media.iter().zip(&answer.media).enumerate() {
        if offer_rejected(om) || answer_rejected(answer, am) {
            continue;
        }
        let c = carrier(answer, i);
        if done.contains(&c) {
            continue;
        }
        done.push(c);
        let (Some(oc), Some(ac)) = (offer.media.get(c), answer.media.get(c)) else {
            continue;
        };
        let oc: Vec<Candidate<'_>> = oc.candidates().cloned().collect();
        let ac: Vec<Candidate<'_>> = ac.candidates().cloned().collect();
        if oc.is_empty() || ac.is_empty() {
            continue; // trickle ICE: the candidates are elsewhere
        }
        let offerer_view = roles.offerer == Role::Controlling;
        let (local, remote, role, local_in, remote_in) = if offerer_view {
            (&oc, &ac, roles.offerer, OFFER, ANSWER)
        } else {
            (&ac, &oc, roles.answerer, ANSWER, OFFER)
        };
        let list = form_check_list(local, remote, role, &PairingOptions::default());
        for d in list.diagnostics {
            if d.code != r::EMPTY_CHECK_LIST.code {
                continue; // truncation is about one agent's limits, not the pair
            }
            let mut d = d.in_input(local_in);
            if let Some(first) = remote.first() {
                d = d.with_label_in(
                    remote_in,
                    crate::ice::check::candidate_span(first),
                    "the other side's candidates",
                );
            }
            out.push(d);
        }
    }
}
