//! The data `assets/scenario.js` runs on (`#cp-data.scenarios`), one object per scenario:
//!
//! ```json
//! { "id": "friday-breach", "title": "…", "start": 0, "back": true, "restart": true,
//!   "points": 1, "scored": true, "max": 3,
//!   "nodes": [ { "id": "start", "title": "…", "end": null,
//!                "choices": [ { "to": 1, "mark": "right", "text": "plain text" } ],
//!                "interactions": { "scorm12": {…}, "scorm2004": {…}, "xapi": {…} } },
//!              { "id": "reported", "title": "…", "choices": [],
//!                "end": { "index": 0, "outcome": "…", "score": 3, "success": true } } ],
//!   "ending": { "scorm12": {…}, "scorm2004": {…}, "xapi": {…} } }
//! ```
//!
//! `to` is the index of the node a choice leads to; `end.index` is the
//! ending's place among the endings (its option in the ending interaction).
//! The texts the learner reads are in the page's HTML; the plain texts here
//! name the options in xAPI activity definitions.

use crate::model::{Mark, Scenario};
use crate::standards::{ending_interactions, node_interactions};
use serde_json::{Value, json};

/// The player data of `s`, whose title as shown is `title`.
pub fn player_data(s: &Scenario, title: &str) -> Value {
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
            json!({
                "id": node.id,
                "title": coursepack_quiz::inline::to_text(&node.title),
                "end": end,
                "choices": choices,
                "interactions": if node.choices.is_empty() { Value::Null } else { json!(node_interactions(s, node)) },
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
        "ending": ending_interactions(s, title),
    })
}
