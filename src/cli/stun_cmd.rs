//! `rtcinspect stun`: decode STUN/TURN messages from hex (streams and dumps) or raw bytes,
//! show the header and every attribute, and verify FINGERPRINT and the message integrity with
//! the credentials given.

use super::output::{new_table, print, read_input, use_color};
use super::{PrepChoice, StunArgs, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use rtcinspect::input::{self, hex};
use rtcinspect::stun::{self, Check, Credentials, Message, Outcome, PasswordPrep, Verification};
use serde::Serialize;
use std::path::Path;

pub fn run(args: StunArgs) -> i32 {
    run_inner(&args).unwrap_or_else(|msg| {
        eprintln!("rtcinspect stun: {msg}");
        EXIT_USAGE
    })
}

/// One input message: where it came from and its bytes.
struct Input {
    origin: String,
    bytes: Vec<u8>,
}

fn inputs(args: &StunArgs) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for arg in &args.inputs {
        let path = Path::new(arg);
        if arg == "-" || path.is_file() {
            let (bytes, name) = read_input(path)?;
            match input::sniff(&bytes) {
                input::InputKind::Pcap | input::InputKind::Pcapng => {
                    return Err(format!(
                        "{name} is a packet capture; `rtcinspect pcap` reads captures"
                    ));
                }
                input::InputKind::Hex => push_hex(
                    &mut out,
                    &name,
                    std::str::from_utf8(&bytes).map_err(|e| format!("{name}: {e}"))?,
                )?,
                _ => split_binary(&mut out, &name, &bytes),
            }
        } else {
            push_hex(&mut out, "<argument>", arg)?;
        }
    }
    if out.is_empty() {
        return Err("no message in the input (give hex, a file, or `-`)".into());
    }
    Ok(out)
}

fn push_hex(out: &mut Vec<Input>, name: &str, text: &str) -> Result<(), String> {
    for (line, bytes) in hex::decode(text).map_err(|e| format!("{name}:{e}"))? {
        out.push(Input {
            origin: format!("{name}:{line}"),
            bytes,
        });
    }
    Ok(())
}

/// Raw bytes: back-to-back STUN messages (as on a TCP stream), each cut at its declared
/// length; whatever does not decode is kept whole so that its error is reported.
fn split_binary(out: &mut Vec<Input>, name: &str, bytes: &[u8]) {
    let mut at = 0;
    while at < bytes.len() {
        let rest = &bytes[at..];
        let used = match stun::decode_prefix(rest) {
            Ok((_, used)) if used > 0 => used,
            _ => rest.len(),
        };
        out.push(Input {
            origin: format!("{name}@{at}"),
            bytes: rest[..used].to_vec(),
        });
        at += used;
    }
}

#[derive(Serialize)]
struct JsonMessage<'a> {
    origin: &'a str,
    length: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transaction_id: Option<String>,
    attributes: Vec<JsonAttribute>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verification: Option<Verification>,
}

#[derive(Serialize)]
struct JsonAttribute {
    offset: usize,
    #[serde(rename = "type")]
    typ: u16,
    name: String,
    length: usize,
    value: String,
    comprehension_required: bool,
}

fn run_inner(args: &StunArgs) -> Result<i32, String> {
    let credentials = match (&args.pwd, &args.username, &args.password) {
        (Some(p), None, None) => Credentials::ShortTerm { password: p },
        (None, Some(u), Some(p)) => Credentials::LongTerm {
            username: u,
            realm: args.realm.as_deref(),
            password: p,
            prep: match args.prep {
                Some(PrepChoice::OpaqueString) => PasswordPrep::OpaqueString,
                Some(PrepChoice::Saslprep) => PasswordPrep::SaslPrep,
                Some(PrepChoice::None) => PasswordPrep::None,
                None => PasswordPrep::default(),
            },
        },
        (None, None, None) => Credentials::None,
        _ => return Err("give either --pwd (short-term, ICE) or --username and --password [--realm] (long-term, TURN)".into()),
    };
    let inputs = inputs(args)?;
    let mut failed = false;
    let mut json = Vec::new();
    let mut out = String::new();
    let color = use_color(args.color);
    for (n, input) in inputs.iter().enumerate() {
        let decoded = stun::decode(&input.bytes);
        let (attrs, verification, err) = match &decoded {
            Ok(m) => (
                attributes(m),
                Some(verify(m, &credentials, args.prep.is_none())),
                None,
            ),
            Err(e) => {
                failed = true;
                (Vec::new(), None, Some(e.to_string()))
            }
        };
        if let Some(v) = &verification {
            failed |= [
                &v.fingerprint,
                &v.message_integrity,
                &v.message_integrity_sha256,
                &v.goog_message_integrity_32,
                &v.userhash,
            ]
            .iter()
            .any(|c| c.is_mismatch());
        }
        if args.json {
            json.push(JsonMessage {
                origin: &input.origin,
                length: input.bytes.len(),
                error: err,
                message_type: decoded.as_ref().ok().map(|m| m.message_type().to_string()),
                transaction_id: decoded
                    .as_ref()
                    .ok()
                    .map(|m| m.transaction_id().to_string()),
                attributes: attrs,
                verification,
            });
            continue;
        }
        if n > 0 {
            out.push('\n');
        }
        match &decoded {
            Err(e) => out.push_str(&format!(
                "{}: {} bytes: {}{e}\n",
                input.origin,
                input.bytes.len(),
                paint("error: ", color)
            )),
            Ok(m) => {
                out.push_str(&format!(
                    "{}: {}, length {} bytes, transaction ID {}\n",
                    input.origin,
                    m.message_type(),
                    m.length(),
                    m.transaction_id()
                ));
                let mut t = new_table();
                t.set_header(["offset", "type", "name", "length", "value"]);
                for a in &attrs {
                    let name = if a.comprehension_required && a.name.starts_with("0x") {
                        format!("{} (unknown, comprehension-required)", a.name)
                    } else {
                        a.name.clone()
                    };
                    t.add_row([
                        a.offset.to_string(),
                        format!("0x{:04x}", a.typ),
                        name,
                        a.length.to_string(),
                        a.value.clone(),
                    ]);
                }
                out.push_str(&t.to_string());
                out.push('\n');
                if let Some(v) = &verification {
                    out.push_str(&verdicts(v, &credentials, color));
                    if let Some(hint) = short_term_hint(m, v, &credentials) {
                        out.push_str(&hint);
                    }
                }
            }
        }
    }
    if args.json {
        let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())? + "\n";
        return Ok(print(&text)
            .err()
            .unwrap_or(if failed { EXIT_FINDINGS } else { EXIT_OK }));
    }
    Ok(print(&out)
        .err()
        .unwrap_or(if failed { EXIT_FINDINGS } else { EXIT_OK }))
}

/// Verifies `m`; with long-term credentials and no `--prep`, a password that OpaqueString
/// rejects (RFC 8489) is tried with SASLprep (RFC 5389) before giving up.
fn verify(m: &Message<'_>, credentials: &Credentials<'_>, auto_prep: bool) -> Verification {
    let first = m.verify(credentials);
    let prep_failed = matches!(
        first.message_integrity.outcome,
        Outcome::NotChecked {
            reason: stun::NotChecked::Prep(_)
        }
    );
    match credentials {
        Credentials::LongTerm {
            username,
            realm,
            password,
            ..
        } if auto_prep && prep_failed => m.verify(&Credentials::LongTerm {
            username,
            realm: *realm,
            password,
            prep: PasswordPrep::SaslPrep,
        }),
        _ => first,
    }
}

/// After a MESSAGE-INTEGRITY mismatch with an ICE password, whose password signs this
/// message (RFC 8445 §7.2.2: USERNAME is `receiver-ufrag:sender-ufrag`; a request or
/// indication is signed with the receiver's password, a response with the responder's, the
/// same one): the usual mistake is the other agent's a=ice-pwd.
fn short_term_hint(
    m: &Message<'_>,
    v: &Verification,
    credentials: &Credentials<'_>,
) -> Option<String> {
    if !matches!(credentials, Credentials::ShortTerm { .. })
        || !matches!(v.message_integrity.outcome, Outcome::Mismatch { .. })
    {
        return None;
    }
    let signer = match m.class() {
        stun::Class::Request | stun::Class::Indication => {
            let receiver = m.username().and_then(|u| u.split_once(':')).map(|(r, _)| r);
            match receiver {
                Some(r) => format!(
                    "the {} is signed with the a=ice-pwd of the agent that receives it: the one \
                     whose a=ice-ufrag is {r:?} (first in USERNAME)",
                    if m.class() == stun::Class::Request {
                        "request"
                    } else {
                        "indication"
                    }
                ),
                None => "a request is signed with the a=ice-pwd of the agent that receives it"
                    .to_string(),
            }
        }
        _ => "a response is signed with the a=ice-pwd of the agent that sends it (the one the \
              request's USERNAME names first)"
            .to_string(),
    };
    Some(format!(
        "  = help: {signer}; a mismatch with the right password means the bytes were altered \
         (RFC 8445 §7.2.2, RFC 8489 §14.5)\n"
    ))
}

fn attributes(m: &Message<'_>) -> Vec<JsonAttribute> {
    m.attributes()
        .map(|a| JsonAttribute {
            offset: a.offset,
            typ: a.typ.0,
            name: a.typ.to_string(),
            length: a.raw.len(),
            value: a.value().to_string(),
            comprehension_required: a.typ.is_comprehension_required(),
        })
        .collect()
}

fn paint(s: &str, color: bool) -> String {
    if color {
        format!("\x1b[1;31m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn verdicts(v: &Verification, credentials: &Credentials<'_>, color: bool) -> String {
    let mut out = String::new();
    let line = |name: &str, c: &Check| -> Option<String> {
        let text = match &c.outcome {
            Outcome::Ok => "ok".to_string(),
            Outcome::Missing => return None,
            Outcome::Mismatch { expected, got } => paint(
                &format!("MISMATCH: computed {expected}, message has {got}"),
                color,
            ),
            Outcome::NotChecked { reason } => {
                format!("not checked ({})", not_checked(reason, credentials))
            }
        };
        Some(format!("  {name:<28} {text}\n"))
    };
    for (name, c) in [
        ("FINGERPRINT", &v.fingerprint),
        ("MESSAGE-INTEGRITY", &v.message_integrity),
        ("MESSAGE-INTEGRITY-SHA256", &v.message_integrity_sha256),
        ("GOOG-MESSAGE-INTEGRITY-32", &v.goog_message_integrity_32),
        ("USERHASH", &v.userhash),
    ] {
        if let Some(l) = line(name, c) {
            out.push_str(&l);
        }
    }
    if v.fingerprint.outcome == Outcome::Missing {
        out.push_str("  FINGERPRINT                  absent (ICE requires it on every check, RFC 8445 §7.2.2)\n");
    }
    for p in &v.unauthenticated {
        out.push_str(&format!("  unauthenticated: {} at offset {} follows the message integrity; agents ignore it (RFC 8489 §14.5)\n", p.typ, p.offset));
    }
    for p in &v.after_fingerprint {
        out.push_str(&format!("  misplaced: {} at offset {} follows FINGERPRINT, which must be last (RFC 8489 §14.7)\n", p.typ, p.offset));
    }
    out
}

fn not_checked(reason: &stun::NotChecked, credentials: &Credentials<'_>) -> String {
    use stun::NotChecked as N;
    match reason {
        N::NoCredentials if matches!(credentials, Credentials::None) => {
            "give --pwd, or --username/--password for TURN".into()
        }
        N::NoCredentials => "no credentials".into(),
        N::NeedsLongTerm => "needs --username, --realm and --password".into(),
        N::NoRealm => "no realm: give --realm".into(),
        N::UnsupportedAlgorithm(a) => format!("unsupported password algorithm {a}"),
        N::Prep(e) => format!("credentials cannot be prepared: {e}"),
        N::Malformed => "malformed attribute".into(),
    }
}
