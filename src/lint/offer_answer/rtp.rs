//! Codecs and header extensions of an answered RTP m-line: payload types keep their offered
//! meaning and name only offered codecs (RFC 3264 §6.1); header extensions are offered ones,
//! with the offered ids (RFC 8285 §6, RFC 9429 §5.3.1).

use super::{value_span, ANSWER, OFFER};
use crate::diag::registry as r;
use crate::diag::Diagnostic;
use crate::lint::codec::{payload_types, Rtpmaps};
use crate::sdp::{Media, Session};

pub(super) fn check(
    offer: &Session<'_>,
    om: &Media<'_>,
    am: &Media<'_>,
    out: &mut Vec<Diagnostic>,
) {
    codecs(om, am, out);
    extmaps(offer, om, am, out);
}

/// O008, O009.
fn codecs(om: &Media<'_>, am: &Media<'_>, out: &mut Vec<Diagnostic>) {
    let offered = payload_types(om);
    let Some(aline) = am.media_line() else { return };
    let (omaps, amaps) = (Rtpmaps::of(om), Rtpmaps::of(am));
    for tok in aline.formats() {
        let Ok(pt) = tok.parse::<u8>() else { continue };
        let Some(a) = amaps.codec(pt) else {
            continue; // no rtpmap for a dynamic PT: a single-description finding
        };
        let at = a.span.unwrap_or(tok.span);
        if offered.contains(&pt) {
            let Some(o) = omaps.codec(pt) else { continue };
            if !o.same(&a) {
                let d = Diagnostic::new(
                    &r::PAYLOAD_TYPE_REDEFINED,
                    at,
                    format!("the answer maps payload type {pt} to {a}, the offer to {o}"),
                )
                .in_input(ANSWER)
                .with_help(format!(
                    "keep the offered meaning of payload type {pt} ({o}), or answer {a} under \
                     the payload type the offer gave it"
                ));
                out.push(match o.span {
                    Some(s) => d.with_label_in(OFFER, s, "offered here"),
                    None => d,
                });
            }
        } else if !offered
            .iter()
            .any(|&p| omaps.codec(p).is_some_and(|o| o.same(&a)))
        {
            let d = Diagnostic::new(
                &r::CODEC_NOT_OFFERED,
                at,
                format!("the answer lists {a} (payload type {pt}), which the offer did not offer"),
            )
            .in_input(ANSWER)
            .with_help(
                "answer only codecs from the offer; the offerer may be unable to decode this one",
            );
            out.push(match om.media_line() {
                Some(ol) => d.with_label_in(OFFER, ol.formats.span, "offered formats"),
                None => d,
            });
        }
    }
}

/// O012, O013.
fn extmaps(offer: &Session<'_>, om: &Media<'_>, am: &Media<'_>, out: &mut Vec<Diagnostic>) {
    for attr in am.attributes() {
        let crate::sdp::AttrValue::Extmap(a) = &attr.parsed else {
            continue;
        };
        let offered = om
            .extmaps()
            .chain(offer.extmaps())
            .find(|o| o.uri.as_str() == a.uri.as_str());
        match offered {
            None => out.push(
                Diagnostic::new(
                    &r::EXTMAP_NOT_OFFERED,
                    a.uri.span,
                    format!("the answer uses header extension {}, which the offer did not offer", a.uri),
                )
                .in_input(ANSWER)
                .with_label_in(OFFER, om.span(), "offered m-line")
                .with_help("remove the a=extmap line from the answer; an answer can only accept offered extensions"),
            ),
            Some(o) if o.id != a.id => {
                let id_span = value_span(attr).sub(0, a.id.to_string().len());
                let d = Diagnostic::new(
                    &r::EXTMAP_ID_CHANGED,
                    id_span,
                    format!("the answer gives {} id {}, the offer id {}", a.uri, a.id, o.id),
                )
                .in_input(ANSWER)
                .with_help(format!("answer with the offered id: a=extmap:{} {}", o.id, a.uri));
                out.push(d.with_label_in(OFFER, o.uri.span, format!("offered with id {}", o.id)));
            }
            Some(_) => {}
        }
    }
}
