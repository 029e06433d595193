//! JSON Schemas of the authoring format, generated from the Rust types so
//! they can never disagree with the parser. `cargo xtask schemas` writes them
//! to `schemas/`; editors use them for completion and checking.

use crate::manifest::{CourseManifest, ModuleManifest};

/// The schema of `module.toml`, pretty-printed with a final newline.
pub fn module_schema() -> String {
    pretty(&schemars::schema_for!(ModuleManifest))
}

/// The schema of `course.toml`, pretty-printed with a final newline.
pub fn course_schema() -> String {
    pretty(&schemars::schema_for!(CourseManifest))
}

/// The schema of the `--format json` diagnostics report.
pub fn diagnostics_schema() -> String {
    pretty(&schemars::schema_for!(coursepack_diagnostics::JsonReportSchema))
}

/// Every generated schema as (file name in `schemas/`, text).
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("module.schema.json", module_schema()),
        ("course.schema.json", course_schema()),
        ("diagnostics.schema.json", diagnostics_schema()),
    ]
}

/// The keys a manifest type allows at the top of its file, from its schema.
pub(crate) fn top_level_keys<T: schemars::JsonSchema>() -> Vec<String> {
    let schema = schemars::schema_for!(T);
    schema
        .as_object()
        .and_then(|o| o.get("properties"))
        .and_then(|p| p.as_object())
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

fn pretty(schema: &schemars::Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn top_level_keys_come_from_the_types() {
        let keys = super::top_level_keys::<crate::ModuleManifest>();
        for key in ["id", "title", "pages", "quiz", "strings", "duration_minutes"] {
            assert!(keys.iter().any(|k| k == key), "{key} in {keys:?}");
        }
    }
}
