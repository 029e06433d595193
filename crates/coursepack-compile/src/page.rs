//! Compiling one Markdown page into safe HTML, reporting authoring and
//! accessibility problems at their exact place in the page.

use crate::author_html;
use crate::blocks::{self, BlockKind, SourceMap};
use crate::escape::{html as esc, slug};
use crate::files::{self, CheckedFile};
use crate::media::{self, MediaKind, Resolved};
use crate::model::{Reflection, Widget, WidgetState};
use crate::reflection;
use coursepack_diagnostics::{Diagnostic, did_you_mean};
use coursepack_source::PageSource;
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

/// Images larger than this get an `a11y/large-image` warning.
pub const LARGE_IMAGE_BYTES: u64 = 1024 * 1024;

/// Link texts that say nothing about where the link goes.
const VAGUE_LINK_TEXTS: &[&str] = &[
    "click here",
    "here",
    "click",
    "read more",
    "more",
    "this",
    "link",
    "this link",
    "go",
    "more info",
    "find out more",
    "learn more",
    "this page",
];

/// A fenced ```` ```question ```` block found on a page, handed to the quiz compiler.
#[derive(Clone, Debug)]
pub struct QuestionBlock<'a> {
    /// The page it is on.
    pub page: &'a PageSource,
    /// 0-based index among the page's question blocks.
    pub ordinal: usize,
    /// The block's content.
    pub body: String,
    /// Byte offset of `body` in the page file.
    pub body_offset: usize,
    /// Written as ```` ```check ````: a knowledge check, never part of the scored quiz.
    pub check: bool,
    /// Written as ```` ```sorting ````: a sorting activity ([`coursepack_quiz::parse_sorting`]).
    pub sorting: bool,
    /// The images of the block's text (`![alt](path)` in a prompt, an option or feedback),
    /// checked and packaged like a page's: each [`coursepack_quiz::inline::image_placeholder`]
    /// with the markup that replaces it.
    pub images: Vec<(String, String)>,
}

/// Everything a page needs from the module while it compiles.
pub struct PageContext<'a> {
    /// The real path of the module folder (no symbolic links in it): every
    /// file a page uses must resolve inside it.
    pub module_dir: &'a Path,
    /// Page ids by the path written in `module.toml`, for links between pages.
    pub page_ids: &'a BTreeMap<String, String>,
    /// Resolved interface strings.
    pub strings: &'a BTreeMap<String, String>,
    /// Module language, for caption tracks without a language in their name.
    pub language: &'a str,
    /// Files used so far, by package path. Only [`crate::files::check`]
    /// makes a [`CheckedFile`], so every file a package holds passed it.
    pub assets: &'a mut BTreeMap<String, CheckedFile>,
    /// Reflection prompts so far.
    pub reflections: &'a mut Vec<Reflection>,
    /// Scenarios so far.
    pub scenarios: &'a mut Vec<crate::model::CompiledScenario>,
    /// The pages whose scored items form the assessment (empty: every page), when
    /// the module has one: a scored scenario on one of them counts towards it.
    pub assessment: Option<&'a BTreeSet<String>>,
    /// While a scenario compiles: the page's heading anchors so far (so the
    /// scenario's headings get ids of their own), and the links to headings
    /// its content makes; handed back to the page afterwards.
    pub fragment_anchors: BTreeSet<String>,
    /// See `fragment_anchors`.
    pub fragment_links: Vec<FragmentLink>,
    /// Problems found so far.
    pub diagnostics: &'a mut Vec<Diagnostic>,
    /// Widgets the pages use so far.
    pub widgets: &'a mut BTreeSet<Widget>,
    /// The state each block keeps so far.
    pub widget_state: &'a mut Vec<WidgetState>,
    /// Ids of the blocks so far (unique in the module).
    pub block_ids: &'a mut BTreeSet<String>,
}

/// A compiled page: its title and body HTML.
pub struct PageOutput {
    /// Plain-text title from the page's `#` heading.
    pub title: String,
    /// Safe body HTML (the title heading is not included).
    pub html: String,
    /// The anchors of the page's section headings (`<page id>--<slug>`), which
    /// links with a `#fragment` may name.
    pub anchors: BTreeSet<String>,
    /// Links with a `#fragment`, checked against every page's anchors once
    /// all pages are compiled.
    pub fragment_links: Vec<FragmentLink>,
}

/// A link to a heading (`#section` or `page.md#section`), kept so the
/// module can check the heading exists after every page is compiled.
pub struct FragmentLink {
    /// The anchor it needs: `<page id>--<slug of the fragment>`.
    pub anchor: String,
    /// The page it points into.
    pub page_id: String,
    /// The fragment as written.
    pub fragment: String,
    /// Where the link is, for the diagnostic.
    pub location: coursepack_diagnostics::Location,
}

/// Compile `page`. `on_question` turns each question block into HTML (the
/// quiz compiler); it reports its own diagnostics.
pub fn compile_page(
    page: &PageSource,
    cx: &mut PageContext<'_>,
    on_question: &mut dyn FnMut(QuestionBlock<'_>) -> String,
) -> PageOutput {
    let mut walker = Walker::new(page, cx);
    let text = page.file.text();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        walker.event(event, range, on_question);
    }
    walker.finish()
}

/// Compile the Markdown at `range` of `page.file` (a scenario's intro or one of
/// its nodes) as content under a heading of level `level`: its headings start
/// one level below, media and links are checked and resolved against
/// `page.relative` exactly as on a page, and every diagnostic points into
/// `page.file`. Question, reflection and scenario blocks cannot go inside.
pub(crate) fn compile_fragment(
    page: &PageSource,
    range: Range<usize>,
    level: usize,
    cx: &mut PageContext<'_>,
) -> String {
    let text = page.file.text();
    let end = range.end.min(text.len());
    let start = range.start.min(end);
    // Parse a copy in which everything before the fragment is blank (newlines
    // kept), so the parser's byte offsets are the file's own.
    let mut parse_text = String::with_capacity(end);
    parse_text.extend(text[..start].bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }));
    parse_text.push_str(&text[start..end]);
    let mut walker = Walker::new(page, cx);
    walker.heading_ids = std::mem::take(&mut walker.cx.fragment_anchors);
    walker.fragment = Some(level);
    walker.last_level = level;
    walker.title = Some(String::new());
    walker.seen_content = true;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM;
    let mut no_questions = |_: QuestionBlock<'_>| String::new();
    for (event, range) in Parser::new_ext(&parse_text, options).into_offset_iter() {
        walker.event(event, range, &mut no_questions);
    }
    let (html, anchors, links) = walker.into_parts();
    cx.fragment_anchors.extend(anchors);
    cx.fragment_links.extend(links);
    html
}

struct ImageState {
    dest: String,
    title: String,
    alt: String,
    span: Range<usize>,
}

struct LinkState {
    text: String,
    span: Range<usize>,
    has_image: bool,
    opened: bool,
}

struct ParagraphState {
    other_content: bool,
    blocks: Vec<String>,
}

struct CodeState {
    info: String,
    body: String,
    body_offset: Option<usize>,
    /// Where each piece of `body` is in the file.
    map: SourceMap,
    span: Range<usize>,
    /// An indented code block (four spaces or a tab), not a fenced one.
    indented: bool,
}

struct HtmlBlockState {
    html: String,
    span: Range<usize>,
}

struct HeadingState {
    level: usize,
    text: String,
    span: Range<usize>,
}

struct Walker<'p, 'c, 'cx> {
    page: &'p PageSource,
    cx: &'c mut PageContext<'cx>,
    buffers: Vec<String>,
    title: Option<String>,
    seen_content: bool,
    last_level: usize,
    heading: Option<HeadingState>,
    last_heading_text: Option<String>,
    heading_ids: BTreeSet<String>,
    fragment_links: Vec<FragmentLink>,
    image: Option<ImageState>,
    links: Vec<LinkState>,
    paragraphs: Vec<ParagraphState>,
    code: Option<CodeState>,
    html_block: Option<HtmlBlockState>,
    in_table_head: bool,
    question_ordinal: usize,
    reflection_ordinal: usize,
    /// Inline tags the author opened and has not closed yet, innermost last.
    author_inline: Vec<OpenInline>,
    /// Markdown's own inline containers open now (emphasis, links...), innermost last.
    markdown_inline: Vec<&'static str>,
    block_ordinal: usize,
    scenario_ordinal: usize,
    /// Compiling a scenario's content under a heading of this level (not a page).
    fragment: Option<usize>,
    /// For the Markdown inside an interactive block: where its text is in the page file.
    block: Option<BlockPart>,
}

/// A piece of a block's body compiled on its own: positions in it map to the
/// page file through the block's [`SourceMap`], and its headings are moved
/// to sit under the block's items.
struct BlockPart {
    map: SourceMap,
    /// Position of the fragment's text in the block body.
    offset: usize,
    /// Added to the level the author wrote a heading at.
    shift: isize,
}

/// An inline tag an author opened (`<b>`), kept until its `</b>`.
struct OpenInline {
    name: String,
    /// Where the opening tag is, for the diagnostic when it is never closed.
    span: Range<usize>,
    /// How many Markdown inline containers were open around it.
    depth: usize,
}

impl<'p, 'c, 'cx> Walker<'p, 'c, 'cx> {
    fn new(page: &'p PageSource, cx: &'c mut PageContext<'cx>) -> Self {
        Walker {
            page,
            cx,
            buffers: vec![String::new()],
            title: None,
            seen_content: false,
            last_level: 1,
            heading: None,
            last_heading_text: None,
            heading_ids: BTreeSet::new(),
            fragment_links: Vec::new(),
            image: None,
            links: Vec::new(),
            paragraphs: Vec::new(),
            code: None,
            html_block: None,
            in_table_head: false,
            question_ordinal: 0,
            reflection_ordinal: 0,
            author_inline: Vec::new(),
            markdown_inline: Vec::new(),
            block_ordinal: 0,
            scenario_ordinal: 0,
            fragment: None,
            block: None,
        }
    }

    /// The HTML, heading anchors and fragment links of a fragment.
    fn into_parts(mut self) -> (String, BTreeSet<String>, Vec<FragmentLink>) {
        let html = self.buffers.drain(..).collect::<String>();
        (html, self.heading_ids, self.fragment_links)
    }

    fn out(&mut self) -> &mut String {
        // There is always at least the page buffer.
        let last = self.buffers.len() - 1;
        &mut self.buffers[last]
    }

    fn push(&mut self, html: &str) {
        self.out().push_str(html);
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.cx.diagnostics.push(diagnostic);
    }

    /// Locate `diagnostic` at `span`, without the span's trailing newlines.
    fn at(&self, diagnostic: Diagnostic, span: Range<usize>) -> Diagnostic {
        let text = self.page.file.text();
        let trimmed = text.get(span.clone()).map(|t| t.trim_end().len()).unwrap_or(span.len());
        diagnostic.at_span(&self.page.file, span.start..span.start + trimmed)
    }

    fn mark_content(&mut self) {
        if let Some(p) = self.paragraphs.last_mut() {
            p.other_content = true;
        }
    }

    fn event(
        &mut self,
        event: Event<'_>,
        range: Range<usize>,
        on_question: &mut dyn FnMut(QuestionBlock<'_>) -> String,
    ) {
        let range = match &self.block {
            Some(f) => f.map.file_span(range.start + f.offset..range.end + f.offset),
            None => range,
        };
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(text) => {
                    code.body_offset.get_or_insert(range.start);
                    code.map.push(code.body.len(), range.start);
                    code.body.push_str(&text);
                }
                Event::End(TagEnd::CodeBlock) => self.end_code(on_question),
                _ => {}
            }
            return;
        }
        if let Some(block) = &mut self.html_block {
            match event {
                Event::Html(html) => {
                    block.html.push_str(&html);
                    block.span.end = block.span.end.max(range.end);
                }
                Event::End(TagEnd::HtmlBlock) => {
                    let Some(block) = self.html_block.take() else { return };
                    self.author_html(&block.html, block.span, true);
                }
                _ => {}
            }
            return;
        }
        if let Some(image) = &mut self.image {
            match event {
                Event::End(TagEnd::Image) => self.end_image(),
                Event::Text(text) | Event::Code(text) => image.alt.push_str(&text),
                _ => {}
            }
            return;
        }
        if self.block.is_none()
            && !matches!(event, Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }))
            && self.title.is_none()
            && !self.seen_content
            && is_block_start(&event)
        {
            self.seen_content = true;
            self.report(
                self.at(
                    Diagnostic::error("page/missing-title", "the page does not start with a `# Title` heading")
                        .with_hint("make the first line of the page a level-1 heading, e.g. `# What data do we hold?`"),
                    range.start..range.start,
                ),
            );
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if !text.trim().is_empty() {
                    self.mark_content();
                }
                for link in &mut self.links {
                    link.text.push_str(&text);
                }
                if let Some(h) = &mut self.heading {
                    h.text.push_str(&text);
                }
                let escaped = esc(&text);
                self.push(&escaped);
            }
            Event::Code(text) => {
                self.mark_content();
                for link in &mut self.links {
                    link.text.push_str(&text);
                }
                if let Some(h) = &mut self.heading {
                    h.text.push_str(&text);
                }
                let html = format!("<code>{}</code>", esc(&text));
                self.push(&html);
            }
            Event::Html(html) => self.author_html(&html, range, true),
            Event::InlineHtml(html) => self.author_html(&html, range, false),
            Event::SoftBreak => self.push("\n"),
            Event::HardBreak => self.push("<br>\n"),
            Event::Rule => self.push("<hr>\n"),
            // Extensions that are not enabled never produce other events.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        if is_block_tag(&tag) {
            self.close_author_inline(0, "before the block that follows it");
        }
        match tag {
            Tag::HtmlBlock => self.html_block = Some(HtmlBlockState { html: String::new(), span: range }),
            Tag::Paragraph => {
                self.paragraphs.push(ParagraphState { other_content: false, blocks: Vec::new() });
                self.buffers.push(String::new());
            }
            Tag::Heading { level, .. } => {
                self.heading = Some(HeadingState { level: level as usize, text: String::new(), span: range });
                self.buffers.push(String::new());
            }
            Tag::BlockQuote(kind) => {
                let html = match kind {
                    None => "<blockquote>\n".to_string(),
                    Some(kind) => {
                        let (class, key) = match kind {
                            BlockQuoteKind::Note | BlockQuoteKind::Important => ("note", "note"),
                            BlockQuoteKind::Tip => ("tip", "tip"),
                            BlockQuoteKind::Warning | BlockQuoteKind::Caution => ("warning", "warning"),
                        };
                        let label = self.cx.strings.get(key).cloned().unwrap_or_default();
                        format!(
                            "<aside class=\"cp-callout cp-callout-{class}\" aria-label=\"{0}\">\n<p class=\"cp-callout-label\">{0}</p>\n",
                            esc(&label)
                        )
                    }
                };
                self.buffers.push(String::new());
                self.push(&html);
            }
            Tag::CodeBlock(kind) => {
                let indented = matches!(kind, CodeBlockKind::Indented);
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(CodeState {
                    info,
                    body: String::new(),
                    body_offset: None,
                    map: SourceMap::default(),
                    span: range,
                    indented,
                });
            }
            Tag::List(Some(1)) => self.push("<ol>\n"),
            Tag::List(Some(start)) => {
                let html = format!("<ol start=\"{start}\">\n");
                self.push(&html);
            }
            Tag::List(None) => self.push("<ul>\n"),
            Tag::Item => self.push("<li>"),
            Tag::Table(_) => {
                let label = self.last_heading_text.clone().or_else(|| self.title.clone()).unwrap_or_default();
                let html = format!(
                    "<div class=\"cp-table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n<table>\n",
                    esc(&label)
                );
                self.push(&html);
            }
            Tag::TableHead => {
                self.in_table_head = true;
                self.push("<thead>\n<tr>");
            }
            Tag::TableRow => self.push("<tr>"),
            Tag::TableCell => self.push(if self.in_table_head { "<th scope=\"col\">" } else { "<td>" }),
            Tag::Emphasis => {
                self.markdown_inline.push("emphasis");
                self.push("<em>");
            }
            Tag::Strong => {
                self.markdown_inline.push("strong emphasis");
                self.push("<strong>");
            }
            Tag::Strikethrough => {
                self.markdown_inline.push("strikethrough");
                self.push("<del>");
            }
            Tag::Link { dest_url, title, .. } => {
                self.markdown_inline.push("link");
                self.start_link(&dest_url, &title, range);
            }
            Tag::Image { dest_url, title, .. } => {
                for link in &mut self.links {
                    link.has_image = true;
                }
                self.image = Some(ImageState {
                    dest: dest_url.to_string(),
                    title: title.to_string(),
                    alt: String::new(),
                    span: range,
                });
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                let depth = self.markdown_inline.len();
                let kind = self.markdown_inline.pop().unwrap_or("emphasis");
                self.close_author_inline(depth, &format!("before the end of the Markdown {kind} it is in"));
            }
            TagEnd::Image => {}
            TagEnd::Paragraph => self.close_author_inline(0, "in its paragraph"),
            TagEnd::Heading(_) => self.close_author_inline(0, "in its heading"),
            TagEnd::TableCell => self.close_author_inline(0, "in its table cell"),
            TagEnd::Item => self.close_author_inline(0, "in its list item"),
            _ => self.close_author_inline(0, "in its block"),
        }
        match tag {
            TagEnd::Paragraph => {
                let body = self.buffers.pop().unwrap_or_default();
                let state = self.paragraphs.pop();
                match state {
                    Some(state) if !state.other_content && state.blocks.len() == 1 => {
                        let block = state.blocks.into_iter().next().unwrap_or_default();
                        self.push(&block);
                    }
                    _ => {
                        let html = format!("<p>{}</p>\n", body.trim_end());
                        self.push(&html);
                    }
                }
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::BlockQuote(kind) => {
                let body = self.buffers.pop().unwrap_or_default();
                self.push(&body);
                self.push(if kind.is_some() { "</aside>\n" } else { "</blockquote>\n" });
            }
            TagEnd::List(ordered) => self.push(if ordered { "</ol>\n" } else { "</ul>\n" }),
            TagEnd::Item => self.push("</li>\n"),
            TagEnd::Table => self.push("</tbody>\n</table>\n</div>\n"),
            TagEnd::TableHead => {
                self.in_table_head = false;
                self.push("</tr>\n</thead>\n<tbody>\n");
            }
            TagEnd::TableRow => self.push("</tr>\n"),
            TagEnd::TableCell => self.push(if self.in_table_head { "</th>" } else { "</td>" }),
            TagEnd::Emphasis => self.push("</em>"),
            TagEnd::Strong => self.push("</strong>"),
            TagEnd::Strikethrough => self.push("</del>"),
            TagEnd::Link => self.end_link(),
            _ => {}
        }
    }

    fn end_heading(&mut self) {
        let body = self.buffers.pop().unwrap_or_default();
        let Some(heading) = self.heading.take() else { return };
        let text = heading.text.trim().to_string();
        if text.is_empty() {
            self.report(
                self.at(
                    Diagnostic::error("a11y/empty-heading", "this heading has no text")
                        .with_hint("give the heading words, or remove it"),
                    heading.span.clone(),
                ),
            );
        }
        let heading = match &self.block {
            Some(b) => HeadingState { level: (heading.level as isize + b.shift).clamp(2, 6) as usize, ..heading },
            None => heading,
        };
        if let Some(base) = self.fragment {
            // Inside a scenario: headings sit below the node's (or the scenario's) heading.
            let level = (heading.level + base - 1).clamp(base + 1, 6);
            self.push_heading(level, &text, &body);
            return;
        }
        if heading.level == 1 {
            if self.title.is_none() {
                self.title = Some(text);
                self.seen_content = true;
                return;
            }
            self.report(
                self.at(
                    Diagnostic::error(
                        "page/multiple-titles",
                        "a page has one `#` title; this is a second level-1 heading",
                    )
                    .with_hint("use `##` for sections inside the page"),
                    heading.span.clone(),
                ),
            );
        }
        self.seen_content = true;
        let level = heading.level.max(2);
        if level > self.last_level + 1 {
            self.report(
                self.at(
                    Diagnostic::warning(
                        "a11y/skipped-heading-level",
                        format!(
                            "heading level {level} follows level {}; screen-reader users navigate by these levels",
                            self.last_level
                        ),
                    )
                    .with_hint(format!("use `{}` here", "#".repeat(self.last_level + 1))),
                    heading.span.clone(),
                ),
            );
        }
        self.push_heading(level, &text, &body);
    }

    fn push_heading(&mut self, level: usize, text: &str, body: &str) {
        self.last_level = level;
        let mut id = format!("{}--{}", self.page.id, slug(text));
        let mut n = 2;
        while !self.heading_ids.insert(id.clone()) {
            id = format!("{}--{}-{n}", self.page.id, slug(text));
            n += 1;
        }
        self.last_heading_text = Some(text.to_string());
        let html = format!("<h{level} id=\"page-{id}\">{}</h{level}>\n", body.trim());
        self.push(&html);
    }

    fn start_link(&mut self, dest: &str, title: &str, span: Range<usize>) {
        self.mark_content();
        let href = self.link_target(dest, span.clone());
        let opened = href.is_some();
        if let Some(href) = href {
            let title_attr = if title.is_empty() { String::new() } else { format!(" title=\"{}\"", esc(title)) };
            let html = format!("<a href=\"{}\"{title_attr}>", esc(&href));
            self.push(&html);
        }
        self.links.push(LinkState { text: String::new(), span, has_image: false, opened });
    }

    /// The in-package href of a link to heading `fragment` of page `page_id`,
    /// remembered so the heading's existence is checked once every page is
    /// compiled. The fragment is slugged like heading text, so GitHub-style
    /// fragments (`#uk-gdpr--you`) reach the same heading.
    fn fragment_href(&mut self, page_id: &str, fragment: &str, span: Range<usize>) -> String {
        let anchor = format!("{page_id}--{}", slug(fragment));
        let location = self.page.file.location(span);
        self.fragment_links.push(FragmentLink {
            anchor: anchor.clone(),
            page_id: page_id.to_string(),
            fragment: fragment.to_string(),
            location,
        });
        format!("#page-{anchor}")
    }

    /// Check a link destination and return the href to emit, or `None` when
    /// the link must not be emitted.
    fn link_target(&mut self, dest: &str, span: Range<usize>) -> Option<String> {
        let dest = dest.trim();
        if let Some(scheme) = media::scheme(dest) {
            if matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel") {
                return Some(dest.to_string());
            }
            self.report(
                self.at(
                    Diagnostic::error("page/unsafe-link", format!("links with the `{scheme}:` scheme are not allowed"))
                        .with_hint("link to an https:// address, a page of this module or a file in it"),
                    span,
                ),
            );
            return None;
        }
        if dest.starts_with("//") {
            return Some(format!("https:{dest}"));
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            let page_id = self.page.id.clone();
            return Some(self.fragment_href(&page_id, fragment, span));
        }
        let page_dir = Path::new(&self.page.relative).parent().unwrap_or(Path::new("")).to_path_buf();
        let Some(mut resolved) = media::resolve(self.cx.module_dir, &page_dir, dest) else {
            self.report(self.at(
                Diagnostic::error("page/link-outside-module", format!("`{dest}` points outside the module folder"))
                    .with_hint("packages contain only the module's own files; copy the file into the module or link to a web address"),
                span,
            ));
            return None;
        };
        if Path::new(&resolved.package_path).extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) {
            let target = self.cx.page_ids.get(&resolved.package_path).cloned();
            return match target {
                Some(id) => match dest.split_once('#') {
                    Some((_, fragment)) if !fragment.is_empty() => Some(self.fragment_href(&id, fragment, span)),
                    _ => Some(format!("#page-{id}")),
                },
                None => {
                    let mut diagnostic =
                        Diagnostic::error("page/broken-link", format!("`{dest}` is not a page of this module"));
                    if let Some(s) = did_you_mean(&resolved.package_path, self.cx.page_ids.keys().map(String::as_str)) {
                        diagnostic = diagnostic.with_hint(format!("did you mean `{s}`?"));
                    } else {
                        diagnostic = diagnostic.with_hint("link to a page listed in `pages` of module.toml");
                    }
                    self.report(self.at(diagnostic, span));
                    None
                }
            };
        }
        if !self.check_file(&mut resolved, dest, span.clone()) || !self.package_file(&resolved, dest, span) {
            return None;
        }
        Some(resolved.package_path)
    }

    fn end_link(&mut self) {
        let Some(link) = self.links.pop() else { return };
        if link.opened {
            self.push("</a>");
        }
        let text = link.text.trim().to_lowercase();
        let text = text.trim_end_matches(['.', '!', ':']);
        if text.is_empty() && !link.has_image {
            self.report(
                self.at(
                    Diagnostic::error(
                        "a11y/empty-link-text",
                        "this link has no text, so screen readers cannot say where it goes",
                    )
                    .with_hint("write the link as `[where it goes](address)`"),
                    link.span,
                ),
            );
        } else if VAGUE_LINK_TEXTS.contains(&text) {
            self.report(
                self.at(
                    Diagnostic::warning(
                        "a11y/vague-link-text",
                        format!("the link text \"{}\" does not say where the link goes", link.text.trim()),
                    )
                    .with_hint(
                        "describe the destination, e.g. `[the ICO's guide to lawful bases](https://ico.org.uk/...)`",
                    ),
                    link.span,
                ),
            );
        }
    }

    /// Check that a file of the module a page refers to can be packaged:
    /// every symbolic link on its path stays inside the module (see
    /// `coursepack_source::confine`), it exists, and it is an ordinary file.
    /// On success `resolved.disk_path` becomes the file's real path, so the
    /// file checked is the file packaged.
    fn check_file(&mut self, resolved: &mut Resolved, written: &str, span: Range<usize>) -> bool {
        let real = match coursepack_source::confine::confine(self.cx.module_dir, Path::new(&resolved.package_path)) {
            Ok(Some(real)) => real,
            Ok(None) => {
                self.report_missing(resolved, written, span);
                return false;
            }
            Err(refused) => {
                self.report(
                    self.at(
                        Diagnostic::error(
                            "page/link-outside-module",
                            refused.message(written, &resolved.package_path, "module folder"),
                        )
                        .with_hint(refused.hint("module folder")),
                        span,
                    ),
                );
                return false;
            }
        };
        match std::fs::metadata(&real) {
            Ok(meta) if meta.is_file() => {
                resolved.disk_path = real;
                true
            }
            Ok(meta) => {
                self.report(
                    self.at(
                        Diagnostic::error(
                            "page/not-a-file",
                            format!("`{written}` is {}, not a file", coursepack_source::confine::describe_kind(&meta)),
                        )
                        .with_hint("link to a file inside the folder, e.g. `media/handout.pdf`"),
                        span,
                    ),
                );
                false
            }
            Err(_) => {
                self.report_missing(resolved, written, span);
                false
            }
        }
    }

    /// Run the checks every packaged file passes ([`files::check`]: file
    /// types that run code, SVG and XML content) on a file that
    /// [`Self::check_file`] accepted, report their problems at `span`, and
    /// add the file to the module's assets. False when it may not be packaged.
    fn package_file(&mut self, resolved: &Resolved, written: &str, span: Range<usize>) -> bool {
        if self.cx.assets.contains_key(&resolved.package_path) {
            return true;
        }
        let (checked, problems) = files::check(&resolved.package_path, written, &resolved.disk_path);
        for problem in problems {
            self.report(self.at(problem, span.clone()));
        }
        match checked {
            Some(file) => {
                self.cx.assets.insert(resolved.package_path.clone(), file);
                true
            }
            None => false,
        }
    }

    fn report_missing(&mut self, resolved: &Resolved, written: &str, span: Range<usize>) {
        let name = resolved.disk_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut diagnostic =
            Diagnostic::error("page/missing-file", format!("`{written}` does not exist in the module"));
        let siblings = media::siblings(&resolved.disk_path);
        if let Some(s) = did_you_mean(&name, siblings.iter().map(String::as_str)) {
            diagnostic = diagnostic.with_hint(format!("did you mean `{s}`? (names are case-sensitive)"));
        } else {
            diagnostic = diagnostic.with_hint("check the path; it is relative to the page's folder");
        }
        self.report(self.at(diagnostic, span));
    }

    /// Check and package every image written in a question's text, as an image of the page is
    /// (inside the module, no remote file, alt text required: the same located errors), and
    /// give each one's placeholder with its markup.
    fn question_images(&mut self, body: &str, body_offset: usize) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut line_start = 0;
        for line in body.split_inclusive('\n') {
            for found in coursepack_quiz::inline::images(line) {
                let start = body_offset + line_start + found.at;
                let image = ImageState {
                    dest: found.source.clone(),
                    title: String::new(),
                    alt: found.alt.clone(),
                    span: start..start + found.len,
                };
                // A recording needs its player, captions and transcript, which are blocks
                // (a figure): a question's prompt (a legend), options (labels) and feedback
                // (paragraphs) hold inline content only, so it would not play as on a page.
                if let Some(kind @ (MediaKind::Audio | MediaKind::Video)) = media::kind(found.source.trim()) {
                    let what = if kind == MediaKind::Audio { "audio" } else { "video" };
                    self.report(self.at(
                        Diagnostic::error(
                            "quiz/media-in-question",
                            format!("`{}` is {what}; questions and their feedback show images, not audio or video", found.source.trim()),
                        )
                        .with_hint(format!("put the {what} on the page just before the question, on a line of its own (`![{}]({})`), with its captions file, and refer to it in the prompt", found.alt.trim(), found.source.trim())),
                        image.span,
                    ));
                    continue;
                }
                if let Some(html) = self.media_html(&image) {
                    let placeholder = coursepack_quiz::inline::image_placeholder(&found.alt, &found.source);
                    if !out.iter().any(|(p, _)| *p == placeholder) {
                        out.push((placeholder, html.inline));
                    }
                }
            }
            line_start += line.len();
        }
        out
    }

    fn end_image(&mut self) {
        let Some(image) = self.image.take() else { return };
        let html = self.media_html(&image).unwrap_or_default();
        for link in &mut self.links {
            link.text.push_str(&image.alt);
        }
        match self.paragraphs.last_mut() {
            Some(paragraph) if self.links.is_empty() => paragraph.blocks.push(html.block.clone()),
            _ => self.mark_content(),
        }
        self.push(&html.inline);
    }

    fn media_html(&mut self, image: &ImageState) -> Option<MediaHtml> {
        let dest = image.dest.trim();
        let span = image.span.clone();
        if media::is_external(dest) {
            self.report(self.at(
                Diagnostic::error("page/remote-media", format!("`{dest}` is not in the module; packages must work offline and never load files from other sites"))
                    .with_hint("download the file into the module's media folder (if its licence allows) and link to it there"),
                span,
            ));
            return None;
        }
        let page_dir = Path::new(&self.page.relative).parent().unwrap_or(Path::new("")).to_path_buf();
        let Some(mut resolved) = media::resolve(self.cx.module_dir, &page_dir, dest) else {
            self.report(
                self.at(
                    Diagnostic::error("page/link-outside-module", format!("`{dest}` points outside the module folder"))
                        .with_hint("keep media inside the module, e.g. in `media/`"),
                    span,
                ),
            );
            return None;
        };
        let Some(kind) = media::kind(&resolved.package_path) else {
            self.report(self.at(
                Diagnostic::error("page/unsupported-media", format!("`{dest}` is not an image, audio or video file"))
                    .with_hint("embed PNG, JPEG, GIF, SVG, WebP, MP4, WebM, MP3 or OGG files; link to other files with `[text](path)`"),
                span,
            ));
            return None;
        };
        if !self.check_file(&mut resolved, dest, span.clone()) || !self.package_file(&resolved, dest, span.clone()) {
            return None;
        }
        let alt = image.alt.trim().to_string();
        let decorative = alt.eq_ignore_ascii_case("decorative");
        if alt.is_empty() {
            self.report(self.at(
                Diagnostic::error("a11y/missing-alt", "this image has no alt text")
                    .with_hint("describe what the image shows in the brackets: `![A bar chart of visits by month](...)`, or write `![decorative](...)` if it adds nothing"),
                span.clone(),
            ));
        } else if !decorative && media::kind(&alt).is_some() {
            self.report(
                self.at(
                    Diagnostic::warning("a11y/filename-alt", format!("the alt text \"{alt}\" looks like a file name"))
                        .with_hint("describe what the image shows"),
                    span.clone(),
                ),
            );
        }
        if decorative && kind != MediaKind::Image {
            self.report(
                self.at(
                    Diagnostic::error("a11y/decorative-media", "audio and video cannot be decorative")
                        .with_hint("describe the recording in the brackets; it becomes its accessible name"),
                    span.clone(),
                ),
            );
        }
        if let Ok(meta) = std::fs::metadata(&resolved.disk_path)
            && kind == MediaKind::Image
            && meta.len() > LARGE_IMAGE_BYTES
        {
            self.report(
                self.at(
                    Diagnostic::warning(
                        "a11y/large-image",
                        format!(
                            "this image is {} KB; large images are slow on shared library PCs and phones",
                            meta.len() / 1024
                        ),
                    )
                    .with_hint("resize or compress it to under 1 MB, or use SVG for diagrams"),
                    span.clone(),
                ),
            );
        }
        let caption = image.title.trim();
        match kind {
            MediaKind::Image => {
                let alt_attr = if decorative { String::new() } else { esc(&alt) };
                let img = format!("<img src=\"{}\" alt=\"{alt_attr}\" loading=\"lazy\">", esc(&resolved.package_path));
                // A diagram whose text would be too small on a phone: a warning, and a
                // link (shown on narrow screens) that opens it at full size. Only an
                // SVG has text to measure: a photo is never read here (reading every
                // image whole was a tenth of the compile of a module of photos).
                let is_svg = media::extension(&resolved.package_path) == "svg";
                let smallest = is_svg.then(|| crate::svg_text::smallest_text_on_phone(&resolved.disk_path)).flatten();
                let zoom = match smallest {
                    Some(px) if px < crate::svg_text::MIN_READABLE_PX => {
                        self.report(self.at(
                            Diagnostic::warning(
                                "a11y/small-svg-text",
                                format!("on a phone (320 px wide) the smallest text of `{dest}` is drawn {px:.1} px high; text under 12 px is hard to read"),
                            )
                            .with_hint(format!(
                                "make the diagram's text larger or the diagram narrower: its smallest text needs {:.0}% of its size now; learners on phones also get a link to open it full size",
                                (crate::svg_text::MIN_READABLE_PX / px * 100.0).ceil()
                            )),
                            span.clone(),
                        ));
                        format!(
                            "\n<a class=\"cp-zoom\" href=\"{}\" target=\"_blank\" rel=\"noopener\">{}</a>",
                            esc(&resolved.package_path),
                            esc(self.cx.strings.get("view_full_size").map(String::as_str).unwrap_or("Open full size"))
                        )
                    }
                    _ => String::new(),
                };
                let block = if caption.is_empty() {
                    format!("<p class=\"cp-image\">{img}{zoom}</p>\n")
                } else {
                    format!("<figure>\n{img}{zoom}\n<figcaption>{}</figcaption>\n</figure>\n", esc(caption))
                };
                Some(MediaHtml { inline: img, block })
            }
            MediaKind::Video | MediaKind::Audio => {
                let mut tracks = Vec::new();
                let mut refused_tracks = false;
                for (track, language) in media::caption_tracks(self.cx.module_dir, &resolved, self.cx.language) {
                    match track {
                        Ok(track) => {
                            if self.package_file(&track, &track.package_path.clone(), span.clone()) {
                                tracks.push((track, language));
                            }
                        }
                        Err(refused) => {
                            refused_tracks = true;
                            let link = match &refused {
                                coursepack_source::confine::Refused::LinkOutside { link, .. } => link.clone(),
                                coursepack_source::confine::Refused::PathOutside => String::new(),
                            };
                            self.report(
                                self.at(
                                    Diagnostic::error(
                                        "page/link-outside-module",
                                        format!(
                                            "the captions of `{dest}`: {}",
                                            refused.message(&link, &link, "module folder")
                                        ),
                                    )
                                    .with_hint(refused.hint("module folder")),
                                    span.clone(),
                                ),
                            );
                        }
                    }
                }
                if tracks.is_empty() && !refused_tracks {
                    self.report(
                        self.at(
                            Diagnostic::error("a11y/media-without-captions", format!("`{dest}` has no captions file"))
                                .with_hint(format!(
                                    "add a WebVTT file next to it named `{}` (or `<name>.<language>.vtt`)",
                                    Path::new(&resolved.package_path)
                                        .with_extension("vtt")
                                        .file_name()
                                        .map(|n| n.to_string_lossy().into_owned())
                                        .unwrap_or_default()
                                )),
                            span.clone(),
                        ),
                    );
                }
                let mut track_html = String::new();
                for (i, (track, language)) in tracks.iter().enumerate() {
                    // Carried in the page, so that captions show from `file://` too
                    // (see `media::captions_data_url`); a file too large for that,
                    // or unreadable as text, is linked. The file is packaged either
                    // way (`package_file` above), for a page that links to it.
                    let src = std::fs::read_to_string(&track.disk_path)
                        .ok()
                        .and_then(|text| media::captions_data_url(&text))
                        .unwrap_or_else(|| track.package_path.clone());
                    let default = if i == 0 { " default" } else { "" };
                    track_html.push_str(&format!(
                        "<track kind=\"captions\" src=\"{}\" srclang=\"{}\" label=\"{}\"{default}>\n",
                        esc(&src),
                        esc(language),
                        esc(&media::language_name(language))
                    ));
                }
                let element = if kind == MediaKind::Video { "video" } else { "audio" };
                let mut html = format!(
                    "<figure class=\"cp-media\">\n<{element} controls preload=\"metadata\" aria-label=\"{}\">\n<source src=\"{}\" type=\"{}\">\n{track_html}</{element}>\n",
                    esc(&alt),
                    esc(&resolved.package_path),
                    media::mime(&resolved.package_path)
                );
                if let Some((track, _)) = tracks.first() {
                    let transcript =
                        transcript_from_vtt(&std::fs::read_to_string(&track.disk_path).unwrap_or_default());
                    if !transcript.is_empty() {
                        let label = self.cx.strings.get("transcript").map(String::as_str).unwrap_or("Transcript");
                        html.push_str(&format!(
                            "<details class=\"cp-transcript\">\n<summary>{}: {}</summary>\n",
                            esc(label),
                            esc(&alt)
                        ));
                        for line in transcript {
                            html.push_str(&format!("<p>{}</p>\n", esc(&line)));
                        }
                        html.push_str("</details>\n");
                    }
                }
                if !caption.is_empty() {
                    html.push_str(&format!("<figcaption>{}</figcaption>\n", esc(caption)));
                }
                html.push_str("</figure>\n");
                Some(MediaHtml { inline: html.clone(), block: html })
            }
        }
    }

    fn end_code(&mut self, on_question: &mut dyn FnMut(QuestionBlock<'_>) -> String) {
        let Some(code) = self.code.take() else { return };
        self.seen_content = true;
        let kind = code.info.split_whitespace().next().unwrap_or("").to_string();
        let body_offset = code.body_offset.unwrap_or(code.span.start);
        if self.fragment.is_some()
            && matches!(kind.as_str(), "question" | "check" | "sorting" | "reflection" | "scenario")
        {
            self.report(self.at(
                Diagnostic::error("scenario/nested-block", format!("a `{kind}` block cannot go inside a scenario"))
                    .with_hint("put questions and reflections on the page, before or after the scenario; a node can ask a question with `reflect:`"),
                code.span.clone(),
            ));
            return;
        }
        if let Some(block) = BlockKind::from_info(&kind) {
            self.block(block, code, on_question);
            return;
        }
        match kind.as_str() {
            "scenario" => {
                let ordinal = self.scenario_ordinal;
                self.scenario_ordinal += 1;
                let block = crate::scenario::Block {
                    page: self.page,
                    ordinal,
                    body: &code.body,
                    body_offset,
                    span: code.span.clone(),
                };
                self.cx.fragment_anchors = self.heading_ids.clone();
                let html = crate::scenario::compile_block(&block, self.cx);
                self.heading_ids = std::mem::take(&mut self.cx.fragment_anchors);
                self.fragment_links.append(&mut self.cx.fragment_links);
                self.push(&html);
            }
            "question" | "check" | "sorting" => {
                let images = self.question_images(&code.body, body_offset);
                let block = QuestionBlock {
                    page: self.page,
                    ordinal: self.question_ordinal,
                    body: code.body,
                    body_offset,
                    check: kind == "check",
                    sorting: kind == "sorting",
                    images,
                };
                self.question_ordinal += 1;
                let html = on_question(block);
                self.push(&html);
            }
            "reflection" => {
                let ordinal = self.reflection_ordinal;
                self.reflection_ordinal += 1;
                let existing: BTreeSet<String> = self.cx.reflections.iter().map(|r| r.id.clone()).collect();
                let result = reflection::compile(
                    &self.page.file,
                    &self.page.id,
                    ordinal,
                    &code.body,
                    body_offset,
                    code.span.clone(),
                    &existing,
                    self.cx.strings,
                );
                self.cx.diagnostics.extend(result.diagnostics);
                if let Some((reflection, html)) = result.output {
                    self.cx.reflections.push(reflection);
                    self.push(&html);
                }
            }
            _ => {
                if code.indented {
                    self.report_indented_fence(&code);
                }
                let class = if kind.is_empty() { String::new() } else { format!(" class=\"language-{}\"", esc(&kind)) };
                let html = format!("<pre><code{class}>{}</code></pre>\n", esc(&code.body));
                self.push(&html);
            }
        }
    }

    /// An indented code block whose first line is a fence (```` ``` ```` or
    /// `~~~`): the author wrote a fenced block (a question, a reflection, any
    /// kind of block) but indented it four spaces or more, so Markdown shows
    /// its source to learners as code. Any fenced block kind, present or future,
    /// is caught, since the check looks only at the fence.
    fn report_indented_fence(&mut self, code: &CodeState) {
        let Some(first) = code.body.lines().find(|l| !l.trim().is_empty()) else { return };
        let first = first.trim();
        let fence = if first.starts_with("```") {
            "```"
        } else if first.starts_with("~~~") {
            "~~~"
        } else {
            return;
        };
        let kind =
            first.trim_start_matches(fence.chars().next().unwrap_or('`')).split_whitespace().next().unwrap_or("");
        let message = if kind.is_empty() {
            "this fenced block is indented four spaces or more, so Markdown shows it to learners as code, fences and all"
                .to_string()
        } else {
            format!(
                "`{fence}{kind}` is indented four spaces or more, so Markdown shows the block to learners as code and it does not work as a `{kind}` block"
            )
        };
        self.report(self.at(
            Diagnostic::warning("page/indented-fence", message)
            .with_hint(format!(
                "remove the spaces before the `{fence}` lines (at most three are allowed); inside a list item, indent it exactly as far as the item's text"
            )),
            code.span.clone(),
        ));
    }

    /// Compile an interactive block (see [`crate::blocks`]): read its parts,
    /// compile each part's Markdown in place, check its keys, and write its HTML.
    fn block(&mut self, kind: BlockKind, code: CodeState, on_question: &mut dyn FnMut(QuestionBlock<'_>) -> String) {
        let body = code.body;
        let map = if code.map.is_empty() { SourceMap::contiguous(code.span.start) } else { code.map };
        let mut problems = Vec::new();
        let raw = blocks::read(kind, &body, &map, &self.page.file, code.span.clone(), &mut problems);
        let failed = problems.iter().any(|d| d.severity == coursepack_diagnostics::Severity::Error);
        self.cx.diagnostics.extend(problems);
        let fence_line = {
            let text = self.page.file.text();
            let end = text[code.span.start..].find('\n').map_or(code.span.end, |n| code.span.start + n);
            code.span.start..end
        };
        self.block_ordinal += 1;
        let id = self.block_id(kind, &raw, &map);

        // Items sit one level under the section the block is in.
        let level = (self.last_level + 1).clamp(2, 6);
        let written = raw.items.first().map_or(2, |item| item.level);
        let shift = level as isize - written as isize;
        let intro_html = self.fragment_html(&body, raw.intro.clone(), &map, shift, level - 1, on_question);
        let mut items = Vec::new();
        for item in &raw.items {
            let title_html = self.inline_html(&body, item.title.clone(), &map, on_question);
            let title_text = plain_text(&body[item.title.clone()]);
            if title_text.trim().is_empty() {
                self.report(
                    Diagnostic::error("a11y/empty-heading", "this heading has no text")
                        .with_hint("give the heading words, or remove it")
                        .at_span(&self.page.file, map.file_span(item.heading.clone())),
                );
            }
            let mut keys = BTreeMap::new();
            for key in &item.keys {
                if self.check_item_key(key, &map) {
                    keys.insert(key.key.clone(), key.value.clone());
                }
            }
            for required in kind.item_keys() {
                if !keys.contains_key(*required) && !item.keys.iter().any(|k| k.key == *required) {
                    let example = if *required == "at" { "at: 30%, 45%" } else { "date: 1964" };
                    self.report(
                        Diagnostic::error(
                            "block/missing-key",
                            format!("this {} has no `{required}:` line", kind.item_noun()),
                        )
                        .with_hint(format!("write it on the line after the heading, for example `{example}`"))
                        .at_span(&self.page.file, map.file_span(item.heading.clone())),
                    );
                }
            }
            let body_html = self.fragment_html(&body, item.body.clone(), &map, shift, level, on_question);
            if body_html.trim().is_empty() && kind != BlockKind::Timeline {
                self.report(
                    Diagnostic::error(
                        "block/empty-item",
                        format!("this {} has nothing under its heading", kind.item_noun()),
                    )
                    .with_hint(empty_item_hint(kind))
                    .at_span(&self.page.file, map.file_span(item.heading.clone())),
                );
            }
            items.push(blocks::Item { title_html, title_text, keys, body_html });
        }
        let extra = match kind {
            BlockKind::LabelledGraphic => self.graphic_image(&raw, &map, fence_line.clone()),
            BlockKind::Tabs => raw
                .header("label")
                .map(|l| l.value.clone())
                .or_else(|| self.last_heading_text.clone())
                .or_else(|| self.title.clone())
                .unwrap_or_default(),
            _ => String::new(),
        };
        if failed {
            return;
        }
        self.cx.widgets.insert(kind.widget());
        if let Some(max_len) = kind.state_max_len(items.len()) {
            self.cx.widget_state.push(WidgetState {
                id: id.clone(),
                max_len,
                location: Some(self.page.file.location(fence_line)),
            });
        }
        let html = blocks::render(&blocks::Parts {
            kind,
            id: &id,
            level,
            intro_html: &intro_html,
            items: &items,
            extra: &extra,
            strings: self.cx.strings,
        });
        self.push(&html);
    }

    /// The block's id: its `id:` line, or `<page id>-<kind>-<n>` (the n-th block on the page).
    fn block_id(&mut self, kind: BlockKind, raw: &blocks::RawBlock, map: &SourceMap) -> String {
        if let Some(given) = raw.header("id") {
            let span = map.file_span(given.span.clone());
            if !coursepack_quiz::valid_id(&given.value) {
                self.report(
                    Diagnostic::error(
                        "block/invalid-id",
                        format!("block id `{}` must use only lowercase letters, digits and `-`", given.value),
                    )
                    .with_hint("for example `id: lawful-bases`; learners' saved progress is kept by it")
                    .at_span(&self.page.file, span),
                );
            } else if !self.cx.block_ids.insert(given.value.clone()) {
                self.report(
                    Diagnostic::error(
                        "block/duplicate-id",
                        format!("another block in this module already has the id `{}`", given.value),
                    )
                    .with_hint("give each block its own id; learners' saved progress is kept by it")
                    .at_span(&self.page.file, span),
                );
            } else {
                return given.value.clone();
            }
        }
        let mut n = self.block_ordinal;
        loop {
            let id = format!("{}-{}-{n}", self.page.id, kind.name());
            if self.cx.block_ids.insert(id.clone()) {
                return id;
            }
            n += 1;
        }
    }

    /// Check an item key's value; true when it can be used.
    fn check_item_key(&mut self, key: &blocks::KeyLine, map: &SourceMap) -> bool {
        let span = map.file_span(if key.value.is_empty() { key.line.clone() } else { key.span.clone() });
        let problem: Option<String> = match key.key.as_str() {
            "at" => blocks::parse_at(&key.value).err(),
            "date" if key.value.trim().is_empty() => {
                Some("write the date or time of the event, such as `date: 1964`".into())
            }
            _ => None,
        };
        match problem {
            Some(hint) => {
                self.report(
                    Diagnostic::error("block/invalid-value", format!("`{}: {}` cannot be used", key.key, key.value))
                        .with_hint(hint)
                        .at_span(&self.page.file, span),
                );
                false
            }
            None => true,
        }
    }

    /// The labelled graphic's `<img>`, from its `image:` and `alt:` lines,
    /// checked like any image of the page.
    fn graphic_image(&mut self, raw: &blocks::RawBlock, map: &SourceMap, fence: Range<usize>) -> String {
        let Some(image) = raw.header("image") else {
            self.report(
                Diagnostic::error("block/missing-key", "this `labelled-graphic` block has no `image:` line")
                    .with_hint("name the image at the top of the block, for example `image: media/floor-plan.svg`")
                    .at_span(&self.page.file, fence),
            );
            return String::new();
        };
        let alt_line = raw.header("alt");
        let alt = alt_line.map(|a| a.value.clone()).unwrap_or_default();
        let end = alt_line.map_or(image.line.end, |a| a.line.end.max(image.line.end));
        let start = alt_line.map_or(image.line.start, |a| a.line.start.min(image.line.start));
        let state = ImageState {
            dest: image.value.clone(),
            title: String::new(),
            alt: alt.clone(),
            span: map.file_span(start..end),
        };
        if alt.trim().eq_ignore_ascii_case("decorative") {
            self.report(
                Diagnostic::error("block/decorative-graphic", "a labelled graphic cannot be decorative")
                    .with_hint("its markers point at parts of the image, so describe what it shows in `alt:`")
                    .at_span(&self.page.file, state.span.clone()),
            );
            return String::new();
        }
        match self.media_html(&state) {
            Some(html) if html.inline.starts_with("<img") => html.inline.replace(" loading=\"lazy\"", ""),
            Some(_) => {
                self.report(
                    Diagnostic::error("block/graphic-not-image", format!("`{}` is not an image", image.value))
                        .with_hint("a labelled graphic's `image:` is a PNG, JPEG, GIF, SVG or WebP file")
                        .at_span(&self.page.file, map.file_span(image.span.clone())),
                );
                String::new()
            }
            None => String::new(),
        }
    }

    /// Compile `body[range]` as Markdown inside a block: located diagnostics,
    /// headings moved by `shift` (and checked against `last_level`), and the
    /// page's ids, anchors and question numbering carried on.
    fn fragment_html(
        &mut self,
        body: &str,
        range: Range<usize>,
        map: &SourceMap,
        shift: isize,
        last_level: usize,
        on_question: &mut dyn FnMut(QuestionBlock<'_>) -> String,
    ) -> String {
        let text = &body[range.clone()];
        if text.trim().is_empty() {
            return String::new();
        }
        let mut child = Walker::new(self.page, &mut *self.cx);
        child.block = Some(BlockPart { map: map.clone(), offset: range.start, shift });
        child.fragment = self.fragment;
        child.scenario_ordinal = self.scenario_ordinal;
        child.title = Some(String::new());
        child.seen_content = true;
        child.last_level = last_level;
        child.last_heading_text = self.last_heading_text.clone();
        child.heading_ids = std::mem::take(&mut self.heading_ids);
        child.fragment_links = std::mem::take(&mut self.fragment_links);
        child.question_ordinal = self.question_ordinal;
        child.reflection_ordinal = self.reflection_ordinal;
        child.block_ordinal = self.block_ordinal;
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM;
        for (event, r) in Parser::new_ext(text, options).into_offset_iter() {
            child.event(event, r, on_question);
        }
        child.close_author_inline(0, "in its part of the block");
        self.heading_ids = std::mem::take(&mut child.heading_ids);
        self.fragment_links = std::mem::take(&mut child.fragment_links);
        self.question_ordinal = child.question_ordinal;
        self.reflection_ordinal = child.reflection_ordinal;
        self.block_ordinal = child.block_ordinal;
        self.scenario_ordinal = child.scenario_ordinal;
        child.buffers.drain(..).collect()
    }

    /// Inline Markdown (a block item's heading) as HTML without its paragraph.
    fn inline_html(
        &mut self,
        body: &str,
        range: Range<usize>,
        map: &SourceMap,
        on_question: &mut dyn FnMut(QuestionBlock<'_>) -> String,
    ) -> String {
        let html = self.fragment_html(body, range, map, 0, 1, on_question);
        let html = html.trim_end();
        html.strip_prefix("<p>").and_then(|h| h.strip_suffix("</p>")).unwrap_or(html).to_string()
    }

    fn author_html(&mut self, html: &str, range: Range<usize>, block: bool) {
        if !html.trim().is_empty() && !is_comment_only(html) {
            self.mark_content();
            if block && self.title.is_none() && !self.seen_content {
                self.seen_content = true;
                self.report(
                    self.at(
                        Diagnostic::error("page/missing-title", "the page does not start with a `# Title` heading")
                            .with_hint(
                                "make the first line of the page a level-1 heading, e.g. `# What data do we hold?`",
                            ),
                        range.start..range.start,
                    ),
                );
            }
        }
        let sanitised = if block {
            if let Some(imbalance) = author_html::block_imbalance(html) {
                let (message, hint) = match imbalance {
                    author_html::BlockImbalance::Unclosed(name) => (
                        format!("`<{name}>` is not closed in this HTML block, so what follows the block is not inside it"),
                        format!(
                            "close it with `</{name}>` in the same block (no blank line in between); Markdown cannot go inside HTML tags"
                        ),
                    ),
                    author_html::BlockImbalance::Stray(name) => (
                        format!("`</{name}>` closes nothing opened in this HTML block"),
                        "an HTML block ends at a blank line, and Markdown cannot go inside HTML tags: keep each element's opening and closing tags in one block".to_string(),
                    ),
                };
                self.report(
                    self.at(Diagnostic::warning("page/unclosed-html-block", message).with_hint(hint), range.clone()),
                );
                // The parser's balancing is what changed the block; it is not a removal.
                let mut sanitised = author_html::sanitise_block(html);
                sanitised.removed_other = false;
                sanitised
            } else {
                author_html::sanitise_block(html)
            }
        } else {
            self.inline_author_html(html, range.clone())
        };
        if sanitised.removed_dangerous {
            self.report(self.at(
                Diagnostic::error("page/unsafe-html", "this HTML contains scripts, styles, frames, form controls, event handlers or `javascript:` URLs, which packages never include")
                    .with_hint("remove it; use Markdown, or the allowed HTML elements listed in the authoring guide"),
                range,
            ));
        } else if sanitised.removed_other {
            self.report(
                self.at(
                    Diagnostic::warning(
                        "page/html-removed",
                        "part of this HTML is outside the allowed subset and was removed",
                    )
                    .with_hint("see the authoring guide for the HTML elements and attributes you can use"),
                    range,
                ),
            );
        }
        self.push(&sanitised.html);
    }

    /// Emit a piece of inline author HTML, keeping its tags balanced: a
    /// closing tag must close a tag opened in the same paragraph (heading,
    /// cell, list item) and the same Markdown emphasis or link; tags left
    /// open are closed where their container ends. Every imbalance is a
    /// `page/unbalanced-html` error, since a browser would carry the
    /// formatting on through the rest of the page.
    fn inline_author_html(&mut self, html: &str, range: Range<usize>) -> author_html::Sanitised {
        let (pieces, removed_dangerous, removed_other) = author_html::inline_pieces(html);
        let mut out = String::new();
        for piece in pieces {
            match piece {
                author_html::InlinePiece::Html(h) => out.push_str(&h),
                author_html::InlinePiece::Open { name, html } => {
                    out.push_str(&html);
                    self.author_inline.push(OpenInline {
                        name,
                        span: range.clone(),
                        depth: self.markdown_inline.len(),
                    });
                }
                author_html::InlinePiece::Close { name } => {
                    let depth = self.markdown_inline.len();
                    match self.author_inline.iter().rposition(|o| o.name == name && o.depth == depth) {
                        Some(index) => {
                            while self.author_inline.len() > index + 1 {
                                let Some(open) = self.author_inline.pop() else { break };
                                self.report_unclosed(&open, &format!("before `</{name}>`"));
                                out.push_str(&format!("</{}>", open.name));
                            }
                            self.author_inline.pop();
                            out.push_str(&format!("</{name}>"));
                        }
                        None => {
                            self.report(self.at(
                                Diagnostic::error(
                                    "page/unbalanced-html",
                                    format!("`</{name}>` closes nothing that is open here"),
                                )
                                .with_hint(format!(
                                    "remove it, or open `<{name}>` before it in the same paragraph (and inside the same Markdown emphasis or link)"
                                )),
                                range.clone(),
                            ));
                        }
                    }
                }
            }
        }
        author_html::Sanitised { html: out, removed_dangerous, removed_other }
    }

    /// Close (and report) the author's inline tags opened at Markdown inline
    /// depth `depth` or deeper; `context` says where they should have closed.
    fn close_author_inline(&mut self, depth: usize, context: &str) {
        while self.author_inline.last().is_some_and(|o| o.depth >= depth) {
            let Some(open) = self.author_inline.pop() else { break };
            self.report_unclosed(&open, context);
            let html = format!("</{}>", open.name);
            self.push(&html);
        }
    }

    fn report_unclosed(&mut self, open: &OpenInline, context: &str) {
        self.report(self.at(
            Diagnostic::error("page/unbalanced-html", format!("`<{}>` is not closed {context}", open.name))
                .with_hint(format!(
                    "close it with `</{}>` in the same paragraph; left open, its formatting would run on through the rest of the page",
                    open.name
                )),
            open.span.clone(),
        ));
    }

    fn finish(mut self) -> PageOutput {
        self.close_author_inline(0, "by the end of the page");
        let title = match self.title.take() {
            Some(title) => title,
            None => {
                if !self.seen_content {
                    self.report(
                        self.at(
                            Diagnostic::error("page/missing-title", "the page has no `# Title` heading")
                                .with_hint("make the first line of the page a level-1 heading"),
                            0..0,
                        ),
                    );
                }
                self.page.id.clone()
            }
        };
        let html = self.buffers.drain(..).collect::<String>();
        PageOutput { title, html, anchors: self.heading_ids, fragment_links: self.fragment_links }
    }
}

#[derive(Default)]
struct MediaHtml {
    inline: String,
    block: String,
}

/// Tags of block-level content: an author's inline tag cannot stay open across them.
fn is_block_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
    )
}

fn empty_item_hint(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Flashcards => "write the back of the card under its heading (the heading is the front)",
        BlockKind::LabelledGraphic => "write the note the marker opens under its heading",
        BlockKind::Reveal => "write what the button reveals under the heading",
        _ => "write its text under the heading, or remove the heading",
    }
}

/// The plain text of inline Markdown (for names and labels).
fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn is_block_start(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Start(
            Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::Table(_)
        ) | Event::Rule
    )
}

fn is_comment_only(html: &str) -> bool {
    let trimmed = html.trim();
    trimmed.starts_with("<!--") && trimmed.ends_with("-->") && trimmed[4..].find("-->") == Some(trimmed.len() - 7)
}

/// The cue text of a WebVTT file, one entry per cue, for a transcript. A
/// voice span (`<v Ruth Jones>`) puts the speaker's name before the words,
/// as a transcript reader expects; other cue tags are dropped.
pub fn transcript_from_vtt(vtt: &str) -> Vec<String> {
    let vtt = coursepack_source::without_bom(vtt);
    let mut lines = Vec::new();
    for block in vtt.replace("\r\n", "\n").split("\n\n") {
        let block = block.trim();
        if block.is_empty()
            || block.starts_with("WEBVTT")
            || block.starts_with("NOTE")
            || block.starts_with("STYLE")
            || block.starts_with("REGION")
        {
            continue;
        }
        let mut cue_lines = block.lines().skip_while(|l| !l.contains("-->"));
        if cue_lines.next().is_none() {
            continue;
        }
        let text: Vec<String> = cue_lines.map(strip_vtt_tags).filter(|l| !l.is_empty()).collect();
        if !text.is_empty() {
            lines.push(text.join(" "));
        }
    }
    lines
}

/// The text of one cue line without its tags; a voice tag becomes `Name: `.
fn strip_vtt_tags(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            // An unclosed `<` is text, not a tag.
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        // `<v Name>` or `<v.class Name>`: the annotation after the first space is the speaker.
        if (tag == "v" || tag.starts_with("v ") || tag.starts_with("v."))
            && let Some((_, speaker)) = tag.split_once(char::is_whitespace)
        {
            let speaker = speaker.trim();
            if !speaker.is_empty() {
                out.push_str(speaker);
                out.push_str(": ");
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::transcript_from_vtt;

    #[test]
    fn voice_spans_name_the_speaker_and_other_tags_are_dropped() {
        let vtt = "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Ruth Jones>We <i>digitised</i> the maps.</v>\n\n\
                   00:02.000 --> 00:04.000\n<v.loud Sam>Twelve &lt; twenty &amp; more.\n\n\
                   00:04.000 --> 00:05.000\n<c.yellow>No speaker</c> here.\n";
        assert_eq!(
            transcript_from_vtt(vtt),
            ["Ruth Jones: We digitised the maps.", "Sam: Twelve < twenty & more.", "No speaker here."]
        );
    }

    #[test]
    fn a_voice_tag_without_a_name_and_a_stray_angle_bracket_are_kept_safe() {
        let vtt = "WEBVTT\r\n\r\nNOTE a comment\r\n\r\n1\r\n00:00.000 --> 00:01.000\r\n<v>Hello\r\nsee 3 <4\r\n";
        assert_eq!(transcript_from_vtt(vtt), ["Hello see 3 <4"]);
    }
}
