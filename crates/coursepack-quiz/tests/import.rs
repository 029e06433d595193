//! GIFT and Aiken import: realistic banks convert into blocks that parse
//! cleanly, and malformed input gives located errors.

use coursepack_diagnostics::{Diagnostic, Severity, SourceFile};
use coursepack_quiz::import::{import_aiken, import_gift};
use coursepack_quiz::score::{Response, Status};
use coursepack_quiz::{BlockSource, Question, QuestionKind, parse_question};

/// Parse every question block of an imported page; every one must be clean.
fn blocks(page: &str) -> Vec<Question> {
    let file = SourceFile::new("imported.md", page);
    let mut out = Vec::new();
    let mut offset = 0;
    let mut open = None;
    for line in page.split_inclusive('\n') {
        match (open, line.trim_end()) {
            (None, "```question") => open = Some(offset + line.len()),
            (Some(start), "```") => {
                let src = BlockSource {
                    file: &file,
                    page_id: "imported",
                    ordinal: out.len(),
                    body: &page[start..offset],
                    body_offset: start,
                };
                let (q, d) = parse_question(&src);
                assert!(d.is_empty(), "{d:#?}\nin block:\n{}", &page[start..offset]);
                out.push(q.expect("question"));
                open = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    out
}

fn find<'a>(qs: &'a [Question], id: &str) -> &'a Question {
    qs.iter()
        .find(|q| q.id == id)
        .unwrap_or_else(|| panic!("no question {id}: {:?}", qs.iter().map(|q| &q.id).collect::<Vec<_>>()))
}

#[test]
fn a_realistic_gift_bank_with_every_feature() {
    let gift = include_str!("data/data-protection.gift");
    let converted = import_gift(gift, "data-protection.gift");
    assert!(converted.diagnostics.is_empty(), "{:#?}", converted.diagnostics);
    let page = converted.page;
    let qs = blocks(&page);
    assert_eq!(qs.len(), 20, "{page}");
    assert!(page.starts_with("# Imported questions\n\n## Data protection basics\n"));
    assert!(page.contains("## Rights\n"));
    assert!(page.contains("This is a description: read the next section before answering."));

    let q = find(&qs, "lawful-basis");
    assert_eq!(q.bank.as_deref(), Some("data-protection-basics"));
    assert!(q.prompt_html.contains("<strong>council-run</strong>"));
    let QuestionKind::Single { options } = &q.kind else { panic!("{:?}", q.kind) };
    assert_eq!(options[2].credit, Some(50.0));
    assert_eq!(options[1].feedback_html.as_deref(), Some("Not the best fit: consent can be withdrawn."));
    assert!(q.explanation_html.as_deref().is_some_and(|e| e.contains("1964")));

    let q = find(&qs, "paper-records");
    assert!(matches!(q.kind, QuestionKind::TrueFalse { answer: true, .. }));
    assert_eq!(q.incorrect_html.as_deref(), Some("No: manual filing systems are covered."));
    assert!(matches!(find(&qs, "fish-fly").kind, QuestionKind::TrueFalse { answer: false, .. }));

    let QuestionKind::Multiple { options } = &find(&qs, "personal-data").kind else { panic!() };
    assert_eq!(
        options.iter().map(|o| o.credit).collect::<Vec<_>>(),
        vec![Some(50.0), Some(50.0), Some(-100.0), Some(-100.0)]
    );

    let QuestionKind::Fill { blanks, .. } = &find(&qs, "regulator").kind else { panic!() };
    assert_eq!(blanks[0].accepted, vec!["ICO", "Information Commissioner's Office", "the ICO"]);
    let q = find(&qs, "deadline");
    let QuestionKind::Dropdown { blanks, .. } = &q.kind else { panic!("{:?}", q.kind) };
    assert_eq!(blanks[0].options, vec!["one month", "two weeks", "90 days"]);
    assert_eq!(q.prompt_text, "A subject access request must be answered within _____ of receipt.");
    assert_eq!(find(&qs, "short-middle").prompt_text, "The regulator is called the _____ in the UK.");

    let numeric = |id: &str| {
        let QuestionKind::Numeric { answers } = &find(&qs, id).kind else { panic!("{id} is not numeric") };
        answers.iter().map(|a| (a.min, a.max, a.credit, a.feedback.clone())).collect::<Vec<_>>()
    };
    assert_eq!(numeric("breach-hours"), vec![(72.0, 72.0, 100.0, None)]);
    assert_eq!(numeric("fine-percent"), vec![(3.5, 4.5, 100.0, None)]);
    assert_eq!(numeric("range"), vec![(500.0, 2000.0, 100.0, None)]);
    // Partial-credit numeric answers keep every answer with its weight and feedback.
    let pi = numeric("several-numeric");
    assert_eq!(pi.len(), 2);
    assert!((pi[0].0 - 3.135).abs() < 1e-9 && (pi[0].1 - 3.145).abs() < 1e-9 && pi[0].2 == 100.0);
    assert_eq!(pi[0].3.as_deref(), Some("Exactly."));
    assert!((pi[1].0 - 3.05).abs() < 1e-9 && (pi[1].1 - 3.15).abs() < 1e-9 && pi[1].2 == 50.0);
    assert_eq!(pi[1].3.as_deref(), Some("Close enough for half marks."));
    assert_eq!(
        numeric("retention-years"),
        vec![
            (6.0, 6.0, 100.0, Some("Right: six years after the end of the financial year.".into())),
            (5.0, 7.0, 50.0, Some("Close, but the schedule says exactly six.".into())),
            (0.0, 3.0, 0.0, Some("Far too short; auditors need them for longer.".into())),
        ]
    );
    let q = find(&qs, "retention-years");
    assert_eq!(coursepack_quiz::score::score(q, &Response::Text("6.5".into())).status, Status::Partial);

    // A missing word with option feedback stays a choice question, with the gap in the sentence.
    let q = find(&qs, "missing-word-feedback");
    let QuestionKind::Single { options } = &q.kind else { panic!("{:?}", q.kind) };
    assert_eq!(q.prompt_text, "A subject access request is _____ for the person asking.");
    assert_eq!(
        options.iter().map(|o| (o.text.as_str(), o.correct)).collect::<Vec<_>>(),
        vec![("usually charged at £10", false), ("usually free", true), ("always charged", false)]
    );
    assert_eq!(options[0].feedback.as_deref(), Some("No: the fee was abolished in 2018."));
    assert_eq!(options[1].feedback.as_deref(), Some("Right: a fee is the exception."));

    // Matching distractors (`= -> extra`) are right-hand items no left item matches.
    let QuestionKind::Matching { pairs, targets, .. } = &find(&qs, "match-with-extras").kind else { panic!() };
    assert_eq!(
        pairs.iter().map(|p| (p.left.as_str(), targets[p.target].as_str())).collect::<Vec<_>>(),
        vec![("Loan history", "Until the loan is returned"), ("Membership form", "Two years after membership ends"),]
    );
    assert_eq!(&targets[2..], &["For ever".to_string(), "Seven days".to_string()]);

    let QuestionKind::Matching { pairs, targets, .. } = &find(&qs, "match-principles").kind else { panic!() };
    assert_eq!(pairs.len(), 3);
    assert_eq!(targets[0], "Storage limitation");
    let q = find(&qs, "essay");
    assert!(matches!(q.kind, QuestionKind::Reflection));
    assert!(q.prompt_html.contains("<em>one</em>"));

    let QuestionKind::Single { options } = &find(&qs, "escapes").kind else { panic!() };
    assert_eq!(options.iter().map(|o| o.text.as_str()).collect::<Vec<_>>(), vec!["~", "=", "#"]);
    assert!(!find(&qs, "escapes").prompt_text.contains("\\~"));
    assert!(qs.iter().any(|q| q.id == "colon-in-title"));
    assert_eq!(find(&qs, "rights").bank.as_deref(), Some("rights"));
    assert_eq!(find(&qs, "rights-20").bank.as_deref(), Some("rights"));
}

fn codes_and_lines(d: &[Diagnostic]) -> Vec<(String, usize)> {
    d.iter().map(|d| (d.code.clone(), d.location.as_ref().map_or(0, |l| l.line))).collect()
}

#[test]
fn malformed_gift_is_reported_with_locations() {
    let gift = "// header\n::A::Unclosed {=yes ~no\n\n::B::No right answer{~a ~b}\n\n::C::Numbers{#lots}\n\n::D::Pairs{=a -> b =c}\n\n::E::{=x ~y}\n\n::Never closed title\n\n::Fine::Fish swim.{T}\n";
    let converted = import_gift(gift, "bad.gift");
    // A migration imports everything it can: each bad question is skipped with a
    // located warning naming what is wrong, and the good one is on the page.
    let d = converted.diagnostics;
    assert!(
        d.iter().all(|d| d.severity == Severity::Warning && d.message.ends_with("this question is skipped")),
        "{d:#?}"
    );
    assert_eq!(blocks(&converted.page).iter().map(|q| q.id.as_str()).collect::<Vec<_>>(), ["fine"]);
    assert_eq!(
        codes_and_lines(&d),
        vec![
            ("gift/unclosed-answers".to_string(), 2),
            ("gift/no-correct-answer".to_string(), 4),
            ("gift/bad-numeric".to_string(), 6),
            ("gift/bad-matching".to_string(), 8),
            ("gift/empty-question".to_string(), 10),
            ("gift/bad-title".to_string(), 12),
        ],
        "{d:#?}"
    );
    assert!(d.iter().all(|d| d.location.as_ref().is_some_and(|l| l.file == "bad.gift" && l.column > 0)));
    assert_eq!(d[0].location.as_ref().map(|l| l.column), Some(15));
}

#[test]
fn aiken_bank_converts_and_errors_are_located() {
    let aiken = "Which right lets a person see their data?\nA. Right of access\nB. Right to erasure\nC) Right to object\nANSWER: A\n\nWhat is the deadline for a subject access request\nin most cases?\nA. Two weeks\nB. One month\nANSWER: B\n";
    let converted = import_aiken(aiken, "bank.txt");
    assert!(converted.diagnostics.is_empty(), "{:#?}", converted.diagnostics);
    let page = converted.page;
    let qs = blocks(&page);
    assert_eq!(qs.len(), 2);
    let QuestionKind::Single { options } = &qs[1].kind else { panic!() };
    assert!(options[1].correct && !options[0].correct);
    assert_eq!(qs[1].prompt_text, "What is the deadline for a subject access request in most cases?");

    let bad =
        "Q1?\nA. a\nB. b\nANSWER: C\n\nQ2?\nA. a\nC. c\nANSWER: A\n\nQ3?\nA. only\nANSWER: A\n\nQ4?\nA. a\nB. b\n";
    let converted = import_aiken(bad, "bad.txt");
    assert!(blocks(&converted.page).is_empty(), "{}", converted.page);
    let d = converted.diagnostics;
    assert!(d.iter().all(|d| d.severity == Severity::Warning), "{d:#?}");
    assert_eq!(
        codes_and_lines(&d),
        vec![
            ("aiken/bad-answer".to_string(), 4),
            ("aiken/bad-option".to_string(), 8),
            ("aiken/too-few-options".to_string(), 11),
            ("aiken/missing-answer".to_string(), 15),
        ],
        "{d:#?}"
    );
}

proptest::proptest! {
    /// Any text, however broken, gives a page whose every question coursepack reads
    /// without an error, and located warnings for the rest, never a panic; text made of
    /// GIFT's special characters and multi-byte letters finds the slicing mistakes.
    #[test]
    fn gift_import_never_panics(text in "([{}=~#:%\\\\>\\-.0-9 \\n]|£|ŵ|😀|\\$CATEGORY: |::|->|T|F|a){0,80}") {
        let converted = import_gift(&text, "fuzz.gift");
        let _ = blocks_without_errors(&converted.page);
        proptest::prop_assert!(converted.diagnostics.iter().all(|d| d.location.is_some()));
    }

    #[test]
    fn aiken_import_never_panics(text in "([A-D][.)] |ANSWER: [A-E]|£|ŵ|😀|\\n|x|\\?){0,60}") {
        let converted = import_aiken(&text, "fuzz.txt");
        let _ = blocks_without_errors(&converted.page);
        proptest::prop_assert!(converted.diagnostics.iter().all(|d| d.location.is_some()));
    }
}

/// Parse the blocks of a page: none may have an error (warnings are allowed:
/// fuzzed text makes odd but readable questions).
fn blocks_without_errors(page: &str) -> usize {
    let file = SourceFile::new("imported.md", page);
    let mut n = 0;
    let mut offset = 0;
    let mut open = None;
    for line in page.split_inclusive('\n') {
        match (open, line.trim_end()) {
            (None, "```question") => open = Some(offset + line.len()),
            (Some(start), "```") => {
                let src = BlockSource {
                    file: &file,
                    page_id: "imported",
                    ordinal: n,
                    body: &page[start..offset],
                    body_offset: start,
                };
                let (q, d) = parse_question(&src);
                assert!(
                    q.is_some() && d.iter().all(|d| d.severity != Severity::Error),
                    "{d:#?}\nin block:\n{}",
                    &page[start..offset]
                );
                n += 1;
                open = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    n
}

/// Moodle's documented forms import (issue 12 §5): `{answer}` without `=`,
/// weighted short answers as short answers with partial credit (not
/// checkboxes), numeric questions as Moodle exports them (`=%100%6:0#` and
/// the catch-all `~#feedback`), and nested categories kept apart with a
/// located warning.
#[test]
fn moodle_forms_import_as_moodle_means_them() {
    let gift = include_str!("data/moodle-forms.gift");
    let converted = import_gift(gift, "moodle-forms.gift");
    let qs = blocks(&converted.page);
    assert_eq!(qs.len(), 5, "{}", converted.page);

    let q = find(&qs, "founding-year");
    let QuestionKind::Fill { blanks, .. } = &q.kind else { panic!("{:?}", q.kind) };
    assert_eq!(blanks[0].accepted, ["London"]);
    assert_eq!(coursepack_quiz::score::score(q, &Response::Texts(vec!["london".into()])).status, Status::Correct);

    let q = find(&qs, "spelling");
    let QuestionKind::Fill { blanks, .. } = &q.kind else { panic!("weighted short answers are a fill: {:?}", q.kind) };
    assert_eq!(blanks[0].accepted, ["Aberystwyth"]);
    let partial: Vec<(&str, f64)> = blanks[0].partial.iter().map(|p| (p.text.as_str(), p.credit)).collect();
    assert_eq!(partial, [("Aberystwith", 75.0), ("Cardiff", 25.0)]);
    assert!(q.prompt_html.contains("is in"), "{}", q.prompt_html);
    assert_eq!(q.correct_html.as_deref(), Some("Right."));
    let mark = |t: &str| coursepack_quiz::score::score(q, &Response::Texts(vec![t.into()]));
    assert_eq!((mark("Aberystwyth").score, mark("Aberystwyth").status), (1.0, Status::Correct));
    assert_eq!((mark("aberystwith").score, mark("aberystwith").status), (0.75, Status::Partial));
    assert_eq!((mark("Cardiff").score, mark("Cardiff").status), (0.25, Status::Partial));
    assert_eq!(mark("Swansea").status, Status::Incorrect);

    let q = find(&qs, "regulator-export");
    let QuestionKind::Fill { blanks, .. } = &q.kind else { panic!("{:?}", q.kind) };
    assert_eq!(blanks[0].accepted, ["ICO"]);
    assert_eq!(blanks[0].partial.len(), 1);

    let q = find(&qs, "retention");
    let QuestionKind::Numeric { answers } = &q.kind else { panic!("{:?}", q.kind) };
    assert_eq!(answers.iter().map(|a| a.credit).collect::<Vec<_>>(), [100.0, 50.0]);
    assert_eq!(q.incorrect_html.as_deref(), Some("Look at the retention schedule again."));
    assert_eq!(coursepack_quiz::score::score(q, &Response::Text("7".into())).status, Status::Partial);

    // Two nested categories: two banks under their own headings, never merged.
    assert_eq!(find(&qs, "spelling").bank.as_deref(), Some("heritage-collections"));
    assert_eq!(find(&qs, "listing").bank.as_deref(), Some("heritage-buildings"));
    assert!(
        converted.page.contains("## Heritage / Collections\n") && converted.page.contains("## Heritage / Buildings\n")
    );

    // What is lost is said, located: the nested categories, and the feedback of the
    // partly right short answers (coursepack's fill has one `correct:`).
    assert_eq!(
        codes_and_lines(&converted.diagnostics),
        [
            ("gift/nested-category".to_string(), 4),
            ("gift/import-loses".to_string(), 12),
            ("gift/import-loses".to_string(), 19),
            ("gift/nested-category".to_string(), 29),
        ],
        "{:#?}",
        converted.diagnostics
    );
    assert!(converted.diagnostics.iter().all(|d| d.severity == Severity::Warning));
}

/// Silent losses are located warnings (issue 12 §5): an image in an `[html]`
/// question (Moodle keeps it in its file store, `@@PLUGINFILE@@`), and a
/// Markdown list that the prompt runs together. The questions still import.
#[test]
fn images_and_lists_that_cannot_be_carried_are_reported() {
    let gift = "::Plan::[html]<p>Which room is marked on the plan?</p><p><img src=\"@@PLUGINFILE@@/plan.png\" alt=\"Plan\"></p>{=The reading room ~The store}\n\n\
::Steps::[markdown]Which step comes first?\n- Record the item\n- Clean the item\n{=Record the item ~Clean the item}\n";
    let converted = import_gift(gift, "bank.gift");
    let qs = blocks(&converted.page);
    assert_eq!(qs.len(), 2, "{}", converted.page);
    let d = &converted.diagnostics;
    assert_eq!(
        codes_and_lines(d),
        [("gift/import-loses".to_string(), 1), ("gift/import-loses".to_string(), 4)],
        "{d:#?}"
    );
    assert!(d[0].message.contains("@@PLUGINFILE@@/plan.png"), "{}", d[0].message);
    assert!(d[1].message.contains("list"), "{}", d[1].message);
}

/// A construct coursepack cannot carry skips that question only, with a
/// warning naming it; the rest of the bank imports.
#[test]
fn a_question_that_cannot_be_carried_is_skipped_and_the_rest_imported() {
    let gift = "::Ok1::Fish swim.{T}\n\n::Pairs::Match them.{=a -> 1}\n\n::Ok2::Two plus two is {=four =4}.\n";
    let converted = import_gift(gift, "bank.gift");
    let qs = blocks(&converted.page);
    assert_eq!(qs.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(), ["ok1", "ok2"], "{}", converted.page);
    assert_eq!(codes_and_lines(&converted.diagnostics), [("gift/not-carried".to_string(), 3)]);
    assert!(converted.diagnostics[0].message.contains("this question is skipped"));
}

/// Every question form of Moodle's GIFT documentation (its examples file,
/// read for the forms; these questions are our own) imports, none skipped.
#[test]
fn every_documented_gift_form_imports() {
    let gift = "Which city holds the national library of Wales?{~Cardiff ~Swansea =Aberystwyth}\n\n\
The archive is {~closed =open ~moving} on Saturdays.\n\n\
The reading room opens at noon.{FALSE}\n\n\
Which office regulates data protection?{=ICO =the ICO}\n\n\
Two plus two equals {=four =4}.\n\n\
The ledger is kept in the strong room.{T}\n\n\
Match the item with its store. {\n    =Maps -> Plan chest\n    =Letters -> Archive box\n    =Film -> Cold store\n    }\n\n\
In which year did the library open? {#1850}\n\n\
What is the value of pi to three places? {#3.1415:0.0005}.\n\n\
What is the value of pi to three places? {#3.141..3.142}.\n\n\
In which year did the library open? {#\n    =1850:0\n    =%50%1850:2}\n\n\
::Origins::Where did the collection\nstart? {=Aberystwyth}\n\n\
Which answer is best?{\n~wrong#Not this one.\n~also wrong#Nor this.\n=right#Well done.}\n\n\
[markdown]Which room holds **maps**?{\n=plan room#Good.\n=map room#Good.}\n\n\
Hard question.{~wrong ~%50%half right =right}\n\n\
::Hometown::The founder was born in {\n    ~Cardiff#No.\n    ~%25%Swansea#Nearly.\n    =Aberystwyth#Yes.}.\n\n\
Which two rooms are on the ground floor? {\n    ~Attic\n    ~%50%Lobby\n    ~%50%Reading room\n    ~Cellar }\n\n\
Which two rooms are on the ground floor? {\n    ~%-50%Attic\n    ~%50%Lobby\n    ~%50%Reading room\n    ~%-50%Cellar }\n\n\
Which sum equals 5? {\n     ~ \\= 2 + 2\n     = \\= 2 + 3\n     ~ \\= 2 + 4  }\n\n\
::Numeric feedback::In which year did the library open? {#\n     =1850:0      #Right.\n     =%50%1850:2  #Close.\n}\n";
    let converted = import_gift(gift, "forms.gift");
    let skipped: Vec<&Diagnostic> = converted.diagnostics.iter().filter(|d| d.message.contains("skipped")).collect();
    assert!(skipped.is_empty(), "{skipped:#?}");
    let qs = blocks(&converted.page);
    assert_eq!(qs.len(), 20, "{}", converted.page);
    let kinds: Vec<&str> = qs.iter().map(|q| q.kind.name()).collect();
    assert_eq!(
        kinds,
        [
            "single",
            "dropdown",
            "truefalse",
            "fill",
            "fill",
            "truefalse",
            "matching",
            "numeric",
            "numeric",
            "numeric",
            "numeric",
            "fill",
            "single",
            "fill",
            "single",
            "single",
            "multiple",
            "multiple",
            "single",
            "numeric"
        ]
    );
}

/// A question's own text that looks like our syntax (a block key such as
/// `type:` at the start of a line, or `[[`) is carried as text, not read as
/// syntax (before, `type: numeric` as an Aiken question made a broken block).
#[test]
fn question_text_that_looks_like_block_syntax_stays_text() {
    let aiken = "type: numeric is the key of which question?\nA. The number one\nB. The other\nANSWER: A\n\nWhat do [[brackets]] mean?\nA. A blank\nB. Nothing\nANSWER: A\n";
    let converted = import_aiken(aiken, "bank.txt");
    assert!(converted.diagnostics.is_empty(), "{:#?}", converted.diagnostics);
    let qs = blocks(&converted.page);
    assert_eq!(qs.len(), 2, "{}", converted.page);
    assert_eq!(qs[0].prompt_text, "type: numeric is the key of which question?");
    assert!(matches!(qs[0].kind, QuestionKind::Single { .. }));
    assert_eq!(qs[1].prompt_text, "What do [[brackets]] mean?");

    let gift = "::K::correct: which key is this?{=A trailing one ~A header}\n";
    let converted = import_gift(gift, "bank.gift");
    assert!(converted.diagnostics.is_empty(), "{:#?}", converted.diagnostics);
    assert_eq!(blocks(&converted.page)[0].prompt_text, "correct: which key is this?");
}

/// Each answer and feedback may name its own format, as Moodle exports them
/// when it differs from the question's (`=[html]<b>…</b> -> …`); the tag is
/// read, not shown (fact from the test banks of the public GIFT PEG.js parser;
/// this bank is our own).
#[test]
fn answers_that_name_their_own_format_are_read_in_it() {
    let gift = "::Rooms::[html]Match the <b>room</b> to its use.{\n    =[html]Where <i>maps</i> are kept. -> Plan room\n    =[moodle]Where readers sit. -> Reading room\n    =[plain]Where staff work. -> Office\n    = -> Attic\n}\n\n::Pick::Which is right?{=[markdown]**This** one#[html]<b>Yes.</b> ~That one}\n";
    let converted = import_gift(gift, "bank.gift");
    assert!(converted.diagnostics.is_empty(), "{:#?}", converted.diagnostics);
    assert!(!converted.page.contains("[html]") && !converted.page.contains("[moodle]"), "{}", converted.page);
    let qs = blocks(&converted.page);
    let QuestionKind::Matching { pairs, .. } = &qs[0].kind else { panic!("{:?}", qs[0].kind) };
    assert_eq!(pairs[0].left_html, "Where <em>maps</em> are kept.");
    assert_eq!(pairs[1].left_html, "Where readers sit.");
    let QuestionKind::Single { options } = &qs[1].kind else { panic!("{:?}", qs[1].kind) };
    assert_eq!(options[0].html, "<strong>This</strong> one");
    assert_eq!(options[0].feedback_html.as_deref(), Some("<strong>Yes.</strong>"));
}
