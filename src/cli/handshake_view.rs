//! Text rendering of a handshake [`Report`]: the verdict first, then the candidate-pair table,
//! TURN allocations, findings, and (on request) a timeline of STUN events.

use super::output::new_table;
use rtcinspect::handshake::ice::{Endpoint, PairReport, PairState};
use rtcinspect::handshake::{IceFailure, IceOutcome, Report, Side};
use std::fmt::Write;

/// The one-paragraph verdict: whether ICE connected and on which pair, or the first thing
/// that failed.
pub fn verdict(r: &Report) -> String {
    match &r.ice {
        IceOutcome::NoStun => "ICE never started: no STUN in the capture.".to_string(),
        IceOutcome::NoChecks => {
            "ICE did not check any pair: STUN/TURN server traffic only, no connectivity check between the peers.".to_string()
        }
        IceOutcome::Connected {
            pair,
            checks,
            elapsed_ms,
        } => {
            let p = &r.pairs[*pair];
            let mut s = format!(
                "ICE connected on {} after {checks} checks in {elapsed_ms:.1} ms",
                pair_name(p)
            );
            if let Some(c) = &r.consent {
                if c.expired {
                    s.push_str("; then consent expired (no response for 30 s)");
                } else if c.requests > 0 {
                    let _ = write!(s, "; consent {}/{} answered", c.answered, c.requests);
                }
            }
            s.push('.');
            let bad = r.findings.iter().find(|d| d.code == "H004" || d.code == "H003");
            if let Some(d) = bad {
                let _ = write!(
                    s,
                    "\nBut the SDPs given do not match this capture: {} ({}): they are not the descriptions these agents used.",
                    d.message, d.code
                );
            }
            s
        }
        IceOutcome::Failed { cause } => format!("ICE failed: {}.", failure(cause)),
    }
}

fn failure(cause: &IceFailure) -> String {
    match cause {
        IceFailure::WrongUfrag => {
            "the checks' USERNAMEs name ufrags that are not in the SDPs given (another session, or an ICE restart)".into()
        }
        IceFailure::IntegrityFailure => {
            "MESSAGE-INTEGRITY does not verify with the SDPs' ice-pwd (munged SDP, or not this call's)".into()
        }
        IceFailure::RoleConflict { count } => {
            format!("{count} checks answered 487 Role Conflict: both agents claim the same role")
        }
        IceFailure::ErrorResponses { code, count } => {
            format!("{count} checks answered with error {code}")
        }
        IceFailure::OneWay { working, from } => format!(
            "checks get through one way only: those from {}{from} are answered (or alone), the other direction is dropped (firewall/NAT)",
            working.map_or(String::new(), |s| format!("the {} at ", s.as_str()))
        ),
        IceFailure::NoChecksBack { silent, at } => format!(
            "{} answered checks but sent none of its own, not even the triggered check that receiving one calls for (RFC 8445 §7.3.1.4): its ICE agent is not checking (remote description not applied, ICE not started on this transport, or closed after answering); its responses got through, so this is not a firewall",
            silent.map_or(at.to_string(), |s| format!("the {} at {at}", s.as_str()))
        ),
        IceFailure::PeerSilent { sender, from } => format!(
            "only {} sent checks, none was answered and the peer sent none: the peer is not running, never got the SDP, or everything to it is dropped (look for ICMP port unreachable: host up, application gone)",
            sender.map_or(from.to_string(), |s| format!("the {} at {from}", s.as_str()))
        ),
        IceFailure::NoResponse => "checks went both ways and none was answered".into(),
        IceFailure::NotNominated => {
            "checks succeeded but the controlling agent nominated no pair".into()
        }
    }
}

fn endpoint(e: &Endpoint) -> String {
    let mut s = e.address.to_string();
    let mut tags = Vec::new();
    if let Some(side) = e.side {
        tags.push(side.as_str().to_string());
    }
    if let Some(kind) = e.kind {
        let mut tag = format!("{kind:?}").to_lowercase();
        if let Some(t) = e.tcptype {
            let _ = write!(tag, " {}", format!("{t:?}").to_lowercase());
        }
        if e.mdns {
            tag.push_str(" mDNS");
        }
        tags.push(tag);
    }
    if !tags.is_empty() {
        let _ = write!(s, " ({})", tags.join(", "));
    }
    s
}

fn pair_name(p: &PairReport) -> String {
    format!(
        "{} ↔ {} over {}",
        endpoint(&p.a),
        endpoint(&p.b),
        format!("{:?}", p.transport).to_lowercase()
    )
}

fn state(s: PairState) -> &'static str {
    match s {
        PairState::Nominated => "nominated",
        PairState::Succeeded => "succeeded",
        PairState::OneWaySucceeded => "one way only",
        PairState::OneWayUnanswered => "one way, unanswered",
        PairState::Unanswered => "unanswered",
        PairState::Failed => "failed",
    }
}

/// The candidate-pair table: one row per 5-tuple with checks, both directions.
pub fn pair_table(r: &Report) -> String {
    let mut t = new_table();
    t.set_header([
        "#",
        "pair (a ↔ b)",
        "a→b ok/sent",
        "b→a ok/sent",
        "roles",
        "USE-CAND",
        "rtt ms",
        "state",
    ]);
    for (i, p) in r.pairs.iter().enumerate() {
        let dir = |d: &rtcinspect::handshake::ice::Direction| {
            let mut s = format!("{}/{}", d.succeeded, d.requests);
            if d.retransmissions > 0 {
                let _ = write!(s, " (+{} rtx)", d.retransmissions);
            }
            for (code, n) in &d.errors {
                let _ = write!(s, " {n}×{code}");
            }
            if d.integrity_failures > 0 {
                let _ = write!(s, " {}×bad MI", d.integrity_failures);
            }
            s
        };
        let role = |c: Option<bool>| match c {
            Some(true) => "controlling",
            Some(false) => "controlled",
            None => "-",
        };
        let rtt = [p.a_to_b.median_rtt_ms, p.b_to_a.median_rtt_ms]
            .iter()
            .map(|x| x.map_or("-".to_string(), |v| format!("{v:.1}")))
            .collect::<Vec<_>>()
            .join(" / ");
        let selected = if r.selected == Some(i) { " ★" } else { "" };
        t.add_row([
            format!("{}{selected}", i + 1),
            format!("{}\n{}", endpoint(&p.a), endpoint(&p.b)),
            dir(&p.a_to_b),
            dir(&p.b_to_a),
            format!(
                "a {}\nb {}",
                role(p.a_to_b.controlling),
                role(p.b_to_a.controlling)
            ),
            format!("{} / {}", p.a_to_b.use_candidate, p.b_to_a.use_candidate),
            rtt,
            state(p.state).to_string(),
        ]);
    }
    t.to_string()
}

/// The TURN allocations, if any.
pub fn allocations(r: &Report) -> Option<String> {
    if r.allocations.is_empty() {
        return None;
    }
    let mut t = new_table();
    t.set_header([
        "client",
        "TURN server",
        "relayed",
        "lifetime s",
        "refreshes",
        "deleted",
    ]);
    for a in &r.allocations {
        t.add_row([
            a.client.to_string(),
            a.server.to_string(),
            a.relayed.map_or("-".into(), |x| x.to_string()),
            a.lifetime_s.map_or("-".into(), |x| x.to_string()),
            a.refreshes.to_string(),
            a.deleted.to_string(),
        ]);
    }
    Some(t.to_string())
}

/// One DTLS event of the timeline.
fn dtls_event(e: &rtcinspect::handshake::dtls_flow::Event) -> String {
    use rtcinspect::handshake::dtls_flow::EventKind;
    let what = match &e.kind {
        EventKind::Handshake {
            msg_type,
            message_seq,
            retransmission,
            ..
        } => format!(
            "{msg_type} (message_seq {message_seq}){}",
            if *retransmission {
                " retransmitted"
            } else {
                ""
            }
        ),
        EventKind::ChangeCipherSpec => "ChangeCipherSpec".into(),
        EventKind::EncryptedHandshake => "encrypted handshake (Finished)".into(),
        EventKind::Encrypted { epoch } => format!("first record under epoch {epoch} (encrypted)"),
        EventKind::Alert { alert: Some(a) } => format!("alert {a}"),
        EventKind::Alert { alert: None } => "encrypted alert".into(),
        EventKind::ApplicationData => "first application data".into(),
        EventKind::Malformed { error } => format!("malformed: {error}"),
    };
    let role = e.role.map_or(String::new(), |r| {
        format!(" [{}]", format!("{r:?}").to_lowercase())
    });
    format!("DTLS {what} {} → {}{role}", e.from, e.to)
}

/// The timeline: one line per STUN request, response and indication and per DTLS event,
/// time relative to the first packet (ms).
pub fn timeline(r: &Report) -> String {
    let start = r.first_ns.unwrap_or(0);
    let ms = |t: i128| (t - start) as f64 / 1e6;
    let side = |s: Option<Side>| s.map_or(String::new(), |s| format!(" [{}]", s.as_str()));
    let mut events: Vec<(i128, u64, String)> = Vec::new();
    for t in &r.transactions {
        let mut what = format!(
            "{} request {} → {}{}",
            t.method,
            t.flow.src,
            t.flow.dst,
            side(t.sender)
        );
        if let Some(u) = &t.username {
            let _ = write!(what, " USERNAME {u}");
        }
        if t.use_candidate {
            what.push_str(" USE-CANDIDATE");
        }
        if t.retransmissions > 0 {
            let _ = write!(what, " (retransmitted {}×)", t.retransmissions);
        }
        events.push((t.request.time_ns, t.request.number, what));
        if let Some(resp) = &t.response {
            let outcome = match &resp.error {
                None => "success".to_string(),
                Some((code, reason)) => format!("error {code} {reason}"),
            };
            events.push((
                resp.seen.time_ns,
                resp.seen.number,
                format!(
                    "{} {outcome} {} → {} (rtt {:.1} ms)",
                    t.method,
                    t.flow.dst,
                    t.flow.src,
                    t.rtt_ms().unwrap_or(0.0)
                ),
            ));
        }
    }
    for a in &r.associations {
        for e in &a.events {
            events.push((e.time_ns, e.number, dtls_event(e)));
        }
    }
    for i in &r.indications {
        events.push((
            i.seen.time_ns,
            i.seen.number,
            format!("{} indication {} → {}", i.method, i.flow.src, i.flow.dst),
        ));
    }
    events.sort_by_key(|e| (e.0, e.1));
    let mut out = String::new();
    for (t, n, what) in events {
        let _ = writeln!(out, "{:>10.3} ms  #{n:<6} {what}", ms(t));
    }
    out
}

fn side_name(s: Option<Side>) -> &'static str {
    s.map_or("?", Side::as_str)
}

/// The DTLS sentence of the verdict.
pub fn dtls_verdict(r: &Report) -> String {
    use rtcinspect::handshake::dtls_flow::{DtlsOutcome, Fingerprints, NotCheckable};
    let fingerprints = |f: &Fingerprints| {
        match f {
        Fingerprints::Match { sides } => format!(
            "certificates match a=fingerprint ({})",
            sides.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        ),
        Fingerprints::Mismatch {
            side,
            number,
            hash_function,
            expected,
            computed,
            ..
        } => format!(
            "the {}'s certificate (packet {number}) does NOT match its a=fingerprint: {hash_function} {computed} in the capture, {expected} in the SDP",
            side.as_str()
        ),
        Fingerprints::NotCheckable { reason } => match reason {
            NotCheckable::EncryptedCertificates { encrypted_records } => format!(
                "fingerprints cannot be checked from the capture: DTLS 1.3 encrypts the Certificate ({encrypted_records} encrypted records seen; a key log would tell)"
            ),
            NotCheckable::NoCertificate => "no Certificate in the capture".into(),
            NotCheckable::NoFingerprint => "no a=fingerprint to check against (give the SDPs with --sdp)".into(),
            NotCheckable::SenderUnknown => "the certificate's sender is not known to be either peer".into(),
            NotCheckable::UnsupportedHashFunction { name } => {
                format!("a=fingerprint uses {name}, which this tool does not compute")
            }
        },
    }
    };
    match &r.dtls {
        DtlsOutcome::NoDtls => "DTLS: no DTLS in the capture.".into(),
        DtlsOutcome::Incomplete {
            stopped,
            fingerprints: f,
            ..
        } => format!("DTLS incomplete: {stopped}; {}.", fingerprints(f)),
        DtlsOutcome::Failed {
            alert,
            fingerprints: f,
            ..
        } => format!("DTLS failed: {}; {}.", alert.describe(), fingerprints(f)),
        DtlsOutcome::Complete {
            version,
            fingerprints: f,
            ..
        } => format!(
            "{} complete; {}.",
            version.map_or("DTLS".to_string(), |v| v.to_string()),
            fingerprints(f)
        ),
    }
}

/// The media sentence of the verdict: per m-line, which way it flows.
pub fn media_verdict(r: &Report) -> String {
    use rtcinspect::handshake::media::Flowing;
    if r.media.sections.is_empty() {
        let packets: u64 = r.rtp_streams.iter().map(|s| s.packets).sum();
        return format!(
            "Media: {} RTP streams, {packets} packets (give the SDPs with --sdp to map them to m-lines).",
            r.rtp_streams.len()
        );
    }
    let parts: Vec<String> = r
        .media
        .sections
        .iter()
        .map(|s| {
            let name = format!("{} (mid {})", s.kind, s.mid.as_deref().unwrap_or("-"));
            let how = match &s.flowing {
                Flowing::Both => "both ways".to_string(),
                Flowing::OneWay { from } => format!("one way, from the {} only", from.as_str()),
                Flowing::Unattributed => "flowing (sender unknown)".to_string(),
                Flowing::None if !s.negotiated => "not negotiated".to_string(),
                Flowing::None => "nothing".to_string(),
            };
            format!("{name} {how}")
        })
        .collect();
    format!("Media: {}.", parts.join("; "))
}

/// The DTLS associations.
pub fn dtls_table(r: &Report) -> Option<String> {
    use rtcinspect::handshake::dtls_flow::SrtpChoice;
    if r.associations.is_empty() {
        return None;
    }
    let mut t = new_table();
    t.set_header([
        "5-tuples",
        "client / server",
        "version",
        "cipher / SRTP",
        "stage",
    ]);
    for a in &r.associations {
        let flows: Vec<String> = a
            .flows
            .iter()
            .map(|f| format!("{} ↔ {}", f.src, f.dst))
            .collect();
        let roles: Vec<String> = a
            .ends
            .iter()
            .map(|e| {
                format!(
                    "{} {}",
                    e.role
                        .map_or("?".to_string(), |r| format!("{r:?}").to_lowercase()),
                    side_name(e.side)
                )
            })
            .collect();
        let mut roles = roles.join("\n");
        if let Some(expected) = a.expected_client {
            let _ = write!(roles, "\n(a=setup: {} is client)", expected.as_str());
        }
        t.add_row([
            flows.join("\n"),
            roles,
            a.version.map_or("-".into(), |v| v.to_string()),
            format!(
                "{}\n{}",
                a.cipher_suite.map_or("-".into(), |c| c.to_string()),
                match &a.srtp {
                    SrtpChoice::NotOffered => "no use_srtp offered".to_string(),
                    SrtpChoice::Offered => "use_srtp offered, no answer".to_string(),
                    SrtpChoice::Chosen { profile } => profile.to_string(),
                    SrtpChoice::Declined => "use_srtp declined (data only)".to_string(),
                    SrtpChoice::Encrypted => "SRTP profile encrypted (DTLS 1.3)".to_string(),
                }
            ),
            a.stopped.clone(),
        ]);
    }
    Some(t.to_string())
}

/// The RTP streams, mapped to m-lines.
pub fn media_table(r: &Report) -> Option<String> {
    if r.rtp_streams.is_empty() {
        return None;
    }
    let mut t = new_table();
    t.set_header([
        "flow", "SSRC", "from", "m-line", "PT", "packets", "pkt/s", "kbit/s",
    ]);
    for s in &r.rtp_streams {
        let mline = match (s.section, &s.mid, &s.rid) {
            (Some(i), mid, rid) => format!(
                "#{i}{}{}",
                mid.as_ref().map_or(String::new(), |m| format!(" mid {m}")),
                rid.as_ref().map_or(String::new(), |r| format!(" rid {r}"))
            ),
            (None, Some(mid), _) => format!("mid {mid}"),
            (None, None, _) => "-".into(),
        };
        t.add_row([
            format!("{} → {}", s.flow.src, s.flow.dst),
            format!("{:#010x}", s.ssrc),
            side_name(s.sender).to_string(),
            mline,
            s.payload_types
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(","),
            s.packets.to_string(),
            s.packet_rate.map_or("-".into(), |x| format!("{x:.1}")),
            s.bitrate_bps
                .map_or("-".into(), |x| format!("{:.1}", x / 1000.0)),
        ]);
    }
    Some(t.to_string())
}
