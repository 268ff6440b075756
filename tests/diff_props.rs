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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

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
