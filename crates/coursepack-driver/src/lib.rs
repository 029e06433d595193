//! The coursepack build engine. Every front end (the `coursepack` command,
//! a preview server, an editor plug-in) builds through this crate, so the
//! rules of a build live in one place.
//!
//! A build goes through these stages, each returning its problems as
//! [`Diagnostic`]s (data, never printed here):
//!
//! 1. **discover, load, compile**: [`Project::load`] finds the modules and
//!    courses under the given paths, reads them (`coursepack-source`),
//!    compiles every module in parallel (`coursepack-compile`) and applies
//!    the rules that need more than one module (`module/duplicate-id`).
//! 2. **plan and prove limits**: [`Project::plan`] decides which packages a
//!    build yields ([`Job`]: a course package per LMS target, a package per
//!    module given on its own, a web site per module), proves that every
//!    learner's saved state fits each target, and adds the course rules that
//!    depend on the LMS (`package/course-order-not-enforced`).
//! 3. **render, assemble, write**: [`Plan::build`] renders each module's
//!    player (`coursepack-render`), lists each package's files
//!    (`coursepack-package`) and writes deterministic zips, on every core,
//!    to a folder or into memory ([`Output`]). A zip appears under its
//!    name complete and flushed to disk or not at all; a partial zip of an
//!    interrupted build is removed ([`clean_up_on_interrupt`]) or, failing
//!    that, by the next build into the folder.
//!
//! ```no_run
//! use coursepack_driver::{BuildOptions, Output, Project, Target, zip_timestamp};
//!
//! let project = Project::load(&["modules-src"]).expect("readable folder");
//! let plan = project.plan(&Target::ALL, &BuildOptions::default());
//! if plan.has_errors() {
//!     // plan.diagnostics() says why, located; nothing may be written.
//!     return;
//! }
//! for built in plan.build(&Output::Folder("dist".into()), zip_timestamp(), &|_| {}).expect("no errors") {
//!     println!("{}: {:?}", built.name, built.result.map(|w| w.path().map(|p| p.to_path_buf())));
//! }
//! ```
//!
//! [`new_module`], [`import_bank`] and [`export_gift`] are the other jobs of
//! the command line that touch modules.

mod assemble;
mod bank;
mod build;
mod error;
mod interrupt;
mod plan;
mod project;
mod scaffold;

pub use assemble::{assemble_package, assemble_package_for_zip, build_package, render_package};
pub use bank::{BankFormat, GiftExport, Imported, export_gift, import_bank};
pub use build::{Built, Output, Written};
pub use error::{BuildError, DriverError};
pub use interrupt::clean_up_on_interrupt;

/// Start what every build's first renders do once per process (compiling the
/// page templates, reading the core runtime's stylesheet usage:
/// `coursepack_render::prepare`) on a thread of the pool (rayon), so that a
/// build's first packages do not wait for it: call it before
/// [`Project::load`] when a build follows. Returns at once; a render that
/// needs the templates before they are compiled waits for them instead of
/// compiling them again.
pub fn warm_up_rendering() {
    rayon::spawn(coursepack_render::prepare);
}
pub use plan::{Job, JobContent, Plan};
pub use project::{CourseEntry, ModuleEntry, Project};
pub use scaffold::{NewModule, new_module};

pub use coursepack_compile::CompiledModule;
pub use coursepack_diagnostics::{Diagnostic, Severity, SourceFile};
pub use coursepack_package::{
    BuildOptions, CourseInfo, DeflatedFile, FileContents, LmsProfile, PackageContent, PackageFile, Target, ZipTime,
    write_zip, zip_timestamp,
};

/// True when a run with these problems must fail: any error, or any warning
/// when warnings are denied (`--deny-warnings`).
pub fn fails(diagnostics: &[Diagnostic], deny_warnings: bool) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning))
}
