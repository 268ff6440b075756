//! STUN decoding errors (with exact byte offsets), placement findings (duplicates,
//! unauthenticated attributes, unknown comprehension-required types), the builder, every
//! typed attribute through a build → decode → encode round trip, and stream helpers.

use rtcinspect::stun::{
    self, decode, decode_lax, decode_prefix, AddressFamily, AttributeType, AttributeValue,
    ChangeRequest, ChannelNumberValue, Class, Credentials, DecodeError, Duplicate, EcnCheck,
    ErrorCode, ErrorKind, EvenPort, FamilyValue, Icmp, Key, MessageBuilder, Method, NetworkInfo,
    Outcome, PasswordAlgorithm, PasswordAlgorithmId, PasswordAlgorithms, Placed,
    RequestedTransport, ResponsePort, Rfc4571Frames, TransactionId, TransmitCounter, U16List,
};
use std::net::SocketAddr;

const TID: [u8; 12] = *b"0123456789ab";

/// A Binding request header with the given length field, then `body`.
fn message(length: u16, body: &[u8]) -> Vec<u8> {
    let mut m = vec![0x00, 0x01];
    m.extend_from_slice(&length.to_be_bytes());
    m.extend_from_slice(&stun::MAGIC_COOKIE.to_be_bytes());
    m.extend_from_slice(&TID);
    m.extend_from_slice(body);
    m
}

/// A message whose length field is right for `body`.
fn with_body(body: &[u8]) -> Vec<u8> {
    message(body.len() as u16, body)
}

fn attr(typ: u16, value: &[u8]) -> Vec<u8> {
    let mut a = typ.to_be_bytes().to_vec();
    a.extend_from_slice(&(value.len() as u16).to_be_bytes());
    a.extend_from_slice(value);
    a.extend(std::iter::repeat_n(0, stun::padding_len(value.len())));
    a
}

fn err(bytes: &[u8]) -> DecodeError {
    decode(bytes).expect_err("must not decode")
}

#[test]
fn truncated_header() {
    for n in 0..20 {
        let bytes = &with_body(&[])[..n];
        let e = err(bytes);
        assert_eq!((e.offset, e.field), (0, "header"));
        assert_eq!(
            e.kind,
            ErrorKind::Truncated {
                needed: 20,
                available: n
            }
        );
    }
    assert_eq!(
        err(&[0, 1, 0]).to_string(),
        "byte 0: header: needs 20 bytes, 3 available"
    );
}

#[test]
fn length_past_end() {
    let bytes = message(8, &[]);
    let e = err(&bytes);
    assert_eq!((e.offset, e.field), (2, "message length"));
    assert_eq!(
        e.kind,
        ErrorKind::Truncated {
            needed: 28,
            available: 20
        }
    );
    // Four bytes short.
    let bytes = message(8, &[0x80, 0x22, 0, 0]);
    assert_eq!(
        err(&bytes).kind,
        ErrorKind::Truncated {
            needed: 28,
            available: 24
        }
    );
}

#[test]
fn length_not_multiple_of_4() {
    let bytes = message(6, &[0; 6]);
    let e = err(&bytes);
    assert_eq!((e.offset, e.field), (2, "message length"));
    assert_eq!(e.kind, ErrorKind::LengthNotMultipleOf4 { length: 6 });
}

#[test]
fn attribute_past_end() {
    // The message holds 8 bytes of attributes; the attribute at 20 claims 8 bytes of value.
    let mut body = vec![0x00, 0x24, 0x00, 0x08];
    body.extend_from_slice(&[1, 2, 3, 4]);
    let e = err(&with_body(&body));
    assert_eq!(
        (e.offset, e.field, e.attribute, e.attribute_offset),
        (
            22,
            "attribute length",
            Some(AttributeType::PRIORITY),
            Some(20)
        )
    );
    assert_eq!(
        e.kind,
        ErrorKind::Truncated {
            needed: 12,
            available: 8
        }
    );
    // Second attribute: value fits, its padding does not.
    let mut body = attr(0x0024, &[0, 0, 0, 1]);
    body.extend_from_slice(&[0x80, 0x22, 0x00, 0x05, b'a', b'b', b'c', b'd']);
    let e = err(&with_body(&body));
    assert_eq!((e.offset, e.attribute_offset), (30, Some(28)));
    assert_eq!(
        e.kind,
        ErrorKind::Truncated {
            needed: 12,
            available: 8
        }
    );
}

#[test]
fn attribute_of_65535_bytes_never_fits() {
    // The largest message: length 0xFFFC, all of it one attribute announcing 0xFFFF bytes.
    let mut body = vec![0x00, 0x13, 0xFF, 0xFF];
    body.resize(0xFFFC, 0xAB);
    let bytes = message(0xFFFC, &body);
    assert_eq!(bytes.len(), 20 + 0xFFFC);
    let e = err(&bytes);
    assert_eq!(
        (e.offset, e.field, e.attribute),
        (22, "attribute length", Some(AttributeType::DATA))
    );
    // 4-byte header + 65,535 bytes + 1 byte of padding, in the 65,532 bytes there.
    assert_eq!(
        e.kind,
        ErrorKind::Truncated {
            needed: 65540,
            available: 65532
        }
    );
    // The largest DATA that fits: 65,528 bytes.
    let mut body = vec![0x00, 0x13, 0xFF, 0xF8];
    body.resize(0xFFFC, 0xAB);
    let bytes = message(0xFFFC, &body);
    let msg = decode(&bytes).unwrap();
    assert_eq!(msg.get(AttributeType::DATA).unwrap().length(), 65528);
    assert_eq!(msg.encode(), bytes);
}

#[test]
fn xor_mapped_address_family_3() {
    let bytes = with_body(&attr(0x0020, &[0x00, 0x03, 0x21, 0x12, 1, 2, 3, 4]));
    let e = err(&bytes);
    assert_eq!(
        (e.offset, e.field, e.attribute, e.attribute_offset),
        (
            25,
            "family",
            Some(AttributeType::XOR_MAPPED_ADDRESS),
            Some(20)
        )
    );
    assert_eq!(e.kind, ErrorKind::UnknownAddressFamily { family: 3 });
    assert_eq!(
        e.to_string(),
        "byte 25: XOR-MAPPED-ADDRESS (attribute at byte 20) family: unknown address family 0x03 (0x01 IPv4, 0x02 IPv6)"
    );
    // The lax decoder keeps the message and marks the value.
    let msg = decode_lax(&bytes).unwrap();
    let value = msg.get(AttributeType::XOR_MAPPED_ADDRESS).unwrap().value();
    assert!(matches!(value, AttributeValue::Invalid { .. }));
    assert_eq!(
        msg.get(AttributeType::XOR_MAPPED_ADDRESS).unwrap().check(),
        Err(e)
    );
    assert_eq!(msg.encode(), bytes);
    // IPv4 family with an IPv6 length, and the reverse.
    let e = err(&with_body(&attr(
        0x0020,
        &[0; 20][..]
            .iter()
            .enumerate()
            .map(|(i, _)| if i == 1 { 1 } else { 0 })
            .collect::<Vec<_>>(),
    )));
    assert_eq!((e.offset, e.field), (22, "attribute length"));
    assert_eq!(
        e.kind,
        ErrorKind::BadLength {
            length: 20,
            expected: "8 (IPv4) or 20 (IPv6)"
        }
    );
}

#[test]
fn duplicate_attributes_are_reported_not_rejected() {
    let mut body = attr(0x0024, &[0, 0, 0, 1]);
    body.extend(attr(0x0006, b"a:b"));
    body.extend(attr(0x0024, &[0, 0, 0, 2]));
    body.extend(attr(0x0006, b"c:d"));
    let bytes = with_body(&body);
    let msg = decode(&bytes).unwrap();
    assert_eq!(
        msg.duplicates(),
        vec![
            Duplicate {
                typ: AttributeType::PRIORITY,
                first: 20,
                again: 36
            },
            Duplicate {
                typ: AttributeType::USERNAME,
                first: 28,
                again: 44
            },
        ]
    );
    // Agents process the first occurrence.
    assert_eq!((msg.priority(), msg.username()), (Some(1), Some("a:b")));
    // XOR-PEER-ADDRESS may repeat in CreatePermission (RFC 8656 §9.1).
    let peer = |ip: &str| AttributeValue::XorPeerAddress(stun::Address::new(ip.parse().unwrap()));
    let bytes = MessageBuilder::new(
        Class::Request,
        Method::CREATE_PERMISSION,
        TransactionId(TID),
    )
    .attribute(peer("192.0.2.1:0"))
    .attribute(peer("192.0.2.2:0"))
    .build()
    .unwrap();
    assert!(decode(&bytes).unwrap().duplicates().is_empty());
}

#[test]
fn other_header_errors() {
    let mut bytes = with_body(&[]);
    bytes[0] = 0x80; // RTP-looking
    assert_eq!(err(&bytes).kind, ErrorKind::NotStun { first_byte: 0x80 });
    let mut bytes = with_body(&[]);
    bytes[4] = 0;
    let e = err(&bytes);
    assert_eq!(
        (e.offset, e.kind),
        (4, ErrorKind::BadMagicCookie { found: 0x0012_A442 })
    );
    let mut bytes = with_body(&[]);
    bytes.extend_from_slice(&[0, 0]);
    let e = err(&bytes);
    assert_eq!(
        (e.offset, e.kind),
        (
            20,
            ErrorKind::TrailingBytes {
                message_end: 20,
                extra: 2
            }
        )
    );
    // decode_prefix leaves them to the caller.
    let (msg, used) = decode_prefix(&bytes).unwrap();
    assert_eq!((used, msg.attribute_count()), (20, 0));
}

#[test]
fn value_errors_point_at_the_field() {
    // MESSAGE-INTEGRITY of 19 bytes: the length field.
    let e = err(&with_body(&attr(0x0008, &[0; 19])));
    assert_eq!(
        (e.offset, e.kind),
        (
            22,
            ErrorKind::BadLength {
                length: 19,
                expected: "20"
            }
        )
    );
    // MESSAGE-INTEGRITY-SHA256 of 12 and of 18 bytes.
    assert!(matches!(
        err(&with_body(&attr(0x001C, &[0; 12]))).kind,
        ErrorKind::BadLength { length: 12, .. }
    ));
    assert!(matches!(
        err(&with_body(&attr(0x001C, &[0; 18]))).kind,
        ErrorKind::BadLength { length: 18, .. }
    ));
    // USERNAME with a bad byte at value offset 2 -> byte 26.
    let e = err(&with_body(&attr(0x0006, &[b'a', b'b', 0xFF, b'c'])));
    assert_eq!(
        (e.offset, e.field, e.kind),
        (26, "value", ErrorKind::NotUtf8)
    );
    // ERROR-CODE number 100, and a bad reason phrase byte.
    let e = err(&with_body(&attr(0x0009, &[0, 0, 4, 100])));
    assert_eq!(
        (e.offset, e.kind),
        (27, ErrorKind::ErrorNumberOutOfRange { number: 100 })
    );
    let e = err(&with_body(&attr(0x0009, &[0, 0, 4, 1, b'o', 0xC3])));
    assert_eq!((e.offset, e.field), (29, "reason phrase"));
    // UNKNOWN-ATTRIBUTES of odd length.
    assert!(matches!(
        err(&with_body(&attr(0x000A, &[0, 1, 0]))).kind,
        ErrorKind::BadLength { length: 3, .. }
    ));
    // PASSWORD-ALGORITHMS whose second entry announces 8 bytes of parameters.
    let e = err(&with_body(&attr(0x8002, &[0, 1, 0, 0, 0, 2, 0, 8, 1, 2])));
    assert_eq!(
        (e.offset, e.kind),
        (
            28,
            ErrorKind::BadListEntry {
                needed: 12,
                available: 6
            }
        )
    );
    // USE-CANDIDATE with a value.
    assert!(matches!(
        err(&with_body(&attr(0x0025, &[1]))).kind,
        ErrorKind::BadLength { length: 1, .. }
    ));
}

#[test]
fn vendor_attributes_of_unexpected_shape_stay_raw() {
    let bytes = with_body(
        &[
            attr(0xC057, &[1, 2, 3]),
            attr(0xC001, &[1; 8]),
            attr(0xC059, &[1]),
        ]
        .concat(),
    );
    let msg = decode(&bytes).unwrap();
    for a in msg.attributes() {
        assert!(matches!(a.value(), AttributeValue::Raw { typ, .. } if typ == a.typ));
    }
    assert_eq!(msg.encode(), bytes);
}

#[test]
fn unknown_comprehension_required_attributes_are_flagged() {
    let bytes = with_body(
        &[
            attr(0x7777, b"x"),
            attr(0xC0FF, b"y"),
            attr(0x0024, &[0; 4]),
        ]
        .concat(),
    );
    let msg = decode(&bytes).unwrap();
    let flagged: Vec<_> = msg
        .unknown_comprehension_required()
        .map(|a| (a.offset, a.typ))
        .collect();
    assert_eq!(flagged, vec![(20, AttributeType(0x7777))]);
    assert_eq!(
        msg.get(AttributeType(0x7777)).unwrap().value(),
        AttributeValue::Raw {
            typ: AttributeType(0x7777),
            value: b"x"
        }
    );
    assert_eq!(msg.encode(), bytes);
}

#[test]
fn attributes_after_integrity_are_unauthenticated() {
    let key = Key::from_bytes(b"secret");
    let bytes = MessageBuilder::binding_request(TransactionId(TID))
        .username("a:b")
        .message_integrity(&key)
        .priority(7) // after MESSAGE-INTEGRITY: not covered
        .message_integrity_sha256(&key, 32) // allowed after MESSAGE-INTEGRITY
        .fingerprint()
        .software("late") // after FINGERPRINT
        .build()
        .unwrap();
    let msg = decode(&bytes).unwrap();
    let report = msg.verify(&Credentials::Key(key.clone()));
    assert_eq!(report.message_integrity.outcome, Outcome::Ok);
    assert_eq!(report.message_integrity_sha256.outcome, Outcome::Ok);
    assert_eq!(
        report.fingerprint.outcome,
        Outcome::Ok,
        "FINGERPRINT not last is still computed up to itself"
    );
    assert_eq!(
        report.unauthenticated,
        vec![
            Placed {
                offset: 52,
                typ: AttributeType::PRIORITY
            },
            Placed {
                offset: 104,
                typ: AttributeType::SOFTWARE
            },
        ]
    );
    assert_eq!(
        report.after_fingerprint,
        vec![Placed {
            offset: 104,
            typ: AttributeType::SOFTWARE
        }]
    );
    // Without MESSAGE-INTEGRITY, what follows MESSAGE-INTEGRITY-SHA256 (but FINGERPRINT) is
    // unauthenticated.
    let bytes = MessageBuilder::binding_request(TransactionId(TID))
        .message_integrity_sha256(&key, 16)
        .priority(1)
        .fingerprint()
        .build()
        .unwrap();
    let msg = decode(&bytes).unwrap();
    let report = msg.verify(&Credentials::Key(key));
    assert!(report.message_integrity_sha256.is_ok(), "{report:?}");
    assert_eq!(
        report.unauthenticated,
        vec![Placed {
            offset: 40,
            typ: AttributeType::PRIORITY
        }]
    );
}

#[test]
fn builder_binding_request_signed_and_fingerprinted() {
    let password = "asd88fgpdd777uzjYhagZg";
    let bytes = MessageBuilder::binding_request(TransactionId(TID))
        .username("remote:local")
        .priority(1_845_501_695)
        .ice_controlling(0xDEAD_BEEF_0BAD_F00D)
        .use_candidate()
        .message_integrity(&Key::short_term(password).unwrap())
        .fingerprint()
        .build()
        .unwrap();
    let msg = decode(&bytes).unwrap();
    assert_eq!(msg.message_type(), stun::MessageType::BINDING_REQUEST);
    assert_eq!(msg.username(), Some("remote:local"));
    assert_eq!(msg.priority(), Some(1_845_501_695));
    assert_eq!(
        msg.value(AttributeType::ICE_CONTROLLING),
        Some(AttributeValue::IceControlling(0xDEAD_BEEF_0BAD_F00D))
    );
    assert!(msg.use_candidate());
    let report = msg.verify(&Credentials::ShortTerm { password });
    assert!(
        report.message_integrity.is_ok() && report.fingerprint.is_ok() && report.is_authenticated()
    );
    // A flipped bit anywhere before FINGERPRINT breaks both.
    let mut tampered = bytes.clone();
    tampered[25] ^= 1; // in USERNAME
    let report = decode(&tampered)
        .unwrap()
        .verify(&Credentials::ShortTerm { password });
    assert!(report.message_integrity.is_mismatch() && report.fingerprint.is_mismatch());
    // Changing padding bytes breaks them too: they are covered.
    let bytes2 = MessageBuilder::binding_request(TransactionId(TID))
        .attribute_padded(AttributeValue::Username("abc:def"), b"!")
        .message_integrity(&Key::short_term(password).unwrap())
        .build()
        .unwrap();
    let mut tampered = bytes2.clone();
    tampered[31] = 0;
    let report = decode(&tampered)
        .unwrap()
        .verify(&Credentials::ShortTerm { password });
    assert!(report.message_integrity.is_mismatch());
    // Wrong padding size is refused.
    let e = MessageBuilder::binding_request(TransactionId(TID))
        .attribute_padded(AttributeValue::Username("abc"), b"")
        .build()
        .unwrap_err();
    assert_eq!(
        e,
        stun::EncodeError::BadPadding {
            typ: AttributeType::USERNAME,
            given: 0,
            needed: 1
        }
    );
}

#[test]
fn goog_message_integrity_32() {
    let key = Key::from_bytes(b"pwd");
    let bytes = MessageBuilder::new(Class::Request, Method::GOOG_PING, TransactionId(TID))
        .build()
        .unwrap();
    // Sign by hand: HMAC-SHA1 truncated to 4 bytes, length adjusted to the 8-byte attribute.
    let mac = stun::integrity::compute_hmac_sha1(key.as_bytes(), &bytes, 20, 4).unwrap();
    let mut signed = bytes.clone();
    signed.extend(attr(0xC060, &mac[..4]));
    signed[2..4].copy_from_slice(&8u16.to_be_bytes());
    let msg = decode(&signed).unwrap();
    assert_eq!(msg.message_type().0, 0x0200);
    assert_eq!(msg.method().name(), Some("GOOG-PING"));
    let report = msg.verify(&Credentials::Key(key));
    assert_eq!(report.goog_message_integrity_32.outcome, Outcome::Ok);
    assert!(report.is_authenticated());
}

#[test]
fn every_typed_attribute_round_trips() {
    let v4: SocketAddr = "192.0.2.1:3478".parse().unwrap();
    let v6: SocketAddr = "[2001:db8::1]:5349".parse().unwrap();
    let a4 = stun::Address::new(v4);
    let a6 = stun::Address::new(v6).with_reserved(0x5A);
    let token = [1u8, 2, 3, 4, 5, 6, 7, 8];
    let hash = [9u8; 32];
    let mi = [7u8; 20];
    let mi32 = [1u8, 2, 3, 4];
    let algorithms = [0u8, 1, 0, 0, 0, 2, 0, 0, 0x80, 0, 0, 3, 1, 2, 3, 0];
    let values = vec![
        AttributeValue::MappedAddress(a4),
        AttributeValue::ResponseAddress(a6),
        AttributeValue::ChangeRequest(ChangeRequest(6)),
        AttributeValue::SourceAddress(a4),
        AttributeValue::ChangedAddress(a6),
        AttributeValue::Username("ユーザー:peer"),
        AttributeValue::MessageIntegrity(&mi),
        AttributeValue::ErrorCode {
            code: ErrorCode::ROLE_CONFLICT,
            reason: "Role Conflict",
            reserved: 0,
        },
        AttributeValue::ErrorCode {
            code: ErrorCode(699),
            reason: "",
            reserved: 0x1F_FFFF,
        },
        AttributeValue::UnknownAttributes(U16List::new(&[0x77, 0x77, 0x00, 0x30]).unwrap()),
        AttributeValue::ReflectedFrom(a4),
        AttributeValue::ChannelNumber(ChannelNumberValue {
            channel: 0x4001,
            rffu: 0,
        }),
        AttributeValue::Lifetime(600),
        AttributeValue::XorPeerAddress(a6),
        AttributeValue::Data(b"hello"),
        AttributeValue::Realm("example.org"),
        AttributeValue::Nonce("obMatJos2AAABabc"),
        AttributeValue::XorRelayedAddress(a4),
        AttributeValue::RequestedAddressFamily(FamilyValue {
            family: AddressFamily::IPV6,
            rffu: [0; 3],
        }),
        AttributeValue::EvenPort(EvenPort(0x80)),
        AttributeValue::RequestedTransport(RequestedTransport {
            protocol: 17,
            rffu: [0, 0, 1],
        }),
        AttributeValue::DontFragment,
        AttributeValue::AccessToken(b"token"),
        AttributeValue::MessageIntegritySha256(&hash[..24]),
        AttributeValue::PasswordAlgorithm(
            PasswordAlgorithm::new(PasswordAlgorithmId::MD5).unwrap(),
        ),
        AttributeValue::Userhash(&hash),
        AttributeValue::XorMappedAddress(a6),
        AttributeValue::ReservationToken(&token),
        AttributeValue::Priority(0x6E00_01FF),
        AttributeValue::UseCandidate,
        AttributeValue::Padding(&[0; 7]),
        AttributeValue::ResponsePort(ResponsePort {
            port: 5000,
            reserved: 0,
        }),
        AttributeValue::ConnectionId(0xABCD),
        AttributeValue::AdditionalAddressFamily(FamilyValue {
            family: AddressFamily::IPV6,
            rffu: [0; 3],
        }),
        AttributeValue::AddressErrorCode {
            family: AddressFamily::IPV4,
            code: ErrorCode::ADDRESS_FAMILY_NOT_SUPPORTED,
            reason: "no",
            reserved: 0x1234,
        },
        AttributeValue::PasswordAlgorithms(PasswordAlgorithms::parse(&algorithms).unwrap()),
        AttributeValue::AlternateDomain("turn.example.org"),
        AttributeValue::Icmp(Icmp {
            reserved: 0,
            icmp_type: 3,
            icmp_code: 4,
            error_data: 1400,
        }),
        AttributeValue::Software("rtcinspect"),
        AttributeValue::AlternateServer(a4),
        AttributeValue::TransactionTransmitCounter(TransmitCounter {
            reserved: 0,
            requests: 2,
            responses: 1,
        }),
        AttributeValue::CacheTimeout(30),
        AttributeValue::IceControlled(1),
        AttributeValue::IceControlling(u64::MAX),
        AttributeValue::ResponseOrigin(a6),
        AttributeValue::OtherAddress(a4),
        AttributeValue::EcnCheck(EcnCheck(0b101)),
        AttributeValue::ThirdPartyAuthorization("auth.example.org"),
        AttributeValue::Origin("https://example.org"),
        AttributeValue::MobilityTicket(b"ticket"),
        AttributeValue::Nomination(3),
        AttributeValue::GoogNetworkInfo(NetworkInfo {
            network_id: 1,
            cost: 10,
        }),
        AttributeValue::GoogLastIceCheckReceived(&TID),
        AttributeValue::GoogMiscInfo(U16List::new(&[0, 1]).unwrap()),
        AttributeValue::GoogDeltaAck(133),
        AttributeValue::GoogMessageIntegrity32(&mi32),
        AttributeValue::RetransmitCount(2),
        AttributeValue::Raw {
            typ: AttributeType::GOOG_DELTA,
            value: b"\x08\x01",
        },
        AttributeValue::Raw {
            typ: AttributeType(0x7FFE),
            value: b"?",
        },
        AttributeValue::Fingerprint(0x1234_5678),
    ];
    let mut b = MessageBuilder::new(Class::Indication, Method::DATA, TransactionId(TID));
    for v in &values {
        b = b.attribute(*v);
    }
    let bytes = b.build().unwrap();
    let msg = decode(&bytes).unwrap();
    let decoded: Vec<AttributeValue<'_>> = msg.attributes().map(|a| a.value()).collect();
    assert_eq!(decoded, values);
    assert_eq!(msg.encode(), bytes);
    for (a, v) in msg.attributes().zip(&values) {
        assert_eq!(a.typ, v.attribute_type());
        assert_eq!(a.length(), v.encoded_len());
        assert!(
            !v.to_string().is_empty()
                || matches!(
                    v,
                    AttributeValue::DontFragment | AttributeValue::UseCandidate
                )
        );
    }
    // A few accessors of the typed values.
    let algorithms: Vec<_> = match msg.value(AttributeType::PASSWORD_ALGORITHMS) {
        Some(AttributeValue::PasswordAlgorithms(list)) => list
            .iter()
            .map(|e| (e.algorithm(), e.params().len()))
            .collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        algorithms,
        vec![
            (PasswordAlgorithmId::MD5, 0),
            (PasswordAlgorithmId::SHA256, 0),
            (PasswordAlgorithmId(0x8000), 3)
        ]
    );
    assert_eq!(
        msg.value(AttributeType::XOR_MAPPED_ADDRESS)
            .unwrap()
            .to_string(),
        "[2001:db8::1]:5349 (first byte 0x5a)"
    );
    assert!(ChangeRequest(6).change_ip() && ChangeRequest(6).change_port());
    assert!(EcnCheck(0b101).valid() && EcnCheck(0b101).ecf() == 2);
    assert!(EvenPort(0x80).reserve());
    assert_eq!(
        msg.value(AttributeType::UNKNOWN_ATTRIBUTES)
            .unwrap()
            .to_string(),
        "0x7777, 0x0030"
    );
}

#[test]
fn decode_prefix_and_rfc4571_streams() {
    let one = MessageBuilder::binding_request(TransactionId(TID))
        .priority(1)
        .fingerprint()
        .build()
        .unwrap();
    let two = MessageBuilder::binding_success(TransactionId(TID))
        .xor_mapped_address("10.0.0.1:9".parse().unwrap())
        .build()
        .unwrap();
    // Back to back in a stream.
    let stream = [one.clone(), two.clone()].concat();
    let (m1, used) = decode_prefix(&stream).unwrap();
    assert_eq!((m1.as_bytes(), used), (&one[..], one.len()));
    let (m2, used2) = decode_prefix(&stream[used..]).unwrap();
    assert_eq!((m2.as_bytes(), used + used2), (&two[..], stream.len()));
    // RFC 4571 framed, with half of a third frame at the end.
    let mut framed = Vec::new();
    for m in [&one, &two] {
        stun::framing::frame_rfc4571(m, &mut framed).unwrap();
    }
    framed.extend_from_slice(&(one.len() as u16).to_be_bytes());
    framed.extend_from_slice(&one[..10]);
    let mut frames = Rfc4571Frames::new(&framed);
    let decoded: Vec<_> = frames
        .by_ref()
        .map(|f| decode(f.payload).unwrap().message_type())
        .collect();
    assert_eq!(
        decoded,
        vec![
            stun::MessageType::BINDING_REQUEST,
            stun::MessageType::BINDING_SUCCESS
        ]
    );
    let tail = frames.remainder().unwrap();
    assert_eq!(
        (tail.offset, tail.needed(), tail.available),
        (4 + one.len() + two.len(), 2 + one.len(), 12)
    );
}

#[test]
fn display_of_errors_names_offsets_and_fields() {
    let e = err(&message(8, &[]));
    assert_eq!(
        e.to_string(),
        "byte 2: message length: needs 28 bytes, 20 available"
    );
    let e = err(&with_body(&[0x00, 0x24, 0x00, 0x08, 1, 2, 3, 4]));
    assert_eq!(
        e.to_string(),
        "byte 22: PRIORITY (attribute at byte 20) attribute length: needs 12 bytes, 8 available"
    );
}

#[test]
fn values_beyond_the_kept_ones_and_lax_checks() {
    // More attributes than the message keeps typed values for.
    let mut b = MessageBuilder::binding_request(TransactionId(TID));
    for i in 0..(stun::CACHED_VALUES as u32 + 5) {
        b = b.priority(i);
    }
    let bytes = b.fingerprint().build().unwrap();
    let msg = decode(&bytes).unwrap();
    let via_values: Vec<_> = msg.values().collect();
    let via_attributes: Vec<_> = msg.attributes().map(|a| a.value()).collect();
    assert_eq!(via_values.len(), stun::CACHED_VALUES + 6);
    assert_eq!(via_values, via_attributes);
    assert_eq!(
        via_values[stun::CACHED_VALUES + 2],
        AttributeValue::Priority(stun::CACHED_VALUES as u32 + 2)
    );
    assert_eq!(msg.attribute_count(), stun::CACHED_VALUES + 6);
    assert_eq!(msg.encode(), bytes);

    // A MESSAGE-INTEGRITY of 16 bytes: strict decoding refuses, lax decoding keeps it and
    // verification says why it did not check it.
    let bytes = with_body(&attr(0x0008, &[0; 16]));
    assert!(decode(&bytes).is_err());
    let msg = decode_lax(&bytes).unwrap();
    assert!(!msg.is_strict());
    let report = msg.verify(&Credentials::ShortTerm { password: "x" });
    assert_eq!(
        report.message_integrity.outcome,
        Outcome::NotChecked {
            reason: stun::NotChecked::Malformed
        }
    );
    assert_eq!(
        msg.values().next(),
        Some(AttributeValue::Invalid {
            typ: AttributeType::MESSAGE_INTEGRITY,
            value: &[0; 16]
        })
    );
}

#[test]
fn long_term_details() {
    let username = "user";
    let realm = "realm";
    // RFC 8489 §9.2.2: MD5("user:realm:pass") = 0x8493fbc53ba582fb4c044c456bdc40eb.
    let key = Key::long_term(
        username,
        realm,
        "pass",
        PasswordAlgorithmId::MD5,
        stun::PasswordPrep::OpaqueString,
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        key.as_bytes(),
        [
            0x84, 0x93, 0xfb, 0xc5, 0x3b, 0xa5, 0x82, 0xfb, 0x4c, 0x04, 0x4c, 0x45, 0x6b, 0xdc,
            0x40, 0xeb
        ]
    );
    assert!(Key::long_term(
        username,
        realm,
        "pass",
        PasswordAlgorithmId(9),
        stun::PasswordPrep::None
    )
    .unwrap()
    .is_none());

    let creds = Credentials::LongTerm {
        username,
        realm: None,
        password: "pass",
        prep: stun::PasswordPrep::OpaqueString,
    };
    // No REALM in the message and none given.
    let bytes = MessageBuilder::binding_request(TransactionId(TID))
        .username(username)
        .message_integrity(&key)
        .build()
        .unwrap();
    let report = decode(&bytes).unwrap().verify(&creds);
    assert_eq!(
        report.message_integrity.outcome,
        Outcome::NotChecked {
            reason: stun::NotChecked::NoRealm
        }
    );
    // With REALM, offered and chosen algorithms.
    let algorithms = [0u8, 2, 0, 0, 0, 1, 0, 0];
    let bytes = MessageBuilder::binding_request(TransactionId(TID))
        .username(username)
        .attribute(AttributeValue::Realm(realm))
        .attribute(AttributeValue::Nonce("obMatJos2gAAAabcdef"))
        .attribute(AttributeValue::PasswordAlgorithms(
            PasswordAlgorithms::parse(&algorithms).unwrap(),
        ))
        .attribute(AttributeValue::PasswordAlgorithm(
            PasswordAlgorithm::new(PasswordAlgorithmId::MD5).unwrap(),
        ))
        .message_integrity(&key)
        .build()
        .unwrap();
    let msg = decode(&bytes).unwrap();
    let report = msg.verify(&creds);
    assert!(report.message_integrity.is_ok());
    assert_eq!(
        report.password_algorithm,
        stun::AlgorithmCheck::Consistent {
            algorithm: PasswordAlgorithmId::MD5
        }
    );
    assert_eq!(report.userhash.outcome, Outcome::Missing);
    // "gAAA": the first feature bit (password algorithms) set.
    let cookie = stun::nonce_cookie(msg.nonce().unwrap()).unwrap();
    assert!(cookie.password_algorithms() && !cookie.username_anonymity());
    // An unsupported chosen algorithm, not among the offered ones.
    let bytes = MessageBuilder::binding_request(TransactionId(TID))
        .attribute(AttributeValue::Realm(realm))
        .attribute(AttributeValue::PasswordAlgorithms(
            PasswordAlgorithms::parse(&algorithms).unwrap(),
        ))
        .attribute(AttributeValue::PasswordAlgorithm(
            PasswordAlgorithm::parse(&[0, 7, 0, 0]).unwrap(),
        ))
        .message_integrity(&key)
        .build()
        .unwrap();
    let report = decode(&bytes).unwrap().verify(&creds);
    assert_eq!(
        report.password_algorithm,
        stun::AlgorithmCheck::NotOffered {
            algorithm: PasswordAlgorithmId(7)
        }
    );
    assert_eq!(
        report.message_integrity.outcome,
        Outcome::NotChecked {
            reason: stun::NotChecked::UnsupportedAlgorithm(PasswordAlgorithmId(7))
        }
    );
    // USERHASH with short-term credentials cannot be checked.
    let uh = stun::integrity::userhash(username, realm).unwrap();
    let bytes = MessageBuilder::binding_request(TransactionId(TID))
        .attribute(AttributeValue::Userhash(&uh))
        .build()
        .unwrap();
    let report = decode(&bytes)
        .unwrap()
        .verify(&Credentials::ShortTerm { password: "p" });
    assert_eq!(
        report.userhash.outcome,
        Outcome::NotChecked {
            reason: stun::NotChecked::NeedsLongTerm
        }
    );
    let report = decode(&bytes).unwrap().verify(&Credentials::LongTerm {
        username,
        realm: Some(realm),
        password: "x",
        prep: stun::PasswordPrep::None,
    });
    assert!(report.userhash.is_ok());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Arbitrary bodies behind a valid header: decoding never panics, and what decodes
    /// re-encodes to the same bytes (strict and lax).
    #[test]
    fn arbitrary_bodies_round_trip(mut body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200), typ in 0u16..0x3FFF) {
        body.truncate(body.len() / 4 * 4);
        let mut bytes = with_body(&body);
        bytes[0..2].copy_from_slice(&typ.to_be_bytes());
        if let Ok(m) = decode(&bytes) {
            proptest::prop_assert_eq!(m.encode(), bytes.clone());
            let _ = m.verify(&Credentials::ShortTerm { password: "pw" });
        }
        if let Ok(m) = decode_lax(&bytes) {
            proptest::prop_assert_eq!(m.encode(), bytes.clone());
        }
    }

    /// Well-formed attributes with random types and values: every one decodes strictly or
    /// fails with an error inside the attribute; lax decoding always succeeds.
    #[test]
    fn random_attributes(attrs in proptest::collection::vec((proptest::prelude::any::<u16>(), proptest::collection::vec(proptest::prelude::any::<u8>(), 0..24)), 0..10)) {
        let body: Vec<u8> = attrs.iter().flat_map(|(t, v)| attr(*t, v)).collect();
        let bytes = with_body(&body);
        let lax = decode_lax(&bytes).unwrap();
        proptest::prop_assert_eq!(lax.encode(), bytes.clone());
        proptest::prop_assert_eq!(lax.attribute_count(), attrs.len());
        match decode(&bytes) {
            Ok(m) => proptest::prop_assert_eq!(m.encode(), bytes.clone()),
            Err(e) => {
                let at = e.attribute_offset.unwrap();
                let bad = lax.attributes().find(|a| a.offset == at).unwrap();
                proptest::prop_assert_eq!(bad.check(), Err(e));
            }
        }
    }
}

#[test]
fn text_values_ascii_utf8_and_bad_bytes() {
    use rtcinspect::stun::AttributeValue;
    let software = |bytes: &[u8]| {
        let msg = with_body(&attr(0x8022, bytes));
        match decode(&msg).map(|m| m.values().next()) {
            Ok(Some(AttributeValue::Software(s))) => Ok(s.to_owned()),
            Ok(other) => panic!("not SOFTWARE: {other:?}"),
            Err(e) => Err((e.offset, e.kind)),
        }
    };
    // All of ASCII is text, DEL and NUL included (RFC 3629: U+0000-U+007F are one byte).
    let all_ascii: Vec<u8> = (0..0x80).collect();
    assert_eq!(
        software(&all_ascii).unwrap().as_bytes(),
        all_ascii.as_slice()
    );
    // Beyond ASCII, valid UTF-8 after more than eight ASCII bytes (past the first word).
    assert_eq!(
        software("rtcinspect é ✓".as_bytes()).unwrap(),
        "rtcinspect é ✓"
    );
    // A bad byte at value offset 9, and a truncated sequence at the very end: the error
    // points at the first byte that is not UTF-8 (value at byte 24).
    let mut bad = b"abcdefghi".to_vec();
    bad.push(0xFF);
    assert_eq!(software(&bad), Err((24 + 9, ErrorKind::NotUtf8)));
    let mut cut = "0123456789ab".as_bytes().to_vec();
    cut.extend_from_slice(&"é".as_bytes()[..1]);
    assert_eq!(software(&cut), Err((24 + 12, ErrorKind::NotUtf8)));
}
