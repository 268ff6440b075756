//! Grammars of the lines other than `a=` (RFC 8866 §5 and §9): one parser per line type, each
//! taking the value after `x=` and returning a typed, borrowed value or the place it failed.

use super::fields::{digits, is_token_char, number, token, Fields};
use crate::impl_into_owned;
use crate::span::{Anchor, Expected, Tok};
use serde::Serialize;
use std::fmt;

/// `o=` (RFC 8866 §5.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Origin<'a> {
    /// `<username>`, `-` when there is none.
    pub username: Tok<'a>,
    /// `<sess-id>`: a numeric string (browsers use up to 19 digits).
    pub session_id: Tok<'a>,
    /// `<sess-version>`: a numeric string, incremented on every change.
    pub session_version: Tok<'a>,
    /// `<nettype>`, `IN` in practice.
    pub nettype: Tok<'a>,
    /// `<addrtype>`, `IP4` or `IP6`.
    pub addrtype: Tok<'a>,
    /// `<unicast-address>`.
    pub address: Tok<'a>,
}
impl_into_owned!(Origin {
    username,
    session_id,
    session_version,
    nettype,
    addrtype,
    address
});

// origin-field = %x6f "=" username SP sess-id SP sess-version SP nettype SP addrtype SP
//                unicast-address CRLF
// username = non-ws-string ; sess-id = 1*DIGIT ; sess-version = 1*DIGIT
/// Parses the value of an `o=` line.
pub fn origin(a: Anchor<'_>) -> Result<Origin<'_>, Expected> {
    let mut f = Fields::new(a);
    let username = f.tok("a user name (or `-`)")?;
    let session_id = f.field("a session id (digits)")?;
    digits(&a, session_id, "a session id (digits)")?;
    let session_version = f.field("a session version (digits)")?;
    digits(&a, session_version, "a session version (digits)")?;
    let (session_id, session_version) = (a.tok(session_id), a.tok(session_version));
    let nettype = f.tok("a network type (`IN`)")?;
    let addrtype = f.tok("an address type (`IP4` or `IP6`)")?;
    let address = f.tok("a unicast address")?;
    f.end()?;
    Ok(Origin {
        username,
        session_id,
        session_version,
        nettype,
        addrtype,
        address,
    })
}

impl fmt::Display for Origin<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {} {} {}",
            self.username,
            self.session_id,
            self.session_version,
            self.nettype,
            self.addrtype,
            self.address
        )
    }
}

/// `c=` (RFC 8866 §5.7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Connection<'a> {
    /// `<nettype>`, `IN`.
    pub nettype: Tok<'a>,
    /// `<addrtype>`, `IP4` or `IP6`.
    pub addrtype: Tok<'a>,
    /// `<connection-address>`, with any `/ttl` and `/number` suffixes as written.
    pub address: Tok<'a>,
}
impl_into_owned!(Connection {
    nettype,
    addrtype,
    address
});

// connection-field = [%x63 "=" nettype SP addrtype SP connection-address CRLF]
/// Parses the value of a `c=` line.
pub fn connection(a: Anchor<'_>) -> Result<Connection<'_>, Expected> {
    let mut f = Fields::new(a);
    let nettype = f.tok("a network type (`IN`)")?;
    let addrtype = f.tok("an address type (`IP4` or `IP6`)")?;
    let address = f.tok("a connection address")?;
    f.end()?;
    Ok(Connection {
        nettype,
        addrtype,
        address,
    })
}

impl fmt::Display for Connection<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.nettype, self.addrtype, self.address)
    }
}

/// Bandwidth types (RFC 8866 §5.8, RFC 3890 TIAS, RFC 3556 RR/RS).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum BandwidthType {
    /// `CT`: conference total (kbit/s).
    Ct,
    /// `AS`: application specific maximum (kbit/s).
    As,
    /// `TIAS`: transport independent application specific maximum (bit/s), RFC 3890.
    Tias,
    /// `RR`: RTCP bandwidth for receivers (bit/s), RFC 3556.
    Rr,
    /// `RS`: RTCP bandwidth for senders (bit/s), RFC 3556.
    Rs,
    /// Any other `bwtype` token.
    Other,
}

/// `b=` (RFC 8866 §5.8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bandwidth<'a> {
    /// `<bwtype>` as written.
    pub bwtype: Tok<'a>,
    /// The known type, if any.
    pub kind: BandwidthType,
    /// `<bandwidth>`; the unit depends on `kind` (kbit/s for AS and CT, bit/s for the others).
    pub value: u64,
}
impl_into_owned!(Bandwidth {
    bwtype,
    kind,
    value
});
crate::impl_owned_is_self!(BandwidthType);

// bandwidth-field = %x62 "=" bwtype ":" bandwidth CRLF
// bwtype = token ; bandwidth = 1*DIGIT
/// Parses the value of a `b=` line.
pub fn bandwidth(a: Anchor<'_>) -> Result<Bandwidth<'_>, Expected> {
    let s = a.text;
    let Some((t, v)) = s.split_once(':') else {
        return Err(a.expected_at(s.len(), "`:` after the bandwidth type"));
    };
    token(&a, t, "a bandwidth type (AS, CT, TIAS, RR, RS)")?;
    let value = number(&a, v, "a bandwidth (digits)")?;
    let kind = match t {
        "CT" => BandwidthType::Ct,
        "AS" => BandwidthType::As,
        "TIAS" => BandwidthType::Tias,
        "RR" => BandwidthType::Rr,
        "RS" => BandwidthType::Rs,
        _ => BandwidthType::Other,
    };
    Ok(Bandwidth {
        bwtype: a.tok(t),
        kind,
        value,
    })
}

impl fmt::Display for Bandwidth<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.bwtype, self.value)
    }
}

/// `t=` (RFC 8866 §5.9): NTP times in seconds; `0 0` for an unbounded session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Timing {
    /// `<start-time>` (NTP seconds, 0 = unbounded).
    pub start: u64,
    /// `<stop-time>` (NTP seconds, 0 = unbounded).
    pub stop: u64,
}
crate::impl_owned_is_self!(Timing);

// time-fields = *( %x74 "=" start-time SP stop-time ...) ; start-time = time / "0"
/// Parses the value of a `t=` line.
pub fn timing(a: Anchor<'_>) -> Result<Timing, Expected> {
    let mut f = Fields::new(a);
    let (_, start) = f.number("a start time (NTP seconds)")?;
    let (_, stop) = f.number("a stop time (NTP seconds)")?;
    f.end()?;
    Ok(Timing { start, stop })
}

impl fmt::Display for Timing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.start, self.stop)
    }
}

// repeat-field = %x72 "=" repeat-interval SP typed-time 1*(SP typed-time)
// typed-time = 1*DIGIT [fixed-len-time-unit] ; fixed-len-time-unit = "d" / "h" / "m" / "s"
/// Checks the value of an `r=` line (RFC 8866 §5.10) and returns its typed times.
pub fn repeat(a: Anchor<'_>) -> Result<Vec<Tok<'_>>, Expected> {
    typed_times(
        a,
        3,
        "a typed time (digits, optionally followed by d, h, m or s)",
    )
}

// zone-field = %x7a "=" time SP ["-"] typed-time *(SP time SP ["-"] typed-time)
/// Checks the value of a `z=` line (RFC 8866 §5.11): pairs of adjustment time and offset.
pub fn zone(a: Anchor<'_>) -> Result<Vec<Tok<'_>>, Expected> {
    let toks = typed_times(a, 2, "an adjustment time and an offset")?;
    if toks.len() % 2 == 1 {
        return Err(a.expected_at(a.text.len(), "an offset after the adjustment time"));
    }
    Ok(toks)
}

fn typed_times<'a>(
    a: Anchor<'a>,
    min: usize,
    what: &'static str,
) -> Result<Vec<Tok<'a>>, Expected> {
    let mut f = Fields::new(a);
    let mut out = Vec::new();
    while !f.is_empty() || out.len() < min {
        let t = f.field(what)?;
        let digits = t.strip_prefix('-').unwrap_or(t);
        let digits = digits.strip_suffix(['d', 'h', 'm', 's']).unwrap_or(digits);
        number::<u64>(&a, digits, what)?;
        out.push(a.tok(t));
        if out.len() > 256 {
            return Err(a.expected(t, "at most 256 typed times (limit)"));
        }
    }
    Ok(out)
}

/// `k=` (RFC 8866 §5.12, obsolete but parsed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Key<'a> {
    /// `<method>`: clear, base64, uri or prompt.
    pub method: Tok<'a>,
    /// `<encryption key>`, when given.
    pub key: Option<Tok<'a>>,
}
impl_into_owned!(Key { method, key });

// key-field = [%x6b "=" key-type CRLF]
// key-type = %s"prompt" / %s"clear:" text / %s"base64:" base64 / %s"uri:" uri / key-method [":" text]
/// Parses the value of a `k=` line.
pub fn key(a: Anchor<'_>) -> Result<Key<'_>, Expected> {
    let (m, k) = match a.text.split_once(':') {
        Some((m, k)) => (m, Some(a.tok(k))),
        None => (a.text, None),
    };
    token(&a, m, "a key method (clear, base64, uri, prompt)")?;
    Ok(Key {
        method: a.tok(m),
        key: k,
    })
}

/// `m=` (RFC 8866 §5.14): the start of a media description.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MediaLine<'a> {
    /// `<media>`: audio, video, application, text, image, message, or any token.
    pub media: Tok<'a>,
    /// `<port>`; 0 rejects the section (or marks it bundle-only).
    pub port: Tok<'a>,
    /// The port as a number.
    pub port_value: u16,
    /// `/<number of ports>`, when given.
    pub port_count: Option<u16>,
    /// `<proto>`, e.g. `UDP/TLS/RTP/SAVPF`, `UDP/DTLS/SCTP`; any token sequence with `/`.
    pub proto: Tok<'a>,
    /// `<fmt> ...`: the rest of the line (payload types for RTP, e.g. `webrtc-datachannel` for
    /// SCTP); see [`MediaLine::formats`].
    pub formats: Tok<'a>,
}
impl_into_owned!(MediaLine {
    media,
    port,
    port_value,
    port_count,
    proto,
    formats
});

// media-field = %x6d "=" media SP port ["/" integer] SP proto 1*(SP fmt) CRLF
// media = token ; port = 1*DIGIT ; proto = token *("/" token) ; fmt = token
/// Parses the value of an `m=` line.
pub fn media_line(a: Anchor<'_>, max_formats: usize) -> Result<MediaLine<'_>, Expected> {
    let mut f = Fields::new(a);
    let media = f.token_tok(
        "a media type (audio, video, application, ...)",
        "a media type (a token)",
    )?;
    let port_field = f.field("a port")?;
    let (port_str, count_str) = match port_field.split_once('/') {
        Some((p, c)) => (p, Some(c)),
        None => (port_field, None),
    };
    let port_value = number(&a, port_str, "a port (0-65535)")?;
    let port_count = match count_str {
        Some(c) => Some(number(&a, c, "a number of ports")?),
        None => None,
    };
    let proto = f.tok("a transport protocol (e.g. UDP/TLS/RTP/SAVPF)")?;
    for part in proto.split('/') {
        token(&a, part, "a transport protocol (tokens separated by `/`)")?;
    }
    let fmt_text = f.rest();
    let formats = f.remainder("at least one format (payload type or token)")?;
    if !well_formed_formats(fmt_text.as_bytes(), max_formats) {
        // Walk the formats again only to say where and what is wrong.
        let mut n = 0;
        let fa = Anchor::new(fmt_text, formats.span);
        let mut ff = Fields::new(fa);
        while !ff.is_empty() {
            let t = ff.token_field("a format (payload type or token)", "a format (a token)")?;
            n += 1;
            if n > max_formats {
                return Err(fa.expected(t, "fewer formats (limit)"));
            }
        }
    }
    Ok(MediaLine {
        media,
        port: a.tok(port_str),
        port_value,
        port_count,
        proto,
        formats,
    })
}

/// Whether `b` is 1 to `max` tokens separated by single spaces, in one pass (the loop in
/// [`media_line`] then only runs to say what is wrong).
fn well_formed_formats(b: &[u8], max: usize) -> bool {
    let mut ok = !b.is_empty();
    let mut after_space = true; // a leading space is as bad as two in a row
    let mut n = 1;
    for &c in b {
        if c == b' ' {
            ok &= !after_space;
            after_space = true;
            n += 1;
        } else {
            ok &= is_token_char(c);
            after_space = false;
        }
    }
    ok && !after_space && n <= max
}

impl<'a> MediaLine<'a> {
    /// The formats, in order (payload types for RTP protos).
    pub fn formats(&self) -> impl Iterator<Item = Tok<'_>> {
        let a = Anchor::new(&self.formats.text, self.formats.span);
        self.formats.text.split(' ').map(move |t| a.tok(t))
    }

    /// The formats as RTP payload types, skipping any that are not numbers.
    pub fn payload_types(&self) -> impl Iterator<Item = u8> + '_ {
        self.formats.text.split(' ').filter_map(|t| t.parse().ok())
    }

    /// Whether the proto carries RTP (contains `RTP/`).
    pub fn is_rtp(&self) -> bool {
        self.proto.contains("RTP/")
    }
}

impl fmt::Display for MediaLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.media, self.port_value)?;
        if let Some(c) = self.port_count {
            write!(f, "/{c}")?;
        }
        write!(f, " {} {}", self.proto, self.formats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Anchor<'_> {
        crate::span::test_anchor(s, 2, 1, 3)
    }

    #[test]
    fn origin_of_a_chrome_offer() {
        let o = origin(at("- 4611731400430051336 2 IN IP4 127.0.0.1")).unwrap();
        assert_eq!(o.session_id.as_str(), "4611731400430051336");
        assert_eq!(o.address.span.column, 3 + 31);
        let e = origin(at("- 12x 2 IN IP4 1.2.3.4")).unwrap_err();
        assert_eq!(
            (e.span.column, e.expected),
            (3 + 4, "a session id (digits)")
        );
        assert!(origin(at("- 1 2 IN IP4")).is_err());
    }

    #[test]
    fn media_lines_of_every_kind_parse() {
        for v in [
            "audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
            "application 9 UDP/DTLS/SCTP webrtc-datachannel",
            "application 9 TCP/DTLS/SCTP webrtc-datachannel",
            "audio 49170 RTP/AVP 0",
            "image 5000 udptl t38",
            "application 50000 UDP/BFCP *",
            "video 49170/2 RTP/AVP 31",
        ] {
            let m = media_line(at(v), 128).unwrap_or_else(|e| panic!("{v}: {e:?}"));
            assert_eq!(m.to_string(), v);
        }
        let m = media_line(at("video 49170/2 RTP/AVP 31 32"), 128).unwrap();
        assert_eq!((m.port_value, m.port_count), (49170, Some(2)));
        assert_eq!(m.payload_types().collect::<Vec<_>>(), [31, 32]);
        assert_eq!(m.formats().nth(1).unwrap().span.column, 3 + 25);
    }

    #[test]
    fn media_line_errors_say_what_and_where() {
        let e = media_line(at("audio"), 128).unwrap_err();
        assert_eq!((e.expected, e.span.column), ("a port", 8));
        let e = media_line(at("audio 70000 RTP/AVP 0"), 128).unwrap_err();
        assert_eq!((e.expected, e.span.column), ("a port (0-65535)", 9));
        let e = media_line(at("audio 9 RTP/AVP"), 128).unwrap_err();
        assert_eq!(e.expected, "at least one format (payload type or token)");
        let e = media_line(at("audio 9 RTP/AVP 1 2 3"), 2).unwrap_err();
        assert_eq!(e.expected, "fewer formats (limit)");
    }

    #[test]
    fn bandwidth_timing_repeat_zone_key() {
        let b = bandwidth(at("TIAS:64000")).unwrap();
        assert_eq!((b.kind, b.value), (BandwidthType::Tias, 64000));
        assert_eq!(
            bandwidth(at("AS")).unwrap_err().expected,
            "`:` after the bandwidth type"
        );
        assert_eq!(timing(at("0 0")).unwrap(), Timing { start: 0, stop: 0 });
        assert!(timing(at("0")).is_err());
        // RFC 8866 §5.10 example.
        assert_eq!(repeat(at("604800 3600 0 90000")).unwrap().len(), 4);
        assert_eq!(repeat(at("7d 1h 0 25h")).unwrap().len(), 4);
        assert!(repeat(at("7d 1x 0")).is_err());
        // RFC 8866 §5.11 example.
        assert_eq!(zone(at("2882844526 -1h 2898848070 0")).unwrap().len(), 4);
        assert!(zone(at("2882844526")).is_err());
        assert_eq!(key(at("prompt")).unwrap().key, None);
        assert_eq!(
            key(at("clear:secret")).unwrap().key.unwrap().as_str(),
            "secret"
        );
    }
}
