//! The scenarios' part of the learner's saved state, and its worst case.
//!
//! `scenario.js` keeps, under the player-state key [`STATE_KEY`], an object
//! with one entry per scenario the learner has started: the scenario's id and
//! its path, one letter per choice taken from the start (`a` for a node's
//! first choice), for example `{"friday-breach":"acb"}`. The node the learner
//! is at is where the path leads, so a learner who comes back continues
//! there.
//!
//! Loops are cut out of the path: a choice that leads back to a node already
//! on the path goes back to that point of the path, and a choice that leads
//! to its own node (try again) adds nothing. So a saved path never passes a
//! node twice, and is at most [`crate::longest_path`] letters long: the
//! longest route from the start that visits no node twice.

/// The key of the learner state under which scenarios keep their paths.
pub const STATE_KEY: &str = "scn";

/// Worst-case characters the scenarios add to the serialised learner state,
/// for scenarios given as `(id, longest path)`: `,"scn":{"<id>":"<path>",…}`.
/// Ids and path letters need no JSON escaping (`[a-z0-9-]`, `a`-`z`).
pub fn max_state_len(scenarios: &[(&str, usize)]) -> usize {
    if scenarios.is_empty() {
        return 0;
    }
    let entries: usize = scenarios.iter().map(|(id, steps)| 2 + id.len() + 1 + 2 + steps).sum();
    ",\"scn\":{}".len() + entries + scenarios.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_is_the_exact_worst_case() {
        let state = serde_json::json!({ "friday-breach": "abcde", "x": "" });
        let text = format!(",\"scn\":{}", serde_json::to_string(&state).unwrap());
        assert_eq!(max_state_len(&[("friday-breach", 5), ("x", 0)]), text.len());
        assert_eq!(max_state_len(&[]), 0);
    }
}
