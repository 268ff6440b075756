//! What several rule families ask of one description, gathered once: per scope (the session
//! level and each media section) the attributes the transport, RTP and structure rules look up,
//! and the BUNDLE groups with the section each one's transport comes from.
//!
//! [`super::check_as`] builds one [`Context`] and hands it to every family, so that a lookup
//! such as "does this section have `a=rtcp-mux`" or "which section carries mid 3" costs a field
//! read instead of another walk over the lines.

use super::transport::{self, Bundle};
use crate::sdp::attributes::{AttrValue, Fingerprint, Setup};
use crate::sdp::grammar::MediaLine;
use crate::sdp::{Line, Media, Session};
use crate::span::Tok;

/// One description, indexed for the rules.
pub(super) struct Context<'s, 'a> {
    /// The description.
    pub session: &'s Session<'a>,
    /// The session-level attributes.
    pub top: Scope<'s, 'a>,
    /// The media sections, in order (index `i` is `session.media[i]`).
    pub sections: Vec<Section<'s, 'a>>,
    /// The `BUNDLE` groups, in order.
    pub bundles: Vec<Bundle<'s>>,
    /// For every section, the index of the section whose transport parameters apply to it
    /// ([`transport::owners`]).
    pub owners: Vec<usize>,
}

/// The attributes of one scope (session level or one media section) that rules look up.
/// Typed lookups take the first attribute of that type, as [`Media::mid`] and
/// [`Media::ice_ufrag`] do; presence flags compare names exactly, as [`Media::has`] does.
#[derive(Default)]
pub(super) struct Scope<'s, 'a> {
    /// The first `a=mid` (RFC 5888 §4).
    pub mid: Option<&'s Tok<'a>>,
    /// The first `a=ice-ufrag` (RFC 8839 §5.4).
    pub ufrag: Option<&'s Tok<'a>>,
    /// The first `a=ice-pwd` (RFC 8839 §5.4).
    pub pwd: Option<&'s Tok<'a>>,
    /// The first `a=fingerprint` that parsed (RFC 8122 §5).
    pub fingerprint: Option<&'s Fingerprint<'a>>,
    /// How many `a=fingerprint` lines parsed.
    pub fingerprints: usize,
    /// Whether there is an `a=setup` that parsed (RFC 4145 §4).
    pub setup: bool,
    /// Whether there is an `a=setup:holdconn` (RFC 4145 §4).
    pub holdconn: bool,
    /// Whether there is an `a=tls-id` that parsed (RFC 8842 §4).
    pub tls_id: bool,
    /// Whether an `a=ice-options` lists `trickle` (RFC 8838 §4.1.1).
    pub trickle: bool,
    /// `a=rtcp-mux` is present (RFC 5761 §5.1.1).
    pub rtcp_mux: bool,
    /// `a=bundle-only` is present (RFC 9143 §6).
    pub bundle_only: bool,
    /// `a=extmap-allow-mixed` is present (RFC 8285 §6).
    pub extmap_allow_mixed: bool,
    /// `a=sctpmap` is present (draft-ietf-mmusic-sctp-sdp-05).
    pub sctpmap: bool,
}

impl<'s, 'a> Scope<'s, 'a> {
    /// One pass over `lines`.
    fn of(lines: &'s [Line<'a>]) -> Self {
        let mut s = Scope::default();
        for a in lines.iter().filter_map(Line::attribute) {
            match &a.parsed {
                AttrValue::Mid(t) => {
                    s.mid.get_or_insert(t);
                }
                AttrValue::IceUfrag(t) => {
                    s.ufrag.get_or_insert(t);
                }
                AttrValue::IcePwd(t) => {
                    s.pwd.get_or_insert(t);
                }
                AttrValue::Fingerprint(f) => {
                    s.fingerprint.get_or_insert(f);
                    s.fingerprints += 1;
                }
                AttrValue::Setup(setup) => {
                    s.setup = true;
                    s.holdconn |= *setup == Setup::Holdconn;
                }
                AttrValue::TlsId(_) => s.tls_id = true,
                AttrValue::IceOptions(o) => s.trickle |= o.has("trickle"),
                // The parser types attributes by their exact name: none of the arms above,
                // nor these common ones, is a name the flags below look for.
                AttrValue::Rtpmap(_)
                | AttrValue::RtcpFb(_)
                | AttrValue::Fmtp(_)
                | AttrValue::Candidate(_)
                | AttrValue::Ssrc(_)
                | AttrValue::Extmap(_) => {}
                // By name, as `Media::has`: a flag with a value (an invalid line) counts too.
                _ => match a.name.as_str() {
                    "rtcp-mux" => s.rtcp_mux = true,
                    "bundle-only" => s.bundle_only = true,
                    "extmap-allow-mixed" => s.extmap_allow_mixed = true,
                    "sctpmap" => s.sctpmap = true,
                    _ => {}
                },
            }
        }
        s
    }
}

/// A media section and what the rules ask of it.
pub(super) struct Section<'s, 'a> {
    /// The section.
    pub media: &'s Media<'a>,
    /// Its `m=` line, if it parsed.
    pub line: Option<&'s MediaLine<'a>>,
    /// Its attributes.
    pub attrs: Scope<'s, 'a>,
    /// Whether its proto names TLS or DTLS ([`transport::proto_uses_dtls`]).
    dtls: bool,
}

impl Section<'_, '_> {
    /// Whether the section is rejected: port 0 without `a=bundle-only` (RFC 3264 §6, RFC 9143
    /// §6). A section whose `m=` line did not parse counts as rejected: nothing can be said
    /// about it.
    pub fn is_rejected(&self) -> bool {
        match self.line.map(|l| l.port_value) {
            Some(0) => !self.attrs.bundle_only,
            Some(_) => false,
            None => true,
        }
    }

    /// Whether the section takes part in the session: not port 0 without bundle-only (unlike
    /// [`Section::is_rejected`], an `m=` line that did not parse counts as active).
    pub fn is_active(&self) -> bool {
        self.line.map(|l| l.port_value) != Some(0) || self.attrs.bundle_only
    }

    /// Whether the section uses DTLS: its `m=` line parsed and its proto names TLS or DTLS.
    pub fn uses_dtls(&self) -> bool {
        self.dtls
    }
}

impl<'s, 'a> Context<'s, 'a> {
    /// Indexes `session`: one pass over its lines, then the BUNDLE groups.
    pub fn new(session: &'s Session<'a>) -> Self {
        let sections: Vec<Section<'s, 'a>> = session
            .media
            .iter()
            .map(|m| {
                let line = m.media_line();
                Section {
                    media: m,
                    line,
                    attrs: Scope::of(&m.lines),
                    dtls: line.is_some_and(transport::proto_uses_dtls),
                }
            })
            .collect();
        let bundles = transport::bundles(session, &sections);
        let owners = transport::owners(&sections, &bundles);
        Context {
            session,
            top: Scope::of(&session.lines),
            sections,
            bundles,
            owners,
        }
    }

    /// The effective `a=ice-ufrag` of section `i`: its own, else the session's.
    pub fn ufrag(&self, i: usize) -> Option<&'s Tok<'a>> {
        self.sections[i].attrs.ufrag.or(self.top.ufrag)
    }

    /// The effective `a=ice-pwd` of section `i`: its own, else the session's.
    pub fn pwd(&self, i: usize) -> Option<&'s Tok<'a>> {
        self.sections[i].attrs.pwd.or(self.top.pwd)
    }
}

/// For the families' unit tests: (code, line, column) of what `check` reports on `text`,
/// after asserting, when `clean` is set, that the text parses without syntax findings.
#[cfg(test)]
pub(super) fn findings_of(
    check: fn(&Context<'_, '_>, &mut Vec<crate::diag::Diagnostic>),
    text: &str,
    clean: bool,
) -> Vec<(&'static str, u32, u32)> {
    let s = crate::sdp::parse(text);
    if clean {
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
    }
    let mut out = Vec::new();
    check(&Context::new(&s), &mut out);
    out.iter()
        .map(|d| (d.code, d.span.line, d.span.column))
        .collect()
}
