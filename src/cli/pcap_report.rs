//! `rtcinspect pcap FILE [--sdp OFFER --sdp ANSWER]`: the handshake report. One pass over the
//! capture feeds the [`Analyzer`]; the report leads with the verdict (ICE, DTLS, media), then
//! the candidate-pair table, DTLS associations, RTP streams, TURN allocations, findings and,
//! on request, the STUN timeline.

use super::handshake_view as view;
use super::output::{paint_severity, print, read_input, use_color};
use super::pcap_cmd::{open, read, render_finding, Opened};
use super::trickle::{dump_source, trickled_list, trickled_source};
use super::{PcapArgs, EXIT_FINDINGS, EXIT_OK};
use rtcinspect::diag::{Diagnostic, Severity};
use rtcinspect::handshake::{Analyzer, IceOutcome, Peers, Report, Side};
use rtcinspect::{input, sdp};
use serde::Serialize;
use std::fmt::Write as _;

/// The offer and the answer texts from the `--sdp` inputs: descriptions that say their type
/// go where it says; untyped ones (raw SDP) fill the offer, then the answer, in order.
/// Also keeps the inputs that are webrtc-internals dumps, whose trickled candidates are taken
/// when no `--offer-candidates` / `--answer-candidates` is given.
fn load_sdps(args: &PcapArgs) -> Result<Loaded, String> {
    if args.sdp.len() > 2 {
        return Err("--sdp takes the offer and the answer: at most two inputs".into());
    }
    let (mut offer, mut answer) = (None, None);
    let mut untyped = Vec::new();
    let mut dumps = Vec::new();
    for path in &args.sdp {
        let (bytes, origin) = read_input(path)?;
        let list = input::descriptions(&bytes).map_err(|e| format!("{origin}: {e}"))?;
        for d in list {
            match d.sdp_type.as_deref() {
                Some("offer") if offer.is_none() => offer = Some(d.sdp.into_owned()),
                Some("answer" | "pranswer") if answer.is_none() => {
                    answer = Some(d.sdp.into_owned())
                }
                None => untyped.push(d.sdp.into_owned()),
                _ => {}
            }
        }
        if input::sniff(&bytes) == input::InputKind::WebrtcInternalsDump {
            dumps.push(Dump {
                bytes,
                name: origin,
            });
        }
    }
    for text in untyped {
        if offer.is_none() {
            offer = Some(text);
        } else if answer.is_none() {
            answer = Some(text);
        }
    }
    Ok(Loaded {
        offer,
        answer,
        dumps,
    })
}

/// The `--sdp` inputs: the offer's and the answer's SDP text, and the dumps among them.
struct Loaded {
    offer: Option<String>,
    answer: Option<String>,
    dumps: Vec<Dump>,
}

/// A `--sdp` input that is a webrtc-internals dump.
struct Dump {
    bytes: Vec<u8>,
    name: String,
}

pub fn run(args: &PcapArgs) -> Result<i32, String> {
    let Loaded {
        offer,
        answer,
        dumps,
    } = load_sdps(args)?;
    let offer = offer.as_deref().map(sdp::parse);
    let answer = answer.as_deref().map(sdp::parse);
    let mut peers = Peers::from_sdps(offer.as_ref(), answer.as_ref());
    for (side, flag) in [
        (Side::Offerer, &args.offer_candidates),
        (Side::Answerer, &args.answer_candidates),
    ] {
        // Given with the flag, else from a dump given with --sdp (the first that tells).
        let source = trickled_source(flag.as_deref(), side)?.or_else(|| {
            dumps
                .iter()
                .find_map(|d| dump_source(&d.bytes, &d.name, side).ok())
        });
        if let Some(list) = trickled_list(source.as_ref())? {
            peers.add_candidates(side, list.candidates.iter().map(|c| &c.candidate));
        }
    }
    let Opened { reader, size, name } = open(&args.input)?;
    let mut analyzer = Analyzer::new(peers);
    let reading = read(reader, size, args.filter, &mut |p| analyzer.push(p))?;
    let report = analyzer.finish();
    let color = use_color(args.color);
    let text = if args.json {
        #[derive(Serialize)]
        struct Doc<'a> {
            summary: &'a rtcinspect::capture::Summary,
            verdict: [String; 3],
            findings: Vec<&'a Diagnostic>,
            handshake: &'a Report,
        }
        let doc = Doc {
            summary: &reading.summary,
            verdict: [
                view::verdict(&report),
                view::dtls_verdict(&report),
                view::media_verdict(&report),
            ],
            findings: reading.findings.iter().chain(&report.findings).collect(),
            handshake: &report,
        };
        serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())? + "\n"
    } else {
        render(
            &report,
            &reading.findings,
            reading.summary.records,
            &name,
            args.timeline,
            color,
            args.sdp.is_empty(),
        )
    };
    if let Err(code) = print(&text) {
        return Ok(code);
    }
    let failed = !matches!(report.ice, IceOutcome::Connected { .. })
        || reading
            .findings
            .iter()
            .chain(&report.findings)
            .any(|d| d.severity == Severity::Error);
    Ok(if failed { EXIT_FINDINGS } else { EXIT_OK })
}

fn render(
    report: &Report,
    capture_findings: &[Diagnostic],
    records: u64,
    name: &str,
    timeline: bool,
    color: bool,
    no_sdp: bool,
) -> String {
    let mut out = String::new();
    let span = match (report.first_ns, report.last_ns) {
        (Some(a), Some(b)) => format!(", {:.3} s", (b - a) as f64 / 1e9),
        _ => String::new(),
    };
    // Over TCP a packet is a framed message, not a capture record (ACKs carry none): say
    // both when they differ.
    let records = if records == report.packets {
        String::new()
    } else {
        format!(" ({records} capture records)")
    };
    let _ = writeln!(out, "{name}: {} packets{records}{span}", report.packets);
    let _ = writeln!(out);
    for line in [
        view::verdict(report),
        view::dtls_verdict(report),
        view::media_verdict(report),
    ] {
        let _ = writeln!(out, "{line}");
    }
    if no_sdp {
        let _ = writeln!(
            out,
            "(no SDP given: MESSAGE-INTEGRITY, fingerprints and m-lines are not checked; add --sdp OFFER --sdp ANSWER)"
        );
    }
    if !report.pairs.is_empty() {
        let _ = writeln!(
            out,
            "\nCandidate pairs (★ selected):\n{}",
            view::pair_table(report)
        );
    }
    if let Some(note) = trickle_note(report) {
        let _ = writeln!(out, "{note}");
    }
    if let Some(t) = view::allocations(report) {
        let _ = writeln!(out, "\nTURN allocations:\n{t}");
    }
    if let Some(t) = view::dtls_table(report) {
        let _ = writeln!(out, "\nDTLS:\n{t}");
    }
    if let Some(t) = view::media_table(report) {
        let _ = writeln!(out, "\nRTP streams:\n{t}");
    }
    let findings: Vec<&Diagnostic> = capture_findings.iter().chain(&report.findings).collect();
    if !findings.is_empty() {
        out.push('\n');
        for d in findings {
            out.push_str(&paint_severity(&render_finding(d, name), color));
        }
    }
    if timeline {
        let _ = writeln!(
            out,
            "\nTimeline (ms from the first packet):\n{}",
            view::timeline(report)
        );
    }
    out
}

/// Says which descriptions carry no candidates (trickle ICE, RFC 8838), so that their
/// agents' addresses have no candidate type, and how to give them.
fn trickle_note(report: &Report) -> Option<String> {
    let peers = &report.peers;
    let silent: Vec<(&str, &str)> = [
        (Side::Offerer, "--offer-candidates FILE"),
        (Side::Answerer, "--answer-candidates FILE"),
    ]
    .into_iter()
    .filter(|(side, _)| {
        peers.credentials.iter().any(|c| c.side == *side) && !peers.announced[*side as usize]
    })
    .map(|(side, flag)| (side.description_type(), flag))
    .collect();
    if silent.is_empty() || report.pairs.is_empty() {
        return None;
    }
    let whats: Vec<&str> = silent.iter().map(|s| s.0).collect();
    let flags: Vec<&str> = silent.iter().map(|s| s.1).collect();
    let (verb, their) = if silent.len() == 1 {
        ("carries", "its")
    } else {
        ("carry", "their")
    };
    Some(format!(
        "(the {} {verb} no candidates, as with trickle ICE: {their} addresses show no candidate \
         type; give the trickled candidates with {})",
        whats.join(" and the "),
        flags.join(" and ")
    ))
}
