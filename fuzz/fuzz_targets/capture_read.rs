//! `capture_read`: any bytes as a pcap or pcapng capture (as is, and behind a pcap and a
//! pcapng header): the reader never panics, never allocates without bound, and keeps its
//! promises on findings, numbering and progress (see `rtcinspect::capture::fuzz_read`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| rtcinspect::capture::fuzz_read(data));
