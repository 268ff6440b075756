//! Each broken capture of fixtures/capture-broken/ (made from real captures by its make.py)
//! triggers exactly its rule, names the record and byte offset, and the rest of the file is
//! still read. Every `C` rule has such a fixture and a doc.

use rtcinspect::capture::{read_capture, Event, Limits};
use rtcinspect::diag::{registry, Diagnostic};
use std::path::Path;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/capture-broken");

fn read(name: &str, limits: &Limits) -> (u64, u64, Vec<Diagnostic>) {
    let file = std::fs::File::open(Path::new(DIR).join(name)).unwrap();
    let mut packets = 0;
    let mut findings = Vec::new();
    let summary = read_capture(file, limits, &mut |e| match e {
        Event::Packet(_) => packets += 1,
        Event::Finding(d) => findings.push(d),
        Event::Progress(_) => {}
    })
    .unwrap();
    (summary.records, packets, findings)
}

fn limits_for(code: &str) -> Limits {
    match code {
        // Two TCP directions in the fixture; a limit of one makes the second over it.
        "C009" => Limits {
            max_flows: 1,
            ..Limits::default()
        },
        _ => Limits::default(),
    }
}

#[test]
fn each_fixture_triggers_exactly_its_rule() {
    let mut covered = Vec::new();
    for entry in std::fs::read_dir(DIR).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.starts_with('C') {
            continue;
        }
        let code = &name[..4];
        let (_, _, findings) = read(&name, &limits_for(code));
        assert!(!findings.is_empty(), "{name}: no finding");
        for d in &findings {
            assert_eq!(d.code, code, "{name}: {d:#?}");
            assert_eq!(d.span.line, 0, "binary spans");
        }
        covered.push(code.to_string());
    }
    for rule in registry::CAPTURE {
        assert!(
            covered.iter().any(|c| c == rule.code),
            "{} has no fixture",
            rule.code
        );
        let doc =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("docs/rules/{}.md", rule.code));
        let text =
            std::fs::read_to_string(&doc).unwrap_or_else(|_| panic!("{} has no doc", rule.code));
        assert!(
            text.starts_with(&format!("# {} {}\n", rule.code, rule.name)),
            "{}",
            rule.code
        );
        for h in [
            "## What",
            "## Why it breaks calls",
            "## Example",
            "## Reference",
        ] {
            assert!(text.contains(h), "{}: {h}", rule.code);
        }
    }
}

#[test]
fn damage_is_located_and_the_rest_is_read() {
    let d = Limits::default();
    // Expected counts are tshark's where tshark reads the file (it stops at a corrupt
    // length; this reader goes on).
    // 20 whole records (6 UDP), then the file ends 26 bytes into record 21.
    let (records, packets, f) = read("C002.pcap", &d);
    assert_eq!((records, packets), (20, 6));
    assert!(
        f[0].message.contains("record 21 at byte 2600"),
        "{}",
        f[0].message
    );
    assert_eq!(f[0].span.start, 2600);
    // Record 5's length is corrupt: it is lost, the 25 records after it are read.
    let (records, _, f) = read("C003.pcap", &d);
    assert_eq!(records, 29);
    assert!(
        f[0].message.starts_with("record 5 at byte 480:"),
        "{}",
        f[0].message
    );
    // pcapng: the 3rd packet block is skipped, 8 more packet blocks are read.
    let (records, _, f) = read("C003.pcapng", &d);
    assert_eq!((records, f.len()), (11, 1));
    // A snaplen of 80 (editcap -s 80) cuts all 16 UDP datagrams (tshark: frame.cap_len <
    // frame.len && udp): each is still handed out, marked truncated.
    let (records, packets, f) = read("C005.pcap", &d);
    assert_eq!((records, packets, f.len()), (30, 16, 16));
    // One packet (ICMPv6) has a bad IP version; the 16 UDP datagrams are all read.
    let (_, packets, f) = read("C006.pcap", &d);
    assert_eq!((packets, f.len()), (16, 1));
    // The EPB for interface 7 is skipped, the other 11 are read.
    let (records, _, f) = read("C011.pcapng", &d);
    assert_eq!((records, f.len()), (11, 1));
    // The stream after the gap is followed again from the next frame boundary: the STUN
    // request before the gap and 60 RTP packets after it.
    let (_, packets, f) = read("C008.pcap", &d);
    assert_eq!((packets, f.len()), (61, 1));
    assert!(
        f[0].message.contains("lacks 254 byte(s)"),
        "{}",
        f[0].message
    );
}

#[test]
fn findings_of_one_code_are_capped() {
    let limits = Limits {
        max_findings_per_code: 3,
        ..Limits::default()
    };
    let (_, _, f) = read("C005.pcap", &limits);
    assert_eq!(f.len(), 4);
    assert!(
        f[3].message
            .starts_with("13 more findings like the above (16 in all"),
        "{}",
        f[3].message
    );
}
