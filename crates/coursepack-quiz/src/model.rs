//! The typed quiz model: one [`Question`] per `question` block, and the
//! module-level [`QuizSettings`] read from `[quiz]` in `module.toml`.
//!
//! Every text field that ends in `_html` is trusted markup produced by
//! [`crate::inline`]; every other text field is the author's plain text.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One question, parsed and checked.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Question {
    /// Stable id, `[a-z0-9-]+`, unique in the module (given or derived from the page id and ordinal).
    pub id: String,
    /// True when the author wrote the id; false when it was derived.
    pub id_given: bool,
    /// What kind of question it is, with its answers.
    #[serde(flatten)]
    pub kind: QuestionKind,
    /// Weight of the question in the score; 0 for unscored types.
    pub points: u32,
    /// Whether the player shuffles the options (choice, matching targets, ordering start order).
    pub shuffle: bool,
    /// Question bank (pool) the question belongs to, if any.
    pub bank: Option<String>,
    /// A knowledge check (written as ```` ```check ````): never part of the
    /// scored assessment, whatever page it is on.
    pub check: bool,
    /// Safe HTML of the prompt (blanks shown as `_____`).
    pub prompt_html: String,
    /// Plain text of the prompt (blanks shown as `_____`), for LMS reports.
    pub prompt_text: String,
    /// Safe HTML of the hint, if any.
    pub hint_html: Option<String>,
    /// Safe HTML shown when the answer is fully correct.
    pub correct_html: Option<String>,
    /// Safe HTML shown when the answer is wrong.
    pub incorrect_html: Option<String>,
    /// Safe HTML shown when the answer earns partial credit.
    pub partial_html: Option<String>,
    /// Safe HTML of the explanation shown after answering, followed by the feedback of each
    /// matching pair or ordering item that has one (`<strong>item</strong>: feedback`, one a line).
    pub explanation_html: Option<String>,
    /// The author's own text of the prompt and feedback, kept for export (GIFT).
    #[serde(skip)]
    pub source: AuthorText,
}

impl Question {
    /// Every piece of markup the question shows: prompt, hints and feedback, options, pairs,
    /// items and scale points, so the module compiler can put each image's checked markup
    /// in place of its [`crate::inline::image_placeholder`].
    pub fn html_mut(&mut self) -> Vec<&mut String> {
        let mut all: Vec<&mut String> = vec![&mut self.prompt_html];
        for field in [
            &mut self.hint_html,
            &mut self.correct_html,
            &mut self.incorrect_html,
            &mut self.partial_html,
            &mut self.explanation_html,
        ] {
            all.extend(field.as_mut());
        }
        match &mut self.kind {
            QuestionKind::Single { options }
            | QuestionKind::Multiple { options }
            | QuestionKind::TrueFalse { options, .. } => {
                for o in options {
                    all.push(&mut o.html);
                    all.extend(o.feedback_html.as_mut());
                }
            }
            QuestionKind::Fill { parts, .. } | QuestionKind::Dropdown { parts, .. } => all.extend(parts.iter_mut()),
            QuestionKind::Numeric { answers } => {
                all.extend(answers.iter_mut().filter_map(|a| a.feedback_html.as_mut()))
            }
            QuestionKind::Matching { pairs, targets_html, .. } => {
                for p in pairs {
                    all.push(&mut p.left_html);
                    all.extend(p.feedback_html.as_mut());
                }
                all.extend(targets_html.iter_mut());
            }
            QuestionKind::Ordering { items: list } | QuestionKind::Likert { scale: list } => {
                for item in list {
                    all.push(&mut item.html);
                    all.extend(item.feedback_html.as_mut());
                }
            }
            QuestionKind::Reflection => {}
        }
        all
    }
}

/// The author's inline Markdown of a question's texts, as written (continuation
/// lines joined with a space, paragraph breaks as `\n`). Exporters use it so that
/// a question written out and read back is the same question.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuthorText {
    /// The prompt around the blanks: `blanks + 1` parts for fill and dropdown, one part otherwise.
    pub prompt_parts: Vec<String>,
    /// `hint:`.
    pub hint: Option<String>,
    /// `correct:`.
    pub correct: Option<String>,
    /// `incorrect:`.
    pub incorrect: Option<String>,
    /// `partial:`.
    pub partial: Option<String>,
    /// `explanation:`.
    pub explanation: Option<String>,
}

/// The kinds of question and their answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum QuestionKind {
    /// One option is right (or options carry explicit credit).
    Single {
        /// Options in authored order.
        options: Vec<ChoiceOption>,
    },
    /// Any number of options are right.
    Multiple {
        /// Options in authored order.
        options: Vec<ChoiceOption>,
    },
    /// Exactly two options, the first labelled as true and the second as false by the author.
    #[serde(rename = "truefalse")]
    TrueFalse {
        /// The two options in authored order.
        options: Vec<ChoiceOption>,
        /// Whether the statement is true, that is whether the correct option is the one the author labelled "true".
        answer: bool,
    },
    /// Text blanks in the prompt.
    Fill {
        /// HTML of the prompt around the blanks (`blanks.len() + 1` parts).
        parts: Vec<String>,
        /// The blanks in order.
        blanks: Vec<FillBlank>,
        /// Whether case matters when comparing answers.
        case_sensitive: bool,
    },
    /// A choice of words in each blank of the prompt.
    Dropdown {
        /// HTML of the prompt around the blanks (`blanks.len() + 1` parts).
        parts: Vec<String>,
        /// The blanks in order.
        blanks: Vec<DropdownBlank>,
    },
    /// A number, exact, with a tolerance, or in a range; further answers may earn partial credit.
    Numeric {
        /// The accepted answers in authored order; at least one has full credit.
        answers: Vec<NumericAnswer>,
    },
    /// Pairs: each left item has one right item.
    Matching {
        /// Pairs in authored order.
        pairs: Vec<MatchPair>,
        /// The distinct right-hand texts in first-seen order, then the distractors (right-hand
        /// texts no left item matches); responses index into this list.
        targets: Vec<String>,
        /// HTML of each target, same order as `targets`.
        targets_html: Vec<String>,
        /// Written as a sorting activity (```` ```sorting ````): the targets are the
        /// categories declared by `categories:`, in that order, and the player shows
        /// the items as cards sorted into them. Scored and reported as matching.
        #[serde(skip)]
        sorting: bool,
    },
    /// Items to put in order (authored in the correct order).
    Ordering {
        /// Items in the correct order.
        items: Vec<OrderItem>,
    },
    /// A scale, not scored.
    Likert {
        /// Scale points in order.
        scale: Vec<OrderItem>,
    },
    /// Free text, not scored, kept in the learner's state.
    Reflection,
}

impl QuestionKind {
    /// The type name as written after `type:`.
    pub fn name(&self) -> &'static str {
        match self {
            QuestionKind::Single { .. } => "single",
            QuestionKind::Multiple { .. } => "multiple",
            QuestionKind::TrueFalse { .. } => "truefalse",
            QuestionKind::Fill { .. } => "fill",
            QuestionKind::Dropdown { .. } => "dropdown",
            QuestionKind::Numeric { .. } => "numeric",
            QuestionKind::Matching { .. } => "matching",
            QuestionKind::Ordering { .. } => "ordering",
            QuestionKind::Likert { .. } => "likert",
            QuestionKind::Reflection => "reflection",
        }
    }

    /// True for types that can be marked right or wrong.
    pub fn is_scored(&self) -> bool {
        !matches!(self, QuestionKind::Likert { .. } | QuestionKind::Reflection)
    }
}

/// One option of a choice question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChoiceOption {
    /// The author's text.
    pub text: String,
    /// Safe HTML of the text.
    pub html: String,
    /// Marked `[x]`.
    pub correct: bool,
    /// Explicit credit in percent (`credit:` line), overriding the default rule.
    pub credit: Option<f64>,
    /// Safe HTML of the option's feedback.
    pub feedback_html: Option<String>,
    /// The author's text of the option's feedback.
    #[serde(skip)]
    pub feedback: Option<String>,
}

/// One accepted answer of a numeric question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NumericAnswer {
    /// Smallest accepted value.
    pub min: f64,
    /// Largest accepted value.
    pub max: f64,
    /// How the author wrote the answer, for the review display (for example `72 ± 2`).
    pub display: String,
    /// Credit in percent (0-100) for a number in this range; 100 unless the author gave `credit:`.
    pub credit: f64,
    /// Safe HTML of the answer's feedback, shown when the learner's number earns this answer's credit.
    pub feedback_html: Option<String>,
    /// The author's text of the answer's feedback.
    #[serde(skip)]
    pub feedback: Option<String>,
}

impl NumericAnswer {
    /// True when a number in this range earns full credit.
    pub fn is_full(&self) -> bool {
        self.credit > crate::score::FULL_CREDIT_FROM
    }
}

/// One blank of a fill-in question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FillBlank {
    /// Accepted answers (full credit), as written.
    pub accepted: Vec<String>,
    /// Further answers that earn part of the credit (a short answer's
    /// weighted answers, as Moodle has them); empty for most blanks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub partial: Vec<PartialAnswer>,
}

/// An answer of a fill blank that earns part of the credit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartialAnswer {
    /// The answer, as written.
    pub text: String,
    /// The credit it earns, a percentage above 0 and below 100.
    pub credit: f64,
}

/// One blank of a dropdown question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DropdownBlank {
    /// The choices in authored order.
    pub options: Vec<String>,
    /// Index of the correct choice.
    pub correct: usize,
}

/// One pair of a matching question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatchPair {
    /// The left item's text.
    pub left: String,
    /// Safe HTML of the left item.
    pub left_html: String,
    /// Index into the question's `targets`.
    pub target: usize,
    /// Safe HTML of the pair's `feedback:`; the player shows it after checking, with the
    /// explanation (see [`Question::explanation_html`]).
    #[serde(skip)]
    pub feedback_html: Option<String>,
    /// The author's text of the pair's feedback.
    #[serde(skip)]
    pub feedback: Option<String>,
}

/// An item of an ordering question or a point of a Likert scale.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OrderItem {
    /// The author's text.
    pub text: String,
    /// Safe HTML of the text.
    pub html: String,
    /// Safe HTML of an ordering item's `feedback:`; the player shows it after checking, with the
    /// explanation (see [`Question::explanation_html`]). Never set for a Likert scale point.
    #[serde(skip)]
    pub feedback_html: Option<String>,
}

/// When the learner sees whether an assessment answer is right.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FeedbackTiming {
    /// After each "Check answer".
    #[default]
    Immediate,
    /// Only when the whole assessment is finished (and in review, if allowed).
    End,
}

/// A message shown at the end of the assessment for scores from `from` percent up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreBand {
    /// Lowest score, in percent (0-100, inclusive), that gets this message.
    pub from: u8,
    /// The message (plain text, inline Markdown allowed).
    pub message: String,
}

/// The `[quiz]` table of `module.toml`: how the module's questions form an assessment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct QuizSettings {
    /// Ids of the pages whose questions form the scored assessment. Questions on other pages are
    /// unscored knowledge checks. Empty means every page.
    pub pages: Vec<String>,
    /// How many times the learner may take the assessment. Absent means no limit.
    pub attempts: Option<u32>,
    /// Present the assessment's questions in a random order on each attempt (within each page).
    pub shuffle_questions: bool,
    /// Question pools: for each bank name, how many of its questions each attempt draws at random.
    pub draw: BTreeMap<String, u32>,
    /// When assessment feedback is shown: `immediate` (after each answer) or `end`.
    pub feedback: FeedbackTiming,
    /// Whether the learner may review their answers and the correct ones after finishing.
    pub review: bool,
    /// Messages shown with the final score, each from a percentage up (for example 0, 50, 80).
    pub bands: Vec<ScoreBand>,
}
