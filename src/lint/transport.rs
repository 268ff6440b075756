//! Transports: which media sections share one ICE/DTLS transport, and where the transport
//! parameters of a section come from. Shared by the ICE, DTLS and BUNDLE rules.
//!
//! A section's transport parameters (`ice-ufrag`, `ice-pwd`, `fingerprint`, `setup`) are its
//! own, else the session-level ones (RFC 8866 §5.13), else — for a section in a BUNDLE group —
//! those of the group's tagged section (the first mid, RFC 9143 §7.1.3: once bundled only the
//! tagged section's count, and JSEP lets the other sections omit them).

use super::context::{Context, Scope, Section};
use crate::sdp::grammar::MediaLine;
use crate::sdp::Session;
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

/// The `BUNDLE` groups of the description, in order; `sections` are its media sections as
/// [`Context`] indexes them.
pub(super) fn bundles<'s>(
    session: &'s Session<'_>,
    sections: &[Section<'_, '_>],
) -> Vec<Bundle<'s>> {
    session
        .groups()
        .filter(|g| g.is_bundle())
        .map(|g| {
            let mids: Vec<Tok<'s>> = g.mids().collect();
            let members = mids
                .iter()
                .map(|m| {
                    sections
                        .iter()
                        .position(|s| s.attrs.mid.is_some_and(|t| t.as_str() == m.as_str()))
                })
                .collect();
            Bundle { mids, members }
        })
        .collect()
}

/// Whether an `m=` line's proto names TLS or DTLS (UDP/TLS/RTP/SAVPF, UDP/DTLS/SCTP,
/// TCP/DTLS/SCTP, DTLS/SCTP, ...): the section uses DTLS.
pub(super) fn proto_uses_dtls(l: &MediaLine<'_>) -> bool {
    l.proto.split('/').any(|p| p == "TLS" || p == "DTLS")
}

/// For every section, the index of the section whose transport parameters apply to it: the
/// tagged section of its BUNDLE group (when there is one that is not rejected), else itself.
pub(super) fn owners(sections: &[Section<'_, '_>], bundles: &[Bundle<'_>]) -> Vec<usize> {
    let mut owner: Vec<usize> = (0..sections.len()).collect();
    for b in bundles {
        let Some(t) = b.tagged().filter(|&t| !sections[t].is_rejected()) else {
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

/// Where `has(scope)` is satisfied for section `i`: its own attributes, the session level, or
/// the tagged section of its group ([`Context::owners`]).
pub(super) fn find(cx: &Context<'_, '_>, i: usize, has: impl Fn(&Scope<'_, '_>) -> bool) -> Found {
    let owner = cx.owners[i];
    if has(&cx.sections[i].attrs) {
        Found::Own
    } else if has(&cx.top) {
        Found::Session
    } else if owner != i && has(&cx.sections[owner].attrs) {
        Found::Tagged
    } else {
        Found::Missing
    }
}
