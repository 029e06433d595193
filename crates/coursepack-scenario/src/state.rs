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

/// One scenario's part of the saved state, for [`max_state_len`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateBound<'a> {
    /// The scenario's id (its key under [`STATE_KEY`]).
    pub id: &'a str,
    /// The most letters its path can hold ([`crate::longest_path`]).
    pub longest_path: usize,
    /// When it counts towards the assessment: how many endings it has. The quiz
    /// then keeps, in its state's `x` list, the index of the first ending
    /// reached in the attempt, or `-1`.
    pub assessed_endings: Option<usize>,
}

/// Worst-case characters the scenarios add to the serialised learner state:
/// `,"scn":{"<id>":"<path>",…}` and, when some count towards the assessment,
/// the quiz state's `,"x":[<ending>,…]`. Ids and path letters need no JSON
/// escaping (`[a-z0-9-]`, `a`-`z`).
pub fn max_state_len(scenarios: &[StateBound<'_>]) -> usize {
    if scenarios.is_empty() {
        return 0;
    }
    let entries: usize = scenarios.iter().map(|s| 2 + s.id.len() + 1 + 2 + s.longest_path).sum();
    let paths = ",\"scn\":{}".len() + entries + scenarios.len() - 1;
    let assessed: Vec<usize> = scenarios.iter().filter_map(|s| s.assessed_endings).collect();
    let endings = if assessed.is_empty() {
        0
    } else {
        // each entry is -1 or an ending's index
        let digits = |n: usize| n.saturating_sub(1).checked_ilog10().map_or(1, |d| d as usize + 1).max(2);
        ",\"x\":[]".len() + assessed.iter().map(|n| digits(*n)).sum::<usize>() + assessed.len() - 1
    };
    paths + endings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_is_the_exact_worst_case() {
        let bound = |id, longest_path, assessed_endings| StateBound { id, longest_path, assessed_endings };
        let state = serde_json::json!({ "friday-breach": "abcde", "x": "" });
        let text = format!(",\"scn\":{}", serde_json::to_string(&state).unwrap());
        assert_eq!(max_state_len(&[bound("friday-breach", 5, None), bound("x", 0, None)]), text.len());
        assert_eq!(max_state_len(&[]), 0);
        // Assessed: the quiz keeps -1 or the ending's index, whichever is longer.
        let with_x = format!("{text},\"x\":[-1,11]");
        assert_eq!(max_state_len(&[bound("friday-breach", 5, Some(3)), bound("x", 0, Some(12))]), with_x.len());
    }
}
