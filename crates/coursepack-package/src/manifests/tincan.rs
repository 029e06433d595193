//! `tincan.xml` for the xAPI target (the TinCan package format,
//! `http://projecttincan.com/tincan.xsd`).
//!
//! One root activity carries the only `<launch>`: the module (type
//! `module`, launching `index.html`), or in a course package the course (type
//! `course`, launching the course page `index.html` that links to each
//! module). A course lists each module as an activity too. Then every
//! question is a `cmi.interaction` activity with its interaction definition,
//! taken from the quiz compiler's xAPI mapping (`coursepack_quiz::standards`)
//! so statements and this file agree: type, correct-response patterns, and
//! the choices, scale, source and target components with their texts.

use super::ids::question_prefix;
use super::xml::{El, el, text_el};
use super::{Layout, PlacedModule};
use coursepack_quiz::inline::to_text;
use coursepack_quiz::{CompiledQuestion, QuestionKind};

const NS: &str = "http://projecttincan.com/tincan.xsd";
const ACTIVITY_TYPES: &str = "http://adlnet.gov/expapi/activities/";
/// Longest question name; the full prompt is the description.
const NAME_CHARS: usize = 100;

/// The `tincan.xml` document.
pub(crate) fn manifest(layout: &Layout<'_>) -> Vec<u8> {
    let meta = &layout.meta;
    let lang = meta.info.language.as_str();
    let root = el("activity")
        .attr("id", meta.activity_iri)
        .attr("type", format!("{ACTIVITY_TYPES}{}", if meta.is_course { "course" } else { "module" }))
        .child(el("name").attr("lang", lang).text(&meta.info.title))
        .child(el("description").attr("lang", lang).text(&meta.info.summary))
        .child(el("launch").attr("lang", lang).text("index.html"));
    let modules = layout.modules.iter().filter(|_| meta.is_course).map(|placed| {
        let m = placed.module;
        el("activity")
            .attr("id", &placed.activity_iri)
            .attr("type", format!("{ACTIVITY_TYPES}module"))
            .child(el("name").attr("lang", &m.meta.language).text(&m.meta.title))
            .child(el("description").attr("lang", &m.meta.language).text(&m.meta.summary))
    });
    let questions = layout.modules.iter().flat_map(question_activities);
    let scenarios = layout.modules.iter().flat_map(scenario_activities);
    // Written activity by activity: a course of hundreds of modules lists
    // thousands, and their tree took six times the room of the text.
    El::streamed_document(
        &[el("tincan").attr("xmlns", NS), el("activities")],
        std::iter::once(root).chain(modules).chain(questions).chain(scenarios),
    )
}

/// Each scenario's activities, as its statements name them (`scenario.js`,
/// `coursepack_scenario::standards`): the scenario itself (a simulation whose
/// interaction is the choice among its endings), then each node with choices
/// (a `cmi.interaction`, a choice among its choices).
fn scenario_activities<'a>(placed: &'a PlacedModule<'_>) -> impl Iterator<Item = El> + 'a {
    let lang = placed.module.meta.language.clone();
    let base = format!("{}/", placed.activity_iri);
    placed.module.scenarios.iter().flat_map(move |s| {
        let data = s.data_value();
        let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
        let title = text(&data["title"]);
        let nodes = data["nodes"].as_array().cloned().unwrap_or_default();
        let outcomes: Vec<String> =
            nodes.iter().filter(|n| !n["end"].is_null()).map(|n| text(&n["end"]["outcome"])).collect();
        let ending = interaction_activity(
            &base,
            &data["ending"]["xapi"],
            coursepack_scenario::standards::SCENARIO_TYPE,
            &title,
            &outcomes,
            &lang,
        );
        let decisions: Vec<El> = nodes
            .iter()
            .filter(|n| !n["interactions"].is_null())
            .map(|n| {
                let choices: Vec<String> =
                    n["choices"].as_array().map(|c| c.iter().map(|c| text(&c["text"])).collect()).unwrap_or_default();
                interaction_activity(
                    &base,
                    &n["interactions"]["xapi"],
                    &format!("{ACTIVITY_TYPES}cmi.interaction"),
                    &text(&n["title"]),
                    &choices,
                    &lang,
                )
            })
            .collect();
        std::iter::once(ending).chain(decisions)
    })
}

/// A `choice` activity at `base` + the interaction's path, with its options' texts.
fn interaction_activity(
    base: &str,
    xapi: &serde_json::Value,
    kind: &str,
    name: &str,
    texts: &[String],
    lang: &str,
) -> El {
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
    };
    let ids = strings(&xapi["ids"]);
    let patterns = strings(&xapi["patterns"]);
    let path = xapi["id"].as_str().unwrap_or_default();
    let patterns = (!patterns.is_empty())
        .then(|| el("correctResponsePatterns").children(patterns.iter().map(|p| text_el("correctResponsePattern", p))));
    let choices = (!ids.is_empty()).then(|| {
        el("choices").children(ids.iter().zip(texts).map(|(id, text)| {
            el("component").child(text_el("id", id)).child(el("description").attr("lang", lang).text(text))
        }))
    });
    el("activity")
        .attr("id", format!("{base}{path}"))
        .attr("type", kind)
        .child(el("name").attr("lang", lang).text(name))
        .child(el("description").attr("lang", lang).text(name))
        .child(text_el("interactionType", "choice"))
        .child_opt(patterns)
        .child_opt(choices)
}

fn question_activities<'a>(placed: &'a PlacedModule<'_>) -> impl Iterator<Item = El> + 'a {
    let prefix = question_prefix(&placed.activity_iri);
    let lang = placed.module.meta.language.clone();
    let questions = placed.module.quiz.questions.as_slice();
    questions.iter().map(move |q| question_activity(q, &prefix, &lang))
}

fn question_activity(q: &CompiledQuestion, prefix: &str, lang: &str) -> El {
    let xapi = &q.interactions.xapi;
    let prompt = q.question.prompt_text.trim();
    let prompt = if prompt.is_empty() { q.question.id.as_str() } else { prompt };
    let name = if prompt.chars().count() > NAME_CHARS {
        format!("{}…", prompt.chars().take(NAME_CHARS - 1).collect::<String>().trim_end())
    } else {
        prompt.to_string()
    };
    let components = |element: &str, ids: &[String], texts: Vec<String>| {
        (!ids.is_empty()).then(|| {
            el(element).children(ids.iter().zip(texts).map(|(id, text)| {
                el("component").child(text_el("id", id)).child(el("description").attr("lang", lang).text(&text))
            }))
        })
    };
    let (first, second) = match &q.question.kind {
        QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
            (components("choices", &xapi.response.ids, options.iter().map(|o| to_text(&o.text)).collect()), None)
        }
        QuestionKind::Ordering { items } => {
            (components("choices", &xapi.response.ids, items.iter().map(|i| to_text(&i.text)).collect()), None)
        }
        QuestionKind::Likert { scale } => {
            (components("scale", &xapi.response.ids, scale.iter().map(|i| to_text(&i.text)).collect()), None)
        }
        QuestionKind::Matching { pairs, targets, .. } => (
            components("source", &xapi.response.sources, pairs.iter().map(|p| to_text(&p.left)).collect()),
            components("target", &xapi.response.targets, targets.iter().map(|t| to_text(t)).collect()),
        ),
        _ => (None, None),
    };
    let patterns = (!xapi.patterns.is_empty()).then(|| {
        el("correctResponsePatterns").children(xapi.patterns.iter().map(|p| text_el("correctResponsePattern", p)))
    });
    el("activity")
        .attr("id", format!("{prefix}{}", xapi.id))
        .attr("type", format!("{ACTIVITY_TYPES}cmi.interaction"))
        .child(el("name").attr("lang", lang).text(&name))
        .child(el("description").attr("lang", lang).text(prompt))
        .child(text_el("interactionType", xapi.kind))
        .child_opt(patterns)
        .child_opt(first)
        .child_opt(second)
}
