//! The network layer of a sliced packet: IPv4 (RFC 791) or IPv6 (RFC 8200) addresses, the
//! transport protocol, its bytes, and whether they are a fragment or were cut by the snapshot
//! length.

use etherparse::{IpFragOffset, IpNumber, LaxNetSlice, LaxSlicedPacket};
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
            // etherparse 0.21's extension iterator trusts lengths that its lax slicing did not
            // check (it panics on a cut extension header, found by fuzzing): walk the raw
            // extension bytes here instead.
            let fragment = if p.fragmented {
                ipv6_fragment(h.next_header(), v6.extensions().slice())
            } else {
                None
            };
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

/// The Fragment header (RFC 8200 §4.5) among IPv6 extension headers `exts` whose first header
/// is `next`, if it is there whole. Hop-by-Hop (0), Routing (43) and Destination Options (60)
/// are (Hdr Ext Len + 1) × 8 bytes long, AH (51, RFC 4302 §2.2) (Payload Len + 2) × 4.
fn ipv6_fragment(mut next: IpNumber, exts: &[u8]) -> Option<Fragment> {
    let mut at = 0usize;
    for _ in 0..16 {
        let h = exts.get(at..)?;
        match next.0 {
            44 => {
                let f = h.get(..8)?;
                let word = u16::from_be_bytes([f[2], f[3]]);
                return Some(Fragment {
                    id: u32::from_be_bytes([f[4], f[5], f[6], f[7]]),
                    offset: IpFragOffset::try_new(word >> 3).ok()?,
                    more: word & 1 == 1,
                });
            }
            0 | 43 | 60 => {
                next = IpNumber(*h.first()?);
                at += (usize::from(*h.get(1)?) + 1) * 8;
            }
            51 => {
                next = IpNumber(*h.first()?);
                at += (usize::from(*h.get(1)?) + 2) * 4;
            }
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_fragment_header_behind_other_extensions() {
        // Destination Options (8 bytes, next 44), then Fragment: offset 185 (×8), M=1, id 7.
        let mut exts = vec![44, 0, 0, 0, 0, 0, 0, 0];
        exts.extend_from_slice(&[17, 0, 0x05, 0xC9, 0, 0, 0, 7]);
        let f = ipv6_fragment(IpNumber(60), &exts).unwrap();
        assert_eq!((f.id, f.offset.value(), f.more), (7, 185, true));
        // Cut short: no panic, no fragment.
        assert!(ipv6_fragment(IpNumber(60), &exts[..12]).is_none());
        assert!(ipv6_fragment(IpNumber(0), &[44, 200]).is_none());
    }
}
