//! Links to headings: `#fragment` and `page.md#fragment` must name a heading
//! that exists, are matched like heading anchors, and become in-package
//! anchors the player can show.

use coursepack_compile::{CompiledModule, compile_module};
use coursepack_diagnostics::Diagnostic;
use coursepack_source::load_module;
use std::path::Path;

const MANIFEST: &str = r#"id = "links"
title = "Links"
version = "1.0.0"
language = "en-GB"
summary = "Links between headings."
pages = ["01-start.md", "02-more.md"]
"#;

/// Write a two-page module and compile it.
fn compile(start: &str, more: &str) -> (CompiledModule, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("module.toml", MANIFEST);
    write("01-start.md", start);
    write("02-more.md", more);
    let (parsed, mut diagnostics) = load_module(Path::new(dir.path())).unwrap();
    let (module, more) = compile_module(&parsed.expect("module.toml parses"));
    diagnostics.extend(more);
    (module, diagnostics)
}

const MORE: &str = "# More\n\n## UK GDPR & you\n\nText.\n\n## Before you start\n\nText.\n";

#[test]
fn links_to_existing_headings_become_page_anchors() {
    let start = "# Start\n\n## Why it matters\n\nSee [below](#why-it-matters), [the law](02-more.md#uk-gdpr--you) \
                 and [the start](02-more.md#Before-You-Start).\n";
    let (module, diagnostics) = compile(start, MORE);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let html = &module.pages[0].html;
    assert!(html.contains(r##"href="#page-start--why-it-matters""##), "{html}");
    // GitHub-style double hyphen and capitals reach the same heading.
    assert!(html.contains(r##"href="#page-more--uk-gdpr-you""##), "{html}");
    assert!(html.contains(r##"href="#page-more--before-you-start""##), "{html}");
    assert!(module.pages[1].html.contains(r#"id="page-more--uk-gdpr-you""#));
}

#[test]
fn a_missing_heading_is_located_with_the_nearest_one_suggested() {
    let start = "# Start\n\nRead [the law](02-more.md#uk-gdpr-and-you).\n\nAnd [this](#nowhere).\n";
    let (_, diagnostics) = compile(start, MORE);
    let broken: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.code == "page/broken-fragment").collect();
    assert_eq!(broken.len(), 2, "{diagnostics:#?}");
    let first = broken[0].location.as_ref().unwrap();
    assert_eq!((first.file.ends_with("01-start.md"), first.line, first.column), (true, 3, 6));
    assert_eq!(broken[0].message, "`#uk-gdpr-and-you` names no heading of page `more`");
    assert_eq!(broken[0].hint.as_deref(), Some("did you mean `#uk-gdpr-you`?"));
    assert_eq!(broken[1].location.as_ref().unwrap().line, 5);
    assert!(broken[1].hint.as_deref().unwrap().contains("page `start` has no heading"), "{:?}", broken[1].hint);
}

#[test]
fn repeated_headings_are_reachable_by_their_numbered_anchor() {
    let more = "# More\n\n## Notes\n\nA.\n\n## Notes\n\nB.\n";
    let (_, diagnostics) = compile("# Start\n\nSee [the second notes](02-more.md#notes-2).\n", more);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let (_, diagnostics) = compile("# Start\n\nSee [the third notes](02-more.md#notes-3).\n", more);
    assert_eq!(diagnostics.iter().filter(|d| d.code == "page/broken-fragment").count(), 1);
}
