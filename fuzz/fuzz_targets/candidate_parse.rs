//! `candidate_parse`: the ICE candidate grammar (RFC 8839 §5.1) and the candidate-list reader
//! never panic on any text; a candidate that parses prints back to text that parses to the
//! same candidate; the per-candidate checks and the set analysis never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rtcinspect::ice::{self, parse_candidate, parse_candidate_attribute};
use rtcinspect::span::Anchor;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(c) = parse_candidate_attribute(Anchor::new(text, Default::default()), 64) {
        let printed = c.to_string();
        // Display writes the attribute value (no `candidate:` prefix).
        let again = parse_candidate(Anchor::new(&printed, Default::default()), 64)
            .expect("a printed candidate parses");
        assert_eq!(again.to_string(), printed, "Display is a fixed point");
        let _ = ice::check_candidate(&c);
    }
    if let Ok(list) = ice::parse_list(text) {
        let plain: Vec<_> = list
            .candidates
            .iter()
            .map(|c| c.candidate.clone())
            .collect();
        let _ = ice::analyze(&plain, None);
        let _ = ice::form_check_list(&plain, &plain, ice::Role::Controlling, &Default::default());
    }
});
