//! ICE: candidates (RFC 8839 §5.1, RFC 8445, RFC 6544) and what they mean for a connection.
//!
//! - [`candidate`]: the borrowed model and its grammar ([`parse_candidate`]);
//! - [`input`]: candidate lists as users have them — candidate strings one per line, or
//!   browser JSON `RTCIceCandidateInit` (one, an array, JSON Lines) — with their `sdpMid`,
//!   `sdpMLineIndex` and `usernameFragment` ([`parse_list`]);
//! - [`priority`]: priority decoding (type preference, local preference, component), the
//!   values RFC 8445 recommends and real stacks use, and the pair priority;
//! - [`address`]: the class of every address (loopback, private, CGNAT, link-local,
//!   unique-local, global, mDNS name, …) and its family;
//! - [`check`]: findings about one candidate ([`check_candidate`]);
//! - [`analysis`]: one side's candidate set — counts and set-wide findings ([`analyze`]);
//! - [`pairing`]: roles and the check list an agent forms (RFC 8445 §6.1.2,
//!   [`form_check_list`]).
//!
//! Findings are [`crate::diag::Diagnostic`]s of family `I` (see [`crate::diag::registry`]).
//! This module depends only on [`crate::span`] and [`crate::diag`]; extracting candidates from
//! a session description is the `sdp` module's business.

pub mod address;
pub mod analysis;
pub mod candidate;
pub mod check;
pub mod input;
pub mod pairing;
pub mod priority;

pub use address::{AddressClass, AddressFamily};
pub use analysis::{analyze, analyze_list, Counts, SetAnalysis};
pub use candidate::{
    parse as parse_candidate, parse_attribute as parse_candidate_attribute, Address, Candidate,
    CandidateType, Extensions, LegacyForms, TcpType, Transport, DEFAULT_MAX_EXTENSION_PAIRS,
    TOO_MANY_EXTENSIONS,
};
pub use check::check_candidate;
pub use input::{parse_list, CandidateList, IceCandidate, ListError};
pub use pairing::{
    determine_roles, form_check_list, CandidatePair, CheckList, PairState, PairingOptions, Role,
    Roles,
};
pub use priority::{pair_priority, Priority};
