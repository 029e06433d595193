//! How each question is reported as an interaction under SCORM 1.2, SCORM
//! 2004 4th edition and xAPI: interaction type, identifiers, correct-response
//! patterns and the recipe for formatting the learner's response, following
//! `standards.md` §2.7.
//!
//! Identifiers use only `[A-Za-z0-9_]` (Moodle accepts `[\w.]`, and `.` is a
//! separator in matching patterns). SCORM 1.2 choice, sequencing and likert
//! identifiers are single characters `a`-`z`. Every value is cut to the
//! target's length limit, so nothing invalid is ever sent; where a question
//! cannot be expressed, it degrades as documented in `docs/quiz.md`
//! ("Reporting to the LMS") and the compiler reports an info diagnostic.

use crate::model::{NumericAnswer, Question, QuestionKind};
use crate::score::{Response, normalise};
use serde::Serialize;

/// SCORM 1.2 `CMIFeedback` and `CMIIdentifier` length limit.
pub const SCORM12_LIMIT: usize = 255;
/// SCORM 2004 limit for a fill-in item and `description`.
pub const SCORM2004_ITEM_LIMIT: usize = 250;
/// SCORM 2004 limit for `learner_response` of long-fill-in and other.
pub const SCORM2004_LONG_LIMIT: usize = 4000;
/// SCORM 2004 maximum number of ids in a choice, matching or sequencing pattern.
pub const SCORM2004_MAX_IDS: usize = 36;
/// SCORM 2004 maximum items in a fill-in pattern.
pub const SCORM2004_MAX_FILL_ITEMS: usize = 10;
/// Cap on an xAPI `result.response` (the standard sets none; LRSs and reports cope better with a bound).
pub const XAPI_LIMIT: usize = 32_000;
/// Integer digits Moodle accepts in a SCORM 2004 real (`CMIDecimal`); larger learner numbers are capped.
pub const SCORM2004_MAX_INT_DIGITS: usize = 5;
/// Decimal places Moodle accepts in a SCORM 2004 real; further typed decimals are dropped.
pub const MAX_DECIMALS: usize = 18;
/// Correct-response patterns kept per interaction (SCORM 2004's smallest permitted maximum is 5).
pub const MAX_PATTERNS: usize = 5;

/// The interaction of one question under each standard.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Interactions {
    /// SCORM 1.2 (`cmi.interactions.n.*`).
    pub scorm12: Interaction,
    /// SCORM 2004 4th edition (`cmi.interactions.n.*`).
    pub scorm2004: Interaction,
    /// xAPI (`cmi.interaction` activity definition and `result.response`).
    pub xapi: Interaction,
}

/// One question's interaction under one standard.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Interaction {
    /// Interaction id (SCORM) or the last path segment of the activity IRI (xAPI).
    pub id: String,
    /// Interaction type (`choice`, `true-false`, `fill-in`, `long-fill-in`, `matching`,
    /// `performance`, `sequencing`, `likert`, `numeric`, `other`).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Correct-response patterns; empty when none is reported.
    pub patterns: Vec<String>,
    /// How to turn the learner's response into this standard's value.
    pub response: ResponseFormat,
    /// Longest value accepted for the learner's response, in characters.
    pub limit: usize,
    /// Short description (the prompt as plain text, cut to the standard's limit).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// How a compact [`Response`] becomes the standard's learner-response string.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResponseFormat {
    /// `ids` (choice, true-false, likert: chosen ids in option order), `sequence` (ids in the
    /// learner's order), `pairs` (matching), `texts` (fill and dropdown), `number`, `text`.
    pub kind: &'static str,
    /// Separator between items: `,` (SCORM 1.2) or `[,]`.
    pub sep: &'static str,
    /// Separator inside a matching pair: `.` (SCORM 1.2) or `[.]`.
    pub pair_sep: &'static str,
    /// Id of each option / item / scale point (authored order).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub ids: Vec<String>,
    /// Id of each matching source (left item).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub sources: Vec<String>,
    /// Id of each matching target.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub targets: Vec<String>,
    /// For `number`: the most integer digits the value may have; a learner's number beyond it
    /// is reported as the largest such number (`99999`), keeping its sign.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_int_digits: Option<usize>,
}

#[derive(Clone, Copy, PartialEq)]
enum Std {
    Scorm12,
    Scorm2004,
    Xapi,
}

impl Std {
    fn sep(self) -> &'static str {
        if self == Std::Scorm12 { "," } else { "[,]" }
    }
    fn pair_sep(self) -> &'static str {
        if self == Std::Scorm12 { "." } else { "[.]" }
    }
    fn name(self) -> &'static str {
        match self {
            Std::Scorm12 => "SCORM 1.2",
            Std::Scorm2004 => "SCORM 2004",
            Std::Xapi => "xAPI",
        }
    }
}

/// The interaction id for a question: its id with `-` as `_`, cut to 200 characters,
/// ending with a letter or digit.
pub fn interaction_id(question_id: &str, index: usize) -> String {
    let mut id: String =
        question_id.chars().take(200).map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    while id.ends_with('_') {
        id.pop();
    }
    if id.is_empty() {
        id = format!("q{}", index + 1);
    }
    id
}

/// A short identifier from text: lowercase ASCII letters and digits, `_` between words, at most 24 characters.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(24);
    // Only text with inline Markdown needs rendering to plain text first.
    let plain = if text.contains(['*', '_', '`', '[', '\\']) {
        std::borrow::Cow::Owned(crate::inline::to_text(text))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    for c in plain.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        if out.len() >= 24 {
            break;
        }
    }
    out.trim_end_matches('_').to_string()
}

/// Single-character SCORM 1.2 ids `a`..`z` for up to 26 items; `None` beyond.
fn letters(n: usize) -> Option<Vec<String>> {
    (n <= 26).then(|| (0..n).map(|i| char::from(b'a' + i as u8).to_string()).collect())
}

/// Readable ids (`a_public_task`) for SCORM 2004 and xAPI; unique by construction (the prefix is unique).
fn readable_ids(prefix_letters: bool, prefix: &str, texts: &[&str]) -> Vec<String> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let head = if prefix_letters && i < 26 {
                char::from(b'a' + i as u8).to_string()
            } else {
                format!("{prefix}{}", i + 1)
            };
            let s = slug(t);
            if s.is_empty() { head } else { format!("{head}_{s}") }
        })
        .collect()
}

/// Cut `text` to at most `limit` characters.
pub fn cut(text: &str, limit: usize) -> String {
    text.chars().take(limit).collect()
}

/// Make learner or author text safe as one item of a `[,]`-separated value: no `[,]`
/// inside, no leading `{` (which would read as a delimiter such as `{lang=cy}`).
pub fn safe_item(text: &str) -> String {
    let t = one_line(text).replace("[,]", ", ").replace("[.]", ". ");
    match t.strip_prefix('{') {
        Some(rest) => format!("({rest}"),
        None => t,
    }
}

/// Make a single free-text value safe: a leading `{` is written `(`, so it cannot read as a
/// `{lang=xx}` or `{case_matters=…}` delimiter (long-fill-in responses, descriptions).
pub fn safe_text(text: &str) -> String {
    let t = one_line(text);
    match t.strip_prefix('{') {
        Some(rest) => format!("({rest}"),
        None => t,
    }
}

/// Line breaks (`\r\n`, `\n`, `\r`, U+2028, U+2029) as spaces: SCORM runtimes check
/// character strings with patterns whose `.` matches no line break, and refuse them.
pub fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r', '\u{2028}', '\u{2029}'], " ")
}

/// Format a number for a SCORM pattern: at most 7 decimal places, no exponent.
fn real(v: f64) -> String {
    let s = format!("{v:.7}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// The interactions of `q` (at `index` in the quiz) and a message for each degradation.
pub fn interactions(q: &Question, index: usize) -> (Interactions, Vec<String>) {
    let mut degraded = Vec::new();
    let id = interaction_id(&q.id, index);
    let mut make = |std| interaction(q, &id, std, &mut degraded);
    let interactions =
        Interactions { scorm12: make(Std::Scorm12), scorm2004: make(Std::Scorm2004), xapi: make(Std::Xapi) };
    (interactions, degraded)
}

fn format(kind: &'static str, std: Std, ids: Vec<String>) -> ResponseFormat {
    ResponseFormat {
        kind,
        sep: std.sep(),
        pair_sep: std.pair_sep(),
        ids,
        sources: Vec::new(),
        targets: Vec::new(),
        max_int_digits: None,
    }
}

fn interaction(q: &Question, id: &str, std: Std, degraded: &mut Vec<String>) -> Interaction {
    let (long_limit, item_limit) = match std {
        Std::Scorm12 => (SCORM12_LIMIT, SCORM12_LIMIT),
        Std::Scorm2004 => (SCORM2004_LONG_LIMIT, SCORM2004_ITEM_LIMIT),
        Std::Xapi => (XAPI_LIMIT, XAPI_LIMIT),
    };
    let description = match std {
        Std::Scorm12 => String::new(),
        Std::Scorm2004 => cut(&safe_text(&q.prompt_text), SCORM2004_ITEM_LIMIT),
        Std::Xapi => q.prompt_text.clone(),
    };
    let mut note = |what: String| degraded.push(format!("question `{}`: {} {what}", q.id, std.name()));
    let (kind, patterns, response, limit): (&'static str, Vec<String>, ResponseFormat, usize) = match &q.kind {
        QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
            let texts: Vec<&str> = options.iter().map(|o| o.text.as_str()).collect();
            let too_many = match std {
                Std::Scorm12 => options.len() > 26,
                _ => options.len() > SCORM2004_MAX_IDS,
            };
            let ids = if std == Std::Scorm12 {
                letters(options.len()).unwrap_or_else(|| (1..=options.len()).map(|i| i.to_string()).collect())
            } else {
                readable_ids(true, "o", &texts)
            };
            let right: Vec<&str> =
                ids.iter().zip(options).filter(|(_, o)| o.correct).map(|(id, _)| id.as_str()).collect();
            let pattern = right.join(std.sep());
            if too_many && std != Std::Xapi {
                note(format!(
                    "cannot report a choice among {} options; it is reported as `performance`/`other` text",
                    options.len()
                ));
                let kind = if std == Std::Scorm12 { "performance" } else { "other" };
                let patterns = if pattern.chars().count() <= long_limit && std == Std::Scorm12 {
                    vec![pattern]
                } else {
                    Vec::new()
                };
                (kind, patterns, format("ids", std, ids), long_limit)
            } else {
                ("choice", vec![pattern], format("ids", std, ids), long_limit)
            }
        }
        QuestionKind::TrueFalse { answer, .. } => {
            let ids: Vec<String> =
                if std == Std::Scorm12 { vec!["t".into(), "f".into()] } else { vec!["true".into(), "false".into()] };
            let pattern = ids[usize::from(!*answer)].clone();
            ("true-false", vec![pattern], format("ids", std, ids), long_limit)
        }
        QuestionKind::Fill { blanks, case_sensitive, .. } => {
            let alternatives: Vec<Vec<String>> = blanks
                .iter()
                .map(|b| b.accepted.iter().map(|a| cut(&safe_item(&normalise(a, true)), item_limit)).collect())
                .collect();
            fill_like(std, &alternatives, *case_sensitive, long_limit, &mut note)
        }
        QuestionKind::Dropdown { blanks, .. } => {
            let alternatives: Vec<Vec<String>> =
                blanks.iter().map(|b| vec![cut(&safe_item(&b.options[b.correct]), item_limit)]).collect();
            fill_like(std, &alternatives, true, long_limit, &mut note)
        }
        QuestionKind::Numeric { answers } => {
            let full: Vec<&NumericAnswer> = answers.iter().filter(|a| a.is_full()).collect();
            let exact = |a: &NumericAnswer| a.min == a.max;
            let range = |a: &NumericAnswer| format!("{}[:]{}", real(a.min), real(a.max));
            let patterns: Vec<String> = match std {
                // SCORM 1.2 patterns are single numbers: a range is reported without one (documented).
                Std::Scorm12 => full.iter().filter(|a| exact(a)).take(MAX_PATTERNS).map(|a| real(a.min)).collect(),
                // SCORM 2004 keeps one numeric pattern, and it must contain `[:]`.
                Std::Scorm2004 => full.first().map(|a| range(a)).into_iter().collect(),
                Std::Xapi => {
                    full.iter().take(MAX_PATTERNS).map(|a| if exact(a) { real(a.min) } else { range(a) }).collect()
                }
            };
            if std == Std::Scorm2004 && full.len() > 1 {
                note(format!(
                    "keeps one numeric correct-response pattern; only the first of the {} full-credit answers is listed",
                    full.len()
                ));
            }
            let too_big = full.first().is_some_and(|a| a.min.abs() >= 100_000.0 || a.max.abs() >= 100_000.0);
            if std == Std::Scorm2004 && too_big {
                note("(Moodle) accepts at most 5 integer digits; the answer is reported as `fill-in` text".into());
                ("fill-in", Vec::new(), format("number", std, Vec::new()), item_limit)
            } else {
                let mut response = format("number", std, Vec::new());
                if std == Std::Scorm2004 {
                    response.max_int_digits = Some(SCORM2004_MAX_INT_DIGITS);
                }
                ("numeric", patterns, response, long_limit)
            }
        }
        QuestionKind::Matching { pairs, targets, .. } => {
            let (sources, target_ids) = if std == Std::Scorm12 {
                let s = (pairs.len() <= 9).then(|| (1..=pairs.len()).map(|i| i.to_string()).collect::<Vec<_>>());
                match (s, letters(targets.len())) {
                    (Some(s), Some(t)) => (s, t),
                    _ => (
                        (1..=pairs.len()).map(|i| format!("s{i}")).collect(),
                        (1..=targets.len()).map(|i| format!("t{i}")).collect(),
                    ),
                }
            } else {
                let lefts: Vec<&str> = pairs.iter().map(|p| p.left.as_str()).collect();
                let rights: Vec<&str> = targets.iter().map(String::as_str).collect();
                (readable_ids(false, "s", &lefts), readable_ids(false, "t", &rights))
            };
            let pattern = pairs
                .iter()
                .enumerate()
                .map(|(i, p)| format!("{}{}{}", sources[i], std.pair_sep(), target_ids[p.target]))
                .collect::<Vec<_>>()
                .join(std.sep());
            let mut response = format("pairs", std, Vec::new());
            response.sources = sources.clone();
            response.targets = target_ids;
            let fits = match std {
                Std::Scorm12 => sources[0].len() == 1 && pattern.len() <= SCORM12_LIMIT,
                Std::Scorm2004 => pairs.len() <= SCORM2004_MAX_IDS,
                Std::Xapi => true,
            };
            if fits {
                ("matching", vec![pattern], response, long_limit)
            } else {
                note(format!(
                    "cannot report {} pairs as `matching`; they are reported as `performance`/`other` text",
                    pairs.len()
                ));
                let kind = if std == Std::Scorm12 { "performance" } else { "other" };
                (kind, Vec::new(), response, long_limit)
            }
        }
        QuestionKind::Ordering { items } => {
            let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
            let ids = if std == Std::Scorm12 {
                letters(items.len()).unwrap_or_else(|| (1..=items.len()).map(|i| i.to_string()).collect())
            } else {
                readable_ids(true, "i", &texts)
            };
            let pattern = ids.join(std.sep());
            let fits = match std {
                Std::Scorm12 => items.len() <= 26,
                Std::Scorm2004 => items.len() <= SCORM2004_MAX_IDS,
                Std::Xapi => true,
            };
            if fits {
                ("sequencing", vec![pattern], format("sequence", std, ids), long_limit)
            } else {
                note(format!(
                    "cannot report a sequence of {} items; it is reported as `performance`/`other` text",
                    items.len()
                ));
                let kind = if std == Std::Scorm12 { "performance" } else { "other" };
                (kind, Vec::new(), format("sequence", std, ids), long_limit)
            }
        }
        QuestionKind::Likert { scale } => {
            let texts: Vec<&str> = scale.iter().map(|i| i.text.as_str()).collect();
            if std == Std::Scorm12 && scale.len() > 26 {
                note(format!(
                    "likert takes one character; {} scale points are reported as `performance` text",
                    scale.len()
                ));
                let ids = (1..=scale.len()).map(|i| i.to_string()).collect();
                ("performance", Vec::new(), format("ids", std, ids), long_limit)
            } else {
                let ids = match std {
                    Std::Scorm12 => letters(scale.len()).unwrap_or_default(),
                    _ => readable_ids(true, "p", &texts),
                };
                ("likert", Vec::new(), format("ids", std, ids), long_limit)
            }
        }
        QuestionKind::Reflection => match std {
            Std::Scorm12 => ("fill-in", Vec::new(), format("text", std, Vec::new()), SCORM12_LIMIT),
            _ => ("long-fill-in", Vec::new(), format("text", std, Vec::new()), long_limit),
        },
    };
    Interaction { id: id.to_string(), kind, patterns, response, limit, description }
}

/// Fill-in patterns: the first accepted answer of every blank, then variants
/// that change one blank at a time to another accepted answer, up to
/// [`MAX_PATTERNS`].
fn fill_like(
    std: Std,
    alternatives: &[Vec<String>],
    case_sensitive: bool,
    long_limit: usize,
    note: &mut dyn FnMut(String),
) -> (&'static str, Vec<String>, ResponseFormat, usize) {
    let mut combos: Vec<Vec<&str>> = vec![alternatives.iter().map(|a| a[0].as_str()).collect()];
    'outer: for (b, alts) in alternatives.iter().enumerate() {
        for alt in alts.iter().skip(1) {
            if combos.len() >= MAX_PATTERNS {
                break 'outer;
            }
            let mut c = combos[0].clone();
            c[b] = alt;
            combos.push(c);
        }
    }
    let prefix = match (std, case_sensitive, alternatives.len() > 1) {
        (Std::Scorm12, _, _) => String::new(),
        (_, true, true) => "{case_matters=true}{order_matters=true}".into(),
        (_, true, false) => "{case_matters=true}".into(),
        (_, false, true) => "{order_matters=true}".into(),
        (_, false, false) => String::new(),
    };
    let patterns: Vec<String> = combos
        .iter()
        .map(|c| format!("{prefix}{}", c.join(std.sep())))
        .filter(|p| std != Std::Scorm12 || p.chars().count() <= SCORM12_LIMIT)
        .collect();
    if std == Std::Scorm2004 && alternatives.len() > SCORM2004_MAX_FILL_ITEMS {
        note(format!(
            "fill-in takes at most {SCORM2004_MAX_FILL_ITEMS} blanks, not {}; the answers are reported as `other` text",
            alternatives.len()
        ));
        return ("other", Vec::new(), format("texts", std, Vec::new()), long_limit);
    }
    if std == Std::Scorm12 && patterns.is_empty() {
        note("cannot fit the correct answers in 255 characters; they are not reported".into());
    }
    ("fill-in", patterns, format("texts", std, Vec::new()), long_limit)
}

/// Format a learner's response for one standard. Mirrors `formatResponse` in `assets/quiz.js`.
pub fn learner_response(q: &Question, i: &Interaction, r: &Response) -> String {
    let f = &i.response;
    let text = match (f.kind, r) {
        ("ids", Response::Index(n)) => f.ids.get(*n).cloned().unwrap_or_default(),
        ("ids", Response::Indices(list)) => {
            let mut chosen: Vec<usize> = list.iter().flatten().copied().filter(|n| *n < f.ids.len()).collect();
            chosen.sort_unstable();
            chosen.dedup();
            chosen.iter().map(|n| f.ids[*n].as_str()).collect::<Vec<_>>().join(f.sep)
        }
        ("sequence", Response::Indices(list)) => {
            list.iter().flatten().filter_map(|n| f.ids.get(*n)).map(String::as_str).collect::<Vec<_>>().join(f.sep)
        }
        ("pairs", Response::Indices(list)) => list
            .iter()
            .enumerate()
            .filter_map(|(s, t)| Some(format!("{}{}{}", f.sources.get(s)?, f.pair_sep, f.targets.get((*t)?)?)))
            .collect::<Vec<_>>()
            .join(f.sep),
        ("texts", Response::Texts(list)) => {
            let limit = if f.sep == "," { SCORM12_LIMIT } else { SCORM2004_ITEM_LIMIT };
            list.iter().map(|t| cut(&safe_item(&normalise(t, true)), limit)).collect::<Vec<_>>().join(f.sep)
        }
        ("texts", Response::Indices(list)) => {
            let QuestionKind::Dropdown { blanks, .. } = &q.kind else { return String::new() };
            blanks
                .iter()
                .enumerate()
                .map(|(b, blank)| match list.get(b).copied().flatten().and_then(|n| blank.options.get(n)) {
                    Some(t) => safe_item(t),
                    None => String::new(),
                })
                .collect::<Vec<_>>()
                .join(f.sep)
        }
        ("number", Response::Text(t)) => number_text(t, f.max_int_digits),
        ("text", Response::Text(t)) => safe_text(t.trim()),
        _ => String::new(),
    };
    cut(&text, i.limit)
}

/// The learner's number as a canonical decimal string, or empty when it is not a number:
/// spaces removed, `,` read as `.`, no `+`, no leading zeros (`.5` is `0.5`), at most
/// [`MAX_DECIMALS`] decimals, and with `max_int_digits`, capped at that many nines.
pub fn number_text(text: &str, max_int_digits: Option<usize>) -> String {
    if crate::score::learner_number(text).is_none() {
        return String::new();
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let fixed =
        if !compact.contains('.') && compact.matches(',').count() == 1 { compact.replace(',', ".") } else { compact };
    let (negative, body) = match fixed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, fixed.strip_prefix('+').unwrap_or(&fixed)),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let mut int = int.trim_start_matches('0').to_string();
    if int.is_empty() {
        int.push('0');
    }
    let mut frac: String = frac.chars().take(MAX_DECIMALS).collect();
    if let Some(max) = max_int_digits
        && int.len() > max
    {
        int = "9".repeat(max);
        frac.clear();
    }
    let sign = if negative { "-" } else { "" };
    if frac.is_empty() { format!("{sign}{int}") } else { format!("{sign}{int}.{frac}") }
}
