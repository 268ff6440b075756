//! Rules: datachannel.

use crate::diag::Diagnostic;
use crate::sdp::Session;

pub(super) fn check(_session: &Session<'_>, _out: &mut Vec<Diagnostic>) {}
