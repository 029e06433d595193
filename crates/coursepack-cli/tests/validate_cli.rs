//! `coursepack validate` through the binary: where each report goes, exit
//! codes, flags. Every input is written by the test itself, so these tests
//! stand on the repository alone (the third-party corpus has
//! `validate_corpus.rs`).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn coursepack() -> Command {
    let mut cmd = Command::cargo_bin("coursepack").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// A SCORM 1.2 manifest; `id` is the organization identifier.
fn manifest(id: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="{id}"><organization identifier="{id}"><title>T</title>
    <item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>
"#
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// A package folder with a valid manifest and its launch file.
fn valid_package(dir: &Path) -> PathBuf {
    let pkg = dir.join("valid");
    write(&pkg, "imsmanifest.xml", &manifest("o"));
    write(&pkg, "index.html", "<!doctype html><title>x</title>");
    pkg
}

/// Issue 12 §6: the human report goes to stdout, as `check`'s does, so
/// `coursepack validate x.zip > report.txt` captures it; stderr stays empty.
#[test]
fn the_human_report_goes_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(dir.path(), "broken/imsmanifest.xml", "<manifest><organizations></manifest>");
    let out = coursepack().arg("validate").arg(&broken).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("error[xml/not-well-formed]"), "{report}");
    assert!(report.starts_with("==> "), "{report}");
    assert!(report.trim_end().ends_with("validated 1 package: 1 error, 0 warnings"), "{report}");
    assert!(out.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    // A shell redirection captures the whole report in the file.
    let file = dir.path().join("report.txt");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "NO_COLOR=1 '{}' validate '{}' > '{}'",
            assert_cmd::cargo::cargo_bin("coursepack").display(),
            broken.display(),
            file.display()
        ))
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    let captured = std::fs::read_to_string(&file).unwrap();
    assert_eq!(captured, report);
}

#[test]
fn exit_codes_follow_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    let valid = valid_package(dir.path());
    let broken = write(dir.path(), "broken/imsmanifest.xml", "<manifest>");
    // An organization identifier that is not an NCName: xmllint rejects it,
    // LMSs accept it (a warning).
    let quirky = write(dir.path(), "quirky/imsmanifest.xml", &manifest("5-org"));
    coursepack().arg("validate").arg(&valid).assert().code(0);
    coursepack().arg("validate").arg(&broken).assert().code(1);
    let out = coursepack().args(["validate", "--format", "json"]).arg(&quirky).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("schema/invalid-id"));
    coursepack().args(["validate", "--deny-warnings"]).arg(&quirky).assert().code(1);
    coursepack().args(["validate", "--lms", "blackboard"]).arg(&valid).assert().code(2);
    coursepack().arg("validate").arg(dir.path().join("no-such-package.zip")).assert().code(2);
    let out = coursepack().args(["validate", "--format", "junit"]).arg(&broken).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("<testsuite"));
}

fn zip_package(dir: &Path) -> PathBuf {
    use std::io::Write;
    let path = dir.join("package.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("imsmanifest.xml", o).unwrap();
    w.write_all(manifest("o").as_bytes()).unwrap();
    w.start_file("index.html", o).unwrap();
    w.write_all(b"<!doctype html><title>x</title>").unwrap();
    w.finish().unwrap();
    path
}

/// Issue 13: the default mode checks every entry (CRC), `--quick` the
/// central directory only, and every report says which mode ran.
#[test]
fn every_report_names_the_mode_that_ran() {
    let dir = tempfile::tempdir().unwrap();
    let zip = zip_package(dir.path());
    let human = |args: &[&str]| {
        let out = coursepack().arg("validate").args(args).arg(&zip).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(human(&[]).contains("    checked: full: every entry's local header, size and CRC-32 checked\n"));
    assert!(human(&["--quick"]).contains("    checked: quick (--quick): central directory only"));
    // The old flag for the full check is still accepted.
    assert!(human(&["--deep"]).contains("    checked: full:"));
    let json = |args: &[&str]| {
        let out = coursepack().args(["validate", "--format", "json"]).args(args).arg(&zip).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["packages"][0]["mode"].clone()
    };
    assert_eq!(json(&[]), "full");
    assert_eq!(json(&["--quick"]), "quick");
    let out = coursepack().args(["validate", "--format", "junit", "--quick"]).arg(&zip).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("<property name=\"checked\" value=\"quick (--quick)"));
    // A folder has no zip container; its report says so.
    let folder = valid_package(dir.path());
    let out = coursepack().arg("validate").arg(&folder).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("checked: the files as they are (no zip container)"));
    coursepack().args(["validate", "--quick", "--deep"]).arg(&zip).assert().code(2);
}

/// `--strict` (also spelled `--strict-schema`, its old name) makes what LMSs
/// tolerate an error: here an organization identifier that is not an NCName.
#[test]
fn strict_turns_tolerated_findings_into_errors() {
    let dir = tempfile::tempdir().unwrap();
    let quirky = write(dir.path(), "quirky/imsmanifest.xml", &manifest("5-org"));
    coursepack().arg("validate").arg(&quirky).assert().code(0);
    coursepack().args(["validate", "--strict"]).arg(&quirky).assert().code(1);
    coursepack().args(["validate", "--strict-schema"]).arg(&quirky).assert().code(1);
}
