//! Golden-output tests for the three report formats, on an unpacked package
//! with one problem of each kind (schema, CTS, content, a load from another
//! origin, LMS trap).
//! Regenerate with `UPDATE_GOLDEN=1 cargo test -p coursepack-validate --test golden`.

use coursepack_diagnostics::ColorChoice;
use coursepack_validate::{LmsProfile, Options, PackageReport, render_human, render_json, render_junit, validate_path};
use std::path::Path;

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="golden" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Golden</title>
      <item identifier="item1" identifierref="res1" isvisible="yes">
        <title>Lesson</title>
        <adlcp:masteryscore>150</adlcp:masteryscore>
      </item>
      <item identifier="item2" identifierref="missing"><title>Two</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="Index.html">
      <file href="Index.html"/>
      <file href="js/app.js"/>
    </resource>
  </resources>
</manifest>
"#;

fn package(dir: &Path) {
    std::fs::write(dir.join("imsmanifest.xml"), MANIFEST).expect("write");
    std::fs::write(dir.join("index.html"), "<html>\n<script src=\"https://cdn.example.com/lib.js\"></script>\n</html>")
        .expect("write");
    std::fs::write(dir.join("notes.txt"), "x").expect("write");
}

fn reports(lms: Vec<LmsProfile>) -> (Vec<PackageReport>, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let pkg = dir.path().join("golden-package");
    std::fs::create_dir(&pkg).expect("mkdir");
    package(&pkg);
    let r = validate_path(&pkg, &Options { lms, ..Options::default() }).expect("validate");
    (vec![r], pkg.display().to_string())
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var("UPDATE_GOLDEN").is_ok() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_GOLDEN=1", path.display()));
    assert_eq!(actual, expected, "{name} differs from the golden file (UPDATE_GOLDEN=1 to accept)");
}

#[test]
fn human_output() {
    let (r, prefix) = reports(vec![]);
    golden("human.txt", &render_human(&r, ColorChoice::Never).replace(&prefix, "PKG"));
}

#[test]
fn json_output() {
    let (r, prefix) = reports(vec![]);
    let json = render_json(&r).replace(&prefix, "PKG");
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["packages"][0]["standard"], "scorm12");
    golden("report.json", &json);
}

#[test]
fn junit_output() {
    let (r, prefix) = reports(vec![LmsProfile::Moodle]);
    let xml = render_junit(&r).replace(&prefix, "PKG");
    assert!(xml.contains("(error under --lms moodle)"), "{xml}");
    golden("junit.xml", &xml);
}
