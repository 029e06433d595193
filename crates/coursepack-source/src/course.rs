//! Loading a course folder: `course.toml` and every module it lists.

use crate::manifest::{CourseManifest, COURSE_REQUIRED};
use crate::module::{check_common, load_module, ParsedModule};
use crate::spanned_toml::{read_toml, value_spans};
use crate::{display_path, COURSE_FILE, MODULE_FILE};
use coursepack_diagnostics::{Diagnostic, SourceFile};
use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// A course whose `course.toml` and modules have been read and checked.
#[derive(Clone, Debug)]
pub struct ParsedCourse {
    /// The course folder.
    pub dir: PathBuf,
    /// The metadata from `course.toml`.
    pub manifest: CourseManifest,
    /// The text of `course.toml`, for locating later diagnostics.
    pub manifest_file: SourceFile,
    /// The modules in course order (modules that failed to load are left out and reported).
    pub modules: Vec<ParsedModule>,
}

/// Read and check the course in `dir` and every module it lists. Fails only
/// when `course.toml` cannot be read.
pub fn load_course(dir: &Path) -> io::Result<(Option<ParsedCourse>, Vec<Diagnostic>)> {
    let manifest_path = dir.join(COURSE_FILE);
    let text = std::fs::read_to_string(&manifest_path)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", display_path(&manifest_path))))?;
    let file = SourceFile::new(display_path(&manifest_path), text);
    let (manifest, mut diagnostics) = read_toml::<CourseManifest>(&file, COURSE_REQUIRED);
    let Some(manifest) = manifest else { return Ok((None, diagnostics)) };
    let spans = value_spans(&file);
    let at = |key: &str| spans.get(key).cloned().unwrap_or(0..0);
    check_common(&file, &spans, &manifest.id, &manifest.title, &manifest.version, &manifest.language, &manifest.licence, &mut diagnostics);
    crate::iri::check_activity_base_iri(&file, &spans, manifest.activity_base_iri.as_deref(), &mut diagnostics);
    if manifest.modules.is_empty() && spans.contains_key("modules") {
        diagnostics.push(
            Diagnostic::error("course/no-modules", "the course lists no modules")
                .at_span(&file, at("modules"))
                .with_hint("list module folders in order, e.g. `modules = [\"digital-leadership\"]`"),
        );
    }
    let mut modules = Vec::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for (index, folder) in manifest.modules.iter().enumerate() {
        let span = at(&format!("modules[{index}]"));
        let relative = Path::new(folder);
        if relative.is_absolute() || relative.components().any(|c| matches!(c, Component::Prefix(_))) {
            diagnostics.push(
                Diagnostic::error("course/invalid-module-path", format!("`{folder}` must be a path relative to course.toml"))
                    .at_span(&file, span),
            );
            continue;
        }
        if manifest.modules[..index].contains(folder) {
            diagnostics.push(Diagnostic::error("course/duplicate-module", format!("module `{folder}` is listed twice")).at_span(&file, span));
            continue;
        }
        let module_dir = dir.join(relative);
        if !module_dir.join(MODULE_FILE).is_file() {
            diagnostics.push(
                Diagnostic::error("course/module-not-found", format!("`{folder}` is not a module folder (no module.toml)"))
                    .at_span(&file, span)
                    .with_hint("list folders that contain a module.toml, relative to course.toml"),
            );
            continue;
        }
        let (module, module_diagnostics) = load_module(&module_dir)?;
        diagnostics.extend(module_diagnostics);
        let Some(module) = module else { continue };
        if let Some(other) = ids.insert(module.manifest.id.clone(), folder.clone()) {
            diagnostics.push(
                Diagnostic::error("course/duplicate-module-id", format!("modules `{other}` and `{folder}` both have the id `{}`", module.manifest.id))
                    .at_span(&file, span.clone())
                    .with_hint("every module in a course needs its own id"),
            );
        }
        if !module.manifest.language.is_empty() && module.manifest.language != manifest.language {
            diagnostics.push(
                Diagnostic::warning(
                    "course/language-mismatch",
                    format!("module `{folder}` is in `{}` but the course is in `{}`", module.manifest.language, manifest.language),
                )
                .at_span(&file, span),
            );
        }
        modules.push(module);
    }
    for unlisted in unlisted_modules(dir, &manifest.modules) {
        diagnostics.push(
            Diagnostic::warning("course/unlisted-module", format!("`{unlisted}` is a module folder inside the course but not listed in `modules`"))
                .at_span(&file, at("modules"))
                .with_hint("add it to `modules`, or move it out of the course folder"),
        );
    }
    Ok((Some(ParsedCourse { dir: dir.to_path_buf(), manifest, manifest_file: file, modules }), diagnostics))
}

fn unlisted_modules(dir: &Path, listed: &[String]) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().join(MODULE_FILE).is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !listed.iter().any(|l| l.trim_end_matches('/') == name))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}
