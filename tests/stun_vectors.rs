//! The STUN test vectors of RFC 5769 and RFC 8489 Appendix B.1 (erratum 6268), from
//! `fixtures/vectors/stun-vectors.json` (provenance in `fixtures/vectors/README.md`): every
//! expectation of the file is asserted, the messages are rebuilt byte for byte with the
//! builder, and `encode(decode(x)) == x`.

use rtcinspect::stun::{
    self, AlgorithmCheck, AttributeType, AttributeValue, Class, Credentials, ErrorKind, Key,
    MessageBuilder, Method, NotChecked, Outcome, PasswordAlgorithm, PasswordAlgorithmId,
    PasswordPrep,
};
use serde_json::Value;
use std::net::SocketAddr;
use std::path::Path;

fn vectors() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/vectors/stun-vectors.json");
    let text = std::fs::read_to_string(&path).expect("read the vectors file");
    serde_json::from_str(&text).expect("vectors file is JSON")
}

fn hex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

fn to_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is a string"))
}

/// Asserts the `type`, `length` and `transaction_id` expectations of a vector.
fn check_header(msg: &stun::Message<'_>, expect: &Value) {
    if let Some(t) = expect.get("type") {
        let t = t.as_str().unwrap();
        let (code, name) = t.split_once(' ').unwrap();
        assert_eq!(format!("0x{:04x}", msg.message_type().0), code);
        assert_eq!(msg.message_type().to_string(), name);
    }
    if let Some(len) = expect.get("length") {
        assert_eq!(u64::from(msg.length()), len.as_u64().unwrap());
    }
    if let Some(tid) = expect.get("transaction_id") {
        assert_eq!(msg.transaction_id().to_string(), tid.as_str().unwrap());
    }
}

fn value_of<'a>(msg: &stun::Message<'a>, typ: AttributeType) -> AttributeValue<'a> {
    msg.value(typ).unwrap_or_else(|| panic!("{typ} present"))
}

#[test]
fn rfc5769_2_1_sample_request() {
    let all = vectors();
    let v = &all["rfc5769_2_1_sample_request"];
    let e = &v["expect"];
    let bytes = hex(s(v, "hex"));
    let msg = stun::decode(&bytes).unwrap();
    check_header(&msg, e);
    assert_eq!(
        (msg.class(), msg.method()),
        (Class::Request, Method::BINDING)
    );
    assert_eq!(msg.software(), Some(s(e, "SOFTWARE")));
    assert_eq!(msg.priority(), Some(e["PRIORITY"].as_u64().unwrap() as u32));
    let controlled =
        u64::from_str_radix(s(e, "ICE-CONTROLLED").trim_start_matches("0x"), 16).unwrap();
    assert_eq!(
        value_of(&msg, AttributeType::ICE_CONTROLLED),
        AttributeValue::IceControlled(controlled)
    );
    assert_eq!(msg.username(), Some(s(e, "USERNAME")));
    let username = msg.get(AttributeType::USERNAME).unwrap();
    assert_eq!(to_hex(username.padding), s(e, "USERNAME_padding_hex"));
    let mi = msg.get(AttributeType::MESSAGE_INTEGRITY).unwrap();
    assert_eq!(to_hex(mi.raw), s(e, "MESSAGE-INTEGRITY"));
    let fp = value_of(&msg, AttributeType::FINGERPRINT);
    let want_fp = u32::from_str_radix(s(e, "FINGERPRINT").trim_start_matches("0x"), 16).unwrap();
    assert_eq!(fp, AttributeValue::Fingerprint(want_fp));
    // Order and offsets of the attributes.
    let layout: Vec<_> = msg
        .attributes()
        .map(|a| (a.offset, a.typ, a.length()))
        .collect();
    assert_eq!(
        layout,
        vec![
            (20, AttributeType::SOFTWARE, 16),
            (40, AttributeType::PRIORITY, 4),
            (48, AttributeType::ICE_CONTROLLED, 8),
            (60, AttributeType::USERNAME, 9),
            (76, AttributeType::MESSAGE_INTEGRITY, 20),
            (100, AttributeType::FINGERPRINT, 4),
        ]
    );

    // The integrity key is the password's bytes.
    let password = s(v, "password");
    assert_eq!(
        to_hex(Key::short_term(password).unwrap().as_bytes()),
        s(v, "integrity_key_hex")
    );
    let report = msg.verify(&Credentials::ShortTerm { password });
    assert_eq!(report.message_integrity.outcome, Outcome::Ok);
    assert_eq!(report.message_integrity.offset, Some(76));
    assert_eq!(report.fingerprint.outcome, Outcome::Ok);
    assert_eq!(report.message_integrity_sha256.outcome, Outcome::Missing);
    assert!(report.is_ok() && report.is_authenticated());
    assert!(report.unauthenticated.is_empty() && report.after_fingerprint.is_empty());
    // A wrong password is a mismatch, with both values.
    let bad = msg.verify(&Credentials::ShortTerm { password: "wrong" });
    match &bad.message_integrity.outcome {
        Outcome::Mismatch { expected, got } => {
            assert_eq!(got.to_string(), s(e, "MESSAGE-INTEGRITY"));
            assert_ne!(expected, got);
        }
        other => panic!("expected a mismatch, got {other:?}"),
    }
    assert!(!bad.is_ok());
    // Without credentials only the fingerprint is checked.
    let none = msg.verify(&Credentials::None);
    assert_eq!(none.fingerprint.outcome, Outcome::Ok);
    assert_eq!(
        none.message_integrity.outcome,
        Outcome::NotChecked {
            reason: NotChecked::NoCredentials
        }
    );

    assert_eq!(msg.encode(), bytes);

    // Rebuilt from its fields, with the three spaces of USERNAME padding.
    let built = MessageBuilder::binding_request(msg.transaction_id())
        .software(s(e, "SOFTWARE"))
        .priority(e["PRIORITY"].as_u64().unwrap() as u32)
        .ice_controlled(controlled)
        .attribute_padded(AttributeValue::Username(s(e, "USERNAME")), b"   ")
        .message_integrity(&Key::short_term(password).unwrap())
        .fingerprint()
        .build()
        .unwrap();
    assert_eq!(to_hex(&built), s(v, "hex"));
}

#[test]
fn rfc5769_2_2_sample_ipv4_response() {
    let all = vectors();
    let v = &all["rfc5769_2_2_sample_ipv4_response"];
    let e = &v["expect"];
    let bytes = hex(s(v, "hex"));
    let msg = stun::decode(&bytes).unwrap();
    check_header(&msg, e);
    assert_eq!(msg.software(), Some(s(e, "SOFTWARE")));
    assert_eq!(
        to_hex(msg.get(AttributeType::SOFTWARE).unwrap().padding),
        s(e, "SOFTWARE_padding_hex")
    );
    let addr = msg.xor_mapped_address().unwrap();
    assert_eq!(addr.socket_addr().to_string(), s(e, "XOR-MAPPED-ADDRESS"));
    assert_eq!(addr.reserved(), 0);
    assert_eq!(
        to_hex(msg.get(AttributeType::MESSAGE_INTEGRITY).unwrap().raw),
        s(e, "MESSAGE-INTEGRITY")
    );
    let want_fp = u32::from_str_radix(s(e, "FINGERPRINT").trim_start_matches("0x"), 16).unwrap();
    assert_eq!(
        value_of(&msg, AttributeType::FINGERPRINT),
        AttributeValue::Fingerprint(want_fp)
    );
    let report = msg.verify(&Credentials::ShortTerm {
        password: s(v, "password"),
    });
    assert!(report.message_integrity.is_ok() && report.fingerprint.is_ok());
    assert_eq!(msg.encode(), bytes);

    let built = MessageBuilder::binding_success(msg.transaction_id())
        .attribute_padded(AttributeValue::Software(s(e, "SOFTWARE")), b" ")
        .xor_mapped_address(s(e, "XOR-MAPPED-ADDRESS").parse::<SocketAddr>().unwrap())
        .message_integrity(&Key::short_term(s(v, "password")).unwrap())
        .fingerprint()
        .build()
        .unwrap();
    assert_eq!(to_hex(&built), s(v, "hex"));
}

#[test]
fn rfc5769_2_3_sample_ipv6_response() {
    let all = vectors();
    let v = &all["rfc5769_2_3_sample_ipv6_response"];
    let e = &v["expect"];
    let bytes = hex(s(v, "hex"));
    let msg = stun::decode(&bytes).unwrap();
    check_header(&msg, e);
    assert_eq!(msg.software(), Some(s(e, "SOFTWARE")));
    let addr = msg.xor_mapped_address().unwrap();
    assert_eq!(addr.socket_addr().to_string(), s(e, "XOR-MAPPED-ADDRESS"));
    assert_eq!(
        to_hex(msg.get(AttributeType::MESSAGE_INTEGRITY).unwrap().raw),
        s(e, "MESSAGE-INTEGRITY")
    );
    let want_fp = u32::from_str_radix(s(e, "FINGERPRINT").trim_start_matches("0x"), 16).unwrap();
    assert_eq!(
        value_of(&msg, AttributeType::FINGERPRINT),
        AttributeValue::Fingerprint(want_fp)
    );
    let report = msg.verify(&Credentials::ShortTerm {
        password: s(v, "password"),
    });
    assert!(report.message_integrity.is_ok() && report.fingerprint.is_ok());
    assert_eq!(msg.encode(), bytes);

    let built = MessageBuilder::binding_success(msg.transaction_id())
        .attribute_padded(AttributeValue::Software(s(e, "SOFTWARE")), b" ")
        .xor_mapped_address(s(e, "XOR-MAPPED-ADDRESS").parse::<SocketAddr>().unwrap())
        .message_integrity(&Key::short_term(s(v, "password")).unwrap())
        .fingerprint()
        .build()
        .unwrap();
    assert_eq!(to_hex(&built), s(v, "hex"));
}

#[test]
fn rfc5769_2_4_sample_request_long_term() {
    let all = vectors();
    let v = &all["rfc5769_2_4_sample_request_long_term"];
    let e = &v["expect"];
    let bytes = hex(s(v, "hex"));
    let msg = stun::decode(&bytes).unwrap();
    check_header(&msg, e);
    assert_eq!(msg.username(), Some(s(v, "username")));
    assert_eq!(msg.realm(), Some(s(v, "realm")));
    assert_eq!(msg.nonce(), Some(s(v, "nonce")));
    assert_eq!(
        to_hex(msg.get(AttributeType::MESSAGE_INTEGRITY).unwrap().raw),
        s(e, "MESSAGE-INTEGRITY")
    );
    assert!(e["FINGERPRINT"].is_null());
    assert!(msg.get(AttributeType::FINGERPRINT).is_none());

    // SASLprep turns the password before preparation into the prepared one, and the
    // long-term MD5 key is the one given.
    let raw_password = s(v, "password_before_saslprep");
    assert_eq!(
        stun::prep::saslprep(raw_password).unwrap(),
        s(v, "password")
    );
    for password in [raw_password, s(v, "password")] {
        let key = Key::long_term(
            s(v, "username"),
            s(v, "realm"),
            password,
            PasswordAlgorithmId::MD5,
            PasswordPrep::SaslPrep,
        )
        .unwrap()
        .unwrap();
        assert_eq!(to_hex(key.as_bytes()), s(v, "integrity_key_hex"));
        let report = msg.verify(&Credentials::LongTerm {
            username: s(v, "username"),
            realm: None,
            password,
            prep: PasswordPrep::SaslPrep,
        });
        assert_eq!(report.message_integrity.outcome, Outcome::Ok);
        assert_eq!(report.fingerprint.outcome, Outcome::Missing);
        assert!(report.is_ok() && report.is_authenticated());
    }
    // RFC 8489's OpaqueString rejects the soft hyphen of the unprepared password, and gives
    // the same key as SASLprep for the prepared one.
    let opaque = msg.verify(&Credentials::LongTerm {
        username: s(v, "username"),
        realm: None,
        password: raw_password,
        prep: PasswordPrep::OpaqueString,
    });
    assert!(matches!(
        opaque.message_integrity.outcome,
        Outcome::NotChecked {
            reason: NotChecked::Prep(_)
        }
    ));
    let opaque = msg.verify(&Credentials::LongTerm {
        username: s(v, "username"),
        realm: Some(s(v, "realm")),
        password: s(v, "password"),
        prep: PasswordPrep::OpaqueString,
    });
    assert!(opaque.message_integrity.is_ok());
    // Short-term credentials with the password do not match.
    assert!(msg
        .verify(&Credentials::ShortTerm {
            password: s(v, "password")
        })
        .message_integrity
        .is_mismatch());
    assert_eq!(msg.encode(), bytes);

    // Rebuilt: USERNAME (18 bytes, 2 zero bytes of padding), NONCE, REALM, MESSAGE-INTEGRITY.
    let key = Key::from_bytes(&hex(s(v, "integrity_key_hex")))
        .as_bytes()
        .to_vec();
    let built = MessageBuilder::binding_request(msg.transaction_id())
        .username(s(v, "username"))
        .attribute(AttributeValue::Nonce(s(v, "nonce")))
        .attribute(AttributeValue::Realm(s(v, "realm")))
        .message_integrity(&Key::from_bytes(&key))
        .build()
        .unwrap();
    assert_eq!(to_hex(&built), s(v, "hex"));
}

#[test]
fn rfc8489_b_1_corrected_by_erratum_6268() {
    let all = vectors();
    let v = &all["rfc8489_B_1_errata_6268_corrected"];
    let e = &v["expect"];
    let bytes = hex(s(v, "hex"));
    let msg = stun::decode(&bytes).unwrap();
    assert_eq!(msg.message_type().to_string(), "Binding Request");
    assert_eq!(msg.transaction_id().to_string(), "78ad3433c6ad72c029da412e");
    assert_eq!(
        to_hex(msg.get(AttributeType::USERHASH).unwrap().raw),
        s(e, "USERHASH")
    );
    assert_eq!(msg.nonce(), Some(s(v, "nonce")));
    assert_eq!(msg.realm(), Some(s(v, "realm")));
    assert!(msg.get(AttributeType::USERNAME).is_none());
    // "SHA-256 (0x0002)"
    let algorithm = match value_of(&msg, AttributeType::PASSWORD_ALGORITHM) {
        AttributeValue::PasswordAlgorithm(p) => p.algorithm(),
        other => panic!("{other:?}"),
    };
    assert_eq!(algorithm.to_string(), s(v, "password_algorithm"));
    assert_eq!(
        to_hex(
            msg.get(AttributeType::MESSAGE_INTEGRITY_SHA256)
                .unwrap()
                .raw
        ),
        s(e, "MESSAGE-INTEGRITY-SHA256")
    );
    // The nonce starts with the RFC 8489 nonce cookie.
    assert!(stun::nonce_cookie(msg.nonce().unwrap()).is_some());

    // USERHASH = SHA-256(username ":" realm).
    let uh = stun::integrity::userhash(s(v, "username"), s(v, "realm")).unwrap();
    assert_eq!(to_hex(&uh), s(e, "USERHASH"));
    // Key = SHA-256(username:realm:password) because PASSWORD-ALGORITHM says SHA-256.
    let credentials = Credentials::LongTerm {
        username: s(v, "username"),
        realm: None,
        password: s(v, "password"),
        prep: PasswordPrep::OpaqueString,
    };
    let report = msg.verify(&credentials);
    assert_eq!(report.message_integrity_sha256.outcome, Outcome::Ok);
    assert_eq!(report.userhash.outcome, Outcome::Ok);
    assert_eq!(report.message_integrity.outcome, Outcome::Missing);
    assert_eq!(report.fingerprint.outcome, Outcome::Missing);
    // PASSWORD-ALGORITHM without PASSWORD-ALGORITHMS.
    assert_eq!(
        report.password_algorithm,
        AlgorithmCheck::ListMissing {
            algorithm: PasswordAlgorithmId::SHA256
        }
    );
    assert!(report.is_ok() && report.is_authenticated());
    // An MD5 key does not verify it.
    let md5 = Key::long_term(
        s(v, "username"),
        s(v, "realm"),
        s(v, "password"),
        PasswordAlgorithmId::MD5,
        PasswordPrep::OpaqueString,
    )
    .unwrap()
    .unwrap();
    assert!(msg
        .verify(&Credentials::Key(md5))
        .message_integrity_sha256
        .is_mismatch());
    // A wrong username is caught by USERHASH.
    let wrong = msg.verify(&Credentials::LongTerm {
        username: "matrix",
        realm: None,
        password: s(v, "password"),
        prep: PasswordPrep::OpaqueString,
    });
    assert!(wrong.userhash.is_mismatch() && wrong.message_integrity_sha256.is_mismatch());
    assert_eq!(msg.encode(), bytes);

    // Rebuilt from its fields.
    let key = Key::long_term(
        s(v, "username"),
        s(v, "realm"),
        s(v, "password"),
        PasswordAlgorithmId::SHA256,
        PasswordPrep::OpaqueString,
    )
    .unwrap()
    .unwrap();
    let built = MessageBuilder::binding_request(msg.transaction_id())
        .attribute(AttributeValue::Userhash(&uh))
        .attribute(AttributeValue::Nonce(s(v, "nonce")))
        .attribute(AttributeValue::Realm(s(v, "realm")))
        .attribute(AttributeValue::PasswordAlgorithm(
            PasswordAlgorithm::new(PasswordAlgorithmId::SHA256).unwrap(),
        ))
        .message_integrity_sha256(&key, 32)
        .build()
        .unwrap();
    assert_eq!(to_hex(&built), s(v, "hex"));
}

/// The stun-rs variant with its length fixed back to the published 0x009c.
fn published_b1(all: &Value) -> Vec<u8> {
    let note = s(&all["rfc8489_B_1_as_published_INVALID"], "note");
    let published_mac = note
        .split_whitespace()
        .find(|w| w.len() == 64 && w.chars().all(|c| c.is_ascii_hexdigit()))
        .expect("the note gives the published MAC");
    assert!(note.contains("0x009c") && note.contains("no PASSWORD-ALGORITHM"));
    let mut b = hex(s(&all["stun_rs_B_1_variant"], "hex"));
    b[2..4].copy_from_slice(&0x009cu16.to_be_bytes());
    let n = b.len();
    b[n - 32..].copy_from_slice(&hex(published_mac));
    b
}

#[test]
fn rfc8489_b_1_as_published_fails() {
    let all = vectors();
    let v = &all["rfc8489_B_1_errata_6268_corrected"];
    let published = published_b1(&all);
    assert_eq!(
        published.len(),
        0x9c,
        "the published length is the total size"
    );

    // The length field counts the header too: it runs 20 bytes past the end.
    let err = stun::decode(&published).unwrap_err();
    assert_eq!(err.offset, 2);
    assert_eq!(err.field, "message length");
    assert_eq!(
        err.kind,
        ErrorKind::Truncated {
            needed: 20 + 0x9c,
            available: 0x9c
        }
    );

    // Its MAC is the HMAC-SHA256 with the SHA-256 key over the header with length 0x9c: it
    // covers a length that is wrong, so with the length fixed it verifies with no key.
    let sha_key = Key::long_term(
        s(v, "username"),
        s(v, "realm"),
        s(v, "password"),
        PasswordAlgorithmId::SHA256,
        PasswordPrep::OpaqueString,
    )
    .unwrap()
    .unwrap();
    let mi_offset = published.len() - 36;
    let mut covered = published.clone();
    covered.truncate(mi_offset);
    let mac = {
        use hmac::{KeyInit, Mac};
        let mut m =
            <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(sha_key.as_bytes()).unwrap();
        m.update(&covered);
        m.finalize().into_bytes()
    };
    assert_eq!(&mac[..], &published[published.len() - 32..]);

    let mut fixed = published.clone();
    fixed[2..4].copy_from_slice(&((published.len() - 20) as u16).to_be_bytes());
    let msg = stun::decode(&fixed).unwrap();
    for credentials in [
        Credentials::LongTerm {
            username: s(v, "username"),
            realm: None,
            password: s(v, "password"),
            prep: PasswordPrep::OpaqueString,
        },
        Credentials::Key(sha_key.clone()),
    ] {
        let report = msg.verify(&credentials);
        assert!(report.message_integrity_sha256.is_mismatch(), "{report:?}");
        assert!(!report.is_ok());
    }
}

#[test]
fn stun_rs_b_1_variant() {
    let all = vectors();
    let v = &all["stun_rs_B_1_variant"];
    let b1 = &all["rfc8489_B_1_errata_6268_corrected"];
    let note = s(v, "note");
    assert!(
        note.contains("len 0x0088")
            && note.contains("no PASSWORD-ALGORITHM")
            && note.contains("fd8c2738")
    );
    let bytes = hex(s(v, "hex"));
    let msg = stun::decode(&bytes).unwrap();
    assert_eq!(msg.length(), 0x0088);
    assert!(msg.get(AttributeType::PASSWORD_ALGORITHM).is_none());
    let mac = msg.get(AttributeType::MESSAGE_INTEGRITY_SHA256).unwrap();
    assert!(to_hex(mac.raw).starts_with("fd8c2738"));
    // Without PASSWORD-ALGORITHM the long-term key is MD5 (RFC 8489 §9.2.2), which is what
    // the variant used: with the RFC's rules it verifies.
    let credentials = Credentials::LongTerm {
        username: s(b1, "username"),
        realm: None,
        password: s(b1, "password"),
        prep: PasswordPrep::OpaqueString,
    };
    let report = msg.verify(&credentials);
    assert_eq!(report.message_integrity_sha256.outcome, Outcome::Ok);
    assert_eq!(report.userhash.outcome, Outcome::Ok);
    assert_eq!(report.password_algorithm, AlgorithmCheck::Absent);
    // The SHA-256 key (the erratum's) does not.
    let sha_key = Key::long_term(
        s(b1, "username"),
        s(b1, "realm"),
        s(b1, "password"),
        PasswordAlgorithmId::SHA256,
        PasswordPrep::OpaqueString,
    )
    .unwrap()
    .unwrap();
    assert!(msg
        .verify(&Credentials::Key(sha_key))
        .message_integrity_sha256
        .is_mismatch());
    assert_eq!(msg.encode(), bytes);
}

#[test]
fn every_vector_in_the_file_is_covered() {
    let all = vectors();
    let names: Vec<&str> = all
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    let covered = [
        "rfc5769_2_1_sample_request",
        "rfc5769_2_2_sample_ipv4_response",
        "rfc5769_2_3_sample_ipv6_response",
        "rfc5769_2_4_sample_request_long_term",
        "rfc8489_B_1_errata_6268_corrected",
        "rfc8489_B_1_as_published_INVALID",
        "stun_rs_B_1_variant",
    ];
    for name in &names {
        assert!(covered.contains(name), "vector {name} has no test");
    }
    // And every expect key of every vector is one the tests above read.
    let known = [
        "type",
        "length",
        "transaction_id",
        "SOFTWARE",
        "SOFTWARE_padding_hex",
        "PRIORITY",
        "ICE-CONTROLLED",
        "USERNAME",
        "USERNAME_padding_hex",
        "MESSAGE-INTEGRITY",
        "MESSAGE-INTEGRITY-SHA256",
        "FINGERPRINT",
        "XOR-MAPPED-ADDRESS",
        "USERHASH",
    ];
    for (name, v) in all.as_object().unwrap() {
        if let Some(expect) = v.get("expect").and_then(|e| e.as_object()) {
            for key in expect.keys() {
                assert!(
                    known.contains(&key.as_str()),
                    "{name}: expectation {key} not asserted"
                );
            }
        }
    }
}
