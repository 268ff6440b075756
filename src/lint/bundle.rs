//! BUNDLE rules on one description (family `J`, J201–J299, RFC 9143).
//!
//! | rule | when |
//! |---|---|
//! | J201 `bundle-mid-not-found` | a BUNDLE group lists a mid no section carries |
//! | J202 `bundle-only-with-port` | `a=bundle-only` on a section with a non-zero port |
//! | J203 `bundle-tag-unusable` | the first (tagged) mid names a rejected or bundle-only section |
//! | J204 `duplicate-bundle-mid` | a mid in two BUNDLE groups, or twice in one |
//! | J205 `bundle-transport-differs` | sections of a group with other ICE credentials, fingerprints or setup than the tagged one |
//!
//! Repeating the transport attributes in every bundled section is not reported: RFC 9143
//! §7.1.3 lets the offerer do it, and Chromium, Firefox, aiortc and libdatachannel all repeat
//! them in offers and answers alike. Only values that differ from the tagged section's are.

use super::context::{Context, Section};
use super::structure::describe;
use super::transport::Bundle;
use crate::diag::{registry as r, Diagnostic};
use crate::sdp::attributes::Fingerprint;
use crate::sdp::Media;
use crate::span::Span;

pub(super) fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let mut listed: Vec<(&str, Span)> = Vec::new();
    for b in &cx.bundles {
        for (mid, member) in b.mids.iter().zip(&b.members) {
            if member.is_none() {
                out.push(
                    Diagnostic::new(
                        &r::BUNDLE_MID_NOT_FOUND,
                        mid.span,
                        format!("BUNDLE group lists mid `{mid}`, but no media section has it"),
                    )
                    .with_help(
                        "list only the a=mid values of the sections to bundle; Chrome rejects \
                         the description",
                    ),
                );
            }
            match listed.iter().find(|(m, _)| *m == mid.as_str()) {
                Some((_, first)) => out.push(
                    Diagnostic::new(
                        &r::DUPLICATE_BUNDLE_MID,
                        mid.span,
                        format!("mid `{mid}` is already in a BUNDLE group"),
                    )
                    .with_label(*first, "listed here first")
                    .with_help("a section belongs to at most one BUNDLE group; list it once"),
                ),
                None => listed.push((mid.as_str(), mid.span)),
            }
        }
        tag(cx, b, out);
        differences(cx, b, out);
    }
    for sec in &cx.sections {
        let Some(ml) = sec.line else { continue };
        let m = sec.media;
        if ml.port_value != 0 && sec.attrs.bundle_only {
            if let Some(a) = m.attribute("bundle-only") {
                out.push(
                    Diagnostic::new(
                        &r::BUNDLE_ONLY_WITH_PORT,
                        ml.port.span,
                        format!(
                            "{} is bundle-only with port {}: in an initial offer a bundle-only \
                             section has port 0, so that a peer without BUNDLE rejects it",
                            describe(m),
                            ml.port_value
                        ),
                    )
                    .with_label(a.name.span, "bundle-only here")
                    .with_help(
                        "use port 0 in an initial offer; a subsequent offer gives bundled \
                         sections the BUNDLE port",
                    ),
                );
            }
        }
    }
}

/// J203.
fn tag(cx: &Context<'_, '_>, b: &Bundle<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = b.tagged() else { return };
    let sec = &cx.sections[t];
    let m = sec.media;
    let why = if sec.attrs.bundle_only {
        "bundle-only"
    } else if sec.is_rejected() {
        "rejected (port 0)"
    } else {
        return;
    };
    out.push(
        Diagnostic::new(
            &r::BUNDLE_TAG_UNUSABLE,
            b.mids[0].span,
            format!(
                "the BUNDLE group's tagged (first) mid `{}` is {why}: its transport cannot be \
                 the group's",
                b.mids[0]
            ),
        )
        .with_label(m.span(), format!("{} is {why}", describe(m)))
        .with_help("list first a section that has a port and is not bundle-only"),
    );
}

/// A transport parameter of a section, as written: what to compare, and where it is.
struct Param<'s> {
    value: Value<'s>,
    span: Span,
}

/// What a [`Param`] compares.
enum Value<'s> {
    /// `a=ice-ufrag` and `a=ice-pwd` (when there is one), as written.
    Credentials(&'s str, Option<&'s str>),
    /// The section's `a=fingerprint` lines (the section, the first one and their number),
    /// compared as a set: hash function and digest ignoring case, in any order.
    Fingerprints(&'s Media<'s>, &'s Fingerprint<'s>, usize),
    /// The value of `a=setup`, as written.
    Setup(&'s str),
}

impl Value<'_> {
    fn same(&self, other: &Value<'_>) -> bool {
        match (self, other) {
            (Value::Credentials(u, p), Value::Credentials(v, q)) => u == v && p == q,
            (Value::Fingerprints(_, f, 1), Value::Fingerprints(_, g, 1)) => same_fingerprint(f, g),
            (Value::Fingerprints(a, _, n), Value::Fingerprints(b, _, k)) => {
                n == k && same_fingerprints(a, b)
            }
            (Value::Setup(a), Value::Setup(b)) => a == b,
            _ => false,
        }
    }
}

/// Whether two fingerprints are the same: hash function names and hex digits compare ignoring
/// case.
fn same_fingerprint(f: &Fingerprint<'_>, g: &Fingerprint<'_>) -> bool {
    f.hash_function.eq_ignore_ascii_case(&g.hash_function)
        && f.fingerprint.eq_ignore_ascii_case(&g.fingerprint)
}

/// Whether two sections with as many fingerprints carry the same ones, each as often.
fn same_fingerprints(a: &Media<'_>, b: &Media<'_>) -> bool {
    let count = |m: &Media<'_>, f: &Fingerprint<'_>| {
        m.fingerprints().filter(|g| same_fingerprint(f, g)).count()
    };
    a.fingerprints().all(|f| count(a, f) == count(b, f))
}

/// The section's own transport parameters, by kind, or `None` when it has none of that kind.
fn own<'s>(sec: &Section<'s, '_>) -> [(&'static str, Option<Param<'s>>); 3] {
    let m = sec.media;
    let creds = sec.attrs.ufrag.map(|u| Param {
        value: Value::Credentials(u.as_str(), sec.attrs.pwd.map(|p| p.as_str())),
        span: u.span,
    });
    let fp = sec.attrs.fingerprint.map(|f| Param {
        value: Value::Fingerprints(m, f, sec.attrs.fingerprints),
        span: f.fingerprint.span,
    });
    let setup = m.attribute("setup").and_then(|a| {
        a.value.as_ref().map(|v| Param {
            value: Value::Setup(v.as_str()),
            span: v.span,
        })
    });
    [
        ("ICE credentials (a=ice-ufrag/a=ice-pwd)", creds),
        ("certificate fingerprints", fp),
        ("DTLS role (a=setup)", setup),
    ]
}

/// J205.
fn differences(cx: &Context<'_, '_>, b: &Bundle<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = b.tagged() else { return };
    let tagged_own = own(&cx.sections[t]);
    for i in b.sections() {
        if i == t || cx.sections[i].is_rejected() {
            continue;
        }
        let m = cx.sections[i].media;
        for ((what, mine), (_, theirs)) in own(&cx.sections[i]).into_iter().zip(&tagged_own) {
            let (Some(mine), Some(theirs)) = (mine, theirs) else {
                continue;
            };
            if !mine.value.same(&theirs.value) {
                out.push(
                    Diagnostic::new(
                        &r::BUNDLE_TRANSPORT_DIFFERS,
                        mine.span,
                        format!(
                            "{} carries other {what} than the BUNDLE group's tagged section \
                             (mid `{}`): once bundled only the tagged section's count",
                            describe(m),
                            b.mids[0]
                        ),
                    )
                    .with_label(theirs.span, format!("the tagged section's {what}"))
                    .with_help(
                        "write the same transport parameters in every section of the group \
                         (libdatachannel keeps one set per description and may pick this one)",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cut down from fixtures/real/chromium-dc-only/offer.sdp, with a second (audio-less) data
    /// section so that the group has two members.
    const TWO: &str = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n\
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n\
        a=ice-ufrag:R1sy\r\na=ice-pwd:xhM15vGpuDB8+wPghXszLUTN\r\na=ice-options:trickle\r\n\
        a=fingerprint:sha-256 A6:91:2D:72:52:4F:40:DA:04:74:4A:48:50:87:64:39:A1:02:F3:39:FA:9B:5B:3D:04:F4:83:89:ED:B7:C9:91\r\n\
        a=setup:actpass\r\na=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n\
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n\
        a=ice-ufrag:R1sy\r\na=ice-pwd:xhM15vGpuDB8+wPghXszLUTN\r\na=ice-options:trickle\r\n\
        a=fingerprint:sha-256 A6:91:2D:72:52:4F:40:DA:04:74:4A:48:50:87:64:39:A1:02:F3:39:FA:9B:5B:3D:04:F4:83:89:ED:B7:C9:91\r\n\
        a=setup:actpass\r\na=mid:1\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n";

    fn run(text: &str) -> Vec<(&'static str, u32, u32)> {
        crate::lint::context::findings_of(check, text, true)
    }

    #[test]
    fn clean() {
        assert_eq!(run(TWO), []);
    }

    #[test]
    fn group_members() {
        assert_eq!(
            run(&TWO.replace("BUNDLE 0 1", "BUNDLE 0 1 2")),
            [("J201", 5, 20)]
        );
        assert_eq!(
            run(&TWO.replace("BUNDLE 0 1", "BUNDLE 0 1 0")),
            [("J204", 5, 20)]
        );
        let two_groups = TWO.replace("BUNDLE 0 1\r\n", "BUNDLE 0 1\r\na=group:BUNDLE 1\r\n");
        assert_eq!(run(&two_groups), [("J204", 6, 16)]);
    }

    #[test]
    fn bundle_only_and_tag() {
        let s = TWO.replace("a=mid:1\r\n", "a=mid:1\r\na=bundle-only\r\n");
        assert_eq!(run(&s), [("J202", 16, 15)]);
        let s = s.replacen("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:R1sy\r\na=ice-pwd:xhM15vGpuDB8+wPghXszLUTN\r\na=ice-options:trickle\r\na=fingerprint:sha-256 A6:91:2D:72:52:4F:40:DA:04:74:4A:48:50:87:64:39:A1:02:F3:39:FA:9B:5B:3D:04:F4:83:89:ED:B7:C9:91\r\na=setup:actpass\r\na=mid:1\r\na=bundle-only", "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=bundle-only", 1);
        assert_eq!(run(&s), []);
        let s = TWO.replace("BUNDLE 0 1", "BUNDLE 1 0").replacen(
            "a=mid:1",
            "a=mid:1\r\na=bundle-only",
            1,
        );
        assert_eq!(run(&s.replace("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:R1sy\r\na=ice-pwd:xhM15vGpuDB8+wPghXszLUTN\r\na=ice-options:trickle\r\na=fingerprint:sha-256 A6:91:2D:72:52:4F:40:DA:04:74:4A:48:50:87:64:39:A1:02:F3:39:FA:9B:5B:3D:04:F4:83:89:ED:B7:C9:91\r\na=setup:actpass\r\na=mid:1", "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:1")), [("J203", 5, 16)]);
    }

    #[test]
    fn transport_parameters_must_agree() {
        // Only the second section's ufrag changes.
        let i = TWO.rfind("ice-ufrag:R1sy").unwrap();
        let s = format!("{}ice-ufrag:Q9xz{}", &TWO[..i], &TWO[i + 14..]);
        assert_eq!(run(&s), [("J205", 18, 13)]);
        let i = TWO.rfind("setup:actpass").unwrap();
        let s = format!("{}setup:active{}", &TWO[..i], &TWO[i + 13..]);
        assert_eq!(run(&s), [("J205", 22, 9)]);
    }
}
