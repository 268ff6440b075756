//! Captures: pcap and pcapng reading, link layers, IPv4/IPv6, UDP and TCP (RFC 4571 framing
//! for ICE-TCP), and the RFC 7983 first-byte demultiplexing into [`Packet`]s.
//!
//! The reader streams: a capture is read once, with per-flow state only. Its output, one
//! [`Packet`] per datagram or per RFC 4571 frame, is what [`crate::handshake`] analyses.

mod packet;

pub use packet::{Flow, Packet, Payload, Transport};
