//! `stun_decode`: the STUN decoder never panics on any bytes; whatever `decode` (or
//! `decode_lax`) accepts, `encode` gives back byte for byte; verification, the placement
//! findings, typed values and the framing helpers never panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rtcinspect::stun::{
    decode, decode_lax, decode_prefix, ChannelData, Credentials, PasswordPrep, Rfc4571Frames,
};

fuzz_target!(|data: &[u8]| {
    if let Ok(msg) = decode(data) {
        assert_eq!(msg.encode(), data, "encode(decode(x)) != x");
        for attr in msg.attributes() {
            let _ = attr.value().to_string();
        }
        let _ = msg.duplicates();
        let _ = msg.verify(&Credentials::ShortTerm { password: "fuzz" });
        let _ = msg.verify(&Credentials::LongTerm {
            username: "user",
            realm: None,
            password: "pass",
            prep: PasswordPrep::SaslPrep,
        });
    }
    if let Ok(msg) = decode_lax(data) {
        assert_eq!(msg.encode(), data, "encode(decode_lax(x)) != x");
        let _ = msg.verify(&Credentials::None);
    }
    if let Ok((msg, used)) = decode_prefix(data) {
        assert_eq!(msg.as_bytes(), &data[..used]);
    }
    let _ = ChannelData::decode_datagram(data);
    let _ = ChannelData::decode_stream(data);
    let mut frames = Rfc4571Frames::new(data);
    for frame in frames.by_ref() {
        let _ = decode(frame.payload);
    }
    let _ = frames.remainder();
});
