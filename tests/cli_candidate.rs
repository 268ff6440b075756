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

/// Each pair of one side's check lists as (local, remote, component, pair priority, state,
/// foundation), the candidates as `type address:port transport`, in check order, for every
/// transport.
fn check_lists(json: &str) -> Vec<(String, Vec<String>)> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    // The transport token is case-insensitive (RFC 8839 §5.1): Firefox writes `UDP`, and
    // Chromium's dump logs a remote candidate as it re-serialised it (`udp`).
    let cand = |c: &serde_json::Value| {
        format!(
            "{} {}:{} {}",
            c["typ"]["text"].as_str().unwrap(),
            c["address"]["text"].as_str().unwrap(),
            c["port_value"],
            c["transport"]["text"]
                .as_str()
                .unwrap()
                .to_ascii_lowercase()
        )
    };
    let mut out = Vec::new();
    for t in v["transports"].as_array().unwrap() {
        for side in ["offerer", "answerer"] {
            let view = &t[side];
            let pairs = view["check_list"]["pairs"].as_array().unwrap();
            let rows = pairs
                .iter()
                .map(|p| {
                    let l = &view["local"][p["local"].as_u64().unwrap() as usize];
                    let r = &view["remote"][p["remote"].as_u64().unwrap() as usize];
                    format!(
                        "{} -> {} comp {} prio {} {} {}",
                        cand(l),
                        cand(r),
                        p["component"],
                        p["priority"],
                        p["state"],
                        p["foundation"]
                    )
                })
                .collect();
            out.push((format!("{} {side}", t["mids"]), rows));
        }
    }
    out
}

#[test]
fn trickled_candidates_give_the_check_lists_of_the_final_descriptions() {
    // The browsers' descriptions as first set (no candidates: trickle ICE) plus the
    // candidates they trickled (captured from onicecandidate) must give the same check lists
    // as the descriptions they held after gathering (pc.localDescription), which carry the
    // same candidates as a=candidate lines. Real Chromium and Firefox runs
    // (fixtures/README.md).
    let dir = PathBuf::from(fixture("real"));
    let mut compared = Vec::new();
    let mut dumps = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let d = entry.unwrap().path();
        let f = |n: &str| d.join(n).to_string_lossy().into_owned();
        let names = [
            "offer.sdp",
            "answer.sdp",
            "offer.cands.jsonl",
            "answer.cands.jsonl",
            "offer.final.sdp",
            "answer.final.sdp",
        ];
        if !names.iter().all(|n| d.join(n).is_file()) {
            continue;
        }
        let (trickled, code) = run(&[
            "candidate",
            "--json",
            "--pairs",
            &f("offer.sdp"),
            &f("answer.sdp"),
            "--offer-candidates",
            &f("offer.cands.jsonl"),
            "--answer-candidates",
            &f("answer.cands.jsonl"),
        ]);
        let (final_, final_code) = run(&[
            "candidate",
            "--json",
            "--pairs",
            &f("offer.final.sdp"),
            &f("answer.final.sdp"),
        ]);
        let name = d.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(code, final_code, "{name}");
        let (a, b) = (check_lists(&trickled), check_lists(&final_));
        assert_eq!(a, b, "{name}");
        assert!(
            a.iter().any(|(_, rows)| !rows.is_empty()),
            "{name}: no pairs at all"
        );
        // Every trickled candidate was placed: used, or for a bundled m-section.
        let v: serde_json::Value = serde_json::from_str(&trickled).unwrap();
        for side in ["offer", "answer"] {
            let t = &v["trickled"][side];
            assert_eq!(
                t["used"].as_u64().unwrap() + t["without_own_transport"].as_u64().unwrap(),
                t["read"].as_u64().unwrap(),
                "{name} {side}: {t}"
            );
            assert!(t["used"].as_u64().unwrap() > 0, "{name} {side}");
        }
        // Given again with the final descriptions, which carry them: nothing is added twice.
        let (again, _) = run(&[
            "candidate",
            "--json",
            "--pairs",
            &f("offer.final.sdp"),
            &f("answer.final.sdp"),
            "--offer-candidates",
            &f("offer.cands.jsonl"),
            "--answer-candidates",
            &f("answer.cands.jsonl"),
        ]);
        assert_eq!(check_lists(&again), b, "{name} twice");
        let v2: serde_json::Value = serde_json::from_str(&again).unwrap();
        for side in ["offer", "answer"] {
            let (t, first) = (&v2["trickled"][side], &v["trickled"][side]);
            assert_eq!(
                (&t["used"], &t["already_in_description"]),
                (&serde_json::json!(0), &first["used"]),
                "{name} {side}: {t}"
            );
        }
        // Chromium's webrtc-internals dumps hold the same candidates (onicecandidate,
        // addIceCandidate), from either side's dump.
        for dump in ["offer", "answer"] {
            let path = d.join(format!("{dump}.webrtc-internals.json"));
            if !path.is_file() {
                continue;
            }
            let path = path.to_string_lossy().into_owned();
            let (from_dump, _) = run(&[
                "candidate",
                "--json",
                "--pairs",
                &f("offer.sdp"),
                &f("answer.sdp"),
                "--offer-candidates",
                &path,
                "--answer-candidates",
                &path,
            ]);
            assert_eq!(check_lists(&from_dump), b, "{name} {dump} dump");
            // The dump alone, as both descriptions: its offer, its answer, its candidates.
            let (alone, _) = run(&["candidate", "--json", "--pairs", &path, &path]);
            assert_eq!(check_lists(&alone), b, "{name} {dump} dump alone");
            dumps += 1;
        }
        compared.push(name);
    }
    compared.sort();
    assert!(compared.len() >= 10, "{compared:?}");
    assert!(dumps >= 11, "{dumps} dumps");
}

#[test]
fn without_its_trickled_candidates_a_side_gets_a_hint() {
    let (out, code) = run(&[
        "candidate",
        "--color",
        "never",
        "--pairs",
        &fixture("real/chromium-basic/offer.sdp"),
        &fixture("real/chromium-basic/answer.final.sdp"),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[I028]: no candidate pair can be formed from 0 local and 2 remote"),
        "{out}"
    );
    assert!(
        out.contains("offer.sdp has no a=candidate lines for mid 0,1,2")
            && out.contains("give them with --offer-candidates FILE"),
        "{out}"
    );
    // The answer's final description says gathering ended: no hint for it.
    assert!(!out.contains("--answer-candidates"), "{out}");
}

#[test]
fn trickled_candidates_are_placed_as_add_ice_candidate_places_them() {
    // Hand-written (RFC 5737 documentation addresses): two unbundled m-sections, so two
    // transports; the offer's candidates all trickled.
    let section = |mid: &str, ufrag: &str, port: u16, candidate: Option<&str>| {
        format!(
            "m=audio {port} UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 192.0.2.1\r\na=mid:{mid}\r\n\
             a=ice-ufrag:{ufrag}\r\na=ice-pwd:pwdpwdpwdpwdpwdpwdpwdpwd\r\n\
             a=fingerprint:sha-256 {fp}\r\na=setup:{setup}\r\na=rtcp-mux\r\n\
             a=rtpmap:111 opus/48000/2\r\n{cand}",
            fp = ["AB"; 32].join(":"),
            setup = if candidate.is_some() {
                "active"
            } else {
                "actpass"
            },
            cand = candidate.map_or(String::new(), |c| format!(
                "a={c}\r\na=end-of-candidates\r\n"
            )),
        )
    };
    let head = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";
    let offer = format!(
        "{head}{}{}",
        section("a", "ufA", 9, None),
        section("b", "ufB", 9, None)
    );
    let answer = format!(
        "{head}{}{}",
        section(
            "a",
            "anA",
            6000,
            Some("candidate:9 1 udp 2122260223 192.0.2.2 6000 typ host")
        ),
        section(
            "b",
            "anB",
            6002,
            Some("candidate:9 1 udp 2122260223 192.0.2.2 6002 typ host")
        )
    );
    let trickle = [
        r#"{"candidate":"candidate:1 1 udp 2122260223 192.0.2.1 5000 typ host","sdpMid":"a"}"#,
        r#"{"candidate":"candidate:2 1 udp 2122260223 192.0.2.1 5002 typ host","sdpMLineIndex":1}"#,
        r#""candidate:3 1 udp 2122260223 192.0.2.1 5004 typ host""#,
        r#"{"candidate":"candidate:4 1 udp 2122260223 192.0.2.1 5006 typ host","sdpMid":"zz"}"#,
        r#"{"candidate":"candidate:5 1 udp 2122260223 192.0.2.1 5008 typ host ufrag OLD","sdpMid":"a"}"#,
    ]
    .join("\n");
    let dir = std::env::temp_dir().join(format!("rtcinspect-trickle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = |n: &str| dir.join(n).to_string_lossy().into_owned();
    std::fs::write(path("offer.sdp"), offer).unwrap();
    std::fs::write(path("answer.sdp"), answer).unwrap();
    std::fs::write(path("offer.jsonl"), trickle).unwrap();
    let args = [
        "candidate",
        "--json",
        "--pairs",
        &path("offer.sdp"),
        &path("answer.sdp"),
        "--offer-candidates",
        &path("offer.jsonl"),
    ];
    let (out, code) = run(&args);
    // The JSON candidate naming no m-section is an error of its own (addIceCandidate()
    // rejects it), reported by the reader.
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let t = &v["trickled"]["offer"];
    assert_eq!(
        t["diagnostics"][0]["name"], "missing-sdp-mid-and-index",
        "{t}"
    );
    assert_eq!(
        (
            &t["read"],
            &t["used"],
            &t["no_section_named"],
            &t["unknown_section"],
            &t["other_ufrag"]
        ),
        (
            &serde_json::json!(5),
            &serde_json::json!(2),
            &serde_json::json!(1),
            &serde_json::json!(1),
            &serde_json::json!(1)
        ),
        "{t}"
    );
    // Candidate 1 (sdpMid a) in transport a, candidate 2 (sdpMLineIndex 1) in transport b.
    let lists = check_lists(&out);
    assert_eq!(lists.len(), 4, "{lists:?}");
    assert_eq!(lists[0].0, r#"["a"] offerer"#);
    assert!(lists[0].1[0].starts_with("host 192.0.2.1:5000 udp -> host 192.0.2.2:6000 udp"));
    assert_eq!(lists[2].0, r#"["b"] offerer"#);
    assert!(lists[2].1[0].starts_with("host 192.0.2.1:5002 udp -> host 192.0.2.2:6002 udp"));
    assert!(lists.iter().all(|(_, rows)| rows.len() == 1), "{lists:?}");

    let (text, _) = run(&[&args[..1], &["--color", "never"], &args[2..]].concat());
    assert!(
        text.starts_with(
            "offer: 5 trickled candidate(s) from ".to_string().as_str()
        ) && text.contains(
            "2 used, 1 for another ufrag (left out), 1 naming an m-section the description lacks, \
             1 without sdpMid or sdpMLineIndex (several transports: left out)"
        ),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
