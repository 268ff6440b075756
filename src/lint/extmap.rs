//! Header extension ids (J311–J315): the id ranges of the one- and two-byte forms and their
//! uniqueness (RFC 8285 §4.2, §4.3, §5, §6), and one meaning per id inside a BUNDLE group
//! (RFC 9143 §9.1). Called from the RTP rules.

use super::codecs::lead_span;
use crate::diag::{registry as r, Diagnostic};
use crate::sdp::attributes::{AttrValue, Attribute, Extmap};
use crate::sdp::Session;
use crate::span::Span;
use std::collections::HashMap;

/// J311–J313 over one scope (session level, or one media section).
pub(super) fn extmap_ids<'s, 'a: 's>(
    attributes: impl Iterator<Item = &'s Attribute<'a>>,
    mixed: bool,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: Vec<(u16, Span)> = Vec::new();
    for a in attributes {
        let (AttrValue::Extmap(e), Some(value)) = (&a.parsed, &a.value) else {
            continue;
        };
        let span = lead_span(value);
        if e.id == 0 || e.id > 255 {
            out.push(
                Diagnostic::new(
                    &r::EXTMAP_ID_INVALID,
                    span,
                    format!("extension id {} is outside 1-255", e.id),
                )
                .with_help(
                    "use an id in 1-14 (one-byte headers), or up to 255 with two-byte headers",
                ),
            );
        } else if e.id >= 15 && !mixed {
            out.push(
                Diagnostic::new(
                    &r::EXTMAP_ID_NEEDS_TWO_BYTE,
                    span,
                    format!(
                        "extension id {} needs two-byte headers, and there is no \
                         a=extmap-allow-mixed",
                        e.id
                    ),
                )
                .with_help("use an id in 1-14, or add a=extmap-allow-mixed"),
            );
        }
        if let Some((_, first)) = seen.iter().find(|(id, _)| *id == e.id) {
            out.push(
                Diagnostic::new(
                    &r::DUPLICATE_EXTMAP_ID,
                    span,
                    format!("extension id {} is declared twice", e.id),
                )
                .with_label(*first, "first declared here")
                .with_help("give each header extension its own id"),
            );
        } else {
            seen.push((e.id, span));
        }
    }
}

/// J314, J315: inside a BUNDLE group the sections form one RTP session, so an id means one
/// extension throughout.
pub(super) fn bundle_extmaps(session: &Session<'_>, out: &mut Vec<Diagnostic>) {
    for group in session.groups().filter(|g| g.is_bundle()) {
        let mut by_id: HashMap<u16, (&Extmap<'_>, Span)> = HashMap::new();
        let mut by_uri: HashMap<&str, (&Extmap<'_>, Span)> = HashMap::new();
        for mid in group.mids() {
            let Some(media) = session.media_by_mid(&mid) else {
                continue;
            };
            if !media.media_line().is_some_and(|m| m.is_rtp()) {
                continue;
            }
            // One section's own duplicates are J313's business.
            let mut local: Vec<u16> = Vec::new();
            for a in media.attributes() {
                let (AttrValue::Extmap(e), Some(value)) = (&a.parsed, &a.value) else {
                    continue;
                };
                if local.contains(&e.id) {
                    continue;
                }
                local.push(e.id);
                let span = lead_span(value);
                match by_id.get(&e.id) {
                    Some((f, fs)) if f.uri.as_str() != e.uri.as_str() => out.push(
                        Diagnostic::new(
                            &r::EXTMAP_BUNDLE_ID_CONFLICT,
                            span,
                            format!(
                                "extension id {} is {} here but {} in another section of the \
                                 same BUNDLE group",
                                e.id,
                                e.short_name(),
                                f.short_name()
                            ),
                        )
                        .with_label(*fs, "the other meaning")
                        .with_help("give each extension one id across all bundled sections"),
                    ),
                    Some(_) => {}
                    None => {
                        by_id.insert(e.id, (e, span));
                    }
                }
                match by_uri.get(e.uri.as_str()) {
                    Some((f, fs)) if f.id != e.id => out.push(
                        Diagnostic::new(
                            &r::EXTMAP_BUNDLE_URI_ID_MISMATCH,
                            span,
                            format!(
                                "{} has id {} here but {} in another section of the same \
                                 BUNDLE group",
                                e.short_name(),
                                e.id,
                                f.id
                            ),
                        )
                        .with_label(*fs, "the other id")
                        .with_help("use one id per extension across all bundled sections"),
                    ),
                    Some(_) => {}
                    None => {
                        by_uri.insert(e.uri.as_str(), (e, span));
                    }
                }
            }
        }
    }
}
