//! Turning a [`RawBlock`] into a typed [`Question`], with a located
//! diagnostic for every problem.

use crate::inline;
use crate::model::*;
use crate::syntax::{AnswerLine, BlockSource, PromptLine, RawBlock, Spanned, read_block};
use coursepack_diagnostics::{Diagnostic, did_you_mean};
use std::ops::Range;

/// Type names accepted after `type:`.
pub const TYPES: &[&str] =
    &["single", "multiple", "truefalse", "fill", "dropdown", "numeric", "matching", "ordering", "likert", "reflection"];

/// Highest `points` value accepted.
pub const MAX_POINTS: u32 = 1000;

/// Parse one `question` block. Returns the question when it could be built
/// (possibly with warnings) and every problem found, located inside the block.
pub fn parse_question(src: &BlockSource) -> (Option<Question>, Vec<Diagnostic>) {
    parse(src, false)
}

/// Parse one `sorting` block: a matching question whose right-hand sides are
/// the categories declared by `categories: A | B | C`. Each item is written
/// `- item => category`; `scored: false` makes it a knowledge check.
pub fn parse_sorting(src: &BlockSource) -> (Option<Question>, Vec<Diagnostic>) {
    parse(src, true)
}

fn parse(src: &BlockSource, sorting: bool) -> (Option<Question>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    report_refused_links(src, &mut diags);
    let raw = read_block(src, &mut diags);
    let mut b = Builder { src, raw: &raw, diags: &mut diags, failed: false, sorting };
    let question = b.build();
    let failed = b.failed || diags.iter().any(|d| d.severity == coursepack_diagnostics::Severity::Error);
    (if failed { None } else { question }, diags)
}

/// A link whose scheme the inline renderer drops (`javascript:`, `file:`...)
/// is a located `quiz/unsafe-link` error, as `page/unsafe-link` is in a page:
/// a link that silently vanished would leave the learner without it.
fn report_refused_links(src: &BlockSource, diags: &mut Vec<Diagnostic>) {
    let mut offset = 0;
    for line in src.body.split_inclusive('\n') {
        for (at, len, url) in crate::inline::refused_links(line) {
            let scheme = url.split(':').next().unwrap_or("").trim().to_ascii_lowercase();
            diags.push(
                Diagnostic::error(
                    "quiz/unsafe-link",
                    format!(
                        "links with the `{scheme}:` scheme are not allowed in questions; this one would be left out"
                    ),
                )
                .at(src.span(offset + at..offset + at + len))
                .with_hint("link to an https:// or http:// address, or an email address with mailto:"),
            );
        }
        offset += line.len();
    }
}

struct Builder<'s, 'a> {
    src: &'s BlockSource<'a>,
    raw: &'s RawBlock,
    diags: &'s mut Vec<Diagnostic>,
    failed: bool,
    /// A ```` ```sorting ```` block ([`parse_sorting`]).
    sorting: bool,
}

/// A blank found in the prompt: its alternatives and its span.
struct Blank {
    alternatives: Vec<String>,
    span: Range<usize>,
}

impl Builder<'_, '_> {
    fn error(&mut self, code: &str, span: Range<usize>, message: String, hint: &str) {
        self.failed = true;
        let d = Diagnostic::error(code, message).at(self.src.span(span));
        self.diags.push(if hint.is_empty() { d } else { d.with_hint(hint) });
    }

    fn warning(&mut self, code: &str, span: Range<usize>, message: String, hint: &str) {
        let d = Diagnostic::warning(code, message).at(self.src.span(span));
        self.diags.push(if hint.is_empty() { d } else { d.with_hint(hint) });
    }

    /// A list of choices (a dropdown's, a matching question's right-hand items, a sorting
    /// activity's categories) is a `<select>`, whose options show text only: an image
    /// written in one would vanish without a word, so each is a located error.
    fn refuse_images_in_choices(&mut self, span: Range<usize>, what: &str) {
        let Some(text) = self.src.body.get(span.clone()) else { return };
        for image in inline::images(text) {
            let at = span.start + image.at;
            self.error(
                "quiz/image-in-choice-list",
                at..at + image.len,
                format!("{what} are shown in a list, which cannot show images: `{}` would not be seen", image.source),
                "write the choice as text; to show the image, put it in the prompt, or use a single-choice question, whose options show images (`- [x] ![alt](path)`)",
            );
        }
    }

    /// Span of the whole block, for problems that belong to no line.
    fn block_span(&self) -> Range<usize> {
        let first = self.src.body.find(|c: char| !c.is_whitespace()).unwrap_or(0);
        let end = self.src.body[first..].find('\n').map_or(self.src.body.len(), |n| first + n);
        first..end
    }

    fn build(&mut self) -> Option<Question> {
        self.check_duplicates();
        let id = self.id();
        let (prompt_source, blanks) = self.prompt();
        // Without a type (reported), the answer lines cannot be judged: no further errors.
        self.check_sorting_keys();
        let kind = if self.sorting {
            self.reject_blanks(&blanks, "sorting");
            self.sorting_kind()?
        } else {
            let type_name = self.type_name(&blanks)?;
            self.kind(type_name, &prompt_source, blanks)?
        };
        // `scored: false`: a sorting activity that gives feedback only (a knowledge check).
        let check = self.sorting && self.raw.header("scored").is_some() && !self.flag("scored");
        let points = self.points(&kind);
        let shuffle = self.flag("shuffle");
        let bank = self.bank();
        self.check_case(&kind);
        let feedback = |b: &mut Self, key: &str| -> Option<String> {
            let value = b.raw.trailing(key)?.clone();
            if value.value.is_empty() {
                b.error(
                    "quiz/empty-feedback",
                    value.line.clone(),
                    format!("`{key}:` is empty"),
                    "write the text after the colon, or remove the line",
                );
                return None;
            }
            Some(html_paragraphs(&value.value))
        };
        let hint_html = feedback(self, "hint");
        let correct_html = feedback(self, "correct");
        let incorrect_html = feedback(self, "incorrect");
        let partial_html = feedback(self, "partial");
        let explanation_html = with_item_feedback(feedback(self, "explanation"), &kind);
        self.check_feedback_fits(&kind);
        let prompt_text = blank_display(&prompt_source, false);
        if prompt_text.trim().is_empty() {
            let span = self.block_span();
            self.error(
                "quiz/empty-prompt",
                span,
                "the question has no prompt".into(),
                "write the question text after the header keys",
            );
        }
        let text_of = |key: &str| self.raw.trailing(key).map(|v| v.value.clone()).filter(|v| !v.is_empty());
        let source = AuthorText {
            prompt_parts: prompt_source.split('\u{0}').step_by(2).map(str::to_string).collect(),
            hint: text_of("hint"),
            correct: text_of("correct"),
            incorrect: text_of("incorrect"),
            partial: text_of("partial"),
            explanation: text_of("explanation"),
        };
        Some(Question {
            id,
            id_given: self.raw.header("id").is_some(),
            kind,
            points,
            shuffle,
            bank,
            check,
            prompt_html: blank_display(&prompt_source, true),
            prompt_text,
            hint_html,
            correct_html,
            incorrect_html,
            partial_html,
            explanation_html,
            source,
        })
    }

    /// `categories:` and `scored:` belong to sorting blocks; `type:` and `answer:` do not.
    fn check_sorting_keys(&mut self) {
        let misplaced: &[&str] =
            if self.sorting { &["type", "answer", "tolerance", "case"] } else { &["categories", "scored"] };
        for key in misplaced {
            if let Some(v) = self.raw.header(key).cloned() {
                let (message, hint) = if self.sorting {
                    (
                        format!("`{key}:` does not apply to a sorting activity"),
                        "remove the line; a sorting block is always items sorted into `categories:`",
                    )
                } else {
                    (
                        format!("`{key}:` applies only to sorting activities"),
                        "remove it, or write the block as ```` ```sorting ````",
                    )
                };
                self.error("quiz/misplaced-key", v.line.clone(), message, hint);
            }
        }
    }

    /// A sorting block's items and categories: `categories: A | B` declares the
    /// categories in the order shown; each item `- text => category` names one of them.
    fn sorting_kind(&mut self) -> Option<QuestionKind> {
        let Some(declared) = self.raw.header("categories").cloned().filter(|v| !v.value.is_empty()) else {
            let span = self.raw.header("categories").map(|v| v.line.clone()).unwrap_or_else(|| self.block_span());
            self.error(
                "quiz/no-categories",
                span,
                "a sorting activity needs its categories".into(),
                "list them before the prompt, separated by `|`, for example `categories: Keep | Share | Delete`",
            );
            return None;
        };
        let mut targets: Vec<String> = Vec::new();
        let mut at = declared.span.start;
        for part in declared.value.split('|') {
            let lead = part.len() - part.trim_start().len();
            let name = part.trim();
            let span = at + lead..at + lead + name.len();
            at += part.len() + 1;
            self.refuse_images_in_choices(span.clone(), "a sorting activity's categories");
            if name.is_empty() {
                self.error(
                    "quiz/empty-option",
                    declared.span.clone(),
                    "a category has no name".into(),
                    "separate the categories with `|` and leave none empty",
                );
            } else if targets.iter().any(|t| t == name) {
                self.error(
                    "quiz/duplicate-option",
                    span,
                    format!("the category `{name}` is listed twice"),
                    "remove one of them",
                );
            } else {
                targets.push(name.to_string());
            }
        }
        if targets.len() < 2 {
            self.error(
                "quiz/too-few-answers",
                declared.line.clone(),
                "a sorting activity needs at least two categories".into(),
                "for example `categories: Keep | Delete`",
            );
            return None;
        }
        let choices = targets.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
        let mut pairs: Vec<MatchPair> = Vec::new();
        let answers = self.raw.answers.clone();
        for a in &answers {
            let (left, right, feedback) = match a {
                AnswerLine::Pair { left, right, feedback } => (left, Some(right), feedback),
                AnswerLine::Plain { text, feedback, .. } => (text, None, feedback),
                other => {
                    self.error(
                        "quiz/wrong-answer-line",
                        other.line(),
                        "this line does not fit a sorting activity".into(),
                        "write each item as `- item => category`",
                    );
                    continue;
                }
            };
            if left.value.is_empty() {
                self.error(
                    "quiz/empty-option",
                    left.line.clone(),
                    "an item needs its text before `=>`".into(),
                    "write `- item => category`; a category no item belongs to needs no line",
                );
                continue;
            }
            let Some(right) = right.filter(|r| !r.value.is_empty()) else {
                self.error(
                    "quiz/no-category",
                    left.line.clone(),
                    format!("the item `{}` is in no category", left.value),
                    &format!("write `- {} => category`, with one of {choices}", left.value),
                );
                continue;
            };
            let Some(target) = targets.iter().position(|t| *t == right.value) else {
                let hint = match did_you_mean(&right.value, targets.iter().map(String::as_str)) {
                    Some(t) => format!("did you mean `{t}`? The categories are {choices}"),
                    None => format!("the categories are {choices}; add it to `categories:` if it is one"),
                };
                self.error(
                    "quiz/unknown-category",
                    right.span.clone(),
                    format!("`{}` is not one of the categories", right.value),
                    &hint,
                );
                continue;
            };
            if pairs.iter().any(|p| p.left == left.value) {
                self.error(
                    "quiz/duplicate-option",
                    left.span.clone(),
                    format!("the item `{}` is listed twice", left.value),
                    "each item appears once; several items may go in the same category",
                );
                continue;
            }
            let feedback_html = self.option_feedback(feedback.as_ref());
            pairs.push(MatchPair {
                left: left.value.clone(),
                left_html: inline::to_html(&left.value),
                target,
                feedback_html,
                feedback: feedback.as_ref().map(|f| f.value.clone()).filter(|f| !f.is_empty()),
            });
        }
        if pairs.len() < 2 {
            if !self.failed {
                let span = answers.first().map(AnswerLine::line).unwrap_or_else(|| self.block_span());
                self.error(
                    "quiz/too-few-answers",
                    span,
                    "a sorting activity needs at least two items".into(),
                    "add lines written `- item => category`",
                );
            }
            return None;
        }
        let targets_html = targets.iter().map(|t| inline::to_html(t)).collect();
        Some(QuestionKind::Matching { pairs, targets, targets_html, sorting: true })
    }

    fn check_duplicates(&mut self) {
        let mut seen: Vec<&str> = Vec::new();
        let all: Vec<(String, Spanned)> = self.raw.header.iter().chain(&self.raw.trailing).cloned().collect();
        for (key, value) in &all {
            if seen.contains(&key.as_str()) {
                self.error(
                    "quiz/duplicate-key",
                    value.line.clone(),
                    format!("`{key}` is given twice"),
                    "keep one line per key",
                );
            }
            seen.push(key);
        }
    }

    fn id(&mut self) -> String {
        match self.raw.header("id").cloned() {
            Some(v) if valid_id(&v.value) => v.value,
            Some(v) => {
                self.error(
                    "quiz/bad-id",
                    v.span.clone(),
                    format!("question id `{}` must use only lowercase letters, digits and `-`", v.value),
                    "for example `id: lawful-basis`",
                );
                derived_id(self.src.page_id, self.src.ordinal)
            }
            None => derived_id(self.src.page_id, self.src.ordinal),
        }
    }

    /// The prompt source with blanks replaced by `\u{0}n\u{0}` markers, and the blanks.
    fn prompt(&mut self) -> (String, Vec<Blank>) {
        let mut out = String::new();
        let mut blanks = Vec::new();
        let lines: Vec<PromptLine> = self.raw.prompt.clone();
        for (i, line) in lines.iter().enumerate() {
            if line.text.is_empty() {
                out.push('\n');
                continue;
            }
            if i > 0 && !lines[i - 1].text.is_empty() {
                out.push(' ');
            }
            let mut rest = line.text.as_str();
            let mut offset = line.start;
            while let Some(open) = rest.find("[[") {
                out.push_str(&rest[..open]);
                let after = &rest[open + 2..];
                let Some(close) = after.find("]]") else {
                    self.error(
                        "quiz/blank-syntax",
                        offset + open..offset + rest.len(),
                        "`[[` opens a blank that is not closed by `]]` on the same line".into(),
                        "write blanks as `[[answer|other accepted answer]]`",
                    );
                    rest = "";
                    break;
                };
                let inner = &after[..close];
                let span = offset + open..offset + open + 4 + close;
                let alternatives: Vec<String> = inner.split('|').map(|a| a.trim().to_string()).collect();
                if alternatives.iter().any(String::is_empty) {
                    self.error(
                        "quiz/blank-syntax",
                        span.clone(),
                        "a blank has an empty answer".into(),
                        "separate accepted answers with `|` and leave none empty",
                    );
                }
                out.push('\u{0}');
                out.push_str(&blanks.len().to_string());
                out.push('\u{0}');
                blanks.push(Blank { alternatives, span });
                let used = open + 4 + close;
                offset += used;
                rest = &rest[used..];
            }
            out.push_str(rest);
        }
        (out, blanks)
    }

    fn type_name(&mut self, blanks: &[Blank]) -> Option<&'static str> {
        if let Some(v) = self.raw.header("type").cloned() {
            if let Some(t) = TYPES.iter().find(|t| **t == v.value) {
                return Some(t);
            }
            let aliases =
                [("true-false", "truefalse"), ("choice", "single"), ("multi", "multiple"), ("likert-scale", "likert")];
            let hint = match aliases
                .iter()
                .find(|(a, _)| *a == v.value)
                .map(|(_, t)| *t)
                .or_else(|| did_you_mean(&v.value, TYPES.iter().copied()))
            {
                Some(t) => format!("did you mean `{t}`?"),
                None => format!("the types are {}", TYPES.join(", ")),
            };
            self.error("quiz/unknown-type", v.span.clone(), format!("unknown question type `{}`", v.value), &hint);
            return None;
        }
        let answers = &self.raw.answers;
        let checks: Vec<bool> = answers
            .iter()
            .filter_map(|a| match a {
                AnswerLine::Check { checked, .. } => Some(*checked),
                _ => None,
            })
            .collect();
        if !checks.is_empty() {
            return Some(if checks.iter().filter(|c| **c).count() > 1 { "multiple" } else { "single" });
        }
        if answers.iter().any(|a| matches!(a, AnswerLine::Pair { .. })) {
            return Some("matching");
        }
        if answers.iter().any(|a| matches!(a, AnswerLine::Numbered { .. })) {
            return Some("ordering");
        }
        if !blanks.is_empty() {
            let starred = blanks.iter().any(|b| b.alternatives.iter().any(|a| a.starts_with('*')));
            return Some(if starred { "dropdown" } else { "fill" });
        }
        if self.raw.header("answer").is_some() {
            return Some("numeric");
        }
        if let Some(first) = answers.first() {
            let span = first.line();
            self.error(
                "quiz/missing-type",
                span,
                "answer lines without `[x]` or `[ ]` need a `type:`".into(),
                "mark options `- [x] right` / `- [ ] wrong`, or add `type: likert` for a scale or `type: numeric` for numeric answers",
            );
        } else {
            let span = self.block_span();
            self.error(
                "quiz/no-answers",
                span,
                "the question has no answers".into(),
                "add options (`- [x] right`, `- [ ] wrong`), blanks (`[[answer]]`), `answer: 42`, or `type: reflection` for free text",
            );
        }
        None
    }

    /// Report answer lines that do not belong to `type_name`.
    fn reject_lines(&mut self, type_name: &str, allowed: fn(&AnswerLine) -> bool, what: &str) {
        let bad: Vec<Range<usize>> = self.raw.answers.iter().filter(|a| !allowed(a)).map(AnswerLine::line).collect();
        for span in bad {
            self.error(
                "quiz/wrong-answer-line",
                span,
                format!("this line does not fit a `{type_name}` question"),
                &format!("a `{type_name}` question takes {what}"),
            );
        }
    }

    fn reject_blanks(&mut self, blanks: &[Blank], type_name: &str) {
        for b in blanks {
            self.error(
                "quiz/wrong-answer-line",
                b.span.clone(),
                format!("blanks `[[...]]` do not fit a `{type_name}` question"),
                "use `type: fill` or `type: dropdown` for blanks",
            );
        }
    }

    fn kind(&mut self, type_name: &str, prompt: &str, blanks: Vec<Blank>) -> Option<QuestionKind> {
        if !matches!(type_name, "fill" | "dropdown") {
            self.reject_blanks(&blanks, type_name);
        }
        if type_name != "numeric" {
            for key in ["answer", "tolerance"] {
                if let Some(v) = self.raw.header(key).cloned() {
                    self.error(
                        "quiz/misplaced-key",
                        v.line.clone(),
                        format!("`{key}:` applies only to numeric questions"),
                        "remove it, or use `type: numeric`",
                    );
                }
            }
        }
        let is_check = |a: &AnswerLine| matches!(a, AnswerLine::Check { .. });
        let none = |_: &AnswerLine| false;
        Some(match type_name {
            "single" | "multiple" | "truefalse" => {
                self.reject_lines(type_name, is_check, "options written `- [x] right` or `- [ ] wrong`");
                self.choice(type_name)?
            }
            "fill" => {
                self.reject_lines(
                    type_name,
                    |a| matches!(a, AnswerLine::Plain { .. }),
                    "blanks in the prompt, such as `[[answer|other answer]]`, and for a single blank answer lines with `credit:`",
                );
                self.fill(prompt, blanks)?
            }
            "dropdown" => {
                self.reject_lines(type_name, none, "blanks in the prompt, such as `[[*right|wrong|wrong]]`");
                self.dropdown(prompt, &blanks)?
            }
            "numeric" => {
                self.reject_lines(type_name, |a| matches!(a, AnswerLine::Plain { .. }), "`answer: 42` with an optional `tolerance: 2`, `answer: 40..44`, or answer lines such as `- 72 ± 2`");
                self.numeric()?
            }
            "matching" => {
                self.reject_lines(
                    type_name,
                    |a| matches!(a, AnswerLine::Pair { .. }),
                    "pairs written `- left => right`",
                );
                self.matching()?
            }
            "ordering" => {
                self.reject_lines(
                    type_name,
                    |a| matches!(a, AnswerLine::Numbered { .. }),
                    "numbered items `1. first` in the correct order",
                );
                self.ordering()?
            }
            "likert" => {
                self.reject_lines(
                    type_name,
                    |a| matches!(a, AnswerLine::Plain { .. }),
                    "scale points written `- Agree`",
                );
                let scale = self.plain_items();
                if scale.len() < 2 {
                    let span = self.block_span();
                    self.error(
                        "quiz/too-few-answers",
                        span,
                        "a likert question needs at least two scale points".into(),
                        "add lines such as `- Agree`",
                    );
                    return None;
                }
                QuestionKind::Likert { scale }
            }
            _ => {
                self.reject_lines(type_name, none, "only a prompt");
                QuestionKind::Reflection
            }
        })
    }

    fn choice(&mut self, type_name: &str) -> Option<QuestionKind> {
        let mut options = Vec::new();
        let mut spans = Vec::new();
        let answers = self.raw.answers.clone();
        for a in &answers {
            let AnswerLine::Check { checked, text, feedback, credit } = a else { continue };
            if text.value.is_empty() {
                self.error(
                    "quiz/empty-option",
                    text.line.clone(),
                    "this option has no text".into(),
                    "write the option after `[x]` or `[ ]`",
                );
            }
            if options.iter().any(|o: &ChoiceOption| o.text == text.value) {
                self.error(
                    "quiz/duplicate-option",
                    text.span.clone(),
                    format!("option `{}` is listed twice", text.value),
                    "remove one of them",
                );
            }
            let feedback_html = self.option_feedback(feedback.as_ref());
            let credit = match credit {
                Some(c) => match c.value.trim_end_matches('%').parse::<f64>() {
                    Ok(v) if (-100.0..=100.0).contains(&v) && type_name != "truefalse" => Some(v),
                    Ok(_) if type_name == "truefalse" => {
                        self.error(
                            "quiz/bad-value",
                            c.line.clone(),
                            "`credit:` does not apply to true/false questions".into(),
                            "remove it",
                        );
                        None
                    }
                    _ => {
                        self.error(
                            "quiz/bad-value",
                            c.span.clone(),
                            format!("credit `{}` is not a percentage from -100 to 100", c.value),
                            "for example `credit: 50`",
                        );
                        None
                    }
                },
                None => None,
            };
            spans.push(text.line.clone());
            options.push(ChoiceOption {
                text: text.value.clone(),
                html: inline::to_html(&text.value),
                correct: *checked,
                credit,
                feedback_html,
                feedback: feedback.as_ref().map(|f| f.value.clone()).filter(|f| !f.is_empty()),
            });
        }
        let correct: Vec<usize> = options.iter().enumerate().filter(|(_, o)| o.correct).map(|(i, _)| i).collect();
        if options.len() < 2 {
            let span = spans.first().cloned().unwrap_or_else(|| self.block_span());
            self.error(
                "quiz/too-few-answers",
                span,
                format!("a `{type_name}` question needs at least two options"),
                "add options written `- [ ] wrong`",
            );
            return None;
        }
        if correct.is_empty() {
            let span = spans[0].start..spans[spans.len() - 1].end;
            self.error(
                "quiz/no-correct-answer",
                span,
                "no option is marked correct".into(),
                "mark the right option with `[x]`",
            );
            return None;
        }
        match type_name {
            "single" | "truefalse" if correct.len() > 1 => {
                self.error(
                    "quiz/several-correct",
                    spans[correct[1]].clone(),
                    format!(
                        "a `{type_name}` question has exactly one correct option, but {} are marked `[x]`",
                        correct.len()
                    ),
                    if type_name == "single" {
                        "use `type: multiple`, or untick all but one option"
                    } else {
                        "untick one of the two options"
                    },
                );
                return None;
            }
            _ => {}
        }
        match type_name {
            "truefalse" => {
                if options.len() != 2 {
                    let span = spans[2.min(spans.len() - 1)].clone();
                    self.error(
                        "quiz/truefalse-options",
                        span,
                        format!("a true/false question has exactly two options, not {}", options.len()),
                        "keep one option for true and one for false, true first",
                    );
                    return None;
                }
                let answer = options[0].correct;
                Some(QuestionKind::TrueFalse { options, answer })
            }
            "single" => Some(QuestionKind::Single { options }),
            _ => Some(QuestionKind::Multiple { options }),
        }
    }

    fn fill(&mut self, prompt: &str, blanks: Vec<Blank>) -> Option<QuestionKind> {
        if blanks.is_empty() {
            let span = self.block_span();
            self.error(
                "quiz/no-answers",
                span,
                "a fill question needs at least one blank in its prompt".into(),
                "write blanks as `[[answer|other accepted answer]]`",
            );
            return None;
        }
        for b in &blanks {
            if b.alternatives.iter().any(|a| a.starts_with('*')) {
                self.error(
                    "quiz/blank-syntax",
                    b.span.clone(),
                    "`*` marks the right choice of a dropdown blank, not a fill blank".into(),
                    "remove the `*`, or use `type: dropdown`",
                );
            }
        }
        let parts = prompt_parts(prompt, blanks.len());
        let mut blanks: Vec<FillBlank> =
            blanks.into_iter().map(|b| FillBlank { accepted: b.alternatives, partial: Vec::new() }).collect();
        self.fill_answer_lines(&mut blanks)?;
        Some(QuestionKind::Fill {
            parts,
            blanks,
            case_sensitive: self.raw.header("case").is_some_and(|c| c.value == "sensitive"),
        })
    }

    /// Answer lines of a fill question (`- Nazereth` with `credit: 75`): more
    /// answers for its one blank, with full credit or the credit given.
    fn fill_answer_lines(&mut self, blanks: &mut [FillBlank]) -> Option<()> {
        let lines = self.raw.answers.clone();
        let Some(first) = lines.first() else { return Some(()) };
        if blanks.len() != 1 {
            self.error(
                "quiz/misplaced-key",
                first.line(),
                format!(
                    "answer lines give more answers to a single blank, but this prompt has {} blanks",
                    blanks.len()
                ),
                "write every accepted answer inside its blank, as `[[answer|other answer]]`",
            );
            return None;
        }
        let mut failed = false;
        for line in &lines {
            let AnswerLine::Plain { text, feedback, credit } = line else { continue };
            if let Some(f) = feedback {
                self.error(
                    "quiz/misplaced-key",
                    f.line.clone(),
                    "an answer of a fill question takes `credit:` but no `feedback:`".into(),
                    "remove the line, or put the advice in `partial:` or `incorrect:`",
                );
                failed = true;
            }
            let answer = text.value.trim().to_string();
            if answer.is_empty() || answer.contains(['|', '[', ']']) {
                self.error(
                    "quiz/blank-syntax",
                    text.span.clone(),
                    format!("`{answer}` cannot be an answer of a blank"),
                    "write the answer as the learner would type it, without `|`, `[` or `]`",
                );
                failed = true;
                continue;
            }
            match credit {
                None => blanks[0].accepted.push(answer),
                Some(c) => match c.value.trim_end_matches('%').trim().parse::<f64>() {
                    Ok(v) if v > crate::score::FULL_CREDIT_FROM && v <= 100.0 => blanks[0].accepted.push(answer),
                    Ok(v) if v > 0.0 && v <= 100.0 => blanks[0].partial.push(PartialAnswer { text: answer, credit: v }),
                    _ => {
                        self.error(
                            "quiz/bad-value",
                            c.span.clone(),
                            format!("credit `{}` is not a percentage above 0 and at most 100", c.value),
                            "for example `credit: 50`",
                        );
                        failed = true;
                    }
                },
            }
        }
        if failed { None } else { Some(()) }
    }

    fn dropdown(&mut self, prompt: &str, blanks: &[Blank]) -> Option<QuestionKind> {
        if blanks.is_empty() {
            let span = self.block_span();
            self.error(
                "quiz/no-answers",
                span,
                "a dropdown question needs at least one blank in its prompt".into(),
                "write blanks as `[[*right|wrong|wrong]]`",
            );
            return None;
        }
        let mut out = Vec::new();
        for b in blanks {
            self.refuse_images_in_choices(b.span.clone(), "a dropdown's choices");
            let starred: Vec<usize> =
                b.alternatives.iter().enumerate().filter(|(_, a)| a.starts_with('*')).map(|(i, _)| i).collect();
            let options: Vec<String> =
                b.alternatives.iter().map(|a| a.trim_start_matches('*').trim().to_string()).collect();
            if starred.len() != 1 {
                let message = if starred.is_empty() {
                    "this dropdown blank has no choice marked `*` as correct"
                } else {
                    "this dropdown blank marks more than one choice as correct"
                };
                self.error(
                    "quiz/no-correct-answer",
                    b.span.clone(),
                    message.into(),
                    "mark exactly one choice with `*`, as in `[[*right|wrong]]`",
                );
                continue;
            }
            if options.len() < 2 {
                self.error(
                    "quiz/too-few-answers",
                    b.span.clone(),
                    "a dropdown blank needs at least two choices".into(),
                    "add wrong choices after `|`",
                );
                continue;
            }
            let mut seen = std::collections::BTreeSet::new();
            if !options.iter().all(|o| seen.insert(o.as_str())) {
                self.error(
                    "quiz/duplicate-option",
                    b.span.clone(),
                    "a dropdown blank lists the same choice twice".into(),
                    "remove the repeated choice",
                );
                continue;
            }
            out.push(DropdownBlank { options, correct: starred[0] });
        }
        if out.len() != blanks.len() {
            return None;
        }
        Some(QuestionKind::Dropdown { parts: prompt_parts(prompt, blanks.len()), blanks: out })
    }

    /// HTML of an option's or answer's `feedback:`, reporting an empty one.
    fn option_feedback(&mut self, feedback: Option<&Spanned>) -> Option<String> {
        match feedback {
            Some(f) if f.value.is_empty() => {
                self.error(
                    "quiz/empty-feedback",
                    f.line.clone(),
                    "`feedback:` is empty".into(),
                    "write the feedback after the colon, or remove the line",
                );
                None
            }
            Some(f) => Some(inline::to_html(&f.value)),
            None => None,
        }
    }

    fn numeric(&mut self) -> Option<QuestionKind> {
        let mut answers = Vec::new();
        let tolerance = match self.raw.header("tolerance").cloned() {
            Some(t) => match parse_number(&t.value) {
                Some(v) if v >= 0.0 => Some((v, t)),
                _ => {
                    self.error(
                        "quiz/bad-value",
                        t.span.clone(),
                        format!("tolerance `{}` is not a non-negative number", t.value),
                        "for example `tolerance: 0.5`",
                    );
                    return None;
                }
            },
            None => None,
        };
        match self.raw.header("answer").cloned() {
            Some(answer) => {
                if let Some((lo, hi)) = answer.value.split_once("..")
                    && let Some((_, t)) = &tolerance
                    && parse_number(lo.trim()).is_some()
                    && parse_number(hi.trim()).is_some()
                {
                    self.error(
                        "quiz/bad-value",
                        t.line.clone(),
                        "`tolerance:` cannot be combined with a range".into(),
                        "widen the range instead",
                    );
                    return None;
                }
                let (min, max, display) = self.numeric_value(&answer, tolerance.as_ref().map(|t| t.0))?;
                answers.push(NumericAnswer { min, max, display, credit: 100.0, feedback_html: None, feedback: None });
            }
            None => {
                if let Some((_, t)) = &tolerance {
                    self.error(
                        "quiz/misplaced-key",
                        t.line.clone(),
                        "`tolerance:` goes with `answer:`".into(),
                        "add `answer:`, or write the tolerance on the answer line, as `- 72 ± 2`",
                    );
                    return None;
                }
            }
        }
        let lines = self.raw.answers.clone();
        let mut failed = false;
        for line in &lines {
            let AnswerLine::Plain { text, feedback, credit } = line else { continue };
            let Some((min, max, display)) = self.numeric_value(text, None) else {
                failed = true;
                continue;
            };
            let credit = match credit {
                None => 100.0,
                Some(c) => match c.value.trim_end_matches('%').trim().parse::<f64>() {
                    Ok(v) if (0.0..=100.0).contains(&v) => v,
                    _ => {
                        self.error(
                            "quiz/bad-value",
                            c.span.clone(),
                            format!("credit `{}` is not a percentage from 0 to 100", c.value),
                            "for example `credit: 50`",
                        );
                        failed = true;
                        continue;
                    }
                },
            };
            let feedback_html = self.option_feedback(feedback.as_ref());
            answers.push(NumericAnswer {
                min,
                max,
                display,
                credit,
                feedback_html,
                feedback: feedback.as_ref().map(|f| f.value.clone()).filter(|f| !f.is_empty()),
            });
        }
        if failed {
            return None;
        }
        if !answers.iter().any(NumericAnswer::is_full) {
            let span = match lines.first() {
                Some(first) => first.line().start..lines[lines.len() - 1].line().end,
                None => self.block_span(),
            };
            let message = if answers.is_empty() {
                "a numeric question needs `answer:`"
            } else {
                "no numeric answer earns full credit"
            };
            self.error("quiz/no-correct-answer", span, message.into(), "add `answer: 42`, `answer: 42` with `tolerance: 2`, `answer: 40..44`, or an answer line without `credit:`");
            return None;
        }
        Some(QuestionKind::Numeric { answers })
    }

    /// Read `42`, `40..44` or `42 ± 2` (also `42 +- 2`), with an optional separate tolerance,
    /// as (min, max, display).
    fn numeric_value(&mut self, v: &Spanned, tolerance: Option<f64>) -> Option<(f64, f64, String)> {
        let text = v.value.trim();
        if let Some((lo, hi)) = text.split_once("..") {
            let (Some(min), Some(max)) = (parse_number(lo.trim()), parse_number(hi.trim())) else {
                self.error(
                    "quiz/bad-value",
                    v.span.clone(),
                    format!("`{text}` is not a range of two numbers"),
                    "write a range as `70..80`",
                );
                return None;
            };
            if min > max {
                self.error(
                    "quiz/bad-value",
                    v.span.clone(),
                    format!("the range `{text}` starts above its end"),
                    "write the smaller number first",
                );
                return None;
            }
            return Some((min, max, format!("{}–{}", fmt_number(min), fmt_number(max))));
        }
        let (value_text, inline_tolerance) = match text.split_once('±').or_else(|| text.split_once("+-")) {
            Some((value, t)) => match parse_number(t.trim()) {
                Some(t) if t >= 0.0 => (value.trim(), Some(t)),
                _ => {
                    self.error(
                        "quiz/bad-value",
                        v.span.clone(),
                        format!("the tolerance in `{text}` is not a non-negative number"),
                        "write `72 ± 2`",
                    );
                    return None;
                }
            },
            None => (text, None),
        };
        let Some(value) = parse_number(value_text) else {
            self.error(
                "quiz/bad-value",
                v.span.clone(),
                format!("`{text}` is not a number"),
                "write `72`, `72 ± 2` or `70..74`, with `.` as the decimal point",
            );
            return None;
        };
        Some(match inline_tolerance.or(tolerance) {
            Some(t) if t > 0.0 => (value - t, value + t, format!("{} ± {}", fmt_number(value), fmt_number(t))),
            _ => (value, value, fmt_number(value)),
        })
    }

    fn matching(&mut self) -> Option<QuestionKind> {
        let mut pairs: Vec<MatchPair> = Vec::new();
        let mut targets: Vec<String> = Vec::new();
        let answers = self.raw.answers.clone();
        // Right-hand items no left item matches (`- => extra`), with their lines.
        let mut distractors: Vec<(String, Range<usize>)> = Vec::new();
        for a in &answers {
            let AnswerLine::Pair { left, right, feedback } = a else { continue };
            self.refuse_images_in_choices(right.span.clone(), "a matching question's right-hand items");
            if right.value.is_empty() {
                self.error(
                    "quiz/empty-option",
                    left.line.clone(),
                    "a pair needs text on both sides of `=>`".into(),
                    "write `- left => right`, or `- => extra` for a right item no left item matches",
                );
                continue;
            }
            if left.value.is_empty() {
                if let Some(f) = feedback {
                    self.error(
                        "quiz/misplaced-key",
                        f.line.clone(),
                        "an extra right item takes no `feedback:`: no left item is matched with it".into(),
                        "put the feedback under the pair it is about, or in `incorrect:`",
                    );
                }
                if distractors.iter().any(|(d, _)| *d == right.value) {
                    self.error(
                        "quiz/duplicate-option",
                        right.span.clone(),
                        format!("the extra right item `{}` is listed twice", right.value),
                        "remove one of them",
                    );
                } else {
                    distractors.push((right.value.clone(), left.line.clone()));
                }
                continue;
            }
            if pairs.iter().any(|p| p.left == left.value) {
                self.error(
                    "quiz/duplicate-option",
                    left.span.clone(),
                    format!("`{}` is matched twice", left.value),
                    "each left item appears once; several left items may share a right item",
                );
                continue;
            }
            let target = match targets.iter().position(|t| *t == right.value) {
                Some(i) => i,
                None => {
                    targets.push(right.value.clone());
                    targets.len() - 1
                }
            };
            let feedback_html = self.option_feedback(feedback.as_ref());
            pairs.push(MatchPair {
                left: left.value.clone(),
                left_html: inline::to_html(&left.value),
                target,
                feedback_html,
                feedback: feedback.as_ref().map(|f| f.value.clone()).filter(|f| !f.is_empty()),
            });
        }
        if pairs.len() < 2 {
            let span = answers.first().map(AnswerLine::line).unwrap_or_else(|| self.block_span());
            self.error(
                "quiz/too-few-answers",
                span,
                "a matching question needs at least two pairs".into(),
                "add lines written `- left => right`",
            );
            return None;
        }
        for (d, line) in distractors {
            if targets.contains(&d) {
                self.error(
                    "quiz/duplicate-option",
                    line,
                    format!("`{d}` is already matched by a left item, so it is not an extra"),
                    "remove this line",
                );
                continue;
            }
            targets.push(d);
        }
        let targets_html = targets.iter().map(|t| inline::to_html(t)).collect();
        Some(QuestionKind::Matching { pairs, targets, targets_html, sorting: false })
    }

    fn ordering(&mut self) -> Option<QuestionKind> {
        let mut items: Vec<OrderItem> = Vec::new();
        let answers = self.raw.answers.clone();
        for a in &answers {
            let AnswerLine::Numbered { number, text, feedback } = a else { continue };
            let expected = items.len() + 1;
            if number.value.parse::<usize>().ok() != Some(expected) {
                self.error(
                    "quiz/bad-order",
                    number.span.clone(),
                    format!("item number {} should be {expected}", number.value),
                    "number the items 1, 2, 3... in the correct order",
                );
            }
            if items.iter().any(|i| i.text == text.value) {
                self.error(
                    "quiz/duplicate-option",
                    text.span.clone(),
                    format!("`{}` is listed twice", text.value),
                    "each item must be different so the learner can tell them apart",
                );
            }
            let feedback_html = self.option_feedback(feedback.as_ref());
            items.push(OrderItem { html: inline::to_html(&text.value), text: text.value.clone(), feedback_html });
        }
        if items.len() < 2 {
            let span = answers.first().map(AnswerLine::line).unwrap_or_else(|| self.block_span());
            self.error(
                "quiz/too-few-answers",
                span,
                "an ordering question needs at least two items".into(),
                "add lines written `1. first`, `2. second`",
            );
            return None;
        }
        Some(QuestionKind::Ordering { items })
    }

    fn plain_items(&mut self) -> Vec<OrderItem> {
        let mut items: Vec<OrderItem> = Vec::new();
        let answers = self.raw.answers.clone();
        for a in &answers {
            if let AnswerLine::Plain { text, feedback, credit } = a {
                for extra in [feedback, credit].into_iter().flatten() {
                    self.error(
                        "quiz/misplaced-key",
                        extra.line.clone(),
                        "a likert scale point takes no `feedback:` or `credit:`".into(),
                        "use `explanation:` for text shown after answering",
                    );
                }
                if items.iter().any(|i| i.text == text.value) {
                    self.error(
                        "quiz/duplicate-option",
                        text.span.clone(),
                        format!("`{}` is listed twice", text.value),
                        "remove the repeated scale point",
                    );
                }
                items.push(OrderItem {
                    html: inline::to_html(&text.value),
                    text: text.value.clone(),
                    feedback_html: None,
                });
            }
        }
        items
    }

    fn points(&mut self, kind: &QuestionKind) -> u32 {
        let Some(v) = self.raw.header("points").cloned() else {
            return u32::from(kind.is_scored());
        };
        if !kind.is_scored() {
            self.warning(
                "quiz/unscored-points",
                v.line.clone(),
                format!("`points:` is ignored: {} questions are not scored", kind.name()),
                "remove the line",
            );
            return 0;
        }
        match v.value.parse::<u32>() {
            Ok(p) if p <= MAX_POINTS => p,
            _ => {
                self.error(
                    "quiz/bad-value",
                    v.span.clone(),
                    format!("points `{}` is not a whole number from 0 to {MAX_POINTS}", v.value),
                    "for example `points: 2`",
                );
                1
            }
        }
    }

    fn flag(&mut self, key: &str) -> bool {
        match self.raw.header(key).cloned() {
            None => false,
            Some(v) => match v.value.as_str() {
                "true" | "yes" => true,
                "false" | "no" => false,
                _ => {
                    self.error(
                        "quiz/bad-value",
                        v.span.clone(),
                        format!("`{key}` must be `true` or `false`, not `{}`", v.value),
                        "",
                    );
                    false
                }
            },
        }
    }

    fn bank(&mut self) -> Option<String> {
        let v = self.raw.header("bank")?.clone();
        if valid_id(&v.value) {
            Some(v.value)
        } else {
            self.error(
                "quiz/bad-id",
                v.span.clone(),
                format!("bank name `{}` must use only lowercase letters, digits and `-`", v.value),
                "for example `bank: data-protection`",
            );
            None
        }
    }

    fn check_case(&mut self, kind: &QuestionKind) {
        let Some(v) = self.raw.header("case").cloned() else { return };
        if !matches!(v.value.as_str(), "sensitive" | "insensitive") {
            self.error(
                "quiz/bad-value",
                v.span.clone(),
                format!("`case` must be `sensitive` or `insensitive`, not `{}`", v.value),
                "",
            );
        } else if !matches!(kind, QuestionKind::Fill { .. }) {
            self.warning(
                "quiz/misplaced-key",
                v.line.clone(),
                "`case:` applies only to fill questions and is ignored here".into(),
                "remove the line",
            );
        }
    }

    fn check_feedback_fits(&mut self, kind: &QuestionKind) {
        if !kind.is_scored() {
            for key in ["correct", "incorrect", "partial"] {
                if let Some(v) = self.raw.trailing(key).cloned() {
                    self.warning(
                        "quiz/feedback-never-shown",
                        v.line.clone(),
                        format!("`{key}:` is never shown: {} questions are not marked", kind.name()),
                        "use `explanation:` for text shown after answering",
                    );
                }
            }
            return;
        }
        if let Some(v) = self.raw.trailing("partial").cloned()
            && !crate::score::can_be_partial(kind)
        {
            self.warning(
                "quiz/feedback-never-shown",
                v.line.clone(),
                format!("`partial:` is never shown: a {} question is either right or wrong", kind.name()),
                "remove the line, or give options `credit:`",
            );
        }
    }
}

/// True for ids made of `[a-z0-9-]`, not empty.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The id of the `ordinal`-th (0-based) question on a page that gives none: `<page>-q<n>`.
pub fn derived_id(page_id: &str, ordinal: usize) -> String {
    let mut slug: String =
        page_id.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        slug.push_str("page");
    }
    format!("{slug}-q{}", ordinal + 1)
}

/// Parse a number the way authors write it: optional sign, digits, optional `.` fraction.
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits_ok = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty())
        || !digits_ok(int)
        || !digits_ok(frac)
        || (body.contains('.') && frac.is_empty())
    {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Shortest decimal form of a number (`72`, `0.5`).
pub fn fmt_number(v: f64) -> String {
    let s = format!("{v}");
    if s == "-0" { "0".into() } else { s }
}

/// Inline HTML of text that may contain paragraph breaks (`\n`), shown with `<br>`.
/// The explanation followed by the per-item feedback of a matching or ordering question,
/// each line led by its item: shown together after checking, so each pair or item's feedback
/// comes with the player's existing explanation and needs no script of its own.
fn with_item_feedback(explanation: Option<String>, kind: &QuestionKind) -> Option<String> {
    let items: Vec<(&str, &str)> = match kind {
        QuestionKind::Matching { pairs, .. } => {
            pairs.iter().filter_map(|p| Some((p.left_html.as_str(), p.feedback_html.as_deref()?))).collect()
        }
        QuestionKind::Ordering { items } => {
            items.iter().filter_map(|i| Some((i.html.as_str(), i.feedback_html.as_deref()?))).collect()
        }
        _ => Vec::new(),
    };
    let lines = explanation.into_iter().chain(items.iter().map(|(item, fb)| format!("<strong>{item}</strong>: {fb}")));
    let joined = lines.collect::<Vec<_>>().join("<br>");
    (!joined.is_empty()).then_some(joined)
}

fn html_paragraphs(text: &str) -> String {
    text.split('\n').map(inline::to_html).collect::<Vec<_>>().join("<br>")
}

/// The prompt with blank markers replaced by `_____`, as HTML or plain text.
fn blank_display(prompt: &str, html: bool) -> String {
    let mut out = Vec::new();
    for (i, piece) in prompt.split('\u{0}').enumerate() {
        if i % 2 == 1 {
            out.push("_____".to_string());
        } else if html {
            out.push(html_paragraphs(piece));
        } else {
            out.push(inline::to_text(piece));
        }
    }
    out.concat()
}

/// HTML of the prompt pieces around the blanks.
fn prompt_parts(prompt: &str, blanks: usize) -> Vec<String> {
    let parts: Vec<String> = prompt.split('\u{0}').step_by(2).map(html_paragraphs).collect();
    debug_assert_eq!(parts.len(), blanks + 1);
    parts
}
