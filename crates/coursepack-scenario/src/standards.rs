//! How a scenario is reported under SCORM 1.2, SCORM 2004 4th edition and
//! xAPI (`standards.md` §2.7, the same rules as the quiz's interactions):
//!
//! - each **decision** is a `choice` interaction whose id comes from the
//!   scenario and the node (`scn_<scenario>__<node>`, `-` written `_`), whose
//!   response is the choice taken (SCORM 1.2: one letter `a`-`z`; SCORM 2004
//!   and xAPI: a readable id such as `b_leave_it_until_monday`), with one
//!   correct-response pattern per choice the author marked `[x]`; the result
//!   is the author's marking of the choice taken (`correct`, `wrong` /
//!   `incorrect`, `neutral`);
//! - the **ending** reached is one more `choice` interaction
//!   (`scn_<scenario>`), among the endings, whose patterns are the endings
//!   marked `success: yes`; its result is the ending's success, and a scored
//!   scenario's score goes with it.
//!
//! In xAPI the node is the statement's object
//! (`<module>/scenario/<scenario>/node/<node>`, a `cmi.interaction`), the
//! scenario (`<module>/scenario/<scenario>`, of type [`SCENARIO_TYPE`]) its
//! parent, and the ending's statement has the scenario itself as object.

use crate::model::{Mark, Node, Scenario};
use coursepack_quiz::standards::{SCORM2004_ITEM_LIMIT, cut, safe_text};
use serde::Serialize;

/// The xAPI activity type of a scenario: ADL's "simulation" (an attempted task
/// or series of tasks in an artificial context that mimics reality).
pub const SCENARIO_TYPE: &str = "http://adlnet.gov/expapi/activities/simulation";

/// A decision's or an ending's interaction under each standard.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Interactions {
    /// SCORM 1.2.
    pub scorm12: Interaction,
    /// SCORM 2004 4th edition.
    pub scorm2004: Interaction,
    /// xAPI: `id` is the activity's path under the module's activity IRI.
    pub xapi: Interaction,
}

/// One interaction under one standard.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Interaction {
    /// The interaction id (SCORM), or the activity path under the module (xAPI).
    pub id: String,
    /// Always `choice`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The id of each option (choice or ending), in the order written.
    pub ids: Vec<String>,
    /// Correct-response patterns: one per option the author marked as good.
    pub patterns: Vec<String>,
    /// A description: the node's title (or the scenario's), within the standard's limit.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// `text` as an interaction-id part: ASCII letters and digits, other runs as `_`.
fn id_part(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// The SCORM interaction id of a scenario's ending: `scn_<scenario>`.
pub fn ending_interaction_id(scenario: &str) -> String {
    format!("scn_{}", id_part(scenario))
}

/// The SCORM interaction id of a node's decision: `scn_<scenario>__<node>`.
pub fn node_interaction_id(scenario: &str, node: &str) -> String {
    format!("scn_{}__{}", id_part(scenario), id_part(node))
}

/// The xAPI activity path of a scenario, under the module's activity IRI.
pub fn scenario_activity(scenario: &str) -> String {
    format!("scenario/{scenario}")
}

/// The xAPI activity path of a node, under the module's activity IRI.
pub fn node_activity(scenario: &str, node: &str) -> String {
    format!("scenario/{scenario}/node/{node}")
}

/// Single letters `a`-`z` (the parser refuses more than 26 choices or endings).
fn letters(n: usize) -> Vec<String> {
    (0..n).map(|i| if i < 26 { char::from(b'a' + i as u8).to_string() } else { (i + 1).to_string() }).collect()
}

/// Readable short identifiers: the letter, then the words (`b_leave_it_until_monday`), at most
/// 40 characters of `[a-z0-9_]`, unique by their letter.
fn readable(texts: &[String]) -> Vec<String> {
    letters(texts.len())
        .into_iter()
        .zip(texts)
        .map(|(letter, text)| {
            let words = id_part(&coursepack_quiz::inline::to_text(text)).to_ascii_lowercase();
            let words: String = words.chars().take(38).collect();
            let words = words.trim_end_matches('_');
            if words.is_empty() { letter } else { format!("{letter}_{words}") }
        })
        .collect()
}

fn make(id_12: String, activity: String, texts: &[String], good: &[bool], description: &str) -> Interactions {
    let pick = |ids: &[String]| -> Vec<String> {
        ids.iter().zip(good).filter(|(_, g)| **g).map(|(id, _)| id.clone()).collect()
    };
    let ids_12 = letters(texts.len());
    let ids_long = readable(texts);
    let plain = coursepack_quiz::inline::to_text(description);
    Interactions {
        scorm12: Interaction {
            id: id_12.clone(),
            kind: "choice",
            patterns: pick(&ids_12),
            ids: ids_12,
            description: String::new(),
        },
        scorm2004: Interaction {
            id: id_12,
            kind: "choice",
            patterns: pick(&ids_long),
            ids: ids_long.clone(),
            description: cut(&safe_text(&plain), SCORM2004_ITEM_LIMIT),
        },
        xapi: Interaction {
            id: activity,
            kind: "choice",
            patterns: pick(&ids_long),
            ids: ids_long,
            description: plain,
        },
    }
}

/// The interactions of one node's decision.
pub fn node_interactions(s: &Scenario, node: &Node) -> Interactions {
    let texts: Vec<String> = node.choices.iter().map(|c| c.text.clone()).collect();
    let good: Vec<bool> = node.choices.iter().map(|c| c.mark == Mark::Right).collect();
    make(node_interaction_id(&s.id, &node.id), node_activity(&s.id, &node.id), &texts, &good, &node.title)
}

/// The interactions of the ending reached: a choice among the endings.
pub fn ending_interactions(s: &Scenario, title: &str) -> Interactions {
    let endings: Vec<&Node> = s.nodes.iter().filter(|n| n.is_ending()).collect();
    let texts: Vec<String> =
        endings.iter().map(|n| n.ending.as_ref().map(|e| e.outcome.clone()).unwrap_or_default()).collect();
    let good: Vec<bool> = endings.iter().map(|n| n.ending.as_ref().and_then(|e| e.success) == Some(true)).collect();
    make(ending_interaction_id(&s.id), scenario_activity(&s.id), &texts, &good, title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_to_the_strictest_rules() {
        assert_eq!(node_interaction_id("friday-breach", "call-dpo"), "scn_friday_breach__call_dpo");
        assert_eq!(ending_interaction_id("friday-breach"), "scn_friday_breach");
        assert_eq!(
            readable(&["Ring **Sam**, the DPO".into(), "Leave it until Monday, when everyone is back".into()]),
            ["a_ring_sam_the_dpo", "b_leave_it_until_monday_when_everyone_is"]
        );
        assert_eq!(readable(&["¿?".into()]), ["a"]);
    }
}
