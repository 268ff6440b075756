//! The STUN/ICE handshake of every real capture (`fixtures/real/*/capture.pcap`) with its SDPs:
//! every check verifies with the SDPs' ice-pwd, ICE connects, and the selected pair is the one
//! the peers logged (`peers.log`).

use etherparse::{NetSlice, SlicedPacket, TransportSlice};
use pcap_file::pcap::PcapReader;
use rtcinspect::capture::{Flow, Packet, Transport};
use rtcinspect::handshake::stun::Check;
use rtcinspect::handshake::{Analyzer, IceFailure, IceOutcome, Peers, Report, Side};
use rtcinspect::stun::classify;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

fn real_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real")
}

/// UDP datagrams of an Ethernet pcap as capture packets (a stand-in for the capture reader).
fn packets(path: &Path) -> Vec<(u64, i128, Flow, Vec<u8>)> {
    let mut reader = PcapReader::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = Vec::new();
    let mut number = 0;
    while let Some(p) = reader.next_packet() {
        let p = p.unwrap();
        number += 1;
        let Ok(sliced) = SlicedPacket::from_ethernet(&p.data) else {
            continue;
        };
        let (src, dst): (IpAddr, IpAddr) = match &sliced.net {
            Some(NetSlice::Ipv4(ip)) => (
                ip.header().source_addr().into(),
                ip.header().destination_addr().into(),
            ),
            Some(NetSlice::Ipv6(ip)) => (
                ip.header().source_addr().into(),
                ip.header().destination_addr().into(),
            ),
            _ => continue,
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
    out
}

fn analyse(dir: &Path) -> Report {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let (offer, answer) = (read("offer.sdp"), read("answer.sdp"));
    let (offer, answer) = (
        rtcinspect::sdp::parse(&offer),
        rtcinspect::sdp::parse(&answer),
    );
    let mut analyzer = Analyzer::new(Peers::from_sdps(Some(&offer), Some(&answer)));
    for (number, time_ns, flow, bytes) in packets(&dir.join("capture.pcap")) {
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
    analyzer.finish()
}

/// The final selected pair in peers.log, as (local, remote) "address port" text of the offerer,
/// in either of the lab's two formats.
fn logged_pair(dir: &Path) -> Option<(String, String)> {
    let log = std::fs::read_to_string(dir.join("peers.log")).ok()?;
    let line = log
        .lines()
        .rev()
        .find(|l| l.starts_with("[offer") && l.contains("selected pair"))?;
    let after = line.split_once("selected pair").unwrap().1;
    let (local, remote) = after.split_once(" -> ")?;
    let end = |s: &str| -> String {
        // "… ADDR PORT typ host" (aiortc, libdatachannel) or ": host udp ADDR:PORT (…" (browsers).
        let words: Vec<&str> = s.split_whitespace().collect();
        if let Some(i) = words.iter().position(|w| *w == "typ") {
            format!("{} {}", words[i - 2], words[i - 1])
        } else {
            let w = words
                .iter()
                .find(|w| w.contains(':') && !w.ends_with(':'))
                .unwrap();
            let (a, p) = w.rsplit_once(':').unwrap();
            let a = if a.is_empty() { "(hidden)" } else { a };
            format!("{a} {p}")
        }
    };
    Some((end(local), end(remote)))
}

#[test]
fn every_real_capture_connects_and_verifies() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(real_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|d| d.join("capture.pcap").exists() && d.join("offer.sdp").exists())
        .collect();
    dirs.sort();
    let mut verified = 0;
    let mut checked_pairs = 0;
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy();
        let report = analyse(dir);
        let codes: Vec<&str> = report.findings.iter().map(|d| d.code).collect();
        assert!(
            !codes.iter().any(|c| ["H003", "H004", "H005"].contains(c)),
            "{name}: {:#?}",
            report.findings
        );
        for t in report.transactions.iter().filter(|t| t.is_ice_check()) {
            assert_eq!(
                t.integrity,
                Check::Ok,
                "{name}: packet {}",
                t.request.number
            );
            verified += 1;
        }
        if name == "aiortc-max-bundle-dc-first-failed" {
            // The offerer closed before checking (peers.log: "closed"); only the answerer's
            // checks are in the capture, the first answered, the rest hit closed ports.
            assert_eq!(
                report.ice,
                IceOutcome::Failed {
                    cause: IceFailure::OneWay {
                        working: Some(Side::Answerer),
                        from: "10.99.0.2:42230".parse().unwrap()
                    }
                },
                "{name}"
            );
            assert!(codes.contains(&"H008"), "{name}: {codes:?}");
            continue;
        }
        let IceOutcome::Connected { pair, .. } = report.ice else {
            panic!("{name}: {:?}", report.ice);
        };
        if let Some((local, remote)) = logged_pair(dir) {
            let p = &report.pairs[pair];
            let ends = [p.a.address, p.b.address];
            for logged in [&local, &remote] {
                // mDNS-hidden or redacted addresses are logged with a name or nothing: then
                // the port must match.
                let (ip, port) = logged.rsplit_once(' ').unwrap();
                let matched = match ip.parse::<IpAddr>() {
                    Ok(ip) => ends.contains(&SocketAddr::new(ip, port.parse().unwrap())),
                    Err(_) => ends.iter().any(|e| e.port().to_string() == port),
                };
                assert!(
                    matched,
                    "{name}: logged {local} -> {remote}, selected {} ↔ {}",
                    p.a.address, p.b.address
                );
                checked_pairs += 1;
            }
        }
    }
    assert!(verified >= 250, "{verified}");
    assert!(checked_pairs >= 40, "{checked_pairs}");
}
