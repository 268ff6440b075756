//! The semantic diff on real descriptions: two runs of one stack (what differs from run to run,
//! and nothing else once the volatile fields are ignored), offer against answer of one run,
//! the description before and after gathering, createOffer output against
//! setLocalDescription input from a webrtc-internals dump, and hand-munged copies of a real
//! offer (fixtures/diff-munged/, described in fixtures/README.md), each asserted change by
//! change with its places in A and B. Expected values were read from the fixture files.

use rtcinspect::diff::{diff, Change, DiffOptions, IgnoreField, SectionStatus, SessionDiff};
use rtcinspect::input;
use rtcinspect::sdp;
use std::path::PathBuf;

fn read(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn diff_files(a: &str, b: &str, o: &DiffOptions) -> SessionDiff {
    let (ta, tb) = (read(a), read(b));
    diff(&sdp::parse(&ta), &sdp::parse(&tb), o)
}

/// One change as a line: `where sign item key [property]: a -> b @A:l:c B:l:c` (only the
/// side that has it for added and removed items).
fn show(section: &str, c: &Change) -> String {
    let mut s = format!("{section} {} {}", c.kind.sign(), c.item);
    if !c.key.is_empty() {
        s += &format!(" {}", c.key);
    }
    if let Some(p) = &c.property {
        s += &format!(" [{p}]");
    }
    match (&c.a, &c.b) {
        (Some(a), Some(b)) => format!("{s}: {} -> {} @A:{} B:{}", a.text, b.text, a.span, b.span),
        (Some(a), None) => format!("{s}: {} @A:{}", a.text, a.span),
        (None, Some(b)) => format!("{s}: {} @B:{}", b.text, b.span),
        (None, None) => s,
    }
}

/// Every change, labelled `session` or `mid=X`.
fn lines(d: &SessionDiff) -> Vec<String> {
    let mut out: Vec<String> = d.session.iter().map(|c| show("session", c)).collect();
    for s in &d.sections {
        let r = s.a.as_ref().or(s.b.as_ref()).unwrap();
        let label = format!("mid={}", r.mid.as_deref().unwrap_or("-"));
        match s.status {
            SectionStatus::Added => out.push(format!("{label} + section")),
            SectionStatus::Removed => out.push(format!("{label} - section")),
            _ => out.extend(s.changes.iter().map(|c| show(&label, c))),
        }
    }
    out
}

/// (where, sign, item, property) of every change: the shape, without values.
fn shape(d: &SessionDiff) -> Vec<String> {
    lines(d)
        .iter()
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect()
}

const CHROMIUM_A: &str = "real/chromium-basic/offer.sdp";
const CHROMIUM_B: &str = "real/chromium-mdns/offer.sdp";

#[test]
fn two_chromium_runs_differ_in_origin_credentials_fingerprint_msid_and_ssrcs() {
    let d = diff_files(CHROMIUM_A, CHROMIUM_B, &DiffOptions::default());
    let l = lines(&d);
    // Values as the two Chromium 156 runs wrote them.
    for want in [
        "session ~ origin [session id]: 7948894711495488472 -> 3554917140575160363 @A:2:5 B:2:5",
        "mid=0 ~ ice-ufrag: R1sy -> f17q @A:11:13 B:11:13",
        "mid=0 ~ ice-pwd: xhM15vGpuDB8+wPghXszLUTN -> RtDdl1EcGxE3Bu4mkVhiOERo @A:12:11 B:12:11",
        "mid=2 ~ ice-ufrag: R1sy -> f17q @A:164:13 B:164:13",
        "mid=0 - ssrc 1731307417: 1731307417 cname:8e3qdJ0BIwhTEBA5",
        "mid=0 + ssrc 2534911599: 2534911599 cname:bZD/wZ5nPRmNNJdJ",
        "mid=1 ~ ssrc-group FID [ssrcs]: 2639471026 3603551309 -> 3367817722 2259229850 @A:157:18 B:157:18",
    ] {
        assert!(l.iter().any(|x| x.starts_with(want)), "missing {want}\nin {l:#?}");
    }
    let fp = l
        .iter()
        .filter(|x| x.contains("~ fingerprint sha-256:"))
        .count();
    assert_eq!(fp, 3, "one per section (media-level fingerprints): {l:#?}");
    assert!(l
        .iter()
        .any(|x| x.contains("fingerprint sha-256: A6:91:2D:72") && x.contains("-> 70:BF:2C:EE")));
    // Nothing else: same codecs, extensions, directions, BUNDLE, setup in both runs.
    let mut s = shape(&d);
    s.sort();
    s.dedup();
    assert_eq!(
        s,
        [
            "mid=0 + ssrc 2534911599",
            "mid=0 - ssrc 1731307417",
            "mid=0 ~ fingerprint sha-256",
            "mid=0 ~ ice-pwd",
            "mid=0 ~ ice-ufrag",
            "mid=0 ~ msid",
            "mid=1 + ssrc 2259229850",
            "mid=1 + ssrc 3367817722",
            "mid=1 - ssrc 2639471026",
            "mid=1 - ssrc 3603551309",
            "mid=1 ~ fingerprint sha-256",
            "mid=1 ~ ice-pwd",
            "mid=1 ~ ice-ufrag",
            "mid=1 ~ msid",
            "mid=1 ~ ssrc-group FID [ssrcs]",
            "mid=2 ~ fingerprint sha-256",
            "mid=2 ~ ice-pwd",
            "mid=2 ~ ice-ufrag",
            "session ~ msid-semantic WMS [identifiers]",
            "session ~ origin [session id]",
        ]
    );
}

#[test]
fn two_runs_of_each_stack_are_equal_once_volatile_fields_are_ignored() {
    for (a, b) in [
        (CHROMIUM_A, CHROMIUM_B),
        (
            "real/chromium-basic/answer.sdp",
            "real/chromium-mdns/answer.sdp",
        ),
        (
            "real/firefox-basic/offer.sdp",
            "real/firefox-mdns/offer.sdp",
        ),
        (
            "real/firefox-basic/answer.sdp",
            "real/firefox-mdns/answer.sdp",
        ),
        ("real/ndc-basic/offer.sdp", "real/ndc-multi-dc/offer.sdp"),
        (
            "real/aiortc-basic/offer.sdp",
            "real/aiortc-ipv6-only/offer.sdp",
        ),
        (
            "real/chromium-dc-only/offer.sdp",
            "real/chromium-dc-only/offer.final.sdp",
        ),
    ] {
        let d = diff_files(a, b, &DiffOptions::volatile());
        assert!(d.is_empty(), "{a} vs {b}: {:#?}", lines(&d));
        assert!(
            !diff_files(a, b, &DiffOptions::default()).is_empty(),
            "{a} vs {b}"
        );
    }
}

#[test]
fn each_ignored_field_removes_exactly_its_changes() {
    // Everything volatile but SSRCs ignored: only the SSRC changes remain, and with SSRCs
    // matched by order (numbers and cname ignored) nothing remains.
    let mut o = DiffOptions::volatile();
    o.ignore.remove(&IgnoreField::Ssrc);
    let d = diff_files(CHROMIUM_A, CHROMIUM_B, &o);
    let l = lines(&d);
    assert_eq!(l.len(), 7, "{l:#?}");
    assert!(l.iter().all(|x| x.contains(" ssrc")), "{l:#?}");
    // ICE and fingerprint only.
    let o = DiffOptions::ignoring([
        IgnoreField::Origin,
        IgnoreField::Candidates,
        IgnoreField::Ssrc,
        IgnoreField::Msid,
    ]);
    let mut s = shape(&diff_files(CHROMIUM_A, CHROMIUM_B, &o));
    s.sort();
    s.dedup();
    assert_eq!(
        s.iter()
            .map(|x| x.split_once(' ').unwrap().1)
            .collect::<std::collections::BTreeSet<_>>(),
        ["~ fingerprint sha-256", "~ ice-pwd", "~ ice-ufrag"]
            .into_iter()
            .collect()
    );
}

#[test]
fn aiortc_runs_on_different_address_families_differ_in_the_transport_only() {
    // aiortc-ipv6-only ran in namespaces without IPv4: with credentials, fingerprints and ids
    // ignored but candidates compared, what remains is the real difference.
    let o = DiffOptions::ignoring([
        IgnoreField::Origin,
        IgnoreField::Ice,
        IgnoreField::Fingerprint,
        IgnoreField::Ssrc,
        IgnoreField::Msid,
    ]);
    let d = diff_files(
        "real/aiortc-basic/offer.sdp",
        "real/aiortc-ipv6-only/offer.sdp",
        &o,
    );
    let l = lines(&d);
    assert_eq!(
        l,
        [
            "mid=0 ~ media [port]: 37799 -> 55687 @A:7:9 B:7:9",
            "mid=0 ~ connection: IN IP4 10.99.0.1 -> IN IP6 fd99::1 @A:8:10 B:8:10",
            "mid=0 - candidate 1 udp 10.99.0.1 typ host: a=candidate:28d09117ed7be62fd2553196dd6100b6 1 udp 2130706431 10.99.0.1 37799 typ host @A:21:1",
            "mid=0 ~ candidate 1 udp fd99::1 typ host [port]: 40518 -> 55687 @A:22:71 B:21:71",
            "mid=1 ~ media [port]: 52850 -> 37170 @A:30:15 B:29:15",
            "mid=1 ~ connection: IN IP4 10.99.0.1 -> IN IP6 fd99::1 @A:31:10 B:30:10",
            "mid=1 - candidate 1 udp 10.99.0.1 typ host: a=candidate:28d09117ed7be62fd2553196dd6100b6 1 udp 2130706431 10.99.0.1 52850 typ host @A:35:1",
            "mid=1 ~ candidate 1 udp fd99::1 typ host [port]: 42626 -> 37170 @A:36:71 B:34:71",
        ]
    );
}

#[test]
fn ndc_session_level_fingerprint_is_reported_once() {
    // libdatachannel writes a=fingerprint at session level: one change, not one per section.
    let d = diff_files(
        "real/ndc-basic/offer.sdp",
        "real/ndc-multi-dc/offer.sdp",
        &DiffOptions::default(),
    );
    let l = lines(&d);
    let fp: Vec<_> = l.iter().filter(|x| x.contains("fingerprint")).collect();
    assert_eq!(fp.len(), 1, "{l:#?}");
    assert!(
        fp[0].starts_with("session ~ fingerprint sha-256: DB:2E:CB:FE"),
        "{fp:?}"
    );
    assert!(
        l.contains(
            &"mid=0 ~ candidate 1 udp 10.99.0.1 typ host [port]: 34914 -> 51106 @A:24:42 B:24:42"
                .to_string()
        ),
        "{l:#?}"
    );
}

#[test]
fn offer_and_answer_of_one_run_differ_in_roles_credentials_and_identity() {
    let d = diff_files(
        CHROMIUM_A,
        "real/chromium-basic/answer.sdp",
        &DiffOptions::volatile(),
    );
    // Chromium answering Chromium accepts every codec and extension: what is left is the DTLS
    // role (RFC 8842: the offer says actpass, the answerer picks active).
    assert_eq!(
        lines(&d),
        [
            "mid=0 ~ setup: actpass -> active @A:15:9 B:15:9",
            "mid=1 ~ setup: actpass -> active @A:46:9 B:45:9",
            "mid=2 ~ setup: actpass -> active @A:168:9 B:165:9",
        ]
    );
    // Firefox's answer to Chromium drops codecs it does not do and changes directions.
    let d = diff_files(
        "real/chromium-offer-firefox-answer/offer.sdp",
        "real/chromium-offer-firefox-answer/answer.sdp",
        &DiffOptions::volatile(),
    );
    let l = lines(&d);
    assert!(
        l.iter()
            .any(|x| x.starts_with("mid=0 ~ setup: actpass -> active")),
        "{l:#?}"
    );
    assert!(
        l.iter().any(|x| x.starts_with("mid=1 - codec AV1/90000")),
        "{l:#?}"
    );
}

#[test]
fn before_and_after_gathering_differ_in_candidates_only() {
    let d = diff_files(
        CHROMIUM_A,
        "real/chromium-basic/offer.final.sdp",
        &DiffOptions::default(),
    );
    let l = lines(&d);
    assert!(
        l.contains(&"mid=0 ~ media [port]: 9 -> 49801 @A:8:9 B:8:9".to_string()),
        "{l:#?}"
    );
    assert!(
        l.contains(
            &"mid=0 ~ connection: IN IP4 0.0.0.0 -> IN IP4 10.99.0.1 @A:9:10 B:9:10".to_string()
        ),
        "{l:#?}"
    );
    // 4 candidates per section (UDP and TCP, IPv4 and IPv6), as the trickle log says.
    assert_eq!(
        l.iter().filter(|x| x.contains(" + candidate ")).count(),
        12,
        "{l:#?}"
    );
    assert_eq!(l.len(), 18, "{l:#?}");
    // What --munge leaves out is exactly that.
    assert!(diff_files(
        CHROMIUM_A,
        "real/chromium-basic/offer.final.sdp",
        &DiffOptions::munge()
    )
    .is_empty());
}

#[test]
fn webrtc_internals_create_offer_and_set_local_description_are_equal() {
    let bytes = read("real/chromium-basic/offer.webrtc-internals.json");
    let list = input::descriptions(bytes.as_bytes()).unwrap();
    let pick = |event: &str| {
        let sel = input::Selector {
            event: Some(event.into()),
            ..Default::default()
        };
        input::select(list.clone(), &sel).unwrap()
    };
    let (a, b) = (pick("createOfferOnSuccess"), pick("setLocalDescription"));
    let d = diff(
        &sdp::parse(&a.sdp),
        &sdp::parse(&b.sdp),
        &DiffOptions::munge(),
    );
    assert!(d.is_empty(), "{:#?}", lines(&d));
}

const BASE: &str = "real/chromium-basic/offer.sdp";

fn munged(name: &str) -> Vec<String> {
    lines(&diff_files(
        BASE,
        &format!("diff-munged/{name}"),
        &DiffOptions::default(),
    ))
}

#[test]
fn munged_codec_removed() {
    assert_eq!(
        munged("codec-removed.sdp"),
        ["mid=0 - codec PCMU/8000: 0 PCMU/8000 @A:32:1"]
    );
}

#[test]
fn munged_payload_type_renumbered_is_a_change_of_pt_not_remove_and_add() {
    // VP8 96 -> 35 and its RTX 97 -> 36 (apt=96 -> apt=35): the RTX still repairs VP8, so its
    // fmtp did not change in meaning.
    assert_eq!(
        munged("pt-renumbered.sdp"),
        [
            "mid=1 ~ codec VP8/90000 [payload type]: 96 -> 35 @A:64:10 B:64:10",
            "mid=1 ~ codec rtx/90000 [payload type]: 97 -> 36 @A:70:10 B:70:10",
        ]
    );
}

#[test]
fn munged_direction_changed() {
    assert_eq!(
        munged("direction-changed.sdp"),
        ["mid=0 ~ direction: sendrecv -> sendonly @A:21:3 B:21:3"]
    );
}

#[test]
fn munged_extmap_id_changed() {
    assert_eq!(
        munged("extmap-id-changed.sdp"),
        ["mid=1 ~ extmap urn:3gpp:video-orientation [id]: 13 -> 12 @A:50:10 B:50:10"]
    );
}

#[test]
fn munged_bandwidth_added() {
    assert_eq!(
        munged("bandwidth-added.sdp"),
        ["mid=1 + bandwidth AS: b=AS:500 @B:41:1"]
    );
}

#[test]
fn munged_ssrc_removed() {
    assert_eq!(
        munged("ssrc-removed.sdp"),
        ["mid=0 - ssrc 1731307417: 1731307417 cname:8e3qdJ0BIwhTEBA5 msid:5626b819-6e37-43ba-a622-5b3e8b1d467a 6ec67f1f-d1c4-4680-b8d4-b75f7b6d503c @A:37:1"]
    );
}

#[test]
fn munged_codec_preference_order() {
    let l = munged("codec-preferred.sdp");
    assert_eq!(l.len(), 1, "{l:#?}");
    assert!(
        l[0].starts_with("mid=1 ~ codec-order: 96 97 102 103 104 ")
            && l[0].contains(" -> 102 103 96 97 104 ")
            && l[0].ends_with(" @A:39:29 B:39:29"),
        "{l:#?}"
    );
}

#[test]
fn munged_line_order_and_endings_make_no_difference() {
    assert!(munged("shuffled.sdp").is_empty());
    let d = diff_files(
        "real/firefox-basic/offer.sdp",
        "diff-munged/firefox-shuffled-lf.sdp",
        &DiffOptions::default(),
    );
    assert!(d.is_empty(), "{:#?}", lines(&d));
    // ... while the texts do differ.
    assert_ne!(read(BASE), read("diff-munged/shuffled.sdp"));
}

#[test]
fn munge_preset_still_sees_every_hand_edit() {
    for name in [
        "codec-removed.sdp",
        "pt-renumbered.sdp",
        "direction-changed.sdp",
        "extmap-id-changed.sdp",
        "bandwidth-added.sdp",
        "ssrc-removed.sdp",
        "codec-preferred.sdp",
    ] {
        let d = diff_files(BASE, &format!("diff-munged/{name}"), &DiffOptions::munge());
        assert!(!d.is_empty(), "{name}");
    }
}
