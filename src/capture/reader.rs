//! The streaming reader: records → link layer → IP (fragments reassembled) → UDP datagrams
//! and TCP frames → demultiplexed [`Packet`]s, handed to a visitor one at a time with the
//! findings on the way. The input is read once, front to back.

use super::defrag::{Added, Defrag, FragKey, Lost};
use super::demux::demux;
use super::findings::{file_span, FindingCap};
use super::link;
use super::net::{self, Net};
use super::packet::{Flow, Packet, Transport};
use super::record::{Format, Record, Records};
use super::tcp::{Origin, Segment, Streams};
use super::Limits;
use crate::diag::{registry, Diagnostic};
use etherparse::{IpNumber, TcpSlice, UdpSlice};
use serde::Serialize;
use std::collections::BTreeSet;
use std::io::{self, Read};
use std::net::SocketAddr;

/// How often [`Event::Progress`] is sent (bytes of input).
const PROGRESS_EVERY: u64 = 8 << 20;

/// What the reader hands to the visitor, in file order.
#[derive(Debug)]
pub enum Event<'a> {
    /// A demultiplexed packet (a UDP datagram, or an RFC 4571 / TURN-TCP frame).
    Packet(Packet<'a>),
    /// Something wrong with the file or a packet (family `C`).
    Finding(Diagnostic),
    /// Bytes of input read so far, every 8 MiB and once at the end.
    Progress(u64),
}

/// Counts of what the capture held.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// pcap or pcapng; `None` when the input is no capture.
    pub format: Option<Format>,
    /// Link types of the records (LINKTYPE_ values), sorted.
    pub link_types: BTreeSet<u32>,
    /// Packet records read.
    pub records: u64,
    /// Records given up for a corrupt length (`C003`). Record numbers count them too, so the
    /// last record number is `records + corrupt_records` when the file is read to its end.
    pub corrupt_records: u64,
    /// Bytes of input read.
    pub bytes: u64,
    /// Packets handed out ([`Event::Packet`]).
    pub packets: u64,
    /// Records that are not IP (ARP, other ether types).
    pub not_ip: u64,
    /// IP packets of other protocols than UDP and TCP (ICMP, …).
    pub other_protocols: u64,
    /// Records skipped: unsupported link type or malformed headers.
    pub skipped: u64,
    /// Time of the first and last record (ns since the Unix epoch).
    pub first_ns: Option<i128>,
    /// See `first_ns`.
    pub last_ns: Option<i128>,
}

/// Reads a pcap or pcapng capture from `input` (any reader: a file, stdin; it is read once,
/// in 64 KiB chunks) and calls `visit` for each packet, finding and progress step.
///
/// A file that is not a capture gives one `C001` finding and `Summary::format == None`.
/// Damage inside the file (truncation, bad lengths, bad blocks, cut packets, malformed
/// headers) gives findings naming the record number and byte offset, and the reading goes
/// on where it can. Memory is bounded by `limits`. Errors: only I/O errors of `input`.
pub fn read_capture<R: Read>(
    input: R,
    limits: &Limits,
    visit: &mut dyn FnMut(Event<'_>),
) -> io::Result<Summary> {
    let mut summary = Summary::default();
    let (mut records, format) = match Records::open(input, *limits)? {
        Ok(r) => r,
        Err(finding) => {
            visit(Event::Finding(finding));
            return Ok(summary);
        }
    };
    summary.format = Some(format);
    let mut st = State {
        cap: FindingCap::new(limits.max_findings_per_code),
        defrag: Defrag::new(limits.max_fragments_in_flight),
        streams: Streams::new(limits.max_flows, limits.max_tcp_buffer),
        unsupported: BTreeSet::new(),
        findings: Vec::new(),
    };
    let mut next_progress = PROGRESS_EVERY;
    loop {
        let record = records.next(&mut st.findings)?;
        st.flush(visit);
        let Some(record) = record else { break };
        summary.records += 1;
        summary.first_ns.get_or_insert(record.time_ns);
        summary.last_ns = Some(record.time_ns);
        summary.link_types.insert(record.link_type);
        st.record(&record, &mut summary, visit);
        st.flush(visit);
        if record.offset >= next_progress {
            next_progress = record.offset + PROGRESS_EVERY;
            visit(Event::Progress(record.offset));
        }
    }
    let end = records.offset();
    summary.corrupt_records = records.corrupt();
    let State {
        cap,
        defrag,
        streams,
        mut findings,
        ..
    } = st;
    let mut cap = cap;
    let mut emitted = 0;
    streams.finish(&mut findings, &mut |flow, frame, origin| {
        emitted += 1;
        visit(Event::Packet(tcp_packet(flow, frame, origin)));
    });
    for lost in defrag.finish() {
        findings.push(lost_finding(&lost));
    }
    for f in findings {
        if cap.admit(registry::find(f.code).unwrap_or(&registry::MALFORMED_PACKET)) {
            visit(Event::Finding(f));
        }
    }
    for f in cap.overflow(end) {
        visit(Event::Finding(f));
    }
    summary.bytes = end;
    summary.packets += emitted;
    visit(Event::Progress(end));
    Ok(summary)
}

struct State {
    cap: FindingCap,
    defrag: Defrag,
    streams: Streams,
    unsupported: BTreeSet<u32>,
    findings: Vec<Diagnostic>,
}

/// The packet of one frame of a TCP stream.
fn tcp_packet(flow: Flow, frame: &[u8], origin: Origin) -> Packet<'_> {
    let (kind, channel, inner) = demux(frame);
    Packet {
        number: origin.number,
        time_ns: origin.time_ns,
        offset: origin.offset,
        flow,
        channel,
        kind,
        bytes: inner,
        truncated: false,
    }
}

fn lost_finding(lost: &Lost) -> Diagnostic {
    let (number, offset) = lost.first;
    Diagnostic::new(
        &registry::INCOMPLETE_IP_FRAGMENTS,
        file_span(offset, 0),
        format!(
            "record {number}: the IP datagram {} -> {} (identification {:#x}) starting here was never reassembled: {}",
            lost.key.src, lost.key.dst, lost.key.id, lost.why
        ),
    )
}

impl State {
    fn flush(&mut self, visit: &mut dyn FnMut(Event<'_>)) {
        for f in self.findings.drain(..) {
            let rule = registry::find(f.code).unwrap_or(&registry::MALFORMED_PACKET);
            if self.cap.admit(rule) {
                visit(Event::Finding(f));
            }
        }
    }

    fn record(&mut self, r: &Record<'_>, summary: &mut Summary, visit: &mut dyn FnMut(Event<'_>)) {
        let at = Origin {
            number: r.number,
            offset: r.offset,
            time_ns: r.time_ns,
        };
        if !link::is_supported(r.link_type) {
            summary.skipped += 1;
            if self.unsupported.insert(r.link_type) {
                self.findings.push(
                    Diagnostic::new(
                        &registry::UNSUPPORTED_LINK_TYPE,
                        file_span(r.offset, 0),
                        format!(
                            "record {} at byte {}: link type {} is not decoded; its packets are skipped",
                            r.number,
                            r.offset,
                            link::name(r.link_type)
                        ),
                    )
                    .with_help("capture on the interface itself or with `tcpdump -i any` (Linux SLL2), or convert with editcap"),
                );
            }
            return;
        }
        let sliced = match link::slice(r.link_type, r.data) {
            Ok(p) => p,
            Err(why) => return self.malformed(r, &why, summary),
        };
        let ip = match net::network(&sliced) {
            Net::Ip(ip) => ip,
            Net::NotIp => {
                summary.not_ip += 1;
                return;
            }
            Net::Malformed(why) => {
                if (r.data.len() as u64) < u64::from(r.orig_len) {
                    return self.cut(r, summary);
                }
                return self.malformed(r, &why, summary);
            }
        };
        if ip.protocol != IpNumber::UDP && ip.protocol != IpNumber::TCP {
            summary.other_protocols += 1;
            return;
        }
        if let Some(frag) = ip.fragment {
            if ip.cut {
                return self.cut_with(r, "IP fragment", summary);
            }
            let key = FragKey {
                src: ip.src,
                dst: ip.dst,
                protocol: ip.protocol,
                id: frag.id,
            };
            let added = self.defrag.add(key, frag, ip.bytes, (r.number, r.offset));
            for lost in std::mem::take(&mut self.defrag.evicted) {
                self.findings.push(lost_finding(&lost));
            }
            match added {
                Added::Pending => {}
                Added::Complete(bytes) => self.transport(
                    r,
                    at,
                    ip.src,
                    ip.dst,
                    ip.protocol,
                    &bytes,
                    false,
                    summary,
                    visit,
                ),
                Added::Failed(lost) => self.findings.push(lost_finding(&lost)),
            }
            return;
        }
        self.transport(
            r,
            at,
            ip.src,
            ip.dst,
            ip.protocol,
            ip.bytes,
            ip.cut,
            summary,
            visit,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn transport(
        &mut self,
        r: &Record<'_>,
        at: Origin,
        src: std::net::IpAddr,
        dst: std::net::IpAddr,
        protocol: IpNumber,
        bytes: &[u8],
        cut: bool,
        summary: &mut Summary,
        visit: &mut dyn FnMut(Event<'_>),
    ) {
        if protocol == IpNumber::UDP {
            let udp = if cut {
                UdpSlice::from_slice_lax(bytes)
            } else {
                UdpSlice::from_slice(bytes)
            };
            let udp = match udp {
                Ok(u) => u,
                Err(e) if cut => return self.cut_with(r, &format!("UDP header: {e}"), summary),
                Err(e) => return self.malformed(r, &format!("UDP: {e}"), summary),
            };
            let flow = Flow {
                src: SocketAddr::new(src, udp.source_port()),
                dst: SocketAddr::new(dst, udp.destination_port()),
                transport: Transport::Udp,
            };
            let payload = udp.payload();
            let truncated = cut || payload.len() + 8 < usize::from(udp.length());
            if truncated {
                self.cut(r, summary);
            }
            let (kind, channel, inner) = demux(payload);
            summary.packets += 1;
            visit(Event::Packet(Packet {
                number: r.number,
                time_ns: r.time_ns,
                offset: r.offset,
                flow,
                channel,
                kind,
                bytes: inner,
                truncated,
            }));
            return;
        }
        let tcp = match TcpSlice::from_slice(bytes) {
            Ok(t) => t,
            Err(e) if cut => return self.cut_with(r, &format!("TCP header: {e}"), summary),
            Err(e) => return self.malformed(r, &format!("TCP: {e}"), summary),
        };
        let flow = Flow {
            src: SocketAddr::new(src, tcp.source_port()),
            dst: SocketAddr::new(dst, tcp.destination_port()),
            transport: Transport::Tcp,
        };
        if cut {
            // The segment's bytes are incomplete: feeding them would corrupt the stream; the
            // stream sees a gap instead.
            self.cut(r, summary);
            return;
        }
        let seg = Segment {
            seq: tcp.sequence_number(),
            syn: tcp.syn(),
            fin_or_rst: tcp.fin() || tcp.rst(),
            payload: tcp.payload(),
        };
        let packets = &mut summary.packets;
        self.streams.segment(
            flow,
            seg,
            at,
            &mut self.findings,
            &mut |flow, frame, origin| {
                *packets += 1;
                visit(Event::Packet(tcp_packet(flow, frame, origin)));
            },
        );
    }

    fn malformed(&mut self, r: &Record<'_>, why: &str, summary: &mut Summary) {
        summary.skipped += 1;
        self.findings.push(Diagnostic::new(
            &registry::MALFORMED_PACKET,
            file_span(r.offset, r.data.len()),
            format!(
                "record {} at byte {}: {why}; the packet is skipped",
                r.number, r.offset
            ),
        ));
    }

    fn cut(&mut self, r: &Record<'_>, summary: &mut Summary) {
        self.cut_with(r, "", summary);
    }

    fn cut_with(&mut self, r: &Record<'_>, why: &str, summary: &mut Summary) {
        if !why.is_empty() {
            summary.skipped += 1;
        }
        self.findings.push(
            Diagnostic::new(
                &registry::PACKET_CUT_BY_SNAPLEN,
                file_span(r.offset, r.data.len()),
                format!(
                    "record {} at byte {}: {} of {} bytes captured{}",
                    r.number,
                    r.offset,
                    r.data.len(),
                    r.orig_len,
                    if why.is_empty() { String::new() } else { format!(" ({why}; skipped)") }
                ),
            )
            .with_help("capture whole packets: tcpdump -s 0 (the default since tcpdump 4.0), or dumpcap/Wireshark without a snapshot length"),
        );
    }
}
