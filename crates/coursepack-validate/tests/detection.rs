//! The standard is detected from the manifest's content (root element and
//! namespace) for every input form (zip, folder, bare file, with and
//! without `manifest_only`); the file name is only a tie-breaker, and a
//! package's manifest with the wrong name is reported as such.

mod common;

use coursepack_diagnostics::Severity;
use coursepack_validate::{Options, PackageReport, validate_path};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A cmi5 course structure with one fault only cmi5 rules find: a course id
/// that is not an IRI.
const CMI5: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="not an iri"><title><langstring lang="en">C</langstring></title><description><langstring lang="en">D</langstring></description></course>
  <au id="https://example.com/au/1" moveOn="Completed"><title><langstring lang="en">A</langstring></title><description><langstring lang="en">D</langstring></description><url>index.html</url></au>
</courseStructure>"#;

const TINCAN: &str = r#"<?xml version="1.0"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
<activity id="https://example.com/course" type="http://adlnet.gov/expapi/activities/course"><name>C</name><description lang="en">D</description><launch lang="und">index.html</launch></activity>
</activities></tincan>"#;

const SCORM12: &str = r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>"#;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn zip(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    let path = dir.join("package.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files {
        w.start_file(*name, o).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap();
    path
}

fn validate(path: &Path, manifest_only: bool) -> PackageReport {
    let report = validate_path(path, &Options { manifest_only, ..Options::default() }).unwrap();
    common::assert_complete(&report.diagnostics, &path.display().to_string());
    report
}

fn has(r: &PackageReport, code: &str, severity: Severity) -> bool {
    r.diagnostics.iter().any(|d| d.code == code && d.severity == severity)
}

fn standard(r: &PackageReport) -> Option<&'static str> {
    r.standard.map(|s| s.id())
}

#[test]
fn a_bare_course_structure_under_any_name_is_cmi5() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["Course Structure 2.xml", "201-1-iris-course-id.xml", "imsmanifest.xml", "tincan.xml"] {
        let path = write(dir.path(), name, CMI5);
        for manifest_only in [false, true] {
            let r = validate(&path, manifest_only);
            assert_eq!(standard(&r), Some("cmi5"), "{name}: {:#?}", r.diagnostics);
            // The real fault is found, not a wrong root for another standard.
            assert!(has(&r, "cmi5/id-not-iri", Severity::Error), "{name}: {:#?}", r.diagnostics);
            assert!(!r.diagnostics.iter().any(|d| d.code == "schema/unexpected-root"), "{name}: {:#?}", r.diagnostics);
            // A bare file's name says nothing about a package.
            assert!(!r.diagnostics.iter().any(|d| d.code == "package/manifest-name"), "{name}");
        }
        std::fs::remove_file(path).unwrap();
    }
}

#[test]
fn bare_tincan_and_scorm_files_under_other_names() {
    let dir = tempfile::tempdir().unwrap();
    let r = validate(&write(dir.path(), "activity 1.xml", TINCAN), true);
    assert_eq!(standard(&r), Some("tincan"), "{:#?}", r.diagnostics);
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
    let r = validate(&write(dir.path(), "cmi5.xml", SCORM12), true);
    assert_eq!(standard(&r), Some("scorm12"), "{:#?}", r.diagnostics);
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
}

/// The name breaks the tie only when the root element names no standard.
#[test]
fn the_name_breaks_the_tie_for_an_unknown_root() {
    let dir = tempfile::tempdir().unwrap();
    let r = validate(&write(dir.path(), "my-cmi5.xml", "<course/>"), false);
    assert_eq!(standard(&r), Some("cmi5"));
    assert!(has(&r, "schema/unexpected-root", Severity::Error));
    let r = validate(&write(dir.path(), "other.xml", "<course/>"), false);
    assert_eq!(standard(&r), Some("scorm12"));
    assert!(has(&r, "schema/unexpected-root", Severity::Error));
}

/// In a folder or a zip, a manifest under another name is found by its
/// content and validated, and its name is an error (LMSs look for
/// `cmi5.xml`), or a note with `manifest_only`.
#[test]
fn a_package_manifest_under_another_name_is_found_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder");
    write(&folder, "Course Structure.xml", CMI5);
    write(&folder, "index.html", "<!doctype html><title>x</title>");
    write(&folder, "notes.xml", "<notes/>");
    let zipped = zip(dir.path(), &[("Course Structure.xml", CMI5), ("index.html", "<!doctype html><title>x</title>")]);
    for path in [&folder, &zipped] {
        let r = validate(path, false);
        assert_eq!(standard(&r), Some("cmi5"), "{}: {:#?}", path.display(), r.diagnostics);
        assert!(has(&r, "cmi5/id-not-iri", Severity::Error));
        let d = r.diagnostics.iter().find(|d| d.code == "package/manifest-name").expect("manifest-name");
        assert_eq!(d.severity, Severity::Error);
        assert!(d.message.contains("must be named `cmi5.xml`"), "{}", d.message);
        assert_eq!(d.location.as_ref().unwrap().file, "Course Structure.xml");
        assert!(!r.diagnostics.iter().any(|d| d.code == "package/no-manifest"));
        let r = validate(path, true);
        assert_eq!(standard(&r), Some("cmi5"));
        assert!(has(&r, "package/manifest-name", Severity::Info), "{:#?}", r.diagnostics);
    }
}

/// `imsmanifest.xml` holding a cmi5 course structure is checked as cmi5.
#[test]
fn content_wins_over_a_conventional_name() {
    let dir = tempfile::tempdir().unwrap();
    let zipped = zip(dir.path(), &[("imsmanifest.xml", CMI5), ("index.html", "<!doctype html><title>x</title>")]);
    let r = validate(&zipped, false);
    assert_eq!(standard(&r), Some("cmi5"), "{:#?}", r.diagnostics);
    assert!(has(&r, "cmi5/id-not-iri", Severity::Error));
    assert!(has(&r, "package/manifest-name", Severity::Error));
    // A correctly named SCORM package gets no name finding.
    let ok = zip(dir.path(), &[("imsmanifest.xml", SCORM12), ("index.html", "<!doctype html><title>x</title>")]);
    let r = validate(&ok, false);
    assert_eq!(standard(&r), Some("scorm12"));
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
}
