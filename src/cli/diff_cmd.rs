//! `rtcinspect diff`: read two inputs, pick a description from each, compare their meaning,
//! render the changes per section (text with +/-/~, or JSON). Exit status like diff(1).

use super::output::{print, read_input, use_color};
use super::{DiffArgs, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use rtcinspect::diff::{self, Change, ChangeKind, DiffOptions, IgnoreField, SectionStatus};
use rtcinspect::input::{self, Description, Selector};
use rtcinspect::sdp;
use serde::Serialize;
use std::path::Path;
use std::str::FromStr;

pub fn run(args: DiffArgs) -> i32 {
    match run_inner(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("rtcinspect diff: {msg}");
            EXIT_USAGE
        }
    }
}

/// The options from `--munge` and `--ignore` (repeatable, comma-separated; `volatile` names
/// the whole set of [`DiffOptions::volatile`]).
fn options(args: &DiffArgs) -> Result<DiffOptions, String> {
    let mut o = if args.munge {
        DiffOptions::munge()
    } else {
        DiffOptions::default()
    };
    for name in args.ignore.iter().flat_map(|s| s.split(',')).map(str::trim) {
        if name.eq_ignore_ascii_case("volatile") {
            o.ignore.extend(DiffOptions::volatile().ignore);
        } else {
            o.ignore
                .insert(IgnoreField::from_str(name).map_err(|e| e.to_string())?);
        }
    }
    Ok(o)
}

/// Reads one side: the file, its descriptions, the selected one.
fn load(
    path: &Path,
    select: Option<&str>,
    flag: &str,
) -> Result<(String, Description<'static>), String> {
    let (bytes, origin) = read_input(path)?;
    let list = input::descriptions(&bytes).map_err(|e| format!("{origin}: {e}"))?;
    let selector = match select {
        Some(s) => Selector::from_str(s).map_err(|e| format!("{flag}: {e}"))?,
        None => Selector::default(),
    };
    let many = list.len() > 1;
    let desc = input::select(list, &selector)
        .map_err(|e| format!("{origin}: {e}"))?
        .into_owned();
    if many && selector.is_empty() {
        eprintln!(
            "rtcinspect diff: {origin} holds several descriptions; comparing {} (see `rtcinspect sdp --list`, {flag})",
            desc.source
        );
    }
    Ok((origin, desc))
}

fn side<'a>(name: &'a str, desc: &'a Description<'static>) -> JsonSide<'a> {
    JsonSide {
        input: name,
        source: desc.source.to_string(),
        sdp_type: desc.sdp_type.as_deref(),
    }
}

/// One side in the JSON document.
#[derive(Serialize)]
struct JsonSide<'a> {
    input: &'a str,
    source: String,
    sdp_type: Option<&'a str>,
}

/// The JSON document of `diff --json` (documented in README.md).
#[derive(Serialize)]
struct JsonOut<'a> {
    a: JsonSide<'a>,
    b: JsonSide<'a>,
    equal: bool,
    same_text: bool,
    counts: Counts,
    #[serde(flatten)]
    diff: &'a diff::SessionDiff,
}

#[derive(Serialize)]
struct Counts {
    added: usize,
    removed: usize,
    changed: usize,
}

fn run_inner(args: &DiffArgs) -> Result<i32, String> {
    let opts = options(args)?;
    let (name_a, da) = load(&args.a, args.select_a.as_deref(), "--select-a")?;
    let (name_b, db) = load(&args.b, args.select_b.as_deref(), "--select-b")?;
    let sa = sdp::parse(&da.sdp);
    let sb = sdp::parse(&db.sdp);
    let d = diff::diff(&sa, &sb, &opts);
    let (added, removed, changed) = d.counts();
    let out = if args.json {
        let doc = JsonOut {
            a: side(&name_a, &da),
            b: side(&name_b, &db),
            equal: d.is_empty(),
            same_text: da.sdp == db.sdp,
            counts: Counts {
                added,
                removed,
                changed,
            },
            diff: &d,
        };
        serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())? + "\n"
    } else {
        let header = |sign: &str, name: &str, desc: &Description<'_>| {
            let ty = desc
                .sdp_type
                .as_deref()
                .map_or(String::new(), |t| format!(": {t}"));
            format!("{sign} {name}{ty} ({})\n", desc.source)
        };
        let mut text = header("---", &name_a, &da) + &header("+++", &name_b, &db);
        text.push_str(&render(&d, use_color(args.color)));
        text.push_str(&if d.is_empty() {
            if da.sdp == db.sdp {
                "no difference (identical text)\n".to_string()
            } else if d.ignored.is_empty() {
                "no semantic difference (the texts differ only in layout: line order, endings, spacing)\n".to_string()
            } else {
                "no difference outside the ignored fields\n".to_string()
            }
        } else {
            format!(
                "{} difference(s): {added} added, {removed} removed, {changed} changed\n",
                added + removed + changed
            )
        });
        if !d.ignored.is_empty() {
            let names: Vec<&str> = d.ignored.iter().map(|f| f.as_str()).collect();
            text.push_str(&format!("ignored: {}\n", names.join(", ")));
        }
        text
    };
    if let Err(code) = print(&out) {
        return Ok(code);
    }
    Ok(if d.is_empty() { EXIT_OK } else { EXIT_FINDINGS })
}

struct Paint(bool);

impl Paint {
    fn sign(&self, kind: ChangeKind, text: &str) -> String {
        let code = match kind {
            ChangeKind::Added => "32",
            ChangeKind::Removed => "31",
            ChangeKind::Changed => "33",
        };
        self.code(code, text)
    }
    fn bold(&self, text: &str) -> String {
        self.code("1", text)
    }
    fn dim(&self, text: &str) -> String {
        self.code("2", text)
    }
    fn code(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// `A:line:col` / `B:line:col` columns of a change, padded to the widest of the output.
fn places(c: &Change) -> (String, String) {
    let at = |side: &str, v: &Option<diff::Val>| {
        v.as_ref()
            .map_or(String::new(), |v| format!("{side}:{}", v.span))
    };
    (at("A", &c.a), at("B", &c.b))
}

/// What a change says, after its sign and places: `item key property: value`.
fn describe(c: &Change) -> String {
    let mut s = c.item.to_string();
    if !c.key.is_empty() {
        s.push(' ');
        s.push_str(&c.key);
    }
    let text = |v: &Option<diff::Val>| v.as_ref().map_or(String::new(), |v| v.text.clone());
    match (&c.property, c.kind) {
        (None, ChangeKind::Changed) => format!("{s}: {} → {}", text(&c.a), text(&c.b)),
        // A whole item: its summary names it already.
        (None, ChangeKind::Added) => format!("{} {}", c.item, text(&c.b)),
        (None, ChangeKind::Removed) => format!("{} {}", c.item, text(&c.a)),
        (Some(p), ChangeKind::Changed) => format!("{s} {p}: {} → {}", text(&c.a), text(&c.b)),
        (Some(p), ChangeKind::Added) => format!("{s} {p}: {}", text(&c.b)),
        (Some(p), ChangeKind::Removed) => format!("{s} {p}: {}", text(&c.a)),
    }
}

fn section_title(r: &diff::SectionRef) -> String {
    let mut s = format!("section {}", r.index);
    if let Some(m) = &r.mid {
        s.push_str(&format!(" mid={m}"));
    }
    if let Some(k) = &r.kind {
        s.push_str(&format!(" {k}"));
    }
    s
}

/// Text rendering: session changes, then each section that differs, one change per line with
/// its places in A and B.
fn render(d: &diff::SessionDiff, color: bool) -> String {
    let p = Paint(color);
    let all: Vec<&Change> = d
        .session
        .iter()
        .chain(d.sections.iter().flat_map(|s| &s.changes))
        .collect();
    let wa = all.iter().map(|c| places(c).0.len()).max().unwrap_or(0);
    let wb = all.iter().map(|c| places(c).1.len()).max().unwrap_or(0);
    let line = |c: &Change| {
        let (a, b) = places(c);
        let sign = c.kind.sign().to_string();
        // Columns only for the sides that appear at all (an output of removals has no B).
        let mut cols = Vec::new();
        if wa > 0 {
            cols.push(format!("{a:<wa$}"));
        }
        if wb > 0 {
            cols.push(format!("{b:<wb$}"));
        }
        format!(
            "  {} {}  {}\n",
            p.sign(c.kind, &sign),
            p.dim(&cols.join(" ")),
            p.sign(c.kind, &describe(c))
        )
    };
    let mut out = String::new();
    if !d.session.is_empty() {
        out.push_str(&p.bold("session"));
        out.push('\n');
        for c in &d.session {
            out.push_str(&line(c));
        }
    }
    for s in &d.sections {
        match (s.status, &s.a, &s.b) {
            (SectionStatus::Unchanged, ..) => {}
            (SectionStatus::Added, _, Some(r)) => {
                let t = format!("+ {} (B:{})", section_title(r), r.span);
                out.push_str(&p.sign(ChangeKind::Added, &p.bold(&t)));
                out.push('\n');
            }
            (SectionStatus::Removed, Some(r), _) => {
                let t = format!("- {} (A:{})", section_title(r), r.span);
                out.push_str(&p.sign(ChangeKind::Removed, &p.bold(&t)));
                out.push('\n');
            }
            (_, Some(ra), Some(rb)) => {
                let mut t = section_title(ra);
                let tb = section_title(rb);
                if tb != t {
                    t = format!("{t} / {tb}");
                }
                out.push_str(&p.bold(&format!("{t} (A:{}, B:{})", ra.span, rb.span)));
                out.push('\n');
                for c in &s.changes {
                    out.push_str(&line(c));
                }
            }
            _ => {}
        }
    }
    out
}
