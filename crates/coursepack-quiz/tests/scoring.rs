//! Scoring rules, checked by hand-computed expectations, and the shared case
//! file `tests/scoring-cases.json` that the JavaScript tests
//! (`js-tests/scoring.test.mjs`) run against `assets/quiz.js`.
//!
//! Set `UPDATE_SCORING_CASES=1` to rewrite the case file after changing a rule.

mod common;
use common::*;
use coursepack_quiz::score::{Outcome, Response, Status, band, score, total};
use coursepack_quiz::standards::learner_response;
use coursepack_quiz::state::clean_text;
use coursepack_quiz::{QuizSettings, ScoreBand};
use serde_json::{Value, json};

fn idx(v: &[usize]) -> Response {
    Response::Indices(v.iter().map(|i| Some(*i)).collect())
}
fn opt(v: &[Option<usize>]) -> Response {
    Response::Indices(v.to_vec())
}
fn texts(v: &[&str]) -> Response {
    Response::Texts(v.iter().map(|s| s.to_string()).collect())
}
fn text(s: &str) -> Response {
    Response::Text(s.to_string())
}

/// A named question block and responses with their expected (score, status).
type Case = (&'static str, &'static str, Vec<(Response, f64, Status)>);

fn cases() -> Vec<Case> {
    use Status::*;
    vec![
        (
            "single",
            "points: 2\nPick\n- [x] a\n- [ ] b\n- [ ] c\n",
            vec![
                (Response::Index(0), 2.0, Correct),
                (Response::Index(1), 0.0, Incorrect),
                (Response::Index(9), 0.0, Incorrect),
                (text("a"), 0.0, Incorrect),
            ],
        ),
        (
            "single-credit",
            "type: single\npoints: 4\nPick\n- [x] best\n- [ ] good\n  credit: 50\n- [ ] poor\n  credit: 33.333\n- [ ] bad\n  credit: -20\n",
            vec![
                (Response::Index(0), 4.0, Correct),
                (Response::Index(1), 2.0, Partial),
                (Response::Index(2), 4.0 * 33.333 / 100.0, Partial),
                (Response::Index(3), 0.0, Incorrect),
            ],
        ),
        (
            "two-paragraph-prompt",
            "{Braces} open the prompt.\n\nA second paragraph asks: which?\n- [x] a\n- [ ] b\n",
            vec![(Response::Index(0), 1.0, Correct)],
        ),
        (
            "truefalse",
            "type: truefalse\nFish swim.\n- [x] True\n- [ ] False\n",
            vec![(Response::Index(0), 1.0, Correct), (Response::Index(1), 0.0, Incorrect)],
        ),
        (
            "multiple",
            "points: 3\nPick\n- [x] a\n- [x] b\n- [x] c\n- [ ] d\n- [ ] e\n",
            vec![
                (idx(&[0, 1, 2]), 3.0, Correct),
                (idx(&[0, 1]), 2.0, Partial),
                (idx(&[0]), 1.0, Partial),
                (idx(&[0, 1, 3]), 1.0, Partial),
                (idx(&[0, 3]), 0.0, Incorrect),
                (idx(&[3, 4]), 0.0, Incorrect),
                (idx(&[]), 0.0, Incorrect),
                (idx(&[2, 1, 0, 0]), 3.0, Correct),
                (idx(&[0, 1, 2, 3, 4]), 1.0, Partial),
                (opt(&[None, Some(1)]), 1.0, Partial),
            ],
        ),
        (
            "multiple-thirds",
            "Pick\n- [x] a\n- [x] b\n- [x] c\n- [ ] d\n",
            vec![(idx(&[0]), 1.0 / 3.0, Partial), (idx(&[0, 1]), 2.0 / 3.0, Partial), (idx(&[0, 1, 2]), 1.0, Correct)],
        ),
        (
            "multiple-credit",
            "type: multiple\npoints: 2\nPick\n- [x] a\n  credit: 33.33333\n- [x] b\n  credit: 33.33333\n- [x] c\n  credit: 33.33333\n- [ ] d\n  credit: -50\n- [ ] e\n",
            vec![
                (idx(&[0, 1, 2]), 2.0, Correct),
                (idx(&[0]), 2.0 * 33.33333 / 100.0, Partial),
                (idx(&[0, 3]), 0.0, Incorrect),
                (idx(&[0, 1, 2, 4]), 2.0 * (99.99999 - 100.0 / 3.0) / 100.0, Partial),
            ],
        ),
        (
            "fill",
            "points: 2\nThe [[GDPR|UK GDPR]] and the [[Data Protection Act|DPA]] apply.\n",
            vec![
                (texts(&["gdpr", "dpa"]), 2.0, Correct),
                (texts(&["  UK   GDPR ", "x"]), 1.0, Partial),
                (texts(&["", ""]), 0.0, Incorrect),
                (texts(&["GDPR"]), 1.0, Partial),
                (idx(&[0]), 0.0, Incorrect),
            ],
        ),
        (
            "fill-case",
            "case: sensitive\nThe [[ICO]] regulates.\n",
            vec![(texts(&["ICO"]), 1.0, Correct), (texts(&["ico"]), 0.0, Incorrect)],
        ),
        (
            "fill-unicode",
            "Cymraeg: [[Ŵyl|gŵyl]] y [[CAWS]]\n",
            vec![(texts(&["ŵyl", "caws"]), 1.0, Correct), (texts(&["GŴYL", "Caws\u{a0}"]), 1.0, Correct)],
        ),
        (
            // A short answer with partial credit (Moodle's `{=Nazareth =%75%Nazereth =%25%Bethlehem}`).
            "fill-partial-credit",
            "points: 4\nJesus Christ was from [[Nazareth]].\n- Nazereth\n  credit: 75\n- Bethlehem\n  credit: 25\n- Nasareth\n",
            vec![
                (texts(&["nazareth"]), 4.0, Correct),
                (texts(&["Nasareth"]), 4.0, Correct),
                (texts(&[" NAZERETH "]), 3.0, Partial),
                (texts(&["Bethlehem"]), 1.0, Partial),
                (texts(&["Jerusalem"]), 0.0, Incorrect),
                (texts(&[""]), 0.0, Incorrect),
            ],
        ),
        (
            "dropdown",
            "points: 3\nAnswer within [[*one month|two weeks]] for [[free|*no fee|£10]] and [[*by email|by post]].\n",
            vec![
                (idx(&[0, 1, 0]), 3.0, Correct),
                (opt(&[Some(0), None, Some(1)]), 1.0, Partial),
                (idx(&[1, 0, 1]), 0.0, Incorrect),
            ],
        ),
        (
            "numeric",
            "How many hours?\nanswer: 72\ntolerance: 2\n",
            vec![
                (text("72"), 1.0, Correct),
                (text(" 70 "), 1.0, Correct),
                (text("74.0"), 1.0, Correct),
                (text("74.01"), 0.0, Incorrect),
                (text("7 2"), 1.0, Correct),
                (text("71,5"), 1.0, Correct),
                (text("+73"), 1.0, Correct),
                (text("seventy-two"), 0.0, Incorrect),
                (text("1,000"), 0.0, Incorrect),
                (text(""), 0.0, Incorrect),
                (text("72."), 0.0, Incorrect),
                (text("1e2"), 0.0, Incorrect),
            ],
        ),
        (
            "numeric-range",
            "How many?\nanswer: -0.5..0.25\n",
            vec![
                (text("-.5"), 1.0, Correct),
                (text("0.25"), 1.0, Correct),
                (text("0.3"), 0.0, Incorrect),
                (text("0"), 1.0, Correct),
            ],
        ),
        (
            "numeric-partial",
            "type: numeric\npoints: 4\nHow many hours?\n- 72\n  feedback: Exactly.\n- 70..74\n  credit: 50\n  feedback: Close.\n- 0..100\n  credit: 25\n- 71 ± 0.5\n  credit: 75\n",
            vec![
                (text("72"), 4.0, Correct),
                (text("73"), 2.0, Partial),
                (text("70.5"), 3.0, Partial),
                (text("99"), 1.0, Partial),
                (text("101"), 0.0, Incorrect),
                (text("007"), 1.0, Partial),
                (text("0072"), 4.0, Correct),
            ],
        ),
        (
            "numeric-big",
            "How many pages?\nanswer: 250\n",
            vec![
                (text("250"), 1.0, Correct),
                (text("123456"), 0.0, Incorrect),
                (text("-1234567.5"), 0.0, Incorrect),
                (text(".5"), 0.0, Incorrect),
                (text("00250.000"), 1.0, Correct),
                (text("0.1234567890123456789012"), 0.0, Incorrect),
            ],
        ),
        (
            "matching-distractors",
            "points: 2\nMatch\n- Name => Personal\n- Weather => Not personal\n- => Special category\n- => Anonymous\n",
            vec![(idx(&[0, 1]), 2.0, Correct), (idx(&[0, 2]), 1.0, Partial), (idx(&[3, 2]), 0.0, Incorrect)],
        ),
        (
            "matching",
            "points: 4\nMatch\n- Name => Personal\n- Email => Personal\n- Weather => Not personal\n- IP address => Personal\n",
            vec![
                (idx(&[0, 0, 1, 0]), 4.0, Correct),
                (idx(&[0, 1, 1, 0]), 3.0, Partial),
                (opt(&[Some(0), None, None, None]), 1.0, Partial),
                (idx(&[1, 1, 0, 1]), 0.0, Incorrect),
            ],
        ),
        (
            "ordering",
            "points: 3\nOrder\n1. Contain\n2. Assess\n3. Notify\n",
            vec![
                (idx(&[0, 1, 2]), 3.0, Correct),
                (idx(&[1, 0, 2]), 1.0, Partial),
                (idx(&[2, 0, 1]), 0.0, Incorrect),
                (idx(&[0, 2, 1]), 1.0, Partial),
            ],
        ),
        ("likert", "type: likert\nHow sure?\n- Not\n- Quite\n- Very\n", vec![(Response::Index(2), 0.0, Unscored)]),
        (
            "reflection",
            "type: reflection\nWhat will you change?\n",
            vec![
                (text("More \"care\",\nless [,] haste"), 0.0, Unscored),
                (text(" {lang=zz}{case_matters=true} braces"), 0.0, Unscored),
            ],
        ),
        (
            "many-options",
            "type: multiple\nPick\n- [x] o1\n- [ ] o2\n- [ ] o3\n- [ ] o4\n- [ ] o5\n- [ ] o6\n- [ ] o7\n- [ ] o8\n- [ ] o9\n- [ ] o10\n- [ ] o11\n- [ ] o12\n- [ ] o13\n- [ ] o14\n- [ ] o15\n- [ ] o16\n- [ ] o17\n- [ ] o18\n- [ ] o19\n- [ ] o20\n- [ ] o21\n- [ ] o22\n- [ ] o23\n- [ ] o24\n- [ ] o25\n- [ ] o26\n- [x] o27\n",
            vec![(idx(&[0, 26]), 1.0, Correct), (idx(&[26]), 0.5, Partial)],
        ),
    ]
}

fn case_file() -> Value {
    let mut out = Vec::new();
    for (name, body, responses) in cases() {
        let (quiz, _) = quiz(&[("p", body)], &QuizSettings::default(), None);
        let cq = &quiz.questions[0];
        let data = quiz.player_data();
        let mut rs = Vec::new();
        for (r, expect_score, expect_status) in responses {
            let o = score(&cq.question, &r);
            assert_eq!(o.status, expect_status, "{name} {r:?}");
            assert!((o.score - expect_score).abs() < 1e-12, "{name} {r:?}: {} != {expect_score}", o.score);
            let fmt = |i| learner_response(&cq.question, i, &r);
            rs.push(json!({
                "response": r,
                "outcome": o,
                "formatted": {
                    "scorm12": fmt(&cq.interactions.scorm12),
                    "scorm2004": fmt(&cq.interactions.scorm2004),
                    "xapi": fmt(&cq.interactions.xapi),
                },
            }));
        }
        out.push(json!({ "name": name, "question": data["questions"][0], "responses": rs }));
    }
    let outcome = |score: f64, max: f64| Outcome { score, max, status: Status::Partial };
    let totals: Vec<Value> = [
        (vec![outcome(1.0, 1.0), outcome(0.0, 2.0), outcome(2.0 / 3.0, 1.0)], Some(50u8)),
        (vec![outcome(4.0, 5.0)], Some(80)),
        (vec![outcome(0.7999, 1.0)], Some(80)),
        (vec![outcome(0.79995, 1.0)], Some(80)),
        (vec![], Some(0)),
        (vec![outcome(1.0, 3.0)], None),
    ]
    .into_iter()
    .map(|(os, pass)| json!({ "outcomes": os, "pass_mark": pass, "total": total(&os, pass) }))
    .collect();
    let bands = vec![
        ScoreBand { from: 0, message: "low".into() },
        ScoreBand { from: 80, message: "high".into() },
        ScoreBand { from: 50, message: "mid".into() },
    ];
    let band_cases: Vec<Value> = [0.0, 49.99, 50.0, 79.5, 80.0, 100.0]
        .iter()
        .map(|p| json!({ "percent": p, "from": band(&bands, *p).map(|b| b.from) }))
        .collect();
    let clean: Vec<Value> = [
        ("a\u{1}b\tc\r\nd", true, 10),
        ("a\u{1}b\tc\r\nd", false, 10),
        ("😀😀😀", false, 5),
        ("\u{7f}\u{85}\u{9f}x\u{a0}", false, 10),
        ("abcdef", true, 3),
    ]
    .iter()
    .map(|(t, m, max)| json!({ "text": t, "multiline": m, "max": max, "clean": clean_text(t, *m, *max) }))
    .collect();
    json!({
        "about": "Generated by crates/coursepack-quiz/tests/scoring.rs; quiz.js must agree with every case.",
        "questions": out,
        "totals": totals,
        "bands": { "bands": bands, "cases": band_cases },
        "clean_text": clean,
    })
}

#[test]
fn scoring_cases_file_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scoring-cases.json");
    let text = serde_json::to_string_pretty(&case_file()).expect("serialise") + "\n";
    if std::env::var_os("UPDATE_SCORING_CASES").is_some() {
        std::fs::write(&path, &text).expect("write scoring-cases.json");
    }
    // A missing file fails (it is never written here unasked: the JS suite
    // reads it, so it must be the committed, reviewed one).
    let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; run `UPDATE_SCORING_CASES=1 cargo test -p coursepack-quiz --test scoring` and commit it",
            path.display()
        )
    });
    assert!(
        on_disk == text,
        "tests/scoring-cases.json is out of date: run `UPDATE_SCORING_CASES=1 cargo test -p coursepack-quiz --test scoring` and commit it"
    );
}

#[test]
fn totals_round_and_compare_with_the_pass_mark() {
    let o = |score, max| Outcome { score, max, status: Status::Partial };
    let t = total(&[o(2.0, 3.0)], Some(66));
    assert_eq!(t.percent, 66.67);
    assert_eq!(t.passed, Some(true));
    let t = total(&[o(0.79994, 1.0)], Some(80));
    assert_eq!((t.percent, t.passed), (79.99, Some(false)));
    let t = total(&[o(0.79995, 1.0)], Some(80));
    assert_eq!((t.percent, t.passed), (80.0, Some(true)));
    assert_eq!(total(&[], None).scaled, 0.0);
}

#[test]
fn bands_pick_the_highest_start_not_above_the_score() {
    let bands = vec![ScoreBand { from: 50, message: "mid".into() }, ScoreBand { from: 80, message: "high".into() }];
    assert_eq!(band(&bands, 79.99).map(|b| b.from), Some(50));
    assert_eq!(band(&bands, 80.0).map(|b| b.from), Some(80));
    assert_eq!(band(&bands, 10.0), None);
}

#[test]
fn learner_numbers_are_reported_in_canonical_form_within_each_standards_limits() {
    let (quiz, _) = quiz(&[("p", "How many pages?\nanswer: 250\n")], &QuizSettings::default(), None);
    let cq = &quiz.questions[0];
    let report = |t: &str| {
        let r = text(t);
        (
            learner_response(&cq.question, &cq.interactions.scorm12, &r),
            learner_response(&cq.question, &cq.interactions.scorm2004, &r),
            learner_response(&cq.question, &cq.interactions.xapi, &r),
        )
    };
    let same = |s: &str| (s.to_string(), s.to_string(), s.to_string());
    assert_eq!(report("250"), same("250"));
    assert_eq!(report(" +00250,5 "), same("250.5"));
    assert_eq!(report(".5"), same("0.5"));
    assert_eq!(report("-0"), same("-0"));
    assert_eq!(report("not a number"), same(""));
    // Moodle's SCORM 2004 real has at most 5 integer digits: larger numbers are capped there only.
    assert_eq!(report("123456.5"), ("123456.5".into(), "99999".into(), "123456.5".into()));
    assert_eq!(report("-1234567"), ("-1234567".into(), "-99999".into(), "-1234567".into()));
    assert_eq!(report("1.0123456789012345678999"), same("1.012345678901234567"));
}

#[test]
fn numeric_partial_credit_takes_the_best_range() {
    let (quiz, _) = quiz(
        &[("p", "type: numeric\nHow many?\n- 10\n- 5..15\n  credit: 50\n- 0..20\n  credit: 80\n")],
        &QuizSettings::default(),
        None,
    );
    let q = &quiz.questions[0].question;
    assert_eq!(score(q, &text("10")).status, Status::Correct);
    // 12 is in both partial ranges: the higher credit wins.
    assert!((score(q, &text("12")).score - 0.8).abs() < 1e-12);
    assert!((score(q, &text("18")).score - 0.8).abs() < 1e-12);
    assert_eq!(score(q, &text("21")).status, Status::Incorrect);
}
