//! What a package holds: its content (a module or a course), the place and
//! identifiers of each module inside it ([`PackagePlan`]), and the list of
//! its files once the players are rendered.

use crate::PackageError;
use crate::manifests::{Layout, Meta, PlacedModule, PlacedSection, ids};
use crate::profile::LmsProfile;
use coursepack_compile::{CompiledModule, Metadata};
use coursepack_render::{
    ActivityData, CourseActivity, CourseData, CourseModuleActivity, CoursePage, CoursePageModule, CoursePageSection,
    CourseTracking, LmsData, OutputFile, RenderOptions, Target,
};
use coursepack_source::DEFAULT_ACTIVITY_BASE_IRI;
use std::path::PathBuf;

/// Where a package file's bytes come from.
#[derive(Clone, Debug)]
pub enum FileContents {
    /// Generated in memory (pages, manifests).
    Bytes(Vec<u8>),
    /// Generated in memory and the same in many packages of a process (the
    /// player's script and stylesheet, a pure function of the target and the
    /// module's widgets): deflated once per process and copied compressed
    /// into each zip (see `write_zip_to`).
    Shared(std::sync::Arc<[u8]>),
    /// Copied from the module folder (media), streamed when written.
    Disk(PathBuf),
}

impl FileContents {
    /// [`FileContents::Shared`] of `bytes`, held once per process: every
    /// module with the same player gets the same allocation, so a course of
    /// 200 modules holds one copy of it, not 200.
    pub fn shared(bytes: Vec<u8>) -> FileContents {
        type Pool = std::sync::Mutex<std::collections::HashSet<std::sync::Arc<[u8]>>>;
        static POOL: std::sync::OnceLock<Pool> = std::sync::OnceLock::new();
        let mut pool = POOL.get_or_init(Pool::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(held) = pool.get(&bytes[..]) {
            return FileContents::Shared(held.clone());
        }
        let held: std::sync::Arc<[u8]> = bytes.into();
        pool.insert(held.clone());
        FileContents::Shared(held)
    }

    /// The bytes, when they are in memory (not media on disk).
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            FileContents::Bytes(bytes) => Some(bytes),
            FileContents::Shared(bytes) => Some(bytes),
            FileContents::Disk(_) => None,
        }
    }
}

/// One file of a package.
#[derive(Clone, Debug)]
pub struct PackageFile {
    /// Path inside the package, `/`-separated.
    pub path: String,
    /// Its contents.
    pub contents: FileContents,
}

/// A course package's own data, from `course.toml`.
#[derive(Clone, Debug, Default)]
pub struct CourseInfo {
    /// The course's metadata; its `activity_base_iri` checked and normalised,
    /// `None` when unset. The package's identifiers and activity IRI derive from its id.
    pub meta: Metadata,
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
            meta: Metadata {
                // A base that fails the check was reported by the source crate; such a course is never packaged.
                activity_base_iri: manifest
                    .meta
                    .activity_base_iri
                    .as_deref()
                    .and_then(|b| coursepack_source::normalise_activity_base_iri(b).ok()),
                ..manifest.meta.clone()
            },
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

impl<'a> PackageContent<'a> {
    /// The module or course id.
    pub fn id(&self) -> &str {
        match self {
            PackageContent::Module(m) => &m.meta.id,
            PackageContent::Course(c, _) => &c.meta.id,
        }
    }

    /// The module or course version.
    pub fn version(&self) -> &str {
        match self {
            PackageContent::Module(m) => &m.meta.version,
            PackageContent::Course(c, _) => &c.meta.version,
        }
    }

    /// The modules, in order.
    pub fn modules(&self) -> Vec<&'a CompiledModule> {
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

/// One module's place in a package, worked out before its player is
/// rendered: its folder, its activity IRI and what its player is told.
#[derive(Clone, Debug)]
pub struct ModuleSlot<'a> {
    /// The module.
    pub module: &'a CompiledModule,
    /// Folder of its player inside the package: empty in a module package,
    /// `<module id>/` in a course package.
    pub folder: String,
    /// Its xAPI/cmi5 activity IRI (the TinCan activity or cmi5 AU id).
    pub activity_iri: String,
    /// What its player must be rendered with (the `#cp-data` a target adds).
    pub player: RenderOptions<'static>,
}

/// A package before its players are rendered: the place and identifiers of
/// every module, and what each player must be told. The driver renders each
/// module's player with [`ModuleSlot::player`] (and, for an xAPI course, the
/// [`PackagePlan::course_page`]), then [`PackagePlan::assemble`] lists the
/// package's files around them. This crate never renders anything itself.
#[derive(Clone, Debug)]
pub struct PackagePlan<'a> {
    content: PackageContent<'a>,
    target: Target,
    options: BuildOptions,
    course_iri: Option<String>,
    slots: Vec<ModuleSlot<'a>>,
}

impl<'a> PackagePlan<'a> {
    /// Place `content`'s modules for `target`. Fails when a module's learner
    /// state cannot be proved to fit the target (see
    /// [`crate::check_state_limits`], which reports the same as a diagnostic).
    pub fn new(content: PackageContent<'a>, target: Target, options: &BuildOptions) -> Result<Self, PackageError> {
        let course = match content {
            PackageContent::Course(info, modules) => Some((info, modules.len())),
            PackageContent::Module(_) => None,
        };
        let base_of = |own: &Option<String>| {
            own.clone()
                .or_else(|| course.and_then(|(c, _)| c.meta.activity_base_iri.clone()))
                .unwrap_or_else(|| DEFAULT_ACTIVITY_BASE_IRI.to_string())
        };
        let course_iri = course.map(|(c, _)| ids::course_iri(&base_of(&c.meta.activity_base_iri), &c.meta.id));
        let mut slots = Vec::new();
        for (position, module) in content.modules().into_iter().enumerate() {
            let folder = if course.is_some() { format!("{}/", module.meta.id) } else { String::new() };
            let activity_iri = ids::module_iri(&base_of(&module.meta.activity_base_iri), &module.meta.id);
            let reflection_max_chars = crate::limits::reflection_limit(module, target, options)
                .map_err(|d| PackageError::StateDoesNotFit(d.message.clone()))?;
            let player = RenderOptions {
                extra_js: &[],
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
                course: course.map(|(c, count)| CourseData {
                    id: c.meta.id.clone(),
                    title: c.meta.title.clone(),
                    position,
                    count,
                }),
                readable_player: options.readable_player,
            };
            slots.push(ModuleSlot { module, folder, activity_iri, player });
        }
        Ok(PackagePlan { content, target, options: *options, course_iri, slots })
    }

    /// The package's modules in order, each with its place and player options.
    pub fn modules(&self) -> &[ModuleSlot<'a>] {
        &self.slots
    }

    /// The target.
    pub fn target(&self) -> Target {
        self.target
    }

    /// What the package holds.
    pub fn content(&self) -> PackageContent<'a> {
        self.content
    }

    /// The page an xAPI course package opens on (TinCan packages have one
    /// launchable activity, so a course opens on a page linking to its
    /// modules), to be rendered with `coursepack_render::render_course_page`;
    /// `None` for every other package.
    pub fn course_page(&self) -> Result<Option<CoursePage>, PackageError> {
        let PackageContent::Course(info, _) = self.content else { return Ok(None) };
        if self.target != Target::Xapi {
            return Ok(None);
        }
        let sections = self.sections(info)?;
        let first = self.slots.first().map(|p| p.module);
        let string = |key: &str, fallback: &str| {
            first.and_then(|m| m.strings.get(key)).cloned().unwrap_or_else(|| fallback.to_string())
        };
        let module = |p: &ModuleSlot<'_>| CoursePageModule {
            title: p.module.meta.title.clone(),
            summary: p.module.meta.summary.clone(),
            href: format!("{}index.html", p.folder),
        };
        Ok(Some(CoursePage {
            language: info.meta.language.clone(),
            title: info.meta.title.clone(),
            summary: info.meta.summary.clone(),
            licence: info.meta.licence.clone(),
            contents_label: string("contents", "Contents"),
            licence_label: string("licence_line", "Shared under the {licence} licence"),
            skip_label: string("skip_to_content", "Skip to content"),
            stylesheet: self.slots.first().map(|p| format!("{}player/player.css", p.folder)).unwrap_or_default(),
            modules: if sections.is_empty() { self.slots.iter().map(module).collect() } else { Vec::new() },
            sections: sections
                .iter()
                .map(|s| CoursePageSection {
                    id: s.id.to_string(),
                    title: s.title.to_string(),
                    summary: s.summary.unwrap_or_default().to_string(),
                    modules: self.slots[s.modules.clone()].iter().map(module).collect(),
                })
                .collect(),
            tracking: CourseTracking {
                course: CourseActivity {
                    id: info.meta.id.clone(),
                    version: info.meta.version.clone(),
                    title: info.meta.title.clone(),
                    language: info.meta.language.clone(),
                    activity_id: self.course_iri.clone().unwrap_or_default(),
                },
                modules: self
                    .slots
                    .iter()
                    .map(|p| CourseModuleActivity {
                        id: p.module.meta.id.clone(),
                        title: p.module.meta.title.clone(),
                        activity_id: p.activity_iri.clone(),
                        assessed: p.module.pass_mark.is_some(),
                    })
                    .collect(),
                strings: ["course_module_done", "course_module_locked"]
                    .into_iter()
                    .filter_map(|key| first.and_then(|m| m.strings.get(key)).map(|v| (key.to_string(), v.clone())))
                    .collect(),
                generator: concat!("coursepack ", env!("CARGO_PKG_VERSION")).to_string(),
            },
            readable_script: self.options.readable_player,
        }))
    }

    fn sections(&self, info: &'a CourseInfo) -> Result<Vec<PlacedSection<'a>>, PackageError> {
        match &self.course_iri {
            Some(iri) => placed_sections(info, self.slots.len(), iri),
            None => Ok(Vec::new()),
        }
    }

    /// The package's files: each module's rendered player (`players`, one
    /// list per module in the order of [`PackagePlan::modules`]) in its
    /// folder with exactly the assets its pages use, the rendered course
    /// page (empty unless [`PackagePlan::course_page`] gave one), and the
    /// target's manifest files.
    pub fn assemble(
        &self,
        players: Vec<Vec<OutputFile>>,
        course_page: Vec<OutputFile>,
    ) -> Result<Vec<PackageFile>, PackageError> {
        if players.len() != self.slots.len() {
            return Err(PackageError::PlayerCount { expected: self.slots.len(), given: players.len() });
        }
        let mut files: Vec<PackageFile> = Vec::new();
        let mut placed = Vec::new();
        for (slot, player) in self.slots.iter().zip(players) {
            let folder = &slot.folder;
            let mut own: Vec<PackageFile> = player
                .into_iter()
                .map(|f| {
                    // The player is the same in every module with the same widgets.
                    let contents = if f.path.starts_with("player/") {
                        FileContents::shared(f.bytes)
                    } else {
                        FileContents::Bytes(f.bytes)
                    };
                    PackageFile { path: format!("{folder}{}", f.path), contents }
                })
                .collect();
            for asset in &slot.module.assets {
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
            placed.push(PlacedModule {
                module: slot.module,
                folder: folder.clone(),
                files: paths,
                activity_iri: slot.activity_iri.clone(),
            });
        }
        let sections = match self.content {
            PackageContent::Course(info, _) => self.sections(info)?,
            PackageContent::Module(_) => Vec::new(),
        };
        files.extend(
            course_page.into_iter().map(|f| PackageFile { path: f.path, contents: FileContents::Bytes(f.bytes) }),
        );
        let (meta_iri, meta) = match self.content {
            PackageContent::Module(m) => (placed[0].activity_iri.clone(), MetaSource::Module(m)),
            PackageContent::Course(c, _) => (self.course_iri.clone().unwrap_or_default(), MetaSource::Course(c)),
        };
        let meta = meta.meta(&meta_iri, &placed);
        let layout = Layout { meta, modules: placed, sections, profile: self.options.lms };
        files.extend(crate::manifests::manifest_files(&layout, self.target));
        let mut seen = std::collections::BTreeSet::new();
        for file in &files {
            if !seen.insert(file.path.as_str()) {
                return Err(PackageError::PathConflict(file.path.clone()));
            }
        }
        Ok(files)
    }
}

/// The course's sections, each with its run of the `count` modules and its block IRI.
fn placed_sections<'a>(
    info: &'a CourseInfo,
    count: usize,
    course_iri: &str,
) -> Result<Vec<PlacedSection<'a>>, PackageError> {
    let in_sections: usize = info.sections.iter().map(|s| s.module_count).sum();
    if !info.sections.is_empty() && in_sections != count {
        return Err(PackageError::SectionMismatch { course: info.meta.id.clone(), in_sections, modules: count });
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
            MetaSource::Module(m) => {
                Meta { info: &m.meta, duration_minutes: m.duration_minutes, is_course: false, activity_iri }
            }
            MetaSource::Course(c) => Meta {
                info: &c.meta,
                // The course takes as long as its modules, when every module says how long it takes.
                duration_minutes: placed.iter().map(|p| p.module.duration_minutes).sum(),
                is_course: true,
                activity_iri,
            },
        }
    }
}
