//! Sanitise SVG files exactly as `coursepack build` does, writing each result
//! next to the given output folder; for the browser test of active content
//! (`tests/e2e/active-content.test.mjs`), which opens every rewritten file in
//! Chromium. Prints one line per file: the path written, or `refused` or
//! `invalid` with the reasons (the build would stop on those, but the
//! rewrite is written anyway so the browser test can prove it inert too).
//!
//! usage: cargo run -p coursepack-compile --example sanitise_svg -- <out-folder> <file.svg>...

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let out = PathBuf::from(args.next().ok_or("usage: sanitise_svg <out-folder> <file.svg>...")?);
    std::fs::create_dir_all(&out)?;
    for input in args {
        let input = PathBuf::from(input);
        let name = input.file_name().ok_or("a file name")?;
        match coursepack_compile::svg::sanitise(&std::fs::read(&input)?) {
            Ok(clean) => {
                let target = out.join(name);
                std::fs::write(&target, &clean.bytes)?;
                let verdict = if clean.active.is_empty() { "clean" } else { "refused" };
                let reasons: Vec<String> =
                    clean.active.iter().map(|f| format!("line {}: {}", f.line, f.what)).collect();
                println!("{verdict}\t{}\t{}", target.display(), reasons.join("; "));
            }
            Err(invalid) => println!("invalid\t{}\tline {}: {}", input.display(), invalid.line, invalid.reason),
        }
    }
    Ok(())
}
