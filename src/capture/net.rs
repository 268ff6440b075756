//! The network layer of a sliced packet: IPv4 (RFC 791) or IPv6 (RFC 8200) addresses, the
//! transport protocol, its bytes, and whether they are a fragment or were cut by the snapshot
//! length.

use etherparse::{IpFragOffset, IpNumber, Ipv6ExtensionSlice, LaxNetSlice, LaxSlicedPacket};
use std::net::IpAddr;

/// A fragment's place in its datagram.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fragment {
    /// IPv4 identification or IPv6 fragment-header identification.
    pub(crate) id: u32,
    pub(crate) offset: IpFragOffset,
    pub(crate) more: bool,
}

/// An IP packet's transport bytes.
pub(crate) struct IpPayload<'a> {
    pub(crate) src: IpAddr,
    pub(crate) dst: IpAddr,
    pub(crate) protocol: IpNumber,
    pub(crate) bytes: &'a [u8],
    /// The IP length says more bytes were sent than the capture kept.
    pub(crate) cut: bool,
    /// Set when this is one fragment of a datagram.
    pub(crate) fragment: Option<Fragment>,
}

/// What a sliced packet is at the network layer.
pub(crate) enum Net<'a> {
    Ip(IpPayload<'a>),
    /// ARP, or an ether type other than IP: not ours.
    NotIp,
    /// An IP header that does not decode.
    Malformed(String),
}

/// The network layer of `packet`.
pub(crate) fn network<'a>(packet: &LaxSlicedPacket<'a>) -> Net<'a> {
    match &packet.net {
        Some(LaxNetSlice::Ipv4(v4)) => {
            let h = v4.header();
            let p = v4.payload();
            Net::Ip(IpPayload {
                src: IpAddr::V4(h.source_addr()),
                dst: IpAddr::V4(h.destination_addr()),
                protocol: p.ip_number,
                bytes: p.payload,
                cut: p.incomplete,
                fragment: p.fragmented.then(|| Fragment {
                    id: u32::from(h.identification()),
                    offset: h.fragments_offset(),
                    more: h.more_fragments(),
                }),
            })
        }
        Some(LaxNetSlice::Ipv6(v6)) => {
            let h = v6.header();
            let p = v6.payload();
            let fragment = v6.extensions().clone().into_iter().find_map(|e| match e {
                Ipv6ExtensionSlice::Fragment(f) if f.is_fragmenting_payload() => Some(Fragment {
                    id: f.identification(),
                    offset: f.fragment_offset(),
                    more: f.more_fragments(),
                }),
                _ => None,
            });
            Net::Ip(IpPayload {
                src: IpAddr::V6(h.source_addr()),
                dst: IpAddr::V6(h.destination_addr()),
                protocol: p.ip_number,
                bytes: p.payload,
                cut: p.incomplete,
                fragment,
            })
        }
        Some(LaxNetSlice::Arp(_)) => Net::NotIp,
        None => match &packet.stop_err {
            Some((err, layer)) => Net::Malformed(format!("{layer}: {err}")),
            None => Net::NotIp,
        },
    }
}
