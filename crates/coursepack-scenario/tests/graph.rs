//! One test per graph diagnostic, each checking the code, the line it points
//! at, and that the valid shapes next to it (loops that can still end) pass.

mod common;

use common::{VALID, codes, parse};
use coursepack_scenario::longest_path;

fn only(text: &str, code: &str) -> Vec<usize> {
    codes(text).into_iter().filter(|(c, _)| c == code).map(|(_, l)| l).collect()
}

#[test]
fn the_valid_scenario_has_no_problem() {
    assert_eq!(codes(VALID), []);
}

#[test]
fn a_choice_to_a_missing_node_suggests_the_nearest() {
    let text = "## A {#start}\n\n- Ring Sam => call-smа\n- Wait => monday\n\n## Ring {#call-sam}\noutcome: Rang\n\n## Monday {#monday}\noutcome: Late\n";
    let (_, d, _) = parse(text);
    let missing: Vec<_> = d.iter().filter(|d| d.code == "scenario/unknown-node").collect();
    assert_eq!(missing.len(), 1, "{d:#?}");
    assert_eq!(missing[0].location.as_ref().unwrap().line, 3);
    assert_eq!(missing[0].location.as_ref().unwrap().column, 15);
    assert_eq!(missing[0].hint.as_deref(), Some("did you mean `call-sam`?"));
    // Nothing near: the hint lists the nodes.
    let text = "## A {#start}\n\n- Go => zebra\n\n## Z {#z}\noutcome: E\n";
    let (_, d, _) = parse(text);
    let missing = d.iter().find(|d| d.code == "scenario/unknown-node").unwrap();
    assert_eq!(missing.hint.as_deref(), Some("the nodes are `start`, `z`"));
}

#[test]
fn start_must_name_a_node() {
    let text = "start: strat\n\n## A {#start}\noutcome: E\n";
    assert_eq!(only(text, "scenario/unknown-node"), [1]);
    let (_, d, _) = parse(text);
    assert_eq!(d[0].hint.as_deref(), Some("did you mean `start`?"));
}

#[test]
fn an_unreachable_node_is_a_warning_at_its_heading() {
    let text = "## A {#a}\n\n- Go => z\n\n## Lost {#lost}\n\n- Go => z\n\n## Z {#z}\noutcome: E\n";
    assert_eq!(only(text, "scenario/unreachable-node"), [5]);
    let (_, d, _) = parse(text);
    let w = d.iter().find(|d| d.code == "scenario/unreachable-node").unwrap();
    assert_eq!(w.severity, coursepack_diagnostics::Severity::Warning);
    // `start:` changes what is reachable.
    let text = "start: b\n\n## A {#a}\n\n- Go => z\n\n## B {#b}\n\n- Go => z\n\n## Z {#z}\noutcome: E\n";
    assert_eq!(only(text, "scenario/unreachable-node"), [3]);
}

#[test]
fn a_node_with_no_way_on_that_is_not_an_ending() {
    let text = "## A {#a}\n\n- Go => b\n- End => z\n\n## B {#b}\n\nNothing to choose here.\n\n## Z {#z}\noutcome: E\n";
    assert_eq!(only(text, "scenario/dead-end"), [6]);
    // Its dead end is reported once; the node before it is not a trap.
    assert_eq!(only(text, "scenario/no-way-out"), Vec::<usize>::new());
}

#[test]
fn a_cycle_with_no_way_to_an_ending() {
    let text = "## A {#a}\n\n- Go => b\n- End => z\n\n## B {#b}\n\n- Again => c\n\n## C {#c}\n\n- Again => b\n\n## Z {#z}\noutcome: E\n";
    assert_eq!(only(text, "scenario/no-way-out"), [6]);
    let (_, d, _) = parse(text);
    let e = d.iter().find(|d| d.code == "scenario/no-way-out").unwrap();
    assert!(e.message.contains("`b`, `c`"), "{}", e.message);
    // A node whose only choice is itself is a trap too.
    let text = "## A {#a}\n\n- Go => b\n- End => z\n\n## B {#b}\n\n- Think again => b\n\n## Z {#z}\noutcome: E\n";
    assert_eq!(only(text, "scenario/no-way-out"), [6]);
}

#[test]
fn loops_that_can_still_end_are_allowed() {
    // b -> a -> b is a loop, but a can end; a retry choice that leads back to its own node too.
    let text =
        "## A {#a}\n\n- Go => b\n- End => z\n\n## B {#b}\n\n- Back => a\n- Think again => b\n\n## Z {#z}\noutcome: E\n";
    assert_eq!(codes(text), []);
}

#[test]
fn duplicate_node_ids() {
    let text = "## A {#a}\n\n- Go => z\n\n## Also A {#a}\n\n- Go => z\n\n## Z {#z}\noutcome: E\n";
    assert_eq!(only(text, "scenario/duplicate-node"), [5]);
    let (_, d, _) = parse(text);
    let e = d.iter().find(|d| d.code == "scenario/duplicate-node").unwrap();
    assert!(e.hint.as_deref().unwrap().contains("line 1"), "{:?}", e.hint);
}

#[test]
fn a_scenario_without_an_ending() {
    let text = "id: x\n\n## A {#a}\n\n- Go => b\n\n## B {#b}\n\n- Go => a\n";
    assert_eq!(only(text, "scenario/no-ending"), [1]);
}

#[test]
fn the_longest_saved_path_skips_loops() {
    let (s, _, _) = parse(VALID);
    // start -> b -> end-bad, start -> a -> end-good: two moves; b -> start is a loop back.
    assert_eq!(longest_path(&s.unwrap()), 2);
    // A chain of 30 nodes with loops back to the start from each: the longest simple path is the chain.
    let mut text = String::new();
    for i in 0..30 {
        text.push_str(&format!("## N{i} {{#n{i}}}\n\n- On => n{}\n- Back => n0\n- Stay => n{i}\n\n", i + 1));
    }
    text.push_str("## End {#n30}\noutcome: E\n");
    let (s, d, _) = parse(&text);
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(longest_path(&s.unwrap()), 30);
}

#[test]
fn a_huge_graph_gets_the_always_valid_bound() {
    // 40 nodes, each leading to 25 others: exhaustive search is hopeless within the budget, so the
    // bound is the number of reachable nodes less one (exact here: a Hamiltonian path exists).
    let n = 40;
    let mut text = String::new();
    for i in 0..n - 1 {
        text.push_str(&format!("## N{i} {{#n{i}}}\n\n"));
        for k in 1..=25 {
            text.push_str(&format!("- To {k} => n{}\n", (i + k) % n));
        }
        text.push('\n');
    }
    text.push_str(&format!("## N{} {{#n{}}}\noutcome: E\n", n - 1, n - 1));
    let (s, d, _) = parse(&text);
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(longest_path(&s.unwrap()), n - 1);
}
