//! Compiling the module's questions into a [`CompiledQuiz`] and the checks
//! that need every question at once: duplicate ids, banks and draws, pass
//! mark, score bands.

use crate::model::{Question, QuizSettings};
use crate::standards::{self, Interactions};
use coursepack_diagnostics::{Diagnostic, Location, SourceFile, did_you_mean};
use serde::Serialize;
use std::collections::BTreeMap;

/// A parsed question with the page it is on and where its block is.
#[derive(Clone, Debug)]
pub struct PlacedQuestion {
    /// The question.
    pub question: Question,
    /// Id of the page it is on.
    pub page_id: String,
    /// Location of the block (its fence line or first line), for cross-question diagnostics.
    pub location: Option<Location>,
}

/// One question of the compiled quiz.
#[derive(Clone, Debug, Serialize)]
pub struct CompiledQuestion {
    /// The question.
    #[serde(flatten)]
    pub question: Question,
    /// Index in [`CompiledQuiz::questions`]; the learner's state refers to questions by it.
    pub index: usize,
    /// Id of the page it is on.
    pub page: String,
    /// True when it counts towards the assessment's score.
    pub assessed: bool,
    /// The interaction reported for it under each standard.
    pub interactions: Interactions,
    /// Where its block is, for diagnostics about it after compilation (export).
    #[serde(skip)]
    pub location: Option<Location>,
}

/// The module's questions and quiz settings, checked. The default is the
/// quiz of a module without questions.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CompiledQuiz {
    /// Every question, in page order.
    pub questions: Vec<CompiledQuestion>,
    /// The `[quiz]` settings.
    pub settings: QuizSettings,
    /// Pass mark in percent, from the module.
    pub pass_mark: Option<u8>,
    /// True when the module has a scored assessment (a pass mark or `[quiz] pages`).
    pub has_assessment: bool,
}

impl CompiledQuiz {
    /// The questions that count towards the score.
    pub fn assessed(&self) -> impl Iterator<Item = &CompiledQuestion> {
        self.questions.iter().filter(|q| q.assessed)
    }

    /// Number of assessed questions in each bank.
    pub fn bank_sizes(&self) -> BTreeMap<&str, usize> {
        let mut sizes = BTreeMap::new();
        for q in self.assessed() {
            if let Some(bank) = &q.question.bank {
                *sizes.entry(bank.as_str()).or_insert(0) += 1;
            }
        }
        sizes
    }

    /// How many questions one attempt of the assessment presents (after draws).
    pub fn questions_per_attempt(&self) -> usize {
        let sizes = self.bank_sizes();
        let unbanked = self.assessed().filter(|q| q.question.bank.is_none()).count();
        let banked: usize = sizes
            .iter()
            .map(|(bank, size)| self.settings.draw.get(*bank).map_or(*size, |n| (*n as usize).min(*size)))
            .sum();
        unbanked + banked
    }
}

/// Where `key` is set inside the `[quiz]` table of a `module.toml` (or its
/// `[quiz.<key>]` sub-table), for locating settings problems. Falls back to the
/// `[quiz]` header, then to the file.
fn key_location(manifest: Option<&SourceFile>, key: &str) -> Option<Location> {
    find_key(manifest?, Some(key), key).or_else(|| quiz_table_location(manifest))
}

/// The line of the `[quiz]` table header (or of the first `[quiz.…]` table), else the file.
fn quiz_table_location(manifest: Option<&SourceFile>) -> Option<Location> {
    let file = manifest?;
    let mut offset = 0;
    for line in file.text().split_inclusive('\n') {
        let t = line.trim();
        if t == "[quiz]" || t.starts_with("[quiz.") || t.starts_with("[[quiz.") {
            let lead = line.len() - line.trim_start().len();
            return Some(file.location(offset + lead..offset + line.trim_end().len()));
        }
        offset += line.len();
    }
    Some(Location::file(file.path()))
}

/// Where a top-level key (before any table, such as `pass_mark`) is set.
fn top_key_location(manifest: Option<&SourceFile>, key: &str) -> Option<Location> {
    let file = manifest?;
    find_key(file, None, key).or_else(|| Some(Location::file(file.path())))
}

/// The line setting `key` in `[quiz]` (`table` is `Some`) or at the top level (`None`).
fn find_key(file: &SourceFile, table: Option<&str>, key: &str) -> Option<Location> {
    let mut offset = 0;
    let mut in_table = table.is_none();
    for line in file.text().split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('[') {
            // A top-level key must come before the first table.
            table?;
            in_table = t.starts_with("[quiz]") || t.starts_with("[quiz.") || t.starts_with("[[quiz.");
            if t.starts_with(&format!("[quiz.{key}]")) || t.starts_with(&format!("[[quiz.{key}]]")) {
                return Some(file.location(offset..offset + line.trim_end().len()));
            }
        } else if in_table && t.starts_with(key) && t[key.len()..].trim_start().starts_with(['=', '.']) {
            let lead = line.len() - line.trim_start().len();
            return Some(file.location(offset + lead..offset + line.trim_end().len()));
        }
        offset += line.len();
    }
    None
}

/// Where `key` is set in `[quiz]`, if it is.
fn find_key_in(manifest: Option<&SourceFile>, key: &str) -> Option<Location> {
    find_key(manifest?, Some(key), key)
}

fn locate(d: Diagnostic, loc: Option<Location>) -> Diagnostic {
    match loc {
        Some(l) => d.at(l),
        None => d,
    }
}

/// Compile the module's questions (in page order) with the `[quiz]` settings
/// and the module's pass mark.
pub fn compile_quiz(
    questions: Vec<PlacedQuestion>,
    settings: &QuizSettings,
    pass_mark: Option<u8>,
) -> (CompiledQuiz, Vec<Diagnostic>) {
    compile_quiz_in(questions, settings, pass_mark, None, &[])
}

/// [`compile_quiz`], locating settings problems inside `manifest` (the module's `module.toml`).
///
/// `broken_pages` names the pages holding a question block that did not
/// parse (already reported). Checks that count questions would only repeat
/// that mistake in other words, so while a block is broken they are withheld:
/// `quiz/no-scored-questions` for the module, `quiz/page-without-questions`
/// for those pages.
pub fn compile_quiz_in(
    questions: Vec<PlacedQuestion>,
    settings: &QuizSettings,
    pass_mark: Option<u8>,
    manifest: Option<&SourceFile>,
    broken_pages: &[String],
) -> (CompiledQuiz, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let has_assessment = pass_mark.is_some() || !settings.pages.is_empty();
    let mut seen: BTreeMap<String, Option<Location>> = BTreeMap::new();
    let mut compiled = Vec::with_capacity(questions.len());
    for placed in questions {
        let q = placed.question;
        if let Some(first) = seen.get(&q.id) {
            let mut d = Diagnostic::error("quiz/duplicate-id", format!("question id `{}` is used twice", q.id));
            d = d.with_hint(match first {
                Some(l) => {
                    format!("it is first used at {}:{}:{}; give each question its own `id:`", l.file, l.line, l.column)
                }
                None => "give each question its own `id:`".to_string(),
            });
            diags.push(locate(d, placed.location.clone()));
            continue;
        }
        seen.insert(q.id.clone(), placed.location.clone());
        let on_assessment_page = settings.pages.is_empty() || settings.pages.contains(&placed.page_id);
        let assessed = has_assessment && on_assessment_page && !q.check && q.kind.is_scored() && q.points > 0;
        let index = compiled.len();
        let (interactions, degraded) = standards::interactions(&q, index);
        for message in degraded {
            diags.push(locate(
                Diagnostic::info("quiz/standard-degraded", message)
                    .with_hint("see \"Reporting to the LMS\" in docs/quiz.md for how each type is reported"),
                placed.location.clone(),
            ));
        }
        compiled.push(CompiledQuestion {
            question: q,
            index,
            page: placed.page_id,
            assessed,
            interactions,
            location: placed.location,
        });
    }
    let quiz = CompiledQuiz { questions: compiled, settings: settings.clone(), pass_mark, has_assessment };
    check_settings(&quiz, manifest, broken_pages, &mut diags);
    (quiz, diags)
}

fn check_settings(
    quiz: &CompiledQuiz,
    manifest: Option<&SourceFile>,
    broken_pages: &[String],
    diags: &mut Vec<Diagnostic>,
) {
    let settings = &quiz.settings;
    if let Some(p) = quiz.pass_mark
        && p > 100
    {
        diags.push(locate(
            Diagnostic::error("quiz/pass-mark-unreachable", format!("the pass mark {p}% is above 100%"))
                .with_hint("set `pass_mark` to a percentage from 0 to 100"),
            top_key_location(manifest, "pass_mark"),
        ));
    }
    let max_points: u64 = quiz.assessed().map(|q| u64::from(q.question.points)).sum();
    if quiz.has_assessment && max_points == 0 && broken_pages.is_empty() {
        let what = if quiz.pass_mark.is_some_and(|p| p > 0) {
            "the module has a pass mark but no scored questions, so it can never be passed"
        } else {
            "the assessment has no scored questions"
        };
        diags.push(locate(
            Diagnostic::error("quiz/no-scored-questions", what).with_hint(
                "add scored questions (not likert or reflection, points above 0) to the pages listed in `[quiz] pages`, or remove the pass mark",
            ),
            match find_key_in(manifest, "pages") {
                Some(l) => Some(l),
                None => top_key_location(manifest, "pass_mark"),
            },
        ));
    }
    let pages_with_questions: Vec<&str> = quiz.questions.iter().map(|q| q.page.as_str()).collect();
    for page in &settings.pages {
        if !pages_with_questions.contains(&page.as_str()) && !broken_pages.contains(page) {
            let suggestion = did_you_mean(page, pages_with_questions.iter().copied());
            let d = Diagnostic::warning(
                "quiz/page-without-questions",
                format!("`[quiz] pages` lists `{page}`, which has no questions"),
            );
            let d = match suggestion {
                Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                None => d.with_hint("list the ids of the pages whose questions form the assessment"),
            };
            diags.push(locate(d, key_location(manifest, "pages")));
        }
    }
    if settings.attempts == Some(0) {
        diags.push(locate(
            Diagnostic::error("quiz/bad-setting", "`attempts = 0` allows no attempt at the assessment")
                .with_hint("set `attempts` to 1 or more, or remove it for unlimited attempts"),
            key_location(manifest, "attempts"),
        ));
    }
    let sizes = quiz.bank_sizes();
    for (bank, n) in &settings.draw {
        let loc = key_location(manifest, "draw");
        match sizes.get(bank.as_str()) {
            None => {
                let d = Diagnostic::error(
                    "quiz/unknown-bank",
                    format!("`[quiz.draw]` names bank `{bank}`, but no assessed question has `bank: {bank}`"),
                );
                let d = match did_you_mean(bank, sizes.keys().copied()) {
                    Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                    None => d.with_hint("add `bank: <name>` to the questions of the pool"),
                };
                diags.push(locate(d, loc));
            }
            Some(size) if *n as usize > *size => diags.push(locate(
                Diagnostic::error(
                    "quiz/draw-exceeds-bank",
                    format!("`[quiz.draw]` draws {n} questions from bank `{bank}`, which has only {size}"),
                )
                .with_hint(format!("draw at most {size}, or add questions with `bank: {bank}`")),
                loc,
            )),
            Some(_) if *n == 0 => diags.push(locate(
                Diagnostic::error(
                    "quiz/draw-exceeds-bank",
                    format!("`[quiz.draw]` draws no question from bank `{bank}`"),
                )
                .with_hint("draw at least 1, or remove the bank's questions from the assessment"),
                loc,
            )),
            Some(_) => {}
        }
    }
    for bank in sizes.keys() {
        let points: Vec<u32> =
            quiz.assessed().filter(|q| q.question.bank.as_deref() == Some(*bank)).map(|q| q.question.points).collect();
        if settings.draw.contains_key(*bank) && points.iter().any(|p| *p != points[0]) {
            diags.push(locate(
                Diagnostic::warning(
                    "quiz/bank-points-differ",
                    format!("questions in bank `{bank}` have different points, so attempts are worth different totals"),
                )
                .with_hint("give every question in a drawn bank the same `points:`"),
                key_location(manifest, "draw"),
            ));
        }
    }
    let mut froms = Vec::new();
    for band in &settings.bands {
        let loc = key_location(manifest, "bands");
        if band.from > 100 {
            diags.push(locate(
                Diagnostic::error("quiz/bad-setting", format!("score band from {}% is above 100%", band.from))
                    .with_hint("use a percentage from 0 to 100"),
                loc.clone(),
            ));
        }
        if froms.contains(&band.from) {
            diags.push(locate(
                Diagnostic::error("quiz/bad-setting", format!("two score bands start at {}%", band.from))
                    .with_hint("give each band a different `from`"),
                loc.clone(),
            ));
        }
        if band.message.trim().is_empty() {
            diags.push(locate(
                Diagnostic::error(
                    "quiz/empty-feedback",
                    format!("the score band from {}% has an empty message", band.from),
                )
                .with_hint("write the message shown for scores in this band"),
                loc.clone(),
            ));
        }
        froms.push(band.from);
    }
    if !froms.is_empty() && !froms.contains(&0) {
        diags.push(locate(
            Diagnostic::warning("quiz/bad-setting", "no score band starts at 0%, so low scores get no band message")
                .with_hint("add a band with `from = 0`"),
            key_location(manifest, "bands"),
        ));
    }
    if !quiz.has_assessment && (!settings.draw.is_empty() || settings.attempts.is_some() || !settings.bands.is_empty())
    {
        diags.push(locate(
            Diagnostic::warning(
                "quiz/no-assessment",
                "`[quiz]` settings have no effect: the module has no pass mark and no `[quiz] pages`",
            )
            .with_hint("set `pass_mark` in module.toml, or list the assessment's pages in `[quiz] pages`"),
            quiz_table_location(manifest),
        ));
    }
}
