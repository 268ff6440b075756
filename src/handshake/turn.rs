//! TURN relaying (RFC 8656): what a packet between a TURN client and its server means to the
//! peers. A check sent through a channel (ChannelData, §12) or a Send indication (§11) leaves
//! the server from the relayed address to the peer: that 5-tuple (relayed ↔ peer) is the
//! candidate pair the agents check, and the one the SDPs' `relay` candidates name.
//!
//! Learned from the STUN traffic itself: Allocate success responses give the relayed address
//! (XOR-RELAYED-ADDRESS, §7.3), ChannelBind requests the channel's peer (§12.1). Bounded: at
//! most [`MAX_ENTRIES`] allocations and channels; later ones are not followed.

use crate::capture::{Flow, Packet};
use crate::stun::{AttributeValue, Class, Message, Method};
use std::collections::HashMap;
use std::net::SocketAddr;

/// Most allocations and most channel bindings followed.
pub const MAX_ENTRIES: usize = 4096;

/// The TURN state of a capture.
#[derive(Debug, Default)]
pub struct Relays {
    /// (client, server) → relayed transport address.
    relayed: HashMap<(SocketAddr, SocketAddr), SocketAddr>,
    /// (client, server, channel number) → peer.
    channels: HashMap<(SocketAddr, SocketAddr, u16), SocketAddr>,
}

impl Relays {
    /// Learns allocations and channel bindings from a STUN message that travelled on `flow`.
    pub fn learn(&mut self, flow: &Flow, msg: &Message<'_>) {
        let method = msg.method();
        if method == Method::ALLOCATE && msg.class() == Class::SuccessResponse {
            let relayed = msg.values().find_map(|v| match v {
                AttributeValue::XorRelayedAddress(a) => Some(a.socket_addr()),
                _ => None,
            });
            if let Some(r) = relayed {
                if self.relayed.len() < MAX_ENTRIES {
                    // The response goes server → client.
                    self.relayed.insert((flow.dst, flow.src), r);
                }
            }
        }
        if method == Method::CHANNEL_BIND && msg.class() == Class::Request {
            let mut channel = None;
            let mut peer = None;
            for v in msg.values() {
                match v {
                    AttributeValue::ChannelNumber(c) => channel = Some(c.channel),
                    AttributeValue::XorPeerAddress(a) => peer = Some(a.socket_addr()),
                    _ => {}
                }
            }
            if let (Some(c), Some(p)) = (channel, peer) {
                if self.channels.len() < MAX_ENTRIES {
                    self.channels.insert((flow.src, flow.dst, c), p);
                }
            }
        }
    }

    /// The peers' 5-tuple of a packet that came out of ChannelData ([`Packet::channel`]):
    /// relayed → peer when the client sent it, peer → relayed when the server did. `None` when
    /// the binding or the allocation is not in the capture.
    pub fn channel_flow(&self, p: &Packet<'_>) -> Option<Flow> {
        let channel = p.channel?;
        let f = p.flow;
        if let Some(&peer) = self.channels.get(&(f.src, f.dst, channel)) {
            let relayed = *self.relayed.get(&(f.src, f.dst))?;
            return Some(Flow {
                src: relayed,
                dst: peer,
                transport: crate::capture::Transport::Udp,
            });
        }
        let &peer = self.channels.get(&(f.dst, f.src, channel))?;
        let relayed = *self.relayed.get(&(f.dst, f.src))?;
        Some(Flow {
            src: peer,
            dst: relayed,
            transport: crate::capture::Transport::Udp,
        })
    }

    /// The data of a Send (client → server) or Data (server → client) indication and the
    /// peers' 5-tuple it travels on (RFC 8656 §11).
    pub fn indication<'a>(&self, flow: &Flow, msg: &Message<'a>) -> Option<(Flow, &'a [u8])> {
        if msg.class() != Class::Indication {
            return None;
        }
        let (mut peer, mut data) = (None, None);
        for v in msg.values() {
            match v {
                AttributeValue::XorPeerAddress(a) => peer = Some(a.socket_addr()),
                AttributeValue::Data(d) => data = Some(d),
                _ => {}
            }
        }
        let (peer, data) = (peer?, data?);
        let udp = crate::capture::Transport::Udp;
        match msg.method() {
            Method::SEND => {
                let relayed = *self.relayed.get(&(flow.src, flow.dst))?;
                Some((
                    Flow {
                        src: relayed,
                        dst: peer,
                        transport: udp,
                    },
                    data,
                ))
            }
            Method::DATA => {
                let relayed = *self.relayed.get(&(flow.dst, flow.src))?;
                Some((
                    Flow {
                        src: peer,
                        dst: relayed,
                        transport: udp,
                    },
                    data,
                ))
            }
            _ => None,
        }
    }
}
