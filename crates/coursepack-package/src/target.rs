//! The package targets and the list of files each package holds.

use crate::PackageError;
use crate::manifests::{Layout, Meta, PlacedModule, PlacedSection, ids};
use crate::profile::LmsProfile;
use coursepack_compile::CompiledModule;
use coursepack_render::{
    ActivityData, CourseData, CoursePage, CoursePageModule, CoursePageSection, LmsData, RenderOptions, Runtime,
    render_course_page,
};
use coursepack_source::DEFAULT_ACTIVITY_BASE_IRI;
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

    pub(crate) fn runtime(self) -> Runtime {
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

/// Metadata of a course package, from `course.toml`.
#[derive(Clone, Debug, Default)]
pub struct CourseInfo {
    /// Stable course id; the package's identifiers and activity IRI derive from it.
    pub id: String,
    /// Course title.
    pub title: String,
    /// Version string.
    pub version: String,
    /// BCP 47 language tag.
    pub language: String,
    /// One-paragraph summary.
    pub summary: String,
    /// SPDX licence identifier.
    pub licence: String,
    /// Authors' names.
    pub authors: Vec<String>,
    /// Publishing organisation, if any.
    pub organisation: Option<String>,
    /// Keywords for catalogue metadata.
    pub keywords: Vec<String>,
    /// `activity_base_iri` from `course.toml`, checked and normalised; `None` when unset.
    pub activity_base_iri: Option<String>,
    /// The course's sections in order (empty for a course with a flat `modules`
    /// list). Their module counts add up to the course's modules, which they
    /// take in turn.
    pub sections: Vec<SectionInfo>,
}

/// One section of a course package, from a `[[sections]]` table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SectionInfo {
    /// Stable section id; the cmi5 block id derives from it.
    pub id: String,
    /// Heading of the section.
    pub title: String,
    /// Its summary, when `course.toml` gives one.
    pub summary: Option<String>,
    /// How many of the course's modules, in order, the section holds.
    pub module_count: usize,
}

impl From<&coursepack_source::CourseManifest> for CourseInfo {
    fn from(manifest: &coursepack_source::CourseManifest) -> Self {
        CourseInfo {
            id: manifest.id.clone(),
            title: manifest.title.clone(),
            version: manifest.version.clone(),
            language: manifest.language.clone(),
            summary: manifest.summary.clone(),
            licence: manifest.licence.clone(),
            authors: manifest.authors.clone(),
            organisation: manifest.organisation.clone(),
            keywords: manifest.keywords.clone(),
            // A base that fails the check was reported by the source crate; such a course is never packaged.
            activity_base_iri: manifest
                .activity_base_iri
                .as_deref()
                .and_then(|b| coursepack_source::normalise_activity_base_iri(b).ok()),
            sections: manifest
                .sections
                .iter()
                .map(|s| SectionInfo {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    summary: s.summary.clone(),
                    module_count: s.modules.len(),
                })
                .collect(),
        }
    }
}

/// What one package holds: a module on its own, or a course of modules.
#[derive(Clone, Copy, Debug)]
pub enum PackageContent<'a> {
    /// One module: its player at the package root.
    Module(&'a CompiledModule),
    /// A course: one SCO/AU per module, each module's player in a folder named after its id.
    Course(&'a CourseInfo, &'a [&'a CompiledModule]),
}

impl PackageContent<'_> {
    /// The module or course id.
    pub fn id(&self) -> &str {
        match self {
            PackageContent::Module(m) => &m.id,
            PackageContent::Course(c, _) => &c.id,
        }
    }

    /// The module or course version.
    pub fn version(&self) -> &str {
        match self {
            PackageContent::Module(m) => &m.version,
            PackageContent::Course(c, _) => &c.version,
        }
    }

    /// The modules, in order.
    pub fn modules(&self) -> Vec<&CompiledModule> {
        match self {
            PackageContent::Module(m) => vec![*m],
            PackageContent::Course(_, modules) => modules.to_vec(),
        }
    }
}

/// Choices that apply to a whole build.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// The LMS whose quirks the package allows for (`--lms`).
    pub lms: LmsProfile,
    /// Ship the player's JS and CSS as written instead of minified (`--no-minify`), for debugging.
    pub readable_player: bool,
}

/// The file name of a module's package for a target:
/// `<module id>-<version>-<target>.zip`.
pub fn package_file_name(module: &CompiledModule, target: Target) -> String {
    package_name(&PackageContent::Module(module), target)
}

/// The file name of a package: `<module or course id>-<version>-<target>.zip`.
pub fn package_name(content: &PackageContent<'_>, target: Target) -> String {
    let version: String = content
        .version()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
        .collect();
    format!("{}-{}-{}.zip", content.id(), version, target.name())
}

/// The files of `module`'s package for `target`: the rendered player, every
/// asset the pages use (nothing else from the module folder), and the
/// target's manifest files, for the generic LMS profile.
pub fn assemble(module: &CompiledModule, target: Target) -> Result<Vec<PackageFile>, PackageError> {
    assemble_package(&PackageContent::Module(module), target, &BuildOptions::default())
}

/// The files of a module or course package for `target`. A course's modules
/// each get a folder named after their id holding their player and assets;
/// the manifest at the root lists them in course order.
pub fn assemble_package(
    content: &PackageContent<'_>,
    target: Target,
    options: &BuildOptions,
) -> Result<Vec<PackageFile>, PackageError> {
    let course = match content {
        PackageContent::Course(info, modules) => Some((*info, modules.len())),
        PackageContent::Module(_) => None,
    };
    let base_of = |own: &Option<String>| {
        own.clone()
            .or_else(|| course.and_then(|(c, _)| c.activity_base_iri.clone()))
            .unwrap_or_else(|| DEFAULT_ACTIVITY_BASE_IRI.to_string())
    };
    let course_iri = course.map(|(c, _)| ids::course_iri(&base_of(&c.activity_base_iri), &c.id));
    let mut files: Vec<PackageFile> = Vec::new();
    let mut placed = Vec::new();
    for (position, module) in content.modules().into_iter().enumerate() {
        let folder = if course.is_some() { format!("{}/", module.id) } else { String::new() };
        let activity_iri = ids::module_iri(&base_of(&module.packaging.activity_base_iri), &module.id);
        let reflection_max_chars = crate::limits::reflection_limit(module, target, options)
            .map_err(|d| PackageError::StateDoesNotFit(d.message.clone()))?;
        let render_options = RenderOptions {
            extra_js: &[coursepack_quiz::PLAYER_JS],
            reflection_max_chars: Some(reflection_max_chars),
            lms: options.lms.max_state_length(target).map(|max| LmsData {
                profile: options.lms.name().to_string(),
                max_state_length: max,
                nav_request: options.lms.nav_request(),
            }),
            activity: matches!(target, Target::Xapi | Target::Cmi5).then(|| ActivityData {
                id: activity_iri.clone(),
                question_prefix: ids::question_prefix(&activity_iri),
                course_id: course_iri.clone(),
            }),
            course: course.map(|(c, count)| CourseData { id: c.id.clone(), title: c.title.clone(), position, count }),
            readable_player: options.readable_player,
        };
        let rendered = coursepack_render::render_with_options(module, target.runtime(), &render_options)
            .map_err(|e| PackageError::Render(e.to_string()))?;
        let mut own: Vec<PackageFile> = rendered
            .into_iter()
            .map(|f| PackageFile { path: format!("{folder}{}", f.path), contents: FileContents::Bytes(f.bytes) })
            .collect();
        for asset in &module.assets {
            own.push(PackageFile {
                path: format!("{folder}{}", asset.package_path),
                contents: match &asset.rewritten {
                    Some(bytes) => FileContents::Bytes(bytes.clone()),
                    None => FileContents::Disk(asset.source_path.clone()),
                },
            });
        }
        let mut paths: Vec<String> = own.iter().map(|f| f.path.clone()).collect();
        paths.sort();
        files.extend(own);
        placed.push(PlacedModule { module, folder, files: paths, activity_iri });
    }
    let sections = match (course, &course_iri) {
        (Some((info, count)), Some(iri)) => placed_sections(info, count, iri)?,
        _ => Vec::new(),
    };
    // TinCan packages have one launchable activity: a course opens on a page linking to its modules.
    if let (Target::Xapi, Some((info, _))) = (target, course) {
        files.extend(course_page(info, &placed, &sections)?);
    }
    let (meta_iri, meta) = match content {
        PackageContent::Module(m) => (placed[0].activity_iri.clone(), MetaSource::Module(m)),
        PackageContent::Course(c, _) => (course_iri.clone().unwrap_or_default(), MetaSource::Course(c)),
    };
    let meta = meta.meta(&meta_iri, &placed);
    let layout = Layout { meta, modules: placed, sections, profile: options.lms };
    files.extend(crate::manifests::manifest_files(&layout, target));
    let mut seen = std::collections::BTreeSet::new();
    for file in &files {
        if !seen.insert(file.path.as_str()) {
            return Err(PackageError::PathConflict(file.path.clone()));
        }
    }
    Ok(files)
}

/// The course's sections, each with its run of the `count` modules and its block IRI.
fn placed_sections<'a>(
    info: &'a CourseInfo,
    count: usize,
    course_iri: &str,
) -> Result<Vec<PlacedSection<'a>>, PackageError> {
    let in_sections: usize = info.sections.iter().map(|s| s.module_count).sum();
    if !info.sections.is_empty() && in_sections != count {
        return Err(PackageError::SectionMismatch { course: info.id.clone(), in_sections, modules: count });
    }
    let mut start = 0;
    Ok(info
        .sections
        .iter()
        .map(|s| {
            let modules = start..start + s.module_count;
            start = modules.end;
            PlacedSection {
                id: &s.id,
                title: &s.title,
                summary: s.summary.as_deref().filter(|d| !d.trim().is_empty()),
                block_iri: ids::section_iri(course_iri, &s.id),
                modules,
            }
        })
        .collect())
}

/// `index.html` and `course.js` of an xAPI course package's opening page.
fn course_page(
    info: &CourseInfo,
    placed: &[PlacedModule<'_>],
    sections: &[PlacedSection<'_>],
) -> Result<Vec<PackageFile>, PackageError> {
    let first = placed.first().map(|p| p.module);
    let string = |key: &str, fallback: &str| {
        first.and_then(|m| m.strings.get(key)).cloned().unwrap_or_else(|| fallback.to_string())
    };
    let module = |p: &PlacedModule<'_>| CoursePageModule {
        title: p.module.title.clone(),
        summary: p.module.summary.clone(),
        href: p.launch(),
    };
    let page = CoursePage {
        language: info.language.clone(),
        title: info.title.clone(),
        summary: info.summary.clone(),
        licence: info.licence.clone(),
        contents_label: string("contents", "Contents"),
        licence_label: string("licence", "Licence"),
        stylesheet: placed.first().map(|p| format!("{}player/player.css", p.folder)).unwrap_or_default(),
        modules: if sections.is_empty() { placed.iter().map(module).collect() } else { Vec::new() },
        sections: sections
            .iter()
            .map(|s| CoursePageSection {
                id: s.id.to_string(),
                title: s.title.to_string(),
                summary: s.summary.unwrap_or_default().to_string(),
                modules: placed[s.modules.clone()].iter().map(module).collect(),
            })
            .collect(),
    };
    let rendered = render_course_page(&page).map_err(|e| PackageError::Render(e.to_string()))?;
    Ok(rendered.into_iter().map(|f| PackageFile { path: f.path, contents: FileContents::Bytes(f.bytes) }).collect())
}

/// Where a package's catalogue metadata comes from.
enum MetaSource<'a> {
    Module(&'a CompiledModule),
    Course(&'a CourseInfo),
}

impl<'a> MetaSource<'a> {
    fn meta<'b>(&self, activity_iri: &'b str, placed: &[PlacedModule<'_>]) -> Meta<'b>
    where
        'a: 'b,
    {
        match *self {
            MetaSource::Module(m) => Meta {
                id: &m.id,
                title: &m.title,
                version: &m.version,
                language: &m.language,
                summary: &m.summary,
                licence: &m.licence,
                authors: &m.authors,
                organisation: m.organisation.as_deref(),
                keywords: &m.keywords,
                duration_minutes: m.duration_minutes,
                is_course: false,
                activity_iri,
            },
            MetaSource::Course(c) => Meta {
                id: &c.id,
                title: &c.title,
                version: &c.version,
                language: &c.language,
                summary: &c.summary,
                licence: &c.licence,
                authors: &c.authors,
                organisation: c.organisation.as_deref(),
                keywords: &c.keywords,
                // The course takes as long as its modules, when every module says how long it takes.
                duration_minutes: placed.iter().map(|p| p.module.duration_minutes).sum(),
                is_course: true,
                activity_iri,
            },
        }
    }
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
