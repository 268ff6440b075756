//! What a payload type means in one m-section: its `a=rtpmap`, or the static assignment of
//! RFC 3551 §6 when there is none. Shared by the offer/answer rules and the negotiation summary.

use crate::sdp::attributes::Rtpmap;
use crate::sdp::Media;
use crate::span::Span;
use std::borrow::Cow;

/// The meaning of a payload type: encoding name, clock rate (Hz) and channel count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CodecId<'s> {
    /// The encoding name as written (compare with [`CodecId::same`], case-insensitively).
    pub name: Cow<'s, str>,
    /// Clock rate (Hz).
    pub clock_rate: u32,
    /// Channels: the rtpmap's encoding parameters, 1 when not given (RFC 8866 §6.6).
    pub channels: u16,
    /// Whether the rtpmap gave the channel count (for display).
    pub channels_given: bool,
    /// Where the `a=rtpmap` line's value is; `None` for a static payload type without one.
    pub span: Option<Span>,
}

impl CodecId<'_> {
    /// Same codec: encoding names equal ignoring case (RFC 4855 §3), same clock rate and channels.
    pub fn same(&self, other: &CodecId<'_>) -> bool {
        self.name.eq_ignore_ascii_case(&other.name)
            && self.clock_rate == other.clock_rate
            && self.channels == other.channels
    }
}

impl std::fmt::Display for CodecId<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.name, self.clock_rate)?;
        if self.channels_given {
            write!(f, "/{}", self.channels)?;
        }
        Ok(())
    }
}

/// The static payload types of RFC 3551 §6: [`crate::sdp::attributes::rtp::static_payload_type`].
pub(super) fn static_codec(pt: u8) -> Option<(&'static str, u32, u16)> {
    crate::sdp::attributes::rtp::static_payload_type(pt)
}

/// What payload type `pt` means in `media`: its rtpmap, else its static assignment; `None`
/// for a dynamic payload type without an rtpmap (a single-description finding).
pub(crate) fn codec_of<'s>(media: &'s Media<'_>, pt: u8) -> Option<CodecId<'s>> {
    codec(media.rtpmap(pt), pt)
}

/// The first `a=rtpmap` of each payload type of a section (what [`Media::rtpmap`] finds),
/// gathered in one pass, for sections asked about many payload types.
pub(crate) struct Rtpmaps<'s, 'a> {
    media: &'s Media<'a>,
    /// Payload types 0-127; others (not RTP payload types) are looked up in `media`.
    first: [Option<&'s Rtpmap<'a>>; 128],
}

impl<'s, 'a> Rtpmaps<'s, 'a> {
    /// The rtpmaps of `media`.
    pub fn of(media: &'s Media<'a>) -> Self {
        let mut maps = Rtpmaps::new(media);
        for m in media.rtpmaps() {
            maps.add(m);
        }
        maps
    }

    /// None yet: [`Rtpmaps::add`] each rtpmap of `media`, in order, for one pass that gathers
    /// more.
    pub fn new(media: &'s Media<'a>) -> Self {
        Rtpmaps {
            media,
            first: [None; 128],
        }
    }

    /// The next rtpmap of the section (the first of a payload type is the one that counts).
    pub fn add(&mut self, m: &'s Rtpmap<'a>) {
        if let Some(slot) = self.first.get_mut(usize::from(m.payload_type)) {
            slot.get_or_insert(m);
        }
    }

    /// The rtpmap of payload type `pt`, as [`Media::rtpmap`].
    pub fn get(&self, pt: u8) -> Option<&'s Rtpmap<'a>> {
        match self.first.get(usize::from(pt)) {
            Some(m) => *m,
            None => self.media.rtpmap(pt),
        }
    }

    /// What payload type `pt` means, as [`codec_of`].
    pub fn codec(&self, pt: u8) -> Option<CodecId<'s>> {
        codec(self.get(pt), pt)
    }
}

/// The codec of payload type `pt` given its rtpmap, if any.
fn codec<'s>(rtpmap: Option<&'s Rtpmap<'_>>, pt: u8) -> Option<CodecId<'s>> {
    if let Some(r) = rtpmap {
        return Some(CodecId {
            name: Cow::Borrowed(r.encoding_name.as_str()),
            clock_rate: r.clock_rate,
            channels: r.channels(),
            channels_given: r.encoding_params.is_some(),
            span: Some(r.encoding_name.span),
        });
    }
    static_codec(pt).map(|(name, clock_rate, channels)| CodecId {
        name: Cow::Borrowed(name),
        clock_rate,
        channels,
        channels_given: channels != 1,
        span: None,
    })
}

/// The payload types of an RTP m-line, in order (none for other protos).
pub(crate) fn payload_types(media: &Media<'_>) -> Vec<u8> {
    match media.media_line() {
        Some(m) if m.is_rtp() => m.payload_types().collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rtpmap_then_static_table() {
        // Lines from fixtures/real/chromium-basic/offer.sdp.
        let s = crate::sdp::parse(
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n\
             m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 98\r\na=rtpmap:111 opus/48000/2\r\n\
             a=rtpmap:8 PCMA/8000\r\n",
        );
        let m = &s.media[0];
        assert_eq!(payload_types(m), [111, 0, 8, 98]);
        let opus = codec_of(m, 111).unwrap();
        assert_eq!(opus.to_string(), "opus/48000/2");
        assert_eq!(opus.span.unwrap().column, 14);
        let pcmu = codec_of(m, 0).unwrap();
        assert_eq!((pcmu.to_string(), pcmu.span), ("PCMU/8000".into(), None));
        assert!(codec_of(m, 8).unwrap().same(&CodecId {
            name: "pcma".into(),
            clock_rate: 8000,
            channels: 1,
            channels_given: false,
            span: None
        }));
        assert!(!opus.same(&pcmu));
        assert_eq!(codec_of(m, 98), None);
    }
}
