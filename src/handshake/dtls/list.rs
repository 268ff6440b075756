//! `List16`: a borrowed list of 16-bit wire values (cipher suites, groups, versions, SRTP
//! profiles), typed on the way out.

use serde::Serialize;
use std::fmt;
use std::marker::PhantomData;

/// A list of big-endian 16-bit values of type `T`, borrowed from the message. Its length in
/// bytes is even (the parsers check it).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct List16<'a, T> {
    bytes: &'a [u8],
    _t: PhantomData<T>,
}

impl<'a, T: From<u16>> List16<'a, T> {
    /// A list over `bytes` (an odd last byte is ignored).
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        List16 {
            bytes,
            _t: PhantomData,
        }
    }

    /// The values, in wire order.
    pub fn iter(&self) -> impl Iterator<Item = T> + 'a {
        self.bytes
            .chunks_exact(2)
            .map(|c| T::from(u16::from_be_bytes([c[0], c[1]])))
    }

    /// The number of values.
    pub fn len(&self) -> usize {
        self.bytes.len() / 2
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
}

impl<T: From<u16> + fmt::Debug> fmt::Debug for List16<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: From<u16> + Serialize> Serialize for List16<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}
