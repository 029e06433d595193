//! Parsing every question type, and a located diagnostic for every mistake.

mod common;
use common::*;
use coursepack_quiz::{Question, QuestionKind};

const SINGLE: &str = "id: lawful-basis
type: single
points: 2
Which lawful basis does a council-run library most often rely on to process a member's **address**?

- [x] Public task
  feedback: Correct. The library exists because of a legal duty.
- [ ] Consent
  feedback: Not the best fit.
- [ ] Legitimate interests

hint: Think about why the library exists in law.
correct: Well done.
incorrect: Have another look at the section on lawful bases.
explanation: The Public Libraries and Museums Act 1964 puts a duty on councils.
";

#[test]
fn single_choice_with_every_trailing_key() {
    let q = ok(SINGLE);
    assert_eq!(q.id, "lawful-basis");
    assert!(q.id_given);
    assert_eq!(q.points, 2);
    assert!(q.prompt_html.contains("<strong>address</strong>"));
    let QuestionKind::Single { options } = &q.kind else { panic!("{:?}", q.kind) };
    assert_eq!(options.len(), 3);
    assert!(options[0].correct && !options[1].correct);
    assert_eq!(options[1].feedback_html.as_deref(), Some("Not the best fit."));
    assert_eq!(options[2].feedback_html, None);
    assert_eq!(q.hint_html.as_deref(), Some("Think about why the library exists in law."));
    assert!(q.explanation_html.as_deref().is_some_and(|e| e.contains("1964")));
}

#[test]
fn type_is_inferred_and_id_derived() {
    let q = ok("Pick one\n- [x] a\n- [ ] b\n");
    assert!(matches!(q.kind, QuestionKind::Single { .. }));
    assert_eq!(q.id, "intro-q1");
    assert!(!q.id_given);
    let (q, _) = parse_at("Pick\n- [x] a\n- [x] b\n- [ ] c\n", "02-Data Rights", 3);
    let q = q.expect("question");
    assert!(matches!(q.kind, QuestionKind::Multiple { .. }));
    assert_eq!(q.id, "02-data-rights-q4");
    assert!(matches!(ok("Order\n1. a\n2. b\n").kind, QuestionKind::Ordering { .. }));
    assert!(matches!(ok("Match\n- a => 1\n- b => 2\n").kind, QuestionKind::Matching { .. }));
    assert!(matches!(ok("The [[cat]] sat.\n").kind, QuestionKind::Fill { .. }));
    assert!(matches!(ok("The [[*cat|dog]] sat.\n").kind, QuestionKind::Dropdown { .. }));
    assert!(matches!(ok("How many?\nanswer: 4\n").kind, QuestionKind::Numeric { .. }));
}

#[test]
fn truefalse_keeps_author_labels() {
    let q = ok("type: truefalse\nThe GDPR applies to paper records.\n- [x] Gwir\n- [ ] Anghywir\n");
    let QuestionKind::TrueFalse { options, answer } = &q.kind else { panic!() };
    assert!(*answer);
    assert_eq!(options[0].text, "Gwir");
    let q = ok("type: truefalse\nFish fly.\n- [ ] True\n- [x] False\n");
    assert!(matches!(q.kind, QuestionKind::TrueFalse { answer: false, .. }));
}

#[test]
fn fill_blanks_with_alternatives_and_case() {
    let q = ok("case: sensitive\nThe [[GDPR|UK GDPR]] and the [[Data Protection Act 2018]] apply.\n");
    let QuestionKind::Fill { parts, blanks, case_sensitive } = &q.kind else { panic!() };
    assert!(*case_sensitive);
    assert_eq!(blanks.len(), 2);
    assert_eq!(blanks[0].accepted, vec!["GDPR", "UK GDPR"]);
    assert_eq!(parts, &vec!["The ".to_string(), " and the ".to_string(), " apply.".to_string()]);
    assert_eq!(q.prompt_text, "The _____ and the _____ apply.");
}

#[test]
fn dropdown_blanks() {
    let q = ok("A subject access request must be answered within [[*one month|two weeks|90 days]].\n");
    let QuestionKind::Dropdown { blanks, .. } = &q.kind else { panic!() };
    assert_eq!(blanks[0].options, vec!["one month", "two weeks", "90 days"]);
    assert_eq!(blanks[0].correct, 0);
}

/// (min, max, credit, display) of each numeric answer.
fn numeric(q: &Question) -> Vec<(f64, f64, f64, String)> {
    let QuestionKind::Numeric { answers } = &q.kind else { panic!("{:?}", q.kind) };
    answers.iter().map(|a| (a.min, a.max, a.credit, a.display.clone())).collect()
}

#[test]
fn numeric_exact_tolerance_and_range() {
    assert_eq!(numeric(&ok("How many hours?\nanswer: 72\n")), vec![(72.0, 72.0, 100.0, "72".into())]);
    assert_eq!(numeric(&ok("answer: 72\ntolerance: 2\nHow many hours?\n")), vec![(70.0, 74.0, 100.0, "72 ± 2".into())]);
    assert_eq!(
        numeric(&ok("type: numeric\nHow many?\nanswer: -1.5..80\n")),
        vec![(-1.5, 80.0, 100.0, "-1.5–80".into())]
    );
}

#[test]
fn numeric_answer_lines_carry_credit_and_feedback() {
    let q = ok(
        "type: numeric\nHow many hours?\n\n- 72\n  feedback: Exactly.\n- 72 ± 5\n  credit: 50\n  feedback: Close.\n- 60..90\n  credit: 20%\n- 71 +- 0.5\n  credit: 75\n",
    );
    assert_eq!(
        numeric(&q),
        vec![
            (72.0, 72.0, 100.0, "72".into()),
            (67.0, 77.0, 50.0, "72 ± 5".into()),
            (60.0, 90.0, 20.0, "60–90".into()),
            (70.5, 71.5, 75.0, "71 ± 0.5".into()),
        ]
    );
    let QuestionKind::Numeric { answers } = &q.kind else { panic!() };
    assert_eq!(answers[0].feedback_html.as_deref(), Some("Exactly."));
    assert_eq!(answers[1].feedback.as_deref(), Some("Close."));
    // `answer:` and answer lines together: the header answer comes first, with full credit.
    let q = ok("How many?\nanswer: 10\n- 8..12\n  credit: 50\n");
    assert_eq!(numeric(&q), vec![(10.0, 10.0, 100.0, "10".into()), (8.0, 12.0, 50.0, "8–12".into())]);
}

#[test]
fn numeric_answer_line_mistakes_are_located() {
    let e = one_error("type: numeric\nHow many?\n- 8..12\n  credit: 50\n");
    assert_eq!(e.code, "quiz/no-correct-answer");
    let e = one_error("type: numeric\nHow many?\n- 10\n- ten\n");
    assert_eq!((e.code.as_str(), e.location.as_ref().map(|l| l.line)), ("quiz/bad-value", Some(9)));
    let e = one_error("type: numeric\nHow many?\n- 10\n- 8..12\n  credit: 150\n");
    assert_eq!(e.code, "quiz/bad-value");
    let e = one_error("type: numeric\nHow many?\n- 10 ± -1\n");
    assert_eq!(e.code, "quiz/bad-value");
    let e = one_error("type: numeric\ntolerance: 2\nHow many?\n- 10\n");
    assert_eq!(e.code, "quiz/misplaced-key");
    let e = one_error("type: likert\nHow sure?\n- Not\n  feedback: Hm.\n- Very\n");
    assert_eq!(e.code, "quiz/misplaced-key");
}

#[test]
fn matching_distractors_are_extra_targets() {
    let q = ok("Match each\n- Name => Personal data\n- Weather => Not personal data\n- => Special category data\n");
    let QuestionKind::Matching { pairs, targets, targets_html, .. } = &q.kind else { panic!() };
    assert_eq!(targets, &vec!["Personal data".to_string(), "Not personal data".into(), "Special category data".into()]);
    assert_eq!(targets_html.len(), 3);
    assert_eq!(pairs.iter().map(|p| p.target).collect::<Vec<_>>(), vec![0, 1]);
    assert_eq!(one_error("Match\n- a => 1\n- b => 2\n- => 1\n").code, "quiz/duplicate-option");
    assert_eq!(one_error("Match\n- a => 1\n- b => 2\n- => 3\n- => 3\n").code, "quiz/duplicate-option");
    assert_eq!(one_error("Match\n- a => 1\n- => 3\n").code, "quiz/too-few-answers");
}

#[test]
fn matching_shares_targets() {
    let q = ok("Match each\n- Name => Personal data\n- Email => Personal data\n- Weather => Not personal data\n");
    let QuestionKind::Matching { pairs, targets, .. } = &q.kind else { panic!() };
    assert_eq!(targets, &vec!["Personal data".to_string(), "Not personal data".to_string()]);
    assert_eq!(pairs.iter().map(|p| p.target).collect::<Vec<_>>(), vec![0, 0, 1]);
}

#[test]
fn matching_pairs_and_ordering_items_take_feedback_of_their_own() {
    let q = ok("Match each\n- Name => Personal data\n  feedback: A name identifies a living person.\n\
                - Weather => Not personal data\n- => Special category data\n");
    let QuestionKind::Matching { pairs, .. } = &q.kind else { panic!("{:?}", q.kind) };
    assert_eq!(pairs[0].feedback_html.as_deref(), Some("A name identifies a living person."));
    assert_eq!(pairs[0].feedback.as_deref(), Some("A name identifies a living person."));
    assert_eq!(pairs[1].feedback_html, None);
    let q = ok("Put in order\n1. Contain it\n   feedback: *First*, stop it spreading.\n2. Report it\n3. Review it\n");
    let QuestionKind::Ordering { items } = &q.kind else { panic!("{:?}", q.kind) };
    assert_eq!(items[0].feedback_html.as_deref(), Some("<em>First</em>, stop it spreading."));
    assert_eq!((items[1].feedback_html.as_ref(), items[2].feedback_html.as_ref()), (None, None));
    // The player shows it after checking with the explanation, each line led by its item.
    assert_eq!(q.explanation_html.as_deref(), Some("<strong>Contain it</strong>: <em>First</em>, stop it spreading."));
    let q = ok("Match each\n- Name => Personal\n  feedback: It names someone.\n- Visits => Not personal\n\
                - Age => Personal\n  feedback: With a name, an age is personal.\nexplanation: Ask who it is about.\n");
    assert_eq!(
        q.explanation_html.as_deref(),
        Some(
            "Ask who it is about.<br><strong>Name</strong>: It names someone.<br><strong>Age</strong>: With a name, an age is personal."
        )
    );
    assert_eq!(ok("Order\n1. a\n2. b\n").explanation_html, None);
}

#[test]
fn feedback_misplaced_in_matching_and_ordering_is_located() {
    // Credit is for choice options and numeric answers only.
    let e = one_error("Match\n- a => 1\n  credit: 50\n- b => 2\n");
    assert_eq!((e.code.as_str(), e.location.as_ref().map(|l| l.line)), ("quiz/misplaced-key", Some(8)));
    let e = one_error("Order\n1. a\n   credit: 50\n2. b\n");
    assert_eq!(e.code, "quiz/misplaced-key");
    // An extra right item is matched with nothing, so feedback there would never show.
    let e = one_error("Match\n- a => 1\n- b => 2\n- => 3\n  feedback: Never shown.\n");
    assert_eq!((e.code.as_str(), e.location.as_ref().map(|l| l.line)), ("quiz/misplaced-key", Some(10)));
    assert_eq!(one_error("Match\n- a => 1\n  feedback:\n- b => 2\n").code, "quiz/empty-feedback");
}

#[test]
fn likert_and_reflection_are_unscored() {
    let q = ok("type: likert\nHow confident are you?\n- Not at all\n- Somewhat\n- Very\n");
    assert_eq!(q.points, 0);
    assert!(matches!(&q.kind, QuestionKind::Likert { scale } if scale.len() == 3));
    let q = ok("type: reflection\nWhat will you change in your team?\n");
    assert_eq!(q.points, 0);
    assert!(matches!(q.kind, QuestionKind::Reflection));
}

#[test]
fn options_continue_on_indented_lines_and_carry_credit() {
    let q = ok(
        "type: multiple\nPick\n- [x] a long\n  option text\n  credit: 60\n- [x] b\n  credit: 40\n- [ ] c\n  credit: -50\n",
    );
    let QuestionKind::Multiple { options } = &q.kind else { panic!() };
    assert_eq!(options[0].text, "a long option text");
    assert_eq!(options[0].credit, Some(60.0));
    assert_eq!(options[2].credit, Some(-50.0));
}

#[test]
fn prompt_is_escaped_and_links_are_safe() {
    let q = ok("Is <b>this</b> safe, or [this](https://ico.org.uk)?\n- [x] yes\n- [ ] no\n");
    assert!(q.prompt_html.contains("&lt;b&gt;this&lt;/b&gt;"));
    assert!(q.prompt_html.contains("<a href=\"https://ico.org.uk\">this</a>"));
    // A link with another scheme is a located error, never emitted (issue 12 §4: it used to
    // vanish silently, leaving a stray `)`).
    let (q, d) = parse("Is [this](javascript:alert(1)) safe?\n- [x] yes\n- [ ] no\n");
    assert!(q.is_none());
    assert_eq!(d.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["quiz/unsafe-link"]);
    assert_eq!(coursepack_quiz::inline::to_html("Is [this](javascript:alert(1)) safe?"), "Is this safe?");
}

// ---- diagnostics ----

#[test]
fn no_correct_answer_is_located_on_the_options() {
    let d = one_error("Pick\n- [ ] a\n- [ ] b\n");
    assert_eq!(d.code, "quiz/no-correct-answer");
    let loc = d.location.expect("located");
    assert_eq!(loc.file, "pages/01-intro.md");
    // Block starts on line 6 of the page; options on lines 7-8.
    assert_eq!((loc.line, loc.column, loc.end_line), (7, 1, 8));
}

#[test]
fn two_correct_in_single_points_at_the_second() {
    let d = one_error("type: single\nPick\n- [x] a\n- [ ] b\n- [x] c\n");
    assert_eq!(d.code, "quiz/several-correct");
    assert_eq!(d.location.expect("located").line, 10);
    assert!(d.hint.expect("hint").contains("type: multiple"));
}

#[test]
fn unknown_keys_suggest_the_right_one() {
    let d = one_error("shufle: true\nPick\n- [x] a\n- [ ] b\n");
    assert_eq!(d.code, "quiz/unknown-key");
    assert_eq!(d.hint.as_deref(), Some("did you mean `shuffle`?"));
    let loc = d.location.expect("located");
    assert_eq!((loc.line, loc.column, loc.end_column), (6, 1, 7));
    let d = one_error("Pick\n- [x] a\n  feedbak: yes\n- [ ] b\n");
    assert_eq!(d.code, "quiz/unknown-key");
    assert_eq!(d.location.expect("located").column, 3);
    let d = one_error("Pick\n- [x] a\n- [ ] b\nexplanaton: because\n");
    assert_eq!(d.hint.as_deref(), Some("did you mean `explanation`?"));
    assert_eq!(one_error("difficulty: hard\nPick\n- [x] a\n- [ ] b\n").code, "quiz/unknown-key");
}

#[test]
fn prompt_may_start_with_a_sentence_containing_a_colon() {
    let q = ok("Remember this: the law changed in 2018.\n- [x] ok\n- [ ] not ok\n");
    assert!(q.prompt_text.starts_with("Remember this:"));
}

#[test]
fn every_other_mistake_has_its_code() {
    let cases: &[(&str, &str)] = &[
        ("id: Bad_Id\nPick\n- [x] a\n- [ ] b\n", "quiz/bad-id"),
        ("type: singel\nPick\n- [x] a\n- [ ] b\n", "quiz/unknown-type"),
        ("points: lots\nPick\n- [x] a\n- [ ] b\n", "quiz/bad-value"),
        ("shuffle: maybe\nPick\n- [x] a\n- [ ] b\n", "quiz/bad-value"),
        ("Pick\n- [x] a\n- [ ] b\nhint:\n", "quiz/empty-feedback"),
        ("Pick\n- [x] a\n  feedback:\n- [ ] b\n", "quiz/empty-feedback"),
        ("type: truefalse\nPick\n- [x] a\n- [ ] b\n- [ ] c\n", "quiz/truefalse-options"),
        ("Pick\n- [x] a\n", "quiz/too-few-answers"),
        ("Pick\n- [x] a\n- [ ] a\n", "quiz/duplicate-option"),
        ("Just a sentence.\n", "quiz/no-answers"),
        ("Scale\n- low\n- high\n", "quiz/missing-type"),
        ("The [[cat]] sat on the [[mat.\n", "quiz/blank-syntax"),
        ("The [[cat||kitten]] sat.\n", "quiz/blank-syntax"),
        ("type: dropdown\nThe [[cat|dog]] sat.\n", "quiz/no-correct-answer"),
        ("type: fill\nThe [[*cat|dog]] sat.\n", "quiz/blank-syntax"),
        ("How many?\nanswer: lots\n", "quiz/bad-value"),
        ("How many?\nanswer: 80..70\n", "quiz/bad-value"),
        ("How many?\nanswer: 70..80\ntolerance: 2\n", "quiz/bad-value"),
        ("type: numeric\nHow many?\n", "quiz/no-correct-answer"),
        ("Order\n1. a\n3. b\n", "quiz/bad-order"),
        ("Match\n- a => 1\n- a => 2\n", "quiz/duplicate-option"),
        ("Pick\n- [x] a\n- [ ] b\nhint: one\n- [ ] c\n", "quiz/misplaced-answer"),
        ("Pick\n- [x] a\n- [ ] b\nstray words here\n", "quiz/unexpected-text"),
        ("Pick\n- [x] a\n- [ ] b\npoints: 2\n", "quiz/misplaced-key"),
        ("type: single\nPick\n- [x] a\n- [ ] b\n- x => y\n", "quiz/wrong-answer-line"),
        ("id: a\nid: b\nPick\n- [x] a\n- [ ] b\n", "quiz/duplicate-key"),
        ("Pick\n- [x] a\n  credit: 500\n- [ ] b\n", "quiz/bad-value"),
        ("type: single\nanswer: 3\nPick\n- [x] a\n- [ ] b\n", "quiz/misplaced-key"),
    ];
    for (body, code) in cases {
        let found = codes(body);
        assert!(found.iter().any(|c| c == code), "{body:?}: expected {code}, got {found:?}");
        let (q, d) = parse(body);
        assert!(q.is_none(), "{body:?} should give no question");
        assert!(d.iter().all(|d| d.location.as_ref().is_some_and(|l| l.line >= 6)), "{body:?}: {d:#?}");
    }
}

#[test]
fn warnings_keep_the_question() {
    let (q, d) = parse("type: likert\npoints: 3\nHow sure?\n- low\n- high\ncorrect: yes\n");
    assert!(q.is_some());
    let codes: Vec<&str> = d.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, vec!["quiz/unscored-points", "quiz/feedback-never-shown"]);
    let (q, d) = parse("Pick\n- [x] a\n- [ ] b\npartial: half\n");
    assert!(q.is_some());
    assert_eq!(d[0].code, "quiz/feedback-never-shown");
}

#[test]
fn crlf_line_endings_parse_the_same() {
    let q = ok("id: x\r\nPick\r\n- [x] a\r\n  feedback: yes\r\n- [ ] b\r\n");
    let QuestionKind::Single { options } = &q.kind else { panic!() };
    assert_eq!(options[0].text, "a");
    assert_eq!(options[0].feedback_html.as_deref(), Some("yes"));
}
