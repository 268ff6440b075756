//! mDNS responses in a capture (RFC 6762): the address of each `.local` name, so that the
//! candidates browsers announce under mDNS names (hiding their host addresses, see
//! draft-ietf-mmusic-mdns-ice-candidates) can be matched to the packets. The DNS message
//! format is read by the `simple-dns` crate.

use simple_dns::rdata::RData;
use simple_dns::{Packet, PacketFlag};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The mDNS port (RFC 6762 §3): responses are sent from it.
pub const MDNS_PORT: u16 = 5353;

/// The `.local` names an mDNS response gives addresses for, lower-cased, each with its
/// address: the A and AAAA records of its answer and additional sections (RFC 6762 §6).
/// Empty for anything else: a query, other record types, bytes that are not DNS.
pub fn addresses(bytes: &[u8]) -> Vec<(String, IpAddr)> {
    let Ok(packet) = Packet::parse(bytes) else {
        return Vec::new();
    };
    if !packet.has_flags(PacketFlag::RESPONSE) {
        return Vec::new();
    }
    packet
        .answers
        .iter()
        .chain(&packet.additional_records)
        .filter_map(|rr| {
            let ip = match &rr.rdata {
                RData::A(a) => IpAddr::V4(Ipv4Addr::from(a.address)),
                RData::AAAA(a) => IpAddr::V6(Ipv6Addr::from(a.address)),
                _ => return None,
            };
            let name = rr.name.to_string().to_ascii_lowercase();
            name.ends_with(".local").then_some((name, ip))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_and_garbage_give_nothing() {
        // A query for one A record (QR bit clear).
        let query = [
            0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, b'a', b'b', b'c', 5, b'l', b'o', b'c', b'a',
            b'l', 0, 0, 1, 0, 1,
        ];
        assert!(addresses(&query).is_empty());
        assert!(addresses(&[0xFF; 3]).is_empty());
        assert!(addresses(&[]).is_empty());
    }

    #[test]
    fn a_response_gives_its_local_names() {
        // Response, one answer: abc.local A 10.0.0.7 (cache flush), and one for another
        // domain, which is not mDNS.
        let mut r = vec![0, 0, 0x84, 0, 0, 0, 0, 2, 0, 0, 0, 0];
        r.extend_from_slice(&[3, b'a', b'b', b'c', 5, b'l', b'o', b'c', b'a', b'l', 0]);
        r.extend_from_slice(&[0, 1, 0x80, 1, 0, 0, 0, 120, 0, 4, 10, 0, 0, 7]);
        r.extend_from_slice(&[3, b'a', b'b', b'c', 3, b'c', b'o', b'm', 0]);
        r.extend_from_slice(&[0, 1, 0, 1, 0, 0, 0, 120, 0, 4, 10, 0, 0, 8]);
        assert_eq!(
            addresses(&r),
            [("abc.local".to_string(), IpAddr::from([10, 0, 0, 7]))]
        );
    }
}
