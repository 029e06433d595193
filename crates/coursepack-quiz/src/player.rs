//! The JSON the player script (`assets/quiz.js`) works from.
//!
//! It is serialised straight from the compiled quiz by hand-written
//! `Serialize` impls that borrow everything: building a `serde_json::Value`
//! tree first (and dropping it) cost most of the time of compiling a large
//! bank (see `benches/compile.rs` and docs/performance.md).

use crate::check::{CompiledQuestion, CompiledQuiz};
use crate::html::{FILL_MAX_CHARS, NUMERIC_MAX_CHARS, REFLECTION_MAX_CHARS};
use crate::inline::{self, escape};
use crate::model::{Question, QuestionKind};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

/// Version of the player-data layout; bumped on incompatible changes.
pub const PLAYER_DATA_VERSION: u32 = 2;

impl CompiledQuiz {
    /// Everything `quiz.js` needs (see [`CompiledQuiz::player_json`]), to
    /// serialise where it goes (the player's `#cp-data`), borrowing the quiz.
    pub fn player(&self) -> PlayerData<'_> {
        PlayerData(self)
    }

    /// Everything `quiz.js` needs, as a JSON value (see [`CompiledQuiz::player_json`]).
    pub fn player_data(&self) -> Value {
        serde_json::to_value(PlayerData(self)).unwrap_or(Value::Null)
    }

    /// Everything `quiz.js` needs, as JSON text: the questions with their
    /// answers and feedback, the interaction mapping per standard, the
    /// settings, the pass mark and the input limits. Questions appear in page
    /// order; the learner's state refers to them by `index`.
    pub fn player_json(&self) -> String {
        // Serialising borrowed strings, numbers and vectors into a String cannot fail.
        serde_json::to_string(&PlayerData(self)).unwrap_or_else(|_| "null".into())
    }
}

/// The player data of a quiz (`#cp-data.quiz`), serialisable without copying
/// it: [`CompiledQuiz::player`].
#[derive(Clone, Copy, Debug)]
pub struct PlayerData<'a>(&'a CompiledQuiz);

impl Serialize for PlayerData<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let quiz = self.0;
        let settings = &quiz.settings;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("version", &PLAYER_DATA_VERSION)?;
        map.serialize_entry("pass_mark", &quiz.pass_mark)?;
        map.serialize_entry("has_assessment", &quiz.has_assessment)?;
        map.serialize_entry("attempts", &settings.attempts)?;
        map.serialize_entry("shuffle_questions", &settings.shuffle_questions)?;
        map.serialize_entry("draw", &settings.draw)?;
        map.serialize_entry("feedback", &settings.feedback)?;
        map.serialize_entry("review", &settings.review)?;
        let bands: Vec<Band> =
            settings.bands.iter().map(|b| Band { from: b.from, html: inline::to_html(&b.message) }).collect();
        map.serialize_entry("bands", &bands)?;
        map.serialize_entry(
            "limits",
            &Limits { fill: FILL_MAX_CHARS, numeric: NUMERIC_MAX_CHARS, reflection: REFLECTION_MAX_CHARS },
        )?;
        let questions: Vec<PlayerQuestion> = quiz.questions.iter().map(PlayerQuestion).collect();
        map.serialize_entry("questions", &questions)?;
        map.end()
    }
}

#[derive(serde::Serialize)]
struct Band {
    from: u8,
    html: String,
}

#[derive(serde::Serialize)]
struct Limits {
    fill: usize,
    numeric: usize,
    reflection: usize,
}

/// One question: its type's fields (as `QuestionKind` names them) and the common ones.
struct PlayerQuestion<'a>(&'a CompiledQuestion);

impl Serialize for PlayerQuestion<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let cq = self.0;
        let q = &cq.question;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", q.kind.name())?;
        match &q.kind {
            QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
                map.serialize_entry("options", options)?
            }
            QuestionKind::TrueFalse { options, answer } => {
                map.serialize_entry("options", options)?;
                map.serialize_entry("answer", answer)?;
            }
            QuestionKind::Fill { parts, blanks, case_sensitive } => {
                map.serialize_entry("parts", parts)?;
                map.serialize_entry("blanks", blanks)?;
                map.serialize_entry("case_sensitive", case_sensitive)?;
            }
            QuestionKind::Dropdown { parts, blanks } => {
                map.serialize_entry("parts", parts)?;
                map.serialize_entry("blanks", blanks)?;
            }
            QuestionKind::Numeric { answers } => map.serialize_entry("answers", answers)?,
            QuestionKind::Matching { pairs, targets, targets_html, .. } => {
                map.serialize_entry("pairs", pairs)?;
                map.serialize_entry("targets", targets)?;
                map.serialize_entry("targets_html", targets_html)?;
            }
            QuestionKind::Ordering { items } => map.serialize_entry("items", items)?,
            QuestionKind::Likert { scale } => map.serialize_entry("scale", scale)?,
            QuestionKind::Reflection => {}
        }
        map.serialize_entry("id", &q.id)?;
        map.serialize_entry("index", &cq.index)?;
        map.serialize_entry("page", &cq.page)?;
        map.serialize_entry("assessed", &cq.assessed)?;
        map.serialize_entry("points", &q.points)?;
        map.serialize_entry("shuffle", &q.shuffle)?;
        map.serialize_entry("bank", &q.bank)?;
        map.serialize_entry("hint_html", &q.hint_html)?;
        map.serialize_entry("correct_html", &q.correct_html)?;
        map.serialize_entry("incorrect_html", &q.incorrect_html)?;
        map.serialize_entry("partial_html", &q.partial_html)?;
        map.serialize_entry("explanation_html", &q.explanation_html)?;
        map.serialize_entry("answer_html", &answer_html(q))?;
        map.serialize_entry("interactions", &cq.interactions)?;
        map.end()
    }
}

/// HTML describing the correct answer, shown in review.
pub fn answer_html(q: &Question) -> String {
    let list = |items: Vec<String>| {
        let mut html = String::from("<ul>");
        for item in items {
            html.push_str("<li>");
            html.push_str(&item);
            html.push_str("</li>");
        }
        html.push_str("</ul>");
        html
    };
    match &q.kind {
        QuestionKind::Single { options } | QuestionKind::TrueFalse { options, .. } => {
            options.iter().filter(|o| o.correct).map(|o| o.html.clone()).collect::<Vec<_>>().join(", ")
        }
        QuestionKind::Multiple { options } => {
            list(options.iter().filter(|o| o.correct).map(|o| o.html.clone()).collect())
        }
        QuestionKind::Fill { blanks, .. } => {
            list(blanks.iter().map(|b| b.accepted.iter().map(|a| escape(a)).collect::<Vec<_>>().join(" / ")).collect())
        }
        QuestionKind::Dropdown { blanks, .. } => list(blanks.iter().map(|b| escape(&b.options[b.correct])).collect()),
        QuestionKind::Numeric { answers } => {
            answers.iter().filter(|a| a.is_full()).map(|a| escape(&a.display)).collect::<Vec<_>>().join(" / ")
        }
        QuestionKind::Matching { pairs, targets_html, .. } => {
            list(pairs.iter().map(|p| format!("{} → {}", p.left_html, targets_html[p.target])).collect())
        }
        QuestionKind::Ordering { items } => {
            let mut html = String::from("<ol>");
            for item in items {
                html.push_str("<li>");
                html.push_str(&item.html);
                html.push_str("</li>");
            }
            html.push_str("</ol>");
            html
        }
        QuestionKind::Likert { .. } | QuestionKind::Reflection => String::new(),
    }
}
