//! Validate the packages given on the command line and print a human report
//! (`--json`, `--junit`, `--quick`, `--manifest-only`, `--lms <name>` accepted).

use coursepack_validate::{LmsProfile, Options, render_human, render_json, render_junit, validate_paths};
use std::path::PathBuf;

fn main() {
    let mut options = Options::default();
    let mut paths = Vec::new();
    let mut format = "human";
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--quick" => options.mode = coursepack_validate::Mode::Quick,
            "--manifest-only" => options.manifest_only = true,
            "--strict" | "--strict-schema" => options.strict = true,
            "--json" => format = "json",
            "--junit" => format = "junit",
            "--lms" => match args.next().map(|n| n.parse::<LmsProfile>()) {
                Some(Ok(p)) => options.lms.push(p),
                Some(Err(e)) => {
                    eprintln!("{e}");
                    std::process::exit(2)
                }
                None => std::process::exit(2),
            },
            _ => paths.push(PathBuf::from(a)),
        }
    }
    let mut reports = Vec::new();
    for r in validate_paths(&paths, &options) {
        match r {
            Ok(r) => reports.push(r),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2)
            }
        }
    }
    let out = match format {
        "json" => render_json(&reports),
        "junit" => render_junit(&reports),
        _ => render_human(&reports, coursepack_diagnostics::ColorChoice::Never),
    };
    print!("{out}");
    std::process::exit(i32::from(reports.iter().any(|r| r.has_errors())));
}
