//! The model: a [`Session`] of session-level lines and [`Media`] sections, every line kept in
//! input order with its span, its ending and its typed value. Borrowed from the input
//! (`Session<'a>`); [`IntoOwned`] gives a `Session<'static>`.
//!
//! Lines are the unit of storage, so that the writer can give the input back byte for byte;
//! typed views (`attributes()`, `rtpmaps()`, `mid()`, ...) are iterators over them.

use super::attributes::{
    AttrValue, Attribute, Direction, Extmap, Fingerprint, Fmtp, Group, Rtpmap, Setup, Ssrc,
};
use super::grammar::{Bandwidth, Connection, Key, MediaLine, Origin, Timing};
use super::lines::LineEnding;
use crate::diag::Diagnostic;
use crate::ice::Candidate;
use crate::span::{Expected, IntoOwned, Span, Tok};
use serde::Serialize;

/// A parsed session description (RFC 8866 §5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Session<'a> {
    /// Session-level lines (before the first `m=`), in input order.
    pub lines: Vec<Line<'a>>,
    /// Media descriptions, in order.
    pub media: Vec<Media<'a>>,
    /// Input left unparsed because a limit was reached (empty normally); written back as is.
    pub rest: Tok<'a>,
    /// Syntax findings, in input order.
    pub diagnostics: Vec<Diagnostic>,
}

/// A media description: its `m=` line and the lines after it, up to the next `m=`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Media<'a> {
    /// The lines of the section; `lines[0]` is the `m=` line.
    pub lines: Vec<Line<'a>>,
}

/// One line: its text, ending and typed value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line<'a> {
    /// The whole line without its ending, with its span.
    pub text: Tok<'a>,
    /// How the line ended in the input.
    pub ending: LineEnding,
    /// What the line says.
    pub value: Value<'a>,
}

/// The typed value of a line, by line type (RFC 8866 §5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "kebab-case")]
pub enum Value<'a> {
    /// `v=` (§5.1): the protocol version.
    Version(Tok<'a>),
    /// `o=` (§5.2).
    Origin(Box<Origin<'a>>),
    /// `s=` (§5.3).
    SessionName(Tok<'a>),
    /// `i=` (§5.4).
    Information(Tok<'a>),
    /// `u=` (§5.5).
    Uri(Tok<'a>),
    /// `e=` (§5.6).
    Email(Tok<'a>),
    /// `p=` (§5.6).
    Phone(Tok<'a>),
    /// `c=` (§5.7).
    Connection(Connection<'a>),
    /// `b=` (§5.8).
    Bandwidth(Bandwidth<'a>),
    /// `t=` (§5.9).
    Timing(Timing),
    /// `r=` (§5.10): the typed times.
    Repeat(Vec<Tok<'a>>),
    /// `z=` (§5.11): adjustment times and offsets.
    Zone(Vec<Tok<'a>>),
    /// `k=` (§5.12).
    Key(Key<'a>),
    /// `a=` (§5.13).
    Attribute(Attribute<'a>),
    /// `m=` (§5.14).
    Media(MediaLine<'a>),
    /// An empty line.
    Empty,
    /// A line with a type letter RFC 8866 does not define; kept as is.
    Unknown,
    /// A line whose value failed its grammar, or that is not `x=...` at all; kept raw.
    Invalid(Expected),
}

impl<'a> Line<'a> {
    /// The line type letter (`a`, `m`, ...), if the line has the `x=` form.
    pub fn line_type(&self) -> Option<char> {
        let b = self.text.as_bytes();
        (b.len() >= 2 && b[1] == b'=').then(|| b[0] as char)
    }

    /// The attribute, if this is an `a=` line.
    pub fn attribute(&self) -> Option<&Attribute<'a>> {
        match &self.value {
            Value::Attribute(a) => Some(a),
            _ => None,
        }
    }

    /// Where the line is.
    pub fn span(&self) -> Span {
        self.text.span
    }
}

/// Typed views shared by the session level and media sections.
macro_rules! attribute_views {
    () => {
        /// The attributes, in order.
        pub fn attributes(&self) -> impl Iterator<Item = &Attribute<'a>> {
            self.lines.iter().filter_map(Line::attribute)
        }

        /// The typed values of the attributes, in order.
        pub fn attribute_values(&self) -> impl Iterator<Item = &AttrValue<'a>> {
            self.attributes().map(|a| &a.parsed)
        }

        /// The first attribute named `name` (typed or not).
        pub fn attribute(&self, name: &str) -> Option<&Attribute<'a>> {
            self.attributes().find(|a| a.name.as_str() == name)
        }

        /// `a=ice-ufrag` (RFC 8839 §5.4).
        pub fn ice_ufrag(&self) -> Option<&Tok<'a>> {
            self.attribute_values().find_map(|v| match v {
                AttrValue::IceUfrag(t) => Some(t),
                _ => None,
            })
        }

        /// `a=ice-pwd` (RFC 8839 §5.4).
        pub fn ice_pwd(&self) -> Option<&Tok<'a>> {
            self.attribute_values().find_map(|v| match v {
                AttrValue::IcePwd(t) => Some(t),
                _ => None,
            })
        }

        /// `a=fingerprint` lines (RFC 8122 §5).
        pub fn fingerprints(&self) -> impl Iterator<Item = &Fingerprint<'a>> {
            self.attribute_values().filter_map(|v| match v {
                AttrValue::Fingerprint(f) => Some(f),
                _ => None,
            })
        }

        /// `a=setup` (RFC 4145 §4).
        pub fn setup(&self) -> Option<Setup> {
            self.attribute_values().find_map(|v| match v {
                AttrValue::Setup(s) => Some(*s),
                _ => None,
            })
        }

        /// The direction attribute, if any (RFC 8866 §6.7).
        pub fn direction(&self) -> Option<Direction> {
            self.attribute_values().find_map(|v| match v {
                AttrValue::Direction(d) => Some(*d),
                _ => None,
            })
        }

        /// `a=extmap` lines (RFC 8285).
        pub fn extmaps(&self) -> impl Iterator<Item = &Extmap<'a>> {
            self.attribute_values().filter_map(|v| match v {
                AttrValue::Extmap(e) => Some(e),
                _ => None,
            })
        }

        /// `c=` (RFC 8866 §5.7).
        pub fn connection(&self) -> Option<&Connection<'a>> {
            self.lines.iter().find_map(|l| match &l.value {
                Value::Connection(c) => Some(c),
                _ => None,
            })
        }

        /// `b=` lines (RFC 8866 §5.8).
        pub fn bandwidths(&self) -> impl Iterator<Item = &Bandwidth<'a>> {
            self.lines.iter().filter_map(|l| match &l.value {
                Value::Bandwidth(b) => Some(b),
                _ => None,
            })
        }

        /// Whether a property attribute (`ice-lite`, `rtcp-mux`, ...) is present.
        pub fn has(&self, name: &str) -> bool {
            self.attributes().any(|a| a.name.as_str() == name)
        }
    };
}

impl<'a> Session<'a> {
    attribute_views!();

    /// `o=` (RFC 8866 §5.2).
    pub fn origin(&self) -> Option<&Origin<'a>> {
        self.lines.iter().find_map(|l| match &l.value {
            Value::Origin(o) => Some(&**o),
            _ => None,
        })
    }

    /// `s=` (RFC 8866 §5.3).
    pub fn name(&self) -> Option<&Tok<'a>> {
        self.lines.iter().find_map(|l| match &l.value {
            Value::SessionName(s) => Some(s),
            _ => None,
        })
    }

    /// `t=` lines (RFC 8866 §5.9).
    pub fn timings(&self) -> impl Iterator<Item = &Timing> {
        self.lines.iter().filter_map(|l| match &l.value {
            Value::Timing(t) => Some(t),
            _ => None,
        })
    }

    /// `a=group` lines (RFC 5888, RFC 9143).
    pub fn groups(&self) -> impl Iterator<Item = &Group<'a>> {
        self.attribute_values().filter_map(|v| match v {
            AttrValue::Group(g) => Some(g),
            _ => None,
        })
    }

    /// Whether the session is ICE lite (RFC 8839 §5.3).
    pub fn is_ice_lite(&self) -> bool {
        self.has("ice-lite")
    }

    /// Whether the description says its agent gathered all its candidates: an
    /// `a=end-of-candidates` at session level or in any media section (RFC 8840 §8.2).
    pub fn gathering_ended(&self) -> bool {
        self.has("end-of-candidates") || self.media.iter().any(|m| m.has("end-of-candidates"))
    }

    /// Every line, session level first, then each media section's, in input order.
    pub fn all_lines(&self) -> impl Iterator<Item = &Line<'a>> {
        self.lines
            .iter()
            .chain(self.media.iter().flat_map(|m| m.lines.iter()))
    }

    /// The media section whose `a=mid` is `mid`.
    pub fn media_by_mid(&self, mid: &str) -> Option<&Media<'a>> {
        self.media
            .iter()
            .find(|m| m.mid().is_some_and(|t| t.as_str() == mid))
    }
}

impl<'a> Media<'a> {
    attribute_views!();

    /// The `m=` line, if it parsed.
    pub fn media_line(&self) -> Option<&MediaLine<'a>> {
        match self.lines.first().map(|l| &l.value) {
            Some(Value::Media(m)) => Some(m),
            _ => None,
        }
    }

    /// The media type (`audio`, `video`, `application`, ...), if the `m=` line parsed.
    pub fn kind(&self) -> Option<&str> {
        self.media_line().map(|m| m.media.as_str())
    }

    /// The port of the `m=` line (0: rejected or bundle-only).
    pub fn port(&self) -> Option<u16> {
        self.media_line().map(|m| m.port_value)
    }

    /// `a=mid` (RFC 5888 §4).
    pub fn mid(&self) -> Option<&Tok<'a>> {
        self.attribute_values().find_map(|v| match v {
            AttrValue::Mid(t) => Some(t),
            _ => None,
        })
    }

    /// `a=rtpmap` lines (RFC 8866 §6.6).
    pub fn rtpmaps(&self) -> impl Iterator<Item = &Rtpmap<'a>> {
        self.attribute_values().filter_map(|v| match v {
            AttrValue::Rtpmap(r) => Some(r),
            _ => None,
        })
    }

    /// The rtpmap of payload type `pt`.
    pub fn rtpmap(&self, pt: u8) -> Option<&Rtpmap<'a>> {
        self.rtpmaps().find(|r| r.payload_type == pt)
    }

    /// `a=fmtp` lines (RFC 8866 §6.15).
    pub fn fmtps(&self) -> impl Iterator<Item = &Fmtp<'a>> {
        self.attribute_values().filter_map(|v| match v {
            AttrValue::Fmtp(f) => Some(f),
            _ => None,
        })
    }

    /// The fmtp of payload type `pt`.
    pub fn fmtp(&self, pt: u8) -> Option<&Fmtp<'a>> {
        self.fmtps().find(|f| f.payload_type() == Some(pt))
    }

    /// `a=candidate` lines (RFC 8839 §5.1).
    pub fn candidates(&self) -> impl Iterator<Item = &Candidate<'a>> {
        self.attribute_values().filter_map(|v| match v {
            AttrValue::Candidate(c) => Some(&**c),
            _ => None,
        })
    }

    /// `a=ssrc` lines (RFC 5576).
    pub fn ssrcs(&self) -> impl Iterator<Item = &Ssrc<'a>> {
        self.attribute_values().filter_map(|v| match v {
            AttrValue::Ssrc(s) => Some(s),
            _ => None,
        })
    }

    /// `a=sctp-port` (RFC 8841).
    pub fn sctp_port(&self) -> Option<u16> {
        self.attribute_values().find_map(|v| match v {
            AttrValue::SctpPort(p) => Some(*p),
            _ => None,
        })
    }

    /// `a=max-message-size` in bytes (RFC 8841).
    pub fn max_message_size(&self) -> Option<u64> {
        self.attribute_values().find_map(|v| match v {
            AttrValue::MaxMessageSize(p) => Some(*p),
            _ => None,
        })
    }

    /// Where the section starts (its `m=` line).
    pub fn span(&self) -> Span {
        self.lines.first().map(Line::span).unwrap_or_default()
    }
}

impl IntoOwned for Value<'_> {
    type Owned = Value<'static>;
    fn into_owned(self) -> Value<'static> {
        match self {
            Value::Version(x) => Value::Version(x.into_owned()),
            Value::Origin(x) => Value::Origin(Box::new((*x).into_owned())),
            Value::SessionName(x) => Value::SessionName(x.into_owned()),
            Value::Information(x) => Value::Information(x.into_owned()),
            Value::Uri(x) => Value::Uri(x.into_owned()),
            Value::Email(x) => Value::Email(x.into_owned()),
            Value::Phone(x) => Value::Phone(x.into_owned()),
            Value::Connection(x) => Value::Connection(x.into_owned()),
            Value::Bandwidth(x) => Value::Bandwidth(x.into_owned()),
            Value::Timing(x) => Value::Timing(x),
            Value::Repeat(x) => Value::Repeat(x.into_owned()),
            Value::Zone(x) => Value::Zone(x.into_owned()),
            Value::Key(x) => Value::Key(x.into_owned()),
            Value::Attribute(x) => Value::Attribute(x.into_owned()),
            Value::Media(x) => Value::Media(x.into_owned()),
            Value::Empty => Value::Empty,
            Value::Unknown => Value::Unknown,
            Value::Invalid(e) => Value::Invalid(e),
        }
    }
}

crate::impl_into_owned!(Line {
    text,
    ending,
    value
});
crate::impl_into_owned!(Media { lines });
crate::impl_owned_is_self!(LineEnding, Diagnostic);

impl IntoOwned for Session<'_> {
    type Owned = Session<'static>;
    fn into_owned(self) -> Session<'static> {
        Session {
            lines: self.lines.into_owned(),
            media: self.media.into_owned(),
            rest: self.rest.into_owned(),
            diagnostics: self.diagnostics,
        }
    }
}

impl Session<'_> {
    /// The same session owning all its text, for callers that must outlive the input.
    pub fn into_owned(self) -> Session<'static> {
        IntoOwned::into_owned(self)
    }
}
