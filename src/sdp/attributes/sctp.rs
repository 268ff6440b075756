//! Data channels over SCTP: `sctp-port` and `max-message-size` (RFC 8841 §5, §6), and the
//! legacy `sctpmap` (draft-ietf-mmusic-sctp-sdp-05) that old stacks still send.

use crate::impl_into_owned;
use crate::sdp::fields::{number, Fields};
use crate::span::{Anchor, Expected, Tok};
use serde::Serialize;
use std::fmt;

// sctp-port-attr = "a=sctp-port:" portnumber ; portnumber = 1*5DIGIT
/// Parses the value of `a=sctp-port` (RFC 8841 §5.1).
pub fn sctp_port(a: Anchor<'_>) -> Result<u16, Expected> {
    number(&a, a.text, "an SCTP port (0-65535)")
}

// max-message-size-attr = "a=max-message-size:" max-message-size ; max-message-size = 1*DIGIT
/// Parses the value of `a=max-message-size` (RFC 8841 §6.1), in bytes; 0 means no limit.
pub fn max_message_size(a: Anchor<'_>) -> Result<u64, Expected> {
    number(&a, a.text, "a maximum message size (bytes)")
}

/// `a=sctpmap` (draft-ietf-mmusic-sctp-sdp-05 §4.1, superseded by RFC 8841).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sctpmap<'a> {
    /// The SCTP port the map is for.
    pub number: u16,
    /// The application, `webrtc-datachannel`.
    pub app: Tok<'a>,
    /// The number of streams, when given.
    pub streams: Option<u32>,
}
impl_into_owned!(Sctpmap {
    number,
    app,
    streams
});

// sctpmap-attr = "a=sctpmap:" sctpmap-number SP app [SP max-message-size]
/// Parses the value of `a=sctpmap`.
pub fn sctpmap(a: Anchor<'_>) -> Result<Sctpmap<'_>, Expected> {
    let mut f = Fields::new(a);
    let (_, n) = f.number("an SCTP port (0-65535)")?;
    let app = f.token_tok(
        "an application (webrtc-datachannel)",
        "an application (a token)",
    )?;
    let streams = match f.opt_field() {
        Some(s) => Some(number(&a, s, "a number of streams")?),
        None => None,
    };
    f.end()?;
    Ok(Sctpmap {
        number: n,
        app,
        streams,
    })
}

impl fmt::Display for Sctpmap<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.number, self.app)?;
        if let Some(s) = self.streams {
            write!(f, " {s}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Anchor<'_> {
        crate::span::test_anchor(s, 12, 3, 13)
    }

    #[test]
    fn sctp_attributes() {
        assert_eq!(sctp_port(at("5000")), Ok(5000));
        assert!(sctp_port(at("70000")).is_err());
        assert_eq!(max_message_size(at("262144")), Ok(262144));
        let m = sctpmap(at("5000 webrtc-datachannel 1024")).unwrap();
        assert_eq!(
            (m.number, m.app.as_str(), m.streams),
            (5000, "webrtc-datachannel", Some(1024))
        );
        assert_eq!(m.to_string(), "5000 webrtc-datachannel 1024");
        assert!(sctpmap(at("5000")).is_err());
    }
}
