//! The RFC 7983 demultiplexer applied to captured payloads: the first byte says STUN, DTLS,
//! TURN ChannelData, RTP/RTCP (…), and a check of the header's shape keeps traffic that is no
//! WebRTC at all (mDNS, DNS, NTP on other ports of the capture) out of those kinds. A
//! ChannelData message is unwrapped and its data demultiplexed in turn.

use crate::stun::framing::{classify, ChannelData, PacketKind};

const MAGIC_COOKIE: [u8; 4] = [0x21, 0x12, 0xA4, 0x42];

/// The kind of `bytes` by RFC 7983 §7 (updated by RFC 9443), narrowed by shape:
/// - STUN needs 20 bytes and the magic cookie (RFC 8489 §5; WebRTC never uses RFC 3489's
///   cookie-less STUN);
/// - DTLS needs a plaintext record header with a DTLS version (first byte 20–26, second 0xFE,
///   RFC 6347 §4.1) or the DTLS 1.3 unified header (first byte 0x20–0x3F, RFC 9147 §4);
/// - RTP needs its 12-byte fixed header, RTCP its 8 bytes (RFC 3550 §5.1, §6.4);
/// - a byte that fails its shape is [`PacketKind::Unknown`] ("other").
pub fn kind_of(bytes: &[u8]) -> PacketKind {
    let Some(&first) = bytes.first() else {
        return PacketKind::Unknown;
    };
    let kind = classify(first);
    let fits = match kind {
        PacketKind::Stun => bytes.len() >= 20 && bytes[4..8] == MAGIC_COOKIE,
        PacketKind::Dtls => {
            bytes.len() >= 2
                && ((20..=26).contains(&first) && bytes[1] == 0xFE || first & 0xE0 == 0x20)
        }
        PacketKind::RtpRtcp => bytes.len() >= if is_rtcp(bytes) { 8 } else { 12 },
        _ => true,
    };
    if fits {
        kind
    } else {
        PacketKind::Unknown
    }
}

/// Whether an RTP/RTCP packet (first byte 128–191) is RTCP: RFC 5761 §4 reserves second-byte
/// values 192–223 (RTCP packet types SR 200, RR 201, SDES 202, BYE 203, APP 204, RTPFB 205,
/// PSFB 206, XR 207…) so that they never collide with RTP payload types plus marker bit.
pub fn is_rtcp(bytes: &[u8]) -> bool {
    matches!(bytes.get(1), Some(192..=223))
}

/// Demultiplexes one datagram or frame: its kind, and for TURN ChannelData (RFC 8656 §12.4)
/// the channel number and the data inside, whose kind is then that of the data. A
/// ChannelData message that does not decode (length past the end) stays whole, kind
/// [`PacketKind::TurnChannel`], no channel.
pub fn demux(bytes: &[u8]) -> (PacketKind, Option<u16>, &[u8]) {
    let kind = kind_of(bytes);
    if kind != PacketKind::TurnChannel {
        return (kind, None, bytes);
    }
    match ChannelData::decode_datagram(bytes) {
        Ok(cd) => {
            // ChannelData inside ChannelData is no protocol: the inner one stays whole.
            (kind_of(cd.data), Some(cd.channel), cd.data)
        }
        Err(_) => (PacketKind::TurnChannel, None, bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let mut stun = vec![0x00, 0x01, 0x00, 0x00];
        stun.extend_from_slice(&MAGIC_COOKIE);
        stun.extend_from_slice(&[7; 12]);
        assert_eq!(kind_of(&stun), PacketKind::Stun);
        // An mDNS query (transaction ID 0, flags 0): first byte 0, no cookie.
        let mdns = [
            0u8, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, b'l', b'o', b'c', b'a', b'l', 0, 0,
        ];
        assert_eq!(kind_of(&mdns), PacketKind::Unknown);
        assert_eq!(kind_of(&[22, 0xFE, 0xFD, 0, 0]), PacketKind::Dtls);
        assert_eq!(kind_of(&[0x2F, 0x12, 0x34]), PacketKind::Dtls);
        assert_eq!(kind_of(&[22, 0x03, 0x01]), PacketKind::Unknown);
        assert_eq!(
            kind_of(&[0x80, 0x6F, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]),
            PacketKind::RtpRtcp
        );
        assert_eq!(
            kind_of(&[0x80, 0xC8, 0, 6, 0, 0, 0, 1]),
            PacketKind::RtpRtcp
        );
        assert_eq!(kind_of(&[0x80, 0x6F, 0, 1]), PacketKind::Unknown);
        assert!(is_rtcp(&[0x81, 0xC9]) && !is_rtcp(&[0x80, 0xE0]));
        assert_eq!(kind_of(&[]), PacketKind::Unknown);
    }

    #[test]
    fn channel_data_is_unwrapped() {
        let mut cd = vec![0x40, 0x01, 0x00, 0x14];
        cd.extend_from_slice(&[0x00, 0x01, 0x00, 0x00]);
        cd.extend_from_slice(&MAGIC_COOKIE);
        cd.extend_from_slice(&[9; 12]);
        let (kind, channel, inner) = demux(&cd);
        assert_eq!(
            (kind, channel, inner.len()),
            (PacketKind::Stun, Some(0x4001), 20)
        );
        // Length past the end: not unwrapped.
        let (kind, channel, inner) = demux(&[0x40, 0x01, 0x00, 0x40, 1, 2]);
        assert_eq!(
            (kind, channel, inner.len()),
            (PacketKind::TurnChannel, None, 6)
        );
    }
}
