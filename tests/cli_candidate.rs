//! `rtcinspect candidate` on real candidates and real offer/answer pairs.

use assert_cmd::Command;
use std::path::PathBuf;

fn fixture(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn run(args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("rtcinspect")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn decodes_a_real_candidate_string() {
    // aiortc 1.16.0's host candidate (fixtures/real/aiortc-basic/candidates.txt):
    // 2130706431 = 126 << 24 | 65535 << 8 | (256 - 1), RFC 8445 §5.1.2.1.
    let (out, code) = run(&[
        "candidate",
        "candidate:28d09117ed7be62fd2553196dd6100b6 1 udp 2130706431 10.99.0.1 37799 typ host",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2130706431 (126/65535/1)"), "{out}");
    assert!(
        out.contains("10.99.0.1") && out.contains("private"),
        "{out}"
    );
    assert!(out.contains("1 candidate(s): host 1"), "{out}");
}

#[test]
fn an_sdp_gives_its_candidates_and_the_set_warnings() {
    let (out, code) = run(&[
        "candidate",
        "--color",
        "never",
        &fixture("real/chromium-mdns/offer.final.sdp"),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(".local"), "{out}");
    assert!(out.contains("[I020]"), "only mDNS hosts: {out}");
}

#[test]
fn pairs_predict_the_pair_the_peers_selected() {
    // fixtures/real/aiortc-basic/peers.log: "selected pair ... 10.99.0.1 37799 ... -> ... 10.99.0.2 53703".
    let (out, code) = run(&[
        "candidate",
        "--pairs",
        &fixture("real/aiortc-basic/offer.sdp"),
        &fixture("real/aiortc-basic/answer.sdp"),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("offerer Controlling, answerer Controlled"),
        "{out}"
    );
    let first = out.lines().find(|l| l.starts_with("│ 0 ")).unwrap();
    assert!(
        first.contains("host 10.99.0.1:37799 udp") && first.contains("host 10.99.0.2:53703 udp"),
        "{out}"
    );
    let (json, _) = run(&[
        "candidate",
        "--json",
        "--pairs",
        &fixture("real/aiortc-basic/offer.sdp"),
        &fixture("real/aiortc-basic/answer.sdp"),
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["transports"][0]["mids"], serde_json::json!(["0", "1"]));
    assert_eq!(
        v["transports"][0]["offerer"]["check_list"]["pairs"][0]["priority"].as_u64(),
        Some(9151314442783293438)
    );
}

#[test]
fn trickled_json_candidates_are_read() {
    let (out, code) = run(&[
        "candidate",
        "--json",
        &fixture("real/chromium-basic/offer.cands.jsonl"),
    ]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let list = v["candidates"].as_array().unwrap();
    assert!(!list.is_empty());
    assert!(
        list.iter().all(|c| c["mid"].is_string()),
        "sdpMid kept: {out}"
    );
}

#[test]
fn a_broken_candidate_fails_with_its_position() {
    let (out, code) = run(&[
        "candidate",
        "--color",
        "never",
        "candidate:1 1 udp notanumber 10.0.0.1 5000 typ host",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[I016]") || out.contains("error[S"),
        "{out}"
    );
    assert!(out.contains("<arguments>:1:"), "{out}");
}
