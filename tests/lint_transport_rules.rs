//! The structure (M) and transport (J001–J299) rules: each has its doc in docs/rules/ with the
//! four sections, and its fixture in fixtures/rules/ triggers that rule and nothing else (parser
//! findings included), checked as `rtcinspect validate FILE` does: every description of the
//! input, with its type when the input says it (J107 needs `"type": "offer"`).

use rtcinspect::diag::registry::{Rule, STRUCTURE, TRANSPORT};
use rtcinspect::lint::{check_as, SdpType};
use std::path::Path;

fn rules() -> impl Iterator<Item = &'static Rule> {
    STRUCTURE.iter().chain(TRANSPORT.iter()).copied()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_rule_has_a_doc_with_the_four_sections() {
    for r in rules() {
        let path = root().join(format!("docs/rules/{}.md", r.code));
        let doc =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            doc.starts_with(&format!("# {} {}\n\n## What\n", r.code, r.name)),
            "{}: heading",
            r.code
        );
        let mut at = 0;
        for h in [
            "## What\n",
            "## Why it breaks calls\n",
            "## Example\n```sdp\n",
            "## Reference\n",
        ] {
            let i = doc[at..]
                .find(h)
                .unwrap_or_else(|| panic!("{}: `{h}` missing or out of order", r.code));
            at += i + h.len();
        }
        assert!(
            doc.contains(
                r.reference
                    .split(' ')
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .as_str()
            ),
            "{}: the doc cites {}",
            r.code,
            r.reference
        );
    }
}

#[test]
fn every_fixture_triggers_exactly_its_rule() {
    for r in rules() {
        let path = root().join(format!("fixtures/rules/{}.sdp", r.code));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let descriptions = rtcinspect::input::descriptions(&bytes).unwrap();
        let mut codes = Vec::new();
        for d in &descriptions {
            let session = rtcinspect::sdp::parse(&d.sdp);
            let ty = d.sdp_type.as_deref().and_then(SdpType::from_name);
            codes.extend(session.diagnostics.iter().map(|x| x.code));
            codes.extend(check_as(&session, ty).iter().map(|x| x.code));
        }
        assert!(!codes.is_empty(), "{}: nothing fired", r.code);
        assert!(
            codes.iter().all(|c| *c == r.code),
            "{}: fired {codes:?}",
            r.code
        );
    }
}

#[test]
fn offer_only_rule_needs_the_type() {
    // J107's fixture, read as plain SDP (type unknown), is clean.
    let bytes = std::fs::read(root().join("fixtures/rules/J107.sdp")).unwrap();
    let d = &rtcinspect::input::descriptions(&bytes).unwrap()[0];
    assert_eq!(d.sdp_type.as_deref(), Some("offer"));
    let session = rtcinspect::sdp::parse(&d.sdp);
    assert!(rtcinspect::lint::check(&session).is_empty());
    assert!(check_as(&session, Some(SdpType::Answer)).is_empty());
}
