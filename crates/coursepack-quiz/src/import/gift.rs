//! Moodle GIFT to coursepack question blocks.
//!
//! Supported: `//` comments, `$CATEGORY:` (becomes the heading and `bank:`),
//! `::title::` (becomes the id), `[html]`/`[markdown]`/`[plain]`/`[moodle]`
//! formats, multiple choice (`=`, `~`, `~%50%` weights, `#feedback`), multiple
//! answers (weights on several options), true/false (`{T}`, `{FALSE#wrong#right}`),
//! short answer (`{=a =b}`), missing word (answers in the middle of the
//! sentence; with option feedback or weights, a choice question with a gap),
//! matching (`=a -> b`, distractors `= -> c`), numeric (`{#72:2}`, `{#70..80}`,
//! `{#=72:0#fb =%50%72:5#fb}`: every answer with its credit), essay (`{}`),
//! descriptions (no braces), general feedback (`####`) and the escapes
//! `\~ \= \# \{ \} \: \n`.

use super::{Converted, Out, block, skipped, slug, unique_id};
use coursepack_diagnostics::{Diagnostic, SourceFile};

/// Convert a GIFT file into a Markdown page of `question` blocks. `file` is the
/// path shown in diagnostics. A question that cannot be carried is skipped
/// with a located warning naming the construct; what a question loses on the
/// way (images, lists, feedback) is a located warning too.
pub fn import_gift(text: &str, file: &str) -> Converted {
    // A byte-order mark (Windows editors add one) is not part of the first question.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = SourceFile::new(file, text);
    let mut diags = Vec::new();
    let mut out = Out::new("Imported questions");
    let mut category: Option<String> = None;
    for (start, chunk) in chunks(text) {
        let trimmed = chunk.trim_start();
        let lead = chunk.len() - trimmed.len();
        if let Some(rest) = trimmed.strip_prefix("$CATEGORY:") {
            let path = rest.lines().next().unwrap_or("").trim();
            let name = category_name(path);
            if name.is_empty() {
                diags.push(
                    Diagnostic::warning(
                        "gift/bad-category",
                        "`$CATEGORY:` has no name, so the questions after it stay in the category before it",
                    )
                    .at_span(&source, start + lead..start + lead + 10)
                    .with_hint("write `$CATEGORY: top/Data protection`"),
                );
                continue;
            }
            if name.contains(" / ") {
                let at = start + lead;
                diags.push(
                    Diagnostic::warning(
                        "gift/nested-category",
                        format!(
                            "the category `{path}` is inside another; coursepack's banks are not nested, so its questions become the bank `{}` under the heading \"{name}\", apart from its parent's",
                            slug(&name)
                        ),
                    )
                    .at_span(&source, at..at + 10 + rest.lines().next().unwrap_or("").len())
                    .with_hint("draw from each bank in `[quiz.draw]`, or give the questions one `bank:` if they belong together"),
                );
            }
            out.heading(&name);
            category = Some(name);
            let after = rest.split_once('\n').map_or("", |(_, a)| a);
            if !after.trim().is_empty() {
                let offset = start + chunk.len() - after.len();
                question(&source, offset, after, category.as_deref(), &mut out, &mut diags);
            }
            continue;
        }
        question(&source, start, &chunk, category.as_deref(), &mut out, &mut diags);
    }
    Converted { page: out.finish(), diagnostics: diags }
}

/// A question that cannot be carried: a warning saying it is skipped.
fn err(source: &SourceFile, start: usize, end: usize, code: &str, message: &str, hint: &str) -> Diagnostic {
    skipped(Diagnostic::error(code, message).at_span(source, start..end.max(start)).with_hint(hint))
}

/// What a question loses on import, as a warning at `at`.
fn loses(source: &SourceFile, at: usize, what: &str, hint: &str) -> Diagnostic {
    Diagnostic::warning("gift/import-loses", format!("the question is imported without {what}"))
        .at_span(source, at..at + 1)
        .with_hint(hint)
}

/// A category path as a heading: Moodle's context prefixes (`$course$`,
/// `$system$`...) and its `top` category dropped, nested names joined by ` / `.
fn category_name(path: &str) -> String {
    let mut parts: Vec<&str> = path.split('/').map(str::trim).filter(|p| !p.is_empty()).collect();
    while parts.len() > 1 && (parts[0].starts_with('$') && parts[0].ends_with('$') || parts[0] == "top") {
        parts.remove(0);
    }
    parts.join(" / ")
}

/// Questions separated by blank lines (as Moodle reads them), with `//` comment lines removed.
/// Yields (byte offset, text) where text keeps the original bytes minus comments.
fn chunks(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with("//") {
            // Blank the comment out, keeping byte offsets inside the question.
            if !current.is_empty() {
                current.push_str(&" ".repeat(line.trim_end_matches('\n').len()));
                current.push_str(&line[line.trim_end_matches('\n').len()..]);
            }
            offset += line.len();
            continue;
        }
        if t.is_empty() {
            if !current.trim().is_empty() {
                out.push((start, std::mem::take(&mut current)));
            }
            current.clear();
            offset += line.len();
            start = offset;
            continue;
        }
        if current.is_empty() {
            start = offset;
        }
        current.push_str(line);
        offset += line.len();
    }
    if !current.trim().is_empty() {
        out.push((start, current));
    }
    out
}

/// Byte index of the first unescaped occurrence of `pat` in `s` at or after `from`.
fn find_unescaped(s: &str, pat: &str, from: usize) -> Option<usize> {
    let mut chars = s.char_indices().skip_while(|(i, _)| *i < from);
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            chars.next();
            continue;
        }
        if s[i..].starts_with(pat) {
            return Some(i);
        }
    }
    None
}

/// Remove GIFT escapes. Line breaks in the file are spaces; the escape `\n`
/// is a paragraph break (`\n` in the result). Runs of spaces become one and
/// each paragraph is trimmed.
fn unescape(s: &str) -> String {
    const BREAK: char = '\u{1}';
    let mut raw = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => raw.push(BREAK),
                Some(n) => raw.push(n),
                None => raw.push('\\'),
            }
        } else {
            raw.push(c);
        }
    }
    raw.split(BREAK)
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text in the question's format, as inline Markdown for our syntax, on one line.
fn text_in(format: &str, raw: &str) -> String {
    paragraphs_in(format, raw).replace('\n', " ")
}

/// Text in the question's format, keeping `\n` paragraph breaks (prompts and descriptions).
/// A text may name its own format (`=[html]<b>a</b> -> b`, as Moodle exports answers whose
/// format differs from the question's).
fn paragraphs_in(format: &str, raw: &str) -> String {
    let (format, raw) = own_format(format, raw);
    let t = unescape(raw);
    if format == "html" { html_to_markdown(&t) } else { t }
}

/// The format a text names at its start (`[html]`, `[moodle]`, `[plain]`,
/// `[markdown]`) and the text after it; otherwise `format` and the text.
fn own_format<'a>(format: &'a str, raw: &'a str) -> (&'a str, &'a str) {
    let t = raw.trim_start();
    for (tag, named) in [("[html]", "html"), ("[moodle]", "plain"), ("[plain]", "plain"), ("[markdown]", "markdown")] {
        if let Some(rest) = t.strip_prefix(tag) {
            return (named, rest);
        }
    }
    (format, raw)
}

fn html_to_markdown(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        let name = tag.trim_start_matches('/').split_whitespace().next().unwrap_or("").trim_end_matches('/');
        match name {
            "b" | "strong" => out.push_str("**"),
            "i" | "em" => out.push('*'),
            "code" => out.push('`'),
            "br" | "p" if !out.is_empty() && !out.ends_with(' ') => out.push(' '),
            _ => {}
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

/// One answer of a braces block: its marker, weight, text and feedback.
struct Answer {
    marker: char,
    weight: Option<f64>,
    text: String,
    feedback: Option<String>,
    /// Byte offset of the answer in the file.
    at: usize,
}

fn question(
    source: &SourceFile,
    start: usize,
    chunk: &str,
    category: Option<&str>,
    out: &mut Out,
    diags: &mut Vec<Diagnostic>,
) {
    let mut body = chunk.trim_end();
    let mut offset = start;
    let lead = body.len() - body.trim_start().len();
    body = body.trim_start();
    offset += lead;
    let mut title = None;
    if body.starts_with("::") {
        match find_unescaped(body, "::", 2) {
            Some(end) => {
                title = Some(unescape(&body[2..end]).replace('\n', " "));
                let rest = &body[end + 2..];
                let skip = body.len() - rest.trim_start().len();
                offset += skip;
                body = rest.trim_start();
            }
            None => {
                diags.push(err(
                    source,
                    offset,
                    offset + 2,
                    "gift/bad-title",
                    "`::` opens a title that is never closed",
                    "write the title as `::Title::` before the question",
                ));
                return;
            }
        }
    }
    let mut format = "moodle";
    if body.starts_with('[')
        && let Some(end) = body.find(']')
    {
        let f = &body[1..end];
        if matches!(f, "html" | "moodle" | "plain" | "markdown") {
            format = match f {
                "html" => "html",
                "markdown" => "markdown",
                _ => "plain",
            };
            let rest = &body[end + 1..];
            offset += body.len() - rest.len();
            body = rest;
        }
    }
    let Some(open) = find_unescaped(body, "{", 0) else {
        // A description: text only.
        for paragraph in paragraphs_in(format, body).split('\n') {
            out.paragraph(paragraph);
        }
        return;
    };
    let Some(close) = find_unescaped(body, "}", open) else {
        diags.push(err(
            source,
            offset + open,
            offset + open + 1,
            "gift/unclosed-answers",
            "`{` opens the answers but no `}` closes them",
            "close the answers with `}`, or escape a literal brace as `\\{`",
        ));
        return;
    };
    // `[[` in the question's own text is not a blank of ours.
    let before = paragraphs_in(format, &body[..open]).replace("[[", "\\[\\[");
    let after = paragraphs_in(format, &body[close + 1..]).replace("[[", "\\[\\[");
    // Keep the spacing around a missing word as written (`the {=ICO}.` has none after it).
    let space_before = body[..open].ends_with(char::is_whitespace);
    let space_after = body[close + 1..].starts_with(char::is_whitespace);
    let inner = &body[open + 1..close];
    let inner_at = offset + open + 1;
    let id = unique_id(out, title.as_deref().map(slug).filter(|s| !s.is_empty()), category);
    let bank = category.map(slug).filter(|s| !s.is_empty());
    let (inner_main, general) = match find_unescaped(inner, "####", 0) {
        Some(g) => (&inner[..g], Some(text_in(format, &inner[g + 4..]))),
        None => (inner, None),
    };
    if before.is_empty() && after.is_empty() {
        diags.push(err(
            source,
            offset,
            offset + open.max(1),
            "gift/empty-question",
            "the question has no text before its answers",
            "write the question before `{`",
        ));
        return;
    }
    let mut q = block(&id, bank.as_deref());
    let trimmed = inner_main.trim();
    let missing_word = !after.is_empty();
    let gap = |space: bool| if space { " " } else { "" };
    let prompt_with = |blank: &str| {
        if missing_word {
            format!("{before}{}{blank}{}{after}", gap(space_before), gap(space_after)).trim().to_string()
        } else {
            before.clone()
        }
    };
    let mut lost = Vec::new();
    report_losses(source, offset, body, format, &mut lost);
    let qstart = offset;
    let mut fail =
        |code: &str, at: usize, message: &str, hint: &str| diags.push(err(source, at, at + 1, code, message, hint));
    let tilde = find_unescaped(trimmed, "~", 0).is_some();
    let arrow = find_unescaped(trimmed, "->", 0).is_some() && find_unescaped(trimmed, "=", 0).is_some();

    if trimmed.is_empty() {
        q.header("type", "reflection");
        q.prompt(&prompt_with("_____"));
    } else if let Some(num) = trimmed.strip_prefix('#') {
        let num_at = inner_at + (inner_main.len() - inner_main.trim_start().len()) + 1;
        let mut answers = split_answers(num, num_at);
        // `~#feedback` (or `~*#feedback`): what Moodle says to any other number; it
        // exports a numeric question's catch-all answer that way.
        let mut otherwise = None;
        answers.retain(|a| {
            let catch_all = a.marker == '~' && matches!(a.text.trim(), "" | "*");
            if catch_all {
                otherwise = a.feedback.clone();
            }
            !catch_all
        });
        if answers.is_empty() {
            // A single answer without `=`: `{#72:2#feedback}`.
            let (text, feedback) = match find_unescaped(num, "#", 0) {
                Some(h) => (&num[..h], Some(num[h + 1..].trim().to_string())),
                None => (num, None),
            };
            answers.push(Answer { marker: '=', weight: None, text: text.trim().to_string(), feedback, at: num_at });
        }
        // (credit, answer, tolerance) of every answer, checked.
        let mut parsed = Vec::new();
        for a in &answers {
            let credit = a.weight.unwrap_or(if a.marker == '=' { 100.0 } else { 0.0 });
            if !(0.0..=100.0).contains(&credit) {
                fail(
                    "gift/bad-numeric",
                    a.at,
                    &format!("the weight {credit}% of a numeric answer is not from 0 to 100"),
                    "numeric answers take weights such as `=%50%72:5`",
                );
                return;
            }
            let value = a.text.trim();
            let (answer, tolerance) = if let Some((lo, hi)) = value.split_once("..") {
                (format!("{}..{}", lo.trim(), hi.trim()), None)
            } else if let Some((v, t)) = value.split_once(':') {
                (
                    v.trim().to_string(),
                    Some(t.trim().to_string()).filter(|t| crate::build::parse_number(t) != Some(0.0)),
                )
            } else {
                (value.to_string(), None)
            };
            let numbers_ok = answer.split("..").all(|n| crate::build::parse_number(n).is_some())
                && tolerance.as_deref().is_none_or(|t| crate::build::parse_number(t).is_some_and(|v| v >= 0.0));
            if !numbers_ok {
                fail(
                    "gift/bad-numeric",
                    a.at,
                    &format!("`{value}` is not a number, `number:tolerance` or `min..max`"),
                    "write `{#72}`, `{#72:2}` or `{#70..80}`",
                );
                return;
            }
            parsed.push((credit, answer, tolerance, a.feedback.as_deref().map(|f| text_in(format, f))));
        }
        if !parsed.iter().any(|(credit, ..)| *credit > crate::score::FULL_CREDIT_FROM) {
            fail(
                "gift/bad-numeric",
                inner_at,
                "a numeric question has no full-credit answer",
                "write `{#72:2}` or `{#=72:2 =%50%72:5}`",
            );
            return;
        }
        q.header("type", "numeric");
        if let [(_, answer, tolerance, feedback)] = parsed.as_slice() {
            // One answer: `answer:` and `tolerance:`, its feedback as `correct:`.
            q.header("answer", answer);
            if let Some(t) = tolerance {
                q.header("tolerance", t);
            }
            if let Some(fb) = feedback {
                q.trailing("correct", fb);
            }
        } else {
            // Several answers, some with partial credit: one answer line each.
            for (credit, answer, tolerance, feedback) in &parsed {
                match tolerance {
                    Some(t) => q.line(&format!("- {answer} ± {t}")),
                    None => q.line(&format!("- {answer}")),
                }
                if *credit <= crate::score::FULL_CREDIT_FROM {
                    q.line(&format!("  credit: {}", crate::build::fmt_number(*credit)));
                }
                if let Some(fb) = feedback.as_deref().filter(|f| !f.trim().is_empty()) {
                    q.line(&format!("  feedback: {}", fb.trim()));
                }
            }
        }
        if let Some(fb) = otherwise {
            q.trailing("incorrect", &text_in(format, &fb));
        }
        q.prompt(&prompt_with("_____"));
    } else if let Some(tf) = true_false(trimmed).filter(|_| !tilde && !arrow) {
        let (value, feedbacks) = tf;
        q.header("type", "truefalse");
        q.prompt(&prompt_with("_____"));
        q.option(value, "True", None, None);
        q.option(!value, "False", None, None);
        if let Some(wrong) = feedbacks.first().filter(|f| !f.is_empty()) {
            q.trailing("incorrect", wrong);
        }
        if let Some(right) = feedbacks.get(1).filter(|f| !f.is_empty()) {
            q.trailing("correct", right);
        }
    } else if !tilde && !arrow {
        // A short answer: every answer (`=` optional before the first) is accepted, with
        // its `%weight%` as partial credit.
        let answers = with_leading(split_answers(inner_main, inner_at), inner_main, inner_at, '=');
        if let Some(a) = answers.iter().find(|a| text_in(format, &a.text).is_empty()) {
            fail(
                "gift/bad-answers",
                a.at,
                "an answer is empty",
                "write text after `=`, or escape a literal `=` with `\\`",
            );
            return;
        }
        let credit_of = |a: &Answer| a.weight.unwrap_or(100.0);
        if !answers.iter().any(|a| credit_of(a) > crate::score::FULL_CREDIT_FROM) {
            fail(
                "gift/no-correct-answer",
                inner_at,
                "no answer of the short answer earns full credit",
                "give one answer no weight, or `%100%`",
            );
            return;
        }
        let clean = |a: &Answer| text_in(format, &a.text).replace(['|', ']', '['], " ");
        let full: Vec<String> =
            answers.iter().filter(|a| credit_of(a) > crate::score::FULL_CREDIT_FROM).map(clean).collect();
        let blank = format!("[[{}]]", full.join("|"));
        q.header("type", "fill");
        q.prompt(&if missing_word { prompt_with(&blank) } else { format!("{before} {blank}").trim().to_string() });
        for a in answers.iter().filter(|a| credit_of(a) <= crate::score::FULL_CREDIT_FROM && credit_of(a) > 0.0) {
            q.line(&format!("- {}", clean(a)));
            q.line(&format!("  credit: {}", crate::build::fmt_number(credit_of(a))));
        }
        let mut feedbacks = answers.iter().filter(|a| a.feedback.is_some());
        if let Some(a) = feedbacks.next() {
            if credit_of(a) > crate::score::FULL_CREDIT_FROM {
                q.trailing("correct", &text_in(format, a.feedback.as_deref().unwrap_or("")));
            } else {
                lost.push(loses(source, a.at, "the feedback of an answer that is not fully right", "coursepack's fill questions have one `correct:`, `partial:` and `incorrect:`; write the advice there"));
            }
        }
        if let Some(a) = feedbacks.next() {
            lost.push(loses(
                source,
                a.at,
                "the feedback of its other answers",
                "coursepack's fill questions have one `correct:`, `partial:` and `incorrect:`; write the advice there",
            ));
        }
    } else {
        // Text before the first `~` or `=` is an answer too, a wrong one (as Moodle reads it).
        let answers = with_leading(split_answers(inner_main, inner_at), inner_main, inner_at, '~');
        if answers.is_empty() {
            fail(
                "gift/bad-answers",
                inner_at,
                "the answers do not start with `=` or `~`",
                "mark right answers with `=` and wrong ones with `~`",
            );
            return;
        }
        if let Some(a) = answers.iter().find(|a| a.text.trim().is_empty()) {
            fail(
                "gift/bad-answers",
                a.at,
                "an answer is empty",
                "write text after `=` or `~`, or escape a literal `=`/`~` with `\\`",
            );
            return;
        }
        let matching = answers.iter().any(|a| find_unescaped(&a.text, "->", 0).is_some());
        if matching {
            let mut pairs = Vec::new();
            for a in &answers {
                match find_unescaped(&a.text, "->", 0) {
                    Some(arrow) if a.marker == '=' => {
                        let (left, right) = (text_in(format, &a.text[..arrow]), text_in(format, &a.text[arrow + 2..]));
                        if right.is_empty() {
                            fail(
                                "gift/bad-matching",
                                a.at,
                                "a matching answer has nothing after `->`",
                                "write each pair as `=left -> right`, or `= -> extra` for a distractor",
                            );
                            return;
                        }
                        pairs.push((left, right));
                    }
                    _ => {
                        fail(
                            "gift/bad-matching",
                            a.at,
                            "every matching answer is written `=left -> right`",
                            "write each pair as `=left -> right`",
                        );
                        return;
                    }
                }
            }
            q.header("type", "matching");
            q.prompt(&prompt_with("_____"));
            // Pairs first, then distractors (`= -> extra`, an empty left side) as `- => extra`.
            for (l, r) in pairs.iter().filter(|(l, _)| !l.is_empty()).chain(pairs.iter().filter(|(l, _)| l.is_empty()))
            {
                let left = l.replace("=>", "= >");
                q.line(&format!("- {left}{}=> {r}", if left.is_empty() { "" } else { " " }));
            }
        } else {
            let right = answers.iter().filter(|a| a.marker == '=' || a.weight.is_some_and(|w| w >= 100.0)).count();
            let positive = answers.iter().filter(|a| a.weight.is_some_and(|w| w > 0.0)).count();
            let multiple = right == 0 && positive > 1 || right > 1;
            if right == 0 && positive == 0 {
                fail(
                    "gift/no-correct-answer",
                    inner_at,
                    "no answer is marked right with `=` or a positive `%weight%`",
                    "mark the right answer with `=`",
                );
                return;
            }
            // A missing word becomes a dropdown; with weights or option feedback, which a
            // dropdown cannot carry, it stays a choice question with `_____` in the sentence.
            if missing_word && !multiple && answers.iter().all(|a| a.weight.is_none() && a.feedback.is_none()) {
                let choices: Vec<String> = answers
                    .iter()
                    .map(|a| {
                        format!(
                            "{}{}",
                            if a.marker == '=' { "*" } else { "" },
                            text_in(format, &a.text).replace(['|', ']', '['], " ")
                        )
                    })
                    .collect();
                q.header("type", "dropdown");
                q.prompt(&prompt_with(&format!("[[{}]]", choices.join("|"))));
            } else {
                q.header("type", if multiple { "multiple" } else { "single" });
                q.prompt(&prompt_with("_____"));
                for a in &answers {
                    let is_right = if multiple {
                        a.weight.is_some_and(|w| w > 0.0) || a.marker == '='
                    } else {
                        a.marker == '=' || a.weight.is_some_and(|w| w >= 100.0)
                    };
                    let credit = a.weight.filter(|w| if multiple { true } else { *w < 100.0 && *w != 0.0 });
                    q.option(
                        is_right,
                        &text_in(format, &a.text),
                        a.feedback.as_deref().map(|f| text_in(format, f)).as_deref(),
                        credit,
                    );
                }
            }
        }
    }
    if let Some(g) = general.filter(|g| !g.is_empty()) {
        q.trailing("explanation", &g);
    }
    match out.push(&q) {
        Ok(()) => diags.extend(lost),
        Err(why) => diags.push(skipped(
            Diagnostic::error("gift/not-carried", format!("the question cannot be carried into coursepack ({why})"))
                .at_span(source, qstart..qstart + 1)
                .with_hint("import it by hand, or change it in Moodle and export again"),
        )),
    }
}

/// Warnings for what the importer cannot carry: images (Moodle keeps them in
/// its file store, `@@PLUGINFILE@@`, not in the GIFT file; `<img>` in HTML
/// text) and lists, which a question's prompt and answers flatten into a line.
fn report_losses(source: &SourceFile, offset: usize, body: &str, format: &str, lost: &mut Vec<Diagnostic>) {
    let lower = body.to_ascii_lowercase();
    let image = [lower.find("@@pluginfile@@"), lower.find("<img"), lower.find("![")].into_iter().flatten().min();
    if let Some(at) = image {
        // The file's name: the `src` of an `<img>`, else the reference itself.
        let from = match lower[at..].starts_with("<img").then(|| lower[at..].find("src=")).flatten() {
            Some(src) => at + src + 4,
            None => at,
        };
        let name = body[from..]
            .trim_start_matches(['"', '\'', '('])
            .split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ')' | '>'))
            .next()
            .unwrap_or("")
            .to_string();
        lost.push(loses(
            source,
            offset + at,
            &format!("its image (`{name}`): the image is not in the GIFT file"),
            "add the image to the module's media folder and write `![what it shows](media/<file>)` in the imported question",
        ));
    }
    let html_list = format == "html" && (lower.contains("<li") || lower.contains("<ul") || lower.contains("<ol"));
    let mut line_start = 0;
    let mut list_at =
        html_list.then(|| lower.find("<li").or_else(|| lower.find("<ul")).or_else(|| lower.find("<ol")).unwrap_or(0));
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let t = line.trim_start();
        let numbered = t.bytes().take_while(u8::is_ascii_digit).count();
        let is_item = t.starts_with("- ")
            || t.starts_with("* ")
            || t.starts_with("+ ")
            || numbered > 0 && (t[numbered..].starts_with(". ") || t[numbered..].starts_with(") "));
        if i > 0 && is_item && list_at.is_none() {
            list_at = Some(line_start + line.len() - t.len());
        }
        line_start += line.len();
    }
    if let Some(at) = list_at {
        lost.push(loses(
            source,
            offset + at,
            "its list: the items run together in one paragraph",
            "write the items as separate sentences, or restore the list by hand in the imported page",
        ));
    }
}

/// `{T}`, `{TRUE#wrong#right}` and the like: the value and the feedbacks.
fn true_false(s: &str) -> Option<(bool, Vec<String>)> {
    let head_end = find_unescaped(s, "#", 0).unwrap_or(s.len());
    let value = match s[..head_end].trim() {
        "T" | "TRUE" => true,
        "F" | "FALSE" => false,
        _ => return None,
    };
    let mut feedbacks = Vec::new();
    let mut pos = head_end;
    while pos < s.len() {
        let next = find_unescaped(s, "#", pos + 1).unwrap_or(s.len());
        feedbacks.push(unescape(&s[pos + 1..next]));
        pos = next;
    }
    Some((value, feedbacks))
}

/// `answers` with the text before the first marker (if any) as a first
/// answer marked `marker`: Moodle splits the answers at the markers, so
/// `{London}` is one short answer and `{a ~b}` has the wrong answer `a`.
fn with_leading(mut answers: Vec<Answer>, inner: &str, inner_at: usize, marker: char) -> Vec<Answer> {
    let first = answers.first().map_or(inner.len(), |a| a.at - inner_at);
    let lead = &inner[..first];
    if lead.trim().is_empty() {
        return answers;
    }
    let (text, feedback) = match find_unescaped(lead, "#", 0) {
        Some(h) => (&lead[..h], Some(lead[h + 1..].trim().to_string())),
        None => (lead, None),
    };
    let at = inner_at + (lead.len() - lead.trim_start().len());
    answers.insert(
        0,
        Answer {
            marker,
            weight: None,
            text: text.trim().to_string(),
            feedback: feedback.filter(|f| !f.is_empty()),
            at,
        },
    );
    answers
}

/// Split answers at unescaped `=` and `~`, reading `%weight%` and `#feedback`.
fn split_answers(s: &str, at: usize) -> Vec<Answer> {
    let mut starts = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        match bytes[i] {
            b'\\' => {
                i += 2;
                continue;
            }
            b'=' | b'~' => starts.push(i),
            _ => {}
        }
        i += 1;
    }
    let mut out = Vec::new();
    for (k, &st) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(s.len());
        let marker = char::from(bytes[st]);
        let mut text = &s[st + 1..end];
        let mut weight = None;
        let t = text.trim_start();
        if let Some(w) = t.strip_prefix('%')
            && let Some(close) = w.find('%')
        {
            weight = w[..close].trim().parse::<f64>().ok();
            text = &w[close + 1..];
        }
        let (text, feedback) = match find_unescaped(text, "#", 0) {
            Some(h) => (&text[..h], Some(text[h + 1..].trim().to_string())),
            None => (text, None),
        };
        out.push(Answer {
            marker,
            weight,
            text: text.trim().to_string(),
            feedback: feedback.filter(|f| !f.is_empty()),
            at: at + st,
        });
    }
    out
}
