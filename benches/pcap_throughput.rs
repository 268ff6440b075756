//! `rtcinspect pcap` on a large capture, side by side with `tshark -r FILE -Y stun` on the same
//! file in the same run: throughput (MB/s, packets/s) and peak memory (max RSS), at two file
//! sizes to show that memory stays flat as the file grows.
//!
//! The capture is generated at bench time (never committed): the records of every real
//! Ethernet capture in `fixtures/real/*/capture.pcap`, repeated with shifted timestamps until
//! the file reaches the size (default 128 MiB and 512 MiB; `PCAP_BENCH_MIB=64,256` to choose).
//! Both tools run as child processes, measured the same way: wall time, and the peak resident
//! set size from `getrusage(RUSAGE_CHILDREN)` read by a small Python wrapper. Run with
//! `cargo bench --bench pcap_throughput`; tshark comes from the distribution (`apt-get install
//! tshark`), and is skipped with a note when missing.

use pcap_file::pcap::{PcapPacket, PcapReader, PcapWriter};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const MIB: u64 = 1 << 20;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real")
}

/// Writes `path` with real records repeated until it holds at least `size` bytes; returns
/// the number of records.
fn make_capture(path: &Path, size: u64) -> u64 {
    let mut sources: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .flatten()
        .map(|e| e.path().join("capture.pcap"))
        .filter(|p| p.exists())
        .collect();
    sources.sort();
    let mut records: Vec<(Duration, Vec<u8>, u32)> = Vec::new();
    for s in &sources {
        let mut r = PcapReader::new(std::fs::File::open(s).unwrap()).unwrap();
        while let Some(p) = r.next_packet() {
            let p = p.unwrap();
            records.push((p.timestamp, p.data.into_owned(), p.orig_len));
        }
    }
    let header = PcapReader::new(std::fs::File::open(&sources[0]).unwrap())
        .unwrap()
        .header();
    let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut w = PcapWriter::with_header(file, header).unwrap();
    let (mut written, mut count, mut shift) = (24u64, 0u64, Duration::ZERO);
    while written < size {
        for (ts, data, orig) in &records {
            w.write_packet(&PcapPacket::new_owned(*ts + shift, *orig, data.clone()))
                .unwrap();
            written += 16 + data.len() as u64;
            count += 1;
        }
        shift += Duration::from_secs(3600);
    }
    count
}

/// Runs `cmd` with stdout to /dev/null; wall seconds and peak RSS (KiB) of the child.
fn measure(cmd: &[&str]) -> Option<(f64, u64)> {
    const WRAPPER: &str = "import resource, subprocess, sys, time\n\
t = time.perf_counter()\n\
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n\
e = time.perf_counter() - t\n\
print(e, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)";
    let out = Command::new("python3")
        .arg("-c")
        .arg(WRAPPER)
        .args(cmd)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut f = text.split_whitespace();
    let secs: f64 = f.next()?.parse().ok()?;
    let rss: u64 = f.next()?.parse().ok()?;
    Some((secs, rss))
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing we need.
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let sizes: Vec<u64> = std::env::var("PCAP_BENCH_MIB")
        .ok()
        .map(|v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![128, 512]);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pcap-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let ours = env!("CARGO_BIN_EXE_rtcinspect");
    let tshark = Command::new("tshark").arg("--version").output().is_ok();
    println!(
        "{:<34} {:>9} {:>10} {:>9} {:>12} {:>12}",
        "tool, file", "MiB", "packets", "s", "MB/s", "packets/s"
    );
    for mib in sizes {
        let path = dir.join(format!("real-x{mib}MiB.pcap"));
        let packets = make_capture(&path, mib * MIB);
        let bytes = std::fs::metadata(&path).unwrap().len();
        let file = path.to_str().unwrap();
        let mut rows = vec![("rtcinspect pcap", measure(&[ours, "pcap", file]))];
        rows.push((
            "rtcinspect pcap --flows",
            measure(&[ours, "pcap", "--flows", file]),
        ));
        if tshark {
            rows.push((
                "tshark -Y stun",
                measure(&["tshark", "-r", file, "-Y", "stun"]),
            ));
        }
        for (tool, m) in rows {
            match m {
                Some((secs, rss)) => println!(
                    "{:<34} {:>9.0} {:>10} {:>9.2} {:>12.1} {:>12.0}   peak RSS {:.1} MiB",
                    format!("{tool}, {mib} MiB"),
                    bytes as f64 / MIB as f64,
                    packets,
                    secs,
                    bytes as f64 / 1e6 / secs,
                    packets as f64 / secs,
                    rss as f64 / 1024.0
                ),
                None => println!("{tool}: could not run (python3 needed to measure)"),
            }
        }
        std::fs::remove_file(&path).ok();
    }
    if !tshark {
        println!("tshark not found: install it (apt-get install tshark) to compare");
    }
}
