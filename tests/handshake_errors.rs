//! Error paths of the handshake parsers: a packet cut at each field gives an error naming
//! the offset, the field, and the bytes needed and available; bad values name what was
//! expected. Plus: no parser panics on any bytes (proptest).
//!
//! The packets are built here from the RFC layouts (hand-written, not captured); the
//! real-capture tests are in `handshake_real.rs`.

use proptest::prelude::*;
use rtcinspect::handshake::dtls::{self, HandshakeType, Reassembled, Reassembler};
use rtcinspect::handshake::{rtcp, rtp, ParseError, ParseErrorKind};

fn truncated(e: ParseError) -> (usize, &'static str, usize, usize) {
    match e.kind {
        ParseErrorKind::Truncated { needed, available } => (e.offset, e.field, needed, available),
        other => panic!("{e}: {other:?}"),
    }
}

/// A ClientHello body (RFC 6347 §4.2.1) with one cipher suite, null compression and a
/// use_srtp extension offering SRTP_AES128_CM_HMAC_SHA1_80.
fn client_hello() -> Vec<u8> {
    let mut b = vec![0xfe, 0xfd];
    b.extend([7; 32]); // random
    b.push(0); // session_id
    b.extend([2, 0xaa, 0xbb]); // cookie
    b.extend([0, 2, 0xc0, 0x2b]); // cipher_suites
    b.extend([1, 0]); // compression_methods
    b.extend([0, 9]); // extensions length
    b.extend([0, 14, 0, 5, 0, 2, 0, 1, 0]); // use_srtp
    b
}

#[test]
fn client_hello_cut_at_each_field() {
    let ch = client_hello();
    let parsed = dtls::parse_client_hello(&ch).unwrap();
    assert_eq!(parsed.cookie, [0xaa, 0xbb]);
    assert_eq!(
        parsed.use_srtp().unwrap().unwrap().profiles.iter().next(),
        Some(dtls::SrtpProtectionProfile::SRTP_AES128_CM_HMAC_SHA1_80)
    );
    let cases = [
        (0, (0, "client_version", 2, 0)),
        (1, (0, "client_version", 2, 1)),
        (2, (2, "random", 32, 0)),
        (33, (2, "random", 32, 31)),
        (34, (34, "session_id", 1, 0)),
        (35, (35, "cookie", 1, 0)),
        (37, (35, "cookie", 3, 2)),
        (38, (38, "cipher_suites", 2, 0)),
        (41, (38, "cipher_suites", 4, 3)),
        (42, (42, "compression_methods", 1, 0)),
        (43, (42, "compression_methods", 2, 1)),
        (45, (44, "extensions", 2, 1)),
        (50, (44, "extensions", 11, 6)),
    ];
    for (cut, expected) in cases {
        let e = dtls::parse_client_hello(&ch[..cut]).unwrap_err();
        assert_eq!(truncated(e), expected, "cut at {cut}: {e}");
    }
    // Without extensions at all, a hello is complete (RFC 5246 §7.4.1.2).
    assert!(dtls::parse_client_hello(&ch[..44])
        .unwrap()
        .extensions
        .is_empty());
    let e = dtls::parse_client_hello(&ch[..44]).unwrap();
    assert!(e.use_srtp().unwrap().is_none());
}

#[test]
fn client_hello_bad_values() {
    let mut ch = client_hello();
    ch[34] = 33; // session_id longer than 32
    ch.splice(35..35, [0u8; 33]);
    let e = dtls::parse_client_hello(&ch).unwrap_err();
    assert_eq!((e.offset, e.field), (34, "session_id"));
    assert!(matches!(e.kind, ParseErrorKind::BadValue { value: 33, .. }));

    let mut ch = client_hello();
    ch[39] = 3; // odd cipher_suites length
    ch.insert(42, 0);
    let e = dtls::parse_client_hello(&ch).unwrap_err();
    assert_eq!((e.offset, e.field), (38, "cipher_suites"));

    let mut ch = client_hello();
    ch.push(0); // byte after the extension block
    let e = dtls::parse_client_hello(&ch).unwrap_err();
    assert_eq!(e.kind, ParseErrorKind::TrailingBytes { extra: 1 });
    assert_eq!(e.offset, ch.len() - 1);

    let mut ch = client_hello();
    let n = ch.len();
    ch[n - 6] = 9; // use_srtp value length 5 -> 9: past the extension block
    let e = dtls::parse_client_hello(&ch).unwrap_err();
    assert_eq!(truncated(e), (n - 7, "extension_data", 11, 7));

    let mut ch = client_hello();
    let n = ch.len();
    ch[n - 4] = 4; // profiles length 2 -> 4 inside a 5-byte use_srtp value
    let hello = dtls::parse_client_hello(&ch).unwrap();
    let e = hello.use_srtp().unwrap_err();
    assert_eq!(truncated(e), (n - 5, "SRTPProtectionProfiles", 6, 5));
}

#[test]
fn server_hello_and_hello_verify_request() {
    let mut sh = vec![0xfe, 0xfd];
    sh.extend(dtls::HELLO_RETRY_REQUEST_RANDOM);
    sh.extend([0, 0x13, 0x01, 0]);
    sh.extend([0, 6, 0, 43, 0, 2, 0xfe, 0xfc]);
    let hello = dtls::parse_server_hello(&sh).unwrap();
    assert!(hello.is_hello_retry_request());
    assert_eq!(hello.version().unwrap(), dtls::ProtocolVersion::DTLS_1_3);
    assert_eq!(hello.cipher_suite.to_string(), "TLS_AES_128_GCM_SHA256");
    for (cut, expected) in [
        (34, (34, "session_id", 1, 0)),
        (35, (35, "cipher_suite", 2, 0)),
        (36, (35, "cipher_suite", 2, 1)),
        (37, (37, "compression_method", 1, 0)),
    ] {
        let e = dtls::parse_server_hello(&sh[..cut]).unwrap_err();
        assert_eq!(truncated(e), expected, "cut at {cut}");
    }
    let hvr = [0xfe, 0xff, 3, 1, 2];
    let e = dtls::parse_hello_verify_request(&hvr).unwrap_err();
    assert_eq!(truncated(e), (2, "cookie", 4, 3));
    let e = dtls::parse_hello_verify_request(&[0xfe]).unwrap_err();
    assert_eq!(truncated(e), (0, "server_version", 2, 1));
}

#[test]
fn records_cut_at_each_field() {
    let record = [22, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 9, 0, 3, 1, 2, 3];
    let (r, next) = dtls::parse_record(&record, 0).unwrap();
    assert_eq!((r.epoch(), r.is_encrypted(), next), (1, true, 16));
    for (cut, expected) in [
        (0, (0, "record content type", 1, 0)),
        (2, (1, "record version", 2, 1)),
        (4, (3, "epoch", 2, 1)),
        (9, (5, "sequence_number", 6, 4)),
        (12, (11, "record length", 2, 1)),
        (15, (11, "record length", 5, 4)),
    ] {
        let e = dtls::parse_record(&record[..cut], 0).unwrap_err();
        assert_eq!(truncated(e), expected, "cut at {cut}");
    }
    let e = dtls::parse_record(&[0x45, 0], 0).unwrap_err();
    assert_eq!((e.offset, e.field), (0, "record content type"));
    assert!(matches!(
        e.kind,
        ParseErrorKind::BadValue { value: 0x45, .. }
    ));

    // DTLS 1.3 unified header 0b00101110: S (16-bit seq), L (length), epoch bits 2.
    let unified = [0x2e, 0xdc, 0xea, 0, 3, 9, 9, 9];
    let (r, _) = dtls::parse_record(&unified, 0).unwrap();
    assert_eq!((r.epoch(), r.header_len, r.fragment.len()), (2, 5, 3));
    assert_eq!(r.content_type(), None);
    let e = dtls::parse_record(&unified[..2], 0).unwrap_err();
    assert_eq!(truncated(e), (1, "sequence_number", 2, 1));
    let e = dtls::parse_record(&unified[..7], 0).unwrap_err();
    assert_eq!(truncated(e), (3, "record length", 5, 4));
    // Without L, the record is the rest of the datagram.
    let (r, next) = dtls::parse_record(&[0x20, 1, 2, 3], 0).unwrap();
    assert_eq!((r.fragment, next), (&[2u8, 3][..], 4));
    // C bit with a negotiated connection ID length.
    let options = dtls::RecordOptions {
        connection_id_len: 4,
    };
    let e = dtls::parse_record_with(&[0x30, 1, 2], 0, &options).unwrap_err();
    assert_eq!(truncated(e), (1, "connection_id", 4, 2));

    // Two records in one datagram; the second is cut: one record, then one error.
    let mut two = record.to_vec();
    two.extend(&record[..5]);
    let out: Vec<_> = dtls::records(&two).collect();
    assert_eq!(out.len(), 2);
    assert_eq!(
        truncated(out[1].unwrap_err()),
        (21, "sequence_number", 6, 0)
    );
}

#[test]
fn handshake_fragments_and_reassembly() {
    // A 6-byte finished-like body sent as two fragments, plus a repeat of the first.
    let frag = |off: u8, body: &[u8]| {
        let mut f = vec![20, 0, 0, 6, 0, 5, 0, 0, off, 0, 0, body.len() as u8];
        f.extend(body);
        f
    };
    let a = frag(0, &[1, 2, 3]);
    let b = frag(3, &[4, 5, 6]);
    let mut r = Reassembler::new();
    let (fa, _) = dtls::parse_fragment(&a, 0).unwrap();
    let (fb, _) = dtls::parse_fragment(&b, 0).unwrap();
    assert_eq!(r.push(&fb), Reassembled::Incomplete);
    assert_eq!(
        r.incomplete().collect::<Vec<_>>(),
        [(HandshakeType::FINISHED, 5, 3, 6)]
    );
    let Reassembled::Complete(m) = r.push(&fa) else {
        panic!()
    };
    assert_eq!(
        (m.body, m.message_seq, m.fragments),
        (vec![1, 2, 3, 4, 5, 6], 5, 2)
    );
    assert_eq!(
        r.push(&fa),
        Reassembled::Retransmission {
            msg_type: HandshakeType::FINISHED,
            message_seq: 5
        }
    );

    for (cut, expected) in [
        (0, (0, "msg_type", 1, 0)),
        (3, (1, "length", 3, 2)),
        (5, (4, "message_seq", 2, 1)),
        (8, (6, "fragment_offset", 3, 2)),
        (11, (9, "fragment_length", 3, 2)),
        (14, (9, "fragment_length", 6, 5)),
    ] {
        let e = dtls::parse_fragment(&a[..cut], 0).unwrap_err();
        assert_eq!(truncated(e), expected, "cut at {cut}");
    }
    let mut past = frag(4, &[1, 2, 3]);
    past.truncate(15);
    let e = dtls::parse_fragment(&past, 0).unwrap_err();
    assert_eq!((e.offset, e.field), (9, "fragment_length"));
    assert!(matches!(e.kind, ParseErrorKind::BadValue { value: 3, .. }));
    // Offsets inside a record are reported from the datagram start.
    let e = dtls::fragments(&a[..5], 13).next().unwrap().unwrap_err();
    assert_eq!(truncated(e), (17, "message_seq", 2, 1));
}

#[test]
fn reassembly_bounds() {
    let mut r = Reassembler::new();
    let mut big = vec![11, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let (f, _) = dtls::parse_fragment(&big, 0).unwrap();
    assert_eq!(
        r.push(&f),
        Reassembled::Dropped(dtls::DropReason::TooLong { length: 0x100000 })
    );
    for seq in 0..=dtls::MAX_PENDING as u8 {
        big = vec![11, 0, 0, 2, 0, seq, 0, 0, 0, 0, 0, 1, 0];
        let (f, _) = dtls::parse_fragment(&big, 0).unwrap();
        let expected = if usize::from(seq) < dtls::MAX_PENDING {
            Reassembled::Incomplete
        } else {
            Reassembled::Dropped(dtls::DropReason::TooManyPending)
        };
        assert_eq!(r.push(&f), expected);
    }
    let other = [12, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0, 1, 0];
    let (f, _) = dtls::parse_fragment(&other, 0).unwrap();
    assert_eq!(
        r.push(&f),
        Reassembled::Dropped(dtls::DropReason::Inconsistent { message_seq: 0 })
    );
}

#[test]
fn certificate_and_alert_errors() {
    let cert = [0, 0, 5, 0, 0, 2, 0x30, 0];
    assert_eq!(
        dtls::parse_certificate(&cert).unwrap().end_entity(),
        Some(&[0x30, 0][..])
    );
    let e = dtls::parse_certificate(&cert[..7]).unwrap_err();
    assert_eq!(truncated(e), (0, "certificate_list", 8, 7));
    let e = dtls::parse_certificate(&[0, 0, 4, 0, 0, 2, 0x30]).unwrap_err();
    assert_eq!(truncated(e), (3, "ASN.1Cert", 5, 4));
    let e = dtls::parse_certificate(&[0, 0, 3, 0, 0, 0]).unwrap_err();
    assert_eq!((e.offset, e.field), (3, "ASN.1Cert"));
    assert!(dtls::parse_certificate(&[0, 0, 0])
        .unwrap()
        .end_entity()
        .is_none());

    assert_eq!(
        dtls::parse_alert(&[2, 40]).unwrap().to_string(),
        "fatal handshake_failure"
    );
    assert_eq!(
        dtls::parse_alert(&[1, 250]).unwrap().to_string(),
        "warning unknown (0xfa)"
    );
    let e = dtls::parse_alert(&[2]).unwrap_err();
    assert_eq!(truncated(e), (1, "alert description", 1, 0));
    let e = dtls::parse_alert(&[2, 0, 0]).unwrap_err();
    assert_eq!(e.kind, ParseErrorKind::TrailingBytes { extra: 1 });
}

#[test]
fn fingerprint_outcomes() {
    use rtcinspect::handshake::dtls::{check_fingerprint, FingerprintCheck, HashFunction};
    use rtcinspect::span::Anchor;
    let der = b"not really DER";
    let sha1 = dtls::format_fingerprint(&HashFunction::Sha1.digest(der));
    let text = format!("SHA-1 {sha1}");
    let fp = rtcinspect::sdp::attributes::dtls::fingerprint(Anchor::new(&text, Default::default()))
        .unwrap();
    assert!(check_fingerprint(der, &fp).is_match());
    let text = format!("sha-256 {sha1}");
    let fp = rtcinspect::sdp::attributes::dtls::fingerprint(Anchor::new(&text, Default::default()))
        .unwrap();
    assert_eq!(
        check_fingerprint(der, &fp),
        FingerprintCheck::WrongLength {
            hash_function: HashFunction::Sha256,
            found: 20
        }
    );
    let text = format!("md2 {sha1}");
    let fp = rtcinspect::sdp::attributes::dtls::fingerprint(Anchor::new(&text, Default::default()))
        .unwrap();
    assert!(matches!(
        check_fingerprint(der, &fp),
        FingerprintCheck::UnsupportedHashFunction { .. }
    ));
    let other = dtls::format_fingerprint(&HashFunction::Md5.digest(b"other"));
    let text = format!("md5 {other}");
    let fp = rtcinspect::sdp::attributes::dtls::fingerprint(Anchor::new(&text, Default::default()))
        .unwrap();
    assert!(matches!(
        check_fingerprint(der, &fp),
        FingerprintCheck::Mismatch {
            hash_function: HashFunction::Md5,
            ..
        }
    ));
    // RFC 1321 §A.5 test vector: MD5("abc").
    assert_eq!(
        dtls::format_fingerprint(&HashFunction::Md5.digest(b"abc")),
        "90:01:50:98:3C:D2:4F:B0:D6:96:3F:7D:28:E1:7F:72"
    );
}

#[test]
fn rtp_cut_at_each_field_and_extensions() {
    // V=2 X=1 CC=1, M=1 PT=111, seq 1, ts 2, SSRC 3, CSRC 4, one-byte extension with
    // MID "0" at id 4, a padding byte, RID "hi" at id 10, then payload.
    let mut p = vec![0x91, 0xef, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4];
    p.extend([
        0xbe, 0xde, 0, 2, 0x40, b'0', 0, 0xa1, b'h', b'i', 0, 0, 0xaa,
    ]);
    let pkt = rtp::parse_rtp(&p).unwrap();
    assert_eq!((pkt.marker, pkt.payload_type, pkt.ssrc), (true, 111, 3));
    assert_eq!(pkt.csrcs().collect::<Vec<_>>(), [4]);
    assert_eq!((pkt.header_len, pkt.payload), (28, &[0xaa][..]));
    let ids = rtp::ExtensionIds {
        mid: Some(4),
        rid: Some(10),
        repaired_rid: None,
    };
    let sdes = pkt.sdes(&ids);
    assert_eq!((sdes.mid, sdes.rid), (Some("0"), Some("hi")));
    for (cut, expected) in [
        (1, (1, "M/PT", 1, 0)),
        (3, (2, "sequence number", 2, 1)),
        (7, (4, "timestamp", 4, 3)),
        (11, (8, "SSRC", 4, 3)),
        (15, (12, "CSRC list", 4, 3)),
        (17, (16, "header extension profile", 2, 1)),
        (19, (18, "header extension length", 2, 1)),
        (26, (18, "header extension length", 10, 8)),
    ] {
        let e = rtp::parse_rtp(&p[..cut]).unwrap_err();
        assert_eq!(truncated(e), expected, "cut at {cut}");
    }
    let e = rtp::parse_rtp(&[0x40; 12]).unwrap_err();
    assert_eq!((e.offset, e.field), (0, "version"));

    // Two-byte form (0x1000): id 4 length 1 "0", padding, id 200 length 0; an element
    // running past the block is an error.
    let mut p2 = vec![0x90, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3];
    p2.extend([0x10, 0x00, 0, 2, 4, 1, b'0', 0, 200, 0, 0, 0]);
    let pkt = rtp::parse_rtp(&p2).unwrap();
    assert_eq!(pkt.extension.unwrap().form(), rtp::ExtensionForm::TwoByte);
    let elements: Vec<_> = pkt
        .extension
        .unwrap()
        .elements()
        .map(|e| e.unwrap())
        .collect();
    assert_eq!(
        elements.iter().map(|e| (e.id, e.data)).collect::<Vec<_>>(),
        [(4, &b"0"[..]), (200, &[][..])]
    );
    p2[16..20].copy_from_slice(&[4, 9, b'0', 0]);
    let pkt = rtp::parse_rtp(&p2).unwrap();
    let e = pkt
        .extension
        .unwrap()
        .elements()
        .last()
        .unwrap()
        .unwrap_err();
    assert_eq!(truncated(e), (17, "two-byte element length", 10, 7));
}

#[test]
fn rtcp_compound_and_srtcp() {
    // RR with no report blocks + SDES with one chunk: a compound packet.
    let rr = [0x80, 201, 0, 1, 0, 0, 0, 9];
    let sdes = [0x81, 202, 0, 2, 0, 0, 0, 9, 1, 1, b'x', 0];
    let mut c = rr.to_vec();
    c.extend(sdes);
    let packets: Vec<_> = rtcp::compound(&c).map(|p| p.unwrap()).collect();
    assert_eq!(packets.len(), 2);
    assert_eq!(packets[1].packet_type.to_string(), "SDES");
    assert_eq!((packets[1].offset, packets[1].sender_ssrc), (8, Some(9)));
    let e = rtcp::compound(&c[..18]).nth(1).unwrap().unwrap_err();
    assert_eq!(truncated(e), (10, "length", 10, 8));
    let e = rtcp::parse_rtcp_packet(&[0x80, 200, 0], 0).unwrap_err();
    assert_eq!(truncated(e), (2, "length", 2, 1));
    assert!(rtcp::is_rtcp(&rr) && !rtcp::is_rtcp(&[0x80, 111]));

    let mut s = rr.to_vec();
    s.extend([0xde, 0xad, 0x80, 0, 0, 7]);
    s.extend([0; 10]);
    let p = rtcp::parse_srtcp(&s, 10).unwrap();
    assert_eq!((p.encrypted, p.index, p.sender_ssrc), (true, 7, 9));
    let e = rtcp::parse_srtcp(&s[..21], 10).unwrap_err();
    assert_eq!(
        truncated(e),
        (8, "SRTCP index and authentication tag", 14, 13)
    );
    let e = rtcp::parse_srtcp(&[0x80, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0).unwrap_err();
    assert_eq!((e.offset, e.field), (1, "packet type"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// No parser panics on any bytes; whatever a record walk yields stays inside the input.
    #[test]
    fn no_panic_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut r = Reassembler::new();
        for record in dtls::records(&bytes) {
            let Ok(record) = record else { break };
            prop_assert!(record.offset + record.len() <= bytes.len());
            for f in dtls::fragments(record.fragment, record.offset + record.header_len) {
                let Ok(f) = f else { break };
                let _ = dtls::parse_message(f.msg_type, f.body);
                if let Reassembled::Complete(m) = r.push(&f) {
                    let _ = dtls::parse_message(m.msg_type, &m.body);
                }
            }
            let _ = dtls::parse_alert(record.fragment);
        }
        if let Ok(ch) = dtls::parse_client_hello(&bytes) {
            let _ = (ch.versions(), ch.use_srtp(), ch.key_shares());
            for e in ch.extensions.iter() {
                let _ = dtls::parse_supported_groups(e.data, e.data_offset());
                let _ = dtls::parse_signature_algorithms(e.data, e.data_offset());
            }
        }
        if let Ok(sh) = dtls::parse_server_hello(&bytes) {
            let _ = (sh.version(), sh.use_srtp(), sh.key_share());
        }
        let _ = dtls::parse_certificate(&bytes).map(|c| c.certificates().count());
        if let Ok(p) = rtp::parse_rtp(&bytes) {
            if let Some(x) = p.extension {
                let _ = x.elements().count();
            }
        }
        let _ = rtcp::compound(&bytes).count();
        let _ = rtcp::parse_srtcp(&bytes, 10);
    }
}
