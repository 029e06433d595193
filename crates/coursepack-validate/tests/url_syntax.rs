//! URL and IRI syntax (RFC 3986/3987, issue 13): every URL and IRI field is
//! checked, with a located finding that names the offending character.

mod common;

use coursepack_diagnostics::Severity;
use coursepack_validate::{Options, PackageReport, validate_path};
use std::path::Path;

fn validate(dir: &Path, name: &str, text: &str, strict: bool) -> PackageReport {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let r = validate_path(&path, &Options { strict, ..Options::default() }).unwrap();
    common::assert_complete(&r.diagnostics, "url syntax");
    r
}

/// (severity, line, column, message) of each finding with `code`.
fn found(r: &PackageReport, code: &str) -> Vec<(Severity, usize, usize, String)> {
    r.diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let l = d.location.as_ref().unwrap();
            (d.severity, l.line, l.column, d.message.clone())
        })
        .collect()
}

fn cmi5(course_id: &str, url: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="{course_id}"><title><langstring lang="en">C</langstring></title><description><langstring lang="en">D</langstring></description></course>
  <au id="https://example.com/au/1" moveOn="Completed"><title><langstring lang="en">A</langstring></title><description><langstring lang="en">D</langstring></description>
    <url>{url}</url></au>
</courseStructure>"#
    )
}

#[test]
fn a_cmi5_au_url_with_a_space_is_an_error_at_the_space() {
    let dir = tempfile::tempdir().unwrap();
    let r = validate(dir.path(), "course.xml", &cmi5("https://example.com/c", "http://example.com index.html"), false);
    let f = found(&r, "cmi5/url-syntax");
    assert_eq!(f.len(), 1, "{:#?}", r.diagnostics);
    let (severity, line, column, message) = &f[0];
    assert_eq!((*severity, *line, *column), (Severity::Error, 5, 28));
    assert!(message.contains("the space at character 19"), "{message}");
    // A relative URL with a space: browsers mend it, a warning (an error with --strict).
    let manifest_only = |strict| {
        let path = dir.path().join("cmi5.xml");
        std::fs::write(&path, cmi5("https://example.com/c", "my page.html")).unwrap();
        validate_path(&path, &Options { manifest_only: true, strict, ..Options::default() }).unwrap()
    };
    assert_eq!(found(&manifest_only(false), "cmi5/url-syntax")[0].0, Severity::Warning);
    assert_eq!(found(&manifest_only(true), "cmi5/url-syntax")[0].0, Severity::Error);
}

#[test]
fn ids_that_break_the_iri_syntax() {
    let dir = tempfile::tempdir().unwrap();
    let r = validate(
        dir.path(),
        "course.xml",
        &cmi5("https://example.com/my course", "https://example.com/au.html"),
        false,
    );
    let f = found(&r, "cmi5/id-not-iri");
    assert_eq!(f.len(), 1, "{:#?}", r.diagnostics);
    assert!(f[0].3.contains("the space at character 23"), "{}", f[0].3);
    assert_eq!((f[0].1, f[0].2), (3, 37), "located at the space");
    let tincan = r#"<?xml version="1.0"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
<activity id="https://example.com/a|b" type="http://adlnet.gov/expapi/activities/course"><name>C</name><description lang="en">D</description><launch lang="und">index page.html</launch></activity>
</activities></tincan>"#;
    let r = validate(dir.path(), "tincan.xml", tincan, false);
    let f = found(&r, "tincan/id-not-iri");
    assert!(f.len() == 1 && f[0].0 == Severity::Error && f[0].3.contains("`|` at character 22"), "{f:#?}");
    let f = found(&r, "tincan/url-syntax");
    assert!(f.len() == 1 && f[0].0 == Severity::Warning && f[0].3.contains("the space at character 6"), "{f:#?}");
}

#[test]
fn scorm_hrefs_and_xml_base_are_uri_references() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="100%.html" xml:base="sco 1/">
    <file href="100%.html"/><file href="a|b.html"/><file href="caf%C3%A9 ok.html"/><file href="café.html"/></resource></resources>
</manifest>"#;
    let r = validate(dir.path(), "imsmanifest.xml", text, false);
    let f = found(&r, "cts/href-syntax");
    let summary: Vec<(Severity, usize, usize)> = f.iter().map(|(s, l, c, _)| (*s, *l, *c)).collect();
    assert_eq!(
        summary,
        [
            (Severity::Error, 6, 88),
            (Severity::Warning, 6, 109),
            (Severity::Error, 7, 20),
            (Severity::Warning, 7, 42),
            (Severity::Warning, 7, 73),
        ],
        "{f:#?}"
    );
    assert!(f[0].3.contains("the `%` at character 4"), "{}", f[0].3);
    assert!(f[3].3.contains("`|` at character 2"), "{}", f[3].3);
    // café.html is a valid IRI reference: nothing.
    assert!(!f.iter().any(|x| x.3.contains("café.html")));
}
