//! Packaging for coursepack: turns a compiled module into the files of a
//! target package and writes them as a deterministic zip, atomically.
//!
//! * [`Target`] names the five package kinds; [`assemble`] lists a package's
//!   files (player output plus the module's assets).
//! * [`write_zip`] writes those files reproducibly (sorted names, fixed time
//!   and permissions, media stored, text deflated) to a temporary file next
//!   to the destination and renames it into place only when complete.
//! * [`build`] does both and returns the path written.

mod manifests;
mod target;
mod timestamp;
mod zipwrite;

pub use target::{assemble, package_file_name, FileContents, PackageFile, Target};
pub use timestamp::{zip_timestamp, ZipTime};
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
    /// Reading a source file or writing the zip failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The zip library refused an entry.
    #[error("writing the zip failed: {0}")]
    Zip(#[from] zip::result::ZipError),
}

/// Build `module` for `target` into `out_dir`, returning the zip's path.
/// Nothing is left behind if this fails: the zip appears complete or not at all.
pub fn build(module: &CompiledModule, target: Target, out_dir: &Path, time: ZipTime) -> Result<PathBuf, PackageError> {
    let files = assemble(module, target)?;
    std::fs::create_dir_all(out_dir)
        .map_err(|source| PackageError::Io { context: format!("cannot create output folder {}", out_dir.display()), source })?;
    let dest = out_dir.join(package_file_name(module, target));
    write_zip(&files, &dest, time)?;
    Ok(dest)
}
