//! The handshake from a capture (and the SDPs): STUN transactions, the ICE candidate-pair
//! table with nomination and consent, TURN allocations, and a verdict.
//!
//! Input: [`crate::capture::Packet`]s in capture order, pushed into an [`Analyzer`]; output: a
//! [`Report`]. Memory is bounded: per-transaction state up to [`stun::MAX_TRANSACTIONS`].

pub mod analysis;
pub mod ice;
pub mod peers;
pub mod stun;

pub use analysis::{Analyzer, IceFailure, IceOutcome, Report};
pub use peers::{Peers, Side};
