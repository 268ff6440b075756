//! Hex text to bytes: what users paste when they copy a packet. Accepts
//! - a hex stream (Wireshark "Copy as Hex Stream"), with or without spaces, colons, commas or
//!   `0x` prefixes — one message per line;
//! - offset-prefixed dumps: Wireshark "Copy as Hex Dump" (`0000   00 01 …   ascii`),
//!   `hexdump -C` (`00000000  00 01 … |ascii|`), `xxd` (`00000000: 0001 0058 …  ascii`),
//!   `od -A x -t x1z`. A dump is one message; an offset back at 0 or a blank line starts the
//!   next one.
//!
//! The ASCII column of a dump is told apart from the bytes by the offsets: a line holds exactly
//! the bytes up to the next line's offset, and the last line no more than the first.

use std::fmt;

/// Why hex text could not be read: where (1-based line and column of the text) and what was
/// expected there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HexError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (bytes).
    pub column: usize,
    /// What was expected there.
    pub expected: &'static str,
}

impl fmt::Display for HexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: expected {}",
            self.line, self.column, self.expected
        )
    }
}

impl std::error::Error for HexError {}

/// Decodes hex text into the messages it holds (see the module docs for the forms).
///
/// Returns the messages in order, each with the 1-based line where it starts.
///
/// # Errors
/// [`HexError`] at the first character that is neither hex nor a separator in a hex-stream
/// line, or at an odd number of hex digits (pointing at the last digit).
pub fn decode(text: &str) -> Result<Vec<(usize, Vec<u8>)>, HexError> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .collect();
    if is_dump(&lines) {
        return Ok(decode_dump(&lines));
    }
    let mut out = Vec::new();
    for (n, line) in lines {
        let bytes = decode_stream_line(line).map_err(|(column, expected)| HexError {
            line: n,
            column,
            expected,
        })?;
        if !bytes.is_empty() {
            out.push((n, bytes));
        }
    }
    Ok(out)
}

/// Whether every non-blank line is a dump line, the first at offset 0 and each next one
/// further on (or back at 0, starting another message). A hex stream such as `0001 0058 …`
/// fails the first test: its "offset" would be 1.
fn is_dump(lines: &[(usize, &str)]) -> bool {
    let mut last: Option<usize> = None;
    for (_, l) in lines.iter().filter(|(_, l)| !l.trim().is_empty()) {
        let Some((offset, _)) = dump_line(l) else {
            return false;
        };
        match last {
            None if offset != 0 => return false,
            Some(prev) if offset != 0 && offset <= prev => return false,
            _ => {}
        }
        last = Some(offset);
    }
    last.is_some()
}

/// One hex-stream line: separators are whitespace, `:`, `,`, `-`, and `0x`/`\x` prefixes.
fn decode_stream_line(line: &str) -> Result<Vec<u8>, (usize, &'static str)> {
    let b = line.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 2);
    let mut i = 0;
    let mut high: Option<(u8, usize)> = None;
    while i < b.len() {
        let c = b[i];
        if (c == b'0' && matches!(b.get(i + 1), Some(b'x' | b'X')) && high.is_none())
            || (c == b'\\' && matches!(b.get(i + 1), Some(b'x')))
        {
            i += 2;
            continue;
        }
        match hex_value(c) {
            Some(v) => match high.take() {
                Some((h, _)) => out.push(h << 4 | v),
                None => high = Some((v, i)),
            },
            None if c.is_ascii_whitespace() || matches!(c, b':' | b',' | b'-') => {
                if let Some((_, at)) = high {
                    return Err((at + 1, "two hex digits per byte"));
                }
            }
            None => return Err((i + 1, "hex digits (0-9, a-f)")),
        }
        i += 1;
    }
    if let Some((_, at)) = high {
        return Err((at + 1, "two hex digits per byte"));
    }
    Ok(out)
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// A dump line: its offset and the bytes that look like hex after it (possibly including an
/// ASCII column that happens to look like hex, which the caller trims using the offsets).
fn dump_line(line: &str) -> Option<(usize, Vec<u8>)> {
    let line = line.trim_start();
    let end = line.find(|c: char| !c.is_ascii_hexdigit())?;
    if !(4..=8).contains(&end) {
        return None;
    }
    let offset = usize::from_str_radix(&line[..end], 16).ok()?;
    let rest = line[end..].strip_prefix(':').unwrap_or(&line[end..]);
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let mut bytes = Vec::new();
    for tok in rest.split_ascii_whitespace() {
        if tok.len() % 2 != 0 || tok.len() > 8 || !tok.bytes().all(|c| c.is_ascii_hexdigit()) {
            break;
        }
        for pair in tok.as_bytes().chunks(2) {
            bytes.push(hex_value(pair[0])? << 4 | hex_value(pair[1])?);
        }
    }
    Some((offset, bytes))
}

/// A dump line's offset and bytes, if it is one.
type DumpLine = Option<(usize, Vec<u8>)>;

fn decode_dump(lines: &[(usize, &str)]) -> Vec<(usize, Vec<u8>)> {
    let parsed: Vec<(usize, DumpLine)> = lines.iter().map(|(n, l)| (*n, dump_line(l))).collect();
    let mut out: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut width = None;
    for (k, (n, entry)) in parsed.iter().enumerate() {
        let Some((offset, bytes)) = entry else {
            continue;
        };
        let next = parsed[k + 1..].iter().find_map(|(_, e)| e.as_ref());
        let mut take = bytes.len();
        match next {
            Some((next_offset, _)) if *next_offset > *offset => {
                take = take.min(next_offset - offset)
            }
            _ => {
                if let Some(w) = width {
                    take = take.min(w);
                }
            }
        }
        width.get_or_insert(take);
        let starts_new = *offset == 0
            || out.is_empty()
            || parsed
                .get(k.wrapping_sub(1))
                .is_some_and(|(_, e)| e.is_none());
        if starts_new {
            out.push((*n, Vec::new()));
        }
        if let Some((_, msg)) = out.last_mut() {
            msg.extend_from_slice(&bytes[..take]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 5769 §2.2 (the IPv4 success response), 80 bytes.
    const STREAM: &str = "0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000080001a147e112a643000800142b91f599fd9e90c38c7489f92af9ba53f06be7d780280004c07d4c96";

    fn bytes() -> Vec<u8> {
        decode_stream_line(STREAM).unwrap()
    }

    #[test]
    fn streams_with_any_separators() {
        assert_eq!(bytes().len(), 80);
        let spaced: String = STREAM
            .as_bytes()
            .chunks(2)
            .map(|c| format!("0x{} ", std::str::from_utf8(c).unwrap()))
            .collect();
        let colons: String = STREAM
            .as_bytes()
            .chunks(2)
            .map(|c| std::str::from_utf8(c).unwrap().to_uppercase())
            .collect::<Vec<_>>()
            .join(":");
        for text in [STREAM.to_string(), spaced, colons] {
            let got = decode(&text).unwrap();
            assert_eq!(got, vec![(1, bytes())], "{text}");
        }
        let two = format!("{STREAM}\n\n{STREAM}\r\n");
        assert_eq!(
            decode(&two)
                .unwrap()
                .iter()
                .map(|(l, _)| *l)
                .collect::<Vec<_>>(),
            [1, 3]
        );
    }

    /// The same bytes as the dump tools print them (formats of Wireshark, hexdump -C, xxd).
    fn dump(style: &str) -> String {
        let b = bytes();
        let mut out = String::new();
        for (i, chunk) in b.chunks(16).enumerate() {
            let ascii: String = chunk
                .iter()
                .map(|&c| if c.is_ascii_graphic() { c as char } else { '.' })
                .collect();
            let hex: Vec<String> = chunk.iter().map(|c| format!("{c:02x}")).collect();
            match style {
                "wireshark" => out += &format!("{:04x}   {}   {}\n", i * 16, hex.join(" "), ascii),
                "hexdump" => out += &format!("{:08x}  {}  |{}|\n", i * 16, hex.join(" "), ascii),
                _ => {
                    let words: Vec<String> = hex.chunks(2).map(|w| w.concat()).collect();
                    out += &format!("{:08x}: {}  {}\n", i * 16, words.join(" "), ascii);
                }
            }
        }
        out
    }

    #[test]
    fn dumps_of_every_style_decode_to_the_same_bytes() {
        for style in ["wireshark", "hexdump", "xxd"] {
            let text = dump(style);
            assert_eq!(
                decode(&text).unwrap(),
                vec![(1, bytes())],
                "{style}:\n{text}"
            );
        }
        // Two dumps one after the other: the offset back at 0 starts the second message.
        let two = format!("{}{}", dump("wireshark"), dump("wireshark"));
        assert_eq!(decode(&two).unwrap().len(), 2);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = decode("0001 0058\n0001 zz").unwrap_err();
        assert_eq!(
            (e.line, e.column, e.expected),
            (2, 6, "hex digits (0-9, a-f)")
        );
        let e = decode("0001 005").unwrap_err();
        assert_eq!(
            (e.line, e.column, e.expected),
            (1, 8, "two hex digits per byte")
        );
    }
}
