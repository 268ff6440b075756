//! `rtcinspect stun` on the RFC 5769 / RFC 8489 vectors (fixtures/vectors/stun-vectors.json).

use assert_cmd::Command;
use std::path::PathBuf;

fn vectors() -> serde_json::Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/vectors/stun-vectors.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn run(args: &[&str], stdin: &str) -> (String, String, i32) {
    let out = Command::cargo_bin("rtcinspect")
        .unwrap()
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn short_term_vector_verifies_and_a_wrong_pwd_fails() {
    let v = &vectors()["rfc5769_2_1_sample_request"];
    let hex = v["hex"].as_str().unwrap();
    let pwd = v["password"].as_str().unwrap();
    let (out, _, code) = run(&["stun", "--color", "never", "--pwd", pwd, hex], "");
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Binding Request, length 88 bytes, transaction ID b7e7a701bc34d686fa87dfae"),
        "{out}"
    );
    assert!(
        out.contains("\"evtj:h6vY\"") && out.contains("1845494271"),
        "{out}"
    );
    assert!(
        out.contains("MESSAGE-INTEGRITY            ok")
            && out.contains("FINGERPRINT                  ok"),
        "{out}"
    );
    let (out, _, code) = run(
        &["stun", "--color", "never", "--pwd", "not-the-password", hex],
        "",
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("MISMATCH: computed")
            && out.contains("message has 9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"),
        "{out}"
    );
    // The hint names whose password signs a request: the receiver, first in USERNAME
    // (RFC 8445 §7.2.2), here "evtj".
    assert!(
        out.contains(
            "= help: the request is signed with the a=ice-pwd of the agent that receives it: \
             the one whose a=ice-ufrag is \"evtj\" (first in USERNAME)"
        ),
        "{out}"
    );
    // A response is signed by its sender; with the right password there is no hint.
    let r = &vectors()["rfc5769_2_2_sample_ipv4_response"];
    let rhex = r["hex"].as_str().unwrap();
    let (out, _, _) = run(&["stun", "--color", "never", "--pwd", "wrong", rhex], "");
    assert!(
        out.contains("= help: a response is signed with the a=ice-pwd of the agent that sends it"),
        "{out}"
    );
    let (out, _, code) = run(&["stun", "--color", "never", "--pwd", pwd, hex], "");
    assert!(code == 0 && !out.contains("= help"), "{out}");
}

#[test]
fn long_term_vector_verifies() {
    let v = &vectors()["rfc5769_2_4_sample_request_long_term"];
    let (out, _, code) = run(
        &[
            "stun",
            "--color",
            "never",
            "--username",
            v["username"].as_str().unwrap(),
            "--realm",
            v["realm"].as_str().unwrap(),
            "--password",
            v["password_before_saslprep"].as_str().unwrap(),
            v["hex"].as_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("MESSAGE-INTEGRITY            ok"), "{out}");
}

#[test]
fn several_messages_and_dump_forms_from_stdin() {
    let vs = vectors();
    let a = vs["rfc5769_2_2_sample_ipv4_response"]["hex"]
        .as_str()
        .unwrap();
    let b = vs["rfc5769_2_3_sample_ipv6_response"]["hex"]
        .as_str()
        .unwrap();
    let (out, _, code) = run(&["stun", "--json", "-"], &format!("{a}\n{b}\n"));
    assert_eq!(code, 0, "{out}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j.as_array().unwrap().len(), 2);
    let xma = |m: &serde_json::Value| {
        m["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == "XOR-MAPPED-ADDRESS")
            .unwrap()["value"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(xma(&j[0]).contains("192.0.2.1:32853"), "{out}");
    assert!(
        xma(&j[1]).contains("[2001:db8:1234:5678:11:2233:4455:6677]:32853"),
        "{out}"
    );
    // The same first message as `hexdump -C` prints it.
    let bytes: Vec<u8> = (0..a.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&a[i..i + 2], 16).unwrap())
        .collect();
    let mut dump = String::new();
    for (i, chunk) in bytes.chunks(16).enumerate() {
        let hex: Vec<String> = chunk.iter().map(|c| format!("{c:02x}")).collect();
        let ascii: String = chunk
            .iter()
            .map(|&c| if c.is_ascii_graphic() { c as char } else { '.' })
            .collect();
        dump += &format!("{:08x}  {}  |{ascii}|\n", i * 16, hex.join(" "));
    }
    let (out, _, code) = run(&["stun", "--color", "never", "-"], &dump);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("<stdin>:1: Binding Success Response, length 60 bytes"),
        "{out}"
    );
}

#[test]
fn errors_name_the_byte_offset_and_captures_are_redirected() {
    let (out, _, code) = run(&["stun", "--color", "never", "0001005821"], "");
    assert_eq!(code, 1);
    assert!(
        out.contains("byte 0: header: needs 20 bytes, 5 available"),
        "{out}"
    );
    let pcap =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/real/aiortc-basic/capture.pcap");
    let (_, err, code) = run(&["stun", pcap.to_str().unwrap()], "");
    assert_eq!(code, 2);
    assert!(err.contains("rtcinspect pcap"), "{err}");
}
