//! The comparable unit of the diff ([`Entry`]: an item with an identity and properties) and
//! the generic matching of two lists of entries into changes.

use super::{Change, ChangeKind, Item, Val};
use crate::span::{Span, Tok};
use std::collections::{HashMap, VecDeque};

/// One property of an entry: a name (empty for the entry's own value), a normalised form to
/// compare, and the value as written with its span.
#[derive(Clone, Debug)]
pub(crate) struct Prop {
    pub name: &'static str,
    /// Owned name, for properties named after the input (SSRC attributes, candidate
    /// extensions); takes precedence over `name` when set.
    pub owned_name: Option<String>,
    pub cmp: String,
    pub val: Val,
}

impl Prop {
    pub fn new(name: &'static str, cmp: impl Into<String>, val: Val) -> Prop {
        Prop {
            name,
            owned_name: None,
            cmp: cmp.into(),
            val,
        }
    }

    /// A property compared as written.
    pub fn tok(name: &'static str, t: &Tok<'_>) -> Prop {
        Prop::new(name, t.as_str(), val(t))
    }

    pub fn named(name: String, cmp: impl Into<String>, val: Val) -> Prop {
        Prop {
            name: "",
            owned_name: Some(name),
            cmp: cmp.into(),
            val,
        }
    }

    fn name(&self) -> &str {
        self.owned_name.as_deref().unwrap_or(self.name)
    }
}

/// An item of one description as the diff compares it.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub item: Item,
    /// Which one (shown; matched case-insensitively when `exact` finds no partner).
    pub key: String,
    /// The full identity, matched first (case-insensitively): e.g. a codec with its fmtp.
    pub exact: String,
    pub props: Vec<Prop>,
    /// The whole item, for `added` and `removed`.
    pub summary: Val,
}

impl Entry {
    /// An item whose identity is its key.
    pub fn new(item: Item, key: impl Into<String>, summary: Val) -> Entry {
        let key = key.into();
        Entry {
            item,
            exact: key.clone(),
            key,
            props: Vec::new(),
            summary,
        }
    }

    /// A single-valued item: one unnamed property.
    pub fn single(item: Item, cmp: impl Into<String>, v: Val) -> Entry {
        Entry::new(item, "", v.clone()).with(Prop::new("", cmp, v))
    }

    pub fn with(mut self, p: Prop) -> Entry {
        self.props.push(p);
        self
    }

    pub fn exact(mut self, exact: impl Into<String>) -> Entry {
        self.exact = exact.into();
        self
    }
}

pub(crate) fn val(t: &Tok<'_>) -> Val {
    Val {
        text: t.to_string(),
        span: t.span,
    }
}

pub(crate) fn val_at(text: impl Into<String>, span: Span) -> Val {
    Val {
        text: text.into(),
        span,
    }
}

/// Pairs the entries of A and B: first by item and exact identity, then by item and key,
/// each time in order of appearance (so the i-th of a kind in A meets the i-th in B, which
/// keeps the result symmetric). Returns A's entries in order (with their partner, if any),
/// then B's unpaired ones.
pub(crate) fn pair(a: &[Entry], b: &[Entry]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut partner: Vec<Option<usize>> = vec![None; a.len()];
    let mut taken = vec![false; b.len()];
    for stage in [true, false] {
        let ident = |e: &Entry| {
            let s = if stage { &e.exact } else { &e.key };
            (e.item, s.to_ascii_lowercase())
        };
        let mut free: HashMap<(Item, String), VecDeque<usize>> = HashMap::new();
        for (j, e) in b.iter().enumerate() {
            if !taken[j] {
                free.entry(ident(e)).or_default().push_back(j);
            }
        }
        for (i, e) in a.iter().enumerate() {
            if partner[i].is_some() {
                continue;
            }
            if let Some(j) = free.get_mut(&ident(e)).and_then(VecDeque::pop_front) {
                partner[i] = Some(j);
                taken[j] = true;
            }
        }
    }
    let mut out: Vec<_> = partner
        .into_iter()
        .enumerate()
        .map(|(i, j)| (Some(i), j))
        .collect();
    out.extend((0..b.len()).filter(|&j| !taken[j]).map(|j| (None, Some(j))));
    out
}

/// The changes between two entry lists, paired with [`pair`].
pub(crate) fn compare(a: &[Entry], b: &[Entry]) -> Vec<Change> {
    let mut out = Vec::new();
    for (i, j) in pair(a, b) {
        match (i.map(|i| &a[i]), j.map(|j| &b[j])) {
            (Some(x), Some(y)) => compare_props(x, y, &mut out),
            (Some(x), None) => out.push(whole(ChangeKind::Removed, x)),
            (None, Some(y)) => out.push(whole(ChangeKind::Added, y)),
            (None, None) => {}
        }
    }
    // In the order of the descriptions: by A's line, or B's for what only B has.
    out.sort_by_key(|c| c.a.as_ref().or(c.b.as_ref()).map_or(0, |v| v.span.line));
    out
}

fn whole(kind: ChangeKind, e: &Entry) -> Change {
    let (a, b) = match kind {
        ChangeKind::Added => (None, Some(e.summary.clone())),
        _ => (Some(e.summary.clone()), None),
    };
    Change {
        kind,
        item: e.item,
        key: e.key.clone(),
        property: None,
        a,
        b,
    }
}

/// Property by property: a property with one value on each side is `changed` when the values
/// differ; otherwise (repeated properties such as `rtcp-fb`) values are compared as multisets.
fn compare_props(x: &Entry, y: &Entry, out: &mut Vec<Change>) {
    // Properties by name, names in order of first appearance (A's, then B's).
    let mut names: Vec<&str> = Vec::new();
    let mut by_name: HashMap<&str, (Vec<&Prop>, Vec<&Prop>)> = HashMap::new();
    for (side, p) in x
        .props
        .iter()
        .map(|p| (0, p))
        .chain(y.props.iter().map(|p| (1, p)))
    {
        let slot = by_name.entry(p.name()).or_insert_with(|| {
            names.push(p.name());
            (Vec::new(), Vec::new())
        });
        if side == 0 { &mut slot.0 } else { &mut slot.1 }.push(p);
    }
    for name in names {
        let (la, lb) = &by_name[name];
        let change = |kind, a: Option<&Prop>, b: Option<&Prop>| Change {
            kind,
            item: x.item,
            key: x.key.clone(),
            property: (!name.is_empty()).then(|| name.to_string()),
            a: a.map(|p| p.val.clone()),
            b: b.map(|p| p.val.clone()),
        };
        if la.len() == 1 && lb.len() == 1 {
            if la[0].cmp != lb[0].cmp {
                out.push(change(ChangeKind::Changed, Some(la[0]), Some(lb[0])));
            }
            continue;
        }
        // Repeated properties: multisets, each value of A cancelling one equal value of B.
        let mut in_b: HashMap<&str, usize> = HashMap::new();
        for q in lb {
            *in_b.entry(q.cmp.as_str()).or_default() += 1;
        }
        for p in la {
            match in_b.get_mut(p.cmp.as_str()) {
                Some(n) if *n > 0 => *n -= 1,
                _ => out.push(change(ChangeKind::Removed, Some(p), None)),
            }
        }
        let mut in_a: HashMap<&str, usize> = HashMap::new();
        for p in la {
            *in_a.entry(p.cmp.as_str()).or_default() += 1;
        }
        for q in lb {
            match in_a.get_mut(q.cmp.as_str()) {
                Some(n) if *n > 0 => *n -= 1,
                _ => out.push(change(ChangeKind::Added, None, Some(q))),
            }
        }
    }
}
