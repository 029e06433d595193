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
    licence: &'a str,
    /// Authors and organisation, comma-separated; empty when there are none.
    credit: String,
    generator_version: &'static str,
    s: &'a BTreeMap<String, String>,
    pages: Vec<PageView<'a>>,
    page_count: usize,
    /// The progress text for the first page ("Page 1 of 7").
    progress_text: String,
    /// `#cp-data`, already escaped for a `<script>` element.
    data_json: String,
}

/// One page as the templates see it.
#[derive(Serialize)]
struct PageView<'a> {
    id: &'a str,
    title: &'a str,
    html: &'a str,
}

/// The module data the player reads (see `ADAPTERS.md`).
#[derive(Serialize)]
struct PlayerData<'a> {
    runtime: &'static str,
    /// `coursepack <version>`: statements' default `context.platform`.
    generator: &'static str,
    module: ModuleData<'a>,
    quiz: coursepack_quiz::PlayerData<'a>,
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
            strings: &module.strings,
            lms: options.lms.as_ref(),
            activity: options.activity.as_ref(),
            course: options.course.as_ref(),
        };
        let credit = module.meta.authors.iter().chain(module.meta.organisation.iter()).cloned().collect::<Vec<_>>();
        Ok(View {
            language: &module.meta.language,
            title: &module.meta.title,
            licence: &module.meta.licence,
            credit: credit.join(", "),
            generator_version: env!("CARGO_PKG_VERSION"),
            s: &module.strings,
            pages: module.pages.iter().map(|p| PageView { id: &p.id, title: &p.title, html: &p.html }).collect(),
            page_count: module.pages.len(),
            progress_text: fill(
                &module.strings["progress"],
                &[("current", "1".into()), ("total", module.pages.len().to_string())],
            ),
            data_json: script_json(&serde_json::to_string(&data)?),
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
pub(crate) fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}
