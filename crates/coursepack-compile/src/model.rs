//! The compiled module: everything the player and the packaging targets need,
//! with all authoring problems already reported. Nothing here refers back to
//! source spans; the HTML fragments are trusted (generated and sanitised here).

pub use coursepack_source::Metadata;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A module ready to be rendered and packaged.
#[derive(Clone, Debug, Serialize)]
pub struct CompiledModule {
    /// The module's metadata from `module.toml` (id, title, version, language,
    /// summary, licence, authors, keywords), its `activity_base_iri` checked
    /// and normalised (ends with `/` or `:`; `None` when the module sets none).
    pub meta: Metadata,
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

/// What the packaging targets need beyond the player: where to point
/// build-time problems.
#[derive(Clone, Debug, Default)]
pub struct PackagingInfo {
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
    /// What the player runs on (`coursepack_scenario::player::player_data`),
    /// held as its JSON text, written into `#cp-data` as it is. (As a
    /// `serde_json::Value` tree it took about 20 times the room of its text:
    /// 115 KB per module for a 5 KB scenario, most of a large course's
    /// memory.) [`CompiledScenario::data_value`] reads it back.
    pub data: Box<serde_json::value::RawValue>,
    /// The most choices the learner's saved path can hold (`coursepack_scenario::longest_path`).
    pub longest_path: usize,
    /// Whether it counts towards the module's assessment (scored, on an assessment page).
    pub assessed: bool,
    /// Its weight in the assessment (`points:`).
    pub points: u32,
    /// How many endings it has.
    pub endings: usize,
    /// Where its block is, for build-time problems about it (its share of the saved state).
    #[serde(skip)]
    pub location: Option<coursepack_diagnostics::Location>,
}

impl CompiledScenario {
    /// The player data as a JSON value, for readers that look inside it (the
    /// xAPI manifest lists its activities).
    pub fn data_value(&self) -> serde_json::Value {
        serde_json::from_str(self.data.get()).unwrap_or_default()
    }
}

/// A file copied into the package.
#[derive(Clone, Debug, Serialize)]
pub struct Asset {
    /// Path inside the package, with `/` separators (for example `media/map.svg`).
    pub package_path: String,
    /// Where the file is on disk (its real path, inside the module folder).
    pub source_path: PathBuf,
    /// The bytes to package instead of the file's own, when the build
    /// rewrote it: an SVG image after sanitising (see `svg.rs`). `None`: the
    /// file is packaged as it is.
    pub rewritten: Option<Vec<u8>>,
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
    /// Sorting activities: items as cards sorted into categories (a layer over the quiz's
    /// matching controls, shipped after the quiz).
    Sorting,
    /// Accordions and reveal buttons (disclosures).
    Accordion,
    /// Tabs.
    Tabs,
    /// Flashcards.
    Flashcards,
    /// Labelled graphics (an image with numbered markers).
    LabelledGraphic,
    /// Processes shown one step at a time.
    Process,
    /// Timelines (a stylesheet only).
    Timeline,
    /// Branching scenarios (`coursepack-scenario/assets/scenario.{js,css}`).
    Scenario,
}

impl Widget {
    /// Every widget, in shipping order.
    pub const ALL: [Widget; 9] = [
        Widget::Quiz,
        Widget::Sorting,
        Widget::Accordion,
        Widget::Tabs,
        Widget::Flashcards,
        Widget::LabelledGraphic,
        Widget::Process,
        Widget::Timeline,
        Widget::Scenario,
    ];

    /// The widget's name: its asset file names.
    pub fn name(self) -> &'static str {
        match self {
            Widget::Quiz => "quiz",
            Widget::Sorting => "sorting",
            Widget::Accordion => "accordion",
            Widget::Tabs => "tabs",
            Widget::Flashcards => "flashcards",
            Widget::LabelledGraphic => "labelled-graphic",
            Widget::Process => "process",
            Widget::Timeline => "timeline",
            Widget::Scenario => "scenario",
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
