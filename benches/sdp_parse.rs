//! SDP parsing, side by side: rtcinspect's full typed parse (spans included) against the
//! webrtc-rs `sdp` crate, Mozilla's `webrtc-sdp`, and a floor (bare `lines()` +
//! `split_once('=')` over the same bytes).
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
use std::path::{Path, PathBuf};
use std::time::Duration;

#[path = "common/counting_alloc.rs"]
mod counting_alloc;

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

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("real")
}

/// Every `*.sdp` below `dir`, sorted by path.
fn find_sdp_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            find_sdp_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "sdp") {
            out.push(path);
        }
    }
}

/// Real fixtures as (path relative to fixtures/real, text). Non-UTF-8 files are skipped.
fn real_fixtures() -> Vec<(String, String)> {
    let root = fixtures_dir();
    let mut files = Vec::new();
    find_sdp_files(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let rel = path.strip_prefix(&root).unwrap_or(&path);
            Some((rel.to_string_lossy().replace('\\', "/"), text))
        })
        .collect()
}

/// Is this fixture an offer made by Chromium (the directory names the offerer first)?
fn is_chromium_offer(rel: &str) -> bool {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let offerer = dir.rsplit('/').next().unwrap_or("");
    (offerer.starts_with("chromium") || offerer.starts_with("chrome")) && file.starts_with("offer")
}

/// Splits an SDP into its session part and its media sections (each from its `m=` line up to
/// the next one), all with their line endings.
fn split_sections(text: &str) -> (&str, Vec<&str>) {
    let mut starts = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("m=") {
            starts.push(at);
        }
        at += line.len();
    }
    let Some(&first) = starts.first() else {
        return (text, Vec::new());
    };
    let mut sections = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        sections.push(&text[start..end]);
    }
    (&text[..first], sections)
}

/// The line ending a text uses (CRLF unless it has none).
fn line_ending(text: &str) -> &'static str {
    if text.contains("\r\n") || !text.contains('\n') {
        "\r\n"
    } else {
        "\n"
    }
}

/// A media section with its `a=mid:` value replaced by `mid`.
fn with_mid(section: &str, mid: usize) -> String {
    let mut out = String::with_capacity(section.len() + 8);
    let mut has_mid = false;
    for line in section.split_inclusive('\n') {
        if line.starts_with("a=mid:") {
            has_mid = true;
            let ending = &line[line.trim_end_matches(['\r', '\n']).len()..];
            out.push_str(&format!("a=mid:{mid}{ending}"));
        } else {
            out.push_str(line);
        }
    }
    if !has_mid {
        out.push_str(&format!("a=mid:{mid}{}", line_ending(section)));
    }
    out
}

/// The ~10 KB browser-style offer and how it was obtained.
fn browser_offer(fixtures: &[(String, String)]) -> Option<(String, String)> {
    const TARGET: usize = 10 * 1024;
    let mut offers: Vec<&(String, String)> = fixtures
        .iter()
        .filter(|(rel, _)| is_chromium_offer(rel))
        .collect();
    offers.sort_by_key(|(rel, text)| (std::cmp::Reverse(text.len()), rel.clone()));
    let (largest_name, largest) = offers.first()?;
    if largest.len() >= 8 * 1024 {
        return Some((
            largest.clone(),
            format!("real Chromium offer {largest_name}"),
        ));
    }

    // Assemble: session part of the largest Chromium offer, then the audio/video sections of
    // every Chromium offer (largest first, repeated if need be) until ~10 KB, then one data
    // channel section.
    let (session, _) = split_sections(largest);
    let mut av = Vec::new();
    let mut data = None;
    for (_, text) in &offers {
        for section in split_sections(text).1 {
            if section.starts_with("m=application") {
                data.get_or_insert(section);
            } else {
                av.push(section);
            }
        }
    }
    if av.is_empty() {
        return None;
    }
    let data_len = data.map_or(0, str::len);
    let mut sections = Vec::new();
    let mut len = session.len() + data_len;
    // Take sections in turn, skipping any that would overshoot by more than 512 bytes, until
    // within 1 KB of the target.
    for section in av.iter().cycle().take(8 * av.len()) {
        if len + 1024 >= TARGET {
            break;
        }
        if len + section.len() > TARGET + 512 {
            continue;
        }
        len += section.len();
        sections.push(with_mid(section, sections.len()));
    }
    if let Some(d) = data {
        sections.push(with_mid(d, sections.len()));
    }

    let mids: Vec<String> = (0..sections.len()).map(|m| m.to_string()).collect();
    let mut out = String::with_capacity(len + 64);
    for line in session.split_inclusive('\n') {
        if line.starts_with("a=group:BUNDLE") {
            let ending = &line[line.trim_end_matches(['\r', '\n']).len()..];
            out.push_str(&format!("a=group:BUNDLE {}{ending}", mids.join(" ")));
        } else {
            out.push_str(line);
        }
    }
    for s in &sections {
        out.push_str(s);
    }
    let how = format!(
        "assembled at bench time: session of {largest_name} + {} media sections of {} real \
         Chromium offer(s) (largest real Chromium offer is {} B < 8 KB)",
        sections.len(),
        offers.len(),
        largest.len()
    );
    Some((out, how))
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

fn print_alloc_table(inputs: &[Input]) {
    let cell = |(a, r, ok): (f64, f64, bool)| {
        let mark = if ok { "" } else { " (rejects)" };
        if r > 0.0 {
            format!("{a:.0} +{r:.0}r{mark}")
        } else {
            format!("{a:.0}{mark}")
        }
    };
    let width = inputs
        .iter()
        .map(|i| i.name.len())
        .max()
        .unwrap_or(5)
        .max(5);
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
}
