//! Server-rendered, accessible markup of a question. `assets/quiz.js`
//! hydrates it; without JavaScript the learner still sees the question and
//! its controls.
//!
//! Every group of controls is a `<fieldset>` with a `<legend>`; every control
//! has a label; feedback goes to a polite live region; ordering is done with
//! "Move up"/"Move down" buttons and matching with `<select>`s, so nothing
//! needs a mouse or drag and drop.

use crate::inline::escape;
use crate::model::{Question, QuestionKind};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Longest text accepted in a fill blank (characters), enforced by `maxlength` and by the player.
pub const FILL_MAX_CHARS: usize = 100;
/// Longest text accepted in a numeric answer (characters).
pub const NUMERIC_MAX_CHARS: usize = 32;
/// Longest reflection answer kept (characters).
pub const REFLECTION_MAX_CHARS: usize = 2000;

struct Strings<'a>(&'a BTreeMap<String, String>);

impl Strings<'_> {
    fn get(&self, key: &str) -> String {
        escape(self.0.get(key).map_or(key, String::as_str))
    }

    fn fmt(&self, key: &str, vars: &[(&str, String)]) -> String {
        let mut s = self.0.get(key).cloned().unwrap_or_else(|| key.to_string());
        for (name, value) in vars {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        escape(&s)
    }
}

/// Render a question as accessible HTML. `strings` are the module's resolved
/// interface strings (keys such as `check_answer`, `try_again`, `show_hint`).
pub fn render_question_html(q: &Question, strings: &BTreeMap<String, String>) -> String {
    let s = Strings(strings);
    let id = &q.id;
    let base = format!("cpq-{id}");
    let mut h = String::with_capacity(1024);
    let _ = writeln!(
        h,
        "<div class=\"cp-question\" id=\"{base}\" data-question-id=\"{id}\" data-type=\"{}\">",
        q.kind.name()
    );
    let legend_id = format!("{base}-legend");
    let blanks = matches!(q.kind, QuestionKind::Fill { .. } | QuestionKind::Dropdown { .. });
    let _ = write!(
        h,
        "<fieldset class=\"cp-q-body\">\n<legend id=\"{legend_id}\" class=\"cp-q-prompt{}\">{}</legend>\n",
        if blanks { " cp-visually-hidden" } else { "" },
        q.prompt_html
    );
    match &q.kind {
        QuestionKind::Single { options } | QuestionKind::TrueFalse { options, .. } => {
            let texts: Vec<&str> = options.iter().map(|o| o.html.as_str()).collect();
            choices(&mut h, &base, "radio", &texts);
        }
        QuestionKind::Multiple { options } => {
            let texts: Vec<&str> = options.iter().map(|o| o.html.as_str()).collect();
            choices(&mut h, &base, "checkbox", &texts);
        }
        QuestionKind::Likert { scale } => {
            let texts: Vec<&str> = scale.iter().map(|o| o.html.as_str()).collect();
            h.push_str("<div class=\"cp-q-likert\">");
            choices(&mut h, &base, "radio", &texts);
            h.push_str("</div>\n");
        }
        QuestionKind::Fill { parts, blanks, .. } => {
            h.push_str("<p class=\"cp-q-sentence\">");
            for (i, part) in parts.iter().enumerate() {
                h.push_str(part);
                if i < blanks.len() {
                    let label =
                        s.fmt("blank_label", &[("n", (i + 1).to_string()), ("total", blanks.len().to_string())]);
                    let _ = write!(
                        h,
                        "<input type=\"text\" class=\"cp-q-blank\" id=\"{base}-b{i}\" data-blank=\"{i}\" aria-label=\"{label}\" maxlength=\"{FILL_MAX_CHARS}\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" size=\"{}\">",
                        blanks[i].accepted.iter().map(|a| a.chars().count()).max().unwrap_or(8).clamp(6, 30)
                    );
                }
            }
            h.push_str("</p>\n");
        }
        QuestionKind::Dropdown { parts, blanks } => {
            h.push_str("<p class=\"cp-q-sentence\">");
            for (i, part) in parts.iter().enumerate() {
                h.push_str(part);
                if let Some(blank) = blanks.get(i) {
                    let label =
                        s.fmt("blank_label", &[("n", (i + 1).to_string()), ("total", blanks.len().to_string())]);
                    let _ = write!(
                        h,
                        "<select class=\"cp-q-blank\" id=\"{base}-b{i}\" data-blank=\"{i}\" aria-label=\"{label}\"><option value=\"\">{}</option>",
                        s.get("choose_option")
                    );
                    for (j, o) in blank.options.iter().enumerate() {
                        let _ = write!(h, "<option value=\"{j}\">{}</option>", escape(o));
                    }
                    h.push_str("</select>");
                }
            }
            h.push_str("</p>\n");
        }
        QuestionKind::Numeric { .. } => {
            let _ = writeln!(
                h,
                "<div class=\"cp-q-numeric\"><label for=\"{base}-n\">{}</label> <input type=\"text\" inputmode=\"decimal\" id=\"{base}-n\" class=\"cp-q-number\" maxlength=\"{NUMERIC_MAX_CHARS}\" autocomplete=\"off\" size=\"12\"></div>",
                s.get("your_answer")
            );
        }
        QuestionKind::Matching { pairs, targets_html, sorting: true, .. } => {
            // Without JavaScript (and in print before the widget runs): the categories as a
            // list, then the items as a list, each with a list of the categories to choose
            // from. `assets/widgets/sorting.js` turns this into cards sorted into categories.
            let _ = write!(
                h,
                "<div class=\"cp-q-sorting\" data-sorting=\"{}\">\n<div class=\"cp-sort-categories\"><p class=\"cp-sort-title\" id=\"{base}-cats\">{}</p>\n<ul aria-labelledby=\"{base}-cats\">",
                scrambled(id, pairs.len()).iter().map(usize::to_string).collect::<Vec<_>>().join(" "),
                s.get("sort_categories")
            );
            for t in targets_html {
                let _ = write!(h, "<li>{t}</li>");
            }
            let _ = write!(
                h,
                "</ul></div>\n<div class=\"cp-q-matching cp-sort-source\"><p class=\"cp-sort-title\" id=\"{base}-items\">{}</p>\n<ul aria-labelledby=\"{base}-items\">\n",
                s.get("sort_items")
            );
            for (i, p) in pairs.iter().enumerate() {
                let _ = write!(
                    h,
                    "<li class=\"cp-q-pair\"><label for=\"{base}-m{i}\">{}</label> <select id=\"{base}-m{i}\" class=\"cp-q-match\" data-pair=\"{i}\"><option value=\"\">{}</option>",
                    p.left_html,
                    s.get("sort_unsorted")
                );
                for (t, html) in targets_html.iter().enumerate() {
                    let _ = write!(h, "<option value=\"{t}\">{html}</option>");
                }
                h.push_str("</select></li>\n");
            }
            h.push_str("</ul></div>\n</div>\n");
        }
        QuestionKind::Matching { pairs, targets_html, targets, .. } => {
            // Targets are listed alphabetically so their order never gives the answer away.
            let mut order: Vec<usize> = (0..targets.len()).collect();
            order.sort_by(|a, b| targets[*a].to_lowercase().cmp(&targets[*b].to_lowercase()).then(a.cmp(b)));
            h.push_str("<div class=\"cp-q-matching\">\n");
            for (i, p) in pairs.iter().enumerate() {
                let _ = write!(
                    h,
                    "<div class=\"cp-q-pair\"><label for=\"{base}-m{i}\">{}</label> <select id=\"{base}-m{i}\" class=\"cp-q-match\" data-pair=\"{i}\"><option value=\"\">{}</option>",
                    p.left_html,
                    s.get("choose_option")
                );
                for t in &order {
                    let _ = write!(h, "<option value=\"{t}\">{}</option>", targets_html[*t]);
                }
                // quiz.js says here whether the pair is right, once the outcome is shown.
                h.push_str("</select> <span class=\"cp-q-mark\"></span></div>\n");
            }
            h.push_str("</div>\n");
        }
        QuestionKind::Ordering { items } => {
            let order = scrambled(id, items.len());
            let _ = writeln!(h, "<ol class=\"cp-q-order\" id=\"{base}-list\">");
            for (pos, i) in order.iter().enumerate() {
                let text_id = format!("{base}-i{i}");
                let _ = writeln!(
                    h,
                    "<li class=\"cp-q-item\" data-item=\"{i}\"><span class=\"cp-q-item-text\" id=\"{text_id}\">{}</span> <span class=\"cp-q-move\"><button type=\"button\" class=\"cp-q-up\" aria-describedby=\"{text_id}\"{}>↑ {}</button> <button type=\"button\" class=\"cp-q-down\" aria-describedby=\"{text_id}\"{}>↓ {}</button></span> <span class=\"cp-q-mark\"></span></li>",
                    items[*i].html,
                    if pos == 0 { " disabled" } else { "" },
                    s.get("move_up"),
                    if pos + 1 == order.len() { " disabled" } else { "" },
                    s.get("move_down"),
                );
            }
            h.push_str("</ol>\n");
            let _ = writeln!(h, "<p class=\"cp-visually-hidden\" aria-live=\"polite\" id=\"{base}-moved\"></p>");
        }
        QuestionKind::Reflection => {
            let _ = write!(
                h,
                "<p class=\"cp-q-help\" id=\"{base}-help\">{}</p>\n<p class=\"cp-q-limit\" id=\"{base}-limit\">{}</p>\n<textarea id=\"{base}-text\" class=\"cp-q-reflection\" rows=\"5\" maxlength=\"{REFLECTION_MAX_CHARS}\" aria-labelledby=\"{legend_id}\" aria-describedby=\"{base}-help {base}-limit {base}-count\"></textarea>\n<p class=\"cp-q-count\" id=\"{base}-count\"></p>\n",
                s.get("reflection_help"),
                // quiz.js replaces the limit with the one the target allows (see `crate::state::reflection_cap`).
                s.fmt("reflection_limit", &[("max", REFLECTION_MAX_CHARS.to_string())])
            );
        }
    }
    h.push_str("</fieldset>\n<div class=\"cp-q-actions\">\n");
    match &q.kind {
        QuestionKind::Reflection => {
            let _ = writeln!(h, "<p class=\"cp-q-saved\" role=\"status\" id=\"{base}-saved\"></p>");
        }
        _ => {
            let _ = writeln!(h, "<button type=\"button\" class=\"cp-q-check\">{}</button>", s.get("check_answer"));
            let _ = writeln!(h, "<button type=\"button\" class=\"cp-q-retry\" hidden>{}</button>", s.get("try_again"));
        }
    }
    if let Some(hint) = &q.hint_html {
        let _ = write!(
            h,
            "<button type=\"button\" class=\"cp-q-hint-toggle\" aria-expanded=\"false\" aria-controls=\"{base}-hint\">{}</button>\n</div>\n<div class=\"cp-q-hint\" id=\"{base}-hint\" hidden><strong>{}:</strong> {hint}</div>\n",
            s.get("show_hint"),
            s.get("hint")
        );
    } else {
        h.push_str("</div>\n");
    }
    let _ = write!(
        h,
        "<div class=\"cp-q-feedback\" id=\"{base}-feedback\" role=\"status\" aria-live=\"polite\" tabindex=\"-1\"></div>\n</div>\n"
    );
    h
}

fn choices(h: &mut String, base: &str, input: &str, texts: &[&str]) {
    let _ = writeln!(h, "<div class=\"cp-q-options\">");
    for (i, text) in texts.iter().enumerate() {
        let _ = writeln!(
            h,
            "<div class=\"cp-q-option\" data-option=\"{i}\"><input type=\"{input}\" name=\"{base}\" id=\"{base}-o{i}\" value=\"{i}\"> <label for=\"{base}-o{i}\">{text}</label> <span class=\"cp-q-mark\"></span></div>"
        );
    }
    h.push_str("</div>\n");
}

/// A deterministic order of `n` items (from the question id) that is never
/// the correct order when `n > 1`, used as the ordering question's start.
pub fn scrambled(id: &str, n: usize) -> Vec<usize> {
    // FNV-1a of the id seeds a small xorshift generator.
    let mut seed: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        seed ^= u64::from(b);
        seed = seed.wrapping_mul(0x0100_0000_01b3);
    }
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let j = (seed % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    if n > 1 && order.iter().enumerate().all(|(p, i)| p == *i) {
        order.rotate_left(1);
    }
    order
}
