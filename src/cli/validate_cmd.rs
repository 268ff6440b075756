//! `rtcinspect validate`: read one description (or an offer, its answer and an earlier offer),
//! parse, lint, apply the user's severity policy, and render every finding.
//!
//! Findings of one description: the parser's (syntax, family S) and `lint::check_as`'s (with
//! the type the input says, if any). With `--answer`: the parser's of each side plus
//! `lint::check_exchange`'s (each side, then the pair), then the negotiation summary.
//! Inputs are numbered as `Diagnostic::input` says: 0 the offer (or the only description),
//! 1 the answer, 2 the earlier offer.

use super::output::{print, read_input, use_color};
use super::{negotiation_view, ValidateArgs, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use rtcinspect::diag::policy::{Level, Policy};
use rtcinspect::diag::render::{render, SourceText};
use rtcinspect::diag::{Diagnostic, Severity};
use rtcinspect::input::{self, InputError, InputKind, Selector};
use rtcinspect::lint::{self, Negotiation, SdpType};
use rtcinspect::sdp::{self, ParseOptions, Session};
use rtcinspect::span::Span;
use serde::Serialize;
use std::path::Path;
use std::str::FromStr;

pub fn run(args: ValidateArgs) -> i32 {
    match run_inner(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("rtcinspect validate: {msg}");
            EXIT_USAGE
        }
    }
}

/// One description read from an input.
struct Doc {
    /// The path as given, or `<stdin>`.
    origin: String,
    kind: InputKind,
    /// Where in the input the description came from (`whole input`, a dump entry, ...).
    source: String,
    sdp_type: Option<String>,
    /// The SDP text (lossy when the input is not UTF-8: for rendering only).
    text: String,
    /// Raw SDP that is not UTF-8: parsed with `sdp::parse_bytes` so that the fault is a
    /// finding (S001 not-utf8) and the valid part is still checked.
    not_utf8: Option<Vec<u8>>,
}

impl Doc {
    fn parse(&self) -> Session<'_> {
        match &self.not_utf8 {
            Some(bytes) => sdp::parse_bytes(bytes, &ParseOptions::default()),
            None => sdp::parse(&self.text),
        }
    }

    fn source_text(&self) -> SourceText<'_> {
        SourceText {
            origin: &self.origin,
            text: &self.text,
        }
    }
}

/// Reads the description to check from `path`: the one `select` names; else, in an input
/// holding several, one of type `role` (an offer for the input, an answer for --answer) when
/// it has one, so that a webrtc-internals dump can be given as both; else the default pick.
fn load(path: &Path, select: Option<&str>, role: Option<&str>) -> Result<Doc, String> {
    let (bytes, origin) = read_input(path)?;
    let kind = input::sniff(&bytes);
    let list = match input::descriptions(&bytes) {
        Ok(list) => list,
        Err(InputError::NotUtf8 { .. }) if kind == InputKind::Sdp => {
            let body = bytes
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(&bytes)
                .to_vec();
            return Ok(Doc {
                text: String::from_utf8_lossy(&body).into_owned(),
                not_utf8: Some(body),
                origin,
                kind,
                source: input::Source::Text.to_string(),
                sdp_type: None,
            });
        }
        Err(e) => return Err(format!("{origin}: {e}")),
    };
    let typed = |t: &str| {
        list.iter().any(|d| {
            d.sdp_type
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(t))
        })
    };
    let selector = match (select, role) {
        (Some(s), _) => Selector::from_str(s).map_err(|e| e.to_string())?,
        (None, Some(t)) if list.len() > 1 && typed(t) => Selector {
            sdp_type: Some(t.to_string()),
            ..Selector::default()
        },
        (None, _) => Selector::default(),
    };
    let many = list.len() > 1;
    let desc = input::select(list, &selector).map_err(|e| format!("{origin}: {e}"))?;
    if many && selector.is_empty() {
        eprintln!(
            "rtcinspect validate: {origin} holds several descriptions; checking {} (see \
             `rtcinspect sdp --list`, --select)",
            desc.source
        );
    }
    Ok(Doc {
        origin,
        kind,
        source: desc.source.to_string(),
        sdp_type: desc.sdp_type.clone(),
        text: desc.sdp.into_owned(),
        not_utf8: None,
    })
}

/// The policy from the command line; an unknown rule name is a usage error.
fn policy(args: &ValidateArgs) -> Result<Policy, String> {
    let mut p = Policy::default();
    p.strict = args.strict;
    // Precedence when a rule is named twice: deny over warn over allow (applied last wins).
    for (names, level) in [
        (&args.allow, Level::Allow),
        (&args.warn, Level::Warn),
        (&args.deny, Level::Deny),
    ] {
        for n in names {
            p.set(n, level).map_err(|e| e.to_string())?;
        }
    }
    Ok(p)
}

/// Points a single-description finding (and its labels) at input `i`.
fn in_input(mut d: Diagnostic, i: usize) -> Diagnostic {
    d.input = i;
    for l in &mut d.secondary {
        l.input = i;
    }
    d
}

fn run_inner(args: &ValidateArgs) -> Result<i32, String> {
    // Arguments first, then work.
    let policy = policy(args)?;
    let pair = args.answer.is_some();
    let mut docs = vec![load(
        &args.input,
        args.select.as_deref(),
        pair.then_some("offer"),
    )?];
    if let Some(a) = &args.answer {
        docs.push(load(a, None, Some("answer"))?);
    }
    if let Some(p) = &args.previous {
        docs.push(load(p, None, Some("offer"))?);
    }
    let sessions: Vec<Session<'_>> = docs.iter().map(Doc::parse).collect();

    // The type the input says (JSON, webrtc-internals): offer-only rules (J107) need it.
    let types: Vec<Option<SdpType>> = docs
        .iter()
        .map(|d| d.sdp_type.as_deref().and_then(SdpType::from_name))
        .collect();
    let mut findings = Vec::new();
    for (i, s) in sessions.iter().enumerate() {
        findings.extend(s.diagnostics.iter().cloned().map(|d| in_input(d, i)));
    }
    let negotiation = match sessions.as_slice() {
        [offer, answer, rest @ ..] => {
            findings.extend(lint::check_exchange(
                (offer, types[0]),
                (answer, types[1]),
                rest.first().map(|p| (p, types[2])),
            ));
            Some(lint::negotiate(offer, answer))
        }
        [one] => {
            findings.extend(lint::check_as(one, types[0]));
            None
        }
        [] => None,
    };
    let mut findings = policy.apply(findings);
    findings.sort_by_key(|d| (d.input, d.span.start, d.span.end));
    let counts = Counts::of(&findings);
    let status = if counts.error > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };

    let roles: &[&str] = if docs.len() == 1 {
        &["description"]
    } else {
        &["offer", "answer", "previous"]
    };
    let out = if args.json {
        let report = JsonReport {
            inputs: docs
                .iter()
                .zip(roles)
                .map(|(d, role)| JsonInput {
                    origin: &d.origin,
                    kind: d.kind.to_string(),
                    source: &d.source,
                    role,
                    sdp_type: d.sdp_type.as_deref(),
                })
                .collect(),
            findings: findings.iter().map(JsonFinding::of).collect(),
            negotiation: negotiation.as_ref(),
            counts,
        };
        serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n"
    } else {
        let color = use_color(args.color);
        let sources: Vec<SourceText<'_>> = docs.iter().map(Doc::source_text).collect();
        let mut out = String::new();
        for (d, role) in docs.iter().zip(roles) {
            if d.source != input::Source::Text.to_string() {
                let ty = d.sdp_type.as_deref().unwrap_or("description");
                let who = match *role {
                    "description" => d.origin.clone(),
                    _ => format!("{} ({role})", d.origin),
                };
                out.push_str(&format!(
                    "{who}: the {ty} from {} ({}); line numbers count from its first SDP line\n",
                    d.source, d.kind
                ));
            }
        }
        for (n, d) in findings.iter().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            out.push_str(&render(d, &sources, color));
        }
        if let Some(n) = &negotiation {
            let view = negotiation_view::render(n, color);
            if !view.is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&view);
            }
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let names: Vec<&str> = docs.iter().map(|d| d.origin.as_str()).collect();
        out.push_str(&format!("{}: {}\n", names.join(" + "), counts.tally()));
        out
    };
    Ok(print(&out).err().unwrap_or(status))
}

/// Findings per severity (after the policy).
#[derive(Clone, Copy, Debug, Default, Serialize)]
struct Counts {
    error: usize,
    warning: usize,
    note: usize,
}

impl Counts {
    fn of(findings: &[Diagnostic]) -> Counts {
        let mut c = Counts::default();
        for d in findings {
            match d.severity {
                Severity::Error => c.error += 1,
                Severity::Warning => c.warning += 1,
                Severity::Note => c.note += 1,
            }
        }
        c
    }

    /// `1 error, 2 warnings, 0 notes`.
    fn tally(&self) -> String {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {}, {}",
            plural(self.error, "error"),
            plural(self.warning, "warning"),
            plural(self.note, "note")
        )
    }
}

/// The `validate --json` document (README.md, "validate --json").
#[derive(Serialize)]
struct JsonReport<'a> {
    inputs: Vec<JsonInput<'a>>,
    findings: Vec<JsonFinding<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    negotiation: Option<&'a Negotiation>,
    counts: Counts,
}

#[derive(Serialize)]
struct JsonInput<'a> {
    origin: &'a str,
    kind: String,
    source: &'a str,
    role: &'a str,
    sdp_type: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    message: &'a str,
    input: usize,
    line: u32,
    column: u32,
    start: u32,
    end: u32,
    secondary: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    reference: &'static str,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    input: usize,
    line: u32,
    column: u32,
    start: u32,
    end: u32,
    message: &'a str,
}

impl<'a> JsonFinding<'a> {
    fn of(d: &'a Diagnostic) -> Self {
        let Span {
            start,
            end,
            line,
            column,
        } = d.span;
        JsonFinding {
            code: d.code,
            name: d.name,
            severity: d.severity,
            message: &d.message,
            input: d.input,
            line,
            column,
            start,
            end,
            secondary: d
                .secondary
                .iter()
                .map(|l| JsonLabel {
                    input: l.input,
                    line: l.span.line,
                    column: l.span.column,
                    start: l.span.start,
                    end: l.span.end,
                    message: &l.message,
                })
                .collect(),
            help: d.help.as_deref(),
            reference: d.reference,
        }
    }
}
