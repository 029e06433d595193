//! Reflection prompts: ```` ```reflection ```` blocks with an optional
//! `id:` line and the prompt text. The learner's answer is free text, never
//! scored, and kept in the learner's state.

use crate::escape::html as esc;
use crate::model::Reflection;
use coursepack_diagnostics::{Diagnostic, SourceFile, did_you_mean};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// Longest answer a learner can type where the target sets no tighter limit
/// (the quiz crate's constant, shared by reflection questions).
pub use coursepack_quiz::REFLECTION_MAX_CHARS;

const KEYS: &[&str] = &["id"];

/// The result of compiling one reflection block.
pub struct Compiled {
    /// The reflection and its HTML, unless the block is unusable.
    pub output: Option<(Reflection, String)>,
    /// Problems found in the block.
    pub diagnostics: Vec<Diagnostic>,
}

/// Compile a reflection block's `body` (which starts at `body_offset` in `file`).
#[allow(clippy::too_many_arguments)]
pub fn compile(
    file: &SourceFile,
    page_id: &str,
    ordinal: usize,
    body: &str,
    body_offset: usize,
    block_span: Range<usize>,
    existing_ids: &BTreeSet<String>,
    strings: &BTreeMap<String, String>,
) -> Compiled {
    let mut diagnostics = Vec::new();
    let mut id = None;
    let mut prompt_lines = Vec::new();
    let mut offset = body_offset;
    let mut in_header = true;
    for line in body.split_inclusive('\n') {
        let span = offset..offset + line.trim_end().len();
        offset += line.len();
        let trimmed = line.trim();
        if in_header {
            if let Some((key, value)) = header_line(trimmed)
                .filter(|(key, _)| *key == "id" || did_you_mean(key, KEYS.iter().copied()).is_some())
            {
                if key == "id" {
                    id = Some((value.to_string(), span));
                } else {
                    let mut d = Diagnostic::error(
                        "reflection/unknown-key",
                        format!("unknown key `{key}` in a reflection block"),
                    );
                    d = match did_you_mean(key, KEYS.iter().copied()) {
                        Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                        None => d.with_hint("a reflection block takes an optional `id:` line, then the prompt"),
                    };
                    diagnostics.push(d.at_span(file, span));
                }
                continue;
            }
            if trimmed.is_empty() {
                continue;
            }
            in_header = false;
        }
        prompt_lines.push(trimmed.to_string());
    }
    let prompt = prompt_lines.join(" ").trim().to_string();
    if prompt.is_empty() {
        diagnostics.push(
            Diagnostic::error("reflection/empty-prompt", "this reflection block has no prompt")
                .at_span(file, block_span.clone())
                .with_hint("write the question the learner should reflect on, after the optional `id:` line"),
        );
        return Compiled { output: None, diagnostics };
    }
    let id = match id {
        Some((value, span)) => {
            if !is_valid_id(&value) {
                diagnostics.push(
                    Diagnostic::error("reflection/invalid-id", format!("`{value}` is not a valid reflection id"))
                        .at_span(file, span)
                        .with_hint("use lowercase letters, digits and hyphens"),
                );
                return Compiled { output: None, diagnostics };
            }
            if existing_ids.contains(&value) {
                diagnostics.push(
                    Diagnostic::error(
                        "reflection/duplicate-id",
                        format!("another reflection in this module already has the id `{value}`"),
                    )
                    .at_span(file, span)
                    .with_hint("give each reflection its own id; learners' saved answers are keyed by it"),
                );
                return Compiled { output: None, diagnostics };
            }
            value
        }
        None => {
            let mut n = ordinal + 1;
            let mut id = format!("{page_id}-reflection-{n}");
            while existing_ids.contains(&id) {
                n += 1;
                id = format!("{page_id}-reflection-{n}");
            }
            id
        }
    };
    let html = html(&id, &esc(&prompt), strings);
    let location = Some(file.location(block_span));
    Compiled { output: Some((Reflection { id, page_id: page_id.to_string(), location }, html)), diagnostics }
}

/// A reflection box's HTML: `prompt_html` (already safe) as its label, kept under `id`.
pub(crate) fn html(id: &str, prompt_html: &str, strings: &BTreeMap<String, String>) -> String {
    let title = strings.get("reflection").cloned().unwrap_or_default();
    let help = strings.get("reflection_help").cloned().unwrap_or_default();
    // The player replaces the limit with the one the target allows (see `coursepack_quiz::reflection_cap`).
    let limit = strings
        .get("reflection_limit")
        .map(|s| s.replace("{max}", &REFLECTION_MAX_CHARS.to_string()))
        .unwrap_or_default();
    format!(
        "<div class=\"cp-reflection\" data-reflection-id=\"{id}\">\n\
         <p class=\"cp-reflection-title\">{title}</p>\n\
         <label for=\"cp-reflection-{id}\">{prompt_html}</label>\n\
         <p class=\"cp-reflection-help\" id=\"cp-reflection-{id}-help\">{help}</p>\n\
         <p class=\"cp-reflection-limit\" id=\"cp-reflection-{id}-limit\">{limit}</p>\n\
         <textarea id=\"cp-reflection-{id}\" data-reflection-id=\"{id}\" rows=\"5\" maxlength=\"{REFLECTION_MAX_CHARS}\" aria-describedby=\"cp-reflection-{id}-help cp-reflection-{id}-limit cp-reflection-{id}-count\"></textarea>\n\
         <p class=\"cp-reflection-count\" id=\"cp-reflection-{id}-count\"></p>\n\
         <p class=\"cp-reflection-status\" role=\"status\" aria-live=\"polite\"></p>\n\
         </div>\n",
        title = esc(&title),
        help = esc(&help),
        limit = esc(&limit),
    )
}

fn header_line(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim();
    let looks_like_key =
        !key.is_empty() && key.len() <= 20 && key.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '-');
    looks_like_key.then(|| (key, value.trim()))
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str, existing: &[&str]) -> Compiled {
        let file = SourceFile::new("p.md", format!("```reflection\n{body}```\n"));
        let strings = coursepack_source::strings::default_strings("en");
        let existing = existing.iter().map(|s| s.to_string()).collect();
        compile(&file, "intro", 0, body, 14, 0..file.text().len(), &existing, &strings)
    }

    #[test]
    fn compiles_prompt_with_given_or_derived_id() {
        let c = run("id: my-team\nWhat helped your team?\n", &[]);
        let (reflection, html) = c.output.unwrap();
        assert_eq!(reflection.id, "my-team");
        assert!(html.contains("<label for=\"cp-reflection-my-team\">What helped your team?</label>"), "{html}");
        let c = run("What <b>helped</b>?\n", &[]);
        let (reflection, html) = c.output.unwrap();
        assert_eq!(reflection.id, "intro-reflection-1");
        assert!(html.contains("What &lt;b&gt;helped&lt;/b&gt;?"));
        assert!(html.contains("<p class=\"cp-reflection-limit\" id=\"cp-reflection-intro-reflection-1-limit\">You can write up to 2000 characters.</p>"), "{html}");
        assert!(html.contains("aria-describedby=\"cp-reflection-intro-reflection-1-help cp-reflection-intro-reflection-1-limit cp-reflection-intro-reflection-1-count\""), "{html}");
    }

    #[test]
    fn reports_each_problem_at_its_line() {
        let c = run("id: x\nidd: y\nPrompt\n", &["x"]);
        let codes: Vec<_> = c.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["reflection/unknown-key", "reflection/duplicate-id"]);
        assert_eq!(c.diagnostics[0].location.as_ref().unwrap().line, 3);
        assert_eq!(c.diagnostics[0].hint.as_deref(), Some("did you mean `id`?"));
        let c = run("id: ok\n\n", &[]);
        assert_eq!(c.diagnostics[0].code, "reflection/empty-prompt");
    }
}
