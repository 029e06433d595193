//! Interactive blocks: fenced blocks whose info string names the block
//! (```` ```accordion ````, ```` ```tabs ````, ```` ```flashcards ````,
//! ```` ```labelled-graphic ````, ```` ```process ````, ```` ```timeline ````,
//! ```` ```reveal ````), written in one syntax (docs/authoring.md, "Blocks"):
//!
//! ````text
//! ```accordion
//! id: lawful-bases            ← optional header keys, one `key: value` a line
//! Some Markdown first.        ← optional introduction
//!
//! ## Public task              ← each heading at the block's top level starts an item
//! Markdown of the item.       ← (item keys such as `date:` may follow the heading)
//! ```
//! ````
//!
//! This module reads that structure ([`read`]) with byte spans inside the
//! block; the page walker compiles each part's Markdown (so images, links and
//! every page check work inside blocks, located at their own line) and
//! [`render`] wraps the parts in the block's HTML. Every block is complete
//! without JavaScript: its widget script (`coursepack-render/assets/widgets/`)
//! turns the HTML into the interactive pattern.

use crate::escape::html as esc;
use crate::model::Widget;
use coursepack_diagnostics::{Diagnostic, did_you_mean};
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::ops::Range;

/// Most items a block may have. Widgets keep which items are open or turned
/// as bits of one number, so this bounds the saved state.
pub const MAX_ITEMS: usize = 20;

/// The kinds of block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// Panels of Markdown behind stacked headings.
    Accordion,
    /// Panels of Markdown behind a row of tabs.
    Tabs,
    /// Cards with a front (the heading) and a back (the Markdown).
    Flashcards,
    /// An image with numbered markers, each opening a note.
    LabelledGraphic,
    /// Steps shown one at a time.
    Process,
    /// Dated events in order.
    Timeline,
    /// One button that reveals an answer or a model response.
    Reveal,
}

impl BlockKind {
    /// Every kind, for documentation and tests.
    pub const ALL: [BlockKind; 7] = [
        BlockKind::Accordion,
        BlockKind::Tabs,
        BlockKind::Flashcards,
        BlockKind::LabelledGraphic,
        BlockKind::Process,
        BlockKind::Timeline,
        BlockKind::Reveal,
    ];

    /// The kind a fence's info string names, if any.
    pub fn from_info(info: &str) -> Option<BlockKind> {
        BlockKind::ALL.into_iter().find(|k| k.name() == info)
    }

    /// The info string.
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Accordion => "accordion",
            BlockKind::Tabs => "tabs",
            BlockKind::Flashcards => "flashcards",
            BlockKind::LabelledGraphic => "labelled-graphic",
            BlockKind::Process => "process",
            BlockKind::Timeline => "timeline",
            BlockKind::Reveal => "reveal",
        }
    }

    /// What one item is called in messages.
    pub fn item_noun(self) -> &'static str {
        match self {
            BlockKind::Accordion => "panel",
            BlockKind::Tabs => "tab",
            BlockKind::Flashcards => "card",
            BlockKind::LabelledGraphic => "marker",
            BlockKind::Process => "step",
            BlockKind::Timeline => "event",
            BlockKind::Reveal => "hidden part",
        }
    }

    /// The widget whose script and stylesheet the block needs.
    pub fn widget(self) -> Widget {
        match self {
            BlockKind::Accordion | BlockKind::Reveal => Widget::Accordion,
            BlockKind::Tabs => Widget::Tabs,
            BlockKind::Flashcards => Widget::Flashcards,
            BlockKind::LabelledGraphic => Widget::LabelledGraphic,
            BlockKind::Process => Widget::Process,
            BlockKind::Timeline => Widget::Timeline,
        }
    }

    /// Keys allowed at the top of the block.
    pub fn header_keys(self) -> &'static [&'static str] {
        match self {
            BlockKind::Tabs => &["id", "label"],
            BlockKind::LabelledGraphic => &["id", "image", "alt"],
            _ => &["id"],
        }
    }

    /// Keys allowed on the lines right after an item's heading.
    pub fn item_keys(self) -> &'static [&'static str] {
        match self {
            BlockKind::LabelledGraphic => &["at"],
            BlockKind::Timeline => &["date"],
            _ => &[],
        }
    }

    /// The fewest and most items the block may have.
    fn item_range(self) -> (usize, usize) {
        match self {
            BlockKind::Reveal => (1, 1),
            BlockKind::Tabs | BlockKind::Process | BlockKind::Timeline => (2, MAX_ITEMS),
            _ => (1, MAX_ITEMS),
        }
    }

    /// The longest value the block's widget stores in the learner's state for
    /// `items` items, or `None` when it keeps nothing.
    pub fn state_max_len(self, items: usize) -> Option<usize> {
        match self {
            // A bit per item: open panels, turned cards, visited markers.
            BlockKind::Accordion | BlockKind::Flashcards | BlockKind::LabelledGraphic => {
                Some(digits((1u64 << items.min(63)) - 1))
            }
            // The selected tab, the current step.
            BlockKind::Tabs | BlockKind::Process => Some(digits(items.saturating_sub(1) as u64)),
            // Revealed or not.
            BlockKind::Reveal => Some(1),
            BlockKind::Timeline => None,
        }
    }
}

fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// Maps byte positions in a block's body to positions in the page file.
///
/// A fenced block's body is the text of its lines without the indentation of
/// the container it sits in (a list item, a quotation), so it is made of
/// pieces that are each contiguous in the file.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    /// `(body position, file position)` where each piece starts, in order.
    pieces: Vec<(usize, usize)>,
}

impl SourceMap {
    /// A map for a body that is one contiguous piece starting at `file_start`.
    pub fn contiguous(file_start: usize) -> SourceMap {
        SourceMap { pieces: vec![(0, file_start)] }
    }

    /// Record that the body text from `body_pos` on comes from `file_pos`.
    pub fn push(&mut self, body_pos: usize, file_pos: usize) {
        if self.pieces.last().is_some_and(|(b, f)| file_pos.checked_sub(*f) == Some(body_pos - b)) {
            return;
        }
        self.pieces.push((body_pos, file_pos));
    }

    /// True when no piece has been recorded.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The file position of body position `pos`.
    pub fn file_pos(&self, pos: usize) -> usize {
        let i = self.pieces.partition_point(|(b, _)| *b <= pos);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some((b, f)) => f + (pos - b),
            None => self.pieces.first().map_or(pos, |(_, f)| *f),
        }
    }

    /// The file span of a body span.
    pub fn file_span(&self, span: Range<usize>) -> Range<usize> {
        let start = self.file_pos(span.start);
        start..start.max(self.file_pos(span.end))
    }
}

/// A `key: value` line, with body spans of the line and of the value.
#[derive(Clone, Debug)]
pub struct KeyLine {
    /// The key.
    pub key: String,
    /// The value, trimmed.
    pub value: String,
    /// Span of the whole line in the body.
    pub line: Range<usize>,
    /// Span of the value in the body.
    pub span: Range<usize>,
}

/// One item: a top-level heading of the block and what follows it.
#[derive(Clone, Debug)]
pub struct RawItem {
    /// Span of the heading's line(s) in the body.
    pub heading: Range<usize>,
    /// Span of the heading's inline content (its title) in the body.
    pub title: Range<usize>,
    /// Level the author wrote the heading at (1-6).
    pub level: usize,
    /// Item keys right after the heading.
    pub keys: Vec<KeyLine>,
    /// Span of the item's Markdown (after its keys) in the body.
    pub body: Range<usize>,
}

/// The parts of a block's body.
#[derive(Clone, Debug, Default)]
pub struct RawBlock {
    /// Header keys.
    pub header: Vec<KeyLine>,
    /// Span of the introduction's Markdown in the body (may be empty).
    pub intro: Range<usize>,
    /// The items in order.
    pub items: Vec<RawItem>,
}

impl RawBlock {
    /// The header value for `key`.
    pub fn header(&self, key: &str) -> Option<&KeyLine> {
        self.header.iter().find(|k| k.key == key)
    }
}

/// `key: value` when `line` starts with a lowercase word, a colon and a space
/// (or the end of the line): the key and the offset of its value.
fn key_of(line: &str) -> Option<(&str, usize)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    if key.is_empty()
        || !key.starts_with(|c: char| c.is_ascii_lowercase())
        || !key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return None;
    }
    let after = &line[colon + 1..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    Some((key, colon + 1 + (after.len() - after.trim_start().len())))
}

/// Leading `key: value` lines of `text[from..to]` (blank lines before them
/// are skipped): the keys, and where the rest starts. A line is a key line
/// when its key is one of `known`, or close to one (reported as unknown with
/// a suggestion), or in `header` position a single word (a setting that does
/// not exist); anything else starts the Markdown.
fn read_keys(
    text: &str,
    range: Range<usize>,
    known: &[&str],
    header: bool,
    ctx: &str,
    out: &mut Reporter<'_>,
) -> (Vec<KeyLine>, usize) {
    let mut keys: Vec<KeyLine> = Vec::new();
    let mut pos = range.start;
    let mut rest_start = range.start;
    for line in text[range.clone()].split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed_end = line.trim_end();
        if trimmed_end.trim().is_empty() {
            if keys.is_empty() {
                rest_start = pos;
                continue;
            }
            break;
        }
        let Some((key, value_at)) = key_of(trimmed_end) else { break };
        let value = trimmed_end[value_at..].trim_end();
        let is_known = known.contains(&key);
        let suggestion = did_you_mean(key, known.iter().copied());
        let setting_like = header && !value.contains(char::is_whitespace);
        if !is_known && suggestion.is_none() && !setting_like {
            break;
        }
        let line_span = start..start + trimmed_end.len();
        if !is_known {
            let d = Diagnostic::error("block/unknown-key", format!("unknown key `{key}` in {ctx}"));
            let d = match suggestion {
                Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                None if known.is_empty() => d.with_hint("this part takes no keys; start the text on this line"),
                None => d.with_hint(format!("the keys here are {}", list(known))),
            };
            out.report(d, start..start + key.len());
        } else if keys.iter().any(|k| k.key == key) {
            out.report(
                Diagnostic::error("block/duplicate-key", format!("`{key}` is given twice in {ctx}"))
                    .with_hint("keep one line per key"),
                line_span.clone(),
            );
        } else {
            keys.push(KeyLine {
                key: key.to_string(),
                value: value.to_string(),
                line: line_span,
                span: start + value_at..start + value_at + value.len(),
            });
        }
        rest_start = pos;
    }
    (keys, rest_start.min(range.end))
}

/// Where problems found in a block's body go, located in the page file.
struct Reporter<'a> {
    map: &'a SourceMap,
    file: &'a coursepack_diagnostics::SourceFile,
    problems: &'a mut Vec<Diagnostic>,
}

impl Reporter<'_> {
    /// Report `d` at `span` of the body.
    fn report(&mut self, d: Diagnostic, span: Range<usize>) {
        self.problems.push(d.at_span(self.file, self.map.file_span(span)));
    }
}

fn list(keys: &[&str]) -> String {
    keys.iter().map(|k| format!("`{k}:`")).collect::<Vec<_>>().join(", ")
}

/// Read a block's body into its header keys, introduction and items,
/// reporting misplaced or unknown keys and a wrong number of items.
/// `fence` is the span of the whole block in the file.
pub fn read(
    kind: BlockKind,
    body: &str,
    map: &SourceMap,
    file: &coursepack_diagnostics::SourceFile,
    fence: Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> RawBlock {
    let ctx = format!("a `{}` block", kind.name());
    let mut out = Reporter { map, file, problems };
    let (header, content_start) = read_keys(body, 0..body.len(), kind.header_keys(), true, &ctx, &mut out);

    // The block's own top-level headings, with their content spans.
    let content = &body[content_start..];
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM;
    let mut headings: Vec<(usize, Range<usize>, Range<usize>)> = Vec::new();
    let mut depth = 0usize;
    let mut open: Option<(usize, Range<usize>, Option<Range<usize>>)> = None;
    for (event, range) in Parser::new_ext(content, options).into_offset_iter() {
        let range = range.start + content_start..range.end + content_start;
        match event {
            Event::Start(Tag::Heading { level, .. }) if depth == 0 => {
                open = Some((level as usize, range.clone(), None));
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && let Some((level, whole, inner)) = open.take()
                {
                    let inner = inner.unwrap_or(whole.end..whole.end);
                    headings.push((level, whole, inner));
                }
            }
            _ => {}
        }
        if depth >= 1
            && let Some((_, whole, inner)) = &mut open
            && range != *whole
        {
            let r = inner.get_or_insert(range.clone());
            r.start = r.start.min(range.start);
            r.end = r.end.max(range.end);
        }
    }
    let item_level = headings.iter().map(|(level, ..)| *level).min();
    let item_headings: Vec<&(usize, Range<usize>, Range<usize>)> =
        headings.iter().filter(|(level, ..)| Some(*level) == item_level).collect();
    let intro_end = item_headings.first().map_or(body.len(), |(_, whole, _)| whole.start);
    let mut items = Vec::new();
    for (i, (level, whole, title)) in item_headings.iter().enumerate() {
        let end = item_headings.get(i + 1).map_or(body.len(), |(_, next, _)| next.start);
        let item_ctx = format!("a {} of a `{}` block", kind.item_noun(), kind.name());
        let (keys, body_start) = read_keys(body, whole.end..end, kind.item_keys(), false, &item_ctx, &mut out);
        items.push(RawItem {
            heading: whole.clone(),
            title: title.clone(),
            level: *level,
            keys,
            body: body_start..end,
        });
    }

    let (min, max) = kind.item_range();
    let fence_line = {
        let text = file.text();
        let start = fence.start.min(text.len());
        let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
        start..end
    };
    if items.len() < min {
        let (message, hint) = match (kind, items.len()) {
            (BlockKind::Reveal, _) => (
                "a `reveal` block needs a heading for what it reveals".to_string(),
                "write `## Model answer` (the button's words) on a line of its own, with the hidden text under it"
                    .to_string(),
            ),
            (_, 0) => (
                format!("this `{}` block has no {}s", kind.name(), kind.item_noun()),
                format!("start each {} with a heading line such as `## Title`", kind.item_noun()),
            ),
            _ => (
                format!(
                    "a `{}` block needs at least {min} {}s; this one has {}",
                    kind.name(),
                    kind.item_noun(),
                    items.len()
                ),
                format!("add another `## …` {}, or use a different block", kind.item_noun()),
            ),
        };
        out.problems.push(Diagnostic::error("block/too-few-items", message).with_hint(hint).at_span(file, fence_line));
    } else if items.len() > max {
        let extra = &items[max];
        let message = if kind == BlockKind::Reveal {
            "a `reveal` block reveals one thing; this is a second heading at its top level".to_string()
        } else {
            format!(
                "a `{}` block can have at most {max} {}s; this is {} {}",
                kind.name(),
                kind.item_noun(),
                ordinal(max + 1),
                kind.item_noun()
            )
        };
        let hint = if kind == BlockKind::Reveal {
            "use an `accordion` block for several, or make this heading deeper (`###`) to keep it inside the revealed part"
        } else {
            "split it into two blocks; long lists of panels are hard to use on a phone"
        };
        out.report(Diagnostic::error("block/too-many-items", message).with_hint(hint), extra.heading.clone());
    }
    RawBlock { header, intro: content_start..intro_end, items }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("a {n}{suffix}")
}

/// A block item after its Markdown has been compiled.
#[derive(Clone, Debug, Default)]
pub struct Item {
    /// Safe inline HTML of the heading's text.
    pub title_html: String,
    /// Plain text of the heading.
    pub title_text: String,
    /// Item keys by name (already checked).
    pub keys: BTreeMap<String, String>,
    /// Safe HTML of the item's Markdown.
    pub body_html: String,
}

/// Everything a block's HTML is made from.
pub struct Parts<'a> {
    /// The block's kind.
    pub kind: BlockKind,
    /// Its id (unique in the module).
    pub id: &'a str,
    /// Heading level of its items (2-6).
    pub level: usize,
    /// Safe HTML of the introduction.
    pub intro_html: &'a str,
    /// The items.
    pub items: &'a [Item],
    /// The labelled graphic's `<img>` (already checked), or the tabs' label.
    pub extra: &'a str,
    /// The module's interface strings.
    pub strings: &'a BTreeMap<String, String>,
}

/// The block's HTML: complete and readable without JavaScript (every panel,
/// card back, step, note and hidden part shown, under its heading); the
/// widget script turns it into the interactive pattern.
pub fn render(p: &Parts<'_>) -> String {
    let id = p.id;
    let kind = p.kind.name();
    let mut h = String::new();
    let state =
        if p.kind.state_max_len(p.items.len()).is_some() { format!(" data-state-id=\"{id}\"") } else { String::new() };
    let _ = write!(h, "<div class=\"cp-block cp-{kind}\" id=\"cpb-{id}\" data-block=\"{kind}\"{state}");
    if p.kind == BlockKind::Tabs {
        let _ = write!(h, " data-label=\"{}\"", esc(p.extra));
    }
    h.push_str(">\n");
    if !p.intro_html.trim().is_empty() {
        let _ = write!(h, "<div class=\"cp-block-intro\">\n{}</div>\n", p.intro_html);
    }
    let lv = p.level;
    match p.kind {
        BlockKind::Accordion | BlockKind::Reveal => {
            for (i, item) in p.items.iter().enumerate() {
                let _ = write!(
                    h,
                    "<div class=\"cp-acc-item\">\n<h{lv} class=\"cp-acc-heading\" id=\"cpb-{id}-h{i}\">{}</h{lv}>\n<div class=\"cp-acc-panel\" id=\"cpb-{id}-p{i}\">\n{}</div>\n</div>\n",
                    item.title_html, item.body_html
                );
            }
        }
        BlockKind::Tabs => {
            for (i, item) in p.items.iter().enumerate() {
                let _ = write!(
                    h,
                    "<div class=\"cp-tab-panel\" id=\"cpb-{id}-p{i}\">\n<h{lv} class=\"cp-tab-title\" id=\"cpb-{id}-h{i}\">{}</h{lv}>\n{}</div>\n",
                    item.title_html, item.body_html
                );
            }
        }
        BlockKind::Flashcards => {
            let front = string(p.strings, "card_front");
            let back = string(p.strings, "card_back");
            h.push_str("<ul class=\"cp-cards\">\n");
            for (i, item) in p.items.iter().enumerate() {
                let _ = write!(
                    h,
                    "<li class=\"cp-card\" id=\"cpb-{id}-c{i}\">\n<div class=\"cp-card-front\" id=\"cpb-{id}-f{i}\">\n<p class=\"cp-card-side\">{front}</p>\n<h{lv} class=\"cp-card-title\">{}</h{lv}>\n</div>\n<div class=\"cp-card-back\" id=\"cpb-{id}-b{i}\">\n<p class=\"cp-card-side\">{back}</p>\n{}</div>\n</li>\n",
                    item.title_html, item.body_html
                );
            }
            h.push_str("</ul>\n");
        }
        BlockKind::LabelledGraphic => {
            let _ =
                write!(h, "<div class=\"cp-graphic-stage\">\n{}\n</div>\n<ol class=\"cp-graphic-notes\">\n", p.extra);
            for (i, item) in p.items.iter().enumerate() {
                let (x, y) = item.keys.get("at").and_then(|at| parse_at(at).ok()).unwrap_or((0.0, 0.0));
                let _ = write!(
                    h,
                    "<li class=\"cp-graphic-note\" id=\"cpb-{id}-n{i}\" data-x=\"{x}\" data-y=\"{y}\">\n<h{lv} class=\"cp-graphic-label\" id=\"cpb-{id}-h{i}\">{}</h{lv}>\n<div class=\"cp-graphic-text\" id=\"cpb-{id}-p{i}\">\n{}</div>\n</li>\n",
                    item.title_html, item.body_html
                );
            }
            h.push_str("</ol>\n");
        }
        BlockKind::Process => {
            h.push_str("<ol class=\"cp-steps\">\n");
            for (i, item) in p.items.iter().enumerate() {
                let _ = write!(
                    h,
                    "<li class=\"cp-step\" id=\"cpb-{id}-s{i}\">\n<h{lv} class=\"cp-step-title\" id=\"cpb-{id}-h{i}\">{}</h{lv}>\n{}</li>\n",
                    item.title_html, item.body_html
                );
            }
            h.push_str("</ol>\n");
        }
        BlockKind::Timeline => {
            h.push_str("<ol class=\"cp-timeline-list\">\n");
            for item in p.items {
                let date = item.keys.get("date").map(String::as_str).unwrap_or_default();
                let time = match machine_date(date) {
                    Some(iso) => format!("<time datetime=\"{iso}\">{}</time>", esc(date)),
                    None => esc(date),
                };
                let _ = write!(
                    h,
                    "<li class=\"cp-event\">\n<p class=\"cp-event-date\">{time}</p>\n<h{lv} class=\"cp-event-title\">{}</h{lv}>\n{}</li>\n",
                    item.title_html, item.body_html
                );
            }
            h.push_str("</ol>\n");
        }
    }
    h.push_str("</div>\n");
    h
}

fn string(strings: &BTreeMap<String, String>, key: &str) -> String {
    esc(strings.get(key).map_or(key, String::as_str))
}

/// Month names a timeline date may use, English then Welsh (lower case), by month number - 1.
const MONTHS: [[&str; 3]; 12] = [
    ["january", "jan", "ionawr"],
    ["february", "feb", "chwefror"],
    ["march", "mar", "mawrth"],
    ["april", "apr", "ebrill"],
    ["may", "may", "mai"],
    ["june", "jun", "mehefin"],
    ["july", "jul", "gorffennaf"],
    ["august", "aug", "awst"],
    ["september", "sep", "medi"],
    ["october", "oct", "hydref"],
    ["november", "nov", "tachwedd"],
    ["december", "dec", "rhagfyr"],
];

/// The `datetime` of a timeline date written as a year, a month and year or a
/// full date, in ISO form (`1964`, `2018-05`, `2018-05-25`) or in words, in
/// English or Welsh (`May 2018`, `25 May 2018`, `25th May 2018`, `25 Mai
/// 2018`); `None` for anything else ("Spring 2025", "Week 1"), which is shown
/// as written without a `<time>` element.
pub fn machine_date(date: &str) -> Option<String> {
    let d = date.trim();
    let numeric = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    let month_ok = |m: u32| (1..=12).contains(&m);
    let day_ok = |m: u32, day: u32| day >= 1 && day <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m as usize - 1];
    let iso: Vec<&str> = d.split('-').collect();
    match iso.as_slice() {
        [y] if numeric(y, 4) => return Some(d.to_string()),
        [y, m] if numeric(y, 4) && numeric(m, 2) => {
            return month_ok(m.parse().ok()?).then(|| d.to_string());
        }
        [y, m, day] if numeric(y, 4) && numeric(m, 2) && numeric(day, 2) => {
            let (m, day): (u32, u32) = (m.parse().ok()?, day.parse().ok()?);
            return (month_ok(m) && day_ok(m, day)).then(|| d.to_string());
        }
        _ => {}
    }
    let words: Vec<String> = d.split_whitespace().map(|w| w.trim_end_matches(',').to_lowercase()).collect();
    let month_of = |w: &str| MONTHS.iter().position(|names| names.contains(&w)).map(|i| i as u32 + 1);
    match words.as_slice() {
        [m, y] if numeric(y, 4) => month_of(m).map(|m| format!("{y}-{m:02}")),
        [day, m, y] if numeric(y, 4) => {
            let digits = day.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix_ok = matches!(
                &day[digits.len()..],
                "" | "st" | "nd" | "rd" | "th" | "af" | "ed" | "ydd" | "fed" | "eg" | "ain"
            );
            let day: u32 = digits.parse().ok().filter(|_| suffix_ok && (1..=2).contains(&digits.len()))?;
            let m = month_of(m)?;
            day_ok(m, day).then(|| format!("{y}-{m:02}-{day:02}"))
        }
        _ => None,
    }
}

/// A marker position `at: 30%, 45%` (or `30 45`): percentages of the image's
/// width from the left and of its height from the top, each 0-100.
pub fn parse_at(value: &str) -> Result<(f64, f64), String> {
    let numbers: Vec<&str> = value.split([',', ' ', '\t']).map(str::trim).filter(|s| !s.is_empty()).collect();
    let [x, y] = numbers.as_slice() else {
        return Err("write two percentages, across then down, such as `at: 30%, 45%`".into());
    };
    let number = |s: &str| -> Result<f64, String> {
        let n: f64 =
            s.trim_end_matches('%').parse().map_err(|_| format!("`{s}` is not a number; write `at: 30%, 45%`"))?;
        if !(0.0..=100.0).contains(&n) || !n.is_finite() {
            return Err(format!("`{s}` is outside the image: use 0% to 100%"));
        }
        Ok((n * 100.0).round() / 100.0)
    };
    Ok((number(x)?, number(y)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use coursepack_diagnostics::SourceFile;

    fn read_body(kind: BlockKind, body: &str) -> (RawBlock, Vec<Diagnostic>) {
        let file = SourceFile::new("p.md", format!("```{}\n{body}```\n", kind.name()));
        let map = SourceMap::contiguous(kind.name().len() + 4);
        let mut problems = Vec::new();
        let raw = read(kind, body, &map, &file, 0..file.text().len(), &mut problems);
        (raw, problems)
    }

    #[test]
    fn splits_header_intro_and_items_at_the_shallowest_headings() {
        let body = "id: bases\n\nSome *intro*.\n\n## First\nText one.\n\n### Detail\nMore.\n\n## Second\nText two.\n";
        let (raw, problems) = read_body(BlockKind::Accordion, body);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(raw.header("id").map(|k| k.value.as_str()), Some("bases"));
        assert_eq!(body[raw.intro.clone()].trim(), "Some *intro*.");
        assert_eq!(raw.items.len(), 2);
        assert_eq!(&body[raw.items[0].title.clone()], "First");
        assert!(body[raw.items[0].body.clone()].contains("### Detail"));
        assert_eq!(body[raw.items[1].body.clone()].trim(), "Text two.");
    }

    #[test]
    fn item_keys_follow_the_heading_and_unknown_keys_are_located() {
        let body = "## The Act\ndate: 1964\nThe Public Libraries and Museums Act.\n\n## Later\ndtae: 2010\nText.\n";
        let (raw, problems) = read_body(BlockKind::Timeline, body);
        assert_eq!(raw.items[0].keys[0].value, "1964");
        assert_eq!(body[raw.items[0].body.clone()].trim(), "The Public Libraries and Museums Act.");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, "block/unknown-key");
        assert_eq!(problems[0].hint.as_deref(), Some("did you mean `date`?"));
        assert_eq!(problems[0].location.as_ref().unwrap().line, 7);
    }

    #[test]
    fn a_sentence_with_a_colon_is_not_a_key() {
        let (raw, problems) = read_body(BlockKind::Accordion, "note: this is an introduction.\n\n## A\nB\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert!(raw.header.is_empty());
        let (_, problems) = read_body(BlockKind::Accordion, "colour: blue\n\n## A\nB\n");
        assert_eq!(problems[0].code, "block/unknown-key");
    }

    #[test]
    fn item_counts_are_checked() {
        let (_, problems) = read_body(BlockKind::Timeline, "## Only one\ndate: 1964\nText.\n");
        assert_eq!(problems[0].code, "block/too-few-items");
        let (_, problems) = read_body(BlockKind::Reveal, "## One\nA\n## Two\nB\n");
        assert_eq!(problems[0].code, "block/too-many-items");
        assert_eq!(problems[0].location.as_ref().unwrap().line, 4);
        let many: String = (0..21).map(|i| format!("## P{i}\nx\n")).collect();
        let (_, problems) = read_body(BlockKind::Accordion, &many);
        assert_eq!(problems[0].code, "block/too-many-items");
    }

    #[test]
    fn dates_and_positions() {
        assert_eq!(machine_date("1964").as_deref(), Some("1964"));
        assert_eq!(machine_date("2018-05-25").as_deref(), Some("2018-05-25"));
        assert_eq!(machine_date("2018-13"), None);
        assert_eq!(machine_date("2018-02-30"), None);
        assert_eq!(machine_date("Spring 2025"), None);
        assert_eq!(machine_date("25 May 2018").as_deref(), Some("2018-05-25"));
        assert_eq!(machine_date("1st March 2020").as_deref(), Some("2020-03-01"));
        assert_eq!(machine_date("25 Mai 2018").as_deref(), Some("2018-05-25"));
        assert_eq!(machine_date("Rhagfyr 1999").as_deref(), Some("1999-12"));
        assert_eq!(machine_date("September 2024").as_deref(), Some("2024-09"));
        assert_eq!(machine_date("32 May 2018"), None);
        assert_eq!(machine_date("Week 1"), None);
        assert_eq!(parse_at("30%, 45.5%"), Ok((30.0, 45.5)));
        assert_eq!(parse_at("30 45"), Ok((30.0, 45.0)));
        assert!(parse_at("130%, 4%").is_err());
        assert!(parse_at("left").is_err());
    }

    #[test]
    fn state_bounds() {
        assert_eq!(BlockKind::Accordion.state_max_len(3), Some(1));
        assert_eq!(BlockKind::Accordion.state_max_len(20), Some(7));
        assert_eq!(BlockKind::Tabs.state_max_len(11), Some(2));
        assert_eq!(BlockKind::Timeline.state_max_len(5), None);
    }

    #[test]
    fn source_map_follows_pieces() {
        let mut map = SourceMap::default();
        map.push(0, 10);
        map.push(5, 15);
        map.push(10, 24);
        assert_eq!(map.file_pos(3), 13);
        assert_eq!(map.file_pos(7), 17);
        assert_eq!(map.file_pos(12), 26);
        assert_eq!(map.pieces.len(), 2);
    }
}
