//! `rtcinspect sdp`: read an input, pick the description, parse it, render it.

use super::output::{print, read_input, use_color};
use super::sdp_view::{lines_table, media_table, session_summary};
use super::{SdpArgs, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use rtcinspect::diag::render::{render, SourceText};
use rtcinspect::diag::Severity;
use rtcinspect::input::{self, Selector};
use rtcinspect::sdp::{self, ParseOptions};
use serde::Serialize;
use std::str::FromStr;

pub fn run(args: SdpArgs) -> i32 {
    match run_inner(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("rtcinspect sdp: {msg}");
            EXIT_USAGE
        }
    }
}

/// The JSON document of `sdp --json`.
#[derive(Serialize)]
struct JsonOut<'a> {
    input: &'a str,
    kind: String,
    sdp_type: Option<&'a str>,
    source: String,
    session: &'a sdp::Session<'a>,
}

fn run_inner(args: &SdpArgs) -> Result<i32, String> {
    let (bytes, origin) = read_input(&args.input)?;
    let kind = input::sniff(&bytes);
    let list = input::descriptions(&bytes).map_err(|e| e.to_string())?;
    if args.list {
        let text: String = input::listing(&list)
            .into_iter()
            .map(|l| l + "\n")
            .collect();
        return Ok(print(&text).map_or_else(|c| c, |_| EXIT_OK));
    }
    let selector = match &args.select {
        Some(s) => Selector::from_str(s).map_err(|e| e.to_string())?,
        None => Selector::default(),
    };
    let many = list.len() > 1;
    let desc = input::select(list, &selector).map_err(|e| e.to_string())?;
    if many && selector.is_empty() && !args.emit && !args.json {
        eprintln!(
            "rtcinspect sdp: {origin} holds several descriptions; showing {} (see --list, --select)",
            desc.source
        );
    }
    let options = ParseOptions {
        strict: args.strict,
        ..Default::default()
    };
    let text: &str = &desc.sdp;
    let session = sdp::parse_with(text, &options);
    let color = use_color(args.color);

    let mut out = String::new();
    if args.emit {
        out = if args.canonical {
            sdp::write_canonical(&session)
        } else {
            sdp::write(&session)
        };
    } else if args.json {
        let doc = JsonOut {
            input: &origin,
            kind: kind.to_string(),
            sdp_type: desc.sdp_type.as_deref(),
            source: desc.source.to_string(),
            session: &session,
        };
        out = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())? + "\n";
    } else if args.lines {
        out.push_str(&lines_table(&session));
        out.push('\n');
    } else {
        let ty = desc
            .sdp_type
            .as_deref()
            .map_or(String::new(), |t| format!(" {t}"));
        out.push_str(&format!("{origin}:{ty} ({kind}, {})\n", desc.source));
        out.push_str(&session_summary(&session));
        out.push('\n');
        out.push_str(&media_table(&session));
        out.push('\n');
    }
    // Findings go with the human views on stdout; with --emit/--json they go to stderr so the
    // output stays machine-readable (JSON carries them in `session.diagnostics` too).
    let mut findings = String::new();
    for d in &session.diagnostics {
        findings.push_str(&render(
            d,
            &[SourceText {
                origin: &origin,
                text,
            }],
            color && !args.emit && !args.json,
        ));
    }
    if !session.diagnostics.is_empty() {
        let (e, w) = count(&session.diagnostics);
        findings.push_str(&format!("{e} error(s), {w} warning(s)\n"));
    }
    if args.emit || args.json {
        eprint!("{findings}");
    } else {
        out.push_str(&findings);
    }
    if let Err(code) = print(&out) {
        return Ok(code);
    }
    let failed = session
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    Ok(if failed { EXIT_FINDINGS } else { EXIT_OK })
}

fn count(d: &[rtcinspect::diag::Diagnostic]) -> (usize, usize) {
    (
        d.iter().filter(|x| x.severity == Severity::Error).count(),
        d.iter().filter(|x| x.severity == Severity::Warning).count(),
    )
}
