//! `cargo xtask bench [--quick] [--keep] [--seed N]`: how close coursepack is
//! to the physical limit, and how it compares with the tools people use, as
//! ratios measured side by side in one run (absolute times on a shared
//! machine only mean something next to a baseline measured at the same time).
//!
//! 1. installs what it needs (`scripts/install-test-deps.sh --bench`) unless
//!    `COURSEPACK_SKIP_INSTALL=1`, and builds the CLI (release; debug with
//!    `--quick`);
//! 2. asks the CLI which targets it offers (`coursepack build --target all`);
//! 3. **build**: generated modules (small, medium, large, many) for each
//!    target against Info-ZIP `zip`; many modules on one thread and on all;
//!    identical bytes from two builds; a course of many modules on one thread
//!    and on two (speedup, CPU per module, peak memory) and a module of large
//!    media against `zip -0` and `cat` (issue 14's goals);
//! 4. **validate**: the default (every entry's CRC) and `--quick` against
//!    `unzip -tq`, with peak memory; and two hostile packages (a 72 MB zip
//!    of 15 GiB of pages for the bounded scan, a 15 MiB manifest value);
//! 5. **runtime**: the player's JS and CSS per target, and in headless
//!    Chromium the first page, page-to-page navigation and the LMS calls of a
//!    full run;
//! 6. **preview**: `coursepack preview` of a shipped module in headless
//!    Chromium, from saving a page to the reloaded page;
//! 7. **peers**: npm `simple-scorm-packager` on the same course;
//! 8. writes `<target dir>/bench/report.md` and `report.json` with every goal
//!    met or not met. Nothing fails because a goal is not met.
//!
//! Generated files live in `<target dir>/bench/work` and are deleted at the
//! end unless `--keep`. `--quick` runs every step on tiny sizes (under a
//! minute) so the bench never rots; `cargo xtask test` runs it.

mod build_bench;
mod course_bench;
mod generate;
mod hostile;
mod machine;
mod measure;
mod peers;
mod plan;
mod preview_bench;
mod report;
mod runtime;
mod stats;
mod validate_bench;

use anyhow::{Context, Result, bail};
use measure::Meter;
use plan::{Mode, Plan};
use report::Report;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The seed used unless `--seed` says otherwise.
pub const DEFAULT_SEED: u64 = 20_251_121;

const USAGE: &str = "usage: cargo xtask bench [--quick] [--keep] [--seed N]

  --quick    tiny sizes and few runs (under a minute): checks the bench works, not the figures
  --keep     keep the generated modules and packages in <target dir>/bench/work
  --seed N   generate the modules from seed N (default 20251121)";

/// The command line of `cargo xtask bench`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Full or quick.
    pub mode: Mode,
    /// Keep generated files.
    pub keep: bool,
    /// The generator's seed.
    pub seed: u64,
}

impl Options {
    /// Parse the arguments after `bench`; `Ok(None)` for `--help`.
    pub fn parse(args: &[String]) -> Result<Option<Options>> {
        let mut options = Options { mode: Mode::Full, keep: false, seed: DEFAULT_SEED };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--quick" => options.mode = Mode::Quick,
                "--keep" => options.keep = true,
                "--seed" => {
                    let value = args.next().context("--seed needs a number")?;
                    options.seed = value.parse().with_context(|| format!("--seed {value}: not a whole number"))?;
                }
                "-h" | "--help" => return Ok(None),
                other => bail!("unknown option `{other}`\n\n{USAGE}"),
            }
        }
        Ok(Some(options))
    }
}

/// What every step needs.
pub struct Bench {
    /// The repository root (commands run from here).
    pub root: PathBuf,
    /// Scratch space for generated modules and packages.
    pub work: PathBuf,
    /// The coursepack binary measured.
    pub cli: PathBuf,
    /// Measures commands.
    pub meter: Meter,
    /// The generator's seed.
    pub seed: u64,
    /// The targets the CLI offers.
    pub targets: Vec<String>,
    /// Cores available.
    pub machine_cores: usize,
    /// Keep generated files.
    pub keep: bool,
}

/// Run the bench; see the module documentation.
pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let Some(options) = Options::parse(args)? else {
        println!("{USAGE}");
        return Ok(());
    };
    let plan = Plan::new(options.mode);
    let mut report = Report::default();
    report.meta.mode = options.mode.name().into();
    report.meta.seed = options.seed;
    report.meta.started_utc = machine::now_utc();
    report.meta.machine = machine::describe();
    report.meta.commit = machine::commit(root);

    if std::env::var_os("COURSEPACK_SKIP_INSTALL").is_some_and(|v| v == "1") {
        eprintln!("bench: COURSEPACK_SKIP_INSTALL=1, not installing");
    } else {
        crate::run(
            Command::new("bash").arg(root.join("scripts/install-test-deps.sh")).arg("--bench").current_dir(root),
            "install the bench's dependencies (scripts/install-test-deps.sh --bench)",
        )?;
    }
    let (profile, cli) = build_cli(root, options.mode)?;
    report.meta.profile = profile.into();
    // The run is timed from here: installing and compiling depend on what is cached.
    let started = Instant::now();

    let out = crate::e2e::target_dir(root, std::env::var_os("CARGO_TARGET_DIR")).join("bench");
    let work = out.join("work");
    build_bench::empty_dir(&work)?;
    let meter = Meter::new(&work.join("scratch"))?;
    let mut bench = Bench {
        root: root.to_path_buf(),
        work,
        cli,
        meter,
        seed: options.seed,
        targets: Vec::new(),
        machine_cores: report.meta.machine.cores,
        keep: options.keep,
    };
    bench.targets = offered_targets(&bench)?;
    eprintln!("bench: coursepack offers {}", bench.targets.join(", "));

    let result = measure_everything(&bench, &plan, &mut report);
    if !bench.keep {
        std::fs::remove_dir_all(&bench.work).ok();
    }
    result?;

    report.meta.tools.insert("zip".into(), measure::version_line("zip", &["-v"], "this is zip"));
    report.meta.tools.insert("unzip".into(), measure::version_line("unzip", &["-v"], "unzip"));
    report.meta.tools.insert("node".into(), measure::version_line("node", &["--version"], ""));
    report.meta.duration_s = started.elapsed().as_secs_f64();
    report.goals = report::judge(&report);
    report::write(&report, &out)?;
    println!("{}", goals_table(&report));
    eprintln!(
        "bench: {} run took {:.0} s; wrote {} and report.json",
        report.meta.mode,
        report.meta.duration_s,
        out.join("report.md").display()
    );
    Ok(())
}

fn measure_everything(bench: &Bench, plan: &Plan, report: &mut Report) -> Result<()> {
    let phase = Phase::start("build");
    report.builds = build_bench::build_cases(bench, &plan.builds)?;
    let small = bench.work.join("modules").join("small");
    report.reproducible = build_bench::reproducible(bench, &small)?;
    let phase = phase.next("many modules");
    report.many = Some(build_bench::many(bench, &plan.many.0, plan.many.1, plan.many_repeats)?);
    let phase = phase.next("course and large media");
    report.course = Some(course_bench::course(bench, &plan.course.0, plan.course.1, plan.course_repeats)?);
    report.media = Some(course_bench::media(bench, &plan.media, plan.media_repeats)?);
    let phase = phase.next("validate");
    report.validate = validate_bench::validate_cases(bench, &plan.validates)?;
    report.hostile = validate_bench::hostile_cases(bench, &plan.hostile)?;

    let phase = phase.next("runtime");
    let unpacked = runtime::unpack_all(bench, &small, &bench.work.join("runtime"))?;
    for p in &unpacked {
        report.payload.push(runtime::payload(&p.target, &p.dir)?);
    }
    let (browser, chromium) = runtime::browser(bench, &unpacked, plan.browser_samples)?;
    report.browser = browser;
    report.meta.tools.insert("chromium".into(), chromium);

    let phase = phase.next("preview");
    report.preview = Some(preview_bench::save_to_reload(bench, plan.browser_samples)?);

    let phase = phase.next("peers");
    if let Some(web) = unpacked.iter().find(|p| p.target == "web") {
        let (peers, repro, tool) = peers::simple_scorm_packager(bench, &small, &web.dir, plan.peer_runs)?;
        report.peers = peers;
        report.reproducible.extend(repro);
        if let Some((name, version)) = tool.rsplit_once(' ') {
            report.meta.tools.insert(name.into(), version.into());
        }
    }
    phase.end();
    Ok(())
}

/// A named step of the run, timed on stderr so a slow step is easy to spot.
struct Phase {
    name: &'static str,
    started: Instant,
}

impl Phase {
    fn start(name: &'static str) -> Phase {
        Phase { name, started: Instant::now() }
    }

    fn next(self, name: &'static str) -> Phase {
        self.end();
        Phase::start(name)
    }

    fn end(self) {
        eprintln!("bench: {} took {:.1} s", self.name, self.started.elapsed().as_secs_f64());
    }
}

/// Build the CLI: release for real figures, debug for `--quick` (which only
/// proves the bench runs, and reuses what the tests built).
fn build_cli(root: &Path, mode: Mode) -> Result<(&'static str, PathBuf)> {
    let (profile, dir, args): (&str, &str, &[&str]) = match mode {
        Mode::Full => ("release", "release", &["build", "-q", "--release", "-p", "coursepack-cli"]),
        Mode::Quick => ("dev", "debug", &["build", "-q", "-p", "coursepack-cli"]),
    };
    crate::run(crate::cargo().args(args).current_dir(root), &format!("cargo {}", args.join(" ")))?;
    let cli = crate::e2e::target_dir(root, std::env::var_os("CARGO_TARGET_DIR"))
        .join(dir)
        .join(format!("coursepack{}", std::env::consts::EXE_SUFFIX));
    if !cli.is_file() {
        bail!("the CLI was built but {} is missing", cli.display());
    }
    Ok((profile, cli))
}

/// The targets `coursepack build --target all` writes, from a one-page module.
fn offered_targets(bench: &Bench) -> Result<Vec<String>> {
    let spec = generate::ModuleSpec {
        id: "bench-probe".into(),
        pages: 1,
        questions: 0,
        images: generate::FileSet::NONE,
        videos: generate::FileSet::NONE,
    };
    let module = bench.work.join("modules").join("probe");
    generate::write_module(&module, &spec, bench.seed)?;
    let out = bench.work.join("out").join("probe");
    build_bench::empty_dir(&out)?;
    let run = bench.meter.run_ok(
        &bench.cli,
        &["build", build_bench::path_str(&module)?, "--target", "all", "--out", build_bench::path_str(&out)?],
        &bench.root,
        &[],
    )?;
    std::fs::remove_dir_all(&out).ok();
    std::fs::remove_dir_all(&module).ok();
    build_bench::targets_from_paths(&run.stdout, &spec.id, "1.0.0")
}

/// The goals as a short text table for the terminal.
fn goals_table(report: &Report) -> String {
    let mut text = String::from("goal | measured | verdict\n");
    for g in &report.goals {
        let verdict = match g.met {
            Some(true) => "met",
            Some(false) => "NOT MET",
            None => "n/a",
        };
        text.push_str(&format!("{} | {} | {verdict}\n", g.goal, g.measured));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn parses_the_options() {
        assert_eq!(Options::parse(&[]).unwrap(), Some(Options { mode: Mode::Full, keep: false, seed: DEFAULT_SEED }));
        assert_eq!(
            Options::parse(&args(&["--quick", "--keep", "--seed", "7"])).unwrap(),
            Some(Options { mode: Mode::Quick, keep: true, seed: 7 })
        );
        assert_eq!(Options::parse(&args(&["--help"])).unwrap(), None);
        assert!(Options::parse(&args(&["--seed"])).is_err());
        assert!(Options::parse(&args(&["--seed", "x"])).is_err());
        assert!(Options::parse(&args(&["--fast"])).is_err());
    }
}
