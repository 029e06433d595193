//! The JSON the player script (`assets/quiz.js`) works from.

use crate::check::CompiledQuiz;
use crate::html::{FILL_MAX_CHARS, NUMERIC_MAX_CHARS, REFLECTION_MAX_CHARS};
use crate::inline::{self, escape};
use crate::model::{Question, QuestionKind};
use serde_json::{json, Value};

/// Version of the player-data layout; bumped on incompatible changes.
pub const PLAYER_DATA_VERSION: u32 = 1;

impl CompiledQuiz {
    /// Everything `quiz.js` needs: the questions with their answers and
    /// feedback, the interaction mapping per standard, the settings, the pass
    /// mark and the input limits. Questions appear in page order; the
    /// learner's state refers to them by `index`.
    pub fn player_data(&self) -> Value {
        let questions: Vec<Value> = self
            .questions
            .iter()
            .map(|q| {
                let mut v = serde_json::to_value(q).unwrap_or(Value::Null);
                if let Value::Object(map) = &mut v {
                    map.insert("answer_html".into(), Value::String(answer_html(&q.question)));
                }
                v
            })
            .collect();
        let bands: Vec<Value> = self
            .settings
            .bands
            .iter()
            .map(|b| json!({ "from": b.from, "html": inline::to_html(&b.message) }))
            .collect();
        json!({
            "version": PLAYER_DATA_VERSION,
            "pass_mark": self.pass_mark,
            "has_assessment": self.has_assessment,
            "attempts": self.settings.attempts,
            "shuffle_questions": self.settings.shuffle_questions,
            "draw": self.settings.draw,
            "feedback": self.settings.feedback,
            "review": self.settings.review,
            "bands": bands,
            "limits": { "fill": FILL_MAX_CHARS, "numeric": NUMERIC_MAX_CHARS, "reflection": REFLECTION_MAX_CHARS },
            "questions": questions,
        })
    }
}

/// HTML describing the correct answer, shown in review.
pub fn answer_html(q: &Question) -> String {
    let list = |items: Vec<String>| format!("<ul>{}</ul>", items.into_iter().map(|i| format!("<li>{i}</li>")).collect::<String>());
    match &q.kind {
        QuestionKind::Single { options } | QuestionKind::TrueFalse { options, .. } => {
            options.iter().filter(|o| o.correct).map(|o| o.html.clone()).collect::<Vec<_>>().join(", ")
        }
        QuestionKind::Multiple { options } => list(options.iter().filter(|o| o.correct).map(|o| o.html.clone()).collect()),
        QuestionKind::Fill { blanks, .. } => list(
            blanks.iter().map(|b| b.accepted.iter().map(|a| escape(a)).collect::<Vec<_>>().join(" / ")).collect(),
        ),
        QuestionKind::Dropdown { blanks, .. } => list(blanks.iter().map(|b| escape(&b.options[b.correct])).collect()),
        QuestionKind::Numeric { display, .. } => escape(display),
        QuestionKind::Matching { pairs, targets_html, .. } => {
            list(pairs.iter().map(|p| format!("{} → {}", p.left_html, targets_html[p.target])).collect())
        }
        QuestionKind::Ordering { items } => {
            format!("<ol>{}</ol>", items.iter().map(|i| format!("<li>{}</li>", i.html)).collect::<String>())
        }
        QuestionKind::Likert { .. } | QuestionKind::Reflection => String::new(),
    }
}
