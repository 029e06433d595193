//! The build-time proof that a module's learner state fits its target.
//!
//! LMSs refuse a `suspend_data` over their limit and keep the old value
//! (Moodle answers 405), so resume silently breaks. Before anything is
//! written, the build bounds the longest state the player can ever save
//! (`coursepack_quiz::state`) and compares it with the limit of the target
//! and LMS profile ([`LmsProfile::max_state_length`]).
//!
//! Interactive blocks keep a little state each (which panels are open, the
//! current step...) under the state's `b` object; the compiler gives each
//! one's worst case (`CompiledModule::widget_state`) and it is counted first.
//!
//! Reflections (prompts and `type: reflection` questions) share what the
//! rest of the state leaves: [`reflection_limit`] gives the longest text each
//! may hold (at most 2000 characters), the player sets it as the box's
//! `maxlength` and shows it, and nothing the learner writes is ever
//! shortened. When that room is under [`REFLECTION_MIN_CHARS`], the build
//! fails at the first reflection that does not fit.

use crate::{BuildOptions, LmsProfile, Target};
use coursepack_compile::{CompiledModule, REFLECTION_MAX_CHARS, widget_state_len};
use coursepack_diagnostics::{Diagnostic, Location};
use coursepack_quiz::{
    CompiledQuiz, QuestionKind, REFLECTION_MIN_CHARS, check_state_fits, reflection_cap, reflection_count,
    reflections_fitting,
};

/// The longest text (UTF-16 code units) each reflection of `module` may hold
/// in a `target` package under `options.lms`, proved to keep the worst-case
/// learner state within the target's limit: 2000 where there is no limit or
/// room enough. The error is `quiz/state-too-large` (located at the module's
/// `pages` list) when even empty reflections do not fit, or
/// `package/reflections-do-not-fit` (located at the first reflection without
/// room) when each would get under [`REFLECTION_MIN_CHARS`].
pub fn reflection_limit(
    module: &CompiledModule,
    target: Target,
    options: &BuildOptions,
) -> Result<usize, Box<Diagnostic>> {
    let Some(full_limit) = options.lms.max_state_length(target) else { return Ok(REFLECTION_MAX_CHARS) };
    let quiz = &module.quiz;
    let pages = module.pages.len();
    let prompts = module.reflections.len();
    let label = label(target, options.lms);
    // The blocks' part has a fixed worst case; the rest of the state gets what it leaves.
    let blocks = widget_state_len(&module.widget_state);
    let Some(limit) = full_limit.checked_sub(blocks) else {
        let error = Diagnostic::error(
            "quiz/state-too-large",
            format!(
                "module `{}`: its {} interactive blocks alone can keep {blocks} characters of the learner's state, over {label}'s limit of {full_limit}",
                module.meta.id,
                module.widget_state.len()
            ),
        )
        .with_hint("give the blocks shorter `id:`s, use fewer blocks, split the module, or build for SCORM 2004, xAPI or cmi5");
        return Err(Box::new(locate(error, module.packaging.manifest_location.clone())));
    };
    let Some(cap) = reflection_cap(quiz, pages, prompts, limit) else {
        // Even with every reflection empty the state does not fit.
        let mut error = check_state_fits(quiz, pages, prompts, 0, limit, &label).unwrap_or_else(|| {
            Diagnostic::error(
                "quiz/state-too-large",
                format!("the learner's saved state cannot fit {label}'s limit of {limit}"),
            )
        });
        error.message = format!("module `{}`: {}{}", module.meta.id, error.message, blocks_note(blocks, full_limit));
        return Err(Box::new(locate(error, module.packaging.manifest_location.clone())));
    };
    if cap >= REFLECTION_MIN_CHARS {
        return Ok(cap);
    }
    let total = reflection_count(quiz, prompts);
    let fitting = reflections_fitting(quiz, pages, prompts, REFLECTION_MIN_CHARS, limit);
    let places = reflection_places(module, quiz);
    let first_without_room = places.get(fitting).cloned().flatten();
    let error = Diagnostic::error(
        "package/reflections-do-not-fit",
        format!(
            "module `{}`: {label}'s limit of {limit} characters{} leaves each of the module's {total} reflections room for only {cap} characters, under the minimum of {REFLECTION_MIN_CHARS}; this is reflection {} of {total}",
            module.meta.id,
            blocks_note(blocks, full_limit),
            fitting + 1
        ),
    )
    .with_hint(format!(
        "the learner's saved state has room for {fitting} reflection(s) of {REFLECTION_MIN_CHARS} characters next to the rest of the module. Use fewer reflections (merge prompts, or remove this one and the ones after it), split the module into smaller modules, or build for SCORM 2004, xAPI or cmi5, where each reflection keeps {REFLECTION_MAX_CHARS} characters"
    ));
    Err(Box::new(locate(error, first_without_room.or_else(|| module.packaging.manifest_location.clone()))))
}

/// Problems with `module`'s learner state for `target` under `options.lms`
/// (see [`reflection_limit`]); empty when the state is proved to fit.
pub fn check_state_limits(module: &CompiledModule, target: Target, options: &BuildOptions) -> Vec<Diagnostic> {
    reflection_limit(module, target, options).err().map(|d| vec![*d]).unwrap_or_default()
}

/// Where each reflection (prompt or question) is, in reading order: by page,
/// then by position in the page.
fn reflection_places(module: &CompiledModule, quiz: &CompiledQuiz) -> Vec<Option<Location>> {
    let page_index = |id: &str| module.pages.iter().position(|p| p.id == id).unwrap_or(usize::MAX);
    let position = |l: &Option<Location>| l.as_ref().map_or((0, 0), |l| (l.line, l.column));
    // (page index, (line, column)) orders reflections as the learner meets them.
    type Place = ((usize, (usize, usize)), Option<Location>);
    let mut places: Vec<Place> = module
        .reflections
        .iter()
        .map(|r| ((page_index(&r.page_id), position(&r.location)), r.location.clone()))
        .chain(
            quiz.questions
                .iter()
                .filter(|q| matches!(q.question.kind, QuestionKind::Reflection))
                .map(|q| ((page_index(&q.page), position(&q.location)), q.location.clone())),
        )
        .collect();
    places.sort_by_key(|(key, _)| *key);
    places.into_iter().map(|(_, location)| location).collect()
}

/// How the limit was reduced by what the interactive blocks keep, for messages; empty when they keep nothing.
fn blocks_note(blocks: usize, full_limit: usize) -> String {
    if blocks == 0 {
        String::new()
    } else {
        format!(" (the {full_limit} characters less the {blocks} the module's interactive blocks can keep)")
    }
}

fn locate(d: Diagnostic, location: Option<Location>) -> Diagnostic {
    match location {
        Some(location) => d.at(location),
        None => d,
    }
}

/// How the limit is named in messages: the target, and the LMS when it is not generic.
fn label(target: Target, lms: LmsProfile) -> String {
    let standard = target.label();
    if lms == LmsProfile::Generic { standard.to_string() } else { format!("{standard} ({lms})") }
}
