//! The explicit bounds of the capture reader: whatever the input, memory stays under
//! roughly `max_record_bytes + max_flows × (per-flow state) + max_tcp_buffer × TCP directions
//! + max_fragments_in_flight × 64 KiB`.

/// Resource limits of [`super::read_capture`]. Reaching one is reported as a finding
/// (`C009 capture-limit-reached`); the data over the limit is not analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest pcap record or pcapng block accepted (bytes, headers included). A larger
    /// declared length is taken as a corrupt length (`C003 invalid-record-length`).
    /// Default 16 MiB: libpcap's largest snapshot length is 256 KiB, D-Bus captures 128 MiB
    /// are not WebRTC.
    pub max_record_bytes: usize,
    /// Most 5-tuples tracked at once (UDP and TCP directions). Packets of further flows are
    /// still demultiplexed when they need no state (UDP); new TCP streams are not followed.
    /// Default 65,536.
    pub max_flows: usize,
    /// Most bytes buffered per TCP direction: out-of-order segments waiting for a gap to
    /// fill, plus an incomplete RFC 4571 frame (at most 65,537 bytes). Default 256 KiB.
    pub max_tcp_buffer: usize,
    /// Most IP datagrams being reassembled from fragments at once (each up to 64 KiB).
    /// Default 256.
    pub max_fragments_in_flight: usize,
    /// Most findings of one code before the rest are only counted (a capture with a
    /// snaplen of 96 cuts every packet: one finding says it). Default 20.
    pub max_findings_per_code: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_record_bytes: 16 << 20,
            max_flows: 65_536,
            max_tcp_buffer: 256 << 10,
            max_fragments_in_flight: 256,
            max_findings_per_code: 20,
        }
    }
}
