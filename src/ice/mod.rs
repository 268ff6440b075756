//! ICE: the candidate model and its RFC 8839 §5.1 grammar ([`candidate`]).

pub mod candidate;

pub use candidate::{
    parse as parse_candidate, parse_attribute as parse_candidate_attribute, Address, Candidate,
    CandidateType, Extensions, LegacyForms, TcpType, Transport, DEFAULT_MAX_EXTENSION_PAIRS,
    TOO_MANY_EXTENSIONS,
};
