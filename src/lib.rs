//! # rtcinspect
//!
//! A toolkit for the WebRTC handshake: SDP (RFC 8866 plus the WebRTC/JSEP attributes), ICE
//! candidates (RFC 8839), and — in the CLI built on it — validation, diffs and captures.
//!
//! Layering, left to right (a module uses only those to its left):
//! [`span`] → [`diag`] → [`ice`] → [`sdp`] → [`input`].
//!
//! Parsers never fail on bad input: they return a model that keeps every byte, plus
//! [`diag::Diagnostic`]s that say where (line and column) and what was expected.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod diag;
pub mod ice;
pub mod input;
pub mod sdp;
pub mod span;
pub mod stun;
