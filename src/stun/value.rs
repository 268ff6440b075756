//! Typed attribute values: [`AttributeValue`], one variant per attribute, decoded from and
//! encoded to the value bytes of an attribute (the part after its 4-byte header, without
//! padding).
//!
//! Byte-exactness: every field that RFC 8489 asks senders to zero and receivers to ignore
//! (the first byte of an address, reserved bits of ERROR-CODE, RFFU bytes…) is kept in the
//! typed value, so that encoding a decoded value gives back the same bytes.

use super::attributes::{AddressFamily, AttributeType, ErrorCode, PasswordAlgorithmId};
use super::error::{DecodeError, ErrorKind};
use super::header::{TransactionId, MAGIC_COOKIE};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// A transport address from MAPPED-ADDRESS, XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS,
/// XOR-RELAYED-ADDRESS, ALTERNATE-SERVER, RESPONSE-ORIGIN, OTHER-ADDRESS and the RFC 3489
/// address attributes (RFC 8489 §14.1, §14.2).
///
/// ```text
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0 0 0 0 0 0 0|    Family     |         (X-)Port              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          (X-)Address (32 bits or 128 bits)                    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// For the XOR attributes [`Address::ip`] and [`Address::port`] are the plain values (already
/// XOR-ed with the magic cookie and, for IPv6, the transaction ID).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Address {
    // IPv6 octets, or the IPv4 octets in the first four bytes (kept as bytes: an `IpAddr`
    // is unaligned, and copying it costs the decoder store-forwarding stalls).
    octets: [u8; 16],
    port: u16,
    v6: bool,
    reserved: u8,
}

impl Address {
    /// An address with a zero first byte.
    pub const fn new(addr: SocketAddr) -> Address {
        let (octets, v6) = match addr.ip() {
            IpAddr::V4(ip) => {
                let [a, b, c, d] = ip.octets();
                ([a, b, c, d, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], false)
            }
            IpAddr::V6(ip) => (ip.octets(), true),
        };
        Address {
            octets,
            port: addr.port(),
            v6,
            reserved: 0,
        }
    }

    /// The same address with another first byte (zero on the wire, RFC 8489 §14.1 "MUST be
    /// set to 0 and MUST be ignored"; kept so that encoding gives back the bytes).
    pub const fn with_reserved(self, reserved: u8) -> Address {
        Address { reserved, ..self }
    }

    /// The IP address (its family gives the family byte: 0x01 IPv4, 0x02 IPv6).
    pub fn ip(&self) -> IpAddr {
        if self.v6 {
            IpAddr::V6(Ipv6Addr::from(self.octets))
        } else {
            let [a, b, c, d, ..] = self.octets;
            IpAddr::V4(Ipv4Addr::new(a, b, c, d))
        }
    }

    /// The port.
    pub const fn port(&self) -> u16 {
        self.port
    }

    /// The first byte of the value.
    pub const fn reserved(&self) -> u8 {
        self.reserved
    }

    /// The address family.
    pub const fn family(&self) -> AddressFamily {
        if self.v6 {
            AddressFamily::IPV6
        } else {
            AddressFamily::IPV4
        }
    }

    /// The transport address.
    pub fn socket_addr(&self) -> SocketAddr {
        SocketAddr::new(self.ip(), self.port)
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Address")
            .field("addr", &self.socket_addr())
            .field("reserved", &self.reserved)
            .finish()
    }
}

/// ERROR-CODE (RFC 8489 §14.8): 21 reserved bits, class (3 bits), number (8 bits), reason
/// phrase (UTF-8, fewer than 128 characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ErrorCodeValue<'a> {
    /// `class * 100 + number`.
    pub code: ErrorCode,
    /// The reason phrase.
    pub reason: &'a str,
    /// The 21 reserved bits (zero on the wire).
    pub reserved: u32,
}

/// CHANNEL-NUMBER (RFC 8656 §18.1): the channel (0x4000–0x4FFF) and 16 RFFU bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChannelNumberValue {
    /// The channel number.
    pub channel: u16,
    /// "Reserved For Future Use", zero on the wire.
    pub rffu: u16,
}

/// REQUESTED-ADDRESS-FAMILY and ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.6, §18.11): a family
/// byte and 3 RFFU bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FamilyValue {
    /// The requested family.
    pub family: AddressFamily,
    /// RFFU bytes, zero on the wire.
    pub rffu: [u8; 3],
}

/// EVEN-PORT (RFC 8656 §18.7): one byte, the R bit (most significant) and 7 RFFU bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EvenPort(pub u8);

impl EvenPort {
    /// The R bit: also reserve the next higher port.
    pub const fn reserve(self) -> bool {
        self.0 & 0x80 != 0
    }
}

/// REQUESTED-TRANSPORT (RFC 8656 §18.8): IP protocol number (17 UDP; 6 TCP with RFC 6062)
/// and 3 RFFU bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RequestedTransport {
    /// IANA protocol number.
    pub protocol: u8,
    /// RFFU bytes, zero on the wire.
    pub rffu: [u8; 3],
}

/// RESPONSE-PORT (RFC 5780 §7.5): a port and 16 reserved bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResponsePort {
    /// The port to send the response to.
    pub port: u16,
    /// Reserved, zero on the wire.
    pub reserved: u16,
}

/// CHANGE-REQUEST (RFC 5780 §7.2): 32 bits of flags, A (0x4, change IP) and B (0x2, change
/// port); the other bits are zero on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChangeRequest(pub u32);

impl ChangeRequest {
    /// Flag A: answer from another IP address.
    pub const fn change_ip(self) -> bool {
        self.0 & 0x4 != 0
    }
    /// Flag B: answer from another port.
    pub const fn change_port(self) -> bool {
        self.0 & 0x2 != 0
    }
}

/// ICMP (RFC 8656 §18.13): 16 reserved bits, ICMP type, ICMP code and 32 bits of error data
/// (the MTU for "fragmentation needed" / "packet too big").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Icmp {
    /// Reserved, zero on the wire.
    pub reserved: u16,
    /// ICMP (or ICMPv6) type.
    pub icmp_type: u8,
    /// ICMP (or ICMPv6) code.
    pub icmp_code: u8,
    /// Error data.
    pub error_data: u32,
}

/// TRANSACTION_TRANSMIT_COUNTER (RFC 7982 §3): 16 reserved bits, then how many times the
/// request was sent (`requests`) and, in a response, how many responses to it were sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TransmitCounter {
    /// Reserved, zero on the wire.
    pub reserved: u16,
    /// Number of transmissions of the request ("Req").
    pub requests: u8,
    /// Number of transmissions of the response ("Resp"), 0 in a request.
    pub responses: u8,
}

/// ECN-CHECK STUN (RFC 6679 §7.2.2): 29 reserved bits, the ECN echo field ECF (2 bits) and
/// the V (valid) bit, least significant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EcnCheck(pub u32);

impl EcnCheck {
    /// V: whether `ecf` holds a value.
    pub const fn valid(self) -> bool {
        self.0 & 1 != 0
    }
    /// ECF: the two ECN bits echoed back.
    pub const fn ecf(self) -> u8 {
        ((self.0 >> 1) & 0b11) as u8
    }
}

/// GOOG-NETWORK-INFO (libwebrtc): the upper 16 bits are the network id, the lower 16 bits the
/// network cost of the interface the check was sent on (same meanings as the candidate
/// `network-id` / `network-cost` extensions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NetworkInfo {
    /// Network id.
    pub network_id: u16,
    /// Network cost (e.g. 10 wired, 50 Wi-Fi/unknown, 900 cellular).
    pub cost: u16,
}

/// A list of 16-bit values (UNKNOWN-ATTRIBUTES, GOOG-MISC-INFO), borrowed; an even number of
/// bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct U16List<'a>(&'a [u8]);

impl<'a> U16List<'a> {
    /// A list over `bytes`; `None` if the length is odd.
    pub fn new(bytes: &'a [u8]) -> Option<U16List<'a>> {
        bytes.len().is_multiple_of(2).then_some(U16List(bytes))
    }

    /// The values, in order.
    pub fn iter(&self) -> impl Iterator<Item = u16> + 'a {
        self.0
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.0.len() / 2
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.0
    }
}

/// One entry of PASSWORD-ALGORITHMS, or the value of PASSWORD-ALGORITHM (RFC 8489 §14.11,
/// §14.12): algorithm (16 bits), parameters length (16 bits, before padding), parameters,
/// padding to 4 bytes. Borrows the entry's bytes (validated).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PasswordAlgorithm<'a> {
    entry: &'a [u8],
}

const MD5_ENTRY: [u8; 4] = [0, 1, 0, 0];
const SHA256_ENTRY: [u8; 4] = [0, 2, 0, 0];

impl<'a> PasswordAlgorithm<'a> {
    /// An entry without parameters: MD5 or SHA-256 (the registered algorithms); `None` for
    /// others (build those with [`PasswordAlgorithm::parse`]).
    pub const fn new(algorithm: PasswordAlgorithmId) -> Option<PasswordAlgorithm<'static>> {
        match algorithm.0 {
            1 => Some(PasswordAlgorithm { entry: &MD5_ENTRY }),
            2 => Some(PasswordAlgorithm {
                entry: &SHA256_ENTRY,
            }),
            _ => None,
        }
    }

    /// Reads one entry that fills `entry` exactly (its padding included or left out).
    pub fn parse(entry: &'a [u8]) -> Option<PasswordAlgorithm<'a>> {
        match PasswordAlgorithm::parse_entry(entry) {
            Ok((p, used)) if used == entry.len() => Some(p),
            _ => None,
        }
    }

    fn head(&self) -> [u8; 4] {
        self.entry.first_chunk::<4>().copied().unwrap_or_default()
    }

    /// The algorithm.
    pub fn algorithm(&self) -> PasswordAlgorithmId {
        let h = self.head();
        PasswordAlgorithmId(u16::from_be_bytes([h[0], h[1]]))
    }

    /// Its parameters (empty for MD5 and SHA-256).
    pub fn params(&self) -> &'a [u8] {
        let h = self.head();
        let n = usize::from(u16::from_be_bytes([h[2], h[3]]));
        self.entry.get(4..4 + n).unwrap_or(&[])
    }

    /// The padding bytes after the parameters inside the value (0–3 bytes, zero on the wire;
    /// empty when the sender left them to the attribute padding).
    pub fn padding(&self) -> &'a [u8] {
        self.entry.get(4 + self.params().len()..).unwrap_or(&[])
    }

    /// The entry's bytes.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.entry
    }

    fn encode(&self, out: &mut Vec<u8>) {
        let params = self.params();
        out.extend_from_slice(&self.algorithm().0.to_be_bytes());
        out.extend_from_slice(&(params.len() as u16).to_be_bytes());
        out.extend_from_slice(params);
        out.extend_from_slice(self.padding());
    }

    /// Parses one entry at the start of `v`; returns it and the bytes it used, or (needed,
    /// available) bytes. The padding may be missing at the very end of `v`.
    fn parse_entry(v: &'a [u8]) -> Result<(PasswordAlgorithm<'a>, usize), (usize, usize)> {
        let Some(head) = v.first_chunk::<4>() else {
            return Err((4, v.len()));
        };
        let plen = usize::from(u16::from_be_bytes([head[2], head[3]]));
        if v.len() < 4 + plen {
            return Err((4 + plen, v.len()));
        }
        let pad = padding_len(plen);
        let rest = v.len() - 4 - plen;
        let used = if rest >= pad {
            4 + plen + pad
        } else if rest == 0 {
            4 + plen
        } else {
            return Err((4 + plen + pad, v.len()));
        };
        let entry = v.get(..used).unwrap_or(v);
        Ok((PasswordAlgorithm { entry }, used))
    }
}

/// PASSWORD-ALGORITHMS (RFC 8489 §14.11): the list of [`PasswordAlgorithm`] entries, borrowed
/// and validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PasswordAlgorithms<'a>(&'a [u8]);

impl<'a> PasswordAlgorithms<'a> {
    /// Validates a PASSWORD-ALGORITHMS value; on failure returns `(relative offset of the
    /// entry, bytes needed, bytes available)`.
    pub fn parse(value: &'a [u8]) -> Result<PasswordAlgorithms<'a>, (usize, usize, usize)> {
        let mut pos = 0;
        while pos < value.len() {
            let rest = value.get(pos..).unwrap_or(&[]);
            match PasswordAlgorithm::parse_entry(rest) {
                Ok((_, used)) => pos += used,
                Err((needed, available)) => return Err((pos, needed, available)),
            }
        }
        Ok(PasswordAlgorithms(value))
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl Iterator<Item = PasswordAlgorithm<'a>> + 'a {
        let mut rest = self.0;
        std::iter::from_fn(move || {
            let (entry, used) = PasswordAlgorithm::parse_entry(rest).ok()?;
            rest = rest.get(used..).unwrap_or(&[]);
            Some(entry)
        })
    }

    /// The value bytes.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.0
    }
}

/// The typed value of one attribute (RFC 8489 §14 and the specifications named on each
/// [`AttributeType`] constant).
///
/// Units: LIFETIME and CACHE-TIMEOUT in seconds; everything else as on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AttributeValue<'a> {
    /// MAPPED-ADDRESS (0x0001).
    MappedAddress(Address),
    /// RESPONSE-ADDRESS (0x0002, reserved; RFC 3489).
    ResponseAddress(Address),
    /// CHANGE-REQUEST (0x0003).
    ChangeRequest(ChangeRequest),
    /// SOURCE-ADDRESS (0x0004, reserved; RFC 3489).
    SourceAddress(Address),
    /// CHANGED-ADDRESS (0x0005, reserved; RFC 3489).
    ChangedAddress(Address),
    /// USERNAME (0x0006): UTF-8, < 513 bytes (not enforced); `receiver:sender` in ICE.
    Username(&'a str),
    /// MESSAGE-INTEGRITY (0x0008): the 20-byte HMAC-SHA1.
    MessageIntegrity(&'a [u8; 20]),
    /// ERROR-CODE (0x0009, RFC 8489 §14.8): 21 reserved bits, class (3 bits), number
    /// (8 bits), reason phrase. (Fields inline, not an [`ErrorCodeValue`], so that the enum
    /// stays 24 bytes.)
    ErrorCode {
        /// `class * 100 + number`.
        code: ErrorCode,
        /// The reason phrase (UTF-8, fewer than 128 characters).
        reason: &'a str,
        /// The 21 reserved bits (zero on the wire).
        reserved: u32,
    },
    /// UNKNOWN-ATTRIBUTES (0x000A): attribute types.
    UnknownAttributes(U16List<'a>),
    /// REFLECTED-FROM (0x000B, reserved; RFC 3489).
    ReflectedFrom(Address),
    /// CHANNEL-NUMBER (0x000C).
    ChannelNumber(ChannelNumberValue),
    /// LIFETIME (0x000D), seconds.
    Lifetime(u32),
    /// XOR-PEER-ADDRESS (0x0012).
    XorPeerAddress(Address),
    /// DATA (0x0013): application data.
    Data(&'a [u8]),
    /// REALM (0x0014): UTF-8.
    Realm(&'a str),
    /// NONCE (0x0015): UTF-8; see [`nonce_cookie`].
    Nonce(&'a str),
    /// XOR-RELAYED-ADDRESS (0x0016).
    XorRelayedAddress(Address),
    /// REQUESTED-ADDRESS-FAMILY (0x0017).
    RequestedAddressFamily(FamilyValue),
    /// EVEN-PORT (0x0018).
    EvenPort(EvenPort),
    /// REQUESTED-TRANSPORT (0x0019).
    RequestedTransport(RequestedTransport),
    /// DONT-FRAGMENT (0x001A): no value.
    DontFragment,
    /// ACCESS-TOKEN (0x001B): the token, opaque here (RFC 7635 §6.2).
    AccessToken(&'a [u8]),
    /// MESSAGE-INTEGRITY-SHA256 (0x001C): 16–32 bytes, a multiple of 4.
    MessageIntegritySha256(&'a [u8]),
    /// PASSWORD-ALGORITHM (0x001D).
    PasswordAlgorithm(PasswordAlgorithm<'a>),
    /// USERHASH (0x001E): 32 bytes.
    Userhash(&'a [u8; 32]),
    /// XOR-MAPPED-ADDRESS (0x0020).
    XorMappedAddress(Address),
    /// RESERVATION-TOKEN (0x0022): 8 bytes.
    ReservationToken(&'a [u8; 8]),
    /// PRIORITY (0x0024).
    Priority(u32),
    /// USE-CANDIDATE (0x0025): no value.
    UseCandidate,
    /// PADDING (0x0026): the padding bytes.
    Padding(&'a [u8]),
    /// RESPONSE-PORT (0x0027).
    ResponsePort(ResponsePort),
    /// CONNECTION-ID (0x002A).
    ConnectionId(u32),
    /// ADDITIONAL-ADDRESS-FAMILY (0x8000).
    AdditionalAddressFamily(FamilyValue),
    /// ADDRESS-ERROR-CODE (0x8001, RFC 8656 §18.12): family (8 bits), 13 reserved bits,
    /// class (3 bits), number (8 bits) and a reason phrase.
    AddressErrorCode {
        /// The family the error is about.
        family: AddressFamily,
        /// `class * 100 + number`.
        code: ErrorCode,
        /// The reason phrase.
        reason: &'a str,
        /// The 13 reserved bits.
        reserved: u16,
    },
    /// PASSWORD-ALGORITHMS (0x8002).
    PasswordAlgorithms(PasswordAlgorithms<'a>),
    /// ALTERNATE-DOMAIN (0x8003): UTF-8 domain name.
    AlternateDomain(&'a str),
    /// ICMP (0x8004).
    Icmp(Icmp),
    /// SOFTWARE (0x8022): UTF-8.
    Software(&'a str),
    /// ALTERNATE-SERVER (0x8023).
    AlternateServer(Address),
    /// TRANSACTION_TRANSMIT_COUNTER (0x8025).
    TransactionTransmitCounter(TransmitCounter),
    /// CACHE-TIMEOUT (0x8027), seconds.
    CacheTimeout(u32),
    /// FINGERPRINT (0x8028): the CRC-32 XOR 0x5354554E as sent.
    Fingerprint(u32),
    /// ICE-CONTROLLED (0x8029): the tie-breaker.
    IceControlled(u64),
    /// ICE-CONTROLLING (0x802A): the tie-breaker.
    IceControlling(u64),
    /// RESPONSE-ORIGIN (0x802B).
    ResponseOrigin(Address),
    /// OTHER-ADDRESS (0x802C).
    OtherAddress(Address),
    /// ECN-CHECK STUN (0x802D).
    EcnCheck(EcnCheck),
    /// THIRD-PARTY-AUTHORIZATION (0x802E): UTF-8 server name.
    ThirdPartyAuthorization(&'a str),
    /// ORIGIN (0x802F, unregistered): UTF-8 origin.
    Origin(&'a str),
    /// MOBILITY-TICKET (0x8030): opaque ticket.
    MobilityTicket(&'a [u8]),
    /// 0xC001 with a 4-byte value: libwebrtc's NOMINATION (IANA: ENF-FLOW-DESCRIPTION).
    Nomination(u32),
    /// GOOG-NETWORK-INFO (0xC057) with a 4-byte value.
    GoogNetworkInfo(NetworkInfo),
    /// GOOG-LAST-ICE-CHECK-RECEIVED (0xC058): a transaction ID, opaque here.
    GoogLastIceCheckReceived(&'a [u8]),
    /// GOOG-MISC-INFO (0xC059) with an even length: 16-bit values.
    GoogMiscInfo(U16List<'a>),
    /// GOOG-DELTA-ACK (0xC05D) with an 8-byte value: the acknowledged version.
    GoogDeltaAck(u64),
    /// GOOG-MESSAGE-INTEGRITY-32 (0xC060) with a 4-byte value.
    GoogMessageIntegrity32(&'a [u8; 4]),
    /// RETRANSMIT-COUNT (0xFF00, libwebrtc) with a 4-byte value.
    RetransmitCount(u32),
    /// An attribute kept as bytes: an unknown type; a vendor attribute whose value is opaque
    /// (GOOG-DELTA, META-DTLS-IN-STUN, CISCO-…, PASSWORD) or does not have the shape its type
    /// expects (vendor attributes are comprehension-optional, so this is not an error).
    Raw {
        /// The attribute type.
        typ: AttributeType,
        /// The value bytes.
        value: &'a [u8],
    },
    /// Only after [`super::decode_lax`]: a value that does not decode;
    /// [`super::Attribute::check`] says why.
    Invalid {
        /// The attribute type.
        typ: AttributeType,
        /// The value bytes.
        value: &'a [u8],
    },
}

/// Number of padding bytes after a value of `len` bytes (RFC 8489 §14: to a multiple of 4).
pub const fn padding_len(len: usize) -> usize {
    (4 - (len % 4)) % 4
}

/// What a value's length should be (the `expected` text of [`ErrorKind::BadLength`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
    Zero,
    One,
    Four,
    Eight,
    Twenty,
    ThirtyTwo,
    Address,
    AtLeast4,
    Even,
    Sha256,
    Entry,
}

impl Expect {
    const fn text(self) -> &'static str {
        match self {
            Expect::Zero => "0",
            Expect::One => "1",
            Expect::Four => "4",
            Expect::Eight => "8",
            Expect::Twenty => "20",
            Expect::ThirtyTwo => "32",
            Expect::Address => "8 (IPv4) or 20 (IPv6)",
            Expect::AtLeast4 => "at least 4",
            Expect::Even => "a multiple of 2",
            Expect::Sha256 => "16 to 32, a multiple of 4",
            Expect::Entry => "4 + parameters length, padded",
        }
    }
}

/// A value error in compact form (the decoder's hot path passes it around); turned into a
/// [`DecodeError`] with offsets by [`VErr::into_error`], out of line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum VErr {
    /// The length field is wrong.
    Len(Expect),
    /// Unknown address family (the byte at value offset 1).
    Family(u8),
    /// Not UTF-8 at this value offset; `reason` for a reason phrase (ERROR-CODE).
    Utf8 { at: u32, reason: bool },
    /// ERROR-CODE number above 99 (value offset 3).
    Number(u8),
    /// A list entry at this value offset needs more bytes than are left.
    Entry {
        at: u32,
        needed: u32,
        available: u32,
    },
}

impl VErr {
    /// The full error, for an attribute of type `typ` whose header is at `attr_offset` and
    /// whose value is `len` bytes.
    #[cold]
    #[inline(never)]
    pub(crate) fn into_error(self, typ: AttributeType, attr_offset: usize) -> DecodeError {
        let value = attr_offset + 4;
        let (offset, field, kind) = match self {
            VErr::Len(expect) => (
                attr_offset + 2,
                "attribute length",
                ErrorKind::BadLength {
                    length: 0,
                    expected: expect.text(),
                },
            ),
            VErr::Family(family) => (
                value + 1,
                "family",
                ErrorKind::UnknownAddressFamily { family },
            ),
            VErr::Utf8 { at, reason } => (
                value + at as usize,
                if reason { "reason phrase" } else { "value" },
                ErrorKind::NotUtf8,
            ),
            VErr::Number(number) => (
                value + 3,
                "number",
                ErrorKind::ErrorNumberOutOfRange { number },
            ),
            VErr::Entry {
                at,
                needed,
                available,
            } => (
                value + at as usize,
                "algorithm entry",
                ErrorKind::BadListEntry {
                    needed: needed as usize,
                    available: available as usize,
                },
            ),
        };
        DecodeError::in_attribute(typ, attr_offset, offset, field, kind)
    }
}

/// [`VErr::into_error`] with the length filled in from the value.
#[cold]
#[inline(never)]
pub(crate) fn value_error(
    e: VErr,
    typ: AttributeType,
    attr_offset: usize,
    len: usize,
) -> DecodeError {
    let mut d = e.into_error(typ, attr_offset);
    if let ErrorKind::BadLength { length, .. } = &mut d.kind {
        *length = len;
    }
    d
}

#[inline(always)]
fn fixed<const N: usize>(v: &[u8], expected: Expect) -> Result<&[u8; N], VErr> {
    v.try_into().map_err(|_| VErr::Len(expected))
}

#[inline(always)]
fn u32_value(v: &[u8]) -> Result<u32, VErr> {
    fixed::<4>(v, Expect::Four).map(|b| u32::from_be_bytes(*b))
}

#[inline(always)]
fn u64_value(v: &[u8]) -> Result<u64, VErr> {
    fixed::<8>(v, Expect::Eight).map(|b| u64::from_be_bytes(*b))
}

#[inline(always)]
fn text(v: &[u8]) -> Result<&str, VErr> {
    utf8(v).map_err(|at| VErr::Utf8 {
        at: at as u32,
        reason: false,
    })
}

/// `v` as text, or the offset of the first byte that is not UTF-8. ASCII (nearly every
/// SOFTWARE, USERNAME, REALM and NONCE) is recognised eight bytes at a time by `is_ascii`
/// through the `ascii` crate, which hands it out as `&str` without a second pass; `std`'s
/// validator, byte by byte on short strings, was a seventh of a whole decode. Anything else
/// goes to `std`, which also finds the offset of a bad byte.
#[inline(always)]
fn utf8(v: &[u8]) -> Result<&str, usize> {
    match ascii::AsciiStr::from_ascii(v) {
        Ok(s) => Ok(s.as_str()),
        Err(_) => utf8_slow(v),
    }
}

/// [`utf8`] beyond ASCII.
#[cold]
#[inline(never)]
fn utf8_slow(v: &[u8]) -> Result<&str, usize> {
    std::str::from_utf8(v).map_err(|e| e.valid_up_to())
}

/// The reason phrase after the 4-byte head of ERROR-CODE / ADDRESS-ERROR-CODE.
#[inline(always)]
fn reason(v: &[u8]) -> Result<&str, VErr> {
    utf8(v.get(4..).unwrap_or(&[])).map_err(|at| VErr::Utf8 {
        at: 4 + at as u32,
        reason: true,
    })
}

#[inline(always)]
fn address(v: &[u8], tid: &[u8; 12], xor: bool) -> Result<Address, VErr> {
    let Some(head) = v.first_chunk::<4>() else {
        return Err(VErr::Len(Expect::Address));
    };
    let reserved = head[0];
    let family = head[1];
    let mut port = u16::from_be_bytes([head[2], head[3]]);
    if xor {
        port ^= (MAGIC_COOKIE >> 16) as u16;
    }
    let [c0, c1, c2, c3] = MAGIC_COOKIE.to_be_bytes();
    let (octets, v6) = match family {
        0x01 => {
            let b: &[u8; 8] = v.try_into().map_err(|_| VErr::Len(Expect::Address))?;
            let [_, _, _, _, mut a0, mut a1, mut a2, mut a3] = *b;
            if xor {
                (a0, a1, a2, a3) = (a0 ^ c0, a1 ^ c1, a2 ^ c2, a3 ^ c3);
            }
            ([a0, a1, a2, a3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], false)
        }
        0x02 => {
            let b: &[u8; 20] = v.try_into().map_err(|_| VErr::Len(Expect::Address))?;
            let [_, _, _, _, raw @ ..] = *b;
            let mut ip = u128::from_be_bytes(raw);
            if xor {
                let [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11] = *tid;
                ip ^= u128::from_be_bytes([
                    c0, c1, c2, c3, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11,
                ]);
            }
            (ip.to_be_bytes(), true)
        }
        other => return Err(VErr::Family(other)),
    };
    Ok(Address {
        octets,
        port,
        v6,
        reserved,
    })
}

fn encode_address(a: &Address, tid: &[u8; 12], xor: bool, out: &mut Vec<u8>) {
    let cookie = MAGIC_COOKIE.to_be_bytes();
    out.push(a.reserved);
    out.push(a.family().0);
    let mut port = a.port;
    if xor {
        port ^= (MAGIC_COOKIE >> 16) as u16;
    }
    out.extend_from_slice(&port.to_be_bytes());
    let mut b = a.octets;
    if xor {
        let mask = cookie.iter().chain(tid.iter());
        for (x, m) in b.iter_mut().zip(mask) {
            *x ^= m;
        }
    }
    out.extend_from_slice(b.get(..address_len(a) - 4).unwrap_or(&b));
}

fn address_len(a: &Address) -> usize {
    if a.v6 {
        20
    } else {
        8
    }
}

/// Splits the first 4 bytes of ERROR-CODE / ADDRESS-ERROR-CODE: (class, number) validated.
#[inline(always)]
fn error_code(v: &[u8]) -> Result<(ErrorCode, &[u8; 4]), VErr> {
    let Some(head) = v.first_chunk::<4>() else {
        return Err(VErr::Len(Expect::AtLeast4));
    };
    let class = u16::from(head[2] & 0x07);
    let number = head[3];
    if number > 99 {
        return Err(VErr::Number(number));
    }
    Ok((ErrorCode(class * 100 + u16::from(number)), head))
}

impl<'a> AttributeValue<'a> {
    /// Decodes the value of an attribute of type `typ`; `v` excludes the header and the
    /// padding; `tid` is the message's transaction ID (for XOR addresses).
    #[inline(always)]
    pub(crate) fn parse(
        typ: AttributeType,
        v: &'a [u8],
        tid: &[u8; 12],
    ) -> Result<AttributeValue<'a>, VErr> {
        use AttributeValue as V;
        Ok(match typ.0 {
            0x0001 => V::MappedAddress(address(v, tid, false)?),
            0x0002 => V::ResponseAddress(address(v, tid, false)?),
            0x0003 => V::ChangeRequest(ChangeRequest(u32_value(v)?)),
            0x0004 => V::SourceAddress(address(v, tid, false)?),
            0x0005 => V::ChangedAddress(address(v, tid, false)?),
            0x0006 => V::Username(text(v)?),
            0x0008 => V::MessageIntegrity(fixed::<20>(v, Expect::Twenty)?),
            0x0009 => {
                let (code, head) = error_code(v)?;
                let reserved = u32::from_be_bytes(*head) >> 11;
                let reason = reason(v)?;
                V::ErrorCode {
                    code,
                    reason,
                    reserved,
                }
            }
            0x000A => V::UnknownAttributes(U16List::new(v).ok_or(VErr::Len(Expect::Even))?),
            0x000B => V::ReflectedFrom(address(v, tid, false)?),
            0x000C => {
                let b = fixed::<4>(v, Expect::Four)?;
                V::ChannelNumber(ChannelNumberValue {
                    channel: u16::from_be_bytes([b[0], b[1]]),
                    rffu: u16::from_be_bytes([b[2], b[3]]),
                })
            }
            0x000D => V::Lifetime(u32_value(v)?),
            0x0012 => V::XorPeerAddress(address(v, tid, true)?),
            0x0013 => V::Data(v),
            0x0014 => V::Realm(text(v)?),
            0x0015 => V::Nonce(text(v)?),
            0x0016 => V::XorRelayedAddress(address(v, tid, true)?),
            0x0017 | 0x8000 => {
                let b = fixed::<4>(v, Expect::Four)?;
                let f = FamilyValue {
                    family: AddressFamily(b[0]),
                    rffu: [b[1], b[2], b[3]],
                };
                if typ.0 == 0x0017 {
                    V::RequestedAddressFamily(f)
                } else {
                    V::AdditionalAddressFamily(f)
                }
            }
            0x0018 => V::EvenPort(EvenPort(fixed::<1>(v, Expect::One)?[0])),
            0x0019 => {
                let b = fixed::<4>(v, Expect::Four)?;
                V::RequestedTransport(RequestedTransport {
                    protocol: b[0],
                    rffu: [b[1], b[2], b[3]],
                })
            }
            0x001A => {
                fixed::<0>(v, Expect::Zero)?;
                V::DontFragment
            }
            0x001B => V::AccessToken(v),
            0x001C => {
                if !(16..=32).contains(&v.len()) || !v.len().is_multiple_of(4) {
                    return Err(VErr::Len(Expect::Sha256));
                }
                V::MessageIntegritySha256(v)
            }
            0x001D => match PasswordAlgorithm::parse_entry(v) {
                Ok((entry, used)) if used == v.len() => V::PasswordAlgorithm(entry),
                Ok(_) => return Err(VErr::Len(Expect::Entry)),
                Err((needed, available)) => {
                    return Err(VErr::Entry {
                        at: 0,
                        needed: needed as u32,
                        available: available as u32,
                    });
                }
            },
            0x001E => V::Userhash(fixed::<32>(v, Expect::ThirtyTwo)?),
            0x0020 => V::XorMappedAddress(address(v, tid, true)?),
            0x0022 => V::ReservationToken(fixed::<8>(v, Expect::Eight)?),
            0x0024 => V::Priority(u32_value(v)?),
            0x0025 => {
                fixed::<0>(v, Expect::Zero)?;
                V::UseCandidate
            }
            0x0026 => V::Padding(v),
            0x0027 => {
                let b = fixed::<4>(v, Expect::Four)?;
                V::ResponsePort(ResponsePort {
                    port: u16::from_be_bytes([b[0], b[1]]),
                    reserved: u16::from_be_bytes([b[2], b[3]]),
                })
            }
            0x002A => V::ConnectionId(u32_value(v)?),
            0x8001 => {
                let (code, head) = error_code(v)?;
                let reason = reason(v)?;
                V::AddressErrorCode {
                    family: AddressFamily(head[0]),
                    code,
                    reason,
                    reserved: (u16::from_be_bytes([head[1], head[2]]) >> 3) & 0x1FFF,
                }
            }
            0x8002 => match PasswordAlgorithms::parse(v) {
                Ok(list) => V::PasswordAlgorithms(list),
                Err((rel, needed, available)) => {
                    return Err(VErr::Entry {
                        at: rel as u32,
                        needed: needed as u32,
                        available: available as u32,
                    });
                }
            },
            0x8003 => V::AlternateDomain(text(v)?),
            0x8004 => {
                let b = fixed::<8>(v, Expect::Eight)?;
                V::Icmp(Icmp {
                    reserved: u16::from_be_bytes([b[0], b[1]]),
                    icmp_type: b[2],
                    icmp_code: b[3],
                    error_data: u32::from_be_bytes([b[4], b[5], b[6], b[7]]),
                })
            }
            0x8022 => V::Software(text(v)?),
            0x8023 => V::AlternateServer(address(v, tid, false)?),
            0x8025 => {
                let b = fixed::<4>(v, Expect::Four)?;
                V::TransactionTransmitCounter(TransmitCounter {
                    reserved: u16::from_be_bytes([b[0], b[1]]),
                    requests: b[2],
                    responses: b[3],
                })
            }
            0x8027 => V::CacheTimeout(u32_value(v)?),
            0x8028 => V::Fingerprint(u32_value(v)?),
            0x8029 => V::IceControlled(u64_value(v)?),
            0x802A => V::IceControlling(u64_value(v)?),
            0x802B => V::ResponseOrigin(address(v, tid, false)?),
            0x802C => V::OtherAddress(address(v, tid, false)?),
            0x802D => V::EcnCheck(EcnCheck(u32_value(v)?)),
            0x802E => V::ThirdPartyAuthorization(text(v)?),
            0x802F => V::Origin(text(v)?),
            0x8030 => V::MobilityTicket(v),
            // Vendor attributes (comprehension-optional): typed when the shape fits.
            0xC001 => match v.first_chunk::<4>() {
                Some(b) if v.len() == 4 => V::Nomination(u32::from_be_bytes(*b)),
                _ => V::Raw { typ, value: v },
            },
            0xC057 => match v.first_chunk::<4>() {
                Some(b) if v.len() == 4 => V::GoogNetworkInfo(NetworkInfo {
                    network_id: u16::from_be_bytes([b[0], b[1]]),
                    cost: u16::from_be_bytes([b[2], b[3]]),
                }),
                _ => V::Raw { typ, value: v },
            },
            0xC058 => V::GoogLastIceCheckReceived(v),
            0xC059 => match U16List::new(v) {
                Some(list) => V::GoogMiscInfo(list),
                None => V::Raw { typ, value: v },
            },
            0xC05D => match v.first_chunk::<8>() {
                Some(b) if v.len() == 8 => V::GoogDeltaAck(u64::from_be_bytes(*b)),
                _ => V::Raw { typ, value: v },
            },
            0xC060 => match <&[u8; 4]>::try_from(v) {
                Ok(b) => V::GoogMessageIntegrity32(b),
                Err(_) => V::Raw { typ, value: v },
            },
            0xFF00 => match v.first_chunk::<4>() {
                Some(b) if v.len() == 4 => V::RetransmitCount(u32::from_be_bytes(*b)),
                _ => V::Raw { typ, value: v },
            },
            _ => V::Raw { typ, value: v },
        })
    }

    /// The attribute type this value is encoded under.
    pub fn attribute_type(&self) -> AttributeType {
        use AttributeValue as V;
        AttributeType(match self {
            V::MappedAddress(_) => 0x0001,
            V::ResponseAddress(_) => 0x0002,
            V::ChangeRequest(_) => 0x0003,
            V::SourceAddress(_) => 0x0004,
            V::ChangedAddress(_) => 0x0005,
            V::Username(_) => 0x0006,
            V::MessageIntegrity(_) => 0x0008,
            V::ErrorCode { .. } => 0x0009,
            V::UnknownAttributes(_) => 0x000A,
            V::ReflectedFrom(_) => 0x000B,
            V::ChannelNumber(_) => 0x000C,
            V::Lifetime(_) => 0x000D,
            V::XorPeerAddress(_) => 0x0012,
            V::Data(_) => 0x0013,
            V::Realm(_) => 0x0014,
            V::Nonce(_) => 0x0015,
            V::XorRelayedAddress(_) => 0x0016,
            V::RequestedAddressFamily(_) => 0x0017,
            V::EvenPort(_) => 0x0018,
            V::RequestedTransport(_) => 0x0019,
            V::DontFragment => 0x001A,
            V::AccessToken(_) => 0x001B,
            V::MessageIntegritySha256(_) => 0x001C,
            V::PasswordAlgorithm(_) => 0x001D,
            V::Userhash(_) => 0x001E,
            V::XorMappedAddress(_) => 0x0020,
            V::ReservationToken(_) => 0x0022,
            V::Priority(_) => 0x0024,
            V::UseCandidate => 0x0025,
            V::Padding(_) => 0x0026,
            V::ResponsePort(_) => 0x0027,
            V::ConnectionId(_) => 0x002A,
            V::AdditionalAddressFamily(_) => 0x8000,
            V::AddressErrorCode { .. } => 0x8001,
            V::PasswordAlgorithms(_) => 0x8002,
            V::AlternateDomain(_) => 0x8003,
            V::Icmp(_) => 0x8004,
            V::Software(_) => 0x8022,
            V::AlternateServer(_) => 0x8023,
            V::TransactionTransmitCounter(_) => 0x8025,
            V::CacheTimeout(_) => 0x8027,
            V::Fingerprint(_) => 0x8028,
            V::IceControlled(_) => 0x8029,
            V::IceControlling(_) => 0x802A,
            V::ResponseOrigin(_) => 0x802B,
            V::OtherAddress(_) => 0x802C,
            V::EcnCheck(_) => 0x802D,
            V::ThirdPartyAuthorization(_) => 0x802E,
            V::Origin(_) => 0x802F,
            V::MobilityTicket(_) => 0x8030,
            V::Nomination(_) => 0xC001,
            V::GoogNetworkInfo(_) => 0xC057,
            V::GoogLastIceCheckReceived(_) => 0xC058,
            V::GoogMiscInfo(_) => 0xC059,
            V::GoogDeltaAck(_) => 0xC05D,
            V::GoogMessageIntegrity32(_) => 0xC060,
            V::RetransmitCount(_) => 0xFF00,
            V::Raw { typ, .. } | V::Invalid { typ, .. } => return *typ,
        })
    }

    /// Length of the encoded value in bytes (the attribute length field; without padding).
    pub fn encoded_len(&self) -> usize {
        use AttributeValue as V;
        match self {
            V::MappedAddress(a)
            | V::ResponseAddress(a)
            | V::SourceAddress(a)
            | V::ChangedAddress(a)
            | V::ReflectedFrom(a)
            | V::XorPeerAddress(a)
            | V::XorRelayedAddress(a)
            | V::XorMappedAddress(a)
            | V::AlternateServer(a)
            | V::ResponseOrigin(a)
            | V::OtherAddress(a) => address_len(a),
            V::Username(s)
            | V::Realm(s)
            | V::Nonce(s)
            | V::AlternateDomain(s)
            | V::Software(s)
            | V::ThirdPartyAuthorization(s)
            | V::Origin(s) => s.len(),
            V::Data(b)
            | V::AccessToken(b)
            | V::MessageIntegritySha256(b)
            | V::Padding(b)
            | V::MobilityTicket(b)
            | V::GoogLastIceCheckReceived(b)
            | V::Raw { value: b, .. }
            | V::Invalid { value: b, .. } => b.len(),
            V::MessageIntegrity(_) => 20,
            V::ErrorCode { reason, .. } | V::AddressErrorCode { reason, .. } => 4 + reason.len(),
            V::UnknownAttributes(l) | V::GoogMiscInfo(l) => l.as_bytes().len(),
            V::PasswordAlgorithm(p) => p.as_bytes().len(),
            V::PasswordAlgorithms(p) => p.as_bytes().len(),
            V::Userhash(_) => 32,
            V::ReservationToken(_)
            | V::IceControlled(_)
            | V::IceControlling(_)
            | V::Icmp(_)
            | V::GoogDeltaAck(_) => 8,
            V::EvenPort(_) => 1,
            V::DontFragment | V::UseCandidate => 0,
            V::ChangeRequest(_)
            | V::ChannelNumber(_)
            | V::Lifetime(_)
            | V::RequestedAddressFamily(_)
            | V::RequestedTransport(_)
            | V::Priority(_)
            | V::ResponsePort(_)
            | V::ConnectionId(_)
            | V::AdditionalAddressFamily(_)
            | V::TransactionTransmitCounter(_)
            | V::CacheTimeout(_)
            | V::Fingerprint(_)
            | V::EcnCheck(_)
            | V::Nomination(_)
            | V::GoogNetworkInfo(_)
            | V::GoogMessageIntegrity32(_)
            | V::RetransmitCount(_) => 4,
        }
    }

    /// Appends the encoded value (no header, no padding) to `out`. XOR addresses need the
    /// transaction ID of the message.
    pub fn encode(&self, tid: &TransactionId, out: &mut Vec<u8>) {
        use AttributeValue as V;
        let tid = &tid.0;
        match self {
            V::MappedAddress(a)
            | V::ResponseAddress(a)
            | V::SourceAddress(a)
            | V::ChangedAddress(a)
            | V::ReflectedFrom(a)
            | V::AlternateServer(a)
            | V::ResponseOrigin(a)
            | V::OtherAddress(a) => encode_address(a, tid, false, out),
            V::XorPeerAddress(a) | V::XorRelayedAddress(a) | V::XorMappedAddress(a) => {
                encode_address(a, tid, true, out)
            }
            V::Username(s)
            | V::Realm(s)
            | V::Nonce(s)
            | V::AlternateDomain(s)
            | V::Software(s)
            | V::ThirdPartyAuthorization(s)
            | V::Origin(s) => out.extend_from_slice(s.as_bytes()),
            V::Data(b)
            | V::AccessToken(b)
            | V::MessageIntegritySha256(b)
            | V::Padding(b)
            | V::MobilityTicket(b)
            | V::GoogLastIceCheckReceived(b)
            | V::Raw { value: b, .. }
            | V::Invalid { value: b, .. } => out.extend_from_slice(b),
            V::MessageIntegrity(b) => out.extend_from_slice(&b[..]),
            V::ErrorCode {
                code,
                reason,
                reserved,
            } => {
                let word = (reserved << 11)
                    | (u32::from(code.class() & 0x7) << 8)
                    | u32::from(code.number());
                out.extend_from_slice(&word.to_be_bytes());
                out.extend_from_slice(reason.as_bytes());
            }
            V::AddressErrorCode {
                family,
                code,
                reason,
                reserved,
            } => {
                out.push(family.0);
                let half = ((reserved & 0x1FFF) << 3) | (code.class() & 0x7);
                out.extend_from_slice(&half.to_be_bytes());
                out.push(code.number() as u8);
                out.extend_from_slice(reason.as_bytes());
            }
            V::UnknownAttributes(l) | V::GoogMiscInfo(l) => out.extend_from_slice(l.as_bytes()),
            V::PasswordAlgorithm(p) => p.encode(out),
            V::PasswordAlgorithms(p) => {
                for entry in p.iter() {
                    entry.encode(out);
                }
            }
            V::Userhash(b) => out.extend_from_slice(&b[..]),
            V::ReservationToken(b) => out.extend_from_slice(&b[..]),
            V::GoogMessageIntegrity32(b) => out.extend_from_slice(&b[..]),
            V::ChannelNumber(c) => {
                out.extend_from_slice(&c.channel.to_be_bytes());
                out.extend_from_slice(&c.rffu.to_be_bytes());
            }
            V::RequestedAddressFamily(f) | V::AdditionalAddressFamily(f) => {
                out.push(f.family.0);
                out.extend_from_slice(&f.rffu);
            }
            V::EvenPort(e) => out.push(e.0),
            V::RequestedTransport(r) => {
                out.push(r.protocol);
                out.extend_from_slice(&r.rffu);
            }
            V::DontFragment | V::UseCandidate => {}
            V::ResponsePort(r) => {
                out.extend_from_slice(&r.port.to_be_bytes());
                out.extend_from_slice(&r.reserved.to_be_bytes());
            }
            V::Icmp(i) => {
                out.extend_from_slice(&i.reserved.to_be_bytes());
                out.push(i.icmp_type);
                out.push(i.icmp_code);
                out.extend_from_slice(&i.error_data.to_be_bytes());
            }
            V::TransactionTransmitCounter(t) => {
                out.extend_from_slice(&t.reserved.to_be_bytes());
                out.push(t.requests);
                out.push(t.responses);
            }
            V::GoogNetworkInfo(n) => {
                out.extend_from_slice(&n.network_id.to_be_bytes());
                out.extend_from_slice(&n.cost.to_be_bytes());
            }
            V::ChangeRequest(ChangeRequest(x))
            | V::EcnCheck(EcnCheck(x))
            | V::Lifetime(x)
            | V::Priority(x)
            | V::ConnectionId(x)
            | V::CacheTimeout(x)
            | V::Fingerprint(x)
            | V::Nomination(x)
            | V::RetransmitCount(x) => out.extend_from_slice(&x.to_be_bytes()),
            V::IceControlled(x) | V::IceControlling(x) | V::GoogDeltaAck(x) => {
                out.extend_from_slice(&x.to_be_bytes())
            }
        }
    }
}

struct Hex<'a>(&'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.socket_addr())?;
        if self.reserved != 0 {
            write!(f, " (first byte 0x{:02x})", self.reserved)?;
        }
        Ok(())
    }
}

impl fmt::Display for AttributeValue<'_> {
    /// One line, for a table cell: addresses as `ip:port`, text quoted, integers in decimal
    /// (tie-breakers in hex), MACs and opaque bytes in hex.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use AttributeValue as V;
        match self {
            V::MappedAddress(a)
            | V::ResponseAddress(a)
            | V::SourceAddress(a)
            | V::ChangedAddress(a)
            | V::ReflectedFrom(a)
            | V::XorPeerAddress(a)
            | V::XorRelayedAddress(a)
            | V::XorMappedAddress(a)
            | V::AlternateServer(a)
            | V::ResponseOrigin(a)
            | V::OtherAddress(a) => write!(f, "{a}"),
            V::Username(s)
            | V::Realm(s)
            | V::Nonce(s)
            | V::AlternateDomain(s)
            | V::Software(s)
            | V::ThirdPartyAuthorization(s)
            | V::Origin(s) => write!(f, "{s:?}"),
            V::Data(b) | V::Padding(b) => write!(f, "{} bytes", b.len()),
            V::AccessToken(b)
            | V::MessageIntegritySha256(b)
            | V::MobilityTicket(b)
            | V::GoogLastIceCheckReceived(b)
            | V::Raw { value: b, .. } => write!(f, "{}", Hex(b)),
            V::Invalid { value, .. } => write!(f, "{} (invalid)", Hex(value)),
            V::MessageIntegrity(b) => write!(f, "{}", Hex(&b[..])),
            V::Userhash(b) => write!(f, "{}", Hex(&b[..])),
            V::ReservationToken(b) => write!(f, "{}", Hex(&b[..])),
            V::GoogMessageIntegrity32(b) => write!(f, "{}", Hex(&b[..])),
            V::ErrorCode { code, reason, .. } => write!(f, "{} {:?}", code.0, reason),
            V::AddressErrorCode {
                family,
                code,
                reason,
                ..
            } => write!(f, "{} {} {:?}", family, code.0, reason),
            V::UnknownAttributes(l) => {
                let mut first = true;
                for t in l.iter() {
                    if !first {
                        f.write_str(", ")?;
                    }
                    first = false;
                    write!(f, "{}", AttributeType(t))?;
                }
                Ok(())
            }
            V::GoogMiscInfo(l) => {
                let mut first = true;
                for t in l.iter() {
                    if !first {
                        f.write_str(", ")?;
                    }
                    first = false;
                    write!(f, "{t}")?;
                }
                Ok(())
            }
            V::PasswordAlgorithm(p) => write!(f, "{}", p.algorithm()),
            V::PasswordAlgorithms(p) => {
                let mut first = true;
                for e in p.iter() {
                    if !first {
                        f.write_str(", ")?;
                    }
                    first = false;
                    write!(f, "{}", e.algorithm())?;
                }
                Ok(())
            }
            V::ChannelNumber(c) => write!(f, "0x{:04x}", c.channel),
            V::Lifetime(s) | V::CacheTimeout(s) => write!(f, "{s} s"),
            V::RequestedAddressFamily(v) | V::AdditionalAddressFamily(v) => {
                write!(f, "{}", v.family)
            }
            V::EvenPort(e) => write!(f, "R={}", u8::from(e.reserve())),
            V::RequestedTransport(r) => match r.protocol {
                17 => f.write_str("UDP (17)"),
                6 => f.write_str("TCP (6)"),
                p => write!(f, "protocol {p}"),
            },
            V::DontFragment | V::UseCandidate => Ok(()),
            V::Priority(p) => write!(f, "{p}"),
            V::ResponsePort(r) => write!(f, "{}", r.port),
            V::ConnectionId(c) => write!(f, "{c}"),
            V::Icmp(i) => write!(
                f,
                "type {} code {} data {}",
                i.icmp_type, i.icmp_code, i.error_data
            ),
            V::TransactionTransmitCounter(t) => {
                write!(f, "req {} resp {}", t.requests, t.responses)
            }
            V::Fingerprint(x) => write!(f, "0x{x:08x}"),
            V::IceControlled(x) | V::IceControlling(x) => write!(f, "0x{x:016x}"),
            V::GoogDeltaAck(x) => write!(f, "{x}"),
            V::ChangeRequest(c) => write!(
                f,
                "change ip {}, change port {}",
                c.change_ip(),
                c.change_port()
            ),
            V::EcnCheck(e) => write!(f, "V={} ECF={}", u8::from(e.valid()), e.ecf()),
            V::Nomination(n) => write!(f, "nomination {n}"),
            V::GoogNetworkInfo(n) => write!(f, "network id {}, cost {}", n.network_id, n.cost),
            V::RetransmitCount(n) => write!(f, "{n}"),
        }
    }
}

/// The RFC 8489 §9.2 "nonce cookie" at the start of a NONCE: `obMatJos2` followed by the
/// base64 (4 characters) of the 24 STUN Security Feature bits (§18.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NonceCookie {
    /// The 24 feature bits, bit 0 (the most significant) first: `features >> 23` is the
    /// "Password algorithms" bit, `(features >> 22) & 1` "Username anonymity".
    pub features: u32,
}

impl NonceCookie {
    /// Bit 0: the server supports PASSWORD-ALGORITHMS (RFC 8489 §9.2.4).
    pub const fn password_algorithms(self) -> bool {
        self.features & (1 << 23) != 0
    }
    /// Bit 1: the server supports USERHASH (RFC 8489 §9.2.4).
    pub const fn username_anonymity(self) -> bool {
        self.features & (1 << 22) != 0
    }
}

/// Reads the nonce cookie at the start of a NONCE value, if there is one (RFC 8489 §9.2).
pub fn nonce_cookie(nonce: &str) -> Option<NonceCookie> {
    let rest = nonce.strip_prefix("obMatJos2")?;
    let b64 = rest.as_bytes().first_chunk::<4>()?;
    let mut features = 0u32;
    for &c in b64 {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        features = (features << 6) | u32::from(v);
    }
    Some(NonceCookie { features })
}
