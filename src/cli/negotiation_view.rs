//! Text rendering of an offer/answer [`Negotiation`]: one screen, a few header lines (ICE roles,
//! BUNDLE, data channel) and one table row per m-section.

use super::output::new_table;
use comfy_table::{Cell, Color};
use rtcinspect::lint::negotiation::{Flow, Section, Side};
use rtcinspect::lint::Negotiation;
use rtcinspect::sdp::attributes::Setup;
use std::fmt::Write;

/// Codecs that repair or signal rather than carry media; left out of the short codec list.
const AUXILIARY: &[&str] = &[
    "rtx",
    "red",
    "ulpfec",
    "flexfec-03",
    "cn",
    "telephone-event",
];

/// How many media codecs a row names before "+N more".
const SHOWN_CODECS: usize = 2;

/// Renders what was negotiated, one row per m-section; `color` paints flows and failures.
pub fn render(negotiation: &Negotiation, color: bool) -> String {
    let n = negotiation;
    let mut out = String::new();
    let ice = &n.ice;
    let lite = match (ice.offerer_lite, ice.answerer_lite) {
        (false, false) => "both full agents".to_string(),
        (true, true) => "both ice-lite: nobody runs checks".to_string(),
        (true, false) => "the offerer is ice-lite".to_string(),
        (false, true) => "the answerer is ice-lite".to_string(),
    };
    let _ = writeln!(
        out,
        "ICE: offerer {}, answerer {} ({lite})",
        ice.offerer_role, ice.answerer_role
    );
    if n.bundle_groups.is_empty() {
        let _ = writeln!(out, "BUNDLE: none (one transport per m-line)");
    }
    for g in &n.bundle_groups {
        match g.first() {
            Some(tag) => {
                let _ = writeln!(out, "BUNDLE: {} on the transport of mid {tag}", g.join(" "));
            }
            None => {
                let _ = writeln!(out, "BUNDLE: empty group");
            }
        }
    }
    if let Some(dc) = &n.data_channel {
        let port = |p: Option<u16>| p.map_or("- (5000)".to_string(), |p| p.to_string());
        let size = |s: Option<u64>| match s {
            None => "- (65536)".to_string(),
            Some(0) => "unlimited".to_string(),
            Some(s) => s.to_string(),
        };
        let _ = writeln!(
            out,
            "data channel: mid {}, sctp-port {} / {}, max-message-size {} / {} bytes (offerer / answerer)",
            dc.mid.as_deref().unwrap_or("-"),
            port(dc.offerer_sctp_port),
            port(dc.answerer_sctp_port),
            size(dc.offerer_max_message_size),
            size(dc.answerer_max_message_size),
        );
    }

    let mut t = new_table();
    if color {
        t.enforce_styling();
    }
    t.set_header([
        "m-line",
        "mid",
        "kind",
        "codecs (PT)",
        "offerer",
        "answerer",
        "media flow",
        "transport",
        "DTLS client",
    ]);
    for s in &n.sections {
        let paint = |text: String, c: Color| {
            let cell = Cell::new(text);
            if color {
                cell.fg(c)
            } else {
                cell
            }
        };
        let (flow, flow_color) = flow_text(s);
        let (dtls, dtls_color) = dtls_text(s);
        t.add_row(vec![
            // 1-based, as the findings count m-lines ("m-line 2 of the answer").
            Cell::new(s.index + 1),
            Cell::new(s.mid.as_deref().unwrap_or("-")),
            Cell::new(&s.kind),
            Cell::new(codecs_text(s)),
            Cell::new(s.offerer_direction),
            Cell::new(if s.rejected {
                "rejected".to_string()
            } else {
                s.answerer_direction.to_string()
            }),
            paint(flow, flow_color),
            Cell::new(transport_text(s)),
            paint(dtls, dtls_color),
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    out
}

fn flow_text(s: &Section) -> (String, Color) {
    if s.rejected {
        return ("none (rejected)".into(), Color::DarkGrey);
    }
    match s.flow {
        Flow::Both => ("offerer ⇄ answerer".into(), Color::Green),
        Flow::OffererToAnswerer => ("offerer → answerer".into(), Color::Yellow),
        Flow::AnswererToOfferer => ("offerer ← answerer".into(), Color::Yellow),
        Flow::None => ("none".into(), Color::Red),
    }
}

fn codecs_text(s: &Section) -> String {
    if s.rejected {
        return "-".into();
    }
    if s.kind == "application" || s.codecs.is_empty() {
        return if s.kind == "application" {
            "SCTP".into()
        } else {
            "none in common".into()
        };
    }
    let media: Vec<_> = s
        .codecs
        .iter()
        .filter(|c| !AUXILIARY.contains(&c.name.to_ascii_lowercase().as_str()))
        .collect();
    let mut text = media
        .iter()
        .take(SHOWN_CODECS)
        .map(|c| {
            let ch = if c.channels > 1 {
                format!("/{}", c.channels)
            } else {
                String::new()
            };
            format!("{}/{}{ch} ({})", c.name, c.clock_rate, c.payload_type)
        })
        .collect::<Vec<_>>()
        .join(", ");
    let more = s.codecs.len() - media.len().min(SHOWN_CODECS);
    if more > 0 {
        let _ = write!(text, " +{more}");
    }
    text
}

fn transport_text(s: &Section) -> String {
    let Some(t) = &s.transport else {
        return "-".into();
    };
    let mut text = match &t.bundled_on {
        Some(mid) => format!("bundled on {mid}"),
        None => "own".into(),
    };
    if t.rtcp_mux {
        text.push_str(", rtcp-mux");
    }
    text
}

fn dtls_text(s: &Section) -> (String, Color) {
    let Some(d) = &s.dtls else {
        return ("-".into(), Color::DarkGrey);
    };
    let setup = |x: Option<Setup>| x.map_or("none".to_string(), |x| x.to_string());
    let roles = format!("{}/{}", setup(d.offerer_setup), setup(d.answerer_setup));
    match d.client {
        Some(Side::Answerer) => (format!("answerer ({roles})"), Color::Reset),
        Some(Side::Offerer) => (format!("offerer ({roles})"), Color::Reset),
        None => (format!("undecided ({roles})"), Color::Red),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rtcinspect::{lint, sdp};

    fn real(dir: &str) -> Negotiation {
        let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/real")
            .join(dir);
        let o = std::fs::read_to_string(d.join("offer.sdp")).unwrap();
        let a = std::fs::read_to_string(d.join("answer.sdp")).unwrap();
        lint::negotiate(&sdp::parse(&o), &sdp::parse(&a))
    }

    #[test]
    fn one_row_per_section_with_flow_codecs_transport_and_roles() {
        let text = render(&real("ndc-offer-chromium-answer"), false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "ICE: offerer controlling, answerer controlled (both full agents)"
        );
        assert_eq!(lines[1], "BUNDLE: 0 1 2 on the transport of mid 0");
        assert_eq!(
            lines[2],
            "data channel: mid 2, sctp-port 5000 / 5000, max-message-size 262144 / 262144 bytes (offerer / answerer)"
        );
        // Rows start with the m-line number (1-based), then the mid.
        let row = |mid: &str| {
            lines
                .iter()
                .map(|l| {
                    l.split(['│', '┆'])
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                        .collect::<Vec<_>>()
                })
                .find(|cells| cells.get(1) == Some(&mid) && cells[0] != "m-line")
                .unwrap()
        };
        assert_eq!(
            row("0"),
            [
                "1",
                "0",
                "audio",
                "opus/48000/2 (111)",
                "sendrecv",
                "sendrecv",
                "offerer ⇄ answerer",
                "own, rtcp-mux",
                "answerer (actpass/active)"
            ]
        );
        assert_eq!(
            row("1"),
            [
                "2",
                "1",
                "video",
                "VP8/90000 (96), H264/90000 (102)",
                "recvonly",
                "sendonly",
                "offerer ← answerer",
                "bundled on 0, rtcp-mux",
                "answerer (actpass/active)"
            ]
        );
        assert_eq!(
            row("2")[3..8],
            [
                "SCTP",
                "sendrecv",
                "sendrecv",
                "offerer ⇄ answerer",
                "bundled on 0"
            ]
        );
        assert!(!text.contains('\x1b'));
        // Colour only when asked.
        assert!(render(&real("ndc-offer-chromium-answer"), true).contains('\x1b'));
    }

    #[test]
    fn auxiliary_codecs_are_counted_not_named() {
        let text = render(&real("chromium-basic"), false);
        // Audio: opus and G722 named; red, PCMU, PCMA, CN and two telephone-events counted.
        assert!(
            text.contains("opus/48000/2 (111), G722/8000 (9) +6"),
            "{text}"
        );
        // Video: 23 payload types, two named.
        assert!(
            text.contains("VP8/90000 (96), H264/90000 (102) +21"),
            "{text}"
        );
    }
}
