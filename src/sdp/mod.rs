//! SDP (RFC 8866) with the WebRTC/JSEP attributes: a lossless, zero-copy parser in three
//! phases — [`lines`] (split, with spans) → [`parse`] (session and media assembly, line
//! grammars in [`grammar`]) → [`attributes`] (typed attributes) — a model ([`model`]) and a
//! [`writer`] (lossless and canonical).
//!
//! ```
//! let text = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\n";
//! let session = rtcinspect::sdp::parse(text);
//! assert!(session.diagnostics.is_empty());
//! assert_eq!(session.media[0].mid().unwrap().as_str(), "0");
//! assert_eq!(session.media[0].rtpmap(111).unwrap().clock_rate, 48000);
//! assert_eq!(rtcinspect::sdp::write(&session), text);
//! ```

pub mod attributes;
pub(crate) mod fields;
pub mod grammar;
pub mod interop;
pub mod lines;
pub mod model;
mod parse;
pub mod writer;

pub use attributes::{AttrValue, Attribute, Direction};
pub use model::{Line, Media, Session, Value};
pub use parse::{parse, parse_bytes, parse_with};
pub use writer::{write, write_canonical};

use serde::Serialize;

/// Resource bounds of the parser. Input beyond them yields a `limit-exceeded` error and is
/// kept raw (the writer still gives it back), so memory and time stay linear and bounded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Longest line whose value is parsed (bytes); longer lines are kept raw. Default 64 KiB.
    pub max_line_length: usize,
    /// Most lines parsed; the rest of the input is kept as one raw tail. Default 20,000.
    pub max_lines: usize,
    /// Most items in one list (formats of an `m=` line, SSRCs of a group, candidate
    /// extension pairs, remote candidates). Default 256.
    pub max_list_items: usize,
    /// Most diagnostics recorded; one more says how many were dropped. Default 1,000.
    pub max_diagnostics: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_line_length: 64 * 1024,
            max_lines: 20_000,
            max_list_items: 256,
            max_diagnostics: 1_000,
        }
    }
}

/// Options of [`parse_with`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Resource bounds.
    pub limits: Limits,
    /// Report structure findings (order, missing or duplicate lines, whitespace, empty lines)
    /// as errors instead of warnings.
    pub strict: bool,
}
