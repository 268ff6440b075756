//! `sdp_parse`: the SDP parser never panics on any bytes; on UTF-8 input the lossless writer
//! gives back the input byte for byte; the canonical writer and a re-parse of its output never
//! panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rtcinspect::sdp::{parse, parse_bytes, write, write_canonical, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let session = parse_bytes(data, &ParseOptions::default());
    if let Ok(text) = std::str::from_utf8(data) {
        assert_eq!(write(&session), text, "write(parse(x)) != x");
        let canonical = write_canonical(&session);
        let _ = write(&parse(&canonical));
    } else {
        let _ = write(&session);
        let _ = write_canonical(&session);
    }
});
