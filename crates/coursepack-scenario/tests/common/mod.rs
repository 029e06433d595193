//! Parse a scenario written as a file of its own, for the tests.

#![allow(dead_code)]

use coursepack_diagnostics::{Diagnostic, SourceFile};
use coursepack_scenario::{Scenario, ScenarioSource, check_graph, parse_scenario};

/// The parsed scenario (if usable) and the parse and graph diagnostics.
pub fn parse(text: &str) -> (Option<Scenario>, Vec<Diagnostic>, SourceFile) {
    let file = SourceFile::new("s.md", text);
    let src = ScenarioSource { file: &file, body: text, body_offset: 0, default_id: "s" };
    let (scenario, mut d) = parse_scenario(&src);
    if let Some(s) = &scenario {
        d.extend(check_graph(s, &file));
    }
    (scenario, d, file)
}

/// `(code, line)` of every diagnostic.
pub fn codes(text: &str) -> Vec<(String, usize)> {
    let (_, d, _) = parse(text);
    d.iter().map(|d| (d.code.clone(), d.location.as_ref().map_or(0, |l| l.line))).collect()
}

/// A small valid scenario: start -> (a | b), a -> end-good, b -> start or end-bad.
pub const VALID: &str = "\
# The returned laptop
id: laptop
back: no

You work on the library's front desk.

## Monday, 9 am {#start}
reflect: What would you check first?

A member hands back a loan laptop.

![decorative](media/laptop.svg)

- [x] Check it was wiped => a
  feedback: Good: it still had someone's files on it.
- [ ] Put it straight back on the shelf => b
  feedback: The next borrower could see the last one's files.

## Checking the laptop {#a}

- Continue => end-good

## Back on the shelf {#b}

- Ask a colleague => start
  feedback: She suggests you check it first.
- Leave it => end-bad

## Wiped and ready {#end-good}
outcome: Safe to lend
score: 2
success: yes

You protected the last borrower's data.

## A complaint {#end-bad}
outcome: Data exposed
score: 0
success: no

The next borrower found the last one's photos.
";
