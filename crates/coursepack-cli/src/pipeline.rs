//! Loading and compiling every module named on the command line.

use anyhow::{Result, bail};
use coursepack_compile::{CompiledModule, compile_module};
use coursepack_diagnostics::{Diagnostic, SourceFile};
use coursepack_package::CourseInfo;
use coursepack_source::{Discovered, ParsedModule, discover, load_course, load_module};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every module found under the given paths, compiled, with all problems.
pub struct Compiled {
    /// Compiled modules, in discovery order.
    pub modules: Vec<CompiledModule>,
    /// For each module, true when it was named or found on its own (not only
    /// through a course): it then also gets a package of its own.
    pub standalone: Vec<bool>,
    /// The courses found, each with the indices of its modules in course order.
    pub courses: Vec<(CourseInfo, Vec<usize>)>,
    /// For each course (same order as `courses`), its `course.toml`, so
    /// build-time problems of the whole course can point at it.
    pub course_manifests: Vec<SourceFile>,
    /// Every problem found, sorted by location.
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of the files problems may point into, for snippets.
    pub files: Vec<SourceFile>,
    /// Number of module folders checked.
    pub module_count: usize,
}

/// Discover, load and compile the modules and courses under `paths`.
/// Fails (exit code 2) when a path does not exist, holds no module or
/// course, or cannot be read.
pub fn compile_paths(paths: &[PathBuf]) -> Result<Compiled> {
    let mut diagnostics = Vec::new();
    let mut parsed: Vec<ParsedModule> = Vec::new();
    let mut standalone: Vec<bool> = Vec::new();
    let mut courses: Vec<(CourseInfo, Vec<usize>)> = Vec::new();
    let mut course_manifests = Vec::new();
    let mut files = Vec::new();
    let mut seen_dirs: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut failed = 0;
    for path in paths {
        let found = discover(path)?;
        if found.is_empty() {
            bail!("{} holds no module (module.toml) or course (course.toml)", path.display());
        }
        for item in found {
            match item {
                Discovered::Module(dir) => {
                    if let Some(index) = seen_dirs.get(&canonical(&dir)) {
                        standalone[*index] = true;
                        continue;
                    }
                    let (module, problems) = load_module(&dir)?;
                    diagnostics.extend(problems);
                    match module {
                        Some(module) => {
                            seen_dirs.insert(canonical(&dir), parsed.len());
                            parsed.push(module);
                            standalone.push(true);
                        }
                        None => {
                            failed += 1;
                            files.extend(coursepack_source::manifest_text(&dir, coursepack_source::MODULE_FILE));
                        }
                    }
                }
                Discovered::Course(dir) => {
                    let (course, problems) = load_course(&dir)?;
                    diagnostics.extend(problems);
                    if course.is_none() {
                        files.extend(coursepack_source::manifest_text(&dir, coursepack_source::COURSE_FILE));
                    }
                    if let Some(course) = course {
                        files.push(course.manifest_file.clone());
                        let info = CourseInfo::from(&course.manifest);
                        let mut members = Vec::new();
                        for module in course.modules {
                            let dir = canonical(&module.dir);
                            let index = match seen_dirs.get(&dir) {
                                Some(index) => *index,
                                None => {
                                    seen_dirs.insert(dir, parsed.len());
                                    parsed.push(module);
                                    standalone.push(false);
                                    parsed.len() - 1
                                }
                            };
                            members.push(index);
                        }
                        courses.push((info, members));
                        course_manifests.push(course.manifest_file.clone());
                    }
                }
            }
        }
    }
    check_unique_ids(&parsed, &courses, &mut diagnostics);
    for module in &parsed {
        files.push(module.manifest_file.clone());
        files.extend(module.pages.iter().map(|p| p.file.clone()));
    }
    let results: Vec<(CompiledModule, Vec<Diagnostic>)> = parsed.par_iter().map(compile_module).collect();
    let mut modules = Vec::with_capacity(results.len());
    for (module, problems) in results {
        diagnostics.extend(problems);
        modules.push(module);
    }
    let mut diagnostics: coursepack_diagnostics::Diagnostics = diagnostics.into_iter().collect();
    diagnostics.sort();
    Ok(Compiled {
        module_count: modules.len() + failed,
        modules,
        standalone,
        courses,
        course_manifests,
        diagnostics: diagnostics.into_iter().collect(),
        files,
    })
}

fn canonical(dir: &Path) -> PathBuf {
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

/// Two modules built together must not share an id: their packages (and LMS
/// tracking) would collide. Two modules of one course are left to the course
/// loader, which reports them once at the course's line (`course/duplicate-module-id`).
fn check_unique_ids(modules: &[ParsedModule], courses: &[(CourseInfo, Vec<usize>)], diagnostics: &mut Vec<Diagnostic>) {
    let same_course =
        |a: usize, b: usize| courses.iter().any(|(_, members)| members.contains(&a) && members.contains(&b));
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, module) in modules.iter().enumerate() {
        if module.manifest.id.is_empty() {
            continue;
        }
        if let Some(other) = first.insert(&module.manifest.id, index) {
            if same_course(other, index) {
                continue;
            }
            let other = &modules[other];
            let span = coursepack_source::value_span(&module.manifest_file, "id").unwrap_or(0..0);
            diagnostics.push(
                Diagnostic::error(
                    "module/duplicate-id",
                    format!("this module has the same id `{}` as {}", module.manifest.id, other.manifest_file.path()),
                )
                .at_span(&module.manifest_file, span)
                .with_hint("every module needs its own id; LMSs track learners by it"),
            );
        }
    }
}
