//! Phase 2: assemble lines into a [`Session`] with its media sections, parse each line's
//! grammar, and report syntax and structure findings (RFC 8866 §5) as diagnostics. Nothing
//! here fails: a line that does not parse stays in the model, raw, next to its diagnostic.

use super::attributes::{self, AttrValue, Attribute};
use super::fields::{char_at, is_token_char};
use super::grammar;
use super::lines::{find_byte, LineEnding, Lines, RawLine};
use super::model::{Line, Media, Session, Value};
use super::ParseOptions;
use crate::diag::{registry as r, Diagnostic, Rule, Severity};
use crate::span::{Anchor, Expected, Span, Tok};
use std::borrow::Cow;

/// Parses `text` with default options. Never fails; see [`Session::diagnostics`].
pub fn parse(text: &str) -> Session<'_> {
    parse_with(text, &ParseOptions::default())
}

/// Parses raw bytes: like [`parse`] if they are UTF-8. Otherwise the valid prefix is parsed
/// and the error names the byte offset of the first invalid byte (rule `not-utf8`).
pub fn parse_bytes<'a>(bytes: &'a [u8], options: &ParseOptions) -> Session<'a> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_with(text, options),
        Err(e) => {
            let valid = e.valid_up_to();
            // The prefix is valid by construction; an empty one if anything odd happens.
            let text = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
            let mut s = parse_with(text, options);
            let line = text.matches('\n').count() as u32 + 1;
            let column = (valid - text.rfind('\n').map_or(0, |i| i + 1)) as u32 + 1;
            let span = Span {
                start: valid as u32,
                end: valid as u32 + 1,
                line,
                column,
            };
            s.diagnostics.push(
                Diagnostic::new(&r::NOT_UTF8, span, format!("byte {valid} is not valid UTF-8; the rest of the input is ignored"))
                    .with_help("SDP is UTF-8 text; check that the file is not a capture or binary blob (try `rtcinspect pcap`)"),
            );
            s
        }
    }
}

/// Parses `text` with `options`. Never fails; see [`Session::diagnostics`].
pub fn parse_with<'a>(text: &'a str, options: &ParseOptions) -> Session<'a> {
    let sizes = section_sizes(text, options.limits.max_lines);
    let mut session = Session {
        lines: Vec::with_capacity(sizes.first().copied().unwrap_or(0)),
        media: Vec::with_capacity(sizes.len().saturating_sub(1)),
        rest: Tok {
            text: Cow::Borrowed(""),
            span: Span::default(),
        },
        diagnostics: Vec::new(),
    };
    let mut p = Parser {
        options,
        diagnostics: Vec::new(),
        last_rank: 0,
        seen: 0,
        in_media: false,
        dropped: 0,
        has_nul: memchr::memchr(0, text.as_bytes()).is_some(),
    };
    let mut lines = Lines::new(text);
    while let Some(raw) = lines.next() {
        if lines.line_number() as usize > options.limits.max_lines {
            let start = raw.span.start as usize;
            session.rest = Tok {
                text: Cow::Borrowed(&text[start..]),
                span: Span {
                    end: text.len() as u32,
                    ..raw.span
                },
            };
            // Recorded even past the diagnostics limit: it explains why parsing stopped.
            p.diagnostics.push(Diagnostic::new(
                &r::LIMIT_EXCEEDED,
                raw.span.sub(0, 0),
                format!(
                    "more than {} lines; the rest of the input is not parsed",
                    options.limits.max_lines
                ),
            ));
            break;
        }
        // Any `m=` line opens a section, even one that failed its grammar. The section's
        // vector is allocated once, with the size the first pass counted.
        let target = if raw.text.starts_with("m=") {
            let size = sizes.get(session.media.len() + 1).copied().unwrap_or(1);
            session.media.push(Media {
                lines: Vec::with_capacity(size.max(1)),
            });
            // (The order checks skip `m=` lines, so the new section's state applies from here.)
            p.last_rank = 0;
            p.seen = 0;
            p.in_media = true;
            session.media.last_mut().map(|m| &mut m.lines)
        } else {
            session.media.last_mut().map(|m| &mut m.lines)
        };
        let target = target.unwrap_or(&mut session.lines);
        p.line(raw, target);
    }
    p.finish(&session.lines);
    session.diagnostics = p.diagnostics;
    session
}

/// Rank of each line type in RFC 8866 §5's order, for the out-of-order check. Session level:
/// v o s i u e p c b t r z k a; media level: m i c b k a.
fn rank(ty: u8, in_media: bool) -> Option<u8> {
    let table = if in_media { &MEDIA_RANK } else { &SESSION_RANK };
    match table[usize::from(ty & 0x7f)] {
        NO_RANK => None,
        r => Some(r),
    }
}

const NO_RANK: u8 = u8::MAX;

/// `rank` as tables indexed by the type letter: one load per line.
static SESSION_RANK: [u8; 128] = rank_table(b"vosiuepcbtrzka");
static MEDIA_RANK: [u8; 128] = rank_table(b"micbka");

const fn rank_table(order: &[u8]) -> [u8; 128] {
    let mut t = [NO_RANK; 128];
    let mut i = 0;
    while i < order.len() {
        t[order[i] as usize] = i as u8;
        i += 1;
    }
    t
}

struct Parser<'o> {
    options: &'o ParseOptions,
    /// The findings so far (moved into the session at the end).
    diagnostics: Vec<Diagnostic>,
    /// Rank of the last line seen in the current section.
    last_rank: u8,
    /// Bit set of the once-only line types seen in the current section (bit = type - 'a').
    seen: u32,
    /// Whether an `m=` line has been seen (the current section is a media section).
    in_media: bool,
    /// Diagnostics not recorded because of the limit.
    dropped: usize,
    /// Whether the input holds a NUL byte at all (one scan, instead of one per line).
    has_nul: bool,
}

impl<'a> Parser<'_> {
    fn report(
        &mut self,
        rule: &'static Rule,
        span: Span,
        message: String,
    ) -> Option<&mut Diagnostic> {
        self.push(Diagnostic::new(rule, span, message))
    }

    fn push(&mut self, mut d: Diagnostic) -> Option<&mut Diagnostic> {
        if self.diagnostics.len() >= self.options.limits.max_diagnostics {
            self.dropped += 1;
            return None;
        }
        if self.options.strict && d.severity == Severity::Warning {
            d.severity = Severity::Error;
        }
        self.diagnostics.push(d);
        self.diagnostics.last_mut()
    }

    fn syntax(&mut self, rule: &'static Rule, what: &str, e: Expected) {
        let msg = format!("invalid {what}: expected {}", e.expected);
        self.report(rule, e.span, msg);
    }

    /// Parses one line and appends it to `target` (the vector of its section).
    fn line(&mut self, raw: RawLine<'a>, target: &mut Vec<Line<'a>>) {
        let text = raw.text;
        let tok = Tok {
            text: Cow::Borrowed(text),
            span: raw.span,
        };
        if raw.ending == LineEnding::Cr {
            self.report(
                &r::BARE_CR,
                raw.span.sub(text.len(), 1),
                "the line ends with CR alone".into(),
            );
        }
        if let Some(i) = self.has_nul.then(|| text.find('\0')).flatten() {
            self.report(
                &r::NUL_BYTE,
                raw.span.sub(i, 1),
                format!("NUL byte at column {}", i + 1),
            );
        }
        let value = if text.is_empty() {
            if let Some(d) = self.report(&r::EMPTY_LINE, raw.span, "empty line".into()) {
                d.help = Some(
                    "remove the empty line; strict parsers (and some browsers) reject it".into(),
                );
            }
            Value::Empty
        } else if text.len() > self.options.limits.max_line_length {
            self.report(
                &r::LIMIT_EXCEEDED,
                raw.span.sub(0, 2.min(text.len())),
                format!(
                    "line of {} bytes is longer than the limit of {} bytes; kept raw",
                    text.len(),
                    self.options.limits.max_line_length
                ),
            );
            Value::Invalid(Expected {
                span: raw.span,
                expected: "a shorter line (limit)",
            })
        } else {
            self.typed(text, raw.span)
        };
        target.push(Line {
            text: tok,
            ending: raw.ending,
            value,
        });
    }

    /// The typed value of a non-empty line within the limits, with its findings.
    fn typed(&mut self, text: &'a str, span: Span) -> Value<'a> {
        let b = text.as_bytes();
        if b.len() < 2 || b[1] != b'=' || !b[0].is_ascii_lowercase() {
            let (at, what) = if !b[0].is_ascii_alphabetic() {
                (span.sub(0, 1), "a line type letter (v, o, s, ..., a, m)")
            } else if b[0].is_ascii_uppercase() {
                (span.sub(0, 1), "a lower-case line type letter")
            } else {
                (span.sub(1, b.len().min(2) - 1), "`=` after the line type")
            };
            let d = Diagnostic::new(
                &r::MALFORMED_LINE,
                at,
                format!("malformed line: expected {what}"),
            )
            .with_help("every SDP line has the form <type>=<value>, e.g. a=mid:0");
            self.push(d);
            return Value::Invalid(Expected {
                span: at,
                expected: what,
            });
        }
        let ty = b[0];
        let vtext = &text[2..];
        let vspan = span.sub(2, vtext.len());
        if vtext.starts_with(' ') && ty != b's' && ty != b'i' {
            self.report(&r::WHITESPACE, vspan.sub(0, 1), "space after `=`".into());
        } else if vtext.ends_with([' ', '\t']) && ty != b's' && ty != b'i' {
            let trimmed = vtext.trim_end_matches([' ', '\t']).len();
            self.report(
                &r::WHITESPACE,
                vspan.sub(trimmed, vtext.len() - trimmed),
                "whitespace at the end of the line".into(),
            );
        }
        self.order(ty, span);
        let a = Anchor::new(vtext, vspan);
        let parsed = match ty {
            b'v' => fields_digits(a).map(|_| Value::Version(a.whole())),
            b'o' => grammar::origin(a).map(|o| Value::Origin(Box::new(o))),
            b's' => Ok(Value::SessionName(a.whole())),
            b'i' => Ok(Value::Information(a.whole())),
            b'u' => Ok(Value::Uri(a.whole())),
            b'e' => Ok(Value::Email(a.whole())),
            b'p' => Ok(Value::Phone(a.whole())),
            b'c' => grammar::connection(a).map(Value::Connection),
            b'b' => grammar::bandwidth(a).map(Value::Bandwidth),
            b't' => grammar::timing(a).map(Value::Timing),
            b'r' => grammar::repeat(a).map(Value::Repeat),
            b'z' => grammar::zone(a).map(Value::Zone),
            b'k' => grammar::key(a).map(Value::Key),
            b'm' => grammar::media_line(a, self.options.limits.max_list_items).map(Value::Media),
            b'a' => return Value::Attribute(self.attribute(a)),
            _ => {
                self.report(
                    &r::UNKNOWN_LINE_TYPE,
                    span.sub(0, 1),
                    format!("unknown line type `{}`; kept as is", ty as char),
                );
                return Value::Unknown;
            }
        };
        match parsed {
            Ok(v) => v,
            Err(e) => {
                let what = line_name(ty);
                self.syntax(&r::INVALID_LINE_VALUE, what, e);
                Value::Invalid(e)
            }
        }
    }

    fn attribute(&mut self, a: Anchor<'a>) -> Attribute<'a> {
        // The name ends at the first `:` (names never hold one). A name the parser knows is
        // made of token characters; only others are checked byte by byte.
        let text = a.text;
        let b = text.as_bytes();
        let name_len = find_byte::<b':'>(b).unwrap_or(b.len());
        let name = &text[..name_len];
        let known = attributes::Name::of(name.as_bytes());
        let bad = match known {
            attributes::Name::Unknown => name.bytes().position(|c| !is_token_char(c)),
            _ => None,
        };
        let name_tok = Tok {
            text: Cow::Borrowed(name),
            span: a.span.sub(0, name_len),
        };
        let value_anchor = (name_len < b.len()).then(|| {
            let start = name_len + 1;
            Anchor::new(&text[start..], a.span.sub(start, b.len() - start))
        });
        let parsed = match bad {
            Some(i) => Err(a.expected(char_at(name, i), "an attribute name (token characters)")),
            None if name.is_empty() => Err(a.expected(name, "an attribute name")),
            None => {
                attributes::parse_named(known, name_tok.span, value_anchor, &self.options.limits)
            }
        };
        let parsed = match parsed {
            Ok(v) => v,
            Err(e) => {
                let mut what = format!("a={name}");
                if e.expected == crate::ice::TOO_MANY_EXTENSIONS {
                    what = format!(
                        "{what} (more than {} extension pairs)",
                        self.options.limits.max_list_items
                    );
                }
                self.syntax(&r::INVALID_ATTRIBUTE_VALUE, &what, e);
                AttrValue::Invalid(e)
            }
        };
        if let AttrValue::Candidate(c) = &parsed {
            if let Some(form) = c.legacy_form() {
                self.report(
                    &r::LEGACY_CANDIDATE,
                    a.span,
                    format!("candidate uses a legacy form: {form}"),
                );
            }
        }
        Attribute {
            name: name_tok,
            value: value_anchor.map(|v| v.whole()),
            parsed,
        }
    }

    /// Order and duplicate checks (RFC 8866 §5).
    fn order(&mut self, ty: u8, span: Span) {
        if ty == b'm' {
            return; // opens a section; `line` resets the order state
        }
        let in_media = self.in_media;
        let Some(rank) = rank(ty, in_media) else {
            if ty.is_ascii_lowercase() && rank(ty, !in_media).is_some() {
                let level = if in_media {
                    "a media section"
                } else {
                    "the session level"
                };
                self.report(
                    &r::LINE_OUT_OF_ORDER,
                    span.sub(0, 1),
                    format!("`{}=` does not belong at {level}", ty as char),
                );
            }
            return;
        };
        // t= and r= may repeat as groups: "t r t r".
        let repeat_ok = !in_media && ty == b't' && self.last_rank == rank_of(b'r');
        if rank < self.last_rank && !repeat_ok {
            self.report(
                &r::LINE_OUT_OF_ORDER,
                span.sub(0, 1),
                format!(
                    "`{}=` line after a line that must follow it (RFC 8866 §5 order)",
                    ty as char
                ),
            );
        }
        self.last_rank = self.last_rank.max(rank);
        let once: &[u8] = if in_media { b"ik" } else { b"vosiukz" };
        if once.contains(&ty) {
            let bit = 1u32 << (ty - b'a');
            if self.seen & bit != 0 {
                self.report(
                    &r::DUPLICATE_LINE,
                    span.sub(0, 1),
                    format!("`{}=` appears more than once", ty as char),
                );
            }
            self.seen |= bit;
        }
    }

    fn finish(&mut self, session_lines: &[Line<'a>]) {
        let mut present = 0u32;
        for l in session_lines {
            if let Some(c) = l.line_type() {
                if c.is_ascii_lowercase() {
                    present |= 1 << (c as u8 - b'a');
                }
            }
        }
        let end = session_lines.last().map(|l| l.span()).unwrap_or_default();
        let first = session_lines.first().map(|l| l.span());
        for (ty, name) in [
            (b'v', "v= (version)"),
            (b'o', "o= (origin)"),
            (b's', "s= (session name)"),
            (b't', "t= (timing)"),
        ] {
            if present & (1 << (ty - b'a')) == 0 {
                let at = if ty == b'v' {
                    first.unwrap_or(end).sub(0, 0)
                } else {
                    end.sub(end.len(), 0)
                };
                let help = match ty {
                    b's' => {
                        "add `s=-` (RFC 8866 requires a session name; `-` is the usual placeholder)"
                    }
                    b't' => "add `t=0 0` (an unbounded session)",
                    b'v' => "start the description with `v=0`",
                    _ => "add `o=- <session id> <version> IN IP4 127.0.0.1`",
                };
                if let Some(d) = self.report(&r::MISSING_LINE, at, format!("missing {name} line")) {
                    d.help = Some(help.into());
                }
            }
        }
        if self.dropped > 0 {
            let n = self.dropped;
            self.dropped = 0;
            self.diagnostics.push(Diagnostic::new(
                &r::LIMIT_EXCEEDED,
                end,
                format!(
                    "{n} more diagnostics were dropped (limit {})",
                    self.options.limits.max_diagnostics
                ),
            ));
        }
    }
}

/// Number of lines in each section (session level, then each `m=` section), each at most
/// `max_lines`: a cheap first pass (SIMD searches) so that every section's vector is
/// allocated once.
fn section_sizes(text: &str, max_lines: usize) -> Vec<usize> {
    let b = text.as_bytes();
    // Section boundaries: the start, every line that begins with "m=", the end.
    let mut bounds = Vec::with_capacity(16);
    bounds.push(0);
    if b.starts_with(b"m=") {
        bounds.push(0);
    }
    // A searcher built once: building one per parse costs more than the search.
    static MEDIA_LINE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\nm="));
    bounds.extend(MEDIA_LINE.find_iter(b).map(|i| i + 1));
    bounds.push(b.len());
    bounds
        .windows(2)
        .map(|w| {
            let section = &b[w[0]..w[1]];
            let unterminated = !section.is_empty() && !section.ends_with(b"\n");
            let lines = memchr::memchr_iter(b'\n', section).count() + usize::from(unterminated);
            // Only a capacity hint: never more than the lines the parser will take.
            lines.min(max_lines)
        })
        .collect()
}

fn rank_of(ty: u8) -> u8 {
    rank(ty, false).unwrap_or(0)
}

fn fields_digits(a: Anchor<'_>) -> Result<(), Expected> {
    super::fields::number::<u32>(&a, a.text, "a version number (0)").map(|_| ())
}

fn line_name(ty: u8) -> &'static str {
    match ty {
        b'v' => "v= (version) line",
        b'o' => "o= (origin) line",
        b'c' => "c= (connection) line",
        b'b' => "b= (bandwidth) line",
        b't' => "t= (timing) line",
        b'r' => "r= (repeat) line",
        b'z' => "z= (time zone) line",
        b'k' => "k= (key) line",
        b'm' => "m= (media) line",
        _ => "line",
    }
}
