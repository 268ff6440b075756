//! Semantic diff of two session descriptions: what changed in meaning, not in text.
//!
//! Two descriptions are compared item by item, each item matched by what identifies it rather
//! than by its line or position:
//! - media sections by `a=mid` (RFC 5888 §4) and media type, then, for sections without a
//!   mid (or whose mid changed), by position among the unpaired ones of the same type;
//! - codecs by encoding name, clock rate, channels and format parameters (RFC 8866 §6.6,
//!   §6.15), never by payload type: a renumbered payload type is one `changed` item, and the
//!   `apt=` of RTX (RFC 4588 §8.6) and the payload types of RED (RFC 2198) are resolved to the
//!   codecs they name before comparing;
//! - candidates by component, transport, address, port and type (RFC 8839 §5.1), then without
//!   the port (a new port is a `changed` item);
//! - SSRCs by id with their source attributes (RFC 5576 §4.1); SSRC groups by semantics and
//!   members (§4.2);
//! - header extensions by URI (RFC 8285 §8): a new id is a `changed` item;
//! - everything else by meaning: direction (absent = `sendrecv`, RFC 8866 §6.7), setup,
//!   ICE credentials and options (inherited from the session level, RFC 8839 §5.4),
//!   fingerprints by hash function (RFC 8122 §5), groups by semantics (RFC 5888 §5), rids by
//!   id (RFC 8851), simulcast, sctp-port and max-message-size (RFC 8841), bandwidth by type
//!   (RFC 8866 §5.8), and any other attribute or line by name and value.
//!
//! Line order, line endings, spacing, case where the RFCs make it insignificant (hash
//! function, encoding name, fmtp parameter names, hex digits) and the order of attributes
//! inside a section do not count. The order of the media sections and the order of the
//! codecs in an `m=` line (the preference order, RFC 3264 §5.1) do.
//!
//! Every change carries the span (line and column) of what it compares in A and/or in B.
//!
//! ```
//! use rtcinspect::diff::{diff, ChangeKind, DiffOptions, Item};
//! let a = rtcinspect::sdp::parse("v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\n");
//! let b = rtcinspect::sdp::parse("v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 109\r\na=mid:0\r\na=rtpmap:109 opus/48000/2\r\na=sendonly\r\n");
//! let d = diff(&a, &b, &DiffOptions::default());
//! let changes: Vec<_> = d.sections[0].changes.iter().map(|c| (c.kind, c.item, c.property.as_deref())).collect();
//! // In line order: A's implicit direction is placed at its `m=` line.
//! assert_eq!(changes, [
//!     (ChangeKind::Changed, Item::Direction, None),
//!     (ChangeKind::Changed, Item::Codec, Some("payload type")),
//! ]);
//! ```

mod codecs;
mod entries;
mod matching;
mod sections;

use crate::sdp::Session;
use crate::span::Span;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// What kind of change: the item is only in B, only in A, or in both with another value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Only in B (`+`).
    Added,
    /// Only in A (`-`).
    Removed,
    /// In both, with another value (`~`).
    Changed,
}

impl ChangeKind {
    /// The sign used in text output: `+`, `-` or `~`.
    pub fn sign(self) -> char {
        match self {
            ChangeKind::Added => '+',
            ChangeKind::Removed => '-',
            ChangeKind::Changed => '~',
        }
    }

    /// The kind seen from the other side (added ↔ removed).
    pub fn reversed(self) -> ChangeKind {
        match self {
            ChangeKind::Added => ChangeKind::Removed,
            ChangeKind::Removed => ChangeKind::Added,
            ChangeKind::Changed => ChangeKind::Changed,
        }
    }
}

/// What a change is about. Serialised in kebab-case (`ice-ufrag`, `codec-order`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Item {
    /// `o=` (RFC 8866 §5.2); properties `username`, `session id`, `session version`, `address`.
    Origin,
    /// `s=` (RFC 8866 §5.3).
    SessionName,
    /// `t=` (RFC 8866 §5.9).
    Timing,
    /// The media section itself (its `m=` line, RFC 8866 §5.14); properties `port`, `proto`,
    /// `formats` (non-RTP sections), `position` (0-based index in its description; changed
    /// only when the paired sections come in another order).
    Media,
    /// `a=mid` (RFC 5888 §4), when sections were matched by position.
    Mid,
    /// `c=` (RFC 8866 §5.7).
    Connection,
    /// `b=` (RFC 8866 §5.8), keyed by bandwidth type; the value is in kbit/s for `AS`/`CT`
    /// and bit/s for `TIAS` (RFC 3890).
    Bandwidth,
    /// `a=group` (RFC 5888 §5, RFC 9143), keyed by semantics; property `mids`.
    Group,
    /// `a=msid-semantic`, keyed by semantic; property `identifiers`.
    MsidSemantic,
    /// `a=ice-ufrag` (RFC 8839 §5.4).
    IceUfrag,
    /// `a=ice-pwd` (RFC 8839 §5.4).
    IcePwd,
    /// `a=ice-options` (RFC 8839 §5.6).
    IceOptions,
    /// `a=fingerprint` (RFC 8122 §5), keyed by hash function.
    Fingerprint,
    /// `a=setup` (RFC 4145 §4, RFC 8842).
    Setup,
    /// `a=tls-id` (RFC 8842 §4).
    TlsId,
    /// The media direction (RFC 8866 §6.7); an absent attribute is `sendrecv`.
    Direction,
    /// `a=msid` (RFC 8830).
    Msid,
    /// A codec: `a=rtpmap` + `a=fmtp` + `a=rtcp-fb` of one payload type (RFC 8866 §6.6,
    /// §6.15, RFC 4585 §4.2), keyed by `name/clock[/channels]`; properties `payload type`,
    /// `fmtp`, `rtcp-fb`.
    Codec,
    /// The order of the codecs common to both sides in the `m=` line (preference order,
    /// RFC 3264 §5.1); the values are their payload types, space-separated, in each side's
    /// order.
    CodecOrder,
    /// `a=rtcp-fb:*` (RFC 4585 §4.2), feedback for every payload type.
    RtcpFb,
    /// `a=extmap` (RFC 8285 §8), keyed by URI; properties `id`, `direction`, `attributes`.
    Extmap,
    /// `a=ssrc` lines of one SSRC (RFC 5576 §4.1), keyed by SSRC; one property per source
    /// attribute (`cname`, `msid`, ...).
    Ssrc,
    /// `a=ssrc-group` (RFC 5576 §4.2), keyed by semantics; property `ssrcs`.
    SsrcGroup,
    /// `a=rid` (RFC 8851), keyed by rid id; properties `direction`, `restrictions`.
    Rid,
    /// `a=simulcast` (RFC 8853 §5.1).
    Simulcast,
    /// `a=candidate` (RFC 8839 §5.1), keyed by `component transport address typ type` (and
    /// matched with the port first); properties `port`, `priority`, `foundation`, `raddr`,
    /// `rport` and the extension names.
    Candidate,
    /// `a=end-of-candidates` (RFC 8840 §8.2).
    EndOfCandidates,
    /// `a=rtcp` (RFC 3605).
    Rtcp,
    /// `a=sctp-port` (RFC 8841 §5.1).
    SctpPort,
    /// `a=max-message-size` in bytes (RFC 8841 §6.1).
    MaxMessageSize,
    /// Any other attribute, keyed by name (flags such as `rtcp-mux`, and unknown ones).
    Attribute,
    /// Any other line (`v=`, `i=`, `u=`, `e=`, `p=`, `k=`, `r=`, `z=`, unknown or invalid
    /// lines), keyed by its type letter.
    Line,
}

impl Item {
    /// The kebab-case name used in text and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Item::Origin => "origin",
            Item::SessionName => "session-name",
            Item::Timing => "timing",
            Item::Media => "media",
            Item::Mid => "mid",
            Item::Connection => "connection",
            Item::Bandwidth => "bandwidth",
            Item::Group => "group",
            Item::MsidSemantic => "msid-semantic",
            Item::IceUfrag => "ice-ufrag",
            Item::IcePwd => "ice-pwd",
            Item::IceOptions => "ice-options",
            Item::Fingerprint => "fingerprint",
            Item::Setup => "setup",
            Item::TlsId => "tls-id",
            Item::Direction => "direction",
            Item::Msid => "msid",
            Item::Codec => "codec",
            Item::CodecOrder => "codec-order",
            Item::RtcpFb => "rtcp-fb",
            Item::Extmap => "extmap",
            Item::Ssrc => "ssrc",
            Item::SsrcGroup => "ssrc-group",
            Item::Rid => "rid",
            Item::Simulcast => "simulcast",
            Item::Candidate => "candidate",
            Item::EndOfCandidates => "end-of-candidates",
            Item::Rtcp => "rtcp",
            Item::SctpPort => "sctp-port",
            Item::MaxMessageSize => "max-message-size",
            Item::Attribute => "attribute",
            Item::Line => "line",
        }
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One side of a change: the value as written (or summarised, for items that span several
/// lines such as a codec) and where it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Val {
    /// The value's text.
    pub text: String,
    /// Where it is in its description (the token when there is one, else the line).
    pub span: Span,
}

/// One difference.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Change {
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// What it is about.
    pub item: Item,
    /// Which one, for items that can occur more than once (the codec `VP8/90000`, the
    /// extension URI, the SSRC, the attribute name...); empty for single items.
    pub key: String,
    /// The property of the item that was added, removed or changed (`payload type`, `id`,
    /// `rtcp-fb`...); `None` when the change is about the whole item.
    pub property: Option<String>,
    /// The value in A (absent for `added`).
    pub a: Option<Val>,
    /// The value in B (absent for `removed`).
    pub b: Option<Val>,
}

impl Change {
    /// The same change seen from the other side: A and B swapped, added ↔ removed.
    pub fn reversed(&self) -> Change {
        Change {
            kind: self.kind.reversed(),
            item: self.item,
            key: self.key.clone(),
            property: self.property.clone(),
            a: self.b.clone(),
            b: self.a.clone(),
        }
    }
}

/// Where a media section is in one description.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct SectionRef {
    /// 0-based index among the description's media sections.
    pub index: usize,
    /// Its `a=mid`, if any.
    pub mid: Option<String>,
    /// Its media type (`audio`, `video`, `application`...), if the `m=` line parsed.
    pub kind: Option<String>,
    /// Where its `m=` line is.
    pub span: Span,
}

/// What happened to a media section as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionStatus {
    /// In both, no difference.
    Unchanged,
    /// In both, with differences (see [`SectionDiff::changes`]).
    Changed,
    /// Only in B.
    Added,
    /// Only in A.
    Removed,
}

/// The diff of one media section (matched, or only on one side).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct SectionDiff {
    /// Whether it changed, and how.
    pub status: SectionStatus,
    /// The section in A, if there.
    pub a: Option<SectionRef>,
    /// The section in B, if there.
    pub b: Option<SectionRef>,
    /// The differences inside it (empty for added and removed sections).
    pub changes: Vec<Change>,
}

/// The semantic diff of two descriptions: session-level changes, then every media section
/// of both (in B's order, with A's sections that B lacks at their place in A).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct SessionDiff {
    /// Session-level differences (lines before the first `m=`; inherited attributes when both
    /// sides declare them at session level).
    pub session: Vec<Change>,
    /// One entry per media section of A or B.
    pub sections: Vec<SectionDiff>,
    /// The fields left out of the comparison.
    pub ignored: Vec<IgnoreField>,
}

impl SessionDiff {
    /// Whether the two descriptions mean the same (with the ignored fields left out).
    pub fn is_empty(&self) -> bool {
        self.session.is_empty()
            && self
                .sections
                .iter()
                .all(|s| s.status == SectionStatus::Unchanged)
    }

    /// Every change: session level first, then per section; a whole added or removed section
    /// counts as one change (of item [`Item::Media`]).
    pub fn changes(&self) -> impl Iterator<Item = Change> + '_ {
        self.session
            .iter()
            .cloned()
            .chain(self.sections.iter().flat_map(|s| {
                let whole = match s.status {
                    SectionStatus::Added | SectionStatus::Removed => {
                        let side = |r: &Option<SectionRef>| {
                            r.as_ref().map(|r| Val {
                                text: r.kind.clone().unwrap_or_default(),
                                span: r.span,
                            })
                        };
                        Some(Change {
                            kind: if s.status == SectionStatus::Added {
                                ChangeKind::Added
                            } else {
                                ChangeKind::Removed
                            },
                            item: Item::Media,
                            key: s
                                .a
                                .as_ref()
                                .or(s.b.as_ref())
                                .and_then(|r| r.mid.clone())
                                .unwrap_or_default(),
                            property: None,
                            a: side(&s.a),
                            b: side(&s.b),
                        })
                    }
                    _ => None,
                };
                whole.into_iter().chain(s.changes.iter().cloned())
            }))
    }

    /// How many changes of each kind: (added, removed, changed), counted as [`changes`](Self::changes) does.
    pub fn counts(&self) -> (usize, usize, usize) {
        self.changes().fold((0, 0, 0), |(a, r, c), x| match x.kind {
            ChangeKind::Added => (a + 1, r, c),
            ChangeKind::Removed => (a, r + 1, c),
            ChangeKind::Changed => (a, r, c + 1),
        })
    }
}

/// A field that [`DiffOptions`] can leave out because it differs from run to run (or between
/// createOffer's output and what the app passes to setLocalDescription) without meaning a
/// change of the call's set-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IgnoreField {
    /// `o=` session id and session version (RFC 8866 §5.2): random per peer connection, and
    /// incremented per description.
    Origin,
    /// The `o=` session version only (incremented each time a description is created, JSEP
    /// RFC 9429 §5.2.2).
    OriginVersion,
    /// `a=candidate`, `a=end-of-candidates`, and the default candidate they set: the `m=`
    /// port (only whether it is 0 still counts: 0 rejects the section), `c=` and `a=rtcp`
    /// (the default destination, RFC 8839 §4.2).
    Candidates,
    /// `a=ice-ufrag` and `a=ice-pwd` (RFC 8839 §5.4), random per ICE session; also the
    /// `ufrag` candidate extension.
    Ice,
    /// `a=fingerprint` (RFC 8122 §5; a new certificate per peer connection unless the app
    /// keeps one) and `a=tls-id` (RFC 8842 §4, random per DTLS association).
    Fingerprint,
    /// SSRC numbers (random per sender, RFC 3550 §8.1) and the `cname` source attribute
    /// (random per peer connection in browsers): SSRCs are then matched by their order in the
    /// section, and groups compared by semantics and size.
    Ssrc,
    /// Stream and track ids: `a=msid` (RFC 8830), the `msid`, `mslabel` and `label` source
    /// attributes, and the identifiers of `a=msid-semantic` (random UUIDs in browsers).
    Msid,
}

impl IgnoreField {
    /// Every field, in the order documented.
    pub const ALL: [IgnoreField; 7] = [
        IgnoreField::Origin,
        IgnoreField::OriginVersion,
        IgnoreField::Candidates,
        IgnoreField::Ice,
        IgnoreField::Fingerprint,
        IgnoreField::Ssrc,
        IgnoreField::Msid,
    ];

    /// The name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            IgnoreField::Origin => "origin",
            IgnoreField::OriginVersion => "origin-version",
            IgnoreField::Candidates => "candidates",
            IgnoreField::Ice => "ice",
            IgnoreField::Fingerprint => "fingerprint",
            IgnoreField::Ssrc => "ssrc",
            IgnoreField::Msid => "msid",
        }
    }
}

impl fmt::Display for IgnoreField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of [`IgnoreField::from_str`]: the name given is not a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownField(pub String);

impl fmt::Display for UnknownField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown field `{}`; expected one of: ", self.0)?;
        let names: Vec<&str> = IgnoreField::ALL.iter().map(|x| x.as_str()).collect();
        write!(f, "{}, volatile", names.join(", "))
    }
}

impl std::error::Error for UnknownField {}

impl FromStr for IgnoreField {
    type Err = UnknownField;

    /// Parses a field name as [`IgnoreField::as_str`] writes it (ASCII case-insensitive).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IgnoreField::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownField(s.to_string()))
    }
}

/// What [`diff`] leaves out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiffOptions {
    /// The fields not compared.
    pub ignore: BTreeSet<IgnoreField>,
}

impl DiffOptions {
    /// Ignore these fields.
    pub fn ignoring(fields: impl IntoIterator<Item = IgnoreField>) -> Self {
        DiffOptions {
            ignore: fields.into_iter().collect(),
        }
    }

    /// Every field that differs between two runs of the same application on the same stack:
    /// origin, candidates, ice, fingerprint, ssrc, msid. What remains is the application's
    /// and the stack's choices (media, codecs, extensions, directions, roles, bundling).
    pub fn volatile() -> Self {
        Self::ignoring([
            IgnoreField::Origin,
            IgnoreField::Candidates,
            IgnoreField::Ice,
            IgnoreField::Fingerprint,
            IgnoreField::Ssrc,
            IgnoreField::Msid,
        ])
    }

    /// "Did the app munge this SDP?": createOffer/createAnswer's output (A) against what the
    /// app passed to setLocalDescription (B). Leaves out only what legitimately differs
    /// between the two without the app editing the text:
    /// - the `o=` session version ([`IgnoreField::OriginVersion`]): a new description gets a
    ///   new version (RFC 9429 §5.2.2; libwebrtc counts up at every createOffer/createAnswer),
    ///   so an app that called it twice and applies the second result differs there;
    /// - candidates ([`IgnoreField::Candidates`]): a description read back after gathering
    ///   (`pc.localDescription`) carries `a=candidate` lines, `a=end-of-candidates` and the
    ///   default candidate in `m=`/`c=`/`a=rtcp` that createOffer's output did not have; the
    ///   stack gathers its own candidates either way.
    ///
    /// Everything the app could edit is still compared: session id, ICE credentials (editing
    /// them is the classic munge), fingerprints, setup, codecs and their order, fmtp,
    /// extensions, directions, SSRCs, msids, simulcast, bandwidth, and any other line.
    pub fn munge() -> Self {
        Self::ignoring([IgnoreField::OriginVersion, IgnoreField::Candidates])
    }

    /// Whether `field` is left out.
    pub fn ignores(&self, field: IgnoreField) -> bool {
        self.ignore.contains(&field)
            || (field == IgnoreField::OriginVersion && self.ignore.contains(&IgnoreField::Origin))
    }
}

/// Compares two descriptions. Never fails: lines that did not parse are compared as text.
///
/// The result lists every media section of both sides (see [`SessionDiff`]); it is empty
/// ([`SessionDiff::is_empty`]) when both mean the same apart from the ignored fields.
/// Swapping `a` and `b` swaps added and removed and nothing else.
pub fn diff(a: &Session<'_>, b: &Session<'_>, options: &DiffOptions) -> SessionDiff {
    sections::diff_sessions(a, b, options)
}
