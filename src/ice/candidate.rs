//! The ICE `candidate` attribute (RFC 8839 §5.1, with the TCP extension of RFC 6544 §4.5):
//! grammar and borrowed model.
//!
//! [`parse`] takes the attribute value (the text after `candidate:`) and returns a
//! [`Candidate`] whose every field is a [`Tok`] borrowed from the input, so that diagnostics can
//! point at the exact field. Parsing checks syntax only; meaning (a priority above 2^32 - 1, a
//! server-reflexive candidate without `raddr`/`rport`, a TCP candidate without `tcptype`, an FQDN
//! where RFC 8839 wants an IP address) is for the lint pass, over the public fields.
//!
//! Leniency, beyond the RFC 8839 grammar (each one is recorded in [`Candidate::legacy`] and
//! described by [`Candidate::legacy_form`], so a lint can report it):
//! - runs of spaces between fields, and spaces before the first or after the last field;
//! - a component id of 4 or 5 digits, as RFC 5245 allowed (`1*5DIGIT`), still 1-256 in value;
//! - an IPv6 address in brackets (`[fd99::1]`) or with a zone (`fe80::1%eth0`).
//!
//! Accepted because the grammar allows them: `raddr` without `rport` and the reverse, port 0
//! and port 9 (Chrome writes `raddr 0.0.0.0 rport 0`, RFC 8839 asks for port 9), host names
//! (FQDN and mDNS `.local` names), literals in any case (ABNF strings are case-insensitive).
//!
//! Bounds: time is linear in the input, nothing is allocated, and more than
//! `max_extension_pairs` extension pairs is an error (see [`TOO_MANY_EXTENSIONS`]).
#![forbid(unsafe_code)]

use crate::span::{Anchor, Expected, IntoOwned, Tok};
use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// A sensible default for the `max_extension_pairs` argument of [`parse`]: browsers write at
/// most five pairs (`tcptype`, `generation`, `ufrag`, `network-id`, `network-cost`).
pub const DEFAULT_MAX_EXTENSION_PAIRS: usize = 64;

/// The `expected` text of the error returned when a candidate has more extension pairs than
/// the caller allowed; it points at the name of the first pair over the limit.
pub const TOO_MANY_EXTENSIONS: &str = "at most `max_extension_pairs` extension pairs (limit)";

/// One ICE candidate, as written in an `a=candidate` attribute or a trickled
/// `RTCIceCandidate.candidate` string.
///
/// Each field keeps its text exactly as in the input (with its span); decoded numbers sit next
/// to the fields they come from, and the `*_kind` / `candidate_type` methods classify the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// `foundation`: 1 to 32 `ice-char`s (letters, digits, `+`, `/`).
    pub foundation: Tok<'a>,
    /// `component-id` as written (1 to 3 digits; 4 or 5 in the RFC 5245 legacy form).
    pub component: Tok<'a>,
    /// The component id, 1-256 (1 is RTP, 2 is RTCP).
    pub component_id: u16,
    /// `transport`: `UDP`, `TCP`, or another token, in any case. See [`Candidate::transport_kind`].
    pub transport: Tok<'a>,
    /// `priority` as written (1 to 10 digits).
    pub priority: Tok<'a>,
    /// The priority. Ten digits may exceed 2^32 - 1, which the grammar allows and RFC 8445
    /// forbids: it is kept as is, for a lint to flag.
    pub priority_value: u64,
    /// `connection-address`: an IPv4 or IPv6 address, or a host name (mDNS `.local` name or
    /// FQDN). See [`Candidate::address_kind`].
    pub address: Tok<'a>,
    /// `port` as written.
    pub port: Tok<'a>,
    /// The port (0 and 9 are accepted: both mean "no real port" in practice).
    pub port_value: u16,
    /// The candidate type after `typ` (`host`, `srflx`, `prflx`, `relay` or another token).
    /// See [`Candidate::candidate_type`].
    pub typ: Tok<'a>,
    /// The address after `raddr`, if present.
    pub related_address: Option<Tok<'a>>,
    /// The port after `rport` as written, if present.
    pub related_port: Option<Tok<'a>>,
    /// The port after `rport`, if present (always `Some` when `related_port` is, after parsing).
    pub related_port_value: Option<u16>,
    /// The raw text of the extension pairs after `rport` (from the first name to the last
    /// value; empty, at the end of the candidate, when there are none). Iterate with
    /// [`Candidate::extensions`].
    pub extensions: Tok<'a>,
    /// The forms outside the RFC 8839 grammar that the parser accepted in this candidate.
    pub legacy: LegacyForms,
}

/// The kind of transport of a candidate (compared case-insensitively).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    /// `UDP` (RFC 8839).
    Udp,
    /// `TCP` (RFC 6544).
    Tcp,
    /// `ssltcp`, Chrome's pseudo-TLS TCP candidates to a TURN server.
    Ssltcp,
    /// Any other token.
    Other,
}

impl Transport {
    /// Classify a transport token.
    pub fn of(text: &str) -> Self {
        if text.eq_ignore_ascii_case("udp") {
            Transport::Udp
        } else if text.eq_ignore_ascii_case("tcp") {
            Transport::Tcp
        } else if text.eq_ignore_ascii_case("ssltcp") {
            Transport::Ssltcp
        } else {
            Transport::Other
        }
    }
}

/// The type of a candidate (RFC 8445 §5.1.1; compared case-insensitively).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CandidateType {
    /// `host`: an address of a local interface.
    Host,
    /// `srflx`: server reflexive, the address a STUN server saw.
    Srflx,
    /// `prflx`: peer reflexive, learned from a connectivity check.
    Prflx,
    /// `relay`: an address allocated on a TURN server.
    Relay,
    /// Any other token.
    Other,
}

impl CandidateType {
    /// Classify a candidate-type token.
    pub fn of(text: &str) -> Self {
        if text.eq_ignore_ascii_case("host") {
            CandidateType::Host
        } else if text.eq_ignore_ascii_case("srflx") {
            CandidateType::Srflx
        } else if text.eq_ignore_ascii_case("prflx") {
            CandidateType::Prflx
        } else if text.eq_ignore_ascii_case("relay") {
            CandidateType::Relay
        } else {
            CandidateType::Other
        }
    }
}

/// The value of the `tcptype` extension (RFC 6544 §4.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TcpType {
    /// `active`: will open the connection.
    Active,
    /// `passive`: will accept the connection.
    Passive,
    /// `so`: simultaneous open.
    So,
}

impl TcpType {
    /// Classify a `tcptype` value (case-insensitively); `None` for anything else.
    pub fn of(text: &str) -> Option<Self> {
        if text.eq_ignore_ascii_case("active") {
            Some(TcpType::Active)
        } else if text.eq_ignore_ascii_case("passive") {
            Some(TcpType::Passive)
        } else if text.eq_ignore_ascii_case("so") {
            Some(TcpType::So)
        } else {
            None
        }
    }
}

/// What a `connection-address` (or `raddr`) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Address<'t> {
    /// An IPv4 address.
    Ipv4(Ipv4Addr),
    /// An IPv6 address, with the zone after `%` if one was written (brackets are dropped).
    Ipv6 {
        /// The address.
        addr: Ipv6Addr,
        /// The zone (interface name or index) after `%`, if any.
        zone: Option<&'t str>,
    },
    /// A multicast DNS name (ends with `.local`), as browsers use to hide host addresses.
    Mdns(&'t str),
    /// Any other host name.
    Fqdn(&'t str),
    /// Text that is none of the above. Never produced for a candidate returned by [`parse`]
    /// (which rejects it); only for candidates built by hand.
    Unparsed(&'t str),
}

impl<'t> Address<'t> {
    /// Classify an address; `Unparsed` if it is not a valid `connection-address`.
    pub fn of(text: &'t str) -> Self {
        classify_address(text).map_or(Address::Unparsed(text), |(a, _)| a)
    }

    /// Whether this is an IP address (v4 or v6) rather than a name.
    pub fn is_ip(&self) -> bool {
        matches!(self, Address::Ipv4(_) | Address::Ipv6 { .. })
    }
}

impl Serialize for Address<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Address::Ipv4(addr) => {
                let mut st = s.serialize_struct("Address", 2)?;
                st.serialize_field("kind", "ipv4")?;
                st.serialize_field("addr", addr)?;
                st.end()
            }
            Address::Ipv6 { addr, zone } => {
                let mut st = s.serialize_struct("Address", 3)?;
                st.serialize_field("kind", "ipv6")?;
                st.serialize_field("addr", addr)?;
                st.serialize_field("zone", zone)?;
                st.end()
            }
            Address::Mdns(name) | Address::Fqdn(name) | Address::Unparsed(name) => {
                let kind = match self {
                    Address::Mdns(_) => "mdns",
                    Address::Fqdn(_) => "fqdn",
                    _ => "unparsed",
                };
                let mut st = s.serialize_struct("Address", 2)?;
                st.serialize_field("kind", kind)?;
                st.serialize_field("name", name)?;
                st.end()
            }
        }
    }
}

/// A set of forms outside the RFC 8839 grammar that the parser accepted (a small bit set).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LegacyForms(u8);

impl LegacyForms {
    /// No legacy form: the candidate follows the RFC 8839 grammar.
    pub const NONE: LegacyForms = LegacyForms(0);
    /// More than one space between fields, or spaces before the first or after the last.
    pub const EXTRA_SPACES: LegacyForms = LegacyForms(1);
    /// A component id of 4 or 5 digits (RFC 5245 `1*5DIGIT`; RFC 8839 has `1*3DIGIT`).
    pub const LONG_COMPONENT_ID: LegacyForms = LegacyForms(2);
    /// An IPv6 address in brackets, which is URI syntax, not SDP.
    pub const BRACKETED_IPV6: LegacyForms = LegacyForms(4);
    /// An IPv6 address with a `%zone`, which SDP has no syntax for.
    pub const IPV6_ZONE: LegacyForms = LegacyForms(8);

    const ALL: [(LegacyForms, &'static str); 4] = [
        (
            LegacyForms::EXTRA_SPACES,
            "fields separated by more than one space, or spaces around the candidate \
             (RFC 8839 §5.1 has exactly one SP between fields)",
        ),
        (
            LegacyForms::LONG_COMPONENT_ID,
            "component id of 4 or 5 digits (RFC 5245 component-id = 1*5DIGIT; \
             RFC 8839 §5.1 has 1*3DIGIT)",
        ),
        (
            LegacyForms::BRACKETED_IPV6,
            "IPv6 address in brackets (URI syntax; SDP writes IPv6 addresses bare)",
        ),
        (
            LegacyForms::IPV6_ZONE,
            "IPv6 address with a %zone suffix (no SDP syntax for zones; meaningless to the peer)",
        ),
    ];

    /// Whether every form in `other` is in `self`.
    pub fn contains(self, other: LegacyForms) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The union of two sets.
    pub fn union(self, other: LegacyForms) -> LegacyForms {
        LegacyForms(self.0 | other.0)
    }

    /// A description of each form in the set, in a fixed order.
    pub fn descriptions(self) -> impl Iterator<Item = &'static str> {
        Self::ALL
            .into_iter()
            .filter(move |(f, _)| self.contains(*f))
            .map(|(_, d)| d)
    }
}

impl Serialize for LegacyForms {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.descriptions())
    }
}

impl IntoOwned for LegacyForms {
    type Owned = LegacyForms;
    fn into_owned(self) -> LegacyForms {
        self
    }
}

impl<'a> Candidate<'a> {
    /// The kind of transport (`UDP`, `TCP`, `ssltcp`, or other).
    pub fn transport_kind(&self) -> Transport {
        Transport::of(&self.transport)
    }

    /// The candidate type.
    pub fn candidate_type(&self) -> CandidateType {
        CandidateType::of(&self.typ)
    }

    /// What the connection address is.
    pub fn address_kind(&self) -> Address<'_> {
        Address::of(&self.address)
    }

    /// What the related address (`raddr`) is, if present.
    pub fn related_address_kind(&self) -> Option<Address<'_>> {
        self.related_address.as_ref().map(|t| Address::of(t))
    }

    /// The extension pairs (name, value) in order, each with its span.
    pub fn extensions(&self) -> Extensions<'_> {
        Extensions {
            anchor: Anchor::new(&self.extensions.text, self.extensions.span),
            fields: Fields::new(&self.extensions.text),
        }
    }

    /// The value of the first extension named `name` (compared case-insensitively).
    pub fn extension(&self, name: &str) -> Option<Tok<'_>> {
        self.extension_pair(name).map(|(_, v)| v)
    }

    /// The first extension named `name` (compared case-insensitively) as its (name, value)
    /// tokens, as `extensions().find(..)` gives it.
    pub fn extension_pair(&self, name: &str) -> Option<(Tok<'_>, Tok<'_>)> {
        // Names are compared before tokens are made of them.
        let text = &self.extensions.text;
        let mut fields = Fields::new(text);
        while let (Some(n), Some(v)) = (fields.next(), fields.next()) {
            if n.text(text).eq_ignore_ascii_case(name) {
                let a = Anchor::new(text, self.extensions.span);
                return Some((n.tok(&a), v.tok(&a)));
            }
        }
        None
    }

    /// The `generation` extension (RFC 5245-era, still written by libwebrtc), if present and a
    /// number.
    pub fn generation(&self) -> Option<u32> {
        self.extension("generation").and_then(|v| digits_u32(&v))
    }

    /// The `ufrag` extension (the ICE username fragment the candidate belongs to), if present.
    pub fn ufrag(&self) -> Option<Tok<'_>> {
        self.extension("ufrag")
    }

    /// The `network-id` extension (libwebrtc), if present and a number.
    pub fn network_id(&self) -> Option<u32> {
        self.extension("network-id").and_then(|v| digits_u32(&v))
    }

    /// The `network-cost` extension (libwebrtc), if present and a number.
    pub fn network_cost(&self) -> Option<u32> {
        self.extension("network-cost").and_then(|v| digits_u32(&v))
    }

    /// The `tcptype` extension (RFC 6544 §4.5), if present and one of `active`, `passive`,
    /// `so` (any other value gives `None`; see [`Candidate::extension`] for the raw text).
    pub fn tcptype(&self) -> Option<TcpType> {
        self.extension("tcptype").and_then(|v| TcpType::of(&v))
    }

    /// A description of the first form outside the RFC 8839 grammar that the parser accepted
    /// in this candidate, if any (all of them: `self.legacy.descriptions()`).
    pub fn legacy_form(&self) -> Option<&'static str> {
        self.legacy.descriptions().next()
    }
}

/// Iterator over the extension pairs of a [`Candidate`]: `(name, value)` tokens with spans.
#[derive(Clone, Debug)]
pub struct Extensions<'t> {
    anchor: Anchor<'t>,
    fields: Fields<'t>,
}

impl<'t> Iterator for Extensions<'t> {
    type Item = (Tok<'t>, Tok<'t>);

    fn next(&mut self) -> Option<Self::Item> {
        let name = self.fields.next()?;
        let value = self.fields.next()?;
        Some((name.tok(&self.anchor), value.tok(&self.anchor)))
    }
}

impl IntoOwned for Candidate<'_> {
    type Owned = Candidate<'static>;

    fn into_owned(self) -> Candidate<'static> {
        Candidate {
            foundation: self.foundation.into_owned(),
            component: self.component.into_owned(),
            component_id: self.component_id,
            transport: self.transport.into_owned(),
            priority: self.priority.into_owned(),
            priority_value: self.priority_value,
            address: self.address.into_owned(),
            port: self.port.into_owned(),
            port_value: self.port_value,
            typ: self.typ.into_owned(),
            related_address: IntoOwned::into_owned(self.related_address),
            related_port: IntoOwned::into_owned(self.related_port),
            related_port_value: self.related_port_value,
            extensions: self.extensions.into_owned(),
            legacy: self.legacy,
        }
    }
}

/// Canonical text (without `candidate:`): the fields as written, single spaces, lowercase
/// `typ`/`raddr`/`rport`.
impl fmt::Display for Candidate<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {} {} {} typ {}",
            self.foundation,
            self.component,
            self.transport,
            self.priority,
            self.address,
            self.port,
            self.typ
        )?;
        if let Some(a) = &self.related_address {
            write!(f, " raddr {a}")?;
        }
        if let Some(p) = &self.related_port {
            write!(f, " rport {p}")?;
        }
        for (name, value) in self.extensions() {
            write!(f, " {name} {value}")?;
        }
        Ok(())
    }
}

/// JSON: every field as `{text, span}` with its decoded value beside it (`component_id`,
/// `transport_kind`, `priority_value`, `address_kind`, `port_value`, `candidate_type`,
/// `related_address_kind`, `related_port_value`), the extensions as a list of
/// `{name, value}`, the decoded `tcptype`, and `legacy_forms` (descriptions).
impl Serialize for Candidate<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Candidate", 19)?;
        st.serialize_field("foundation", &self.foundation)?;
        st.serialize_field("component", &self.component)?;
        st.serialize_field("component_id", &self.component_id)?;
        st.serialize_field("transport", &self.transport)?;
        st.serialize_field("transport_kind", &self.transport_kind())?;
        st.serialize_field("priority", &self.priority)?;
        st.serialize_field("priority_value", &self.priority_value)?;
        st.serialize_field("address", &self.address)?;
        st.serialize_field("address_kind", &self.address_kind())?;
        st.serialize_field("port", &self.port)?;
        st.serialize_field("port_value", &self.port_value)?;
        st.serialize_field("typ", &self.typ)?;
        st.serialize_field("candidate_type", &self.candidate_type())?;
        st.serialize_field("related_address", &self.related_address)?;
        st.serialize_field("related_address_kind", &self.related_address_kind())?;
        st.serialize_field("related_port", &self.related_port)?;
        st.serialize_field("related_port_value", &self.related_port_value)?;
        st.serialize_field("extensions", &ExtensionList(self))?;
        st.serialize_field("tcptype", &self.tcptype())?;
        st.serialize_field("legacy_forms", &self.legacy)?;
        st.end()
    }
}

struct ExtensionList<'c, 'a>(&'c Candidate<'a>);

impl Serialize for ExtensionList<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for (name, value) in self.0.extensions() {
            seq.serialize_element(&ExtensionPair { name, value })?;
        }
        seq.end()
    }
}

#[derive(serde::Serialize)]
struct ExtensionPair<'t> {
    name: Tok<'t>,
    value: Tok<'t>,
}

/// Byte classes of the candidate grammar, as bits of [`CLASS`]: bit `k` of `CLASS[b]` says
/// whether byte `b` is in class `k`. ANDing the entries of a field's bytes gives the classes the
/// whole field is in, so one forward pass both splits a field off and validates it.
mod class {
    /// Any byte but SP: part of a field. SP's entry is 0, which ends a field.
    pub const FIELD: u8 = 1;
    /// `VCHAR` (%x21-7E): an extension value.
    pub const VCHAR: u8 = 2;
    /// RFC 8866 `token-char`: transport, candidate type, extension name.
    pub const TOKEN: u8 = 4;
    /// `ice-char`: the foundation.
    pub const ICE: u8 = 8;
    /// `DIGIT`: component id, priority, port.
    pub const DIGIT: u8 = 16;
    /// A host name's letters, digits, `-` and `.`.
    pub const HOST: u8 = 32;
    /// A digit or `.`: a field of these must be an IPv4 address.
    pub const DIGIT_DOT: u8 = 64;
    /// A hex digit or `:`: the bytes of a bare IPv6 address of hex groups.
    pub const HEX_COLON: u8 = 128;
}

/// The classes of every byte (see [`class`]).
const CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let mut c = 0;
        if b != b' ' {
            c |= class::FIELD;
        }
        if is_vchar(b) {
            c |= class::VCHAR;
        }
        if is_token_char(b) {
            c |= class::TOKEN;
        }
        if is_ice_char(b) {
            c |= class::ICE;
        }
        if b.is_ascii_digit() {
            c |= class::DIGIT;
        }
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'.' {
            c |= class::HOST;
        }
        if b.is_ascii_digit() || b == b'.' {
            c |= class::DIGIT_DOT;
        }
        if b.is_ascii_hexdigit() || b == b':' {
            c |= class::HEX_COLON;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// One SP-separated field of a candidate: its byte range in the text, and the classes (see
/// [`class`]) that all its bytes are in.
#[derive(Clone, Copy, Debug)]
struct Field {
    start: usize,
    end: usize,
    class: u8,
}

impl Field {
    fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether every byte of the field is in `class`.
    fn is(self, class: u8) -> bool {
        self.class & class != 0
    }

    /// The field's text (fields end at SP or at the end, hence at char boundaries).
    #[inline(always)]
    fn text(self, text: &str) -> &str {
        // Two one-sided splits: each checks one char boundary, inline (`str::get` on a range
        // is an out-of-line call checking both).
        text.split_at_checked(self.end)
            .and_then(|(head, _)| head.split_at_checked(self.start))
            .map_or("", |(_, field)| field)
    }

    /// Whether the field is the literal `word` (letters only), in any case (ABNF strings are
    /// case-insensitive).
    #[inline(always)]
    fn is_word(self, text: &str, word: &str) -> bool {
        // `word` is letters only: a byte ORed with 0x20 is its lower-case letter only if it is
        // that letter in either case.
        let w = word.as_bytes();
        self.len() == w.len()
            && text
                .as_bytes()
                .get(self.start..self.end)
                .unwrap_or_default()
                .iter()
                .zip(w)
                .all(|(b, w)| b | 0x20 == w.to_ascii_lowercase())
    }

    /// The field as a token of `a`'s text, with its span.
    #[inline(always)]
    fn tok<'a>(self, a: &Anchor<'a>) -> Tok<'a> {
        Tok {
            text: Cow::Borrowed(self.text(a.text)),
            span: a.span.sub(self.start, self.len()),
        }
    }

    /// A syntax error at this field of `a`'s text.
    fn expected(self, a: &Anchor<'_>, expected: &'static str) -> Expected {
        Expected {
            span: a.span.sub(self.start, self.len()),
            expected,
        }
    }
}

/// A connection address field and the legacy forms it uses, or the field and what was
/// expected there.
type AddressField = Result<(Field, LegacyForms), (Field, &'static str)>;

/// Splits a text into SP-separated [`Field`]s in one forward pass, classifying their bytes and
/// noting spacing that is not exactly one SP between fields.
#[derive(Clone, Debug)]
struct Fields<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Offset one past the last field returned.
    last_end: usize,
    extra_spaces: bool,
}

impl<'a> Fields<'a> {
    fn new(text: &'a str) -> Self {
        Fields {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            last_end: 0,
            extra_spaces: false,
        }
    }

    /// Skips the spaces before the next field; `false` at the end of the text.
    #[inline(always)]
    fn skip_spaces(&mut self) -> bool {
        let b = self.bytes;
        let from = self.pos;
        // The common case: a field right here, after the one SP that ended the previous field
        // (consumed with it) or at the start.
        if b.get(from).is_some_and(|&c| c != b' ') {
            return true;
        }
        let mut i = from;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        self.pos = i;
        let consumed = usize::from(b.get(from.wrapping_sub(1)) == Some(&b' '));
        let spaces = i - from + consumed;
        if i >= b.len() {
            self.extra_spaces |= spaces > 0;
            return false;
        }
        // One SP between fields, none before the first.
        self.extra_spaces |= spaces != usize::from(from != 0);
        true
    }

    /// Reads the rest of the current field, ANDing its bytes' classes into `class`.
    #[inline(always)]
    fn rest_of_field(&mut self, start: usize, mut class: u8) -> Field {
        let b = self.bytes;
        let mut i = self.pos;
        while i < b.len() {
            let k = CLASS[usize::from(b[i])];
            if k == 0 {
                break;
            }
            class &= k;
            i += 1;
        }
        self.end_field(start, i, class)
    }

    /// Ends the field at `end` (an SP or the end of the text), consuming that SP.
    #[inline(always)]
    fn end_field(&mut self, start: usize, end: usize, class: u8) -> Field {
        self.last_end = end;
        self.pos = end + usize::from(end < self.bytes.len());
        Field { start, end, class }
    }

    /// The next field, or `None` at the end.
    #[inline(always)]
    fn next(&mut self) -> Option<Field> {
        if !self.skip_spaces() {
            return None;
        }
        Some(self.rest_of_field(self.pos, !0))
    }

    /// The next field, read as a connection address: the field and the legacy forms it uses,
    /// or `Err` with what was expected there; `None` at the end. The common shapes, a
    /// dotted-quad IPv4 address and a bare IPv6 address of hex groups, are read and checked in
    /// the pass that splits them off.
    #[inline(always)]
    fn next_address(&mut self) -> Option<AddressField> {
        if !self.skip_spaces() {
            return None;
        }
        let start = self.pos;
        let rest = self.bytes.get(start..).unwrap_or_default();
        // The classes of a dotted quad's bytes (there is always a `.`) and of a bare IPv6
        // address's (there is always a `:`).
        let classes = |sep: u8| CLASS[usize::from(b'0')] & CLASS[usize::from(sep)];
        if let Some((_, len)) = dotted_quad_field(rest) {
            let field = self.end_field(start, start + len, classes(b'.'));
            return Some(Ok((field, LegacyForms::NONE)));
        }
        if let Some((_, len)) = simple_ipv6_field(rest) {
            let field = self.end_field(start, start + len, classes(b':'));
            return Some(Ok((field, LegacyForms::NONE)));
        }
        let field = self.rest_of_field(start, !0);
        Some(
            check_address(self.text, field)
                .map(|legacy| (field, legacy))
                .map_err(|what| (field, what)),
        )
    }

    /// The next field, read as a decimal number: the field and the value of its leading digits
    /// (wrapping: callers bound the length first). The value is meaningful only when the field
    /// is all digits (`is(class::DIGIT)`).
    #[inline(always)]
    fn next_number(&mut self) -> Option<(Field, u64)> {
        if !self.skip_spaces() {
            return None;
        }
        let b = self.bytes;
        let start = self.pos;
        let mut i = start;
        let mut n = 0u64;
        while i < b.len() {
            let d = b[i].wrapping_sub(b'0');
            if d > 9 {
                break;
            }
            n = n.wrapping_mul(10).wrapping_add(u64::from(d));
            i += 1;
        }
        self.pos = i;
        // All ten digits have the same classes.
        let digits = CLASS[usize::from(b'0')];
        Some((self.rest_of_field(start, digits), n))
    }
}

// RFC 8839 §5.1 (with RFC 8866 for connection-address, port, token, and RFC 6544 §4.5):
//
//   candidate-attribute   = "candidate" ":" foundation SP component-id SP
//                           transport SP
//                           priority SP
//                           connection-address SP     ;from RFC 8866
//                           port                      ;port from RFC 8866
//                           SP cand-type
//                           [SP rel-addr]
//                           [SP rel-port]
//                           *(SP cand-extension)
//   foundation            = 1*32ice-char
//   component-id          = 1*3DIGIT
//   transport             = "UDP" / transport-extension
//   transport-extension   = token              ; from RFC 3261
//   priority              = 1*10DIGIT
//   cand-type             = "typ" SP candidate-types
//   candidate-types       = "host" / "srflx" / "prflx" / "relay" / token
//   rel-addr              = "raddr" SP connection-address
//   rel-port              = "rport" SP port
//   cand-extension        = extension-att-name SP extension-att-value
//   extension-att-name    = token
//   extension-att-value   = *VCHAR
//   ice-char              = ALPHA / DIGIT / "+" / "/"
//
// RFC 6544 §4.5 (one of the cand-extensions):
//
//   tcp-type-ext          = "tcptype" SP tcp-type
//   tcp-type              = "active" / "passive" / "so"
//
// Choices: literals match in any case (ABNF); an extension value must not be empty (an empty
// *VCHAR is indistinguishable from a dangling name); connection-address is an IPv4 address, an
// IPv6 address (bare, or leniently in brackets and/or with a %zone) or a host name (letters,
// digits, '-', '.'); a field of only digits and dots must be an IPv4 address.

/// Parse the value of a `candidate` attribute: the text after `candidate:`, starting at the
/// foundation.
///
/// More than `max_extension_pairs` extension pairs is an error pointing at the first name over
/// the limit (its `expected` is [`TOO_MANY_EXTENSIONS`]). Errors point at the offending field,
/// or at an empty span at the end when a field is missing.
pub fn parse<'a>(value: Anchor<'a>, max_extension_pairs: usize) -> Result<Candidate<'a>, Expected> {
    // One forward pass: each field is split off and checked against its byte class as it is
    // read; numbers are decoded while their digits are read.
    let a = &value;
    let text = a.text;
    let mut f = Fields::new(text);
    let mut legacy = LegacyForms::NONE;
    let missing = |what| a.expected_at(text.len(), what);

    const FOUNDATION: &str = "a foundation (1-32 letters, digits, `+` or `/`)";
    let foundation = f.next().ok_or_else(|| missing(FOUNDATION))?;
    if foundation.len() > 32 || !foundation.is(class::ICE) {
        return Err(foundation.expected(a, FOUNDATION));
    }

    const COMPONENT: &str = "a component id (1-256)";
    let (component, value) = f.next_number().ok_or_else(|| missing(COMPONENT))?;
    let component_id = match value {
        1..=256 if component.is(class::DIGIT) && component.len() <= 5 => value as u16,
        _ => return Err(component.expected(a, COMPONENT)),
    };
    if component.len() > 3 {
        legacy = legacy.union(LegacyForms::LONG_COMPONENT_ID);
    }

    const TRANSPORT: &str = "a transport (`UDP`, `TCP` or another token)";
    let transport = f.next().ok_or_else(|| missing(TRANSPORT))?;
    if !transport.is(class::TOKEN) {
        return Err(transport.expected(a, TRANSPORT));
    }

    const PRIORITY: &str = "a priority (1-10 digits)";
    let (priority, priority_value) = f.next_number().ok_or_else(|| missing(PRIORITY))?;
    if !priority.is(class::DIGIT) || priority.len() > 10 {
        return Err(priority.expected(a, PRIORITY));
    }

    const ADDRESS: &str = "a connection address (IP address or host name)";
    let (address, forms) = f
        .next_address()
        .ok_or_else(|| missing(ADDRESS))?
        .map_err(|(field, what)| field.expected(a, what))?;
    legacy = legacy.union(forms);

    let (port, port_value) = f.next_number().ok_or_else(|| missing(PORT))?;
    let port_value = port_number(a, port, port_value)?;

    const TYP: &str = "`typ`";
    let typ_kw = f.next().ok_or_else(|| missing(TYP))?;
    if !typ_kw.is_word(text, "typ") {
        return Err(typ_kw.expected(a, TYP));
    }
    const CAND_TYPE: &str = "a candidate type (`host`, `srflx`, `prflx`, `relay` or a token)";
    let typ = f.next().ok_or_else(|| missing(CAND_TYPE))?;
    if !typ.is(class::TOKEN) {
        return Err(typ.expected(a, CAND_TYPE));
    }

    let mut next = f.next();
    let mut related_address = None;
    if let Some(kw) = next.and_then(|t| t.is_word(text, "raddr").then_some(t)) {
        const RADDR: &str = "a related address after `raddr` (IP address or host name)";
        let (addr, forms) = f
            .next_address()
            .ok_or_else(|| kw.expected(a, RADDR))?
            .map_err(|(field, what)| field.expected(a, what))?;
        legacy = legacy.union(forms);
        related_address = Some(addr.tok(a));
        next = f.next();
    }
    let mut related_port = None;
    let mut related_port_value = None;
    if let Some(kw) = next.and_then(|t| t.is_word(text, "rport").then_some(t)) {
        const RPORT: &str = "a related port after `rport` (0-65535)";
        let (p, value) = f.next_number().ok_or_else(|| kw.expected(a, RPORT))?;
        related_port_value = Some(port_number(a, p, value)?);
        related_port = Some(p.tok(a));
        next = f.next();
    }

    let ext_start = f.last_end;
    let mut ext_range = (ext_start, ext_start);
    let mut pairs = 0usize;
    while let Some(name) = next {
        if pairs >= max_extension_pairs {
            return Err(name.expected(a, TOO_MANY_EXTENSIONS));
        }
        if !name.is(class::TOKEN) {
            return Err(name.expected(a, "an extension name (token)"));
        }
        let value = f
            .next()
            .ok_or_else(|| name.expected(a, "a value after this extension name"))?;
        if !value.is(class::VCHAR) {
            return Err(value.expected(a, "an extension value (visible ASCII)"));
        }
        if pairs == 0 {
            ext_range.0 = name.start;
        }
        ext_range.1 = value.end;
        pairs += 1;
        next = f.next();
    }
    let extensions = Field {
        start: ext_range.0,
        end: ext_range.1,
        class: 0,
    };

    if f.extra_spaces {
        legacy = legacy.union(LegacyForms::EXTRA_SPACES);
    }
    Ok(Candidate {
        foundation: foundation.tok(a),
        component: component.tok(a),
        component_id,
        transport: transport.tok(a),
        priority: priority.tok(a),
        priority_value,
        address: address.tok(a),
        port: port.tok(a),
        port_value,
        typ: typ.tok(a),
        related_address,
        related_port,
        related_port_value,
        extensions: extensions.tok(a),
        legacy,
    })
}

/// Parse a whole candidate attribute: `candidate:…`, optionally preceded by `a=` (as in an SDP
/// line, or `RTCIceCandidate.candidate` which has no `a=`).
pub fn parse_attribute<'a>(
    line: Anchor<'a>,
    max_extension_pairs: usize,
) -> Result<Candidate<'a>, Expected> {
    let text = line.text;
    let rest = text.strip_prefix("a=").unwrap_or(text);
    let value = rest
        .strip_prefix("candidate:")
        .ok_or_else(|| line.expected(rest.get(..0).unwrap_or_default(), "`candidate:`"))?;
    parse(Anchor::new(value, line.span_of(value)), max_extension_pairs)
}

const PORT: &str = "a port (0-65535)";

/// The port of a field read by [`Fields::next_number`].
fn port_number(a: &Anchor<'_>, field: Field, value: u64) -> Result<u16, Expected> {
    match value {
        0..=65535 if field.is(class::DIGIT) && field.len() <= 5 => Ok(value as u16),
        _ => Err(field.expected(a, PORT)),
    }
}

/// Check a connection address field of `text`, returning the legacy forms it uses or what was
/// expected.
///
/// The common shapes are decided from the field's byte classes without the full
/// classification (each agrees with [`classify_address`], which decides everything else): all
/// digits and dots is IPv4 or nothing; letters, digits, `-` and `.` (not all digits and dots)
/// is a host name up to 255 bytes; hex digits and `:` is a bare IPv6 address when
/// [`simple_ipv6`] reads it.
fn check_address(text: &str, field: Field) -> Result<LegacyForms, &'static str> {
    let bytes = text
        .as_bytes()
        .get(field.start..field.end)
        .unwrap_or_default();
    let common = if field.is(class::DIGIT_DOT) {
        dotted_quad(bytes).is_some()
    } else if field.is(class::HOST) {
        bytes.len() <= 255
    } else if field.is(class::HEX_COLON) {
        simple_ipv6(bytes).is_some()
    } else {
        false
    };
    if common {
        return Ok(LegacyForms::NONE);
    }
    classify_address(field.text(text)).map(|(_, legacy)| legacy)
}

/// Classify a connection address, or say what it should have been.
fn classify_address(text: &str) -> Result<(Address<'_>, LegacyForms), &'static str> {
    // The most common address, in one pass (it is what the IPv4 branch below accepts).
    if let Some(addr) = dotted_quad(text.as_bytes()) {
        return Ok((Address::Ipv4(addr), LegacyForms::NONE));
    }
    let mut legacy = LegacyForms::NONE;
    let inner = match text.strip_prefix('[') {
        Some(rest) => {
            legacy = legacy.union(LegacyForms::BRACKETED_IPV6);
            rest.strip_suffix(']')
                .ok_or("an IPv6 address (`[` without `]`)")?
        }
        None => text,
    };
    if inner.as_bytes().contains(&b':') {
        const IPV6: &str = "an IPv6 address";
        let split = inner.bytes().position(|b| b == b'%');
        let (addr, zone) = match split.map(|i| (&inner[..i], &inner[i + 1..])) {
            Some((addr, zone)) => {
                if zone.is_empty() || !zone.bytes().all(is_zone_char) {
                    return Err("an IPv6 address with a zone (letters, digits, `-._~`)");
                }
                legacy = legacy.union(LegacyForms::IPV6_ZONE);
                (addr, Some(zone))
            }
            None => (inner, None),
        };
        let addr = match simple_ipv6(addr.as_bytes()) {
            Some(a) => a,
            None => addr.parse().map_err(|_| IPV6)?,
        };
        return Ok((Address::Ipv6 { addr, zone }, legacy));
    }
    if !legacy.is_empty() {
        return Err("an IPv6 address in brackets");
    }
    if text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let addr: Ipv4Addr = text.parse().map_err(|_| "an IPv4 address")?;
        return Ok((Address::Ipv4(addr), legacy));
    }
    let host_ok = text.len() <= 255
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if !host_ok {
        return Err("a connection address (IP address or host name)");
    }
    let name = text.strip_suffix('.').unwrap_or(text);
    let is_mdns = name.len() > 6
        && name
            .get(name.len() - 6..)
            .is_some_and(|s| s.eq_ignore_ascii_case(".local"));
    Ok((
        if is_mdns {
            Address::Mdns(text)
        } else {
            Address::Fqdn(text)
        },
        legacy,
    ))
}

/// A strict dotted-quad IPv4 address (four decimal octets of 1 to 3 digits, at most 255,
/// no leading zero): the form [`Ipv4Addr`]'s parser accepts, without its generic machinery.
/// `None` for anything else, which the full classification then handles.
fn dotted_quad(b: &[u8]) -> Option<Ipv4Addr> {
    dotted_quad_field(b).and_then(|(addr, len)| (len == b.len()).then_some(addr))
}

/// A [`dotted_quad`] at the start of `b`, ending at the end of `b` or at an SP (so that a
/// candidate's address is read in the pass that splits it off): the address and its length.
#[inline]
fn dotted_quad_field(b: &[u8]) -> Option<(Ipv4Addr, usize)> {
    let digit = |i: usize| b.get(i).map(|c| c.wrapping_sub(b'0')).filter(|d| *d <= 9);
    let mut addr = 0u32;
    let mut i = 0;
    for k in 0..4 {
        if k > 0 {
            if b.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
        let mut octet = u32::from(digit(i)?);
        i += 1;
        // A leading 0 is the whole octet: a digit after it fails below, as not a `.`.
        if octet != 0 {
            if let Some(d) = digit(i) {
                octet = octet * 10 + u32::from(d);
                i += 1;
                if let Some(d) = digit(i) {
                    octet = octet * 10 + u32::from(d);
                    i += 1;
                    if octet > 255 {
                        return None;
                    }
                }
            }
        }
        addr = addr << 8 | octet;
    }
    // A fourth digit, or anything else glued to the address, is not a dotted quad.
    match b.get(i) {
        None | Some(b' ') => Some((Ipv4Addr::from(addr), i)),
        Some(_) => None,
    }
}

/// The value of each hex digit; 0xFF for any other byte.
const HEX: [u8; 256] = {
    let mut table = [0xFF; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => 0xFF,
        };
        i += 1;
    }
    table
};

/// An IPv6 address of hex groups only (RFC 4291 §2.2 forms 1 and 2: eight groups, or fewer
/// around one `::`), in one pass. `None` for anything else (an embedded IPv4 address, or not
/// an address), which [`Ipv6Addr`]'s parser then decides; both agree wherever this succeeds.
fn simple_ipv6(b: &[u8]) -> Option<Ipv6Addr> {
    simple_ipv6_field(b).and_then(|(addr, len)| (len == b.len()).then_some(addr))
}

/// A [`simple_ipv6`] address at the start of `b`, ending at the end of `b` or at an SP (so
/// that a candidate's address is read in the pass that splits it off): the address and its
/// length.
fn simple_ipv6_field(b: &[u8]) -> Option<(Ipv6Addr, usize)> {
    let at_end = |i: usize| b.get(i).is_none_or(|&c| c == b' ');
    // The groups before `::` (all of them when there is none) and after it, 16 bits each.
    let (mut head, mut tail) = (0u128, 0u128);
    let mut n = 0; // groups read
    let mut gap = None; // where `::` stands, in groups read before it
    let mut i = 0;
    if b.starts_with(b"::") {
        gap = Some(0);
        i = 2;
    }
    while !at_end(i) {
        let start = i;
        let mut v = 0u16;
        while i - start < 4 {
            let d = b.get(i).map_or(0xFF, |&c| HEX[usize::from(c)]);
            if d > 15 {
                break;
            }
            v = (v << 4) | u16::from(d);
            i += 1;
        }
        if i == start || n == 8 {
            return None;
        }
        if gap.is_some() {
            tail = (tail << 16) | u128::from(v);
        } else {
            head = (head << 16) | u128::from(v);
        }
        n += 1;
        if at_end(i) {
            break;
        }
        if b[i] != b':' {
            return None;
        }
        i += 1;
        if b.get(i) == Some(&b':') {
            if gap.is_some() {
                return None;
            }
            gap = Some(n);
            i += 1;
        } else if at_end(i) {
            return None; // a single trailing `:`
        }
    }
    let addr = match gap {
        None if n == 8 => head,
        // The groups before the gap move to the top; shifting out all 128 bits leaves nothing.
        Some(g) if n <= 7 => head.checked_shl(16 * (8 - g)).unwrap_or(0) | tail,
        _ => return None,
    };
    Some((Ipv6Addr::from(addr), i))
}

/// `ice-char = ALPHA / DIGIT / "+" / "/"`
const fn is_ice_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// RFC 8866 `token-char`.
const fn is_token_char(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x27 | 0x2A..=0x2B | 0x2D..=0x2E | 0x30..=0x39 | 0x41..=0x5A | 0x5E..=0x7E)
}

/// `VCHAR = %x21-7E`
const fn is_vchar(b: u8) -> bool {
    matches!(b, 0x21..=0x7E)
}

/// RFC 3986 `unreserved`, the characters of an RFC 6874 zone id.
fn is_zone_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// A non-empty run of ASCII digits (no sign), if it fits.
fn digits_u64(text: &str) -> Option<u64> {
    // Up to 19 digits cannot overflow: one pass without a branch per digit.
    if (1..=19).contains(&text.len()) {
        let mut n = 0u64;
        let mut bad = false;
        for b in text.bytes() {
            let d = b.wrapping_sub(b'0');
            bad |= d > 9;
            n = n.wrapping_mul(10).wrapping_add(u64::from(d));
        }
        return (!bad).then_some(n);
    }
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.bytes().try_fold(0u64, |acc, b| {
        acc.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

/// A non-empty run of ASCII digits (no sign), if it fits in a `u32`.
fn digits_u32(text: &str) -> Option<u32> {
    digits_u64(text).and_then(|v| u32::try_from(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    /// As if the value followed `a=candidate:` at the start of line 3 (offset 100).
    fn at(text: &str) -> Anchor<'_> {
        Anchor::new(
            text,
            Span {
                start: 112,
                end: 112 + text.len() as u32,
                line: 3,
                column: 13,
            },
        )
    }

    fn ok(text: &str) -> Candidate<'_> {
        match parse(at(text), DEFAULT_MAX_EXTENSION_PAIRS) {
            Ok(c) => c,
            Err(e) => panic!("{text:?}: expected {} at {:?}", e.expected, e.span),
        }
    }

    /// The error for `text`, as (column, length, expected).
    fn err(text: &str) -> (u32, usize, &'static str) {
        err_limit(text, DEFAULT_MAX_EXTENSION_PAIRS)
    }

    fn err_limit(text: &str, limit: usize) -> (u32, usize, &'static str) {
        match parse(at(text), limit) {
            Ok(c) => panic!("{text:?} parsed: {c:?}"),
            Err(e) => (e.span.column, e.span.len(), e.expected),
        }
    }

    /// Column (in `at`'s line) of the first occurrence of `needle` in `text`.
    fn col(text: &str, needle: &str) -> u32 {
        13 + text.find(needle).expect("needle in test text") as u32
    }

    // --- real candidates from this machine's lab runs (fixtures/real/*) ---

    #[test]
    fn aiortc_ipv4_host() {
        // fixtures/real/aiortc-basic/candidates.txt
        let s = "28d09117ed7be62fd2553196dd6100b6 1 udp 2130706431 10.99.0.1 37799 typ host";
        let c = ok(s);
        assert_eq!(c.foundation, "28d09117ed7be62fd2553196dd6100b6");
        assert_eq!(c.foundation.span.column, 13);
        assert_eq!(c.foundation.span.start, 112);
        assert_eq!(c.component_id, 1);
        assert_eq!(c.component.span.column, 46);
        assert_eq!(c.transport, "udp");
        assert_eq!(c.transport_kind(), Transport::Udp);
        assert_eq!(c.priority_value, 2_130_706_431);
        assert_eq!(c.address, "10.99.0.1");
        assert_eq!(c.address.span.column, col(s, "10.99"));
        assert_eq!(c.address_kind(), Address::Ipv4(Ipv4Addr::new(10, 99, 0, 1)));
        assert_eq!(c.port_value, 37799);
        assert_eq!(c.typ, "host");
        assert_eq!(c.typ.span.column, col(s, "host"));
        assert_eq!(c.candidate_type(), CandidateType::Host);
        assert_eq!(c.related_address, None);
        assert_eq!(c.related_port_value, None);
        assert_eq!(c.extensions, "");
        assert_eq!(c.extensions.span.start as usize, 112 + s.len());
        assert_eq!(c.extensions().count(), 0);
        assert_eq!(c.generation(), None);
        assert_eq!(c.legacy_form(), None);
        assert_eq!(c.to_string(), s);
    }

    #[test]
    fn aiortc_ipv6_host() {
        let s = "82fcc9fb029edd0aae07449ce8fa93e5 1 udp 2130706431 fd99::2 51521 typ host";
        let c = ok(s);
        assert_eq!(
            c.address_kind(),
            Address::Ipv6 {
                addr: "fd99::2".parse().unwrap(),
                zone: None
            }
        );
        assert_eq!(c.port_value, 51521);
        assert_eq!(c.to_string(), s);
    }

    #[test]
    fn node_datachannel_host() {
        // fixtures/real/ndc-basic/candidates.txt (libjuice writes `UDP` in capitals)
        let s = "2 1 UDP 2116026111 fd99::1 34914 typ host";
        let c = ok(s);
        assert_eq!(c.foundation, "2");
        assert_eq!(c.transport, "UDP");
        assert_eq!(c.transport_kind(), Transport::Udp);
        assert_eq!(c.priority_value, 2_116_026_111);
        assert_eq!(c.port.span.column, col(s, "34914"));
        assert_eq!(c.to_string(), s);
        let s = "1 1 UDP 2114977791 10.99.0.2 53667 typ host";
        assert_eq!(
            ok(s).address_kind(),
            Address::Ipv4(Ipv4Addr::new(10, 99, 0, 2))
        );
    }

    /// Every candidate line of every `candidates.txt` under fixtures/real/ parses, and writes
    /// back as it was. Handles the three layouts there: bare `candidate:…` lines (aiortc,
    /// node-datachannel), `mid<TAB>a=candidate:…` (node-datachannel trickle), and the browser
    /// runs' `t<TAB>mid<TAB>index<TAB>ufrag<TAB>candidate:…`.
    #[test]
    fn dotted_quads_agree_with_the_standard_parser() {
        for t in [
            "10.99.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3",
            "1.2.3.4.",
            "1.2.3.4.5",
            "1..3.4",
            "1.2.3.0004",
            "192.168.001.1",
            "",
            ".",
            "1.2.3.4a",
            "99.100.0.10",
        ] {
            let std = t.parse::<Ipv4Addr>().ok();
            match dotted_quad(t.as_bytes()) {
                Some(a) => assert_eq!(std, Some(a), "{t}"),
                None => assert!(std.is_none() || t.len() > 15, "{t}: {std:?}"),
            }
        }
    }

    #[test]
    fn address_fast_paths_agree_with_the_full_classification() {
        // `check_address` decides the common shapes from the field's byte classes; the full
        // classification must give the same verdict (and legacy forms) for every shape.
        let long = format!("{}.local", "a".repeat(249));
        let too_long = format!("{}.local", "a".repeat(250));
        for t in [
            "10.99.0.1",
            "010.0.0.1",
            "1.2.3",
            "1.2.3.4.",
            "256.0.0.1",
            "0.0.0.0",
            "fd99::1",
            "FD99::AB",
            "::",
            "1::2::3",
            "12345::",
            "abcd",
            "abcd:",
            "ab:cd",
            "::ffff:1.2.3.4",
            "fe80::1%eth0",
            "[::1]",
            "a.local",
            "A-B.example.",
            "-",
            ".",
            "host_name",
            &long,
            &too_long,
        ] {
            let text = format!("x 1 udp 1 {t} 9 typ host");
            let got = parse(at(&text), DEFAULT_MAX_EXTENSION_PAIRS);
            match (got, classify_address(t)) {
                (Ok(c), Ok((_, legacy))) => assert_eq!(c.legacy, legacy, "{t}"),
                (Err(e), Err(what)) => assert_eq!(e.expected, what, "{t}"),
                (got, want) => panic!("{t}: parse {got:?}, classification {want:?}"),
            }
        }
    }

    #[test]
    fn simple_ipv6_agrees_with_the_standard_parser() {
        let check = |t: &str| {
            if let Some(a) = simple_ipv6(t.as_bytes()) {
                assert_eq!(t.parse::<Ipv6Addr>().ok(), Some(a), "{t}");
            }
        };
        for t in [
            "fd99::1",
            "::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8::",
            "1::2::3",
            ":1",
            "1:",
            "1:::2",
            "12345::",
            "FFFF::abcd",
            "2001:db8::ff00:42:8329",
            "::ffff:1.2.3.4",
            "fe80::1%eth0",
        ] {
            check(t);
        }
        for t in ["fd99::1", "::", "2001:db8::ff00:42:8329", "1:2:3:4:5:6:7:8"] {
            assert!(simple_ipv6(t.as_bytes()).is_some(), "{t}");
        }
        // Random strings over the address alphabet.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let alphabet = b"0123456789abcdefABCDEF:::::.%g";
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 24) as usize;
            let t: String = (0..len)
                .map(|k| {
                    alphabet[((seed >> (k % 8 * 8)) as usize + k * 7) % alphabet.len()] as char
                })
                .collect();
            check(&t);
        }
    }

    #[test]
    fn every_fixture_candidate_parses_and_round_trips() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real");
        let mut files = Vec::new();
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.file_name().is_some_and(|n| n == "candidates.txt") {
                    files.push(p);
                }
            }
        }
        let mut seen = 0;
        for f in &files {
            let body = std::fs::read_to_string(f).unwrap();
            for line in body.lines().filter(|l| !l.starts_with('#')) {
                let Some(i) = line.find("candidate:") else {
                    continue;
                };
                let attr = &line[i..];
                let c = parse_attribute(at(attr), DEFAULT_MAX_EXTENSION_PAIRS)
                    .unwrap_or_else(|e| panic!("{}: {attr:?}: {e:?}", f.display()));
                assert_eq!(format!("candidate:{c}"), attr, "{}", f.display());
                assert!(c.legacy.is_empty(), "{attr}");
                if c.transport_kind() == Transport::Tcp {
                    assert!(c.tcptype().is_some(), "{attr}");
                }
                if c.candidate_type() != CandidateType::Host {
                    assert!(c.related_address.is_some(), "{attr}");
                }
                seen += 1;
            }
        }
        assert!(seen >= 16, "only {seen} candidates in {files:?}");
    }

    // --- shapes that browsers write (synthetic: written for this test in their format) ---

    #[test]
    fn chrome_style_host_with_extensions() {
        let s = "3364224433 1 udp 2122260223 10.99.0.1 50999 typ host generation 0 \
                 ufrag Xk2b network-id 1 network-cost 10";
        let c = ok(s);
        assert_eq!(c.foundation, "3364224433");
        assert_eq!(c.generation(), Some(0));
        let u = c.ufrag().unwrap();
        assert_eq!(u, "Xk2b");
        assert_eq!(u.span.column, col(s, "Xk2b"));
        assert_eq!(c.network_id(), Some(1));
        assert_eq!(c.network_cost(), Some(10));
        assert_eq!(c.tcptype(), None);
        assert_eq!(c.extensions.span.column, col(s, "generation"));
        assert_eq!(
            c.extensions.text,
            "generation 0 ufrag Xk2b network-id 1 network-cost 10"
        );
        let names: Vec<_> = c.extensions().map(|(n, v)| (n.text, v.text)).collect();
        assert_eq!(
            names,
            [
                ("generation".into(), "0".into()),
                ("ufrag".into(), "Xk2b".into()),
                ("network-id".into(), "1".into()),
                ("network-cost".into(), "10".into())
            ]
        );
        let (n, v) = c.extensions().nth(2).unwrap();
        assert_eq!(n.span.column, col(s, "network-id"));
        assert_eq!(n.span.start, 112 + s.find("network-id").unwrap() as u32);
        assert_eq!(v.span.column, col(s, "1 network-cost"));
        assert_eq!(c.to_string(), s);
    }

    #[test]
    fn chrome_style_tcp_candidates() {
        for (s, t) in [
            (
                "1284567 1 tcp 1518280447 10.99.0.1 9 typ host tcptype active generation 0",
                TcpType::Active,
            ),
            (
                "1284568 1 tcp 1518280447 10.99.0.1 43001 typ host tcptype passive",
                TcpType::Passive,
            ),
            (
                "5 1 TCP 1015022079 10.99.0.1 9 typ host tcptype so",
                TcpType::So,
            ),
        ] {
            let c = ok(s);
            assert_eq!(c.transport_kind(), Transport::Tcp);
            assert_eq!(c.tcptype(), Some(t));
            assert_eq!(c.to_string(), s);
        }
        let c = ok("1 1 tcp 1 10.0.0.1 9 typ host tcptype bogus");
        assert_eq!(c.tcptype(), None);
        assert_eq!(c.extension("tcptype").unwrap(), "bogus");
        let c = ok("1 1 ssltcp 1 10.0.0.1 443 typ relay raddr 1.2.3.4 rport 5");
        assert_eq!(c.transport_kind(), Transport::Ssltcp);
        assert_eq!(
            ok("1 1 sctp 1 10.0.0.1 9 typ host").transport_kind(),
            Transport::Other
        );
    }

    #[test]
    fn mdns_host_and_hidden_srflx() {
        let s = "2245719213 1 udp 2113937151 1f3bd06a-0a4b-4a57-9c9c-2c0d7e1f5b21.local 54321 \
                 typ host generation 0 network-cost 999";
        let c = ok(s);
        assert_eq!(
            c.address_kind(),
            Address::Mdns("1f3bd06a-0a4b-4a57-9c9c-2c0d7e1f5b21.local")
        );
        assert!(!c.address_kind().is_ip());
        assert_eq!(c.network_cost(), Some(999));
        // Chrome's srflx with the base hidden: raddr 0.0.0.0 rport 0 (RFC 8839 says port 9).
        let s = "842163049 1 udp 1677729535 198.51.100.7 61000 typ srflx raddr 0.0.0.0 rport 0 \
                 generation 0 network-cost 999";
        let c = ok(s);
        assert_eq!(c.candidate_type(), CandidateType::Srflx);
        let ra = c.related_address.as_ref().unwrap();
        assert_eq!(ra, "0.0.0.0");
        assert_eq!(ra.span.column, col(s, "0.0.0.0"));
        assert_eq!(
            c.related_address_kind(),
            Some(Address::Ipv4(Ipv4Addr::UNSPECIFIED))
        );
        assert_eq!(c.related_port_value, Some(0));
        assert_eq!(
            c.related_port.as_ref().unwrap().span.column,
            col(s, "0 generation")
        );
        assert_eq!(c.extensions.text, "generation 0 network-cost 999");
        assert_eq!(c.to_string(), s);
        let c = ok("1 1 udp 1 198.51.100.7 9 typ srflx raddr 0.0.0.0 rport 9");
        assert_eq!((c.port_value, c.related_port_value), (9, Some(9)));
        assert_eq!(
            ok("a 1 udp 1 Host.Example.LOCAL. 9 typ host").address_kind(),
            Address::Mdns("Host.Example.LOCAL.")
        );
        assert_eq!(
            ok("a 1 udp 1 turn.example.com 3478 typ relay").address_kind(),
            Address::Fqdn("turn.example.com")
        );
        assert_eq!(
            ok("a 1 udp 1 .local 9 typ host").address_kind(),
            Address::Fqdn(".local")
        );
    }

    // --- RFC 8839 / RFC 6544 examples ---

    #[test]
    fn rfc8839_examples() {
        // RFC 8839 §5.1 example (a host and a server reflexive candidate).
        let s = "1 1 UDP 2130706431 203.0.113.141 8998 typ host";
        assert_eq!(ok(s).to_string(), s);
        let s = "2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998";
        let c = ok(s);
        assert_eq!(c.related_address.as_ref().unwrap(), "203.0.113.141");
        assert_eq!(c.related_port_value, Some(8998));
        assert_eq!(c.to_string(), s);
        // An RFC 6544 active TCP candidate (port 9: active candidates have no listening port).
        let s = "2 1 TCP 2105458943 192.0.2.3 9 typ host tcptype active";
        assert_eq!(ok(s).tcptype(), Some(TcpType::Active));
        // ice-char includes '+' and '/'.
        assert_eq!(ok("a+/Z9 2 UDP 1 ::1 9 typ host").component_id, 2);
    }

    #[test]
    fn literals_any_case_and_relay() {
        let c = ok("x 1 UDP 1 192.0.2.1 9 TYP RELAY RADDR 10.0.0.1 RPORT 4");
        assert_eq!(c.candidate_type(), CandidateType::Relay);
        assert_eq!(c.related_port_value, Some(4));
        assert_eq!(
            c.to_string(),
            "x 1 UDP 1 192.0.2.1 9 typ RELAY raddr 10.0.0.1 rport 4"
        );
        assert_eq!(
            ok("x 1 udp 1 ::1 9 typ prflx").candidate_type(),
            CandidateType::Prflx
        );
        assert_eq!(
            ok("x 1 udp 1 ::1 9 typ weird").candidate_type(),
            CandidateType::Other
        );
    }

    #[test]
    fn raddr_or_rport_alone_is_grammatical() {
        let c = ok("x 1 udp 1 192.0.2.1 9 typ srflx raddr 10.0.0.1");
        assert_eq!(c.related_port, None);
        assert!(c.legacy.is_empty());
        let c = ok("x 1 udp 1 192.0.2.1 9 typ srflx rport 7 generation 1");
        assert_eq!(c.related_address, None);
        assert_eq!(c.related_port_value, Some(7));
        assert_eq!(c.generation(), Some(1));
        assert_eq!(
            c.to_string(),
            "x 1 udp 1 192.0.2.1 9 typ srflx rport 7 generation 1"
        );
    }

    #[test]
    fn priority_beyond_u32_is_kept() {
        let c = ok("x 1 udp 9999999999 192.0.2.1 9 typ host");
        assert_eq!(c.priority_value, 9_999_999_999);
        assert_eq!(ok("x 1 udp 0 192.0.2.1 9 typ host").priority_value, 0);
    }

    // --- leniency ---

    #[test]
    fn extra_spaces_are_accepted_and_reported() {
        let s = "  x  1 udp 1   192.0.2.1 9 typ host  generation   0  ";
        let c = ok(s);
        assert!(c.legacy.contains(LegacyForms::EXTRA_SPACES));
        assert!(c.legacy_form().unwrap().contains("more than one space"));
        assert_eq!(c.foundation.span.column, 15);
        assert_eq!(c.address.span.column, col(s, "192"));
        assert_eq!(c.extensions.text, "generation   0");
        assert_eq!(c.generation(), Some(0));
        assert_eq!(c.to_string(), "x 1 udp 1 192.0.2.1 9 typ host generation 0");
        // Only a trailing space is enough.
        assert_eq!(
            ok("x 1 udp 1 ::1 9 typ host ").legacy,
            LegacyForms::EXTRA_SPACES
        );
        // One SP too many anywhere, after any kind of field (token, number, IPv4 address), is
        // enough; exactly one SP between fields is not reported.
        for s in [
            " x 1 udp 1 ::1 9 typ host",
            "x 1  udp 1 ::1 9 typ host",
            "x 1 udp 1  ::1 9 typ host",
            "x 1 udp 1 10.0.0.1  9 typ host",
            "x 1 udp 1 ::1 9 typ srflx raddr 10.0.0.1 rport 9 ",
            "x 1 udp 1 ::1 9 typ srflx raddr 10.0.0.1 ",
        ] {
            assert_eq!(ok(s).legacy, LegacyForms::EXTRA_SPACES, "{s:?}");
        }
        let s = "x 1 udp 1 10.0.0.1 9 typ srflx raddr 10.0.0.1 rport 9 generation 0";
        assert_eq!(ok(s).legacy, LegacyForms::NONE);
        // Without extension pairs, the (empty) extensions token sits at the end of the last
        // field, not after the trailing spaces.
        let s = "x 1 udp 1 ::1 9 typ host  ";
        let c = ok(s);
        assert_eq!(c.extensions.span.column, col(s, "host") + 4);
        assert!(c.extensions.span.is_empty());
    }

    #[test]
    fn legacy_component_and_ipv6_forms() {
        let c = ok("x 00002 udp 1 192.0.2.1 9 typ host");
        assert_eq!(c.component_id, 2);
        assert_eq!(c.legacy, LegacyForms::LONG_COMPONENT_ID);
        assert!(c.legacy_form().unwrap().contains("RFC 5245"));
        let c = ok("x 1 udp 1 fe80::1%eth0 9 typ host");
        assert_eq!(
            c.address_kind(),
            Address::Ipv6 {
                addr: "fe80::1".parse().unwrap(),
                zone: Some("eth0")
            }
        );
        assert_eq!(c.legacy, LegacyForms::IPV6_ZONE);
        let c = ok("x 1 udp 1 [fd99::1] 9 typ srflx raddr [fe80::2%3] rport 1");
        assert!(c.legacy.contains(LegacyForms::BRACKETED_IPV6));
        assert!(c.legacy.contains(LegacyForms::IPV6_ZONE));
        assert_eq!(c.legacy.descriptions().count(), 2);
        assert_eq!(
            c.related_address_kind(),
            Some(Address::Ipv6 {
                addr: "fe80::2".parse().unwrap(),
                zone: Some("3")
            })
        );
        assert_eq!(
            c.to_string(),
            "x 1 udp 1 [fd99::1] 9 typ srflx raddr [fe80::2%3] rport 1"
        );
    }

    // --- errors: exact place and what was expected ---

    #[test]
    fn empty_and_blank() {
        assert_eq!(
            err(""),
            (13, 0, "a foundation (1-32 letters, digits, `+` or `/`)")
        );
        assert_eq!(
            err("   "),
            (16, 0, "a foundation (1-32 letters, digits, `+` or `/`)")
        );
    }

    #[test]
    fn missing_fields_point_at_the_end() {
        let s = "x 1 udp";
        assert_eq!(err(s), (20, 0, "a priority (1-10 digits)"));
        let s = "x 1 udp 1 192.0.2.1 9";
        assert_eq!(err(s), (13 + s.len() as u32, 0, "`typ`"));
        let s = "x 1 udp 1 192.0.2.1 9 typ";
        assert_eq!(err(s).0, 13 + s.len() as u32);
        assert!(err(s).2.starts_with("a candidate type"));
    }

    #[test]
    fn missing_typ_points_at_the_type() {
        let s = "x 1 udp 1 192.0.2.1 9 host";
        assert_eq!(err(s), (col(s, "host"), 4, "`typ`"));
    }

    #[test]
    fn bad_ports() {
        let s = "x 1 udp 1 192.0.2.1 70000 typ host";
        assert_eq!(err(s), (col(s, "70000"), 5, "a port (0-65535)"));
        let s = "x 1 udp 1 192.0.2.1 000080 typ host";
        assert_eq!(err(s), (col(s, "000080"), 6, "a port (0-65535)"));
        let s = "x 1 udp 1 192.0.2.1 -1 typ host";
        assert_eq!(err(s), (col(s, "-1"), 2, "a port (0-65535)"));
        let s = "x 1 udp 1 192.0.2.1 9 typ srflx raddr 10.0.0.1 rport 65536";
        assert_eq!(err(s), (col(s, "65536"), 5, "a port (0-65535)"));
        let s = "x 1 udp 1 192.0.2.1 9 typ srflx raddr 10.0.0.1 rport";
        assert_eq!(
            err(s),
            (col(s, "rport"), 5, "a related port after `rport` (0-65535)")
        );
    }

    #[test]
    fn bad_priority_component_foundation_transport() {
        let s = "x 1 udp 12a4 192.0.2.1 9 typ host";
        assert_eq!(err(s), (col(s, "12a4"), 4, "a priority (1-10 digits)"));
        let s = "x 1 udp 12345678901 192.0.2.1 9 typ host";
        assert_eq!(err(s), (col(s, "123"), 11, "a priority (1-10 digits)"));
        let s = "x 1 udp +5 192.0.2.1 9 typ host";
        assert_eq!(err(s), (col(s, "+5"), 2, "a priority (1-10 digits)"));
        for comp in ["0", "257", "999999", "a", "-1"] {
            let s = format!("x {comp} udp 1 192.0.2.1 9 typ host");
            assert_eq!(
                err(&s),
                (15, comp.len(), "a component id (1-256)"),
                "{comp}"
            );
        }
        let long = "a".repeat(33);
        let s = format!("{long} 1 udp 1 192.0.2.1 9 typ host");
        assert_eq!(err(&s).0..err(&s).1 as u32, 13..33);
        assert_eq!(ok(&s[1..]).foundation.len(), 32);
        let s = "ab_c 1 udp 1 192.0.2.1 9 typ host";
        assert_eq!(err(s).0, 13);
        let s = "x 1 u(p 1 192.0.2.1 9 typ host";
        assert_eq!(
            err(s),
            (
                col(s, "u(p"),
                3,
                "a transport (`UDP`, `TCP` or another token)"
            )
        );
    }

    #[test]
    fn bad_addresses() {
        for (addr, what) in [
            ("10.99.0.256", "an IPv4 address"),
            ("10.99.0", "an IPv4 address"),
            ("010.0.0.1", "an IPv4 address"),
            ("fd99:::1", "an IPv6 address"),
            (
                "fe80::1%",
                "an IPv6 address with a zone (letters, digits, `-._~`)",
            ),
            ("[fd99::1", "an IPv6 address (`[` without `]`)"),
            ("[10.0.0.1]", "an IPv6 address in brackets"),
            (
                "host_name",
                "a connection address (IP address or host name)",
            ),
            (
                "héte.local",
                "a connection address (IP address or host name)",
            ),
        ] {
            let s = format!("x 1 udp 1 {addr} 9 typ host");
            assert_eq!(err(&s), (23, addr.len(), what), "{addr}");
            let s = format!("x 1 udp 1 ::1 9 typ srflx raddr {addr} rport 0");
            assert_eq!(err(&s), (col(&s, addr), addr.len(), what), "{addr}");
        }
        let s = "x 1 udp 1 ::1 9 typ srflx raddr";
        assert_eq!(err(s).0, col(s, "raddr"));
    }

    #[test]
    fn odd_extension_pairs() {
        let s = "x 1 udp 1 192.0.2.1 9 typ host generation 0 ufrag";
        assert_eq!(
            err(s),
            (col(s, "ufrag"), 5, "a value after this extension name")
        );
        let s = "x 1 udp 1 192.0.2.1 9 typ host generation";
        assert_eq!(
            err(s),
            (col(s, "gen"), 10, "a value after this extension name")
        );
        let s = "x 1 udp 1 192.0.2.1 9 typ host gen\"x 0";
        assert_eq!(err(s), (col(s, "gen"), 5, "an extension name (token)"));
        let s = "x 1 udp 1 192.0.2.1 9 typ host ufrag ab\u{7f}";
        assert_eq!(
            err(s),
            (col(s, "ab"), 3, "an extension value (visible ASCII)")
        );
        // A trailing CR (an SDP line split on LF only) is not part of any grammar.
        let s = "x 1 udp 1 192.0.2.1 9 typ host\r";
        assert_eq!(err(s).0, col(s, "host"));
    }

    #[test]
    fn extension_limit() {
        let mut s = String::from("x 1 udp 1 192.0.2.1 9 typ host");
        for i in 0..5_000 {
            s.push_str(&format!(" n{i} v"));
        }
        // 10,000 extension tokens, limit 64: the 65th name is the culprit.
        let e = parse(at(&s), 64).unwrap_err();
        assert_eq!(e.expected, TOO_MANY_EXTENSIONS);
        assert_eq!(e.span.column, col(&s, " n64 ") + 1);
        assert_eq!(e.span.len(), 3);
        // Exactly at the limit is fine; zero allows none.
        let c = parse(at(&s), 5_000).unwrap();
        assert_eq!(c.extensions().count(), 5_000);
        assert_eq!(c.extensions().last().unwrap().0, "n4999");
        assert_eq!(
            err_limit("x 1 udp 1 ::1 9 typ host a b", 0),
            (
                col("x 1 udp 1 ::1 9 typ host a b", "a b"),
                1,
                TOO_MANY_EXTENSIONS
            )
        );
        assert!(parse(at("x 1 udp 1 ::1 9 typ host"), 0).is_ok());
    }

    #[test]
    fn unicode_garbage() {
        let s = "ü∂ 1 udp 1 192.0.2.1 9 typ host";
        assert_eq!(
            err(s),
            (
                13,
                "ü∂".len(),
                "a foundation (1-32 letters, digits, `+` or `/`)"
            )
        );
        let s = "x 1 udp 1 192.0.2.1 9 typ hôst";
        assert_eq!(err(s).0, col(s, "hôst"));
        let s = "x 1 udp 1 192.0.2.1 9 typ host ufrag 🦀";
        assert_eq!(
            err(s),
            (col(s, "🦀"), 4, "an extension value (visible ASCII)")
        );
        let s = "x\u{a0}1 udp 1 192.0.2.1 9 typ host";
        assert_eq!(err(s).0, 13);
        // Arbitrary bytes never panic.
        let junk = "\u{0}\u{1} \u{feff}\t:::[]%% .local 99999999999 typ typ raddr rport";
        for i in 0..junk.len() {
            if let Some(t) = junk.get(i..) {
                let _ = parse(at(t), 4);
            }
        }
    }

    #[test]
    fn parse_attribute_prefixes() {
        let line = "a=candidate:1 1 UDP 2114977791 10.99.0.1 34914 typ host";
        let c = parse_attribute(
            Anchor::new(
                line,
                Span {
                    start: 0,
                    end: line.len() as u32,
                    line: 9,
                    column: 1,
                },
            ),
            8,
        )
        .unwrap();
        assert_eq!(c.foundation.span.column, 13);
        assert_eq!(c.foundation.span.line, 9);
        let c = parse_attribute(at("candidate:1 1 UDP 1 ::1 9 typ host"), 8).unwrap();
        assert_eq!(c.foundation.span.column, 23);
        let e = parse_attribute(at("a=cand:1"), 8).unwrap_err();
        assert_eq!(
            (e.span.column, e.span.len(), e.expected),
            (15, 0, "`candidate:`")
        );
    }

    #[test]
    fn display_round_trip() {
        for s in [
            "28d09117ed7be62fd2553196dd6100b6 1 udp 2130706431 10.99.0.1 37799 typ host",
            "1 1 UDP 2114977791 10.99.0.2 53667 typ host",
            "2 2 UDP 1694498814 192.0.2.3 45665 typ srflx raddr 203.0.113.141 rport 8999",
            "3 1 tcp 1518280447 10.99.0.1 9 typ host tcptype active generation 0 ufrag a network-id 1",
            "4 1 udp 25108735 192.0.2.9 3478 typ relay raddr 198.51.100.7 rport 61000 generation 0",
        ] {
            let c = ok(s);
            assert_eq!(c.to_string(), s);
            let again = c.to_string();
            assert_eq!(ok(&again), c, "re-parse gives the same model");
        }
    }

    #[test]
    fn into_owned_keeps_everything() {
        let s = String::from("5 1 udp 1 192.0.2.9 3478 typ relay raddr 10.0.0.1 rport 1 ufrag q");
        let q = col(&s, "q");
        let c = ok(&s);
        let owned: Candidate<'static> = c.clone().into_owned();
        drop(s);
        assert_eq!(owned.foundation, "5");
        assert_eq!(owned.related_address.as_ref().unwrap(), "10.0.0.1");
        assert_eq!(owned.ufrag().unwrap(), "q");
        assert_eq!(owned.ufrag().unwrap().span.column, q);
        assert!(matches!(owned.address.text, std::borrow::Cow::Owned(_)));
        assert_eq!(
            owned.to_string(),
            "5 1 udp 1 192.0.2.9 3478 typ relay raddr 10.0.0.1 rport 1 ufrag q"
        );
    }

    #[test]
    fn tokens_are_borrowed() {
        let s = "1 1 UDP 2114977791 10.99.0.2 53667 typ host generation 0";
        let c = ok(s);
        for t in [&c.foundation, &c.address, &c.typ, &c.extensions] {
            assert!(matches!(t.text, std::borrow::Cow::Borrowed(_)));
        }
    }

    #[test]
    fn json_shape() {
        let s = "9 1 tcp 1518280447 fd99::1 9 typ srflx raddr 0.0.0.0 rport 0 tcptype active";
        let v = serde_json::to_value(ok(s)).unwrap();
        assert_eq!(v["foundation"]["text"], "9");
        assert_eq!(v["foundation"]["span"]["column"], 13);
        assert_eq!(v["component_id"], 1);
        assert_eq!(v["transport_kind"], "tcp");
        assert_eq!(v["priority_value"], 1_518_280_447u64);
        assert_eq!(v["address_kind"]["kind"], "ipv6");
        assert_eq!(v["address_kind"]["addr"], "fd99::1");
        assert_eq!(v["address_kind"]["zone"], serde_json::Value::Null);
        assert_eq!(v["port_value"], 9);
        assert_eq!(v["candidate_type"], "srflx");
        assert_eq!(v["related_address"]["text"], "0.0.0.0");
        assert_eq!(v["related_address_kind"]["kind"], "ipv4");
        assert_eq!(v["related_port_value"], 0);
        assert_eq!(v["extensions"][0]["name"]["text"], "tcptype");
        assert_eq!(
            v["extensions"][0]["value"]["span"]["column"],
            col(s, "active")
        );
        assert_eq!(v["tcptype"], "active");
        assert_eq!(v["legacy_forms"], serde_json::json!([]));
        let v = serde_json::to_value(ok("x 1 udp 1 a.local 9 typ host")).unwrap();
        assert_eq!(
            v["address_kind"],
            serde_json::json!({"kind": "mdns", "name": "a.local"})
        );
        assert_eq!(v["related_address"], serde_json::Value::Null);
        assert_eq!(v["extensions"], serde_json::json!([]));
    }

    #[test]
    fn hand_built_address_is_unparsed_not_a_panic() {
        let mut c = ok("x 1 udp 1 192.0.2.1 9 typ host");
        c.address = Tok::new("not an address");
        assert_eq!(c.address_kind(), Address::Unparsed("not an address"));
        c.extensions = Tok::new("dangling");
        assert_eq!(c.extensions().count(), 0);
        assert_eq!(c.to_string(), "x 1 udp 1 not an address 9 typ host");
    }
}
