//! What the preview shows: a module or course built in memory through the
//! driver (rebuilt on every change), or a third-party package read safely
//! after the validator has checked it.

use crate::PreviewError;
use crate::launch::{cmi5_launches, scorm_kind, scorm_launches, tincan_launches};
use crate::package::{Entry, Files, Kind, Launch, Package, open_folder, open_zip, read_text};
use coursepack_driver::{
    BuildOptions, Diagnostic, FileContents, LmsProfile, Output, Project, Severity, SourceFile, Target, Written,
    zip_timestamp,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The most files an unpacked third-party package folder may hold.
const MAX_FOLDER_FILES: usize = 100_000;

/// What was given on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A module or course folder (or a folder holding them): built and watched.
    Source(PathBuf),
    /// A package: a zip, or a folder with `imsmanifest.xml`, `cmi5.xml` or
    /// `tincan.xml` and no `module.toml`/`course.toml`.
    Package(PathBuf),
}

impl Input {
    /// Decide what `path` is. Fails when it does not exist.
    pub fn detect(path: &Path) -> Result<Input, PreviewError> {
        let meta = std::fs::metadata(path).map_err(|e| PreviewError::io(path, e))?;
        if meta.is_file() {
            return Ok(Input::Package(path.to_path_buf()));
        }
        let has = |name: &str| path.join(name).is_file();
        let authored = has("module.toml") || has("course.toml");
        let packaged = has("imsmanifest.xml") || has("cmi5.xml") || has("tincan.xml");
        Ok(if packaged && !authored { Input::Package(path.to_path_buf()) } else { Input::Source(path.to_path_buf()) })
    }
}

/// The build settings the author can change from the preview page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The target built and previewed.
    pub target: Target,
    /// The LMS quirk profile it is built for.
    pub lms: LmsProfile,
}

/// One build of the source.
pub struct Built {
    /// The packages, or `None` when the build has errors (the last good one stays).
    pub packages: Option<Vec<Package>>,
    /// Every problem, as `coursepack build` reports them.
    pub diagnostics: Vec<Diagnostic>,
    /// The files they point into, for snippets.
    pub files: Vec<SourceFile>,
    /// How long it took.
    pub duration: Duration,
}

impl Built {
    /// Number of diagnostics of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }
}

/// Build the modules and courses under `dir` in memory for `settings`.
/// Fails only on usage and I/O problems (the folder is gone or holds no
/// module); problems in the modules are diagnostics.
pub fn build(dir: &Path, settings: Settings) -> Result<Built, PreviewError> {
    let started = Instant::now();
    let project = Project::load(&[dir])?;
    let plan = project.plan(&[settings.target], &BuildOptions { lms: settings.lms, readable_player: false });
    let diagnostics = plan.diagnostics().to_vec();
    let files = project.files().to_vec();
    if plan.has_errors() {
        return Ok(Built { packages: None, diagnostics, files, duration: started.elapsed() });
    }
    let built = plan.build(&Output::Files, zip_timestamp(), &|_| {})?;
    let mut packages = Vec::new();
    for package in built {
        match package.result {
            Ok(Written::Files(list)) => {
                let map = list
                    .into_iter()
                    .map(|f| {
                        let entry = match f.contents {
                            FileContents::Bytes(bytes) => Entry::Bytes(Arc::new(bytes)),
                            FileContents::Shared(bytes) => Entry::Bytes(Arc::new(bytes.to_vec())),
                            FileContents::Disk(path) => Entry::Disk(path),
                            // Output::Files never deflates; read it back all the same.
                            FileContents::Deflated(deflated) => match deflated.inflate() {
                                Ok(bytes) => Entry::Bytes(Arc::new(bytes)),
                                Err(e) => {
                                    return Err(PreviewError::Refused(format!(
                                        "building {} failed: {e}",
                                        package.name
                                    )));
                                }
                            },
                        };
                        Ok((f.path, entry))
                    })
                    .collect::<Result<BTreeMap<String, Entry>, PreviewError>>()?;
                let kind = kind_of(settings.target);
                let mut package = Package { name: package.name, kind, files: Files::Memory(map), launches: Vec::new() };
                package.launches = launches(&package);
                packages.push(package);
            }
            Ok(_) => unreachable!("Output::Files gives files"),
            // the input was checked: a package that cannot be rendered is a bug, reported as such
            Err(e) => return Err(PreviewError::Refused(format!("building {} failed: {e}", package.name))),
        }
    }
    Ok(Built { packages: Some(packages), diagnostics, files, duration: started.elapsed() })
}

fn kind_of(target: Target) -> Kind {
    match target {
        Target::Web => Kind::Web,
        Target::Scorm12 => Kind::Scorm12,
        Target::Scorm2004 => Kind::Scorm2004,
        Target::Xapi => Kind::Xapi,
        Target::Cmi5 => Kind::Cmi5,
    }
}

/// What the package's manifest says an LMS launches (a web site: its index page).
pub fn launches(package: &Package) -> Vec<Launch> {
    match package.kind {
        Kind::Scorm12 | Kind::Scorm2004 => {
            read_text(package, "imsmanifest.xml").map(|m| scorm_launches(&m)).unwrap_or_default()
        }
        Kind::Cmi5 => read_text(package, "cmi5.xml").map(|m| cmi5_launches(&m)).unwrap_or_default(),
        Kind::Xapi => read_text(package, "tincan.xml").map(|m| tincan_launches(&m)).unwrap_or_default(),
        Kind::Web => {
            let title = read_text(package, "index.html")
                .and_then(|html| {
                    let start = html.find("<title>")? + 7;
                    let end = html[start..].find("</title>")? + start;
                    Some(html[start..end].trim().to_string())
                })
                .unwrap_or_else(|| package.name.clone());
            vec![Launch { id: package.name.clone(), title, href: "index.html".into(), ..Launch::default() }]
        }
    }
}

/// A third-party package, validated.
pub struct Opened {
    /// The package, or `None` when the validator found it unsafe to read
    /// (a broken zip container) or it has no manifest the preview can run.
    pub package: Option<Package>,
    /// The validator's report.
    pub report: coursepack_validate::PackageReport,
    /// Why the package is not served, when it is not.
    pub refused: Option<String>,
}

/// Validate the package at `path` (zip or folder), then open it for serving
/// unless the validator found its container unsafe: any `zip/` error (names
/// that climb out, absolute or drive paths, duplicates, bombs, encryption,
/// symbolic links...) means nothing of it is served.
pub fn open_package(path: &Path) -> Result<Opened, PreviewError> {
    let report = coursepack_validate::validate_path(path, &coursepack_validate::Options::default())
        .map_err(|e| PreviewError::Refused(e.to_string()))?;
    let unsafe_container =
        report.diagnostics.iter().find(|d| d.severity == Severity::Error && d.code.starts_with("zip/"));
    if let Some(d) = unsafe_container {
        let refused = format!("the validator found the package unsafe to open ({}: {})", d.code, d.message);
        return Ok(Opened { package: None, report, refused: Some(refused) });
    }
    let files = if path.is_dir() { open_folder(path, MAX_FOLDER_FILES)? } else { open_zip(path)? };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let mut package = Package { name, kind: Kind::Web, files, launches: Vec::new() };
    package.kind = if package.has("imsmanifest.xml") {
        read_text(&package, "imsmanifest.xml").map_or(Kind::Scorm2004, |m| scorm_kind(&m))
    } else if package.has("cmi5.xml") {
        Kind::Cmi5
    } else if package.has("tincan.xml") {
        Kind::Xapi
    } else {
        let refused = "the package has no imsmanifest.xml, cmi5.xml or tincan.xml at its root".to_string();
        return Ok(Opened { package: None, report, refused: Some(refused) });
    };
    package.launches = launches(&package);
    if package.launches.is_empty() {
        let refused = "its manifest names nothing to launch".to_string();
        return Ok(Opened { package: None, report, refused: Some(refused) });
    }
    Ok(Opened { package: Some(package), report, refused: None })
}
