//! The edge cases real authors hit (issue 12 §4): byte-order marks and CRLF
//! line endings in every file, fenced blocks indented into code, manifests
//! that are not UTF-8, and the messages that used to mislead.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn coursepack(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("coursepack").unwrap();
    cmd.current_dir(dir).env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    cmd
}

/// `check --format json`: the exit code and the report.
fn check_json(root: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let output = coursepack(root).arg("check").args(args).args(["--format", "json"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let report = serde_json::from_str(&stdout)
        .unwrap_or_else(|_| panic!("no JSON report: {stdout:?}\n{}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code(), report)
}

/// Each diagnostic as `code@file:line`.
fn located(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}@{}:{}",
                d["code"].as_str().unwrap(),
                d["location"]["file"].as_str().unwrap_or(""),
                d["location"]["line"].as_u64().unwrap_or(0)
            )
        })
        .collect()
}

fn diagnostic<'a>(report: &'a Value, code: &str) -> &'a Value {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code}: {report:#}"))
}

const MANIFEST: &str = "id = \"m\"\ntitle = \"Module\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"A module.\"\npages = [\"01-a.md\", \"02-b.md\"]\n\n[strings]\nnext = \"Onward\"\n";

const PAGE_A: &str = "# Welcome\n\nRead [the second page](02-b.md).\n\n> [!NOTE]\n> A note.\n\n```question\nid: q1\nWhich one?\n\n- [x] Right\n  feedback: Yes.\n- [ ] Wrong\n\nhint: Think.\nexplanation: Because\nit is.\n```\n\n```reflection\nid: r1\nWhat do you think?\n```\n\n```question\nid: q2\nThe [[ICO|Information Commissioner]] regulates data protection.\n```\n";

const PAGE_B: &str = "# Second\n\n![Video: a short talk](media/talk.mp4)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```question\nid: q3\ntype: numeric\nanswer: 72\ntolerance: 2\nHow many?\n```\n";

const VTT: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\nHello there.\n\n00:02.000 --> 00:04.000\nGoodbye.\n";

const COURSE: &str = "id = \"c\"\ntitle = \"Course\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"A course.\"\nmodules = [\"m\"]\n";

/// A course holding one module, every text file written through `style`.
fn write_course(root: &Path, style: fn(&str) -> Vec<u8>) {
    let m = root.join("c/m");
    std::fs::create_dir_all(m.join("media")).unwrap();
    std::fs::write(root.join("c/course.toml"), style(COURSE)).unwrap();
    std::fs::write(m.join("module.toml"), style(MANIFEST)).unwrap();
    std::fs::write(m.join("01-a.md"), style(PAGE_A)).unwrap();
    std::fs::write(m.join("02-b.md"), style(PAGE_B)).unwrap();
    std::fs::write(m.join("media/talk.vtt"), style(VTT)).unwrap();
    std::fs::write(m.join("media/talk.mp4"), b"\0\0\0\x18ftypmp42").unwrap();
}

fn plain(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

fn windows(text: &str) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    bytes
}

/// Every file of a built zip, by name.
fn unzip(path: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
            (file.name().unwrap().to_string(), bytes)
        })
        .collect()
}

#[test]
fn byte_order_marks_and_crlf_change_nothing_in_any_file() {
    let mut built = Vec::new();
    for style in [plain as fn(&str) -> Vec<u8>, windows] {
        let root = tempfile::tempdir().unwrap();
        write_course(root.path(), style);
        let (status, report) = check_json(root.path(), &["c", "--deny-warnings"]);
        assert_eq!((status, located(&report)), (Some(0), vec![]), "{report:#}");
        let output =
            coursepack(root.path()).args(["build", "c", "--target", "web,scorm12", "--out", "dist"]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        let zips: Vec<_> = String::from_utf8(output.stdout).unwrap().lines().map(|l| root.path().join(l)).collect();
        built.push(zips.iter().map(|z| unzip(z)).collect::<Vec<_>>());
    }
    // Everything but the captions file (packaged as written) is the same.
    for (plain, windows) in built[0].iter().zip(&built[1]) {
        assert_eq!(plain.keys().collect::<Vec<_>>(), windows.keys().collect::<Vec<_>>());
        for (name, bytes) in plain {
            if !std::path::Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("vtt")) {
                assert!(windows[name] == *bytes, "{name} differs with a BOM and CRLF");
            }
        }
        let html: String = plain
            .iter()
            .filter(|(name, _)| name.ends_with("index.html"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .collect();
        assert!(html.contains("Welcome") && html.contains("Hello there."), "title and transcript");
    }
}

#[test]
fn question_banks_with_a_byte_order_mark_and_crlf_import_the_same() {
    let root = tempfile::tempdir().unwrap();
    let gift = "$CATEGORY: top/Data\n\n::Q1:: Is the sky blue? {T}\n\n::Q2:: Who regulates? {=ICO ~Ofcom}\n";
    let aiken = "Who regulates data protection?\nA. Ofcom\nB. The ICO\nANSWER: B\n";
    for (format, name, text) in [("gift", "bank.gift", gift), ("aiken", "bank.txt", aiken)] {
        let mut pages = Vec::new();
        for style in [plain as fn(&str) -> Vec<u8>, windows] {
            std::fs::write(root.path().join(name), style(text)).unwrap();
            let output = coursepack(root.path()).args(["import", format, name]).output().unwrap();
            assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
            pages.push(String::from_utf8(output.stdout).unwrap());
        }
        assert_eq!(pages[0], pages[1], "{format}");
        assert!(!pages[1].contains('\u{feff}') && !pages[1].contains('\r'), "{}", pages[1]);
    }
}

/// A module `m` with one page; returns the report of `check`.
fn check_page(page: &str, extra_toml: &str) -> (Option<i32>, Value) {
    let root = tempfile::tempdir().unwrap();
    let m = root.path().join("m");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(
        m.join("module.toml"),
        format!("id = \"m\"\ntitle = \"M\"\nversion = \"1\"\nlanguage = \"en\"\nsummary = \"S.\"\npages = [\"01-a.md\"]\n{extra_toml}"),
    )
    .unwrap();
    std::fs::write(m.join("01-a.md"), page).unwrap();
    check_json(root.path(), &["m"])
}

#[test]
fn a_fenced_block_indented_into_code_is_a_located_warning_for_any_kind() {
    for (page, line, kind) in [
        ("# A\n\n    ```question\n    Which?\n    - [x] a\n    - [ ] b\n    ```\n", 3, "`question`"),
        ("# A\n\nText.\n\n    ```reflection\n    What do you think?\n    ```\n", 5, "`reflection`"),
        ("# A\n\n\t~~~flashcards\n\tFront\n\t~~~\n", 3, "`flashcards`"),
        ("# A\n\n    ```\n    plain\n    ```\n", 3, "fenced block"),
    ] {
        let (status, report) = check_page(page, "");
        assert_eq!(
            (status, located(&report)),
            (Some(0), vec![format!("page/indented-fence@m/01-a.md:{line}")]),
            "{page}"
        );
        let d = diagnostic(&report, "page/indented-fence");
        assert!(d["message"].as_str().unwrap().contains(kind), "{d}");
        assert!(d["hint"].as_str().unwrap().contains("remove the spaces"), "{d}");
    }
    // Ordinary indented code stays quiet.
    let (_, report) = check_page("# A\n\n    let x = 1;\n", "");
    assert_eq!(located(&report), Vec::<String>::new());
}

#[test]
fn a_manifest_that_is_not_utf8_is_located_and_every_other_module_is_still_checked() {
    let root = tempfile::tempdir().unwrap();
    for (name, manifest) in [
        ("latin1", b"id = \"latin1\"\ntitle = \"Caf\xe9 culture\"\nversion = \"1\"\n".to_vec()),
        ("utf16", b"\xFF\xFEi\0d\0 \0=\0".to_vec()),
        ("fine", b"id = \"fine\"\ntitle = \"T\"\nversion = \"1\"\nlanguage = \"en\"\nsummary = \"\"\npages = [\"01-a.md\"]\n".to_vec()),
    ] {
        let m = root.path().join("all").join(name);
        std::fs::create_dir_all(&m).unwrap();
        std::fs::write(m.join("module.toml"), manifest).unwrap();
        std::fs::write(m.join("01-a.md"), "# A\n").unwrap();
    }
    std::fs::create_dir_all(root.path().join("all/course")).unwrap();
    std::fs::write(root.path().join("all/course/course.toml"), b"title = \"\xe9\"\n").unwrap();
    let (status, report) = check_json(root.path(), &["all"]);
    assert_eq!(status, Some(1));
    assert_eq!(
        located(&report),
        [
            "manifest/not-utf8@all/course/course.toml:1",
            "module/empty-summary@all/fine/module.toml:5",
            "manifest/not-utf8@all/latin1/module.toml:2",
            "manifest/not-utf8@all/utf16/module.toml:1",
        ]
    );
    assert!(diagnostic(&report, "manifest/not-utf8")["hint"].as_str().unwrap().contains("UTF-8"));
    let utf16 = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["location"]["file"] == "all/utf16/module.toml")
        .unwrap();
    assert!(utf16["hint"].as_str().unwrap().contains("UTF-16"), "{utf16}");
    let human = coursepack(root.path()).args(["check", "all"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(stderr.contains("2 │ title = \"Caf\u{fffd} culture\""), "the line is shown: {stderr}");
    assert!(stderr.contains("3 modules checked: 3 errors, 1 warning"), "{stderr}");
}

#[test]
fn paths_that_do_not_exist_or_are_files_say_so() {
    let root = tempfile::tempdir().unwrap();
    let (status, _) = check_page("# A\n", "");
    assert_eq!(status, Some(0));
    std::fs::create_dir_all(root.path().join("data-stewardship")).unwrap();
    std::fs::write(
        root.path().join("data-stewardship/module.toml"),
        "id = \"d\"\ntitle = \"D\"\nversion = \"1\"\nlanguage = \"en\"\nsummary = \"S.\"\npages = [\"01-a.md\"]\n",
    )
    .unwrap();
    std::fs::write(root.path().join("data-stewardship/01-a.md"), "# A\n").unwrap();
    std::fs::write(root.path().join("notes.txt"), "x").unwrap();
    let run = |path: &str| {
        let output = coursepack(root.path()).args(["check", path]).output().unwrap();
        (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (code, stderr) = run("data-stewardshp");
    assert_eq!(code, Some(2));
    assert_eq!(stderr.trim(), "error: data-stewardshp does not exist; did you mean `data-stewardship`?");
    let (code, stderr) = run("notes.txt");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("notes.txt is a file, not a folder"), "{stderr}");
    let (code, stderr) = run("data-stewardship/module.toml");
    assert_eq!(code, Some(0), "a manifest stands for its folder: {stderr}");
    let output = coursepack(root.path()).args(["export", "gift", "nowhere"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("nowhere does not exist"));
}

#[test]
fn keys_written_under_a_table_heading_say_to_move_them_up() {
    let (status, report) = check_page(
        "# A\n",
        "[quiz]\nfeedback = \"end\"\nduration_minutes = 20\n\n[strings]\nnext = \"On\"\ntitle = \"Moved\"\naudience = [\"staff\"]\n",
    );
    assert_eq!(status, Some(1));
    for (code, line, heading) in [
        ("toml/unknown-key", 9, "[quiz]"),
        ("module/unknown-string", 13, "[strings]"),
        ("toml/unknown-key", 14, "[strings]"),
    ] {
        let d = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["location"]["line"] == line)
            .unwrap_or_else(|| panic!("line {line}: {report:#}"));
        assert_eq!(d["code"], code, "{d}");
        let hint = d["hint"].as_str().unwrap();
        assert!(hint.contains(&format!("move the line above `{heading}`")), "{hint}");
    }
    // A course's key under `[[sections]]`.
    let root = tempfile::tempdir().unwrap();
    let c = root.path().join("c");
    std::fs::create_dir_all(c.join("a")).unwrap();
    std::fs::write(
        c.join("a/module.toml"),
        "id = \"a\"\ntitle = \"A\"\nversion = \"1\"\nlanguage = \"en\"\nsummary = \"S.\"\npages = [\"01-a.md\"]\n",
    )
    .unwrap();
    std::fs::write(c.join("a/01-a.md"), "# A\n").unwrap();
    std::fs::write(
        c.join("course.toml"),
        "id = \"c\"\ntitle = \"C\"\nversion = \"1\"\nlanguage = \"en\"\nsummary = \"S.\"\n\n[[sections]]\nid = \"s\"\ntitle = \"S\"\nmodules = [\"a\"]\nkeywords = [\"x\"]\n",
    )
    .unwrap();
    let (_, report) = check_json(root.path(), &["c"]);
    let d = diagnostic(&report, "toml/unknown-key");
    assert!(d["hint"].as_str().unwrap().contains("move the line above `[[sections]]`"), "{d}");
}

#[test]
fn names_in_either_unicode_normalisation_find_the_file() {
    let root = tempfile::tempdir().unwrap();
    let m = root.path().join("m");
    std::fs::create_dir_all(m.join("media")).unwrap();
    // Listed and linked composed (as typed on most systems); saved decomposed (as macOS may save).
    std::fs::write(
        m.join("module.toml"),
        "id = \"m\"\ntitle = \"M\"\nversion = \"1\"\nlanguage = \"en\"\nsummary = \"S.\"\npages = [\"01-caf\u{e9}.md\"]\n",
    )
    .unwrap();
    std::fs::write(m.join("01-cafe\u{301}.md"), "# Caf\u{e9}\n\n![The caf\u{e9} in 1950](media/caf\u{e9}.png)\n")
        .unwrap();
    std::fs::write(m.join("media/cafe\u{301}.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let (status, report) = check_json(root.path(), &["m", "--deny-warnings"]);
    assert_eq!((status, located(&report)), (Some(0), vec![]), "{report:#}");
    let output = coursepack(root.path()).args(["build", "m", "--out", "dist"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let files = unzip(&root.path().join(String::from_utf8(output.stdout).unwrap().trim()));
    assert!(files.contains_key("media/caf\u{e9}.png"), "packaged under the name the page uses: {:?}", files.keys());
}

#[test]
fn quiz_pages_naming_a_missing_page_say_so() {
    let (status, report) = check_page(
        "# A\n\n```question\nWhich?\n- [x] a\n- [ ] b\n```\n",
        "pass_mark = 50\n\n[quiz]\npages = [\"01-a.md\", \"03-chek.md\"]\n",
    );
    assert_eq!(status, Some(1));
    assert_eq!(located(&report), ["quiz/unknown-page@m/module.toml:10"]);
    let d = diagnostic(&report, "quiz/unknown-page");
    assert_eq!(d["message"], "`[quiz] pages` names `03-chek.md`, which is not a page of this module");
}

#[test]
fn type_errors_read_as_words() {
    let (_, report) = check_page("# A\n", "duration_minutes = \"25\"\npass_mark = 300\n");
    let messages: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert_eq!(
        messages,
        [
            "`duration_minutes` must be a whole number (0 or more), not the text \"25\"",
            "`pass_mark` must be a whole number from 0 to 255, not the number 300",
        ]
    );
    assert!(!report.to_string().contains("u32") && !report.to_string().contains("u8"), "{report}");
}

#[test]
fn the_summary_line_counts_notes() {
    // A choice of 28 options is more than SCORM 1.2's choice interaction
    // holds: an info (`quiz/standard-degraded`).
    let root = tempfile::tempdir().unwrap();
    let m = root.path().join("m");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(
        m.join("module.toml"),
        "id = \"m\"\ntitle = \"M\"\nversion = \"1\"\nlanguage = \"en\"\nsummary = \"S.\"\npages = [\"01-a.md\"]\n",
    )
    .unwrap();
    let options: String = (1..=28).map(|i| format!("- [{}] o{i}\n", if i == 1 { "x" } else { " " })).collect();
    std::fs::write(m.join("01-a.md"), format!("# A\n\n```question\ntype: multiple\nWhich?\n{options}```\n")).unwrap();
    let (_, report) = check_json(root.path(), &["m"]);
    let infos = report["diagnostics"].as_array().unwrap().iter().filter(|d| d["severity"] == "info").count();
    assert!(infos > 0, "the fixture needs an info: {report:#}");
    let output = coursepack(root.path()).args(["check", "m"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary = stderr.lines().last().unwrap();
    assert_eq!(
        summary,
        format!("1 module checked: 0 errors, 0 warnings, {infos} note{}", if infos == 1 { "" } else { "s" })
    );
}

#[test]
fn a_refused_link_in_a_question_is_reported_with_no_stray_parenthesis() {
    let root = tempfile::tempdir().unwrap();
    let m = root.path().join("m");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(
        m.join("module.toml"),
        "id = \"m\"\ntitle = \"M\"\nversion = \"1\"\nlanguage = \"en\"\nsummary = \"S.\"\npages = [\"01-a.md\"]\n",
    )
    .unwrap();
    std::fs::write(
        m.join("01-a.md"),
        "# A\n\n```question\nWhich [act](javascript:alert(1)) applies? See [the list](https://en.wikipedia.org/wiki/Act_(law)).\n- [x] a\n  feedback: Read [this](file:///S:/notes.txt).\n- [ ] b\n```\n",
    )
    .unwrap();
    let (status, report) = check_json(root.path(), &["m"]);
    assert_eq!(status, Some(1));
    assert_eq!(located(&report), ["quiz/unsafe-link@m/01-a.md:4", "quiz/unsafe-link@m/01-a.md:6"]);
    let first = diagnostic(&report, "quiz/unsafe-link");
    assert_eq!((first["location"]["column"].as_u64(), first["location"]["end_column"].as_u64()), (Some(7), Some(33)));
}

/// A module whose assessment page is `02-b.md`, written by `page_b` (None: not written).
fn module_with_quiz_page(root: &Path, page_b: Option<&[u8]>) {
    let m = root.join("m");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(
        m.join("module.toml"),
        "id = \"m\"\ntitle = \"M\"\nversion = \"1\"\nlanguage = \"en\"\nsummary = \"S.\"\npages = [\"01-a.md\", \"02-b.md\"]\npass_mark = 50\n\n[quiz]\npages = [\"02-b.md\"]\n",
    )
    .unwrap();
    std::fs::write(m.join("01-a.md"), "# A\n\nText.\n").unwrap();
    if let Some(bytes) = page_b {
        std::fs::write(m.join("02-b.md"), bytes).unwrap();
    }
}

#[test]
fn a_page_that_cannot_be_loaded_is_reported_once_and_its_quiz_is_not_reported_missing() {
    for (what, page_b, code) in [
        ("missing", None, "module/page-not-found@m/module.toml:6"),
        ("not UTF-8", Some(&b"# B\n\n\xff\xfe\n"[..]), "page/not-utf8@m/02-b.md:3"),
    ] {
        let root = tempfile::tempdir().unwrap();
        module_with_quiz_page(root.path(), page_b);
        let (status, report) = check_json(root.path(), &["m"]);
        assert_eq!(status, Some(1), "{what}");
        assert_eq!(located(&report), [code], "{what}: one error about the page, none about its questions");
    }
}

/// A page the author may not read is reported as unreadable (not missing), once. Tests
/// run as root on CI, where file permissions do not stop reading: there the CLI runs as
/// `nobody` through `setpriv` (util-linux).
#[cfg(unix)]
#[test]
fn an_unreadable_page_says_so_and_its_quiz_is_not_reported_missing() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    module_with_quiz_page(root.path(), Some(b"# B\n\n```question\nWhich?\n- [x] a\n- [ ] b\n```\n"));
    std::fs::set_permissions(root.path().join("m").join("02-b.md"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("coursepack");
    let is_root = std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let mut cmd = if is_root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    let output =
        match cmd.current_dir(root.path()).env("NO_COLOR", "1").args(["check", "m", "--format", "json"]).output() {
            Ok(output) => output,
            Err(e) => {
                eprintln!("*** SKIPPED: running as root and `setpriv` could not be started ({e}) ***");
                return;
            }
        };
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let Ok(report) = serde_json::from_str::<Value>(&stdout) else {
        // `setpriv` cannot drop privileges here, or nobody cannot reach the binary
        eprintln!("*** SKIPPED: no JSON report as an unprivileged user: {}", String::from_utf8_lossy(&output.stderr));
        return;
    };
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(located(&report), ["module/page-unreadable@m/module.toml:6"]);
    let d = diagnostic(&report, "module/page-unreadable");
    assert!(d["message"].as_str().unwrap().contains("permission"), "{d:#}");
}
