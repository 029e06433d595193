//! The package targets and the list of files each package holds.

use crate::PackageError;
use coursepack_compile::CompiledModule;
use coursepack_render::Runtime;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// A kind of package coursepack can build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// A plain offline web site (works from `file://`).
    Web,
    /// SCORM 1.2.
    Scorm12,
    /// SCORM 2004 4th edition.
    Scorm2004,
    /// xAPI with a TinCan `tincan.xml` package.
    Xapi,
    /// cmi5.
    Cmi5,
}

impl Target {
    /// Every target, in a stable order.
    pub const ALL: [Target; 5] = [Target::Web, Target::Scorm12, Target::Scorm2004, Target::Xapi, Target::Cmi5];

    /// The name used on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Target::Web => "web",
            Target::Scorm12 => "scorm12",
            Target::Scorm2004 => "scorm2004",
            Target::Xapi => "xapi",
            Target::Cmi5 => "cmi5",
        }
    }

    fn runtime(self) -> Runtime {
        match self {
            Target::Web => Runtime::Web,
            Target::Scorm12 => Runtime::Scorm12,
            Target::Scorm2004 => Runtime::Scorm2004,
            Target::Xapi => Runtime::Xapi,
            Target::Cmi5 => Runtime::Cmi5,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Target {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Target::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| format!("unknown target `{s}`; expected one of: web, scorm12, scorm2004, xapi, cmi5, all"))
    }
}

/// Where a package file's bytes come from.
#[derive(Clone, Debug)]
pub enum FileContents {
    /// Generated in memory (pages, player, manifests).
    Bytes(Vec<u8>),
    /// Copied from the module folder (media), streamed when written.
    Disk(PathBuf),
}

/// One file of a package.
#[derive(Clone, Debug)]
pub struct PackageFile {
    /// Path inside the package, `/`-separated.
    pub path: String,
    /// Its contents.
    pub contents: FileContents,
}

/// The file name of a module's package for a target:
/// `<module id>-<version>-<target>.zip`.
pub fn package_file_name(module: &CompiledModule, target: Target) -> String {
    let version: String = module.version.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
    format!("{}-{}-{}.zip", module.id, version, target.name())
}

/// The files of `module`'s package for `target`: the rendered player and
/// every asset the pages use, nothing else from the module folder.
pub fn assemble(module: &CompiledModule, target: Target) -> Result<Vec<PackageFile>, PackageError> {
    let rendered = coursepack_render::render_with(module, target.runtime(), &[coursepack_quiz::PLAYER_JS])
        .map_err(|e| PackageError::Render(e.to_string()))?;
    let mut files: Vec<PackageFile> =
        rendered.into_iter().map(|f| PackageFile { path: f.path, contents: FileContents::Bytes(f.bytes) }).collect();
    for asset in &module.assets {
        if files.iter().any(|f| f.path == asset.package_path) {
            return Err(PackageError::PathConflict(asset.package_path.clone()));
        }
        files.push(PackageFile { path: asset.package_path.clone(), contents: FileContents::Disk(asset.source_path.clone()) });
    }
    for manifest in crate::manifests::manifest_files(module, target, &files)? {
        if files.iter().any(|f| f.path == manifest.path) {
            return Err(PackageError::PathConflict(manifest.path));
        }
        files.push(manifest);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_names_round_trip() {
        for target in Target::ALL {
            assert_eq!(target.name().parse::<Target>(), Ok(target));
        }
        assert!("scorm".parse::<Target>().is_err());
    }
}
