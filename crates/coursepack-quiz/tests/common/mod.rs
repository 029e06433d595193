//! Helpers shared by the integration tests.
#![allow(dead_code)]

use coursepack_diagnostics::{Diagnostic, Severity, SourceFile};
use coursepack_quiz::{
    BlockSource, CompiledQuiz, PlacedQuestion, Question, QuizSettings, compile_quiz, parse_question,
};

/// A page holding one question block, as the lead's compiler would see it.
pub fn page(body: &str) -> (SourceFile, usize) {
    let prefix = "# Page\n\nSome text.\n\n```question\n";
    let text = format!("{prefix}{body}```\n");
    (SourceFile::new("pages/01-intro.md", text), prefix.len())
}

/// Parse one block body placed on a page.
pub fn parse(body: &str) -> (Option<Question>, Vec<Diagnostic>) {
    parse_at(body, "intro", 0)
}

/// Parse a block body with a page id and ordinal.
pub fn parse_at(body: &str, page_id: &str, ordinal: usize) -> (Option<Question>, Vec<Diagnostic>) {
    let (file, offset) = page(body);
    let src = BlockSource {
        file: &file,
        page_id,
        ordinal,
        body: &file.text()[offset..offset + body.len()],
        body_offset: offset,
    };
    parse_question(&src)
}

/// Parse a block that must be clean; panics with the diagnostics otherwise.
pub fn ok(body: &str) -> Question {
    let (q, d) = parse(body);
    assert!(d.is_empty(), "unexpected diagnostics: {d:#?}");
    q.expect("a question")
}

/// Codes of the errors and warnings reported for a block.
pub fn codes(body: &str) -> Vec<String> {
    parse(body).1.into_iter().map(|d| d.code).collect()
}

/// The single error for a block, asserting there is exactly one.
pub fn one_error(body: &str) -> Diagnostic {
    let (q, d) = parse(body);
    let errors: Vec<Diagnostic> = d.into_iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    assert!(q.is_none(), "a block with an error gives no question");
    errors.into_iter().next().expect("one error")
}

/// Compile questions (page id, body) with settings.
pub fn quiz(
    blocks: &[(&str, &str)],
    settings: &QuizSettings,
    pass_mark: Option<u8>,
) -> (CompiledQuiz, Vec<Diagnostic>) {
    let mut placed = Vec::new();
    let mut ordinals = std::collections::BTreeMap::new();
    for (page_id, body) in blocks {
        let n = ordinals.entry(*page_id).or_insert(0);
        let (q, d) = parse_at(body, page_id, *n);
        *n += 1;
        assert!(d.iter().all(|d| d.severity != Severity::Error), "{d:#?}");
        placed.push(PlacedQuestion { question: q.expect("question"), page_id: page_id.to_string(), location: None });
    }
    compile_quiz(placed, settings, pass_mark)
}
