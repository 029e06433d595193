//! Command-line arguments, with examples in every command's help.

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use coursepack_driver::{LmsProfile, Target};
use std::path::PathBuf;

/// Turn plain-text e-learning modules into packages every LMS can import.
#[derive(Debug, Parser)]
#[command(name = "coursepack", version, about, long_about = None, after_help = "Examples:
  coursepack new my-module                  start a module that builds and passes its checks
  coursepack check modules-src              report every problem, write nothing
  coursepack build modules-src --out dist   build every module under modules-src
  coursepack completions bash > ~/.local/share/bash-completion/completions/coursepack")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new module folder that builds and passes its own checks.
    #[command(after_help = "Examples:
  coursepack new data-basics
  coursepack new modules-src/welsh-intro --id welsh-intro --language cy --title \"Cyflwyniad\"")]
    New(NewArgs),
    /// Check modules and courses and report every problem; writes nothing.
    #[command(after_help = "Examples:
  coursepack check modules-src/data-stewardship
  coursepack check modules-src --deny-warnings
  coursepack check modules-src --format json > problems.json

Exit codes: 0 no errors (warnings allowed), 1 problems in the input, 2 usage or I/O errors.")]
    Check(CheckArgs),
    /// Build packages: one zip per module (web) or per course and module (LMS targets); prints each zip's path on stdout.
    #[command(after_help = "Examples:
  coursepack build modules-src/data-stewardship
  coursepack build modules-src --target web --out dist
  coursepack build modules-src/digital-leadership-for-libraries --target scorm12 --lms moodle
  coursepack build modules-src/digital-leadership-for-libraries --target all

The default target is `web` and the default output folder is `dist`. For scorm12, scorm2004,
xapi and cmi5 a course folder becomes one package with one SCO/AU per module; a module folder
given on its own becomes a package of its own. Nothing is written unless every module passes
its checks. Progress goes to stderr; zip paths to stdout.
Exit codes: 0 built, 1 problems in the input, 2 usage or I/O errors.")]
    Build(BuildArgs),
    /// Validate SCORM 1.2, SCORM 2004, xAPI (TinCan) and cmi5 packages, ours or anyone's.
    #[command(after_help = "Examples:
  coursepack validate dist/data-stewardship-1.0.0-scorm12.zip
  coursepack validate vendor-course.zip --lms moodle --deny-warnings
  coursepack validate unpacked-package/ --format junit > validate.xml
  coursepack validate --quick huge-package.zip
  coursepack validate --manifest-only vendor/imsmanifest.xml

Each path is a zip, an unpacked folder or a bare manifest file. A bare cmi5.xml is a standalone
course structure (cmi5 spec 14.2: every AU url fully qualified) unless --manifest-only says it
is the manifest of a package whose other files are not given.
Exit codes: 0 no errors, 1 errors (or warnings with --deny-warnings), 2 usage or I/O problems.")]
    Validate(ValidateArgs),
    /// Convert a Moodle GIFT or Aiken question bank into a page of coursepack questions.
    #[command(after_help = "Examples:
  coursepack import gift bank.gift.txt > modules-src/my-module/07-quiz.md
  coursepack import aiken questions.txt --out modules-src/my-module/07-quiz.md

Malformed input is reported at file:line:col and nothing is written.
Exit codes: 0 converted, 1 problems in the input, 2 usage or I/O errors.")]
    Import(ImportArgs),
    /// Write a module's questions as a Moodle GIFT question bank.
    #[command(after_help = "Examples:
  coursepack export gift modules-src/data-stewardship > data-stewardship.gift.txt
  coursepack export gift modules-src/data-stewardship --out bank.gift.txt

Questions GIFT has no type for (ordering, likert, several blanks) are left out, and
anything a written question loses (points, hints, some feedback) is reported as a
warning at the question. Nothing is written when the module has errors.
Exit codes: 0 exported (warnings allowed), 1 problems in the module (or warnings with
--deny-warnings), 2 usage or I/O errors.")]
    Export(ExportArgs),
    /// Work with a module's branching scenarios (`scenario map` draws one's graph).
    #[command(
        subcommand,
        after_help = "Examples:
  coursepack scenario map modules-src/my-module/scenarios/friday-breach.md > map.svg
  coursepack scenario map modules-src/my-module --id friday-breach --dot | dot -Tpng > map.png"
    )]
    Scenario(ScenarioCommand),
    /// Preview a module or course live, inside a local LMS that shows what it records; or run any package.
    #[command(after_help = "Examples:
  coursepack preview modules-src/data-stewardship
  coursepack preview modules-src/data-stewardship --target cmi5 --open
  coursepack preview modules-src/digital-leadership-for-libraries --target scorm2004 --lms moodle
  coursepack preview vendor-course.zip

A module or course folder is built in memory and rebuilt whenever a file under it changes;
the page reloads, keeping the learner's place. A change with errors shows them in the page
(and here) while the last build that worked stays playable. A package (zip or unpacked folder)
is checked by the validator first; its findings are shown beside it, and nothing the
validator finds unsafe is served. The default target is scorm12; the server listens on
127.0.0.1:3000 (another free port when 3000 is taken) until you press Ctrl+C.
Exit codes: 2 when the folder or package cannot be opened or the port cannot be used.")]
    Preview(PreviewArgs),
    /// Print a shell completion script.
    #[command(after_help = "Examples:
  coursepack completions bash > ~/.local/share/bash-completion/completions/coursepack
  coursepack completions zsh > ~/.zfunc/_coursepack
  coursepack completions fish > ~/.config/fish/completions/coursepack.fish

Create the folder first if it does not exist, e.g.
  mkdir -p ~/.local/share/bash-completion/completions")]
    Completions {
        /// The shell to generate completions for.
        shell: clap_complete::Shell,
    },
}

/// `coursepack scenario` subcommands.
#[derive(Debug, Subcommand)]
pub enum ScenarioCommand {
    /// Draw a scenario's graph as SVG (or DOT), so an author sees its branches, endings and problems.
    #[command(after_help = "Examples:
  coursepack scenario map modules-src/my-module/scenarios/friday-breach.md > map.svg
  coursepack scenario map modules-src/my-module/06-case-study.md --out docs/friday-breach.svg
  coursepack scenario map modules-src/my-module --id friday-breach --dot | dot -Tpng > map.png

PATH is a scenario file, a page with ```scenario blocks, or a module folder. When it holds
more than one scenario, --id chooses one. Problems are reported on stderr and marked on the map
(unreachable nodes, dead ends, closed loops, choices to missing nodes); the map is still written.
Exit codes: 0 no errors, 1 the scenario has errors (the map is written when it can be drawn),
2 usage or I/O errors.")]
    Map(MapArgs),
}

/// Arguments of `coursepack scenario map`.
#[derive(Debug, Args)]
pub struct MapArgs {
    /// A scenario file, a page with scenario blocks, or a module folder.
    pub path: PathBuf,
    /// Which scenario, when PATH holds more than one.
    #[arg(long)]
    pub id: Option<String>,
    /// Write Graphviz DOT instead of SVG.
    #[arg(long)]
    pub dot: bool,
    /// Write the map to this file (replacing it) instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Reporting options for the scenario's problems.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Arguments of `coursepack new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Folder to create (must not exist or be empty).
    pub dir: PathBuf,
    /// Module id (default: from the folder name).
    #[arg(long)]
    pub id: Option<String>,
    /// Module title (default: from the folder name).
    #[arg(long)]
    pub title: Option<String>,
    /// Language of the content, as a BCP 47 tag.
    #[arg(long, default_value = "en-GB")]
    pub language: String,
}

/// Options shared by commands that report diagnostics.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format for problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors (exit code 1 when there are any).
    #[arg(long)]
    pub deny_warnings: bool,
}

/// How problems are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style snippets for people.
    Human,
    /// One JSON document for tools (see schemas/diagnostics.schema.json).
    Json,
}

/// Arguments of `coursepack check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Module folders, course folders, or folders containing them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Reporting options.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Arguments of `coursepack import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The format of the question bank.
    #[arg(value_enum)]
    pub format: ImportFormat,
    /// The question bank file.
    pub file: PathBuf,
    /// Write the page here instead of stdout (refuses to overwrite an existing file).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Output format for problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format_problems: Format,
    /// Fail (exit code 1, nothing written) when a question is skipped or loses something.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Arguments of `coursepack preview`.
#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// A module or course folder, or a SCORM / xAPI / cmi5 package (zip or folder).
    pub path: PathBuf,
    /// The target to build and preview (a module or course folder).
    #[arg(long, value_enum, default_value_t = PreviewTarget(Target::Scorm12))]
    pub target: PreviewTarget,
    /// The LMS quirk profile to build for (see docs/lms-profiles.md).
    #[arg(long, value_enum, default_value_t = LmsChoice(LmsProfile::Generic))]
    pub lms: LmsChoice,
    /// The port to listen on (0: any free port). Default: 3000, or any free port when 3000 is taken.
    #[arg(long)]
    pub port: Option<u16>,
    /// The address to listen on. Anything but a loopback address lets other machines see the preview.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// A `--target` value of `preview`: one target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PreviewTarget(pub Target);

impl PreviewTarget {
    const VARIANTS: [PreviewTarget; 5] = [
        PreviewTarget(Target::ALL[0]),
        PreviewTarget(Target::ALL[1]),
        PreviewTarget(Target::ALL[2]),
        PreviewTarget(Target::ALL[3]),
        PreviewTarget(Target::ALL[4]),
    ];
}

const _: () = assert!(PreviewTarget::VARIANTS.len() == Target::ALL.len(), "every target is a preview --target value");

impl ValueEnum for PreviewTarget {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::VARIANTS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()).help(self.0.description()))
    }
}

/// Arguments of `coursepack export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to write.
    #[arg(value_enum, value_name = "FORMAT")]
    pub bank_format: ExportFormat,
    /// The module folder.
    pub module: PathBuf,
    /// Write the bank here instead of stdout (refuses to overwrite an existing file).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Reporting options for the module's problems and what the export loses.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Question bank formats `coursepack export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Moodle GIFT.
    Gift,
}

/// Question bank formats `coursepack import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// Moodle GIFT.
    Gift,
    /// Aiken (single-choice questions).
    Aiken,
}

/// Arguments of `coursepack validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Package zips, unpacked package folders or manifest files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ValidateFormat::Human)]
    pub format: ValidateFormat,
    /// Treat warnings as errors (exit code 1 when there are any).
    #[arg(long)]
    pub deny_warnings: bool,
    /// Read only a zip's central directory (and the files the checks need): skip comparing
    /// every local header and verifying every entry's size and CRC-32, which the default does.
    #[arg(long)]
    pub quick: bool,
    /// The default now (every entry's size and CRC-32 are verified); kept so scripts that
    /// pass it keep working.
    #[arg(long, hide = true, conflicts_with = "quick")]
    pub deep: bool,
    /// Turn the known import traps of an LMS into errors (may be given more than once).
    #[arg(long, value_name = "LMS", value_enum, ignore_case = true)]
    pub lms: Vec<ValidateLms>,
    /// The conformance reading: what the ADL test suite, an XSD or the cmi5 spec rejects but the
    /// main LMSs import and run (warnings by default) is an error, as in xmllint and CATAPULT.
    #[arg(long, alias = "strict-schema")]
    pub strict: bool,
    /// Check only the manifest and its rules; skip the checks that need the package's other
    /// files (files exist, unreferenced files, schema files, content scan). For a manifest
    /// taken out of its package: a bare cmi5.xml is then read as a zip package's manifest
    /// (relative AU urls allowed) instead of a standalone course structure.
    #[arg(long)]
    pub manifest_only: bool,
    /// Most MiB the content scan reads in all (HTML, CSS, JavaScript and SVG files scanned for
    /// loads from other origins, text files searched for file names); the files past it are
    /// listed as not scanned (content/not-scanned).
    #[arg(long, value_name = "MB", default_value_t = coursepack_validate::Limits::default().max_scan_total_bytes / (1024 * 1024), value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub max_scan_mb: u64,
    /// Largest file (in MiB) the content scan reads; larger ones are listed as not scanned.
    #[arg(long, value_name = "MB", default_value_t = coursepack_validate::Limits::default().max_scan_bytes / (1024 * 1024), value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_scan_file_mb: u64,
}

/// How `validate` prints its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    /// rustc-style, grouped by package.
    Human,
    /// One JSON document (see schemas/validate-report.schema.json).
    Json,
    /// JUnit XML for CI dashboards.
    Junit,
}

/// Arguments of `coursepack build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Module folders, course folders, or folders containing them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Package targets, comma-separated, or `all`.
    #[arg(long, short, value_enum, value_delimiter = ',', default_value = "web")]
    pub target: Vec<TargetChoice>,
    /// Folder the zips are written to.
    #[arg(long, short, default_value = "dist")]
    pub out: PathBuf,
    /// The LMS the packages are for, to allow for its known quirks (see docs/lms-profiles.md).
    #[arg(long, value_name = "PROFILE", value_enum, ignore_case = true, default_value = "generic")]
    pub lms: LmsChoice,
    /// Ship the player's JavaScript and CSS as written, with comments, instead of minified: for reading
    /// or debugging the player in an LMS. Packages are bigger (over the 25 KiB payload target for xAPI
    /// and cmi5) and otherwise behave the same.
    #[arg(long)]
    pub no_minify: bool,
    /// Reporting options.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// A `--target` value: one of the library's [`Target`]s, or `all`. The names
/// and help come from [`Target`] itself, so the command line never spells
/// the targets a second time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetChoice {
    /// One target.
    One(Target),
    /// Every target.
    All,
}

impl TargetChoice {
    const VARIANTS: [TargetChoice; 6] = [
        TargetChoice::One(Target::ALL[0]),
        TargetChoice::One(Target::ALL[1]),
        TargetChoice::One(Target::ALL[2]),
        TargetChoice::One(Target::ALL[3]),
        TargetChoice::One(Target::ALL[4]),
        TargetChoice::All,
    ];

    /// The targets of a `--target` list, each once, in the order given (`all`: every target).
    pub fn targets(choices: &[TargetChoice]) -> Vec<Target> {
        let mut targets = Vec::new();
        for choice in choices {
            let more = match choice {
                TargetChoice::One(target) => std::slice::from_ref(target),
                TargetChoice::All => &Target::ALL[..],
            };
            for target in more {
                if !targets.contains(target) {
                    targets.push(*target);
                }
            }
        }
        targets
    }
}

const _: () = assert!(TargetChoice::VARIANTS.len() == Target::ALL.len() + 1, "every target is a --target value");

impl ValueEnum for TargetChoice {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::VARIANTS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            TargetChoice::One(target) => PossibleValue::new(target.name()).help(target.description()),
            TargetChoice::All => PossibleValue::new("all").help("every target"),
        })
    }
}

/// A `--lms` value of `build`: one of the library's [`LmsProfile`]s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LmsChoice(pub LmsProfile);

impl LmsChoice {
    const VARIANTS: [LmsChoice; 4] = [
        LmsChoice(LmsProfile::ALL[0]),
        LmsChoice(LmsProfile::ALL[1]),
        LmsChoice(LmsProfile::ALL[2]),
        LmsChoice(LmsProfile::ALL[3]),
    ];
}

const _: () = assert!(LmsChoice::VARIANTS.len() == LmsProfile::ALL.len(), "every LMS profile is a --lms value");

impl ValueEnum for LmsChoice {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::VARIANTS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()).help(self.0.description()))
    }
}

/// A `--lms` value of `validate`: one of the validator's LMS profiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValidateLms(pub coursepack_validate::LmsProfile);

impl ValidateLms {
    const VARIANTS: [ValidateLms; 3] = [
        ValidateLms(coursepack_validate::LmsProfile::ALL[0]),
        ValidateLms(coursepack_validate::LmsProfile::ALL[1]),
        ValidateLms(coursepack_validate::LmsProfile::ALL[2]),
    ];
}

const _: () = assert!(
    ValidateLms::VARIANTS.len() == coursepack_validate::LmsProfile::ALL.len(),
    "every validator profile is a --lms value"
);

impl ValueEnum for ValidateLms {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::VARIANTS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let value = PossibleValue::new(self.0.name());
        Some(match self.0 {
            coursepack_validate::LmsProfile::SuccessFactors => value.aliases(["sf", "sap"]),
            _ => value,
        })
    }
}
