//! Type-dependent transport rules: J107 offer-setup-not-actpass fires only when the input says
//! the description is an offer. (Docs and fixtures of every rule: tests/rules.rs.)

use rtcinspect::lint::{check_as, SdpType};
use std::path::Path;

#[test]
fn offer_only_rule_needs_the_type() {
    // J107's fixture, read as plain SDP (type unknown), is clean.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(root.join("fixtures/rules/J107.sdp")).unwrap();
    let d = &rtcinspect::input::descriptions(&bytes).unwrap()[0];
    assert_eq!(d.sdp_type.as_deref(), Some("offer"));
    let session = rtcinspect::sdp::parse(&d.sdp);
    assert!(rtcinspect::lint::check(&session).is_empty());
    assert!(check_as(&session, Some(SdpType::Answer)).is_empty());
    let offer: Vec<_> = check_as(&session, Some(SdpType::Offer))
        .iter()
        .map(|f| (f.code, f.span.line, f.span.column))
        .collect();
    assert_eq!(offer, [("J107", 14, 9)]);
}
