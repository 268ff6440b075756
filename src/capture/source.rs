//! A forward-only byte window over any [`Read`]: the capture is read once, in chunks, and only
//! the bytes of the record being decoded are kept. Offsets are absolute file offsets.

use std::io::{self, Read};

/// How much is asked of the reader at a time (bytes).
const CHUNK: usize = 64 * 1024;

/// A sliding window over a reader.
pub(crate) struct Source<R> {
    reader: R,
    buf: Vec<u8>,
    /// Start of the unconsumed bytes in `buf`.
    start: usize,
    /// File offset of `buf[start]`.
    offset: u64,
    eof: bool,
}

impl<R: Read> Source<R> {
    pub(crate) fn new(reader: R) -> Self {
        Source {
            reader,
            buf: Vec::with_capacity(CHUNK),
            start: 0,
            offset: 0,
            eof: false,
        }
    }

    /// File offset of the first unconsumed byte.
    pub(crate) fn offset(&self) -> u64 {
        self.offset
    }

    /// The unconsumed bytes held now.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    /// Makes at least `n` unconsumed bytes available, unless the input ends first. Returns
    /// whether `n` bytes are there. The caller bounds `n` (see [`super::Limits`]).
    pub(crate) fn fill(&mut self, n: usize) -> io::Result<bool> {
        while self.buf.len() - self.start < n && !self.eof {
            if self.start > 0
                && (self.start >= CHUNK || self.buf.len() + CHUNK > self.buf.capacity())
            {
                self.buf.drain(..self.start);
                self.start = 0;
            }
            let want = (n - (self.buf.len() - self.start)).max(CHUNK);
            let old = self.buf.len();
            self.buf.resize(old + want, 0);
            let got = loop {
                match self.reader.read(&mut self.buf[old..]) {
                    Ok(g) => break g,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.buf.truncate(old);
                        return Err(e);
                    }
                }
            };
            self.buf.truncate(old + got);
            if got == 0 {
                self.eof = true;
            }
        }
        Ok(self.buf.len() - self.start >= n)
    }

    /// Drops `n` bytes (at most what is held).
    pub(crate) fn consume(&mut self, n: usize) {
        let n = n.min(self.buf.len() - self.start);
        self.start += n;
        self.offset += n as u64;
        if self.start == self.buf.len() {
            self.buf.clear();
            self.start = 0;
        }
    }

    /// Whether the input has ended and every byte was consumed.
    pub(crate) fn at_end(&mut self) -> io::Result<bool> {
        Ok(!self.fill(1)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_slides_and_counts_offsets() {
        let data: Vec<u8> = (0..200_000u32).map(|i| i as u8).collect();
        let mut s = Source::new(&data[..]);
        assert!(s.fill(10).unwrap());
        s.consume(7);
        assert_eq!((s.offset(), s.bytes()[0]), (7, 7));
        assert!(s.fill(150_000).unwrap());
        assert_eq!(s.bytes()[149_999], ((7 + 149_999) % 256) as u8);
        assert!(s.fill(199_993).unwrap());
        assert!(!s.fill(199_994).unwrap());
        s.consume(199_990);
        assert!(!s.fill(11).unwrap());
        assert_eq!(s.bytes().len(), 3);
        s.consume(3);
        assert!(s.at_end().unwrap());
        assert_eq!(s.offset(), 200_000);
    }
}
