//! The typed scenario: nodes, choices and endings, each with the byte spans
//! of its source so that every later check can point at the author's text.

use std::ops::Range;

/// A branching scenario as written: the learner starts at [`Scenario::start`],
/// reads one node at a time and chooses until they reach an ending.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Stable id, unique in the module (`[a-z0-9-]`, at most 64 characters).
    /// Tracking (interaction ids, activity IRIs) and saved progress use it.
    pub id: String,
    /// The `id:` value, when the text gives one.
    pub id_span: Option<Range<usize>>,
    /// The title learners see above the scenario; `None` uses the module's
    /// `scenario` interface string.
    pub title: Option<String>,
    /// The node id the learner starts at, as written (`start:`), with its span;
    /// `None` starts at the first node.
    pub start: Option<(String, Range<usize>)>,
    /// Whether the learner may go back one step.
    pub back: bool,
    /// Whether the learner may start again.
    pub restart: bool,
    /// Weight of the scenario in the module's assessment when it counts (default 1).
    pub points: u32,
    /// Markdown shown above the first node (setting the scene), if any.
    pub intro: Option<Range<usize>>,
    /// The nodes, in the order written.
    pub nodes: Vec<Node>,
    /// The whole scenario source (the block's body, or the whole file).
    pub span: Range<usize>,
}

/// One node: a situation with choices, or an ending.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Id, unique in the scenario (from `{#id}` in the heading, or the heading's words).
    pub id: String,
    /// The heading learners see (without the `{#id}`).
    pub title: String,
    /// The `## ...` heading line.
    pub heading: Range<usize>,
    /// The node's Markdown content (between its keys and its choices), if any.
    pub content: Option<Range<usize>>,
    /// A "what would you do?" prompt shown before the choices (`reflect:`).
    pub reflect: Option<String>,
    /// Present when the node is an ending (`outcome:`).
    pub ending: Option<Ending>,
    /// The choices, in the order written.
    pub choices: Vec<Choice>,
}

impl Node {
    /// True when the node is an ending.
    pub fn is_ending(&self) -> bool {
        self.ending.is_some()
    }
}

/// The outcome of an ending node.
#[derive(Clone, Debug, PartialEq)]
pub struct Ending {
    /// The outcome's label (`outcome:`).
    pub outcome: String,
    /// The score (`score:`), a whole number.
    pub score: Option<u32>,
    /// Whether reaching this ending counts as success (`success:`).
    pub success: Option<bool>,
    /// The `outcome:` line.
    pub span: Range<usize>,
}

/// How the author marked a choice; it becomes the interaction's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// `- [x]`: a good choice (result `correct`).
    Right,
    /// `- [ ]`: a poor choice (result `wrong` / `incorrect`).
    Wrong,
    /// No box: neither (result `neutral`).
    Neutral,
}

/// One choice of a node.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// The choice's text (inline Markdown).
    pub text: String,
    /// The id of the node it leads to, as written after `=>`.
    pub target: String,
    /// The span of the target id.
    pub target_span: Range<usize>,
    /// The author's marking.
    pub mark: Mark,
    /// The consequence shown once the learner has chosen (inline Markdown).
    pub feedback: Option<String>,
    /// The choice's first line.
    pub span: Range<usize>,
}

impl Scenario {
    /// Index of the node with `id`.
    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// Index of the start node: the one `start:` names, else the first.
    /// `None` when `start:` names no node (reported by the checks) or there are no nodes.
    pub fn start_index(&self) -> Option<usize> {
        match &self.start {
            Some((id, _)) => self.node_index(id),
            None => (!self.nodes.is_empty()).then_some(0),
        }
    }

    /// For each node, the node index each choice leads to (`None` for a target that does not exist).
    pub fn edges(&self) -> Vec<Vec<Option<usize>>> {
        self.nodes.iter().map(|n| n.choices.iter().map(|c| self.node_index(&c.target)).collect()).collect()
    }

    /// True when at least one ending has a score: the scenario is scored, out of [`Scenario::max_score`].
    pub fn is_scored(&self) -> bool {
        self.nodes.iter().any(|n| n.ending.as_ref().is_some_and(|e| e.score.is_some()))
    }

    /// The highest score of any ending (0 when unscored).
    pub fn max_score(&self) -> u32 {
        self.nodes.iter().filter_map(|n| n.ending.as_ref()?.score).max().unwrap_or(0)
    }

    /// The endings' indices, in the order written.
    pub fn endings(&self) -> impl Iterator<Item = usize> + '_ {
        self.nodes.iter().enumerate().filter(|(_, n)| n.is_ending()).map(|(i, _)| i)
    }
}
