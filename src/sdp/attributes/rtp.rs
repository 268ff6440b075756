//! RTP parameters: `rtpmap`, `fmtp`, `ptime`, `maxptime`, `framerate` (RFC 8866 §6),
//! `rtcp` (RFC 3605), `rtcp-fb` (RFC 4585 §4.2), `extmap` (RFC 8285 §8).

use super::Direction;
use crate::impl_into_owned;
use crate::sdp::fields::{number, small_number, split_at_byte, tok_at, token, token_run, Fields};
use crate::span::{Anchor, Expected, Tok};
use serde::Serialize;
use std::fmt;

/// `a=rtpmap` (RFC 8866 §6.6): what a payload type means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rtpmap<'a> {
    /// The payload type, 0–127 (the first token of the value).
    pub payload_type: u8,
    /// `<encoding name>`, e.g. `opus`, `VP8`, `rtx` (case-insensitive).
    pub encoding_name: Tok<'a>,
    /// `<clock rate>` (Hz).
    pub clock_rate: u32,
    /// `<encoding parameters>`: the channel count (audio), when given.
    pub encoding_params: Option<u16>,
}
impl_into_owned!(Rtpmap {
    payload_type,
    encoding_name,
    clock_rate,
    encoding_params
});

// rtpmap-value = payload-type SP encoding-name "/" clock-rate [ "/" encoding-params ]
// payload-type = zero-based-integer ; encoding-name = token ; clock-rate = integer
// encoding-params = channels ; channels = integer
/// Parses the value of `a=rtpmap`.
pub fn rtpmap(a: Anchor<'_>) -> Result<Rtpmap<'_>, Expected> {
    match rtpmap_common(a) {
        Some(x) => Ok(x),
        None => rtpmap_full(a),
    }
}

/// The whole grammar of `rtpmap`, with its errors.
fn rtpmap_full(a: Anchor<'_>) -> Result<Rtpmap<'_>, Expected> {
    let mut f = Fields::new(a);
    let payload_type = pt(&a, &mut f)?;
    let enc = f.field("an encoding name/clock rate (e.g. opus/48000/2)")?;
    f.end()?;
    let (name, rest) = split_at_byte(enc, b'/');
    token(&a, name, "an encoding name (a token)")?;
    let rest = rest.ok_or_else(|| a.expected(&enc[enc.len()..], "`/` and a clock rate (Hz)"))?;
    let (rate, params) = split_at_byte(rest, b'/');
    let clock_rate = number(&a, rate, "a clock rate (Hz)")?;
    let encoding_params = match params {
        Some(p) => Some(number(&a, p, "a channel count (encoding parameters)")?),
        None => None,
    };
    Ok(Rtpmap {
        payload_type,
        encoding_name: a.tok(name),
        clock_rate,
        encoding_params,
    })
}

/// The common shape of `rtpmap` (`96 VP8/90000`, `111 opus/48000/2`: short numbers, single
/// spaces) in one pass over the bytes. `None` for anything else, which the full grammar
/// above then parses (or rejects, saying where and why): both agree wherever this succeeds.
fn rtpmap_common(a: Anchor<'_>) -> Option<Rtpmap<'_>> {
    let b = a.text.as_bytes();
    let (payload_type, mut i) = small_number(b, 0, 3)?;
    if payload_type > 127 || b.get(i) != Some(&b' ') {
        return None;
    }
    i += 1;
    let name_start = i;
    i += token_run(&b[i..]);
    if i == name_start || b.get(i) != Some(&b'/') {
        return None;
    }
    let name_end = i;
    let (clock_rate, mut i) = small_number(b, i + 1, 9)?;
    let encoding_params = match b.get(i) {
        None => None,
        Some(b'/') => {
            let (p, end) = small_number(b, i + 1, 4)?;
            i = end;
            Some(p as u16)
        }
        Some(_) => return None,
    };
    if i != b.len() {
        return None;
    }
    Some(Rtpmap {
        payload_type: payload_type as u8,
        encoding_name: tok_at(&a, name_start, name_end),
        clock_rate: clock_rate as u32,
        encoding_params,
    })
}

fn pt(a: &Anchor<'_>, f: &mut Fields<'_>) -> Result<u8, Expected> {
    const WHAT: &str = "a payload type (0-127)";
    let s = f.field(WHAT)?;
    match number::<u8>(a, s, WHAT)? {
        n @ 0..=127 => Ok(n),
        _ => Err(a.expected(s, WHAT)),
    }
}

impl Rtpmap<'_> {
    /// The channel count (audio), 1 when not given (RFC 8866 §6.6).
    pub fn channels(&self) -> u16 {
        self.encoding_params.unwrap_or(1)
    }
}

impl fmt::Display for Rtpmap<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}/{}",
            self.payload_type, self.encoding_name, self.clock_rate
        )?;
        if let Some(p) = &self.encoding_params {
            write!(f, "/{p}")?;
        }
        Ok(())
    }
}

/// `a=fmtp` (RFC 8866 §6.15): format-specific parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fmtp<'a> {
    /// `<format>`: a payload type for RTP.
    pub format: Tok<'a>,
    /// The parameters as written; see [`Fmtp::parameters`].
    pub parameters: Tok<'a>,
}
impl_into_owned!(Fmtp { format, parameters });

/// One fmtp parameter: `key=value`, or a bare value (RED's `111/111`, `0-15`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FmtpParameter<'a> {
    /// The key, when the parameter has the form `key=value`.
    pub key: Option<Tok<'a>>,
    /// The value (for a bare parameter, the whole of it).
    pub value: Tok<'a>,
}

// fmtp-value = fmt SP format-specific-params
// format-specific-params = byte-string  ; in practice: param *(";" [SP] param), param = key "=" value
/// Parses the value of `a=fmtp`.
pub fn fmtp(a: Anchor<'_>) -> Result<Fmtp<'_>, Expected> {
    let mut f = Fields::new(a);
    let format = f.token_tok("a format (payload type)", "a format (a token)")?;
    // (NUL bytes are reported once per line by the parser, not again here.)
    let parameters = f.remainder("format parameters")?;
    Ok(Fmtp { format, parameters })
}

impl Fmtp<'_> {
    /// The parameters split at `;` (with or without spaces around), in order.
    pub fn parameters(&self) -> impl Iterator<Item = FmtpParameter<'_>> {
        let a = Anchor::new(&self.parameters.text, self.parameters.span);
        self.parameters
            .text
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(move |p| match p.split_once('=') {
                Some((k, v)) => FmtpParameter {
                    key: Some(a.tok(k.trim())),
                    value: a.tok(v.trim()),
                },
                None => FmtpParameter {
                    key: None,
                    value: a.tok(p),
                },
            })
    }

    /// The value of parameter `key` (case-insensitive, RFC 6838 media type parameters).
    pub fn get(&self, key: &str) -> Option<Tok<'_>> {
        self.parameters()
            .find(|p| p.key.as_ref().is_some_and(|k| k.eq_ignore_ascii_case(key)))
            .map(|p| p.value)
    }

    /// The payload type, when the format is one.
    pub fn payload_type(&self) -> Option<u8> {
        self.format.parse().ok()
    }
}

impl fmt::Display for Fmtp<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ", self.format)?;
        for (i, p) in self.parameters().enumerate() {
            if i > 0 {
                f.write_str(";")?;
            }
            match p.key {
                Some(k) => write!(f, "{k}={}", p.value)?,
                None => write!(f, "{}", p.value)?,
            }
        }
        Ok(())
    }
}

/// `a=rtcp-fb` (RFC 4585 §4.2): a feedback message a payload type (or `*`) supports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RtcpFb<'a> {
    /// The payload type, or `None` for `*` (all payload types).
    pub payload_type: Option<u8>,
    /// Feedback type: `nack`, `ccm`, `goog-remb`, `transport-cc`, `ack`, `trr-int`, ...
    pub feedback: Tok<'a>,
    /// Parameters after the type (e.g. `pli`, `fir`), as written; may be empty.
    pub parameters: Tok<'a>,
}
impl_into_owned!(RtcpFb {
    payload_type,
    feedback,
    parameters
});

// rtcp-fb-attribute = "a=rtcp-fb:" rtcp-fb-pt SP rtcp-fb-val
// rtcp-fb-pt = "*" / fmt ; rtcp-fb-val = "ack" rtcp-fb-ack-param / "nack" rtcp-fb-nack-param
//            / "trr-int" SP 1*DIGIT / rtcp-fb-id rtcp-fb-param
/// Parses the value of `a=rtcp-fb`.
pub fn rtcp_fb(a: Anchor<'_>) -> Result<RtcpFb<'_>, Expected> {
    match rtcp_fb_common(a) {
        Some(x) => Ok(x),
        None => rtcp_fb_full(a),
    }
}

/// The whole grammar of `rtcp-fb`, with its errors.
fn rtcp_fb_full(a: Anchor<'_>) -> Result<RtcpFb<'_>, Expected> {
    let mut f = Fields::new(a);
    let pt = f.field("a payload type or `*`")?;
    let payload_type = match pt {
        "*" => None,
        _ => Some(number::<u8>(&a, pt, "a payload type or `*`")?),
    };
    let feedback = f.token_tok(
        "a feedback type (e.g. nack, ccm, transport-cc)",
        "a feedback type (a token)",
    )?;
    let parameters = f.tail();
    Ok(RtcpFb {
        payload_type,
        feedback,
        parameters,
    })
}

/// The common shape of `rtcp-fb` (`96 nack pli`: a payload type of up to three digits or
/// `*`, single spaces) in one pass; `None` for anything else (the full grammar decides).
fn rtcp_fb_common(a: Anchor<'_>) -> Option<RtcpFb<'_>> {
    let b = a.text.as_bytes();
    let (payload_type, i) = match b.first() {
        Some(b'*') => (None, 1),
        _ => {
            let (pt, i) = small_number(b, 0, 3)?;
            (Some(u8::try_from(pt).ok()?), i)
        }
    };
    if b.get(i) != Some(&b' ') {
        return None;
    }
    let start = i + 1;
    let end = start + token_run(&b[start..]);
    if end == start {
        return None;
    }
    let params = match b.get(end) {
        None => end,
        Some(b' ') if end + 1 < b.len() => end + 1,
        Some(_) => return None,
    };
    Some(RtcpFb {
        payload_type,
        feedback: tok_at(&a, start, end),
        parameters: tok_at(&a, params, b.len()),
    })
}

impl fmt::Display for RtcpFb<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.payload_type {
            Some(pt) => write!(f, "{pt} {}", self.feedback)?,
            None => write!(f, "* {}", self.feedback)?,
        }
        if !self.parameters.is_empty() {
            write!(f, " {}", self.parameters)?;
        }
        Ok(())
    }
}

/// `a=extmap` (RFC 8285 §8): an RTP header extension and its local id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Extmap<'a> {
    /// The id (the first token of the value): 1–14 (one-byte), 1–255 (two-byte, with
    /// extmap-allow-mixed).
    pub id: u16,
    /// `/sendonly`, `/recvonly`, `/sendrecv`, `/inactive`, when given.
    pub direction: Option<Direction>,
    /// The extension URI, e.g. `urn:ietf:params:rtp-hdrext:sdes:mid`.
    pub uri: Tok<'a>,
    /// Extension attributes after the URI, when given.
    pub attributes: Option<Tok<'a>>,
}
impl_into_owned!(Extmap {
    id,
    direction,
    uri,
    attributes
});

// extmap = mapentry SP extensionname [SP extensionattributes]
// mapentry = "extmap:" 1*5DIGIT ["/" direction]
// direction = "sendonly" / "recvonly" / "sendrecv" / "inactive"
// extensionname = URI ; extensionattributes = byte-string
/// Parses the value of `a=extmap`.
pub fn extmap(a: Anchor<'_>) -> Result<Extmap<'_>, Expected> {
    match extmap_common(a) {
        Some(x) => Ok(x),
        None => extmap_full(a),
    }
}

/// The common shape of `extmap` (`3 urn:...`, `2/sendonly http://...`: an id of up to four
/// digits, single spaces) in one pass; `None` for anything else (the full grammar decides).
fn extmap_common(a: Anchor<'_>) -> Option<Extmap<'_>> {
    let b = a.text.as_bytes();
    let (id, mut i) = small_number(b, 0, 4)?;
    // URIs run to 60 bytes and more: memchr's vector search pays off here.
    let space = |from: usize| memchr::memchr(b' ', &b[from..]).map(|k| from + k);
    let direction = match b.get(i) {
        Some(b'/') => {
            let end = space(i + 1)?;
            let d = match &b[i + 1..end] {
                b"sendonly" => Direction::SendOnly,
                b"recvonly" => Direction::RecvOnly,
                b"sendrecv" => Direction::SendRecv,
                b"inactive" => Direction::Inactive,
                _ => return None,
            };
            i = end;
            Some(d)
        }
        _ => None,
    };
    if b.get(i) != Some(&b' ') {
        return None;
    }
    let uri_start = i + 1;
    let uri_end = space(uri_start).unwrap_or(b.len());
    if uri_end == uri_start {
        return None;
    }
    let attributes = match uri_end {
        end if end == b.len() => None,
        end if end + 1 < b.len() => Some(tok_at(&a, end + 1, b.len())),
        _ => return None,
    };
    Some(Extmap {
        id: id as u16,
        direction,
        uri: tok_at(&a, uri_start, uri_end),
        attributes,
    })
}

/// The whole grammar of `extmap`, with its errors.
fn extmap_full(a: Anchor<'_>) -> Result<Extmap<'_>, Expected> {
    let mut f = Fields::new(a);
    let entry = f.field("an extension id (1-255)")?;
    let (id_str, dir) = split_at_byte(entry, b'/');
    let id = number(&a, id_str, "an extension id (1-65535)")?;
    let direction = match dir {
        Some("sendonly") => Some(Direction::SendOnly),
        Some("recvonly") => Some(Direction::RecvOnly),
        Some("sendrecv") => Some(Direction::SendRecv),
        Some("inactive") => Some(Direction::Inactive),
        Some(d) => {
            return Err(a.expected(d, "a direction (sendonly, recvonly, sendrecv, inactive)"))
        }
        None => None,
    };
    let uri = f.tok("an extension URI")?;
    let attributes = if f.is_empty() { None } else { Some(f.tail()) };
    Ok(Extmap {
        id,
        direction,
        uri,
        attributes,
    })
}

impl Extmap<'_> {
    /// A short human name for well-known URIs (`mid`, `abs-send-time`, `transport-cc`, ...),
    /// else the last path or colon-separated segment of the URI.
    pub fn short_name(&self) -> &str {
        let uri = self.uri.as_str();
        let known = [
            ("urn:ietf:params:rtp-hdrext:sdes:mid", "mid"),
            ("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", "rid"),
            (
                "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
                "repaired-rid",
            ),
            ("urn:ietf:params:rtp-hdrext:ssrc-audio-level", "audio-level"),
            (
                "urn:ietf:params:rtp-hdrext:csrc-audio-level",
                "csrc-audio-level",
            ),
            ("urn:ietf:params:rtp-hdrext:toffset", "toffset"),
            (
                "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "abs-send-time",
            ),
            (
                "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "transport-cc",
            ),
            ("urn:3gpp:video-orientation", "video-orientation"),
            (
                "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension",
                "dependency-descriptor",
            ),
        ];
        if let Some((_, n)) = known.iter().find(|(u, _)| *u == uri) {
            return n;
        }
        uri.rsplit(['/', ':'])
            .find(|s| !s.is_empty())
            .unwrap_or(uri)
    }
}

impl fmt::Display for Extmap<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.id)?;
        if let Some(d) = &self.direction {
            write!(f, "/{d}")?;
        }
        write!(f, " {}", self.uri)?;
        if let Some(x) = &self.attributes {
            write!(f, " {x}")?;
        }
        Ok(())
    }
}

/// `a=rtcp` (RFC 3605 §2.1): the RTCP port (and address) when not RTP port + 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rtcp<'a> {
    /// The port.
    pub port: u16,
    /// `<nettype> <addrtype> <connection-address>`, when given.
    pub address: Option<Tok<'a>>,
}
impl_into_owned!(Rtcp { port, address });

// rtcp-attribute = "a=rtcp:" port [nettype space addrtype space connection-address] CRLF
/// Parses the value of `a=rtcp`.
pub fn rtcp(a: Anchor<'_>) -> Result<Rtcp<'_>, Expected> {
    let mut f = Fields::new(a);
    let (_, port) = f.number("an RTCP port (0-65535)")?;
    if f.is_empty() {
        return Ok(Rtcp {
            port,
            address: None,
        });
    }
    let rest = f.rest();
    let address = f.tail();
    let ra = Anchor::new(rest, address.span);
    let mut g = Fields::new(ra);
    g.field("a network type (`IN`)")?;
    g.field("an address type (`IP4` or `IP6`)")?;
    g.field("a connection address")?;
    g.end()?;
    Ok(Rtcp {
        port,
        address: Some(address),
    })
}

impl fmt::Display for Rtcp<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.port)?;
        if let Some(x) = &self.address {
            write!(f, " {x}")?;
        }
        Ok(())
    }
}

// ptime-value = packet-time ; maxptime-value = packet-time ; framerate-value = frame-rate
// packet-time / frame-rate = 1*DIGIT ["." 1*DIGIT]  (RFC 8866 §6.4, §6.5, §6.8)
/// Parses a decimal number attribute value (`ptime`, `maxptime` in ms; `framerate` in frames/s).
pub fn decimal(a: Anchor<'_>) -> Result<Tok<'_>, Expected> {
    let (int, frac) = match a.text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (a.text, None),
    };
    number::<u64>(&a, int, "a number (e.g. 20 or 29.97)")?;
    if let Some(fr) = frac {
        number::<u64>(&a, fr, "digits after the decimal point")?;
    }
    Ok(a.whole())
}

/// The static payload type `pt` as an rtpmap writes it, `name/clock[/channels]` (channels only
/// when more than one), e.g. `PCMU/8000`; `None` as for [`static_payload_type`].
pub fn static_encoding(pt: u8) -> Option<String> {
    static_payload_type(pt).map(|(name, clock, channels)| {
        if channels > 1 {
            format!("{name}/{clock}/{channels}")
        } else {
            format!("{name}/{clock}")
        }
    })
}

/// The static payload type `pt` of RFC 3551 §6 (Tables 4 and 5) that names one codec: its
/// encoding name as the RFC spells it, clock rate (Hz) and channels; `None` for a dynamic
/// (96–127), unassigned or reserved number. An `m=` line may list these without an
/// `a=rtpmap` (RFC 8866 §6.6).
pub fn static_payload_type(pt: u8) -> Option<(&'static str, u32, u16)> {
    Some(match pt {
        0 => ("PCMU", 8000, 1),
        3 => ("GSM", 8000, 1),
        4 => ("G723", 8000, 1),
        5 => ("DVI4", 8000, 1),
        6 => ("DVI4", 16000, 1),
        7 => ("LPC", 8000, 1),
        8 => ("PCMA", 8000, 1),
        9 => ("G722", 8000, 1),
        10 => ("L16", 44100, 2),
        11 => ("L16", 44100, 1),
        12 => ("QCELP", 8000, 1),
        13 => ("CN", 8000, 1),
        14 => ("MPA", 90000, 1),
        15 => ("G728", 8000, 1),
        16 => ("DVI4", 11025, 1),
        17 => ("DVI4", 22050, 1),
        18 => ("G729", 8000, 1),
        25 => ("CelB", 90000, 1),
        26 => ("JPEG", 90000, 1),
        28 => ("nv", 90000, 1),
        31 => ("H261", 90000, 1),
        32 => ("MPV", 90000, 1),
        33 => ("MP2T", 90000, 1),
        34 => ("H263", 90000, 1),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    /// The one-pass paths accept only what the full grammars accept, with the same result.
    #[test]
    fn common_shapes_agree_with_the_full_grammars() {
        let at = |s| crate::span::test_anchor(s, 40, 5, 10);
        for v in [
            "111 opus/48000/2",
            "96 VP8/90000",
            "0 PCMU/8000",
            "127 x/1",
            "128 x/1",
            "0127 x/1",
            "96  VP8/90000",
            "96 VP8/90000 ",
            "96 VP8/",
            "96 VP8/9/",
            "96 VP8//2",
            "96 /90000",
            "96 V P8/90000",
            "96 VP8/4294967295",
            "96 VP8/4294967296",
            "96 a/1/65535",
            "96 a/1/65536",
            "96 a/1/2/3",
            "9999999999999999999999 a/1",
            "96 nack",
            "96 nack pli",
            "* nack",
            "*  nack",
            "96 nack ",
            "96 nack  pli",
            "255 ccm fir",
            "256 ccm",
            "96 n@ck",
            "96",
            "96 ",
            "",
            "*",
            "0096 nack",
            "96 goog-remb",
        ] {
            if let Some(x) = rtpmap_common(at(v)) {
                assert_eq!(rtpmap_full(at(v)), Ok(x), "{v}");
            }
            if let Some(x) = rtcp_fb_common(at(v)) {
                assert_eq!(rtcp_fb_full(at(v)), Ok(x), "{v}");
            }
            if let Some(x) = extmap_common(at(v)) {
                assert_eq!(extmap_full(at(v)), Ok(x), "{v}");
            }
        }
        assert!(rtpmap_common(at("111 opus/48000/2")).is_some());
        assert!(rtcp_fb_common(at("96 nack pli")).is_some());
        assert!(extmap_common(at("2/recvonly urn:x ext-attr")).is_some());
    }

    use super::*;

    fn at(s: &str) -> Anchor<'_> {
        crate::span::test_anchor(s, 9, 4, 10)
    }

    #[test]
    fn rtpmaps() {
        let r = rtpmap(at("111 opus/48000/2")).unwrap();
        assert_eq!(
            (
                r.payload_type,
                r.encoding_name.as_str(),
                r.clock_rate,
                r.channels()
            ),
            (111, "opus", 48000, 2)
        );
        let r = rtpmap(at("96 VP8/90000")).unwrap();
        assert_eq!((r.channels(), r.to_string().as_str()), (1, "96 VP8/90000"));
        let e = rtpmap(at("200 opus/48000")).unwrap_err();
        assert_eq!((e.expected, e.span.column), ("a payload type (0-127)", 10));
        let e = rtpmap(at("96 VP8")).unwrap_err();
        assert_eq!(
            (e.expected, e.span.column),
            ("`/` and a clock rate (Hz)", 16)
        );
        let e = rtpmap(at("96 VP8/x")).unwrap_err();
        assert_eq!((e.expected, e.span.column), ("a clock rate (Hz)", 17));
    }

    #[test]
    fn fmtp_parameters_with_and_without_spaces() {
        // node-datachannel writes no spaces; RFC 8866 examples and some stacks write "; ".
        for v in [
            "111 minptime=10;maxaveragebitrate=96000;stereo=1;sprop-stereo=1;useinbandfec=1",
            "111 minptime=10; maxaveragebitrate=96000; stereo=1; sprop-stereo=1; useinbandfec=1",
        ] {
            let f = fmtp(at(v)).unwrap();
            let ps: Vec<_> = f
                .parameters()
                .map(|p| (p.key.map(|k| k.to_string()), p.value.to_string()))
                .collect();
            assert_eq!(ps.len(), 5);
            assert_eq!(ps[1], (Some("maxaveragebitrate".into()), "96000".into()));
            assert_eq!(f.get("USEINBANDFEC").unwrap().as_str(), "1");
            assert_eq!(f.payload_type(), Some(111));
        }
        let red = fmtp(at("63 111/111")).unwrap();
        let p = red.parameters().next().unwrap();
        assert_eq!(
            (p.key, p.value.as_str(), p.value.span.column),
            (None, "111/111", 13)
        );
        assert!(fmtp(at("111")).is_err());
    }

    #[test]
    fn rtcp_fb_extmap_rtcp_decimals() {
        let fb = rtcp_fb(at("96 nack pli")).unwrap();
        assert_eq!(
            (
                fb.feedback.as_str(),
                fb.parameters.as_str(),
                fb.payload_type
            ),
            ("nack", "pli", Some(96))
        );
        assert_eq!(rtcp_fb(at("* transport-cc")).unwrap().payload_type, None);
        assert!(rtcp_fb(at("x nack")).is_err());
        let e = extmap(at("3/sendrecv urn:ietf:params:rtp-hdrext:sdes:mid")).unwrap();
        assert_eq!(
            (
                e.id,
                e.direction.as_ref().map(|d| d.as_str()),
                e.short_name()
            ),
            (3, Some("sendrecv"), "mid")
        );
        assert_eq!(
            extmap(at("2 urn:ietf:params:rtp-hdrext:ssrc-audio-level vad=on"))
                .unwrap()
                .attributes
                .unwrap()
                .as_str(),
            "vad=on"
        );
        assert_eq!(extmap(at("1/sideways urn:x")).unwrap_err().span.column, 12);
        assert_eq!(rtcp(at("9 IN IP4 0.0.0.0")).unwrap().port, 9);
        assert!(rtcp(at("9 IN IP4")).is_err());
        assert!(decimal(at("29.97")).is_ok());
        assert!(decimal(at("20ms")).is_err());
    }
}
