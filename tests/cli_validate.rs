//! `rtcinspect validate` and `rtcinspect explain`, the real binary: exit statuses, the text
//! rendering, the `--json` document, `--deny/--warn/--allow/--strict`, stdin, dumps.

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

fn fixture(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn run(args: &[&str]) -> (String, String, i32) {
    let out = Command::cargo_bin("rtcinspect")
        .unwrap()
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn json(args: &[&str]) -> (Value, i32) {
    let (out, err, code) = run(args);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (v, code)
}

#[test]
fn a_real_offer_is_clean_and_exits_0() {
    let p = fixture("real/chromium-basic/offer.sdp");
    let (out, _, code) = run(&["validate", &p]);
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with(": 0 errors, 0 warnings, 0 notes\n"), "{out}");
}

#[test]
fn errors_exit_1_with_the_line_and_carets() {
    // S005.sdp: `a=sctp-port:5000a`, line 16, the `a` at column 17.
    let p = fixture("rules/S005.sdp");
    let (out, _, code) = run(&["validate", "--color", "never", &p]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("error[S005]: invalid a=sctp-port"), "{out}");
    assert!(out.contains("S005.sdp:16:17\n"), "{out}");
    assert!(out.contains("16 | a=sctp-port:5000a\n"), "{out}");
    assert!(out.contains("^ invalid-attribute-value"), "{out}");
    assert!(out.contains("= note: RFC 8866 §6"), "{out}");
    assert!(
        out.ends_with("S005.sdp: 1 error, 0 warnings, 0 notes\n"),
        "{out}"
    );
    assert!(!out.contains('\x1b'));
    let (out, _, _) = run(&["validate", "--color", "always", &p]);
    assert!(out.contains("\x1b["), "--color always paints");
}

#[test]
fn warnings_exit_0_unless_strict_or_denied() {
    let p = fixture("rules/S006.sdp"); // one empty line: S006 empty-line, a warning
    let (_, _, code) = run(&["validate", &p]);
    assert_eq!(code, 0);
    let (_, _, code) = run(&["validate", "--strict", &p]);
    assert_eq!(code, 1);
    let (v, code) = json(&["validate", "--json", "--deny", "empty-line", &p]);
    assert_eq!(code, 1);
    assert_eq!(v["findings"][0]["severity"], "error");
    // --allow drops it (by code, any case); --deny wins over --allow for the same rule.
    let (v, code) = json(&["validate", "--json", "--allow", "s006", &p]);
    assert_eq!((code, v["findings"].as_array().unwrap().len()), (0, 0));
    assert_eq!(v["counts"]["warning"], 0);
    let (_, _, code) = run(&["validate", "--allow", "S006", "--deny", "S006", &p]);
    assert_eq!(code, 1);
    // An error turned into a warning no longer fails.
    let (_, _, code) = run(&["validate", "--warn", "S005", &fixture("rules/S005.sdp")]);
    assert_eq!(code, 0);
}

#[test]
fn unknown_rule_names_and_missing_files_are_usage_errors() {
    let p = fixture("rules/S006.sdp");
    let (out, err, code) = run(&["validate", "--deny", "no-such-rule", &p]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("unknown rule `no-such-rule`"), "{err}");
    assert!(err.contains("explain --list"), "{err}");
    let (_, err, code) = run(&["validate", "/nonexistent/offer.sdp"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read /nonexistent/offer.sdp"), "{err}");
    let (_, _, code) = run(&["validate", "--previous", &p, &p]);
    assert_eq!(code, 2, "--previous needs --answer");
}

#[test]
fn json_document_shape() {
    let p = fixture("rules/S007.sdp"); // `c=` after `a=ice-ufrag`: line 10
    let (v, code) = json(&["validate", "--json", &p]);
    assert_eq!(code, 0);
    assert_eq!(v["inputs"][0]["origin"], p.as_str());
    assert_eq!(v["inputs"][0]["kind"], "SDP text");
    assert_eq!(v["inputs"][0]["source"], "whole input");
    assert_eq!(v["inputs"][0]["role"], "description");
    let f = &v["findings"][0];
    assert_eq!(f["code"], "S007");
    assert_eq!(f["name"], "line-out-of-order");
    assert_eq!(f["severity"], "warning");
    assert_eq!(
        (f["input"].as_u64(), f["line"].as_u64()),
        (Some(0), Some(10))
    );
    assert_eq!(f["column"], 1);
    // Byte offsets into the text: the `c` of the line.
    let text = std::fs::read_to_string(&p).unwrap();
    let start = f["start"].as_u64().unwrap() as usize;
    assert_eq!(&text[start..f["end"].as_u64().unwrap() as usize], "c");
    assert!(text[start..].starts_with("c=IN IP4 0.0.0.0"));
    assert_eq!(f["secondary"], Value::Array(vec![]));
    assert_eq!(f["help"], Value::Null);
    assert_eq!(f["reference"], "RFC 8866 §5");
    assert_eq!(
        v["counts"],
        serde_json::json!({"error": 0, "warning": 1, "note": 0})
    );
    assert!(v.get("negotiation").is_none(), "only with --answer");
}

#[test]
fn pair_mode_and_stdin() {
    let o = fixture("real/firefox-offer-chromium-answer/offer.sdp");
    let a = fixture("real/firefox-offer-chromium-answer/answer.sdp");
    let (v, code) = json(&["validate", "--json", &o, "--answer", &a]);
    assert_eq!(code, 0, "{v}");
    let roles: Vec<&str> = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["offer", "answer"]);
    assert!(v.get("negotiation").is_some());
    let (out, _, code) = run(&["validate", &o, "--answer", &a, "--previous", &o]);
    assert_eq!(code, 0);
    assert!(out.contains(" + "), "{out}");

    // stdin: `-`, named <stdin> in the findings.
    let out = Command::cargo_bin("rtcinspect")
        .unwrap()
        .args(["validate", "--color", "never", "-"])
        .write_stdin(std::fs::read(fixture("rules/S013.sdp")).unwrap())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("--> <stdin>:3:4"), "{text}");
}

#[test]
fn not_utf8_is_a_finding_not_an_io_error() {
    let (out, _, code) = run(&["validate", "--color", "never", &fixture("rules/S001.sdp")]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("error[S001]: byte 458 is not valid UTF-8"),
        "{out}"
    );
}

#[test]
fn a_webrtc_internals_dump_with_select() {
    let p = fixture("real/chromium-basic/offer.webrtc-internals.json");
    let (v, code) = json(&["validate", "--json", "--select", "type=offer", &p]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["inputs"][0]["kind"], "chrome://webrtc-internals dump");
    assert_eq!(v["inputs"][0]["sdp_type"], "offer");
    assert!(v["inputs"][0]["source"]
        .as_str()
        .unwrap()
        .starts_with("peer connection"));
}

#[test]
fn explain_by_code_and_name_and_list() {
    let (out, _, code) = run(&["explain", "s006"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("# S006 empty-line\nDefault severity: warning"),
        "{out}"
    );
    for section in [
        "## What",
        "## Why it breaks calls",
        "## Example",
        "## Reference",
    ] {
        assert!(out.contains(section), "{section}");
    }
    let (by_name, _, _) = run(&["explain", "EMPTY-LINE"]);
    assert_eq!(by_name, out);
    let (out, _, code) = run(&["explain", "--list"]);
    assert_eq!(code, 0);
    assert!(out.contains("I029") && out.contains("check-list-truncated"));
    let (v, _) = json(&["explain", "--list", "--json"]);
    assert_eq!(v[0]["code"], "S001");
    assert_eq!(v[0]["severity"], "error");
    let (out, err, code) = run(&["explain", "whitespace"]);
    assert_eq!((out.as_str(), code), ("", 2));
    assert!(err.contains("S011 stray-whitespace"), "hint: {err}");
    let (_, _, code) = run(&["explain"]);
    assert_eq!(code, 2);
}

#[test]
fn one_dump_gives_both_sides_of_the_pair() {
    // Chromium's dump of either peer holds the offer and the answer: with --answer the input
    // gives its offer and the answer input its answer (not the same description twice, which
    // made the offer look like an answer that left a=setup at actpass).
    for side in ["offer", "answer"] {
        let dump = fixture(&format!("real/chromium-basic/{side}.webrtc-internals.json"));
        let (v, code) = json(&["validate", "--json", &dump, "--answer", &dump]);
        assert_eq!(code, 0, "{side}: {v}");
        let inputs = v["inputs"].as_array().unwrap();
        assert_eq!(
            (
                inputs[0]["sdp_type"].as_str(),
                inputs[1]["sdp_type"].as_str()
            ),
            (Some("offer"), Some("answer")),
            "{side}: {v}"
        );
        assert_eq!(v["counts"]["error"], 0, "{side}: {v}");
    }
}
