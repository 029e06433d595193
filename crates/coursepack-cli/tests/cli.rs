//! End-to-end tests of the `coursepack` binary: every command and exit code
//! (0 success, 1 problems in the input, 2 usage or I/O errors), the JSON
//! report, and the packages `build` writes (reproducible, sorted, only what
//! the module uses, source untouched).

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use zip::CompressionMethod;

/// The binary, with a clean environment for reproducibility and plain output.
fn coursepack(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("coursepack").unwrap();
    cmd.current_dir(dir).env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    cmd
}

/// `coursepack new <name>` in `root`; returns the module folder.
fn new_module(root: &Path, name: &str) -> PathBuf {
    coursepack(root).args(["new", name]).assert().code(0);
    root.join(name)
}

/// A module made by `new`, plus a photo the last page uses, a stray
/// `notes.txt` and an unreferenced `media/unused.png`.
fn module_with_strays(root: &Path) -> PathBuf {
    let module = new_module(root, "demo");
    let summary = module.join("03-summary.md");
    let mut text = std::fs::read_to_string(&summary).unwrap();
    text.push_str("\n![A photo of the reading room with people at long tables](media/photo.png)\n");
    std::fs::write(&summary, text).unwrap();
    std::fs::write(module.join("media/photo.png"), fake_png(b"used")).unwrap();
    std::fs::write(module.join("media/unused.png"), fake_png(b"unused")).unwrap();
    std::fs::write(module.join("notes.txt"), "private notes, not for learners\n").unwrap();
    module
}

fn fake_png(tag: &[u8]) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(tag);
    bytes.extend(std::iter::repeat_n(7u8, 200));
    bytes
}

/// A module in `root/<name>` from a manifest and pages.
fn write_module(root: &Path, name: &str, extra_toml: &str, pages: &[(&str, &str)]) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(dir.join("media")).unwrap();
    let list: Vec<String> = pages.iter().map(|(p, _)| format!("\"{p}\"")).collect();
    let toml = format!(
        "id = \"{name}\"\ntitle = \"Module {name}\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"A test module.\"\npages = [{}]\n{extra_toml}",
        list.join(", ")
    );
    std::fs::write(dir.join("module.toml"), toml).unwrap();
    for (path, text) in pages {
        std::fs::write(dir.join(path), text).unwrap();
    }
    dir
}

/// Every file under `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else {
            files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&path).unwrap());
        }
    }
    files
}

fn is_empty_or_absent(dir: &Path) -> bool {
    !dir.exists() || std::fs::read_dir(dir).unwrap().next().is_none()
}

/// Build `module` into `root/<out>` and return the single zip's path.
fn build_one(root: &Path, module: &Path, out: &str, epoch: Option<&str>) -> PathBuf {
    let mut cmd = coursepack(root);
    cmd.arg("build").arg(module).args(["--out", out]);
    if let Some(epoch) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", epoch);
    }
    let output = cmd.output().unwrap();
    assert_eq!(output.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "exactly one zip path expected on stdout: {stdout:?}");
    let path = root.join(lines[0]);
    assert!(path.is_file(), "{} does not exist", path.display());
    path
}

fn check_json(root: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let output = coursepack(root).arg("check").args(args).args(["--format", "json"]).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"));
    (output.status.code(), json)
}

fn codes(report: &Value) -> Vec<String> {
    let mut codes: Vec<String> =
        report["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect();
    codes.sort();
    codes
}

struct Entry {
    name: String,
    method: CompressionMethod,
    mode: Option<u32>,
    time: (u16, u8, u8, u8, u8, u8),
}

fn zip_entries(path: &Path) -> Vec<Entry> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let entry = archive.by_index(i).unwrap();
            let t = entry.last_modified().expect("every entry has a time");
            Entry {
                name: entry.name().unwrap().to_string(),
                method: entry.compression(),
                mode: entry.unix_mode().map(|m| m & 0o777),
                time: (t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second()),
            }
        })
        .collect()
}

// ---------------------------------------------------------------- help, usage

/// The commands `coursepack --help` lists (without `help`), and the
/// subcommands of those that have some (`scenario map`), each as its words.
fn subcommands(dir: &Path) -> Vec<String> {
    let listed = |prefix: &str| -> Vec<String> {
        let mut args: Vec<&str> = prefix.split_whitespace().collect();
        args.push("--help");
        let out = coursepack(dir).args(&args).output().unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        let Some(section) = help.split("Commands:").nth(1) else { return Vec::new() };
        let section = section.split("\n\n").next().unwrap();
        section
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter(|n| *n != "help")
            .map(|n| format!("{prefix} {n}").trim().to_string())
            .collect()
    };
    let mut all = Vec::new();
    for command in listed("") {
        let nested = listed(&command);
        all.push(command);
        all.extend(nested);
    }
    all
}

/// Every command, as `--help` lists them (so a new one cannot be missed),
/// shows examples that use it, and a usage section.
#[test]
fn help_of_every_command_shows_examples() {
    let dir = tempfile::tempdir().unwrap();
    let commands = subcommands(dir.path());
    for expected in ["new", "check", "build", "validate", "import", "export", "completions"] {
        assert!(commands.iter().any(|c| c == expected), "{expected} is not listed: {commands:?}");
    }
    coursepack(dir.path()).arg("--help").assert().code(0).stdout(predicate::str::contains("Examples:\n  coursepack "));
    for command in &commands {
        let out = coursepack(dir.path()).args(command.split(' ')).arg("--help").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{command} --help");
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.contains(&format!("Usage: coursepack {command}")), "{command}: {help}");
        let examples = help.split("Examples:").nth(1).unwrap_or_else(|| panic!("{command} --help has no examples"));
        assert!(
            examples.lines().any(|l| l.trim_start().starts_with(&format!("coursepack {command} "))),
            "{command}: no example uses the command:\n{examples}"
        );
    }
}

#[test]
fn version_and_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    coursepack(dir.path()).arg("--version").assert().code(0).stdout(predicate::str::contains("coursepack"));
    coursepack(dir.path()).assert().code(2);
    coursepack(dir.path()).arg("frobnicate").assert().code(2);
    coursepack(dir.path()).arg("check").assert().code(2);
    coursepack(dir.path()).arg("build").assert().code(2);
    coursepack(dir.path()).args(["check", ".", "--format", "xml"]).assert().code(2);
}

#[test]
fn completions_are_printed_for_shells() {
    let dir = tempfile::tempdir().unwrap();
    coursepack(dir.path())
        .args(["completions", "bash"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("coursepack"))
        .stdout(predicate::str::contains("complete"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        coursepack(dir.path())
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("coursepack"));
    }
    coursepack(dir.path()).args(["completions", "tcsh"]).assert().code(2);
}

// ------------------------------------------------------------------------ new

#[test]
fn new_module_passes_its_own_checks_and_builds() {
    let root = tempfile::tempdir().unwrap();
    let module = new_module(root.path(), "data-basics");
    let manifest = std::fs::read_to_string(module.join("module.toml")).unwrap();
    assert!(manifest.contains("id = \"data-basics\""), "{manifest}");
    coursepack(root.path()).args(["check", "data-basics", "--deny-warnings"]).assert().code(0);
    let (status, report) = check_json(root.path(), &["data-basics", "--deny-warnings"]);
    assert_eq!(status, Some(0));
    assert_eq!((report["errors"].as_u64(), report["warnings"].as_u64()), (Some(0), Some(0)), "{report:#}");
    let zip = build_one(root.path(), Path::new("data-basics"), "out", None);
    assert_eq!(zip.file_name().unwrap(), "data-basics-0.1.0-web.zip");
    let entries = zip_entries(&zip);
    assert!(entries.iter().any(|e| e.name == "index.html"));
    assert!(!entries.iter().any(|e| e.name.contains("gitignore")), "the .gitignore is not content");
}

/// Two publishers who start from `coursepack new` with the same module id get
/// different xAPI/cmi5 activity ids: `new` writes an `activity_base_iri` of
/// its own (`urn:coursepack:<random UUID>:`), which the packages use.
#[test]
fn new_modules_get_activity_ids_of_their_own() {
    let root = tempfile::tempdir().unwrap();
    let mut bases = Vec::new();
    for folder in ["one", "two"] {
        std::fs::create_dir(root.path().join(folder)).unwrap();
        coursepack(&root.path().join(folder)).args(["new", "intro"]).assert().code(0);
        let manifest = std::fs::read_to_string(root.path().join(folder).join("intro/module.toml")).unwrap();
        let base = manifest
            .lines()
            .find_map(|l| l.strip_prefix("activity_base_iri = \""))
            .and_then(|rest| rest.strip_suffix('"'))
            .unwrap_or_else(|| panic!("no activity_base_iri in {manifest}"))
            .to_string();
        let uuid = base.strip_prefix("urn:coursepack:").and_then(|u| u.strip_suffix(':')).unwrap_or_default();
        assert_eq!(uuid.len(), 36, "{base}");
        assert!(uuid.chars().all(|c| c.is_ascii_hexdigit() || c == '-'), "{base}");
        let out = format!("{folder}/out");
        let output = coursepack(root.path())
            .args(["build", &format!("{folder}/intro"), "--target", "xapi", "--out", &out, "--deny-warnings"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        let zip = root.path().join(String::from_utf8(output.stdout).unwrap().trim());
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
        let mut tincan = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("tincan.xml").unwrap(), &mut tincan).unwrap();
        assert!(tincan.contains(&format!("id=\"{base}module/intro\"")), "{tincan}");
        bases.push(base);
    }
    assert_ne!(bases[0], bases[1], "each new module has a base of its own");
}

/// Whether git ignores `path` (relative to `repo`) by the `.gitignore` files there.
fn git_ignores(repo: &Path, path: &str) -> bool {
    let status = std::process::Command::new("git")
        .args(["check-ignore", "--no-index", "-q", path])
        .current_dir(repo)
        .status()
        .expect("git is installed");
    assert!(matches!(status.code(), Some(0 | 1)), "git check-ignore failed: {status}");
    status.success()
}

/// `coursepack new` writes a `.gitignore` that keeps the module's own builds
/// (`coursepack build .` inside it writes `dist/`) out of git, and nothing else.
#[test]
fn new_module_ignores_its_dist_folder_in_git() {
    let root = tempfile::tempdir().unwrap();
    let init = std::process::Command::new("git").args(["init", "-q"]).current_dir(root.path()).status().unwrap();
    assert!(init.success());
    let module = new_module(root.path(), "data-basics");
    assert!(std::fs::read_to_string(module.join(".gitignore")).unwrap().lines().any(|l| l == "/dist/"));
    coursepack(&module).args(["build", "."]).assert().code(0).stdout("dist/data-basics-0.1.0-web.zip\n");
    assert!(git_ignores(root.path(), "data-basics/dist/data-basics-0.1.0-web.zip"));
    for kept in ["data-basics/module.toml", "data-basics/01-welcome.md", "data-basics/media/pipeline.svg"] {
        assert!(!git_ignores(root.path(), kept), "{kept} must stay in git");
    }
}

/// The README's first command writes `dist/` at the repository root: git ignores it.
#[test]
fn the_repository_ignores_the_dist_folder_of_the_readme_build() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    assert!(git_ignores(&repo, "dist/data-stewardship-1.0.0-web.zip"));
    assert!(!git_ignores(&repo, "modules-src/digital-leadership-for-libraries/course.toml"));
}

#[test]
fn new_with_options_and_into_an_empty_folder() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("empty")).unwrap();
    coursepack(root.path())
        .args(["new", "empty", "--id", "welsh-intro", "--language", "cy", "--title", "Cyflwyniad \"cyntaf\""])
        .assert()
        .code(0);
    let manifest = std::fs::read_to_string(root.path().join("empty/module.toml")).unwrap();
    assert!(manifest.contains("id = \"welsh-intro\"") && manifest.contains("language = \"cy\""), "{manifest}");
    // A Welsh module starts with Welsh text, not English.
    assert!(manifest.contains("summary = \"Modiwl byr wedi'i wneud gyda coursepack.\""), "{manifest}");
    let welcome = std::fs::read_to_string(root.path().join("empty/01-welcome.md")).unwrap();
    assert!(welcome.starts_with("# Croeso i Cyflwyniad \"cyntaf\"\n"), "{welcome}");
    for page in ["01-welcome.md", "02-try-it.md", "03-summary.md"] {
        let text = std::fs::read_to_string(root.path().join("empty").join(page)).unwrap();
        assert!(
            !text.contains("This module") && !text.contains("Summary") && !text.contains("Try it"),
            "{page} is English: {text}"
        );
    }
    let picture = std::fs::read_to_string(root.path().join("empty/media/pipeline.svg")).unwrap();
    assert!(picture.contains("Tudalennau Markdown"), "{picture}");
    coursepack(root.path()).args(["check", "empty", "--deny-warnings"]).assert().code(0);
    let zip = build_one(root.path(), Path::new("empty"), "out", None);
    assert!(zip_entries(&zip).iter().any(|e| e.name == "index.html"));
}

#[test]
fn new_refuses_a_non_empty_folder() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("taken");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("keep.txt"), "mine").unwrap();
    coursepack(root.path()).args(["new", "taken"]).assert().code(2).stderr(predicate::str::contains("not empty"));
    assert_eq!(tree(&dir).len(), 1, "new must not write into a non-empty folder");
    assert_eq!(std::fs::read_to_string(dir.join("keep.txt")).unwrap(), "mine");
}

// ---------------------------------------------------------------------- check

#[test]
fn check_reports_every_problem_as_json_with_exit_code_1() {
    let root = tempfile::tempdir().unwrap();
    write_module(
        root.path(),
        "bad",
        "titel = \"x\"\n",
        &[
            ("01-a.md", "# A\n\n![](media/missing-alt.png)\n\nSee [the next page](02-nowhere.md).\n"),
            ("02-b.md", "# B\n\nFor more, [click here](https://example.com).\n"),
        ],
    );
    std::fs::write(root.path().join("bad/media/missing-alt.png"), fake_png(b"x")).unwrap();
    let (status, report) = check_json(root.path(), &["bad"]);
    assert_eq!(status, Some(1));
    assert_eq!(report["version"], 1);
    assert_eq!(report["errors"], 3, "{report:#}");
    assert_eq!(report["warnings"], 1, "{report:#}");
    assert_eq!(codes(&report), ["a11y/missing-alt", "a11y/vague-link-text", "page/broken-link", "toml/unknown-key"]);
    for d in report["diagnostics"].as_array().unwrap() {
        let loc = &d["location"];
        assert!(loc["file"].as_str().unwrap().starts_with("bad/"), "{d}");
        assert!(loc["line"].as_u64().unwrap() >= 1 && loc["column"].as_u64().unwrap() >= 1, "{d}");
        assert!(!d["message"].as_str().unwrap().is_empty(), "{d}");
    }
    let unknown = report["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "toml/unknown-key").unwrap();
    assert_eq!(unknown["hint"], "did you mean `title`?");
    assert_eq!(
        (unknown["location"]["file"].as_str(), unknown["location"]["line"].as_u64()),
        (Some("bad/module.toml"), Some(7))
    );
}

#[test]
fn check_human_output_is_a_located_snippet_on_stderr() {
    let root = tempfile::tempdir().unwrap();
    write_module(root.path(), "bad", "", &[("01-a.md", "# A\n\n![](media/x.png)\n")]);
    std::fs::write(root.path().join("bad/media/x.png"), fake_png(b"x")).unwrap();
    coursepack(root.path())
        .args(["check", "bad"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("error[a11y/missing-alt]"))
        .stderr(predicate::str::contains("bad/01-a.md:3:1"))
        .stderr(predicate::str::contains("1 module checked: 1 error, 0 warnings"));
}

#[test]
fn check_of_a_missing_path_or_empty_folder_is_a_usage_error() {
    let root = tempfile::tempdir().unwrap();
    coursepack(root.path())
        .args(["check", "does-not-exist"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does-not-exist"));
    std::fs::create_dir(root.path().join("empty")).unwrap();
    coursepack(root.path())
        .args(["check", "empty"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds no module"));
    // One bad path fails the run even when another is fine.
    new_module(root.path(), "good");
    coursepack(root.path()).args(["check", "good", "does-not-exist"]).assert().code(2);
}

#[test]
fn check_writes_nothing() {
    let root = tempfile::tempdir().unwrap();
    module_with_strays(root.path());
    let before = tree(root.path());
    coursepack(root.path()).args(["check", "demo"]).assert().code(0);
    coursepack(root.path()).args(["check", "demo", "--format", "json"]).assert().code(0);
    assert_eq!(tree(root.path()), before);
}

#[test]
fn deny_warnings_turns_a_warnings_only_module_into_failure() {
    let root = tempfile::tempdir().unwrap();
    write_module(root.path(), "warns", "", &[("01-a.md", "# A\n\nFor more, [click here](https://example.com).\n")]);
    let (status, report) = check_json(root.path(), &["warns"]);
    assert_eq!(status, Some(0), "warnings alone must not fail: {report:#}");
    assert_eq!((report["errors"].as_u64(), report["warnings"].as_u64()), (Some(0), Some(1)));
    let (status, _) = check_json(root.path(), &["warns", "--deny-warnings"]);
    assert_eq!(status, Some(1));
    coursepack(root.path()).args(["check", "warns", "--deny-warnings"]).assert().code(1);
    coursepack(root.path())
        .args(["build", "warns", "--out", "denied", "--deny-warnings"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    assert!(is_empty_or_absent(&root.path().join("denied")));
    build_one(root.path(), Path::new("warns"), "allowed", None);
}

// ---------------------------------------------------------------------- build

#[test]
fn build_with_errors_writes_nothing() {
    let root = tempfile::tempdir().unwrap();
    new_module(root.path(), "good");
    write_module(root.path(), "bad", "", &[("01-a.md", "# A\n\n[Run](javascript:alert(1))\n")]);
    // Both modules are named; one has errors, so neither is written.
    coursepack(root.path())
        .args(["build", "good", "bad", "--out", "out"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("page/unsafe-link"))
        .stderr(predicate::str::contains("nothing was written"));
    assert!(is_empty_or_absent(&root.path().join("out")));
    std::fs::create_dir(root.path().join("existing")).unwrap();
    coursepack(root.path())
        .args(["build", "bad", "--out", "existing", "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    assert!(is_empty_or_absent(&root.path().join("existing")));
}

#[test]
fn build_json_report_goes_to_stderr_and_zip_paths_to_stdout() {
    let root = tempfile::tempdir().unwrap();
    new_module(root.path(), "m");
    let output = coursepack(root.path()).args(["build", "m", "--out", "out", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "out/m-0.1.0-web.zip\n");
    let report: Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!((report["errors"].as_u64(), report["warnings"].as_u64()), (Some(0), Some(0)));
}

#[test]
fn unknown_targets_are_usage_errors() {
    let root = tempfile::tempdir().unwrap();
    new_module(root.path(), "m");
    for target in ["scorm", "WEB", "", "web,"] {
        coursepack(root.path())
            .args(["build", "m", "--out", "out", "--target", target])
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains("possible values: web, scorm12, scorm2004, xapi, cmi5, all"));
    }
    assert!(is_empty_or_absent(&root.path().join("out")));
    // `-t web` is the default spelled out.
    coursepack(root.path())
        .args(["build", "m", "-o", "out", "-t", "web"])
        .assert()
        .code(0)
        .stdout("out/m-0.1.0-web.zip\n");
}

#[test]
fn default_output_folder_is_dist() {
    let root = tempfile::tempdir().unwrap();
    new_module(root.path(), "m");
    coursepack(root.path()).args(["build", "m"]).assert().code(0).stdout("dist/m-0.1.0-web.zip\n");
    assert!(root.path().join("dist/m-0.1.0-web.zip").is_file());
}

#[test]
fn builds_are_reproducible_and_honour_source_date_epoch() {
    let root = tempfile::tempdir().unwrap();
    let module = module_with_strays(root.path());
    let a = std::fs::read(build_one(root.path(), &module, "a", None)).unwrap();
    let b = std::fs::read(build_one(root.path(), &module, "b", None)).unwrap();
    assert!(a == b, "two builds of the same source differ");
    let c = std::fs::read(build_one(root.path(), &module, "c", Some("1700000000"))).unwrap();
    let d = std::fs::read(build_one(root.path(), &module, "d", Some("1700000000"))).unwrap();
    assert!(c == d, "two builds with the same SOURCE_DATE_EPOCH differ");
    assert!(a != c, "SOURCE_DATE_EPOCH did not change the zip");
    // Only the timestamps differ: 1980-01-01 by default, the epoch's date otherwise.
    let default_times = zip_entries(&root.path().join("a/demo-0.1.0-web.zip"));
    let epoch_times = zip_entries(&root.path().join("c/demo-0.1.0-web.zip"));
    assert!(default_times.iter().all(|e| e.time == (1980, 1, 1, 0, 0, 0)));
    // 1700000000 is 2023-11-14T22:13:20Z.
    assert!(epoch_times.iter().all(|e| e.time == (2023, 11, 14, 22, 13, 20)));
    let names = |entries: &[Entry]| entries.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&default_times), names(&epoch_times));
}

#[test]
fn zip_entries_are_sorted_with_media_stored_and_text_deflated() {
    let root = tempfile::tempdir().unwrap();
    let module = module_with_strays(root.path());
    let zip = build_one(root.path(), &module, "out", None);
    let entries = zip_entries(&zip);
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "entries are not sorted");
    assert!(names.contains(&"index.html") && names.contains(&"media/photo.png"), "{names:?}");
    for entry in &entries {
        let expected = if std::path::Path::new(&entry.name).extension().is_some_and(|e| e.eq_ignore_ascii_case("png")) {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        assert_eq!(entry.method, expected, "{}", entry.name);
        assert_eq!(entry.mode, Some(0o644), "{}", entry.name);
        assert!(!entry.name.ends_with('/'), "directory entry {}", entry.name);
    }
    // The zip is the only thing in the output folder: no partial files left behind.
    let out: Vec<_> = std::fs::read_dir(root.path().join("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(out, ["demo-0.1.0-web.zip"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&zip).unwrap().permissions().mode() & 0o777, 0o644);
    }
}

#[test]
fn package_contains_only_what_the_module_uses() {
    let root = tempfile::tempdir().unwrap();
    let module = module_with_strays(root.path());
    let zip = build_one(root.path(), &module, "out", None);
    let names: Vec<String> = zip_entries(&zip).into_iter().map(|e| e.name).collect();
    assert!(!names.iter().any(|n| n.ends_with("notes.txt")), "{names:?}");
    assert!(!names.iter().any(|n| n.ends_with("unused.png")), "{names:?}");
    assert!(
        !names.iter().any(|n| std::path::Path::new(n).extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
            || std::path::Path::new(n).extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"))),
        "source files leaked: {names:?}"
    );
    let media: Vec<&str> = names.iter().map(String::as_str).filter(|n| n.starts_with("media/")).collect();
    assert_eq!(media, ["media/photo.png", "media/pipeline.svg"]);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut photo = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_name("media/photo.png").unwrap(), &mut photo).unwrap();
    assert_eq!(photo, fake_png(b"used"));
}

#[test]
fn build_never_touches_the_source_folder() {
    let root = tempfile::tempdir().unwrap();
    let module = module_with_strays(root.path());
    let before = tree(&module);
    build_one(root.path(), &module, "out", None);
    build_one(root.path(), &module, "out", Some("1700000000"));
    assert_eq!(tree(&module), before, "building changed, added or removed files in the module folder");
}

#[test]
fn building_modules_src_gives_one_zip_per_module_without_warnings() {
    let modules_src = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../modules-src")).canonicalize().unwrap();
    let count = tree(&modules_src).keys().filter(|p| p.file_name().is_some_and(|n| n == "module.toml")).count();
    assert!(count >= 2, "expected several modules in {}", modules_src.display());
    let out = tempfile::tempdir().unwrap();
    let output = coursepack(out.path())
        .arg("build")
        .arg(&modules_src)
        .args(["--out", "dist", "--deny-warnings"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(stderr.trim().is_empty(), "a quiet build prints nothing on stderr: {stderr}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut paths: Vec<&str> = stdout.lines().collect();
    assert_eq!(paths.len(), count, "{stdout}");
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), count, "two modules were written to the same zip: {stdout}");
    for path in paths {
        assert!(path.ends_with("-web.zip") && out.path().join(path).is_file(), "{path}");
    }
    assert_eq!(std::fs::read_dir(out.path().join("dist")).unwrap().count(), count);
}

// ---------------------------------------------------------------- --no-minify

/// The text of `name` inside the zip at `path`.
fn zip_text(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn players_ship_minified_unless_no_minify_is_given() {
    let root = tempfile::tempdir().unwrap();
    let module = new_module(root.path(), "m");
    coursepack(root.path()).args(["build", "m", "--target", "cmi5", "--out", "small"]).assert().code(0);
    coursepack(root.path())
        .args(["build", "m", "--target", "cmi5", "--out", "readable", "--no-minify"])
        .assert()
        .code(0);
    let zip_in = |dir: &str| std::fs::read_dir(root.path().join(dir)).unwrap().next().unwrap().unwrap().path();
    let (small, readable) = (zip_in("small"), zip_in("readable"));
    assert!(module.is_dir());
    for file in ["player/player.js", "player/player.css"] {
        let (min, full) = (zip_text(&small, file), zip_text(&readable, file));
        assert!(
            min.starts_with("/*! coursepack ") && min.lines().next().unwrap().contains("--no-minify"),
            "{file}: no header"
        );
        assert!(!full.starts_with("/*! coursepack "), "{file}: --no-minify still minified");
        assert!(min.len() < full.len(), "{file}: {} B minified, {} B readable", min.len(), full.len());
    }
    // As written: the readable package carries the sources' comments.
    assert!(zip_text(&readable, "player/player.js").contains("\n  // "));
    assert!(!zip_text(&small, "player/player.js").contains("\n  // "));
    // Only the player differs: the pages and the manifest are the same bytes.
    for file in ["index.html", "cmi5.xml"] {
        assert_eq!(zip_text(&small, file), zip_text(&readable, file), "{file}");
    }
    let help = coursepack(root.path()).args(["build", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("--no-minify"));
}

/// The README's completion commands work as written in a home folder where
/// the completions folder does not exist yet; and the README says what a new
/// user needs (the first build's wait, Node 20 for the tests, how on Debian 12).
#[test]
fn readme_commands_for_new_users_work_as_written() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md")).unwrap();
    let block = readme
        .split("```sh\n")
        .filter_map(|b| b.split("```").next())
        .find(|b| b.contains("coursepack completions bash"))
        .expect("a sh block with the completions command");
    let home = tempfile::tempdir().unwrap();
    let script: String = block
        .lines()
        .map(|l| match l.strip_prefix("coursepack ") {
            Some(rest) => format!("{} {rest}\n", env!("CARGO_BIN_EXE_coursepack")),
            None => format!("{l}\n"),
        })
        .collect();
    let status = std::process::Command::new("bash")
        .args(["-euo", "pipefail", "-c", &script])
        .env("HOME", home.path())
        .status()
        .unwrap();
    assert!(status.success(), "the README's completion commands failed:\n{block}");
    let written = home.path().join(".local/share/bash-completion/completions/coursepack");
    assert!(std::fs::read_to_string(written).unwrap().contains("complete"));
    for needed in ["takes a few minutes", "Node.js 20 or later", "Debian 12", "nodesource.com/setup_20.x"] {
        assert!(readme.contains(needed), "the README does not say `{needed}`");
    }
}
