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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Flow, Packet, Transport};
    use crate::handshake::dtls_flow::SrtpChoice;
    use crate::handshake::peers::{Credential, KnownCandidate, Peers, Section};
    use crate::handshake::rtp::ExtensionIds;
    use crate::handshake::Analyzer;
    use crate::ice::candidate::CandidateType;
    use crate::sdp::attributes::{Direction, Setup};
    use crate::stun::{classify, Key, MessageBuilder, TransactionId};

    const O: &str = "10.0.0.1:5000";
    const A: &str = "10.0.0.2:6000";

    fn peers() -> Peers {
        let cand = |side, a: &str| KnownCandidate {
            side,
            address: a.parse().unwrap(),
            transport: Transport::Udp,
            kind: CandidateType::Host,
            priority: 1,
            tcptype: None,
            mdns_name: None,
        };
        let section = |side| Section {
            side,
            index: 0,
            mid: Some("0".into()),
            kind: "audio".into(),
            port: 9,
            direction: Direction::SendRecv,
            ssrcs: Vec::new(),
            rids: Vec::new(),
            payload_types: vec![111],
            extension_ids: ExtensionIds::default(),
        };
        Peers {
            credentials: vec![
                Credential {
                    side: Side::Offerer,
                    ufrag: "offr".into(),
                    pwd: "offerPasswordIsLongEnough".into(),
                },
                Credential {
                    side: Side::Answerer,
                    ufrag: "answ".into(),
                    pwd: "answerPasswordIsLongEnough".into(),
                },
            ],
            candidates: vec![cand(Side::Offerer, O), cand(Side::Answerer, A)],
            setup: [Some(Setup::Actpass), Some(Setup::Active)],
            sections: vec![section(Side::Offerer), section(Side::Answerer)],
            ..Peers::default()
        }
    }

    /// A DTLSPlaintext record (RFC 6347 §4.1).
    fn record(content_type: u8, epoch: u16, fragment: &[u8]) -> Vec<u8> {
        let mut r = vec![content_type, 0xfe, 0xfd];
        r.extend(epoch.to_be_bytes());
        r.extend([0; 6]);
        r.extend((fragment.len() as u16).to_be_bytes());
        r.extend(fragment);
        r
    }

    /// A whole handshake message (RFC 6347 §4.2.2).
    fn message(msg_type: u8, seq: u16, body: &[u8]) -> Vec<u8> {
        let len = (body.len() as u32).to_be_bytes();
        let mut m = vec![msg_type, len[1], len[2], len[3]];
        m.extend(seq.to_be_bytes());
        m.extend([0, 0, 0, len[1], len[2], len[3]]);
        m.extend(body);
        record(22, 0, &m)
    }

    /// use_srtp with SRTP_AEAD_AES_128_GCM (RFC 5764 §4.1.1).
    const USE_SRTP: [u8; 11] = [0, 9, 0, 14, 0, 5, 0, 2, 0, 7, 0];

    fn client_hello() -> Vec<u8> {
        let mut b = vec![0xfe, 0xfd];
        b.extend([7; 32]);
        b.extend([0, 0, 0, 2, 0xc0, 0x2b, 1, 0]);
        b.extend(USE_SRTP);
        message(1, 0, &b)
    }

    fn server_hello() -> Vec<u8> {
        let mut b = vec![0xfe, 0xfd];
        b.extend([8; 32]);
        b.extend([0, 0xc0, 0x2b, 0]);
        b.extend(USE_SRTP);
        message(2, 0, &b)
    }

    fn run(peers: Peers, packets: &[(&str, &str, i128, Vec<u8>)]) -> Report {
        let mut analyzer = Analyzer::new(peers);
        for (i, (from, to, ms, bytes)) in packets.iter().enumerate() {
            analyzer.push(&Packet {
                number: i as u64 + 1,
                time_ns: ms * 1_000_000,
                offset: 0,
                flow: Flow {
                    src: from.parse().unwrap(),
                    dst: to.parse().unwrap(),
                    transport: Transport::Udp,
                },
                channel: None,
                truncated: false,
                kind: classify(bytes[0]),
                bytes,
            });
        }
        analyzer.finish()
    }

    fn codes(r: &Report) -> Vec<&'static str> {
        r.findings.iter().map(|d| d.code).collect()
    }

    /// A nominated check from the offerer and its success response.
    fn nomination() -> Vec<(&'static str, &'static str, i128, Vec<u8>)> {
        let id = TransactionId([1; 12]);
        let check = MessageBuilder::binding_request(id)
            .username("answ:offr")
            .priority(1)
            .ice_controlling(1)
            .use_candidate()
            .message_integrity(&Key::short_term("answerPasswordIsLongEnough").unwrap())
            .fingerprint()
            .build()
            .unwrap();
        let ok = MessageBuilder::binding_success(id)
            .xor_mapped_address(O.parse().unwrap())
            .message_integrity(&Key::short_term("answerPasswordIsLongEnough").unwrap())
            .fingerprint()
            .build()
            .unwrap();
        let back = TransactionId([2; 12]);
        let check_back = MessageBuilder::binding_request(back)
            .username("offr:answ")
            .priority(1)
            .ice_controlled(2)
            .message_integrity(&Key::short_term("offerPasswordIsLongEnough").unwrap())
            .fingerprint()
            .build()
            .unwrap();
        let ok_back = MessageBuilder::binding_success(back)
            .xor_mapped_address(A.parse().unwrap())
            .message_integrity(&Key::short_term("offerPasswordIsLongEnough").unwrap())
            .fingerprint()
            .build()
            .unwrap();
        vec![
            (A, O, 0, check_back),
            (O, A, 1, ok_back),
            (O, A, 2, check),
            (A, O, 3, ok),
        ]
    }

    #[test]
    fn no_dtls_after_ice() {
        let mut p = nomination();
        let r = run(peers(), &p);
        assert!(matches!(r.ice, IceOutcome::Connected { .. }));
        assert!(!codes(&r).contains(&"H101"), "the capture ends at once");
        p.push((A, O, 1500, vec![0x80, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]));
        let r = run(peers(), &p);
        assert_eq!(r.dtls, DtlsOutcome::NoDtls);
        assert!(codes(&r).contains(&"H101"));
    }

    #[test]
    fn client_hello_only_is_incomplete() {
        let ch = client_hello();
        let r = run(
            peers(),
            &[
                (A, O, 0, ch.clone()),
                (A, O, 1000, ch.clone()),
                (A, O, 3000, ch),
            ],
        );
        let a = &r.associations[0];
        assert_eq!(a.stage, Stage::ClientHello);
        assert_eq!(a.stopped, "ClientHello sent 3 times, no ServerHello");
        assert_eq!(a.srtp, SrtpChoice::Offered);
        assert!(matches!(r.dtls, DtlsOutcome::Incomplete { .. }));
        assert_eq!(codes(&r), ["H001", "H102", "H107"], "no STUN either");
    }

    #[test]
    fn role_mismatch_against_setup() {
        // The answer says active (the answerer is the client), but the offerer sends ClientHello.
        let r = run(
            peers(),
            &[(O, A, 0, client_hello()), (A, O, 5, server_hello())],
        );
        let a = &r.associations[0];
        assert_eq!(a.expected_client, Some(Side::Answerer));
        assert_eq!(
            a.end(crate::handshake::dtls::Side::Client).unwrap().side,
            Some(Side::Offerer)
        );
        assert_eq!(a.stage, Stage::ServerFlight);
        assert!(codes(&r).contains(&"H105"));
    }

    #[test]
    fn complete_dtls12_with_encrypted_alert_after_is_not_a_failure() {
        let ccs = record(20, 0, &[1]);
        let fin = record(22, 1, &[0; 40]);
        let data = record(23, 1, &[0; 60]);
        let r = run(
            peers(),
            &[
                (A, O, 0, client_hello()),
                (O, A, 1, server_hello()),
                (A, O, 2, [ccs.clone(), fin.clone()].concat()),
                (O, A, 3, [ccs, fin].concat()),
                (A, O, 4, data.clone()),
                (O, A, 5, data),
                (A, O, 6, record(21, 1, &[0; 26])),
            ],
        );
        let a = &r.associations[0];
        assert_eq!(a.stage, Stage::Complete);
        assert_eq!(
            a.stopped,
            "complete: both Finished (encrypted), application data both ways"
        );
        assert!(a.failure().is_none());
        assert!(matches!(r.dtls, DtlsOutcome::Complete { .. }));
        // An encrypted alert before the server finished does end it.
        let r = run(
            peers(),
            &[
                (A, O, 0, client_hello()),
                (O, A, 1, server_hello()),
                (O, A, 2, record(21, 1, &[0; 26])),
            ],
        );
        assert!(matches!(r.dtls, DtlsOutcome::Failed { ref alert, .. } if alert.alert.is_none()));
        assert!(codes(&r).contains(&"H103"));
    }

    #[test]
    fn hello_verify_request_stage() {
        let hvr = message(3, 0, &[0xfe, 0xff, 2, 9, 9]);
        let r = run(peers(), &[(A, O, 0, client_hello()), (O, A, 1, hvr)]);
        let a = &r.associations[0];
        assert_eq!(
            (a.stage, a.hello_verify_requests),
            (Stage::HelloVerifyRequest, 1)
        );
        assert!(a.stopped.starts_with("HelloVerifyRequest answered"));
    }

    #[test]
    fn malformed_dtls_is_reported() {
        let r = run(
            peers(),
            &[(A, O, 0, vec![22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0])],
        );
        let d = r.findings.iter().find(|d| d.code == "H108").unwrap();
        assert_eq!(
            d.message,
            "packet 1: byte 11: record length: needs 2 bytes, 0 available (1 such records)"
        );
    }

    #[test]
    fn media_none_and_unmapped() {
        let ccs = record(20, 0, &[1]);
        let fin = record(22, 1, &[0; 40]);
        let mut packets = vec![
            (A, O, 0, client_hello()),
            (O, A, 1, server_hello()),
            (A, O, 2, [ccs.clone(), fin.clone()].concat()),
            (O, A, 3, [ccs, fin].concat()),
        ];
        let r = run(peers(), &packets);
        assert_eq!(r.media.sections[0].flowing, Flowing::None);
        assert!(codes(&r).contains(&"H201"));
        // PT 120 is in no section: unmapped; the section stays empty.
        for i in 0..3u8 {
            packets.push((
                O,
                A,
                10 + i128::from(i),
                vec![0x80, 120, 0, i, 0, 0, 0, 0, 0x0b, 0xad, 0xca, 0xfe],
            ));
        }
        let r = run(peers(), &packets);
        assert_eq!(r.rtp_streams[0].section, None);
        assert!(codes(&r).contains(&"H204"));
        // PT 111 maps by payload type.
        packets.push((A, O, 20, vec![0x80, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7]));
        let r = run(peers(), &packets);
        let s = r.rtp_streams.iter().find(|s| s.ssrc == 7).unwrap();
        assert_eq!(
            s.matched_by,
            Some(crate::handshake::media::MatchedBy::PayloadType)
        );
        assert_eq!(
            r.media.sections[0].flowing,
            Flowing::OneWay {
                from: Side::Answerer
            }
        );
        assert!(codes(&r).contains(&"H202"));
    }
}
