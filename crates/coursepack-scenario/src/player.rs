//! The data `assets/scenario.js` runs on (`#cp-data.scenarios`), one object per scenario:
//!
//! ```json
//! { "id": "friday-breach", "title": "…", "start": 0, "back": true, "restart": true,
//!   "points": 1, "scored": true, "max": 3,
//!   "nodes": [ { "id": "start", "title": "…", "end": null,
//!                "choices": [ { "to": 1, "mark": "right", "text": "plain text" } ],
//!                "interactions": { "scorm12": {…}, "scorm2004": {…}, "xapi": {…} },
//!                "record": { "questionId": …, "interaction": {…}, "responses": {…} } },
//!              { "id": "reported", "title": "…", "choices": [],
//!                "end": { "index": 0, "outcome": "…", "score": 3, "success": true } } ],
//!   "ending": { "scorm12": {…}, "scorm2004": {…}, "xapi": {…} },
//!   "endingRecord": { "questionId": …, "interaction": {…}, "responses": {…} } }
//! ```
//!
//! `to` is the index of the node a choice leads to; `end.index` is the
//! ending's place among the endings (its option in the ending interaction).
//! The texts the learner reads are in the page's HTML; the plain texts here
//! name the options in xAPI activity definitions.

use crate::model::{Mark, Scenario};
use crate::standards::{Interaction, Interactions, SCENARIO_TYPE, ending_interactions, node_interactions};
use serde_json::{Map, Value, json};

/// A record as `scenario.js` reports it (ADAPTERS.md's answer record), less
/// what the learner's choice decides: each standard's interaction without its
/// `learnerResponse`, which is `responses.<standard>[option]`. The build
/// writes these into the page data so that the player (within its payload
/// budget, `coursepack-render/tests/budget.rs`) only fills in the choice.
fn record_template(question_id: &str, it: &Interactions, xapi_extra: Value) -> Value {
    let one = |i: &Interaction| json!({ "id": i.id, "type": i.kind, "correctResponses": i.patterns, "description": i.description });
    let mut xapi = one(&it.xapi);
    if let (Some(to), Value::Object(extra)) = (xapi.as_object_mut(), xapi_extra) {
        to.extend(extra);
    }
    json!({
        "questionId": question_id,
        "interaction": { "scorm12": one(&it.scorm12), "scorm2004": one(&it.scorm2004), "xapi": xapi },
        "responses": { "scorm12": it.scorm12.ids, "scorm2004": it.scorm2004.ids, "xapi": it.xapi.ids },
    })
}

/// `{ id, text }` for each option of an xAPI choice interaction.
fn xapi_choices(ids: &[String], texts: impl Iterator<Item = String>) -> Value {
    Value::Array(
        ids.iter()
            .zip(texts)
            .map(|(id, text)| {
                let mut m = Map::new();
                m.insert("id".into(), json!(id));
                m.insert("text".into(), json!(text));
                Value::Object(m)
            })
            .collect(),
    )
}

/// The player data of `s`, whose title as shown is `title`.
pub fn player_data(s: &Scenario, title: &str) -> Value {
    let ending = ending_interactions(s, title);
    let outcomes = s.nodes.iter().filter_map(|n| n.ending.as_ref().map(|e| e.outcome.clone()));
    let ending_record = record_template(
        &s.id,
        &ending,
        json!({ "activity": ending.xapi.id, "activityType": SCENARIO_TYPE, "name": title, "completion": true,
                "choices": xapi_choices(&ending.xapi.ids, outcomes) }),
    );
    let mut ending_index = 0;
    let nodes: Vec<Value> = s
        .nodes
        .iter()
        .map(|node| {
            let end = node.ending.as_ref().map(|e| {
                let v = json!({ "index": ending_index, "outcome": e.outcome, "score": e.score, "success": e.success });
                ending_index += 1;
                v
            });
            let choices: Vec<Value> = node
                .choices
                .iter()
                .map(|c| {
                    let mark = match c.mark {
                        Mark::Right => "right",
                        Mark::Wrong => "wrong",
                        Mark::Neutral => "neutral",
                    };
                    json!({
                        "to": s.node_index(&c.target).map_or(-1, |i| i as i64),
                        "mark": mark,
                        "text": coursepack_quiz::inline::to_text(&c.text),
                    })
                })
                .collect();
            let (interactions, record) = if node.choices.is_empty() {
                (Value::Null, Value::Null)
            } else {
                let it = node_interactions(s, node);
                let texts = node.choices.iter().map(|c| coursepack_quiz::inline::to_text(&c.text));
                let record = record_template(
                    &format!("{}/{}", s.id, node.id),
                    &it,
                    json!({ "activity": it.xapi.id, "choices": xapi_choices(&it.xapi.ids, texts),
                            "parent": { "activity": ending.xapi.id, "type": SCENARIO_TYPE, "name": title } }),
                );
                (json!(it), record)
            };
            json!({
                "id": node.id,
                "title": coursepack_quiz::inline::to_text(&node.title),
                "end": end,
                "choices": choices,
                "interactions": interactions,
                "record": record,
            })
        })
        .collect();
    json!({
        "id": s.id,
        "title": title,
        "start": s.start_index().unwrap_or(0),
        "back": s.back,
        "restart": s.restart,
        "points": s.points,
        "scored": s.is_scored(),
        "max": s.max_score(),
        "nodes": nodes,
        "ending": ending,
        "endingRecord": ending_record,
    })
}
