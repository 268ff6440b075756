//! Pairing the media sections of two descriptions, and the diff of the whole session.

use super::codecs;
use super::entries::{is_inherited, media_entries, session_entries};
use super::matching::{compare, pair, Entry};
use super::{DiffOptions, SectionDiff, SectionRef, SectionStatus, SessionDiff};
use crate::sdp::{Media, Session};
use std::collections::{HashMap, VecDeque};

/// Pairs sections: by `a=mid` (and media kind) first; then the unpaired ones of each media kind in order (the
/// i-th unpaired audio section of A with the i-th of B), which covers sections without mid
/// and sections whose mid changed. Both steps treat A and B alike, so swapping them swaps
/// the pairs.
fn pair_sections(a: &Session<'_>, b: &Session<'_>) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut used_a = vec![false; a.media.len()];
    let mut used_b = vec![false; b.media.len()];
    // A section never changes kind (a transceiver keeps its media type, RFC 9429 §5.2.2):
    // the same mid on another kind is another section.
    let mut by_mid: HashMap<(Option<&str>, &str), VecDeque<usize>> = HashMap::new();
    for (j, n) in b.media.iter().enumerate() {
        if let Some(mid) = n.mid() {
            by_mid
                .entry((n.kind(), mid.as_str()))
                .or_default()
                .push_back(j);
        }
    }
    for (i, m) in a.media.iter().enumerate() {
        let Some(mid) = m.mid() else { continue };
        if let Some(j) = by_mid
            .get_mut(&(m.kind(), mid.as_str()))
            .and_then(VecDeque::pop_front)
        {
            used_a[i] = true;
            used_b[j] = true;
            pairs.push((i, j));
        }
    }
    let mut rest_b: HashMap<Option<&str>, VecDeque<usize>> = HashMap::new();
    for j in (0..b.media.len()).filter(|&j| !used_b[j]) {
        rest_b.entry(b.media[j].kind()).or_default().push_back(j);
    }
    for i in (0..a.media.len()).filter(|&i| !used_a[i]) {
        if let Some(j) = rest_b
            .get_mut(&a.media[i].kind())
            .and_then(VecDeque::pop_front)
        {
            pairs.push((i, j));
        }
    }
    pairs.sort_unstable();
    pairs
}

fn added(m: &Media<'_>, j: usize) -> SectionDiff {
    SectionDiff {
        status: SectionStatus::Added,
        a: None,
        b: Some(section_ref(m, j)),
        changes: Vec::new(),
    }
}

fn section_ref(m: &Media<'_>, index: usize) -> SectionRef {
    SectionRef {
        index,
        mid: m.mid().map(|t| t.to_string()),
        kind: m.kind().map(str::to_string),
        span: m.span(),
    }
}

/// Splits session-level entries into those compared at session level and, per inherited
/// item, whether the sections must compare their effective values even without their own.
struct Inheritance {
    /// Inherited items declared at session level on exactly one side: moving an attribute
    /// between levels is no change, so these are compared per section only.
    per_section: Vec<super::Item>,
    session_a: Vec<Entry>,
    session_b: Vec<Entry>,
}

fn inheritance(sa: Vec<Entry>, sb: Vec<Entry>) -> (Inheritance, Vec<Entry>, Vec<Entry>) {
    let items = |v: &[Entry]| -> Vec<super::Item> {
        v.iter()
            .map(|e| e.item)
            .filter(|i| is_inherited(*i))
            .collect()
    };
    let (ia, ib) = (items(&sa), items(&sb));
    let per_section: Vec<_> = ia
        .iter()
        .filter(|i| !ib.contains(i))
        .chain(ib.iter().filter(|i| !ia.contains(i)))
        .copied()
        .collect();
    let (inh_a, rest_a): (Vec<Entry>, Vec<Entry>) =
        sa.into_iter().partition(|e| is_inherited(e.item));
    let (inh_b, rest_b): (Vec<Entry>, Vec<Entry>) =
        sb.into_iter().partition(|e| is_inherited(e.item));
    let keep = |v: &[Entry]| -> Vec<Entry> {
        v.iter()
            .filter(|e| !per_section.contains(&e.item))
            .cloned()
            .collect()
    };
    let (mut ka, mut kb) = (keep(&inh_a), keep(&inh_b));
    ka.extend(rest_a);
    kb.extend(rest_b);
    (
        Inheritance {
            per_section,
            session_a: inh_a,
            session_b: inh_b,
        },
        ka,
        kb,
    )
}

/// The section's entries with inherited items resolved: its own if it has any, else the
/// session's — taken only where a difference could show (see [`Inheritance`]).
fn effective(own_a: &mut Vec<Entry>, own_b: &mut Vec<Entry>, inh: &Inheritance) {
    let has = |v: &[Entry], item| v.iter().any(|e| e.item == item);
    let mut items: Vec<super::Item> = inh
        .session_a
        .iter()
        .chain(&inh.session_b)
        .map(|e| e.item)
        .collect();
    items.sort_unstable();
    items.dedup();
    for item in items {
        let (oa, ob) = (has(own_a, item), has(own_b, item));
        if !(oa || ob || inh.per_section.contains(&item)) {
            continue; // compared once at session level
        }
        let from = |v: &[Entry]| {
            v.iter()
                .filter(|e| e.item == item)
                .cloned()
                .collect::<Vec<_>>()
        };
        if !oa {
            own_a.extend(from(&inh.session_a));
        }
        if !ob {
            own_b.extend(from(&inh.session_b));
        }
    }
}

pub(crate) fn diff_sessions(a: &Session<'_>, b: &Session<'_>, o: &DiffOptions) -> SessionDiff {
    let (inh, sa, sb) = inheritance(session_entries(a, o), session_entries(b, o));
    let session = compare(&sa, &sb);

    let pairs = pair_sections(a, b);
    // Position among the paired sections, on each side: a reorder shows, an insertion not.
    let mut by_b: Vec<usize> = (0..pairs.len()).collect();
    by_b.sort_unstable_by_key(|&k| pairs[k].1);
    let mut rank_b = vec![0; pairs.len()];
    for (r, &k) in by_b.iter().enumerate() {
        rank_b[k] = r;
    }

    let mut partner_of_a: Vec<Option<usize>> = vec![None; a.media.len()];
    for (k, &(i, _)) in pairs.iter().enumerate() {
        partner_of_a[i] = Some(k);
    }
    // Sections in A's order; the sections only in B go right after the section before them
    // in B (or first, before everything, when they open B).
    let mut paired_b = vec![false; b.media.len()];
    for &(_, j) in &pairs {
        paired_b[j] = true;
    }
    let added_from = |start: usize, sections: &mut Vec<SectionDiff>| {
        for (j, m) in b.media.iter().enumerate().skip(start) {
            if paired_b[j] {
                break;
            }
            sections.push(added(m, j));
        }
    };
    let mut sections: Vec<SectionDiff> = Vec::new();
    added_from(0, &mut sections);
    for (i, ma) in a.media.iter().enumerate() {
        let Some(k) = partner_of_a[i] else {
            sections.push(SectionDiff {
                status: SectionStatus::Removed,
                a: Some(section_ref(ma, i)),
                b: None,
                changes: Vec::new(),
            });
            continue;
        };
        let j = pairs[k].1;
        let mb = &b.media[j];
        let mut ea = media_entries(ma, a, k, i, o);
        let mut eb = media_entries(mb, b, rank_b[k], j, o);
        effective(&mut ea, &mut eb, &inh);
        let mut changes = compare(&ea, &eb);
        let span = |m: &Media<'_>| {
            m.media_line()
                .map_or_else(|| m.span(), |ml| ml.formats.span)
        };
        if let Some(c) = codecs::order_change(&ea, &eb, &pair(&ea, &eb), span(ma), span(mb)) {
            changes.push(c);
        }
        sections.push(SectionDiff {
            status: if changes.is_empty() {
                SectionStatus::Unchanged
            } else {
                SectionStatus::Changed
            },
            a: Some(section_ref(ma, i)),
            b: Some(section_ref(mb, j)),
            changes,
        });
        added_from(j + 1, &mut sections);
    }
    SessionDiff {
        session,
        sections,
        ignored: o.ignore.iter().copied().collect(),
    }
}
