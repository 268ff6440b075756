//! `rtcinspect diff` as a user runs it: exit statuses like diff(1), text per section with the
//! places in A and B, colours, JSON shape, stdin, webrtc-internals selection, bad arguments.

use assert_cmd::Command;
use std::path::PathBuf;

fn fixture(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
        .display()
        .to_string()
}

fn run(args: &[&str]) -> (String, String, i32) {
    let out = Command::cargo_bin("rtcinspect")
        .unwrap()
        .arg("diff")
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

const BASE: &str = "real/chromium-basic/offer.sdp";

#[test]
fn no_difference_exits_0() {
    let (out, _, code) = run(&[&fixture(BASE), &fixture("diff-munged/shuffled.sdp")]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no semantic difference"), "{out}");
    let (out, _, code) = run(&[&fixture(BASE), &fixture(BASE)]);
    assert_eq!(code, 0);
    assert!(out.contains("no difference (identical text)"), "{out}");
}

#[test]
fn differences_exit_1_and_show_each_change_with_both_places() {
    let (out, _, code) = run(&[&fixture(BASE), &fixture("diff-munged/pt-renumbered.sdp")]);
    assert_eq!(code, 1, "{out}");
    let body: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(
        body,
        [
            "section 1 mid=1 video (A:39:1, B:39:1)",
            "  ~ A:64:10 B:64:10  codec VP8/90000 payload type: 96 → 35",
            "  ~ A:70:10 B:70:10  codec rtx/90000 payload type: 97 → 36",
            "2 difference(s): 0 added, 0 removed, 2 changed",
        ]
    );
    assert!(out.starts_with("--- "), "{out}");
    assert!(out.lines().nth(1).unwrap().starts_with("+++ "), "{out}");
}

#[test]
fn added_and_removed_items_show_the_side_that_has_them() {
    let (out, _, code) = run(&[&fixture(BASE), &fixture("diff-munged/codec-removed.sdp")]);
    assert_eq!(code, 1);
    assert!(out.contains("  - A:32:1  codec 0 PCMU/8000\n"), "{out}");
    let (out, _, _) = run(&[&fixture(BASE), &fixture("diff-munged/bandwidth-added.sdp")]);
    assert!(out.contains("  + B:41:1  bandwidth b=AS:500\n"), "{out}");
}

#[test]
fn ignore_and_munge_leave_fields_out() {
    let a = fixture(BASE);
    let b = fixture("real/chromium-mdns/offer.sdp");
    let (_, _, code) = run(&[&a, &b]);
    assert_eq!(code, 1);
    let (out, _, code) = run(&["--ignore", "volatile", &a, &b]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("ignored: origin, candidates, ice, fingerprint, ssrc, msid"),
        "{out}"
    );
    let (out, _, code) = run(&[
        "--ignore",
        "origin,candidates,ice",
        "--ignore",
        "fingerprint",
        "--ignore=msid",
        &a,
        &b,
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("ssrc 1731307417"), "{out}");
    assert!(!out.contains("ice-ufrag"), "{out}");
    let final_sdp = fixture("real/chromium-basic/offer.final.sdp");
    assert_eq!(run(&[&a, &final_sdp]).2, 1);
    let (out, _, code) = run(&["--munge", &a, &final_sdp]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ignored: origin-version, candidates"), "{out}");
}

#[test]
fn webrtc_internals_dump_sides_are_selected() {
    let dump = fixture("real/chromium-basic/offer.webrtc-internals.json");
    let (out, _, code) = run(&[
        "--munge",
        "--select-a",
        "createOfferOnSuccess",
        "--select-b",
        "setLocalDescription",
        &dump,
        &dump,
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("updateLog[6] createOfferOnSuccess"), "{out}");
    assert!(out.contains("updateLog[8] setLocalDescription"), "{out}");
    // Offer (index 1) against the remote answer (index 2) of the same dump.
    let (out, _, code) = run(&["--select-a", "1", "--select-b", "2", &dump, &dump]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("setup: actpass → active"), "{out}");
}

#[test]
fn stdin_is_read_for_dash() {
    let out = Command::cargo_bin("rtcinspect")
        .unwrap()
        .args(["diff", &fixture(BASE), "-"])
        .write_stdin(std::fs::read(fixture("diff-munged/direction-changed.sdp")).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("+++ <stdin>"), "{text}");
    assert!(text.contains("direction: sendrecv → sendonly"), "{text}");
}

#[test]
fn trouble_exits_2() {
    let (_, err, code) = run(&[&fixture(BASE), "/nonexistent/b.sdp"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read /nonexistent/b.sdp"), "{err}");
    let (_, err, code) = run(&["--ignore", "ports", &fixture(BASE), &fixture(BASE)]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown field `ports`"), "{err}");
    assert!(err.contains("volatile"), "{err}");
    let dump = fixture("real/chromium-basic/offer.webrtc-internals.json");
    let (_, err, code) = run(&["--select-a", "9", &dump, &dump]);
    assert_eq!(code, 2);
    assert!(err.contains("no description [9]"), "{err}");
    let (_, _, code) = run(&[&fixture(BASE)]);
    assert_eq!(code, 2, "B is required");
}

#[test]
fn colours_follow_color_and_no_color() {
    let args = [fixture(BASE), fixture("diff-munged/codec-removed.sdp")];
    let (out, _, _) = run(&["--color", "always", &args[0], &args[1]]);
    assert!(out.contains("\x1b[31m-\x1b[0m"), "{out:?}");
    let (out, _, _) = run(&["--color", "never", &args[0], &args[1]]);
    assert!(!out.contains('\x1b'), "{out:?}");
    // auto: not a terminal here, so no colour; NO_COLOR set changes nothing either.
    let out = Command::cargo_bin("rtcinspect")
        .unwrap()
        .args(["diff", &args[0], &args[1]])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains('\x1b'));
}

#[test]
fn json_has_the_documented_shape() {
    let (out, _, code) = run(&[
        "--json",
        "--munge",
        &fixture(BASE),
        &fixture("diff-munged/extmap-id-changed.sdp"),
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["equal"], false);
    assert_eq!(v["same_text"], false);
    assert_eq!(
        v["counts"],
        serde_json::json!({"added": 0, "removed": 0, "changed": 1})
    );
    assert_eq!(
        v["ignored"],
        serde_json::json!(["origin-version", "candidates"])
    );
    assert_eq!(v["a"]["input"], fixture(BASE));
    assert_eq!(v["a"]["source"], "whole input");
    assert_eq!(v["a"]["sdp_type"], serde_json::Value::Null);
    assert_eq!(v["session"], serde_json::json!([]));
    let sections = v["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 3);
    assert_eq!(sections[0]["status"], "unchanged");
    assert_eq!(sections[1]["status"], "changed");
    assert_eq!(sections[1]["a"]["mid"], "1");
    assert_eq!(sections[1]["a"]["kind"], "video");
    assert_eq!(sections[1]["a"]["index"], 1);
    assert_eq!(sections[1]["b"]["span"]["line"], 39);
    assert_eq!(
        sections[1]["changes"],
        serde_json::json!([{
            "kind": "changed",
            "item": "extmap",
            "key": "urn:3gpp:video-orientation",
            "property": "id",
            "a": {"text": "13", "span": {"start": 1829, "end": 1831, "line": 50, "column": 10}},
            "b": {"text": "12", "span": {"start": 1829, "end": 1831, "line": 50, "column": 10}}
        }])
    );
    // The byte offsets point at the id in both files.
    let a = std::fs::read_to_string(fixture(BASE)).unwrap();
    assert_eq!(&a[1829..1831], "13");
    let b = std::fs::read_to_string(fixture("diff-munged/extmap-id-changed.sdp")).unwrap();
    assert_eq!(&b[1829..1831], "12");
}

#[test]
fn help_shows_examples() {
    let out = Command::cargo_bin("rtcinspect")
        .unwrap()
        .args(["diff", "--help"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Examples:"), "{text}");
    assert!(text.contains("--munge"), "{text}");
    assert!(
        text.contains("Exit status: 0 no difference, 1 differences, 2 trouble"),
        "{text}"
    );
}
