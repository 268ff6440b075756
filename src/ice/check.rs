//! Findings about one candidate: what its fields mean together (the grammar is already checked
//! by [`super::candidate::parse`]).
//!
//! [`check_candidate`] reports, as [`Diagnostic`]s of family `I` pointing at the offending
//! field:
//!
//! | rule | when |
//! |---|---|
//! | I001 `candidate-type-preference-mismatch` | the type preference is a value known only for another type ([`super::priority::type_preference_verdict`]) |
//! | I002 `missing-related-address` | srflx/prflx/relay without `raddr`/`rport`, or with only one of them |
//! | I003 `host-with-related-address` | host with `raddr`/`rport` other than 0.0.0.0/:: and port 0 or 9 |
//! | I004 `tcp-without-tcptype` | TCP without `tcptype` or with an unknown one |
//! | I005 `priority-out-of-range` | priority above 2^32 − 1 |
//! | I006 `priority-outside-rfc-range` | priority 0 or above 2^31 − 1 |
//! | I007 `component-priority-mismatch` | `256 − low byte` of the priority is not the component ID |
//! | I008 `unusual-component-id` | component other than 1 and 2 |
//! | I009 `unusable-candidate-address` | unspecified, multicast or broadcast connection address |
//! | I010 `invalid-candidate-port` | port 0 on UDP, TCP passive or TCP so |
//! | I011 `tcptype-without-tcp` | `tcptype` on a non-TCP candidate |
//! | I012 `fqdn-candidate-address` | a DNS name (not mDNS) as connection address |
//! | I013 `mdns-on-non-host` | an mDNS name on a reflexive or relayed candidate |
//! | I014 `srflx-or-relay-not-public` | srflx/relay on a private, CGNAT, link-local, unique-local or loopback address |
//! | I015 `excluded-candidate-address` | loopback, site-local or IPv4-compatible IPv6 address |
//!
//! Accepted without a finding, as browsers write them: Chrome's `raddr 0.0.0.0 rport 0` on
//! reflexive candidates whose base is hidden, RFC 8839's `raddr 0.0.0.0 rport 9`, the same
//! placeholders on host candidates, and port 9 on TCP active candidates.
//!
//! Legacy RFC 5245 forms (S014 `legacy-candidate-syntax`) are reported where the candidate is
//! read (the SDP parser, [`super::input`]), not here.

use super::address::AddressClass;
use super::candidate::{Address, Candidate, CandidateType, TcpType, Transport};
use super::priority::{type_preference_verdict, Priority, TypePreferenceVerdict};
use crate::diag::registry as r;
use crate::diag::Diagnostic;
use crate::span::Span;

/// The findings about one candidate, in field order. Never panics, whatever the candidate
/// holds (hand-built candidates with unparsable addresses are skipped where it matters).
pub fn check_candidate(c: &Candidate<'_>) -> Vec<Diagnostic> {
    check_classified(c, &c.address_kind())
}

/// [`check_candidate`] for a candidate whose connection address is already classified
/// (`addr` is `c.address_kind()`), for callers that classify it for other checks too.
pub(crate) fn check_classified(c: &Candidate<'_>, addr: &Address<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let t = c.candidate_type();
    let transport = c.transport_kind();
    let class = AddressClass::of(addr);

    // Component (I008).
    if c.component_id > 2 {
        out.push(
            Diagnostic::new(
                &r::UNUSUAL_COMPONENT,
                c.component.span,
                format!(
                    "component {} is neither 1 (RTP, or everything with rtcp-mux) nor 2 (RTCP)",
                    c.component_id
                ),
            )
            .with_help("WebRTC has one or two components per data stream"),
        );
    }

    // Priority (I005, I006, I007, I001).
    match Priority::decode(c.priority_value) {
        None => out.push(
            Diagnostic::new(
                &r::PRIORITY_OUT_OF_RANGE,
                c.priority.span,
                format!(
                    "priority {} exceeds 2^32 - 1 = 4294967295 and cannot be sent in a STUN \
                     PRIORITY attribute",
                    c.priority_value
                ),
            )
            .with_help("agents reject or truncate it; RFC 8445 priorities are at most 2^31 - 1"),
        ),
        Some(p) => {
            if !p.is_rfc_valid() {
                let why = if p.value == 0 {
                    "priority 0 is not positive".to_string()
                } else {
                    format!(
                        "priority {} is above 2^31 - 1 (type preference {} > 126)",
                        p.value, p.type_preference
                    )
                };
                out.push(Diagnostic::new(
                    &r::PRIORITY_OUTSIDE_RFC_RANGE,
                    c.priority.span,
                    format!("{why}; RFC 8445 wants 1 to 2^31 - 1"),
                ));
            }
            if p.component != c.component_id && p.value != 0 {
                out.push(
                    Diagnostic::new(
                        &r::COMPONENT_PRIORITY_MISMATCH,
                        c.priority.span,
                        format!(
                            "the priority's low byte ({}) encodes component {}, but the \
                             candidate is component {}",
                            p.value & 0xff,
                            p.component,
                            c.component_id
                        ),
                    )
                    .with_label(c.component.span, "component ID")
                    .with_help(format!(
                        "the low byte should be 256 - {} = {}",
                        c.component_id,
                        256 - u32::from(c.component_id)
                    )),
                );
            }
            if let TypePreferenceVerdict::OtherType { looks_like } =
                type_preference_verdict(t, transport, p.type_preference)
            {
                out.push(
                    Diagnostic::new(
                        &r::TYPE_PREFERENCE_MISMATCH,
                        c.priority.span,
                        format!(
                            "type preference {} is the value for {} candidates, but this \
                             candidate is `{}`",
                            p.type_preference,
                            type_name(looks_like),
                            c.typ.as_str()
                        ),
                    )
                    .with_label(c.typ.span, "candidate type")
                    .with_help(
                        "the peer orders its checks by priority: a wrong type preference makes \
                         it try this candidate too early or too late",
                    ),
                );
            }
        }
    }

    // Connection address (I009, I015, I012, I013, I014).
    if class.is_unusable() {
        out.push(Diagnostic::new(
            &r::UNUSABLE_ADDRESS,
            c.address.span,
            format!(
                "connection address {} is {}: no connectivity check can reach it",
                c.address.as_str(),
                class.description()
            ),
        ));
    }
    if let Some(why) = excluded_address(addr) {
        out.push(Diagnostic::new(
            &r::EXCLUDED_ADDRESS,
            c.address.span,
            format!(
                "connection address {} is {why}, which RFC 8445 §5.1.1.1 excludes from \
                 candidates",
                c.address.as_str()
            ),
        ));
    }
    match class {
        AddressClass::Fqdn => out.push(
            Diagnostic::new(
                &r::FQDN_ADDRESS,
                c.address.span,
                format!(
                    "connection address {} is a DNS name: the peer must resolve it",
                    c.address.as_str()
                ),
            )
            .with_help("browsers resolve only mDNS `.local` names; send an IP address"),
        ),
        AddressClass::Mdns if t != CandidateType::Host => out.push(Diagnostic::new(
            &r::MDNS_ON_NON_HOST,
            c.address.span,
            format!(
                "mDNS name {} on a `{}` candidate; only host candidates are hidden behind mDNS \
                 names, and peers resolve them only for host candidates",
                c.address.as_str(),
                c.typ.as_str()
            ),
        )),
        _ => {}
    }
    if matches!(t, CandidateType::Srflx | CandidateType::Relay) && class.is_local_scope() {
        let (what, help) = match (t, class) {
            (CandidateType::Srflx, AddressClass::Cgnat) => (
                "the NAT in front of this agent is a carrier-grade NAT",
                "peers behind other NATs will likely need a TURN server",
            ),
            (CandidateType::Srflx, _) => (
                "the STUN server is inside the same network (or behind the same NAT)",
                "use a STUN server on the public Internet",
            ),
            _ => (
                "the TURN server hands out addresses of an internal network",
                "only peers on that network can reach this relayed candidate",
            ),
        };
        out.push(
            Diagnostic::new(
                &r::SERVER_ADDRESS_NOT_PUBLIC,
                c.address.span,
                format!(
                    "`{}` candidate on {} address {}: {what}",
                    c.typ.as_str(),
                    class.description(),
                    c.address.as_str()
                ),
            )
            .with_help(help),
        );
    }

    // Port (I010). The tcptype extension as `c.tcptype()` finds it (the first one).
    let tcptype_ext = c.extension_pair("tcptype");
    let tcptype = tcptype_ext.as_ref().and_then(|(_, v)| TcpType::of(v));
    if c.port_value == 0 && !(transport == Transport::Tcp && tcptype == Some(TcpType::Active)) {
        out.push(Diagnostic::new(
            &r::INVALID_PORT,
            c.port.span,
            "port 0 on a candidate that must receive: the peer has nowhere to send its checks",
        ));
    }

    // Related address (I002, I003).
    check_related(c, t, &mut out);

    // TCP type (I004, I011).
    match (transport, &tcptype_ext, tcptype) {
        (Transport::Tcp, None, _) => out.push(
            Diagnostic::new(
                &r::TCP_WITHOUT_TCPTYPE,
                c.transport.span,
                "TCP candidate without `tcptype`: the peer cannot tell whether to connect or \
                 to listen",
            )
            .with_help("add `tcptype active`, `tcptype passive` or `tcptype so` (RFC 6544 §4.5)"),
        ),
        (Transport::Tcp, Some((_, v)), None) => out.push(Diagnostic::new(
            &r::TCP_WITHOUT_TCPTYPE,
            v.span,
            format!(
                "unknown tcptype `{}`: RFC 6544 §4.5 has `active`, `passive` and `so`",
                v.as_str()
            ),
        )),
        (Transport::Udp | Transport::Other, Some((n, _)), _) => out.push(Diagnostic::new(
            &r::TCPTYPE_WITHOUT_TCP,
            n.span,
            format!(
                "`tcptype` on a `{}` candidate; it only means something for TCP",
                c.transport.as_str()
            ),
        )),
        _ => {}
    }
    out
}

/// I002 and I003.
fn check_related(c: &Candidate<'_>, t: CandidateType, out: &mut Vec<Diagnostic>) {
    let raddr = c.related_address.as_ref();
    let rport = c.related_port_value;
    match t {
        CandidateType::Srflx | CandidateType::Prflx | CandidateType::Relay => {
            let missing = match (raddr, rport) {
                (Some(_), Some(_)) => return,
                (None, None) => "lacks `raddr` and `rport`",
                (Some(_), None) => "has `raddr` but no `rport`",
                (None, Some(_)) => "has `rport` but no `raddr`",
            };
            let span = match (raddr, &c.related_port) {
                (Some(a), None) => a.span,
                (None, Some(p)) => p.span,
                _ => c.typ.span,
            };
            out.push(
                Diagnostic::new(
                    &r::MISSING_RELATED_ADDRESS,
                    span,
                    format!("`{}` candidate {missing}", c.typ.as_str()),
                )
                .with_help(
                    "RFC 8839 §5.1 requires both for reflexive and relayed candidates; to hide \
                     the base, write `raddr 0.0.0.0 rport 9` (Chrome writes rport 0)",
                ),
            );
        }
        CandidateType::Host => {
            if raddr.is_none() && rport.is_none() {
                return;
            }
            let placeholder_addr = raddr.is_none()
                || c.related_address_kind().map(|k| AddressClass::of(&k))
                    == Some(AddressClass::Unspecified);
            let placeholder_port = rport.is_none_or(|p| p == 0 || p == 9);
            if placeholder_addr && placeholder_port {
                return;
            }
            let span = match (raddr, &c.related_port) {
                (Some(a), _) if !placeholder_addr => a.span,
                (_, Some(p)) => p.span,
                (Some(a), None) => a.span,
                (None, None) => c.typ.span,
            };
            let what = match (raddr, &c.related_port) {
                (Some(a), Some(p)) => format!("raddr {} rport {}", a.as_str(), p.as_str()),
                (Some(a), None) => format!("raddr {}", a.as_str()),
                (None, Some(p)) => format!("rport {}", p.as_str()),
                (None, None) => String::new(),
            };
            out.push(
                Diagnostic::new(
                    &r::HOST_WITH_RELATED_ADDRESS,
                    span,
                    format!("host candidate with `{what}`: a host candidate is its own base"),
                )
                .with_help("drop raddr/rport (or write the placeholder `raddr 0.0.0.0 rport 9`)"),
            );
        }
        CandidateType::Other => {}
    }
}

/// Why RFC 8445 §5.1.1.1 excludes an address from candidates, if it does.
fn excluded_address(addr: &Address<'_>) -> Option<&'static str> {
    match addr {
        Address::Ipv4(a) if a.is_loopback() => Some("a loopback address"),
        Address::Ipv6 { addr, .. } => {
            let s = addr.segments();
            if addr.is_loopback() {
                Some("a loopback address")
            } else if s[0] & 0xffc0 == 0xfec0 {
                Some("a deprecated site-local IPv6 address (fec0::/10)")
            } else if s[..6] == [0; 6] && !addr.is_unspecified() {
                Some("a deprecated IPv4-compatible IPv6 address (::/96)")
            } else {
                None
            }
        }
        _ => None,
    }
}

fn type_name(t: CandidateType) -> &'static str {
    match t {
        CandidateType::Host => "host",
        CandidateType::Srflx => "server-reflexive",
        CandidateType::Prflx => "peer-reflexive",
        CandidateType::Relay => "relayed",
        CandidateType::Other => "unknown",
    }
}

/// The span of a whole candidate (from the foundation to the end of its last field), for
/// findings about the candidate as a whole.
pub fn candidate_span(c: &Candidate<'_>) -> Span {
    let start = c.foundation.span;
    let mut end = start.end;
    for s in [
        c.component.span,
        c.transport.span,
        c.priority.span,
        c.address.span,
        c.port.span,
        c.typ.span,
    ] {
        end = end.max(s.end);
    }
    for t in [&c.related_address, &c.related_port].into_iter().flatten() {
        end = end.max(t.span.end);
    }
    if !c.extensions.is_empty() {
        end = end.max(c.extensions.span.end);
    }
    Span { end, ..start }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::ice::candidate::{parse_attribute, DEFAULT_MAX_EXTENSION_PAIRS};
    use crate::span::test_anchor;

    fn codes(s: &str) -> Vec<&'static str> {
        let c = parse_attribute(test_anchor(s, 0, 1, 1), DEFAULT_MAX_EXTENSION_PAIRS)
            .unwrap_or_else(|e| panic!("{s}: {e:?}"));
        check_candidate(&c).iter().map(|d| d.code).collect()
    }

    fn diags(s: &str) -> Vec<Diagnostic> {
        let c = parse_attribute(test_anchor(s, 0, 1, 1), DEFAULT_MAX_EXTENSION_PAIRS).unwrap();
        check_candidate(&c)
    }

    fn col(s: &str, needle: &str) -> u32 {
        1 + s.find(needle).unwrap() as u32
    }

    /// No finding on any real candidate of fixtures/real/ (candidates.txt of every run).
    #[test]
    fn real_candidates_are_clean() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real");
        let mut seen = 0;
        for dir in std::fs::read_dir(root).unwrap().flatten() {
            let Ok(body) = std::fs::read_to_string(dir.path().join("candidates.txt")) else {
                continue;
            };
            for line in body.lines().filter(|l| !l.starts_with('#')) {
                if let Some(i) = line.find("candidate:") {
                    assert_eq!(codes(&line[i..]), Vec::<&str>::new(), "{line}");
                    seen += 1;
                }
            }
        }
        assert_eq!(seen, 272);
    }

    #[test]
    fn related_address_rules() {
        // Chrome hides the base of an srflx candidate: accepted.
        assert!(codes("candidate:1 1 udp 1677729535 198.51.100.7 61000 typ srflx raddr 0.0.0.0 rport 0 generation 0").is_empty());
        // RFC 8839: port 9.
        assert!(codes(
            "candidate:1 1 udp 1677729535 198.51.100.7 61000 typ srflx raddr 0.0.0.0 rport 9"
        )
        .is_empty());
        assert!(
            codes("candidate:1 1 udp 1677729535 2001:db8::7 61000 typ srflx raddr :: rport 9")
                .is_empty()
        );
        let s = "candidate:1 1 udp 1694498815 198.51.100.7 61000 typ srflx";
        let d = diags(s);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "I002");
        assert_eq!(d[0].name, "missing-related-address");
        assert_eq!(d[0].severity, Severity::Warning);
        assert_eq!(d[0].span.column, col(s, "srflx"));
        assert!(d[0].message.contains("lacks `raddr` and `rport`"));
        let s = "candidate:1 1 udp 16777215 198.51.100.9 3478 typ relay raddr 203.0.113.5";
        let d = diags(s);
        assert_eq!(d[0].code, "I002");
        assert_eq!(d[0].span.column, col(s, "203.0.113.5"));
        assert!(d[0].message.contains("no `rport`"));
        assert_eq!(
            codes("candidate:1 1 udp 1845501695 198.51.100.7 1 typ prflx rport 5"),
            ["I002"]
        );
        // Host: placeholders accepted, real related addresses not.
        assert!(
            codes("candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host raddr 0.0.0.0 rport 0")
                .is_empty()
        );
        assert!(
            codes("candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host raddr 0.0.0.0 rport 9")
                .is_empty()
        );
        assert!(codes("candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host raddr ::").is_empty());
        assert!(codes("candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host rport 9").is_empty());
        let s = "candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host raddr 10.0.0.1 rport 5000";
        let d = diags(s);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "I003");
        assert_eq!(d[0].span.column, col(s, "10.0.0.1 rport"));
        assert!(d[0].message.contains("`raddr 10.0.0.1 rport 5000`"));
        let s = "candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host raddr 0.0.0.0 rport 5000";
        assert_eq!(
            diags(s)[0].span.column as usize,
            s.rfind("5000").unwrap() + 1
        );
    }

    #[test]
    fn priority_rules() {
        let s = "candidate:1 1 udp 4294967296 10.0.0.1 5000 typ host";
        let d = diags(s);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].code, d[0].severity), ("I005", Severity::Error));
        assert_eq!(d[0].span.column, col(s, "4294967296"));
        assert_eq!(d[0].span.len(), 10);
        assert_eq!(
            codes("candidate:1 1 udp 9999999999 10.0.0.1 5000 typ host"),
            ["I005"]
        );
        // 2^32 - 1: fits in STUN, but above RFC 8445's range; type preference 255.
        let d = diags("candidate:1 1 udp 4294967295 10.0.0.1 5000 typ host");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "I006");
        assert!(
            d[0].message.contains("type preference 255 > 126"),
            "{}",
            d[0].message
        );
        // Priority 0, as libjuice logged a peer-reflexive candidate (ndc-basic/peers.log).
        let d = diags("candidate:1 1 UDP 0 fd99::2 53667 typ prflx raddr :: rport 9");
        assert_eq!(
            d.iter().map(|d| d.code).collect::<Vec<_>>(),
            ["I006", "I001"]
        );
        assert!(d[0].message.contains("priority 0 is not positive"));
        assert!(d[1].message.contains("relayed"));
        // Type preference mismatch: a host with the server-reflexive value.
        let s = "candidate:1 1 udp 1694498815 10.0.0.1 5000 typ host";
        let d = diags(s);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "I001");
        assert_eq!(d[0].name, "candidate-type-preference-mismatch");
        assert_eq!(
            d[0].message,
            "type preference 100 is the value for server-reflexive candidates, but this \
             candidate is `host`"
        );
        assert_eq!(d[0].secondary[0].span.column, col(s, "host"));
        // Component mismatch: component 2 with a component-1 priority.
        let s = "candidate:1 2 udp 2130706431 10.0.0.1 5000 typ host";
        let d = diags(s);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "I007");
        assert!(d[0].message.contains("encodes component 1"));
        assert_eq!(
            d[0].help.as_deref(),
            Some("the low byte should be 256 - 2 = 254")
        );
        assert!(codes("candidate:1 2 udp 2130706430 10.0.0.1 5000 typ host").is_empty());
        // Component 3: unusual, and its priority must say 253.
        assert_eq!(
            codes("candidate:1 3 udp 2130706429 10.0.0.1 5000 typ host"),
            ["I008"]
        );
        assert_eq!(
            codes("candidate:1 3 udp 2130706431 10.0.0.1 5000 typ host"),
            ["I008", "I007"]
        );
    }

    #[test]
    fn tcp_rules() {
        let s = "candidate:1 1 tcp 1518214911 10.0.0.1 9 typ host";
        let d = diags(s);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].code, d[0].severity), ("I004", Severity::Error));
        assert_eq!(d[0].span.column, col(s, "tcp"));
        let s = "candidate:1 1 tcp 1518214911 10.0.0.1 9 typ host tcptype bogus";
        let d = diags(s);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "I004");
        assert_eq!(d[0].span.column, col(s, "bogus"));
        assert!(
            codes("candidate:1 1 tcp 1518214911 10.0.0.1 9 typ host tcptype active").is_empty()
        );
        assert!(
            codes("candidate:1 1 tcp 1518214911 10.0.0.1 0 typ host tcptype active").is_empty()
        );
        assert_eq!(
            codes("candidate:1 1 tcp 1518214911 10.0.0.1 0 typ host tcptype passive"),
            ["I010"]
        );
        let s = "candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host tcptype active";
        let d = diags(s);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "I011");
        assert_eq!(d[0].span.column, col(s, "tcptype"));
        assert_eq!(
            codes("candidate:1 1 udp 2130706431 10.0.0.1 0 typ host"),
            ["I010"]
        );
    }

    #[test]
    fn address_rules() {
        let s = "candidate:1 1 udp 2130706431 0.0.0.0 5000 typ host";
        let d = diags(s);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].code, d[0].severity), ("I009", Severity::Error));
        assert_eq!(d[0].span.column, col(s, "0.0.0.0"));
        assert_eq!(
            codes("candidate:1 1 udp 2130706431 224.0.0.251 5353 typ host"),
            ["I009"]
        );
        assert_eq!(
            codes("candidate:1 1 udp 2130706431 ff02::fb 5353 typ host"),
            ["I009"]
        );
        assert_eq!(
            codes("candidate:1 1 udp 2130706431 255.255.255.255 1 typ host"),
            ["I009"]
        );
        assert_eq!(
            codes("candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host"),
            ["I015"]
        );
        assert_eq!(
            codes("candidate:1 1 udp 2130706431 ::1 5000 typ host"),
            ["I015"]
        );
        assert_eq!(
            codes("candidate:1 1 udp 2130706431 fec0::1 5000 typ host"),
            ["I015"]
        );
        assert_eq!(
            codes("candidate:1 1 udp 2130706431 ::10.0.0.1 5000 typ host"),
            ["I015"]
        );
        assert_eq!(
            codes("candidate:1 1 udp 2130706431 :: 5000 typ host"),
            ["I009"]
        );
        let d = diags("candidate:1 1 udp 2130706431 host.example.com 5000 typ host");
        assert_eq!((d[0].code, d[0].severity), ("I012", Severity::Note));
        assert!(codes("candidate:1 1 udp 2130706431 x.local 5000 typ host").is_empty());
        assert_eq!(
            codes("candidate:1 1 udp 1694498815 x.local 5000 typ srflx raddr 0.0.0.0 rport 0"),
            ["I013"]
        );
        // srflx behind CGNAT, srflx from a LAN STUN server, relay on a private address.
        let d = diags(
            "candidate:1 1 udp 1694498815 100.64.12.1 5000 typ srflx raddr 10.0.0.1 rport 5000",
        );
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].code, d[0].severity), ("I014", Severity::Note));
        assert!(
            d[0].message.contains("carrier-grade NAT"),
            "{}",
            d[0].message
        );
        assert_eq!(
            codes(
                "candidate:1 1 udp 1694498815 192.168.1.1 5000 typ srflx raddr 10.0.0.1 rport 5000"
            ),
            ["I014"]
        );
        assert_eq!(
            codes("candidate:1 1 udp 16777215 10.9.9.9 5000 typ relay raddr 10.0.0.1 rport 5000"),
            ["I014"]
        );
        assert!(codes(
            "candidate:1 1 udp 1694498815 198.51.100.7 5000 typ srflx raddr 10.0.0.1 rport 5000"
        )
        .is_empty());
    }

    /// fixtures/synthetic/candidates-edge.txt: every case's findings are the codes on the
    /// `#>` line above it (reading findings first, then check_candidate's).
    #[test]
    fn synthetic_edge_cases() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/synthetic/candidates-edge.txt"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let list = crate::ice::input::parse_list(&text).unwrap();
        let mut expected = Vec::new(); // (line, codes)
        let mut pending: Option<Vec<&str>> = None;
        for (i, line) in text.lines().enumerate() {
            if let Some(codes) = line.strip_prefix("#>") {
                let codes: Vec<&str> = codes.split_whitespace().filter(|c| *c != "ok").collect();
                pending = Some(codes);
            } else if !line.trim().is_empty() && !line.starts_with('#') {
                if let Some(codes) = pending.take() {
                    expected.push((i as u32 + 1, codes));
                }
            }
        }
        assert_eq!(expected.len(), 52);
        assert_eq!(list.candidates.len() + list.invalid.len(), 52);
        assert_eq!(list.invalid.len(), 5);
        assert_eq!(list.end_of_candidates.len(), 1);
        assert_eq!(list.skipped, 1);
        for (line, want) in &expected {
            let mut got: Vec<&str> = list
                .diagnostics
                .iter()
                .filter(|d| d.span.line == *line)
                .map(|d| d.code)
                .collect();
            if let Some(c) = list.candidates.iter().find(|c| c.origin.span.line == *line) {
                got.extend(check_candidate(&c.candidate).iter().map(|d| d.code));
                // Every finding points into the case's own line.
                for d in check_candidate(&c.candidate) {
                    assert_eq!(d.span.line, *line, "{}", d.message);
                    assert!(!d.message.is_empty() && !d.reference.is_empty());
                }
            }
            assert_eq!(
                &got,
                want,
                "line {line}: {}",
                text.lines().nth(*line as usize - 1).unwrap_or("")
            );
        }
        // Every I rule a single candidate can trigger (I001-I016) is exercised.
        for code in (1..=16).map(|n| format!("I{n:03}")) {
            assert!(
                expected.iter().any(|(_, c)| c.contains(&code.as_str())),
                "{code} has no case"
            );
        }
    }

    #[test]
    fn whole_candidate_span() {
        let s = "candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host generation 0";
        let c = parse_attribute(test_anchor(s, 100, 4, 1), 8).unwrap();
        let sp = candidate_span(&c);
        assert_eq!(
            (sp.start, sp.end, sp.line, sp.column),
            (110, 100 + s.len() as u32, 4, 11)
        );
        let s = "candidate:1 1 udp 2130706431 10.0.0.1 5000 typ srflx raddr 1.2.3.4 rport 7";
        let c = parse_attribute(test_anchor(s, 0, 1, 1), 8).unwrap();
        assert_eq!(candidate_span(&c).end as usize, s.len());
    }
}
