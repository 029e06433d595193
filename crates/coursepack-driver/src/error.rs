//! The driver's errors: what stops a run (I/O and usage problems), as
//! opposed to problems in the input, which are diagnostics.

use std::path::PathBuf;

/// Why a run could not go on. Problems in modules and courses are never
/// errors: they are diagnostics, returned with the results.
#[derive(Debug, thiserror::Error)]
pub enum DriverError {
    /// A path given to the run does not exist; with the nearest existing name
    /// in its folder, when one is close.
    #[error("{} does not exist{}", .0.display(), .1.as_ref().map(|near| format!("; did you mean `{near}`?")).unwrap_or_default())]
    NotFound(PathBuf, Option<String>),
    /// A path given to the run is a file, where a folder was expected.
    #[error("{} is a file, not a folder: give the folder that holds the module's module.toml (or the course's course.toml)", .0.display())]
    NotAFolder(PathBuf),
    /// A folder given to the run holds no module or course.
    #[error("{} holds no module (module.toml) or course (course.toml)", .0.display())]
    NothingFound(PathBuf),
    /// A folder given to the run is not a module folder.
    #[error("{} is not a module folder (it has no {})", .0.display(), coursepack_source::MODULE_FILE)]
    NotAModule(PathBuf),
    /// [`crate::Plan::build`] was asked to write packages although the plan has errors.
    #[error("the build has {0} error(s); nothing was written")]
    HasErrors(usize),
    /// Reading or writing failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, naming the path.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A usage problem that is not about a path (for example an invalid id given to `new`).
    #[error("{0}")]
    Usage(String),
}

impl DriverError {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        DriverError::Io { context: context.into(), source }
    }
}

/// Why one package could not be built. Each package of a build succeeds or
/// fails on its own; the others are still written.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The player could not be rendered (a bug: the input was checked).
    #[error("rendering the player failed: {0}")]
    Render(#[from] coursepack_render::RenderError),
    /// The package could not be assembled or written.
    #[error(transparent)]
    Package(#[from] coursepack_package::PackageError),
}
