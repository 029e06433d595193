//! Running each subcommand: turn the parsed arguments into a call to the
//! driver, print what it returns, and pick the exit code. No build logic
//! lives here (see `coursepack-driver`).

use crate::cli::{
    BuildArgs, CheckArgs, Cli, Command, ExportArgs, ExportFormat, Format, ImportArgs, ImportFormat, MapArgs, NewArgs,
    ReportArgs, ScenarioCommand, TargetChoice, ValidateArgs, ValidateFormat,
};
use crate::output::{fails, print_stdout, report, summary};
use crate::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use anyhow::{Context, Result};
use clap::CommandFactory;
use coursepack_driver::{BankFormat, BuildOptions, Output, Project, zip_timestamp};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::New(args) => new(args),
        Command::Check(args) => check(&args),
        Command::Build(args) => build(&args),
        Command::Validate(args) => Ok(validate(&args)),
        Command::Import(args) => import(&args),
        Command::Export(args) => export(&args),
        Command::Scenario(ScenarioCommand::Map(args)) => scenario_map(&args),
        Command::Preview(args) => Ok(crate::preview::run(&args)),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "coursepack", &mut script);
            crate::output::write_stdout(&script);
            Ok(EXIT_OK)
        }
    }
}

fn new(args: NewArgs) -> Result<u8> {
    let dir = coursepack_driver::new_module(&coursepack_driver::NewModule {
        dir: args.dir,
        id: args.id,
        title: args.title,
        language: args.language,
    })?;
    crate::output::print_stderr(&format!("Created a new module in {}", dir.display()));
    crate::output::print_stderr(&format!(
        "Next: edit its pages, then run `coursepack check {0}` and `coursepack build {0}`",
        dir.display()
    ));
    Ok(EXIT_OK)
}

fn check(args: &CheckArgs) -> Result<u8> {
    let project = Project::load(&args.paths)?;
    report(project.diagnostics(), project.files(), &args.report, true);
    if args.report.format == Format::Human {
        crate::output::print_stderr(&summary(project.module_count(), project.diagnostics()));
    }
    Ok(if fails(project.diagnostics(), args.report.deny_warnings) { EXIT_INPUT } else { EXIT_OK })
}

fn build(args: &BuildArgs) -> Result<u8> {
    let targets = TargetChoice::targets(&args.target);
    let options = BuildOptions { lms: args.lms.0, readable_player: args.no_minify };
    // The templates compile on another core while the modules load.
    coursepack_driver::warm_up_rendering();
    let project = Project::load(&args.paths)?;
    let plan = project.plan(&targets, &options);
    report(plan.diagnostics(), project.files(), &args.report, false);
    if fails(plan.diagnostics(), args.report.deny_warnings) {
        if args.report.format == Format::Human {
            crate::output::print_stderr(&format!(
                "{}; nothing was written",
                summary(project.module_count(), plan.diagnostics())
            ));
        }
        return Ok(EXIT_INPUT);
    }
    // Ctrl-C or a kill leaves no partial zip behind.
    coursepack_driver::clean_up_on_interrupt()?;
    let progress = progress_bar(plan.jobs().len() as u64);
    let built = plan.build(&Output::Folder(args.out.clone()), zip_timestamp(), &|_| progress.inc(1))?;
    progress.finish_and_clear();
    let mut failed = false;
    for package in built {
        match package.result {
            Ok(written) => {
                if let Some(path) = written.path() {
                    print_stdout(&path.display().to_string());
                }
            }
            Err(error) => {
                let content = plan.content(&package.job);
                crate::output::print_stderr(&format!(
                    "error: building {} for {}: {error}",
                    content.id(),
                    package.job.target
                ));
                failed = true;
            }
        }
    }
    Ok(if failed { EXIT_USAGE } else { EXIT_OK })
}

fn import(args: &ImportArgs) -> Result<u8> {
    let format = match args.format {
        ImportFormat::Gift => BankFormat::Gift,
        ImportFormat::Aiken => BankFormat::Aiken,
    };
    let imported = coursepack_driver::import_bank(&args.file, format)?;
    let files = [imported.file];
    let report_args = ReportArgs { format: args.format_problems, deny_warnings: args.deny_warnings };
    // Questions skipped and things lost are warnings; the page holds the rest.
    report(&imported.diagnostics, &files, &report_args, false);
    let Some(page) = imported.page else { return Ok(EXIT_INPUT) };
    if fails(&imported.diagnostics, args.deny_warnings) {
        return Ok(EXIT_INPUT);
    }
    match &args.out {
        Some(out) => {
            if !write_new_file(out, page.as_bytes())? {
                return Ok(EXIT_USAGE);
            }
            print_stdout(&out.display().to_string());
        }
        None => print_stdout(page.trim_end()),
    }
    Ok(EXIT_OK)
}

fn export(args: &ExportArgs) -> Result<u8> {
    if let Some(out) = &args.out
        && out.symlink_metadata().is_ok()
    {
        crate::output::print_stderr(&format!("error: {} already exists; choose a new file", out.display()));
        return Ok(EXIT_USAGE);
    }
    let exported = match args.bank_format {
        ExportFormat::Gift => coursepack_driver::export_gift(&args.module)?,
    };
    let Some(text) = exported.text else {
        report(&exported.problems, &exported.files, &args.report, false);
        return Ok(EXIT_INPUT);
    };
    // The module's own warnings are `coursepack check`'s business; here only what the export loses.
    report(&exported.losses, &exported.files, &args.report, false);
    if fails(&exported.losses, args.report.deny_warnings) {
        return Ok(EXIT_INPUT);
    }
    match &args.out {
        Some(out) => {
            if !write_new_file(out, format!("{text}\n").as_bytes())? {
                return Ok(EXIT_USAGE);
            }
            print_stdout(&out.display().to_string());
        }
        None => print_stdout(&text),
    }
    Ok(EXIT_OK)
}

fn scenario_map(args: &MapArgs) -> Result<u8> {
    if !args.path.exists() {
        crate::output::print_stderr(&format!("error: {} does not exist", args.path.display()));
        return Ok(EXIT_USAGE);
    }
    let found =
        coursepack_compile::scenarios_at(&args.path).with_context(|| format!("cannot read {}", args.path.display()))?;
    report(&found.diagnostics, &found.files, &args.report, false);
    let ids: Vec<&str> = found.scenarios.iter().map(|s| s.id.as_str()).collect();
    let chosen = match (&args.id, found.scenarios.len()) {
        (Some(id), _) => match found.scenarios.iter().find(|s| s.id == *id) {
            Some(s) => s,
            None => {
                crate::output::print_stderr(&format!(
                    "error: {} has no scenario `{id}`; its scenarios are: {}",
                    args.path.display(),
                    ids.join(", ")
                ));
                return Ok(EXIT_USAGE);
            }
        },
        (None, 1) => &found.scenarios[0],
        (None, 0) => {
            crate::output::print_stderr(&format!("error: no scenario could be read from {}", args.path.display()));
            return Ok(if found.diagnostics.is_empty() { EXIT_USAGE } else { EXIT_INPUT });
        }
        (None, _) => {
            crate::output::print_stderr(&format!(
                "error: {} holds {} scenarios ({}); choose one with --id",
                args.path.display(),
                ids.len(),
                ids.join(", ")
            ));
            return Ok(EXIT_USAGE);
        }
    };
    let map =
        if args.dot { coursepack_scenario::map::to_dot(chosen) } else { coursepack_scenario::map::to_svg(chosen) };
    match &args.out {
        Some(out) => {
            replace_file(out, map.as_bytes())?;
            print_stdout(&out.display().to_string());
        }
        None => print_stdout(map.trim_end()),
    }
    // The map is written even for a scenario with problems: it shows them.
    Ok(if fails(&found.diagnostics, args.report.deny_warnings) { EXIT_INPUT } else { EXIT_OK })
}

/// Write `bytes` to `path`, replacing the file there: through a new file beside
/// it renamed into place, so a symbolic link at `path` is replaced, never followed.
fn replace_file(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    if !write_new_file(&temporary, bytes)? {
        anyhow::bail!("cannot write {}: {} is in the way", path.display(), temporary.display());
    }
    std::fs::rename(&temporary, path).with_context(|| format!("cannot write {}", path.display())).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

/// Create `path` and write `bytes` to it, refusing any path that already
/// exists, including a symbolic link (even a dangling one, which a plain
/// write would follow to create its target elsewhere). Returns false, having
/// said why, when the path exists.
fn write_new_file(path: &std::path::Path, bytes: &[u8]) -> Result<bool> {
    use std::io::Write;
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            crate::output::print_stderr(&format!("error: {} already exists; choose a new file", path.display()));
            return Ok(false);
        }
        Err(e) => return Err(e).with_context(|| format!("cannot write {}", path.display())),
    };
    file.write_all(bytes).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(true)
}

fn validate(args: &ValidateArgs) -> u8 {
    let mut options = coursepack_validate::Options {
        mode: if args.quick { coursepack_validate::Mode::Quick } else { coursepack_validate::Mode::Full },
        strict: args.strict,
        manifest_only: args.manifest_only,
        limits: coursepack_validate::Limits {
            max_scan_bytes: args.max_scan_file_mb * 1024 * 1024,
            max_scan_total_bytes: args.max_scan_mb * 1024 * 1024,
            ..Default::default()
        },
        ..Default::default()
    };
    for lms in &args.lms {
        if !options.lms.contains(&lms.0) {
            options.lms.push(lms.0);
        }
    }
    let mut reports = Vec::new();
    let mut io_failed = false;
    for result in coursepack_validate::validate_paths(&args.paths, &options) {
        match result {
            Ok(report) => reports.push(report),
            Err(error) => {
                crate::output::print_stderr(&format!("error: {error}"));
                io_failed = true;
            }
        }
    }
    match args.format {
        ValidateFormat::Human => {
            print_stdout(coursepack_validate::render_human(&reports, crate::output::stdout_color()).trim_end())
        }
        ValidateFormat::Json => print_stdout(&coursepack_validate::render_json(&reports)),
        ValidateFormat::Junit => print_stdout(&coursepack_validate::render_junit(&reports)),
    }
    if io_failed {
        return EXIT_USAGE;
    }
    let all: Vec<_> = reports.iter().flat_map(|r| r.diagnostics.iter().cloned()).collect();
    if fails(&all, args.deny_warnings) { EXIT_INPUT } else { EXIT_OK }
}

fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} packages") {
        bar.set_style(style);
    }
    bar
}
