//! String preparation of passwords and realms before they become HMAC keys.
//!
//! - [`opaque_string`]: the PRECIS OpaqueString profile (RFC 8265 §4.2), which RFC 8489 uses
//!   for the short-term key (§9.1.1), for realm and password in the long-term key (§9.2.2)
//!   and for USERHASH (§14.4).
//! - [`saslprep`]: SASLprep (RFC 4013), which RFC 5389 §15.4 used for the long-term password
//!   and which the RFC 5769 §2.4 test vector needs (its password `The<U+00AD>M<U+00AA>tr<U+2168>`
//!   becomes `TheMatrIX`). Deployed TURN servers still follow RFC 5389 here.
//!
//! Both are the identity on printable ASCII, which is all ICE passwords contain
//! (`ice-char = ALPHA / DIGIT / "+" / "/"`, RFC 8839 §5.4), and then allocate nothing.

use std::borrow::Cow;
use std::fmt;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Which preparation to apply to a long-term password (and realm).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub enum PasswordPrep {
    /// RFC 8489 §9.2.2: OpaqueString on realm and password.
    #[default]
    OpaqueString,
    /// RFC 5389 §15.4: SASLprep on the password only (RFC 5769 §2.4 vector, most TURN
    /// servers).
    SaslPrep,
    /// Use the strings as given.
    None,
}

/// Why a string cannot be prepared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum PrepError {
    /// OpaqueString does not allow an empty string (RFC 8265 §4.2.3).
    Empty,
    /// A character the PRECIS FreeformClass disallows (RFC 8264 §9.18): a control
    /// character, a default-ignorable code point (e.g. U+00AD SOFT HYPHEN), a noncharacter,
    /// an unassigned code point, an old Hangul jamo, or a join control.
    Disallowed {
        /// The character.
        character: char,
        /// Its byte offset in the prepared string.
        position: usize,
    },
    /// SASLprep (RFC 4013) rejected the string (prohibited output, bidi rules or an
    /// unassigned code point).
    SaslPrep,
}

impl fmt::Display for PrepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrepError::Empty => f.write_str("empty string (OpaqueString, RFC 8265 §4.2)"),
            PrepError::Disallowed {
                character,
                position,
            } => write!(
                f,
                "U+{:04X} at byte {position} is not allowed by OpaqueString (RFC 8265 §4.2)",
                u32::from(*character)
            ),
            PrepError::SaslPrep => f.write_str("rejected by SASLprep (RFC 4013)"),
        }
    }
}

impl std::error::Error for PrepError {}

/// The OpaqueString profile of RFC 8265 §4.2: map non-ASCII spaces to U+0020, normalize to
/// NFC, then reject characters the FreeformClass disallows and the empty string.
///
/// The FreeformClass test uses the Unicode general category (letters, marks, numbers,
/// punctuation, symbols and spaces are allowed) and fixed lists of default-ignorable code
/// points, noncharacters and old Hangul jamo. Join controls (U+200C, U+200D), which PRECIS
/// allows only in a context (CONTEXTJ), are rejected.
#[inline]
pub fn opaque_string(s: &str) -> Result<Cow<'_, str>, PrepError> {
    // Printable ASCII (every ICE password, most TURN ones) is its own preparation: decided
    // inline, since verification prepares the password of every message it checks.
    if !s.is_empty() && is_printable_ascii(s.as_bytes()) {
        return Ok(Cow::Borrowed(s));
    }
    opaque_string_general(s)
}

/// [`opaque_string`] beyond printable ASCII.
fn opaque_string_general(s: &str) -> Result<Cow<'_, str>, PrepError> {
    if s.is_empty() {
        return Err(PrepError::Empty);
    }
    let prepared: String = s
        .chars()
        .map(|c| {
            if c != ' ' && c.general_category() == GeneralCategory::SpaceSeparator {
                ' '
            } else {
                c
            }
        })
        .nfc()
        .collect();
    if let Some((position, character)) =
        prepared.char_indices().find(|&(_, c)| !freeform_allowed(c))
    {
        return Err(PrepError::Disallowed {
            character,
            position,
        });
    }
    if prepared == s {
        Ok(Cow::Borrowed(s))
    } else {
        Ok(Cow::Owned(prepared))
    }
}

/// Whether every byte is printable ASCII (0x20–0x7E), eight bytes at a time: a byte is out
/// when it is below 0x20 or above 0x7E, which the two SWAR tests below find without carries
/// between bytes (both are exact for thresholds up to 0x80). A password checks in a few
/// instructions instead of a byte loop.
#[inline]
fn is_printable_ascii(b: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // Some byte below 0x20, or some byte above 0x7E (or with the high bit set).
    let bad = |x: u64| {
        let below = x.wrapping_sub(ONES * 0x20) & !x;
        // 0x7F - 0x7E = 1 added to each byte sets the high bit of bytes above 0x7E.
        let above = x.wrapping_add(ONES) | x;
        (below | above) & HIGH != 0
    };
    let (chunks, tail) = b.as_chunks::<8>();
    let mut out = false;
    for c in chunks {
        out |= bad(u64::from_ne_bytes(*c));
    }
    if !tail.is_empty() {
        // The last eight bytes again (overlapping the last chunk), or byte by byte when the
        // whole input is shorter: no copy of the tail into a padded word.
        match b.last_chunk::<8>() {
            Some(last) => out |= bad(u64::from_ne_bytes(*last)),
            None => out |= tail.iter().any(|c| !(0x20..=0x7E).contains(c)),
        }
    }
    !out
}

/// SASLprep (RFC 4013), by the `stringprep` crate.
pub fn saslprep(s: &str) -> Result<Cow<'_, str>, PrepError> {
    stringprep::saslprep(s).map_err(|_| PrepError::SaslPrep)
}

/// Applies `prep` to a password (or realm).
pub fn prepare(s: &str, prep: PasswordPrep) -> Result<Cow<'_, str>, PrepError> {
    match prep {
        PasswordPrep::OpaqueString => opaque_string(s),
        PasswordPrep::SaslPrep => saslprep(s),
        PasswordPrep::None => Ok(Cow::Borrowed(s)),
    }
}

fn freeform_allowed(c: char) -> bool {
    use GeneralCategory as G;
    let cp = u32::from(c);
    if is_default_ignorable(cp)
        || is_noncharacter(cp)
        || is_old_hangul_jamo(cp)
        || cp == 0x200C
        || cp == 0x200D
    {
        return false;
    }
    matches!(
        c.general_category(),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::NonspacingMark
            | G::SpacingMark
            | G::EnclosingMark
            | G::DecimalNumber
            | G::LetterNumber
            | G::OtherNumber
            | G::ConnectorPunctuation
            | G::DashPunctuation
            | G::OpenPunctuation
            | G::ClosePunctuation
            | G::InitialPunctuation
            | G::FinalPunctuation
            | G::OtherPunctuation
            | G::MathSymbol
            | G::CurrencySymbol
            | G::ModifierSymbol
            | G::OtherSymbol
            | G::SpaceSeparator
    )
}

/// Default_Ignorable_Code_Point (Unicode DerivedCoreProperties).
fn is_default_ignorable(cp: u32) -> bool {
    matches!(
        cp,
        0x00AD
            | 0x034F
            | 0x061C
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFF8
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
    )
}

fn is_noncharacter(cp: u32) -> bool {
    (0xFDD0..=0xFDEF).contains(&cp) || cp & 0xFFFE == 0xFFFE
}

/// Hangul_Syllable_Type L, V or T (RFC 8264 §9.9 OldHangulJamo).
fn is_old_hangul_jamo(cp: u32) -> bool {
    matches!(cp, 0x1100..=0x11FF | 0xA960..=0xA97C | 0xD7B0..=0xD7C6 | 0xD7CB..=0xD7FB)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_ascii_check_agrees_with_the_byte_test() {
        let naive = |b: &[u8]| b.iter().all(|&c| (0x20..=0x7E).contains(&c));
        // Every byte value at every position of every length up to 24, among printable ones.
        for len in 1..=24 {
            for at in 0..len {
                for v in 0..=255u8 {
                    let mut b = vec![b'a'; len];
                    b[at] = v;
                    assert_eq!(is_printable_ascii(&b), naive(&b), "{b:?}");
                }
            }
        }
        // Pairs of bad bytes (borrows and carries between neighbours).
        for v in [0u8, 0x1F, 0x7F, 0x80, 0xFF] {
            for w in [0u8, 0x1F, 0x20, 0x7E, 0x7F, 0xFF] {
                let b = [b'x', v, w, b'y', b'z', b'0', b'1', b'2', b'3'];
                assert_eq!(is_printable_ascii(&b), naive(&b), "{b:?}");
            }
        }
        assert!(is_printable_ascii(b""));
    }

    #[test]
    fn ascii_is_identity_and_borrowed() {
        assert!(matches!(
            opaque_string("VOkJxbRl1RmTxUk/WvJxBt"),
            Ok(Cow::Borrowed(_))
        ));
        assert!(matches!(
            saslprep("VOkJxbRl1RmTxUk/WvJxBt"),
            Ok(Cow::Borrowed(_))
        ));
        assert_eq!(opaque_string(""), Err(PrepError::Empty));
        assert!(matches!(
            opaque_string("a\tb"),
            Err(PrepError::Disallowed {
                character: '\t',
                position: 1
            })
        ));
    }

    #[test]
    fn rfc5769_password() {
        // RFC 5769 §2.4: SASLprep maps the soft hyphen to nothing, U+00AA to "a" and U+2168
        // (ROMAN NUMERAL NINE) to "IX" (NFKC).
        let before = "The\u{AD}M\u{AA}tr\u{2168}";
        assert_eq!(saslprep(before).as_deref(), Ok("TheMatrIX"));
        // OpaqueString disallows the soft hyphen (default ignorable).
        assert_eq!(
            opaque_string(before),
            Err(PrepError::Disallowed {
                character: '\u{AD}',
                position: 3
            })
        );
        // Without it, OpaqueString keeps compatibility characters (NFC, not NFKC).
        assert_eq!(
            opaque_string("M\u{AA}tr\u{2168}").as_deref(),
            Ok("M\u{AA}tr\u{2168}")
        );
    }

    #[test]
    fn opaque_string_maps_spaces_and_composes() {
        assert_eq!(opaque_string("a\u{A0}b").as_deref(), Ok("a b"));
        assert_eq!(opaque_string("e\u{301}").as_deref(), Ok("\u{e9}"));
        assert_eq!(opaque_string("マトリックス").as_deref(), Ok("マトリックス"));
    }
}
