//! The build-time proof that a module's learner state fits its target.
//!
//! LMSs refuse a `suspend_data` over their limit and keep the old value
//! (Moodle answers 405), so resume silently breaks. Before anything is
//! written, the build bounds the longest state the player can ever save
//! (`coursepack_quiz::state`) and compares it with the limit of the target
//! and LMS profile ([`LmsProfile::max_state_length`]).
//!
//! Reflection text is the one part the player may shorten: when the state
//! would not fit, it trims the longest reflections in the copy it sends (the
//! device keeps them whole). So the hard check counts every reflection as
//! empty; when full-length reflections could overflow the limit, the build
//! notes it (`package/reflections-may-be-shortened`, an info).

use crate::{BuildOptions, LmsProfile, Target};
use coursepack_compile::{CompiledModule, REFLECTION_MAX_CHARS};
use coursepack_diagnostics::Diagnostic;
use coursepack_quiz::{check_state_fits, max_state_len, CompiledQuiz, QuizSettings};

/// Problems with `module`'s learner state for `target` under `options.lms`:
/// an error (`quiz/state-too-large`) when even without reflection text it
/// cannot fit, and an info when full-length reflections may be shortened.
/// Located at the module's `pages` list in `module.toml`.
pub fn check_state_limits(module: &CompiledModule, target: Target, options: &BuildOptions) -> Vec<Diagnostic> {
    let Some(limit) = options.lms.max_state_length(target) else { return Vec::new() };
    let empty;
    let quiz: &CompiledQuiz = match &module.packaging.quiz {
        Some(quiz) => quiz,
        None => {
            empty = coursepack_quiz::compile_quiz(Vec::new(), &QuizSettings::default(), None).0;
            &empty
        }
    };
    let pages = module.pages.len();
    let reflections = module.reflections.len();
    let label = label(target, options.lms);
    let locate = |d: Diagnostic| match &module.packaging.manifest_location {
        Some(location) => d.at(location.clone()),
        None => d,
    };
    if let Some(mut error) = check_state_fits(quiz, pages, reflections, 0, limit, &label) {
        error.message = format!("module `{}`: {}", module.id, error.message);
        error.hint = Some(format!(
            "the page progress and the answers to the {} question(s) alone can take that much; remove or shorten fill-in and reflection questions, split the module, or build for a target with a larger limit (SCORM 2004, xAPI, cmi5). Reflection prompts are not counted in full: the player shortens their text in the copy it sends when needed",
            quiz.questions.len()
        ));
        return vec![locate(error)];
    }
    let full = max_state_len(quiz, pages, reflections, REFLECTION_MAX_CHARS);
    if reflections > 0 && full > limit {
        return vec![locate(
            Diagnostic::info(
                "package/reflections-may-be-shortened",
                format!(
                    "module `{}`: with {reflections} reflection prompt(s) written in full ({REFLECTION_MAX_CHARS} characters each), the saved state could reach {full} characters, over {label}'s limit of {limit}",
                    module.id
                ),
            )
            .with_hint("the player then shortens the longest reflections in the copy saved to the LMS; the learner's device keeps them whole. Everything else always fits"),
        )];
    }
    Vec::new()
}

/// How the limit is named in messages: the target, and the LMS when it is not generic.
fn label(target: Target, lms: LmsProfile) -> String {
    let standard = match target {
        Target::Web => "the web target",
        Target::Scorm12 => "SCORM 1.2",
        Target::Scorm2004 => "SCORM 2004",
        Target::Xapi => "xAPI",
        Target::Cmi5 => "cmi5",
    };
    if lms == LmsProfile::Generic { standard.to_string() } else { format!("{standard} ({lms})") }
}
