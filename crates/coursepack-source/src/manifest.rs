//! The Rust types behind `module.toml` and `course.toml`. They are the single
//! source of truth for the format: the JSON Schemas in `schemas/` are
//! generated from them (`cargo xtask schemas`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What every module and course says about itself: its id, title, version,
/// language, summary, licence, authors and catalogue keywords, and where its
/// activity ids live. One type for the concept everywhere: read from
/// `module.toml` and `course.toml` (both flatten it in), carried by the
/// compiled module and the course, written into every package's metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub struct Metadata {
    /// Stable identifier: lowercase letters, digits and hyphens, starting with a
    /// letter or digit. Every package identifier derives from it, so never change
    /// it once learners have used the module or course. It is never derived from the title.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]*$"), length(min = 1, max = 64))]
    pub id: String,
    /// Title shown to learners and in the LMS catalogue (at most 200 characters).
    #[serde(default)]
    #[schemars(length(min = 1, max = 200))]
    pub title: String,
    /// Version of the content, for example `1.0.0` (at most 20 characters).
    #[serde(default)]
    #[schemars(length(min = 1, max = 20))]
    pub version: String,
    /// Language of the content as a BCP 47 tag, for example `en-GB` or `cy`.
    /// In a module it also chooses the interface strings (Welsh for `cy`, English otherwise).
    #[serde(default)]
    pub language: String,
    /// One or two sentences describing the module or course, used in catalogue metadata.
    #[serde(default)]
    pub summary: String,
    /// SPDX licence identifier of the content.
    #[serde(default = "default_licence")]
    pub licence: String,
    /// Authors' names.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Organisation publishing the module or course.
    #[serde(default)]
    pub organisation: Option<String>,
    /// Keywords for catalogue metadata.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Base IRI of the xAPI and cmi5 activity ids, for example
    /// `https://learning.example.org/xapi/`. A module's activity id is this base
    /// followed by `module/<id>`, a course's `course/<id>`; a course's modules
    /// without a base of their own use the course's. Absolute, without `?` or
    /// `#`; a `/` is added when it ends otherwise. Default: `urn:coursepack:`.
    #[serde(default)]
    #[schemars(length(min = 1, max = 1000))]
    pub activity_base_iri: Option<String>,
}

/// The keys of [`Metadata`] in a manifest: the shared field list that
/// `module.toml` and `course.toml` both flatten in.
pub const METADATA_KEYS: &[&str] = &[
    "id",
    "title",
    "version",
    "language",
    "summary",
    "licence",
    "authors",
    "organisation",
    "keywords",
    "activity_base_iri",
];

/// `module.toml`: the metadata and settings of one module.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[schemars(title = "coursepack module.toml", transform = require_module_keys)]
pub struct ModuleManifest {
    /// The module's [`Metadata`] (its keys sit at the top level of `module.toml`).
    #[serde(flatten)]
    pub meta: Metadata,
    /// Who the module is for.
    #[serde(default)]
    pub audience: Option<String>,
    /// Estimated time to complete, in minutes.
    #[serde(default)]
    #[schemars(range(min = 1, max = 6000))]
    pub duration_minutes: Option<u32>,
    /// When the module counts as complete.
    #[serde(default)]
    pub completion: CompletionRule,
    /// Percentage needed to pass the scored quiz (0-100). Required when the
    /// completion rule involves the quiz.
    #[serde(default)]
    #[schemars(range(max = 100))]
    pub pass_mark: Option<u8>,
    /// Markdown pages in reading order, as paths relative to the module folder.
    #[serde(default)]
    pub pages: Vec<String>,
    /// Settings of the scored quiz (assessment): which pages form it, attempts,
    /// question pools, feedback timing, review and score bands.
    #[serde(default)]
    pub quiz: Option<coursepack_quiz::QuizSettings>,
    /// Overrides for the player's interface strings, by key (see the authoring guide).
    #[serde(default)]
    pub strings: BTreeMap<String, String>,
}

fn default_licence() -> String {
    "CC-BY-4.0".to_string()
}

/// Keys that must be present in `module.toml`.
pub const MODULE_REQUIRED: &[&str] = &["id", "title", "version", "language", "summary", "pages"];

fn require_module_keys(schema: &mut schemars::Schema) {
    require(schema, MODULE_REQUIRED);
    closed(schema);
}

/// No keys but the listed ones: `deny_unknown_fields` cannot be combined with
/// the flattened [`Metadata`], so the schema says it here (and the loader
/// reports unknown keys itself).
fn closed(schema: &mut schemars::Schema) {
    schema.insert("additionalProperties".into(), serde_json::json!(false));
}

fn require(schema: &mut schemars::Schema, keys: &[&str]) {
    schema.insert("required".into(), serde_json::json!(keys));
}

/// When a module counts as complete.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CompletionRule {
    /// Every page has been viewed.
    #[default]
    AllPages,
    /// The scored quiz has been passed.
    QuizPassed,
    /// Every page has been viewed and the quiz passed.
    AllPagesAndQuiz,
}

impl CompletionRule {
    /// True when the rule needs a scored quiz and a pass mark.
    pub fn needs_quiz(self) -> bool {
        !matches!(self, CompletionRule::AllPages)
    }
}

/// `course.toml`: a course made of several modules, in order.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[schemars(title = "coursepack course.toml", transform = require_course_keys)]
pub struct CourseManifest {
    /// The course's [`Metadata`] (its keys sit at the top level of `course.toml`).
    #[serde(flatten)]
    pub meta: Metadata,
    /// Module folders in the order learners take them, relative to `course.toml`.
    /// A course lists its modules either here or in `sections`, never both.
    #[serde(default)]
    pub modules: Vec<String>,
    /// The course's sections, in order, each a titled group of modules
    /// (`[[sections]]` tables): an alternative to `modules` for longer
    /// courses. A cmi5 package makes each section a block.
    #[serde(default)]
    pub sections: Vec<SectionManifest>,
}

impl CourseManifest {
    /// Every module folder of the course in the order learners take them:
    /// `modules`, or the modules of each section in turn.
    pub fn module_folders(&self) -> Vec<&str> {
        if self.sections.is_empty() {
            self.modules.iter().map(String::as_str).collect()
        } else {
            self.sections.iter().flat_map(|s| s.modules.iter().map(String::as_str)).collect()
        }
    }
}

/// One `[[sections]]` table of `course.toml`: a titled group of modules.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = require_section_keys)]
pub struct SectionManifest {
    /// Stable identifier of the section, same rules as a module id, unique in
    /// the course. The cmi5 block id derives from it, so
    /// never change it once learners have used the course (it is never
    /// derived from the title, which you may edit freely).
    #[serde(default)]
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]*$"), length(min = 1, max = 64))]
    pub id: String,
    /// Heading of the section shown to learners and in the LMS (at most 200 characters).
    #[serde(default)]
    #[schemars(length(min = 1, max = 200))]
    pub title: String,
    /// One or two sentences describing the section (the cmi5 block's
    /// description; the title is used when it is left out).
    #[serde(default)]
    pub summary: Option<String>,
    /// The section's module folders in order, relative to `course.toml`.
    /// Each module of the course belongs to exactly one section.
    #[serde(default)]
    #[schemars(length(min = 1))]
    pub modules: Vec<String>,
}

/// Keys that must be present in `course.toml`. A course also needs exactly
/// one of `modules` and `sections`, checked separately.
pub const COURSE_REQUIRED: &[&str] = &["id", "title", "version", "language", "summary"];

/// Keys that must be present in every `[[sections]]` table.
pub const SECTION_REQUIRED: &[&str] = &["id", "title", "modules"];

fn require_course_keys(schema: &mut schemars::Schema) {
    require(schema, COURSE_REQUIRED);
    closed(schema);
    schema.insert(
        "oneOf".into(),
        serde_json::json!([{ "required": ["modules"], "not": { "required": ["sections"] } }, { "required": ["sections"], "not": { "required": ["modules"] } }]),
    );
}

fn require_section_keys(schema: &mut schemars::Schema) {
    require(schema, SECTION_REQUIRED);
}
