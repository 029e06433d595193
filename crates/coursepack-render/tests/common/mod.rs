//! A small module for the tests and the benchmark, built directly as a
//! `CompiledModule` (the compile crate's output type).

#![allow(dead_code)]

use coursepack_compile::{CompiledModule, CompiledPage, CompletionRule, Metadata, Reflection};
use coursepack_source::strings::default_strings;

/// A three-page module in `language` ("en-GB" or "cy") with a callout, a
/// table, a figure, a reflection prompt and an author link to another origin.
pub fn module(language: &str) -> CompiledModule {
    let welsh = language.starts_with("cy");
    let t = |en: &'static str, cy: &'static str| if welsh { cy } else { en };
    let pages = vec![
        page(
            "welcome",
            t("Welcome", "Croeso"),
            &format!(
                "<p>{}</p>\n<aside class=\"cp-callout cp-callout-note\"><p class=\"cp-callout-label\">{}</p><p>{}</p></aside>",
                t(
                    "Libraries are places of <em>digital</em> confidence.",
                    "Mae llyfrgelloedd yn lleoedd o hyder <em>digidol</em>."
                ),
                t("Note", "Nodyn"),
                t(
                    "See <a href=\"https://example.org/guide\">the guide</a>.",
                    "Gweler <a href=\"https://example.org/guide\">y canllaw</a>."
                ),
            ),
        ),
        page(
            "data",
            t("Data you hold", "Data sydd gennych"),
            "<h2>Loans</h2>\n<div class=\"cp-table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Loans\"><table><thead><tr><th scope=\"col\">Year</th><th scope=\"col\">Loans</th></tr></thead><tbody><tr><td>2024</td><td>1,204</td></tr></tbody></table></div>\n<figure><img src=\"media/chart.svg\" alt=\"Loans rose by a tenth\"><figcaption>Loans by year</figcaption></figure>",
        ),
        page(
            "reflect",
            t("Reflect", "Myfyrio"),
            "<div class=\"cp-reflection\" data-reflection-id=\"next-step\"><label for=\"cp-reflection-next-step\">What will you try first?</label><p class=\"cp-reflection-limit\" id=\"cp-reflection-next-step-limit\">You can write up to 2000 characters.</p><textarea id=\"cp-reflection-next-step\" data-reflection-id=\"next-step\" rows=\"5\" maxlength=\"2000\" aria-describedby=\"cp-reflection-next-step-limit cp-reflection-next-step-count\"></textarea><p class=\"cp-reflection-count\" id=\"cp-reflection-next-step-count\"></p><p class=\"cp-reflection-status\" role=\"status\" aria-live=\"polite\"></p></div>",
        ),
    ];
    CompiledModule {
        meta: Metadata {
            id: "digital-leadership".into(),
            title: t("Digital leadership & you", "Arweinyddiaeth ddigidol a chi").into(),
            version: "1.0.0".into(),
            language: language.into(),
            summary: "What a digital leader is.".into(),
            authors: vec!["Ana Author".into()],
            organisation: Some("Example Libraries".into()),
            licence: "CC-BY-4.0".into(),
            keywords: vec!["leadership".into()],
            activity_base_iri: None,
        },
        audience: None,
        duration_minutes: Some(30),
        completion: CompletionRule::AllPages,
        pass_mark: None,
        pages,
        reflections: vec![Reflection { id: "next-step".into(), page_id: "reflect".into(), location: None }],
        scenarios: Vec::new(),
        quiz: coursepack_quiz::CompiledQuiz::default(),
        // Only the keys the player needs, so the snapshots do not change
        // whenever another crate adds an interface string.
        strings: default_strings(language)
            .into_iter()
            .filter(|(key, _)| coursepack_render::REQUIRED_STRINGS.contains(&key.as_str()))
            .collect(),
        assets: vec![],
        widgets: vec![],
        widget_state: vec![],
        packaging: Default::default(),
    }
}

/// A module with `n` pages of a few paragraphs each, for the benchmark.
pub fn module_with_pages(n: usize) -> CompiledModule {
    let mut m = module("en-GB");
    m.pages = (1..=n)
        .map(|i| {
            let body = (0..12)
                .map(|p| format!("<p>Paragraph {p} of page {i}: libraries help people build <strong>digital confidence</strong> every day.</p>"))
                .collect::<String>();
            page(&format!("page-{i}"), &format!("Page {i}"), &body)
        })
        .collect();
    m.reflections.clear();
    m
}

fn page(id: &str, title: &str, html: &str) -> CompiledPage {
    CompiledPage { id: id.into(), title: title.into(), html: html.into(), question_ids: vec![] }
}

/// The file called `path` in a render result, as text.
pub fn file<'a>(files: &'a [coursepack_render::OutputFile], path: &str) -> &'a str {
    let f = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} not rendered"));
    std::str::from_utf8(&f.bytes).expect("utf-8 output")
}
