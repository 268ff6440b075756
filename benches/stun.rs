//! STUN decoding and verification, side by side on the RFC 5769 messages (§2.1 request,
//! §2.2/§2.3 IPv4/IPv6 responses, §2.4 long-term request): rtcinspect against the webrtc-rs
//! `stun` crate, `stun-rs` and str0m's zero-copy parser (its `is` crate, published on
//! crates.io as `is`), plus HMAC-SHA1 alone over the same bytes as the floor of any verifier.
//!
//! - `decode/<msg>`: decode and read every attribute as a typed value. rtcinspect: `decode`
//!   (which checks and types every attribute) then `Message::values`; `rtcinspect-attributes`
//!   reads them through `Message::attributes` (offsets, raw bytes, padding and typed value).
//!   `is`: `StunMessage::parse` (it types the attributes it knows while parsing), then every
//!   typed accessor; it skips SOFTWARE, which it looks for under the wrong type (the bench
//!   says so before the timings). webrtc-rs: `Message::unmarshal_binary` into a reused
//!   `Message` (the crate's intended use; a fresh one costs two more allocations), then its
//!   typed getters for the attributes present. stun-rs: `MessageDecoder::decode` (typed).
//! - `verify/<msg>`: decode, then check MESSAGE-INTEGRITY and FINGERPRINT. rtcinspect:
//!   `Message::verify`. `is`: `StunMessage::verify`, plus a CRC-32 (crc32fast) of the
//!   fingerprint since `is` does not check it. webrtc-rs: `MessageIntegrity::check` and
//!   `FINGERPRINT.check`. stun-rs: a decoder with the key and validation on.
//! - `verify/<msg>/hmac-sha1-alone`: HMAC-SHA1 with the key over the bytes MESSAGE-INTEGRITY
//!   covers (key schedule included, as every verifier pays it). `rtcinspect` prepares the key
//!   from the credentials on every call (OpaqueString of the short-term password; SASLprep
//!   and MD5 of username:realm:password for the long-term §2.4 message);
//!   `rtcinspect-derived-key` is given the key prepared once (as an ICE agent keeps it per
//!   peer and a TURN client per realm), as HMAC alone is.
//!
//! rtcinspect's results are matched by reference (`match &stun::decode(..)`), which saves
//! moving the 248-byte `Message` out of the `Result`.
//!
//! Before the timings, a table gives the heap allocations per operation, counted by the
//! global allocator below; after them, a table of the median times (ns per operation).
//!
//! Run: `cargo bench --bench stun` (criterion options after `--`).
//!
//! Instruction counts (deterministic where wall-clock time is not, e.g. on a busy machine):
//! with `STUN_PROFILE=<group>/<message>/<id>` (e.g. `decode/rfc5769-2.1-request/rtcinspect`)
//! and `STUN_PROFILE_RUNS=<n>` the bench runs that one operation n times in `profile_loop`
//! instead of criterion, for
//! `valgrind --tool=callgrind --toggle-collect='*profile_loop*' <bench binary>`: the
//! instructions collected divided by n are the cost of one operation.

use criterion::{BenchmarkId, Criterion};
use rtcinspect::stun::{self, AttributeType, Credentials, PasswordPrep};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

#[path = "common/counting_alloc.rs"]
mod counting_alloc;
#[path = "common/medians.rs"]
mod medians;
use medians::median_ns;

#[global_allocator]
static GLOBAL: counting_alloc::Counting = counting_alloc::Counting;

/// One RFC 5769 message and its credentials.
struct Sample {
    name: &'static str,
    bytes: Vec<u8>,
    /// Short-term password, or the long-term (username, realm, password).
    short_term: Option<&'static str>,
    long_term: Option<(String, String, String)>,
    /// Offset of MESSAGE-INTEGRITY (what HMAC alone covers).
    mi_offset: usize,
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn samples() -> Vec<Sample> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/vectors/stun-vectors.json");
    let text = std::fs::read_to_string(path).expect("fixtures/vectors/stun-vectors.json");
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let short = "VOkJxbRl1RmTxUk/WvJxBt";
    let mut out = Vec::new();
    for (name, key) in [
        ("rfc5769-2.1-request", "rfc5769_2_1_sample_request"),
        (
            "rfc5769-2.2-ipv4-response",
            "rfc5769_2_2_sample_ipv4_response",
        ),
        (
            "rfc5769-2.3-ipv6-response",
            "rfc5769_2_3_sample_ipv6_response",
        ),
        (
            "rfc5769-2.4-long-term",
            "rfc5769_2_4_sample_request_long_term",
        ),
    ] {
        let e = &v[key];
        let bytes = hex(e["hex"].as_str().expect("hex"));
        let msg = stun::decode(&bytes).expect("vector decodes");
        let mi_offset = msg
            .get(AttributeType::MESSAGE_INTEGRITY)
            .expect("MI")
            .offset;
        let long_term = e.get("realm").map(|realm| {
            (
                e["username"].as_str().unwrap_or_default().to_owned(),
                realm.as_str().unwrap_or_default().to_owned(),
                e["password"].as_str().unwrap_or_default().to_owned(),
            )
        });
        out.push(Sample {
            name,
            short_term: long_term.is_none().then_some(short),
            long_term,
            bytes,
            mi_offset,
        });
    }
    out
}

// ---- rtcinspect ----

fn rtc_decode(b: &[u8]) -> bool {
    match &stun::decode(black_box(b)) {
        Ok(m) => {
            for v in m.values() {
                black_box(v);
            }
            true
        }
        Err(_) => false,
    }
}

/// The same through `attributes()`: offsets, raw bytes and padding with each typed value.
fn rtc_decode_attributes(b: &[u8]) -> bool {
    match stun::decode(black_box(b)) {
        Ok(m) => {
            for a in m.attributes() {
                black_box((a.offset, a.raw, a.padding, a.value()));
            }
            true
        }
        Err(_) => false,
    }
}

fn rtc_credentials(s: &Sample) -> Credentials<'_> {
    match (&s.short_term, &s.long_term) {
        (Some(p), _) => Credentials::ShortTerm { password: p },
        (None, Some((u, r, p))) => Credentials::LongTerm {
            username: u,
            realm: Some(r),
            password: p,
            prep: PasswordPrep::SaslPrep,
        },
        _ => Credentials::None,
    }
}

fn rtc_verify(b: &[u8], creds: &Credentials<'_>) -> bool {
    match &stun::decode(black_box(b)) {
        Ok(m) => {
            let r = m.verify(creds);
            r.message_integrity.is_ok() && !r.fingerprint.is_mismatch()
        }
        Err(_) => false,
    }
}

// ---- str0m `is` ----

/// Says where `is` types less than rtcinspect, so that its decode times are read right:
/// `is` 0.12 looks for SOFTWARE under 0x0022 (RESERVATION-TOKEN) instead of 0x8022, so it
/// never reads the SOFTWARE of the RFC 5769 messages (rtcinspect checks it is UTF-8).
fn print_is_coverage(samples: &[Sample]) {
    for s in samples {
        let Ok(m) = is::stun::StunMessage::parse(&s.bytes) else {
            println!("`is` rejects {}", s.name);
            continue;
        };
        let ours = stun::decode(&s.bytes).ok().and_then(|m| {
            m.values().find_map(|v| match v {
                stun::AttributeValue::Software(text) => Some(text),
                _ => None,
            })
        });
        if let (Some(text), None) = (ours, m.software()) {
            println!(
                "`is` does not read SOFTWARE ({text:?}, {} bytes) in {}",
                text.len(),
                s.name
            );
        }
    }
}

fn is_decode(b: &[u8]) -> bool {
    match is::stun::StunMessage::parse(black_box(b)) {
        Ok(m) => {
            // `parse` types what it knows into a struct; read every typed field.
            black_box((m.method(), m.class(), m.trans_id()));
            black_box((m.username(), m.prio(), m.use_candidate(), m.software()));
            black_box((m.ice_controlled(), m.ice_controlling(), m.mapped_address()));
            black_box((m.error_code(), m.realm(), m.nonce(), m.network_cost()));
            black_box((m.channel_number(), m.lifetime(), m.xor_peer_address()));
            black_box((m.xor_relayed_address(), m.data()));
            true
        }
        Err(_) => false,
    }
}

fn is_verify(b: &[u8], password: &str) -> bool {
    use is::Sha1HmacProvider;
    let Ok(m) = is::stun::StunMessage::parse(black_box(b)) else {
        return false;
    };
    let mi_ok = m.verify(password.as_bytes(), |k, p| {
        is::DefaultSha1HmacProvider.sha1_hmac(k, p)
    });
    // `is` does not check FINGERPRINT: do it the way a caller would (last 8 bytes).
    let n = b.len();
    let fp_ok = n >= 8 && {
        let crc = crc32fast::hash(&b[..n - 8]) ^ 0x5354_554E;
        b[n - 4..] == crc.to_be_bytes()
    };
    mi_ok && fp_ok
}

// ---- webrtc-rs `stun` ----

fn webrtc_decode(m: &mut ::stun::message::Message, b: &[u8]) -> bool {
    use ::stun::message::Getter;
    if m.unmarshal_binary(black_box(b)).is_err() {
        return false;
    }
    let types: Vec<_> = m.attributes.0.iter().map(|a| a.typ).collect();
    for t in types {
        match t {
            ::stun::attributes::ATTR_SOFTWARE
            | ::stun::attributes::ATTR_USERNAME
            | ::stun::attributes::ATTR_REALM
            | ::stun::attributes::ATTR_NONCE => {
                black_box(::stun::textattrs::TextAttribute::get_from_as(m, t).ok());
            }
            ::stun::attributes::ATTR_XORMAPPED_ADDRESS => {
                let mut x = ::stun::xoraddr::XorMappedAddress::default();
                black_box(x.get_from(m).ok());
                black_box(x);
            }
            ::stun::attributes::ATTR_FINGERPRINT
            | ::stun::attributes::ATTR_PRIORITY
            | ::stun::attributes::ATTR_ICE_CONTROLLED
            | ::stun::attributes::ATTR_MESSAGE_INTEGRITY => {
                // No typed getter in the crate (ICE attributes live in webrtc-ice): read the
                // raw value as the ICE crate does.
                if let Ok(v) = m.get(t) {
                    black_box(v);
                }
            }
            _ => {}
        }
    }
    true
}

fn webrtc_verify(
    m: &mut ::stun::message::Message,
    b: &[u8],
    mi: &::stun::integrity::MessageIntegrity,
    fingerprint: bool,
) -> bool {
    if m.unmarshal_binary(black_box(b)).is_err() {
        return false;
    }
    let mi_ok = mi.check(m).is_ok();
    let fp_ok = !fingerprint || ::stun::fingerprint::FINGERPRINT.check(m).is_ok();
    mi_ok && fp_ok
}

// ---- stun-rs ----

fn stun_rs_decode(d: &stun_rs::MessageDecoder, b: &[u8]) -> bool {
    match d.decode(black_box(b)) {
        Ok(m) => {
            black_box(m);
            true
        }
        Err(_) => false,
    }
}

fn stun_rs_key(s: &Sample) -> stun_rs::HMACKey {
    match (&s.short_term, &s.long_term) {
        (Some(p), _) => stun_rs::HMACKey::new_short_term(p).expect("key"),
        (None, Some((u, r, p))) => stun_rs::HMACKey::new_long_term(
            u,
            r,
            p,
            stun_rs::Algorithm::from(stun_rs::AlgorithmId::MD5),
        )
        .expect("key"),
        _ => unreachable!(),
    }
}

fn stun_rs_verifier(s: &Sample) -> stun_rs::MessageDecoder {
    let ctx = stun_rs::DecoderContextBuilder::default()
        .with_key(stun_rs_key(s))
        .with_validation()
        .build();
    stun_rs::MessageDecoderBuilder::default()
        .with_context(ctx)
        .build()
}

// ---- HMAC alone ----

fn hmac_alone(key: &[u8], covered: &[u8]) -> [u8; 20] {
    use hmac::{KeyInit, Mac};
    let mut mac = <hmac::Hmac<sha1::Sha1> as KeyInit>::new_from_slice(black_box(key))
        .expect("any key length");
    mac.update(black_box(covered));
    mac.finalize().into_bytes().into()
}

/// The HMAC key of a sample (short-term password bytes or the long-term MD5 key).
fn hmac_key(s: &Sample) -> Vec<u8> {
    let creds = rtc_credentials(s);
    let msg = stun::decode(&s.bytes).expect("decodes");
    msg.key(&creds).expect("key").as_bytes().to_vec()
}

/// Heap allocations (reallocations included) of one call of `f`, or "fails" when `f` reports
/// that the library rejected the input.
fn allocs_per_call(f: impl FnMut() -> bool) -> String {
    match counting_alloc::allocs_per_call(f) {
        (a, r, true) => format!("{:.0}", a + r),
        _ => "fails".to_string(),
    }
}

fn print_alloc_table(samples: &[Sample]) {
    println!();
    println!(
        "Heap allocations per operation (\"fails\": the library rejects the message or the check)."
    );
    println!();
    println!(
        "{:<27} | {:<13} | {:>10} | {:>5} | {:>9} | {:>7}",
        "message", "operation", "rtcinspect", "is", "webrtc-rs", "stun-rs"
    );
    println!(
        "{:-<27}-|-{:-<13}-|-{:->10}-|-{:->5}-|-{:->9}-|-{:->7}",
        "", "", "", "", "", ""
    );
    let decoder = stun_rs::MessageDecoderBuilder::default().build();
    for s in samples {
        let mut wm = ::stun::message::Message::new();
        println!(
            "{:<27} | {:<13} | {:>10} | {:>5} | {:>9} | {:>7}",
            s.name,
            "decode",
            allocs_per_call(|| rtc_decode(&s.bytes)),
            allocs_per_call(|| is_decode(&s.bytes)),
            allocs_per_call(|| webrtc_decode(&mut wm, &s.bytes)),
            allocs_per_call(|| stun_rs_decode(&decoder, &s.bytes)),
        );
        let creds = rtc_credentials(s);
        let verifier = stun_rs_verifier(s);
        let mi = webrtc_mi(s);
        let has_fp =
            stun::decode(&s.bytes).is_ok_and(|m| m.get(AttributeType::FINGERPRINT).is_some());
        println!(
            "{:<27} | {:<13} | {:>10} | {:>5} | {:>9} | {:>7}",
            "",
            "decode+verify",
            allocs_per_call(|| rtc_verify(&s.bytes, &creds)),
            s.short_term
                .map_or("-".to_string(), |p| allocs_per_call(|| is_verify(
                    &s.bytes, p
                ))),
            allocs_per_call(|| webrtc_verify(&mut wm, &s.bytes, &mi, has_fp)),
            allocs_per_call(|| stun_rs_decode(&verifier, &s.bytes)),
        );
    }
    println!();
}

fn webrtc_mi(s: &Sample) -> ::stun::integrity::MessageIntegrity {
    match (&s.short_term, &s.long_term) {
        (Some(p), _) => {
            ::stun::integrity::MessageIntegrity::new_short_term_integrity(p.to_string())
        }
        (None, Some((u, r, p))) => ::stun::integrity::MessageIntegrity::new_long_term_integrity(
            u.clone(),
            r.clone(),
            p.clone(),
        ),
        _ => unreachable!(),
    }
}

fn bench(c: &mut Criterion, samples: &[Sample]) {
    let decoder = stun_rs::MessageDecoderBuilder::default().build();
    for s in samples {
        let b = s.bytes.as_slice();
        let mut g = c.benchmark_group(format!("decode/{}", s.name));
        g.bench_function(BenchmarkId::from_parameter("rtcinspect"), |x| {
            x.iter(|| rtc_decode(b))
        });
        g.bench_function(BenchmarkId::from_parameter("rtcinspect-attributes"), |x| {
            x.iter(|| rtc_decode_attributes(b))
        });
        if is_decode(b) {
            g.bench_function(BenchmarkId::from_parameter("is"), |x| {
                x.iter(|| is_decode(b))
            });
        }
        let mut wm = ::stun::message::Message::new();
        g.bench_function(BenchmarkId::from_parameter("webrtc-rs"), |x| {
            x.iter(|| webrtc_decode(&mut wm, b))
        });
        g.bench_function(BenchmarkId::from_parameter("stun-rs"), |x| {
            x.iter(|| stun_rs_decode(&decoder, b))
        });
        g.finish();

        let creds = rtc_credentials(s);
        let verifier = stun_rs_verifier(s);
        let mi = webrtc_mi(s);
        let has_fp = stun::decode(b).is_ok_and(|m| m.get(AttributeType::FINGERPRINT).is_some());
        let key = hmac_key(s);
        let derived = Credentials::Key(stun::Key::from_bytes(&key));
        let covered = &b[..s.mi_offset];
        let mut g = c.benchmark_group(format!("verify/{}", s.name));
        g.bench_function(BenchmarkId::from_parameter("rtcinspect"), |x| {
            x.iter(|| rtc_verify(b, &creds))
        });
        // The key prepared once (an ICE agent keeps it per peer, a TURN client per realm),
        // as HMAC alone has it.
        g.bench_function(BenchmarkId::from_parameter("rtcinspect-derived-key"), |x| {
            x.iter(|| rtc_verify(b, &derived))
        });
        if let Some(p) = s.short_term {
            if is_verify(b, p) {
                g.bench_function(BenchmarkId::from_parameter("is"), |x| {
                    x.iter(|| is_verify(b, p))
                });
            }
        }
        g.bench_function(BenchmarkId::from_parameter("webrtc-rs"), |x| {
            x.iter(|| webrtc_verify(&mut wm, b, &mi, has_fp))
        });
        g.bench_function(BenchmarkId::from_parameter("stun-rs"), |x| {
            x.iter(|| stun_rs_decode(&verifier, b))
        });
        g.bench_function(BenchmarkId::from_parameter("hmac-sha1-alone"), |x| {
            x.iter(|| hmac_alone(&key, covered))
        });
        g.finish();
    }
}

fn print_time_table(samples: &[Sample]) {
    let cell =
        |g: &str, id: &str| median_ns(g, id).map_or("-".to_string(), |ns| format!("{ns:.0}"));
    println!();
    println!("Median time per operation (ns); \"-\": not run (the library rejects the message) or filtered out.");
    println!();
    println!(
        "{:<27} | {:<14} | {:>10} | {:>5} | {:>9} | {:>7} | {:>10} | {:>9}",
        "message", "operation", "rtcinspect", "is", "webrtc-rs", "stun-rs", "HMAC alone", "ratio"
    );
    println!(
        "{:-<27}-|-{:-<14}-|-{:->10}-|-{:->5}-|-{:->9}-|-{:->7}-|-{:->10}-|-{:->9}",
        "", "", "", "", "", "", "", ""
    );
    for s in samples {
        let d = format!("decode/{}", s.name);
        let v = format!("verify/{}", s.name);
        println!(
            "{:<27} | {:<14} | {:>10} | {:>5} | {:>9} | {:>7} | {:>10} | {:>9}",
            s.name,
            "decode",
            cell(&d, "rtcinspect"),
            cell(&d, "is"),
            cell(&d, "webrtc-rs"),
            cell(&d, "stun-rs"),
            "",
            "",
        );
        let ratio = match (
            median_ns(&v, "rtcinspect"),
            median_ns(&v, "hmac-sha1-alone"),
        ) {
            (Some(a), Some(h)) if h > 0.0 => format!("{:.2}x", a / h),
            _ => "-".to_string(),
        };
        println!(
            "{:<27} | {:<14} | {:>10} | {:>5} | {:>9} | {:>7} | {:>10} | {:>9}",
            "",
            "decode+verify",
            cell(&v, "rtcinspect"),
            cell(&v, "is"),
            cell(&v, "webrtc-rs"),
            cell(&v, "stun-rs"),
            cell(&v, "hmac-sha1-alone"),
            ratio,
        );
        if let Some(derived) = median_ns(&v, "rtcinspect-derived-key") {
            let ratio = median_ns(&v, "hmac-sha1-alone")
                .map_or("-".to_string(), |h| format!("{:.2}x", derived / h));
            println!(
                "{:<27} | {:<14} | {:>10} | {:>5} | {:>9} | {:>7} | {:>10} | {:>9}",
                "",
                "(key prepared)",
                format!("{derived:.0}"),
                "",
                "",
                "",
                "",
                ratio,
            );
        }
    }
    println!();
    println!("ratio: rtcinspect decode+verify / HMAC-SHA1 alone over the bytes MESSAGE-INTEGRITY covers.");
    println!(
        "(key prepared): the credentials given as the key, prepared once, as HMAC alone has it;"
    );
    println!("the line above prepares it on every call (OpaqueString of the short-term password;");
    println!("SASLprep and MD5 of username:realm:password for long-term credentials).");
}

/// Runs `op` `runs` times (kept out of line so that callgrind can collect just this).
#[inline(never)]
fn profile_loop(runs: usize, op: &mut dyn FnMut() -> bool) -> usize {
    let mut ok = 0;
    for _ in 0..runs {
        ok += usize::from(op());
    }
    ok
}

/// The `STUN_PROFILE` mode (see the module docs).
fn profile(samples: &[Sample], which: &str, runs: usize) {
    let (group, id) = which.rsplit_once('/').expect("<group>/<message>/<id>");
    let (op, name) = group.split_once('/').expect("<group>/<message>/<id>");
    let s = samples
        .iter()
        .find(|s| s.name == name)
        .expect("a message name of the bench");
    let b = s.bytes.as_slice();
    let creds = rtc_credentials(s);
    let key = hmac_key(s);
    let derived = Credentials::Key(stun::Key::from_bytes(&key));
    let covered = &b[..s.mi_offset];
    let password = s.short_term.unwrap_or_default();
    let mut f: Box<dyn FnMut() -> bool + '_> = match (op, id) {
        ("decode", "rtcinspect") => Box::new(|| rtc_decode(b)),
        ("decode", "rtcinspect-attributes") => Box::new(|| rtc_decode_attributes(b)),
        ("decode", "is") => Box::new(|| is_decode(b)),
        ("verify", "rtcinspect") => Box::new(|| rtc_verify(b, &creds)),
        ("verify", "rtcinspect-derived-key") => Box::new(|| rtc_verify(b, &derived)),
        ("verify", "is") => Box::new(|| is_verify(b, password)),
        ("verify", "hmac-sha1-alone") => Box::new(|| black_box(hmac_alone(&key, covered))[0] < 255),
        _ => panic!("no such operation: {which}"),
    };
    let ok = profile_loop(runs, &mut f);
    println!("{which}: {runs} runs, {ok} ok");
}

fn main() {
    let samples = samples();
    if let Ok(which) = std::env::var("STUN_PROFILE") {
        let runs = std::env::var("STUN_PROFILE_RUNS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(10_000);
        profile(&samples, &which, runs);
        return;
    }
    print_alloc_table(&samples);
    print_is_coverage(&samples);
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
        .configure_from_args();
    bench(&mut c, &samples);
    c.final_summary();
    print_time_table(&samples);
}
