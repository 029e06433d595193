//! Loading one module folder: `module.toml`, then every page it lists.

use crate::manifest::{MODULE_REQUIRED, ModuleManifest};
use crate::spanned_toml::{read_manifest_toml, value_spans};
use crate::{MODULE_FILE, display_path, language, licence, strings};
use coursepack_diagnostics::{Diagnostic, SourceFile, did_you_mean};
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

/// A module whose `module.toml` and pages have been read and checked.
#[derive(Clone, Debug)]
pub struct ParsedModule {
    /// The module folder.
    pub dir: PathBuf,
    /// The real path of the module folder (no symbolic links in it): every
    /// file the module uses must resolve inside it (see [`crate::confine`]).
    pub root: PathBuf,
    /// The metadata and settings from `module.toml`.
    pub manifest: ModuleManifest,
    /// The text of `module.toml`, for locating later diagnostics.
    pub manifest_file: SourceFile,
    /// The pages, in reading order. Pages that could not be read are left out
    /// (and reported).
    pub pages: Vec<PageSource>,
}

/// One Markdown page of a module.
#[derive(Clone, Debug)]
pub struct PageSource {
    /// Stable page id derived from the file name (see [`page_id_from_file`]).
    pub id: String,
    /// The path as written in `module.toml`.
    pub relative: String,
    /// Where the file is on disk.
    pub path: PathBuf,
    /// The page's text, for parsing and for diagnostics.
    pub file: SourceFile,
}

/// Derive a page id from its file name: the stem without a leading order
/// number, lowercased, with runs of other characters turned into `-`.
/// `01-Welcome.md` gives `welcome`; `2_data_basics.md` gives `data-basics`.
pub fn page_id_from_file(relative: &str) -> String {
    let stem = Path::new(relative).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let trimmed = stem.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches(['-', '_', '.', ' ']);
    let base = if trimmed.is_empty() { stem.as_str() } else { trimmed };
    let mut id = String::new();
    for c in base.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

/// True when `id` is a valid module, course or page id.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Read and check the module in `dir`. Fails only when `module.toml` itself
/// cannot be read (an I/O or usage problem); every problem in the module's
/// content is returned as a diagnostic, and the module is returned whenever
/// `module.toml` parsed.
pub fn load_module(dir: &Path) -> io::Result<(Option<ParsedModule>, Vec<Diagnostic>)> {
    let root = crate::confine::real_root(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", display_path(dir))))?;
    let manifest_file = match read_manifest(dir, &root, MODULE_FILE, "module folder")? {
        Ok(file) => file,
        Err(problem) => return Ok((None, vec![problem])),
    };
    let (manifest, mut diagnostics) = read_manifest_toml::<ModuleManifest>(&manifest_file, MODULE_REQUIRED);
    let Some(manifest) = manifest else { return Ok((None, diagnostics)) };
    let spans = value_spans(&manifest_file);
    let at = |key: &str| spans.get(key).cloned().unwrap_or(0..0);
    check_common(
        &manifest_file,
        &spans,
        &manifest.meta.id,
        &manifest.meta.title,
        &manifest.meta.version,
        &manifest.meta.language,
        &manifest.meta.licence,
        &mut diagnostics,
    );
    crate::iri::check_activity_base_iri(
        &manifest_file,
        &spans,
        manifest.meta.activity_base_iri.as_deref(),
        &mut diagnostics,
    );
    if spans.contains_key("summary") && manifest.meta.summary.trim().is_empty() {
        diagnostics.push(
            Diagnostic::warning("module/empty-summary", "the module summary is empty")
                .at_span(&manifest_file, at("summary"))
                .with_hint("write one or two sentences; LMS catalogues show them"),
        );
    }
    if manifest.completion.needs_quiz() && manifest.pass_mark.is_none() {
        diagnostics.push(
            Diagnostic::error(
                "module/missing-pass-mark",
                "the completion rule needs a quiz pass mark, but `pass_mark` is not set",
            )
            .at_span(&manifest_file, at("completion"))
            .with_hint("add `pass_mark = 80` (a percentage), or use `completion = \"all-pages\"`"),
        );
    }
    if let Some(mark) = manifest.pass_mark.filter(|m| *m > 100) {
        diagnostics.push(
            Diagnostic::error("module/invalid-pass-mark", format!("pass mark {mark} is above 100%"))
                .at_span(&manifest_file, at("pass_mark"))
                .with_hint("give the pass mark as a percentage from 0 to 100"),
        );
    }
    if manifest.duration_minutes == Some(0) {
        diagnostics.push(
            Diagnostic::error("module/invalid-duration", "`duration_minutes` must be at least 1")
                .at_span(&manifest_file, at("duration_minutes")),
        );
    }
    check_strings(&manifest_file, &spans, &manifest.strings, &mut diagnostics);
    let pages = load_pages(dir, &root, &manifest_file, &spans, &manifest.pages, &mut diagnostics);
    Ok((Some(ParsedModule { dir: dir.to_path_buf(), root, manifest, manifest_file, pages }), diagnostics))
}

/// Read `name` (`module.toml` or `course.toml`) in `dir`, whose real path is
/// `root`. An I/O failure is an error of the run; a manifest that is a link
/// out of the folder is a problem of the input, returned as a diagnostic.
pub(crate) fn read_manifest(
    dir: &Path,
    root: &Path,
    name: &str,
    folder: &str,
) -> io::Result<Result<SourceFile, Diagnostic>> {
    let path = dir.join(name);
    let shown = display_path(&path);
    let cannot = |e: io::Error| io::Error::new(e.kind(), format!("cannot read {shown}: {e}"));
    let real = match crate::confine::confine(root, Path::new(name)) {
        Ok(Some(real)) => real,
        Ok(None) => return Err(cannot(io::Error::from(io::ErrorKind::NotFound))),
        Err(refused) => {
            return Ok(Err(Diagnostic::error("manifest/link-outside-folder", refused.message(name, name, folder))
                .at(coursepack_diagnostics::Location::file(shown.clone()))
                .with_hint(refused.hint(folder))));
        }
    };
    let meta = std::fs::metadata(&real).map_err(cannot)?;
    if !meta.is_file() {
        let kind = crate::confine::describe_kind(&meta);
        return Err(io::Error::other(format!("cannot read {shown}: it is {kind}, not a file")));
    }
    let bytes = std::fs::read(&real).map_err(cannot)?;
    match crate::text::decode_text(bytes) {
        Ok(text) => Ok(Ok(SourceFile::new(shown, text))),
        Err(bad) => {
            let file = SourceFile::new(shown, bad.lossy);
            Ok(Err(Diagnostic::error(
                "manifest/not-utf8",
                format!("`{name}` is not saved as UTF-8 text, so it cannot be read"),
            )
            .at_span(&file, bad.offset..bad.offset + 1)
            .with_hint(bad.hint)))
        }
    }
}

/// The text of a manifest that did not parse, read the same confined way, so
/// its problems get snippets; `None` when it cannot be read.
pub fn manifest_text(dir: &Path, name: &str) -> Option<SourceFile> {
    let root = crate::confine::real_root(dir).ok()?;
    let real = crate::confine::confine(&root, Path::new(name)).ok()??;
    let bytes = read_regular_file(&real).ok()?;
    let text = crate::text::decode_text(bytes).unwrap_or_else(|bad| bad.lossy);
    Some(SourceFile::new(display_path(&dir.join(name)), text))
}

/// Checks shared by `module.toml` and `course.toml`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn check_common(
    file: &SourceFile,
    spans: &BTreeMap<String, Range<usize>>,
    id: &str,
    title: &str,
    version: &str,
    language_tag: &str,
    licence_id: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let at = |key: &str| spans.get(key).cloned().unwrap_or(0..0);
    if spans.contains_key("id") && !is_valid_id(id) {
        diagnostics.push(
            Diagnostic::error("manifest/invalid-id", format!("`{id}` is not a valid id"))
                .at_span(file, at("id"))
                .with_hint("use lowercase letters, digits and hyphens (at most 64), e.g. `data-stewardship`; choose it once and never change it"),
        );
    }
    if spans.contains_key("title") && title.trim().is_empty() {
        diagnostics.push(Diagnostic::error("manifest/empty-title", "the title is empty").at_span(file, at("title")));
    }
    if title.chars().count() > 200 {
        diagnostics.push(
            Diagnostic::error(
                "manifest/title-too-long",
                format!("the title has {} characters; LMSs accept at most 200", title.chars().count()),
            )
            .at_span(file, at("title"))
            .with_hint("shorten the title; put detail in `summary`"),
        );
    }
    if spans.contains_key("version") && (version.trim().is_empty() || version.chars().count() > 20) {
        diagnostics.push(
            Diagnostic::error("manifest/invalid-version", "the version must be 1 to 20 characters, e.g. `1.0.0`")
                .at_span(file, at("version")),
        );
    }
    if spans.contains_key("language") && !language::is_valid_bcp47(language_tag) {
        diagnostics.push(
            Diagnostic::error(
                "manifest/invalid-language",
                format!("`{language_tag}` is not a language tag such as `en-GB` or `cy`"),
            )
            .at_span(file, at("language"))
            .with_hint("write a BCP 47 language tag: a 2- or 3-letter language, then optionally a region, joined by a hyphen: `en-GB`, `en`, `cy`, `gd`"),
        );
    }
    if !licence::is_known(licence_id) {
        let mut diagnostic = Diagnostic::error(
            "manifest/unknown-licence",
            format!("`{licence_id}` is not a known SPDX licence identifier"),
        )
        .at_span(file, at("licence"));
        diagnostic = match did_you_mean(licence_id, licence::KNOWN_LICENCES.iter().copied()) {
            Some(s) => {
                diagnostic.with_hint(format!("did you mean `{s}`? Other licences use the form `LicenseRef-<name>`"))
            }
            None => {
                diagnostic.with_hint("use an SPDX id such as `CC-BY-4.0`, or `LicenseRef-<name>` for your own terms")
            }
        };
        diagnostics.push(diagnostic);
    }
}

fn check_strings(
    file: &SourceFile,
    spans: &BTreeMap<String, Range<usize>>,
    overrides: &BTreeMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let defaults = strings::default_strings("en");
    let top_level = crate::schema::top_level_keys::<ModuleManifest>();
    for (key, value) in overrides {
        let key_span = spans.get(&format!("strings.{key}#key")).cloned().unwrap_or(0..0);
        let Some(default) = defaults.get(key) else {
            let misplaced =
                crate::spanned_toml::misplaced_top_level_key(&format!("strings.{key}"), &top_level, MODULE_FILE);
            let mut diagnostic = Diagnostic::error(
                "module/unknown-string",
                match misplaced {
                    Some(_) => format!("`{key}` is read as an interface string, because it comes after `[strings]`"),
                    None => format!("`{key}` is not an interface string key"),
                },
            )
            .at_span(file, key_span);
            if let Some(hint) = misplaced {
                diagnostic = diagnostic.with_hint(hint);
            } else if let Some(s) = did_you_mean(key, strings::keys()) {
                diagnostic = diagnostic.with_hint(format!("did you mean `{s}`?"));
            }
            diagnostics.push(diagnostic);
            continue;
        };
        let value_span = spans.get(&format!("strings.{key}")).cloned().unwrap_or(key_span);
        if value.trim().is_empty() {
            diagnostics.push(
                Diagnostic::error("module/empty-string", format!("the override for `{key}` is empty"))
                    .at_span(file, value_span.clone())
                    .with_hint("remove the line to keep the default text"),
            );
        }
        for placeholder in placeholders(default) {
            if !value.contains(&placeholder) {
                diagnostics.push(
                    Diagnostic::warning(
                        "module/string-placeholder",
                        format!("the override for `{key}` drops the placeholder `{placeholder}`"),
                    )
                    .at_span(file, value_span.clone())
                    .with_hint(format!(
                        "the default is \"{default}\"; keep `{placeholder}` so the player can fill it in"
                    )),
                );
            }
        }
    }
}

fn placeholders(text: &str) -> Vec<String> {
    text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| format!("{{{name}}}"))).collect()
}

fn load_pages(
    dir: &Path,
    root: &Path,
    manifest_file: &SourceFile,
    spans: &BTreeMap<String, Range<usize>>,
    listed: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<PageSource> {
    let at = |key: &str| spans.get(key).cloned().unwrap_or(0..0);
    if listed.is_empty() && spans.contains_key("pages") {
        diagnostics.push(
            Diagnostic::error("module/no-pages", "the module lists no pages")
                .at_span(manifest_file, at("pages"))
                .with_hint("list the Markdown pages in reading order, e.g. `pages = [\"01-welcome.md\"]`"),
        );
    }
    let on_disk = markdown_files(dir);
    let mut pages = Vec::new();
    let mut seen_files = BTreeSet::new();
    let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
    for (index, relative) in listed.iter().enumerate() {
        let span = at(&format!("pages[{index}]"));
        let path = Path::new(relative);
        if path.is_absolute()
            || path.components().any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
            || relative.contains('\\')
        {
            diagnostics.push(
                Diagnostic::error(
                    "module/page-outside-module",
                    format!("page `{relative}` is not inside the module folder"),
                )
                .at_span(manifest_file, span)
                .with_hint("give a path relative to the module folder, with `/` separators and no `..`"),
            );
            continue;
        }
        if !is_markdown(relative) {
            diagnostics.push(
                Diagnostic::error(
                    "module/page-not-markdown",
                    format!("page `{relative}` is not a Markdown (.md) file"),
                )
                .at_span(manifest_file, span),
            );
            continue;
        }
        if !seen_files.insert(relative.clone()) {
            diagnostics.push(
                Diagnostic::error("module/duplicate-page", format!("page `{relative}` is listed twice"))
                    .at_span(manifest_file, span)
                    .with_hint("remove one of the entries"),
            );
            continue;
        }
        let full = dir.join(path);
        let real = match crate::confine::confine(root, path) {
            Ok(Some(real)) => real,
            Ok(None) => {
                let mut diagnostic =
                    Diagnostic::error("module/page-not-found", format!("page `{relative}` does not exist"))
                        .at_span(manifest_file, span);
                let unlisted: Vec<&str> =
                    on_disk.iter().map(String::as_str).filter(|f| !listed.iter().any(|l| l == f)).collect();
                if let Some(s) = did_you_mean(relative, unlisted) {
                    diagnostic = diagnostic.with_hint(format!("did you mean `{s}`?"));
                }
                diagnostics.push(diagnostic);
                continue;
            }
            Err(refused) => {
                diagnostics.push(
                    Diagnostic::error(
                        "module/page-outside-module",
                        refused.message(relative, relative, "module folder"),
                    )
                    .at_span(manifest_file, span)
                    .with_hint(refused.hint("module folder")),
                );
                continue;
            }
        };
        let bytes = match read_regular_file(&real) {
            Ok(bytes) => bytes,
            Err(reason) => {
                diagnostics.push(
                    Diagnostic::error("module/page-unreadable", format!("page `{relative}` cannot be read: {reason}"))
                        .at_span(manifest_file, span)
                        .with_hint("list Markdown files that you can open; check the file's permissions"),
                );
                continue;
            }
        };
        let display = display_path(&full);
        let text = match crate::text::decode_text(bytes) {
            Ok(text) => text,
            Err(bad) => {
                let file = SourceFile::new(display.clone(), bad.lossy);
                diagnostics.push(
                    Diagnostic::error("page/not-utf8", "the page is not saved as UTF-8 text")
                        .at_span(&file, bad.offset..bad.offset + 1)
                        .with_hint(bad.hint),
                );
                continue;
            }
        };
        let id = page_id_from_file(relative);
        if !is_valid_id(&id) {
            diagnostics.push(
                Diagnostic::error(
                    "module/invalid-page-name",
                    format!(
                        "the file name `{relative}` gives no page id: it has no letters or digits after its number"
                    ),
                )
                .at_span(manifest_file, span)
                .with_hint("name pages with letters and digits, e.g. `02-data-basics.md`"),
            );
            continue;
        }
        if let Some(other) = seen_ids.insert(id.clone(), relative.clone()) {
            diagnostics.push(
                Diagnostic::error(
                    "module/duplicate-page-id",
                    format!("pages `{other}` and `{relative}` both have the id `{id}`"),
                )
                .at_span(manifest_file, span)
                .with_hint("page ids come from file names without their number prefix; rename one of the files"),
            );
            continue;
        }
        pages.push(PageSource { id, relative: relative.clone(), path: full, file: SourceFile::new(display, text) });
    }
    let listed_nfc: Vec<String> = listed.iter().map(|l| crate::confine::nfc(l)).collect();
    for file in &on_disk {
        if !listed_nfc.contains(&crate::confine::nfc(file)) && !is_readme(file) {
            diagnostics.push(
                Diagnostic::warning(
                    "module/unlisted-page",
                    format!("`{file}` is in the module folder but not listed in `pages`"),
                )
                .at_span(manifest_file, at("pages"))
                .with_hint("add it to `pages` in reading order, or move it out of the module folder"),
            );
        }
    }
    pages
}

/// The bytes of an ordinary file, or why it cannot be read, in words. A
/// folder, named pipe or device is refused before it is opened (reading a
/// pipe would wait for ever).
pub(crate) fn read_regular_file(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if !meta.is_file() {
        return Err(format!("it is {}, not a file", crate::confine::describe_kind(&meta)));
    }
    std::fs::read(path).map_err(|e| io_reason(&e))
}

/// An I/O error in words for a non-programmer.
pub(crate) fn io_reason(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::PermissionDenied => "you do not have permission to read it".into(),
        io::ErrorKind::NotFound => "it does not exist".into(),
        io::ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        _ => {
            let text = error.to_string();
            text.split(" (os error").next().unwrap_or(&text).to_string()
        }
    }
}

fn is_readme(name: &str) -> bool {
    name.eq_ignore_ascii_case("readme.md")
}

/// Markdown files directly in the module folder, sorted.
fn markdown_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| is_markdown(name))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// True for a Markdown page's file name: `.md`, in any case (`01-Intro.MD`).
fn is_markdown(name: &str) -> bool {
    Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_ids_drop_order_prefixes() {
        assert_eq!(page_id_from_file("01-Welcome.md"), "welcome");
        assert_eq!(page_id_from_file("2_data_basics.md"), "data-basics");
        assert_eq!(page_id_from_file("intro.md"), "intro");
        assert_eq!(page_id_from_file("07.md"), "07");
    }

    #[test]
    fn ids_are_lowercase_kebab() {
        assert!(is_valid_id("data-stewardship"));
        assert!(!is_valid_id("Data"));
        assert!(!is_valid_id("-x"));
        assert!(!is_valid_id(""));
    }

    #[test]
    fn placeholders_are_found() {
        assert_eq!(placeholders("Page {current} of {total}"), ["{current}", "{total}"]);
    }
}
