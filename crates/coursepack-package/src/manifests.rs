//! The standard-specific files each target adds around the players:
//! `imsmanifest.xml` (SCORM 1.2 and 2004, with the schema files it names),
//! `tincan.xml` (xAPI) and `cmi5.xml`. The web target adds none.
//!
//! Every writer works from a [`Layout`]: the package's metadata and, for each
//! module (one in a module package, several in a course package), the folder
//! its player sits in and every file it ships.

mod cmi5;
pub(crate) mod ids;
mod lom;
mod resources;
mod schemas;
mod scorm12;
mod scorm2004;
mod tincan;
mod xml;

use crate::Target;
use crate::profile::LmsProfile;
use crate::target::{FileContents, PackageFile};
use coursepack_compile::{CompiledModule, Metadata};

/// The catalogue metadata of a package: the module's, or the course's.
#[derive(Clone, Debug)]
pub(crate) struct Meta<'a> {
    /// The module's or course's metadata.
    pub info: &'a Metadata,
    pub duration_minutes: Option<u32>,
    /// True for a course package.
    pub is_course: bool,
    /// The package's activity IRI (the module's, or the course's).
    pub activity_iri: &'a str,
}

/// One module inside a package.
#[derive(Clone, Debug)]
pub(crate) struct PlacedModule<'a> {
    pub module: &'a CompiledModule,
    /// Folder of its player inside the package: empty, or `<module id>/`.
    pub folder: String,
    /// Every file it ships (player and assets), package paths, sorted.
    pub files: Vec<String>,
    /// Its activity IRI.
    pub activity_iri: String,
}

impl PlacedModule<'_> {
    /// The page the LMS launches.
    pub fn launch(&self) -> String {
        format!("{}index.html", self.folder)
    }
}

/// One section of a course package: a titled run of its modules.
#[derive(Clone, Debug)]
pub(crate) struct PlacedSection<'a> {
    /// The section id from `course.toml`.
    pub id: &'a str,
    pub title: &'a str,
    /// The summary from `course.toml`, if it gives one.
    pub summary: Option<&'a str>,
    /// The cmi5 block id (see [`ids::section_iri`]).
    pub block_iri: String,
    /// Its modules: indices into [`Layout::modules`].
    pub modules: std::ops::Range<usize>,
}

impl PlacedSection<'_> {
    /// The summary, or the title when the section has none (cmi5 requires a description).
    pub fn description(&self) -> &str {
        self.summary.unwrap_or(self.title)
    }
}

/// Everything a manifest writer needs.
#[derive(Clone, Debug)]
pub(crate) struct Layout<'a> {
    pub meta: Meta<'a>,
    /// Modules in course order.
    pub modules: Vec<PlacedModule<'a>>,
    /// The course's sections in order, covering every module; empty for a
    /// module package or a course without sections.
    pub sections: Vec<PlacedSection<'a>>,
    pub profile: LmsProfile,
}

/// The bytes of every schema a SCORM package ships (both sets).
#[cfg(test)]
pub(crate) fn schema_files() -> Vec<&'static [u8]> {
    schemas::files(schemas::SCORM12).chain(schemas::files(schemas::SCORM2004)).map(|(_, data)| data).collect()
}

/// The manifest files of the package described by `layout` for `target`.
pub(crate) fn manifest_files(layout: &Layout<'_>, target: Target) -> Vec<PackageFile> {
    let bytes =
        |path: &str, bytes: Vec<u8>| PackageFile { path: path.to_string(), contents: FileContents::Bytes(bytes) };
    // The schemas are the same in every package: deflated when the crate was
    // built, copied compressed into the zip (`zipwrite`, `build.rs`).
    let shared = |path: &str, data: &[u8]| PackageFile {
        path: path.to_string(),
        contents: FileContents::Shared(std::sync::Arc::from(data)),
    };
    match target {
        Target::Web => Vec::new(),
        Target::Scorm12 => {
            let mut files = vec![bytes("imsmanifest.xml", scorm12::manifest(layout))];
            files.extend(schemas::files(schemas::SCORM12).map(|(path, data)| shared(path, data)));
            files
        }
        Target::Scorm2004 => {
            let mut files = vec![bytes("imsmanifest.xml", scorm2004::manifest(layout))];
            files.extend(schemas::files(schemas::SCORM2004).map(|(path, data)| shared(path, data)));
            files
        }
        Target::Xapi => vec![bytes("tincan.xml", tincan::manifest(layout))],
        Target::Cmi5 => vec![bytes("cmi5.xml", cmi5::manifest(layout))],
    }
}

/// The SCORM score threshold for a pass mark in percent, as a decimal
/// between 0 and 1 with at most two places (`0.8`, `0.75`, `1`).
pub(crate) fn scaled(pass_mark: u8) -> String {
    let value = f64::from(pass_mark.min(100)) / 100.0;
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_marks_scale_to_two_places() {
        assert_eq!(scaled(80), "0.8");
        assert_eq!(scaled(75), "0.75");
        assert_eq!(scaled(100), "1");
        assert_eq!(scaled(0), "0");
        assert_eq!(scaled(7), "0.07");
    }
}
