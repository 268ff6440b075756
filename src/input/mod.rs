//! Input sniffing: decide what a file (or stdin) holds and pull the session descriptions out.
//!
//! Every `rtcinspect` command takes a file or `-`, and users paste what they have at hand: an
//! SDP copied from a console log, a signalling message (`RTCSessionDescriptionInit` as JSON), a
//! `chrome://webrtc-internals` dump, a SIP INVITE, or by mistake a capture. This module is the
//! bottom layer that tells these apart from the *bytes* alone (never from a file extension),
//! and extracts the SDPs they hold:
//!
//! - [`sniff`] names the kind of input ([`InputKind`]), cheaply and without failing;
//! - [`descriptions`] returns every session description the input holds, in input order, each
//!   with where it came from ([`Source`]); raw SDP and SIP bodies are borrowed from the input;
//! - [`select`] picks one of them with a [`Selector`] (index, peer connection, event, type), or
//!   by the documented default rule ([`select`]), and [`listing`] gives the lines a CLI prints so
//!   the user can choose.
//!
//! The module never opens files and never prints: callers pass bytes and render the errors
//! ([`InputError`]), which always say where (byte offset, `line:column` or JSON pointer) and
//! what was expected.
//!
//! # Recognised inputs
//! | Kind | How it is recognised |
//! |---|---|
//! | [`InputKind::Sdp`] | first non-blank line (after an optional UTF-8 BOM) is `v=…`, or most of the first lines look like `x=…` |
//! | [`InputKind::SessionDescriptionJson`] | JSON (object, array, or JSON Lines) with an `"sdp"` member, e.g. `{"type":"offer","sdp":"v=0\r\n…"}` |
//! | [`InputKind::IceCandidateJson`] | JSON with a `"candidate"` member and no `"sdp"` (`RTCIceCandidateInit`) |
//! | [`InputKind::WebrtcInternalsDump`] | JSON object with a `"PeerConnections"` member |
//! | [`InputKind::Json`] | any other JSON |
//! | [`InputKind::Sip`] | a SIP request line (`INVITE sip:… SIP/2.0`) or status line (`SIP/2.0 200 OK`) |
//! | [`InputKind::Pcap`] / [`InputKind::Pcapng`] | the file magic (`a1b2c3d4`, `a1b23c4d` either byte order / `0a0d0d0a`) |
//! | [`InputKind::Hex`] | hex digits only: a hex stream, `00:01:…`, `0x00, 0x01`, `hexdump -C`, `xxd`, `tcpdump -X` |
//! | [`InputKind::Empty`] | no bytes, or only white space |
//! | [`InputKind::Unknown`] | anything else |
//!
//! # webrtc-internals dumps
//! The file that `chrome://webrtc-internals` downloads ("Download the webrtc-internals dump"):
//! a JSON object with `PeerConnections` keyed by `"<pid>-<lid>"`, each with `pid`, `url`,
//! `rtcConfiguration`, `stats` and an `updateLog` array; plus `getUserMedia`, `UserAgent`,
//! `UserAgentData`, `timestamp` and machine facts. Chromium 156 writes each `updateLog` entry as
//! `{"type": EVENT, "value": STRING, "timestamp": "1795213650759.362"}` (milliseconds since the
//! epoch, as a string), where `value` holds JSON in a string —
//! `"{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n…\"}"` — for `createOfferOnSuccess`,
//! `createAnswerOnSuccess`, `setLocalDescription` and `setRemoteDescription`, and `""` for
//! the `…OnSuccess` of the set calls. Older Chrome wrote `"time": "<local date>"` and values
//! like `type: offer, sdp: v=0…`. Both are read, and any event whose value holds SDP is listed,
//! whatever its name. Stats are skipped without decoding (their values are JSON in strings,
//! with candidate-pair priorities above 2^53).
//!
//! # Limits
//! Sniffing looks at the first [`SNIFF_PREFIX`] bytes of text, except for JSON, which is parsed
//! in full (linear time; serde_json's nesting limit of 128 applies). A webrtc-internals JSON value
//! that is itself a string holding JSON is decoded at most [`MAX_JSON_NESTING_IN_STRINGS`] times.
//! SIP multipart bodies nest at most [`MAX_MULTIPART_DEPTH`] deep. All work is linear in the
//! input. Numbers in JSON are never converted in a way that can fail (webrtc-internals stats hold
//! ICE priorities above 2^53): stats are skipped without being decoded.

pub mod hex;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// How many leading bytes [`sniff`] examines for text inputs (JSON is parsed in full).
pub const SNIFF_PREFIX: usize = 64 * 1024;

/// How many times a JSON string holding JSON is decoded again (webrtc-internals dumps store
/// JSON inside strings; a whole dump may also have been saved as one JSON string).
pub const MAX_JSON_NESTING_IN_STRINGS: usize = 2;

/// How deep `multipart/*` bodies inside SIP messages are followed.
pub const MAX_MULTIPART_DEPTH: usize = 4;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

// ---------------------------------------------------------------------------------------------
// Kinds
// ---------------------------------------------------------------------------------------------

/// What an input is, as told by [`sniff`] from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputKind {
    /// Raw SDP text (RFC 8866): `v=0` then `x=value` lines.
    Sdp,
    /// JSON `RTCSessionDescriptionInit` (`{"type":"offer","sdp":"v=0…"}`), an array of them,
    /// JSON Lines of them, or a signalling message wrapping one.
    SessionDescriptionJson,
    /// JSON `RTCIceCandidateInit` (`{"candidate":"candidate:…","sdpMid":"0",…}`) or several:
    /// ICE candidates, not a session description.
    IceCandidateJson,
    /// A `chrome://webrtc-internals` dump (JSON with `"PeerConnections"`).
    WebrtcInternalsDump,
    /// JSON that is none of the above.
    Json,
    /// A SIP message (RFC 3261): request or response, SDP in its body.
    Sip,
    /// A pcap capture file (libpcap format, any byte order, micro- or nanosecond).
    Pcap,
    /// A pcapng capture file.
    Pcapng,
    /// A hex dump of bytes (hex stream, `hexdump -C`, `xxd`, Wireshark "copy as hex").
    Hex,
    /// No bytes at all, or only white space.
    Empty,
    /// Anything else (binary data, other text).
    Unknown,
}

impl InputKind {
    /// Whether inputs of this kind can hold session descriptions that [`descriptions`] extracts.
    pub fn may_hold_sdp(self) -> bool {
        matches!(
            self,
            InputKind::Sdp
                | InputKind::SessionDescriptionJson
                | InputKind::WebrtcInternalsDump
                | InputKind::Sip
        )
    }
}

impl fmt::Display for InputKind {
    /// A human name, e.g. "chrome://webrtc-internals dump".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InputKind::Sdp => "SDP text",
            InputKind::SessionDescriptionJson => {
                "JSON session description (RTCSessionDescriptionInit)"
            }
            InputKind::IceCandidateJson => "JSON ICE candidate (RTCIceCandidateInit)",
            InputKind::WebrtcInternalsDump => "chrome://webrtc-internals dump",
            InputKind::Json => "JSON",
            InputKind::Sip => "SIP message",
            InputKind::Pcap => "pcap capture",
            InputKind::Pcapng => "pcapng capture",
            InputKind::Hex => "hex dump",
            InputKind::Empty => "empty input",
            InputKind::Unknown => "unrecognised input",
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Descriptions
// ---------------------------------------------------------------------------------------------

/// Where in the input a [`Description`] came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The input is the SDP itself (after an optional UTF-8 byte-order mark).
    Text,
    /// An `RTCSessionDescriptionInit` object in JSON input.
    Json {
        /// Which top-level JSON value, counted from 0 (more than one in JSON Lines input).
        document: usize,
        /// RFC 6901 JSON pointer to the description object (the one with `type` and `sdp`)
        /// inside that value: empty for the value itself, `/1` for an array element,
        /// `/description` for a wrapped one. When the value was a JSON string holding JSON, the
        /// pointer is into the decoded string.
        pointer: String,
    },
    /// An entry of a peer connection's `updateLog` in a `chrome://webrtc-internals` dump.
    WebrtcInternals {
        /// The peer connection's key in `PeerConnections` (Chrome writes `"<pid>-<lid>"`).
        peer_connection: String,
        /// The entry's event name as Chrome wrote it (`setLocalDescription`,
        /// `createOfferOnSuccess`, …; names differ across Chrome versions).
        ///
        /// Note: Chromium logs a *remote* description (`setRemoteDescription`) as it
        /// re-serialised it after parsing, not as it was received: for an offer from Firefox or
        /// libdatachannel the text differs from what was signalled (other `o=` user name,
        /// attribute order). Local descriptions are logged as they were passed.
        event: String,
        /// The entry's time as written in the dump: `timestamp`, milliseconds since the Unix
        /// epoch as a string (Chromium 156: `"1795213650759.362"`), or `time`, a local date
        /// string in older versions; empty if absent. [`epoch_millis_to_rfc3339`] converts the
        /// former (the `Display` of [`Source`] does).
        time: String,
        /// Index of the entry in that peer connection's `updateLog`.
        log_index: usize,
    },
    /// The body of a SIP message, or one part of its `multipart/*` body.
    Sip {
        /// Which SIP message in the input, counted from 0 (a trace may hold several).
        message: usize,
        /// The message's start line, e.g. `INVITE sip:bob@example.com SIP/2.0`.
        start_line: String,
        /// Index of the `application/sdp` part in a multipart body (`None` for a plain body).
        part: Option<usize>,
    },
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Text => f.write_str("whole input"),
            Source::Json { document, pointer } => {
                let at = if pointer.is_empty() {
                    "top level"
                } else {
                    pointer.as_str()
                };
                if *document > 0 {
                    write!(f, "JSON value {} at {at}", document + 1)
                } else {
                    write!(f, "JSON at {at}")
                }
            }
            Source::WebrtcInternals {
                peer_connection,
                event,
                time,
                log_index,
            } => {
                write!(
                    f,
                    "peer connection {peer_connection}, updateLog[{log_index}] {event}"
                )?;
                match epoch_millis_to_rfc3339(time) {
                    Some(utc) => write!(f, " at {utc}")?,
                    None if !time.is_empty() => write!(f, " at {time}")?,
                    None => {}
                }
                Ok(())
            }
            Source::Sip {
                message,
                start_line,
                part,
            } => {
                write!(f, "SIP message {} ({start_line}) body", message + 1)?;
                if let Some(p) = part {
                    write!(f, " part {}", p + 1)?;
                }
                Ok(())
            }
        }
    }
}

/// One session description found in an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description<'a> {
    /// The SDP text. Borrowed from the input for raw SDP and SIP bodies; owned when it had to
    /// be unescaped (JSON, webrtc-internals). May be empty for a `rollback` (which has no SDP).
    pub sdp: Cow<'a, str>,
    /// The description type when the input says it (`offer`, `answer`, `pranswer`,
    /// `rollback`, or whatever else was written, lower-cased); `None` for raw SDP and SIP.
    pub sdp_type: Option<String>,
    /// Where in the input it came from.
    pub source: Source,
    /// Byte offset of `sdp` in the input when it is borrowed from it (so a diagnostic's span
    /// can be shifted to a position in the file); `None` when it was unescaped.
    pub body_offset: Option<usize>,
}

impl Description<'_> {
    /// A one-line summary for listings: type, source and size, e.g.
    /// `offer  peer connection 1-1, updateLog[3] setLocalDescription at … (2345 bytes)`.
    pub fn summary(&self) -> String {
        let ty = self.sdp_type.as_deref().unwrap_or("-");
        format!("{ty:<8} {} ({} bytes)", self.source, self.sdp.len())
    }

    /// Converts into a description that owns its SDP (`'static`).
    pub fn into_owned(self) -> Description<'static> {
        Description {
            sdp: Cow::Owned(self.sdp.into_owned()),
            sdp_type: self.sdp_type,
            source: self.source,
            body_offset: self.body_offset,
        }
    }
}

/// The lines a CLI prints to let the user pick a description: `[index] summary` for each entry,
/// where `index` is what [`Selector::index`] takes.
pub fn listing(list: &[Description<'_>]) -> Vec<String> {
    list.iter()
        .enumerate()
        .map(|(i, d)| format!("[{i}] {}", d.summary()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Why no session description could be taken from an input.
///
/// Every variant says where (byte offset, `line:column`, JSON pointer) and what was expected, so
/// the CLI can print it as is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputError {
    /// The input looked like text but is not valid UTF-8 (SDP, JSON and SIP are UTF-8).
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
        /// 1-based column (in bytes) of that byte.
        column: usize,
    },
    /// The input looked like JSON but does not parse.
    Json {
        /// 1-based line of the error, as serde_json reports it (0 if unknown).
        line: usize,
        /// 1-based column of the error (0 if unknown).
        column: usize,
        /// What went wrong, e.g. `EOF while parsing a string`.
        message: String,
    },
    /// A SIP message that cannot be split into start line, headers and body.
    Sip {
        /// Byte offset in the input where the problem is.
        offset: usize,
        /// What was expected there.
        message: String,
    },
    /// The input is of a kind that may hold SDP (or is empty), but holds none.
    NoDescription {
        /// What the input is.
        kind: InputKind,
        /// What was found instead, where, and what to do next.
        hint: String,
    },
    /// The input is not something SDP can be taken from (a capture, a hex dump, unknown data).
    NotSdp {
        /// What the input is.
        kind: InputKind,
        /// What to do next (which command reads this kind), and what was expected.
        hint: String,
    },
    /// A [`Selector`] matched no description (or a description without SDP).
    Selection {
        /// What was asked and why it did not match.
        message: String,
        /// The descriptions there are, as [`listing`] gives them.
        available: Vec<String>,
    },
    /// A selector string given to [`Selector::from_str`] does not parse.
    BadSelector {
        /// The offending text.
        text: String,
        /// What was expected.
        message: String,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::NotUtf8 {
                offset,
                line,
                column,
            } => write!(
                f,
                "input is not valid UTF-8: invalid byte at offset {offset} (line {line}, column \
                 {column}); SDP, JSON and SIP are UTF-8 text"
            ),
            InputError::Json {
                line,
                column,
                message,
            } => {
                write!(f, "invalid JSON at line {line}, column {column}: {message}")
            }
            InputError::Sip { offset, message } => {
                write!(f, "malformed SIP message at byte {offset}: {message}")
            }
            InputError::NoDescription {
                kind: InputKind::Empty,
                hint,
            } => {
                write!(f, "empty input: {hint}")
            }
            InputError::NoDescription { kind, hint } => {
                write!(f, "no session description in this {kind}: {hint}")
            }
            InputError::NotSdp {
                kind: InputKind::Unknown,
                hint,
            } => {
                write!(f, "unrecognised input: {hint}")
            }
            InputError::NotSdp { kind, hint } => {
                write!(f, "not a session description but a {kind}: {hint}")
            }
            InputError::Selection { message, available } => {
                write!(f, "{message}")?;
                if !available.is_empty() {
                    write!(f, "; available:")?;
                    for a in available {
                        write!(f, "\n  {a}")?;
                    }
                }
                Ok(())
            }
            InputError::BadSelector { text, message } => {
                write!(f, "bad selector `{text}`: {message}")
            }
        }
    }
}

impl std::error::Error for InputError {}

/// A serde_json error over `text`, with its position (see `span::json_error_position`).
fn json_error(e: &serde_json::Error, text: &str) -> InputError {
    let (message, line, column) = crate::span::json_error_position(e, text);
    InputError::Json {
        line,
        column,
        message,
    }
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, offset - line_start + 1)
}

fn utf8(bytes: &[u8]) -> Result<&str, InputError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let (line, column) = line_col(bytes, offset);
        InputError::NotUtf8 {
            offset,
            line,
            column,
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Sniffing
// ---------------------------------------------------------------------------------------------

/// Tells what an input is from its bytes. Never fails and never panics.
///
/// Order: capture magic (binary) first; then, on the text after an optional UTF-8 BOM and
/// leading white space: JSON (`{`, `[` or `"`), SIP start line, SDP lines, hex dump. Text kinds
/// are judged on the first [`SNIFF_PREFIX`] bytes from the first non-blank byte (and only on
/// its valid UTF-8 prefix: an invalid byte further on is reported by [`descriptions`]), except
/// JSON, which is read in full to find its shape. JSON that does not parse is still classified
/// by the member names it mentions, so that [`descriptions`] reports the JSON error with its
/// position under the right kind.
pub fn sniff(bytes: &[u8]) -> InputKind {
    if let Some(kind) = capture_magic(bytes) {
        return kind;
    }
    let body = strip_bom(bytes);
    let Some(start) = body.iter().position(|b| !b.is_ascii_whitespace()) else {
        return InputKind::Empty;
    };
    let text = valid_prefix(&body[start..]);
    if text.is_empty() {
        return InputKind::Unknown; // the first byte of content is not UTF-8: binary data
    }
    match text.as_bytes()[0] {
        b'{' | b'[' | b'"' => return sniff_json(&body[start..], 0),
        _ => {}
    }
    let first_line = text.lines().next().unwrap_or("");
    if sip_start_line(first_line).is_some() {
        return InputKind::Sip;
    }
    if looks_like_sdp(text) {
        return InputKind::Sdp;
    }
    if looks_like_hex(text) {
        return InputKind::Hex;
    }
    InputKind::Unknown
}

fn capture_magic(bytes: &[u8]) -> Option<InputKind> {
    match bytes.get(..4)? {
        [0xa1, 0xb2, 0xc3, 0xd4]
        | [0xd4, 0xc3, 0xb2, 0xa1]
        | [0xa1, 0xb2, 0x3c, 0x4d]
        | [0x4d, 0x3c, 0xb2, 0xa1] => Some(InputKind::Pcap),
        [0x0a, 0x0d, 0x0d, 0x0a] => Some(InputKind::Pcapng),
        _ => None,
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)
}

/// The longest valid UTF-8 prefix of the first [`SNIFF_PREFIX`] bytes.
fn valid_prefix(bytes: &[u8]) -> &str {
    let b = &bytes[..bytes.len().min(SNIFF_PREFIX)];
    match std::str::from_utf8(b) {
        Ok(s) => s,
        // `valid_up_to` is a char boundary, so this second conversion succeeds.
        Err(e) => std::str::from_utf8(&b[..e.valid_up_to()]).unwrap_or(""),
    }
}

fn looks_like_sdp(text: &str) -> bool {
    let mut lines = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .take(10);
    let Some(first) = lines.next() else {
        return false;
    };
    if first.starts_with("v=") {
        return true;
    }
    if !is_sdp_line(first) {
        return false;
    }
    let (mut yes, mut total) = (1, 1);
    for l in lines {
        total += 1;
        if is_sdp_line(l) {
            yes += 1;
        }
    }
    yes * 2 > total
}

fn is_sdp_line(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() >= 2 && b[0].is_ascii_lowercase() && b[1] == b'='
}

/// Whether the text is a dump of hex bytes: every non-blank line (of the first 64) has hex
/// data, maybe after an offset and before an ASCII column, and there are at least 8 hex digits.
fn looks_like_hex(text: &str) -> bool {
    let mut digits = 0usize;
    let mut lines = 0usize;
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(64)
    {
        lines += 1;
        match hex_line_digits(line) {
            Some(n) => digits += n,
            None => return false,
        }
    }
    lines > 0 && digits >= 8
}

/// Hex digits on one line of a hex dump, or `None` if the line does not start with hex data.
/// Tokens are split on white space and commas; a token may be `0x`/`\x`-prefixed and split by
/// colons (`00:01:02`). The first token that is not hex ends the data (the ASCII column of
/// `xxd`, Wireshark or `tcpdump -X`); `hexdump -C`'s `|…|` column is dropped first.
fn hex_line_digits(line: &str) -> Option<usize> {
    let line = line.split('|').next().unwrap_or("");
    let mut digits = 0usize;
    for token in line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
    {
        let mut n = 0usize;
        let all_hex = token.split(':').filter(|p| !p.is_empty()).all(|p| {
            let p = p
                .strip_prefix("0x")
                .or_else(|| p.strip_prefix("0X"))
                .or_else(|| p.strip_prefix("\\x"))
                .unwrap_or(p);
            n += p.len();
            p.bytes().all(|b| b.is_ascii_hexdigit())
        });
        if !all_hex || n == 0 {
            break;
        }
        digits += n;
    }
    (digits > 0).then_some(digits)
}

// ---------------------------------------------------------------------------------------------
// JSON shape (for sniffing): member names of top-level values; values skipped, not decoded
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Shape {
    has_sdp: bool,
    has_candidate: bool,
    has_peer_connections: bool,
    has_wrapper: bool,
    /// The top-level value was a string: its content (maybe JSON saved as a JSON string).
    string: Option<String>,
}

/// Members that wrap an `RTCSessionDescriptionInit` in signalling messages, in the order they
/// are looked at.
const WRAPPER_KEYS: [&str; 3] = ["description", "localDescription", "remoteDescription"];

struct ShapeSeed<'s> {
    shape: &'s mut Shape,
    top: bool,
}

impl<'de> DeserializeSeed<'de> for ShapeSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ShapeSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match &*key {
                "sdp" => self.shape.has_sdp = true,
                "candidate" => self.shape.has_candidate = true,
                "PeerConnections" if self.top => self.shape.has_peer_connections = true,
                k if WRAPPER_KEYS.contains(&k) => self.shape.has_wrapper = true,
                _ => {}
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.top {
            // The elements of a top-level array are looked into (one level).
            while seq
                .next_element_seed(ShapeSeed {
                    shape: &mut *self.shape,
                    top: false,
                })?
                .is_some()
            {}
        } else {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
        }
        Ok(())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        if self.top {
            self.shape.string = Some(v.to_string());
        }
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

struct DocShape(Shape);

impl<'de> de::Deserialize<'de> for DocShape {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut shape = Shape::default();
        ShapeSeed {
            shape: &mut shape,
            top: true,
        }
        .deserialize(d)?;
        Ok(DocShape(shape))
    }
}

fn sniff_json(bytes: &[u8], depth: usize) -> InputKind {
    let mut shape = Shape::default();
    let mut broken = false;
    let mut docs = 0usize;
    // One value, or several (JSON Lines, concatenated values).
    for doc in serde_json::Deserializer::from_slice(bytes).into_iter::<DocShape>() {
        match doc {
            Ok(DocShape(s)) => {
                if docs == 0 {
                    shape.string = s.string;
                    shape.has_peer_connections = s.has_peer_connections;
                }
                shape.has_sdp |= s.has_sdp;
                shape.has_candidate |= s.has_candidate;
                shape.has_wrapper |= s.has_wrapper;
                docs += 1;
            }
            Err(_) => {
                broken = true;
                break;
            }
        }
    }
    if shape.has_peer_connections && docs == 1 && !broken {
        return InputKind::WebrtcInternalsDump;
    }
    if let (Some(s), 1, false) = (&shape.string, docs, broken) {
        let t = s.trim_start();
        if depth < MAX_JSON_NESTING_IN_STRINGS && (t.starts_with('{') || t.starts_with('[')) {
            return sniff_json(t.as_bytes(), depth + 1);
        }
        if t.starts_with("v=") {
            return InputKind::SessionDescriptionJson; // SDP saved as one JSON string
        }
    }
    if shape.has_sdp || shape.has_wrapper {
        return InputKind::SessionDescriptionJson;
    }
    if shape.has_candidate {
        return InputKind::IceCandidateJson;
    }
    if broken {
        // Broken JSON: guess from the member names it mentions, so that the JSON error is
        // reported for the right kind.
        let text = valid_prefix(bytes);
        if text.contains("\"PeerConnections\"") {
            return InputKind::WebrtcInternalsDump;
        }
        if text.contains("\"sdp\"") {
            return InputKind::SessionDescriptionJson;
        }
        if text.contains("\"candidate\"") {
            return InputKind::IceCandidateJson;
        }
    }
    InputKind::Json
}

// ---------------------------------------------------------------------------------------------
// Extraction
// ---------------------------------------------------------------------------------------------

/// Every session description the input holds, in input order.
///
/// - raw SDP: the whole input after an optional UTF-8 BOM (borrowed; leading blank lines are
///   kept so that line numbers match the file);
/// - JSON: every `RTCSessionDescriptionInit` — the top-level object, the elements of a top-level
///   array, each value of JSON Lines, or one wrapped in a `sdp`, `description`,
///   `localDescription` or `remoteDescription` member (owned: JSON unescapes);
/// - webrtc-internals dump: every `updateLog` entry whose value holds a description, per peer
///   connection in dump order (owned);
/// - SIP: the `application/sdp` body or multipart parts of each message (borrowed).
///
/// # Errors
/// [`InputError::NotSdp`] for captures, hex dumps and unrecognised data (with what to do next);
/// [`InputError::NoDescription`] for empty input and inputs that hold no SDP (ICE candidates,
/// other JSON, a SIP message without SDP body, a dump without descriptions);
/// [`InputError::NotUtf8`] and [`InputError::Json`] with the position of the fault;
/// [`InputError::Sip`] for a multipart body that cannot be split. `Ok` is never empty.
pub fn descriptions(bytes: &[u8]) -> Result<Vec<Description<'_>>, InputError> {
    let kind = sniff(bytes);
    match kind {
        InputKind::Pcap | InputKind::Pcapng | InputKind::Hex | InputKind::Unknown => {
            return Err(InputError::NotSdp {
                kind,
                hint: not_sdp_hint(kind, bytes),
            });
        }
        InputKind::Empty => {
            let hint = if bytes.is_empty() {
                "the input has no bytes; expected SDP text (v=0 …), JSON {\"type\",\"sdp\"}, a \
                 webrtc-internals dump or a SIP message"
                    .to_string()
            } else {
                format!(
                    "the input's {} bytes are only white space (or a byte-order mark); expected \
                     SDP text (v=0 …), JSON, a webrtc-internals dump or a SIP message",
                    bytes.len()
                )
            };
            return Err(InputError::NoDescription { kind, hint });
        }
        _ => {}
    }
    let text = utf8(bytes)?;
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let found = match kind {
        InputKind::Sdp => vec![Description {
            sdp: Cow::Borrowed(&text[start..]),
            sdp_type: None,
            source: Source::Text,
            body_offset: Some(start),
        }],
        InputKind::WebrtcInternalsDump => dump_descriptions(&text[start..])?,
        InputKind::Sip => sip_descriptions(text, start)?,
        _ => json_descriptions(&text[start..], kind)?,
    };
    Ok(found)
}

fn not_sdp_hint(kind: InputKind, bytes: &[u8]) -> String {
    match kind {
        InputKind::Pcap | InputKind::Pcapng => format!(
            "magic {:02x}{:02x}{:02x}{:02x} at byte 0; a capture holds packets: read it with \
             `rtcinspect pcap FILE` and pass the offer and answer with `--sdp`",
            bytes[0], bytes[1], bytes[2], bytes[3]
        ),
        InputKind::Hex => {
            "hex digits from line 1 on are bytes (a STUN message?); decode them with \
                           `rtcinspect stun`; expected SDP text starting with v=0"
                .to_string()
        }
        _ => {
            let body = strip_bom(bytes);
            let start = body
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(0);
            let offset = start + (bytes.len() - body.len());
            if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
                return "the input starts with a UTF-16 byte-order mark (byte 0); convert it to \
                        UTF-8, e.g. `iconv -f UTF-16 -t UTF-8`"
                    .to_string();
            }
            let head = &bytes[offset..bytes.len().min(offset + 24)];
            let shown: String = head.escape_ascii().to_string();
            let text = valid_prefix(&bytes[offset..]);
            let what = if text.is_empty() {
                "binary data, not UTF-8 text"
            } else if text.starts_with("candidate:") || text.starts_with("a=candidate:") {
                "an ICE candidate line (read it with `rtcinspect candidate`)"
            } else {
                "text that is neither SDP lines (x=value), JSON nor a SIP message"
            };
            format!(
                "found {what} at byte {offset} (`{shown}`); expected SDP text starting with v=0, \
                 JSON {{\"type\":\"offer\",\"sdp\":\"v=0…\"}}, a chrome://webrtc-internals dump \
                 or a SIP message"
            )
        }
    }
}

// ----- JSON -----------------------------------------------------------------------------------

fn json_descriptions(text: &str, kind: InputKind) -> Result<Vec<Description<'static>>, InputError> {
    let mut found = Vec::new();
    let mut docs = 0usize;
    let mut top_keys: Vec<String> = Vec::new();
    for (document, value) in serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .enumerate()
    {
        let value = value.map_err(|e| json_error(&e, text))?;
        if document == 0 {
            if let Value::Object(m) = &value {
                top_keys = m.keys().take(8).cloned().collect();
            }
        }
        json_collect(&value, String::new(), document, 0, &mut found);
        docs += 1;
    }
    if !found.is_empty() {
        return Ok(found);
    }
    let hint = match kind {
        InputKind::IceCandidateJson => "the JSON from line 1, column 1 holds ICE candidates \
            ({\"candidate\":\"candidate:…\",\"sdpMid\":…}) and no \"sdp\"; read them with \
            `rtcinspect candidate`"
            .to_string(),
        _ => {
            let keys = if top_keys.is_empty() {
                String::new()
            } else {
                format!(" (members: {})", top_keys.join(", "))
            };
            format!(
                "{docs} JSON value(s) from line 1, column 1{keys}, none with an \"sdp\" string; \
                 expected {{\"type\":\"offer\",\"sdp\":\"v=0…\"}} (RTCSessionDescriptionInit) or a \
                 webrtc-internals dump (with \"PeerConnections\")"
            )
        }
    };
    Err(InputError::NoDescription { kind, hint })
}

/// Appends to `found` the descriptions in `value` at JSON pointer `pointer`.
fn json_collect(
    value: &Value,
    pointer: String,
    document: usize,
    depth: usize,
    found: &mut Vec<Description<'static>>,
) {
    const MAX_DEPTH: usize = 4;
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(m) => {
            let ty = m
                .get("type")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase);
            match m.get("sdp") {
                Some(Value::String(sdp)) => {
                    found.push(Description {
                        sdp: Cow::Owned(sdp.clone()),
                        sdp_type: ty,
                        source: Source::Json { document, pointer },
                        body_offset: None,
                    });
                    return;
                }
                Some(inner @ Value::Object(_)) => {
                    json_collect(inner, format!("{pointer}/sdp"), document, depth + 1, found);
                    return;
                }
                _ => {}
            }
            if ty.as_deref() == Some("rollback") {
                found.push(Description {
                    sdp: Cow::Borrowed(""),
                    sdp_type: ty,
                    source: Source::Json { document, pointer },
                    body_offset: None,
                });
                return;
            }
            for key in WRAPPER_KEYS {
                if let Some(inner @ Value::Object(_)) = m.get(key) {
                    json_collect(
                        inner,
                        format!("{pointer}/{key}"),
                        document,
                        depth + 1,
                        found,
                    );
                }
            }
        }
        Value::Array(items) if depth == 0 => {
            for (i, item) in items.iter().enumerate() {
                json_collect(item, format!("{pointer}/{i}"), document, depth + 1, found);
            }
        }
        // A JSON string holding JSON, or holding SDP.
        Value::String(s) if depth == 0 => {
            let t = s.trim_start();
            if t.starts_with("v=") {
                found.push(Description {
                    sdp: Cow::Owned(s.clone()),
                    sdp_type: None,
                    source: Source::Json { document, pointer },
                    body_offset: None,
                });
            } else if t.starts_with('{') || t.starts_with('[') {
                if let Ok(inner) = serde_json::from_str::<Value>(t) {
                    json_collect(&inner, pointer, document, depth + 1, found);
                }
            }
        }
        _ => {}
    }
}

// ----- webrtc-internals -----------------------------------------------------------------------

/// The parts of a webrtc-internals dump we read; everything else (stats, getUserMedia) is
/// skipped without being decoded, so no number in it can make the parse fail.
#[derive(Default)]
struct DumpDoc {
    peer_connections: Option<Vec<(String, PcDoc)>>,
    user_agent: Option<String>,
    /// The whole dump was saved as one JSON string.
    string: Option<String>,
}

#[derive(Default)]
struct PcDoc {
    update_log: Vec<Value>,
}

impl<'de> de::Deserialize<'de> for DumpDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DumpDoc;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a webrtc-internals dump object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DumpDoc, A::Error> {
                let mut doc = DumpDoc::default();
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    match &*key {
                        "PeerConnections" => {
                            doc.peer_connections = Some(map.next_value::<PcMap>()?.0)
                        }
                        "UserAgent" => {
                            if let Value::String(s) = map.next_value::<Value>()? {
                                doc.user_agent = Some(s);
                            }
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(doc)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DumpDoc, E> {
                Ok(DumpDoc {
                    string: Some(v.to_string()),
                    ..DumpDoc::default()
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// `PeerConnections`, in dump order (serde_json's own map would sort the keys).
struct PcMap(Vec<(String, PcDoc)>);

impl<'de> de::Deserialize<'de> for PcMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = PcMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of peer connections")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PcMap, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    out.push((key, map.next_value::<PcDoc>()?));
                }
                Ok(PcMap(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> de::Deserialize<'de> for PcDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V {
            nested: bool,
        }
        impl<'de> Visitor<'de> for V {
            type Value = PcDoc;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a peer connection object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PcDoc, A::Error> {
                let mut pc = PcDoc::default();
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    if &*key == "updateLog" {
                        match map.next_value::<Value>()? {
                            Value::Array(items) => pc.update_log = items,
                            Value::String(s) if !self.nested => {
                                // JSON inside a string: parse twice.
                                if let Ok(Value::Array(items)) = serde_json::from_str(&s) {
                                    pc.update_log = items;
                                }
                            }
                            _ => {}
                        }
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(pc)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PcDoc, E> {
                // A peer connection saved as a JSON string: decode it once more, leniently.
                if self.nested {
                    return Ok(PcDoc::default());
                }
                let mut de = serde_json::Deserializer::from_str(v);
                Ok(de.deserialize_any(V { nested: true }).unwrap_or_default())
            }
            fn visit_unit<E>(self) -> Result<PcDoc, E> {
                Ok(PcDoc::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PcDoc, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(PcDoc::default())
            }
            fn visit_bool<E>(self, _: bool) -> Result<PcDoc, E> {
                Ok(PcDoc::default())
            }
            fn visit_i64<E>(self, _: i64) -> Result<PcDoc, E> {
                Ok(PcDoc::default())
            }
            fn visit_u64<E>(self, _: u64) -> Result<PcDoc, E> {
                Ok(PcDoc::default())
            }
            fn visit_f64<E>(self, _: f64) -> Result<PcDoc, E> {
                Ok(PcDoc::default())
            }
        }
        d.deserialize_any(V { nested: false })
    }
}

/// The dump's document, decoded twice when it was saved as a JSON string.
fn parse_dump(text: &str) -> Result<(DumpDoc, Vec<(String, PcDoc)>), InputError> {
    let mut doc: DumpDoc = serde_json::from_str(text).map_err(|e| json_error(&e, text))?;
    if let Some(inner) = doc.string.take() {
        // The whole dump saved as a JSON string: decode once more.
        doc = serde_json::from_str(&inner).map_err(|e| json_error(&e, &inner))?;
    }
    let Some(pcs) = doc.peer_connections.take() else {
        return Err(InputError::NoDescription {
            kind: InputKind::WebrtcInternalsDump,
            hint: "the top-level object has no \"PeerConnections\" member".to_string(),
        });
    };
    Ok((doc, pcs))
}

/// The entries of an `updateLog` as objects, with their index (entries that are JSON
/// strings decoded; others skipped).
fn log_entries(pc: &PcDoc) -> impl Iterator<Item = (usize, Cow<'_, Value>)> {
    pc.update_log
        .iter()
        .enumerate()
        .filter_map(|(i, entry)| match entry {
            Value::String(s) => serde_json::from_str::<Value>(s)
                .ok()
                .map(|v| (i, Cow::Owned(v))),
            v => Some((i, Cow::Borrowed(v))),
        })
}

/// A candidate a peer connection logged in a `chrome://webrtc-internals` dump: one it
/// gathered (`onicecandidate`: the local agent's) or one it was given (`addIceCandidate`: the
/// remote agent's, trickled by signalling, RFC 8838).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DumpCandidate {
    /// The peer connection's key in `PeerConnections`.
    pub peer_connection: String,
    /// `onicecandidate` (true) or `addIceCandidate` (false).
    pub local: bool,
    /// The type (`offer`, `answer`) of the first description that peer connection logged as
    /// its own (`setLocalDescription`, `createOfferOnSuccess`, `createAnswerOnSuccess`): it
    /// tells which side of the exchange its gathered candidates belong to. `None` when it
    /// logged none.
    pub local_type: Option<String>,
    /// Index of the entry in that peer connection's `updateLog`.
    pub log_index: usize,
    /// The candidate as one line of `RTCIceCandidateInit` JSON (`candidate`, `sdpMid`,
    /// `sdpMLineIndex`, `usernameFragment` as logged), for [`crate::ice::parse_list`].
    pub init: String,
}

/// The candidates of a `chrome://webrtc-internals` dump, per peer connection in dump order.
/// Chromium logs each as a JSON string of `RTCIceCandidateInit` (older versions: `sdpMid: 0,
/// sdpMLineIndex: 0, candidate: candidate:…`, read too).
///
/// # Errors
/// [`InputError::NotUtf8`], [`InputError::Json`] (with the position of the fault) and
/// [`InputError::NoDescription`] when the input is not a dump with `PeerConnections`.
pub fn dump_candidates(bytes: &[u8]) -> Result<Vec<DumpCandidate>, InputError> {
    let text = utf8(bytes)?;
    let (_, pcs) = parse_dump(text.strip_prefix('\u{feff}').unwrap_or(text))?;
    let mut out = Vec::new();
    for (pc_id, pc) in &pcs {
        let local_type = log_entries(pc).find_map(|(_, entry)| {
            let event = entry.get("type").and_then(Value::as_str)?;
            let own = [
                "setLocalDescription",
                "createOfferOnSuccess",
                "createAnswerOnSuccess",
            ]
            .iter()
            .any(|e| event.eq_ignore_ascii_case(e));
            own.then(|| update_value(entry.get("value")?, 0)?.0)?
        });
        for (log_index, entry) in log_entries(pc) {
            let local = match entry.get("type").and_then(Value::as_str) {
                Some(e) if e.eq_ignore_ascii_case("onicecandidate") => true,
                Some(e) if e.eq_ignore_ascii_case("addicecandidate") => false,
                _ => continue,
            };
            let Some(init) = entry.get("value").and_then(candidate_init) else {
                continue;
            };
            out.push(DumpCandidate {
                peer_connection: pc_id.clone(),
                local,
                local_type: local_type.clone(),
                log_index,
                init,
            });
        }
    }
    Ok(out)
}

/// The `RTCIceCandidateInit` of a candidate entry's value, as one line of JSON: a JSON
/// string holding the object (current), the object itself, or the older text form.
fn candidate_init(value: &Value) -> Option<String> {
    let object = match value {
        Value::Object(_) => value.clone(),
        Value::String(s) => match serde_json::from_str::<Value>(s) {
            Ok(v @ Value::Object(_)) => v,
            _ => {
                // `sdpMid: 0, sdpMLineIndex: 0, candidate: candidate:…` (the candidate last).
                let (head, candidate) = s.split_once("candidate: ")?;
                let field = |name: &str| {
                    head.split(',')
                        .filter_map(|kv| kv.trim().split_once(": "))
                        .find(|(k, _)| *k == name)
                        .map(|(_, v)| v.trim().to_string())
                };
                let mut o = serde_json::Map::new();
                o.insert("candidate".into(), Value::String(candidate.trim().into()));
                if let Some(mid) = field("sdpMid") {
                    o.insert("sdpMid".into(), Value::String(mid));
                }
                if let Some(i) = field("sdpMLineIndex").and_then(|i| i.parse::<u64>().ok()) {
                    o.insert("sdpMLineIndex".into(), Value::from(i));
                }
                Value::Object(o)
            }
        },
        _ => return None,
    };
    object.get("candidate")?;
    serde_json::to_string(&object).ok()
}

fn dump_descriptions(text: &str) -> Result<Vec<Description<'static>>, InputError> {
    let (doc, pcs) = parse_dump(text)?;
    let mut found = Vec::new();
    let mut events_seen: Vec<String> = Vec::new();
    for (pc_id, pc) in &pcs {
        for (log_index, entry) in log_entries(pc) {
            let Some(event) = entry.get("type").and_then(Value::as_str) else {
                continue;
            };
            if events_seen.len() < 32 && !events_seen.iter().any(|e| e == event) {
                events_seen.push(event.to_string());
            }
            let Some((sdp_type, sdp)) = entry.get("value").and_then(|v| update_value(v, 0)) else {
                continue;
            };
            let time = match entry.get("time").or_else(|| entry.get("timestamp")) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            found.push(Description {
                sdp: Cow::Owned(sdp),
                sdp_type,
                source: Source::WebrtcInternals {
                    peer_connection: pc_id.clone(),
                    event: event.to_string(),
                    time,
                    log_index,
                },
                body_offset: None,
            });
        }
    }
    if found.is_empty() {
        let ua = doc
            .user_agent
            .map(|u| format!(" (user agent {u})"))
            .unwrap_or_default();
        let hint = if pcs.is_empty() {
            format!(
                "\"PeerConnections\" is empty{ua}: the dump was taken with no peer connection open"
            )
        } else {
            format!(
                "{} peer connection(s){ua}, none with an updateLog entry holding SDP (events: {})",
                pcs.len(),
                if events_seen.is_empty() {
                    "none".to_string()
                } else {
                    events_seen.join(", ")
                }
            )
        };
        return Err(InputError::NoDescription {
            kind: InputKind::WebrtcInternalsDump,
            hint,
        });
    }
    Ok(found)
}

/// The description in an `updateLog` value, leniently, in the forms Chrome has written:
/// a JSON string holding `{"type":"offer","sdp":"v=0…"}` (current), `type: offer, sdp: v=0…`
/// (older), `sdp: v=0…`, bare SDP, or an object. Returns `(type, sdp)`; `None` when the value
/// holds no SDP (options, candidates, states, empty `…OnSuccess` values).
fn update_value(value: &Value, depth: usize) -> Option<(Option<String>, String)> {
    match value {
        Value::Object(m) => {
            let ty = m
                .get("type")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase);
            let sdp = m.get("sdp").and_then(Value::as_str).unwrap_or("");
            described(ty, sdp)
        }
        Value::String(s) => {
            let t = s.trim_start();
            if (t.starts_with('{') || t.starts_with('"')) && depth < MAX_JSON_NESTING_IN_STRINGS {
                if let Ok(inner) = serde_json::from_str::<Value>(t) {
                    return update_value(&inner, depth + 1);
                }
            }
            if t.starts_with("v=") {
                return described(None, t);
            }
            // "type: offer, sdp: v=0…": `sdp: ` at the start or after ", " / a line break.
            let at = field_start(s, "sdp: ")?;
            let sdp = &s[at + "sdp: ".len()..];
            let ty = field_start(&s[..at], "type: ").map(|t0| {
                let rest = &s[t0 + "type: ".len()..at];
                rest.split([',', '\n'])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            });
            described(ty.filter(|t| !t.is_empty()), sdp)
        }
        _ => None,
    }
}

/// Byte index of the field `name` (e.g. `sdp: `) in a `key: value, key: value` string: at the
/// start, or after `, `, a line break or `{`.
fn field_start(s: &str, name: &str) -> Option<usize> {
    s.match_indices(name).map(|(i, _)| i).find(|&i| {
        let before = &s[..i];
        before.is_empty()
            || before.ends_with(", ")
            || before.ends_with('\n')
            || before.ends_with('{')
    })
}

fn described(ty: Option<String>, sdp: &str) -> Option<(Option<String>, String)> {
    if sdp.trim_start().starts_with("v=") || ty.as_deref() == Some("rollback") {
        Some((ty, sdp.to_string()))
    } else {
        None
    }
}

// ----- SIP ------------------------------------------------------------------------------------

/// `Some(start line)` if `line` is a SIP request line (`METHOD URI SIP/2.0`) or status line
/// (`SIP/2.0 CODE reason`), RFC 3261 §7.1 / §7.2.
fn sip_start_line(line: &str) -> Option<&str> {
    let line = line.trim_end_matches('\r');
    let mut parts = line.split(' ');
    let first = parts.next()?;
    if first.eq_ignore_ascii_case("SIP/2.0") {
        let code = parts.next()?;
        return (code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit())).then_some(line);
    }
    let method_ok = !first.is_empty()
        && first
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'-' || b == b'_');
    let uri = parts.next()?;
    let version = parts.next()?;
    (method_ok
        && uri.contains(':')
        && version.eq_ignore_ascii_case("SIP/2.0")
        && parts.next().is_none())
    .then_some(line)
}

/// A line of text without its line break; `start` is its byte offset, `next` the offset after
/// its line break.
struct Line<'a> {
    text: &'a str,
    start: usize,
    next: usize,
}

/// The line starting at byte `at` of `text`, without its CRLF or LF.
fn line_at(text: &str, at: usize) -> Line<'_> {
    let rest = &text[at..];
    let (raw, next) = match rest.find('\n') {
        Some(p) => (&rest[..p], at + p + 1),
        None => (rest, text.len()),
    };
    Line {
        text: raw.strip_suffix('\r').unwrap_or(raw),
        start: at,
        next,
    }
}

/// Header fields of a SIP message or MIME part, from `at` up to the blank line. Returns the
/// fields (folded lines joined) and the byte offset where the body starts (`text.len()` if
/// there is no blank line).
fn header_block(text: &str, mut at: usize) -> (Vec<(&str, String)>, usize) {
    let mut fields: Vec<(&str, String)> = Vec::new();
    while at < text.len() {
        let line = line_at(text, at);
        at = line.next;
        if line.text.is_empty() {
            return (fields, at);
        }
        if line.text.starts_with([' ', '\t']) {
            if let Some(last) = fields.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.text.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.text.split_once(':') {
            fields.push((name.trim(), value.trim().to_string()));
        }
    }
    (fields, text.len())
}

fn header<'h>(fields: &'h [(&str, String)], long: &str, compact: &str) -> Option<&'h str> {
    fields
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(long) || n.eq_ignore_ascii_case(compact))
        .map(|(_, v)| v.as_str())
}

/// `type/subtype` (lower-cased) and the parameters of a Content-Type value.
fn media_type(value: &str) -> (String, Vec<(String, String)>) {
    let mut parts = value.split(';');
    let mt = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let params = parts
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| {
            (
                k.trim().to_ascii_lowercase(),
                v.trim().trim_matches('"').to_string(),
            )
        })
        .collect();
    (mt, params)
}

fn sip_descriptions(text: &str, start: usize) -> Result<Vec<Description<'_>>, InputError> {
    let mut found = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut at = start;
    let mut message = 0usize;
    loop {
        // Blank lines between messages are ignored (RFC 3261 §7.5).
        while at < text.len() && text.as_bytes()[at].is_ascii_whitespace() {
            at += 1;
        }
        if at >= text.len() {
            break;
        }
        let first = line_at(text, at);
        let Some(start_line) = sip_start_line(first.text) else {
            if message == 0 {
                return Err(InputError::Sip {
                    offset: at,
                    message: "expected a request line `METHOD sip:… SIP/2.0` or a status line \
                              `SIP/2.0 200 OK`"
                        .to_string(),
                });
            }
            break; // trailing text after the last message
        };
        let (fields, body_start) = header_block(text, first.next);
        let content_length =
            header(&fields, "Content-Length", "l").and_then(|v| v.trim().parse::<usize>().ok());
        let mut body_end = match content_length {
            Some(n) => body_start.saturating_add(n).min(text.len()),
            // No Content-Length: the body runs to the next SIP start line, or the end.
            None => next_start_line(text, body_start),
        };
        while !text.is_char_boundary(body_end) {
            body_end += 1;
        }
        let body = &text[body_start..body_end];
        let content_type = header(&fields, "Content-Type", "c");
        let mut bodies = Vec::new();
        body_parts(
            text,
            body_start,
            body_end,
            content_type,
            None,
            0,
            &mut bodies,
        )?;
        if bodies.is_empty() {
            notes.push(match (content_type, body.trim().is_empty()) {
                (_, true) => format!(
                    "message {} ({start_line}) at byte {} has no body",
                    message + 1,
                    first.start
                ),
                (Some(ct), false) => format!(
                    "message {} ({start_line}) has a {ct} body at byte {body_start}",
                    message + 1
                ),
                (None, false) => format!(
                    "message {} ({start_line}) has a body without Content-Type at byte \
                     {body_start} that is not SDP",
                    message + 1
                ),
            });
        }
        for (range, part) in bodies {
            found.push(Description {
                sdp: Cow::Borrowed(&text[range.clone()]),
                sdp_type: None,
                source: Source::Sip {
                    message,
                    start_line: start_line.to_string(),
                    part,
                },
                body_offset: Some(range.start),
            });
        }
        message += 1;
        at = body_end;
    }
    if found.is_empty() {
        return Err(InputError::NoDescription {
            kind: InputKind::Sip,
            hint: format!(
                "{}; expected a body with Content-Type: application/sdp (or a multipart body \
                 with such a part)",
                notes.join("; ")
            ),
        });
    }
    Ok(found)
}

/// Byte offset of the next line at or after `from` that is a SIP start line, or `text.len()`.
fn next_start_line(text: &str, from: usize) -> usize {
    let mut at = from;
    while at < text.len() {
        let line = line_at(text, at);
        if sip_start_line(line.text).is_some() {
            return line.start;
        }
        at = line.next;
    }
    text.len()
}

/// Collects the SDP byte ranges of a body `text[start..end]` with the given Content-Type:
/// the body itself for `application/sdp` (or no type and SDP-looking content), the SDP parts of
/// `multipart/*` (RFC 2046 §5.1; the line break before a delimiter belongs to the delimiter).
fn body_parts(
    text: &str,
    start: usize,
    end: usize,
    content_type: Option<&str>,
    part: Option<usize>,
    depth: usize,
    out: &mut Vec<(std::ops::Range<usize>, Option<usize>)>,
) -> Result<(), InputError> {
    let body = &text[start..end];
    let (mt, params) = content_type.map(media_type).unwrap_or_default();
    if mt == "application/sdp" || (content_type.is_none() && body.trim_start().starts_with("v=")) {
        if !body.trim().is_empty() {
            out.push((start..end, part));
        }
        return Ok(());
    }
    if !mt.starts_with("multipart/") || depth >= MAX_MULTIPART_DEPTH {
        return Ok(());
    }
    let Some(boundary) = params
        .iter()
        .find(|(k, _)| k == "boundary")
        .map(|(_, v)| v.as_str())
    else {
        return Err(InputError::Sip {
            offset: start,
            message: format!("the {mt} body has no boundary parameter in its Content-Type"),
        });
    };
    let delimiter = format!("--{boundary}");
    // Walk the lines; a part runs from after one delimiter line to before the next.
    let mut at = start;
    let mut part_start: Option<usize> = None;
    let mut index = 0usize;
    let mut seen_delimiter = false;
    while at < end {
        let line = line_at(&text[..end], at);
        if let Some(rest) = line.text.strip_prefix(delimiter.as_str()) {
            let closing = rest.starts_with("--");
            if closing || rest.trim().is_empty() {
                seen_delimiter = true;
                if let Some(ps) = part_start.take() {
                    // Drop the line break that precedes the delimiter.
                    let mut pe = line.start;
                    if text[..pe].ends_with("\r\n") {
                        pe -= 2;
                    } else if text[..pe].ends_with('\n') {
                        pe -= 1;
                    }
                    let pe = pe.max(ps);
                    mime_part(text, ps, pe, part.or(Some(index)), depth, out)?;
                    index += 1;
                }
                if closing {
                    break;
                }
                part_start = Some(line.next);
            }
        }
        at = line.next;
    }
    if let Some(ps) = part_start {
        // No closing delimiter (truncated message): take the last part to the end, leniently.
        mime_part(text, ps, end, part.or(Some(index)), depth, out)?;
    }
    if !seen_delimiter {
        return Err(InputError::Sip {
            offset: start,
            message: format!("the {mt} body has no delimiter line `{delimiter}`"),
        });
    }
    Ok(())
}

fn mime_part(
    text: &str,
    start: usize,
    end: usize,
    part: Option<usize>,
    depth: usize,
    out: &mut Vec<(std::ops::Range<usize>, Option<usize>)>,
) -> Result<(), InputError> {
    let segment = &text[start..end];
    if segment.starts_with("v=") {
        // No headers at all, SDP right away: lenient.
        return body_parts(text, start, end, None, part, depth + 1, out);
    }
    let (fields, body_start) = header_block(segment, 0);
    let ct = header(&fields, "Content-Type", "c").map(str::to_string);
    body_parts(
        text,
        start + body_start,
        end,
        ct.as_deref(),
        part,
        depth + 1,
        out,
    )
}

// ---------------------------------------------------------------------------------------------
// Selection
// ---------------------------------------------------------------------------------------------

/// Which description to take from an input that holds several (a webrtc-internals dump, a JSON
/// array, a SIP trace).
///
/// All fields are filters; `None` means "any". With [`index`](Self::index), that entry of the
/// listing is taken and the other filters must agree with it. Otherwise, among the entries
/// that pass the filters, [`select`]'s default rule picks one.
///
/// Parsed from a string by [`Selector::from_str`] (for a CLI flag such as `--select`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selector {
    /// Position in the listing ([`descriptions`] order, as [`listing`] numbers it), from 0.
    pub index: Option<usize>,
    /// Peer connection id in a webrtc-internals dump (exact, e.g. `6-1`).
    pub peer_connection: Option<String>,
    /// Event name in a webrtc-internals dump (ASCII case-insensitive, e.g.
    /// `setRemoteDescription`).
    pub event: Option<String>,
    /// Description type (ASCII case-insensitive: `offer`, `answer`, `pranswer`, `rollback`).
    pub sdp_type: Option<String>,
}

impl Selector {
    /// Whether no filter is set (the default rule alone decides).
    pub fn is_empty(&self) -> bool {
        *self == Selector::default()
    }

    fn matches(&self, d: &Description<'_>) -> bool {
        let (pc, event) = match &d.source {
            Source::WebrtcInternals {
                peer_connection,
                event,
                ..
            } => (Some(peer_connection.as_str()), Some(event.as_str())),
            _ => (None, None),
        };
        self.peer_connection
            .as_deref()
            .is_none_or(|want| pc == Some(want))
            && self
                .event
                .as_deref()
                .is_none_or(|want| event.is_some_and(|e| e.eq_ignore_ascii_case(want)))
            && self.sdp_type.as_deref().is_none_or(|want| {
                d.sdp_type
                    .as_deref()
                    .is_some_and(|t| t.eq_ignore_ascii_case(want))
            })
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(i) = self.index {
            parts.push(format!("index {i}"));
        }
        if let Some(p) = &self.peer_connection {
            parts.push(format!("peer connection {p}"));
        }
        if let Some(e) = &self.event {
            parts.push(format!("event {e}"));
        }
        if let Some(t) = &self.sdp_type {
            parts.push(format!("type {t}"));
        }
        parts.join(", ")
    }
}

impl FromStr for Selector {
    type Err = InputError;

    /// Parses `ITEM[,ITEM…]`, where an ITEM is `N` (index), `pc=ID`, `event=NAME`, `type=TYPE`
    /// (also `index=N`), or a bare word: `offer`/`answer`/`pranswer`/`rollback` is a type, a
    /// `digits-digits` word is a peer connection id, any other word an event name.
    /// Examples: `3`, `answer`, `6-1,setRemoteDescription`, `pc=6-1,type=offer`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |message: String| InputError::BadSelector {
            text: s.to_string(),
            message,
        };
        let mut sel = Selector::default();
        for item in s.split(',').map(str::trim) {
            if item.is_empty() {
                return Err(bad(
                    "empty item; expected N, pc=ID, event=NAME or type=TYPE".into(),
                ));
            }
            let (key, value) = match item.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_lowercase(), v.trim()),
                None => (String::new(), item),
            };
            if value.is_empty() {
                return Err(bad(format!("`{item}` has no value")));
            }
            let is_pc_id = |v: &str| {
                v.split_once('-').is_some_and(|(a, b)| {
                    !a.is_empty()
                        && !b.is_empty()
                        && a.bytes().all(|c| c.is_ascii_digit())
                        && b.bytes().all(|c| c.is_ascii_digit())
                })
            };
            match key.as_str() {
                "index" | "" if value.bytes().all(|c| c.is_ascii_digit()) => {
                    let n = value
                        .parse()
                        .map_err(|_| bad(format!("index `{value}` is too large")))?;
                    sel.index = Some(n);
                }
                "index" => return Err(bad(format!("index `{value}` is not a number"))),
                "pc" | "peer-connection" | "peer_connection" => {
                    sel.peer_connection = Some(value.to_string())
                }
                "event" => sel.event = Some(value.to_string()),
                "type" => sel.sdp_type = Some(value.to_ascii_lowercase()),
                "" if ["offer", "answer", "pranswer", "rollback"]
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(value)) =>
                {
                    sel.sdp_type = Some(value.to_ascii_lowercase())
                }
                "" if is_pc_id(value) => sel.peer_connection = Some(value.to_string()),
                "" => sel.event = Some(value.to_string()),
                other => {
                    return Err(bad(format!(
                        "unknown key `{other}`; expected index, pc, event or type"
                    )));
                }
            }
        }
        Ok(sel)
    }
}

/// Picks one description from [`descriptions`]' list.
///
/// **Default rule** (applied to all entries when the selector is empty, and among the entries
/// that match its filters otherwise; entries without SDP, i.e. rollbacks, are passed over when
/// another matches):
/// - webrtc-internals dump: the **first peer connection** (in dump order) with a matching entry,
///   and in it the **last `setLocalDescription`** — the description that peer connection
///   applied last, which is what it sent; failing that the last `setLocalDescription…` event
///   (e.g. `setLocalDescriptionOnSuccess` after an implicit `setLocalDescription()`); failing
///   that its last description of any event;
/// - any other input: the **first** matching description.
///
/// With [`Selector::index`], that entry is taken (and must match the other filters).
///
/// # Errors
/// [`InputError::Selection`] when the list is empty, the index is out of range, nothing
/// matches, or the chosen entry holds no SDP (a rollback); it lists what is available.
pub fn select<'a>(
    list: Vec<Description<'a>>,
    selector: &Selector,
) -> Result<Description<'a>, InputError> {
    let fail = |message: String, list: &[Description<'_>]| InputError::Selection {
        message,
        available: listing(list),
    };
    if list.is_empty() {
        return Err(fail(
            "the input holds no session description".to_string(),
            &list,
        ));
    }
    let chosen = if let Some(i) = selector.index {
        let Some(d) = list.get(i) else {
            return Err(fail(
                format!(
                    "no description [{i}]: the input holds {} (0 to {})",
                    list.len(),
                    list.len() - 1
                ),
                &list,
            ));
        };
        if !selector.matches(d) {
            return Err(fail(
                format!(
                    "description [{i}] ({}) does not match {}",
                    d.summary(),
                    selector.describe()
                ),
                &list,
            ));
        }
        i
    } else {
        let matching: Vec<usize> = (0..list.len())
            .filter(|&i| selector.matches(&list[i]))
            .collect();
        if matching.is_empty() {
            return Err(fail(
                format!("no description matches {}", selector.describe()),
                &list,
            ));
        }
        default_pick(&list, &matching)
    };
    if list[chosen].sdp.is_empty() {
        return Err(fail(
            format!(
                "description [{chosen}] ({}) holds no SDP (a rollback); pick another",
                list[chosen].summary()
            ),
            &list,
        ));
    }
    let mut list = list;
    Ok(list.swap_remove(chosen))
}

/// The default rule of [`select`] over the candidate indexes (non-empty, ascending).
fn default_pick(list: &[Description<'_>], candidates: &[usize]) -> usize {
    let with_sdp: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&i| !list[i].sdp.is_empty())
        .collect();
    let candidates = if with_sdp.is_empty() {
        candidates
    } else {
        &with_sdp
    };
    let first = candidates[0];
    let Source::WebrtcInternals {
        peer_connection: pc0,
        ..
    } = &list[first].source
    else {
        return first;
    };
    let in_pc: Vec<(usize, &str)> = candidates
        .iter()
        .filter_map(|&i| match &list[i].source {
            Source::WebrtcInternals {
                peer_connection,
                event,
                ..
            } if peer_connection == pc0 => Some((i, event.as_str())),
            _ => None,
        })
        .collect();
    let last_where =
        |pred: &dyn Fn(&str) -> bool| in_pc.iter().rev().find(|(_, e)| pred(e)).map(|(i, _)| *i);
    last_where(&|e| e.eq_ignore_ascii_case("setLocalDescription"))
        .or_else(|| last_where(&|e| e.to_ascii_lowercase().starts_with("setlocaldescription")))
        .or_else(|| in_pc.last().map(|(i, _)| *i))
        .unwrap_or(first)
}

// ---------------------------------------------------------------------------------------------
// Display helpers
// ---------------------------------------------------------------------------------------------

/// If `time` is a number of milliseconds since the Unix epoch (as current Chrome writes in
/// webrtc-internals dumps), the UTC time in RFC 3339 form with milliseconds; else `None`.
pub fn epoch_millis_to_rfc3339(time: &str) -> Option<String> {
    let (int, frac) = time.split_once('.').unwrap_or((time, ""));
    if !(1..=15).contains(&int.len())
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let ms: i64 = int.parse().ok()?;
    let (secs, milli) = (ms / 1000, ms % 1000);
    let (days, sod) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z",
        sod / 3600,
        sod % 3600 / 60,
        sod % 60
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn real_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join("real")
    }

    fn read(rel: &str) -> Vec<u8> {
        let p = real_dir().join(rel);
        std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    fn text(rel: &str) -> String {
        String::from_utf8(read(rel)).expect("fixture is UTF-8")
    }

    /// Offset of `inner` inside `outer` (both slices of the same buffer).
    fn offset_in(outer: &[u8], inner: &str) -> usize {
        inner.as_ptr() as usize - outer.as_ptr() as usize
    }

    // ----- raw SDP ------------------------------------------------------------------------

    #[test]
    fn raw_sdp_aiortc_crlf_is_borrowed_whole() {
        let bytes = read("aiortc-basic/offer.sdp");
        assert_eq!(sniff(&bytes), InputKind::Sdp);
        let list = descriptions(&bytes).unwrap();
        assert_eq!(list.len(), 1);
        let d = &list[0];
        assert!(
            matches!(d.sdp, Cow::Borrowed(_)),
            "raw SDP must not be copied"
        );
        assert_eq!(d.sdp.as_bytes(), &bytes[..]);
        assert_eq!(offset_in(&bytes, &d.sdp), 0);
        assert_eq!(d.body_offset, Some(0));
        assert_eq!(d.source, Source::Text);
        assert_eq!(d.sdp_type, None);
        assert!(d.sdp.starts_with("v=0\r\no="));
    }

    #[test]
    fn raw_sdp_node_datachannel_crlf_and_lf() {
        let bytes = read("ndc-basic/offer.sdp");
        assert!(
            bytes.windows(2).any(|w| w == b"\r\n"),
            "this real SDP uses CRLF"
        );
        assert_eq!(sniff(&bytes), InputKind::Sdp);
        assert_eq!(descriptions(&bytes).unwrap()[0].sdp.as_bytes(), &bytes[..]);
        // Constructed: the same real SDP with LF line ends (as editors and logs save it).
        let lf = String::from_utf8(bytes).unwrap().replace("\r\n", "\n");
        assert_eq!(sniff(lf.as_bytes()), InputKind::Sdp);
        let list = descriptions(lf.as_bytes()).unwrap();
        assert_eq!(list[0].sdp, lf.as_str());
        assert!(list[0].sdp.starts_with("v=0\no=rtc "));
    }

    #[test]
    fn raw_sdp_after_bom_and_blank_lines() {
        let sdp = text("aiortc-basic/offer.sdp");
        let input = format!("\u{feff}\r\n  \n{sdp}");
        assert_eq!(sniff(input.as_bytes()), InputKind::Sdp);
        let d = &descriptions(input.as_bytes()).unwrap()[0];
        // The BOM (3 bytes) is dropped; blank lines stay so line numbers match the file.
        assert_eq!(d.body_offset, Some(3));
        assert_eq!(d.sdp, &input[3..]);
        assert_eq!(offset_in(input.as_bytes(), &d.sdp), 3);
    }

    #[test]
    fn sdp_fragment_without_v_line() {
        // Constructed: lines pasted from the middle of a real SDP.
        let sdp = text("ndc-basic/offer.sdp");
        let from_m = &sdp[sdp.find("m=audio").unwrap()..];
        assert_eq!(sniff(from_m.as_bytes()), InputKind::Sdp);
        assert_eq!(sniff(b"hello world\nthis is prose\n"), InputKind::Unknown);
    }

    // ----- JSON ---------------------------------------------------------------------------

    #[test]
    fn json_session_description_built_from_real_sdp() {
        let offer = text("aiortc-basic/offer.sdp");
        let answer = text("aiortc-basic/answer.sdp");
        // Constructed with serde_json from the real SDPs (as a signalling server would send).
        let one = serde_json::json!({ "type": "offer", "sdp": offer }).to_string();
        assert!(one.contains(r"v=0\r\no="), "the SDP is JSON-escaped");
        assert_eq!(sniff(one.as_bytes()), InputKind::SessionDescriptionJson);
        let list = descriptions(one.as_bytes()).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].sdp, offer);
        assert_eq!(list[0].sdp_type.as_deref(), Some("offer"));
        assert_eq!(
            list[0].source,
            Source::Json {
                document: 0,
                pointer: String::new()
            }
        );
        assert_eq!(list[0].body_offset, None);

        let pretty = serde_json::to_string_pretty(&serde_json::json!([
            { "type": "offer", "sdp": offer },
            { "type": "answer", "sdp": answer },
        ]))
        .unwrap();
        assert_eq!(sniff(pretty.as_bytes()), InputKind::SessionDescriptionJson);
        let list = descriptions(pretty.as_bytes()).unwrap();
        let got: Vec<_> = list
            .iter()
            .map(|d| {
                (
                    d.sdp_type.as_deref().unwrap(),
                    d.source.to_string(),
                    d.sdp == answer,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("offer", "JSON at /0".to_string(), false),
                ("answer", "JSON at /1".to_string(), true)
            ]
        );
        let chosen = select(list, &"answer".parse().unwrap()).unwrap();
        assert_eq!(chosen.sdp, answer);
    }

    #[test]
    fn json_lines_and_wrappers() {
        let offer = text("ndc-basic/offer.sdp");
        let answer = text("ndc-basic/answer.sdp");
        let cand = offer
            .lines()
            .find(|l| l.starts_with("a=candidate:"))
            .unwrap();
        // Constructed: a signalling log, one JSON message per line.
        let log = format!(
            "{}\n{}\n{}\n",
            serde_json::json!({ "description": { "type": "offer", "sdp": offer } }),
            serde_json::json!({ "candidate": &cand[2..], "sdpMid": "0", "sdpMLineIndex": 0 }),
            serde_json::json!({ "sdp": { "type": "answer", "sdp": answer } }),
        );
        assert_eq!(sniff(log.as_bytes()), InputKind::SessionDescriptionJson);
        let list = descriptions(log.as_bytes()).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(
            list[0].source,
            Source::Json {
                document: 0,
                pointer: "/description".into()
            }
        );
        assert_eq!(
            list[1].source,
            Source::Json {
                document: 2,
                pointer: "/sdp".into()
            }
        );
        assert_eq!(
            (list[0].sdp.as_ref(), list[1].sdp.as_ref()),
            (offer.as_str(), answer.as_str())
        );
        assert_eq!(list[1].sdp_type.as_deref(), Some("answer"));
    }

    #[test]
    fn json_ice_candidate_is_recognised_not_extracted() {
        let sdp = text("aiortc-basic/offer.sdp");
        let cand = sdp.lines().find(|l| l.starts_with("a=candidate:")).unwrap();
        let json =
            serde_json::json!({ "candidate": &cand[2..], "sdpMid": "0", "sdpMLineIndex": 0 })
                .to_string();
        assert_eq!(sniff(json.as_bytes()), InputKind::IceCandidateJson);
        match descriptions(json.as_bytes()) {
            Err(InputError::NoDescription {
                kind: InputKind::IceCandidateJson,
                hint,
            }) => {
                assert!(hint.contains("rtcinspect candidate"), "{hint}");
            }
            other => panic!("{other:?}"),
        }
        let arr = format!("[{json},{json}]");
        assert_eq!(sniff(arr.as_bytes()), InputKind::IceCandidateJson);
    }

    #[test]
    fn json_errors_have_positions() {
        let bad = b"{\n  \"type\": \"offer\",\n  \"sdp\": \"v=0\\r\\n\n";
        assert_eq!(sniff(bad), InputKind::SessionDescriptionJson);
        match descriptions(bad) {
            Err(InputError::Json {
                line,
                column,
                message,
            }) => {
                // The raw line break inside the string, at the end of line 3.
                assert_eq!((line, column), (3, 18), "{message}");
                assert!(
                    message.contains("control character") || message.contains("EOF"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
        let other = br#"{"hello": 1, "world": [1,2]}"#;
        assert_eq!(sniff(other), InputKind::Json);
        match descriptions(other) {
            Err(
                e @ InputError::NoDescription {
                    kind: InputKind::Json,
                    ..
                },
            ) => {
                let msg = e.to_string();
                assert!(msg.contains("members: hello, world"), "{msg}");
                assert!(msg.contains("line 1, column 1"), "{msg}");
            }
            other => panic!("{other:?}"),
        }
    }

    // ----- webrtc-internals ---------------------------------------------------------------

    /// Every real dump under fixtures/real, with the directory holding it.
    fn real_dumps() -> Vec<PathBuf> {
        let mut out = Vec::new();
        for dir in std::fs::read_dir(real_dir()).unwrap().flatten() {
            let Ok(files) = std::fs::read_dir(dir.path()) else {
                continue;
            };
            for f in files.flatten() {
                if f.file_name()
                    .to_string_lossy()
                    .ends_with(".webrtc-internals.json")
                {
                    out.push(f.path());
                }
            }
        }
        out.sort();
        out
    }

    fn events(list: &[Description<'_>]) -> Vec<(String, String, String)> {
        list.iter()
            .map(|d| match &d.source {
                Source::WebrtcInternals {
                    peer_connection,
                    event,
                    ..
                } => (
                    peer_connection.clone(),
                    event.clone(),
                    d.sdp_type.clone().unwrap_or_default(),
                ),
                s => panic!("unexpected source {s}"),
            })
            .collect()
    }

    /// The peer connection ids of a dump, read independently with serde_json.
    fn pc_ids(bytes: &[u8]) -> Vec<String> {
        let v: Value = serde_json::from_slice(bytes).unwrap();
        v["PeerConnections"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    }

    #[test]
    fn real_webrtc_internals_dumps() {
        let dumps = real_dumps();
        assert!(
            !dumps.is_empty(),
            "no *.webrtc-internals.json under {}",
            real_dir().display()
        );
        for path in dumps {
            let bytes = std::fs::read(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let dir = path.parent().unwrap();
            let ctx = path.display().to_string();
            assert_eq!(sniff(&bytes), InputKind::WebrtcInternalsDump, "{ctx}");
            let list = descriptions(&bytes).unwrap();
            let ids = pc_ids(&bytes);
            assert_eq!(ids.len(), 1, "{ctx}: one peer connection per page");
            let pc = &ids[0];
            assert!(
                pc.split_once('-')
                    .is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok()),
                "{pc}"
            );
            // The page's role, read independently: the type its setLocalDescription carried.
            let raw: Value = serde_json::from_slice(&bytes).unwrap();
            let sld = raw["PeerConnections"][pc]["updateLog"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["type"] == "setLocalDescription")
                .expect("the page called setLocalDescription");
            let sld: Value = serde_json::from_str(sld["value"].as_str().unwrap()).unwrap();
            let local_is_offer = sld["type"] == "offer";
            if name.starts_with("offer") || name.starts_with("answer") {
                assert_eq!(local_is_offer, name.starts_with("offer"), "{ctx}");
            }
            let expected: Vec<(String, String, String)> = if local_is_offer {
                [
                    ("createOfferOnSuccess", "offer"),
                    ("setLocalDescription", "offer"),
                    ("setRemoteDescription", "answer"),
                ]
            } else {
                [
                    ("setRemoteDescription", "offer"),
                    ("createAnswerOnSuccess", "answer"),
                    ("setLocalDescription", "answer"),
                ]
            }
            .iter()
            .map(|(e, t)| (pc.clone(), e.to_string(), t.to_string()))
            .collect();
            assert_eq!(events(&list), expected, "{ctx}");
            for d in &list {
                assert!(d.sdp.starts_with("v=0\r\no="), "{ctx}: {}", d.summary());
                assert!(matches!(d.sdp, Cow::Owned(_)) && d.body_offset.is_none());
                let Source::WebrtcInternals { time, .. } = &d.source else {
                    unreachable!()
                };
                let utc = epoch_millis_to_rfc3339(time).expect("Chromium 156 writes epoch ms");
                assert!(utc.starts_with("20") && utc.ends_with('Z'), "{utc}");
            }
            // The log indexes point at the entries.
            let v: Value = serde_json::from_slice(&bytes).unwrap();
            for d in &list {
                let Source::WebrtcInternals {
                    log_index, event, ..
                } = &d.source
                else {
                    unreachable!()
                };
                assert_eq!(
                    v["PeerConnections"][pc]["updateLog"][*log_index]["type"],
                    event.as_str()
                );
            }

            // Default: the last setLocalDescription of the first peer connection.
            let (local, remote) = if local_is_offer {
                ("offer", "answer")
            } else {
                ("answer", "offer")
            };
            let chosen = select(list.clone(), &Selector::default()).unwrap();
            assert!(
                matches!(&chosen.source, Source::WebrtcInternals { event, .. } if event == "setLocalDescription")
            );
            assert_eq!(chosen.sdp_type.as_deref(), Some(local));
            // The page PUT exactly what it passed to setLocalDescription as <role>.sdp.
            if let Ok(file) = std::fs::read_to_string(dir.join(format!("{local}.sdp"))) {
                assert_eq!(
                    chosen.sdp, file,
                    "{ctx}: setLocalDescription vs {local}.sdp"
                );
            }
            let by_event = select(
                list.clone(),
                &format!("{pc},setRemoteDescription").parse().unwrap(),
            )
            .unwrap();
            assert_eq!(by_event.sdp_type.as_deref(), Some(remote));
            if let Ok(file) = std::fs::read_to_string(dir.join(format!("{remote}.sdp"))) {
                // Chromium logs a remote description as it re-serialised it: byte-identical
                // when the remote peer is Chromium too (both dumps in the directory), else the
                // same description (same o= session id) in Chromium's wording.
                let dumps_here = std::fs::read_dir(dir)
                    .unwrap()
                    .flatten()
                    .filter(|f| {
                        f.file_name()
                            .to_string_lossy()
                            .ends_with(".webrtc-internals.json")
                    })
                    .count();
                let both_chromium = dumps_here == 2;
                if both_chromium {
                    assert_eq!(
                        by_event.sdp, file,
                        "{ctx}: setRemoteDescription vs {remote}.sdp"
                    );
                } else {
                    let session_id = |sdp: &str| {
                        let o = sdp.lines().find(|l| l.starts_with("o="))?;
                        o.split(' ').nth(1).map(str::to_string)
                    };
                    assert!(session_id(&file).is_some());
                    assert_eq!(session_id(&by_event.sdp), session_id(&file), "{ctx}");
                    assert_ne!(by_event.sdp, file, "{ctx}: re-serialised by Chromium");
                }
            }
            // By index: [1] is setLocalDescription for the offerer, createAnswerOnSuccess for
            // the answerer.
            let one = select(list.clone(), &"1".parse().unwrap()).unwrap();
            assert_eq!(one.sdp_type.as_deref(), Some(local));
            // A selection that matches nothing lists what there is.
            match select(list, &"pc=999-9".parse().unwrap()) {
                Err(InputError::Selection { message, available }) => {
                    assert!(message.contains("999-9"));
                    assert_eq!(available.len(), 3);
                    assert!(
                        available[0].starts_with("[0] offer")
                            || available[0].starts_with("[0] offer")
                    );
                    assert!(
                        available[1].contains(&format!("peer connection {pc}, updateLog[")),
                        "{}",
                        available[1]
                    );
                }
                other => panic!("{other:?}"),
            }
        }
    }

    /// A dump with a real SDP in the older `type: offer, sdp: …` value form, a `time` date
    /// string, a stats value holding a raw number above 2^64, JSON-in-string entries and a
    /// rollback; constructed in the test (the SDP is real, the wrapping is not).
    #[test]
    fn dump_older_forms_and_huge_numbers() {
        let offer = text("aiortc-basic/offer.sdp");
        let answer = text("aiortc-basic/answer.sdp");
        let dump = serde_json::json!({
            "getUserMedia": [],
            "PeerConnections": {
                "9-2": {
                    "constraints": "",
                    "updateLog": [
                        { "time": "1/2/2024, 10:00:00 AM", "type": "createOffer", "value": "options: {offerToReceiveAudio: 1}" },
                        { "time": "1/2/2024, 10:00:01 AM", "type": "setLocalDescription", "value": format!("type: offer, sdp: {offer}") },
                        { "time": "1/2/2024, 10:00:02 AM", "type": "icecandidate", "value": "sdpMid: 0, sdpMLineIndex: 0, candidate: candidate:1 1 udp 1 1.2.3.4 9 typ host" },
                        { "time": "1/2/2024, 10:00:03 AM", "type": "setLocalDescription", "value": "type: rollback, sdp: " },
                        { "time": "1/2/2024, 10:00:04 AM", "type": "setRemoteDescription", "value": serde_json::json!({ "type": "answer", "sdp": answer }).to_string() },
                    ],
                    "stats": { "x": { "values": "[1]" } }
                },
                "9-1": { "updateLog": [ { "time": "t", "type": "signalingstatechange", "value": "stable" } ] }
            }
        })
        .to_string()
        .replace(r#""values":"[1]""#, r#""values":[18446744073709551616000, 9115060245863753000]"#);
        assert!(dump.contains("18446744073709551616000"));
        assert_eq!(sniff(dump.as_bytes()), InputKind::WebrtcInternalsDump);
        let list = descriptions(dump.as_bytes()).unwrap();
        let got: Vec<_> = list
            .iter()
            .map(|d| (d.source.to_string(), d.sdp_type.clone().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                ("peer connection 9-2, updateLog[1] setLocalDescription at 1/2/2024, 10:00:01 AM".to_string(), "offer".to_string()),
                ("peer connection 9-2, updateLog[3] setLocalDescription at 1/2/2024, 10:00:03 AM".to_string(), "rollback".to_string()),
                ("peer connection 9-2, updateLog[4] setRemoteDescription at 1/2/2024, 10:00:04 AM".to_string(), "answer".to_string()),
            ]
        );
        assert_eq!(list[0].sdp, offer);
        assert_eq!(list[1].sdp, "");
        assert_eq!(list[2].sdp, answer);
        // Default passes over the rollback; picking it explicitly says why it can't be used.
        assert_eq!(
            select(list.clone(), &Selector::default()).unwrap().sdp,
            offer
        );
        let err = select(list, &"1".parse().unwrap()).unwrap_err();
        assert!(
            err.to_string().contains("holds no SDP (a rollback)"),
            "{err}"
        );

        // The whole dump saved as one JSON string is decoded once more.
        let wrapped = serde_json::to_string(&dump).unwrap();
        assert_eq!(sniff(wrapped.as_bytes()), InputKind::WebrtcInternalsDump);
        assert_eq!(descriptions(wrapped.as_bytes()).unwrap().len(), 3);

        let empty = br#"{"PeerConnections": {}, "UserAgent": "X"}"#;
        match descriptions(empty) {
            Err(InputError::NoDescription {
                kind: InputKind::WebrtcInternalsDump,
                hint,
            }) => {
                assert!(hint.contains("is empty (user agent X)"), "{hint}")
            }
            other => panic!("{other:?}"),
        }
    }

    // ----- SIP ----------------------------------------------------------------------------

    /// A SIP INVITE constructed in the test around a real SDP (RFC 3261 §24.2 style headers).
    fn invite(sdp: &str, eol: &str, content_length: Option<usize>) -> String {
        let mut m = String::new();
        for h in [
            "INVITE sip:bob@biloxi.example.com SIP/2.0",
            "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
            "Max-Forwards: 70",
            "To: Bob <sip:bob@biloxi.example.com>",
            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
            "CSeq: 314159 INVITE",
            "Content-Type: application/sdp",
        ] {
            m.push_str(h);
            m.push_str(eol);
        }
        if let Some(n) = content_length {
            m.push_str(&format!("Content-Length: {n}{eol}"));
        }
        m.push_str(eol);
        m.push_str(sdp);
        m
    }

    #[test]
    fn sip_invite_around_real_sdp() {
        let sdp = text("aiortc-basic/offer.sdp");
        for eol in ["\r\n", "\n"] {
            let msg = invite(&sdp, eol, Some(sdp.len()));
            assert_eq!(sniff(msg.as_bytes()), InputKind::Sip);
            let list = descriptions(msg.as_bytes()).unwrap();
            assert_eq!(list.len(), 1);
            let d = &list[0];
            assert!(matches!(d.sdp, Cow::Borrowed(_)));
            assert_eq!(d.sdp, sdp);
            let at = msg.find("v=0").unwrap();
            assert_eq!(d.body_offset, Some(at));
            assert_eq!(offset_in(msg.as_bytes(), &d.sdp), at);
            assert_eq!(
                d.source,
                Source::Sip {
                    message: 0,
                    start_line: "INVITE sip:bob@biloxi.example.com SIP/2.0".into(),
                    part: None
                }
            );
        }
        // Content-Length honoured when shorter (trailing text is not body)...
        let mut msg = invite(&sdp, "\r\n", Some(sdp.len()));
        msg.push_str("garbage after the message\r\n");
        assert_eq!(descriptions(msg.as_bytes()).unwrap()[0].sdp, sdp);
        // ...and leniently when it claims more than there is, or is absent.
        let msg = invite(&sdp, "\r\n", Some(sdp.len() + 100));
        assert_eq!(descriptions(msg.as_bytes()).unwrap()[0].sdp, sdp);
        let msg = invite(&sdp, "\r\n", None);
        assert_eq!(descriptions(msg.as_bytes()).unwrap()[0].sdp, sdp);
        // Compact header forms (c:, l:) and a 200 OK with the real answer: a two-message trace.
        let answer = text("aiortc-basic/answer.sdp");
        let trace = format!(
            "{}\r\nSIP/2.0 200 OK\r\nCSeq: 314159 INVITE\r\nc: application/sdp\r\nl: {}\r\n\r\n{answer}",
            invite(&sdp, "\r\n", Some(sdp.len())),
            answer.len()
        );
        let list = descriptions(trace.as_bytes()).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(
            (list[0].sdp.as_ref(), list[1].sdp.as_ref()),
            (sdp.as_str(), answer.as_str())
        );
        assert!(
            matches!(&list[1].source, Source::Sip { message: 1, start_line, .. } if start_line == "SIP/2.0 200 OK")
        );
        assert_eq!(list[1].body_offset, Some(trace.rfind("v=0").unwrap()));
        // Default for non-dump inputs: the first.
        assert_eq!(select(list, &Selector::default()).unwrap().sdp, sdp);
    }

    #[test]
    fn sip_multipart_body() {
        let sdp = text("ndc-basic/offer.sdp");
        // Constructed: a multipart/mixed INVITE body (SIP-I style) with an ISUP part and the
        // real SDP; the CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
        let body = format!(
            "--unique-boundary-1\r\nContent-Type: application/ISUP;version=itu-t92+\r\n\r\n\x01\x00\x49\r\n--unique-boundary-1\r\nContent-Type: application/sdp\r\n\r\n{sdp}\r\n--unique-boundary-1--\r\n"
        );
        let msg = format!(
            "INVITE sip:+15551234@gw.example.net;user=phone SIP/2.0\r\nContent-Type: multipart/mixed; boundary=\"unique-boundary-1\"\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        assert_eq!(sniff(msg.as_bytes()), InputKind::Sip);
        let list = descriptions(msg.as_bytes()).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].sdp, sdp);
        assert!(matches!(list[0].sdp, Cow::Borrowed(_)));
        assert!(matches!(list[0].source, Source::Sip { part: Some(1), .. }));
        assert_eq!(list[0].body_offset, Some(msg.find("v=0").unwrap()));
        // Truncated anywhere: never a panic, and a clear result.
        for n in 0..msg.len() {
            if msg.is_char_boundary(n) {
                let _ = descriptions(&msg.as_bytes()[..n]);
            }
        }
        // Missing boundary parameter: says where.
        let bad = "SIP/2.0 200 OK\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\n";
        match descriptions(bad.as_bytes()) {
            Err(InputError::Sip { offset, message }) => {
                assert_eq!(offset, bad.find("--x").unwrap());
                assert!(message.contains("boundary"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sip_without_sdp() {
        let msg = b"BYE sip:bob@example.com SIP/2.0\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n";
        assert_eq!(sniff(msg), InputKind::Sip);
        match descriptions(msg) {
            Err(InputError::NoDescription {
                kind: InputKind::Sip,
                hint,
            }) => {
                assert!(
                    hint.starts_with(
                        "message 1 (BYE sip:bob@example.com SIP/2.0) at byte 0 has no body"
                    ),
                    "{hint}"
                )
            }
            other => panic!("{other:?}"),
        }
        let msg = b"MESSAGE sip:bob@example.com SIP/2.0\r\nContent-Type: text/plain\r\n\r\nhello";
        let err = descriptions(msg).unwrap_err().to_string();
        assert!(err.contains("has a text/plain body at byte 65"), "{err}");
    }

    // ----- bad and binary input -----------------------------------------------------------

    #[test]
    fn not_utf8_reports_offset_line_column() {
        let sdp = text("aiortc-basic/offer.sdp");
        let mut bytes = sdp.clone().into_bytes();
        let at = sdp.find("s=-").unwrap() + 2; // the "-" of line 3
        bytes[at] = 0xff;
        assert_eq!(sniff(&bytes), InputKind::Sdp);
        assert_eq!(
            descriptions(&bytes).unwrap_err(),
            InputError::NotUtf8 {
                offset: at,
                line: 3,
                column: 3
            }
        );
        let msg = descriptions(&bytes).unwrap_err().to_string();
        assert!(
            msg.contains(&format!("offset {at} (line 3, column 3)")),
            "{msg}"
        );
        // Binary from the first byte: unknown, and the hint says so.
        let bin = [0x89u8, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
        assert_eq!(sniff(&bin), InputKind::Unknown);
        let err = descriptions(&bin).unwrap_err().to_string();
        assert!(
            err.contains("binary data, not UTF-8 text at byte 0 (`\\x89PNG\\r\\n\\x1a\\n`)"),
            "{err}"
        );
        let utf16 = b"\xff\xfev\x00=\x000\x00";
        assert!(descriptions(utf16)
            .unwrap_err()
            .to_string()
            .contains("UTF-16"));
    }

    #[test]
    fn empty_input() {
        for input in [&b""[..], b"   \r\n\t\n", b"\xEF\xBB\xBF"] {
            assert_eq!(sniff(input), InputKind::Empty, "{input:?}");
            match descriptions(input) {
                Err(InputError::NoDescription {
                    kind: InputKind::Empty,
                    hint,
                }) => {
                    assert!(hint.contains("expected SDP text"), "{hint}")
                }
                other => panic!("{other:?}"),
            }
        }
        assert!(select(Vec::new(), &Selector::default()).is_err());
    }

    #[test]
    fn capture_magic_both_byte_orders() {
        let real = read("aiortc-basic/capture.pcap");
        assert_eq!(sniff(&real), InputKind::Pcap);
        for magic in [0xa1b2c3d4u32, 0xa1b23c4d] {
            assert_eq!(sniff(&magic.to_be_bytes()), InputKind::Pcap);
            assert_eq!(sniff(&magic.to_le_bytes()), InputKind::Pcap);
        }
        assert_eq!(
            sniff(&[0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0]),
            InputKind::Pcapng
        );
        match descriptions(&real) {
            Err(InputError::NotSdp {
                kind: InputKind::Pcap,
                hint,
            }) => {
                assert!(hint.contains("rtcinspect pcap"), "{hint}");
                assert!(hint.contains(&format!(
                    "{:02x}{:02x}{:02x}{:02x}",
                    real[0], real[1], real[2], real[3]
                )));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            sniff(&[0xa1, 0xb2, 0xc3]),
            InputKind::Unknown,
            "3 bytes are no magic"
        );
    }

    #[test]
    fn hex_dumps() {
        // Constructed: the 20-byte header of a STUN Binding request in the usual forms.
        for hex in [
            "000100002112a442b7e7a701bc34d686fa87dfae",
            "00 01 00 00 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae",
            "00:01:00:00:21:12:a4:42:b7:e7:a7:01:bc:34:d6:86:fa:87:df:ae",
            "0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42",
            "00000000: 0001 0000 2112 a442 b7e7 a701 bc34 d686  ....!..B.....4..\n00000010: fa87 dfae                                ....\n",
            "00000000  00 01 00 00 21 12 a4 42  b7 e7 a7 01 bc 34 d6 86  |....!..B.....4..|\n00000010  fa 87 df ae                                       |....|\n00000014\n",
            "0000   00 01 00 00 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86   ....!..B.....4..",
        ] {
            assert_eq!(sniff(hex.as_bytes()), InputKind::Hex, "{hex}");
        }
        assert!(matches!(
            descriptions(b"000100002112a442"),
            Err(InputError::NotSdp {
                kind: InputKind::Hex,
                ..
            })
        ));
        assert_eq!(sniff(b"cafe"), InputKind::Unknown, "too short to be a dump");
    }

    /// Truncations and byte flips of real and constructed inputs of every kind: never a panic,
    /// and `Ok` is never empty. Deterministic (xorshift), bounded.
    #[test]
    fn mutated_inputs_never_panic() {
        let sdp = text("aiortc-basic/offer.sdp");
        let mut seeds: Vec<Vec<u8>> = vec![
            sdp.clone().into_bytes(),
            invite(&sdp, "\r\n", Some(sdp.len())).into_bytes(),
            serde_json::json!([{ "type": "offer", "sdp": sdp }])
                .to_string()
                .into_bytes(),
            read("aiortc-basic/capture.pcap")[..256].to_vec(),
            b"00000000: 0001 0000 2112 a442  ....!..B".to_vec(),
        ];
        if let Some(dump) = real_dumps().first() {
            seeds.push(std::fs::read(dump).unwrap()[..20_000].to_vec());
        }
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for seed in &seeds {
            for _ in 0..300 {
                let mut b = seed.clone();
                let cut = (next() as usize) % (b.len() + 1);
                b.truncate(cut.max(b.len() / 2));
                for _ in 0..(next() % 4) {
                    if !b.is_empty() {
                        let i = (next() as usize) % b.len();
                        b[i] = (next() & 0xff) as u8;
                    }
                }
                let _ = sniff(&b);
                if let Ok(list) = descriptions(&b) {
                    assert!(!list.is_empty());
                    let _ = select(list, &Selector::default());
                }
            }
        }
    }

    #[test]
    fn selector_strings() {
        let s: Selector = "3".parse().unwrap();
        assert_eq!(
            s,
            Selector {
                index: Some(3),
                ..Selector::default()
            }
        );
        let s: Selector = "6-1, setRemoteDescription".parse().unwrap();
        assert_eq!(s.peer_connection.as_deref(), Some("6-1"));
        assert_eq!(s.event.as_deref(), Some("setRemoteDescription"));
        let s: Selector = "pc=abc,type=Answer,event=createAnswerOnSuccess,index=0"
            .parse()
            .unwrap();
        assert_eq!(
            s,
            Selector {
                index: Some(0),
                peer_connection: Some("abc".into()),
                event: Some("createAnswerOnSuccess".into()),
                sdp_type: Some("answer".into()),
            }
        );
        assert!(matches!(
            "kind=x".parse::<Selector>(),
            Err(InputError::BadSelector { .. })
        ));
        assert!(matches!(
            "1,,2".parse::<Selector>(),
            Err(InputError::BadSelector { .. })
        ));
        assert!(matches!(
            "index=x".parse::<Selector>(),
            Err(InputError::BadSelector { .. })
        ));
        assert!("".parse::<Selector>().is_err());
    }

    #[test]
    fn epoch_millis() {
        assert_eq!(
            epoch_millis_to_rfc3339("0").as_deref(),
            Some("1970-01-01T00:00:00.000Z")
        );
        assert_eq!(
            epoch_millis_to_rfc3339("1795213650759.362").as_deref(),
            Some("2026-11-20T22:27:30.759Z")
        );
        assert_eq!(epoch_millis_to_rfc3339("1/2/2024, 10:00:00 AM"), None);
        assert_eq!(epoch_millis_to_rfc3339(""), None);
    }

    #[test]
    fn kinds_display() {
        assert_eq!(
            InputKind::WebrtcInternalsDump.to_string(),
            "chrome://webrtc-internals dump"
        );
        assert_eq!(InputKind::Pcapng.to_string(), "pcapng capture");
        assert!(InputKind::Sip.may_hold_sdp() && !InputKind::Hex.may_hold_sdp());
    }
}

#[cfg(test)]
mod dump_candidate_tests {
    use super::*;

    /// The `candidate` strings of JSON Lines `RTCIceCandidateInit`s, in order.
    fn candidates_of(lines: &str) -> Vec<String> {
        lines
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter_map(|v| v["candidate"].as_str().map(str::to_owned))
            .filter(|c| !c.is_empty())
            .collect()
    }

    #[test]
    fn the_candidates_of_a_real_dump_are_those_the_page_saw() {
        // Chromium's dump of the offering peer connection, and what the lab page recorded from
        // onicecandidate on each side (fixtures/README.md): the dump's onicecandidate entries
        // are the offer's candidates, its addIceCandidate entries the answer's (the page's
        // file is not in event order: compared sorted).
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/real/chromium-basic");
        let dump = std::fs::read(format!("{dir}/offer.webrtc-internals.json")).unwrap();
        let found = dump_candidates(&dump).unwrap();
        let side = |local: bool| {
            let lines: Vec<&str> = found
                .iter()
                .filter(|c| c.local == local)
                .map(|c| c.init.as_str())
                .collect();
            let mut c = candidates_of(&lines.join("\n"));
            c.sort();
            c
        };
        let page = |f: &str| {
            let mut c = candidates_of(&std::fs::read_to_string(format!("{dir}/{f}")).unwrap());
            c.sort();
            c
        };
        assert_eq!(side(true), page("offer.cands.jsonl"));
        assert_eq!(side(false), page("answer.cands.jsonl"));
        assert_eq!((side(true).len(), side(false).len()), (12, 2));
        assert!(found.iter().all(|c| c.peer_connection == "6-1"));
        // That peer connection set the offer as its own description.
        assert!(found
            .iter()
            .all(|c| c.local_type.as_deref() == Some("offer")));
    }

    #[test]
    fn older_text_values_are_read() {
        // Older Chromium logged `sdpMid: 0, sdpMLineIndex: 0, candidate: candidate:…`.
        let dump = r#"{"PeerConnections":{"1-1":{"updateLog":[
            {"type":"onIceCandidate","value":"sdpMid: audio, sdpMLineIndex: 0, candidate: candidate:1 1 udp 2122260223 192.0.2.1 5000 typ host generation 0"},
            {"type":"addIceCandidate","value":"{\"candidate\":\"candidate:2 1 udp 1 192.0.2.2 6000 typ host\",\"sdpMid\":\"audio\"}"},
            {"type":"iceGatheringStateChange","value":"complete"}]}}}"#;
        let found = dump_candidates(dump.as_bytes()).unwrap();
        assert_eq!(found.len(), 2);
        let first: Value = serde_json::from_str(&found[0].init).unwrap();
        assert_eq!(
            (first["sdpMid"].as_str(), first["sdpMLineIndex"].as_u64()),
            (Some("audio"), Some(0))
        );
        assert_eq!(
            first["candidate"],
            "candidate:1 1 udp 2122260223 192.0.2.1 5000 typ host generation 0"
        );
        assert!(found[0].local && !found[1].local);
        assert_eq!((found[0].log_index, found[1].log_index), (0, 1));
        // Not a dump: an error, not a panic.
        assert!(dump_candidates(b"{\"type\":\"offer\"}").is_err());
    }
}
