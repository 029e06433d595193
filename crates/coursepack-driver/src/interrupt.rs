//! An interrupted build leaves nothing behind.

/// Install the cleanup of interrupted builds, once, in a front end that
/// writes packages (the `coursepack build` command): on SIGINT (Ctrl-C),
/// SIGTERM or SIGHUP the partial zips this process is writing are removed
/// and no new one is started, then the process ends as the signal would
/// have ended it (so a shell or CI runner sees "interrupted", not an exit
/// code of ours). Finished zips are complete files and are kept. Partial
/// zips that survive anyway (`kill -9`, a power cut) are removed by the
/// next build into the same folder ([`crate::Plan::build`]).
///
/// Does nothing on platforms without Unix signals.
pub fn clean_up_on_interrupt() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
        std::thread::Builder::new().name("coursepack-interrupt".into()).spawn(move || {
            if let Some(signal) = signals.forever().next() {
                coursepack_package::remove_partial_files();
                // The default action of these signals ends the process; exit stands in if it cannot be run.
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        })?;
    }
    Ok(())
}
