//! Capture records, whatever the file format: detection by magic number, then one packet
//! record after another with its number, file offset, time and link type. Corrupt lengths
//! are reported and skipped over by searching for the next plausible record; a file cut in
//! the middle of a record is reported at its end.

use super::findings::file_span;
use super::pcap::PcapFile;
use super::pcapng::PcapNgFile;
use super::source::Source;
use super::Limits;
use crate::diag::{registry, Diagnostic};
use std::io::{self, Read};
use std::ops::Range;

/// What decoding the bytes at the current position gave.
pub(crate) enum Step {
    /// More bytes are needed: this many from the current position.
    Need(usize),
    /// A packet record.
    Packet(Located),
    /// A block to pass over (this many bytes): metadata, or a block type not needed.
    Skip(usize),
    /// A length that cannot be right: resynchronise.
    BadLength(String),
    /// A block of this length whose content does not decode: skip it.
    BadContent(usize, String),
}

/// A packet record found at the current position.
pub(crate) struct Located {
    /// The packet bytes, relative to the record's start.
    pub(crate) data: Range<usize>,
    /// The record's size in the file (bytes).
    pub(crate) total: usize,
    pub(crate) time_ns: i128,
    pub(crate) link_type: u32,
    /// Length of the packet on the wire (bytes).
    pub(crate) orig_len: u32,
}

/// One packet record of the capture.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Record<'a> {
    /// 1-based record number (Wireshark's frame number in an intact file).
    pub number: u64,
    /// File offset of the record (bytes).
    pub offset: u64,
    /// Capture time, ns since the Unix epoch.
    pub time_ns: i128,
    /// The link type (LINKTYPE_ value) of its interface.
    pub link_type: u32,
    /// Bytes on the wire (bytes); more than `data.len()` when the snapshot length cut it.
    pub orig_len: u32,
    /// The captured bytes.
    pub data: &'a [u8],
}

/// The capture file format, by magic number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// libpcap, microsecond or nanosecond timestamps, either byte order.
    Pcap,
    /// pcapng.
    PcapNg,
}

enum File {
    Pcap(PcapFile),
    PcapNg(PcapNgFile),
}

/// Reads packet records one after another.
pub(crate) struct Records<R> {
    src: Source<R>,
    file: File,
    limits: Limits,
    number: u64,
    corrupt: u64,
    /// Bytes of the record returned last, consumed on the next call.
    pending: usize,
    done: bool,
}

impl<R: Read> Records<R> {
    /// Reads the file header. `Ok(Err(finding))` when the input is no capture.
    pub(crate) fn open(
        reader: R,
        limits: Limits,
    ) -> io::Result<Result<(Self, Format), Diagnostic>> {
        let mut src = Source::new(reader);
        src.fill(PcapFile::HEADER)?;
        let bytes = src.bytes();
        let magic = bytes.first_chunk::<4>().map(|m| u32::from_be_bytes(*m));
        let not_capture = |what: String| {
            Diagnostic::new(&registry::UNKNOWN_CAPTURE_FORMAT, file_span(0, 4), what).with_help(
                "give a pcap or pcapng file (tcpdump -w, Wireshark \"Save As\"); the format is \
                 recognised by its first bytes, not its name",
            )
        };
        let (file, format) = match magic {
            Some(m) if PcapFile::is_magic(m) => match PcapFile::open(bytes) {
                Some(f) => {
                    src.consume(PcapFile::HEADER);
                    (File::Pcap(f), Format::Pcap)
                }
                None => {
                    return Ok(Err(not_capture(format!(
                        "pcap file header is cut short: {} of {} bytes",
                        bytes.len(),
                        PcapFile::HEADER
                    ))))
                }
            },
            Some(m) if PcapNgFile::is_magic(m) => {
                let mut need = PcapNgFile::PROBE;
                loop {
                    src.fill(need)?;
                    match PcapNgFile::open(src.bytes(), limits.max_record_bytes) {
                        Ok(Some((f, len))) => {
                            src.consume(len);
                            break (File::PcapNg(f), Format::PcapNg);
                        }
                        Ok(None) => {
                            return Ok(Err(not_capture(
                                "pcapng Section Header Block does not decode (byte-order magic, \
                                 length or options)"
                                    .into(),
                            )))
                        }
                        Err(n) if n > src.bytes().len() && n <= need => {
                            return Ok(Err(not_capture(format!(
                                "pcapng Section Header Block is cut short: {} of {n} bytes",
                                src.bytes().len()
                            ))))
                        }
                        Err(n) => need = n,
                    }
                }
            }
            _ => {
                let shown: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02x}")).collect();
                return Ok(Err(not_capture(format!(
                    "not a pcap or pcapng capture: it starts with {}",
                    if shown.is_empty() {
                        "nothing (empty input)".to_string()
                    } else {
                        shown.join(" ")
                    }
                ))));
            }
        };
        Ok(Ok((
            Records {
                src,
                file,
                limits,
                number: 0,
                corrupt: 0,
                pending: 0,
                done: false,
            },
            format,
        )))
    }

    /// Records given up for a corrupt length (each still took a record number).
    pub(crate) fn corrupt(&self) -> u64 {
        self.corrupt
    }

    /// Bytes read so far (the file offset of the next record).
    pub(crate) fn offset(&self) -> u64 {
        self.src.offset()
    }

    /// The next packet record, after reporting into `findings` whatever was wrong on the way.
    pub(crate) fn next(
        &mut self,
        findings: &mut Vec<Diagnostic>,
    ) -> io::Result<Option<Record<'_>>> {
        self.src.consume(std::mem::take(&mut self.pending));
        let located = loop {
            if self.done || self.src.at_end()? {
                self.done = true;
                return Ok(None);
            }
            let mut need = 0;
            let step = loop {
                let step = self.step();
                match step {
                    Step::Need(n) if n > need => {
                        need = n;
                        if !self.src.fill(n)? {
                            break Step::Need(n);
                        }
                    }
                    other => break other,
                }
            };
            let offset = self.src.offset();
            match step {
                Step::Need(n) => {
                    let have = self.src.bytes().len();
                    findings.push(
                        Diagnostic::new(
                            &registry::TRUNCATED_CAPTURE,
                            file_span(offset, have),
                            format!(
                                "the file ends inside record {} at byte {offset}: {n} bytes needed, \
                                 {have} available",
                                self.number + 1
                            ),
                        )
                        .with_help("the capture was cut while being written or copied; the records before it are intact"),
                    );
                    self.src.consume(have);
                    self.done = true;
                    return Ok(None);
                }
                Step::Packet(located) => break located,
                Step::Skip(n) => self.src.consume(n),
                Step::BadContent(n, why) => {
                    findings.push(Diagnostic::new(
                        &registry::MALFORMED_CAPTURE_BLOCK,
                        file_span(offset, n),
                        format!(
                            "block at byte {offset} (after record {}): {why}",
                            self.number
                        ),
                    ));
                    self.src.consume(n);
                }
                Step::BadLength(why) => {
                    self.number += 1;
                    self.corrupt += 1;
                    let skipped = self.resync()?;
                    let what = match skipped {
                        Some(n) => format!("{n} bytes skipped to the next plausible record"),
                        None => {
                            "no plausible record follows; the rest of the file is not read".into()
                        }
                    };
                    findings.push(Diagnostic::new(
                        &registry::INVALID_RECORD_LENGTH,
                        file_span(offset, 8),
                        format!("record {} at byte {offset}: {why}; {what}", self.number),
                    ));
                }
            }
        };
        self.number += 1;
        self.pending = located.total;
        let bytes = self.src.bytes();
        Ok(Some(Record {
            number: self.number,
            offset: self.src.offset(),
            time_ns: located.time_ns,
            link_type: located.link_type,
            orig_len: located.orig_len,
            data: &bytes[located.data],
        }))
    }

    fn step(&mut self) -> Step {
        let max = self.limits.max_record_bytes;
        match &mut self.file {
            File::Pcap(f) => f.step(self.src.bytes(), max),
            File::PcapNg(f) => f.step(self.src.bytes(), max),
        }
    }

    /// Skips to the next position where a record plausibly starts; returns the bytes skipped,
    /// or `None` (and stops reading) when none is found before the end.
    fn resync(&mut self) -> io::Result<Option<u64>> {
        let start = self.src.offset();
        let max = self.limits.max_record_bytes;
        // Look at a window of candidates; each needs its own record (and the next header) in
        // the buffer to be judged.
        let window = 64 * 1024;
        let stride = match self.file {
            File::Pcap(_) => 1,
            File::PcapNg(_) => 4,
        };
        self.src.consume(stride);
        loop {
            let full = self.src.fill(window + max.min(window * 4))?;
            let bytes = self.src.bytes();
            let mut at = 0;
            let limit = if full { window } else { bytes.len() };
            while at < limit {
                let ok = match &self.file {
                    File::Pcap(f) => f.plausible_at(&bytes[at..], max, 2),
                    File::PcapNg(f) => f.plausible_at(&bytes[at..], max),
                };
                if ok {
                    self.src.consume(at);
                    return Ok(Some(self.src.offset() - start));
                }
                at += stride;
            }
            self.src.consume(at);
            if !full {
                self.done = true;
                return Ok(None);
            }
        }
    }
}
