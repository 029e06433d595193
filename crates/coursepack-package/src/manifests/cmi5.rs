//! `cmi5.xml` for the cmi5 target (cmi5 Quartz `CourseStructure.xsd`).
//!
//! The course element is the package (the course, or for a module alone a
//! course of one, with the id `<module activity>/course`); each module is
//! one AU, in course order, with a URL relative to the zip root. A course with
//! `[[sections]]` makes each section a `block` (id `<course IRI>/section/<id>`,
//! the section's title, and its summary or else its title as description)
//! holding its AUs in order; a course without sections has its AUs directly
//! under the course. Every AU sets:
//! - `moveOn` from the module's completion rule, always explicitly (with the
//!   default `NotApplicable` an LMS counts the course satisfied at
//!   registration): `all-pages` → `Completed`, `quiz-passed` → `Passed`,
//!   `all-pages-and-quiz` → `CompletedAndPassed`;
//! - `masteryScore` = pass mark ÷ 100 when the module has a pass mark;
//! - `launchMethod="AnyWindow"`: the player runs in a frame or a window, and
//!   returns to the LMS's `returnURL` when the learner finishes.

use super::scaled;
use super::xml::{El, el};
use super::{Layout, PlacedModule};
use coursepack_compile::CompletionRule;

const NS: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

/// The `cmi5.xml` document.
pub(crate) fn manifest(layout: &Layout<'_>) -> Vec<u8> {
    let meta = &layout.meta;
    let course_id =
        if meta.is_course { meta.activity_iri.to_string() } else { format!("{}/course", meta.activity_iri) };
    let course = el("course")
        .attr("id", course_id)
        .child(langstring("title", &meta.info.language, &meta.info.title))
        .child(langstring("description", &meta.info.language, &meta.info.summary));
    let structure = el("courseStructure").attr("xmlns", NS).child(course);
    if layout.sections.is_empty() {
        return structure.children(layout.modules.iter().map(au)).to_document();
    }
    let blocks = layout.sections.iter().map(|section| {
        el("block")
            .attr("id", &section.block_iri)
            .child(langstring("title", &meta.info.language, section.title))
            .child(langstring("description", &meta.info.language, section.description()))
            .children(layout.modules[section.modules.clone()].iter().map(au))
    });
    structure.children(blocks).to_document()
}

/// One module's AU.
fn au(placed: &PlacedModule<'_>) -> El {
    let m = placed.module;
    let move_on = match m.completion {
        CompletionRule::AllPages => "Completed",
        CompletionRule::QuizPassed => "Passed",
        CompletionRule::AllPagesAndQuiz => "CompletedAndPassed",
    };
    let mut au = el("au").attr("id", &placed.activity_iri).attr("moveOn", move_on);
    if let Some(mark) = m.pass_mark {
        au = au.attr("masteryScore", scaled(mark));
    }
    au.attr("launchMethod", "AnyWindow")
        .child(langstring("title", &m.meta.language, &m.meta.title))
        .child(langstring("description", &m.meta.language, &m.meta.summary))
        .child(el("url").text(&placed.launch()))
}

fn langstring(name: &str, lang: &str, text: &str) -> El {
    el(name).child(el("langstring").attr("lang", lang).text(text))
}
