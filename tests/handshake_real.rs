//! DTLS, RTP and RTCP of every real capture (`fixtures/real/*/capture.pcap`) through the
//! parsers of `rtcinspect::handshake`, with the facts checked against TShark 4.0.17
//! (`tshark -r capture.pcap -Y dtls -V`, `tshark-counts.txt`), the lab's own verifiers
//! (`verify.txt`: certificate SHA-256 == a=fingerprint; `dtls13-decrypt.txt`: DTLS 1.3
//! records decrypted with Firefox's key log) and the SDPs next to each capture.
//!
//! Topology of every capture (fixtures/README.md): the offerer is 10.99.0.1 / fd99::1, the
//! answerer 10.99.0.2 / fd99::2; the answerer is `a=setup:active`, i.e. the DTLS client.

mod common;

use etherparse::{SlicedPacket, TransportSlice};
use pcap_file::pcap::PcapReader;
use rtcinspect::handshake::dtls::{
    self, Alert, AlertDescription, AlertLevel, CipherSuite, ContentType, ExtensionType,
    FingerprintCheck, HandshakeMessage, HandshakeType, NamedGroup, ProtocolVersion, Reassembled,
    Reassembler, RecordHeader, SrtpProtectionProfile,
};
use rtcinspect::handshake::rtcp::{self, RtcpPacketType};
use rtcinspect::handshake::rtp::{self, ExtensionIds};
use rtcinspect::sdp::attributes::dtls::Fingerprint;
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

fn real_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real")
}

fn captures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(real_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("capture.pcap").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 26);
    names
}

/// One UDP datagram, mDNS (port 5353) left out.
struct Datagram {
    frame: usize,
    /// The copy an ICMP/ICMPv6 "port unreachable" quotes (a datagram sent to a port closed
    /// already); TShark dissects and counts these too.
    quoted: bool,
    src: SocketAddr,
    dst: SocketAddr,
    payload: Vec<u8>,
}

fn datagrams(name: &str) -> Vec<Datagram> {
    let file = std::fs::File::open(real_dir().join(name).join("capture.pcap")).unwrap();
    let mut reader = PcapReader::new(file).unwrap();
    let mut out = Vec::new();
    let mut frame = 0;
    while let Some(packet) = reader.next_packet() {
        let packet = packet.unwrap();
        frame += 1;
        let Ok(sliced) = SlicedPacket::from_ethernet(&packet.data) else {
            continue;
        };
        if let Some(d) = udp(&sliced, frame, false) {
            out.push(d);
            continue;
        }
        let quoted = match &sliced.transport {
            Some(TransportSlice::Icmpv4(icmp)) => icmp.payload(),
            Some(TransportSlice::Icmpv6(icmp)) => icmp.payload(),
            _ => continue,
        };
        if let Some(d) = SlicedPacket::from_ip(quoted)
            .ok()
            .and_then(|inner| udp(&inner, frame, true))
        {
            out.push(d);
        }
    }
    out
}

fn udp(sliced: &SlicedPacket<'_>, frame: usize, quoted: bool) -> Option<Datagram> {
    let (src_ip, dst_ip) = common::ip_pair(&sliced.net)?;
    let Some(TransportSlice::Udp(udp)) = &sliced.transport else {
        return None;
    };
    if udp.source_port() == 5353 || udp.destination_port() == 5353 {
        return None;
    }
    Some(Datagram {
        frame,
        quoted,
        src: SocketAddr::new(src_ip, udp.source_port()),
        dst: SocketAddr::new(dst_ip, udp.destination_port()),
        payload: udp.payload().to_vec(),
    })
}

/// Whether an address is the offerer's (labA).
fn is_offerer(addr: &SocketAddr) -> bool {
    let ip = addr.ip().to_string();
    ip == "10.99.0.1" || ip == "fd99::1"
}

/// RFC 7983 §7: 20–63 is DTLS.
fn is_dtls(payload: &[u8]) -> bool {
    matches!(payload.first(), Some(20..=63))
}

/// RFC 7983 §7: 128–191 is RTP or RTCP.
fn is_rtp_or_rtcp(payload: &[u8]) -> bool {
    matches!(payload.first(), Some(128..=191))
}

#[derive(Default)]
struct Trace {
    /// Records in the clear header form, by content type.
    plaintext_records: BTreeMap<u8, usize>,
    /// DTLS 1.3 unified-header records.
    unified_records: usize,
    /// Of which in datagrams quoted by ICMP errors.
    unified_quoted: usize,
    /// Whole messages in order: frame, sender, type, message_seq, fragments.
    messages: Vec<(usize, SocketAddr, HandshakeType, u16, usize)>,
    /// Fragments of messages already complete: frame, sender, type, message_seq.
    retransmissions: Vec<(usize, SocketAddr, HandshakeType, u16)>,
    client_hellos: Vec<(SocketAddr, Vec<u8>)>,
    server_hellos: Vec<(SocketAddr, Vec<u8>)>,
    certificates: Vec<(usize, SocketAddr, Vec<Vec<u8>>)>,
    /// Alerts: frame, sender, the alert when in the clear.
    alerts: Vec<(usize, SocketAddr, Option<Alert>)>,
    /// Handshake records of epoch > 0 (DTLS 1.2 Finished): frame, sender.
    encrypted_handshake: Vec<(usize, SocketAddr)>,
}

fn dtls_trace(name: &str) -> Trace {
    let mut t = Trace::default();
    let mut reassemblers: HashMap<(SocketAddr, SocketAddr), Reassembler> = HashMap::new();
    for d in datagrams(name).iter().filter(|d| is_dtls(&d.payload)) {
        for record in dtls::records(&d.payload) {
            let record = record.unwrap_or_else(|e| panic!("{name} frame {}: {e}", d.frame));
            let h = match record.header {
                RecordHeader::Unified(_) => {
                    t.unified_records += 1;
                    t.unified_quoted += usize::from(d.quoted);
                    continue;
                }
                RecordHeader::Plaintext(h) => h,
            };
            *t.plaintext_records.entry(h.content_type.0).or_default() += 1;
            if d.quoted {
                continue;
            }
            match h.content_type {
                ContentType::ALERT => t.alerts.push((
                    d.frame,
                    d.src,
                    (!record.is_encrypted()).then(|| dtls::parse_alert(record.fragment).unwrap()),
                )),
                ContentType::HANDSHAKE if record.is_encrypted() => {
                    t.encrypted_handshake.push((d.frame, d.src))
                }
                ContentType::HANDSHAKE => {
                    let r = reassemblers.entry((d.src, d.dst)).or_default();
                    let base = record.offset + record.header_len;
                    for f in dtls::fragments(record.fragment, base) {
                        let f = f.unwrap_or_else(|e| panic!("{name} frame {}: {e}", d.frame));
                        match r.push(&f) {
                            Reassembled::Complete(m) => {
                                let parsed = dtls::parse_message(m.msg_type, &m.body)
                                    .unwrap_or_else(|e| {
                                        panic!("{name} frame {} {}: {e}", d.frame, m.msg_type)
                                    });
                                t.messages.push((
                                    d.frame,
                                    d.src,
                                    m.msg_type,
                                    m.message_seq,
                                    m.fragments,
                                ));
                                match parsed {
                                    HandshakeMessage::ClientHello(_) => {
                                        t.client_hellos.push((d.src, m.body.clone()))
                                    }
                                    HandshakeMessage::ServerHello(_) => {
                                        t.server_hellos.push((d.src, m.body.clone()))
                                    }
                                    HandshakeMessage::Certificate(c) => t.certificates.push((
                                        d.frame,
                                        d.src,
                                        c.certificates().map(<[u8]>::to_vec).collect(),
                                    )),
                                    _ => {}
                                }
                            }
                            Reassembled::Retransmission {
                                msg_type,
                                message_seq,
                            } => t
                                .retransmissions
                                .push((d.frame, d.src, msg_type, message_seq)),
                            Reassembled::Incomplete => {}
                            Reassembled::Dropped(why) => {
                                panic!("{name} frame {}: dropped {why:?}", d.frame)
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    t
}

/// `tshark-counts.txt`: "DTLS records by content type" → {content type: records}.
fn tshark_record_counts(name: &str) -> BTreeMap<u8, usize> {
    let text = std::fs::read_to_string(real_dir().join(name).join("tshark-counts.txt")).unwrap();
    let mut out = BTreeMap::new();
    let mut lines = text
        .lines()
        .skip_while(|l| !l.starts_with("DTLS records by content type"));
    lines.next();
    for line in lines {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields[..] {
            [n, t] if line.starts_with(' ') => {
                out.insert(t.parse().unwrap(), n.parse().unwrap());
            }
            _ => break,
        }
    }
    out
}

/// Every DTLS datagram of every capture parses, every handshake message reassembles and
/// parses; where TShark dissects every record (DTLS 1.2 captures), the record counts by
/// content type are TShark's.
#[test]
fn every_dtls_record_parses_and_counts_match_tshark() {
    let mut dtls12 = 0;
    for name in captures() {
        let t = dtls_trace(&name);
        if name == "aiortc-max-bundle-dc-first-failed" {
            assert!(t.messages.is_empty() && t.plaintext_records.is_empty());
            continue;
        }
        let browsers_only =
            (name.starts_with("chromium") || name.starts_with("firefox")) && !name.contains("ndc");
        assert_eq!(
            t.unified_records > 0,
            browsers_only,
            "{name}: DTLS 1.3 iff browsers"
        );
        if t.unified_records == 0 {
            assert_eq!(t.plaintext_records, tshark_record_counts(&name), "{name}");
            dtls12 += 1;
        }
    }
    assert_eq!(dtls12, 15);
}

/// The DTLS 1.3 records the lab decrypted with Firefox's key log (`dtls13-decrypt.txt`:
/// "DTLS 1.3 ciphertext records: N") are exactly the unified-header records found here.
#[test]
fn dtls13_unified_records_match_the_decrypted_count() {
    let mut checked = 0;
    for name in captures() {
        let Ok(text) = std::fs::read_to_string(real_dir().join(&name).join("dtls13-decrypt.txt"))
        else {
            continue;
        };
        let n: usize = text
            .lines()
            .find_map(|l| l.strip_prefix("DTLS 1.3 ciphertext records: "))
            .and_then(|rest| rest.split(',').next())
            .unwrap()
            .parse()
            .unwrap();
        let t = dtls_trace(&name);
        // The lab decrypted the datagrams on the wire, not the copies ICMP errors quote.
        assert_eq!(t.unified_records - t.unified_quoted, n, "{name}");
        checked += 1;
    }
    assert_eq!(checked, 5);
}

/// SDP fingerprints of the side that sent from `addr`.
fn sender_fingerprints(name: &str, addr: &SocketAddr) -> Vec<Fingerprint<'static>> {
    let file = if is_offerer(addr) {
        "offer.sdp"
    } else {
        "answer.sdp"
    };
    let text = std::fs::read_to_string(real_dir().join(name).join(file)).unwrap();
    let session = rtcinspect::sdp::parse(&text).into_owned();
    let mut out: Vec<Fingerprint<'static>> = session.fingerprints().cloned().collect();
    for m in &session.media {
        out.extend(m.fingerprints().cloned());
    }
    assert!(!out.is_empty(), "{name} {file}: no a=fingerprint");
    out
}

/// In every DTLS 1.2 capture each side sends one Certificate in the clear, holding one
/// self-signed certificate whose digest matches every `a=fingerprint` of the sender's SDP
/// (all hash functions: aiortc lists sha-256, sha-384 and sha-512) and none of the other
/// side's. The SHA-256 digests and frames are those of the lab's `verify.txt`.
#[test]
fn dtls12_certificates_match_the_senders_fingerprints() {
    let mut certificates = 0;
    for name in captures() {
        let verify = std::fs::read_to_string(real_dir().join(&name).join("verify.txt")).unwrap();
        // "frame 18 cert sha-256 AB:… MATCH" (aiortc, ndc labs) or
        // "  src -> dst: cert sha-256 AB:… MATCH offer.sdp" (browser lab).
        let mut expected: Vec<String> = verify
            .lines()
            .filter_map(|l| {
                let rest = &l[l.find("cert sha-256 ")? + "cert sha-256 ".len()..];
                let (digest, verdict) = rest.split_once(' ')?;
                verdict.starts_with("MATCH").then(|| digest.to_owned())
            })
            .collect();
        let t = dtls_trace(&name);
        let mut found = Vec::new();
        for (frame, from, chain) in &t.certificates {
            assert_eq!(chain.len(), 1, "{name} frame {frame}: one certificate");
            let der = &chain[0];
            let own = sender_fingerprints(&name, from);
            for fp in &own {
                let check = dtls::check_fingerprint(der, fp);
                assert!(check.is_match(), "{name} frame {frame}: {fp} {check:?}");
            }
            let other = SocketAddr::new(
                if is_offerer(from) {
                    "10.99.0.2"
                } else {
                    "10.99.0.1"
                }
                .parse()
                .unwrap(),
                0,
            );
            for fp in &sender_fingerprints(&name, &other) {
                assert!(matches!(
                    dtls::check_fingerprint(der, fp),
                    FingerprintCheck::Mismatch { .. }
                ));
            }
            let sha256 = dtls::format_fingerprint(&dtls::HashFunction::Sha256.digest(der));
            found.push(sha256);
            certificates += 1;
        }
        if t.unified_records > 0 {
            assert!(
                found.is_empty(),
                "{name}: DTLS 1.3 certificates are encrypted"
            );
            continue;
        }
        expected.sort();
        found.sort();
        if name == "aiortc-max-bundle-dc-first-failed" {
            assert!(found.is_empty());
            continue;
        }
        assert_eq!(found.len(), 2, "{name}");
        assert_eq!(found, expected, "{name}");
    }
    assert_eq!(certificates, 30);
}

fn names(list: impl IntoIterator<Item = impl ToString>) -> Vec<String> {
    list.into_iter().map(|x| x.to_string()).collect()
}

/// aiortc ↔ aiortc (`aiortc-basic`), checked against `tshark -Y dtls -V`: the answerer
/// 10.99.0.2:53703 is the DTLS client; the flights, the hellos' contents, the encrypted
/// Finished after ChangeCipherSpec, the encrypted close_notify at the end.
#[test]
fn aiortc_basic_handshake() {
    let t = dtls_trace("aiortc-basic");
    let client: SocketAddr = "10.99.0.2:53703".parse().unwrap();
    let server: SocketAddr = "10.99.0.1:37799".parse().unwrap();
    let seen: Vec<(usize, SocketAddr, String, u16, usize)> = t
        .messages
        .iter()
        .map(|&(f, a, ty, seq, n)| (f, a, ty.to_string(), seq, n))
        .collect();
    let m = |f, a, ty: &str, seq, n| (f, a, ty.to_owned(), seq, n);
    assert_eq!(
        seen,
        [
            m(17, client, "client_hello", 0, 1),
            m(18, server, "server_hello", 0, 1),
            m(18, server, "certificate", 1, 3),
            m(18, server, "server_key_exchange", 2, 1),
            m(18, server, "certificate_request", 3, 1),
            m(18, server, "server_hello_done", 4, 1),
            m(19, client, "certificate", 1, 2),
            m(19, client, "client_key_exchange", 2, 1),
            m(19, client, "certificate_verify", 3, 2),
        ]
    );
    assert_eq!(
        t.messages[0].2.sender(),
        Some(dtls::Side::Client),
        "ClientHello makes its sender the DTLS client"
    );
    assert!(t.retransmissions.is_empty());
    assert_eq!(t.encrypted_handshake, [(19, client), (20, server)]);
    assert_eq!(t.alerts.len(), 1);
    assert_eq!(
        t.alerts[0].2, None,
        "close_notify after epoch 1 is encrypted"
    );

    let (from, body) = &t.client_hellos[0];
    assert_eq!(*from, client);
    let ch = dtls::parse_client_hello(body).unwrap();
    assert_eq!(ch.client_version, ProtocolVersion::DTLS_1_2);
    assert!(ch.cookie.is_empty() && ch.session_id.is_empty());
    assert_eq!(
        names(ch.cipher_suites.iter()),
        [
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        ]
    );
    assert_eq!(
        names(ch.extensions.iter().map(|e| e.extension_type)),
        [
            "renegotiation_info",
            "ec_point_formats",
            "supported_groups",
            "use_srtp",
            "encrypt_then_mac",
            "extended_master_secret",
            "signature_algorithms",
        ]
    );
    let srtp = ch.use_srtp().unwrap().unwrap();
    assert_eq!(
        names(srtp.profiles.iter()),
        [
            "SRTP_AEAD_AES_256_GCM",
            "SRTP_AEAD_AES_128_GCM",
            "SRTP_AES128_CM_HMAC_SHA1_80"
        ]
    );
    assert!(srtp.mki.is_empty());
    assert_eq!(ch.versions().unwrap(), [ProtocolVersion::DTLS_1_2]);
    assert!(!ch.offers_dtls13());
    let groups = ch.extensions.get(ExtensionType::SUPPORTED_GROUPS).unwrap();
    let groups = dtls::parse_supported_groups(groups.data, groups.data_offset()).unwrap();
    assert_eq!(
        names(groups.iter()),
        ["x25519", "secp256r1", "x448", "secp384r1", "secp521r1"]
    );
    let sigs = ch
        .extensions
        .get(ExtensionType::SIGNATURE_ALGORITHMS)
        .unwrap();
    let sigs = dtls::parse_signature_algorithms(sigs.data, sigs.data_offset()).unwrap();
    assert_eq!(sigs.len(), 20);
    assert_eq!(
        sigs.iter().next(),
        Some(dtls::SignatureScheme::ECDSA_SECP256R1_SHA256)
    );

    let (from, body) = &t.server_hellos[0];
    assert_eq!(*from, server);
    let sh = dtls::parse_server_hello(body).unwrap();
    assert_eq!(sh.version().unwrap(), ProtocolVersion::DTLS_1_2);
    assert_eq!(
        sh.cipher_suite,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
    );
    assert!(!sh.is_hello_retry_request());
    let chosen = sh.use_srtp().unwrap().unwrap();
    assert_eq!(
        chosen.profiles.iter().collect::<Vec<_>>(),
        [SrtpProtectionProfile::SRTP_AEAD_AES_256_GCM]
    );
}

/// The cipher suite and SRTP profile every DTLS 1.2 ServerHello chose, as TShark shows
/// (`dtls.handshake.ciphersuite`, `dtls.use_srtp.protection_profile`): aiortc servers pick
/// ECDHE-ECDSA-AES128-GCM, libdatachannel (OpenSSL) servers ECDHE-ECDSA-AES256-GCM, and
/// every server SRTP_AEAD_AES_256_GCM; the client is always the answerer (setup:active).
#[test]
fn dtls12_server_choices_match_tshark() {
    for name in captures() {
        let t = dtls_trace(&name);
        if t.unified_records > 0 || t.server_hellos.is_empty() {
            continue;
        }
        let (from, body) = &t.server_hellos[0];
        let sh = dtls::parse_server_hello(body).unwrap();
        let server_is_ndc = name.starts_with("ndc") && !name.starts_with("ndc-offer");
        let expected = if server_is_ndc {
            CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
        } else if name == "aiortc-offer-ndc-answer" {
            CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
        } else {
            CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        };
        assert_eq!(sh.cipher_suite, expected, "{name}");
        assert_eq!(
            sh.use_srtp()
                .unwrap()
                .unwrap()
                .profiles
                .iter()
                .collect::<Vec<_>>(),
            [SrtpProtectionProfile::SRTP_AEAD_AES_256_GCM],
            "{name}"
        );
        assert!(
            is_offerer(from),
            "{name}: the offerer (actpass) is the server"
        );
        let (client, _) = &t.client_hellos[0];
        assert!(!is_offerer(client), "{name}: the answerer is the client");
    }
}

/// libdatachannel ↔ libdatachannel (`ndc-basic`): the client sends its ClientHello twice
/// (frames 15 and 24, both message_seq 0: a retransmission after the first got no answer
/// while ICE was still connecting), and the server ends with a NewSessionTicket.
#[test]
fn ndc_basic_retransmitted_client_hello() {
    let t = dtls_trace("ndc-basic");
    let client: SocketAddr = t.client_hellos[0].0;
    assert_eq!(client.port(), 53667);
    assert_eq!(
        t.retransmissions,
        [(24, client, HandshakeType::CLIENT_HELLO, 0)]
    );
    assert_eq!(t.messages[0].0, 15);
    let server_msgs: Vec<HandshakeType> = t
        .messages
        .iter()
        .filter(|m| m.1 != client)
        .map(|m| m.2)
        .collect();
    assert_eq!(
        names(server_msgs),
        [
            "server_hello",
            "certificate",
            "server_key_exchange",
            "certificate_request",
            "server_hello_done",
            "new_session_ticket"
        ]
    );
    assert_eq!(t.messages.last().unwrap().0, 27);
}

/// `ndc-trickle-multi-dc-dconly-dtls-alert-failed`: the server (46158) rejects the client's
/// certificate with a fatal unknown_ca alert in the clear (frame 20; TShark: alert
/// description 48).
#[test]
fn ndc_alert_unknown_ca() {
    let t = dtls_trace("ndc-trickle-multi-dc-dconly-dtls-alert-failed");
    assert_eq!(t.alerts.len(), 1);
    let (frame, from, alert) = t.alerts[0];
    assert_eq!((frame, from.port()), (20, 46158));
    let alert = alert.unwrap();
    assert_eq!(alert.level, AlertLevel::FATAL);
    assert_eq!(alert.description, AlertDescription::UNKNOWN_CA);
    assert_eq!(alert.to_string(), "fatal unknown_ca");
}

/// Browser ↔ browser captures negotiate DTLS 1.3 (RFC 9147): the ClientHello (fragmented
/// in two records; Chromium's and Firefox's carry an X25519MLKEM768 key share of 1216
/// bytes) offers 0xfefc, the ServerHello selects it in supported_versions with
/// TLS_AES_128_GCM_SHA256 and has no use_srtp (in DTLS 1.3 it is in the encrypted
/// EncryptedExtensions); the rest travels in unified-header records, so no certificate
/// is visible. Checked with `tshark -d udp.port==P,dtls -V` on the ServerHellos and
/// tshark-counts.txt ("ServerHello selected version / key_share group: 0xfefc 4588").
#[test]
fn browsers_negotiate_dtls13() {
    let mut checked = 0;
    for name in captures() {
        let t = dtls_trace(&name);
        if t.unified_records == 0 {
            continue;
        }
        assert!(t.certificates.is_empty());
        for (_, body) in &t.client_hellos {
            let ch = dtls::parse_client_hello(body).unwrap();
            assert!(ch.offers_dtls13(), "{name}");
            // NSS also lists TLS 1.2 (0x0303); BoringSSL does not.
            let client_is_firefox = name.starts_with("firefox")
                && !name.contains("chromium-answer")
                || name.ends_with("firefox-answer");
            let mut offered = vec![ProtocolVersion::DTLS_1_3, ProtocolVersion::DTLS_1_2];
            if client_is_firefox {
                offered.push(ProtocolVersion::TLS_1_2);
            }
            assert_eq!(ch.versions().unwrap(), offered, "{name}");
            let shares = ch.key_shares().unwrap().unwrap();
            assert_eq!(shares[0].group, NamedGroup::X25519_MLKEM768, "{name}");
            assert_eq!(shares[0].key_exchange.len(), 1216);
            assert!(ch.use_srtp().unwrap().is_some());
        }
        assert_eq!(t.server_hellos.len(), 1, "{name}");
        let (from, body) = &t.server_hellos[0];
        assert!(is_offerer(from));
        let sh = dtls::parse_server_hello(body).unwrap();
        assert_eq!(sh.server_version, ProtocolVersion::DTLS_1_2);
        assert_eq!(sh.version().unwrap(), ProtocolVersion::DTLS_1_3, "{name}");
        assert_eq!(sh.cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
        assert!(sh.use_srtp().unwrap().is_none());
        let share = sh.key_share().unwrap().unwrap();
        assert_eq!(share.group, NamedGroup::X25519_MLKEM768);
        assert_eq!(share.key_exchange.len(), 1120);
        checked += 1;
    }
    assert_eq!(checked, 10);
}

/// The SDP of the side that sent from `addr`.
fn sender_sdp(name: &str, addr: &SocketAddr) -> rtcinspect::sdp::Session<'static> {
    let file = if is_offerer(addr) {
        "offer.sdp"
    } else {
        "answer.sdp"
    };
    let text = std::fs::read_to_string(real_dir().join(name).join(file)).unwrap();
    rtcinspect::sdp::parse(&text).into_owned()
}

/// RTP streams of one capture: (sender is offerer, SSRC, PT, MID, RID) → packets.
type Streams = BTreeMap<(bool, u32, u8, Option<String>, Option<String>), usize>;

fn rtp_streams(name: &str) -> Streams {
    let mut out = Streams::new();
    // BUNDLE: one id per URI across the sections (RFC 8843 §9.2); take the first section
    // that maps the MID.
    let ids = |offerer: bool| {
        let addr: SocketAddr = if offerer {
            "10.99.0.1:1"
        } else {
            "10.99.0.2:1"
        }
        .parse()
        .unwrap();
        sender_sdp(name, &addr)
            .media
            .iter()
            .map(|m| ExtensionIds::from_extmaps(m.extmaps()))
            .find(|ids| ids.mid.is_some())
            .unwrap_or_default()
    };
    let (offerer_ids, answerer_ids) = (ids(true), ids(false));
    for d in datagrams(name) {
        if d.quoted || !is_rtp_or_rtcp(&d.payload) || rtcp::is_rtcp(&d.payload) {
            continue;
        }
        let p =
            rtp::parse_rtp(&d.payload).unwrap_or_else(|e| panic!("{name} frame {}: {e}", d.frame));
        let ids = if is_offerer(&d.src) {
            &offerer_ids
        } else {
            &answerer_ids
        };
        let sdes = p.sdes(ids);
        let key = (
            is_offerer(&d.src),
            p.ssrc,
            p.payload_type,
            sdes.mid.map(str::to_owned),
            sdes.rid.or(sdes.repaired_rid).map(str::to_owned),
        );
        *out.entry(key).or_default() += 1;
    }
    out
}

/// aiortc-basic: two Opus streams (PT 96), one per direction, 607 packets each (TShark
/// with `--enable-heuristic rtp_udp`: SSRC 0x30e9c53c from 10.99.0.1 and 0x75051dcc from
/// 10.99.0.2, header extension ids 1 and 2, id 1 carrying "0"), their SSRCs those of each
/// sender's `a=ssrc`, the MID read through `a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid`.
#[test]
fn aiortc_basic_rtp_streams_match_tshark_and_the_sdp() {
    let streams = rtp_streams("aiortc-basic");
    let expected: Streams = [
        ((true, 820_626_748, 96, Some("0".to_owned()), None), 607),
        ((false, 1_963_269_580, 96, Some("0".to_owned()), None), 607),
    ]
    .into();
    assert_eq!(streams, expected);
    assert_eq!(0x30e9c53c, 820_626_748);
    assert_eq!(0x75051dcc, 1_963_269_580);
    for offerer in [true, false] {
        let addr: SocketAddr = if offerer {
            "10.99.0.1:1"
        } else {
            "10.99.0.2:1"
        }
        .parse()
        .unwrap();
        let sdp = sender_sdp("aiortc-basic", &addr);
        let audio = sdp.media_by_mid("0").unwrap();
        let ssrc = audio.ssrcs().next().unwrap().ssrc;
        assert!(streams.keys().any(|k| k.0 == offerer && k.1 == ssrc));
    }
}

/// Every RTP packet of every capture parses, and every MID it carries names an m-section
/// of the sender's SDP; when that section lists `a=ssrc`, the packet's SSRC is listed
/// there, and a RID names one of its `a=rid`s. Media flows in every capture with an audio
/// or video m-line that connected.
#[test]
fn rtp_mid_and_ssrc_agree_with_the_sdp_in_every_capture() {
    let mut with_mid = 0;
    for name in captures() {
        let streams = rtp_streams(&name);
        for ((offerer, ssrc, _pt, mid, rid), n) in &streams {
            let addr: SocketAddr = if *offerer {
                "10.99.0.1:1"
            } else {
                "10.99.0.2:1"
            }
            .parse()
            .unwrap();
            let sdp = sender_sdp(&name, &addr);
            let Some(mid) = mid else { continue };
            with_mid += n;
            let m = sdp
                .media_by_mid(mid)
                .unwrap_or_else(|| panic!("{name}: MID {mid} of SSRC {ssrc} not in the SDP"));
            let listed: Vec<u32> = m.ssrcs().map(|s| s.ssrc).collect();
            if !listed.is_empty() {
                assert!(
                    listed.contains(ssrc),
                    "{name}: SSRC {ssrc} not in mid {mid}"
                );
            }
            if let Some(rid) = rid {
                let rids: Vec<String> = m
                    .attributes()
                    .filter(|a| a.name.as_str() == "rid")
                    .filter_map(|a| a.value.as_ref())
                    .filter_map(|v| v.as_str().split(' ').next().map(str::to_owned))
                    .collect();
                assert!(
                    rids.contains(rid),
                    "{name}: RID {rid} not in mid {mid}: {rids:?}"
                );
            }
        }
        let has_media = name != "aiortc-max-bundle-dc-first-failed"
            && !name.contains("dc-only")
            && !name.contains("dconly")
            && name != "aiortc-multi-dc";
        assert_eq!(!streams.is_empty(), has_media, "{name}");
    }
    assert!(with_mid > 5_000, "{with_mid}");
}

/// The SRTP profile in use: the DTLS 1.2 ServerHello's use_srtp, or (DTLS 1.3, where it is
/// encrypted) `srtpCipher` from the browsers' getStats (`offer.stats.json`).
fn srtp_profile(name: &str) -> Option<SrtpProtectionProfile> {
    let t = dtls_trace(name);
    if let Some((_, body)) = t.server_hellos.first() {
        let sh = dtls::parse_server_hello(body).unwrap();
        if let Some(u) = sh.use_srtp().unwrap() {
            return u.profiles.iter().next();
        }
    }
    let stats = std::fs::read_to_string(real_dir().join(name).join("offer.stats.json")).ok()?;
    let at = stats.find("\"srtpCipher\": \"")? + "\"srtpCipher\": \"".len();
    let cipher = &stats[at..at + stats[at..].find('"')?];
    (1..=0x10)
        .map(SrtpProtectionProfile)
        .find(|p| p.name() == Some(cipher))
}

/// SRTCP: the first RTCP header and the sender SSRC in the clear, then the E flag and the
/// index where the profile puts them (RFC 3711 §3.4; AEAD profiles: RFC 7714 §9.4, no tag
/// after the index). Read that way, every packet of every capture is encrypted (E = 1),
/// starts with a registered packet type (SR, RR, or, from aiortc, a PLI or BYE alone), and each sender's index counts up by exactly one per packet — which only holds
/// when the trailer layout is right.
#[test]
fn srtcp_index_counts_up_per_sender_in_every_capture() {
    let mut packets = 0;
    let mut types = BTreeMap::new();
    for name in captures() {
        // Keyed by sender too: the ndc lab peers both use SSRC 0x1234abcd.
        let mut last: HashMap<(SocketAddr, u32), u32> = HashMap::new();
        let mut profile = None;
        for d in datagrams(&name) {
            if d.quoted || !rtcp::is_rtcp(&d.payload) || !is_rtp_or_rtcp(&d.payload) {
                continue;
            }
            let profile = *profile.get_or_insert_with(|| srtp_profile(&name).unwrap());
            let tag = profile.srtcp_trailer_tag_len().unwrap();
            let p = rtcp::parse_srtcp(&d.payload, tag)
                .unwrap_or_else(|e| panic!("{name} frame {}: {e}", d.frame));
            assert!(p.encrypted, "{name} frame {}", d.frame);
            assert!(
                p.packet_type.name().is_some(),
                "{name} frame {}: {}",
                d.frame,
                p.packet_type
            );
            if let Some(prev) = last.insert((d.src, p.sender_ssrc), p.index) {
                assert_eq!(p.index, prev + 1, "{name} frame {} ({profile})", d.frame);
            }
            *types.entry(p.packet_type).or_insert(0usize) += 1;
            packets += 1;
        }
    }
    assert!(packets > 500, "{packets}");
    assert!(types[&RtcpPacketType::SR] > 100, "{types:?}");
}
