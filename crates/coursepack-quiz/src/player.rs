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
            .map(|cq| {
                // Built field by field: serde's `flatten` buffers everything and is slow on large banks.
                let q = &cq.question;
                let mut map = match serde_json::to_value(&q.kind) {
                    Ok(Value::Object(map)) => map,
                    _ => serde_json::Map::new(),
                };
                let mut put = |k: &str, v: Value| {
                    map.insert(k.to_string(), v);
                };
                put("id", json!(q.id));
                put("index", json!(cq.index));
                put("page", json!(cq.page));
                put("assessed", json!(cq.assessed));
                put("points", json!(q.points));
                put("shuffle", json!(q.shuffle));
                put("bank", json!(q.bank));
                put("hint_html", json!(q.hint_html));
                put("correct_html", json!(q.correct_html));
                put("incorrect_html", json!(q.incorrect_html));
                put("partial_html", json!(q.partial_html));
                put("explanation_html", json!(q.explanation_html));
                put("answer_html", Value::String(answer_html(q)));
                put("interactions", serde_json::to_value(&cq.interactions).unwrap_or(Value::Null));
                Value::Object(map)
            })
            .collect();
        let bands: Vec<Value> = self
            .settings
            .bands
            .iter()
            .map(|b| json!({ "from": b.from, "html": inline::to_html(&b.message) }))
            .collect();
        let mut data = serde_json::Map::new();
        data.insert("version".into(), json!(PLAYER_DATA_VERSION));
        data.insert("pass_mark".into(), json!(self.pass_mark));
        data.insert("has_assessment".into(), json!(self.has_assessment));
        data.insert("attempts".into(), json!(self.settings.attempts));
        data.insert("shuffle_questions".into(), json!(self.settings.shuffle_questions));
        data.insert("draw".into(), json!(self.settings.draw));
        data.insert("feedback".into(), json!(self.settings.feedback));
        data.insert("review".into(), json!(self.settings.review));
        data.insert("bands".into(), Value::Array(bands));
        data.insert(
            "limits".into(),
            json!({ "fill": FILL_MAX_CHARS, "numeric": NUMERIC_MAX_CHARS, "reflection": REFLECTION_MAX_CHARS }),
        );
        // Moved in, not passed through `json!`, which would deep-copy every question.
        data.insert("questions".into(), Value::Array(questions));
        Value::Object(data)
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
