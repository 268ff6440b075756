//! # rtcinspect
//!
//! A toolkit for the WebRTC handshake: SDP (RFC 8866 plus the WebRTC/JSEP attributes), ICE
//! candidates and check lists (RFC 8839, RFC 8445), and STUN/TURN messages (RFC 8489, RFC 8656),
//! with a CLI built on it.
//!
//! Layering, left to right (a module uses only those to its left): [`span`] → [`diag`] →
//! {[`ice`], [`stun`]} → [`sdp`] → [`capture`] → [`handshake`] → [`input`] → {[`lint`],
//! [`diff`]}; the binary's `cli` renders.
//!
//! Parsers never fail on bad input: they return a model that keeps every byte, plus
//! [`diag::Diagnostic`]s that say where (line and column) and what was expected.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod capture;
pub mod diag;
pub mod diff;
pub mod handshake;
pub mod ice;
pub mod input;
pub mod lint;
pub mod sdp;
pub mod span;
pub mod stun;
