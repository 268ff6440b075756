//! Writers: [`write()`] gives the input back byte for byte (lossless); [`write_canonical`]
//! rebuilds every line from its typed value, in RFC 8866 §5 order, with CRLF endings — the
//! way to normalise a description or to write one built or changed in code.

use super::model::{Line, Session, Value};
use std::fmt::Write;

/// The description exactly as it was parsed: `write(&parse(x)) == x` for every UTF-8 `x`.
///
/// Returns the text (bytes of every line and its original ending, then any unparsed rest).
pub fn write(session: &Session<'_>) -> String {
    let mut out = String::with_capacity(
        session.all_lines().map(|l| l.text.len() + 2).sum::<usize>() + session.rest.len(),
    );
    for l in session.all_lines() {
        out.push_str(&l.text);
        out.push_str(l.ending.as_str());
    }
    out.push_str(&session.rest);
    out
}

/// The description in canonical form: lines rebuilt from their typed values (single spaces,
/// fmtp parameters joined by `;`), session lines then each media section in RFC 8866 §5
/// order (`v o s i u e p c b t r z k a`, `m i c b k a`; attributes keep their relative
/// order), every line ending in CRLF. Empty lines are dropped; lines that did not parse are
/// written as they were.
pub fn write_canonical(session: &Session<'_>) -> String {
    let mut out = String::new();
    write_section(&mut out, &session.lines, b"vosiuepcbtrzka");
    for m in &session.media {
        write_section(&mut out, &m.lines, b"micbka");
    }
    if !session.rest.is_empty() {
        out.push_str(&session.rest);
    }
    out
}

fn write_section(out: &mut String, lines: &[Line<'_>], order: &[u8]) {
    let rank = |l: &Line<'_>| {
        l.line_type()
            .and_then(|c| order.iter().position(|&o| o == c as u8))
            .unwrap_or(order.len())
    };
    let mut sorted: Vec<&Line<'_>> = lines
        .iter()
        .filter(|l| !matches!(l.value, Value::Empty))
        .collect();
    sorted.sort_by_key(|l| rank(l)); // stable: keeps the order of attributes and of t/r pairs
    for l in sorted {
        write_line(out, l);
        out.push_str("\r\n");
    }
}

fn write_line(out: &mut String, l: &Line<'_>) {
    let ty = l.line_type().unwrap_or('?');
    let _ = match &l.value {
        Value::Version(v) => write!(out, "v={v}"),
        Value::Origin(o) => write!(out, "o={o}"),
        Value::SessionName(s) => write!(out, "s={s}"),
        Value::Information(s) => write!(out, "i={s}"),
        Value::Uri(s) => write!(out, "u={s}"),
        Value::Email(s) => write!(out, "e={s}"),
        Value::Phone(s) => write!(out, "p={s}"),
        Value::Connection(c) => write!(out, "c={c}"),
        Value::Bandwidth(b) => write!(out, "b={b}"),
        Value::Timing(t) => write!(out, "t={t}"),
        Value::Repeat(v) | Value::Zone(v) => {
            let _ = write!(out, "{ty}=");
            for (i, t) in v.iter().enumerate() {
                let _ = write!(out, "{}{t}", if i > 0 { " " } else { "" });
            }
            Ok(())
        }
        Value::Key(k) => match &k.key {
            Some(key) => write!(out, "k={}:{key}", k.method),
            None => write!(out, "k={}", k.method),
        },
        Value::Attribute(a) => write!(out, "a={a}"),
        Value::Media(m) => write!(out, "m={m}"),
        Value::Empty | Value::Unknown | Value::Invalid(_) => write!(out, "{}", l.text),
    };
}
