//! The course page of an xAPI course package: TinCan packages have exactly
//! one launchable activity, so a course package opens on this page, which
//! links to each module's player and passes the launch parameters on to it
//! (`assets/course.js`).

use crate::{templates, OutputFile, RenderError};
use serde::Serialize;

/// The script of the course page, written as `course.js` next to it.
pub const COURSE_JS: &str = include_str!("../assets/course.js");

/// What the course page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoursePage {
    /// BCP 47 tag of the course.
    pub language: String,
    /// Course title.
    pub title: String,
    /// Course summary.
    pub summary: String,
    /// SPDX licence id of the course.
    pub licence: String,
    /// Heading of the module list (the interface string `contents` in the course's language).
    pub contents_label: String,
    /// Label before the licence (the interface string `licence`).
    pub licence_label: String,
    /// Stylesheet to use, relative to the page (a module's `player/player.css`).
    pub stylesheet: String,
    /// The modules in course order.
    pub modules: Vec<CoursePageModule>,
}

/// One module on the course page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CoursePageModule {
    /// Module title.
    pub title: String,
    /// Module summary.
    pub summary: String,
    /// Link to the module's player, relative to the page (`<id>/index.html`).
    pub href: String,
}

#[derive(Serialize)]
struct CourseView<'a> {
    language: &'a str,
    title: &'a str,
    summary: &'a str,
    licence: &'a str,
    contents: &'a str,
    licence_label: &'a str,
    stylesheet: &'a str,
    generator_version: &'static str,
    modules: &'a [CoursePageModule],
}

/// Renders the course page: `index.html` and `course.js`, in that order.
pub fn render_course_page(page: &CoursePage) -> Result<Vec<OutputFile>, RenderError> {
    let view = CourseView {
        language: &page.language,
        title: &page.title,
        summary: &page.summary,
        licence: &page.licence,
        contents: &page.contents_label,
        licence_label: &page.licence_label,
        stylesheet: &page.stylesheet,
        generator_version: env!("CARGO_PKG_VERSION"),
        modules: &page.modules,
    };
    let html = templates().render("course", &view)?;
    Ok(vec![
        OutputFile { path: "index.html".into(), bytes: html.into_bytes() },
        OutputFile { path: "course.js".into(), bytes: COURSE_JS.as_bytes().to_vec() },
    ])
}
