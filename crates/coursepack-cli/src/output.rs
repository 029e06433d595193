//! Printing problems: rustc-style on stderr for people, JSON on stdout for tools.

use crate::cli::{Format, ReportArgs};
use coursepack_diagnostics::{ColorChoice, Diagnostic, Severity, SourceFile, render_human, render_json};
use std::io::IsTerminal;

/// Whether stderr gets colours: a terminal, and `NO_COLOR` unset.
pub fn stderr_color() -> ColorChoice {
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    }
}

/// Whether stdout gets colours: a terminal, and `NO_COLOR` unset (reports
/// redirected to a file stay plain text).
pub fn stdout_color() -> ColorChoice {
    if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    }
}

/// Print `diagnostics` in the chosen format. JSON goes to stdout when
/// `json_to_stdout`, otherwise to stderr (for `build`, whose stdout lists zips).
pub fn report(diagnostics: &[Diagnostic], files: &[SourceFile], args: &ReportArgs, json_to_stdout: bool) {
    match args.format {
        Format::Human => {
            if !diagnostics.is_empty() {
                eprint!("{}", render_human(diagnostics, files, stderr_color()));
            }
        }
        Format::Json => {
            let json = render_json(diagnostics);
            if json_to_stdout {
                print_stdout(&json);
            } else {
                eprintln!("{json}");
            }
        }
    }
}

/// True when the run must fail because of these problems.
pub fn fails(diagnostics: &[Diagnostic], deny_warnings: bool) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning))
}

/// A one-line summary such as `3 modules checked: 1 error, 2 warnings`,
/// with `, 1 note` when there are notes (infos, printed as `note[...]`).
pub fn summary(modules: usize, diagnostics: &[Diagnostic]) -> String {
    let count = |severity| diagnostics.iter().filter(|d| d.severity == severity).count();
    let (errors, warnings, notes) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    let notes = if notes > 0 { format!(", {notes} note{}", plural(notes)) } else { String::new() };
    format!(
        "{modules} module{} checked: {errors} error{}, {warnings} warning{}{notes}",
        plural(modules),
        plural(errors),
        plural(warnings)
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Print a line on stdout, ignoring a closed pipe (`coursepack check --format
/// json | head` must not panic).
pub fn print_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
}
