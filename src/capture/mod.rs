//! Captures: pcap and pcapng reading, link layers, IPv4/IPv6, UDP and TCP (RFC 4571 framing
//! for ICE-TCP), and the RFC 7983 first-byte demultiplexing into [`Packet`]s.
//!
//! The reader streams: a capture is read once, with per-flow state only. Its output, one
//! [`Packet`] per datagram or per RFC 4571 frame, is what [`crate::handshake`] analyses.
//!
//! ```no_run
//! use rtcinspect::capture::{read_capture, Event, Limits};
//! let file = std::fs::File::open("capture.pcapng")?;
//! read_capture(file, &Limits::default(), &mut |event| match event {
//!     Event::Packet(p) => println!("{} {:?} {} bytes", p.number, p.kind, p.bytes.len()),
//!     Event::Finding(d) => eprintln!("{}: {}", d.code, d.message),
//!     Event::Progress(_) => {}
//! })?;
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! Layers, one module each: `source` (a window over any reader) → `record` (`pcap` /
//! `pcapng`, [`timestamp`]) → [`link`] → `net` (+ `defrag`) → UDP / `tcp` → [`demux`](mod@demux) →
//! [`Packet`]. [`flows`] sums packets per 5-tuple.

mod defrag;
pub mod demux;
mod findings;
pub mod flows;
mod limits;
pub mod link;
mod net;
mod packet;
mod pcap;
mod pcapng;
mod reader;
mod record;
mod source;
mod tcp;
pub mod timestamp;

pub use demux::{demux, is_rtcp, kind_of};
pub use flows::{AddrFilter, FlowStats, FlowTable, KindCounts};
pub use limits::Limits;
pub use packet::{Flow, Packet, Payload, Transport};
pub use reader::{read_capture, Event, Summary};
pub use record::Format;

/// Entry point of the `capture_read` fuzz target: reads `data` as a capture, as is and behind
/// a pcap and a pcapng file header (so that mutations reach the records quickly), with small
/// limits, and checks the reader's promises: no panic, every finding of family `C` with a
/// binary span, packets numbered within the records read (corrupt ones included), progress
/// monotonic.
#[cfg(feature = "fuzzing")]
pub fn fuzz_read(data: &[u8]) {
    const PCAP: [u8; 24] = [
        0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0,
    ];
    const PCAPNG: [u8; 48] = [
        0x0A, 0x0D, 0x0D, 0x0A, 28, 0, 0, 0, 0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 28, 0, 0, 0, // SHB
        1, 0, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0, 0, 0, 4, 0, 20, 0, 0, 0, // IDB, Ethernet
    ];
    let limits = Limits {
        max_record_bytes: 1 << 16,
        max_flows: 4,
        max_tcp_buffer: 1 << 12,
        max_fragments_in_flight: 2,
        max_findings_per_code: 3,
    };
    for prefix in [&[][..], &PCAP[..], &PCAPNG[..]] {
        let input: Vec<u8> = prefix.iter().chain(data).copied().collect();
        let mut last_progress = 0;
        let mut max_number = 0;
        let summary = read_capture(&input[..], &limits, &mut |e| match e {
            Event::Packet(p) => {
                max_number = max_number.max(p.number);
                assert!(p.offset < input.len() as u64);
            }
            Event::Finding(d) => {
                assert!(d.code.starts_with('C') && d.span.line == 0, "{d:?}");
            }
            Event::Progress(at) => {
                assert!(at >= last_progress);
                last_progress = at;
            }
        })
        .unwrap_or_else(|e| panic!("no I/O error from a slice: {e}"));
        assert!(max_number <= summary.records + summary.corrupt_records);
        assert!(summary.bytes <= input.len() as u64);
    }
}
