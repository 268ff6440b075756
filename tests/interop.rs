//! Differential test against the webrtc-rs `sdp` crate, over every `*.sdp` file under
//! `fixtures/` (recursively, so fixtures added later are checked too).
//!
//! For each fixture:
//! 1. `sdp::SessionDescription::unmarshal` either rejects it (a finding `rejects: <error>`),
//!    panics (`panics: ...`), or accepts it; then both parsers must agree on the media count,
//!    each section's media/port/proto/formats, mid, codecs (payload type → encoding name,
//!    clock rate, channels; and fmtp), attribute names and values in order, ICE ufrag/pwd,
//!    fingerprints and candidate count. Every disagreement is a finding, and so is a
//!    webrtc-rs round trip (`marshal(unmarshal(x))`) that changes a line, drops lines or
//!    rewrites line endings, and a difference between our conversion and webrtc-rs's own
//!    reading of the text.
//! 2. Our conversion (`Session::to_webrtc_sdp_lossy`) is recorded: each omission is a finding
//!    (what the webrtc-rs model cannot hold). Its marshalled text must re-parse with our
//!    parser to the same media, mids and codecs: that one is a hard assertion.
//!
//! Findings must match [`KNOWN`] exactly, both ways: a new one fails the test (is it our bug,
//! or a new webrtc-rs limitation to document?), and so does a known one that is gone, so the
//! list in fixtures/README.md ("What the webrtc-rs `sdp` crate rejects or loses") stays true.
//! Run with `--nocapture` to see the per-fixture summary.

use rtcinspect::sdp::{self, Media, ParseOptions, Session};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use ::sdp::description::session::SessionDescription;
use ::sdp::MediaDescription;

/// What the webrtc-rs `sdp` crate (0.17) rejects or loses, per fixture (path under
/// `fixtures/`). Keep in step with fixtures/README.md.
const KNOWN: &[(&str, &str)] = &[
    // `m=video` with no port, proto or format: both reject it; our conversion leaves the
    // section out.
    (
        "synthetic/grammar-errors.sdp",
        "model cannot hold line 13: the `m=` line failed its grammar; the section (2 lines) is left out",
    ),
    ("synthetic/grammar-errors.sdp", "rejects: SdpInvalidSyntax: `m=video`"),
    // `q=` (unknown type), a line without `=`, `A=`: webrtc-rs stops at the first.
    (
        "synthetic/malformed-lines.sdp",
        "model cannot hold line 7: unknown line type",
    ),
    (
        "synthetic/malformed-lines.sdp",
        "model cannot hold line 8: the line failed its grammar",
    ),
    (
        "synthetic/malformed-lines.sdp",
        "model cannot hold line 9: the line failed its grammar",
    ),
    ("synthetic/malformed-lines.sdp", "rejects: SdpInvalidSyntax: q="),
    // No `s=` nor `t=`: webrtc-rs's state machine needs `t=` before `m=`.
    (
        "synthetic/missing-s-and-t.sdp",
        "model cannot hold line 2: missing `s=` line",
    ),
    (
        "synthetic/missing-s-and-t.sdp",
        "model cannot hold line 2: missing `t=` line",
    ),
    ("synthetic/missing-s-and-t.sdp", "rejects: SdpInvalidSyntax: m="),
    // Layout only: webrtc-rs writes CRLF everywhere.
    (
        "diff-munged/firefox-shuffled-lf.sdp",
        "round trip rewrites 102 LF line ending(s) as CRLF",
    ),
    (
        "synthetic/mixed-line-endings.sdp",
        "round trip rewrites 4 LF line ending(s) as CRLF",
    ),
    (
        "synthetic/no-final-newline.sdp",
        "round trip adds CRLF after the last line",
    ),
    // Closed list of protos (UDP RTP AVP SAVP SAVPF TLS DTLS SCTP AVPF udptl): `UDP/BFCP`
    // fails first; `TCP/DTLS/SCTP` further down would fail too.
    ("synthetic/non-webrtc-media.sdp", "rejects: SdpInvalidValue: UDP/BFCP"),
    // Session-level lines must come in RFC 8866 §5 order (`s=` before `o=` here).
    ("synthetic/out-of-order.sdp", "rejects: SdpInvalidSyntax: s="),
];

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every `*.sdp` under `dir`, recursively, sorted (symlinked directories are not followed).
fn sdp_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        match e.file_type() {
            // fixtures/rules/ holds one deliberate fault per rule of ours (tests/rules.rs),
            // not descriptions to compare parsers on.
            Ok(t) if t.is_dir() && path.file_name().is_some_and(|n| n == "rules") => {}
            Ok(t) if t.is_dir() => sdp_files(&path, out),
            Ok(_) if path.extension().is_some_and(|x| x == "sdp") => out.push(path),
            _ => {}
        }
    }
}

/// How much was compared on fixtures the sdp crate accepts (printed, so that a vacuous run
/// shows).
#[derive(Default, Debug)]
struct Stats {
    fixtures: usize,
    accepted: usize,
    sections: usize,
    codecs: usize,
    attributes: usize,
    candidates: usize,
}

/// A codec as both sides can describe it: encoding name, clock rate, encoding parameters
/// (channels; empty when not given).
type Codec = (String, u32, String);

fn our_codec(m: &Media<'_>, pt: u8) -> Option<Codec> {
    m.rtpmap(pt).map(|r| {
        (
            r.encoding_name.to_string(),
            r.clock_rate,
            r.encoding_params
                .as_ref()
                .map(|p| p.to_string())
                .unwrap_or_default(),
        )
    })
}

/// webrtc-rs's codec for `pt` in this one media description, through its own API
/// (`get_codec_for_payload_type` looks across all sections, so give it only this one).
fn their_codec(md: &MediaDescription, pt: u8) -> (Option<Codec>, String) {
    let one = SessionDescription {
        media_descriptions: vec![md.clone()],
        ..SessionDescription::default()
    };
    match one.get_codec_for_payload_type(pt) {
        Ok(c) => {
            let codec =
                (!c.name.is_empty()).then_some((c.name, c.clock_rate, c.encoding_parameters));
            (codec, c.fmtp)
        }
        Err(_) => (None, String::new()),
    }
}

fn our_attrs<'s>(
    attrs: impl Iterator<Item = &'s sdp::Attribute<'s>>,
) -> Vec<(String, Option<String>)> {
    attrs
        .map(|a| (a.name.to_string(), a.value.as_ref().map(|v| v.to_string())))
        .collect()
}

fn their_attrs(attrs: &[::sdp::description::common::Attribute]) -> Vec<(String, Option<String>)> {
    attrs
        .iter()
        .map(|a| (a.key.clone(), a.value.clone()))
        .collect()
}

fn show(a: Option<&(String, Option<String>)>) -> String {
    match a {
        Some((k, Some(v))) => format!("`a={k}:{v}`"),
        Some((k, None)) => format!("`a={k}`"),
        None => "nothing".into(),
    }
}

/// Findings of the comparison of one section's attributes and ICE/DTLS parameters.
fn compare_attrs(
    f: &mut Vec<String>,
    section: &str,
    ours: Vec<(String, Option<String>)>,
    theirs: Vec<(String, Option<String>)>,
) {
    if ours != theirs {
        let i = ours
            .iter()
            .zip(&theirs)
            .position(|(a, b)| a != b)
            .unwrap_or(ours.len().min(theirs.len()));
        f.push(format!(
            "disagrees on {section} attribute #{}: ours {}, sdp crate {}",
            i + 1,
            show(ours.get(i)),
            show(theirs.get(i))
        ));
    }
    let value = |list: &[(String, Option<String>)], key: &str| -> Vec<String> {
        list.iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| {
                v.as_deref()
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    for key in ["ice-ufrag", "ice-pwd", "fingerprint"] {
        let (a, b) = (value(&ours, key), value(&theirs, key));
        if a != b {
            f.push(format!(
                "disagrees on {section} {key}: ours {a:?}, sdp crate {b:?}"
            ));
        }
    }
}

/// Typed views of ours checked against the raw attributes webrtc-rs keeps.
fn compare_typed_session(f: &mut Vec<String>, ours: &Session<'_>, theirs: &SessionDescription) {
    let ufrag = ours.ice_ufrag().map(|t| t.to_string());
    if ufrag.as_ref() != theirs.attribute("ice-ufrag") {
        f.push(format!("disagrees on session ice-ufrag: ours {ufrag:?}"));
    }
    let pwd = ours.ice_pwd().map(|t| t.to_string());
    if pwd.as_ref() != theirs.attribute("ice-pwd") {
        f.push(format!("disagrees on session ice-pwd: ours {pwd:?}"));
    }
    let fps: Vec<String> = ours
        .fingerprints()
        .map(|x| format!("{} {}", x.hash_function, x.fingerprint))
        .collect();
    let theirs_fps: Vec<String> = theirs
        .attributes
        .iter()
        .filter(|a| a.key == "fingerprint")
        .filter_map(|a| a.value.clone())
        .collect();
    if fps != theirs_fps {
        f.push(format!(
            "disagrees on session fingerprints: ours {fps:?}, sdp crate {theirs_fps:?}"
        ));
    }
}

fn compare_media(
    f: &mut Vec<String>,
    stats: &mut Stats,
    i: usize,
    m: &Media<'_>,
    md: &MediaDescription,
) {
    let section = format!("media #{}", i + 1);
    stats.sections += 1;
    stats.attributes += md.attributes.len();
    match m.media_line() {
        Some(ml) => {
            let ours = (
                ml.media.to_string(),
                ml.port_value as isize,
                ml.port_count.map(|c| c as isize),
                ml.proto.split('/').map(str::to_owned).collect::<Vec<_>>(),
                ml.formats().map(|t| t.to_string()).collect::<Vec<_>>(),
            );
            let n = &md.media_name;
            let theirs = (
                n.media.clone(),
                n.port.value,
                n.port.range,
                n.protos.clone(),
                n.formats.clone(),
            );
            if ours != theirs {
                f.push(format!(
                    "disagrees on {section} m= line: ours {ours:?}, sdp crate {theirs:?}"
                ));
            }
            for pt in ml.payload_types() {
                stats.codecs += 1;
                let (codec, fmtp) = their_codec(md, pt);
                let our = our_codec(m, pt);
                if our != codec {
                    f.push(format!(
                        "disagrees on {section} codec {pt}: ours {our:?}, sdp crate {codec:?}"
                    ));
                }
                let our_fmtp = m
                    .fmtp(pt)
                    .map(|x| x.parameters.to_string())
                    .unwrap_or_default();
                if our_fmtp != fmtp {
                    f.push(format!(
                        "disagrees on {section} fmtp {pt}: ours {our_fmtp:?}, sdp crate {fmtp:?}"
                    ));
                }
            }
        }
        None => f.push(format!("{section}: our m= line failed its grammar")),
    }
    let mid = m.mid().map(|t| t.to_string());
    let their_mid = md.attribute("mid").flatten().map(str::to_owned);
    if mid != their_mid {
        f.push(format!(
            "disagrees on {section} mid: ours {mid:?}, sdp crate {their_mid:?}"
        ));
    }
    let ufrag = m.ice_ufrag().map(|t| t.as_str());
    if ufrag != md.attribute("ice-ufrag").flatten() {
        f.push(format!(
            "disagrees on {section} typed ice-ufrag: ours {ufrag:?}"
        ));
    }
    let pwd = m.ice_pwd().map(|t| t.as_str());
    if pwd != md.attribute("ice-pwd").flatten() {
        f.push(format!(
            "disagrees on {section} typed ice-pwd: ours {pwd:?}"
        ));
    }
    let fps: Vec<String> = m
        .fingerprints()
        .map(|x| format!("{} {}", x.hash_function, x.fingerprint))
        .collect();
    let theirs_fps: Vec<String> = md
        .attributes
        .iter()
        .filter(|a| a.key == "fingerprint")
        .filter_map(|a| a.value.clone())
        .collect();
    if fps != theirs_fps {
        f.push(format!(
            "disagrees on {section} typed fingerprints: ours {fps:?}, sdp crate {theirs_fps:?}"
        ));
    }
    let (ours_c, theirs_c) = (
        m.candidates().count(),
        md.attributes
            .iter()
            .filter(|a| a.is_ice_candidate())
            .count(),
    );
    stats.candidates += theirs_c;
    if ours_c != theirs_c {
        f.push(format!(
            "disagrees on {section} candidates: ours {ours_c}, sdp crate {theirs_c}"
        ));
    }
    compare_attrs(
        f,
        &section,
        our_attrs(m.attributes()),
        their_attrs(&md.attributes),
    );
}

/// Findings of webrtc-rs's own round trip: lines it changes, drops, or whose endings it
/// rewrites.
fn round_trip(f: &mut Vec<String>, text: &str, theirs: &SessionDescription) {
    let out = theirs.marshal();
    let content = |s: &str| -> Vec<String> {
        s.split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l).to_owned())
            .filter(|l| !l.is_empty())
            .collect()
    };
    let (a, b) = (content(text), content(&out));
    if a != b {
        let i = a
            .iter()
            .zip(&b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        f.push(format!(
            "round trip changes content line {}: {:?} → {:?} ({} lines in, {} out)",
            i + 1,
            a.get(i),
            b.get(i),
            a.len(),
            b.len()
        ));
    }
    let empty = text
        .split('\n')
        .filter(|l| l.is_empty() || *l == "\r")
        .count()
        .saturating_sub(usize::from(text.ends_with('\n')));
    if empty > 0 {
        f.push(format!("round trip drops {empty} empty line(s)"));
    }
    let lf = text.matches('\n').count() - text.matches("\r\n").count();
    if lf > 0 {
        f.push(format!(
            "round trip rewrites {lf} LF line ending(s) as CRLF"
        ));
    }
    if !text.is_empty() && !text.ends_with('\n') {
        f.push("round trip adds CRLF after the last line".into());
    }
}

/// One media section as the conversion check sees it: kind, mid, formats, rtpmaps.
type Shape = (String, Option<String>, Vec<String>, Vec<(u8, Codec)>);

/// Media kinds, mids, formats and rtpmaps of the sections our conversion carries over.
fn shape(s: &Session<'_>) -> Vec<Shape> {
    s.media
        .iter()
        .filter_map(|m| {
            let ml = m.media_line()?;
            Some((
                ml.media.to_string(),
                m.mid().map(|t| t.to_string()),
                ml.formats().map(|t| t.to_string()).collect(),
                m.rtpmaps()
                    .filter_map(|r| Some((r.payload_type, our_codec(m, r.payload_type)?)))
                    .collect(),
            ))
        })
        .collect()
}

/// Findings for one fixture, and hard failures (our own conversion not round-tripping).
fn check(text_bytes: &[u8], hard: &mut Vec<String>, stats: &mut Stats, rel: &str) -> Vec<String> {
    let mut f = Vec::new();
    let ours = sdp::parse_bytes(text_bytes, &ParseOptions::default());
    let text = String::from_utf8_lossy(text_bytes);

    // Our conversion, and its round trip through webrtc-rs's writer and our parser.
    let conv = ours.to_webrtc_sdp_lossy();
    for o in &conv.omissions {
        f.push(format!(
            "model cannot hold line {}: {}",
            o.span.line, o.reason
        ));
    }
    let marshalled = conv.description.marshal();
    let back = sdp::parse(&marshalled);
    if shape(&back) != shape(&ours) {
        hard.push(format!(
            "{rel}: our conversion, marshalled by the sdp crate, re-parses differently:\n  \
             before {:?}\n  after  {:?}\n--- marshalled ---\n{marshalled}",
            shape(&ours),
            shape(&back)
        ));
    }

    // webrtc-rs's own reading.
    let bytes = text_bytes.to_vec();
    let theirs = std::panic::catch_unwind(move || {
        SessionDescription::unmarshal(&mut Cursor::new(&bytes[..]))
    });
    let theirs = match theirs {
        Err(_) => {
            f.push("panics in unmarshal".into());
            return f;
        }
        Ok(Err(e)) => {
            f.push(format!("rejects: {e}"));
            return f;
        }
        Ok(Ok(d)) => d,
    };
    stats.accepted += 1;
    stats.attributes += theirs.attributes.len();
    round_trip(&mut f, &text, &theirs);
    if marshalled != theirs.marshal() {
        let (a, b) = (theirs.marshal(), marshalled.clone());
        let (la, lb): (Vec<_>, Vec<_>) = (a.split("\r\n").collect(), b.split("\r\n").collect());
        let i = la
            .iter()
            .zip(&lb)
            .position(|(x, y)| x != y)
            .unwrap_or(la.len().min(lb.len()));
        f.push(format!(
            "our conversion differs from unmarshal at line {}: ours {:?}, sdp crate {:?}",
            i + 1,
            lb.get(i),
            la.get(i)
        ));
    }
    if ours.media.len() != theirs.media_descriptions.len() {
        f.push(format!(
            "disagrees on media count: ours {}, sdp crate {}",
            ours.media.len(),
            theirs.media_descriptions.len()
        ));
    }
    compare_typed_session(&mut f, &ours, &theirs);
    compare_attrs(
        &mut f,
        "session",
        our_attrs(ours.attributes()),
        their_attrs(&theirs.attributes),
    );
    for (i, (m, md)) in ours
        .media
        .iter()
        .zip(&theirs.media_descriptions)
        .enumerate()
    {
        compare_media(&mut f, stats, i, m, md);
    }
    f
}

#[test]
fn the_sdp_crate_and_our_parser_agree_on_every_fixture() {
    let root = fixtures_root();
    let mut files = Vec::new();
    sdp_files(&root, &mut files);
    files.sort();
    assert!(
        !files.is_empty(),
        "no *.sdp fixtures under {}",
        root.display()
    );

    let mut found = BTreeSet::new();
    let mut hard = Vec::new();
    let mut summary = String::new();
    let mut stats = Stats::default();
    for path in &files {
        stats.fixtures += 1;
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let findings = check(&bytes, &mut hard, &mut stats, &rel);
        let rejected = findings
            .iter()
            .any(|x| x.starts_with("rejects") || x.starts_with("panics"));
        let status = if rejected {
            "rejected by the sdp crate"
        } else if findings.iter().any(|x| !x.starts_with("model cannot hold")) {
            "accepted by the sdp crate, with differences"
        } else {
            "accepted by the sdp crate, agrees"
        };
        let _ = writeln!(summary, "{rel}: {status}");
        for x in findings {
            let _ = writeln!(summary, "    {x}");
            found.insert((rel.clone(), x));
        }
    }
    println!("{summary}\n{stats:?}");

    let known: BTreeSet<(String, String)> = KNOWN
        .iter()
        .map(|(p, x)| (p.to_string(), x.to_string()))
        .collect();
    let new: Vec<_> = found.difference(&known).collect();
    let gone: Vec<_> = known.difference(&found).collect();
    let mut msg = String::new();
    if !new.is_empty() {
        msg.push_str(
            "findings not in KNOWN (fix the disagreement, or add them to KNOWN and to \
             fixtures/README.md):\n",
        );
        for (p, x) in &new {
            let _ = writeln!(msg, "    ({p:?}, {x:?}),");
        }
    }
    if !gone.is_empty() {
        msg.push_str(
            "KNOWN entries no longer found (remove them here and in fixtures/README.md):\n",
        );
        for (p, x) in &gone {
            let _ = writeln!(msg, "    ({p:?}, {x:?}),");
        }
    }
    for h in &hard {
        let _ = writeln!(msg, "{h}");
    }
    assert!(msg.is_empty(), "{msg}");
}

#[test]
fn the_known_list_names_only_existing_fixtures() {
    let root = fixtures_root();
    for (p, _) in KNOWN {
        assert!(
            root.join(p).is_file(),
            "KNOWN names {p}, which is not a fixture"
        );
    }
}

const HEAD: &str = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

fn unmarshal(text: &str) -> Result<SessionDescription, String> {
    SessionDescription::unmarshal(&mut Cursor::new(text.as_bytes())).map_err(|e| e.to_string())
}

/// Limits of the sdp crate (0.17) beyond the fixtures, each on a minimal description that
/// our parser reads without error-level findings. If one of these starts failing, the crate
/// changed: update the list in fixtures/README.md.
#[test]
fn probes_of_what_the_sdp_crate_rejects_or_loses() {
    let clean = |text: &str| {
        let s = sdp::parse(text);
        assert!(
            s.diagnostics
                .iter()
                .all(|d| d.severity != rtcinspect::diag::Severity::Error),
            "{text}: {:?}",
            s.diagnostics
        );
    };
    // Rejected outright, though RFC 8866 allows them.
    for (text, error) in [
        (
            format!("{HEAD}m=application 9 TCP/DTLS/SCTP webrtc-datachannel\r\n"),
            "SdpInvalidValue: TCP/DTLS/SCTP",
        ),
        (
            format!("{HEAD}m=application 5000 UDP/BFCP *\r\n"),
            "SdpInvalidValue: UDP/BFCP",
        ),
        (
            format!("{HEAD}m=audio 9 RTP/SAVPF/X 0\r\n"),
            "SdpInvalidValue: RTP/SAVPF/X",
        ),
        (
            format!("{HEAD}m=data 9 RTP/AVP 0\r\n"),
            "SdpInvalidValue: data",
        ),
        (
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n\
             e=a@example.com\r\ne=b@example.com\r\nt=0 0\r\n"
                .to_owned(),
            "SdpInvalidSyntax: e=",
        ),
        (
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\np=+1 555 0100\r\np=+1 555 0101\r\nt=0 0\r\n"
                .to_owned(),
            "SdpInvalidSyntax: p=",
        ),
        (
            "v=0\r\no=- 18446744073709551616 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n".to_owned(),
            "parse int: number too large to fit in target type",
        ),
    ] {
        clean(&text);
        assert_eq!(unmarshal(&text).err().as_deref(), Some(error), "{text}");
    }
    // Accepted, but something is lost or changed.
    let t = format!(
        "{HEAD}m=audio 9 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n\
         a=fmtp:111 minptime=10; useinbandfec=1\r\n"
    );
    clean(&t);
    let d = unmarshal(&t).unwrap();
    let codec = d.get_codec_for_payload_type(111).unwrap();
    assert_eq!(codec.fmtp, "", "fmtp with `; ` is dropped from the codec");
    let t = format!(
        "{HEAD}m=audio 9 RTP/AVP 0\r\nc=IN IP4 224.2.1.1/127\r\nc=IN IP4 224.2.1.2/127\r\n"
    );
    clean(&t);
    let d = unmarshal(&t).unwrap();
    let c = d.media_descriptions[0].connection_information.as_ref();
    assert_eq!(
        c.and_then(|c| c.address.as_ref())
            .map(|a| a.address.as_str()),
        Some("224.2.1.2/127"),
        "a second media-level c= replaces the first"
    );
    let t = format!("{HEAD}m=audio 9 RTP/AVP 0\r\na=x-note:keep this \r\n");
    let d = unmarshal(&t).unwrap();
    assert_eq!(
        d.media_descriptions[0].attribute("x-note"),
        Some(Some("keep this")),
        "trailing whitespace of a value is trimmed"
    );
    let t =
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nr=7d 1h 0 25h\r\nz=2882844526 -1h\r\n";
    clean(t);
    assert_eq!(
        unmarshal(t).unwrap().marshal(),
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n\
         r=604800 3600 0 90000\r\nz=2882844526 -3600\r\n",
        "typed times are written back in seconds"
    );
    let t = format!("{HEAD}\r\nm=audio 9 RTP/AVP 0\n");
    assert_eq!(
        unmarshal(&t).unwrap().marshal(),
        format!("{HEAD}m=audio 9 RTP/AVP 0\r\n"),
        "empty lines are dropped and LF becomes CRLF"
    );
    // Our conversion writes the same limits down as omissions instead of failing.
    let t =
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\ne=a@example.com\r\ne=b@example.com\r\nt=0 0\r\n";
    let e = sdp::parse(t).to_webrtc_sdp().unwrap_err();
    assert_eq!(e.omissions.len(), 1);
    assert_eq!(e.omissions[0].text, "e=b@example.com");
}

/// The comparison itself finds what it should (so that "agrees" on the fixtures means
/// something).
#[test]
fn the_comparison_reports_disagreements() {
    let text = format!(
        "{HEAD}a=ice-ufrag:abcd \r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n\
         a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10; useinbandfec=1\r\n\
         a=candidate:1 1 udp 1 10.0.0.1 9 typ host extra\r\nx=unknown\r\n"
    );
    let (mut hard, mut stats) = (Vec::new(), Stats::default());
    let f = check(text.as_bytes(), &mut hard, &mut stats, "inline");
    assert!(hard.is_empty(), "{hard:?}");
    let has = |p: &str| f.iter().any(|x| x.starts_with(p));
    assert!(has("model cannot hold line 11: unknown line type"), "{f:?}");
    assert!(has("rejects: SdpInvalidSyntax: x="), "{f:?}");
    let text = text.replace("x=unknown\r\n", "");
    let f = check(text.as_bytes(), &mut hard, &mut stats, "inline");
    let has = |p: &str| f.iter().any(|x| x.starts_with(p));
    for p in [
        "round trip changes content line 5",
        "our conversion differs from unmarshal at line 5",
        "disagrees on session ice-ufrag",
        "disagrees on session attribute #1",
        "disagrees on media #1 fmtp 111",
        "disagrees on media #1 candidates: ours 0, sdp crate 1",
    ] {
        assert!(has(p), "no `{p}` in {f:#?}");
    }
    assert_eq!((stats.accepted, stats.codecs, stats.candidates), (1, 1, 1));
}
