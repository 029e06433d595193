//! Importing question banks from other tools (Moodle GIFT, Aiken) into a
//! Markdown page of coursepack `question` blocks.

mod aiken;
mod gift;

pub use aiken::import_aiken;
pub use gift::import_gift;

use crate::build::fmt_number;
use coursepack_diagnostics::{Diagnostic, Severity, SourceFile};
use std::collections::BTreeSet;

/// A converted bank: the page of every question that could be carried, and
/// a located warning for each question skipped or each thing lost (a
/// migration imports everything it can; `--deny-warnings` makes a warning fail).
#[derive(Clone, Debug)]
pub struct Converted {
    /// The Markdown page.
    pub page: String,
    /// What was skipped or lost, located in the bank.
    pub diagnostics: Vec<Diagnostic>,
}

/// Turn a question's problem into a warning that says it is skipped.
pub(crate) fn skipped(d: Diagnostic) -> Diagnostic {
    let message = format!("{}: this question is skipped", d.message);
    Diagnostic { severity: Severity::Warning, message, ..d }
}

/// The page being written.
pub(crate) struct Out {
    text: String,
    ids: BTreeSet<String>,
    count: usize,
}

impl Out {
    pub(crate) fn new(title: &str) -> Self {
        Out { text: format!("# {title}\n\n"), ids: BTreeSet::new(), count: 0 }
    }

    pub(crate) fn heading(&mut self, name: &str) {
        self.text.push_str(&format!("## {}\n\n", name.trim()));
    }

    pub(crate) fn paragraph(&mut self, text: &str) {
        if !text.trim().is_empty() {
            self.text.push_str(&escape_line(text.trim()));
            self.text.push_str("\n\n");
        }
    }

    /// Add a question, unless coursepack's own parser refuses the block it
    /// became: then `Err` with the parser's first error, for the caller to
    /// report at the question in the bank.
    pub(crate) fn push(&mut self, q: &Block) -> Result<(), String> {
        let block = q.render();
        let body = block.strip_prefix("```question\n").and_then(|b| b.strip_suffix("```\n\n")).unwrap_or(&block);
        let file = SourceFile::new("imported.md", body);
        let src = crate::BlockSource { file: &file, page_id: "imported", ordinal: 0, body, body_offset: 0 };
        let (question, problems) = crate::parse_question(&src);
        if let Some(error) = problems.iter().find(|d| d.severity == Severity::Error) {
            return Err(error.message.clone());
        }
        if question.is_none() {
            return Err("coursepack cannot read the question it becomes".into());
        }
        self.text.push_str(&block);
        Ok(())
    }

    pub(crate) fn finish(self) -> String {
        let mut t = self.text;
        while t.ends_with("\n\n") {
            t.pop();
        }
        t
    }
}

/// A stable id: the title's slug, or `<category>-<n>` / `q-<n>`, made unique with `-2`, `-3`...
pub(crate) fn unique_id(out: &mut Out, preferred: Option<String>, category: Option<&str>) -> String {
    out.count += 1;
    let base = preferred.unwrap_or_else(|| {
        let prefix = category.map(slug).filter(|s| !s.is_empty()).unwrap_or_else(|| "q".into());
        format!("{prefix}-{}", out.count)
    });
    let mut id = base.clone();
    let mut n = 2;
    while out.ids.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    out.ids.insert(id.clone());
    id
}

/// Lowercase ASCII letters and digits with `-` between words, at most 60 characters.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Keep a line of imported text from being read as an answer line or blank.
fn escape_line(text: &str) -> String {
    let t = text.replace("[[", "\\[\\[");
    let starts_like_answer = t.starts_with("- ")
        || t.starts_with("* ")
        || t.bytes().take_while(u8::is_ascii_digit).count() > 0
            && t.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with(['.', ')']);
    if starts_like_answer { format!("\\{t}") } else { t }
}

/// Keep a prompt line from being read as an answer line or a block key
/// (blanks `[[...]]` are kept): `type: numeric` as a question's text becomes
/// `type\: numeric`, which Markdown shows as written.
fn escape_prompt_line(line: &str) -> String {
    if let Some((key, _)) = line.split_once(':')
        && crate::syntax::HEADER_KEYS
            .iter()
            .chain(crate::syntax::TRAILING_KEYS)
            .any(|k| k.eq_ignore_ascii_case(key.trim()))
    {
        return line.replacen(':', "\\:", 1);
    }
    let starts_like_answer = line.starts_with("- ")
        || line.starts_with("* ")
        || line.bytes().take_while(u8::is_ascii_digit).count() > 0
            && line.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with(['.', ')']);
    if starts_like_answer { format!("\\{line}") } else { line.to_string() }
}

/// One question block being written.
pub(crate) struct Block {
    header: Vec<String>,
    prompt: String,
    lines: Vec<String>,
    trailing: Vec<String>,
}

pub(crate) fn block(id: &str, bank: Option<&str>) -> Block {
    let mut header = vec![format!("id: {id}")];
    if let Some(b) = bank {
        header.push(format!("bank: {b}"));
    }
    Block { header, prompt: String::new(), lines: Vec::new(), trailing: Vec::new() }
}

impl Block {
    pub(crate) fn header(&mut self, key: &str, value: &str) {
        self.header.push(format!("{key}: {value}"));
    }

    /// The prompt; blanks (`[[...]]`) in it are kept, other `[[` are escaped.
    pub(crate) fn prompt(&mut self, text: &str) {
        self.prompt = text.trim().to_string();
    }

    pub(crate) fn option(&mut self, correct: bool, text: &str, feedback: Option<&str>, credit: Option<f64>) {
        self.lines.push(format!("- [{}] {}", if correct { "x" } else { " " }, text.replace("[[", "\\[\\[")));
        if let Some(c) = credit {
            self.lines.push(format!("  credit: {}", fmt_number(c)));
        }
        if let Some(f) = feedback.filter(|f| !f.trim().is_empty()) {
            self.lines.push(format!("  feedback: {}", f.trim()));
        }
    }

    pub(crate) fn line(&mut self, line: &str) {
        self.lines.push(line.to_string());
    }

    pub(crate) fn trailing(&mut self, key: &str, value: &str) {
        if !value.trim().is_empty() {
            self.trailing.push(format!("{key}: {}", value.trim()));
        }
    }

    fn render(&self) -> String {
        let mut s = String::from("```question\n");
        for h in &self.header {
            s.push_str(h);
            s.push('\n');
        }
        // Paragraphs of the prompt are separated by a blank line; a paragraph that would read
        // as an answer line or a key is escaped.
        let paragraphs: Vec<String> = self.prompt.split('\n').map(escape_prompt_line).collect();
        s.push_str(&paragraphs.join("\n\n"));
        s.push_str("\n\n");
        for l in &self.lines {
            s.push_str(l);
            s.push('\n');
        }
        if !self.trailing.is_empty() {
            if !self.lines.is_empty() {
                s.push('\n');
            }
            for t in &self.trailing {
                s.push_str(t);
                s.push('\n');
            }
        }
        s.push_str("```\n\n");
        s
    }
}
