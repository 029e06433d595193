//! Sorting blocks (```` ```sorting ````): items sorted into declared categories,
//! parsed into a matching question, with a located diagnostic for every mistake.

mod common;
use common::page;
use coursepack_diagnostics::{Diagnostic, Severity};
use coursepack_quiz::{BlockSource, Question, QuestionKind, parse_sorting, render_question_html};

fn parse(body: &str) -> (Option<Question>, Vec<Diagnostic>) {
    let (file, offset) = page(body);
    let src = BlockSource {
        file: &file,
        page_id: "intro",
        ordinal: 0,
        body: &file.text()[offset..offset + body.len()],
        body_offset: offset,
    };
    parse_sorting(&src)
}

/// The single error of a block, with its line and column in the page file.
fn one_error(body: &str) -> (String, usize, usize, String) {
    let (q, d) = parse(body);
    let errors: Vec<Diagnostic> = d.into_iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    assert!(q.is_none(), "a block with an error gives no question");
    let e = &errors[0];
    let l = e.location.as_ref().expect("located");
    (e.code.clone(), l.line, l.column, e.hint.clone().unwrap_or_default())
}

const RECORDS: &str = "id: keep-or-destroy
categories: Keep | Destroy | Send to the archive
Sort each record.

- Board minutes => Keep
  feedback: They record decisions.
- A draft poster => Destroy
- Loan slips from 1950 => Send to the archive
- Invoices => Keep
explanation: Keep what records a decision.
";

#[test]
fn items_are_sorted_into_the_declared_categories_in_their_order() {
    let (q, d) = parse(RECORDS);
    assert!(d.is_empty(), "{d:#?}");
    let q = q.expect("a question");
    assert_eq!((q.id.as_str(), q.kind.name(), q.points, q.check), ("keep-or-destroy", "matching", 1, false));
    let QuestionKind::Matching { pairs, targets, sorting, .. } = &q.kind else { panic!("{:?}", q.kind) };
    assert!(*sorting);
    assert_eq!(targets, &["Keep", "Destroy", "Send to the archive"]);
    assert_eq!(
        pairs.iter().map(|p| (p.left.as_str(), p.target)).collect::<Vec<_>>(),
        [("Board minutes", 0), ("A draft poster", 1), ("Loan slips from 1950", 2), ("Invoices", 0)]
    );
    assert_eq!(
        q.explanation_html.as_deref(),
        Some("Keep what records a decision.<br><strong>Board minutes</strong>: They record decisions.")
    );
    // `scored: false` makes it a knowledge check: feedback only, never in the score.
    let (q, d) = parse(&RECORDS.replace("categories:", "scored: false\ncategories:"));
    assert!(d.is_empty(), "{d:#?}");
    assert!(q.expect("a question").check);
    let (q, _) = parse(&RECORDS.replace("categories:", "scored: true\ncategories:"));
    assert!(!q.expect("a question").check);
}

#[test]
fn without_javascript_the_categories_and_the_items_are_lists() {
    let (q, _) = parse(RECORDS);
    let strings =
        [("sort_categories", "Categories"), ("sort_items", "Items to sort"), ("sort_unsorted", "Not sorted yet")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .into_iter()
            .collect();
    let html = render_question_html(&q.expect("a question"), &strings);
    assert!(html.contains("<ul aria-labelledby=\"cpq-keep-or-destroy-cats\"><li>Keep</li><li>Destroy</li><li>Send to the archive</li></ul>"), "{html}");
    assert!(html.contains("<p class=\"cp-sort-title\" id=\"cpq-keep-or-destroy-items\">Items to sort</p>"));
    // Each item keeps its select in authored order (quiz.js reads them in document order),
    // the categories in the author's order, "Not sorted yet" first.
    assert!(html.contains("<li class=\"cp-q-pair\"><label for=\"cpq-keep-or-destroy-m0\">Board minutes</label> <select id=\"cpq-keep-or-destroy-m0\" class=\"cp-q-match\" data-pair=\"0\"><option value=\"\">Not sorted yet</option><option value=\"0\">Keep</option><option value=\"1\">Destroy</option><option value=\"2\">Send to the archive</option></select></li>"), "{html}");
    // The cards' order: every item once, never the authored order.
    let order = html.split("data-sorting=\"").nth(1).and_then(|s| s.split('"').next()).expect("data-sorting");
    let mut seen: Vec<usize> = order.split(' ').map(|n| n.parse().expect("an index")).collect();
    assert_ne!(seen, [0, 1, 2, 3]);
    seen.sort_unstable();
    assert_eq!(seen, [0, 1, 2, 3]);
}

#[test]
fn every_authoring_mistake_is_located() {
    // Page lines: 1 `# Page`, 3 text, 5 the fence; the body starts on line 6.
    let (code, line, col, hint) = one_error("Sort.\n- a => Keep\n- b => Destroy\n");
    assert_eq!((code.as_str(), line, col), ("quiz/no-categories", 6, 1));
    assert!(hint.contains("categories: Keep | Share | Delete"), "{hint}");
    assert_eq!(one_error("categories:\nSort.\n- a => Keep\n- b => Destroy\n").0, "quiz/no-categories");
    // An item in a category that was not declared: at the category, with a suggestion.
    let (code, line, col, hint) = one_error("categories: Keep | Destroy\nSort.\n- a => Keep\n- b => Destory\n");
    assert_eq!((code.as_str(), line, col), ("quiz/unknown-category", 9, 8));
    assert!(hint.contains("did you mean `Destroy`?"), "{hint}");
    // An item in no category.
    let (code, line, col, hint) = one_error("categories: Keep | Destroy\nSort.\n- a => Keep\n- b => Destroy\n- c\n");
    assert_eq!((code.as_str(), line, col), ("quiz/no-category", 10, 1));
    assert!(hint.contains("`- c => category`") && hint.contains("`Keep`, `Destroy`"), "{hint}");
    assert_eq!(
        one_error("categories: Keep | Destroy\nSort.\n- a => Keep\n- b => Destroy\n- c =>\n").0,
        "quiz/no-category"
    );
    // Duplicates: an item, a category.
    let (code, line, col, _) =
        one_error("categories: Keep | Destroy\nSort.\n- a => Keep\n- b => Destroy\n- a => Destroy\n");
    assert_eq!((code.as_str(), line, col), ("quiz/duplicate-option", 10, 3));
    let (code, line, col, _) = one_error("categories: Keep | Destroy | Keep\nSort.\n- a => Keep\n- b => Destroy\n");
    assert_eq!((code.as_str(), line, col), ("quiz/duplicate-option", 6, 30));
    // Empty: a category without a name, too few categories or items, an item without text.
    assert_eq!(one_error("categories: Keep | | Destroy\nSort.\n- a => Keep\n- b => Destroy\n").0, "quiz/empty-option");
    assert_eq!(one_error("categories: Keep\nSort.\n- a => Keep\n- b => Keep\n").0, "quiz/too-few-answers");
    assert_eq!(one_error("categories: Keep | Destroy\nSort.\n- a => Keep\n").0, "quiz/too-few-answers");
    assert_eq!(one_error("categories: Keep | Destroy\nSort.\n").0, "quiz/too-few-answers");
    assert_eq!(
        one_error("categories: Keep | Destroy\nSort.\n- a => Keep\n- b => Destroy\n- => Keep\n").0,
        "quiz/empty-option"
    );
    let (q, d) = parse("categories: Keep | Destroy\n- a => Keep\n- b => Destroy\n");
    assert!(q.is_none() && !d.is_empty() && d.iter().all(|d| d.code == "quiz/empty-prompt"), "{d:#?}");
    // Keys of other question types, and sorting keys in a question.
    assert_eq!(
        one_error("type: matching\ncategories: Keep | Destroy\nSort.\n- a => Keep\n- b => Destroy\n").0,
        "quiz/misplaced-key"
    );
    assert_eq!(
        one_error("scored: maybe\ncategories: Keep | Destroy\nSort.\n- a => Keep\n- b => Destroy\n").0,
        "quiz/bad-value"
    );
    assert_eq!(
        one_error("categories: Keep | Destroy\nSort.\n1. a\n- b => Destroy\n- c => Keep\n").0,
        "quiz/wrong-answer-line"
    );
    let (q, d) = common::parse("categories: A | B\nMatch.\n- a => A\n- b => B\n");
    assert!(q.is_none());
    assert_eq!(d.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["quiz/misplaced-key"]);
}
