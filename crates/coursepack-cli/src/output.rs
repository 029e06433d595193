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
                write_stderr(render_human(diagnostics, files, stderr_color()).as_bytes());
            }
        }
        Format::Json => {
            let json = render_json(diagnostics);
            if json_to_stdout {
                print_stdout(&json);
            } else {
                print_stderr(&json);
            }
        }
    }
}

pub use coursepack_driver::fails;

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

/// Print a line on stdout. A closed or broken stdout (`coursepack check
/// --format json | head -1`) is not an error of ours: what cannot be
/// written is dropped, and the run goes on to its exit code. Every write to
/// stdout goes through here or [`write_stdout`], never `println!`, which panics.
pub fn print_stdout(text: &str) {
    write_stdout(format!("{text}\n").as_bytes());
}

/// Write bytes to stdout, dropping them if stdout is closed (see [`print_stdout`]).
pub fn write_stdout(bytes: &[u8]) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(bytes).and_then(|()| out.flush());
}

/// Print a line on stderr, dropping it if stderr is closed: every write to
/// stderr goes through here or [`write_stderr`], never `eprintln!`, which panics.
pub fn print_stderr(text: &str) {
    write_stderr(format!("{text}\n").as_bytes());
}

/// Write bytes to stderr, dropping them if stderr is closed (see [`print_stderr`]).
pub fn write_stderr(bytes: &[u8]) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(bytes).and_then(|()| err.flush());
}
