//! GIFT export: import → export → import gives the same questions for every
//! type GIFT can express, and everything it cannot express is a located warning.

use coursepack_diagnostics::{Diagnostic, Severity, SourceFile};
use coursepack_quiz::export::export_gift;
use coursepack_quiz::import::import_gift;
use coursepack_quiz::{
    BlockSource, CompiledQuiz, PlacedQuestion, Question, QuizSettings, compile_quiz, parse_question,
};

/// Compile every question block of a page (all must parse cleanly), each located at its block.
fn compile_page(page: &str, path: &str) -> CompiledQuiz {
    let file = SourceFile::new(path, page);
    let mut placed = Vec::new();
    let mut offset = 0;
    let mut open = None;
    for line in page.split_inclusive('\n') {
        match (open, line.trim_end()) {
            (None, "```question") => open = Some(offset + line.len()),
            (Some(start), "```") => {
                let src = BlockSource {
                    file: &file,
                    page_id: "page",
                    ordinal: placed.len(),
                    body: &page[start..offset],
                    body_offset: start,
                };
                let (q, d) = parse_question(&src);
                assert!(d.is_empty(), "{d:#?}\nin block:\n{}", &page[start..offset]);
                let location = Some(file.location(start..start));
                placed.push(PlacedQuestion { question: q.expect("question"), page_id: "page".into(), location });
                open = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    let (quiz, diags) = compile_quiz(placed, &QuizSettings::default(), None);
    assert!(diags.iter().all(|d| d.severity != Severity::Error), "{diags:#?}");
    quiz
}

fn questions(quiz: &CompiledQuiz) -> Vec<Question> {
    quiz.questions.iter().map(|q| q.question.clone()).collect()
}

fn import(gift: &str) -> String {
    let converted = import_gift(gift, "bank.gift");
    assert!(converted.diagnostics.is_empty(), "{:#?}\n{gift}", converted.diagnostics);
    converted.page
}

#[test]
fn a_realistic_bank_survives_import_export_import() {
    let gift = include_str!("data/data-protection.gift");
    let first = compile_page(&import(gift), "first.md");
    let (exported, warnings) = export_gift(&first);
    assert!(warnings.is_empty(), "{warnings:#?}\n{exported}");
    let second = compile_page(&import(&exported), "second.md");
    let (a, b) = (questions(&first), questions(&second));
    assert_eq!(a.len(), 20);
    for (qa, qb) in a.iter().zip(&b) {
        assert_eq!(qa, qb, "question `{}` changed on the way through GIFT:\n{exported}", qa.id);
    }
    assert_eq!(a.len(), b.len());
    // A fixed point: exporting the re-imported questions writes the same file.
    assert_eq!(export_gift(&second).0, exported);
    // Every type GIFT can express is in the bank.
    let types: std::collections::BTreeSet<&str> = a.iter().map(|q| q.kind.name()).collect();
    for t in ["single", "multiple", "truefalse", "fill", "dropdown", "numeric", "matching", "reflection"] {
        assert!(types.contains(t), "no {t} question in the round trip");
    }
}

/// Questions written in coursepack's own syntax, of every type GIFT can hold, with no feature GIFT lacks.
const EXPRESSIBLE: &str = r#"# Questions

```question
id: lawful-basis
bank: basics
Which lawful basis does a **council-run** library rely on?

It is a public body.

- [x] Public task
  feedback: Right: the law gives the council a duty.
- [ ] Legitimate interests
  credit: 50
  feedback: Possible, but not for core tasks.
- [ ] Consent {with braces} = ~ # : \\ and a backslash
explanation: The Public Libraries and Museums Act 1964.
```

```question
id: personal-data
type: multiple
Which are personal data?

- [x] A name
- [x] An email address
- [ ] Opening hours
```

```question
id: paper
type: truefalse
Paper records in a filing system are covered.

- [ ] True
- [x] False
correct: Careful: they are covered.
incorrect: They are covered.
```

```question
id: regulator
The [[ICO|Information Commissioner's Office]] regulates data protection.
correct: Right.
```

```question
id: at-the-end
Who regulates data protection in the UK? [[ICO|the ICO]]
```

```question
id: weighted
The national library of Wales is in [[Aberystwyth]].

- Aberystwith
  credit: 75
- Cardiff
  credit: 25.5
```

```question
id: deadline
Answer within [[*one month|two weeks|90 days]] of receipt.
```

```question
id: hours
How many hours to report a breach?
answer: 72
tolerance: 2
correct: Right, 72 hours.
```

```question
id: retention
type: numeric
For how many years are financial records kept?

- 6
  feedback: Right.
- 5..7
  credit: 50
  feedback: Close.
- 0..3
  credit: 0
  feedback: Too short.
```

```question
id: principles
Match each example with the principle it breaks.

- Keeping records for ever => Storage limitation
- Collecting too much => Data minimisation
- => Accuracy
```

```question
id: reflect
type: reflection
What will your team change?
explanation: There is no wrong answer.
```
"#;

#[test]
fn every_expressible_type_written_in_our_syntax_survives_export_and_import() {
    let first = compile_page(EXPRESSIBLE, "pages/quiz.md");
    let (exported, warnings) = export_gift(&first);
    assert!(warnings.is_empty(), "{warnings:#?}\n{exported}");
    assert!(exported.contains("::lawful-basis::[markdown]"), "{exported}");
    assert!(exported.contains("$CATEGORY: basics"), "{exported}");
    assert!(exported.contains(r"Consent \{with braces\} \= \~ \# \: \\\\ and a backslash"), "{exported}");
    assert!(exported.contains("####The Public Libraries and Museums Act 1964."), "{exported}");
    let second = compile_page(&import(&exported), "second.md");
    let mut a = questions(&first);
    let b = questions(&second);
    // Banked questions come after the others in the file (GIFT categories run to the next one).
    let banked = a.remove(0);
    a.push(banked);
    assert_eq!(a.len(), b.len());
    for (qa, qb) in a.iter().zip(&b) {
        if qa.id == "personal-data" {
            // Multiple response is written with the weights that give the same score.
            let QuestionKind::Multiple { options } = &qb.kind else { panic!("{:?}", qb.kind) };
            assert_eq!(
                options.iter().map(|o| (o.correct, o.credit)).collect::<Vec<_>>(),
                vec![(true, Some(50.0)), (true, Some(50.0)), (false, Some(-50.0))]
            );
            for r in [vec![0, 1], vec![0], vec![0, 2], vec![2], vec![0, 1, 2]] {
                let r = Response::Indices(r.into_iter().map(Some).collect());
                assert_eq!(score(qa, &r), score(qb, &r), "{r:?}");
            }
            continue;
        }
        assert_eq!(qa, qb, "question `{}` changed on the way through GIFT:\n{exported}", qa.id);
    }
}

use coursepack_quiz::QuestionKind;
use coursepack_quiz::score::{Response, score};

/// Everything GIFT cannot hold is a warning located at the question's block.
#[test]
fn what_gift_cannot_express_is_a_located_warning() {
    let page = r#"# Quiz

```question
id: steps
Put the steps in order.

1. Contain
2. Assess
```

```question
id: sure
type: likert
How sure are you?

- Not sure
- Sure
```

```question
id: two-blanks
The [[ICO]] regulates the [[UK GDPR]].
```

```question
id: two-dropdowns
Answer within [[*one month|a week]] for [[*free|£10]].
```

```question
id: weighted
points: 3
shuffle: true
Which basis?

- [x] Public task
- [ ] Consent
hint: Think about the law.
correct: Well done.
incorrect: Look again.
```

```question
id: welsh
type: truefalse
Mae cofnodion papur wedi'u cynnwys.

- [x] Gwir
  feedback: Ydyn.
- [ ] Anghywir
```

```question
id: sensitive
case: sensitive
The regulation is the [[UK GDPR]].
incorrect: Look again.
```

```question
id: one-right
type: multiple
Which one?

- [x] A
- [ ] B
```

```question
id: end-dropdown
The regulator is the [[*ICO|CMA]]
```
"#;
    let quiz = compile_page(page, "pages/quiz.md");
    let (exported, warnings) = export_gift(&quiz);
    let summary: Vec<(String, usize, String)> = warnings
        .iter()
        .map(|d: &Diagnostic| (d.code.clone(), d.location.as_ref().map_or(0, |l| l.line), d.message.clone()))
        .collect();
    let expect = [
        ("gift/export-skipped", 4, "question `steps` is left out: GIFT has no ordering questions"),
        ("gift/export-skipped", 12, "question `sure` is left out: GIFT has no likert or confidence-scale questions"),
        (
            "gift/export-skipped",
            21,
            "question `two-blanks` is left out: GIFT short answers have one blank, this fill question has 2",
        ),
        (
            "gift/export-skipped",
            26,
            "question `two-dropdowns` is left out: GIFT missing-word questions have one gap, this dropdown question has 2",
        ),
        (
            "gift/export-loses",
            31,
            "question `weighted` loses its points (3), `shuffle: true`, its hint, `correct:` and `incorrect:` in GIFT",
        ),
        (
            "gift/export-loses",
            44,
            "question `welsh` loses its labels `Gwir` / `Anghywir` (GIFT writes True and False) and its option feedback (GIFT keeps `incorrect:` and `correct:`) in GIFT",
        ),
        (
            "gift/export-loses",
            54,
            "question `sensitive` loses `incorrect:` and `case: sensitive` (Moodle's short answers ignore case unless set in Moodle) in GIFT",
        ),
        (
            "gift/export-loses",
            61,
            "question `one-right` loses its multiple-response type (with one right option, GIFT reads it back as single choice) in GIFT",
        ),
        (
            "gift/export-loses",
            70,
            "question `end-dropdown` loses its dropdown (with no text after the gap, GIFT reads it back as a single-choice question) in GIFT",
        ),
    ];
    let expect: Vec<(String, usize, String)> =
        expect.iter().map(|(c, l, m)| (c.to_string(), *l, m.to_string())).collect();
    assert_eq!(summary, expect, "{exported}");
    assert!(
        warnings
            .iter()
            .all(|d| d.severity == Severity::Warning && d.location.as_ref().is_some_and(|l| l.file == "pages/quiz.md"))
    );
    // The skipped questions are not in the file; the others are, and it imports cleanly.
    for id in ["steps", "sure", "two-blanks", "two-dropdowns"] {
        assert!(!exported.contains(&format!("::{id}::")), "{exported}");
    }
    let back = compile_page(&import(&exported), "back.md");
    assert_eq!(
        back.questions.iter().map(|q| q.question.id.as_str()).collect::<Vec<_>>(),
        ["weighted", "welsh", "sensitive", "one-right", "end-dropdown"]
    );
}
