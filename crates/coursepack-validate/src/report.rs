//! Rendering reports: human (rustc-style), JSON and JUnit XML.

use crate::PackageReport;
use coursepack_diagnostics::{ColorChoice, Diagnostic, Severity};
use serde::Serialize;

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// Human-readable report: a header per package, rustc-style diagnostics with
/// manifest snippets, and a summary line.
pub fn render_human(reports: &[PackageReport], color: ColorChoice) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings) = (0, 0);
    for r in reports {
        let e = r.count(Severity::Error);
        let w = r.count(Severity::Warning);
        errors += e;
        warnings += w;
        let std_ = r.standard.map(|s| s.to_string()).unwrap_or_else(|| "unknown standard".into());
        let verdict = if e > 0 { "INVALID" } else { "valid" };
        out.push_str(&format!(
            "==> {} ({std_}): {verdict}, {}, {}\n",
            r.path,
            plural(e, "error"),
            plural(w, "warning")
        ));
        out.push_str(&format!("    checked: {}\n", checked(r)));
        let (diagnostics, used) = snippet_view(r);
        let sources: std::borrow::Cow<[coursepack_diagnostics::SourceFile]> = if used.len() == r.sources.len() {
            std::borrow::Cow::Borrowed(&r.sources)
        } else {
            std::borrow::Cow::Owned(used.iter().map(|&i| r.sources[i].clone()).collect())
        };
        out.push_str(&coursepack_diagnostics::render_human(&diagnostics, &sources, color));
        if !r.diagnostics.is_empty() {
            out.push('\n');
        }
    }
    out.push_str(&format!(
        "validated {}: {}, {}\n",
        plural(reports.len(), "package"),
        plural(errors, "error"),
        plural(warnings, "warning")
    ));
    out
}

/// Longest line (in bytes) a snippet shows.
const SNIPPET_LINE: usize = 1000;

/// The diagnostics and sources a human report renders: a diagnostic whose
/// span lies on a line longer than [`SNIPPET_LINE`] keeps its line and
/// column but shows no snippet (a hostile one-line manifest would otherwise
/// be copied into the report once per finding); the indices of the sources
/// a snippet is taken from come with them, as only those need handing to
/// the renderer (which copies them).
fn snippet_view(r: &PackageReport) -> (Vec<Diagnostic>, Vec<usize>) {
    let long_lines: Vec<(&str, std::collections::HashSet<usize>)> = r
        .sources
        .iter()
        .map(|s| {
            let long = s.text().split('\n').enumerate().filter(|(_, l)| l.len() > SNIPPET_LINE).map(|(i, _)| i + 1);
            (s.path(), long.collect())
        })
        .collect();
    let mut used = std::collections::HashSet::new();
    let diagnostics = r
        .diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if let Some(loc) = &mut d.location
                && loc.span.is_some()
            {
                let on_long_line = long_lines
                    .iter()
                    .find(|(p, _)| *p == loc.file)
                    .is_some_and(|(_, long)| (loc.line..=loc.end_line.max(loc.line)).any(|l| long.contains(&l)));
                if on_long_line {
                    loc.span = None;
                } else {
                    used.insert(loc.file.clone());
                }
            }
            d
        })
        .collect();
    let sources = r.sources.iter().enumerate().filter(|(_, s)| used.contains(s.path())).map(|(i, _)| i).collect();
    (diagnostics, sources)
}

/// What was read, in words: the mode for a zip, else the kind of input.
fn checked(r: &PackageReport) -> &'static str {
    match r.mode {
        Some(mode) => mode.describe(),
        None if r.path.to_ascii_lowercase().ends_with(".xml") => "the manifest file alone (no package around it)",
        None => "the files as they are (no zip container)",
    }
}

#[derive(Serialize)]
struct JsonPackage<'a> {
    path: &'a str,
    standard: Option<crate::Standard>,
    mode: Option<crate::Mode>,
    valid: bool,
    errors: usize,
    warnings: usize,
    infos: usize,
    diagnostics: &'a [Diagnostic],
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    packages: Vec<JsonPackage<'a>>,
    errors: usize,
    warnings: usize,
}

/// JSON report; its shape is `schemas/validate-report.schema.json`.
pub fn render_json(reports: &[PackageReport]) -> String {
    let packages: Vec<JsonPackage> = reports
        .iter()
        .map(|r| JsonPackage {
            path: &r.path,
            standard: r.standard,
            mode: r.mode,
            valid: !r.has_errors(),
            errors: r.count(Severity::Error),
            warnings: r.count(Severity::Warning),
            infos: r.count(Severity::Info),
            diagnostics: &r.diagnostics,
        })
        .collect();
    let report = JsonReport {
        version: 1,
        errors: packages.iter().map(|p| p.errors).sum(),
        warnings: packages.iter().map(|p| p.warnings).sum(),
        packages,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => o.push_str(&format!("&#x{:X};", 0xFFFD)),
            c => o.push(c),
        }
    }
    o
}

fn line(d: &Diagnostic) -> String {
    let loc =
        d.location
            .as_ref()
            .map(|l| {
                if l.is_whole_file() {
                    format!("{}: ", l.file)
                } else {
                    format!("{}:{}:{}: ", l.file, l.line, l.column)
                }
            })
            .unwrap_or_default();
    let mut s = format!("{loc}{}[{}]: {}", d.severity, d.code, d.message);
    if let Some(h) = &d.hint {
        s.push_str(&format!("\n  help: {h}"));
    }
    if let Some(r) = &d.rule {
        s.push_str(&format!("\n  rule: {r}"));
    }
    s
}

/// JUnit XML: one test suite per package, one test case per check area
/// (`zip`, `xml`, `schema`, `cts`, ...), failing when it has errors.
pub fn render_junit(reports: &[PackageReport]) -> String {
    const AREAS: [&str; 9] = ["package", "zip", "xml", "schema", "cts", "cmi5", "tincan", "content", "lms"];
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total_failures: usize = reports.iter().map(|r| AREAS.iter().filter(|a| area_has_errors(r, a)).count()).sum();
    out.push_str(&format!(
        "<testsuites name=\"coursepack validate\" tests=\"{}\" failures=\"{total_failures}\">\n",
        reports.len() * AREAS.len()
    ));
    for r in reports {
        let failures = AREAS.iter().filter(|a| area_has_errors(r, a)).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n",
            esc(&r.path),
            AREAS.len()
        ));
        out.push_str(&format!(
            "    <properties><property name=\"checked\" value=\"{}\"/></properties>\n",
            esc(checked(r))
        ));
        for area in AREAS {
            let ds: Vec<&Diagnostic> =
                r.diagnostics.iter().filter(|d| d.code.split('/').next() == Some(area)).collect();
            let errs: Vec<&&Diagnostic> = ds.iter().filter(|d| d.severity == Severity::Error).collect();
            out.push_str(&format!("    <testcase classname=\"{}\" name=\"{area}\"", esc(&r.path)));
            if ds.is_empty() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            if !errs.is_empty() {
                let body: Vec<String> = errs.iter().map(|d| line(d)).collect();
                out.push_str(&format!(
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                    esc(&format!("{}: {}", plural(errs.len(), "error"), errs[0].message)),
                    esc(&errs[0].code),
                    esc(&body.join("\n"))
                ));
            }
            let rest: Vec<String> = ds.iter().filter(|d| d.severity != Severity::Error).map(|d| line(d)).collect();
            if !rest.is_empty() {
                out.push_str(&format!("      <system-out>{}</system-out>\n", esc(&rest.join("\n"))));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn area_has_errors(r: &PackageReport, area: &str) -> bool {
    r.diagnostics.iter().any(|d| d.severity == Severity::Error && d.code.split('/').next() == Some(area))
}
