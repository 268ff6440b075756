//! Codecs of an RTP section as entries: one per payload type, identified by what it means
//! (encoding name, clock rate, channels, format parameters) rather than by its number.

use super::matching::{val, val_at, Entry, Prop};
use super::{Change, ChangeKind, Item, Val};
use crate::sdp::attributes::{Fmtp, RtcpFb, Rtpmap};
use crate::sdp::{AttrValue, Media};
use crate::span::Span;
use std::collections::HashMap;

struct Codec<'m, 'a> {
    pt: u8,
    pt_val: Val,
    /// `name/clock[/channels]` (channels only when not 1).
    base: String,
    summary_span: Span,
    rtpmap: Option<&'m Rtpmap<'a>>,
    fmtp: Option<&'m Fmtp<'a>>,
    feedback: Vec<&'m RtcpFb<'a>>,
}

fn base_of(r: &Rtpmap<'_>) -> String {
    match r.channels() {
        1 => format!("{}/{}", r.encoding_name, r.clock_rate),
        n => format!("{}/{}/{n}", r.encoding_name, r.clock_rate),
    }
}

fn collect<'m, 'a>(m: &'m Media<'a>) -> Vec<Codec<'m, 'a>> {
    let mut rtpmaps: HashMap<u8, (&Rtpmap<'a>, Span, Span)> = HashMap::new();
    let mut fmtps: HashMap<u8, &Fmtp<'a>> = HashMap::new();
    let mut feedback: HashMap<u8, Vec<&RtcpFb<'a>>> = HashMap::new();
    let mut extra: Vec<u8> = Vec::new();
    for l in &m.lines {
        let Some(a) = l.attribute() else { continue };
        match &a.parsed {
            AttrValue::Rtpmap(r) => {
                let at = a.value.as_ref().map_or(l.span(), |v| v.span);
                let pt_span = at.sub(0, r.payload_type.to_string().len());
                rtpmaps
                    .entry(r.payload_type)
                    .or_insert((r, pt_span, l.span()));
                extra.push(r.payload_type);
            }
            AttrValue::Fmtp(f) => {
                if let Some(pt) = f.payload_type() {
                    fmtps.entry(pt).or_insert(f);
                }
            }
            AttrValue::RtcpFb(fb) => {
                if let Some(pt) = fb.payload_type {
                    feedback.entry(pt).or_default().push(fb);
                }
            }
            _ => {}
        }
    }
    // The m= line's order is the preference order; rtpmaps of unlisted PTs come after.
    let mut seen = [false; 256];
    let mut pts: Vec<(u8, Option<Span>)> = Vec::new();
    if let Some(ml) = m.media_line() {
        for f in ml.formats() {
            if let Ok(pt) = f.parse::<u8>() {
                if !std::mem::replace(&mut seen[pt as usize], true) {
                    pts.push((pt, Some(f.span)));
                }
            }
        }
    }
    for pt in extra {
        if !std::mem::replace(&mut seen[pt as usize], true) {
            pts.push((pt, None));
        }
    }
    pts.into_iter()
        .map(|(pt, fmt_span)| {
            let r = rtpmaps.get(&pt);
            let pt_span = r.map(|x| x.1).or(fmt_span).unwrap_or_else(|| m.span());
            let base = match r {
                Some((r, _, _)) => base_of(r),
                None => crate::sdp::attributes::rtp::static_encoding(pt)
                    .unwrap_or_else(|| format!("PT {pt}")),
            };
            Codec {
                pt,
                pt_val: val_at(pt.to_string(), pt_span),
                base,
                summary_span: r.map(|x| x.2).or(fmt_span).unwrap_or_else(|| m.span()),
                rtpmap: r.map(|x| x.0),
                fmtp: fmtps.get(&pt).copied(),
                feedback: feedback.remove(&pt).unwrap_or_default(),
            }
        })
        .collect()
}

/// Format parameters in a comparable form: names lower-cased (RFC 6838 §4.3), sorted, and
/// payload types inside them replaced by the codec they name — `apt` of RTX (RFC 4588 §8.6)
/// and the redundancy list of RED (RFC 2198 §5) — via `resolve`.
fn normalise(f: &Fmtp<'_>, is_red: bool, resolve: &dyn Fn(&str) -> String) -> String {
    let mut params: Vec<String> = f
        .parameters()
        .map(|p| match p.key {
            Some(k) => {
                let k = k.to_ascii_lowercase();
                let v = if k == "apt" {
                    resolve(&p.value)
                } else {
                    p.value.to_string()
                };
                format!("{k}={v}")
            }
            None if is_red => p
                .value
                .split('/')
                .map(resolve)
                .collect::<Vec<_>>()
                .join("/"),
            None => p.value.to_string(),
        })
        .collect();
    params.sort_unstable();
    params.join(";")
}

/// One entry per codec, in the `m=` line's order.
pub(crate) fn entries(m: &Media<'_>) -> Vec<Entry> {
    let codecs = collect(m);
    // What a payload type means, without following references (one level is enough: RTX
    // and RED point at media codecs, not at each other).
    let plain: HashMap<u8, String> = codecs
        .iter()
        .map(|c| {
            let f = c
                .fmtp
                .map(|f| normalise(f, false, &|v| v.to_string()))
                .unwrap_or_default();
            (c.pt, format!("{}({f})", c.base.to_ascii_lowercase()))
        })
        .collect();
    let resolve = |v: &str| match v.trim().parse::<u8>().ok().and_then(|pt| plain.get(&pt)) {
        Some(meaning) => meaning.clone(),
        None => format!("pt {v}"),
    };
    codecs
        .iter()
        .map(|c| {
            let is_red = c
                .rtpmap
                .is_some_and(|r| r.encoding_name.eq_ignore_ascii_case("red"));
            let fmtp = c.fmtp.map(|f| normalise(f, is_red, &resolve));
            let mut summary = format!("{} {}", c.pt, c.base);
            if let Some(f) = c.fmtp {
                summary.push_str(&format!(" {}", f.parameters));
            }
            let mut e = Entry::new(Item::Codec, c.base.clone(), val_at(summary, c.summary_span))
                .exact(format!("{}|{}", c.base, fmtp.clone().unwrap_or_default()))
                .with(Prop::new(
                    "payload type",
                    c.pt.to_string(),
                    c.pt_val.clone(),
                ));
            if let (Some(f), Some(norm)) = (c.fmtp, fmtp) {
                e = e.with(Prop::new("fmtp", norm, val(&f.parameters)));
            }
            for fb in &c.feedback {
                let text = match fb.parameters.is_empty() {
                    true => fb.feedback.to_string(),
                    false => format!("{} {}", fb.feedback, fb.parameters),
                };
                let span = fb.feedback.span;
                e = e.with(Prop::new(
                    "rtcp-fb",
                    text.to_ascii_lowercase(),
                    val_at(text, span),
                ));
            }
            e
        })
        .collect()
}

/// A change of preference order among the codecs both sides have (RFC 3264 §5.1: the `m=`
/// line lists formats in order of preference), given the paired entries of one section. The
/// values are the payload types of those codecs in each side's order.
/// Codecs only on one side are reported as added or removed, not here.
pub(crate) fn order_change(
    a: &[Entry],
    b: &[Entry],
    pairs: &[(Option<usize>, Option<usize>)],
    span_a: Span,
    span_b: Span,
) -> Option<Change> {
    let mut common: Vec<(usize, usize)> = pairs
        .iter()
        .filter_map(|p| match *p {
            (Some(i), Some(j)) if a[i].item == Item::Codec => Some((i, j)),
            _ => None,
        })
        .collect();
    // Entries come in m= line order, so A's indexes give A's order.
    common.sort_unstable();
    if common.windows(2).all(|w| w[0].1 < w[1].1) {
        return None;
    }
    let names = |list: &[(usize, usize)], side: &[Entry], pick: fn(&(usize, usize)) -> usize| {
        list.iter()
            .map(|p| {
                let e = &side[pick(p)];
                let pt = e.props.iter().find(|x| x.name == "payload type");
                pt.map_or_else(|| e.key.clone(), |x| x.cmp.clone())
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let text_a = names(&common, a, |p| p.0);
    common.sort_unstable_by_key(|p| p.1);
    let text_b = names(&common, b, |p| p.1);
    Some(Change {
        kind: ChangeKind::Changed,
        item: Item::CodecOrder,
        key: String::new(),
        property: None,
        a: Some(val_at(text_a, span_a)),
        b: Some(val_at(text_b, span_b)),
    })
}

#[cfg(test)]
mod tests {
    use crate::diff::{diff, ChangeKind, DiffOptions, Item};

    fn section(formats: &str, lines: &str) -> String {
        format!(
            "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF {formats}\r\na=mid:0\r\n{lines}"
        )
    }

    fn changes(a: &str, b: &str) -> Vec<(ChangeKind, Item, String, Option<String>)> {
        let (a, b) = (crate::sdp::parse(a), crate::sdp::parse(b));
        diff(&a, &b, &DiffOptions::default()).sections[0]
            .changes
            .iter()
            .map(|c| (c.kind, c.item, c.key.clone(), c.property.clone()))
            .collect()
    }

    #[test]
    fn red_follows_the_renumbered_codec_it_protects() {
        // RFC 2198 §5: the fmtp of RED lists the payload types of the redundant encodings.
        let a = section(
            "111 63",
            "a=rtpmap:111 opus/48000/2\r\na=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\n",
        );
        let b = section(
            "109 63",
            "a=rtpmap:109 opus/48000/2\r\na=rtpmap:63 red/48000/2\r\na=fmtp:63 109/109\r\n",
        );
        assert_eq!(
            changes(&a, &b),
            [(
                ChangeKind::Changed,
                Item::Codec,
                "opus/48000/2".into(),
                Some("payload type".into())
            )]
        );
    }

    #[test]
    fn fmtp_order_case_and_spacing_do_not_count_but_values_do() {
        let a = section(
            "111",
            "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n",
        );
        let same = section(
            "111",
            "a=rtpmap:111 OPUS/48000/2\r\na=fmtp:111 useinbandfec=1; MINPTIME=10\r\n",
        );
        assert_eq!(changes(&a, &same), []);
        let other = section(
            "111",
            "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=0\r\n",
        );
        assert_eq!(
            changes(&a, &other),
            [(
                ChangeKind::Changed,
                Item::Codec,
                "opus/48000/2".into(),
                Some("fmtp".into())
            )]
        );
    }

    #[test]
    fn a_static_payload_type_without_rtpmap_is_the_same_codec() {
        // RFC 3551 §6: PT 0 is PCMU/8000; RFC 8866 §6.6 makes its rtpmap optional.
        let a = section("0", "a=rtpmap:0 PCMU/8000\r\n");
        let b = section("0", "");
        assert_eq!(changes(&a, &b), []);
    }
}
