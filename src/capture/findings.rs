//! Capture findings: binary spans (byte offsets in the file) and a cap per code, so a capture
//! whose every packet has the same fault says it once (with a count), not a million times.

use crate::diag::{Diagnostic, Rule};
use crate::span::Span;
use std::collections::HashMap;

/// A span over `len` bytes at file offset `offset` (line 0, column offset + 1, as for every
/// binary input). Offsets past 4 GiB do not fit a [`Span`]: they saturate, and the message
/// carries the exact offset.
pub(crate) fn file_span(offset: u64, len: usize) -> Span {
    let start = u32::try_from(offset).unwrap_or(u32::MAX);
    Span {
        start,
        end: start.saturating_add(u32::try_from(len).unwrap_or(u32::MAX)),
        line: 0,
        column: start.saturating_add(1),
    }
}

/// Counts findings per code and lets through the first `max` of each.
#[derive(Debug)]
pub(crate) struct FindingCap {
    max: usize,
    counts: HashMap<&'static str, (usize, &'static Rule)>,
}

impl FindingCap {
    pub(crate) fn new(max: usize) -> Self {
        FindingCap {
            max,
            counts: HashMap::new(),
        }
    }

    /// Whether a finding of `rule` should be emitted now (counts it either way).
    pub(crate) fn admit(&mut self, rule: &'static Rule) -> bool {
        let entry = self.counts.entry(rule.code).or_insert((0, rule));
        entry.0 += 1;
        entry.0 <= self.max
    }

    /// One closing finding per code that went over the cap: how many were not shown.
    pub(crate) fn overflow(&self, end_offset: u64) -> Vec<Diagnostic> {
        let mut over: Vec<_> = self
            .counts
            .values()
            .filter(|(n, _)| *n > self.max)
            .collect();
        over.sort_by_key(|(_, r)| r.code);
        over.iter()
            .map(|(n, rule)| {
                Diagnostic::new(
                    rule,
                    file_span(end_offset, 0),
                    format!(
                        "{} more findings like the above ({} in all; only the first {} are shown)",
                        n - self.max,
                        n,
                        self.max
                    ),
                )
            })
            .collect()
    }
}
