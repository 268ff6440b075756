//! What kind of address a candidate carries: [`AddressClass`] (loopback, private, CGNAT,
//! link-local, unique-local, global, mDNS name, …) and [`AddressFamily`].
//!
//! The class says who can reach the address, which is what decides whether a candidate is any
//! use to a peer elsewhere on the Internet: a `host` candidate on a private address is reachable
//! only from the same network; a server-reflexive candidate on a CGNAT address means the STUN
//! server sits behind the carrier's NAT; an mDNS name must be resolved on the same link.
//!
//! Ranges (IANA special-purpose registries, RFC 6890):
//!
//! | class | IPv4 | IPv6 |
//! |---|---|---|
//! | [`Unspecified`](AddressClass::Unspecified) | `0.0.0.0` | `::` |
//! | [`Loopback`](AddressClass::Loopback) | `127.0.0.0/8` | `::1` |
//! | [`Private`](AddressClass::Private) | `10/8`, `172.16/12`, `192.168/16` (RFC 1918) | — |
//! | [`Cgnat`](AddressClass::Cgnat) | `100.64.0.0/10` (RFC 6598 shared address space) | — |
//! | [`LinkLocal`](AddressClass::LinkLocal) | `169.254.0.0/16` (RFC 3927) | `fe80::/10` (RFC 4291) |
//! | [`UniqueLocal`](AddressClass::UniqueLocal) | — | `fc00::/7` (RFC 4193) |
//! | [`Multicast`](AddressClass::Multicast) | `224.0.0.0/4` | `ff00::/8` |
//! | [`Broadcast`](AddressClass::Broadcast) | `255.255.255.255` | — |
//! | [`Documentation`](AddressClass::Documentation) | `192.0.2/24`, `198.51.100/24`, `203.0.113/24` (RFC 5737) | `2001:db8::/32` (RFC 3849), `3fff::/20` (RFC 9637) |
//! | [`Reserved`](AddressClass::Reserved) | `0/8` but `0.0.0.0`, `192.0.0/24` but `.9`/`.10`, `192.88.99/24`, `198.18/15`, `240/4` | `::/96` (IPv4-compatible), `100::/64`, `2001:2::/48`, `fec0::/10` (site-local) |
//! | [`Global`](AddressClass::Global) | everything else (incl. `192.0.0.9`, `192.0.0.10`: PCP and TURN anycast) | everything else (incl. Teredo, 6to4, NAT64 `64:ff9b::/96`) |
//!
//! An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) takes the class of its IPv4 address. Host
//! names are [`Mdns`](AddressClass::Mdns) (ending in `.local`) or [`Fqdn`](AddressClass::Fqdn);
//! text that is no address at all (only in hand-built candidates) is
//! [`Unparsed`](AddressClass::Unparsed).

use super::candidate::Address;
use serde::Serialize;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Who can reach an address (see the [module docs](self) for the exact ranges).
///
/// The variants and their names ([`AddressClass::as_str`], also the JSON form) are stable; new
/// variants may be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AddressClass {
    /// `0.0.0.0` or `::`: no address at all (Chrome's hidden `raddr`, a bind-to-any address).
    Unspecified,
    /// `127.0.0.0/8` or `::1`: this machine only.
    Loopback,
    /// RFC 1918 private IPv4 (`10/8`, `172.16/12`, `192.168/16`): behind a NAT.
    Private,
    /// `100.64.0.0/10` (RFC 6598): carrier-grade NAT shared address space.
    Cgnat,
    /// `169.254.0.0/16` or `fe80::/10`: this link only.
    LinkLocal,
    /// `fc00::/7` (RFC 4193 unique local IPv6): a site's private IPv6.
    UniqueLocal,
    /// `224.0.0.0/4` or `ff00::/8`: a group, never a candidate.
    Multicast,
    /// `255.255.255.255`.
    Broadcast,
    /// Documentation ranges (RFC 5737, RFC 3849, RFC 9637): examples, never real traffic.
    Documentation,
    /// Other special-purpose or deprecated ranges (see the module docs).
    Reserved,
    /// A globally routable unicast address.
    Global,
    /// An mDNS host name (`<uuid>.local`), which browsers use to hide host addresses.
    Mdns,
    /// Any other DNS name.
    Fqdn,
    /// Not an address (only in candidates built by hand; the parser rejects it).
    Unparsed,
}

impl AddressClass {
    /// Every class, in declaration order.
    pub const ALL: [AddressClass; 14] = [
        AddressClass::Unspecified,
        AddressClass::Loopback,
        AddressClass::Private,
        AddressClass::Cgnat,
        AddressClass::LinkLocal,
        AddressClass::UniqueLocal,
        AddressClass::Multicast,
        AddressClass::Broadcast,
        AddressClass::Documentation,
        AddressClass::Reserved,
        AddressClass::Global,
        AddressClass::Mdns,
        AddressClass::Fqdn,
        AddressClass::Unparsed,
    ];

    /// The class of a candidate address (`connection-address` or `raddr`).
    pub fn of(addr: &Address<'_>) -> Self {
        match addr {
            Address::Ipv4(a) => Self::of_ipv4(*a),
            Address::Ipv6 { addr, .. } => Self::of_ipv6(*addr),
            Address::Mdns(_) => AddressClass::Mdns,
            Address::Fqdn(_) => AddressClass::Fqdn,
            Address::Unparsed(_) => AddressClass::Unparsed,
        }
    }

    /// The class of an IP address.
    pub fn of_ip(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(a) => Self::of_ipv4(a),
            IpAddr::V6(a) => Self::of_ipv6(a),
        }
    }

    /// The class of an IPv4 address.
    pub fn of_ipv4(a: Ipv4Addr) -> Self {
        let [o0, o1, o2, o3] = a.octets();
        match (o0, o1, o2, o3) {
            (0, 0, 0, 0) => AddressClass::Unspecified,
            (0, ..) => AddressClass::Reserved,
            (127, ..) => AddressClass::Loopback,
            (10, ..) => AddressClass::Private,
            (172, 16..=31, ..) => AddressClass::Private,
            (192, 168, ..) => AddressClass::Private,
            (100, 64..=127, ..) => AddressClass::Cgnat,
            (169, 254, ..) => AddressClass::LinkLocal,
            (224..=239, ..) => AddressClass::Multicast,
            (255, 255, 255, 255) => AddressClass::Broadcast,
            (240..=255, ..) => AddressClass::Reserved,
            (192, 0, 2, _) | (198, 51, 100, _) | (203, 0, 113, _) => AddressClass::Documentation,
            (192, 0, 0, 9 | 10) => AddressClass::Global,
            (192, 0, 0, _) | (192, 88, 99, _) | (198, 18..=19, ..) => AddressClass::Reserved,
            _ => AddressClass::Global,
        }
    }

    /// The class of an IPv6 address (an IPv4-mapped one takes its IPv4 address's class).
    pub fn of_ipv6(a: Ipv6Addr) -> Self {
        if let Some(v4) = a.to_ipv4_mapped() {
            return Self::of_ipv4(v4);
        }
        let s = a.segments();
        if a.is_unspecified() {
            AddressClass::Unspecified
        } else if a.is_loopback() {
            AddressClass::Loopback
        } else if s[..6] == [0; 6] {
            // ::/96 other than :: and ::1: deprecated IPv4-compatible addresses.
            AddressClass::Reserved
        } else if s[0] & 0xffc0 == 0xfe80 {
            AddressClass::LinkLocal
        } else if s[0] & 0xffc0 == 0xfec0 {
            AddressClass::Reserved
        } else if s[0] & 0xfe00 == 0xfc00 {
            AddressClass::UniqueLocal
        } else if s[0] & 0xff00 == 0xff00 {
            AddressClass::Multicast
        } else if (s[0], s[1]) == (0x2001, 0x0db8) || (s[0] == 0x3fff && s[1] & 0xf000 == 0) {
            AddressClass::Documentation
        } else if s[..4] == [0x0100, 0, 0, 0] || (s[0], s[1], s[2]) == (0x2001, 0x0002, 0) {
            AddressClass::Reserved
        } else {
            AddressClass::Global
        }
    }

    /// The stable kebab-case name: `loopback`, `private`, `cgnat`, `link-local`,
    /// `unique-local`, `global`, `mdns`, `fqdn`, `unspecified`, `multicast`, `broadcast`,
    /// `documentation`, `reserved`, `unparsed`.
    pub fn as_str(self) -> &'static str {
        match self {
            AddressClass::Unspecified => "unspecified",
            AddressClass::Loopback => "loopback",
            AddressClass::Private => "private",
            AddressClass::Cgnat => "cgnat",
            AddressClass::LinkLocal => "link-local",
            AddressClass::UniqueLocal => "unique-local",
            AddressClass::Multicast => "multicast",
            AddressClass::Broadcast => "broadcast",
            AddressClass::Documentation => "documentation",
            AddressClass::Reserved => "reserved",
            AddressClass::Global => "global",
            AddressClass::Mdns => "mdns",
            AddressClass::Fqdn => "fqdn",
            AddressClass::Unparsed => "unparsed",
        }
    }

    /// A short phrase for people, with the defining range or RFC, e.g.
    /// `"private (RFC 1918)"`.
    pub fn description(self) -> &'static str {
        match self {
            AddressClass::Unspecified => "unspecified (0.0.0.0 or ::)",
            AddressClass::Loopback => "loopback (this machine only)",
            AddressClass::Private => "private (RFC 1918)",
            AddressClass::Cgnat => "carrier-grade NAT shared space (100.64.0.0/10, RFC 6598)",
            AddressClass::LinkLocal => "link-local (169.254.0.0/16, fe80::/10)",
            AddressClass::UniqueLocal => "unique local IPv6 (fc00::/7, RFC 4193)",
            AddressClass::Multicast => "multicast",
            AddressClass::Broadcast => "broadcast (255.255.255.255)",
            AddressClass::Documentation => "documentation range (RFC 5737, RFC 3849, RFC 9637)",
            AddressClass::Reserved => "reserved or deprecated special-purpose range",
            AddressClass::Global => "global unicast",
            AddressClass::Mdns => "mDNS name (.local)",
            AddressClass::Fqdn => "DNS name",
            AddressClass::Unparsed => "not an address",
        }
    }

    /// Whether this is a host name (mDNS or DNS) rather than an IP address.
    pub fn is_name(self) -> bool {
        matches!(self, AddressClass::Mdns | AddressClass::Fqdn)
    }

    /// Whether a peer anywhere on the Internet can send to this address: only
    /// [`Global`](AddressClass::Global). (A DNS name may resolve to one; that is not known here.)
    pub fn is_publicly_routable(self) -> bool {
        self == AddressClass::Global
    }

    /// Whether the address is reachable only inside a network: private, CGNAT, link-local,
    /// unique-local or loopback.
    pub fn is_local_scope(self) -> bool {
        matches!(
            self,
            AddressClass::Private
                | AddressClass::Cgnat
                | AddressClass::LinkLocal
                | AddressClass::UniqueLocal
                | AddressClass::Loopback
        )
    }

    /// Whether no connectivity check can ever reach it: unspecified, multicast or broadcast.
    pub fn is_unusable(self) -> bool {
        matches!(
            self,
            AddressClass::Unspecified | AddressClass::Multicast | AddressClass::Broadcast
        )
    }
}

impl fmt::Display for AddressClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The address family of a candidate address, as ICE pairs them (RFC 8445 §6.1.2.2: only
/// candidates of the same IP address family are paired).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AddressFamily {
    /// IPv4 (including an IPv4-mapped IPv6 address, which is IPv4 on the wire).
    Ipv4,
    /// IPv6.
    Ipv6,
    /// A host name (mDNS or DNS): the family is known only once the peer resolves it.
    Name,
}

impl AddressFamily {
    /// The family of a candidate address; `None` for [`Address::Unparsed`].
    pub fn of(addr: &Address<'_>) -> Option<Self> {
        match addr {
            Address::Ipv4(_) => Some(AddressFamily::Ipv4),
            Address::Ipv6 { addr, .. } if addr.to_ipv4_mapped().is_some() => {
                Some(AddressFamily::Ipv4)
            }
            Address::Ipv6 { .. } => Some(AddressFamily::Ipv6),
            Address::Mdns(_) | Address::Fqdn(_) => Some(AddressFamily::Name),
            Address::Unparsed(_) => None,
        }
    }

    /// `IPv4`, `IPv6` or `name`.
    pub fn as_str(self) -> &'static str {
        match self {
            AddressFamily::Ipv4 => "IPv4",
            AddressFamily::Ipv6 => "IPv6",
            AddressFamily::Name => "name",
        }
    }
}

impl fmt::Display for AddressFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(text: &str) -> AddressClass {
        AddressClass::of(&Address::of(text))
    }

    /// One row per range boundary: the first and last address of each range, and the
    /// neighbours just outside it.
    #[test]
    fn classification_table() {
        use AddressClass::*;
        let table: &[(&str, AddressClass)] = &[
            ("0.0.0.0", Unspecified),
            ("::", Unspecified),
            ("0.0.0.1", Reserved),
            ("0.255.255.255", Reserved),
            ("1.0.0.0", Global),
            ("127.0.0.1", Loopback),
            ("127.255.255.254", Loopback),
            ("126.255.255.255", Global),
            ("128.0.0.0", Global),
            ("::1", Loopback),
            ("10.0.0.0", Private),
            ("10.99.0.1", Private),
            ("10.255.255.255", Private),
            ("11.0.0.0", Global),
            ("9.255.255.255", Global),
            ("172.15.255.255", Global),
            ("172.16.0.0", Private),
            ("172.31.255.255", Private),
            ("172.32.0.0", Global),
            ("192.168.0.1", Private),
            ("192.167.255.255", Global),
            ("192.169.0.0", Global),
            ("100.63.255.255", Global),
            ("100.64.0.0", Cgnat),
            ("100.127.255.255", Cgnat),
            ("100.128.0.0", Global),
            ("169.254.0.1", LinkLocal),
            ("169.253.255.255", Global),
            ("169.255.0.0", Global),
            ("fe80::1", LinkLocal),
            ("febf::1", LinkLocal),
            ("fec0::1", Reserved),
            ("fd99::1", UniqueLocal),
            ("fc00::", UniqueLocal),
            ("fdff:ffff::1", UniqueLocal),
            ("fe00::1", Global),
            ("fbff::1", Global),
            ("224.0.0.251", Multicast),
            ("239.255.255.255", Multicast),
            ("223.255.255.255", Global),
            ("ff02::fb", Multicast),
            ("255.255.255.255", Broadcast),
            ("240.0.0.1", Reserved),
            ("255.255.255.254", Reserved),
            ("192.0.2.1", Documentation),
            ("198.51.100.7", Documentation),
            ("203.0.113.141", Documentation),
            ("203.0.114.0", Global),
            ("2001:db8::1", Documentation),
            ("3fff::1", Documentation),
            ("3fff:fff::1", Documentation),
            ("3fff:1000::1", Global),
            ("3ffe::1", Global),
            ("192.0.0.1", Reserved),
            ("192.0.0.9", Global),
            ("192.0.0.10", Global),
            ("192.88.99.1", Reserved),
            ("198.18.0.1", Reserved),
            ("198.19.255.255", Reserved),
            ("198.20.0.0", Global),
            ("::ffff:10.0.0.1", Private),
            ("::ffff:8.8.8.8", Global),
            ("::10.0.0.1", Reserved),
            ("100::1", Reserved),
            ("2001:2::1", Reserved),
            ("2001::1", Global),
            ("2002:c000:204::1", Global),
            ("64:ff9b::808:808", Global),
            ("2a00:1450:4001:82b::200e", Global),
            ("8.8.8.8", Global),
            ("[fe80::1%eth0]", LinkLocal),
            ("fe80::1%3", LinkLocal),
            ("1f3bd06a-0a4b-4a57-9c9c-2c0d7e1f5b21.local", Mdns),
            ("Host.LOCAL.", Mdns),
            ("turn.example.com", Fqdn),
            ("local", Fqdn),
            ("not an address", Unparsed),
        ];
        for (text, want) in table {
            assert_eq!(class(text), *want, "{text}");
        }
        // Every class has a row, and the names are unique.
        for c in AddressClass::ALL {
            assert!(
                table.iter().any(|(_, w)| *w == c),
                "{c} has no row in the table"
            );
            assert_eq!(
                AddressClass::ALL
                    .iter()
                    .filter(|o| o.as_str() == c.as_str())
                    .count(),
                1
            );
        }
    }

    #[test]
    fn names_display_and_json() {
        assert_eq!(AddressClass::LinkLocal.to_string(), "link-local");
        assert_eq!(AddressClass::UniqueLocal.as_str(), "unique-local");
        assert_eq!(AddressClass::Cgnat.as_str(), "cgnat");
        for c in AddressClass::ALL {
            assert_eq!(
                serde_json::to_value(c).unwrap(),
                serde_json::Value::String(c.as_str().into())
            );
            assert!(!c.description().is_empty());
        }
        assert!(AddressClass::Private.description().contains("RFC 1918"));
    }

    #[test]
    fn predicates() {
        assert!(AddressClass::Global.is_publicly_routable());
        assert!(!AddressClass::Private.is_publicly_routable());
        assert!(!AddressClass::Documentation.is_publicly_routable());
        for c in [
            AddressClass::Private,
            AddressClass::Cgnat,
            AddressClass::LinkLocal,
            AddressClass::UniqueLocal,
            AddressClass::Loopback,
        ] {
            assert!(c.is_local_scope(), "{c}");
        }
        assert!(!AddressClass::Global.is_local_scope());
        assert!(AddressClass::Mdns.is_name() && AddressClass::Fqdn.is_name());
        assert!(!AddressClass::Global.is_name());
        assert!(AddressClass::Unspecified.is_unusable());
        assert!(AddressClass::Multicast.is_unusable());
        assert!(AddressClass::Broadcast.is_unusable());
        assert!(!AddressClass::Loopback.is_unusable());
    }

    #[test]
    fn families() {
        let fam = |t| AddressFamily::of(&Address::of(t));
        assert_eq!(fam("10.99.0.1"), Some(AddressFamily::Ipv4));
        assert_eq!(fam("fd99::1"), Some(AddressFamily::Ipv6));
        assert_eq!(fam("::ffff:10.0.0.1"), Some(AddressFamily::Ipv4));
        assert_eq!(fam("a.local"), Some(AddressFamily::Name));
        assert_eq!(fam("turn.example.com"), Some(AddressFamily::Name));
        assert_eq!(fam("%%"), None);
        assert_eq!(AddressFamily::Ipv6.to_string(), "IPv6");
    }
}
