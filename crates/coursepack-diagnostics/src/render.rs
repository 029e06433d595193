//! Rendering diagnostics for people (rustc-style snippets) and for tools (JSON).

use crate::{Diagnostic, Severity, SourceFile};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config, Styles, StylesWriter, termcolor};
use serde::Serialize;

/// Whether human output uses ANSI colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    /// Plain text (files, pipes, CI logs, tests).
    Never,
    /// ANSI colours (a terminal).
    Always,
}

/// Render diagnostics as rustc-style text. `files` supplies the text of every
/// file a diagnostic may point into; a diagnostic whose file is not among them
/// is printed with its `file:line:col` but without a snippet.
pub fn render_human(diagnostics: &[Diagnostic], files: &[SourceFile], color: ColorChoice) -> String {
    let mut db = SimpleFiles::new();
    let ids: Vec<(String, usize)> =
        files.iter().map(|f| (f.path().to_string(), db.add(f.path().to_string(), f.text().to_string()))).collect();
    let config = Config::default();
    let styles = Styles::default();
    let mut buffer = match color {
        ColorChoice::Never => termcolor::Buffer::no_color(),
        ColorChoice::Always => termcolor::Buffer::ansi(),
    };
    for diagnostic in diagnostics {
        let file_id = diagnostic
            .location
            .as_ref()
            .and_then(|loc| ids.iter().find(|(path, _)| *path == loc.file).map(|(_, id)| *id));
        let mut cs = CsDiagnostic::new(severity(diagnostic.severity))
            .with_code(diagnostic.code.clone())
            .with_message(diagnostic.message.clone());
        let mut notes = Vec::new();
        let mut labels = Vec::new();
        match (&diagnostic.location, file_id) {
            (Some(loc), Some(id)) if loc.span.is_some() => {
                labels.push(Label::primary(id, loc.span.clone().unwrap_or(0..0)));
            }
            (Some(loc), _) if loc.is_whole_file() => notes.push(format!("in {}", loc.file)),
            (Some(loc), _) => notes.push(format!("at {}:{}:{}", loc.file, loc.line, loc.column)),
            (None, _) => {}
        }
        // Hints with places of their own: a secondary label in their file's
        // snippet, or a located note when that file's text is not at hand.
        for hint in &diagnostic.hints {
            let id = ids.iter().find(|(path, _)| *path == hint.location.file).map(|(_, id)| *id);
            match (id, &hint.location.span) {
                (Some(id), Some(span)) => labels.push(Label::secondary(id, span.clone()).with_message(&hint.message)),
                _ => notes.push(format!(
                    "note: {} ({}:{}:{})",
                    hint.message, hint.location.file, hint.location.line, hint.location.column
                )),
            }
        }
        cs = cs.with_labels(labels);
        if let Some(hint) = &diagnostic.hint {
            notes.push(format!("help: {hint}"));
        }
        if let Some(rule) = &diagnostic.rule {
            notes.push(format!("rule: {rule}"));
        }
        cs = cs.with_notes(notes);
        let mut writer = StylesWriter::new(&mut buffer, &styles);
        // Rendering into memory can only fail if a span is outside its file;
        // fall back to the one-line form rather than lose the diagnostic.
        if term::emit_to_write_style(&mut writer, &config, &db, &cs).is_err() {
            use std::io::Write;
            let _ = writeln!(buffer, "{}[{}]: {}", diagnostic.severity, diagnostic.code, diagnostic.message);
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn severity(severity: Severity) -> CsSeverity {
    match severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

/// The JSON document printed by `--format json`: every diagnostic plus counts.
/// Its shape is documented by `schemas/diagnostics.schema.json`.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    /// Format version of this document; bumped on incompatible changes.
    pub version: u32,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every diagnostic, in report order.
    pub diagnostics: &'a [Diagnostic],
}

/// The shape of [`JsonReport`] for schema generation (an owned twin, since
/// the report itself borrows its diagnostics).
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[schemars(
    title = "coursepack diagnostics report",
    description = "Printed by `coursepack check --format json` and `coursepack build --format json`."
)]
pub struct JsonReportSchema {
    /// Format version of this document; bumped on incompatible changes.
    pub version: u32,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every diagnostic, in report order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Render diagnostics as a pretty-printed JSON document (see [`JsonReport`]).
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let report = JsonReport {
        version: 1,
        errors: diagnostics.iter().filter(|d| d.severity == Severity::Error).count(),
        warnings: diagnostics.iter().filter(|d| d.severity == Severity::Warning).count(),
        diagnostics,
    };
    // Serialising plain data with string keys cannot fail.
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_output_has_code_location_snippet_and_hint() {
        let file = SourceFile::new("module.toml", "id = \"x\"\ntitel = \"y\"\n");
        let d = Diagnostic::error("manifest/unknown-key", "unknown key `titel`")
            .at_span(&file, 9..14)
            .with_hint("did you mean `title`?");
        let out = render_human(&[d], &[file], ColorChoice::Never);
        assert!(out.contains("error[manifest/unknown-key]: unknown key `titel`"), "{out}");
        assert!(out.contains("module.toml:2:1"), "{out}");
        assert!(out.contains("titel = \"y\""), "{out}");
        assert!(out.contains("help: did you mean `title`?"), "{out}");
    }

    #[test]
    fn hints_point_at_places_of_their_own_in_human_and_json_output() {
        let first = SourceFile::new("a/module.toml", "id = \"same\"\n");
        let second = SourceFile::new("b/module.toml", "title = \"B\"\nid = \"same\"\n");
        let d = Diagnostic::error("module/duplicate-id", "this module has the same id `same` as a/module.toml")
            .at_span(&second, 17..23)
            .with_hint_at_span(&first, 5..11, "the first module with this id")
            .with_hint("every module needs its own id");
        let out = render_human(std::slice::from_ref(&d), &[first.clone(), second.clone()], ColorChoice::Never);
        assert!(out.contains("b/module.toml:2:6"), "{out}");
        assert!(out.contains("a/module.toml:1:6"), "{out}");
        assert!(out.contains("the first module with this id"), "{out}");
        assert!(out.contains("id = \"same\""), "{out}");
        // Without the other file's text the hint is still located, as a note.
        let out = render_human(std::slice::from_ref(&d), &[second], ColorChoice::Never);
        assert!(out.contains("note: the first module with this id (a/module.toml:1:6)"), "{out}");
        let json: serde_json::Value = serde_json::from_str(&render_json(&[d])).unwrap();
        let hint = &json["diagnostics"][0]["hints"][0];
        assert_eq!(hint["message"], "the first module with this id");
        assert_eq!(
            (hint["location"]["file"].as_str(), hint["location"]["line"].as_u64()),
            (Some("a/module.toml"), Some(1))
        );
        assert_eq!(hint["location"]["column"], 6);
        // No `hints` key when there are none.
        let plain: serde_json::Value = serde_json::from_str(&render_json(&[Diagnostic::warning("x/y", "m")])).unwrap();
        assert!(plain["diagnostics"][0].get("hints").is_none());
    }

    #[test]
    fn json_output_counts_and_locates() {
        let file = SourceFile::new("p.md", "a\nbb\n");
        let d = Diagnostic::warning("a11y/x", "m").at_span(&file, 2..4);
        let json: serde_json::Value = serde_json::from_str(&render_json(&[d])).unwrap();
        assert_eq!(json["warnings"], 1);
        assert_eq!(json["diagnostics"][0]["location"]["line"], 2);
        assert_eq!(json["diagnostics"][0]["location"]["column"], 1);
        assert_eq!(json["diagnostics"][0]["severity"], "warning");
    }
}
