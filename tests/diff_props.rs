//! Properties of the diff over every real description in fixtures/real: a description does
//! not differ from itself (nor from a copy with its attribute lines reordered), and swapping
//! the two sides swaps added and removed and nothing else, for any choice of ignored fields.

use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use rtcinspect::diff::{diff, Change, DiffOptions, IgnoreField, SessionDiff};
use rtcinspect::sdp;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn real_sdps() -> &'static [(String, String)] {
    static ALL: OnceLock<Vec<(String, String)>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut out = Vec::new();
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/real");
        walk(&root, &mut out);
        out.sort();
        assert!(
            out.len() >= 70,
            "expected the real fixtures, found {}",
            out.len()
        );
        out
    })
}

fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "sdp") {
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
}

/// The changes of a diff as comparable strings, each with the sections it belongs to.
fn normal(d: &SessionDiff, swap: bool) -> Vec<String> {
    let fix = |c: &Change| {
        let c = if swap { c.reversed() } else { c.clone() };
        format!(
            "{:?} {:?} {} {:?} {:?} {:?}",
            c.kind,
            c.item,
            c.key.to_ascii_lowercase(),
            c.property,
            c.a,
            c.b
        )
    };
    let mut out: Vec<String> = d
        .session
        .iter()
        .map(|c| format!("session {}", fix(c)))
        .collect();
    for s in &d.sections {
        let (a, b) = if swap { (&s.b, &s.a) } else { (&s.a, &s.b) };
        let at = format!(
            "{:?}/{:?}",
            a.as_ref().map(|r| r.index),
            b.as_ref().map(|r| r.index)
        );
        out.push(format!("{at} section {:?}", s.a.is_some() && s.b.is_some()));
        out.extend(s.changes.iter().map(|c| format!("{at} {}", fix(c))));
    }
    out.sort();
    out
}

fn options(fields: Vec<IgnoreField>) -> DiffOptions {
    DiffOptions::ignoring(fields)
}

#[test]
fn every_real_description_equals_itself() {
    for (name, text) in real_sdps() {
        let s = sdp::parse(text);
        let d = diff(&s, &s, &DiffOptions::default());
        assert!(d.is_empty(), "{name}: {d:#?}");
    }
}

#[test]
fn every_real_description_equals_its_reordered_copy() {
    // Attribute lines of each level in reverse order, LF endings: same meaning.
    for (name, text) in real_sdps() {
        let mut out: Vec<&str> = Vec::new();
        let mut block: Vec<&str> = Vec::new();
        for l in text.lines() {
            if l.starts_with("a=") {
                block.push(l);
            } else {
                out.extend(block.drain(..).rev());
                out.push(l);
            }
        }
        out.extend(block.drain(..).rev());
        let copy = out.join("\n") + "\n";
        let d = diff(
            &sdp::parse(text),
            &sdp::parse(&copy),
            &DiffOptions::default(),
        );
        assert!(d.is_empty(), "{name}: {d:#?}");
    }
}

#[test]
fn big_inputs_stay_fast() {
    // 1,000 sections without mid, 12,000 a=ssrc lines and 4,000 a=rtcp-fb lines in one
    // section (under the parser's 20,000-line limit): nothing quadratic (this takes well
    // under a second; a quadratic pairing would take minutes).
    let mut a = String::from("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n");
    for _ in 0..1000 {
        a.push_str("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n");
    }
    let mut b = a.clone();
    a.push_str("m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n");
    b.push_str("m=video 9 UDP/TLS/RTP/SAVPF 97\r\na=rtpmap:97 VP8/90000\r\n");
    for i in 0..12_000u32 {
        a.push_str(&format!("a=ssrc:{i} cname:x\r\n"));
        b.push_str(&format!("a=ssrc:{} cname:x\r\n", i + 1));
    }
    for i in 0..4000 {
        a.push_str("a=rtcp-fb:96 nack\r\n");
        if i > 0 {
            b.push_str("a=rtcp-fb:97 nack\r\n");
        }
    }
    let t = std::time::Instant::now();
    let (sa, sb) = (sdp::parse(&a), sdp::parse(&b));
    assert!(sa.diagnostics.is_empty() && sb.diagnostics.is_empty());
    let d = diff(&sa, &sb, &DiffOptions::default());
    assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
    // + ssrc 12000; - ssrc 0, - one of the repeated nack; ~ VP8 payload type 96 -> 97.
    assert_eq!(d.counts(), (1, 2, 1), "{:#?}", d.sections.last());
}

/// Lines that look like SDP, with the attributes the diff looks into.
fn sdp_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("m=audio 9 UDP/TLS/RTP/SAVPF 111 0 96".to_string()),
        Just("m=video 0 UDP/TLS/RTP/SAVPF 96 97".to_string()),
        "m=(audio|video|application) [0-9]{0,5} [A-Z/]{0,18} [0-9a-z -]{0,12}",
        "a=(rtpmap|fmtp|rtcp-fb|candidate|group|mid|ssrc|ssrc-group|rid|simulcast|extmap|fingerprint|setup|msid|ice-ufrag|ice-pwd|ice-options|rtcp|sendonly|inactive):[ -~]{0,30}",
        "a=rtpmap:(96|97|111|0) (VP8|rtx|opus|red)/(90000|48000)(/2)?",
        "a=fmtp:(96|97|111) (apt=96|111/111|minptime=10;useinbandfec=1)",
        "a=ssrc:[0-9]{1,3} (cname|msid):[a-z]{1,3}",
        "[a-z]=[ -~]{0,20}",
    ];
    prop::collection::vec(line, 0..30).prop_map(|ls| ls.join("\r\n") + "\r\n")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_inputs_never_panic_and_stay_symmetric(x in sdp_like(), y in sdp_like()) {
        let (a, b) = (sdp::parse(&x), sdp::parse(&y));
        let o = DiffOptions::default();
        prop_assert!(diff(&a, &a, &o).is_empty());
        prop_assert_eq!(normal(&diff(&a, &b, &o), false), normal(&diff(&b, &a, &o), true));
    }

    #[test]
    fn diff_of_a_description_with_itself_is_empty(
        x in select(real_sdps()),
        fields in subsequence(IgnoreField::ALL.to_vec(), 0..=IgnoreField::ALL.len()),
    ) {
        let s = sdp::parse(&x.1);
        prop_assert!(diff(&s, &s, &options(fields)).is_empty(), "{}", x.0);
    }

    #[test]
    fn swapping_the_sides_swaps_added_and_removed(
        x in select(real_sdps()),
        y in select(real_sdps()),
        fields in subsequence(IgnoreField::ALL.to_vec(), 0..=IgnoreField::ALL.len()),
    ) {
        let (a, b) = (sdp::parse(&x.1), sdp::parse(&y.1));
        let o = options(fields);
        let ab = diff(&a, &b, &o);
        let ba = diff(&b, &a, &o);
        prop_assert_eq!(normal(&ab, false), normal(&ba, true), "{} vs {}", &x.0, &y.0);
        prop_assert_eq!(ab.counts(), {
            let (p, m, c) = ba.counts();
            (m, p, c)
        });
    }
}
