//! Packaging for coursepack: turns compiled modules and their rendered
//! players into the files of a target package and writes them as a
//! deterministic zip, atomically.
//!
//! * [`Target`] (defined by `coursepack-render`, re-exported here) names the
//!   five package kinds. A package holds one module, or a whole course
//!   ([`PackageContent`]). [`PackagePlan`] places each module and says what
//!   its player must be rendered with; once the caller (the driver) has
//!   rendered them, [`PackagePlan::assemble`] lists the package's files: each
//!   module's player and assets, and the target's manifest
//!   (`imsmanifest.xml` with its schema files, `tincan.xml`, `cmi5.xml`).
//!   This crate never renders: `coursepack-driver` runs the pipeline.
//! * [`LmsProfile`] selects the allowances made for a particular LMS.
//! * [`check_state_limits`] proves before anything is written that the
//!   learner's saved state fits the target, and [`reflection_limit`] gives
//!   the longest text each reflection may then hold (the player's `maxlength`).
//! * [`write_zip`] writes the files reproducibly (sorted names, fixed time
//!   and permissions, media stored, text deflated) to a temporary file next
//!   to the destination and renames it into place only when complete.

mod limits;
mod manifests;
mod profile;
mod target;
mod timestamp;
mod zipentry;
mod zipwrite;

pub use coursepack_render::Target;
pub use limits::{check_state_limits, reflection_limit};
pub use profile::{LmsProfile, SCORM12_STATE_LIMIT, SCORM2004_STATE_LIMIT, XAPI_STATE_LIMIT};
pub use target::{
    BuildOptions, CourseInfo, FileContents, ModuleSlot, PackageContent, PackageFile, PackagePlan, SectionInfo,
    package_file_name, package_name, player_files,
};
pub use timestamp::{ZipTime, zip_timestamp};
pub use zipwrite::{
    DeflatedFile, PARTIAL_PREFIX, PARTIAL_SUFFIX, PartialZip, is_precompressed, remove_partial_files,
    remove_stale_partial_files, write_partial_zip, write_zip, write_zip_to,
};

/// Why a package could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// Two files would have the same path inside the package.
    #[error("two files would be written to `{0}` inside the package")]
    PathConflict(String),
    /// [`PackagePlan::assemble`] was given a different number of players than the package has modules.
    #[error("the package has {expected} modules but {given} players were rendered")]
    PlayerCount {
        /// Modules in the package.
        expected: usize,
        /// Players given.
        given: usize,
    },
    /// The learner's saved state cannot be proved to fit the target (see [`check_state_limits`]).
    #[error("{0}")]
    StateDoesNotFit(String),
    /// Reading a source file or writing the zip failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A course's sections do not add up to its modules (the course was not
    /// loaded through `coursepack_source::load_course`, which checks this).
    #[error("the sections of course `{course}` hold {in_sections} modules but the course has {modules}")]
    SectionMismatch {
        /// The course id.
        course: String,
        /// Modules the sections count.
        in_sections: usize,
        /// Modules given.
        modules: usize,
    },
    /// The zip library refused an entry.
    #[error("writing the zip failed: {0}")]
    Zip(#[from] zip::result::ZipError),
}
