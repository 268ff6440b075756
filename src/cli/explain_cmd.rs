//! `rtcinspect explain`: a rule's doc from the registry, or the list of every rule.

use super::output::{new_table, print};
use super::{ExplainArgs, EXIT_OK, EXIT_USAGE};
use rtcinspect::diag::{registry, Rule, RULES};
use serde_json::json;

pub fn run(args: ExplainArgs) -> i32 {
    let text = if args.list {
        list(args.json)
    } else {
        let key = args.rule.as_deref().unwrap_or_default();
        let Some(rule) = registry::find(key) else {
            eprintln!("rtcinspect explain: {}", unknown(key));
            return EXIT_USAGE;
        };
        one(rule, args.json)
    };
    print(&text).err().unwrap_or(EXIT_OK)
}

/// The doc, with the default severity (and how to change it) under the heading.
fn one(rule: &Rule, json: bool) -> String {
    if json {
        return json!({
            "code": rule.code,
            "name": rule.name,
            "severity": rule.severity,
            "summary": rule.summary,
            "reference": rule.reference,
            "doc": rule.doc,
        })
        .to_string()
            + "\n";
    }
    let (heading, rest) = rule.doc.split_once('\n').unwrap_or((rule.doc, ""));
    format!(
        "{heading}\nDefault severity: {} (change it with --deny/--warn/--allow {}).\n{rest}",
        rule.severity, rule.name
    )
}

fn list(json: bool) -> String {
    if json {
        let rows: Vec<_> = RULES
            .iter()
            .map(|r| {
                json!({
                    "code": r.code,
                    "name": r.name,
                    "severity": r.severity,
                    "summary": r.summary,
                    "reference": r.reference,
                })
            })
            .collect();
        return serde_json::Value::Array(rows).to_string() + "\n";
    }
    let mut t = new_table();
    t.set_header(["code", "name", "severity", "summary"]);
    for r in RULES.iter() {
        t.add_row([r.code, r.name, &r.severity.to_string(), r.summary]);
    }
    format!(
        "{t}\n{} rules; `rtcinspect explain CODE` for one.\n",
        RULES.len()
    )
}

/// The error for a key no rule has, with the rules whose name contains it as hints.
fn unknown(key: &str) -> String {
    let k = key.to_ascii_lowercase();
    let close: Vec<String> = RULES
        .iter()
        .filter(|r| !k.is_empty() && (r.name.contains(&k) || r.summary.to_lowercase().contains(&k)))
        .take(5)
        .map(|r| format!("{} {}", r.code, r.name))
        .collect();
    let mut msg = format!("no rule has the code or name `{key}`");
    if !close.is_empty() {
        msg.push_str(&format!("; did you mean: {}?", close.join(", ")));
    }
    msg.push_str(" (see `rtcinspect explain --list`)");
    msg
}
