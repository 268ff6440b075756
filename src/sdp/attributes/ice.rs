//! ICE parameters in SDP (RFC 8839 §5): `ice-ufrag`, `ice-pwd`, `ice-options`,
//! `remote-candidates`; `candidate` itself lives in [`crate::ice`].

use crate::impl_into_owned;
use crate::sdp::fields::{char_at, is_ice_char, number, token, Fields};
use crate::span::{Anchor, Expected, Tok};
use serde::Serialize;

// ice-pwd-att = "ice-pwd:" password ; ice-ufrag-att = "ice-ufrag:" ufrag
// password = 22*256ice-char ; ufrag = 4*256ice-char ; ice-char = ALPHA / DIGIT / "+" / "/"
// (Lengths are checked by lint, so that a short ufrag still parses and is reported once.)
/// Parses the value of `a=ice-ufrag` or `a=ice-pwd`: ice-chars only.
pub fn ice_chars(a: Anchor<'_>) -> Result<Tok<'_>, Expected> {
    let s = a.text;
    if s.is_empty() {
        return Err(a.expected(s, "ice-chars (letters, digits, + and /)"));
    }
    match s.bytes().position(|c| !is_ice_char(c)) {
        None => Ok(a.whole()),
        Some(i) => Err(a.expected(char_at(s, i), "an ice-char (letters, digits, + and /)")),
    }
}

/// `a=ice-options` (RFC 8839 §5.6): option tags such as `trickle`, `ice2`, `renomination`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IceOptions<'a> {
    /// The tags as written; see [`IceOptions::options`].
    pub tags: Tok<'a>,
}
impl_into_owned!(IceOptions { tags });

// ice-options = "ice-options:" ice-option-tag *(SP ice-option-tag) ; ice-option-tag = 1*ice-char
// (Stacks write other tokens, e.g. "google-ice", and libdatachannel 0.24 separates tags with
// commas, "ice2,trickle": both are accepted here, as browsers do; lint may flag the commas.)
/// Parses the value of `a=ice-options`.
pub fn ice_options(a: Anchor<'_>) -> Result<IceOptions<'_>, Expected> {
    let mut f = Fields::new(a);
    loop {
        let t = f.field("an ICE option tag (e.g. trickle)")?;
        for tag in t.split(',') {
            token(&a, tag, "an ICE option tag (a token)")?;
        }
        if f.is_empty() {
            break;
        }
    }
    Ok(IceOptions { tags: a.whole() })
}

impl IceOptions<'_> {
    /// The option tags, in order.
    pub fn options(&self) -> impl Iterator<Item = &str> {
        self.tags.text.split([' ', ',']).filter(|t| !t.is_empty())
    }

    /// Whether `tag` is among the options.
    pub fn has(&self, tag: &str) -> bool {
        self.options().any(|t| t == tag)
    }
}

/// `a=remote-candidates` (RFC 8839 §5.2): the candidates the controlling agent selected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RemoteCandidates<'a> {
    /// The `component address port` triples as written.
    pub list: Tok<'a>,
}
impl_into_owned!(RemoteCandidates { list });

// remote-candidate-att = "remote-candidates:" remote-candidate *(SP remote-candidate)
// remote-candidate = component-ID SP connection-address SP port
/// Parses the value of `a=remote-candidates`.
pub fn remote_candidates(
    a: Anchor<'_>,
    max_items: usize,
) -> Result<RemoteCandidates<'_>, Expected> {
    let mut f = Fields::new(a);
    let mut n = 0;
    loop {
        let c = f.field("a component id")?;
        number::<u16>(&a, c, "a component id (1-256)")?;
        f.field("a connection address")?;
        f.number::<u16>("a port (0-65535)")?;
        n += 1;
        if n > max_items {
            return Err(a.expected(c, "fewer remote candidates (limit)"));
        }
        if f.is_empty() {
            break;
        }
    }
    Ok(RemoteCandidates { list: a.whole() })
}

impl RemoteCandidates<'_> {
    /// The (component, address, port) triples, in order.
    pub fn candidates(&self) -> impl Iterator<Item = (u16, &str, u16)> {
        let toks: Vec<&str> = self.list.text.split(' ').collect();
        toks.chunks(3)
            .filter_map(|c| {
                Some((
                    c.first()?.parse().ok()?,
                    *c.get(1)?,
                    c.get(2)?.parse().ok()?,
                ))
            })
            .collect::<Vec<_>>()
            .into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Anchor<'_> {
        crate::span::test_anchor(s, 12, 3, 13)
    }

    #[test]
    fn credentials_and_options() {
        assert_eq!(
            ice_chars(at("2ztT1QUN6ajndOMzHGyPhx")).unwrap().as_str(),
            "2ztT1QUN6ajndOMzHGyPhx"
        );
        let e = ice_chars(at("ab-c")).unwrap_err();
        assert_eq!((e.span.column, e.span.len()), (15, 1));
        assert!(ice_chars(at("")).is_err());
        let o = ice_options(at("ice2,trickle")).unwrap();
        assert!(
            o.has("trickle") && o.has("ice2"),
            "libdatachannel separates with commas"
        );
        let o = ice_options(at("trickle renomination")).unwrap();
        assert!(o.has("renomination"));
        assert!(ice_options(at("")).is_err());
    }

    #[test]
    fn remote_candidates_triples() {
        let r = remote_candidates(at("1 10.99.0.2 53703 2 10.99.0.2 53704"), 16).unwrap();
        assert_eq!(
            r.candidates().collect::<Vec<_>>(),
            [(1, "10.99.0.2", 53703), (2, "10.99.0.2", 53704)]
        );
        assert!(remote_candidates(at("1 10.99.0.2"), 16).is_err());
        assert!(remote_candidates(at("1 a 1 1 b 2"), 1).is_err());
    }
}
