//! Findings about an input: [`Diagnostic`], [`Severity`], the registry of rule codes and names
//! ([`registry`]), and plain-text rendering ([`render`]).
//!
//! Parsers report syntax only (family `S`); later passes (lint, offer/answer, capture) add their
//! own families. Codes are stable and never reused.

pub mod policy;
pub mod registry;
pub mod render;

pub use registry::{Rule, RULES};

use crate::span::Span;
use serde::Serialize;
use std::fmt;

/// How serious a finding is. Ordered: `Note < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never a reason to fail.
    Note,
    /// Likely to cause trouble with some peer; fails only under `--strict`.
    Warning,
    /// The input is wrong: a peer will reject it or misread it.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A secondary place that explains a finding ("first defined here").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Which input `span` points into (see [`Diagnostic::input`]).
    pub input: usize,
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// One finding: which rule, how serious, what and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code of the rule, e.g. `S004`.
    pub code: &'static str,
    /// Stable kebab-case name of the rule, e.g. `invalid-attribute-value`.
    pub name: &'static str,
    /// Severity (the rule's default unless changed by the caller).
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Which input [`Diagnostic::span`] points into: the index of the document in the order the
    /// checker took them (0 when it took one; for offer/answer checks 0 is the offer, 1 the
    /// answer, 2 the earlier offer).
    pub input: usize,
    /// Where it is wrong.
    pub span: Span,
    /// Other places that explain the finding.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secondary: Vec<Label>,
    /// How to fix it, when there is something to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The specification that the rule enforces, e.g. `RFC 8866 §5`.
    pub reference: &'static str,
}

impl Diagnostic {
    /// A finding of `rule` at `span`, with the rule's default severity.
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code: rule.code,
            name: rule.name,
            severity: rule.severity,
            message: message.into(),
            input: 0,
            span,
            secondary: Vec::new(),
            help: None,
            reference: rule.reference,
        }
    }

    /// Adds a hint on how to fix it.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Says which input the primary span points into (see [`Diagnostic::input`]).
    pub fn in_input(mut self, input: usize) -> Self {
        self.input = input;
        self
    }

    /// Adds a secondary place in the same input as the primary span.
    pub fn with_label(self, span: Span, message: impl Into<String>) -> Self {
        let input = self.input;
        self.with_label_in(input, span, message)
    }

    /// Adds a secondary place in another input (see [`Diagnostic::input`]).
    pub fn with_label_in(mut self, input: usize, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            input,
            span,
            message: message.into(),
        });
        self
    }
}

/// The most serious severity among `diags`, if any.
pub fn worst(diags: &[Diagnostic]) -> Option<Severity> {
    diags.iter().map(|d| d.severity).max()
}
