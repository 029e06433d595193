//! Readability and placeholder checks for the course text in `modules-src/`.
//!
//! Used by `cargo xtask readability`. Modules are read with the project's own loader
//! (`coursepack-source`) and pages with pulldown-cmark, as the compiler reads them.
//!
//! # What is measured
//!
//! For every folder under `modules-src` that holds a `module.toml`, the pages listed in its `pages`
//! array are read in order, by `coursepack_source::load_module` (as `coursepack check` reads them). The
//! Markdown is reduced to the prose a learner reads (see [`extract_units`]) and two classic measures
//! are computed:
//!
//! * Flesch Reading Ease: `206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)`.
//!   Higher is easier; 60-70 is "plain English", 70-80 "fairly easy".
//! * Flesch-Kincaid grade: `0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59`,
//!   a US school grade. UK reading age is roughly grade + 5, so the project's target reading age of
//!   12-14 is a grade of about 7-9.
//!
//! Both formulas were calibrated on English. For modules whose `language` is not English the
//! numbers are still shown, but the status column says the target does not apply.
//!
//! # The target is checked
//!
//! The course is written for public library and heritage staff, aiming at a reading age of 12-14
//! ([`TARGET_GRADE`]). Every English module must land inside that band: [`ModuleReadability::verdict`]
//! classifies a module, and [`outside_target`] lists the English modules that miss it, which makes
//! `cargo xtask readability` (and so `cargo xtask test`) fail. Text that is too plain fails as well
//! as text that is too hard, because the aim is the right register for adult professional learners,
//! not the lowest possible score. The grade is compared as displayed, rounded to one decimal place,
//! so a module the table shows at grade 7.0 or 9.0 is on target. Pages are reported but not checked
//! one by one: headings, short quiz options and tables make single pages swing more than modules.
//!
//! # Text units and sentences
//!
//! Learners read headings, list items, table cells and quiz options as separate pieces of text, not
//! as one run-on sentence. So each heading, list item, table cell, paragraph and question line is a
//! *unit*; a unit is split into sentences at `.`, `!` or `?` followed by white space (or a closing
//! quote or bracket and then white space, or the end), and any text left at the end of a unit without
//! closing punctuation counts as one more sentence. A full stop between digits (`2.2`) never ends a
//! sentence.
//!
//! # Syllable heuristic
//!
//! [`count_syllables`] works on one word, lower-cased, letters only (apostrophes dropped):
//!
//! 1. Words of three letters or fewer have one syllable.
//! 2. Words ending in `ly`, `ful`, `ment`, `ness` or `less` whose stem has at least three letters are
//!    counted as stem + suffix, so the silent `e` in "safely" or "statement" is handled.
//! 3. `qu` is treated as a consonant sound (`q`).
//! 4. A final silent `e` is removed, except in `-le` after a consonant ("table") and `-ee`.
//!    A final `-ed` is silent unless it follows `t` or `d` ("used" vs "wanted"); a final `-es` is
//!    silent unless it follows `s`, `x`, `z`, `ch`, `sh`, `ce` or `ge` ("makes" vs "boxes").
//! 5. Each run of vowels (`a e i o u`, and `y` when not the first letter) counts as one syllable.
//! 6. Some vowel pairs are usually two syllables and add one: `ia` (not after `c`/`t`, so "social"
//!    stays two), `ua`, `ier`, `eo` (not in "peo", as in "people") and a final `io` ("radio").
//! 7. Every word has at least one syllable. Tokens with no letters (numbers such as 2018) count as one
//!    word of one syllable.
//!
//! The heuristic is right for most everyday words and slightly off for some (for example it counts
//! "create" as one syllable). It is meant to compare modules and spot pages that drift far from the
//! target, not to give an exact score.
//!
//! # Placeholders
//!
//! [`find_placeholders`] scans every text file (valid UTF-8, no NUL bytes) under the folder for the
//! words `lorem ipsum`, `TODO`, `TBD`, `FIXME`, `XXX` and `placeholder`, case-insensitively and only
//! as whole words.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Target Flesch-Kincaid grade band (reading age 12-14), inclusive at both ends.
pub const TARGET_GRADE: (f64, f64) = (7.0, 9.0);

/// Where a module's reading level falls relative to [`TARGET_GRADE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// English, and inside the band.
    OnTarget,
    /// English, and plainer than the band: below reading age 12.
    TooEasy,
    /// English, and harder than the band: above reading age 14.
    TooHard,
    /// Not English: the formulas do not apply, so nothing is checked.
    NotApplicable,
}

impl Verdict {
    /// Whether this verdict makes the readability check fail.
    pub fn fails(self) -> bool {
        matches!(self, Verdict::TooEasy | Verdict::TooHard)
    }

    /// Classifies an English text's Flesch-Kincaid grade, rounded to one decimal place first so
    /// that the verdict always agrees with the grade the table prints.
    pub fn for_english_grade(grade: f64) -> Verdict {
        // Parse back what `{:.1}` prints, so the verdict and the table can never disagree.
        let shown: f64 = format!("{grade:.1}").parse().unwrap_or(grade);
        if shown < TARGET_GRADE.0 {
            Verdict::TooEasy
        } else if shown > TARGET_GRADE.1 {
            Verdict::TooHard
        } else {
            Verdict::OnTarget
        }
    }
}

/// Counts for a piece of text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TextStats {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

impl TextStats {
    fn add(&mut self, other: TextStats) {
        self.words += other.words;
        self.sentences += other.sentences;
        self.syllables += other.syllables;
    }

    pub fn words_per_sentence(&self) -> f64 {
        if self.sentences == 0 { 0.0 } else { self.words as f64 / self.sentences as f64 }
    }

    pub fn syllables_per_word(&self) -> f64 {
        if self.words == 0 { 0.0 } else { self.syllables as f64 / self.words as f64 }
    }

    /// Flesch Reading Ease (higher is easier).
    pub fn flesch_reading_ease(&self) -> f64 {
        206.835 - 1.015 * self.words_per_sentence() - 84.6 * self.syllables_per_word()
    }

    /// Flesch-Kincaid grade level (US school grade).
    pub fn fk_grade(&self) -> f64 {
        0.39 * self.words_per_sentence() + 11.8 * self.syllables_per_word() - 15.59
    }

    /// Approximate UK reading age in years: grade + 5.
    pub fn reading_age(&self) -> f64 {
        self.fk_grade() + 5.0
    }
}

/// Readability of one page.
#[derive(Debug, Clone)]
pub struct PageReadability {
    pub file: String,
    pub stats: TextStats,
}

/// Readability of one module.
#[derive(Debug, Clone)]
pub struct ModuleReadability {
    /// Folder holding `module.toml`.
    pub dir: PathBuf,
    pub id: String,
    pub title: String,
    pub language: String,
    pub pages: Vec<PageReadability>,
    pub stats: TextStats,
}

impl ModuleReadability {
    pub fn flesch_reading_ease(&self) -> f64 {
        self.stats.flesch_reading_ease()
    }

    pub fn fk_grade(&self) -> f64 {
        self.stats.fk_grade()
    }

    pub fn reading_age(&self) -> f64 {
        self.stats.reading_age()
    }

    /// Whether the language is English, the only language the formulas are calibrated for.
    pub fn is_english(&self) -> bool {
        let l = self.language.to_ascii_lowercase();
        l == "en" || l.starts_with("en-")
    }

    /// Where the module falls relative to the target band; non-English modules are not judged.
    pub fn verdict(&self) -> Verdict {
        if self.is_english() { Verdict::for_english_grade(self.fk_grade()) } else { Verdict::NotApplicable }
    }

    /// The status column: "on target", "FAIL: too easy (below reading age 12)",
    /// "FAIL: too hard (above reading age 14)", or "n/a (<lang>)" for non-English modules.
    pub fn status(&self) -> String {
        match self.verdict() {
            Verdict::OnTarget => "on target".to_string(),
            Verdict::TooEasy => format!("FAIL: too easy (below reading age {:.0})", TARGET_GRADE.0 + 5.0),
            Verdict::TooHard => format!("FAIL: too hard (above reading age {:.0})", TARGET_GRADE.1 + 5.0),
            Verdict::NotApplicable => format!("n/a ({})", self.language),
        }
    }
}

/// The English modules whose reading level is outside [`TARGET_GRADE`]; the readability check
/// fails when this is not empty.
pub fn outside_target(modules: &[ModuleReadability]) -> Vec<&ModuleReadability> {
    modules.iter().filter(|m| m.verdict().fails()).collect()
}

/// Finds every `module.toml` under `modules_src` and measures the readability of its pages.
pub fn report(modules_src: &Path) -> Result<Vec<ModuleReadability>> {
    let mut manifests = Vec::new();
    walk(modules_src, &mut |p| {
        if p.file_name().is_some_and(|n| n == "module.toml") {
            manifests.push(p.to_path_buf());
        }
    })
    .with_context(|| format!("reading {}", modules_src.display()))?;
    manifests.sort();

    let mut out = Vec::new();
    for manifest in manifests {
        let dir = manifest.parent().unwrap_or(Path::new(".")).to_path_buf();
        // The project's own loader: the same TOML reading, page list and page
        // texts (BOM and CRLF handled) as `coursepack check`.
        let (parsed, diagnostics) =
            coursepack_source::load_module(&dir).with_context(|| format!("reading {}", dir.display()))?;
        let Some(module) = parsed else {
            let problems: Vec<String> = diagnostics.iter().map(|d| d.message.clone()).collect();
            anyhow::bail!("{}: module.toml cannot be read: {}", dir.display(), problems.join("; "));
        };
        let mut total = TextStats::default();
        let mut pages = Vec::new();
        for page in &module.pages {
            let stats = markdown_stats(page.file.text());
            total.add(stats);
            pages.push(PageReadability { file: page.relative.clone(), stats });
        }
        let meta = &module.manifest.meta;
        out.push(ModuleReadability {
            id: meta.id.clone(),
            title: meta.title.clone(),
            language: meta.language.clone(),
            dir,
            pages,
            stats: total,
        });
    }
    Ok(out)
}

/// A plain-text table of the results, one row per module, with per-page rows below when
/// `pages` is non-empty.
pub fn render_table(modules: &[ModuleReadability]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<26} {:<5} {:>5} {:>6} {:>5} {:>6} {:>6} {:>6} {:>6} {:>5}  status",
        "module", "lang", "pages", "words", "sent", "w/sent", "syl/w", "FRE", "grade", "age"
    );
    let _ = writeln!(s, "{}", "-".repeat(100));
    for m in modules {
        let st = &m.stats;
        let _ = writeln!(
            s,
            "{:<26} {:<5} {:>5} {:>6} {:>5} {:>6.1} {:>6.2} {:>6.1} {:>6.1} {:>5.1}  {}",
            truncate(&m.id, 26),
            truncate(&m.language, 5),
            m.pages.len(),
            st.words,
            st.sentences,
            st.words_per_sentence(),
            st.syllables_per_word(),
            m.flesch_reading_ease(),
            m.fk_grade(),
            m.reading_age(),
            m.status()
        );
    }
    let _ = writeln!(
        s,
        "\nTarget: reading age {:.0}-{:.0} (Flesch-Kincaid grade {:.0}-{:.0}). Reading age = grade + 5.\n\
         Every English module must be on target; other languages are shown but not checked.",
        TARGET_GRADE.0 + 5.0,
        TARGET_GRADE.1 + 5.0,
        TARGET_GRADE.0,
        TARGET_GRADE.1
    );
    s
}

/// Per-page detail for one module, useful when revising text.
pub fn render_pages(module: &ModuleReadability) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}: {} ({})", module.id, module.title, module.dir.display());
    for p in &module.pages {
        let _ = writeln!(
            s,
            "  {:<48} words {:>5}  w/sent {:>5.1}  syl/w {:>4.2}  grade {:>5.1}  age {:>5.1}  FRE {:>5.1}",
            truncate(&p.file, 48),
            p.stats.words,
            p.stats.words_per_sentence(),
            p.stats.syllables_per_word(),
            p.stats.fk_grade(),
            p.stats.reading_age(),
            p.stats.flesch_reading_ease()
        );
    }
    s
}

/// Lines in any text file under `modules_src` that contain placeholder words:
/// lorem ipsum, TODO, TBD, FIXME, XXX or placeholder (case-insensitive, whole words).
/// Returns (file, 1-based line number, trimmed line).
pub fn find_placeholders(modules_src: &Path) -> Vec<(PathBuf, usize, String)> {
    let mut files = Vec::new();
    let _ = walk(modules_src, &mut |p| files.push(p.to_path_buf()));
    files.sort();
    let mut hits = Vec::new();
    for f in files {
        let Ok(bytes) = fs::read(&f) else { continue };
        if bytes.contains(&0) {
            continue;
        }
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if line_has_placeholder(line) {
                hits.push((f.clone(), i + 1, line.trim().to_string()));
            }
        }
    }
    hits
}

const PLACEHOLDER_WORDS: &[&str] = &["lorem ipsum", "lorem", "todo", "tbd", "fixme", "xxx", "placeholder"];

fn line_has_placeholder(line: &str) -> bool {
    let lower = line.to_lowercase();
    PLACEHOLDER_WORDS.iter().any(|w| contains_word(&lower, w))
}

/// Whole-word, already lower-cased search. A word boundary is any character that is not a letter,
/// digit or underscore, or the start or end of the text.
fn contains_word(haystack: &str, word: &str) -> bool {
    let is_word_char = |c: char| c.is_alphanumeric() || c == '_';
    let mut start = 0;
    while let Some(pos) = haystack[start..].find(word) {
        let at = start + pos;
        let end = at + word.len();
        let before_ok = haystack[..at].chars().next_back().is_none_or(|c| !is_word_char(c));
        let after_ok = haystack[end..].chars().next().is_none_or(|c| !is_word_char(c));
        if before_ok && after_ok {
            return true;
        }
        start = at + haystack[at..].chars().next().map_or(1, |c| c.len_utf8());
    }
    false
}

fn walk(dir: &Path, f: &mut dyn FnMut(&Path)) -> std::io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = e.path();
        let ft = e.file_type()?;
        if ft.is_dir() {
            walk(&path, f)?;
        } else if ft.is_file() {
            f(&path);
        }
    }
    Ok(())
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('~');
        t
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown to text units (pulldown-cmark, as the compiler reads pages).

/// Readability counts for a Markdown page.
pub fn markdown_stats(md: &str) -> TextStats {
    let mut total = TextStats::default();
    for unit in extract_units(md) {
        total.add(text_stats(&unit));
    }
    total
}

/// The Markdown extensions the compiler enables for pages (tables, GitHub's callouts).
fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_GFM | Options::ENABLE_STRIKETHROUGH
}

/// Reduces a page to the pieces of prose a learner reads, from pulldown-cmark's events.
///
/// * Headings, list items, table cells and paragraphs each become one unit.
/// * Images are dropped (their alt text is read only by screen readers); links keep their text;
///   inline code keeps its text; raw HTML tags are dropped.
/// * Callout markers (`> [!NOTE]`) are not text.
/// * In `question` and `check` blocks the header keys (`id`, `type`, `points`, `shuffle`, `case`,
///   `answer`, `tolerance`) are dropped; the prompt, options, matching pairs and `feedback`,
///   `hint`, `correct`, `incorrect`, `partial` and `explanation` texts are kept; a blank
///   `[[a|*b|c]]` becomes its correct (starred) or first answer.
/// * In `reflection` blocks the `id` line is dropped and the prompt kept.
/// * Interactive blocks (`accordion`, `timeline`, ... : whatever
///   [`coursepack_compile::blocks::BlockKind`] names) are Markdown: their `key: value` lines are
///   dropped and the rest is read like a page.
/// * Any other fenced or indented block (code) is dropped.
pub fn extract_units(md: &str) -> Vec<String> {
    let mut units = Vec::new();
    let mut unit = String::new();
    let mut image_depth = 0usize;
    let mut code: Option<(String, String)> = None; // (info, text)
    let flush = |unit: &mut String, units: &mut Vec<String>| {
        let t = unit.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            units.push(t);
        }
        unit.clear();
    };
    for event in Parser::new_ext(md, markdown_options()) {
        if let Some((info, text)) = &mut code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    units.extend(block_units(info, text));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                flush(&mut unit, &mut units);
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((info, String::new()));
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if image_depth > 0 => {}
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell)
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
                flush(&mut unit, &mut units)
            }
            Event::Text(t) | Event::Code(t) => unit.push_str(&t),
            Event::SoftBreak | Event::HardBreak => unit.push(' '),
            _ => {}
        }
    }
    flush(&mut unit, &mut units);
    units
}

/// The prose of a fenced block with info string `info` and content `text`.
fn block_units(info: &str, text: &str) -> Vec<String> {
    match info {
        "question" | "check" | "reflection" => question_units(text),
        _ if coursepack_compile::blocks::BlockKind::from_info(info).is_some() => {
            let prose: Vec<&str> = text.lines().filter(|line| key_value(line).is_none()).collect();
            extract_units(&prose.join("\n"))
        }
        _ => Vec::new(),
    }
}

/// `key: value` when the line is one (a key is one word of letters, digits, `_` or `-`).
fn key_value(line: &str) -> Option<(&str, &str)> {
    let (key, rest) = line.trim().split_once(':')?;
    let key = key.trim();
    let is_key = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    is_key.then_some((key, rest.trim()))
}

/// The prose of a question, knowledge check or reflection block: their lines are the quiz
/// syntax (docs/authoring.md), whose pieces of text are Markdown.
fn question_units(text: &str) -> Vec<String> {
    let mut units = Vec::new();
    let mut para = String::new();
    let flush = |para: &mut String, units: &mut Vec<String>| {
        let t = para.trim();
        if !t.is_empty() {
            units.push(t.to_string());
        }
        para.clear();
    };
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            flush(&mut para, &mut units);
            continue;
        }
        if let Some((key, rest)) = key_value(line) {
            match key {
                "id" | "type" | "points" | "shuffle" | "case" | "answer" | "tolerance" => continue,
                "feedback" | "hint" | "correct" | "incorrect" | "partial" | "explanation" => {
                    flush(&mut para, &mut units);
                    units.push(inline_text(rest));
                    continue;
                }
                _ => {}
            }
        }
        if let Some(item) = ["- ", "* ", "+ "].iter().find_map(|m| line.strip_prefix(m)) {
            flush(&mut para, &mut units);
            let item = item.trim_start_matches("[x] ").trim_start_matches("[X] ").trim_start_matches("[ ] ");
            units.extend(item.split("=>").map(|side| inline_text(side.trim())));
            continue;
        }
        if !para.is_empty() {
            para.push(' ');
        }
        para.push_str(&inline_text(line));
    }
    flush(&mut para, &mut units);
    units.retain(|u| !u.is_empty());
    units
}

/// The text of one line of inline Markdown, with each quiz blank `[[a|*b|c]]` replaced by its
/// correct (starred) or first answer.
fn inline_text(line: &str) -> String {
    let mut plain = String::new();
    let mut rest = line;
    while let Some(open) = rest.find("[[") {
        let Some(close) = rest[open + 2..].find("]]") else { break };
        plain.push_str(&rest[..open]);
        let options: Vec<&str> = rest[open + 2..open + 2 + close].split('|').collect();
        let pick = options.iter().find(|o| o.starts_with('*')).or(options.first()).copied().unwrap_or("");
        plain.push_str(pick.trim_start_matches('*'));
        rest = &rest[open + 2 + close + 2..];
    }
    plain.push_str(rest);
    extract_units(&plain).join(" ")
}

// ---------------------------------------------------------------------------------------------
// Counting.

/// Counts words, sentences and syllables in one unit of plain text.
pub fn text_stats(unit: &str) -> TextStats {
    let mut stats = TextStats::default();
    let chars: Vec<char> = unit.chars().collect();
    let mut words_in_sentence = 0usize;
    let mut word = String::new();

    let end_word = |word: &mut String, stats: &mut TextStats, wis: &mut usize| {
        if word.chars().any(|c| c.is_alphanumeric()) {
            stats.words += 1;
            stats.syllables += count_syllables(word);
            *wis += 1;
        }
        word.clear();
    };

    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() || c == '\'' || c == '\u{2019}' {
            word.push(c);
            continue;
        }
        // Hyphenated and slash-joined words are counted as separate words.
        // A full stop or comma between digits (2.2, 1,200) is part of the number.
        if (c == '.' || c == ',')
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit())
        {
            word.push(c);
            continue;
        }
        end_word(&mut word, &mut stats, &mut words_in_sentence);
        if matches!(c, '.' | '!' | '?') {
            // Sentence end if followed by white space, closing quote/bracket then space, or the end.
            let mut k = i + 1;
            while chars
                .get(k)
                .is_some_and(|n| matches!(n, '"' | '\'' | ')' | '\u{201D}' | '\u{2019}' | '.' | '!' | '?'))
            {
                k += 1;
            }
            let at_end = k >= chars.len() || chars[k].is_whitespace();
            if at_end && words_in_sentence > 0 {
                stats.sentences += 1;
                words_in_sentence = 0;
            }
        }
    }
    end_word(&mut word, &mut stats, &mut words_in_sentence);
    if words_in_sentence > 0 {
        stats.sentences += 1;
    }
    stats
}

/// Estimated number of syllables in an English word. See the module documentation for the rules.
pub fn count_syllables(word: &str) -> usize {
    let w: String = word.chars().filter(|c| c.is_alphabetic()).flat_map(|c| c.to_lowercase()).collect();
    if w.is_empty() {
        return 1; // numbers and symbols
    }
    if w.chars().count() <= 3 {
        return 1;
    }
    for suffix in ["ment", "ness", "less", "ful", "ly"] {
        if let Some(stem) = w.strip_suffix(suffix)
            && stem.chars().count() >= 3
        {
            return count_syllables(stem) + 1;
        }
    }

    let mut w = w.replace("qu", "q");
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let is_consonant = |c: char| c.is_alphabetic() && !is_vowel(c);

    // Silent endings.
    let b: Vec<char> = w.chars().collect();
    let n = b.len();
    if n > 3 {
        let silent_ed = w.ends_with("ed") && !matches!(b[n - 3], 't' | 'd');
        let silent_es = w.ends_with("es")
            && !(matches!(b[n - 3], 's' | 'x' | 'z')
                || w.ends_with("ches")
                || w.ends_with("shes")
                || w.ends_with("ces")
                || w.ends_with("ges"));
        if silent_ed || silent_es {
            w.truncate(w.len() - 2);
        } else if w.ends_with('e') && !w.ends_with("ee") && !(w.ends_with("le") && is_consonant(b[n - 3])) {
            w.truncate(w.len() - 1);
        }
    }

    let b: Vec<char> = w.chars().collect();
    let mut count = 0usize;
    let mut prev_vowel = false;
    for (i, &c) in b.iter().enumerate() {
        let v = is_vowel(c) && !(c == 'y' && i == 0);
        if v && !prev_vowel {
            count += 1;
        }
        prev_vowel = v;
    }

    // Vowel pairs that are usually two syllables.
    for i in 0..b.len().saturating_sub(1) {
        let pair = (b[i], b[i + 1]);
        let prev = if i > 0 { Some(b[i - 1]) } else { None };
        match pair {
            ('i', 'a') if !matches!(prev, Some('c' | 't')) => count += 1,
            ('u', 'a') => count += 1,
            ('i', 'e') if b.get(i + 2) == Some(&'r') => count += 1,
            ('e', 'o') if prev != Some('p') => count += 1,
            ('i', 'o') if i + 2 == b.len() => count += 1,
            _ => {}
        }
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_of_known_words() {
        let cases = [
            ("cat", 1),
            ("the", 1),
            ("make", 1),
            ("table", 2),
            ("people", 2),
            ("simple", 2),
            ("library", 3),
            ("libraries", 3),
            ("education", 4),
            ("syllable", 3),
            ("readability", 5),
            ("wanted", 2),
            ("used", 1),
            ("boxes", 2),
            ("makes", 1),
            ("video", 3),
            ("media", 3),
            ("social", 2),
            ("usual", 3),
            ("safely", 2),
            ("statement", 2),
            ("careful", 2),
            ("require", 2),
            ("accessibility", 6),
            ("organisations", 5),
            ("documentation", 5),
            ("confidence", 3),
            ("digital", 3),
            ("easier", 3),
            ("radio", 3),
            ("Leadership", 3),
            ("don't", 1),
        ];
        for (w, n) in cases {
            assert_eq!(count_syllables(w), n, "syllables in {w:?}");
        }
    }

    #[test]
    fn easy_passage_scores() {
        let s = text_stats("The cat sat on the mat.");
        assert_eq!(s, TextStats { words: 6, sentences: 1, syllables: 6 });
        // FRE = 206.835 - 1.015*6 - 84.6*1 = 116.145; grade = 0.39*6 + 11.8 - 15.59 = -1.45
        assert!((s.flesch_reading_ease() - 116.145).abs() < 1e-9);
        assert!((s.fk_grade() - (-1.45)).abs() < 1e-9);
    }

    #[test]
    fn hard_passage_scores() {
        // 7 words, 25 syllables: ac-ces-si-bil-i-ty reg-u-la-tions re-quire or-gan-i-sa-tions to
        // pub-lish doc-u-men-ta-tion.
        let s = text_stats("Accessibility regulations require organisations to publish documentation.");
        assert_eq!(s, TextStats { words: 7, sentences: 1, syllables: 25 });
        let expected = 0.39 * 7.0 + 11.8 * 25.0 / 7.0 - 15.59;
        assert!((s.fk_grade() - expected).abs() < 1e-9);
        assert!(s.fk_grade() > 29.0);
    }

    #[test]
    fn known_grade_passage() {
        // 4 sentences, 36 words, 50 syllables (hand-counted, e.g. li-bra-ry, o-pens, com-pu-ters,
        // ev-ery-one, an-y-thing): words/sentence 9, syllables/word 50/36.
        // grade = 0.39*9 + 11.8*50/36 - 15.59 = 4.309; FRE = 206.835 - 9.135 - 117.5 = 80.2.
        let passage = "Our library opens at nine each morning. Staff help people use the computers \
                       and find books. Children come after school to read and play games. \
                       Everyone is welcome, and it does not cost anything to join.";
        let s = markdown_stats(passage);
        assert_eq!(s.words, 36);
        assert_eq!(s.sentences, 4);
        assert_eq!(s.syllables, 50);
        assert!((s.fk_grade() - 4.309).abs() < 0.01);
        assert!((s.reading_age() - 9.309).abs() < 0.01);
        assert!((s.flesch_reading_ease() - 80.2).abs() < 0.01);
    }

    #[test]
    fn sentence_splitting() {
        assert_eq!(text_stats("WCAG 2.2 is current. It came out in 2023!").sentences, 2);
        assert_eq!(text_stats("She said \"stop.\" Then she left.").sentences, 2);
        assert_eq!(text_stats("A heading with no full stop").sentences, 1);
        assert_eq!(text_stats("It costs 1,200 pounds.").words, 4);
    }

    #[test]
    fn markdown_is_stripped() {
        let md = "# Title here\n\nSome **bold** text with a [link to the ICO](https://ico.org.uk/).\n\n\
                  ![A chart](media/x.svg \"Caption\")\n\n> [!NOTE]\n> A note.\n\n\
                  | A | B |\n| --- | --- |\n| one | two |\n\n- item one\n- item two\n\n\
                  ```rust\nfn main() {}\n```\n";
        let units = extract_units(md);
        assert_eq!(
            units,
            vec![
                "Title here",
                "Some bold text with a link to the ICO.",
                "A note.",
                "A",
                "B",
                "one",
                "two",
                "item one",
                "item two"
            ]
        );
    }

    #[test]
    fn question_blocks_keep_text_not_keys() {
        let md = "```question\nid: q1\ntype: single\npoints: 1\nWhich is right?\n\n\
                  - [x] This one\n  feedback: Yes, it is.\n- [ ] That one\n  feedback: No.\n\n\
                  hint: Think.\n```\n\n```question\nid: q2\ntype: dropdown\nLevel [[*AA|A|AAA]] applies.\n\
                  correct: Good.\n```\n\n```question\nid: q3\ntype: matching\n- BY => Credit\n```\n\n\
                  ```reflection\nid: r1\nWrite two sentences.\n```\n";
        let units = extract_units(md);
        assert_eq!(
            units,
            vec![
                "Which is right?",
                "This one",
                "Yes, it is.",
                "That one",
                "No.",
                "Think.",
                "Level AA applies.",
                "Good.",
                "BY",
                "Credit",
                "Write two sentences."
            ]
        );
    }

    /// What the hand-written reader got wrong or never saw: blocks are Markdown (their keys are
    /// not prose), indented code is code, a `*` inside a word is text, and a link's text with
    /// brackets in it is kept whole.
    #[test]
    fn blocks_are_read_as_markdown_and_code_is_not_prose() {
        let md = "Intro text.\n\n```accordion\nid: bases\n## Public task\nA task *we* do.\n\n## Consent\n\
                  - Asked for.\n```\n\n```timeline\n## 1998\ndate: 1998\nThe Act.\n```\n\n    \
                  indented code\n\n2*3 is six. See [the [Act]](https://x.org/).\n";
        assert_eq!(
            extract_units(md),
            vec![
                "Intro text.",
                "Public task",
                "A task we do.",
                "Consent",
                "Asked for.",
                "1998",
                "The Act.",
                "2*3 is six. See the [Act]."
            ]
        );
    }

    #[test]
    fn placeholder_words_are_whole_words() {
        assert!(line_has_placeholder("TODO: write this"));
        assert!(line_has_placeholder("Some text (tbd)."));
        assert!(line_has_placeholder("Lorem ipsum dolor sit amet"));
        assert!(line_has_placeholder("fixme later"));
        assert!(line_has_placeholder("Name: XXX"));
        assert!(line_has_placeholder("A Placeholder image"));
        assert!(!line_has_placeholder("Toddlers love rhyme time"));
        assert!(!line_has_placeholder("The bookshelves are tidy"));
        assert!(!line_has_placeholder("placeholders_are_fine_in_identifiers"));
        assert!(!line_has_placeholder("A mixture of XXXL sizes"));
    }

    /// A module with the given language whose text has exactly this many words, sentences and
    /// syllables.
    fn module_with(id: &str, language: &str, words: usize, sentences: usize, syllables: usize) -> ModuleReadability {
        ModuleReadability {
            dir: PathBuf::from(id),
            id: id.to_string(),
            title: String::new(),
            language: language.to_string(),
            pages: Vec::new(),
            stats: TextStats { words, sentences, syllables },
        }
    }

    #[test]
    fn english_grade_band_is_inclusive_as_displayed() {
        assert_eq!(Verdict::for_english_grade(6.94), Verdict::TooEasy);
        assert_eq!(Verdict::for_english_grade(6.95), Verdict::OnTarget); // shown as 7.0
        assert_eq!(Verdict::for_english_grade(7.0), Verdict::OnTarget);
        assert_eq!(Verdict::for_english_grade(8.0), Verdict::OnTarget);
        assert_eq!(Verdict::for_english_grade(9.0), Verdict::OnTarget);
        assert_eq!(Verdict::for_english_grade(9.04), Verdict::OnTarget); // shown as 9.0
        assert_eq!(Verdict::for_english_grade(9.05), Verdict::TooHard); // shown as 9.1
        assert_eq!(Verdict::for_english_grade(-1.45), Verdict::TooEasy);
        assert!(Verdict::TooEasy.fails() && Verdict::TooHard.fails());
        assert!(!Verdict::OnTarget.fails() && !Verdict::NotApplicable.fails());
    }

    #[test]
    fn only_english_modules_outside_the_band_fail() {
        // 100 words in 10 sentences: grade = 3.9 + 11.8 * syllables/100 - 15.59.
        let easy = module_with("easy", "en-GB", 100, 10, 140); // grade 4.83
        let on_target = module_with("on-target", "en", 100, 10, 165); // grade 7.78
        let hard = module_with("hard", "EN-gb", 100, 10, 190); // grade 10.73
        let welsh_easy = module_with("cymraeg", "cy", 100, 10, 140);
        let welsh_hard = module_with("cymraeg-anodd", "cy", 100, 10, 190);
        assert!((on_target.fk_grade() - 7.78).abs() < 1e-9);

        assert_eq!(easy.verdict(), Verdict::TooEasy);
        assert_eq!(on_target.verdict(), Verdict::OnTarget);
        assert_eq!(hard.verdict(), Verdict::TooHard);
        assert_eq!(welsh_easy.verdict(), Verdict::NotApplicable);
        assert_eq!(welsh_hard.verdict(), Verdict::NotApplicable);
        assert_eq!(on_target.status(), "on target");
        assert_eq!(hard.status(), "FAIL: too hard (above reading age 14)");
        assert_eq!(welsh_hard.status(), "n/a (cy)");

        let all = [easy, on_target, hard, welsh_easy, welsh_hard];
        let failing: Vec<&str> = outside_target(&all).iter().map(|m| m.id.as_str()).collect();
        assert_eq!(failing, ["easy", "hard"]);
        assert!(outside_target(&all[1..2]).is_empty());
        let table = render_table(&all);
        assert!(table.contains("FAIL: too easy (below reading age 12)"));
        assert!(table.contains("n/a (cy)"));
    }

    #[test]
    fn report_and_placeholders_on_a_tree() {
        let root = std::env::temp_dir().join(format!("readability-test-{}", std::process::id()));
        let m = root.join("course").join("mod-a");
        fs::create_dir_all(&m).unwrap();
        fs::write(m.join("module.toml"), "id = \"mod-a\"\ntitle = \"A\"\nlanguage = \"en-GB\"\npages = [\"01.md\"]\n")
            .unwrap();
        fs::write(m.join("01.md"), "# Hello\n\nThe cat sat on the mat.\n").unwrap();
        fs::write(m.join("notes.txt"), "fine\nTODO finish\n").unwrap();
        fs::write(m.join("image.bin"), [0u8, 1, 2, b'T', b'O', b'D', b'O']).unwrap();

        let r = report(&root).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].id, "mod-a");
        assert_eq!(r[0].stats.words, 7);
        assert_eq!(r[0].stats.sentences, 2);
        assert_eq!(r[0].verdict(), Verdict::TooEasy);
        assert_eq!(r[0].status(), "FAIL: too easy (below reading age 12)");
        assert_eq!(outside_target(&r).len(), 1);
        assert!(render_table(&r).contains("mod-a"));

        let p = find_placeholders(&root);
        assert_eq!(p.len(), 1);
        assert!(p[0].0.ends_with("notes.txt"));
        assert_eq!(p[0].1, 2);
        assert_eq!(p[0].2, "TODO finish");
        fs::remove_dir_all(&root).unwrap();
    }
}
