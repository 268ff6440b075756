//! Inputs the `capture_read` fuzz target found (fixtures/capture-fuzz/), read as the target
//! reads them: as is, and behind a pcap and a pcapng file header.

use rtcinspect::capture::{read_capture, Event, Limits};

const PCAP: [u8; 24] = [
    0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0,
];
const PCAPNG: [u8; 48] = [
    0x0A, 0x0D, 0x0D, 0x0A, 28, 0, 0, 0, 0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 28, 0, 0, 0, 1, 0, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0, 0, 0, 4, 0, 20,
    0, 0, 0,
];

#[test]
fn fuzz_findings_stay_fixed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/capture-fuzz");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        for prefix in [&[][..], &PCAP[..], &PCAPNG[..]] {
            let input: Vec<u8> = prefix.iter().chain(&data).copied().collect();
            let mut max_number = 0;
            let summary = read_capture(&input[..], &Limits::default(), &mut |e| {
                if let Event::Packet(p) = e {
                    max_number = max_number.max(p.number);
                }
            })
            .unwrap();
            assert!(max_number <= summary.records + summary.corrupt_records);
        }
        n += 1;
    }
    assert_eq!(n, 2);
}
