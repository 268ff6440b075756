//! The structure, ICE, DTLS and BUNDLE rules (families M, J001–J299, and the I rules they apply
//! to candidates) on every real description in fixtures/real/: no error-level finding, and
//! exactly the warnings and notes that were read one by one and found true (listed below with
//! the reason). A new real fixture that raises something else fails here until it is looked at.

use rtcinspect::diag::{Diagnostic, Severity};
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "sdp") {
            out.push(p);
        }
    }
}

fn real_sdps() -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real"),
        &mut out,
    );
    assert!(out.len() >= 70, "fixtures/real holds {} SDPs", out.len());
    out
}

/// Whether the finding comes from the rules this test covers.
fn mine(d: &Diagnostic) -> bool {
    let n: u32 = d.code[1..].parse().unwrap_or(0);
    d.code.starts_with('M') || d.code.starts_with('I') || (d.code.starts_with('J') && n < 300)
}

/// The findings of the covered rules on one file, as `code line:column`.
fn findings(path: &Path) -> Vec<(String, Severity)> {
    let text = std::fs::read_to_string(path).unwrap();
    let session = rtcinspect::sdp::parse(&text);
    rtcinspect::lint::check(&session)
        .iter()
        .filter(|d| mine(d))
        .map(|d| (format!("{} {}", d.code, d.span), d.severity))
        .collect()
}

#[test]
fn no_errors_on_real_descriptions() {
    for p in real_sdps() {
        for (f, sev) in findings(&p) {
            assert_ne!(sev, Severity::Error, "{}: {f}", p.display());
        }
    }
}

/// Every warning and note the covered rules raise on real input, each checked by hand:
///
/// - I019 `no-srflx-or-relay`: the lab has no STUN/TURN server (fixtures/README.md,
///   `iceServers: []`), so every description that carries candidates has only host candidates
///   on 10.99.0.0/24 and fd99::/64: true, these peers only connect within that network.
/// - I014 `srflx-or-relay-not-public` (note): the TURN relay captures in fixtures/real/pcap/
///   (`*-turn-relay*`) use the lab's coturn on 10.99.0.3, which relays from that private
///   address: true, only peers on the lab network can reach those relayed candidates.
/// - I020 `only-mdns-hosts`: the `*-mdns` runs hide host addresses behind `.local` names.
/// - I025 `ipv6-only`: aiortc-ipv6-only ran in IPv6-only namespaces.
/// - J007 `ice-options-comma-separated`: libdatachannel 0.24.5 writes `ice2,trickle`.
/// - I015 `excluded-candidate-address`: the answerer of real/pcap/chromium-ice-tcp
///   (@roamhq/wrtc 0.10.0, native libwebrtc with its default network settings) announces
///   `::1` and `127.0.0.1` host candidates (UDP and TCP), and sent checks from `[::1]` out on the veth (see
///   that folder's README.txt): true, RFC 8445 §5.1.1.1 excludes loopback addresses.
#[test]
fn warnings_on_real_descriptions_are_the_known_true_ones() {
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for p in real_sdps() {
        for (f, _) in findings(&p) {
            let code = f.split(' ').next().unwrap().to_string();
            assert!(
                ["I014", "I015", "I019", "I020", "I025", "J007"].contains(&code.as_str()),
                "{}: unexpected {f}",
                p.display()
            );
            *seen.entry(code).or_default() += 1;
        }
    }
    eprintln!("{seen:?}");
    // Every libdatachannel description has the comma form.
    let ndc = real_sdps()
        .into_iter()
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("a=ice-options:ice2,trickle")
        })
        .count();
    assert_eq!(seen.get("J007").copied().unwrap_or(0), ndc);
    // One I015 per loopback candidate line (the wrtc answerer's answer.final.sdp has four:
    // UDP and TCP on ::1 and 127.0.0.1).
    let loopback = real_sdps()
        .into_iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .map(|t| {
            t.lines()
                .filter(|l| l.starts_with("a=candidate:"))
                .filter(|l| l.contains(" 127.0.0.1 ") || l.contains(" ::1 "))
                .count()
        })
        .sum::<usize>();
    assert_eq!(seen.get("I015").copied().unwrap_or(0), loopback);
}

/// Bad input is normal input: every real description with any one line removed, or any one
/// line's value cut in half, still lints without a panic (and the spans stay inside the text).
#[test]
fn damaged_real_descriptions_never_panic() {
    for p in real_sdps().into_iter().step_by(3) {
        let text = std::fs::read_to_string(&p).unwrap();
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for i in 0..lines.len() {
            let cut = lines[i].len() / 2;
            for variant in [String::new(), format!("{}\r\n", &lines[i][..cut])] {
                let mut damaged = String::new();
                for (j, l) in lines.iter().enumerate() {
                    damaged.push_str(if i == j { &variant } else { l });
                }
                let session = rtcinspect::sdp::parse(&damaged);
                for d in rtcinspect::lint::check(&session) {
                    assert!(
                        d.span.end as usize <= damaged.len(),
                        "{}: {d:?}",
                        p.display()
                    );
                }
            }
        }
    }
}
