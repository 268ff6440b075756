//! pcapng blocks (draft-ietf-opsawg-pcapng §3–§4), decoded with `pcap-file`: Section Header,
//! Interface Description (link type, snapshot length, `if_tsresol`, `if_tsoffset`), and the
//! three packet blocks (Enhanced, Simple, obsolete Packet). Other blocks are skipped.
//!
//! pcap-file 2.0 reads an Enhanced Packet Block's timestamp as nanoseconds whatever the
//! interface's `if_tsresol`: the raw count is taken back and rescaled per interface here.

use super::record::{Located, Step};
use super::timestamp::Resolution;
use pcap_file::pcapng::blocks::interface_description::InterfaceDescriptionOption;
use pcap_file::pcapng::{Block, PcapNgParser};
use pcap_file::Endianness;

const SECTION_HEADER: u32 = 0x0A0D_0D0A;
const INTERFACE_DESCRIPTION: u32 = 1;
const PACKET: u32 = 2;
const SIMPLE_PACKET: u32 = 3;
const ENHANCED_PACKET: u32 = 6;
/// Block types of the specification (for resynchronising: a block must start with one).
const KNOWN_TYPES: [u32; 10] = [
    SECTION_HEADER,
    INTERFACE_DESCRIPTION,
    PACKET,
    SIMPLE_PACKET,
    4,
    5,
    ENHANCED_PACKET,
    7,
    9,
    10,
];

/// An interface of the current section.
#[derive(Clone, Debug)]
struct Interface {
    /// `None` when its description block did not decode (its packets are then skipped).
    link_type: Option<u32>,
    snaplen: u32,
    resolution: Resolution,
    /// `if_tsoffset`, seconds.
    offset_s: i64,
}

/// State across blocks: the byte order of the section and its interfaces.
pub(crate) struct PcapNgFile {
    parser: PcapNgParser,
    interfaces: Vec<Interface>,
    /// Interface count limit (ids are 32-bit; a section with more is corrupt for us).
    max_interfaces: usize,
}

impl PcapNgFile {
    /// Whether the first 4 bytes are a Section Header Block's type.
    pub(crate) fn is_magic(magic: u32) -> bool {
        magic == SECTION_HEADER
    }

    /// Bytes needed to know a Section Header Block's length.
    pub(crate) const PROBE: usize = 12;

    fn big_endian(&self) -> bool {
        matches!(self.parser.section().endianness, Endianness::Big)
    }

    fn u32_at(big: bool, bytes: &[u8], at: usize) -> u32 {
        let b = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
        if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        }
    }

    /// Type and total length of the block at the start of `bytes` (at least 12 bytes).
    fn header(&self, bytes: &[u8]) -> (u32, usize) {
        let big = if Self::u32_at(true, bytes, 0) == SECTION_HEADER {
            // A new section may change the byte order: its magic tells.
            bytes[8..12] == [0x1A, 0x2B, 0x3C, 0x4D]
        } else {
            self.big_endian()
        };
        (
            Self::u32_at(big, bytes, 0),
            Self::u32_at(big, bytes, 4) as usize,
        )
    }

    /// Decodes the first Section Header Block (the whole block must be in `bytes`). Returns
    /// its length too. `Err(needed)` when more bytes are needed; `Ok(None)` when it is not a
    /// valid section header.
    pub(crate) fn open(
        bytes: &[u8],
        max_record: usize,
    ) -> Result<Option<(PcapNgFile, usize)>, usize> {
        if bytes.len() < Self::PROBE {
            return Err(Self::PROBE);
        }
        let big = match bytes[8..12] {
            [0x1A, 0x2B, 0x3C, 0x4D] => true,
            [0x4D, 0x3C, 0x2B, 0x1A] => false,
            _ => return Ok(None),
        };
        let len = Self::u32_at(big, bytes, 4) as usize;
        if len < 28 || !len.is_multiple_of(4) || len > max_record {
            return Ok(None);
        }
        if bytes.len() < len {
            return Err(len);
        }
        match PcapNgParser::new(&bytes[..len]) {
            Ok((_, parser)) => Ok(Some((
                PcapNgFile {
                    parser,
                    interfaces: Vec::new(),
                    max_interfaces: 65_536,
                },
                len,
            ))),
            Err(_) => Ok(None),
        }
    }

    /// Decodes the block at the start of `bytes`.
    pub(crate) fn step(&mut self, bytes: &[u8], max_record: usize) -> Step {
        if bytes.len() < Self::PROBE {
            return Step::Need(Self::PROBE);
        }
        let (kind, len) = self.header(bytes);
        if !len.is_multiple_of(4) || len < 12 || len > max_record {
            return Step::BadLength(format!(
                "block of type {kind:#x} declares a total length of {len} bytes (must be a \
                 multiple of 4, at least 12, at most {max_record})"
            ));
        }
        if bytes.len() < len {
            return Step::Need(len);
        }
        let big = kind == SECTION_HEADER && bytes[8..12] == [0x1A, 0x2B, 0x3C, 0x4D]
            || kind != SECTION_HEADER && self.big_endian();
        let trailer = Self::u32_at(big, bytes, len - 4) as usize;
        if trailer != len {
            return Step::BadLength(format!(
                "block of type {kind:#x} declares {len} bytes but its trailing length says {trailer}"
            ));
        }
        if !matches!(
            kind,
            SECTION_HEADER | INTERFACE_DESCRIPTION | PACKET | SIMPLE_PACKET | ENHANCED_PACKET
        ) {
            return Step::Skip(len);
        }
        let block = match self.parser.next_block(&bytes[..len]) {
            Ok((_, block)) => block,
            Err(e) => {
                if kind == INTERFACE_DESCRIPTION {
                    self.push_interface(None, 0, Vec::new());
                }
                return Step::BadContent(
                    len,
                    format!("block of type {kind:#x} does not decode: {e}"),
                );
            }
        };
        match block {
            Block::SectionHeader(_) => {
                self.interfaces.clear();
                Step::Skip(len)
            }
            Block::InterfaceDescription(idb) => {
                if self.interfaces.len() >= self.max_interfaces {
                    return Step::BadContent(len, "too many interfaces in one section".into());
                }
                self.push_interface(Some(u32::from(idb.linktype)), idb.snaplen, idb.options);
                Step::Skip(len)
            }
            Block::EnhancedPacket(epb) => {
                // pcap-file made a Duration of the raw 64-bit count as nanoseconds: undo it.
                let raw = u64::try_from(epb.timestamp.as_nanos()).unwrap_or(u64::MAX);
                let data_len = epb.data.len();
                self.packet(
                    len,
                    epb.interface_id,
                    Some(raw),
                    28,
                    data_len,
                    epb.original_len,
                )
            }
            Block::SimplePacket(spb) => {
                // No timestamp, interface 0; captured length = min(original, snaplen).
                let snaplen = self.interfaces.first().map_or(0, |i| i.snaplen) as usize;
                let mut data_len = spb.data.len().min(spb.original_len as usize);
                if snaplen > 0 {
                    data_len = data_len.min(snaplen);
                }
                self.packet(len, 0, None, 12, data_len, spb.original_len)
            }
            Block::Packet(pb) => {
                let data_len = pb.data.len();
                self.packet(
                    len,
                    u32::from(pb.interface_id),
                    Some(pb.timestamp),
                    28,
                    data_len,
                    pb.original_len,
                )
            }
            _ => Step::Skip(len),
        }
    }

    fn push_interface(
        &mut self,
        link_type: Option<u32>,
        snaplen: u32,
        options: Vec<InterfaceDescriptionOption>,
    ) {
        let mut iface = Interface {
            link_type,
            snaplen,
            resolution: Resolution::MICROS,
            offset_s: 0,
        };
        for o in options {
            match o {
                InterfaceDescriptionOption::IfTsResol(r) => {
                    iface.resolution = Resolution::from_option(r)
                }
                // The option is a signed 64-bit count of seconds; pcap-file reads it unsigned.
                InterfaceDescriptionOption::IfTsOffset(s) => iface.offset_s = s as i64,
                _ => {}
            }
        }
        self.interfaces.push(iface);
    }

    fn packet(
        &self,
        len: usize,
        interface: u32,
        raw_time: Option<u64>,
        data_at: usize,
        data_len: usize,
        orig_len: u32,
    ) -> Step {
        let Some(iface) = self.interfaces.get(interface as usize) else {
            return Step::BadContent(
                len,
                format!(
                    "packet for interface {interface}, but the section describes {} interface(s)",
                    self.interfaces.len()
                ),
            );
        };
        let Some(link_type) = iface.link_type else {
            return Step::BadContent(
                len,
                format!("packet for interface {interface}, whose description did not decode"),
            );
        };
        let time_ns = raw_time
            .and_then(|t| iface.resolution.to_nanos(t))
            .map_or(0, |ns| ns + i128::from(iface.offset_s) * 1_000_000_000);
        Step::Packet(Located {
            data: data_at..data_at + data_len,
            total: len,
            time_ns,
            link_type,
            orig_len: orig_len.max(data_len as u32),
        })
    }

    /// Whether a block could start at `bytes`: a known type, a sane length, and the same
    /// length in its trailer (the whole block must be in `bytes`).
    pub(crate) fn plausible_at(&self, bytes: &[u8], max_record: usize) -> bool {
        if bytes.len() < Self::PROBE {
            return false;
        }
        let (kind, len) = self.header(bytes);
        if !KNOWN_TYPES.contains(&kind)
            || !len.is_multiple_of(4)
            || len < 12
            || len > max_record
            || bytes.len() < len
        {
            return false;
        }
        let big = if kind == SECTION_HEADER {
            bytes[8..12] == [0x1A, 0x2B, 0x3C, 0x4D]
        } else {
            self.big_endian()
        };
        Self::u32_at(big, bytes, len - 4) as usize == len
    }
}
