//! Compiles a parsed coursepack module into a [`CompiledModule`]: pages of
//! safe HTML, quiz data and an asset list, reporting every authoring and
//! accessibility problem as a located diagnostic.
//!
//! This is the middle of the pipeline: `coursepack-source` reads the files,
//! this crate turns them into something the player can show
//! (`coursepack-render`) and the targets can package (`coursepack-package`).
//! Question blocks are handed to `coursepack-quiz`; everything else in a page
//! (Markdown, media, links, callouts, reflections, author HTML) is handled here.

mod author_html;
pub mod blocks;
mod css;
mod escape;
mod files;
mod media;
mod model;
mod page;
mod reflection;
mod scenario;
pub mod svg;
pub mod svg_text;

pub use author_html::{ALLOWED_ATTRIBUTES, ALLOWED_TAGS};
pub use model::*;
pub use page::{LARGE_IMAGE_BYTES, transcript_from_vtt};
pub use reflection::REFLECTION_MAX_CHARS;
pub use scenario::{ScenariosAt, scenarios_at};

use coursepack_diagnostics::Diagnostic;
use coursepack_quiz::{BlockSource, PlacedQuestion};
use coursepack_source::{ParsedModule, strings};
use page::{PageContext, QuestionBlock, compile_page};
use std::collections::BTreeMap;

/// The interface strings of a module: the defaults for its language with the
/// module's overrides applied.
pub fn resolved_strings(module: &ParsedModule) -> BTreeMap<String, String> {
    let mut resolved = strings::default_strings(&module.manifest.meta.language);
    for (key, value) in &module.manifest.strings {
        if resolved.contains_key(key) && !value.trim().is_empty() {
            resolved.insert(key.clone(), value.clone());
        }
    }
    resolved
}

/// A `page/broken-fragment` error for each link to a heading that no page
/// has, with the nearest heading of the target page as the hint.
fn check_fragment_links(links: &[page::FragmentLink], anchors: &std::collections::BTreeSet<String>) -> Vec<Diagnostic> {
    links
        .iter()
        .filter(|link| !anchors.contains(&link.anchor))
        .map(|link| {
            let prefix = format!("{}--", link.page_id);
            let headings = anchors.iter().filter_map(|a| a.strip_prefix(&prefix));
            let hint = match coursepack_diagnostics::did_you_mean(&escape::slug(&link.fragment), headings) {
                Some(near) => format!("did you mean `#{near}`?"),
                None => format!(
                    "page `{}` has no heading that gives `#{}`; link to the page itself or add the heading",
                    link.page_id, link.fragment
                ),
            };
            Diagnostic::error(
                "page/broken-fragment",
                format!("`#{}` names no heading of page `{}`", link.fragment, link.page_id),
            )
            .with_hint(hint)
            .at(link.location.clone())
        })
        .collect()
}

/// `[quiz] pages` may name pages by file (as in `pages`) or by page id: each
/// entry becomes the page's id. An entry naming no page listed in `pages` is
/// a `quiz/unknown-page` error at the entry (with the nearest page) and is
/// left out, so it is not also reported as a page without questions.
fn check_quiz_pages(module: &ParsedModule, settings: &mut coursepack_quiz::QuizSettings) -> Vec<Diagnostic> {
    let listed: Vec<(String, String)> =
        module.manifest.pages.iter().map(|file| (file.clone(), coursepack_source::page_id_from_file(file))).collect();
    let mut problems = Vec::new();
    let mut kept = Vec::new();
    for (index, entry) in settings.pages.iter().enumerate() {
        if let Some((_, id)) = listed.iter().find(|(file, id)| file == entry || id == entry) {
            kept.push(id.clone());
            continue;
        }
        let names = listed.iter().flat_map(|(file, id)| [file.as_str(), id.as_str()]);
        let hint = match coursepack_diagnostics::did_you_mean(entry, names) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "list pages by their file name as in `pages` (`\"03-check.md\"`) or by their page id (`\"check\"`)"
                .to_string(),
        };
        let span =
            coursepack_source::value_span(&module.manifest_file, &format!("quiz.pages[{index}]")).unwrap_or(0..0);
        problems.push(
            Diagnostic::error(
                "quiz/unknown-page",
                format!("`[quiz] pages` names `{entry}`, which is not a page of this module"),
            )
            .at_span(&module.manifest_file, span)
            .with_hint(hint),
        );
    }
    settings.pages = kept;
    problems
}

/// Compile a parsed module. Returns the compiled module and every problem
/// found; callers must not package a module whose diagnostics contain errors.
pub fn compile_module(module: &ParsedModule) -> (CompiledModule, Vec<Diagnostic>) {
    let manifest = &module.manifest;
    let strings = resolved_strings(module);
    let page_ids: BTreeMap<String, String> =
        module.pages.iter().map(|p| (p.relative.trim_start_matches("./").to_string(), p.id.clone())).collect();
    let mut assets = BTreeMap::new();
    let mut reflections = Vec::new();
    let mut scenarios = Vec::new();
    let mut diagnostics = Vec::new();
    let mut placed: Vec<PlacedQuestion> = Vec::new();
    let mut question_diagnostics = Vec::new();
    // A page listed in `module.toml` that could not be loaded (missing, unreadable, not UTF-8,
    // outside the module) is already reported by the source crate; the quiz checks treat it as
    // broken, so its questions are not reported missing as well.
    let mut broken_pages: Vec<String> = manifest
        .pages
        .iter()
        .map(|file| coursepack_source::page_id_from_file(file))
        .filter(|id| !module.pages.iter().any(|p| &p.id == id))
        .collect();
    let mut pages = Vec::new();
    let mut anchors = std::collections::BTreeSet::new();
    let mut fragment_links = Vec::new();
    let mut settings = manifest.quiz.clone().unwrap_or_default();
    // `[quiz] pages` may name pages by file (as in `pages`) or by page id; reported after the pages.
    let quiz_page_problems = check_quiz_pages(module, &mut settings);
    // A pass mark over 100 is reported by the source crate (`module/invalid-pass-mark`); the quiz is
    // compiled as if it had none rather than reporting the same mistake again.
    let pass_mark = manifest.pass_mark.filter(|p| *p <= 100);
    // The assessment's pages (empty: every page), when the module has an assessment.
    let assessment: Option<std::collections::BTreeSet<String>> =
        (pass_mark.is_some() || !settings.pages.is_empty()).then(|| settings.pages.iter().cloned().collect());
    let mut widgets = std::collections::BTreeSet::new();
    let mut widget_state = Vec::new();
    let mut block_ids = std::collections::BTreeSet::new();
    let mut sorting_used = false;
    for source in &module.pages {
        let mut question_ids = Vec::new();
        let mut on_question = |block: QuestionBlock<'_>| -> String {
            let src = BlockSource {
                file: &block.page.file,
                page_id: &block.page.id,
                ordinal: block.ordinal,
                body: &block.body,
                body_offset: block.body_offset,
            };
            let (question, problems) = if block.sorting {
                coursepack_quiz::parse_sorting(&src)
            } else {
                coursepack_quiz::parse_question(&src)
            };
            let location = block.page.file.location(block.body_offset..block.body_offset);
            question_diagnostics.extend(problems);

            match question {
                Some(mut question) => {
                    // Images in the question's text: the page checked and packaged each file.
                    for html in question.html_mut() {
                        for (placeholder, markup) in &block.images {
                            if html.contains(placeholder.as_str()) {
                                *html = html.replace(placeholder.as_str(), markup);
                            }
                        }
                    }
                    // A sorting block is a knowledge check when it says `scored: false`.
                    question.check |= block.check;
                    sorting_used |= block.sorting;
                    let html = coursepack_quiz::render_question_html(&question, &strings);
                    question_ids.push(question.id.clone());
                    placed.push(PlacedQuestion { question, page_id: block.page.id.clone(), location: Some(location) });
                    html
                }
                None => {
                    if !broken_pages.contains(&block.page.id) {
                        broken_pages.push(block.page.id.clone());
                    }
                    String::new()
                }
            }
        };
        let mut cx = PageContext {
            module_dir: &module.root,
            page_ids: &page_ids,
            strings: &strings,
            language: &manifest.meta.language,
            assets: &mut assets,
            reflections: &mut reflections,
            scenarios: &mut scenarios,
            assessment: assessment.as_ref(),
            fragment_anchors: Default::default(),
            fragment_links: Vec::new(),
            diagnostics: &mut diagnostics,
            widgets: &mut widgets,
            widget_state: &mut widget_state,
            block_ids: &mut block_ids,
        };
        let output = compile_page(source, &mut cx, &mut on_question);
        anchors.extend(output.anchors);
        fragment_links.extend(output.fragment_links);
        // Kept for the whole build: without the room the string grew into
        // (up to half of it, by doubling), about 40 KB less per module.
        let mut html = output.html;
        html.shrink_to_fit();
        pages.push(CompiledPage { id: source.id.clone(), title: output.title, html, question_ids });
    }
    diagnostics.extend(check_fragment_links(&fragment_links, &anchors));
    diagnostics.extend(question_diagnostics);
    diagnostics.extend(quiz_page_problems);
    // Scored scenarios on assessment pages count towards the assessment, like questions.
    let elsewhere: Vec<(String, u32)> =
        scenarios.iter().filter(|s| s.assessed).map(|s| (s.page_id.clone(), s.points)).collect();
    let (quiz, quiz_diagnostics) = coursepack_quiz::compile_quiz_in(
        placed,
        &settings,
        pass_mark,
        Some(&module.manifest_file),
        &broken_pages,
        &elsewhere,
    );
    diagnostics.extend(quiz_diagnostics);
    if !quiz.questions.is_empty() || !elsewhere.is_empty() {
        widgets.insert(Widget::Quiz);
    }
    if sorting_used {
        widgets.insert(Widget::Sorting);
    }
    let compiled = CompiledModule {
        meta: Metadata {
            // A base that fails the check was reported by the source crate; such a module is never packaged.
            activity_base_iri: manifest
                .meta
                .activity_base_iri
                .as_deref()
                .and_then(|b| coursepack_source::normalise_activity_base_iri(b).ok()),
            ..manifest.meta.clone()
        },
        audience: manifest.audience.clone(),
        duration_minutes: manifest.duration_minutes,
        completion: match manifest.completion {
            coursepack_source::CompletionRule::AllPages => CompletionRule::AllPages,
            coursepack_source::CompletionRule::QuizPassed => CompletionRule::QuizPassed,
            coursepack_source::CompletionRule::AllPagesAndQuiz => CompletionRule::AllPagesAndQuiz,
        },
        pass_mark: manifest.pass_mark,
        pages,
        reflections,
        scenarios,
        quiz,
        strings,
        assets: assets
            .into_iter()
            .map(|(package_path, file)| Asset { package_path, source_path: file.source, rewritten: file.rewritten })
            .collect(),
        widgets: widgets.into_iter().collect(),
        widget_state,
        packaging: PackagingInfo {
            manifest_location: Some(
                module
                    .manifest_file
                    .location(coursepack_source::value_span(&module.manifest_file, "pages").unwrap_or(0..0)),
            ),
        },
    };
    (compiled, diagnostics)
}
