//! Classic pcap records (draft-ietf-opsawg-pcap §4–§5), decoded with `pcap-file`: the file
//! header once, then one 16-byte record header and `incl_len` bytes per packet.

use super::record::{Located, Step};
use super::timestamp::Resolution;
use pcap_file::pcap::{PcapHeader, PcapParser};
use pcap_file::{Endianness, TsResolution};

/// Record header size (bytes).
const RECORD_HEADER: usize = 16;
/// libpcap's largest snapshot length (`MAXIMUM_SNAPLEN`): records up to this size are
/// accepted even when the file header announces a smaller snapshot length.
const MAX_SNAPLEN: u32 = 262_144;

/// The file header's facts the records need.
pub(crate) struct PcapFile {
    parser: PcapParser,
    link_type: u32,
    resolution: Resolution,
    snaplen: u32,
}

impl PcapFile {
    /// Size of the file header (bytes).
    pub(crate) const HEADER: usize = 24;

    /// Whether `magic` (first 4 bytes, as read big-endian) is a pcap magic number.
    pub(crate) fn is_magic(magic: u32) -> bool {
        matches!(magic, 0xA1B2_C3D4 | 0xD4C3_B2A1 | 0xA1B2_3C4D | 0x4D3C_B2A1)
    }

    /// Decodes the 24-byte file header.
    pub(crate) fn open(bytes: &[u8]) -> Option<PcapFile> {
        let (_, parser) = PcapParser::new(bytes).ok()?;
        let header: PcapHeader = parser.header();
        Some(PcapFile {
            link_type: u32::from(header.datalink),
            resolution: match header.ts_resolution {
                TsResolution::MicroSecond => Resolution::MICROS,
                TsResolution::NanoSecond => Resolution::NANOS,
            },
            snaplen: header.snaplen,
            parser,
        })
    }

    fn u32_at(&self, bytes: &[u8], at: usize) -> u32 {
        let b = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
        match self.parser.header().endianness {
            Endianness::Big => u32::from_be_bytes(b),
            Endianness::Little => u32::from_le_bytes(b),
        }
    }

    /// The largest `incl_len` accepted.
    fn max_incl(&self, max_record: usize) -> usize {
        let cap = self.snaplen.max(MAX_SNAPLEN) as usize;
        cap.min(max_record.saturating_sub(RECORD_HEADER))
    }

    /// Decodes the record at the start of `bytes`.
    pub(crate) fn step(&self, bytes: &[u8], max_record: usize) -> Step {
        if bytes.len() < RECORD_HEADER {
            return Step::Need(RECORD_HEADER);
        }
        let incl = self.u32_at(bytes, 8) as usize;
        if incl > self.max_incl(max_record) {
            return Step::BadLength(format!(
                "record header declares {incl} captured bytes, more than the snapshot length {} \
                 allows (largest accepted {})",
                self.snaplen,
                self.max_incl(max_record)
            ));
        }
        let total = RECORD_HEADER + incl;
        if bytes.len() < total {
            return Step::Need(total);
        }
        let Ok((_, raw)) = self.parser.next_raw_packet(&bytes[..total]) else {
            return Step::Need(total);
        };
        let frac = u64::from(raw.ts_frac);
        let time_ns = i128::from(raw.ts_sec) * 1_000_000_000
            + self.resolution.to_nanos(frac).unwrap_or_default();
        Step::Packet(Located {
            data: RECORD_HEADER..total,
            total,
            time_ns,
            link_type: self.link_type,
            orig_len: raw.orig_len.max(raw.incl_len),
        })
    }

    /// Whether a record header could start at `bytes` (for resynchronising after a corrupt
    /// length): fraction under one second, `incl_len <= orig_len`, both plausible, and the
    /// next record header (if in `bytes`) plausible too.
    pub(crate) fn plausible_at(&self, bytes: &[u8], max_record: usize, depth: u8) -> bool {
        if bytes.len() < RECORD_HEADER {
            return false;
        }
        let frac = self.u32_at(bytes, 4);
        let incl = self.u32_at(bytes, 8) as usize;
        let orig = self.u32_at(bytes, 12) as usize;
        let frac_max = match self.resolution {
            Resolution::Decimal(6) => 1_000_000,
            _ => 1_000_000_000,
        };
        if frac >= frac_max || incl > orig || incl > self.max_incl(max_record) || orig > max_record
        {
            return false;
        }
        let next = RECORD_HEADER + incl;
        depth == 0
            || bytes.len() == next
            || (bytes.len() > next && self.plausible_at(&bytes[next..], max_record, depth - 1))
    }
}
