//! The real binary on real fixtures: tables, JSON with spans, stdin, --emit identity, dumps,
//! JSON-wrapped descriptions, exit statuses.

use assert_cmd::Command;
use std::path::PathBuf;

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn rtc() -> Command {
    Command::cargo_bin("rtcinspect").unwrap()
}

fn stdout(args: &[&str]) -> (String, i32) {
    let out = rtc().args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn sdp_shows_the_session_and_media_tables_of_a_real_offer() {
    let p = fixture("real/aiortc-basic/offer.sdp");
    let (out, code) = stdout(&["sdp", p.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    // Values from the offer itself (aiortc 1.16.0).
    for want in [
        "group BUNDLE",
        "0 1",
        "ufrag Zsrc",
        "96 opus/48000/2",
        "UDP/DTLS/SCTP",
        "port 5000",
        "max 262144 B",
        "2 host/udp",
        "actpass",
        "sha-256 14:C0…2D:07 (+2 more)",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    assert!(
        out.contains("1 audio-level") || out.contains("2 audio-level"),
        "{out}"
    );
}

#[test]
fn sdp_tells_apart_payload_types_of_one_codec_by_their_fmtp() {
    let p = fixture("real/chromium-basic/offer.sdp");
    let (out, code) = stdout(&["sdp", p.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    // From the offer's own lines (Chromium 156): six H264 payload types whose fmtp differ in
    // packetization-mode and profile-level-id only, two VP9 in profile-id, one AV1 and one VP8.
    for want in [
        "102 H264/90000 packetization-mode=1 profile-level-id=42001f +rtx 103",
        "104 H264/90000 packetization-mode=0 profile-level-id=42001f +rtx 107",
        "108 H264/90000 packetization-mode=1 profile-level-id=42e01f +rtx 109",
        "39 H264/90000 packetization-mode=0 profile-level-id=4d001f +rtx 40",
        "98 VP9/90000 profile-id=0 +rtx 99",
        "100 VP9/90000 profile-id=2 +rtx 101",
        "45 AV1/90000 +rtx 46",
        "96 VP8/90000 +rtx 97",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    // The same in every H264 payload type: not what tells them apart.
    assert!(!out.contains("level-asymmetry-allowed"), "{out}");
}

#[test]
fn emit_is_byte_identical_and_reads_stdin() {
    let p = fixture("real/ndc-basic/answer.sdp");
    let bytes = std::fs::read(&p).unwrap();
    let out = rtc()
        .args(["sdp", "--emit", "-"])
        .write_stdin(bytes.clone())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, bytes);
}

#[test]
fn emit_canonical_writes_crlf_in_rfc_order() {
    let p = fixture("synthetic/out-of-order.sdp");
    let (out, _) = stdout(&["sdp", "--emit", "--canonical", p.to_str().unwrap()]);
    assert!(out.starts_with("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=audio"), "{out}");
    assert!(
        out.ends_with("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"),
        "{out}"
    );
}

#[test]
fn json_gives_the_model_with_spans() {
    let p = fixture("real/aiortc-basic/answer.sdp");
    let (out, code) = stdout(&["sdp", "--json", p.to_str().unwrap()]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let media = v["session"]["media"].as_array().unwrap();
    assert_eq!(media.len(), 2);
    let first = &media[0]["lines"][0];
    assert_eq!(first["value"]["type"], "media");
    assert_eq!(first["value"]["value"]["media"]["text"], "audio");
    assert_eq!(first["text"]["span"]["line"], 7);
    assert_eq!(first["text"]["span"]["column"], 1);
    let mid = media[0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["value"]["value"]["parsed"]["kind"] == "mid")
        .unwrap();
    assert_eq!(mid["value"]["value"]["parsed"]["value"]["text"], "0");
}

#[test]
fn lines_lists_every_line() {
    let p = fixture("synthetic/grammar-errors.sdp");
    let (out, code) = stdout(&["sdp", "--lines", p.to_str().unwrap()]);
    assert_eq!(code, 1, "error-level findings exit 1");
    assert!(
        out.contains("a=rtpmap INVALID: expected a clock rate (Hz) at 8:19"),
        "{out}"
    );
    assert!(
        out.contains("a=x-unknown-thing (unknown, kept raw)"),
        "{out}"
    );
    assert!(out.contains("a=rtpmap (typed)"), "{out}");
}

#[test]
fn findings_point_at_line_and_column_with_a_caret() {
    let p = fixture("synthetic/grammar-errors.sdp");
    let (out, code) = stdout(&["sdp", "--color", "never", p.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[S005]: invalid a=rtpmap: expected a clock rate (Hz)"),
        "{out}"
    );
    assert!(out.contains("grammar-errors.sdp:8:19"), "{out}");
    assert!(
        out.contains("8 | a=rtpmap:111 opus/x/2\n  |                   ^ invalid-attribute-value"),
        "{out}"
    );
    assert!(out.contains("4 error(s), 0 warning(s)"), "{out}");
}

#[test]
fn strict_makes_structure_warnings_fail() {
    let p = fixture("synthetic/missing-s-and-t.sdp");
    assert_eq!(stdout(&["sdp", p.to_str().unwrap()]).1, 0);
    assert_eq!(stdout(&["sdp", "--strict", p.to_str().unwrap()]).1, 1);
}

#[test]
fn json_wrapped_description_from_stdin() {
    let sdp = std::fs::read_to_string(fixture("real/aiortc-basic/offer.sdp")).unwrap();
    let json = serde_json::json!({"type": "offer", "sdp": sdp}).to_string();
    let out = rtc()
        .args(["sdp", "--emit", "-"])
        .write_stdin(json)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), sdp);
}

#[test]
fn webrtc_internals_dump_is_listed_and_selectable() {
    let dumps: Vec<PathBuf> = glob_dumps();
    assert!(
        !dumps.is_empty(),
        "the Chromium fixtures carry webrtc-internals dumps"
    );
    for d in dumps {
        let (list, code) = stdout(&["sdp", "--list", d.to_str().unwrap()]);
        assert_eq!(code, 0);
        assert!(list.contains("setLocalDescription"), "{list}");
        let (out, code) = stdout(&["sdp", "--select", "type=offer", d.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("offer"), "{out}");
    }
}

fn glob_dumps() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(fixture("real")) else {
        return out;
    };
    for e in rd.flatten() {
        if let Ok(inner) = std::fs::read_dir(e.path()) {
            for f in inner.flatten() {
                if f.file_name()
                    .to_string_lossy()
                    .ends_with("webrtc-internals.json")
                {
                    out.push(f.path());
                }
            }
        }
    }
    out
}

#[test]
fn usage_and_io_errors_exit_2_and_say_what_to_do() {
    let out = rtc()
        .args(["sdp", "/nonexistent/offer.sdp"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/offer.sdp"));
    let out = rtc().args(["sdp"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let pcap = fixture("real/aiortc-basic/capture.pcap");
    let out = rtc()
        .args(["sdp", pcap.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .to_lowercase()
            .contains("pcap"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
