//! Phase 3: typed attributes (`a=` lines), one module per family. Each parser takes the value
//! after `a=name:` and returns a typed value borrowing from the input, or the place where the
//! grammar failed. Unknown attributes are kept raw, in order.

pub mod bundle;
pub mod dtls;
pub mod ice;
pub mod identity;
pub mod rtp;
pub mod sctp;

pub use bundle::{Group, MsidSemantic};
pub use dtls::{Fingerprint, Setup};
pub use ice::{IceOptions, RemoteCandidates};
pub use identity::{Msid, Rid, RidDirection, Simulcast, SimulcastRid, Ssrc, SsrcGroup};
pub use rtp::{Extmap, Fmtp, FmtpParameter, Rtcp, RtcpFb, Rtpmap};
pub use sctp::Sctpmap;

use super::fields::token;
use super::Limits;
use crate::ice::Candidate;
use crate::span::{Anchor, Expected, IntoOwned, Span, Tok};
use serde::Serialize;
use std::fmt;

/// Media direction (RFC 8866 §6.7, RFC 3264 §5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// `sendrecv` (the default when none is given).
    SendRecv,
    /// `sendonly`.
    SendOnly,
    /// `recvonly`.
    RecvOnly,
    /// `inactive`.
    Inactive,
}
crate::impl_owned_is_self!(Direction);

impl Direction {
    /// The attribute name.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::SendRecv => "sendrecv",
            Direction::SendOnly => "sendonly",
            Direction::RecvOnly => "recvonly",
            Direction::Inactive => "inactive",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The typed value of an attribute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum AttrValue<'a> {
    /// `a=group` (RFC 5888, RFC 9143).
    Group(Group<'a>),
    /// `a=msid-semantic`.
    MsidSemantic(MsidSemantic<'a>),
    /// `a=ice-ufrag` (RFC 8839 §5.4).
    IceUfrag(Tok<'a>),
    /// `a=ice-pwd` (RFC 8839 §5.4).
    IcePwd(Tok<'a>),
    /// `a=ice-options` (RFC 8839 §5.6).
    IceOptions(IceOptions<'a>),
    /// `a=ice-lite` (RFC 8839 §5.3).
    IceLite,
    /// `a=fingerprint` (RFC 8122 §5).
    Fingerprint(Fingerprint<'a>),
    /// `a=setup` (RFC 4145 §4).
    Setup(Setup),
    /// `a=tls-id` (RFC 8842 §4).
    TlsId(Tok<'a>),
    /// `a=mid` (RFC 5888 §4).
    Mid(Tok<'a>),
    /// `a=sendrecv` / `sendonly` / `recvonly` / `inactive` (RFC 8866 §6.7).
    Direction(Direction),
    /// `a=msid` (RFC 8830).
    Msid(Msid<'a>),
    /// `a=rtcp` (RFC 3605).
    Rtcp(Rtcp<'a>),
    /// `a=rtcp-mux` (RFC 5761 §5.1.1).
    RtcpMux,
    /// `a=rtcp-mux-only` (RFC 8858).
    RtcpMuxOnly,
    /// `a=rtcp-rsize` (RFC 5506).
    RtcpRsize,
    /// `a=rtpmap` (RFC 8866 §6.6).
    Rtpmap(Rtpmap<'a>),
    /// `a=fmtp` (RFC 8866 §6.15).
    Fmtp(Fmtp<'a>),
    /// `a=rtcp-fb` (RFC 4585 §4.2).
    RtcpFb(RtcpFb<'a>),
    /// `a=extmap` (RFC 8285 §8).
    Extmap(Extmap<'a>),
    /// `a=extmap-allow-mixed` (RFC 8285 §6).
    ExtmapAllowMixed,
    /// `a=ssrc` (RFC 5576 §4.1).
    Ssrc(Ssrc<'a>),
    /// `a=ssrc-group` (RFC 5576 §4.2).
    SsrcGroup(SsrcGroup<'a>),
    /// `a=rid` (RFC 8851).
    Rid(Rid<'a>),
    /// `a=simulcast` (RFC 8853).
    Simulcast(Simulcast<'a>),
    /// `a=candidate` (RFC 8839 §5.1).
    Candidate(Box<Candidate<'a>>),
    /// `a=end-of-candidates` (RFC 8840 §8.2).
    EndOfCandidates,
    /// `a=remote-candidates` (RFC 8839 §5.2).
    RemoteCandidates(RemoteCandidates<'a>),
    /// `a=sctp-port` (RFC 8841 §5.1).
    SctpPort(u16),
    /// `a=max-message-size` in bytes (RFC 8841 §6.1).
    MaxMessageSize(u64),
    /// `a=sctpmap` (legacy).
    Sctpmap(Sctpmap<'a>),
    /// `a=ptime` in ms (RFC 8866 §6.4).
    Ptime(Tok<'a>),
    /// `a=maxptime` in ms (RFC 8866 §6.5).
    Maxptime(Tok<'a>),
    /// `a=framerate` in frames/s (RFC 8866 §6.8).
    Framerate(Tok<'a>),
    /// `a=label` (RFC 4574).
    Label(Tok<'a>),
    /// `a=content` (RFC 4796).
    Content(Tok<'a>),
    /// `a=bundle-only` (RFC 9143 §6).
    BundleOnly,
    /// An attribute this parser does not know; its raw value is in [`Attribute::value`].
    Unknown,
    /// A known attribute whose value failed its grammar; the raw value is kept in
    /// [`Attribute::value`] and a diagnostic says where and what was expected.
    Invalid(Expected),
}

/// One `a=` line: its name, raw value and typed value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Attribute<'a> {
    /// The attribute name (`rtpmap`), with its span.
    pub name: Tok<'a>,
    /// The raw value after `:`, when there is one.
    pub value: Option<Tok<'a>>,
    /// The typed value.
    pub parsed: AttrValue<'a>,
}

impl IntoOwned for Attribute<'_> {
    type Owned = Attribute<'static>;
    fn into_owned(self) -> Attribute<'static> {
        use AttrValue as V;
        let parsed = match self.parsed {
            V::Group(x) => V::Group(x.into_owned()),
            V::MsidSemantic(x) => V::MsidSemantic(x.into_owned()),
            V::IceUfrag(x) => V::IceUfrag(x.into_owned()),
            V::IcePwd(x) => V::IcePwd(x.into_owned()),
            V::IceOptions(x) => V::IceOptions(x.into_owned()),
            V::IceLite => V::IceLite,
            V::Fingerprint(x) => V::Fingerprint(x.into_owned()),
            V::Setup(x) => V::Setup(x),
            V::TlsId(x) => V::TlsId(x.into_owned()),
            V::Mid(x) => V::Mid(x.into_owned()),
            V::Direction(x) => V::Direction(x),
            V::Msid(x) => V::Msid(x.into_owned()),
            V::Rtcp(x) => V::Rtcp(x.into_owned()),
            V::RtcpMux => V::RtcpMux,
            V::RtcpMuxOnly => V::RtcpMuxOnly,
            V::RtcpRsize => V::RtcpRsize,
            V::Rtpmap(x) => V::Rtpmap(x.into_owned()),
            V::Fmtp(x) => V::Fmtp(x.into_owned()),
            V::RtcpFb(x) => V::RtcpFb(x.into_owned()),
            V::Extmap(x) => V::Extmap(x.into_owned()),
            V::ExtmapAllowMixed => V::ExtmapAllowMixed,
            V::Ssrc(x) => V::Ssrc(x.into_owned()),
            V::SsrcGroup(x) => V::SsrcGroup(x.into_owned()),
            V::Rid(x) => V::Rid(x.into_owned()),
            V::Simulcast(x) => V::Simulcast(x.into_owned()),
            V::Candidate(x) => V::Candidate(Box::new((*x).into_owned())),
            V::EndOfCandidates => V::EndOfCandidates,
            V::RemoteCandidates(x) => V::RemoteCandidates(x.into_owned()),
            V::SctpPort(x) => V::SctpPort(x),
            V::MaxMessageSize(x) => V::MaxMessageSize(x),
            V::Sctpmap(x) => V::Sctpmap(x.into_owned()),
            V::Ptime(x) => V::Ptime(x.into_owned()),
            V::Maxptime(x) => V::Maxptime(x.into_owned()),
            V::Framerate(x) => V::Framerate(x.into_owned()),
            V::Label(x) => V::Label(x.into_owned()),
            V::Content(x) => V::Content(x.into_owned()),
            V::BundleOnly => V::BundleOnly,
            V::Unknown => V::Unknown,
            V::Invalid(e) => V::Invalid(e),
        };
        Attribute {
            name: self.name.into_owned(),
            value: self.value.into_owned(),
            parsed,
        }
    }
}

/// Parses an attribute's value given its name. `value` is `None` for a property attribute
/// (`a=rtcp-mux`). Returns `AttrValue::Unknown` for names it does not know.
///
/// Errors: the place where the value's grammar failed and what was expected; a value on a
/// property attribute, or none on a value attribute, is an error too.
///
/// `name_span` is where the name is, to point just after it when a value is missing.
pub fn parse_value<'a>(
    name: &str,
    name_span: Span,
    value: Option<Anchor<'a>>,
    limits: &Limits,
) -> Result<AttrValue<'a>, Expected> {
    parse_named(Name::of(name.as_bytes()), name_span, value, limits)
}

/// [`parse_value`] for a name already looked up (the parser looks it up first, so that a
/// known name needs no check of its characters).
#[inline]
pub(crate) fn parse_named<'a>(
    name: Name,
    name_span: Span,
    value: Option<Anchor<'a>>,
    limits: &Limits,
) -> Result<AttrValue<'a>, Expected> {
    use AttrValue as V;
    // One dispatch on the name: property attributes take no value, the others need one.
    let flag = |v: AttrValue<'a>| match value {
        None => Ok(v),
        Some(a) => Err(a
            .expected_at(0, "no value (this is a property attribute)")
            .widen_from_colon()),
    };
    let need = || {
        value.ok_or(Expected {
            span: name_span.sub(name_span.len(), 0),
            expected: "`:` and a value",
        })
    };
    Ok(match name {
        Name::IceLite => flag(V::IceLite)?,
        Name::Sendrecv => flag(V::Direction(Direction::SendRecv))?,
        Name::Sendonly => flag(V::Direction(Direction::SendOnly))?,
        Name::Recvonly => flag(V::Direction(Direction::RecvOnly))?,
        Name::Inactive => flag(V::Direction(Direction::Inactive))?,
        Name::RtcpMux => flag(V::RtcpMux)?,
        Name::RtcpMuxOnly => flag(V::RtcpMuxOnly)?,
        Name::RtcpRsize => flag(V::RtcpRsize)?,
        Name::ExtmapAllowMixed => flag(V::ExtmapAllowMixed)?,
        Name::EndOfCandidates => flag(V::EndOfCandidates)?,
        Name::BundleOnly => flag(V::BundleOnly)?,
        Name::Group => V::Group(bundle::group(need()?)?),
        Name::MsidSemantic => V::MsidSemantic(bundle::msid_semantic(need()?)?),
        Name::IceUfrag => V::IceUfrag(ice::ice_chars(need()?)?),
        Name::IcePwd => V::IcePwd(ice::ice_chars(need()?)?),
        Name::IceOptions => V::IceOptions(ice::ice_options(need()?)?),
        Name::Fingerprint => V::Fingerprint(dtls::fingerprint(need()?)?),
        Name::Setup => V::Setup(dtls::setup(need()?)?),
        Name::TlsId => V::TlsId(dtls::tls_id(need()?)?),
        Name::Mid => V::Mid(bundle::mid(need()?)?),
        Name::Msid => V::Msid(identity::msid(need()?)?),
        Name::Rtcp => V::Rtcp(rtp::rtcp(need()?)?),
        Name::Rtpmap => V::Rtpmap(rtp::rtpmap(need()?)?),
        Name::Fmtp => V::Fmtp(rtp::fmtp(need()?)?),
        Name::RtcpFb => V::RtcpFb(rtp::rtcp_fb(need()?)?),
        Name::Extmap => V::Extmap(rtp::extmap(need()?)?),
        Name::Ssrc => V::Ssrc(identity::ssrc(need()?)?),
        Name::SsrcGroup => V::SsrcGroup(identity::ssrc_group(need()?, limits.max_list_items)?),
        Name::Rid => V::Rid(identity::rid(need()?)?),
        Name::Simulcast => V::Simulcast(identity::simulcast(need()?)?),
        Name::Candidate => V::Candidate(Box::new(crate::ice::candidate::parse(
            need()?,
            limits.max_list_items,
        )?)),
        Name::RemoteCandidates => {
            V::RemoteCandidates(ice::remote_candidates(need()?, limits.max_list_items)?)
        }
        Name::SctpPort => V::SctpPort(sctp::sctp_port(need()?)?),
        Name::MaxMessageSize => V::MaxMessageSize(sctp::max_message_size(need()?)?),
        Name::Sctpmap => V::Sctpmap(sctp::sctpmap(need()?)?),
        Name::Ptime => V::Ptime(rtp::decimal(need()?)?),
        Name::Maxptime => V::Maxptime(rtp::decimal(need()?)?),
        Name::Framerate => V::Framerate(rtp::decimal(need()?)?),
        Name::Label => {
            let a = need()?;
            token(&a, a.text, "a label (a token)")?;
            V::Label(a.whole())
        }
        Name::Content => {
            let a = need()?;
            for c in a.text.split(',') {
                token(&a, c, "a content tag (main, slides, alt, speaker, sl)")?;
            }
            V::Content(a.whole())
        }
        Name::Unknown => V::Unknown,
    })
}

/// The attribute names [`parse_value`] knows, told apart by one jump on the length and a
/// few fixed-length compares (instead of comparing the name with each in turn).
#[derive(Clone, Copy)]
pub(crate) enum Name {
    IceLite,
    Sendrecv,
    Sendonly,
    Recvonly,
    Inactive,
    RtcpMux,
    RtcpMuxOnly,
    RtcpRsize,
    ExtmapAllowMixed,
    EndOfCandidates,
    BundleOnly,
    Group,
    MsidSemantic,
    IceUfrag,
    IcePwd,
    IceOptions,
    Fingerprint,
    Setup,
    TlsId,
    Mid,
    Msid,
    Rtcp,
    Rtpmap,
    Fmtp,
    RtcpFb,
    Extmap,
    Ssrc,
    SsrcGroup,
    Rid,
    Simulcast,
    Candidate,
    RemoteCandidates,
    SctpPort,
    MaxMessageSize,
    Sctpmap,
    Ptime,
    Maxptime,
    Framerate,
    Label,
    Content,
    Unknown,
}

impl Name {
    /// Which known attribute `name` names (`Unknown` for any other name).
    pub(crate) fn of(name: &[u8]) -> Name {
        use Name::*;
        match name.len() {
            3 => match name {
                b"mid" => Mid,
                b"rid" => Rid,
                _ => Unknown,
            },
            4 => match name {
                b"msid" => Msid,
                b"rtcp" => Rtcp,
                b"fmtp" => Fmtp,
                b"ssrc" => Ssrc,
                _ => Unknown,
            },
            5 => match name {
                b"group" => Group,
                b"setup" => Setup,
                b"ptime" => Ptime,
                b"label" => Label,
                _ => Unknown,
            },
            6 => match name {
                b"tls-id" => TlsId,
                b"rtpmap" => Rtpmap,
                b"extmap" => Extmap,
                _ => Unknown,
            },
            7 => match name {
                b"ice-pwd" => IcePwd,
                b"rtcp-fb" => RtcpFb,
                b"sctpmap" => Sctpmap,
                b"content" => Content,
                _ => Unknown,
            },
            8 => match name {
                b"ice-lite" => IceLite,
                b"sendrecv" => Sendrecv,
                b"sendonly" => Sendonly,
                b"recvonly" => Recvonly,
                b"inactive" => Inactive,
                b"rtcp-mux" => RtcpMux,
                b"maxptime" => Maxptime,
                _ => Unknown,
            },
            9 => match name {
                b"ice-ufrag" => IceUfrag,
                b"simulcast" => Simulcast,
                b"candidate" => Candidate,
                b"sctp-port" => SctpPort,
                b"framerate" => Framerate,
                _ => Unknown,
            },
            10 => match name {
                b"rtcp-rsize" => RtcpRsize,
                b"ssrc-group" => SsrcGroup,
                _ => Unknown,
            },
            11 => match name {
                b"bundle-only" => BundleOnly,
                b"ice-options" => IceOptions,
                b"fingerprint" => Fingerprint,
                _ => Unknown,
            },
            13 => match name {
                b"rtcp-mux-only" => RtcpMuxOnly,
                b"msid-semantic" => MsidSemantic,
                _ => Unknown,
            },
            16 => match name {
                b"max-message-size" => MaxMessageSize,
                _ => Unknown,
            },
            17 => match name {
                b"end-of-candidates" => EndOfCandidates,
                b"remote-candidates" => RemoteCandidates,
                _ => Unknown,
            },
            18 => match name {
                b"extmap-allow-mixed" => ExtmapAllowMixed,
                _ => Unknown,
            },
            _ => Unknown,
        }
    }
}

impl Expected {
    /// For "no value expected": point one byte earlier, at the `:` that introduced the value.
    fn widen_from_colon(mut self) -> Self {
        if self.span.start > 0 {
            self.span.start -= 1;
            self.span.column = self.span.column.saturating_sub(1).max(1);
        }
        self
    }
}

impl AttrValue<'_> {
    /// Whether the typed value writes a value after `a=name:` (property attributes and raw
    /// values do not).
    fn has_canonical_value(&self) -> bool {
        use AttrValue as V;
        !matches!(
            self,
            V::IceLite
                | V::Direction(_)
                | V::RtcpMux
                | V::RtcpMuxOnly
                | V::RtcpRsize
                | V::ExtmapAllowMixed
                | V::EndOfCandidates
                | V::BundleOnly
                | V::Unknown
                | V::Invalid(_)
        )
    }

    /// Writes the canonical form of the value (what follows `a=name:`).
    fn write_canonical(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use AttrValue as V;
        match self {
            V::Group(x) => write!(f, "{x}"),
            V::MsidSemantic(x) => write!(f, "{x}"),
            V::IceUfrag(x)
            | V::IcePwd(x)
            | V::TlsId(x)
            | V::Mid(x)
            | V::Ptime(x)
            | V::Maxptime(x)
            | V::Framerate(x)
            | V::Label(x)
            | V::Content(x) => write!(f, "{x}"),
            V::IceOptions(x) => write!(f, "{}", x.tags),
            V::Fingerprint(x) => write!(f, "{x}"),
            V::Setup(x) => write!(f, "{x}"),
            V::Msid(x) => write!(f, "{x}"),
            V::Rtcp(x) => write!(f, "{x}"),
            V::Rtpmap(x) => write!(f, "{x}"),
            V::Fmtp(x) => write!(f, "{x}"),
            V::RtcpFb(x) => write!(f, "{x}"),
            V::Extmap(x) => write!(f, "{x}"),
            V::Ssrc(x) => write!(f, "{x}"),
            V::SsrcGroup(x) => write!(f, "{x}"),
            V::Rid(x) => write!(f, "{x}"),
            V::Simulcast(x) => write!(f, "{x}"),
            V::Candidate(x) => write!(f, "{x}"),
            V::RemoteCandidates(x) => write!(f, "{}", x.list),
            V::SctpPort(x) => write!(f, "{x}"),
            V::MaxMessageSize(x) => write!(f, "{x}"),
            V::Sctpmap(x) => write!(f, "{x}"),
            _ => Ok(()),
        }
    }
}

/// The canonical text of the attribute (without `a=`): the name, then `:` and the value
/// rebuilt from its typed form (single spaces, fmtp parameters joined by `;`), or the raw
/// value for unknown and invalid ones.
impl fmt::Display for Attribute<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        match (&self.parsed, &self.value) {
            (AttrValue::Unknown | AttrValue::Invalid(_), Some(v)) => write!(f, ":{v}"),
            (p, _) if p.has_canonical_value() => {
                f.write_str(":")?;
                p.write_canonical(f)
            }
            _ => Ok(()),
        }
    }
}
#[cfg(test)]
mod layout {
    /// Lines are stored by value, and moving them is a large part of a parse: keep them small
    /// (measured with callgrind on real offers; see benches/sdp_parse.rs).
    #[test]
    fn lines_stay_compact() {
        use std::mem::size_of;
        assert!(size_of::<super::AttrValue<'_>>() <= 96);
        assert!(size_of::<super::Attribute<'_>>() <= 176);
        assert!(size_of::<crate::sdp::Line<'_>>() <= 224);
    }
}
