//! DTLS rules on one description (family `J`, J101–J199).
//!
//! | rule | when |
//! |---|---|
//! | J101 `missing-fingerprint` | a non-rejected DTLS section with no fingerprint from anywhere (RFC 8122 §5) |
//! | J102 `unknown-fingerprint-hash` | a hash function outside sha-1/224/256/384/512, md5, md2 |
//! | J103 `weak-fingerprint-hash` | md5 or md2 |
//! | J104 `fingerprint-length-mismatch` | a digest whose length is not its hash function's |
//! | J105 `missing-setup` | a non-rejected DTLS section with no `a=setup` from anywhere (RFC 8842 §5) |
//! | J106 `setup-holdconn` | `a=setup:holdconn` (RFC 4145 §4) |
//! | J107 `offer-setup-not-actpass` | an offer (when the caller says so) with setup other than actpass |
//! | J108 `tls-id-length` | an `a=tls-id` outside 20–255 characters (RFC 8842 §4) |
//!
//! Hash function names compare case-insensitively (RFC 8122 §5 ABNF strings).

use super::context::Context;
use super::transport::{self, Found};
use crate::diag::{registry as r, Diagnostic};
use crate::sdp::attributes::{AttrValue, Setup};
use crate::sdp::{Line, Session};

pub(super) fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    presence(cx, out);
    let scopes = std::iter::once((&cx.session.lines, &cx.top))
        .chain(cx.sections.iter().map(|s| (&s.media.lines, &s.attrs)));
    for (lines, attrs) in scopes {
        // The index has a scope's first fingerprint: walk only scopes with more to check.
        if attrs.fingerprints > 1 || attrs.holdconn || attrs.tls_id {
            attributes(lines, out);
        } else if let Some(f) = attrs.fingerprint {
            fingerprint(f, out);
        }
    }
}

/// J102–J104, J106, J108 on the attributes of one scope.
fn attributes(lines: &[Line<'_>], out: &mut Vec<Diagnostic>) {
    for a in lines.iter().filter_map(Line::attribute) {
        match &a.parsed {
            AttrValue::Fingerprint(f) => fingerprint(f, out),
            AttrValue::Setup(Setup::Holdconn) => out.push(
                Diagnostic::new(
                    &r::SETUP_HOLDCONN,
                    a.value.as_ref().map_or(a.name.span, |v| v.span),
                    "`a=setup:holdconn`: this side does not want a DTLS connection, so no \
                     handshake, no SRTP keys and no data channel",
                )
                .with_help(
                    "WebRTC uses `actpass` in offers and `active` (or `passive`) in answers",
                ),
            ),
            AttrValue::TlsId(t) if t.len() < 20 || t.len() > 255 => out.push(
                Diagnostic::new(
                    &r::TLS_ID_LENGTH,
                    t.span,
                    format!(
                        "TLS id of {} characters: RFC 8842 wants 20 to 255 (a random value that \
                         identifies the DTLS association)",
                        t.len()
                    ),
                )
                .with_help("generate at least 120 bits of randomness, e.g. 20 base64 characters"),
            ),
            _ => {}
        }
    }
}

/// Checks for a description known to be an offer (RFC 9429 §5.2.1): J107.
pub(super) fn check_offer(session: &Session<'_>, out: &mut Vec<Diagnostic>) {
    for l in session.all_lines() {
        let Some(a) = l.attribute() else { continue };
        let AttrValue::Setup(s) = a.parsed else {
            continue;
        };
        if matches!(s, Setup::Active | Setup::Passive) {
            out.push(
                Diagnostic::new(
                    &r::OFFER_SETUP_NOT_ACTPASS,
                    a.value.as_ref().map_or(a.name.span, |v| v.span),
                    format!(
                        "an offer with `a=setup:{s}`: JSEP offers use `actpass` and let the \
                         answerer choose the DTLS role"
                    ),
                )
                .with_help(
                    "write `a=setup:actpass`; older aiortc rejects other values in offers, and \
                     the answerer cannot pick its role",
                ),
            );
        }
    }
}

/// J101, J105.
fn presence(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (i, sec) in cx.sections.iter().enumerate() {
        if sec.is_rejected() || !sec.uses_dtls() {
            continue;
        }
        let m = sec.media;
        let missing_fp = transport::find(cx, i, |s| s.fingerprint.is_some()) == Found::Missing;
        let missing_setup = transport::find(cx, i, |s| s.setup) == Found::Missing;
        if !missing_fp && !missing_setup {
            continue;
        }
        let what = super::structure::describe(m);
        if missing_fp {
            out.push(
                Diagnostic::new(
                    &r::MISSING_FINGERPRINT,
                    m.span(),
                    format!(
                        "{what} uses DTLS but has no `a=fingerprint` (neither its own, at session \
                         level, nor from a BUNDLE group's tagged section): the peer cannot \
                         authenticate the certificate"
                    ),
                )
                .with_help(
                    "keep the a=fingerprint line the stack wrote; Chrome rejects the description \
                     (\"SDP without DTLS fingerprint\")",
                ),
            );
        }
        if missing_setup {
            out.push(
                Diagnostic::new(
                    &r::MISSING_SETUP,
                    m.span(),
                    format!(
                        "{what} uses DTLS but has no `a=setup`: which side is the DTLS client is \
                         left to defaults that stacks disagree on"
                    ),
                )
                .with_help("add `a=setup:actpass` to an offer, `a=setup:active` to an answer"),
            );
        }
    }
}

/// Digest length in bytes of the hash functions RFC 8122 §5 names.
fn digest_len(hash: &str) -> Option<usize> {
    const LENGTHS: [(&str, usize); 7] = [
        ("sha-256", 32),
        ("sha-1", 20),
        ("sha-224", 28),
        ("sha-384", 48),
        ("sha-512", 64),
        ("md5", 16),
        ("md2", 16),
    ];
    LENGTHS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(hash))
        .map(|&(_, n)| n)
}

/// J102, J103, J104.
fn fingerprint(f: &crate::sdp::attributes::Fingerprint<'_>, out: &mut Vec<Diagnostic>) {
    let hash = f.hash_function.as_str();
    let Some(want) = digest_len(hash) else {
        out.push(
            Diagnostic::new(
                &r::UNKNOWN_FINGERPRINT_HASH,
                f.hash_function.span,
                format!(
                    "unknown hash function `{hash}`: the peer cannot compute the certificate's \
                     digest to compare"
                ),
            )
            .with_help("use `sha-256` (what every browser writes)"),
        );
        return;
    };
    if want == 16 {
        out.push(
            Diagnostic::new(
                &r::WEAK_FINGERPRINT_HASH,
                f.hash_function.span,
                format!("`{hash}` fingerprint: RFC 8122 deprecates md5 and md2"),
            )
            .with_help("use `sha-256`; Mozilla's webrtc-sdp parser (Firefox) rejects md5 and md2"),
        );
    }
    // Digest bytes are `:`-separated hex pairs: as `Fingerprint::digest_len`, counted without
    // splitting the string.
    let got = f.fingerprint.bytes().filter(|&b| b == b':').count() + 1;
    if got != want {
        out.push(
            Diagnostic::new(
                &r::FINGERPRINT_LENGTH,
                f.fingerprint.span,
                format!(
                    "{got}-byte digest for `{hash}`, which makes {want}-byte digests: it can \
                     never match the certificate"
                ),
            )
            .with_help(
                "the fingerprint was cut or edited, or the hash function name is not the one \
                 used to compute it",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cut down from fixtures/real/firefox-dc-only/offer.sdp (session-level fingerprint).
    const FF: &str = "v=0\r\no=mozilla...THIS_IS_SDPARTA-99.0 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n\
        a=fingerprint:sha-256 AA:B1:A4:C8:81:23:28:46:B3:50:42:66:AA:D9:13:B9:AB:AA:66:3B:9E:2E:92:68:62:89:AA:21:5F:9D:60:43\r\n\
        a=group:BUNDLE 0\r\na=ice-options:trickle\r\n\
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n\
        a=sendrecv\r\na=ice-pwd:9797ea2b1aa96777e853c4ef7b75febf\r\na=ice-ufrag:3d09cdc8\r\n\
        a=mid:0\r\na=setup:actpass\r\na=sctp-port:5000\r\na=max-message-size:1073741823\r\n";

    fn run(text: &str, offer: bool) -> Vec<(&'static str, u32, u32)> {
        let s = crate::sdp::parse(text);
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        let mut out = Vec::new();
        check(&Context::new(&s), &mut out);
        if offer {
            check_offer(&s, &mut out);
        }
        out.iter()
            .map(|d| (d.code, d.span.line, d.span.column))
            .collect()
    }

    #[test]
    fn clean() {
        assert_eq!(run(FF, true), []);
    }

    #[test]
    fn fingerprints() {
        let fp = FF.lines().nth(4).unwrap();
        assert_eq!(
            run(&FF.replace(&format!("{fp}\r\n"), ""), false),
            [("J101", 7, 1)]
        );
        assert_eq!(
            run(&FF.replace("sha-256", "sha-257"), false),
            [("J102", 5, 15)]
        );
        assert_eq!(run(&FF.replace("sha-256", "SHA-256"), false), []);
        assert_eq!(
            run(&FF.replace("sha-256", "sha-1"), false),
            [("J104", 5, 21)]
        );
        let md5 = FF.replace("sha-256 AA:B1:A4:C8:81:23:28:46:B3:50:42:66:AA:D9:13:B9:AB:AA:66:3B:9E:2E:92:68:62:89:AA:21:5F:9D:60:43", "md5 AA:B1:A4:C8:81:23:28:46:B3:50:42:66:AA:D9:13:B9");
        assert_eq!(run(&md5, false), [("J103", 5, 15)]);
    }

    #[test]
    fn setup() {
        assert_eq!(
            run(&FF.replace("a=setup:actpass\r\n", ""), false),
            [("J105", 8, 1)]
        );
        assert_eq!(
            run(&FF.replace("actpass", "holdconn"), false),
            [("J106", 14, 9)]
        );
        assert_eq!(run(&FF.replace("actpass", "active"), false), []);
        assert_eq!(
            run(&FF.replace("actpass", "active"), true),
            [("J107", 14, 9)]
        );
        let s = FF.replace("a=mid:0\r\n", "a=mid:0\r\na=tls-id:abc\r\n");
        assert_eq!(run(&s, false), [("J108", 14, 10)]);
        let s = FF.replace(
            "a=mid:0\r\n",
            "a=mid:0\r\na=tls-id:abcdefghijklmnopqrst\r\n",
        );
        assert_eq!(run(&s, false), []);
    }
}
