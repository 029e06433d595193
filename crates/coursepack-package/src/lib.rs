//! Packaging for coursepack: turns compiled modules into the files of a
//! target package and writes them as a deterministic zip, atomically.
//!
//! * [`Target`] names the five package kinds. A package holds one module, or
//!   a whole course ([`PackageContent`]). [`assemble_package`] lists its
//!   files: each module's player and assets, and the target's manifest
//!   (`imsmanifest.xml` with its schema files, `tincan.xml`, `cmi5.xml`).
//! * [`LmsProfile`] selects the allowances made for a particular LMS.
//! * [`check_state_limits`] proves before anything is written that the
//!   learner's saved state fits the target, and [`reflection_limit`] gives
//!   the longest text each reflection may then hold (the player's `maxlength`).
//! * [`write_zip`] writes the files reproducibly (sorted names, fixed time
//!   and permissions, media stored, text deflated) to a temporary file next
//!   to the destination and renames it into place only when complete.
//! * [`build`] and [`build_package`] do both and return the path written.

mod limits;
mod manifests;
mod profile;
mod target;
mod timestamp;
mod zipwrite;

pub use limits::{check_state_limits, reflection_limit};
pub use profile::{LmsProfile, SCORM12_STATE_LIMIT, SCORM2004_STATE_LIMIT, XAPI_STATE_LIMIT};
pub use target::{
    BuildOptions, CourseInfo, FileContents, PackageContent, PackageFile, SectionInfo, Target, assemble,
    assemble_package, package_file_name, package_name,
};
pub use timestamp::{ZipTime, zip_timestamp};
pub use zipwrite::{is_precompressed, write_zip};

use coursepack_compile::CompiledModule;
use std::path::{Path, PathBuf};

/// Why a package could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// Two files would have the same path inside the package.
    #[error("two files would be written to `{0}` inside the package")]
    PathConflict(String),
    /// The player could not be rendered.
    #[error("rendering the player failed: {0}")]
    Render(String),
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

/// Build `module` for `target` into `out_dir` for the generic LMS profile,
/// returning the zip's path. Nothing is left behind if this fails: the zip
/// appears complete or not at all.
pub fn build(module: &CompiledModule, target: Target, out_dir: &Path, time: ZipTime) -> Result<PathBuf, PackageError> {
    build_package(&PackageContent::Module(module), target, &BuildOptions::default(), out_dir, time)
}

/// Build a module or course package for `target` into `out_dir` as
/// `<id>-<version>-<target>.zip`, returning its path; atomic like [`build`].
pub fn build_package(
    content: &PackageContent<'_>,
    target: Target,
    options: &BuildOptions,
    out_dir: &Path,
    time: ZipTime,
) -> Result<PathBuf, PackageError> {
    let files = assemble_package(content, target, options)?;
    std::fs::create_dir_all(out_dir).map_err(|source| PackageError::Io {
        context: format!("cannot create output folder {}", out_dir.display()),
        source,
    })?;
    let dest = out_dir.join(package_name(content, target));
    write_zip(&files, &dest, time)?;
    Ok(dest)
}
