//! Media identity rules (J401–J409): `msid` (RFC 8830 §2), `ssrc` and `ssrc-group` (RFC 5576
//! §4, §6.1), `rid` and `simulcast` (RFC 8851 §4, RFC 8853 §5.1), SSRCs across sections
//! (RFC 9143 §9.2).

use super::codecs::{items, lead_span};
use super::rtp::is_active;
use crate::diag::{registry as r, Diagnostic};
use crate::sdp::attributes::{AttrValue, RidDirection, Simulcast};
use crate::sdp::{Media, Session};
use crate::span::{Anchor, Span};
use std::collections::HashMap;

pub(super) fn check(session: &Session<'_>, out: &mut Vec<Diagnostic>) {
    let mut ssrc_sections: HashMap<u32, (usize, Span)> = HashMap::new();
    for (i, media) in session.media.iter().enumerate() {
        msid(media, out);
        ssrcs(media, out);
        rids(media, out);
        if is_active(media) {
            for a in media.attributes() {
                let (AttrValue::Ssrc(s), Some(v)) = (&a.parsed, &a.value) else {
                    continue;
                };
                let span = lead_span(v);
                match ssrc_sections.get(&s.ssrc) {
                    Some((j, first)) if *j != i => {
                        out.push(
                            Diagnostic::new(
                                &r::SSRC_IN_TWO_SECTIONS,
                                span,
                                format!(
                                    "SSRC {} is also declared in another media section",
                                    s.ssrc
                                ),
                            )
                            .with_label(*first, "declared here first")
                            .with_help(
                                "each RTP stream belongs to one media section: pick new SSRCs",
                            ),
                        );
                        // Once per section and SSRC.
                        ssrc_sections.insert(s.ssrc, (i, span));
                    }
                    Some(_) => {}
                    None => {
                        ssrc_sections.insert(s.ssrc, (i, span));
                    }
                }
            }
        }
    }
}

/// J401: msid-id and msid-appdata are 1*64token-char.
fn msid(media: &Media<'_>, out: &mut Vec<Diagnostic>) {
    for v in media.attribute_values() {
        let AttrValue::Msid(m) = v else { continue };
        for (t, what) in [
            (Some(&m.stream_id), "stream id"),
            (m.track_id.as_ref(), "track id"),
        ] {
            if let Some(t) = t.filter(|t| t.len() > 64) {
                out.push(
                    Diagnostic::new(
                        &r::MSID_TOO_LONG,
                        t.span,
                        format!("the msid {what} is {} characters long; at most 64", t.len()),
                    )
                    .with_help("use a shorter id (browsers use 36-character UUIDs)"),
                );
            }
        }
    }
}

/// J402–J404: ssrc-group members declared, group sizes, cname per SSRC.
fn ssrcs(media: &Media<'_>, out: &mut Vec<Diagnostic>) {
    // SSRC -> (where first declared, has cname), in order of declaration.
    let mut declared: Vec<(u32, Span, bool)> = Vec::new();
    for a in media.attributes() {
        let (AttrValue::Ssrc(s), Some(v)) = (&a.parsed, &a.value) else {
            continue;
        };
        let cname = s.attribute.as_str() == "cname";
        match declared.iter_mut().find(|d| d.0 == s.ssrc) {
            Some(d) => d.2 |= cname,
            None => declared.push((s.ssrc, lead_span(v), cname)),
        }
    }
    for (ssrc, span, _) in declared.iter().filter(|d| !d.2) {
        out.push(
            Diagnostic::new(
                &r::SSRC_WITHOUT_CNAME,
                *span,
                format!("SSRC {ssrc} has no cname"),
            )
            .with_help(format!("add `a=ssrc:{ssrc} cname:<the session's CNAME>`")),
        );
    }
    for v in media.attribute_values() {
        let AttrValue::SsrcGroup(g) = v else { continue };
        let a = Anchor::new(&g.ssrcs.text, g.ssrcs.span);
        let members: Vec<_> = g
            .ssrcs
            .text
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(|t| a.tok(t))
            .collect();
        let size_ok = match g.semantics.as_str() {
            "FID" => members.len() == 2,
            "SIM" => members.len() >= 2,
            _ => true,
        };
        if !size_ok {
            let want = if g.semantics.as_str() == "FID" {
                "exactly 2 (the original and its retransmission stream)"
            } else {
                "at least 2"
            };
            out.push(
                Diagnostic::new(
                    &r::SSRC_GROUP_SIZE,
                    g.semantics.span,
                    format!(
                        "ssrc-group {} has {} SSRC(s); it takes {want}",
                        g.semantics,
                        members.len()
                    ),
                )
                .with_help("list the related SSRCs of one stream in the group"),
            );
        }
        for t in members {
            let declared_here = t
                .parse::<u32>()
                .is_ok_and(|n| declared.iter().any(|d| d.0 == n));
            if !declared_here {
                out.push(
                    Diagnostic::new(
                        &r::SSRC_GROUP_UNDECLARED_SSRC,
                        t.span,
                        format!("SSRC {t} of ssrc-group {} has no a=ssrc line", g.semantics),
                    )
                    .with_help(format!("declare it: `a=ssrc:{t} cname:<CNAME>`")),
                );
            }
        }
    }
}

/// J405–J408: rid ids unique, simulcast rids declared with their direction, rid `pt=` listed.
fn rids(media: &Media<'_>, out: &mut Vec<Diagnostic>) {
    let listed: Vec<u8> = media
        .media_line()
        .map(|m| m.payload_types().collect())
        .unwrap_or_default();
    let mut seen: Vec<(&str, RidDirection, Span)> = Vec::new();
    for v in media.attribute_values() {
        let AttrValue::Rid(rid) = v else { continue };
        if let Some((_, _, first)) = seen.iter().find(|s| s.0 == rid.id.as_str()) {
            out.push(
                Diagnostic::new(
                    &r::DUPLICATE_RID,
                    rid.id.span,
                    format!("rid `{}` is declared twice", rid.id),
                )
                .with_label(*first, "first declared here")
                .with_help("give each RTP stream its own rid"),
            );
        } else {
            seen.push((rid.id.as_str(), rid.direction, rid.id.span));
        }
        for (name, value) in rid.restrictions() {
            let (true, Some(value)) = (name.as_str() == "pt", value) else {
                continue;
            };
            for pt in items(&value) {
                if !pt.parse::<u8>().is_ok_and(|p| listed.contains(&p)) {
                    out.push(
                        Diagnostic::new(
                            &r::RID_UNLISTED_PAYLOAD_TYPE,
                            pt.span,
                            format!(
                                "rid `{}` allows payload type {pt}, which the m= line does not list",
                                rid.id
                            ),
                        )
                        .with_label(media.span(), "the m= line")
                        .with_help("restrict the rid to payload types of the m= line"),
                    );
                }
            }
        }
    }
    for v in media.attribute_values() {
        let AttrValue::Simulcast(sc) = v else {
            continue;
        };
        for (list, dir) in [
            (&sc.send, RidDirection::Send),
            (&sc.recv, RidDirection::Recv),
        ] {
            let Some(list) = list else { continue };
            for rid in Simulcast::streams(list).flatten() {
                match seen.iter().find(|s| s.0 == rid.id.as_str()) {
                    None => out.push(
                        Diagnostic::new(
                            &r::SIMULCAST_RID_UNDECLARED,
                            rid.id.span,
                            format!("simulcast {dir} rid `{}` has no a=rid line", rid.id),
                        )
                        .with_help(format!("add `a=rid:{} {dir}`", rid.id)),
                    ),
                    Some((_, d, at)) if *d != dir => out.push(
                        Diagnostic::new(
                            &r::SIMULCAST_RID_DIRECTION,
                            rid.id.span,
                            format!(
                                "rid `{}` is in the simulcast {dir} list but declared {d}",
                                rid.id
                            ),
                        )
                        .with_label(*at, "declared here")
                        .with_help(format!("declare it `a=rid:{} {dir}`", rid.id)),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
}
