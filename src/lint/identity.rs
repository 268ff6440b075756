//! Media identity rules (J401–J409): `msid` (RFC 8830 §2), `ssrc` and `ssrc-group` (RFC 5576
//! §4, §6.1), `rid` and `simulcast` (RFC 8851 §4, RFC 8853 §5.1), SSRCs across sections
//! (RFC 9143 §9.2).

use super::codecs::{items, lead_span};
use super::context::Context;
use crate::diag::{registry as r, Diagnostic};
use crate::sdp::attributes::{AttrValue, Msid, Rid, RidDirection, Simulcast, Ssrc, SsrcGroup};
use crate::sdp::Media;
use crate::span::{Anchor, Span, Tok};
use std::collections::HashMap;

pub(super) fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let mut ssrc_sections: HashMap<u32, (usize, Span)> = HashMap::new();
    for (i, sec) in cx.sections.iter().enumerate() {
        let media = sec.media;
        // One walk: J401 on the way, the other lines kept for the rules that need them all.
        let mut lines = Lines::default();
        for a in media.attributes() {
            match (&a.parsed, &a.value) {
                (AttrValue::Msid(m), _) => msid(m, out),
                (AttrValue::Ssrc(s), Some(v)) => lines.ssrcs.push((s, v)),
                (AttrValue::SsrcGroup(g), _) => lines.groups.push(g),
                (AttrValue::Rid(rid), _) => lines.rids.push(rid),
                (AttrValue::Simulcast(sc), _) => lines.simulcasts.push(sc),
                _ => {}
            }
        }
        ssrcs(&lines, out);
        rids(media, &lines, out);
        if sec.is_active() {
            for &(s, v) in &lines.ssrcs {
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

/// The identity lines of one section (those that parsed), in order.
#[derive(Default)]
struct Lines<'s, 'a> {
    /// `a=ssrc`, with the line's value.
    ssrcs: Vec<(&'s Ssrc<'a>, &'s Tok<'a>)>,
    /// `a=ssrc-group`.
    groups: Vec<&'s SsrcGroup<'a>>,
    /// `a=rid`.
    rids: Vec<&'s Rid<'a>>,
    /// `a=simulcast`.
    simulcasts: Vec<&'s Simulcast<'a>>,
}

/// J401: msid-id and msid-appdata are 1*64token-char.
fn msid(m: &Msid<'_>, out: &mut Vec<Diagnostic>) {
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

/// J402–J404: ssrc-group members declared, group sizes, cname per SSRC.
fn ssrcs(lines: &Lines<'_, '_>, out: &mut Vec<Diagnostic>) {
    // SSRC -> (where first declared, has cname), in order of declaration.
    let mut declared: Vec<(u32, Span, bool)> = Vec::new();
    for &(s, v) in &lines.ssrcs {
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
    for g in &lines.groups {
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
fn rids(media: &Media<'_>, lines: &Lines<'_, '_>, out: &mut Vec<Diagnostic>) {
    // The payload types of the m= line, read when a rid restricts them.
    let mut listed: Option<Vec<u8>> = None;
    let mut seen: Vec<(&str, RidDirection, Span)> = Vec::new();
    for rid in &lines.rids {
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
            let listed = listed.get_or_insert_with(|| {
                media
                    .media_line()
                    .map(|m| m.payload_types().collect())
                    .unwrap_or_default()
            });
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
    for sc in &lines.simulcasts {
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

#[cfg(test)]
mod tests {
    fn found(text: &str) -> Vec<(&'static str, u32, u32)> {
        crate::lint::context::findings_of(super::check, text, false)
    }

    // Cut down from the video section of fixtures/real/chromium-simulcast/offer.sdp.
    const CHROME: &str = "v=0\r\n\
o=- 5841159358945564451 2 IN IP4 127.0.0.1\r\n\
s=-\r\n\
t=0 0\r\n\
m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n\
c=IN IP4 0.0.0.0\r\n\
a=mid:1\r\n\
a=msid:32b033d9-c840-410e-adee-8988718f0738 9d48661f-4946-4d15-914a-fa4a12d14e85\r\n\
a=rtpmap:96 VP8/90000\r\n\
a=rtpmap:97 rtx/90000\r\n\
a=fmtp:97 apt=96\r\n\
a=rid:q send\r\n\
a=rid:h send\r\n\
a=rid:f send\r\n\
a=simulcast:send q;h;f\r\n";

    #[test]
    fn chrome_simulcast_offer_is_clean() {
        assert_eq!(found(CHROME), []);
    }

    #[test]
    fn rids_and_simulcast() {
        let text = CHROME
            .replace("a=rid:h send", "a=rid:h recv")
            .replace("a=rid:f send", "a=rid:q send pt=96,98");
        // q twice (its pt 98 unlisted), h recv in the send list, f undeclared.
        assert_eq!(
            found(&text),
            [
                ("J405", 14, 7),
                ("J408", 14, 20),
                ("J407", 15, 20),
                ("J406", 15, 22)
            ]
        );
    }

    #[test]
    fn ssrcs_and_groups() {
        let text =
            format!("{CHROME}a=ssrc-group:FID 1 2 3\r\na=ssrc:1 cname:x\r\na=ssrc:3 msid:a b\r\n");
        assert_eq!(
            found(&text),
            [("J404", 18, 8), ("J403", 16, 14), ("J402", 16, 20)]
        );
    }

    #[test]
    fn msid_length_and_ssrc_in_two_sections() {
        let long = "s".repeat(65);
        let text = CHROME.replace(
            "a=msid:32b033d9-c840-410e-adee-8988718f0738",
            &format!("a=msid:{long}"),
        );
        assert_eq!(found(&text), [("J401", 8, 8)]);
        let audio = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n\
                     a=rtpmap:111 opus/48000/2\r\na=ssrc:7 cname:x\r\n";
        let text = format!("{CHROME}a=ssrc:7 cname:x\r\n{audio}");
        assert_eq!(found(&text), [("J409", 21, 8)]);
    }
}
