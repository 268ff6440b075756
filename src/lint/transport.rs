//! Transports: which media sections share one ICE/DTLS transport, and where the transport
//! parameters of a section come from. Shared by the ICE, DTLS and BUNDLE rules.
//!
//! A section's transport parameters (`ice-ufrag`, `ice-pwd`, `fingerprint`, `setup`) are its
//! own, else the session-level ones (RFC 8866 §5.13), else — for a section in a BUNDLE group —
//! those of the group's tagged section (the first mid, RFC 9143 §7.1.3: once bundled only the
//! tagged section's count, and JSEP lets the other sections omit them).

use crate::sdp::attributes::AttrValue;
use crate::sdp::{Media, Session};
use crate::span::Tok;

/// A `BUNDLE` group as the lint rules see it.
pub(super) struct Bundle<'s> {
    /// The mids as listed, with their spans.
    pub mids: Vec<Tok<'s>>,
    /// Index (in `session.media`) of the section each listed mid names, when one does.
    pub members: Vec<Option<usize>>,
}

impl Bundle<'_> {
    /// The tagged section: the first listed mid, when a section carries it.
    pub fn tagged(&self) -> Option<usize> {
        self.members.first().copied().flatten()
    }

    /// The sections of the group, in listed order, each once.
    pub fn sections(&self) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for i in self.members.iter().flatten() {
            if !out.contains(i) {
                out.push(*i);
            }
        }
        out
    }
}

/// The `BUNDLE` groups of the description, in order.
pub(super) fn bundles<'s>(session: &'s Session<'_>) -> Vec<Bundle<'s>> {
    session
        .groups()
        .filter(|g| g.is_bundle())
        .map(|g| {
            let mids: Vec<Tok<'s>> = g.mids().collect();
            let members = mids
                .iter()
                .map(|m| {
                    session
                        .media
                        .iter()
                        .position(|s| s.mid().is_some_and(|t| t.as_str() == m.as_str()))
                })
                .collect();
            Bundle { mids, members }
        })
        .collect()
}

/// Whether the section is rejected: port 0 without `a=bundle-only` (RFC 3264 §6, RFC 9143 §6).
/// A section whose `m=` line did not parse counts as rejected: nothing can be said about it.
pub(super) fn is_rejected(m: &Media<'_>) -> bool {
    match m.port() {
        Some(0) => !m.has("bundle-only"),
        Some(_) => false,
        None => true,
    }
}

/// Whether the section uses DTLS: its proto names TLS or DTLS (UDP/TLS/RTP/SAVPF,
/// UDP/DTLS/SCTP, TCP/DTLS/SCTP, DTLS/SCTP, ...).
pub(super) fn uses_dtls(m: &Media<'_>) -> bool {
    m.media_line()
        .is_some_and(|l| l.proto.split('/').any(|p| p == "TLS" || p == "DTLS"))
}

/// For every section, the index of the section whose transport parameters apply to it: the
/// tagged section of its BUNDLE group (when there is one that is not rejected), else itself.
pub(super) fn owners(session: &Session<'_>, bundles: &[Bundle<'_>]) -> Vec<usize> {
    let mut owner: Vec<usize> = (0..session.media.len()).collect();
    for b in bundles {
        let Some(t) = b.tagged().filter(|&t| !is_rejected(&session.media[t])) else {
            continue;
        };
        for i in b.sections() {
            // A section listed in two groups keeps the first (J204 reports the second).
            if owner[i] == i {
                owner[i] = t;
            }
        }
    }
    owner
}

/// Which attribute of a section answers a transport question.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    /// The section's own attribute.
    Own,
    /// The session-level attribute.
    Session,
    /// The attribute of the BUNDLE group's tagged section (its own or the session's).
    Tagged,
    /// None anywhere.
    Missing,
}

/// Where `has(section)` is satisfied for section `i`: its own lines, the session level, or the
/// tagged section `owner` of its group.
pub(super) fn find(
    session: &Session<'_>,
    i: usize,
    owner: usize,
    has: impl Fn(&[crate::sdp::Line<'_>]) -> bool,
) -> Found {
    if has(&session.media[i].lines) {
        Found::Own
    } else if has(&session.lines) {
        Found::Session
    } else if owner != i && has(&session.media[owner].lines) {
        Found::Tagged
    } else {
        Found::Missing
    }
}

/// Whether `lines` hold an attribute whose typed value matches `f`.
pub(super) fn any_attr(lines: &[crate::sdp::Line<'_>], f: impl Fn(&AttrValue<'_>) -> bool) -> bool {
    lines
        .iter()
        .filter_map(|l| l.attribute())
        .any(|a| f(&a.parsed))
}

/// The effective `a=ice-ufrag` of a section: its own, else the session's.
pub(super) fn ufrag<'s>(session: &'s Session<'_>, m: &'s Media<'_>) -> Option<&'s Tok<'s>> {
    m.ice_ufrag().or_else(|| session.ice_ufrag())
}

/// The effective `a=ice-pwd` of a section: its own, else the session's.
pub(super) fn pwd<'s>(session: &'s Session<'_>, m: &'s Media<'_>) -> Option<&'s Tok<'s>> {
    m.ice_pwd().or_else(|| session.ice_pwd())
}
