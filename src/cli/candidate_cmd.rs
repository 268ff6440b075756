//! `rtcinspect candidate`: decode ICE candidates (strings, candidate lists, JSON
//! RTCIceCandidateInit, or the candidates of an SDP), analyse the set, and with `--pairs`
//! predict the check list of an offer/answer pair (RFC 8445 §6.1.2).

use super::output::{new_table, paint_severity, print, read_input, use_color};
use super::trickle::{dump_source, trickled_list, trickled_source, Placing};
use super::{CandidateArgs, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use rtcinspect::diag::render::{render, SourceText};
use rtcinspect::diag::{Diagnostic, Severity};
use rtcinspect::handshake::Side;
use rtcinspect::ice::{self, AddressClass, Candidate, CheckList, IceCandidate, PairingOptions};
use rtcinspect::input;
use rtcinspect::sdp::{self, Session};
use serde::Serialize;
use std::path::Path;

pub fn run(args: CandidateArgs) -> i32 {
    let result = match &args.pairs {
        Some(files) => pairs(&args, &files[0], &files[1]),
        None => list(&args),
    };
    result.unwrap_or_else(|msg| {
        eprintln!("rtcinspect candidate: {msg}");
        EXIT_USAGE
    })
}

/// One source of candidates and the text it was read from (for rendering findings).
pub(super) struct Source {
    pub(super) name: String,
    pub(super) text: String,
}

impl Source {
    fn as_source(&self) -> SourceText<'_> {
        SourceText {
            origin: &self.name,
            text: &self.text,
        }
    }
}

/// Candidates of one input, with the mid they belong to (when known) and their findings.
#[derive(Serialize)]
struct Row<'a> {
    source: &'a str,
    mid: Option<String>,
    #[serde(flatten)]
    candidate: &'a Candidate<'a>,
    priority: ice::priority::PriorityReport,
    address_class: AddressClass,
    findings: Vec<Diagnostic>,
}

fn list(args: &CandidateArgs) -> Result<i32, String> {
    if args.inputs.is_empty() {
        return Err("give candidate strings, files, or `-` (see --help)".into());
    }
    // Read every input first: the parsed candidates borrow from these texts.
    let mut sources = Vec::new();
    let mut loose = String::new();
    for input in &args.inputs {
        let path = Path::new(input);
        if input == "-" || path.is_file() {
            let (bytes, name) = read_input(path)?;
            let text =
                String::from_utf8(bytes).map_err(|e| format!("{name}: not UTF-8 text ({e})"))?;
            sources.push(Source { name, text });
        } else {
            loose.push_str(input);
            loose.push('\n');
        }
    }
    if !loose.is_empty() {
        sources.push(Source {
            name: "<arguments>".into(),
            text: loose,
        });
    }

    let mut rows_all: Vec<(usize, Option<String>, Candidate<'_>, Vec<Diagnostic>)> = Vec::new();
    let mut reading: Vec<(usize, Diagnostic)> = Vec::new();
    let mut expected_ufrag: Option<String> = None;
    for (i, src) in sources.iter().enumerate() {
        if holds_descriptions(&src.text) {
            let s = sdp::parse(&src.text);
            expected_ufrag = s
                .ice_ufrag()
                .or_else(|| s.media.iter().find_map(|m| m.ice_ufrag()))
                .map(|t| t.to_string());
            for m in &s.media {
                for c in m.candidates() {
                    rows_all.push((
                        i,
                        m.mid().map(|t| t.to_string()),
                        c.clone(),
                        ice::check_candidate(c),
                    ));
                }
            }
            reading.extend(s.diagnostics.iter().cloned().map(|d| (i, d)));
        } else {
            let list = ice::parse_list(&src.text).map_err(|e| format!("{}: {e}", src.name))?;
            reading.extend(list.diagnostics.iter().cloned().map(|d| (i, d)));
            for IceCandidate {
                candidate, sdp_mid, ..
            } in list.candidates
            {
                let findings = ice::check_candidate(&candidate);
                rows_all.push((i, sdp_mid.map(|t| t.to_string()), candidate, findings));
            }
        }
    }
    let candidates: Vec<Candidate<'_>> = rows_all.iter().map(|r| r.2.clone()).collect();
    let analysis = ice::analyze(&candidates, expected_ufrag.as_deref());

    let failed = rows_all
        .iter()
        .flat_map(|r| &r.3)
        .chain(reading.iter().map(|r| &r.1))
        .chain(&analysis.diagnostics)
        .any(|d| d.severity == Severity::Error);
    if args.json {
        let rows: Vec<Row<'_>> = rows_all
            .iter()
            .map(|(i, mid, c, f)| Row {
                source: &sources[*i].name,
                mid: mid.clone(),
                candidate: c,
                priority: ice::priority::explain(c),
                address_class: AddressClass::of(&c.address_kind()),
                findings: f.clone(),
            })
            .collect();
        let reading: Vec<&Diagnostic> = reading.iter().map(|r| &r.1).collect();
        let doc =
            serde_json::json!({ "candidates": rows, "reading": reading, "analysis": analysis });
        let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())? + "\n";
        return Ok(print(&text)
            .err()
            .unwrap_or(if failed { EXIT_FINDINGS } else { EXIT_OK }));
    }

    let color = use_color(args.color);
    let mut out = String::new();
    let mut t = new_table();
    t.set_header([
        "#",
        "mid",
        "foundation",
        "comp",
        "transport",
        "priority (type/local/comp)",
        "address",
        "port",
        "type",
        "related",
        "extensions",
    ]);
    for (n, (_, mid, c, _)) in rows_all.iter().enumerate() {
        let p = ice::priority::explain(c);
        let prio = match p.priority {
            Some(d) => format!(
                "{} ({}/{}/{})",
                c.priority_value, d.type_preference, d.local_preference, d.component
            ),
            None => format!("{} (> 2^32-1)", c.priority_value),
        };
        let transport = match c.extension("tcptype") {
            Some(tt) => format!("{} {}", c.transport, tt),
            None => c.transport.to_string(),
        };
        let related = match (&c.related_address, c.related_port_value) {
            (Some(a), Some(p)) => format!("{a}:{p}"),
            (Some(a), None) => a.to_string(),
            (None, Some(p)) => format!(":{p}"),
            (None, None) => "-".into(),
        };
        let ext: Vec<String> = c.extensions().map(|(k, v)| format!("{k} {v}")).collect();
        t.add_row([
            n.to_string(),
            mid.clone().unwrap_or_else(|| "-".into()),
            c.foundation.to_string(),
            c.component_id.to_string(),
            transport,
            prio,
            format!("{}\n{}", c.address, AddressClass::of(&c.address_kind())),
            c.port_value.to_string(),
            c.typ.to_string(),
            related,
            if ext.is_empty() {
                "-".into()
            } else {
                ext.join(", ")
            },
        ]);
    }
    if !rows_all.is_empty() {
        out.push_str(&t.to_string());
        out.push('\n');
    }
    out.push_str(&counts_line(&analysis.counts));
    for (i, d) in &reading {
        out.push_str(&render(d, &[sources[*i].as_source()], color));
    }
    for (i, _, _, findings) in &rows_all {
        for d in findings {
            out.push_str(&render(d, &[sources[*i].as_source()], color));
        }
    }
    for d in &analysis.diagnostics {
        out.push_str(&paint_severity(
            &format!("{}[{}]: {}\n", d.severity, d.code, d.message),
            color,
        ));
        if let Some(h) = &d.help {
            out.push_str(&format!("  = help: {h}\n"));
        }
    }
    Ok(print(&out)
        .err()
        .unwrap_or(if failed { EXIT_FINDINGS } else { EXIT_OK }))
}

/// Whether the text holds session descriptions (raw SDP, JSON description, dump, SIP), as
/// opposed to a list of candidates.
fn holds_descriptions(text: &str) -> bool {
    use input::InputKind as K;
    (matches!(
        input::sniff(text.as_bytes()),
        K::Sdp | K::SessionDescriptionJson | K::WebrtcInternalsDump | K::Sip
    ) && !text.trim_start().starts_with("candidate:")
        && !text.trim_start().starts_with("a=candidate:"))
}

fn counts_line(c: &ice::Counts) -> String {
    format!(
        "{} candidate(s): host {}, srflx {}, prflx {}, relay {}{}\n",
        c.total,
        c.by_type.host,
        c.by_type.srflx,
        c.by_type.prflx,
        c.by_type.relay,
        if c.by_type.other > 0 {
            format!(", other {}", c.by_type.other)
        } else {
            String::new()
        },
    )
}

/// One transport's check list: the mids it carries and the pairs.
#[derive(Serialize)]
struct Transport<'a> {
    mids: Vec<String>,
    offerer: CheckListView<'a>,
    answerer: CheckListView<'a>,
}

#[derive(Serialize)]
struct CheckListView<'a> {
    role: ice::Role,
    check_list: CheckList,
    local: Vec<&'a Candidate<'a>>,
    remote: Vec<&'a Candidate<'a>>,
}

fn pairs(args: &CandidateArgs, offer_path: &Path, answer_path: &Path) -> Result<i32, String> {
    let (offer_src, offer_dumped) = description(offer_path, Side::Offerer)?;
    let (answer_src, answer_dumped) = description(answer_path, Side::Answerer)?;
    let offer = sdp::parse(&offer_src.text);
    let answer = sdp::parse(&answer_src.text);
    // Given with the flag, else from a webrtc-internals dump given as the description.
    let offer_trickle =
        trickled_source(args.offer_candidates.as_deref(), Side::Offerer)?.or(offer_dumped);
    let answer_trickle =
        trickled_source(args.answer_candidates.as_deref(), Side::Answerer)?.or(answer_dumped);
    let offer_list = trickled_list(offer_trickle.as_ref())?;
    let answer_list = trickled_list(answer_trickle.as_ref())?;
    let roles = ice::determine_roles(offer.is_ice_lite(), answer.is_ice_lite());
    if roles.both_lite {
        eprintln!(
            "rtcinspect candidate: both sides are ice-lite: no agent runs checks (RFC 8445 §6.1.1)"
        );
        return Ok(EXIT_FINDINGS);
    }
    let transports_found = transports_of(&offer, &answer);
    let only = transports_found.len() == 1;
    let mut offer_placing = Placing::new(&offer, offer_list.as_ref());
    let mut answer_placing = Placing::new(&answer, answer_list.as_ref());
    let mut transports = Vec::new();
    for (mids, o, a) in transports_found {
        let mut oc: Vec<&Candidate<'_>> = o.iter().flat_map(|m| m.candidates()).collect();
        let mut ac: Vec<&Candidate<'_>> = a.iter().flat_map(|m| m.candidates()).collect();
        let more_o = offer_placing.take(&o, &oc, only);
        let more_a = answer_placing.take(&a, &ac, only);
        oc.extend(more_o);
        ac.extend(more_a);
        let owned_o: Vec<Candidate<'_>> = oc.iter().map(|c| (*c).clone()).collect();
        let owned_a: Vec<Candidate<'_>> = ac.iter().map(|c| (*c).clone()).collect();
        let options = PairingOptions::default();
        let offerer = CheckListView {
            role: roles.offerer,
            check_list: ice::form_check_list(&owned_o, &owned_a, roles.offerer, &options),
            local: oc.clone(),
            remote: ac.clone(),
        };
        let answerer = CheckListView {
            role: roles.answerer,
            check_list: ice::form_check_list(&owned_a, &owned_o, roles.answerer, &options),
            local: ac,
            remote: oc,
        };
        transports.push(Transport {
            mids,
            offerer,
            answerer,
        });
    }
    // A side may have trickled its candidates: it gave no file of them and its description
    // does not say gathering ended (RFC 8840 §8.2).
    let may_have_trickled =
        |s: &Session<'_>, file: &Option<Source>| file.is_none() && !s.gathering_ended();
    let flags = [
        (
            &offer_src.name,
            "--offer-candidates",
            may_have_trickled(&offer, &offer_trickle),
        ),
        (
            &answer_src.name,
            "--answer-candidates",
            may_have_trickled(&answer, &answer_trickle),
        ),
    ];
    for t in &mut transports {
        let [offerer, answerer] = &flags;
        trickle_help(&mut t.offerer, offerer, answerer, &t.mids);
        trickle_help(&mut t.answerer, answerer, offerer, &t.mids);
    }
    let trickled = [
        (
            "offer",
            offer_trickle.as_ref(),
            offer_list.as_ref(),
            offer_placing,
        ),
        (
            "answer",
            answer_trickle.as_ref(),
            answer_list.as_ref(),
            answer_placing,
        ),
    ];
    let failed = transports
        .iter()
        .flat_map(|t| [&t.offerer, &t.answerer])
        .flat_map(|v| &v.check_list.diagnostics)
        .chain(
            trickled
                .iter()
                .filter_map(|(_, _, list, _)| *list)
                .flat_map(|l| &l.diagnostics),
        )
        .any(|d| d.severity == Severity::Error);
    if args.json {
        let trickle_json: serde_json::Map<String, serde_json::Value> = trickled
            .iter()
            .filter_map(|(side, source, list, placing)| {
                let (source, list) = (source.as_ref()?, list.as_ref()?);
                let mut entry = serde_json::json!({
                    "source": source.name,
                    "read": list.candidates.len(),
                    "invalid": list.invalid.len(),
                    "diagnostics": list.diagnostics,
                });
                if let (Some(e), Ok(serde_json::Value::Object(counts))) = (
                    entry.as_object_mut(),
                    serde_json::to_value(placing.counts()),
                ) {
                    e.extend(counts);
                }
                Some((side.to_string(), entry))
            })
            .collect();
        let text = serde_json::to_string_pretty(&serde_json::json!({
            "roles": roles_json(&roles),
            "trickled": trickle_json,
            "transports": transports,
        }))
        .map_err(|e| e.to_string())?
            + "\n";
        return Ok(print(&text)
            .err()
            .unwrap_or(if failed { EXIT_FINDINGS } else { EXIT_OK }));
    }
    let color = use_color(args.color);
    let mut out = String::new();
    for (side, source, list, placing) in &trickled {
        let (Some(source), Some(list)) = (source, list) else {
            continue;
        };
        out.push_str(&placing.summary(side, &source.name, list));
        for d in &list.diagnostics {
            out.push_str(&render(d, &[source.as_source()], color));
        }
    }
    out.push_str(&format!(
        "roles: offerer {:?}, answerer {:?} (RFC 8445 §6.1.1: {})\n",
        roles.offerer,
        roles.answerer,
        if offer.is_ice_lite() || answer.is_ice_lite() {
            "the full agent controls a lite one"
        } else {
            "the offerer controls"
        }
    ));
    for t in &transports {
        for (who, v) in [("offerer", &t.offerer), ("answerer", &t.answerer)] {
            out.push_str(&format!(
                "\n{who}'s check list for mid {} ({:?}): {} pair(s) ({} formed, {} pruned, {} over the limit)\n",
                t.mids.join(","),
                v.role,
                v.check_list.pairs.len(),
                v.check_list.formed,
                v.check_list.pruned,
                v.check_list.truncated
            ));
            let mut tb = new_table();
            tb.set_header([
                "#",
                "local",
                "remote",
                "comp",
                "pair priority",
                "state",
                "foundation",
            ]);
            for (n, p) in v.check_list.pairs.iter().enumerate() {
                let (Some(l), Some(r)) = (v.local.get(p.local), v.remote.get(p.remote)) else {
                    continue;
                };
                tb.add_row([
                    n.to_string(),
                    format!("{} {}:{} {}", l.typ, l.address, l.port_value, l.transport),
                    format!("{} {}:{} {}", r.typ, r.address, r.port_value, r.transport),
                    p.component.to_string(),
                    p.priority.to_string(),
                    format!("{:?}", p.state),
                    p.foundation.clone(),
                ]);
            }
            if !v.check_list.pairs.is_empty() {
                out.push_str(&tb.to_string());
                out.push('\n');
            }
            for d in &v.check_list.diagnostics {
                out.push_str(&format!("{}[{}]: {}\n", d.severity, d.code, d.message));
                if let Some(h) = &d.help {
                    out.push_str(&format!("  = help: {h}\n"));
                }
            }
        }
    }
    Ok(print(&out)
        .err()
        .unwrap_or(if failed { EXIT_FINDINGS } else { EXIT_OK }))
}

/// Help for an empty check list when a side that may have trickled its candidates brought
/// none: with trickle ICE they are not in the description. `local`, `remote`: (description
/// name, option, may have trickled) of each side.
fn trickle_help(
    view: &mut CheckListView<'_>,
    local: &(&String, &str, bool),
    remote: &(&String, &str, bool),
    mids: &[String],
) {
    let missing = [
        (view.local.is_empty(), local),
        (view.remote.is_empty(), remote),
    ];
    let Some((_, (name, flag, _))) = missing
        .iter()
        .find(|(empty, (_, _, trickled))| *empty && *trickled)
    else {
        return;
    };
    for d in view.check_list.diagnostics.iter_mut() {
        // This says more than the general help (no shared family or transport).
        if d.code == "I028" {
            d.help = Some(format!(
                "{name} has no a=candidate lines for mid {} (trickle ICE sends candidates \
                 apart from the description): give them with {flag} FILE, or use the \
                 description taken after gathering completed",
                mids.join(",")
            ));
        }
    }
}

fn roles_json(r: &ice::Roles) -> serde_json::Value {
    serde_json::json!({ "offerer": format!("{:?}", r.offerer), "answerer": format!("{:?}", r.answerer) })
}

/// The `side`'s description in a file (raw SDP, JSON, SIP: the first; a webrtc-internals
/// dump: the one of that side's type, a dump holding both), with, from a dump, the
/// candidates it logged for that side.
fn description(path: &Path, side: Side) -> Result<(Source, Option<Source>), String> {
    let (bytes, name) = read_input(path)?;
    let list = input::descriptions(&bytes).map_err(|e| format!("{name}: {e}"))?;
    let dump = input::sniff(&bytes) == input::InputKind::WebrtcInternalsDump;
    let selector = input::Selector {
        sdp_type: dump.then(|| side.description_type().to_string()),
        ..input::Selector::default()
    };
    let d = input::select(list, &selector).map_err(|e| format!("{name}: {e}"))?;
    let candidates = if dump {
        dump_source(&bytes, &name, side).ok()
    } else {
        None
    };
    Ok((
        Source {
            text: d.sdp.into_owned(),
            name,
        },
        candidates,
    ))
}

/// The ICE transports of an offer/answer: with BUNDLE in the answer, one per bundle group
/// (the tagged, first mid's candidates); otherwise one per m-line pair. Rejected sections
/// (answer port 0 and not bundled) carry no transport.
fn transports_of<'s, 'a>(
    offer: &'s Session<'a>,
    answer: &'s Session<'a>,
) -> Vec<(
    Vec<String>,
    Vec<&'s sdp::Media<'a>>,
    Vec<&'s sdp::Media<'a>>,
)> {
    let mut out = Vec::new();
    let mut bundled: Vec<String> = Vec::new();
    for g in answer.groups().filter(|g| g.is_bundle()) {
        let mids: Vec<String> = g.mids().map(|m| m.to_string()).collect();
        let Some(tag) = mids.first() else { continue };
        // RFC 9143 §7.2: the offerer's candidates are those of its section with the tagged mid.
        let o: Vec<_> = offer.media_by_mid(tag).into_iter().collect();
        let a: Vec<_> = answer.media_by_mid(tag).into_iter().collect();
        bundled.extend(mids.iter().cloned());
        out.push((mids, o, a));
    }
    for (i, am) in answer.media.iter().enumerate() {
        let mid = am.mid().map(|t| t.to_string());
        if mid.as_ref().is_some_and(|m| bundled.contains(m)) || am.port() == Some(0) {
            continue;
        }
        if let Some(om) = offer.media.get(i) {
            out.push((
                vec![mid.unwrap_or_else(|| format!("#{i}"))],
                vec![om],
                vec![am],
            ));
        }
    }
    out
}
