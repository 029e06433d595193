//! Discover, load and compile: everything named for one run, with every
//! problem found, and the rules that need more than one module.

use crate::DriverError;
use crate::plan::Plan;
use coursepack_compile::{CompiledModule, compile_module};
use coursepack_diagnostics::{Diagnostic, Diagnostics, SourceFile};
use coursepack_package::{BuildOptions, CourseInfo, Target};
use coursepack_source::{Discovered, ParsedModule, discover, load_course, load_module};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One compiled module of a project.
#[derive(Clone, Debug)]
pub struct ModuleEntry {
    /// The module, compiled (possibly with errors: see [`Project::diagnostics`]).
    pub compiled: CompiledModule,
    /// Its folder.
    pub dir: PathBuf,
    /// The text of its `module.toml`, so build-time problems can point into it.
    pub manifest: SourceFile,
    /// True when it was named or found on its own, not only through a
    /// course: an LMS build then also gives it a package of its own.
    pub standalone: bool,
}

/// One course of a project.
#[derive(Clone, Debug)]
pub struct CourseEntry {
    /// Its metadata from `course.toml`.
    pub info: CourseInfo,
    /// Its folder.
    pub dir: PathBuf,
    /// The text of its `course.toml`, so course-wide problems can point into it.
    pub manifest: SourceFile,
    /// Its modules in course order, as indices into [`Project::modules`].
    pub modules: Vec<usize>,
}

/// Every module and course found under the paths of one run, compiled, with
/// every problem. Loading never stops at the first problem, and never writes.
#[derive(Clone, Debug)]
pub struct Project {
    modules: Vec<ModuleEntry>,
    courses: Vec<CourseEntry>,
    diagnostics: Vec<Diagnostic>,
    files: Vec<SourceFile>,
    unparsed: usize,
}

impl Project {
    /// Discover, load and compile the modules and courses under `paths`
    /// (module folders, course folders, or folders holding them). A module
    /// reached twice (named, and through a course) is loaded once.
    ///
    /// Fails only on usage and I/O problems: a path that does not exist, is
    /// not a folder, holds nothing, or cannot be read. Problems in the
    /// modules and courses are in [`Project::diagnostics`].
    pub fn load<P: AsRef<Path>>(paths: &[P]) -> Result<Project, DriverError> {
        let mut loader = Loader::default();
        for path in paths {
            loader.path(path.as_ref())?;
        }
        Ok(loader.finish())
    }

    /// The modules, in discovery order.
    pub fn modules(&self) -> &[ModuleEntry] {
        &self.modules
    }

    /// The courses, in discovery order.
    pub fn courses(&self) -> &[CourseEntry] {
        &self.courses
    }

    /// Every problem found while loading and compiling, sorted by location.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The text of every file a diagnostic may point into, for snippets.
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// How many module folders were checked (those whose `module.toml` did
    /// not parse included).
    pub fn module_count(&self) -> usize {
        self.modules.len() + self.unparsed
    }

    /// True when loading found an error.
    pub fn has_errors(&self) -> bool {
        crate::fails(&self.diagnostics, false)
    }

    /// The packages a build of this project for `targets` yields, with the
    /// problems that only a build finds (see [`Plan`]).
    pub fn plan(&self, targets: &[Target], options: &BuildOptions) -> Plan<'_> {
        Plan::new(self, targets, options)
    }
}

/// Collects what each path holds.
#[derive(Default)]
struct Loader {
    parsed: Vec<(ParsedModule, bool)>,
    courses: Vec<(CourseInfo, PathBuf, SourceFile, Vec<usize>)>,
    diagnostics: Vec<Diagnostic>,
    files: Vec<SourceFile>,
    seen: BTreeMap<PathBuf, usize>,
    unparsed: usize,
}

impl Loader {
    fn path(&mut self, path: &Path) -> Result<(), DriverError> {
        if !path.exists() {
            return Err(DriverError::NotFound(path.to_path_buf(), coursepack_source::nearest_name(path)));
        }
        // A path to a module's module.toml or a course's course.toml stands for its folder.
        let is_manifest = path.is_file()
            && path
                .file_name()
                .is_some_and(|n| n == coursepack_source::MODULE_FILE || n == coursepack_source::COURSE_FILE);
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let path = if is_manifest { parent } else { path };
        if !path.is_dir() {
            return Err(DriverError::NotAFolder(path.to_path_buf()));
        }
        let found = discover(path).map_err(|e| DriverError::io(format!("cannot read {}", path.display()), e))?;
        if found.is_empty() {
            return Err(DriverError::NothingFound(path.to_path_buf()));
        }
        for item in found {
            match item {
                Discovered::Module(dir) => self.module(&dir)?,
                Discovered::Course(dir) => self.course(&dir)?,
            }
        }
        Ok(())
    }

    fn module(&mut self, dir: &Path) -> Result<(), DriverError> {
        if let Some(index) = self.seen.get(&canonical(dir)) {
            self.parsed[*index].1 = true;
            return Ok(());
        }
        let (module, problems) = load_module(dir).map_err(|e| DriverError::io("cannot read a module", e))?;
        self.diagnostics.extend(problems);
        match module {
            Some(module) => {
                self.seen.insert(canonical(dir), self.parsed.len());
                self.parsed.push((module, true));
            }
            None => {
                self.unparsed += 1;
                self.files.extend(coursepack_source::manifest_text(dir, coursepack_source::MODULE_FILE));
            }
        }
        Ok(())
    }

    fn course(&mut self, dir: &Path) -> Result<(), DriverError> {
        let (course, problems) = load_course(dir).map_err(|e| DriverError::io("cannot read a course", e))?;
        self.diagnostics.extend(problems);
        let Some(course) = course else {
            self.files.extend(coursepack_source::manifest_text(dir, coursepack_source::COURSE_FILE));
            return Ok(());
        };
        self.files.push(course.manifest_file.clone());
        let info = CourseInfo::from(&course.manifest);
        let mut members = Vec::new();
        for module in course.modules {
            let dir = canonical(&module.dir);
            let index = match self.seen.get(&dir) {
                Some(index) => *index,
                None => {
                    self.seen.insert(dir, self.parsed.len());
                    self.parsed.push((module, false));
                    self.parsed.len() - 1
                }
            };
            members.push(index);
        }
        self.courses.push((info, course.dir, course.manifest_file, members));
        Ok(())
    }

    fn finish(mut self) -> Project {
        let courses: Vec<CourseEntry> = self
            .courses
            .into_iter()
            .map(|(info, dir, manifest, modules)| CourseEntry { info, dir, manifest, modules })
            .collect();
        let parsed: Vec<&ParsedModule> = self.parsed.iter().map(|(m, _)| m).collect();
        self.diagnostics.extend(duplicate_ids(&parsed, &courses));
        for (module, _) in &self.parsed {
            self.files.push(module.manifest_file.clone());
            self.files.extend(module.pages.iter().map(|p| p.file.clone()));
        }
        let compiled: Vec<(CompiledModule, Vec<Diagnostic>)> =
            self.parsed.par_iter().map(|(module, _)| compile_module(module)).collect();
        let mut modules = Vec::with_capacity(compiled.len());
        for ((compiled, problems), (parsed, standalone)) in compiled.into_iter().zip(self.parsed) {
            self.diagnostics.extend(problems);
            modules.push(ModuleEntry { compiled, dir: parsed.dir, manifest: parsed.manifest_file, standalone });
        }
        Project { modules, courses, diagnostics: sorted(self.diagnostics), files: self.files, unparsed: self.unparsed }
    }
}

/// `diagnostics` in report order (file, line, column, code).
pub(crate) fn sorted(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut all: Diagnostics = diagnostics.into_iter().collect();
    all.sort();
    all.into_iter().collect()
}

fn canonical(dir: &Path) -> PathBuf {
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

/// Two modules built together must not share an id: their packages (and LMS
/// tracking) would collide. Two modules of one course are left to the course
/// loader, which reports them once at the course's line (`course/duplicate-module-id`).
fn duplicate_ids(modules: &[&ParsedModule], courses: &[CourseEntry]) -> Vec<Diagnostic> {
    let same_course = |a: usize, b: usize| courses.iter().any(|c| c.modules.contains(&a) && c.modules.contains(&b));
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for (index, module) in modules.iter().enumerate() {
        if module.manifest.meta.id.is_empty() {
            continue;
        }
        let Some(other) = first.insert(&module.manifest.meta.id, index) else { continue };
        if same_course(other, index) {
            continue;
        }
        let other = modules[other];
        let at_id = |file: &SourceFile| coursepack_source::value_span(file, "id").unwrap_or(0..0);
        diagnostics.push(
            Diagnostic::error(
                "module/duplicate-id",
                format!("this module has the same id `{}` as {}", module.manifest.meta.id, other.manifest_file.path()),
            )
            .at_span(&module.manifest_file, at_id(&module.manifest_file))
            .with_hint_at_span(&other.manifest_file, at_id(&other.manifest_file), "the first module with this id")
            .with_hint("every module needs its own id; LMSs track learners by it"),
        );
    }
    diagnostics
}
