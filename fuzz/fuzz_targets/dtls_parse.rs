//! `dtls_parse`: any bytes as a datagram through the DTLS record walker, the handshake
//! fragment parser, the reassembler and the message parsers (with every typed extension
//! accessor), the alert parser, and as RTP/RTCP/SRTCP: nothing panics, and every record and
//! fragment returned lies inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rtcinspect::handshake::dtls::{self, HandshakeMessage, Reassembled, Reassembler};
use rtcinspect::handshake::{rtcp, rtp};

fn message(m: &HandshakeMessage<'_>) {
    match m {
        HandshakeMessage::ClientHello(ch) => {
            let _ = (ch.versions(), ch.use_srtp(), ch.key_shares(), ch.offers_dtls13());
            for e in ch.extensions.iter() {
                let _ = dtls::parse_supported_groups(e.data, e.data_offset());
                let _ = dtls::parse_signature_algorithms(e.data, e.data_offset());
            }
        }
        HandshakeMessage::ServerHello(sh) => {
            let _ = (sh.version(), sh.use_srtp(), sh.key_share());
        }
        HandshakeMessage::Certificate(c) => {
            for der in c.certificates() {
                let _ = dtls::HashFunction::Sha256.digest(der);
            }
        }
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let mut reassembler = Reassembler::new();
    for record in dtls::records(data) {
        let Ok(record) = record else { break };
        assert!(record.offset + record.len() <= data.len());
        let _ = dtls::parse_alert(record.fragment);
        for f in dtls::fragments(record.fragment, record.offset + record.header_len) {
            let Ok(f) = f else { break };
            assert!(f.offset + dtls::HANDSHAKE_HEADER_LEN + f.body.len() <= data.len());
            if let Ok(m) = dtls::parse_message(f.msg_type, f.body) {
                message(&m);
            }
            if let Reassembled::Complete(m) = reassembler.push(&f) {
                assert_eq!(m.body.len(), f.length as usize);
                if let Ok(parsed) = dtls::parse_message(m.msg_type, &m.body) {
                    message(&parsed);
                }
            }
        }
    }
    if let Ok(p) = rtp::parse_rtp(data) {
        assert_eq!(p.header_len + p.payload.len(), data.len());
        if let Some(x) = p.extension {
            let _ = x.elements().count();
        }
    }
    let _ = rtcp::compound(data).count();
    let _ = rtcp::parse_srtcp(data, 10);
    let _ = rtcp::parse_srtcp(data, 0);
});
