//! Every J3xx–J6xx rule (RTP, media identity, data channels, portability) has a doc in
//! docs/rules/ and a fixture in fixtures/rules/ that triggers that rule and no other finding
//! (parser diagnostics + `lint::check`, like `rtcinspect validate FILE`).

use rtcinspect::diag::registry::MEDIA;
use rtcinspect::{lint, sdp};
use std::path::Path;

fn codes(text: &str) -> Vec<&'static str> {
    let s = sdp::parse(text);
    let mut all: Vec<_> = s.diagnostics.iter().map(|d| d.code).collect();
    all.extend(lint::check(&s).iter().map(|d| d.code));
    all
}

#[test]
fn each_fixture_triggers_exactly_its_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for rule in MEDIA {
        let fixture = root.join(format!("fixtures/rules/{}.sdp", rule.code));
        let text = std::fs::read_to_string(&fixture).unwrap_or_else(|e| panic!("{fixture:?}: {e}"));
        let got = codes(&text);
        assert!(!got.is_empty(), "{}: no finding", rule.code);
        assert!(
            got.iter().all(|c| *c == rule.code),
            "{}: {got:?}",
            rule.code
        );
        let doc = root.join(format!("docs/rules/{}.md", rule.code));
        let doc = std::fs::read_to_string(&doc).unwrap_or_else(|e| panic!("{doc:?}: {e}"));
        assert!(
            doc.starts_with(&format!("# {} {}\n\n## What\n", rule.code, rule.name)),
            "{}",
            rule.code
        );
        for h in [
            "## Why it breaks calls",
            "## Example\n```sdp\n",
            "## Reference",
        ] {
            assert!(doc.contains(h), "{}: {h}", rule.code);
        }
    }
}
