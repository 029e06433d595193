//! Cross-question checks, player data, HTML and per-standard interactions.

mod common;
use common::*;
use coursepack_diagnostics::{Location, SourceFile};
use coursepack_quiz::score::Response;
use coursepack_quiz::standards::learner_response;
use coursepack_quiz::{
    PLAYER_JS, PlacedQuestion, QuizSettings, ScoreBand, compile_quiz, compile_quiz_in, render_question_html,
};
use std::collections::BTreeMap;

const A: &str = "id: a\nPick\n- [x] yes\n- [ ] no\n";
const B: &str = "id: b\npoints: 3\nbank: pool\nPick\n- [x] yes\n- [ ] no\n";
const C: &str = "id: c\npoints: 3\nbank: pool\nOrder\n1. x\n2. y\n";
const LIKERT: &str = "id: l\ntype: likert\nSure?\n- no\n- yes\n";

fn codes(d: &[coursepack_diagnostics::Diagnostic]) -> Vec<&str> {
    d.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn duplicate_ids_point_at_the_second_and_name_the_first() {
    let (q, _) = parse(A);
    let first = Location::line_col("pages/01-a.md", 3, 1);
    let second = Location::line_col("pages/02-b.md", 9, 1);
    let placed = vec![
        PlacedQuestion { question: q.clone().expect("q"), page_id: "a".into(), location: Some(first) },
        PlacedQuestion { question: q.expect("q"), page_id: "b".into(), location: Some(second.clone()) },
    ];
    let (quiz, d) = compile_quiz(placed, &QuizSettings::default(), None);
    assert_eq!(codes(&d), vec!["quiz/duplicate-id"]);
    assert_eq!(d[0].location.as_ref(), Some(&second));
    assert!(d[0].hint.as_deref().is_some_and(|h| h.contains("pages/01-a.md:3:1")));
    assert_eq!(quiz.questions.len(), 1);
}

#[test]
fn assessment_membership_follows_pages_and_types() {
    let settings = QuizSettings { pages: vec!["test".into()], ..Default::default() };
    let (quiz, d) = quiz(&[("intro", A), ("test", B), ("test", LIKERT)], &settings, Some(80));
    assert!(d.is_empty(), "{d:#?}");
    let assessed: Vec<&str> = quiz.assessed().map(|q| q.question.id.as_str()).collect();
    assert_eq!(assessed, vec!["b"]);
    // Without a pass mark or pages there is no assessment at all.
    let (quiz, _) = common::quiz(&[("intro", A)], &QuizSettings::default(), None);
    assert!(!quiz.has_assessment && quiz.assessed().count() == 0);
}

#[test]
fn settings_problems() {
    let draw = |n| QuizSettings { draw: BTreeMap::from([("pool".to_string(), n)]), ..Default::default() };
    let (quiz, d) = quiz(&[("p", A), ("p", B), ("p", C)], &draw(3), Some(50));
    assert_eq!(codes(&d), vec!["quiz/draw-exceeds-bank"]);
    assert_eq!(quiz.questions_per_attempt(), 3);
    let (quiz, d) = common::quiz(&[("p", A), ("p", B), ("p", C)], &draw(1), Some(50));
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(quiz.questions_per_attempt(), 2);
    let bad_bank = QuizSettings { draw: BTreeMap::from([("pol".to_string(), 1)]), ..Default::default() };
    let (_, d) = common::quiz(&[("p", B)], &bad_bank, Some(50));
    assert_eq!(codes(&d), vec!["quiz/unknown-bank"]);
    assert_eq!(d[0].hint.as_deref(), Some("did you mean `pool`?"));
    let (_, d) = common::quiz(&[("p", A)], &QuizSettings::default(), Some(120));
    assert_eq!(codes(&d), vec!["quiz/pass-mark-unreachable"]);
    let (_, d) = common::quiz(&[("p", LIKERT)], &QuizSettings::default(), Some(80));
    assert_eq!(codes(&d), vec!["quiz/no-scored-questions"]);
    let pages = QuizSettings { pages: vec!["tset".into()], ..Default::default() };
    let (_, d) = common::quiz(&[("test", A)], &pages, Some(80));
    assert_eq!(codes(&d), vec!["quiz/no-scored-questions", "quiz/page-without-questions"]);
    assert_eq!(d[1].hint.as_deref(), Some("did you mean `test`?"));
    let bands = QuizSettings {
        bands: vec![ScoreBand { from: 50, message: "ok".into() }, ScoreBand { from: 50, message: " ".into() }],
        attempts: Some(0),
        ..Default::default()
    };
    let (_, d) = common::quiz(&[("p", A)], &bands, Some(80));
    assert_eq!(codes(&d), vec!["quiz/bad-setting", "quiz/bad-setting", "quiz/empty-feedback", "quiz/bad-setting"]);
}

#[test]
fn settings_problems_are_located_in_module_toml() {
    let manifest = SourceFile::new(
        "module.toml",
        "id = \"m\"\npass_mark = 80\n\n[quiz]\npages = [\"x\"]\n\n[quiz.draw]\npool = 9\n",
    );
    let (q, _) = parse(B);
    let placed = vec![PlacedQuestion { question: q.expect("q"), page_id: "x".into(), location: None }];
    let settings =
        QuizSettings { pages: vec!["x".into()], draw: BTreeMap::from([("pool".into(), 9)]), ..Default::default() };
    let (_, d) = compile_quiz_in(placed, &settings, Some(80), Some(&manifest), &[], &[]);
    assert_eq!(codes(&d), vec!["quiz/draw-exceeds-bank"]);
    assert_eq!(d[0].location.as_ref().map(|l| (l.file.as_str(), l.line)), Some(("module.toml", 7)));
}

#[test]
fn a_broken_question_block_is_not_reported_again_as_missing_questions() {
    let settings = QuizSettings { pages: vec!["test".into(), "other".into()], ..Default::default() };
    // Without broken blocks, an empty assessment is reported twice over.
    let (_, d) = compile_quiz_in(Vec::new(), &settings, Some(80), None, &[], &[]);
    assert_eq!(
        codes(&d),
        vec!["quiz/no-scored-questions", "quiz/page-without-questions", "quiz/page-without-questions"]
    );
    // A block on `test` did not parse: only `other` is still reported as empty.
    let (_, d) = compile_quiz_in(Vec::new(), &settings, Some(80), None, &["test".to_string()], &[]);
    assert_eq!(codes(&d), vec!["quiz/page-without-questions"]);
    assert!(d[0].message.contains("`other`"), "{}", d[0].message);
}

#[test]
fn quiz_settings_reject_unknown_keys_and_have_a_schema() {
    let err = serde_json::from_str::<QuizSettings>(r#"{"atempts": 2}"#);
    assert!(err.is_err());
    let s: QuizSettings =
        serde_json::from_str(r#"{"attempts": 2, "feedback": "end", "bands": [{"from": 0, "message": "x"}]}"#)
            .expect("valid");
    assert_eq!(s.attempts, Some(2));
    let schema = serde_json::to_value(schemars::schema_for!(QuizSettings)).expect("schema");
    let text = schema.to_string();
    assert!(text.contains("How many times the learner may take the assessment"), "{text}");
    assert_eq!(schema["additionalProperties"], serde_json::json!(false));
}

#[test]
fn player_data_has_what_the_script_needs() {
    let settings = QuizSettings { pages: vec!["t".into()], review: true, ..Default::default() };
    let (quiz, _) = quiz(&[("t", B), ("t", C)], &settings, Some(70));
    let data = quiz.player_data();
    assert_eq!(data["pass_mark"], 70);
    assert_eq!(data["review"], true);
    assert_eq!(data["feedback"], "immediate");
    let q = &data["questions"][1];
    assert_eq!(q["type"], "ordering");
    assert_eq!(q["index"], 1);
    assert_eq!(q["assessed"], true);
    assert_eq!(q["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(q["interactions"]["scorm2004"]["type"], "sequencing");
    assert!(q["answer_html"].as_str().is_some_and(|a| a.starts_with("<ol>")));
    assert!(PLAYER_JS.contains("coursepackQuiz"));
}

fn strings() -> BTreeMap<String, String> {
    [
        ("check_answer", "Check answer"),
        ("try_again", "Try again"),
        ("show_hint", "Show hint"),
        ("hint", "Hint"),
        ("move_up", "Move up"),
        ("move_down", "Move down"),
        ("choose_option", "Choose an answer"),
        ("your_answer", "Your answer"),
        ("blank_label", "Blank {n} of {total}"),
        ("reflection_limit", "You can write up to {max} characters."),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

#[test]
fn html_is_accessible_markup() {
    let q = ok("id: lb\nWhich <one>?\n- [x] Public task\n- [ ] Consent\nhint: Think.\n");
    let h = render_question_html(&q, &strings());
    for needle in [
        "<div class=\"cp-question\" id=\"cpq-lb\" data-question-id=\"lb\" data-type=\"single\">",
        "<fieldset class=\"cp-q-body\">",
        "<legend id=\"cpq-lb-legend\" class=\"cp-q-prompt\">Which &lt;one&gt;?</legend>",
        "<input type=\"radio\" name=\"cpq-lb\" id=\"cpq-lb-o0\" value=\"0\"> <label for=\"cpq-lb-o0\">Public task</label>",
        "<button type=\"button\" class=\"cp-q-check\">Check answer</button>",
        "<button type=\"button\" class=\"cp-q-retry\" hidden>Try again</button>",
        "aria-expanded=\"false\" aria-controls=\"cpq-lb-hint\">Show hint</button>",
        "role=\"status\" aria-live=\"polite\"",
    ] {
        assert!(h.contains(needle), "missing {needle} in\n{h}");
    }
    assert!(!h.contains("<one>"));
}

#[test]
fn a_reflection_question_shows_its_limit_and_count_with_the_box() {
    let q = ok("id: essay\ntype: reflection\nWhat will you try?\n");
    let h = render_question_html(&q, &strings());
    for needle in [
        "<p class=\"cp-q-limit\" id=\"cpq-essay-limit\">You can write up to 2000 characters.</p>",
        "maxlength=\"2000\" aria-labelledby=\"cpq-essay-legend\" aria-describedby=\"cpq-essay-help cpq-essay-limit cpq-essay-count\"",
        "<p class=\"cp-q-count\" id=\"cpq-essay-count\"></p>",
    ] {
        assert!(h.contains(needle), "missing {needle} in\n{h}");
    }
    // quiz.js sets the limit the build proved for the target, through the player's limitBox.
    assert!(PLAYER_JS.contains(
        "cp.limitBox(area, limits.reflection, r.querySelector('.cp-q-limit'), r.querySelector('.cp-q-count'))"
    ));
}

#[test]
fn ordering_and_matching_have_keyboard_ways() {
    let q = ok("id: ord\nOrder\n1. a\n2. b\n3. c\n");
    let h = render_question_html(&q, &strings());
    assert_eq!(h.matches("class=\"cp-q-up\"").count(), 3);
    assert_eq!(h.matches("class=\"cp-q-down\"").count(), 3);
    let first = h.find("data-item=\"").map(|i| &h[i + 11..i + 12]);
    let shown: Vec<&str> = h.match_indices("data-item=\"").map(|(i, _)| &h[i + 11..i + 12]).collect();
    assert_ne!(shown, vec!["0", "1", "2"], "never starts in the correct order");
    assert!(first.is_some());
    let q = ok("id: m\nMatch\n- Zed => zz\n- Alpha => aa\n");
    let h = render_question_html(&q, &strings());
    assert!(h.contains("<label for=\"cpq-m-m0\">Zed</label> <select id=\"cpq-m-m0\""));
    // Targets are listed alphabetically, not in the answer order.
    assert!(h.find("<option value=\"1\">aa</option>") < h.find("<option value=\"0\">zz</option>"));
    let q = ok("id: f\nThe [[cat]] sat on the [[mat]].\n");
    let h = render_question_html(&q, &strings());
    assert!(h.contains("aria-label=\"Blank 2 of 2\""));
    assert!(h.contains("class=\"cp-q-prompt cp-visually-hidden\">The _____ sat on the _____.</legend>"));
}

#[test]
fn scrambled_orders_are_stable_and_never_correct() {
    for n in 2..12 {
        for id in ["a", "b", "steps", "order-the-steps"] {
            let o = coursepack_quiz::scrambled(id, n);
            assert_eq!(o, coursepack_quiz::scrambled(id, n));
            assert_ne!(o, (0..n).collect::<Vec<_>>());
            let mut sorted = o.clone();
            sorted.sort();
            assert_eq!(sorted, (0..n).collect::<Vec<_>>());
        }
    }
}

// ---- standards (§2.7) ----

fn one(body: &str) -> coursepack_quiz::CompiledQuestion {
    let (quiz, _) = quiz(&[("p", body)], &QuizSettings::default(), None);
    quiz.questions.into_iter().next().expect("one question")
}

fn moodle_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 250 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

#[test]
fn choice_ids_patterns_and_responses() {
    let q = one("id: lawful-basis\ntype: multiple\nPick\n- [x] Public task\n- [ ] Consent!\n- [x] Légal obligation\n");
    let i = &q.interactions;
    assert_eq!(i.scorm12.id, "lawful_basis");
    assert_eq!((i.scorm12.kind, i.scorm12.patterns.as_slice()), ("choice", &["a,c".to_string()][..]));
    assert_eq!(i.scorm2004.patterns, vec!["a_public_task[,]c_l_gal_obligation"]);
    assert_eq!(i.xapi.patterns, i.scorm2004.patterns);
    for id in i.scorm2004.response.ids.iter().chain([&i.scorm2004.id]) {
        assert!(moodle_id(id), "{id}");
    }
    let r = Response::Indices(vec![Some(2), Some(0)]);
    assert_eq!(learner_response(&q.question, &i.scorm12, &r), "a,c");
    assert_eq!(learner_response(&q.question, &i.scorm2004, &r), "a_public_task[,]c_l_gal_obligation");
    assert_eq!(learner_response(&q.question, &i.scorm2004, &Response::Indices(vec![])), "");
}

#[test]
fn truefalse_numeric_fill_matching_sequencing_likert_other() {
    let q = one("type: truefalse\nFish fly.\n- [ ] True\n- [x] False\n");
    assert_eq!(q.interactions.scorm12.patterns, vec!["f"]);
    assert_eq!(q.interactions.scorm2004.patterns, vec!["false"]);
    assert_eq!(learner_response(&q.question, &q.interactions.xapi, &Response::Index(0)), "true");

    let q = one("How many?\nanswer: 72\ntolerance: 2\n");
    assert_eq!(q.interactions.scorm2004.patterns, vec!["70[:]74"]);
    assert_eq!(q.interactions.xapi.patterns, vec!["70[:]74"]);
    assert!(q.interactions.scorm12.patterns.is_empty(), "1.2 has no range pattern");
    assert_eq!(learner_response(&q.question, &q.interactions.scorm2004, &Response::Text(" +71,5 ".into())), "71.5");
    assert_eq!(learner_response(&q.question, &q.interactions.scorm2004, &Response::Text("lots".into())), "");
    let q = one("How many?\nanswer: 0.1\n");
    assert_eq!(q.interactions.scorm2004.patterns, vec!["0.1[:]0.1"]);
    assert_eq!(q.interactions.scorm12.patterns, vec!["0.1"]);

    let q = one("case: sensitive\nThe [[ICO|I.C.O.]] and [[UK GDPR]].\n");
    assert_eq!(q.interactions.scorm12.patterns, vec!["ICO,UK GDPR", "I.C.O.,UK GDPR"]);
    assert_eq!(
        q.interactions.scorm2004.patterns,
        vec![
            "{case_matters=true}{order_matters=true}ICO[,]UK GDPR",
            "{case_matters=true}{order_matters=true}I.C.O.[,]UK GDPR"
        ]
    );
    let r = Response::Texts(vec!["{lang=x} a[,]b".into(), "c".into()]);
    assert_eq!(learner_response(&q.question, &q.interactions.scorm2004, &r), "(lang=x} a, b[,]c");

    let q = one("Match\n- Name => Personal\n- Weather => Not personal\n");
    assert_eq!(q.interactions.scorm12.patterns, vec!["1.a,2.b"]);
    assert_eq!(q.interactions.scorm2004.patterns, vec!["s1_name[.]t1_personal[,]s2_weather[.]t2_not_personal"]);
    let r = Response::Indices(vec![Some(1), None]);
    assert_eq!(learner_response(&q.question, &q.interactions.scorm12, &r), "1.b");

    let q = one("Order\n1. Contain\n2. Assess\n");
    assert_eq!(q.interactions.scorm12.kind, "sequencing");
    assert_eq!(q.interactions.scorm12.patterns, vec!["a,b"]);
    assert_eq!(
        learner_response(&q.question, &q.interactions.scorm2004, &Response::Indices(vec![Some(1), Some(0)])),
        "b_assess[,]a_contain"
    );

    let q = one("type: likert\nSure?\n- No\n- Yes\n");
    assert_eq!((q.interactions.scorm12.kind, q.interactions.scorm12.patterns.len()), ("likert", 0));
    assert_eq!(learner_response(&q.question, &q.interactions.scorm12, &Response::Index(1)), "b");

    let q = one("type: reflection\nThink.\n");
    assert_eq!(q.interactions.scorm12.kind, "fill-in");
    assert_eq!(q.interactions.scorm2004.kind, "long-fill-in");
    let long = Response::Text("x".repeat(300));
    assert_eq!(learner_response(&q.question, &q.interactions.scorm12, &long).len(), 255);
    assert_eq!(learner_response(&q.question, &q.interactions.scorm2004, &long).len(), 300);

    let q = one("Drop [[*one|two]] and [[three|*four]].\n");
    assert_eq!(q.interactions.scorm2004.patterns, vec!["{case_matters=true}{order_matters=true}one[,]four"]);
    assert_eq!(learner_response(&q.question, &q.interactions.scorm12, &Response::Indices(vec![Some(1), None])), "two,");
}

#[test]
fn degradations_are_warned_and_values_stay_valid() {
    let mut body = String::from("type: multiple\nPick\n");
    for i in 0..40 {
        body.push_str(&format!("- [{}] option {i}\n", if i % 2 == 0 { "x" } else { " " }));
    }
    let (quiz, d) = quiz(&[("p", &body)], &QuizSettings::default(), None);
    let q = &quiz.questions[0];
    assert_eq!(q.interactions.scorm12.kind, "performance");
    assert_eq!(q.interactions.scorm2004.kind, "other");
    assert_eq!(q.interactions.xapi.kind, "choice");
    assert!(d.iter().filter(|d| d.code == "quiz/standard-degraded").count() == 2, "{d:#?}");
    let all = Response::Indices((0..40).map(Some).collect());
    assert!(learner_response(&q.question, &q.interactions.scorm12, &all).chars().count() <= 255);
    assert!(q.interactions.scorm12.patterns.iter().all(|p| p.len() <= 255));
    let q = one("How big?\nanswer: 100000..200000\n");
    assert_eq!(q.interactions.scorm2004.kind, "fill-in");
    assert!(q.interactions.scorm2004.patterns.is_empty());
}

#[test]
fn description_fits_scorm_2004() {
    let long = "word ".repeat(100);
    let q = one(&format!("{long}\n- [x] a\n- [ ] b\n"));
    assert!(q.interactions.scorm2004.description.chars().count() <= 250);
    assert!(q.interactions.xapi.description.chars().count() > 250);
}

#[test]
fn a_scored_scenario_on_an_assessment_page_counts_like_a_question() {
    let settings = QuizSettings { pages: vec!["case".into()], ..Default::default() };
    // With nothing scored, the assessment cannot be passed and its page holds nothing.
    let (_, d) = compile_quiz_in(Vec::new(), &settings, Some(80), None, &[], &[]);
    assert_eq!(codes(&d), vec!["quiz/no-scored-questions", "quiz/page-without-questions"]);
    // A scored scenario there (two points) is what the assessment is made of.
    let (_, d) = compile_quiz_in(Vec::new(), &settings, Some(80), None, &[], &[("case".into(), 2)]);
    assert_eq!(codes(&d), Vec::<&str>::new());
}
