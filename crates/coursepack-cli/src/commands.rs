//! Running each subcommand; returns the process exit code.

use crate::cli::{
    BuildArgs, CheckArgs, Cli, Command, ExportArgs, ExportFormat, Format, ImportArgs, ImportFormat, NewArgs,
    ReportArgs, ValidateArgs, ValidateFormat,
};
use crate::output::{fails, report, summary};
use crate::pipeline::{Compiled, compile_paths};
use crate::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use anyhow::{Context, Result};
use clap::CommandFactory;
use coursepack_compile::CompiledModule;
use coursepack_diagnostics::Diagnostic;
use coursepack_package::{
    BuildOptions, LmsProfile, PackageContent, Target, build_package, check_state_limits, zip_timestamp,
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::IsTerminal;

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::New(args) => new(args),
        Command::Check(args) => check(args),
        Command::Build(args) => build_command(args),
        Command::Validate(args) => validate(args),
        Command::Import(args) => import(args),
        Command::Export(args) => export(args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "coursepack", &mut std::io::stdout());
            Ok(EXIT_OK)
        }
    }
}

fn new(args: NewArgs) -> Result<u8> {
    let dir = crate::scaffold::create(&args)?;
    eprintln!("Created a new module in {}", dir.display());
    eprintln!("Next: edit its pages, then run `coursepack check {0}` and `coursepack build {0}`", dir.display());
    Ok(EXIT_OK)
}

fn check(args: CheckArgs) -> Result<u8> {
    let compiled = compile_paths(&args.paths)?;
    report(&compiled.diagnostics, &compiled.files, &args.report, true);
    if args.report.format == Format::Human {
        eprintln!("{}", summary(compiled.module_count, &compiled.diagnostics));
    }
    Ok(if fails(&compiled.diagnostics, args.report.deny_warnings) { EXIT_INPUT } else { EXIT_OK })
}

fn import(args: ImportArgs) -> Result<u8> {
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let display = coursepack_source::display_path(&args.file);
    let text = match coursepack_source::decode_text(bytes) {
        Ok(text) => text,
        Err(bad) => {
            let code = match args.format {
                ImportFormat::Gift => "gift/not-utf8",
                ImportFormat::Aiken => "aiken/not-utf8",
            };
            let file = coursepack_diagnostics::SourceFile::new(display, bad.lossy);
            let problem = Diagnostic::error(code, "the bank is not saved as UTF-8 text, so it cannot be read")
                .at_span(&file, bad.offset..bad.offset + 1)
                .with_hint(bad.hint);
            report(&[problem], &[file], &ReportArgs { format: args.format_problems, deny_warnings: false }, false);
            return Ok(EXIT_INPUT);
        }
    };
    let result = match args.format {
        ImportFormat::Gift => coursepack_quiz::import::import_gift(&text, &display),
        ImportFormat::Aiken => coursepack_quiz::import::import_aiken(&text, &display),
    };
    match result {
        Ok(page) => {
            match &args.out {
                Some(out) => {
                    if !write_new_file(out, page.as_bytes())? {
                        return Ok(EXIT_USAGE);
                    }
                    crate::output::print_stdout(&out.display().to_string());
                }
                None => crate::output::print_stdout(page.trim_end()),
            }
            Ok(EXIT_OK)
        }
        Err(problems) => {
            let files = [coursepack_diagnostics::SourceFile::new(display, text)];
            report(&problems, &files, &ReportArgs { format: args.format_problems, deny_warnings: false }, false);
            Ok(EXIT_INPUT)
        }
    }
}

fn export(args: ExportArgs) -> Result<u8> {
    if !args.module.exists() {
        eprintln!("error: {} does not exist", args.module.display());
        return Ok(EXIT_USAGE);
    }
    if !args.module.join(coursepack_source::MODULE_FILE).is_file() {
        eprintln!(
            "error: {} is not a module folder (it has no {})",
            args.module.display(),
            coursepack_source::MODULE_FILE
        );
        return Ok(EXIT_USAGE);
    }
    if let Some(out) = &args.out
        && out.symlink_metadata().is_ok()
    {
        eprintln!("error: {} already exists; choose a new file", out.display());
        return Ok(EXIT_USAGE);
    }
    let (module, mut problems) = coursepack_source::load_module(&args.module)?;
    let mut files = Vec::new();
    let exported = match &module {
        Some(module) => {
            files.push(module.manifest_file.clone());
            files.extend(module.pages.iter().map(|p| p.file.clone()));
            let (_, quiz, compile_problems) = coursepack_compile::compile_module_with_quiz(module);
            problems.extend(compile_problems);
            Some(match args.bank_format {
                ExportFormat::Gift => coursepack_quiz::export::export_gift(&quiz),
            })
        }
        None => None,
    };
    if fails(&problems, false) || exported.is_none() {
        report(&problems, &files, &args.report, false);
        return Ok(EXIT_INPUT);
    }
    let Some((text, losses)) = exported else { return Ok(EXIT_INPUT) };
    // The module's own warnings are `coursepack check`'s business; here only what the export loses.
    report(&losses, &files, &args.report, false);
    if fails(&losses, args.report.deny_warnings) {
        return Ok(EXIT_INPUT);
    }
    match &args.out {
        Some(out) => {
            if !write_new_file(out, format!("{text}\n").as_bytes())? {
                return Ok(EXIT_USAGE);
            }
            crate::output::print_stdout(&out.display().to_string());
        }
        None => crate::output::print_stdout(&text),
    }
    Ok(EXIT_OK)
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
            eprintln!("error: {} already exists; choose a new file", path.display());
            return Ok(false);
        }
        Err(e) => return Err(e).with_context(|| format!("cannot write {}", path.display())),
    };
    file.write_all(bytes).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(true)
}

fn validate(args: ValidateArgs) -> Result<u8> {
    let mut options = coursepack_validate::Options {
        deep: args.deep,
        strict_schema: args.strict_schema,
        manifest_only: args.manifest_only,
        limits: coursepack_validate::Limits { max_scan_bytes: args.max_scan_mb * 1024 * 1024, ..Default::default() },
        ..Default::default()
    };
    for name in &args.lms {
        match name.parse() {
            Ok(profile) => options.lms.push(profile),
            Err(message) => {
                eprintln!("error: {message}");
                return Ok(EXIT_USAGE);
            }
        }
    }
    let mut reports = Vec::new();
    let mut io_failed = false;
    for result in coursepack_validate::validate_paths(&args.paths, &options) {
        match result {
            Ok(report) => reports.push(report),
            Err(error) => {
                eprintln!("error: {error}");
                io_failed = true;
            }
        }
    }
    match args.format {
        ValidateFormat::Human => crate::output::print_stdout(
            coursepack_validate::render_human(&reports, crate::output::stdout_color()).trim_end(),
        ),
        ValidateFormat::Json => crate::output::print_stdout(&coursepack_validate::render_json(&reports)),
        ValidateFormat::Junit => crate::output::print_stdout(&coursepack_validate::render_junit(&reports)),
    }
    if io_failed {
        return Ok(EXIT_USAGE);
    }
    let all: Vec<_> = reports.iter().flat_map(|r| r.diagnostics.iter().cloned()).collect();
    Ok(if fails(&all, args.deny_warnings) { EXIT_INPUT } else { EXIT_OK })
}

fn targets(spec: &str) -> Result<Vec<Target>, String> {
    if spec == "all" {
        return Ok(Target::ALL.to_vec());
    }
    let mut targets = Vec::new();
    for name in spec.split(',') {
        let target: Target = name.trim().parse()?;
        if !targets.contains(&target) {
            targets.push(target);
        }
    }
    Ok(targets)
}

/// One package to write: a module alone, or a course (index into `Compiled::courses`).
#[derive(Clone, Copy)]
enum Job {
    Module(usize),
    Course(usize),
}

/// The packages a build writes for `target`: the web target gets one site
/// per module; LMS targets one package per course (one SCO/AU per module)
/// and one per module given on its own.
fn jobs_for(compiled: &Compiled, target: Target) -> Vec<Job> {
    if target == Target::Web {
        return (0..compiled.modules.len()).map(Job::Module).collect();
    }
    let courses = (0..compiled.courses.len()).map(Job::Course);
    let alone = (0..compiled.modules.len()).filter(|m| compiled.standalone[*m]).map(Job::Module);
    courses.chain(alone).collect()
}

fn build_command(args: BuildArgs) -> Result<u8> {
    let targets = match targets(&args.target) {
        Ok(targets) => targets,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(EXIT_USAGE);
        }
    };
    let options = match args.lms.parse::<LmsProfile>() {
        Ok(lms) => BuildOptions { lms, readable_player: args.no_minify },
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(EXIT_USAGE);
        }
    };
    let mut compiled = compile_paths(&args.paths)?;
    let mut jobs: Vec<(Job, Target)> = Vec::new();
    for target in &targets {
        jobs.extend(jobs_for(&compiled, *target).into_iter().map(|job| (job, *target)));
    }
    // Prove the learner state fits every LMS target before anything is written.
    let mut checked = std::collections::BTreeSet::new();
    let mut limits = Vec::new();
    for (job, target) in &jobs {
        let members = match job {
            Job::Module(m) => vec![*m],
            Job::Course(c) => compiled.courses[*c].1.clone(),
        };
        for m in members {
            if checked.insert((m, *target)) {
                limits.extend(check_state_limits(&compiled.modules[m], *target, &options));
            }
        }
    }
    limits.extend(course_order_warnings(&compiled, &jobs, options.lms));
    if !limits.is_empty() {
        let mut all: coursepack_diagnostics::Diagnostics =
            std::mem::take(&mut compiled.diagnostics).into_iter().chain(limits).collect();
        all.sort();
        compiled.diagnostics = all.into_iter().collect();
    }
    report(&compiled.diagnostics, &compiled.files, &args.report, false);
    if fails(&compiled.diagnostics, args.report.deny_warnings) {
        if args.report.format == Format::Human {
            eprintln!("{}; nothing was written", summary(compiled.module_count, &compiled.diagnostics));
        }
        return Ok(EXIT_INPUT);
    }
    let course_modules: Vec<Vec<&CompiledModule>> =
        compiled.courses.iter().map(|(_, members)| members.iter().map(|m| &compiled.modules[*m]).collect()).collect();
    let progress = progress_bar(jobs.len() as u64);
    let time = zip_timestamp();
    let results: Vec<_> = jobs
        .par_iter()
        .map(|(job, target)| {
            let content = match job {
                Job::Module(m) => PackageContent::Module(&compiled.modules[*m]),
                Job::Course(c) => PackageContent::Course(&compiled.courses[*c].0, &course_modules[*c]),
            };
            let result = build_package(&content, *target, &options, &args.out, time);
            progress.inc(1);
            (content.id().to_string(), *target, result)
        })
        .collect();
    progress.finish_and_clear();
    let mut failed = false;
    for (id, target, result) in results {
        match result {
            Ok(path) => crate::output::print_stdout(&path.display().to_string()),
            Err(error) => {
                eprintln!("error: building {id} for {target}: {error}");
                failed = true;
            }
        }
    }
    Ok(if failed { EXIT_USAGE } else { EXIT_OK })
}

/// Moodle and Totara run SCORM 2004 content but not its sequencing: a course
/// package's order (each module unlocked by the one before) is not enforced
/// there. SCORM 1.2's `adlcp:prerequisites`, which they do evaluate, is.
fn course_order_warnings(compiled: &Compiled, jobs: &[(Job, Target)], lms: LmsProfile) -> Vec<Diagnostic> {
    if lms.applies_sequencing() {
        return Vec::new();
    }
    jobs.iter()
        .filter_map(|(job, target)| match (job, target) {
            (Job::Course(c), Target::Scorm2004) => Some(*c),
            _ => None,
        })
        .map(|c| {
            let file = &compiled.course_manifests[c];
            // At the module list: `modules`, or the first `[[sections]]` of a course in sections.
            let span = coursepack_source::value_span(file, "modules")
                .or_else(|| coursepack_source::value_span(file, "sections#key"))
                .unwrap_or(0..0);
            Diagnostic::warning(
                "package/course-order-not-enforced",
                format!("course `{}`: {} does not apply SCORM 2004 sequencing, so learners can open its modules in any order", compiled.courses[c].0.id, lms.display_name()),
            )
            .at_span(file, span)
            .with_hint("build the course for scorm12, whose adlcp:prerequisites Moodle and Totara evaluate, or tell learners the order in the course description")
        })
        .collect()
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
