//! Severity policy: the user's `--deny`, `--warn`, `--allow` and `--strict` applied to findings.

use super::{registry, Diagnostic, Rule, Severity};
use std::collections::HashMap;
use std::fmt;

/// What the user asked for one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Report it as an error (`--deny`).
    Deny,
    /// Report it as a warning (`--warn`).
    Warn,
    /// Do not report it (`--allow`).
    Allow,
}

/// Per-rule severity changes plus `--strict` (warnings become errors).
///
/// Later settings for the same rule win, as on a compiler's command line.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    levels: HashMap<&'static str, Level>,
    /// Report every warning as an error.
    pub strict: bool,
}

/// A rule name or code that the registry does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRule(pub String);

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown rule `{}` (see `rtcinspect explain --list` for codes and names)",
            self.0
        )
    }
}

impl std::error::Error for UnknownRule {}

impl Policy {
    /// Sets the level of the rule named or coded `key` (`duplicate-mid`, `M003`).
    ///
    /// # Errors
    /// [`UnknownRule`] when no rule has that code or name.
    pub fn set(&mut self, key: &str, level: Level) -> Result<&'static Rule, UnknownRule> {
        let rule = registry::find(key).ok_or_else(|| UnknownRule(key.to_string()))?;
        self.levels.insert(rule.code, level);
        Ok(rule)
    }

    /// The severity a finding of `d`'s rule gets, or `None` when it is allowed (dropped).
    pub fn severity_of(&self, d: &Diagnostic) -> Option<Severity> {
        let base = match self.levels.get(d.code) {
            Some(Level::Allow) => return None,
            Some(Level::Deny) => Severity::Error,
            Some(Level::Warn) => Severity::Warning,
            None => d.severity,
        };
        Some(if self.strict && base == Severity::Warning {
            Severity::Error
        } else {
            base
        })
    }

    /// Applies the policy: drops allowed findings and rewrites severities.
    pub fn apply(&self, findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
        findings
            .into_iter()
            .filter_map(|mut d| {
                d.severity = self.severity_of(&d)?;
                Some(d)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn finding(rule: &'static Rule) -> Diagnostic {
        Diagnostic::new(rule, Span::default(), "x")
    }

    #[test]
    fn deny_warn_allow_and_strict() {
        let mut p = Policy::default();
        p.set("empty-line", Level::Deny).unwrap();
        p.set("S011", Level::Allow).unwrap();
        p.set("not-utf8", Level::Warn).unwrap();
        let out = p.apply(vec![
            finding(&registry::EMPTY_LINE),
            finding(&registry::WHITESPACE),
            finding(&registry::NOT_UTF8),
            finding(&registry::MISSING_LINE),
        ]);
        let got: Vec<_> = out.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            got,
            [
                ("S006", Severity::Error),
                ("S001", Severity::Warning),
                ("S008", Severity::Warning)
            ]
        );
        p.strict = true;
        let out = p.apply(vec![
            finding(&registry::MISSING_LINE),
            finding(&registry::FQDN_ADDRESS),
        ]);
        assert_eq!(out[0].severity, Severity::Error);
        assert_eq!(
            out[1].severity,
            Severity::Note,
            "strict raises warnings only"
        );
        assert!(p.set("no-such-rule", Level::Deny).is_err());
    }
}
