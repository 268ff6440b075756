//! ICE rules on one description (family `J`, J001–J099), and the candidate rules of family `I`
//! applied to the candidates the description carries.
//!
//! | rule | when |
//! |---|---|
//! | J001 `ice-ufrag-length` | an `a=ice-ufrag` outside 4–256 characters (RFC 8839 §5.4) |
//! | J002 `ice-pwd-length` | an `a=ice-pwd` outside 22–256 characters (RFC 8839 §5.4) |
//! | J003 `missing-ice-credentials` | a non-rejected DTLS section whose ufrag or pwd comes from nowhere |
//! | J004 `ice-pwd-conflict` | one ufrag with two passwords in the description |
//! | J005 `ice-lite-non-host-candidate` | an ICE lite description with non-host candidates (RFC 8445 §2.5) |
//! | J006 `candidate-after-end-of-candidates` | a candidate after `a=end-of-candidates` in its section |
//! | J007 `ice-options-comma-separated` | `a=ice-options` tags separated by commas |
//!
//! Every `a=candidate` goes through [`crate::ice::check_candidate`] (I001–I015), and the
//! candidates of each transport (a section, or all the sections of a BUNDLE group, split by
//! ufrag) through [`crate::ice::analyze`] with the transport's `a=ice-ufrag` (I019–I026).
//! I027 `no-candidates` is decided here rather than by the set analysis: a description without
//! candidates is normal when it advertises trickle (`a=ice-options:trickle`, RFC 8838 §4.1.1),
//! as browsers' offers and answers do; it is reported only for a transport that has no
//! candidate and no trickle, pointing at its `m=` line.

use super::context::Context;
use super::transport::{self, Found};
use crate::diag::{registry as r, Diagnostic};
use crate::ice::analysis::analyze_classified;
use crate::ice::check::check_classified;
use crate::ice::{Address, Candidate, CandidateType};
use crate::sdp::attributes::{AttrValue, IceOptions};
use crate::sdp::Media;
use crate::span::Tok;

pub(super) fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let session = cx.session;
    // One walk per scope for the rules on single attributes.
    for v in session.attribute_values() {
        match v {
            AttrValue::IceUfrag(_) | AttrValue::IcePwd(_) => length(v, out),
            AttrValue::IceOptions(o) => options(o, out),
            _ => {}
        }
    }
    let lite = session.is_ice_lite();
    let candidates: Vec<Classified<'_, '_>> = session
        .media
        .iter()
        .map(|m| section(lite, m, out))
        .collect();
    credentials(cx, out);
    candidate_sets(cx, &candidates, out);
}

/// The candidates of a section, in order, each with its connection address classified once
/// for the checks on the candidate and on its set.
type Classified<'s, 'a> = Vec<(&'s Candidate<'a>, Address<'s>)>;

/// J001, J002: lengths in ice-chars (ASCII, so bytes).
fn length(v: &AttrValue<'_>, out: &mut Vec<Diagnostic>) {
    let (t, rule, min, what) = match v {
        AttrValue::IceUfrag(t) => (t, &r::ICE_UFRAG_LENGTH, 4, "ufrag"),
        AttrValue::IcePwd(t) => (t, &r::ICE_PWD_LENGTH, 22, "pwd"),
        _ => return,
    };
    let n = t.len();
    if n < min || n > 256 {
        out.push(
            Diagnostic::new(
                rule,
                t.span,
                format!(
                    "ICE {what} of {n} characters: RFC 8839 wants {min} to 256; Chrome \
                     rejects the description"
                ),
            )
            .with_help(format!(
                "use the {what} the ICE agent generated (browsers make a 4-character ufrag \
                 and a 22- or 24-character pwd); do not shorten or hand-edit it"
            )),
        );
    }
}

/// J003 and J004.
fn credentials(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (i, sec) in cx.sections.iter().enumerate() {
        if sec.is_rejected() || !sec.uses_dtls() {
            continue;
        }
        let missing: Vec<&str> = [
            ("a=ice-ufrag", transport::find(cx, i, |s| s.ufrag.is_some())),
            ("a=ice-pwd", transport::find(cx, i, |s| s.pwd.is_some())),
        ]
        .into_iter()
        .filter(|(_, f)| *f == Found::Missing)
        .map(|(n, _)| n)
        .collect();
        if !missing.is_empty() {
            let m = sec.media;
            out.push(
                Diagnostic::new(
                    &r::MISSING_ICE_CREDENTIALS,
                    m.span(),
                    format!(
                        "{} has no {} (neither its own, at session level, nor from a BUNDLE \
                         group's tagged section): the peer cannot answer its connectivity checks",
                        super::structure::describe(m),
                        missing.join(" and ")
                    ),
                )
                .with_help(
                    "keep the a=ice-ufrag and a=ice-pwd lines the ICE agent wrote; Chrome \
                     rejects a description without them",
                ),
            );
        }
    }
    // J004: one ufrag, one pwd, across the whole description.
    let mut seen: Vec<(&Tok<'_>, &Tok<'_>)> = Vec::new();
    let top = (cx.top.ufrag, cx.top.pwd);
    let effective = (0..cx.sections.len()).map(|i| (cx.ufrag(i), cx.pwd(i)));
    for (u, p) in std::iter::once(top).chain(effective) {
        let (Some(u), Some(p)) = (u, p) else { continue };
        match seen.iter().find(|(su, _)| su.as_str() == u.as_str()) {
            Some((_, sp)) if sp.as_str() != p.as_str() && sp.span != p.span => out.push(
                Diagnostic::new(
                    &r::ICE_PWD_CONFLICT,
                    p.span,
                    format!(
                        "ufrag `{u}` comes with another pwd here than before: checks signed with \
                         one of them fail"
                    ),
                )
                .with_label(sp.span, "first pwd for this ufrag")
                .with_help("write the same pwd in every section that uses this ufrag: an ICE agent has one pwd per ufrag"),
            ),
            Some(_) => {}
            None => seen.push((u, p)),
        }
    }
}

/// J007.
fn options(o: &IceOptions<'_>, out: &mut Vec<Diagnostic>) {
    if o.tags.contains(',') {
        let fixed = o.options().collect::<Vec<_>>().join(" ");
        out.push(
            Diagnostic::new(
                &r::ICE_OPTIONS_COMMAS,
                o.tags.span,
                format!(
                    "ICE option tags separated by commas (`{}`): RFC 8839 separates them \
                     with spaces, so other agents read one unknown tag and miss {}",
                    o.tags,
                    o.options()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            )
            .with_help(format!("write `a=ice-options:{fixed}`")),
        );
    }
}

/// One walk over a section: J001, J002 and J007 on its attributes, I001–I015 on each
/// candidate, J005, J006. Returns the section's candidates.
fn section<'s, 'a>(lite: bool, m: &'s Media<'a>, out: &mut Vec<Diagnostic>) -> Classified<'s, 'a> {
    let mut candidates = Vec::new();
    let mut end: Option<crate::span::Span> = None;
    for a in m.attributes() {
        match &a.parsed {
            v @ (AttrValue::IceUfrag(_) | AttrValue::IcePwd(_)) => length(v, out),
            AttrValue::IceOptions(o) => options(o, out),
            AttrValue::EndOfCandidates => end = end.or(Some(a.name.span)),
            AttrValue::Candidate(c) => {
                let addr = c.address_kind();
                out.extend(check_classified(c, &addr));
                candidates.push((&**c, addr));
                if lite && c.candidate_type() != CandidateType::Host {
                    out.push(
                        Diagnostic::new(
                            &r::ICE_LITE_NON_HOST,
                            c.typ.span,
                            format!(
                                "`typ {}` candidate in an ICE lite description: a lite agent has \
                                 only host candidates, and never gathers through STUN or TURN",
                                c.typ
                            ),
                        )
                        .with_help(
                            "drop `a=ice-lite` if this agent gathers reflexive or relayed \
                             candidates (it is then a full agent), or drop those candidates",
                        ),
                    );
                }
                if let Some(e) = end {
                    out.push(
                        Diagnostic::new(
                            &r::CANDIDATE_AFTER_END,
                            a.name.span,
                            "candidate after `a=end-of-candidates` in the same section: the peer \
                             has stopped expecting candidates and may ignore it",
                        )
                        .with_label(e, "end of candidates signalled here")
                        .with_help("write a=end-of-candidates after the last candidate"),
                    );
                }
            }
            _ => {}
        }
    }
    candidates
}

/// I019–I027 per transport; `candidates` are each section's.
fn candidate_sets(
    cx: &Context<'_, '_>,
    candidates: &[Classified<'_, '_>],
    out: &mut Vec<Diagnostic>,
) {
    for (o, owner) in cx.sections.iter().enumerate() {
        if cx.owners[o] != o || owner.is_rejected() || !owner.uses_dtls() {
            continue;
        }
        let sections: Vec<usize> = (0..cx.sections.len())
            .filter(|&i| cx.owners[i] == o && !cx.sections[i].is_rejected())
            .collect();
        // Candidates split by the ufrag of the section that carries them.
        let mut sets: Vec<(Option<&str>, Classified<'_, '_>)> = Vec::new();
        for &i in &sections {
            let u = cx.ufrag(i).map(|t| t.as_str());
            let pos = match sets.iter().position(|(su, _)| *su == u) {
                Some(p) => p,
                None => {
                    sets.push((u, Vec::new()));
                    sets.len() - 1
                }
            };
            sets[pos].1.extend_from_slice(&candidates[i]);
        }
        let total: usize = sets.iter().map(|(_, c)| c.len()).sum();
        if total == 0 {
            // Trickle ICE advertised for a section: its own or the session's ice-options.
            let trickle = cx.top.trickle || sections.iter().any(|&i| cx.sections[i].attrs.trickle);
            if !trickle {
                out.push(
                    Diagnostic::new(
                        &r::NO_CANDIDATES,
                        owner.media.span(),
                        format!(
                            "{} has no candidates and does not advertise trickle ICE: the peer \
                             has no address to send checks to",
                            super::structure::describe(owner.media)
                        ),
                    )
                    .with_help(
                        "send the description after ICE gathering completes (it then carries \
                         the candidates), or add `a=ice-options:trickle` and signal the \
                         candidates as they come",
                    ),
                );
            }
            continue;
        }
        for (u, cands) in &sets {
            if cands.is_empty() {
                continue;
            }
            let analysis = analyze_classified(cands, *u);
            out.extend(
                analysis
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.code != r::NO_CANDIDATES.code),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cut down from fixtures/real/ndc-trickle/offer.final.sdp, with a srflx candidate so that
    /// the set analysis is quiet.
    const NDC: &str = "v=0\r\no=rtc 3115082891 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n\
        a=group:BUNDLE 0\r\na=ice-options:trickle\r\n\
        a=fingerprint:sha-256 DC:93:B1:3D:57:06:F1:92:A2:86:88:BB:EC:49:E4:D9:FA:2E:35:90:9D:2E:95:21:28:E6:34:D5:E7:01:C2:D3\r\n\
        m=application 47273 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 10.99.0.1\r\n\
        a=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\na=setup:actpass\r\n\
        a=ice-ufrag:Y+qG\r\na=ice-pwd:Z4QjHHg2o7PUWQ7BginSR5\r\n\
        a=candidate:1 1 UDP 2114977791 10.99.0.1 47273 typ host\r\n\
        a=candidate:3 1 UDP 1677729535 198.51.100.7 47273 typ srflx raddr 10.99.0.1 rport 47273\r\n\
        a=end-of-candidates\r\n";

    fn run(text: &str) -> Vec<(&'static str, u32, u32)> {
        crate::lint::context::findings_of(check, text, true)
    }

    #[test]
    fn clean() {
        assert_eq!(run(NDC), []);
    }

    #[test]
    fn credential_lengths() {
        assert_eq!(
            run(&NDC.replace("ice-ufrag:Y+qG", "ice-ufrag:Y+q")),
            [("J001", 14, 13)]
        );
        let short = NDC.replace("Z4QjHHg2o7PUWQ7BginSR5", "Z4QjHHg2o7PUWQ7BginSR");
        assert_eq!(run(&short), [("J002", 15, 11)]);
    }

    #[test]
    fn missing_and_conflicting_credentials() {
        let s = NDC.replace("a=ice-pwd:Z4QjHHg2o7PUWQ7BginSR5\r\n", "");
        assert_eq!(run(&s), [("J003", 8, 1)]);
        // At session level they cover the section.
        let s = NDC
            .replace("a=ice-pwd:Z4QjHHg2o7PUWQ7BginSR5\r\n", "")
            .replace("t=0 0\r\n", "t=0 0\r\na=ice-pwd:Z4QjHHg2o7PUWQ7BginSR5\r\n");
        assert_eq!(run(&s), []);
        let s = NDC.replace(
            "t=0 0\r\n",
            "t=0 0\r\na=ice-ufrag:Y+qG\r\na=ice-pwd:Z4QjHHg2o7PUWQ7BginSR6\r\n",
        );
        assert_eq!(run(&s), [("J004", 17, 11)]);
    }

    #[test]
    fn lite_end_of_candidates_and_options() {
        let s = NDC.replace("t=0 0\r\n", "t=0 0\r\na=ice-lite\r\n");
        assert_eq!(run(&s), [("J005", 18, 55)]);
        let s = NDC.replace(
            "a=candidate:1 1 UDP 2114977791 10.99.0.1 47273 typ host\r\n",
            "a=end-of-candidates\r\na=candidate:1 1 UDP 2114977791 10.99.0.1 47273 typ host\r\n",
        );
        let d = run(&s);
        assert_eq!(d, [("J006", 17, 3), ("J006", 18, 3)]);
        let s = NDC.replace("ice-options:trickle", "ice-options:ice2,trickle");
        assert_eq!(run(&s), [("J007", 6, 15)]);
    }

    #[test]
    fn candidates_are_checked_with_the_i_rules() {
        // An unspecified address (I009), and a set without srflx or public host (I019).
        let s = NDC.replace(
            "a=candidate:3 1 UDP 1677729535 198.51.100.7 47273 typ srflx raddr 10.99.0.1 rport 47273\r\n",
            "a=candidate:2 1 UDP 2114977791 0.0.0.0 47273 typ host\r\n",
        );
        let d = run(&s);
        assert!(d.contains(&("I009", 17, 32)), "{d:?}");
        assert!(d.contains(&("I019", 16, 13)), "{d:?}");
        // A candidate of another ufrag (I023).
        let s = NDC.replace("typ host\r\n", "typ host ufrag abcd\r\n");
        let d = run(&s);
        assert_eq!(d, [("I023", 16, 63)]);
    }

    #[test]
    fn no_candidates_is_reported_only_without_trickle() {
        let bare: String = NDC
            .lines()
            .filter(|l| !l.starts_with("a=candidate") && !l.starts_with("a=end-of"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(run(&bare), []);
        let s = bare.replace("a=ice-options:trickle\n", "");
        assert_eq!(run(&s), [("I027", 7, 1)]);
    }
}
