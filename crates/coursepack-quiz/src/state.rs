//! The learner's quiz state, its compact serialisation, and the worst-case
//! size of the whole learner state, so the build can prove it fits the
//! target's `suspend_data` limit.
//!
//! `quiz.js` keeps its state under the key `quiz` of the player's state, as
//! `{"a":[…],"t":N,"d":[…]|0,"f":0|1,"s":P}`:
//! - `a`: one entry per question (player-data order): `0` when never checked,
//!   else `[checks, response]` with `checks` capped at [`MAX_CHECKS`] and the
//!   response in the compact form of [`Response`];
//! - `t`: the assessment attempt (1-based, capped at [`MAX_ATTEMPT_COUNTER`]);
//! - `d`: the assessed question indices drawn for this attempt, in the order shown, or `0`;
//! - `f`: `1` when the attempt is finished;
//! - `s`: the finished attempt's percentage (two decimals), or `-1`.
//!
//! Lengths are counted in UTF-16 code units, as browsers and LMS wrappers
//! measure strings. Text typed by the learner (fill-in and numeric answers,
//! reflection questions, and the player's reflection prompts) is cleaned by
//! [`clean_text`] before it is stored (`coursepack.lib.cleanText` in the
//! render crate's `player.js`, which `quiz.js` uses): no control characters but line feeds, no lone
//! surrogates. So each code unit costs at most [`TEXT_ESCAPE_FACTOR`]
//! characters once serialised (`"`, `\` and a line feed become two).
//!
//! Reflection text is the one part whose length the build chooses:
//! [`reflection_cap`] gives the longest text every reflection of a module
//! may hold so that the worst-case state still fits a target's limit. The
//! player sets it as each reflection box's `maxlength` and never shortens
//! anything it sends.

use crate::check::CompiledQuiz;
use crate::html::{FILL_MAX_CHARS, NUMERIC_MAX_CHARS, REFLECTION_MAX_CHARS};
use crate::model::QuestionKind;
use crate::score::Response;
use coursepack_diagnostics::Diagnostic;
use serde_json::{Value, json};

/// Highest check counter stored per question.
pub const MAX_CHECKS: u32 = 99;
/// Highest assessment attempt counter stored when attempts are unlimited.
pub const MAX_ATTEMPT_COUNTER: u32 = 999;
/// Longest page or reflection id the player state may hold (the module format's limit).
pub const MAX_ID_CHARS: usize = 64;
/// Longest serialised JSON number (`-1.2345678901234567e-300`).
const MAX_NUMBER_CHARS: usize = 24;
/// Worst-case serialised characters per UTF-16 code unit of cleaned learner
/// text: `"`, `\` and a line feed each become two characters; nothing cleaned
/// text can hold becomes more (control characters and lone surrogates, which
/// JSON writes as six, are dropped by [`clean_text`] and its JS mirrors).
pub const TEXT_ESCAPE_FACTOR: usize = 2;
/// Shortest reflection cap a build accepts. 500 characters is about 80
/// English words (fewer in Welsh): a short paragraph, which is what the
/// prompts ask for. Below that a learner runs out of room mid-thought, so the
/// build asks the author to change the module rather than ship a box too
/// small to use.
pub const REFLECTION_MIN_CHARS: usize = 500;

/// One question's saved entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Times the answer was checked (capped at [`MAX_CHECKS`]).
    pub checks: u32,
    /// The last answer.
    pub response: Response,
}

/// The quiz part of the learner state.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct QuizState {
    /// Per question (player-data order): the saved entry, if any.
    pub answers: Vec<Option<Entry>>,
    /// Assessment attempt, 1-based (0 before the first).
    pub attempt: u32,
    /// Drawn question indices for this attempt, in the order shown.
    pub drawn: Option<Vec<usize>>,
    /// The attempt is finished.
    pub finished: bool,
    /// The finished attempt's percentage.
    pub percent: Option<f64>,
}

impl QuizState {
    /// The compact JSON value (the same shape `quiz.js` stores).
    pub fn to_value(&self) -> Value {
        let answers: Vec<Value> = self
            .answers
            .iter()
            .map(|e| match e {
                None => json!(0),
                Some(e) => json!([e.checks.min(MAX_CHECKS), e.response]),
            })
            .collect();
        json!({
            "a": answers,
            "t": self.attempt,
            "d": self.drawn.as_ref().map_or(json!(0), |d| json!(d)),
            "f": u8::from(self.finished),
            "s": self.percent.map_or(json!(-1), |p| json!(p)),
        })
    }

    /// The compact JSON text.
    pub fn serialise(&self) -> String {
        self.to_value().to_string()
    }
}

/// Clean text typed by the learner before it is stored: drop control
/// characters (keeping line feeds when `multiline`), drop `\r`, and cut to
/// `max` UTF-16 code units without splitting a surrogate pair. Mirrors `cleanText` in `player.js`
/// (`coursepack.lib`, which `quiz.js` uses).
pub fn clean_text(text: &str, multiline: bool, max: usize) -> String {
    let mut out = String::new();
    let mut units = 0;
    for c in text.chars() {
        if c.is_control() && !(multiline && c == '\n') {
            continue;
        }
        let n = c.len_utf16();
        if units + n > max {
            break;
        }
        units += n;
        out.push(c);
    }
    out
}

fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// `[a,b,…]` where item `i` is at most `item(i)` characters.
fn array(n: usize, item: impl Fn(usize) -> usize) -> usize {
    2 + (0..n).map(item).sum::<usize>() + n.saturating_sub(1)
}

/// A JSON string of at most `units` code units of cleaned text.
fn string(units: usize) -> usize {
    2 + TEXT_ESCAPE_FACTOR * units
}

/// Worst-case length of one question's response, with reflection answers of
/// at most `reflection_max_chars` code units.
fn response_len(kind: &QuestionKind, reflection_max_chars: usize) -> usize {
    match kind {
        QuestionKind::Single { options } | QuestionKind::TrueFalse { options, .. } => {
            digits(options.len().saturating_sub(1))
        }
        QuestionKind::Likert { scale } => digits(scale.len().saturating_sub(1)),
        QuestionKind::Multiple { options } => array(options.len(), digits),
        QuestionKind::Ordering { items } => array(items.len(), digits),
        QuestionKind::Dropdown { blanks, .. } => array(blanks.len(), |b| digits(blanks[b].options.len() - 1).max(4)),
        QuestionKind::Matching { pairs, targets, .. } => {
            array(pairs.len(), |_| digits(targets.len().saturating_sub(1)).max(4))
        }
        QuestionKind::Fill { blanks, .. } => array(blanks.len(), |_| string(FILL_MAX_CHARS)),
        QuestionKind::Numeric { .. } => string(NUMERIC_MAX_CHARS),
        QuestionKind::Reflection => string(reflection_max_chars),
    }
}

/// Worst-case length of the quiz state (the value under `quiz`), with
/// reflection questions holding at most `reflection_max_chars` code units.
pub fn max_quiz_state_len(quiz: &CompiledQuiz, reflection_max_chars: usize) -> usize {
    let qs = &quiz.questions;
    let entry = |i: usize| 3 + digits(MAX_CHECKS as usize) + response_len(&qs[i].question.kind, reflection_max_chars);
    let answers = array(qs.len(), entry);
    let attempt = digits(quiz.settings.attempts.map_or(MAX_ATTEMPT_COUNTER, |a| a.min(MAX_ATTEMPT_COUNTER)) as usize);
    let assessed: Vec<usize> = quiz.assessed().map(|q| q.index).collect();
    let drawn = array(assessed.len(), |i| digits(assessed[i])).max(1);
    // {"a":A,"t":T,"d":D,"f":1,"s":99.99}
    "{\"a\":".len()
        + answers
        + ",\"t\":".len()
        + attempt
        + ",\"d\":".len()
        + drawn
        + ",\"f\":1".len()
        + ",\"s\":99.99}".len()
}

/// Worst-case length of the whole serialised learner state for a module with
/// this quiz, `pages` pages and `reflections` reflection prompts, every
/// reflection (prompt or `type: reflection` question) holding at most
/// `reflection_max_chars` code units of cleaned text.
///
/// The player runtime stores `{"loc":…,"seen":…,"refl":{…},"score":{…},"done":…,"quiz":…}`;
/// page and reflection ids are assumed at most [`MAX_ID_CHARS`] long, and
/// learner text costs up to [`TEXT_ESCAPE_FACTOR`] characters per code unit.
pub fn max_state_len(quiz: &CompiledQuiz, pages: usize, reflections: usize, reflection_max_chars: usize) -> usize {
    let id = 2 + MAX_ID_CHARS;
    let loc = "\"loc\":".len() + id;
    let seen = ",\"seen\":".len() + 2 + pages;
    let refl_item = id + 1 + string(reflection_max_chars);
    let refl = ",\"refl\":".len() + array(reflections, |_| refl_item);
    let score = ",\"score\":{\"raw\":,\"min\":,\"max\":,\"scaled\":,\"passed\":false}".len() + 4 * MAX_NUMBER_CHARS;
    let done = ",\"done\":false".len();
    let quiz_len = ",\"quiz\":".len() + max_quiz_state_len(quiz, reflection_max_chars);
    2 + loc + seen + refl + score + done + quiz_len
}

/// Every reflection of a module: its prompts plus its `type: reflection` questions.
pub fn reflection_count(quiz: &CompiledQuiz, prompts: usize) -> usize {
    prompts + quiz.questions.iter().filter(|q| matches!(q.question.kind, QuestionKind::Reflection)).count()
}

/// The longest text (in UTF-16 code units, at most [`REFLECTION_MAX_CHARS`])
/// every reflection of the module may hold so that the worst-case state
/// ([`max_state_len`]) fits `limit` characters; `None` when even empty
/// reflections do not fit. With no reflection at all it is [`REFLECTION_MAX_CHARS`].
pub fn reflection_cap(quiz: &CompiledQuiz, pages: usize, reflections: usize, limit: usize) -> Option<usize> {
    let base = max_state_len(quiz, pages, reflections, 0);
    let room = limit.checked_sub(base)?;
    // Each code unit of cap costs the same in every reflection: the state grows linearly.
    let per_char = max_state_len(quiz, pages, reflections, 1) - base;
    Some(room.checked_div(per_char).map_or(REFLECTION_MAX_CHARS, |cap| cap.min(REFLECTION_MAX_CHARS)))
}

/// How many reflections could hold `chars` code units each, the others
/// staying empty, with the worst-case state still within `limit`: the
/// reflections from that one on (in page order) are the ones that do not fit.
pub fn reflections_fitting(quiz: &CompiledQuiz, pages: usize, reflections: usize, chars: usize, limit: usize) -> usize {
    let base = max_state_len(quiz, pages, reflections, 0);
    let Some(room) = limit.checked_sub(base) else { return 0 };
    let each = TEXT_ESCAPE_FACTOR * chars;
    let total = reflection_count(quiz, reflections);
    room.checked_div(each).map_or(total, |n| n.min(total))
}

/// An error when the worst-case state does not fit `limit` characters
/// (SCORM 1.2: 4096, SCORM 2004: 64000) with every reflection holding
/// `reflection_max_chars` code units, saying what to change.
pub fn check_state_fits(
    quiz: &CompiledQuiz,
    pages: usize,
    reflections: usize,
    reflection_max_chars: usize,
    limit: usize,
    target: &str,
) -> Option<Diagnostic> {
    let need = max_state_len(quiz, pages, reflections, reflection_max_chars);
    if need <= limit {
        return None;
    }
    let mut biggest: Vec<(usize, &str)> = quiz
        .questions
        .iter()
        .map(|q| (response_len(&q.question.kind, reflection_max_chars), q.question.id.as_str()))
        .collect();
    biggest.sort_by_key(|b| std::cmp::Reverse(b.0));
    let names: Vec<String> = biggest.iter().take(3).map(|(n, id)| format!("`{id}` ({n})")).collect();
    let reflection_part = match reflection_count(quiz, reflections) {
        0 => String::new(),
        n if reflection_max_chars == 0 => format!("that is with the module's {n} reflection(s) left empty; "),
        n => format!(
            "{n} reflection(s) holding up to {reflection_max_chars} characters each take up to {}; ",
            n * string(reflection_max_chars)
        ),
    };
    Some(
        Diagnostic::error(
            "quiz/state-too-large",
            format!("the learner's saved state can reach {need} characters, over {target}'s limit of {limit}"),
        )
        .with_hint(format!(
            "{reflection_part}the largest answers are {}. Remove fill-in or other questions, split the module, or build for a target with a larger limit (SCORM 2004, xAPI, cmi5)",
            names.join(", ")
        )),
    )
}
