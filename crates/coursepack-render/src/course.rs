//! The course page of an xAPI course package: TinCan packages have exactly
//! one launchable activity, so a course package opens on this page, which
//! links to each module's player and passes the launch parameters on to it
//! (`assets/course.js`). A course with sections lists its modules under a
//! heading per section, each section's modules in an ordered list of their own.
//!
//! The page is the activity the LMS tracks: its script reports on the course
//! (initialized, completed, passed) and keeps the course order, with the
//! player's core and xAPI client (`course.js` ships player.js, xapi-core.js,
//! tincan-launch.js and course.js, minified like a player). Its data is `#cp-course-data`.

use crate::view::script_json;
use crate::{Kind, OutputFile, PLAYER_JS, RenderError, SHIPPED_HEADER, minified, templates};
use serde::Serialize;
use std::sync::Arc;

/// The course page's own script (the readable source of the last part of `course.js`).
pub const COURSE_JS: &str = include_str!("../assets/course.js");

/// The course page's own stylesheet (`course.css`, after the first module's
/// `player.css`, whose theme properties it reads).
pub const COURSE_CSS: &str = include_str!("../assets/course.css");

/// The scripts `course.js` is made of, in order: the player's core (its
/// `coursepack.lib`; it starts nothing on a page without module pages), the
/// xAPI client and queue, the TinCan launch reader, and the course page's own script.
const COURSE_SCRIPTS: [&str; 4] = [
    PLAYER_JS,
    include_str!("../assets/adapters/xapi-core.js"),
    include_str!("../assets/adapters/tincan-launch.js"),
    COURSE_JS,
];

/// The `course.css` a course package ships: [`COURSE_CSS`] minified under the
/// shipped header, or as written (`readable`).
pub(crate) fn course_stylesheet(readable: bool) -> Result<String, RenderError> {
    Ok(if readable { COURSE_CSS.to_string() } else { format!("{SHIPPED_HEADER}{}", minified(COURSE_CSS, Kind::Css)?) })
}

/// The `course.js` a course package ships: [`COURSE_SCRIPTS`] minified under
/// the shipped header, or as written (`readable`, `coursepack build --no-minify`).
pub fn course_script(readable: bool) -> Result<String, RenderError> {
    let shrunk: Vec<Arc<str>> = if readable {
        Vec::new()
    } else {
        COURSE_SCRIPTS.iter().map(|s| minified(s, Kind::Js)).collect::<Result<_, _>>()?
    };
    let parts: Vec<&str> = if readable { COURSE_SCRIPTS.to_vec() } else { shrunk.iter().map(|p| &**p).collect() };
    let (first, rest) = parts.split_first().map_or(("", &[][..]), |(f, r)| (*f, r));
    let js = crate::player_js::player_js(first, "", rest);
    Ok(if readable { js } else { format!("{SHIPPED_HEADER}{js}") })
}

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
    /// The footer's licence sentence (the interface string `licence_line`, around `{licence}`).
    pub licence_label: String,
    /// The skip link's text (the interface string `skip_to_content`).
    pub skip_label: String,
    /// Stylesheet to use, relative to the page (a module's `player/player.css`).
    pub stylesheet: String,
    /// The modules in course order, for a course without sections (empty otherwise).
    pub modules: Vec<CoursePageModule>,
    /// The course's sections in order, each with its modules; when there are
    /// any, the page lists the modules under a heading per section.
    pub sections: Vec<CoursePageSection>,
    /// What the page's script tracks: `#cp-course-data`.
    pub tracking: CourseTracking,
    /// Ship `course.js` as written instead of minified (`coursepack build --no-minify`).
    pub readable_script: bool,
}

/// `#cp-course-data`: what the course page's script needs to report on the
/// course and keep its order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CourseTracking {
    /// The course and its activity.
    pub course: CourseActivity,
    /// Every module in course order (sections flattened), as the links appear.
    pub modules: Vec<CourseModuleActivity>,
    /// `course_module_done` and `course_module_locked`, in the course's language.
    pub strings: std::collections::BTreeMap<String, String>,
    /// `coursepack <version>`: the statements' default `context.platform`.
    pub generator: String,
}

/// The course as its page reports on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseActivity {
    /// Course id from `course.toml`.
    pub id: String,
    /// Course version (the statements' `context.revision`).
    pub version: String,
    /// Course title.
    pub title: String,
    /// BCP 47 tag of the course.
    pub language: String,
    /// The course's activity IRI (as in `tincan.xml`; a launch's `activity_id` wins).
    pub activity_id: String,
}

/// One module as the course page reads its state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseModuleActivity {
    /// Module id.
    pub id: String,
    /// Module title (named when a later module waits for it).
    pub title: String,
    /// The module's activity IRI (its State API document is kept on it).
    pub activity_id: String,
    /// The module has an assessment (a pass mark): the course passes only when it passed.
    pub assessed: bool,
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
    licence: crate::view::LicenceView,
    contents: &'a str,
    skip_label: &'a str,
    stylesheet: &'a str,
    generator_version: &'static str,
    modules: &'a [CoursePageModule],
    sections: Vec<SectionView<'a>>,
    /// `#cp-course-data`, already escaped for a `<script>` element.
    data_json: String,
}

/// A section with the number its list starts at, so the course's modules
/// are numbered 1, 2, 3... across sections.
#[derive(Serialize)]
struct SectionView<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    start: usize,
    modules: &'a [CoursePageModule],
}

/// Renders the course page: `index.html`, `course.js` and `course.css`, in that order.
pub fn render_course_page(page: &CoursePage) -> Result<Vec<OutputFile>, RenderError> {
    let mut start = 1;
    let sections = page
        .sections
        .iter()
        .map(|s| {
            let view = SectionView { id: &s.id, title: &s.title, summary: &s.summary, start, modules: &s.modules };
            start += s.modules.len();
            view
        })
        .collect();
    let view = CourseView {
        language: &page.language,
        title: &page.title,
        summary: &page.summary,
        licence: crate::view::LicenceView::new(&page.licence, &page.licence_label),
        contents: &page.contents_label,
        skip_label: &page.skip_label,
        stylesheet: &page.stylesheet,
        generator_version: env!("CARGO_PKG_VERSION"),
        modules: &page.modules,
        sections,
        data_json: script_json(&serde_json::to_string(&page.tracking)?),
    };
    let html = templates().render("course", &view)?;
    Ok(vec![
        OutputFile { path: "index.html".into(), bytes: html.into_bytes() },
        OutputFile { path: "course.js".into(), bytes: course_script(page.readable_script)?.into_bytes() },
        OutputFile { path: "course.css".into(), bytes: course_stylesheet(page.readable_script)?.into_bytes() },
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
        let files = render_course_page(&sample(modules, sections)).expect("renders");
        String::from_utf8(files[0].bytes.clone()).expect("UTF-8")
    }

    fn sample(modules: Vec<CoursePageModule>, sections: Vec<CoursePageSection>) -> CoursePage {
        CoursePage {
            language: "en-GB".into(),
            title: "Course".into(),
            summary: "A course.".into(),
            licence: "CC-BY-4.0".into(),
            contents_label: "Contents".into(),
            licence_label: "Shared under the {licence} licence".into(),
            skip_label: "Skip to content".into(),
            stylesheet: "m1/player/player.css".into(),
            modules,
            sections,
            tracking: tracking(),
            readable_script: false,
        }
    }

    fn tracking() -> CourseTracking {
        CourseTracking {
            course: CourseActivity {
                id: "c".into(),
                version: "1.0.0".into(),
                title: "Course </script>".into(),
                language: "en-GB".into(),
                activity_id: "urn:x:course/c".into(),
            },
            modules: vec![CourseModuleActivity {
                id: "m1".into(),
                title: "Module 1".into(),
                activity_id: "urn:x:module/m1".into(),
                assessed: true,
            }],
            strings: [("course_module_done".to_string(), "Completed".to_string())].into_iter().collect(),
            generator: "coursepack 0.0.0".into(),
        }
    }

    #[test]
    fn the_page_carries_its_tracking_data_safely_and_ships_the_player_core_and_xapi_client() {
        let html = page(vec![module(1)], Vec::new());
        let start = html.find(r#"<script type="application/json" id="cp-course-data">"#).expect("data element");
        let json = &html[start..];
        let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
        assert!(!json.contains('<'), "no markup can end the element early: {json}");
        let data: serde_json::Value = serde_json::from_str(json).expect("JSON");
        assert_eq!(data["course"]["activityId"], "urn:x:course/c");
        assert_eq!(data["course"]["title"], "Course </script>");
        assert_eq!(data["modules"][0]["activityId"], "urn:x:module/m1");
        assert_eq!(data["modules"][0]["assessed"], true);
        let shipped = course_script(false).unwrap();
        assert!(shipped.starts_with(crate::SHIPPED_HEADER));
        let parts: Vec<&str> = shipped[crate::SHIPPED_HEADER.len()..].split("\n;\n").collect();
        assert_eq!(parts.len(), 4, "player core, xAPI client, TinCan launch reader, course script");
        for (part, source) in parts.iter().zip(COURSE_SCRIPTS) {
            assert_eq!(format!("{}\n", part.trim_end()), crate::minify_js(source).unwrap());
        }
        let readable = course_script(true).unwrap();
        assert!(readable.starts_with("// @ts-check") && readable.contains(COURSE_JS), "as written with --no-minify");
    }

    #[test]
    fn the_page_links_its_own_stylesheet_which_module_players_do_not_carry() {
        let html = page(vec![module(1)], Vec::new());
        let player = html.find(r#"<link rel="stylesheet" href="m1/player/player.css">"#).expect("player.css");
        let own = html.find(r#"<link rel="stylesheet" href="course.css">"#).expect("course.css");
        assert!(player < own, "course.css reads the theme properties player.css defines");
        let files = render_course_page(&sample(vec![module(1)], Vec::new())).unwrap();
        let css = files.iter().find(|f| f.path == "course.css").expect("course.css shipped");
        let css = String::from_utf8(css.bytes.clone()).unwrap();
        assert_eq!(css, format!("{}{}", crate::SHIPPED_HEADER, crate::minify_css(COURSE_CSS).unwrap()));
        assert!(css.contains(".cp-course-modules"), "{css}");
        assert!(!crate::PLAYER_CSS.contains(".cp-course"), "the course page's rules are not in every module's player");
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
        // numbered across the course: the second section's list goes on from the first's
        assert!(
            html.contains(r#"<ol class="cp-course-modules" start="1" aria-labelledby="cp-section-start">"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<ol class="cp-course-modules" start="2" aria-labelledby="cp-section-more">"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>"#),
            "{html}"
        );
        assert!(html.contains(r#"<p class="cp-course-section-summary">Two more.</p>"#), "{html}");
        assert_eq!(html.matches("<p></p>").count(), 0, "no empty summary paragraph: {html}");
    }
}
