//! What validating costs on top of parsing: on the ~10 KB browser offer of `sdp_parse`,
//! a bare parse against parse + `lint::check`; and on a real offer/answer pair, parse both +
//! `lint::check` both + `lint::check_pair`. The goal (issue 4): the whole validate below 2x
//! a bare parse.
//!
//! Run: `cargo bench --bench validate` (criterion options after `--`).

use criterion::{BenchmarkId, Criterion, Throughput};
use rtcinspect::{lint, sdp};
use std::hint::black_box;
use std::time::Duration;

#[path = "common/browser_offer.rs"]
mod browser_offer;

/// The real pair: a Chromium offer (3 sections) and the Firefox answer to it.
const PAIR: &str = "chromium-offer-firefox-answer";

/// Findings of one description: the parser's and the lint rules'.
fn parse_and_check(text: &str) -> usize {
    let s = sdp::parse(black_box(text));
    let n = s.diagnostics.len() + lint::check(&s).len();
    black_box(s);
    n
}

fn parse_only(text: &str) -> usize {
    let s = sdp::parse(black_box(text));
    let n = s.diagnostics.len();
    black_box(s);
    n
}

fn validate_pair(offer: &str, answer: &str) -> usize {
    let o = sdp::parse(black_box(offer));
    let a = sdp::parse(black_box(answer));
    let n = o.diagnostics.len()
        + a.diagnostics.len()
        + lint::check(&o).len()
        + lint::check(&a).len()
        + lint::check_pair(&o, &a, None).len();
    black_box((o, a));
    n
}

fn main() {
    let fixtures = browser_offer::real_fixtures();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
        .configure_from_args();

    match browser_offer::browser_offer(&fixtures) {
        Some((offer, how)) => {
            eprintln!("browser-offer-10k: {} bytes, {how}", offer.len());
            let mut g = c.benchmark_group("browser-offer-10k");
            g.throughput(Throughput::Bytes(offer.len() as u64));
            g.bench_with_input(BenchmarkId::from_parameter("parse"), &offer, |b, t| {
                b.iter(|| parse_only(t))
            });
            g.bench_with_input(
                BenchmarkId::from_parameter("parse+check"),
                &offer,
                |b, t| b.iter(|| parse_and_check(t)),
            );
            g.finish();
        }
        None => eprintln!("browser-offer-10k: no real Chromium offer under fixtures/real; skipped"),
    }

    let find = |name: &str| {
        fixtures
            .iter()
            .find(|(rel, _)| rel == &format!("{PAIR}/{name}"))
            .map(|(_, t)| t.clone())
    };
    match (find("offer.sdp"), find("answer.sdp")) {
        (Some(offer), Some(answer)) => {
            let mut g = c.benchmark_group(PAIR);
            g.throughput(Throughput::Bytes((offer.len() + answer.len()) as u64));
            g.bench_function("parse both", |b| {
                b.iter(|| parse_only(&offer) + parse_only(&answer))
            });
            g.bench_function("validate pair", |b| {
                b.iter(|| validate_pair(&offer, &answer))
            });
            g.finish();
        }
        _ => eprintln!("{PAIR}: fixtures missing; skipped"),
    }
    c.final_summary();
}
