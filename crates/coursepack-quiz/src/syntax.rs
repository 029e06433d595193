//! Reading a `question` block into its raw parts: header keys, prompt lines,
//! answer lines and trailing feedback keys, each with its byte span inside
//! the block. [`crate::build`] turns the parts into a typed [`crate::Question`].

use coursepack_diagnostics::{Diagnostic, SourceFile, did_you_mean};
use std::ops::Range;

/// Where a question block is and what it contains.
#[derive(Clone, Copy, Debug)]
pub struct BlockSource<'a> {
    /// The page file the block is in.
    pub file: &'a SourceFile,
    /// Id of the page (used to derive ids of questions that have none).
    pub page_id: &'a str,
    /// 0-based index of this question block on the page.
    pub ordinal: usize,
    /// The fence's content (without the fence lines).
    pub body: &'a str,
    /// Byte offset of `body` within `file.text()`.
    pub body_offset: usize,
}

impl BlockSource<'_> {
    /// A diagnostic location for a span of `body`.
    pub(crate) fn span(&self, range: Range<usize>) -> coursepack_diagnostics::Location {
        self.file.location(self.body_offset + range.start..self.body_offset + range.end)
    }
}

/// Keys allowed before the prompt.
pub const HEADER_KEYS: &[&str] =
    &["id", "type", "points", "shuffle", "case", "bank", "answer", "tolerance", "categories", "scored"];
/// Keys allowed after the answers.
pub const TRAILING_KEYS: &[&str] = &["hint", "correct", "incorrect", "partial", "explanation"];
/// Keys allowed on an indented line under an option.
pub const OPTION_KEYS: &[&str] = &["feedback", "credit"];

/// A value with the span of the whole line and of the value.
#[derive(Clone, Debug)]
pub struct Spanned {
    /// The text (trimmed).
    pub value: String,
    /// Span of the line (key and value) in the body.
    pub line: Range<usize>,
    /// Span of the value in the body.
    pub span: Range<usize>,
}

/// One answer line.
#[derive(Clone, Debug)]
pub enum AnswerLine {
    /// `- [x] text` or `- [ ] text`.
    Check {
        /// Ticked.
        checked: bool,
        /// The option text (continuation lines joined with a space).
        text: Spanned,
        /// Indented `feedback:` value.
        feedback: Option<Spanned>,
        /// Indented `credit:` value.
        credit: Option<Spanned>,
    },
    /// `- left => right`.
    Pair {
        /// Left item.
        left: Spanned,
        /// Right item.
        right: Spanned,
        /// Indented `feedback:` value (about this pair).
        feedback: Option<Spanned>,
    },
    /// `1. text`.
    Numbered {
        /// The number written.
        number: Spanned,
        /// The item text.
        text: Spanned,
        /// Indented `feedback:` value (about this item's place).
        feedback: Option<Spanned>,
    },
    /// `- text` (a Likert scale point or a numeric answer).
    Plain {
        /// The text.
        text: Spanned,
        /// Indented `feedback:` value.
        feedback: Option<Spanned>,
        /// Indented `credit:` value.
        credit: Option<Spanned>,
    },
}

impl AnswerLine {
    /// Span of the whole line.
    pub fn line(&self) -> Range<usize> {
        match self {
            AnswerLine::Check { text, .. } | AnswerLine::Plain { text, .. } => text.line.clone(),
            AnswerLine::Pair { left, .. } => left.line.clone(),
            AnswerLine::Numbered { number, .. } => number.line.clone(),
        }
    }
}

/// A prompt line with its span.
#[derive(Clone, Debug)]
pub struct PromptLine {
    /// The line's text (trimmed on the right), or empty for a blank line.
    pub text: String,
    /// Byte offset of `text` in the body.
    pub start: usize,
}

/// The raw parts of a block.
#[derive(Clone, Debug, Default)]
pub struct RawBlock {
    /// Header keys in order (key, value).
    pub header: Vec<(String, Spanned)>,
    /// Prompt lines (blank lines kept as paragraph breaks).
    pub prompt: Vec<PromptLine>,
    /// Answer lines in order.
    pub answers: Vec<AnswerLine>,
    /// Trailing keys in order.
    pub trailing: Vec<(String, Spanned)>,
}

impl RawBlock {
    /// The first header value for `key`.
    pub fn header(&self, key: &str) -> Option<&Spanned> {
        self.header.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The first trailing value for `key`.
    pub fn trailing(&self, key: &str) -> Option<&Spanned> {
        self.trailing.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Header,
    Prompt,
    Answers,
    Trailing,
}

/// Split a line `key: value` into (key, value offset) when the key is a
/// lowercase word (letters, digits, `-`, `_`) followed by `:` and a space or
/// the end of the line.
fn key_of(line: &str) -> Option<(&str, usize)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    let first = key.chars().next()?;
    if !first.is_ascii_lowercase()
        || !key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return None;
    }
    let after = &line[colon + 1..];
    if !(after.is_empty() || after.starts_with(' ') || after.starts_with('\t')) {
        return None;
    }
    let value_start = colon + 1 + (after.len() - after.trim_start().len());
    Some((key, value_start))
}

fn spanned(line: &str, line_start: usize, value_start: usize) -> Spanned {
    let value = line[value_start..].trim_end();
    Spanned {
        value: value.to_string(),
        line: line_start..line_start + line.trim_end().len(),
        span: line_start + value_start..line_start + value_start + value.len(),
    }
}

/// Classify an unindented answer line.
fn answer_line(line: &str, start: usize) -> Option<AnswerLine> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        let offset = line.len() - rest.len();
        let lead = rest.len() - rest.trim_start().len();
        let rest_t = rest.trim_start();
        let base = offset + lead;
        for (marker, checked) in [("[x]", true), ("[X]", true), ("[ ]", false)] {
            if let Some(text) = rest_t.strip_prefix(marker) {
                let text_start = base + marker.len() + (text.len() - text.trim_start().len());
                return Some(AnswerLine::Check {
                    checked,
                    text: spanned(line, start, text_start),
                    feedback: None,
                    credit: None,
                });
            }
        }
        if let Some(arrow) = rest_t.find("=>") {
            let left = spanned(&line[..base + arrow], start, base);
            let right_off = base + arrow + 2;
            let right_lead = line[right_off..].len() - line[right_off..].trim_start().len();
            let mut right = spanned(line, start, right_off + right_lead);
            right.line = start..start + line.trim_end().len();
            let left = Spanned { line: right.line.clone(), ..left };
            return Some(AnswerLine::Pair { left, right, feedback: None });
        }
        return Some(AnswerLine::Plain { text: spanned(line, start, base), feedback: None, credit: None });
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let after = &line[digits..];
        if (after.starts_with(". ") || after.starts_with(") ")) && !after[2..].trim().is_empty() {
            let number = Spanned {
                value: line[..digits].to_string(),
                line: start..start + line.trim_end().len(),
                span: start..start + digits,
            };
            let text_start = digits + 2 + (after[2..].len() - after[2..].trim_start().len());
            return Some(AnswerLine::Numbered { number, text: spanned(line, start, text_start), feedback: None });
        }
    }
    None
}

/// Read a block into its raw parts, reporting unknown keys and misplaced lines.
pub fn read_block(src: &BlockSource, diags: &mut Vec<Diagnostic>) -> RawBlock {
    let mut raw = RawBlock::default();
    let mut phase = Phase::Header;
    let mut start = 0;
    // The trailing key a continuation line extends.
    let mut open_trailing = false;
    for full in src.body.split_inclusive('\n') {
        let line_start = start;
        start += full.len();
        let line = full.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            open_trailing = false;
            if phase == Phase::Prompt {
                raw.prompt.push(PromptLine { text: String::new(), start: line_start });
            }
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let key = if indented { None } else { key_of(line) };

        // Indented lines under an answer: option keys or continuation text.
        if indented && phase == Phase::Answers {
            let lead = line.len() - line.trim_start().len();
            let inner = &line[lead..];
            if let Some((k, v)) = key_of(inner) {
                if OPTION_KEYS.contains(&k) {
                    let value = spanned(line, line_start, lead + v);
                    let last = raw.answers.last_mut();
                    let slot = match last {
                        Some(
                            AnswerLine::Check { feedback, credit, .. } | AnswerLine::Plain { feedback, credit, .. },
                        ) => Some(if k == "feedback" { feedback } else { credit }),
                        // A pair or an ordering item takes feedback about itself, but no credit.
                        Some(AnswerLine::Pair { feedback, .. } | AnswerLine::Numbered { feedback, .. })
                            if k == "feedback" =>
                        {
                            Some(feedback)
                        }
                        _ => None,
                    };
                    match slot {
                        Some(slot) => {
                            if slot.is_some() {
                                diags.push(
                                    Diagnostic::error(
                                        "quiz/duplicate-key",
                                        format!("`{k}` is given twice for this option"),
                                    )
                                    .at(src.span(value.line.clone()))
                                    .with_hint("keep one line per key"),
                                );
                            }
                            *slot = Some(value);
                        }
                        None => diags.push(
                            Diagnostic::error(
                                "quiz/misplaced-key",
                                format!("`{k}:` belongs under a `- [x]` or `- [ ]` option or a numeric answer"),
                            )
                            .at(src.span(value.line.clone()))
                            .with_hint(
                                "credit applies to choice options and numeric answers only; feedback also to matching pairs and ordering items",
                            ),
                        ),
                    }
                    continue;
                }
                if let Some(suggestion) = did_you_mean(k, OPTION_KEYS.iter().copied()) {
                    diags.push(
                        Diagnostic::error("quiz/unknown-key", format!("unknown option key `{k}`"))
                            .at(src.span(line_start + lead..line_start + lead + k.len()))
                            .with_hint(format!("did you mean `{suggestion}`?")),
                    );
                    continue;
                }
            }
            // Continuation of the previous answer's text.
            if let Some(
                AnswerLine::Check { text, .. } | AnswerLine::Plain { text, .. } | AnswerLine::Numbered { text, .. },
            ) = raw.answers.last_mut()
            {
                text.value.push(' ');
                text.value.push_str(inner.trim_end());
                text.span.end = line_start + line.trim_end().len();
                continue;
            }
        }

        if let Some((k, v)) = key {
            let value = spanned(line, line_start, v);
            if TRAILING_KEYS.contains(&k) {
                phase = Phase::Trailing;
                raw.trailing.push((k.to_string(), value));
                open_trailing = true;
                continue;
            }
            let numeric_key = k == "answer" || k == "tolerance";
            if (phase == Phase::Header && HEADER_KEYS.contains(&k)) || (numeric_key && phase != Phase::Trailing) {
                raw.header.push((k.to_string(), value));
                if phase == Phase::Prompt {
                    phase = Phase::Answers;
                }
                continue;
            }
            if HEADER_KEYS.contains(&k) {
                diags.push(
                    Diagnostic::error("quiz/misplaced-key", format!("`{k}:` must come before the prompt"))
                        .at(src.span(value.line.clone()))
                        .with_hint("move this line to the top of the block, with the other header keys"),
                );
                continue;
            }
            let all = HEADER_KEYS.iter().chain(TRAILING_KEYS).copied();
            let suggestion = did_you_mean(k, all);
            let looks_like_setting = !value.value.contains(char::is_whitespace);
            if phase != Phase::Prompt && (suggestion.is_some() || (phase == Phase::Header && looks_like_setting)) {
                let mut d = Diagnostic::error("quiz/unknown-key", format!("unknown key `{k}`"))
                    .at(src.span(line_start..line_start + k.len()));
                d = match suggestion {
                    Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                    None => d.with_hint(format!(
                        "known keys are {} before the prompt and {} after the answers",
                        list(HEADER_KEYS),
                        list(TRAILING_KEYS)
                    )),
                };
                diags.push(d);
                continue;
            }
        }

        if let Some(answer) = if indented { None } else { answer_line(line, line_start) } {
            if phase == Phase::Trailing {
                diags.push(
                    Diagnostic::error(
                        "quiz/misplaced-answer",
                        "answer lines must come before `hint:` and the feedback keys",
                    )
                    .at(src.span(answer.line()))
                    .with_hint("move this line up, under the prompt"),
                );
                continue;
            }
            if phase == Phase::Header {
                diags.push(
                    Diagnostic::error("quiz/empty-prompt", "the question has no prompt before its answers")
                        .at(src.span(answer.line()))
                        .with_hint("write the question text on a line between the header keys and the answers"),
                );
            }
            phase = Phase::Answers;
            raw.answers.push(answer);
            continue;
        }

        match phase {
            Phase::Header | Phase::Prompt => {
                phase = Phase::Prompt;
                let lead = line.len() - line.trim_start().len();
                raw.prompt.push(PromptLine { text: line.trim().to_string(), start: line_start + lead });
            }
            Phase::Trailing if open_trailing || indented => {
                if let Some((_, value)) = raw.trailing.last_mut() {
                    if !value.value.is_empty() {
                        value.value.push(' ');
                    }
                    value.value.push_str(trimmed);
                    value.span.end = line_start + line.trim_end().len();
                }
            }
            Phase::Answers | Phase::Trailing => {
                diags.push(
                    Diagnostic::error("quiz/unexpected-text", "text after the answers is not part of any answer or key")
                        .at(src.span(line_start..line_start + line.trim_end().len()))
                        .with_hint(
                            "indent it by two spaces to continue the option above, move it into the prompt, or start it with `explanation:`",
                        ),
                );
            }
        }
    }
    while raw.prompt.last().is_some_and(|l| l.text.is_empty()) {
        raw.prompt.pop();
    }
    raw
}

fn list(keys: &[&str]) -> String {
    keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}
