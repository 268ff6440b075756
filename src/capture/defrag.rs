//! IPv4 (RFC 791 §3.2) and IPv6 (RFC 8200 §4.5) fragment reassembly, bounded: at most
//! [`super::Limits::max_fragments_in_flight`] datagrams at once, each in an `etherparse`
//! [`IpDefragBuf`] (which checks overlaps and the 64 KiB ceiling). When full, the datagram
//! waiting longest is given up and reported.

use super::net::Fragment;
use etherparse::defrag::IpDefragBuf;
use etherparse::IpNumber;
use std::collections::HashMap;
use std::net::IpAddr;

/// Identifies the fragments of one datagram (RFC 791: source, destination, protocol,
/// identification).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct FragKey {
    pub(crate) src: IpAddr,
    pub(crate) dst: IpAddr,
    pub(crate) protocol: IpNumber,
    pub(crate) id: u32,
}

/// A datagram that was never completed.
#[derive(Debug)]
pub(crate) struct Lost {
    pub(crate) key: FragKey,
    /// Record number and file offset of its first fragment.
    pub(crate) first: (u64, u64),
    pub(crate) why: String,
}

/// What adding a fragment gave.
pub(crate) enum Added {
    /// Still waiting for fragments.
    Pending,
    /// The whole transport payload.
    Complete(Vec<u8>),
    /// This datagram cannot be reassembled (conflicting fragments).
    Failed(Lost),
}

pub(crate) struct Defrag {
    max: usize,
    active: HashMap<FragKey, (IpDefragBuf, (u64, u64))>,
    /// Datagrams given up to make room (reported by the caller).
    pub(crate) evicted: Vec<Lost>,
}

impl Defrag {
    pub(crate) fn new(max: usize) -> Self {
        Defrag {
            max,
            active: HashMap::new(),
            evicted: Vec::new(),
        }
    }

    /// Adds a fragment seen in record `at` = (number, offset).
    pub(crate) fn add(
        &mut self,
        key: FragKey,
        frag: Fragment,
        bytes: &[u8],
        at: (u64, u64),
    ) -> Added {
        if !self.active.contains_key(&key) && self.active.len() >= self.max.max(1) {
            let oldest = self
                .active
                .iter()
                .min_by_key(|(_, (_, first))| *first)
                .map(|(k, _)| *k);
            if let Some((oldest, (_, first))) = oldest.and_then(|k| self.active.remove_entry(&k)) {
                self.evicted.push(Lost {
                    key: oldest,
                    first,
                    why: format!(
                        "given up: {} datagrams were being reassembled at once (the limit)",
                        self.max
                    ),
                });
            }
        }
        let entry = self
            .active
            .entry(key)
            .or_insert_with(|| (IpDefragBuf::new(key.protocol, Vec::new(), Vec::new()), at));
        if let Err(e) = entry.0.add(frag.offset, frag.more, bytes) {
            let first = self.active.remove(&key).map_or(at, |(_, first)| first);
            return Added::Failed(Lost {
                key,
                first,
                why: format!("fragments conflict: {e:?}"),
            });
        }
        if entry.0.is_complete() {
            if let Some((buf, _)) = self.active.remove(&key) {
                return Added::Complete(buf.take_bufs().0);
            }
        }
        Added::Pending
    }

    /// The datagrams still incomplete at the end of the capture.
    pub(crate) fn finish(self) -> Vec<Lost> {
        let mut left: Vec<Lost> = self
            .active
            .into_iter()
            .map(|(key, (_, first))| Lost {
                key,
                first,
                why: "the capture ends before its last fragment".into(),
            })
            .collect();
        left.sort_by_key(|l| l.first);
        left
    }
}
