//! The scenario text format: what it reads, and a located diagnostic for each mistake.

mod common;

use common::{VALID, codes, parse};
use coursepack_diagnostics::SourceFile;
use coursepack_scenario::{Mark, ScenarioSource, file_reference};

#[test]
fn a_valid_scenario_reads_whole() {
    let (s, d, file) = parse(VALID);
    assert!(d.is_empty(), "{d:#?}");
    let s = s.unwrap();
    assert_eq!(s.id, "laptop");
    assert_eq!(s.title.as_deref(), Some("The returned laptop"));
    assert!(!s.back);
    assert!(s.restart);
    assert_eq!(s.points, 1);
    assert_eq!(&file.text()[s.intro.clone().unwrap()], "You work on the library's front desk.");
    let ids: Vec<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["start", "a", "b", "end-good", "end-bad"]);
    let start = &s.nodes[0];
    assert_eq!(start.title, "Monday, 9 am");
    assert_eq!(start.reflect.as_deref(), Some("What would you check first?"));
    assert_eq!(
        &file.text()[start.content.clone().unwrap()],
        "A member hands back a loan laptop.\n\n![decorative](media/laptop.svg)"
    );
    assert_eq!(start.choices.len(), 2);
    assert_eq!(start.choices[0].text, "Check it was wiped");
    assert_eq!(start.choices[0].target, "a");
    assert_eq!(&file.text()[start.choices[0].target_span.clone()], "a");
    assert_eq!(start.choices[0].mark, Mark::Right);
    assert_eq!(start.choices[1].mark, Mark::Wrong);
    assert_eq!(start.choices[0].feedback.as_deref(), Some("Good: it still had someone's files on it."));
    assert_eq!(s.nodes[1].choices[0].mark, Mark::Neutral);
    assert_eq!(s.nodes[1].content, None);
    let good = s.nodes[3].ending.as_ref().unwrap();
    assert_eq!((good.outcome.as_str(), good.score, good.success), ("Safe to lend", Some(2), Some(true)));
    assert!(s.is_scored());
    assert_eq!(s.max_score(), 2);
    assert_eq!(s.start_index(), Some(0));
}

#[test]
fn defaults_and_the_title_key() {
    let text = "title: Short\n\n## Only {#only}\noutcome: Done\n\nThe end.\n";
    let (s, d, _) = parse(text);
    assert!(d.is_empty(), "{d:#?}");
    let s = s.unwrap();
    assert_eq!(s.id, "s");
    assert_eq!(s.title.as_deref(), Some("Short"));
    assert!(s.back && s.restart);
    assert!(!s.is_scored());
}

#[test]
fn ids_come_from_headings_when_not_given() {
    let text = "## Friday, 4.15 pm\n\n- Go => the-end\n\n## The end\noutcome: Over\n";
    let (s, d, _) = parse(text);
    assert!(d.is_empty(), "{d:#?}");
    let ids: Vec<String> = s.unwrap().nodes.into_iter().map(|n| n.id).collect();
    assert_eq!(ids, ["friday-4-15-pm", "the-end"]);
}

#[test]
fn feedback_goes_on_over_indented_lines() {
    let text = "## A {#a}\n\n- Ring the data protection officer => z\n  feedback: She thanks you\n  for ringing.\n\n## Z {#z}\noutcome: Done\n";
    let (s, d, _) = parse(text);
    assert!(d.is_empty(), "{d:#?}");
    let c = &s.unwrap().nodes[0].choices[0];
    assert_eq!(c.text, "Ring the data protection officer");
    assert_eq!(c.target, "z");
    assert_eq!(c.feedback.as_deref(), Some("She thanks you for ringing."));
}

#[test]
fn content_lists_and_fenced_code_are_content() {
    let text = "## A {#a}\n\n- a bullet of the story\n- another\n\n```text\n## not a node\n- not => a choice\n```\n\n- Go => z\n\n## Z {#z}\noutcome: Done\n";
    let (s, d, file) = parse(text);
    assert!(d.is_empty(), "{d:#?}");
    let s = s.unwrap();
    assert_eq!(s.nodes.len(), 2);
    let content = &file.text()[s.nodes[0].content.clone().unwrap()];
    assert!(content.starts_with("- a bullet") && content.ends_with("```"), "{content}");
    assert_eq!(s.nodes[0].choices.len(), 1);
}

#[test]
fn each_syntax_mistake_is_located() {
    let cases: &[(&str, &str, usize)] = &[
        ("idd: x\n\n## A {#a}\noutcome: End\n", "scenario/unknown-key", 1),
        ("## A {#a}\noutcom: End\n", "scenario/unknown-key", 2),
        ("## A {#a}\n\n- Go => z\n  feedbak: Why\n\n## Z {#z}\noutcome: E\n", "scenario/unknown-key", 4),
        ("id: Bad Id\n\n## A {#a}\noutcome: E\n", "scenario/invalid-id", 1),
        ("## A {#Not Valid}\noutcome: E\n", "scenario/invalid-node-id", 1),
        ("## ¿? \noutcome: E\n", "scenario/invalid-node-id", 1),
        ("## {#a}\noutcome: E\n", "scenario/empty-node-title", 1),
        ("back: maybe\n\n## A {#a}\noutcome: E\n", "scenario/invalid-value", 1),
        ("points: lots\n\n## A {#a}\noutcome: E\n", "scenario/invalid-value", 1),
        ("## A {#a}\noutcome: E\nscore: 2001\n", "scenario/invalid-value", 3),
        ("## A {#a}\noutcome: E\nsuccess: perhaps\n", "scenario/invalid-value", 3),
        ("## A {#a}\noutcome:\n", "scenario/invalid-value", 2),
        ("id: a\nid: b\n\n## A {#a}\noutcome: E\n", "scenario/duplicate-key", 2),
        ("# One\ntitle: Two\n\n## A {#a}\noutcome: E\n", "scenario/duplicate-key", 2),
        ("## A {#a}\n\n- Go\n- Stay => a\n\n", "scenario/missing-target", 3),
        ("## A {#a}\n\n- Stay => a\n- Go\n\n", "scenario/missing-target", 4),
        ("## A {#a}\n\n- Go =>\n", "scenario/missing-target", 3),
        ("## A {#a}\n\n- => z\n\n## Z {#z}\noutcome: E\n", "scenario/empty-choice", 3),
        ("## A {#a}\n\n- Go => z\n\nMore story.\n\n## Z {#z}\noutcome: E\n", "scenario/text-after-choices", 5),
        ("## A {#a}\noutcome: E\n\n- Go => a\n", "scenario/ending-with-choices", 4),
        ("## A {#a}\nscore: 3\n\n- Go => z\n\n## Z {#z}\noutcome: E\n", "scenario/score-without-outcome", 2),
        (
            "## A {#a}\n\n- Go => z\n- Go => y\n\n## Z {#z}\noutcome: E\nscore: 1\n\n## Y {#y}\noutcome: F\n",
            "scenario/missing-score",
            11,
        ),
        ("id: x\n\nJust an intro and no nodes.\n", "scenario/no-nodes", 1),
        ("## A {#a}\noutcome: E\n\n```\nnever closed\n", "scenario/unclosed-fence", 1),
        ("file: x.md\n\n## A {#a}\noutcome: E\n", "scenario/file-with-content", 1),
    ];
    for (text, code, line) in cases {
        let got = codes(text);
        assert!(
            got.iter().any(|(c, l)| c == code && l == line),
            "expected {code} at line {line} for {text:?}, got {got:?}"
        );
    }
}

#[test]
fn too_many_choices_are_refused() {
    let mut text = String::from("## A {#a}\n\n");
    for i in 0..27 {
        text.push_str(&format!("- Option {i} => z\n"));
    }
    text.push_str("\n## Z {#z}\noutcome: E\n");
    assert!(codes(&text).contains(&("scenario/too-many-choices".to_string(), 29)), "{:?}", codes(&text));
}

#[test]
fn a_block_can_point_to_a_file() {
    let text = "```scenario\nfile: scenarios/friday.md\n```\n";
    let file = SourceFile::new("p.md", text);
    let body = "file: scenarios/friday.md\n";
    let src = ScenarioSource { file: &file, body, body_offset: 12, default_id: "p-scenario-1" };
    let (path, span, d) = file_reference(&src).unwrap();
    assert_eq!(path, "scenarios/friday.md");
    assert_eq!(&text[span], "scenarios/friday.md");
    assert!(d.is_empty());
    let body = "file: a.md\n\n## A {#a}\n";
    let src = ScenarioSource { file: &file, body, body_offset: 0, default_id: "x" };
    let (_, _, d) = file_reference(&src).unwrap();
    assert_eq!(d[0].code, "scenario/file-with-content");
    let src = ScenarioSource { file: &file, body: "## A {#a}\n", body_offset: 0, default_id: "x" };
    assert!(file_reference(&src).is_none());
}
