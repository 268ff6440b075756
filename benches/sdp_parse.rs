//! SDP parsing, side by side: rtcinspect's full typed parse (spans included) against the
//! webrtc-rs `sdp` crate, Mozilla's `webrtc-sdp`, and a floor (bare `lines()` +
//! `split_once('=')` over the same bytes).
//!
//! A second reference, `tokens`, does the part of the work that every parser giving each token
//! a span does in some form, and nothing else: one byte-at-a-time pass recording where each
//! token starts, its length and its line (tokens end at LF, `=`, `:` and space), with no
//! typing and no checks. It shows how much of rtcinspect's time the typed parse adds. (A SIMD
//! scanner could find the boundaries faster; this is a reference, not a lower bound.)
//!
//! Inputs, discovered at run time so new fixtures are included automatically:
//! - every `fixtures/real/**/*.sdp`;
//! - `browser-offer-10k`: a ~10 KB multi-section browser-style offer. If the largest real
//!   Chromium offer is at least 8 KB it is used as is; otherwise one is assembled from the
//!   session part of that offer and the media sections of the real Chromium offers (unique
//!   mids, one BUNDLE group listing them all, the data channel section last).
//!
//! Before the timings, a table gives the heap allocations per parse of each parser, counted
//! by the global allocator below.
//!
//! Run: `cargo bench --bench sdp_parse` (criterion options after `--`, e.g. a filter, or
//! `--measurement-time 5`).

use criterion::{BenchmarkId, Criterion, Throughput};
use rtcinspect::diag::Severity;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

#[path = "common/counting_alloc.rs"]
mod counting_alloc;
#[path = "common/medians.rs"]
mod medians;
use medians::median_ns;

#[path = "common/browser_offer.rs"]
mod browser_offer;
use browser_offer::{browser_offer, fixtures_dir, real_fixtures};

#[global_allocator]
static GLOBAL: counting_alloc::Counting = counting_alloc::Counting;

/// One benchmark input.
struct Input {
    name: String,
    text: String,
}

/// The parsers under test. Each returns whether the parser accepted the input (rtcinspect
/// always does; "accepted" there means no error-level diagnostic).
fn rtcinspect_parse(text: &str) -> bool {
    let session = rtcinspect::sdp::parse(black_box(text));
    let ok = !session
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    black_box(session);
    ok
}

fn webrtc_rs_parse(text: &str) -> bool {
    let mut reader = std::io::Cursor::new(black_box(text).as_bytes());
    let result = sdp::description::session::SessionDescription::unmarshal(&mut reader);
    let ok = result.is_ok();
    black_box(result).ok();
    ok
}

fn mozilla_parse(text: &str) -> bool {
    let result = webrtc_sdp::parse_sdp(black_box(text), false);
    let ok = result.is_ok();
    black_box(result).ok();
    ok
}

/// The floor: split lines and each line at its first `=`, and nothing else.
fn floor(text: &str) -> usize {
    let mut n = 0;
    for line in black_box(text).lines() {
        if let Some((kind, value)) = line.split_once('=') {
            black_box((kind, value));
            n += 1;
        }
    }
    n
}

/// The token floor: one pass over the bytes recording (offset, length, line) of every token,
/// split at LF, `=`, `:` and space, into a vector sized up front. No typing, no checks.
fn tokens(text: &str) -> usize {
    let b = black_box(text).as_bytes();
    let mut toks: Vec<(u32, u32, u32)> = Vec::with_capacity(b.len() / 4);
    let (mut line, mut start) = (1u32, 0usize);
    for (i, &c) in b.iter().enumerate() {
        if matches!(c, b'\n' | b'=' | b':' | b' ') {
            toks.push((start as u32, (i - start) as u32, line));
            line += u32::from(c == b'\n');
            start = i + 1;
        }
    }
    black_box(toks).len()
}

fn inputs() -> Vec<Input> {
    let fixtures = real_fixtures();
    let mut inputs: Vec<Input> = fixtures
        .iter()
        .map(|(rel, text)| Input {
            name: rel.trim_end_matches(".sdp").to_string(),
            text: text.clone(),
        })
        .collect();
    match browser_offer(&fixtures) {
        Some((text, how)) => {
            eprintln!("browser-offer-10k: {} bytes, {how}", text.len());
            // To look at it: RTCINSPECT_BENCH_DUMP=/tmp/offer.sdp cargo bench --bench sdp_parse
            if let Some(path) = std::env::var_os("RTCINSPECT_BENCH_DUMP") {
                if let Err(e) = std::fs::write(&path, &text) {
                    eprintln!("cannot write {}: {e}", Path::new(&path).display());
                }
            }
            inputs.push(Input {
                name: "browser-offer-10k".to_string(),
                text,
            });
        }
        None => eprintln!("browser-offer-10k: no real Chromium offer under fixtures/real; skipped"),
    }
    inputs
}

/// Heap allocations (and reallocations) of one call of `f`: see `counting_alloc`.
fn allocs_per_call(f: impl Fn() -> bool) -> (f64, f64, bool) {
    counting_alloc::allocs_per_call(f)
}

/// Width of the input-name column of the tables.
fn name_width(inputs: &[Input]) -> usize {
    inputs
        .iter()
        .map(|i| i.name.len())
        .max()
        .unwrap_or(5)
        .max(5)
}

fn print_alloc_table(inputs: &[Input]) {
    let cell = |(a, r, ok): (f64, f64, bool)| {
        let mark = if ok { "" } else { " (rejects)" };
        if r > 0.0 {
            format!("{a:.0} +{r:.0}r{mark}")
        } else {
            format!("{a:.0}{mark}")
        }
    };
    let width = name_width(inputs);
    println!();
    println!("Heap allocations per parse (allocs + reallocs `r`; \"rejects\": the parser returned an error,");
    println!("or for rtcinspect an error-level diagnostic). Floor: 0 by construction.");
    println!();
    println!(
        "{:<width$} | {:>6} | {:>18} | {:>18} | {:>18}",
        "input", "bytes", "rtcinspect", "webrtc-rs", "mozilla"
    );
    println!(
        "{:-<width$}-|-{:->6}-|-{:->18}-|-{:->18}-|-{:->18}",
        "", "", "", "", ""
    );
    for input in inputs {
        let t = input.text.as_str();
        println!(
            "{:<width$} | {:>6} | {:>18} | {:>18} | {:>18}",
            input.name,
            t.len(),
            cell(allocs_per_call(|| rtcinspect_parse(t))),
            cell(allocs_per_call(|| webrtc_rs_parse(t))),
            cell(allocs_per_call(|| mozilla_parse(t))),
        );
    }
    println!();
}

fn bench_inputs(c: &mut Criterion, inputs: &[Input]) {
    for input in inputs {
        let text = input.text.as_str();
        let mut group = c.benchmark_group(input.name.replace('/', "__"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter("rtcinspect"), text, |b, t| {
            b.iter(|| rtcinspect_parse(t))
        });
        group.bench_with_input(BenchmarkId::from_parameter("webrtc-rs"), text, |b, t| {
            b.iter(|| webrtc_rs_parse(t))
        });
        group.bench_with_input(BenchmarkId::from_parameter("mozilla"), text, |b, t| {
            b.iter(|| mozilla_parse(t))
        });
        group.bench_with_input(BenchmarkId::from_parameter("floor"), text, |b, t| {
            b.iter(|| floor(t))
        });
        group.bench_with_input(BenchmarkId::from_parameter("tokens"), text, |b, t| {
            b.iter(|| tokens(t))
        });
        group.finish();
    }
}

fn main() {
    let inputs = inputs();
    if inputs.is_empty() {
        eprintln!("no SDP inputs under {}", fixtures_dir().display());
    }
    print_alloc_table(&inputs);
    // Short runs: inputs are a few µs each and there are many of them (~1.3 s per parser per
    // input). Override with e.g. `-- --measurement-time 5 --warm-up-time 2`.
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1000))
        .sample_size(20)
        .configure_from_args();
    bench_inputs(&mut c, &inputs);
    c.final_summary();
    print_time_table(&inputs);
}

/// The median times of the run, one row per input: µs per parse for each parser (rtcinspect
/// also in MB/s), how many times faster rtcinspect is than the faster peer, and how many times
/// the floor and the token floor it takes; then the range and median of the ratios over all
/// inputs.
fn print_time_table(inputs: &[Input]) {
    let us = |group: &str, id: &str| median_ns(group, id).map(|ns| ns / 1000.0);
    let cell = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.2}"));
    let width = name_width(inputs);
    println!();
    println!("Median µs per parse (rtcinspect also in MB/s); \"-\": not run (filtered out).");
    println!();
    println!(
        "{:<width$} | {:>6} | {:>16} | {:>9} | {:>9} | {:>7} | {:>7} | {:>11} | {:>7} | {:>8}",
        "input",
        "bytes",
        "rtcinspect",
        "webrtc-rs",
        "mozilla",
        "floor",
        "tokens",
        "× fast peer",
        "× floor",
        "× tokens"
    );
    let (mut vs_peer, mut vs_floor, mut vs_tokens) = (Vec::new(), Vec::new(), Vec::new());
    for input in inputs {
        let group = input.name.replace('/', "__");
        let ours = us(&group, "rtcinspect");
        let (webrtc, mozilla, floor, tokens) = (
            us(&group, "webrtc-rs"),
            us(&group, "mozilla"),
            us(&group, "floor"),
            us(&group, "tokens"),
        );
        let peer = match (webrtc, mozilla) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let ratio = |num: Option<f64>, den: Option<f64>| num.zip(den).map(|(n, d)| n / d);
        let (x_peer, x_floor, x_tokens) =
            (ratio(peer, ours), ratio(ours, floor), ratio(ours, tokens));
        vs_peer.extend(x_peer);
        vs_floor.extend(x_floor);
        vs_tokens.extend(x_tokens);
        let mbs = ours.map_or(String::new(), |t| {
            format!(" ({:.0})", input.text.len() as f64 / t)
        });
        println!(
            "{:<width$} | {:>6} | {:>16} | {:>9} | {:>9} | {:>7} | {:>7} | {:>11} | {:>7} | {:>8}",
            input.name,
            input.text.len(),
            format!("{}{mbs}", cell(ours)),
            cell(webrtc),
            cell(mozilla),
            cell(floor),
            cell(tokens),
            cell(x_peer),
            cell(x_floor),
            cell(x_tokens),
        );
    }
    for (what, mut v) in [
        ("× the faster peer", vs_peer),
        ("× the floor", vs_floor),
        ("× the token floor", vs_tokens),
    ] {
        v.sort_by(f64::total_cmp);
        if let (Some(lo), Some(hi)) = (v.first(), v.last()) {
            println!(
                "{what}: {lo:.2} to {hi:.2}, median {:.2}, over {} inputs",
                v[v.len() / 2],
                v.len()
            );
        }
    }
}
