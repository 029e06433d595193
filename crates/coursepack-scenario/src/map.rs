//! The author's map of a scenario: its graph as SVG (or as Graphviz DOT), so
//! the branches, the endings and every problem show at a glance.
//!
//! The layout is a simple layered one, written here: each node goes in the
//! row of its distance (in choices) from the start, the order within a row
//! is improved by a few barycentre sweeps, choices that go forward are drawn
//! downwards and choices that go back (loops) curve round the right. Nodes no
//! path reaches get a row of their own at the bottom, and a choice to a
//! missing node points at a red placeholder. We looked at `layout-rs`, the
//! one maintained Rust crate that lays out graphs and writes SVG: it orders
//! its CSS rules by hash-map iteration (so its output is not byte-for-byte
//! reproducible, which the committed example in the docs needs), and writes
//! no `<title>`/`<desc>` for screen readers. A scenario has tens of nodes,
//! not thousands, so a small deterministic layout serves authors better.
//!
//! Nothing here relies on colour alone: good choices are solid with a ✓,
//! poor ones dashed with a ✗, and each problem is written on its node.

use crate::graph::{reachable, traps};
use crate::model::{Mark, Scenario};
use std::fmt::Write;

/// What the map shows about each node beyond its text.
#[derive(Clone, Debug, Default, PartialEq)]
struct NodeInfo {
    start: bool,
    unreachable: bool,
    dead_end: bool,
    trapped: bool,
}

/// The analysis both outputs share.
struct Graph {
    /// Per node, per choice: the node it leads to, or the index of a missing name in `missing`.
    targets: Vec<Vec<Target>>,
    missing: Vec<String>,
    info: Vec<NodeInfo>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Target {
    Node(usize),
    Missing(usize),
}

fn analyse(s: &Scenario) -> Graph {
    let edges = s.edges();
    let mut missing: Vec<String> = Vec::new();
    let targets = s
        .nodes
        .iter()
        .zip(&edges)
        .map(|(node, out)| {
            node.choices
                .iter()
                .zip(out)
                .map(|(c, t)| match t {
                    Some(i) => Target::Node(*i),
                    None => {
                        let at = missing.iter().position(|m| *m == c.target).unwrap_or_else(|| {
                            missing.push(c.target.clone());
                            missing.len() - 1
                        });
                        Target::Missing(at)
                    }
                })
                .collect()
        })
        .collect();
    let start = s.start_index();
    let reached = start.map(|st| reachable(&edges, st));
    let trapped: Vec<usize> = traps(s, &edges).into_iter().flatten().collect();
    let info = s
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| NodeInfo {
            start: Some(i) == start,
            unreachable: reached.as_ref().is_some_and(|r| !r[i]),
            dead_end: n.choices.is_empty() && !n.is_ending(),
            trapped: trapped.contains(&i),
        })
        .collect();
    Graph { targets, missing, info }
}

/// A letter for the n-th choice (`a`-`z`, then `27`...), as the player and SCORM 1.2 name them.
fn letter(n: usize) -> String {
    if n < 26 { char::from(b'a' + n as u8).to_string() } else { (n + 1).to_string() }
}

fn mark_symbol(mark: Mark) -> &'static str {
    match mark {
        Mark::Right => "✓ ",
        Mark::Wrong => "✗ ",
        Mark::Neutral => "",
    }
}

/// The plain text of inline Markdown (the map shows words, not markup).
fn plain(text: &str) -> String {
    coursepack_quiz::inline::to_text(text)
}

// ---------- DOT ----------

fn dot_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The scenario's graph in Graphviz DOT: one node per scenario node (endings
/// rounded and doubled, the start in bold, problems in red and named in the
/// label), one edge per choice labelled with its letter, mark and text.
pub fn to_dot(s: &Scenario) -> String {
    let g = analyse(s);
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", dot_string(&s.id));
    if let Some(title) = &s.title {
        let _ = writeln!(out, "  label={};\n  labelloc=t;", dot_string(title));
    }
    let _ = writeln!(out, "  rankdir=TB;");
    let _ = writeln!(out, "  node [shape=box, fontname=\"sans-serif\", fontsize=11];");
    let _ = writeln!(out, "  edge [fontname=\"sans-serif\", fontsize=9];");
    for (i, node) in s.nodes.iter().enumerate() {
        let info = &g.info[i];
        let mut label = format!("{}\n#{}", plain(&node.title), node.id);
        if let Some(e) = &node.ending {
            let _ = write!(label, "\nEnding: {}", e.outcome);
            if let Some(score) = e.score {
                let _ = write!(label, "\nScore {score}");
            }
            if let Some(success) = e.success {
                label.push_str(if success { "\n✓ success" } else { "\n✗ not a success" });
            }
        }
        for (flag, words) in [
            (info.start, "start"),
            (info.unreachable, "UNREACHABLE"),
            (info.dead_end, "DEAD END"),
            (info.trapped, "NO WAY OUT"),
        ] {
            if flag {
                let _ = write!(label, "\n[{words}]");
            }
        }
        let mut attrs = vec![format!("label={}", dot_string(&label))];
        if node.is_ending() {
            attrs.push("style=rounded".into());
            attrs.push("peripheries=2".into());
        }
        if info.start {
            attrs.push("penwidth=2.5".into());
        }
        if info.unreachable || info.dead_end || info.trapped {
            attrs.push("color=\"#b3261e\"".into());
            attrs.push("fontcolor=\"#b3261e\"".into());
        }
        let _ = writeln!(out, "  {} [{}];", dot_string(&node.id), attrs.join(", "));
    }
    for (k, name) in g.missing.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {} [label={}, style=dashed, color=\"#b3261e\", fontcolor=\"#b3261e\"];",
            dot_string(&format!("missing {k}")),
            dot_string(&format!("MISSING NODE\n#{name}"))
        );
    }
    for (i, node) in s.nodes.iter().enumerate() {
        for (n, (choice, target)) in node.choices.iter().zip(&g.targets[i]).enumerate() {
            let to = match target {
                Target::Node(t) => s.nodes[*t].id.clone(),
                Target::Missing(k) => format!("missing {k}"),
            };
            let label = format!("{} {}{}", letter(n), mark_symbol(choice.mark), short(&plain(&choice.text), 40));
            let mut attrs = vec![format!("label={}", dot_string(&label))];
            match choice.mark {
                Mark::Right => attrs.push("color=\"#1b6b35\"".into()),
                Mark::Wrong => attrs.push("style=dashed, color=\"#b3261e\"".into()),
                Mark::Neutral => {}
            }
            let _ = writeln!(out, "  {} -> {} [{}];", dot_string(&node.id), dot_string(&to), attrs.join(", "));
        }
    }
    out.push_str("}\n");
    out
}

// ---------- SVG ----------

const BOX_W: f64 = 208.0;
const GAP_X: f64 = 56.0;
const GAP_Y: f64 = 84.0;
const MARGIN: f64 = 24.0;
const LINE: f64 = 16.0;
const PAD: f64 = 10.0;
/// Characters per line of a node's title (bold 13 px: about 190 px of a wide sans-serif).
const WRAP: usize = 24;
const RED: &str = "#b3261e";
const GREEN: &str = "#1b6b35";
const GREY: &str = "#4a4a4a";

fn short(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut = cut.trim_end().to_string();
    cut.push('…');
    cut
}

/// Greedy word wrap to `width` characters, at most `max_lines` lines (the last ends with … when cut).
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let word = short(word, width);
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.last_mut().map(std::mem::take).unwrap_or_default();
        let mut cut: String = last.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        if let Some(l) = lines.last_mut() {
            *l = cut;
        }
    }
    lines
}

fn esc(text: &str) -> String {
    coursepack_quiz::inline::escape(text)
}

/// One box of the drawing.
struct Placed {
    x: f64,
    y: f64,
    h: f64,
    /// (text, class) lines.
    lines: Vec<(String, &'static str)>,
}

impl Placed {
    fn cx(&self) -> f64 {
        self.x + BOX_W / 2.0
    }
    fn bottom(&self) -> f64 {
        self.y + self.h
    }
}

/// The rows of the layout: reachable nodes by distance from the start, then
/// unreachable nodes, then missing targets (as `usize::MAX - k`).
fn rows(s: &Scenario, g: &Graph) -> (Vec<Vec<usize>>, Vec<usize>) {
    let n = s.nodes.len();
    let mut layer = vec![usize::MAX; n];
    let mut order: Vec<usize> = Vec::new();
    if let Some(start) = s.start_index() {
        layer[start] = 0;
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for t in &g.targets[v] {
                if let Target::Node(t) = *t
                    && layer[t] == usize::MAX
                {
                    layer[t] = layer[v] + 1;
                    queue.push_back(t);
                }
            }
        }
    }
    let depth = order.iter().map(|&v| layer[v]).max().map_or(0, |d| d + 1);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for &v in &order {
        rows[layer[v]].push(v);
    }
    let unreached: Vec<usize> = (0..n).filter(|&i| layer[i] == usize::MAX).collect();
    if !unreached.is_empty() {
        for &i in &unreached {
            layer[i] = rows.len();
        }
        rows.push(unreached);
    }
    // Barycentre sweeps: order each row by the mean position of its nodes'
    // neighbours in the row above (then below), keeping the written order on ties.
    let preds: Vec<Vec<usize>> = (0..n)
        .map(|t| (0..n).filter(|&v| g.targets[v].contains(&Target::Node(t)) && layer[v] < layer[t]).collect())
        .collect();
    let succs: Vec<Vec<usize>> = (0..n)
        .map(|v| {
            g.targets[v]
                .iter()
                .filter_map(|x| match *x {
                    Target::Node(t) if layer[t] > layer[v] => Some(t),
                    _ => None,
                })
                .collect()
        })
        .collect();
    for _ in 0..4 {
        for down in [true, false] {
            let range: Vec<usize> =
                if down { (1..rows.len()).collect() } else { (0..rows.len().saturating_sub(1)).rev().collect() };
            for r in range {
                let mut pos = vec![f64::NAN; n];
                for row in &rows {
                    for (k, &v) in row.iter().enumerate() {
                        pos[v] = k as f64;
                    }
                }
                let mut keyed: Vec<(f64, usize, usize)> = rows[r]
                    .iter()
                    .enumerate()
                    .map(|(k, &v)| {
                        let near = if down { &preds[v] } else { &succs[v] };
                        let near: Vec<f64> = near.iter().map(|&u| pos[u]).filter(|p| !p.is_nan()).collect();
                        let key = if near.is_empty() { k as f64 } else { near.iter().sum::<f64>() / near.len() as f64 };
                        (key, k, v)
                    })
                    .collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                rows[r] = keyed.into_iter().map(|(_, _, v)| v).collect();
            }
        }
    }
    (rows, layer)
}

fn node_lines(s: &Scenario, g: &Graph, i: usize) -> Vec<(String, &'static str)> {
    let node = &s.nodes[i];
    let info = &g.info[i];
    let mut lines: Vec<(String, &'static str)> = Vec::new();
    if info.start {
        lines.push(("START".into(), "tag"));
    }
    for l in wrap(&plain(&node.title), WRAP, 3) {
        lines.push((l, "title"));
    }
    lines.push((format!("#{}", short(&node.id, 30)), "id"));
    if let Some(e) = &node.ending {
        for l in wrap(&format!("Ending: {}", e.outcome), WRAP + 3, 2) {
            lines.push((l, "outcome"));
        }
        let mut facts = Vec::new();
        if let Some(score) = e.score {
            facts.push(format!("score {score}"));
        }
        if let Some(success) = e.success {
            facts.push(if success { "✓ success".to_string() } else { "✗ not a success".to_string() });
        }
        if !facts.is_empty() {
            lines.push((facts.join(" · "), "outcome"));
        }
    }
    for (flag, words) in [
        (info.unreachable, "⚠ no path reaches this node"),
        (info.dead_end, "⚠ dead end: no choices"),
        (info.trapped, "⚠ no way out to an ending"),
    ] {
        if flag {
            lines.push((words.into(), "problem"));
        }
    }
    lines
}

fn box_height(lines: usize) -> f64 {
    2.0 * PAD + LINE * lines as f64
}

/// The point at `t` on a cubic Bézier curve.
fn bezier(p: [(f64, f64); 4], t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    (a * p[0].0 + b * p[1].0 + c * p[2].0 + d * p[3].0, a * p[0].1 + b * p[1].1 + c * p[2].1 + d * p[3].1)
}

/// The scenario's graph as a standalone SVG document (see the module
/// documentation for the layout), with a `<title>` and `<desc>` for screen
/// readers. The same scenario always gives the same bytes.
pub fn to_svg(s: &Scenario) -> String {
    let g = analyse(s);
    let (rows, _) = rows(s, &g);
    // Every row, then one for missing targets.
    let mut boxes: Vec<Option<Placed>> = (0..s.nodes.len()).map(|_| None).collect();
    let mut missing_boxes: Vec<Placed> = Vec::new();
    let widest = rows.iter().map(Vec::len).chain(std::iter::once(g.missing.len())).max().unwrap_or(1).max(1);
    let total_w = 2.0 * MARGIN + widest as f64 * BOX_W + (widest as f64 - 1.0) * GAP_X + 60.0;
    let title = s.title.clone().unwrap_or_else(|| s.id.clone());
    let heading_h = 40.0;
    let mut y = MARGIN + heading_h;
    let row_x = |count: usize, k: usize| {
        let row_w = count as f64 * BOX_W + (count as f64 - 1.0) * GAP_X;
        (total_w - 60.0 - row_w) / 2.0 + k as f64 * (BOX_W + GAP_X)
    };
    for row in &rows {
        let mut tallest: f64 = 0.0;
        for (k, &i) in row.iter().enumerate() {
            let lines = node_lines(s, &g, i);
            let h = box_height(lines.len());
            tallest = tallest.max(h);
            boxes[i] = Some(Placed { x: row_x(row.len(), k), y, h, lines });
        }
        y += tallest + GAP_Y;
    }
    if !g.missing.is_empty() {
        let mut tallest: f64 = 0.0;
        for (k, name) in g.missing.iter().enumerate() {
            let lines = vec![("⚠ missing node".to_string(), "problem"), (format!("#{}", short(name, 30)), "id")];
            let h = box_height(lines.len());
            tallest = tallest.max(h);
            missing_boxes.push(Placed { x: row_x(g.missing.len(), k), y, h, lines });
        }
        y += tallest + GAP_Y;
    }
    let total_h = y - GAP_Y + MARGIN + 8.0;

    let endings = s.endings().count();
    let choices: usize = s.nodes.iter().map(|n| n.choices.len()).sum();
    let problems = g.info.iter().filter(|i| i.unreachable || i.dead_end || i.trapped).count() + g.missing.len();
    let mut desc = format!(
        "Map of the scenario “{}”: {} nodes, {} choices, {} endings",
        plain(&title),
        s.nodes.len(),
        choices,
        endings
    );
    if problems > 0 {
        let _ = write!(desc, ", {problems} problem(s) marked ⚠");
    }
    desc.push('.');

    // The body first: its right-most point sets the width (loops curve out to the right).
    let mut out = String::new();
    let mut right: f64 = total_w;
    // Edges first, so boxes and labels sit on top of them.
    let mut labels = String::new();
    out.push_str("<g fill=\"none\" stroke-width=\"1.6\">\n");
    for (i, node) in s.nodes.iter().enumerate() {
        let Some(from) = &boxes[i] else { continue };
        let count = node.choices.len();
        for (n, (choice, target)) in node.choices.iter().zip(&g.targets[i]).enumerate() {
            let to = match target {
                Target::Node(t) => boxes[*t].as_ref(),
                Target::Missing(k) => missing_boxes.get(*k),
            };
            let Some(to) = to else { continue };
            let (class, colour, dash) = match choice.mark {
                Mark::Right => ("right", GREEN, ""),
                Mark::Wrong => ("wrong", RED, " stroke-dasharray=\"6 4\""),
                Mark::Neutral => ("neutral", GREY, ""),
            };
            let same = *target == Target::Node(i);
            let points = if same {
                let (rx, cy) = (from.x + BOX_W, from.y + from.h / 2.0);
                [(rx, cy - 10.0), (rx + 44.0, cy - 34.0), (rx + 44.0, cy + 34.0), (rx, cy + 10.0)]
            } else if to.y > from.y {
                let sx = from.x + BOX_W * (n as f64 + 1.0) / (count as f64 + 1.0);
                let (sy, tx, ty) = (from.bottom(), to.cx(), to.y);
                let dy = (ty - sy) / 2.0;
                [(sx, sy), (sx, sy + dy), (tx, ty - dy), (tx, ty)]
            } else {
                // Back to an earlier (or the same) row: curve round the right.
                let bulge = 60.0 + 14.0 * n as f64;
                let (sx, sy) = (from.x + BOX_W, from.y + from.h * (n as f64 + 1.0) / (count as f64 + 1.0));
                let (tx, ty) = (to.x + BOX_W, to.y + to.h / 2.0);
                [(sx, sy), (sx + bulge, sy), (tx + bulge, ty), (tx, ty)]
            };
            let to_id = match target {
                Target::Node(t) => s.nodes[*t].id.as_str(),
                Target::Missing(k) => g.missing[*k].as_str(),
            };
            let _ = writeln!(
                out,
                "<path class=\"edge\" data-from=\"{}\" data-to=\"{}\" d=\"M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" stroke=\"{colour}\"{dash} marker-end=\"url(#arrow-{class})\"/>",
                esc(&node.id),
                esc(to_id),
                points[0].0,
                points[0].1,
                points[1].0,
                points[1].1,
                points[2].0,
                points[2].1,
                points[3].0,
                points[3].1
            );
            let text = format!("{} {}{}", letter(n), mark_symbol(choice.mark), short(&plain(&choice.text), 26));
            // Spread the labels of one node's choices along their curves, so they do not sit side by side.
            let along = if same || count < 2 { 0.5 } else { 0.25 + 0.5 * n as f64 / (count as f64 - 1.0) };
            let (lx, ly) = bezier(points, along);
            let w = text.chars().count() as f64 * 6.6 + 10.0;
            // A loop on one node: its label sits to the right of the loop, clear of the box.
            let lx = if same { points[0].0 + 40.0 + w / 2.0 } else { lx };
            right = right.max(lx + w / 2.0 + MARGIN).max(points.iter().map(|p| p.0).fold(0.0, f64::max) + MARGIN);
            let _ = writeln!(
                labels,
                "<g><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"15\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.92\" stroke=\"{colour}\" stroke-width=\"0.6\"/><text class=\"label\" x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
                lx - w / 2.0,
                ly - 10.5,
                lx - w / 2.0 + 5.0,
                ly + 1.0,
                esc(&text)
            );
        }
    }
    out.push_str("</g>\n");

    let draw = |out: &mut String, b: &Placed, ending: bool, start: bool, problem: bool, id: &str| {
        let stroke = if problem { RED } else { "#1a1a1a" };
        let width = if start { 3.0 } else { 1.4 };
        let dash = if problem { " stroke-dasharray=\"5 3\"" } else { "" };
        let fill = if problem {
            "#fdecea"
        } else if ending {
            "#eef3fb"
        } else {
            "#ffffff"
        };
        let rx = if ending { 16.0 } else { 4.0 };
        let _ = writeln!(out, "<g class=\"node\" data-id=\"{}\">", esc(id));
        let _ = writeln!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{BOX_W:.0}\" height=\"{:.1}\" rx=\"{rx:.0}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width:.1}\"{dash}/>",
            b.x, b.y, b.h
        );
        if ending {
            let _ = writeln!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.0}\" height=\"{:.1}\" rx=\"{:.0}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"1\"/>",
                b.x + 4.0,
                b.y + 4.0,
                BOX_W - 8.0,
                b.h - 8.0,
                rx - 4.0
            );
        }
        for (k, (text, class)) in b.lines.iter().enumerate() {
            let _ = writeln!(
                out,
                "<text class=\"{class}\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                b.x + PAD + 2.0,
                b.y + PAD + LINE * (k as f64 + 1.0) - 4.0,
                esc(text)
            );
        }
        out.push_str("</g>\n");
    };
    for (i, b) in boxes.iter().enumerate() {
        let Some(b) = b else { continue };
        let info = &g.info[i];
        draw(
            &mut out,
            b,
            s.nodes[i].is_ending(),
            info.start,
            info.unreachable || info.dead_end || info.trapped,
            &s.nodes[i].id,
        );
    }
    for (k, b) in missing_boxes.iter().enumerate() {
        draw(&mut out, b, false, false, true, &format!("missing-{k}"));
    }
    out.push_str(&labels);
    out.push_str("</svg>\n");
    let mut head = String::new();
    let _ = writeln!(
        head,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" role=\"img\" aria-labelledby=\"map-title map-desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif\">",
        w = right.ceil(),
        h = total_h
    );
    let _ = writeln!(head, "<title id=\"map-title\">{}</title>", esc(&plain(&title)));
    let _ = writeln!(head, "<desc id=\"map-desc\">{}</desc>", esc(&desc));
    head.push_str("<defs>\n");
    for (name, colour) in [("right", GREEN), ("wrong", RED), ("neutral", GREY)] {
        let _ = writeln!(
            head,
            "<marker id=\"arrow-{name}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>"
        );
    }
    head.push_str("<style>\n.title{font-size:13px;font-weight:600;fill:#1a1a1a}\n.id{font-size:11px;font-family:ui-monospace,Menlo,Consolas,monospace;fill:#4a4a4a}\n.outcome{font-size:12px;fill:#0b3d91}\n.problem{font-size:12px;font-weight:600;fill:#b3261e}\n.tag{font-size:11px;font-weight:700;letter-spacing:0.08em;fill:#1a1a1a}\n.label{font-size:11px;fill:#1a1a1a}\n.heading{font-size:16px;font-weight:700;fill:#1a1a1a}\n</style>\n");
    head.push_str("</defs>\n");
    let _ = writeln!(head, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    let _ = writeln!(
        head,
        "<text class=\"heading\" x=\"{MARGIN:.0}\" y=\"{:.0}\">{}</text>",
        MARGIN + 16.0,
        esc(&short(&plain(&title), 90))
    );

    head.push_str(&out);
    head
}
