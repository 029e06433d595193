//! Every ```` ```question ```` example in docs/quiz.md and docs/authoring.md
//! parses with no diagnostic, and the `[quiz]` example of docs/quiz.md is a
//! valid `[quiz]` table that compiles with the guide's questions.

use coursepack_diagnostics::{ColorChoice, SourceFile, render_human};
use coursepack_quiz::{BlockSource, PlacedQuestion, QuizSettings, compile_quiz, parse_question};

/// (byte offset of the body, body) of each question fence that starts a line.
fn question_blocks(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut open: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        match open {
            None if trimmed == "```question" => open = Some(offset + line.len()),
            Some(start) if trimmed == "```" => {
                out.push((start, &text[start..offset]));
                open = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    assert!(open.is_none(), "unclosed question fence");
    out
}

#[test]
fn every_example_in_the_authoring_guide_parses_cleanly() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/quiz.md");
    let text = std::fs::read_to_string(&path).expect("read docs/quiz.md");
    let file = SourceFile::new("docs/quiz.md", text);
    let blocks = question_blocks(file.text());
    assert!(blocks.len() >= 18, "only {} examples found", blocks.len());
    let mut placed = Vec::new();
    let mut types = std::collections::BTreeSet::new();
    for (ordinal, (offset, body)) in blocks.iter().enumerate() {
        let src = BlockSource { file: &file, page_id: "docs", ordinal, body, body_offset: *offset };
        let (q, diags) = parse_question(&src);
        assert!(diags.is_empty(), "{}", render_human(&diags, std::slice::from_ref(&file), ColorChoice::Never));
        let q = q.expect("question");
        types.insert(q.kind.name());
        placed.push(PlacedQuestion { question: q, page_id: "docs".into(), location: None });
    }
    assert_eq!(types.len(), coursepack_quiz::TYPES.len(), "every type has an example: {types:?}");
    let (_, diags) = compile_quiz(placed, &QuizSettings::default(), Some(80));
    assert!(diags.is_empty(), "{diags:#?}");
}

fn doc(name: &str) -> SourceFile {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs").join(name);
    SourceFile::new(format!("docs/{name}"), std::fs::read_to_string(&path).expect("read the doc"))
}

#[test]
fn every_question_in_the_authoring_guide_parses_cleanly() {
    let file = doc("authoring.md");
    let blocks = question_blocks(file.text());
    assert!(blocks.len() >= 2, "only {} examples found", blocks.len());
    for (ordinal, (offset, body)) in blocks.iter().enumerate() {
        let src = BlockSource { file: &file, page_id: "authoring", ordinal, body, body_offset: *offset };
        let (q, diags) = parse_question(&src);
        assert!(diags.is_empty(), "{}", render_human(&diags, std::slice::from_ref(&file), ColorChoice::Never));
        assert!(q.is_some());
    }
}

/// The ```` ```toml ```` blocks of a Markdown text.
fn toml_blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```toml") => current = Some(String::new()),
            (Some(_), "```") => out.extend(current.take()),
            (Some(block), l) => {
                block.push_str(l);
                block.push('\n');
            }
            _ => {}
        }
    }
    out
}

#[test]
fn the_quiz_settings_example_is_valid_and_compiles_with_the_guides_questions() {
    #[derive(serde::Deserialize)]
    struct Manifest {
        pass_mark: Option<u8>,
        quiz: QuizSettings,
    }
    let file = doc("quiz.md");
    let example = toml_blocks(file.text()).into_iter().find(|b| b.contains("[quiz]")).expect("a [quiz] example");
    let manifest: Manifest =
        toml::from_str(&example).unwrap_or_else(|e| panic!("the [quiz] example does not parse: {e}\n{example}"));
    assert_eq!(manifest.pass_mark, Some(80));
    let mut settings = manifest.quiz;
    assert_eq!(settings.attempts, Some(3));
    assert_eq!(settings.bands.len(), 3);
    // The example names the module's quiz page; the guide's questions are all on one page here.
    assert_eq!(settings.pages, vec!["06-check-your-knowledge".to_string()]);
    settings.pages.clear();
    let mut placed = Vec::new();
    for (ordinal, (offset, body)) in question_blocks(file.text()).iter().enumerate() {
        let src = BlockSource { file: &file, page_id: "docs", ordinal, body, body_offset: *offset };
        let question = parse_question(&src).0.expect("question");
        placed.push(PlacedQuestion { question, page_id: "docs".into(), location: None });
    }
    let (quiz, diags) = compile_quiz(placed, &settings, manifest.pass_mark);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(quiz.bank_sizes().get("principles"), Some(&2));
}
