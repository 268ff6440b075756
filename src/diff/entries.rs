//! From the model to entries: what each line of a description means, as items with an
//! identity and properties (see [`super::Item`] for the keys and property names).

use super::codecs;
use super::matching::{val, val_at, Entry, Prop};
use super::{DiffOptions, IgnoreField, Item};
use crate::ice::Candidate;
use crate::sdp::attributes::Ssrc;
use crate::sdp::{AttrValue, Attribute, Direction, Line, Media, Session, Value};
use std::collections::HashMap;

/// Items that a media section inherits from the session level when it has none of its own
/// (RFC 8839 §5.4 for ICE, RFC 8122 §5 for fingerprints, RFC 4145 §4 for setup).
pub(crate) fn is_inherited(item: Item) -> bool {
    matches!(
        item,
        Item::IceUfrag | Item::IcePwd | Item::IceOptions | Item::Fingerprint | Item::Setup
    )
}

/// The session-level entries (direction excepted: it only counts through the sections).
pub(crate) fn session_entries(s: &Session<'_>, o: &DiffOptions) -> Vec<Entry> {
    s.lines.iter().filter_map(|l| line_entry(l, o)).collect()
}

/// A media section's own entries: the `m=` line (with `rank`, its position among the matched
/// sections), every line, its codecs, its SSRCs, and its effective direction.
pub(crate) fn media_entries(
    m: &Media<'_>,
    session: &Session<'_>,
    rank: usize,
    index: usize,
    o: &DiffOptions,
) -> Vec<Entry> {
    let mut out = Vec::new();
    if let Some(first) = m.lines.first() {
        out.push(media_line_entry(m, first, rank, index, o));
    }
    out.extend(m.lines.iter().skip(1).filter_map(|l| line_entry(l, o)));
    let is_rtp = m.media_line().is_some_and(|ml| ml.is_rtp());
    if is_rtp {
        out.extend(codecs::entries(m));
    }
    out.extend(ssrc_entries(m, o));
    // RFC 8866 §6.7: the section's direction, else the session's, else sendrecv.
    let own = m.lines.iter().find_map(direction_of);
    let inherited = session.lines.iter().find_map(direction_of);
    let d = match (own, inherited) {
        (Some((d, t)), _) => val_at(d.as_str(), t.span),
        (None, Some((d, t))) => val_at(d.as_str(), t.span),
        (None, None) => val_at("sendrecv (implicit)", m.span()),
    };
    let cmp = own
        .or(inherited)
        .map_or(Direction::SendRecv, |(d, _)| d)
        .as_str();
    out.push(Entry::single(Item::Direction, cmp, d));
    out
}

fn direction_of<'l, 'a>(l: &'l Line<'a>) -> Option<(Direction, &'l crate::span::Tok<'a>)> {
    match l.attribute() {
        Some(Attribute {
            parsed: AttrValue::Direction(d),
            name,
            ..
        }) => Some((*d, name)),
        _ => None,
    }
}

fn media_line_entry(
    m: &Media<'_>,
    line: &Line<'_>,
    rank: usize,
    index: usize,
    o: &DiffOptions,
) -> Entry {
    let mut e = Entry::new(Item::Media, "", val(&line.text));
    let Some(ml) = m.media_line() else {
        return e.with(Prop::tok("", &line.text));
    };
    let port_cmp = if o.ignores(IgnoreField::Candidates) {
        // Only rejection (port 0) still means something without the default candidate.
        if ml.port_value == 0 { "0" } else { "non-zero" }.to_string()
    } else {
        ml.port.to_string()
    };
    e = e.with(Prop::new("port", port_cmp, val(&ml.port)));
    e = e.with(Prop::tok("proto", &ml.proto));
    if !ml.is_rtp() {
        e = e.with(Prop::tok("formats", &ml.formats));
    }
    e.with(Prop::new(
        "position",
        rank.to_string(),
        val_at(index.to_string(), line.span()),
    ))
}

/// The entry of one line, or `None` for lines compared elsewhere (codecs, SSRCs, direction,
/// the `m=` line), ignored, or without meaning (empty lines).
fn line_entry(l: &Line<'_>, o: &DiffOptions) -> Option<Entry> {
    let whole = val(&l.text);
    let rest = || l.text.get(2..).unwrap_or("").to_string();
    Some(match &l.value {
        Value::Empty | Value::Media(_) => return None,
        Value::Origin(org) => {
            let mut e =
                Entry::new(Item::Origin, "", whole).with(Prop::tok("username", &org.username));
            if !o.ignores(IgnoreField::Origin) {
                e = e.with(Prop::tok("session id", &org.session_id));
            }
            if !o.ignores(IgnoreField::OriginVersion) {
                e = e.with(Prop::tok("session version", &org.session_version));
            }
            let addr = format!("{} {} {}", org.nettype, org.addrtype, org.address);
            e.with(Prop::new(
                "address",
                addr.clone(),
                val_at(addr, org.address.span),
            ))
        }
        Value::SessionName(t) => Entry::single(Item::SessionName, t.as_str(), val(t)),
        Value::Timing(t) => Entry::single(Item::Timing, t.to_string(), whole),
        Value::Connection(c) => {
            if o.ignores(IgnoreField::Candidates) {
                return None;
            }
            let text = c.to_string();
            Entry::single(Item::Connection, text.clone(), val_at(text, c.address.span))
        }
        Value::Bandwidth(b) => {
            let key = b.bwtype.to_string();
            Entry::new(Item::Bandwidth, key, whole.clone()).with(Prop::new(
                "",
                b.value.to_string(),
                whole,
            ))
        }
        Value::Attribute(a) => return attribute_entry(a, whole, o),
        _ => {
            let letter = l.line_type().map_or("?".to_string(), |c| c.to_string());
            let text = rest();
            Entry::new(Item::Line, letter, whole.clone())
                .exact(l.text.to_string())
                .with(Prop::new("", text, whole))
        }
    })
}

fn attribute_entry(a: &Attribute<'_>, whole: super::Val, o: &DiffOptions) -> Option<Entry> {
    use AttrValue as V;
    let value_tok = a.value.as_ref();
    let raw = value_tok.map_or(String::new(), |t| t.to_string());
    let raw_val = value_tok.map_or_else(|| whole.clone(), val);
    Some(match &a.parsed {
        V::Group(g) => {
            let mids: Vec<String> = g.mids().map(|t| t.to_string()).collect();
            let mids = mids.join(" ");
            Entry::new(Item::Group, g.semantics.as_str(), whole)
                .exact(format!("{} {mids}", g.semantics))
                .with(Prop::new("mids", mids, val(&g.mids)))
        }
        V::MsidSemantic(m) => {
            let mut e = Entry::new(Item::MsidSemantic, m.semantic.trim(), whole);
            if !o.ignores(IgnoreField::Msid) {
                let ids: Vec<&str> = m.identifiers.split_whitespace().collect();
                e = e.with(Prop::new("identifiers", ids.join(" "), val(&m.identifiers)));
            }
            e
        }
        V::IceUfrag(t) | V::IcePwd(t) => {
            if o.ignores(IgnoreField::Ice) {
                return None;
            }
            let item = if matches!(a.parsed, V::IceUfrag(_)) {
                Item::IceUfrag
            } else {
                Item::IcePwd
            };
            Entry::single(item, t.as_str(), val(t))
        }
        V::IceOptions(x) => {
            let mut tags: Vec<&str> = x.tags.split_whitespace().collect();
            tags.sort_unstable();
            Entry::single(Item::IceOptions, tags.join(" "), val(&x.tags))
        }
        V::Fingerprint(f) => {
            if o.ignores(IgnoreField::Fingerprint) {
                return None;
            }
            let hash = f.hash_function.to_ascii_lowercase();
            Entry::new(Item::Fingerprint, hash, whole).with(Prop::new(
                "",
                f.fingerprint.to_ascii_uppercase(),
                val(&f.fingerprint),
            ))
        }
        V::Setup(s) => Entry::single(Item::Setup, s.to_string(), raw_val),
        V::TlsId(t) => {
            if o.ignores(IgnoreField::Fingerprint) {
                return None;
            }
            Entry::single(Item::TlsId, t.as_str(), val(t))
        }
        V::Mid(t) => Entry::single(Item::Mid, t.as_str(), val(t)),
        V::Direction(_) => return None,
        V::Msid(m) => {
            if o.ignores(IgnoreField::Msid) {
                return None;
            }
            let text = m.to_string();
            Entry::new(Item::Msid, "", whole)
                .exact(text.clone())
                .with(Prop::new("", text, raw_val))
        }
        V::Rtcp(r) => {
            if o.ignores(IgnoreField::Candidates) {
                return None;
            }
            Entry::single(Item::Rtcp, r.to_string(), raw_val)
        }
        V::Rtpmap(_) | V::Fmtp(_) | V::Ssrc(_) | V::SsrcGroup(_) => return None,
        V::RtcpFb(fb) if fb.payload_type.is_some() => return None,
        V::RtcpFb(fb) => {
            let text = fb.to_string();
            Entry::new(Item::RtcpFb, "*", whole)
                .exact(text.clone())
                .with(Prop::new("", text, raw_val))
        }
        V::Extmap(x) => {
            // `id[/direction] uri ...`: point at the id and at the direction themselves.
            let entry = raw.split(' ').next().unwrap_or("");
            let id_len = entry.find('/').unwrap_or(entry.len());
            let at = |off: usize, len: usize| raw_val.span.sub(off, len);
            let mut e = Entry::new(Item::Extmap, x.uri.as_str(), whole).with(Prop::new(
                "id",
                x.id.to_string(),
                val_at(&entry[..id_len], at(0, id_len)),
            ));
            // RFC 8285 §8: no direction means sendrecv.
            let dir = x.direction.unwrap_or(Direction::SendRecv);
            let dir_at = match x.direction {
                Some(_) => at(id_len + 1, entry.len().saturating_sub(id_len + 1)),
                None => at(0, id_len),
            };
            e = e.with(Prop::new(
                "direction",
                dir.as_str(),
                val_at(dir.as_str(), dir_at),
            ));
            if let Some(attrs) = &x.attributes {
                e = e.with(Prop::tok("attributes", attrs));
            }
            e
        }
        V::Rid(r) => {
            let mut e = Entry::new(Item::Rid, r.id.as_str(), whole).with(Prop::new(
                "direction",
                r.direction.to_string(),
                raw_val.clone(),
            ));
            if let Some(x) = &r.restrictions {
                e = e.with(Prop::tok("restrictions", x));
            }
            e
        }
        V::Simulcast(s) => Entry::single(Item::Simulcast, s.to_string(), raw_val),
        V::Candidate(c) => {
            if o.ignores(IgnoreField::Candidates) {
                return None;
            }
            candidate_entry(c, whole, o)
        }
        V::EndOfCandidates | V::RemoteCandidates(_) if o.ignores(IgnoreField::Candidates) => {
            return None
        }
        V::EndOfCandidates => Entry::single(Item::EndOfCandidates, "", whole),
        V::SctpPort(p) => Entry::single(Item::SctpPort, p.to_string(), raw_val),
        V::MaxMessageSize(n) => Entry::single(Item::MaxMessageSize, n.to_string(), raw_val),
        _ => Entry::new(Item::Attribute, a.name.as_str(), whole.clone())
            .exact(format!("{}:{raw}", a.name))
            .with(Prop::new(
                "",
                raw,
                if a.value.is_some() { raw_val } else { whole },
            )),
    })
}

/// RFC 8839 §5.1: a candidate is the transport address of one component, matched by
/// component, transport, address, port and type; failing that by the same without the port
/// (a new port on the same interface is then a `changed` port). What else the line says
/// (priority, foundation, related address, extensions) are its properties.
fn candidate_entry(c: &Candidate<'_>, whole: super::Val, o: &DiffOptions) -> Entry {
    let key = format!(
        "{} {} {} typ {}",
        c.component_id,
        c.transport.to_ascii_lowercase(),
        c.address,
        c.typ.to_ascii_lowercase()
    );
    let exact = format!("{key} port {}", c.port_value);
    let mut e = Entry::new(Item::Candidate, key, whole)
        .exact(exact)
        .with(Prop::new("port", c.port_value.to_string(), val(&c.port)))
        .with(Prop::tok("priority", &c.priority))
        .with(Prop::tok("foundation", &c.foundation));
    if let Some(r) = &c.related_address {
        e = e.with(Prop::tok("raddr", r));
    }
    if let Some(r) = &c.related_port {
        e = e.with(Prop::tok("rport", r));
    }
    for (name, value) in c.extensions() {
        if o.ignores(IgnoreField::Ice) && name.eq_ignore_ascii_case("ufrag") {
            continue;
        }
        e = e.with(Prop::named(
            name.to_ascii_lowercase(),
            value.as_str(),
            val(&value),
        ));
    }
    e
}

/// SSRCs by order of first appearance (lines and group members), for naming them by position
/// when SSRC numbers are ignored.
fn ssrc_order(m: &Media<'_>) -> HashMap<u32, usize> {
    let mut order: HashMap<u32, usize> = HashMap::new();
    let mut add = |x: u32| {
        let n = order.len();
        order.entry(x).or_insert(n);
    };
    for v in m.attribute_values() {
        match v {
            AttrValue::Ssrc(s) => add(s.ssrc),
            AttrValue::SsrcGroup(g) => g.ssrcs().for_each(&mut add),
            _ => {}
        }
    }
    order
}

fn ssrc_name(ssrc: u32, order: &HashMap<u32, usize>, o: &DiffOptions) -> String {
    if o.ignores(IgnoreField::Ssrc) {
        order
            .get(&ssrc)
            .map_or("#?".to_string(), |i| format!("#{}", i + 1))
    } else {
        ssrc.to_string()
    }
}

fn ssrc_group_entry(
    g: &crate::sdp::attributes::SsrcGroup<'_>,
    whole: super::Val,
    order: &HashMap<u32, usize>,
    o: &DiffOptions,
) -> Entry {
    let members: Vec<String> = g.ssrcs().map(|x| ssrc_name(x, order, o)).collect();
    let members = members.join(" ");
    Entry::new(Item::SsrcGroup, g.semantics.as_str(), whole)
        .exact(format!("{} {members}", g.semantics))
        .with(Prop::new("ssrcs", members, val(&g.ssrcs)))
}

/// One entry per SSRC with its source attributes (RFC 5576 §4.1) as properties, and the
/// SSRC groups (their members named as the SSRCs are).
fn ssrc_entries(m: &Media<'_>, o: &DiffOptions) -> Vec<Entry> {
    let order = ssrc_order(m);
    let mut out: Vec<Entry> = Vec::new();
    let mut slot: HashMap<u32, usize> = HashMap::new();
    let mut groups = Vec::new();
    for l in &m.lines {
        let Some(a) = l.attribute() else { continue };
        match &a.parsed {
            AttrValue::Ssrc(s) => {
                let i = *slot.entry(s.ssrc).or_insert_with(|| {
                    let name = ssrc_name(s.ssrc, &order, o);
                    out.push(Entry::new(Item::Ssrc, name, val(&l.text)));
                    out.len() - 1
                });
                if let Some(p) = ssrc_prop(s, o) {
                    out[i].props.push(p);
                }
            }
            AttrValue::SsrcGroup(g) => groups.push(ssrc_group_entry(g, val(&l.text), &order, o)),
            _ => {}
        }
    }
    for e in &mut out {
        let attrs: Vec<String> = e
            .props
            .iter()
            .map(|p| match p.cmp.as_str() {
                "" => p.val.text.clone(),
                v => format!("{}:{v}", p.owned_name.as_deref().unwrap_or(p.name)),
            })
            .collect();
        e.summary.text = format!("{} {}", e.key, attrs.join(" "))
            .trim_end()
            .to_string();
    }
    out.extend(groups);
    out
}

/// A source attribute as a property of its SSRC, unless its field is ignored.
fn ssrc_prop(s: &Ssrc<'_>, o: &DiffOptions) -> Option<Prop> {
    let attr = s.attribute.to_ascii_lowercase();
    let skip = (attr == "cname" && o.ignores(IgnoreField::Ssrc))
        || (matches!(attr.as_str(), "msid" | "mslabel" | "label") && o.ignores(IgnoreField::Msid));
    if skip {
        return None;
    }
    let (cmp, v) = match &s.value {
        Some(t) => (t.to_string(), val(t)),
        None => (String::new(), val(&s.attribute)),
    };
    Some(Prop::named(attr, cmp, v))
}
