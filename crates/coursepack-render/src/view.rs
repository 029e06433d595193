//! The data the templates see, and the JSON the player reads from `#cp-data`.

use crate::{ActivityData, CourseData, LmsData, RenderError, RenderOptions, Target};
use coursepack_compile::{CompiledModule, CompletionRule};
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything `index.hbs` and its partials refer to.
#[derive(Serialize)]
pub(crate) struct View<'a> {
    language: &'a str,
    title: &'a str,
    /// The footer's licence line, with the licence's name (and page).
    licence: LicenceView,
    /// "By <authors> for <organisation>"; empty when there are neither.
    credit: String,
    generator_version: &'static str,
    s: &'a BTreeMap<String, String>,
    pages: Vec<PageView<'a>>,
    page_count: usize,
    /// The progress text for the first page ("Page 1 of 7").
    progress_text: String,
    /// `#cp-data`, already escaped for a `<script>` element.
    data_json: String,
    /// cmi5 packages: the page shown instead of the module once its session
    /// has ended (rendered hidden; `adapters/cmi5.js` shows it).
    ended: Option<EndedView<'a>>,
}

/// The texts of the cmi5 "session ended" page.
#[derive(Serialize)]
struct EndedView<'a> {
    title: &'a str,
    saved: &'a str,
    back: &'a str,
    close: &'a str,
}

impl<'a> EndedView<'a> {
    /// The page for `target`: cmi5 only, and only with its four strings
    /// (every module's strings have them; `coursepack_source::strings`).
    fn new(target: Target, s: &'a BTreeMap<String, String>) -> Option<Self> {
        if target != Target::Cmi5 {
            return None;
        }
        let get = |key: &str| s.get(key).map(String::as_str);
        Some(EndedView {
            title: get("session_ended")?,
            saved: get("session_ended_saved")?,
            back: get("return_to_lms")?,
            close: get("close_window")?,
        })
    }
}

/// One page as the templates see it.
#[derive(Serialize)]
struct PageView<'a> {
    id: &'a str,
    title: &'a str,
    html: &'a str,
}

/// The footer's licence line: `before`, the linked `name`, `after`.
#[derive(Serialize)]
pub(crate) struct LicenceView {
    before: String,
    name: String,
    url: Option<&'static str>,
    after: String,
}

impl LicenceView {
    /// The `licence_line` string around the licence's display name.
    pub(crate) fn new(licence: &str, line: &str) -> Self {
        let (name, url) = coursepack_source::licence::display(licence);
        let (before, after) = line.split_once("{licence}").unwrap_or((line, ""));
        let (before, after) = if line.contains("{licence}") {
            (before.to_string(), after.to_string())
        } else {
            (format!("{line}: "), String::new())
        };
        LicenceView { before, name, url, after }
    }
}

/// The credit line from the module's authors and organisation.
pub(crate) fn credit(strings: &BTreeMap<String, String>, authors: &[String], organisation: Option<&str>) -> String {
    let authors: Vec<&str> = authors.iter().map(|a| a.trim()).filter(|a| !a.is_empty()).collect();
    let organisation = organisation.map(str::trim).filter(|o| !o.is_empty());
    let list = authors.join(", ");
    match (authors.is_empty(), organisation) {
        (true, None) => String::new(),
        (true, Some(org)) => fill(&strings["credit_for"], &[("organisation", org.to_string())]),
        (false, None) => fill(&strings["credit_by"], &[("authors", list)]),
        (false, Some(org)) => fill(&strings["credit_by_for"], &[("authors", list), ("organisation", org.to_string())]),
    }
}

/// The module data the player reads (see `ADAPTERS.md`).
#[derive(Serialize)]
struct PlayerData<'a> {
    runtime: &'static str,
    /// `coursepack <version>`: statements' default `context.platform`.
    generator: &'static str,
    module: ModuleData<'a>,
    quiz: coursepack_quiz::PlayerData<'a>,
    /// The module's branching scenarios (`coursepack_scenario::player`), when it has any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    scenarios: Vec<&'a serde_json::value::RawValue>,
    strings: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lms: Option<&'a LmsData>,
    #[serde(skip_serializing_if = "Option::is_none")]
    activity: Option<&'a ActivityData>,
    #[serde(skip_serializing_if = "Option::is_none")]
    course: Option<&'a CourseData>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ModuleData<'a> {
    id: &'a str,
    version: &'a str,
    title: &'a str,
    language: &'a str,
    pages: Vec<PageRef<'a>>,
    completion: CompletionRule,
    pass_mark: Option<u8>,
    reflections: Vec<ReflectionRef<'a>>,
    /// Longest text each reflection may hold (the boxes' `maxlength`).
    reflection_max_chars: usize,
}

#[derive(Serialize)]
struct PageRef<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReflectionRef<'a> {
    id: &'a str,
    page_id: &'a str,
}

impl<'a> View<'a> {
    pub(crate) fn new(
        module: &'a CompiledModule,
        target: Target,
        options: &'a RenderOptions<'_>,
    ) -> Result<Self, RenderError> {
        let data = PlayerData {
            runtime: target.name(),
            generator: concat!("coursepack ", env!("CARGO_PKG_VERSION")),
            module: ModuleData {
                id: &module.meta.id,
                version: &module.meta.version,
                title: &module.meta.title,
                language: &module.meta.language,
                pages: module.pages.iter().map(|p| PageRef { id: &p.id, title: &p.title }).collect(),
                completion: module.completion,
                pass_mark: module.pass_mark,
                reflections: module
                    .reflections
                    .iter()
                    .map(|r| ReflectionRef { id: &r.id, page_id: &r.page_id })
                    .collect(),
                reflection_max_chars: options.reflection_max_chars.unwrap_or(coursepack_compile::REFLECTION_MAX_CHARS),
            },
            quiz: module.quiz.player(),
            scenarios: module.scenarios.iter().map(|s| &*s.data).collect(),
            strings: &module.strings,
            lms: options.lms.as_ref(),
            activity: options.activity.as_ref(),
            course: options.course.as_ref(),
        };
        Ok(View {
            language: &module.meta.language,
            title: &module.meta.title,
            licence: LicenceView::new(&module.meta.licence, &module.strings["licence_line"]),
            credit: credit(&module.strings, &module.meta.authors, module.meta.organisation.as_deref()),
            generator_version: env!("CARGO_PKG_VERSION"),
            s: &module.strings,
            pages: module.pages.iter().map(|p| PageView { id: &p.id, title: &p.title, html: &p.html }).collect(),
            page_count: module.pages.len(),
            progress_text: fill(
                &module.strings["progress"],
                &[("current", "1".into()), ("total", module.pages.len().to_string())],
            ),
            data_json: script_json(&serde_json::to_string(&data)?),
            ended: EndedView::new(target, &module.strings),
        })
    }
}

/// Fills `{name}` placeholders, leaving unknown ones as written (the same
/// rule as `coursepack.format` in the player).
pub(crate) fn fill(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after
            .find('}')
            .and_then(|close| vars.iter().find(|(name, _)| *name == &after[..close]).map(|(_, v)| (close, v)));
        match value {
            Some((close, v)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Makes JSON safe inside `<script type="application/json">`: no `<`, `>`
/// or `&` survive (so neither `</script>` nor `<!--` can end or confuse the
/// element), and the line separators JavaScript once rejected are escaped.
///
/// The text between the characters escaped is copied whole: the data of a
/// module's page is tens of kilobytes, written once per module and target.
pub(crate) fn script_json(json: &str) -> String {
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    let mut copied = 0;
    for (at, byte) in bytes.iter().enumerate() {
        // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8; every other
        // character escaped is ASCII, so each `at` here is a character boundary.
        let (escape, len) = match byte {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            0xE2 if bytes.get(at + 1..at + 3) == Some(&[0x80, 0xA8]) => ("\\u2028", 3),
            0xE2 if bytes.get(at + 1..at + 3) == Some(&[0x80, 0xA9]) => ("\\u2029", 3),
            _ => continue,
        };
        out.push_str(&json[copied..at]);
        out.push_str(escape);
        copied = at + len;
    }
    out.push_str(&json[copied..]);
    out
}
