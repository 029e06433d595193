//! The course page of an xAPI course package: TinCan packages have exactly
//! one launchable activity, so a course package opens on this page, which
//! links to each module's player and passes the launch parameters on to it
//! (`assets/course.js`). A course with sections lists its modules under a
//! heading per section, each section's modules in an ordered list of their own.

use crate::{OutputFile, RenderError, templates};
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
    /// The modules in course order, for a course without sections (empty otherwise).
    pub modules: Vec<CoursePageModule>,
    /// The course's sections in order, each with its modules; when there are
    /// any, the page lists the modules under a heading per section.
    pub sections: Vec<CoursePageSection>,
}

/// One section on the course page: a heading and its modules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CoursePageSection {
    /// Section id from `course.toml`, used in the heading's element id.
    pub id: String,
    /// Heading of the section.
    pub title: String,
    /// The section's summary (may be empty).
    pub summary: String,
    /// Its modules in course order.
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
    sections: &'a [CoursePageSection],
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
        sections: &page.sections,
    };
    let html = templates().render("course", &view)?;
    Ok(vec![
        OutputFile { path: "index.html".into(), bytes: html.into_bytes() },
        OutputFile { path: "course.js".into(), bytes: COURSE_JS.as_bytes().to_vec() },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(n: u8) -> CoursePageModule {
        CoursePageModule {
            title: format!("Module {n} & more"),
            summary: format!("Summary {n}."),
            href: format!("m{n}/index.html"),
        }
    }

    fn page(modules: Vec<CoursePageModule>, sections: Vec<CoursePageSection>) -> String {
        let page = CoursePage {
            language: "en-GB".into(),
            title: "Course".into(),
            summary: "A course.".into(),
            licence: "CC-BY-4.0".into(),
            contents_label: "Contents".into(),
            licence_label: "Licence".into(),
            stylesheet: "m1/player/player.css".into(),
            modules,
            sections,
        };
        let files = render_course_page(&page).expect("renders");
        String::from_utf8(files[0].bytes.clone()).expect("UTF-8")
    }

    #[test]
    fn a_flat_course_lists_its_modules_in_one_ordered_list() {
        let html = page(vec![module(1), module(2)], Vec::new());
        assert_eq!(html.matches("<ol").count(), 1);
        assert!(html.contains(r#"<li><a href="m1/index.html" data-module-link="">Module 1 &amp; more</a>"#), "{html}");
        assert!(!html.contains("<h3"), "{html}");
    }

    #[test]
    fn sections_are_headings_over_their_own_lists() {
        let sections = vec![
            CoursePageSection {
                id: "start".into(),
                title: "Getting <started>".into(),
                summary: String::new(),
                modules: vec![module(1)],
            },
            CoursePageSection {
                id: "more".into(),
                title: "Going further".into(),
                summary: "Two more.".into(),
                modules: vec![module(2), module(3)],
            },
        ];
        let html = page(Vec::new(), sections);
        let start = html.find(r#"<h3 id="cp-section-start">Getting &lt;started&gt;</h3>"#).expect("first heading");
        let more = html.find(r#"<h3 id="cp-section-more">Going further</h3>"#).expect("second heading");
        let positions: Vec<usize> =
            (1..=3).map(|n| html.find(&format!(r#"href="m{n}/index.html""#)).expect("link")).collect();
        assert!(
            start < positions[0] && positions[0] < more && more < positions[1] && positions[1] < positions[2],
            "{html}"
        );
        assert!(html.contains(r#"<ol class="cp-course-modules" aria-labelledby="cp-section-start">"#), "{html}");
        assert!(html.contains(r#"<ol class="cp-course-modules" aria-labelledby="cp-section-more">"#), "{html}");
        assert!(html.contains("<p>Two more.</p>"), "{html}");
        assert_eq!(html.matches("<p></p>").count(), 0, "no empty summary paragraph: {html}");
    }
}
