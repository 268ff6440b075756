//! Bench inputs shared by the benches: the real SDP fixtures, and the ~10 KB browser-style
//! offer (the largest real Chromium offer if it is at least 8 KB, otherwise one assembled from
//! the real Chromium offers; see [`browser_offer`]).

#![allow(dead_code)] // each bench uses part of it

use std::path::{Path, PathBuf};

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("real")
}

/// Every `*.sdp` below `dir`, sorted by path.
pub fn find_sdp_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            find_sdp_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "sdp") {
            out.push(path);
        }
    }
}

/// Real fixtures as (path relative to fixtures/real, text). Non-UTF-8 files are skipped.
pub fn real_fixtures() -> Vec<(String, String)> {
    let root = fixtures_dir();
    let mut files = Vec::new();
    find_sdp_files(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let rel = path.strip_prefix(&root).unwrap_or(&path);
            Some((rel.to_string_lossy().replace('\\', "/"), text))
        })
        .collect()
}

/// Is this fixture an offer made by Chromium (the directory names the offerer first)?
pub fn is_chromium_offer(rel: &str) -> bool {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let offerer = dir.rsplit('/').next().unwrap_or("");
    (offerer.starts_with("chromium") || offerer.starts_with("chrome")) && file.starts_with("offer")
}

/// Splits an SDP into its session part and its media sections (each from its `m=` line up to
/// the next one), all with their line endings.
pub fn split_sections(text: &str) -> (&str, Vec<&str>) {
    let mut starts = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("m=") {
            starts.push(at);
        }
        at += line.len();
    }
    let Some(&first) = starts.first() else {
        return (text, Vec::new());
    };
    let mut sections = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        sections.push(&text[start..end]);
    }
    (&text[..first], sections)
}

/// The line ending a text uses (CRLF unless it has none).
pub fn line_ending(text: &str) -> &'static str {
    if text.contains("\r\n") || !text.contains('\n') {
        "\r\n"
    } else {
        "\n"
    }
}

/// A media section with its `a=mid:` value replaced by `mid`.
pub fn with_mid(section: &str, mid: usize) -> String {
    let mut out = String::with_capacity(section.len() + 8);
    let mut has_mid = false;
    for line in section.split_inclusive('\n') {
        if line.starts_with("a=mid:") {
            has_mid = true;
            let ending = &line[line.trim_end_matches(['\r', '\n']).len()..];
            out.push_str(&format!("a=mid:{mid}{ending}"));
        } else {
            out.push_str(line);
        }
    }
    if !has_mid {
        out.push_str(&format!("a=mid:{mid}{}", line_ending(section)));
    }
    out
}

/// The ~10 KB browser-style offer and how it was obtained.
pub fn browser_offer(fixtures: &[(String, String)]) -> Option<(String, String)> {
    const TARGET: usize = 10 * 1024;
    let mut offers: Vec<&(String, String)> = fixtures
        .iter()
        .filter(|(rel, _)| is_chromium_offer(rel))
        .collect();
    offers.sort_by_key(|(rel, text)| (std::cmp::Reverse(text.len()), rel.clone()));
    let (largest_name, largest) = offers.first()?;
    if largest.len() >= 8 * 1024 {
        return Some((
            largest.clone(),
            format!("real Chromium offer {largest_name}"),
        ));
    }

    // Assemble: session part of the largest Chromium offer, then the audio/video sections of
    // every Chromium offer (largest first, repeated if need be) until ~10 KB, then one data
    // channel section.
    let (session, _) = split_sections(largest);
    let mut av = Vec::new();
    let mut data = None;
    for (_, text) in &offers {
        for section in split_sections(text).1 {
            if section.starts_with("m=application") {
                data.get_or_insert(section);
            } else {
                av.push(section);
            }
        }
    }
    if av.is_empty() {
        return None;
    }
    let data_len = data.map_or(0, str::len);
    let mut sections = Vec::new();
    let mut len = session.len() + data_len;
    // Take sections in turn, skipping any that would overshoot by more than 512 bytes, until
    // within 1 KB of the target.
    for section in av.iter().cycle().take(8 * av.len()) {
        if len + 1024 >= TARGET {
            break;
        }
        if len + section.len() > TARGET + 512 {
            continue;
        }
        len += section.len();
        sections.push(with_mid(section, sections.len()));
    }
    if let Some(d) = data {
        sections.push(with_mid(d, sections.len()));
    }

    let mids: Vec<String> = (0..sections.len()).map(|m| m.to_string()).collect();
    let mut out = String::with_capacity(len + 64);
    for line in session.split_inclusive('\n') {
        if line.starts_with("a=group:BUNDLE") {
            let ending = &line[line.trim_end_matches(['\r', '\n']).len()..];
            out.push_str(&format!("a=group:BUNDLE {}{ending}", mids.join(" ")));
        } else {
            out.push_str(line);
        }
    }
    for s in &sections {
        out.push_str(s);
    }
    let how = format!(
        "assembled at bench time: session of {largest_name} + {} media sections of {} real \
         Chromium offer(s) (largest real Chromium offer is {} B < 8 KB)",
        sections.len(),
        offers.len(),
        largest.len()
    );
    Some((out, how))
}
