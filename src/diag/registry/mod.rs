//! The registry: the single list of rule codes, names, default severities and references.
//!
//! One file per family, each one `rules!` table; [`RULES`] joins them in code order.
//! Families: `S` SDP syntax (the parser's own findings, RFC 8866 grammar and line structure);
//! `M` SDP structure (`crate::lint`);
//! `J001`–`J299` WebRTC/JSEP transport rules: ICE attributes, DTLS, BUNDLE (`crate::lint`);
//! `J301`–`J699` WebRTC/JSEP media rules: RTP, media identity, data channels, portability (`crate::lint`);
//! `I` ICE candidates (`crate::ice`: one candidate, lists, sets, pairing);
//! `O` offer/answer (`crate::lint::check_pair`);
//! `C` captures (`crate::capture`);
//! `H` the handshake in a capture (`crate::handshake`).
//! Codes are never reused; a retired rule keeps its row.

mod capture;
mod handshake;
mod ice;
mod media;
mod offer_answer;
mod structure;
mod syntax;
mod transport;

pub use capture::*;
pub use handshake::*;
pub use ice::*;
pub use media::*;
pub use offer_answer::*;
pub use structure::*;
pub use syntax::*;
pub use transport::*;

use super::Severity;
use std::sync::LazyLock;

/// A rule: what the parser or a checker reports, with a stable code and name.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, e.g. `S004`: a family letter and three digits.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `invalid-attribute-value`.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// The specification it enforces.
    pub reference: &'static str,
    /// The rule's documentation (`docs/rules/CODE.md`, Markdown): `# CODE name`, then the
    /// sections What, Why it breaks calls, Example and Reference.
    pub doc: &'static str,
}

/// Declares one family: `list NAME;` then one row per rule
/// (`IDENT = "CODE" "name" Severity "reference" "summary";`). Each rule's doc is read from
/// `docs/rules/CODE.md` at compile time, so a rule without a doc does not build.
macro_rules! rules {
    (list $list:ident; $($id:ident = $code:literal $name:literal $sev:ident $reference:literal $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub static $id: super::Rule = super::Rule {
                code: $code,
                name: $name,
                severity: super::Severity::$sev,
                summary: $summary,
                reference: $reference,
                doc: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules/", $code, ".md")),
            };
        )*
        /// Every rule of this family, in code order.
        pub static $list: &[&super::Rule] = &[$(&$id),*];
    };
}
use rules;

/// The families, in the order [`RULES`] lists them.
static FAMILIES: &[&[&Rule]] = &[
    SYNTAX,
    STRUCTURE,
    TRANSPORT,
    MEDIA,
    ICE,
    OFFER_ANSWER,
    CAPTURE,
    HANDSHAKE,
];

/// Every rule of every family, in family then code order.
pub static RULES: LazyLock<Vec<&'static Rule>> =
    LazyLock::new(|| FAMILIES.iter().flat_map(|f| f.iter().copied()).collect());

/// Finds a rule by code (`S005`) or name (`invalid-attribute-value`), case-insensitively.
pub fn find(key: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        for (i, a) in RULES.iter().enumerate() {
            assert!(a
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            for b in &RULES[i + 1..] {
                assert_ne!(a.code, b.code);
                assert_ne!(a.name, b.name);
            }
        }
        assert_eq!(
            find("s005").map(|r| r.name),
            Some("invalid-attribute-value")
        );
        assert_eq!(find("MISSING-LINE").map(|r| r.code), Some("S008"));
    }
}
