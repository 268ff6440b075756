//! `rtcinspect pcap` run as a binary: flows and packets of a real capture (the numbers are
//! tshark's: fixtures/capture-expected/counts.txt and the ndc-basic README's flows), stdin,
//! filters, JSON, exit statuses on damaged files.

use assert_cmd::Command;

const F: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

fn run(args: &[&str], stdin: Option<Vec<u8>>) -> (String, i32) {
    let mut cmd = Command::cargo_bin("rtcinspect").unwrap();
    cmd.args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn flows_json_of_a_real_call() {
    let path = format!("{F}/real/ndc-basic/capture.pcap");
    let (out, code) = run(&["pcap", "--flows", "--json", &path], None);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["summary"]["records"], 853);
    assert_eq!(doc["summary"]["format"], "pcap");
    let flows = doc["flows"].as_array().unwrap();
    // tshark -z conv,udp: two IPv6 directions (the selected pair) and the IPv4 check pair.
    assert_eq!(flows.len(), 4);
    let stun: u64 = flows
        .iter()
        .map(|f| f["kinds"]["stun"].as_u64().unwrap())
        .sum();
    assert_eq!(stun, 16);
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn packets_from_stdin_with_a_filter() {
    let bytes = std::fs::read(format!("{F}/real/ndc-basic/capture.pcap")).unwrap();
    let (out, code) = run(
        &["pcap", "--packets", "--json", "--filter", "10.99.0.1", "-"],
        Some(bytes),
    );
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The IPv4 pair saw one STUN request and its response (tshark: ip.addr==10.99.0.1 && stun).
    let packets = &lines[..lines.len() - 1];
    assert_eq!(packets.len(), 2);
    assert!(packets
        .iter()
        .all(|p| p["kind"] == "stun" && p["transport"] == "udp"));
    assert_eq!(packets[0]["dst"], "10.99.0.1:34914");
    assert!(lines.last().unwrap()["summary"].is_object());
}

#[test]
fn damaged_files_exit_with_findings() {
    let (out, code) = run(
        &["pcap", "--flows", &format!("{F}/capture-broken/C003.pcap")],
        None,
    );
    assert_eq!(code, 1);
    assert!(out.contains("error[C003]: record 5 at byte 480"), "{out}");
    let (out, code) = run(
        &["pcap", "--flows", &format!("{F}/capture-broken/C001.pcap")],
        None,
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("error[C001]: not a pcap or pcapng capture"),
        "{out}"
    );
    // Warnings only: exit 0.
    let (out, code) = run(
        &["pcap", "--flows", &format!("{F}/capture-broken/C002.pcap")],
        None,
    );
    assert_eq!(code, 0);
    assert!(out.contains("warning[C002]"), "{out}");
    let (_, code) = run(&["pcap", "--filter", "nonsense", "x.pcap"], None);
    assert_eq!(code, 2);
}

#[test]
fn handshake_report_of_a_good_call() {
    let d = format!("{F}/real/aiortc-basic");
    let (out, code) = run(
        &[
            "pcap",
            &format!("{d}/capture.pcap"),
            "--sdp",
            &format!("{d}/offer.sdp"),
            "--sdp",
            &format!("{d}/answer.sdp"),
            "--timeline",
        ],
        None,
    );
    assert_eq!(code, 0, "{out}");
    // The verdict comes first; aiortc-basic/README.txt: selected pair 10.99.0.1:37799 ↔
    // 10.99.0.2:53703, DTLS 1.2, audio both ways.
    let verdict: Vec<&str> = out.lines().skip(2).take(3).collect();
    assert!(
        verdict[0].starts_with(
            "ICE connected on 10.99.0.2:53703 (answerer, host) ↔ 10.99.0.1:37799 (offerer, host)"
        ),
        "{out}"
    );
    assert!(
        verdict[1].starts_with("DTLS 1.2 complete; certificates match a=fingerprint"),
        "{out}"
    );
    assert_eq!(
        verdict[2],
        "Media: audio (mid 0) both ways; application (mid 1) both ways."
    );
    assert!(
        out.contains("Binding request 10.99.0.2:53703 → 10.99.0.1:37799 [answerer] USERNAME"),
        "{out}"
    );
}

#[test]
fn handshake_report_of_a_failed_call_as_json() {
    // The answerer drops all UDP from the offerer (fixtures/real/pcap/aiortc-fail-fw-drop-all-b).
    let d = format!("{F}/real/pcap/aiortc-fail-fw-drop-all-b");
    let (out, code) = run(
        &[
            "pcap",
            "--json",
            &format!("{d}/capture.pcap"),
            "--sdp",
            &format!("{d}/offer.sdp"),
            "--sdp",
            &format!("{d}/answer.sdp"),
        ],
        None,
    );
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ice = &doc["handshake"]["ice"];
    assert_eq!(ice["outcome"], "failed");
    assert_eq!(ice["cause"]["cause"], "peer-silent");
    assert_eq!(ice["cause"]["sender"], "offerer");
    assert!(doc["verdict"][0]
        .as_str()
        .unwrap()
        .starts_with("ICE failed: only the offerer at"));
    assert_eq!(doc["handshake"]["dtls"]["outcome"], "no-dtls");
    // Without SDPs the report says what it could not check.
    let (out, _) = run(&["pcap", &format!("{d}/capture.pcap")], None);
    assert!(
        out.contains("(no SDP given: MESSAGE-INTEGRITY, fingerprints and m-lines are not checked"),
        "{out}"
    );
}

#[test]
fn sdps_from_a_webrtc_internals_dump_and_the_dtls_timeline() {
    // Chromium's dump holds the offer and the answer; browsers negotiate DTLS 1.3.
    let d = format!("{F}/real/chromium-basic");
    let (out, code) = run(
        &[
            "pcap",
            &format!("{d}/capture.pcap"),
            "--sdp",
            &format!("{d}/offer.webrtc-internals.json"),
            "--timeline",
        ],
        None,
    );
    assert_eq!(code, 0, "{out}");
    // The dump's descriptions are those of trickle ICE (no a=candidate lines); the candidates
    // are in the dump too (onicecandidate, addIceCandidate), which types the ends.
    assert!(
        out.contains(
            "ICE connected on [fd99::2]:44974 (answerer, host) ↔ [fd99::1]:37440 (offerer, host)"
        ),
        "{out}"
    );
    assert!(!out.contains("carry no candidates"), "{out}");
    assert!(out.contains("Media: audio (mid 0) both ways; video (mid 1) both ways; application (mid 2) both ways."), "{out}");
    assert!(
        out.contains("DTLS 1.3 complete; fingerprints cannot be checked from the capture"),
        "{out}"
    );
    // ndc-basic (DTLS 1.2): the retransmitted ClientHello of frame 24 is in the timeline.
    let d = format!("{F}/real/ndc-basic");
    let (out, _) = run(
        &[
            "pcap",
            &format!("{d}/capture.pcap"),
            "--sdp",
            &format!("{d}/offer.sdp"),
            "--sdp",
            &format!("{d}/answer.sdp"),
            "--timeline",
        ],
        None,
    );
    assert!(out.contains("#24     DTLS client_hello (message_seq 0) retransmitted [fd99::2]:53667 → [fd99::1]:34914 [client]"), "{out}");
}

#[test]
fn the_report_header_tells_packets_from_capture_records_over_tcp() {
    // ICE over TCP (real/pcap/chromium-ice-tcp): 1314 records (`tshark -r capture.pcap | wc
    // -l`), of which many are bare TCP ACKs; the packets are the 921 RFC 4571 frames of the
    // two TCP connections (verify-ice-tcp.txt: 13+43+637 and 13+41+158 over IPv6, 8 and 8
    // over IPv4) plus the 32 unanswered UDP checks.
    let d = format!("{F}/real/pcap/chromium-ice-tcp");
    let (out, code) = run(
        &[
            "pcap",
            &format!("{d}/capture.pcap"),
            "--sdp",
            &format!("{d}/offer.final.sdp"),
            "--sdp",
            &format!("{d}/answer.final.sdp"),
            "--color",
            "never",
        ],
        None,
    );
    assert_eq!(code, 0, "{out}");
    let first = out.lines().next().unwrap_or_default();
    assert!(
        first.contains("capture.pcap: 953 packets (1314 capture records), "),
        "{first}"
    );
}

#[test]
fn trickled_candidates_type_the_pair_ends() {
    // Chromium trickled its candidates (offer.cands.jsonl, answer.cands.jsonl, captured from
    // onicecandidate): with them the selected pair's ends are the host candidates the final
    // descriptions announce (offer.final.sdp, answer.final.sdp), as without them they are not
    // called peer-reflexive.
    let d = format!("{F}/real/chromium-basic");
    let selected = |extra: &[&str]| {
        let capture = format!("{d}/capture.pcap");
        let mut args = vec!["pcap", capture.as_str(), "--json"];
        args.extend_from_slice(extra);
        let (out, code) = run(&args, None);
        assert_eq!(code, 0, "{out}");
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        let h = &doc["handshake"];
        let p = &h["pairs"][h["selected"].as_u64().unwrap() as usize];
        [&p["a"], &p["b"]]
            .map(|e| format!("{} {} {}", e["address"], e["side"], e["kind"]))
            .join(" | ")
    };
    let (offer, answer) = (format!("{d}/offer.sdp"), format!("{d}/answer.sdp"));
    let (oc, ac) = (
        format!("{d}/offer.cands.jsonl"),
        format!("{d}/answer.cands.jsonl"),
    );
    let (of, af) = (
        format!("{d}/offer.final.sdp"),
        format!("{d}/answer.final.sdp"),
    );
    let trickled = selected(&[
        "--sdp",
        &offer,
        "--sdp",
        &answer,
        "--offer-candidates",
        &oc,
        "--answer-candidates",
        &ac,
    ]);
    assert_eq!(
        trickled,
        r#""[fd99::2]:44974" "answerer" "host" | "[fd99::1]:37440" "offerer" "host""#
    );
    assert_eq!(trickled, selected(&["--sdp", &of, "--sdp", &af]));
    assert_eq!(
        selected(&["--sdp", &offer, "--sdp", &answer]),
        r#""[fd99::2]:44974" "answerer" null | "[fd99::1]:37440" "offerer" null"#
    );
    // Both from either side's webrtc-internals dump (descriptions and candidates).
    for dump in ["offer", "answer"] {
        let dump = format!("{d}/{dump}.webrtc-internals.json");
        assert_eq!(selected(&["--sdp", &dump]), trickled, "{dump}");
    }
    // Without candidates, the report says why the ends have no type.
    let (out, _) = run(
        &[
            "pcap",
            &format!("{d}/capture.pcap"),
            "--sdp",
            &offer,
            "--sdp",
            &answer,
        ],
        None,
    );
    assert!(
        out.contains(
            "(the offer and the answer carry no candidates, as with trickle ICE: their addresses \
             show no candidate type; give the trickled candidates with --offer-candidates FILE \
             and --answer-candidates FILE)"
        ),
        "{out}"
    );
}

#[test]
fn mdns_candidates_are_resolved_from_the_capture() {
    // Chromium and Firefox announce host candidates under `.local` names (fixtures/README.md:
    // real/chromium-mdns, real/firefox-mdns); the captures hold the mDNS responses. Every
    // name resolves to the lab address of the namespace that announced it (offerer labA:
    // 10.99.0.1 / fd99::1, answerer labB: 10.99.0.2 / fd99::2), and the selected pair's ends
    // are the host candidates of the names, at the ports the pages recorded.
    for (dir, selected_ports) in [
        ("firefox-mdns", [50767, 48434]),
        ("chromium-mdns", [52356, 51654]),
    ] {
        let d = format!("{F}/real/{dir}");
        let (out, code) = run(
            &[
                "pcap",
                &format!("{d}/capture.pcap"),
                "--json",
                "--sdp",
                &format!("{d}/offer.sdp"),
                "--sdp",
                &format!("{d}/answer.sdp"),
                "--offer-candidates",
                &format!("{d}/offer.cands.jsonl"),
                "--answer-candidates",
                &format!("{d}/answer.cands.jsonl"),
            ],
            None,
        );
        assert_eq!(code, 0, "{dir}: {out}");
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        let h = &doc["handshake"];
        let resolved: Vec<&serde_json::Value> = h["peers"]["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["mdns_name"].is_string())
            .collect();
        assert!(resolved.len() >= 2, "{dir}: {resolved:?}");
        for c in &resolved {
            let ip = c["address"].as_str().unwrap();
            let lab = match c["side"].as_str().unwrap() {
                "offerer" => ["10.99.0.1:", "[fd99::1]:"],
                _ => ["10.99.0.2:", "[fd99::2]:"],
            };
            assert!(lab.iter().any(|p| ip.starts_with(p)), "{dir}: {c}");
            assert!(
                c["mdns_name"].as_str().unwrap().ends_with(".local"),
                "{dir}: {c}"
            );
        }
        let p = &h["pairs"][h["selected"].as_u64().unwrap() as usize];
        let mut ports = Vec::new();
        for end in [&p["a"], &p["b"]] {
            assert_eq!(
                (&end["kind"], &end["mdns"]),
                (&serde_json::json!("host"), &serde_json::json!(true)),
                "{dir}: {end}"
            );
            let addr: std::net::SocketAddr = end["address"].as_str().unwrap().parse().unwrap();
            ports.push(addr.port());
        }
        assert_eq!(ports, selected_ports, "{dir}");
        // The port is that of a `.local` candidate the page recorded for that side.
        let side_file =
            |side: &str| std::fs::read_to_string(format!("{d}/{side}.cands.jsonl")).unwrap();
        for (end, port) in [&p["a"], &p["b"]].iter().zip(ports) {
            let file = if end["side"] == "offerer" {
                side_file("offer")
            } else {
                side_file("answer")
            };
            assert!(
                file.lines().any(
                    |l| l.contains(".local ") && l.contains(&format!(".local {port} typ host"))
                ),
                "{dir}: port {port}"
            );
        }
    }
}
