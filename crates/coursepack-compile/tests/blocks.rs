//! Interactive blocks in pages: their HTML without JavaScript, problems inside
//! them located at their own line and column (also when the block is indented
//! in a list item), heading levels under the block's section, ids, the widgets
//! a module ships and the state each block keeps.

use coursepack_compile::{CompiledModule, Widget, compile_module, widget_state_len};
use coursepack_diagnostics::Diagnostic;
use coursepack_source::load_module;
use std::path::Path;

/// Compile a module of `pages` (file name, text) with `extra` lines in module.toml.
fn compile(pages: &[(&str, &str)], extra: &str) -> (CompiledModule, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    let list: Vec<String> = pages.iter().map(|(name, _)| format!("\"{name}\"")).collect();
    std::fs::write(
        dir.path().join("module.toml"),
        format!(
            "id = \"blocks\"\ntitle = \"Blocks\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"Blocks.\"\npages = [{}]\n{extra}",
            list.join(", ")
        ),
    )
    .unwrap();
    for (name, text) in pages {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let (parsed, mut diagnostics) = load_module(Path::new(dir.path())).unwrap();
    let (module, more) = compile_module(&parsed.expect("module.toml parses"));
    diagnostics.extend(more);
    (module, diagnostics)
}

fn at(d: &Diagnostic) -> (usize, usize) {
    let l = d.location.as_ref().expect("located");
    (l.line, l.column)
}

#[test]
fn an_accordion_is_headings_and_panels_one_level_under_its_section() {
    let page = "# Data\n\n## Lawful bases\n\n```accordion\nid: bases\nOpen one.\n\n## Public task\nThe **law** says so.\n\n### In detail\nMore.\n\n## Consent\n- Ask.\n- Record.\n```\n";
    let (module, diagnostics) = compile(&[("01-data.md", page)], "");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let html = &module.pages[0].html;
    assert!(
        html.contains(
            "<div class=\"cp-block cp-accordion\" id=\"cpb-bases\" data-block=\"accordion\" data-state-id=\"bases\">"
        ),
        "{html}"
    );
    assert!(html.contains("<div class=\"cp-block-intro\">\n<p>Open one.</p>\n</div>"), "{html}");
    assert!(html.contains("<h3 class=\"cp-acc-heading\" id=\"cpb-bases-h0\">Public task</h3>"), "{html}");
    assert!(html.contains("<p>The <strong>law</strong> says so.</p>"), "{html}");
    // A deeper heading stays inside its panel, one level under the item's.
    assert!(html.contains("<h4 id=\"page-data--in-detail\">In detail</h4>"), "{html}");
    assert!(html.contains("<h3 class=\"cp-acc-heading\" id=\"cpb-bases-h1\">Consent</h3>\n<div class=\"cp-acc-panel\" id=\"cpb-bases-p1\">\n<ul>"), "{html}");
    assert_eq!(module.widgets, [Widget::Accordion]);
    assert_eq!(module.widget_state.len(), 1);
    assert_eq!((module.widget_state[0].id.as_str(), module.widget_state[0].max_len), ("bases", 1));
}

#[test]
fn problems_inside_a_block_are_located_at_their_own_line_and_column() {
    // The block is in a list item, so its lines are indented: columns must still be right.
    let page =
        "# A\n\n1. Look:\n\n   ```reveal\n   ## Answer\n   See ![](media/none.png) and [here](nowhere.md).\n   ```\n";
    let (_, diagnostics) = compile(&[("01-a.md", page)], "");
    let mut found: Vec<(&str, (usize, usize))> = diagnostics.iter().map(|d| (d.code.as_str(), at(d))).collect();
    found.sort();
    assert_eq!(
        found,
        [("a11y/vague-link-text", (7, 32)), ("page/broken-link", (7, 32)), ("page/missing-file", (7, 8))],
        "{diagnostics:#?}"
    );
}

#[test]
fn keys_and_items_are_checked_at_their_lines() {
    let page = "# A\n\n```timeline\nid: Bad Id\n## The Act\ndaet: 1964\nText.\n\n## Later\ndate: 2010\n```\n\n```accordion\n## One\n```\n";
    let (_, diagnostics) = compile(&[("01-a.md", page)], "");
    let found: Vec<(&str, (usize, usize))> = diagnostics.iter().map(|d| (d.code.as_str(), at(d))).collect();
    assert_eq!(
        found,
        [
            ("block/unknown-key", (6, 1)),
            ("block/invalid-id", (4, 5)),
            ("block/missing-key", (5, 1)),
            ("block/empty-item", (14, 1)),
        ],
        "{diagnostics:#?}"
    );
}

#[test]
fn ids_are_derived_from_the_page_and_unique_across_pages() {
    let one = "# One\n\n```reveal\n## Answer\nA.\n```\n\n```reveal\n## Answer\nB.\n```\n";
    let two = "# Two\n\n```reveal\nid: one-reveal-1\n## Answer\nC.\n```\n";
    let (module, diagnostics) = compile(&[("01-one.md", one), ("02-two.md", two)], "");
    assert_eq!(diagnostics.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["block/duplicate-id"]);
    assert_eq!(at(&diagnostics[0]), (4, 5));
    let ids: Vec<&str> = module.widget_state.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["one-reveal-1", "one-reveal-2", "two-reveal-1"]);
}

#[test]
fn a_knowledge_check_never_counts_even_on_a_quiz_page() {
    let page = "# Quiz\n\n```check\nid: kc\nWhich?\n\n- [x] A\n- [ ] B\n```\n\n```question\nid: scored\nWhich?\n\n- [x] A\n- [ ] B\n```\n";
    let (module, diagnostics) = compile(&[("01-quiz.md", page)], "pass_mark = 80\n[quiz]\npages = [\"01-quiz.md\"]\n");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let assessed: Vec<(&str, bool)> =
        module.quiz.questions.iter().map(|q| (q.question.id.as_str(), q.assessed)).collect();
    assert_eq!(assessed, [("kc", false), ("scored", true)]);
    assert_eq!(module.widgets, [Widget::Quiz]);
}

#[test]
fn a_timeline_keeps_no_state_and_gives_machine_dates() {
    let page = "# A\n\n```timeline\n## Act\ndate: 1964\nText.\n\n## Law\ndate: 25 May 2018\n\n## Plans\ndate: Spring 2026\nMore.\n```\n";
    let (module, diagnostics) = compile(&[("01-a.md", page)], "");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let html = &module.pages[0].html;
    assert!(html.contains("<p class=\"cp-event-date\"><time datetime=\"2018-05-25\">25 May 2018</time></p>"), "{html}");
    assert!(html.contains("<p class=\"cp-event-date\">Spring 2026</p>"), "{html}");
    assert!(!html.contains("data-state-id"), "{html}");
    assert!(module.widget_state.is_empty());
    assert_eq!(module.widgets, [Widget::Timeline]);
}

#[test]
fn the_state_bound_is_the_length_of_the_fullest_state() {
    let page = "# A\n\n```accordion\nid: twenty\n".to_string()
        + &(0..20).map(|i| format!("## P{i}\nx\n")).collect::<String>()
        + "```\n\n```reveal\nid: r\n## Answer\nx\n```\n";
    let (module, diagnostics) = compile(&[("01-a.md", &page)], "");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    // Every panel open, the reveal open: the largest values the widgets store.
    let fullest = serde_json::json!({ "twenty": (1u32 << 20) - 1, "r": 1 });
    let written = format!(",\"b\":{}", serde_json::to_string(&fullest).unwrap());
    assert_eq!(widget_state_len(&module.widget_state), written.len());
}

#[test]
fn tabs_flashcards_process_and_a_labelled_graphic_compile_to_complete_html() {
    let dir_svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"/>";
    let page = "# A\n\n## Ways\n\n```tabs\nid: t\n## One\nA.\n\n## Two\nB.\n```\n\n```flashcards\nid: f\n## Term\nMeaning.\n```\n\n\
                ```process\nid: p\n## First\nDo.\n\n## Second\nDone.\n```\n\n\
                ```labelled-graphic\nid: g\nimage: media/plan.svg\nalt: A plan\nPick one.\n\n## Desk\nat: 20%, 80.5%\nHelp here.\n```\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("media")).unwrap();
    std::fs::write(dir.path().join("media/plan.svg"), dir_svg).unwrap();
    std::fs::write(
        dir.path().join("module.toml"),
        "id = \"b\"\ntitle = \"B\"\nversion = \"1\"\nlanguage = \"en-GB\"\nsummary = \"B.\"\npages = [\"01-a.md\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("01-a.md"), page).unwrap();
    let (parsed, mut diagnostics) = load_module(dir.path()).unwrap();
    let (module, more) = compile_module(&parsed.unwrap());
    diagnostics.extend(more);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let html = &module.pages[0].html;
    // The tab list is named by the section's heading when there is no `label:`.
    assert!(
        html.contains(
            "<div class=\"cp-block cp-tabs\" id=\"cpb-t\" data-block=\"tabs\" data-state-id=\"t\" data-label=\"Ways\">"
        ),
        "{html}"
    );
    assert!(html.contains("<div class=\"cp-tab-panel\" id=\"cpb-t-p1\">\n<h3 class=\"cp-tab-title\" id=\"cpb-t-h1\">Two</h3>\n<p>B.</p>\n</div>"), "{html}");
    assert!(html.contains("<p class=\"cp-card-side\">Front</p>\n<h3 class=\"cp-card-title\">Term</h3>"), "{html}");
    assert!(html.contains("<p class=\"cp-card-side\">Back</p>\n<p>Meaning.</p>"), "{html}");
    assert!(html.contains("<ol class=\"cp-steps\">\n<li class=\"cp-step\" id=\"cpb-p-s0\">\n<h3 class=\"cp-step-title\" id=\"cpb-p-h0\">First</h3>"), "{html}");
    assert!(
        html.contains("<div class=\"cp-graphic-stage\">\n<img src=\"media/plan.svg\" alt=\"A plan\">\n</div>"),
        "{html}"
    );
    assert!(html.contains("<li class=\"cp-graphic-note\" id=\"cpb-g-n0\" data-x=\"20\" data-y=\"80.5\">"), "{html}");
    assert_eq!(module.widgets, [Widget::Tabs, Widget::Flashcards, Widget::LabelledGraphic, Widget::Process]);
    assert!(module.assets.iter().any(|a| a.package_path == "media/plan.svg"), "the graphic's image is packaged");
    let state: Vec<(&str, usize)> = module.widget_state.iter().map(|s| (s.id.as_str(), s.max_len)).collect();
    assert_eq!(state, [("t", 1), ("f", 1), ("p", 1), ("g", 1)]);
}

#[test]
fn a_labelled_graphic_needs_an_image_described_and_markers_placed() {
    let page = "# A\n\n```labelled-graphic\nalt: A plan\n## Desk\nat: 120%, 3%\nHelp.\n\n## Door\nIn.\n```\n\n\
                ```labelled-graphic\nimage: media/missing.png\nalt: decorative\n## Desk\nat: 1% 2%\nHelp.\n```\n";
    let (_, diagnostics) = compile(&[("01-a.md", page)], "");
    let found: Vec<(&str, (usize, usize))> = diagnostics.iter().map(|d| (d.code.as_str(), at(d))).collect();
    assert_eq!(
        found,
        [
            ("block/invalid-value", (6, 5)),
            ("block/missing-key", (9, 1)),
            ("block/missing-key", (3, 1)),
            ("block/decorative-graphic", (14, 1)),
        ],
        "{diagnostics:#?}"
    );
}

#[test]
fn a_sorting_activity_is_a_matching_question_scored_unless_it_says_not_and_ships_its_widget() {
    let scored = "```sorting\nid: sort-scored\ncategories: Keep | Destroy\nSort.\n\n- Minutes => Keep\n- Drafts => Destroy\n```\n";
    let practice = "```sorting\nid: sort-practice\nscored: false\ncategories: Keep | Destroy\nSort.\n\n- Minutes => Keep\n- Drafts => Destroy\n```\n";
    let page = format!("# Quiz\n\n{practice}\n{scored}");
    let (module, diagnostics) = compile(&[("01-quiz.md", &page)], "pass_mark = 80\n[quiz]\npages = [\"01-quiz.md\"]\n");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let assessed: Vec<(&str, &str, bool)> = module
        .quiz
        .questions
        .iter()
        .map(|q| (q.question.id.as_str(), q.interactions.scorm2004.kind, q.assessed))
        .collect();
    assert_eq!(assessed, [("sort-practice", "matching", false), ("sort-scored", "matching", true)]);
    assert_eq!(
        module.quiz.questions[1].interactions.scorm12.patterns,
        ["1.a,2.b"],
        "each item paired with its category"
    );
    assert!(module.pages[0].html.contains("<div class=\"cp-q-sorting\" data-sorting=\""), "{}", module.pages[0].html);
    assert_eq!(module.widgets, [Widget::Quiz, Widget::Sorting]);
    // Its answer is the quiz's: counted in the saved state's bound like any matching question.
    assert!(module.widget_state.is_empty());
    // A module with questions but no sorting block does not ship the widget.
    let (module, _) = compile(&[("01-quiz.md", "# Q\n\n```check\nWhich?\n\n- [x] A\n- [ ] B\n```\n")], "");
    assert_eq!(module.widgets, [Widget::Quiz]);
}
