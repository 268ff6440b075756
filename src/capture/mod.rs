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
//! `pcapng`, [`timestamp`]) → [`link`] → `net` (+ `defrag`) → UDP / `tcp` → [`demux`] →
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
