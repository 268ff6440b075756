//! TCP streams (RFC 9293) carrying ICE-TCP (RFC 6544 §3: RFC 4571 framing, a 16-bit length
//! before each STUN message, DTLS record, RTP or RTCP packet) or TURN over TCP (RFC 8656
//! §12.5 / RFC 8489 §6.2.2: STUN messages and padded ChannelData back to back).
//!
//! Each direction is reassembled in sequence order: retransmitted bytes are dropped and
//! counted, segments that arrive early wait (up to [`super::Limits::max_tcp_buffer`] bytes),
//! and bytes missing from the capture are a gap after which the stream is followed again only
//! if a later segment visibly starts a frame. Streams that are neither framing (HTTP, TLS…)
//! are ignored.

use super::findings::file_span;
use super::packet::Flow;
use crate::diag::{registry, Diagnostic};
use crate::stun::framing::ChannelData;
use std::collections::{BTreeMap, HashMap};

const MAGIC_COOKIE: [u8; 4] = [0x21, 0x12, 0xA4, 0x42];

/// How a stream delimits its messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Framing {
    /// Not decided yet (fewer than 10 bytes seen).
    Unknown,
    /// RFC 4571 length prefix (ICE-TCP).
    Rfc4571,
    /// STUN and ChannelData by their own lengths (TURN over TCP).
    Stun,
    /// Neither: not followed.
    Other,
}

/// Where a segment came from, for packets and findings.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Origin {
    pub(crate) number: u64,
    pub(crate) offset: u64,
    pub(crate) time_ns: i128,
}

struct Direction {
    /// Sequence number of the next in-order byte.
    next_seq: u32,
    /// Its position in the stream (bytes since the first seen; no wraparound).
    next_pos: u64,
    /// In-order bytes not yet delimited (an incomplete frame).
    pending: Vec<u8>,
    /// Segments ahead of `next_seq`, by stream position.
    early: BTreeMap<u64, (Vec<u8>, Origin)>,
    early_bytes: usize,
    framing: Framing,
    /// After a gap: waiting for a segment that starts a frame.
    lost: bool,
}

/// Per-direction TCP state.
pub(crate) struct Streams {
    dirs: HashMap<Flow, Direction>,
    max_flows: usize,
    max_buffer: usize,
    limit_reported: bool,
}

/// A segment's facts.
pub(crate) struct Segment<'a> {
    pub(crate) seq: u32,
    pub(crate) syn: bool,
    pub(crate) fin_or_rst: bool,
    pub(crate) payload: &'a [u8],
}

impl Streams {
    pub(crate) fn new(max_flows: usize, max_buffer: usize) -> Self {
        Streams {
            dirs: HashMap::new(),
            max_flows,
            max_buffer: max_buffer.max(70_000),
            limit_reported: false,
        }
    }

    /// Adds a segment of `flow`; `emit` gets every message it completes (with the record
    /// that completed it), `findings` what went wrong.
    pub(crate) fn segment(
        &mut self,
        flow: Flow,
        seg: Segment<'_>,
        at: Origin,
        findings: &mut Vec<Diagnostic>,
        emit: &mut dyn FnMut(Flow, &[u8], Origin),
    ) {
        if seg.syn {
            // A (new) connection on this 5-tuple: start over.
            if let Some(old) = self.dirs.remove(&flow) {
                old.close(flow, findings, emit);
            }
        }
        if !self.dirs.contains_key(&flow) {
            if self.dirs.len() >= self.max_flows {
                if !self.limit_reported {
                    self.limit_reported = true;
                    findings.push(Diagnostic::new(
                        &registry::CAPTURE_LIMIT_REACHED,
                        file_span(at.offset, 0),
                        format!(
                            "record {}: {} TCP directions are followed already (the limit); {} and later new streams are not analysed",
                            at.number, self.max_flows, show(flow)
                        ),
                    ));
                }
                return;
            }
            if seg.payload.is_empty() && !seg.syn {
                return;
            }
            let next_seq = if seg.syn {
                seg.seq.wrapping_add(1)
            } else {
                seg.seq
            };
            self.dirs.insert(
                flow,
                Direction {
                    next_seq,
                    next_pos: 0,
                    pending: Vec::new(),
                    early: BTreeMap::new(),
                    early_bytes: 0,
                    framing: Framing::Unknown,
                    lost: false,
                },
            );
        }
        let Some(dir) = self.dirs.get_mut(&flow) else {
            return;
        };
        // (A SYN made the state afresh above; data on a SYN is not followed.)
        if !seg.syn && !seg.payload.is_empty() {
            let delta = seg.seq.wrapping_sub(dir.next_seq) as i32;
            if delta < 0 {
                let overlap = delta.unsigned_abs() as usize;
                findings.push(Diagnostic::new(
                    &registry::TCP_RETRANSMISSION,
                    file_span(at.offset, 0),
                    format!(
                        "record {}: {} repeats {} byte(s) already seen (retransmission)",
                        at.number,
                        show(flow),
                        overlap.min(seg.payload.len())
                    ),
                ));
                if overlap < seg.payload.len() {
                    dir.accept(&seg.payload[overlap..], at, flow, findings, emit);
                }
            } else if delta == 0 {
                if let Some((_, (_, later))) = dir.early.first_key_value() {
                    findings.push(Diagnostic::new(
                        &registry::TCP_RETRANSMISSION,
                        file_span(at.offset, 0),
                        format!(
                            "record {}: {} segment fills a hole after later bytes arrived (record {}): out of order",
                            at.number,
                            show(flow),
                            later.number
                        ),
                    ));
                }
                dir.accept(seg.payload, at, flow, findings, emit);
            } else {
                // Ahead of the stream: held until the hole before it fills (then it was out
                // of order) or is given up (then it is a gap).
                let pos = dir.next_pos + delta as u64;
                if dir.early_bytes + seg.payload.len() > self.max_buffer {
                    dir.skip_hole(
                        flow,
                        "more bytes arrived after it than the buffer limit holds",
                        findings,
                    );
                    dir.drain(flow, findings, emit);
                }
                if dir.early.is_empty() && pos == dir.next_pos {
                    dir.accept(seg.payload, at, flow, findings, emit);
                } else if !dir.early.contains_key(&pos) {
                    dir.early_bytes += seg.payload.len();
                    dir.early.insert(pos, (seg.payload.to_vec(), at));
                }
            }
        }
        dir.drain(flow, findings, emit);
        if seg.fin_or_rst {
            if let Some(dir) = self.dirs.remove(&flow) {
                dir.close(flow, findings, emit);
            }
        }
    }

    /// The end of the capture: streams with bytes still waiting behind a gap report it.
    pub(crate) fn finish(
        self,
        findings: &mut Vec<Diagnostic>,
        emit: &mut dyn FnMut(Flow, &[u8], Origin),
    ) {
        let mut dirs: Vec<_> = self.dirs.into_iter().collect();
        dirs.sort_by_key(|(f, _)| *f);
        for (flow, dir) in dirs {
            dir.close(flow, findings, emit);
        }
    }
}

fn show(flow: Flow) -> String {
    format!("TCP {} -> {}", flow.src, flow.dst)
}

impl Direction {
    /// In-order bytes.
    fn accept(
        &mut self,
        bytes: &[u8],
        at: Origin,
        flow: Flow,
        findings: &mut Vec<Diagnostic>,
        emit: &mut dyn FnMut(Flow, &[u8], Origin),
    ) {
        self.next_seq = self.next_seq.wrapping_add(bytes.len() as u32);
        self.next_pos += bytes.len() as u64;
        if self.framing == Framing::Other {
            return;
        }
        if self.lost {
            // Follow again only from a segment that visibly starts a frame.
            if self.framing == Framing::Unknown || !starts_frame(self.framing, bytes) {
                return;
            }
            self.lost = false;
            self.pending.clear();
        }
        self.pending.extend_from_slice(bytes);
        if self.framing == Framing::Unknown {
            self.framing = detect(&self.pending);
            if self.framing == Framing::Unknown {
                return;
            }
            if self.framing == Framing::Other {
                self.pending = Vec::new();
                return;
            }
        }
        let mut used = 0;
        loop {
            let rest = &self.pending[used..];
            match next_frame(self.framing, rest) {
                FrameCut::Frame { payload, total } => {
                    emit(flow, payload, at);
                    used += total;
                }
                FrameCut::Incomplete => break,
                FrameCut::Garbage => {
                    findings.push(Diagnostic::new(
                        &registry::MALFORMED_PACKET,
                        file_span(at.offset, 0),
                        format!(
                            "record {}: {} carries a byte ({:#04x}) that starts no STUN message or ChannelData; the stream is followed again from the next segment that starts one",
                            at.number,
                            show(flow),
                            rest[0]
                        ),
                    ));
                    used = self.pending.len();
                    self.lost = true;
                    break;
                }
            }
        }
        self.pending.drain(..used);
        if self.pending.capacity() > 4 * 65_540 && self.pending.len() < 65_540 {
            self.pending.shrink_to(65_540);
        }
    }

    /// Hands over the waiting segments that are now in order.
    fn drain(
        &mut self,
        flow: Flow,
        findings: &mut Vec<Diagnostic>,
        emit: &mut dyn FnMut(Flow, &[u8], Origin),
    ) {
        while let Some((&pos, _)) = self.early.first_key_value() {
            if pos > self.next_pos {
                break;
            }
            let Some((_, (bytes, origin))) = self.early.pop_first() else {
                break;
            };
            self.early_bytes -= bytes.len();
            let skip = (self.next_pos - pos) as usize;
            if skip < bytes.len() {
                self.accept(&bytes[skip..], origin, flow, findings, emit);
            }
        }
    }

    /// Gives up the bytes missing before the earliest waiting segment: a gap.
    fn skip_hole(&mut self, flow: Flow, why: &str, findings: &mut Vec<Diagnostic>) {
        let Some((&pos, (_, origin))) = self.early.first_key_value() else {
            return;
        };
        let missing = pos - self.next_pos;
        findings.push(
            Diagnostic::new(
                &registry::TCP_STREAM_GAP,
                file_span(origin.offset, 0),
                format!(
                    "record {}: {} lacks {missing} byte(s) before this segment, from sequence number {} ({why}); frames after the gap are followed again from the first segment that starts one",
                    origin.number,
                    show(flow),
                    self.next_seq
                ),
            )
            .with_help("the capture dropped packets (see tcpdump's \"packets dropped by kernel\") or started mid-stream; capture with a larger buffer (-B) or write to a faster disk"),
        );
        self.next_seq = self.next_seq.wrapping_add(missing as u32);
        self.next_pos = pos;
        self.lost = true;
        self.pending.clear();
    }

    /// The stream ends (FIN, RST or end of capture): segments still waiting mean a gap.
    fn close(
        mut self,
        flow: Flow,
        findings: &mut Vec<Diagnostic>,
        emit: &mut dyn FnMut(Flow, &[u8], Origin),
    ) {
        while !self.early.is_empty() {
            self.skip_hole(flow, "the stream ends without them", findings);
            self.drain(flow, findings, emit);
        }
    }
}

/// Which framing the first bytes of a stream show: a STUN header (magic cookie at bytes 4–7)
/// at offset 0 is TURN over TCP, at offset 2 (after a length) is RFC 4571.
fn detect(b: &[u8]) -> Framing {
    if b.len() >= 8 && b[0] < 4 && b[4..8] == MAGIC_COOKIE {
        return Framing::Stun;
    }
    if b.len() >= 10 && b[2] < 4 && b[6..10] == MAGIC_COOKIE {
        return Framing::Rfc4571;
    }
    if b.len() >= 10 {
        // Joined mid-stream: an RFC 4571 frame holding a DTLS record (version 0xFEFD/0xFEFF).
        if (20..=26).contains(&b[2]) && b[3] == 0xFE {
            return Framing::Rfc4571;
        }
        return Framing::Other;
    }
    Framing::Unknown
}

/// Whether a segment after a gap starts a frame of `framing`.
fn starts_frame(framing: Framing, b: &[u8]) -> bool {
    match framing {
        Framing::Stun => {
            (b.len() >= 8 && b[0] < 4 && b[4..8] == MAGIC_COOKIE)
                || ChannelData::decode_stream(b).is_ok()
        }
        Framing::Rfc4571 => match b.get(2) {
            Some(0..=3) => b.get(6..10) == Some(&MAGIC_COOKIE[..]),
            Some(first) => matches!(first, 20..=63 | 128..=191),
            None => false,
        },
        _ => false,
    }
}

enum FrameCut<'a> {
    Frame { payload: &'a [u8], total: usize },
    Incomplete,
    Garbage,
}

fn next_frame(framing: Framing, b: &[u8]) -> FrameCut<'_> {
    match framing {
        Framing::Rfc4571 => {
            let Some(len) = b
                .first_chunk::<2>()
                .map(|l| usize::from(u16::from_be_bytes(*l)))
            else {
                return FrameCut::Incomplete;
            };
            match b.get(2..2 + len) {
                Some(payload) => FrameCut::Frame {
                    payload,
                    total: 2 + len,
                },
                None => FrameCut::Incomplete,
            }
        }
        Framing::Stun => match b.first() {
            None => FrameCut::Incomplete,
            Some(0..=3) => {
                let Some(len) = b
                    .get(2..4)
                    .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
                else {
                    return FrameCut::Incomplete;
                };
                match b.get(..20 + len) {
                    Some(msg) => FrameCut::Frame {
                        payload: msg,
                        total: 20 + len,
                    },
                    None => FrameCut::Incomplete,
                }
            }
            Some(0x40..=0x4F) => match ChannelData::decode_stream(b) {
                // The whole ChannelData message (padding included) is the packet: the
                // demultiplexer unwraps it like a datagram's.
                Ok((_, used)) => FrameCut::Frame {
                    payload: &b[..used],
                    total: used,
                },
                Err(_) if b.len() < 4 + 65_535 + 3 => FrameCut::Incomplete,
                Err(_) => FrameCut::Garbage,
            },
            Some(_) => FrameCut::Garbage,
        },
        _ => FrameCut::Incomplete,
    }
}
