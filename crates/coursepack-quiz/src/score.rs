//! Scoring: the one definition of how an answer is marked. `assets/quiz.js`
//! implements the same rules operation for operation, and both are tested
//! against `tests/scoring-cases.json`. The rules are documented in
//! `docs/quiz.md` ("How answers are scored").

use crate::build::parse_number;
use crate::model::{ChoiceOption, NumericAnswer, Question, QuestionKind, ScoreBand};
use serde::{Deserialize, Serialize};

/// A learner's answer, in the compact form kept in the learner's state.
/// Indices always refer to the authored order, whatever order was shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Response {
    /// single, truefalse, likert: the chosen option's index.
    Index(usize),
    /// numeric (the text typed) and reflection.
    Text(String),
    /// multiple (chosen indices), dropdown (choice per blank), matching
    /// (target per left item), ordering (item indices in the learner's order).
    Indices(Vec<Option<usize>>),
    /// fill: the text typed in each blank.
    Texts(Vec<String>),
}

/// How an answer was marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Full credit.
    Correct,
    /// Some credit, not full.
    Partial,
    /// No credit.
    Incorrect,
    /// Likert and reflection: nothing to mark.
    Unscored,
}

/// The result of marking one answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Points earned (0..=max).
    pub score: f64,
    /// The question's points.
    pub max: f64,
    /// Status of the answer.
    pub status: Status,
}

impl Outcome {
    /// `Some(true)` when fully correct, `Some(false)` otherwise, `None` for unscored questions.
    pub fn correct(&self) -> Option<bool> {
        match self.status {
            Status::Unscored => None,
            s => Some(s == Status::Correct),
        }
    }
}

/// Explicit credit totals above this percentage count as 100 (GIFT banks write thirds as 33.333).
pub const FULL_CREDIT_FROM: f64 = 99.99;

/// Mark one answer. A response of the wrong shape scores as an empty answer.
pub fn score(q: &Question, r: &Response) -> Outcome {
    let points = f64::from(q.points);
    // (numerator, denominator) of the fraction of the points earned.
    let fraction: Option<(f64, f64)> = match (&q.kind, r) {
        (QuestionKind::Likert { .. } | QuestionKind::Reflection, _) => None,
        (QuestionKind::Single { options }, Response::Index(i)) => Some((single_credit(options, *i), 100.0)),
        (QuestionKind::TrueFalse { options, .. }, Response::Index(i)) => {
            Some((if options.get(*i).is_some_and(|o| o.correct) { 1.0 } else { 0.0 }, 1.0))
        }
        (QuestionKind::Multiple { options }, Response::Indices(chosen)) => Some(multiple_credit(options, chosen)),
        (QuestionKind::Fill { blanks, case_sensitive, .. }, Response::Texts(texts)) => {
            // Each blank earns 1 for an accepted answer, its credit ÷ 100 for a partial one.
            let earned: f64 = blanks
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let given = texts.get(i).map(|t| normalise(t, *case_sensitive)).unwrap_or_default();
                    if given.is_empty() {
                        0.0
                    } else if b.accepted.iter().any(|a| normalise(a, *case_sensitive) == given) {
                        1.0
                    } else {
                        b.partial
                            .iter()
                            .filter(|p| normalise(&p.text, *case_sensitive) == given)
                            .map(|p| p.credit.clamp(0.0, 100.0) / 100.0)
                            .fold(0.0, f64::max)
                    }
                })
                .sum();
            Some((earned, blanks.len() as f64))
        }
        (QuestionKind::Dropdown { blanks, .. }, Response::Indices(chosen)) => {
            let right = blanks.iter().enumerate().filter(|(i, b)| chosen.get(*i) == Some(&Some(b.correct))).count();
            Some((right as f64, blanks.len() as f64))
        }
        (QuestionKind::Numeric { answers }, Response::Text(text)) => {
            let credit = numeric_match(answers, text).map_or(0.0, |i| answers[i].credit.clamp(0.0, 100.0));
            Some((if credit > FULL_CREDIT_FROM { 100.0 } else { credit }, 100.0))
        }
        (QuestionKind::Matching { pairs, .. }, Response::Indices(chosen)) => {
            let right = pairs.iter().enumerate().filter(|(i, p)| chosen.get(*i) == Some(&Some(p.target))).count();
            Some((right as f64, pairs.len() as f64))
        }
        (QuestionKind::Ordering { items }, Response::Indices(order)) => {
            let right = (0..items.len()).filter(|i| order.get(*i) == Some(&Some(*i))).count();
            Some((right as f64, items.len() as f64))
        }
        _ => Some((0.0, 1.0)),
    };
    match fraction {
        None => Outcome { score: 0.0, max: 0.0, status: Status::Unscored },
        Some((num, den)) => {
            let status = if num >= den {
                Status::Correct
            } else if num > 0.0 {
                Status::Partial
            } else {
                Status::Incorrect
            };
            let score = if num >= den { points } else { points * num / den };
            Outcome { score, max: points, status }
        }
    }
}

/// Credit (percent, 0-100) of choosing option `i` of a single-choice question.
fn single_credit(options: &[ChoiceOption], i: usize) -> f64 {
    let Some(o) = options.get(i) else { return 0.0 };
    let c = o.credit.unwrap_or(if o.correct { 100.0 } else { 0.0 });
    let c = c.clamp(0.0, 100.0);
    if c > FULL_CREDIT_FROM { 100.0 } else { c }
}

/// (numerator, denominator) for a multiple-response answer.
///
/// Without `credit:` lines: each right option chosen counts +1, each wrong
/// option chosen −1, the total is floored at 0 and divided by the number of
/// right options. With any `credit:` line: the credits (percent) of the chosen
/// options are added in option order (an option without `credit:` counts
/// +100/right or −100/right), clamped to 0..100 and divided by 100.
fn multiple_credit(options: &[ChoiceOption], chosen: &[Option<usize>]) -> (f64, f64) {
    let mut picked = vec![false; options.len()];
    for i in chosen.iter().flatten() {
        if let Some(p) = picked.get_mut(*i) {
            *p = true;
        }
    }
    let right = options.iter().filter(|o| o.correct).count().max(1);
    if options.iter().any(|o| o.credit.is_some()) {
        let mut sum = 0.0;
        for (o, _) in options.iter().zip(&picked).filter(|(_, p)| **p) {
            let default = if o.correct { 100.0 } else { -100.0 };
            sum += o.credit.unwrap_or(default / right as f64);
        }
        let sum = sum.clamp(0.0, 100.0);
        return (if sum > FULL_CREDIT_FROM { 100.0 } else { sum }, 100.0);
    }
    let mut net: i64 = 0;
    for (o, _) in options.iter().zip(&picked).filter(|(_, p)| **p) {
        net += if o.correct { 1 } else { -1 };
    }
    (net.max(0) as f64, right as f64)
}

/// The numeric answer a learner's text earns: among the answers whose range
/// holds the number (ends included), the first with the highest credit.
/// `None` when the text is not a number or no range holds it.
pub fn numeric_match(answers: &[NumericAnswer], text: &str) -> Option<usize> {
    let v = learner_number(text)?;
    let mut best: Option<usize> = None;
    for (i, a) in answers.iter().enumerate() {
        if a.min <= v && v <= a.max && best.is_none_or(|b| a.credit > answers[b].credit) {
            best = Some(i);
        }
    }
    best
}

/// Compare-ready form of a typed answer: trimmed, inner whitespace runs
/// collapsed to one space, lowercased unless case matters.
pub fn normalise(text: &str, case_sensitive: bool) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if case_sensitive { joined } else { joined.to_lowercase() }
}

/// The number a learner typed: spaces ignored, and a single `,` read as the
/// decimal point when there is no `.` (so `3,5` is 3.5).
pub fn learner_number(text: &str) -> Option<f64> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let fixed =
        if !compact.contains('.') && compact.matches(',').count() == 1 { compact.replace(',', ".") } else { compact };
    parse_number(&fixed)
}

/// True when some answer to this kind of question can earn partial credit.
pub fn can_be_partial(kind: &QuestionKind) -> bool {
    match kind {
        QuestionKind::Multiple { .. } | QuestionKind::Matching { .. } | QuestionKind::Ordering { .. } => true,
        QuestionKind::Fill { blanks, .. } => blanks.len() > 1 || blanks.iter().any(|b| !b.partial.is_empty()),
        QuestionKind::Dropdown { blanks, .. } => blanks.len() > 1,
        QuestionKind::Single { options } => {
            options.iter().any(|o| o.credit.is_some_and(|c| c > 0.0 && c <= FULL_CREDIT_FROM))
        }
        QuestionKind::Numeric { answers } => answers.iter().any(|a| a.credit > 0.0 && !a.is_full()),
        _ => false,
    }
}

/// The assessment's total.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Total {
    /// Points earned.
    pub raw: f64,
    /// Points available.
    pub max: f64,
    /// raw / max (0 when max is 0).
    pub scaled: f64,
    /// Percentage, rounded to two decimals.
    pub percent: f64,
    /// `percent >= pass_mark`; `None` without a pass mark.
    pub passed: Option<bool>,
}

/// Add up outcomes (in question order) and compare with the pass mark.
pub fn total(outcomes: &[Outcome], pass_mark: Option<u8>) -> Total {
    let mut raw = 0.0;
    let mut max = 0.0;
    for o in outcomes {
        raw += o.score;
        max += o.max;
    }
    let scaled = if max > 0.0 { raw / max } else { 0.0 };
    let percent = (scaled * 10000.0).round() / 100.0;
    Total { raw, max, scaled, percent, passed: pass_mark.map(|p| percent >= f64::from(p)) }
}

/// The band message for a percentage: the band with the highest `from` not above it.
pub fn band(bands: &[ScoreBand], percent: f64) -> Option<&ScoreBand> {
    bands.iter().filter(|b| f64::from(b.from) <= percent).max_by_key(|b| b.from)
}
