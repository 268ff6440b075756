//! Grouping and identification: `group` (RFC 5888, BUNDLE RFC 9143, LS), `mid` (RFC 5888 §4),
//! `bundle-only` (RFC 9143 §6), `msid-semantic` (draft-ietf-mmusic-msid, as browsers write it).

use crate::impl_into_owned;
use crate::sdp::fields::{token, Fields};
use crate::span::{Anchor, Expected, Tok};
use serde::Serialize;
use std::fmt;

/// `a=group` (RFC 5888 §5): a semantics and the mids it groups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Group<'a> {
    /// `<semantics>`, e.g. `BUNDLE`, `LS`, `FID`.
    pub semantics: Tok<'a>,
    /// The identification tags as written (may be empty); see [`Group::mids`].
    pub mids: Tok<'a>,
}
impl_into_owned!(Group { semantics, mids });

// group-attribute = "a=group:" semantics *(SP identification-tag)
// semantics = "LS" / "FID" / semantics-extension ; identification-tag = token
/// Parses the value of `a=group`.
pub fn group(a: Anchor<'_>) -> Result<Group<'_>, Expected> {
    let mut f = Fields::new(a);
    let semantics = f.token_tok(
        "a group semantics (e.g. BUNDLE)",
        "a group semantics (a token)",
    )?;
    let rest = f.rest();
    let mids = f.tail();
    if !rest.is_empty() {
        let ra = Anchor::new(rest, mids.span);
        let mut m = Fields::new(ra);
        while !m.is_empty() {
            m.token_field(
                "an identification tag (mid)",
                "an identification tag (a token)",
            )?;
        }
    }
    Ok(Group { semantics, mids })
}

impl Group<'_> {
    /// The grouped mids, in order, with their spans.
    pub fn mids(&self) -> impl Iterator<Item = Tok<'_>> {
        let a = Anchor::new(&self.mids.text, self.mids.span);
        self.mids
            .text
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(move |t| a.tok(t))
    }

    /// Whether this is a `BUNDLE` group (RFC 9143).
    pub fn is_bundle(&self) -> bool {
        self.semantics.as_str() == "BUNDLE"
    }
}

impl fmt::Display for Group<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.semantics)?;
        for m in self.mids() {
            write!(f, " {m}")?;
        }
        Ok(())
    }
}

// mid-attribute = "a=mid:" identification-tag ; identification-tag = token
/// Parses the value of `a=mid` (RFC 5888 §4): a token.
pub fn mid(a: Anchor<'_>) -> Result<Tok<'_>, Expected> {
    token(&a, a.text, "a media stream identification (a token)")?;
    Ok(a.whole())
}

/// `a=msid-semantic` (draft-ietf-mmusic-msid-05 §3, still sent by browsers): a semantic (`WMS`)
/// and stream identifiers or `*`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MsidSemantic<'a> {
    /// `WMS` in practice.
    pub semantic: Tok<'a>,
    /// The identifiers as written (may be empty, or `*`).
    pub identifiers: Tok<'a>,
}
impl_into_owned!(MsidSemantic {
    semantic,
    identifiers
});

// msid-semantic-attr = "msid-semantic:" [SP] msid-semantic msid-list
// msid-list = *(" " msid-id) / " *"
// (Chrome writes a space after the colon: "a=msid-semantic: WMS stream-id"; accepted.)
/// Parses the value of `a=msid-semantic`.
pub fn msid_semantic(a: Anchor<'_>) -> Result<MsidSemantic<'_>, Expected> {
    let text = a.text.strip_prefix(' ').unwrap_or(a.text);
    let a = Anchor::new(text, a.span_of(text));
    let mut f = Fields::new(a);
    let semantic = f.token_tok("a semantic (e.g. WMS)", "a semantic (a token)")?;
    let identifiers = f.tail();
    Ok(MsidSemantic {
        semantic,
        identifiers,
    })
}

impl MsidSemantic<'_> {
    /// The stream identifiers (or `*`), in order.
    pub fn identifiers(&self) -> impl Iterator<Item = &str> {
        self.identifiers.text.split(' ').filter(|t| !t.is_empty())
    }
}

impl fmt::Display for MsidSemantic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.semantic)?;
        for i in self.identifiers() {
            write!(f, " {i}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Anchor<'_> {
        crate::span::test_anchor(s, 8, 5, 9)
    }

    #[test]
    fn groups() {
        let g = group(at("BUNDLE 0 1 2")).unwrap();
        assert!(g.is_bundle());
        let mids: Vec<_> = g.mids().map(|m| (m.to_string(), m.span.column)).collect();
        assert_eq!(mids, [("0".into(), 16), ("1".into(), 18), ("2".into(), 20)]);
        assert_eq!(group(at("LS 0")).unwrap().to_string(), "LS 0");
        assert_eq!(group(at("BUNDLE")).unwrap().mids().count(), 0);
        let e = group(at("BUNDLE 0  1")).unwrap_err();
        assert_eq!(e.span.column, 9 + 9);
    }

    #[test]
    fn mids_and_msid_semantic() {
        assert_eq!(mid(at("audio")).unwrap().as_str(), "audio");
        assert!(mid(at("")).is_err());
        assert!(mid(at("a b")).is_err());
        let m = msid_semantic(at(" WMS stream")).unwrap();
        assert_eq!((m.semantic.as_str(), m.semantic.span.column), ("WMS", 10));
        assert_eq!(m.identifiers().collect::<Vec<_>>(), ["stream"]);
        assert_eq!(msid_semantic(at("WMS *")).unwrap().to_string(), "WMS *");
    }
}
