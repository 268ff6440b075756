//! `rtcinspect pcap`: read a capture and show its demultiplexed packets (`--packets`) or its
//! flows (`--flows`, the default), with the capture's findings.
//!
//! Reading (`read`, which drives [`capture::read_capture`] and collects flows and findings)
//! is apart from rendering (`render_*`), so that other reports (the handshake) can be built
//! on the same pass.

use super::output::{new_table, paint_severity, print, use_color};
use super::{PcapArgs, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use rtcinspect::capture::{
    self, AddrFilter, Event, FlowStats, FlowTable, Limits, Packet, Payload, Summary,
};
use rtcinspect::diag::{Diagnostic, Severity};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::{IsTerminal, Read, Write};

pub fn run(args: PcapArgs) -> i32 {
    match run_inner(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("rtcinspect pcap: {msg}");
            EXIT_USAGE
        }
    }
}

/// What one pass over the capture collected.
pub(crate) struct Reading {
    pub(crate) summary: Summary,
    pub(crate) flows: Vec<FlowStats>,
    pub(crate) findings: Vec<Diagnostic>,
}

/// Reads the capture once: every packet that passes `filter` goes to `on_packet` and into the
/// flow table; findings are collected; progress goes to stderr when it is a terminal.
pub(crate) fn read(
    input: Box<dyn Read>,
    size: Option<u64>,
    filter: Option<AddrFilter>,
    on_packet: &mut dyn FnMut(&Packet<'_>),
) -> Result<Reading, String> {
    let mut table = FlowTable::new(Limits::default().max_flows);
    let mut findings = Vec::new();
    let mut progress = Progress::new(size);
    let summary = capture::read_capture(input, &Limits::default(), &mut |event| match event {
        Event::Packet(p) => {
            if filter.is_none_or(|f| f.matches(&p.flow)) {
                table.add(&p);
                on_packet(&p);
            }
        }
        Event::Finding(d) => findings.push(d),
        Event::Progress(at) => progress.show(at),
    })
    .map_err(|e| format!("cannot read the capture: {e}"))?;
    progress.clear();
    Ok(Reading {
        summary,
        flows: table.into_sorted(),
        findings,
    })
}

/// An opened input: the reader, its size when known (bytes), its name for messages.
pub(crate) struct Opened {
    pub(crate) reader: Box<dyn Read>,
    pub(crate) size: Option<u64>,
    pub(crate) name: String,
}

pub(crate) fn open(path: &std::path::Path) -> Result<Opened, String> {
    if path.as_os_str() == "-" {
        return Ok(Opened {
            reader: Box::new(std::io::stdin().lock()),
            size: None,
            name: "<stdin>".into(),
        });
    }
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let size = file.metadata().ok().map(|m| m.len());
    Ok(Opened {
        reader: Box::new(std::io::BufReader::with_capacity(1 << 16, file)),
        size,
        name,
    })
}

fn run_inner(args: &PcapArgs) -> Result<i32, String> {
    if !args.packets && !args.flows {
        return super::pcap_report::run(args);
    }
    let Opened {
        reader: input,
        size,
        name,
    } = open(&args.input)?;
    let color = use_color(args.color);
    let mut out = std::io::stdout().lock();
    let mut broken_pipe = false;
    let mut first_ns: Option<i128> = None;
    let mut write_line = |line: &str| {
        if !broken_pipe && writeln!(out, "{line}").is_err() {
            broken_pipe = true;
        }
    };
    if args.packets && !args.json {
        write_line(&format!(
            "{:>7} {:>11} {:<48} {:<4} {:<12} {:>6} {:>7}",
            "no.", "time (ms)", "flow", "tr", "kind", "bytes", "channel"
        ));
    }
    let reading = read(input, size, args.filter, &mut |p| {
        if !args.packets {
            return;
        }
        let t0 = *first_ns.get_or_insert(p.time_ns);
        if args.json {
            let row = PacketRow::new(p, t0);
            write_line(&serde_json::to_string(&row).unwrap_or_default());
        } else {
            write_line(&packet_line(p, t0));
        }
    })?;
    let _ = out.flush();
    drop(out);
    let text = if args.json {
        render_json(&reading, args.packets)
    } else {
        render_text(&reading, &name, args.packets, color)
    };
    if let Err(code) = print(&text) {
        return Ok(code);
    }
    let worst = reading.findings.iter().map(|d| d.severity).max();
    Ok(if worst == Some(Severity::Error) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// The kind column: RFC 7983 kind, RTP and RTCP told apart, "other" for anything else.
fn kind_name(p: &Packet<'_>) -> &'static str {
    match p.kind {
        Payload::Stun => "stun",
        Payload::Dtls => "dtls",
        Payload::RtpRtcp if p.is_rtcp() => "rtcp",
        Payload::RtpRtcp => "rtp",
        Payload::TurnChannel => "turn-channel",
        Payload::Zrtp => "zrtp",
        Payload::Quic => "quic",
        Payload::Unknown => "other",
    }
}

fn transport_name(p: &Packet<'_>) -> &'static str {
    match p.flow.transport {
        capture::Transport::Udp => "udp",
        capture::Transport::Tcp => "tcp",
    }
}

fn ms(ns: i128) -> f64 {
    ns as f64 / 1e6
}

fn packet_line(p: &Packet<'_>, t0: i128) -> String {
    format!(
        "{:>7} {:>11.3} {:<48} {:<4} {:<12} {:>6} {:>7}{}",
        p.number,
        ms(p.time_ns - t0),
        format!("{} -> {}", p.flow.src, p.flow.dst),
        transport_name(p),
        kind_name(p),
        p.bytes.len(),
        p.channel
            .map(|c| format!("{c:#06x}"))
            .unwrap_or_else(|| "-".into()),
        if p.truncated {
            "  (cut by snaplen)"
        } else {
            ""
        }
    )
}

/// One `--packets --json` line (JSON Lines).
#[derive(Serialize)]
struct PacketRow {
    /// Record (frame) number.
    number: u64,
    /// Milliseconds since the first packet shown.
    time_ms: f64,
    /// Capture time, ns since the Unix epoch.
    time_ns: i128,
    /// File offset of the record (bytes).
    offset: u64,
    src: String,
    dst: String,
    transport: &'static str,
    kind: &'static str,
    /// Payload length (bytes).
    length: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel: Option<u16>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    truncated: bool,
}

impl PacketRow {
    fn new(p: &Packet<'_>, t0: i128) -> Self {
        PacketRow {
            number: p.number,
            time_ms: ms(p.time_ns - t0),
            time_ns: p.time_ns,
            offset: p.offset,
            src: p.flow.src.to_string(),
            dst: p.flow.dst.to_string(),
            transport: transport_name(p),
            kind: kind_name(p),
            length: p.bytes.len(),
            channel: p.channel,
            truncated: p.truncated,
        }
    }
}

fn render_json(r: &Reading, packets: bool) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        summary: &'a Summary,
        #[serde(skip_serializing_if = "Option::is_none")]
        flows: Option<&'a [FlowStats]>,
        findings: &'a [Diagnostic],
    }
    let doc = Doc {
        summary: &r.summary,
        flows: (!packets).then_some(&r.flows[..]),
        findings: &r.findings,
    };
    // With --packets the document is the last line after the packet lines.
    let mut s = serde_json::to_string(&doc).unwrap_or_default();
    if !packets {
        s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    }
    s.push('\n');
    s
}

fn render_text(r: &Reading, name: &str, packets: bool, color: bool) -> String {
    let mut out = String::new();
    let s = &r.summary;
    if let Some(format) = s.format {
        let links: Vec<String> = s
            .link_types
            .iter()
            .map(|l| capture::link::name(*l))
            .collect();
        let span = match (s.first_ns, s.last_ns) {
            (Some(a), Some(b)) => format!(", {:.3} s", ms(b - a) / 1000.0),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "{name}: {} ({}), {} records, {} bytes{span}; {} packets demultiplexed, {} not IP, {} other IP protocols, {} skipped",
            match format {
                capture::Format::Pcap => "pcap",
                capture::Format::PcapNg => "pcapng",
            },
            links.join(", "),
            s.records,
            s.bytes,
            s.packets,
            s.not_ip,
            s.other_protocols,
            s.skipped
        );
    }
    if !packets && !r.flows.is_empty() {
        let t0 = s.first_ns.unwrap_or_default();
        let mut t = new_table();
        t.set_header(vec![
            "flow",
            "tr",
            "packets",
            "stun",
            "dtls",
            "rtp",
            "rtcp",
            "chan",
            "other",
            "bytes",
            "first (ms)",
            "last (ms)",
        ]);
        for f in &r.flows {
            let k = &f.kinds;
            t.add_row(vec![
                format!("{} -> {}", f.flow.src, f.flow.dst),
                match f.flow.transport {
                    capture::Transport::Udp => "udp".into(),
                    capture::Transport::Tcp => "tcp".into(),
                },
                f.packets.to_string(),
                k.stun.to_string(),
                k.dtls.to_string(),
                k.rtp.to_string(),
                k.rtcp.to_string(),
                k.channel_data.to_string(),
                k.other.to_string(),
                f.bytes.to_string(),
                format!("{:.3}", ms(f.first_ns - t0)),
                format!("{:.3}", ms(f.last_ns - t0)),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }
    for d in &r.findings {
        let _ = write!(out, "{}", paint_severity(&render_finding(d, name), color));
    }
    out
}

/// A capture finding: no text line to show, the place is the file offset.
pub(crate) fn render_finding(d: &Diagnostic, name: &str) -> String {
    let mut out = format!("{}[{}]: {}\n", d.severity, d.code, d.message);
    // Capture findings point at a byte offset; handshake findings name their packets in the
    // message instead.
    if d.span.start > 0 || d.code.starts_with('C') {
        let _ = writeln!(out, "  --> {name}@{}", d.span.start);
    }
    if let Some(h) = &d.help {
        let _ = writeln!(out, "  = help: {h}");
    }
    let _ = writeln!(out, "  = see: {}", d.reference);
    out
}

/// Progress on stderr, when stderr is a terminal: bytes read (and the share of the file).
struct Progress {
    on: bool,
    size: Option<u64>,
    shown: bool,
}

impl Progress {
    fn new(size: Option<u64>) -> Self {
        Progress {
            on: std::io::stderr().is_terminal(),
            size,
            shown: false,
        }
    }

    fn show(&mut self, at: u64) {
        if !self.on {
            return;
        }
        let mib = at as f64 / (1 << 20) as f64;
        let line = match self.size {
            Some(total) if total > 0 => format!(
                "reading: {mib:.0} MiB of {:.0} MiB ({:.0}%)",
                total as f64 / (1 << 20) as f64,
                100.0 * at as f64 / total as f64
            ),
            _ => format!("reading: {mib:.0} MiB"),
        };
        eprint!("\r{line}\x1b[K");
        self.shown = true;
    }

    fn clear(&mut self) {
        if self.shown {
            eprint!("\r\x1b[K");
        }
    }
}
