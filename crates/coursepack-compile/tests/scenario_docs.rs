//! The complete example of docs/scenarios.md builds with no diagnostic, and
//! the map shown there (docs/scenario-map.svg) is what `coursepack scenario
//! map` draws for it today. Run with `COURSEPACK_BLESS=1` to redraw the map
//! after a deliberate change to the layout, then look at it.

use coursepack_diagnostics::{ColorChoice, SourceFile, render_human};
use std::path::Path;

/// `(path, text)` of every fenced block whose info string is `markdown <path>`.
fn example_files(doc: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut open: Option<(String, String, String)> = None; // (fence, path, text)
    for line in doc.split_inclusive('\n') {
        let trimmed = line.trim_end();
        match &mut open {
            None => {
                let fence: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
                if fence.len() >= 3
                    && let Some(path) = trimmed[fence.len()..].strip_prefix("markdown ")
                {
                    open = Some((fence, path.trim().to_string(), String::new()));
                }
            }
            Some((fence, _, text)) => {
                if trimmed == fence.as_str() {
                    let (_, path, text) = open.take().unwrap();
                    out.push((path, text));
                } else {
                    text.push_str(line);
                }
            }
        }
    }
    out
}

fn docs() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs")
}

#[test]
fn the_complete_example_builds_cleanly_and_its_map_is_current() {
    let doc = std::fs::read_to_string(docs().join("scenarios.md")).unwrap();
    let files = example_files(&doc);
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(names, ["06-case-study.md", "scenarios/returned-laptop.md"]);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("docs-example");
    std::fs::create_dir_all(root.join("scenarios")).unwrap();
    std::fs::create_dir_all(root.join("media")).unwrap();
    std::fs::write(
        root.join("module.toml"),
        "id = \"docs-example\"\ntitle = \"Example\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"The scenario guide's example.\"\npages = [\"06-case-study.md\"]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("media/laptop.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"/>",
    )
    .unwrap();
    for (path, text) in &files {
        std::fs::write(root.join(path), text).unwrap();
    }
    let (module, mut diagnostics) = coursepack_source::load_module(&root).unwrap();
    let module = module.expect("the example's module.toml");
    let (compiled, more) = coursepack_compile::compile_module(&module);
    diagnostics.extend(more);
    let mut shown: Vec<SourceFile> = module.pages.iter().map(|p| p.file.clone()).collect();
    shown.push(SourceFile::new("scenario", files[1].1.clone()));
    assert!(diagnostics.is_empty(), "{}", render_human(&diagnostics, &shown, ColorChoice::Never));
    assert_eq!(compiled.scenarios.len(), 1);
    let scenario = &compiled.scenarios[0];
    assert_eq!(scenario.id, "returned-laptop");
    assert_eq!(scenario.data_value()["nodes"].as_array().unwrap().len(), 7);
    assert!(
        compiled.pages[0].html.contains(
            "<h2 class=\"cp-scenario-title\" id=\"cp-scenario-returned-laptop-title\">The returned laptop</h2>"
        )
    );
    assert!(compiled.assets.iter().any(|a| a.package_path == "media/laptop.svg"), "the node's image is packaged");

    let found = coursepack_compile::scenarios_at(&root.join("scenarios/returned-laptop.md")).unwrap();
    assert!(found.diagnostics.is_empty(), "{:?}", found.diagnostics);
    let svg = coursepack_scenario::map::to_svg(&found.scenarios[0]);
    let committed = docs().join("scenario-map.svg");
    if std::env::var_os("COURSEPACK_BLESS").is_some() {
        std::fs::write(&committed, &svg).unwrap();
    }
    let current = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        current == svg,
        "docs/scenario-map.svg is not the map of the example; run with COURSEPACK_BLESS=1 and look at it"
    );
}
