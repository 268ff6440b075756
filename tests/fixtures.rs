//! Every fixture, present and future: lossless round trip, and no error-level finding on
//! real inputs (fixtures/real/). The canonical form of each re-parses to the same sections.

use rtcinspect::diag::Severity;
use rtcinspect::sdp::{self, ParseOptions};
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
        } else {
            out.push(p);
        }
    }
}

fn fixture_files(ext_filter: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut all = Vec::new();
    walk(&root, &mut all);
    all.into_iter().filter(|p| ext_filter(p)).collect()
}

fn is_sdp(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "sdp")
}

fn is_real(p: &Path) -> bool {
    p.components().any(|c| c.as_os_str() == "real")
}

#[test]
fn every_sdp_fixture_round_trips_byte_for_byte() {
    let files = fixture_files(is_sdp);
    assert!(
        files.len() >= 10,
        "expected at least 10 SDP fixtures, found {}",
        files.len()
    );
    for p in files {
        let bytes = std::fs::read(&p).unwrap();
        // fixtures/rules/S001.sdp is not UTF-8 on purpose (rule not-utf8, tests/rules.rs).
        if p.ends_with("rules/S001.sdp") {
            continue;
        }
        let text = std::str::from_utf8(&bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let s = sdp::parse(text);
        assert_eq!(
            sdp::write(&s),
            text,
            "{}: write(parse(x)) != x",
            p.display()
        );
        let owned = s.clone().into_owned();
        assert_eq!(owned, s, "{}: into_owned changed the model", p.display());
        // The canonical form parses to the same sections with no new error.
        let canonical = sdp::write_canonical(&s);
        let c = sdp::parse(&canonical);
        assert_eq!(c.media.len(), s.media.len(), "{}", p.display());
        let mids = |x: &sdp::Session<'_>| {
            x.media
                .iter()
                .map(|m| m.mid().map(|t| t.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(mids(&c), mids(&s), "{}", p.display());
        let errors = |x: &sdp::Session<'_>| {
            x.diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count()
        };
        assert!(
            errors(&c) <= errors(&s),
            "{}: canonical form added errors: {:#?}",
            p.display(),
            c.diagnostics
        );
        // Canonical is a fixed point.
        assert_eq!(
            sdp::write_canonical(&c),
            canonical,
            "{}: canonical form is not stable",
            p.display()
        );
    }
}

#[test]
fn real_sdps_have_no_error_level_findings_even_when_strict() {
    let files = fixture_files(|p| is_sdp(p) && is_real(p));
    let stacks: std::collections::BTreeSet<_> = files
        .iter()
        .filter_map(|p| {
            p.parent()?
                .file_name()?
                .to_str()
                .map(|s| s.split('-').next().unwrap_or(s).to_string())
        })
        .collect();
    assert!(
        files.len() >= 10 && stacks.len() >= 2,
        "need ≥10 real SDPs from ≥2 stacks: {files:?}"
    );
    for p in files {
        let text = std::fs::read_to_string(&p).unwrap();
        let s = sdp::parse(&text);
        let errors: Vec<_> = s
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", p.display());
        assert!(!s.media.is_empty(), "{}: no media", p.display());
        for m in &s.media {
            assert!(
                m.media_line().is_some(),
                "{}: m= line did not parse",
                p.display()
            );
        }
        // Real stacks write canonical line order, so --strict finds nothing either; the few
        // whitespace habits they have are listed in fixtures/README.md.
        let strict = sdp::parse_with(
            &text,
            &ParseOptions {
                strict: true,
                ..Default::default()
            },
        );
        let strict_errors: Vec<_> = strict
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && d.name != "stray-whitespace")
            .collect();
        assert!(
            strict_errors.is_empty(),
            "{}: {strict_errors:#?}",
            p.display()
        );
    }
}

#[test]
fn every_description_in_real_webrtc_internals_dumps_parses() {
    let dumps = fixture_files(|p| p.to_string_lossy().ends_with("webrtc-internals.json"));
    for p in dumps {
        let bytes = std::fs::read(&p).unwrap();
        let list = rtcinspect::input::descriptions(&bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert!(!list.is_empty(), "{}", p.display());
        for d in list.iter().filter(|d| !d.sdp.is_empty()) {
            let s = sdp::parse(&d.sdp);
            let errors: Vec<_> = s
                .diagnostics
                .iter()
                .filter(|x| x.severity == Severity::Error)
                .collect();
            assert!(
                errors.is_empty(),
                "{} {}: {errors:#?}",
                p.display(),
                d.source
            );
            assert_eq!(sdp::write(&s), d.sdp, "{} {}", p.display(), d.source);
        }
    }
}

#[test]
fn real_candidates_files_parse_as_candidates() {
    for p in fixture_files(|p| p.file_name().is_some_and(|n| n == "candidates.txt") && is_real(p)) {
        let text = std::fs::read_to_string(&p).unwrap();
        for line in text.lines().filter(|l| l.starts_with("candidate:")) {
            let a = rtcinspect::span::Anchor::new(line, Default::default());
            let c = rtcinspect::ice::parse_candidate_attribute(a, 64)
                .unwrap_or_else(|e| panic!("{}: {line}: {e:?}", p.display()));
            assert_eq!(
                c.to_string(),
                line["candidate:".len()..],
                "{}: Display is not the input",
                p.display()
            );
        }
    }
}
