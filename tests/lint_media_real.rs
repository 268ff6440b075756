//! The RTP, media identity, data channel and portability rules (J301–J699) on every real
//! description in fixtures/real/: no error-level finding, and exactly the warnings listed here,
//! each checked by hand against the SDP (see the comments).

use rtcinspect::{lint, sdp};
use std::path::{Path, PathBuf};

fn sdp_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sdp_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "sdp") {
            out.push(p);
        }
    }
}

fn is_media_rule(code: &str) -> bool {
    matches!(code.get(..2), Some("J3" | "J4" | "J5" | "J6"))
}

/// (file relative to fixtures/real, code, line, column) of every J3xx–J6xx finding.
fn findings() -> Vec<(String, &'static str, String, u32, u32)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real");
    let mut files = Vec::new();
    sdp_files(&root, &mut files);
    files.sort();
    assert!(files.len() >= 70, "{} real SDPs", files.len());
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let s = sdp::parse(&text);
        let name = f.strip_prefix(&root).unwrap().display().to_string();
        for d in lint::check(&s)
            .into_iter()
            .filter(|d| is_media_rule(d.code))
        {
            out.push((
                name.clone(),
                d.code,
                d.severity.to_string(),
                d.span.line,
                d.span.column,
            ));
        }
    }
    out
}

#[test]
fn real_descriptions_have_no_media_errors_and_only_known_warnings() {
    let got = findings();
    assert!(got.iter().all(|f| f.2 != "error"), "{got:#?}");
    // Checked: none of the 80 descriptions (Chromium 156, Firefox 153, aiortc 1.16,
    // libdatachannel 0.24.5) raises a J3xx-J6xx warning or note either.
    assert_eq!(got, []);
}

/// The rules do run on real input: the Chromium offer without its `a=rtcp-mux` lines gives
/// J316 on each of its two RTP sections (at the proto of the m= line), and nothing on the data
/// channel section.
#[test]
fn real_offer_without_rtcp_mux() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real/chromium-basic/offer.sdp");
    let text = std::fs::read_to_string(path)
        .unwrap()
        .replace("a=rtcp-mux\r\n", "");
    let s = sdp::parse(&text);
    let got: Vec<_> = lint::check(&s)
        .into_iter()
        .filter(|d| is_media_rule(d.code))
        .map(|d| (d.code, d.span.column, &text[d.span.range()]))
        .collect();
    assert_eq!(
        got,
        [
            ("J316", 11, "UDP/TLS/RTP/SAVPF"),
            ("J316", 11, "UDP/TLS/RTP/SAVPF")
        ]
    );
}
