//! Reading a scenario's plain text into a [`Scenario`], reporting every
//! problem at its line.
//!
//! The same text works as the body of a ```` ```scenario ```` block in a page
//! and as a file of its own:
//!
//! ```text
//! # A Friday afternoon at Northgate        optional title (or `title:`)
//! id: friday-breach                        header keys, then optional intro Markdown
//!
//! ## Friday, 4.15 pm {#discovery}           a node: `## title {#id}`
//! reflect: What would you do first?        node keys: reflect, outcome, score, success
//!
//! Markdown content...
//!
//! - [x] Ring the data protection officer => call-dpo     choices: `- [x]` good, `- [ ]` poor,
//!   feedback: She thanks you for ringing straight away.  `-` neither; `=> node id`
//! - [ ] Leave it until Monday => monday
//! ```
//!
//! Lines inside a fenced code block of the content are content, whatever they
//! look like.

use crate::model::{Choice, Ending, Mark, Node, Scenario};
use coursepack_diagnostics::{Diagnostic, SourceFile, did_you_mean};
use std::ops::Range;

/// Keys of the scenario's header (before the first node).
pub const HEADER_KEYS: &[&str] = &["id", "title", "start", "back", "restart", "points", "file"];
/// Keys of a node (the lines right after its heading).
pub const NODE_KEYS: &[&str] = &["reflect", "outcome", "score", "success"];
/// Keys of a choice (its indented lines).
pub const CHOICE_KEYS: &[&str] = &["feedback"];
/// Most choices a node may have: SCORM 1.2 reports a choice as one letter `a`-`z`.
pub const MAX_CHOICES: usize = 26;
/// Highest score of an ending, and highest `points:` (the quiz's limit for points).
pub const MAX_SCORE: u32 = 1000;
/// Longest id (the module format's limit for ids).
pub const MAX_ID_CHARS: usize = 64;

/// Where a scenario's text is.
#[derive(Clone, Copy, Debug)]
pub struct ScenarioSource<'a> {
    /// The file it is in (a page, or the scenario's own file).
    pub file: &'a SourceFile,
    /// The scenario's text: the block's content, or the whole file.
    pub body: &'a str,
    /// Byte offset of `body` in `file`.
    pub body_offset: usize,
    /// The id to use when the text sets none (`<page id>-scenario-<n>`, or the file's name).
    pub default_id: &'a str,
}

/// One line of the body, with absolute byte offsets (`end` excludes the line break).
#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn lines<'a>(src: &ScenarioSource<'a>) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    let mut offset = src.body_offset;
    for raw in src.body.split_inclusive('\n') {
        let text = raw.trim_end_matches('\n').trim_end_matches('\r');
        out.push(Line { text, start: offset, end: offset + text.len() });
        offset += raw.len();
    }
    out
}

/// True when `id` is a valid scenario or node id.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An id from words: lowercase ASCII letters and digits, other runs as `-`, at most 64 characters.
pub fn slug(text: &str) -> String {
    let mut id = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let mut id: String = id.trim_end_matches('-').chars().take(MAX_ID_CHARS).collect();
    while id.ends_with('-') {
        id.pop();
    }
    id
}

/// `key: value` with a lowercase key, as `(key, value, value start in the line)`.
fn key_line(text: &str) -> Option<(&str, &str, usize)> {
    let (key, rest) = text.split_once(':')?;
    let looks_like_key =
        !key.is_empty() && key.len() <= 20 && key.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '-');
    if !looks_like_key {
        return None;
    }
    let value = rest.trim();
    let value_start = key.len() + 1 + (rest.len() - rest.trim_start().len());
    Some((key, value, value_start))
}

/// A key line whose key is one of `keys`, or close enough to one to be a typing mistake.
fn known_key<'t>(text: &'t str, keys: &[&str]) -> Option<(&'t str, &'t str, usize)> {
    key_line(text).filter(|(key, _, _)| keys.contains(key) || did_you_mean(key, keys.iter().copied()).is_some())
}

fn unknown_key(file: &SourceFile, key: &str, keys: &[&str], span: Range<usize>, what: &str) -> Diagnostic {
    let d = Diagnostic::error("scenario/unknown-key", format!("unknown key `{key}` {what}"));
    let d = match did_you_mean(key, keys.iter().copied()) {
        Some(s) => d.with_hint(format!("did you mean `{s}`?")),
        None => d.with_hint(format!(
            "the keys here are {}",
            keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        )),
    };
    d.at_span(file, span)
}

/// A `## ` node heading (outside code fences), as its text after the marker.
fn node_heading(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("##")?;
    if rest.starts_with('#') {
        return None;
    }
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then(|| rest.trim())
}

/// The text of a `# ` title heading.
fn title_heading(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('#')?;
    (rest.starts_with([' ', '\t'])).then(|| strip_closing_hashes(rest.trim()))
}

fn strip_closing_hashes(text: &str) -> &str {
    let without = text.trim_end_matches('#');
    if without.len() < text.len() && (without.is_empty() || without.ends_with([' ', '\t'])) {
        without.trim_end()
    } else {
        text
    }
}

/// `Title {#id}`: the title and the explicit id with its offset in `text`, if any.
fn split_heading(text: &str) -> (&str, Option<(&str, usize)>) {
    let text = strip_closing_hashes(text);
    if let Some(open) = text.rfind("{#")
        && text.ends_with('}')
    {
        let id = &text[open + 2..text.len() - 1];
        return (text[..open].trim_end(), Some((id.trim(), open + 2)));
    }
    (text, None)
}

/// A list item at the start of a line: `(marker length incl. spaces, rest)`.
fn list_item(text: &str) -> Option<(usize, &str)> {
    let mut chars = text.chars();
    let marker = chars.next()?;
    if !matches!(marker, '-' | '*' | '+') {
        return None;
    }
    let rest = &text[1..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    (trimmed.len() < rest.len() && !trimmed.is_empty()).then(|| (text.len() - trimmed.len(), trimmed))
}

/// A code fence opening or closing line: its character and length.
fn fence(text: &str) -> Option<(char, usize)> {
    let indent = text.len() - text.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = &text[indent..];
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

/// Tracks whether a line is inside a fenced code block of content.
#[derive(Default)]
struct Fences {
    open: Option<(char, usize)>,
}

impl Fences {
    /// Update with `text`; true when the line is inside (or opens or closes) a fence.
    fn step(&mut self, text: &str) -> bool {
        match (self.open, fence(text)) {
            (Some((c, n)), Some((c2, n2))) if c == c2 && n2 >= n && text.trim().chars().all(|x| x == c) => {
                self.open = None;
                true
            }
            (Some(_), _) => true,
            (None, Some(f)) => {
                self.open = Some(f);
                true
            }
            (None, None) => false,
        }
    }

    fn inside(&self) -> bool {
        self.open.is_some()
    }
}

fn parse_flag(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    }
}

fn parse_whole(value: &str) -> Option<u32> {
    value.parse::<u32>().ok().filter(|n| *n <= MAX_SCORE)
}

/// A node being read.
struct NodeDraft {
    node: Node,
    /// Still reading the node's keys (right after its heading).
    in_keys: bool,
    /// Reading its choices (everything after the first choice).
    in_choices: bool,
    content_start: Option<usize>,
    content_end: usize,
    /// Whether the last choice is collecting its feedback.
    in_feedback: bool,
    reported_text_after: bool,
    seen_keys: Vec<&'static str>,
    /// Content list items right before the current line (no blank line between),
    /// with the content end before them: a list whose last items have `=>` is a
    /// list of choices, and its first items forgot their target.
    list_run: Vec<Range<usize>>,
    end_before_run: usize,
}

/// If a page's ```` ```scenario ```` block says `file: <path>`, the path and
/// its span: the scenario is in that file (relative to the page). Any other
/// line in such a block is an error (`scenario/file-with-content`).
pub fn file_reference(src: &ScenarioSource<'_>) -> Option<(String, Range<usize>, Vec<Diagnostic>)> {
    let all = lines(src);
    let first = all.iter().find(|l| !l.text.trim().is_empty())?;
    let (key, value, value_start) = key_line(first.text.trim_start())?;
    if key != "file" {
        return None;
    }
    let indent = first.text.len() - first.text.trim_start().len();
    let span = first.start + indent + value_start..first.end;
    let mut diagnostics = Vec::new();
    if let Some(other) = all.iter().find(|l| l.start > first.start && !l.text.trim().is_empty()) {
        diagnostics.push(
            Diagnostic::error(
                "scenario/file-with-content",
                "a scenario block that names a `file:` must hold nothing else",
            )
            .with_hint("put the whole scenario in the file, or remove the `file:` line and write it here")
            .at_span(src.file, other.start..other.end),
        );
    }
    if value.is_empty() {
        diagnostics.push(
            Diagnostic::error("scenario/invalid-value", "`file:` needs the path of the scenario's file")
                .with_hint("for example `file: scenarios/friday-breach.md`, relative to this page")
                .at_span(src.file, first.start..first.end),
        );
    }
    Some((value.to_string(), span, diagnostics))
}

/// Read a scenario. Returns the scenario unless it is unusable (no node at
/// all, or an invalid id), and every problem found. Graph problems (missing
/// targets, unreachable nodes, dead ends, traps, no ending) are left to
/// [`crate::check_graph`].
pub fn parse_scenario(src: &ScenarioSource<'_>) -> (Option<Scenario>, Vec<Diagnostic>) {
    let file = src.file;
    let mut d: Vec<Diagnostic> = Vec::new();
    let all = lines(src);
    let span = src.body_offset..src.body_offset + src.body.len();

    let mut id: Option<(String, Range<usize>)> = None;
    let mut title: Option<String> = None;
    let mut start: Option<(String, Range<usize>)> = None;
    let mut back = true;
    let mut restart = true;
    let mut points = 1;
    let mut seen_header: Vec<&'static str> = Vec::new();
    let mut intro_start: Option<usize> = None;
    let mut intro_end = 0;
    let mut fences = Fences::default();
    let mut nodes: Vec<NodeDraft> = Vec::new();

    for line in &all {
        let text = line.text;
        let at = |from: usize, to: usize| line.start + from..line.start + to;
        let whole = line.start..line.end;
        // Headings and keys only count outside code fences of the content.
        let was_inside = fences.inside();
        let fenced = fences.step(text);
        if !was_inside
            && !fenced
            && let Some(heading) = node_heading(text)
        {
            let (words, explicit) = split_heading(heading);
            let heading_offset = text.len() - text.trim_start_matches('#').trim_start().len();
            let node_id = match explicit {
                Some((raw, offset)) => {
                    if !is_valid_id(raw) {
                        d.push(
                            Diagnostic::error("scenario/invalid-node-id", format!("`{raw}` is not a valid node id"))
                                .with_hint("use lowercase letters, digits and hyphens, e.g. `{#call-the-dpo}`")
                                .at_span(file, at(heading_offset + offset, heading_offset + offset + raw.len())),
                        );
                    }
                    raw.to_string()
                }
                None => {
                    let derived = slug(words);
                    if derived.is_empty() {
                        d.push(
                            Diagnostic::error("scenario/invalid-node-id", "this node's heading gives no id")
                                .with_hint("end the heading with an id in braces, e.g. `## Monday morning {#monday}`")
                                .at_span(file, whole.clone()),
                        );
                    }
                    derived
                }
            };
            if words.trim().is_empty() {
                d.push(
                    Diagnostic::error("scenario/empty-node-title", "this node's heading has no words")
                        .with_hint("write the heading learners see, e.g. `## Monday morning {#monday}`")
                        .at_span(file, whole.clone()),
                );
            }
            nodes.push(NodeDraft {
                node: Node {
                    id: node_id,
                    title: words.trim().to_string(),
                    heading: whole.clone(),
                    content: None,
                    reflect: None,
                    ending: None,
                    choices: Vec::new(),
                },
                in_keys: true,
                in_choices: false,
                content_start: None,
                content_end: 0,
                in_feedback: false,
                reported_text_after: false,
                seen_keys: Vec::new(),
                list_run: Vec::new(),
                end_before_run: 0,
            });
            continue;
        }
        let blank = text.trim().is_empty();
        let Some(draft) = nodes.last_mut() else {
            // The header: an optional `# title`, keys, then the intro.
            if blank {
                continue;
            }
            if intro_start.is_none() && !fenced {
                if let Some(words) = title_heading(text) {
                    if title.is_some() || seen_header.contains(&"title") {
                        d.push(
                            Diagnostic::error("scenario/duplicate-key", "the scenario's title is given twice")
                                .with_hint("keep either the `# title` heading or the `title:` line")
                                .at_span(file, whole.clone()),
                        );
                    }
                    title = Some(words.to_string());
                    seen_header.push("title");
                    continue;
                }
                if let Some((key, value, value_start)) = known_key(text, HEADER_KEYS) {
                    let value_span = at(value_start, text.len());
                    let Some(key) = HEADER_KEYS.iter().copied().find(|k| *k == key) else {
                        d.push(unknown_key(file, key, HEADER_KEYS, whole.clone(), "in a scenario's header"));
                        continue;
                    };
                    if seen_header.contains(&key) {
                        d.push(
                            Diagnostic::error("scenario/duplicate-key", format!("`{key}` is given twice"))
                                .with_hint("keep one of the lines")
                                .at_span(file, whole.clone()),
                        );
                    }
                    seen_header.push(key);
                    match key {
                        "id" => id = Some((value.to_string(), value_span)),
                        "title" => {
                            if value.is_empty() {
                                d.push(invalid(
                                    file,
                                    "`title:` is empty",
                                    "write the title learners see",
                                    whole.clone(),
                                ));
                            } else {
                                title = Some(value.to_string());
                            }
                        }
                        "start" => start = Some((value.to_string(), value_span)),
                        "back" | "restart" => match parse_flag(value) {
                            Some(flag) if key == "back" => back = flag,
                            Some(flag) => restart = flag,
                            None => d.push(invalid(
                                file,
                                &format!("`{key}:` must be `yes` or `no`, not `{value}`"),
                                "write `yes` to offer the button, `no` to leave it out",
                                value_span,
                            )),
                        },
                        "points" => match parse_whole(value) {
                            Some(p) => points = p,
                            None => d.push(invalid(
                                file,
                                &format!("`points:` must be a whole number from 0 to {MAX_SCORE}, not `{value}`"),
                                "the points are the scenario's weight when it counts towards the assessment",
                                value_span,
                            )),
                        },
                        // `file:` in a page's block is read by `file_reference` before the scenario is parsed.
                        _ => d.push(
                            Diagnostic::error(
                                "scenario/file-with-content",
                                "`file:` must be the only line of a scenario block",
                            )
                            .with_hint("put the whole scenario in the file, or remove the `file:` line")
                            .at_span(file, whole.clone()),
                        ),
                    }
                    continue;
                }
            }
            intro_start.get_or_insert(line.start);
            intro_end = line.end;
            continue;
        };

        // Inside a node.
        if draft.in_keys {
            if blank {
                continue;
            }
            if !fenced && let Some((key, value, value_start)) = known_key(text, NODE_KEYS) {
                let value_span = at(value_start, text.len());
                let Some(key) = NODE_KEYS.iter().copied().find(|k| *k == key) else {
                    d.push(unknown_key(file, key, NODE_KEYS, whole.clone(), "in a scenario node"));
                    continue;
                };
                if draft.seen_keys.contains(&key) {
                    d.push(
                        Diagnostic::error("scenario/duplicate-key", format!("`{key}` is given twice in this node"))
                            .with_hint("keep one of the lines")
                            .at_span(file, whole.clone()),
                    );
                }
                draft.seen_keys.push(key);
                let node = &mut draft.node;
                match key {
                    "reflect" => {
                        if value.is_empty() {
                            d.push(invalid(
                                file,
                                "`reflect:` is empty",
                                "write the question the learner reflects on",
                                whole.clone(),
                            ));
                        } else {
                            node.reflect = Some(value.to_string());
                        }
                    }
                    "outcome" => {
                        if value.is_empty() {
                            d.push(invalid(
                                file,
                                "`outcome:` needs a label",
                                "name the outcome learners reach, e.g. `outcome: Reported in time`",
                                whole.clone(),
                            ));
                        }
                        let ending = node.ending.get_or_insert(Ending {
                            outcome: String::new(),
                            score: None,
                            success: None,
                            span: whole.clone(),
                        });
                        ending.outcome = value.to_string();
                        ending.span = whole.clone();
                    }
                    "score" => match parse_whole(value) {
                        Some(score) => draft_ending(node, &whole).score = Some(score),
                        None => d.push(invalid(
                            file,
                            &format!("`score:` must be a whole number from 0 to {MAX_SCORE}, not `{value}`"),
                            "give the ending's score, e.g. `score: 3`",
                            value_span,
                        )),
                    },
                    _ => match parse_flag(value) {
                        Some(flag) => draft_ending(node, &whole).success = Some(flag),
                        None => d.push(invalid(
                            file,
                            &format!("`success:` must be `yes` or `no`, not `{value}`"),
                            "`yes` when reaching this ending means the learner succeeded",
                            value_span,
                        )),
                    },
                }
                continue;
            }
            draft.in_keys = false;
        }
        if draft.in_choices && !fenced {
            if blank {
                if draft.in_feedback {
                    draft.in_feedback = false;
                }
                continue;
            }
            if text.starts_with([' ', '\t']) {
                let trimmed = text.trim();
                let indent = text.len() - text.trim_start().len();
                let Some(choice) = draft.node.choices.last_mut() else { continue };
                if let Some((key, value, value_start)) = known_key(trimmed, CHOICE_KEYS) {
                    if key != "feedback" {
                        d.push(unknown_key(file, key, CHOICE_KEYS, whole.clone(), "under a choice"));
                        continue;
                    }
                    if choice.feedback.is_some() {
                        d.push(
                            Diagnostic::error("scenario/duplicate-key", "`feedback` is given twice for this choice")
                                .with_hint("keep one `feedback:` line; a long one may go on over several lines")
                                .at_span(file, whole.clone()),
                        );
                    }
                    if value.is_empty() {
                        d.push(invalid(
                            file,
                            "`feedback:` is empty",
                            "say what happens because of this choice",
                            at(indent, text.len()),
                        ));
                    }
                    let _ = value_start;
                    choice.feedback = Some(value.to_string());
                    draft.in_feedback = true;
                } else if draft.in_feedback {
                    let feedback = choice.feedback.get_or_insert_with(String::new);
                    feedback.push(' ');
                    feedback.push_str(trimmed);
                } else {
                    choice.text.push(' ');
                    choice.text.push_str(trimmed);
                }
                continue;
            }
            if list_item(text).is_some() {
                if let Some(choice) = read_choice(file, line, &mut d) {
                    draft.node.choices.push(choice);
                }
                draft.in_feedback = false;
                continue;
            }
            if !draft.reported_text_after {
                draft.reported_text_after = true;
                d.push(
                    Diagnostic::error("scenario/text-after-choices", "a node's choices must come last in the node")
                        .with_hint(
                            "move this text above the choices, or indent it by two spaces to continue the choice above",
                        )
                        .at_span(file, whole.clone()),
                );
            }
            continue;
        }
        // Content, until the first choice.
        if !fenced
            && !fences.inside()
            && let Some((_, rest)) = list_item(text)
        {
            if rest.contains("=>") {
                draft.in_choices = true;
                let forgot = !draft.list_run.is_empty();
                for item in draft.list_run.drain(..) {
                    d.push(
                        Diagnostic::error("scenario/missing-target", "this choice does not say where it leads")
                            .with_hint("end the choice with `=> ` and the id of the node it leads to, e.g. `- Ring Sam => call-sam`")
                            .at_span(file, item),
                    );
                }
                if forgot {
                    if draft.content_start.is_some_and(|s| s >= draft.end_before_run) {
                        draft.content_start = None;
                    } else {
                        draft.content_end = draft.end_before_run;
                    }
                }
                if let Some(choice) = read_choice(file, line, &mut d) {
                    draft.node.choices.push(choice);
                }
                continue;
            }
            if draft.list_run.is_empty() {
                draft.end_before_run = draft.content_end;
            }
            draft.list_run.push(line.start..line.end);
        } else if blank || !text.starts_with([' ', '\t']) {
            draft.list_run.clear();
        }
        if !blank {
            draft.content_start.get_or_insert(line.start);
            draft.content_end = line.end;
        } else if draft.content_start.is_some() && fenced {
            draft.content_end = line.end;
        }
    }

    if fences.inside() {
        // An unclosed fence swallows the rest; say so where it opened rather than report phantom problems.
        d.push(
            Diagnostic::warning("scenario/unclosed-fence", "a code block in this scenario is never closed")
                .with_hint("close it with a line of the same backticks or tildes; everything after it is read as code")
                .at_span(file, span.clone()),
        );
    }

    let mut out_nodes = Vec::with_capacity(nodes.len());
    for mut draft in nodes {
        if let Some(start) = draft.content_start {
            draft.node.content = Some(start..draft.content_end);
        }
        let mut node = draft.node;
        if let Some(ending) = &node.ending
            && ending.outcome.is_empty()
            && !draft.seen_keys.contains(&"outcome")
        {
            d.push(
                Diagnostic::error(
                    "scenario/score-without-outcome",
                    "`score:` and `success:` belong to endings, and this node has no `outcome:`",
                )
                .with_hint("add `outcome: <label>` to make this node an ending, or remove the line")
                .at_span(file, ending.span.clone()),
            );
            node.ending = None;
        }
        if node.ending.is_some()
            && let Some(first) = node.choices.first()
        {
            d.push(
                Diagnostic::error("scenario/ending-with-choices", format!("ending `{}` has choices", node.id))
                    .with_hint("an ending is where the scenario stops; remove its `outcome:` or its choices")
                    .at_span(file, first.span.clone()),
            );
        }
        if node.choices.len() > MAX_CHOICES {
            d.push(
                Diagnostic::error(
                    "scenario/too-many-choices",
                    format!(
                        "node `{}` has {} choices; at most {MAX_CHOICES} can be tracked",
                        node.id,
                        node.choices.len()
                    ),
                )
                .with_hint("SCORM 1.2 reports each choice as one letter a-z; two to four choices read best")
                .at_span(file, node.choices[MAX_CHOICES].span.clone()),
            );
        }
        out_nodes.push(node);
    }

    let scenario_id = match &id {
        Some((value, value_span)) => {
            if !is_valid_id(value) {
                d.push(
                    Diagnostic::error("scenario/invalid-id", format!("`{value}` is not a valid scenario id"))
                        .with_hint("use lowercase letters, digits and hyphens (at most 64); tracking and saved progress use it, so keep it once learners have started")
                        .at_span(file, value_span.clone()),
                );
                return (None, d);
            }
            value.clone()
        }
        None => src.default_id.to_string(),
    };
    if out_nodes.is_empty() {
        d.push(
            Diagnostic::error("scenario/no-nodes", "this scenario has no nodes")
                .with_hint("start each node with a `## ` heading, e.g. `## Friday, 4.15 pm {#start}`, then its text and choices")
                .at_span(file, span.start..span.start),
        );
        return (None, d);
    }
    let scored = out_nodes.iter().any(|n| n.ending.as_ref().is_some_and(|e| e.score.is_some()));
    if scored {
        for node in &out_nodes {
            if let Some(ending) = node.ending.as_ref().filter(|e| e.score.is_none()) {
                d.push(
                    Diagnostic::error(
                        "scenario/missing-score",
                        format!("ending `{}` has no score, but other endings of this scenario do", node.id),
                    )
                    .with_hint("give every ending a `score:` (0 is fine), or none of them")
                    .at_span(file, ending.span.clone()),
                );
            }
        }
    }
    let intro = intro_start.map(|s| s..intro_end);
    (
        Some(Scenario {
            id: scenario_id,
            id_span: id.map(|(_, span)| span),
            title,
            start,
            back,
            restart,
            points,
            intro,
            nodes: out_nodes,
            span,
        }),
        d,
    )
}

/// Byte offset of `inner`, a slice of `outer`, within `outer`.
fn offset_in(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize).min(outer.len())
}

fn invalid(file: &SourceFile, message: &str, hint: &str, span: Range<usize>) -> Diagnostic {
    Diagnostic::error("scenario/invalid-value", message.to_string()).with_hint(hint.to_string()).at_span(file, span)
}

fn draft_ending<'n>(node: &'n mut Node, span: &Range<usize>) -> &'n mut Ending {
    node.ending.get_or_insert(Ending { outcome: String::new(), score: None, success: None, span: span.clone() })
}

/// Read a choice line: `- [x] text => target`.
fn read_choice(file: &SourceFile, line: &Line<'_>, d: &mut Vec<Diagnostic>) -> Option<Choice> {
    let (marker_len, rest) = list_item(line.text)?;
    let whole = line.start..line.end;
    let (mark, rest) = match rest.get(..3) {
        Some("[x]") | Some("[X]") => (Mark::Right, rest[3..].trim_start()),
        Some("[ ]") => (Mark::Wrong, rest[3..].trim_start()),
        _ => (Mark::Neutral, rest),
    };
    let _ = marker_len;
    let rest_offset = offset_in(line.text, rest);
    let Some(arrow) = rest.rfind("=>") else {
        d.push(
            Diagnostic::error("scenario/missing-target", "this choice does not say where it leads")
                .with_hint(
                    "end the choice with `=> ` and the id of the node it leads to, e.g. `- Ring Sam => call-sam`",
                )
                .at_span(file, whole),
        );
        return None;
    };
    let text = rest[..arrow].trim().to_string();
    let target_raw = &rest[arrow + 2..];
    let target = target_raw.trim();
    let target_start = line.start + rest_offset + arrow + 2 + (target_raw.len() - target_raw.trim_start().len());
    let target_span = target_start..target_start + target.len();
    if target.is_empty() {
        d.push(
            Diagnostic::error("scenario/missing-target", "this choice has `=>` but no node id after it")
                .with_hint("write the id of the node it leads to after `=>`, e.g. `=> call-sam`")
                .at_span(file, whole),
        );
        return None;
    }
    if target.contains(char::is_whitespace) {
        d.push(
            Diagnostic::error("scenario/missing-target", format!("`{target}` is not a node id"))
                .with_hint("after `=>` write just the id of the node the choice leads to, e.g. `=> call-sam`")
                .at_span(file, target_span),
        );
        return None;
    }
    if text.is_empty() {
        d.push(
            Diagnostic::error("scenario/empty-choice", "this choice has no text")
                .with_hint("write what the learner chooses before `=>`")
                .at_span(file, whole.clone()),
        );
    }
    Some(Choice { text, target: target.to_string(), target_span, mark, feedback: None, span: whole })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_ids() {
        assert_eq!(slug("Friday, 4.15 pm"), "friday-4-15-pm");
        assert_eq!(slug("  ¿Qué?  "), "qu");
        assert!(is_valid_id("call-dpo"));
        assert!(!is_valid_id("Call"));
        assert!(!is_valid_id("-x"));
    }

    #[test]
    fn headings_split_title_and_id() {
        assert_eq!(split_heading("Friday {#start}"), ("Friday", Some(("start", 9))));
        assert_eq!(split_heading("Friday ##"), ("Friday", None));
        assert_eq!(node_heading("## Friday"), Some("Friday"));
        assert_eq!(node_heading("### Friday"), None);
        assert_eq!(node_heading("##Friday"), None);
    }
}
