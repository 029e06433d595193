//! Regression tests: each guards a bug found (and fixed) while the CLI tests
//! were written, through the command line, and says what the bug was.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn coursepack(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("coursepack").unwrap();
    cmd.current_dir(dir).env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    cmd
}

fn module(root: &Path, name: &str, pages: &[(&str, &str)]) {
    let dir = root.join(name);
    std::fs::create_dir_all(dir.join("media")).unwrap();
    let list: Vec<String> = pages.iter().map(|(p, _)| format!("\"{p}\"")).collect();
    let toml = format!(
        "id = \"{name}\"\ntitle = \"T\"\nversion = \"1.0.0\"\nlanguage = \"en\"\nsummary = \"S.\"\npages = [{}]\n",
        list.join(", ")
    );
    std::fs::write(dir.join("module.toml"), toml).unwrap();
    for (path, text) in pages {
        std::fs::write(dir.join(path), text).unwrap();
    }
}

fn check_json(root: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let output = coursepack(root).arg("check").args(args).args(["--format", "json"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let report = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (output.status.code(), report)
}

fn codes(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .map(|a| a.iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default()
}

/// Build `name` and return `index.html` from its zip.
fn built_index(root: &Path, name: &str) -> String {
    let output = coursepack(root).args(["build", name, "--out", "out"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let zip = root.join(String::from_utf8(output.stdout).unwrap().trim());
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut html = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("index.html").unwrap(), &mut html).unwrap();
    html
}

/// A `%` followed by one ASCII character and a multi-byte character in a media
/// path once made `percent_decode` (coursepack-compile `media.rs`) slice inside a
/// character: `check` panicked with exit code 101.
#[test]
fn percent_followed_by_non_ascii_does_not_crash() {
    let root = tempfile::tempdir().unwrap();
    module(root.path(), "m", &[("01-a.md", "# A\n\n![A photo](media/%aé.png)\n")]);
    let (status, report) = check_json(root.path(), &["m"]);
    assert_eq!(status, Some(1), "expected a reported problem, not a crash");
    assert!(codes(&report).contains(&"page/missing-file".to_string()), "{report}");
}

/// Derived reflection ids (`<page>-reflection-<n>`, coursepack-compile
/// `reflection.rs`) were not checked against ids already used: an explicit
/// `id: a-reflection-2` followed by a block without an id gave two reflections
/// one id, and the learners' saved answers collided.
#[test]
fn derived_reflection_ids_never_duplicate_explicit_ones() {
    let root = tempfile::tempdir().unwrap();
    module(
        root.path(),
        "m",
        &[("01-a.md", "# A\n\n```reflection\nid: a-reflection-2\nFirst?\n```\n\n```reflection\nSecond?\n```\n")],
    );
    let (status, report) = check_json(root.path(), &["m"]);
    if status == Some(1) {
        assert!(codes(&report).contains(&"reflection/duplicate-id".to_string()), "{report}");
        return;
    }
    let html = built_index(root.path(), "m");
    let mut ids: Vec<&str> = html
        .match_indices("<textarea id=\"")
        .map(|(i, m)| &html[i + m.len()..])
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(ids.len(), 2);
    ids.dedup();
    assert_eq!(ids.len(), 2, "two reflections share the id {ids:?}");
}

/// An HTML comment before the `# Title` counted as content (so
/// `page/missing-title` was an error) and was reported as `page/html-removed`,
/// although comments are harmless.
#[test]
fn a_leading_html_comment_is_not_a_problem() {
    let root = tempfile::tempdir().unwrap();
    module(root.path(), "m", &[("01-a.md", "<!-- draft: check with the archivist -->\n\n# A\n\nText.\n")]);
    let (status, report) = check_json(root.path(), &["m", "--deny-warnings"]);
    assert_eq!(status, Some(0), "{report}");
}

/// `coursepack new` wrote `--title` into a TOML basic string escaping only `"`:
/// a backslash gave invalid TOML (`\q`) or a different title (`\t`, a tab).
#[test]
fn new_escapes_backslashes_in_titles() {
    let root = tempfile::tempdir().unwrap();
    coursepack(root.path()).args(["new", "m", "--title", "Notes\\q and C:\\temp"]).assert().code(0);
    let (status, report) = check_json(root.path(), &["m", "--deny-warnings"]);
    assert_eq!(status, Some(0), "{report}");
    assert!(built_index(root.path(), "m").contains("Notes\\q and C:\\temp"));
}

/// `coursepack new` accepted `--id` and `--language` values that its own
/// checks reject, and so created a module that did not pass `check`.
#[test]
fn new_never_scaffolds_a_module_that_fails_its_checks() {
    let root = tempfile::tempdir().unwrap();
    for (name, args) in [("a", &["--language", "english"][..]), ("b", &["--id", "Bad Id"][..])] {
        let status = coursepack(root.path()).args(["new", name]).args(args).output().unwrap().status.code();
        if status == Some(0) {
            coursepack(root.path()).args(["check", name]).assert().code(0);
        } else {
            assert_eq!(status, Some(2));
            assert!(!root.path().join(name).exists(), "a refused `new` must not leave a folder");
        }
    }
}

/// `module/duplicate-id` was located at the first `id` substring of
/// module.toml (inside the word "guide" of `new`'s comment on line 1), not the
/// `id = ...` key. It now points at this module's `id` key, with a hint that
/// points at the other module's (in JSON and in the human report).
#[test]
fn duplicate_module_id_points_at_the_id_key() {
    let root = tempfile::tempdir().unwrap();
    coursepack(root.path()).args(["new", "one"]).assert().code(0);
    coursepack(root.path()).args(["new", "two"]).assert().code(0);
    let manifest = root.path().join("two/module.toml");
    let text = std::fs::read_to_string(&manifest).unwrap().replace("id = \"two\"", "id = \"one\"");
    std::fs::write(&manifest, &text).unwrap();
    let id_line = text.lines().position(|l| l.starts_with("id = ")).unwrap() + 1;
    let (status, report) = check_json(root.path(), &["one", "two"]);
    assert_eq!(status, Some(1));
    let d =
        report["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "module/duplicate-id").unwrap().clone();
    assert_eq!(d["location"]["file"], "two/module.toml");
    assert_eq!(d["location"]["line"].as_u64(), Some(id_line as u64), "{d}");
    let first_id_line = std::fs::read_to_string(root.path().join("one/module.toml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("id = "))
        .unwrap()
        + 1;
    assert_eq!(d["hints"][0]["location"]["file"], "one/module.toml", "{d}");
    assert_eq!(d["hints"][0]["location"]["line"].as_u64(), Some(first_id_line as u64), "{d}");
    assert_eq!(d["hints"][0]["message"], "the first module with this id");
    // The human report shows both files' `id` lines.
    let human = coursepack(root.path()).args(["check", "one", "two"]).output().unwrap();
    let stderr = String::from_utf8(human.stderr).unwrap();
    assert!(stderr.contains(&format!("two/module.toml:{id_line}:")), "{stderr}");
    assert!(stderr.contains(&format!("one/module.toml:{first_id_line}:")), "{stderr}");
    assert!(stderr.contains("the first module with this id"), "{stderr}");
}

/// Page ids come from file names, and the page template gives each page's
/// `<h1>` the id `page-<id>-title` and each page `<section>` the id
/// `page-<id>`: pages `01-a.md` and `02-a-title.md` both produced
/// `id="page-a-title"`, so index.html had duplicate ids and a link to the
/// second page landed on the first page's title.
#[test]
fn index_html_has_unique_element_ids() {
    let root = tempfile::tempdir().unwrap();
    module(
        root.path(),
        "m",
        &[("01-a.md", "# A\n\nSee [the other page](02-a-title.md).\n"), ("02-a-title.md", "# B\n\nText.\n")],
    );
    let html = built_index(root.path(), "m");
    let mut ids: Vec<&str> =
        html.match_indices(" id=\"").map(|(i, m)| &html[i + m.len()..]).map(|s| &s[..s.find('"').unwrap()]).collect();
    ids.sort();
    let total = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), total, "duplicate element ids in index.html");
}

/// A missing `summary` was reported twice, as `toml/missing-key` and as
/// `module/empty-summary` at 1:1.
#[test]
fn a_missing_summary_is_reported_once() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("m")).unwrap();
    std::fs::write(
        root.path().join("m/module.toml"),
        "id = \"m\"\ntitle = \"T\"\nversion = \"1\"\nlanguage = \"en\"\npages = [\"01-a.md\"]\n",
    )
    .unwrap();
    std::fs::write(root.path().join("m/01-a.md"), "# A\n").unwrap();
    let (_, report) = check_json(root.path(), &["m"]);
    assert_eq!(codes(&report), ["toml/missing-key"], "{report}");
}
