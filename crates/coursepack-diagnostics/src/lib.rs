//! Diagnostics shared by every coursepack crate.
//!
//! A [`Diagnostic`] is one problem: a [`Severity`], a stable code (for example
//! `a11y/missing-alt`), a message, an optional hint, an optional [`Location`]
//! (file, 1-based line and column, byte span), hints that point at places of
//! their own ([`Hint`], typst's model: `module/duplicate-id` points at both
//! modules' ids) and, for validator findings, the rule's source. Problems are collected, never thrown, so a run reports all of
//! them at once. [`render_human`] prints rustc-style snippets and [`render_json`]
//! a stable JSON document for tools and CI.

mod location;
mod render;
mod suggest;

pub use location::{Location, SourceFile};
pub use render::{ColorChoice, JsonReport, JsonReportSchema, render_human, render_json};
pub use suggest::did_you_mean;

use serde::Serialize;
use std::fmt;

/// How serious a problem is. Errors fail a run; warnings fail it only under
/// `--deny-warnings`; infos never do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational note; never fails a run.
    Info,
    /// A problem worth fixing; fails only under `--deny-warnings`.
    Warning,
    /// The input is wrong; the run fails and writes nothing.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One located problem with a stable code, a message and an optional hint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Stable identifier, `area/what` in kebab case, documented in `docs/diagnostics.md`.
    pub code: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, when we can say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Where it is; `None` for problems that belong to no file (for example a missing folder).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The rule's source (spec section, conformance-suite check); used by the validator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Hints with places of their own: the other places the problem involves
    /// (the first module with the same id, the key a later one repeats).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<Hint>,
}

/// A hint that points at a place of its own: another file, line or key that
/// the problem involves, with what to look at there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Hint {
    /// What is at that place, in a few words ("the first module with this id").
    pub message: String,
    /// The place.
    pub location: Location,
}

impl Diagnostic {
    /// A new diagnostic with no location, hint or rule.
    pub fn new(severity: Severity, code: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code: code.into(),
            message: message.into(),
            hint: None,
            location: None,
            rule: None,
            hints: Vec::new(),
        }
    }

    /// Shorthand for an [`Severity::Error`].
    pub fn error(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// Shorthand for a [`Severity::Warning`].
    pub fn warning(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// Shorthand for a [`Severity::Info`].
    pub fn info(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message)
    }

    /// Attach a hint saying how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Add a hint that points at a place of its own (see [`Hint`]).
    pub fn with_hint_at(mut self, location: Location, message: impl Into<String>) -> Self {
        self.hints.push(Hint { message: message.into(), location });
        self
    }

    /// Add a hint that points at a byte span of `file` (see [`Hint`]).
    pub fn with_hint_at_span(
        self,
        file: &SourceFile,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let location = file.location(span);
        self.with_hint_at(location, message)
    }

    /// Attach a location.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Attach the location of a byte span inside `file`.
    pub fn at_span(self, file: &SourceFile, span: std::ops::Range<usize>) -> Self {
        self.at(file.location(span))
    }

    /// Attach the rule's source (spec section or conformance check id).
    pub fn with_rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into());
        self
    }
}

/// An ordered collection of diagnostics from one run, with counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Add every diagnostic from another collection.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// True when at least one error was reported.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Iterate in report order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Sort by file, line, column, then code, so output is stable whatever
    /// order the checks ran in.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key =
                |d: &Diagnostic| d.location.as_ref().map(|l| (l.file.clone(), l.line, l.column)).unwrap_or_default();
            key(a).cmp(&key(b)).then_with(|| a.code.cmp(&b.code))
        });
    }

    /// The diagnostics as a slice.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Diagnostics { items: iter.into_iter().collect() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sorting() {
        let file = SourceFile::new("b.md", "one\ntwo\n");
        let mut all = Diagnostics::new();
        all.push(Diagnostic::warning("x/late", "late").at_span(&file, 4..7));
        all.push(Diagnostic::error("x/early", "early").at_span(&file, 0..3));
        all.sort();
        assert_eq!(all.iter().next().unwrap().code, "x/early");
        assert_eq!(all.error_count(), 1);
        assert_eq!(all.warning_count(), 1);
        assert!(all.has_errors());
    }
}
