//! The LMS targets end to end: every package built from `modules-src`, for
//! every LMS target, passes `coursepack validate` with no error and no
//! warning; courses become one package; `--lms` profiles; the build-time
//! learner-state bound fails a build with a located error and writes nothing.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const LMS_TARGETS: &str = "scorm12,scorm2004,xapi,cmi5";

fn coursepack(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("coursepack").unwrap();
    cmd.current_dir(dir).env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    cmd
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The zip paths `build` printed on stdout; the manifest of each LMS package
/// is checked with xmllint against the official schemas on the way.
fn built_in(cwd: &Path, output: &std::process::Output) -> Vec<PathBuf> {
    let zips: Vec<PathBuf> = String::from_utf8_lossy(&output.stdout).lines().map(|l| cwd.join(l)).collect();
    for zip in &zips {
        assert_manifest_validates(zip);
    }
    zips
}

/// [`built_in`] for builds run in the repository.
fn built(output: &std::process::Output) -> Vec<PathBuf> {
    built_in(&repo(), output)
}

/// Validate the manifest inside an LMS package with xmllint (panics, never skips, when xmllint is missing).
fn assert_manifest_validates(zip: &Path) {
    let name = zip.file_name().unwrap().to_string_lossy().into_owned();
    let (manifest, schema) = match name.rsplit('-').next().unwrap_or("") {
        "scorm12.zip" => ("imsmanifest.xml", "validation/scorm12.xsd"),
        "scorm2004.zip" => ("imsmanifest.xml", "validation/scorm2004.xsd"),
        "xapi.zip" => ("tincan.xml", "tincan/tincan.xsd"),
        "cmi5.zip" => ("cmi5.xml", "cmi5/CourseStructure.xsd"),
        _ => return,
    };
    // The project's one copy of the official schemas (crates/coursepack-package/xsd/README.md).
    let schemas = repo().join("crates/coursepack-package/xsd");
    assert!(schemas.join(schema).is_file(), "the official schemas are missing from {}", schemas.display());
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut xml = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_name(manifest).unwrap(), &mut xml).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(manifest);
    std::fs::write(&path, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schemas.join(schema))
        .arg(&path)
        .output()
        .expect("xmllint is not installed: run scripts/install-test-deps.sh (Debian libxml2-utils)");
    assert!(out.status.success(), "{name}: {manifest} does not validate:\n{}", String::from_utf8_lossy(&out.stderr));
}

fn names(paths: &[PathBuf]) -> Vec<String> {
    let mut names: Vec<String> = paths.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Every module and course in `modules-src`, built for every target (`--target
/// all`, the offline web packages included: issue 12 §3), validates with no
/// error and no warning; `validate` recognises the web zips as offline web
/// packages.
#[test]
fn every_package_built_from_modules_src_validates_cleanly() {
    let out = tempfile::tempdir().unwrap();
    let output = coursepack(&repo())
        .args(["build", "modules-src", "--deny-warnings", "--target", "all", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let all = built(&output);
    let (web, zips): (Vec<PathBuf>, Vec<PathBuf>) =
        all.iter().cloned().partition(|z| z.to_string_lossy().ends_with("-web.zip"));
    assert!(web.len() >= 8, "one web package per module: {web:?}");
    // One package per course and per module outside a course, per target.
    let mut expected = Vec::new();
    for target in LMS_TARGETS.split(',') {
        for id in
            ["digital-leadership-cy", "digital-leadership-for-libraries", "leading-the-sector", "succession-planning"]
        {
            expected.push(format!("{id}-1.0.0-{target}.zip"));
        }
    }
    expected.sort();
    assert_eq!(names(&zips), expected);
    let output =
        coursepack(&repo()).args(["validate", "--deny-warnings", "--format", "json"]).args(&all).output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let packages = report["packages"].as_array().expect("packages");
    assert_eq!(packages.len(), all.len());
    for package in packages {
        let is_web = package["path"].as_str().unwrap().ends_with("-web.zip");
        assert_eq!(package["standard"] == "web", is_web, "{}: {}", package["path"], package["standard"]);
        let diagnostics = package["diagnostics"].as_array().unwrap();
        let problems: Vec<&Value> = diagnostics.iter().filter(|d| d["severity"] != "info").collect();
        assert!(problems.is_empty(), "{}: {problems:#?}", package["path"]);
        // Our packages carry nothing stray (checked by name for xAPI and cmi5, by the file list for SCORM).
        let stray: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == "content/unreferenced-file").collect();
        assert!(stray.is_empty(), "{}: {stray:#?}", package["path"]);
    }
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn a_course_is_one_package_and_its_module_alone_is_another() {
    let out = tempfile::tempdir().unwrap();
    let course = "modules-src/digital-leadership-for-libraries";
    let output = coursepack(&repo())
        .args(["build", course, "--target", "scorm2004,web", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let zips = names(&built(&output));
    assert!(zips.contains(&"digital-leadership-for-libraries-1.0.0-scorm2004.zip".to_string()), "{zips:?}");
    // The web target keeps one site per module.
    for module in
        ["data-stewardship", "digital-creativity", "digital-impact", "digital-leadership", "digital-marketing"]
    {
        assert!(zips.contains(&format!("{module}-1.0.0-web.zip")), "{zips:?}");
        assert!(!zips.contains(&format!("{module}-1.0.0-scorm2004.zip")), "{zips:?}");
    }
    assert_eq!(zips.len(), 6);
    let output = coursepack(&repo())
        .args(["build", &format!("{course}/data-stewardship"), "--target", "scorm12", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(names(&built(&output)), ["data-stewardship-1.0.0-scorm12.zip"]);
}

#[test]
fn lms_profiles_are_chosen_by_name() {
    let out = tempfile::tempdir().unwrap();
    let output = coursepack(&repo())
        .args(["build", "modules-src/leading-the-sector", "--target", "scorm12", "--lms", "moodle", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let zip = &built(&output)[0];
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut html = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("index.html").unwrap(), &mut html).unwrap();
    assert!(
        html.contains("\"lms\":{\"profile\":\"moodle\",\"maxStateLength\":4096,\"navRequest\":false}"),
        "no lms data in #cp-data"
    );
    let mut manifest = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("imsmanifest.xml").unwrap(), &mut manifest).unwrap();
    assert!(!manifest.contains("masteryscore"), "Moodle gets no mastery score for an all-pages-and-quiz module");

    let output = coursepack(&repo())
        .args(["build", "modules-src/leading-the-sector", "--lms", "blackboard", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains(
        "invalid value 'blackboard' for '--lms <PROFILE>'\n  [possible values: generic, moodle, totara, successfactors]"
    ));
}

/// A module whose answers cannot fit SCORM 1.2's 4,096 characters: three
/// fill-in questions of seven blanks, each blank up to 100 characters (200
/// once JSON escapes them), before any reflection is written.
fn write_oversized_module(root: &Path) -> PathBuf {
    let dir = root.join("big");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("module.toml"),
        "id = \"big\"\ntitle = \"Big\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"Long answers.\"\npages = [\"01-a.md\"]\n",
    )
    .unwrap();
    let mut page = String::from("# Questions\n");
    for i in 1..=3 {
        let blanks: String = (1..=7).map(|b| format!(" word [[w{b}]]")).collect();
        page.push_str(&format!("\n```question\nid: fill-{i}\nFill in:{blanks}.\n```\n"));
    }
    page.push_str("\n```reflection\nWhat did you learn?\n```\n");
    std::fs::write(dir.join("01-a.md"), page).unwrap();
    dir
}

/// A module with eight reflections, prompts and `type: reflection` questions
/// in turn on one page: in SCORM 1.2 they would get about 220 characters each.
/// Returns the folder and the line each reflection is reported at: a prompt's
/// opening fence, a question's first line (where every quiz diagnostic points).
fn write_many_reflections_module(root: &Path) -> (PathBuf, Vec<usize>) {
    let dir = root.join("many");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("module.toml"),
        "id = \"many\"\ntitle = \"Many\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"Many reflections.\"\npages = [\"01-a.md\"]\n",
    )
    .unwrap();
    let mut page = String::from("# Reflections\n");
    let mut lines = Vec::new();
    for i in 1..=4 {
        lines.push(page.lines().count() + 2);
        page.push_str(&format!("\n```reflection\nid: prompt-{i}\nWhat is step {i}?\n```\n"));
        lines.push(page.lines().count() + 3);
        page.push_str(&format!("\n```question\nid: essay-{i}\ntype: reflection\nWhy does step {i} matter?\n```\n"));
    }
    std::fs::write(dir.join("01-a.md"), page).unwrap();
    (dir, lines)
}

#[test]
fn reflections_without_room_fail_the_build_at_the_first_one_that_does_not_fit() {
    let root = tempfile::tempdir().unwrap();
    let (_, lines) = write_many_reflections_module(root.path());
    let output = coursepack(root.path())
        .args(["build", "many", "--target", "scorm12", "--format", "json", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(!root.path().join("out").exists(), "nothing is written");
    let report: Value = serde_json::from_slice(&output.stderr).expect("JSON report on stderr");
    let errors: Vec<&Value> =
        report["diagnostics"].as_array().unwrap().iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{report}");
    let error = errors[0];
    assert_eq!(error["code"], "package/reflections-do-not-fit");
    // Three reflections of 500 characters fit next to the rest; the fourth (a question) is the first without room.
    assert_eq!(error["location"]["file"], "many/01-a.md");
    assert_eq!(error["location"]["line"], lines[3] as u64, "{error}");
    assert_eq!(error["location"]["column"], 1);
    let message = error["message"].as_str().unwrap();
    assert!(
        message
            .contains("SCORM 1.2's limit of 4096 characters leaves each of the module's 8 reflections room for only"),
        "{message}"
    );
    assert!(message.contains("under the minimum of 500; this is reflection 4 of 8"), "{message}");
    let hint = error["hint"].as_str().unwrap();
    assert!(
        hint.contains("fewer reflections")
            && hint.contains("split the module")
            && hint.contains("SCORM 2004, xAPI or cmi5"),
        "{hint}"
    );
    // The human report shows file:line:col.
    let output =
        coursepack(root.path()).args(["build", "many", "--target", "scorm12", "--out", "out"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&output.stderr).contains(&format!("many/01-a.md:{}:1", lines[3])),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The other targets give every reflection its 2000 characters.
    let output = coursepack(root.path())
        .args(["build", "many", "--target", "scorm2004,xapi,cmi5,web", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    for zip in built_in(root.path(), &output).iter().filter(|z| z.extension().is_some_and(|e| e == "zip")) {
        assert_eq!(reflection_caps(zip), [2000], "{}", zip.display());
    }
}

/// `#cp-data.module.reflectionMaxChars` of every module player in a zip.
fn reflection_caps(zip: &Path) -> Vec<u64> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let names: Vec<String> =
        archive.file_names().filter_map(Result::ok).filter(|n| n.ends_with("index.html")).map(String::from).collect();
    let mut caps = Vec::new();
    for name in names {
        let mut html = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(&name).unwrap(), &mut html).unwrap();
        let Some(start) = html.find("<script type=\"application/json\" id=\"cp-data\">") else { continue };
        let json = &html[start..];
        let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
        let data: Value = serde_json::from_str(json).unwrap();
        caps.push(data["module"]["reflectionMaxChars"].as_u64().unwrap());
    }
    caps
}

#[test]
fn a_state_that_cannot_fit_fails_the_build_with_a_located_error() {
    let root = tempfile::tempdir().unwrap();
    write_oversized_module(root.path());
    let output = coursepack(root.path())
        .args(["build", "big", "--target", "scorm12", "--format", "json", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!root.path().join("out").exists(), "nothing is written");
    let report: Value = serde_json::from_slice(&output.stderr).expect("JSON report on stderr");
    let error = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "quiz/state-too-large")
        .expect("state-too-large reported");
    assert_eq!(error["severity"], "error");
    assert_eq!(error["location"]["file"], "big/module.toml");
    assert_eq!(error["location"]["line"], 6);
    assert!(error["message"].as_str().unwrap().contains("over SCORM 1.2's limit of 4096"), "{error}");
    // SCORM 2004 keeps 64,000 characters: the same module builds.
    let output =
        coursepack(root.path()).args(["build", "big", "--target", "scorm2004", "--out", "out"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(names(&built_in(root.path(), &output)), ["big-1.0.0-scorm2004.zip"]);
}

#[test]
fn shipped_modules_give_each_reflection_the_room_proved_for_scorm12() {
    let out = tempfile::tempdir().unwrap();
    let output = coursepack(&repo())
        .args(["build", "modules-src/leading-the-sector", "--target", "scorm12,scorm2004", "--format", "json", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stderr).expect("JSON report on stderr");
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 0, "no note, no warning: {report}");
    let zips = built(&output);
    let caps = |target: &str| {
        reflection_caps(zips.iter().find(|z| z.to_string_lossy().ends_with(&format!("{target}.zip"))).unwrap())
    };
    // SCORM 1.2: under 2000 (the state would not fit with full-length reflections) but well over the minimum.
    let scorm12 = caps("scorm12");
    assert_eq!(scorm12.len(), 1);
    assert!((500..2000).contains(&scorm12[0]), "{scorm12:?}");
    assert_eq!(caps("scorm2004"), [2000]);
}

#[test]
fn a_scorm2004_course_for_moodle_or_totara_warns_that_its_order_is_not_enforced() {
    let course = "modules-src/digital-leadership-for-libraries";
    for (lms, target, warned) in [
        ("moodle", "scorm2004", true),
        ("totara", "all", true),
        ("generic", "scorm2004", false),
        ("moodle", "scorm12", false),
    ] {
        let out = tempfile::tempdir().unwrap();
        let output = coursepack(&repo())
            .args(["build", course, "--target", target, "--lms", lms, "--format", "json", "--out"])
            .arg(out.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{lms} {target}: {}", String::from_utf8_lossy(&output.stderr));
        let report: Value = serde_json::from_slice(&output.stderr).expect("JSON report on stderr");
        let found: Vec<&Value> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "package/course-order-not-enforced")
            .collect();
        assert_eq!(found.len(), usize::from(warned), "{lms} {target}: {report}");
        if let Some(d) = found.first() {
            assert_eq!(d["severity"], "warning");
            assert_eq!(d["location"]["file"], format!("{course}/course.toml"));
            // the course lists its modules in `[[sections]]`: the first one's header line
            let first_section = std::fs::read_to_string(repo().join(course).join("course.toml"))
                .unwrap()
                .lines()
                .position(|l| l == "[[sections]]")
                .unwrap()
                + 1;
            assert_eq!(d["location"]["line"], first_section as u64);
            let name = if lms == "moodle" { "Moodle" } else { "Totara" };
            assert!(d["message"].as_str().unwrap().contains(name), "{d}");
        }
    }
    // The warning is a warning: with --deny-warnings the build stops and writes nothing.
    let out = tempfile::tempdir().unwrap();
    let output = coursepack(&repo())
        .args(["build", course, "--target", "scorm2004", "--lms", "moodle", "--deny-warnings", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "nothing is written");
}

#[test]
fn blocks_whose_state_cannot_fit_fail_the_build_and_their_state_counts_against_reflections() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("busy");
    std::fs::create_dir_all(&dir).unwrap();
    // 60 accordions of 20 panels with 60-character ids: each can keep "<id>":1048575 (70
    // characters), so `,"b":{…}` can reach 7 + 60 × 70 + 59 commas = 4266.
    let mut page = String::from("# Busy\n\n");
    for n in 0..60 {
        page.push_str(&format!("```accordion\nid: {n:02}-{}\n", "x".repeat(57)));
        for p in 0..20 {
            page.push_str(&format!("## Panel {p}\nText.\n"));
        }
        page.push_str("```\n\n");
    }
    std::fs::write(dir.join("01-busy.md"), &page).unwrap();
    std::fs::write(
        dir.join("module.toml"),
        "id = \"busy\"\ntitle = \"Busy\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"Many blocks.\"\npages = [\"01-busy.md\"]\n",
    )
    .unwrap();
    let output = coursepack(root.path())
        .args(["build", "busy", "--target", "scorm12", "--format", "json", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!root.path().join("out").exists(), "nothing is written");
    let report: Value = serde_json::from_slice(&output.stderr).expect("JSON report on stderr");
    let error = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "quiz/state-too-large")
        .expect("reported");
    assert_eq!(error["location"]["file"], "busy/module.toml");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("60 interactive blocks alone can keep 4266 characters"), "{message}");
    // SCORM 2004 has room.
    let output =
        coursepack(root.path()).args(["build", "busy", "--target", "scorm2004", "--out", "out"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));

    // With half of them, the blocks fit; a reflection then gets what they leave, less than without them.
    let half: String = page.split("```accordion").take(31).collect::<Vec<_>>().join("```accordion");
    let with_reflection = format!("{half}```reflection\nid: r\nWhat will you do?\n```\n");
    std::fs::write(dir.join("01-busy.md"), &with_reflection).unwrap();
    let output =
        coursepack(root.path()).args(["build", "busy", "--target", "scorm12", "--out", "out2"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let with_blocks = reflection_caps(&built_in(root.path(), &output)[0]);
    std::fs::write(dir.join("01-busy.md"), "# Busy\n\n```reflection\nid: r\nWhat will you do?\n```\n").unwrap();
    let output =
        coursepack(root.path()).args(["build", "busy", "--target", "scorm12", "--out", "out3"]).output().unwrap();
    let alone = reflection_caps(&built_in(root.path(), &output)[0]);
    assert!(
        with_blocks[0] + 1000 < alone[0],
        "the blocks' 2,136 characters come off the reflection's room: {with_blocks:?} {alone:?}"
    );
}

/// A module `m` in `root/<dir>` (its `id` on line 2, after a comment), with
/// `extra` lines in its `module.toml`.
fn write_module(root: &Path, dir: &str, id: &str, extra: &str) {
    let folder = root.join(dir);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("module.toml"),
        format!(
            "# A module.\nid = \"{id}\"\ntitle = \"Module\"\nversion = \"1.0.0\"\nlanguage = \"en\"\n\
             summary = \"A module.\"\n{extra}pages = [\"01-a.md\"]\n"
        ),
    )
    .unwrap();
    std::fs::write(folder.join("01-a.md"), "# A\n\nText.\n").unwrap();
}

/// `coursepack build <path> --target <target> --format json` in `root`: exit code and the
/// `package/default-activity-iri` diagnostics of its report.
fn default_iri_warnings(root: &Path, path: &str, target: &str, deny: bool) -> (i32, Vec<Value>, usize) {
    let out = tempfile::tempdir().unwrap();
    let mut cmd = coursepack(root);
    cmd.args(["build", path, "--target", target, "--format", "json", "--out"]).arg(out.path());
    if deny {
        cmd.arg("--deny-warnings");
    }
    let output = cmd.output().unwrap();
    let report: Value = serde_json::from_slice(&output.stderr)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    let found = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "package/default-activity-iri")
        .cloned()
        .collect();
    let written = std::fs::read_dir(out.path()).unwrap().count();
    (output.status.code().unwrap_or(-1), found, written)
}

/// Issue 12 §2: without `activity_base_iri` every publisher's module `m` has
/// the activity id `urn:coursepack:module/m`, so an xAPI or cmi5 build warns,
/// once per package, at the `id` of the manifest, with a hint saying what to add.
#[test]
fn an_xapi_or_cmi5_build_without_an_activity_base_iri_warns_at_the_id() {
    let dir = tempfile::tempdir().unwrap();
    write_module(dir.path(), "m", "m", "");
    for target in ["xapi", "cmi5", "all", "scorm12,xapi,cmi5,web"] {
        let (status, found, written) = default_iri_warnings(dir.path(), "m", target, false);
        assert_eq!(status, 0, "{target}: a warning does not fail the build");
        assert!(written > 0, "{target}: the packages are written");
        assert_eq!(found.len(), 1, "{target}: once per package content: {found:?}");
        let d = &found[0];
        assert_eq!(d["severity"], "warning");
        assert_eq!(d["location"]["file"], "m/module.toml");
        assert_eq!((d["location"]["line"].as_u64(), d["location"]["column"].as_u64()), (Some(2), Some(6)), "{d}");
        let message = d["message"].as_str().unwrap();
        assert!(
            message.starts_with("module `m` has no `activity_base_iri`")
                && message.contains("`urn:coursepack:module/m`")
                && message.contains("learning record store"),
            "{message}"
        );
        let hint = d["hint"].as_str().unwrap();
        assert!(
            hint.contains(r#"activity_base_iri = "https://learning.example.org/xapi/""#)
                && hint.contains(r#"activity_base_iri = "urn:coursepack:<a new UUID>:""#)
                && hint.contains("coursepack new"),
            "{d}"
        );
    }
    // --deny-warnings refuses the build and writes nothing.
    let (status, found, written) = default_iri_warnings(dir.path(), "m", "xapi", true);
    assert_eq!((status, found.len(), written), (1, 1, 0));
    // The targets without activity ids never warn.
    for target in ["web", "scorm12", "scorm2004", "web,scorm12,scorm2004"] {
        let (status, found, _) = default_iri_warnings(dir.path(), "m", target, true);
        assert_eq!((status, found.len()), (0, 0), "{target}: {found:?}");
    }
    // A base of the module's own: no warning, and --deny-warnings builds.
    write_module(dir.path(), "own", "own", "activity_base_iri = \"https://learning.example.org/xapi/\"\n");
    let (status, found, written) = default_iri_warnings(dir.path(), "own", "all", true);
    assert_eq!((status, found.len()), (0, 0), "{found:?}");
    assert!(written > 0);
}

/// A course warns once at its own `id` when it has no base (its activity id
/// and those of its modules without a base would be shared), never per
/// module; a base in `course.toml` covers the modules that have none.
#[test]
fn a_course_without_an_activity_base_iri_warns_once_at_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let course = |base: &str| {
        std::fs::write(
            dir.path().join("c/course.toml"),
            format!(
                "id = \"c\"\ntitle = \"Course\"\nversion = \"1.0.0\"\nlanguage = \"en\"\nsummary = \"A course.\"\n\
                 {base}modules = [\"a\", \"b\"]\n"
            ),
        )
        .unwrap();
    };
    write_module(dir.path(), "c/a", "a", "");
    write_module(dir.path(), "c/b", "b", "");
    course("");
    for target in ["xapi", "cmi5", "all"] {
        let (status, found, _) = default_iri_warnings(dir.path(), "c", target, false);
        assert_eq!(status, 0);
        assert_eq!(found.len(), 1, "{target}: once for the course, not per module: {found:?}");
        assert_eq!(found[0]["location"]["file"], "c/course.toml");
        assert_eq!(
            (found[0]["location"]["line"].as_u64(), found[0]["location"]["column"].as_u64()),
            (Some(1), Some(6))
        );
        let message = found[0]["message"].as_str().unwrap();
        assert!(
            message.starts_with("course `c` has no `activity_base_iri`")
                && message.contains("`urn:coursepack:course/c`")
        );
        assert!(found[0]["hint"].as_str().unwrap().contains("covers the course's modules that have none of their own"));
    }
    assert_eq!(default_iri_warnings(dir.path(), "c", "scorm2004", true).0, 0);
    assert_eq!(default_iri_warnings(dir.path(), "c", "cmi5", true).0, 1);
    // The course's base covers its modules: no warning, --deny-warnings builds.
    course("activity_base_iri = \"urn:coursepack:6f0c2b8e-1d2a-4c3b-9e4f-5a6b7c8d9e0f:\"\n");
    let (status, found, written) = default_iri_warnings(dir.path(), "c", "all", true);
    assert_eq!((status, found.len()), (0, 0), "{found:?}");
    assert!(written > 0);
}

/// The shipped modules and course each have a base of their own, which their
/// xAPI and cmi5 packages use (the course's modules share the course's).
#[test]
fn shipped_modules_use_their_own_activity_base_iri() {
    let (status, found, _) = default_iri_warnings(&repo(), "modules-src", "xapi,cmi5", true);
    assert_eq!((status, found.len()), (0, 0), "{found:?}");
    let base_in = |toml: &str| {
        let text = std::fs::read_to_string(repo().join(toml)).unwrap();
        let line = text.lines().find(|l| l.starts_with("activity_base_iri = ")).expect(toml).to_string();
        line.trim_start_matches("activity_base_iri = ").trim_matches('"').to_string()
    };
    let course = base_in("modules-src/digital-leadership-for-libraries/course.toml");
    let modules = [
        base_in("modules-src/leading-the-sector/module.toml"),
        base_in("modules-src/arweinyddiaeth-ddigidol/module.toml"),
        base_in("modules-src/succession-planning/module.toml"),
    ];
    let mut all: Vec<&String> = modules.iter().chain([&course]).collect();
    assert!(all.iter().all(|b| !b.is_empty() && b.as_str() != "urn:coursepack:"), "{all:?}");
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 4, "every module and the course have a base of their own");
    for m in ["digital-leadership", "data-stewardship", "digital-creativity", "digital-marketing", "digital-impact"] {
        assert_eq!(base_in(&format!("modules-src/digital-leadership-for-libraries/{m}/module.toml")), course, "{m}");
    }
    let out = tempfile::tempdir().unwrap();
    let output = coursepack(&repo())
        .args(["build", "modules-src/digital-leadership-for-libraries", "--target", "cmi5", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let zip = built(&output).into_iter().next().unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("cmi5.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains(&format!("<course id=\"{course}course/digital-leadership-for-libraries\">")), "{xml}");
    assert!(xml.contains(&format!("<au id=\"{course}module/digital-impact\"")), "{xml}");
}
