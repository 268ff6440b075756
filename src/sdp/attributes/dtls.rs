//! DTLS-SRTP parameters: `fingerprint` (RFC 8122 §5), `setup` (RFC 4145 §4, RFC 8842),
//! `tls-id` (RFC 8842 §4).

use crate::impl_into_owned;
use crate::sdp::fields::{char_at, Fields};
use crate::span::{Anchor, Expected, Tok};
use serde::Serialize;
use std::fmt;

/// `a=fingerprint` (RFC 8122 §5): the hash of the certificate the peer will present.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fingerprint<'a> {
    /// `<hash-func>`, e.g. `sha-256` (case-insensitive).
    pub hash_function: Tok<'a>,
    /// The digest as colon-separated hex pairs, as written.
    pub fingerprint: Tok<'a>,
}
impl_into_owned!(Fingerprint {
    hash_function,
    fingerprint
});

// fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
// hash-func = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / "md5" / "md2" / token
// fingerprint = 2UHEX *(":" 2UHEX)
// (Lower-case hex is accepted here; whether it is allowed is a lint question.)
/// Parses the value of `a=fingerprint`.
pub fn fingerprint(a: Anchor<'_>) -> Result<Fingerprint<'_>, Expected> {
    let mut f = Fields::new(a);
    let hash_function = f.token_tok(
        "a hash function (e.g. sha-256)",
        "a hash function (a token)",
    )?;
    let fp = f.long_field("a fingerprint (hex pairs separated by `:`)")?;
    f.end()?;
    // HH *(":" HH): first a branch-light check of the whole digest (digests are up to 191
    // bytes long); only a bad one is walked again to say where.
    if is_hex_pairs(fp.as_bytes()) {
        return Ok(Fingerprint {
            hash_function,
            fingerprint: a.tok(fp),
        });
    }
    let hex = |b: &u8| b.is_ascii_hexdigit();
    for (k, chunk) in fp.as_bytes().chunks(3).enumerate() {
        let pair_ok = chunk.len() >= 2 && hex(&chunk[0]) && hex(&chunk[1]);
        if !pair_ok || chunk.get(2).is_some_and(|&c| c != b':') {
            let at = 3 * k;
            let (bad, what) = if pair_ok {
                (at + 2..at + 3, "`:` between hex pairs")
            } else {
                (at..fp.len().min(at + 2), "two hex digits")
            };
            return Err(a.expected(fp.get(bad).unwrap_or(&fp[at..]), what));
        }
    }
    if fp.ends_with(':') {
        return Err(a.expected(&fp[fp.len()..], "two hex digits after `:`"));
    }
    Ok(Fingerprint {
        hash_function,
        fingerprint: a.tok(fp),
    })
}

/// Whether `b` is `2HEXDIG *(":" 2HEXDIG)`: each `HH:` triple checked with two table loads,
/// without a branch per byte.
fn is_hex_pairs(b: &[u8]) -> bool {
    if b.len() % 3 != 2 {
        return false;
    }
    let (triples, last) = b.split_at(b.len() - 2);
    let mut bad = (HEX[usize::from(last[0])] & HEX[usize::from(last[1])]) ^ 1;
    for t in triples.chunks_exact(3) {
        bad |= ((HEX[usize::from(t[0])] & HEX[usize::from(t[1])]) ^ 1) | u8::from(t[2] != b':');
    }
    bad == 0
}

/// 1 for the hex digits (either case), 0 for every other byte.
static HEX: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = (c as u8).is_ascii_hexdigit() as u8;
        c += 1;
    }
    t
};

impl Fingerprint<'_> {
    /// The digest bytes (the grammar guarantees hex pairs).
    pub fn digest(&self) -> impl Iterator<Item = u8> + '_ {
        self.fingerprint
            .text
            .split(':')
            .filter_map(|p| u8::from_str_radix(p, 16).ok())
    }

    /// Length of the digest in bytes (sha-256: 32).
    pub fn digest_len(&self) -> usize {
        self.fingerprint.text.split(':').count()
    }
}

impl fmt::Display for Fingerprint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.hash_function, self.fingerprint)
    }
}

/// The DTLS role an endpoint takes (RFC 4145 §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Setup {
    /// `active`: the endpoint is the DTLS client.
    Active,
    /// `passive`: the endpoint is the DTLS server.
    Passive,
    /// `actpass`: either; offers use it (RFC 8842 §5.2).
    Actpass,
    /// `holdconn`: no connection yet.
    Holdconn,
}
crate::impl_owned_is_self!(Setup);

impl Setup {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Setup::Active => "active",
            Setup::Passive => "passive",
            Setup::Actpass => "actpass",
            Setup::Holdconn => "holdconn",
        }
    }
}

impl fmt::Display for Setup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// setup-attr = "a=setup:" role ; role = "active" / "passive" / "actpass" / "holdconn"
/// Parses the value of `a=setup`.
pub fn setup(a: Anchor<'_>) -> Result<Setup, Expected> {
    match a.text {
        "active" => Ok(Setup::Active),
        "passive" => Ok(Setup::Passive),
        "actpass" => Ok(Setup::Actpass),
        "holdconn" => Ok(Setup::Holdconn),
        other => Err(a.expected(other, "`active`, `passive`, `actpass` or `holdconn`")),
    }
}

// tls-id-attr = "tls-id:" tls-id ; tls-id = 20*255tls-id-char
// tls-id-char = ALPHA / DIGIT / "+" / "/" / "-" / "_"
// (The length bound is left to lint, so that a short id still parses and is reported once.)
/// Parses the value of `a=tls-id` (RFC 8842 §4).
pub fn tls_id(a: Anchor<'_>) -> Result<Tok<'_>, Expected> {
    let s = a.text;
    if s.is_empty() {
        return Err(a.expected(s, "a TLS id (letters, digits, + / - _)"));
    }
    match s
        .bytes()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'-' | b'_')))
    {
        None => Ok(a.whole()),
        Some(i) => Err(a.expected(
            char_at(s, i),
            "a TLS id character (letters, digits, + / - _)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Anchor<'_> {
        crate::span::test_anchor(s, 14, 2, 15)
    }

    #[test]
    fn fingerprints() {
        // From fixtures/real/aiortc-basic/offer.sdp.
        let v = "sha-256 14:C0:C3:6C:08:7C:07:D0:87:09:AD:D8:57:CB:C3:49:84:5F:A0:D3:DA:26:FB:EC:B2:92:75:68:96:5A:2D:07";
        let fp = fingerprint(at(v)).unwrap();
        assert_eq!(fp.hash_function.as_str(), "sha-256");
        assert_eq!(fp.digest_len(), 32);
        assert_eq!(fp.digest().take(2).collect::<Vec<_>>(), [0x14, 0xC0]);
        assert_eq!(fp.to_string(), v);
        let e = fingerprint(at("sha-256 14:C0:C")).unwrap_err();
        assert_eq!(
            (e.expected, e.span.column, e.span.len()),
            ("two hex digits", 15 + 14, 1)
        );
        assert!(fingerprint(at("sha-256")).is_err());
        let e = fingerprint(at("sha-256 14:C0:")).unwrap_err();
        assert_eq!(
            (e.expected, e.span.column, e.span.len()),
            ("two hex digits after `:`", 15 + 14, 0)
        );
        let e = fingerprint(at("sha-256 14:CX:00")).unwrap_err();
        assert_eq!((e.span.column, e.span.len()), (15 + 11, 2));
        let e = fingerprint(at("sha-256 14;C0")).unwrap_err();
        assert_eq!(
            (e.expected, e.span.column),
            ("`:` between hex pairs", 15 + 10)
        );
    }

    #[test]
    fn setup_and_tls_id() {
        assert_eq!(setup(at("actpass")).unwrap(), Setup::Actpass);
        assert!(setup(at("ACTIVE")).is_err());
        assert!(tls_id(at("abc+/-_0123456789ABCDEFG")).is_ok());
        assert_eq!(tls_id(at("abc$")).unwrap_err().span.column, 18);
    }
}
