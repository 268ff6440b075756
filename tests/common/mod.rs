//! Shared by the real-capture tests: a stand-in for the capture reader (Ethernet pcap, UDP
//! only) and the analysis of a capture with its SDPs.
#![allow(dead_code)]

use etherparse::{NetSlice, SlicedPacket, TransportSlice};
use pcap_file::pcap::PcapReader;
use pcap_file::DataLink;
use rtcinspect::capture::{Flow, Packet, Transport};
use rtcinspect::handshake::{Analyzer, Peers, Report};
use rtcinspect::stun::classify;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

/// `fixtures/real`.
pub fn real_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real")
}

/// One UDP datagram: capture record number, time (ns), 5-tuple, payload.
pub type Datagram = (u64, i128, Flow, Vec<u8>);

/// UDP datagrams of an Ethernet pcap (mDNS left out); `None` for other files (pcapng, other
/// link types), which the capture reader will handle.
pub fn packets(path: &Path) -> Option<Vec<Datagram>> {
    let mut reader = PcapReader::new(std::fs::File::open(path).ok()?).ok()?;
    if reader.header().datalink != DataLink::ETHERNET {
        return None;
    }
    let mut out = Vec::new();
    let mut number = 0;
    while let Some(p) = reader.next_packet() {
        let p = p.unwrap();
        number += 1;
        let Ok(sliced) = SlicedPacket::from_ethernet(&p.data) else {
            continue;
        };
        let Some((src, dst)) = ip_pair(&sliced.net) else {
            continue;
        };
        let Some(TransportSlice::Udp(udp)) = &sliced.transport else {
            continue;
        };
        if udp.source_port() == 5353 || udp.payload().is_empty() {
            continue;
        }
        let flow = Flow {
            src: SocketAddr::new(src, udp.source_port()),
            dst: SocketAddr::new(dst, udp.destination_port()),
            transport: Transport::Udp,
        };
        out.push((
            number,
            p.timestamp.as_nanos() as i128,
            flow,
            udp.payload().to_vec(),
        ));
    }
    Some(out)
}

/// The analysis of `dir/capture` with `dir/offer` and `dir/answer` (file names); `None` when
/// the capture is not an Ethernet pcap.
pub fn analyse_with(dir: &Path, capture: &str, offer: &str, answer: &str) -> Option<Report> {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let (offer, answer) = (read(offer), read(answer));
    let (offer, answer) = (
        rtcinspect::sdp::parse(&offer),
        rtcinspect::sdp::parse(&answer),
    );
    let mut analyzer = Analyzer::new(Peers::from_sdps(Some(&offer), Some(&answer)));
    for (number, time_ns, flow, bytes) in packets(&dir.join(capture))? {
        analyzer.push(&Packet {
            number,
            time_ns,
            offset: 0,
            flow,
            channel: None,
            truncated: false,
            kind: classify(bytes[0]),
            bytes: &bytes,
        });
    }
    Some(analyzer.finish())
}

/// [`analyse_with`] `capture.pcap`, `offer.sdp`, `answer.sdp`.
pub fn analyse(dir: &Path) -> Report {
    analyse_with(dir, "capture.pcap", "offer.sdp", "answer.sdp").unwrap()
}

/// Source and destination addresses of an IPv4 or IPv6 packet; `None` for anything else.
pub fn ip_pair(net: &Option<NetSlice<'_>>) -> Option<(IpAddr, IpAddr)> {
    match net {
        Some(NetSlice::Ipv4(ip)) => Some((
            ip.header().source_addr().into(),
            ip.header().destination_addr().into(),
        )),
        Some(NetSlice::Ipv6(ip)) => Some((
            ip.header().source_addr().into(),
            ip.header().destination_addr().into(),
        )),
        _ => None,
    }
}
