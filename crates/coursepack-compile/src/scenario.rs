//! Scenario blocks in pages: ```` ```scenario ```` with the scenario's text,
//! or with `file: <path>` naming a file of its own. The text is read and its
//! graph checked by `coursepack-scenario`; here each node's Markdown is
//! compiled like a page (media and links checked the same way) and the
//! scenario becomes HTML that reads in order without JavaScript: every node,
//! each choice a link to the node it leads to, and its consequence under it.
//! `scenario.js` turns that into one node at a time.

use crate::escape::html as esc;
use crate::media;
use crate::model::{CompiledScenario, Reflection};
use crate::page::{PageContext, compile_fragment};
use coursepack_diagnostics::{Diagnostic, SourceFile, did_you_mean};
use coursepack_quiz::inline;
use coursepack_scenario::{Mark, Scenario, ScenarioSource, check_graph, file_reference, parse_scenario, slug};
use coursepack_source::PageSource;
use std::ops::Range;
use std::path::Path;

/// A ```` ```scenario ```` block of a page.
pub(crate) struct Block<'a> {
    /// The page it is on.
    pub page: &'a PageSource,
    /// 0-based index among the page's scenario blocks.
    pub ordinal: usize,
    /// The block's content.
    pub body: &'a str,
    /// Byte offset of `body` in the page file.
    pub body_offset: usize,
    /// The whole block, fences included.
    pub span: Range<usize>,
}

/// The anchor of a node (also its section's `id`).
fn node_anchor(scenario: &str, node: &str) -> String {
    format!("cp-scenario-{scenario}__{node}")
}

/// Compile one block into its HTML (empty when it is unusable; every problem is reported).
pub(crate) fn compile_block(block: &Block<'_>, cx: &mut PageContext<'_>) -> String {
    let page = block.page;
    let default_id = format!("{}-scenario-{}", page.id, block.ordinal + 1);
    let src =
        ScenarioSource { file: &page.file, body: block.body, body_offset: block.body_offset, default_id: &default_id };
    let located = page.file.location(block.span.start..block.span.start);
    if let Some((path, span, problems)) = file_reference(&src) {
        let broken = problems.iter().any(|d| d.severity == coursepack_diagnostics::Severity::Error);
        cx.diagnostics.extend(problems);
        if broken {
            return String::new();
        }
        let Some((source, package_path)) = read_file(page, &path, span, cx) else { return String::new() };
        let stem = Path::new(&package_path).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let default_id = slug(stem.trim_end_matches(".scenario"));
        // A UTF-8 byte-order mark is not part of the text.
        let body_offset = if source.text().starts_with('\u{feff}') { 3 } else { 0 };
        let scenario_page =
            PageSource { id: page.id.clone(), relative: package_path, path: page.path.clone(), file: source.clone() };
        let src =
            ScenarioSource { file: &source, body: &source.text()[body_offset..], body_offset, default_id: &default_id };
        return compile(&src, &scenario_page, located, cx);
    }
    compile(&src, page, located, cx)
}

/// Read the scenario file `path` (relative to `page`'s folder): its text and
/// its path inside the module, or `None` after reporting why not.
fn read_file(
    page: &PageSource,
    path: &str,
    span: Range<usize>,
    cx: &mut PageContext<'_>,
) -> Option<(SourceFile, String)> {
    let page_dir = Path::new(&page.relative).parent().unwrap_or(Path::new("")).to_path_buf();
    let Some(resolved) = media::resolve(cx.module_dir, &page_dir, path) else {
        cx.diagnostics.push(
            Diagnostic::error("scenario/file-outside-module", format!("`{path}` is not inside the module folder"))
                .with_hint(
                    "keep scenario files inside the module, e.g. in `scenarios/`; the path is relative to this page",
                )
                .at_span(&page.file, span),
        );
        return None;
    };
    // Like every file a module reads, a scenario file is confined to the module
    // folder: a symbolic link leading out of it is refused, never read through.
    let real = match coursepack_source::confine::confine(cx.module_dir, Path::new(&resolved.package_path)) {
        Ok(real) => real,
        Err(refused) => {
            cx.diagnostics.push(
                Diagnostic::error(
                    "scenario/file-outside-module",
                    refused.message(path, &resolved.package_path, "module folder"),
                )
                .with_hint(refused.hint("module folder"))
                .at_span(&page.file, span),
            );
            return None;
        }
    };
    let bytes = match real.as_deref().map(|real| (real.is_file(), std::fs::read(real))) {
        Some((true, Ok(bytes))) => bytes,
        _ => {
            let name = resolved.disk_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let siblings = media::siblings(&resolved.disk_path);
            let hint = match did_you_mean(&name, siblings.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`? (names are case-sensitive)"),
                None => "check the path; it is relative to this page's folder".to_string(),
            };
            cx.diagnostics.push(
                Diagnostic::error("scenario/file-not-found", format!("the scenario file `{path}` does not exist"))
                    .with_hint(hint)
                    .at_span(&page.file, span),
            );
            return None;
        }
    };
    let display = coursepack_source::display_path(&resolved.disk_path);
    match String::from_utf8(bytes) {
        Ok(text) => Some((SourceFile::new(display, text), resolved.package_path)),
        Err(e) => {
            let file = SourceFile::new(display, String::from_utf8_lossy(e.as_bytes()).into_owned());
            let offset = e.utf8_error().valid_up_to();
            cx.diagnostics.push(
                Diagnostic::error("scenario/file-not-utf8", "the scenario file is not valid UTF-8 text")
                    .with_hint("save the file as UTF-8")
                    .at_span(&file, offset..offset + 1),
            );
            None
        }
    }
}

/// Parse, check and render one scenario whose text is in `page.file`.
fn compile(
    src: &ScenarioSource<'_>,
    page: &PageSource,
    located: coursepack_diagnostics::Location,
    cx: &mut PageContext<'_>,
) -> String {
    let (scenario, problems) = parse_scenario(src);
    cx.diagnostics.extend(problems);
    let Some(s) = scenario else { return String::new() };
    cx.diagnostics.extend(check_graph(&s, src.file));
    if cx.scenarios.iter().any(|other| other.id == s.id) {
        cx.diagnostics.push(
            Diagnostic::error(
                "scenario/duplicate-id",
                format!("another scenario in this module has the id `{}`", s.id),
            )
            .with_hint("give each scenario its own `id:`; tracking and saved progress are kept by it")
            .at(s.id_span.clone().map_or(located.clone(), |span| src.file.location(span))),
        );
        return String::new();
    }
    let title = s.title.clone().unwrap_or_else(|| cx.strings.get("scenario").cloned().unwrap_or_default());
    let assessed = s.is_scored()
        && s.points > 0
        && cx.assessment.is_some_and(|pages| pages.is_empty() || pages.contains(&page.id));
    let html = render(&s, &title, assessed, page, cx);
    cx.widgets.insert(crate::model::Widget::Scenario);
    let mut data = coursepack_scenario::player::player_data(&s, &inline::to_text(&title));
    // The page it is played on, for the player and the browser tests; whether it counts.
    data["page"] = serde_json::Value::String(page.id.clone());
    data["assessed"] = serde_json::Value::Bool(assessed);
    // A value always serialises (its keys are strings).
    let data = serde_json::value::to_raw_value(&data).unwrap_or_else(|_| serde_json::value::RawValue::NULL.to_owned());
    cx.scenarios.push(CompiledScenario {
        id: s.id.clone(),
        page_id: page.id.clone(),
        data,
        longest_path: coursepack_scenario::longest_path(&s),
        assessed,
        points: s.points,
        endings: s.endings().count(),
        location: Some(located),
    });
    html
}

fn string(cx: &PageContext<'_>, key: &str) -> String {
    esc(cx.strings.get(key).map(String::as_str).unwrap_or(key))
}

/// The scenario's HTML (see the module documentation).
fn render(s: &Scenario, title: &str, assessed: bool, page: &PageSource, cx: &mut PageContext<'_>) -> String {
    let sid = &s.id;
    let mut out = format!(
        "<section class=\"cp-scenario\" id=\"cp-scenario-{sid}\" data-scenario-id=\"{sid}\" aria-labelledby=\"cp-scenario-{sid}-title\">\n\
         <h2 class=\"cp-scenario-title\" id=\"cp-scenario-{sid}-title\">{}</h2>\n",
        inline::to_html(title)
    );
    if let Some(intro) = &s.intro {
        let html = compile_fragment(page, intro.clone(), 2, cx);
        out.push_str(&format!("<div class=\"cp-scenario-intro\">\n{html}</div>\n"));
    }
    out.push_str(&format!("<p class=\"cp-scenario-how\">{}</p>\n", string(cx, "scenario_how")));
    if assessed {
        out.push_str(&format!("<p class=\"cp-scenario-counts\">{}</p>\n", string(cx, "scenario_counts")));
    }
    let start = s.start_index().map(|i| s.nodes[i].id.clone()).unwrap_or_default();
    for node in &s.nodes {
        let anchor = node_anchor(sid, &node.id);
        let class = if node.is_ending() { "cp-scenario-node cp-scenario-ending" } else { "cp-scenario-node" };
        out.push_str(&format!(
            "<section class=\"{class}\" id=\"{anchor}\" data-node-id=\"{}\" aria-labelledby=\"{anchor}-title\">\n\
             <h3 class=\"cp-scenario-node-title\" id=\"{anchor}-title\" tabindex=\"-1\">{}</h3>\n",
            node.id,
            inline::to_html(&node.title)
        ));
        if let Some(ending) = &node.ending {
            out.push_str("<div class=\"cp-scenario-outcome\">\n");
            out.push_str(&format!(
                "<p><strong>{}:</strong> {}</p>\n",
                string(cx, "scenario_outcome"),
                inline::to_html(&ending.outcome)
            ));
            if let Some(score) = ending.score {
                let text = cx
                    .strings
                    .get("scenario_score")
                    .map(|t| t.replace("{score}", &score.to_string()).replace("{max}", &s.max_score().to_string()))
                    .unwrap_or_default();
                out.push_str(&format!("<p class=\"cp-scenario-score\">{}</p>\n", esc(&text)));
            }
            match ending.success {
                Some(true) => out
                    .push_str(&format!("<p class=\"cp-scenario-success\">✓ {}</p>\n", string(cx, "scenario_success"))),
                Some(false) => out.push_str(&format!(
                    "<p class=\"cp-scenario-failure\">✗ {}</p>\n",
                    string(cx, "scenario_not_success")
                )),
                None => {}
            }
            out.push_str("</div>\n");
        }
        if let Some(content) = &node.content {
            out.push_str(&compile_fragment(page, content.clone(), 3, cx));
        }
        if let Some(prompt) = &node.reflect {
            out.push_str(&reflection(s, node, prompt, page, cx));
        }
        if !node.choices.is_empty() {
            out.push_str(&format!(
                "<p class=\"cp-scenario-prompt\" id=\"{anchor}-prompt\">{}</p>\n<ul class=\"cp-scenario-choices\" aria-labelledby=\"{anchor}-prompt\">\n",
                string(cx, "scenario_choose")
            ));
            for (k, choice) in node.choices.iter().enumerate() {
                let mark = match choice.mark {
                    Mark::Right => "right",
                    Mark::Wrong => "wrong",
                    Mark::Neutral => "neutral",
                };
                out.push_str(&format!(
                    "<li class=\"cp-scenario-choice\" data-choice=\"{k}\" data-mark=\"{mark}\"><a href=\"#{}\">{}</a>",
                    node_anchor(sid, &choice.target),
                    inline::to_html(&choice.text)
                ));
                if let Some(feedback) = &choice.feedback {
                    out.push_str(&format!(
                        "\n<p class=\"cp-scenario-feedback\"><strong>{}</strong> <span class=\"cp-scenario-feedback-text\">{}</span></p>\n",
                        string(cx, "scenario_consequence"),
                        inline::to_html(feedback)
                    ));
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        }
        if node.is_ending() && !start.is_empty() {
            out.push_str(&format!(
                "<p class=\"cp-scenario-to-start\"><a href=\"#{}\">{}</a></p>\n",
                node_anchor(sid, &start),
                string(cx, "scenario_to_start")
            ));
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
    out
}

/// A node's "what would you do?" box: a reflection kept under `<scenario>-<node>`.
fn reflection(
    s: &Scenario,
    node: &coursepack_scenario::Node,
    prompt: &str,
    page: &PageSource,
    cx: &mut PageContext<'_>,
) -> String {
    let mut id: String = format!("{}-{}", s.id, node.id).chars().take(coursepack_scenario::MAX_ID_CHARS).collect();
    while id.ends_with('-') {
        id.pop();
    }
    let location = page.file.location(node.heading.clone());
    if cx.reflections.iter().any(|r| r.id == id) {
        cx.diagnostics.push(
            Diagnostic::error(
                "reflection/duplicate-id",
                format!("another reflection in this module already has the id `{id}`"),
            )
            .with_hint(
                "a node's `reflect:` is kept as `<scenario id>-<node id>`; rename the other reflection or this node",
            )
            .at(location),
        );
        return String::new();
    }
    cx.reflections.push(Reflection { id: id.clone(), page_id: page.id.clone(), location: Some(location) });
    crate::reflection::html(&id, &inline::to_html(prompt), cx.strings)
}

/// The ```` ```scenario ```` blocks of a Markdown text: each block's body and its byte offset.
pub(crate) fn blocks_in(text: &str) -> Vec<(String, usize, Range<usize>)> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut current: Option<(String, Option<usize>, Range<usize>)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("scenario") =>
            {
                current = Some((String::new(), None, range));
            }
            Event::Text(t) => {
                if let Some((body, offset, _)) = &mut current {
                    offset.get_or_insert(range.start);
                    body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((body, offset, span)) = current.take() {
                    out.push((body, offset.unwrap_or(span.start), span));
                }
            }
            _ => {}
        }
    }
    out
}

/// The scenarios found at a path, for `coursepack scenario map`: each one
/// parsed and its graph checked, with every problem and the files they point into.
#[derive(Debug, Default)]
pub struct ScenariosAt {
    /// The usable scenarios, in reading order.
    pub scenarios: Vec<Scenario>,
    /// Every problem found while reading and checking them.
    pub diagnostics: Vec<Diagnostic>,
    /// The files the diagnostics point into.
    pub files: Vec<SourceFile>,
}

/// Read the scenarios at `path`: a module folder (every scenario of its pages),
/// a page (its ```` ```scenario ```` blocks), or a scenario file of its own.
/// Files a page's block names are read only from inside the module folder
/// (for a page given alone, its own folder). Fails only on I/O problems with
/// `path` itself.
pub fn scenarios_at(path: &Path) -> std::io::Result<ScenariosAt> {
    let mut found = ScenariosAt::default();
    if path.is_dir() {
        let (module, problems) = coursepack_source::load_module(path)?;
        found
            .diagnostics
            .extend(problems.into_iter().filter(|d| d.severity == coursepack_diagnostics::Severity::Error));
        if let Some(module) = module {
            found.files.push(module.manifest_file.clone());
            for page in &module.pages {
                scenarios_of_page(&module.root, page, &mut found);
            }
        }
        return Ok(found);
    }
    let text = std::fs::read_to_string(path)?;
    let display = coursepack_source::display_path(path);
    let file = SourceFile::new(display, text);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let page = PageSource {
        id: coursepack_source::page_id_from_file(&name),
        relative: name.clone(),
        path: path.to_path_buf(),
        file: file.clone(),
    };
    if blocks_in(file.text()).is_empty() {
        let stem = Path::new(&name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let default_id = slug(stem.trim_end_matches(".scenario"));
        let body_offset = if file.text().starts_with('\u{feff}') { 3 } else { 0 };
        let src =
            ScenarioSource { file: &file, body: &file.text()[body_offset..], body_offset, default_id: &default_id };
        read_one(&src, &mut found);
        found.files.push(file);
    } else {
        let root = coursepack_source::confine::real_root(dir).unwrap_or_else(|_| dir.to_path_buf());
        scenarios_of_page(&root, &page, &mut found);
    }
    Ok(found)
}

fn read_one(src: &ScenarioSource<'_>, found: &mut ScenariosAt) {
    let (scenario, problems) = parse_scenario(src);
    found.diagnostics.extend(problems);
    if let Some(s) = scenario {
        found.diagnostics.extend(check_graph(&s, src.file));
        found.scenarios.push(s);
    }
}

fn scenarios_of_page(module_dir: &Path, page: &PageSource, found: &mut ScenariosAt) {
    let blocks = blocks_in(page.file.text());
    if !blocks.is_empty() {
        found.files.push(page.file.clone());
    }
    for (ordinal, (body, body_offset, _)) in blocks.iter().enumerate() {
        let default_id = format!("{}-scenario-{}", page.id, ordinal + 1);
        let src = ScenarioSource { file: &page.file, body, body_offset: *body_offset, default_id: &default_id };
        let Some((path, span, problems)) = file_reference(&src) else {
            read_one(&src, found);
            continue;
        };
        found.diagnostics.extend(problems);
        let page_dir = Path::new(&page.relative).parent().unwrap_or(Path::new("")).to_path_buf();
        let Some(resolved) = media::resolve(module_dir, &page_dir, &path) else {
            found.diagnostics.push(
                Diagnostic::error("scenario/file-outside-module", format!("`{path}` is not inside the module folder"))
                    .at_span(&page.file, span),
            );
            continue;
        };
        let real = match coursepack_source::confine::confine(module_dir, Path::new(&resolved.package_path)) {
            Ok(real) => real,
            Err(refused) => {
                found.diagnostics.push(
                    Diagnostic::error(
                        "scenario/file-outside-module",
                        refused.message(&path, &resolved.package_path, "module folder"),
                    )
                    .with_hint(refused.hint("module folder"))
                    .at_span(&page.file, span),
                );
                continue;
            }
        };
        let Some(Ok(text)) = real.filter(|r| r.is_file()).map(std::fs::read_to_string) else {
            found.diagnostics.push(
                Diagnostic::error("scenario/file-not-found", format!("the scenario file `{path}` cannot be read"))
                    .at_span(&page.file, span),
            );
            continue;
        };
        let file = SourceFile::new(coursepack_source::display_path(&resolved.disk_path), text);
        let stem =
            Path::new(&resolved.package_path).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let default_id = slug(stem.trim_end_matches(".scenario"));
        let body_offset = if file.text().starts_with('\u{feff}') { 3 } else { 0 };
        let src =
            ScenarioSource { file: &file, body: &file.text()[body_offset..], body_offset, default_id: &default_id };
        read_one(&src, found);
        found.files.push(file);
    }
}
