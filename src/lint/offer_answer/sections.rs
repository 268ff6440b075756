//! Section by section: count, kind and mid (RFC 3264 §6, RFC 9429 §5.3.1), rejected sections,
//! DTLS setup (RFC 8842 §5.3, RFC 4145 §4), direction (RFC 3264 §6.1), rtcp-mux (RFC 5761
//! §5.1.1), SCTP port (RFC 8841 §5.1); codecs and header extensions are in [`super::rtp`].

use super::{answer_rejected, attr, offer_rejected, rtp, value_span, ANSWER, OFFER};
use crate::diag::registry as r;
use crate::diag::Diagnostic;
use crate::sdp::attributes::Setup;
use crate::sdp::{Direction, Media, Session};

pub(super) fn check(offer: &Session<'_>, answer: &Session<'_>, out: &mut Vec<Diagnostic>) {
    count(offer, answer, out);
    let bundled = bundled_untagged(answer);
    // Where the answer's a=setup values already checked are (byte offsets): a session-level
    // one serves every section.
    let mut setup_checked: Vec<u32> = Vec::new();
    for (i, (om, am)) in offer.media.iter().zip(&answer.media).enumerate() {
        let (Some(ok), Some(ak)) = (om.media_line(), am.media_line()) else {
            continue; // an m-line that did not parse: a syntax finding already
        };
        if !ok.media.eq_ignore_ascii_case(&ak.media) {
            out.push(
                Diagnostic::new(
                    &r::M_LINE_KIND_MISMATCH,
                    ak.media.span,
                    format!(
                        "m-line {} of the answer is `{}` but the offer's m-line {} is `{}`",
                        i + 1,
                        ak.media,
                        i + 1,
                        ok.media
                    ),
                )
                .in_input(ANSWER)
                .with_label_in(OFFER, ok.media.span, "offered here")
                .with_help("answer each offered m-line in place, with its media type; reject it with port 0 if unwanted"),
            );
            continue;
        }
        mid(i, om, am, out);
        if offer_rejected(om) {
            if !answer_rejected(answer, am) {
                out.push(
                    Diagnostic::new(
                        &r::REJECTED_SECTION_ACCEPTED,
                        ak.port.span,
                        format!(
                            "the offer rejected m-line {} (port 0) but the answer gives it port {}",
                            i + 1,
                            ak.port_value
                        ),
                    )
                    .in_input(ANSWER)
                    .with_label_in(OFFER, ok.port.span, "rejected here")
                    .with_help("answer a rejected m-line with port 0"),
                );
            }
            continue;
        }
        if answer_rejected(answer, am) {
            continue;
        }
        // One DTLS transport per BUNDLE group: only the tagged section's a=setup counts
        // (RFC 9143 §7.1.3), so the other members are not checked (nor reported again).
        if !bundled.get(i).copied().unwrap_or(false) {
            setup(offer, answer, om, am, &mut setup_checked, out);
        }
        if ok.is_rtp() {
            direction(offer, answer, om, am, out);
            rtp::check(offer, om, am, out);
        }
        rtcp_mux(offer, om, am, out);
        if !ok.is_rtp() && (om.sctp_port().is_some() || am.sctp_port().is_some()) {
            sctp_port(om, am, out);
        }
    }
}

/// O001: one answer m-line per offered m-line.
fn count(offer: &Session<'_>, answer: &Session<'_>, out: &mut Vec<Diagnostic>) {
    let (n, k) = (offer.media.len(), answer.media.len());
    if n == k {
        return;
    }
    let msg = format!(
        "the offer has {n} m-line{} but the answer has {k}",
        if n == 1 { "" } else { "s" }
    );
    let d = if k < n {
        // Point at the end of the answer, and at the first offered m-line left unanswered.
        let at = answer
            .media
            .last()
            .map(Media::span)
            .or_else(|| answer.lines.last().map(|l| l.span()))
            .unwrap_or_default();
        Diagnostic::new(&r::M_LINE_COUNT_MISMATCH, at, msg)
            .in_input(ANSWER)
            .with_label_in(OFFER, offer.media[k].span(), "not answered")
            .with_help("answer every offered m-line, in order; reject unwanted ones with port 0")
    } else {
        let d = Diagnostic::new(&r::M_LINE_COUNT_MISMATCH, answer.media[n].span(), msg)
            .in_input(ANSWER)
            .with_help("an answer cannot add m-lines; add them in a new offer");
        match offer.media.last() {
            Some(m) => d.with_label_in(OFFER, m.span(), "the offer's last m-line"),
            None => d,
        }
    };
    out.push(d);
}

/// O003: the same mid at the same position.
fn mid(i: usize, om: &Media<'_>, am: &Media<'_>, out: &mut Vec<Diagnostic>) {
    let Some(omid) = om.mid() else { return };
    match am.mid() {
        Some(amid) if amid.as_str() == omid.as_str() => {}
        Some(amid) => out.push(
            Diagnostic::new(
                &r::MID_MISMATCH,
                amid.span,
                format!(
                    "m-line {} of the answer has mid `{amid}` but the offer's has mid `{omid}`",
                    i + 1
                ),
            )
            .in_input(ANSWER)
            .with_label_in(OFFER, omid.span, "offered here")
            .with_help(format!("answer with `a=mid:{omid}`")),
        ),
        None => out.push(
            Diagnostic::new(
                &r::MID_MISMATCH,
                am.span(),
                format!(
                    "m-line {} of the answer has no a=mid but the offer's has mid `{omid}`",
                    i + 1
                ),
            )
            .in_input(ANSWER)
            .with_label_in(OFFER, omid.span, "offered here")
            .with_help(format!("answer with `a=mid:{omid}`")),
        ),
    }
}

/// For each m-line of `answer`, whether it is in a BUNDLE group without being its tagged
/// (first listed) section: its transport is the tagged section's (RFC 9143 §7.1.3).
fn bundled_untagged(answer: &Session<'_>) -> Vec<bool> {
    let mut out = vec![false; answer.media.len()];
    for g in answer.groups().filter(|g| g.is_bundle()) {
        for mid in g.mids().skip(1) {
            let member = answer
                .media
                .iter()
                .position(|m| m.mid().is_some_and(|t| t.as_str() == mid.as_str()));
            if let Some(slot) = member.and_then(|i| out.get_mut(i)) {
                *slot = true;
            }
        }
    }
    out
}

/// O005, O006: the answer picks `active` or `passive`, complementing the offer. `checked`
/// holds the offsets of the answer's a=setup values already checked (a session-level
/// a=setup is reported once).
fn setup(
    offer: &Session<'_>,
    answer: &Session<'_>,
    om: &Media<'_>,
    am: &Media<'_>,
    checked: &mut Vec<u32>,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(a_attr), Some(a)) = (attr(answer, am, "setup"), am.setup().or(answer.setup())) else {
        return; // missing a=setup is a single-description finding
    };
    let at = value_span(a_attr).start;
    if checked.contains(&at) {
        return;
    }
    checked.push(at);
    let o_attr = attr(offer, om, "setup");
    let o = om.setup().or(offer.setup());
    let with_offer = |d: Diagnostic| match o_attr {
        Some(oa) => d.with_label_in(OFFER, value_span(oa), "offered here"),
        None => d,
    };
    if a == Setup::Actpass {
        out.push(with_offer(
            Diagnostic::new(
                &r::ANSWER_SETUP_ACTPASS,
                value_span(a_attr),
                "the answer says a=setup:actpass: the DTLS roles stay undecided",
            )
            .in_input(ANSWER)
            .with_help("answer with a=setup:active (the answerer is the DTLS client, as browsers do) or a=setup:passive"),
        ));
        return;
    }
    // holdconn on either side is J106's finding (setup-holdconn), which names that fault.
    if a == Setup::Holdconn || o == Some(Setup::Holdconn) {
        return;
    }
    // RFC 4145 §4: a missing a=setup in the offer means active.
    let o = o.unwrap_or(Setup::Active);
    let fits = matches!(
        (o, a),
        (Setup::Actpass, Setup::Active | Setup::Passive)
            | (Setup::Active, Setup::Passive)
            | (Setup::Passive, Setup::Active)
    );
    if !fits {
        let help = match o {
            Setup::Active => "the offerer is the DTLS client: answer a=setup:passive",
            Setup::Passive => "the offerer is the DTLS server: answer a=setup:active",
            Setup::Actpass | Setup::Holdconn => "answer a=setup:active or a=setup:passive",
        };
        out.push(with_offer(
            Diagnostic::new(
                &r::INCOMPATIBLE_SETUP,
                value_span(a_attr),
                format!(
                    "the answer's a=setup:{a} does not complement the offer's a=setup:{o}: {}",
                    match a {
                        Setup::Active => "both sides act as DTLS client and send a ClientHello that nobody answers",
                        _ => "both sides wait as DTLS server and no handshake starts",
                    }
                ),
            )
            .in_input(ANSWER)
            .with_help(help),
        ));
    }
}

/// The direction of a section: its own attribute, else the session's, else sendrecv (RFC 8866
/// §6.7).
pub(crate) fn direction_of(session: &Session<'_>, m: &Media<'_>) -> Direction {
    m.direction()
        .or_else(|| session.direction())
        .unwrap_or(Direction::SendRecv)
}

/// Whether `answer` is a valid answer to an offered `offer` direction (RFC 3264 §6.1).
pub(crate) fn direction_fits(offer: Direction, answer: Direction) -> bool {
    use Direction::*;
    match offer {
        SendRecv => true,
        SendOnly => matches!(answer, RecvOnly | Inactive),
        RecvOnly => matches!(answer, SendOnly | Inactive),
        Inactive => answer == Inactive,
    }
}

/// O007: directions that fit (RFC 3264 §6.1).
fn direction(
    offer: &Session<'_>,
    answer: &Session<'_>,
    om: &Media<'_>,
    am: &Media<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let (o, a) = (direction_of(offer, om), direction_of(answer, am));
    if direction_fits(o, a) {
        return;
    }
    let fits: &[&str] = match o {
        Direction::SendOnly => &["recvonly", "inactive"],
        Direction::RecvOnly => &["sendonly", "inactive"],
        _ => &["inactive"],
    };
    let at = attr(answer, am, a.as_str())
        .map(|x| x.name.span)
        .unwrap_or_else(|| am.span());
    let d = Diagnostic::new(
        &r::INCOMPATIBLE_DIRECTION,
        at,
        format!(
            "the answer says {a}{} to an offer that says {o}",
            if am.direction().is_none() && answer.direction().is_none() {
                " (by default)"
            } else {
                ""
            }
        ),
    )
    .in_input(ANSWER)
    .with_help(format!(
        "answer {}; media flows only where both sides agree",
        fits.join(" or ")
    ));
    out.push(match attr(offer, om, o.as_str()) {
        Some(x) => d.with_label_in(OFFER, x.name.span, "offered here"),
        None => d.with_label_in(OFFER, om.span(), "offered here"),
    });
}

/// O011: rtcp-mux in the answer only if offered.
fn rtcp_mux(offer: &Session<'_>, om: &Media<'_>, am: &Media<'_>, out: &mut Vec<Diagnostic>) {
    let Some(mux) = am.attribute("rtcp-mux") else {
        return;
    };
    if om.has("rtcp-mux") || offer.has("rtcp-mux") {
        return;
    }
    out.push(
        Diagnostic::new(
            &r::RTCP_MUX_NOT_OFFERED,
            mux.name.span,
            "the answer has a=rtcp-mux on an m-line whose offer did not have it",
        )
        .in_input(ANSWER)
        .with_label_in(OFFER, om.span(), "offered without a=rtcp-mux")
        .with_help("remove a=rtcp-mux from the answer, or offer it"),
    );
}

/// O017: a=sctp-port on both sides of an accepted data channel m-line.
fn sctp_port(om: &Media<'_>, am: &Media<'_>, out: &mut Vec<Diagnostic>) {
    let has = |m: &Media<'_>| m.sctp_port().is_some() || m.has("sctpmap");
    let (missing, missing_in, other, other_in) = match (has(om), has(am)) {
        (true, false) => (am, ANSWER, om, OFFER),
        (false, true) => (om, OFFER, am, ANSWER),
        _ => return,
    };
    let side = if missing_in == OFFER {
        "offer"
    } else {
        "answer"
    };
    let mut d = Diagnostic::new(
        &r::SCTP_PORT_MISSING,
        missing.span(),
        format!(
            "the {side}'s data channel m-line has no a=sctp-port, unlike the {}'s: its SCTP \
             port is left to the default, 5000",
            if missing_in == OFFER {
                "answer"
            } else {
                "offer"
            }
        ),
    )
    .in_input(missing_in)
    .with_help("write a=sctp-port:5000 (and a=max-message-size) in both descriptions");
    if let Some(a) = other.attribute("sctp-port") {
        d = d.with_label_in(other_in, value_span(a), "the other side's port");
    }
    out.push(d);
}
