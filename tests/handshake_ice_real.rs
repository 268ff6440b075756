//! The STUN/ICE handshake of every real capture (`fixtures/real/*/capture.pcap`) with its SDPs:
//! every check verifies with the SDPs' ice-pwd, ICE connects, and the selected pair is the one
//! the peers logged (`peers.log`).

mod common;

use common::{analyse, real_dir};
use rtcinspect::handshake::stun::Check;
use rtcinspect::handshake::{IceFailure, IceOutcome, Side};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

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
            // checks are in the capture, the first answered by the offerer, the rest hit
            // closed ports. The offerer answered but never checked back: not a firewall.
            assert_eq!(
                report.ice,
                IceOutcome::Failed {
                    cause: IceFailure::NoChecksBack {
                        silent: Some(Side::Offerer),
                        at: "10.99.0.1:52753".parse().unwrap()
                    }
                },
                "{name}"
            );
            // The answered pair's finding says the offerer is not checking, not that a
            // direction is dropped.
            let answered = report
                .findings
                .iter()
                .find(|d| d.code == "H008" && d.message.contains("1/1 answered"))
                .unwrap_or_else(|| panic!("{name}: {:#?}", report.findings));
            let help = answered.help.as_deref().unwrap_or_default();
            assert!(help.contains("sends no check of its own"), "{help}");
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
