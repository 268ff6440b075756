//! Real descriptions validate: every `fixtures/real/**/*.sdp` gives no error-level finding
//! (parser + `lint::check`), and every real offer/answer pair validates as a pair
//! (+ `lint::check_pair`). Warnings are allowed; a failure lists every finding.
//!
//! Pairs, by directory layout (fixtures/README.md): in each `fixtures/real/<run>/`,
//! `offer.sdp` + `answer.sdp` (the descriptions as set), and `offer.final.sdp` +
//! `answer.final.sdp` (after gathering) when both exist.

use rtcinspect::diag::{Diagnostic, Severity};
use rtcinspect::lint;
use rtcinspect::sdp::{self, Session};
use std::path::{Path, PathBuf};

fn real_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real")
}

fn sdp_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            sdp_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "sdp") {
            out.push(p);
        }
    }
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn findings(s: &Session<'_>) -> Vec<Diagnostic> {
    let mut v = s.diagnostics.clone();
    v.extend(lint::check(s));
    v
}

fn list(name: &str, f: &[Diagnostic]) -> String {
    f.iter()
        .map(|d| {
            format!(
                "  {name} input {} {}:{} {}[{} {}] {}",
                d.input, d.span.line, d.span.column, d.severity, d.code, d.name, d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_real_description_has_no_error() {
    let mut files = Vec::new();
    sdp_files(&real_dir(), &mut files);
    assert!(files.len() >= 70, "found only {} real SDPs", files.len());
    let mut failures = Vec::new();
    for p in &files {
        let text = read(p);
        let s = sdp::parse(&text);
        let f = findings(&s);
        if f.iter().any(|d| d.severity == Severity::Error) {
            failures.push(list(&p.display().to_string(), &f));
        }
    }
    assert!(
        failures.is_empty(),
        "real descriptions with error-level findings (all findings listed):\n{}",
        failures.join("\n")
    );
}

/// The real offer/answer pairs: (directory, offer file, answer file).
fn pairs() -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(real_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for d in dirs {
        for (o, a) in [
            ("offer.sdp", "answer.sdp"),
            ("offer.final.sdp", "answer.final.sdp"),
        ] {
            let (o, a) = (d.join(o), d.join(a));
            if o.is_file() && a.is_file() {
                out.push((o, a));
            }
        }
    }
    out
}

#[test]
fn every_real_pair_validates() {
    let pairs = pairs();
    // 26 runs with offer.sdp + answer.sdp, 13 of them with both final descriptions too.
    assert!(pairs.len() >= 39, "found only {} real pairs", pairs.len());
    let mut failures = Vec::new();
    for (o, a) in &pairs {
        let (ot, at) = (read(o), read(a));
        let (offer, answer) = (sdp::parse(&ot), sdp::parse(&at));
        let mut f = findings(&offer);
        f.extend(findings(&answer).into_iter().map(|mut d| {
            d.input = 1;
            d
        }));
        f.extend(lint::check_pair(&offer, &answer, None));
        if f.iter().any(|d| d.severity == Severity::Error) {
            failures.push(list(&format!("{} + {}", o.display(), a.display()), &f));
        }
        // The summary is computed for every real pair without panicking.
        let _ = lint::negotiate(&offer, &answer);
    }
    assert!(
        failures.is_empty(),
        "real pairs with error-level findings (input 0 = offer, 1 = answer; all findings \
         listed):\n{}",
        failures.join("\n")
    );
}
