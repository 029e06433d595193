//! `coursepack preview`: parse, start the preview library's server, print
//! what it reports. The server, the local LMS and the watcher are in
//! `coursepack-preview`.

use crate::cli::PreviewArgs;
use crate::output::{print_stderr, print_stdout, stderr_color, write_stderr};
use crate::{EXIT_OK, EXIT_USAGE};
use coursepack_diagnostics::render_human;
use coursepack_preview::{Event, Options, PreviewError, Settings};
use std::sync::Arc;

/// The port tried first when none is given.
const DEFAULT_PORT: u16 = 3000;

/// Run the preview until the process is stopped. Returns only on failure to start.
pub fn run(args: &PreviewArgs) -> u8 {
    if !args.host.is_loopback() {
        print_stderr(&format!(
            "warning: listening on {}, not a loopback address: other machines on the network can open this preview, \
             its LMS and its LRS (there is no password)",
            args.host
        ));
    }
    let report: Arc<dyn Fn(Event) + Send + Sync> = Arc::new(print_event);
    let mut options = Options {
        input: args.path.clone(),
        settings: Settings { target: args.target.0, lms: args.lms.0 },
        host: args.host,
        port: args.port.unwrap_or(DEFAULT_PORT),
    };
    let preview = match coursepack_preview::start(&options, Arc::clone(&report)) {
        Err(PreviewError::Bind { .. }) if args.port.is_none() => {
            options.port = 0;
            coursepack_preview::start(&options, report)
        }
        other => other,
    };
    let preview = match preview {
        Ok(preview) => preview,
        Err(e) => {
            print_stderr(&format!("error: {e}"));
            return EXIT_USAGE;
        }
    };
    print_stdout(&format!("Preview at {}", preview.url()));
    print_stderr("Watching for changes; press Ctrl+C to stop.");
    if args.open
        && let Err(e) = opener::open_browser(preview.url())
    {
        print_stderr(&format!("warning: could not open a browser ({e}); open {} yourself", preview.url()));
    }
    preview.run();
    EXIT_OK
}

fn print_event(event: Event) {
    static FIRST: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);
    match event {
        Event::Built { diagnostics, files, served, ms } => {
            if !diagnostics.is_empty() {
                write_stderr(render_human(&diagnostics, &files, stderr_color()).as_bytes());
            }
            let errors = diagnostics.iter().filter(|d| d.severity == coursepack_driver::Severity::Error).count();
            let first = FIRST.swap(false, std::sync::atomic::Ordering::SeqCst);
            if served && first {
                print_stderr(&format!("Built in {ms} ms."));
            } else if served {
                print_stderr(&format!("Built in {ms} ms; the preview reloads."));
            } else {
                print_stderr(&format!(
                    "The build has {errors} error{}; the preview shows them and keeps the last build that worked.",
                    if errors == 1 { "" } else { "s" }
                ));
            }
        }
        Event::Failed(message) => print_stderr(&format!("error: {message}")),
        Event::Validated(report) => {
            write_stderr(
                coursepack_validate::render_human(std::slice::from_ref(report.as_ref()), stderr_color()).as_bytes(),
            );
        }
    }
}
