//! Errors versus warnings (docs/validator.md, "Errors and warnings: the
//! rule"): what the ADL suite or the cmi5 spec rejects but the main LMSs
//! import and run is a warning, and an error with `--strict`; what stops an
//! import, a launch or tracking is an error.

mod common;

use coursepack_diagnostics::Severity;
use coursepack_validate::{Options, PackageReport, validate_path};

fn manifest(version: &str, orgs: &str, resources: &str) -> String {
    let (ns, adlcp) = if version == "1.2" {
        ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "http://www.adlnet.org/xsd/adlcp_rootv1p2")
    } else {
        ("http://www.imsglobal.org/xsd/imscp_v1p1", "http://www.adlnet.org/xsd/adlcp_v1p3")
    };
    format!(
        r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="{ns}" xmlns:adlcp="{adlcp}">
  <metadata><schema>ADL SCORM</schema><schemaversion>{version}</schemaversion></metadata>
  {orgs}
  <resources>{resources}</resources>
</manifest>
"#
    )
}

const SCO_12: &str = r#"<resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource>"#;
const SCO_2004: &str = r#"<resource identifier="r" type="webcontent" adlcp:scormType="sco" href="index.html"><file href="index.html"/></resource>"#;

fn check(text: &str, strict: bool) -> PackageReport {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("imsmanifest.xml"), text).unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>x</title>").unwrap();
    let r = validate_path(dir.path(), &Options { strict, ..Options::default() }).unwrap();
    common::assert_complete(&r.diagnostics, "strictness");
    r
}

fn severity(r: &PackageReport, code: &str) -> Option<Severity> {
    r.diagnostics.iter().find(|d| d.code == code).map(|d| d.severity)
}

/// A code's severity by default and with `--strict`.
fn both(text: &str, code: &str) -> (Option<Severity>, Option<Severity>) {
    (severity(&check(text, false), code), severity(&check(text, true), code))
}

const W: Option<Severity> = Some(Severity::Warning);
const E: Option<Severity> = Some(Severity::Error);

#[test]
fn an_unresolved_default_organization_is_an_error_only_when_nothing_launches() {
    for (version, sco) in [("1.2", SCO_12), ("2004 4th Edition", SCO_2004)] {
        let orgs = r#"<organizations default="missing"><organization identifier="o"><title>T</title><item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>"#;
        assert_eq!(both(&manifest(version, orgs, sco), "cts/default-org-unresolved"), (W, E), "{version}");
        let strict = check(&manifest(version, orgs, sco), true);
        let d = strict.diagnostics.iter().find(|d| d.code == "cts/default-org-unresolved").unwrap();
        assert!(d.message.ends_with("(error under --strict)"), "{}", d.message);
        // The only item launches nothing: the LMS has nothing to start.
        let dead = orgs.replace(" identifierref=\"r\"", "");
        assert_eq!(severity(&check(&manifest(version, &dead, sco), false), "cts/default-org-unresolved"), E);
        assert_eq!(severity(&check(&manifest(version, &dead, sco), false), "cts/leaf-without-resource"), E);
    }
}

#[test]
fn empty_organizations_are_tolerated_when_a_resource_has_an_href() {
    for (version, sco) in [("1.2", SCO_12), ("2004 4th Edition", SCO_2004)] {
        let text = manifest(version, "<organizations/>", sco);
        assert_eq!(both(&text, "cts/no-organization"), (W, E), "{version}");
        let no_href = sco.replace(" href=\"index.html\"", "");
        assert_eq!(severity(&check(&manifest(version, "<organizations/>", &no_href), false), "cts/no-organization"), E);
    }
}

#[test]
fn conformance_findings_lms_run_with_are_warnings() {
    let orgs = r#"<organizations default="o"><organization identifier="o"><title>T</title><item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>"#;
    let wrong_schema = manifest("2004 4th Edition", orgs, SCO_2004).replace("ADL SCORM", "SCORM");
    assert_eq!(both(&wrong_schema, "cts/metadata-schema"), (W, E));
    let no_title = manifest("2004 4th Edition", &orgs.replace("<title>T</title><item", "<item"), SCO_2004);
    assert_eq!(both(&no_title, "cts/title"), (W, E));
    let persist = manifest(
        "2004 4th Edition",
        orgs,
        &SCO_2004.replace("scormType=\"sco\"", "scormType=\"sco\" adlcp:persistState=\"true\""),
    );
    assert_eq!(both(&persist, "cts/persist-state").0, W);
    let unlisted = manifest(
        "2004 4th Edition",
        orgs,
        &SCO_2004.replace("<file href=\"index.html\"/>", "<file href=\"other.html\"/>"),
    );
    assert_eq!(both(&unlisted, "cts/href-not-listed"), (W, E));
    // What makes Moodle run a 2004 package with the 1.2 API stays an error.
    let no_version = manifest("2004 5th Edition", orgs, SCO_2004);
    assert_eq!(both(&no_version, "cts/metadata-schemaversion"), (E, E));
    // What the ADL suite itself only warns about stays a warning.
    let unused = SCO_2004.to_string()
        + r#"<resource identifier="u" type="webcontent" adlcp:scormType="asset" href="index.html"><file href="index.html"/></resource>"#;
    assert_eq!(both(&manifest("2004 4th Edition", orgs, &unused), "cts/unused-resource"), (W, W));
}
