//! The serialised learner state never exceeds the bound the compiler computes.

mod common;
use common::*;
use coursepack_quiz::score::Response;
use coursepack_quiz::state::{Entry, MAX_ID_CHARS, QuizState, TEXT_ESCAPE_FACTOR, clean_text, max_quiz_state_len};
use coursepack_quiz::{
    CompiledQuiz, FILL_MAX_CHARS, NUMERIC_MAX_CHARS, QuestionKind, QuizSettings, REFLECTION_MAX_CHARS,
    check_state_fits, max_state_len, reflection_cap, reflection_count, reflections_fitting,
};
use proptest::prelude::*;
use serde_json::json;

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// A module quiz with `n` options/items per question of every type.
fn module_quiz(n: usize, attempts: Option<u32>) -> CompiledQuiz {
    let opts: String = (0..n).map(|i| format!("- [{}] option {i}\n", if i == 0 { "x" } else { " " })).collect();
    let items: String = (0..n).map(|i| format!("{}. item {i}\n", i + 1)).collect();
    let pairs: String = (0..n).map(|i| format!("- left {i} => right {}\n", i % 3)).collect();
    let scale: String = (0..n).map(|i| format!("- point {i}\n")).collect();
    let blanks: String = (0..n).map(|i| format!("[[a{i}|b{i}]] ")).collect();
    let drops: String = (0..n).map(|i| format!("[[*a{i}|b{i}|c{i}]] ")).collect();
    let bodies = [
        format!("type: single\nPick\n{opts}"),
        format!("type: multiple\nPick\n{opts}"),
        "type: truefalse\nTrue?\n- [x] T\n- [ ] F\n".to_string(),
        format!("Fill {blanks}\n"),
        format!("Drop {drops}\n"),
        "How many?\nanswer: 3\n".to_string(),
        format!("Match\n{pairs}"),
        format!("Order\n{items}"),
        format!("type: likert\nSure?\n{scale}"),
        "type: reflection\nThink.\n".to_string(),
    ];
    let blocks: Vec<(&str, &str)> = bodies.iter().map(|b| ("test", b.as_str())).collect();
    let settings = QuizSettings { attempts, ..Default::default() };
    quiz(&blocks, &settings, Some(80)).0
}

fn any_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just('"'),
            Just('\\'),
            Just('\n'),
            Just('\r'),
            Just('\u{1}'),
            Just('\u{7f}'),
            Just('\u{85}'),
            Just('ŵ'),
            Just('😀'),
            Just('a'),
            Just(' '),
            any::<char>()
        ],
        0..2400,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn response(kind: &QuestionKind, seed: &[usize], text: &str, reflection_max: usize) -> Response {
    let pick = |i: usize, n: usize| seed.get(i).copied().unwrap_or(0) % n.max(1);
    match kind {
        QuestionKind::Single { options } | QuestionKind::TrueFalse { options, .. } => {
            Response::Index(pick(0, options.len()))
        }
        QuestionKind::Likert { scale } => Response::Index(pick(0, scale.len())),
        QuestionKind::Multiple { options } => {
            let mut v: Vec<usize> = (0..options.len()).filter(|i| pick(*i, 3) != 0).collect();
            v.dedup();
            Response::Indices(v.into_iter().map(Some).collect())
        }
        QuestionKind::Dropdown { blanks, .. } => Response::Indices(
            (0..blanks.len())
                .map(|i| if pick(i, 4) == 0 { None } else { Some(pick(i + 1, blanks[i].options.len())) })
                .collect(),
        ),
        QuestionKind::Matching { pairs, targets, .. } => Response::Indices(
            (0..pairs.len()).map(|i| if pick(i, 4) == 0 { None } else { Some(pick(i + 1, targets.len())) }).collect(),
        ),
        QuestionKind::Ordering { items } => {
            let mut order: Vec<usize> = (0..items.len()).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, pick(i, i + 1));
            }
            Response::Indices(order.into_iter().map(Some).collect())
        }
        QuestionKind::Fill { blanks, .. } => Response::Texts(
            (0..blanks.len())
                .map(|i| clean_text(&text.chars().skip(i * 37).collect::<String>(), false, FILL_MAX_CHARS))
                .collect(),
        ),
        QuestionKind::Numeric { .. } => Response::Text(clean_text(text, false, NUMERIC_MAX_CHARS)),
        QuestionKind::Reflection => Response::Text(clean_text(text, true, reflection_max)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn serialised_state_never_exceeds_the_bound(
        n in 2usize..40,
        attempts in proptest::option::of(1u32..2000),
        seed in proptest::collection::vec(any::<usize>(), 64),
        answered in proptest::collection::vec(any::<bool>(), 10),
        checks in 0u32..100_000,
        attempt in 0u32..5000,
        text in any_text(),
        percent in 0u32..=10_000,
        pages in 1usize..60,
        reflections in proptest::collection::vec(any_text(), 0..4),
        score_raw in any::<f64>(),
    ) {
        let quiz = module_quiz(n, attempts);
        let max_chars = 500;
        let answers = quiz.questions.iter().enumerate().map(|(i, q)| {
            answered[i % answered.len()].then(|| Entry {
                checks,
                response: response(&q.question.kind, &seed[i..], &text, max_chars),
            })
        }).collect();
        let cap = attempts.map_or(coursepack_quiz::state::MAX_ATTEMPT_COUNTER, |a| a.min(coursepack_quiz::state::MAX_ATTEMPT_COUNTER));
        let drawn: Vec<usize> = quiz.assessed().map(|q| q.index).collect::<Vec<_>>().into_iter().rev().collect();
        let state = QuizState { answers, attempt: attempt.min(cap), drawn: Some(drawn), finished: true, percent: Some(f64::from(percent) / 100.0) };
        let quiz_json = state.serialise();
        let quiz_bound = max_quiz_state_len(&quiz, max_chars);
        prop_assert!(utf16_len(&quiz_json) <= quiz_bound, "{} > {}", utf16_len(&quiz_json), quiz_bound);

        // The whole state as the player runtime stores it (reflection prompts cleaned like answers).
        let refl: serde_json::Map<String, serde_json::Value> = reflections.iter().enumerate().map(|(i, t)| {
            let id = format!("{}{i}", "r".repeat(MAX_ID_CHARS - 2));
            (id, json!(clean_text(t, true, max_chars)))
        }).collect();
        let whole = json!({
            "loc": "p".repeat(MAX_ID_CHARS),
            "seen": "1".repeat(pages),
            "refl": refl,
            "score": { "raw": score_raw.is_finite().then_some(score_raw), "min": 0, "max": score_raw, "scaled": -0.123456789012345, "passed": false },
            "done": false,
            "quiz": state.to_value(),
        }).to_string();
        let bound = max_state_len(&quiz, pages, reflections.len(), max_chars);
        prop_assert!(utf16_len(&whole) <= bound, "{} > {}", utf16_len(&whole), bound);
    }
}

#[test]
fn the_bound_is_tight_for_a_worst_case_state() {
    let quiz = module_quiz(3, Some(5));
    let state = worst_quiz_state(&quiz, REFLECTION_MAX_CHARS);
    assert_eq!(utf16_len(&state.serialise()), max_quiz_state_len(&quiz, REFLECTION_MAX_CHARS));
}

#[test]
fn too_large_states_fail_with_advice() {
    let quiz = module_quiz(3, None);
    let d = check_state_fits(&quiz, 10, 2, 1000, 4096, "SCORM 1.2").expect("does not fit");
    assert_eq!(d.code, "quiz/state-too-large");
    assert!(d.message.contains("4096"));
    assert!(d.hint.as_deref().is_some_and(|h| h.contains("SCORM 2004")));
    assert!(check_state_fits(&quiz, 10, 2, 1000, 64_000, "SCORM 2004").is_none());
}

/// The quiz part of the learner state at its worst: every reflection question
/// `chars` characters of `"` (two characters each once serialised), every
/// other answer at its longest, the highest attempt and a full draw.
fn worst_quiz_state(quiz: &CompiledQuiz, chars: usize) -> QuizState {
    let text = "\"".repeat(chars);
    let answers = quiz
        .questions
        .iter()
        .map(|q| {
            let r = match &q.question.kind {
                QuestionKind::Fill { blanks, .. } => Response::Texts(vec!["\\".repeat(FILL_MAX_CHARS); blanks.len()]),
                QuestionKind::Numeric { .. } => Response::Text("\"".repeat(NUMERIC_MAX_CHARS)),
                QuestionKind::Reflection => Response::Text(text.clone()),
                QuestionKind::Multiple { options } => Response::Indices((0..options.len()).map(Some).collect()),
                QuestionKind::Ordering { items } => Response::Indices((0..items.len()).map(Some).collect()),
                QuestionKind::Dropdown { blanks, .. } => Response::Indices(vec![None; blanks.len()]),
                QuestionKind::Matching { pairs, .. } => Response::Indices(vec![None; pairs.len()]),
                _ => Response::Index(2),
            };
            Some(Entry { checks: 99, response: r })
        })
        .collect();
    let drawn = quiz.assessed().map(|q| q.index).collect();
    QuizState { answers, attempt: 5, drawn: Some(drawn), finished: true, percent: Some(99.99) }
}

/// The whole learner state at its worst: every page and reflection id at the
/// longest, every reflection (prompt and question) `chars` characters of `"`
/// (two characters each once serialised), every other answer at its worst.
fn worst_whole_state(quiz: &CompiledQuiz, pages: usize, prompts: usize, chars: usize) -> String {
    let text = "\"".repeat(chars);
    let state = worst_quiz_state(quiz, chars);
    let refl: serde_json::Map<String, serde_json::Value> =
        (0..prompts).map(|i| (format!("{i:0>width$}", width = MAX_ID_CHARS), json!(text))).collect();
    let n = -1.2345678901234567e-300_f64;
    json!({
        "loc": "p".repeat(MAX_ID_CHARS),
        "seen": "1".repeat(pages),
        "refl": refl,
        "score": { "raw": n, "min": n, "max": n, "scaled": n, "passed": false },
        "done": false,
        "quiz": state.to_value(),
    })
    .to_string()
}

#[test]
fn the_reflection_cap_fills_the_limit_exactly() {
    let quiz = module_quiz(3, Some(5));
    // 1 reflection question in the quiz plus 2 prompts.
    assert_eq!(reflection_count(&quiz, 2), 3);
    for limit in [4096, 5000, 6001] {
        let cap = reflection_cap(&quiz, 7, 2, limit).expect("fits");
        assert!(cap < REFLECTION_MAX_CHARS, "the limit, not the 2000 ceiling, sets the cap here: {cap}");
        // The worst case at the cap fits and is the computed bound, character for character.
        let worst = worst_whole_state(&quiz, 7, 2, cap);
        assert_eq!(utf16_len(&worst), max_state_len(&quiz, 7, 2, cap), "the bound is exact at the cap");
        assert!(utf16_len(&worst) <= limit);
        assert!(check_state_fits(&quiz, 7, 2, cap, limit, "SCORM 1.2").is_none());
        // One more character in every reflection does not fit.
        assert!(utf16_len(&worst_whole_state(&quiz, 7, 2, cap + 1)) > limit);
        assert!(check_state_fits(&quiz, 7, 2, cap + 1, limit, "SCORM 1.2").is_some());
        // Nothing is wasted: less than one character per reflection is left over.
        assert!(limit - utf16_len(&worst) < 3 * TEXT_ESCAPE_FACTOR);
    }
}

#[test]
fn the_reflection_cap_is_at_most_2000_and_absent_when_nothing_fits() {
    let quiz = module_quiz(3, Some(5));
    assert_eq!(reflection_cap(&quiz, 7, 2, 64_000), Some(REFLECTION_MAX_CHARS));
    let empty = max_state_len(&quiz, 7, 2, 0);
    assert_eq!(reflection_cap(&quiz, 7, 2, empty), Some(0));
    assert_eq!(reflection_cap(&quiz, 7, 2, empty - 1), None);
    // With no reflection at all the cap is the ceiling (nothing to share).
    let plain = module_quiz(2, None);
    let plain = CompiledQuiz {
        questions: plain.questions.into_iter().filter(|q| q.question.kind.name() != "reflection").collect(),
        ..plain
    };
    assert_eq!(reflection_cap(&plain, 3, 0, max_state_len(&plain, 3, 0, 0)), Some(REFLECTION_MAX_CHARS));
}

#[test]
fn reflections_fitting_counts_those_with_room_for_the_minimum() {
    let quiz = module_quiz(3, Some(5));
    let empty = max_state_len(&quiz, 7, 2, 0);
    let each = TEXT_ESCAPE_FACTOR * 500;
    assert_eq!(reflections_fitting(&quiz, 7, 2, 500, empty + 2 * each), 2);
    assert_eq!(reflections_fitting(&quiz, 7, 2, 500, empty + 2 * each - 1), 1);
    assert_eq!(reflections_fitting(&quiz, 7, 2, 500, 64_000), 3, "never more than there are");
    assert_eq!(reflections_fitting(&quiz, 7, 2, 500, empty - 1), 0);
}
