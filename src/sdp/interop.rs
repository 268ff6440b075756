//! Conversion into the webrtc-rs [`sdp`] crate's [`SessionDescription`], for programs that
//! hand a description parsed (and checked) here to a webrtc-rs peer connection, and for
//! differential tests of the two parsers (tests/interop.rs).
//!
//! Two entry points on [`Session`]:
//! - [`Session::to_webrtc_sdp`] (also `SessionDescription::try_from(&session)`) is strict: it
//!   fails with an [`InteropError`] listing every line that the webrtc-rs model cannot hold.
//! - [`Session::to_webrtc_sdp_lossy`] always gives a description, together with the list of
//!   what was left out ([`Conversion::omissions`]).
//!
//! # What is carried over
//! Every line that parsed, into the webrtc-rs field of its type (RFC 8866 §5): `v=` → version,
//! `o=` → origin, `s=`, `i=`, `u=`, `e=`, `p=`, `c=` (address split into address, TTL and
//! number of addresses as §5.7 defines them for IP4 and IP6), `b=` (an `X-` prefix becomes
//! the `experimental` flag), each `t=` with the `r=` lines after it (typed times such as `7d`
//! converted to seconds, §5.10), `z=` (§5.11, pairs appended in order), `k=`, and attributes
//! in order. Media descriptions (§5.14) get their media name (media, port, number of ports,
//! proto split at `/`, formats), `i=` (title), `c=`, `b=`, `k=` and attributes.
//!
//! Attributes are written as webrtc-rs keeps them, as `key` and raw `value` text: a typed
//! attribute is carried as the value exactly as written in the input (not re-serialised), an
//! attribute whose value failed its grammar is carried raw as well, since webrtc-rs does not
//! check attribute values.
//!
//! # What is not carried over (an [`Omission`] each)
//! - lines that failed their line grammar or the line-length limit ([`Value::Invalid`]):
//!   webrtc-rs has typed fields for them, so there is nothing faithful to put there (an `a=`
//!   line whose *value* fails its attribute grammar is still an attribute, carried raw);
//! - lines with a type letter RFC 8866 does not define ([`Value::Unknown`]);
//! - a second `v=`, `o=`, `s=`, `i=`, `u=`, `e=`, `p=`, `c=` or `k=` in one section: webrtc-rs
//!   has a single slot for each (RFC 8866 §5.6 allows several `e=` and `p=`, §5.7 several `c=`
//!   in a media description for multicast; webrtc-rs cannot express those);
//! - lines at a level where webrtc-rs has no field for them (`t=` or `u=` in a media
//!   description, ...), and an `r=` before any `t=`;
//! - numbers beyond the webrtc-rs field types (a session id above `u64::MAX`, typed times that
//!   overflow `i64` seconds), and `u=` values the `url` crate rejects;
//! - a media description whose `m=` line failed its grammar: the whole section is left out,
//!   as webrtc-rs needs a media name;
//! - input beyond the parser's limits ([`Session::rest`]);
//! - a missing `v=`, `o=`, `s=` or `t=` line (§5 requires them): the webrtc-rs defaults would
//!   make up values (an empty origin, no timing) that the input did not say.
//!
//! Layout is not semantic and is not reported: line endings (webrtc-rs writes CRLF), empty
//! lines, and the order of lines of different types (webrtc-rs writes the §5 order).

use super::grammar::{Bandwidth, Connection, Key, MediaLine, Origin, Timing};
use super::model::{Line, Media, Session, Value};
use crate::span::{Span, Tok};
use ::sdp::description::common::{
    Address, Attribute as WebrtcAttribute, Bandwidth as WebrtcBandwidth, ConnectionInformation,
};
use ::sdp::description::media::{MediaDescription, MediaName, RangedPort};
use ::sdp::description::session::{
    Origin as WebrtcOrigin, RepeatTime, SessionDescription, TimeDescription, TimeZone,
    Timing as WebrtcTiming,
};
use serde::Serialize;
use std::fmt;

/// The longest line text kept in an [`Omission`] (bytes); longer lines are cut at a
/// character boundary, so that a 100 MB line does not get copied into the report.
pub const MAX_OMISSION_TEXT: usize = 200;

/// A line (or a group of lines) that could not be carried into the webrtc-rs model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Omission {
    /// Where the line is in the input; for a missing line, an empty span at the end of the
    /// session-level lines.
    pub span: Span,
    /// The line's text, without its ending, at most [`MAX_OMISSION_TEXT`] bytes; empty for a
    /// missing line.
    pub text: String,
    /// Why it was left out.
    pub reason: OmissionReason,
}

/// Why a line could not be carried into the webrtc-rs model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum OmissionReason {
    /// The line failed its grammar ([`Value::Invalid`]); webrtc-rs only has typed fields for
    /// it.
    InvalidLine,
    /// The line type letter is not one RFC 8866 §5 defines ([`Value::Unknown`]).
    UnknownLineType,
    /// A second line of a type for which webrtc-rs keeps one value per section (`v o s i u
    /// e p c k` at session level, `i c k` in a media description).
    Repeated,
    /// A line type webrtc-rs has no field for at this level (e.g. `t=` in a media
    /// description, RFC 8866 §5's media-level lines being `m i c b k a`).
    WrongLevel,
    /// An `r=` line with no `t=` before it (RFC 8866 §5.10 ties repeats to a timing).
    RepeatWithoutTiming,
    /// A number that does not fit the webrtc-rs field (session id or version above `u64`,
    /// typed time beyond `i64` seconds, negative time-zone adjustment time, a port beyond
    /// `isize` on a 16-bit target).
    OutOfRange,
    /// A `u=` value that the `url` crate (used by webrtc-rs) does not accept as a URI.
    InvalidUri,
    /// A media description whose `m=` line failed its grammar, left out as a whole; `lines`
    /// counts its lines, the `m=` line included.
    MediaSection {
        /// Lines in the section.
        lines: usize,
    },
    /// A line RFC 8866 §5 requires is missing: `v`, `o`, `s` or `t`.
    Missing(char),
    /// Input beyond the parser's limits ([`Session::rest`]), never parsed.
    UnparsedTail,
}

impl fmt::Display for OmissionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OmissionReason::InvalidLine => f.write_str("the line failed its grammar"),
            OmissionReason::UnknownLineType => f.write_str("unknown line type"),
            OmissionReason::Repeated => {
                f.write_str("webrtc-rs keeps only one line of this type per section")
            }
            OmissionReason::WrongLevel => {
                f.write_str("webrtc-rs has no field for this line type at this level")
            }
            OmissionReason::RepeatWithoutTiming => f.write_str("`r=` without a `t=` before it"),
            OmissionReason::OutOfRange => {
                f.write_str("a number does not fit the webrtc-rs field type")
            }
            OmissionReason::InvalidUri => f.write_str("the `url` crate rejects this URI"),
            OmissionReason::MediaSection { lines } => write!(
                f,
                "the `m=` line failed its grammar; the section ({lines} lines) is left out"
            ),
            OmissionReason::Missing(c) => write!(f, "missing `{c}=` line"),
            OmissionReason::UnparsedTail => f.write_str("input beyond the parser's limits"),
        }
    }
}

impl fmt::Display for Omission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.text.is_empty() {
            write!(f, "{}: {}", self.span, self.reason)
        } else {
            write!(f, "{}: {} ({})", self.span, self.reason, self.text)
        }
    }
}

/// The result of [`Session::to_webrtc_sdp_lossy`]: the webrtc-rs description and what it
/// lacks.
#[derive(Clone, Debug)]
pub struct Conversion {
    /// The description, holding everything that could be carried over.
    pub description: SessionDescription,
    /// What could not be carried over, in input order (missing lines last); empty when the
    /// conversion is complete.
    pub omissions: Vec<Omission>,
}

/// The error of [`Session::to_webrtc_sdp`]: the session holds lines that the webrtc-rs
/// model cannot represent, so a strict conversion would silently lose them.
///
/// Use [`Session::to_webrtc_sdp_lossy`] to get the description anyway.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InteropError {
    /// Every line left out, in input order (missing lines last); never empty.
    pub omissions: Vec<Omission>,
}

impl fmt::Display for InteropError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.omissions.len();
        write!(
            f,
            "{n} line{} cannot be carried into a webrtc-rs SessionDescription",
            if n == 1 { "" } else { "s" }
        )?;
        if let Some(first) = self.omissions.first() {
            write!(f, "; first at {first}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InteropError {}

impl Session<'_> {
    /// Converts into a webrtc-rs [`SessionDescription`], failing if anything would be lost.
    ///
    /// Errors: an [`InteropError`] listing every line the webrtc-rs model cannot hold (see
    /// the [module docs](self) for the list of cases). Layout (line endings, empty lines,
    /// line order) is not considered a loss.
    pub fn to_webrtc_sdp(&self) -> Result<SessionDescription, InteropError> {
        let c = self.to_webrtc_sdp_lossy();
        if c.omissions.is_empty() {
            Ok(c.description)
        } else {
            Err(InteropError {
                omissions: c.omissions,
            })
        }
    }

    /// Converts into a webrtc-rs [`SessionDescription`], leaving out what it cannot hold and
    /// saying so in [`Conversion::omissions`]. Never fails and never panics.
    ///
    /// ```
    /// let text = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n\
    ///             m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\n\
    ///             x=unknown\r\n";
    /// let session = rtcinspect::sdp::parse(text);
    /// let c = session.to_webrtc_sdp_lossy();
    /// let m = &c.description.media_descriptions[0];
    /// assert_eq!(m.media_name.protos, ["UDP", "TLS", "RTP", "SAVPF"]);
    /// assert_eq!(m.attribute("rtpmap"), Some(Some("111 opus/48000/2")));
    /// assert_eq!(c.omissions.len(), 1);
    /// assert_eq!(c.omissions[0].text, "x=unknown");
    /// assert!(session.to_webrtc_sdp().is_err());
    /// ```
    pub fn to_webrtc_sdp_lossy(&self) -> Conversion {
        let mut cx = Converter::default();
        let mut d = SessionDescription::default();
        let mut seen = Seen::default();
        for line in &self.lines {
            cx.session_line(&mut d, &mut seen, line);
        }
        for media in &self.media {
            if let Some(md) = cx.media(media) {
                d.media_descriptions.push(md);
            }
        }
        if !self.rest.is_empty() {
            cx.omit_text(self.rest.span, &self.rest, OmissionReason::UnparsedTail);
        }
        let end = self
            .lines
            .last()
            .map(|l| l.span().sub(l.span().len(), 0))
            .unwrap_or_default();
        for (ty, present) in [
            ('v', seen.v),
            ('o', seen.o),
            ('s', seen.s),
            ('t', !d.time_descriptions.is_empty()),
        ] {
            if !present {
                cx.omit_text(end, "", OmissionReason::Missing(ty));
            }
        }
        Conversion {
            description: d,
            omissions: cx.omissions,
        }
    }
}

impl TryFrom<&Session<'_>> for SessionDescription {
    type Error = InteropError;

    /// Same as [`Session::to_webrtc_sdp`].
    fn try_from(session: &Session<'_>) -> Result<Self, InteropError> {
        session.to_webrtc_sdp()
    }
}

/// Which single-slot session-level line types have been filled.
#[derive(Default)]
struct Seen {
    v: bool,
    o: bool,
    s: bool,
}

#[derive(Default)]
struct Converter {
    omissions: Vec<Omission>,
}

/// Fills a single-slot field, or reports the line as repeated if it is already set.
fn fill<T>(slot: &mut Option<T>, value: T) -> Result<(), OmissionReason> {
    if slot.is_some() {
        return Err(OmissionReason::Repeated);
    }
    *slot = Some(value);
    Ok(())
}

impl Converter {
    fn omit_text(&mut self, span: Span, text: &str, reason: OmissionReason) {
        let mut cut = text.len().min(MAX_OMISSION_TEXT);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        self.omissions.push(Omission {
            span,
            text: text[..cut].to_owned(),
            reason,
        });
    }

    fn omit(&mut self, line: &Line<'_>, reason: OmissionReason) {
        self.omit_text(line.span(), &line.text, reason);
    }

    fn session_line(&mut self, d: &mut SessionDescription, seen: &mut Seen, line: &Line<'_>) {
        let r = match &line.value {
            Value::Version(v) => once(&mut seen.v).and_then(|()| {
                d.version = v.parse().map_err(|_| OmissionReason::OutOfRange)?;
                Ok(())
            }),
            Value::Origin(o) => once(&mut seen.o).and_then(|()| {
                d.origin = origin(o)?;
                Ok(())
            }),
            Value::SessionName(s) => once(&mut seen.s).map(|()| d.session_name = s.to_string()),
            Value::Information(i) => fill(&mut d.session_information, i.to_string()),
            Value::Uri(u) => {
                if d.uri.is_some() {
                    Err(OmissionReason::Repeated)
                } else {
                    // `Url: FromStr`; its error type is the `url` crate's, which we do not name.
                    u.parse()
                        .map(|url| d.uri = Some(url))
                        .map_err(|_| OmissionReason::InvalidUri)
                }
            }
            Value::Email(e) => fill(&mut d.email_address, e.to_string()),
            Value::Phone(p) => fill(&mut d.phone_number, p.to_string()),
            Value::Connection(c) => fill(&mut d.connection_information, connection(c)),
            Value::Bandwidth(b) => {
                d.bandwidth.push(bandwidth(b));
                Ok(())
            }
            Value::Timing(t) => {
                d.time_descriptions.push(TimeDescription {
                    timing: timing(t),
                    repeat_times: Vec::new(),
                });
                Ok(())
            }
            Value::Repeat(times) => match d.time_descriptions.last_mut() {
                Some(td) => repeat(times).map(|r| td.repeat_times.push(r)),
                None => Err(OmissionReason::RepeatWithoutTiming),
            },
            Value::Zone(z) => zones(z).map(|mut z| d.time_zones.append(&mut z)),
            Value::Key(k) => fill(&mut d.encryption_key, key(k)),
            Value::Attribute(a) => {
                d.attributes.push(attribute(a));
                Ok(())
            }
            // `m=` lines always open a media section; kept exhaustive for safety.
            Value::Media(_) => Err(OmissionReason::WrongLevel),
            Value::Empty => Ok(()),
            Value::Unknown => Err(OmissionReason::UnknownLineType),
            Value::Invalid(_) => Err(OmissionReason::InvalidLine),
        };
        if let Err(reason) = r {
            self.omit(line, reason);
        }
    }

    /// The media description of `media`, or `None` (with an omission) if its `m=` line did
    /// not parse.
    fn media(&mut self, media: &Media<'_>) -> Option<MediaDescription> {
        let Some(ml) = media.media_line() else {
            let first = media.lines.first()?;
            self.omit(
                first,
                OmissionReason::MediaSection {
                    lines: media.lines.len(),
                },
            );
            return None;
        };
        let media_name = match media_name(ml) {
            Ok(n) => n,
            Err(reason) => {
                self.omit(media.lines.first()?, reason);
                return None;
            }
        };
        let mut md = MediaDescription {
            media_name,
            ..MediaDescription::default()
        };
        for line in media.lines.iter().skip(1) {
            let r = match &line.value {
                Value::Information(i) => fill(&mut md.media_title, i.to_string()),
                Value::Connection(c) => fill(&mut md.connection_information, connection(c)),
                Value::Bandwidth(b) => {
                    md.bandwidth.push(bandwidth(b));
                    Ok(())
                }
                Value::Key(k) => fill(&mut md.encryption_key, key(k)),
                Value::Attribute(a) => {
                    md.attributes.push(attribute(a));
                    Ok(())
                }
                Value::Empty => Ok(()),
                Value::Unknown => Err(OmissionReason::UnknownLineType),
                Value::Invalid(_) => Err(OmissionReason::InvalidLine),
                Value::Version(_)
                | Value::Origin(_)
                | Value::SessionName(_)
                | Value::Uri(_)
                | Value::Email(_)
                | Value::Phone(_)
                | Value::Timing(_)
                | Value::Repeat(_)
                | Value::Zone(_)
                | Value::Media(_) => Err(OmissionReason::WrongLevel),
            };
            if let Err(reason) = r {
                self.omit(line, reason);
            }
        }
        Some(md)
    }
}

/// Marks a once-only session-level line as seen, or reports it as repeated.
fn once(seen: &mut bool) -> Result<(), OmissionReason> {
    if std::mem::replace(seen, true) {
        Err(OmissionReason::Repeated)
    } else {
        Ok(())
    }
}

/// `o=` (RFC 8866 §5.2). Our grammar allows session ids and versions up to `u128` (some
/// stacks write more than 19 digits); webrtc-rs stores `u64`.
fn origin(o: &Origin<'_>) -> Result<WebrtcOrigin, OmissionReason> {
    Ok(WebrtcOrigin {
        username: o.username.to_string(),
        session_id: o
            .session_id
            .parse()
            .map_err(|_| OmissionReason::OutOfRange)?,
        session_version: o
            .session_version
            .parse()
            .map_err(|_| OmissionReason::OutOfRange)?,
        network_type: o.nettype.to_string(),
        address_type: o.addrtype.to_string(),
        unicast_address: o.address.to_string(),
    })
}

/// `c=` (RFC 8866 §5.7): `<base>/<ttl>[/<number>]` for IP4, `<base>/<number>` for IP6.
/// Anything else (another address type, a suffix that is not a number) is kept whole in
/// `address`, which webrtc-rs writes back unchanged.
fn connection(c: &Connection<'_>) -> ConnectionInformation {
    let whole = || Address {
        address: c.address.to_string(),
        ttl: None,
        range: None,
    };
    let mut parts = c.address.split('/');
    let base = parts.next().unwrap_or_default();
    let nums: Option<Vec<isize>> = parts.map(|p| p.parse().ok()).collect();
    let address = match (c.addrtype.as_str(), nums.as_deref()) {
        (_, Some([])) => whole(),
        ("IP4", Some(&[ttl])) => Address {
            address: base.to_owned(),
            ttl: Some(ttl),
            range: None,
        },
        ("IP4", Some(&[ttl, n])) => Address {
            address: base.to_owned(),
            ttl: Some(ttl),
            range: Some(n),
        },
        ("IP6", Some(&[n])) => Address {
            address: base.to_owned(),
            ttl: None,
            range: Some(n),
        },
        _ => whole(),
    };
    ConnectionInformation {
        network_type: c.nettype.to_string(),
        address_type: c.addrtype.to_string(),
        address: Some(address),
    }
}

/// `b=` (RFC 8866 §5.8); an `X-` prefix (RFC 4566's experimental types) is webrtc-rs's
/// `experimental` flag.
fn bandwidth(b: &Bandwidth<'_>) -> WebrtcBandwidth {
    let (experimental, ty) = match b.bwtype.strip_prefix("X-") {
        Some(t) => (true, t),
        None => (false, b.bwtype.as_str()),
    };
    WebrtcBandwidth {
        experimental,
        bandwidth_type: ty.to_owned(),
        bandwidth: b.value,
    }
}

/// `t=` (RFC 8866 §5.9).
fn timing(t: &Timing) -> WebrtcTiming {
    WebrtcTiming {
        start_time: t.start,
        stop_time: t.stop,
    }
}

/// A typed time (RFC 8866 §5.10: digits with an optional `d`, `h`, `m` or `s` unit, and a
/// `-` sign in `z=` offsets) in seconds.
fn seconds(t: &Tok<'_>) -> Result<i64, OmissionReason> {
    let (neg, s) = match t.strip_prefix('-') {
        Some(s) => (true, s),
        None => (false, t.as_str()),
    };
    let (digits, unit) = match s.as_bytes().last() {
        Some(b'd') => (&s[..s.len() - 1], 86_400),
        Some(b'h') => (&s[..s.len() - 1], 3_600),
        Some(b'm') => (&s[..s.len() - 1], 60),
        Some(b's') => (&s[..s.len() - 1], 1),
        _ => (s, 1),
    };
    let n: i64 = digits.parse().map_err(|_| OmissionReason::OutOfRange)?;
    let n = n.checked_mul(unit).ok_or(OmissionReason::OutOfRange)?;
    Ok(if neg { -n } else { n })
}

/// `r=` (RFC 8866 §5.10): interval, active duration, offsets, in seconds.
fn repeat(times: &[Tok<'_>]) -> Result<RepeatTime, OmissionReason> {
    let mut secs = times.iter().map(seconds);
    let interval = secs.next().ok_or(OmissionReason::InvalidLine)??;
    let duration = secs.next().ok_or(OmissionReason::InvalidLine)??;
    Ok(RepeatTime {
        interval,
        duration,
        offsets: secs.collect::<Result<_, _>>()?,
    })
}

/// `z=` (RFC 8866 §5.11): pairs of adjustment time and offset; all or nothing per line.
fn zones(z: &[Tok<'_>]) -> Result<Vec<TimeZone>, OmissionReason> {
    z.chunks(2)
        .map(|pair| match pair {
            [t, o] => Ok(TimeZone {
                adjustment_time: u64::try_from(seconds(t)?)
                    .map_err(|_| OmissionReason::OutOfRange)?,
                offset: seconds(o)?,
            }),
            _ => Err(OmissionReason::InvalidLine),
        })
        .collect()
}

/// `k=` (RFC 8866 §5.12): webrtc-rs keeps the whole value, `method[:key]`.
fn key(k: &Key<'_>) -> String {
    match &k.key {
        Some(v) => format!("{}:{v}", k.method),
        None => k.method.to_string(),
    }
}

/// `a=` (RFC 8866 §5.13): name and raw value as written.
fn attribute(a: &super::Attribute<'_>) -> WebrtcAttribute {
    WebrtcAttribute {
        key: a.name.to_string(),
        value: a.value.as_ref().map(|v| v.to_string()),
    }
}

/// `m=` (RFC 8866 §5.14). The port and number of ports are `u16` here and `isize` in
/// webrtc-rs, which only a 16-bit target could fail to hold.
fn media_name(m: &MediaLine<'_>) -> Result<MediaName, OmissionReason> {
    let wide = |n: u16| isize::try_from(n).map_err(|_| OmissionReason::OutOfRange);
    Ok(MediaName {
        media: m.media.to_string(),
        port: RangedPort {
            value: wide(m.port_value)?,
            range: m.port_count.map(wide).transpose()?,
        },
        protos: m.proto.split('/').map(str::to_owned).collect(),
        formats: m
            .formats
            .split([' ', '\t'])
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sdp::parse;

    const HEAD: &str = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    fn reasons(c: &Conversion) -> Vec<(String, OmissionReason)> {
        c.omissions
            .iter()
            .map(|o| (o.text.clone(), o.reason))
            .collect()
    }

    #[test]
    fn a_complete_description_converts_and_marshals_back() {
        let text = "v=0\r\no=alice 2890844526 2890842807 IN IP4 10.47.16.5\r\ns=SDP Seminar\r\n\
                    i=A Seminar\r\nu=http://www.example.com/seminars/sdp.pdf\r\n\
                    e=j.doe@example.com (Jane Doe)\r\np=+1 617 555-6011\r\n\
                    c=IN IP4 224.2.17.12/127\r\nb=X-YZ:128\r\nt=2873397496 2873404696\r\n\
                    r=604800 3600 0 90000\r\nz=2882844526 -3600 2898848070 0\r\nk=prompt\r\n\
                    a=recvonly\r\nm=audio 49170 RTP/AVP 0\r\ni=voice\r\nc=IN IP6 FF15::101/3\r\n\
                    b=AS:64\r\nk=clear:secret\r\na=rtpmap:0 PCMU/8000\r\n\
                    m=video 51372/2 RTP/AVP 99\r\na=rtpmap:99 h263-1998/90000\r\n";
        let s = parse(text);
        let d = s.to_webrtc_sdp().unwrap();
        assert_eq!(d.origin.session_id, 2890844526);
        assert_eq!(
            d.uri.as_ref().unwrap().as_str(),
            "http://www.example.com/seminars/sdp.pdf"
        );
        let a = d
            .connection_information
            .as_ref()
            .unwrap()
            .address
            .as_ref()
            .unwrap();
        assert_eq!(
            (a.address.as_str(), a.ttl, a.range),
            ("224.2.17.12", Some(127), None)
        );
        assert!(d.bandwidth[0].experimental);
        assert_eq!(d.time_descriptions[0].repeat_times[0].offsets, [0, 90000]);
        assert_eq!(d.time_zones[0].offset, -3600);
        let m = &d.media_descriptions[0];
        let a = m
            .connection_information
            .as_ref()
            .unwrap()
            .address
            .as_ref()
            .unwrap();
        assert_eq!((a.ttl, a.range), (None, Some(3)));
        assert_eq!(m.encryption_key.as_deref(), Some("clear:secret"));
        assert_eq!(d.media_descriptions[1].media_name.port.range, Some(2));
        // webrtc-rs writes the same text back (the input is already in its layout).
        assert_eq!(d.marshal(), text);
    }

    #[test]
    fn typed_times_become_seconds() {
        let text = format!("{HEAD}r=7d 1h 0 25h\r\nz=2882844526 -1h\r\n");
        let s = parse(&text);
        let d = s.to_webrtc_sdp().unwrap();
        let r = &d.time_descriptions[0].repeat_times[0];
        assert_eq!(
            (r.interval, r.duration, &r.offsets[..]),
            (604800, 3600, &[0, 90000][..])
        );
        assert_eq!(d.time_zones[0].offset, -3600);
    }

    #[test]
    fn what_webrtc_rs_cannot_hold_is_reported_in_order() {
        let text =
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\ne=a@example.com\r\ne=b@example.com\r\n\
                    r=1 2 3\r\nu=not a uri\r\nt=0 0\r\nx=what\r\nc=IN\r\n\
                    m=audio 9 RTP/AVP 0\r\nt=0 0\r\nc=IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.5\r\n\
                    a=rtpmap:bad\r\nm=audio\r\na=mid:x\r\nm=video 9 RTP/AVP 96\r\n";
        let s = parse(text);
        let c = s.to_webrtc_sdp_lossy();
        use OmissionReason as R;
        assert_eq!(
            reasons(&c),
            [
                ("e=b@example.com".into(), R::Repeated),
                ("r=1 2 3".into(), R::RepeatWithoutTiming),
                ("u=not a uri".into(), R::InvalidUri),
                ("x=what".into(), R::UnknownLineType),
                ("c=IN".into(), R::InvalidLine),
                ("t=0 0".into(), R::WrongLevel),
                ("c=IN IP4 1.2.3.5".into(), R::Repeated),
                ("m=audio".into(), R::MediaSection { lines: 2 }),
            ]
        );
        assert_eq!(c.omissions[0].span.line, 5);
        // The invalid attribute is carried raw; the broken section is left out.
        let d = &c.description;
        assert_eq!(d.media_descriptions.len(), 2);
        assert_eq!(
            d.media_descriptions[0].attribute("rtpmap"),
            Some(Some("bad"))
        );
        assert_eq!(d.media_descriptions[1].media_name.media, "video");
        let e = s.to_webrtc_sdp().unwrap_err();
        assert_eq!(e.omissions, c.omissions);
        assert!(
            e.to_string().starts_with("8 lines cannot be carried"),
            "{e}"
        );
    }

    #[test]
    fn missing_lines_and_out_of_range_numbers() {
        let c = parse("v=0\r\no=- 340282366920938463463374607431768211455 1 IN IP4 1.1.1.1\r\n")
            .to_webrtc_sdp_lossy();
        use OmissionReason as R;
        assert_eq!(
            c.omissions.iter().map(|o| o.reason).collect::<Vec<_>>(),
            [R::OutOfRange, R::Missing('s'), R::Missing('t')]
        );
        let text = format!("{HEAD}r=99999999999999999d 1 2\r\n");
        let c = parse(&text).to_webrtc_sdp_lossy();
        assert_eq!(c.omissions[0].reason, R::OutOfRange);
    }

    #[test]
    fn layout_is_not_a_loss_and_long_lines_are_cut() {
        let s = parse("v=0\no=- 1 2 IN IP4 127.0.0.1\n\ns=-\nt=0 0\nm=audio 9 RTP/AVP 0\n");
        assert!(s.to_webrtc_sdp().is_ok());
        let long = format!("{HEAD}x={}\r\n", "é".repeat(300));
        let c = parse(&long).to_webrtc_sdp_lossy();
        assert!(c.omissions[0].text.len() <= MAX_OMISSION_TEXT);
        assert!(c.omissions[0].text.starts_with("x=é"));
    }
}
