//! The human view of one session description: a session summary, one table of media
//! sections, and the syntax findings with carets.

use super::output::new_table;
use rtcinspect::ice::CandidateType;
use rtcinspect::sdp::attributes::{AttrValue, Fingerprint, Simulcast};
use rtcinspect::sdp::{Media, Session};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The session summary: origin, name, ICE and DTLS parameters, groups.
pub fn session_summary(s: &Session<'_>) -> String {
    let mut t = new_table();
    t.set_header(["session", ""]);
    if let Some(o) = s.origin() {
        t.add_row([
            "origin".to_string(),
            format!(
                "user {} · id {} · version {} · {} {} {}",
                o.username, o.session_id, o.session_version, o.nettype, o.addrtype, o.address
            ),
        ]);
    }
    if let Some(n) = s.name() {
        t.add_row(["name".to_string(), n.to_string()]);
    }
    for g in s.groups() {
        let mids: Vec<_> = g.mids().map(|m| m.to_string()).collect();
        t.add_row([format!("group {}", g.semantics), mids.join(" ")]);
    }
    for v in s.attribute_values() {
        if let AttrValue::MsidSemantic(m) = v {
            t.add_row(["msid-semantic".to_string(), m.to_string()]);
        }
    }
    t.add_row([
        "ice-lite".to_string(),
        if s.is_ice_lite() { "yes" } else { "no" }.to_string(),
    ]);
    if let Some(u) = s.ice_ufrag() {
        t.add_row(["ice-ufrag".to_string(), u.to_string()]);
    }
    if let Some(p) = s.ice_pwd() {
        t.add_row(["ice-pwd".to_string(), p.to_string()]);
    }
    for v in s.attribute_values() {
        if let AttrValue::IceOptions(o) = v {
            t.add_row([
                "ice-options".to_string(),
                o.options().collect::<Vec<_>>().join(" "),
            ]);
        }
    }
    for f in s.fingerprints() {
        t.add_row(["fingerprint".to_string(), short_fingerprint(f)]);
    }
    if let Some(setup) = s.setup() {
        t.add_row(["setup".to_string(), setup.to_string()]);
    }
    if s.has("extmap-allow-mixed") {
        t.add_row(["extmap-allow-mixed".to_string(), "yes".to_string()]);
    }
    t.add_row(["media sections".to_string(), s.media.len().to_string()]);
    t.to_string()
}

/// One row per media section.
pub fn media_table(s: &Session<'_>) -> String {
    let mut t = new_table();
    t.set_header([
        "#",
        "mid",
        "kind",
        "port",
        "proto",
        "dir",
        "codecs",
        "ice",
        "dtls",
        "candidates",
        "msid / ssrc",
        "simulcast",
        "extensions",
        "sctp",
    ]);
    for (i, m) in s.media.iter().enumerate() {
        let ml = m.media_line();
        let ice = match (m.ice_ufrag().or(s.ice_ufrag()), m.ice_pwd().or(s.ice_pwd())) {
            (Some(u), Some(_)) => format!("ufrag {u}"),
            (Some(u), None) => format!("ufrag {u} (no pwd)"),
            (None, Some(_)) => "pwd only".into(),
            (None, None) => "-".into(),
        };
        let setup = m
            .setup()
            .or(s.setup())
            .map_or("-".to_string(), |x| x.to_string());
        let fps: Vec<String> = if m.fingerprints().next().is_some() {
            m.fingerprints().map(short_fingerprint).collect()
        } else {
            s.fingerprints()
                .map(|f| format!("{} (session)", short_fingerprint(f)))
                .collect()
        };
        let fps: Vec<String> = match fps.len() {
            0 | 1 => fps,
            n => vec![format!("{} (+{} more)", fps[0], n - 1)],
        };
        let dtls = if fps.is_empty() {
            setup
        } else {
            format!("{setup}\n{}", fps.join("\n"))
        };
        t.add_row([
            i.to_string(),
            m.mid().map_or("-".into(), |x| x.to_string()),
            ml.map_or("(invalid m=)".into(), |x| x.media.to_string()),
            ml.map_or("-".into(), |x| match x.port_count {
                Some(c) => format!("{}/{c}", x.port_value),
                None => x.port_value.to_string(),
            }),
            ml.map_or("-".into(), |x| x.proto.to_string()),
            m.direction().map_or("(sendrecv)".into(), |d| d.to_string()),
            codecs(m),
            ice,
            dtls,
            candidates(m),
            identity(m),
            simulcast(m),
            m.extmaps()
                .map(|e| format!("{} {}", e.id, e.short_name()))
                .collect::<Vec<_>>()
                .join("\n"),
            sctp(m),
        ]);
    }
    t.to_string()
}

fn short_fingerprint(f: &Fingerprint<'_>) -> String {
    let fp = f.fingerprint.as_str();
    let short = match (fp.get(..5), fp.get(fp.len().saturating_sub(5)..)) {
        (Some(head), Some(tail)) if fp.len() > 12 => format!("{head}…{tail}"),
        _ => fp.to_string(),
    };
    format!("{} {short}", f.hash_function)
}

/// Codecs with their payload types; rtx, red and ulpfec/flexfec listed under their primary.
fn codecs(m: &Media<'_>) -> String {
    let Some(ml) = m.media_line() else {
        return "-".into();
    };
    if !ml.is_rtp() {
        return ml
            .formats()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join(" ");
    }
    let mut primaries: Vec<(u8, String)> = Vec::new();
    // The payload types of each codec (lower-case name, clock rate, channels as written).
    let mut payload_types: BTreeMap<(String, u32, Option<String>), Vec<u8>> = BTreeMap::new();
    let mut repair: BTreeMap<u8, Vec<String>> = BTreeMap::new();
    let mut loose: Vec<String> = Vec::new();
    for pt in ml.payload_types() {
        let Some(r) = m.rtpmap(pt) else {
            let label = match rtcinspect::sdp::attributes::rtp::static_encoding(pt) {
                Some(name) => format!("{pt} {name} (static)"),
                None => format!("{pt} (no rtpmap)"),
            };
            primaries.push((pt, label));
            continue;
        };
        let name = r.encoding_name.to_ascii_lowercase();
        let fmtp = m.fmtp(pt);
        let primary_of = match name.as_str() {
            "rtx" => fmtp
                .and_then(|f| f.get("apt"))
                .and_then(|a| a.parse::<u8>().ok()),
            "red" => fmtp
                .and_then(|f| f.parameters().next())
                .and_then(|p| p.value.split('/').next().and_then(|x| x.parse::<u8>().ok())),
            _ => None,
        };
        match primary_of {
            Some(p) => repair.entry(p).or_default().push(format!("{} {pt}", name)),
            None if name == "rtx" => loose.push(format!("{pt} rtx (apt missing)")),
            None => {
                let channels = r.encoding_params.as_ref().map(|c| c.to_string());
                let ch = channels.as_ref().map_or(String::new(), |c| format!("/{c}"));
                let label = format!("{pt} {}/{}{ch}", r.encoding_name, r.clock_rate);
                primaries.push((pt, label));
                payload_types
                    .entry((name, r.clock_rate, channels))
                    .or_default()
                    .push(pt);
            }
        }
    }
    let mut out = String::new();
    for (pt, label) in &primaries {
        let _ = write!(out, "{}{label}", if out.is_empty() { "" } else { "\n" });
        let same = payload_types.values().find(|pts| pts.contains(pt));
        if let Some(same) = same.filter(|pts| pts.len() > 1) {
            for (key, value) in telling_parameters(m, *pt, same) {
                let _ = write!(out, " {key}={value}");
            }
        }
        if let Some(rs) = repair.remove(pt) {
            let _ = write!(out, " +{}", rs.join(" +"));
        }
    }
    for (pt, rs) in repair {
        let _ = write!(out, "\n{} (primary {pt} not offered)", rs.join(" "));
    }
    for l in loose {
        let _ = write!(out, "\n{l}");
    }
    out
}

/// For a codec offered under several payload types (H264 in several profiles and
/// packetization modes, VP9 in several profiles): the `a=fmtp` parameters of `pt` whose value
/// is not the same under every other payload type in `same`, in fmtp order. They are what
/// tells the payload types apart (H264: RFC 6184 §8.1; VP9: RFC 9628's `profile-id`).
fn telling_parameters(m: &Media<'_>, pt: u8, same: &[u8]) -> Vec<(String, String)> {
    let parameters = |pt: u8| -> Vec<(String, String)> {
        m.fmtp(pt).map_or_else(Vec::new, |f| {
            f.parameters()
                .filter_map(|p| Some((p.key?.to_string(), p.value.to_string())))
                .collect()
        })
    };
    let others: Vec<_> = same
        .iter()
        .filter(|&&o| o != pt)
        .map(|&o| parameters(o))
        .collect();
    parameters(pt)
        .into_iter()
        .filter(|(key, value)| {
            others.iter().any(|o| {
                o.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .is_none_or(|(_, v)| v != value)
            })
        })
        .collect()
}

fn candidates(m: &Media<'_>) -> String {
    let mut by: BTreeMap<String, usize> = BTreeMap::new();
    for c in m.candidates() {
        let ty = match c.candidate_type() {
            CandidateType::Host => "host",
            CandidateType::Srflx => "srflx",
            CandidateType::Prflx => "prflx",
            CandidateType::Relay => "relay",
            CandidateType::Other => "other",
        };
        *by.entry(format!("{ty}/{}", c.transport.to_ascii_lowercase()))
            .or_default() += 1;
    }
    let mut s: Vec<String> = by.into_iter().map(|(k, n)| format!("{n} {k}")).collect();
    if m.has("end-of-candidates") {
        s.push("end".into());
    }
    if s.is_empty() {
        "-".into()
    } else {
        s.join("\n")
    }
}

fn identity(m: &Media<'_>) -> String {
    let mut out: Vec<String> = Vec::new();
    for v in m.attribute_values() {
        match v {
            AttrValue::Msid(x) => out.push(format!(
                "msid {} {}",
                short_id(&x.stream_id),
                x.track_id.as_ref().map_or(String::new(), |t| short_id(t))
            )),
            AttrValue::SsrcGroup(g) => out.push(format!(
                "{} {}",
                g.semantics,
                g.ssrcs()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
            _ => {}
        }
    }
    let mut ssrcs: Vec<u32> = m.ssrcs().map(|s| s.ssrc).collect();
    ssrcs.dedup();
    if !ssrcs.is_empty() {
        out.push(format!(
            "ssrc {}",
            ssrcs
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    if out.is_empty() {
        "-".into()
    } else {
        out.join("\n")
    }
}

/// Long identifiers (UUIDs) cut to 8 characters and an ellipsis; the full ones are in --json.
fn short_id(id: &str) -> String {
    if id.chars().count() > 12 {
        format!("{}…", id.chars().take(8).collect::<String>())
    } else {
        id.to_string()
    }
}

fn simulcast(m: &Media<'_>) -> String {
    let mut out = Vec::new();
    for v in m.attribute_values() {
        if let AttrValue::Simulcast(s) = v {
            for (dir, list) in [("send", &s.send), ("recv", &s.recv)] {
                if let Some(l) = list {
                    let streams: Vec<String> = Simulcast::streams(l)
                        .map(|alts| {
                            alts.iter()
                                .map(|r| format!("{}{}", if r.paused { "~" } else { "" }, r.id))
                                .collect::<Vec<_>>()
                                .join(",")
                        })
                        .collect();
                    out.push(format!("{dir} {}", streams.join(" ")));
                }
            }
        }
    }
    let rids = m
        .attribute_values()
        .filter(|v| matches!(v, AttrValue::Rid(_)))
        .count();
    if rids > 0 {
        out.push(format!("{rids} rid"));
    }
    if out.is_empty() {
        "-".into()
    } else {
        out.join("\n")
    }
}

fn sctp(m: &Media<'_>) -> String {
    let legacy = m.attribute_values().find_map(|v| match v {
        AttrValue::Sctpmap(s) => Some(format!("sctpmap {} (legacy)", s.number)),
        _ => None,
    });
    match (m.sctp_port(), m.max_message_size(), legacy) {
        (Some(p), Some(mm), _) => format!("port {p}\nmax {mm} B"),
        (Some(p), None, _) => format!("port {p}"),
        (None, Some(mm), _) => format!("max {mm} B"),
        (None, None, Some(l)) => l,
        _ => "-".into(),
    }
}

/// `--lines`: every line with where it is and how it was parsed.
pub fn lines_table(s: &Session<'_>) -> String {
    use rtcinspect::sdp::Value;
    let mut t = new_table();
    t.set_header(["line", "section", "parsed as", "text"]);
    let sections = std::iter::repeat("session".to_string())
        .zip(s.lines.iter())
        .chain(
            s.media
                .iter()
                .enumerate()
                .flat_map(|(i, m)| std::iter::repeat(format!("media {i}")).zip(m.lines.iter())),
        );
    for (section, l) in sections {
        let how = match &l.value {
            Value::Attribute(a) => match &a.parsed {
                AttrValue::Unknown => format!("a={} (unknown, kept raw)", a.name),
                AttrValue::Invalid(e) => format!(
                    "a={} INVALID: expected {} at {}",
                    a.name, e.expected, e.span
                ),
                _ => format!("a={} (typed)", a.name),
            },
            Value::Invalid(e) => format!("INVALID: expected {} at {}", e.expected, e.span),
            Value::Empty => "empty line".into(),
            Value::Unknown => "unknown line type (kept raw)".into(),
            other => serde_json::to_value(other)
                .ok()
                .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_string))
                .unwrap_or_default(),
        };
        let text: String = if l.text.chars().count() > 72 {
            format!("{}…", l.text.chars().take(71).collect::<String>())
        } else {
            l.text.to_string()
        };
        t.add_row([l.span().line.to_string(), section, how, text]);
    }
    t.to_string()
}
