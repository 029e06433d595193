//! Aiken (one question line, lettered options, `ANSWER: X`) to coursepack question blocks.

use super::{Converted, Out, block, skipped, unique_id};
use coursepack_diagnostics::{Diagnostic, SourceFile};

/// A question being read: its offset, its text and its options (letter, text, offset).
type Pending = (usize, String, Vec<(char, String, usize)>);

/// Convert an Aiken file into a Markdown page of `question` blocks. `file` is
/// the path shown in diagnostics. A malformed question is skipped with a
/// located warning; the others are converted.
pub fn import_aiken(text: &str, file: &str) -> Converted {
    // A byte-order mark (Windows editors add one) is not part of the first question.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = SourceFile::new(file, text);
    let mut diags = Vec::new();
    let mut out = Out::new("Imported questions");
    let mut current: Option<Pending> = None;
    // The current question had a problem already reported: it is skipped at its `ANSWER:`.
    let mut broken = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let t = line.trim();
        let lead = line.len() - line.trim_start().len();
        let at = start + lead;
        if t.is_empty() {
            continue;
        }
        let error = |code: &str, message: String, hint: &str| {
            Diagnostic::error(code, message).at_span(&source, at..at + t.len()).with_hint(hint)
        };
        if let Some(answer) = t.strip_prefix("ANSWER:") {
            let was_broken = std::mem::take(&mut broken);
            let Some((q_at, prompt, options)) = current.take() else {
                diags.push(error(
                    "aiken/misplaced-answer",
                    "`ANSWER:` without a question above it".into(),
                    "write the question, its options, then `ANSWER: A`",
                ));
                continue;
            };
            let letter = answer.trim();
            let right = letter.chars().next().filter(|_| letter.chars().count() == 1).map(|c| c.to_ascii_uppercase());
            if options.len() < 2 {
                diags.push(
                    Diagnostic::error("aiken/too-few-options", "a question needs at least two options")
                        .at_span(&source, q_at..q_at + prompt.len())
                        .with_hint("write options as `A. text` on the lines after the question"),
                );
                continue;
            }
            let Some(right) = right.filter(|r| options.iter().any(|(l, _, _)| l == r)) else {
                diags.push(error(
                    "aiken/bad-answer",
                    format!("`ANSWER: {letter}` does not name one of the options"),
                    "give the letter of the right option, for example `ANSWER: B`",
                ));
                continue;
            };
            if was_broken {
                continue;
            }
            let id = unique_id(&mut out, None, None);
            let mut q = block(&id, None);
            q.header("type", "single");
            // `[[` in the question is text, not a blank.
            q.prompt(&prompt.replace("[[", "\\[\\["));
            for (l, text, _) in &options {
                q.option(*l == right, text, None, None);
            }
            if let Err(why) = out.push(&q) {
                diags.push(
                    Diagnostic::error(
                        "aiken/not-carried",
                        format!("the question cannot be carried into coursepack ({why})"),
                    )
                    .at_span(&source, q_at..q_at + prompt.len()),
                );
            }
            continue;
        }
        let mut chars = t.chars();
        let option = match (chars.next(), chars.next(), chars.next()) {
            (Some(l), Some('.' | ')'), Some(' ')) if l.is_ascii_uppercase() => Some((l, t[3..].trim().to_string())),
            _ => None,
        };
        match (option, &mut current) {
            (Some((l, text)), Some((_, _, options))) => {
                let expected = char::from(b'A' + options.len().min(25) as u8);
                if l != expected {
                    broken = true;
                    diags.push(error(
                        "aiken/bad-option",
                        format!("option `{l}` should be `{expected}`"),
                        "letter the options A, B, C... in order",
                    ));
                }
                options.push((l, text, at));
            }
            (Some(_), None) => diags.push(error(
                "aiken/bad-option",
                "an option without a question above it".into(),
                "write the question on the line before the options",
            )),
            (None, Some((q_at, prompt, options))) if options.is_empty() => {
                // Questions may wrap onto several lines before the first option.
                prompt.push(' ');
                prompt.push_str(t);
                let _ = q_at;
            }
            (None, Some((q_at, _, _))) => {
                diags.push(
                    Diagnostic::error("aiken/missing-answer", "the question above has no `ANSWER:` line")
                        .at_span(&source, *q_at..*q_at + 1)
                        .with_hint("end each question with `ANSWER: A`"),
                );
                current = Some((at, t.to_string(), Vec::new()));
                broken = false;
            }
            (None, None) => {
                current = Some((at, t.to_string(), Vec::new()));
                broken = false;
            }
        }
    }
    if let Some((q_at, _, _)) = current {
        diags.push(
            Diagnostic::error("aiken/missing-answer", "the last question has no `ANSWER:` line")
                .at_span(&source, q_at..q_at + 1)
                .with_hint("end each question with `ANSWER: A`"),
        );
    }
    Converted { page: out.finish(), diagnostics: diags.into_iter().map(skipped).collect() }
}
