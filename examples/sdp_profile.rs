//! Profiling driver for the SDP parser: parses the bench inputs (every real fixture and the
//! ~10 KB browser-style offer of benches/sdp_parse.rs) `N` times each, so that a run under
//! `valgrind --tool=callgrind` gives deterministic instruction counts per parse.
//!
//! `cargo build --profile bench --example sdp_profile`, then
//! `valgrind --tool=callgrind target/release/examples/sdp_profile [N] [name-filter]`.

#[path = "../benches/common/browser_offer.rs"]
mod browser_offer;

use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let filter = args.next().unwrap_or_default();
    let fixtures = browser_offer::real_fixtures();
    let mut inputs: Vec<(String, String)> = fixtures.clone();
    if let Some((text, _)) = browser_offer::browser_offer(&fixtures) {
        // To look at it: RTCINSPECT_BENCH_DUMP=/tmp/offer.sdp
        if let Some(path) = std::env::var_os("RTCINSPECT_BENCH_DUMP") {
            std::fs::write(path, &text).expect("write the offer");
        }
        inputs.push(("browser-offer-10k".to_string(), text));
    }
    for (name, text) in inputs.iter().filter(|(name, _)| name.contains(&filter)) {
        let start = std::time::Instant::now();
        for _ in 0..n {
            parse_and_drop(text);
        }
        let ns = start.elapsed().as_nanos() as f64 / n as f64;
        eprintln!(
            "{name}: {} bytes x {n}: {:.2} µs per parse",
            text.len(),
            ns / 1000.0
        );
    }
}

/// One parse as the bench times it: parse, then drop the session. The profile's unit
/// (`--toggle-collect='sdp_profile::parse_and_drop'`).
#[inline(never)]
fn parse_and_drop(text: &str) {
    black_box(rtcinspect::sdp::parse(black_box(text)));
}
