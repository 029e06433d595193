//! Exporting a module's questions to Moodle GIFT, the reverse of
//! [`crate::import::import_gift`].
//!
//! What GIFT can hold is written so that importing the file back gives the
//! same questions: ids become titles (`::id::`), banks become categories,
//! Markdown text is marked `[markdown]`, `explanation:` becomes general
//! feedback (`####`). What it cannot hold is reported as a located warning:
//! a question GIFT has no type for (ordering, likert, fill-in and dropdown
//! questions with several blanks) is left out with `gift/export-skipped`, and
//! anything a written question loses (points, shuffle, hints, feedback GIFT
//! has no place for, custom true/false labels, case sensitivity) is named by
//! `gift/export-loses`. The full list is in docs/quiz.md ("Exporting to GIFT").

use crate::build::fmt_number;
use crate::check::{CompiledQuestion, CompiledQuiz};
use crate::import::slug;
use crate::model::{ChoiceOption, NumericAnswer, Question, QuestionKind};
use crate::score::FULL_CREDIT_FROM;
use coursepack_diagnostics::Diagnostic;

/// Write the quiz's questions as a GIFT file, with a warning (located at the
/// question's block) for every question left out and everything a written
/// question loses. Questions without a bank come first, then each bank's
/// questions under a `$CATEGORY:` line, each group in page order.
pub fn export_gift(quiz: &CompiledQuiz) -> (String, Vec<Diagnostic>) {
    let mut out = String::new();
    let mut warnings = Vec::new();
    let mut banks: Vec<&str> = Vec::new();
    for q in &quiz.questions {
        if let Some(bank) = q.question.bank.as_deref()
            && !banks.contains(&bank)
        {
            banks.push(bank);
        }
    }
    let groups = std::iter::once(None).chain(banks.into_iter().map(Some));
    for bank in groups {
        let mut wrote_category = false;
        for cq in quiz.questions.iter().filter(|q| q.question.bank.as_deref() == bank) {
            let mut losses = Vec::new();
            match question(&cq.question, &mut losses) {
                Ok(text) => {
                    if let Some(name) = bank
                        && !wrote_category
                    {
                        out.push_str(&format!("$CATEGORY: {name}\n\n"));
                        wrote_category = true;
                    }
                    out.push_str(&text);
                    out.push_str("\n\n");
                    if !losses.is_empty() {
                        warnings.push(located(
                            Diagnostic::warning(
                                "gift/export-loses",
                                format!("question `{}` loses {} in GIFT", cq.question.id, join(&losses)),
                            )
                            .with_hint("GIFT has no place for these; set them again in Moodle after importing, or keep the module as the source"),
                            cq,
                        ));
                    }
                }
                Err(why) => warnings.push(located(
                    Diagnostic::warning(
                        "gift/export-skipped",
                        format!("question `{}` is left out: {why}", cq.question.id),
                    )
                    .with_hint("GIFT has no such question type; see \"Exporting to GIFT\" in docs/quiz.md"),
                    cq,
                )),
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    (out, warnings)
}

fn located(d: Diagnostic, q: &CompiledQuestion) -> Diagnostic {
    match &q.location {
        Some(l) => d.at(l.clone()),
        None => d,
    }
}

fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Escape GIFT's special characters (and the escape character itself); a
/// paragraph break becomes `\n`.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '~' | '=' | '#' | '{' | '}' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out
}

/// True when text uses inline Markdown, so the question is marked `[markdown]`.
fn has_markup(text: &str) -> bool {
    text.contains(['*', '_', '`', '[', '\\'])
}

/// One question as GIFT, or why it cannot be written. Losses are added to `losses`.
fn question(q: &Question, losses: &mut Vec<String>) -> Result<String, String> {
    let src = &q.source;
    let prompt = src.prompt_parts.join("");
    if q.points != u32::from(q.kind.is_scored()) {
        losses.push(format!("its points ({})", q.points));
    }
    if q.shuffle {
        losses.push("`shuffle: true`".into());
    }
    if src.hint.is_some() {
        losses.push("its hint".into());
    }
    if slug(&q.id) != q.id {
        losses.push(format!("its id (it reads back as `{}`)", slug(&q.id)));
    }
    let mut texts: Vec<&str> = src.prompt_parts.iter().map(String::as_str).collect();
    texts.extend(src.explanation.as_deref());
    // (text before the answers, the answers, text after them)
    let (before, answers, after): (String, String, String) = match &q.kind {
        QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
            lose_question_feedback(q, &["correct", "incorrect", "partial"], losses);
            let multiple = matches!(q.kind, QuestionKind::Multiple { .. });
            texts.extend(options.iter().map(|o| o.text.as_str()));
            texts.extend(options.iter().filter_map(|o| o.feedback.as_deref()));
            (esc(&prompt), choice_answers(options, multiple, losses), String::new())
        }
        QuestionKind::TrueFalse { options, answer } => {
            lose_question_feedback(q, &["partial"], losses);
            if options[0].text != "True" || options[1].text != "False" {
                losses.push(format!(
                    "its labels `{}` / `{}` (GIFT writes True and False)",
                    options[0].text, options[1].text
                ));
            }
            if options.iter().any(|o| o.feedback.is_some()) {
                losses.push("its option feedback (GIFT keeps `incorrect:` and `correct:`)".into());
            }
            let mut a = String::from(if *answer { "TRUE" } else { "FALSE" });
            if src.incorrect.is_some() || src.correct.is_some() {
                a.push('#');
                a.push_str(&esc(src.incorrect.as_deref().unwrap_or("")));
                if let Some(c) = &src.correct {
                    a.push('#');
                    a.push_str(&esc(c));
                }
            }
            texts.extend(src.incorrect.as_deref());
            texts.extend(src.correct.as_deref());
            (esc(&prompt), a, String::new())
        }
        QuestionKind::Fill { blanks, case_sensitive, .. } => {
            if blanks.len() > 1 {
                return Err(format!("GIFT short answers have one blank, this fill question has {}", blanks.len()));
            }
            lose_question_feedback(q, &["incorrect", "partial"], losses);
            if *case_sensitive {
                losses.push("`case: sensitive` (Moodle's short answers ignore case unless set in Moodle)".into());
            }
            let mut a = blanks[0].accepted.iter().map(|t| format!("={}", esc(t))).collect::<Vec<_>>().join(" ");
            if let Some(c) = &src.correct {
                a.push('#');
                a.push_str(&esc(c));
                texts.push(c);
            }
            // Weighted answers, as Moodle writes them: `=%75%text`.
            for p in &blanks[0].partial {
                a.push_str(&format!(" =%{}%{}", crate::build::fmt_number(p.credit), esc(&p.text)));
            }
            (esc(&src.prompt_parts[0]), a, esc(&src.prompt_parts[1]))
        }
        QuestionKind::Dropdown { blanks, .. } => {
            if blanks.len() > 1 {
                return Err(format!(
                    "GIFT missing-word questions have one gap, this dropdown question has {}",
                    blanks.len()
                ));
            }
            lose_question_feedback(q, &["correct", "incorrect", "partial"], losses);
            if src.prompt_parts[1].trim().is_empty() {
                losses.push(
                    "its dropdown (with no text after the gap, GIFT reads it back as a single-choice question)".into(),
                );
            }
            let b = &blanks[0];
            let a = b
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| format!("{}{}", if i == b.correct { '=' } else { '~' }, esc(o)))
                .collect::<Vec<_>>()
                .join(" ");
            (esc(&src.prompt_parts[0]), a, esc(&src.prompt_parts[1]))
        }
        QuestionKind::Numeric { answers } => {
            texts.extend(answers.iter().filter_map(|a| a.feedback.as_deref()));
            let a = match answers.as_slice() {
                [only] if only.feedback.is_none() => {
                    lose_question_feedback(q, &["incorrect", "partial"], losses);
                    let mut a = format!("#{}", numeric_value(only));
                    if let Some(c) = &src.correct {
                        a.push('#');
                        a.push_str(&esc(c));
                        texts.push(c);
                    }
                    a
                }
                _ => {
                    lose_question_feedback(q, &["correct", "incorrect", "partial"], losses);
                    let lines: Vec<String> = answers.iter().map(numeric_answer).collect();
                    format!("#\n  {}\n", lines.join("\n  "))
                }
            };
            (esc(&prompt), a, String::new())
        }
        QuestionKind::Matching { pairs, targets, .. } => {
            lose_question_feedback(q, &["correct", "incorrect", "partial"], losses);
            if pairs.iter().any(|p| p.feedback.is_some()) {
                losses.push("the pairs' `feedback:`".into());
            }
            let matched: Vec<usize> = pairs.iter().map(|p| p.target).collect();
            let mut lines: Vec<String> =
                pairs.iter().map(|p| format!("={} -> {}", esc(&p.left), esc(&targets[p.target]))).collect();
            lines.extend(
                targets
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !matched.contains(i))
                    .map(|(_, t)| format!("= -> {}", esc(t))),
            );
            texts.extend(pairs.iter().map(|p| p.left.as_str()));
            texts.extend(targets.iter().map(String::as_str));
            (esc(&prompt), format!("\n  {}\n", lines.join("\n  ")), String::new())
        }
        QuestionKind::Reflection => (esc(&prompt), String::new(), String::new()),
        QuestionKind::Ordering { .. } => return Err("GIFT has no ordering questions".into()),
        QuestionKind::Likert { .. } => return Err("GIFT has no likert or confidence-scale questions".into()),
    };
    let general = match &src.explanation {
        Some(e) => format!("####{}", esc(e)),
        None => String::new(),
    };
    let format = if texts.iter().any(|t| has_markup(t)) { "[markdown]" } else { "" };
    Ok(format!("::{}::{format}{before}{{{answers}{general}}}{after}", esc(&q.id)))
}

/// Record the question-level feedback keys GIFT cannot hold for this type.
fn lose_question_feedback(q: &Question, keys: &[&str], losses: &mut Vec<String>) {
    let src = &q.source;
    for key in keys {
        let present = match *key {
            "correct" => src.correct.is_some(),
            "incorrect" => src.incorrect.is_some(),
            _ => src.partial.is_some(),
        };
        if present {
            losses.push(format!("`{key}:`"));
        }
    }
}

/// Choice answers. Single choice: `=right`, `~wrong`, `~%credit%` for explicit credit.
/// Multiple response: every option with a weight, so Moodle scores it as a
/// multiple-answer question; options without `credit:` get the weights that
/// give the same score (right: 100 ÷ right options, wrong: −100 ÷ right options).
fn choice_answers(options: &[ChoiceOption], multiple: bool, losses: &mut Vec<String>) -> String {
    let right = options.iter().filter(|o| o.correct).count().max(1) as f64;
    let mut lines = Vec::new();
    for o in options {
        let weight = match (multiple, o.credit) {
            (true, Some(c)) => Some(c),
            (true, None) => Some(if o.correct { 100.0 } else { -100.0 } / right),
            (false, c) => c,
        };
        let marker = if o.correct && !multiple { '=' } else { '~' };
        let mut line =
            format!("{marker}{}{}", weight.map(|w| format!("%{}%", gift_weight(w))).unwrap_or_default(), esc(&o.text));
        if let Some(f) = &o.feedback {
            line.push('#');
            line.push_str(&esc(f));
        }
        lines.push(line);
    }
    if multiple && options.iter().filter(|o| o.correct).count() == 1 && options.iter().all(|o| o.credit.is_none()) {
        losses.push("its multiple-response type (with one right option, GIFT reads it back as single choice)".into());
    }
    if multiple && options.iter().any(|o| o.credit.is_some_and(|c| (c > 0.0) != o.correct)) {
        losses.push("which options are ticked (GIFT marks an option right when its weight is above 0)".into());
    }
    if !multiple && options.iter().any(|o| !o.correct && o.credit.is_some_and(|c| c > FULL_CREDIT_FROM)) {
        losses.push("its single-choice type (a second option with full credit reads back as multiple response)".into());
    }
    format!("\n  {}\n", lines.join("\n  "))
}

/// A weight as Moodle lists them: at most five decimals (33.33333).
fn gift_weight(w: f64) -> String {
    let rounded = (w * 100_000.0).round() / 100_000.0;
    fmt_number(rounded)
}

/// `72`, `72:2` or `70..74`, from how the author wrote the answer.
fn numeric_value(a: &NumericAnswer) -> String {
    if let Some((value, tolerance)) = a.display.split_once(" ± ") {
        format!("{value}:{tolerance}")
    } else if a.min == a.max {
        fmt_number(a.min)
    } else {
        format!("{}..{}", fmt_number(a.min), fmt_number(a.max))
    }
}

/// One of several numeric answers: `=72:0`, `=%50%72:5`, `~70..80`, with `#feedback`.
fn numeric_answer(a: &NumericAnswer) -> String {
    let head = if a.is_full() {
        "=".to_string()
    } else if a.credit == 0.0 {
        "~".to_string()
    } else {
        format!("=%{}%", gift_weight(a.credit))
    };
    let mut line = format!("{head}{}", numeric_value(a));
    if let Some(f) = &a.feedback {
        line.push('#');
        line.push_str(&esc(f));
    }
    line
}
