//! The checks on a scenario's graph, and the longest path the learner's saved
//! state can hold.
//!
//! Every problem is a located diagnostic:
//!
//! | code | severity | what |
//! |---|---|---|
//! | `scenario/duplicate-node` | error | two nodes with one id |
//! | `scenario/unknown-node` | error | a choice (or `start:`) names a node that does not exist ("did you mean") |
//! | `scenario/no-ending` | error | no node has an `outcome:` |
//! | `scenario/dead-end` | error | a node with no choices that is not an ending |
//! | `scenario/no-way-out` | error | nodes that lead only to each other, so no ending can be reached from them |
//! | `scenario/unreachable-node` | warning | no path from the start reaches the node |
//!
//! Loops are allowed as long as an ending can still be reached from them
//! (learners may try again).

use crate::model::Scenario;
use coursepack_diagnostics::{Diagnostic, SourceFile, did_you_mean};
use std::collections::BTreeMap;

/// Every problem with the scenario's graph (see the module documentation).
pub fn check_graph(s: &Scenario, file: &SourceFile) -> Vec<Diagnostic> {
    let mut d = Vec::new();
    let mut first_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, node) in s.nodes.iter().enumerate() {
        match first_of.get(node.id.as_str()) {
            Some(&first) => {
                let (line, _) = file.line_col(s.nodes[first].heading.start);
                d.push(
                    Diagnostic::error("scenario/duplicate-node", format!("two nodes have the id `{}`", node.id))
                        .with_hint(format!(
                            "the node at line {line} has it too; give this one its own id, e.g. `{{#{}-2}}`",
                            node.id
                        ))
                        .at_span(file, node.heading.clone()),
                );
            }
            None => {
                first_of.insert(node.id.as_str(), i);
            }
        }
    }
    let ids = || s.nodes.iter().map(|n| n.id.as_str());
    let unknown = |name: &str, span: std::ops::Range<usize>, what: &str| {
        let hint = match did_you_mean(name, ids()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("the nodes are {}", list(ids())),
        };
        Diagnostic::error("scenario/unknown-node", format!("{what} `{name}`, but no node has that id"))
            .with_hint(hint)
            .at_span(file, span)
    };
    if let Some((name, span)) = &s.start
        && s.node_index(name).is_none()
    {
        d.push(unknown(name, span.clone(), "`start:` names"));
    }
    for node in &s.nodes {
        for choice in &node.choices {
            if s.node_index(&choice.target).is_none() {
                d.push(unknown(&choice.target, choice.target_span.clone(), "this choice leads to"));
            }
        }
    }
    if s.endings().next().is_none() {
        d.push(
            Diagnostic::error("scenario/no-ending", format!("scenario `{}` has no ending", s.id))
                .with_hint("make at least one node an ending with an `outcome:` line under its heading, e.g. `outcome: Reported in time`")
                .at_span(file, s.span.start..s.span.start),
        );
    }
    for node in &s.nodes {
        if node.choices.is_empty() && !node.is_ending() {
            d.push(
                Diagnostic::error(
                    "scenario/dead-end",
                    format!("node `{}` has no choices and is not an ending", node.id),
                )
                .with_hint(
                    "add choices (`- What the learner does => node-id`), or make it an ending with an `outcome:` line",
                )
                .at_span(file, node.heading.clone()),
            );
        }
    }
    let edges = s.edges();
    for component in traps(s, &edges) {
        let first = component[0];
        let names: Vec<&str> = component.iter().map(|&i| s.nodes[i].id.as_str()).collect();
        let message = if names.len() == 1 {
            format!("node `{}` leads only back to itself, so no ending can be reached from it", names[0])
        } else {
            format!(
                "nodes {} lead only to each other, so no ending can be reached from them",
                list(names.iter().copied())
            )
        };
        d.push(
            Diagnostic::error("scenario/no-way-out", message)
                .with_hint(
                    "give one of these nodes a choice that leads towards an ending; a learner who gets here is stuck",
                )
                .at_span(file, s.nodes[first].heading.clone()),
        );
    }
    if let Some(start) = s.start_index() {
        let reached = reachable(&edges, start);
        for (i, node) in s.nodes.iter().enumerate() {
            if !reached[i] && first_of.get(node.id.as_str()) == Some(&i) {
                d.push(
                    Diagnostic::warning(
                        "scenario/unreachable-node",
                        format!("no path from the start reaches node `{}`", node.id),
                    )
                    .with_hint("lead a choice to it (`=> {id}`), or remove it; learners with JavaScript never see it")
                    .at_span(file, node.heading.clone()),
                );
            }
        }
    }
    d
}

fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<String> = names.map(|n| format!("`{n}`")).collect();
    names.join(", ")
}

/// Which nodes a learner can reach from `start`.
pub fn reachable(edges: &[Vec<Option<usize>>], start: usize) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![start];
    while let Some(i) = stack.pop() {
        if i >= seen.len() || seen[i] {
            continue;
        }
        seen[i] = true;
        stack.extend(edges[i].iter().flatten().copied().filter(|&t| !seen[t]));
    }
    seen
}

/// The strongly connected components of the graph (Tarjan's algorithm, iterative).
fn components(edges: &[Vec<Option<usize>>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, position in its edge list)
        let mut work = vec![(root, 0usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if let Some(target) = edges[v].get(*pos) {
                *pos += 1;
                let Some(w) = *target else { continue };
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                out.push(component);
            }
        }
    }
    out
}

/// The closed loops: components with a cycle, no ending, and no choice
/// leading out of them (a choice to a missing node counts as a way out: it is
/// reported as `scenario/unknown-node` instead). Sorted by first node.
pub(crate) fn traps(s: &Scenario, edges: &[Vec<Option<usize>>]) -> Vec<Vec<usize>> {
    let mut found: Vec<Vec<usize>> = components(edges)
        .into_iter()
        .filter(|c| {
            let inside = |t: &Option<usize>| t.is_some_and(|t| c.binary_search(&t).is_ok());
            let cyclic = c.len() > 1 || edges[c[0]].iter().any(|t| *t == Some(c[0]));
            let closed = c.iter().all(|&i| edges[i].iter().all(inside));
            cyclic && closed && !c.iter().any(|&i| s.nodes[i].is_ending())
        })
        .collect();
    found.sort();
    found
}

/// Search budget of [`longest_path`]: nodes expanded before it settles for the always-valid bound.
pub const LONGEST_PATH_BUDGET: usize = 200_000;

/// The most moves a learner's saved path can hold: the longest route from the
/// start that visits no node twice (the player cuts loops out of the path:
/// coming back to a node already on it goes back to that point). Choices
/// leading back to their own node add nothing. Found by a depth-first search;
/// when the graph is too large to search within [`LONGEST_PATH_BUDGET`] steps,
/// the bound is the number of reachable nodes less one, which no simple path
/// can exceed.
pub fn longest_path(s: &Scenario) -> usize {
    let Some(start) = s.start_index() else { return 0 };
    let edges = s.edges();
    let reach = reachable(&edges, start).iter().filter(|r| **r).count();
    let mut on_path = vec![false; edges.len()];
    let mut budget = LONGEST_PATH_BUDGET;
    let mut best = 0;
    // Explicit stack: (node, next edge index, depth).
    let mut stack = vec![(start, 0usize, 0usize)];
    on_path[start] = true;
    while let Some(&mut (v, ref mut pos, depth)) = stack.last_mut() {
        best = best.max(depth);
        if best + 1 >= reach {
            return reach.saturating_sub(1);
        }
        if let Some(target) = edges[v].get(*pos) {
            *pos += 1;
            let Some(w) = *target else { continue };
            if on_path[w] {
                continue;
            }
            if budget == 0 {
                return reach.saturating_sub(1);
            }
            budget -= 1;
            on_path[w] = true;
            stack.push((w, 0, depth + 1));
            continue;
        }
        on_path[v] = false;
        stack.pop();
    }
    best
}
