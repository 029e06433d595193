//! `coursepack scenario map`: the map of a scenario file, of a page's block
//! or of a module's scenario, as SVG or DOT, on stdout or in a file; the
//! problems reported and drawn; usage errors with exit code 2.

use assert_cmd::Command;
use std::path::Path;

const SCENARIO: &str = "# Lost keys\nid: keys\n\n## At the desk {#start}\n\n- [x] Hand them in => found\n- [ ] Keep them => kept\n\n## Handed in {#found}\noutcome: Returned\n\n## Kept {#kept}\noutcome: Lost for good\n";

fn module(dir: &Path) {
    std::fs::create_dir_all(dir.join("m/scenarios")).unwrap();
    std::fs::write(
        dir.join("m/module.toml"),
        "id = \"m\"\ntitle = \"M\"\nversion = \"1\"\nlanguage = \"en\"\nsummary = \"S.\"\npages = [\"01-a.md\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("m/01-a.md"),
        "# A\n\n```scenario\nfile: scenarios/keys.md\n```\n\n```scenario\nid: other\n\n## Only {#only}\noutcome: Done\n```\n",
    )
    .unwrap();
    std::fs::write(dir.join("m/scenarios/keys.md"), SCENARIO).unwrap();
}

fn map(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("coursepack")
        .unwrap()
        .current_dir(dir)
        .arg("scenario")
        .arg("map")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn maps_a_file_a_page_and_a_module() {
    let dir = tempfile::tempdir().unwrap();
    module(dir.path());
    let (code, svg, err) = map(dir.path(), &["m/scenarios/keys.md"]);
    assert_eq!(code, 0, "{err}");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains(">#found</text>") && svg.contains(">#kept</text>") && svg.contains(">#start</text>"));
    let (code, _, err) = map(dir.path(), &["m/01-a.md"]);
    assert_eq!(code, 2, "two scenarios on the page need --id");
    assert!(err.contains("keys, other") && err.contains("--id"), "{err}");
    let (code, dot, err) = map(dir.path(), &["m", "--id", "keys", "--dot"]);
    assert_eq!(code, 0, "{err}");
    assert!(dot.starts_with("digraph \"keys\" {") && dot.contains("\"start\" -> \"found\""), "{dot}");
    let (code, out, err) = map(dir.path(), &["m/01-a.md", "--id", "other", "--out", "other.svg"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "other.svg");
    assert!(std::fs::read_to_string(dir.path().join("other.svg")).unwrap().contains(">#only</text>"));
    let (code, _, err) = map(dir.path(), &["m", "--id", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("has no scenario `nope`"), "{err}");
    let (code, _, _) = map(dir.path(), &["missing.md"]);
    assert_eq!(code, 2);
}

#[test]
fn a_broken_scenario_is_still_drawn_and_its_problems_reported() {
    let dir = tempfile::tempdir().unwrap();
    let broken = SCENARIO.replace("=> kept", "=> kpet");
    std::fs::write(dir.path().join("s.md"), broken).unwrap();
    let (code, svg, err) = map(dir.path(), &["s.md"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("error[scenario/unknown-node]") && err.contains("s.md:7:") && err.contains("did you mean `kept`?"),
        "{err}"
    );
    assert!(svg.contains(">⚠ missing node</text>") && svg.contains(">#kpet</text>"));
    assert!(svg.contains(">⚠ no path reaches this node</text>"), "kept is now unreachable");
    // Nothing usable: no map, exit 1.
    std::fs::write(dir.path().join("empty.md"), "id: x\n\nNo nodes at all.\n").unwrap();
    let (code, svg, err) = map(dir.path(), &["empty.md"]);
    assert_eq!(code, 1);
    assert!(svg.is_empty() && err.contains("scenario/no-nodes"), "{err}");
}
