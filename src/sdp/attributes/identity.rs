//! Media identity: `msid` (RFC 8830 §2), `ssrc` (RFC 5576 §4.1), `ssrc-group` (RFC 5576 §4.2),
//! `rid` (RFC 8851 §10), `simulcast` (RFC 8853 §5.1).

use crate::impl_into_owned;
use crate::sdp::fields::{char_at, number, small_number, tok_at, token, token_run, Fields};
use crate::span::{Anchor, Expected, Tok};
use serde::Serialize;
use std::fmt;

/// `a=msid` (RFC 8830 §2): the MediaStream id and, optionally, the track id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Msid<'a> {
    /// `<msid-id>`: the stream id (`-` for no stream).
    pub stream_id: Tok<'a>,
    /// `<msid-appdata>`: the track id, when given.
    pub track_id: Option<Tok<'a>>,
}
impl_into_owned!(Msid {
    stream_id,
    track_id
});

// msid-value = msid-id [ SP msid-appdata ]
// msid-id = 1*64token-char ; msid-appdata = 1*64token-char
/// Parses the value of `a=msid` (length bounds are left to lint).
pub fn msid(a: Anchor<'_>) -> Result<Msid<'_>, Expected> {
    match msid_common(a) {
        Some(x) => Ok(x),
        None => msid_full(a),
    }
}

/// The common shape of `msid` (one or two tokens, one space) in one pass; `None` for anything
/// else (the full grammar decides).
fn msid_common(a: Anchor<'_>) -> Option<Msid<'_>> {
    let b = a.text.as_bytes();
    let end = token_run(b);
    if end == 0 {
        return None;
    }
    let track_id = match b.get(end) {
        None => None,
        Some(b' ') => {
            let track_end = end + 1 + token_run(&b[end + 1..]);
            if track_end == end + 1 || track_end != b.len() {
                return None;
            }
            Some(tok_at(&a, end + 1, track_end))
        }
        Some(_) => return None,
    };
    Some(Msid {
        stream_id: tok_at(&a, 0, end),
        track_id,
    })
}

/// The whole grammar of `msid`, with its errors.
fn msid_full(a: Anchor<'_>) -> Result<Msid<'_>, Expected> {
    let mut f = Fields::new(a);
    let stream_id = f.token_tok("a stream id (msid-id)", "a stream id (token characters)")?;
    let track_id = match f.opt_field() {
        Some(t) => {
            token(&a, t, "a track id (token characters)")?;
            Some(a.tok(t))
        }
        None => None,
    };
    f.end()?;
    Ok(Msid {
        stream_id,
        track_id,
    })
}

impl fmt::Display for Msid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.stream_id)?;
        if let Some(t) = &self.track_id {
            write!(f, " {t}")?;
        }
        Ok(())
    }
}

/// `a=ssrc` (RFC 5576 §4.1): a source attribute of one SSRC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ssrc<'a> {
    /// The SSRC (32 bits).
    pub ssrc: u32,
    /// The source attribute name, e.g. `cname`, `msid`, `label`.
    pub attribute: Tok<'a>,
    /// Its value, when given (may contain spaces, e.g. `msid:stream track`).
    pub value: Option<Tok<'a>>,
}
impl_into_owned!(Ssrc {
    ssrc,
    attribute,
    value
});

// ssrc-attr = "ssrc:" ssrc-id SP attribute ; ssrc-id = integer 0..2^32-1
// attribute = att-field [":" att-value]   (RFC 8866 grammar)
/// Parses the value of `a=ssrc`.
pub fn ssrc(a: Anchor<'_>) -> Result<Ssrc<'_>, Expected> {
    match ssrc_common(a) {
        Some(x) => Ok(x),
        None => ssrc_full(a),
    }
}

/// The common shape of `ssrc` (`1731307417 cname:x`: up to ten digits, one space, a token
/// name, then `:` and anything) in one pass; `None` for anything else (the full grammar
/// decides).
fn ssrc_common(a: Anchor<'_>) -> Option<Ssrc<'_>> {
    let b = a.text.as_bytes();
    let (ssrc, i) = small_number(b, 0, 10)?;
    if b.get(i) != Some(&b' ') {
        return None;
    }
    let name_end = i + 1 + token_run(&b[i + 1..]);
    if name_end == i + 1 {
        return None;
    }
    let value = match b.get(name_end) {
        None => None,
        Some(b':') => Some(tok_at(&a, name_end + 1, b.len())),
        Some(_) => return None,
    };
    Some(Ssrc {
        ssrc: u32::try_from(ssrc).ok()?,
        attribute: tok_at(&a, i + 1, name_end),
        value,
    })
}

/// The whole grammar of `ssrc`, with its errors.
fn ssrc_full(a: Anchor<'_>) -> Result<Ssrc<'_>, Expected> {
    let mut f = Fields::new(a);
    let (_, ssrc) = f.number("an SSRC (0-4294967295)")?;
    let rest = f.rest();
    if rest.is_empty() {
        return Err(a.expected(rest, "a source attribute (e.g. cname:...)"));
    }
    let (name, value) = match rest.split_once(':') {
        Some((n, v)) => (n, Some(a.tok(v))),
        None => (rest, None),
    };
    token(&a, name, "a source attribute name (e.g. cname)")?;
    Ok(Ssrc {
        ssrc,
        attribute: a.tok(name),
        value,
    })
}

impl fmt::Display for Ssrc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.ssrc, self.attribute)?;
        if let Some(v) = &self.value {
            write!(f, ":{v}")?;
        }
        Ok(())
    }
}

/// `a=ssrc-group` (RFC 5576 §4.2): SSRCs related by a semantics (`FID`, `SIM`, `FEC-FR`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SsrcGroup<'a> {
    /// `<semantics>`: `FID` (RTX), `SIM` (simulcast), `FEC-FR`, `FEC`, ...
    pub semantics: Tok<'a>,
    /// The SSRCs as written; see [`SsrcGroup::ssrcs`].
    pub ssrcs: Tok<'a>,
}
impl_into_owned!(SsrcGroup { semantics, ssrcs });

// ssrc-group-attr = "ssrc-group:" semantics *(SP ssrc-id)
/// Parses the value of `a=ssrc-group`.
pub fn ssrc_group(a: Anchor<'_>, max_items: usize) -> Result<SsrcGroup<'_>, Expected> {
    let mut f = Fields::new(a);
    let semantics = f.token_tok(
        "a group semantics (FID, SIM, FEC-FR, ...)",
        "a group semantics (a token)",
    )?;
    let rest = f.rest();
    let ssrcs = f.tail();
    let ra = Anchor::new(rest, ssrcs.span);
    let mut g = Fields::new(ra);
    let mut n = 0;
    while !g.is_empty() {
        let s = g.field("an SSRC")?;
        number::<u32>(&ra, s, "an SSRC (0-4294967295)")?;
        n += 1;
        if n > max_items {
            return Err(ra.expected(s, "fewer SSRCs (limit)"));
        }
    }
    Ok(SsrcGroup { semantics, ssrcs })
}

impl SsrcGroup<'_> {
    /// The SSRCs, in order.
    pub fn ssrcs(&self) -> impl Iterator<Item = u32> + '_ {
        self.ssrcs.text.split(' ').filter_map(|s| s.parse().ok())
    }
}

impl fmt::Display for SsrcGroup<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.semantics)?;
        for s in self.ssrcs() {
            write!(f, " {s}")?;
        }
        Ok(())
    }
}

/// The direction of a rid (RFC 8851 §10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RidDirection {
    /// `send`: the stream the offerer (or answerer) sends.
    Send,
    /// `recv`: the stream it receives.
    Recv,
}
crate::impl_owned_is_self!(RidDirection);

impl fmt::Display for RidDirection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RidDirection::Send => "send",
            RidDirection::Recv => "recv",
        })
    }
}

/// `a=rid` (RFC 8851 §10): a restriction identifier for one RTP stream.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rid<'a> {
    /// `<rid-id>`.
    pub id: Tok<'a>,
    /// `send` or `recv`.
    pub direction: RidDirection,
    /// `pt=...;max-width=...` as written, when given; see [`Rid::restrictions`].
    pub restrictions: Option<Tok<'a>>,
}
impl_into_owned!(Rid {
    id,
    direction,
    restrictions
});

// rid-syntax = %s"a=rid:" rid-id SP rid-dir [ rid-pt-param-list / rid-param-list ]
// rid-id = 1*(alpha-numeric / "-" / "_") ; rid-dir = %s"send" / %s"recv"
// rid-pt-param-list = SP rid-fmt-list *(";" rid-param) ; rid-fmt-list = %s"pt=" fmt *( "," fmt )
// rid-param-list = SP rid-param *(";" rid-param) ; rid-param = param-name [ "=" param-val ]
/// Parses the value of `a=rid`.
pub fn rid(a: Anchor<'_>) -> Result<Rid<'_>, Expected> {
    let mut f = Fields::new(a);
    let id = f.field("a rid id (letters, digits, - and _)")?;
    rid_id(&a, id)?;
    let direction = match f.field("`send` or `recv`")? {
        "send" => RidDirection::Send,
        "recv" => RidDirection::Recv,
        other => return Err(a.expected(other, "`send` or `recv`")),
    };
    let restrictions = if f.is_empty() {
        None
    } else {
        let rest = f.rest();
        let t = f.tail();
        for p in rest.split(';') {
            let name = p.split_once('=').map_or(p, |(n, _)| n);
            token(&a, name, "a restriction (name=value)")?;
        }
        Some(t)
    };
    Ok(Rid {
        id: a.tok(id),
        direction,
        restrictions,
    })
}

fn rid_id(a: &Anchor<'_>, id: &str) -> Result<(), Expected> {
    match id
        .bytes()
        .position(|c| !(c.is_ascii_alphanumeric() || c == b'-' || c == b'_'))
    {
        None if !id.is_empty() => Ok(()),
        None => Err(a.expected(id, "a rid id")),
        Some(i) => Err(a.expected(
            char_at(id, i),
            "a rid id character (letters, digits, - and _)",
        )),
    }
}

impl Rid<'_> {
    /// The restrictions as (name, value) pairs, in order; `pt=` lists the payload types.
    pub fn restrictions(&self) -> impl Iterator<Item = (Tok<'_>, Option<Tok<'_>>)> {
        let r = self.restrictions.as_ref();
        let a = r.map(|t| Anchor::new(&t.text, t.span));
        r.map(|t| t.text.split(';'))
            .into_iter()
            .flatten()
            .filter_map(move |p| {
                let a = a?;
                Some(match p.split_once('=') {
                    Some((n, v)) => (a.tok(n), Some(a.tok(v))),
                    None => (a.tok(p), None),
                })
            })
    }

    /// The payload types of the `pt=` restriction, if any.
    pub fn payload_types(&self) -> Vec<u8> {
        self.restrictions()
            .find(|(n, _)| n.as_str() == "pt")
            .and_then(|(_, v)| v)
            .map(|v| v.split(',').filter_map(|p| p.parse().ok()).collect())
            .unwrap_or_default()
    }
}

impl fmt::Display for Rid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.id, self.direction)?;
        if let Some(r) = &self.restrictions {
            write!(f, " {r}")?;
        }
        Ok(())
    }
}

/// `a=simulcast` (RFC 8853 §5.1): the simulcast streams sent and/or received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Simulcast<'a> {
    /// The `send` stream list, when given; see [`Simulcast::streams`].
    pub send: Option<Tok<'a>>,
    /// The `recv` stream list, when given.
    pub recv: Option<Tok<'a>>,
}
impl_into_owned!(Simulcast { send, recv });

/// One rid in a simulcast stream list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SimulcastRid<'a> {
    /// The rid id.
    pub id: Tok<'a>,
    /// Whether it was marked paused with `~`.
    pub paused: bool,
}

// sc-value = ( sc-send [SP sc-recv] ) / ( sc-recv [SP sc-send] )
// sc-send = %s"send" SP sc-str-list ; sc-recv = %s"recv" SP sc-str-list
// sc-str-list = sc-alt-list *( ";" sc-alt-list ) ; sc-alt-list = sc-id *( "," sc-id )
// sc-id-paused = "~" ; sc-id = [sc-id-paused] rid-id
/// Parses the value of `a=simulcast`.
pub fn simulcast(a: Anchor<'_>) -> Result<Simulcast<'_>, Expected> {
    let mut f = Fields::new(a);
    let mut out = Simulcast {
        send: None,
        recv: None,
    };
    for i in 0..2 {
        if i == 1 && f.is_empty() {
            break;
        }
        let dir = f.field("`send` or `recv`")?;
        let list = f.field("a list of rids (e.g. q;h;f)")?;
        for alt in list.split(';') {
            for id in alt.split(',') {
                rid_id(&a, id.strip_prefix('~').unwrap_or(id))?;
            }
        }
        let slot = match dir {
            "send" => &mut out.send,
            "recv" => &mut out.recv,
            _ => return Err(a.expected(dir, "`send` or `recv`")),
        };
        if slot.is_some() {
            return Err(a.expected(dir, "the other direction (send and recv at most once each)"));
        }
        *slot = Some(a.tok(list));
    }
    f.end()?;
    Ok(out)
}

impl Simulcast<'_> {
    /// The streams of one direction's list: each stream is a list of alternative rids.
    pub fn streams<'s>(list: &'s Tok<'_>) -> impl Iterator<Item = Vec<SimulcastRid<'s>>> {
        let a = Anchor::new(&list.text, list.span);
        list.text.split(';').map(move |alt| {
            alt.split(',')
                .map(|id| match id.strip_prefix('~') {
                    Some(r) => SimulcastRid {
                        id: a.tok(r),
                        paused: true,
                    },
                    None => SimulcastRid {
                        id: a.tok(id),
                        paused: false,
                    },
                })
                .collect()
        })
    }
}

impl fmt::Display for Simulcast<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        if let Some(s) = &self.send {
            write!(f, "send {s}")?;
            sep = " ";
        }
        if let Some(r) = &self.recv {
            write!(f, "{sep}recv {r}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Anchor<'_> {
        crate::span::test_anchor(s, 7, 9, 8)
    }

    /// The one-pass paths accept only what the full grammars accept, with the same result.
    #[test]
    fn common_shapes_agree_with_the_full_grammars() {
        for v in [
            "s t",
            "s",
            "s  t",
            "s t ",
            "s t u",
            " s",
            "s\"t",
            "1731307417 cname:x",
            "1 cname:",
            "1 cname",
            "4294967295 a:b",
            "4294967296 a:b",
            "12345678901 a:b",
            "1  cname:x",
            "1 cn@me:x",
            "1 :x",
            "1 msid:s t",
            "1 cname:x:y",
            "1",
            "1 ",
            "",
        ] {
            if let Some(x) = msid_common(at(v)) {
                assert_eq!(msid_full(at(v)), Ok(x), "{v}");
            }
            if let Some(x) = ssrc_common(at(v)) {
                assert_eq!(ssrc_full(at(v)), Ok(x), "{v}");
            }
        }
        assert!(msid_common(at("stream track")).is_some());
        assert!(ssrc_common(at("1731307417 msid:s t")).is_some());
    }

    #[test]
    fn msid_and_ssrc() {
        // From fixtures/real/ndc-basic/offer.sdp.
        let m = msid(at("lab-stream lab-audio")).unwrap();
        assert_eq!(
            (m.stream_id.as_str(), m.track_id.unwrap().as_str()),
            ("lab-stream", "lab-audio")
        );
        assert!(msid(at("a b c")).is_err());
        let s = ssrc(at("305441741 msid:lab-stream lab-audio")).unwrap();
        assert_eq!(
            (s.ssrc, s.attribute.as_str(), s.value.unwrap().as_str()),
            (305441741, "msid", "lab-stream lab-audio")
        );
        let e = ssrc(at("4294967296 cname:x")).unwrap_err();
        assert_eq!(e.span.column, 8);
        assert!(ssrc(at("1")).is_err());
    }

    #[test]
    fn ssrc_groups() {
        let g = ssrc_group(at("FID 1 2"), 64).unwrap();
        assert_eq!(g.ssrcs().collect::<Vec<_>>(), [1, 2]);
        assert_eq!(g.to_string(), "FID 1 2");
        assert!(ssrc_group(at("SIM 1 x"), 64).is_err());
        assert_eq!(
            ssrc_group(at("SIM 1 2 3"), 2).unwrap_err().expected,
            "fewer SSRCs (limit)"
        );
    }

    #[test]
    fn rids_and_simulcast() {
        let r = rid(at("f send pt=96,97;max-width=1280;max-height=720")).unwrap();
        assert_eq!(r.payload_types(), [96, 97]);
        assert_eq!(r.restrictions().count(), 3);
        assert_eq!(rid(at("q recv")).unwrap().restrictions, None);
        assert_eq!(rid(at("q both")).unwrap_err().expected, "`send` or `recv`");
        // RFC 8853 §5.1 examples.
        let s = simulcast(at("send 1;~4,5 recv 2;3")).unwrap();
        let streams: Vec<_> = Simulcast::streams(s.send.as_ref().unwrap()).collect();
        assert_eq!(streams.len(), 2);
        assert_eq!(
            (streams[1][0].id.as_str(), streams[1][0].paused),
            ("4", true)
        );
        assert_eq!(s.to_string(), "send 1;~4,5 recv 2;3");
        assert!(simulcast(at("send q;h;f")).is_ok());
        assert!(simulcast(at("send q send h")).is_err());
        assert!(simulcast(at("sideways q")).is_err());
        assert!(simulcast(at("send rid=1")).is_err());
    }
}
