//! The registry, the rule docs, the rule fixtures and the rendering snapshots, kept in step.
//!
//! For every rule in `rtcinspect::diag::RULES`:
//! - `docs/rules/CODE.md` (compiled into `Rule::doc`) has the heading `# CODE name` and the
//!   sections What, Why it breaks calls, Example (an `sdp` code block; `text` for the capture
//!   families C and H) and Reference, in order,
//!   the Reference citing the registry's reference;
//! - a fixture in `fixtures/rules/` (naming convention in fixtures/README.md) gives findings
//!   of that rule's code and of no other code, at any severity;
//! - `tests/snapshots/rules__CODE.snap` holds the plain-text rendering of those findings.
//!
//! And the other way round: every doc, fixture and snapshot belongs to a rule of the registry.
//!
//! The fixtures are checked through the same library calls as the commands:
//! - `CODE.sdp`: like `rtcinspect validate FILE` (parser findings + `lint::check_as` with the
//!   type a JSON `{"type","sdp"}` input says, as for J107);
//! - `CODE.offer.sdp` + `CODE.answer.sdp` [+ `CODE.previous.sdp`]: like `validate OFFER
//!   --answer ANSWER [--previous PREV]` (parser findings of each side + `lint::check_exchange`);
//! - `CODE.candidates`: like `rtcinspect candidate FILE` (reading, each candidate, the set;
//!   a file holding a description takes the `a=candidate` lines of its sections and checks
//!   them against its `a=ice-ufrag`);
//! - `CODE.offer.candidates` + `CODE.answer.candidates`: each side as above, then the check
//!   lists both agents form (offerer controlling, answerer controlled; RFC 8445 §6.1.2), like
//!   `rtcinspect candidate --pairs` does for descriptions;
//! - `CODE.capture`: a capture with its SDPs, like `rtcinspect pcap CAPTURE --sdp OFFER --sdp
//!   ANSWER` (the capture reader's findings + the handshake analysis'), named by the lines
//!   `capture: PATH`, `offer: PATH`, `answer: PATH` (paths under fixtures/; the captures are
//!   real ones, damaged on purpose for the C family in fixtures/capture-broken/).
//!
//! Update the snapshots with `INSTA_UPDATE=always cargo test --test rules`, then read every
//! changed `.snap` file before committing it.

use rtcinspect::diag::render::{render, SourceText};
use rtcinspect::diag::{Diagnostic, Rule, RULES};
use rtcinspect::ice::{self, Candidate, PairingOptions, Role};
use rtcinspect::lint::{self, SdpType};
use rtcinspect::sdp::{self, ParseOptions, Session};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Rules that cannot be triggered by a small fixture, and why. They still need a doc, and
/// must not have a fixture (remove them from here when one becomes possible).
const NO_FIXTURE: &[(&str, &str)] = &[
    (
        "S010",
        "limit-exceeded needs a line over 64 KiB, 20,000 lines or 1,000 findings; \
         tests/sdp_bad_input.rs builds such inputs in memory",
    ),
    (
        "C009",
        "capture-limit-reached needs a lower limit than the default; \
         tests/capture_broken.rs reads capture-broken/C009.pcap with one TCP direction allowed",
    ),
    // No real capture shows these faults (the stacks here do not produce them, and captures
    // are never hand-edited); the unit tests in src/handshake build them packet by packet.
    ("H001", "no real capture without STUN; analysis::tests::unknown_ufrags_and_no_stun"),
    ("H002", "no real capture with STUN server traffic only; the verdict logic is shared with H001"),
    ("H005", "no real capture with a bad STUN FINGERPRINT; stun::tests and the fuzz target"),
    ("H007", "no real check error other than 487; analysis::tests (error responses)"),
    ("H009", "no real capture with checks both ways all unanswered; analysis::tests::one_way_no_response_role_conflict_not_nominated"),
    ("H010", "no real capture without nomination; analysis::tests::one_way_no_response_role_conflict_not_nominated"),
    ("H011", "no real capture of 30 s without consent; ice::consent is checked on every real capture"),
    ("H012", "no real STUN that fails to decode; analysis::tests::retransmissions_and_malformed"),
    ("H101", "no real capture of ICE without DTLS; dtls_media_findings unit test no_dtls_after_ice"),
    ("H102", "no real DTLS handshake that stops without an alert; dtls_flow unit tests"),
    ("H105", "no real DTLS role against a=setup; dtls_flow unit tests"),
    ("H108", "no real malformed DTLS record; dtls_flow unit tests"),
    ("H201", "a real call with media on no m-line needs SDPs of another call; dtls_media_findings unit tests"),
    ("H204", "a real unmapped RTP stream needs SDPs of another call; dtls_media_findings unit tests"),
];

/// Rules whose fixture necessarily gives another rule's findings too, which ones, and why.
const ALSO: &[(&str, &[&str], &str)] = &[
    (
        "I020",
        &["I019"],
        "a set of only mDNS hosts never has a server-reflexive, relayed or public host candidate",
    ),
    (
        "H104",
        &["H202", "H203"],
        "after the fingerprint mismatch the offerer (aiortc) drops the answerer's media and \
         data silently: they flow one way only, which the same real capture shows",
    ),
    (
        "H203",
        &["H104", "H202"],
        "the same real capture as H104: the data channel goes one way after the mismatch",
    ),
    (
        "I026",
        &["I019"],
        "a TCP-only set with a server-reflexive candidate is not realistic (browsers gather \
         reflexive candidates over UDP) and fixtures use no public host address",
    ),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// The rule code a file belongs to: the part of its name before the first `.`.
fn code_of(p: &Path) -> String {
    file_name(p)
        .split('.')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// A text input: its name (the fixture's file name), the SDP text (taken out of a JSON
/// `{"type","sdp"}` as `validate` does, or the whole file; lossy when not UTF-8: the parser
/// reports that itself) and the description type the input says.
struct Input {
    name: String,
    bytes: Vec<u8>,
    text: String,
    sdp_type: Option<SdpType>,
}

fn input(p: &Path) -> Input {
    let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let is_sdp = file_name(p).ends_with(".sdp");
    let (text, sdp_type) = match rtcinspect::input::descriptions(&bytes) {
        Ok(list) if is_sdp && list.len() == 1 => (
            list[0].sdp.to_string(),
            list[0].sdp_type.as_deref().and_then(SdpType::from_name),
        ),
        _ => (String::from_utf8_lossy(&bytes).into_owned(), None),
    };
    Input {
        name: file_name(p),
        text,
        sdp_type,
        bytes,
    }
}

/// `validate FILE`: the parser's findings and `lint::check_as`'s, for input `i`.
fn parse(inp: &Input) -> Session<'_> {
    match std::str::from_utf8(&inp.bytes) {
        Ok(_) => sdp::parse(&inp.text),
        Err(_) => sdp::parse_bytes(&inp.bytes, &ParseOptions::default()),
    }
}

fn single_findings(s: &Session<'_>, ty: Option<SdpType>) -> Vec<Diagnostic> {
    let mut v: Vec<Diagnostic> = s.diagnostics.clone();
    v.extend(lint::check_as(s, ty));
    v
}

/// The parser's findings of session `s`, and their labels, pointed at input `i`.
fn syntax_findings(s: &Session<'_>, i: usize) -> Vec<Diagnostic> {
    let mut v = s.diagnostics.clone();
    for d in &mut v {
        d.input = i;
        for l in &mut d.secondary {
            l.input = i;
        }
    }
    v
}

/// `candidate FILE`: the findings of reading, of each candidate, and of the set; and the
/// candidates (for pairing).
fn candidate_findings(inp: &Input, i: usize) -> (Vec<Diagnostic>, Vec<Candidate<'_>>) {
    let text = &inp.text;
    let mut out = Vec::new();
    let (cands, expected) = if text.trim_start().starts_with("v=") {
        let s = sdp::parse(text);
        out.extend(s.diagnostics.iter().cloned());
        let expected = s
            .ice_ufrag()
            .or_else(|| s.media.iter().find_map(|m| m.ice_ufrag()))
            .map(|t| t.to_string());
        let cands: Vec<Candidate<'_>> = s
            .media
            .iter()
            .flat_map(|m| m.candidates())
            .cloned()
            .collect();
        (cands, expected)
    } else {
        let list = ice::parse_list(text).unwrap_or_else(|e| panic!("{}: {e}", inp.name));
        out.extend(list.diagnostics.iter().cloned());
        (list.plain_candidates(), None)
    };
    for c in &cands {
        out.extend(ice::check_candidate(c));
    }
    out.extend(ice::analyze(&cands, expected.as_deref()).diagnostics);
    for d in &mut out {
        d.input = i;
        for l in &mut d.secondary {
            l.input = i;
        }
    }
    (out, cands)
}

/// The findings of a rule's fixture(s) and the inputs they point into.
fn run_fixture(files: &[PathBuf]) -> (Vec<Diagnostic>, Vec<Input>) {
    let names: Vec<String> = files.iter().map(|p| file_name(p)).collect();
    let find = |suffix: &str| files.iter().find(|p| file_name(p).ends_with(suffix));
    let single = |suffix: &str| {
        names.len() == 1 && names[0].ends_with(suffix) && names[0].matches('.').count() == 1
    };
    if single(".sdp") {
        let inputs = vec![input(&files[0])];
        let s = parse(&inputs[0]);
        let f = single_findings(&s, inputs[0].sdp_type);
        return (f, inputs);
    }
    if single(".candidates") {
        let inputs = vec![input(&files[0])];
        let (f, _) = candidate_findings(&inputs[0], 0);
        return (f, inputs);
    }
    if let (Some(o), Some(a)) = (find(".offer.sdp"), find(".answer.sdp")) {
        let mut inputs = vec![input(o), input(a)];
        if let Some(p) = find(".previous.sdp") {
            inputs.push(input(p));
        }
        assert_eq!(
            inputs.len(),
            files.len(),
            "unexpected files among {names:?}"
        );
        let sessions: Vec<Session<'_>> = inputs.iter().map(parse).collect();
        let mut f = Vec::new();
        for (i, s) in sessions.iter().enumerate() {
            f.extend(syntax_findings(s, i));
        }
        let side = |i: usize| (&sessions[i], inputs[i].sdp_type);
        f.extend(lint::check_exchange(
            side(0),
            side(1),
            (sessions.len() > 2).then(|| side(2)),
        ));
        return (f, inputs);
    }
    if let (Some(o), Some(a), 2) = (
        find(".offer.candidates"),
        find(".answer.candidates"),
        files.len(),
    ) {
        let inputs = vec![input(o), input(a)];
        let (mut f, oc) = candidate_findings(&inputs[0], 0);
        let (fa, ac) = candidate_findings(&inputs[1], 1);
        f.extend(fa);
        let options = PairingOptions::default();
        let offerer = ice::form_check_list(&oc, &ac, Role::Controlling, &options);
        f.extend(offerer.diagnostics);
        let answerer = ice::form_check_list(&ac, &oc, Role::Controlled, &options);
        f.extend(answerer.diagnostics.into_iter().map(|mut d| {
            d.input = 1;
            d
        }));
        return (f, inputs);
    }
    if single(".capture") {
        return capture_findings(&files[0]);
    }
    panic!("fixture files {names:?} follow no naming convention (see fixtures/README.md)");
}

/// `rtcinspect pcap CAPTURE --sdp OFFER --sdp ANSWER`: the reader's findings and the
/// handshake analysis', for the capture and SDPs a `.capture` fixture names.
fn capture_findings(fixture: &Path) -> (Vec<Diagnostic>, Vec<Input>) {
    use rtcinspect::capture::{read_capture, Event, Limits};
    use rtcinspect::handshake::{Analyzer, Peers};
    let spec = std::fs::read_to_string(fixture).unwrap();
    let field = |key: &str| {
        spec.lines().find_map(|l| {
            l.strip_prefix(key)
                .map(|v| root().join("fixtures").join(v.trim()))
        })
    };
    let capture = field("capture:").expect("a `capture:` line");
    let sdp_text = |key: &str| field(key).map(|p| std::fs::read_to_string(p).unwrap());
    let (offer, answer) = (sdp_text("offer:"), sdp_text("answer:"));
    let offer = offer.as_deref().map(sdp::parse);
    let answer = answer.as_deref().map(sdp::parse);
    let mut analyzer = Analyzer::new(Peers::from_sdps(offer.as_ref(), answer.as_ref()));
    let mut findings = Vec::new();
    let file = std::fs::File::open(&capture).unwrap();
    read_capture(file, &Limits::default(), &mut |e| match e {
        Event::Packet(p) => analyzer.push(&p),
        Event::Finding(d) => findings.push(d),
        Event::Progress(_) => {}
    })
    .unwrap();
    // The C family is the reader's alone (`rtcinspect pcap --flows`); the others add the
    // handshake analysis.
    if !code_of(fixture).starts_with('C') {
        findings.extend(analyzer.finish().findings);
    }
    let name = capture
        .strip_prefix(root().join("fixtures"))
        .unwrap()
        .display()
        .to_string();
    let inputs = vec![Input {
        name,
        bytes: Vec::new(),
        text: String::new(),
        sdp_type: None,
    }];
    (findings, inputs)
}

fn rendering(findings: &[Diagnostic], inputs: &[Input]) -> String {
    let sources: Vec<SourceText<'_>> = inputs
        .iter()
        .map(|i| SourceText {
            origin: &i.name,
            text: &i.text,
        })
        .collect();
    findings
        .iter()
        .map(|d| render(d, &sources, false))
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_doc(rule: &Rule) -> Result<(), String> {
    let heading = format!("# {} {}\n", rule.code, rule.name);
    if !rule.doc.starts_with(&heading) {
        return Err(format!("does not start with `{}`", heading.trim_end()));
    }
    let mut at = 0;
    for section in [
        "\n## What\n",
        "\n## Why it breaks calls\n",
        if rule.code.starts_with(['C', 'H']) {
            "\n## Example\n```text\n"
        } else {
            "\n## Example\n```sdp\n"
        },
        "\n## Reference\n",
    ] {
        match rule.doc[at..].find(section) {
            Some(i) => at += i + section.len(),
            None => {
                return Err(format!(
                    "lacks `{}` (or it is out of order)",
                    section.trim().lines().next().unwrap()
                ))
            }
        }
        let body = rule.doc[at..].split("\n## ").next().unwrap_or("");
        if body.trim().is_empty() {
            return Err(format!("`{}` is empty", section.trim()));
        }
    }
    // The Reference section cites the registry's reference (its document and number at least).
    let first = rule.reference.split([',', ';']).next().unwrap_or_default();
    let cited: String = first.split(' ').take(2).collect::<Vec<_>>().join(" ");
    if !rule.doc[at..].contains(&cited) {
        return Err(format!(
            "`Reference` does not cite `{cited}` (registry: {})",
            rule.reference
        ));
    }
    Ok(())
}

#[test]
fn registry_docs_fixtures_and_snapshots_are_in_step() {
    let codes: BTreeSet<&str> = RULES.iter().map(|r| r.code).collect();
    let mut problems = Vec::new();

    // Nothing without a rule.
    for p in files_in(&root().join("docs/rules")) {
        let name = file_name(&p);
        match name.strip_suffix(".md") {
            Some(code) if codes.contains(code) => {}
            _ => problems.push(format!("docs/rules/{name}: no rule with this code")),
        }
    }
    let mut fixtures: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for p in files_in(&root().join("fixtures/rules")) {
        let code = code_of(&p);
        if codes.contains(code.as_str()) {
            fixtures.entry(code).or_default().push(p);
        } else {
            problems.push(format!(
                "fixtures/rules/{}: no rule with this code",
                file_name(&p)
            ));
        }
    }
    let snapshots = root().join("tests/snapshots");
    if snapshots.is_dir() {
        for p in files_in(&snapshots) {
            let name = file_name(&p);
            if let Some(code) = name
                .strip_prefix("rules__")
                .and_then(|n| n.strip_suffix(".snap"))
            {
                let allowed = NO_FIXTURE.iter().any(|(c, _)| *c == code);
                if !codes.contains(code) || allowed {
                    problems.push(format!(
                        "tests/snapshots/{name}: no rule with a fixture has this code"
                    ));
                }
            }
        }
    }

    for rule in RULES.iter() {
        if let Err(e) = check_doc(rule) {
            problems.push(format!("docs/rules/{}.md {e}", rule.code));
        }
        let exempt = NO_FIXTURE.iter().find(|(c, _)| *c == rule.code);
        let Some(files) = fixtures.get(rule.code) else {
            if exempt.is_none() {
                problems.push(format!(
                    "{} {}: no fixture in fixtures/rules/",
                    rule.code, rule.name
                ));
            }
            continue;
        };
        if exempt.is_some() {
            problems.push(format!(
                "{}: has a fixture but is in NO_FIXTURE; remove it from there",
                rule.code
            ));
            continue;
        }
        let (findings, inputs) = run_fixture(files);
        let got: BTreeSet<&str> = findings.iter().map(|d| d.code).collect();
        let mut want = BTreeSet::from([rule.code]);
        if let Some((_, also, _)) = ALSO.iter().find(|(c, _, _)| *c == rule.code) {
            want.extend(also.iter().copied());
        }
        if got != want {
            problems.push(format!(
                "{} {}: its fixture gives the codes {got:?}, expected exactly {want:?}:\n{}",
                rule.code,
                rule.name,
                rendering(&findings, &inputs)
            ));
            continue;
        }
        insta::assert_snapshot!(rule.code, rendering(&findings, &inputs));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
