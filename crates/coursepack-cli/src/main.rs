//! `coursepack`: turn plain-text e-learning modules into packages every LMS
//! can import. This binary only parses arguments and prints; the work is done
//! by the library crates (see ARCHITECTURE.md).

mod cli;
mod commands;
mod output;
mod preview;

use clap::Parser;
use std::process::ExitCode;

/// Exit code for success (warnings allowed unless `--deny-warnings`).
pub const EXIT_OK: u8 = 0;
/// Exit code for problems in the input (the modules, courses or packages).
pub const EXIT_INPUT: u8 = 1;
/// Exit code for usage and I/O errors.
pub const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    match commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            output::print_stderr(&format!("error: {error:#}"));
            ExitCode::from(EXIT_USAGE)
        }
    }
}
