//! `handshake`: the handshake analysis never panics on any sequence of packets. The input is
//! cut into packets (a length byte, then a header byte choosing the 5-tuple, direction and
//! first-byte class, then the bytes); the analyzer gets them with credentials for two agents
//! so that MESSAGE-INTEGRITY is computed, and the report is serialised. Each agent also has an
//! mDNS-named candidate, and header bit 0x20 sends the packet from port 5353, so that mDNS
//! responses are read and resolved.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rtcinspect::capture::{Flow, Packet, Transport};
use rtcinspect::handshake::peers::{Credential, NamedCandidate, Side};
use rtcinspect::ice::candidate::CandidateType;
use rtcinspect::handshake::{Analyzer, Peers};
use rtcinspect::stun::classify;
use std::net::SocketAddr;

fuzz_target!(|data: &[u8]| {
    let peers = Peers {
        credentials: vec![
            Credential { side: Side::Offerer, ufrag: "offr".into(), pwd: "offerPasswordIsLongEnough".into() },
            Credential { side: Side::Answerer, ufrag: "answ".into(), pwd: "answerPasswordIsLongEnough".into() },
        ],
        named: vec![
            NamedCandidate { side: Side::Offerer, name: "a.local".into(), port: 5000, transport: Transport::Udp, kind: CandidateType::Host, priority: 1, tcptype: None },
            NamedCandidate { side: Side::Answerer, name: "b.local".into(), port: 6000, transport: Transport::Udp, kind: CandidateType::Host, priority: 1, tcptype: None },
        ],
        ..Peers::default()
    };
    let ends: [SocketAddr; 4] = [
        "10.0.0.1:5000".parse().unwrap(),
        "10.0.0.2:6000".parse().unwrap(),
        "[fd00::1]:5000".parse().unwrap(),
        "192.0.2.9:3478".parse().unwrap(),
    ];
    let mut analyzer = Analyzer::new(peers);
    let mut rest = data;
    let mut number = 0u64;
    while let [len, header, tail @ ..] = rest {
        let len = usize::from(*len).min(tail.len());
        let (bytes, next) = tail.split_at(len);
        rest = next;
        number += 1;
        let (src, dst) = (ends[usize::from(header & 3)], ends[usize::from((header >> 2) & 3)]);
        let transport = if header & 0x10 == 0 { Transport::Udp } else { Transport::Tcp };
        let src = if header & 0x20 == 0 { src } else { SocketAddr::new(src.ip(), 5353) };
        let Some(&first) = bytes.first() else { continue };
        analyzer.push(&Packet {
            number,
            time_ns: i128::from(number) * i128::from(header >> 5) * 1_000_000,
            offset: 0,
            flow: Flow { src, dst, transport },
            channel: None,
            truncated: false,
            kind: classify(first),
            bytes,
        });
    }
    let report = analyzer.finish();
    let _ = serde_json::to_string(&report).unwrap();
});
