//! What an offer/answer exchange negotiated, per section (RFC 9429 §5.3, RFC 3264 §6): codecs,
//! directions and the resulting media flow, transports (BUNDLE, rtcp-mux), DTLS roles, and
//! overall the ICE roles and the data channel.
//!
//! [`negotiate`] reads the two descriptions as a compliant peer would and never fails: where
//! the pair is broken (see [`crate::lint::check_pair`]) the summary says what is undecided
//! (`None`) instead of guessing.

use super::codec::{codec_of, payload_types};
use super::offer_answer::{answer_rejected, carrier, direction_of, offer_rejected};
use crate::ice::{determine_roles, Role};
use crate::sdp::attributes::Setup;
use crate::sdp::{Direction, Media, Session};
use serde::Serialize;

/// The outcome of an offer/answer exchange.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Negotiation {
    /// One entry per offered m-line, in order (m-lines the answer lacks are rejected).
    pub sections: Vec<Section>,
    /// ICE roles and lite agents (RFC 8445 §6.1.1).
    pub ice: Ice,
    /// The answer's BUNDLE groups (RFC 9143): each a list of mids, the first carrying the
    /// transport (the answerer's tagged m-line).
    pub bundle_groups: Vec<Vec<String>>,
    /// The data channel, when an m=application section with SCTP was accepted (RFC 8841).
    pub data_channel: Option<DataChannel>,
}

/// One m-line of the exchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Position of the m-line, from 0.
    pub index: usize,
    /// `a=mid` of the offer's m-line.
    pub mid: Option<String>,
    /// Media type of the offer's m-line (`audio`, `video`, `application`, ...).
    pub kind: String,
    /// Whether the section carries no media: the offer or the answer rejected it (port 0, not
    /// bundled), or the answer does not have it.
    pub rejected: bool,
    /// The codecs both sides agreed on, in the answer's order of preference (RTP m-lines; empty
    /// otherwise and when rejected).
    pub codecs: Vec<Codec>,
    /// The offerer's direction (its attribute or the session's, else sendrecv).
    pub offerer_direction: Direction,
    /// The answerer's direction; `inactive` when it rejected the section.
    pub answerer_direction: Direction,
    /// Who sends media to whom, from both directions (RFC 3264 §6.1).
    pub flow: Flow,
    /// The transport that carries the section; `None` when rejected.
    pub transport: Option<Transport>,
    /// The DTLS roles; `None` when rejected.
    pub dtls: Option<Dtls>,
}

/// A codec both sides agreed on (RFC 3264 §6.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Codec {
    /// The payload type (the answer's, which RFC 3264 §6.1 keeps equal to the offer's).
    pub payload_type: u8,
    /// Encoding name as the answer writes it, e.g. `opus`, `VP8`, `rtx`.
    pub name: String,
    /// Clock rate (Hz).
    pub clock_rate: u32,
    /// Channels (1 when the rtpmap does not say).
    pub channels: u16,
    /// The offer's `a=fmtp` parameters for this payload type (what the offerer receives).
    pub offer_fmtp: Option<String>,
    /// The answer's `a=fmtp` parameters (what the answerer receives).
    pub answer_fmtp: Option<String>,
}

/// Which way media flows in a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flow {
    /// Both send and both receive.
    Both,
    /// Only the offerer sends.
    OffererToAnswerer,
    /// Only the answerer sends.
    AnswererToOfferer,
    /// Nobody sends (inactive, or rejected).
    None,
}

/// The transport of a section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Transport {
    /// The mid of the section whose transport carries this one (RFC 9143 §7.3: the answer's
    /// tagged m-line); `None` when it has its own transport.
    pub bundled_on: Option<String>,
    /// Whether RTP and RTCP share the port (RFC 5761): `a=rtcp-mux` in the answer (for a
    /// bundled section, in it or its carrier). Always false for non-RTP sections.
    pub rtcp_mux: bool,
}

/// One side of the exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The side that made the offer.
    Offerer,
    /// The side that made the answer.
    Answerer,
}

/// The DTLS roles of a section (RFC 4145 §4, RFC 8842 §5): `a=setup` of each side (on the
/// carrier's m-line when bundled; falling back to session level).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Dtls {
    /// The offer's `a=setup`, if any.
    pub offerer_setup: Option<Setup>,
    /// The answer's `a=setup`, if any (RFC 4145 §4: none means `active`).
    pub answerer_setup: Option<Setup>,
    /// The DTLS client (sends the ClientHello); the other side is the server. `None` when the
    /// setup values do not complement each other.
    pub client: Option<Side>,
}

/// ICE roles (RFC 8445 §6.1.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ice {
    /// The offerer's role: controlling, unless it is lite and the answerer is full.
    pub offerer_role: Role,
    /// The answerer's role.
    pub answerer_role: Role,
    /// Whether the offer says `a=ice-lite`.
    pub offerer_lite: bool,
    /// Whether the answer says `a=ice-lite`.
    pub answerer_lite: bool,
}

impl Default for Ice {
    fn default() -> Self {
        Ice {
            offerer_role: Role::Controlling,
            answerer_role: Role::Controlled,
            offerer_lite: false,
            answerer_lite: false,
        }
    }
}

/// The data channel's SCTP parameters (RFC 8841 §5, §6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DataChannel {
    /// The mid of the m=application section.
    pub mid: Option<String>,
    /// The offerer's `a=sctp-port` (from `a=sctpmap` for the legacy form).
    pub offerer_sctp_port: Option<u16>,
    /// The answerer's `a=sctp-port`.
    pub answerer_sctp_port: Option<u16>,
    /// The offerer's `a=max-message-size` (bytes; absent means 64 KiB, 0 means no limit).
    pub offerer_max_message_size: Option<u64>,
    /// The answerer's `a=max-message-size` (bytes).
    pub answerer_max_message_size: Option<u64>,
}

/// Works out what `offer` and `answer` negotiated, m-line by m-line (matched by position, RFC
/// 3264 §6).
pub fn negotiate(offer: &Session<'_>, answer: &Session<'_>) -> Negotiation {
    let roles = determine_roles(offer.is_ice_lite(), answer.is_ice_lite());
    let mut n = Negotiation {
        ice: Ice {
            offerer_role: roles.offerer,
            answerer_role: roles.answerer,
            offerer_lite: offer.is_ice_lite(),
            answerer_lite: answer.is_ice_lite(),
        },
        bundle_groups: answer
            .groups()
            .filter(|g| g.is_bundle())
            .map(|g| g.mids().map(|m| m.to_string()).collect())
            .collect(),
        ..Negotiation::default()
    };
    for (index, om) in offer.media.iter().enumerate() {
        let section = section(offer, answer, index, om);
        if n.data_channel.is_none() && !section.rejected && section.kind == "application" {
            if let Some(am) = answer.media.get(index) {
                n.data_channel = data_channel(om, am);
            }
        }
        n.sections.push(section);
    }
    n
}

fn section(offer: &Session<'_>, answer: &Session<'_>, index: usize, om: &Media<'_>) -> Section {
    let kind = om.kind().unwrap_or("").to_string();
    let am = answer
        .media
        .get(index)
        .filter(|am| am.kind().is_some_and(|k| k.eq_ignore_ascii_case(&kind)));
    let offerer_direction = direction_of(offer, om);
    let mut s = Section {
        index,
        mid: om.mid().map(|t| t.to_string()),
        kind,
        rejected: true,
        codecs: Vec::new(),
        offerer_direction,
        answerer_direction: Direction::Inactive,
        flow: Flow::None,
        transport: None,
        dtls: None,
    };
    let Some(am) = am else { return s };
    if offer_rejected(om) || answer_rejected(answer, am) {
        return s;
    }
    s.rejected = false;
    s.answerer_direction = direction_of(answer, am);
    s.flow = flow(s.offerer_direction, s.answerer_direction);
    s.codecs = codecs(om, am);
    let c = carrier(answer, index);
    let (oc, ac) = (
        offer.media.get(c).unwrap_or(om),
        answer.media.get(c).unwrap_or(am),
    );
    let is_rtp = am.media_line().is_some_and(|l| l.is_rtp());
    s.transport = Some(Transport {
        bundled_on: (c != index)
            .then(|| ac.mid().map(|t| t.to_string()))
            .flatten(),
        rtcp_mux: is_rtp && (am.has("rtcp-mux") || ac.has("rtcp-mux")),
    });
    let offerer_setup = oc.setup().or(om.setup()).or(offer.setup());
    let answerer_setup = ac.setup().or(am.setup()).or(answer.setup());
    s.dtls = Some(Dtls {
        offerer_setup,
        answerer_setup,
        client: dtls_client(offerer_setup, answerer_setup),
    });
    s
}

/// Who sends, from the two directions: the offerer sends when it sends and the answerer
/// receives, and the reverse.
fn flow(offerer: Direction, answerer: Direction) -> Flow {
    let sends = |d| matches!(d, Direction::SendRecv | Direction::SendOnly);
    let receives = |d| matches!(d, Direction::SendRecv | Direction::RecvOnly);
    match (
        sends(offerer) && receives(answerer),
        sends(answerer) && receives(offerer),
    ) {
        (true, true) => Flow::Both,
        (true, false) => Flow::OffererToAnswerer,
        (false, true) => Flow::AnswererToOfferer,
        (false, false) => Flow::None,
    }
}

/// The DTLS client (RFC 4145 §4): the `active` side. A missing offer or answer `a=setup`
/// means `active` (RFC 4145 §4); `actpass` in the offer lets the answer choose.
fn dtls_client(offerer: Option<Setup>, answerer: Option<Setup>) -> Option<Side> {
    match (
        offerer.unwrap_or(Setup::Active),
        answerer.unwrap_or(Setup::Active),
    ) {
        (Setup::Actpass | Setup::Passive, Setup::Active) => Some(Side::Answerer),
        (Setup::Actpass | Setup::Active, Setup::Passive) => Some(Side::Offerer),
        _ => None,
    }
}

/// The answer's payload types that keep the offered meaning, in the answer's order.
fn codecs(om: &Media<'_>, am: &Media<'_>) -> Vec<Codec> {
    let offered = payload_types(om);
    payload_types(am)
        .into_iter()
        .filter(|pt| offered.contains(pt))
        .filter_map(|pt| {
            let (o, a) = (codec_of(om, pt)?, codec_of(am, pt)?);
            o.same(&a).then(|| Codec {
                payload_type: pt,
                name: a.name.to_string(),
                clock_rate: a.clock_rate,
                channels: a.channels,
                offer_fmtp: om.fmtp(pt).map(|f| f.parameters.to_string()),
                answer_fmtp: am.fmtp(pt).map(|f| f.parameters.to_string()),
            })
        })
        .collect()
}

fn data_channel(om: &Media<'_>, am: &Media<'_>) -> Option<DataChannel> {
    let is_sctp = |m: &Media<'_>| {
        m.media_line()
            .is_some_and(|l| l.proto.to_ascii_uppercase().contains("SCTP"))
    };
    if !is_sctp(om) || !is_sctp(am) {
        return None;
    }
    let port = |m: &Media<'_>| {
        m.sctp_port().or_else(|| {
            m.attribute_values().find_map(|v| match v {
                crate::sdp::AttrValue::Sctpmap(s) => Some(s.number),
                _ => None,
            })
        })
    };
    Some(DataChannel {
        mid: om.mid().map(|t| t.to_string()),
        offerer_sctp_port: port(om),
        answerer_sctp_port: port(am),
        offerer_max_message_size: om.max_message_size(),
        answerer_max_message_size: am.max_message_size(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_follow_both_directions() {
        use Direction::*;
        assert_eq!(flow(SendRecv, SendRecv), Flow::Both);
        assert_eq!(flow(SendOnly, RecvOnly), Flow::OffererToAnswerer);
        assert_eq!(flow(SendRecv, SendOnly), Flow::AnswererToOfferer);
        assert_eq!(flow(RecvOnly, RecvOnly), Flow::None);
        assert_eq!(flow(SendRecv, Inactive), Flow::None);
    }

    #[test]
    fn dtls_client_is_the_active_side() {
        use Setup::*;
        assert_eq!(
            dtls_client(Some(Actpass), Some(Active)),
            Some(Side::Answerer)
        );
        assert_eq!(
            dtls_client(Some(Actpass), Some(Passive)),
            Some(Side::Offerer)
        );
        assert_eq!(dtls_client(Some(Actpass), None), Some(Side::Answerer));
        assert_eq!(dtls_client(Some(Active), Some(Active)), None);
        assert_eq!(dtls_client(Some(Actpass), Some(Actpass)), None);
        assert_eq!(dtls_client(None, Some(Passive)), Some(Side::Offerer));
    }
}
