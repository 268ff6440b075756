//! Link layers down to IP (LINKTYPE_ values of draft-ietf-opsawg-pcaplinktype). Ethernet
//! (with 802.1Q and QinQ tags) and IP are sliced by `etherparse` in its lax mode, which keeps
//! what a snapshot-length cut leaves; the small pseudo-headers etherparse does not know —
//! Linux SLL and SLL2 (`tcpdump -i any`), BSD NULL and LOOP (macOS `lo0`) — are stripped here.

use etherparse::{EtherType, LaxSlicedPacket};

/// LINKTYPE_NULL: 4-byte address family in the writer's byte order.
pub const NULL: u32 = 0;
/// LINKTYPE_ETHERNET.
pub const ETHERNET: u32 = 1;
/// LINKTYPE_RAW: the packet starts with an IPv4 or IPv6 header.
pub const RAW: u32 = 101;
/// LINKTYPE_LOOP: 4-byte address family, big-endian (OpenBSD loopback).
pub const LOOP: u32 = 108;
/// LINKTYPE_LINUX_SLL: 16-byte "cooked" header, protocol at bytes 14–15.
pub const LINUX_SLL: u32 = 113;
/// LINKTYPE_IPV4.
pub const IPV4: u32 = 228;
/// LINKTYPE_IPV6.
pub const IPV6: u32 = 229;
/// LINKTYPE_LINUX_SLL2: 20-byte "cooked" header, protocol at bytes 0–1.
pub const LINUX_SLL2: u32 = 276;

/// Whether the reader decodes this link type.
pub fn is_supported(link_type: u32) -> bool {
    matches!(
        link_type,
        NULL | ETHERNET | RAW | LOOP | LINUX_SLL | IPV4 | IPV6 | LINUX_SLL2
    )
}

/// A name for a link type, for messages.
pub fn name(link_type: u32) -> String {
    match link_type {
        NULL => "NULL (BSD loopback)".into(),
        ETHERNET => "Ethernet".into(),
        RAW => "RAW (IP)".into(),
        LOOP => "LOOP (OpenBSD loopback)".into(),
        LINUX_SLL => "Linux SLL".into(),
        IPV4 => "IPv4".into(),
        IPV6 => "IPv6".into(),
        LINUX_SLL2 => "Linux SLL2".into(),
        other => format!("LINKTYPE {other}"),
    }
}

/// What the link layer held: sliced down as far as it goes (IP, ARP, or an ether type that
/// is not IP), or why not (a link header shorter than its fixed size, a family that is not IP).
pub(crate) type Link<'a> = Result<LaxSlicedPacket<'a>, String>;

/// Slices a packet of `link_type` (which [`is_supported`]).
pub(crate) fn slice(link_type: u32, data: &[u8]) -> Link<'_> {
    let short = |need: usize| {
        Err(format!(
            "{} header needs {need} bytes, the packet has {}",
            name(link_type),
            data.len()
        ))
    };
    match link_type {
        ETHERNET => match LaxSlicedPacket::from_ethernet(data) {
            Ok(p) => Ok(p),
            Err(e) => Err(format!("Ethernet header: {e}")),
        },
        LINUX_SLL => match data.get(14..16) {
            Some(p) => Ok(LaxSlicedPacket::from_ether_type(
                EtherType(u16::from_be_bytes([p[0], p[1]])),
                &data[16..],
            )),
            None => short(16),
        },
        LINUX_SLL2 => match data.get(..20) {
            Some(h) => Ok(LaxSlicedPacket::from_ether_type(
                EtherType(u16::from_be_bytes([h[0], h[1]])),
                &data[20..],
            )),
            None => short(20),
        },
        NULL | LOOP => {
            let Some(h) = data.first_chunk::<4>() else {
                return short(4);
            };
            // NULL is in the writer's byte order, unknown to the reader: families are small
            // numbers, so the non-zero end tells. LOOP is big-endian.
            let family = if link_type == LOOP || h[0] == 0 {
                u32::from_be_bytes(*h)
            } else {
                u32::from_le_bytes(*h)
            };
            match family {
                // AF_INET everywhere; AF_INET6 is 24 (NetBSD, OpenBSD), 28 (FreeBSD),
                // 30 (macOS), 10 (Linux).
                2 | 24 | 28 | 30 | 10 => ip(&data[4..]),
                other => Err(format!(
                    "{} address family {other} is not IP",
                    name(link_type)
                )),
            }
        }
        _ => ip(data),
    }
}

fn ip(data: &[u8]) -> Link<'_> {
    match LaxSlicedPacket::from_ip(data) {
        Ok(p) => Ok(p),
        Err(e) => Err(format!("IP header: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ipv4_udp() -> Vec<u8> {
        let mut out = Vec::new();
        etherparse::PacketBuilder::ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(1000, 2000)
            .write(&mut out, &[0, 1, 0, 0])
            .unwrap();
        out
    }

    fn ports(link: Link<'_>) -> Option<(u16, u16)> {
        let Ok(p) = link else { return None };
        match p.transport? {
            etherparse::TransportSlice::Udp(u) => Some((u.source_port(), u.destination_port())),
            _ => None,
        }
    }

    #[test]
    fn pseudo_headers_are_stripped() {
        let ip = ipv4_udp();
        let mut null_le = vec![2, 0, 0, 0];
        null_le.extend_from_slice(&ip);
        assert_eq!(ports(slice(NULL, &null_le)), Some((1000, 2000)));
        let mut lo = vec![0, 0, 0, 2];
        lo.extend_from_slice(&ip);
        assert_eq!(ports(slice(LOOP, &lo)), Some((1000, 2000)));
        let mut sll2 = vec![
            0x08, 0x00, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        sll2.extend_from_slice(&ip);
        assert_eq!(ports(slice(LINUX_SLL2, &sll2)), Some((1000, 2000)));
        assert_eq!(ports(slice(RAW, &ip)), Some((1000, 2000)));
        assert!(slice(LINUX_SLL2, &sll2[..10]).is_err());
        assert!(slice(NULL, &[7, 0, 0, 0, 1]).is_err());
    }
}
