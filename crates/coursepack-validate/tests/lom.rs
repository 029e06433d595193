//! LOM metadata: inline `<lom>` in SCORM 1.2 and 2004 manifests, and
//! metadata files named by `adlcp:location`, are validated against the LOM
//! schemas with errors located in the file that holds them; the verdict on
//! metadata files agrees with xmllint.

mod common;

use coursepack_diagnostics::Severity;
use coursepack_validate::{Options, PackageReport, Standard, validate_path};
use std::path::Path;

const MANIFEST_12: &str = r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion>INLINE</metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html"><metadata>LOCATION</metadata><file href="index.html"/></resource></resources>
</manifest>
"#;

const MANIFEST_2004: &str = r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion>INLINE</metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>T</title>
      <imsss:sequencing><imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/></imsss:sequencing></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="index.html"><metadata>LOCATION</metadata><file href="index.html"/></resource></resources>
</manifest>
"#;

const MD: &str = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1";
const LOM: &str = "http://ltsc.ieee.org/xsd/LOM";

/// An unpacked package with the given inline LOM, `adlcp:location` and
/// extra files, validated with `--strict`: LOM findings are errors there
/// (by default they are warnings, as LMSs do not read LOM).
fn package(dir: &Path, manifest: &str, inline: &str, location: &str, files: &[(&str, &str)]) -> PackageReport {
    package_with(dir, manifest, inline, location, files, &Options { strict: true, ..Options::default() })
}

fn package_with(
    dir: &Path,
    manifest: &str,
    inline: &str,
    location: &str,
    files: &[(&str, &str)],
    options: &Options,
) -> PackageReport {
    let loc = if location.is_empty() { String::new() } else { format!("<adlcp:location>{location}</adlcp:location>") };
    std::fs::write(dir.join("imsmanifest.xml"), manifest.replace("INLINE", inline).replace("LOCATION", &loc))
        .expect("write");
    std::fs::write(dir.join("index.html"), "<!doctype html><title>x</title>").expect("write");
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    validate_path(dir, options).expect("validate")
}

fn find<'a>(r: &'a PackageReport, code: &str) -> &'a coursepack_diagnostics::Diagnostic {
    r.diagnostics.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("expected {code}: {:#?}", r.diagnostics))
}

fn at(d: &coursepack_diagnostics::Diagnostic) -> (String, usize, usize) {
    let l = d.location.as_ref().expect("located");
    (l.file.clone(), l.line, l.column)
}

#[test]
fn valid_inline_lom_passes_in_both_versions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inline = format!(
        r#"<lom xmlns="{MD}"><general>note<title><langstring xml:lang="en">T</langstring></title><description><langstring>D</langstring></description></general></lom>"#
    );
    let r = package(dir.path(), MANIFEST_12, &inline, "", &[]);
    assert!(!r.has_errors() && r.count(Severity::Warning) == 0, "{:#?}", r.diagnostics);

    let dir = tempfile::tempdir().expect("tempdir");
    let inline = format!(
        r#"<lom xmlns="{LOM}"><general><title><string language="en">T</string></title><structure><source>LOMv1.0</source><value>atomic</value></structure></general></lom>"#
    );
    let r = package(dir.path(), MANIFEST_2004, &inline, "", &[]);
    assert!(!r.has_errors() && r.count(Severity::Warning) == 0, "{:#?}", r.diagnostics);
}

#[test]
fn inline_lom_errors_are_located_in_the_manifest() {
    // SCORM 1.2: text in an element-only LOM element, and a size that is not an xs:int.
    let dir = tempfile::tempdir().expect("tempdir");
    let inline = format!(
        r#"<lom xmlns="{MD}"><general><title>oops<langstring>T</langstring></title></general><technical><size>big</size></technical></lom>"#
    );
    let r = package(dir.path(), MANIFEST_12, &inline, "", &[]);
    let d = find(&r, "schema/unexpected-text");
    assert_eq!(at(d), ("imsmanifest.xml".into(), 3, 141), "{d:?}");
    let d = find(&r, "schema/invalid-value");
    assert!(d.message.contains("`big`") && d.message.contains("xs:int"), "{d:?}");

    // SCORM 2004: a second title (LOM uniqueness), a value outside the vocabulary.
    let dir = tempfile::tempdir().expect("tempdir");
    let inline = format!(
        r#"<lom xmlns="{LOM}"><general><title><string>A</string></title><title><string>B</string></title><structure><source>LOMv1.0</source><value>tree</value></structure></general></lom>"#
    );
    let r = package(dir.path(), MANIFEST_2004, &inline, "", &[]);
    let d = find(&r, "schema/duplicate-element");
    assert_eq!(at(d), ("imsmanifest.xml".into(), 3, 170), "{d:?}");
    assert!(d.message.contains("3:137"), "names the first title: {d:?}");
    let d = find(&r, "schema/invalid-value");
    assert!(d.message.contains("`tree`") && d.message.contains("hierarchical"), "{d:?}");
}

#[test]
fn metadata_files_are_validated_and_located_in_their_own_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let meta = format!(
        "<?xml version=\"1.0\"?>\n<lom xmlns=\"{LOM}\">\n  <general><aggregationLevel><value>5</value></aggregationLevel></general>\n</lom>\n"
    );
    let r = package(dir.path(), MANIFEST_2004, "", "meta/resource.xml", &[("meta/resource.xml", &meta)]);
    let d = find(&r, "schema/invalid-value");
    assert_eq!(at(d), ("meta/resource.xml".into(), 3, 30), "{d:?}");
    assert!(r.sources.iter().any(|s| s.path() == "meta/resource.xml"), "the metadata file is kept for snippets");
    // A referenced metadata file is not excess baggage.
    assert!(!r.diagnostics.iter().any(|d| d.code == "cts/excess-baggage"), "{:#?}", r.diagnostics);

    // The wrong root element.
    let dir = tempfile::tempdir().expect("tempdir");
    let r = package(dir.path(), MANIFEST_12, "", "meta.xml", &[("meta.xml", "<record xmlns=\"urn:x\"/>")]);
    assert_eq!(at(find(&r, "schema/unexpected-root")), ("meta.xml".into(), 1, 1));

    // Not well-formed.
    let dir = tempfile::tempdir().expect("tempdir");
    let r = package(dir.path(), MANIFEST_12, "", "meta.xml", &[("meta.xml", "<lom>\n<general>\n</lom>")]);
    assert_eq!(at(find(&r, "xml/not-well-formed")).0, "meta.xml");

    // Missing.
    let dir = tempfile::tempdir().expect("tempdir");
    let r = package(dir.path(), MANIFEST_12, "", "nowhere.xml", &[]);
    assert_eq!(at(find(&r, "content/missing-metadata-file")).0, "imsmanifest.xml");

    // Valid.
    let dir = tempfile::tempdir().expect("tempdir");
    let meta = format!("<lom xmlns=\"{MD}\"><general><title><langstring>T</langstring></title></general></lom>");
    let r = package(dir.path(), MANIFEST_12, "", "meta.xml", &[("meta.xml", &meta)]);
    assert!(!r.has_errors() && r.count(Severity::Warning) == 0, "{:#?}", r.diagnostics);
}

/// xmllint validates a metadata file with the same wrapper schema (its root
/// `lom` is a global element there): our verdict must match.
#[test]
fn metadata_file_verdicts_agree_with_xmllint() {
    common::require_xmllint();
    let cases: Vec<(Standard, String)> = vec![
        (
            Standard::Scorm12,
            format!("<lom xmlns=\"{MD}\"><general><title><langstring>T</langstring></title></general></lom>"),
        ),
        (Standard::Scorm12, format!("<lom xmlns=\"{MD}\"><technical><size> 1</size></technical></lom>")),
        (Standard::Scorm12, format!("<lom xmlns=\"{MD}\"><lifecycle/><general/></lom>")),
        (
            Standard::Scorm12,
            format!(
                "<lom xmlns=\"{MD}\"><general><keyword><langstring>k</langstring></keyword><title><langstring>t</langstring></title></general></lom>"
            ),
        ),
        (
            Standard::Scorm2004(coursepack_validate::Edition::Fourth),
            format!("<lom xmlns=\"{LOM}\"><lifeCycle/><general/></lom>"),
        ),
        (
            Standard::Scorm2004(coursepack_validate::Edition::Fourth),
            format!("<lom xmlns=\"{LOM}\"><general/><general/></lom>"),
        ),
        (
            Standard::Scorm2004(coursepack_validate::Edition::Fourth),
            format!(
                "<lom xmlns=\"{LOM}\"><technical><duration><duration>PT1.5S</duration></duration></technical></lom>"
            ),
        ),
        (
            Standard::Scorm2004(coursepack_validate::Edition::Fourth),
            format!(
                "<lom xmlns=\"{LOM}\"><lifeCycle><contribute><date><dateTime>2024-02-30T10:00:00Z</dateTime></date></contribute></lifeCycle></lom>"
            ),
        ),
        (
            Standard::Scorm2004(coursepack_validate::Edition::Fourth),
            format!("<lom xmlns=\"{LOM}\"><general uniqueElementName=\"lom\"/></lom>"),
        ),
    ];
    let mut disagreements = Vec::new();
    let mut invalid = 0;
    for (i, (standard, meta)) in cases.iter().enumerate() {
        let dir = tempfile::tempdir().expect("tempdir");
        let manifest = if *standard == Standard::Scorm12 { MANIFEST_12 } else { MANIFEST_2004 };
        let r = package(dir.path(), manifest, "", "meta.xml", &[("meta.xml", meta)]);
        let ours = !r
            .diagnostics
            .iter()
            .any(|d| d.location.as_ref().is_some_and(|l| l.file == "meta.xml") && d.severity == Severity::Error);
        let theirs = common::xmllint_batch(&common::wrapper_xsd(*standard), &[dir.path().join("meta.xml")])[0];
        invalid += usize::from(!theirs);
        if ours != theirs {
            disagreements.push(format!("case {i}: ours valid={ours}, xmllint valid={theirs}: {meta}"));
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
    assert!((3..cases.len() - 2).contains(&invalid), "the cases mix valid and invalid files ({invalid} invalid)");
}

/// Issue 13: LMSs never read LOM metadata, so a vendor extension the LOM XSD
/// rejects (in a metadata file or inline) and a missing metadata file are
/// warnings by default and errors with `--strict`.
#[test]
fn lom_findings_are_warnings_unless_strict() {
    let extension =
        format!("<lom xmlns=\"{LOM}\" xmlns:v=\"urn:vendor\"><general><v:rating>5</v:rating></general></lom>");
    let default = Options::default();
    let strict = Options { strict: true, ..Options::default() };
    let severities = |r: &PackageReport, file: &str| -> Vec<(String, Severity)> {
        r.diagnostics
            .iter()
            .filter(|d| d.location.as_ref().is_some_and(|l| l.file == file))
            .filter(|d| d.code.starts_with("schema/") || d.code == "content/missing-metadata-file")
            .map(|d| (d.code.clone(), d.severity))
            .collect()
    };
    // In a metadata file.
    let dir = tempfile::tempdir().expect("tempdir");
    let files = [("meta.xml", extension.as_str())];
    let r = package_with(dir.path(), MANIFEST_2004, "", "meta.xml", &files, &default);
    let found = severities(&r, "meta.xml");
    assert!(!found.is_empty() && found.iter().all(|(_, s)| *s == Severity::Warning), "{found:?}");
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
    let r = package_with(dir.path(), MANIFEST_2004, "", "meta.xml", &files, &strict);
    assert!(severities(&r, "meta.xml").iter().all(|(_, s)| *s == Severity::Error));
    assert!(r.has_errors());
    // Inline, in the manifest: only the LOM's findings are tolerated.
    let dir = tempfile::tempdir().expect("tempdir");
    let r = package_with(dir.path(), MANIFEST_2004, &extension, "", &[], &default);
    let found = severities(&r, "imsmanifest.xml");
    assert!(!found.is_empty() && found.iter().all(|(_, s)| *s == Severity::Warning), "{found:?}");
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
    let r = package_with(dir.path(), MANIFEST_2004, &extension, "", &[], &strict);
    assert!(r.has_errors());
    let broken = MANIFEST_2004.replace("<resources>", "<bogus/><resources>");
    assert_ne!(broken, MANIFEST_2004);
    let r = package_with(dir.path(), &broken, &extension, "", &[], &default);
    let bogus = r.diagnostics.iter().find(|d| d.message.contains("bogus")).expect("the manifest's own error");
    assert_eq!(bogus.severity, Severity::Error, "outside the LOM, schema errors stay errors");
    // Missing.
    let dir = tempfile::tempdir().expect("tempdir");
    let r = package_with(dir.path(), MANIFEST_12, "", "nowhere.xml", &[], &default);
    assert_eq!(severities(&r, "imsmanifest.xml"), [("content/missing-metadata-file".to_string(), Severity::Warning)]);
    let r = package_with(dir.path(), MANIFEST_12, "", "nowhere.xml", &[], &strict);
    let d = find(&r, "content/missing-metadata-file");
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.ends_with("(error under --strict)"), "{}", d.message);
}

/// Found by the xmllint differential on a clone without `../shared` (its
/// mutant set differs): an element the schemas do not declare, reached
/// through a lax wildcard, still has its attributes that have a global
/// declaration checked, as libxml2 does. Before, `<lom:rights>` in place of
/// `<lom>` hid a non-boolean `adlcp:sharedDataGlobalToSystem` inside it.
#[test]
fn undeclared_elements_still_have_their_declared_attributes_checked() {
    let adlcp = "http://www.adlnet.org/xsd/adlcp_v1p3";
    let inline = |value: &str| {
        format!(
            r#"<rights xmlns="{LOM}" xmlns:adlcp="{adlcp}"><source adlcp:sharedDataGlobalToSystem="{value}">LOMv1.0</source></rights>"#
        )
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let r = package(dir.path(), MANIFEST_2004, &inline("zzz"), "", &[]);
    let d = find(&r, "schema/invalid-value");
    assert!(d.message.contains("sharedDataGlobalToSystem") && d.message.contains("`zzz`"), "{d:?}");
    assert_eq!(at(d).0, "imsmanifest.xml");

    // The same attribute with a boolean value is fine in an undeclared element.
    let dir = tempfile::tempdir().expect("tempdir");
    let r = package(dir.path(), MANIFEST_2004, &inline("true"), "", &[]);
    assert!(!r.diagnostics.iter().any(|d| d.code == "schema/invalid-value"), "{:#?}", r.diagnostics);
}
