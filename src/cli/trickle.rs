//! Trickled candidates (RFC 8838), which trickle ICE keeps out of the descriptions: read from
//! `--offer-candidates` / `--answer-candidates` (candidate lists or webrtc-internals dumps)
//! for `candidate --pairs`, which places them in the transports of the offer/answer so that
//! the check lists are those of the call, and for `pcap`, which types the pair ends with them.

use super::candidate_cmd::Source;
use super::output::read_input;
use rtcinspect::handshake::Side;
use rtcinspect::ice::{self, Candidate, IceCandidate};
use rtcinspect::input::{self, InputKind};
use rtcinspect::sdp::{self, Session};
use std::path::Path;

/// Reads `--offer-candidates` / `--answer-candidates`: a candidate list, or a
/// webrtc-internals dump (see [`dump_source`]).
pub(super) fn trickled_source(path: Option<&Path>, side: Side) -> Result<Option<Source>, String> {
    let Some(path) = path else {
        return Ok(None);
    };
    let (bytes, name) = read_input(path)?;
    if input::sniff(&bytes) == InputKind::WebrtcInternalsDump {
        return dump_source(&bytes, &name, side).map(Some);
    }
    let text = String::from_utf8(bytes).map_err(|e| format!("{name}: not UTF-8 text ({e})"))?;
    Ok(Some(Source { name, text }))
}

/// The candidates of `side` in a `chrome://webrtc-internals` dump, as `RTCIceCandidateInit`
/// JSON Lines: in the first peer connection that logged a description of its own, those it
/// gathered (`onicecandidate`) when it is `side`, else those it was given (`addIceCandidate`).
pub(super) fn dump_source(bytes: &[u8], name: &str, side: Side) -> Result<Source, String> {
    let candidates = input::dump_candidates(bytes).map_err(|e| format!("{name}: {e}"))?;
    let own = side.description_type();
    let typed =
        |c: &&input::DumpCandidate| matches!(c.local_type.as_deref(), Some("offer" | "answer"));
    let Some(first) = candidates.iter().find(typed) else {
        if candidates.is_empty() {
            return Ok(Source {
                name: format!("{name} (no candidates logged)"),
                text: String::new(),
            });
        }
        return Err(format!(
            "{name}: no peer connection in the dump has a local description to tell its side"
        ));
    };
    let pc = &first.peer_connection;
    let gathered = first.local_type.as_deref() == Some(own);
    let lines: Vec<&str> = candidates
        .iter()
        .filter(|c| &c.peer_connection == pc && c.local == gathered)
        .map(|c| c.init.as_str())
        .collect();
    let event = if gathered {
        "onicecandidate"
    } else {
        "addIceCandidate"
    };
    Ok(Source {
        name: format!("{name} (peer connection {pc}, {event})"),
        text: lines.join("\n"),
    })
}

/// The candidates of a source read with [`trickled_source`] or [`dump_source`].
pub(super) fn trickled_list(
    source: Option<&Source>,
) -> Result<Option<ice::CandidateList<'_>>, String> {
    source
        .map(|s| ice::parse_list(&s.text).map_err(|e| format!("{}: {e}", s.name)))
        .transpose()
}

/// Places one side's trickled candidates (RFC 8838) in the transports of the offer/answer,
/// as `addIceCandidate()` does (W3C WebRTC): in the m-section named by `sdpMid`, else by
/// `sdpMLineIndex`; a candidate naming neither goes to the only transport when there is
/// one. Candidates of another ufrag (`usernameFragment` or the `ufrag` extension against
/// the section's a=ice-ufrag: an earlier ICE generation) are left out, as agents drop them.
pub(super) struct Placing<'t, 'a> {
    session: &'t Session<'a>,
    /// Each candidate, the m-section it names (index into `session.media`) and where it went.
    candidates: Vec<(&'t IceCandidate<'a>, Option<usize>, Placed)>,
}

/// Where one side's trickled candidates went.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub(super) struct Counts {
    /// In a transport's check lists.
    pub(super) used: usize,
    /// Carried by the description already (or given twice).
    pub(super) already_in_description: usize,
    /// Left out: another ufrag than their m-section's.
    pub(super) other_ufrag: usize,
    /// For m-sections without a transport of their own: bundled on another (RFC 9143 §7.2:
    /// only the tagged m-section's candidates count) or rejected.
    pub(super) without_own_transport: usize,
    /// Naming an m-section (mid or index) the description lacks.
    pub(super) unknown_section: usize,
    /// Naming no m-section while there are several transports.
    pub(super) no_section_named: usize,
}

/// What became of one trickled candidate.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Placed {
    /// Not (yet) taken by a transport.
    Pending,
    /// In a transport's check lists.
    Used,
    /// Its ufrag is not that of its m-section.
    OtherUfrag,
    /// The description carries it already (an agent ignores a candidate it has).
    Duplicate,
}

impl<'t, 'a> Placing<'t, 'a> {
    pub(super) fn new(session: &'t Session<'a>, list: Option<&'t ice::CandidateList<'a>>) -> Self {
        let candidates = list
            .map_or(&[][..], |l| l.candidates.as_slice())
            .iter()
            .map(|c| (c, section_of(session, c), Placed::Pending))
            .collect();
        Placing {
            session,
            candidates,
        }
    }

    /// The candidates for the transport of `sections` that `existing` (the description's)
    /// does not hold already; `only`: it is the only transport.
    pub(super) fn take(
        &mut self,
        sections: &[&'t sdp::Media<'a>],
        existing: &[&Candidate<'_>],
        only: bool,
    ) -> Vec<&'t Candidate<'a>> {
        let session = self.session;
        let indices: Vec<usize> = sections
            .iter()
            .filter_map(|s| session.media.iter().position(|m| std::ptr::eq(m, *s)))
            .collect();
        let mut out: Vec<&'t Candidate<'a>> = Vec::new();
        for (c, at, placed) in &mut self.candidates {
            let section = match *at {
                Some(i) if indices.contains(&i) => i,
                None if only && names_nothing(c) => match indices.first() {
                    Some(&i) => i,
                    None => continue,
                },
                _ => continue,
            };
            let expected = session
                .media
                .get(section)
                .and_then(|m| m.ice_ufrag().or_else(|| session.ice_ufrag()))
                .map(|t| t.as_str());
            // The same transport address for the same component is the same candidate.
            let key = |e: &Candidate<'_>| (e.component_id, e.port_value, e.transport_kind());
            let same = |e: &Candidate<'_>| {
                key(e) == key(&c.candidate) && e.address_kind() == c.candidate.address_kind()
            };
            let held = existing.iter().chain(&out).any(|e| same(e));
            *placed = match (c.ufrag(), expected) {
                (Some(u), Some(e)) if u != e => Placed::OtherUfrag,
                _ if held => Placed::Duplicate,
                _ => {
                    out.push(&c.candidate);
                    Placed::Used
                }
            };
        }
        out
    }

    /// How many candidates ended where.
    pub(super) fn counts(&self) -> Counts {
        let mut n = Counts::default();
        for (c, at, placed) in &self.candidates {
            let count = match (placed, at) {
                (Placed::Used, _) => &mut n.used,
                (Placed::OtherUfrag, _) => &mut n.other_ufrag,
                (Placed::Duplicate, _) => &mut n.already_in_description,
                (Placed::Pending, Some(_)) => &mut n.without_own_transport,
                (Placed::Pending, None) if !names_nothing(c) => &mut n.unknown_section,
                (Placed::Pending, None) => &mut n.no_section_named,
            };
            *count += 1;
        }
        n
    }

    /// One line for the text report: how many candidates were read and where they went.
    pub(super) fn summary(&self, side: &str, name: &str, list: &ice::CandidateList<'_>) -> String {
        let n = self.counts();
        let mut parts = vec![format!("{} used", n.used)];
        for (n, what) in [
            (
                n.without_own_transport,
                "for m-sections without a transport of their own (bundled, RFC 9143 §7.2, or rejected)",
            ),
            (n.already_in_description, "already in the description"),
            (n.other_ufrag, "for another ufrag (left out)"),
            (n.unknown_section, "naming an m-section the description lacks"),
            (
                n.no_section_named,
                "without sdpMid or sdpMLineIndex (several transports: left out)",
            ),
            (list.invalid.len(), "unreadable"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        format!(
            "{side}: {} trickled candidate(s) from {name}: {}\n",
            list.candidates.len() + list.invalid.len(),
            parts.join(", ")
        )
    }
}

fn names_nothing(c: &IceCandidate<'_>) -> bool {
    c.sdp_mid.is_none() && c.sdp_mline_index.is_none()
}

/// The m-section a trickled candidate names: by `sdpMid`, else by `sdpMLineIndex`.
fn section_of(session: &Session<'_>, c: &IceCandidate<'_>) -> Option<usize> {
    match (&c.sdp_mid, c.sdp_mline_index) {
        (Some(mid), _) => session
            .media
            .iter()
            .position(|m| m.mid().is_some_and(|t| t.as_str() == mid.as_str())),
        (None, Some(i)) => Some(usize::from(i)).filter(|i| *i < session.media.len()),
        (None, None) => None,
    }
}
