//! Header extension ids (J311–J315): the id ranges of the one- and two-byte forms and their
//! uniqueness (RFC 8285 §4.2, §4.3, §5, §6), and one meaning per id inside a BUNDLE group
//! (RFC 9143 §9.1). Called from the RTP rules.

use super::codecs::lead_span;
use super::context::Context;
use crate::diag::{registry as r, Diagnostic};
use crate::sdp::attributes::{AttrValue, Attribute, Extmap};
use crate::span::{Span, Tok};

/// J311–J313 over one scope (session level, or one media section), one attribute at a time
/// in order.
pub(super) struct ExtmapIds {
    /// Whether `a=extmap-allow-mixed` applies to the scope.
    mixed: bool,
    /// The ids declared so far, with where.
    seen: Vec<(u16, Span)>,
}

impl ExtmapIds {
    pub fn new(mixed: bool) -> Self {
        ExtmapIds {
            mixed,
            seen: Vec::new(),
        }
    }

    /// Checks the next attribute of the scope (nothing unless it is an `a=extmap`).
    pub fn check(&mut self, a: &Attribute<'_>, out: &mut Vec<Diagnostic>) {
        let (AttrValue::Extmap(e), Some(value)) = (&a.parsed, &a.value) else {
            return;
        };
        let (mixed, seen) = (self.mixed, &mut self.seen);
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
/// extension throughout. Each extmap is compared with the first one of the group that has its
/// id, and with the first one that has its URI.
pub(super) fn bundle_extmaps(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for group in &cx.bundles {
        // The group's extmaps in the order of its mids, with their values.
        let mut maps: Vec<(&Extmap<'_>, &Tok<'_>)> = Vec::new();
        // Each listed mid's section (a mid listed twice is visited twice, to no effect).
        for &i in group.members.iter().flatten() {
            let sec = &cx.sections[i];
            if !sec.line.is_some_and(|m| m.is_rtp()) {
                continue;
            }
            // One section's own duplicates are J313's business.
            let mut local: Vec<u16> = Vec::new();
            for a in sec.media.attributes() {
                let (AttrValue::Extmap(e), Some(value)) = (&a.parsed, &a.value) else {
                    continue;
                };
                if !local.contains(&e.id) {
                    local.push(e.id);
                    maps.push((e, value));
                }
            }
        }
        let first_by_id = first_with_same_key(&maps, |(e, _)| e.id);
        // Lengths first: any order that puts equal URIs together will do, and URIs mostly
        // differ in length, which is cheaper to compare than their long common prefixes.
        let first_by_uri = first_with_same_key(&maps, |(e, _)| (e.uri.len(), e.uri.as_str()));
        for (k, &(e, value)) in maps.iter().enumerate() {
            let (f, f_value) = maps[first_by_id[k]];
            if f.uri.as_str() != e.uri.as_str() {
                out.push(
                    Diagnostic::new(
                        &r::EXTMAP_BUNDLE_ID_CONFLICT,
                        lead_span(value),
                        format!(
                            "extension id {} is {} here but {} in another section of the \
                             same BUNDLE group",
                            e.id,
                            e.short_name(),
                            f.short_name()
                        ),
                    )
                    .with_label(lead_span(f_value), "the other meaning")
                    .with_help("give each extension one id across all bundled sections"),
                );
            }
            let (f, f_value) = maps[first_by_uri[k]];
            if f.id != e.id {
                out.push(
                    Diagnostic::new(
                        &r::EXTMAP_BUNDLE_URI_ID_MISMATCH,
                        lead_span(value),
                        format!(
                            "{} has id {} here but {} in another section of the same \
                             BUNDLE group",
                            e.short_name(),
                            e.id,
                            f.id
                        ),
                    )
                    .with_label(lead_span(f_value), "the other id")
                    .with_help("use one id per extension across all bundled sections"),
                );
            }
        }
    }
}

/// For each item, the index of the first item with the same key (itself when it is the
/// first). Sorting keeps this O(n log n) whatever the input.
fn first_with_same_key<T, K: Ord>(items: &[T], key: impl Fn(&T) -> K) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    // Items with equal keys in input order, the first one leading.
    order.sort_unstable_by_key(|&i| (key(&items[i]), i));
    let mut first = vec![0; items.len()];
    let mut lead = 0;
    for (n, &i) in order.iter().enumerate() {
        if n == 0 || key(&items[order[n - 1]]) != key(&items[i]) {
            lead = i;
        }
        first[i] = lead;
    }
    first
}
