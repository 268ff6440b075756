//! Candidate lists as users have them: candidate strings one per line (from a console log, a
//! trickle log, an SDP fragment), or browser JSON `RTCIceCandidateInit` objects
//! (`{"candidate","sdpMid","sdpMLineIndex","usernameFragment"}`) — one, an array, or JSON Lines.
//!
//! [`parse_list`] tells the two apart by the first non-blank character (`{`, `[` or `"` is JSON)
//! and returns a [`CandidateList`]: the candidates with their signalling fields
//! ([`IceCandidate`]), the end-of-candidates markers, the entries that could not be read, and
//! [`Diagnostic`]s that say where (line and column in the input) and what was expected. Only
//! JSON that is not JSON at all is an error ([`ListError`]); a bad entry never stops the rest.
//! Extracting candidates from a session description is not done here (the `sdp` module does).
//!
//! # Text
//! One entry per line (LF or CRLF). On each line:
//! - blank lines and lines starting with `#` are skipped;
//! - `a=end-of-candidates` is an end-of-candidates marker; other SDP lines (`x=…`) are skipped;
//! - if the line contains `candidate:` (not as the end of a word, and followed by a foundation),
//!   the candidate starts there (with the `a=` before it, if any), and whatever precedes it is
//!   a log prefix and ignored: `a=candidate:…`, `candidate:…`, `0.315<TAB>0<TAB>candidate:…`,
//!   `onicecandidate: candidate:…`; a candidate in quotes ends at the closing quote, so that
//!   a console's `RTCIceCandidate {candidate: "candidate:…", sdpMid: "0", …}` reads too
//!   (its `sdpMid` is not read: use JSON for that);
//! - otherwise the whole line is read as a bare candidate value (`1 1 UDP 2130706431 …`).
//!
//! # JSON
//! A value, an array of values, or several values one after the other (JSON Lines). A value is
//! - an object with a `candidate` member (`RTCIceCandidateInit`); other members are ignored,
//!   objects without `candidate` are skipped (other signalling messages), and a `candidate`
//!   member that is itself such an object (`{"type":"candidate","candidate":{…}}`) is read
//!   in its place;
//! - a string: a candidate string;
//! - `null`: the end-of-candidates event.
//!
//! A `candidate` that is `""` or `null` is an end-of-candidates marker (for the m-section its
//! `sdpMid`/`sdpMLineIndex` name, or all of them). Members of the wrong type (`"sdpMLineIndex":
//! "0"`) make the entry invalid (I016). `sdpMLineIndex` is an unsigned short (0-65535).
//!
//! Checks made while reading (the per-candidate checks are [`super::check::check_candidate`]):
//! I016 `invalid-candidate` (grammar or member types), I017 `missing-sdp-mid-and-index` (a
//! JSON candidate that `addIceCandidate()` would reject), I018 `username-fragment-mismatch`,
//! and S014 `legacy-candidate-syntax` for RFC 5245 forms.
//!
//! # Positions
//! Spans are byte offsets with 1-based line and byte column in the whole input. In JSON, a
//! candidate string without escapes (all real ones) is borrowed from the input and its fields
//! point at their exact place; a string with escapes (`\/`, `\u0041`) is decoded and owned, and
//! its spans are relative to the start of the JSON value that holds it. Each entry also has its
//! [`Origin`]: entry number, span, and for JSON the document number and an RFC 6901 pointer.
//!
//! # Limits
//! Linear time. Inputs must be smaller than 4 GiB (spans are 32-bit). serde_json's nesting
//! limit (128) applies; a nested `candidate` object counts towards it. At most
//! [`DEFAULT_MAX_EXTENSION_PAIRS`] extension pairs per candidate.

use super::candidate::{self, Candidate, DEFAULT_MAX_EXTENSION_PAIRS};
use super::check::candidate_span;
use crate::diag::registry as r;
use crate::diag::Diagnostic;
use crate::span::Span;
use crate::span::{Anchor, Expected, IntoOwned, Tok};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// How the input was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Candidate strings, one per line.
    Text,
    /// JSON: `RTCIceCandidateInit` objects or candidate strings (one, an array, JSON Lines).
    Json,
}

/// Where an entry was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// Position of the entry among all entries (candidates, markers, invalid), from 0.
    pub index: usize,
    /// Text: the line, without its end. JSON: the candidate string (inside the quotes) when it
    /// is borrowed, otherwise the whole JSON value of the entry.
    pub span: Span,
    /// JSON only: which value of a JSON Lines input (from 0; 0 for a single value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<usize>,
    /// JSON only: RFC 6901 pointer, in that document, to the entry's object or string
    /// (`""` for the document itself, `/2` for the third array element, `/candidate` for a
    /// nested `RTCIceCandidateInit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

impl fmt::Display for Origin {
    /// `3:1`, or `3:14 (JSON /2)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.span)?;
        if let Some(p) = &self.pointer {
            let p = if p.is_empty() { "document" } else { p.as_str() };
            write!(f, " (JSON {p})")?;
        }
        Ok(())
    }
}

/// A candidate together with what `RTCIceCandidateInit` says about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IceCandidate<'a> {
    /// The parsed candidate.
    pub candidate: Candidate<'a>,
    /// `sdpMid`: the media stream identification of the m-section (JSON only).
    pub sdp_mid: Option<Tok<'a>>,
    /// `sdpMLineIndex`: the index of the m-section, from 0 (JSON only).
    pub sdp_mline_index: Option<u16>,
    /// `usernameFragment`: the ICE ufrag the candidate belongs to (JSON only).
    pub username_fragment: Option<Tok<'a>>,
    /// Where it was found.
    pub origin: Origin,
}

impl IceCandidate<'_> {
    /// The username fragment the candidate belongs to: `usernameFragment`, else the candidate's
    /// `ufrag` extension.
    pub fn ufrag(&self) -> Option<&str> {
        if let Some(u) = &self.username_fragment {
            return Some(u.as_str());
        }
        // The extension iterator hands out tokens borrowed from the candidate itself.
        match self.candidate.ufrag()?.text {
            Cow::Borrowed(s) => Some(s),
            Cow::Owned(_) => None,
        }
    }
}

impl IntoOwned for IceCandidate<'_> {
    type Owned = IceCandidate<'static>;
    fn into_owned(self) -> IceCandidate<'static> {
        IceCandidate {
            candidate: self.candidate.into_owned(),
            sdp_mid: IntoOwned::into_owned(self.sdp_mid),
            sdp_mline_index: self.sdp_mline_index,
            username_fragment: IntoOwned::into_owned(self.username_fragment),
            origin: self.origin,
        }
    }
}

/// An end-of-candidates marker: an empty or `null` `candidate` in JSON, a JSON `null`, or
/// `a=end-of-candidates` in text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EndOfCandidates<'a> {
    /// `sdpMid`, if given (the m-section whose gathering ended).
    pub sdp_mid: Option<Tok<'a>>,
    /// `sdpMLineIndex`, if given.
    pub sdp_mline_index: Option<u16>,
    /// `usernameFragment`, if given.
    pub username_fragment: Option<Tok<'a>>,
    /// Where it was found.
    pub origin: Origin,
}

/// An entry that could not be read; it is also reported as an I016 diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Invalid<'a> {
    /// The candidate text (or, for a JSON entry of the wrong shape, empty).
    pub text: Cow<'a, str>,
    /// What was expected, completing "expected …".
    pub expected: Cow<'static, str>,
    /// Where the entry is; the diagnostic points at the exact place.
    pub origin: Origin,
}

/// Everything read from a candidate list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CandidateList<'a> {
    /// How the input was read.
    pub format: Format,
    /// The candidates, in input order.
    pub candidates: Vec<IceCandidate<'a>>,
    /// The end-of-candidates markers, in input order.
    pub end_of_candidates: Vec<EndOfCandidates<'a>>,
    /// The entries that could not be read, in input order.
    pub invalid: Vec<Invalid<'a>>,
    /// Findings made while reading (I016, I017, I018, S014), in input order.
    pub diagnostics: Vec<Diagnostic>,
    /// Text lines skipped as SDP lines other than candidates (`v=0`, `a=mid:0`, …), and JSON
    /// objects skipped for having no `candidate` member.
    pub skipped: usize,
}

impl<'a> CandidateList<'a> {
    fn new(format: Format) -> Self {
        CandidateList {
            format,
            candidates: Vec::new(),
            end_of_candidates: Vec::new(),
            invalid: Vec::new(),
            diagnostics: Vec::new(),
            skipped: 0,
        }
    }

    fn next_index(&self) -> usize {
        self.candidates.len() + self.end_of_candidates.len() + self.invalid.len()
    }

    /// The bare candidates, in input order (for [`super::analysis`] and [`super::pairing`]).
    pub fn plain_candidates(&self) -> Vec<Candidate<'a>> {
        self.candidates
            .iter()
            .map(|c| c.candidate.clone())
            .collect()
    }
}

/// Why a candidate list could not be read at all: only JSON that does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListError {
    /// The input starts like JSON (`{`, `[`, `"`) but is not valid JSON.
    Json {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column (bytes) of the error.
        column: usize,
        /// What went wrong, as serde_json says it (`EOF while parsing an object`).
        message: String,
    },
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ListError::Json {
                line,
                column,
                message,
            } => write!(
                f,
                "invalid JSON at line {line}, column {column}: {message} (expected \
                 RTCIceCandidateInit objects, candidate strings, or one candidate per line)"
            ),
        }
    }
}

impl std::error::Error for ListError {}

/// Reads a candidate list, text or JSON (see the [module docs](self)).
///
/// # Errors
/// [`ListError::Json`] when the input starts like JSON but does not parse.
pub fn parse_list(input: &str) -> Result<CandidateList<'_>, ListError> {
    let body = input.strip_prefix('\u{feff}').unwrap_or(input);
    match body.trim_start().as_bytes().first() {
        Some(b'{' | b'[' | b'"') => parse_json(input),
        _ => Ok(parse_text(input)),
    }
}

/// Parses one candidate string anchored in the input: `a=candidate:…`, `candidate:…`, or a bare
/// value starting at the foundation. A trailing CR or LF is ignored.
///
/// # Errors
/// The grammar error ([`candidate::parse`]), pointing at the offending field.
pub fn parse_candidate_text(text: Anchor<'_>) -> Result<Candidate<'_>, Expected> {
    let trimmed = text.text.trim_end_matches(['\r', '\n']);
    let a = Anchor::new(trimmed, text.span_of(trimmed));
    if trimmed.starts_with("a=candidate:") || trimmed.starts_with("candidate:") {
        candidate::parse_attribute(a, DEFAULT_MAX_EXTENSION_PAIRS)
    } else {
        candidate::parse(a, DEFAULT_MAX_EXTENSION_PAIRS)
    }
}

/// Reads candidate strings, one per line (see the [module docs](self)). Never fails.
pub fn parse_text(input: &str) -> CandidateList<'_> {
    let mut list = CandidateList::new(Format::Text);
    let mut offset = 0usize;
    for (i, raw) in input.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += raw.len();
        let mut line = raw.strip_suffix('\n').unwrap_or(raw);
        line = line.strip_suffix('\r').unwrap_or(line);
        let mut col_shift = 0;
        if i == 0 {
            if let Some(rest) = line.strip_prefix('\u{feff}') {
                line = rest;
                col_shift = '\u{feff}'.len_utf8();
            }
        }
        let span = Span {
            start: to_u32(start + col_shift),
            end: to_u32(start + col_shift + line.len()),
            line: to_u32(i + 1),
            column: to_u32(1 + col_shift),
        };
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let origin = Origin {
            index: list.next_index(),
            span,
            document: None,
            pointer: None,
        };
        if trimmed.starts_with("a=end-of-candidates") {
            list.end_of_candidates.push(EndOfCandidates {
                sdp_mid: None,
                sdp_mline_index: None,
                username_fragment: None,
                origin,
            });
            continue;
        }
        let at = candidate_range(line);
        if at.is_none() && is_sdp_line(trimmed) {
            list.skipped += 1;
            continue;
        }
        let (from, to) = at.unwrap_or((0, line.len()));
        let text = line.get(from..to).unwrap_or(line);
        let anchor = Anchor::new(line, span);
        let anchor = Anchor::new(text, anchor.span_of(text));
        match parse_candidate_text(anchor) {
            Ok(c) => push_candidate(&mut list, c, None, None, None, origin),
            Err(e) => push_invalid(&mut list, Cow::Borrowed(text), e, origin, None),
        }
    }
    list
}

/// Where the candidate is on a text line: from the first `candidate:` that does not continue
/// a word (`onicecandidate:` does not count) and is followed by a foundation character, with
/// its `a=` if any; to the end of the line, or to the closing quote when the candidate is
/// quoted (`{candidate: "candidate:…", sdpMid: "0"}` as a console prints it).
fn candidate_range(line: &str) -> Option<(usize, usize)> {
    line.match_indices("candidate:")
        .map(|(i, _)| i)
        .find_map(|i| {
            let before = line[..i].chars().next_back();
            let after = line[i + "candidate:".len()..].bytes().next();
            if !after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/') {
                return None;
            }
            let start = match before {
                Some(c) if c.is_alphanumeric() || c == '-' || c == '_' => return None,
                Some('=') if line[..i].ends_with("a=") => i - 2,
                _ => i,
            };
            let end = match before {
                Some(q @ ('"' | '\'')) => line[i..].find(q).map_or(line.len(), |k| i + k),
                _ => line.len(),
            };
            Some((start, end))
        })
}

/// `x=…` with a lowercase letter: an SDP line.
fn is_sdp_line(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() >= 2 && b[0].is_ascii_lowercase() && b[1] == b'='
}

/// Reads JSON: one value, an array, or JSON Lines (see the [module docs](self)).
///
/// # Errors
/// [`ListError::Json`] when the input is not valid JSON.
pub fn parse_json(input: &str) -> Result<CandidateList<'_>, ListError> {
    let lines = LineIndex::new(input);
    let mut list = CandidateList::new(Format::Json);
    let body = input.strip_prefix('\u{feff}').unwrap_or(input);
    let bom = input.len() - body.len();
    let mut stream = serde_json::Deserializer::from_str(body).into_iter::<Top<'_>>();
    let mut doc = 0usize;
    loop {
        let before = stream.byte_offset() + bom;
        let Some(next) = stream.next() else { break };
        let value = next.map_err(|e| json_error(&e, body, bom))?;
        let end = stream.byte_offset() + bom;
        let skipped = input
            .get(before..end)
            .map_or(0, |s| s.len() - s.trim_start().len());
        let doc_span = lines.span(before + skipped, end);
        let cx = JsonCx {
            input,
            lines: &lines,
            doc,
            doc_span,
        };
        match value {
            Top::Node(node) => cx.node(&mut list, node, String::new()),
            Top::Array(items) => {
                for (i, node) in items.into_iter().enumerate() {
                    cx.node(&mut list, node, format!("/{i}"));
                }
            }
        }
        doc += 1;
    }
    Ok(list)
}

/// What a JSON entry is read in.
struct JsonCx<'i, 'l> {
    input: &'i str,
    lines: &'l LineIndex,
    doc: usize,
    doc_span: Span,
}

impl<'i> JsonCx<'i, '_> {
    fn origin(&self, list: &CandidateList<'_>, span: Span, pointer: &str) -> Origin {
        Origin {
            index: list.next_index(),
            span,
            document: Some(self.doc),
            pointer: Some(pointer.to_string()),
        }
    }

    /// The span of a string from the input: exact if borrowed, the document otherwise.
    #[allow(clippy::ptr_arg)] // borrowed and owned strings are told apart
    fn span_of(&self, s: &Cow<'i, str>) -> Span {
        match s {
            Cow::Borrowed(b) => {
                let whole = Anchor::new(self.input, self.lines.span(0, self.input.len()));
                let off = whole.offset_of(b);
                self.lines.span(off, off + b.len())
            }
            Cow::Owned(_) => self.doc_span,
        }
    }

    fn tok(&self, s: Cow<'i, str>) -> Tok<'i> {
        let span = self.span_of(&s);
        Tok { text: s, span }
    }

    fn node(&self, list: &mut CandidateList<'i>, node: Node<'i>, pointer: String) {
        match node {
            Node::Object(init) => self.init(list, *init, pointer),
            Node::Str(s) => {
                let span = self.span_of(&s);
                let origin = self.origin(list, span, &pointer);
                self.candidate_string(list, s, None, None, None, origin);
            }
            Node::Null => {
                let origin = self.origin(list, self.doc_span, &pointer);
                list.end_of_candidates.push(EndOfCandidates {
                    sdp_mid: None,
                    sdp_mline_index: None,
                    username_fragment: None,
                    origin,
                });
            }
            Node::Other(kind) => {
                let origin = self.origin(list, self.doc_span, &pointer);
                self.wrong_shape(
                    list,
                    origin,
                    format!(
                        "an RTCIceCandidateInit object or a candidate string at {}, found {kind}",
                        show_pointer(&pointer)
                    ),
                );
            }
        }
    }

    fn init(&self, list: &mut CandidateList<'i>, init: Init<'i>, pointer: String) {
        let candidate = match init.candidate {
            None => {
                list.skipped += 1;
                return;
            }
            Some(CandidateValue::Nested(inner)) => {
                return self.init(list, *inner, format!("{pointer}/candidate"));
            }
            Some(c) => c,
        };
        let mut problems = Vec::new();
        let mid = match init.sdp_mid {
            None | Some(JStr::Null) => None,
            Some(JStr::Str(s)) => Some(self.tok(s)),
            Some(JStr::Wrong(k)) => {
                problems.push(format!("`sdpMid` to be a string or null, found {k}"));
                None
            }
        };
        let index = match init.sdp_mline_index {
            None | Some(JIndex::Null) => None,
            Some(JIndex::Num(n)) => Some(n),
            Some(JIndex::Wrong(k)) => {
                problems.push(format!(
                    "`sdpMLineIndex` to be a number 0-65535 or null, found {k}"
                ));
                None
            }
        };
        let ufrag = match init.username_fragment {
            None | Some(JStr::Null) => None,
            Some(JStr::Str(s)) => Some(self.tok(s)),
            Some(JStr::Wrong(k)) => {
                problems.push(format!(
                    "`usernameFragment` to be a string or null, found {k}"
                ));
                None
            }
        };
        let text = match candidate {
            CandidateValue::Str(s) => Some(s),
            CandidateValue::Null => None,
            CandidateValue::Wrong(k) => {
                problems.push(format!("`candidate` to be a string, found {k}"));
                None
            }
            CandidateValue::Nested(_) => None, // handled above
        };
        let span = text.as_ref().map_or(self.doc_span, |t| self.span_of(t));
        let origin = self.origin(list, span, &pointer);
        if let Some(p) = problems.into_iter().next() {
            return self.wrong_shape(list, origin, format!("{p} (at {})", show_pointer(&pointer)));
        }
        match text {
            Some(t) if !t.trim().is_empty() => {
                self.candidate_string(list, t, mid, index, ufrag, origin)
            }
            _ => list.end_of_candidates.push(EndOfCandidates {
                sdp_mid: mid,
                sdp_mline_index: index,
                username_fragment: ufrag,
                origin,
            }),
        }
    }

    fn candidate_string(
        &self,
        list: &mut CandidateList<'i>,
        text: Cow<'i, str>,
        mid: Option<Tok<'i>>,
        index: Option<u16>,
        ufrag: Option<Tok<'i>>,
        origin: Origin,
    ) {
        let pointer = origin.pointer.clone();
        match text {
            Cow::Borrowed(s) => {
                let anchor = Anchor::new(s, origin.span);
                match parse_candidate_text(anchor) {
                    Ok(c) => push_candidate(list, c, mid, index, ufrag, origin),
                    Err(e) => push_invalid(list, Cow::Borrowed(s), e, origin, pointer),
                }
            }
            Cow::Owned(s) => {
                let span = Span {
                    end: self.doc_span.start.saturating_add(to_u32(s.len())),
                    ..self.doc_span
                };
                let parsed = parse_candidate_text(Anchor::new(&s, span)).map(IntoOwned::into_owned);
                match parsed {
                    Ok(c) => push_candidate(list, c, mid, index, ufrag, origin),
                    Err(e) => push_invalid(list, Cow::Owned(s), e, origin, pointer),
                }
            }
        }
    }

    fn wrong_shape(&self, list: &mut CandidateList<'i>, origin: Origin, expected: String) {
        list.diagnostics.push(Diagnostic::new(
            &r::INVALID_CANDIDATE,
            origin.span,
            format!("invalid RTCIceCandidateInit: expected {expected}; the entry is skipped"),
        ));
        list.invalid.push(Invalid {
            text: Cow::Borrowed(""),
            expected: Cow::Owned(expected),
            origin,
        });
    }
}

fn show_pointer(p: &str) -> String {
    if p.is_empty() {
        "the top level".to_string()
    } else {
        format!("JSON pointer {p}")
    }
}

fn push_candidate<'a>(
    list: &mut CandidateList<'a>,
    c: Candidate<'a>,
    sdp_mid: Option<Tok<'a>>,
    sdp_mline_index: Option<u16>,
    username_fragment: Option<Tok<'a>>,
    origin: Origin,
) {
    if let Some(form) = c.legacy_form() {
        list.diagnostics.push(Diagnostic::new(
            &r::LEGACY_CANDIDATE,
            candidate_span(&c),
            format!("candidate uses a legacy form: {form}"),
        ));
    }
    if list.format == Format::Json {
        if sdp_mid.is_none() && sdp_mline_index.is_none() {
            list.diagnostics.push(
                Diagnostic::new(
                    &r::MISSING_MID_AND_INDEX,
                    origin.span,
                    "candidate without `sdpMid` and `sdpMLineIndex`: addIceCandidate() rejects \
                     it with a TypeError",
                )
                .with_help("send the `sdpMid` (or `sdpMLineIndex`) of the RTCIceCandidate"),
            );
        }
        if let (Some(u), Some(ext)) = (&username_fragment, c.ufrag()) {
            if u.as_str() != ext.as_str() {
                list.diagnostics.push(
                    Diagnostic::new(
                        &r::USERNAME_FRAGMENT_MISMATCH,
                        u.span,
                        format!(
                            "`usernameFragment` is `{}` but the candidate's `ufrag` extension \
                             is `{}`",
                            u.as_str(),
                            ext.as_str()
                        ),
                    )
                    .with_label(ext.span, "ufrag extension"),
                );
            }
        }
    }
    list.candidates.push(IceCandidate {
        candidate: c,
        sdp_mid,
        sdp_mline_index,
        username_fragment,
        origin,
    });
}

fn push_invalid<'a>(
    list: &mut CandidateList<'a>,
    text: Cow<'a, str>,
    e: Expected,
    origin: Origin,
    pointer: Option<String>,
) {
    let at = match &pointer {
        Some(p) => format!(" (in {})", show_pointer(p)),
        None => String::new(),
    };
    list.diagnostics.push(Diagnostic::new(
        &r::INVALID_CANDIDATE,
        e.span,
        format!(
            "invalid candidate: expected {}{at}; the entry is skipped",
            e.expected
        ),
    ));
    list.invalid.push(Invalid {
        text,
        expected: Cow::Borrowed(e.expected),
        origin,
    });
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The start offset of every line, to turn byte offsets into line and column.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        let line = self.starts.partition_point(|&s| s <= start).max(1);
        let line_start = self.starts.get(line - 1).copied().unwrap_or(0);
        Span {
            start: to_u32(start),
            end: to_u32(end.max(start)),
            line: to_u32(line),
            column: to_u32(start - line_start + 1),
        }
    }
}

/// serde_json's error as a [`ListError`], with its position (`bom` bytes skipped before
/// `text` shift line 1).
fn json_error(e: &serde_json::Error, text: &str, bom: usize) -> ListError {
    let (message, line, mut column) = crate::span::json_error_position(e, text);
    if line == 1 {
        column += bom;
    }
    ListError::Json {
        line,
        column,
        message,
    }
}

// --- JSON shapes, read without building a `serde_json::Value`, so that strings stay borrowed.

/// A top-level JSON value.
enum Top<'a> {
    Node(Node<'a>),
    Array(Vec<Node<'a>>),
}

/// An entry: top-level value or array element.
enum Node<'a> {
    Object(Box<Init<'a>>),
    Str(Cow<'a, str>),
    Null,
    Other(&'static str),
}

/// The members of an `RTCIceCandidateInit` (`None`: absent).
#[derive(Default)]
struct Init<'a> {
    candidate: Option<CandidateValue<'a>>,
    sdp_mid: Option<JStr<'a>>,
    sdp_mline_index: Option<JIndex>,
    username_fragment: Option<JStr<'a>>,
}

enum CandidateValue<'a> {
    Str(Cow<'a, str>),
    Null,
    Nested(Box<Init<'a>>),
    Wrong(&'static str),
}

enum JStr<'a> {
    Str(Cow<'a, str>),
    Null,
    Wrong(&'static str),
}

enum JIndex {
    Num(u16),
    Null,
    Wrong(&'static str),
}

/// Consumes a map or sequence the caller does not want.
fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn read_init<'de, A: MapAccess<'de>>(mut map: A) -> Result<Init<'de>, A::Error> {
    let mut init = Init::default();
    while let Some(key) = map.next_key::<Key<'de>>()? {
        match key.0.as_ref() {
            "candidate" => init.candidate = Some(map.next_value()?),
            "sdpMid" => init.sdp_mid = Some(map.next_value()?),
            "sdpMLineIndex" => init.sdp_mline_index = Some(map.next_value()?),
            "usernameFragment" => init.username_fragment = Some(map.next_value()?),
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(init)
}

/// Implements the visitor methods for the JSON types a value may wrongly have, each giving
/// `$wrong(kind)`.
macro_rules! wrong_kinds {
    ($wrong:expr; $($skip:ident)*) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($wrong("a boolean"))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($wrong("a number"))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($wrong("a number"))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($wrong("a number"))
        }
        $(wrong_kinds!(@$skip $wrong);)*
    };
    (@seq $wrong:expr) => {
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            drain_seq(seq)?;
            Ok($wrong("an array"))
        }
    };
    (@map $wrong:expr) => {
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            drain_map(map)?;
            Ok($wrong("an object"))
        }
    };
    (@str $wrong:expr) => {
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($wrong("a string"))
        }
    };
}

/// Implements the string and null visitor methods, giving `$str(cow)` and `$null`.
macro_rules! str_and_null {
    ($str:expr, $null:expr) => {
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok($str(Cow::Borrowed(v)))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok($str(Cow::Owned(v.to_owned())))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok($str(Cow::Owned(v)))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($null)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($null)
        }
    };
}

struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for JStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = JStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or null")
            }
            str_and_null!(JStr::Str, JStr::Null);
            wrong_kinds!(JStr::Wrong; seq map);
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for JIndex {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = JIndex;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number 0-65535 or null")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<JIndex, E> {
                Ok(u16::try_from(v).map_or(JIndex::Wrong("a number above 65535"), JIndex::Num))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<JIndex, E> {
                Ok(u16::try_from(v).map_or(JIndex::Wrong("a negative number"), JIndex::Num))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<JIndex, E> {
                Ok(if v.fract() == 0.0 && (0.0..=65535.0).contains(&v) {
                    JIndex::Num(v as u16)
                } else {
                    JIndex::Wrong("a number that is not an integer 0-65535")
                })
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<JIndex, E> {
                Ok(JIndex::Wrong("a boolean"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<JIndex, E> {
                Ok(JIndex::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<JIndex, E> {
                Ok(JIndex::Null)
            }
            wrong_kinds!(@str JIndex::Wrong);
            wrong_kinds!(@seq JIndex::Wrong);
            wrong_kinds!(@map JIndex::Wrong);
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for CandidateValue<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CandidateValue<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a candidate string, null, or an RTCIceCandidateInit object")
            }
            str_and_null!(CandidateValue::Str, CandidateValue::Null);
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Ok(CandidateValue::Nested(Box::new(read_init(map)?)))
            }
            wrong_kinds!(CandidateValue::Wrong; seq);
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RTCIceCandidateInit object or a candidate string")
            }
            str_and_null!(Node::Str, Node::Null);
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Ok(Node::Object(Box::new(read_init(map)?)))
            }
            wrong_kinds!(Node::Other; seq);
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Top<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Top<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RTCIceCandidateInit object, a candidate string, or an array")
            }
            str_and_null!(|s| Top::Node(Node::Str(s)), Top::Node(Node::Null));
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Ok(Top::Node(Node::Object(Box::new(read_init(map)?))))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(n) = seq.next_element::<Node<'de>>()? {
                    items.push(n);
                }
                Ok(Top::Array(items))
            }
            wrong_kinds!(|k| Top::Node(Node::Other(k)););
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    fn fixture(path: &str) -> String {
        let p = format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
    }

    fn codes(list: &CandidateList<'_>) -> Vec<&'static str> {
        list.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn real_trickle_log_chromium() {
        // onicecandidate events of Chromium 156, as JSON Lines (plus the lab's `t`/`seq`).
        let text = fixture("real/chromium-basic/offer.cands.jsonl");
        let list = parse_list(&text).unwrap();
        assert_eq!(list.format, Format::Json);
        assert_eq!(list.candidates.len(), 12);
        assert!(list.invalid.is_empty());
        assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
        // The last line is the lab's {"end":true}: no `candidate`, skipped.
        assert_eq!(list.skipped, 1);
        let first = &list.candidates[0];
        assert_eq!(first.candidate.foundation, "351738990");
        assert_eq!(first.candidate.priority_value, 2122194687);
        assert_eq!(first.sdp_mid.as_ref().unwrap(), "0");
        assert_eq!(first.sdp_mline_index, Some(0));
        assert_eq!(first.username_fragment.as_ref().unwrap(), "R1sy");
        assert_eq!(first.ufrag(), Some("R1sy"));
        assert_eq!(first.origin.document, Some(0));
        assert_eq!(first.origin.pointer.as_deref(), Some(""));
        // Borrowed from the input: exact positions (inside the quotes on line 1).
        assert_eq!(first.candidate.foundation.span.line, 1);
        assert_eq!(first.candidate.foundation.span.column, 25);
        assert_eq!(&text[first.candidate.foundation.span.range()], "351738990");
        assert!(matches!(first.candidate.address.text, Cow::Borrowed(_)));
        // Events come out of order in this log (seq 5 before 4): kept in input order.
        assert_eq!(list.candidates[2].sdp_mid.as_ref().unwrap(), "2");
        assert_eq!(list.candidates[2].origin.span.line, 3);
        let mids: Vec<_> = list
            .candidates
            .iter()
            .map(|c| c.sdp_mline_index.unwrap())
            .collect();
        assert_eq!(mids, [0, 0, 2, 2, 1, 1, 0, 0, 2, 1, 1, 2]);
        let p = list.candidates[2].sdp_mid.as_ref().unwrap().span;
        assert_eq!(&text[p.range()], "2");
    }

    #[test]
    fn real_trickle_log_firefox_end_markers() {
        // Firefox signals the end of each m-section with an empty candidate string.
        let text = fixture("real/firefox-basic/offer.cands.jsonl");
        let list = parse_list(&text).unwrap();
        assert_eq!(list.candidates.len(), 20);
        assert_eq!(list.end_of_candidates.len(), 3);
        let e = &list.end_of_candidates[0];
        assert_eq!(e.sdp_mid.as_ref().unwrap(), "2");
        assert_eq!(e.sdp_mline_index, Some(2));
        assert_eq!(e.username_fragment.as_ref().unwrap(), "3d09cdc8");
        assert_eq!(e.origin.index, 4);
        assert_eq!(e.origin.span.line, 5);
        // Firefox writes no `ufrag` extension; usernameFragment gives it.
        assert_eq!(list.candidates[0].ufrag(), Some("3d09cdc8"));
        assert!(list.diagnostics.is_empty());
        // The ndc trickle log has sdpMid but no sdpMLineIndex: still fine.
        let text = fixture("real/ndc-trickle/offer.cands.jsonl");
        let list = parse_list(&text).unwrap();
        assert_eq!(list.candidates.len(), 2);
        assert_eq!(list.candidates[0].sdp_mline_index, None);
        assert!(list.diagnostics.is_empty());
    }

    #[test]
    fn real_candidates_txt_all_layouts() {
        // Every candidates.txt: bare `candidate:` lines, `mid<TAB>a=candidate:` lines, and the
        // browser runs' tab-separated columns; comments skipped.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real");
        let mut total = 0;
        for dir in std::fs::read_dir(root).unwrap().flatten() {
            let Ok(body) = std::fs::read_to_string(dir.path().join("candidates.txt")) else {
                continue;
            };
            let list = parse_list(&body).unwrap();
            assert_eq!(list.format, Format::Text);
            assert!(list.invalid.is_empty(), "{:?}", dir.path());
            assert!(list.diagnostics.is_empty(), "{:?}", dir.path());
            let expected = body
                .lines()
                .filter(|l| !l.starts_with('#') && l.contains("candidate:"))
                .count();
            assert_eq!(list.candidates.len(), expected, "{:?}", dir.path());
            total += expected;
        }
        assert_eq!(total, 272);
        let body = fixture("real/chromium-basic/candidates.txt");
        let list = parse_list(&body).unwrap();
        let c = &list.candidates[0];
        assert_eq!(c.sdp_mid, None);
        assert_eq!(c.ufrag(), Some("R1sy")); // from the extension
        assert_eq!(c.origin.span.line, 6);
        assert_eq!(c.candidate.foundation.span.line, 6);
        assert_eq!(&body[c.candidate.foundation.span.range()], "351738990");
    }

    #[test]
    fn text_forms() {
        let text = "\u{feff}a=candidate:1 1 UDP 2130706431 10.0.0.1 5000 typ host\r\n\
                    \n\
                    # a comment\n\
                    candidate:2 1 UDP 2130706431 10.0.0.1 5001 typ host\n\
                    2 1 UDP 2130706431 10.0.0.1 5002 typ host\n\
                    [pc] onicecandidate: candidate:3 1 udp 1 ::1 9 typ host\n\
                    v=0\n\
                    a=mid:0\n\
                    a=end-of-candidates\n\
                    candidate:4 1 UDP 2130706431 10.0.0.1 typ host\n";
        let list = parse_list(text).unwrap();
        assert_eq!(list.format, Format::Text);
        let ports: Vec<_> = list
            .candidates
            .iter()
            .map(|c| c.candidate.port_value)
            .collect();
        assert_eq!(ports, [5000, 5001, 5002, 9]);
        // BOM skipped, column counted in bytes after it.
        assert_eq!(list.candidates[0].candidate.foundation.span.column, 16);
        assert_eq!(list.candidates[0].candidate.foundation.span.start, 15);
        assert_eq!(list.candidates[3].candidate.foundation.span.column, 32);
        assert_eq!(list.skipped, 2);
        assert_eq!(list.end_of_candidates.len(), 1);
        assert_eq!(list.end_of_candidates[0].origin.span.line, 9);
        assert_eq!(list.end_of_candidates[0].origin.index, 4);
        assert_eq!(list.invalid.len(), 1);
        let bad = &list.invalid[0];
        assert_eq!(bad.origin.span.line, 10);
        assert_eq!(bad.origin.index, 5);
        assert_eq!(bad.expected, "a port (0-65535)");
        let d = &list.diagnostics[0];
        assert_eq!((d.code, d.severity), ("I016", Severity::Error));
        let line10 = text.lines().nth(9).unwrap();
        assert_eq!(
            (d.span.line, d.span.column as usize),
            (10, line10.find("typ").unwrap() + 1)
        );
        assert_eq!(
            d.message,
            "invalid candidate: expected a port (0-65535); the entry is skipped"
        );
        // Origins display as line:column.
        assert_eq!(list.candidates[1].origin.to_string(), "4:1");
        // A console's RTCIceCandidate: the quoted candidate, not the rest of the line.
        let line = r#"RTCIceCandidate {candidate: "candidate:842163049 1 udp 1677729535 198.51.100.7 61000 typ srflx raddr 0.0.0.0 rport 0 generation 0 network-cost 999", sdpMid: "0"}"#;
        let list = parse_list(line).unwrap();
        assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
        let c = &list.candidates[0].candidate;
        assert_eq!(c.network_cost(), Some(999));
        assert_eq!(
            c.foundation.span.column as usize,
            line.find("842163049").unwrap() + 1
        );
        // Single quotes, and an unterminated quote (to the end of the line).
        let list = parse_list(
            "x = 'candidate:1 1 udp 1 ::1 9 typ host';\n\"candidate:2 1 udp 1 ::1 9 typ host",
        )
        .unwrap();
        assert_eq!(list.format, Format::Text);
        assert_eq!(list.candidates.len(), 2);
        assert_eq!(list.candidates[0].candidate.foundation, "1");
        assert_eq!(list.candidates[1].candidate.foundation, "2");
    }

    #[test]
    fn json_shapes() {
        let one = r#"{"candidate":"candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":null}"#;
        let list = parse_list(one).unwrap();
        assert_eq!(list.candidates.len(), 1);
        assert_eq!(list.candidates[0].username_fragment, None);
        assert_eq!(list.candidates[0].candidate.foundation.span.column, 25);
        // Arrays, strings, nested signalling messages, nulls, pretty-printing.
        let text = r#"[
  {"type": "candidate", "candidate": {"candidate": "candidate:2 1 udp 1 ::1 9 typ host", "sdpMLineIndex": 1}},
  "candidate:3 1 udp 1 ::1 9 typ host",
  null,
  {"candidate": "", "sdpMid": "1"},
  {"sdp": "v=0"}
]"#;
        let list = parse_list(text).unwrap();
        assert_eq!(list.candidates.len(), 2);
        let c = &list.candidates[0];
        assert_eq!(c.origin.pointer.as_deref(), Some("/0/candidate"));
        assert_eq!(c.sdp_mline_index, Some(1));
        let line2 = text.lines().nth(1).unwrap();
        assert_eq!(
            (
                c.candidate.foundation.span.line,
                c.candidate.foundation.span.column as usize
            ),
            (2, line2.find("candidate:2").unwrap() + 11)
        );
        let c = &list.candidates[1];
        assert_eq!(c.origin.pointer.as_deref(), Some("/1"));
        assert_eq!(c.origin.to_string(), "3:4 (JSON /1)");
        assert_eq!(list.end_of_candidates.len(), 2);
        assert_eq!(list.end_of_candidates[1].sdp_mid.as_ref().unwrap(), "1");
        assert_eq!(list.skipped, 1);
        // The string in the array has no sdpMid/sdpMLineIndex: addIceCandidate would reject it.
        assert_eq!(codes(&list), ["I017"]);
        assert_eq!(list.diagnostics[0].span.line, 3);
        // JSON Lines of strings.
        let text =
            "\"candidate:1 1 udp 1 ::1 9 typ host\"\n\"candidate:2 1 udp 1 ::1 10 typ host\"\n";
        let list = parse_list(text).unwrap();
        assert_eq!(list.candidates.len(), 2);
        assert_eq!(list.candidates[1].origin.document, Some(1));
        assert_eq!(list.candidates[1].candidate.port.span.line, 2);
    }

    #[test]
    fn json_escapes_are_decoded() {
        // A JSON encoder that escapes `/` (PHP does): owned, spans relative to the value.
        let text = r#"{"candidate":"candidate:a\/b 1 udp 1 ::1 9 typ host","sdpMid":"0"}"#;
        let list = parse_list(text).unwrap();
        let c = &list.candidates[0];
        assert_eq!(c.candidate.foundation, "a/b");
        assert!(matches!(c.candidate.foundation.text, Cow::Owned(_)));
        assert_eq!(c.candidate.foundation.span.line, 1);
        assert_eq!(c.origin.span.start, 0);
    }

    #[test]
    fn json_errors_and_wrong_types() {
        let e =
            parse_list("{\"candidate\": \"candidate:1 1 udp 1 ::1 9 typ host\",\n").unwrap_err();
        assert_eq!(
            e,
            ListError::Json {
                line: 1,
                column: 52,
                message: "EOF while parsing a value".into()
            }
        );
        assert!(e
            .to_string()
            .starts_with("invalid JSON at line 1, column 52"));
        // A UTF-8 byte order mark is skipped, and counted in columns.
        let e = parse_list("\u{feff}{]").unwrap_err();
        assert!(
            matches!(
                e,
                ListError::Json {
                    line: 1,
                    column: 5,
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(
            parse_list("\u{feff}[\"candidate:1 1 udp 1 ::1 9 typ host\"]")
                .unwrap()
                .candidates[0]
                .candidate
                .foundation
                .span
                .column,
            16
        );
        let e = parse_list("[1, }").unwrap_err();
        assert!(
            matches!(
                e,
                ListError::Json {
                    line: 1,
                    column: 5,
                    ..
                }
            ),
            "{e:?}"
        );
        let text = r#"{"candidate":"candidate:1 1 udp 1 ::1 9 typ host","sdpMid":"0","sdpMLineIndex":"0"}
{"candidate":7,"sdpMid":"0"}
{"candidate":"candidate:1 1 udp 1 ::1 9 typ host","sdpMid":"0","sdpMLineIndex":70000}
{"candidate":"candidate:1 1 udp 1 ::1 9 typ host","sdpMid":["0"]}
{"candidate":"candidate:1 1 udp 1 ::1 9 typ host","sdpMid":"0","sdpMLineIndex":1.0,"usernameFragment":true}
[[1]]
5
{"candidate":"candidate:1 1 udp 1 ::1 9 typ host","sdpMLineIndex":2.0}"#;
        let list = parse_list(text).unwrap();
        assert_eq!(list.candidates.len(), 1);
        assert_eq!(list.candidates[0].sdp_mline_index, Some(2));
        assert_eq!(list.invalid.len(), 7);
        let msgs: Vec<_> = list
            .invalid
            .iter()
            .map(|i| i.expected.to_string())
            .collect();
        assert_eq!(
            msgs,
            [
                "`sdpMLineIndex` to be a number 0-65535 or null, found a string (at the top level)",
                "`candidate` to be a string, found a number (at the top level)",
                "`sdpMLineIndex` to be a number 0-65535 or null, found a number above 65535 (at the top level)",
                "`sdpMid` to be a string or null, found an array (at the top level)",
                "`usernameFragment` to be a string or null, found a boolean (at the top level)",
                "an RTCIceCandidateInit object or a candidate string at JSON pointer /0, found an array",
                "an RTCIceCandidateInit object or a candidate string at the top level, found a number",
            ]
        );
        let lines: Vec<_> = list.invalid.iter().map(|i| i.origin.span.line).collect();
        assert_eq!(lines, [1, 2, 3, 4, 5, 6, 7]);
        // The last one has an sdpMLineIndex (2.0 is read as 2), so no I017.
        assert_eq!(codes(&list), ["I016"; 7]);
    }

    #[test]
    fn json_checks() {
        // usernameFragment against the ufrag extension.
        let text = r#"{"candidate":"candidate:1 1 udp 2122194687 10.0.0.1 5000 typ host generation 0 ufrag abcd","sdpMid":"0","usernameFragment":"wxyz"}"#;
        let list = parse_list(text).unwrap();
        assert_eq!(codes(&list), ["I018"]);
        let d = &list.diagnostics[0];
        assert_eq!(&text[d.span.range()], "wxyz");
        assert_eq!(&text[d.secondary[0].span.range()], "abcd");
        assert_eq!(list.candidates[0].ufrag(), Some("wxyz"));
        // Legacy forms are reported as in SDP (S014).
        let text = r#"{"candidate":"candidate:1 1 udp 1 [::1] 9 typ host","sdpMid":"0"}"#;
        let list = parse_list(text).unwrap();
        assert_eq!(codes(&list), ["S014"]);
        // A grammar error points into the JSON string.
        let text = r#"{"candidate":"candidate:1 1 udp 1 ::1 9 typ hôst","sdpMid":"0"}"#;
        let list = parse_list(text).unwrap();
        assert_eq!(codes(&list), ["I016"]);
        assert_eq!(&text[list.diagnostics[0].span.range()], "hôst");
        assert!(list.diagnostics[0].message.contains("(in the top level)"));
        // A trailing CRLF inside the string (some signalling code keeps the SDP line end).
        let text = r#"{"candidate":"a=candidate:1 1 udp 1 ::1 9 typ host\r\n","sdpMid":"0"}"#;
        let list = parse_list(text).unwrap();
        assert_eq!(list.candidates.len(), 1);
        assert!(list.diagnostics.is_empty());
    }

    #[test]
    fn garbage_never_panics() {
        let inputs = [
            "",
            "\u{feff}",
            "\n\n",
            "{",
            "[",
            "\"",
            "null",
            "{}",
            "[]",
            "[null]",
            "candidate:",
            "a=candidate:",
            "\u{0}\u{1}",
            "{\"candidate\":{\"candidate\":{\"candidate\":null}}}",
            "ü\n\r\n\r",
            "# only\n#",
            "x 1 udp 1 :: 9 typ host\r",
            "[{\"candidate\":\"\\ud83e\"}]",
        ];
        for s in inputs {
            let _ = parse_list(s);
            for i in 0..s.len() {
                if let Some(t) = s.get(i..) {
                    let _ = parse_list(t);
                }
            }
        }
        assert!(parse_list("").unwrap().candidates.is_empty());
        let deep = "{\"candidate\":".repeat(200) + "null" + &"}".repeat(200);
        assert!(parse_list(&deep).is_err()); // serde_json's recursion limit
    }
}
