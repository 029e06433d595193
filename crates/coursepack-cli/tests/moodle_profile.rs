//! The packages `build --lms moodle|totara` writes pass `validate --lms
//! moodle|totara`, which reports what Moodle's SCORM importer and player
//! cannot read; and the generic SCORM packages do too, since a package that
//! Moodle cannot import is not generic (docs/lms-profiles.md).

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn coursepack() -> Command {
    let mut cmd = Command::cargo_bin("coursepack").unwrap();
    cmd.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")).env("NO_COLOR", "1");
    cmd
}

fn build(lms: &str, out: &Path) -> Vec<PathBuf> {
    let output = coursepack()
        .args(["build", "modules-src", "--target", "scorm12,scorm2004", "--lms", lms, "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{lms}: {}", String::from_utf8_lossy(&output.stderr));
    let zips: Vec<PathBuf> = String::from_utf8_lossy(&output.stdout).lines().map(PathBuf::from).collect();
    // every module and the course, in both versions
    assert_eq!(zips.len(), 8, "{zips:?}");
    zips
}

/// Validate `zips` under `--lms lms --deny-warnings`; the diagnostics that are not notes.
fn problems(lms: &str, zips: &[PathBuf]) -> Vec<Value> {
    let output = coursepack()
        .args(["validate", "--lms", lms, "--deny-warnings", "--format", "json"])
        .args(zips)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let found: Vec<Value> = report["packages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["diagnostics"].as_array().unwrap().iter().filter(|d| d["severity"] != "info").cloned())
        .collect();
    assert_eq!(output.status.code(), Some(if found.is_empty() { 0 } else { 1 }));
    found
}

#[test]
fn packages_built_for_moodle_and_totara_pass_their_profile() {
    for lms in ["moodle", "totara"] {
        let out = tempfile::tempdir().unwrap();
        let zips = build(lms, out.path());
        let found = problems(lms, &zips);
        assert!(found.is_empty(), "{lms}: {found:#?}");
    }
}

#[test]
fn generic_scorm_packages_pass_the_moodle_profile() {
    let out = tempfile::tempdir().unwrap();
    let zips = build("generic", out.path());
    for lms in ["moodle", "totara"] {
        let found = problems(lms, &zips);
        assert!(found.is_empty(), "generic packages under --lms {lms}: {found:#?}");
    }
}
