//! Handshake fragment reassembly (RFC 6347 §4.2.3): fragments of one message share its
//! `message_seq` and `length` and may arrive in any order, overlap, or repeat (a flight
//! retransmitted after a timeout, RFC 6347 §4.2.4).
//!
//! One [`Reassembler`] per direction of a DTLS association. Memory is bounded: at most
//! [`MAX_PENDING`] messages in progress, each at most [`MAX_MESSAGE_LEN`] bytes.

use super::handshake::{Fragment, HandshakeType};
use serde::Serialize;
use std::collections::VecDeque;

/// The largest message body put back together, in bytes (a certificate chain of several
/// RSA-4096 certificates fits); a longer one is [`Reassembled::Dropped`].
pub const MAX_MESSAGE_LEN: u32 = 256 * 1024;

/// Messages in progress at once per direction; a fragment of one more is dropped.
pub const MAX_PENDING: usize = 16;

/// How many completed `message_seq` values are remembered to recognise retransmissions.
const REMEMBERED: usize = 64;

/// A whole handshake message, put back together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The type.
    pub msg_type: HandshakeType,
    /// The message sequence number.
    pub message_seq: u16,
    /// The body (without the handshake header); parse it with
    /// [`super::parse_message`].
    pub body: Vec<u8>,
    /// How many fragments it took (1 when it was sent whole).
    pub fragments: usize,
}

/// What a fragment did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reassembled {
    /// It completed a message.
    Complete(Message),
    /// The message still misses bytes.
    Incomplete,
    /// It belongs to a message already completed: a retransmission (RFC 6347 §4.2.4).
    Retransmission {
        /// The type.
        msg_type: HandshakeType,
        /// The message sequence number.
        message_seq: u16,
    },
    /// It was not used.
    Dropped(DropReason),
}

/// Why a fragment was not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum DropReason {
    /// The message is longer than [`MAX_MESSAGE_LEN`].
    TooLong {
        /// Its `length` field, in bytes.
        length: u32,
    },
    /// [`MAX_PENDING`] messages are already in progress.
    TooManyPending,
    /// Its `msg_type` or `length` differ from earlier fragments of the same `message_seq`
    /// (RFC 6347 §4.2.3 requires them equal).
    Inconsistent {
        /// The message sequence number.
        message_seq: u16,
    },
}

#[derive(Clone, Debug)]
struct Pending {
    msg_type: HandshakeType,
    message_seq: u16,
    body: Vec<u8>,
    /// Byte ranges received, sorted and disjoint.
    have: Vec<(u32, u32)>,
    fragments: usize,
}

impl Pending {
    fn add(&mut self, start: u32, end: u32) {
        self.have.push((start, end));
        self.have.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(self.have.len());
        for &(s, e) in &self.have {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        self.have = merged;
    }

    fn is_complete(&self) -> bool {
        let len = self.body.len() as u32;
        len == 0 || self.have.first() == Some(&(0, len))
    }
}

/// Puts handshake fragments of one direction back together by `message_seq`.
#[derive(Clone, Debug, Default)]
pub struct Reassembler {
    pending: Vec<Pending>,
    done: VecDeque<u16>,
}

impl Reassembler {
    /// An empty reassembler.
    pub fn new() -> Reassembler {
        Reassembler::default()
    }

    /// Adds a fragment (from [`super::fragments`]).
    pub fn push(&mut self, f: &Fragment<'_>) -> Reassembled {
        if self.done.contains(&f.message_seq) {
            return Reassembled::Retransmission {
                msg_type: f.msg_type,
                message_seq: f.message_seq,
            };
        }
        if f.length > MAX_MESSAGE_LEN {
            return Reassembled::Dropped(DropReason::TooLong { length: f.length });
        }
        let index = match self
            .pending
            .iter()
            .position(|p| p.message_seq == f.message_seq)
        {
            Some(i) => {
                let p = &self.pending[i];
                if p.msg_type != f.msg_type || p.body.len() != f.length as usize {
                    return Reassembled::Dropped(DropReason::Inconsistent {
                        message_seq: f.message_seq,
                    });
                }
                i
            }
            None if self.pending.len() >= MAX_PENDING => {
                return Reassembled::Dropped(DropReason::TooManyPending)
            }
            None => {
                self.pending.push(Pending {
                    msg_type: f.msg_type,
                    message_seq: f.message_seq,
                    body: vec![0; f.length as usize],
                    have: Vec::new(),
                    fragments: 0,
                });
                self.pending.len() - 1
            }
        };
        let p = &mut self.pending[index];
        // parse_fragment checks this; a Fragment built by hand might not.
        let start = f.fragment_offset as usize;
        let Some(slot) = p.body.get_mut(start..start.saturating_add(f.body.len())) else {
            return Reassembled::Dropped(DropReason::Inconsistent {
                message_seq: f.message_seq,
            });
        };
        slot.copy_from_slice(f.body);
        p.add(start as u32, (start + f.body.len()) as u32);
        p.fragments += 1;
        if !p.is_complete() {
            return Reassembled::Incomplete;
        }
        let p = self.pending.swap_remove(index);
        if self.done.len() == REMEMBERED {
            self.done.pop_front();
        }
        self.done.push_back(p.message_seq);
        Reassembled::Complete(Message {
            msg_type: p.msg_type,
            message_seq: p.message_seq,
            body: p.body,
            fragments: p.fragments,
        })
    }

    /// Forgets everything (a new handshake on the same 5-tuple).
    pub fn reset(&mut self) {
        self.pending.clear();
        self.done.clear();
    }

    /// Messages in progress: `(msg_type, message_seq, bytes received, length)`.
    pub fn incomplete(&self) -> impl Iterator<Item = (HandshakeType, u16, usize, usize)> + '_ {
        self.pending.iter().map(|p| {
            let got: u32 = p.have.iter().map(|(s, e)| e - s).sum();
            (p.msg_type, p.message_seq, got as usize, p.body.len())
        })
    }
}
