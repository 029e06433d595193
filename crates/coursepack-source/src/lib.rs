//! The coursepack source format: a module is a folder holding `module.toml`,
//! Markdown pages listed in order, and a `media/` folder; a course is a folder
//! holding `course.toml` that lists module folders in order.
//!
//! This crate reads those files into a [`ParsedModule`] / [`ParsedCourse`]
//! and reports every problem it finds as a located
//! [`coursepack_diagnostics::Diagnostic`]: TOML syntax, unknown keys (with
//! "did you mean"), wrong types, and semantic checks (ids, language tags,
//! licences, page files). It never writes anything.

pub mod confine;
mod course;
mod discover;
mod iri;
mod language;
pub mod licence;
mod manifest;
mod module;
pub mod schema;
mod spanned_toml;
pub mod strings;
mod text;

pub use course::{ParsedCourse, load_course};
pub use discover::{Discovered, discover, nearest_name};
pub use iri::{DEFAULT_ACTIVITY_BASE_IRI, normalise_activity_base_iri};
pub use language::is_valid_bcp47;
pub use licence::KNOWN_LICENCES;
pub use manifest::{CompletionRule, CourseManifest, METADATA_KEYS, Metadata, ModuleManifest};
pub use module::{PageSource, ParsedModule, is_valid_id, load_module, manifest_text, page_id_from_file};
pub use spanned_toml::value_span;
pub use text::{NotUtf8, decode_text, without_bom};

/// Name of the file that marks a folder as a module.
pub const MODULE_FILE: &str = "module.toml";
/// Name of the file that marks a folder as a course.
pub const COURSE_FILE: &str = "course.toml";

/// Display a path the way diagnostics show it: relative to the current
/// directory when possible, with `/` separators.
pub fn display_path(path: &std::path::Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(|p| p.to_path_buf()))
        .unwrap_or_else(|| path.to_path_buf());
    shown.to_string_lossy().replace('\\', "/")
}
