//! Every example of docs/authoring.md marked ```` ````markdown example ````
//! (the blocks and knowledge checks) is a page that checks clean and builds
//! for every target: each example becomes one page of a module, which
//! `coursepack check --deny-warnings` must pass with no diagnostic at all and
//! `coursepack build --target all` must package. Every kind of block has an
//! example.

use assert_cmd::Command;
use coursepack_compile::blocks::BlockKind;
use std::path::Path;

/// The examples: the text of every ````` ````markdown example ````` fence of the guide.
fn examples() -> Vec<String> {
    let guide = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/authoring.md")).unwrap();
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in guide.lines() {
        match &mut current {
            None if line.trim_end() == "````markdown example" => current = Some(String::new()),
            Some(text) if line.trim_end() == "````" => {
                out.push(std::mem::take(text));
                current = None;
            }
            Some(text) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    assert!(current.is_none(), "an example fence of docs/authoring.md is not closed");
    out
}

#[test]
fn every_block_example_in_the_authoring_guide_checks_clean_and_builds() {
    let examples = examples();
    assert!(examples.len() >= 5, "found only {} examples; are they still marked `markdown example`?", examples.len());
    for kind in BlockKind::ALL {
        assert!(
            examples.iter().any(|e| e.starts_with(&format!("```{}\n", kind.name()))),
            "docs/authoring.md has no example of the `{}` block",
            kind.name()
        );
    }
    assert!(examples.iter().any(|e| e.starts_with("```check\n")), "no knowledge check example");
    assert!(examples.iter().any(|e| e.starts_with("```sorting\n")), "no sorting activity example");

    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("examples");
    std::fs::create_dir_all(&module).unwrap();
    let pages: Vec<String> = (1..=examples.len()).map(|n| format!("example-{n:02}.md")).collect();
    for (page, example) in pages.iter().zip(&examples) {
        std::fs::write(module.join(page), format!("# Example {page}\n\n{example}")).unwrap();
        // The images the examples name (`image: media/x.svg`): any small SVG will do.
        for line in example.lines() {
            if let Some(path) = line.strip_prefix("image: ") {
                let path = module.join(path.trim());
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 40\"><rect width=\"64\" height=\"40\"/></svg>\n").unwrap();
            }
        }
    }
    let list: Vec<String> = pages.iter().map(|p| format!("\"{p}\"")).collect();
    std::fs::write(
        module.join("module.toml"),
        format!(
            "id = \"examples\"\ntitle = \"Examples\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"The authoring guide's examples.\"\npages = [{}]\n",
            list.join(", ")
        ),
    )
    .unwrap();

    let check = Command::cargo_bin("coursepack")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "examples", "--deny-warnings", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["diagnostics"], serde_json::json!([]), "the guide's examples have problems: {report:#}");
    assert!(check.status.success());

    let build = Command::cargo_bin("coursepack")
        .unwrap()
        .current_dir(dir.path())
        .args(["build", "examples", "--target", "all", "--out", "dist"])
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let written = String::from_utf8(build.stdout).unwrap();
    assert_eq!(written.lines().count(), 5, "{written}");
}
