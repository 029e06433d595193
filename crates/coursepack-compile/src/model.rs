//! The compiled module: everything the player and the packaging targets need,
//! with all authoring problems already reported. Nothing here refers back to
//! source spans; the HTML fragments are trusted (generated and sanitised here).

use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A module ready to be rendered and packaged.
#[derive(Clone, Debug, Serialize)]
pub struct CompiledModule {
    /// Stable module id from `module.toml` (`[a-z0-9][a-z0-9-]*`); every
    /// package identifier derives from it.
    pub id: String,
    /// Module title.
    pub title: String,
    /// Version string from `module.toml`.
    pub version: String,
    /// BCP 47 language tag of the content (for example `en-GB`, `cy`).
    pub language: String,
    /// One-paragraph summary.
    pub summary: String,
    /// Authors' names.
    pub authors: Vec<String>,
    /// Publishing organisation, if any.
    pub organisation: Option<String>,
    /// SPDX licence identifier.
    pub licence: String,
    /// Keywords for catalogue metadata.
    pub keywords: Vec<String>,
    /// Intended audience, free text.
    pub audience: Option<String>,
    /// Estimated duration in minutes.
    pub duration_minutes: Option<u32>,
    /// When the module counts as complete.
    pub completion: CompletionRule,
    /// Pass mark in percent (0-100), when the module has a scored quiz.
    pub pass_mark: Option<u8>,
    /// Pages in reading order.
    pub pages: Vec<CompiledPage>,
    /// Reflection prompts, in page order; their answers are kept in the learner's state.
    pub reflections: Vec<Reflection>,
    /// Branching scenarios, in page order (`#cp-data.scenarios`).
    pub scenarios: Vec<CompiledScenario>,
    /// The module's questions and quiz settings, typed and checked (serialised
    /// as the player reads them: [`coursepack_quiz::CompiledQuiz::player`]).
    #[serde(serialize_with = "player_data")]
    pub quiz: coursepack_quiz::CompiledQuiz,
    /// Interface strings after applying the module's overrides, by key.
    pub strings: BTreeMap<String, String>,
    /// Files the pages use, each copied into the package at `package_path`.
    pub assets: Vec<Asset>,
    /// The player widgets the pages use, in shipping order, each once: a
    /// package ships the script and stylesheet of exactly these.
    pub widgets: Vec<Widget>,
    /// What each interactive block keeps in the learner's saved state (under
    /// `b`), with its worst-case length, for the build's proof that the state
    /// fits the target.
    pub widget_state: Vec<WidgetState>,
    /// What the LMS targets need besides the player (not part of the player data).
    #[serde(skip)]
    pub packaging: PackagingInfo,
}

/// What the packaging targets need beyond the player: the activity base
/// IRI, and where to point build-time problems.
#[derive(Clone, Debug, Default)]
pub struct PackagingInfo {
    /// `activity_base_iri` from `module.toml`, already checked and normalised
    /// (ends with `/` or `:`); `None` when the module sets none.
    pub activity_base_iri: Option<String>,
    /// Where build-time problems about the whole module point: the `pages` list of `module.toml`.
    pub manifest_location: Option<coursepack_diagnostics::Location>,
}

/// The rule that decides when a learner has completed the module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CompletionRule {
    /// Every page has been viewed.
    AllPages,
    /// The scored quiz has been passed.
    QuizPassed,
    /// Every page viewed and the quiz passed.
    AllPagesAndQuiz,
}

/// One page of the module.
#[derive(Clone, Debug, Serialize)]
pub struct CompiledPage {
    /// Stable page id (from the file name without its order prefix), unique in the module.
    pub id: String,
    /// Plain-text title (the page's first-level heading).
    pub title: String,
    /// Safe HTML of the page body. Headings inside start at `<h2>` (the page
    /// title is rendered by the template as `<h1>`).
    pub html: String,
    /// Ids of the questions on this page, in order.
    pub question_ids: Vec<String>,
}

/// A free-text reflection prompt (not scored, kept in the learner's state).
#[derive(Clone, Debug, Serialize)]
pub struct Reflection {
    /// Stable id, unique in the module.
    pub id: String,
    /// Page the prompt is on.
    pub page_id: String,
    /// Where its block is, for build-time problems about it (its share of the learner's saved state).
    #[serde(skip)]
    pub location: Option<coursepack_diagnostics::Location>,
}

/// A branching scenario of the module.
#[derive(Clone, Debug, Serialize)]
pub struct CompiledScenario {
    /// Stable id, unique in the module.
    pub id: String,
    /// Page the scenario is on.
    pub page_id: String,
    /// What the player runs on (`coursepack_scenario::player::player_data`).
    pub data: serde_json::Value,
    /// The most choices the learner's saved path can hold (`coursepack_scenario::longest_path`).
    pub longest_path: usize,
    /// Where its block is, for build-time problems about it (its share of the saved state).
    #[serde(skip)]
    pub location: Option<coursepack_diagnostics::Location>,
}

/// A file copied into the package.
#[derive(Clone, Debug, Serialize)]
pub struct Asset {
    /// Path inside the package, with `/` separators (for example `media/map.svg`).
    pub package_path: String,
    /// Where the file is on disk.
    pub source_path: PathBuf,
}

/// A part of the player that only modules using it ship: its script and
/// stylesheet (`coursepack-render/assets/widgets/<name>.{js,css}`) are added
/// to the package's `player.js` and `player.css` when a page uses it.
///
/// The order of the variants is the order packages ship them in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Widget {
    /// The question widgets (`coursepack-quiz/assets/quiz.js`).
    Quiz,
    /// Accordions and reveal buttons (disclosures).
    Accordion,
    /// Timelines (a stylesheet only).
    Timeline,
}

impl Widget {
    /// Every widget, in shipping order.
    pub const ALL: [Widget; 3] = [Widget::Quiz, Widget::Accordion, Widget::Timeline];

    /// The widget's name: its asset file names.
    pub fn name(self) -> &'static str {
        match self {
            Widget::Quiz => "quiz",
            Widget::Accordion => "accordion",
            Widget::Timeline => "timeline",
        }
    }
}

/// One entry of the learner state's `b` object: a widget's own state,
/// written by its script as `"<id>":<value>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WidgetState {
    /// The key (the block's id: ASCII letters, digits and `-`, so it needs no escaping).
    pub id: String,
    /// The longest serialised JSON value the widget ever stores under it.
    pub max_len: usize,
    /// Where the block is, for build-time problems about the state.
    #[serde(skip)]
    pub location: Option<coursepack_diagnostics::Location>,
}

/// Worst-case length of the learner state's `b` part, `,"b":{"id":value,…}`
/// with its leading comma; 0 when no widget keeps state (the key is then never written).
pub fn widget_state_len(parts: &[WidgetState]) -> usize {
    if parts.is_empty() {
        return 0;
    }
    let entries: usize = parts.iter().map(|p| p.id.len() + 3 + p.max_len).sum();
    ",\"b\":{}".len() + entries + parts.len() - 1
}

/// Serialise a module's quiz as the player reads it.
fn player_data<S: serde::Serializer>(quiz: &coursepack_quiz::CompiledQuiz, serializer: S) -> Result<S::Ok, S::Error> {
    quiz.player().serialize(serializer)
}
