//! Loading a course folder: `course.toml` and every module it lists.

use crate::manifest::{COURSE_REQUIRED, CourseManifest, SECTION_REQUIRED};
use crate::module::{ParsedModule, check_common, is_valid_id, load_module, read_manifest};
use crate::spanned_toml::{read_manifest_toml, value_spans};
use crate::{COURSE_FILE, MODULE_FILE, display_path};
use coursepack_diagnostics::{Diagnostic, SourceFile};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io;
use std::ops::Range;
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
    let root = crate::confine::real_root(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", display_path(dir))))?;
    let file = match read_manifest(dir, &root, COURSE_FILE, "course folder")? {
        Ok(file) => file,
        Err(problem) => return Ok((None, vec![problem])),
    };
    let (manifest, mut diagnostics) = read_manifest_toml::<CourseManifest>(&file, COURSE_REQUIRED);
    let Some(manifest) = manifest else { return Ok((None, diagnostics)) };
    let spans = value_spans(&file);
    let at = |key: &str| spans.get(key).cloned().unwrap_or(0..0);
    check_common(
        &file,
        &spans,
        &manifest.meta.id,
        &manifest.meta.title,
        &manifest.meta.version,
        &manifest.meta.language,
        &manifest.meta.licence,
        &mut diagnostics,
    );
    crate::iri::check_activity_base_iri(&file, &spans, manifest.meta.activity_base_iri.as_deref(), &mut diagnostics);
    check_module_list(&file, &spans, &manifest, &mut diagnostics);
    let folders = listed_folders(&manifest);
    // The listed folders are checked in order; the modules are then read
    // and parsed on every core (rayon), and every problem is reported in
    // course order, as when they were read one after another.
    let mut listed = Vec::new();
    for (index, (folder, key)) in folders.iter().enumerate() {
        let folder = *folder;
        let span = at(key);
        let relative = Path::new(folder);
        if relative.is_absolute() || relative.components().any(|c| matches!(c, Component::Prefix(_))) {
            diagnostics.push(
                Diagnostic::error(
                    "course/invalid-module-path",
                    format!("`{folder}` must be a path relative to course.toml"),
                )
                .at_span(&file, span),
            );
            continue;
        }
        if let Some((_, first_key)) = folders[..index].iter().find(|(other, _)| *other == folder) {
            let message = match (section_of(&manifest, first_key), section_of(&manifest, key)) {
                (Some(first), Some(this)) if first != this => {
                    format!("module `{folder}` is already in section `{first}`")
                }
                _ => format!("module `{folder}` is listed twice"),
            };
            diagnostics.push(
                Diagnostic::error("course/duplicate-module", message)
                    .at_span(&file, span)
                    .with_hint("a module belongs to one place in the course; remove one of the entries"),
            );
            continue;
        }
        let module_dir = dir.join(relative);
        match crate::confine::confine(&root, relative) {
            Ok(_) => {}
            Err(refused) => {
                diagnostics.push(
                    Diagnostic::error("course/module-outside-course", refused.message(folder, folder, "course folder"))
                        .at_span(&file, span)
                        .with_hint(match refused {
                            crate::confine::Refused::PathOutside => {
                                "move the module folder into the course folder and list it relative to course.toml"
                                    .to_string()
                            }
                            _ => refused.hint("course folder"),
                        }),
                );
                continue;
            }
        }
        if !module_dir.join(MODULE_FILE).is_file() {
            diagnostics.push(
                Diagnostic::error(
                    "course/module-not-found",
                    format!("`{folder}` is not a module folder (no module.toml)"),
                )
                .at_span(&file, span)
                .with_hint("list folders that contain a module.toml, relative to course.toml"),
            );
            continue;
        }
        listed.push(Listed { folder, span, module_dir, problems: std::mem::take(&mut diagnostics) });
    }
    let loaded: Vec<io::Result<(Option<ParsedModule>, Vec<Diagnostic>)>> =
        listed.par_iter().map(|entry| load_module(&entry.module_dir)).collect();
    let mut modules = Vec::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut found = Vec::new();
    for (entry, loaded) in listed.into_iter().zip(loaded) {
        let Listed { folder, span, problems, .. } = entry;
        found.extend(problems);
        let (module, module_diagnostics) = loaded?;
        found.extend(module_diagnostics);
        let diagnostics = &mut found;
        let Some(module) = module else { continue };
        if let Some(other) = ids.insert(module.manifest.meta.id.clone(), folder.to_string()) {
            diagnostics.push(
                Diagnostic::error(
                    "course/duplicate-module-id",
                    format!("modules `{other}` and `{folder}` both have the id `{}`", module.manifest.meta.id),
                )
                .at_span(&file, span.clone())
                .with_hint("every module in a course needs its own id"),
            );
        }
        if !module.manifest.meta.language.is_empty() && module.manifest.meta.language != manifest.meta.language {
            diagnostics.push(
                Diagnostic::warning(
                    "course/language-mismatch",
                    format!(
                        "module `{folder}` is in `{}` but the course is in `{}`",
                        module.manifest.meta.language, manifest.meta.language
                    ),
                )
                .at_span(&file, span),
            );
        }
        modules.push(module);
    }
    // Problems of the entries after the last module read.
    found.append(&mut diagnostics);
    let mut diagnostics = found;
    let list_key = if manifest.sections.is_empty() { "modules" } else { "sections" };
    let listed: Vec<&str> = folders.iter().map(|(folder, _)| *folder).collect();
    for unlisted in unlisted_modules(dir, &listed) {
        diagnostics.push(
            Diagnostic::warning(
                "course/unlisted-module",
                format!("`{unlisted}` is a module folder inside the course but not listed in `{list_key}`"),
            )
            .at_span(&file, at(list_key))
            .with_hint(if manifest.sections.is_empty() {
                "add it to `modules`, or move it out of the course folder"
            } else {
                "add it to the `modules` of a section, or move it out of the course folder"
            }),
        );
    }
    Ok((Some(ParsedCourse { dir: dir.to_path_buf(), manifest, manifest_file: file, modules }), diagnostics))
}

/// A listed module folder that passed the course's checks, with the
/// problems reported before it (in course order).
struct Listed<'a> {
    folder: &'a str,
    span: std::ops::Range<usize>,
    module_dir: std::path::PathBuf,
    problems: Vec<Diagnostic>,
}

/// Every module folder the course lists, in course order, with the key path
/// of its entry (`modules[2]`, `sections[1].modules[0]`) for locating problems.
/// When a course has both lists (an error), only `modules` is read.
fn listed_folders(manifest: &CourseManifest) -> Vec<(&str, String)> {
    if !manifest.modules.is_empty() || manifest.sections.is_empty() {
        return manifest
            .modules
            .iter()
            .enumerate()
            .map(|(i, folder)| (folder.as_str(), format!("modules[{i}]")))
            .collect();
    }
    manifest
        .sections
        .iter()
        .enumerate()
        .flat_map(|(s, section)| {
            section
                .modules
                .iter()
                .enumerate()
                .map(move |(i, folder)| (folder.as_str(), format!("sections[{s}].modules[{i}]")))
        })
        .collect()
}

/// The id (or, without one, the 1-based number) of the section a `sections[N]…` key path is in.
fn section_of(manifest: &CourseManifest, key: &str) -> Option<String> {
    let index: usize = key.strip_prefix("sections[")?.split(']').next()?.parse().ok()?;
    let section = manifest.sections.get(index)?;
    Some(if section.id.is_empty() { format!("{}", index + 1) } else { section.id.clone() })
}

/// The checks of how the course lists its modules: exactly one of `modules`
/// and `sections`, neither empty, and every section complete with an id of
/// its own.
fn check_module_list(
    file: &SourceFile,
    spans: &BTreeMap<String, Range<usize>>,
    manifest: &CourseManifest,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let at = |key: &str| spans.get(key).cloned().unwrap_or(0..0);
    let has_modules = spans.contains_key("modules");
    let has_sections = spans.contains_key("sections");
    match (has_modules, has_sections) {
        (false, false) => diagnostics.push(
            Diagnostic::error("toml/missing-key", "`course.toml` is missing required key `modules` (or `[[sections]]`)")
                .at_span(file, 0..0)
                .with_hint("list module folders in order, e.g. `modules = [\"digital-leadership\"]`, or group them in `[[sections]]` tables"),
        ),
        (true, true) => diagnostics.push(
            Diagnostic::error("course/modules-and-sections", "the course has both `modules` and `[[sections]]`")
                .at_span(file, at("sections#key"))
                .with_hint("list every module inside a section and remove the top-level `modules`, or remove the sections"),
        ),
        _ => {}
    }
    if has_modules && manifest.modules.is_empty() {
        diagnostics.push(
            Diagnostic::error("course/no-modules", "the course lists no modules")
                .at_span(file, at("modules"))
                .with_hint("list module folders in order, e.g. `modules = [\"digital-leadership\"]`"),
        );
    }
    if has_sections && manifest.sections.is_empty() && spans.contains_key("sections") && !has_modules {
        diagnostics.push(
            Diagnostic::error("course/no-modules", "the course has no sections")
                .at_span(file, at("sections"))
                .with_hint(
                    "add `[[sections]]` tables with an `id`, a `title` and `modules`, or list the modules in `modules`",
                ),
        );
    }
    let mut section_ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, section) in manifest.sections.iter().enumerate() {
        let key = format!("sections[{index}]");
        let number = index + 1;
        for required in SECTION_REQUIRED {
            if !spans.contains_key(&format!("{key}.{required}")) {
                diagnostics.push(
                    Diagnostic::error("course/section-missing-key", format!("section {number} has no `{required}`"))
                        .at_span(file, section_header(spans, &key))
                        .with_hint(match *required {
                            "id" => "add a line `id = \"...\"`: lowercase letters, digits and hyphens, chosen once and never changed",
                            "title" => "add a line `title = \"...\"`: the heading learners see",
                            _ => "add a line `modules = [\"...\"]` listing the section's module folders in order",
                        }),
                );
            }
        }
        let id_key = format!("{key}.id");
        if spans.contains_key(&id_key) {
            if !is_valid_id(&section.id) {
                diagnostics.push(
                    Diagnostic::error("manifest/invalid-id", format!("`{}` is not a valid section id", section.id))
                        .at_span(file, at(&id_key))
                        .with_hint("use lowercase letters, digits and hyphens (at most 64), e.g. `foundations`; choose it once and never change it"),
                );
            } else if let Some(first) = section_ids.insert(&section.id, number) {
                diagnostics.push(
                    Diagnostic::error(
                        "course/duplicate-section-id",
                        format!("sections {first} and {number} both have the id `{}`", section.id),
                    )
                    .at_span(file, at(&id_key))
                    .with_hint("every section in a course needs its own id"),
                );
            }
        }
        let title_key = format!("{key}.title");
        if spans.contains_key(&title_key) && section.title.trim().is_empty() {
            diagnostics.push(
                Diagnostic::error("manifest/empty-title", format!("section {number} has an empty title"))
                    .at_span(file, at(&title_key)),
            );
        }
        if section.title.chars().count() > 200 {
            diagnostics.push(
                Diagnostic::error(
                    "manifest/title-too-long",
                    format!("the title has {} characters; LMSs accept at most 200", section.title.chars().count()),
                )
                .at_span(file, at(&title_key))
                .with_hint("shorten the title; put detail in `summary`"),
            );
        }
        let modules_key = format!("{key}.modules");
        if spans.contains_key(&modules_key) && section.modules.is_empty() {
            diagnostics.push(
                Diagnostic::error("course/empty-section", format!("section {number} lists no modules"))
                    .at_span(file, at(&modules_key))
                    .with_hint("list the section's module folders in order, or remove the section"),
            );
        }
    }
}

/// The span of a `[[sections]]` table's header line, or of the table when it has none.
fn section_header(spans: &BTreeMap<String, Range<usize>>, key: &str) -> Range<usize> {
    spans.get(key).cloned().unwrap_or(0..0)
}

fn unlisted_modules(dir: &Path, listed: &[&str]) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                // Links are not followed here: a listed link is checked where it is listed.
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter(|e| e.path().join(MODULE_FILE).is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !listed.iter().any(|l| l.trim_end_matches('/') == name))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str =
        "id = \"c\"\ntitle = \"Course\"\nversion = \"1.0.0\"\nlanguage = \"en\"\nsummary = \"A course.\"\n";

    /// A course folder holding modules `a`, `b` and `c` and the given `course.toml` body after [`HEAD`].
    fn course_dir(body: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temporary folder");
        for id in ["a", "b", "c"] {
            let module = dir.path().join(id);
            std::fs::create_dir(&module).expect("module folder");
            std::fs::write(
                module.join(MODULE_FILE),
                format!("id = \"{id}\"\ntitle = \"Module {id}\"\nversion = \"1.0.0\"\nlanguage = \"en\"\nsummary = \"A module.\"\npages = [\"01-a.md\"]\n"),
            )
            .expect("module.toml");
            std::fs::write(module.join("01-a.md"), "# A\n\nText.\n").expect("page");
        }
        std::fs::write(dir.path().join(COURSE_FILE), format!("{HEAD}{body}")).expect("course.toml");
        dir
    }

    /// Each problem as `code@line:column`.
    fn problems(body: &str) -> Vec<String> {
        let dir = course_dir(body);
        let (_, diagnostics) = load_course(dir.path()).expect("readable");
        diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}@{}",
                    d.code,
                    d.location.as_ref().map(|l| format!("{}:{}", l.line, l.column)).unwrap_or_default()
                )
            })
            .collect()
    }

    const SECTIONS: &str = "\n[[sections]]\nid = \"start\"\ntitle = \"Getting started\"\nmodules = [\"a\"]\n\n[[sections]]\nid = \"more\"\ntitle = \"Going further\"\nsummary = \"Two more modules.\"\nmodules = [\"b\", \"c\"]\n";

    #[test]
    fn sections_list_the_modules_in_order() {
        let dir = course_dir(SECTIONS);
        let (course, diagnostics) = load_course(dir.path()).expect("readable");
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let course = course.expect("course");
        let ids: Vec<&str> = course.modules.iter().map(|m| m.manifest.meta.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(course.manifest.module_folders(), ["a", "b", "c"]);
        let sections: Vec<(&str, &str, usize)> =
            course.manifest.sections.iter().map(|s| (s.id.as_str(), s.title.as_str(), s.modules.len())).collect();
        assert_eq!(sections, [("start", "Getting started", 1), ("more", "Going further", 2)]);
        assert_eq!(course.manifest.sections[1].summary.as_deref(), Some("Two more modules."));
    }

    #[test]
    fn a_flat_course_stays_valid() {
        assert_eq!(problems("modules = [\"a\", \"b\", \"c\"]\n"), Vec::<String>::new());
    }

    #[test]
    fn both_lists_or_neither_are_errors() {
        assert_eq!(
            problems(&format!("modules = [\"a\", \"b\", \"c\"]\n{SECTIONS}")),
            ["course/modules-and-sections@8:3"]
        );
        assert_eq!(
            problems(""),
            [
                "toml/missing-key@1:1",
                "course/unlisted-module@1:1",
                "course/unlisted-module@1:1",
                "course/unlisted-module@1:1"
            ]
        );
    }

    #[test]
    fn every_section_mistake_is_located() {
        let body = "\n[[sections]]\ntitle = \"No id\"\nmodules = [\"a\"]\n\n[[sections]]\nid = \"x\"\nmodules = [\"b\"]\n\n[[sections]]\nid = \"x\"\ntitle = \"Same id\"\nmodules = []\n\n[[sections]]\nid = \"Bad_Id\"\ntitle = \"  \"\nmodules = [\"c\", \"a\"]\ntitel = \"typo\"\n";
        assert_eq!(
            problems(body),
            [
                "toml/unknown-key@24:1",
                "course/section-missing-key@7:1",
                "course/section-missing-key@11:1",
                "course/duplicate-section-id@16:6",
                "course/empty-section@18:11",
                "manifest/invalid-id@21:6",
                "manifest/empty-title@22:9",
                "course/duplicate-module@23:17",
            ]
        );
    }

    #[test]
    fn unknown_keys_in_a_section_name_the_section_and_suggest_the_key() {
        let dir = course_dir(
            "\n[[sections]]\nid = \"s\"\ntitel = \"Start\"\ntitle = \"Start\"\nmodules = [\"a\", \"b\", \"c\"]\n",
        );
        let (course, diagnostics) = load_course(dir.path()).expect("readable");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        assert_eq!(diagnostics[0].code, "toml/unknown-key");
        assert_eq!(diagnostics[0].message, "unknown key `sections[0].titel`");
        assert_eq!(diagnostics[0].hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(course.expect("course").manifest.sections[0].title, "Start");
    }

    #[test]
    fn a_module_in_two_sections_names_the_first() {
        let dir = course_dir(
            "\n[[sections]]\nid = \"one\"\ntitle = \"One\"\nmodules = [\"a\", \"b\"]\n\n[[sections]]\nid = \"two\"\ntitle = \"Two\"\nmodules = [\"c\", \"a\"]\n",
        );
        let (_, diagnostics) = load_course(dir.path()).expect("readable");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        assert_eq!(diagnostics[0].message, "module `a` is already in section `one`");
    }

    #[test]
    fn a_module_left_out_of_every_section_is_reported() {
        let found = problems("\n[[sections]]\nid = \"one\"\ntitle = \"One\"\nmodules = [\"a\", \"b\"]\n");
        assert_eq!(found, ["course/unlisted-module@7:1"]);
    }
}
