//! Branching scenarios for coursepack: case studies that learners play.
//!
//! A scenario is plain text (a ```` ```scenario ```` block in a page, or a
//! file of its own): nodes with Markdown content, choices that lead to other
//! nodes with consequence feedback, and endings with an outcome. The
//! pipeline for one scenario:
//!
//! 1. [`parse_scenario`] reads the text into a [`Scenario`], with every
//!    problem located at its line ([`file_reference`] first tells whether a
//!    page's block points to a file instead);
//! 2. [`check_graph`] checks the graph: missing nodes, duplicate ids, dead
//!    ends, closed loops, unreachable nodes, no ending;
//! 3. [`map`] draws the graph for authors, as SVG or DOT;
//! 4. [`longest_path`] and [`state`] bound the learner's saved state, so the
//!    build can prove it fits each target;
//! 5. [`standards`] gives each decision's interaction under SCORM 1.2, SCORM
//!    2004 and xAPI, and [`player`] the data the player (`assets/scenario.js`)
//!    runs on.
//!
//! The node content is Markdown compiled by `coursepack-compile` like a page,
//! so its media and links are checked the same way.

mod graph;
pub mod map;
mod model;
pub mod player;
pub mod standards;
pub mod state;
mod syntax;

pub use graph::{LONGEST_PATH_BUDGET, check_graph, longest_path, reachable};
pub use model::{Choice, Ending, Mark, Node, Scenario};
pub use syntax::{
    CHOICE_KEYS, HEADER_KEYS, MAX_CHOICES, MAX_ID_CHARS, MAX_SCORE, NODE_KEYS, ScenarioSource, file_reference,
    is_valid_id, parse_scenario, slug,
};
