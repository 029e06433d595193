//! One minimal bad input per diagnostic code that the source, compile and cli
//! crates can emit, each checked through `coursepack check --format json` for
//! its code, severity, file and line. A second test scans those crates' source
//! for code literals so that a new code without a case here fails the suite.
//!
//! Quiz codes (`quiz/...`) are checked the same way. Import and export codes
//! (`gift/...`, `aiken/...`) go through `coursepack import` and `coursepack
//! export`, whose JSON reports go to stderr (see `tool_cases`). A code that no
//! command can reach yet is listed in `TESTED_ELSEWHERE` with the test that covers it.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Prefixes of the codes owned by the crates under test.
const PREFIXES: &[&str] = &[
    "toml",
    "manifest",
    "module",
    "course",
    "page",
    "a11y",
    "reflection",
    "block",
    "quiz",
    "gift",
    "aiken",
    "scenario",
    "package",
];

/// Crates whose source is scanned for codes.
const SCANNED: &[&str] = &[
    "coursepack-source/src",
    "coursepack-compile/src",
    "coursepack-cli/src",
    "coursepack-quiz/src",
    "coursepack-driver/src",
    "coursepack-package/src",
    "coursepack-scenario/src",
];

/// Codes no command reports yet, with the test that covers them.
const TESTED_ELSEWHERE: &[(&str, &str)] = &[
    // Reported by the per-target build check (which calls `coursepack_quiz::check_state_fits`).
    ("quiz/state-too-large", "crates/coursepack-quiz/tests/state.rs: too_large_states_fail_with_advice"),
    // Reported by the per-target build check (the scenarios' longest saved paths against the limit).
    (
        "scenario/state-too-large",
        "crates/coursepack-package/tests/scenario_state.rs: a_scenario_that_fits_at_the_limit_builds_and_one_more_choice_is_refused",
    ),
    // A module's pass mark over 100 is `module/invalid-pass-mark`; this is the quiz library's own check.
    ("quiz/pass-mark-unreachable", "crates/coursepack-quiz/tests/compile.rs: settings_problems"),
    // Reported by `coursepack build` (the learner-state proof per target), which the cases do not run.
    (
        "package/reflections-do-not-fit",
        "crates/coursepack-cli/tests/lms_packages.rs: reflections_without_room_fail_the_build_at_the_first_one_that_does_not_fit",
    ),
    // Reported by `coursepack build` of a course for SCORM 2004 with `--lms moodle` or `--lms totara`.
    (
        "package/course-order-not-enforced",
        "crates/coursepack-cli/tests/lms_packages.rs: a_scorm2004_course_for_moodle_or_totara_warns_that_its_order_is_not_enforced",
    ),
    // Needs a symbolic link, which a case's files cannot make.
    (
        "manifest/link-outside-folder",
        "crates/coursepack-cli/tests/untrusted_input.rs: a_manifest_linked_from_outside_is_refused",
    ),
];

struct Case {
    /// The code that must be reported.
    code: &'static str,
    /// "error" or "warning".
    severity: &'static str,
    /// Files to write, relative to the temporary folder.
    files: Vec<(String, Vec<u8>)>,
    /// Paths given to `coursepack check`.
    args: &'static [&'static str],
    /// Expected `location.file` (paths are shown relative to the working folder).
    file: &'static str,
    /// Expected 1-based `location.line`.
    line: u64,
    /// Other codes this input is allowed (and expected) to report as well.
    also: &'static [&'static str],
}

/// `module.toml` lines of a valid module; line N of the file is element N-1.
const TOML: [&str; 6] = [
    r#"id = "m""#,
    r#"title = "Module""#,
    r#"version = "1.0.0""#,
    r#"language = "en""#,
    r#"summary = "A module.""#,
    r#"pages = ["01-a.md"]"#,
];

const PAGE: &str = "# A\n\nText.\n";

fn lines(lines: &[&str]) -> Vec<u8> {
    let mut text = lines.join("\n");
    text.push('\n');
    text.into_bytes()
}

/// The base manifest with line `n` (1-based) replaced by `with`.
fn toml_replacing(n: usize, with: &str) -> Vec<u8> {
    let mut l = TOML.to_vec();
    l[n - 1] = with;
    lines(&l)
}

/// The base manifest with `extra` lines appended (the first is line 7).
fn toml_plus(extra: &[&str]) -> Vec<u8> {
    let mut l = TOML.to_vec();
    l.extend_from_slice(extra);
    lines(&l)
}

/// The base manifest with a multi-line `pages` array: line 6 `pages = [`,
/// line 7 `"01-a.md",`, line 8 the given entry, line 9 `]`.
fn toml_pages_second(entry: &str) -> Vec<u8> {
    let second = format!("  \"{entry}\",");
    let mut l: Vec<&str> = TOML[..5].to_vec();
    l.extend_from_slice(&["pages = [", "  \"01-a.md\","]);
    l.push(&second);
    l.push("]");
    lines(&l)
}

fn f(path: &str, bytes: impl Into<Vec<u8>>) -> (String, Vec<u8>) {
    (path.to_string(), bytes.into())
}

/// A module in `m/` with the given manifest and the default page.
fn module_with_toml(toml: Vec<u8>) -> Vec<(String, Vec<u8>)> {
    vec![f("m/module.toml", toml), f("m/01-a.md", PAGE)]
}

/// A module in `m/` with the default manifest and the given page text.
fn module_with_page(page: &str) -> Vec<(String, Vec<u8>)> {
    vec![f("m/module.toml", lines(&TOML)), f("m/01-a.md", page)]
}

/// A module whose page holds one scenario block: the body's first line is line 4 of `m/01-a.md`.
fn scenario_page(body: &str) -> Vec<(String, Vec<u8>)> {
    module_with_page(&format!("# A\n\n```scenario\n{body}```\n"))
}

/// A scenario case: `body` in a scenario block, the problem at `line` of the body (1-based).
fn scenario(code: &'static str, severity: &'static str, body: &str, line: u64, also: &'static [&'static str]) -> Case {
    Case { code, severity, files: scenario_page(body), args: &["m"], file: "m/01-a.md", line: line + 3, also }
}

/// The valid end of a scenario body: a node `z` that is an ending.
const END: &str = "\n## The end {#z}\noutcome: Done\n";

fn with(mut files: Vec<(String, Vec<u8>)>, more: &[(&str, &[u8])]) -> Vec<(String, Vec<u8>)> {
    files.extend(more.iter().map(|(p, b)| f(p, b.to_vec())));
    files
}

/// A course `c/` whose `modules` array is multi-line: line 6 `modules = [`,
/// line 7 `"a",`, line 8 the given entry (if any), then `]`.
fn course(second: Option<&str>) -> Vec<u8> {
    let mut l = vec![
        r#"id = "c""#,
        r#"title = "Course""#,
        r#"version = "1.0.0""#,
        r#"language = "en""#,
        r#"summary = "A course.""#,
        "modules = [",
        "  \"a\",",
    ];
    let entry = second.map(|s| format!("  \"{s}\","));
    if let Some(entry) = &entry {
        l.push(entry);
    }
    l.push("]");
    lines(&l)
}

/// A course `c/` whose lines 1-5 are the course's metadata and line 6 onwards `rest`.
fn course_with(rest: &[&str]) -> Vec<u8> {
    let mut l = vec![
        r#"id = "c""#,
        r#"title = "Course""#,
        r#"version = "1.0.0""#,
        r#"language = "en""#,
        r#"summary = "A course.""#,
    ];
    l.extend_from_slice(rest);
    lines(&l)
}

/// A valid module inside course folder `c/` with the given id and language.
fn course_module(folder: &str, id: &str, language: &str) -> Vec<(String, Vec<u8>)> {
    let id_line = format!("id = \"{id}\"");
    let language_line = format!("language = \"{language}\"");
    let mut l = TOML.to_vec();
    l[0] = &id_line;
    l[3] = &language_line;
    vec![f(&format!("c/{folder}/module.toml"), lines(&l)), f(&format!("c/{folder}/01-a.md"), PAGE)]
}

/// A page holding the given question blocks (each block's first line is the
/// line after its fence; the first block starts at line 4).
fn question_page(blocks: &[&str]) -> String {
    let mut page = String::from("# A\n\n");
    for b in blocks {
        page.push_str("```question\n");
        page.push_str(b);
        page.push_str("```\n\n");
    }
    page
}

/// A module with one scored question and the base manifest plus `extra` lines (from line 7).
fn quiz_module(extra: &[&str], blocks: &[&str]) -> Vec<(String, Vec<u8>)> {
    vec![f("m/module.toml", toml_plus(extra)), f("m/01-a.md", question_page(blocks))]
}

const CHOICE: &str = "Which?\n- [x] a\n- [ ] b\n";

fn cases() -> Vec<Case> {
    let m: &'static [&'static str] = &["m"];
    let long_title = format!("title = \"{}\"", "x".repeat(201));
    let mut big_png = b"\x89PNG\r\n\x1a\n".to_vec();
    big_png.resize(1024 * 1024 + 1, 0);
    vec![
        // ---- toml/ ----
        Case {
            code: "toml/syntax",
            severity: "error",
            files: module_with_toml(toml_replacing(2, r#"title = = "x""#)),
            args: m,
            file: "m/module.toml",
            line: 2,
            also: &[],
        },
        Case {
            code: "toml/missing-key",
            severity: "error",
            files: module_with_toml(lines(&[TOML[0], TOML[2], TOML[3], TOML[4], TOML[5]])),
            args: m,
            file: "m/module.toml",
            line: 1,
            also: &[],
        },
        Case {
            code: "toml/unknown-key",
            severity: "error",
            files: module_with_toml(toml_plus(&[r#"titel = "x""#])),
            args: m,
            file: "m/module.toml",
            line: 7,
            also: &[],
        },
        Case {
            code: "toml/invalid-value",
            severity: "error",
            files: module_with_toml(toml_plus(&[r#"duration_minutes = "ten""#])),
            args: m,
            file: "m/module.toml",
            line: 7,
            also: &[],
        },
        // ---- manifest/ ----
        Case {
            code: "manifest/invalid-id",
            severity: "error",
            files: module_with_toml(toml_replacing(1, r#"id = "Bad_Id""#)),
            args: m,
            file: "m/module.toml",
            line: 1,
            also: &[],
        },
        Case {
            code: "manifest/empty-title",
            severity: "error",
            files: module_with_toml(toml_replacing(2, r#"title = "  ""#)),
            args: m,
            file: "m/module.toml",
            line: 2,
            also: &[],
        },
        Case {
            code: "manifest/title-too-long",
            severity: "error",
            files: module_with_toml(toml_replacing(2, &long_title)),
            args: m,
            file: "m/module.toml",
            line: 2,
            also: &[],
        },
        Case {
            code: "manifest/invalid-version",
            severity: "error",
            files: module_with_toml(toml_replacing(3, r#"version = """#)),
            args: m,
            file: "m/module.toml",
            line: 3,
            also: &[],
        },
        Case {
            code: "manifest/invalid-language",
            severity: "error",
            files: module_with_toml(toml_replacing(4, r#"language = "english""#)),
            args: m,
            file: "m/module.toml",
            line: 4,
            also: &[],
        },
        Case {
            code: "manifest/unknown-licence",
            severity: "error",
            files: module_with_toml(toml_plus(&[r#"licence = "cc-by""#])),
            args: m,
            file: "m/module.toml",
            line: 7,
            also: &[],
        },
        Case {
            code: "manifest/invalid-activity-iri",
            severity: "error",
            files: module_with_toml(toml_plus(&[r#"activity_base_iri = "learning.example.org/xapi""#])),
            args: m,
            file: "m/module.toml",
            line: 7,
            also: &[],
        },
        // ---- module/ ----
        Case {
            code: "module/empty-summary",
            severity: "warning",
            files: module_with_toml(toml_replacing(5, r#"summary = " ""#)),
            args: m,
            file: "m/module.toml",
            line: 5,
            also: &[],
        },
        Case {
            code: "module/missing-pass-mark",
            severity: "error",
            files: module_with_toml(toml_plus(&[r#"completion = "all-pages-and-quiz""#])),
            args: m,
            file: "m/module.toml",
            line: 7,
            also: &["quiz/*"],
        },
        Case {
            code: "module/invalid-pass-mark",
            severity: "error",
            files: module_with_toml(toml_plus(&["pass_mark = 101"])),
            args: m,
            file: "m/module.toml",
            line: 7,
            also: &[],
        },
        Case {
            code: "module/invalid-duration",
            severity: "error",
            files: module_with_toml(toml_plus(&["duration_minutes = 0"])),
            args: m,
            file: "m/module.toml",
            line: 7,
            also: &[],
        },
        Case {
            code: "module/unknown-string",
            severity: "error",
            files: module_with_toml(toml_plus(&["[strings]", r#"nxt = "Go on""#])),
            args: m,
            file: "m/module.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "module/empty-string",
            severity: "error",
            files: module_with_toml(toml_plus(&["[strings]", r#"next = """#])),
            args: m,
            file: "m/module.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "module/string-placeholder",
            severity: "warning",
            files: module_with_toml(toml_plus(&["[strings]", r#"progress = "Page""#])),
            args: m,
            file: "m/module.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "module/no-pages",
            severity: "error",
            files: module_with_toml(toml_replacing(6, "pages = []")),
            args: m,
            file: "m/module.toml",
            line: 6,
            also: &["module/unlisted-page"],
        },
        Case {
            code: "module/page-outside-module",
            severity: "error",
            files: module_with_toml(toml_pages_second("../x.md")),
            args: m,
            file: "m/module.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "module/page-not-markdown",
            severity: "error",
            files: with(module_with_toml(toml_pages_second("notes.txt")), &[("m/notes.txt", b"notes")]),
            args: m,
            file: "m/module.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "module/duplicate-page",
            severity: "error",
            files: module_with_toml(toml_pages_second("01-a.md")),
            args: m,
            file: "m/module.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "module/page-not-found",
            severity: "error",
            files: module_with_toml(toml_pages_second("02-missing.md")),
            args: m,
            file: "m/module.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "manifest/not-utf8",
            severity: "error",
            files: vec![f("m/module.toml", b"id = \"m\"\ntitle = \"Caf\xe9\"\n".to_vec()), f("m/01-a.md", PAGE)],
            args: m,
            file: "m/module.toml",
            line: 2,
            also: &[],
        },
        Case {
            code: "module/page-unreadable",
            severity: "error",
            files: with(module_with_toml(toml_pages_second("02-folder.md")), &[("m/02-folder.md/inside.txt", b"x")]),
            args: m,
            file: "m/module.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "module/invalid-page-name",
            severity: "error",
            files: with(module_with_toml(toml_pages_second("__.md")), &[("m/__.md", b"# B\n")]),
            args: m,
            file: "m/module.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "module/duplicate-page-id",
            severity: "error",
            files: with(module_with_toml(toml_pages_second("02-a.md")), &[("m/02-a.md", b"# B\n")]),
            args: m,
            file: "m/module.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "module/unlisted-page",
            severity: "warning",
            files: with(module_with_toml(lines(&TOML)), &[("m/02-b.md", b"# B\n")]),
            args: m,
            file: "m/module.toml",
            line: 6,
            also: &[],
        },
        Case {
            code: "module/duplicate-id",
            severity: "error",
            files: vec![
                f("a/module.toml", lines(&[TOML[1], TOML[0], TOML[2], TOML[3], TOML[4], TOML[5]])),
                f("a/01-a.md", PAGE),
                f("b/module.toml", lines(&[TOML[1], TOML[0], TOML[2], TOML[3], TOML[4], TOML[5]])),
                f("b/01-a.md", PAGE),
            ],
            args: &["a", "b"],
            file: "b/module.toml",
            line: 2,
            also: &[],
        },
        // ---- page/ ----
        Case {
            code: "page/not-utf8",
            severity: "error",
            files: vec![f("m/module.toml", lines(&TOML)), f("m/01-a.md", &b"# A\n\nText \xff here.\n"[..])],
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/missing-title",
            severity: "error",
            files: module_with_page("Just some text.\n"),
            args: m,
            file: "m/01-a.md",
            line: 1,
            also: &[],
        },
        Case {
            code: "page/multiple-titles",
            severity: "error",
            files: module_with_page("# A\n\nText.\n\n# B\n"),
            args: m,
            file: "m/01-a.md",
            line: 5,
            also: &[],
        },
        Case {
            code: "page/broken-link",
            severity: "error",
            files: module_with_page("# A\n\nSee [the next page](02-b.md).\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/broken-fragment",
            severity: "error",
            files: module_with_page("# A\n\n## Before you start\n\nSee [the start](#before-you-begin).\n"),
            args: m,
            file: "m/01-a.md",
            line: 5,
            also: &[],
        },
        Case {
            code: "page/link-outside-module",
            severity: "error",
            files: module_with_page("# A\n\nSee [the secret](../secret.txt).\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/missing-file",
            severity: "error",
            files: module_with_page("# A\n\nGet [the handout](media/handout.pdf).\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/not-a-file",
            severity: "error",
            files: with(
                module_with_page("# A\n\nSee [the media folder](media).\n"),
                &[("m/media/handout.pdf", b"%PDF-1.4")],
            ),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/unsafe-file-type",
            severity: "error",
            files: with(
                module_with_page("# A\n\nGet [the tool](media/tool.js).\n"),
                &[("m/media/tool.js", b"alert(1)")],
            ),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/unsafe-content",
            severity: "error",
            files: with(
                module_with_page("# A\n\n![A chart of visits](media/chart.svg)\n"),
                &[("m/media/chart.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")],
            ),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/invalid-svg",
            severity: "error",
            files: with(
                module_with_page("# A\n\n![A chart of visits](media/chart.svg)\n"),
                &[("m/media/chart.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect></svg>")],
            ),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/svg-changed",
            severity: "warning",
            files: with(
                module_with_page("# A\n\n![A chart of visits](media/chart.svg)\n"),
                &[("m/media/chart.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject/></svg>")],
            ),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/unbalanced-html",
            severity: "error",
            files: module_with_page("# A\n\nSome <b>bold text.\n\nMore text.\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/unclosed-html-block",
            severity: "warning",
            files: module_with_page("# A\n\n<details>\n<summary>More</summary>\n\nHidden text.\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/indented-fence",
            severity: "warning",
            files: module_with_page("# A\n\n    ```question\n    Which?\n    - [x] a\n    - [ ] b\n    ```\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/remote-media",
            severity: "error",
            files: module_with_page("# A\n\n![A cat](https://example.com/cat.png)\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/unsupported-media",
            severity: "error",
            files: with(
                module_with_page("# A\n\n![The handout](media/handout.pdf)\n"),
                &[("m/media/handout.pdf", b"%PDF-1.4")],
            ),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/unsafe-html",
            severity: "error",
            files: module_with_page("# A\n\n<script>alert(1)</script>\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/unsafe-link",
            severity: "error",
            files: module_with_page("# A\n\n[Run it](javascript:alert(1))\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "page/html-removed",
            severity: "warning",
            files: module_with_page("# A\n\nSome <font color=\"red\">red</font> text.\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        // ---- a11y/ ----
        Case {
            code: "a11y/missing-alt",
            severity: "error",
            files: with(
                module_with_page("# A\n\n![](media/photo.png)\n"),
                &[("m/media/photo.png", b"\x89PNG\r\n\x1a\n")],
            ),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "a11y/filename-alt",
            severity: "warning",
            files: with(
                module_with_page("# A\n\n![photo.png](media/photo.png)\n"),
                &[("m/media/photo.png", b"\x89PNG\r\n\x1a\n")],
            ),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "a11y/decorative-media",
            severity: "error",
            files: with(
                module_with_page("# A\n\n![decorative](media/talk.mp4)\n"),
                &[
                    ("m/media/talk.mp4", b"\0\0\0\x18ftypmp42"),
                    ("m/media/talk.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"),
                ],
            ),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "a11y/media-without-captions",
            severity: "error",
            files: with(
                module_with_page("# A\n\n![A short talk](media/talk.mp4)\n"),
                &[("m/media/talk.mp4", b"\0\0\0\x18ftypmp42")],
            ),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "a11y/large-image",
            severity: "warning",
            files: with(
                module_with_page("# A\n\n![A large photo of the reading room](media/big.png)\n"),
                &[("m/media/big.png", &big_png)],
            ),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "a11y/small-svg-text",
            severity: "warning",
            files: with(
                module_with_page("# A\n\n![A wide diagram of five steps](media/wide.svg)\n"),
                &[(
                    "m/media/wide.svg",
                    br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 700 200" width="700"><text font-size="12">Step</text></svg>"#,
                )],
            ),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "a11y/empty-heading",
            severity: "error",
            files: module_with_page("# A\n\n##\n\nText.\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "a11y/skipped-heading-level",
            severity: "warning",
            files: module_with_page("# A\n\n#### Deep\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "a11y/empty-link-text",
            severity: "error",
            files: module_with_page("# A\n\nText [](https://example.com).\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "a11y/vague-link-text",
            severity: "warning",
            files: module_with_page("# A\n\nFor more, [click here](https://example.com).\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        // ---- reflection/ ----
        Case {
            code: "reflection/empty-prompt",
            severity: "error",
            files: module_with_page("# A\n\n```reflection\nid: x\n```\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "reflection/invalid-id",
            severity: "error",
            files: module_with_page("# A\n\n```reflection\nid: Bad_Id\nWhat helped?\n```\n"),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        Case {
            code: "reflection/duplicate-id",
            severity: "error",
            files: module_with_page(
                "# A\n\n```reflection\nid: same\nFirst?\n```\n\n```reflection\nid: same\nSecond?\n```\n",
            ),
            args: m,
            file: "m/01-a.md",
            line: 9,
            also: &[],
        },
        Case {
            code: "reflection/unknown-key",
            severity: "error",
            files: module_with_page("# A\n\n```reflection\nidd: x\nWhat helped?\n```\n"),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        // ---- scenario/ ----
        scenario("scenario/unknown-key", "error", &format!("idd: x\n\n## A {{#a}}\n\n- Go => z\n{END}"), 1, &[]),
        scenario(
            "scenario/duplicate-key",
            "error",
            &format!("back: no\nback: yes\n\n## A {{#a}}\n\n- Go => z\n{END}"),
            2,
            &[],
        ),
        scenario(
            "scenario/invalid-value",
            "error",
            &format!("restart: maybe\n\n## A {{#a}}\n\n- Go => z\n{END}"),
            1,
            &[],
        ),
        scenario("scenario/file-with-content", "error", "file: s.md\n\n## A {#a}\noutcome: E\n", 3, &[]),
        scenario("scenario/invalid-node-id", "error", &format!("## A {{#A_1}}\n\n- Go => z\n{END}"), 1, &[]),
        scenario("scenario/empty-node-title", "error", &format!("## {{#a}}\n\n- Go => z\n{END}"), 1, &[]),
        scenario("scenario/missing-target", "error", &format!("## A {{#a}}\n\n- Go => z\n- Stay\n{END}"), 4, &[]),
        scenario("scenario/empty-choice", "error", &format!("## A {{#a}}\n\n- => z\n{END}"), 3, &[]),
        scenario("scenario/text-after-choices", "error", &format!("## A {{#a}}\n\n- Go => z\n\nMore.\n{END}"), 5, &[]),
        scenario("scenario/unclosed-fence", "warning", "## A {#a}\noutcome: E\n\n~~~\nnever closed\n", 1, &[]),
        scenario(
            "scenario/score-without-outcome",
            "error",
            &format!("## A {{#a}}\nsuccess: yes\n\n- Go => z\n{END}"),
            2,
            &[],
        ),
        scenario("scenario/ending-with-choices", "error", "## A {#a}\noutcome: E\n\n- Again => a\n", 4, &[]),
        scenario(
            "scenario/too-many-choices",
            "error",
            &format!("## A {{#a}}\n\n{}{END}", (0..27).map(|i| format!("- Option {i} => z\n")).collect::<String>()),
            29,
            &[],
        ),
        scenario("scenario/invalid-id", "error", "id: Not Valid\n\n## A {#a}\noutcome: E\n", 1, &[]),
        scenario("scenario/no-nodes", "error", "id: x\n\nOnly an intro.\n", 1, &[]),
        scenario(
            "scenario/missing-score",
            "error",
            &format!("## A {{#a}}\n\n- Go => z\n- Or => y\n\n## Y {{#y}}\noutcome: F\nscore: 1\n{END}"),
            11,
            &[],
        ),
        scenario(
            "scenario/duplicate-node",
            "error",
            &format!("## A {{#a}}\n\n- Go => z\n\n## B {{#a}}\n\n- Go => z\n{END}"),
            5,
            &[],
        ),
        scenario("scenario/unknown-node", "error", &format!("## A {{#a}}\n\n- Go => zz\n- End => z\n{END}"), 3, &[]),
        scenario(
            "scenario/no-ending",
            "error",
            "## A {#a}\n\n- Go => b\n\n## B {#b}\n\n- Back => a\n",
            1,
            &["scenario/no-way-out"],
        ),
        scenario(
            "scenario/dead-end",
            "error",
            &format!("## A {{#a}}\n\n- Go => b\n- End => z\n\n## B {{#b}}\n\nStuck.\n{END}"),
            6,
            &[],
        ),
        scenario(
            "scenario/no-way-out",
            "error",
            &format!("## A {{#a}}\n\n- Go => b\n- End => z\n\n## B {{#b}}\n\n- Think again => b\n{END}"),
            6,
            &[],
        ),
        scenario(
            "scenario/unreachable-node",
            "warning",
            &format!("## A {{#a}}\n\n- Go => z\n\n## B {{#b}}\n\n- Go => z\n{END}"),
            5,
            &[],
        ),
        scenario(
            "scenario/nested-block",
            "error",
            &format!("## A {{#a}}\n\n~~~question\nWhich?\n- [x] a\n- [ ] b\n~~~\n\n- Go => z\n{END}"),
            3,
            &[],
        ),
        Case {
            code: "scenario/duplicate-id",
            severity: "error",
            files: module_with_page(&format!(
                "# A\n\n```scenario\nid: s\n\n## A {{#a}}\n\n- Go => z\n{END}```\n\n```scenario\nid: s\n\n## A {{#a}}\n\n- Go => z\n{END}```\n"
            )),
            args: m,
            file: "m/01-a.md",
            line: 15,
            also: &[],
        },
        Case {
            code: "scenario/file-not-found",
            severity: "error",
            files: with(
                scenario_page("file: scenarios/fridya.md\n"),
                &[("m/scenarios/friday.md", b"## A {#a}\noutcome: E\n")],
            ),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        scenario("scenario/file-outside-module", "error", "file: ../elsewhere.md\n", 1, &[]),
        Case {
            code: "scenario/file-not-utf8",
            severity: "error",
            files: with(
                scenario_page("file: scenarios/s.md\n"),
                &[("m/scenarios/s.md", b"## A {#a}\noutcome: \xff\n")],
            ),
            args: m,
            file: "m/scenarios/s.md",
            line: 2,
            also: &[],
        },
        // ---- block/ ----
        Case {
            code: "block/unknown-key",
            severity: "error",
            files: module_with_page("# A\n\n```accordion\nidd: x\n\n## One\nText.\n```\n"),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        Case {
            code: "block/duplicate-key",
            severity: "error",
            files: module_with_page("# A\n\n```accordion\nid: x\nid: y\n\n## One\nText.\n```\n"),
            args: m,
            file: "m/01-a.md",
            line: 5,
            also: &[],
        },
        Case {
            code: "block/too-few-items",
            severity: "error",
            files: module_with_page("# A\n\n```timeline\n## The Act\ndate: 1964\nText.\n```\n"),
            args: m,
            file: "m/01-a.md",
            line: 3,
            also: &[],
        },
        Case {
            code: "block/too-many-items",
            severity: "error",
            files: module_with_page("# A\n\n```reveal\n## Answer\nText.\n\n## Another\nMore.\n```\n"),
            args: m,
            file: "m/01-a.md",
            line: 7,
            also: &[],
        },
        Case {
            code: "block/invalid-id",
            severity: "error",
            files: module_with_page("# A\n\n```accordion\nid: Lawful_Bases\n\n## One\nText.\n```\n"),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        Case {
            code: "block/duplicate-id",
            severity: "error",
            files: module_with_page(
                "# A\n\n```accordion\nid: same\n## One\nText.\n```\n\n```reveal\nid: same\n## Answer\nText.\n```\n",
            ),
            args: m,
            file: "m/01-a.md",
            line: 10,
            also: &[],
        },
        Case {
            code: "block/missing-key",
            severity: "error",
            files: module_with_page("# A\n\n```timeline\n## The Act\ndate: 1964\nText.\n\n## Later\nMore.\n```\n"),
            args: m,
            file: "m/01-a.md",
            line: 8,
            also: &[],
        },
        Case {
            code: "block/invalid-value",
            severity: "error",
            files: module_with_page(
                "# A\n\n```timeline\n## The Act\ndate:\nText.\n\n## Later\ndate: 2010\nMore.\n```\n",
            ),
            args: m,
            file: "m/01-a.md",
            line: 5,
            also: &[],
        },
        Case {
            code: "block/decorative-graphic",
            severity: "error",
            files: with(
                module_with_page(
                    "# A\n\n```labelled-graphic\nimage: media/p.svg\nalt: decorative\n## Desk\nat: 1%, 2%\nText.\n```\n",
                ),
                &[("m/media/p.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>")],
            ),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        Case {
            code: "block/graphic-not-image",
            severity: "error",
            files: with(
                module_with_page(
                    "# A\n\n```labelled-graphic\nimage: media/p.mp3\nalt: A talk\n## Desk\nat: 1%, 2%\nText.\n```\n",
                ),
                &[("m/media/p.mp3", b"ID3"), ("m/media/p.vtt", b"WEBVTT\n")],
            ),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        Case {
            code: "block/empty-item",
            severity: "error",
            files: module_with_page("# A\n\n```accordion\n## One\nText.\n\n## Two\n```\n"),
            args: m,
            file: "m/01-a.md",
            line: 7,
            also: &[],
        },
        // ---- course/ ----
        Case {
            code: "course/no-modules",
            severity: "error",
            files: vec![f(
                "c/course.toml",
                lines(&[
                    r#"id = "c""#,
                    r#"title = "Course""#,
                    r#"version = "1.0.0""#,
                    r#"language = "en""#,
                    r#"summary = "A course.""#,
                    "modules = []",
                ]),
            )],
            args: &["c"],
            file: "c/course.toml",
            line: 6,
            also: &[],
        },
        Case {
            code: "course/invalid-module-path",
            severity: "error",
            files: with(course_module("a", "a", "en"), &[("c/course.toml", &course(Some("/tmp/elsewhere")))]),
            args: &["c"],
            file: "c/course.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "course/duplicate-module",
            severity: "error",
            files: with(course_module("a", "a", "en"), &[("c/course.toml", &course(Some("a")))]),
            args: &["c"],
            file: "c/course.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "course/module-not-found",
            severity: "error",
            files: with(course_module("a", "a", "en"), &[("c/course.toml", &course(Some("nope")))]),
            args: &["c"],
            file: "c/course.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "course/module-outside-course",
            severity: "error",
            files: [
                course_module("a", "a", "en"),
                vec![
                    f("c/course.toml", course(Some("../elsewhere"))),
                    f("elsewhere/module.toml", lines(&TOML)),
                    f("elsewhere/01-a.md", PAGE),
                ],
            ]
            .concat(),
            args: &["c"],
            file: "c/course.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "course/duplicate-module-id",
            severity: "error",
            files: [
                course_module("a", "same", "en"),
                course_module("b", "same", "en"),
                vec![f("c/course.toml", course(Some("b")))],
            ]
            .concat(),
            args: &["c"],
            file: "c/course.toml",
            line: 8,
            // reported once, at the course's line, not again as `module/duplicate-id`
            also: &[],
        },
        Case {
            code: "course/language-mismatch",
            severity: "warning",
            files: [
                course_module("a", "a", "en"),
                course_module("b", "b", "cy"),
                vec![f("c/course.toml", course(Some("b")))],
            ]
            .concat(),
            args: &["c"],
            file: "c/course.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "course/unlisted-module",
            severity: "warning",
            files: [
                course_module("a", "a", "en"),
                course_module("b", "b", "en"),
                vec![f("c/course.toml", course(None))],
            ]
            .concat(),
            args: &["c"],
            file: "c/course.toml",
            line: 6,
            also: &[],
        },
        Case {
            code: "course/modules-and-sections",
            severity: "error",
            files: with(
                course_module("a", "a", "en"),
                &[(
                    "c/course.toml",
                    &course_with(&[
                        r#"modules = ["a"]"#,
                        "[[sections]]",
                        r#"id = "s""#,
                        r#"title = "S""#,
                        r#"modules = ["a"]"#,
                    ]),
                )],
            ),
            args: &["c"],
            file: "c/course.toml",
            line: 7,
            also: &[],
        },
        Case {
            code: "course/section-missing-key",
            severity: "error",
            files: with(
                course_module("a", "a", "en"),
                &[("c/course.toml", &course_with(&["", "[[sections]]", r#"id = "s""#, r#"modules = ["a"]"#]))],
            ),
            args: &["c"],
            file: "c/course.toml",
            line: 7,
            also: &[],
        },
        Case {
            code: "course/duplicate-section-id",
            severity: "error",
            files: [
                course_module("a", "a", "en"),
                course_module("b", "b", "en"),
                vec![f(
                    "c/course.toml",
                    course_with(&[
                        "[[sections]]",
                        r#"id = "s""#,
                        r#"title = "One""#,
                        r#"modules = ["a"]"#,
                        "[[sections]]",
                        r#"id = "s""#,
                        r#"title = "Two""#,
                        r#"modules = ["b"]"#,
                    ]),
                )],
            ]
            .concat(),
            args: &["c"],
            file: "c/course.toml",
            line: 11,
            also: &[],
        },
        Case {
            code: "course/empty-section",
            severity: "error",
            files: with(
                course_module("a", "a", "en"),
                &[(
                    "c/course.toml",
                    &course_with(&[
                        "[[sections]]",
                        r#"id = "s""#,
                        r#"title = "S""#,
                        r#"modules = ["a"]"#,
                        "[[sections]]",
                        r#"id = "t""#,
                        r#"title = "T""#,
                        "modules = []",
                    ]),
                )],
            ),
            args: &["c"],
            file: "c/course.toml",
            line: 13,
            also: &[],
        },
        // ---- quiz/ (blocks start at line 4; manifest extras at line 7) ----
        Case {
            code: "quiz/bad-id",
            severity: "error",
            files: module_with_page(&question_page(&["id: Bad_Id\nWhich?\n- [x] a\n- [ ] b\n"])),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        Case {
            code: "quiz/bad-order",
            severity: "error",
            files: module_with_page(&question_page(&["Order them\n1. a\n3. b\n"])),
            args: m,
            file: "m/01-a.md",
            line: 6,
            also: &[],
        },
        Case {
            code: "quiz/bad-setting",
            severity: "error",
            files: quiz_module(&["pass_mark = 50", "[quiz]", "attempts = 0"], &[CHOICE]),
            args: m,
            file: "m/module.toml",
            line: 9,
            also: &[],
        },
        Case {
            code: "quiz/bad-value",
            severity: "error",
            files: module_with_page(&question_page(&["points: lots\nWhich?\n- [x] a\n- [ ] b\n"])),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        Case {
            code: "quiz/bank-points-differ",
            severity: "warning",
            files: quiz_module(
                &["pass_mark = 50", "[quiz.draw]", "b = 1"],
                &["bank: b\nWhich?\n- [x] a\n- [ ] b\n", "bank: b\npoints: 2\nWhich?\n- [x] a\n- [ ] b\n"],
            ),
            args: m,
            file: "m/module.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "quiz/blank-syntax",
            severity: "error",
            files: module_with_page(&question_page(&["The [[ICO]] works in the [[UK.\n"])),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        Case {
            code: "quiz/draw-exceeds-bank",
            severity: "error",
            files: quiz_module(&["pass_mark = 50", "[quiz.draw]", "b = 3"], &["bank: b\nWhich?\n- [x] a\n- [ ] b\n"]),
            args: m,
            file: "m/module.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "quiz/duplicate-id",
            severity: "error",
            files: module_with_page(&question_page(&[
                "id: q\nWhich?\n- [x] a\n- [ ] b\n",
                "id: q\nWhich?\n- [x] a\n- [ ] b\n",
            ])),
            args: m,
            file: "m/01-a.md",
            line: 11,
            also: &[],
        },
        Case {
            code: "quiz/duplicate-key",
            severity: "error",
            files: module_with_page(&question_page(&["id: a\nid: b\nWhich?\n- [x] a\n- [ ] b\n"])),
            args: m,
            file: "m/01-a.md",
            line: 5,
            also: &[],
        },
        Case {
            code: "quiz/duplicate-option",
            severity: "error",
            files: module_with_page(&question_page(&["Which?\n- [x] a\n- [ ] a\n"])),
            args: m,
            file: "m/01-a.md",
            line: 6,
            also: &[],
        },
        Case {
            code: "quiz/empty-feedback",
            severity: "error",
            files: module_with_page(&question_page(&["Which?\n- [x] a\n- [ ] b\ncorrect:\n"])),
            args: m,
            file: "m/01-a.md",
            line: 7,
            also: &[],
        },
        Case {
            code: "quiz/empty-option",
            severity: "error",
            files: module_with_page(&question_page(&["Which?\n- [x]\n- [ ] b\n"])),
            args: m,
            file: "m/01-a.md",
            line: 5,
            also: &[],
        },
        Case {
            code: "quiz/empty-prompt",
            severity: "error",
            files: module_with_page(&question_page(&["id: a\n- [x] a\n- [ ] b\n"])),
            args: m,
            file: "m/01-a.md",
            line: 5,
            also: &[],
        },
        Case {
            code: "quiz/feedback-never-shown",
            severity: "warning",
            files: module_with_page(&question_page(&["type: likert\nHow sure?\n- Not\n- Very\ncorrect: Yes.\n"])),
            args: m,
            file: "m/01-a.md",
            line: 8,
            also: &[],
        },
        Case {
            code: "quiz/misplaced-answer",
            severity: "error",
            files: module_with_page(&question_page(&["Which?\n- [x] a\n- [ ] b\nhint: Think.\n- [ ] c\n"])),
            args: m,
            file: "m/01-a.md",
            line: 8,
            also: &[],
        },
        Case {
            code: "quiz/misplaced-key",
            severity: "error",
            files: module_with_page(&question_page(&["Which?\n- [x] a\n- [ ] b\nbank: late\n"])),
            args: m,
            file: "m/01-a.md",
            line: 7,
            also: &[],
        },
        Case {
            code: "quiz/missing-type",
            severity: "error",
            files: module_with_page(&question_page(&["How sure?\n- Not\n- Very\n"])),
            args: m,
            file: "m/01-a.md",
            line: 5,
            also: &[],
        },
        Case {
            code: "quiz/no-answers",
            severity: "error",
            files: module_with_page(&question_page(&["Just a prompt.\n"])),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        Case {
            code: "quiz/no-assessment",
            severity: "warning",
            files: quiz_module(&["[quiz]", "attempts = 2"], &[CHOICE]),
            args: m,
            file: "m/module.toml",
            line: 7,
            also: &[],
        },
        Case {
            code: "quiz/no-correct-answer",
            severity: "error",
            files: module_with_page(&question_page(&["Which?\n- [ ] a\n- [ ] b\n"])),
            args: m,
            file: "m/01-a.md",
            line: 5,
            also: &[],
        },
        Case {
            code: "quiz/no-scored-questions",
            severity: "error",
            files: quiz_module(&["pass_mark = 50"], &["type: likert\nHow sure?\n- Not\n- Very\n"]),
            args: m,
            file: "m/module.toml",
            line: 7,
            also: &[],
        },
        Case {
            code: "quiz/page-without-questions",
            severity: "warning",
            files: vec![
                f(
                    "m/module.toml",
                    lines(&[
                        TOML[0],
                        TOML[1],
                        TOML[2],
                        TOML[3],
                        TOML[4],
                        r#"pages = ["01-a.md", "02-b.md"]"#,
                        "pass_mark = 50",
                        "[quiz]",
                        r#"pages = ["01-a.md", "02-b.md"]"#,
                    ]),
                ),
                f("m/01-a.md", question_page(&[CHOICE])),
                f("m/02-b.md", "# B\n\nText.\n"),
            ],
            args: m,
            file: "m/module.toml",
            line: 9,
            also: &[],
        },
        Case {
            code: "quiz/several-correct",
            severity: "error",
            files: module_with_page(&question_page(&["type: single\nWhich?\n- [x] a\n- [x] b\n"])),
            args: m,
            file: "m/01-a.md",
            line: 7,
            also: &[],
        },
        Case {
            code: "quiz/unknown-page",
            severity: "error",
            files: vec![
                f("m/module.toml", toml_plus(&["pass_mark = 50", "[quiz]", r#"pages = ["01-a.md", "02-missing.md"]"#])),
                f("m/01-a.md", question_page(&["Which?\n- [x] a\n- [ ] b\n"])),
            ],
            args: m,
            file: "m/module.toml",
            line: 9,
            also: &[],
        },
        Case {
            code: "quiz/unsafe-link",
            severity: "error",
            files: module_with_page(&question_page(&["Which [act](javascript:alert(1)) applies?\n- [x] a\n- [ ] b\n"])),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        Case {
            code: "quiz/standard-degraded",
            severity: "info",
            files: module_with_page(&question_page(&[
                "type: multiple\nWhich?\n- [x] o1\n- [ ] o2\n- [ ] o3\n- [ ] o4\n- [ ] o5\n- [ ] o6\n- [ ] o7\n- [ ] o8\n- [ ] o9\n- [ ] o10\n- [ ] o11\n- [ ] o12\n- [ ] o13\n- [ ] o14\n- [ ] o15\n- [ ] o16\n- [ ] o17\n- [ ] o18\n- [ ] o19\n- [ ] o20\n- [ ] o21\n- [ ] o22\n- [ ] o23\n- [ ] o24\n- [ ] o25\n- [ ] o26\n- [ ] o27\n- [ ] o28\n",
            ])),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        Case {
            code: "quiz/no-categories",
            severity: "error",
            files: module_with_page("# A\n\n```sorting\nSort each record.\n- a => Keep\n- b => Destroy\n```\n"),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        Case {
            code: "quiz/no-category",
            severity: "error",
            files: module_with_page(
                "# A\n\n```sorting\ncategories: Keep | Destroy\nSort.\n- a => Keep\n- b => Destroy\n- c\n```\n",
            ),
            args: m,
            file: "m/01-a.md",
            line: 8,
            also: &[],
        },
        Case {
            code: "quiz/image-in-choice-list",
            severity: "error",
            files: with(
                module_with_page("# A\n\n```question\nMatch.\n- a => ![A plan](media/plan.svg)\n- b => Text\n```\n"),
                &[("m/media/plan.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>")],
            ),
            args: m,
            file: "m/01-a.md",
            line: 5,
            also: &[],
        },
        Case {
            code: "quiz/media-in-question",
            severity: "error",
            files: with(
                module_with_page("# A\n\n```check\nListen: ![A talk](media/talk.mp3)\n- [x] a\n- [ ] b\n```\n"),
                &[("m/media/talk.mp3", b"ID3"), ("m/media/talk.vtt", b"WEBVTT\n")],
            ),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        Case {
            code: "quiz/unknown-category",
            severity: "error",
            files: module_with_page(
                "# A\n\n```sorting\ncategories: Keep | Destroy\nSort.\n- a => Keep\n- b => Archive\n```\n",
            ),
            args: m,
            file: "m/01-a.md",
            line: 7,
            also: &[],
        },
        Case {
            code: "quiz/too-few-answers",
            severity: "error",
            files: module_with_page(&question_page(&["Which?\n- [x] a\n"])),
            args: m,
            file: "m/01-a.md",
            line: 5,
            also: &[],
        },
        Case {
            code: "quiz/truefalse-options",
            severity: "error",
            files: module_with_page(&question_page(&[
                "type: truefalse\nFish swim.\n- [x] True\n- [ ] False\n- [ ] Maybe\n",
            ])),
            args: m,
            file: "m/01-a.md",
            line: 8,
            also: &[],
        },
        Case {
            code: "quiz/unexpected-text",
            severity: "error",
            files: module_with_page(&question_page(&["Which?\n- [x] a\n- [ ] b\n\nStray text.\n"])),
            args: m,
            file: "m/01-a.md",
            line: 8,
            also: &[],
        },
        Case {
            code: "quiz/unknown-bank",
            severity: "error",
            files: quiz_module(&["pass_mark = 50", "[quiz.draw]", "nope = 1"], &[CHOICE]),
            args: m,
            file: "m/module.toml",
            line: 8,
            also: &[],
        },
        Case {
            code: "quiz/unknown-key",
            severity: "error",
            files: module_with_page(&question_page(&["typo: single\nWhich?\n- [x] a\n- [ ] b\n"])),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        Case {
            code: "quiz/unknown-type",
            severity: "error",
            files: module_with_page(&question_page(&["type: choose\nWhich?\n- [x] a\n- [ ] b\n"])),
            args: m,
            file: "m/01-a.md",
            line: 4,
            also: &[],
        },
        Case {
            code: "quiz/unscored-points",
            severity: "warning",
            files: module_with_page(&question_page(&["type: likert\npoints: 2\nHow sure?\n- Not\n- Very\n"])),
            args: m,
            file: "m/01-a.md",
            line: 5,
            also: &[],
        },
        Case {
            code: "quiz/wrong-answer-line",
            severity: "error",
            files: module_with_page(&question_page(&["type: single\nWhich?\n- [x] a\n- [ ] b\n1. c\n"])),
            args: m,
            file: "m/01-a.md",
            line: 8,
            also: &[],
        },
    ]
}

/// A code reported by `coursepack import` or `coursepack export`, whose JSON report goes to stderr.
struct ToolCase {
    code: &'static str,
    severity: &'static str,
    files: Vec<(String, Vec<u8>)>,
    /// The command line after `coursepack` (run in the temporary folder).
    command: &'static [&'static str],
    file: &'static str,
    line: u64,
}

fn tool_cases() -> Vec<ToolCase> {
    let gift = |text: &str| vec![f("bank.gift", format!("// A bank.\n{text}"))];
    let aiken = |text: &str| vec![f("bank.txt", text)];
    let import_gift: &'static [&'static str] = &["import", "gift", "bank.gift", "--format-problems", "json"];
    let import_aiken: &'static [&'static str] = &["import", "aiken", "bank.txt", "--format-problems", "json"];
    let export: &'static [&'static str] = &["export", "gift", "m", "--format", "json"];
    vec![
        ToolCase {
            code: "gift/bad-answers",
            severity: "warning",
            files: gift("::Q::Which?{=a =}\n"),
            command: import_gift,
            file: "bank.gift",
            line: 2,
        },
        ToolCase {
            code: "gift/bad-category",
            severity: "warning",
            files: gift("$CATEGORY:\n\n::Q::Fish swim.{T}\n"),
            command: import_gift,
            file: "bank.gift",
            line: 2,
        },
        ToolCase {
            code: "gift/bad-matching",
            severity: "warning",
            files: gift("::Q::Match them.{=a -> 1 =b}\n"),
            command: import_gift,
            file: "bank.gift",
            line: 2,
        },
        ToolCase {
            code: "gift/bad-numeric",
            severity: "warning",
            files: gift("::Q::How many?{#lots}\n"),
            command: import_gift,
            file: "bank.gift",
            line: 2,
        },
        ToolCase {
            code: "gift/bad-title",
            severity: "warning",
            files: gift("::Never closed\n"),
            command: import_gift,
            file: "bank.gift",
            line: 2,
        },
        ToolCase {
            code: "gift/empty-question",
            severity: "warning",
            files: gift("{=a ~b}\n"),
            command: import_gift,
            file: "bank.gift",
            line: 2,
        },
        ToolCase {
            code: "gift/no-correct-answer",
            severity: "warning",
            files: gift("::Q::Which?{~a ~b}\n"),
            command: import_gift,
            file: "bank.gift",
            line: 2,
        },
        ToolCase {
            code: "gift/unclosed-answers",
            severity: "warning",
            files: gift("::Q::Which?{=a ~b\n"),
            command: import_gift,
            file: "bank.gift",
            line: 2,
        },
        ToolCase {
            code: "aiken/bad-answer",
            severity: "warning",
            files: aiken("Q?\nA. a\nB. b\nANSWER: C\n"),
            command: import_aiken,
            file: "bank.txt",
            line: 4,
        },
        ToolCase {
            code: "aiken/bad-option",
            severity: "warning",
            files: aiken("Q?\nA. a\nC. c\nANSWER: A\n"),
            command: import_aiken,
            file: "bank.txt",
            line: 3,
        },
        ToolCase {
            code: "aiken/misplaced-answer",
            severity: "warning",
            files: aiken("ANSWER: A\n"),
            command: import_aiken,
            file: "bank.txt",
            line: 1,
        },
        ToolCase {
            code: "aiken/missing-answer",
            severity: "warning",
            files: aiken("Q?\nA. a\nB. b\n"),
            command: import_aiken,
            file: "bank.txt",
            line: 1,
        },
        ToolCase {
            code: "gift/not-utf8",
            severity: "error",
            files: vec![f("bank.gift", b"// A bank.\n::Q:: Caf\xe9? {T}\n".to_vec())],
            command: import_gift,
            file: "bank.gift",
            line: 2,
        },
        ToolCase {
            code: "aiken/not-utf8",
            severity: "error",
            files: vec![f("bank.txt", b"Caf\xe9?\nA. a\nB. b\nANSWER: A\n".to_vec())],
            command: import_aiken,
            file: "bank.txt",
            line: 1,
        },
        ToolCase {
            code: "aiken/too-few-options",
            severity: "warning",
            files: aiken("Q?\nA. only\nANSWER: A\n"),
            command: import_aiken,
            file: "bank.txt",
            line: 1,
        },
        ToolCase {
            code: "gift/not-carried",
            severity: "warning",
            files: gift("::Q::Match them.{=a -> 1}\n"),
            command: import_gift,
            file: "bank.gift",
            line: 2,
        },
        ToolCase {
            code: "gift/import-loses",
            severity: "warning",
            files: gift("::Q::[html]<p>Which room?</p>\n<img src=\"@@PLUGINFILE@@/plan.png\">{=Reading room ~Store}\n"),
            command: import_gift,
            file: "bank.gift",
            line: 3,
        },
        ToolCase {
            code: "gift/nested-category",
            severity: "warning",
            files: gift("$CATEGORY: $course$/top/Heritage/Maps\n\n::Q::Fish swim.{T}\n"),
            command: import_gift,
            file: "bank.gift",
            line: 2,
        },
        ToolCase {
            code: "aiken/not-carried",
            severity: "warning",
            files: aiken("Q?\nA. a\nB. b\nANSWER: A\n\nWhich?\nA. same\nB. same\nANSWER: A\n"),
            command: import_aiken,
            file: "bank.txt",
            line: 6,
        },
        ToolCase {
            code: "gift/export-loses",
            severity: "warning",
            files: module_with_page(&question_page(&["Which?\n- [x] a\n- [ ] b\nhint: Think.\n"])),
            command: export,
            file: "m/01-a.md",
            line: 4,
        },
        // `coursepack build` for xAPI without an `activity_base_iri`: at the `id` (line 1).
        ToolCase {
            code: "package/default-activity-iri",
            severity: "warning",
            files: module_with_toml(lines(&TOML)),
            command: &["build", "m", "--target", "xapi", "--format", "json", "--out", "out"],
            file: "m/module.toml",
            line: 1,
        },
        ToolCase {
            code: "gift/export-skipped",
            severity: "warning",
            files: module_with_page(&question_page(&["Order them\n1. a\n2. b\n"])),
            command: export,
            file: "m/01-a.md",
            line: 4,
        },
    ]
}

/// Run one import/export (or build) case and describe what is wrong with the result, if anything.
fn run_tool_case(case: &ToolCase) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &case.files);
    let output = Command::cargo_bin("coursepack")
        .unwrap()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(case.command)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let Ok(report) = serde_json::from_str::<Value>(&stderr) else {
        return Some(format!("{}: stderr is not a JSON report:\n{stderr}", case.code));
    };
    let diagnostics = report["diagnostics"].as_array().cloned().unwrap_or_default();
    let found = diagnostics.iter().any(|d| {
        d["code"] == case.code
            && d["severity"] == case.severity
            && d["location"]["file"] == case.file
            && d["location"]["line"] == case.line
    });
    let others: Vec<&str> = diagnostics.iter().filter_map(|d| d["code"].as_str()).filter(|c| *c != case.code).collect();
    let expected_status = if case.severity == "error" { 1 } else { 0 };
    let status = output.status.code().unwrap_or(-1);
    let mut problems = Vec::new();
    if !found {
        problems.push(format!("expected {} `{}` at {}:{}", case.severity, case.code, case.file, case.line));
    }
    if !others.is_empty() {
        problems.push(format!("the input is not minimal: it also reports {others:?}"));
    }
    if status != expected_status {
        problems.push(format!("exit code {status}, expected {expected_status}"));
    }
    (!problems.is_empty()).then(|| format!("{}: {}\n{stderr}", case.code, problems.join("; ")))
}

#[test]
fn every_import_and_export_code_is_reported_at_its_file_and_line() {
    let failures: Vec<String> = tool_cases().iter().filter_map(run_tool_case).collect();
    assert!(failures.is_empty(), "{} case(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

fn write_files(root: &Path, files: &[(String, Vec<u8>)]) {
    for (path, bytes) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// Run `coursepack check --format json` in `root`; returns the exit code and report.
fn check_json(root: &Path, args: &[&str]) -> (i32, Value, String) {
    let output = Command::cargo_bin("coursepack")
        .unwrap()
        .current_dir(root)
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("stdout is not JSON ({e}):\n{stdout}\nstderr:\n{}", String::from_utf8_lossy(&output.stderr))
    });
    (output.status.code().unwrap_or(-1), report, stdout)
}

fn allowed(code: &str, case: &Case) -> bool {
    code == case.code
        || case.also.iter().any(|a| a.strip_suffix('*').map_or(*a == code, |prefix| code.starts_with(prefix)))
}

/// Run one case and describe what is wrong with the result, if anything.
fn run_case(case: &Case) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &case.files);
    let (status, report, stdout) = check_json(dir.path(), case.args);
    let diagnostics = report["diagnostics"].as_array().cloned().unwrap_or_default();
    let mut problems = Vec::new();
    let found = diagnostics.iter().any(|d| {
        d["code"] == case.code
            && d["severity"] == case.severity
            && d["location"]["file"] == case.file
            && d["location"]["line"] == case.line
    });
    if !found {
        problems.push(format!("expected {} `{}` at {}:{}", case.severity, case.code, case.file, case.line));
    }
    let unexpected: Vec<String> = diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .filter(|code| !allowed(code, case))
        .map(str::to_string)
        .collect();
    if !unexpected.is_empty() {
        problems.push(format!("the input is not minimal: it also reports {unexpected:?}"));
    }
    let has_errors = report["errors"].as_u64().unwrap_or(0) > 0;
    let expected_status = if has_errors { 1 } else { 0 };
    if status != expected_status {
        problems.push(format!("exit code {status}, expected {expected_status}"));
    }
    if case.severity == "error" && !has_errors {
        problems.push("the report counts no errors".to_string());
    }
    (!problems.is_empty()).then(|| format!("{}: {}\n{stdout}", case.code, problems.join("; ")))
}

#[test]
fn every_diagnostic_code_is_reported_at_its_file_and_line() {
    let failures: Vec<String> = cases().iter().filter_map(run_case).collect();
    assert!(failures.is_empty(), "{} case(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn the_table_has_one_case_per_code() {
    let mut seen = BTreeSet::new();
    for code in cases()
        .iter()
        .map(|c| c.code)
        .chain(tool_cases().iter().map(|c| c.code))
        .chain(TESTED_ELSEWHERE.iter().map(|(c, _)| *c))
    {
        assert!(seen.insert(code), "two cases for {code}");
    }
}

/// Every code literal in the scanned crates, found like
/// `grep -oE '"(toml|manifest|...)/[a-z0-9-]+"'` (digits included: `page/not-utf8`).
fn codes_in_source() -> BTreeSet<String> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut codes = BTreeSet::new();
    let mut stack: Vec<_> = SCANNED.iter().map(|s| crates.join(s)).collect();
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split('"') {
                if let Some((prefix, rest)) = piece.split_once('/') {
                    let well_formed = !rest.is_empty()
                        && rest.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                        && rest.starts_with(|c: char| c.is_ascii_lowercase());
                    if PREFIXES.contains(&prefix) && well_formed {
                        codes.insert(piece.to_string());
                    }
                }
            }
        }
    }
    codes
}

#[test]
fn every_code_in_the_source_has_a_case() {
    let in_source = codes_in_source();
    assert!(in_source.len() >= 50, "the scan found too few codes, is it broken? {in_source:?}");
    assert!(in_source.contains("page/not-utf8") && in_source.contains("module/duplicate-id"), "{in_source:?}");
    let tested: BTreeSet<String> = cases()
        .iter()
        .map(|c| c.code.to_string())
        .chain(tool_cases().iter().map(|c| c.code.to_string()))
        .chain(TESTED_ELSEWHERE.iter().map(|(c, _)| c.to_string()))
        .collect();
    let untested: Vec<_> = in_source.difference(&tested).collect();
    assert!(untested.is_empty(), "codes without a case in diagnostic_codes.rs: {untested:?}");
    let stale: Vec<_> = tested.difference(&in_source).collect();
    assert!(stale.is_empty(), "cases for codes no longer in the source: {stale:?}");
}

#[test]
fn every_code_in_the_source_is_documented() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics.md");
    let docs = std::fs::read_to_string(&path).unwrap();
    let missing: Vec<String> =
        codes_in_source().into_iter().filter(|c| !docs.contains(&format!("### `{c}`"))).collect();
    assert!(missing.is_empty(), "codes without a section in docs/diagnostics.md: {missing:?}");
    let unindexed: Vec<String> =
        codes_in_source().into_iter().filter(|c| !docs.contains(&format!("| [`{c}`]("))).collect();
    assert!(unindexed.is_empty(), "codes missing from the index of docs/diagnostics.md: {unindexed:?}");
}

/// One mistake, one report: a broken question block on the assessment page of a
/// module with a pass mark is not also reported as a missing question.
#[test]
fn a_broken_question_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let files =
        quiz_module(&["pass_mark = 50", "[quiz]", r#"pages = ["a"]"#], &["type: single\nWhich?\n- [x] a\n- [x] b\n"]);
    write_files(dir.path(), &files);
    let (status, report, stdout) = check_json(dir.path(), &["m"]);
    assert_eq!(status, 1, "{stdout}");
    let codes: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["quiz/several-correct"], "{report}");
}
