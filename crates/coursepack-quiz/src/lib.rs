//! Quiz compiler for coursepack: question syntax, typed quiz model, scoring,
//! response formats per standard, GIFT and Aiken import.
//!
//! The pipeline for a module:
//! 1. [`parse_question`] reads each ```` ```question ```` block of a page into a
//!    [`Question`], reporting every problem as a located [`Diagnostic`].
//! 2. [`compile_quiz`] checks the questions together with the `[quiz]`
//!    [`QuizSettings`] and the pass mark, and gives a [`CompiledQuiz`].
//! 3. [`render_question_html`] writes each question's accessible markup, and
//!    [`CompiledQuiz::player_data`] the JSON that [`PLAYER_JS`] hydrates it with.
//! 4. [`max_state_len`] bounds the learner's saved state so the build can
//!    prove it fits the target's `suspend_data` limit, and [`reflection_cap`]
//!    gives the longest text each reflection may hold for that proof.
//!
//! [`import`] converts Moodle GIFT and Aiken banks into question blocks, and
//! [`export::export_gift`] writes a module's questions back to GIFT.
//!
//! Scoring is defined once, in [`score`], and `assets/quiz.js` follows the
//! same rules; both are tested against `tests/scoring-cases.json`.

mod build;
mod check;
pub mod export;
mod html;
pub mod import;
pub mod inline;
mod model;
mod player;
pub mod score;
pub mod standards;
pub mod state;
mod syntax;

pub use build::{MAX_POINTS, TYPES, derived_id, parse_number, parse_question, parse_sorting, valid_id};
pub use check::{CompiledQuestion, CompiledQuiz, PlacedQuestion, compile_quiz, compile_quiz_in};
pub use coursepack_diagnostics::Diagnostic;
pub use html::{FILL_MAX_CHARS, NUMERIC_MAX_CHARS, REFLECTION_MAX_CHARS, render_question_html, scrambled};
pub use model::*;
pub use player::PlayerData;
pub use state::{
    REFLECTION_MIN_CHARS, check_state_fits, max_state_len, reflection_cap, reflection_count, reflections_fitting,
};
pub use syntax::{BlockSource, HEADER_KEYS, OPTION_KEYS, TRAILING_KEYS};

/// The learner-side script: hydrates every `.cp-question`, scores answers with
/// the same rules as [`score`], keeps answers in the learner's state and
/// reports them through `window.coursepack`.
pub const PLAYER_JS: &str = include_str!("../assets/quiz.js");
