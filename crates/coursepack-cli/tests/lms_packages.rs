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
        "scorm12.zip" => ("imsmanifest.xml", "scorm12/manifest-all.xsd"),
        "scorm2004.zip" => ("imsmanifest.xml", "scorm2004-4th/manifest-all.xsd"),
        "xapi.zip" => ("tincan.xml", "tincan/tincan.xsd"),
        "cmi5.zip" => ("cmi5.xml", "cmi5/CourseStructure.xsd"),
        _ => return,
    };
    let schemas = repo().join("../shared/schemas");
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

#[test]
fn every_package_built_from_modules_src_validates_cleanly() {
    let out = tempfile::tempdir().unwrap();
    let output = coursepack(&repo())
        .args(["build", "modules-src", "--deny-warnings", "--target", LMS_TARGETS, "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let zips = built(&output);
    // One package per course and per module outside a course, per target.
    let mut expected = Vec::new();
    for target in LMS_TARGETS.split(',') {
        for id in ["digital-leadership-cy", "digital-leadership-for-libraries", "leading-the-sector", "succession-planning"] {
            expected.push(format!("{id}-1.0.0-{target}.zip"));
        }
    }
    expected.sort();
    assert_eq!(names(&zips), expected);
    let output = coursepack(&repo()).args(["validate", "--deny-warnings", "--format", "json"]).args(&zips).output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let packages = report["packages"].as_array().expect("packages");
    assert_eq!(packages.len(), zips.len());
    for package in packages {
        let diagnostics = package["diagnostics"].as_array().unwrap();
        let problems: Vec<&Value> = diagnostics.iter().filter(|d| d["severity"] != "info").collect();
        assert!(problems.is_empty(), "{}: {problems:#?}", package["path"]);
    }
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn a_course_is_one_package_and_its_module_alone_is_another() {
    let out = tempfile::tempdir().unwrap();
    let course = "modules-src/digital-leadership-for-libraries";
    let output = coursepack(&repo()).args(["build", course, "--target", "scorm2004,web", "--out"]).arg(out.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let zips = names(&built(&output));
    assert!(zips.contains(&"digital-leadership-for-libraries-1.0.0-scorm2004.zip".to_string()), "{zips:?}");
    // The web target keeps one site per module.
    for module in ["data-stewardship", "digital-creativity", "digital-impact", "digital-leadership", "digital-marketing"] {
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
    assert!(html.contains("\"lms\":{\"profile\":\"moodle\",\"maxStateLength\":4096,\"navRequest\":false}"), "no lms data in #cp-data");
    let mut manifest = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("imsmanifest.xml").unwrap(), &mut manifest).unwrap();
    assert!(!manifest.contains("masteryscore"), "Moodle gets no mastery score for an all-pages-and-quiz module");

    let output = coursepack(&repo()).args(["build", "modules-src/leading-the-sector", "--lms", "blackboard", "--out"]).arg(out.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown LMS profile `blackboard`; expected one of: generic, moodle, totara, successfactors"));
}

/// A module whose answers cannot fit SCORM 1.2's 4,096 characters: three
/// reflection questions of up to 2,000 characters each.
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
        page.push_str(&format!("\n```question\nid: essay-{i}\ntype: reflection\nWrite about topic {i}.\n```\n"));
    }
    std::fs::write(dir.join("01-a.md"), page).unwrap();
    dir
}

#[test]
fn a_state_that_cannot_fit_fails_the_build_with_a_located_error() {
    let root = tempfile::tempdir().unwrap();
    write_oversized_module(root.path());
    let output = coursepack(root.path()).args(["build", "big", "--target", "scorm12", "--format", "json", "--out", "out"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!root.path().join("out").exists(), "nothing is written");
    let report: Value = serde_json::from_slice(&output.stderr).expect("JSON report on stderr");
    let error = report["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "quiz/state-too-large").expect("state-too-large reported");
    assert_eq!(error["severity"], "error");
    assert_eq!(error["location"]["file"], "big/module.toml");
    assert_eq!(error["location"]["line"], 6);
    assert!(error["message"].as_str().unwrap().contains("over SCORM 1.2's limit of 4096"), "{error}");
    // SCORM 2004 keeps 64,000 characters: the same module builds.
    let output = coursepack(root.path()).args(["build", "big", "--target", "scorm2004", "--out", "out"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(names(&built_in(root.path(), &output)), ["big-1.0.0-scorm2004.zip"]);
}

#[test]
fn long_reflections_are_noted_not_refused() {
    let out = tempfile::tempdir().unwrap();
    let output = coursepack(&repo())
        .args(["build", "modules-src/leading-the-sector", "--target", "scorm12", "--format", "json", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(built(&output).len(), 1);
    let report: Value = serde_json::from_slice(&output.stderr).expect("JSON report on stderr");
    let note = report["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "package/reflections-may-be-shortened").expect("note");
    assert_eq!(note["severity"], "info");
    assert_eq!(note["location"]["file"], "modules-src/leading-the-sector/module.toml");
}

#[test]
fn a_scorm2004_course_for_moodle_or_totara_warns_that_its_order_is_not_enforced() {
    let course = "modules-src/digital-leadership-for-libraries";
    for (lms, target, warned) in [("moodle", "scorm2004", true), ("totara", "all", true), ("generic", "scorm2004", false), ("moodle", "scorm12", false)] {
        let out = tempfile::tempdir().unwrap();
        let output = coursepack(&repo())
            .args(["build", course, "--target", target, "--lms", lms, "--format", "json", "--out"])
            .arg(out.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{lms} {target}: {}", String::from_utf8_lossy(&output.stderr));
        let report: Value = serde_json::from_slice(&output.stderr).expect("JSON report on stderr");
        let found: Vec<&Value> = report["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "package/course-order-not-enforced").collect();
        assert_eq!(found.len(), usize::from(warned), "{lms} {target}: {report}");
        if let Some(d) = found.first() {
            assert_eq!(d["severity"], "warning");
            assert_eq!(d["location"]["file"], format!("{course}/course.toml"));
            assert_eq!(d["location"]["line"], 7);
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
