//! Every ```` ```question ```` example in docs/quiz.md parses with no diagnostic.

use coursepack_diagnostics::{render_human, ColorChoice, SourceFile};
use coursepack_quiz::{compile_quiz, parse_question, BlockSource, PlacedQuestion, QuizSettings};

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
    assert!(open.is_none(), "unclosed question fence in docs/quiz.md");
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
