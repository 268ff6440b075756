//! Family `C`: captures (`crate::capture`): the pcap/pcapng file, its link layers, IP
//! fragments and TCP streams. Findings name the record number (Wireshark's frame number) and
//! the byte offset of the record in the file.

use super::rules;

rules! {
    list CAPTURE;
    // --- C: captures (src/capture/): file format, link layers, IP, TCP streams.
    UNKNOWN_CAPTURE_FORMAT = "C001" "unknown-capture-format" Error "draft-ietf-opsawg-pcap §4, draft-ietf-opsawg-pcapng §4.1"
        "The input starts with neither a pcap magic number (0xa1b2c3d4, 0xa1b23c4d, either byte order) nor a pcapng Section Header Block: nothing can be read.";
    TRUNCATED_CAPTURE = "C002" "truncated-capture" Warning "draft-ietf-opsawg-pcap §5, draft-ietf-opsawg-pcapng §3.1"
        "The file ends inside a record or block (the capture was cut while being written or copied); the incomplete record is skipped.";
    INVALID_RECORD_LENGTH = "C003" "invalid-record-length" Error "draft-ietf-opsawg-pcap §5, draft-ietf-opsawg-pcapng §3.1"
        "A record or block declares an impossible length (not a multiple of 4, under the minimum, over the snapshot length or the reader's limit, or a trailer that differs); the reader skips to the next plausible record.";
    UNSUPPORTED_LINK_TYPE = "C004" "unsupported-link-type" Warning "draft-ietf-opsawg-pcaplinktype"
        "An interface's link type is not one the reader decodes (Ethernet, Linux SLL/SLL2, BSD NULL/LOOP, RAW, IPv4, IPv6); its packets are skipped.";
    PACKET_CUT_BY_SNAPLEN = "C005" "packet-cut-by-snaplen" Warning "draft-ietf-opsawg-pcap §5"
        "The capture kept fewer bytes of a packet than were sent (snapshot length): its payload is incomplete, so messages in it cannot be decoded or verified whole.";
    MALFORMED_PACKET = "C006" "malformed-packet" Warning "RFC 791 §3.1, RFC 8200 §3, RFC 768"
        "A link, IP, UDP or TCP header does not decode (wrong length, bad version, inconsistent lengths); the packet is skipped.";
    INCOMPLETE_IP_FRAGMENTS = "C007" "incomplete-ip-fragments" Warning "RFC 791 §3.2, RFC 8200 §4.5"
        "IP fragments that never formed a whole datagram (a fragment missing from the capture, or fragments that conflict); the datagram is lost.";
    TCP_STREAM_GAP = "C008" "tcp-stream-gap" Warning "RFC 9293 §3.4, RFC 4571 §2"
        "Bytes of a TCP stream are missing from the capture: the RFC 4571 frames after the gap cannot be delimited and are not analysed.";
    CAPTURE_LIMIT_REACHED = "C009" "capture-limit-reached" Warning "rtcinspect capture limits"
        "A resource limit of the reader was reached (flows, TCP bytes buffered, fragments in flight); the data over the limit is not analysed.";
    TCP_RETRANSMISSION = "C010" "tcp-retransmission" Note "RFC 9293 §3.10.7.4"
        "A TCP segment repeats bytes already seen, or arrives before bytes that precede it; the stream is reassembled in order and the repeated bytes are dropped.";
    MALFORMED_CAPTURE_BLOCK = "C011" "malformed-capture-block" Error "draft-ietf-opsawg-pcapng §4"
        "A pcapng block has a valid length but content that does not decode (a bad option, a packet for an interface never described); the block is skipped.";
}
