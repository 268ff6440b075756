//! Capture timestamps to nanoseconds since the Unix epoch.
//!
//! pcapng (draft-ietf-opsawg-pcapng §4.2, `if_tsresol`) counts in units of 10^-n s when the
//! top bit of the option is clear, 2^-n s when it is set; the default is 10^-6. `if_tsoffset`
//! adds whole seconds. pcap-file 2.0 hands out the raw count as if it were nanoseconds, so the
//! rescaling is done here.

/// The unit of a timestamp count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// 10^-n seconds (microseconds: 6, nanoseconds: 9).
    Decimal(u8),
    /// 2^-n seconds.
    Binary(u8),
}

impl Resolution {
    /// The default pcapng resolution and that of classic pcap: microseconds.
    pub const MICROS: Resolution = Resolution::Decimal(6);
    /// Nanoseconds (pcap magic 0xa1b23c4d).
    pub const NANOS: Resolution = Resolution::Decimal(9);

    /// From the `if_tsresol` option byte.
    pub fn from_option(byte: u8) -> Resolution {
        if byte & 0x80 == 0 {
            Resolution::Decimal(byte)
        } else {
            Resolution::Binary(byte & 0x7f)
        }
    }

    /// Converts a count of units to nanoseconds, truncating below a nanosecond. `None` when
    /// the unit is absurd (10^-n with n > 38 overflows the arithmetic).
    pub fn to_nanos(self, count: u64) -> Option<i128> {
        let count = i128::from(count);
        match self {
            Resolution::Decimal(n) if n <= 9 => Some(count * 10i128.pow(9 - u32::from(n))),
            Resolution::Decimal(n) => 10i128.checked_pow(u32::from(n) - 9).map(|d| count / d),
            // count < 2^64 and 10^9 < 2^30: the product fits in i128; n <= 127.
            Resolution::Binary(n) => Some((count * 1_000_000_000) >> n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolutions() {
        assert_eq!(Resolution::from_option(6), Resolution::MICROS);
        assert_eq!(Resolution::MICROS.to_nanos(1_500_000), Some(1_500_000_000));
        assert_eq!(Resolution::NANOS.to_nanos(7), Some(7));
        assert_eq!(Resolution::Decimal(12).to_nanos(5_000), Some(5));
        assert_eq!(Resolution::Decimal(0).to_nanos(3), Some(3_000_000_000));
        // 2^-20 s: 2^20 units are one second; one unit is 953.67 ns.
        assert_eq!(Resolution::from_option(0x94), Resolution::Binary(20));
        assert_eq!(
            Resolution::Binary(20).to_nanos(1 << 20),
            Some(1_000_000_000)
        );
        assert_eq!(Resolution::Binary(20).to_nanos(1), Some(953));
        assert_eq!(Resolution::Decimal(127).to_nanos(1), None);
    }
}
