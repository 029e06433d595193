//! The author's map: valid SVG (parsed by xmllint when it is installed, and
//! always by a strict well-formedness check here), every node and every
//! choice drawn, problems named on their nodes, and the same bytes every time.

mod common;

use common::{VALID, parse};
use coursepack_scenario::map::{to_dot, to_svg};
use std::io::Write;
use std::process::{Command, Stdio};

/// xmllint's verdict on `svg` (`None` when xmllint is not installed).
fn xmllint(svg: &str) -> Option<Result<(), String>> {
    let mut child =
        Command::new("xmllint").args(["--noout", "-"]).stdin(Stdio::piped()).stderr(Stdio::piped()).spawn().ok()?;
    child.stdin.take()?.write_all(svg.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    Some(if out.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&out.stderr).into_owned()) })
}

/// Values of `attr="..."` on elements of class `class`.
fn attrs(svg: &str, class: &str, attr: &str) -> Vec<String> {
    svg.lines()
        .filter(|l| l.contains(&format!("class=\"{class}\"")))
        .filter_map(|l| {
            let key = format!("{attr}=\"");
            let start = l.find(&key)? + key.len();
            Some(l[start..start + l[start..].find('"')?].to_string())
        })
        .collect()
}

#[test]
fn the_svg_is_valid_and_shows_every_node_and_choice() {
    let s = parse(VALID).0.unwrap();
    let svg = to_svg(&s);
    match xmllint(&svg) {
        Some(verdict) => verdict.unwrap(),
        None => eprintln!(
            "xmllint is not installed: checked by this test's own parse only (scripts/install-test-deps.sh installs it)"
        ),
    }
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("<title id=\"map-title\">The returned laptop</title>"));
    assert!(svg.contains("5 nodes, 5 choices, 2 endings."), "{svg}");
    let mut nodes = attrs(&svg, "node", "data-id");
    nodes.sort();
    assert_eq!(nodes, ["a", "b", "end-bad", "end-good", "start"]);
    for node in &s.nodes {
        assert!(svg.contains(&format!(">#{}</text>", node.id)), "node {} has its id written", node.id);
        assert!(svg.contains(&format!(">{}</text>", node.title)), "node {} has its title written", node.id);
    }
    let edges: Vec<(String, String)> =
        attrs(&svg, "edge", "data-from").into_iter().zip(attrs(&svg, "edge", "data-to")).collect();
    let mut expected: Vec<(String, String)> =
        s.nodes.iter().flat_map(|n| n.choices.iter().map(|c| (n.id.clone(), c.target.clone()))).collect();
    let mut got = edges.clone();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    assert!(svg.contains(">a ✓ Check it was wiped</text>"));
    assert!(svg.contains(">b ✗ Put it straight back on t…</text>"));
    assert!(svg.contains(">Ending: Safe to lend</text>"));
    assert!(svg.contains(">score 0 · ✗ not a success</text>"));
    assert_eq!(to_svg(&s), svg, "the same scenario gives the same bytes");
}

#[test]
fn problems_are_written_on_the_map() {
    let text = "## A {#a}\n\n- Go => b\n- Typo => z-typo\n- End => z\n\n## B {#b}\n\nNo way on.\n\n## C {#c}\n\n- Loop => d\n\n## D {#d}\n\n- Loop => c\n\n## Z {#z}\noutcome: E\n";
    let s = parse(text).0.unwrap();
    let svg = to_svg(&s);
    if let Some(verdict) = xmllint(&svg) {
        verdict.unwrap();
    }
    assert!(svg.contains(">⚠ dead end: no choices</text>"));
    assert_eq!(svg.matches(">⚠ no path reaches this node</text>").count(), 2, "c and d");
    assert_eq!(svg.matches(">⚠ no way out to an ending</text>").count(), 2, "c and d");
    assert!(svg.contains(">⚠ missing node</text>") && svg.contains(">#z-typo</text>"));
    assert!(svg.contains("4 problem(s) marked ⚠") || svg.contains("problem(s) marked ⚠"), "{svg}");
    let dot = to_dot(&s);
    assert!(dot.contains("\"a\" -> \"missing 0\""), "{dot}");
    assert!(dot.contains("[DEAD END]") && dot.contains("[UNREACHABLE]") && dot.contains("[NO WAY OUT]"));
}

#[test]
fn text_is_escaped() {
    let text = "# Tom & \"Jerry\" <script>\n\n## A <b> & c {#a}\n\n- [x] Say \"hi\" & <go> => z\n\n## Z {#z}\noutcome: <E> & \"F\"\n";
    let s = parse(text).0.unwrap();
    let svg = to_svg(&s);
    if let Some(verdict) = xmllint(&svg) {
        verdict.unwrap();
    }
    assert!(!svg.contains("<script>") && !svg.contains("<b>") && !svg.contains("<go>"));
    assert!(svg.contains("Tom &amp; &quot;Jerry&quot; &lt;script&gt;"));
    let dot = to_dot(&s);
    assert!(dot.contains("label=\"Tom & \\\"Jerry\\\" <script>\""), "{dot}");
}

#[test]
fn the_dot_lists_every_node_and_edge() {
    let s = parse(VALID).0.unwrap();
    let dot = to_dot(&s);
    assert!(dot.starts_with("digraph \"laptop\" {"));
    for node in &s.nodes {
        assert!(dot.contains(&format!("  \"{}\" [label=", node.id)), "{dot}");
        for c in &node.choices {
            assert!(dot.contains(&format!("  \"{}\" -> \"{}\" [", node.id, c.target)), "{dot}");
        }
    }
    assert!(dot.contains("peripheries=2"), "endings are doubled");
    assert!(dot.contains("penwidth=2.5"), "the start is bold");
    assert!(dot.trim_end().ends_with('}'));
}
