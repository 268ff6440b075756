//! Findings of the DTLS (H101–H199) and media (H201–H299) parts of a [`Report`].

use super::analysis::{IceOutcome, Report};
use super::dtls_flow::{Association, DtlsOutcome, EventKind, Fingerprints, NotCheckable, Stage};
use super::media::Flowing;
use super::peers::Side;
use crate::diag::{registry, Diagnostic};
use crate::span::Span;

/// How long after the nomination a capture must go on for missing DTLS to be a finding, ns.
pub const NO_DTLS_AFTER_NS: i128 = 1_000_000_000;

/// Appends the DTLS and media findings of `r` to `out`.
pub fn findings(r: &Report, out: &mut Vec<Diagnostic>) {
    dtls(r, out);
    media(r, out);
}

fn at() -> Span {
    Span::default()
}

fn dtls(r: &Report, out: &mut Vec<Diagnostic>) {
    let main = r.dtls.association().map(|i| &r.associations[i]);
    match (&r.dtls, main) {
        (DtlsOutcome::NoDtls, _) => {
            // DTLS follows the nomination within milliseconds; a capture that ends sooner
            // than this after it says nothing.
            let nominated = match r.ice {
                IceOutcome::Connected { pair, .. } => {
                    r.pairs.get(pair).and_then(|p| p.nominated_ns)
                }
                _ => None,
            };
            if nominated.is_some_and(|t| r.last_ns.unwrap_or(t) - t >= NO_DTLS_AFTER_NS) {
                out.push(
                    Diagnostic::new(
                        &registry::NO_DTLS,
                        at(),
                        "ICE connected, but no DTLS record followed: no SRTP keys, no data channel",
                    )
                    .with_help("the DTLS client (a=setup:active side) never started: check its logs; a peer that closed right after ICE sends nothing"),
                );
            }
        }
        (DtlsOutcome::Incomplete { stopped, .. }, Some(a)) => out.push(
            Diagnostic::new(
                &registry::DTLS_INCOMPLETE,
                at(),
                format!("DTLS handshake on {} stopped: {stopped}", flows(a)),
            )
            .with_help(incomplete_help(a.stage)),
        ),
        (DtlsOutcome::Failed { alert, .. }, Some(_)) => out.push(
            Diagnostic::new(
                &registry::DTLS_ALERT,
                at(),
                format!("packet {}: {}", alert.number, alert.describe()),
            )
            .with_help(alert_help(alert.alert.map(|a| a.description.0))),
        ),
        _ => {}
    }
    for a in &r.associations {
        association(r, a, out);
    }
}

fn association(r: &Report, a: &Association, out: &mut Vec<Diagnostic>) {
    match &a.fingerprints {
        Fingerprints::Mismatch {
            side,
            number,
            hash_function,
            expected,
            computed,
            matching,
        } => {
            let also = if matching.is_empty() {
                String::new()
            } else {
                format!(" ({} of the same SDP match)", matching.join(", "))
            };
            let sdp = match side {
                Side::Offerer => "offer",
                Side::Answerer => "answer",
            };
            out.push(
                Diagnostic::new(
                    &registry::DTLS_FINGERPRINT_MISMATCH,
                    at(),
                    format!(
                        "packet {number}: the {}'s certificate hashes to {hash_function} {computed}, the {sdp}'s a=fingerprint says {expected}{also}",
                        side.as_str()
                    ),
                )
                .in_input(*side as usize)
                .with_help("the fingerprint was changed between the peer and the other side (signaling munged it), or the SDP given is not the one the peer applied; the receiving stack rejects the certificate"),
            );
        }
        Fingerprints::NotCheckable {
            reason: NotCheckable::EncryptedCertificates { encrypted_records },
        } if a.stage >= Stage::ServerFlight => out.push(
            Diagnostic::new(
                &registry::DTLS_FINGERPRINT_NOT_CHECKABLE,
                at(),
                format!(
                    "DTLS 1.3 on {}: the certificates are encrypted ({encrypted_records} encrypted records), so a=fingerprint cannot be checked from the capture alone",
                    flows(a)
                ),
            )
            .with_help("a key log (Firefox SSLKEYLOGFILE) lets a decrypting tool see the certificates; or trust each side's getStats() certificate fingerprints"),
        ),
        _ => {}
    }
    let client_sides: Vec<Side> = a
        .ends
        .iter()
        .filter(|e| e.client_hellos > 0)
        .filter_map(|e| e.side)
        .collect();
    if client_sides.len() > 1 {
        out.push(Diagnostic::new(
            &registry::DTLS_ROLE_MISMATCH,
            at(),
            "both agents sent ClientHello: both act as DTLS client (a=setup active on both sides?)",
        ));
    } else if let (Some(&sent), Some(expected)) = (client_sides.first(), a.expected_client) {
        if sent != expected {
            let setup = |s: Side| {
                r.peers.setup[s as usize]
                    .map_or("none".to_owned(), |x| format!("{x:?}").to_lowercase())
            };
            out.push(Diagnostic::new(
                &registry::DTLS_ROLE_MISMATCH,
                at(),
                format!(
                    "the {} sent ClientHello, but a=setup (offer {}, answer {}) makes the {} the DTLS client",
                    sent.as_str(),
                    setup(Side::Offerer),
                    setup(Side::Answerer),
                    expected.as_str()
                ),
            ));
        }
    }
    for e in &a.ends {
        if e.retransmissions == 0 {
            continue;
        }
        let hellos = if e.client_hellos > 1 {
            format!(", ClientHello sent {} times", e.client_hellos)
        } else {
            String::new()
        };
        let who = e
            .side
            .map_or_else(|| format!("{:?}", e.addresses), |s| s.as_str().to_owned());
        out.push(Diagnostic::new(
            &registry::DTLS_RETRANSMISSION,
            at(),
            format!(
                "the {who} retransmitted {} DTLS handshake message(s){hellos}",
                e.retransmissions
            ),
        ));
    }
    let malformed: Vec<&str> = a
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Malformed { error } => Some(error.as_str()),
            _ => None,
        })
        .collect();
    if let Some(first) = malformed.first() {
        let number = a
            .events
            .iter()
            .find(|e| matches!(e.kind, EventKind::Malformed { .. }))
            .map_or(0, |e| e.number);
        out.push(Diagnostic::new(
            &registry::DTLS_MALFORMED,
            at(),
            format!(
                "packet {number}: {first} ({} such records)",
                malformed.len()
            ),
        ));
    }
}

fn flows(a: &Association) -> String {
    a.flows
        .iter()
        .map(|f| format!("{} ↔ {}", f.src, f.dst))
        .collect::<Vec<_>>()
        .join(" and ")
}

fn incomplete_help(stage: Stage) -> &'static str {
    match stage {
        Stage::ClientHello => "the server never answered: it is not running DTLS yet (remote description not applied), or its packets are dropped after ICE",
        Stage::HelloVerifyRequest => "the client did not answer the cookie exchange",
        Stage::ServerFlight => "the client did not continue after the server's flight: it may have rejected the server certificate (fingerprint) silently",
        Stage::ClientFlight => "the server did not finish after the client's flight: it may have rejected the client certificate (fingerprint) silently",
        _ => "the capture may have ended too early",
    }
}

fn alert_help(description: Option<u8>) -> &'static str {
    match description {
        Some(42..=46 | 48) => "the peer rejected the certificate: its a=fingerprint does not match (the SDP it applied is wrong, or it has not applied the remote description yet)",
        Some(40) => "no common parameters: cipher suites, SRTP profiles or versions",
        Some(0) => "close_notify: the peer closed the connection",
        None => "the alert is encrypted: its description is only in the peer's logs",
        _ => "see the sender's logs for the reason",
    }
}

fn media(r: &Report, out: &mut Vec<Diagnostic>) {
    let dtls_done = matches!(r.dtls, DtlsOutcome::Complete { .. });
    for s in &r.media.sections {
        let name = format!(
            "m-line {} ({}{})",
            s.index,
            s.kind,
            s.mid
                .as_ref()
                .map_or(String::new(), |m| format!(", mid {m}"))
        );
        match s.flowing {
            Flowing::None if dtls_done && s.negotiated => out.push(Diagnostic::new(
                &registry::MEDIA_NONE,
                at(),
                format!("{name}: no packet in either direction after DTLS completed"),
            )),
            Flowing::OneWay { from } if s.kind == "application" && dtls_done => out.push(
                Diagnostic::new(
                    &registry::DATA_CHANNEL_ONE_WAY,
                    at(),
                    format!(
                        "{name}: DTLS application data from the {} only ({} records), none back",
                        from.as_str(),
                        s.from_offerer.max(s.from_answerer)
                    ),
                )
                .with_help("the other agent does not run SCTP on this association: it rejected the DTLS peer (fingerprint) or closed"),
            ),
            Flowing::OneWay { from } if s.kind != "application" => out.push(Diagnostic::new(
                &registry::MEDIA_ONE_WAY,
                at(),
                format!(
                    "{name}: RTP from the {} only ({} packets)",
                    from.as_str(),
                    s.from_offerer.max(s.from_answerer)
                ),
            )),
            _ => {}
        }
    }
    if !r.peers.sections.is_empty() {
        let unmapped: Vec<_> = r
            .rtp_streams
            .iter()
            .filter(|s| s.section.is_none())
            .collect();
        if let Some(s) = unmapped.first() {
            out.push(Diagnostic::new(
                &registry::RTP_UNMAPPED,
                at(),
                format!(
                    "SSRC {:#010x} ({} → {}, payload types {:?}, {} packets) matches no m-line by MID, a=ssrc or payload type ({} such streams)",
                    s.ssrc,
                    s.flow.src,
                    s.flow.dst,
                    s.payload_types,
                    s.packets,
                    unmapped.len()
                ),
            ));
        }
    }
}
